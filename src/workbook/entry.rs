//! What a bureau typed for one unit, and the cell it came from: what the reader hands on.

use crate::plan::Bureau;

/// Where an entry came from, for tracing a printed word back to a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRef {
    pub file: String,
    pub sheet: String,
    /// 1-based row on the sheet.
    pub row: u32,
}

/// What one bureau wrote for one unit, exactly as typed (trailing white space trimmed).
#[derive(Debug, Clone, PartialEq)]
pub struct BureauEntry {
    pub bureau: Bureau,
    /// 取組実績.
    pub result: String,
    pub grade: Option<String>,
    pub reason: Option<String>,
    pub effect_thousand_yen: Option<f64>,
    /// 課題・今後の取組.
    pub issues: String,
    /// One per indicator of the unit, in the master's order.
    pub actuals: Vec<Option<f64>>,
    pub source: SourceRef,
}
