//! The build pipeline as the office runs it: the outputs are put in place as one set, and
//! last year's report compares the same whether it is read from report.json or rebuilt from
//! last year's workbooks.

use std::path::{Path, PathBuf};

use shinchoku::pipeline::load_previous;
use shinchoku::plan;

#[path = "support/cli.rs"]
mod cli;

use cli::build;

fn tmp(name: &str) -> PathBuf {
    cli::scratch("pipeline", name)
}

fn listing(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if p.is_dir() {
            for (n, b) in listing(&p) {
                out.push((format!("{name}/{n}"), b));
            }
        } else {
            out.push((name, std::fs::read(&p).unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn a_failed_build_leaves_the_previous_report_untouched() {
    let root = tmp("failed");
    let subs = root.join("提出");
    shinchoku::samples::extract("R3", &subs).unwrap();
    let out = root.join("報告書");
    let o = build(&subs, "R3", &out, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let before = listing(&out);
    assert_eq!(before.len(), 6, "pdf, xlsx, html, json, schema, csv");

    // A folder where this run's report.json should go: the others are written to
    // temporary files, and then the set cannot be committed.
    let json = out.join("report.json");
    std::fs::remove_file(&json).unwrap();
    std::fs::create_dir_all(json.join("中身")).unwrap();
    let before = listing(&out);
    let o = build(&subs, "R3", &out, &["--by-bureau"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("report.json"), "{err}");
    assert_eq!(
        listing(&out),
        before,
        "every old file as it was, nothing new, no temporaries"
    );
    assert!(!out.join("bureaus").exists());
    std::fs::remove_dir_all(&root).ok();
}

#[test]
fn last_year_compares_the_same_from_its_report_or_its_workbooks() {
    let root = tmp("previous");
    let r2 = root.join("R2");
    shinchoku::samples::extract("R2", &r2).unwrap();
    let out2 = root.join("報告書R2");
    let o = build(&r2, "R2", &out2, &[]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let plan = plan::load_bundled().unwrap();
    let year = "R3".parse().unwrap();
    let from_json = load_previous(&plan, year, &out2.join("report.json")).unwrap();
    let from_workbooks = load_previous(&plan, year, &r2).unwrap();
    assert!(!from_json.unit_grades.is_empty());
    assert_eq!(from_json, from_workbooks);

    // And the published comparison is the same either way.
    let r3 = root.join("R3");
    shinchoku::samples::extract("R3", &r3).unwrap();
    let a = root.join("a");
    let b = root.join("b");
    let json = out2.join("report.json");
    for (out, prev) in [(&a, json.as_path()), (&b, r2.as_path())] {
        let o = build(&r3, "R3", out, &["--previous", prev.to_str().unwrap()]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    for f in [
        "report.json",
        "report.pdf",
        "report.html",
        "report.xlsx",
        "report.csv",
    ] {
        assert!(
            std::fs::read(a.join(f)).unwrap() == std::fs::read(b.join(f)).unwrap(),
            "{f} differs"
        );
    }
    std::fs::remove_dir_all(&root).ok();
}
