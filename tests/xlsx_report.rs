//! report.xlsx, rendered from a report made the real way — filled bureau workbooks written
//! with the template writer, checked and merged — then read back with calamine as any other
//! program (or Excel) would read it.

use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use shinchoku::plan::{self, Bureau, FiscalYear, Plan, ReportingUnit};
use shinchoku::render::xlsx::XlsxRenderer;
use shinchoku::render::{render_to_vec, RenderContext};
use shinchoku::report::merge::{merge, MergeOptions};
use shinchoku::report::summary::summarize;
use shinchoku::report::{Report, UnitStatus};
use shinchoku::wording::Wording;
use shinchoku::workbook::check::check_dir;
use shinchoku::workbook::template::{write_template, Filled};

mod support;

const FORMULA_TEXT: &str = "=SUM(A1)";
const PHONE_TEXT: &str = "+81 22-214-1111（代表）へ問い合わせが多く寄せられた。";
const MINUS_TEXT: &str = "-5％の削減を目標に、引き続き取り組む。";
const AT_TEXT: &str = "@窓口の受付時間を見直した。";
/// The bureau that sends nothing: its units are 未提出.
const SILENT_BUREAU: &str = "ガス局";

fn r3() -> FiscalYear {
    "R3".parse().unwrap()
}

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("shinchoku-xlsx-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Units reported as a whole by one bureau: where the special texts go.
fn simple_units(plan: &Plan) -> Vec<String> {
    plan.units()
        .filter(|u| {
            u.initiative.is_none()
                && u.bureaus().len() == 1
                && !u.completed()
                && u.bureaus()[0].as_str() != SILENT_BUREAU
        })
        .map(|u| u.id().to_string())
        .collect()
}

/// What a bureau writes: grades cycling through the scale (with a reason tag on some △),
/// 効果額 on some units, actuals on target except every third unit's (half of it), the special
/// texts on the first simple units, and for shared units a grade that depends on the bureau so
/// that some bureaus disagree.
fn answer(plan: &Plan, bureau: &str, u: &ReportingUnit, index: usize) -> Filled {
    let id = u.id().to_string();
    let simple = simple_units(plan);
    let result = match simple.iter().position(|s| *s == id) {
        Some(0) => FORMULA_TEXT.to_string(),
        Some(1) => PHONE_TEXT.to_string(),
        Some(2) => AT_TEXT.to_string(),
        _ => format!(
            "{}は「{}」を計画どおり実施した。\n（№{id}）",
            r3().wareki(),
            u.title()
        ),
    };
    let issues = if simple.get(1) == Some(&id) {
        MINUS_TEXT.to_string()
    } else {
        format!("引き続き{}に取り組む。", u.title())
    };
    let grades = ["◎", "○", "○", "△", "×", "○", "完了"];
    let mut k = index;
    if u.bureaus().len() > 1 {
        k += bureau.chars().count();
    }
    let grade = grades[k % grades.len()];
    let reason = (grade == "△" && index % 2 == 1).then(|| "コロナ".to_string());
    let behind = index % 3 == 0;
    Filled {
        result,
        grade: grade.into(),
        reason,
        effect: (index % 4 == 0).then_some(1000 + index as u64 * 37),
        issues,
        actuals: u
            .text()
            .indicators
            .iter()
            .map(|i| {
                i.effective_target(r3())
                    .map(|t| if behind { t.value * 0.5 } else { t.value })
                    .or(i.baseline.as_ref().map(|b| b.value))
            })
            .collect(),
    }
}

struct Fixture {
    plan: Plan,
    report: Report,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let plan = plan::load_bundled().unwrap();
        let dir = tmpdir("subs");
        let order: HashMap<String, usize> = plan
            .units()
            .enumerate()
            .map(|(i, u)| (u.id().to_string(), i))
            .collect();
        for b in plan.reporting_bureaus(r3()) {
            if b.as_str() == SILENT_BUREAU {
                continue;
            }
            let fill =
                |u: &ReportingUnit| Some(answer(&plan, b.as_str(), u, order[&u.id().to_string()]));
            let bytes = write_template(&plan, b.as_str(), r3(), Some(&fill)).unwrap();
            std::fs::write(dir.join(format!("{}.xlsx", b.as_str())), bytes).unwrap();
        }
        let check = check_dir(&plan, r3(), &dir).unwrap();
        let report = merge(
            &plan,
            r3(),
            &check,
            &MergeOptions {
                date: "2022-06-01".parse().unwrap(),
                incomplete: true,
            },
        );
        std::fs::remove_dir_all(&dir).ok();
        Fixture { plan, report }
    })
}

