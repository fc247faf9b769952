//! Handlebars helpers for Japanese reports: eras, yen, percentages, thousands separators,
//! all written by `plan::format` so that templates and code print numbers alike.

use handlebars::{handlebars_helper, Handlebars};
use serde_json::Value;

use crate::plan::{format, FiscalYear};

fn year_of(v: &Value) -> Option<FiscalYear> {
    match v {
        Value::Number(n) => n.as_u64().and_then(|y| FiscalYear::new(y as u16)),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}

// A value that is not a year (an already printed 令和3年度, a placeholder) is kept as it is.
handlebars_helper!(wareki: |v: Value| year_of(&v).map(|y| y.wareki()).unwrap_or_else(|| match &v {
    Value::String(s) => s.clone(),
    _ => String::new(),
}));
handlebars_helper!(yen_thousands: |v: Value| v.as_f64().map(format::yen_thousands).unwrap_or_else(|| "―".into()));
handlebars_helper!(percent: |v: Value| v.as_f64().map(format::percent).unwrap_or_else(|| "―".into()));
handlebars_helper!(thousands: |v: Value| v.as_f64().map(format::thousands).unwrap_or_else(|| "―".into()));

pub fn register(h: &mut Handlebars) {
    h.register_helper("wareki", Box::new(wareki));
    h.register_helper("yen_thousands", Box::new(yen_thousands));
    h.register_helper("percent", Box::new(percent));
    h.register_helper("thousands", Box::new(thousands));
}
