//! The boxes of the PDF as the plan prints them, checked on the display list: an
//! initiative's box has the 所/管/局 column with its bureaus beside its rows, on every page
//! it reaches; an item without initiatives keeps its bureaus in its heading band; an
//! indicator table split across pages prints its head row again, as an artifact.

mod support;

use shinchoku::render::pdf::ir::{Document, Op, Page, Tag};
use shinchoku::render::pdf::layout::{layout_report, LayoutOptions, Style};
use shinchoku::report::Report;
use support::{report, Mono};

fn lay(report: &Report) -> Document {
    layout_report(report, &Mono::default(), &LayoutOptions::default()).document
}

/// Every text on the page with its position and the tag in effect.
fn texts(page: &Page) -> Vec<(&str, f32, f32, Tag)> {
    let mut tag = Tag::Artifact;
    let mut out = Vec::new();
    for op in &page.ops {
        match op {
            Op::Tag(t) => tag = *t,
            Op::Text { text, x, y, .. } => out.push((text.as_str(), *x, *y, tag)),
            _ => {}
        }
    }
    out
}

fn page_text(page: &Page) -> String {
    texts(page).iter().map(|t| t.0).collect()
}

fn pages_with(doc: &Document, needle: &str) -> Vec<usize> {
    (0..doc.pages.len())
        .filter(|&i| page_text(&doc.pages[i]).contains(needle))
        .collect()
}

/// The report cut down to the initiative `title` and its item.
fn only_initiative(title: &str) -> Report {
    let mut r = report();
    r.items.retain(|i| i.units.iter().any(|u| u.title == title));
    assert_eq!(r.items.len(), 1, "{title}");
    r.items[0].units.retain(|u| u.title == title);
    r
}

/// The page the box starts on: the last to hold its title (the front matter may name it).
fn box_page(doc: &Document, title: &str) -> usize {
    let pages = pages_with(doc, title);
    *pages
        .iter()
        .find(|&&p| !stacked_label(&doc.pages[p]).is_empty())
        .unwrap_or_else(|| panic!("no page with {title} and its 所管局 column: {pages:?}"))
}

const THREE_BUREAUS: &str = "窓口サービスの利便性向上";

/// The stacked label's characters on a page: (x, y) of each of 所, 管, 局 in turn.
fn stacked_label(page: &Page) -> Vec<Vec<(f32, f32, Tag)>> {
    let t = texts(page);
    let mut columns = Vec::new();
    for (i, w) in t.windows(3).enumerate() {
        if w[0].0 == "所" && w[1].0 == "管" && w[2].0 == "局" {
            columns.push(t[i..i + 3].iter().map(|e| (e.1, e.2, e.3)).collect());
        }
    }
    columns
}

#[test]
fn an_initiative_box_has_the_bureau_column_beside_its_rows() {
    let doc = lay(&only_initiative(THREE_BUREAUS));
    let p = box_page(&doc, THREE_BUREAUS);
    let page = &doc.pages[p];
    let columns = stacked_label(page);
    assert!(!columns.is_empty(), "no 所/管/局 column");
    let label = &columns[0];
    // One character per line, one above the other, right of the box's text.
    assert!(label.iter().all(|c| (c.0 - label[0].0).abs() < 0.01));
    assert!(label[0].1 < label[1].1 && label[1].1 < label[2].1);
    let style = Style::default();
    let text_x = style.body_area().x + style.label_width + style.cell_pad_x;
    assert!(label[0].0 > text_x + 200.0, "the column is at the right");
    // The bureaus beside it, one per line, in the plan's order.
    let t = texts(page);
    let names: Vec<&(&str, f32, f32, Tag)> = ["（総務局）", "（市民局）", "（各区）"]
        .iter()
        .map(|n| {
            t.iter()
                .find(|e| e.0 == *n)
                .unwrap_or_else(|| panic!("{n}"))
        })
        .collect();
    assert!(names.iter().all(|n| n.1 > label[0].0));
    assert!(names[0].2 < names[1].2 && names[1].2 < names[2].2);
    // Read once, as content: the label a header cell, the names its data.
    assert!(matches!(label[0].2, Tag::Node(_)));
    assert!(matches!(names[0].3, Tag::Node(_)));
    // The title row no longer carries the bureaus.
    let title = t.iter().find(|e| e.0 == THREE_BUREAUS).unwrap();
    assert!(!t
        .iter()
        .any(|e| (e.2 - title.2).abs() < 0.01 && e.0.contains("総務局")));
}

