//! The open data beside the report: report.csv holds every unit of every bureau with its text
//! verbatim (parsed back here against the model), and report.json matches the published
//! JSON Schema (schemas/report.schema.json).

use std::path::{Path, PathBuf};
use std::process::Command;

use shinchoku::render::csv::to_csv;
use shinchoku::report::merge::{merge, MergeOptions};
use shinchoku::report::Report;
use shinchoku::wording::labels::Labels;

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("shinchoku-open-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn demo(out: &Path) {
    let o = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["demo", "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn model(name: &str) -> Report {
    let dir = tmp(&format!("samples-{name}"));
    shinchoku::samples::extract("R3", &dir).unwrap();
    let plan = shinchoku::plan::load_bundled().unwrap();
    let year = "R3".parse().unwrap();
    let check = shinchoku::workbook::check::check_dir(&plan, year, &dir).unwrap();
    std::fs::remove_dir_all(&dir).ok();
    merge(
        &plan,
        year,
        &check,
        &MergeOptions {
            date: "2022-06-01".parse().unwrap(),
            incomplete: false,
        },
    )
}

/// A field as written: quoted (text) or bare (a number or empty).
#[derive(Debug, Clone, PartialEq)]
enum Field {
    Text(String),
    Bare(String),
}

impl Field {
    /// The text as the bureau typed it: one marking apostrophe removed (see README).
    fn text(&self) -> String {
        match self {
            Field::Text(s) => {
                let rest = s.trim_start_matches('\'');
                let formula = rest.starts_with(['=', '+', '-', '@', '\t', '\r']);
                if formula && s.starts_with('\'') {
                    s[1..].to_string()
                } else {
                    s.clone()
                }
            }
            Field::Bare(s) => panic!("a number where text belongs: {s:?}"),
        }
    }

    fn number(&self) -> Option<f64> {
        match self {
            Field::Bare(s) if s.is_empty() => None,
            Field::Bare(s) => Some(s.parse().unwrap_or_else(|_| panic!("not a number: {s:?}"))),
            Field::Text(s) => panic!("text where a number belongs: {s:?}"),
        }
    }
}

/// RFC 4180, strictly: CRLF between records, quotes doubled inside quoted fields.
fn parse(csv: &str) -> Vec<Vec<Field>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut chars = csv.chars().peekable();
    loop {
        let field = if chars.peek() == Some(&'"') {
            chars.next();
            let mut s = String::new();
            loop {
                match chars.next().expect("unterminated quoted field") {
                    '"' if chars.peek() == Some(&'"') => {
                        chars.next();
                        s.push('"');
                    }
                    '"' => break,
                    c => s.push(c),
                }
            }
            Field::Text(s)
        } else {
            let mut s = String::new();
            while let Some(&c) = chars.peek() {
                if c == ',' || c == '\r' {
                    break;
                }
                assert!(c != '"' && c != '\n', "a bare field with {c:?}");
                s.push(c);
                chars.next();
            }
            Field::Bare(s)
        };
        row.push(field);
        match chars.next() {
            Some(',') => {}
            Some('\r') => {
                assert_eq!(chars.next(), Some('\n'), "records end with CRLF");
                rows.push(std::mem::take(&mut row));
                if chars.peek().is_none() {
                    return rows;
                }
            }
            other => panic!("after a field: {other:?}"),
        }
    }
}

