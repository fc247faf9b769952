//! The cell formats of the bureau workbooks: yellow where staff write, grey where the plan's
//! own text is locked.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

use crate::excel::{base_format, cell_format};

const INPUT_FILL: u32 = 0xFFF2CC; // light yellow: "write here"
const MASTER_FILL: u32 = 0xF2F2F2; // light grey: the plan's own text, locked
const UNUSED_FILL: u32 = 0xBFBFBF; // darker grey: nothing to write for this unit
const HEADER_FILL: u32 = 0xDDEBF7;

pub(super) struct Styles {
    pub(super) title: Format,
    pub(super) subtitle: Format,
    pub(super) note: Format,
    pub(super) header: Format,
    pub(super) master: Format,
    pub(super) master_center: Format,
    pub(super) master_effect: Format,
    pub(super) unused: Format,
    pub(super) input_text: Format,
    pub(super) input_grade: Format,
    pub(super) input_effect: Format,
    pub(super) input_number: Format,
    pub(super) guide_heading: Format,
    pub(super) guide_text: Format,
    pub(super) guide_number: Format,
    pub(super) guide_cell: Format,
    pub(super) guide_cell_center: Format,
    pub(super) guide_table_header: Format,
}

impl Styles {
    pub(super) fn new() -> Styles {
        let base = base_format();
        let cell = cell_format();
        let master = cell.clone().set_background_color(Color::RGB(MASTER_FILL));
        let input = cell
            .clone()
            .set_background_color(Color::RGB(INPUT_FILL))
            .set_unlocked();
        Styles {
            title: base.clone().set_bold().set_font_size(14),
            subtitle: base.clone().set_font_size(11),
            note: base
                .clone()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_font_color(Color::RGB(0xC00000)),
            header: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(HEADER_FILL)),
            master_center: master.clone().set_align(FormatAlign::Center),
            master_effect: master.clone().set_num_format("#,##0"),
            master,
            unused: cell.clone().set_background_color(Color::RGB(UNUSED_FILL)),
            input_grade: input
                .clone()
                .set_align(FormatAlign::Center)
                .set_font_size(12),
            input_effect: input.clone().set_num_format("#,##0"),
            input_number: input.clone().set_num_format("General"),
            input_text: input,
            guide_heading: base
                .clone()
                .set_bold()
                .set_font_size(11)
                .set_border_bottom(FormatBorder::Thin),
            guide_text: base.clone().set_text_wrap().set_align(FormatAlign::Top),
            guide_number: base.clone().set_align(FormatAlign::Top),
            guide_cell_center: cell
                .clone()
                .set_align(FormatAlign::Center)
                .set_font_size(11),
            guide_table_header: cell
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(HEADER_FILL)),
            guide_cell: cell,
        }
    }
}
