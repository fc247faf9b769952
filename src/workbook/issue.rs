//! Issuing the bureaus' workbooks into a folder the office works in.
//!
//! Every workbook is made in memory first: a problem in the master stops the run before any
//! file is written, and the files already in the folder are all compared before the first is
//! replaced. That folder may hold workbooks a bureau has filled in, and losing one is far
//! worse than being asked to confirm; a file that already has exactly the bytes we would
//! write is left as it is, so issuing the same set again is harmless.

use std::path::{Path, PathBuf};

use super::last_year::LastYear;
use super::schema::units_for_bureau;
use super::template::{TemplateError, TemplateRequest};
use crate::output::{safe_file_stem, write_atomic};
use crate::plan::{Bureau, FiscalYear, Plan, ReportDate};

/// One bureau's workbook, made, and where it goes.
pub struct Issued {
    pub path: PathBuf,
    /// The file name, as the bureau will see it.
    pub name: String,
    /// How many units the bureau is asked about.
    pub units: usize,
    bytes: Vec<u8>,
}

impl Issued {
    /// A file of this name is there with other content (perhaps filled in).
    pub fn would_overwrite(&self) -> bool {
        self.path.exists() && std::fs::read(&self.path).map_or(true, |old| old != self.bytes)
    }

    pub fn unchanged(&self) -> bool {
        std::fs::read(&self.path).is_ok_and(|old| old == self.bytes)
    }

    /// Writes the file (atomically) unless it is already there as made.
    pub fn write(&self) -> std::io::Result<()> {
        if self.unchanged() {
            return Ok(());
        }
        write_atomic(&self.path, &self.bytes)
    }
}

/// The workbooks for `bureaus`, made in memory, and the bureaus with nothing to ask about.
pub struct IssueSet<'p> {
    pub workbooks: Vec<Issued>,
    pub skipped: Vec<&'p Bureau>,
}

impl IssueSet<'_> {
    /// The names of the files that would replace different ones.
    pub fn conflicts(&self) -> Vec<&str> {
        self.workbooks
            .iter()
            .filter(|w| w.would_overwrite())
            .map(|w| w.name.as_str())
            .collect()
    }
}

pub fn prepare<'p>(
    plan: &Plan,
    bureaus: &[&'p Bureau],
    year: FiscalYear,
    created: Option<ReportDate>,
    last_year: Option<&LastYear>,
    out: &Path,
) -> Result<IssueSet<'p>, TemplateError> {
    let mut set = IssueSet {
        workbooks: Vec::new(),
        skipped: Vec::new(),
    };
    for &bureau in bureaus {
        let units = units_for_bureau(plan, bureau.as_str(), year).len();
        if units == 0 {
            set.skipped.push(bureau);
            continue;
        }
        let bytes = TemplateRequest::new(plan, bureau.as_str(), year)
            .created(created)
            .last_year(last_year)
            .write()?;
        let name = format!("{}.xlsx", safe_file_stem(bureau.as_str()));
        set.workbooks.push(Issued {
            path: out.join(&name),
            name,
            units,
            bytes,
        });
    }
    Ok(set)
}
