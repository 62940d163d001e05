//! Calendar dates as schools write them: a day (`2025-09-10`) or a month (`2026-09`).
//!
//! A month-only date means "some time in that month", so it falls due at the month's
//! end. A term ("Autumn 2026", as policy headers write review dates) falls due on the
//! day that term ends: by default 19 December, 31 March and 22 July, or the school's own
//! `term_ends:`. Today's date comes from the clock, or from `POLICYPRESS_TODAY` so that tests and
//! CI runs see a fixed day.

use std::cmp::Ordering;
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

const MONTHS: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/// A day, or a whole month when `day` is `None`; a term is the day it ends, named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    pub(crate) year: i32,
    pub(crate) month: u32,
    pub(crate) day: Option<u32>,
    /// Set when the date was written as a term: it is shown so, and falls due at its end.
    pub(crate) term: Option<Term>,
}

/// The three terms of a school year in the UK, in the order a calendar year meets them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Term {
    Spring,
    Summer,
    Autumn,
}

impl Term {
    const ALL: [Term; 3] = [Term::Spring, Term::Summer, Term::Autumn];

    fn name(self) -> &'static str {
        match self {
            Term::Spring => "Spring",
            Term::Summer => "Summer",
            Term::Autumn => "Autumn",
        }
    }
}

/// The (month, day) each term ends on; a review due in a term is due by then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermEnds {
    pub spring: (u32, u32),
    pub summer: (u32, u32),
    pub autumn: (u32, u32),
}

/// Near enough for England and Wales in most years; a school whose terms end otherwise
/// says so in `term_ends:`.
impl Default for TermEnds {
    fn default() -> TermEnds {
        TermEnds { spring: (3, 31), summer: (7, 22), autumn: (12, 19) }
    }
}

impl TermEnds {
    fn of(&self, term: Term) -> (u32, u32) {
        match term {
            Term::Spring => self.spring,
            Term::Summer => self.summer,
            Term::Autumn => self.autumn,
        }
    }

    /// A term's last day as a school writes it: "19 December" or `12-19`.
    pub fn parse_day(text: &str) -> Result<(u32, u32), String> {
        let text = text.trim();
        let bad = || format!("`{text}` is not a day of the year: write, e.g., `19 December`");
        let (month, day) = match text.split_once(' ') {
            Some((day, month)) => {
                let month = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(month.trim())).ok_or_else(bad)? as u32 + 1;
                (month, day.trim().parse::<u32>().map_err(|_| bad())?)
            }
            None => {
                let (month, day) = text.split_once('-').ok_or_else(bad)?;
                (month.parse::<u32>().map_err(|_| bad())?, day.parse::<u32>().map_err(|_| bad())?)
            }
        };
        // A leap year's 29 February is allowed: a term may end then in some years.
        if (1..=12).contains(&month) && (1..=days_in_month(2024, month)).contains(&day) { Ok((month, day)) } else { Err(bad()) }
    }
}

impl Date {
    /// Parses `YYYY-MM-DD` or `YYYY-MM`, checking that the day exists in that month, or
    /// a term, "Autumn 2026" (also "autumn term 2026"), ending when terms end by default.
    pub fn parse(text: &str) -> Result<Date, String> {
        let text = text.trim();
        let bad = || format!("`{text}` is not a date: write 2025-09-10 (a day), 2025-09 (a month) or Autumn 2025 (a term)");
        if let Some(term) = Term::ALL.into_iter().find(|t| text.get(..t.name().len()).is_some_and(|w| w.eq_ignore_ascii_case(t.name()))) {
            let rest = text[term.name().len()..].trim_start();
            let rest = rest.get(..4).filter(|w| w.eq_ignore_ascii_case("term")).map_or(rest, |_| rest[4..].trim_start());
            let year: i32 = rest.parse().ok().filter(|_| rest.len() == 4).ok_or_else(bad)?;
            return Ok(Date { year, month: 1, day: Some(1), term: Some(term) }.with_term_ends(&TermEnds::default()));
        }
        // A term misspelt ("Autum 2027"): say which was meant.
        if let Some((word, rest)) = text.split_once(char::is_whitespace)
            && let Some(term) =
                Term::ALL.into_iter().find(|t| strsim::damerau_levenshtein(&word.to_lowercase(), &t.name().to_lowercase()) <= 2)
        {
            return Err(format!("`{text}` is not a date: did you mean `{} {}`?", term.name(), rest.trim()));
        }
        let mut parts = text.split('-');
        let year = parts.next().filter(|p| p.len() == 4).ok_or_else(bad)?;
        let month = parts.next().filter(|p| p.len() == 2).ok_or_else(bad)?;
        let day = parts.next();
        if parts.next().is_some() {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let month: u32 = month.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) {
            return Err(format!("`{text}`: there is no month {month}"));
        }
        let day = match day {
            None => None,
            Some(d) if d.len() == 2 => {
                let d: u32 = d.parse().map_err(|_| bad())?;
                if d == 0 || d > days_in_month(year, month) {
                    return Err(format!("`{text}`: {} {year} has no day {d}", MONTHS[month as usize - 1]));
                }
                Some(d)
            }
            Some(_) => return Err(bad()),
        };
        Ok(Date { year, month, day, term: None })
    }

