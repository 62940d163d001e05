//! Excel workbooks for the tests, made here rather than committed: the smallest `.xlsx`
//! Excel opens, holding one worksheet of the rows given. Whole numbers are written as
//! number cells (as a school system's "NC Year" column is), other text as shared strings,
//! and empty cells are left out, as Excel leaves them out.

use std::io::Write;

/// A workbook whose first sheet holds `rows` from A1, plus a second sheet ("Notes") that
/// must not be read. The first sheet's file is `sheet2.xml`: a sheet moved to the front in
/// Excel keeps its file name, so the workbook's order is what counts.
pub fn workbook(rows: &[&[&str]]) -> Vec<u8> {
    let mut shared: Vec<String> = Vec::new();
    let mut sheet = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (r, row) in rows.iter().enumerate() {
        let line = r + 1;
        sheet.push_str(&format!(r#"<row r="{line}">"#));
        for (c, value) in row.iter().enumerate() {
            let at = format!("{}{line}", char::from(b'A' + u8::try_from(c).expect("few columns")));
            if value.is_empty() {
                continue;
            } else if value.parse::<u32>().is_ok() {
                sheet.push_str(&format!(r#"<c r="{at}"><v>{value}</v></c>"#));
            } else {
                let index = shared.iter().position(|s| s == value).unwrap_or_else(|| {
                    shared.push((*value).to_owned());
                    shared.len() - 1
                });
                sheet.push_str(&format!(r#"<c r="{at}" t="s"><v>{index}</v></c>"#));
            }
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    let strings: String = shared.iter().map(|s| format!("<si><t>{}</t></si>", escape(s))).collect();
    let shared_xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{0}" uniqueCount="{0}">{strings}</sst>"#,
        shared.len()
    );
    stored_zip(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/sharedStrings.xml", &shared_xml),
        ("xl/worksheets/sheet2.xml", &sheet),
        ("xl/worksheets/sheet1.xml", NOTES),
    ])
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Pupils" sheetId="2" r:id="rId2"/><sheet name="Notes" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
const NOTES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Not the pupil list</t></is></c></row></sheetData></worksheet>"#;

/// A ZIP archive of `files`, stored without compression (method 0), which every reader
/// must take as well as deflated files.
fn stored_zip(files: &[(&str, &str)]) -> Vec<u8> {
    let mut out: Vec<u8> = Vec::new();
    let mut central: Vec<u8> = Vec::new();
    for (name, text) in files {
        let (name, data) = (name.as_bytes(), text.as_bytes());
        let mut crc = flate2::Crc::new();
        crc.update(data);
        let offset = u32::try_from(out.len()).expect("small");
        let len = u32::try_from(data.len()).expect("small");
        let name_len = u16::try_from(name.len()).expect("short");
        // Local header: signature, version 2.0, no flags, stored, no time, CRC, sizes, name.
        out.write_all(&0x0403_4b50u32.to_le_bytes()).expect("memory");
        for part in [&20u16.to_le_bytes()[..], &[0; 2], &[0; 2], &[0; 4], &crc.sum().to_le_bytes(), &len.to_le_bytes(), &len.to_le_bytes()]
        {
            out.extend_from_slice(part);
        }
        out.extend_from_slice(&name_len.to_le_bytes());
        out.extend_from_slice(&[0; 2]);
        out.extend_from_slice(name);
        out.extend_from_slice(data);
        // Its central directory entry: the same, with the local header's offset.
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        for part in [
            &20u16.to_le_bytes()[..],
            &20u16.to_le_bytes(),
            &[0; 2],
            &[0; 2],
            &[0; 4],
            &crc.sum().to_le_bytes(),
            &len.to_le_bytes(),
            &len.to_le_bytes(),
        ] {
            central.extend_from_slice(part);
        }
        central.extend_from_slice(&name_len.to_le_bytes());
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name);
    }
    let count = u16::try_from(files.len()).expect("few files");
    let start = u32::try_from(out.len()).expect("small");
    let size = u32::try_from(central.len()).expect("small");
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&[0; 2]);
    out
}
