//! `report.html`: the whole report as one self-contained, accessible page (JIS X 8341-3 minded:
//! lang="ja", real headings, table headers with scopes, grades in text and not colour alone),
//! rendered from handlebars templates (templates/html/) with the view model built here.

use serde_json::{json, Map, Value};

use super::{RenderContext, RenderError, Rendered, Renderer, Sink};
use crate::plan::format;
use crate::plan::{circled, ScheduleEntry, UnitText};
use crate::report::summary::{item_grade, summarize, unit_grade, Summary};
use crate::report::{History, ItemReport, Report, UnitReport, UnitStatus, YearState};
use crate::wording::labels::{fill, Labels};
use crate::wording::{Deferred, DocumentError};

mod charts;

pub struct HtmlRenderer;

impl Renderer for HtmlRenderer {
    fn file_name(&self) -> &'static str {
        "report.html"
    }

    fn render(&self, ctx: &RenderContext, out: &mut dyn Sink) -> Result<Rendered, RenderError> {
        let report = ctx.report;
        let l = ctx.wording.labels();
        let units = |n: u64| {
            let item = report.items.get(usize::try_from(n).ok()?)?;
            Some(units_view(report, item, &l))
        };
        let deferred = Deferred {
            partial: "html/unit",
            key: ITEM_KEY,
            complete: &units,
        };
        ctx.wording
            .write_document("html/report", view_model(ctx, &l), Some(&deferred), out)
            .map_err(|e| match e {
                DocumentError::Io(e) => RenderError::Io(e),
                DocumentError::Template(d) => RenderError::Wording(d.to_string()),
            })?;
        out.flush()?;
        Ok(Rendered::default())
    }
}

/// The key of an item's context that says which of `report.items` it is, so that its units
/// are built only when html/unit.hbs is applied to it: all of them at once would hold the
/// whole page's text several times over.
const ITEM_KEY: &str = "item_index";

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
    // What the filter bar matches on: the owning bureaus, and the grade the unit counts
    // with in the summary.
    let counted = unit_grade(report, u);
    let mut unit = json!({
        "anchor": unit_anchor(&u.id),
        "data_bureaus": u.bureaus.iter().map(|b| b.as_str()).collect::<Vec<_>>().join(" "),
        "data_grade": counted.map(|g| g.symbol.as_str()).unwrap_or(""),
        "data_on_target": counted.map(|g| g.on_target),
        "title": u.initiative.map(|_| format!("{} （{}）", u.title, u.bureaus.iter().map(|b| b.as_str()).collect::<Vec<_>>().join("　"))),
        "completed_earlier": u.status == UnitStatus::CompletedEarlier,
        "missing": matches!(u.status, UnitStatus::Missing),
        "missing_bureaus": u.missing_bureaus.iter().map(|b| b.as_str().to_string()).collect::<Vec<_>>(),
        "change": change,
        "effect": u.effect_thousand_yen.map(format::yen_thousands),
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
            "target": l.indicator_target,
            "actual": l.indicator_actual,
            "achievement": l.indicator_achievement,
        },
    });
    // Built parts are moved in: `json!` would serialise them again, copying them.
    unit["box"] = boxed(text, l);
    unit["entries"] = Value::Array(entries);
    unit["grade"] = grade.into();
    unit["indicators"] = Value::Array(indicators);
    unit["issues"] = Value::Array(issues);
    unit["trend"] = report
        .history
        .as_ref()
        .and_then(|h| unit_trend(h, u, l))
        .into();
    unit
}

/// An item's own fields, without its units (see `ITEM_KEY`); `index` is its place in
/// `report.items`.
fn item_view(report: &Report, index: usize, item: &ItemReport, l: &Labels) -> Option<Value> {
    if item.units.is_empty() {
        return None;
    }
    let it = &item.item;
    Some(json!({
        ITEM_KEY: index,
        "id": it.id.to_string(),
        "anchor": format!("item-{}", it.id),
        "title": it.title,
        "bureaus": it.bureaus.iter().map(|b| b.as_str()).collect::<Vec<_>>().join("　"),
        "lead": it.lead.as_deref().map(paragraphs),
        "has_initiatives": !it.initiatives.is_empty(),
        "initiatives_heading": l.initiatives_heading,
        "item_label": l.item_label,
        "grade": item_grade(report, item).map(|g| g.symbol.clone()),
    }))
}