    /// A term date moved to the day `ends` says its term ends; any other date as it is.
    pub(crate) fn with_term_ends(self, ends: &TermEnds) -> Date {
        let Some(term) = self.term else { return self };
        let (month, day) = ends.of(term);
        Date { month, day: Some(day.min(days_in_month(self.year, month))), ..self }
    }

    /// The day `year`-`month`-`day`, if that day exists.
    pub(crate) fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        ((1..=12).contains(&month) && (1..=days_in_month(year, month)).contains(&day)).then_some(Date {
            year,
            month,
            day: Some(day),
            term: None,
        })
    }

    /// The last day this date covers: itself, or the month's last day.
    pub(crate) fn last_day(self) -> Date {
        Date { day: Some(self.day.unwrap_or_else(|| days_in_month(self.year, self.month))), ..self }
    }

    /// This date moved on by whole months, clamping the day to the new month's length.
    pub(crate) fn add_months(self, months: u32) -> Date {
        let index = self.year * 12 + self.month as i32 - 1 + months as i32;
        let (year, month) = (index.div_euclid(12), index.rem_euclid(12) as u32 + 1);
        let day = self.day.map(|d| d.min(days_in_month(year, month)));
        // A term a whole number of years on is the same term; otherwise it is just a day.
        Date { year, month, day, term: self.term.filter(|_| months.is_multiple_of(12)) }
    }

    /// The term `terms` after this one, if this is a term.
    pub(crate) fn terms_on(self, terms: u32) -> Option<Date> {
        let term = self.term?;
        let index = self.year as i64 * 3 + Term::ALL.iter().position(|t| *t == term)? as i64 + i64::from(terms);
        let next = Term::ALL[index.rem_euclid(3) as usize];
        let year = i32::try_from(index.div_euclid(3)).ok()?;
        Some(Date { year, month: 1, day: Some(1), term: Some(next) }.with_term_ends(&TermEnds::default()))
    }

    /// Today, from `POLICYPRESS_TODAY` when set (for repeatable runs) or the system clock.
    pub fn today() -> Date {
        if let Some(date) = std::env::var("POLICYPRESS_TODAY").ok().and_then(|t| Date::parse(&t).ok()) {
            return date;
        }
        let secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        from_days((secs / 86_400) as i64)
    }

    /// Days since 1970-01-01 of the last day this date covers.
    pub(crate) fn days(self) -> i64 {
        let last = self.last_day();
        days_from_civil(last.year, last.month, last.day.unwrap_or(1))
    }

    /// The day `days` after 1970-01-01.
    pub(crate) fn from_days(days: i64) -> Date {
        from_days(days)
    }

    /// `2025-09-10` or `2025-09`, as written in school.yaml.
    pub(crate) fn iso(self) -> String {
        match self.day {
            Some(d) => format!("{:04}-{:02}-{d:02}", self.year, self.month),
            None => format!("{:04}-{:02}", self.year, self.month),
        }
    }
}

