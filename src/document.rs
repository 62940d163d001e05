//! PDF documents, as schools link them (letters, forms, minutes): every word a reader can
//! see or find in one, and every photo inside, so that a PDF is checked like any page.
//!
//! Takes the bytes of one file; gives back a [`Reading`] or says why the document cannot be
//! checked ([`CannotCheck`]). The words come from three places: the text drawn on each page
//! (read through each font's own map from codes to letters, invisible text included, since
//! a reader can copy or search it), the document's strings (information dictionary,
//! bookmarks, form fields, comments, link text), and its XMP metadata. Each JPEG inside is
//! inspected like a published photo. Pure: no IO, no printing, no panics on any input.

use std::fmt;

use hayro_interpret::font::Glyph;
use hayro_interpret::hayro_syntax::Pdf;
use hayro_interpret::hayro_syntax::object::{MaybeRef, Object, Stream};
use hayro_interpret::hayro_syntax::page::Page;
use hayro_interpret::util::TransformExt;
use hayro_interpret::{
    BlendMode, ClipPath, Context, Device, GlyphDrawMode, Image, InterpreterCache, InterpreterSettings, Paint, PathDrawMode, SoftMask,
    interpret_page,
};
use kurbo::{Affine, BezPath, Point, Rect, Vec2};

use crate::image;

/// What a PDF holds that the rules read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    /// The words of each page, in drawing order, lines and word gaps kept.
    pub pages: Vec<String>,
    /// Words held outside the pages, with where: "its Author field",
    /// "its XMP metadata", "a photo's metadata (EXIF Artist)".
    pub other: Vec<(String, String)>,
    /// Each place a location was found: in a photo inside (whatever its filters, inline
    /// images included) or in XMP metadata.
    pub locations: Vec<String>,
    /// Every run of readable characters in the file's bytes and in every stream it holds,
    /// unpacked, whether or not the document uses it: comments, earlier versions kept by
    /// incremental saves, hidden layers, form data, text after the end. Read for full
    /// names only, since a PDF's own syntax is words too.
    pub raw: String,
}

impl Reading {
    /// Every text with where it is, for the rules: "page 2", then the other places.
    pub fn parts(&self) -> impl Iterator<Item = (String, &str)> {
        let pages = self.pages.iter().enumerate().map(|(i, text)| (format!("page {}", i + 1), text.as_str()));
        pages.chain(self.other.iter().map(|(place, text)| (place.clone(), text.as_str())))
    }
}

/// Why a PDF cannot be checked, and so is not published.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CannotCheck {
    #[error("it is damaged or is not really a PDF")]
    Damaged,
    #[error("it is protected with a password")]
    Password,
    #[error("page {page} is mostly a picture with few words beside it (a scan, or a poster), and words in a picture cannot be read")]
    Scanned { page: usize },
    #[error("page {page} draws letters without saying which letters they are, so its words cannot be read")]
    UnknownLetters { page: usize },
    #[error("it carries another file inside it ({name})")]
    Attachment { name: String },
}

/// How every PDF starts, whatever its name.
pub const MAGIC: &[u8] = b"%PDF-";

/// How deep nested dictionaries and arrays are followed; deeper is a hostile file.
const MAX_NESTING: u8 = 16;
/// Fewer letters than this beside a picture covering half the page or more make the page
/// a scan: enough for a page number or a footer, not for a caption's worth of words.
const SCAN_LETTERS: usize = 40;
/// A run of this many letters in a row that say nothing of what they are could be a word;
/// one alone is a bullet or a symbol.
const UNKNOWN_WORD: usize = 2;

/// Reads a PDF.
///
/// The PDF reader is young and a hostile file can make it panic; such a file is damaged
/// as far as a school is concerned, so the panic is caught here and kept off the terminal.
pub fn read(bytes: &[u8]) -> Result<Reading, CannotCheck> {
    static QUIET_HOOK: std::sync::Once = std::sync::Once::new();
    QUIET_HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !READING.get() {
                default(info);
            }
        }));
    });
    READING.set(true);
    let result = std::panic::catch_unwind(|| read_unguarded(bytes)).unwrap_or(Err(CannotCheck::Damaged));
    READING.set(false);
    result
}

