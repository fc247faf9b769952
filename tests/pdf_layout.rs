//! The PDF layout, checked on its display list as a reader of the printed report would:
//! every item is there, nothing runs off the page, long text continues on the next page
//! with its label, headings keep their text, the 一覧's page numbers are right.

mod support;

use shinchoku::plan::{Bureau, FiscalYear};
use shinchoku::render::pdf::fonts::SUBSTITUTE;
use shinchoku::render::pdf::ir::{Color, Document, FontStyle, Op, Page, Typesetter};
use shinchoku::render::pdf::layout::{
    layout_report, Labels, Laid, LayoutOptions, LayoutWarning, Style,
};
use shinchoku::render::pdf::typeset;
use shinchoku::report::summary::summarize;
use shinchoku::report::{Report, UnitStatus};
use support::{entry, plan, report, report_from, Mono};

fn lay(report: &Report) -> Laid {
    layout_report(report, &Mono::default(), &LayoutOptions::default())
}

fn texts(page: &Page) -> impl Iterator<Item = (&str, f32, f32, f32, FontStyle, Color)> {
    page.ops.iter().filter_map(|op| match op {
        Op::Text {
            text,
            x,
            y,
            size,
            style,
            color,
            ..
        } => Some((text.as_str(), *x, *y, *size, *style, *color)),
        _ => None,
    })
}

fn page_text(page: &Page) -> String {
    texts(page).map(|t| t.0).collect()
}

/// Pages holding a text, 0-based.
fn pages_with(doc: &Document, needle: &str) -> Vec<usize> {
    doc.pages
        .iter()
        .enumerate()
        .filter(|(_, p)| page_text(p).contains(needle))
        .map(|(i, _)| i)
        .collect()
}

/// The first page of the body: where the first pillar's bookmark points.
fn first_body_page(doc: &Document) -> usize {
    doc.bookmarks
        .iter()
        .find(|b| b.title.starts_with('１'))
        .map(|b| b.page)
        .expect("a bookmark for pillar １")
}

/// A report of one item (№3, reported as a whole) whose 取組内容 is `content`.
fn one_item_report(content: &str) -> Report {
    let mut r = report();
    r.items.retain(|i| i.item.id.to_string() == "3");
    r.items[0].item.text.content = Some(content.to_string());
    r
}

#[test]
fn every_item_title_is_printed_in_the_body() {
    let r = report();
    let doc = lay(&r).document;
    let body = first_body_page(&doc);
    for item in &r.items {
        let found = doc.pages[body..]
            .iter()
            .any(|p| page_text(p).contains(&item.item.title));
        assert!(
            found,
            "№{} {} is not printed",
            item.item.id, item.item.title
        );
    }
    // And every initiative's title, in its box.
    for (_, unit) in r.units().filter(|(_, u)| u.initiative.is_some()) {
        assert!(
            !pages_with(&doc, &unit.title).is_empty(),
            "initiative {} {}",
            unit.id,
            unit.title
        );
    }
}

