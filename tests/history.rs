//! The plan period: each year built from its own workbooks, then 令和3年度 with `--history`.
//! Every unit-year grade and the cumulative 効果額 must be what that year's own merge said.

use std::io::Read;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_from_rs, Data, Range, Reader, Xlsx};

use shinchoku::plan::{self, FiscalYear};
use shinchoku::report::merge::{merge, MergeOptions};
use shinchoku::report::Report;
use shinchoku::workbook::check::check_dir;

#[path = "support/cli.rs"]
mod cli;

use cli::{build, shinchoku};

fn tmp(name: &str) -> PathBuf {
    cli::scratch("history", name)
}

fn merged(subs: &Path, year: FiscalYear) -> Report {
    let plan = plan::load_bundled().unwrap();
    let check = check_dir(&plan, year, subs).unwrap();
    assert!(!check.has_errors(), "{year}: the samples check cleanly");
    merge(
        &plan,
        year,
        &check,
        &MergeOptions {
            date: "2022-06-01".parse().unwrap(),
            incomplete: false,
        },
    )
}

/// 報告書/R1, 報告書/R2 built from the bundled samples, and the R3 samples.
fn archive(root: &Path) -> (PathBuf, PathBuf) {
    let archive = root.join("報告書");
    for y in ["R1", "R2", "R3"] {
        shinchoku::samples::extract(y, &root.join("提出").join(y)).unwrap();
    }
    for y in ["R1", "R2"] {
        let o = build(&root.join("提出").join(y), y, &archive.join(y), &[]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    (archive, root.join("提出").join("R3"))
}

/// report.xlsx's sheets, in order, and its 推移 sheet.
fn history_sheet(out: &Path) -> (Vec<String>, Range<Data>) {
    let bytes = std::fs::read(out.join("report.xlsx")).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let names = wb.sheet_names();
    let range = wb.worksheet_range("推移").unwrap();
    (names, range)
}

fn text(r: &Range<Data>, row: u32, col: u32) -> String {
    match r.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Empty) | None => String::new(),
        Some(other) => panic!("({row},{col}) is not text: {other:?}"),
    }
}

fn number(r: &Range<Data>, row: u32, col: u32) -> Option<f64> {
    match r.get_value((row, col)) {
        Some(Data::Float(f)) => Some(*f),
        Some(Data::Empty) | None => None,
        Some(other) => panic!("({row},{col}) is not a number: {other:?}"),
    }
}

/// The row whose label (first column) is `label`, below the units.
fn labelled_row(r: &Range<Data>, label: &str) -> u32 {
    (0..r.height() as u32)
        .find(|&row| text(r, row, 0) == label)
        .unwrap_or_else(|| panic!("no row {label}"))
}

/// The year columns of 推移 start after №, 実施項目, 主な取組み, 所管局.
const FIRST_YEAR_COL: u32 = 4;

