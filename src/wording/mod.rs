//! The report's wording: every sentence and label a reader sees, as handlebars templates.
//! The defaults are embedded from `templates/`; `--wording DIR` overrides any of them with
//! the office's own, key by key (wording.toml) or file by file (html/). A problem in an
//! override is a `Diagnostic` located to its file and line, like a problem in the master.

mod document;
mod helpers;
pub mod labels;
pub mod sheet;

use std::collections::BTreeMap;
use std::path::Path;

use handlebars::Handlebars;
use serde::Serialize;
use toml::Spanned;

use crate::plan::{Diagnostic, Diagnostics};

pub use document::{Deferred, DocumentError};

pub const WORDING_FILE: &str = "wording.toml";
const EMBEDDED_WORDING: &str = include_str!("../../templates/wording.toml");

/// Template files other than wording.toml, embedded; an override directory may replace each.
pub const EMBEDDED_FILES: &[(&str, &str)] = &[
    (
        "html/report.hbs",
        include_str!("../../templates/html/report.hbs"),
    ),
    (
        "html/unit.hbs",
        include_str!("../../templates/html/unit.hbs"),
    ),
    (
        "html/style.css",
        include_str!("../../templates/html/style.css"),
    ),
    (
        "html/history.css",
        include_str!("../../templates/html/history.css"),
    ),
    (
        "html/filter.js",
        include_str!("../../templates/html/filter.js"),
    ),
];

/// A wording problem, located to its file and (when known) line. (One at a time: the
/// first broken override stops the load.)
fn problem(
    file: impl Into<String>,
    line: Option<usize>,
    message: impl Into<String>,
) -> Diagnostics {
    Diagnostics::one(Diagnostic::error(message).in_file(file).on_line(line))
}

/// The loaded wording and document templates.
pub struct Wording {
    text: Handlebars<'static>,
    /// The office's document templates (html/report.hbs …), compiled at load so that a
    /// broken one is reported before anything is built. The embedded ones are compiled
    /// when first rendered (`document::embedded`).
    html: Handlebars<'static>,
    keys: Vec<String>,
    /// Where each key came from, for error messages at render time.
    origin: BTreeMap<String, String>,
    /// Files used verbatim (style.css).
    files: BTreeMap<String, String>,
    /// The source of every wording template, by key.
    sources: BTreeMap<String, String>,
}

/// The names a template refers to: `{{year}}`, `{{wareki year}}` → year (and wareki, which
/// is harmless: a helper's name is looked up as a helper first).
fn placeholders(source: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = source;
    while let Some(open) = rest.find("{{") {
        let after = &rest[open + 2..];
        let Some(close) = after.find("}}") else { break };
        for word in after[..close].split_whitespace() {
            let w = word.trim_start_matches(['#', '/', '^', '>', '&', '{']);
            if !w.is_empty()
                && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !names.iter().any(|n| n == w)
            {
                names.push(w.to_string());
            }
        }
        rest = &after[close + 2..];
    }
    names
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn toml_error(file: &str, text: &str, e: toml::de::Error) -> Diagnostics {
    problem(
        file,
        e.span().map(|s| line_of(text, s.start)),
        format!(
            "TOMLとして読めません（{}）。引用符や記号の対応を確かめてください",
            e.message().trim()
        ),
    )
}

/// The registry wording templates render in: printed as they are (no HTML escaping), with
/// the era, yen and percentage helpers.
fn text_registry() -> Handlebars<'static> {
    let mut text = Handlebars::new();
    text.register_escape_fn(handlebars::no_escape);
    helpers::register(&mut text);
    text
}

impl Wording {
    /// The embedded wording, with no overrides.
    pub fn embedded() -> Wording {
        Self::load(None).expect("the embedded templates are valid (tested)")
    }

