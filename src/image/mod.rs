//! Image metadata: inspection and lossless scrubbing.
//!
//! Takes the raw bytes of one image file and its lower-case extension; gives back either an
//! [`Inspection`] (where locations and human-readable texts hide in its metadata, and which
//! kinds of metadata are present) or a [`Scrubbed`] copy whose pixel data is byte-for-byte
//! the same but which keeps only what a browser needs to draw it. Everything here is a pure
//! function over bytes: no IO, no printing, and no panics on arbitrary input (every parser
//! slices with `.get()` and bounds its nesting).

mod avif;
mod exif;
mod gif;
mod icc;
mod iptc;
mod jpeg;
mod png;
pub(crate) mod svg;
mod webp;
mod xmp;

use std::collections::HashSet;
use std::fmt;

/// The raster formats this module understands well enough to inspect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
    Webp,
    Gif,
    Avif,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Jpeg => "JPEG",
            Format::Png => "PNG",
            Format::Webp => "WebP",
            Format::Gif => "GIF",
            Format::Avif => "AVIF",
        })
    }
}

/// What an image's metadata holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspection {
    pub format: Format,
    /// Each place a location was found: "EXIF GPS IFD", "XMP exif:GPSLatitude",
    /// "EXIF GPS IFD in thumbnail", "EXIF GPS IFD in embedded image after end of image"...
    pub geodata: Vec<String>,
    /// Every human-readable text found in metadata, decoded to a Rust String, with where it came from.
    pub texts: Vec<MetadataText>,
    /// Kinds of metadata present at all (for the read-back check): "EXIF", "XMP", "IPTC",
    /// "COM", "APP12", "tEXt", "MPF"... An EXIF block holding nothing but Orientation is
    /// not listed, because scrubbing deliberately keeps it.
    pub metadata: Vec<String>,
}

/// One human-readable text found in metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataText {
    /// Where it was found, e.g. "EXIF XPKeywords", "XMP dc:subject", "IPTC Keywords (2:25)".
    pub source: String,
    pub text: String,
    /// True where the text names who is in the picture: person-in-image fields, face-region
    /// names, keywords, subjects and hierarchical keywords.
    pub person_tag: bool,
}

/// A scrubbed copy of an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scrubbed {
    pub bytes: Vec<u8>,
    /// What was taken out, for people: "EXIF (with GPS)", "XMP", "2 bytes after end of image".
    pub removed: Vec<String>,
}

/// Why an image could not be inspected or scrubbed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    /// A format browsers do not show, or one that cannot be stripped without re-encoding.
    #[error("unsupported image format ({format}): {advice}")]
    Unsupported { format: &'static str, advice: String },
    /// Empty, truncated, corrupt or mislabelled.
    #[error("unreadable image: {reason}")]
    Unreadable { reason: String },
}

pub(crate) fn unreadable(reason: impl Into<String>) -> ImageError {
    ImageError::Unreadable { reason: reason.into() }
}

/// True for the extensions this module handles: the five supported formats and the raster
/// formats it refuses with advice (TIFF, HEIC, BMP, ICO).
pub fn is_raster(extension: &str) -> bool {
    matches!(extension, "jpg" | "jpeg" | "png" | "webp" | "gif" | "avif" | "tif" | "tiff" | "heic" | "heif" | "bmp" | "ico" | "cur")
}

/// The usual extension of the raster image `bytes` hold, whatever the file is named: a
/// JPEG saved as `.jfif`, `.jpe` or `.pjpeg`, a PNG as `.apng`, a stereo JPEG as `.jps`
/// is still a JPEG or a PNG, with the same metadata to strip. `None` for anything else.
pub fn raster_extension(bytes: &[u8]) -> Option<&'static str> {
    sniff(bytes).map(|magic| magic.extensions()[0])
}

/// Finds every location and human-readable text in the image's metadata.
///
/// `extension` is the lower-case file extension; a mismatch between it and the magic bytes
/// is [`ImageError::Unreadable`].
pub fn inspect(bytes: &[u8], extension: &str) -> Result<Inspection, ImageError> {
    let format = identify(bytes, extension)?;
    let mut out = Collector::default();
    match format {
        Format::Jpeg => jpeg::inspect(bytes, &mut out)?,
        Format::Png => png::inspect(bytes, &mut out)?,
        Format::Webp => webp::inspect(bytes, &mut out)?,
        Format::Gif => gif::inspect(bytes, &mut out)?,
        Format::Avif => avif::inspect(bytes, &mut out)?,
    }
    Ok(Inspection { format, geodata: out.geodata, texts: out.texts, metadata: out.metadata })
}

/// Returns a copy holding only what a browser needs to draw the image, pixels untouched.
pub fn scrub(bytes: &[u8], extension: &str) -> Result<Scrubbed, ImageError> {
    match identify(bytes, extension)? {
        Format::Jpeg => jpeg::scrub(bytes),
        Format::Png => png::scrub(bytes),
        Format::Webp => webp::scrub(bytes),
        Format::Gif => gif::scrub(bytes),
        Format::Avif => avif::scrub(bytes),
    }
}

