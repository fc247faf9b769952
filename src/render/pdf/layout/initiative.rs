//! An initiative's box (主な取組み) as the plan prints it: the title across the top, the
//! rows below it, and beside them all a column headed by 所/管/局 set one character per
//! line, with the bureaus next to it.
//!
//! In the structure tree the title is a heading before the box's `Table`, and the column is
//! the table's first row: 所管局 its row header, the bureaus its data. A screen reader so
//! says "所管局 財政局" once per box, however many pages the box spans; the column and the
//! title printed again on a continuing page are artifacts.

use super::body::Builder;
use super::flow::{Block, Cell, Row, Side, Slice};
use crate::plan::UnitText;
use crate::render::pdf::ir::{Color, HeaderScope, NodeId, Role};
use crate::report::UnitReport;
use crate::wording::labels::fill;

/// Padding inside the column's cells: less than a box's, the column is narrow.
const PAD_X: f32 = 4.0;

/// The bureau names' column holds at least this many characters, and at most this many
/// before a name wraps (まちづくり政策局 in parentheses is ten).
const NAMES_MIN_EM: f32 = 5.0;
const NAMES_MAX_EM: f32 = 10.0;

impl Builder<'_, '_> {
    /// The box of one initiative, its title as the block's header.
    pub(super) fn initiative_box(
        &mut self,
        unit: &UnitReport,
        text: &UnitText,
        level: u8,
    ) -> Block {
        let (label_w, names_w) = self.bureau_column_widths();
        self.beside = label_w + names_w;
        let (title, again) = self.initiative_title(unit, level);
        let table = self.element(Role::Table);
        let side = self.bureau_column(unit, table, label_w, names_w);
        let rows = self.unit_rows(unit, text, table);
        self.beside = 0.0;
        Block {
            header: Some(title),
            header_again: Some(again),
            side: Some(side),
            ..Block::of_rows(rows)
        }
    }

    /// The title row (with the 完了 mark when done), and the row printed instead on the
    /// pages the box continues on: the title with （続き）.
    fn initiative_title(&mut self, unit: &UnitReport, level: u8) -> (Row, Row) {
        let heading = self.heading_node(level);
        let s = self.style;
        let w = self.box_width();
        let pad = s.cell_pad_x;
        let stamp = self.completed(unit).then(|| {
            let mark = self.element(Role::P);
            (self.stamp(), mark)
        });
        let stamp_w = stamp.as_ref().map_or(0.0, |((_, w), _)| w + 2.0 * pad);
        let title_w = w - stamp_w;
        let font = s.initiative_title;
        let mut cells = vec![Cell::new(
            0.0,
            title_w,
            self.kit.para(&unit.title, title_w - 2.0 * pad, font),
        )
        .tagged(heading)];
        if let Some(((slice, _), mark)) = stamp {
            cells.push(Cell::new(title_w, stamp_w, vec![slice]).tagged(mark));
        }
        let continued = fill(&self.labels.continued, &[("label", &unit.title)]);
        // Untagged cells are artifacts: the tree has the title where it first appears.
        let again = vec![Cell::new(
            0.0,
            w,
            self.kit.para(&continued, w - 2.0 * pad, font),
        )];
        let row = |cells: Vec<Cell>| Row {
            cells: cells.into_iter().map(|c| c.filled(TITLE_FILL)).collect(),
            pad_x: pad,
            pad_y: 4.0,
            border: Some(s.rule),
            keep: true,
            keep_with_next: true,
            link: None,
        };
        (row(cells), row(again))
    }

    /// 所/管/局 and the bureaus, one per line, as the first row of `table`.
    fn bureau_column(
        &mut self,
        unit: &UnitReport,
        table: NodeId,
        label_w: f32,
        names_w: f32,
    ) -> Side {
        let tr = self.tree.child(table, Role::TR);
        let th = self.tree.child(tr, Role::TH(HeaderScope::Row));
        let td = self.tree.child(tr, Role::TD);
        let s = self.style;
        let x = self.box_width();
        let font = s.label;
        let inner = label_w - 2.0 * PAD_X;
        let label = self.labels.box_bureaus_label.clone();
        let label = self.kit.clean(&label, font.style).into_owned();
        let stacked: Vec<Slice> = label
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| {
                let glyph = c.to_string();
                let left = ((inner - self.kit.width(&glyph, font)) / 2.0).max(0.0);
                Slice::text_line(glyph, left, font)
            })
            .collect();
        let names_font = s.band_small;
        let mut names = Vec::new();
        for b in &unit.bureaus {
            let name = fill(&self.labels.initiative_bureaus, &[("bureaus", b.as_str())]);
            names.extend(self.kit.para(&name, names_w - 2.0 * PAD_X, names_font));
        }
        if names.is_empty() {
            names = self
                .kit
                .para(&self.labels.no_value.clone(), names_w, names_font);
        }
        Side {
            cells: vec![
                Cell::new(x, label_w, stacked)
                    .filled(s.label_fill)
                    .tagged(th),
                Cell::new(x + label_w, names_w, names).tagged(td),
            ],
            pad_x: PAD_X,
            pad_y: s.cell_pad_y,
            border: Some(s.rule),
        }
    }

    /// The widths of the column's label and of its names: the names' fits the longest bureau
    /// of any initiative in the report, within limits, so every box's text column is alike.
    fn bureau_column_widths(&mut self) -> (f32, f32) {
        let font = self.style.band_small;
        let label_w = self.style.label.size + 2.0 * PAD_X;
        if let Some(w) = self.bureau_column {
            return (label_w, w);
        }
        let template = self.labels.initiative_bureaus.clone();
        let widest = self
            .report
            .items
            .iter()
            .flat_map(|i| i.units.iter().filter(|u| u.initiative.is_some()))
            .flat_map(|u| u.bureaus.iter())
            .map(|b| {
                self.kit
                    .width(&fill(&template, &[("bureaus", b.as_str())]), font)
            })
            .fold(0.0, f32::max);
        let w = widest.clamp(NAMES_MIN_EM * font.size, NAMES_MAX_EM * font.size) + 2.0 * PAD_X;
        self.bureau_column = Some(w);
        (label_w, w)
    }
}

const TITLE_FILL: Color = Color::rgb(246, 246, 246);
