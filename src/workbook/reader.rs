//! Reads one filled bureau workbook back and checks every cell of it against the master.
//!
//! Rows are matched to units through the workbook's hidden metadata (unit id per row), and
//! checked against the locked №/title cells, so rows that were reordered, deleted or added are
//! noticed instead of being read as the wrong unit. Text is taken exactly as typed: only
//! trailing white space is trimmed and Windows line ends become '\n'.

use std::collections::{HashMap, HashSet};
use std::io::Cursor;

use calamine::{open_workbook_from_rs, Data, Range, Reader, SheetVisible, Xls, Xlsx};

use super::entry::{BureauEntry, SourceRef};
use super::numbers::parse_number_text;
use super::safety::{self, Container, Refusal};
use super::schema::{self, cell_name, meta, Col, INPUT_SHEET, META_SHEET};
use crate::plan::diagnostic::Diagnostic;
use crate::plan::format;
use crate::plan::{FiscalYear, Plan, ReportingUnit, UnitId};

/// The hidden metadata a template carries.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkbookMeta {
    pub format_version: u32,
    pub year: FiscalYear,
    pub bureau: String,
    pub master_fingerprint: String,
    pub units: Vec<MetaUnit>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MetaUnit {
    /// 1-based row on the 入力 sheet when the template was made.
    pub row: u32,
    pub id: UnitId,
    pub fingerprint: String,
    pub indicators: usize,
    /// Fingerprint of the row's locked cells as the template wrote them.
    pub as_written: Option<String>,
}

/// One bureau's answer for one unit, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub unit: UnitId,
    pub entry: BureauEntry,
}

/// A workbook that could be read: whose it is and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct Submission {
    pub file: String,
    pub meta: WorkbookMeta,
    pub answers: Vec<Answer>,
}

/// Why a workbook gave no submission. Every refusal but `OtherYear` is already in `diags`;
/// another year's workbook is left to the caller, which alone sees whether the whole folder
/// is for that year (one message then, not one per file).
#[derive(Debug, Clone, PartialEq)]
pub enum Unread {
    /// Not ours, or too broken to say whose it is.
    Unknown,
    /// This bureau's workbook, unusable for the reason reported.
    Refused { bureau: String },
    /// This bureau's workbook for another year; not reported yet.
    OtherYear { bureau: String, year: FiscalYear },
}

