//! The cell formats of report.xlsx, built once per workbook.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

use crate::excel::{base_format, cell_format, BORDER_COLOR};

pub(super) const HEADER_FILL: u32 = 0xDDEBF7;
pub(super) const BAND_FILL: u32 = 0xD9E1F2;
pub(super) const INITIATIVE_FILL: u32 = 0xEDF1F9;
pub(super) const LABEL_FILL: u32 = 0xF2F2F2;
pub(super) const PILLAR_FILL: u32 = 0xF2F2F2;
pub(super) const BEHIND_FILL: u32 = 0xFFC7CE;
pub(super) const BEHIND_FONT: u32 = 0x9C0006;
pub(super) const ALERT_FONT: u32 = 0xC00000;
pub(super) const MUTED_FONT: u32 = 0x7F7F7F;

/// One colour per grade in the chart, best first; repeated when a scale has more grades.
pub(super) const GRADE_COLORS: [u32; 8] = [
    0x2E75B6, 0x70AD47, 0xFFC000, 0xC00000, 0x7F7F7F, 0x7030A0, 0x00B0F0, 0x833C0B,
];

pub(super) struct Styles {
    pub(super) title: Format,
    pub(super) subtitle: Format,
    pub(super) heading: Format,
    pub(super) text: Format,
    pub(super) note: Format,
    pub(super) header: Format,
    pub(super) header_small: Format,
    pub(super) cell: Format,
    pub(super) cell_center: Format,
    pub(super) count: Format,
    pub(super) count_bold: Format,
    pub(super) share: Format,
    pub(super) share_bold: Format,
    pub(super) yen: Format,
    pub(super) yen_bold: Format,
    pub(super) number_int: Format,
    pub(super) number_frac: Format,
    pub(super) rate: Format,
    pub(super) flag: Format,
    pub(super) alert_count: Format,
    pub(super) pillar_row: Format,
    pub(super) section_row: Format,
    pub(super) total_row: Format,
    pub(super) plan_pillar: Format,
    pub(super) plan_section: Format,
    pub(super) plan_subsection: Format,
    pub(super) band_item: Format,
    pub(super) band_initiative: Format,
    pub(super) plain_wrap: Format,
    pub(super) label: Format,
    pub(super) body: Format,
    pub(super) body_yen: Format,
    pub(super) behind: Format,
    /// An amount in thousand yen that says so: 1,234千円.
    pub(super) yen_unit: Format,
    /// A year with nothing to grade (対象外, 報告なし): greyed, so the grades stand out.
    pub(super) muted: Format,
}

impl Styles {
    pub(super) fn new() -> Styles {
        let base = base_format();
        let cell = cell_format();
        let number = base
            .clone()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin)
            .set_border_color(Color::RGB(BORDER_COLOR));
        let header = cell
            .clone()
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_background_color(Color::RGB(HEADER_FILL));
        let total = cell.clone().set_bold().set_border_top(FormatBorder::Double);
        let band = cell
            .clone()
            .set_bold()
            .set_align(FormatAlign::VerticalCenter);
        Styles {
            title: base.clone().set_bold().set_font_size(14),
            subtitle: base.clone().set_font_size(11),
            heading: base
                .clone()
                .set_bold()
                .set_font_size(12)
                .set_border_bottom(FormatBorder::Thin),
            text: base.clone().set_text_wrap().set_align(FormatAlign::Top),
            note: base
                .clone()
                .set_font_size(9)
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_font_color(Color::RGB(0x595959)),
            header_small: cell
                .clone()
                .set_font_size(8)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(HEADER_FILL)),
            header,
            cell_center: cell.clone().set_align(FormatAlign::Center),
            count: number.clone().set_num_format("#,##0"),
            count_bold: number
                .clone()
                .set_num_format("#,##0")
                .set_bold()
                .set_border_top(FormatBorder::Double),
            share: number.clone().set_num_format("0.0%"),
            share_bold: number
                .clone()
                .set_num_format("0.0%")
                .set_bold()
                .set_border_top(FormatBorder::Double),
            yen: number.clone().set_num_format("#,##0"),
            yen_bold: number
                .clone()
                .set_num_format("#,##0")
                .set_bold()
                .set_border_top(FormatBorder::Double),
            number_int: number.clone().set_num_format("#,##0"),
            number_frac: number.clone().set_num_format("#,##0.0##"),
            rate: number.clone().set_num_format("0.0%"),
            flag: cell.clone().set_font_color(Color::RGB(ALERT_FONT)),
            alert_count: number
                .clone()
                .set_num_format("#,##0")
                .set_bold()
                .set_font_color(Color::RGB(ALERT_FONT)),
            pillar_row: cell
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(PILLAR_FILL)),
            section_row: cell.clone().set_indent(1),
            total_row: total,
            plan_pillar: base
                .clone()
                .set_bold()
                .set_font_size(14)
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
            plan_section: base
                .clone()
                .set_bold()
                .set_font_size(12)
                .set_text_wrap()
                .set_align(FormatAlign::Bottom),
            plan_subsection: base
                .clone()
                .set_bold()
                .set_font_size(11)
                .set_text_wrap()
                .set_align(FormatAlign::Bottom),
            band_item: band
                .clone()
                .set_font_size(11)
                .set_background_color(Color::RGB(BAND_FILL)),
            band_initiative: band.set_background_color(Color::RGB(INITIATIVE_FILL)),
            plain_wrap: base.clone().set_text_wrap().set_align(FormatAlign::Top),
            label: cell
                .clone()
                .set_background_color(Color::RGB(LABEL_FILL))
                .set_align(FormatAlign::Center),
            body: cell.clone(),
            body_yen: number
                .clone()
                .set_num_format("#,##0\"千円\"")
                .set_align(FormatAlign::Left),
            behind: Format::new()
                .set_background_color(Color::RGB(BEHIND_FILL))
                .set_font_color(Color::RGB(BEHIND_FONT)),
            yen_unit: number.clone().set_num_format("#,##0\"千円\""),
            muted: cell
                .clone()
                .set_align(FormatAlign::Center)
                .set_font_color(Color::RGB(MUTED_FONT)),
            cell,
        }
    }
}