thread_local! {
    /// Set while this thread reads a PDF: a panic then is the file's fault, said as such.
    static READING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn read_unguarded(bytes: &[u8]) -> Result<Reading, CannotCheck> {
    use hayro_interpret::hayro_syntax::LoadPdfError;
    // A PDF ends with `%%EOF`: one cut short has lost its end, whatever a lenient reader
    // makes of the rest.
    if find(&bytes[bytes.len().saturating_sub(1024)..], b"%%EOF", 0).is_none() {
        return Err(CannotCheck::Damaged);
    }
    let pdf = Pdf::new(bytes.to_vec()).map_err(|err| match err {
        LoadPdfError::Decryption(_) => CannotCheck::Password,
        LoadPdfError::Invalid => CannotCheck::Damaged,
    })?;
    let mut reading = Reading::default();
    let cache = InterpreterCache::new();
    for (index, page) in pdf.pages().iter().enumerate() {
        let words = read_page(page, &cache);
        let number = index + 1;
        if words.longest_unknown >= UNKNOWN_WORD {
            return Err(CannotCheck::UnknownLetters { page: number });
        }
        // A page that is a picture, with at most a line of real text (a page number, a
        // footer) beside it, is a scan: its words are pixels no one can check.
        let (width, height) = page.render_dimensions();
        let mostly_picture = words.largest_picture >= 0.5 * f64::from(width) * f64::from(height);
        if words.images > 0 && (words.glyphs == 0 || (mostly_picture && words.glyphs < SCAN_LETTERS)) {
            return Err(CannotCheck::Scanned { page: number });
        }
        reading.pages.push(words.text().trim().to_string());
    }
    for object in pdf.objects() {
        read_object(&object, &mut reading, 0)?;
    }
    read_raw(bytes, &mut reading);
    // A recording carries its own words and places, which nothing here can hear: found in
    // the raw reading, so an unused one is found too.
    static RECORDING: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"/(?:Sub)?[Tt]ype\s*/(Sound|Movie|RichMedia|3D|Screen)\b").expect("the recording pattern is valid")
    });
    if let Some(found) = RECORDING.captures(&reading.raw) {
        return Err(CannotCheck::Attachment { name: format!("a recording or media clip ({})", &found[1]) });
    }
    Ok(reading)
}

/// How much unpacked data the raw reading looks at, per stream and in all: enough for any
/// letter home; a file packing more is read up to here.
const RAW_STREAM_LIMIT: u64 = 16 << 20;
const RAW_TOTAL_LIMIT: usize = 64 << 20;

/// Reads every byte of the file as a stranger with a text editor would: the readable runs,
/// each stream unpacked (found by its keywords, not through the document's tables, so
/// earlier versions and unused streams are read too), and each JPEG found anywhere.
fn read_raw(bytes: &[u8], reading: &mut Reading) {
    use std::io::Read as _;
    let mut raw = String::new();
    push_runs(bytes, &mut raw);
    let mut unpacked = 0usize;
    let mut from = 0;
    while let Some(at) = find(bytes, b"stream", from) {
        from = at + 6;
        if bytes[..at].ends_with(b"end") {
            continue;
        }
        let start = match bytes.get(from..from + 2) {
            Some([b'\r', b'\n']) => from + 2,
            Some([b'\n', _]) | Some([b'\r', _]) => from + 1,
            _ => continue,
        };
        let end = find(bytes, b"endstream", start).unwrap_or(bytes.len());
        let data = &bytes[start..end];
        let mut inflated = Vec::new();
        let read = flate2::read::ZlibDecoder::new(data).take(RAW_STREAM_LIMIT).read_to_end(&mut inflated);
        let data = if read.is_ok() && !inflated.is_empty() { inflated.as_slice() } else { data };
        unpacked += data.len();
        if unpacked > RAW_TOTAL_LIMIT {
            break;
        }
        read_photos(data, reading);
        read_photos(&hex_photos(data), reading);
        if data.windows(11).any(|w| w == b"GPSLatitude" || w == b"GPSLongitu") {
            reading.locations.push("XMP metadata inside the PDF (exif:GPS...)".to_string());
        }
        push_runs(data, &mut raw);
    }
    reading.locations.dedup();
    reading.raw = raw;
}

