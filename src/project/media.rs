//! Media: the files pages reference as `/media/<path>`, found in the school's own
//! `media/` folder or else the shared `content/media/`, and prepared for publishing
//! under a content-hash name.
//!
//! In: a reference as written. Out: a [`MediaFile`] with the bytes to publish. Only
//! referenced files are published, and each once however many pages use it. Source
//! files are only ever read. [`prepare`] is the single place where published bytes are
//! made from source bytes: every raster image is inspected, scrubbed of its metadata and
//! read back, and what was found is kept beside the file for the image rules.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

use crate::document::{self, CannotCheck, Reading};
use crate::image::{self, ImageError, Inspection};
use crate::project::discover;

#[derive(Debug, Clone)]
pub(crate) struct MediaFile {
    /// The source file, relative to the project root.
    pub(crate) source: PathBuf,
    /// Where it is published, relative to the site root: `media/<hash>.<ext>`.
    pub(crate) published: String,
    /// What is published: for a raster image, the scrubbed copy (empty if it could not
    /// be scrubbed, which the image rules refuse).
    pub(crate) bytes: Arc<Vec<u8>>,
    pub(crate) image: Arc<ImageCheck>,
}

impl MediaFile {
    /// An image a browser draws (raster or SVG), as opposed to a document such as a PDF.
    pub(crate) fn is_image(&self) -> bool {
        !matches!(*self.image, ImageCheck::Document(_) | ImageCheck::Text(_) | ImageCheck::Font(_) | ImageCheck::Unchecked)
    }

    /// The words of this file a reader can see or find, each with where it is in the file
    /// ("page 2", "its Author field"; `None` for a text file, whose
    /// places are lines). Empty for images and files that could not be read.
    pub(crate) fn texts(&self) -> Vec<(Option<String>, &str)> {
        match self.image.as_ref() {
            ImageCheck::Text(text) | ImageCheck::Drawing { words: text } => vec![(None, text.as_str())],
            ImageCheck::Document(Ok(reading)) => reading.parts().map(|(place, text)| (Some(place), text)).collect(),
            _ => Vec::new(),
        }
    }

    /// What the file holds out of sight, read for full names only, since a file's own
    /// syntax is words too: every readable run of a PDF (comments, earlier versions,
    /// unused parts) or of a font's tables.
    pub(crate) fn out_of_sight(&self) -> Option<&str> {
        match self.image.as_ref() {
            ImageCheck::Document(Ok(reading)) => Some(&reading.raw),
            ImageCheck::Font(Ok(words)) => Some(words),
            _ => None,
        }
    }
}

/// What preparing a file found.
#[derive(Debug)]
pub(crate) enum ImageCheck {
    /// A PDF, published as it is when it is clean: what was read in it, or why it cannot be
    /// checked (refused by `unsupported-file`).
    Document(Result<Reading, CannotCheck>),
    /// A text file (`.txt`, `.csv`, `.html`...), published as it is; its text, for the rules.
    Text(String),
    /// A web font, published as it is: the readable runs of its tables (its names, maker,
    /// copyright, sample text), or why it cannot be read (refused by `unsupported-file`).
    Font(Result<String, String>),
    /// A kind of file nothing here can check for names or locations (a Word or Excel
    /// file, audio, video, an archive): refused by `unsupported-file`.
    Unchecked,
    /// An SVG drawing, whole, without its comments and metadata; the words it shows, each
    /// at its line and column in the file.
    Drawing { words: String },
    /// A raster image that could not be read or cannot be stripped.
    Refused(ImageError),
    /// Scrubbed. `source` is what the original held; `left` is any metadata still found
    /// when the scrubbed copy was read back (which must be none).
    Scrubbed { source: Inspection, left: Vec<String> },
}

/// The media a school's pages reference, resolved once each. Pages render in parallel,
/// so the cache is behind a lock; reading happens outside it.
pub(crate) struct MediaLibrary<'a> {
    root: &'a Path,
    folders: [PathBuf; 2],
    resolved: Mutex<HashMap<String, Result<MediaFile, String>>>,
}

