//! `shinchoku items`: the list of implementation items, like the plan's 実施項目一覧.

use clap::Args;

use super::prelude::*;

#[derive(Args)]
pub struct ItemsArgs {
    /// この局が所管する項目だけを表示（主な取組みだけを所管する項目も含む）
    #[arg(long, value_name = "局")]
    bureau: Option<String>,
    /// JSON で出力（項目の全文と主な取組みを含む）
    #[arg(long)]
    json: bool,
}

pub fn run(global: &GlobalArgs, args: ItemsArgs) -> CmdResult {
    let plan = global.plan()?;
    if let Some(b) = &args.bureau {
        find_bureau(&plan, b)?;
    }
    let items: Vec<_> = plan
        .items
        .iter()
        .filter(|i| args.bureau.as_deref().is_none_or(|b| i.involves(b)))
        .collect();
    if args.json {
        println!("{}", serde_json::to_string_pretty(&items)?);
        return Ok(());
    }
    let mut last_section = None;
    for item in &items {
        if last_section.as_ref() != Some(&item.section) {
            let title = plan
                .group(&item.section)
                .map(|g| g.title.clone())
                .or_else(|| plan.subsection(&item.section).map(|s| s.title.clone()))
                .or_else(|| plan.section(&item.section).map(|s| s.title.clone()))
                .unwrap_or_default();
            println!("{} {}", item.section.printed(), title);
            last_section = Some(item.section.clone());
        }
        let bureaus: Vec<&str> = item.bureaus.iter().map(|b| b.as_str()).collect();
        let done = if item.completed { "［完了］" } else { "" };
        println!(
            "  №{:<5} {}{}　（{}）",
            item.id.to_string(),
            item.title,
            done,
            bureaus.join("・")
        );
    }
    eprintln!("{}項目", items.len());
    Ok(())
}
