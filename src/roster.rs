//! The pupil roster: a CSV exported from a school information system, read into plain
//! values for the name rules and the agreements.
//!
//! In: the bytes of a CSV (comma, semicolon or tab separated, detected from the header
//! line; UTF-8 with or without a BOM). Out: one [`Pupil`] per row, or a [`RosterError`]
//! naming the line and column of the first problem. Columns are found by header, so the
//! export's column order and extra columns do not matter.
//!
//! The roster is private. No message made here ever holds a pupil's name: an error about
//! a row names its line and the column's header, never the row's content, and an error
//! about the header line lists the header cells only when they are plainly headers.

use std::fmt;
use std::path::{Path, PathBuf};

/// Every pupil in the roster, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roster {
    pub pupils: Vec<Pupil>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pupil {
    /// Legal and preferred forenames as written, without repeats; every one is a name.
    pub forenames: Vec<String>,
    /// Legal and preferred surnames as written, without repeats; every one is a name.
    pub surnames: Vec<String>,
    /// The year group as written ("Year 3", "Reception").
    pub year: String,
    /// The class or registration group as written ("3W", "Oak").
    pub class: String,
    /// Recorded photo consent; `None` where the roster leaves it blank.
    pub photo_consent: Option<bool>,
    /// The line of the CSV the row starts on, for messages.
    pub line: u32,
}

/// Why the roster could not be read. `line` and `column` count from 1; the column
/// counts characters, as a text editor shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterError {
    pub path: PathBuf,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
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

/// Larger than any real school's roster by two orders of magnitude; a file this big is
/// not a pupil list, and refusing it keeps the name matcher's tables small.
const MAX_ROSTER_BYTES: u64 = 64 * 1024 * 1024;

/// No real name is this long; a longer cell is a column mix-up (an address, a note).
const MAX_NAME_CHARS: usize = 200;

impl Roster {
    /// Reads and parses the roster at `path`.
    pub fn load(path: &Path) -> Result<Roster, RosterError> {
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

/// An error before the path is attached.
struct Problem {
    line: Option<u32>,
    column: Option<u32>,
    message: String,
}

impl Problem {
    fn at(line: u32, column: Option<u32>, message: impl Into<String>) -> Problem {
        Problem { line: Some(line), column, message: message.into() }
    }

    fn whole_file(message: impl Into<String>) -> Problem {
        Problem { line: None, column: None, message: message.into() }
    }
}

const SAVE_AS_UTF8: &str = "export it again as \"CSV UTF-8\" (in Excel: File, Save As, \"CSV UTF-8 (Comma delimited)\")";

fn parse_roster(bytes: &[u8]) -> Result<Roster, Problem> {
    let text = decode(bytes)?;
    let delimiter = detect_delimiter(text);
    let records = parse_records(text, delimiter)?;
    let mut records = records.into_iter().filter(|r| !r.is_blank());
    let Some(header) = records.next() else {
        return Err(Problem::whole_file("the roster is empty: it needs a header line and one line per pupil"));
    };
    let columns = Columns::from_header(&header)?;
    let pupils = records.map(|record| columns.pupil(&record)).collect::<Result<Vec<_>, _>>()?;
    Ok(Roster { pupils })
}

/// The text of the file, or why it is not UTF-8.
fn decode(bytes: &[u8]) -> Result<&str, Problem> {
    if bytes.is_empty() {
        return Err(Problem::whole_file("the roster is empty: it needs a header line and one line per pupil"));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Problem::whole_file(format!("the roster is UTF-16 text, not UTF-8; {SAVE_AS_UTF8}")));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(Problem::whole_file(format!("the roster is a spreadsheet workbook, not a CSV file; {SAVE_AS_UTF8}")));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // UTF-16 without a byte-order mark is valid UTF-8 (every other byte NUL), so it
    // has to be caught by its NULs rather than by the UTF-8 check.
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let (line, column) = position_of(bytes, nul);
        return Err(Problem::at(
            line,
            Some(column),
            format!("the roster holds a NUL byte, so it is UTF-16 text or not text at all; {SAVE_AS_UTF8}"),
        ));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = position_of(bytes, e.valid_up_to());
        Problem::at(
            line,
            Some(column),
            format!("the roster is not UTF-8 text (this byte is not UTF-8; it may be Windows-1252 or Latin-1); {SAVE_AS_UTF8}"),
        )
    })
}

