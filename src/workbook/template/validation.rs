//! The 入力 sheet's drop-downs and checks, with the messages Excel shows, and sheet
//! protection: staff can write only where the template asks them to.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Formula, ProtectionOptions,
    Worksheet,
};

use super::guide::GuideRows;
use super::{Book, TemplateError};
use crate::excel::utf16_len;
use crate::plan::{format, FiscalYear, Indicator};
use crate::workbook::schema::{Col, GUIDE_SHEET};

/// Excel's limits for the texts of a data validation.
const VALIDATION_TITLE_MAX: usize = 32;
const VALIDATION_MESSAGE_MAX: usize = 255;
const VALIDATION_LIST_MAX: usize = 255;

/// The first candidate within `max` UTF-16 units, or the last one cut to fit.
pub(super) fn fit(candidates: &[String], max: usize) -> String {
    for c in candidates {
        if utf16_len(c) <= max {
            return c.clone();
        }
    }
    let last = candidates.last().cloned().unwrap_or_default();
    let mut out = String::new();
    for ch in last.chars() {
        if utf16_len(&out) + ch.len_utf16() + 1 > max {
            out.push('…');
            break;
        }
        out.push(ch);
    }
    out
}

fn message(candidates: &[String]) -> String {
    fit(candidates, VALIDATION_MESSAGE_MAX)
}

fn validation_title(s: &str) -> String {
    fit(&[s.to_string()], VALIDATION_TITLE_MAX)
}

/// A drop-down list: inline when Excel allows it (at most 255 characters, no commas, which
/// separate inline entries), else a reference to the same values listed on the 記入要領 sheet.
fn list_validation(values: &[&str], rows_on_guide: Option<(u32, u32)>) -> Option<DataValidation> {
    let joined = values.join(",");
    let inline_ok = utf16_len(&joined) <= VALIDATION_LIST_MAX
        && !values.iter().any(|v| v.contains(',') || v.contains('"'));
    if inline_ok {
        if let Ok(v) = DataValidation::new().allow_list_strings(values) {
            return Some(v);
        }
    }
    let (first, last) = rows_on_guide?;
    Some(
        DataValidation::new().allow_list_formula(Formula::new(format!(
            "='{GUIDE_SHEET}'!$B${}:$B${}",
            first + 1,
            last + 1
        ))),
    )
}

pub(super) fn protect(ws: &mut Worksheet) {
    let options = ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::new()
    };
    ws.protect_with_options(&options);
}

/// The check on an indicator's actual value: a number, with the target in the message.
pub(super) fn actual_validation(
    ind: &Indicator,
    k: usize,
    year: FiscalYear,
) -> Result<DataValidation, TemplateError> {
    let target = ind
        .effective_target(year)
        .map(|t| {
            format!(
                "目標は {}{}（{}）です。",
                format::plain(t.value),
                ind.unit,
                t.period
            )
        })
        .unwrap_or_default();
    Ok(DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(-1e15, 1e15))
        .set_input_title(validation_title(&format!("実績値{}", k + 1)))?
        .set_input_message(message(&[
            format!(
                "{}の{}の実績を、単位（{}）を付けずに数値だけで入力してください。{target}",
                ind.name,
                year.wareki(),
                ind.unit
            ),
            format!(
                "実績を、単位（{}）を付けずに数値だけで入力してください。",
                ind.unit
            ),
        ]))?
        .set_error_title(validation_title("実績値は数値で入力してください"))?
        .set_error_message(message(&[format!(
            "実績値は数値だけで入力してください（例：12.5）。単位（{}）や文字は入れられません。",
            ind.unit
        )]))?
        .set_error_style(DataValidationErrorStyle::Stop))
}