    /// Loads the embedded templates, then the overrides in `dir` (if given).
    pub fn load(dir: Option<&Path>) -> Result<Wording, Diagnostics> {
        let text = text_registry();
        let html = Handlebars::new();

        let defaults: BTreeMap<String, Spanned<String>> = toml::from_str(EMBEDDED_WORDING)
            .map_err(|e| toml_error("templates/wording.toml", EMBEDDED_WORDING, e))?;
        let mut w = Wording {
            text,
            html,
            keys: defaults.keys().cloned().collect(),
            origin: BTreeMap::new(),
            files: BTreeMap::new(),
            sources: BTreeMap::new(),
        };
        w.add_wording("templates/wording.toml", EMBEDDED_WORDING, &defaults)?;
        for (name, body) in EMBEDDED_FILES {
            let file = format!("templates/{name}");
            if name.ends_with(".hbs") {
                // Compiling them costs more than the rest of the wording, and only `build`
                // writing report.html needs them.
                w.origin.insert(name.to_string(), file);
            } else {
                w.add_file(&file, name, body)?;
            }
        }
        let Some(dir) = dir else {
            return Ok(w);
        };
        if !dir.is_dir() {
            return Err(problem(
                dir.display().to_string(),
                None,
                "文言のフォルダが見つかりません。--wording には wording.toml などを置いたフォルダを指定してください",
            ));
        }
        let path = dir.join(WORDING_FILE);
        if path.is_file() {
            let file = path.display().to_string();
            let body = std::fs::read_to_string(&path).map_err(|e| {
                problem(
                    &file,
                    None,
                    format!("読み込めません（{e}）。UTF-8のテキストで保存してください"),
                )
            })?;
            let map: BTreeMap<String, Spanned<String>> =
                toml::from_str(&body).map_err(|e| toml_error(&file, &body, e))?;
            for (k, v) in &map {
                if !w.keys.contains(k) {
                    return Err(problem(
                        &file,
                        Some(line_of(&body, v.span().start)),
                        format!(
                            "知らないキー「{k}」があります。templates/wording.toml にあるキーだけを書いてください"
                        ),
                    ));
                }
            }
            w.add_wording(&file, &body, &map)?;
        }
        for (name, _) in EMBEDDED_FILES {
            let p = dir.join(name);
            if p.is_file() {
                let file = p.display().to_string();
                let body = std::fs::read_to_string(&p)
                    .map_err(|e| problem(&file, None, format!("読み込めません（{e}）")))?;
                w.add_file(&file, name, &body)?;
            }
        }
        Ok(w)
    }

    fn add_wording(
        &mut self,
        file: &str,
        body: &str,
        map: &BTreeMap<String, Spanned<String>>,
    ) -> Result<(), Diagnostics> {
        for (key, value) in map {
            let start_line = line_of(body, value.span().start);
            self.text
                .register_template_string(key, value.get_ref())
                .map_err(|e| {
                    problem(
                        file,
                        Some(start_line + e.pos().map(|(l, _)| l.saturating_sub(1)).unwrap_or(0)),
                        format!(
                            "「{key}」の文言が読めません（{}）。{{{{ と }}}} の対応を確かめてください",
                            e.reason()
                        ),
                    )
                })?;
            self.origin.insert(key.clone(), file.to_string());
            self.sources.insert(key.clone(), value.get_ref().clone());
        }
        Ok(())
    }

    fn add_file(&mut self, file: &str, name: &str, body: &str) -> Result<(), Diagnostics> {
        if name.ends_with(".hbs") {
            let stem = name.trim_end_matches(".hbs");
            self.html
                .register_template_string(stem, body)
                .map_err(|e| {
                    problem(
                        file,
                        e.pos().map(|(l, _)| l),
                        format!(
                            "テンプレートが読めません（{}）。{{{{ と }}}} の対応を確かめてください",
                            e.reason()
                        ),
                    )
                })?;
            // Registered templates are also partials: {{> html/unit}} finds this one.
        } else {
            self.files.insert(name.to_string(), body.to_string());
        }
        self.origin.insert(name.to_string(), file.to_string());
        Ok(())
    }

    /// A label or sentence. Rendering never fails the report: a template that refers to a
    /// value it is not given renders that part empty (handlebars' non-strict mode).
    pub fn text<T: Serialize>(&self, key: &str, ctx: &T) -> String {
        self.text
            .render(key, ctx)
            .unwrap_or_else(|e| format!("［{key}: {e}］"))
    }

    /// A label without variables.
    pub fn label(&self, key: &str) -> String {
        self.text(key, &serde_json::json!({}))
    }

    /// A file template used verbatim (html/style.css, html/filter.js).
    pub fn file(&self, name: &str) -> &str {
        self.files.get(name).map(|s| s.as_str()).unwrap_or("")
    }

    /// Every label, rendered with its report-independent placeholders kept as `{name}`,
    /// for renderers to fill where they print it.
    pub fn labels(&self) -> labels::Labels {
        let mut map = serde_json::Map::new();
        for (key, source) in &self.sources {
            let ctx: serde_json::Map<String, serde_json::Value> = placeholders(source)
                .into_iter()
                .map(|n| {
                    let v = serde_json::Value::String(format!("{{{n}}}"));
                    (n, v)
                })
                .collect();
            map.insert(key.clone(), serde_json::Value::String(self.text(key, &ctx)));
        }
        serde_json::from_value(serde_json::Value::Object(map)).expect(
            "templates/wording.toml has every label (tested), and overrides only replace keys",
        )
    }

    /// The spreadsheet's own labels, kept as templates (with any override) to render where
    /// they are printed.
    pub fn sheet_labels(&self) -> sheet::SheetLabels {
        let map: serde_json::Map<String, serde_json::Value> = self
            .sources
            .iter()
            .map(|(key, source)| (key.clone(), serde_json::json!([key, source])))
            .collect();
        serde_json::from_value(serde_json::Value::Object(map)).expect(
            "templates/wording.toml has every label (tested), and overrides only replace keys",
        )
    }

    pub fn keys(&self) -> &[String] {
        &self.keys
    }
}
