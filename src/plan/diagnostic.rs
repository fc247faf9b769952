//! A problem found in what the office gave the tool — the master, the wording, a bureau's
//! workbook — located to file and line, or file, sheet and cell, and worded for office staff:
//! what is wrong and how to fix it. Every layer reports with this one type, so the command
//! line prints every problem the same way.

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

/// Where a problem is, in the terms of the file it is in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Location {
    /// Not in any one file: a folder that does not exist, a bureau that sent nothing.
    #[default]
    Nowhere,
    /// A file as a whole, or a line of a text file (plan.toml, wording.toml).
    Text { file: String, line: Option<usize> },
    /// A workbook's sheet, and the cell when there is one: 財政局.xlsx 入力!H12.
    Cell {
        file: Option<String>,
        sheet: String,
        cell: Option<String>,
    },
}

impl Location {
    pub fn file(&self) -> Option<&str> {
        match self {
            Location::Nowhere => None,
            Location::Text { file, .. } => Some(file),
            Location::Cell { file, .. } => file.as_deref(),
        }
    }

    pub fn line(&self) -> Option<usize> {
        match self {
            Location::Text { line, .. } => *line,
            _ => None,
        }
    }

    pub fn sheet(&self) -> Option<&str> {
        match self {
            Location::Cell { sheet, .. } => Some(sheet),
            _ => None,
        }
    }

    pub fn cell(&self) -> Option<&str> {
        match self {
            Location::Cell { cell, .. } => cell.as_deref(),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The bureau the problem concerns, when known (from the file's metadata or the master).
    pub bureau: Option<String>,
    /// The file name as the user knows it (as found in the submissions folder, or the path
    /// given on the command line), and where in it.
    pub location: Location,
    /// What is wrong and how to fix it, in Japanese.
    pub message: String,
}

/// The JSON of `check --format json`, as it has always read: file, sheet and cell as keys
/// (null when absent), line only when there is one.
impl Serialize for Diagnostic {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let loc = &self.location;
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("severity", &self.severity)?;
        m.serialize_entry("bureau", &self.bureau)?;
        m.serialize_entry("file", &loc.file())?;
        if let Some(line) = loc.line() {
            m.serialize_entry("line", &line)?;
        }
        m.serialize_entry("sheet", &loc.sheet())?;
        m.serialize_entry("cell", &loc.cell())?;
        m.serialize_entry("message", &self.message)?;
        m.end()
    }
}

impl Diagnostic {
    pub fn new(severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            bureau: None,
            location: Location::Nowhere,
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
        let file = file.into();
        self.location = match std::mem::take(&mut self.location) {
            Location::Nowhere => Location::Text { file, line: None },
            Location::Text { line, .. } => Location::Text { file, line },
            Location::Cell { sheet, cell, .. } => Location::Cell {
                file: Some(file),
                sheet,
                cell,
            },
        };
        self
    }

    pub fn for_bureau(mut self, bureau: impl Into<String>) -> Self {
        self.bureau = Some(bureau.into());
        self
    }

    /// A cell of a workbook's sheet (in the file already given, if any).
    pub fn at(mut self, sheet: &str, cell: impl Into<String>) -> Self {
        self.location = Location::Cell {
            file: self.location.file().map(str::to_string),
            sheet: sheet.to_string(),
            cell: Some(cell.into()),
        };
        self
    }

    /// A line of the text file already given.
    pub fn on_line(mut self, line: Option<usize>) -> Self {
        if let Location::Text { line: l, .. } = &mut self.location {
            *l = line;
        }
        self
    }

    pub fn file(&self) -> Option<&str> {
        self.location.file()
    }

    pub fn cell(&self) -> Option<&str> {
        self.location.cell()
    }

    /// "財政局.xlsx 入力!H12" or "plan.toml:12行目" — where to look.
    pub fn location(&self) -> String {
        match &self.location {
            Location::Nowhere => String::new(),
            Location::Text { file, line: None } => file.clone(),
            Location::Text {
                file,
                line: Some(l),
            } => format!("{file}:{l}行目"),
            Location::Cell { file, sheet, cell } => {
                let mut s = file.clone().unwrap_or_default();
                if !s.is_empty() {
                    s.push(' ');
                }
                s.push_str(sheet);
                if let Some(c) = cell {
                    s.push('!');
                    s.push_str(c);
                }
                s
            }
        }
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

impl std::error::Error for Diagnostic {}

/// Every problem found in one pass (the master's loader collects them all, so the office
/// fixes a file at once instead of one problem per run). Displayed one per line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn one(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_and_a_cell_are_located_as_the_office_reads_them() {
        let d = Diagnostic::error("評価が選択されていません。")
            .in_file("財政局.xlsx")
            .at("入力", "H12");
        assert_eq!(
            d.to_string(),
            "財政局.xlsx 入力!H12: 評価が選択されていません。"
        );
        let d = Diagnostic::error("知らないキーです")
            .in_file("plan.toml")
            .on_line(Some(12));
        assert_eq!(d.to_string(), "plan.toml:12行目: 知らないキーです");
        let d = Diagnostic::error("読めません").in_file("plan.toml");
        assert_eq!(d.to_string(), "plan.toml: 読めません");
    }

    #[test]
    fn an_absent_line_is_left_out_of_json() {
        let d = Diagnostic::warning("w").in_file("a.xlsx");
        let v = serde_json::to_value(&d).unwrap();
        assert!(v.get("line").is_none());
        assert_eq!(v["sheet"], serde_json::Value::Null);
        let v = serde_json::to_value(d.on_line(Some(3))).unwrap();
        assert_eq!(v["line"], 3);
    }
}
