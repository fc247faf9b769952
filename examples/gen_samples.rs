//! Fills every bureau's workbook with plausible answers, for demonstrations and tests of
//! `check` and `build` without real submissions:
//!
//!     cargo run --example gen_samples -- --year R3 --out seeds/samples/R3
//!
//! The answers are made from each unit's own wording (取組内容, 目標, the year's スケジュール),
//! so they read like a bureau's. A small PRNG seeded by the unit id, the bureau and the seed
//! (the fiscal year unless `--seed` is given) chooses grades and numbers, so the same
//! command always writes the same files. The workbooks are written by the same
//! `write_template` the bureaus' templates come from.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use shinchoku::output::{safe_file_stem, write_atomic};
use shinchoku::plan::format;
use shinchoku::plan::{load_bundled, Better, FiscalYear, Grade, Plan, ReportingUnit};
use shinchoku::workbook::schema::units_for_bureau;
use shinchoku::workbook::template::{write_template, Filled};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("エラー: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let mut year = None;
    let mut out = None;
    let mut seed = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--year" => year = args.next(),
            "--out" => out = args.next().map(PathBuf::from),
            "--seed" => seed = args.next(),
            _ => {
                return Err(format!(
                    "使い方: gen_samples --year R3 --out DIR [--seed N]（「{a}」は読めません）"
                )
                .into())
            }
        }
    }
    let year: FiscalYear = year.ok_or("--year を指定してください")?.parse()?;
    let out = out.ok_or("--out を指定してください")?;
    let seed = match seed {
        Some(s) => s
            .parse::<u64>()
            .map_err(|_| format!("--seed は整数です（「{s}」）"))?,
        None => year.start_year() as u64,
    };
    let plan = load_bundled()?;
    let answers = Answers::new(&plan, year, seed);

    let mut tally: BTreeMap<String, usize> = BTreeMap::new();
    let mut files = 0;
    for bureau in plan.reporting_bureaus(year) {
        let bureau = bureau.as_str();
        if units_for_bureau(&plan, bureau, year).is_empty() {
            continue;
        }
        let fill = |u: &ReportingUnit| Some(answers.filled(u, bureau));
        for u in units_for_bureau(&plan, bureau, year) {
            let f = answers.filled(&u, bureau);
            let key = match &f.reason {
                Some(r) => format!("{}{r}", f.grade),
                None => f.grade.clone(),
            };
            *tally.entry(key).or_default() += 1;
        }
        let bytes = write_template(&plan, bureau, year, Some(&fill))?;
        let path = out.join(format!("{}.xlsx", safe_file_stem(bureau)));
        write_atomic(&path, &bytes)?;
        files += 1;
    }
    let summary: Vec<String> = tally.iter().map(|(g, n)| format!("{g} {n}")).collect();
    println!(
        "{}の記入例 {files}ファイルを {} に作りました（{}）",
        year.wareki(),
        out.display(),
        summary.join("、")
    );
    if let Some((id, a, b)) = &answers.disagreement {
        println!("№{id} は{a}と{b}で評価が分かれています（check の警告の例）");
    }
    Ok(())
}

/// SplitMix64: tiny, good enough for sample data, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn new(parts: &[&str], seed: u64) -> Rng {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        for p in parts {
            for b in p.bytes().chain([0]) {
                h ^= b as u64;
                h = h.wrapping_mul(0x0000_0100_0000_01b3);
            }
        }
        Rng(h)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[(self.next_u64() % xs.len() as u64) as usize]
    }
}

/// How a unit went, independent of the symbols the scale uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Above,
    OnTarget,
    Partly,
    Behind,
    Completed,
}

/// The plan-wide choices: each unit's outcome, which ones blame the pandemic, and the one
/// unit whose bureaus disagree.
struct Answers<'p> {
    plan: &'p Plan,
    year: FiscalYear,
    seed: u64,
    outcomes: BTreeMap<String, Outcome>,
    pandemic: Vec<String>,
    /// Unit id, the bureau that says ○, the one that says △.
    disagreement: Option<(String, String, String)>,
}

