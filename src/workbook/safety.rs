//! Looks at a file before calamine does. calamine inflates whole sheet parts into memory and
//! allocates a cell grid as large as the highest cell address, so a 3 MB zip bomb or a sheet
//! with one cell at row 1,048,576 would take gigabytes. Here every part is inflated with a cap,
//! sheet dimensions are bounded, and files that are not workbooks at all (lock files, encrypted
//! packages, truncated downloads) are recognised and explained.

use std::io::{Cursor, Read};

/// Limits that no real bureau workbook comes near: a filled template is 20–60 KB with a few
/// hundred rows at most.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
pub const MAX_PART_BYTES: u64 = 32 * 1024 * 1024;
pub const MAX_TOTAL_BYTES: u64 = 96 * 1024 * 1024;
pub const MAX_ROWS: u32 = 10_000;
pub const MAX_COLS: u32 = 500;
pub const MAX_PARTS: usize = 2_000;

/// Why a file cannot be read as a workbook, in words for office staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    TooLarge { bytes: u64 },
    Encrypted,
    NotAWorkbook,
    Truncated { detail: String },
    PartTooLarge { part: String },
    TooManyRows { sheet_part: String, rows: u32 },
    TooManyCols { sheet_part: String, cols: u32 },
    LegacyXlsUnreadable { detail: String },
}

impl Refusal {
    pub fn message(&self) -> String {
        match self {
            Refusal::Empty => "ファイルが空です（0バイト）。保存し直したファイルを提出してもらってください".into(),
            Refusal::TooLarge { bytes } => format!(
                "ファイルが大きすぎます（{:.1}MB）。調査票は通常100KB未満です。配布した調査票に入力したものか確かめてください",
                *bytes as f64 / 1_048_576.0
            ),
            Refusal::Encrypted => "パスワードで保護（暗号化）されていて読めません。Excelで開き、「ファイル」→「情報」→「ブックの保護」でパスワードを解除して保存し直してください".into(),
            Refusal::NotAWorkbook => "Excelのブック（.xlsx）ではありません。拡張子だけが.xlsxになっていないか確かめ、Excelで「名前を付けて保存」→「Excelブック」で保存し直してください".into(),
            Refusal::Truncated { detail } => format!(
                "ファイルが壊れているか、途中で切れています（{detail}）。提出元にもう一度送ってもらってください"
            ),
            Refusal::PartTooLarge { part } => format!(
                "ファイルの中身（{part}）が展開すると大きすぎるため、安全のため読み込みを中止しました。配布した調査票に入力し直してください"
            ),
            Refusal::TooManyRows { sheet_part, rows } => format!(
                "シート（{sheet_part}）の行数が多すぎます（{rows}行目まで使われています。上限{MAX_ROWS}行）。不要な行を削除して保存し直してください"
            ),
            Refusal::TooManyCols { sheet_part, cols } => format!(
                "シート（{sheet_part}）の列数が多すぎます（{cols}列目まで使われています。上限{MAX_COLS}列）。不要な列を削除して保存し直してください"
            ),
            Refusal::LegacyXlsUnreadable { detail } => format!(
                "古い形式（.xls）のファイルを読めませんでした（{detail}）。Excelで「Excelブック（.xlsx）」として保存し直してください"
            ),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// Office Open XML (.xlsx, .xlsm): a zip.
    Zip,
    /// The old binary format (.xls): an OLE compound file.
    Ole,
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// "EncryptedPackage" in UTF-16LE: the stream name Office uses for a password-protected
/// .xlsx, which it stores inside an OLE container.
fn has_encrypted_package(bytes: &[u8]) -> bool {
    let needle: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    bytes.windows(needle.len()).any(|w| w == needle.as_slice())
}

/// Checks a workbook's bytes and says what kind of container it is, or why it will not be
/// read. For zips, every part is inflated (up to the caps) and worksheet dimensions bounded.
pub fn inspect(bytes: &[u8]) -> Result<Container, Refusal> {
    if bytes.is_empty() {
        return Err(Refusal::Empty);
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Refusal::TooLarge {
            bytes: bytes.len() as u64,
        });
    }
    if bytes.starts_with(OLE_MAGIC) {
        if has_encrypted_package(bytes) {
            return Err(Refusal::Encrypted);
        }
        return Ok(Container::Ole);
    }
    if !bytes.starts_with(ZIP_MAGIC) {
        return Err(Refusal::NotAWorkbook);
    }
    inspect_zip(bytes)?;
    Ok(Container::Zip)
}

fn inspect_zip(bytes: &[u8]) -> Result<(), Refusal> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| Refusal::Truncated {
        detail: zip_detail(&e),
    })?;
    if archive.len() > MAX_PARTS {
        return Err(Refusal::NotAWorkbook);
    }
    let mut has_workbook = false;
    let mut total: u64 = 0;
    let mut buf = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| Refusal::Truncated {
            detail: zip_detail(&e),
        })?;
        // A name that does not decode is no part the workbook needs: shown as best it can.
        let name = match entry.name() {
            Ok(n) => n.into_owned(),
            Err(_) => String::from_utf8_lossy(entry.name_raw()).into_owned(),
        };
        if name == "xl/workbook.xml" || name == "xl/workbook.bin" {
            has_workbook = true;
        }
        if entry.is_dir() {
            continue;
        }
        // The declared size can lie; the cap on what is actually inflated cannot.
        if entry.size() > MAX_PART_BYTES {
            return Err(Refusal::PartTooLarge { part: name });
        }
        buf.clear();
        let read = (&mut entry)
            .take(MAX_PART_BYTES + 1)
            .read_to_end(&mut buf)
            .map_err(|e| Refusal::Truncated {
                detail: format!("{name}: {e}"),
            })? as u64;
        if read > MAX_PART_BYTES {
            return Err(Refusal::PartTooLarge { part: name });
        }
        total += read;
        if total > MAX_TOTAL_BYTES {
            return Err(Refusal::PartTooLarge { part: name });
        }
        if name.starts_with("xl/worksheets/") && name.ends_with(".xml") {
            let (rows, cols) = sheet_extent(&buf);
            if rows > MAX_ROWS {
                return Err(Refusal::TooManyRows {
                    sheet_part: name,
                    rows,
                });
            }
            if cols > MAX_COLS {
                return Err(Refusal::TooManyCols {
                    sheet_part: name,
                    cols,
                });
            }
        }
    }
    if !has_workbook {
        return Err(Refusal::NotAWorkbook);
    }
    Ok(())
}

