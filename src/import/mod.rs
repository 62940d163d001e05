//! `policypress import FILE... [--school ID] [--roster FILE] [--as-model]`: a school's
//! existing policies (Word, OpenDocument, web pages, Markdown, text) turned into sources,
//! and what they say that is data into its school.yaml.
//!
//! In: the files and the project. Out: for each file, its policy source (and translation,
//! for a document in two languages), its agreements, its pictures (stripped), and lines
//! added to the school's school.yaml: the policy's approval entry, the school's details,
//! the people it names (see [`recognise`]); with `--as-model`, the trust's model and each
//! school's own sections ([`as_model`]). Stages: read (a reader per format, into
//! [`model::Document`]) → [`bilingual`] split → [`recognise`] → [`markdown`] write → plan
//! → write. Guarantees: the input files are only read; an existing source is never
//! replaced, nor a value in school.yaml (a contradiction refuses the run); every file is
//! read, converted and planned before anything is written, so a damaged,
//! password-protected or old-format file, or a conflict, refuses the whole run with a
//! message naming it and nothing half done. What import is unsure of is left as a
//! `CHECK:` note, which the `import-unconfirmed` rule reports until a person deletes it.

mod as_model;
pub(crate) mod bilingual;
pub(crate) mod docx;
pub(crate) mod html;
pub(crate) mod images;
pub(crate) mod markdown;
pub(crate) mod model;
pub(crate) mod odt;
pub(crate) mod plain;
pub(crate) mod recognise;
pub(crate) mod school_yaml;

use std::fs;
use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use crate::finding::{Finding, id};
use crate::language;
use crate::names::comparison_key;
use crate::project::config::{self, SchoolConfig};
use crate::project::roles::RoleBook;
use crate::project::roster::load_roster;
use crate::project::source::{is_slug, parse_source};
use crate::project::{discover, layout};
use crate::scaffold::FILL_IN;
use model::{Block, Document};
use recognise::approval::quoted;
use recognise::{Facts, Known};
use school_yaml::{Conflict, YamlEdit};

use docx::Recognised;

/// What opens every note import leaves for a person (a template comment in a source, a
/// comment in school.yaml); the `import-unconfirmed` rule reports each until it is deleted.
pub(crate) const CHECK_MARK: &str = "CHECK:";

pub struct ImportOptions {
    pub root: PathBuf,
    pub files: Vec<PathBuf>,
    pub school: Option<String>,
    /// The pupil roster, whose names are never taken for staff.
    pub roster: Option<PathBuf>,
    /// The files are several schools' versions of the same policies, each given as
    /// `ID=FILE`: the shared text becomes the trust's model, each school's differences its
    /// own sections.
    pub as_model: bool,
    /// Write over sources and pictures that are there (an earlier import's, imported
    /// again), keeping school.yaml's entry for the policy as it is.
    pub replace: bool,
}

/// One file imported.
#[derive(Debug)]
pub struct Imported {
    /// The pictures written, relative to the project root, and how many have no
    /// description.
    pub pictures: Vec<PathBuf>,
    pub pictures_without_alt: usize,
    /// What was recognised as data.
    pub(crate) facts: Facts,
    /// The agreement sources written from its back pages.
    pub agreements: Vec<PathBuf>,
    /// Its `policies:` entry, as added to school.yaml (or to add by hand).
    pub(crate) entry: Vec<String>,
    /// The school whose school.yaml was added to: its id and file.
    pub(crate) school: Option<(String, PathBuf)>,
    /// The people added to school.yaml from this document, for a person to confirm.
    pub(crate) people_added: Vec<String>,
    /// A bilingual document's other language, and the translation written in it.
    pub(crate) translated: Option<(String, PathBuf)>,
    /// With `--as-model`, the sections this school words its own way.
    pub(crate) own_sections: Vec<String>,
    /// A shared policy of the same title at another address, which this one is published
    /// beside rather than in place of.
    pub(crate) same_title: Option<PathBuf>,
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

/// A file read: its document, or (Markdown, already a body) its title and body.
enum Read {
    Document(Document, Option<Recognised>),
    Markdown(Option<String>, String),
}

fn read(path: &Path, bytes: &[u8]) -> Result<Read, (String, String)> {
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
            Ok(Read::Document(document, Some(recognised)))
        }
        Format::Odt => {
            let (document, recognised) = odt::read(bytes).map_err(|why| {
                (why, "check that the file opens in LibreOffice; if it does, save it again as .odt and import that copy".to_owned())
            })?;
            Ok(Read::Document(document, Some(recognised)))
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
            Ok(Read::Document(document, Some(recognised)))
        }
        Format::Text => Ok(Read::Document(plain::read_text(&text(bytes)?), None)),
        Format::Markdown => {
            let (title, body) = plain::read_markdown(&text(bytes)?);
            Ok(Read::Markdown(title, markdown::escape_tera(&body)))
        }
    }
}

