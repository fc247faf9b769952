//! Front matter: the cover, the summary (grade counts, chart, 効果額, submission status) and
//! the 実施項目一覧 with the page of every item.
//!
//! In the structure tree the tables have column headers (`TH`, and row headers for the
//! grade table's areas), the chart is a `Figure` whose alternate text gives its numbers, and
//! the 一覧 is a `TOC` whose items are `Link`s tied to their link annotations.

use super::body::{item_bureaus, pillar_number, section_number, Builder, OutlineEntry};
use super::flow::{Block, Cell, LinkTarget, Placed, Row, Slice};
use super::style::Font;
use super::text::{text_op, Inline};
use crate::plan::format;
use crate::render::pdf::ir::{Color, HeaderScope, NodeId, Op, Page, Role, Tag};
use crate::report::summary::{Summary, Tally};
use crate::report::History;
use crate::wording::labels::fill;

/// A table column: left edge and width within the body, and text alignment (0 left, 1 right).
#[derive(Clone, Copy)]
struct Col {
    x: f32,
    w: f32,
    align: f32,
}

/// Columns of the given widths side by side; one width of 0 takes what is left.
fn columns(total: f32, widths: &[(f32, f32)]) -> Vec<Col> {
    let fixed: f32 = widths.iter().map(|(w, _)| w).sum();
    let mut x = 0.0;
    widths
        .iter()
        .map(|&(w, align)| {
            let w = if w == 0.0 {
                (total - fixed).max(0.0)
            } else {
                w
            };
            let c = Col { x, w, align };
            x += w;
            c
        })
        .collect()
}

const CELL_PAD: f32 = 4.0;

/// Indices of the front matter's own bookmarks.
pub(crate) const SUMMARY_ANCHOR: usize = 0;
pub(crate) const LIST_ANCHOR: usize = 1;

impl Builder<'_, '_> {
    /// The cover: plan name, `{year}　実施状況報告`, organisation and date, centred.
    pub fn cover(&mut self, bureau: Option<&str>) -> Page {
        let s = self.style;
        let frame = s.frame();
        let meta = &self.report.meta;
        let mut ops = Vec::new();
        let mut y = frame.y + frame.h * 0.28;
        let title = self.heading_node(1);
        let (subtitle_p, date_p, organisation_p) = (
            self.element(Role::P),
            self.element(Role::P),
            self.element(Role::P),
        );
        let mut centred =
            |kit: &mut super::text::Kit, text: &str, font: Font, y: &mut f32, node: NodeId| {
                ops.push(Op::Tag(Tag::Node(node)));
                for line in kit.lines(text, frame.w, frame.w, font) {
                    let x = frame.x + ((frame.w - kit.width(&line, font)) / 2.0).max(0.0);
                    ops.push(text_op(line, x, *y + font.baseline(), font));
                    *y += font.leading;
                }
            };
        centred(self.kit, &meta.plan_name, s.cover_title, &mut y, title);
        y += 14.0;
        let year = meta.year.wareki();
        let mut subtitle = fill(&self.labels.cover_subtitle, &[("year", &year)]);
        if let Some(b) = bureau {
            subtitle.push_str(&fill(&self.labels.bureau_suffix, &[("bureau", b)]));
        }
        centred(self.kit, &subtitle, s.cover_subtitle, &mut y, subtitle_p);
        let mut y = frame.y + frame.h * 0.70;
        centred(self.kit, &meta.date.wareki(), s.cover_line, &mut y, date_p);
        y += 8.0;
        centred(
            self.kit,
            &meta.organisation,
            s.cover_line,
            &mut y,
            organisation_p,
        );
        Page { ops }
    }

    /// A row of `table`: `head` makes its cells column headers; otherwise the first cell is
    /// a row header when `row_head`, and the rest data.
    #[allow(clippy::too_many_arguments)]
    fn table_row(
        &mut self,
        table: NodeId,
        cols: &[Col],
        texts: &[String],
        font: Font,
        fill: Option<Color>,
        head: bool,
        row_head: bool,
    ) -> Row {
        let tr = self.tree.child(table, Role::TR);
        let cells = cols
            .iter()
            .zip(texts)
            .enumerate()
            .map(|(i, (c, t))| {
                let role = match (head, row_head && i == 0) {
                    (true, _) => Role::TH(HeaderScope::Column),
                    (false, true) => Role::TH(HeaderScope::Row),
                    (false, false) => Role::TD,
                };
                let node = self.tree.child(tr, role);
                Cell {
                    fill,
                    ..Cell::new(
                        c.x,
                        c.w,
                        self.kit
                            .para_aligned(t, c.w - 2.0 * CELL_PAD, font, c.align),
                    )
                }
                .tagged(node)
            })
            .collect();
        Row {
            cells,
            pad_x: CELL_PAD,
            pad_y: 2.5,
            border: Some(self.style.rule),
            keep: true,
            ..Row::default()
        }
    }

