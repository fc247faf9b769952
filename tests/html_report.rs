//! The HTML report's structure, as a screen reader and a browser see it.

use std::process::Command;

fn demo(out: &std::path::Path, extra: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["demo", "--out", out.to_str().unwrap()])
        .args(extra)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::read_to_string(out.join("report.html")).unwrap()
}

fn tmp(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("shinchoku-html-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn html_has_language_headings_and_table_headers() {
    let out = tmp("structure");
    let html = demo(&out, &[]);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"ja\">"));
    assert_eq!(html.matches("<h1").count(), 1);
    assert_eq!(html.matches("<h2 id=\"p").count(), 3, "one h2 per pillar");
    let plan = shinchoku::plan::load_bundled().unwrap();
    for item in &plan.items {
        let title = item
            .title
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;");
        let heading = format!("<span class=\"no\">№{}</span>", item.id);
        assert!(html.contains(&heading), "h4 band for №{}", item.id);
        assert!(html.contains(&title), "title of №{}", item.id);
    }
    assert_eq!(html.matches("<h4 ").count(), 105);
    // Every data table has header cells with scopes; no <th> without one.
    let th = html.matches("<th ").count() + html.matches("<th>").count();
    let scoped = html.matches("<th scope=\"").count();
    assert_eq!(th, scoped);
    assert!(html.contains("<caption>"));
    // The grade is text (symbol and label), not colour alone.
    assert!(html.contains("<span class=\"grade-symbol\">○</span> 目標どおり進捗"));
    // Self-contained: no external fetches.
    for needle in ["<link", "<script src", "http://", "https://", "@import"] {
        assert!(!html.contains(needle), "{needle}");
    }
    // A table of contents with anchors that exist.
    assert!(html.contains("<nav aria-labelledby=\"toc-heading\""));
    assert!(html.contains("href=\"#item-24-2\"") && html.contains("id=\"item-24-2\""));
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn html_shows_the_change_since_last_year() {
    let out = tmp("compare");
    let html = demo(&out, &["--compare"]);
    assert!(
        html.contains("前年度（令和2年度）との比較"),
        "summary comparison"
    );
    assert!(
        html.contains("<span class=\"change\">前年度 "),
        "per-unit change"
    );
    assert!(["↑", "↓", "→"].iter().any(|a| html.contains(a)));
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn same_input_gives_the_same_html() {
    let a = tmp("det-a");
    let b = tmp("det-b");
    assert_eq!(demo(&a, &[]), demo(&b, &[]));
    std::fs::remove_dir_all(&a).ok();
    std::fs::remove_dir_all(&b).ok();
}