/// The school whose school.yaml an import adds to: the one named, else the project's only
/// school. `None` for a project of several schools importing shared policies.
fn school_of(options: &ImportOptions) -> Result<Option<String>, Box<Finding>> {
    let root = &options.root;
    if let Some(school) = &options.school {
        if !is_slug(school) || !root.join(layout::school_folder(school)).join(layout::SCHOOL_CONFIG).is_file() {
            return Err(Box::new(
                Finding::error(id::UNKNOWN_SCHOOL, Path::new("--school"), None)
                    .message(format!(
                        "there is no school `{school}` in this project (no {})",
                        layout::school_folder(school).join(layout::SCHOOL_CONFIG).display()
                    ))
                    .help("give the id of a folder under schools/, or make the school first with `policypress new school ID`"),
            ));
        }
        return Ok(Some(school.clone()));
    }
    let schools: Vec<String> = discover::school_ids(root)
        .into_iter()
        .filter(|id| root.join(layout::school_folder(id)).join(layout::SCHOOL_CONFIG).is_file())
        .collect();
    Ok(if let [only] = schools.as_slice() { Some(only.clone()) } else { None })
}

/// The school's school.yaml, read for what import must know of it.
struct SchoolFile {
    id: String,
    /// Relative to the project.
    path: PathBuf,
    text: String,
    config: SchoolConfig,
}

fn school_file(root: &Path, id: &str) -> Result<SchoolFile, Vec<Finding>> {
    let path = layout::school_folder(id).join(layout::SCHOOL_CONFIG);
    let text = fs::read_to_string(root.join(&path))
        .map_err(|err| vec![Finding::error(id::UNREADABLE_FILE, &path, None).message(format!("cannot read {}: {err}", path.display()))])?;
    let config: SchoolConfig = config::parse_yaml(&text, &path, 1)
        .map_err(|err| vec![Finding::from(err).help("import adds to school.yaml: fix this first, then import again")])?;
    Ok(SchoolFile { id: id.to_owned(), path, text, config })
}

/// What the school already says of itself, for recognising what is new.
fn known_of(school: Option<&SchoolFile>, pupils: Vec<String>) -> Known {
    let Some(school) = school else { return Known { pupils, ..Known::default() } };
    let config = &school.config;
    let book = RoleBook::new(config);
    let roles = book.known().filter_map(|id| book.title(id).map(|title| (title.to_owned(), id.to_owned()))).collect();
    let real = |value: &str| (!value.contains(FILL_IN) && !value.trim().is_empty()).then(|| value.to_owned());
    let people = config
        .people
        .iter()
        .filter(|p| !p.name.value.contains(FILL_IN))
        .map(|p| (p.name.value.clone(), p.roles.iter().map(|r| r.value.clone()).collect()))
        .collect();
    Known { roles, name: real(&config.name), phone: real(&config.contact.phone), email: real(&config.contact.email), pupils, people }
}

/// Everything an import will write, made before any of it is.
struct Plan {
    /// Each file to write, pictures before the sources that show them.
    files: Vec<(PathBuf, Vec<u8>)>,
    /// Each school.yaml being added to, with the file as it was.
    yamls: Vec<SchoolPlan>,
    conflicts: Vec<Finding>,
    /// Whether sources and pictures already there are written over (`--replace`).
    replace: bool,
}

/// One school's school.yaml, being added to.
struct SchoolPlan {
    school: SchoolFile,
    edit: YamlEdit,
    known: Known,
    /// The people added so far.
    added: Vec<String>,
}

/// Where one school's (or the shared) imports go.
struct Target<'a> {
    root: &'a Path,
    /// `content/` or the school's own.
    content: PathBuf,
    /// The school.yaml added to, by index into [`Plan::yamls`].
    school: Option<usize>,
    /// The school named, whose copy replaces a shared one and whose media folder takes
    /// the pictures; `None` for the shared sources.
    named: Option<String>,
    /// The slug every file takes, whatever its name (one policy in several schools'
    /// versions); `None`: each file's own.
    slug: Option<String>,
    /// Each shared policy's title and source, read once for the run.
    shared_titles: &'a [(String, PathBuf)],
}

/// The pupils' names in the roster, folded for comparing.
fn pupils_of(options: &ImportOptions) -> Result<Vec<String>, Vec<Finding>> {
    let Some(path) = &options.roster else { return Ok(Vec::new()) };
    let roster = load_roster(&options.root, path).map_err(|f| vec![*f])?;
    Ok(roster
        .pupils
        .iter()
        .flat_map(|p| p.forenames.iter().flat_map(move |f| p.surnames.iter().map(move |s| comparison_key(&format!("{f} {s}")))))
        .collect())
}