    fn paragraph(&mut self, text: &str, font: Font, space_before: f32) -> Block {
        let w = self.style.body_area().w;
        let lines = self.kit.para(text, w, font);
        let p = self.element(Role::P);
        Block {
            space_before,
            ..Block::of_rows(vec![Row::plain(w, lines).tagged(p)])
        }
    }

    fn subheading(&mut self, text: &str) -> Block {
        Block {
            space_before: 16.0,
            ..self.heading(text, 2, self.style.summary_subheading, None)
        }
    }

    /// The plan period so far: the city's sentence, 効果額 against the estimate, each year's
    /// figures, and the units behind for two years running.
    fn history(&mut self, h: &History) -> Vec<Block> {
        let (s, l) = (self.style, self.labels);
        let mut blocks = vec![self.subheading(&l.history_heading)];
        if let Some(sentence) = l.history_sentence(h) {
            blocks.push(self.paragraph(&sentence, s.body.bold(), 4.0));
        }
        if let Some(effect) = l.history_effect(h) {
            blocks.push(self.paragraph(&effect, s.body, 4.0));
        }
        for line in l.history_year_lines(h) {
            blocks.push(self.paragraph(&line, s.body, 2.0));
        }
        blocks.push(self.history_share_chart(h));
        if let Some(chart) = self.history_effect_chart(h) {
            blocks.push(chart);
        }
        blocks.push(self.subheading(&l.history_behind_heading));
        let behind: Vec<String> = h
            .behind
            .iter()
            .filter_map(|id| {
                let (item, unit) = self.report.units().find(|(_, u)| &u.id == id)?;
                let number = fill(&l.item_number, &[("id", &item.item.id.to_string())]);
                Some(match unit.initiative {
                    Some(_) => format!("{number} {}　{}", item.item.title, unit.title),
                    None => format!("{number} {}", item.item.title),
                })
            })
            .collect();
        if behind.is_empty() {
            blocks.push(self.paragraph(&l.history_behind_none, s.body, 4.0));
        }
        for line in behind {
            blocks.push(self.paragraph(&line, s.body, 2.0));
        }
        blocks
    }

    /// A chart of years, one bar each: its heading, then per year the year, the bar (its
    /// segments as (value, colour), drawn to `scale`; a missing year has none) and the value
    /// in words. A Figure whose /Alt is the same words.
    fn year_bars(
        &mut self,
        heading: &str,
        years: Vec<YearBar>,
        scale: f64,
        marker: Option<(f64, String)>,
    ) -> Block {
        let (s, l) = (self.style, self.labels);
        let w = s.body_area().w;
        let figure = self.element(Role::Figure);
        let rows_alt: String = years
            .iter()
            .map(|b| fill(&l.chart_row, &[("caption", &b.year), ("values", &b.value)]))
            .collect();
        let mut alt = fill(&l.chart_title, &[("heading", heading), ("rows", &rows_alt)]);
        if let Some((_, m)) = &marker {
            alt.push_str(m);
        }
        self.tree.set_alt(figure, alt);
        let font = s.small;
        let caption_w = years
            .iter()
            .map(|b| self.kit.width(&b.year, font))
            .fold(0.0, f32::max)
            + 6.0;
        let value_w = years
            .iter()
            .map(|b| self.kit.width(&b.value, font))
            .fold(0.0, f32::max)
            + 6.0;
        let bar_w = (w - caption_w - value_w).max(w * 0.3);
        let bar_h = s.bar_height * 0.7;
        let baseline = 1.0 + (bar_h - font.size) / 2.0 + font.size * 0.88;
        let mut rows = vec![Row {
            keep: true,
            ..Row::plain(w, self.kit.para(heading, w, font.bold())).tagged(figure)
        }];
        for YearBar {
            year,
            segments,
            value,
        } in years
        {
            let mut ops = vec![text_op(year, 0.0, baseline, font)];
            let mut x = caption_w;
            for (v, color) in segments {
                let seg = if scale > 0.0 {
                    (bar_w as f64 * (v / scale)) as f32
                } else {
                    0.0
                };
                if seg > 0.0 {
                    ops.push(Op::Rect {
                        x,
                        y: 1.0,
                        w: seg,
                        h: bar_h,
                        fill: Some(color),
                        stroke: None,
                    });
                    x += seg;
                }
            }
            ops.push(text_op(value, x + 4.0, baseline, font));
            if let Some((at, _)) = &marker {
                let mx = caption_w + (bar_w as f64 * (at / scale)) as f32;
                ops.push(Op::Rect {
                    x: mx - 0.5,
                    y: 0.0,
                    w: 1.0,
                    h: bar_h + 2.0,
                    fill: Some(Color::BLACK),
                    stroke: None,
                });
            }
            let slice = Slice {
                h: bar_h + 4.0,
                ops,
                graphics: true,
                ..Slice::default()
            };
            rows.push(Row {
                keep: true,
                ..Row::plain(w, vec![slice]).tagged(figure)
            });
        }
        if let Some((_, m)) = marker {
            rows.push(Row {
                keep: true,
                ..Row::plain(w, self.kit.para(&m, w, font)).tagged(figure)
            });
        }
        Block {
            space_before: 8.0,
            ..Block::of_rows(rows)
        }
    }