/// Line and character column of byte `offset`, given that everything before it is UTF-8.
fn position_of(bytes: &[u8], offset: usize) -> (u32, u32) {
    let before = &bytes[..offset.min(bytes.len())];
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count().saturating_add(1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count().saturating_add(1);
    (to_u32(line), to_u32(column))
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The separator is whichever of tab, semicolon and comma the first non-blank line uses
/// most outside quotes. Headers never contain these characters, while names and year
/// groups in later rows might, so the header line is the safe one to count.
fn detect_delimiter(text: &str) -> char {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let (mut tabs, mut semicolons, mut commas) = (0usize, 0usize, 0usize);
    let mut quoted = false;
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            '\t' if !quoted => tabs += 1,
            ';' if !quoted => semicolons += 1,
            ',' if !quoted => commas += 1,
            _ => {}
        }
    }
    if tabs > 0 && tabs >= semicolons && tabs >= commas {
        '\t'
    } else if semicolons > commas {
        ';'
    } else {
        ','
    }
}

/// One cell, with where it starts for messages.
struct Field {
    value: String,
    line: u32,
    column: u32,
}

struct Record {
    fields: Vec<Field>,
    line: u32,
}

impl Record {
    /// A blank line, or a row of empty cells as spreadsheets leave at the end.
    fn is_blank(&self) -> bool {
        self.fields.iter().all(|f| f.value.trim().is_empty())
    }
}

/// Characters of the text with the line and column of the next one.
#[derive(Clone)]
struct Cursor<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    line: u32,
    column: u32,
}

impl Cursor<'_> {
    fn peek(&mut self) -> Option<char> {
        self.chars.peek().copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        match c {
            '\n' => self.new_line(),
            // A lone CR ends a line (old Mac exports); CR LF counts once, at the LF.
            '\r' if self.peek() != Some('\n') => self.new_line(),
            '\r' => {}
            _ => self.column = self.column.saturating_add(1),
        }
        Some(c)
    }

    fn new_line(&mut self) {
        self.line = self.line.saturating_add(1);
        self.column = 1;
    }

    /// Skips spaces and tabs that are not the separator.
    fn skip_blanks(&mut self, delimiter: char) {
        while let Some(c) = self.peek() {
            if (c == ' ' || c == '\t') && c != delimiter {
                self.bump();
            } else {
                break;
            }
        }
    }
}

/// Splits the text into records: RFC 4180 quoting (a quoted cell may hold the separator,
/// doubled quotes and line breaks), with any line ending.
fn parse_records(text: &str, delimiter: char) -> Result<Vec<Record>, Problem> {
    let mut cursor = Cursor { chars: text.chars().peekable(), line: 1, column: 1 };
    let mut records = Vec::new();
    while cursor.peek().is_some() {
        let mut record = Record { fields: Vec::new(), line: cursor.line };
        loop {
            let field = parse_field(&mut cursor, delimiter)?;
            record.fields.push(field);
            match cursor.bump() {
                Some(c) if c == delimiter => {}
                Some('\r') => {
                    if cursor.peek() == Some('\n') {
                        cursor.bump();
                    }
                    break;
                }
                _ => break,
            }
        }
        records.push(record);
    }
    Ok(records)
}

fn parse_field(cursor: &mut Cursor<'_>, delimiter: char) -> Result<Field, Problem> {
    let (line, column) = (cursor.line, cursor.column);
    let mut value = String::new();
    // Spaces before an opening quote are allowed (`a, "b"`); elsewhere they are part of
    // the cell and trimmed later.
    let mut ahead = cursor.clone();
    ahead.skip_blanks(delimiter);
    if ahead.peek() == Some('"') {
        *cursor = ahead;
        let (quote_line, quote_column) = (cursor.line, cursor.column);
        cursor.bump();
        loop {
            match cursor.bump() {
                None => {
                    return Err(Problem::at(
                        quote_line,
                        Some(quote_column),
                        "a quoted cell starting here is never closed: a `\"` is missing",
                    ));
                }
                Some('"') if cursor.peek() == Some('"') => {
                    cursor.bump();
                    value.push('"');
                }
                Some('"') => break,
                Some(c) => value.push(c),
            }
        }
        cursor.skip_blanks(delimiter);
        match cursor.peek() {
            None | Some('\n' | '\r') => {}
            Some(c) if c == delimiter => {}
            Some(_) => {
                return Err(Problem::at(
                    cursor.line,
                    Some(cursor.column),
                    "text after the closing quote of a cell; a `\"` inside a quoted cell must be doubled (`\"\"`)",
                ));
            }
        }
    } else {
        while let Some(c) = cursor.peek() {
            if c == delimiter || c == '\n' || c == '\r' {
                break;
            }
            value.push(c);
            cursor.bump();
        }
    }
    Ok(Field { value, line, column })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Forename,
    Surname,
    Year,
    Class,
    PhotoConsent,
}