/// Imports every file, or none: each is read and converted first, and only if all can
/// be (and none would replace a source, and school.yaml takes what was found without a
/// conflict) are they written. The findings say what stopped it.
pub fn import(options: &ImportOptions) -> Result<Vec<Imported>, Vec<Finding>> {
    if options.as_model {
        return as_model::import(options);
    }
    let root = &options.root;
    let school_id = school_of(options).map_err(|f| vec![*f])?;
    let school = school_id.as_deref().map(|id| school_file(root, id)).transpose()?;
    let pupils = pupils_of(options)?;
    let mut plan = Plan { files: Vec::new(), yamls: Vec::new(), conflicts: Vec::new(), replace: options.replace };
    let known = known_of(school.as_ref(), pupils);
    let unschooled = Known { roles: known.roles.clone(), pupils: known.pupils.clone(), ..Known::default() };
    let index = school.map(|school| {
        plan.yamls.push(SchoolPlan { edit: YamlEdit::new(&school.text), school, known, added: Vec::new() });
        0
    });
    let target = Target {
        root,
        content: options.school.as_deref().map_or_else(|| PathBuf::from(layout::SHARED), layout::school_content),
        school: index,
        named: options.school.clone(),
        slug: None,
        shared_titles: &shared_titles(root),
    };
    let mut findings = Vec::new();
    let mut imported: Vec<Imported> = Vec::new();
    for input in &options.files {
        let Some(read) = read_file(input, &mut findings) else { continue };
        let Some((done, source)) = import_one(input, read, &unschooled, &target, &imported, &mut plan, &mut findings) else { continue };
        plan.files.push((done.written.clone(), source.into_bytes()));
        imported.push(done);
    }
    commit(root, plan, findings).map(|()| imported)
}

/// The file's bytes read and converted, or a finding saying why not.
fn read_file(input: &Path, findings: &mut Vec<Finding>) -> Option<Read> {
    let bytes = match fs::read(input) {
        Ok(bytes) => bytes,
        Err(err) => {
            findings.push(
                Finding::error(id::UNREADABLE_FILE, input, None)
                    .message(format!("cannot read {}: {err}", input.display()))
                    .help("check the file's name and that you may read it"),
            );
            return None;
        }
    };
    match read(input, &bytes) {
        Ok(read) => Some(read),
        Err((why, help)) => {
            findings.push(
                Finding::error(id::UNREADABLE_FILE, input, None).message(format!("cannot import {}: {why}", input.display())).help(help),
            );
            None
        }
    }
}

/// Writes everything planned, once nothing stands in the way: each school.yaml checked
/// to load as it will be written first.
fn commit(root: &Path, mut plan: Plan, mut findings: Vec<Finding>) -> Result<(), Vec<Finding>> {
    findings.append(&mut plan.conflicts);
    for school in &plan.yamls {
        if let Err(err) = config::parse_yaml::<SchoolConfig>(&school.edit.text(), &school.school.path, 1) {
            findings.push(
                Finding::from(err).help(
                    "import could not add what it found to school.yaml without breaking it; nothing was written: please add it by hand",
                ),
            );
        }
    }
    if !findings.is_empty() {
        return Err(findings);
    }
    let mut writes = plan.files;
    for school in plan.yamls {
        let text = school.edit.text();
        if school.school.text != text {
            writes.push((school.school.path, text.into_bytes()));
        }
    }
    for (relative, text) in &writes {
        let path = root.join(relative);
        let written = fs::create_dir_all(path.parent().unwrap_or(root)).and_then(|()| crate::text::atomic::write_file(&path, text));
        if let Err(err) = written {
            findings.push(Finding::error(id::WRITE_FAILED, relative, None).message(format!("cannot write {}: {err}", relative.display())));
        }
    }
    if findings.is_empty() { Ok(()) } else { Err(findings) }
}