    /// The share of items on target, year by year.
    fn history_share_chart(&mut self, h: &History) -> Block {
        let (s, l) = (self.style, self.labels);
        let years = h
            .figures
            .iter()
            .map(|f| {
                let bar = match f.on_target_share {
                    Some(share) if !h.missing_years.contains(&f.year) => vec![(share, s.accent)],
                    _ => Vec::new(),
                };
                YearBar {
                    year: f.year.wareki(),
                    segments: bar,
                    value: l.history_share_text(h, f),
                }
            })
            .collect();
        self.year_bars(&l.history_share_chart_heading, years, 1.0, None)
    }

    /// 効果額 year by year, on top of the years before it, against the plan's estimate.
    fn history_effect_chart(&mut self, h: &History) -> Option<Block> {
        let (s, l) = (self.style, self.labels);
        let estimate = h.estimate_thousand_yen.filter(|e| *e > 0.0);
        let max = h
            .figures
            .iter()
            .map(|f| f.cumulative_thousand_yen)
            .fold(estimate.unwrap_or(0.0), f64::max);
        if max <= 0.0 {
            return None;
        }
        let years = h
            .figures
            .iter()
            .map(|f| {
                let bar = if h.missing_years.contains(&f.year) {
                    Vec::new()
                } else {
                    vec![
                        (
                            f.cumulative_thousand_yen - f.effect_thousand_yen,
                            s.ungraded_fill,
                        ),
                        (f.effect_thousand_yen, s.accent),
                    ]
                };
                YearBar {
                    year: f.year.wareki(),
                    segments: bar,
                    value: l.history_effect_text(h, f),
                }
            })
            .collect();
        let marker = estimate.map(|e| {
            (
                e,
                fill(
                    &l.history_estimate_marker,
                    &[("estimate", &format::yen_thousands(e))],
                ),
            )
        });
        Some(self.year_bars(&l.history_effect_chart_heading, years, max, marker))
    }

