//! Instants and civil dates without a clock.
//!
//! The engine never reads a clock: every instant comes in as milliseconds since the Unix
//! epoch (UTC), with the shopper's UTC offset in minutes where a local calendar date matters
//! (birthdays, anniversaries). This module parses the two textual forms the engine accepts
//! (RFC 3339 timestamps and `YYYY-MM-DD` / `MM-DD` dates) and does the calendar arithmetic
//! on proleptic Gregorian dates.

use std::fmt;

use thiserror::Error;

/// Milliseconds since 1970-01-01T00:00:00Z.
pub type Millis = i64;

/// One day in milliseconds.
pub const DAY: Millis = 86_400_000;
/// One hour in milliseconds.
pub const HOUR: Millis = 3_600_000;
/// One minute in milliseconds.
pub const MINUTE: Millis = 60_000;

/// The earliest instant the engine accepts (year 1970).
pub const MIN_INSTANT: Millis = 0;
/// The latest instant the engine accepts (start of year 9999); later values are rejected as
/// nonsense rather than carried into arithmetic.
pub const MAX_INSTANT: Millis = 253_370_764_800_000;

/// Why a date or timestamp could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TimeError {
    /// The text does not have the expected shape.
    #[error("expected {expected}, got {got:?}")]
    Shape {
        /// What the parser expected, in words.
        expected: &'static str,
        /// The text it got (shortened).
        got: String,
    },
    /// The fields are in range syntactically but name no real date or time.
    #[error("{0:?} is not a real date or time")]
    OutOfRange(String),
}

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2026.
    pub year: i32,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of month, 1 to 31.
    pub day: u8,
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A month and day without a year (a birthday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MonthDay {
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of month, 1 to 31 (29 February allowed).
    pub day: u8,
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` of `year`.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// A checked date.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before). Howard Hinnant's `days_from_civil`.
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01. Howard Hinnant's `civil_from_days`.
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The local calendar date of an instant, for a shopper `offset_min` minutes east of UTC.
    pub fn of_instant(at: Millis, offset_min: i32) -> Date {
        let local = at + i64::from(offset_min) * MINUTE;
        Date::from_days(local.div_euclid(DAY))
    }

    /// This month-day in `year`; 29 February falls on 28 February in common years.
    pub fn month_day_in(md: MonthDay, year: i32) -> Date {
        let day = md.day.min(days_in_month(year, md.month));
        Date {
            year,
            month: md.month,
            day,
        }
    }

    /// The month and day of this date.
    pub fn month_day(self) -> MonthDay {
        MonthDay {
            month: self.month,
            day: self.day,
        }
    }
}

fn shape(expected: &'static str, got: &str) -> TimeError {
    TimeError::Shape {
        expected,
        got: got.chars().take(40).collect(),
    }
}

fn digits(s: &str, expected: &'static str, whole: &str) -> Result<u32, TimeError> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(shape(expected, whole));
    }
    s.parse().map_err(|_| shape(expected, whole))
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<Date, TimeError> {
    const WHAT: &str = "a date as YYYY-MM-DD";
    let s = s.trim();
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(shape(WHAT, s));
    }
    let year = digits(&s[0..4], WHAT, s)? as i32;
    let month = digits(&s[5..7], WHAT, s)? as u8;
    let day = digits(&s[8..10], WHAT, s)? as u8;
    Date::new(year, month, day).ok_or_else(|| TimeError::OutOfRange(s.to_string()))
}

/// Parses a birthday given as `MM-DD` or `YYYY-MM-DD` (the year is dropped).
pub fn parse_month_day(s: &str) -> Result<MonthDay, TimeError> {
    const WHAT: &str = "a birthday as MM-DD or YYYY-MM-DD";
    let s = s.trim();
    if s.len() == 10 {
        return parse_date(s).map(Date::month_day).map_err(|e| match e {
            TimeError::Shape { got, .. } => TimeError::Shape {
                expected: WHAT,
                got,
            },
            other => other,
        });
    }
    let b = s.as_bytes();
    if b.len() != 5 || b[2] != b'-' {
        return Err(shape(WHAT, s));
    }
    let month = digits(&s[0..2], WHAT, s)? as u8;
    let day = digits(&s[3..5], WHAT, s)? as u8;
    // 2000 is a leap year, so 02-29 is accepted.
    Date::new(2000, month, day)
        .map(Date::month_day)
        .ok_or_else(|| TimeError::OutOfRange(s.to_string()))
}

/// Parses an RFC 3339 timestamp (`2026-03-01T10:00:00Z`, fractional seconds and numeric
/// offsets allowed; a lowercase `t`/`z` or a space separator too, as RFC 3339 permits).
/// A bare `YYYY-MM-DD` is read as midnight UTC.
pub fn parse_instant(s: &str) -> Result<Millis, TimeError> {
    const WHAT: &str = "an RFC 3339 timestamp like 2026-03-01T10:00:00Z";
    let s = s.trim();
    if s.len() == 10 {
        return parse_date(s)
            .map(|d| d.to_days() * DAY)
            .and_then(check_range(s));
    }
    if s.len() < 20 || !s.is_char_boundary(10) || !s.is_char_boundary(19) {
        return Err(shape(WHAT, s));
    }
    let date = parse_date(&s[..10]).map_err(|e| match e {
        TimeError::Shape { .. } => shape(WHAT, s),
        other => other,
    })?;
    let b = s.as_bytes();
    if !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return Err(shape(WHAT, s));
    }
    let hour = digits(&s[11..13], WHAT, s)?;
    let minute = digits(&s[14..16], WHAT, s)?;
    let second = digits(&s[17..19], WHAT, s)?;
    if hour > 23 || minute > 59 || second > 60 {
        return Err(TimeError::OutOfRange(s.to_string()));
    }
    let mut rest = &s[19..];
    let mut millis = 0i64;
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return Err(shape(WHAT, s));
        }
        let mut ms = 0i64;
        for (i, d) in frac[..n].bytes().enumerate().take(3) {
            ms += i64::from(d - b'0') * 10i64.pow(2 - i as u32);
        }
        millis = ms;
        rest = &frac[n..];
    }
    let offset_min: i64 = match rest {
        "Z" | "z" => 0,
        _ if rest.len() == 6
            && matches!(rest.as_bytes()[0], b'+' | b'-')
            && rest.as_bytes()[3] == b':' =>
        {
            let h = i64::from(digits(&rest[1..3], WHAT, s)?);
            let m = i64::from(digits(&rest[4..6], WHAT, s)?);
            if h > 23 || m > 59 {
                return Err(TimeError::OutOfRange(s.to_string()));
            }
            let sign = if rest.starts_with('-') { -1 } else { 1 };
            sign * (h * 60 + m)
        }
        _ => return Err(shape(WHAT, s)),
    };
    let secs = date.to_days() * 86_400
        + i64::from(hour) * 3600
        + i64::from(minute) * 60
        + i64::from(second.min(59));
    check_range(s)(secs * 1000 + millis - offset_min * MINUTE)
}

fn check_range(s: &str) -> impl Fn(Millis) -> Result<Millis, TimeError> + '_ {
    move |ms| {
        if (MIN_INSTANT..=MAX_INSTANT).contains(&ms) {
            Ok(ms)
        } else {
            Err(TimeError::OutOfRange(s.to_string()))
        }
    }
}

/// Formats an instant as RFC 3339 in UTC with second precision.
pub fn format_instant(at: Millis) -> String {
    let d = Date::from_days(at.div_euclid(DAY));
    let secs = at.rem_euclid(DAY) / 1000;
    format!(
        "{d}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

/// Whole days from `from` to `to` (floor), never negative: a clock that went backwards
/// reads as "no time has passed".
pub fn days_between(from: Millis, to: Millis) -> i64 {
    (to - from).max(0) / DAY
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn ok_epoch_and_known_dates() {
        assert_eq!(Date::new(1970, 1, 1).unwrap().to_days(), 0);
        assert_eq!(Date::new(2000, 3, 1).unwrap().to_days(), 11_017);
        assert_eq!(Date::from_days(20_513), Date::new(2026, 3, 1).unwrap());
    }

    #[test]
    fn ok_parse_instant_forms() {
        assert_eq!(parse_instant("1970-01-01T00:00:00Z"), Ok(0));
        assert_eq!(parse_instant("1970-01-01T01:00:00+01:00"), Ok(0));
        assert_eq!(parse_instant("1970-01-01t00:00:01.5z"), Ok(1500));
        assert_eq!(parse_instant("1970-01-02"), Ok(DAY));
        assert_eq!(
            format_instant(parse_instant("2026-11-22T15:04:05Z").unwrap()),
            "2026-11-22T15:04:05Z"
        );
    }

    #[test]
    fn err_bad_instants() {
        insta::assert_snapshot!(parse_instant("yesterday").unwrap_err(), @r#"expected an RFC 3339 timestamp like 2026-03-01T10:00:00Z, got "yesterday""#);
        insta::assert_snapshot!(parse_instant("2026-02-30T00:00:00Z").unwrap_err(), @r#""2026-02-30" is not a real date or time"#);
        assert!(parse_instant("2026-01-01T25:00:00Z").is_err());
        assert!(parse_instant("2026-01-01T10:00:00").is_err());
        assert!(parse_instant("2026-01-01T10:00:00é").is_err());
        assert!(parse_instant("99999-01-01T00:00:00Z").is_err());
    }

    #[test]
    fn ok_birthdays() {
        assert_eq!(parse_month_day("02-29"), Ok(MonthDay { month: 2, day: 29 }));
        assert_eq!(
            parse_month_day("1990-07-14"),
            Ok(MonthDay { month: 7, day: 14 })
        );
        assert_eq!(
            Date::month_day_in(MonthDay { month: 2, day: 29 }, 2027),
            Date::new(2027, 2, 28).unwrap()
        );
    }

    #[test]
    fn err_bad_birthday() {
        insta::assert_snapshot!(parse_month_day("13-01").unwrap_err(), @r#""13-01" is not a real date or time"#);
        insta::assert_snapshot!(parse_month_day("July 4").unwrap_err(), @r#"expected a birthday as MM-DD or YYYY-MM-DD, got "July 4""#);
    }

    proptest! {
        #[test]
        fn days_round_trip(days in -1_000_000i64..3_000_000) {
            prop_assert_eq!(Date::from_days(days).to_days(), days);
        }

        #[test]
        fn instant_round_trip(secs in 0i64..253_370_764_799) {
            let at = secs * 1000;
            prop_assert_eq!(parse_instant(&format_instant(at)), Ok(at));
        }
    }
}