/// One document imported into `target`: its policy source (returned, not yet planned),
/// its translation and agreements, and what it adds to school.yaml (planned). `None` when
/// it cannot be, with the findings saying why. `unschooled` is what is known without a
/// school (the roster's names).
fn import_one(
    input: &Path,
    read: Read,
    unschooled: &Known,
    target: &Target<'_>,
    imported: &[Imported],
    plan: &mut Plan,
    findings: &mut Vec<Finding>,
) -> Option<(Imported, String)> {
    let root = target.root;
    let folder = target.content.join("policies");
    let known = target.school.map_or(unschooled, |i| &plan.yamls[i].known);
    let stem = input.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let slug = target.slug.clone().unwrap_or_else(|| slug_of(&stem));
    let written = folder.join(format!("{slug}.md"));
    if !plan.replace && root.join(&written).exists() {
        findings.push(
            Finding::error(id::INVALID_ARGUMENT, &written, None)
                .message(format!(
                    "{} would be imported as {}, which already exists; it is left as it is",
                    input.display(),
                    written.display()
                ))
                .help("rename the file you are importing (its name gives the policy's address), or move the existing source away first, or, to import it again over the last import, add --replace"),
        );
        return None;
    }
    if let Some(other) = imported.iter().find(|other| other.slug == slug) {
        findings.push(
            Finding::error(id::INVALID_ARGUMENT, input, None)
                .message(format!("{} and {} would both be imported as {}", other.input.display(), input.display(), written.display()))
                .help("import one of them, or rename one so their names differ"),
        );
        return None;
    }
    // The pictures go beside the policy, under a folder of its name, never over another's.
    let (media, address) = layout::imported_media(target.named.as_deref(), &slug);
    let school = target.school.map(|i| &plan.yamls[i].school);
    let school_id = school.map(|s| (s.id.clone(), s.path.clone()));
    let school_language = school.map(|s| s.config.main_language().to_owned());
    // The language a source is taken to be in unless it says otherwise.
    let sources_language = school.map_or("en-GB", |s| s.config.language.as_str()).to_owned();
    let mut pictures = Vec::new();
    let mut without_alt = 0;
    let (title, body, recognised, facts, language, translation) = match read {
        Read::Markdown(title, body) => (title, body, None, Facts::default(), None, None),
        Read::Document(document, mut recognised) => match bilingual::split(&document) {
            None => {
                let mut document = document;
                let (title, mut facts) = recognise::recognise(&mut document, &stem, known);
                (pictures, without_alt) = prepare_pictures(&mut document, &address, &mut recognised, &mut facts);
                (title, markdown::write(&document, 2), recognised, facts, None, None)
            }
            Some([left, right]) => {
                // The school's main language is the original; the other its translation.
                let main_first = school_language.as_deref().is_none_or(|main| !language::same(main, right.0));
                let ((lang, mut document), (other, mut translated)) = if main_first { (left, right) } else { (right, left) };
                let (title, mut facts) = recognise::recognise(&mut document, &stem, known);
                let (other_title, mut other_facts) = recognise::recognise(&mut translated, &stem, known);
                (pictures, without_alt) = prepare_pictures(&mut document, &address, &mut recognised, &mut facts);
                // The same pictures, at the same places, in both languages.
                translated.images = document.images.clone();
                for agreement in &mut other_facts.agreements {
                    agreement.body.images = document.images.clone();
                }
                // Names the original's roles give are the roles in the translation too.
                let mut left_as_written = Vec::new();
                recognise::each_text(&mut translated.blocks, &mut |text| {
                    recognise::people::replace_names(text, &facts.everyone, &known.roles, &mut left_as_written);
                });
                let written_in = (!language::same(&sources_language, lang)).then(|| lang.to_owned());
                let other_title = other_title.unwrap_or_else(|| stem.trim().to_owned());
                let other_body = markdown::write(&translated, 2);
                (
                    title,
                    markdown::write(&document, 2),
                    recognised,
                    facts,
                    written_in,
                    Some((other, other_title, other_body, other_facts.agreements)),
                )
            }
        },
    };
    let paths: Vec<PathBuf> = pictures.iter().map(|p| media.join(&p.name)).collect();
    if let Some(there) = paths.iter().find(|p| !plan.replace && root.join(p).exists()) {
        findings.push(
            Finding::error(id::INVALID_ARGUMENT, there, None)
                .message(format!("{}'s pictures would be written to {}, where one already is; it is left as it is", input.display(), media.display()))
                .help("move that folder away first (it is from an earlier import of a file of the same name), or rename the file you are importing"),
        );
        return None;
    }
    // The pictures first: a source is never written that shows a picture not there.
    plan.files.extend(paths.iter().cloned().zip(pictures.into_iter().map(|p| p.bytes)));
    let title_from_heading = title.is_some();
    let title = title.unwrap_or_else(|| stem.trim().to_owned());
    let same_title = target
        .shared_titles
        .iter()
        .find(|(other, path)| other.eq_ignore_ascii_case(&title) && path.file_stem().is_some_and(|stem| *stem != *slug))
        .map(|(_, path)| path.clone());
    let replaces_shared = target.named.is_some() && root.join(layout::SHARED).join("policies").join(format!("{slug}.md")).exists();
    let language_line = language.as_ref().map(|l| format!("language: {l}\n")).unwrap_or_default();
    let source = format!("---\ntitle: {}\nkind: policy\n{language_line}---\n{body}", quoted(&title));
    let (translated, translated_agreements) = match translation {
        Some((lang, other_title, other_body, agreements)) => {
            let path = folder.join(format!("{slug}.{lang}.md"));
            plan.files.push((path.clone(), format!("---\ntitle: {}\nkind: policy\n---\n{other_body}", quoted(&other_title)).into_bytes()));
            (Some((lang.to_owned(), path)), agreements)
        }
        None => (None, Vec::new()),
    };
    let name = input.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let translated_in = translated.as_ref().map(|(lang, _)| (lang.as_str(), translated_agreements.as_slice()));
    let agreements = plan_agreements(target, &facts, translated_in, &name, plan, findings);
    let (entry, people_added) = plan_school_yaml(&slug, &name, &facts, target.school, plan);
    Some((
        Imported {
            input: input.to_path_buf(),
            written,
            slug,
            title,
            title_from_heading,
            recognised,
            replaces_shared,
            facts,
            agreements,
            entry,
            school: school_id,
            pictures: paths,
            pictures_without_alt: without_alt,
            people_added,
            translated,
            own_sections: Vec::new(),
            same_title,
        },
        source,
    ))
}