#[test]
fn nothing_is_drawn_outside_the_margins_nor_below_the_body() {
    let ts = Mono::default();
    let style = Style::default();
    let mut r = report();
    // Some very long text too, to stress splitting.
    let long = "　長い取組実績の文章です。".repeat(400);
    let unit = r
        .items
        .iter_mut()
        .flat_map(|i| &mut i.units)
        .find(|u| !u.entries.is_empty())
        .unwrap();
    unit.entries[0].result = long;
    let doc = layout_report(&r, &ts, &LayoutOptions::default()).document;
    let frame = style.frame();
    let body = style.body_area();
    let eps = 0.01;
    for (pi, page) in doc.pages.iter().enumerate() {
        for op in &page.ops {
            let (x0, y0, x1, y1, running) = match op {
                Op::Text {
                    x,
                    y,
                    size,
                    style: st,
                    text,
                    spacing,
                    ..
                } => {
                    // The ink: a bracket's or 、。's blank half may lie outside (天付き, a
                    // closing mark set half-width at the line end).
                    let first = spacing.first().copied().unwrap_or(0.0).min(0.0);
                    let end = x + ts.width(text, *st, *size) + spacing.iter().sum::<f32>();
                    let close = text.ends_with(['）', '」', '』', '】', '、', '。']);
                    (
                        x + first + if first < 0.0 { size / 2.0 } else { 0.0 },
                        y - size * 0.88,
                        end - if close { size / 2.0 } else { 0.0 },
                        y + size * 0.12,
                        *size == style.running.size,
                    )
                }
                Op::Rect { x, y, w, h, .. } | Op::Link { x, y, w, h, .. } => {
                    (*x, *y, x + w, y + h, false)
                }
                Op::Line { x1, y1, x2, y2, .. } => (
                    x1.min(*x2),
                    y1.min(*y2),
                    x1.max(*x2),
                    y1.max(*y2),
                    *y1 < body.y,
                ),
                Op::Tag(_) => continue,
            };
            assert!(
                x0 >= frame.x - eps
                    && y0 >= frame.y - eps
                    && x1 <= frame.right() + eps
                    && y1 <= frame.bottom() + eps,
                "page {pi}: outside the margins: {op:?}"
            );
            // Only the running header and page number live outside the body.
            if pi > 0 && !running {
                assert!(
                    y0 >= body.y - eps && y1 <= body.bottom() + eps,
                    "page {pi}: outside the body: {op:?}"
                );
            }
        }
    }
}

#[test]
fn a_box_longer_than_a_page_continues_with_its_label_and_loses_nothing() {
    let sentence = "　市役所本庁舎の建替えにあたっては、市民の生活や活動を支える市民中心の市役所の機能を強化する。";
    let content: String = (0..120).map(|i| format!("{sentence}{i}")).collect();
    let r = one_item_report(&content);
    let doc = lay(&r).document;
    let style = Style::default();
    let text_x = style.body_area().x + style.label_width + style.cell_pad_x;
    let body = first_body_page(&doc);
    let column: String = doc.pages[body..]
        .iter()
        .flat_map(texts)
        .filter(|t| (t.1 - text_x).abs() < 0.01)
        .map(|t| t.0)
        .collect();
    assert!(
        column.contains(&content),
        "the content column does not give back the text"
    );
    let spans = pages_with(&doc, "市民中心の市役所の機能を強化する。");
    assert!(spans.len() >= 3, "spans {} pages", spans.len());
    for &p in &spans[1..] {
        let first_label = texts(&doc.pages[p])
            .find(|t| t.0.starts_with("取組内容"))
            .map(|t| t.0.to_string());
        assert_eq!(first_label.as_deref(), Some("取組内容（続き）"), "page {p}");
    }
    assert_eq!(
        texts(&doc.pages[spans[0]])
            .filter(|t| t.0 == "取組内容")
            .count(),
        1
    );
}

#[test]
fn a_unit_reported_by_eight_bureaus_names_each_with_its_text() {
    let mut plan = plan();
    let names = [
        "総務局",
        "財政局",
        "市民局",
        "健康福祉局",
        "子供未来局",
        "環境局",
        "経済局",
        "都市整備局",
    ];
    let bureaus: Vec<Bureau> = names.iter().map(|n| Bureau(n.to_string())).collect();
    let item = plan
        .items
        .iter()
        .position(|i| i.id.to_string() == "3")
        .unwrap();
    plan.items[item].bureaus = bureaus.clone();
    let target = plan.items[item].units()[0].id();
    let r = report_from(&plan, |n, unit, k, b| {
        let mut e = entry(unit, b, n, "○");
        if unit.id() == target {
            e = entry(unit, b, k, if k == 7 { "△" } else { "○" });
            e.result = format!("　{b}は第{k}四半期までに対象施設の調査を終えた。");
        }
        Some(e)
    });
    let doc = lay(&r).document;
    let all: String = doc.pages.iter().map(page_text).collect();
    for (k, b) in names.iter().enumerate() {
        assert!(all.contains(&format!("【{b}】")), "{b} is not named");
        assert!(
            all.contains(&format!("　{b}は第{k}四半期までに対象施設の調査を終えた。")),
            "{b}'s text is missing"
        );
    }
    // They disagreed (○ and △): the lower grade is printed and the note names both.
    assert!(all.contains("※所管局により評価が異なります"));
}

