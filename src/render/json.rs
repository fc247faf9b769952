//! `report.json`: the merged model, for open-data publication and other tools.

use super::{RenderContext, RenderError, Rendered, Renderer};

pub struct JsonRenderer;

impl Renderer for JsonRenderer {
    fn file_name(&self) -> &'static str {
        "report.json"
    }

    fn render(&self, ctx: &RenderContext) -> Result<Rendered, RenderError> {
        let mut bytes = serde_json::to_vec_pretty(ctx.report)
            .map_err(|e| RenderError(format!("JSONを書き出せません（{e}）")))?;
        bytes.push(b'\n');
        Ok(Rendered {
            bytes,
            pages: None,
            warnings: Vec::new(),
        })
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

    fn render(&self, _ctx: &RenderContext) -> Result<Rendered, RenderError> {
        Ok(Rendered {
            bytes: SCHEMA.as_bytes().to_vec(),
            pages: None,
            warnings: Vec::new(),
        })
    }
}