/// Each shared policy's title and source, through the project's own reading of a source:
/// to say when an imported policy has the title of one already there.
fn shared_titles(root: &Path) -> Vec<(String, PathBuf)> {
    let folder = PathBuf::from(layout::SHARED).join("policies");
    let mut titles: Vec<(String, PathBuf)> = fs::read_dir(root.join(&folder))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|entry| folder.join(entry.file_name()))
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .filter_map(|path| {
            let file = discover::read_text(root, &path).ok()?;
            let source = parse_source(file, Path::new(layout::SHARED)).ok()?;
            // A translation (`online-safety.cy.md`) is its original's other language.
            source.lang.is_none().then_some((source.front.title, path))
        })
        .collect();
    titles.sort_by(|a, b| a.1.cmp(&b.1));
    titles
}

/// The document's pictures stripped and named under `address`, those of its agreements
/// too; the ones left out said in what was recognised. Returns them and how many have no
/// description.
fn prepare_pictures(
    document: &mut Document,
    address: &str,
    recognised: &mut Option<Recognised>,
    facts: &mut Facts,
) -> (Vec<images::Picture>, usize) {
    let (pictures, left_out) = images::prepare(document, address);
    if let Some(recognised) = recognised {
        recognised.images_left_out = left_out;
    }
    for agreement in &mut facts.agreements {
        agreement.body.images = document.images.clone();
    }
    let without_alt = document.images.iter().filter(|i| i.src.is_some() && i.alt.trim().is_empty()).count();
    (pictures, without_alt)
}

