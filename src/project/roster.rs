//! The pupil roster: a CSV or Excel workbook exported from a school information system,
//! read into plain values for the name rules and the agreements.
//!
//! In: the bytes of a CSV (comma, semicolon or tab separated, detected from the header
//! line; UTF-8, UTF-16 with a BOM, or Windows-1252) or of an `.xlsx` workbook (its first
//! worksheet), read by [`crate::text::table`]. Out: one [`Pupil`] per row, or a
//! [`RosterError`] naming the line (a workbook's row) and column of the first problem.
//! Columns are found by header, so the export's column order and extra columns do not
//! matter.
//!
//! The roster is private. No message made here ever holds a pupil's name: an error about
//! a row names its line and the column's header, never the row's content, and an error
//! about the header line lists the header cells only when they are plainly headers.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::finding::{self, Finding, Span};
use crate::text::csv::{self, Field, Problem, Record};
use crate::text::table;

/// Every pupil in the roster, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Roster {
    pub(crate) pupils: Vec<Pupil>,
    /// Whether the rows say which school each pupil attends: a trust's roster, with a
    /// school column that is not blank throughout (see [`crate::project::trust`]).
    pub(crate) names_schools: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pupil {
    /// Legal and preferred forenames as written, without repeats; every one is a name.
    pub(crate) forenames: Vec<String>,
    /// Legal and preferred surnames as written, without repeats; every one is a name.
    pub(crate) surnames: Vec<String>,
    /// The year group as written ("Year 3", "Reception").
    pub(crate) year: String,
    /// The class or registration group as written ("3W", "Oak").
    pub(crate) class: String,
    /// Recorded photo consent; `None` where the roster leaves it blank.
    pub(crate) photo_consent: Option<bool>,
    /// The school as a trust's roster writes it (a name, short name, alias or URN);
    /// `None` without a school column, or where the cell is blank.
    pub(crate) school: Option<String>,
    /// The names printed on paper: legal and preferred, each where the roster has it.
    pub(crate) known_as: KnownAs,
    /// The line of the CSV the row starts on (a workbook's row number), for messages.
    pub(crate) line: u32,
}

/// A pupil's legal and preferred forename and surname, each the first the roster gives
/// in a column of that kind, whatever the columns' order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct KnownAs {
    pub(crate) legal_forename: Option<String>,
    pub(crate) legal_surname: Option<String>,
    pub(crate) preferred_forename: Option<String>,
    pub(crate) preferred_surname: Option<String>,
}

impl KnownAs {
    /// The forename and surname to print: the preferred ones where there are any, unless
    /// `legal` asks for the legal ones (each falls back on the other).
    pub(crate) fn printed(&self, legal: bool) -> (&str, &str) {
        (pick(legal, &self.preferred_forename, &self.legal_forename), pick(legal, &self.preferred_surname, &self.legal_surname))
    }
}

/// The preferred name, or the legal one when `legal` asks; each falls back on the other.
fn pick<'a>(legal: bool, preferred: &'a Option<String>, official: &'a Option<String>) -> &'a str {
    let (first, second) = if legal { (official, preferred) } else { (preferred, official) };
    first.as_deref().or(second.as_deref()).unwrap_or("")
}

/// Why the roster could not be read. `line` and `column` count from 1; the column
/// counts characters, as a text editor shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RosterError {
    pub(crate) path: PathBuf,
    pub(crate) line: Option<u32>,
    pub(crate) column: Option<u32>,
    pub(crate) message: String,
}

impl fmt::Display for RosterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for RosterError {}

/// The roster at `path`, or the `invalid-roster` finding that places its first problem
/// by line and column. The one way every command reads a roster: a roster line is a
/// pupil's name, so the finding is marked private and its line is placed, never quoted.
pub(crate) fn load_roster(root: &Path, path: &Path) -> Result<Roster, Box<Finding>> {
    Roster::load(path).map_err(|err| {
        let span = err.line.map(|line| Span { line, column: err.column.unwrap_or(1) });
        let mut finding = Finding::error(crate::finding::id::INVALID_ROSTER, &shown_path(root, path), span).message(err.message);
        finding.column = err.column;
        finding.private_file = true;
        let help = match err.line {
            Some(1) => "fix the first row, which names the columns, or export the roster again with its column names".to_owned(),
            Some(line) => format!("fix row {line}, or export the roster again from the school's information system"),
            None => "check the file given with --roster (or POLICYPRESS_ROSTER): it must be the pupil list exported from the school's \
                     information system"
                .to_owned(),
        };
        Box::new(finding.help(help))
    })
}

