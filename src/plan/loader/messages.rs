//! Problems in the master as the office reads them: toml's and serde's English messages
//! translated into Japanese, and byte spans turned into line numbers.

use std::ops::Range;

use super::SourceFile;
use crate::plan::diagnostic::Diagnostic;

/// Collects errors for one file, turning byte spans into line numbers.
pub(super) struct FileCtx<'a> {
    pub(super) source: &'a SourceFile,
    pub(super) errors: &'a mut Vec<Diagnostic>,
}

impl FileCtx<'_> {
    pub(super) fn line_of(&self, span: Range<usize>) -> usize {
        let end = span.start.min(self.source.text.len());
        self.source.text.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    pub(super) fn error(&mut self, span: Option<Range<usize>>, message: impl Into<String>) {
        let line = span.map(|s| self.line_of(s));
        self.errors.push(
            Diagnostic::error(message)
                .in_file(&self.source.name)
                .on_line(line),
        );
    }

    pub(super) fn toml_error(&mut self, e: &toml::de::Error) {
        let message = translate_toml_message(e.message());
        self.error(e.span(), message);
    }
}

/// toml's messages are English; the office reads Japanese.
fn translate_toml_message(m: &str) -> String {
    let quoted = |m: &str| m.split('`').nth(1).unwrap_or("").to_string();
    if m.starts_with("unknown field") {
        let expected: Vec<&str> = m.split('`').skip(3).step_by(2).collect();
        format!(
            "知らないキー「{}」があります。綴りを確かめてください（使えるキー: {}）",
            quoted(m),
            expected.join("、")
        )
    } else if m.starts_with("missing field") {
        format!("必要なキー「{}」がありません。追加してください", quoted(m))
    } else if m.contains("duplicate key") {
        format!(
            "同じキーが2回書かれています（{}）。どちらか一方にしてください",
            m.trim()
        )
    } else if m.contains("invalid type") {
        format!(
            "値の種類が違います（{}）。文字列は\"…\"で囲み、数値は数字だけで書いてください",
            m.trim()
        )
    } else {
        format!(
            "TOMLとして読めません（{}）。記号や引用符の対応を確かめてください",
            m.trim()
        )
    }
}