    pub fn summary(&mut self, summary: &Summary) -> Vec<Block> {
        let s = self.style;
        let l = self.labels;
        let w = s.body_area().w;
        self.kit.set_owner(None, "");
        let mut blocks = vec![Block {
            break_before: true,
            anchor: Some(SUMMARY_ANCHOR),
            ..self.heading(
                &l.summary_heading,
                1,
                s.summary_heading,
                Some(s.heading_rule),
            )
        }];
        let sentence = fill(
            &l.on_target_sentence,
            &[
                ("total", &summary.total.items.to_string()),
                ("on_target", &summary.total.on_target.to_string()),
                ("share", &format::one_decimal(summary.on_target_percent)),
            ],
        );
        blocks.push(self.paragraph(&sentence, s.body.bold(), 6.0));
        if let Some(c) = &self.report.comparison {
            let text = l.comparison(c, summary.on_target_percent);
            blocks.push(self.paragraph(&text, s.body, 4.0));
        }
        if self.report.meta.incomplete {
            blocks.push(self.paragraph(&l.incomplete_note, s.small, 4.0));
        }
        if let Some(h) = &self.report.history {
            blocks.extend(self.history(h));
        }

        // Grade counts: pillar and section rows × the scale's grades.
        blocks.push(self.subheading(&l.grade_table_heading));
        let ungraded = summary.total.ungraded > 0;
        let n = self.report.scale.len() + usize::from(ungraded) + 1;
        let num_w = ((w - 170.0) / n as f32)
            .clamp(22.0, 52.0)
            .min(w * 0.6 / n as f32);
        let mut widths = vec![(0.0, 0.0)];
        widths.extend(std::iter::repeat_n((num_w, 1.0), n));
        let cols = columns(w, &widths);
        let mut head: Vec<String> = vec![l.grade_table_area.clone()];
        head.extend(self.report.scale.iter().map(|g| g.symbol.clone()));
        if ungraded {
            head.push(l.ungraded.clone());
        }
        head.push(l.count_total.clone());
        // Placed in the tree when its block is, after the heading above it.
        let table = self.tree.node(Role::Table);
        let mut header = self.table_row(
            table,
            &cols,
            &head,
            s.table.bold(),
            Some(s.label_fill),
            true,
            false,
        );
        for c in header.cells.iter_mut().skip(1) {
            // Centre the grade symbols over their columns.
            for slice in &mut c.slices {
                for op in &mut slice.ops {
                    if let Op::Text {
                        x,
                        text,
                        size,
                        style,
                        ..
                    } = op
                    {
                        let tw = self.kit.ts.width(text, *style, *size);
                        *x = ((c.w - 2.0 * CELL_PAD - tw) / 2.0).max(0.0);
                    }
                }
            }
        }
        let counts = |t: &Tally| -> Vec<String> {
            let mut v: Vec<String> = t.by_grade.iter().map(|c| c.to_string()).collect();
            if ungraded {
                v.push(t.ungraded.to_string());
            }
            v.push(t.items.to_string());
            v
        };
        let mut rows = Vec::new();
        for p in &summary.pillars {
            if p.tally.items == 0 {
                continue;
            }
            let mut texts = vec![fill(
                &l.heading,
                &[("number", &pillar_number(p.number)), ("title", &p.title)],
            )];
            texts.extend(counts(&p.tally));
            rows.push(self.table_row(
                table,
                &cols,
                &texts,
                s.table.bold(),
                Some(Color::rgb(246, 246, 246)),
                false,
                true,
            ));
            for sec in &p.sections {
                if sec.tally.items == 0 {
                    continue;
                }
                let name = fill(
                    &l.heading,
                    &[
                        ("number", &section_number(sec.number)),
                        ("title", &sec.title),
                    ],
                );
                let mut texts = vec![String::new()];
                texts.extend(counts(&sec.tally));
                let mut row = self.table_row(table, &cols, &texts, s.table, None, false, true);
                // Sections indented one em under their pillar.
                let indent = s.table.size;
                let mut lines = self
                    .kit
                    .para(&name, cols[0].w - 2.0 * CELL_PAD - indent, s.table);
                shift_x(&mut lines, indent);
                row.cells[0].slices = lines;
                rows.push(row);
            }
        }
        let mut texts = vec![l.grade_table_total.clone()];
        texts.extend(counts(&summary.total));
        rows.push(self.table_row(
            table,
            &cols,
            &texts,
            s.table.bold(),
            Some(s.label_fill),
            false,
            true,
        ));
        self.tree.attach(self.parent, table);
        blocks.push(Block {
            space_before: 4.0,
            header: Some(header),
            ..Block::of_rows(rows)
        });
        for r in summary.reasons.iter().filter(|r| r.units > 0) {
            let text = fill(
                &l.reason_count,
                &[
                    ("tag", &r.tag),
                    ("label", &r.label),
                    ("count", &r.units.to_string()),
                ],
            );
            blocks.push(self.paragraph(&text, s.small, 4.0));
        }

        blocks.push(self.subheading(&l.chart_heading));
        blocks.push(self.chart(summary));

        blocks.push(self.subheading(&l.effect_heading));
        let total = fill(
            &l.thousand_yen,
            &[(
                "amount",
                &format::thousands(summary.effect.total_thousand_yen),
            )],
        );
        if summary.effect.units == 0 {
            blocks.push(self.paragraph(&l.no_effects, s.body, 4.0));
        } else {
            let text = fill(
                &l.effect_total,
                &[
                    ("amount", &total),
                    ("units", &summary.effect.units.to_string()),
                ],
            );
            blocks.push(self.paragraph(&text, s.body, 4.0));
        }
        if !summary.effect.top.is_empty() {
            blocks.push(self.subheading(&l.top_effects_heading));
            let cols = columns(w, &[(46.0, 0.0), (0.0, 0.0), (120.0, 0.0), (84.0, 1.0)]);
            let head = [
                l.top_effects_number.clone(),
                l.top_effects_unit.clone(),
                l.top_effects_bureaus.clone(),
                l.top_effects_amount.clone(),
            ];
            let table = self.tree.node(Role::Table);
            let header = self.table_row(
                table,
                &cols,
                &head,
                s.table.bold(),
                Some(s.label_fill),
                true,
                false,
            );
            let mut rows = Vec::new();
            for c in &summary.effect.top {
                let title = match &c.initiative {
                    Some(i) => fill(&l.unit_title, &[("item", &c.item_title), ("initiative", i)]),
                    None => c.item_title.clone(),
                };
                let bureaus: Vec<&str> = c.bureaus.iter().map(|b| b.as_str()).collect();
                let texts = [
                    fill(&l.item_number, &[("id", &c.item.to_string())]),
                    title,
                    String::new(),
                    format::thousands(c.thousand_yen),
                ];
                let mut row = self.table_row(table, &cols, &texts, s.table, None, false, false);
                // Whole bureau names per line where they fit.
                row.cells[2].slices = self.kit.names(
                    &bureaus,
                    &l.bureau_separator,
                    cols[2].w - 2.0 * CELL_PAD,
                    s.table,
                );
                rows.push(row);
            }
            self.tree.attach(self.parent, table);
            blocks.push(Block {
                space_before: 4.0,
                header: Some(header),
                ..Block::of_rows(rows)
            });
        }

        blocks.push(self.subheading(&l.submission_heading));
        let cols = columns(
            w,
            &[
                (110.0, 0.0),
                (0.0, 0.0),
                (44.0, 1.0),
                (44.0, 1.0),
                (70.0, 0.0),
            ],
        );
        let head = [
            l.submission_bureau.clone(),
            l.submission_file.clone(),
            l.submission_expected.clone(),
            l.submission_answered.clone(),
            l.submission_state.clone(),
        ];
        let table = self.tree.node(Role::Table);
        let header = self.table_row(
            table,
            &cols,
            &head,
            s.table.bold(),
            Some(s.label_fill),
            true,
            false,
        );
        let mut rows = Vec::new();
        for b in &self.report.bureaus {
            let state = if b.file.is_none() {
                &l.not_submitted
            } else if b.answered < b.expected {
                &l.partly_answered
            } else {
                &l.submitted
            };
            let texts = [
                b.bureau.to_string(),
                b.file.clone().unwrap_or_else(|| l.no_value.clone()),
                b.expected.to_string(),
                b.answered.to_string(),
                state.clone(),
            ];
            rows.push(self.table_row(table, &cols, &texts, s.table, None, false, true));
        }
        if !rows.is_empty() {
            self.tree.attach(self.parent, table);
            blocks.push(Block {
                space_before: 4.0,
                header: Some(header),
                ..Block::of_rows(rows)
            });
        }
        blocks
    }

