//! The master item list as typed data: the plan, its hierarchy, items, initiatives, schedules
//! and numeric targets, and the `ReportingUnit` view that bureaus report on each year.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize, Serializer};

use super::fiscal_year::{parse_era_year, FiscalYear};
use super::format::to_ascii;
use super::settings::Settings;

/// A bureau (所管局) as the plan names it: 財政局, 各区, 水道局 …
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Bureau(pub String);

impl Bureau {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Bureau {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanMeta {
    pub name: String,
    pub organisation: String,
    pub period_from: FiscalYear,
    pub period_to: FiscalYear,
}

#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub meta: PlanMeta,
    pub bureaus: Vec<Bureau>,
    pub pillars: Vec<Pillar>,
    pub items: Vec<Item>,
    pub settings: Settings,
}

#[derive(Debug, Clone, Serialize)]
pub struct Pillar {
    pub number: u8,
    pub title: String,
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub number: u8,
    pub title: String,
    pub subsections: Vec<Subsection>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Subsection {
    pub number: u8,
    pub title: String,
    pub groups: Vec<Group>,
}

/// ア 水道局 … under １(1)⑦: the enterprises whose items name no bureau of their own.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub label: String,
    pub title: String,
    pub bureau: Bureau,
}

/// Where an item sits: １(1)⑤ is pillar 1, section 1, subsection 5.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SectionRef {
    pub pillar: u8,
    pub section: u8,
    pub subsection: Option<u8>,
    pub group: Option<String>,
}

impl SectionRef {
    /// The plan's own numbering: １(1)⑤ア.
    pub fn printed(&self) -> String {
        let mut s = format!(
            "{}({})",
            char::from_u32(0xFF10 + self.pillar as u32).unwrap_or('?'),
            self.section
        );
        if let Some(n) = self.subsection {
            s.push(circled(n));
        }
        if let Some(g) = &self.group {
            s.push_str(g);
        }
        s
    }
}

/// ① … ⑳ as the plan numbers its subsections.
pub fn circled(n: u8) -> char {
    match n {
        1..=20 => char::from_u32(0x2460 + n as u32 - 1).unwrap_or('?'),
        _ => '?',
    }
}

impl fmt::Display for SectionRef {
    /// "1-1-5", "1-2": the form of the JSON contract and the TOML files.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.pillar, self.section)?;
        if let Some(n) = self.subsection {
            write!(f, "-{n}")?;
        }
        Ok(())
    }
}

/// A section, item or unit number that cannot be read; says what was typed and how to write
/// it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdError {
    Section(String),
    Item(String),
    Unit(String),
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdError::Section(s) => write!(
                f,
                "「{s}」は施策の番号として読めません。\"1-1-5\"（１(1)⑤）や \"1-2\"（１(2)）のように書いてください"
            ),
            IdError::Item(s) => write!(
                f,
                "「{s}」は実施項目の番号として読めません。12 や 24-2 のように書いてください"
            ),
            IdError::Unit(s) => write!(
                f,
                "「{s}」は取組みの番号として読めません。12、24-2、12.1（№12の一つ目の主な取組み）のように書いてください"
            ),
        }
    }
}

impl std::error::Error for IdError {}

impl FromStr for SectionRef {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        let bad = || IdError::Section(s.to_string());
        let parts: Vec<&str> = s.split('-').collect();
        let num = |p: &str| p.parse::<u8>().map_err(|_| bad());
        match parts.as_slice() {
            [p, s] => Ok(SectionRef {
                pillar: num(p)?,
                section: num(s)?,
                subsection: None,
                group: None,
            }),
            [p, s, ss] => Ok(SectionRef {
                pillar: num(p)?,
                section: num(s)?,
                subsection: Some(num(ss)?),
                group: None,
            }),
            _ => Err(bad()),
        }
    }
}

impl Serialize for SectionRef {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// An item number as printed after №: 24, or 24-2 for an item added between 24 and 25.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ItemId {
    pub number: u32,
    pub branch: Option<u32>,
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.branch {
            Some(b) => write!(f, "{}-{}", self.number, b),
            None => write!(f, "{}", self.number),
        }
    }
}

