//! The report date: a calendar day, read once (from `--date` or SOURCE_DATE_EPOCH) and carried
//! as a value to every renderer, which prints it in 和暦 (令和4年6月1日) or as a timestamp. Never
//! the clock: the same inputs must give the same bytes.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::fiscal_year::{era_year_label, Era};
use super::FiscalYear;

/// A day of the Gregorian calendar, as the city dates its documents (Japan Standard Time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReportDate {
    year: u16,
    month: u8,
    day: u8,
}

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateParseError(String);

impl fmt::Display for DateParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "日付「{}」が読めません。2022-06-01 のように 年-月-日 で書いてください",
            self.0
        )
    }
}

impl std::error::Error for DateParseError {}

impl ReportDate {
    /// None for a day that does not exist (2022-02-30) or a year outside 1900–2200, which can
    /// only be a typing mistake in a report's date.
    pub fn new(year: u16, month: u8, day: u8) -> Option<ReportDate> {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        ((1900..=2200).contains(&year) && (1..=days).contains(&day)).then_some(ReportDate {
            year,
            month,
            day,
        })
    }

    /// The day a moment falls on in Japan (UTC+9), from seconds since the Unix epoch
    /// (SOURCE_DATE_EPOCH).
    pub fn from_unix_seconds(secs: i64) -> Option<ReportDate> {
        let (y, m, d) = civil_from_days((secs + 9 * 3_600).div_euclid(86_400));
        ReportDate::new(u16::try_from(y).ok()?, m, d)
    }

    /// The date a report gets when none is given: 1 April after the fiscal year, when the
    /// year's results are complete.
    pub fn after_fiscal_year(year: FiscalYear) -> ReportDate {
        ReportDate {
            year: year.start_year() + 1,
            month: 4,
            day: 1,
        }
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// 令和4年6月1日: the era in force on the day (令和 from 2019-05-01).
    pub fn wareki(self) -> String {
        let era = Era::of_date(self.year, self.month, self.day);
        format!(
            "{}{}年{}月{}日",
            era.name(),
            era_year_label(self.year - era.first_year() + 1),
            self.month,
            self.day
        )
    }

    /// Midnight of the day in Japan, in seconds since the Unix epoch.
    pub fn unix_seconds(self) -> i64 {
        days_from_civil(
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        ) * 86_400
            - 9 * 3_600
    }
}

impl fmt::Display for ReportDate {
    /// ISO 8601 (2022-06-01), the form `--date` takes and report.json keeps.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for ReportDate {
    type Err = DateParseError;

    /// 2022-06-01 or 2022/6/1, in ASCII or full-width digits.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || DateParseError(s.to_string());
        let ascii = super::format::to_ascii(s.trim());
        let parts: Vec<&str> = ascii.split(['-', '/', '－', '／']).collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(bad());
        };
        let (y, m, d) = (
            y.parse::<u16>().map_err(|_| bad())?,
            m.parse::<u8>().map_err(|_| bad())?,
            d.parse::<u8>().map_err(|_| bad())?,
        );
        ReportDate::new(y, m, d).ok_or_else(bad)
    }
}

impl Serialize for ReportDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ReportDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (Howard Hinnant's
/// algorithm), so dates need no time-zone database.
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// (year, month, day) → days since 1970-01-01, the inverse of `civil_from_days`.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> ReportDate {
        s.parse().unwrap()
    }

    #[test]
    fn dates_print_in_their_era() {
        assert_eq!(date("2022-06-01").wareki(), "令和4年6月1日");
        assert_eq!(date("2019-04-30").wareki(), "平成31年4月30日");
        assert_eq!(date("2019-05-01").wareki(), "令和元年5月1日");
        assert_eq!(date("２０２２／６／１").to_string(), "2022-06-01");
    }

    #[test]
    fn impossible_days_are_refused() {
        for s in [
            "2022-02-30",
            "2022-13-01",
            "1800-01-01",
            "令和4年",
            "2022-6",
            "",
        ] {
            let e = s.parse::<ReportDate>().unwrap_err();
            assert!(e.to_string().contains("2022-06-01 のように"), "{s}");
        }
        assert!(ReportDate::new(2024, 2, 29).is_some());
        assert!(ReportDate::new(2100, 2, 29).is_none());
    }

    #[test]
    fn timestamps_are_japan_standard_time() {
        // 2022-06-01 00:00 JST = 2022-05-31 15:00 UTC.
        assert_eq!(date("2022-06-01").unix_seconds(), 1_654_009_200);
        assert_eq!(
            ReportDate::from_unix_seconds(1_654_009_200),
            Some(date("2022-06-01"))
        );
        // 2022-05-31 16:00 UTC is already 1 June in Japan.
        assert_eq!(
            ReportDate::from_unix_seconds(1_654_012_800),
            Some(date("2022-06-01"))
        );
        assert_eq!(ReportDate::from_unix_seconds(0), Some(date("1970-01-01")));
        let fy = FiscalYear::new(2021).unwrap();
        assert_eq!(ReportDate::after_fiscal_year(fy), date("2022-04-01"));
    }

    #[test]
    fn json_keeps_the_iso_form() {
        let d = date("2022-06-01");
        let j = serde_json::to_string(&d).unwrap();
        assert_eq!(j, "\"2022-06-01\"");
        assert_eq!(serde_json::from_str::<ReportDate>(&j).unwrap(), d);
    }
}
