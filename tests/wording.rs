//! The report's wording comes from templates that the office can override, key by key; a
//! broken template is reported with its file and line.

use serde_json::json;
use shinchoku::wording::Wording;

fn dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("shinchoku-wording-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn embedded_wording_renders_printed_values_and_helpers() {
    let w = Wording::embedded();
    assert_eq!(
        w.text("cover_subtitle", &json!({"year": "令和3年度"})),
        "令和3年度　実施状況報告"
    );
    assert_eq!(
        w.text(
            "on_target_sentence",
            &json!({"total": 105, "on_target": 98, "share": "93.3"})
        ),
        "全105項目中、98項目（93.3％）が目標どおり又は目標を上回る進捗となりました。"
    );
    // Text is not HTML-escaped: labels go into the PDF and the spreadsheet as they are.
    assert_eq!(
        w.text("cover_title", &json!({"plan": "A&B<プラン>"})),
        "A&B<プラン>"
    );
}

#[test]
fn helpers_format_eras_yen_and_percentages() {
    let d = dir("helpers");
    std::fs::write(
        d.join("wording.toml"),
        "cover_date = \"{{wareki 2021}} {{yen_thousands 1234567}} {{percent 0.9333}} {{thousands 14465}}\"\n",
    )
    .unwrap();
    let w = Wording::load(Some(&d)).unwrap();
    assert_eq!(
        w.text("cover_date", &json!({})),
        "令和3年度 1,234,567千円 93.3％ 14,465"
    );
}

#[test]
fn an_override_changes_only_its_keys() {
    let d = dir("override");
    std::fs::write(d.join("wording.toml"), "goal = \"目標（数値）\"\n").unwrap();
    let w = Wording::load(Some(&d)).unwrap();
    assert_eq!(w.labels().goal, "目標（数値）");
    assert_eq!(w.labels().content, "取組内容");
}

#[test]
fn a_broken_template_is_located() {
    let d = dir("broken");
    std::fs::write(
        d.join("wording.toml"),
        "goal = \"目標\"\n\ncover_subtitle = \"{{year 実施状況報告\"\n",
    )
    .unwrap();
    let e = Wording::load(Some(&d))
        .err()
        .expect("broken template refused");
    let msg = e.to_string();
    assert!(msg.contains("wording.toml:3行目"), "{msg}");
    assert!(msg.contains("cover_subtitle"), "{msg}");
}

#[test]
fn an_unknown_key_is_refused() {
    let d = dir("unknown");
    std::fs::write(d.join("wording.toml"), "\nlabel_gaol = \"目標\"\n").unwrap();
    let e = Wording::load(Some(&d)).err().expect("unknown key refused");
    assert!(e.to_string().contains("wording.toml:2行目"), "{e}");
    assert!(e.to_string().contains("label_gaol"), "{e}");
}

#[test]
fn every_embedded_label_renders() {
    // A placeholder named like a helper ({{percent}}) would render as an error marker.
    let labels = shinchoku::wording::labels::Labels::default();
    let v = serde_json::to_value(&labels).unwrap();
    for (k, v) in v.as_object().unwrap() {
        let s = v.as_str().unwrap();
        assert!(!s.contains('［') && !s.contains("{{"), "{k}: {s}");
    }
    assert_eq!(labels.on_target_sentence, "全{total}項目中、{on_target}項目（{share}％）が目標どおり又は目標を上回る進捗となりました。");
}
