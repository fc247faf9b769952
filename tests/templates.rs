//! `shinchoku templates` as the office runs it, and the workbooks as a bureau (and the
//! reader) will open them.

use std::collections::BTreeSet;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use calamine::{open_workbook_from_rs, Data, Range, Reader, SheetVisible, Xlsx};
use shinchoku::output::safe_file_stem;
use shinchoku::plan::{load_bundled, FiscalYear, Plan};
use shinchoku::workbook::schema::{
    self, indicator_label, indicator_label_col, indicator_value_col, locked_values, meta,
    units_for_bureau, Col, FIRST_DATA_ROW, GUIDE_SHEET, HEADER_ROW, INPUT_SHEET, LOCKED_COLS,
    META_SHEET,
};
use shinchoku::workbook::template::{indicator_headers, write_template, Filled};

fn shinchoku(args: &[&str]) -> Output {
    shinchoku_env(args, &[])
}

fn shinchoku_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_shinchoku"));
    cmd.args(args)
        .current_dir(std::env::temp_dir())
        .env_remove("SOURCE_DATE_EPOCH");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run shinchoku")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A fresh folder for one test, under cargo's scratch space for integration tests.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("templates-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The R3 templates of every bureau, made once and only read by the tests that share it.
fn shared_r3() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = scratch("shared-r3");
        generate(&dir);
        dir
    })
}

fn r3() -> FiscalYear {
    FiscalYear::new(2021).unwrap()
}

fn generate(dir: &Path) -> Output {
    let o = shinchoku(&["templates", "--year", "R3", "--out", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    o
}

struct Opened {
    input: Range<Data>,
    meta: Range<Data>,
    guide: Range<Data>,
    visibility: Vec<(String, SheetVisible)>,
}

fn open(bytes: &[u8]) -> Opened {
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("an xlsx");
    let visibility = wb
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible))
        .collect();
    Opened {
        input: wb.worksheet_range(INPUT_SHEET).unwrap(),
        meta: wb.worksheet_range(META_SHEET).unwrap(),
        guide: wb.worksheet_range(GUIDE_SHEET).unwrap(),
        visibility,
    }
}

