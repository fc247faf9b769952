//! The line breaker with the bundled fonts, over the plan's own text: nothing is ever lost,
//! every line fits, and kinsoku holds wherever the text allows it.

use shinchoku::render::pdf::ir::{FontStyle, SetLine, Typesetter};
use shinchoku::render::pdf::linebreak::{
    is_line_end_prohibited, is_line_start_prohibited, line_ranges, FIT_TOLERANCE,
};
use shinchoku::render::pdf::typeset::{bundled, substitute_missing};

const PLAN_TEXT: &str = include_str!("../seeds/source/plan2016-jisshi-koumoku.txt");
const SIZE: f32 = 10.5;

/// splitmix64: a fixed seed gives the same strings on every run and machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn width(&mut self) -> f32 {
        match self.below(4) {
            // Narrower than one character.
            0 => self.below(100) as f32 / 10.0,
            // A table cell.
            1 => 20.0 + self.below(100) as f32,
            // A text box.
            _ => 100.0 + self.below(400) as f32 + self.below(10) as f32 / 10.0,
        }
    }
}

/// Things the plan's text does not contain much of but user input will.
const INSERTS: &[&str] = &[
    " ",
    "  ",
    "　",
    "https://www.city.sendai.jp/gyosei/kaikaku/plan2016/index.html",
    "Supercalifragilisticexpialidocious",
    "14,465人",
    "99.1％",
    "令和3年度",
    "😀",
    "葛\u{E0100}",
    "（",
    "」。",
    "ー",
    "っ",
    "……",
    "100\u{A0}円",
    "ICT",
    "\u{E000}",
];

fn plan_chars() -> Vec<char> {
    PLAN_TEXT.chars().collect()
}

fn generate(rng: &mut Rng, chars: &[char]) -> String {
    let len = rng.below(300);
    let start = rng.below(chars.len() - len);
    let mut text = String::new();
    for &c in &chars[start..start + len] {
        if rng.below(40) == 0 {
            text.push_str(INSERTS[rng.below(INSERTS.len())]);
        }
        // Most generated paragraphs are single paragraphs, as the layout passes them.
        if c != '\n' || rng.below(10) == 0 {
            text.push(c);
        }
    }
    text
}

fn advance(c: char) -> f32 {
    bundled().advance(c, FontStyle::Regular, SIZE)
}

fn is_mark(c: char) -> bool {
    ('\u{E0100}'..='\u{E01EF}').contains(&c) || ('\u{FE00}'..='\u{FE0F}').contains(&c)
}

/// Checks the contract and returns the lines.
fn check(text: &str, first: f32, rest: f32) -> Vec<&str> {
    let ranges = line_ranges(text, first, rest, advance);
    assert!(!ranges.is_empty());
    let mut at = 0;
    for (i, r) in ranges.iter().enumerate() {
        let gap = &text[at..r.start];
        assert!(
            gap.chars().all(|c| matches!(c, ' ' | '\n' | '\r')),
            "dropped {gap:?} from {text:?} at {first}/{rest}"
        );
        let line = &text[r.clone()];
        let width: f32 = line.chars().map(advance).sum();
        let limit = if i == 0 { first } else { rest };
        let one_char = line.chars().filter(|&c| !is_mark(c)).count() == 1;
        assert!(
            width <= limit + FIT_TOLERANCE * 10.0 || one_char,
            "{line:?} ({width} pt) overflows {limit} pt in {text:?}"
        );
        assert!(
            !line.is_empty() || text.is_empty() || text.contains('\n'),
            "empty line in {text:?} at {first}/{rest}"
        );
        at = r.end;
    }
    let tail = &text[at..];
    assert!(tail.chars().all(|c| c == ' '), "lost {tail:?} of {text:?}");
    ranges.into_iter().map(|r| &text[r]).collect()
}

#[test]
fn joining_the_lines_gives_back_generated_plan_text() {
    let chars = plan_chars();
    let mut rng = Rng(0x5EED_2016);
    for _ in 0..3000 {
        let text = generate(&mut rng, &chars);
        let (first, rest) = (rng.width(), rng.width());
        check(&text, first, rest);
    }
}

fn assert_kinsoku(lines: &[&str]) {
    for pair in lines.windows(2) {
        let start = pair[1].chars().next().unwrap();
        let end = pair[0].chars().last().unwrap();
        assert!(
            !is_line_start_prohibited(start),
            "line starts with {start}: {lines:?}"
        );
        assert!(
            !is_line_end_prohibited(end),
            "line ends with {end}: {lines:?}"
        );
    }
}

#[test]
fn every_paragraph_of_the_plan_breaks_with_kinsoku_at_report_widths() {
    for width in [120.0, 250.0, 400.0, 515.0] {
        for paragraph in PLAN_TEXT.split('\n') {
            assert_kinsoku(&check(paragraph, width, width));
        }
    }
}

#[test]
fn the_plan_read_as_whole_blocks_breaks_with_kinsoku() {
    // The source wraps lines as the printed plan did; joined into blocks they are long
    // paragraphs, as item texts are.
    for width in [120.0, 400.0] {
        for block in PLAN_TEXT.split("\n\n") {
            let paragraph: String = block.split('\n').collect();
            assert_kinsoku(&check(&paragraph, width, width));
        }
    }
}