impl Ord for Date {
    fn cmp(&self, other: &Self) -> Ordering {
        // A month covers its last day, so it sorts after that day: due "2026-09" is not overdue on 30 September.
        self.days().cmp(&other.days()).then(other.day.is_some().cmp(&self.day.is_some())).then(self.term.cmp(&other.term))
    }
}

impl PartialOrd for Date {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// "10 September 2025", "September 2026" or "Autumn term 2026": how a reader expects to see it.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(term) = self.term {
            return write!(f, "{} term {}", term.name(), self.year);
        }
        let month = MONTHS[self.month as usize - 1];
        match self.day {
            Some(d) => write!(f, "{d} {month} {}", self.year),
            None => write!(f, "{month} {}", self.year),
        }
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Templates see the readable form; `iso()` is there for machines.
impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 31,
    }
}

// Howard Hinnant's civil-calendar algorithms: exact for the proleptic Gregorian calendar.
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day: Some(day), term: None }
}

/// A school year, from September to the August after: "2025-26". The only place that
/// knows when a school year starts or how one is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AcademicYear {
    /// The calendar year it starts in: 2025 for 2025-26.
    pub start: i32,
}

impl AcademicYear {
    /// The school year `day` falls in.
    pub fn containing(day: Date) -> AcademicYear {
        AcademicYear { start: if day.month >= 9 { day.year } else { day.year - 1 } }
    }

    /// Reads "2025-26": two consecutive years, the second as two digits.
    pub fn parse(text: &str) -> Result<AcademicYear, String> {
        // The example is the year the school most likely meant: the one starting in the
        // first four digits written, else this one.
        let example = text
            .get(..4)
            .and_then(|year| year.parse::<i32>().ok())
            .map_or_else(|| AcademicYear::containing(Date::today()), |start| AcademicYear { start });
        let bad = || format!("`{text}` is not an academic year: write it as {example}");
        let (first, second) = text.split_once('-').ok_or_else(bad)?;
        let start: i32 = first.parse().ok().filter(|_| first.len() == 4).ok_or_else(bad)?;
        let end: i32 = second.parse().ok().filter(|_| second.len() == 2).ok_or_else(bad)?;
        if (start + 1) % 100 != end {
            return Err(bad());
        }
        Ok(AcademicYear { start })
    }

    /// The day it ended on (31 August), if that is before `today`.
    pub fn over_by(self, today: Date) -> Option<Date> {
        let last = Date { year: self.start + 1, month: 8, day: Some(31), term: None };
        (last < today).then_some(last)
    }

    /// The first of September it starts on: the date every document of the year carries,
    /// so the same wording gives the same bytes all year, whenever it is printed.
    pub(crate) fn first_day(self) -> Date {
        Date { year: self.start, month: 9, day: Some(1), term: None }
    }

    /// As printed on paper, with an en dash: "2025–26".
    pub(crate) fn printed(self) -> String {
        format!("{}\u{2013}{:02}", self.start, (self.start + 1) % 100)
    }
}