/// Checks a CSV against the report it was made from: one row per unit per owning bureau, in
/// plan order, every text verbatim, numbers bare.
fn check_against(csv: &str, report: &Report) -> usize {
    let body = csv
        .strip_prefix('\u{FEFF}')
        .expect("a UTF-8 byte-order mark");
    let rows = parse(body);
    let header: Vec<String> = rows[0].iter().map(|f| f.text()).collect();
    assert_eq!(
        header[..11],
        [
            "年度（西暦）",
            "年度（和暦）",
            "№",
            "実施項目",
            "主な取組み",
            "所管局",
            "評価",
            "評価理由区分",
            "取組実績",
            "効果額（千円）",
            "課題・今後の取組"
        ]
    );
    assert_eq!(
        header[11..16],
        [
            "指標1",
            "指標1の単位",
            "指標1の目標値",
            "指標1の実績値",
            "指標1の達成率（％）"
        ]
    );
    let mut data = rows[1..].iter();
    let mut results = 0;
    for (item, u) in report.units() {
        for b in &u.bureaus {
            let r = data
                .next()
                .unwrap_or_else(|| panic!("no row for {} {}", u.id, b.as_str()));
            assert_eq!(r.len(), header.len(), "one datum per column");
            assert_eq!(r[0].number(), Some(2021.0));
            assert_eq!(r[1].text(), "令和3年度");
            assert_eq!(r[2].text(), item.item.id.to_string());
            assert_eq!(r[3].text(), item.item.title);
            let initiative = if u.initiative.is_some() {
                u.title.as_str()
            } else {
                ""
            };
            assert_eq!(r[4].text(), initiative);
            assert_eq!(r[5].text(), b.as_str());
            match u.entries.iter().find(|e| &e.bureau == b) {
                Some(e) => {
                    assert_eq!(r[6].text(), e.grade.clone().unwrap_or_default());
                    assert_eq!(r[7].text(), e.reason.clone().unwrap_or_default());
                    assert_eq!(
                        r[8].text(),
                        e.result,
                        "{} {}: 取組実績 verbatim",
                        u.id,
                        b.as_str()
                    );
                    assert_eq!(r[9].number(), e.effect_thousand_yen);
                    assert_eq!(r[10].text(), e.issues);
                    for (k, ind) in u.indicators.iter().enumerate() {
                        let c = 11 + 5 * k;
                        assert_eq!(r[c].text(), ind.name);
                        assert_eq!(r[c + 1].text(), ind.unit);
                        assert_eq!(r[c + 2].number(), ind.target);
                        assert_eq!(r[c + 3].number(), e.actuals[k]);
                    }
                    results += usize::from(!e.result.is_empty());
                }
                None => {
                    assert_eq!(r[8].text(), "", "{} {}: no entry", u.id, b.as_str());
                    assert_eq!(r[9].number(), None);
                }
            }
        }
    }
    assert!(data.next().is_none(), "no rows beyond the units");
    results
}

#[test]
fn report_csv_holds_every_unit_and_every_result_verbatim() {
    let out = tmp("demo");
    demo(&out);
    let csv = std::fs::read_to_string(out.join("report.csv")).unwrap();
    let report = model("demo");
    let results = check_against(&csv, &report);
    let submitted = report
        .units()
        .flat_map(|(_, u)| u.entries.iter())
        .filter(|e| !e.result.is_empty())
        .count();
    assert_eq!(results, submitted);
    assert!(results > 140, "{results}");
    // A unit's first bureau's 達成率 is the one the report prints, in percent.
    let (_, u) = report
        .units()
        .find(|(_, u)| u.indicators.iter().any(|i| i.achievement.is_some()))
        .unwrap();
    let rate = u.indicators[0]
        .achievement
        .map(|a| format!("{:.1}", a * 100.0));
    let row = csv
        .split("\r\n")
        .find(|r| {
            r.contains(&format!(",\"{}\",", u.bureaus[0].as_str()))
                && r.contains(&u.indicators[0].name)
        })
        .unwrap();
    if let Some(rate) = rate {
        let rate = rate.trim_end_matches('0').trim_end_matches('.');
        assert!(row.contains(&format!(",{rate}")), "{rate} in {row}");
    }
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn formula_like_text_opens_as_text_and_parses_back() {
    let mut report = model("formula");
    let tricky = [
        "- 実施した",
        "=SUM(A1)",
        "+81 22",
        "@市長",
        "'=既に引用符",
        "\"引用\",と改行\r\n二行目",
        "-",
    ];
    let mut n = 0;
    for item in &mut report.items {
        for u in &mut item.units {
            for e in &mut u.entries {
                if n < tricky.len() {
                    e.result = tricky[n].to_string();
                    e.issues = tricky[tricky.len() - 1 - n].to_string();
                    n += 1;
                }
            }
        }
    }
    let csv = to_csv(&report, &Labels::default());
    check_against(&csv, &report);
    // In the file: one apostrophe before the formula character, inside the quotes.
    for written in [
        "\"'- 実施した\"",
        "\"'=SUM(A1)\"",
        "\"'+81 22\"",
        "\"'@市長\"",
        "\"''=既に引用符\"",
        "\"'-\"",
    ] {
        assert!(csv.contains(written), "{written}");
    }
    // No text cell starts with a formula character.
    let body = csv.strip_prefix('\u{FEFF}').unwrap();
    for row in parse(body) {
        for f in row {
            if let Field::Text(s) = f {
                assert!(!s.starts_with(['=', '+', '-', '@', '\t', '\r']), "{s:?}");
            }
        }
    }
}

#[test]
fn report_json_matches_the_published_schema() {
    let out = tmp("schema");
    demo(&out);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap();
    let schema: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("report.schema.json")).unwrap()).unwrap();
    let repo: serde_json::Value =
        serde_json::from_str(include_str!("../schemas/report.schema.json")).unwrap();
    assert_eq!(schema, repo, "build writes the schema in the repository");
    let mut errors = Vec::new();
    validate(&schema, &schema, &json, "$", &mut errors);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    // And the validator sees a change of shape.
    let mut wrong = json.clone();
    wrong["items"][0]["units"][0]["grade"]["symbol"] = serde_json::json!(3);
    wrong["meta"]["surprise"] = serde_json::json!(true);
    let mut errors = Vec::new();
    validate(&schema, &schema, &wrong, "$", &mut errors);
    assert_eq!(errors.len(), 2, "{errors:?}");
    // With --compare the comparison validates too.
    let out2 = tmp("schema-compare");
    let o = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["demo", "--compare", "--out", out2.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success());
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out2.join("report.json")).unwrap()).unwrap();
    assert!(json.get("comparison").is_some());
    let mut errors = Vec::new();
    validate(&schema, &schema, &json, "$", &mut errors);
    assert!(errors.is_empty(), "{}", errors.join("\n"));
    std::fs::remove_dir_all(&out).ok();
    std::fs::remove_dir_all(&out2).ok();
}

