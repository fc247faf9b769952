//! Reads the master from TOML and checks it, naming the file and line of every problem.
//!
//! The files are parsed into `raw` structs that mirror the TOML, then converted into the
//! model (`convert`) while checking what TOML cannot. All problems are collected, so the
//! office fixes a file in one pass instead of one error per run; toml's own messages are
//! put into Japanese by `messages`.

mod convert;
mod messages;
mod raw;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::diagnostic::{Diagnostic, Diagnostics};
use super::model::*;
use super::settings::Settings;
use convert::{check_settings, convert_item, convert_plan, locate_fonts, PlanShell};
use messages::FileCtx;
use raw::{RawItemsFile, RawPlanFile};

/// One file of the master, already read into memory.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

/// The master bundled in the binary, so the tool works from any directory.
const BUNDLED: &[(&str, &str)] = &[
    ("plan.toml", include_str!("../../../seeds/plan/plan.toml")),
    (
        "settings.toml",
        include_str!("../../../seeds/plan/settings.toml"),
    ),
    (
        "items-1a.toml",
        include_str!("../../../seeds/plan/items-1a.toml"),
    ),
    (
        "items-1b.toml",
        include_str!("../../../seeds/plan/items-1b.toml"),
    ),
    (
        "items-1c.toml",
        include_str!("../../../seeds/plan/items-1c.toml"),
    ),
    (
        "items-2.toml",
        include_str!("../../../seeds/plan/items-2.toml"),
    ),
    (
        "items-3.toml",
        include_str!("../../../seeds/plan/items-3.toml"),
    ),
];

/// The bundled master's files, as they are in `seeds/plan/`.
pub fn bundled_sources() -> Vec<SourceFile> {
    BUNDLED
        .iter()
        .map(|(name, text)| SourceFile {
            name: format!("seeds/plan/{name}"),
            text: text.to_string(),
        })
        .collect()
}

pub fn load_bundled() -> Result<Plan, Diagnostics> {
    load_sources(&bundled_sources())
}

/// Reads `plan.toml`, `settings.toml` (optional) and every `items*.toml` of a directory.
pub fn load_dir(dir: &Path) -> Result<Plan, Diagnostics> {
    let one = |file: &Path, message: String| {
        Diagnostics::one(Diagnostic::error(message).in_file(file.display().to_string()))
    };
    let entries = std::fs::read_dir(dir).map_err(|e| {
        one(
            dir,
            format!("マスターのフォルダを開けません（{e}）。--plan にはplan.tomlのあるフォルダを指定してください"),
        )
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            p.is_file()
                && name.ends_with(".toml")
                && (name == "plan.toml" || name == "settings.toml" || name.starts_with("items"))
        })
        .collect();
    paths.sort();
    if !paths.iter().any(|p| p.ends_with("plan.toml")) {
        return Err(one(
            dir,
            "plan.toml がありません。--plan にはplan.tomlのあるフォルダを指定してください"
                .to_string(),
        ));
    }
    let mut sources = Vec::new();
    for p in paths {
        let text = std::fs::read_to_string(&p).map_err(|e| {
            one(
                &p,
                format!("読み込めません（{e}）。UTF-8のテキストで保存してください"),
            )
        })?;
        sources.push(SourceFile {
            name: p.display().to_string(),
            text,
        });
    }
    load_sources(&sources)
}

/// Loads the master from files in memory. `plan.toml` is found by name; `settings.toml` is
/// optional; every other file is an items file, read in the order given.
pub fn load_sources(sources: &[SourceFile]) -> Result<Plan, Diagnostics> {
    let mut errors = Vec::new();
    let is = |s: &SourceFile, n: &str| s.name == n || s.name.ends_with(&format!("/{n}"));

    let Some(plan_src) = sources.iter().find(|s| is(s, "plan.toml")) else {
        return Err(Diagnostics::one(
            Diagnostic::error("plan.toml がありません").in_file("plan.toml"),
        ));
    };
    let mut ctx = FileCtx {
        source: plan_src,
        errors: &mut errors,
    };
    let raw_plan: RawPlanFile = match toml::from_str(&plan_src.text) {
        Ok(p) => p,
        Err(e) => {
            ctx.toml_error(&e);
            return Err(Diagnostics(errors));
        }
    };
    let (meta, bureaus, pillars) = convert_plan(raw_plan, &mut ctx);

    let settings = match sources.iter().find(|s| is(s, "settings.toml")) {
        None => Settings::default(),
        Some(src) => {
            let mut ctx = FileCtx {
                source: src,
                errors: &mut errors,
            };
            match toml::from_str::<Settings>(&src.text) {
                Ok(mut s) => {
                    check_settings(&s, &mut ctx);
                    locate_fonts(&mut s, &mut ctx);
                    s
                }
                Err(e) => {
                    ctx.toml_error(&e);
                    Settings::default()
                }
            }
        }
    };

    let mut items: Vec<Item> = Vec::new();
    let mut seen: HashSet<ItemId> = HashSet::new();
    let shell = PlanShell {
        bureaus: &bureaus,
        pillars: &pillars,
    };
    for src in sources
        .iter()
        .filter(|s| !is(s, "plan.toml") && !is(s, "settings.toml"))
    {
        let mut ctx = FileCtx {
            source: src,
            errors: &mut errors,
        };
        let raw: RawItemsFile = match toml::from_str(&src.text) {
            Ok(r) => r,
            Err(e) => {
                ctx.toml_error(&e);
                continue;
            }
        };
        for raw_item in raw.item {
            let span = raw_item.span();
            if let Some(item) = convert_item(raw_item.into_inner(), span.clone(), &shell, &mut ctx)
            {
                if !seen.insert(item.id) {
                    ctx.error(
                        Some(span),
                        format!(
                            "№{} が2回あります。番号は実施項目ごとに一つにしてください",
                            item.id
                        ),
                    );
                    continue;
                }
                items.push(item);
            }
        }
    }
    if items.is_empty() && errors.is_empty() {
        errors.push(
            Diagnostic::error(
                "実施項目が一つもありません。items-*.toml を plan.toml と同じフォルダに置いてください",
            )
            .in_file(&plan_src.name),
        );
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    Ok(Plan {
        meta,
        bureaus,
        pillars,
        items,
        settings,
    })
}