impl<'a> MediaLibrary<'a> {
    pub(crate) fn new(root: &'a Path, school_dir: &Path) -> MediaLibrary<'a> {
        MediaLibrary { root, folders: super::layout::media_folders(school_dir), resolved: Mutex::new(HashMap::new()) }
    }

    /// Resolves `2025/garden.jpg` (the part after `/media/`).
    pub(crate) fn resolve(&self, reference: &str) -> Result<MediaFile, String> {
        if let Some(known) = self.lock().get(reference) {
            return known.clone();
        }
        let result = self.load(reference);
        self.lock().insert(reference.to_owned(), result.clone());
        result
    }

    /// Every file that was resolved, sorted by published name, then source. Two sources
    /// can publish the same bytes (a photo and its tagged copy, once stripped): both are
    /// kept, because each source has its own findings; the writer publishes the bytes once.
    pub(crate) fn into_published(self) -> Vec<MediaFile> {
        let resolved = self.resolved.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut files: Vec<MediaFile> = resolved.into_values().filter_map(Result::ok).collect();
        files.sort_by(|a, b| (&a.published, &a.source).cmp(&(&b.published, &b.source)));
        files.dedup_by(|a, b| a.source == b.source);
        files
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Result<MediaFile, String>>> {
        self.resolved.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn load(&self, reference: &str) -> Result<MediaFile, String> {
        let decoded = percent_decode(reference);
        let relative = Path::new(&decoded);
        if decoded.is_empty() || !relative.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(format!("`/media/{reference}` must name a file inside a media folder"));
        }
        let found = self.folders.iter().map(|folder| folder.join(relative)).find(|path| self.root.join(path).is_file());
        let Some(source) = found else {
            return Err(format!("no file `{decoded}` in {} or content/media/", self.folders[0].display()));
        };
        discover::check_link_inside(self.root, &self.root.join(&source), &source).map_err(|e| e.to_string())?;
        let extension = extension_of(relative);
        let cannot_read = |e: std::io::Error| format!("cannot read {}: {e}", source.display());
        // A kind refused whatever it holds (a film of the school play, an archive) is not
        // read into memory: its first bytes say whether it is really something we check.
        let mut head = Vec::with_capacity(16);
        std::io::Read::read_to_end(
            &mut std::io::Read::take(std::fs::File::open(self.root.join(&source)).map_err(cannot_read)?, 16),
            &mut head,
        )
        .map_err(cannot_read)?;
        if !is_checked(&extension) && image::raster_extension(&head).is_none() && !head.starts_with(document::MAGIC) {
            let published = format!("media/{}.{extension}", content_hash(&head));
            return Ok(MediaFile { source, published, bytes: Arc::new(Vec::new()), image: Arc::new(ImageCheck::Unchecked) });
        }
        let bytes = std::fs::read(self.root.join(&source)).map_err(cannot_read)?;
        let (bytes, image, extension) = prepare(bytes, &extension);
        let published = format!("media/{}.{extension}", content_hash(&bytes));
        Ok(MediaFile { source, published, bytes: Arc::new(bytes), image: Arc::new(image) })
    }
}

/// The files `/media/<reference>` may name for a school whose folder is `school_dir`, in
/// the order they are looked for: the school's own, then the shared one.
pub(crate) fn candidates(school_dir: &Path, reference: &str) -> [PathBuf; 2] {
    let decoded = percent_decode(reference);
    super::layout::media_folders(school_dir).map(|folder| folder.join(&decoded))
}

/// Turns source bytes into the bytes that are published, and the extension they are
/// published under. A raster image is rewritten without its metadata (pixels untouched)
/// and the copy read back; anything else is published as it is. What is an image is
/// decided by the bytes, not the name: a JPEG saved as `.jfif` is stripped like any JPEG
/// and published as `.jpg`, and a PDF saved as `.txt` is read as a PDF.
pub(crate) fn prepare(bytes: Vec<u8>, extension: &str) -> (Vec<u8>, ImageCheck, String) {
    let extension = match image::raster_extension(&bytes) {
        _ if bytes.starts_with(document::MAGIC) => "pdf",
        Some(real) if !image::is_raster(extension) => real,
        _ => extension,
    };
    let (bytes, check) = prepare_as(bytes, extension);
    (bytes, check, extension.to_owned())
}

fn prepare_as(bytes: Vec<u8>, extension: &str) -> (Vec<u8>, ImageCheck) {
    if extension == "svg" {
        return match image::svg::strip(&bytes) {
            Ok(stripped) => (stripped.bytes, ImageCheck::Drawing { words: stripped.words }),
            Err(err) => (Vec::new(), ImageCheck::Refused(err)),
        };
    }
    if extension == "pdf" {
        let reading = document::read(&bytes);
        return (bytes, ImageCheck::Document(reading));
    }
    if TEXT_FILES.contains(&extension) {
        // A file named as text but holding something else (a Word file or an archive
        // renamed `.txt`) cannot be read as text, so it is not published as text.
        let Some(text) = readable_text(&bytes) else { return (Vec::new(), ImageCheck::Unchecked) };
        // A photo written into a page or a style sheet (`data:image/jpeg;base64,...`) is
        // stripped as its own file would be; the file is published as UTF-8 with it.
        let bytes = if text.contains("data:image/") {
            match image::svg::strip_embedded_pictures(&text, &mut Vec::new()) {
                Ok(stripped) if stripped == text => bytes,
                Ok(stripped) => stripped.into_bytes(),
                Err(err) => return (Vec::new(), ImageCheck::Refused(err)),
            }
        } else {
            bytes
        };
        // In markup, the words as a browser shows them: its own entities expanded,
        // entities decoded, tags apart.
        let text = match extension {
            "html" | "htm" | "xml" => match crate::text::xml::expand_entities(&text) {
                Ok(expanded) => markup_words(&expanded),
                Err(_) => return (Vec::new(), ImageCheck::Unchecked),
            },
            // A calendar's `UID:` names the event for programs (`1@school.example`); it is
            // not an address anyone writes to. Left blank, so findings keep their lines.
            "ics" => text
                .lines()
                .map(|line| if line.get(..4).is_some_and(|key| key.eq_ignore_ascii_case("UID:")) { "" } else { line })
                .collect::<Vec<_>>()
                .join("\n"),
            // Code writes letters as escapes (`\u0051` in JSON and scripts, `\51 ` in CSS):
            // the text is read as written and as it reads once they are undone.
            // A script may also build a word from pieces (`"Quen" + "by"`): read joined too.
            "json" | "js" | "css" => {
                let read = |line: &str| if extension == "js" { joined_literals(&unescape(line)) } else { unescape(line) };
                // Each changed line is read as written, then as it reads, on its own line.
                let lines: Vec<String> = text
                    .lines()
                    .map(|line| match read(line) {
                        plain if plain != line => format!("{line}\t{plain}"),
                        _ => line.to_owned(),
                    })
                    .collect();
                lines.join("\n")
            }
            _ => text,
        };
        return (bytes, ImageCheck::Text(text));
    }
    if FONT_FILES.contains(&extension) {
        let words = if extension == "eot" {
            Err("EOT is a font format only old versions of Internet Explorer read".to_owned())
        } else {
            crate::font::words(&bytes)
        };
        return (bytes, ImageCheck::Font(words));
    }
    if !image::is_raster(extension) {
        return (Vec::new(), ImageCheck::Unchecked);
    }
    let inspected = image::inspect(&bytes, extension).and_then(|source| Ok((source, image::scrub(&bytes, extension)?)));
    match inspected {
        Ok((source, scrubbed)) => {
            // Defence in depth: the copy is parsed again from scratch, as a stranger would.
            let left = match image::inspect(&scrubbed.bytes, extension) {
                Ok(again) => {
                    let mut left = again.metadata;
                    left.extend(again.geodata);
                    left.extend(again.texts.into_iter().map(|t| t.source));
                    left
                }
                Err(err) => vec![format!("the scrubbed copy no longer reads ({err})")],
            };
            (scrubbed.bytes, ImageCheck::Scrubbed { source, left })
        }
        Err(err) => (Vec::new(), ImageCheck::Refused(err)),
    }
}

/// The text of a text file as a program opening it would read it: UTF-16 with a byte-order
/// mark (as Windows tools save it), else UTF-8. `None` for what is not text: an archive or
/// a compressed file, bytes that are not UTF-8, or NUL characters.
fn readable_text(bytes: &[u8]) -> Option<String> {
    let utf16 = |little: bool| -> String {
        let units: Vec<u16> = bytes[2..]
            .chunks_exact(2)
            .map(|p| if little { u16::from_le_bytes([p[0], p[1]]) } else { u16::from_be_bytes([p[0], p[1]]) })
            .collect();
        String::from_utf16_lossy(&units)
    };
    let text = match bytes {
        [0xFF, 0xFE, ..] => utf16(true),
        [0xFE, 0xFF, ..] => utf16(false),
        _ => String::from_utf8(bytes.to_vec()).ok()?,
    };
    (!text.contains(['\0', '\u{FFFD}'])).then_some(text)
}

/// The words of a markup file: as a browser shows them (entities decoded, tags apart),
/// then what it does not show but anyone reading the file sees: comments and attribute
/// values (`alt`, `title`, `data-*`).
fn markup_words(markup: &str) -> String {
    static OUT_OF_SIGHT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"(?s)<!--(.*?)-->|[\w:-]+\s*=\s*(?:"([^"]*)"|'([^']*)')"#).expect("the markup pattern is valid")
    });
    let mut words = crate::text::html::visible_text(markup);
    for found in OUT_OF_SIGHT.captures_iter(markup) {
        if let Some(part) = found.get(1).or_else(|| found.get(2)).or_else(|| found.get(3)) {
            words.push('\n');
            words.push_str(&crate::text::html::visible_text(part.as_str()));
        }
    }
    words
}

