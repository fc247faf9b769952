//! Fallback fonts (`fallback_fonts` in settings.toml): a character BIZ UDGothic lacks is drawn
//! from the first fallback font that has it, embedded as a subset with its widths and a
//! Unicode map, so it prints and extracts; only a character no font has becomes 〓. The
//! mechanism is tested with tiny fonts made here (support/tiny_font.rs); IPAmj明朝, when
//! installed, is tried the way the office would use it.

#[path = "support/cli.rs"]
mod cli;
mod support;
#[path = "support/tagged.rs"]
mod tagged;
#[path = "support/tiny_font.rs"]
mod tiny_font;

use std::path::{Path, PathBuf};

use lopdf::{Dictionary, Object};
use shinchoku::plan::{self, FiscalYear, Plan, ReportingUnit};
use shinchoku::render::pdf::fallback::{FallbackFont, FontProblem, FontStack};
use shinchoku::render::pdf::ir::{FontStyle, Typesetter};
use shinchoku::render::pdf::layout::{layout_report, LayoutOptions, LayoutWarning};
use shinchoku::render::pdf::typeset;
use shinchoku::render::pdf::writer::write_pdf_with_fonts;
use shinchoku::report::Report;
use shinchoku::workbook::template::{write_template, Filled};
use tiny_font::TinyFont;

/// 𠮷 (U+20BB7) and a private-use character are not in BIZ UDGothic; 吉 is, and the test
/// font has it too, to show that the bundled font still draws it.
const LACKED: &str = "𠮷\u{E000}";

