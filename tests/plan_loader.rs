//! The loader refuses bad master data and says where: file and line.

use shinchoku::plan::{load_dir, load_sources, SourceFile};

const PLAN: &str = r#"
[plan]
name = "テストプラン"
organisation = "テスト市"
period = { from = "令和元年度", to = "令和3年度" }
bureaus = ["財政局", "総務局", "水道局"]

[[pillar]]
number = 1
title = "柱"
  [[pillar.section]]
  number = 1
  title = "施策"
  subsections = [
    { number = 1, title = "小施策" },
    { number = 2, title = "公営企業", groups = [ { label = "ア", title = "水道局", bureau = "水道局" } ] },
  ]
  [[pillar.section]]
  number = 2
  title = "ＩＣＴ"
"#;

const GOOD_ITEM: &str = r#"
[[item]]
id = "1"
title = "財政健全化"
section = "1-1-1"
bureaus = ["財政局"]
content = "　取組内容です。"
goal = "　目標です。"
schedule = [ { period = "令和元年度", text = "検討" }, { text = "　毎年度実施します。" } ]
"#;

fn load(items: &str) -> Result<shinchoku::plan::Plan, Vec<String>> {
    load_sources(&[
        SourceFile {
            name: "plan.toml".into(),
            text: PLAN.into(),
        },
        SourceFile {
            name: "items-1.toml".into(),
            text: items.into(),
        },
    ])
    .map_err(|e| e.0.iter().map(|e| e.to_string()).collect())
}

fn errors(items: &str) -> Vec<String> {
    match load(items) {
        Ok(_) => panic!("expected the loader to refuse:\n{items}"),
        Err(e) => e,
    }
}

#[test]
fn a_good_file_loads() {
    let plan = load(GOOD_ITEM).unwrap();
    assert_eq!(plan.items.len(), 1);
    assert_eq!(plan.items[0].text.schedule.len(), 2);
    // settings.toml is optional: the default scale applies.
    assert_eq!(plan.settings.symbols_list(), "◎・○・△・×・完了");
}

#[test]
fn unknown_key_is_named_with_its_line() {
    let e = errors(&GOOD_ITEM.replace("goal =", "gaol ="));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].starts_with("items-1.toml:"), "{}", e[0]);
    assert!(e[0].contains("知らないキー「gaol」"), "{}", e[0]);
    assert!(e[0].contains("行目"), "{}", e[0]);
}

#[test]
fn duplicate_numbers_are_refused() {
    let twice = format!("{GOOD_ITEM}\n{}", GOOD_ITEM);
    let e = errors(&twice);
    assert!(e.iter().any(|m| m.contains("№1 が2回あります")), "{e:?}");
    // The second [[item]] starts on line 12 of the file.
    assert!(
        e.iter().any(|m| m.starts_with("items-1.toml:12行目")),
        "{e:?}"
    );
}

#[test]
fn an_item_with_neither_text_nor_initiatives_is_refused() {
    let e = errors(
        r#"
[[item]]
id = "2"
title = "中身のない項目"
section = "1-1-1"
bureaus = ["財政局"]
"#,
    );
    assert!(e[0].contains("items-1.toml:2行目"), "{e:?}");
    assert!(e[0].contains("どちらかを書いてください"), "{e:?}");
}

#[test]
fn an_item_with_both_text_and_initiatives_is_refused() {
    let e = errors(&format!(
        "{GOOD_ITEM}\n[[item.initiative]]\ntitle = \"取組\"\nbureaus = [\"財政局\"]\ncontent = \"x\"\n"
    ));
    assert!(e.iter().any(|m| m.contains("両方があります")), "{e:?}");
}

#[test]
fn an_unknown_bureau_is_refused_on_its_line() {
    let e = errors(&GOOD_ITEM.replace("[\"財政局\"]", "[\"財政部\"]"));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].starts_with("items-1.toml:6行目"), "{e:?}");
    assert!(e[0].contains("所管局「財政部」"), "{e:?}");
}

#[test]
fn a_malformed_year_is_refused_on_its_line() {
    let e = errors(&GOOD_ITEM.replace("令和元年度", "令和十年度"));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].starts_with("items-1.toml:9行目"), "{e:?}");
    assert!(e[0].contains("「令和十年度」が読めません"), "{e:?}");
}

#[test]
fn all_problems_are_reported_at_once() {
    let bad = GOOD_ITEM
        .replace("令和元年度", "令和X年度")
        .replace("[\"財政局\"]", "[\"財政部\"]");
    assert_eq!(errors(&bad).len(), 2);
}

#[test]
fn group_items_take_their_enterprises_bureau() {
    let plan = load(
        r#"
[[item]]
id = "34"
title = "水道施設"
section = "1-1-2"
group = "ア"
content = "x"
"#,
    )
    .unwrap();
    assert_eq!(plan.items[0].bureaus[0].as_str(), "水道局");
    let e = errors(
        r#"
[[item]]
id = "34"
title = "水道施設"
section = "1-1-2"
content = "x"
"#,
    );
    assert!(e[0].contains("group（ア）が必要"), "{e:?}");
}

#[test]
fn an_unknown_section_is_refused() {
    let e = errors(&GOOD_ITEM.replace("1-1-1", "1-1-9"));
    assert!(e[0].contains("section「1-1-9」"), "{e:?}");
}

#[test]
fn broken_toml_is_located() {
    let e = errors("[[item]]\nid = \"1\"\nxx");
    assert!(e[0].starts_with("items-1.toml:3行目"), "{e:?}");
    assert!(e[0].contains("TOMLとして読めません"), "{e:?}");
}

#[test]
fn a_directory_without_plan_toml_is_explained() {
    let dir = std::env::temp_dir().join(format!("shinchoku-empty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let e = load_dir(&dir).unwrap_err();
    assert!(e.to_string().contains("plan.toml がありません"), "{e}");
    std::fs::remove_dir_all(&dir).ok();
}
