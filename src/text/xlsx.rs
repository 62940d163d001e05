//! The first worksheet of an Excel workbook (.xlsx), as the rows and cells a CSV export of
//! it would give.
//!
//! In: an opened [`Archive`]. Out: [`Record`]s, one per row that has any cell, each cell
//! at its spreadsheet row (the record's line) and column (A is 1), so that a message
//! about "row 14, column 3" is the cell the office sees; or a [`Problem`]. Text is read
//! from shared strings (rich text joined, phonetic guides left out), inline strings and
//! formulas' cached results; numbers are written as Excel shows a whole number ("3", not
//! "3.0"); TRUE and FALSE as words; a number in a date format as the day it is, written
//! `2025-09-12` (the returned-forms file's dates). No message quotes a cell.

use super::csv::{Field, Problem, Record, SAVE_AS};
use super::zip::Archive;

/// More XML nodes than a worksheet of every pupil in the largest school could need.
const MOST_NODES: u32 = 16_000_000;

const RELATIONSHIPS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The rows of the workbook's first worksheet.
pub(crate) fn records(archive: &Archive<'_>, what: &str) -> Result<Vec<Record>, Problem> {
    let unreadable = |why: String| Problem::whole_file(format!("{what} is an Excel workbook that cannot be read ({why}); {SAVE_AS}"));
    let read = |name: &str| archive.read(name).map_err(unreadable);
    let sheet_name = first_sheet(archive).map_err(unreadable)?;
    let sheet = read(&sheet_name)?.ok_or_else(|| unreadable("it has no worksheet".to_owned()))?;
    let shared = match read("xl/sharedStrings.xml")? {
        Some(xml) => shared_strings(&xml).map_err(unreadable)?,
        None => Vec::new(),
    };
    let dates = match read("xl/styles.xml")? {
        Some(xml) => date_styles(&xml).map_err(unreadable)?,
        None => Vec::new(),
    };
    rows(&sheet, &Lookup { shared: &shared, dates: &dates }).map_err(unreadable)
}

/// What a cell's value is looked up in: the shared strings, and which cell styles
/// (by index) show a number as a date.
struct Lookup<'a> {
    shared: &'a [String],
    dates: &'a [bool],
}

/// For each cell style (`<cellXfs>` in order), whether its number format shows a date:
/// one of Excel's built-in date formats (14-22), or a format of the workbook's own whose
/// code has a day or a year in it outside quoted text and `[...]` sections.
fn date_styles(xml: &[u8]) -> Result<Vec<bool>, String> {
    let xml = text_of(xml)?;
    let doc = parse(xml)?;
    let own: Vec<(&str, &str)> = doc
        .descendants()
        .filter(|n| n.has_tag_name("numFmt"))
        .filter_map(|n| Some((n.attribute("numFmtId")?, n.attribute("formatCode")?)))
        .collect();
    let is_date = |id: &str| match id.parse::<u32>() {
        Ok(14..=22) => true,
        _ => own.iter().find(|(own_id, _)| *own_id == id).is_some_and(|(_, code)| {
            let mut plain = String::new();
            let (mut quoted, mut bracketed) = (false, false);
            for c in code.chars() {
                match c {
                    '"' => quoted = !quoted,
                    '[' if !quoted => bracketed = true,
                    ']' if !quoted => bracketed = false,
                    _ if !quoted && !bracketed => plain.push(c.to_ascii_lowercase()),
                    _ => {}
                }
            }
            plain.contains('d') || plain.contains('y')
        }),
    };
    let Some(styles) = doc.descendants().find(|n| n.has_tag_name("cellXfs")) else { return Ok(Vec::new()) };
    Ok(styles.children().filter(|n| n.has_tag_name("xf")).map(|xf| is_date(xf.attribute("numFmtId").unwrap_or("0"))).collect())
}

