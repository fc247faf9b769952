//! Last year in the bureau workbooks: `templates --previous` shows last year's answers beside
//! each row, and `check --previous` warns where this year's answers read like last year's or
//! move far from them. Also: a master that changes over the years (units in force).

use std::path::{Path, PathBuf};

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};
use serde_json::Value;

use shinchoku::plan::{self, FiscalYear, Plan, ReportingUnit};
use shinchoku::workbook::check::check_dir;
use shinchoku::workbook::last_year::{LastYear, LastYearFor};
use shinchoku::workbook::schema::{
    self, indicator_value_col, units_for_bureau, Col, ReferenceCol, FIRST_DATA_ROW, HEADER_ROW,
    INPUT_SHEET,
};
use shinchoku::workbook::template::{write_template, Filled};

#[path = "support/cli.rs"]
mod cli;

use cli::shinchoku;

fn tmp(name: &str) -> PathBuf {
    cli::scratch("last-year", name)
}

fn fy(s: &str) -> FiscalYear {
    s.parse().unwrap()
}

fn input_sheet(path: &Path) -> Range<Data> {
    let bytes = std::fs::read(path).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    wb.worksheet_range(INPUT_SHEET).unwrap()
}

fn text(r: &Range<Data>, row: u32, col: u16) -> String {
    match r.get_value((row, col as u32)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        _ => String::new(),
    }
}

/// Last year's answers as the bundled R2 samples give them.
fn r2_answers(plan: &Plan, dir: &Path) -> LastYear {
    shinchoku::samples::extract("R2", dir).unwrap();
    let outcome = check_dir(plan, fy("R2"), dir).unwrap();
    LastYear::from_outcome(plan, fy("R2"), &outcome)
}

#[test]
fn every_sample_year_checks_cleanly_against_todays_master() {
    for y in ["R1", "R2", "R3"] {
        let dir = tmp(&format!("clean-{y}"));
        shinchoku::samples::extract(y, &dir).unwrap();
        let o = shinchoku(&["check", dir.to_str().unwrap(), "--year", y]);
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(o.status.success(), "{y}: {out}");
        assert!(out.contains("エラー 0件"), "{y}: {out}");
        std::fs::remove_dir_all(&dir).ok();
    }
}