#[test]
fn three_years_of_history_agree_with_each_years_own_merge() {
    let root = tmp("three");
    let (archive, r3) = archive(&root);
    let out = root.join("報告書").join("R3");
    let o = build(&r3, "R3", &out, &["--history", archive.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    let h = &json["history"];
    assert_eq!(h["years"], serde_json::json!([2019, 2020, 2021]));
    assert_eq!(h["missing_years"], serde_json::json!([]));

    let years: Vec<FiscalYear> = ["R1", "R2", "R3"]
        .iter()
        .map(|y| y.parse().unwrap())
        .collect();
    let reports: Vec<Report> = years
        .iter()
        .zip(["R1", "R2", "R3"])
        .map(|(y, name)| merged(&root.join("提出").join(name), *y))
        .collect();
    let mut cumulative = 0.0;
    for (k, r) in reports.iter().enumerate() {
        let effect: f64 = r.units().filter_map(|(_, u)| u.effect_thousand_yen).sum();
        cumulative += effect;
        let f = &h["figures"][k];
        assert_eq!(
            f["effect_thousand_yen"].as_f64().unwrap(),
            effect,
            "{}",
            years[k]
        );
        assert_eq!(
            f["cumulative_thousand_yen"].as_f64().unwrap(),
            cumulative,
            "{}",
            years[k]
        );
        let graded_on_target = r
            .items
            .iter()
            .filter(|i| {
                i.grade
                    .as_deref()
                    .and_then(|g| r.grade(g))
                    .is_some_and(|g| g.on_target)
            })
            .count();
        assert_eq!(f["on_target"].as_u64().unwrap() as usize, graded_on_target);
    }
    let units = h["units"].as_array().unwrap();
    assert_eq!(units.len(), reports[2].units().count());
    let mut checked = 0;
    for u in units {
        let id = u["id"].as_str().unwrap();
        for (k, r) in reports.iter().enumerate() {
            let year = &u["years"][k];
            let expected = r
                .units()
                .find(|(_, x)| x.id.to_string() == id)
                .map(|(_, x)| x);
            let Some(expected) = expected else {
                assert_eq!(year["state"], "not_in_force", "{id} {}", years[k]);
                continue;
            };
            assert_eq!(year["state"], "reported");
            assert_eq!(
                year["grade"].as_str(),
                expected.grade.as_ref().map(|g| g.symbol.as_str()),
                "{id} {}",
                years[k]
            );
            for (e, got) in expected
                .entries
                .iter()
                .zip(year["results"].as_array().unwrap())
            {
                assert_eq!(got[1].as_str().unwrap(), e.result, "{id}: 実績 verbatim");
            }
            checked += 1;
        }
    }
    assert!(checked > 400, "{checked}");
    html_shows_the_plan_period(&out, &reports);
    // Built without --history, the page has none of it (not even its styles).
    let r2 = std::fs::read_to_string(archive.join("R2").join("report.html")).unwrap();
    for needle in [
        "trend-heading",
        "ol.trend",
        "class=\"trend\"",
        "計画期間の推移",
    ] {
        assert!(!r2.contains(needle), "{needle}");
    }
    std::fs::remove_dir_all(&root).ok();
}

/// The unit's section of report.html: from its anchor to the end of its section.
fn unit_section<'a>(html: &'a str, anchor: &str) -> &'a str {
    let start = html
        .find(&format!("<section id=\"{anchor}\""))
        .unwrap_or_else(|| panic!("{anchor}"));
    let end = start + html[start..].find("</section>").unwrap();
    &html[start..end]
}