/// The archive path of the first worksheet in the workbook's own order (which need not
/// be `sheet1.xml`: a sheet moved to the front keeps its file name).
fn first_sheet(archive: &Archive<'_>) -> Result<String, String> {
    const FALLBACK: &str = "xl/worksheets/sheet1.xml";
    let Some(workbook) = archive.read("xl/workbook.xml")? else { return Ok(FALLBACK.to_owned()) };
    let workbook = text_of(&workbook)?;
    let workbook = parse(workbook)?;
    let Some(id) = workbook.descendants().find(|n| n.has_tag_name("sheet")).and_then(|n| n.attribute((RELATIONSHIPS, "id"))) else {
        return Ok(FALLBACK.to_owned());
    };
    let Some(rels) = archive.read("xl/_rels/workbook.xml.rels")? else { return Ok(FALLBACK.to_owned()) };
    let rels = text_of(&rels)?;
    let rels = parse(rels)?;
    let target =
        rels.descendants().find(|n| n.has_tag_name("Relationship") && n.attribute("Id") == Some(id)).and_then(|n| n.attribute("Target"));
    Ok(match target {
        Some(absolute) if absolute.starts_with('/') => absolute.trim_start_matches('/').to_owned(),
        Some(relative) => format!("xl/{relative}"),
        None => FALLBACK.to_owned(),
    })
}

/// The shared strings, by index.
fn shared_strings(xml: &[u8]) -> Result<Vec<String>, String> {
    let xml = text_of(xml)?;
    let doc = parse(xml)?;
    Ok(doc.root_element().children().filter(|n| n.has_tag_name("si")).map(|si| string_item(&si)).collect())
}

/// The text of a string item (`<si>` or `<is>`): its `<t>`, or its rich-text runs' `<t>`s
/// joined, leaving out phonetic guides (`<rPh>`), which are not part of the cell's text.
fn string_item(item: &roxmltree::Node<'_, '_>) -> String {
    let mut text = String::new();
    for t in item.descendants().filter(|n| n.has_tag_name("t")) {
        if !t.ancestors().any(|a| a.has_tag_name("rPh")) {
            text.push_str(t.text().unwrap_or(""));
        }
    }
    unescape(&text)
}

/// The worksheet's rows as records. Each row is as wide as the widest of the first row
/// with a value (the header) and its own last cell, so a row Excel saved without its
/// trailing empty cells has the header's count of cells, as the CSV export would.
fn rows(xml: &[u8], lookup: &Lookup<'_>) -> Result<Vec<Record>, String> {
    let xml = text_of(xml)?;
    let doc = parse(xml)?;
    let Some(data) = doc.descendants().find(|n| n.has_tag_name("sheetData")) else { return Ok(Vec::new()) };
    let mut records: Vec<Record> = Vec::new();
    let mut header_width = None;
    let mut line = 0u32;
    for row in data.children().filter(|n| n.has_tag_name("row")) {
        line = match row.attribute("r") {
            Some(r) => r.parse().map_err(|_| "a row number is not a number".to_owned())?,
            None => line.saturating_add(1),
        };
        let mut cells: Vec<(u32, String)> = Vec::new();
        let mut column = 0u32;
        for cell in row.children().filter(|n| n.has_tag_name("c")) {
            column = match cell.attribute("r") {
                Some(r) => column_of(r).ok_or_else(|| "a cell reference is not one".to_owned())?,
                None => column.saturating_add(1),
            };
            cells.push((column, value(&cell, lookup)?));
        }
        let last = cells.iter().map(|(c, _)| *c).max().unwrap_or(0);
        let width = last.max(header_width.unwrap_or(0));
        let mut fields: Vec<Field> = (1..=width).map(|column| Field { value: String::new(), line, column }).collect();
        for (column, value) in cells {
            fields[usize::try_from(column - 1).map_err(|e| e.to_string())?].value = value;
        }
        if header_width.is_none() && fields.iter().any(|f| !f.value.trim().is_empty()) {
            header_width = Some(last);
        }
        records.push(Record { fields, line });
    }
    Ok(records)
}

/// A cell's text, as Excel shows it for the types a pupil list holds.
fn value(cell: &roxmltree::Node<'_, '_>, lookup: &Lookup<'_>) -> Result<String, String> {
    let v = cell.children().find(|n| n.has_tag_name("v")).and_then(|n| n.text()).unwrap_or("");
    Ok(match cell.attribute("t").unwrap_or("n") {
        "s" => {
            let index: usize = v.trim().parse().map_err(|_| "a cell's shared text is missing".to_owned())?;
            lookup.shared.get(index).cloned().ok_or_else(|| "a cell's shared text is missing".to_owned())?
        }
        "inlineStr" => cell.children().find(|n| n.has_tag_name("is")).map(|is| string_item(&is)).unwrap_or_default(),
        "b" => if v.trim() == "1" { "TRUE" } else { "FALSE" }.to_owned(),
        "str" => unescape(v),
        "n" => {
            let style: usize = cell.attribute("s").and_then(|s| s.parse().ok()).unwrap_or(0);
            match lookup.dates.get(style) {
                Some(true) => day(v).unwrap_or_else(|| number(v)),
                _ => number(v),
            }
        }
        // "e" (an error such as #N/A) and "d" (an ISO date): as stored.
        _ => v.to_owned(),
    })
}

