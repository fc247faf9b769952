//! `report.json`: the merged model, for open-data publication and other tools.

use std::io::Write;

use super::{RenderContext, RenderError, Rendered, Renderer, Sink};

pub struct JsonRenderer;

impl Renderer for JsonRenderer {
    fn file_name(&self) -> &'static str {
        "report.json"
    }

    fn render(&self, ctx: &RenderContext, out: &mut dyn Sink) -> Result<Rendered, RenderError> {
        let mut w = std::io::BufWriter::new(out);
        serde_json::to_writer_pretty(&mut w, ctx.report).map_err(RenderError::Json)?;
        w.write_all(b"\n")?;
        w.flush()?;
        Ok(Rendered::default())
    }
}

/// `report.schema.json`: the JSON Schema of report.json (schemas/report.schema.json),
/// published beside it so that open-data users can check what they read.
pub struct SchemaRenderer;

pub const SCHEMA: &str = include_str!("../../schemas/report.schema.json");

impl Renderer for SchemaRenderer {
    fn file_name(&self) -> &'static str {
        "report.schema.json"
    }

    fn render(&self, _ctx: &RenderContext, out: &mut dyn Sink) -> Result<Rendered, RenderError> {
        out.write_all(SCHEMA.as_bytes())?;
        out.flush()?;
        Ok(Rendered::default())
    }
}