/// Reads a workbook's bytes. Problems go into `diags` (located to the cell); the submission
/// is returned whenever the file is ours and for the right year, so nothing that was typed
/// correctly is lost because of a mistake elsewhere in the file.
pub fn read_submission(
    plan: &Plan,
    year: FiscalYear,
    file: &str,
    bytes: &[u8],
    diags: &mut Vec<Diagnostic>,
) -> Result<Submission, Unread> {
    let refuse = |diags: &mut Vec<Diagnostic>, r: Refusal| {
        diags.push(Diagnostic::error(r.message()).in_file(file));
    };
    let container = match safety::inspect(bytes) {
        Ok(c) => c,
        Err(r) => {
            refuse(diags, r);
            return Err(Unread::Unknown);
        }
    };
    let mut book = match open(container, bytes) {
        Ok(b) => b,
        Err(r) => {
            refuse(diags, r);
            return Err(Unread::Unknown);
        }
    };
    let sheets: Vec<(String, SheetVisible)> = book
        .sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible))
        .collect();
    let has = |name: &str| sheets.iter().any(|(n, _)| n == name);
    if !has(META_SHEET) {
        diags.push(
            Diagnostic::error(
                "shinchoku で配布した調査票ではありません（管理用の非表示シートがありません）。配布した調査票に入力し直してもらうか、別の資料であればこのフォルダから移してください",
            )
            .in_file(file),
        );
        return Err(Unread::Unknown);
    }
    let meta_range = match book.range(META_SHEET) {
        Ok(r) => r,
        Err(detail) => {
            diags.push(
                Diagnostic::error(format!(
                    "管理用シートを読めません（{detail}）。配布した調査票に入力し直してください"
                ))
                .in_file(file),
            );
            return Err(Unread::Unknown);
        }
    };
    let meta = parse_meta(&meta_range, file, diags).ok_or(Unread::Unknown)?;
    let bureau = meta.bureau.clone();
    let diag_file = |d: Diagnostic| d.in_file(file).for_bureau(&bureau);
    let refused = || Unread::Refused {
        bureau: bureau.clone(),
    };
    if meta.format_version != schema::FORMAT_VERSION {
        diags.push(diag_file(Diagnostic::error(format!(
            "調査票の形式（第{}版）がこのツール（第{}版）と違います。shinchoku templates で作り直した調査票に転記してください",
            meta.format_version,
            schema::FORMAT_VERSION
        ))));
        return Err(refused());
    }
    if !plan.bureaus.iter().any(|b| b.as_str() == bureau) {
        diags.push(diag_file(Diagnostic::error(format!(
            "調査票の所管局「{bureau}」がマスターにありません。マスター（plan.toml）の局名が変わっていないか確かめてください"
        ))));
        return Err(refused());
    }
    if meta.year != year {
        return Err(Unread::OtherYear {
            bureau: bureau.clone(),
            year: meta.year,
        });
    }
    if !has(INPUT_SHEET) {
        diags.push(diag_file(Diagnostic::error(format!(
            "「{INPUT_SHEET}」シートがありません。シート名を変えた場合は「{INPUT_SHEET}」に戻してください"
        ))));
        return Err(refused());
    }
    let input = match book.range(INPUT_SHEET) {
        Ok(r) => r,
        Err(detail) => {
            diags.push(diag_file(Diagnostic::error(format!(
                "「{INPUT_SHEET}」シートを読めません（{detail}）"
            ))));
            return Err(refused());
        }
    };
    let formulas = book.formulas(INPUT_SHEET);
    let ctx = SheetCtx {
        plan,
        year,
        file,
        bureau: &bureau,
        input: &input,
        formulas: &formulas,
    };
    let units = ctx.current_units(&meta, diags);
    let rows = ctx.locate_rows(&units, diags);
    let mut answers = Vec::new();
    for (expected, row) in &rows {
        if let Some(row) = row {
            // A revised unit's locked cells hold the old master's words by design.
            if !expected.revised {
                ctx.check_locked(&expected.unit, *row, diags);
            }
            answers.push(ctx.read_answer(&expected.unit, *row, diags));
        }
    }
    Ok(Submission {
        file: file.to_string(),
        meta,
        answers,
    })
}

/// calamine behind one face for both containers.
enum Book {
    Xlsx(Box<Xlsx<Cursor<Vec<u8>>>>),
    Xls(Box<Xls<Cursor<Vec<u8>>>>),
}

fn open(container: Container, bytes: &[u8]) -> Result<Book, Refusal> {
    let cursor = Cursor::new(bytes.to_vec());
    match container {
        Container::Zip => open_workbook_from_rs::<Xlsx<_>, _>(cursor)
            .map(|b| Book::Xlsx(Box::new(b)))
            .map_err(|e| match e {
                calamine::XlsxError::Password => Refusal::Encrypted,
                other => Refusal::Truncated {
                    detail: other.to_string(),
                },
            }),
        Container::Ole => open_workbook_from_rs::<Xls<_>, _>(cursor)
            .map(|b| Book::Xls(Box::new(b)))
            .map_err(|e| match e {
                calamine::XlsError::Password => Refusal::Encrypted,
                other => Refusal::LegacyXlsUnreadable {
                    detail: other.to_string(),
                },
            }),
    }
}

impl Book {
    fn sheets_metadata(&self) -> &[calamine::Sheet] {
        match self {
            Book::Xlsx(b) => b.sheets_metadata(),
            Book::Xls(b) => b.sheets_metadata(),
        }
    }

    fn range(&mut self, name: &str) -> Result<Range<Data>, String> {
        match self {
            Book::Xlsx(b) => b.worksheet_range(name).map_err(|e| e.to_string()),
            Book::Xls(b) => b.worksheet_range(name).map_err(|e| e.to_string()),
        }
    }

    /// Formulas by cell; an unreadable formula part only means no formula warnings.
    fn formulas(&mut self, name: &str) -> Range<String> {
        match self {
            Book::Xlsx(b) => b.worksheet_formula(name).unwrap_or_default(),
            Book::Xls(b) => b.worksheet_formula(name).unwrap_or_default(),
        }
    }
}