fn test_font() -> Vec<u8> {
    tiny_font::ttf(&TinyFont::new("ShinchokuTest-Regular", "𠮷\u{E000}吉"))
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// №12 alone, its 実績 saying `result`.
fn report_saying(result: &str) -> Report {
    let mut r = support::report();
    r.items.retain(|i| i.item.id.to_string() == "12");
    r.items[0].units[0].entries[0].result = result.to_string();
    r
}

/// The fonts of a PDF: BaseFont → (Type0 dictionary, its descendant CIDFont).
fn fonts(doc: &lopdf::Document) -> Vec<(String, Dictionary, Dictionary)> {
    let mut out = Vec::new();
    for (_, o) in doc.objects.iter() {
        let Ok(d) = o.as_dict() else { continue };
        if d.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Type0".as_slice()) {
            continue;
        }
        let name = String::from_utf8_lossy(d.get(b"BaseFont").unwrap().as_name().unwrap());
        let kids = d.get(b"DescendantFonts").unwrap().as_array().unwrap();
        let cid = doc
            .get_dictionary(kids[0].as_reference().unwrap())
            .unwrap()
            .clone();
        out.push((name.into_owned(), d.clone(), cid));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn to_unicode_text(doc: &lopdf::Document, font: &Dictionary) -> String {
    let id = font.get(b"ToUnicode").unwrap().as_reference().unwrap();
    let stream = doc.get_object(id).unwrap().as_stream().unwrap();
    let data = stream
        .get_plain_content()
        .unwrap_or_else(|_| stream.content.clone());
    String::from_utf8_lossy(&data).into_owned()
}

#[test]
fn a_character_the_bundled_font_lacks_is_drawn_from_the_fallback_and_extracts() {
    let font = FallbackFont::new(test_font(), 0).unwrap();
    let fonts_given = [font];
    let stack = FontStack::new(typeset::bundled(), &fonts_given);
    // Measured with the fallback's own advance (one em), and drawable.
    for c in LACKED.chars() {
        assert!(stack.has_glyph(c, FontStyle::Regular) && stack.has_glyph(c, FontStyle::Bold));
        assert_eq!(stack.advance(c, FontStyle::Regular, 10.0), 10.0);
    }
    assert!(!stack.has_glyph('😀', FontStyle::Regular));

    let sentence = "令和3年度は𠮷田地区と\u{E000}で吉報を得た😀。";
    let report = report_saying(sentence);
    let laid = layout_report(&report, &stack, &LayoutOptions::default());
    // Only the character no font has is warned about.
    let missing: Vec<char> = laid
        .warnings
        .iter()
        .filter_map(|w| match w {
            LayoutWarning::MissingGlyph { ch, .. } => Some(*ch),
            _ => None,
        })
        .collect();
    assert_eq!(missing, ['😀']);

    let bytes = write_pdf_with_fonts(&laid.document, &fonts_given).unwrap();
    assert_eq!(
        bytes,
        write_pdf_with_fonts(&laid.document, &fonts_given).unwrap(),
        "the same document and fonts give the same bytes"
    );
    // Still tagged and extractable: the sentence reads back whole, 〓 for the emoji.
    let tagged = tagged::check(&bytes);
    let want = squash(&sentence.replace('😀', "〓"));
    assert!(
        tagged
            .elements
            .iter()
            .any(|e| squash(&e.text).contains(&want)),
        "{want} is not in the extracted text"
    );

    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let all = fonts(&doc);
    let names: Vec<&str> = all.iter().map(|f| f.0.as_str()).collect();
    assert_eq!(all.len(), 3, "{names:?}");
    let (name, type0, cid) = all
        .iter()
        .find(|f| f.0.ends_with("+ShinchokuTest-Regular"))
        .unwrap_or_else(|| panic!("the fallback font is not embedded: {names:?}"));
    assert_eq!(name.find('+'), Some(6), "a subset tag: {name}");
    assert_eq!(
        cid.get(b"Subtype").unwrap().as_name().unwrap(),
        b"CIDFontType2"
    );
    // Embedded with the widths of both glyphs it draws (1000/1000 em).
    let descriptor = doc
        .get_dictionary(cid.get(b"FontDescriptor").unwrap().as_reference().unwrap())
        .unwrap();
    assert!(descriptor.get(b"FontFile2").is_ok());
    let w = cid.get(b"W").unwrap().as_array().unwrap();
    let widths = w[1].as_array().unwrap();
    assert_eq!(widths.len(), 2);
    assert!(widths.iter().all(|v| v.as_i64().unwrap() == 1000));
    // Its Unicode map gives back 𠮷 and U+E000, and not 吉, which the bundled font drew.
    let cmap = to_unicode_text(&doc, type0);
    assert!(
        cmap.contains("<D842DFB7>") && cmap.contains("<E000>"),
        "{cmap}"
    );
    assert!(!cmap.contains("<5409>"), "吉 comes from the bundled font");
}

#[test]
fn without_fallback_fonts_the_pdf_is_what_it_was() {
    let report = report_saying("令和3年度は吉報を得た。");
    let bundled = layout_report(&report, typeset::bundled(), &LayoutOptions::default());
    let font = [FallbackFont::new(test_font(), 0).unwrap()];
    let stacked = layout_report(
        &report,
        &FontStack::new(typeset::bundled(), &font),
        &LayoutOptions::default(),
    );
    assert_eq!(bundled.document, stacked.document);
    let plain = shinchoku::render::pdf::writer::write_pdf(&bundled.document).unwrap();
    // A fallback font that draws nothing is not embedded: the bytes are the same.
    assert_eq!(
        plain,
        write_pdf_with_fonts(&bundled.document, &font).unwrap()
    );
}

#[test]
fn a_collection_font_is_chosen_by_its_number_and_unusable_fonts_are_refused() {
    let ttc = tiny_font::ttc(&[
        TinyFont::new("ShinchokuTest-Zero", "吉"),
        TinyFont::new("ShinchokuTest-One", "𠮷"),
    ]);
    assert!(!FallbackFont::new(ttc.clone(), 0).unwrap().has('𠮷'));
    assert!(FallbackFont::new(ttc.clone(), 1).unwrap().has('𠮷'));
    assert_eq!(
        FallbackFont::new(ttc, 2).err(),
        Some(FontProblem::NoSuchFont { index: 2, fonts: 2 })
    );
    assert_eq!(
        FallbackFont::new(test_font(), 1).err(),
        Some(FontProblem::NotACollection { index: 1 })
    );
    assert_eq!(
        FallbackFont::new(b"not a font at all".to_vec(), 0).err(),
        Some(FontProblem::NotAFont)
    );
    let mut restricted = TinyFont::new("ShinchokuTest-Restricted", "𠮷");
    restricted.fs_type = 0x0002;
    assert_eq!(
        FallbackFont::new(tiny_font::ttf(&restricted), 0).err(),
        Some(FontProblem::EmbeddingForbidden)
    );
    restricted.fs_type = 0x0100;
    assert_eq!(
        FallbackFont::new(tiny_font::ttf(&restricted), 0).err(),
        Some(FontProblem::SubsettingForbidden)
    );
    for p in [
        FontProblem::NotAFont,
        FontProblem::NoSuchFont { index: 2, fonts: 2 },
        FontProblem::EmbeddingForbidden,
    ] {
        let m = p.to_string();
        assert!(m.contains("指定してください"), "{m}");
    }
}

// The command line, as the office uses it.

fn r3() -> FiscalYear {
    "R3".parse().unwrap()
}

/// A copy of the bundled master whose settings.toml starts with `fallback` (TOML lines).
fn plan_with(root: &Path, fallback: &str) -> PathBuf {
    let dir = root.join("マスター");
    std::fs::create_dir_all(&dir).unwrap();
    for f in plan::loader::bundled_sources() {
        let name = Path::new(&f.name).file_name().unwrap().to_owned();
        let text = if name == "settings.toml" {
            format!("{fallback}\n{}", f.text)
        } else {
            f.text
        };
        std::fs::write(dir.join(name), text).unwrap();
    }
    dir
}

/// Every bureau's workbook, filled; the 実績 of №12 says `result`.
fn submissions(root: &Path, plan: &Plan, result: &str) -> PathBuf {
    let dir = root.join("提出");
    std::fs::create_dir_all(&dir).unwrap();
    let answer = |u: &ReportingUnit| {
        Some(Filled {
            result: if u.id().to_string() == "12" {
                result.to_string()
            } else {
                format!("令和3年度は「{}」に取り組んだ。", u.title())
            },
            grade: "○".into(),
            reason: None,
            effect: None,
            issues: "引き続き取り組む。".into(),
            actuals: u.text().indicators.iter().map(|_| Some(1.0)).collect(),
        })
    };
    for b in plan.reporting_bureaus(r3()) {
        let bytes = write_template(plan, b.as_str(), r3(), Some(&answer)).unwrap();
        std::fs::write(dir.join(format!("{}.xlsx", b.as_str())), bytes).unwrap();
    }
    dir
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn a_missing_or_unreadable_fallback_font_names_the_file_and_the_settings_line() {
    let root = cli::scratch("fallback", "bad");
    std::fs::write(root.join("壊れた.ttf"), b"not a font").unwrap();
    let plan_dir = plan_with(
        &root,
        "fallback_fonts = [\n  \"../ない.ttf\",\n  \"../壊れた.ttf\",\n  \"../マスター\",\n]",
    );
    let plan = plan::load_dir(&plan_dir).unwrap();
    let subs = submissions(&root, &plan, "令和3年度は計画どおり実施した。");
    let out = root.join("報告書");
    let o = cli::build(&subs, "R3", &out, &["--plan", plan_dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    let settings = plan_dir.join("settings.toml").display().to_string();
    for (line, file, says) in [
        (2, "../ない.ttf", "見つかりません"),
        (3, "../壊れた.ttf", "フォントとして読めません"),
        (4, "../マスター", "フォルダです"),
    ] {
        let at = format!("{settings}:{line}行目");
        let row = err
            .lines()
            .find(|l| l.contains(&at))
            .unwrap_or_else(|| panic!("no message for line {line}:\n{err}"));
        assert!(row.contains(file) && row.contains(says), "{row}");
    }
    assert!(!out.join("report.pdf").exists(), "nothing written");
    std::fs::remove_dir_all(&root).ok();
}

#[test]
fn a_fallback_font_beside_the_settings_draws_what_the_bundled_font_lacks() {
    let root = cli::scratch("fallback", "tiny");
    let ttc = tiny_font::ttc(&[
        TinyFont::new("ShinchokuTest-Zero", "吉"),
        TinyFont::new("ShinchokuTest-One", LACKED),
    ]);
    let plan_dir = plan_with(&root, "fallback_fonts = [\"fonts/test.ttc#1\"]");
    std::fs::create_dir_all(plan_dir.join("fonts")).unwrap();
    std::fs::write(plan_dir.join("fonts").join("test.ttc"), ttc).unwrap();
    let plan = plan::load_dir(&plan_dir).unwrap();
    let sentence = "令和3年度は𠮷田地区の窓口で収納率向上に取り組んだ😀。";
    let subs = submissions(&root, &plan, sentence);
    let out = root.join("報告書");
    let o = cli::build(&subs, "R3", &out, &["--plan", plan_dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Only what no font has is warned about, with the way to get it printed.
    let err = stderr(&o);
    assert!(!err.contains('𠮷'), "no warning for 𠮷: {err}");
    let warning = err
        .lines()
        .find(|l| l.contains('😀'))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(warning.contains("fallback_fonts"), "{warning}");
    let bytes = std::fs::read(out.join("report.pdf")).unwrap();
    let tagged = tagged::check(&bytes);
    let printed = squash(&sentence.replace('😀', "〓"));
    assert!(tagged
        .elements
        .iter()
        .any(|e| squash(&e.text).contains(&printed)));
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    assert!(fonts(&doc)
        .iter()
        .any(|f| f.0.ends_with("+ShinchokuTest-One")));
    std::fs::remove_dir_all(&root).ok();
}

/// Where Debian's fonts-ipamj-mincho puts IPAmj明朝.
const IPAMJ: &str = "/usr/share/fonts/truetype/ipamj/ipamjm.ttf";

#[test]
fn ipamj_mincho_as_the_fallback_font_draws_tsuchiyoshi() {
    if !Path::new(IPAMJ).exists() {
        eprintln!(
            "skipped: {IPAMJ} is not installed (apt-get install fonts-ipamj-mincho to run this test)"
        );
        return;
    }
    let root = cli::scratch("fallback", "ipamj");
    let plan_dir = plan_with(&root, &format!("fallback_fonts = [\"{IPAMJ}\"]"));
    let plan = plan::load_dir(&plan_dir).unwrap();
    let sentence = "令和3年度は𠮷野家との連携協定に基づき収納率向上に取り組んだ。";
    let subs = submissions(&root, &plan, sentence);
    let out = root.join("報告書");
    let o = cli::build(&subs, "R3", &out, &["--plan", plan_dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains('𠮷'), "no warning: {}", stderr(&o));
    let bytes = std::fs::read(out.join("report.pdf")).unwrap();
    let tagged = tagged::check(&bytes);
    assert!(tagged
        .elements
        .iter()
        .any(|e| squash(&e.text).contains(&squash(sentence))));
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let all = fonts(&doc);
    let (name, _, cid) = all
        .iter()
        .find(|f| f.0.contains("IPAmj"))
        .unwrap_or_else(|| panic!("IPAmj明朝 is not embedded"));
    assert_eq!(name.find('+'), Some(6), "a subset: {name}");
    let descriptor = doc
        .get_dictionary(cid.get(b"FontDescriptor").unwrap().as_reference().unwrap())
        .unwrap();
    let file = descriptor
        .get(b"FontFile2")
        .unwrap()
        .as_reference()
        .unwrap();
    let size = doc
        .get_object(file)
        .unwrap()
        .as_stream()
        .unwrap()
        .content
        .len();
    assert!(size < 100_000, "a subset, not the 46 MB font: {size} bytes");
    std::fs::remove_dir_all(&root).ok();
}