/// What the first bytes say a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Magic {
    Known(Format),
    Tiff,
    Heic,
    Bmp,
    Ico,
}

impl Magic {
    fn name(self) -> &'static str {
        match self {
            Magic::Known(Format::Jpeg) => "a JPEG",
            Magic::Known(Format::Png) => "a PNG",
            Magic::Known(Format::Webp) => "a WebP",
            Magic::Known(Format::Gif) => "a GIF",
            Magic::Known(Format::Avif) => "an AVIF",
            Magic::Tiff => "a TIFF",
            Magic::Heic => "a HEIC",
            Magic::Bmp => "a BMP",
            Magic::Ico => "an icon (ICO)",
        }
    }

    fn extensions(self) -> &'static [&'static str] {
        match self {
            Magic::Known(Format::Jpeg) => &["jpg", "jpeg"],
            Magic::Known(Format::Png) => &["png"],
            Magic::Known(Format::Webp) => &["webp"],
            Magic::Known(Format::Gif) => &["gif"],
            Magic::Known(Format::Avif) => &["avif"],
            Magic::Tiff => &["tif", "tiff"],
            Magic::Heic => &["heic", "heif"],
            Magic::Bmp => &["bmp"],
            Magic::Ico => &["ico", "cur"],
        }
    }
}

/// Sniffs the magic bytes, checks them against the extension, and refuses the formats we
/// cannot publish. The order matters: an empty or garbage file is unreadable whatever its
/// name, and a mislabelled file is reported as such before any format advice.
fn identify(bytes: &[u8], extension: &str) -> Result<Format, ImageError> {
    if bytes.is_empty() {
        return Err(unreadable("empty file (0 bytes)"));
    }
    let magic = sniff(bytes).ok_or_else(|| {
        let head: Vec<String> = bytes.iter().take(8).map(|b| format!("{b:02X}")).collect();
        unreadable(format!("not a JPEG, PNG, WebP, GIF or AVIF image: byte 0 starts with {}", head.join(" ")))
    })?;
    let named_right = magic.extensions().contains(&extension);
    // A format browsers cannot show is refused as such, whatever its name says: phones
    // often save HEIC photos under a .jpg name.
    let advice = if named_right {
        "save it as JPEG or PNG".to_string()
    } else {
        format!("it is really {} named .{extension}: save it as JPEG or PNG", magic.name())
    };
    if !named_right && matches!(magic, Magic::Known(_)) {
        return Err(unreadable(format!("mislabelled: {} named .{extension}", magic.name())));
    }
    match magic {
        Magic::Known(format) => Ok(format),
        Magic::Tiff => Err(ImageError::Unsupported { format: "TIFF", advice }),
        Magic::Heic => Err(ImageError::Unsupported { format: "HEIC", advice }),
        Magic::Bmp => Err(ImageError::Unsupported { format: "BMP", advice }),
        Magic::Ico => Err(ImageError::Unsupported { format: "ICO", advice }),
    }
}

fn sniff(bytes: &[u8]) -> Option<Magic> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(Magic::Known(Format::Jpeg));
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(Magic::Known(Format::Png));
    }
    if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP".as_slice()) {
        return Some(Magic::Known(Format::Webp));
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Some(Magic::Known(Format::Gif));
    }
    // Classic TIFF, and BigTIFF (version 43).
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") || bytes.starts_with(b"II+\0") || bytes.starts_with(b"MM\0+") {
        return Some(Magic::Tiff);
    }
    // Windows bitmaps, and the OS/2 kinds (array, icons, pointers).
    if ["BM", "BA", "CI", "CP", "IC", "PT"].iter().any(|m| bytes.starts_with(m.as_bytes())) && bytes.len() >= 14 {
        return Some(Magic::Bmp);
    }
    if (bytes.starts_with(&[0, 0, 1, 0]) || bytes.starts_with(&[0, 0, 2, 0])) && bytes.len() >= 6 && bytes[4..6] != [0, 0] {
        return Some(Magic::Ico);
    }
    if bytes.get(4..8) == Some(b"ftyp".as_slice()) {
        return avif::brand(bytes);
    }
    None
}

/// Gathers what the format parsers find. `suffix` says where we are when a parser descends
/// into an embedded image (a thumbnail, a secondary image after EOI), so the same field
/// found there is reported with its place.
#[derive(Debug, Default)]
pub(crate) struct Collector {
    geodata: Vec<String>,
    texts: Vec<MetadataText>,
    metadata: Vec<String>,
    /// Everything already reported, so that a file repeating one value thousands of times
    /// costs a hash lookup each, not a scan of the list.
    seen: HashSet<(u8, String, String)>,
    suffix: String,
    depth: u8,
}

/// How deep embedded blocks may nest (a thumbnail inside an image after EOI, EXIF inside a
/// Photoshop block inside EXIF...); beyond this they are not looked into, which keeps
/// hostile files from recursing until the stack runs out.
const MAX_NESTING: u8 = 6;

