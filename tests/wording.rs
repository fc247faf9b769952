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
fn embedded_wording_renders_with_helpers() {
    let w = Wording::embedded();
    assert_eq!(
        w.text("cover_subtitle", &json!({"year": 2021})),
        "令和3年度　実施状況報告"
    );
    assert_eq!(
        w.text(
            "on_target_sentence",
            &json!({"total": 105, "on_target": 98, "share": 0.9333})
        ),
        "全105項目中、98項目（93.3％）が目標どおり又は目標を上回る"
    );
    assert_eq!(
        w.text("effect_sentence", &json!({"total": 1234567})),
        "効果額の合計は1,234,567千円です。"
    );
    // Text is not HTML-escaped: labels go into the PDF and the spreadsheet as they are.
    assert_eq!(
        w.text("cover_title", &json!({"plan_name": "A&B<プラン>"})),
        "A&B<プラン>"
    );
}

#[test]
fn an_override_changes_only_its_keys() {
    let d = dir("override");
    std::fs::write(d.join("wording.toml"), "label_goal = \"目標（数値）\"\n").unwrap();
    let w = Wording::load(Some(&d)).unwrap();
    assert_eq!(w.label("label_goal"), "目標（数値）");
    assert_eq!(w.label("label_content"), "取組内容");
}

#[test]
fn a_broken_template_is_located() {
    let d = dir("broken");
    std::fs::write(
        d.join("wording.toml"),
        "label_goal = \"目標\"\n\ncover_subtitle = \"{{wareki year 実施状況報告\"\n",
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