/// Every JPEG that starts in `data` (a photo's stream, or an inline image in a page).
fn read_photos(data: &[u8], reading: &mut Reading) {
    let mut from = 0;
    for _ in 0..16 {
        let Some(at) = find(data, &[0xFF, 0xD8, 0xFF], from) else { return };
        from = at + 3;
        let Ok(photo) = image::inspect(&data[at..], "jpg") else { continue };
        for text in &photo.texts {
            push_text(reading, &format!("a photo's metadata ({})", text.source), &text.text);
        }
        reading.locations.extend(photo.geodata.iter().map(|place| format!("{place} of a photo inside")));
    }
}

/// JPEGs written out as hexadecimal digits (an inline image packed with `/AHx`), turned
/// back into bytes one after another.
fn hex_photos(data: &[u8]) -> Vec<u8> {
    let mut photos = Vec::new();
    let mut from = 0;
    while let Some(at) = find(data, b"FFD8FF", from).or_else(|| find(data, b"ffd8ff", from)) {
        let digits = data[at..].iter().take_while(|b| b.is_ascii_hexdigit() || b.is_ascii_whitespace()).filter(|b| b.is_ascii_hexdigit());
        let digits: Vec<u8> = digits.copied().collect();
        from = at + digits.len().max(6);
        photos.extend(digits.chunks_exact(2).filter_map(|pair| u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()));
    }
    photos
}

/// Every run of readable characters in `data`, one per line, UTF-16 text included.
pub(crate) fn push_runs(data: &[u8], raw: &mut String) {
    let runs = |data: &[u8], raw: &mut String| {
        for run in image::printable_runs(data) {
            raw.push_str(&run);
            raw.push('\n');
        }
    };
    runs(data, raw);
    // Text stored as UTF-16 has a 0 between its letters: read it with them taken out.
    if data.windows(4).any(|w| w[0] != 0 && w[1] == 0 && w[2] != 0 && w[3] == 0) {
        let letters: Vec<u8> = data.iter().copied().filter(|&b| b != 0).collect();
        runs(&letters, raw);
    }
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|at| at + from)
}

fn read_page<'a>(page: &'a Page<'a>, cache: &InterpreterCache<'a>) -> Words {
    let (width, height) = page.render_dimensions();
    let bounds = Rect::new(0.0, 0.0, f64::from(width), f64::from(height));
    let mut context = Context::new(page.initial_transform(true).to_kurbo(), bounds, cache, page.xref(), InterpreterSettings::default());
    let mut words = Words::default();
    interpret_page(page, &mut context, &mut words);
    words
}

/// Strings, XMP, photos and attachments in one object of the file.
fn read_object(object: &Object<'_>, reading: &mut Reading, depth: u8) -> Result<(), CannotCheck> {
    if depth > MAX_NESTING {
        return Ok(());
    }
    match object {
        Object::String(string) => {
            push_text(reading, "its other text (a form field, comment, bookmark or link)", &decode_string(string.as_bytes()))
        }
        Object::Array(array) => {
            for item in array.raw_iter() {
                if let MaybeRef::NotRef(item) = item {
                    read_object(&item, reading, depth + 1)?;
                }
            }
        }
        Object::Dict(dict) => read_dict(dict, reading, depth)?,
        Object::Stream(stream) => {
            read_dict(stream.dict(), reading, depth)?;
            read_stream(stream, reading)?;
        }
        _ => {}
    }
    Ok(())
}

