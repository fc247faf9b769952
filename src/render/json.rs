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
