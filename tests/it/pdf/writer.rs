//! Writes small PDFs the way office programs and scanners make them, for the tests of
//! what the tool reads in the PDFs schools link to. Shared by the unit tests in
//! `src/document.rs` and the end-to-end tests.

/// A document to write. Each line of each page is drawn with `Tj`, except that a line
/// holding `|` is drawn with `TJ`, the `|` standing for a kerning gap of `gap` thousandths.
#[derive(Default)]
pub struct Letter<'a> {
    pub pages: Vec<Vec<&'a str>>,
    /// Entries of the document information dictionary: ("Author", "..."). A value is
    /// written as UTF-16 when it is not ASCII, as Word does.
    pub info: Vec<(&'a str, &'a str)>,
    pub xmp: Option<&'a str>,
    /// A JPEG drawn on the first page (a photo in a newsletter).
    pub photo: Option<Vec<u8>>,
    /// The photo fills every page, as a scanner makes them (with whatever lines are given,
    /// a footer say).
    pub scanned: bool,
    /// Text in a font whose codes say nothing of their letters (Identity-H, no ToUnicode).
    pub unknown_letters: bool,
    pub attachment: bool,
    /// Text drawn in rendering mode 3: not shown, but copied and searched.
    pub invisible: Option<&'a str>,
    /// Text operators drawn after the lines of the first page, as written (`Tm`, `Tc`...).
    pub operators: Option<&'a str>,
    pub gap: i32,
}

/// The bytes of `letter` as a PDF 1.7 file.
pub fn write(letter: &Letter<'_>) -> Vec<u8> {
    let mut objects: Vec<Vec<u8>> = Vec::new();
    let font = if letter.unknown_letters {
        let descendant = add(&mut objects, b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Arial /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor << /Type /FontDescriptor /FontName /Arial /Flags 32 /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 /FontBBox [0 -200 1000 900] >> >>".to_vec());
        add(
            &mut objects,
            format!("<< /Type /Font /Subtype /Type0 /BaseFont /Arial /Encoding /Identity-H /DescendantFonts [{descendant} 0 R] >>")
                .into_bytes(),
        )
    } else {
        add(&mut objects, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec())
    };
    let photo = letter.photo.as_ref().map(|jpeg| {
        let mut stream = format!(
            "<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length {} >>\nstream\n",
            jpeg.len()
        )
        .into_bytes();
        stream.extend_from_slice(jpeg);
        stream.extend_from_slice(b"\nendstream");
        add(&mut objects, stream)
    });
    let mut page_ids = Vec::new();
    let pages_id = letter.pages.len() * 2 + objects.len() + 1;
    for (index, lines) in letter.pages.iter().enumerate() {
        let mut content = String::new();
        if letter.scanned {
            content.push_str("q 595 0 0 842 0 0 cm /Im1 Do Q\n");
        } else if let (Some(_), 0) = (photo, index) {
            content.push_str("q 200 0 0 200 300 500 cm /Im1 Do Q\n");
        }
        {
            content.push_str("BT /F1 12 Tf 72 720 Td 16 TL\n");
            for line in lines {
                if line.contains('|') {
                    let parts: Vec<String> = line.split('|').map(|p| show(p, letter.unknown_letters)).collect();
                    content.push_str(&format!("[{}] TJ T*\n", parts.join(&format!(" {} ", -letter.gap))));
                } else {
                    content.push_str(&format!("{} Tj T*\n", show(line, letter.unknown_letters)));
                }
            }
            if let (Some(operators), 0) = (letter.operators, index) {
                content.push_str(operators);
                content.push('\n');
            }
            if let (Some(hidden), 0) = (letter.invisible, index) {
                content.push_str(&format!("3 Tr {} Tj 0 Tr\n", show(hidden, letter.unknown_letters)));
            }
            content.push_str("ET\n");
        }
        let stream = add(&mut objects, format!("<< /Length {} >>\nstream\n{content}endstream", content.len()).into_bytes());
        let images = photo.map(|id| format!(" /XObject << /Im1 {id} 0 R >>")).unwrap_or_default();
        // A scan with no photo given has nothing to show; the tests always give one.
        page_ids.push(add(&mut objects, format!(
            "<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 {font} 0 R >>{images} >> /Contents {stream} 0 R >>"
        )
        .into_bytes()));
    }
    let kids: Vec<String> = page_ids.iter().map(|id| format!("{id} 0 R")).collect();
    let pages = add(&mut objects, format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), page_ids.len()).into_bytes());
    assert_eq!(pages, pages_id, "the page tree is where the pages say it is");
    let mut catalog = format!("<< /Type /Catalog /Pages {pages} 0 R");
    if let Some(xmp) = letter.xmp {
        let packet = format!(
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF><rdf:Description><dc:creator>{xmp}</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>"
        );
        let id = add(
            &mut objects,
            format!("<< /Type /Metadata /Subtype /XML /Length {} >>\nstream\n{packet}\nendstream", packet.len() + 1).into_bytes(),
        );
        catalog.push_str(&format!(" /Metadata {id} 0 R"));
    }
    if letter.attachment {
        let file = add(&mut objects, b"<< /Type /EmbeddedFile /Length 11 >>\nstream\nnames.csv\n\nendstream".to_vec());
        let spec = add(&mut objects, format!("<< /Type /Filespec /F (names.csv) /EF << /F {file} 0 R >> >>").into_bytes());
        catalog.push_str(&format!(" /Names << /EmbeddedFiles << /Names [(names.csv) {spec} 0 R] >> >>"));
    }
    catalog.push_str(" >>");
    let catalog = add(&mut objects, catalog.into_bytes());
    let info: Vec<String> = letter.info.iter().map(|(key, value)| format!("/{key} {}", text_string(value))).collect();
    let info = add(&mut objects, format!("<< {} >>", info.join(" ")).into_bytes());

    let mut out = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (index, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", index + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root {catalog} 0 R /Info {info} 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

/// Adds an object; its number.
fn add(objects: &mut Vec<Vec<u8>>, body: Vec<u8>) -> usize {
    objects.push(body);
    objects.len()
}

/// Text to show: a literal string in WinAnsi, or two-byte codes for Identity-H.
fn show(text: &str, two_bytes: bool) -> String {
    if two_bytes {
        let hex: String = text.chars().map(|c| format!("{:04X}", u32::from(c) % 0x100)).collect();
        return format!("<{hex}>");
    }
    let escaped: String = text
        .chars()
        .map(|c| match c {
            '(' | ')' | '\\' => format!("\\{c}"),
            c if u32::from(c) < 0x80 => c.to_string(),
            c => format!("\\{:03o}", u32::from(c).min(0xFF)),
        })
        .collect();
    format!("({escaped})")
}

/// An information-dictionary string: ASCII as it is, anything else as UTF-16BE with its mark.
fn text_string(value: &str) -> String {
    if value.is_ascii() {
        return show(value, false);
    }
    let hex: String = value.encode_utf16().map(|u| format!("{u:04X}")).collect();
    format!("<FEFF{hex}>")
}