/// A stored number as Excel shows a whole one: "3" for `3` or `3.0`, and anything else as
/// stored ("2.5").
fn number(stored: &str) -> String {
    let stored = stored.trim();
    match stored.parse::<f64>() {
        // Whole numbers below 2^53 are exact in an f64, so the integer printed is the one stored.
        #[allow(clippy::cast_possible_truncation)]
        Ok(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => format!("{}", n as i64),
        _ => stored.to_owned(),
    }
}

/// A date cell's day, `2025-09-12`: Excel counts days from 30 December 1899 (for every
/// day after February 1900, the first day it miscounts), 25569 being 1 January 1970.
fn day(stored: &str) -> Option<String> {
    let serial = stored.trim().parse::<f64>().ok().filter(|n| (61.0..2_958_466.0).contains(n))?;
    #[allow(clippy::cast_possible_truncation)]
    let days = serial.floor() as i64 - 25_569;
    Some(crate::date::Date::from_days(days).iso())
}

/// The column number of a cell reference: `C14` is 3, `AA2` is 27.
fn column_of(reference: &str) -> Option<u32> {
    let letters: Vec<u8> = reference.bytes().take_while(u8::is_ascii_alphabetic).collect();
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    Some(letters.iter().fold(0u32, |n, b| n * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1)))
}