/// The rest of an item's context: its units.
fn units_view(report: &Report, item: &ItemReport, l: &Labels) -> Map<String, Value> {
    let units = item
        .units
        .iter()
        .map(|u| unit_view(report, item, u, l))
        .collect();
    Map::from_iter([("units".to_string(), Value::Array(units))])
}

fn view_model(ctx: &RenderContext, l: &Labels) -> Value {
    let report = ctx.report;
    let w = ctx.wording;
    let meta = &report.meta;
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
                        let mut group = json!({ "heading": heading });
                        group["items"] = Value::Array(std::mem::take(items));
                        groups.push(group);
                    }
                };
            for (index, item) in report.items.iter().enumerate().filter(|(_, i)| {
                i.item.section.pillar == p.number && i.item.section.section == s.number
            }) {
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
                if let Some(v) = item_view(report, index, item, l) {
                    items.push(v);
                }
            }
            flush(current, &mut items, &mut groups);
            if groups.is_empty() {
                continue;
            }
            let mut section = json!({
                "anchor": format!("s{}-{}", p.number, s.number),
                "heading": format!("({}) {}", s.number, s.title),
            });
            section["groups"] = Value::Array(groups);
            sections.push(section);
        }
        if sections.is_empty() {
            continue;
        }
        let heading = format!("{} {}", format::full_width(u32::from(p.number)), p.title);
        let items = summary
            .pillars
            .iter()
            .find(|t| t.number == p.number)
            .map(|t| t.tally.items)
            .unwrap_or(0);
        let mut pillar = json!({
            "anchor": format!("p{}", p.number),
            "toc": fill(&l.toc_pillar, &[("heading", &heading), ("items", &items.to_string())]),
            "heading": heading,
        });
        pillar["sections"] = Value::Array(sections);
        pillars.push(pillar);
    }
    let mut scale: Vec<Value> = report
        .scale
        .iter()
        .map(|g| json!({"symbol": g.symbol, "label": g.label}))
        .collect();
    if summary.total.ungraded > 0 {
        scale.push(json!({"symbol": "", "label": l.ungraded}));
    }
    // The ungraded column only when some item has no grade yet.
    let ungraded = summary.total.ungraded > 0;
    let counts = |t: &crate::report::summary::Tally| {
        let mut c = t.by_grade.clone();
        if ungraded {
            c.push(t.ungraded);
        }
        c
    };
    let mut rows = Vec::new();
    for p in &summary.pillars {
        rows.push(json!({"label": format!("{} {}", format::full_width(u32::from(p.number)), p.title), "counts": counts(&p.tally), "total": p.tally.items, "pillar": true}));
        for s in &p.sections {
            rows.push(json!({"label": format!("({}) {}", s.number, s.title), "counts": counts(&s.tally), "total": s.tally.items, "pillar": false}));
        }
    }
    rows.push(json!({"label": l.grade_table_total, "counts": counts(&summary.total), "total": summary.total.items, "pillar": true}));
    let share = summary.on_target_percent / 100.0;
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
    let mut root = json!({
        "lang": "ja",
        "script": w.file("html/filter.js"),
        "filter": filter_view(report, l),
        "charts": charts_view(report, &summary, l),
        "title": fill(&l.running_header, &[("plan", &meta.plan_name), ("year", &year)]),
        "css": w.file("html/style.css"),
        "history_css": report.history.is_some().then(|| w.file("html/history.css")),
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
            "effect_pillar_heading": l.effect_pillar_heading,
            "effect_pillar_columns": [&l.grade_table_area, &l.top_effects_amount, &l.effect_pillar_units],
            "effect_pillars": summary.pillars.iter().map(|p| json!({
                "label": format!("{} {}", format::full_width(u32::from(p.number)), p.title),
                "amount": format::thousands(p.effect_thousand_yen),
                "units": p.effect_units,
            })).collect::<Vec<_>>(),
            "reasons": reasons,
            "submission_heading": l.submission_heading,
            "submission_columns": [&l.submission_bureau, &l.submission_file, &l.submission_expected, &l.submission_answered],
            "bureaus": bureaus,
            "comparison": comparison,
        },
        "scale": scale,
        "list_heading": l.list_heading,
    });
    // The plan period year by year (build --history); nothing without it.
    root["summary"]["trend"] = report
        .history
        .as_ref()
        .map(|h| trend_view(report, h, l))
        .into();
    root["pillars"] = Value::Array(pillars);
    root
}