impl Book<'_> {
    /// The drop-downs of 評価 and 理由区分 and the check on 効果額, over the unit rows.
    pub(super) fn column_validations(
        &self,
        ws: &mut Worksheet,
        (first, last): (u32, u32),
        guide: GuideRows,
    ) -> Result<(), TemplateError> {
        let settings = &self.plan.settings;
        let symbols: Vec<&str> = settings.grades.iter().map(|g| g.symbol.as_str()).collect();
        let tags: Vec<&str> = settings.reasons.iter().map(|r| r.tag.as_str()).collect();
        let column_rule = |ws: &mut Worksheet, col: Col, v: &DataValidation| {
            ws.add_data_validation(first, col.index(), last, col.index(), v)
                .map(|_| ())
        };

        let grade_lines: Vec<String> = settings
            .grades
            .iter()
            .map(|g| format!("{}　{}", g.symbol, g.label))
            .collect();
        if let Some(v) = list_validation(&symbols, guide.grades) {
            let v = v
                .set_input_title(validation_title("評価"))?
                .set_input_message(message(&[
                    format!("▼の一覧から選んでください。\n{}", grade_lines.join("\n")),
                    format!("▼の一覧（{}）から選んでください。", settings.symbols_list()),
                    "▼の一覧から選んでください。区分は「記入要領」シートにあります。".to_string(),
                ]))?
                .set_error_title(validation_title("一覧にない評価です"))?
                .set_error_message(message(&[
                    format!(
                        "評価は一覧（{}）から選んでください。区分の意味は「記入要領」シートにあります。",
                        settings.symbols_list()
                    ),
                    "評価は一覧から選んでください。区分は「記入要領」シートにあります。".to_string(),
                ]))?
                .set_error_style(DataValidationErrorStyle::Stop);
            column_rule(ws, Col::Grade, &v)?;
        }
        if !tags.is_empty() {
            if let Some(v) = list_validation(&tags, guide.reasons) {
                let reason_lines: Vec<String> = settings
                    .reasons
                    .iter()
                    .map(|r| format!("{}：{}", r.tag, r.label))
                    .collect();
                let v = v
                    .set_input_title(validation_title("理由区分（任意）"))?
                    .set_input_message(message(&[
                        format!(
                            "評価の主な理由が次にあたるときだけ選んでください。\n{}",
                            reason_lines.join("\n")
                        ),
                        "評価の主な理由が「記入要領」シートの理由区分にあたるときだけ選んでください。"
                            .to_string(),
                    ]))?
                    .set_error_title(validation_title("一覧にない理由区分です"))?
                    .set_error_message(message(&[
                        format!(
                            "理由区分は一覧（{}）から選ぶか、空欄にしてください。",
                            tags.join("・")
                        ),
                        "理由区分は一覧から選ぶか、空欄にしてください。".to_string(),
                    ]))?
                    .set_error_style(DataValidationErrorStyle::Stop);
                column_rule(ws, Col::Reason, &v)?;
            }
        }
        let max_effect = settings
            .max_effect_thousand_yen
            .clamp(0.0, i32::MAX as f64)
            .floor() as i32;
        let v = DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(0, max_effect))
            .set_input_title(validation_title("効果額（千円）"))?
            .set_input_message(message(&[
                "千円単位の整数で入力してください（例：123万4千円 → 1234）。効果額がなければ空欄のままにしてください。"
                    .to_string(),
            ]))?
            .set_error_title(validation_title("効果額は千円単位の整数です"))?
            .set_error_message(message(&[format!(
                "効果額は千円単位の整数（0〜{}）で入力してください。例：123万4千円 → 1234。単位や小数は入れられません。",
                format::thousands(f64::from(max_effect))
            )]))?
            .set_error_style(DataValidationErrorStyle::Stop);
        column_rule(ws, Col::Effect, &v)?;

        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_messages_fall_back_then_cut() {
        let long = "あ".repeat(300);
        assert_eq!(fit(&[long.clone(), "短い".into()], 255), "短い");
        let cut = fit(&[long], 255);
        assert!(utf16_len(&cut) <= 255 && cut.ends_with('…'));
    }

    #[test]
    fn long_grade_lists_point_at_the_guide() {
        let many: Vec<String> = (0..60).map(|i| format!("評価{i}")).collect();
        let refs: Vec<&str> = many.iter().map(|s| s.as_str()).collect();
        assert!(list_validation(&refs, None).is_none());
        assert!(list_validation(&refs, Some((10, 69))).is_some());
        assert!(list_validation(&["◎", "○"], None).is_some());
        assert!(list_validation(&["A,B"], None).is_none());
    }
}