#[test]
fn an_item_without_initiatives_keeps_its_bureaus_in_the_band() {
    let mut r = report();
    r.items.retain(|i| i.item.id.to_string() == "12");
    let doc = lay(&r);
    let p = pages_with(&doc, "市税の収入確保")
        .into_iter()
        .max()
        .unwrap();
    let page = &doc.pages[p];
    assert!(stacked_label(page).is_empty(), "no 所管局 column");
    let t = texts(page);
    let title = t.iter().find(|e| e.0 == "市税の収入確保").unwrap();
    let bureau = t.iter().find(|e| e.0 == "財政局").unwrap();
    assert!((bureau.2 - title.2).abs() < 2.0 && bureau.1 > title.1);
}

#[test]
fn a_split_initiative_box_repeats_its_title_and_column_as_artifacts() {
    let mut r = only_initiative(THREE_BUREAUS);
    let sentence =
        "　行政手続きの郵送・デジタル化の拡充など、窓口サービスにおける市民の利便性向上を図った。";
    let long: String = (0..90).map(|i| format!("{sentence}{i}\n")).collect();
    let unit = r.items[0]
        .units
        .iter_mut()
        .find(|u| u.title == THREE_BUREAUS)
        .unwrap();
    for e in &mut unit.entries {
        e.result = long.clone();
    }
    let doc = lay(&r);
    let spans = pages_with(&doc, "窓口サービスにおける市民の利便性向上を図った。");
    assert!(spans.len() >= 3, "spans {} pages", spans.len());
    assert_eq!(spans[0], box_page(&doc, THREE_BUREAUS));
    let continued = format!("{THREE_BUREAUS}（続き）");
    for &p in &spans {
        let page = &doc.pages[p];
        let columns = stacked_label(page);
        assert_eq!(columns.len(), 1, "page {p}: one 所管局 column");
        let t = texts(page);
        let names = t.iter().filter(|e| e.0 == "（市民局）").count();
        assert_eq!(names, 1, "page {p}: the bureaus beside the box");
        if p == spans[0] {
            assert!(matches!(columns[0][0].2, Tag::Node(_)));
            continue;
        }
        // On a continuing page the title says so, and both it and the column are copies.
        let title = t.iter().find(|e| e.0 == continued);
        assert!(title.is_some(), "page {p}: {continued}");
        assert_eq!(title.unwrap().3, Tag::Artifact);
        assert!(columns[0].iter().all(|c| c.2 == Tag::Artifact), "page {p}");
        assert!(t
            .iter()
            .filter(|e| e.0 == "（市民局）")
            .all(|e| e.3 == Tag::Artifact));
    }
}

#[test]
fn a_split_indicator_table_repeats_its_head_row_as_an_artifact() {
    let mut r = report();
    r.items.retain(|i| i.item.id.to_string() == "12");
    let unit = &mut r.items[0].units[0];
    let first = unit.indicators[0].clone();
    unit.indicators = (0..80)
        .map(|n| {
            let mut ind = first.clone();
            ind.name = format!("指標その{n}");
            ind
        })
        .collect();
    let doc = lay(&r);
    let spans = pages_with(&doc, "指標その");
    assert!(spans.len() >= 2, "spans {} pages", spans.len());
    let mut seen = Vec::new();
    for &p in &spans {
        let t = texts(&doc.pages[p]);
        let head: Vec<&(&str, f32, f32, Tag)> = t.iter().filter(|e| e.0 == "達成率").collect();
        assert_eq!(head.len(), 1, "page {p}: the head row once");
        let first_row = t.iter().find(|e| e.0.starts_with("指標その")).unwrap();
        assert!(head[0].2 < first_row.2, "page {p}: the head above the rows");
        let expect = if p == spans[0] {
            matches!(head[0].3, Tag::Node(_))
        } else {
            head[0].3 == Tag::Artifact
        };
        assert!(expect, "page {p}: {:?}", head[0].3);
        seen.extend(
            t.iter()
                .filter(|e| e.0.starts_with("指標その"))
                .map(|e| e.0.to_string()),
        );
    }
    let want: Vec<String> = (0..80).map(|n| format!("指標その{n}")).collect();
    assert_eq!(seen, want, "every row once, in order");
}