/// The roster's path as a finding names it: as given, or relative to the project when it
/// is inside it.
pub(crate) fn shown_path(root: &Path, path: &Path) -> PathBuf {
    let shown = finding::relative_to(&std::path::absolute(root).unwrap_or_default(), &std::path::absolute(path).unwrap_or_default());
    if shown.is_absolute() { path.to_path_buf() } else { shown }
}

/// Larger than any real school's roster by two orders of magnitude; a file this big is
/// not a pupil list, and refusing it keeps the name matcher's tables small.
const MAX_ROSTER_BYTES: u64 = 64 * 1024 * 1024;

/// No real name is this long; a longer cell is a column mix-up (an address, a note).
const MAX_NAME_CHARS: usize = 200;

impl Roster {
    /// Reads and parses the roster at `path`.
    pub(crate) fn load(path: &Path) -> Result<Roster, RosterError> {
        let error = |message: String| RosterError { path: path.to_path_buf(), line: None, column: None, message };
        let size = std::fs::metadata(path).map_err(|e| error(format!("cannot read the roster: {e}")))?.len();
        if size > MAX_ROSTER_BYTES {
            return Err(error(format!("the roster is {size} bytes, larger than any pupil list; is this the right file?")));
        }
        let bytes = std::fs::read(path).map_err(|e| error(format!("cannot read the roster: {e}")))?;
        Roster::parse(&bytes, path)
    }

    /// Parses roster text. `path` is only used in errors.
    pub fn parse(bytes: &[u8], path: &Path) -> Result<Roster, RosterError> {
        parse_roster(bytes).map_err(|p| RosterError { path: path.to_path_buf(), line: p.line, column: p.column, message: p.message })
    }
}

fn parse_roster(bytes: &[u8]) -> Result<Roster, Problem> {
    const EMPTY: &str = "the roster is empty: it needs a header line and one line per pupil";
    if bytes.is_empty() {
        return Err(Problem::whole_file(EMPTY));
    }
    let mut records = table::records(bytes, "the roster")?.into_iter().filter(|r| !r.is_blank());
    let Some(header) = records.next() else {
        return Err(Problem::whole_file(EMPTY));
    };
    let columns = Columns::from_header(&header)?;
    let pupils: Vec<Pupil> = records.map(|record| columns.pupil(&record)).collect::<Result<_, _>>()?;
    // A school column left blank on every row (a single school's export, as some systems
    // make it) says nothing, so the roster is read as one school's, as without the column.
    let names_schools = pupils.iter().any(|p| p.school.is_some());
    Ok(Roster { pupils, names_schools })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Forename,
    Surname,
    Year,
    Class,
    PhotoConsent,
    School,
}

impl Role {
    fn describe(self) -> &'static str {
        match self {
            Role::Forename => "forename",
            Role::Surname => "surname",
            Role::Year => "year",
            Role::Class => "class",
            Role::PhotoConsent => "photo consent",
            Role::School => "school",
        }
    }

    /// The role a header names, if any. Case, spaces and punctuation are ignored
    /// ("Legal_Forename", "legal forename", "Forename (legal)" all count), and so are
    /// the words that say which of several name columns this is.
    fn of_header(header: &str) -> Option<Role> {
        let words: Vec<String> = csv::header_words(header)
            .into_iter()
            .filter(|w| !matches!(w.as_str(), "legal" | "preferred" | "chosen" | "pupil" | "pupils" | "child" | "childs" | "student" | "s"))
            .collect();
        let key = words.concat();
        Some(match key.as_str() {
            "forename" | "forenames" | "firstname" | "firstnames" | "givenname" | "givennames" | "knownas" => Role::Forename,
            "surname" | "surnames" | "lastname" | "familyname" => Role::Surname,
            "year" | "yeargroup" | "ncyear" | "nationalcurriculumyear" | "curriculumyear" => Role::Year,
            "class" | "classname" | "form" | "formgroup" | "tutorgroup" | "reggroup" | "regform" | "registrationgroup"
            | "registrationform" => Role::Class,
            "photoconsent"
            | "photopermission"
            | "photopermissions"
            | "photographconsent"
            | "photographpermission"
            | "photoconsentgiven" => Role::PhotoConsent,
            "school" | "schoolname" | "establishment" | "establishmentname" | "academy" | "academyname" => Role::School,
            _ => return None,
        })
    }
}