/// The part of JSON Schema the published schema uses: $ref to $defs, type (one or a list),
/// enum, const, required, properties, additionalProperties (false or a schema), items,
/// prefixItems, minItems/maxItems, anyOf.
fn validate(
    root: &serde_json::Value,
    schema: &serde_json::Value,
    v: &serde_json::Value,
    at: &str,
    errors: &mut Vec<String>,
) {
    use serde_json::Value;
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.strip_prefix("#/$defs/").expect("local $ref");
        return validate(root, &root["$defs"][name], v, at, errors);
    }
    if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
        let ok = any.iter().any(|s| {
            let mut e = Vec::new();
            validate(root, s, v, at, &mut e);
            e.is_empty()
        });
        if !ok {
            errors.push(format!("{at}: matches none of anyOf"));
        }
        return;
    }
    if let Some(t) = schema.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => panic!("type"),
        };
        let ok = types.iter().any(|t| match *t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "number" => v.is_number(),
            "integer" => v.is_i64() || v.is_u64(),
            "boolean" => v.is_boolean(),
            "null" => v.is_null(),
            _ => panic!("type {t}"),
        });
        if !ok {
            errors.push(format!("{at}: not {types:?}: {v}"));
            return;
        }
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        if !e.contains(v) {
            errors.push(format!("{at}: {v} not in {e:?}"));
        }
    }
    if let Some(c) = schema.get("const") {
        if c != v {
            errors.push(format!("{at}: {v} is not {c}"));
        }
    }
    if let Some(o) = v.as_object() {
        for r in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !o.contains_key(r.as_str().unwrap()) {
                errors.push(format!("{at}: missing {r}"));
            }
        }
        let props = schema.get("properties").and_then(Value::as_object);
        for (k, x) in o {
            match props.and_then(|p| p.get(k)) {
                Some(s) => validate(root, s, x, &format!("{at}.{k}"), errors),
                None => match schema.get("additionalProperties") {
                    Some(Value::Bool(false)) => errors.push(format!("{at}: unexpected {k}")),
                    Some(s @ Value::Object(_)) => {
                        validate(root, s, x, &format!("{at}.{k}"), errors)
                    }
                    _ => {}
                },
            }
        }
    }
    if let Some(a) = v.as_array() {
        let prefix = schema.get("prefixItems").and_then(Value::as_array);
        for (i, x) in a.iter().enumerate() {
            let s = match prefix {
                Some(p) if i < p.len() => Some(&p[i]),
                _ => schema.get("items"),
            };
            if let Some(s) = s {
                validate(root, s, x, &format!("{at}[{i}]"), errors);
            }
        }
        if let Some(n) = schema.get("minItems").and_then(Value::as_u64) {
            if (a.len() as u64) < n {
                errors.push(format!("{at}: fewer than {n} items"));
            }
        }
        if let Some(n) = schema.get("maxItems").and_then(Value::as_u64) {
            if (a.len() as u64) > n {
                errors.push(format!("{at}: more than {n} items"));
            }
        }
    }
}
