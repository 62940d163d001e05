//! SVG drawings: read well enough to know one is whole, and published without the parts
//! that carry words nobody sees.
//!
//! In: the bytes of a file that is an SVG by name. Out: the bytes to publish, without
//! comments, `<metadata>` (where XMP and RDF live, with authors' and subjects' names)
//! and processing instructions, and the words the drawing shows or announces (`<title>`,
//! `<desc>`, `<text>`), for the name rules; or [`ImageError::Unreadable`] for an empty,
//! truncated or non-SVG file. Guarantees: nothing of the drawing a browser shows is
//! changed; what is removed is listed.

use super::{ImageError, unreadable};

/// What an SVG is published as, and what was taken out of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrippedSvg {
    pub bytes: Vec<u8>,
    /// What was removed, for the record: "metadata", "comment".
    pub removed: Vec<String>,
    /// The words the drawing shows or announces to a screen reader.
    pub words: String,
}

/// Checks that `bytes` are one whole SVG document and strips what a browser does not use.
pub fn strip(bytes: &[u8]) -> Result<StrippedSvg, ImageError> {
    if bytes.is_empty() {
        return Err(unreadable("empty file (0 bytes)"));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| unreadable("not an SVG drawing: it is not text"))?;
    let trimmed = text.trim_end();
    let root = text.find("<svg").ok_or_else(|| unreadable("not an SVG drawing: it has no <svg> element"))?;
    if !text[..root].trim_start_matches('\u{feff}').trim_start().starts_with('<') && !text[..root].trim().is_empty() {
        return Err(unreadable("not an SVG drawing: there is text before the <svg> element"));
    }
    // Whole means closed: by `</svg>` at the end, or a root that closes itself and is all.
    let root_tag_end = text[root..].find('>').map(|at| root + at + 1);
    let closes_itself = root_tag_end.is_some_and(|end| text[..end].ends_with("/>") && end == trimmed.len());
    if !(trimmed.ends_with("</svg>") || closes_itself) {
        return Err(unreadable("the drawing is cut short: it does not end with </svg>"));
    }
    let mut removed = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let (cut, what, end) = if let Some(at) = rest.find("<!--") { (at, "comment", "-->") } else { (rest.len(), "", "") };
        let (cut, what, end) = match find_element(rest, "metadata") {
            Some(at) if at < cut => (at, "metadata", "</metadata>"),
            _ => match rest.find("<?").filter(|at| *at > 0 || !rest.starts_with("<?xml ")) {
                Some(at) if at < cut => (at, "processing instruction", "?>"),
                _ => (cut, what, end),
            },
        };
        out.push_str(&rest[..cut]);
        if what.is_empty() {
            break;
        }
        let after = &rest[cut..];
        let close = if what == "metadata" && self_closing(after) {
            after.find("/>").map(|at| at + 2)
        } else {
            after.find(end).map(|at| at + end.len())
        };
        let Some(close) = close else { return Err(unreadable(format!("a {what} in the drawing is never closed"))) };
        if !removed.iter().any(|r| r == what) {
            removed.push(what.to_owned());
        }
        // Its line breaks stay, so the words after it keep their lines for findings.
        out.extend(after[..close].matches('\n').map(|_| '\n'));
        rest = &after[close..];
    }
    let out = strip_embedded_pictures(&out, &mut removed)?;
    let words = words_of(&crate::text::xml::expand_entities(&out).map_err(unreadable)?);
    Ok(StrippedSvg { bytes: out.into_bytes(), removed, words })
}