impl Serialize for ItemId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl FromStr for ItemId {
    type Err = IdError;
    /// Accepts what a user types: 24-2, №24-2, No.24-2, ２４－２.
    fn from_str(typed: &str) -> Result<Self, IdError> {
        let bad = || IdError::Item(typed.to_string());
        let s = to_ascii(typed.trim()).replace(['－', '‐', '−', 'ー'], "-");
        let s = s
            .trim_start_matches('№')
            .trim_start_matches("No.")
            .trim_start_matches("no.")
            .trim();
        let (n, b) = match s.split_once('-') {
            Some((n, b)) => (n, Some(b)),
            None => (s, None),
        };
        let digits = |t: &str| {
            if !t.is_empty() && t.len() <= 4 && t.bytes().all(|c| c.is_ascii_digit()) {
                t.parse::<u32>().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        Ok(ItemId {
            number: digits(n)?,
            branch: b.map(digits).transpose()?,
        })
    }
}

/// A date as the plan's schedules print it: a fiscal year (令和3年度) or a month (平成31年4月).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PlanDate {
    FiscalYear { year: FiscalYear },
    Month { year: u16, month: u8 },
}

impl PlanDate {
    /// The fiscal year the date falls in (January–March belong to the previous one).
    pub fn fiscal_year(self) -> FiscalYear {
        match self {
            PlanDate::FiscalYear { year } => year,
            PlanDate::Month { year, month } => {
                let start = if month >= 4 { year } else { year - 1 };
                FiscalYear::new(start).unwrap_or(FiscalYear::new(1926).expect("in range"))
            }
        }
    }

    fn parse(s: &str) -> Option<PlanDate> {
        let a = to_ascii(s);
        let (year, rest) = parse_era_year(a.trim())?;
        if rest == "年度" {
            return Some(PlanDate::FiscalYear {
                year: FiscalYear::new(year)?,
            });
        }
        let rest = rest.strip_prefix('年')?;
        let month: u8 = rest.strip_suffix('月')?.parse().ok()?;
        ((1..=12).contains(&month) && FiscalYear::new(year).is_some())
            .then_some(PlanDate::Month { year, month })
    }
}

/// The date part of a schedule line: one date, or a range open at either end
/// (令和2年度～, ～令和元年度, 令和元年度～令和3年度). `label` keeps it as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Period {
    pub label: String,
    pub from: Option<PlanDate>,
    pub to: Option<PlanDate>,
}

impl Period {
    pub fn parse(label: &str) -> Option<Period> {
        let s = label.trim();
        let (from, to) = match s.split_once('～') {
            None => {
                let d = PlanDate::parse(s)?;
                (Some(d), Some(d))
            }
            Some((a, b)) => {
                let a = a.trim();
                let b = b.trim();
                if a.is_empty() && b.is_empty() {
                    return None;
                }
                let from = if a.is_empty() {
                    None
                } else {
                    Some(PlanDate::parse(a)?)
                };
                let to = if b.is_empty() {
                    None
                } else {
                    Some(PlanDate::parse(b)?)
                };
                if let (Some(f), Some(t)) = (from, to) {
                    if f.fiscal_year() > t.fiscal_year() {
                        return None;
                    }
                }
                (from, to)
            }
        };
        Some(Period {
            label: s.to_string(),
            from,
            to,
        })
    }

    /// Whether the line applies to the fiscal year: 令和2年度～ covers 令和3年度.
    pub fn covers(&self, year: FiscalYear) -> bool {
        self.from.is_none_or(|d| d.fiscal_year() <= year)
            && self.to.is_none_or(|d| year <= d.fiscal_year())
    }
}

/// One line of a スケジュール: a dated entry, or free text (毎年度…, ・見出し, ※注記).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScheduleEntry {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    Higher,
    Lower,
}

impl Better {
    /// Below this share of its target, an indicator's figures are taken to contradict a grade
    /// that says the unit is on target.
    pub const BEHIND: f64 = 0.9;