#[test]
fn a_character_the_font_lacks_becomes_geta_with_a_warning() {
    let mut r = report();
    let unit = r.items[10].units[0].id.clone();
    r.items[10].units[0].entries[0].result = "　市民満足度が向上した😀。".into();
    let laid = lay(&r);
    assert!(laid.warnings.iter().any(|w| matches!(
        w,
        LayoutWarning::MissingGlyph { unit: Some(u), ch: '😀', .. } if *u == unit
    )));
    let message = laid.warnings[0].to_string();
    assert!(
        message.contains("😀") && message.contains("〓"),
        "{message}"
    );
    assert!(message.contains(&format!("№{}", unit.item)), "{message}");
    let all: String = laid.document.pages.iter().map(page_text).collect();
    assert!(all.contains(&format!("市民満足度が向上した{SUBSTITUTE}。")));
    assert!(!all.contains('😀'));
}

#[test]
fn a_tab_is_white_space_without_a_warning() {
    let mut r = report();
    r.items[10].units[0].entries[0].result = "　研修を実施\t参加者は延べ40人。".into();
    for ts in [&Mono::default() as &dyn Typesetter, typeset::bundled()] {
        let laid = layout_report(&r, ts, &LayoutOptions::default());
        assert!(laid.warnings.is_empty(), "{:?}", laid.warnings);
        let all: String = laid.document.pages.iter().map(page_text).collect();
        assert!(all.contains("研修を実施\u{3000}参加者は延べ40人。"));
        assert!(!all.contains(SUBSTITUTE) && !all.contains('\t'));
    }
}

#[test]
fn control_characters_are_dropped_with_one_warning_per_unit() {
    let mut r = report();
    let unit = r.items[10].units[0].id.clone();
    let entry = &mut r.items[10].units[0].entries[0];
    entry.result = "　市民満足度が\u{7}向上した。\u{1b}\u{7}\r\n　次年度も\u{7f}継続する。".into();
    entry.issues = "　課題は\u{7}ない。".into();
    for ts in [&Mono::default() as &dyn Typesetter, typeset::bundled()] {
        let laid = layout_report(&r, ts, &LayoutOptions::default());
        let mine: Vec<&LayoutWarning> = laid
            .warnings
            .iter()
            .filter(|w| matches!(w, LayoutWarning::ControlCharacters { unit: Some(u), .. } if *u == unit))
            .collect();
        assert_eq!(mine.len(), 1, "{:?}", laid.warnings);
        assert_eq!(
            laid.warnings.len(),
            1,
            "no missing-glyph warning: {:?}",
            laid.warnings
        );
        let LayoutWarning::ControlCharacters { chars, .. } = mine[0] else {
            unreachable!()
        };
        assert_eq!(chars, &['\u{7}', '\u{1b}', '\u{7f}']);
        let message = mine[0].to_string();
        assert!(message.contains(&format!("№{}", unit.item)), "{message}");
        assert!(
            message.contains("U+0007") && message.contains("U+001B"),
            "{message}"
        );
        let all: String = laid.document.pages.iter().map(page_text).collect();
        assert!(all.contains("市民満足度が向上した。"));
        assert!(all.contains("次年度も継続する。") && all.contains("課題はない。"));
        assert!(!all.contains(SUBSTITUTE));
    }
}

#[test]
fn a_lone_carriage_return_breaks_the_line_and_the_pdf_is_written() {
    let mut r = report();
    r.items[10].units[0].entries[0].result = "　一行目\r　二行目".into();
    let laid = layout_report(&r, typeset::bundled(), &LayoutOptions::default());
    assert!(laid.warnings.is_empty(), "{:?}", laid.warnings);
    shinchoku::render::pdf::writer::write_pdf(&laid.document).expect("no CR in a text op");
}