#[test]
fn units_are_asked_only_in_the_years_they_are_in_force() {
    let plan = plan::load_bundled().unwrap();
    let ids =
        |y: &str| -> Vec<String> { plan.units_in(fy(y)).map(|u| u.id().to_string()).collect() };
    let (r1, r2, r3) = (ids("R1"), ids("R2"), ids("R3"));
    // The revision added №24-2 and №53-2's initiatives in 令和3年度, №33-3 in 令和2年度.
    assert!(!r1.contains(&"24-2".to_string()) && !r2.contains(&"24-2".to_string()));
    assert!(r3.contains(&"24-2".to_string()));
    assert!(!r1.contains(&"33-3".to_string()) && r2.contains(&"33-3".to_string()));
    assert!(!r2.iter().any(|id| id.starts_with("53-2.")));
    assert!(r3.iter().any(|id| id.starts_with("53-2.")));
    // The R2 workbooks ask nothing about units added in R3.
    let dir = tmp("in-force");
    let o = shinchoku(&["templates", "--year", "R2", "--out", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r = input_sheet(&dir.join("健康福祉局.xlsx"));
    let numbers: Vec<String> = (FIRST_DATA_ROW..r.height() as u32)
        .map(|row| text(&r, row, Col::No.index()))
        .collect();
    assert!(!numbers.contains(&"№24-2".to_string()), "{numbers:?}");
    assert!(
        numbers.contains(&"№33-3".to_string()),
        "added in R2: {numbers:?}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// Every one of a bureau's last-year 取組実績 is in its new workbook, word for word, beside
/// the right unit, with its grade; the input cells stay empty.
fn assert_reference_columns(plan: &Plan, out: &Path, last: &LastYear) {
    let mut seen = 0;
    for bureau in plan.reporting_bureaus(fy("R3")) {
        let units = units_for_bureau(plan, bureau.as_str(), fy("R3"));
        let pairs = units
            .iter()
            .map(|u| u.text().indicators.len())
            .max()
            .unwrap_or(0);
        let r = input_sheet(&out.join(format!("{bureau}.xlsx")));
        assert_eq!(
            text(&r, HEADER_ROW, ReferenceCol::Result.index(pairs)),
            "（参考）令和2年度の取組実績"
        );
        for (i, u) in units.iter().enumerate() {
            let row = FIRST_DATA_ROW + i as u32;
            let result = text(&r, row, ReferenceCol::Result.index(pairs));
            match last.get(&u.id(), bureau.as_str()) {
                LastYearFor::Answered(a) => {
                    assert_eq!(result, a.result, "{bureau} №{}", u.id());
                    assert_eq!(
                        text(&r, row, ReferenceCol::Grade.index(pairs)),
                        a.grade.clone().unwrap_or_default()
                    );
                    seen += 1;
                }
                LastYearFor::NotInForce => assert_eq!(result, "（令和2年度は対象外でした）"),
                LastYearFor::NoAnswer => assert_eq!(result, "（令和2年度の回答はありません）"),
            }
            assert_eq!(text(&r, row, Col::Result.index()), "", "input stays empty");
            assert_eq!(text(&r, row, Col::Grade.index()), "");
        }
    }
    assert!(seen > 100, "{seen} answers checked");
}

#[test]
fn templates_with_last_years_folder_or_report_show_every_answer_verbatim() {
    let plan = plan::load_bundled().unwrap();
    let root = tmp("templates");
    let r2 = root.join("R2");
    let last = r2_answers(&plan, &r2);
    // From last year's workbooks.
    let out = root.join("from-folder");
    let o = shinchoku(&[
        "templates",
        "--year",
        "R3",
        "--previous",
        r2.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(said.contains("令和2年度の評価・取組実績・効果額を参考として載せました"));
    assert_reference_columns(&plan, &out, &last);
    // From last year's report.json: the same workbooks.
    let report = root.join("report-R2");
    let o = cli::build(&r2, "R2", &report, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out2 = root.join("from-report");
    let o = shinchoku(&[
        "templates",
        "--year",
        "R3",
        "--previous",
        report.join("report.json").to_str().unwrap(),
        "--out",
        out2.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_reference_columns(&plan, &out2, &last);
    for b in ["財政局", "総務局"] {
        let a = input_sheet(&out.join(format!("{b}.xlsx")));
        let b = input_sheet(&out2.join(format!("{b}.xlsx")));
        assert_eq!(a, b);
    }
    // A report for this year is refused, naming the file.
    let o = shinchoku(&[
        "templates",
        "--year",
        "R2",
        "--previous",
        report.join("report.json").to_str().unwrap(),
        "--out",
        root.join("refused").to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("report.json は令和2年度の報告です。--previous には令和2年度より前の年度"),
        "{err}"
    );
    // Something else is refused, naming it.
    let foreign = root.join("other.json");
    std::fs::write(&foreign, "{\"hello\": 1}").unwrap();
    let o = shinchoku(&[
        "templates",
        "--year",
        "R3",
        "--previous",
        foreign.to_str().unwrap(),
        "--out",
        root.join("refused").to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("other.json は shinchoku build が書いた report.json として読めません"),
        "{err}"
    );
    std::fs::remove_dir_all(&root).ok();
}

/// One unit of each kind the checks against last year look for, with the cell the warning
/// must name.
struct Planted {
    copied: Option<(String, String)>,
    dropped: Option<(String, String)>,
    effect: Option<(String, String)>,
    indicator: Option<(String, String)>,
}

#[test]
fn check_against_last_year_warns_at_the_cell_and_exits_zero() {
    let plan = plan::load_bundled().unwrap();
    let root = tmp("check");
    let r2 = root.join("R2");
    let last = r2_answers(&plan, &r2);
    let r3 = root.join("R3");
    std::fs::create_dir_all(&r3).unwrap();
    let level = |s: &str| plan.settings.grades.get(s).map(|g| g.level);
    let mut planted = Planted {
        copied: None,
        dropped: None,
        effect: None,
        indicator: None,
    };
    for bureau in plan.reporting_bureaus(fy("R3")) {
        let b = bureau.as_str();
        let units = units_for_bureau(&plan, b, fy("R3"));
        let mut answers: Vec<Filled> = Vec::new();
        for (i, u) in units.iter().enumerate() {
            let cell = |col: u16| {
                (
                    b.to_string(),
                    schema::cell_name(FIRST_DATA_ROW + i as u32, col),
                )
            };
            let mut f = Filled {
                result: format!("令和3年度の取組を進めた（№{}）。", u.id()),
                grade: "○".into(),
                issues: "引き続き取り組む。".into(),
                actuals: vec![None; u.text().indicators.len()],
                ..Filled::default()
            };
            if let LastYearFor::Answered(a) = last.get(&u.id(), b) {
                if planted.copied.is_none() && !a.result.is_empty() {
                    f.result = a.result.clone();
                    planted.copied = Some(cell(Col::Result.index()));
                } else if planted.dropped.is_none() && a.grade.as_deref().and_then(level) == Some(4)
                {
                    f.grade = "△".into();
                    planted.dropped = Some(cell(Col::Grade.index()));
                } else if planted.effect.is_none() && a.effect_thousand_yen.unwrap_or(0.0) > 10.0 {
                    f.effect = Some((a.effect_thousand_yen.unwrap() * 3.0) as u64);
                    planted.effect = Some(cell(Col::Effect.index()));
                } else if planted.indicator.is_none() {
                    if let Some(v) = away_from_target(u, &a.actuals) {
                        f.actuals[0] = Some(v);
                        planted.indicator = Some(cell(indicator_value_col(0)));
                    }
                }
            }
            answers.push(f);
        }
        let fill = |u: &ReportingUnit| {
            let i = units.iter().position(|x| x.id() == u.id())?;
            Some(answers[i].clone())
        };
        let bytes = write_template(&plan, b, fy("R3"), Some(&fill)).unwrap();
        std::fs::write(r3.join(format!("{b}.xlsx")), bytes).unwrap();
    }
    let o = shinchoku(&[
        "check",
        r3.to_str().unwrap(),
        "--year",
        "R3",
        "--previous",
        r2.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "warnings only: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    let json: Value = serde_json::from_slice(&o.stdout).unwrap();
    let diags = json["diagnostics"].as_array().unwrap();
    let find = |planted: &Option<(String, String)>, words: &str| {
        let (bureau, cell) = planted
            .as_ref()
            .expect("a unit of this kind in the samples");
        diags
            .iter()
            .find(|d| {
                d["bureau"] == bureau.as_str()
                    && d["cell"] == cell.as_str()
                    && d["message"].as_str().unwrap().contains(words)
            })
            .unwrap_or_else(|| panic!("no warning at {bureau} {cell} with {words}: {diags:#?}"))
            .clone()
    };
    let copied = find(
        &planted.copied,
        "前年度と同じ記載です。今年度の取組を記入してください",
    );
    assert_eq!(copied["severity"], "warning");
    assert_eq!(copied["sheet"], "入力");
    assert_eq!(
        copied["file"],
        format!("{}.xlsx", planted.copied.as_ref().unwrap().0)
    );
    find(
        &planted.dropped,
        "2段階下がっています。理由を「課題・今後の取組」に書いてください",
    );
    find(&planted.effect, "半分を超えて変わっています");
    find(&planted.indicator, "から遠ざかっています");
    // Without --previous, none of these is said.
    let o = shinchoku(&[
        "check",
        r3.to_str().unwrap(),
        "--year",
        "R3",
        "--format",
        "json",
    ]);
    let json: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(!json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["message"]
            .as_str()
            .unwrap()
            .contains("前年度と同じ記載です")));
    std::fs::remove_dir_all(&root).ok();
}

/// An actual further from the unit's first indicator's target than last year's, if it has one.
fn away_from_target(u: &ReportingUnit, before: &[Option<f64>]) -> Option<f64> {
    let ind = u.text().indicators.first()?;
    let target = ind.effective_target(fy("R3"))?.value;
    let b = (*before.first()?)?;
    let v = match ind.better {
        plan::Better::Higher if b > 0.0 => b / 2.0,
        plan::Better::Lower if b > 0.0 => b * 2.0,
        _ => return None,
    };
    let now = ind.better.achievement(target, v)?;
    (now < 1.0 && now < ind.better.achievement(target, b)?).then_some(v)
}