impl Role {
    fn describe(self) -> &'static str {
        match self {
            Role::Forename => "forename",
            Role::Surname => "surname",
            Role::Year => "year",
            Role::Class => "class",
            Role::PhotoConsent => "photo consent",
        }
    }

    /// The role a header names, if any. Case, spaces and punctuation are ignored
    /// ("Legal_Forename", "legal forename", "Forename (legal)" all count), and so are
    /// the words that say which of several name columns this is.
    fn of_header(header: &str) -> Option<Role> {
        let words: Vec<String> = header
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .filter(|w| !matches!(w.as_str(), "legal" | "preferred" | "pupil" | "pupils" | "child" | "childs" | "student" | "s"))
            .collect();
        let key = words.concat();
        Some(match key.as_str() {
            "forename" | "forenames" | "firstname" | "firstnames" | "givenname" | "givennames" => Role::Forename,
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
            _ => return None,
        })
    }
}

/// Which column holds what, found from the header line.
struct Columns {
    roles: Vec<Option<Role>>,
    width: usize,
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
            return Ok(Columns { roles, width: header.fields.len() });
        }
        let needs = "a forename, surname, year and class column (photo consent is optional)";
        if roles.iter().all(Option::is_none) {
            // Without one recognised header this line is probably a pupil's row, so its
            // cells are not repeated: they may be a name.
            return Err(Problem::at(
                header.line,
                None,
                format!("the first line is not a header line: none of its cells is a known column name; the roster needs {needs}"),
            ));
        }
        let found: Vec<String> =
            header.fields.iter().map(|f| f.value.trim()).filter(|v| !v.is_empty()).map(|v| format!("\"{}\"", shorten(v))).collect();
        Err(Problem::at(
            header.line,
            None,
            format!("the header line has no {} column; found {}; the roster needs {needs}", missing.join(", no "), found.join(", ")),
        ))
    }

    fn pupil(&self, record: &Record) -> Result<Pupil, Problem> {
        let count = record.fields.len();
        let extra_is_blank = record.fields.iter().skip(self.width).all(|f| f.value.trim().is_empty());
        if count < self.width || !extra_is_blank {
            return Err(Problem::at(
                record.line,
                None,
                format!("this row has {count} cells but the header line has {}; check for a separator inside an unquoted cell", self.width),
            ));
        }
        let mut pupil = Pupil {
            forenames: Vec::new(),
            surnames: Vec::new(),
            year: String::new(),
            class: String::new(),
            photo_consent: None,
            line: record.line,
        };
        let (mut year, mut class, mut consent) = (None, None, None);
        for (field, role) in record.fields.iter().zip(&self.roles) {
            let value = field.value.trim();
            match role {
                Some(Role::Forename) => add_name(&mut pupil.forenames, value, field, "forename")?,
                Some(Role::Surname) => add_name(&mut pupil.surnames, value, field, "surname")?,
                // Where a column is repeated, the first one holding a value wins.
                Some(Role::Year) if year.is_none() && !value.is_empty() => year = Some(value),
                Some(Role::Class) if class.is_none() && !value.is_empty() => class = Some(value),
                Some(Role::PhotoConsent) if consent.is_none() && !value.is_empty() => consent = Some((value, field)),
                _ => {}
            }
        }
        if pupil.forenames.is_empty() && pupil.surnames.is_empty() {
            return Err(Problem::at(record.line, None, "this row has neither a forename nor a surname"));
        }
        pupil.year = year.unwrap_or_default().to_owned();
        pupil.class = class.unwrap_or_default().to_owned();
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

/// A header cell, cut short so that a stray paragraph does not flood the message.
fn shorten(value: &str) -> String {
    const MAX: usize = 40;
    if value.chars().count() <= MAX { value.to_owned() } else { format!("{}…", value.chars().take(MAX).collect::<String>()) }
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
        assert_eq!(Role::of_header("UPN"), None);
        assert_eq!(Role::of_header("Name"), None);
    }

    #[test]
    fn delimiter_is_counted_outside_quotes() {
        assert_eq!(detect_delimiter("\"a,b\";c;d\n"), ';');
        assert_eq!(detect_delimiter("a\tb\tc"), '\t');
        assert_eq!(detect_delimiter("\n\na,b"), ',');
        assert_eq!(detect_delimiter("single"), ',');
    }

    #[test]
    fn cr_only_line_endings_count_lines() {
        let err = parse("Forename,Surname,Year,Class\rAmara,Quill,Year 1,1A\r,,Year 1,1A\r").unwrap_err();
        assert_eq!(err.line, Some(3));
    }

    #[test]
    fn position_counts_characters() {
        assert_eq!(position_of("ab\nZoë x".as_bytes(), 8), (2, 5));
        assert_eq!(position_of(b"abc", 0), (1, 1));
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
