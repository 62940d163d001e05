//! `policypress import FILE... [--school ID]`: a school's existing policies, as Word
//! documents (`.docx`), OpenDocument texts (`.odt`), web pages (`.html`), Markdown or
//! plain text, turned into policy sources.
//!
//! In: the files and the project. Out: one `content/policies/<slug>.md` per file (or
//! under `schools/<id>/content/` with a school), each with front matter (its title from
//! the document's first heading or the file's name, `kind: policy`), and for each what
//! was recognised and what was left out; the document's pictures, stripped of metadata
//! by [`crate::image::scrub`], under `media/imported/<slug>/` (see [`images`]).
//! Guarantees: the input files are only read; an existing source or picture is never
//! replaced; every file is read and converted before anything is written, so a damaged,
//! password-protected or old-format file refuses the whole run with a message naming it
//! and nothing half done.
//!
//! Not yet: the approval header
//! into the school's `policies:` entry, people and roles, agreements at the back,
//! `--as-model`, bilingual tables. The school.yaml entry a policy needs is printed for a
//! person to add.

pub(crate) mod docx;
pub(crate) mod html;
pub(crate) mod images;
pub(crate) mod markdown;
pub(crate) mod model;
pub(crate) mod odt;
pub(crate) mod plain;

use std::fs;
use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use crate::finding::{Finding, id};
use crate::project::layout;
use crate::project::source::is_slug;
use model::{Block, Document};

use docx::Recognised;

pub struct ImportOptions {
    pub root: PathBuf,
    pub files: Vec<PathBuf>,
    pub school: Option<String>,
}

/// One file imported.
#[derive(Debug)]
pub struct Imported {
    pub input: PathBuf,
    /// The source written, relative to the project root.
    pub written: PathBuf,
    pub slug: String,
    pub title: String,
    /// Where the title came from: the document's first heading, or its file name.
    pub title_from_heading: bool,
    /// What was recognised, for a Word document.
    pub(crate) recognised: Option<Recognised>,
    /// A shared source of the same name this school's copy now replaces for it.
    pub replaces_shared: bool,
    /// The pictures written, relative to the project root, and how many have no
    /// description (which `check` reports as `missing-alt`).
    pub pictures: Vec<PathBuf>,
    pub pictures_without_alt: usize,
}

/// The document's title: a paragraph styled as a title; else, of the headings the
/// document opens with, one that says it is a policy (a school's name often comes first);
/// else the first heading of all. It is taken out of the body when it opens the
/// document (the page shows it as its heading), and left where it is otherwise, so the
/// page still reads in the document's order.
pub(crate) fn title_of(document: &mut Document) -> Option<String> {
    let says_policy = |block: &Block| match block {
        Block::Heading { text, .. } => ["policy", "polisi"].iter().any(|word| model::plain(text).to_lowercase().contains(word)),
        _ => false,
    };
    let leading = document.blocks.iter().take_while(|b| matches!(b, Block::Heading { .. })).count();
    let at = document
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Heading { level: 0, .. }))
        .or_else(|| document.blocks[..leading].iter().position(says_policy))
        .or_else(|| document.blocks.iter().position(|b| matches!(b, Block::Heading { .. })))?;
    let Block::Heading { text, .. } = &document.blocks[at] else { return None };
    let title = model::plain(text).split_whitespace().collect::<Vec<_>>().join(" ");
    if at == 0 {
        document.blocks.remove(0);
    }
    Some(title)
}