/// report.html of R3 with the history of R1 and R2: the city's sentence, the 効果額 and its
/// running total, and every year's grade of a few units, as each year's own merge says.
fn html_shows_the_plan_period(out: &Path, reports: &[Report]) {
    use shinchoku::plan::format;
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let years = ["令和元年度", "令和2年度", "令和3年度"];
    // The city's sentence, from this year's and last year's counts.
    let share = |r: &Report| {
        let on = r
            .items
            .iter()
            .filter(|i| {
                i.grade
                    .as_deref()
                    .and_then(|g| r.grade(g))
                    .is_some_and(|g| g.on_target)
            })
            .count();
        (r.items.len(), on, on as f64 / r.items.len() as f64)
    };
    let (total, on, now) = share(&reports[2]);
    let (_, _, before) = share(&reports[1]);
    let points = format::one_decimal(((now - before) * 100.0).abs());
    let sign = if points == "0.0" {
        "±"
    } else if now > before {
        "+"
    } else {
        "-"
    };
    let sentence = format!(
        "<p class=\"trend-sentence\">全{total}項目中{on}項目（{}％）が目標どおり又は目標を上回る進捗となりました（前年度比{sign}{points}ポイント）。</p>",
        format::percent_number(now)
    );
    assert!(html.contains(&sentence), "{sentence}");
    // 効果額 by year and the running total, in the sentence and the table.
    let mut cumulative = 0.0;
    for (k, r) in reports.iter().enumerate() {
        let effect: f64 = r.units().filter_map(|(_, u)| u.effect_thousand_yen).sum();
        cumulative += effect;
        let row = format!(
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}％</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            years[k],
            format::percent_number(share(r).2),
            format::yen_thousands(effect),
            format::yen_thousands(cumulative)
        );
        assert!(html.contains(&row), "{row}");
    }
    let effect = format!(
        "効果額は今年度 {}、令和元年度からの累計 {}",
        format::yen_thousands(
            reports[2]
                .units()
                .filter_map(|(_, u)| u.effect_thousand_yen)
                .sum()
        ),
        format::yen_thousands(cumulative)
    );
    assert!(html.contains(&effect), "{effect}");
    // The trend chart is named with every year.
    let title = html
        .split("<title id=\"chart-trend-share-title\">")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .expect("the trend chart");
    assert!(years.iter().all(|y| title.contains(y)), "{title}");
    // Every year's grade of a few units: one without initiatives, an initiative, one with
    // indicators, and one the plan added in 令和3年度 (対象外 before).
    for (id, anchor) in [
        ("4", "u4"),
        ("5.5", "u5-5"),
        ("8.2", "u8-2"),
        ("24-2", "u24-2"),
    ] {
        let section = unit_section(&html, anchor);
        let row = section
            .split("<ol class=\"trend\">")
            .nth(1)
            .and_then(|t| t.split("</ol>").next())
            .unwrap_or_else(|| panic!("{id}: no 推移 row"));
        for (k, r) in reports.iter().enumerate() {
            let grade = match r.units().find(|(_, u)| u.id.to_string() == id) {
                Some((_, u)) => u
                    .grade
                    .as_ref()
                    .map(|g| g.symbol.clone())
                    .unwrap_or_else(|| panic!("{id} graded in {}", years[k])),
                None => "対象外".to_string(),
            };
            let cell = format!(
                "<span class=\"year\">{}</span> <span class=\"grade-symbol\">{grade}</span>",
                years[k]
            );
            assert!(row.contains(&cell), "{id}: {cell} in {row}");
        }
    }
    // An indicator's actuals by year against their targets.
    let section = unit_section(&html, "u8-2");
    assert!(section.contains("<table class=\"indicator-trend\">"));
    for (k, r) in reports.iter().enumerate() {
        let unit = r
            .units()
            .find(|(_, u)| u.id.to_string() == "8.2")
            .unwrap()
            .1;
        let i = &unit.indicators[0];
        let num = |v: Option<f64>| format!("{}{}", format::fixed(v.unwrap(), i.decimals), i.unit);
        let row = format!(
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            years[k],
            num(i.target),
            num(i.actual)
        );
        assert!(section.contains(&row), "{row}");
    }
    // The units behind for two years link to their place in the list.
    let behind = html
        .split("<ul class=\"behind-list\">")
        .nth(1)
        .and_then(|t| t.split("</ul>").next())
        .expect("units behind");
    assert!(behind.contains("<a href=\"#u4\">"), "{behind}");
}

