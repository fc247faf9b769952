//! shinchoku (進捗): the yearly progress report of a Japanese city's administrative-reform plan.
//!
//! Data flows one way: the plan (master, `plan`) and the bureaus' workbooks (`workbook`) are
//! merged into a renderer-neutral report model (`report`), which the renderers (`render`) turn
//! into the published PDF, spreadsheet and HTML.

pub mod excel;
pub mod output;
pub mod pipeline;
pub mod plan;
pub mod render;
pub mod report;
pub mod samples;
pub mod wording;
pub mod workbook;