/// What the renderer wrote and said.
struct Out {
    bytes: Vec<u8>,
    warnings: Vec<String>,
}

fn render_with(report: &Report, wording: &Wording, bureau: Option<&str>) -> Out {
    let scoped = bureau.map(|b| report.for_bureau(&Bureau(b.to_string())));
    let ctx = RenderContext {
        report: scoped.as_ref().unwrap_or(report),
        wording,
        fallback_fonts: &[],
    };
    let (bytes, done) = render_to_vec(&XlsxRenderer, &ctx).unwrap();
    Out {
        bytes,
        warnings: done.warnings.iter().map(|w| w.to_string()).collect(),
    }
}

fn render(bureau: Option<&str>) -> Out {
    render_with(&fixture().report, &Wording::embedded(), bureau)
}

fn full() -> &'static [u8] {
    static B: OnceLock<Vec<u8>> = OnceLock::new();
    B.get_or_init(|| render(None).bytes)
}

fn open(bytes: &[u8]) -> Xlsx<std::io::Cursor<Vec<u8>>> {
    open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap()
}

fn sheet(bytes: &[u8], name: &str) -> Range<Data> {
    open(bytes).worksheet_range(name).unwrap()
}

fn text(r: &Range<Data>, row: u32, col: u32) -> String {
    match r.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => panic!("({row},{col}) is not text: {other:?}"),
    }
}

fn number(r: &Range<Data>, row: u32, col: u32) -> f64 {
    match r.get_value((row, col)) {
        Some(Data::Float(f)) => *f,
        other => panic!("({row},{col}) is not a number: {other:?}"),
    }
}

fn column(r: &Range<Data>, header_row: u32, name: &str) -> u32 {
    (0..r.width() as u32)
        .find(|&c| text(r, header_row, c) == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

/// The files inside the .xlsx (a zip), by name.
fn parts(bytes: &[u8]) -> HashMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut out = HashMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut s = String::new();
        if f.read_to_string(&mut s).is_ok() {
            out.insert(f.name().unwrap().into_owned(), s);
        }
    }
    out
}

/// The worksheet XML of a sheet, found through workbook.xml and its relationships.
fn sheet_xml(bytes: &[u8], name: &str) -> String {
    let p = parts(bytes);
    let names = open(bytes).sheet_names();
    let index = names.iter().position(|n| n == name).unwrap() + 1;
    p[&format!("xl/worksheets/sheet{index}.xml")].clone()
}

#[test]
fn every_sheet_is_there_and_named_validly() {
    let names = open(full()).sheet_names();
    // Every wording template rendered (a broken one renders as ［key: error］).
    for name in &names {
        for (_, _, v) in sheet(full(), name).used_cells() {
            if let Data::String(s) = v {
                assert!(!s.contains("Error rendering"), "{name}: {s}");
            }
        }
    }
    assert_eq!(&names[..4], ["集計", "一覧", "指標", "提出状況"]);
    let pillars = &fixture().report.pillars;
    assert_eq!(names.len(), 4 + pillars.len());
    for (name, p) in names[4..].iter().zip(pillars) {
        assert!(name.starts_with(&format!("{} ", p.number)), "{name}");
        assert!(name.encode_utf16().count() <= 31, "{name}");
        assert!(
            !name.contains(['[', ']', ':', '*', '?', '/', '\\']),
            "{name}"
        );
    }
}

