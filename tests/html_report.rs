//! The HTML report's structure, as a screen reader and a browser see it.

use std::process::Command;

use shinchoku::render::html::HtmlRenderer;
use shinchoku::render::{render_to_vec, RenderContext};
use shinchoku::wording::Wording;

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
    assert!(html.contains("<caption"));
    // The grade is text (symbol and label), not colour alone.
    assert!(html.contains("<span class=\"grade-symbol\">○</span> 目標どおり進捗"));
    // Self-contained: no external fetches.
    for needle in ["<link", "<script src", "http://", "https://", "@import"] {
        assert!(!html.contains(needle), "{needle}");
    }
    // A table of contents with anchors that exist, after the summary, one collapsed list
    // per pillar.
    assert!(html.contains("<nav aria-labelledby=\"toc-heading\""));
    let at = |needle: &str| html.find(needle).unwrap_or_else(|| panic!("{needle}"));
    assert!(
        at("<h1") < at("class=\"headline\"") && at("class=\"headline\"") < at("id=\"summary\"")
    );
    assert!(at("id=\"summary\"") < at("<nav") && at("<nav") < at("<section id=\"p1\""));
    assert_eq!(html.matches("<details>").count(), 3);
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

#[test]
fn html_draws_its_charts_inline_with_names_that_state_the_numbers() {
    let out = tmp("charts");
    let html = demo(&out, &[]);
    let charts: Vec<&str> = html.split("<svg ").skip(1).collect();
    // Grades and 効果額 by pillar; the demo's history adds the share and 効果額 by year.
    assert_eq!(charts.len(), 4);
    assert!(charts[2].contains("aria-labelledby=\"chart-trend-share-title\""));
    assert!(charts[3].contains("aria-labelledby=\"chart-trend-effect-title\""));
    for c in &charts {
        assert!(c.starts_with("class=\"chart\" role=\"img\" aria-labelledby=\"chart-"));
        assert!(c.contains("<title id=\"chart-"));
        assert!(c.contains("<rect "));
    }
    // The grade chart's name gives each pillar's count of every grade; the effect chart's
    // each pillar's amount. The numbers are the summary's.
    let report = report_model("charts");
    let summary = shinchoku::report::summary::summarize(&report);
    let p1 = &summary.pillars[0];
    assert!(
        charts[0].contains(&format!("（{}項目）", p1.tally.items)),
        "{}",
        &charts[0][..400]
    );
    assert!(charts[0].contains(&format!(
        "◎（目標を上回る成果）{}項目",
        p1.tally.by_grade[0]
    )));
    let amount = shinchoku::plan::format::yen_thousands(p1.effect_thousand_yen);
    assert!(charts[1].contains(&amount), "{amount}");
    // Drawn by us: no script, font or image is fetched; the only script is inline.
    assert!(!html.contains("<img") && !html.contains("url("));
    assert_eq!(html.matches("<script").count(), 1);
    assert!(html.contains("<script>\n"));
    std::fs::remove_dir_all(&out).ok();
}

fn report_model(name: &str) -> shinchoku::report::Report {
    use shinchoku::report::merge::{merge, MergeOptions};
    let dir = tmp(&format!("model-{name}"));
    shinchoku::samples::extract("R3", &dir).unwrap();
    let plan = shinchoku::plan::load_bundled().unwrap();
    let year = "R3".parse().unwrap();
    let check = shinchoku::workbook::check::check_dir(&plan, year, &dir).unwrap();
    let r = merge(
        &plan,
        year,
        &check,
        &MergeOptions {
            date: "2022-06-01".parse().unwrap(),
            incomplete: false,
        },
    );
    std::fs::remove_dir_all(&dir).ok();
    r
}

