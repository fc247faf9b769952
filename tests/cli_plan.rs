//! The `items` and `show` commands as a user runs them.

use std::process::{Command, Output};

fn shinchoku(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(args)
        .current_dir(std::env::temp_dir()) // the bundled master works from any directory
        .output()
        .expect("run shinchoku")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn items_lists_105_items_in_plan_order() {
    let o = shinchoku(&["items"]);
    assert!(o.status.success());
    let out = stdout(&o);
    let lines: Vec<&str> = out
        .lines()
        .filter(|l| l.trim_start().starts_with('№'))
        .collect();
    assert_eq!(lines.len(), 105);
    assert!(lines[0].contains("№1 ") && lines[0].contains("財政健全化"));
    assert!(lines[104].contains("№98"));
    let i24 = lines.iter().position(|l| l.contains("№24 ")).unwrap();
    assert!(lines[i24 + 1].contains("№24-2"));
    assert!(out.contains("１(1)⑦ア 水道局"), "group headings are shown");
}

#[test]
fn items_json_follows_the_contract() {
    let o = shinchoku(&["items", "--json"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let items = v.as_array().unwrap();
    assert_eq!(items.len(), 105);
    let by_id = |id: &str| items.iter().find(|i| i["id"] == id).unwrap();
    let i = by_id("24-2");
    assert_eq!(i["section"], "1-1-5");
    assert_eq!(i["bureaus"][0], "健康福祉局");
    assert_eq!(i["completed"], false);
    assert!(i["title"]
        .as_str()
        .unwrap()
        .starts_with("高額療養費支給業務"));
    assert!(i["content"].as_str().unwrap().contains("民間委託"));
    assert!(i["schedule"].is_array());
    let first = &items[0];
    assert_eq!(first["id"], "1");
    assert_eq!(first["section"], "1-1-1");
    assert_eq!(first["initiatives"].as_array().unwrap().len(), 3);
    assert!(first["initiatives"][0]["content"].is_string());
    assert_eq!(by_id("55")["section"], "1-2");
    assert_eq!(by_id("98")["section"], "3-3");
    assert_eq!(by_id("34")["bureaus"][0], "水道局");
}

#[test]
fn bureau_filter_includes_items_owned_through_an_initiative() {
    let o = shinchoku(&["items", "--bureau", "教育局", "--json"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    // №18 names 教育局 in its heading; №25 through its initiative 指定管理者制度の導入.
    assert!(ids.contains(&"18") && ids.contains(&"25"), "{ids:?}");
    assert!(!ids.contains(&"1"));
}

#[test]
fn an_unknown_bureau_is_a_usage_error() {
    let o = shinchoku(&["items", "--bureau", "財政部"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("所管局「財政部」はマスターにありません"));
}

#[test]
fn show_prints_each_collection_rate_with_its_own_item() {
    for (id, title, rate) in [
        ("12", "市税の収入確保", "99.1％"),
        ("13", "国民健康保険料の収入確保", "94.4％"),
        ("14", "介護保険料の収入確保", "99.3％"),
    ] {
        let o = shinchoku(&["show", id]);
        assert!(o.status.success());
        let out = stdout(&o);
        assert!(out.contains(title), "{out}");
        let goal = out.split("目　　標").nth(1).unwrap();
        assert!(goal.contains(rate), "№{id} shows {rate}:\n{out}");
    }
}

#[test]
fn show_lays_out_initiatives_and_accepts_printed_numbers() {
    let o = shinchoku(&["show", "№24-2"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("№24-2 実施項目"));
    let o = shinchoku(&["show", "1"]);
    let out = stdout(&o);
    assert!(out.contains("【主な取組み】") && out.contains("■ 収支均衡した予算編成 （財政局）"));
}

#[test]
fn show_of_a_missing_item_is_a_data_error_and_bad_input_a_usage_error() {
    let o = shinchoku(&["show", "999"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("№999 はマスターにありません"));
    let o = shinchoku(&["show", "abc"]);
    assert_eq!(o.status.code(), Some(2));
    let o = shinchoku(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn plan_option_reads_another_master_and_reports_its_errors() {
    let dir = std::env::temp_dir().join(format!("shinchoku-cli-plan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/seeds/plan");
    for e in std::fs::read_dir(seeds).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
    }
    let o = shinchoku(&["items", "--plan", dir.to_str().unwrap()]);
    assert!(o.status.success());
    // Break one bureau name: the error names the file and line, exit 1.
    let f = dir.join("items-3.toml");
    let text = std::fs::read_to_string(&f).unwrap();
    std::fs::write(&f, text.replacen("\"総務局\"", "\"総務部\"", 1)).unwrap();
    let o = shinchoku(&["items", "--plan", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("items-3.toml:") && err.contains("所管局「総務部」"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
