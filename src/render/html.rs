//! `report.html`: the whole report as one self-contained, accessible page (JIS X 8341-3 minded:
//! lang="ja", real headings, table headers with scopes, grades in text and not colour alone),
//! rendered from handlebars templates (templates/html/) with the view model built here.

use serde_json::{json, Value};

use super::{RenderContext, RenderError, Rendered, Renderer, Sink};
use crate::plan::format;
use crate::plan::{circled, ScheduleEntry, UnitText};
use crate::report::summary::{item_grade, summarize};
use crate::report::{ItemReport, Report, UnitReport, UnitStatus};
use crate::wording::labels::{fill, Labels};

pub struct HtmlRenderer;

impl Renderer for HtmlRenderer {
    fn file_name(&self) -> &'static str {
        "report.html"
    }

    fn render(&self, ctx: &RenderContext, out: &mut dyn Sink) -> Result<Rendered, RenderError> {
        let model = view_model(ctx);
        let html = ctx
            .wording
            .document("html/report", &model)
            .map_err(|e| RenderError::Wording(e.to_string()))?;
        out.write_all(html.as_bytes())?;
        out.flush()?;
        Ok(Rendered::default())
    }
}

/// Splits text into paragraphs; the plan's leading full-width spaces stay.
fn paragraphs(text: &str) -> Vec<String> {
    text.split('\n').map(|s| s.to_string()).collect()
}

fn schedule(entries: &[ScheduleEntry]) -> Vec<Value> {
    entries
        .iter()
        .map(|e| {
            json!({
                "period": e.period.as_ref().map(|p| p.label.clone()),
                "lines": paragraphs(&e.text),
            })
        })
        .collect()
}

fn boxed(text: &UnitText, l: &Labels) -> Value {
    let mut rows = Vec::new();
    if let Some(c) = &text.content {
        rows.push(json!({"label": l.content, "paragraphs": paragraphs(c)}));
    }
    if let Some(g) = &text.goal {
        rows.push(json!({"label": l.goal, "paragraphs": paragraphs(g)}));
    }
    if !text.schedule.is_empty() {
        rows.push(json!({"label": l.schedule, "schedule": schedule(&text.schedule)}));
    }
    Value::Array(rows)
}

fn unit_view(report: &Report, item: &ItemReport, u: &UnitReport, l: &Labels) -> Value {
    let year = report.meta.year.wareki();
    let text = match u.initiative {
        Some(i) => &item.item.initiatives[i].text,
        None => &item.item.text,
    };
    let several = u.bureaus.len() > 1;
    let entries: Vec<Value> = u
        .entries
        .iter()
        .map(|e| {
            json!({
                "bureau": several.then(|| e.bureau.as_str().to_string()),
                "result": paragraphs(if e.result.is_empty() { "" } else { &e.result }),
                "empty": e.result.is_empty(),
            })
        })
        .collect();
    let grade = u.grade.as_ref().map(|g| {
        let label = report
            .grade(&g.symbol)
            .map(|x| x.label.clone())
            .unwrap_or_default();
        json!({
            "symbol": g.symbol,
            "reason": g.reason,
            "label": label,
            "on_target": g.on_target,
            "disagreement": g.disagreement.as_ref().map(|d| fill(&l.disagreement, &[(
                "grades",
                &d.iter()
                    .map(|(b, s)| fill(&l.disagreement_entry, &[("bureau", b.as_str()), ("grade", s)]))
                    .collect::<Vec<_>>()
                    .join(&l.list_separator),
            )])),
        })
    });
    let change = report.change(&u.id).map(|c| l.previous_grade(c));
    let indicators: Vec<Value> = u
        .indicators
        .iter()
        .map(|i| {
            let num =
                |v: Option<f64>| v.map(|v| format!("{}{}", format::fixed(v, i.decimals), i.unit));
            json!({
                "name": i.name,
                "target": num(i.target).map(|t| match &i.target_period {
                    Some(p) => format!("{t}（{p}）"),
                    None => t,
                }).unwrap_or_else(|| "―".into()),
                "actual": num(i.actual).unwrap_or_else(|| "―".into()),
                "achievement": i.achievement.map(format::percent).unwrap_or_else(|| "―".into()),
                "behind": i.achievement.is_some_and(|a| a < 1.0),
            })
        })
        .collect();
    let issues: Vec<Value> = u
        .entries
        .iter()
        .filter(|e| !e.issues.is_empty())
        .map(|e| {
            json!({
                "bureau": several.then(|| e.bureau.as_str().to_string()),
                "paragraphs": paragraphs(&e.issues),
            })
        })
        .collect();
    json!({
        "anchor": format!("u{}", u.id.to_string().replace('.', "-")),
        "title": u.initiative.map(|_| format!("{} （{}）", u.title, u.bureaus.iter().map(|b| b.as_str()).collect::<Vec<_>>().join("　"))),
        "box": boxed(text, l),
        "completed_earlier": u.status == UnitStatus::CompletedEarlier,
        "missing": matches!(u.status, UnitStatus::Missing),
        "missing_bureaus": u.missing_bureaus.iter().map(|b| b.as_str().to_string()).collect::<Vec<_>>(),
        "entries": entries,
        "grade": grade,
        "change": change,
        "indicators": indicators,
        "effect": u.effect_thousand_yen.map(format::yen_thousands),
        "issues": issues,
        "labels": {
            "result": fill(&l.result, &[("year", &year)]).replace('\n', ""),
            "grade": l.grade,
            "indicator": l.indicators,
            "effect": l.effect,
            "issues": l.issues,
            "missing": l.not_submitted,
            "completed": l.completed_stamp,
            "behind": l.indicator_behind,
            "indicator_columns": [&l.indicator_name, &l.indicator_target, &l.indicator_actual, &l.indicator_achievement],
        },
    })
}