impl Collector {
    pub(crate) fn kind(&mut self, kind: &str) {
        let kind = format!("{kind}{}", self.suffix);
        if self.seen.insert((0, kind.clone(), String::new())) {
            self.metadata.push(kind);
        }
    }

    pub(crate) fn geo(&mut self, place: &str) {
        let place = format!("{place}{}", self.suffix);
        if self.seen.insert((1, place.clone(), String::new())) {
            self.geodata.push(place);
        }
    }

    pub(crate) fn text(&mut self, source: &str, text: &str, person_tag: bool) {
        let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\0');
        if text.is_empty() {
            return;
        }
        let source = format!("{source}{}", self.suffix);
        if self.seen.insert((2 + u8::from(person_tag), source.clone(), text.to_string())) {
            self.texts.push(MetadataText { source, text: text.to_string(), person_tag });
        }
    }

    /// Runs `f` one level deeper without changing where findings are said to be (EXIF in a
    /// Photoshop block, say), unless nesting is too deep.
    pub(crate) fn deeper(&mut self, f: impl FnOnce(&mut Collector)) {
        if self.depth >= MAX_NESTING {
            return;
        }
        self.depth += 1;
        f(self);
        self.depth -= 1;
    }

    /// Runs `f` with findings labelled as being "in `place`", unless nesting is too deep.
    pub(crate) fn nested(&mut self, place: &str, f: impl FnOnce(&mut Collector)) {
        if self.depth >= MAX_NESTING {
            return;
        }
        let outer = std::mem::take(&mut self.suffix);
        self.suffix = format!("{outer} in {place}");
        self.depth += 1;
        f(self);
        self.depth -= 1;
        self.suffix = outer;
    }

    pub(crate) fn has_geodata(&self) -> bool {
        !self.geodata.is_empty()
    }
}

/// Runs of four or more printable ASCII characters, for segments whose layout is private
/// (APP12 picture info, vendor APPn) but which still hold typed-in text.
pub(crate) fn printable_runs(p: &[u8]) -> Vec<String> {
    p.split(|b| !(b.is_ascii_graphic() || *b == b' '))
        .filter(|run| run.len() >= 4)
        .map(|run| String::from_utf8_lossy(run).into_owned())
        .collect()
}

/// Decodes text of unknown encoding: UTF-8 when it is valid UTF-8, otherwise Latin-1
/// (which every byte sequence is, and which old cameras and IPTC tools wrote).
pub(crate) fn decode_text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// Decodes UTF-16 (as the Windows XP tags and some UserComments are), stopping at a NUL.
pub(crate) fn decode_utf16(bytes: &[u8], little_endian: bool) -> String {
    let units =
        bytes.chunks_exact(2).map(|p| if little_endian { u16::from_le_bytes([p[0], p[1]]) } else { u16::from_be_bytes([p[0], p[1]]) });
    let units: Vec<u16> = units.take_while(|&u| u != 0).collect();
    String::from_utf16_lossy(&units)
}

pub(crate) fn be16(d: &[u8], at: usize) -> Option<u16> {
    let b = d.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes([b[0], b[1]]))
}

pub(crate) fn be32(d: &[u8], at: usize) -> Option<u32> {
    let b = d.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

pub(crate) fn le32(d: &[u8], at: usize) -> Option<u32> {
    let b = d.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// A removal list longer than this is a hostile file, not a camera's output; the rest is
/// summed up in one line so that listing stays cheap.
const MAX_NOTES: usize = 32;

/// Adds `item` to a human list once.
pub(crate) fn note(list: &mut Vec<String>, item: String) {
    const OTHER: &str = "other metadata";
    if list.contains(&item) {
        return;
    }
    if list.len() < MAX_NOTES {
        list.push(item);
    } else if !list.iter().any(|i| i == OTHER) {
        list.push(OTHER.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_is_unreadable() {
        assert!(matches!(inspect(&[], "jpg"), Err(ImageError::Unreadable { reason }) if reason.contains("empty")));
    }

    #[test]
    fn png_named_jpg_is_mislabelled() {
        let err = scrub(b"\x89PNG\r\n\x1a\n\0\0\0\0", "jpg").unwrap_err();
        assert_eq!(err, unreadable("mislabelled: a PNG named .jpg"));
    }

    #[test]
    fn tiff_bmp_heic_are_unsupported() {
        assert!(matches!(inspect(b"II*\0\x08\0\0\0", "tif"), Err(ImageError::Unsupported { format: "TIFF", .. })));
        assert!(matches!(scrub(b"BM\0\0\0\0\0\0\0\0\0\0\0\0\0\0", "bmp"), Err(ImageError::Unsupported { format: "BMP", .. })));
        assert!(matches!(scrub(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic", "heic"), Err(ImageError::Unsupported { format: "HEIC", .. })));
    }

    #[test]
    fn garbage_is_unreadable() {
        assert!(matches!(inspect(b"hello world", "png"), Err(ImageError::Unreadable { .. })));
    }

    #[test]
    fn raster_extensions() {
        assert!(is_raster("jpeg") && is_raster("heif") && !is_raster("svg") && !is_raster("JPG"));
    }
}