impl fmt::Display for AcademicYear {
    /// As written in a file or a command: "2025-26".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.start, (self.start + 1) % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_school_year_is_over_after_the_august_it_ends_in() {
        let year = AcademicYear::parse("2019-20").unwrap();
        let day = |text| Date::parse(text).unwrap();
        assert_eq!(year.over_by(day("2020-08-31")), None);
        assert_eq!(year.over_by(day("2020-07")), None);
        assert_eq!(year.over_by(day("2020-09-01")).map(|d| d.to_string()).as_deref(), Some("31 August 2020"));
    }

    #[test]
    fn parses_days_and_months() {
        assert_eq!(Date::parse("2025-09-10").unwrap().to_string(), "10 September 2025");
        assert_eq!(Date::parse("2026-09").unwrap().to_string(), "September 2026");
    }

    #[test]
    fn refuses_impossible_dates() {
        assert!(Date::parse("2025-02-29").unwrap_err().contains("no day 29"));
        assert!(Date::parse("2024-02-29").is_ok());
        assert!(Date::parse("2025-13").unwrap_err().contains("no month 13"));
        assert!(Date::parse("10/09/2025").is_err());
        assert!(Date::parse("2025-9-1").is_err());
    }

    #[test]
    fn a_term_falls_due_when_it_ends() {
        let autumn = Date::parse("Autumn 2026").unwrap();
        assert_eq!(autumn.to_string(), "Autumn term 2026");
        assert_eq!(autumn.iso(), "2026-12-19");
        assert_eq!(Date::parse("summer term 2027").unwrap().iso(), "2027-07-22");
        assert_eq!(Date::parse("SPRING 2027").unwrap().to_string(), "Spring term 2027");
        assert!(Date::parse("2026-12-18").unwrap() < autumn && autumn < Date::parse("2026-12-20").unwrap());
        for bad in ["Autumn", "Autumn 26", "Autumn term", "Autumnal 2026", "Winter 2026"] {
            assert!(Date::parse(bad).is_err(), "{bad}");
        }
        assert!(Date::parse("Autum 2027").unwrap_err().ends_with("did you mean `Autumn 2027`?"));
        assert!(Date::parse("Sumer term 2027").unwrap_err().ends_with("did you mean `Summer term 2027`?"));
        let ends = TermEnds { autumn: (TermEnds::parse_day("16 December").unwrap()), ..TermEnds::default() };
        assert_eq!(autumn.with_term_ends(&ends).iso(), "2026-12-16");
        assert_eq!(TermEnds::parse_day("07-18"), Ok((7, 18)));
        assert!(TermEnds::parse_day("31 February").is_err() && TermEnds::parse_day("Christmas").is_err());
        assert_eq!(autumn.terms_on(1).unwrap().to_string(), "Spring term 2027");
        assert_eq!(autumn.terms_on(4).unwrap().to_string(), "Spring term 2028");
        assert_eq!(Date::parse("2026-10-01").unwrap().terms_on(1), None);
        // A term a year on is the same term; six months on, a plain day.
        assert_eq!(autumn.add_months(12).to_string(), "Autumn term 2027");
        assert_eq!(autumn.add_months(6).to_string(), "19 June 2027");
    }

    #[test]
    fn a_month_falls_due_at_its_end() {
        let month = Date::parse("2026-09").unwrap();
        assert!(Date::parse("2026-09-30").unwrap() <= month);
        assert!(Date::parse("2026-10-01").unwrap() > month);
    }

    #[test]
    fn adds_months_across_years_and_short_months() {
        assert_eq!(Date::parse("2025-09-10").unwrap().add_months(12).iso(), "2026-09-10");
        assert_eq!(Date::parse("2025-01-31").unwrap().add_months(1).iso(), "2025-02-28");
        assert_eq!(Date::parse("2025-11").unwrap().add_months(3).iso(), "2026-02");
    }

    #[test]
    fn civil_day_round_trips() {
        for days in [-1000, 0, 19_000, 20_415, 40_000] {
            let d = from_days(days);
            assert_eq!(days_from_civil(d.year, d.month, d.day.unwrap()), days);
        }
        assert_eq!(from_days(20_415).iso(), "2025-11-23");
    }

    #[test]
    fn an_academic_year_starts_in_september_and_is_two_consecutive_years() {
        let on = |text: &str| AcademicYear::containing(Date::parse(text).expect("date")).to_string();
        assert_eq!(on("2026-08-31"), "2025-26");
        assert_eq!(on("2026-09-01"), "2026-27");
        assert_eq!(on("2099-12"), "2099-00");
        assert_eq!(AcademicYear::parse("2025-26").map(|y| y.start), Ok(2025));
        assert_eq!(AcademicYear::parse("2099-00").map(|y| y.start), Ok(2099));
        assert_eq!(AcademicYear { start: 2025 }.printed(), "2025\u{2013}26");
        assert_eq!(AcademicYear { start: 2025 }.first_day(), Date { year: 2025, month: 9, day: Some(1), term: None });
        for bad in ["2025", "2025-27", "25-26", "2025/26", "2025-2026", "abcd-ef"] {
            assert!(AcademicYear::parse(bad).is_err(), "{bad}");
        }
        // The help shows the year meant, not some other one.
        assert!(AcademicYear::parse("2026-2027").unwrap_err().ends_with("write it as 2026-27"));
    }
}
