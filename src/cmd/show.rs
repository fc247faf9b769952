//! `shinchoku show 24-2`: one item as the plan lays it out, in plain text.

use std::fmt::Write as _;

use clap::Args;
use shinchoku::plan::format;
use shinchoku::plan::{Better, Item, ItemId, Plan, UnitText};

use super::prelude::*;

#[derive(Args)]
pub struct ShowArgs {
    /// 実施項目の番号（例: 12, 24-2, №24-2）
    #[arg(value_name = "番号")]
    number: String,
}

pub fn run(global: &GlobalArgs, args: ShowArgs) -> CmdResult {
    let plan = global.plan()?;
    let id = args
        .number
        .parse::<ItemId>()
        .map_err(|e| CmdError::Usage(e.to_string()))?;
    let item = plan.item(id).ok_or_else(|| {
        CmdError::Data(format!(
            "№{id} はマスターにありません。shinchoku items で番号を確かめてください"
        ))
    })?;
    print!("{}", render(&plan, item));
    Ok(())
}

fn render(plan: &Plan, item: &Item) -> String {
    let mut out = String::new();
    let mut heading = vec![item.section.printed()];
    if let Some(p) = plan.pillar(item.section.pillar) {
        heading.push(p.title.clone());
    }
    if let Some(s) = plan.section(&item.section) {
        heading.push(s.title.clone());
    }
    if let Some(s) = plan.subsection(&item.section) {
        heading.push(s.title.clone());
    }
    if let Some(g) = plan.group(&item.section) {
        heading.push(g.title.clone());
    }
    let _ = writeln!(out, "{}", heading.join(" ／ "));
    let bureaus: Vec<&str> = item.bureaus.iter().map(|b| b.as_str()).collect();
    let _ = writeln!(
        out,
        "\n№{} 実施項目 {}　［{}］{}",
        item.id,
        item.title,
        bureaus.join("　"),
        if item.completed {
            "　【完了】"
        } else {
            ""
        }
    );
    if let Some(lead) = &item.lead {
        let _ = writeln!(out, "{lead}");
    }
    if item.initiatives.is_empty() {
        box_text(&mut out, &item.text);
    } else {
        let _ = writeln!(out, "\n【主な取組み】");
        for init in &item.initiatives {
            let b: Vec<&str> = init.bureaus.iter().map(|b| b.as_str()).collect();
            let _ = writeln!(
                out,
                "\n■ {} （{}）{}",
                init.title,
                b.join("　"),
                if init.completed {
                    "　【完了】"
                } else {
                    ""
                }
            );
            box_text(&mut out, &init.text);
        }
    }
    out
}

fn indent(out: &mut String, text: &str) {
    for line in text.lines() {
        let _ = writeln!(out, "    {line}");
    }
}

fn box_text(out: &mut String, t: &UnitText) {
    if let Some(c) = &t.content {
        let _ = writeln!(out, "  取組内容");
        indent(out, c);
    }
    if let Some(g) = &t.goal {
        let _ = writeln!(out, "  目　　標");
        indent(out, g);
    }
    if !t.schedule.is_empty() {
        let _ = writeln!(out, "  スケジュール");
        for e in &t.schedule {
            match &e.period {
                Some(p) => {
                    let mut lines = e.text.lines();
                    let _ = writeln!(out, "    {}　{}", p.label, lines.next().unwrap_or(""));
                    let pad = "　".repeat(p.label.chars().count() + 1);
                    for l in lines {
                        let _ = writeln!(out, "    {pad}{l}");
                    }
                }
                None => indent(out, &e.text),
            }
        }
    }
    for ind in &t.indicators {
        let dir = match ind.better {
            Better::Higher => "高いほど良い",
            Better::Lower => "低いほど良い",
        };
        let mut line = format!("  数値目標: {}（{}、{}）", ind.name, ind.unit, dir);
        if let Some(b) = &ind.baseline {
            let _ = write!(
                line,
                "　基準 {} {}{}",
                b.label,
                format::plain(b.value),
                ind.unit
            );
        }
        for t in &ind.targets {
            let _ = write!(
                line,
                "　{} {}{}",
                t.period,
                format::plain(t.value),
                ind.unit
            );
        }
        let _ = writeln!(out, "{line}");
    }
}
