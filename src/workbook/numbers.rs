//! Numbers as bureaus type them. A cell may hold a real number, or text such as `1,234`,
//! `１２３４`, `1234千円` or `94.4%`. These are read as documented here; anything that could
//! mean two things (`1,23`, `1.234.5`, `約100`, `100円` in a 千円 column) is refused with a
//! message rather than guessed.
//!
//! Accepted text: optional surrounding spaces; full-width digits, comma, period, minus and
//! percent (converted to ASCII); comma thousands separators in groups of three; at most one
//! decimal point; a trailing unit that matches the column (`千円` for 効果額, the indicator's
//! own unit such as `％`, `人`, `件`, `時間` for 実績値).

use crate::plan::format::to_ascii;

#[derive(Debug, Clone, PartialEq)]
pub enum NumberError {
    NotANumber,
    AmbiguousSeparators,
    WrongUnit { found: String },
}

impl NumberError {
    /// The reason, for a message that goes on "…: {text}」は{reason}".
    pub fn reason(&self) -> String {
        match self {
            NumberError::NotANumber => "数値として読めません".into(),
            NumberError::AmbiguousSeparators => {
                "区切り記号の位置があいまいです（桁区切りのカンマは3桁ごと、小数点は1つ）".into()
            }
            NumberError::WrongUnit { found } => {
                format!("単位「{found}」がこの欄の単位と合いません")
            }
        }
    }
}

/// Reads a number typed as text. `units` are the unit words this column accepts after the
/// number (each also accepted in full-width form).
pub fn parse_number_text(text: &str, units: &[&str]) -> Result<f64, NumberError> {
    let ascii = to_ascii(text.trim())
        .replace(['，'], ",")
        .replace(['．'], ".")
        .replace(['－', '−', 'ー', '‐'], "-")
        .replace('％', "%")
        .replace('　', " ");
    let s = ascii.trim();
    let split = s
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || matches!(c, ',' | '.' | '-' | '+' | ' ')))
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    let (num, unit) = (s[..split].trim(), s[split..].trim());
    if !unit.is_empty() {
        let ok = units.iter().any(|u| to_ascii(u).replace('％', "%") == unit);
        if !ok {
            return Err(if num.is_empty() {
                NumberError::NotANumber
            } else {
                NumberError::WrongUnit {
                    found: unit.to_string(),
                }
            });
        }
    }
    let (sign, digits) = match num.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, num.strip_prefix('+').unwrap_or(num)),
    };
    if digits.is_empty() || digits.contains(' ') || digits.contains(['-', '+']) {
        return Err(NumberError::NotANumber);
    }
    let mut parts = digits.split('.');
    let int_part = parts.next().unwrap_or("");
    let frac_part = parts.next();
    if parts.next().is_some() {
        return Err(NumberError::AmbiguousSeparators);
    }
    if let Some(f) = frac_part {
        if f.is_empty() || f.contains(',') {
            return Err(NumberError::AmbiguousSeparators);
        }
    }
    if int_part.contains(',') {
        let groups: Vec<&str> = int_part.split(',').collect();
        let first_ok = !groups[0].is_empty() && groups[0].len() <= 3;
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return Err(NumberError::AmbiguousSeparators);
        }
    } else if int_part.is_empty() {
        return Err(NumberError::NotANumber);
    }
    let clean = format!(
        "{}{}",
        int_part.replace(',', ""),
        frac_part.map(|f| format!(".{f}")).unwrap_or_default()
    );
    clean
        .parse::<f64>()
        .map(|v| sign * v)
        .map_err(|_| NumberError::NotANumber)
}

#[cfg(test)]
mod tests {
    use super::*;

    const YEN: &[&str] = &["千円"];

    #[test]
    fn accepts_what_the_module_documents() {
        assert_eq!(parse_number_text("1,234", YEN), Ok(1234.0));
        assert_eq!(parse_number_text("１２３４", YEN), Ok(1234.0));
        assert_eq!(parse_number_text("１，２３４千円", YEN), Ok(1234.0));
        assert_eq!(parse_number_text("1234千円", YEN), Ok(1234.0));
        assert_eq!(parse_number_text(" 12,345,678 ", YEN), Ok(12345678.0));
        assert_eq!(parse_number_text("94.4%", &["％"]), Ok(94.4));
        assert_eq!(parse_number_text("９４．４％", &["％"]), Ok(94.4));
        assert_eq!(parse_number_text("-5", YEN), Ok(-5.0));
        assert_eq!(parse_number_text("14,465人", &["人"]), Ok(14465.0));
    }

    #[test]
    fn refuses_what_is_ambiguous() {
        assert_eq!(
            parse_number_text("1,23", YEN),
            Err(NumberError::AmbiguousSeparators)
        );
        assert_eq!(
            parse_number_text("1.234.5", YEN),
            Err(NumberError::AmbiguousSeparators)
        );
        assert_eq!(
            parse_number_text("1,234.5,6", YEN),
            Err(NumberError::AmbiguousSeparators)
        );
        assert_eq!(
            parse_number_text("約100", YEN),
            Err(NumberError::NotANumber)
        );
        assert_eq!(parse_number_text("なし", YEN), Err(NumberError::NotANumber));
        assert_eq!(
            parse_number_text("100円", YEN),
            Err(NumberError::WrongUnit {
                found: "円".into()
            })
        );
        assert_eq!(
            parse_number_text("1 000", YEN),
            Err(NumberError::NotANumber)
        );
        assert_eq!(parse_number_text("", YEN), Err(NumberError::NotANumber));
        assert_eq!(
            parse_number_text("1.", YEN),
            Err(NumberError::AmbiguousSeparators)
        );
    }
}
