//! The master's TOML files as written: serde structs that mirror them key for key (unknown
//! keys rejected, so a misspelt key is caught instead of silently ignored), with spans kept
//! on every value a later check may need to locate.

use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPlanFile {
    pub(super) plan: RawMeta,
    pub(super) pillar: Vec<RawPillar>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMeta {
    pub(super) name: String,
    pub(super) organisation: String,
    pub(super) period: RawRange,
    pub(super) bureaus: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRange {
    pub(super) from: Spanned<String>,
    pub(super) to: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPillar {
    pub(super) number: u8,
    pub(super) title: String,
    #[serde(default)]
    pub(super) section: Vec<RawSection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSection {
    pub(super) number: u8,
    pub(super) title: String,
    #[serde(default)]
    pub(super) subsections: Vec<RawSubsection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSubsection {
    pub(super) number: u8,
    pub(super) title: String,
    #[serde(default)]
    pub(super) groups: Vec<RawGroup>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGroup {
    pub(super) label: String,
    pub(super) title: String,
    pub(super) bureau: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawItemsFile {
    #[serde(default)]
    pub(super) item: Vec<Spanned<RawItem>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawItem {
    pub(super) id: Spanned<String>,
    pub(super) title: String,
    pub(super) section: Spanned<String>,
    pub(super) group: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) bureaus: Vec<Spanned<String>>,
    pub(super) lead: Option<String>,
    #[serde(default)]
    pub(super) completed: bool,
    pub(super) added: Option<Spanned<String>>,
    pub(super) last_year: Option<Spanned<String>>,
    pub(super) content: Option<String>,
    pub(super) goal: Option<String>,
    pub(super) schedule: Option<Vec<RawEntry>>,
    #[serde(default)]
    pub(super) indicator: Vec<RawIndicator>,
    #[serde(default)]
    pub(super) initiative: Vec<Spanned<RawInitiative>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawInitiative {
    pub(super) title: String,
    #[serde(default)]
    pub(super) bureaus: Vec<Spanned<String>>,
    #[serde(default)]
    pub(super) completed: bool,
    pub(super) added: Option<Spanned<String>>,
    pub(super) last_year: Option<Spanned<String>>,
    pub(super) content: Option<String>,
    pub(super) goal: Option<String>,
    pub(super) schedule: Option<Vec<RawEntry>>,
    #[serde(default)]
    pub(super) indicator: Vec<RawIndicator>,
}

/// 取組内容 / 目標 / スケジュール / 指標 as written, for an item or an initiative. (Not a
/// flattened struct: serde's flatten loses the spans that locate errors.)
pub(super) struct RawText {
    pub(super) content: Option<String>,
    pub(super) goal: Option<String>,
    pub(super) schedule: Option<Vec<RawEntry>>,
    pub(super) indicator: Vec<RawIndicator>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEntry {
    pub(super) period: Option<Spanned<String>>,
    pub(super) text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawIndicator {
    pub(super) name: String,
    pub(super) unit: String,
    pub(super) better: Spanned<String>,
    pub(super) baseline: Option<RawBaseline>,
    #[serde(default)]
    pub(super) targets: Vec<RawTarget>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawBaseline {
    pub(super) period: Option<Spanned<String>>,
    pub(super) value: f64,
    pub(super) label: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTarget {
    pub(super) period: Spanned<String>,
    pub(super) value: f64,
}