fn cell(range: &Range<Data>, row: u32, col: u16) -> &Data {
    range.get_value((row, col as u32)).unwrap_or(&Data::Empty)
}

/// A cell's text as typed: numbers printed without a spurious ".0", trailing white space
/// trimmed, CRLF as LF.
fn cell_text(d: &Data) -> String {
    let s = match d {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) => format::plain(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) => dt.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    };
    s.replace("\r\n", "\n").trim_end().to_string()
}

fn parse_meta(
    range: &Range<Data>,
    file: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<WorkbookMeta> {
    let mut kv: HashMap<String, String> = HashMap::new();
    for row in 0..meta::FIRST_UNIT_ROW {
        let k = cell_text(cell(range, row, 0));
        if !k.is_empty() {
            kv.insert(k, cell_text(cell(range, row, 1)));
        }
    }
    let broken = |diags: &mut Vec<Diagnostic>, what: &str| {
        diags.push(
            Diagnostic::error(format!(
                "管理用シートの「{what}」が読めません。調査票が壊れています。配布した調査票に入力し直してもらってください"
            ))
            .in_file(file),
        );
        None
    };
    let Some(version) = kv
        .get(meta::FORMAT_VERSION)
        .and_then(|v| v.parse::<u32>().ok())
    else {
        return broken(diags, meta::FORMAT_VERSION);
    };
    let Some(year) = kv
        .get(meta::FISCAL_YEAR)
        .and_then(|v| v.parse::<FiscalYear>().ok())
    else {
        return broken(diags, meta::FISCAL_YEAR);
    };
    let Some(bureau) = kv.get(meta::BUREAU).filter(|b| !b.is_empty()).cloned() else {
        return broken(diags, meta::BUREAU);
    };
    let fingerprint = kv
        .get(meta::MASTER_FINGERPRINT)
        .cloned()
        .unwrap_or_default();
    let mut units = Vec::new();
    let end = range.end().map(|(r, _)| r).unwrap_or(0);
    for row in meta::FIRST_UNIT_ROW..=end {
        if cell_text(cell(range, row, 0)) != meta::UNIT_TAG {
            continue;
        }
        let sheet_row = cell_text(cell(range, row, 1)).parse::<u32>().ok();
        let id = cell_text(cell(range, row, 2)).parse::<UnitId>().ok();
        let indicators = cell_text(cell(range, row, 4)).parse::<usize>().ok();
        match (sheet_row, id, indicators) {
            (Some(r), Some(id), Some(n)) if r > schema::FIRST_DATA_ROW => units.push(MetaUnit {
                row: r,
                id,
                fingerprint: cell_text(cell(range, row, 3)),
                indicators: n,
                as_written: Some(cell_text(cell(range, row, 5))).filter(|s| !s.is_empty()),
            }),
            _ => return broken(diags, "unit"),
        }
    }
    Some(WorkbookMeta {
        format_version: version,
        year,
        bureau,
        master_fingerprint: fingerprint,
        units,
    })
}

struct SheetCtx<'a> {
    plan: &'a Plan,
    year: FiscalYear,
    file: &'a str,
    bureau: &'a str,
    input: &'a Range<Data>,
    formulas: &'a Range<String>,
}

/// "№2「公共施設マネジメントの推進」の「現有施設活用の徹底」" — how messages name a unit.
pub fn unit_label(u: &ReportingUnit) -> String {
    match u.initiative() {
        Some(i) => format!("№{}「{}」の「{}」", u.item.id, u.item.title, i.title),
        None => format!("№{}「{}」", u.item.id, u.item.title),
    }
}

/// A unit the workbook answers, where the template put it, and whether the master's text
/// for it was revised after the template was made (its answers are then read by unit id).
#[derive(Clone, Copy)]
struct ExpectedRow<'a> {
    unit: ReportingUnit<'a>,
    /// 0-based row on the 入力 sheet when the template was made.
    row: u32,
    revised: bool,
}

impl<'a> SheetCtx<'a> {
    fn diag(&self, d: Diagnostic) -> Diagnostic {
        d.in_file(self.file).for_bureau(self.bureau)
    }

    fn at(&self, d: Diagnostic, row: u32, col: u16) -> Diagnostic {
        self.diag(d).at(INPUT_SHEET, cell_name(row, col))
    }

