//! Reads the master from TOML and checks it, naming the file and line of every problem.
//!
//! The files are parsed into `Raw*` structs that mirror the TOML (unknown keys rejected), then
//! converted into the model while checking what TOML cannot: known bureaus, unique numbers,
//! readable dates, sections that exist, items with text. All problems are collected, so the
//! office fixes a file in one pass instead of one error per run.

use std::collections::HashSet;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::fiscal_year::FiscalYear;
use super::model::*;
use super::settings::Settings;

/// One file of the master, already read into memory.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

/// A problem in the master, located to a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for PlanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}行目: {}", self.file, l, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Every problem found while loading, in file order.
#[derive(Debug, Clone)]
pub struct PlanErrors(pub Vec<PlanError>);

impl fmt::Display for PlanErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PlanErrors {}

/// The master bundled in the binary, so the tool works from any directory.
const BUNDLED: &[(&str, &str)] = &[
    ("plan.toml", include_str!("../../seeds/plan/plan.toml")),
    (
        "settings.toml",
        include_str!("../../seeds/plan/settings.toml"),
    ),
    (
        "items-1a.toml",
        include_str!("../../seeds/plan/items-1a.toml"),
    ),
    (
        "items-1b.toml",
        include_str!("../../seeds/plan/items-1b.toml"),
    ),
    (
        "items-1c.toml",
        include_str!("../../seeds/plan/items-1c.toml"),
    ),
    (
        "items-2.toml",
        include_str!("../../seeds/plan/items-2.toml"),
    ),
    (
        "items-3.toml",
        include_str!("../../seeds/plan/items-3.toml"),
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

pub fn load_bundled() -> Result<Plan, PlanErrors> {
    load_sources(&bundled_sources())
}

/// Reads `plan.toml`, `settings.toml` (optional) and every `items*.toml` of a directory.
pub fn load_dir(dir: &Path) -> Result<Plan, PlanErrors> {
    let one = |file: &Path, message: String| {
        PlanErrors(vec![PlanError {
            file: file.display().to_string(),
            line: None,
            message,
        }])
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlanFile {
    plan: RawMeta,
    pillar: Vec<RawPillar>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    name: String,
    organisation: String,
    period: RawRange,
    bureaus: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRange {
    from: Spanned<String>,
    to: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPillar {
    number: u8,
    title: String,
    #[serde(default)]
    section: Vec<RawSection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    number: u8,
    title: String,
    #[serde(default)]
    subsections: Vec<RawSubsection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSubsection {
    number: u8,
    title: String,
    #[serde(default)]
    groups: Vec<RawGroup>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    label: String,
    title: String,
    bureau: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItemsFile {
    #[serde(default)]
    item: Vec<Spanned<RawItem>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: Spanned<String>,
    title: String,
    section: Spanned<String>,
    group: Option<Spanned<String>>,
    #[serde(default)]
    bureaus: Vec<Spanned<String>>,
    lead: Option<String>,
    #[serde(default)]
    completed: bool,
    content: Option<String>,
    goal: Option<String>,
    schedule: Option<Vec<RawEntry>>,
    #[serde(default)]
    indicator: Vec<RawIndicator>,
    #[serde(default)]
    initiative: Vec<Spanned<RawInitiative>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInitiative {
    title: String,
    #[serde(default)]
    bureaus: Vec<Spanned<String>>,
    #[serde(default)]
    completed: bool,
    content: Option<String>,
    goal: Option<String>,
    schedule: Option<Vec<RawEntry>>,
    #[serde(default)]
    indicator: Vec<RawIndicator>,
}

/// 取組内容 / 目標 / スケジュール / 指標 as written, for an item or an initiative. (Not a
/// flattened struct: serde's flatten loses the spans that locate errors.)
struct RawText {
    content: Option<String>,
    goal: Option<String>,
    schedule: Option<Vec<RawEntry>>,
    indicator: Vec<RawIndicator>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    period: Option<Spanned<String>>,
    text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    name: String,
    unit: String,
    better: Spanned<String>,
    baseline: Option<RawBaseline>,
    #[serde(default)]
    targets: Vec<RawTarget>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBaseline {
    period: Option<Spanned<String>>,
    value: f64,
    label: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    period: Spanned<String>,
    value: f64,
}

/// Collects errors for one file, turning byte spans into line numbers.
struct FileCtx<'a> {
    source: &'a SourceFile,
    errors: &'a mut Vec<PlanError>,
}

impl FileCtx<'_> {
    fn line_of(&self, span: Range<usize>) -> usize {
        let end = span.start.min(self.source.text.len());
        self.source.text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    fn error(&mut self, span: Option<Range<usize>>, message: impl Into<String>) {
        let line = span.map(|s| self.line_of(s));
        self.errors.push(PlanError {
            file: self.source.name.clone(),
            line,
            message: message.into(),
        });
    }

    fn toml_error(&mut self, e: &toml::de::Error) {
        let message = translate_toml_message(e.message());
        self.error(e.span(), message);
    }
}

/// toml's messages are English; the office reads Japanese.
fn translate_toml_message(m: &str) -> String {
    let quoted = |m: &str| m.split('`').nth(1).unwrap_or("").to_string();
    if m.starts_with("unknown field") {
        let expected: Vec<&str> = m.split('`').skip(3).step_by(2).collect();
        format!(
            "知らないキー「{}」があります。綴りを確かめてください（使えるキー: {}）",
            quoted(m),
            expected.join("、")
        )
    } else if m.starts_with("missing field") {
        format!("必要なキー「{}」がありません。追加してください", quoted(m))
    } else if m.contains("duplicate key") {
        format!(
            "同じキーが2回書かれています（{}）。どちらか一方にしてください",
            m.trim()
        )
    } else if m.contains("invalid type") {
        format!(
            "値の種類が違います（{}）。文字列は\"…\"で囲み、数値は数字だけで書いてください",
            m.trim()
        )
    } else {
        format!(
            "TOMLとして読めません（{}）。記号や引用符の対応を確かめてください",
            m.trim()
        )
    }
}

/// Loads the master from files in memory. `plan.toml` is found by name; `settings.toml` is
/// optional; every other file is an items file, read in the order given.
pub fn load_sources(sources: &[SourceFile]) -> Result<Plan, PlanErrors> {
    let mut errors = Vec::new();
    let is = |s: &SourceFile, n: &str| s.name == n || s.name.ends_with(&format!("/{n}"));

    let Some(plan_src) = sources.iter().find(|s| is(s, "plan.toml")) else {
        return Err(PlanErrors(vec![PlanError {
            file: "plan.toml".into(),
            line: None,
            message: "plan.toml がありません".into(),
        }]));
    };
    let mut ctx = FileCtx {
        source: plan_src,
        errors: &mut errors,
    };
    let raw_plan: RawPlanFile = match toml::from_str(&plan_src.text) {
        Ok(p) => p,
        Err(e) => {
            ctx.toml_error(&e);
            return Err(PlanErrors(errors));
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
                Ok(s) => {
                    check_settings(&s, &mut ctx);
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
        errors.push(PlanError {
            file: plan_src.name.clone(),
            line: None,
            message: "実施項目が一つもありません。items-*.toml を plan.toml と同じフォルダに置いてください".into(),
        });
    }
    if !errors.is_empty() {
        return Err(PlanErrors(errors));
    }
    Ok(Plan {
        meta,
        bureaus,
        pillars,
        items,
        settings,
    })
}

fn check_settings(s: &Settings, ctx: &mut FileCtx) {
    if s.grades.is_empty() {
        ctx.error(
            None,
            "評価（grades）が一つもありません。少なくとも一つ定義してください",
        );
    }
    let mut seen = HashSet::new();
    for g in &s.grades {
        if g.symbol.trim().is_empty() {
            ctx.error(None, "評価の記号（symbol）が空です");
        }
        if !seen.insert(g.symbol.as_str()) {
            ctx.error(None, format!("評価「{}」が2回定義されています", g.symbol));
        }
    }
    for r in &s.reasons {
        if r.tag.trim().is_empty() {
            ctx.error(None, "理由タグ（reasons.tag）が空です");
        }
    }
}

fn parse_year(s: &Spanned<String>, ctx: &mut FileCtx) -> Option<FiscalYear> {
    match s.get_ref().parse::<FiscalYear>() {
        Ok(y) => Some(y),
        Err(e) => {
            ctx.error(Some(s.span()), e.to_string());
            None
        }
    }
}

fn convert_plan(raw: RawPlanFile, ctx: &mut FileCtx) -> (PlanMeta, Vec<Bureau>, Vec<Pillar>) {
    let from = parse_year(&raw.plan.period.from, ctx);
    let to = parse_year(&raw.plan.period.to, ctx);
    let fallback = FiscalYear::new(2016).expect("in range");
    let meta = PlanMeta {
        name: raw.plan.name,
        organisation: raw.plan.organisation,
        period_from: from.unwrap_or(fallback),
        period_to: to.unwrap_or(fallback),
    };
    let mut bureaus: Vec<Bureau> = Vec::new();
    for b in &raw.plan.bureaus {
        let name = b.get_ref().trim();
        if name.is_empty() || bureaus.iter().any(|x| x.as_str() == name) {
            ctx.error(
                Some(b.span()),
                format!("所管局「{name}」が空か、2回書かれています"),
            );
            continue;
        }
        bureaus.push(Bureau(name.to_string()));
    }
    let mut pillars = Vec::new();
    for p in raw.pillar {
        let mut sections = Vec::new();
        for s in p.section {
            let mut subsections = Vec::new();
            for ss in s.subsections {
                let mut groups = Vec::new();
                for g in ss.groups {
                    let bureau = g.bureau.get_ref().clone();
                    if !bureaus.iter().any(|b| b.as_str() == bureau) {
                        ctx.error(Some(g.bureau.span()), unknown_bureau(&bureau));
                    }
                    groups.push(Group {
                        label: g.label,
                        title: g.title,
                        bureau: Bureau(bureau),
                    });
                }
                subsections.push(Subsection {
                    number: ss.number,
                    title: ss.title,
                    groups,
                });
            }
            sections.push(Section {
                number: s.number,
                title: s.title,
                subsections,
            });
        }
        pillars.push(Pillar {
            number: p.number,
            title: p.title,
            sections,
        });
    }
    (meta, bureaus, pillars)
}

fn unknown_bureau(name: &str) -> String {
    format!(
        "所管局「{name}」は plan.toml の bureaus にありません。綴りを確かめるか、bureaus に追加してください"
    )
}

struct PlanShell<'a> {
    bureaus: &'a [Bureau],
    pillars: &'a [Pillar],
}

impl PlanShell<'_> {
    fn subsection_groups(&self, r: &SectionRef) -> Option<Option<&[Group]>> {
        let p = self.pillars.iter().find(|p| p.number == r.pillar)?;
        let s = p.sections.iter().find(|s| s.number == r.section)?;
        match r.subsection {
            None => s.subsections.is_empty().then_some(None),
            Some(n) => {
                let ss = s.subsections.iter().find(|ss| ss.number == n)?;
                Some(Some(&ss.groups))
            }
        }
    }
}

/// Stored text: the trailing newline a `"""` string leaves is layout, not the plan's text.
fn clean(s: String) -> String {
    s.trim_end_matches(['\n', '\r', ' ']).to_string()
}

fn convert_bureaus(raw: &[Spanned<String>], shell: &PlanShell, ctx: &mut FileCtx) -> Vec<Bureau> {
    let mut out = Vec::new();
    for b in raw {
        let name = b.get_ref().trim();
        if !shell.bureaus.iter().any(|x| x.as_str() == name) {
            ctx.error(Some(b.span()), unknown_bureau(name));
        }
        out.push(Bureau(name.to_string()));
    }
    out
}

fn convert_text(raw: RawText, span: &Range<usize>, ctx: &mut FileCtx) -> UnitText {
    let mut schedule = Vec::new();
    for e in raw.schedule.unwrap_or_default() {
        let period = match e.period {
            None => None,
            Some(p) => match Period::parse(p.get_ref()) {
                Some(period) => Some(period),
                None => {
                    ctx.error(
                        Some(p.span()),
                        format!(
                            "スケジュールの時期「{}」が読めません。「令和3年度」「令和元年度～令和3年度」「令和2年度～」「平成31年4月」のように書いてください",
                            p.get_ref()
                        ),
                    );
                    None
                }
            },
        };
        schedule.push(ScheduleEntry {
            period,
            text: clean(e.text),
        });
    }
    let mut indicators = Vec::new();
    for ind in raw.indicator {
        let better = match ind.better.get_ref().as_str() {
            "higher" => Better::Higher,
            "lower" => Better::Lower,
            other => {
                ctx.error(
                    Some(ind.better.span()),
                    format!("better = \"{other}\" は使えません。\"higher\"（高いほど良い）か \"lower\"（低いほど良い）にしてください"),
                );
                Better::Higher
            }
        };
        let baseline = ind.baseline.map(|b| {
            let year = b.period.as_ref().and_then(|p| {
                let y = PlanDate::parse_label(p.get_ref());
                if y.is_none() {
                    ctx.error(Some(p.span()), bad_target_year(p.get_ref()));
                }
                y
            });
            let period = b.period.map(|p| p.into_inner());
            Baseline {
                year,
                label: b.label.or_else(|| period.clone()).unwrap_or_default(),
                period,
                value: b.value,
            }
        });
        let mut targets: Vec<Target> = Vec::new();
        for t in ind.targets {
            match PlanDate::parse_label(t.period.get_ref()) {
                Some(year) => {
                    if targets.iter().any(|x| x.year == year) {
                        ctx.error(
                            Some(t.period.span()),
                            format!("指標「{}」の{}の目標値が2回あります", ind.name, year),
                        );
                    }
                    targets.push(Target {
                        year,
                        period: t.period.into_inner(),
                        value: t.value,
                    });
                }
                None => ctx.error(Some(t.period.span()), bad_target_year(t.period.get_ref())),
            }
        }
        if ind.name.trim().is_empty() || ind.unit.trim().is_empty() {
            ctx.error(Some(span.clone()), "指標の name と unit は空にできません");
        }
        indicators.push(Indicator {
            name: ind.name,
            unit: ind.unit,
            better,
            baseline,
            targets,
        });
    }
    UnitText {
        content: raw.content.map(clean),
        goal: raw.goal.map(clean),
        schedule,
        indicators,
    }
}

fn bad_target_year(s: &str) -> String {
    format!("指標の年度「{s}」が読めません。「令和3年度」「平成26年度」のように書いてください")
}

impl PlanDate {
    /// The fiscal year of a date label (令和3年度, 令和4年4月 → 令和4年度).
    fn parse_label(s: &str) -> Option<FiscalYear> {
        let p = Period::parse(s)?;
        match (p.from, p.to) {
            (Some(a), Some(b)) if a == b => Some(a.fiscal_year()),
            _ => None,
        }
    }
}

fn convert_item(
    raw: RawItem,
    span: Range<usize>,
    shell: &PlanShell,
    ctx: &mut FileCtx,
) -> Option<Item> {
    let id = match raw.id.get_ref().parse::<ItemId>() {
        Ok(id) if !raw.id.get_ref().contains(['№', '－']) => id,
        _ => {
            ctx.error(
                Some(raw.id.span()),
                format!(
                    "番号「{}」が読めません。\"12\" や \"24-2\" のように半角数字で書いてください",
                    raw.id.get_ref()
                ),
            );
            return None;
        }
    };
    let mut section = match raw.section.get_ref().parse::<SectionRef>() {
        Ok(s) => s,
        Err(()) => {
            ctx.error(
                Some(raw.section.span()),
                format!(
                    "№{id}: section「{}」が読めません。\"1-1-5\"（１(1)⑤）や \"1-2\"（１(2)）のように書いてください",
                    raw.section.get_ref()
                ),
            );
            return None;
        }
    };
    let mut bureaus = convert_bureaus(&raw.bureaus, shell, ctx);
    match shell.subsection_groups(&section) {
        None => ctx.error(
            Some(raw.section.span()),
            format!(
                "№{id}: section「{}」は plan.toml の柱・施策にありません",
                raw.section.get_ref()
            ),
        ),
        Some(groups) => {
            let groups = groups.unwrap_or(&[]);
            match (&raw.group, groups.is_empty()) {
                (Some(g), true) => ctx.error(
                    Some(g.span()),
                    format!("№{id}: この section には group（ア・イ…）がありません"),
                ),
                (None, false) => ctx.error(
                    Some(span.clone()),
                    format!(
                        "№{id}: この section の項目には group（{}）が必要です",
                        groups
                            .iter()
                            .map(|g| g.label.as_str())
                            .collect::<Vec<_>>()
                            .join("・")
                    ),
                ),
                (Some(g), false) => match groups.iter().find(|x| &x.label == g.get_ref()) {
                    None => ctx.error(
                        Some(g.span()),
                        format!("№{id}: group「{}」はこの section にありません", g.get_ref()),
                    ),
                    Some(group) => {
                        section.group = Some(group.label.clone());
                        if bureaus.is_empty() {
                            bureaus.push(group.bureau.clone());
                        }
                    }
                },
                (None, true) => {}
            }
        }
    }
    if bureaus.is_empty() {
        ctx.error(
            Some(span.clone()),
            format!("№{id}: 所管局（bureaus）がありません"),
        );
    }
    let text = convert_text(
        RawText {
            content: raw.content,
            goal: raw.goal,
            schedule: raw.schedule,
            indicator: raw.indicator,
        },
        &span,
        ctx,
    );
    let mut initiatives = Vec::new();
    for ri in raw.initiative {
        let ispan = ri.span();
        let ri = ri.into_inner();
        let ib = convert_bureaus(&ri.bureaus, shell, ctx);
        let itext = convert_text(
            RawText {
                content: ri.content,
                goal: ri.goal,
                schedule: ri.schedule,
                indicator: ri.indicator,
            },
            &ispan,
            ctx,
        );
        if ib.is_empty() {
            ctx.error(
                Some(ispan.clone()),
                format!("№{id}「{}」: 所管局（bureaus）がありません", ri.title),
            );
        }
        if itext.is_empty() {
            ctx.error(
                Some(ispan.clone()),
                format!(
                    "№{id}「{}」: 取組内容・目標・スケジュールがありません",
                    ri.title
                ),
            );
        }
        initiatives.push(Initiative {
            title: ri.title,
            bureaus: ib,
            completed: ri.completed,
            text: itext,
        });
    }
    match (text.is_empty(), initiatives.is_empty()) {
        (true, true) => ctx.error(
            Some(span.clone()),
            format!("№{id}: 取組内容・目標・スケジュールも主な取組み（initiative）もありません。どちらかを書いてください"),
        ),
        (false, false) => ctx.error(
            Some(span.clone()),
            format!("№{id}: 項目自身の取組内容等と主な取組み（initiative）の両方があります。どちらか一方にしてください"),
        ),
        _ => {}
    }
    if raw.title.trim().is_empty() {
        ctx.error(Some(span), format!("№{id}: 実施項目名（title）が空です"));
    }
    Some(Item {
        id,
        title: raw.title,
        section,
        group: raw.group.map(|g| g.into_inner()),
        bureaus,
        lead: raw.lead.map(clean),
        completed: raw.completed,
        text,
        initiatives,
    })
}