    /// How far the actual is along the way to the target: 1.0 = reached, respecting whether
    /// higher or lower is better. None when a higher-is-better target is not positive.
    pub fn achievement(self, target: f64, actual: f64) -> Option<f64> {
        match self {
            Better::Higher if target > 0.0 => Some(actual / target),
            Better::Higher => None,
            Better::Lower if target == 0.0 => Some(if actual <= 0.0 { 1.0 } else { 0.0 }),
            Better::Lower if actual <= 0.0 => Some(1.0),
            Better::Lower => Some(target / actual),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Baseline {
    pub year: Option<FiscalYear>,
    pub period: Option<String>,
    pub label: String,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Target {
    pub year: FiscalYear,
    pub period: String,
    pub value: f64,
}

/// A numeric target (数値目標) read from a 目標, with its yearly steps.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    pub name: String,
    pub unit: String,
    pub better: Better,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Baseline>,
    pub targets: Vec<Target>,
}

impl Indicator {
    /// How many decimals the plan prints this indicator's values with: 99.1％ and 98.0％
    /// in one schedule both have one. TOML reads 98.0 as 98, so the count comes from the
    /// indicator's other values.
    pub fn decimals(&self) -> usize {
        self.targets
            .iter()
            .map(|t| t.value)
            .chain(self.baseline.as_ref().map(|b| b.value))
            .map(|v| {
                let s = format!("{v:.3}");
                let frac = s.split_once('.').map(|(_, f)| f.trim_end_matches('0'));
                frac.map(str::len).unwrap_or(0)
            })
            .max()
            .unwrap_or(0)
    }

    /// The target for the year, if the plan gives one for exactly that year.
    pub fn target_for(&self, year: FiscalYear) -> Option<&Target> {
        self.targets.iter().find(|t| t.year == year)
    }

    /// The target that applies in a year: that year's, else the next one the plan sets
    /// (a 令和4年度当初 goal is what 令和3年度 works towards).
    pub fn effective_target(&self, year: FiscalYear) -> Option<&Target> {
        self.target_for(year).or_else(|| {
            self.targets
                .iter()
                .filter(|t| t.year > year)
                .min_by_key(|t| t.year)
        })
    }
}

/// 取組内容 / 目標 / スケジュール and the numeric targets read from them: the body of a box.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UnitText {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goal: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub schedule: Vec<ScheduleEntry>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub indicators: Vec<Indicator>,
}

impl UnitText {
    pub fn is_empty(&self) -> bool {
        self.content.is_none() && self.goal.is_none() && self.schedule.is_empty()
    }

    /// The schedule lines for a fiscal year: its dated entries, or when none is dated for
    /// that year, the undated lines (毎年度…), which apply every year.
    pub fn schedule_for(&self, year: FiscalYear) -> Vec<&ScheduleEntry> {
        let dated: Vec<_> = self
            .schedule
            .iter()
            .filter(|e| e.period.as_ref().is_some_and(|p| p.covers(year)))
            .collect();
        if !dated.is_empty() {
            return dated;
        }
        if self.schedule.iter().all(|e| e.period.is_none()) {
            return self.schedule.iter().collect();
        }
        Vec::new()
    }
}

/// The fiscal years a unit of the plan is in force: plans are revised mid-period, adding
/// items (the "-2" numbers) and withdrawing others. Open at either end when not given.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InForce {
    /// The first fiscal year it is reported on, when the plan added it after its start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub added: Option<FiscalYear>,
    /// Its last fiscal year, when the plan withdrew it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_year: Option<FiscalYear>,
}

impl InForce {
    pub fn covers(self, year: FiscalYear) -> bool {
        self.added.is_none_or(|a| a <= year) && self.last_year.is_none_or(|l| year <= l)
    }

    pub fn is_always(self) -> bool {
        self.added.is_none() && self.last_year.is_none()
    }
}

/// 主な取組み: a titled box of its own under an item.
#[derive(Debug, Clone, Serialize)]
pub struct Initiative {
    pub title: String,
    pub bureaus: Vec<Bureau>,
    pub completed: bool,
    #[serde(flatten)]
    pub in_force: InForce,
    #[serde(flatten)]
    pub text: UnitText,
}

#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: ItemId,
    pub title: String,
    pub section: SectionRef,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub bureaus: Vec<Bureau>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    pub completed: bool,
    #[serde(flatten)]
    pub in_force: InForce,
    #[serde(flatten)]
    pub text: UnitText,
    pub initiatives: Vec<Initiative>,
}

impl Item {
    /// Every bureau named on the item or any of its initiatives, in first-seen order.
    pub fn all_bureaus(&self) -> Vec<&Bureau> {
        let mut out: Vec<&Bureau> = Vec::new();
        for b in self
            .bureaus
            .iter()
            .chain(self.initiatives.iter().flat_map(|i| i.bureaus.iter()))
        {
            if !out.contains(&b) {
                out.push(b);
            }
        }
        out
    }

    pub fn involves(&self, bureau: &str) -> bool {
        self.all_bureaus().iter().any(|b| b.as_str() == bureau)
    }

    /// Whether the item is part of the plan in the year: it is in force and, when it has
    /// initiatives, at least one of them is.
    pub fn in_force(&self, year: FiscalYear) -> bool {
        self.in_force.covers(year)
            && (self.initiatives.is_empty()
                || self.initiatives.iter().any(|i| i.in_force.covers(year)))
    }

