//! Japanese fiscal years (年度, April–March) and the era names they are written with.
//!
//! The plan and the office write years as 令和3年度, 令和元年度, 平成31年度 (the same year as
//! 令和元年度: the era changed in May 2019, but fiscal years that began under 平成 keep being
//! called so in documents written before the change, and the plan even says 平成32年度).
//! Users type 2021, R3, 令和3 or ３. All of these must mean the same `FiscalYear`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A fiscal year, named by the calendar year in which it starts (April 1st).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FiscalYear(u16);

/// A Japanese era, by the first calendar year it names as its year 1 (元年).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Era {
    Showa,
    Heisei,
    Reiwa,
}

impl Era {
    const ALL: [Era; 3] = [Era::Reiwa, Era::Heisei, Era::Showa];

    pub fn name(self) -> &'static str {
        match self {
            Era::Showa => "昭和",
            Era::Heisei => "平成",
            Era::Reiwa => "令和",
        }
    }

    fn latin(self) -> char {
        match self {
            Era::Showa => 'S',
            Era::Heisei => 'H',
            Era::Reiwa => 'R',
        }
    }

    /// The calendar year that is the era's 元年.
    fn base(self) -> u16 {
        match self {
            Era::Showa => 1926,
            Era::Heisei => 1989,
            Era::Reiwa => 2019,
        }
    }

    /// The era in force on a calendar day (令和 from 2019-05-01, 平成 from 1989-01-08).
    pub(crate) fn of_date(year: u16, month: u8, day: u8) -> Era {
        let ymd = (year, month, day);
        if ymd >= (2019, 5, 1) {
            Era::Reiwa
        } else if ymd >= (1989, 1, 8) {
            Era::Heisei
        } else {
            Era::Showa
        }
    }

    /// The calendar year that is the era's 元年, for `date`.
    pub(crate) fn first_year(self) -> u16 {
        self.base()
    }

    /// The era a fiscal year is printed in today. A fiscal year is named after the era in
    /// force on its first day, except that the year starting April 2019 is 令和元年度 by the
    /// government's own usage.
    fn of_fiscal_year(year: u16) -> Era {
        if year >= 2019 {
            Era::Reiwa
        } else if year >= 1989 {
            Era::Heisei
        } else {
            Era::Showa
        }
    }
}

/// Why a year could not be read. The message is for office staff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearParseError {
    pub input: String,
}

impl fmt::Display for YearParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "「{}」は年度として読めません。「令和3年度」「令和元年度」「R3」「2021」のように書いてください",
            self.input
        )
    }
}

impl std::error::Error for YearParseError {}

impl FiscalYear {
    /// The earliest and latest years we accept: anything else is a typing mistake.
    const MIN: u16 = 1926;
    const MAX: u16 = 2200;

    pub fn new(start_year: u16) -> Option<FiscalYear> {
        (Self::MIN..=Self::MAX)
            .contains(&start_year)
            .then_some(FiscalYear(start_year))
    }

    /// The calendar year in which the fiscal year starts (April).
    pub fn start_year(self) -> u16 {
        self.0
    }

    pub fn next(self) -> FiscalYear {
        FiscalYear(self.0 + 1)
    }

    pub fn previous(self) -> FiscalYear {
        FiscalYear(self.0 - 1)
    }

    /// 令和3年度.
    pub fn wareki(self) -> String {
        let era = Era::of_fiscal_year(self.0);
        format!(
            "{}{}年度",
            era.name(),
            era_year_label(self.0 - era.base() + 1)
        )
    }

    /// 令和3 without 年度, for compact labels.
    pub fn wareki_short(self) -> String {
        let era = Era::of_fiscal_year(self.0);
        format!("{}{}", era.name(), era_year_label(self.0 - era.base() + 1))
    }

    /// R3, the form used in file and folder names.
    pub fn code(self) -> String {
        let era = Era::of_fiscal_year(self.0);
        format!("{}{}", era.latin(), self.0 - era.base() + 1)
    }

    /// 2021年度.
    pub fn seireki(self) -> String {
        format!("{}年度", self.0)
    }
}