fn read_dict(dict: &hayro_interpret::hayro_syntax::object::Dict<'_>, reading: &mut Reading, depth: u8) -> Result<(), CannotCheck> {
    for key in dict.keys() {
        // Identifiers, encryption keys and signatures are bytes, not words.
        if matches!(key.as_str(), "ID" | "O" | "U" | "OE" | "UE" | "Perms" | "CreationDate" | "ModDate" | "M" | "ByteRange") {
            continue;
        }
        if let Some(MaybeRef::NotRef(value)) = dict.get_raw::<Object<'_>>(key.as_ref()) {
            match (&value, key.as_str()) {
                (Object::String(string), "Title" | "Author" | "Subject" | "Keywords" | "Creator" | "Producer") => {
                    push_text(reading, &format!("its {} field", key.as_str()), &decode_string(string.as_bytes()));
                }
                _ => read_object(&value, reading, depth + 1)?,
            }
        }
    }
    Ok(())
}

fn read_stream(stream: &Stream<'_>, reading: &mut Reading) -> Result<(), CannotCheck> {
    let dict = stream.dict();
    let name = |key: &str| dict.get::<hayro_interpret::hayro_syntax::object::Name<'_>>(key).map(|n| n.as_str().to_string());
    if name("Type").as_deref() == Some("EmbeddedFile") {
        return Err(CannotCheck::Attachment { name: "an attached file".into() });
    }
    if name("Type").as_deref() == Some("Metadata") || name("Subtype").as_deref() == Some("XML") {
        if let Ok(xml) = stream.decoded() {
            let text = crate::text::html::visible_text(&decode_string(&xml));
            push_text(reading, "its XMP metadata", &text);
        }
        return Ok(());
    }
    Ok(())
}

fn push_text(reading: &mut Reading, place: &str, text: &str) {
    let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    if text.chars().any(char::is_alphanumeric) {
        reading.other.push((place.to_string(), text.to_string()));
    }
}

/// A PDF text string: UTF-16 with a byte-order mark, UTF-8 with one (PDF 2.0), or else
/// PDFDocEncoding, which matches Latin-1 for every letter.
fn decode_string(bytes: &[u8]) -> String {
    match bytes {
        [0xFE, 0xFF, rest @ ..] => image::decode_utf16(rest, false),
        [0xFF, 0xFE, rest @ ..] => image::decode_utf16(rest, true),
        [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8_lossy(rest).into_owned(),
        _ => match utf16_without_mark(bytes) {
            Some(little) => image::decode_utf16(bytes, little),
            None => bytes.iter().map(|&b| char::from(b)).collect(),
        },
    }
}

/// Text in UTF-16 written without its byte-order mark, as some tools do: every other byte
/// is 0. `Some(true)` for little-endian.
fn utf16_without_mark(bytes: &[u8]) -> Option<bool> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let zero_at = |start: usize| bytes.iter().skip(start).step_by(2).all(|&b| b == 0);
    if zero_at(0) && !zero_at(1) {
        Some(false)
    } else if zero_at(1) && !zero_at(0) {
        Some(true)
    } else {
        None
    }
}

/// A drawing device that keeps only the letters, where they sit, and whether pictures were
/// drawn. Words are separated where a gap between letters is wider than a narrow space,
/// and lines where the next letter does not sit on the same line.
#[derive(Default)]
struct Words {
    text: String,
    glyphs: usize,
    images: usize,
    /// The area of the largest picture drawn, in the page's units.
    largest_picture: f64,
    unknown_run: usize,
    longest_unknown: usize,
    /// Where the next letter would sit if it followed on, the line's direction, the size of
    /// the letters, and the last letter drawn (fill-and-stroke text is drawn twice).
    next: Option<(Point, Vec2, f64)>,
    last: Option<([f64; 6], String)>,
    /// Letters on level lines, left to right: read in the order they sit on the page, not
    /// the order they were drawn in (which a file can shuffle).
    level: Vec<Placed>,
}

/// A letter on a level line: where it starts and ends along the line, its line's height
/// on the page (downwards), its size.
#[derive(Clone)]
struct Placed {
    x: f64,
    end: f64,
    y: f64,
    size: f64,
    letter: String,
}

