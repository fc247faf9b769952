//! How numbers are written, everywhere the tool writes one: in the bureau workbooks, the
//! messages, and every output. One place, so that 1,234.5 and −0.0004 read the same in the PDF,
//! the spreadsheet, the web page and a diagnostic. Eras are written by `FiscalYear` and
//! `ReportDate`.

/// Decimals kept at most: amounts are in thousand yen and rates in per cent, so a fourth
/// decimal is noise from a calculation, never something a bureau typed.
const MAX_DECIMALS: usize = 3;

/// 1234.5 → "1234.5", 14465 → "14465": at most three decimals, trailing zeros dropped, no
/// separators (for cells and messages that quote a typed number). A value that rounds to
/// zero is "0", never "-0".
pub fn plain(v: f64) -> String {
    let (negative, int, frac) = parts(v);
    let mut out = String::with_capacity(int.len() + frac.len() + 2);
    if negative {
        out.push('-');
    }
    out.push_str(&int);
    if !frac.is_empty() {
        out.push('.');
        out.push_str(&frac);
    }
    out
}

/// 1234567.5 → "1,234,567.5": `plain` with thousands separators.
pub fn thousands(v: f64) -> String {
    let (negative, int, frac) = parts(v);
    let mut out = String::with_capacity(int.len() + int.len() / 3 + frac.len() + 2);
    if negative {
        out.push('-');
    }
    let n = int.len();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(&frac);
    }
    out
}

/// A value with at least `decimals` decimals and thousands separators: (98.0, 1) → "98.0",
/// (14465.0, 0) → "14,465". More decimals than asked are kept rather than rounded away: the
/// plan prints 98.0％ beside 99.1％, and a bureau's 98.25 is what it reported.
pub fn fixed(v: f64, decimals: usize) -> String {
    let mut s = thousands(v);
    if s.is_empty() {
        return s;
    }
    let have = s.split_once('.').map(|(_, f)| f.len()).unwrap_or(0);
    if have < decimals {
        if have == 0 {
            s.push('.');
        }
        s.extend(std::iter::repeat_n('0', decimals - have));
    }
    s
}

/// A thousand-yen amount as the report prints it: 1,234千円.
pub fn yen_thousands(v: f64) -> String {
    format!("{}千円", thousands(v))
}

/// A change in thousand yen, always with its sign: +1,234千円, -1,234千円, ±0千円.
pub fn signed_yen_thousands(v: f64) -> String {
    let s = yen_thousands(v);
    if s.starts_with('-') {
        s
    } else if s.starts_with("0千") {
        "±0千円".to_string()
    } else {
        format!("+{s}")
    }
}

/// A ratio as a percentage number with one decimal: 0.9333 → "93.3" (the ％ sign is the
/// wording's to place).
pub fn percent_number(ratio: f64) -> String {
    one_decimal(ratio * 100.0)
}

/// 93.333 → "93.3": shares and points are printed with one decimal.
pub fn one_decimal(v: f64) -> String {
    format!("{v:.1}")
}

/// A ratio as a percentage: 0.9333 → "93.3％".
pub fn percent(ratio: f64) -> String {
    format!("{}％", percent_number(ratio))
}

/// 12 → "１２": the plan numbers its pillars in full-width digits.
pub fn full_width(n: u32) -> String {
    n.to_string()
        .chars()
        .map(|c| char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c))
        .collect()
}

/// Full-width digits and Latin letters as ASCII, so that ３, Ｒ３ and 3 read alike.
pub fn to_ascii(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            _ => c,
        })
        .collect()
}

/// The sign, integer digits and decimals (trailing zeros dropped) of `v` rounded to
/// `MAX_DECIMALS`. Not a number: all empty.
fn parts(v: f64) -> (bool, String, String) {
    if !v.is_finite() {
        return (false, String::new(), String::new());
    }
    let s = format!("{:.*}", MAX_DECIMALS, v.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let frac = frac.trim_end_matches('0').to_string();
    let zero = int.chars().all(|c| c == '0') && frac.is_empty();
    (v < 0.0 && !zero, int.to_string(), frac)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_the_japanese_way() {
        assert_eq!(thousands(14465.0), "14,465");
        assert_eq!(thousands(1234567.5), "1,234,567.5");
        assert_eq!(thousands(-1000.0), "-1,000");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(plain(1234.5), "1234.5");
        assert_eq!(plain(94.4), "94.4");
        assert_eq!(plain(1e15), "1000000000000000");
        assert_eq!(yen_thousands(250000.0), "250,000千円");
        assert_eq!(percent(0.93333), "93.3％");
        assert_eq!(fixed(98.0, 1), "98.0");
        assert_eq!(fixed(98.25, 1), "98.25");
        assert_eq!(fixed(14465.0, 0), "14,465");
        assert_eq!(full_width(12), "１２");
        assert_eq!(to_ascii("Ｒ３年"), "R3年");
    }

    #[test]
    fn almost_zero_is_zero_in_every_form() {
        for v in [-0.0004, -0.0, 0.0004] {
            assert_eq!(plain(v), "0", "{v}");
            assert_eq!(thousands(v), "0", "{v}");
            assert_eq!(signed_yen_thousands(v), "±0千円", "{v}");
        }
        assert_eq!(signed_yen_thousands(-1.0), "-1千円");
        assert_eq!(signed_yen_thousands(1.0), "+1千円");
        assert_eq!(plain(f64::NAN), "");
    }
}