#[test]
fn every_unit_carries_its_bureaus_and_grade_for_the_filter() {
    let out = tmp("filter");
    let html = demo(&out, &[]);
    let report = report_model("filter");
    let units: Vec<&str> = html.split("<section id=\"u").skip(1).collect();
    assert_eq!(units.len(), report.units().count());
    for ((_, u), tag) in report.units().zip(&units) {
        let bureaus: Vec<&str> = u.bureaus.iter().map(|b| b.as_str()).collect();
        let attr = format!("data-bureaus=\"{}\"", bureaus.join(" "));
        let open = &tag[..tag.find('>').unwrap()];
        assert!(open.contains(&attr), "{}: {open}", u.id);
        let grade = shinchoku::report::summary::unit_grade(&report, u)
            .map(|g| g.symbol.as_str())
            .unwrap_or("");
        assert!(open.contains(&format!("data-grade=\"{grade}\"")), "{open}");
    }
    // The filter bar lists every bureau, is hidden until its script shows it, and counts
    // with the wording's sentence.
    let form = &html[html.find("<form id=\"filter\"").unwrap()..];
    let form = &form[..form.find("</form>").unwrap()];
    assert!(form.contains(" hidden "));
    assert!(form.contains("data-count=\"{conditions}：{count}件\""));
    assert!(form.contains("<label for=\"filter-bureau\">所管局</label>"));
    for b in &report.bureaus {
        assert!(form.contains(&format!("<option>{}</option>", b.bureau.as_str())));
    }
    std::fs::remove_dir_all(&out).ok();
}

/// The office's copy of an embedded template, changed by `edit`, in `dir`/html/.
fn override_template(dir: &std::path::Path, name: &str, edit: impl Fn(&str) -> String) {
    let (_, body) = shinchoku::wording::EMBEDDED_FILES
        .iter()
        .find(|(n, _)| *n == name)
        .unwrap();
    std::fs::create_dir_all(dir.join("html")).unwrap();
    std::fs::write(dir.join(name), edit(body)).unwrap();
}

fn render_html(report: &shinchoku::report::Report, wording: &Wording) -> Result<String, String> {
    let ctx = RenderContext {
        report,
        wording,
        fallback_fonts: &[],
    };
    render_to_vec(&HtmlRenderer, &ctx)
        .map(|(bytes, _)| String::from_utf8(bytes).unwrap())
        .map_err(|e| e.to_string())
}

#[test]
fn an_overridden_unit_template_sees_its_item_its_place_and_the_page() {
    let dir = tmp("override");
    // The partial on a line of its own, indented: its every line is indented.
    override_template(&dir, "html/report.hbs", |t| {
        t.replace(
            "{{#each items}}{{> html/unit}}{{/each}}",
            "{{#each items}}\n  {{> html/unit}}\n{{/each}}",
        )
    });
    override_template(&dir, "html/unit.hbs", |t| {
        format!(
            "<p class=\"probe\">{{{{@index}}}} {{{{@root.lang}}}} [{{{{../title}}}}] \
             {{{{#each units}}}}U{{{{/each}}}}</p>\n{t}"
        )
    });
    let wording = Wording::load(Some(&dir)).unwrap();
    let report = report_model("override");
    let html = render_html(&report, &wording).unwrap();
    let probes: Vec<&str> = html
        .split("\n  <p class=\"probe\">")
        .skip(1)
        .map(|p| &p[..p.find("</p>").unwrap()])
        .collect();
    let items: Vec<_> = report
        .items
        .iter()
        .filter(|i| !i.units.is_empty())
        .collect();
    assert_eq!(probes.len(), items.len());
    for (item, probe) in items.iter().zip(&probes) {
        let (index, rest) = probe.split_once(' ').unwrap();
        index.parse::<usize>().unwrap();
        let units = "U".repeat(item.units.len());
        assert_eq!(
            rest,
            format!("ja [{}] {units}", item.item.title),
            "№{}",
            item.item.id
        );
    }
    assert_eq!(html.matches("\n  </article>").count(), items.len());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_mistake_in_the_unit_template_names_that_file_and_line() {
    let dir = tmp("broken-unit");
    override_template(&dir, "html/unit.hbs", |t| {
        t.replacen('\n', "\n{{units.length}}\n", 1)
    });
    let wording = Wording::load(Some(&dir)).unwrap();
    let err = render_html(&report_model("broken-unit"), &wording).unwrap_err();
    assert!(err.contains("unit.hbs:2行目"), "{err}");
    assert!(err.contains("テンプレートを適用できません"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}