fn zip_detail(e: &zip::result::ZipError) -> String {
    match e {
        zip::result::ZipError::Io(_) => "読み込み中に終わりに達しました".into(),
        zip::result::ZipError::InvalidArchive(_) => "zipの目次が見つかりません".into(),
        zip::result::ZipError::UnsupportedArchive(_) => "対応していない圧縮形式です".into(),
        _ => "zipとして読めません".into(),
    }
}

/// The highest row and column a worksheet part refers to, from `<row r="…">` and
/// `<c r="…">` (and `<dimension ref="…">`), which is what calamine sizes its grid by.
pub fn sheet_extent(xml: &[u8]) -> (u32, u32) {
    let mut max_row = 0u32;
    let mut max_col = 0u32;
    let mut i = 0;
    while let Some(pos) = find(&xml[i..], b" r=\"") {
        let start = i + pos + 4;
        let end = match find(&xml[start..], b"\"") {
            Some(e) => start + e,
            None => break,
        };
        let value = &xml[start..end];
        let (col, row) = split_ref(value);
        max_row = max_row.max(row);
        max_col = max_col.max(col);
        i = end;
    }
    if let Some(pos) = find(xml, b"<dimension ref=\"") {
        let start = pos + 16;
        if let Some(e) = find(&xml[start..], b"\"") {
            let value = &xml[start..start + e];
            let last = value.split(|&b| b == b':').next_back().unwrap_or(value);
            let (col, row) = split_ref(last);
            max_row = max_row.max(row);
            max_col = max_col.max(col);
        }
    }
    (max_row, max_col)
}

/// "AB12" → (28, 12); "12" (a row attribute) → (0, 12). Saturates instead of overflowing.
fn split_ref(r: &[u8]) -> (u32, u32) {
    let mut col: u32 = 0;
    let mut row: u32 = 0;
    for &b in r {
        match b {
            b'A'..=b'Z' => col = col.saturating_mul(26).saturating_add((b - b'A' + 1) as u32),
            b'0'..=b'9' => row = row.saturating_mul(10).saturating_add((b - b'0') as u32),
            _ => {}
        }
    }
    (col, row)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    let first = needle[0];
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        match hay[i..].iter().position(|&b| b == first) {
            None => return None,
            Some(p) => {
                i += p;
                if i + needle.len() <= hay.len() && &hay[i..i + needle.len()] == needle {
                    return Some(i);
                }
                i += 1;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extent_reads_row_and_cell_references() {
        let xml = br#"<dimension ref="A1:C3"/><row r="1"><c r="A1"/></row><row r="70000"><c r="AB70000"/></row>"#;
        assert_eq!(sheet_extent(xml), (70000, 28));
        assert_eq!(sheet_extent(b""), (0, 0));
    }

    #[test]
    fn non_workbooks_are_refused() {
        assert_eq!(inspect(b""), Err(Refusal::Empty));
        assert_eq!(inspect(b"hello"), Err(Refusal::NotAWorkbook));
        assert!(matches!(
            inspect(b"PK\x03\x04garbage"),
            Err(Refusal::Truncated { .. })
        ));
    }
}