/// A signature field as front matter names it (`child-name`).
fn signature_id(field: crate::project::config::SignatureField) -> String {
    serde_json::to_value(field).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// The agreement sources for the agreements at the back of a policy, under `content`'s
/// `agreements/`: named for their tier, or for their title where the tier's file exists.
fn plan_agreements(
    target: &Target<'_>,
    facts: &Facts,
    translated: Option<(&str, &[recognise::agreements::Agreement])>,
    from: &str,
    plan: &mut Plan,
    findings: &mut Vec<Finding>,
) -> Vec<PathBuf> {
    let (root, school) = (target.root, target.school);
    let mut written = Vec::new();
    for (n, agreement) in facts.agreements.iter().enumerate() {
        let folder = target.content.join("agreements");
        // A file is free if nothing is there, or (with --replace) an earlier import of this
        // same agreement is: never another agreement, such as the trust's model.
        let ours = format!("title: {}\n", quoted(&agreement.title));
        let free = |path: &Path| {
            !plan.files.iter().any(|(p, _)| p == path)
                && match fs::read_to_string(root.join(path)) {
                    Err(_) => !root.join(path).exists(),
                    Ok(there) => plan.replace && there.contains(&ours),
                }
        };
        let by_tier = folder.join(format!("{}.md", agreement.tier));
        let path = if free(&by_tier) { by_tier } else { folder.join(format!("{}.md", slug_of(&agreement.title))) };
        if !free(&path) {
            findings.push(
                Finding::error(id::INVALID_ARGUMENT, &path, None)
                    .message(format!(
                        "the agreement \"{}\" at the back of {from} would be imported as {}, which already exists; it is left as it is",
                        agreement.title,
                        path.display()
                    ))
                    .help("move the existing agreement away first, or import into one school with --school ID, whose own agreement replaces the shared one"),
            );
            continue;
        }
        let signatures: Vec<String> = agreement.signatures.iter().map(|f| signature_id(*f)).collect();
        // An agreement's address is its tier unless it says otherwise.
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let slug = if stem == agreement.tier { String::new() } else { format!("slug: {stem}\n") };
        let source = |title: &str, body: &Document, doubts: &[String]| {
            let mut body = body.clone();
            for doubt in doubts.iter().rev() {
                body.blocks.insert(0, Block::Check(format!("{doubt}; delete this note once checked")));
            }
            format!(
                "---\ntitle: {}\nkind: agreement\n{slug}tier: {}\nsignatures: [{}]\n---\n{}",
                quoted(title),
                agreement.tier,
                signatures.join(", "),
                markdown::write(&body, 2)
            )
        };
        plan.files.push((path.clone(), source(&agreement.title, &agreement.body, &agreement.doubts).into_bytes()));
        // The same agreement in the document's other language, as its translation.
        if let Some((lang, others)) = translated
            && let Some(other) = others.get(n).filter(|o| o.tier == agreement.tier)
        {
            plan.files.push((path.with_file_name(format!("{stem}.{lang}.md")), source(&other.title, &other.body, &[]).into_bytes()));
        }
        if let Some(i) = school {
            let _ = plan.yamls[i].edit.add_to_list("agreements", &agreement.tier);
        }
        written.push(path);
    }
    written
}

/// Adds what `facts` found to the school's school.yaml: the policy's entry, the school's
/// details and the people. Returns the entry as YAML when there is no school.yaml to add it
/// to (a trust's shared policy), for the report.
fn plan_school_yaml(slug: &str, from: &str, facts: &Facts, school: Option<usize>, plan: &mut Plan) -> (Vec<String>, Vec<String>) {
    let entry = policy_entry(slug, from, facts);
    let Some(index) = school else { return (entry, Vec::new()) };
    let SchoolPlan { school, edit, added, known } = &mut plan.yamls[index];
    let path = &school.path;
    let added_before = added.len();
    let conflict = |c: Conflict| {
        Finding::error(id::INVALID_SCHOOL, path, Some(crate::finding::Span { line: u32::try_from(c.line).unwrap_or(u32::MAX), column: 1 }))
            .message(format!("{from} gives `{}` as \"{}\", but school.yaml says \"{}\"", c.key, c.document, c.has))
            .help("correct whichever is out of date (school.yaml, or the document), then import again; nothing was written")
    };
    if edit.fill_example_entry("policies", slug, &entry) {
        // The entry `new school` wrote for the policy, still to fill in: filled in now.
    } else if edit.child_line("policies", slug).is_some() && plan.replace {
        // Imported again: the entry a person has checked since stays as it is.
    } else if edit.child_line("policies", slug).is_some() {
        plan.conflicts.push(
            Finding::error(
                id::INVALID_SCHOOL,
                path,
                edit.child_line("policies", slug)
                    .map(|line| crate::finding::Span { line: u32::try_from(line).unwrap_or(u32::MAX), column: 1 }),
            )
            .message(format!("school.yaml already has an entry for `{slug}` under `policies:`, which {from} would be imported as"))
            .help("rename the document (its name gives the policy's address), or remove the entry, then import again; to import it again over the last import, keeping the entry, add --replace"),
        );
    } else if let Err(why) = edit.append("policies", &entry) {
        plan.conflicts.push(
            Finding::error(id::INVALID_SCHOOL, path, None).message(why).help("write it as a block, one entry a line, then import again"),
        );
    }
    let contact = &facts.contact;
    let note = format!("from {from}; delete this comment once checked");
    let results = [
        contact.name.as_ref().map(|n| edit.set(&["name"], n, Some(&note))),
        contact.phone.as_ref().map(|p| edit.set(&["contact", "phone"], p, Some(&note))),
        contact.email.as_ref().map(|e| edit.set(&["contact", "email"], e, Some(&note))),
        (!contact.address.is_empty()).then(|| edit.set_list("contact", "address", &contact.address)),
    ];
    for result in results.into_iter().flatten() {
        if let Err(c) = result {
            plan.conflicts.push(conflict(c));
        }
    }
    let real = |name: &str| !name.contains(FILL_IN);
    let given: Vec<String> = facts.people.iter().flat_map(|p| p.roles.iter().cloned()).collect();
    for person in &facts.people {
        if added.iter().any(|added| recognise::people::same_person(added, &person.name)) {
            continue;
        }
        if school.config.people.iter().any(|p| real(&p.name.value) && recognise::people::same_person(&p.name.value, &person.name)) {
            continue;
        }
        let people = &school.config.people;
        let holder_of = |role: &String| {
            people.iter().find(|p| real(&p.name.value) && p.roles.iter().any(|r| r.value == *role)).map(|p| (role.clone(), p))
        };
        let title = |role: &str| known.roles.iter().find(|(_, id)| id == role).map_or(role.to_owned(), |(title, _)| title.clone());
        // A role only one person holds, held by someone else: one of them is out of date.
        if let Some((role, holder)) = person.roles.iter().filter(|r| ONE_PERSON_ROLES.contains(&r.as_str())).find_map(holder_of) {
            plan.conflicts.push(
                Finding::error(id::INVALID_SCHOOL, path, crate::project::config::span_of(&holder.name))
                    .message(format!(
                        "{from} names {} as the {}, but school.yaml gives the role to {}",
                        person.name,
                        title(&role),
                        holder.name.value
                    ))
                    .help("if the document is out of date, change the name in the document to the one in school.yaml; if school.yaml is, change it there; then import again"),
            );
            continue;
        }
        let sharing: Vec<String> =
            person.roles.iter().filter_map(holder_of).map(|(role, p)| format!("{} also holds {}", p.name.value, title(&role))).collect();
        let roles = person.roles.join(", ");
        let said = if person.said.len() > 120 {
            format!("{}…", &person.said[..person.said.floor_char_boundary(117)])
        } else {
            person.said.clone()
        };
        let also = if sharing.is_empty() { String::new() } else { format!(" ({})", sharing.join("; ")) };
        let note = format!(
            "{from} names {} as {roles} (in {}){also}; once you have checked the name and roles, delete this comment: only then is the name published",
            person.name,
            if said == "the table of roles" { said } else { format!("\"{said}\"") }
        );
        match edit.example_person(&person.roles) {
            Some(line) => edit.fill_person(line, &person.name, &person.roles, &given, &note),
            None => {
                let _ = edit.append(
                    "people",
                    &[format!("- name: {}   # {} {note}", quoted(&person.name), CHECK_MARK), format!("  roles: [{roles}]")],
                );
            }
        }
        added.push(person.name.clone());
    }
    (entry, added[added_before..].to_vec())
}

/// The roles a school gives one person: a document naming someone else for one of them
/// contradicts school.yaml. (A deputy, a governor or a lead may be two people.)
const ONE_PERSON_ROLES: [&str; 5] = ["headteacher", "dsl", "chair-of-governors", "siro", "data-protection-officer"];

/// The policy's `policies:` entry, from its approval details: each value read, a note
/// beside any a person should check, and "FILL IN" where the document gave none.
fn policy_entry(slug: &str, from: &str, facts: &Facts) -> Vec<String> {
    use recognise::approval::Field;
    let approval = &facts.approval;
    let mut lines = vec![format!("{slug}:")];
    let mut field = |field: Field, fill: &str| {
        match approval.get(field) {
        Some(value) => match &value.yaml {
            Some(yaml) => {
                let note =
                    value.doubt.as_ref().map(|d| format!("   # {CHECK_MARK} {d}; delete this comment once checked")).unwrap_or_default();
                lines.push(format!("  {}: {yaml}{note}", field.key()));
            }
            None => lines.push(format!(
                "  # {}:   # {CHECK_MARK} {} in {from}: write the real value here, then delete this comment",
                field.key(),
                value.doubt.as_deref().unwrap_or("not read")
            )),
        },
        None if field == Field::Owner => lines.push(format!(
            "  owner: headteacher   # {CHECK_MARK} {from} names no owner, so the headteacher was put here: write the role that owns the policy, then delete this comment"
        )),
        None if !fill.is_empty() => lines.push(format!("  {}: \"{FILL_IN}: {fill}\"", field.key())),
        None => {}
    }
    };
    field(Field::Owner, "");
    field(Field::ApprovedBy, "who approved it, e.g. Full Governing Body");
    field(Field::ApprovedOn, "");
    field(Field::LastReviewedOn, "");
    field(Field::LastReviewedBy, "");
    field(Field::NextReview, "");
    field(Field::ReviewEvery, "");
    if approval.get(Field::ApprovedOn).is_none() {
        lines.push("  # approved_on: YYYY-MM-DD        when it was approved".to_owned());
    }
    if approval.get(Field::NextReview).is_none() && approval.get(Field::ReviewEvery).is_none() {
        lines.push("  # next_review: YYYY-MM           when it is next reviewed".to_owned());
    }
    lines
}

/// What each import recognised, for a person: a few lines a file.
pub fn report(imported: &[Imported]) -> String {
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
                (r.page_header_paragraphs, "lines from page headers and footers"),
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
        if let Some((lang, path)) = &done.translated {
            let _ = writeln!(out, "  written in two languages: the {} column as {}", language::english_name(lang), path.display());
        }
        report_facts(&mut out, done);
        if let Some(other) = &done.same_title {
            let _ = writeln!(
                out,
                "  note: {} is also called \"{}\": this one is published beside it, not in its place. To make it the school's own version of that policy, move the new source to schools/<id>/content/policies/{} (and its entry), or import the file again named {}",
                other.display(),
                done.title,
                other.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                other.file_stem().map(|n| format!("{}.docx --school <id>", n.to_string_lossy())).unwrap_or_default()
            );
        }
        if !done.own_sections.is_empty() {
            let _ = writeln!(out, "  this school's own wording of: {} (the rest is the shared model)", done.own_sections.join(", "));
        }
        if done.replaces_shared && done.own_sections.is_empty() {
            let _ = writeln!(out, "  this school's copy replaces the shared policy of the same name for this school");
        }
    }
    let unchecked = imported.iter().any(|d| d.school.is_some());
    if unchecked {
        let _ = writeln!(
            out,
            "next: run `policypress check`. Each note import left for you (`# CHECK:` in school.yaml, `{{# CHECK: ... #}}` in a page) is an `import-unconfirmed` finding until you delete it; each \"FILL IN\" is an `unfilled-placeholder`."
        );
    }
    out
}