#[test]
fn a_missing_year_is_a_gap_not_an_error() {
    let root = tmp("gap");
    let (archive, r3) = archive(&root);
    std::fs::remove_dir_all(archive.join("R2")).unwrap();
    let out = root.join("out");
    let o = build(&r3, "R3", &out, &["--history", archive.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    let h = &json["history"];
    assert_eq!(h["years"], serde_json::json!([2019, 2020, 2021]));
    assert_eq!(h["missing_years"], serde_json::json!([2020]));
    assert!(h["units"]
        .as_array()
        .unwrap()
        .iter()
        .all(|u| u["years"][1]["state"] == "no_report"));
    // In the page, the year is a gap (報告なし), never a zero.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains(
        "<tr><th scope=\"row\">令和2年度</th><td class=\"num\">報告なし</td><td class=\"num\">報告なし</td><td class=\"num\">報告なし</td></tr>"
    ));
    assert!(html.contains("令和2年度：報告なし。"), "the chart's name");
    assert!(html.contains("<rect class=\"gap\""));
    assert!(html.contains(
        "<li class=\"gap\"><span class=\"arrow\" aria-hidden=\"true\">→</span><span class=\"year\">令和2年度</span> <span class=\"grade-symbol\">報告なし</span></li>"
    ));
    let (_, r) = history_sheet(&out);
    assert_eq!(text(&r, 0, FIRST_YEAR_COL + 1), "令和2年度");
    assert_eq!(text(&r, 1, FIRST_YEAR_COL + 1), "報告なし");
    let effect = labelled_row(&r, "効果額");
    assert_eq!(number(&r, effect, FIRST_YEAR_COL + 1), None, "a gap, not 0");
    assert!(number(&r, effect, FIRST_YEAR_COL).is_some());
    std::fs::remove_dir_all(&root).ok();
}