/// Which column holds what, found from the header line.
struct Columns {
    roles: Vec<Option<Role>>,
    /// Whether each column holds a preferred name ("Preferred Forename", "Known As").
    preferred: Vec<bool>,
    width: usize,
}

/// True if a name column's header says it holds the name a pupil is known by.
fn is_preferred(header: &str) -> bool {
    let words = csv::header_words(header);
    words.iter().any(|w| matches!(w.as_str(), "preferred" | "chosen" | "known" | "knownas"))
}

impl Columns {
    fn from_header(header: &Record) -> Result<Columns, Problem> {
        let roles: Vec<Option<Role>> = header.fields.iter().map(|f| Role::of_header(&f.value)).collect();
        let missing: Vec<&str> = [Role::Forename, Role::Surname, Role::Year, Role::Class]
            .into_iter()
            .filter(|role| !roles.contains(&Some(*role)))
            .map(Role::describe)
            .collect();
        if missing.is_empty() {
            let preferred = header.fields.iter().map(|f| is_preferred(&f.value)).collect();
            return Ok(Columns { roles, preferred, width: header.fields.len() });
        }
        let needs = "a forename, surname, year and class column (photo consent and school are optional)";
        let lacks = format!("no {} column", missing.join(", no "));
        Err(csv::header_problem(header, roles.iter().any(Option::is_some), "the roster", &lacks, needs))
    }

    fn pupil(&self, record: &Record) -> Result<Pupil, Problem> {
        let count = record.fields.len();
        let extra_is_blank = record.fields.iter().skip(self.width).all(|f| f.value.trim().is_empty());
        if count < self.width || !extra_is_blank {
            return Err(Problem::at(
                record.line,
                None,
                format!(
                    "this row has {count} cells but the header line has {}; check for a separator inside an unquoted cell, or text beyond the last column with a header",
                    self.width
                ),
            ));
        }
        let mut pupil = Pupil {
            forenames: Vec::new(),
            surnames: Vec::new(),
            year: String::new(),
            class: String::new(),
            photo_consent: None,
            school: None,
            known_as: KnownAs::default(),
            line: record.line,
        };
        let (mut year, mut class, mut consent, mut school) = (None, None, None, None);
        for ((field, role), &preferred) in record.fields.iter().zip(&self.roles).zip(&self.preferred) {
            let value = field.value.trim();
            let known_as = &mut pupil.known_as;
            let first = |slot: &mut Option<String>| {
                if slot.is_none() && !value.is_empty() {
                    *slot = Some(value.to_owned());
                }
            };
            match (role, preferred) {
                (Some(Role::Forename), true) => first(&mut known_as.preferred_forename),
                (Some(Role::Forename), false) => first(&mut known_as.legal_forename),
                (Some(Role::Surname), true) => first(&mut known_as.preferred_surname),
                (Some(Role::Surname), false) => first(&mut known_as.legal_surname),
                _ => {}
            }
            match role {
                Some(Role::Forename) => add_name(&mut pupil.forenames, value, field, "forename")?,
                Some(Role::Surname) => add_name(&mut pupil.surnames, value, field, "surname")?,
                // Where a column is repeated, the first one holding a value wins.
                Some(Role::Year) if year.is_none() && !value.is_empty() => year = Some(value),
                Some(Role::Class) if class.is_none() && !value.is_empty() => class = Some(value),
                Some(Role::PhotoConsent) if consent.is_none() && !value.is_empty() => consent = Some((value, field)),
                Some(Role::School) if school.is_none() && !value.is_empty() => school = Some(value),
                _ => {}
            }
        }
        if pupil.forenames.is_empty() && pupil.surnames.is_empty() {
            return Err(Problem::at(record.line, None, "this row has neither a forename nor a surname"));
        }
        pupil.year = year.unwrap_or_default().to_owned();
        pupil.class = class.unwrap_or_default().to_owned();
        pupil.school = school.map(str::to_owned);
        if let Some((value, field)) = consent {
            pupil.photo_consent = Some(parse_consent(value).ok_or_else(|| {
                // The value is not repeated: in a shifted row it could be a name.
                Problem::at(field.line, Some(field.column), "the photo consent is not one of yes, no, y, n, true, false or blank")
            })?);
        }
        Ok(pupil)
    }
}