/// The filter bar: the bureaus (the plan's order), the grades of the scale, the wording the
/// script prints the count with.
fn filter_view(report: &Report, l: &Labels) -> Value {
    let mut bureaus: Vec<&str> = report.bureaus.iter().map(|b| b.bureau.as_str()).collect();
    for (_, u) in report.units() {
        for b in &u.bureaus {
            if !bureaus.contains(&b.as_str()) {
                bureaus.push(b.as_str());
            }
        }
    }
    let mut grades = vec![
        json!({"value": "on", "label": l.filter_on_target}),
        json!({"value": "behind", "label": l.filter_behind}),
    ];
    grades.extend(report.scale.iter().map(|g| {
        json!({"value": format!("={}", g.symbol), "label": fill(&l.legend_entry, &[("symbol", &g.symbol), ("label", &g.label)])})
    }));
    grades.push(json!({"value": "none", "label": l.filter_ungraded}));
    json!({
        "heading": l.filter_heading,
        "bureau": l.filter_bureau,
        "all_bureaus": l.filter_all_bureaus,
        "bureaus": bureaus,
        "grade": l.filter_grade,
        "all_grades": l.filter_all_grades,
        "grades": grades,
        "text": l.filter_text,
        "reset": l.filter_reset,
        "text_condition": l.filter_text_condition,
        "count": l.filter_count,
        "all": l.filter_all,
        "separator": l.list_separator,
    })
}

/// An effect bar's caption split where the amount starts, so that the amount (12,345千円)
/// is never broken across lines.
fn effect_caption(l: &Labels, caption: &str, amount: &str) -> (String, String) {
    const MARK: &str = "\u{1}";
    let text = fill(
        &l.effect_chart_row,
        &[("caption", caption), ("amount", MARK)],
    );
    match text.split_once(MARK) {
        Some((before, after)) => (before.to_string(), format!("{amount}{after}")),
        None => (text, String::new()),
    }
}

