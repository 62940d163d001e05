//! The returned-forms file: a CSV the school office types, or exports from its own
//! spreadsheet, with a row per form that came back.
//!
//! In: the file's bytes. Out: one [`ReturnedRow`] per non-blank row, with the name as
//! written, the form cell, the date and where each sits; or every [`Problem`] found
//! (one per bad row, so the office fixes them all in one go). Columns are found by
//! header, case- and punctuation-insensitive: a pupil column ("pupil", "name", "child",
//! "pupil name") or forename and surname columns; optionally a form column ("tier",
//! "agreement", "form"), a date column ("date", "returned", "date returned") and a class
//! column. Dates are read the way a UK office types them, day first (see [`parse_day`]).
//!
//! Like the roster, this file holds pupils' names, so no message made here quotes a cell.

use crate::date::Date;
use crate::text::csv::{self, Field, Problem, Record};

/// One row of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ReturnedRow {
    /// The line the row starts on, for messages.
    pub(crate) line: u32,
    pub(crate) name: WrittenName,
    /// The class as written, where the file has a class column and the cell is filled.
    pub(crate) class: Option<String>,
    /// The form cell as written (a tier id or an agreement's title), `None` when blank or
    /// when the file has no such column: the pupil's own agreement.
    pub(crate) form: Option<Cell>,
    pub(crate) returned: Returned,
}

/// A cell's trimmed text and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cell {
    pub(crate) text: String,
    pub(crate) line: u32,
    pub(crate) column: u32,
}

/// A pupil's name as the office typed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum WrittenName {
    /// One cell: "Zoë Łukasiewicz", or "Łukasiewicz, Zoë".
    Whole(String),
    /// Separate forename and surname cells (either may be blank).
    Parts { forename: String, surname: String },
}

/// Whether the row says the form is back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Returned {
    /// Back on this day.
    On(Date),
    /// Back, but no date was given: the file has no date column, or the cell says "yes".
    Undated,
    /// Not back: the date cell is blank or says "no", as in a spreadsheet that lists every
    /// pupil and fills in the date when the form arrives.
    No,
}

const WHAT: &str = "the returned-forms file";

