//! The whole pipeline on the bundled samples, as `demo` runs it: every item's title and every
//! submitted 実績 reaches the PDF, the outputs are reproducible, and `--by-bureau` splits.

use std::path::{Path, PathBuf};
use std::process::Command;

use shinchoku::plan;
use shinchoku::render::pdf::ir::Op;
use shinchoku::render::pdf::layout::{layout_report, LayoutOptions, Style};
use shinchoku::render::pdf::typeset;
use shinchoku::report::merge::{merge, MergeOptions};
use shinchoku::workbook::check::check_dir;

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("shinchoku-demo-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn demo(out: &Path, extra: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["demo", "--out", out.to_str().unwrap()])
        .args(extra)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn every_title_and_every_submitted_result_is_printed() {
    let dir = tmp("samples");
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
    let style = Style::default();
    let laid = layout_report(&report, typeset::bundled(), &LayoutOptions::default());
    // The body text in reading order, without what repeats on every page (running header,
    // page number, the subsection carried over) and without continued labels: a text split
    // over two pages then reads as one.
    let mut body = String::new();
    let mut all = String::new();
    for page in &laid.document.pages {
        for op in &page.ops {
            if let Op::Text { text, size, x, .. } = op {
                all.push_str(text);
                // Box labels (取組内容, 令和3年度の / 取組実績（続き）) sit left of the text column.
                let in_label_column = *x < style.margin_left + style.label_width;
                if *size == style.running.size || in_label_column {
                    continue;
                }
                body.push_str(text);
            }
        }
    }
    let (body, all) = (squash(&body), squash(&all));
    for item in &plan.items {
        assert!(all.contains(&squash(&item.title)), "№{} title", item.id);
        for init in &item.initiatives {
            assert!(
                all.contains(&squash(&init.title)),
                "№{} {}",
                item.id,
                init.title
            );
        }
    }
    let mut results = 0;
    for (_, unit) in report.units() {
        for e in &unit.entries {
            assert!(
                body.contains(&squash(&e.result)),
                "{} {}: {}",
                unit.id,
                e.bureau,
                e.result
            );
            results += 1;
        }
    }
    assert!(results > 140, "{results}");
    assert!(laid.warnings.is_empty(), "{:?}", laid.warnings);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_pdf_is_extractable_subset_and_reproducible() {
    let a = tmp("a");
    let b = tmp("b");
    let summary = demo(&a, &[]);
    assert!(summary.contains("ページ"), "{summary}");
    demo(&b, &[]);
    for f in [
        "report.pdf",
        "report.xlsx",
        "report.html",
        "report.json",
        "report.csv",
        "report.schema.json",
    ] {
        let x = std::fs::read(a.join(f)).unwrap();
        let y = std::fs::read(b.join(f)).unwrap();
        assert!(x == y, "{f} differs between two runs");
    }
    let bytes = std::fs::read(a.join("report.pdf")).unwrap();
    assert!(bytes.len() < 2 * 1024 * 1024, "{} bytes", bytes.len());
    let pdf = lopdf::Document::load_mem(&bytes).unwrap();
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    let text = squash(&pdf.extract_text(&pages).unwrap());
    let plan = plan::load_bundled().unwrap();
    for item in &plan.items {
        assert!(
            text.contains(&squash(&item.title)),
            "№{} in the PDF's text",
            item.id
        );
    }
    // Fonts are embedded subsets (a tag like ABCDEF+ before the name).
    let fonts: Vec<&lopdf::Dictionary> = pdf
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.has(b"FontFile2"))
        .collect();
    assert_eq!(fonts.len(), 2);
    for d in fonts {
        let name = d.get(b"FontName").unwrap().as_name().unwrap();
        assert_eq!(name[6], b'+', "{}", String::from_utf8_lossy(name));
    }
    std::fs::remove_dir_all(&a).ok();
    std::fs::remove_dir_all(&b).ok();
}

#[test]
fn by_bureau_writes_one_pdf_per_bureau_with_only_its_units() {
    let out = tmp("by-bureau");
    demo(&out, &["--by-bureau"]);
    let plan = plan::load_bundled().unwrap();
    for b in plan.reporting_bureaus("R3".parse().unwrap()) {
        let p = out.join("bureaus").join(format!("{}.pdf", b.as_str()));
        assert!(p.is_file(), "{}", p.display());
    }
    let pdf = lopdf::Document::load(out.join("bureaus").join("ガス局.pdf")).unwrap();
    let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
    let text = squash(&pdf.extract_text(&pages).unwrap());
    assert!(text.contains("ガス事業の民営化"));
    assert!(
        !text.contains(&squash("市税の収入確保")),
        "財政局's item is not in ガス局's report"
    );
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn one_overridden_template_changes_all_three_outputs() {
    let out = tmp("override");
    let templates = tmp("override-templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("wording.toml"),
        "issues = \"今後の課題と対応\"\n",
    )
    .unwrap();
    demo(&out, &["--wording", templates.to_str().unwrap()]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("今後の課題と対応") && !html.contains("課題・今後の取組"));
    let pdf = lopdf::Document::load(out.join("report.pdf")).unwrap();
    let text = pdf.extract_text(&[8, 9, 10]).unwrap();
    assert!(text.contains("今後の課題と対応"), "PDF");
    assert!(!text.contains("課題・今後の取組"));
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(out.join("report.xlsx")).unwrap();
    use calamine::Reader;
    let names = wb.sheet_names();
    let found = names.iter().any(|n| {
        wb.worksheet_range(n)
            .map(|r| {
                r.used_cells().any(
                    |(_, _, v)| matches!(v, calamine::Data::String(s) if s == "今後の課題と対応"),
                )
            })
            .unwrap_or(false)
    });
    assert!(found, "spreadsheet");
    // A broken template stops the build with its file and line, and writes nothing.
    std::fs::write(templates.join("wording.toml"), "\n\nissues = \"{{#if}}\"\n").unwrap();
    let bad = tmp("override-bad");
    let o = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args([
            "demo",
            "--out",
            bad.to_str().unwrap(),
            "--templates",
            templates.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("wording.toml:3行目"), "{err}");
    assert!(!bad.join("report.pdf").exists());
    for d in [out, templates, bad] {
        std::fs::remove_dir_all(d).ok();
    }
}

#[test]
fn demo_with_last_year_shows_the_changes_in_every_output() {
    let out = tmp("compare");
    demo(&out, &["--compare"]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("前年度（令和2年度）との比較"));
    let pdf = lopdf::Document::load(out.join("report.pdf")).unwrap();
    let text = pdf.extract_text(&[2]).unwrap();
    assert!(text.contains("前年度（令和2年度）との比較"), "PDF summary");
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(out.join("report.xlsx")).unwrap();
    use calamine::Reader;
    let first = wb.sheet_names()[0].clone();
    let r = wb.worksheet_range(&first).unwrap();
    assert!(r
        .used_cells()
        .any(|(_, _, v)| v.to_string().contains("前年度（令和2年度）との比較")));
    std::fs::remove_dir_all(&out).ok();
}
