//! The demo report's body set to jlreq, measured from our own display list: where each
//! character lands (its op's x, the advances before it and the spacing) against the cells it
//! sits in. `tests/tools/measure_jlreq.py` measures the same from the written PDF.
//!
//! How lines are counted. Every text op is one line. Lines of one cell (the smallest
//! rectangle around their start; none for text outside boxes), of one size, starting at the
//! same x one leading below the other, form a block. A line is full unless it is the last of
//! its block, the next line starts with the full-width indent, or it ends one of the
//! report's paragraphs: a paragraph of any string of the report (as report.json holds it)
//! or of the wording (labels, with their placeholders standing for up to 40 characters),
//! split at line breaks. The measure is the cell's right edge less its padding, or the
//! body's right edge. A line ends there when its last character's advance does, or for a
//! closing mark, the half of it with the ink.

use std::path::PathBuf;

use shinchoku::plan;
use shinchoku::render::pdf::ir::{Document, Op, Typesetter};
use shinchoku::render::pdf::layout::{layout_report, LayoutOptions, Style};
use shinchoku::render::pdf::typeset;
use shinchoku::report::merge::{merge, MergeOptions};
use shinchoku::report::Report;
use shinchoku::workbook::check::check_dir;

const OPEN: &str = "（「『【〔〈《［｛〘〖〝｟";
const CLOSE: &str = "）」』】〕〉》］｝〙〗〟｠、。，．";
/// Positions agree within this many points.
const TOL: f32 = 0.01;