/// Parses the returned-forms file.
pub(crate) fn parse_returned(bytes: &[u8]) -> Result<Vec<ReturnedRow>, Vec<Problem>> {
    let mut records = crate::text::table::records(bytes, WHAT).map_err(|p| vec![p])?.into_iter().filter(|r| !r.is_blank());
    let Some(header) = records.next() else {
        return Err(vec![Problem::whole_file(format!("{WHAT} is empty: it needs a header line (pupil, tier, date) and a line per form"))]);
    };
    let columns = Columns::from_header(&header).map_err(|p| vec![p])?;
    let (mut rows, mut problems) = (Vec::new(), Vec::new());
    for record in records {
        match columns.row(&record) {
            Ok(row) => rows.push(row),
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() { Ok(rows) } else { Err(problems) }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Name,
    Forename,
    Surname,
    Form,
    Date,
    Class,
}

impl Role {
    /// The role a header names. "form" is the agreement here, not the registration group
    /// as in a roster: on a list of returned forms, that is what an office means by it.
    fn of_header(header: &str) -> Option<Role> {
        let words: Vec<String> = csv::header_words(header)
            .into_iter()
            .filter(|w| !matches!(w.as_str(), "legal" | "preferred" | "pupil" | "pupils" | "child" | "childs" | "student" | "s" | "of"))
            .collect();
        // A header that was only "Pupil" or "Child" is the name column.
        if words.is_empty() {
            let plain = csv::header_words(header).concat();
            return matches!(plain.as_str(), "pupil" | "child" | "student" | "pupils" | "childs").then_some(Role::Name);
        }
        Some(match words.concat().as_str() {
            "name" | "fullname" | "names" => Role::Name,
            "forename" | "forenames" | "firstname" | "firstnames" | "givenname" => Role::Forename,
            "surname" | "surnames" | "lastname" | "familyname" => Role::Surname,
            "tier" | "agreement" | "form" | "formtype" | "agreementtier" | "agreementform" | "whichform" | "whichagreement" => Role::Form,
            "date" | "returned" | "datereturned" | "returnedon" | "returneddate" | "datesigned" | "signedon" | "received"
            | "datereceived" | "receivedon" => Role::Date,
            "class" | "classname" | "reggroup" | "registrationgroup" => Role::Class,
            _ => return None,
        })
    }
}

/// Which column holds what, found from the header line; the first of a repeated role wins.
struct Columns {
    name: Option<usize>,
    forename: Option<usize>,
    surname: Option<usize>,
    form: Option<usize>,
    date: Option<usize>,
    class: Option<usize>,
    width: usize,
}

impl Columns {
    fn from_header(header: &Record) -> Result<Columns, Problem> {
        let roles: Vec<Option<Role>> = header.fields.iter().map(|f| Role::of_header(&f.value)).collect();
        let find = |role| roles.iter().position(|r| *r == Some(role));
        let columns = Columns {
            name: find(Role::Name),
            forename: find(Role::Forename),
            surname: find(Role::Surname),
            form: find(Role::Form),
            date: find(Role::Date),
            class: find(Role::Class),
            width: header.fields.len(),
        };
        if columns.name.is_some() || (columns.forename.is_some() && columns.surname.is_some()) {
            return Ok(columns);
        }
        let needs = "a pupil column (\"Pupil\" or \"Name\"), or a forename and a surname column; then \"Tier\" and \"Date\" columns";
        Err(csv::header_problem(header, roles.iter().any(Option::is_some), "the file", "no pupil column", needs))
    }

    fn row(&self, record: &Record) -> Result<ReturnedRow, Problem> {
        let extra_is_blank = record.fields.iter().skip(self.width).all(|f| f.value.trim().is_empty());
        if !extra_is_blank {
            return Err(Problem::at(
                record.line,
                None,
                format!(
                    "this row has {} cells but the header line has {}; a name written \"Surname, Forename\" needs quotes around it",
                    record.fields.len(),
                    self.width
                ),
            ));
        }
        let cell = |index: Option<usize>| index.and_then(|i| record.fields.get(i)).filter(|f| !f.value.trim().is_empty());
        let text = |index: Option<usize>| cell(index).map_or_else(String::new, |f| f.value.trim().to_owned());
        let name = match self.name.and_then(|i| record.fields.get(i)).map(|f| f.value.trim()).filter(|v| !v.is_empty()) {
            Some(whole) => WrittenName::Whole(whole.to_owned()),
            None if self.forename.is_some() || self.surname.is_some() => {
                WrittenName::Parts { forename: text(self.forename), surname: text(self.surname) }
            }
            None => WrittenName::Whole(String::new()),
        };
        let unnamed = match &name {
            WrittenName::Whole(whole) => whole.is_empty(),
            WrittenName::Parts { forename, surname } => forename.is_empty() && surname.is_empty(),
        };
        if unnamed {
            return Err(Problem::at(record.line, None, "this row names no pupil"));
        }
        let returned = match self.date {
            None => Returned::Undated,
            Some(_) => match cell(self.date) {
                None => Returned::No,
                Some(field) => parse_returned_cell(field)?,
            },
        };
        Ok(ReturnedRow {
            line: record.line,
            name,
            class: cell(self.class).map(|f| f.value.trim().to_owned()),
            form: cell(self.form).map(|f| Cell { text: f.value.trim().to_owned(), line: f.line, column: f.column }),
            returned,
        })
    }
}

/// A date cell: a day, a plain yes or no, or an error naming the cell (never quoting it:
/// in a shifted row it could be a name).
fn parse_returned_cell(field: &Field) -> Result<Returned, Problem> {
    let value = field.value.trim();
    match value.to_lowercase().as_str() {
        "yes" | "y" | "x" | "✓" | "✔" | "returned" | "back" => return Ok(Returned::Undated),
        "no" | "n" | "-" | "not returned" => return Ok(Returned::No),
        _ => {}
    }
    parse_day(value).map(Returned::On).map_err(|why| Problem::at(field.line, Some(field.column), why))
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// A day as a UK office types it, day before month: `2025-09-12`, `12/09/2025`,
/// `12/9/25`, `12.09.2025`, `12-09-2025`, `12 Sep 2025`, `12th September 2025`,
/// `Fri 12 Sept 2025`. Two-digit years are 20xx. A spreadsheet's trailing time
/// (`12/09/2025 00:00`) is ignored. The error says what is wrong without repeating the
/// text.
pub(crate) fn parse_day(text: &str) -> Result<Date, String> {
    const HOW: &str = "write the day first, as 12/09/2025, 12 Sep 2025 or 2025-09-12";
    let text = strip_time(text.trim());
    let bad = || format!("the date is not one this reads; {HOW}");
    let parts: Vec<&str> = text.split(['/', '.', '-', ' ', ',']).filter(|p| !p.is_empty()).collect();
    let (year, month, day) = match parts.as_slice() {
        [y, m, d] if y.len() == 4 && is_number(y) && is_number(m) && is_number(d) => (number(y), number(m), number(d)),
        [d, m, y] if d.len() <= 2 && m.len() <= 2 && is_number(d) && is_number(m) && is_number(y) => (year_of(y), number(m), number(d)),
        // Day and month name, with an optional weekday before ("Fri 12 Sep 2025").
        [.., d, m, y] if is_number(y) => match (day_of(d), month_of(m)) {
            (Some(d), Some(m)) => (year_of(y), Some(m), Some(d)),
            _ => return Err(bad()),
        },
        _ => return Err(bad()),
    };
    let (Some(year), Some(month), Some(day)) = (year, month, day) else {
        return Err(bad());
    };
    let year = i32::try_from(year).map_err(|_| bad())?;
    if !(1..=12).contains(&month) {
        return Err(format!("the date has no month {month}; {HOW} (day first: 09/13/2025 is American)"));
    }
    Date::from_ymd(year, month, day).ok_or_else(|| format!("the date is a day that does not exist (day {day} of month {month}); {HOW}"))
}

/// The text without a trailing `hh:mm` or `hh:mm:ss`, as spreadsheets add to dates.
fn strip_time(text: &str) -> &str {
    match text.rsplit_once(' ') {
        Some((date, time)) if time.contains(':') && time.chars().all(|c| c.is_ascii_digit() || c == ':') => date.trim_end(),
        _ => text,
    }
}

fn is_number(text: &str) -> bool {
    !text.is_empty() && text.len() <= 4 && text.chars().all(|c| c.is_ascii_digit())
}

fn number(text: &str) -> Option<u32> {
    text.parse().ok()
}

/// A four-digit year, or a two-digit one in this century.
fn year_of(text: &str) -> Option<u32> {
    match text.len() {
        4 => number(text),
        2 => number(text).map(|y| 2000 + y),
        _ => None,
    }
}

/// "12", "12th", "1st", "22nd", "3rd".
fn day_of(text: &str) -> Option<u32> {
    let lower = text.to_lowercase();
    let digits = ["st", "nd", "rd", "th"].iter().find_map(|s| lower.strip_suffix(s)).unwrap_or(&lower);
    if is_number(digits) && digits.len() <= 2 { number(digits) } else { None }
}

/// "Sep", "Sept", "September", "sep." in any case.
fn month_of(text: &str) -> Option<u32> {
    let lower = text.trim_end_matches('.').to_lowercase();
    if lower.len() < 3 {
        return None;
    }
    let index = MONTHS.iter().position(|m| lower.starts_with(m))?;
    let full =
        ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"][index];
    (full.starts_with(&lower) || lower == "sept").then(|| u32::try_from(index + 1).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> String {
        parse_day(text).map(Date::iso).unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn dates_are_read_day_first_in_every_office_spelling() {
        for text in [
            "2025-09-12",
            "12/09/2025",
            "12/9/25",
            "12.09.2025",
            "12-09-2025",
            "12 Sep 2025",
            "12 September 2025",
            "12 sept 2025",
            "12th September 2025",
            "Fri 12 Sep 2025",
            "Friday, 12 September 2025",
            " 12/09/2025 00:00 ",
            "12/09/2025 09:30:00",
        ] {
            assert_eq!(day(text), "2025-09-12", "{text}");
        }
        assert_eq!(day("1/10/25"), "2025-10-01");
        assert_eq!(day("3rd Oct 2025"), "2025-10-03");
        assert_eq!(day("29/02/2028"), "2028-02-29");
    }

    #[test]
    fn impossible_and_american_dates_are_refused() {
        for text in ["09/13/2025", "31/09/2025", "29/02/2026", "12 Spt 2025", "12/09", "yesterday", "12/09/202", "Sep 12 2025", "0/09/2025"]
        {
            assert!(parse_day(text).is_err(), "{text}");
        }
        assert!(parse_day("09/13/2025").is_err_and(|e| e.contains("American")));
        assert!(!parse_day("Amara Quill").is_err_and(|e| e.contains("Amara")));
    }

    fn parse(text: &str) -> Result<Vec<ReturnedRow>, Vec<Problem>> {
        parse_returned(text.as_bytes())
    }

    #[test]
    fn columns_are_found_by_name_in_any_order() {
        let rows = parse("Date returned;Agreement;Pupil's name\n12/09/2025;ks1;\"Łukasiewicz; Zoë\"\n").unwrap_or_default();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].name, WrittenName::Whole("Łukasiewicz; Zoë".into()));
        assert_eq!(rows[0].form.as_ref().map(|c| (c.text.as_str(), c.column)), Some(("ks1", 12)));
        assert_eq!(rows[0].returned, Returned::On(Date { year: 2025, month: 9, day: Some(12), term: None }));
        let rows = parse("\u{feff}First name\tSurname\tForm\tClass\nBen\tAdams\t\tOak\n").unwrap_or_default();
        assert_eq!(rows[0].name, WrittenName::Parts { forename: "Ben".into(), surname: "Adams".into() });
        assert_eq!((rows[0].form.clone(), rows[0].class.as_deref(), rows[0].returned), (None, Some("Oak"), Returned::Undated));
    }

    #[test]
    fn a_blank_date_is_a_form_not_back() {
        let rows = parse("Pupil,Date\nBen Adams,\nZoë Ł,yes\nAmara Q,no\n").unwrap_or_default();
        let returned: Vec<Returned> = rows.iter().map(|r| r.returned).collect();
        assert_eq!(returned, [Returned::No, Returned::Undated, Returned::No]);
    }

    #[test]
    fn every_bad_row_is_reported_by_line_and_column_without_its_text() {
        let problems =
            parse("Pupil,Tier,Date\nBen Adams,ks1,31/09/2025\n,ks1,12/09/2025\nZed Quill,ks2,13/13/25\nAl,B,ks1,1/9/25\n").unwrap_err();
        let places: Vec<(Option<u32>, Option<u32>)> = problems.iter().map(|p| (p.line, p.column)).collect();
        assert_eq!(places, [(Some(2), Some(15)), (Some(3), None), (Some(4), Some(15)), (Some(5), None)]);
        assert!(problems.iter().all(|p| !p.message.contains("Adams") && !p.message.contains("Quill")));
    }

    #[test]
    fn a_file_without_a_header_does_not_repeat_its_first_row() {
        let problems = parse("Ben Adams,ks1,12/09/2025\n").unwrap_err();
        assert!(problems[0].message.contains("not a header line") && !problems[0].message.contains("Adams"));
        let problems = parse("Tier,Date\nks1,12/09/2025\n").unwrap_err();
        assert!(problems[0].message.contains("has no pupil column"));
    }
}