#[test]
fn summary_counts_equal_the_model() {
    let report = &fixture().report;
    let summary = summarize(report);
    let r = sheet(full(), "集計");
    let header = (0..r.height() as u32)
        .find(|&row| text(&r, row, 1) == report.scale[0].symbol)
        .expect("the grade table's header");
    let cols: Vec<u32> = report
        .scale
        .iter()
        .map(|g| column(&r, header, &g.symbol))
        .collect();
    let items_col = column(&r, header, "計");
    let row_of = |label: &str| {
        (header..r.height() as u32)
            .find(|&row| text(&r, row, 0) == label)
            .unwrap_or_else(|| panic!("no row {label}"))
    };
    let check = |row: u32, tally: &shinchoku::report::summary::Tally| {
        for (k, c) in cols.iter().enumerate() {
            assert_eq!(number(&r, row, *c), tally.by_grade[k] as f64, "row {row}");
        }
        assert_eq!(number(&r, row, items_col), tally.items as f64);
    };
    let mut seen = 0;
    for p in &summary.pillars {
        let pillar_label = format!(
            "{}　{}",
            char::from_u32(0xFF10 + p.number as u32).unwrap(),
            p.title
        );
        let prow = row_of(&pillar_label);
        check(prow, &p.tally);
        for (k, s) in p.sections.iter().enumerate() {
            let srow = prow + 1 + k as u32;
            assert_eq!(text(&r, srow, 0), format!("({})　{}", s.number, s.title));
            check(srow, &s.tally);
            seen += 1;
        }
    }
    assert!(seen >= 6);
    let total_row = row_of("合計");
    check(total_row, &summary.total);
    assert_eq!(summary.total.items, report.items.len());
    // And straight from the model: items counted by the grade the report gives them.
    for (k, g) in report.scale.iter().enumerate() {
        let items = report
            .items
            .iter()
            .filter(|i| i.grade.as_deref() == Some(g.symbol.as_str()))
            .count();
        assert_eq!(number(&r, total_row, cols[k]), items as f64, "{}", g.symbol);
    }
    // The counts really vary: the fixture has every grade of the scale.
    assert!(
        summary.total.by_grade.iter().all(|&n| n > 0),
        "{:?}",
        summary.total
    );

    let total = &summary.total;
    let sentence = format!(
        "全{}項目中、{}項目（{:.1}％）が目標どおり又は目標を上回る進捗となりました。",
        total.items,
        total.on_target,
        total.on_target as f64 * 100.0 / total.items as f64
    );
    assert!((0..r.height() as u32).any(|row| text(&r, row, 0) == sentence));

    // 効果額: the pillar table's total is the summary's total.
    let effect_rows: Vec<u32> = (0..r.height() as u32)
        .filter(|&row| text(&r, row, 0) == "合計")
        .collect();
    assert_eq!(
        effect_rows.len(),
        3,
        "grade, pillar 効果額 and bureau 効果額 totals"
    );
    for row in &effect_rows[1..] {
        let v = number(&r, *row, 1);
        assert!((v - summary.effect.total_thousand_yen).abs() < 1e-6, "{v}");
    }
    assert!(summary.effect.total_thousand_yen > 0.0);
}

