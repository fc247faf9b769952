//! The summary's charts, drawn here as inline SVG: no script, font or image is fetched. Each
//! chart is one `<svg role="img">` whose `<title>` states every number it shows; the page
//! prints the same numbers as a table right after it.
//!
//! The SVG is as wide as the page (`width="100%"`, bar geometry in percent) and its height is
//! fixed in pixels, so the text keeps its size on a phone instead of shrinking with a
//! viewBox. Captions are wrapped here, at a width that fits a 320 px screen.

use std::fmt::Write;

/// A caption line's width in em: 20 full-width characters at 14 px fit a 320 px screen.
const CAPTION_EM: f64 = 20.0;
/// The narrowest chart drawn (a 320 px screen less the page's margins), for deciding which
/// counts fit inside their segment.
const MIN_WIDTH_PX: f64 = 300.0;
const CAPTION_SIZE: u32 = 14;
const LINE: u32 = 20;
const BAR: u32 = 28;
const ROW_GAP: u32 = 14;

/// Fill colours for the grades of the scale, best first (cycled for longer scales), and for
/// units without a grade. Each has at least 4.5:1 contrast with the white numbers printed on
/// it and 3:1 with the white gaps between segments.
const GRADE_COLOURS: [&str; 5] = ["#1b4f8a", "#2f6f3e", "#8a5000", "#a4262c", "#5b4b8a"];
pub const UNGRADED_COLOUR: &str = "#5f6368";
const EFFECT_COLOUR: &str = "#1b4f8a";

pub fn grade_colour(index: usize) -> &'static str {
    GRADE_COLOURS[index % GRADE_COLOURS.len()]
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Not at the start of a line (JIS X 4051's closing brackets, punctuation, small kana).
const NO_START: &str = "、。，．,.・：；？！ー―）」』】〕〉》］｝’”ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々ゝゞヽヾ％%";
/// Not at the end of a line (opening brackets).
const NO_END: &str = "（「『【〔〈《［｛‘“";

fn glued(a: char, b: char) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == ',' || c == '.';
    word(a) && word(b)
}

/// Width in em: ASCII letters and digits are half as wide as Japanese characters.
fn width(s: &str) -> f64 {
    s.chars()
        .map(|c| if c.is_ascii() { 0.55 } else { 1.0 })
        .sum()
}

/// Splits a caption into lines at most `max` em wide, of about equal length, not breaking
/// before closing punctuation, after an opening bracket or inside a number.
pub fn wrap(text: &str, max: f64) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let total = width(text);
    if total <= max {
        return vec![text.to_string()];
    }
    let lines_needed = (total / max).ceil();
    let target = (total / lines_needed).ceil().min(max);
    let w = |c: char| if c.is_ascii() { 0.55 } else { 1.0 };
    let mut lines = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        // The longest run from `start` within `target` (at least one character).
        let mut p = start;
        let mut used = 0.0;
        while p < chars.len() && (p == start || used + w(chars[p]) <= target) {
            used += w(chars[p]);
            p += 1;
        }
        if p < chars.len() {
            let end = p;
            while p > start + 1
                && (NO_START.contains(chars[p])
                    || NO_END.contains(chars[p - 1])
                    || glued(chars[p - 1], chars[p]))
            {
                p -= 1;
            }
            if p == start + 1 {
                p = end;
            }
        }
        lines.push(chars[start..p].iter().collect());
        start = p;
    }
    lines
}

fn pct(x: f64) -> String {
    let s = format!("{:.3}", x * 100.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s}%")
}

/// One segment of a stacked bar.
pub struct Segment {
    pub value: f64,
    /// Printed inside the segment when it is wide enough.
    pub label: String,
    pub colour: &'static str,
}

/// One row of a bar chart: a caption and a bar of one or more segments.
pub struct Row {
    pub caption: String,
    /// Printed after the caption, never split (12,345千円).
    pub value: Option<String>,
    pub segments: Vec<Segment>,
    /// The value the full width stands for.
    pub scale: f64,
    /// Nothing to draw (a year with no report): a dashed outline instead of a bar, so that
    /// a gap never reads as zero.
    pub gap: bool,
}