#[test]
fn headings_are_never_last_on_a_page() {
    let mut r = report();
    // Vary lengths so that headings land near page bottoms in many places.
    for (i, item) in r.items.iter_mut().enumerate() {
        for u in &mut item.units {
            for e in &mut u.entries {
                e.result.push_str(&"追記。".repeat(i * 7 % 40));
            }
        }
    }
    let style = Style::default();
    for doc in [lay(&r).document, lay(&report()).document] {
        let last = doc.pages.len() - 1;
        for (pi, page) in doc.pages.iter().enumerate().skip(first_body_page(&doc)) {
            let lines: Vec<_> = texts(page).collect();
            for h in lines
                .iter()
                .filter(|t| t.4 == FontStyle::Bold && t.5 == Color::BLACK && t.3 >= style.body.size)
            {
                let after = lines
                    .iter()
                    .filter(|t| {
                        t.4 == FontStyle::Regular
                            && t.3 == style.body.size
                            && t.5 == Color::BLACK
                            && t.2 > h.2 + 1.0
                    })
                    .count();
                assert!(
                    after >= 2 || pi == last,
                    "page {pi}: heading 「{}」 has {after} lines after it",
                    h.0
                );
            }
        }
    }
}

#[test]
fn the_list_gives_the_page_each_item_is_on_and_links_to_it() {
    let r = report();
    let doc = lay(&r).document;
    let mut listed = 0;
    for page in &doc.pages {
        for op in &page.ops {
            let Op::Link {
                x,
                y,
                w,
                h,
                page: target,
                target_y,
            } = op
            else {
                continue;
            };
            let inside: Vec<_> = texts(page)
                .filter(|t| t.1 >= *x && t.1 < x + w && t.2 > *y && t.2 < y + h)
                .collect();
            let number = inside.iter().find(|t| t.0.starts_with('№')).unwrap().0;
            let printed: usize = inside
                .iter()
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .unwrap()
                .0
                .parse()
                .expect("a page number at the right");
            assert_eq!(printed, target + 1, "{number}");
            // The item's band is on that page, at the link's target.
            let band = texts(&doc.pages[*target])
                .find(|t| t.0 == number && t.4 == FontStyle::Bold)
                .unwrap_or_else(|| panic!("{number} is not on page {printed}"));
            assert!(band.2 > *target_y && band.2 < target_y + 30.0, "{number}");
            // The footer of that page says the same number.
            let footer = page_text_last(&doc.pages[*target]);
            assert_eq!(footer, format!("- {printed} -"));
            listed += 1;
        }
    }
    assert_eq!(listed, r.items.len());
}

fn page_text_last(page: &Page) -> String {
    texts(page)
        .last()
        .map(|t| t.0.to_string())
        .unwrap_or_default()
}

#[test]
fn the_same_report_gives_the_same_document() {
    let r = report();
    let a = lay(&r);
    let b = lay(&r);
    assert_eq!(a.document, b.document);
    assert_eq!(a.warnings, b.warnings);
}

#[test]
fn front_matter_has_cover_summary_and_bookmarks() {
    let r = report();
    let doc = lay(&r).document;
    let cover = page_text(&doc.pages[0]);
    assert!(cover.contains("仙台市行財政改革推進プラン2016"));
    assert!(cover.contains("令和3年度　実施状況報告"));
    assert!(cover.contains("令和4年6月1日") && cover.contains("仙台市"));
    assert!(
        texts(&doc.pages[0]).all(|t| !t.0.starts_with("- ")),
        "no page number on the cover"
    );

    let s = summarize(&r);
    let sentence = format!(
        "全{}項目中、{}項目（{:.1}％）が目標どおり又は目標を上回る",
        s.total.items, s.total.on_target, s.on_target_percent
    );
    assert_eq!(s.total.items, 105);
    assert!(page_text(&doc.pages[1]).contains(&sentence), "{sentence}");
    // The chart: one coloured rectangle per grade present, in the grade's colour.
    let style = Style::default();
    let colours: Vec<Color> = (0..r.scale.len())
        .map(|i| style.grade_color(&r.scale, i))
        .collect();
    let bars = doc.pages[1..first_body_page(&doc)]
        .iter()
        .flat_map(|p| &p.ops)
        .filter(|op| matches!(op, Op::Rect { fill: Some(c), h, .. } if colours.contains(c) && *h == style.bar_height))
        .count();
    let segments: usize = s
        .pillars
        .iter()
        .map(|p| p.tally.by_grade.iter().filter(|&&c| c > 0).count())
        .sum();
    assert_eq!(bars, segments);

    // Bookmarks: 概要, 一覧, then pillar → section → … → item.
    assert_eq!(doc.bookmarks[0].title, "実施状況の概要");
    assert_eq!(doc.bookmarks[1].title, "実施項目一覧");
    fn count_items(b: &[shinchoku::render::pdf::ir::Bookmark]) -> usize {
        b.iter()
            .map(|m| usize::from(m.title.starts_with('№')) + count_items(&m.children))
            .sum()
    }
    assert_eq!(count_items(&doc.bookmarks), r.items.len());
    let pillar = &doc.bookmarks[2];
    assert!(pillar.title.starts_with("１　"));
    assert!(pillar.children[0].title.starts_with("(1)　"));
    assert!(pillar.children[0].children[0].title.starts_with("①　"));
    assert_eq!(doc.info.language, "ja");
    assert_eq!(doc.info.created, 1_654_009_200);
}