impl<'p> Answers<'p> {
    fn new(plan: &'p Plan, year: FiscalYear, seed: u64) -> Answers<'p> {
        let units: Vec<ReportingUnit> = plan.units_in(year).filter(|u| !u.completed()).collect();
        let mut outcomes = BTreeMap::new();
        for u in &units {
            let id = u.id().to_string();
            let mut rng = Rng::new(&[&id, "grade"], seed);
            let r = rng.unit();
            let outcome = if ends_by(u, year) && r < 0.15 {
                Outcome::Completed
            } else {
                match rng.unit() {
                    x if x < 0.56 => Outcome::OnTarget,
                    x if x < 0.72 => Outcome::Above,
                    x if x < 0.89 => Outcome::Partly,
                    x if x < 0.95 => Outcome::Behind,
                    _ => Outcome::Completed,
                }
            };
            outcomes.insert(id, outcome);
        }

        // The pandemic year had more delays blamed on it.
        let pandemic_count = if year.start_year() == 2020 { 4 } else { 2 };
        let mut partly: Vec<(u64, String)> = outcomes
            .iter()
            .filter(|(_, o)| **o == Outcome::Partly)
            .map(|(id, _)| (Rng::new(&[id, "corona"], seed).next_u64(), id.clone()))
            .collect();
        partly.sort();
        let pandemic = partly
            .iter()
            .take(pandemic_count)
            .map(|(_, id)| id.clone())
            .collect();

        let disagreement = units.iter().find(|u| u.bureaus().len() >= 2).map(|u| {
            let id = u.id().to_string();
            outcomes.insert(id.clone(), Outcome::OnTarget);
            (id, u.bureaus()[0].to_string(), u.bureaus()[1].to_string())
        });
        Answers {
            plan,
            year,
            seed,
            outcomes,
            pandemic,
            disagreement,
        }
    }

    /// The scale's grade for an outcome: the best, second, third … grade by level, and the
    /// one that completes.
    fn grade(&self, outcome: Outcome) -> &Grade {
        let grades = &self.plan.settings.grades;
        let mut ranked: Vec<&Grade> = grades.iter().filter(|g| !g.completes).collect();
        ranked.sort_by_key(|g| std::cmp::Reverse(g.level));
        let nth = |n: usize| ranked[n.min(ranked.len() - 1)];
        match outcome {
            Outcome::Above => nth(0),
            Outcome::OnTarget => nth(1),
            Outcome::Partly => nth(2),
            Outcome::Behind => nth(3),
            Outcome::Completed => grades
                .iter()
                .find(|g| g.completes)
                .unwrap_or_else(|| nth(1)),
        }
    }

    fn filled(&self, unit: &ReportingUnit, bureau: &str) -> Filled {
        let id = unit.id().to_string();
        let mut outcome = self.outcomes[&id];
        if let Some((d, _, second)) = &self.disagreement {
            if *d == id && second == bureau {
                outcome = Outcome::Partly;
            }
        }
        let pandemic = outcome == Outcome::Partly && self.pandemic.contains(&id);
        let first_owner = unit.bureaus().first().is_some_and(|b| b.as_str() == bureau);
        let mut rng = Rng::new(&[&id, bureau, "text"], self.seed);

        let reason = if pandemic {
            self.plan.settings.reasons.first().map(|r| r.tag.clone())
        } else {
            None
        };
        let effect = {
            let mut r = Rng::new(&[&id, "effect"], self.seed);
            let has = r.unit() < 0.27 && first_owner && outcome != Outcome::Behind;
            // Log-uniform between 300 thousand and 300 million yen.
            let v = (300f64.ln() + r.unit() * (300_000f64 / 300.0).ln()).exp();
            has.then(|| round_effect(v))
        };
        let actuals = unit
            .text()
            .indicators
            .iter()
            .enumerate()
            .map(|(k, ind)| {
                let t = ind.effective_target(self.year)?;
                let mut r = Rng::new(&[&id, bureau, &k.to_string(), "actual"], self.seed);
                let u = r.unit();
                // Relative distance from the target, positive = better than planned.
                let gain = match outcome {
                    Outcome::Above => 0.03 + 0.12 * u,
                    Outcome::OnTarget | Outcome::Completed => 0.01 * u,
                    Outcome::Partly => -0.02 - 0.08 * u,
                    Outcome::Behind => -0.10 - 0.20 * u,
                };
                let v = match ind.better {
                    Better::Higher => t.value * (1.0 + gain),
                    Better::Lower => t.value * (1.0 - gain / 10.0),
                };
                Some(round_like(v, t.value, &ind.unit))
            })
            .collect();

        Filled {
            result: self.result_text(unit, bureau, outcome, pandemic, &mut rng),
            grade: self.grade(outcome).symbol.clone(),
            reason,
            effect,
            issues: self.issues_text(unit, outcome, pandemic, &mut rng),
            actuals,
        }
    }

    fn result_text(
        &self,
        unit: &ReportingUnit,
        bureau: &str,
        outcome: Outcome,
        pandemic: bool,
        rng: &mut Rng,
    ) -> String {
        let year = self.year.wareki();
        let text = unit.text();
        let shared = unit.bureaus().len() > 1;
        let opening = if shared {
            format!("{year}は、{bureau}において、")
        } else {
            format!("{year}は、")
        };
        let mut sentences = Vec::new();
        match text
            .content
            .as_deref()
            .and_then(first_sentence)
            .and_then(|s| past(&s))
        {
            Some(s) => sentences.push(format!("{opening}{s}。")),
            None => sentences.push(format!("{opening}{}に係る取組みを進めた。", unit.title())),
        }
        let lines = schedule_lines(unit, self.year);
        if let Some(line) = lines.first() {
            let how = match outcome {
                Outcome::Above => "予定を前倒しして実施した",
                Outcome::OnTarget => "予定どおり実施した",
                Outcome::Completed => "予定どおり完了した",
                Outcome::Partly => "一部の工程に遅れが生じた",
                Outcome::Behind => "着手に至らなかった",
            };
            sentences.push(format!("スケジュールに掲げた「{line}」については、{how}。"));
        }
        let closing = match outcome {
            Outcome::Above => rng
                .pick(&[
                    "その結果、当初の目標を上回る成果を得た。",
                    "利用者からの評価も高く、目標を上回る効果が得られた。",
                ])
                .to_string(),
            Outcome::OnTarget => rng
                .pick(&[
                    "おおむね計画どおりに進捗している。",
                    "関係部署と連携し、計画どおりに取り組んだ。",
                    "",
                ])
                .to_string(),
            Outcome::Completed => format!(
                "これをもって本取組みは完了とし、{}以降は通常業務として継続する。",
                self.year.next().wareki()
            ),
            Outcome::Partly if pandemic => {
                "新型コロナウイルス感染症の影響により、説明会や研修の一部を延期・縮小した。"
                    .to_string()
            }
            Outcome::Partly => rng
                .pick(&[
                    "関係機関との調整に時間を要し、一部の取組みが翌年度にずれ込んだ。",
                    "事業者の選定に時間を要したため、一部の実施時期を見直した。",
                ])
                .to_string(),
            Outcome::Behind => {
                "関係者との調整が整わず、予定していた取組みに遅れが生じている。".to_string()
            }
        };
        if !closing.is_empty() {
            sentences.push(closing);
        }
        // A few bureaus write in bullet points, one per line.
        if rng.unit() < 0.12 && sentences.len() > 1 {
            sentences
                .iter()
                .map(|s| format!("・{s}"))
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            sentences.concat()
        }
    }

    fn issues_text(
        &self,
        unit: &ReportingUnit,
        outcome: Outcome,
        pandemic: bool,
        rng: &mut Rng,
    ) -> String {
        let next = self.year.next().wareki();
        let goal = unit
            .text()
            .goal
            .as_deref()
            .and_then(first_sentence)
            .and_then(|s| plain(&s));
        let continuing = match &goal {
            Some(g) => format!("{}{g}。", rng.pick(&["引き続き、", "今後も、"])),
            None => format!("引き続き、{}に着実に取り組む。", unit.title()),
        };
        let mut parts = Vec::new();
        match outcome {
            Outcome::Completed => {
                if rng.unit() < 0.5 {
                    return String::new();
                }
                parts.push("取組みは完了したため、今後は通常業務の中で効果の維持に努める。".into());
            }
            Outcome::Partly if pandemic => {
                parts.push(format!(
                    "感染状況を見極めながら、延期した取組みを{next}に実施する。"
                ));
                parts.push(continuing);
            }
            Outcome::Partly | Outcome::Behind => {
                parts.push("遅れが生じた工程について、関係部署と調整のうえスケジュールを見直し、早期の実施を図る。".into());
                parts.push(continuing);
            }
            Outcome::Above | Outcome::OnTarget => {
                if rng.unit() < 0.15 {
                    return String::new();
                }
                parts.push(continuing);
                if rng.unit() < 0.3 {
                    parts.push(
                        rng.pick(&[
                            "取組みの効果を検証し、必要に応じて手法を見直す。",
                            "他都市の事例も参考にしながら、さらなる効率化を検討する。",
                            "市民への周知を強化し、利用の拡大を図る。",
                        ])
                        .to_string(),
                    );
                }
            }
        }
        if parts.len() > 1 && rng.unit() < 0.25 {
            parts
                .iter()
                .map(|s| format!("・{s}"))
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            parts.concat()
        }
    }
}

/// Whether every dated line of the unit's schedule ends by the year: a unit that could be
/// finished now.
fn ends_by(unit: &ReportingUnit, year: FiscalYear) -> bool {
    let periods: Vec<_> = unit
        .text()
        .schedule
        .iter()
        .filter_map(|e| e.period.as_ref())
        .collect();
    !periods.is_empty()
        && periods
            .iter()
            .all(|p| p.to.is_some_and(|d| d.fiscal_year() <= year))
}

/// The year's schedule lines, without the plan's indentation.
fn schedule_lines(unit: &ReportingUnit, year: FiscalYear) -> Vec<String> {
    unit.text()
        .schedule_for(year)
        .into_iter()
        .filter(|e| e.period.is_some())
        .flat_map(|e| e.text.lines().map(str::to_string).collect::<Vec<_>>())
        .map(|l| l.trim().trim_matches('　').to_string())
        // Targets (現年度99.1％), notes (※…, （当初…）) and whole sentences do not read as
        // things one did when quoted.
        .filter(|l| {
            !l.is_empty()
                && l.chars().count() <= 40
                && !l.ends_with('。')
                && !l.starts_with(['※', '（', '('])
                && !l
                    .chars()
                    .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        })
        .collect()
}

/// The first sentence of a text, without the plan's leading full-width space and the 。.
fn first_sentence(text: &str) -> Option<String> {
    let t = text.trim().trim_start_matches('　');
    let s = t.split('。').next()?.trim();
    (!s.is_empty() && !s.contains('\n')).then(|| s.to_string())
}

/// 〜します → 〜した: the plan's promises as the year's results. None when the ending is not
/// one we can turn reliably.
fn past(s: &str) -> Option<String> {
    const ENDINGS: &[(&str, &str)] = &[
        ("していきます", "した"),
        ("いきます", "いった"),
        ("できます", "できた"),
        ("します", "した"),
        ("ります", "った"),
        ("います", "った"),
        ("ちます", "った"),
        ("みます", "んだ"),
        ("びます", "んだ"),
        ("きます", "いた"),
        ("ぎます", "いだ"),
        ("めます", "めた"),
        ("けます", "けた"),
        ("れます", "れた"),
        ("えます", "えた"),
        ("せます", "せた"),
        ("てます", "てた"),
        ("べます", "べた"),
        ("ねます", "ねた"),
    ];
    replace_ending(s, ENDINGS)
}

/// 〜します → 〜する: the plan's goal as the bureau's resolution.
fn plain(s: &str) -> Option<String> {
    // 実施します → 実施する and ようにします → ようにする, but 目指します → 目指す,
    // 示します → 示す (one kanji after a particle), 増やします → 増やす.
    if let Some(stem) = s.strip_suffix("します") {
        const GODAN: &[&str] = &[
            "目指",
            "見直",
            "果た",
            "満た",
            "照ら",
            "起こ",
            "生み出",
            "打ち出",
            "作り出",
            "見出",
            "繰り返",
            "乗り越",
            "踏み出",
            "見通",
        ];
        let kanji = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c) || c == '々';
        let mut rev = stem.chars().rev();
        let last = rev.next()?;
        let before = rev.next();
        let kana_stem = ('\u{3041}'..='\u{309F}').contains(&last)
            && !matches!(last, 'と' | 'に' | 'く' | 'う' | 'よ');
        let one_kanji_verb = kanji(last) && before.is_some_and(|b| !kanji(b));
        let godan = kana_stem || one_kanji_verb || GODAN.iter().any(|g| stem.ends_with(g));
        return Some(format!("{stem}{}", if godan { "す" } else { "する" }));
    }
    const ENDINGS: &[(&str, &str)] = &[
        ("いきます", "いく"),
        ("できます", "できる"),
        ("ります", "る"),
        ("います", "う"),
        ("ちます", "つ"),
        ("みます", "む"),
        ("びます", "ぶ"),
        ("きます", "く"),
        ("ぎます", "ぐ"),
        ("めます", "める"),
        ("けます", "ける"),
        ("れます", "れる"),
        ("えます", "える"),
        ("せます", "せる"),
        ("てます", "てる"),
        ("べます", "べる"),
        ("ねます", "ねる"),
    ];
    replace_ending(s, ENDINGS)
}

fn replace_ending(s: &str, endings: &[(&str, &str)]) -> Option<String> {
    endings
        .iter()
        .find_map(|(from, to)| s.strip_suffix(from).map(|stem| format!("{stem}{to}")))
}

/// Thousand yen, whole, with the round figures bureaus report for large amounts.
fn round_effect(v: f64) -> u64 {
    let v = v.max(1.0);
    let step = if v >= 100_000.0 {
        1_000.0
    } else if v >= 10_000.0 {
        100.0
    } else {
        1.0
    };
    ((v / step).round() * step) as u64
}

/// An actual value with as many decimals as the target has (one for percentages).
fn round_like(v: f64, target: f64, unit: &str) -> f64 {
    let shown = format::plain(target);
    let mut decimals = shown.split_once('.').map_or(0, |(_, d)| d.len()) as i32;
    if unit.contains('％') || unit.contains('%') {
        decimals = decimals.max(1);
    }
    let f = 10f64.powi(decimals);
    (v * f).round() / f
}
