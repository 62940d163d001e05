//! A table an office gives policypress (the roster, the returned forms), whatever it was
//! saved as: CSV or text in any encoding Excel writes ([`super::csv`]), or an Excel
//! workbook ([`super::xlsx`], its first worksheet).
//!
//! In: a file's bytes. Out: its rows as [`Record`]s, each cell with its line (a
//! spreadsheet's row) and column; or a [`Problem`] that says, in the words of the menus
//! the office sees, what to do with a file it cannot read: an old `.xls` workbook, an
//! OpenDocument or Numbers spreadsheet, a PDF, a web page saved under a spreadsheet's
//! name. The file's kind is told from its first bytes, never from its name: "pupils.xls"
//! is often a CSV or a web page that a system named so that Excel opens it.

use super::csv::{self, Problem, Record, SAVE_AS};
use super::xlsx;
use super::zip::Archive;

/// Reads the rows of `bytes`. `what` names the file in messages ("the roster").
pub(crate) fn records(bytes: &[u8], what: &str) -> Result<Vec<Record>, Problem> {
    let refuse = |kind: &str, advice: &str| Err(Problem::whole_file(format!("{what} is {kind}, which policypress cannot read; {advice}")));
    if bytes.starts_with(b"PK\x03\x04") {
        let archive = Archive::open(bytes)
            .map_err(|why| Problem::whole_file(format!("{what} looks like an Excel workbook but cannot be opened ({why}); {SAVE_AS}")))?;
        if archive.has("xl/workbook.xml") {
            return xlsx::records(&archive, what);
        }
        let opendocument = archive.read("mimetype").ok().flatten().is_some_and(|m| m.starts_with(b"application/vnd.oasis.opendocument"));
        return if opendocument {
            refuse("an OpenDocument spreadsheet (.ods, from LibreOffice or a download from Google Sheets)", SAVE_AS)
        } else if archive.has("Index/Document.iwa") {
            refuse(
                "an Apple Numbers spreadsheet",
                "in Numbers use File > Export To > CSV, or open it in Excel and save it as \"Excel Workbook (*.xlsx)\"",
            )
        } else if archive.has("word/document.xml") {
            refuse("a Word document, not a spreadsheet", "export the list from the school's information system as CSV or Excel (.xlsx)")
        } else {
            refuse("a ZIP archive, not a spreadsheet", "unzip it and give the CSV or Excel (.xlsx) file inside")
        };
    }
    // Old Excel (.xls) and a password-protected workbook of any age are both OLE compound
    // files; Excel opens either and can save it as something readable.
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return refuse("an old-style Excel workbook (.xls), or one protected by a password", &format!("{SAVE_AS}, with no password"));
    }
    if bytes.starts_with(b"%PDF") {
        return refuse("a PDF, not a spreadsheet", "export the list from the school's information system as CSV or Excel (.xlsx)");
    }
    if looks_like_a_web_page(bytes) {
        return refuse("a web page or XML file, as some systems' \"Export to Excel\" makes, not a spreadsheet", SAVE_AS);
    }
    csv::records(bytes, what)
}

/// A web page saved under a spreadsheet's name starts with a tag; a CSV never does.
fn looks_like_a_web_page(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(bytes.len());
    let head = String::from_utf8_lossy(&bytes[start..bytes.len().min(start + 2048)]).to_lowercase();
    head.starts_with('<') && ["<html", "<table", "<!doctype html", "<?xml"].iter().any(|tag| head.contains(tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(bytes: &[u8]) -> String {
        match records(bytes, "the roster") {
            Ok(_) => String::new(),
            Err(problem) => problem.message,
        }
    }

    #[test]
    fn files_no_office_can_give_as_a_table_are_refused_with_what_to_do() {
        let xls = [&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..], &[0; 500]].concat();
        let ods = super::super::zip::write(&[("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", b"<x/>")]);
        let docx = super::super::zip::write(&[("word/document.xml", b"<x/>")]);
        for (bytes, kind) in [
            (&xls[..], ".xls"),
            (&ods[..], ".ods"),
            (&docx[..], "Word"),
            (b"%PDF-1.7\n", "PDF"),
            (b"\n <html><body><table><tr><td>Zo\xEB</td></tr></table>", "web page"),
        ] {
            let said = said(bytes);
            assert!(said.contains(kind), "{kind}: {said}");
            assert!(said.contains("policypress cannot read"), "{said}");
            assert!(!said.contains("Zo"), "{said}");
        }
        assert!(said(&xls).contains("open it in Excel and use File > Save As"));
        assert!(said(&ods).contains("\"Excel Workbook (*.xlsx)\""));
    }

    #[test]
    fn a_csv_and_a_workbook_give_the_same_cells() {
        let csv = records(b"Forename,Year\nZo\xEB,3\n", "the roster").unwrap_or_else(|p| panic!("{}", p.message));
        let sheet = r#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Forename</t></is></c><c r="B1" t="inlineStr"><is><t>Year</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Zoë</t></is></c><c r="B2"><v>3</v></c></row></sheetData></worksheet>"#;
        let zip = super::super::zip::write(&[("xl/workbook.xml", b"<workbook/>"), ("xl/worksheets/sheet1.xml", sheet.as_bytes())]);
        let xlsx = records(&zip, "the roster").unwrap_or_else(|p| panic!("{}", p.message));
        // Lines and values; a CSV cell's column counts characters, a sheet's counts cells.
        let cells = |records: &[Record]| -> Vec<(u32, String)> {
            records.iter().flat_map(|r| r.fields.iter().map(|f| (f.line, f.value.clone()))).collect()
        };
        assert_eq!(cells(&csv), cells(&xlsx));
    }
}