impl Words {
    fn letter(&mut self, glyph: &Glyph<'_>, placed: Affine) {
        let letter = match glyph.as_unicode() {
            Some(hayro_interpret::hayro_cmap::BfString::Char(c)) => c.to_string(),
            Some(hayro_interpret::hayro_cmap::BfString::String(s)) => s,
            None => String::new(),
        };
        let key = (placed.as_coeffs(), letter.clone());
        if self.last.as_ref() == Some(&key) {
            return;
        }
        self.last = Some(key);
        self.glyphs += 1;
        let [a, b, c, d, _, _] = placed.as_coeffs();
        // Glyphs are drawn in units of a thousandth of the letter size.
        let size = (c * c + d * d).sqrt() * 1000.0;
        let along = Vec2::new(a, b);
        let direction = if along.hypot() > 0.0 { along / along.hypot() } else { Vec2::new(1.0, 0.0) };
        let origin = placed * Point::ORIGIN;
        let advance = match glyph {
            Glyph::Outline(outline) => outline.advance_width().map(f64::from),
            Glyph::Type3(_) => None,
        }
        .unwrap_or(500.0);
        if letter.is_empty() {
            self.unknown_run += 1;
            self.longest_unknown = self.longest_unknown.max(self.unknown_run);
        } else {
            self.unknown_run = 0;
        }
        let shown = if letter.is_empty() { "\u{FFFD}".to_string() } else { letter };
        if direction.y.abs() < 0.02 && direction.x > 0.0 {
            let end = (origin + along * advance).x;
            self.level.push(Placed { x: origin.x, end, y: origin.y, size, letter: shown });
            return;
        }
        let letter = shown;
        if let Some((expected, line, size_before)) = self.next {
            let gap = origin - expected;
            let em = size.max(size_before).max(f64::EPSILON);
            let across = line.cross(gap).abs();
            let ahead = line.dot(gap);
            let spaced = self.text.ends_with(char::is_whitespace) || letter.starts_with(char::is_whitespace);
            if across > 0.5 * em {
                self.text.push('\n');
            } else if !spaced && !(-0.3 * em..=0.15 * em).contains(&ahead) {
                self.text.push(' ');
            }
        }
        self.next = Some((origin + along * advance, direction, size));
        self.text.push_str(&letter);
    }

    /// The page's words: the level lines in reading order (top to bottom, left to right),
    /// then any turned or slanted text in the order it was drawn.
    fn text(&self) -> String {
        let mut letters = self.level.clone();
        letters.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
        let mut lines: Vec<Vec<Placed>> = Vec::new();
        for letter in letters {
            match lines.last_mut() {
                Some(line) if (letter.y - line[0].y).abs() <= 0.5 * letter.size.max(line[0].size) => line.push(letter),
                _ => lines.push(vec![letter]),
            }
        }
        let mut text = String::new();
        for mut line in lines {
            line.sort_by(|a, b| a.x.total_cmp(&b.x));
            // Letter-spaced text has wide gaps between its letters: a word gap is one
            // clearly wider than the line's usual gap.
            let mut gaps: Vec<f64> = line.windows(2).map(|pair| (pair[1].x - pair[0].end).max(0.0)).collect();
            gaps.sort_by(f64::total_cmp);
            let usual = gaps.get(gaps.len() / 2).copied().unwrap_or(0.0);
            let mut words = String::new();
            for (i, letter) in line.iter().enumerate() {
                if let Some(before) = i.checked_sub(1).map(|j| &line[j]) {
                    let gap = letter.x - before.end;
                    let spaced = words.ends_with(char::is_whitespace) || letter.letter.starts_with(char::is_whitespace);
                    if !spaced && gap > (0.15 * letter.size).max(1.6 * usual) {
                        words.push(' ');
                    }
                }
                words.push_str(&letter.letter);
            }
            let words = words.trim_end();
            // A word broken over two lines with a hyphen is read whole, as a reader reads it;
            // an address broken at its own hyphen keeps it (`office@benchmark-` / `hill.example`).
            if text.ends_with('-') && words.starts_with(char::is_lowercase) {
                if !is_address_part(last_word(&text)) && !is_address_part(words.split_whitespace().next().unwrap_or("")) {
                    text.pop();
                }
            } else if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(words);
        }
        if !self.text.trim().is_empty() {
            text.push('\n');
            text.push_str(self.text.trim());
        }
        text
    }
}