#[test]
fn the_list_has_one_row_per_unit_with_the_exact_texts() {
    let report = &fixture().report;
    let r = sheet(full(), "一覧");
    let units: Vec<_> = report.units().collect();
    assert_eq!(r.height(), units.len() + 1, "header + one row per unit");
    let no = column(&r, 0, "№");
    let title = column(&r, 0, "実施項目");
    let initiative = column(&r, 0, "主な取組み");
    let grade = column(&r, 0, "評価");
    let result = column(&r, 0, "令和3年度の取組実績");
    let effect = column(&r, 0, "効果額（千円）");
    let issues = column(&r, 0, "課題・今後の取組");
    let status = column(&r, 0, "状況");
    let (mut multi, mut missing, mut completed, mut reasons, mut effects) = (0, 0, 0, 0, 0);
    for (k, (item, unit)) in units.iter().enumerate() {
        let row = k as u32 + 1;
        assert_eq!(text(&r, row, no), item.item.id.to_string());
        assert_eq!(text(&r, row, title), item.item.title);
        if unit.initiative.is_some() {
            assert_eq!(text(&r, row, initiative), unit.title);
        }
        let got = text(&r, row, result);
        match unit.status {
            UnitStatus::Missing => {
                missing += 1;
                assert_eq!(text(&r, row, status), "未提出");
            }
            UnitStatus::CompletedEarlier => {
                completed += 1;
                assert_eq!(text(&r, row, status), "完了済");
            }
            _ if unit.bureaus.len() == 1 => {
                assert_eq!(got, unit.entries[0].result);
                assert_eq!(text(&r, row, issues), unit.entries[0].issues);
            }
            _ => {
                multi += 1;
                for e in &unit.entries {
                    let block = format!("【{}】{}", e.bureau, e.result);
                    assert!(got.contains(&block), "{got}");
                }
                for b in &unit.missing_bureaus {
                    assert!(got.contains(&format!("【{b}】未提出")), "{got}");
                }
            }
        }
        if let Some(g) = &unit.grade {
            let want = format!("{}{}", g.symbol, g.reason.as_deref().unwrap_or(""));
            assert_eq!(text(&r, row, grade), want);
            reasons += g.reason.is_some() as usize;
            if g.disagreement.is_some() {
                assert!(text(&r, row, status).contains("所管局により評価が異なります"));
            }
        }
        match unit.effect_thousand_yen {
            Some(v) => {
                effects += 1;
                assert_eq!(number(&r, row, effect), v, "効果額 is a number");
            }
            None => assert!(matches!(
                r.get_value((row, effect)),
                None | Some(Data::Empty)
            )),
        }
    }
    assert!(multi > 0 && missing > 0 && completed > 0 && reasons > 0 && effects > 0);
}

#[test]
fn texts_that_look_like_formulas_stay_texts() {
    let bytes = full();
    let r = sheet(bytes, "一覧");
    let result = column(&r, 0, "令和3年度の取組実績");
    let issues = column(&r, 0, "課題・今後の取組");
    let find = |col: u32, want: &str| {
        (1..r.height() as u32)
            .find(|&row| r.get_value((row, col)) == Some(&Data::String(want.to_string())))
            .unwrap_or_else(|| panic!("{want} is not stored as text"))
    };
    let row = find(result, FORMULA_TEXT);
    find(result, PHONE_TEXT);
    find(result, AT_TEXT);
    find(issues, MINUS_TEXT);
    let formulas = open(bytes).worksheet_formula("一覧").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no formula anywhere on 一覧"
    );
    assert!(formulas
        .get_value((row, result))
        .is_none_or(|f| f.is_empty()));
    // Nor on the pillar sheets, where the same text is printed.
    let names = open(bytes).sheet_names();
    let mut seen = false;
    for name in &names[4..] {
        let r = sheet(bytes, name);
        seen |= r
            .used_cells()
            .any(|(_, _, v)| v == &Data::String(FORMULA_TEXT.into()));
        let f = open(bytes).worksheet_formula(name).unwrap();
        assert!(f.used_cells().all(|(_, _, f)| f.is_empty()), "{name}");
    }
    assert!(seen, "the text is on its pillar sheet");
    assert!(!sheet_xml(bytes, "一覧").contains("<f>"));
}

