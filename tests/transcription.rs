//! The master must be the plan's own words: every title and text block occurs in the text
//! extracted from the plan's PDF (kept in seeds/source/), and every № of the plan's
//! 実施項目一覧 is in the master.

use shinchoku::plan::{self, Plan, UnitText};

const SOURCE: &str = include_str!("../seeds/source/plan2016-jisshi-koumoku.txt");

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn plan() -> Plan {
    plan::load_bundled().unwrap_or_else(|e| panic!("bundled master does not load:\n{e}"))
}

/// Every text of the master, labelled with where it is.
fn texts(plan: &Plan) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut unit = |label: String, t: &UnitText| {
        for (field, text) in [("取組内容", &t.content), ("目標", &t.goal)] {
            if let Some(text) = text {
                out.push((format!("{label} {field}"), text.clone()));
            }
        }
        for (i, e) in t.schedule.iter().enumerate() {
            let dated = match &e.period {
                Some(p) => format!("{}{}", p.label, e.text),
                None => e.text.clone(),
            };
            out.push((format!("{label} スケジュール{}", i + 1), dated));
        }
    };
    for item in &plan.items {
        let l = format!("№{}", item.id);
        unit(l.clone(), &item.text);
        for (i, init) in item.initiatives.iter().enumerate() {
            unit(format!("{l} 主な取組み{}", i + 1), &init.text);
        }
    }
    for item in &plan.items {
        let l = format!("№{}", item.id);
        out.push((format!("{l} 実施項目名"), item.title.clone()));
        if let Some(lead) = &item.lead {
            out.push((format!("{l} 前文"), lead.clone()));
        }
        for (i, init) in item.initiatives.iter().enumerate() {
            out.push((format!("{l} 主な取組み{}の名称", i + 1), init.title.clone()));
        }
    }
    out
}

#[test]
fn every_text_of_the_master_is_the_plans_own() {
    let plan = plan();
    let source = squash(SOURCE);
    let missing: Vec<String> = texts(&plan)
        .into_iter()
        .filter(|(_, t)| !source.contains(&squash(t)))
        .map(|(where_, t)| format!("{where_}: {t}"))
        .collect();
    assert!(
        missing.is_empty(),
        "{} texts are not in the source:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn every_item_of_the_plans_list_is_in_the_master() {
    let plan = plan();
    // The list (実施項目一覧) is the part of the source before the first item description.
    let list_end = SOURCE
        .find("実施項目説明")
        .expect("source has 実施項目説明");
    let list = &SOURCE[..list_end];
    let mut listed: Vec<String> = Vec::new();
    for (i, _) in list.match_indices('№') {
        let rest = &list[i + '№'.len_utf8()..];
        let id: String = rest
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '-')
            .collect();
        if !listed.contains(&id) {
            listed.push(id);
        }
    }
    assert_eq!(listed.len(), 105, "the plan lists 105 items");
    let ours: Vec<String> = plan.items.iter().map(|i| i.id.to_string()).collect();
    for id in &listed {
        assert!(
            ours.contains(id),
            "№{id} of the plan's list is not in the master"
        );
    }
    assert_eq!(ours.len(), 105);
}

#[test]
fn items_are_in_plan_order_with_titles_bureaus_and_text() {
    let plan = plan();
    let ids: Vec<_> = plan.items.iter().map(|i| i.id).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "items are in the order of their numbers");
    for item in &plan.items {
        assert!(!item.title.trim().is_empty(), "№{} has a title", item.id);
        assert!(!item.bureaus.is_empty(), "№{} has a bureau", item.id);
        assert!(
            !item.text.is_empty() || !item.initiatives.is_empty(),
            "№{} has text",
            item.id
        );
        for init in &item.initiatives {
            assert!(!init.bureaus.is_empty(), "№{} {}", item.id, init.title);
        }
    }
}

#[test]
fn items_under_the_enterprises_belong_to_their_enterprise() {
    let plan = plan();
    for item in plan
        .items
        .iter()
        .filter(|i| i.section.to_string() == "1-1-7")
    {
        let group = plan.group(&item.section).expect("⑦ items have a group");
        assert_eq!(item.bureaus[0], group.bureau, "№{}", item.id);
    }
    let n34 = plan.item("34".parse().unwrap()).unwrap();
    assert_eq!(n34.bureaus[0].as_str(), "水道局");
    let n44 = plan.item("44".parse().unwrap()).unwrap();
    assert_eq!(n44.bureaus[0].as_str(), "市立病院");
}

#[test]
fn collection_rate_targets_sit_with_their_own_items() {
    let plan = plan();
    let target = |id: &str, year: &str| {
        let item = plan.item(id.parse().unwrap()).unwrap();
        let fy = year.parse().unwrap();
        item.text
            .indicators
            .iter()
            .filter_map(|i| i.target_for(fy).map(|t| (i.name.clone(), t.value)))
            .collect::<Vec<_>>()
    };
    let goal = |id: &str| {
        plan.item(id.parse().unwrap())
            .unwrap()
            .text
            .goal
            .clone()
            .unwrap()
    };
    assert!(goal("12").contains("99.1％"), "市税: {}", goal("12"));
    assert!(
        goal("13").contains("94.4％"),
        "国民健康保険料: {}",
        goal("13")
    );
    assert!(goal("14").contains("99.3％"), "介護保険料: {}", goal("14"));
    for (id, value) in [("12", 99.1), ("13", 94.4), ("14", 99.3)] {
        let t = target(id, "R3");
        assert!(
            t.iter().any(|(_, v)| (*v - value).abs() < 1e-9),
            "№{id} 令和3年度 targets {t:?} include {value}"
        );
    }
}

#[test]
fn completed_marks_are_carried() {
    let plan = plan();
    let completed_units = plan.units().filter(|u| u.completed()).count();
    // The source prints 完了 six times, each on one item or initiative.
    let marks = SOURCE.lines().filter(|l| l.trim() == "完了").count();
    assert_eq!(marks, 6);
    assert!(
        completed_units >= marks,
        "{completed_units} completed units for {marks} marks"
    );
}

#[test]
fn indicators_keep_the_decimals_the_plan_prints() {
    let plan = plan();
    let n12 = plan.item("12".parse().unwrap()).unwrap();
    // 総括 98.0％ is printed with one decimal because its sibling values have one.
    assert!(n12.text.indicators.iter().all(|i| i.decimals() == 1));
    assert_eq!(shinchoku::plan::format::fixed(98.0, 1), "98.0");
    assert_eq!(shinchoku::plan::format::fixed(14465.0, 0), "14,465");
    let n17 = plan.item("17".parse().unwrap()).unwrap();
    assert_eq!(n17.text.indicators[0].decimals(), 0);
}
