//! The indicator table inside a unit's box (指標 / 目標 / 実績 / 達成率), laid out one slice
//! per line so that it splits across pages like text, with its own header cells in the tree.

use super::body::Builder;
use super::flow::Slice;
use super::style::Font;
use crate::plan::format;
use crate::render::pdf::ir::{Color, HeaderScope, NodeId, Op, Role, SetLine, Stroke, Tag};
use crate::report::UnitReport;
use crate::wording::labels::fill;

impl Builder<'_, '_> {
    /// 指標 / 目標 / 実績 / 達成率, one slice per line so the table splits like text, and how
    /// many of the slices are its head row (printed again where the table continues). In
    /// the tree a table of its own inside `cell`, with column headers.
    pub(super) fn indicators(&mut self, unit: &UnitReport, cell: NodeId) -> (Vec<Slice>, usize) {
        let table = self.tree.child(cell, Role::Table);
        let s = self.style;
        let tw = self.text_width();
        let font = s.table;
        let rule = s.rule;
        let fractions = [0.40, 0.24, 0.18, 0.18];
        let mut xs = vec![0.0];
        for f in fractions {
            let last = *xs.last().unwrap_or(&0.0);
            xs.push(last + tw * f);
        }
        let l = self.labels;
        let header = [
            l.indicator_name.clone(),
            l.indicator_target.clone(),
            l.indicator_actual.clone(),
            l.indicator_achievement.clone(),
        ];
        let head_row = self.table_row_nodes(table, header.len(), Role::TH(HeaderScope::Column));
        let mut out = self.table_lines(
            &xs,
            &header,
            &head_row,
            font.bold(),
            Some(s.label_fill),
            rule,
        );
        // The column heads never end a page alone.
        if let Some(last) = out.last_mut() {
            last.keep_next = 1;
        }
        let head = out.len();
        for ind in &unit.indicators {
            let value = |v: Option<f64>| match v {
                Some(v) if v.is_finite() => fill(
                    &l.indicator_value,
                    &[
                        ("value", &format::fixed(v, ind.decimals)),
                        ("unit", &ind.unit),
                    ],
                ),
                _ => l.no_value.clone(),
            };
            let target = match (&ind.target_period, ind.target) {
                (Some(p), Some(_)) => fill(
                    &l.indicator_target_period,
                    &[("value", &value(ind.target)), ("period", p)],
                ),
                _ => value(ind.target),
            };
            let achievement = match ind.achievement {
                Some(a) if a.is_finite() => {
                    fill(&l.percent, &[("value", &format::percent_number(a))])
                }
                _ => l.no_value.clone(),
            };
            let cells = [ind.name.clone(), target, value(ind.actual), achievement];
            let nodes = self.table_row_nodes(table, cells.len(), Role::TD);
            out.extend(self.table_lines(&xs, &cells, &nodes, font, None, rule));
        }
        (out, head)
    }

    /// A `TR` of `table` with `n` cells of `role`.
    pub(super) fn table_row_nodes(&mut self, table: NodeId, n: usize, role: Role) -> Vec<NodeId> {
        let tr = self.tree.child(table, Role::TR);
        (0..n).map(|_| self.tree.child(tr, role)).collect()
    }

    /// A row of a small ruled table as slices, one per line, each drawing its own piece of
    /// the rules so a split (only ever of a row taller than a page) leaves a clean edge.
    /// `nodes` are the cells' elements.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn table_lines(
        &mut self,
        xs: &[f32],
        cells: &[String],
        nodes: &[NodeId],
        font: Font,
        fill_color: Option<Color>,
        rule: Stroke,
    ) -> Vec<Slice> {
        let pad = 3.0;
        // A name that takes several lines is justified like any paragraph; heads and
        // figures are one line each, aligned.
        let columns: Vec<Vec<SetLine>> = cells
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let w = xs[i + 1] - xs[i] - 2.0 * pad;
                self.kit
                    .set_lines(t, w, w, font, fill_color.is_none() && i == 0)
            })
            .collect();
        let n = columns.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let right = *xs.last().unwrap_or(&0.0);
        let mut out = Vec::with_capacity(n);
        for line in 0..n {
            let top = if line == 0 { 2.0 } else { 0.0 };
            let bottom = if line + 1 == n { 2.0 } else { 0.0 };
            let h = font.leading + top + bottom;
            let mut ops = Vec::new();
            if let Some(c) = fill_color {
                ops.push(Op::Rect {
                    x: 0.0,
                    y: 0.0,
                    w: right,
                    h,
                    fill: Some(c),
                    stroke: None,
                });
            }
            for &x in xs {
                ops.push(Op::Line {
                    x1: x,
                    y1: 0.0,
                    x2: x,
                    y2: h,
                    stroke: rule,
                });
            }
            for y in [(line == 0).then_some(0.0), (line + 1 == n).then_some(h)]
                .into_iter()
                .flatten()
            {
                ops.push(Op::Line {
                    x1: 0.0,
                    y1: y,
                    x2: right,
                    y2: y,
                    stroke: rule,
                });
            }
            for (i, col) in columns.iter().enumerate() {
                if let Some(set) = col.get(line).filter(|t| !t.text.is_empty()) {
                    // Heads centred; then names left, figures right.
                    let room = xs[i + 1]
                        - xs[i]
                        - 2.0 * pad
                        - super::text::set_width(self.kit.ts, set, font);
                    let align = match (fill_color.is_some(), i) {
                        (true, _) => 0.5,
                        (false, 0) => 0.0,
                        (false, _) => 1.0,
                    };
                    let x = xs[i] + pad + room.max(0.0) * align;
                    if let Some(node) = nodes.get(i) {
                        ops.push(Op::Tag(Tag::Node(*node)));
                    }
                    ops.push(super::text::line_op(
                        set.clone(),
                        x,
                        top + font.baseline(),
                        font,
                    ));
                }
            }
            out.push(Slice {
                h,
                ops,
                // A row of the table stays on one page: its lines are read across.
                keep_next: u8::from(line + 1 < n),
                ..Slice::default()
            });
        }
        out
    }
}