#[test]
fn indicators_are_numbers_and_behind_targets_are_flagged() {
    let report = &fixture().report;
    let bytes = full();
    let r = sheet(bytes, "指標");
    let header = 1;
    let rate = column(&r, header, "達成率");
    let actual = column(&r, header, "令和3年度の実績");
    let target = column(&r, header, "目標値");
    let name = column(&r, header, "指標名");
    let flag = column(&r, header, "確認");
    let indicators: Vec<_> = report
        .units()
        .flat_map(|(_, u)| u.indicators.iter())
        .collect();
    assert!(indicators.len() > 10);
    assert_eq!(r.height(), indicators.len() + 2);
    let (mut behind, mut flagged) = (0, 0);
    for (k, ind) in indicators.iter().enumerate() {
        let row = k as u32 + 2;
        assert_eq!(text(&r, row, name), ind.name);
        if let Some(a) = ind.achievement {
            assert!(
                (number(&r, row, rate) - a).abs() < 1e-12,
                "達成率 is a number"
            );
            behind += (a < 1.0) as usize;
        }
        if let Some(a) = ind.actual {
            assert_eq!(number(&r, row, actual), a);
        }
        if let Some(t) = ind.target {
            assert_eq!(number(&r, row, target), t);
        }
        if ind.suggests_behind {
            flagged += 1;
            assert!(text(&r, row, flag).contains("評価を確かめてください"));
        } else {
            assert_eq!(text(&r, row, flag), "");
        }
    }
    assert!(behind > 0 && flagged > 0, "{behind} {flagged}");
    let xml = sheet_xml(bytes, "指標");
    assert!(
        xml.contains("<conditionalFormatting sqref=\"L3:L"),
        "highlight on 達成率"
    );
    assert!(xml.contains("ISNUMBER(L3)"));
    assert!(xml.contains("0.0%") || parts(bytes)["xl/styles.xml"].contains("0.0%"));
}

#[test]
fn submission_status_lists_every_bureau() {
    let report = &fixture().report;
    let r = sheet(full(), "提出状況");
    assert_eq!(text(&r, 1, 0), "所管局");
    for (k, b) in report.bureaus.iter().enumerate() {
        let row = k as u32 + 2;
        assert_eq!(text(&r, row, 0), b.bureau.as_str());
        match &b.file {
            Some(f) => assert_eq!(&text(&r, row, 1), f),
            None => {
                assert_eq!(b.bureau.as_str(), SILENT_BUREAU);
                assert_eq!(text(&r, row, 1), "未提出");
            }
        }
        assert_eq!(number(&r, row, 2), b.expected as f64);
        assert_eq!(number(&r, row, 3), b.answered as f64);
    }
}

#[test]
fn pillar_sheets_print_every_unit_like_the_plan() {
    let f = fixture();
    let bytes = full();
    let names = open(bytes).sheet_names();
    for (name, p) in names[4..].iter().zip(&f.report.pillars) {
        let r = sheet(bytes, name);
        let cells: Vec<String> = r
            .used_cells()
            .filter_map(|(_, _, v)| match v {
                Data::String(s) => Some(s.clone()),
                _ => None,
            })
            .collect();
        let all = cells.join("\n");
        for item in f
            .report
            .items
            .iter()
            .filter(|i| i.item.section.pillar == p.number)
        {
            assert!(
                cells
                    .iter()
                    .any(|c| c.starts_with(&format!("№{}　{}", item.item.id, item.item.title))),
                "№{} band on {name}",
                item.item.id
            );
            for unit in &item.units {
                for e in &unit.entries {
                    assert!(all.contains(&e.result), "{} on {name}", unit.id);
                }
            }
        }
        for label in [
            "取組内容",
            "目　　標",
            "令和3年度の取組実績",
            "評　　価",
            "効 果 額",
        ] {
            assert!(cells.iter().any(|c| c == label), "{label} on {name}");
        }
        let xml = sheet_xml(bytes, name);
        assert!(xml.contains("orientation=\"portrait\"") && xml.contains("paperSize=\"9\""));
        assert!(xml.contains("<mergeCell "));
    }
    // 効果額 on the pillar sheets is a number with a 千円 format.
    let r = sheet(bytes, &names[4]);
    assert!(r.used_cells().any(|(_, _, v)| matches!(v, Data::Float(_))));
    assert!(parts(bytes)["xl/styles.xml"].contains("千円"));
    // Long sheets get page breaks between items.
    assert!(names[4..]
        .iter()
        .any(|n| sheet_xml(bytes, n).contains("<rowBreaks")));
}