    /// The units a bureau reports on for this item: each initiative, or the item itself.
    pub fn units(&self) -> Vec<ReportingUnit<'_>> {
        if self.initiatives.is_empty() {
            vec![ReportingUnit {
                item: self,
                initiative: None,
            }]
        } else {
            (0..self.initiatives.len())
                .map(|i| ReportingUnit {
                    item: self,
                    initiative: Some(i),
                })
                .collect()
        }
    }
}

/// What a bureau reports on each year: an initiative, or the item itself when it has none.
#[derive(Debug, Clone, Copy)]
pub struct ReportingUnit<'p> {
    pub item: &'p Item,
    /// Index into `item.initiatives`.
    pub initiative: Option<usize>,
}

/// A reporting unit's identity: `12` for an item reported as a whole, `2.3` for the third
/// initiative of №2. Stable across runs, used in workbooks' hidden metadata.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnitId {
    pub item: ItemId,
    pub initiative: Option<u16>,
}

impl fmt::Display for UnitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.initiative {
            Some(i) => write!(f, "{}.{}", self.item, i),
            None => write!(f, "{}", self.item),
        }
    }
}

impl FromStr for UnitId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, IdError> {
        let bad = || IdError::Unit(s.to_string());
        let (item, init) = match s.split_once('.') {
            Some((a, b)) => (a, Some(b.parse::<u16>().map_err(|_| bad())?)),
            None => (s, None),
        };
        if init == Some(0) {
            return Err(bad());
        }
        Ok(UnitId {
            item: item.parse().map_err(|_| bad())?,
            initiative: init,
        })
    }
}

impl Serialize for UnitId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'p> ReportingUnit<'p> {
    pub fn id(&self) -> UnitId {
        UnitId {
            item: self.item.id,
            initiative: self.initiative.map(|i| i as u16 + 1),
        }
    }

    pub fn initiative(&self) -> Option<&'p Initiative> {
        self.initiative.map(|i| &self.item.initiatives[i])
    }

    /// The initiative's title, or the item's when it is reported as a whole.
    pub fn title(&self) -> &'p str {
        self.initiative()
            .map(|i| i.title.as_str())
            .unwrap_or(&self.item.title)
    }

    pub fn bureaus(&self) -> &'p [Bureau] {
        match self.initiative() {
            Some(i) if !i.bureaus.is_empty() => &i.bureaus,
            _ => &self.item.bureaus,
        }
    }

    pub fn text(&self) -> &'p UnitText {
        self.initiative()
            .map(|i| &i.text)
            .unwrap_or(&self.item.text)
    }

    /// Completed in the plan itself (the plan prints 完了 on it or on its item).
    pub fn completed(&self) -> bool {
        self.item.completed || self.initiative().is_some_and(|i| i.completed)
    }

    pub fn owned_by(&self, bureau: &str) -> bool {
        self.bureaus().iter().any(|b| b.as_str() == bureau)
    }

    /// Part of the plan in the year: neither added later nor withdrawn before it.
    pub fn in_force(&self, year: FiscalYear) -> bool {
        self.item.in_force.covers(year) && self.initiative().is_none_or(|i| i.in_force.covers(year))
    }
}

impl Plan {
    pub fn item(&self, id: ItemId) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }

    /// Every reporting unit, in plan order, whatever the years it is in force.
    pub fn units(&self) -> impl Iterator<Item = ReportingUnit<'_>> {
        self.items.iter().flat_map(|i| i.units())
    }

    /// The reporting units in force in the year, in plan order: what that year's workbooks
    /// ask and its report shows.
    pub fn units_in(&self, year: FiscalYear) -> impl Iterator<Item = ReportingUnit<'_>> {
        self.units().filter(move |u| u.in_force(year))
    }

    pub fn unit(&self, id: &UnitId) -> Option<ReportingUnit<'_>> {
        let item = self.item(id.item)?;
        match id.initiative {
            None if item.initiatives.is_empty() => Some(ReportingUnit {
                item,
                initiative: None,
            }),
            Some(n) if (n as usize) <= item.initiatives.len() => Some(ReportingUnit {
                item,
                initiative: Some(n as usize - 1),
            }),
            _ => None,
        }
    }

    /// Bureaus that own at least one unit in force in the year, in the order of `bureaus`.
    pub fn reporting_bureaus(&self, year: FiscalYear) -> Vec<&Bureau> {
        self.bureaus
            .iter()
            .filter(|b| self.units_in(year).any(|u| u.owned_by(b.as_str())))
            .collect()
    }

    pub fn pillar(&self, n: u8) -> Option<&Pillar> {
        find_pillar(&self.pillars, n)
    }

    pub fn section(&self, r: &SectionRef) -> Option<&Section> {
        find_section(&self.pillars, r)
    }

    pub fn subsection(&self, r: &SectionRef) -> Option<&Subsection> {
        find_subsection(&self.pillars, r)
    }

    pub fn group(&self, r: &SectionRef) -> Option<&Group> {
        find_group(&self.pillars, r)
    }
}