/// The summary's two charts, from the summary's figures.
fn charts_view(report: &Report, summary: &Summary, l: &Labels) -> Value {
    use charts::{effect_row, grade_colour, Chart, Row, Segment, UNGRADED_COLOUR};
    let ungraded = summary.total.ungraded > 0;
    let mut legend: Vec<Value> = report
        .scale
        .iter()
        .enumerate()
        .map(|(i, g)| json!({"colour": grade_colour(i), "label": fill(&l.legend_entry, &[("symbol", &g.symbol), ("label", &g.label)])}))
        .collect();
    if ungraded {
        legend.push(json!({"colour": UNGRADED_COLOUR, "label": l.ungraded}));
    }
    let mut rows = Vec::new();
    let mut names = String::new();
    for p in &summary.pillars {
        let caption = fill(
            &l.chart_caption,
            &[
                ("number", &format::full_width(u32::from(p.number))),
                ("title", &p.title),
                ("items", &p.tally.items.to_string()),
            ],
        );
        let mut segments: Vec<Segment> = p
            .tally
            .by_grade
            .iter()
            .enumerate()
            .map(|(i, &n)| Segment {
                value: n as f64,
                label: n.to_string(),
                colour: grade_colour(i),
            })
            .collect();
        let mut values: Vec<String> = report
            .scale
            .iter()
            .zip(&p.tally.by_grade)
            .map(|(g, n)| {
                fill(
                    &l.chart_grade_value,
                    &[
                        ("symbol", &g.symbol),
                        ("label", &g.label),
                        ("count", &n.to_string()),
                    ],
                )
            })
            .collect();
        if ungraded {
            segments.push(Segment {
                value: p.tally.ungraded as f64,
                label: p.tally.ungraded.to_string(),
                colour: UNGRADED_COLOUR,
            });
            values.push(fill(
                &l.chart_grade_value,
                &[
                    ("symbol", ""),
                    ("label", &l.ungraded),
                    ("count", &p.tally.ungraded.to_string()),
                ],
            ));
        }
        names.push_str(&fill(
            &l.chart_row,
            &[
                ("caption", &caption),
                ("values", &values.join(&l.list_separator)),
            ],
        ));
        rows.push(Row {
            caption,
            value: None,
            segments,
            scale: p.tally.items as f64,
            gap: false,
        });
    }
    let grades = Chart {
        id: "chart-grades",
        title: fill(
            &l.chart_title,
            &[("heading", &l.chart_heading), ("rows", &names)],
        ),
        groups: vec![(None, rows)],
        marker: None,
    };
    let effect = (summary.effect.units > 0).then(|| {
        let amount = format::yen_thousands;
        let mut groups = Vec::new();
        let mut title = String::new();
        let max = summary
            .pillars
            .iter()
            .map(|p| p.effect_thousand_yen)
            .fold(0.0, f64::max);
        let mut names = String::new();
        let mut rows = Vec::new();
        for p in &summary.pillars {
            let caption = format!("{} {}", format::full_width(u32::from(p.number)), p.title);
            let a = amount(p.effect_thousand_yen);
            names.push_str(&fill(
                &l.chart_row,
                &[("caption", &caption), ("values", &a)],
            ));
            let (caption, amount) = effect_caption(l, &caption, &a);
            rows.push(effect_row(caption, amount, p.effect_thousand_yen, max));
        }
        title.push_str(&fill(
            &l.chart_title,
            &[("heading", &l.effect_pillar_heading), ("rows", &names)],
        ));
        groups.push((Some(l.effect_pillar_heading.clone()), rows));
        let max = summary
            .effect
            .top
            .first()
            .map(|c| c.thousand_yen)
            .unwrap_or(0.0);
        let mut names = String::new();
        let mut rows = Vec::new();
        for c in &summary.effect.top {
            let item = fill(&l.item_number, &[("id", &c.item.to_string())]);
            let caption = match &c.initiative {
                Some(i) => fill(
                    &l.unit_title,
                    &[
                        ("item", &format!("{item} {}", c.item_title)),
                        ("initiative", i),
                    ],
                ),
                None => format!("{item} {}", c.item_title),
            };
            let a = amount(c.thousand_yen);
            names.push_str(&fill(
                &l.chart_row,
                &[("caption", &caption), ("values", &a)],
            ));
            let (caption, amount) = effect_caption(l, &caption, &a);
            rows.push(effect_row(caption, amount, c.thousand_yen, max));
        }
        if !rows.is_empty() {
            title.push_str(&fill(
                &l.chart_title,
                &[("heading", &l.top_effects_heading), ("rows", &names)],
            ));
            groups.push((Some(l.top_effects_heading.clone()), rows));
        }
        Chart {
            id: "chart-effects",
            title: fill(
                &l.chart_title,
                &[("heading", &l.effect_chart_heading), ("rows", &title)],
            ),
            groups,
            marker: None,
        }
        .svg()
    });
    json!({
        "grades_heading": l.chart_heading,
        "grades": grades.svg(),
        "legend": legend,
        "effect_heading": l.effect_chart_heading,
        "effect": effect,
    })
}

fn unit_anchor(id: &crate::plan::UnitId) -> String {
    format!("u{}", id.to_string().replace('.', "-"))
}