#[test]
fn grades_print_as_badges_with_their_label_and_reason() {
    let r = report();
    let doc = lay(&r).document;
    let all: String = doc.pages.iter().map(page_text).collect();
    assert!(all.contains("目標どおり進捗"));
    assert!(all.contains("△コロナ"));
    let style = Style::default();
    let badge_colour = style.grade_color(&r.scale, 1);
    // A ○ badge: a filled rectangle in its colour with the symbol in white on it.
    let body = first_body_page(&doc);
    let page = doc.pages[body..]
        .iter()
        .find(|p| texts(p).any(|t| t.0 == "○" && t.5 == Color::WHITE))
        .expect("a ○ in white");
    assert!(page
        .ops
        .iter()
        .any(|op| matches!(op, Op::Rect { fill: Some(c), .. } if *c == badge_colour)));
    // Completed units get the red 完了 stamp.
    assert!(doc
        .pages
        .iter()
        .any(|p| texts(p).any(|t| t.0 == "完了" && t.5 == style.stamp)));
}

#[test]
fn effects_print_in_thousand_yen_with_separators() {
    let mut r = report();
    r.items[0].units[0].effect_thousand_yen = Some(1_234_567.0);
    let all: String = lay(&r).document.pages.iter().map(page_text).collect();
    assert!(all.contains("1,234,567千円"));
}

#[test]
fn a_missing_unit_says_so() {
    let mut r = one_item_report("　本庁舎の建替えを検討します。");
    let unit = &mut r.items[0].units[0];
    unit.status = UnitStatus::Missing;
    unit.missing_bureaus = unit.bureaus.clone();
    unit.entries.clear();
    unit.grade = None;
    unit.effect_thousand_yen = None;
    r.items[0].grade = None;
    let doc = lay(&r).document;
    let body = first_body_page(&doc);
    let lines: Vec<String> = doc.pages[body..]
        .iter()
        .flat_map(texts)
        .map(|t| t.0.to_string())
        .collect();
    // Both 取組実績 and 評価 say so; no 効果額 or 課題 rows for an unanswered unit.
    assert_eq!(lines.iter().filter(|t| *t == "未提出").count(), 2);
    assert!(!lines.iter().any(|t| t.starts_with("効")));
    // The summary counts the item as not graded.
    let summary = page_text(&doc.pages[1]);
    assert!(summary.contains("未評価"), "{summary}");
}

#[test]
fn a_bureau_report_holds_only_that_bureaus_units() {
    let bureau = Bureau("水道局".into());
    let r = report().for_bureau(&bureau);
    let doc = lay(&r).document;
    let all: String = doc.pages.iter().map(page_text).collect();
    assert!(page_text(&doc.pages[0]).contains("（水道局）"));
    let body = first_body_page(&doc);
    let bands: Vec<String> = doc.pages[body..]
        .iter()
        .flat_map(texts)
        .filter(|t| t.0.starts_with('№') && t.4 == FontStyle::Bold)
        .map(|t| t.0.to_string())
        .collect();
    for (item, unit) in r.units() {
        if unit.bureaus.contains(&bureau) {
            assert!(all.contains(&unit.title), "{}", unit.title);
        }
        let involved = item.units.iter().any(|u| u.bureaus.contains(&bureau));
        let number = format!("№{}", item.item.id);
        assert_eq!(bands.contains(&number), involved, "{number}");
    }
    // Its submission only.
    let summary: String = doc.pages[1..body].iter().map(page_text).collect();
    assert!(summary.contains("水道局.xlsx") && !summary.contains("財政局.xlsx"));
}