/// `text` with JSON and JavaScript escapes (`\u0051`, `\x51`) and CSS escapes (`\51 `)
/// undone.
fn unescape(text: &str) -> String {
    static ESCAPE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\\u\{([0-9a-fA-F]{1,6})\}|\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|\\([0-9a-fA-F]{1,6}) ?")
            .expect("the escape pattern is valid")
    });
    ESCAPE
        .replace_all(text, |found: &regex::Captures<'_>| {
            let hex = (1..=4).find_map(|group| found.get(group)).map_or("", |m| m.as_str());
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32).map_or_else(|| found[0].to_string(), String::from)
        })
        .into_owned()
}

/// `code` with string literals joined where they are added together: `"Quen" + 'by'`
/// reads as `"Quenby"`.
fn joined_literals(code: &str) -> String {
    static JOIN: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r#"["'`]\s*\+\s*["'`]"#).expect("the join pattern is valid"));
    JOIN.replace_all(code, "").into_owned()
}

/// A file's extension in lower case, as [`prepare`] is given it ("" for none).
pub(crate) fn extension_of(path: &Path) -> String {
    path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default()
}

/// True for the kinds [`prepare`] reads: every other kind is refused unread.
fn is_checked(extension: &str) -> bool {
    extension == "svg"
        || extension == "pdf"
        || TEXT_FILES.contains(&extension)
        || FONT_FILES.contains(&extension)
        || image::is_raster(extension)
}