/// The facts recognised in one document, for [`report`].
fn report_facts(out: &mut String, done: &Imported) {
    use std::fmt::Write as _;
    let facts = &done.facts;
    let yaml = done.school.as_ref().map(|(_, path)| path.display().to_string());
    let approval: Vec<String> = facts
        .approval
        .values
        .iter()
        .map(|v| match (&v.yaml, &v.doubt) {
            (Some(value), None) => format!("{} {value}", v.field.key()),
            (Some(value), Some(_)) => format!("{} {value} (to check)", v.field.key()),
            (None, _) => format!("{} left to fill in", v.field.key()),
        })
        .collect();
    if !approval.is_empty() {
        let _ = writeln!(out, "  approval: {}", approval.join(", "));
    }
    let contact = &facts.contact;
    let mut details = Vec::new();
    details.extend(contact.name.as_ref().map(|_| "name"));
    details.extend((!contact.address.is_empty()).then_some("address"));
    details.extend(contact.phone.as_ref().map(|_| "phone"));
    details.extend(contact.email.as_ref().map(|_| "e-mail"));
    if !details.is_empty() {
        let _ = writeln!(
            out,
            "  the school's {}: {}",
            details.join(", "),
            yaml.as_deref().unwrap_or("not written (no one school to write them to)")
        );
    }
    if facts.details_replaced > 0 {
        let _ = writeln!(out, "  {} mentions of the school's name, phone or e-mail now come from school.yaml", facts.details_replaced);
    }
    for person in &facts.people {
        let state = if done.people_added.contains(&person.name) {
            "added to school.yaml, to confirm"
        } else if done.school.is_some() {
            "already in school.yaml"
        } else {
            "add them to each school's school.yaml"
        };
        let _ = writeln!(out, "  person: {} as {} ({state})", person.name, person.roles.join(", "));
    }
    if facts.names_replaced > 0 {
        let _ = writeln!(out, "  {} names in the text now come from school.yaml's roles", facts.names_replaced);
    }
    if !facts.names_left.is_empty() {
        let _ = writeln!(out, "  left as written (they hold several roles, none named there): {}", facts.names_left.join(", "));
    }
    if facts.pupils_named > 0 {
        let _ = writeln!(
            out,
            "  {} names in the document are pupils' names in the roster: not taken for staff; `check --roster` will point at them",
            facts.pupils_named
        );
    }
    for (agreement, path) in facts.agreements.iter().zip(&done.agreements) {
        let signatures: Vec<String> = agreement.signatures.iter().map(|f| signature_id(*f)).collect();
        let _ = writeln!(
            out,
            "  agreement: \"{}\" as {} (tier {}, signatures: {})",
            agreement.title,
            path.display(),
            agreement.tier,
            if signatures.is_empty() { "none recognised".to_owned() } else { signatures.join(", ") }
        );
    }
    if done.school.is_none() {
        let _ = writeln!(out, "  add this under `policies:` in each school's school.yaml that publishes it:");
        for line in &done.entry {
            let _ = writeln!(out, "    {line}");
        }
    }
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
            ..Document::default()
        };
        assert_eq!(title_of(&mut document).as_deref(), Some("E-Safety Policy"));
        assert_eq!(document.blocks.len(), 3, "not the first block: left in place");
        let mut document = Document { blocks: vec![heading(2, "Aims"), heading(0, "Online Safety")], ..Document::default() };
        assert_eq!(title_of(&mut document).as_deref(), Some("Online Safety"));
        let mut document = Document { blocks: vec![heading(1, "Aims"), heading(2, "Scope")], ..Document::default() };
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
