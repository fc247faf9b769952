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