#[test]
fn charts_freeze_panes_filters_and_print_setup_are_there() {
    let bytes = full();
    let p = parts(bytes);
    let charts: Vec<&String> = p
        .keys()
        .filter(|k| k.starts_with("xl/charts/chart"))
        .collect();
    assert_eq!(charts.len(), 2, "{charts:?}");
    assert!(p["xl/charts/chart1.xml"].contains("<c:barDir val=\"bar\"/>"));
    assert!(p["xl/charts/chart1.xml"].contains("<c:grouping val=\"stacked\"/>"));
    assert!(p["xl/charts/chart2.xml"].contains("集計"));
    assert!(sheet_xml(bytes, "集計").contains("<drawing "));
    let list = sheet_xml(bytes, "一覧");
    assert!(list.contains("<autoFilter ref=\"A1:J"));
    assert!(list.contains("state=\"frozen\""));
    assert!(list.contains("orientation=\"landscape\""));
    assert!(list.contains("fitToHeight=\"0\""));
    assert!(p["xl/workbook.xml"].contains("_xlnm.Print_Titles"));
    assert!(
        p["xl/workbook.xml"].contains("'一覧'!$1:$1")
            || p["xl/workbook.xml"].contains("一覧!$1:$1")
    );
    assert!(
        p["docProps/core.xml"].contains("2022-06-01"),
        "the printed date, not the clock"
    );
}

#[test]
fn the_same_report_gives_the_same_bytes() {
    assert_eq!(render(None).bytes, full());
    assert_eq!(render(Some("財政局")).bytes, render(Some("財政局")).bytes);
}

#[test]
fn one_bureau_gets_only_its_units() {
    let f = fixture();
    let bytes = render(Some("財政局")).bytes;
    let r = sheet(&bytes, "一覧");
    let owned: Vec<_> = f
        .report
        .units()
        .filter(|(_, u)| u.bureaus.iter().any(|b| b.as_str() == "財政局"))
        .collect();
    assert!(!owned.is_empty());
    assert_eq!(r.height(), owned.len() + 1);
    for (k, (item, _)) in owned.iter().enumerate() {
        assert_eq!(text(&r, k as u32 + 1, 0), item.item.id.to_string());
    }
    let s = sheet(&bytes, "提出状況");
    assert_eq!(text(&s, 2, 0), "財政局");
    assert_eq!(text(&s, 3, 0), "合計");
    let summary = sheet(&bytes, "集計");
    assert!(summary
        .used_cells()
        .any(|(_, _, v)| v == &Data::String("令和3年度　実施状況報告（財政局所管分）".into())));
    // A bureau that owns nothing still gets a valid, empty workbook.
    let empty = render(Some("存在しない局")).bytes;
    assert_eq!(sheet(&empty, "一覧").height(), 1);
    assert_eq!(
        open(&empty).sheet_names().len(),
        4,
        "no empty pillar sheets"
    );
    // 財政局 owns nothing under pillar 2: no sheet for it.
    let names = open(&bytes).sheet_names();
    let owned_pillars: std::collections::BTreeSet<u8> =
        owned.iter().map(|(i, _)| i.item.section.pillar).collect();
    assert_eq!(names.len(), 4 + owned_pillars.len());
    assert!(owned_pillars.len() < f.report.pillars.len());
}