#[test]
fn a_unit_added_to_the_master_later_is_shown_as_not_in_force() {
    let root = tmp("added");
    let (archive, r3) = archive(&root);
    // The master says the plan's revision added №24-2 in 令和3年度 (and №33-3 in 令和2年度):
    // the earlier years' reports do not hold them.
    for (year, absent, present) in [("R1", "24-2", None), ("R2", "24-2", Some("33-3"))] {
        let p = archive.join(year).join("report.json");
        let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
        let ids: Vec<&str> = json["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["item"]["id"].as_str().unwrap())
            .collect();
        assert!(!ids.contains(&absent), "{year}: {ids:?}");
        assert!(!ids.contains(&"33-3") || present.is_some(), "{year}");
        if let Some(p) = present {
            assert!(ids.contains(&p), "{year}: {ids:?}");
        }
    }
    let out = root.join("out");
    let o = build(&r3, "R3", &out, &["--history", archive.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    let unit = json["history"]["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"].as_str().unwrap().starts_with("24-2"))
        .unwrap();
    assert_eq!(unit["years"][0]["state"], "not_in_force");
    assert_eq!(unit["years"][1]["state"], "not_in_force");
    assert_eq!(unit["years"][2]["state"], "reported");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let section = unit_section(&html, "u24-2");
    assert!(
        section.contains(
            "<span class=\"year\">令和2年度</span> <span class=\"grade-symbol\">対象外</span>"
        ),
        "{section}"
    );
    std::fs::remove_dir_all(&root).ok();
}

#[test]
fn bad_archives_are_named_in_japanese() {
    let root = tmp("bad");
    let (archive, r3) = archive(&root);
    let out = root.join("out");
    let run = |archive: &Path| {
        let o = build(&r3, "R3", &out, &["--history", archive.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1));
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    // A foreign JSON file.
    let foreign = root.join("foreign");
    std::fs::create_dir_all(foreign.join("R1")).unwrap();
    std::fs::write(foreign.join("R1/report.json"), r#"{"name": "other tool"}"#).unwrap();
    let e = run(&foreign);
    assert!(
        e.contains("R1/report.json") && e.contains("report.json として読めません"),
        "{e}"
    );
    // A corrupt one.
    std::fs::write(foreign.join("R1/report.json"), "{\"meta\": ").unwrap();
    let e = run(&foreign);
    assert!(e.contains("R1/report.json"), "{e}");
    // Two reports for the same year.
    let twice = root.join("twice");
    for d in ["R2", "R2のコピー"] {
        std::fs::create_dir_all(twice.join(d)).unwrap();
        std::fs::copy(
            archive.join("R2/report.json"),
            twice.join(d).join("report.json"),
        )
        .unwrap();
    }
    let e = run(&twice);
    assert!(e.contains("令和2年度の報告が2つあります"), "{e}");
    // A report from this year or later.
    let future = root.join("future");
    std::fs::create_dir_all(future.join("R4")).unwrap();
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(archive.join("R2/report.json")).unwrap()).unwrap();
    json["meta"]["year"] = 2022.into();
    std::fs::write(
        future.join("R4/report.json"),
        serde_json::to_vec(&json).unwrap(),
    )
    .unwrap();
    let e = run(&future);
    assert!(e.contains("令和4年度の報告です"), "{e}");
    // And the same for --previous.
    let o = build(
        &r3,
        "R3",
        &out,
        &[
            "--previous",
            future.join("R4/report.json").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("令和4年度の報告です"));
    assert!(!out.exists(), "nothing was written");
    std::fs::remove_dir_all(&root).ok();
}

#[test]
fn the_plans_estimate_is_read_from_settings() {
    let root = tmp("estimate");
    let (archive, r3) = archive(&root);
    let plan = root.join("plan");
    std::fs::create_dir_all(&plan).unwrap();
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/plan");
    for e in std::fs::read_dir(&seeds).unwrap().flatten() {
        if e.path().extension().is_some_and(|x| x == "toml") {
            std::fs::copy(e.path(), plan.join(e.file_name())).unwrap();
        }
    }
    let settings = plan.join("settings.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    let text = text.replacen(
        "max_effect_thousand_yen",
        "effect_estimate_thousand_yen = { total = 5000000, 2019 = 1500000, 2021 = 1800000 }\nmax_effect_thousand_yen",
        1,
    );
    std::fs::write(&settings, text).unwrap();
    let out = root.join("out");
    let o = shinchoku(&[
        "--plan",
        plan.to_str().unwrap(),
        "build",
        r3.to_str().unwrap(),
        "--year",
        "R3",
        "--out",
        out.to_str().unwrap(),
        "--history",
        archive.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    let h = &json["history"];
    assert_eq!(h["estimate_thousand_yen"].as_f64(), Some(5_000_000.0));
    assert_eq!(
        h["figures"][0]["estimate_thousand_yen"].as_f64(),
        Some(1_500_000.0)
    );
    assert!(h["figures"][1].get("estimate_thousand_yen").is_none());
    assert_eq!(
        h["figures"][2]["estimate_thousand_yen"].as_f64(),
        Some(1_800_000.0)
    );
    let (_, r) = history_sheet(&out);
    let by_year = labelled_row(&r, "効果額の見込額");
    assert_eq!(number(&r, by_year, FIRST_YEAR_COL), Some(1_500_000.0));
    assert_eq!(number(&r, by_year, FIRST_YEAR_COL + 1), None);
    let total = labelled_row(&r, "計画期間の見込額");
    assert_eq!(number(&r, total, FIRST_YEAR_COL), Some(5_000_000.0));
    let share = labelled_row(&r, "見込額に対する累計の割合");
    let cumulative = h["figures"][2]["cumulative_thousand_yen"].as_f64().unwrap();
    assert_eq!(
        number(&r, share, FIRST_YEAR_COL + 2),
        Some(cumulative / 5_000_000.0)
    );
    std::fs::remove_dir_all(&root).ok();
}

#[test]
fn the_workbook_shows_the_plan_period_sheet_and_chart() {
    let root = tmp("xlsx");
    let (archive, r3) = archive(&root);
    let out = root.join("out");
    let o = build(&r3, "R3", &out, &["--history", archive.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    let h = &json["history"];
    let (names, r) = history_sheet(&out);
    assert_eq!(names[0], "集計");
    assert_eq!(names[1], "推移", "{names:?}");

    let header: Vec<String> = (0..7).map(|c| text(&r, 0, c)).collect();
    assert_eq!(
        header,
        [
            "№",
            "実施項目",
            "主な取組み",
            "所管局",
            "令和元年度",
            "令和2年度",
            "令和3年度"
        ]
    );

    // One row per unit, in the history's order, each year's grade as report.json has it.
    let units = h["units"].as_array().unwrap();
    let no_value = shinchoku::wording::Wording::embedded().labels().no_value;
    let mut graded = 0;
    for (k, u) in units.iter().enumerate() {
        let row = k as u32 + 1;
        let id = u["id"].as_str().unwrap();
        let item = id.split('.').next().unwrap();
        assert_eq!(text(&r, row, 0), item, "row {row}");
        for (y, year) in u["years"].as_array().unwrap().iter().enumerate() {
            let mut expected = match year["state"].as_str().unwrap() {
                "reported" => year["grade"]
                    .as_str()
                    .map_or(no_value.clone(), str::to_string),
                "not_in_force" => "対象外".to_string(),
                "no_report" => "報告なし".to_string(),
                other => panic!("{other}"),
            };
            if year["revised"].as_bool().unwrap() {
                expected.push_str("（改定）");
            }
            assert_eq!(
                text(&r, row, FIRST_YEAR_COL + y as u32),
                expected,
                "{id} {}",
                year["year"]
            );
            graded += usize::from(year["grade"].is_string());
        }
    }
    assert!(graded > 400, "{graded}");
    assert_eq!(
        text(&r, units.len() as u32 + 1, 0),
        "",
        "a gap after the units"
    );

    // The 効果額 and its running total are numbers equal to the history's figures.
    let effect = labelled_row(&r, "効果額");
    let cumulative = labelled_row(&r, "効果額の累計");
    assert!(effect > units.len() as u32);
    assert_eq!(
        text(&r, effect - 1, 0),
        "年度",
        "the years head the 効果額 table"
    );
    let share = labelled_row(&r, "目標どおり以上の割合");
    for (y, f) in h["figures"].as_array().unwrap().iter().enumerate() {
        let c = FIRST_YEAR_COL + y as u32;
        assert_eq!(text(&r, effect - 1, c), header[c as usize]);
        assert_eq!(number(&r, effect, c), f["effect_thousand_yen"].as_f64());
        assert_eq!(
            number(&r, cumulative, c),
            f["cumulative_thousand_yen"].as_f64()
        );
        assert_eq!(number(&r, share, c), f["on_target_share"].as_f64());
    }

    // A native chart drawn from those cells, with its title and axis names from cells too.
    let bytes = std::fs::read(out.join("report.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut charts = Vec::new();
    let mut sheet = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        if name.starts_with("xl/charts/chart") {
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            charts.push(s);
        } else if name == "xl/worksheets/sheet2.xml" {
            f.read_to_string(&mut sheet).unwrap();
        }
    }
    // The second sheet: units filtered and frozen under the header, printed landscape, the
    // 効果額 on a page of its own.
    let filter = format!("<autoFilter ref=\"A1:G{}\"", units.len() + 1);
    assert!(sheet.contains(&filter), "{filter}");
    assert!(sheet.contains("state=\"frozen\"") && sheet.contains("orientation=\"landscape\""));
    assert!(sheet.contains(&format!("<brk id=\"{}\"", effect - 2)));
    assert!(sheet.contains("<drawing "));
    let chart = charts
        .iter()
        .find(|c| c.contains("推移"))
        .expect("a chart of the 推移 sheet");
    assert!(chart.contains("<c:barChart>") && chart.contains("<c:lineChart>"));
    let effect_ref = format!("$E${}:$G${}", effect + 1, effect + 1);
    let cumulative_ref = format!("$E${}:$G${}", cumulative + 1, cumulative + 1);
    assert!(chart.contains(&effect_ref), "{effect_ref}");
    assert!(chart.contains(&cumulative_ref), "{cumulative_ref}");
    assert!(chart.contains("効果額の推移") && chart.contains("（単位：千円）"));
    std::fs::remove_dir_all(&root).ok();
}