/// Pictures written inside a drawing or a web file (`href="data:image/jpeg;base64,..."`,
/// `url(data:image/png;base64,...)`) are photos like any other: each is stripped as its own
/// file would be, or the file is refused.
pub(crate) fn strip_embedded_pictures(svg: &str, removed: &mut Vec<String>) -> Result<String, ImageError> {
    const MARK: &str = ";base64,";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(at) = rest.find("data:image/") {
        let Some(mark) = rest[at..].find(MARK).map(|m| at + m + MARK.len()) else { break };
        let end = rest[mark..].find(['"', '\'', ')', '<']).map_or(rest.len(), |e| mark + e);
        out.push_str(&rest[..mark]);
        let payload = &rest[mark..end];
        let picture = base64_decode(payload).ok_or_else(|| unreadable("a picture written inside the file is not valid base64"))?;
        match super::raster_extension(&picture) {
            None if picture.trim_ascii_start().starts_with(b"<") => {
                let inner =
                    strip(&picture).map_err(|err| unreadable(format!("a drawing written inside the file cannot be read ({err})")))?;
                if !inner.removed.is_empty() && !removed.iter().any(|r| r == "metadata of a picture inside") {
                    removed.push("metadata of a picture inside".to_owned());
                }
                out.push_str(&base64_encode(&inner.bytes));
            }
            Some(extension) => {
                let scrubbed = super::scrub(&picture, extension).map_err(|err| {
                    unreadable(format!("a picture written inside the file cannot be stripped ({err}): save it as its own file"))
                })?;
                if !scrubbed.removed.is_empty() && !removed.iter().any(|r| r == "metadata of a picture inside") {
                    removed.push("metadata of a picture inside".to_owned());
                }
                out.push_str(&base64_encode(&scrubbed.bytes));
            }
            None => out.push_str(payload),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    Ok(out)
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for byte in text.bytes().filter(|b| !b.is_ascii_whitespace() && *b != b'=') {
        let value = u32::try_from(BASE64.iter().position(|&c| c == byte)?).ok()?;
        buffer = (buffer << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((buffer >> bits) & 0xFF).ok()?);
        }
    }
    Some(out)
}

fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let joined = chunk.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b)) << (8 * (3 - chunk.len()));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(BASE64[usize::try_from((joined >> (18 - 6 * i)) & 63).unwrap_or(0)]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Where `<name` starts as an element in `text`, if it does.
fn find_element(text: &str, name: &str) -> Option<usize> {
    let open = format!("<{name}");
    let mut from = 0;
    while let Some(at) = text[from..].find(&open) {
        let at = from + at;
        let next = text[at + open.len()..].chars().next();
        if matches!(next, Some(c) if c.is_whitespace() || c == '>' || c == '/') {
            return Some(at);
        }
        from = at + open.len();
    }
    None
}

/// True if the element starting `text` closes itself (`<metadata/>`).
fn self_closing(text: &str) -> bool {
    text.find('>').is_some_and(|at| text[..at].ends_with('/'))
}

/// The text of `<title>`, `<desc>` and `<text>` (with its `<tspan>`s), each at the line
/// and column where its element's content starts in the drawing, so that a finding in
/// the words is placed in the file.
fn words_of(svg: &str) -> String {
    let mut found = Vec::new();
    for name in ["title", "desc", "text"] {
        let mut from = 0;
        while let Some(at) = find_element(&svg[from..], name) {
            let start = from + at;
            let Some(open_end) = svg[start..].find('>').map(|i| start + i + 1) else { break };
            let close = format!("</{name}>");
            let end = svg[open_end..].find(&close).map_or(svg.len(), |i| open_end + i);
            let text = crate::text::html::visible_text(&svg[open_end..end]).split_whitespace().collect::<Vec<_>>().join(" ");
            if !text.is_empty() {
                found.push((open_end, text));
            }
            from = end;
        }
    }
    found.sort();
    let mut words = String::new();
    let (mut line, mut column) = (0, 0);
    for (at, text) in found {
        let before = &svg[..at];
        let (at_line, at_column) = (before.matches('\n').count(), before[before.rfind('\n').map_or(0, |i| i + 1)..].chars().count());
        if at_line > line {
            words.extend(std::iter::repeat_n('\n', at_line - line));
            (line, column) = (at_line, 0);
        }
        let pad = if at_column > column { at_column - column } else { usize::from(column > 0) };
        words.extend(std::iter::repeat_n(' ', pad));
        words.push_str(&text);
        column += pad + text.chars().count();
    }
    words
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_goes_there_and_back() {
        for bytes in [&b""[..], b"A", b"Am", b"Ame", b"Amelia Thornbury", &[0, 255, 128, 7]] {
            assert_eq!(base64_decode(&base64_encode(bytes)).as_deref(), Some(bytes));
        }
        assert_eq!(base64_encode(b"Amelia"), "QW1lbGlh");
        assert_eq!(base64_decode("QW1l\nbGlh"), Some(b"Amelia".to_vec()));
        assert_eq!(base64_decode("QW*l"), None);
    }

    /// Regression: a photo written inside a drawing kept its GPS.
    #[test]
    fn a_picture_inside_a_drawing_is_stripped_like_any_photo() {
        let png_with_text = {
            let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
            let chunk = |kind: &[u8], data: &[u8]| {
                let mut crc = flate2::Crc::new();
                crc.update(kind);
                crc.update(data);
                [&u32::try_from(data.len()).unwrap().to_be_bytes()[..], kind, data, &crc.sum().to_be_bytes()].concat()
            };
            let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
            std::io::Write::write_all(&mut encoder, &[0, 0]).unwrap();
            png.extend(chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]));
            png.extend(chunk(b"tEXt", b"Author\0Amelia Thornbury"));
            png.extend(chunk(b"IDAT", &encoder.finish().unwrap()));
            png.extend(chunk(b"IEND", b""));
            png
        };
        let svg = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><image href=\"data:image/png;base64,{}\"/></svg>",
            base64_encode(&png_with_text)
        );
        let stripped = strip(svg.as_bytes()).unwrap();
        assert!(stripped.removed.contains(&"metadata of a picture inside".to_string()), "{:?}", stripped.removed);
        let text = String::from_utf8(stripped.bytes).unwrap();
        let payload = text.split(";base64,").nth(1).and_then(|rest| rest.split('"').next()).unwrap();
        let picture = base64_decode(payload).unwrap();
        assert!(!picture.windows(6).any(|w| w == b"Amelia"));
        assert!(strip(b"<svg><image href=\"data:image/png;base64,iVBORw0KGgo=\"/></svg>").is_err(), "a broken picture inside");
    }

    use super::*;

    /// Regression: names in `<title>`, `<desc>` and `<text>` were published unchecked, XMP
    /// inside an SVG stayed, and an empty, truncated or random file was published.
    #[test]
    fn metadata_and_comments_go_and_the_words_are_kept_for_the_rules() {
        let svg = r#"<?xml version="1.0"?><!-- drawn by Amelia Thornbury --><svg xmlns="http://www.w3.org/2000/svg"><metadata><rdf:RDF><dc:creator>Amelia Thornbury</dc:creator></rdf:RDF></metadata><title>Our garden</title><desc>Planted by Zoë Adeyemi-Clarke</desc><text x="1">Year <tspan>3</tspan></text><circle r="2"/></svg>"#;
        let stripped = strip(svg.as_bytes()).unwrap();
        let out = String::from_utf8(stripped.bytes).unwrap();
        assert!(!out.contains("Thornbury") && !out.contains("metadata") && !out.contains("<!--"), "{out}");
        assert!(out.starts_with("<?xml") && out.contains("<circle r=\"2\"/>"));
        assert_eq!(stripped.removed, ["comment", "metadata"]);
        assert_eq!(stripped.words.split_whitespace().collect::<Vec<_>>().join(" "), "Our garden Planted by Zoë Adeyemi-Clarke Year 3");
    }

    /// Regression: a finding in a drawing had no line.
    #[test]
    fn the_words_keep_their_lines_and_columns() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<!-- a note\nover two lines -->\n<title>Our garden</title>\n  <text>By <tspan>Amelia</tspan> Thornbury</text>\n</svg>";
        let words = strip(svg.as_bytes()).unwrap().words;
        let at = words.find("By Amelia").unwrap();
        assert_eq!(crate::finding::Span::at_offset(&words, at, 1), crate::finding::Span { line: 5, column: 9 });
        assert_eq!(crate::finding::Span::at_offset(&words, words.find("Our").unwrap(), 1).line, 4);
    }

    /// Regression: a name written as a custom entity (`&who;`) was not seen.
    #[test]
    fn custom_entities_are_read_as_their_words() {
        let svg = "<!DOCTYPE svg [<!ENTITY who \"Amelia Thornbury\">]><svg xmlns=\"http://www.w3.org/2000/svg\"><text>&who;</text></svg>";
        assert!(strip(svg.as_bytes()).unwrap().words.contains("Amelia Thornbury"));
        let laughs = "<!DOCTYPE svg [<!ENTITY a \"hahahahahahahahaha\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">]><svg><text>&g;</text></svg>";
        assert!(matches!(strip(laughs.as_bytes()), Err(ImageError::Unreadable { .. })));
    }

    #[test]
    fn empty_cut_short_or_foreign_files_are_unreadable() {
        for bad in [
            &b""[..],
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><circle",
            b"\x89PNG random bytes",
            b"hello <svg></svg>",
            b"<svg><metadata>x</svg>",
        ] {
            assert!(matches!(strip(bad), Err(ImageError::Unreadable { .. })), "{:?}", String::from_utf8_lossy(bad));
        }
        assert!(strip(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>").is_ok());
    }
}