/// The last whitespace-separated word of `text`.
fn last_word(text: &str) -> &str {
    text.rsplit(char::is_whitespace).next().unwrap_or("")
}

/// True if `word` is (part of) an e-mail or web address, whose hyphens are its own.
fn is_address_part(word: &str) -> bool {
    let word = word.trim_end_matches('-');
    word.contains('@') || word.contains('/') || word.contains("www.") || word.split('.').filter(|part| !part.is_empty()).count() > 1
}

impl<'a> Device<'a> for Words {
    fn set_soft_mask(&mut self, _: Option<SoftMask<'a>>) {}
    fn set_blend_mode(&mut self, _: BlendMode) {}
    fn draw_path(&mut self, _: &BezPath, _: Affine, _: &Paint<'a>, _: &PathDrawMode) {}
    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}
    fn draw_glyph(&mut self, glyph: &Glyph<'a>, transform: Affine, glyph_transform: Affine, _: &Paint<'a>, _: &GlyphDrawMode) {
        self.letter(glyph, transform * glyph_transform);
    }
    fn draw_image(&mut self, image: Image<'a, '_>, transform: Affine) {
        // The transform places the picture's pixels on the page: its area there is the
        // transform's scale times the pixels.
        self.images += 1;
        let pixels = f64::from(image.width()) * f64::from(image.height());
        self.largest_picture = self.largest_picture.max(transform.determinant().abs() * pixels);
    }
    fn pop_clip_path(&mut self) {}
    fn pop_transparency_group(&mut self) {}
}

impl fmt::Debug for Words {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Words").field("text", &self.text).field("glyphs", &self.glyphs).finish_non_exhaustive()
    }
}

/// The tests' PDF maker, for the tests here and of the commands that publish PDFs.
#[cfg(test)]
#[path = "../tests/it/pdf/writer.rs"]
pub(crate) mod writer;

#[cfg(test)]
#[path = "../tests/it/imagegen/mod.rs"]
#[allow(dead_code, reason = "the end-to-end tests use the rest")]
pub(crate) mod imagegen;

#[cfg(test)]
mod tests {
    use super::writer::{Letter, write};
    use super::*;

    #[test]
    fn words_of_a_letter_in_a_standard_font_are_read_with_their_gaps() {
        let letter = Letter {
            pages: vec![vec!["Dear parents,", "Sports day results", "Amelia| Thornbury came first.", "Thorn|bury Road"], vec!["Page two"]],
            gap: 300,
            ..Letter::default()
        };
        let reading = read(&write(&letter)).unwrap();
        assert_eq!(reading.pages[0], "Dear parents,\nSports day results\nAmelia Thornbury came first.\nThorn bury Road");
        assert_eq!(reading.pages[1], "Page two");
        let kerned = Letter { pages: vec![vec!["Thorn|bury"]], gap: 40, ..Letter::default() };
        assert_eq!(read(&write(&kerned)).unwrap().pages[0], "Thornbury", "a kerning gap is not a space");
    }