#[test]
fn labels_reword_the_report() {
    let r = report();
    let opts = LayoutOptions {
        labels: Labels {
            content: "事業の内容".into(),
            page_number: "{page} / {total}".into(),
            ..Labels::default()
        },
        ..LayoutOptions::default()
    };
    let doc = layout_report(&r, &Mono::default(), &opts).document;
    let labels: Vec<&str> = doc.pages.iter().flat_map(texts).map(|t| t.0).collect();
    assert!(labels.contains(&"事業の内容") && !labels.contains(&"取組内容"));
    let n = doc.pages.len();
    assert_eq!(page_text_last(&doc.pages[n - 1]), format!("{n} / {n}"));
}

#[test]
fn any_scale_works() {
    let mut r = report();
    let g = |symbol: &str, level, on_target| shinchoku::plan::Grade {
        symbol: symbol.into(),
        label: format!("評価{symbol}"),
        on_target,
        completes: false,
        level,
    };
    r.scale = shinchoku::plan::GradeScale::new(vec![
        g("S", 6, true),
        g("A", 5, true),
        g("B", 4, true),
        g("C", 3, false),
        g("D", 2, false),
        g("E", 1, false),
        g("Z", 0, false),
    ]);
    for (i, item) in r.items.iter_mut().enumerate() {
        let s = r.scale[i % 7].symbol.clone();
        item.grade = Some(s.clone());
        for u in &mut item.units {
            if let Some(gr) = &mut u.grade {
                gr.symbol = s.clone();
            }
        }
    }
    let doc = lay(&r).document;
    let summary = page_text(&doc.pages[1]);
    for s in ["S", "A", "Z"] {
        assert!(summary.contains(&format!("評価{s}")), "legend names {s}");
    }
}

#[test]
fn layout_work_grows_linearly_with_the_plan() {
    let base = report();
    // Ten copies of the plan, numbered apart.
    let big = support::scaled(&base, 10);
    let count = |r: &Report| {
        let ts = Mono::default();
        let laid = layout_report(r, &ts, &LayoutOptions::default());
        (ts.breaks.get(), laid.document.pages.len())
    };
    let (small_work, small_pages) = count(&base);
    let (big_work, big_pages) = count(&big);
    assert!(
        big_work <= small_work * 10 + small_work / 10,
        "{big_work} line-breaking calls for 10× the plan, {small_work} for 1×"
    );
    assert!(big_pages <= small_pages * 10 + 5);
}

#[test]
fn the_year_label_reads_the_fiscal_year() {
    let mut r = report();
    r.meta.year = FiscalYear::new(2019).unwrap();
    let all: String = lay(&r).document.pages.iter().map(page_text).collect();
    assert!(all.contains("令和元年度の取組実績") || all.contains("令和元年度の"));
}

#[test]
fn the_typesetter_here_is_a_fair_stand_in() {
    // The tests' typesetter keeps every character and the plan's indent.
    let ts = Mono::default();
    let para = "　毎年度、取組内容や目標に記載した事項について着実に実施していきます。";
    let lines = ts.break_lines(para, 100.0, 200.0, 10.0, FontStyle::Regular);
    assert_eq!(lines.concat(), para);
    assert!(lines[0].starts_with('　'));
    assert!(ts.width(&lines[0], FontStyle::Regular, 10.0) <= 100.0);
}

#[test]
fn an_empty_report_still_lays_out() {
    let mut r = report();
    r.items.clear();
    r.bureaus.clear();
    let doc = lay(&r).document;
    assert!(doc.pages.len() >= 3, "cover, summary and an empty 一覧");
    assert!(page_text(&doc.pages[1]).contains("全0項目中、0項目（0.0％）"));
    // A bureau that owns nothing gets the same, not a panic.
    let r = report().for_bureau(&Bureau("存在しない局".into()));
    let doc = lay(&r).document;
    assert!(page_text(&doc.pages[0]).contains("（存在しない局）"));
}
