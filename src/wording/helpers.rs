//! Handlebars helpers for Japanese reports: eras, yen, percentages, thousands separators.

use handlebars::{handlebars_helper, Handlebars};
use serde_json::Value;

use crate::plan::FiscalYear;

/// 14465 → "14,465"; 1234.5 → "1,234.5".
pub fn format_thousands(v: f64) -> String {
    let neg = v < 0.0;
    let s = crate::workbook::schema::format_number(v.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i.to_string(), format!(".{f}")),
        None => (s, String::new()),
    };
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{}{out}{frac}", if neg { "-" } else { "" })
}

/// A thousand-yen amount as the report prints it: 1,234千円.
pub fn format_yen_thousands(v: f64) -> String {
    format!("{}千円", format_thousands(v))
}

/// A change in thousand yen, always with its sign: +1,234千円, -1,234千円, ±0千円.
pub fn format_signed_yen_thousands(v: f64) -> String {
    if v > 0.0 {
        format!("+{}", format_yen_thousands(v))
    } else if v < 0.0 {
        format_yen_thousands(v)
    } else {
        "±0千円".to_string()
    }
}

/// A ratio as a percentage with one decimal: 0.9333 → 93.3％.
pub fn format_percent(r: f64) -> String {
    format!("{:.1}％", r * 100.0)
}

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
handlebars_helper!(yen_thousands: |v: Value| v.as_f64().map(format_yen_thousands).unwrap_or_else(|| "―".into()));
handlebars_helper!(percent: |v: Value| v.as_f64().map(format_percent).unwrap_or_else(|| "―".into()));
handlebars_helper!(thousands: |v: Value| v.as_f64().map(format_thousands).unwrap_or_else(|| "―".into()));

pub fn register(h: &mut Handlebars) {
    h.register_helper("wareki", Box::new(wareki));
    h.register_helper("yen_thousands", Box::new(yen_thousands));
    h.register_helper("percent", Box::new(percent));
    h.register_helper("thousands", Box::new(thousands));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_the_japanese_way() {
        assert_eq!(format_thousands(14465.0), "14,465");
        assert_eq!(format_thousands(1234567.5), "1,234,567.5");
        assert_eq!(format_thousands(-1000.0), "-1,000");
        assert_eq!(format_thousands(999.0), "999");
        assert_eq!(format_yen_thousands(250000.0), "250,000千円");
        assert_eq!(format_percent(0.93333), "93.3％");
    }
}