    /// The texts in a row's locked cells as the sheet holds them now.
    fn locked_texts_at(&self, row: u32, indicators: usize) -> Vec<String> {
        schema::LOCKED_COLS
            .iter()
            .map(|c| c.index())
            .chain((0..indicators).map(schema::indicator_label_col))
            .map(|col| cell_text(cell(self.input, row, col)))
            .collect()
    }

    /// The units this workbook should answer, judged against the current master. When the
    /// master's text changed after the template was made and the bureau left the locked
    /// cells as they were, the answers are read by unit id with a warning naming those
    /// units. A workbook whose units changed otherwise (locked cells edited as well, units
    /// added or taken away) is named with exactly those units; the unchanged ones are still
    /// read.
    fn current_units(
        &self,
        meta: &WorkbookMeta,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<ExpectedRow<'a>> {
        let expected = schema::units_for_bureau(self.plan, self.bureau, self.year);
        let mut changed = Vec::new();
        let mut revised = Vec::new();
        let mut removed = Vec::new();
        let mut out = Vec::new();
        for mu in &meta.units {
            match self.plan.unit(&mu.id) {
                Some(u) if u.owned_by(self.bureau) && !u.completed() && u.in_force(self.year) => {
                    let row = mu.row - 1;
                    let mut is_revised = false;
                    if u.fingerprint() != mu.fingerprint {
                        let as_written = mu.as_written.as_deref();
                        let now =
                            schema::locked_fingerprint(&self.locked_texts_at(row, mu.indicators));
                        if as_written == Some(now.as_str()) {
                            is_revised = true;
                            revised.push(unit_label(&u));
                        } else {
                            changed.push(unit_label(&u));
                        }
                    }
                    out.push(ExpectedRow {
                        unit: u,
                        row,
                        revised: is_revised,
                    });
                }
                _ => removed.push(format!("№{}", mu.id.item)),
            }
        }
        if !revised.is_empty() {
            diags.push(self.diag(Diagnostic::warning(format!(
                "この調査票の作成後に、マスターの文言が改定されました（{}）。入力は取組みの番号で照合して読み込み、報告書には改定後の文言を使います。入力内容が改定後の文言に合っているか、局に確認してください",
                revised.join("、")
            ))));
        }
        let in_meta: HashSet<UnitId> = meta.units.iter().map(|m| m.id.clone()).collect();
        let added: Vec<String> = expected
            .iter()
            .filter(|u| !in_meta.contains(&u.id()))
            .map(unit_label)
            .collect();
        if !(changed.is_empty() && removed.is_empty() && added.is_empty()) {
            let mut parts = Vec::new();
            if !changed.is_empty() {
                parts.push(format!("内容が変わった項目: {}", changed.join("、")));
            }
            if !removed.is_empty() {
                parts.push(format!(
                    "この局の対象でなくなった項目: {}",
                    removed.join("、")
                ));
            }
            if !added.is_empty() {
                parts.push(format!("新たに対象となった項目: {}", added.join("、")));
            }
            diags.push(self.diag(Diagnostic::error(format!(
                "この調査票は以前のマスターから作られています（{}）。shinchoku templates で作り直した調査票に転記してもらってください。変わっていない項目の入力は読み込みました",
                parts.join("。")
            ))));
        }
        out
    }