fn add_name(names: &mut Vec<String>, value: &str, field: &Field, what: &str) -> Result<(), Problem> {
    if value.is_empty() {
        return Ok(());
    }
    if value.chars().count() > MAX_NAME_CHARS {
        return Err(Problem::at(
            field.line,
            Some(field.column),
            format!("the {what} is longer than {MAX_NAME_CHARS} characters; is a column in the wrong place?"),
        ));
    }
    if !names.iter().any(|n| n == value) {
        names.push(value.to_owned());
    }
    Ok(())
}

fn parse_consent(value: &str) -> Option<bool> {
    match value.to_lowercase().as_str() {
        "yes" | "y" | "true" => Some(true),
        "no" | "n" | "false" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Roster, RosterError> {
        Roster::parse(text.as_bytes(), Path::new("roster.csv"))
    }

    #[test]
    fn header_words_are_matched_loosely() {
        assert_eq!(Role::of_header("Legal_Forename"), Some(Role::Forename));
        assert_eq!(Role::of_header("  FIRST NAME "), Some(Role::Forename));
        assert_eq!(Role::of_header("Forename (preferred)"), Some(Role::Forename));
        assert_eq!(Role::of_header("Pupil's Last Name"), Some(Role::Surname));
        assert_eq!(Role::of_header("NC Year"), Some(Role::Year));
        assert_eq!(Role::of_header("Reg. Group"), Some(Role::Class));
        assert_eq!(Role::of_header("photo-permission"), Some(Role::PhotoConsent));
        assert_eq!(Role::of_header("School Name"), Some(Role::School));
        assert_eq!(Role::of_header(" ESTABLISHMENT "), Some(Role::School));
        assert_eq!(Role::of_header("UPN"), None);
        assert_eq!(Role::of_header("Name"), None);
    }

    #[test]
    fn a_school_column_blank_throughout_is_one_school_s_roster() {
        let blank = parse("Forename,Surname,Year,Class,School\nAmara,Quill,Year 1,1A,\n").unwrap();
        assert!(!blank.names_schools);
        let named = parse("Forename,Surname,Year,Class,School\nAmara,Quill,Year 1,1A, The Alders \nIfan,Rowe,Year 1,1A,\n").unwrap();
        assert!(named.names_schools);
        let schools: Vec<Option<&str>> = named.pupils.iter().map(|p| p.school.as_deref()).collect();
        assert_eq!(schools, [Some("The Alders"), None]);
    }

    #[test]
    fn cr_only_line_endings_count_lines() {
        let err = parse("Forename,Surname,Year,Class\rAmara,Quill,Year 1,1A\r,,Year 1,1A\r").unwrap_err();
        assert_eq!(err.line, Some(3));
    }

    #[test]
    fn unterminated_quote_names_where_it_opened() {
        let err = parse("Forename,Surname,Year,Class\nAmara,\"Quill,Year 1,1A\n").unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(7)));
    }

    #[test]
    fn text_after_a_closing_quote_is_refused() {
        let err = parse("Forename,Surname,Year,Class\nAmara,\"Qu\"ill,Year 1,1A\n").unwrap_err();
        assert_eq!((err.line, err.column), (Some(2), Some(11)));
    }

    #[test]
    fn display_has_path_line_and_column() {
        let err = RosterError { path: "r.csv".into(), line: Some(3), column: Some(4), message: "bad".into() };
        assert_eq!(err.to_string(), "r.csv:3:4: bad");
        let err = RosterError { path: "r.csv".into(), line: None, column: None, message: "bad".into() };
        assert_eq!(err.to_string(), "r.csv: bad");
    }
}