fn demo_report() -> Report {
    let dir: PathBuf = std::env::temp_dir().join(format!("shinchoku-jlreq-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    shinchoku::samples::extract("R3", &dir).unwrap();
    let plan = plan::load_bundled().unwrap();
    let year = "R3".parse().unwrap();
    let check = check_dir(&plan, year, &dir).unwrap();
    assert!(!check.has_errors());
    let report = merge(
        &plan,
        year,
        &check,
        &MergeOptions {
            date: "2022-06-01".parse().unwrap(),
            incomplete: false,
        },
    );
    std::fs::remove_dir_all(&dir).ok();
    report
}

/// A paragraph as characters and placeholders (`None`), which stand for up to 40 characters.
type Template = Vec<Option<char>>;

/// Every paragraph the report's text and wording hold: the strings of `values`, split at
/// line breaks, `{name}` a placeholder.
fn templates(values: &[serde_json::Value]) -> Vec<Template> {
    fn walk(v: &serde_json::Value, out: &mut Vec<Template>) {
        match v {
            serde_json::Value::String(s) => {
                for piece in s.replace('\r', "").split('\n') {
                    let mut t = Template::new();
                    let mut hole = false;
                    for c in piece.trim_matches(' ').chars() {
                        match c {
                            '{' => hole = true,
                            '}' if hole => {
                                hole = false;
                                t.push(None);
                            }
                            _ if hole => {}
                            c => t.push(Some(c)),
                        }
                    }
                    // A paragraph ending in a placeholder says nothing about its end.
                    if matches!(t.last(), Some(Some(_))) {
                        out.push(t);
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    values.iter().for_each(|v| walk(v, &mut out));
    out
}

/// Whether `line` (reversed) can be the end of `template` (reversed).
fn ends(line: &[char], template: &[Option<char>]) -> bool {
    match (line.first(), template.first()) {
        (None, _) => true,
        (_, None) => false,
        (Some(c), Some(Some(t))) => c == t && ends(&line[1..], &template[1..]),
        (_, Some(None)) => (0..=line.len().min(40)).any(|k| ends(&line[k..], &template[1..])),
    }
}

struct Ends {
    /// Reversed templates, by their last character.
    by_last: std::collections::HashMap<char, Vec<Template>>,
}

impl Ends {
    fn new(templates: Vec<Template>) -> Ends {
        let mut by_last = std::collections::HashMap::<char, Vec<Template>>::new();
        for mut t in templates {
            t.reverse();
            if let Some(Some(c)) = t.first() {
                by_last.entry(*c).or_default().push(t);
            }
        }
        Ends { by_last }
    }

    fn ends_paragraph(&self, line: &str) -> bool {
        let rev: Vec<char> = line.trim_end_matches(' ').chars().rev().collect();
        let Some(last) = rev.first() else {
            return true;
        };
        self.by_last
            .get(last)
            .is_some_and(|ts| ts.iter().any(|t| ends(&rev, t)))
    }
}

/// One text op, measured.
struct Line {
    text: String,
    x: f32,
    y: f32,
    size: f32,
    /// Where each character starts, and its advance.
    chars: Vec<(char, f32, f32)>,
    cell: Option<usize>,
}

#[derive(Default)]
struct Tally {
    full: usize,
    at_edge: usize,
    pairs: usize,
    tight_pairs: usize,
    boundaries: usize,
    spaced_boundaries: usize,
    short: Vec<String>,
}

fn is_japanese(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}' | '\u{3041}'..='\u{3096}' | '\u{309D}'..='\u{309F}'
        | '\u{30A1}'..='\u{30FA}' | '\u{30FC}'..='\u{30FF}' | '\u{3005}'..='\u{3007}'
        | '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}'
        | '\u{3400}'..='\u{4DBF}')
}

fn measure(doc: &Document, first_body_page: usize, ends: &Ends) -> Tally {
    let ts = typeset::bundled();
    let style = Style::default();
    let body_right = style.body_area().right();
    let mut tally = Tally::default();
    for (pi, page) in doc.pages.iter().enumerate().skip(first_body_page) {
        let mut rects = Vec::new();
        let mut lines = Vec::new();
        for op in &page.ops {
            match op {
                Op::Rect { x, y, w, h, .. } if *w > 20.0 && *h > 8.0 => {
                    rects.push((*x, *y, *w, *h))
                }
                Op::Text {
                    x,
                    y,
                    size,
                    style: st,
                    text,
                    spacing,
                    ..
                } if *size != style.running.size => {
                    let mut pos = *x;
                    let mut chars = Vec::new();
                    for (i, c) in text.chars().enumerate() {
                        pos += spacing.get(i).copied().unwrap_or(0.0);
                        let a = ts.advance(c, *st, *size);
                        chars.push((c, pos, a));
                        pos += a;
                    }
                    lines.push(Line {
                        text: text.clone(),
                        x: *x,
                        y: *y,
                        size: *size,
                        chars,
                        cell: None,
                    });
                }
                _ => {}
            }
        }
        for line in &mut lines {
            let (cx, cy) = (line.x + 1.0, line.y - line.size * 0.4);
            line.cell = rects
                .iter()
                .enumerate()
                .filter(|(_, r)| r.0 <= cx && cx <= r.0 + r.2 && r.1 <= cy && cy <= r.1 + r.3)
                .min_by(|a, b| (a.1 .2 * a.1 .3).total_cmp(&(b.1 .2 * b.1 .3)))
                .map(|(i, _)| i);
        }
        for line in &lines {
            for w in line.chars.windows(2) {
                let ((a, ax, _), (b, bx, ba)) = (w[0], w[1]);
                let pair = (CLOSE.contains(a) && (CLOSE.contains(b) || OPEN.contains(b)))
                    || (OPEN.contains(a) && OPEN.contains(b));
                if pair {
                    tally.pairs += 1;
                    if bx + ba - ax <= 1.5 * line.size + TOL {
                        tally.tight_pairs += 1;
                    }
                }
                let latin = |c: char| c.is_ascii_alphanumeric();
                if (is_japanese(a) && latin(b)) || (latin(a) && is_japanese(b)) {
                    tally.boundaries += 1;
                    let a_end = w[0].1 + w[0].2;
                    if bx - a_end >= line.size / 8.0 - TOL {
                        tally.spaced_boundaries += 1;
                    }
                }
            }
        }
        for (i, line) in lines.iter().enumerate() {
            // The next line of the same block, if any.
            let next = lines[i + 1..]
                .iter()
                .find(|n| n.cell == line.cell && n.size == line.size && (n.x - line.x).abs() < TOL);
            let Some(next) = next.filter(|n| n.y > line.y && n.y - line.y <= 2.2 * line.size)
            else {
                continue;
            };
            if next.text.starts_with('\u{3000}') || ends.ends_paragraph(&line.text) {
                continue;
            }
            // One character a line is a label set vertically (the box's 所/管/局), not
            // running text.
            if line.chars.len() == 1 && next.chars.len() == 1 {
                continue;
            }
            let right = match line.cell {
                Some(r) => rects[r].0 + rects[r].2 - style.cell_pad_x,
                None => body_right,
            };
            let Some(&(last, lx, la)) = line.chars.last() else {
                continue;
            };
            tally.full += 1;
            let at_edge = (lx + la - right).abs() <= TOL
                || (CLOSE.contains(last) && (lx + la / 2.0 - right).abs() <= TOL);
            if at_edge {
                tally.at_edge += 1;
            } else {
                tally.short.push(format!(
                    "page {}: {:.2} pt short: {}",
                    pi + 1,
                    right - lx - la,
                    line.text
                ));
            }
        }
    }
    tally
}

fn share(good: usize, total: usize) -> f64 {
    if total == 0 {
        1.0
    } else {
        good as f64 / total as f64
    }
}

#[test]
fn the_demo_body_is_justified_and_spaced_after_jlreq() {
    let report = demo_report();
    let opts = LayoutOptions::default();
    let laid = layout_report(&report, typeset::bundled(), &opts);
    let doc = &laid.document;
    let first_body_page = doc
        .bookmarks
        .iter()
        .find(|b| b.title.starts_with('１'))
        .map(|b| b.page)
        .expect("a bookmark for pillar １");
    let values = [
        serde_json::to_value(&report).unwrap(),
        serde_json::to_value(&opts.labels).unwrap(),
    ];
    let ends = Ends::new(templates(&values));
    let t = measure(doc, first_body_page, &ends);
    let justified = share(t.at_edge, t.full);
    let tight = share(t.tight_pairs, t.pairs);
    let spaced = share(t.spaced_boundaries, t.boundaries);
    println!(
        "justified {}/{} = {:.1}%, punctuation pairs {}/{} = {:.1}%, 和欧間 {}/{} = {:.1}%",
        t.at_edge,
        t.full,
        justified * 100.0,
        t.tight_pairs,
        t.pairs,
        tight * 100.0,
        t.spaced_boundaries,
        t.boundaries,
        spaced * 100.0
    );
    for s in t.short.iter().take(30) {
        println!("  {s}");
    }
    assert!(
        t.full > 500 && t.pairs > 20 && t.boundaries > 500,
        "too little text measured"
    );
    assert!(
        justified >= 0.95,
        "only {:.1}% of full lines justified",
        justified * 100.0
    );
    assert!(
        tight >= 0.95,
        "only {:.1}% of punctuation pairs in 1.5 em",
        tight * 100.0
    );
    assert!(
        spaced >= 0.95,
        "only {:.1}% of 和欧間 at least 1/8 em",
        spaced * 100.0
    );
}

#[test]
fn a_paragraph_end_is_recognised_through_placeholders() {
    let values =
        [serde_json::json!({"a": "{year}の\n取組実績", "b": "【{bureau}】", "c": "本市の取組"})];
    let ends = Ends::new(templates(&values));
    assert!(ends.ends_paragraph("令和3年度の"));
    assert!(ends.ends_paragraph("【都市整備局】"));
    assert!(ends.ends_paragraph("の取組"));
    assert!(!ends.ends_paragraph("取組実績の推進"));
    assert!(!ends.ends_paragraph("本市の取組み"));
    // A placeholder stands for a name or a year, not for a whole line of text.
    assert!(!ends.ends_paragraph(&format!("{}の", "あ".repeat(45))));
}