/// A unit's 推移 row: its grade each year, and each indicator's targets and actuals by year.
fn unit_trend(h: &History, u: &UnitReport, l: &Labels) -> Option<Value> {
    let record = h.units.iter().find(|x| x.id == u.id)?;
    let cells: Vec<Value> = record
        .years
        .iter()
        .map(|y| {
            json!({
                "year": y.year.wareki(),
                "grade": l.history_cell(y),
                "gap": y.state != YearState::Reported,
            })
        })
        .collect();
    let indicators: Vec<Value> = u
        .indicators
        .iter()
        .enumerate()
        .map(|(k, i)| {
            let num = |v: Option<f64>| {
                v.map(|v| format!("{}{}", format::fixed(v, i.decimals), i.unit))
                    .unwrap_or_else(|| l.no_value.clone())
            };
            let rows: Vec<Value> = record
                .years
                .iter()
                .map(|y| {
                    let gap = match y.state {
                        YearState::Reported => None,
                        _ => Some(l.history_cell(y)),
                    };
                    let v = y.indicators.get(k);
                    json!({
                        "year": y.year.wareki(),
                        "gap": gap,
                        "target": num(v.and_then(|v| v.target)),
                        "actual": num(v.and_then(|v| v.actual)),
                    })
                })
                .collect();
            json!({
                "caption": fill(&l.history_indicator_caption, &[("name", &i.name)]),
                "rows": rows,
            })
        })
        .collect();
    Some(json!({
        "label": l.history_row,
        "separator": l.history_separator.trim(),
        "cells": cells,
        "indicators": indicators,
        "columns": [&l.history_year_column, &l.indicator_target, &l.indicator_actual],
    }))
}