fn item_view(report: &Report, item: &ItemReport, l: &Labels) -> Option<Value> {
    let units: Vec<&UnitReport> = item.units.iter().collect();
    if units.is_empty() {
        return None;
    }
    let it = &item.item;
    Some(json!({
        "id": it.id.to_string(),
        "anchor": format!("item-{}", it.id),
        "title": it.title,
        "bureaus": it.bureaus.iter().map(|b| b.as_str()).collect::<Vec<_>>().join("　"),
        "lead": it.lead.as_deref().map(paragraphs),
        "has_initiatives": !it.initiatives.is_empty(),
        "initiatives_heading": l.initiatives_heading,
        "item_label": l.item_label,
        "grade": item_grade(report, item).map(|g| g.symbol.clone()),
        "units": units.iter().map(|u| unit_view(report, item, u, l)).collect::<Vec<_>>(),
    }))
}

fn view_model(ctx: &RenderContext) -> Value {
    let report = ctx.report;
    let w = ctx.wording;
    let meta = &report.meta;
    let l = w.labels();
    let year = meta.year.wareki();
    let base = json!({
        "plan": meta.plan_name,
        "organisation": meta.organisation,
        "year": year,
        "date": meta.date.wareki(),
    });
    let summary = summarize(report);
    let mut pillars = Vec::new();
    for p in &report.pillars {
        let mut sections = Vec::new();
        for s in &p.sections {
            // Items in this section, grouped by subsection (and group) as the plan prints them.
            let mut groups: Vec<Value> = Vec::new();
            let mut current: Option<String> = None;
            let mut items: Vec<Value> = Vec::new();
            let flush =
                |heading: Option<String>, items: &mut Vec<Value>, groups: &mut Vec<Value>| {
                    if !items.is_empty() {
                        groups.push(json!({"heading": heading, "items": std::mem::take(items)}));
                    }
                };
            for item in report
                .items
                .iter()
                .filter(|i| i.item.section.pillar == p.number && i.item.section.section == s.number)
            {
                let r = &item.item.section;
                let heading = r.subsection.map(|n| {
                    let sub = s.subsections.iter().find(|x| x.number == n);
                    let mut h = format!(
                        "{} {}",
                        circled(n),
                        sub.map(|x| x.title.as_str()).unwrap_or("")
                    );
                    if let Some(g) = sub
                        .and_then(|x| x.groups.iter().find(|g| Some(&g.label) == r.group.as_ref()))
                    {
                        h = format!("{h}　{}　{}", g.label, g.title);
                    }
                    h
                });
                if heading != current {
                    flush(current.clone(), &mut items, &mut groups);
                    current = heading;
                }
                if let Some(v) = item_view(report, item, &l) {
                    items.push(v);
                }
            }
            flush(current, &mut items, &mut groups);
            if groups.is_empty() {
                continue;
            }
            sections.push(json!({
                "anchor": format!("s{}-{}", p.number, s.number),
                "heading": format!("({}) {}", s.number, s.title),
                "groups": groups,
            }));
        }
        if sections.is_empty() {
            continue;
        }
        pillars.push(json!({
            "anchor": format!("p{}", p.number),
            "heading": format!("{} {}", format::full_width(u32::from(p.number)), p.title),
            "sections": sections,
        }));
    }
    let scale: Vec<Value> = report
        .scale
        .iter()
        .map(|g| json!({"symbol": g.symbol, "label": g.label}))
        .collect();
    let mut rows = Vec::new();
    for p in &summary.pillars {
        rows.push(json!({"label": format!("{} {}", format::full_width(u32::from(p.number)), p.title), "counts": p.tally.by_grade, "total": p.tally.items, "pillar": true}));
        for s in &p.sections {
            rows.push(json!({"label": format!("({}) {}", s.number, s.title), "counts": s.tally.by_grade, "total": s.tally.items, "pillar": false}));
        }
    }
    rows.push(json!({"label": l.grade_table_total, "counts": summary.total.by_grade, "total": summary.total.items, "pillar": true}));
    let share = if summary.total.items == 0 {
        0.0
    } else {
        summary.total.on_target as f64 / summary.total.items as f64
    };
    let percent = format::percent_number(share);
    let comparison = report
        .comparison
        .as_ref()
        .map(|c| l.comparison(c, share * 100.0));
    let effect_sentence = if summary.effect.units == 0 {
        l.no_effects.clone()
    } else {
        fill(
            &l.effect_total,
            &[
                (
                    "amount",
                    &format::yen_thousands(summary.effect.total_thousand_yen),
                ),
                ("units", &summary.effect.units.to_string()),
            ],
        )
    };
    let effect_top: Vec<Value> = summary
        .effect
        .top
        .iter()
        .map(|c| {
            json!({
                "item": fill(&l.item_number, &[("id", &c.item.to_string())]),
                "title": match &c.initiative {
                    Some(i) => fill(&l.unit_title, &[("item", &c.item_title), ("initiative", i)]),
                    None => c.item_title.clone(),
                },
                "bureaus": c.bureaus.iter().map(|b| b.as_str()).collect::<Vec<_>>().join(&l.bureau_separator),
                "amount": format::thousands(c.thousand_yen),
            })
        })
        .collect();
    let reasons: Vec<String> = summary
        .reasons
        .iter()
        .filter(|r| r.units > 0)
        .map(|r| {
            fill(
                &l.reason_count,
                &[
                    ("tag", &r.tag),
                    ("label", &r.label),
                    ("count", &r.units.to_string()),
                ],
            )
        })
        .collect();
    let bureaus: Vec<Value> = report
        .bureaus
        .iter()
        .map(|b| {
            json!({
                "bureau": b.bureau.as_str(),
                "file": b.file.clone().unwrap_or_else(|| l.not_submitted.clone()),
                "expected": b.expected,
                "answered": b.answered,
            })
        })
        .collect();
    json!({
        "lang": "ja",
        "title": fill(&l.running_header, &[("plan", &meta.plan_name), ("year", &year)]),
        "css": w.file("html/style.css"),
        "skip_link": l.skip_link,
        "contents_heading": l.contents_heading,
        "cover": {
            "title": w.text("cover_title", &base),
            "subtitle": fill(&l.cover_subtitle, &[("year", &year)]),
            "organisation": w.text("cover_organisation", &base),
            "date": w.text("cover_date", &base),
        },
        "summary": {
            "heading": l.summary_heading,
            "sentence": fill(&l.on_target_sentence, &[
                ("total", &summary.total.items.to_string()),
                ("on_target", &summary.total.on_target.to_string()),
                ("share", &percent),
            ]),
            "incomplete": meta.incomplete.then(|| l.incomplete_note.clone()),
            "table_heading": l.grade_table_heading,
            "area": l.grade_table_area,
            "count_total": l.count_total,
            "rows": rows,
            "effect_heading": l.effect_heading,
            "effect_sentence": effect_sentence,
            "effect_top_heading": l.top_effects_heading,
            "effect_top_columns": [&l.top_effects_number, &l.top_effects_unit, &l.top_effects_bureaus, &l.top_effects_amount],
            "effect_top": effect_top,
            "reasons": reasons,
            "submission_heading": l.submission_heading,
            "submission_columns": [&l.submission_bureau, &l.submission_file, &l.submission_expected, &l.submission_answered],
            "bureaus": bureaus,
            "comparison": comparison,
        },
        "scale": scale,
        "list_heading": l.list_heading,
        "pillars": pillars,
    })
}
