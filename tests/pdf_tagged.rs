//! The demo's PDFs are tagged for PDF/UA-1 and declare PDF/A-2u: checked the way a validator
//! would (see support/tagged.rs) over every page of report.pdf and of one bureau's PDF.

#[path = "support/tagged.rs"]
mod tagged;

use std::path::PathBuf;
use std::process::Command;

use shinchoku::plan;

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_demo_pdfs_are_tagged_and_declare_pdf_a_and_pdf_ua() {
    let out: PathBuf =
        std::env::temp_dir().join(format!("shinchoku-tagged-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let o = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["demo", "--by-bureau", "--out", out.to_str().unwrap()])
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let report = tagged::check(&std::fs::read(out.join("report.pdf")).unwrap());
    assert!(report.pages > 50 && report.painted > report.artifacts);
    let plan = plan::load_bundled().unwrap();
    let headings: Vec<String> = report
        .elements
        .iter()
        .filter(|e| e.role.starts_with('H'))
        .map(|e| squash(&e.text))
        .collect();
    for item in &plan.items {
        let title = squash(&item.title);
        assert!(
            headings.iter().any(|h| h.ends_with(&title)),
            "№{}'s title is a heading",
            item.id
        );
    }
    // The summary's grade table has column and row headers.
    let first_table = report
        .elements
        .iter()
        .position(|e| e.role == "Table")
        .unwrap();
    let head: Vec<&tagged::Element> = report.elements[first_table..]
        .iter()
        .filter(|e| e.role == "TH")
        .take(3)
        .collect();
    assert!(head.iter().all(|e| e.scope.as_deref() == Some("Column")));
    // Every chart is a Figure with words for what it shows: the grades, and with the
    // history, the share on target and the 効果額 of each year.
    let alts: Vec<&str> = report
        .elements
        .iter()
        .filter(|e| e.role == "Figure")
        .map(|e| e.alt.as_deref().expect("a Figure has /Alt"))
        .collect();
    assert!(
        alts.iter().any(|a| a.contains("◎") && a.contains("項目")),
        "{alts:?}"
    );
    assert!(
        alts.iter()
            .any(|a| a.starts_with("目標どおり以上の割合の推移")
                && a.contains("令和元年度")
                && a.contains("令和3年度")),
        "{alts:?}"
    );
    let links = report.elements.iter().filter(|e| e.role == "Link").count();
    assert_eq!(links, plan.items.len(), "one link per item in the 一覧");

    let bureau = tagged::check(&std::fs::read(out.join("bureaus").join("ガス局.pdf")).unwrap());
    assert!(bureau.elements.iter().any(|e| e.role == "TH"));
    std::fs::remove_dir_all(&out).ok();
}