/// A cell as text: strings as they are, empty cells as "".
fn cell(r: &Range<Data>, row: u32, col: u16) -> String {
    match r.get_value((row, col as u32)) {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn number(r: &Range<Data>, row: u32, col: u16) -> Option<f64> {
    match r.get_value((row, col as u32)) {
        Some(Data::Float(f)) => Some(*f),
        Some(Data::Int(i)) => Some(*i as f64),
        _ => None,
    }
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn expected_files(plan: &Plan) -> BTreeSet<String> {
    plan.reporting_bureaus(r3())
        .into_iter()
        .filter(|b| !units_for_bureau(plan, b.as_str(), r3()).is_empty())
        .map(|b| format!("{}.xlsx", safe_file_stem(b.as_str())))
        .collect()
}

fn files_in(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn one_workbook_per_reporting_bureau_with_the_masters_rows() {
    let plan = load_bundled().unwrap();
    let dir = scratch("rows");
    let o = generate(&dir);
    let out = text(&o.stdout);
    assert_eq!(files_in(&dir), expected_files(&plan));
    assert!(out.contains("財政局.xlsx（19件）"), "{out}");
    assert!(out.contains("19ファイル"), "{out}");

    for bureau in plan.reporting_bureaus(r3()) {
        let units = units_for_bureau(&plan, bureau.as_str(), r3());
        let path = dir.join(format!("{}.xlsx", safe_file_stem(bureau.as_str())));
        let wb = open(&std::fs::read(&path).unwrap());

        assert_eq!(
            wb.visibility,
            vec![
                (GUIDE_SHEET.to_string(), SheetVisible::Visible),
                (INPUT_SHEET.to_string(), SheetVisible::Visible),
                (META_SHEET.to_string(), SheetVisible::VeryHidden),
            ]
        );
        for col in LOCKED_COLS.iter().chain(&[
            Col::Result,
            Col::Grade,
            Col::Reason,
            Col::Effect,
            Col::Issues,
        ]) {
            assert_eq!(cell(&wb.input, HEADER_ROW, col.index()), col.header(r3()));
        }
        for (i, unit) in units.iter().enumerate() {
            let row = FIRST_DATA_ROW + i as u32;
            let want = locked_values(unit, r3());
            for (col, want) in LOCKED_COLS.iter().zip(want.iter()) {
                assert_eq!(
                    &cell(&wb.input, row, col.index()),
                    want,
                    "{bureau} №{} {:?}",
                    unit.id(),
                    col
                );
            }
            for col in [
                Col::Result,
                Col::Grade,
                Col::Reason,
                Col::Effect,
                Col::Issues,
            ] {
                assert_eq!(
                    cell(&wb.input, row, col.index()),
                    "",
                    "the template is empty"
                );
            }
        }
        let after = FIRST_DATA_ROW + units.len() as u32;
        assert_eq!(
            cell(&wb.input, after, Col::No.index()),
            "",
            "no row after the last unit"
        );

        // The metadata the reader recognises the workbook by.
        let m = &wb.meta;
        let value_of = |key: &str| {
            (0..meta::FIRST_UNIT_ROW)
                .find(|r| cell(m, *r, 0) == key)
                .map(|r| cell(m, r, 1))
                .unwrap_or_else(|| panic!("{key} missing"))
        };
        assert_eq!(
            value_of(meta::FORMAT_VERSION),
            schema::FORMAT_VERSION.to_string()
        );
        assert_eq!(value_of(meta::FISCAL_YEAR), "2021");
        assert_eq!(value_of(meta::BUREAU), bureau.as_str());
        assert_eq!(value_of(meta::MASTER_FINGERPRINT), plan.fingerprint());
        assert_eq!(
            value_of(meta::GENERATOR),
            format!("shinchoku {}", env!("CARGO_PKG_VERSION"))
        );
        for (i, unit) in units.iter().enumerate() {
            let r = meta::FIRST_UNIT_ROW + i as u32;
            assert_eq!(cell(m, r, 0), meta::UNIT_TAG);
            assert_eq!(cell(m, r, 1), (FIRST_DATA_ROW + i as u32 + 1).to_string());
            assert_eq!(cell(m, r, 2), unit.id().to_string());
            assert_eq!(cell(m, r, 3), unit.fingerprint());
            assert_eq!(cell(m, r, 4), unit.text().indicators.len().to_string());
            for c in 0..5 {
                assert!(
                    matches!(m.get_value((r, c)), Some(Data::String(_))),
                    "metadata is written as text"
                );
            }
        }
        assert_eq!(cell(m, meta::FIRST_UNIT_ROW + units.len() as u32, 0), "");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_guide_tells_what_to_write_and_by_when() {
    let plan = load_bundled().unwrap();
    let dir = shared_r3();
    let wb = open(&std::fs::read(dir.join("財政局.xlsx")).unwrap());
    let all: Vec<String> = wb
        .guide
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    let all = all.join("\n");
    assert!(all.contains("令和3年度 行財政改革推進プラン実施状況調査 記入要領"));
    assert!(all.contains("所管局：財政局"));
    for g in &plan.settings.grades {
        assert!(
            all.contains(&g.symbol) && all.contains(&g.label),
            "{}",
            g.symbol
        );
    }
    assert!(all.contains("コロナ") && all.contains("新型コロナウイルス感染症の影響"));
    assert!(all.contains(&plan.settings.deadline));
    assert!(all.contains(&plan.settings.contact));
    assert!(all.contains("千円単位の整数"));
}

#[test]
fn indicator_columns_only_where_the_bureau_has_indicators() {
    let plan = load_bundled().unwrap();
    let dir = shared_r3();

    // 総務局 has a unit with three numeric targets.
    let units = units_for_bureau(&plan, "総務局", r3());
    let pairs = units
        .iter()
        .map(|u| u.text().indicators.len())
        .max()
        .unwrap();
    assert!(pairs >= 1);
    let wb = open(&std::fs::read(dir.join("総務局.xlsx")).unwrap());
    for k in 0..pairs {
        let (label, value) = indicator_headers(k, r3());
        assert_eq!(cell(&wb.input, HEADER_ROW, indicator_label_col(k)), label);
        assert_eq!(cell(&wb.input, HEADER_ROW, indicator_value_col(k)), value);
    }
    assert_eq!(
        cell(&wb.input, HEADER_ROW, indicator_value_col(pairs - 1) + 1),
        ""
    );
    for (i, unit) in units.iter().enumerate() {
        let row = FIRST_DATA_ROW + i as u32;
        for k in 0..pairs {
            let want = unit
                .text()
                .indicators
                .get(k)
                .map(|ind| indicator_label(ind, r3()))
                .unwrap_or_default();
            assert_eq!(cell(&wb.input, row, indicator_label_col(k)), want);
            assert_eq!(cell(&wb.input, row, indicator_value_col(k)), "");
        }
    }

    // 水道局's units have none: the sheet ends at 課題・今後の取組.
    assert!(units_for_bureau(&plan, "水道局", r3())
        .iter()
        .all(|u| u.text().indicators.is_empty()));
    let wb = open(&std::fs::read(dir.join("水道局.xlsx")).unwrap());
    assert_eq!(wb.input.end().unwrap().1, Col::Issues.index() as u32);
}

#[test]
fn shared_units_go_to_every_owner_and_completed_ones_to_none() {
    let plan = load_bundled().unwrap();
    let dir = shared_r3();
    let mut asked: Vec<(String, String)> = Vec::new(); // (unit id, bureau)
    for name in files_in(dir) {
        let wb = open(&std::fs::read(dir.join(&name)).unwrap());
        let bureau = cell(&wb.meta, 2, 1);
        let mut r = meta::FIRST_UNIT_ROW;
        while cell(&wb.meta, r, 0) == meta::UNIT_TAG {
            asked.push((cell(&wb.meta, r, 2), bureau.clone()));
            r += 1;
        }
    }
    // №23 is 財政局's, 市民局's and 各区's.
    for b in ["財政局", "市民局", "各区"] {
        assert!(asked.contains(&("23".to_string(), b.to_string())), "{b}");
    }
    let ids: BTreeSet<&str> = asked.iter().map(|(id, _)| id.as_str()).collect();
    for done in plan.units().filter(|u| u.completed()) {
        assert!(
            !ids.contains(done.id().to_string().as_str()),
            "№{}",
            done.id()
        );
    }
    for open_unit in plan.units().filter(|u| !u.completed()) {
        for b in open_unit.bureaus() {
            let pair = (open_unit.id().to_string(), b.to_string());
            assert!(asked.contains(&pair), "{pair:?}");
        }
    }
    assert!(ids.contains("18.2") && !ids.contains("18.1"));
}

#[test]
fn validations_protection_and_the_hidden_sheet_are_in_the_file() {
    let dir = shared_r3();
    let bytes = std::fs::read(dir.join("総務局.xlsx")).unwrap();
    let sheet = part(&bytes, "xl/worksheets/sheet2.xml");
    let last = FIRST_DATA_ROW + 28; // 総務局 has 28 units: rows 4..=31
    let grade = format!(
        "sqref=\"{}:{}\"",
        schema::cell_name(FIRST_DATA_ROW, Col::Grade.index()),
        schema::cell_name(last - 1, Col::Grade.index())
    );
    assert!(
        sheet.contains("<dataValidation type=\"list\""),
        "grade list"
    );
    assert!(sheet.contains(&grade), "{grade}");
    assert!(sheet.contains("◎,○,△,×,完了"));
    assert!(sheet.contains("type=\"whole\""), "effect is a whole number");
    assert!(sheet.contains("type=\"decimal\""), "actuals are numbers");
    assert!(sheet.contains("<sheetProtection"));
    assert!(sheet.contains("formatColumns=\"0\"") && sheet.contains("formatRows=\"0\""));
    assert!(sheet.contains("state=\"frozen\""));
    assert!(sheet.contains("orientation=\"landscape\"") && sheet.contains("paperSize=\"9\""));
    let workbook = part(&bytes, "xl/workbook.xml");
    assert!(workbook.contains(&format!(
        "name=\"{META_SHEET}\" sheetId=\"3\" state=\"veryHidden\""
    )));
    assert!(
        workbook.contains("_xlnm.Print_Titles"),
        "header row repeats on every page"
    );
    let core = part(&bytes, "docProps/core.xml");
    assert!(core.contains("<dc:creator>shinchoku</dc:creator>"));
    assert!(core.contains("2021-04-01T00:00:00Z"), "{core}");
}

#[test]
fn same_input_gives_the_same_bytes() {
    let a = scratch("same-a");
    let b = scratch("same-b");
    generate(&a);
    generate(&b);
    for name in files_in(&a) {
        let x = std::fs::read(a.join(&name)).unwrap();
        let y = std::fs::read(b.join(&name)).unwrap();
        assert!(x == y, "{name} differs between runs");
    }
    // SOURCE_DATE_EPOCH sets the creation time, for reproducible builds.
    let c = scratch("same-c");
    let o = shinchoku_env(
        &[
            "templates",
            "--year",
            "R3",
            "--out",
            c.to_str().unwrap(),
            "--bureau",
            "財政局",
        ],
        &[("SOURCE_DATE_EPOCH", "1650000000")],
    );
    assert!(o.status.success());
    let core = part(
        &std::fs::read(c.join("財政局.xlsx")).unwrap(),
        "docProps/core.xml",
    );
    assert!(core.contains("2022-04-15T00:00:00Z"), "{core}");
    for d in [a, b, c] {
        std::fs::remove_dir_all(d).ok();
    }
}

#[test]
fn a_bad_year_or_bureau_is_a_usage_error_in_japanese() {
    let dir = scratch("usage");
    let out = dir.to_str().unwrap();
    let o = shinchoku(&["templates", "--year", "令和三年度", "--out", out]);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("「令和三年度」は年度として読めません"),
        "{err}"
    );
    let o = shinchoku(&[
        "templates",
        "--year",
        "R3",
        "--out",
        out,
        "--bureau",
        "宇宙局",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("所管局「宇宙局」はマスターにありません"));
    let o = shinchoku(&[
        "templates",
        "--year",
        "R3",
        "--out",
        out,
        "--bureau",
        "議会事務局",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("照会する実施項目"));
    assert!(files_in(&dir).is_empty(), "nothing written");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn filled_in_workbooks_are_not_overwritten_without_force() {
    let dir = scratch("overwrite");
    let out = dir.to_str().unwrap();
    let args = [
        "templates",
        "--year",
        "R3",
        "--out",
        out,
        "--bureau",
        "財政局",
    ];
    assert!(shinchoku(&args).status.success());
    let again = shinchoku(&args);
    assert!(again.status.success(), "the same bytes again are fine");
    assert!(text(&again.stdout).contains("変更なし"));

    let path = dir.join("財政局.xlsx");
    std::fs::write(&path, b"a bureau's answers").unwrap();
    let o = shinchoku(&args);
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("財政局.xlsx") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), b"a bureau's answers");

    let mut forced = args.to_vec();
    forced.push("--force");
    assert!(shinchoku(&forced).status.success());
    assert!(std::fs::read(&path).unwrap().starts_with(b"PK"));
    assert_eq!(files_in(&dir).len(), 1, "no temporary file is left");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn filled_values_land_in_their_cells_and_formulas_stay_text() {
    let plan = load_bundled().unwrap();
    let units = units_for_bureau(&plan, "総務局", r3());
    let with_indicator = units
        .iter()
        .position(|u| !u.text().indicators.is_empty())
        .unwrap();
    let target_id = units[with_indicator].id();
    let fill = |u: &shinchoku::plan::ReportingUnit| {
        (u.id() == target_id).then(|| Filled {
            result: "=SUM(A1:A9)\n二行目".into(),
            grade: "△".into(),
            reason: Some("コロナ".into()),
            effect: Some(12_345),
            issues: "@課題".into(),
            actuals: vec![Some(97.5)],
        })
    };
    let bytes = write_template(&plan, "総務局", r3(), Some(&fill)).unwrap();
    let wb = open(&bytes);
    let row = FIRST_DATA_ROW + with_indicator as u32;
    assert_eq!(
        cell(&wb.input, row, Col::Result.index()),
        "=SUM(A1:A9)\n二行目"
    );
    assert_eq!(cell(&wb.input, row, Col::Grade.index()), "△");
    assert_eq!(cell(&wb.input, row, Col::Reason.index()), "コロナ");
    assert_eq!(number(&wb.input, row, Col::Effect.index()), Some(12_345.0));
    assert_eq!(cell(&wb.input, row, Col::Issues.index()), "@課題");
    assert_eq!(number(&wb.input, row, indicator_value_col(0)), Some(97.5));
    assert_eq!(
        cell(&wb.input, row + 1, Col::Grade.index()),
        "",
        "other rows stay empty"
    );
    let sheet = part(&bytes, "xl/worksheets/sheet2.xml");
    assert!(!sheet.contains("<f>"), "no formula anywhere");
}

/// The bundled sample submissions must match the bundled master and layout, or `check`
/// would reject its own demo data. Regenerate them with `examples/gen_samples.rs` when this
/// fails (see seeds/samples/R3/README.md).
#[test]
fn bundled_samples_match_the_master() {
    let plan = load_bundled().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/samples");
    for (code, start) in [("R3", 2021u16), ("R2", 2020), ("R1", 2019)] {
        let year = FiscalYear::new(start).unwrap();
        let dir = root.join(code);
        let files: BTreeSet<String> = files_in(&dir)
            .into_iter()
            .filter(|f| f.ends_with(".xlsx"))
            .collect();
        assert_eq!(files, expected_files(&plan), "{code}");
        let symbols: Vec<&str> = plan
            .settings
            .grades
            .iter()
            .map(|g| g.symbol.as_str())
            .collect();
        let mut grades: Vec<String> = Vec::new();
        let mut grade_of_4 = BTreeSet::new();
        for bureau in plan.reporting_bureaus(year) {
            let units = units_for_bureau(&plan, bureau.as_str(), year);
            let path = dir.join(format!("{}.xlsx", safe_file_stem(bureau.as_str())));
            let wb = open(&std::fs::read(&path).unwrap());
            assert_eq!(cell(&wb.meta, 1, 1), start.to_string(), "{path:?}");
            assert_eq!(
                cell(&wb.meta, 3, 1),
                plan.fingerprint(),
                "{path:?} is stale"
            );
            for (i, unit) in units.iter().enumerate() {
                let row = FIRST_DATA_ROW + i as u32;
                for (col, want) in LOCKED_COLS.iter().zip(locked_values(unit, year).iter()) {
                    assert_eq!(&cell(&wb.input, row, col.index()), want, "{path:?} {col:?}");
                }
                let grade = cell(&wb.input, row, Col::Grade.index());
                assert!(symbols.contains(&grade.as_str()), "{grade}");
                assert!(!cell(&wb.input, row, Col::Result.index()).is_empty());
                if unit.id().to_string() == "4" {
                    grade_of_4.insert(grade.clone());
                }
                grades.push(grade);
            }
        }
        for s in ["◎", "○", "△", "×", "完了"] {
            assert!(grades.iter().any(|g| g == s), "{code} has {s}");
        }
        assert_eq!(grade_of_4.len(), 2, "№4's bureaus disagree in {code}");
    }
}