    /// A horizontal stacked bar per pillar, one colour per grade, and the legend.
    fn chart(&mut self, summary: &Summary) -> Block {
        let s = self.style;
        let l = self.labels;
        let w = s.body_area().w;
        let scale = &self.report.scale;
        let figure = self.element(Role::Figure);
        self.tree.set_alt(figure, self.chart_alt(summary));
        let mut rows = Vec::new();
        for p in summary.pillars.iter().filter(|p| p.tally.items > 0) {
            let caption = fill(
                &l.chart_caption,
                &[
                    ("number", &pillar_number(p.number)),
                    ("title", &p.title),
                    ("items", &p.tally.items.to_string()),
                ],
            );
            let mut slices = self.kit.para(&caption, w, s.small);
            let bar_h = s.bar_height;
            let mut ops = Vec::new();
            let mut x = 0.0;
            let total = p.tally.items as f32;
            let segments = p
                .tally
                .by_grade
                .iter()
                .enumerate()
                .map(|(i, &c)| (c, s.grade_color(scale, i)))
                .chain(std::iter::once((p.tally.ungraded, s.ungraded_fill)));
            for (count, color) in segments {
                if count == 0 {
                    continue;
                }
                let seg = w * count as f32 / total;
                ops.push(Op::Rect {
                    x,
                    y: 1.0,
                    w: seg,
                    h: bar_h,
                    fill: Some(color),
                    stroke: None,
                });
                let label = count.to_string();
                let font = s.small.bold().with_color(contrast(color));
                let tw = self.kit.width(&label, font);
                if tw + 4.0 <= seg {
                    let baseline = 1.0 + (bar_h - font.size) / 2.0 + font.size * 0.88;
                    ops.push(text_op(label, x + (seg - tw) / 2.0, baseline, font));
                }
                x += seg;
            }
            slices.push(Slice {
                h: bar_h + 6.0,
                ops,
                ..Slice::default()
            });
            for slice in &mut slices {
                slice.graphics = true;
            }
            rows.push(Row {
                keep: true,
                ..Row::plain(w, slices).tagged(figure)
            });
        }
        let mut legend = Vec::new();
        for (i, g) in scale.iter().enumerate() {
            legend.push(Inline::Swatch(s.grade_color(scale, i), 9.0));
            legend.push(Inline::Space(3.0));
            let entry = fill(
                &l.legend_entry,
                &[("symbol", &g.symbol), ("label", &g.label)],
            );
            legend.push(Inline::Text(entry, s.small));
            legend.push(Inline::Space(14.0));
        }
        if summary.total.ungraded > 0 {
            legend.push(Inline::Swatch(s.ungraded_fill, 9.0));
            legend.push(Inline::Space(3.0));
            legend.push(Inline::Text(l.ungraded.clone(), s.small));
        }
        let mut legend = self.kit.inline(legend, w);
        for slice in &mut legend {
            slice.graphics = true;
        }
        rows.push(Row {
            keep: true,
            pad_y: 2.0,
            ..Row::plain(w, legend).tagged(figure)
        });
        Block {
            space_before: 4.0,
            ..Block::of_rows(rows)
        }
    }