/// The summary's plan period: the city's sentence, the on-target share and the 効果額 by year
/// as charts and a table, and the units behind for two years or more.
fn trend_view(report: &Report, h: &History, l: &Labels) -> Value {
    use charts::{Chart, Marker, Row, Segment, EARLIER_COLOUR, YEAR_COLOUR};
    let missing = |f: &crate::report::YearFigures| h.missing_years.contains(&f.year);
    // On-target share by year.
    let mut names = String::new();
    let mut rows = Vec::new();
    for f in &h.figures {
        let year = f.year.wareki();
        let value = l.history_share_text(h, f);
        names.push_str(&fill(
            &l.chart_row,
            &[("caption", &year), ("values", &value)],
        ));
        rows.push(Row {
            caption: format!("{year}　"),
            value: Some(value),
            segments: f
                .on_target_share
                .filter(|_| !missing(f))
                .map(|share| Segment {
                    value: share,
                    label: String::new(),
                    colour: YEAR_COLOUR,
                })
                .into_iter()
                .collect(),
            scale: 1.0,
            gap: missing(f),
        });
    }
    let share_chart = Chart {
        id: "chart-trend-share",
        title: fill(
            &l.chart_title,
            &[
                ("heading", &l.history_share_chart_heading),
                ("rows", &names),
            ],
        ),
        groups: vec![(None, rows)],
        marker: None,
    }
    .svg();

    // 効果額 by year, stacked on the years before it, against the plan's estimate.
    let estimate = h.estimate_thousand_yen.filter(|e| *e > 0.0);
    let max = h
        .figures
        .iter()
        .map(|f| f.cumulative_thousand_yen)
        .fold(estimate.unwrap_or(0.0), f64::max);
    let effect_chart = (max > 0.0).then(|| {
        let mut names = String::new();
        let mut rows = Vec::new();
        for f in &h.figures {
            let year = f.year.wareki();
            let value = l.history_effect_text(h, f);
            names.push_str(&fill(
                &l.chart_row,
                &[("caption", &year), ("values", &value)],
            ));
            let earlier = f.cumulative_thousand_yen - f.effect_thousand_yen;
            rows.push(Row {
                caption: format!("{year}　"),
                value: Some(value),
                segments: vec![
                    Segment {
                        value: earlier,
                        label: String::new(),
                        colour: EARLIER_COLOUR,
                    },
                    Segment {
                        value: f.effect_thousand_yen,
                        label: String::new(),
                        colour: YEAR_COLOUR,
                    },
                ],
                scale: max,
                gap: missing(f),
            });
        }
        let marker = estimate.map(|e| Marker {
            at: e / max,
            label: fill(
                &l.history_estimate_marker,
                &[("estimate", &format::yen_thousands(e))],
            ),
        });
        if let Some(m) = &marker {
            names.push_str(&m.label);
            names.push('。');
        }
        Chart {
            id: "chart-trend-effect",
            title: fill(
                &l.chart_title,
                &[
                    ("heading", &l.history_effect_chart_heading),
                    ("rows", &names),
                ],
            ),
            groups: vec![(None, rows)],
            marker,
        }
        .svg()
    });

    // The same numbers as a table.
    let by_year = h.figures.iter().any(|f| f.estimate_thousand_yen.is_some());
    let mut columns = vec![
        &l.history_year_column,
        &l.history_share_column,
        &l.history_effect_column,
        &l.history_cumulative_column,
    ];
    if by_year {
        columns.push(&l.history_estimate_column);
    }
    let table: Vec<Value> = h
        .figures
        .iter()
        .map(|f| {
            let gap = missing(f);
            let or_gap = |s: String| if gap { l.history_no_report.clone() } else { s };
            let mut cells = vec![
                or_gap(
                    f.on_target_share
                        .map(|s| format!("{}％", format::percent_number(s)))
                        .unwrap_or_else(|| l.no_value.clone()),
                ),
                or_gap(format::yen_thousands(f.effect_thousand_yen)),
                or_gap(format::yen_thousands(f.cumulative_thousand_yen)),
            ];
            if by_year {
                cells.push(
                    f.estimate_thousand_yen
                        .map(format::yen_thousands)
                        .unwrap_or_else(|| l.no_value.clone()),
                );
            }
            json!({"year": f.year.wareki(), "cells": cells})
        })
        .collect();

    // Units behind this year and the year before, linked to their place in the list.
    let behind: Vec<Value> = h
        .behind
        .iter()
        .filter_map(|id| {
            let (item, unit) = report.units().find(|(_, u)| &u.id == id)?;
            let number = fill(&l.item_number, &[("id", &item.item.id.to_string())]);
            let title = match unit.initiative {
                Some(i) => fill(
                    &l.unit_title,
                    &[
                        ("item", &format!("{number} {}", item.item.title)),
                        ("initiative", &item.item.initiatives[i].title),
                    ],
                ),
                None => format!("{number} {}", item.item.title),
            };
            let grades = h
                .units
                .iter()
                .find(|x| &x.id == id)
                .map(|x| l.history_grades(x));
            Some(json!({"anchor": unit_anchor(id), "title": title, "grades": grades}))
        })
        .collect();

    json!({
        "heading": l.history_heading,
        "sentence": l.history_sentence(h),
        "effect": l.history_effect(h),
        "share_heading": l.history_share_chart_heading,
        "share_chart": share_chart,
        "effect_heading": l.history_effect_chart_heading,
        "effect_chart": effect_chart,
        "legend": [
            {"colour": EARLIER_COLOUR, "label": l.history_effect_legend_earlier},
            {"colour": YEAR_COLOUR, "label": l.history_effect_legend_year},
        ],
        "table_heading": l.history_table_heading,
        "columns": columns,
        "rows": table,
        "behind_heading": l.history_behind_heading,
        "behind": behind,
        "behind_none": l.history_behind_none,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{load_bundled, FiscalYear};
    use crate::report::merge::unanswered;
    use crate::report::{Entry, EntrySource, UnitGrade};
    use crate::wording::Wording;

    /// The bundled plan twenty times over (2,100 items), every other unit answered with text
    /// that needs escaping, the rest 未提出.
    fn large_report() -> Report {
        let plan = load_bundled().unwrap();
        let mut report = unanswered(&plan, FiscalYear::new(2021).unwrap());
        let scale: Vec<String> = report.scale.iter().map(|g| g.symbol.clone()).collect();
        let units = report.items.iter_mut().flat_map(|i| i.units.iter_mut());
        for (k, u) in units.enumerate().filter(|(k, _)| k % 2 == 0) {
            let symbol = scale[k % scale.len()].clone();
            u.status = UnitStatus::Reported;
            u.missing_bureaus.clear();
            u.entries = u
                .bureaus
                .iter()
                .map(|b| Entry {
                    bureau: b.clone(),
                    result: format!("　{}を実施した。\n<a href=\"x\">&amp;</a>", u.title),
                    grade: Some(symbol.clone()),
                    reason: None,
                    effect_thousand_yen: Some(k as f64),
                    issues: format!("引き続き「{}」に取り組む。", u.title),
                    actuals: vec![Some(1.0); u.indicators.len()],
                    source: EntrySource {
                        file: "x.xlsx".into(),
                        sheet: "調査票".into(),
                        row: 1,
                    },
                })
                .collect();
            u.grade = Some(UnitGrade {
                on_target: k % 3 != 0,
                symbol,
                reason: None,
                disagreement: None,
            });
            u.effect_thousand_yen = Some(k as f64);
            for i in &mut u.indicators {
                i.actual = Some(1.0);
                i.achievement = i.target.map(|t| 1.0 / t.max(1.0));
            }
        }
        let once = report.items.clone();
        for _ in 1..20 {
            report.items.extend(once.iter().cloned());
        }
        report
    }

    fn streamed(ctx: &RenderContext) -> Vec<u8> {
        super::super::render_to_vec(&HtmlRenderer, ctx).unwrap().0
    }

    /// As the renderer wrote the page before it streamed: every item's units in the
    /// context from the start.
    fn whole(ctx: &RenderContext) -> Vec<u8> {
        let l = ctx.wording.labels();
        let mut model = view_model(ctx, &l);
        let items = model["pillars"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .flat_map(|p| p["sections"].as_array_mut().unwrap().iter_mut())
            .flat_map(|s| s["groups"].as_array_mut().unwrap().iter_mut())
            .flat_map(|g| g["items"].as_array_mut().unwrap().iter_mut());
        for item in items {
            let n = item[ITEM_KEY].as_u64().unwrap() as usize;
            let units = units_view(ctx.report, &ctx.report.items[n], &l);
            item.as_object_mut().unwrap().extend(units);
        }
        let mut out = Vec::new();
        ctx.wording
            .write_document("html/report", model, None, &mut out)
            .unwrap();
        out
    }

    #[test]
    fn a_large_report_streams_the_same_page_as_the_whole_context() {
        let report = large_report();
        let wording = Wording::embedded();
        let ctx = RenderContext {
            report: &report,
            wording: &wording,
            fallback_fonts: &[],
        };
        let page = streamed(&ctx);
        let text = std::str::from_utf8(&page).unwrap();
        assert!(text.starts_with("<!DOCTYPE html>\n"));
        assert!(text.trim_end().ends_with("</html>"), "written to the end");
        let units: usize = report.items.iter().map(|i| i.units.len()).sum();
        assert_eq!(text.matches("<section id=\"u").count(), units);
        assert_eq!(text.matches("<article ").count(), report.items.len());
        assert!(text.contains("<p>&lt;a href&#x3D;&quot;x&quot;&gt;&amp;amp;&lt;/a&gt;</p>"));
        assert!(
            page == whole(&ctx),
            "byte for byte the page of the whole context"
        );
    }

    /// A sink that refuses after its first kilobyte, as a full disk does.
    struct Full(usize);

    impl std::io::Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.0 + buf.len() > 1024 {
                return Err(std::io::Error::new(std::io::ErrorKind::StorageFull, "full"));
            }
            self.0 += buf.len();
            Ok(buf.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl std::io::Seek for Full {
        fn seek(&mut self, _: std::io::SeekFrom) -> std::io::Result<u64> {
            Ok(self.0 as u64)
        }
    }

    #[test]
    fn a_full_disk_is_a_write_error_with_its_cause() {
        let report = large_report();
        let wording = Wording::embedded();
        let ctx = RenderContext {
            report: &report,
            wording: &wording,
            fallback_fonts: &[],
        };
        match HtmlRenderer.render(&ctx, &mut Full(0)) {
            Err(RenderError::Io(e)) => assert_eq!(e.kind(), std::io::ErrorKind::StorageFull),
            other => panic!("{other:?}"),
        }
    }
}