/// Files published as they are whose text the rules read.
pub(crate) const TEXT_FILES: [&str; 13] = ["txt", "csv", "tsv", "md", "html", "htm", "xml", "json", "ics", "vtt", "srt", "css", "js"];

/// Web fonts a theme publishes: glyphs and the font's own name, published as they are.
const FONT_FILES: [&str; 5] = ["woff", "woff2", "ttf", "otf", "eot"];

/// The first 16 hex digits of the SHA-256: names that change when the content does, and
/// carry nothing of the original file name (which may hold a pupil's name).
pub(crate) fn content_hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().take(8).fold(String::with_capacity(16), |mut hex, byte| {
        let _ = write!(hex, "{byte:02x}");
        hex
    })
}

/// `%xx` escapes decoded (a URL path as a browser sends it, or a reference as written).
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| char::from(b).to_digit(16);
            if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((high * 16 + low) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_cannot_climb_out_of_the_media_folder() {
        let library = MediaLibrary::new(Path::new("/nonexistent"), Path::new("schools/a"));
        assert!(library.resolve("../school.yaml").unwrap_err().contains("inside a media folder"));
        assert!(library.resolve("%2e%2e/school.yaml").unwrap_err().contains("inside a media folder"));
        assert!(library.resolve("x.jpg").unwrap_err().contains("no file"));
    }

    #[test]
    fn pieces_of_a_word_in_a_script_are_read_joined() {
        assert_eq!(joined_literals(r#"let who = "Amelia " + 'Thorn' +  "bury";"#), r#"let who = "Amelia Thornbury";"#);
    }

    #[test]
    fn escapes_in_code_are_undone() {
        assert_eq!(unescape(r#""Amelia \u0054hornbury" \x54 \u{54}"#), r#""Amelia Thornbury" T T"#);
        assert_eq!(unescape(r#"content: "Amelia \54 hornbury""#), r#"content: "Amelia Thornbury""#);
    }

    #[test]
    fn hashes_are_short_and_stable() {
        assert_eq!(content_hash(b"abc"), "ba7816bf8f01cfea");
        assert_eq!(percent_decode("a%20b.jpg"), "a b.jpg");
    }
}