#[test]
fn overlong_text_is_cut_with_a_warning_and_kept_whole_on_the_plan_sheet() {
    let mut report = fixture().report.clone();
    let long = format!("{}。", "長い取組実績の文章".repeat(4_000));
    let (row, unit_id) = {
        let (k, unit) = report
            .items
            .iter_mut()
            .flat_map(|i| i.units.iter_mut())
            .enumerate()
            .find(|(_, u)| u.entries.len() == 1)
            .unwrap();
        unit.entries[0].result = long.clone();
        (k as u32 + 1, unit.id.clone())
    };
    let done = render_with(&report, &Wording::embedded(), None);
    assert_eq!(done.warnings.len(), 1, "{:?}", done.warnings);
    assert!(done.warnings[0].contains("一覧!G"), "{}", done.warnings[0]);
    let r = sheet(&done.bytes, "一覧");
    let cell = text(&r, row, 6);
    assert_eq!(cell.encode_utf16().count(), 32_767);
    assert!(cell.ends_with('…'));
    // The pillar sheet splits the text over rows labelled （続き）, losing nothing.
    let item = report
        .items
        .iter()
        .find(|i| i.units.iter().any(|u| u.id == unit_id))
        .unwrap();
    let names = open(&done.bytes).sheet_names();
    let p = report
        .pillars
        .iter()
        .position(|p| p.number == item.item.section.pillar)
        .unwrap();
    let s = sheet(&done.bytes, &names[4 + p]);
    let label = "令和3年度の取組実績";
    let continued = format!("{label}（続き）");
    let head: String = long.chars().take(30).collect();
    let first = (0..s.height() as u32)
        .find(|&row| text(&s, row, 0) == label && text(&s, row, 1).starts_with(&head))
        .expect("the long text's first row");
    let mut joined = text(&s, first, 1);
    let mut rows = 1;
    while text(&s, first + rows, 0) == continued {
        joined.push_str(&text(&s, first + rows, 1));
        rows += 1;
    }
    assert!(rows > 1, "{rows}");
    let joined = joined.replace('\n', "");
    assert!(
        joined == long,
        "{} of {} characters",
        joined.chars().count(),
        long.chars().count()
    );
}

