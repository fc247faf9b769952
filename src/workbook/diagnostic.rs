//! Problems found in submissions, located to file, sheet and cell, worded for office staff:
//! what is wrong and how to fix it.

use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Must be fixed before the report is built.
    Error,
    /// Worth a look; the report can be built.
    Warning,
    /// For information (a skipped lock file, a normalised number).
    Note,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "エラー",
            Severity::Warning => "警告",
            Severity::Note => "お知らせ",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The bureau the problem concerns, when known (from the file's metadata or the master).
    pub bureau: Option<String>,
    /// The file name as found in the submissions folder.
    pub file: Option<String>,
    pub sheet: Option<String>,
    /// Excel's name of the cell: H12.
    pub cell: Option<String>,
    /// What is wrong and how to fix it, in Japanese.
    pub message: String,
}

impl Diagnostic {
    pub fn new(severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            bureau: None,
            file: None,
            sheet: None,
            cell: None,
            message: message.into(),
        }
    }

    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, message)
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message)
    }

    pub fn note(message: impl Into<String>) -> Self {
        Self::new(Severity::Note, message)
    }

    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    pub fn for_bureau(mut self, bureau: impl Into<String>) -> Self {
        self.bureau = Some(bureau.into());
        self
    }

    pub fn at(mut self, sheet: &str, cell: impl Into<String>) -> Self {
        self.sheet = Some(sheet.to_string());
        self.cell = Some(cell.into());
        self
    }

    /// "財政局.xlsx 入力!H12" — where to look.
    pub fn location(&self) -> String {
        let mut s = self.file.clone().unwrap_or_default();
        match (&self.sheet, &self.cell) {
            (Some(sheet), Some(cell)) => {
                if !s.is_empty() {
                    s.push(' ');
                }
                s.push_str(&format!("{sheet}!{cell}"));
            }
            (Some(sheet), None) => {
                if !s.is_empty() {
                    s.push(' ');
                }
                s.push_str(sheet);
            }
            _ => {}
        }
        s
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let loc = self.location();
        if loc.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{loc}: {}", self.message)
        }
    }
}