    /// What the chart shows, in words: the grades' counts over all items, then per pillar.
    fn chart_alt(&self, summary: &Summary) -> String {
        let l = self.labels;
        let scale = &self.report.scale;
        let grades = |t: &Tally| -> String {
            let mut parts: Vec<String> = scale
                .iter()
                .zip(&t.by_grade)
                .map(|(g, n)| format!("{}{n}", g.symbol))
                .collect();
            if t.ungraded > 0 {
                parts.push(format!("{}{}", l.ungraded, t.ungraded));
            }
            parts.join(&l.list_separator)
        };
        let pillars: String = summary
            .pillars
            .iter()
            .filter(|p| p.tally.items > 0)
            .map(|p| {
                fill(
                    &l.chart_alt_pillar,
                    &[
                        ("number", &pillar_number(p.number)),
                        ("title", &p.title),
                        ("items", &p.tally.items.to_string()),
                        ("grades", &grades(&p.tally)),
                    ],
                )
            })
            .collect();
        fill(
            &l.chart_alt,
            &[
                ("items", &summary.total.items.to_string()),
                ("grades", &grades(&summary.total)),
                ("pillars", &pillars),
            ],
        )
    }

    /// 実施項目一覧: the plan's headings and every item with the page it starts on.
    /// `page_of` gives an item's absolute page index and y from its outline entry.
    pub fn list(
        &mut self,
        outline: &[OutlineEntry],
        page_of: &dyn Fn(usize) -> Option<Placed>,
    ) -> Vec<Block> {
        let s = self.style;
        let l = self.labels;
        let w = s.body_area().w;
        self.kit.set_owner(None, "");
        let mut blocks = vec![Block {
            break_before: true,
            anchor: Some(LIST_ANCHOR),
            ..self.heading(&l.list_heading, 1, s.summary_heading, Some(s.heading_rule))
        }];
        let toc = self.element(Role::TOC);
        let page_w = 40.0;
        let column = self.kit.para_aligned(&l.list_page_column, w, s.small, 1.0);
        blocks.push(Block::of_rows(vec![Row {
            keep: true,
            ..Row::plain(w, column)
        }]));
        let bureaus_w = 120.0;
        let number_w = 44.0;
        let indent = 12.0;
        let leader_font = s.small.with_color(Color::rgb(120, 120, 120));
        let mut rows: Vec<Row> = Vec::new();
        let flush = |rows: &mut Vec<Row>, blocks: &mut Vec<Block>| {
            if !rows.is_empty() {
                blocks.push(Block::of_rows(std::mem::take(rows)));
            }
        };
        for (i, entry) in outline.iter().enumerate() {
            let Some(item) = entry.item.and_then(|ix| self.report.items.get(ix)) else {
                flush(&mut rows, &mut blocks);
                let (font, x, space) = match entry.level {
                    0 => (s.group, 0.0, 12.0),
                    1 => (s.body.bold(), 0.0, 6.0),
                    2 => (s.body, indent / 2.0, 3.0),
                    _ => (s.body, indent, 2.0),
                };
                let mut lines = self.kit.para(&entry.title, w - x, font);
                shift_x(&mut lines, x);
                let entry_node = self.tree.child(toc, Role::TOCI);
                let p = self.tree.child(entry_node, Role::P);
                blocks.push(Block {
                    space_before: space,
                    keep_with_next: true,
                    ..Block::of_rows(vec![Row {
                        keep: true,
                        ..Row::plain(w, lines).tagged(p)
                    }])
                });
                continue;
            };
            let item = &item.item;
            let title_x = indent + number_w;
            let title_w = w - title_x - bureaus_w - page_w;
            let font = s.body;
            let number = fill(&l.item_number, &[("id", &item.id.to_string())]);
            let mut number_lines = self.kit.para(&number, number_w, font);
            shift_x(&mut number_lines, indent);
            let mut title = self.kit.para(&item.title, title_w - 4.0, font);
            if let Some(last) = title.last_mut() {
                let used = last
                    .ops
                    .iter()
                    .map(|op| super::text::op_width(self.kit.ts, op))
                    .sum::<f32>();
                let dot_w = self.kit.width(&l.list_leader, leader_font);
                let room = title_w - used - 8.0;
                if dot_w > 0.0 && room >= 2.0 * dot_w {
                    let n = (room / dot_w).floor() as usize;
                    let dots = l.list_leader.repeat(n);
                    let x = title_w - n as f32 * dot_w;
                    last.ops.push(Op::Tag(Tag::Artifact));
                    last.ops
                        .push(text_op(dots, x, font.baseline(), leader_font));
                }
            }
            let names = item_bureaus(item);
            let bureaus = self
                .kit
                .names(&names, &l.bureau_separator, bureaus_w - 4.0, s.small);
            let placed = page_of(i);
            let page_text = placed.map_or_else(|| l.no_value.clone(), |p| (p.page + 1).to_string());
            let page = self.kit.para_aligned(&page_text, page_w, font, 1.0);
            let entry_node = self.tree.child(toc, Role::TOCI);
            let link = self.tree.child(entry_node, Role::Link);
            rows.push(
                Row {
                    cells: vec![
                        Cell::new(0.0, title_x, number_lines),
                        Cell::new(title_x, title_w, title),
                        Cell::new(title_x + title_w + 4.0, bureaus_w - 4.0, bureaus),
                        Cell::new(w - page_w, page_w, page),
                    ],
                    pad_y: 1.5,
                    keep: true,
                    link: placed.map(|p| LinkTarget {
                        page: p.page,
                        y: p.y,
                        tag: Tag::Node(link),
                    }),
                    ..Row::default()
                }
                .tagged(link),
            );
        }
        flush(&mut rows, &mut blocks);
        blocks
    }
}

/// One year's bar in a chart of years: its segments as (value, colour), none for a year
/// with no report, and the value in words.
struct YearBar {
    year: String,
    segments: Vec<(f64, Color)>,
    value: String,
}

fn shift_x(lines: &mut [Slice], dx: f32) {
    for s in lines {
        for op in &mut s.ops {
            if let Op::Text { x, .. } = op {
                *x += dx;
            }
        }
    }
}

/// Black or white, whichever reads better on `c`.
fn contrast(c: Color) -> Color {
    let luma = 0.299 * c.r as f32 + 0.587 * c.g as f32 + 0.114 * c.b as f32;
    if luma > 150.0 {
        Color::BLACK
    } else {
        Color::WHITE
    }
}