    /// Regression: a name drawn in pieces out of order, letter by letter from the right,
    /// letter-spaced, or broken over two lines was read as the pieces.
    #[test]
    fn words_are_read_in_the_order_they_sit_on_the_page() {
        let page = |operators: &'static str| {
            let letter = Letter { pages: vec![vec![]], operators: Some(operators), ..Letter::default() };
            read(&write(&letter)).unwrap().pages.remove(0)
        };
        // "Amelia Thor" is 64.68 points wide in 12-point Helvetica.
        assert_eq!(page("1 0 0 1 164.68 600 Tm (nbury) Tj 1 0 0 1 100 600 Tm (Amelia Thor) Tj"), "Amelia Thornbury");
        assert_eq!(page("1 0 0 1 100 600 Tm 20 Tc (Amelia Thornbury) Tj 0 Tc"), "Amelia Thornbury");
        assert_eq!(page("1 0 0 1 100 600 Tm (Amelia Thorn-) Tj 1 0 0 1 100 586 Tm (bury came first) Tj"), "Amelia Thornbury came first");
        let address = "1 0 0 1 100 600 Tm (Write to office@benchmark-) Tj 1 0 0 1 100 586 Tm (hill.example today) Tj";
        assert_eq!(page(address), "Write to office@benchmark-hill.example today", "an address keeps its own hyphen");
        let backwards = "1 0 0 1 112 600 Tm (b) Tj 1 0 0 1 106 600 Tm (a) Tj 1 0 0 1 100 600 Tm (T) Tj";
        assert_eq!(page(backwards), "Tab");
    }

    #[test]
    fn words_outside_the_pages_are_read_with_their_place() {
        let letter = Letter {
            pages: vec![vec!["Trip letter"]],
            info: vec![("Author", "Mrs Zoë Jones"), ("Title", "Year 6 trip")],
            xmp: Some("Amelia Thornbury"),
            invisible: Some("Noah Okafor"),
            ..Letter::default()
        };
        let reading = read(&write(&letter)).unwrap();
        assert_eq!(reading.pages[0], "Trip letter\nNoah Okafor");
        let places: Vec<(String, &str)> = reading.parts().skip(1).collect();
        assert!(places.contains(&("its Author field".into(), "Mrs Zoë Jones")), "{places:?}");
        assert!(places.contains(&("its XMP metadata".into(), "Amelia Thornbury")), "{places:?}");
    }

    #[test]
    fn text_in_utf16_is_read_with_or_without_its_mark() {
        let utf16 = |little: bool| -> Vec<u8> {
            "Amelia Thornbury".encode_utf16().flat_map(|u| if little { u.to_le_bytes() } else { u.to_be_bytes() }).collect()
        };
        assert_eq!(decode_string(&[&[0xFE, 0xFF][..], &utf16(false)].concat()), "Amelia Thornbury");
        assert_eq!(decode_string(&utf16(false)), "Amelia Thornbury");
        assert_eq!(decode_string(&utf16(true)), "Amelia Thornbury");
        assert_eq!(decode_string(b"Caf\xE9"), "Café");
        let mut raw = String::new();
        push_runs(&utf16(true), &mut raw);
        assert!(raw.contains("Amelia Thornbury"), "{raw}");
    }

    #[test]
    fn photos_inside_are_inspected() {
        let jpeg = [
            b"\xFF\xD8\xFF\xFE\x00\x12Amelia Thornbury".as_slice(),
            b"\xFF\xDB\x00\x43",
            &[0; 65],
            b"\xFF\xC0\x00\x0B\x08\x00\x01\x00\x01\x01\x01\x11\x00\xFF\xDA\x00\x08\x01\x01\x00\x00\x3F\x00\x12\xFF\xD9",
        ]
        .concat();
        let letter = Letter { pages: vec![vec!["Newsletter"]], photo: Some(jpeg), ..Letter::default() };
        let reading = read(&write(&letter)).unwrap();
        assert!(reading.parts().any(|(place, text)| place == "a photo's metadata (JPEG comment)" && text == "Amelia Thornbury"));
    }

    /// A stranger with a text editor reads more than a PDF viewer shows.
    #[test]
    fn what_is_out_of_sight_is_read_raw() {
        let mut file = write(&Letter { pages: vec![vec!["Well done Amelia Thornbury"]], ..Letter::default() });
        // An incremental save: the page's words replaced, the old ones still in the file.
        let replaced = b"BT /F1 12 Tf 72 720 Td (Well done everyone) Tj ET";
        let update = format!("\n%a comment naming Noah Okafor\n99 0 obj\n<< /Length {} >>\nstream\n", replaced.len());
        file.extend_from_slice(update.as_bytes());
        file.extend_from_slice(replaced);
        file.extend_from_slice(b"\nendstream\nendobj\n%%EOF\n");
        let reading = read(&file).unwrap();
        assert!(reading.raw.contains("Well done Amelia Thornbury") && reading.raw.contains("Noah Okafor"), "{}", reading.raw);
    }

    #[test]
    fn a_location_inside_is_found_whatever_wraps_the_photo() {
        let jpeg = super::imagegen::jpeg_with_gps();
        let mut packed = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut packed, &jpeg).unwrap();
        let packed = packed.finish().unwrap();
        let mut file = write(&Letter { pages: vec![vec!["Newsletter"]], ..Letter::default() });
        let cut = file.len() - 6;
        file.truncate(cut);
        file.extend_from_slice(format!("50 0 obj\n<< /Filter [/FlateDecode /DCTDecode] /Length {} >>\nstream\n", packed.len()).as_bytes());
        file.extend_from_slice(&packed);
        file.extend_from_slice(b"\nendstream\nendobj\n%%EOF\n");
        let reading = read(&file).unwrap();
        assert!(reading.locations.iter().any(|place| place.contains("GPS")), "{:?}", reading.locations);
    }

    /// Regression: an inline image packed as hexadecimal digits kept its GPS unseen, and a
    /// sound annotation was published unheard.
    #[test]
    fn a_photo_in_hex_and_a_recording_are_found() {
        let hex: String = super::imagegen::jpeg_with_gps().iter().map(|b| format!("{b:02X}")).collect();
        let operators = format!("q 10 0 0 10 0 0 cm BI /W 1 /H 1 /CS /RGB /BPC 8 /F [/AHx /DCT] ID\n{hex}>\nEI Q");
        let letter = Letter { pages: vec![vec!["Sports day"]], operators: Some(&operators), ..Letter::default() };
        let reading = read(&write(&letter)).unwrap();
        assert!(reading.locations.iter().any(|place| place.contains("GPS")), "{:?}", reading.locations);

        let mut file = write(&Letter { pages: vec![vec!["Our choir"]], ..Letter::default() });
        file.truncate(file.len() - 6);
        file.extend_from_slice(b"60 0 obj\n<< /Type /Annot /Subtype /Sound /Rect [0 0 10 10] >>\nendobj\n%%EOF\n");
        assert!(matches!(read(&file), Err(CannotCheck::Attachment { name }) if name.contains("Sound")));
    }

    #[test]
    fn what_cannot_be_read_is_said() {
        let scanned =
            Letter { pages: vec![vec!["ignored"]], photo: Some(vec![0xFF, 0xD8, 0xFF, 0xD9]), scanned: true, ..Letter::default() };
        assert_eq!(read(&write(&scanned)), Err(CannotCheck::Scanned { page: 1 }));
        let coded = Letter { pages: vec![vec!["Amelia Thornbury"]], unknown_letters: true, ..Letter::default() };
        assert_eq!(read(&write(&coded)), Err(CannotCheck::UnknownLetters { page: 1 }));
        let attached = Letter { pages: vec![vec!["Minutes"]], attachment: true, ..Letter::default() };
        assert!(matches!(read(&write(&attached)), Err(CannotCheck::Attachment { .. })));
        assert_eq!(read(b""), Err(CannotCheck::Damaged));
        let whole = write(&Letter { pages: vec![vec!["Well done Amelia Thornbury"]], ..Letter::default() });
        assert_eq!(read(&whole[..whole.len() - 40]), Err(CannotCheck::Damaged), "a file cut short");
        let footer =
            Letter { pages: vec![vec!["Page 1 of 1"]], photo: Some(vec![0xFF, 0xD8, 0xFF, 0xD9]), scanned: true, ..Letter::default() };
        assert_eq!(read(&write(&footer)), Err(CannotCheck::Scanned { page: 1 }), "a scan with a footer is a scan");
        assert_eq!(read(b"%PDF-1.7\nnot really"), Err(CannotCheck::Damaged));
    }

    #[test]
    fn every_prefix_and_mutation_is_read_or_refused_without_a_panic() {
        let whole =
            write(&Letter { pages: vec![vec!["Amelia| Thornbury"]], info: vec![("Author", "Jones")], gap: 300, ..Letter::default() });
        for n in (0..whole.len()).step_by(7) {
            let _ = read(&whole[..n]);
        }
        let mut state = 0x2545_F491_u32;
        for _ in 0..300 {
            let mut mutated = whole.clone();
            for _ in 0..4 {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                let at = state as usize % mutated.len();
                mutated[at] = (state >> 8) as u8;
            }
            let _ = read(&mutated);
        }
    }
}