    /// The row each unit's answer is on. Normally the row the metadata says; when the locked
    /// №/主な取組み cells there belong to another unit, the unit is looked for elsewhere.
    fn locate_rows(
        &self,
        units: &[ExpectedRow<'a>],
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<(ExpectedRow<'a>, Option<u32>)> {
        let end = self.input.end().map(|(r, _)| r).unwrap_or(0);
        let key_at = |row: u32| {
            (
                cell_text(cell(self.input, row, Col::No.index())),
                cell_text(cell(self.input, row, Col::Initiative.index())),
            )
        };
        let key_of = |u: &ReportingUnit| {
            let v = schema::locked_values(u, self.year);
            (v[0].clone(), v[2].clone())
        };
        let mut by_key: HashMap<(String, String), Vec<u32>> = HashMap::new();
        for row in schema::FIRST_DATA_ROW..=end {
            by_key.entry(key_at(row)).or_default().push(row);
        }
        let mut used: HashSet<u32> = HashSet::new();
        let mut out = Vec::new();
        for expected in units {
            let (u, meta_row) = (&expected.unit, &expected.row);
            let key = key_of(u);
            // A revised unit's row was found unedited where the template put it.
            let row = if expected.revised || key_at(*meta_row) == key {
                Some(*meta_row)
            } else {
                let found = by_key
                    .get(&key)
                    .and_then(|rows| rows.iter().find(|r| !used.contains(r)).copied());
                match found {
                    Some(r) => {
                        diags.push(self.at(
                            Diagnostic::warning(format!(
                                "{}の行が{}行目から{}行目に移動しています。項目名で照合して読み込みました。行の並べ替えや挿入はしないでください",
                                unit_label(u),
                                meta_row + 1,
                                r + 1
                            )),
                            r,
                            Col::No.index(),
                        ));
                        Some(r)
                    }
                    None => {
                        diags.push(self.at(
                            Diagnostic::error(format!(
                                "{}の行が見つかりません（削除されたか、№・主な取組みの欄が書き換えられています）。行を元に戻すか、配布した調査票に入力し直してください",
                                unit_label(u)
                            )),
                            *meta_row,
                            Col::No.index(),
                        ));
                        None
                    }
                }
            };
            if let Some(r) = row {
                used.insert(r);
            }
            out.push((*expected, row));
        }
        // Rows nobody owns but somebody typed into: their words would be lost silently.
        let width = self
            .input
            .end()
            .map(|(_, c)| c)
            .unwrap_or(0)
            .min(u16::MAX as u32) as u16;
        for row in schema::FIRST_DATA_ROW..=end {
            if used.contains(&row) {
                continue;
            }
            let any = (0..=width).any(|c| !cell_text(cell(self.input, row, c)).is_empty());
            if any {
                diags.push(self.at(
                    Diagnostic::warning(
                        "調査票にない行があります。この行の内容は報告書に載りません。該当する項目の行に入力し直してください",
                    ),
                    row,
                    Col::No.index(),
                ));
            }
        }
        out
    }

    /// Locked text is the master's; an edit there is not taken, and the bureau is told.
    fn check_locked(&self, u: &ReportingUnit, row: u32, diags: &mut Vec<Diagnostic>) {
        let expected = schema::locked_values(u, self.year);
        for (col, want) in schema::LOCKED_COLS.iter().zip(expected.iter()) {
            let got = cell_text(cell(self.input, row, col.index()));
            if got != want.trim_end() {
                diags.push(self.at(
                    Diagnostic::warning(format!(
                        "「{}」欄がマスターの文言から書き換えられています。この欄は変更できず、報告書にはマスターの文言を使います。修正が必要な場合は行財政改革課に連絡してください",
                        col.header(self.year)
                    )),
                    row,
                    col.index(),
                ));
            }
        }
    }

    fn formula_warning(&self, row: u32, col: u16, value: &str, diags: &mut Vec<Diagnostic>) {
        let formula = self
            .formulas
            .get_value((row, col as u32))
            .filter(|f| !f.is_empty());
        if let Some(f) = formula {
            diags.push(self.at(
                Diagnostic::warning(format!(
                    "数式（={f}）が入っています。計算結果「{value}」を読み込みました。数式ではなく値で入力してください"
                )),
                row,
                col,
            ));
        }
    }

    fn text(&self, row: u32, col: u16, diags: &mut Vec<Diagnostic>) -> String {
        let d = cell(self.input, row, col);
        if let Data::Error(e) = d {
            diags.push(self.at(
                Diagnostic::error(format!(
                    "エラー値（{e:?}）が入っています。文章を入力してください"
                )),
                row,
                col,
            ));
            return String::new();
        }
        let t = cell_text(d);
        self.formula_warning(row, col, &t, diags);
        t
    }

    /// A number cell: empty → None; a real number or documented text form → Some.
    fn number(
        &self,
        row: u32,
        col: u16,
        units: &[&str],
        what: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Result<Option<f64>, ()> {
        let d = cell(self.input, row, col);
        let v = match d {
            Data::Empty => return Ok(None),
            Data::Float(f) => *f,
            Data::Int(i) => *i as f64,
            Data::String(s) if s.trim().is_empty() => return Ok(None),
            Data::String(s) => match parse_number_text(s, units) {
                Ok(v) => {
                    diags.push(self.at(
                        Diagnostic::note(format!(
                            "{what}が文字列「{}」で入力されています。数値 {} として読み込みました",
                            s.trim(),
                            format::plain(v)
                        )),
                        row,
                        col,
                    ));
                    v
                }
                Err(e) => {
                    diags.push(self.at(
                        Diagnostic::error(format!(
                            "{what}「{}」は{}。数字だけで入力してください（例: 1234）",
                            s.trim(),
                            e.reason()
                        )),
                        row,
                        col,
                    ));
                    return Err(());
                }
            },
            other => {
                diags.push(self.at(
                    Diagnostic::error(format!(
                        "{what}に数値以外（{}）が入っています。数字だけで入力してください",
                        cell_text(other)
                    )),
                    row,
                    col,
                ));
                return Err(());
            }
        };
        self.formula_warning(row, col, &format::plain(v), diags);
        if !v.is_finite() {
            return Err(());
        }
        Ok(Some(v))
    }

    fn read_answer(&self, u: &ReportingUnit, row: u32, diags: &mut Vec<Diagnostic>) -> Answer {
        let settings = &self.plan.settings;
        let result = self.text(row, Col::Result.index(), diags);
        if result.is_empty() {
            diags.push(self.at(
                Diagnostic::error(format!(
                    "{}の取組実績が入力されていません。{}に行ったことを文章で入力してください",
                    unit_label(u),
                    self.year.wareki()
                )),
                row,
                Col::Result.index(),
            ));
        }
        let (grade, mut reason) = self.grade(row, diags);
        let reason_cell = self.text(row, Col::Reason.index(), diags);
        if !reason_cell.is_empty() {
            if settings.reasons.iter().any(|r| r.tag == reason_cell) {
                reason = Some(reason_cell);
            } else {
                let tags: Vec<&str> = settings.reasons.iter().map(|r| r.tag.as_str()).collect();
                diags.push(self.at(
                    Diagnostic::error(format!(
                        "理由区分「{reason_cell}」は選択肢にありません。{}から選ぶか、空欄にしてください",
                        if tags.is_empty() { "（選択肢なし）".to_string() } else { tags.join("・") }
                    )),
                    row,
                    Col::Reason.index(),
                ));
            }
        }
        let effect = self
            .number(row, Col::Effect.index(), &["千円"], "効果額", diags)
            .ok()
            .flatten()
            .and_then(|v| self.check_effect(v, row, diags));
        let issues = self.text(row, Col::Issues.index(), diags);
        let indicators = &u.text().indicators;
        let mut actuals = Vec::with_capacity(indicators.len());
        for (k, ind) in indicators.iter().enumerate() {
            let col = schema::indicator_value_col(k);
            let units = [ind.unit.as_str()];
            let what = format!("実績値（{}）", ind.name);
            let v = match self.number(row, col, &units, &what, diags) {
                Ok(Some(v)) => self.check_actual(ind, v, row, col, diags),
                Ok(None) => {
                    diags.push(self.at(
                        Diagnostic::warning(format!(
                            "{}の実績値（{}、単位{}）が未入力です。数値が確定していれば入力してください",
                            unit_label(u),
                            ind.name,
                            ind.unit
                        )),
                        row,
                        col,
                    ));
                    None
                }
                Err(()) => None,
            };
            actuals.push(v);
        }
        Answer {
            unit: u.id(),
            entry: BureauEntry {
                bureau: crate::plan::Bureau(self.bureau.to_string()),
                result,
                grade,
                reason,
                effect_thousand_yen: effect,
                issues,
                actuals,
                source: SourceRef {
                    file: self.file.to_string(),
                    sheet: INPUT_SHEET.to_string(),
                    row: row + 1,
                },
            },
        }
    }

    /// The 評価 cell: a symbol of the scale, optionally followed by a reason tag (△コロナ).
    fn grade(&self, row: u32, diags: &mut Vec<Diagnostic>) -> (Option<String>, Option<String>) {
        let col = Col::Grade.index();
        let settings = &self.plan.settings;
        let typed = self.text(row, col, diags);
        let raw = typed.trim();
        let choices = settings.symbols_list();
        if raw.is_empty() {
            diags.push(self.at(
                Diagnostic::error(format!(
                    "評価が選択されていません。{choices} から選んでください"
                )),
                row,
                col,
            ));
            return (None, None);
        }
        if settings.grade(raw).is_some() {
            return (Some(raw.to_string()), None);
        }
        for r in &settings.reasons {
            if let Some(g) = raw.strip_suffix(r.tag.as_str()) {
                if settings.grade(g.trim()).is_some() {
                    return (Some(g.trim().to_string()), Some(r.tag.clone()));
                }
            }
        }
        // Look-alike characters people type for ○ and ×: read them, and say so.
        let alike = match raw {
            "〇" | "◯" | "O" | "o" | "Ｏ" | "ｏ" => Some("○"),
            "✕" | "✖" | "X" | "x" | "Ｘ" | "ｘ" | "╳" => Some("×"),
            "◉" | "◎︎" => Some("◎"),
            "▲" | "▵" | "⊿" => Some("△"),
            _ => None,
        };
        if let Some(sym) = alike.filter(|s| settings.grade(s).is_some()) {
            diags.push(self.at(
                Diagnostic::warning(format!(
                    "評価「{raw}」を「{sym}」として読み込みました。一覧から選び直してください"
                )),
                row,
                col,
            ));
            return (Some(sym.to_string()), None);
        }
        diags.push(self.at(
            Diagnostic::error(format!(
                "評価「{raw}」は選択肢にありません。{choices} から選んでください"
            )),
            row,
            col,
        ));
        (None, None)
    }

    fn check_effect(&self, v: f64, row: u32, diags: &mut Vec<Diagnostic>) -> Option<f64> {
        let col = Col::Effect.index();
        let max = self.plan.settings.max_effect_thousand_yen;
        let problem = if v < 0.0 {
            Some(
                "効果額がマイナスです。削減・増収の効果を0以上の千円単位で入力してください"
                    .to_string(),
            )
        } else if v.fract() != 0.0 {
            Some(format!(
                "効果額「{}」に小数があります。千円未満を四捨五入した整数（千円単位）で入力してください",
                format::plain(v)
            ))
        } else if v > max {
            Some(format!(
                "効果額「{}千円」は大きすぎます（上限{}千円）。円単位で入力していないか、桁を確かめてください",
                format::plain(v),
                format::plain(max)
            ))
        } else {
            None
        };
        match problem {
            Some(m) => {
                diags.push(self.at(Diagnostic::error(m), row, col));
                None
            }
            None => Some(v),
        }
    }

    fn check_actual(
        &self,
        ind: &crate::plan::Indicator,
        v: f64,
        row: u32,
        col: u16,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<f64> {
        if v < 0.0 {
            diags.push(self.at(
                Diagnostic::error(format!(
                    "実績値（{}）がマイナスです。0以上の数値を{}単位で入力してください",
                    ind.name, ind.unit
                )),
                row,
                col,
            ));
            return None;
        }
        let reference = ind
            .targets
            .iter()
            .map(|t| t.value)
            .chain(ind.baseline.as_ref().map(|b| b.value))
            .fold(0.0_f64, f64::max);
        let percent = matches!(ind.unit.as_str(), "％" | "%");
        // Excel turns a typed "94.4%" into 0.944: recognise it rather than report 0.9％.
        if percent && v > 0.0 && v <= 1.0 && reference >= 2.0 {
            let scaled = v * 100.0;
            diags.push(self.at(
                Diagnostic::warning(format!(
                    "実績値（{}）が{}になっています。「%」付きで入力されたものとみなし、{}％として読み込みました。違う場合は数値だけで入力し直してください",
                    ind.name,
                    format::plain(v),
                    format::plain(scaled)
                )),
                row,
                col,
            ));
            return Some(scaled);
        }
        if reference > 0.0 && v > reference * 100.0 {
            diags.push(self.at(
                Diagnostic::error(format!(
                    "実績値（{}）「{}」は目標値（{}{}）と比べて桁が大きすぎます。単位（{}）と桁を確かめてください",
                    ind.name,
                    format::plain(v),
                    format::plain(reference),
                    ind.unit,
                    ind.unit
                )),
                row,
                col,
            ));
            return None;
        }
        Some(v)
    }
}