#[test]
fn the_layout_substitutes_then_breaks() {
    let ts: &dyn Typesetter = bundled();
    let raw =
        "　市民満足度😀は99.1％（令和3年度）に達し、葛\u{E0100}城地区でも14,465人が利用しました。";
    let (text, missing) = substitute_missing(ts, raw, FontStyle::Regular);
    assert_eq!(missing, ['😀', '\u{E0100}']);
    let lines = ts.break_lines(&text, 8.0 * SIZE, 8.0 * SIZE, SIZE, FontStyle::Regular);
    assert_eq!(lines.concat(), text);
    for line in &lines {
        assert!(ts.width(line, FontStyle::Regular, SIZE) <= 8.0 * SIZE + FIT_TOLERANCE);
        assert!(line.chars().all(|c| ts.has_glyph(c, FontStyle::Regular)));
    }
    for kept in ["99.1％", "3年度", "14,465人"] {
        assert!(
            lines.iter().any(|l| l.contains(kept)),
            "{kept} split: {lines:?}"
        );
    }
}

#[test]
fn break_lines_is_deterministic() {
    let ts = bundled();
    let a = ts.break_lines(PLAN_TEXT, 400.0, 380.0, SIZE, FontStyle::Bold);
    let b = ts.break_lines(PLAN_TEXT, 400.0, 380.0, SIZE, FontStyle::Bold);
    assert_eq!(a, b);
    assert!(a.iter().all(|l| !l.contains('\n')));
}

/// Where a set line ends: its advances and its spacing.
fn set_width(line: &SetLine) -> f32 {
    line.text.chars().map(advance).sum::<f32>() + line.spacing.iter().sum::<f32>()
}

/// Where a set line's ink ends: a closing mark's blank half may lie past the measure.
fn ink_width(line: &SetLine) -> f32 {
    let close = line.text.ends_with([
        '）', '」', '』', '】', '〕', '〉', '》', '］', '｝', '、', '。', '，', '．',
    ]);
    set_width(line) - if close { SIZE / 2.0 } else { 0.0 }
}

#[test]
fn set_paragraphs_keep_kinsoku_never_overflow_and_justify_their_full_lines() {
    let ts = bundled();
    let (mut full, mut justified) = (0, 0);
    for width in [120.0, 250.0, 401.3, 515.0] {
        for block in PLAN_TEXT.split("\n\n") {
            let paragraph: String = block.split('\n').collect();
            let lines = ts.set_paragraph(&paragraph, width, width, SIZE, FontStyle::Regular, true);
            let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
            assert_eq!(texts.concat().replace(' ', ""), paragraph.replace(' ', ""));
            assert_kinsoku(&texts);
            for (i, line) in lines.iter().enumerate() {
                let (w, ink) = (set_width(line), ink_width(line));
                let one_char = line.text.chars().filter(|&c| !is_mark(c)).count() == 1;
                assert!(
                    ink <= width + 0.01 || one_char,
                    "{line:?} is {w} pt in {width}"
                );
                if i + 1 < lines.len() {
                    full += 1;
                    let at = (w - width).abs() < 0.01 || (ink - width).abs() < 0.01;
                    justified += usize::from(at);
                }
            }
        }
    }
    assert!(
        justified * 100 >= full * 97,
        "{justified} of {full} full lines justified"
    );
}

#[test]
fn squeezing_takes_one_more_character_but_never_breaks_kinsoku() {
    let ts = bundled();
    // Eleven em in ten and a half: the final 。 set half-width keeps 。 and こ on the line,
    // where without squeezing 。 would take こ and け along to the next (追い出し).
    let lines = ts.set_paragraph(
        "あいうえおかきくけこ。さし",
        10.5 * SIZE,
        10.5 * SIZE,
        SIZE,
        FontStyle::Regular,
        true,
    );
    assert_eq!(lines[0].text, "あいうえおかきくけこ。");
    // Its advances are 11 em; the 。's blank half lies past the measure, its ink inside.
    assert!((set_width(&lines[0]) - 11.0 * SIZE).abs() < 0.01);
    assert!(lines[0].spacing.is_empty());
    let plain = ts.break_lines(
        "あいうえおかきくけこ。さし",
        10.5 * SIZE,
        10.5 * SIZE,
        SIZE,
        FontStyle::Regular,
    );
    assert_eq!(plain[0], "あいうえおかきくけ");
    // Never across a bracket: 「 does not end a line, 」、 does not start one.
    for width in [5.0, 5.5, 6.0, 6.5, 7.0] {
        let lines = ts.set_paragraph(
            "あいうえお「かき」、く「け」。こ",
            width * SIZE,
            width * SIZE,
            SIZE,
            FontStyle::Regular,
            true,
        );
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_kinsoku(&texts);
    }
}

#[test]
fn set_paragraph_keeps_every_character_at_any_width() {
    let ts = bundled();
    let chars = plan_chars();
    let mut rng = Rng(0x0A5E_7117);
    for _ in 0..1500 {
        let text: String = generate(&mut rng, &chars).replace('\n', "");
        let (first, rest) = (rng.width(), rng.width());
        let lines = ts.set_paragraph(&text, first, rest, SIZE, FontStyle::Bold, true);
        let joined: String = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            joined.replace(' ', ""),
            text.replace(' ', ""),
            "at {first}/{rest}"
        );
        for l in &lines {
            assert!(l.spacing.is_empty() || l.spacing.len() == l.text.chars().count());
            assert!(l.spacing.iter().all(|s| s.is_finite()), "{l:?}");
        }
    }
}