/// Where an item sits in a hierarchy (the plan's, or the copy a report carries).
pub fn find_pillar(pillars: &[Pillar], n: u8) -> Option<&Pillar> {
    pillars.iter().find(|p| p.number == n)
}

pub fn find_section<'a>(pillars: &'a [Pillar], r: &SectionRef) -> Option<&'a Section> {
    find_pillar(pillars, r.pillar)?
        .sections
        .iter()
        .find(|s| s.number == r.section)
}

pub fn find_subsection<'a>(pillars: &'a [Pillar], r: &SectionRef) -> Option<&'a Subsection> {
    let n = r.subsection?;
    find_section(pillars, r)?
        .subsections
        .iter()
        .find(|s| s.number == n)
}

pub fn find_group<'a>(pillars: &'a [Pillar], r: &SectionRef) -> Option<&'a Group> {
    let label = r.group.as_deref()?;
    find_subsection(pillars, r)?
        .groups
        .iter()
        .find(|g| g.label == label)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn achievement_respects_direction() {
        assert_eq!(Better::Higher.achievement(100.0, 90.0), Some(0.9));
        assert_eq!(Better::Lower.achievement(100.0, 200.0), Some(0.5));
        assert_eq!(Better::Lower.achievement(0.0, 0.0), Some(1.0));
        assert_eq!(Better::Lower.achievement(0.0, 3.0), Some(0.0));
        assert_eq!(Better::Higher.achievement(0.0, 3.0), None);
    }

    #[test]
    fn a_number_that_cannot_be_read_says_how_to_write_it() {
        let e = "abc".parse::<ItemId>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "「abc」は実施項目の番号として読めません。12 や 24-2 のように書いてください"
        );
        let e = "1-x".parse::<SectionRef>().unwrap_err();
        assert!(
            e.to_string()
                .starts_with("「1-x」は施策の番号として読めません"),
            "{e}"
        );
        // The whole unit number is named, not only the part that failed.
        for bad in ["12.0", "x.1", "12.a"] {
            let e = bad.parse::<UnitId>().unwrap_err();
            assert_eq!(e, IdError::Unit(bad.to_string()));
        }
    }

    #[test]
    fn item_ids_read_as_typed() {
        for (s, want) in [
            ("24-2", "24-2"),
            ("№24-2", "24-2"),
            ("２４－２", "24-2"),
            ("12", "12"),
        ] {
            assert_eq!(s.parse::<ItemId>().unwrap().to_string(), want);
        }
        for s in ["", "a", "24-", "-2", "24-2-1", "12345"] {
            assert!(s.parse::<ItemId>().is_err(), "{s}");
        }
        let a: ItemId = "24".parse().unwrap();
        let b: ItemId = "24-2".parse().unwrap();
        let c: ItemId = "25".parse().unwrap();
        assert!(a < b && b < c);
    }

    #[test]
    fn periods_cover_their_years() {
        let fy = |s: &str| s.parse::<FiscalYear>().unwrap();
        let p = Period::parse("令和元年度～令和3年度").unwrap();
        assert!(p.covers(fy("R1")) && p.covers(fy("R3")) && !p.covers(fy("R4")));
        let open = Period::parse("令和2年度～").unwrap();
        assert!(open.covers(fy("R9")) && !open.covers(fy("R1")));
        let until = Period::parse("～令和元年度").unwrap();
        assert!(until.covers(fy("H28")) && !until.covers(fy("R2")));
        let month = Period::parse("平成31年4月").unwrap();
        assert!(month.covers(fy("令和元年度")));
        let jan = Period::parse("令和4年1月").unwrap();
        assert!(jan.covers(fy("R3")));
        for bad in [
            "令和3",
            "令和13月",
            "令和3年13月",
            "～",
            "令和3年度～令和元年度",
            "来年度",
        ] {
            assert!(Period::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn section_refs_print_like_the_plan() {
        let r: SectionRef = "1-1-5".parse().unwrap();
        assert_eq!(r.to_string(), "1-1-5");
        assert_eq!(r.printed(), "１(1)⑤");
        let r: SectionRef = "3-3".parse().unwrap();
        assert_eq!(r.printed(), "３(3)");
    }
}