pub(crate) fn era_year_label(n: u16) -> String {
    if n == 1 {
        "元".to_string()
    } else {
        n.to_string()
    }
}

impl fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.wareki())
    }
}

/// Reads the number after an era name: `元`, `3`, `31`. Returns the number and the rest.
fn era_number(s: &str) -> Option<(u16, &str)> {
    if let Some(rest) = s.strip_prefix('元') {
        return Some((1, rest));
    }
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    let n: u16 = digits.parse().ok()?;
    Some((n, &s[digits.len()..]))
}

/// Parses an era-qualified year such as `令和3`, `R3`, `平成31`, returning the calendar year
/// of the numbered year and what follows.
pub(crate) fn parse_era_year(s: &str) -> Option<(u16, &str)> {
    for era in Era::ALL {
        let rest = s
            .strip_prefix(era.name())
            .or_else(|| s.strip_prefix(era.latin()))
            .or_else(|| s.strip_prefix(era.latin().to_ascii_lowercase()));
        if let Some(rest) = rest {
            let (n, rest) = era_number(rest.trim_start())?;
            if n == 0 {
                return None;
            }
            return Some((era.base() + n - 1, rest));
        }
    }
    None
}

impl FromStr for FiscalYear {
    type Err = YearParseError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let err = || YearParseError {
            input: input.to_string(),
        };
        let s = super::format::to_ascii(input.trim());
        let s = s.trim();
        let (year, rest) = if let Some(found) = parse_era_year(s) {
            found
        } else {
            let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
            if digits.len() != 4 {
                return Err(err());
            }
            (digits.parse().map_err(|_| err())?, &s[4..])
        };
        match rest.trim() {
            "" | "年度" | "年" => FiscalYear::new(year).ok_or_else(err),
            _ => Err(err()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fy(s: &str) -> u16 {
        s.parse::<FiscalYear>()
            .unwrap_or_else(|e| panic!("{s}: {e}"))
            .start_year()
    }

    #[test]
    fn reads_every_way_the_office_writes_a_year() {
        for s in [
            "2021",
            "R3",
            "r3",
            "令和3",
            "令和3年度",
            "令和３年度",
            "Ｒ３",
            "２０２１",
            "2021年度",
            " 令和 3 年度 ",
        ] {
            assert_eq!(fy(s), 2021, "{s}");
        }
    }

    #[test]
    fn first_year_of_an_era_is_gannen() {
        assert_eq!(fy("令和元年度"), 2019);
        assert_eq!(fy("令和1年度"), 2019);
        assert_eq!(fy("平成31年度"), 2019);
        assert_eq!(fy("平成32年度"), 2020);
        assert_eq!(fy("平成元年度"), 1989);
        assert_eq!(fy("H26"), 2014);
        assert_eq!(fy("平成２６年度"), 2014);
    }

    #[test]
    fn prints_wareki_and_seireki() {
        let y = FiscalYear::new(2019).unwrap();
        assert_eq!(y.wareki(), "令和元年度");
        assert_eq!(y.code(), "R1");
        assert_eq!(FiscalYear::new(2021).unwrap().wareki(), "令和3年度");
        assert_eq!(FiscalYear::new(2021).unwrap().seireki(), "2021年度");
        assert_eq!(FiscalYear::new(2014).unwrap().wareki(), "平成26年度");
        assert_eq!(fy("平成31年度"), fy("令和元年度"));
    }

    #[test]
    fn rejects_what_is_not_a_year() {
        for s in [
            "",
            "令和",
            "令和0年度",
            "R",
            "21",
            "令和3年度分",
            "三年",
            "99999",
            "0999",
            "令和三年度",
        ] {
            let e = s.parse::<FiscalYear>().unwrap_err();
            assert!(e.to_string().contains("年度として読めません"), "{s}");
        }
    }
}

#[cfg(test)]
mod date_tests {
    use super::*;

    #[test]
    fn era_of_a_date_changes_on_its_first_day() {
        assert_eq!(Era::of_date(2019, 4, 30).name(), "平成");
        assert_eq!(Era::of_date(2019, 5, 1).name(), "令和");
        assert_eq!(Era::of_date(1989, 1, 8).name(), "平成");
    }
}
