//! CSV as schools' systems export it and offices type it: the splitting shared by the
//! roster and the returned-forms reader (through [`super::table`], which also reads
//! workbooks).
//!
//! In: the bytes of a file. Out: its records, each cell with the line and column it starts
//! on, or a [`Problem`] naming where the text stops being readable CSV. Comma, semicolon or
//! tab separated (detected from the first non-blank line), RFC 4180 quoting, any line
//! ending, in any encoding Excel saves CSV or text in: UTF-8 with or without a BOM ("CSV
//! UTF-8"), UTF-16 with a BOM ("Unicode Text", tab separated), and, for bytes that are not
//! UTF-8, Windows-1252 (plain "CSV" on a Windows computer in Britain). What the columns
//! mean is the caller's business, and so is refusing an empty file. No message made here
//! quotes a cell: a cell may be a pupil's name.

use std::borrow::Cow;

/// Splits `bytes` into records. `what` names the file in messages ("the roster").
pub(crate) fn records(bytes: &[u8], what: &str) -> Result<Vec<Record>, Problem> {
    let text = decode(bytes, what)?;
    parse_records(&text, detect_delimiter(&text))
}

/// An error before the path is attached.
pub(crate) struct Problem {
    pub(crate) line: Option<u32>,
    pub(crate) column: Option<u32>,
    pub(crate) message: String,
}

impl Problem {
    pub(crate) fn at(line: u32, column: Option<u32>, message: impl Into<String>) -> Problem {
        Problem { line: Some(line), column, message: message.into() }
    }

    pub(crate) fn whole_file(message: impl Into<String>) -> Problem {
        Problem { line: None, column: None, message: message.into() }
    }
}

/// What to do with a file policypress cannot read, in the words of the menus a school
/// office sees.
pub(crate) const SAVE_AS: &str =
    "open it in Excel and use File > Save As, choosing \"CSV UTF-8 (Comma delimited) (*.csv)\" or \"Excel Workbook (*.xlsx)\"";

/// The text of the file. Bytes that are not UTF-8 are read as Windows-1252, which is
/// what Excel's plain "CSV" is on a British or American Windows computer: every byte is a
/// character there, so a 1252 file always reads, and a UTF-8 file (where "Zoë" is two
/// bytes that are not valid 1252 text as a whole) is never taken for one.
fn decode<'a>(bytes: &'a [u8], what: &str) -> Result<Cow<'a, str>, Problem> {
    if let Some(text) = decode_utf16(bytes, what)? {
        return Ok(Cow::Owned(text));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // UTF-16 without a byte-order mark is valid UTF-8 (every other byte NUL), so it
    // has to be caught by its NULs rather than by the UTF-8 check.
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let (line, column) = position_of(bytes, nul);
        return Err(Problem::at(
            line,
            Some(column),
            format!(
                "{what} holds a NUL byte, so it is not text that policypress can read (UTF-16 without a byte-order mark, or not text at all); {SAVE_AS}"
            ),
        ));
    }
    Ok(match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => Cow::Owned(bytes.iter().map(|&b| windows_1252(b)).collect()),
    })
}

/// UTF-16 text with a byte-order mark (Excel's "Unicode Text"), or `None` without one.
fn decode_utf16(bytes: &[u8], what: &str) -> Result<Option<String>, Problem> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return Ok(None),
    };
    let body = &bytes[2..];
    let units = body.chunks(2).map(|pair| match (pair, little) {
        ([a, b], true) => u16::from_le_bytes([*a, *b]),
        ([a, b], false) => u16::from_be_bytes([*a, *b]),
        // An odd last byte: a unit no text ends with, refused below.
        _ => 0xDC00,
    });
    let mut text = String::with_capacity(body.len() / 2);
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(c) => text.push(c),
            Err(_) => {
                let (line, column) = (text.lines().count().max(1), text.lines().last().map_or(0, |l| l.chars().count()) + 1);
                return Err(Problem::at(
                    to_u32(line),
                    Some(to_u32(column)),
                    format!("{what} is UTF-16 text that breaks off here (half a character); {SAVE_AS}"),
                ));
            }
        }
    }
    Ok(Some(text))
}

/// The character a Windows-1252 byte stands for. Below 0x80 and from 0xA0 it is the
/// byte's own code point (1252 agrees with Latin-1 there); 0x80-0x9F hold the curly
/// quotes, dashes, the euro sign and the few letters Latin-1 lacks (Š, Ž, Œ, Ÿ). The five
/// bytes 1252 leaves unused map to the control characters of the same number, as web
/// browsers read them.
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•',
        '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