/// A vertical line across every bar at one value, labelled above the first row (the plan's
/// estimate).
pub struct Marker {
    /// Where, as a share of the bars' width (0.0–1.0).
    pub at: f64,
    pub label: String,
}

/// A horizontal bar chart, a heading line above each group of rows.
pub struct Chart<'a> {
    /// For the `<title>` id.
    pub id: &'a str,
    /// The accessible name: what the chart shows, with every number.
    pub title: String,
    pub groups: Vec<(Option<String>, Vec<Row>)>,
    pub marker: Option<Marker>,
}

impl Chart<'_> {
    pub fn svg(&self) -> String {
        let mut body = String::new();
        let mut y = 0u32;
        if let Some(m) = &self.marker {
            // The label above the bars, ending at the line when the line is right of centre.
            y += LINE;
            let anchor = if m.at > 0.5 { "end" } else { "start" };
            let _ = write!(
                body,
                r#"<text class="marker" x="{}" y="{}" text-anchor="{anchor}">{}</text>"#,
                pct(m.at),
                y - 5,
                escape(&m.label)
            );
        }
        let bars_top = y;
        for (heading, rows) in &self.groups {
            if let Some(h) = heading {
                y += LINE;
                let _ = write!(
                    body,
                    r#"<text class="group" x="0" y="{}">{}</text>"#,
                    y - 5,
                    escape(h)
                );
                y += 4;
            }
            for row in rows {
                let mut lines = wrap(&row.caption, CAPTION_EM);
                if let Some(v) = &row.value {
                    let last = lines.last_mut().expect("wrap gives a line");
                    if width(last) + width(v) <= CAPTION_EM {
                        last.push_str(v);
                    } else {
                        lines.push(v.clone());
                    }
                }
                for line in lines {
                    y += LINE;
                    let _ = write!(
                        body,
                        r#"<text x="0" y="{}">{}</text>"#,
                        y - 5,
                        escape(&line)
                    );
                }
                y += 2;
                if row.gap {
                    let _ = write!(
                        body,
                        r#"<rect class="gap" x="0" y="{y}" width="100%" height="{BAR}"/>"#
                    );
                    y += BAR + ROW_GAP;
                    continue;
                }
                let _ = write!(
                    body,
                    r#"<rect class="track" x="0" y="{y}" width="100%" height="{BAR}"/>"#
                );
                let mut at = 0.0;
                for s in row.segments.iter().filter(|s| s.value > 0.0) {
                    let share = if row.scale > 0.0 {
                        (s.value / row.scale).min(1.0 - at)
                    } else {
                        0.0
                    };
                    if share <= 0.0 {
                        continue;
                    }
                    let _ = write!(
                        body,
                        r#"<rect x="{}" y="{y}" width="{}" height="{BAR}" fill="{}"/>"#,
                        pct(at),
                        pct(share),
                        s.colour
                    );
                    // The count inside its segment when it fits there on a phone.
                    let fits = share * MIN_WIDTH_PX >= width(&s.label) * 14.0 + 8.0;
                    if fits && !s.label.is_empty() {
                        let _ = write!(
                            body,
                            r#"<text class="value" x="{}" y="{}" text-anchor="middle">{}</text>"#,
                            pct(at + share / 2.0),
                            y + BAR / 2 + 5,
                            escape(&s.label)
                        );
                    }
                    at += share;
                }
                y += BAR + ROW_GAP;
            }
        }
        let height = y.saturating_sub(ROW_GAP) + 2;
        if let Some(m) = &self.marker {
            let _ = write!(
                body,
                r#"<line class="marker" x1="{x}" x2="{x}" y1="{}" y2="{}"/>"#,
                bars_top.saturating_sub(3),
                height,
                x = pct(m.at)
            );
        }
        let title_id = format!("{}-title", self.id);
        format!(
            concat!(
                r#"<svg class="chart" role="img" aria-labelledby="{tid}" width="100%" height="{h}" "#,
                r#"font-size="{fs}">"#,
                r#"<title id="{tid}">{title}</title>{body}</svg>"#
            ),
            tid = title_id,
            h = height,
            fs = CAPTION_SIZE,
            title = escape(&self.title),
            body = body
        )
    }
}