/// Text with Excel's `_xHHHH_` escapes (how it stores a line break or other control
/// character in a cell) turned back into the characters.
fn unescape(text: &str) -> String {
    if !text.contains("_x") {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("_x") {
        out.push_str(&rest[..at]);
        let escaped = rest
            .get(at + 2..at + 7)
            .filter(|e| e.ends_with('_'))
            .and_then(|e| u32::from_str_radix(&e[..4], 16).ok())
            .and_then(char::from_u32);
        match escaped {
            Some(c) => {
                out.push(c);
                rest = &rest[at + 7..];
            }
            None => {
                out.push_str("_x");
                rest = &rest[at + 2..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn text_of(xml: &[u8]) -> Result<&str, String> {
    let xml = xml.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(xml);
    std::str::from_utf8(xml).map_err(|_| "a part of it is not UTF-8".to_owned())
}

fn parse(xml: &str) -> Result<roxmltree::Document<'_>, String> {
    let options = roxmltree::ParsingOptions { nodes_limit: MOST_NODES, ..roxmltree::ParsingOptions::default() };
    // The parser's own message gives a position in the XML, never its text.
    roxmltree::Document::parse_with_options(xml, options).map_err(|e| format!("its XML is damaged: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORKBOOK: &str = r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Pupils" sheetId="2" r:id="rId7"/><sheet name="Notes" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    const RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId7" Target="/xl/worksheets/sheet2.xml"/></Relationships>"#;
    const SHARED: &str = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Forename</t></si><si><t>Surname</t></si><si><r><t>Zo</t></r><r><rPr><b/></rPr><t xml:space="preserve">ë</t></r><rPh><t>ゾエ</t></rPh></si><si><t>Year</t></si><si><t>Class</t></si><si><t>Line_x000A_break</t></si></sst>"#;
    /// Row 1 the header (shared strings), row 2 skipped, row 3 with a number, an inline
    /// string and a missing middle cell, row 4 with its trailing cells left out.
    const SHEET: &str = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
        <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>3</v></c><c r="D1" t="s"><v>4</v></c><c r="E1" t="inlineStr"><is><t>Photo consent</t></is></c></row>
        <row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" t="inlineStr"><is><t>Łukasiewicz</t></is></c><c r="C3"><v>3</v></c><c r="E3" t="b"><v>1</v></c></row>
        <row r="4"><c r="A4" t="s"><v>5</v></c><c r="C4"><v>10.0</v></c></row>
        <row r="5"><c r="A5" t="str"><f>A3</f><v>Zoë</v></c><c r="C5"><v>2.5</v></c><c r="D5" s="3"/></row>
    </sheetData></worksheet>"#;

    fn workbook(sheet_path: &str) -> Vec<u8> {
        super::super::zip::write(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/workbook.xml", WORKBOOK.as_bytes()),
            ("xl/_rels/workbook.xml.rels", RELS.as_bytes()),
            ("xl/sharedStrings.xml", SHARED.as_bytes()),
            (
                "xl/worksheets/sheet1.xml",
                b"<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>Notes</t></is></c></row></sheetData></worksheet>",
            ),
            (sheet_path, SHEET.as_bytes()),
        ])
    }

    /// A cell as (text, line, column).
    type Cell<'a> = (&'a str, u32, u32);

    fn cells(records: &[Record]) -> Vec<(u32, Vec<Cell<'_>>)> {
        records.iter().map(|r| (r.line, r.fields.iter().map(|f| (f.value.as_str(), f.line, f.column)).collect())).collect()
    }

    #[test]
    fn the_first_sheet_in_the_workbooks_order_is_read_cell_by_cell() {
        let zip = workbook("xl/worksheets/sheet2.xml");
        let records = records(&Archive::open(&zip).unwrap(), "the roster").unwrap_or_else(|p| panic!("{}", p.message));
        let got = cells(&records);
        assert_eq!(got[0], (1, vec![("Forename", 1, 1), ("Surname", 1, 2), ("Year", 1, 3), ("Class", 1, 4), ("Photo consent", 1, 5)]));
        assert_eq!(got[1], (3, vec![("Zoë", 3, 1), ("Łukasiewicz", 3, 2), ("3", 3, 3), ("", 3, 4), ("TRUE", 3, 5)]));
        assert_eq!(got[2], (4, vec![("Line\nbreak", 4, 1), ("", 4, 2), ("10", 4, 3), ("", 4, 4), ("", 4, 5)]));
        assert_eq!(got[3].1.iter().map(|c| c.0).collect::<Vec<_>>(), ["Zoë", "", "2.5", "", ""]);
    }

    #[test]
    fn a_workbook_that_is_not_whole_is_refused_without_quoting_it() {
        let zip = workbook("xl/worksheets/elsewhere.xml");
        let problem = records(&Archive::open(&zip).unwrap(), "the roster").err().expect("no worksheet");
        assert!(problem.message.contains("no worksheet") && problem.message.contains("Save As"), "{}", problem.message);
        let broken = super::super::zip::write(&[("xl/workbook.xml", b"<workbook>"), ("xl/worksheets/sheet1.xml", b"<x/>")]);
        let problem = records(&Archive::open(&broken).unwrap(), "the roster").err().expect("damaged");
        assert!(problem.message.contains("damaged"), "{}", problem.message);
    }

    #[test]
    fn references_numbers_and_escapes() {
        assert_eq!(
            [column_of("A1"), column_of("z9"), column_of("AA2"), column_of("XFD1"), column_of("12")],
            [Some(1), Some(26), Some(27), Some(16384), None]
        );
        assert_eq!([number("3"), number("3.0"), number("1E1"), number("2.5"), number("abc")], ["3", "3", "10", "2.5", "abc"]);
        assert_eq!(unescape("a_x000D__x000A_b _x and _xZZZZ_"), "a\r\nb _x and _xZZZZ_");
        assert_eq!(
            [day("45912"), day("45912.75"), day("25569"), day("12")],
            [Some("2025-09-12".into()), Some("2025-09-12".into()), Some("1970-01-01".into()), None]
        );
    }

    #[test]
    fn numbers_in_a_date_format_are_days() {
        let styles = br#"<styleSheet><numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/><numFmt numFmtId="165" formatCode="&quot;Day&quot; 0"/><numFmt numFmtId="166" formatCode="[Red]0.00"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/></cellXfs></styleSheet>"#;
        let dates = date_styles(styles).unwrap();
        assert_eq!(dates, [false, true, true, false, false]);
        let sheet = br#"<worksheet><sheetData><row r="1"><c r="A1" s="1"><v>45912</v></c><c r="B1" s="2"><v>45913</v></c><c r="C1" s="3"><v>45912</v></c><c r="D1"><v>3</v></c></row></sheetData></worksheet>"#;
        let records = rows(sheet, &Lookup { shared: &[], dates: &dates }).unwrap();
        let got: Vec<&str> = records[0].fields.iter().map(|f| f.value.as_str()).collect();
        assert_eq!(got, ["2025-09-12", "2025-09-13", "45912", "3"]);
    }
}