/// Line and character column of byte `offset`, given that everything before it is UTF-8.
pub(crate) fn position_of(bytes: &[u8], offset: usize) -> (u32, u32) {
    let before = &bytes[..offset.min(bytes.len())];
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count().saturating_add(1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count().saturating_add(1);
    (to_u32(line), to_u32(column))
}

pub(crate) fn to_u32(n: usize) -> u32 {
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
pub(crate) struct Field {
    pub(crate) value: String,
    pub(crate) line: u32,
    pub(crate) column: u32,
}

pub(crate) struct Record {
    pub(crate) fields: Vec<Field>,
    pub(crate) line: u32,
}

impl Record {
    /// A blank line, or a row of empty cells as spreadsheets leave at the end.
    pub(crate) fn is_blank(&self) -> bool {
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

/// The words of a header cell, lower case, punctuation and spaces dropped: "Reg. Group"
/// and "reg_group" both give `["reg", "group"]`.
pub(crate) fn header_words(header: &str) -> Vec<String> {
    header.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Why a header line will not do. `lacks` says which columns are missing ("no forename
/// column"), `needs` what the file must have, `what` names the file. When no cell of the
/// line is a known column name, the line is probably a pupil's row rather than a header,
/// so its cells are not repeated: they may be a name.
pub(crate) fn header_problem(header: &Record, recognised_any: bool, what: &str, lacks: &str, needs: &str) -> Problem {
    if !recognised_any {
        return Problem::at(
            header.line,
            None,
            format!("the first line is not a header line: none of its cells is a known column name; {what} needs {needs}"),
        );
    }
    let found: Vec<String> =
        header.fields.iter().map(|f| f.value.trim()).filter(|v| !v.is_empty()).map(|v| format!("\"{}\"", shorten(v))).collect();
    Problem::at(header.line, None, format!("the header line has {lacks}; found {}; {what} needs {needs}", found.join(", ")))
}

/// A header cell, cut short so that a stray paragraph does not flood the message.
fn shorten(value: &str) -> String {
    const MAX: usize = 40;
    if value.chars().count() <= MAX { value.to_owned() } else { format!("{}…", value.chars().take(MAX).collect::<String>()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_is_counted_outside_quotes() {
        assert_eq!(detect_delimiter("\"a,b\";c;d\n"), ';');
        assert_eq!(detect_delimiter("a\tb\tc"), '\t');
        assert_eq!(detect_delimiter("\n\na,b"), ',');
        assert_eq!(detect_delimiter("single"), ',');
    }

    fn read(bytes: &[u8]) -> Result<String, Problem> {
        decode(bytes, "the roster").map(Cow::into_owned)
    }

    #[test]
    fn utf8_is_read_as_it_is_and_anything_else_as_windows_1252() {
        let names = "Zoë,Siân,Seán,Bartłomiej,Łukasiewicz";
        assert_eq!(read(names.as_bytes()).ok().as_deref(), Some(names));
        assert_eq!(read(&[b"\xEF\xBB\xBF", names.as_bytes()].concat()).ok().as_deref(), Some(names));
        // Excel's plain CSV: "Zoë,Siân,Seán,Ñuñez" and curly quotes in Windows-1252.
        let plain = b"Zo\xEB,Si\xE2n,Se\xE1n,\xD1u\xF1ez,O\x92Neill,\x80\x9F";
        assert_eq!(read(plain).ok().as_deref(), Some("Zoë,Siân,Seán,Ñuñez,O’Neill,€Ÿ"));
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_read_and_without_one_refused() {
        let text = "Forename\tSurname\r\nZoë\tŁukasiewicz 😀\r\n";
        let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!(read(&le).ok().as_deref(), Some(text));
        assert_eq!(read(&be).ok().as_deref(), Some(text));
        let broken = &le[..le.len() - 1];
        assert!(read(broken).is_err_and(|p| p.message.contains("breaks off")));
        let bare: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(read(&bare).is_err_and(|p| p.message.contains("NUL") && p.message.contains("Save As")));
    }

    #[test]
    fn position_counts_characters() {
        assert_eq!(position_of("ab\nZoë x".as_bytes(), 8), (2, 5));
        assert_eq!(position_of(b"abc", 0), (1, 1));
    }
}