#[test]
fn office_wording_names_the_sheets_safely() {
    let dir = tmpdir("wording");
    std::fs::write(
        dir.join("wording.toml"),
        "xlsx_sheet_list = \"一覧/全件[A]\"\nxlsx_sheet_indicators = \"集計\"\n\
         xlsx_sheet_pillar = \"柱{{no}}：{{title}}{{title}}\"\n",
    )
    .unwrap();
    let w = Wording::load(Some(&dir)).unwrap();
    let done = render_with(&fixture().report, &w, None);
    let names = open(&done.bytes).sheet_names();
    assert_eq!(names[1], "一覧／全件［A］");
    assert_eq!(names[2], "集計(2)");
    for n in &names[4..] {
        assert!(n.starts_with("柱") && n.contains('：'), "{n}");
        assert_eq!(n.encode_utf16().count(), 31, "{n}");
    }
    // The chart still reads its data from the renamed summary sheet.
    assert!(parts(&done.bytes)["xl/charts/chart1.xml"].contains("集計!$"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_fixture_goes_through_the_real_pipeline() {
    let f = fixture();
    assert_eq!(f.report.items.len(), f.plan.items.len());
    let entries = f
        .report
        .units()
        .map(|(_, u)| u.entries.len())
        .sum::<usize>();
    assert!(entries > 100, "{entries}");
}

/// The rows of a worksheet's XML, in the order written: (row number from 1, height in points
/// when it has one of its own, whether it has cells).
fn xml_rows(xml: &str) -> Vec<(u32, Option<f64>, bool)> {
    let attr = |tag: &str, name: &str| -> Option<String> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(tag[at..].split('"').next()?.to_string())
    };
    xml.split("<row ")
        .skip(1)
        .map(|rest| {
            let end = rest.find('>').unwrap();
            let tag = format!(" {}", &rest[..end]);
            let r = attr(&tag, "r").unwrap().parse().unwrap();
            let custom = attr(&tag, "customHeight").as_deref() == Some("1");
            let ht = attr(&tag, "ht")
                .filter(|_| custom)
                .map(|h| h.parse().unwrap());
            let cells = !tag.ends_with('/') && rest[end..].starts_with("><c ");
            (r, ht, cells)
        })
        .collect()
}

/// 一覧, 指標 and the pillar sheets are written row by row, each row going to a temporary
/// file as the next begins, so a row once left cannot be changed: on a report ten times the
/// plan's size, every unit, indicator and row height is there, in order.
#[test]
fn a_large_report_keeps_every_row_and_its_height_in_order() {
    let big = support::scaled(&fixture().report, 10);
    let units: Vec<_> = big.units().collect();
    assert!(units.len() > 1_000, "{}", units.len());
    let done = render_with(&big, &Wording::embedded(), None);
    assert!(done.warnings.is_empty(), "{:?}", done.warnings);
    let bytes = &done.bytes;

    let list = sheet(bytes, "一覧");
    assert_eq!(list.height(), units.len() + 1);
    let result = column(&list, 0, "令和3年度の取組実績");
    for (k, (item, unit)) in units.iter().enumerate() {
        let row = k as u32 + 1;
        assert_eq!(text(&list, row, 0), item.item.id.to_string(), "row {row}");
        if unit.status == UnitStatus::Reported && unit.bureaus.len() == 1 {
            assert_eq!(
                text(&list, row, result),
                unit.entries[0].result,
                "row {row}"
            );
        }
    }
    let indicators = sheet(bytes, "指標");
    let count = units.iter().map(|(_, u)| u.indicators.len()).sum::<usize>();
    assert_eq!(indicators.height(), count + 2);

    let names = open(bytes).sheet_names();
    let long: Vec<&String> = names[1..3].iter().chain(&names[4..]).collect();
    assert_eq!(long.len(), 2 + big.pillars.len());
    for name in long {
        let mut rows = xml_rows(&sheet_xml(bytes, name));
        // The empty row that ends a sheet written row by row (see `end_rows`).
        assert_eq!(
            rows.pop().map(|(_, ht, cells)| (ht, cells)),
            Some((None, false))
        );
        let numbers: Vec<u32> = rows.iter().map(|(r, _, _)| *r).collect();
        let expected: Vec<u32> = (1..=rows.len() as u32).collect();
        let wrong = numbers.iter().zip(&expected).position(|(a, b)| a != b);
        assert!(
            wrong.is_none(),
            "{name}: row {wrong:?} written twice or out of order"
        );
        // Every row of these sheets is sized to its text.
        for (r, ht, _) in &rows {
            assert!(ht.is_some_and(|h| h > 0.0), "{name} row {r} has no height");
        }
        assert!(rows.len() >= sheet(bytes, name).height(), "{name}");
    }
    // The pillar sheets hold every bureau's text once more.
    let pillar_text: String = names[4..]
        .iter()
        .flat_map(|n| {
            sheet(bytes, n)
                .used_cells()
                .filter_map(|(_, _, v)| match v {
                    Data::String(s) => Some(s.clone()),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
        .collect::<Vec<_>>()
        .join("\n");
    let entries = units.iter().flat_map(|(_, u)| &u.entries);
    for e in entries {
        assert!(pillar_text.contains(&e.result), "{}", e.result);
    }
}

/// `build` as the office runs it: the long sheets' temporary files go to the system's
/// temporary folder and are gone afterwards; when that folder cannot be written, the build
/// stops with a message naming it and no report is put in place.
#[test]
fn the_temporary_folder_is_cleaned_up_and_named_when_unusable() {
    let root = tmpdir("tempdir");
    let subs = root.join("提出");
    shinchoku::samples::extract("R3", &subs).unwrap();
    let build = |tmp: &std::path::Path, out: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_shinchoku"))
            .args(["build", subs.to_str().unwrap(), "--year", "R3", "--out"])
            .arg(out)
            .env_remove("SOURCE_DATE_EPOCH")
            .env("TMPDIR", tmp)
            .envs([("TMP", tmp), ("TEMP", tmp)])
            .output()
            .unwrap()
    };
    let tmp = root.join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let out = root.join("out");
    let o = build(&tmp, &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let bytes = std::fs::read(out.join("report.xlsx")).unwrap();
    assert!(sheet(&bytes, "一覧").height() > 100);
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0, "no file left");

    let missing = root.join("消えた一時フォルダ");
    let out = root.join("out2");
    let o = build(&missing, &out);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("一時ファイル") && err.contains("消えた一時フォルダ"),
        "{err}"
    );
    assert!(!out.join("report.xlsx").exists() && !out.join("report.pdf").exists());
    std::fs::remove_dir_all(&root).ok();
}