/// A slug from a file name: letters without their accents, lower case, words joined by
/// hyphens ("E-Safety Policy 2024 (final).docx" → `e-safety-policy-2024-final`).
pub(crate) fn slug_of(name: &str) -> String {
    let mut slug = String::new();
    for c in name.nfkd().filter(char::is_ascii) {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_owned();
    if slug.is_empty() { "imported-policy".to_owned() } else { slug }
}

/// What a file's bytes are, as far as import cares.
enum Format {
    Docx,
    Odt,
    Html,
    Markdown,
    Text,
}

/// The file's format, from its name and its first bytes, or why it cannot be imported.
fn format_of(path: &Path, bytes: &[u8]) -> Result<Format, (String, String)> {
    let extension = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    let save_as = "open it in Word and choose File > Save As > Word Document (.docx), or in LibreOffice File > Save As > Word 2007-365 (.docx); then import the .docx";
    if bytes.starts_with(OLE) {
        // A password-protected .docx is an OLE file holding the encrypted package.
        let encrypted = bytes.windows(32).any(|w| w == "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<_>>());
        if encrypted || extension == "docx" {
            return Err((
                "it is protected by a password, so it cannot be read".to_owned(),
                "open it in Word, remove the password (File > Info > Protect Document > Encrypt with Password, and clear it), save it, and import it again".to_owned(),
            ));
        }
        return Err(("it is an old Word document (.doc), which policypress does not read".to_owned(), save_as.to_owned()));
    }
    if bytes.starts_with(b"%PDF") || extension == "pdf" {
        return Err((
            "it is a PDF, which keeps the look of a page but not its headings, lists and tables".to_owned(),
            format!(
                "import the document the PDF was made from; if you only have the PDF, open it in Word (which converts it), check it, and save it as .docx: {save_as}"
            ),
        ));
    }
    let odt =
        matches!(extension.as_str(), "odt" | "ott") || (bytes.starts_with(b"PK\x03\x04") && bytes.get(30..38) == Some(&b"mimetype"[..]));
    if odt && odt::is_encrypted(bytes) {
        return Err((
            "it is protected by a password, so it cannot be read".to_owned(),
            "open it in LibreOffice, save it again without a password (File > Save As, and clear \"Save with password\"), and import that copy".to_owned(),
        ));
    }
    match extension.as_str() {
        "docx" | "docm" | "dotx" => Ok(Format::Docx),
        _ if odt => Ok(Format::Odt),
        "html" | "htm" => Ok(Format::Html),
        "md" | "markdown" => Ok(Format::Markdown),
        "txt" | "text" => Ok(Format::Text),
        "doc" | "rtf" | "pages" | "wpd" => Err((format!("policypress cannot import .{extension} files yet"), save_as.to_owned())),
        _ if bytes.starts_with(b"PK\x03\x04") => Ok(Format::Docx),
        _ => Err(("policypress imports .docx, .odt, .html, .md and .txt files; this is none of them".to_owned(), save_as.to_owned())),
    }
}

/// A file read and converted: its title, whether that came from a heading, its body,
/// what was recognised and the pictures to write beside it.
struct Converted {
    title: Option<String>,
    body: String,
    recognised: Option<Recognised>,
    pictures: Vec<images::Picture>,
    pictures_without_alt: usize,
}

/// The document's pictures prepared (their addresses under `address`) and its body
/// written, with the title taken out first.
fn finish(mut document: Document, mut recognised: Recognised, address: &str) -> Converted {
    let title = title_of(&mut document);
    let (pictures, left_out) = images::prepare(&mut document, address);
    recognised.images_left_out = left_out;
    let pictures_without_alt = document.images.iter().filter(|i| i.src.is_some() && i.alt.trim().is_empty()).count();
    Converted { title, body: markdown::write(&document, 2), recognised: Some(recognised), pictures, pictures_without_alt }
}

/// Reads and converts one file; its pictures get addresses under `address`.
fn convert(path: &Path, bytes: &[u8], address: &str) -> Result<Converted, (String, String)> {
    let unreadable =
        |why: String| (why, "check that the file opens in Word; if it does, save it again as .docx and import that copy".to_owned());
    let text = |bytes: &[u8]| {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        String::from_utf8(bytes.to_vec()).map_err(|_| {
            ("it is not UTF-8 text".to_owned(), "save it again as UTF-8 text (in Notepad: Save As, Encoding: UTF-8)".to_owned())
        })
    };
    match format_of(path, bytes)? {
        Format::Docx => {
            let (document, recognised) = docx::read(bytes).map_err(unreadable)?;
            Ok(finish(document, recognised, address))
        }
        Format::Odt => {
            let (document, recognised) = odt::read(bytes).map_err(|why| {
                (why, "check that the file opens in LibreOffice; if it does, save it again as .odt and import that copy".to_owned())
            })?;
            Ok(finish(document, recognised, address))
        }
        Format::Html => {
            // A picture the page names is read from beside it (Word's `<name>_files/`);
            // `html::local_file` has made sure the name cannot climb out of that folder.
            let folder = path.parent().unwrap_or(Path::new("."));
            let load = |file: &Path| {
                fs::read(folder.join(file)).map_err(|_| {
                    "the page names a picture file that is not beside it: import the page with the folder saved with it".to_owned()
                })
            };
            let (document, recognised) =
                html::read(bytes, &load).map_err(|why| (why, "save the page again and import that copy".to_owned()))?;
            Ok(finish(document, recognised, address))
        }
        Format::Text => {
            let mut document = plain::read_text(&text(bytes)?);
            let title = title_of(&mut document);
            Ok(Converted { title, body: markdown::write(&document, 2), recognised: None, pictures: Vec::new(), pictures_without_alt: 0 })
        }
        Format::Markdown => {
            let (title, body) = plain::read_markdown(&text(bytes)?);
            Ok(Converted { title, body: markdown::escape_tera(&body), recognised: None, pictures: Vec::new(), pictures_without_alt: 0 })
        }
    }
}

/// Imports every file, or none: each is read and converted first, and only if all can
/// be (and none would replace a source) are they written. The findings say what stopped it.
pub fn import(options: &ImportOptions) -> Result<Vec<Imported>, Vec<Finding>> {
    let root = &options.root;
    let folder = match &options.school {
        Some(school) => {
            if !is_slug(school) || !root.join(layout::school_folder(school)).join(layout::SCHOOL_CONFIG).is_file() {
                return Err(vec![
                    Finding::error(id::UNKNOWN_SCHOOL, Path::new("--school"), None)
                        .message(format!(
                            "there is no school `{school}` in this project (no {})",
                            layout::school_folder(school).join(layout::SCHOOL_CONFIG).display()
                        ))
                        .help("give the id of a folder under schools/, or make the school first with `policypress new school ID`"),
                ]);
            }
            layout::school_content(school)
        }
        None => PathBuf::from(layout::SHARED),
    }
    .join("policies");
    let mut findings = Vec::new();
    let mut ready: Vec<(Imported, String, Vec<images::Picture>)> = Vec::new();
    for input in &options.files {
        let bytes = match fs::read(input) {
            Ok(bytes) => bytes,
            Err(err) => {
                findings.push(
                    Finding::error(id::UNREADABLE_FILE, input, None)
                        .message(format!("cannot read {}: {err}", input.display()))
                        .help("check the file's name and that you may read it"),
                );
                continue;
            }
        };
        let stem = input.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let slug = slug_of(&stem);
        let (media, address) = layout::imported_media(options.school.as_deref(), &slug);
        let converted = match convert(input, &bytes, &address) {
            Ok(converted) => converted,
            Err((why, help)) => {
                findings.push(
                    Finding::error(id::UNREADABLE_FILE, input, None)
                        .message(format!("cannot import {}: {why}", input.display()))
                        .help(help),
                );
                continue;
            }
        };
        let written = folder.join(format!("{slug}.md"));
        if root.join(&written).exists() {
            findings.push(
                Finding::error(id::INVALID_ARGUMENT, &written, None)
                    .message(format!(
                        "{} would be imported as {}, which already exists; it is left as it is",
                        input.display(),
                        written.display()
                    ))
                    .help(
                        "rename the file you are importing (its name gives the policy's address), or move the existing source away first",
                    ),
            );
            continue;
        }
        let pictures: Vec<PathBuf> = converted.pictures.iter().map(|p| media.join(&p.name)).collect();
        if let Some(there) = pictures.iter().find(|p| root.join(p).exists()) {
            findings.push(
                Finding::error(id::INVALID_ARGUMENT, there, None)
                    .message(format!("{}'s pictures would be written to {}, where one already is; it is left as it is", input.display(), media.display()))
                    .help("move that folder away first (it is from an earlier import of a file of the same name), or rename the file you are importing"),
            );
            continue;
        }
        if let Some((other, ..)) = ready.iter().find(|(other, ..)| other.slug == slug) {
            findings.push(
                Finding::error(id::INVALID_ARGUMENT, input, None)
                    .message(format!("{} and {} would both be imported as {}", other.input.display(), input.display(), written.display()))
                    .help("import one of them, or rename one so their names differ"),
            );
            continue;
        }
        let title_from_heading = converted.title.is_some();
        let title = converted.title.unwrap_or_else(|| stem.trim().to_owned());
        let replaces_shared = options.school.is_some() && root.join(layout::SHARED).join("policies").join(format!("{slug}.md")).exists();
        // JSON's quoted string is a YAML double-quoted string: any title is safe in it.
        let quoted = serde_json::to_string(&title).unwrap_or_else(|_| "\"Imported policy\"".to_owned());
        let source = format!("---\ntitle: {quoted}\nkind: policy\n---\n{}", converted.body);
        ready.push((
            Imported {
                input: input.clone(),
                written,
                slug,
                title,
                title_from_heading,
                recognised: converted.recognised,
                replaces_shared,
                pictures,
                pictures_without_alt: converted.pictures_without_alt,
            },
            source,
            converted.pictures,
        ));
    }
    if !findings.is_empty() {
        return Err(findings);
    }
    let mut imported = Vec::new();
    for (done, source, pictures) in ready {
        // The pictures first: a source is never written that refers to a picture not there.
        let files = done.pictures.iter().zip(pictures.iter().map(|p| p.bytes.as_slice())).chain([(&done.written, source.as_bytes())]);
        let failed = files.into_iter().find_map(|(file, bytes)| {
            let path = root.join(file);
            fs::create_dir_all(path.parent().unwrap_or(root))
                .and_then(|()| crate::text::atomic::write_file(&path, bytes))
                .err()
                .map(|err| (file.clone(), err))
        });
        if let Some((file, err)) = failed {
            findings.push(Finding::error(id::WRITE_FAILED, &file, None).message(format!("cannot write {}: {err}", file.display())));
            continue;
        }
        imported.push(done);
    }
    if findings.is_empty() { Ok(imported) } else { Err(findings) }
}

/// What each import recognised, for a person: a few lines a file.
pub fn report(imported: &[Imported], school: Option<&str>) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for done in imported {
        let _ = writeln!(out, "imported {} as {}", done.input.display(), done.written.display());
        let from = if done.title_from_heading { "its first heading" } else { "the file's name: check it" };
        let _ = writeln!(out, "  title: {} (from {from})", done.title);
        if let Some(r) = &done.recognised {
            let mut kept = vec![format!("{} headings", r.headings)];
            if r.typed_headings > 0 {
                kept.push(format!("{} of them typed by hand (numbered or bold lines): check their levels", r.typed_headings));
            }
            for (n, what) in [
                (r.paragraphs, "paragraphs"),
                (r.list_items, "list items"),
                (r.tables, "tables"),
                (r.footnotes, "footnotes"),
                (r.links, "links"),
            ] {
                kept.push(format!("{n} {what}"));
            }
            let _ = writeln!(out, "  recognised: {}", kept.join(", "));
            let read: Vec<String> = [
                (r.insertions_kept, "tracked insertions accepted"),
                (r.text_boxes, "text boxes read"),
                (r.content_controls, "content controls read"),
                (r.page_header_paragraphs, "lines from page headers and footers, placed after the body: move or delete them"),
            ]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{n} {what}"))
            .collect();
            if !read.is_empty() {
                let _ = writeln!(out, "  also: {}", read.join(", "));
            }
            let dropped: Vec<String> = [
                (r.deletions_dropped, "tracked deletions (accepted: the deleted text is gone)"),
                (r.comments_dropped, "comments"),
                (r.empty_paragraphs_dropped, "empty paragraphs"),
                (r.page_breaks_dropped, "page breaks"),
                (r.contents_tables_dropped, "tables of contents"),
            ]
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{n} {what}"))
            .collect();
            if !dropped.is_empty() {
                let _ = writeln!(out, "  dropped: {}", dropped.join(", "));
            }
            for why in &r.images_left_out {
                let _ = writeln!(out, "  not imported: {why}");
            }
        }
        if let Some(first) = done.pictures.first() {
            let folder = first.parent().unwrap_or(first).display();
            let _ = writeln!(out, "  pictures: {} written to {folder}/, their metadata removed", done.pictures.len());
            if done.pictures_without_alt > 0 {
                let _ = writeln!(
                    out,
                    "  {} of them have no description: `policypress check` shows where (missing-alt); describe each for someone who cannot see it",
                    done.pictures_without_alt
                );
            }
        }
        if done.replaces_shared {
            let _ = writeln!(out, "  this school's copy replaces the shared policy of the same name for this school");
        }
    }
    if !imported.is_empty() {
        let yaml = match school {
            Some(id) => layout::school_folder(id).join(layout::SCHOOL_CONFIG).display().to_string(),
            None => format!("each {} under {}/", layout::SCHOOL_CONFIG, layout::SCHOOLS),
        };
        let _ = writeln!(out, "next: add an entry for each policy under `policies:` in {yaml}, then run `policypress check`:");
        for done in imported {
            let _ = writeln!(
                out,
                "  {}:\n    owner: headteacher            # the role that owns it\n    approved_by: FILL IN\n    approved_on: YYYY-MM-DD\n    next_review: YYYY-MM",
                done.slug
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_is_the_heading_that_says_policy_after_the_schools_name() {
        let heading = |level, text: &str| {
            let mut inlines = Vec::new();
            model::push_text(&mut inlines, text, &model::Look::default());
            Block::Heading { level, text: inlines }
        };
        let mut document = Document {
            blocks: vec![heading(1, "Larkfield Primary School"), heading(1, "E-Safety Policy"), heading(2, "Aims")],
            notes: Vec::new(),
            images: Vec::new(),
        };
        assert_eq!(title_of(&mut document).as_deref(), Some("E-Safety Policy"));
        assert_eq!(document.blocks.len(), 3, "not the first block: left in place");
        let mut document =
            Document { blocks: vec![heading(2, "Aims"), heading(0, "Online Safety")], notes: Vec::new(), images: Vec::new() };
        assert_eq!(title_of(&mut document).as_deref(), Some("Online Safety"));
        let mut document = Document { blocks: vec![heading(1, "Aims"), heading(2, "Scope")], notes: Vec::new(), images: Vec::new() };
        assert_eq!(title_of(&mut document).as_deref(), Some("Aims"));
        assert_eq!(document.blocks.len(), 1);
    }

    #[test]
    fn slugs_from_file_names() {
        assert_eq!(slug_of("E-Safety Policy 2024 (final)"), "e-safety-policy-2024-final");
        assert_eq!(slug_of("Polisi Diogelwch Ar-lein – Ysgol Gymraeg"), "polisi-diogelwch-ar-lein-ysgol-gymraeg");
        assert_eq!(slug_of("Zoë's café"), "zoe-s-cafe");
        assert_eq!(slug_of("---"), "imported-policy");
    }

    #[test]
    fn old_formats_pdfs_and_encrypted_files_are_refused_with_a_way_forward() {
        let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
        let (why, help) = format_of(Path::new("policy.doc"), &ole).err().unwrap();
        assert!(why.contains(".doc") && help.contains("Save As"), "{why} / {help}");
        let mut encrypted = ole.to_vec();
        encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        let (why, _) = format_of(Path::new("policy.docx"), &encrypted).err().unwrap();
        assert!(why.contains("password"), "{why}");
        let (why, help) = format_of(Path::new("policy.pdf"), b"%PDF-1.7").err().unwrap();
        assert!(why.contains("PDF") && help.contains(".docx"), "{why}");
    }
}