/// An effect bar: one segment, its amount after the caption.
pub fn effect_row(caption: String, amount: String, value: f64, scale: f64) -> Row {
    Row {
        caption,
        value: Some(amount),
        segments: vec![Segment {
            value,
            label: String::new(),
            colour: EFFECT_COLOUR,
        }],
        scale,
        gap: false,
    }
}

/// The colour of a year's own 効果額 and of the years before it, in the chart of the running
/// total; and of the share of items on target.
pub const YEAR_COLOUR: &str = EFFECT_COLOUR;
pub const EARLIER_COLOUR: &str = "#6a8bb3";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_wrap_without_breaking_before_punctuation_or_inside_numbers() {
        assert_eq!(wrap("短い", 20.0), ["短い"]);
        let text = "地域課題解決のための現場主義に立脚した市民協働の推進（31項目）";
        let lines = wrap(text, 20.0);
        assert!(lines.iter().all(|l| width(l) <= 20.0), "{lines:?}");
        assert_eq!(lines.concat(), text);
        // Two lines of about equal length, not one full line and a short one.
        assert_eq!(lines.len(), 2);
        assert!(
            lines[0].chars().count() - lines[1].chars().count() <= 3,
            "{lines:?}"
        );
        // Not before a closing bracket, not inside a number.
        let lines = wrap("あいうえおかきくけこさしすせそたちつてと（1234567）", 14.0);
        assert!(lines.iter().all(|l| !l.starts_with('）')), "{lines:?}");
        assert!(lines.iter().any(|l| l.contains("1234567")), "{lines:?}");
    }

    #[test]
    fn bars_are_drawn_in_percent_with_an_accessible_title() {
        let chart = Chart {
            id: "c",
            title: "評価：◎ 1項目、○ 3項目".into(),
            groups: vec![(
                None,
                vec![Row {
                    caption: "１　柱".into(),
                    value: None,
                    segments: vec![
                        Segment {
                            value: 1.0,
                            label: "1".into(),
                            colour: grade_colour(0),
                        },
                        Segment {
                            value: 3.0,
                            label: "3".into(),
                            colour: grade_colour(1),
                        },
                    ],
                    scale: 4.0,
                    gap: false,
                }],
            )],
            marker: None,
        };
        let svg = chart.svg();
        assert!(svg.starts_with(r#"<svg class="chart" role="img" aria-labelledby="c-title""#));
        assert!(svg.contains(r#"<title id="c-title">評価：◎ 1項目、○ 3項目</title>"#));
        assert!(svg.contains(r#"x="0%" y="22" width="25%""#), "{svg}");
        assert!(svg.contains(r#"x="25%" y="22" width="75%""#), "{svg}");
        assert!(svg.contains(r#"x="62.5%""#), "{svg}");
    }

    #[test]
    fn a_gap_is_an_outline_and_the_marker_a_labelled_line() {
        let row = |gap: bool| Row {
            caption: "令和2年度　".into(),
            value: Some(if gap { "報告なし" } else { "50千円" }.into()),
            segments: if gap {
                Vec::new()
            } else {
                vec![Segment {
                    value: 50.0,
                    label: String::new(),
                    colour: YEAR_COLOUR,
                }]
            },
            scale: 200.0,
            gap,
        };
        let chart = Chart {
            id: "t",
            title: "効果額".into(),
            groups: vec![(None, vec![row(true), row(false)])],
            marker: Some(Marker {
                at: 0.75,
                label: "見込額 150千円".into(),
            }),
        };
        let svg = chart.svg();
        // The label above the first row, ending at the line; the line down every row.
        assert!(
            svg.contains(
                r#"<text class="marker" x="75%" y="15" text-anchor="end">見込額 150千円</text>"#
            ),
            "{svg}"
        );
        assert!(
            svg.contains(r#"<line class="marker" x1="75%" x2="75%""#),
            "{svg}"
        );
        // The gap: an outline, no track and no bar.
        assert!(svg.contains(r#"<rect class="gap" x="0" y="42""#), "{svg}");
        assert_eq!(svg.matches(r#"class="track""#).count(), 1, "{svg}");
        assert!(svg.contains(r#"width="25%""#), "{svg}");
    }
}
