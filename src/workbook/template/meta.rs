//! The very hidden metadata sheet: what the reader checks to recognise the workbook (format
//! version, year, bureau, the master's fingerprint) and where each unit's row is.

use rust_xlsxwriter::Worksheet;

use super::validation::protect;
use super::{Book, TemplateError};
use crate::workbook::schema::{self, meta, FIRST_DATA_ROW};

impl Book<'_> {
    pub(super) fn write_meta(&self, ws: &mut Worksheet) -> Result<(), TemplateError> {
        let (plan, bureau, year, units) = (self.plan, self.bureau, self.year, &self.units);
        let pairs = [
            (meta::FORMAT_VERSION, schema::FORMAT_VERSION.to_string()),
            (meta::FISCAL_YEAR, year.start_year().to_string()),
            (meta::BUREAU, bureau.to_string()),
            (meta::MASTER_FINGERPRINT, plan.fingerprint()),
            (
                meta::GENERATOR,
                format!("shinchoku {}", env!("CARGO_PKG_VERSION")),
            ),
        ];
        for (row, (key, value)) in pairs.iter().enumerate() {
            ws.write_string(row as u32, 0, *key)?;
            ws.write_string(row as u32, 1, value)?;
        }
        for (i, unit) in units.iter().enumerate() {
            let row = meta::FIRST_UNIT_ROW + i as u32;
            let input_row = FIRST_DATA_ROW + i as u32 + 1;
            let values = [
                meta::UNIT_TAG.to_string(),
                input_row.to_string(),
                unit.id().to_string(),
                unit.fingerprint(),
                unit.text().indicators.len().to_string(),
                schema::locked_fingerprint(&schema::locked_texts(unit, year)),
            ];
            for (col, v) in values.iter().enumerate() {
                ws.write_string(row, col as u16, v)?;
            }
        }
        protect(ws);
        Ok(())
    }
}
