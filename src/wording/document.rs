//! Document templates (html/report.hbs) written straight into the output file. On a large
//! plan the page's context would be hundreds of megabytes as one JSON value (each unit's
//! box, results and labels), so the caller gives the document a light context and the
//! included partial (html/unit) gets the rest of its context built when it is included, one
//! item at a time, and dropped once written.

use std::io::{self, Write};
use std::sync::OnceLock;

use handlebars::{
    Context, Handlebars, Helper, HelperDef, HelperResult, Output, RenderContext, Renderable,
};
use serde_json::{Map, Value};

use super::{helpers, problem, Wording, EMBEDDED_FILES};
use crate::plan::Diagnostics;

/// A partial whose context is completed only when it is included.
pub struct Deferred<'a> {
    /// The partial's name: `html/unit`.
    pub partial: &'a str,
    /// The key of the light context holding the number `complete` is called with.
    pub key: &'a str,
    /// The fields the light context lacks, for the number under `key`; `None` leaves the
    /// context as it is.
    pub complete: &'a (dyn Fn(u64) -> Option<Map<String, Value>> + Sync),
}

/// Why a document could not be written: its template (an override, usually) or the file.
#[derive(Debug)]
pub enum DocumentError {
    Template(Diagnostics),
    Io(io::Error),
}

/// The helper the stand-in partial calls; not a name an override would choose.
const COMPLETE_HELPER: &str = "__shinchoku_complete";
/// Where the real partial is kept while the stand-in takes its name. Its own name stays
/// the partial's, so that errors and the include-itself check read as before.
const REAL_PREFIX: &str = "__shinchoku_real/";

struct Complete<'a> {
    real: String,
    key: &'a str,
    complete: &'a (dyn Fn(u64) -> Option<Map<String, Value>> + Sync),
}

impl HelperDef for Complete<'_> {
    fn call<'reg: 'rc, 'rc>(
        &self,
        _: &Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        rc: &mut RenderContext<'reg, 'rc>,
        out: &mut dyn Output,
    ) -> HelperResult {
        // The partial's own block (pushed by `{{> html/unit}}`) holds the light context,
        // with any hash the template passed; completing it in place keeps `..`, `@index`
        // and `@root` where they were.
        if let Some(block) = rc.block_mut() {
            let light = match block.base_value() {
                Some(Value::Object(light)) => Some(light),
                _ => None,
            };
            let more = light
                .and_then(|l| l.get(self.key))
                .and_then(Value::as_u64)
                .and_then(|n| (self.complete)(n));
            if let (Some(light), Some(mut full)) = (light, more) {
                full.extend(light.iter().map(|(k, v)| (k.clone(), v.clone())));
                block.set_base_value(Value::Object(full));
            }
        }
        let real = r
            .get_template(&self.real)
            .expect("registered with the stand-in");
        real.render(r, ctx, rc, out)
    }
}

/// The embedded document templates with the helpers, compiled once per process.
fn embedded() -> &'static Handlebars<'static> {
    static HTML: OnceLock<Handlebars<'static>> = OnceLock::new();
    HTML.get_or_init(|| {
        let mut html = Handlebars::new();
        helpers::register(&mut html);
        for (name, body) in EMBEDDED_FILES {
            if let Some(stem) = name.strip_suffix(".hbs") {
                html.register_template_string(stem, body)
                    .expect("the embedded templates are valid (tested)");
            }
        }
        html
    })
}

/// Passes writes on, keeping the file's own error: handlebars would only keep its text.
struct Recording<'w> {
    out: &'w mut dyn Write,
    error: Option<io::Error>,
}

impl Write for Recording<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.write(buf).map_err(|e| {
            let kind = e.kind();
            self.error = Some(e);
            io::Error::from(kind)
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

impl Wording {
    /// A document template rendered with HTML escaping into `out` as it goes, the
    /// `deferred` partial's context (if any) completed where it is included.
    pub fn write_document(
        &self,
        name: &str,
        ctx: Value,
        deferred: Option<&Deferred>,
        out: &mut dyn Write,
    ) -> Result<(), DocumentError> {
        let mut html: Handlebars = embedded().clone();
        for (name, template) in self.html.get_templates() {
            html.register_template(name, template.clone());
        }
        let real = deferred.and_then(|d| Some((d, html.get_template(d.partial)?.clone())));
        if let Some((deferred, real)) = real {
            let real_name = format!("{REAL_PREFIX}{}", deferred.partial);
            html.register_template(&real_name, real);
            html.register_template_string(deferred.partial, format!("{{{{{COMPLETE_HELPER}}}}}"))
                .expect("the stand-in is valid");
            html.register_helper(
                COMPLETE_HELPER,
                Box::new(Complete {
                    real: real_name,
                    key: deferred.key,
                    complete: deferred.complete,
                }),
            );
        }
        let mut sink = Recording { out, error: None };
        let result = html.render_with_context_to_write(name, &Context::from(ctx), &mut sink);
        if let Some(e) = sink.error {
            return Err(DocumentError::Io(e));
        }
        result.map_err(|e| {
            // The template the error is in: html/unit.hbs for a mistake in the partial.
            let template = e.template_name.as_deref().unwrap_or(name);
            let file = self
                .origin
                .get(&format!("{template}.hbs"))
                .cloned()
                .unwrap_or_else(|| template.to_string());
            DocumentError::Template(problem(
                file,
                e.line_no,
                format!("テンプレートを適用できません（{}）", e.reason()),
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_embedded_document_templates_compile() {
        let html = super::embedded();
        assert!(html.get_template("html/report").is_some());
        assert!(html.get_template("html/unit").is_some());
    }
}
