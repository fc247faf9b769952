//! Files that are not readable workbooks each get a clear message naming the file, and the
//! other files are still checked. Nothing here may panic, hang or take unbounded memory.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn tmpdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("shinchoku-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn check_json(dir: &Path) -> (i32, Value) {
    let o = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args([
            "check",
            dir.to_str().unwrap(),
            "--year",
            "R3",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)));
    (o.status.code().unwrap(), v)
}

fn messages_for<'a>(v: &'a Value, file: &str) -> Vec<(&'a str, &'a str)> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == file)
        .map(|d| {
            (
                d["severity"].as_str().unwrap(),
                d["message"].as_str().unwrap(),
            )
        })
        .collect()
}

fn zip_with(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in parts {
            z.start_file(*name, opts).unwrap();
            z.write_all(data).unwrap();
        }
        z.finish().unwrap();
    }
    buf.into_inner()
}

const WORKBOOK_XML: &[u8] = br#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></sheets></workbook>"#;

#[test]
fn every_kind_of_unreadable_file_is_explained_and_the_rest_still_checked() {
    let dir = tmpdir("unreadable");
    std::fs::write(dir.join("空.xlsx"), b"").unwrap();
    std::fs::write(dir.join("テキスト.xlsx"), "これはExcelではありません").unwrap();
    // A real zip cut in half, as an interrupted download leaves it.
    let whole = zip_with(&[("xl/workbook.xml", WORKBOOK_XML), ("a.xml", &[b'x'; 5000])]);
    std::fs::write(dir.join("途中.xlsx"), &whole[..whole.len() / 2]).unwrap();
    // Office stores a password-protected workbook as an OLE file with an EncryptedPackage.
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(std::iter::repeat_n(0u8, 500));
    ole.extend(
        "EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    ole.extend(std::iter::repeat_n(0u8, 500));
    std::fs::write(dir.join("暗号.xlsx"), &ole).unwrap();
    std::fs::write(dir.join("~$財政局.xlsx"), b"lock").unwrap();
    std::fs::create_dir_all(dir.join("フォルダ.xlsx")).unwrap();
    std::fs::write(dir.join("メモ.txt"), "memo").unwrap();

    let (code, v) = check_json(&dir);
    assert_eq!(code, 1);
    let one = |file: &str, sev: &str, words: &str| {
        let ms = messages_for(&v, file);
        assert!(
            ms.iter().any(|(s, m)| *s == sev && m.contains(words)),
            "{file}: expected {sev} containing {words:?}, got {ms:?}"
        );
    };
    one("空.xlsx", "error", "ファイルが空です");
    one(
        "テキスト.xlsx",
        "error",
        "Excelのブック（.xlsx）ではありません",
    );
    one("途中.xlsx", "error", "途中で切れています");
    one("暗号.xlsx", "error", "パスワードで保護");
    one("~$財政局.xlsx", "note", "一時ファイル");
    one("フォルダ.xlsx", "error", "フォルダです");
    one("メモ.txt", "note", "読み込みませんでした");
    // Every bureau is still reported missing: the bad files did not stop the check.
    let missing = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .contains("提出されていません")
        })
        .count();
    let plan = shinchoku::plan::load_bundled().unwrap();
    assert_eq!(missing, plan.reporting_bureaus("R3".parse().unwrap()).len());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_zip_bomb_and_a_million_row_sheet_get_a_bounded_refusal() {
    let dir = tmpdir("bomb");
    // 40 MB of zeros deflates to ~40 KB; the reader must stop at its cap, not inflate it all.
    let zeros = vec![0u8; 40 * 1024 * 1024];
    let bomb = zip_with(&[
        ("xl/workbook.xml", WORKBOOK_XML),
        ("xl/worksheets/sheet1.xml", &zeros),
    ]);
    drop(zeros);
    assert!(bomb.len() < 1024 * 1024);
    std::fs::write(dir.join("爆弾.xlsx"), &bomb).unwrap();
    // One cell at the last row: calamine would allocate a grid a million rows high.
    let huge = br#"<worksheet><dimension ref="A1:T1048576"/><sheetData><row r="1048576"><c r="T1048576"><v>1</v></c></row></sheetData></worksheet>"#;
    let tall = zip_with(&[
        ("xl/workbook.xml", WORKBOOK_XML),
        ("xl/worksheets/sheet1.xml", huge),
    ]);
    std::fs::write(dir.join("百万行.xlsx"), &tall).unwrap();

    let (_, v) = check_json(&dir);
    assert!(messages_for(&v, "爆弾.xlsx")
        .iter()
        .any(|(s, m)| *s == "error" && m.contains("大きすぎる")));
    assert!(messages_for(&v, "百万行.xlsx")
        .iter()
        .any(|(s, m)| *s == "error" && m.contains("行数が多すぎます")));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_workbook_that_is_not_ours_is_named() {
    let dir = tmpdir("foreign");
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().write_string(0, 0, "別の資料").unwrap();
    wb.save(dir.join("他の資料.xlsx")).unwrap();
    let (code, v) = check_json(&dir);
    assert_eq!(code, 1);
    let ms = messages_for(&v, "他の資料.xlsx");
    assert!(
        ms.iter()
            .any(|(s, m)| *s == "error" && m.contains("配布した調査票ではありません")),
        "{ms:?}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_missing_folder_is_reported_once_by_every_command() {
    for command in ["check", "merge", "build"] {
        let o = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
            .args([command, "/nonexistent/提出", "--year", "R3"])
            .args(if command == "build" {
                &["--out", "/nonexistent/出力"][..]
            } else {
                &[]
            })
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{command}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(
            err.trim_end(),
            "エラー: 提出フォルダ「/nonexistent/提出」が見つかりません。調査票（.xlsx）を集めたフォルダの場所を確かめて、そのフォルダを指定してください",
            "{command}: one message, naming the folder; nothing about missing bureaus or --allow-incomplete"
        );
        assert!(o.stdout.is_empty(), "{command}");
    }
}

#[test]
fn a_bad_year_is_a_usage_error() {
    let o = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["check", ".", "--year", "来年"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("年度として読めません"));
}
