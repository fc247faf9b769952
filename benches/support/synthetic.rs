//! Synthetic plans N times the bundled one, with filled workbooks, for measuring how the
//! tool scales (examples/synth.rs, benches/build.rs, tests). Copy k of item №n is numbered
//! k×100+n. Shared by `#[path]` so that it stays out of the library's public API.

use shinchoku::plan::loader::{bundled_sources, SourceFile};
use shinchoku::plan::ReportingUnit;
use shinchoku::workbook::template::Filled;

/// The bundled master repeated `scale` times (at most 100), as files named like the
/// bundled ones (items-1a-00.toml …), ready for `load_sources` or a `--plan` folder.
pub fn plan_sources(scale: u32) -> Vec<SourceFile> {
    let mut out = Vec::new();
    for src in bundled_sources() {
        let name = src.name.rsplit('/').next().unwrap_or(&src.name).to_string();
        if !name.starts_with("items") {
            out.push(SourceFile {
                name,
                text: src.text,
            });
            continue;
        }
        let stem = name.trim_end_matches(".toml").to_string();
        for k in 0..scale.clamp(1, 100) {
            out.push(SourceFile {
                name: format!("{stem}-{k:02}.toml"),
                text: renumber(&src.text, k),
            });
        }
    }
    out
}

fn renumber(text: &str, k: u32) -> String {
    text.lines()
        .map(|line| {
            let Some(rest) = line.strip_prefix("id = \"") else {
                return line.to_string();
            };
            let id = rest.trim_end_matches('"');
            let (n, branch) = match id.split_once('-') {
                Some((n, b)) => (n, Some(b)),
                None => (id, None),
            };
            let n: u32 = n.parse().expect("bundled ids are numbers");
            match branch {
                Some(b) => format!("id = \"{}-{b}\"", k * 100 + n),
                None => format!("id = \"{}\"", k * 100 + n),
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn fill(u: &ReportingUnit) -> Option<Filled> {
    let id = u.id().to_string();
    let grades = ["○", "○", "◎", "△", "○", "×"];
    Some(Filled {
        result: format!(
            "令和3年度は「{}」について計画どおり実施した。\n関係部署と連携し、取組みを進めた。（{id}）",
            u.title()
        ),
        grade: grades[id.len() % grades.len()].to_string(),
        reason: None,
        effect: (id.len() % 3 == 0).then_some(1000 + id.len() as u64),
        issues: format!("引き続き{}に取り組む。", u.title()),
        actuals: u
            .text()
            .indicators
            .iter()
            .map(|i| i.targets.last().map(|t| t.value).or(i.baseline.as_ref().map(|b| b.value)))
            .collect(),
    })
}
