//! Raw TOML to the model, checking what TOML cannot: known bureaus, readable dates and
//! periods, sections that exist, items with text.

use std::collections::HashSet;
use std::ops::Range;

use toml::Spanned;

use super::messages::FileCtx;
use super::raw::*;
use crate::plan::fiscal_year::FiscalYear;
use crate::plan::model::*;
use crate::plan::settings::{FontFile, Settings};

pub(super) fn check_settings(s: &Settings, ctx: &mut FileCtx) {
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

/// Where each of `fallback_fonts` is: relative paths are taken from settings.toml's folder.
/// Whether the files are there is for the build to find out, which reads them.
pub(super) fn locate_fonts(s: &mut Settings, ctx: &mut FileCtx) {
    let folder = std::path::Path::new(&ctx.source.name)
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_default();
    let mut files = Vec::new();
    for entry in &s.fallback_fonts {
        match FontFile::locate(entry.get_ref(), &folder) {
            Ok((path, index)) => files.push(FontFile {
                written: entry.get_ref().clone(),
                path,
                index,
                settings: ctx.source.name.clone(),
                line: Some(ctx.line_of(entry.span())),
            }),
            Err(message) => ctx.error(Some(entry.span()), message),
        }
    }
    s.fallback_font_files = files;
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

/// `added` / `last_year` of an item or initiative: readable years, in that order.
fn convert_in_force(
    added: &Option<Spanned<String>>,
    last_year: &Option<Spanned<String>>,
    what: &str,
    ctx: &mut FileCtx,
) -> InForce {
    let in_force = InForce {
        added: added.as_ref().and_then(|s| parse_year(s, ctx)),
        last_year: last_year.as_ref().and_then(|s| parse_year(s, ctx)),
    };
    if let (Some(a), Some(l), Some(span)) = (in_force.added, in_force.last_year, last_year) {
        if l < a {
            ctx.error(
                Some(span.span()),
                format!(
                    "{what}: 最終年度（last_year = {}）が追加年度（added = {}）より前です。年度を確かめてください",
                    l.wareki(),
                    a.wareki()
                ),
            );
        }
    }
    in_force
}

pub(super) fn convert_plan(
    raw: RawPlanFile,
    ctx: &mut FileCtx,
) -> (PlanMeta, Vec<Bureau>, Vec<Pillar>) {
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

pub(super) struct PlanShell<'a> {
    pub(super) bureaus: &'a [Bureau],
    pub(super) pillars: &'a [Pillar],
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

pub(super) fn convert_item(
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
        Err(_) => {
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
    let in_force = convert_in_force(&raw.added, &raw.last_year, &format!("№{id}"), ctx);
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
        let in_force = convert_in_force(
            &ri.added,
            &ri.last_year,
            &format!("№{id}「{}」", ri.title),
            ctx,
        );
        initiatives.push(Initiative {
            title: ri.title,
            bureaus: ib,
            completed: ri.completed,
            in_force,
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
        in_force,
        text,
        initiatives,
    })
}
