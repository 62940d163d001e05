//! The print back end: Typst, as a library, turns a theme's `.typ` template and a JSON
//! file of plain data into a tagged PDF.
//!
//! In: a [`Template`] (its text and the file it came from, for messages), the JSON the
//! template reads as `/data.json`, the document's title for its stable identifier, and
//! the date it is made on. Out: the PDF's bytes, or a [`PrintError`] naming the
//! template's line. Guarantees: the same inputs give byte-identical PDFs (a fixed date,
//! the theme's fonts only, an identifier derived from the document), fonts are
//! embedded, and every PDF is PDF/UA-1: tagged, titled, with its language. School and
//! pupil data reach Typst only as JSON strings, never as markup.
//!
//! Users: `policypress agreements` (class packs, blank forms) and the site build, which
//! publishes each blank agreement and each policy as a PDF beside its page.

pub mod agreement;
pub mod blocks;
pub mod job;
pub mod world;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use sha2::{Digest, Sha256};
use typst::WorldExt;
use typst::diag::SourceDiagnostic;
use typst::foundations::{Bytes, Datetime, Smart};
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

pub use agreement::{Agreement, PolicyNote};
pub use blocks::{Addresses, Block, LinkWords, Unprintable, Wording, wording};
pub use job::{Paper, PrintJob, PrintWords, PupilSheet};
pub(crate) use world::AgreementWorld;
pub use world::{FontError, Typesetter, font_files};

use crate::date::Date;
use crate::project::layout;
use crate::project::theme_files::{self, ThemeFile};

/// The fonts folder inside a theme.
pub const FONTS: &str = crate::project::layout::THEME_FONTS;
/// The print templates' folder inside a theme.
const THEME_PRINT: &str = crate::project::layout::THEME_PRINT;
/// The agreement template inside a theme.
pub const AGREEMENT_TEMPLATE: &str = "print/agreement.typ";
/// The policy template inside a theme.
pub(crate) const POLICY_TEMPLATE: &str = "print/policy.typ";
/// How both templates show a page's wording (headings, lists, tables, pictures...): the
/// one file they import, `#import "content.typ": show-blocks`.
pub const CONTENT_TEMPLATE: &str = "print/content.typ";

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error(transparent)]
    Fonts(#[from] FontError),
    /// A template or the logo could not be read.
    #[error("{}: cannot read the file: {message}", file.display())]
    ReadFile { file: PathBuf, message: String },
    /// A mistake in the template (or data it did not expect); `line` and `column` count
    /// from 1 in `file`.
    #[error("{}{}: {message}", file.display(), position(*line, *column))]
    Template { file: PathBuf, line: Option<u32>, column: Option<u32>, message: String },
    #[error("could not write the PDF: {0}")]
    Pdf(String),
    #[error("could not prepare the template's data: {0}")]
    Data(String),
    /// Parts of a page that paper cannot show.
    #[error("{}", Unprintable::said(.0))]
    Unprintable(Vec<Unprintable>),
}

impl From<PrintError> for crate::finding::Finding {
    fn from(err: PrintError) -> Self {
        use crate::finding::{Finding, Span};
        let help = "check the theme's print/ templates and its fonts/ folder";
        match err {
            PrintError::Template { file, line, column, message } => {
                let span = line.map(|line| Span { line, column: column.unwrap_or(1) });
                Finding::error(crate::finding::id::PRINT_FAILED, &file, span).message(message).help(help)
            }
            PrintError::ReadFile { ref file, .. } => {
                Finding::error(crate::finding::id::PRINT_FAILED, file, None).message(err.to_string()).help(help)
            }
            other => Finding::error(crate::finding::id::PRINT_FAILED, Path::new(crate::project::layout::THEMES), None)
                .message(other.to_string())
                .help(help),
        }
    }
}

fn position(line: Option<u32>, column: Option<u32>) -> String {
    match (line, column) {
        (Some(line), Some(column)) => format!(":{line}:{column}"),
        (Some(line), None) => format!(":{line}"),
        _ => String::new(),
    }
}

/// A template's text and where it came from, with the theme's logo if it has one.
#[derive(Debug, Clone)]
pub struct Template {
    pub file: PathBuf,
    pub text: String,
    pub logo: Option<Logo>,
}

/// A picture printed at the head of every document: `print/logo.png`, `.jpg` or `.svg`
/// in the school's theme, or else in the default theme. The template finds its address
/// in the data as `logo` (absent when there is none).
#[derive(Debug, Clone)]
pub struct Logo {
    pub(crate) file: PathBuf,
    /// Shared, not copied, by every document typeset with it.
    pub(crate) bytes: Bytes,
}

impl Logo {
    const NAMES: [&str; 4] = ["logo.png", "logo.jpg", "logo.jpeg", "logo.svg"];

    /// The logo `theme` prints with, if any: the theme's own, else the default theme's.
    pub(crate) fn find(root: &Path, theme: &str) -> Result<Option<Logo>, PrintError> {
        let candidates: Vec<ThemeFile> =
            theme_files::files(root, theme, THEME_PRINT).into_iter().filter(|file| Self::NAMES.contains(&file.relative.as_str())).collect();
        let own = layout::theme_folder(theme);
        let Some(found) = candidates.iter().find(|file| file.shown.starts_with(&own)).or(candidates.first()) else { return Ok(None) };
        let file = found.shown.clone();
        let bytes = found.read().map_err(|err| PrintError::ReadFile { file: file.clone(), message: err.to_string() })?.into_owned();
        // Printed on every document: stripped like any published picture, or refused.
        let extension = crate::project::media::extension_of(&file);
        let (bytes, check, _) = crate::project::media::prepare(bytes, &extension);
        if let crate::project::media::ImageCheck::Refused(err) = check {
            return Err(PrintError::ReadFile { file, message: err.to_string() });
        }
        Ok(Some(Logo::new(file, bytes)))
    }

    pub fn new(file: PathBuf, bytes: Vec<u8>) -> Logo {
        Logo { file, bytes: Bytes::new(bytes) }
    }

    /// Where the template reads it: `/logo.png` and so on.
    pub(crate) fn path(&self) -> String {
        format!("/{}", self.file.file_name().map(|n| n.to_string_lossy()).unwrap_or_default())
    }
}

impl Template {
    /// Reads `name` (say [`AGREEMENT_TEMPLATE`]) from the school's theme, or from the
    /// default theme when the school's theme has none: a theme that only restyles the
    /// website still prints.
    pub fn load(root: &Path, theme: &str, name: &str) -> Result<Template, PrintError> {
        Template::read(root, theme, name, Logo::find(root, theme)?)
    }

    /// As [`Template::load`], with the logo already found.
    fn read(root: &Path, theme: &str, name: &str, logo: Option<Logo>) -> Result<Template, PrintError> {
        let relative = name.strip_prefix(&format!("{THEME_PRINT}/")).unwrap_or(name);
        let Some(found) = theme_files::file(root, theme, THEME_PRINT, relative) else {
            let file = layout::theme_folder(theme).join(name);
            return Err(PrintError::ReadFile { file, message: "the theme has no such print template".to_owned() });
        };
        // Named relative to the project, as every message names a file.
        let file = found.shown.clone();
        let text = found.read_text(root).map_err(|err| PrintError::ReadFile { file: file.clone(), message: err.to_string() })?;
        Ok(Template { file, text, logo })
    }
}

/// Typesets a print job (a class pack or a blank form) with `template`, which imports
/// `content`, into a PDF; `today` is the date it is made on as far as the template can
/// tell. The job prints no pictures.
pub fn print_pdf(
    job: &PrintJob,
    typesetter: &Typesetter,
    template: &Template,
    content: &Template,
    today: Date,
) -> Result<Vec<u8>, PrintError> {
    let data = job.template_data().map_err(|err| PrintError::Data(err.to_string()))?;
    Ok(typeset(typesetter, template, content, data, &job.ident(), today, &job.pictures(), &Pictures::new())?.pdf)
}

/// The pictures a document may print, by their path in the site (`media/3fa1.jpg`): the
/// published (stripped) copies.
pub(crate) type Pictures = std::collections::HashMap<String, std::sync::Arc<Vec<u8>>>;

/// Typesets `data` with `template` (which may import `library`). `ident` names the
/// document for its PDF identifier (the same document keeps its identifier from run to
/// run); `today` is the date the template sees; `pictures` are served at `/<path>`.
#[allow(clippy::too_many_arguments, reason = "each is a separate input of the typesetting")]
pub(crate) fn typeset(
    typesetter: &Typesetter,
    template: &Template,
    library: &Template,
    data: Vec<u8>,
    ident: &str,
    today: Date,
    wanted: &[String],
    pictures: &Pictures,
) -> Result<Printed, PrintError> {
    let day = today.day.unwrap_or(1);
    let date = u8::try_from(today.month)
        .ok()
        .zip(u8::try_from(day).ok())
        .and_then(|(month, day)| Datetime::from_ymd(today.year, month, day))
        .ok_or_else(|| PrintError::Data(format!("not a date: {today}")))?;
    let data = match &template.logo {
        Some(logo) => with_key(&data, "logo", logo.path().into())?,
        None => data,
    };
    let mut served = Vec::with_capacity(wanted.len());
    for path in wanted {
        let bytes = pictures.get(path.trim_start_matches('/')).ok_or_else(|| {
            PrintError::Unprintable(vec![Unprintable {
                what: format!("the picture {path}"),
                why: "it is not in the site".into(),
                look_for: path.clone(),
            }])
        })?;
        served.push((path.clone(), Bytes::new(world::Shared(std::sync::Arc::clone(bytes)))));
    }
    let world = AgreementWorld::new(typesetter, template, library, data, date, &served)
        .ok_or_else(|| PrintError::Data("Typst refused the template's path".into()))?;
    let compiled = typst::compile::<typst_layout::PagedDocument>(&world);
    // Typst memoises layout across documents, which is what makes the second pupil's
    // sheet cheap; without eviction the cache keeps every sheet ever laid out, gigabytes
    // for a whole school. Entries unused for a few documents go.
    typst::comemo::evict(4);
    // Warnings (an unknown font name, say) would make a worse sheet silently: treat the
    // first as an error so a theme author sees it.
    // A letter no font of the theme has would print as an empty box: it is the page's
    // content that cannot print, not the template that is wrong.
    let missing: Vec<Unprintable> = compiled.warnings.iter().filter_map(|warning| missing_letter(&warning.message)).collect();
    if !missing.is_empty() {
        return Err(PrintError::Unprintable(missing));
    }
    let document = match compiled.output {
        Ok(document) => document,
        Err(errors) => return Err(template_error(&world, &errors)),
    };
    if !compiled.warnings.is_empty() {
        return Err(template_error(&world, &compiled.warnings));
    }
    let standards = PdfStandards::new(&[PdfStandard::Ua_1]).map_err(|err| PrintError::Pdf(err.message().to_string()))?;
    let options = PdfOptions {
        standards,
        ident: Smart::Custom(ident.to_owned()),
        creator: Smart::Custom(Some(format!("policypress {}", env!("CARGO_PKG_VERSION")))),
        ..PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| {
        let missing: Vec<Unprintable> = errors.iter().filter_map(|error| missing_letter(&error.message)).collect();
        if missing.is_empty() {
            PrintError::Pdf(errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("; "))
        } else {
            PrintError::Unprintable(missing)
        }
    })?;
    Ok(Printed { pdf, sheets: sheets(&document) })
}

/// The text Typst says no font could show (its warning reads ``the text `"👍"` could not
/// be displayed with font `"Open Sans"` ``), as something the page cannot print.
fn missing_letter(message: &str) -> Option<Unprintable> {
    // PDF/UA export says it too, after "PDF/UA-1 error: ".
    let rest = message.split_once("the text `\"")?.1;
    let (text, after) = rest.split_once("\"`")?;
    after.contains("could not be displayed").then(|| Unprintable {
        what: format!("the text “{text}”"),
        why: "no font of the theme has it; write it in words, or add a font that has it to the theme's fonts/ folder".into(),
        look_for: text.to_owned(),
    })
}

/// A typeset document: its PDF, and the agreement sheets in it.
#[derive(Debug)]
pub(crate) struct Printed {
    pub(crate) pdf: Vec<u8>,
    pub(crate) sheets: Vec<Sheet>,
}

/// One agreement sheet as it was laid out: the template marks where each starts, where
/// its wording ends, where its blanks start and where it ends (`<sheet-start>`,
/// `<sheet-wording-end>`, `<sheet-blanks>`, `<sheet-end>`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Sheet {
    pub(crate) tier: String,
    pub(crate) pages: usize,
    /// How much room it needs, in pages: its wording, the gap, then its blanks (which are
    /// never split), as if it could flow on without a page break.
    pub(crate) needs: f64,
    /// A class pack's copy, with a pupil's name in it (not a blank form).
    pub(crate) for_pupil: bool,
}

impl Sheet {
    /// Why the sheet does not fit `budget` pages, in a school's words, if it does not.
    pub(crate) fn over(&self, budget: u32) -> Option<String> {
        let budget = usize::try_from(budget).unwrap_or(usize::MAX).max(1);
        if self.pages <= budget {
            return None;
        }
        let over = self.needs - budget as f64;
        let percent = ((over * 100.0 / 5.0).ceil() * 5.0).max(5.0);
        let pages = |n: usize| if n == 1 { "1 page".to_owned() } else { format!("{n} pages") };
        let copy = if self.for_pupil { "a class-pack copy (with the pupil's name box)" } else { "one copy" };
        Some(format!("{copy} prints on {} but may take {}: it is about {percent:.0}% of a page too long", pages(self.pages), pages(budget)))
    }
}

/// The sheets the template marked in `document`, in order. Each mark is metadata holding
/// the tier; the start's also holds `room`, the height a page has for the sheet, and
/// `name` (none on a blank form), and the end of the wording's holds `gap`, the space kept
/// before the blanks (in points).
fn sheets(document: &typst_layout::PagedDocument) -> Vec<Sheet> {
    use typst::foundations::{Dict, Label, Selector, Str, Value};
    use typst::introspection::MetadataElem;
    struct Mark {
        tier: String,
        page: usize,
        y: f64,
        values: Option<Dict>,
    }
    let introspector = document.introspector();
    let number = |mark: &Mark, key: &str| {
        mark.values.as_ref().and_then(|d| d.get(key).ok()).and_then(|v| v.clone().cast::<f64>().ok()).unwrap_or(0.0)
    };
    let marked = |name: &str| {
        let Some(label) = Label::new(typst::utils::PicoStr::intern(name)) else { return Vec::new() };
        let elements = introspector.elements().query(&Selector::Label(label));
        elements
            .into_iter()
            .filter_map(|element| {
                let position = introspector.position(element.location()?)?;
                let (tier, values) = match &element.to_packed::<MetadataElem>()?.value {
                    Value::Str(tier) => (tier.to_string(), None),
                    Value::Dict(dict) => (dict.get("tier").ok()?.clone().cast::<Str>().ok()?.to_string(), Some(dict.clone())),
                    _ => return None,
                };
                Some(Mark { tier, page: position.page.get(), y: position.point.y.to_pt(), values })
            })
            .collect::<Vec<_>>()
    };
    let (starts, wordings, blanks, ends) =
        (marked("sheet-start"), marked("sheet-wording-end"), marked("sheet-blanks"), marked("sheet-end"));
    let mut sheets = Vec::new();
    for (((start, wording), blank), end) in starts.into_iter().zip(wordings).zip(blanks).zip(ends) {
        // The sheet starts at the top of its page's room.
        let room = Some(number(&start, "room")).filter(|room| *room > 0.0).unwrap_or(1.0);
        let wording_needs = (wording.page - start.page) as f64 * room + (wording.y - start.y);
        let blanks_height = (end.y - blank.y).max(0.0) + (end.page - blank.page) as f64 * room;
        let for_pupil = start.values.as_ref().and_then(|d| d.get("name").ok()).is_some_and(|name| *name != Value::None);
        sheets.push(Sheet {
            pages: end.page.saturating_sub(start.page) + 1,
            needs: (wording_needs + number(&wording, "gap") + blanks_height) / room,
            for_pupil,
            tier: start.tier,
        });
    }
    sheets
}

/// The JSON object `data` with `key` set to `value`.
fn with_key(data: &[u8], key: &str, value: serde_json::Value) -> Result<Vec<u8>, PrintError> {
    let data_error = |err: serde_json::Error| PrintError::Data(err.to_string());
    let mut object: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(data).map_err(data_error)?;
    object.insert(key.to_owned(), value);
    serde_json::to_vec(&object).map_err(data_error)
}

/// Feeds each part to `hash` after its length, so that no two different lists of parts
/// feed the same bytes.
fn hash_parts(hash: &mut Sha256, parts: &[&[u8]]) {
    for part in parts {
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part);
    }
}

/// The first diagnostic, placed in the template (or the content template it imports)
/// where Typst points.
fn template_error(world: &AgreementWorld<'_>, diagnostics: &[SourceDiagnostic]) -> PrintError {
    let file = world.template_file().to_path_buf();
    let Some(first) = diagnostics.first() else {
        return PrintError::Template { file, line: None, column: None, message: "Typst failed without saying why".into() };
    };
    let mut message = first.message.to_string();
    // Typst's hints speak of its own command line (`--root`), which is not this one's.
    for hint in first.hints.iter().filter(|hint| !hint.v.contains("--root")) {
        message.push_str(&format!(" (hint: {})", hint.v));
    }
    if message.contains("file not found") || message.contains("outside of project root") {
        message.push_str(" (a print template reads only `/data.json`, `content.typ`, the pictures its data names and the theme's `print/logo.png`, `.jpg` or `.svg`)");
    }
    let Some((source, file)) = first.span.id().and_then(|id| world.template_source(id)) else {
        return PrintError::Template { file, line: None, column: None, message };
    };
    let (line, column) = match world.range(first.span) {
        Some(range) => {
            let text = source.text();
            let before = &text[..range.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            (u32::try_from(line).ok(), u32::try_from(column).ok())
        }
        None => (None, None),
    };
    PrintError::Template { file: file.to_path_buf(), line, column, message }
}

/// What the site build needs to print one theme's documents: the fonts, both templates,
/// and a fingerprint of all three. A document's file name carries a hash of its data and
/// this fingerprint, so a PDF already published under that name is the same PDF and
/// need not be typeset again.
pub(crate) struct Printer {
    /// The theme's fonts; they are read (and Typst's library made) only when a document
    /// is first typeset: a rebuild finds most PDFs already published, and `check` none.
    fonts: Vec<ThemeFile>,
    typesetter: OnceLock<Result<Typesetter, FontError>>,
    pub(crate) agreement: Template,
    pub(crate) policy: Template,
    /// What both import to show a page's wording.
    pub(crate) content: Template,
    fingerprint: [u8; 32],
}

/// Which template prints a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    Agreement,
    Policy,
}

/// A PDF the site will publish, not yet typeset: where it goes and what it holds.
#[derive(Debug, Clone)]
pub(crate) struct Printable {
    /// Relative to the school's site, e.g. `policies/online-safety/online-safety-3F9K2M1A.pdf`.
    pub(crate) path: String,
    pub(crate) layout: Layout,
    pub(crate) data: PrintData,
    pub(crate) ident: String,
    pub(crate) date: Date,
}

/// What a template reads as `/data.json`, or what that is made from.
#[derive(Debug, Clone)]
pub(crate) enum PrintData {
    /// A JSON object of everything but the wording, and where the page sits. The
    /// wording's `blocks` are made from the page's published content only when the
    /// document is typeset: a rebuild finds most PDFs already published and never needs
    /// them.
    Wording { head: Vec<u8>, addresses: PageAddresses },
    /// A blank agreement, its wording to be read from the page's content in the same way.
    Agreement { job: Box<PrintJob>, addresses: PageAddresses },
}

/// [`Addresses`], owned: what a page's links print on paper.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageAddresses {
    pub(crate) page_url: String,
    pub(crate) base_url: Option<String>,
    /// The title of each page of the site the wording links to, by its folder.
    pub(crate) titles: Vec<(String, String)>,
    /// How a link is said on paper, in the page's language.
    pub(crate) said: LinkWords,
}

impl PageAddresses {
    fn hash_into(&self, hash: &mut Sha256) {
        let PageAddresses { page_url, base_url, titles, said } = self;
        hash_parts(hash, &[page_url.as_bytes(), base_url.as_deref().unwrap_or("").as_bytes()]);
        said.all().iter().for_each(|word| hash_parts(hash, &[word.as_bytes()]));
        titles.iter().for_each(|(url, title)| hash_parts(hash, &[url.as_bytes(), title.as_bytes()]));
    }

    /// The printed wording of `content`, a page's published HTML: its blocks and the
    /// pictures they print, or what in it cannot be printed.
    pub(crate) fn printable(&self, content: &str) -> Result<(Vec<Block>, Vec<String>), Vec<Unprintable>> {
        let titles = |page: &str| self.titles.iter().find(|(url, _)| url == page).map(|(_, title)| title.clone());
        let Wording { blocks, pictures, unprintable } = wording(
            content,
            &Addresses { page_url: &self.page_url, base_url: self.base_url.as_deref(), titles: &titles, said: &self.said },
        );
        if unprintable.is_empty() { Ok((blocks, pictures)) } else { Err(unprintable) }
    }
}

impl PrintData {
    /// The JSON the template reads and the pictures it prints, for a page whose published
    /// content is `content`.
    pub(crate) fn json(&self, content: &str) -> Result<(Vec<u8>, Vec<String>), PrintError> {
        match self {
            PrintData::Wording { head, addresses } => {
                let (blocks, pictures) = addresses.printable(content).map_err(PrintError::Unprintable)?;
                let blocks = serde_json::to_value(blocks).map_err(|err| PrintError::Data(err.to_string()))?;
                Ok((with_key(head, "blocks", blocks)?, pictures))
            }
            PrintData::Agreement { job, addresses } => {
                let (blocks, pictures) = addresses.printable(content).map_err(PrintError::Unprintable)?;
                let mut job = job.as_ref().clone();
                for agreement in &mut job.agreements {
                    agreement.blocks.clone_from(&blocks);
                    agreement.pictures.clone_from(&pictures);
                }
                Ok((job.template_data().map_err(|err| PrintError::Data(err.to_string()))?, pictures))
            }
        }
    }

    /// Feeds everything the JSON is made from to `hash`, the page's content included.
    fn hash_into(&self, hash: &mut Sha256, content: &str) {
        match self {
            PrintData::Wording { head, addresses } => {
                hash_parts(hash, &[head, content.as_bytes()]);
                addresses.hash_into(hash);
            }
            PrintData::Agreement { job, addresses } => {
                hash_parts(hash, &[&job.template_data().unwrap_or_default(), content.as_bytes()]);
                addresses.hash_into(hash);
            }
        }
    }
}

impl Printer {
    /// Loads the fonts and templates `theme` prints with (the default theme's where it
    /// has none of its own).
    pub fn load(root: &Path, theme: &str) -> Result<Printer, PrintError> {
        // One logo, found and read once, for both templates.
        let logo = Logo::find(root, theme)?;
        let logo_bytes = logo.as_ref().map_or(&[][..], |logo| &logo.bytes[..]);
        let mut hash = Sha256::new();
        hash.update(env!("CARGO_PKG_VERSION"));
        let agreement = Template::read(root, theme, AGREEMENT_TEMPLATE, logo.clone())?;
        let policy = Template::read(root, theme, POLICY_TEMPLATE, logo.clone())?;
        let content = Template::read(root, theme, CONTENT_TEMPLATE, None)?;
        hash_parts(&mut hash, &[agreement.text.as_bytes(), policy.text.as_bytes(), content.text.as_bytes(), logo_bytes]);
        let fonts = world::font_files(root, theme);
        for file in &fonts {
            hash.update(file.relative.as_bytes());
            hash.update(file.size().to_le_bytes());
        }
        Ok(Printer { fonts, typesetter: OnceLock::new(), agreement, policy, content, fingerprint: hash.finalize().into() })
    }

    /// A file name for a document of `data` dated `date`, printed from a page whose
    /// content is `content`, in the form `<stem>-<code>.pdf`.
    pub(crate) fn file_name(&self, stem: &str, data: &PrintData, content: &str, date: Date) -> String {
        let mut hash = Sha256::new();
        hash.update(self.fingerprint);
        hash.update(date.iso());
        data.hash_into(&mut hash, content);
        format!("{stem}-{}.pdf", short_code(&hash.finalize()))
    }

    /// The template that prints documents of `layout`.
    pub(crate) fn template(&self, layout: Layout) -> &Template {
        match layout {
            Layout::Agreement => &self.agreement,
            Layout::Policy => &self.policy,
        }
    }

    /// Typesets one document, printed from a page whose published content is `content`.
    pub(crate) fn print(&self, document: &Printable, content: &str, pictures: &Pictures) -> Result<Printed, PrintError> {
        let template = self.template(document.layout);
        let (json, wanted) = document.data.json(content)?;
        typeset(self.typesetter()?, template, &self.content, json, &document.ident, document.date, &wanted, pictures)
    }

    /// Typesets a print job (a class pack or a blank form) with the agreement template,
    /// dated `today`.
    pub(crate) fn print_job(&self, job: &PrintJob, today: Date, pictures: &Pictures) -> Result<Printed, PrintError> {
        let data = job.template_data().map_err(|err| PrintError::Data(err.to_string()))?;
        typeset(self.typesetter()?, &self.agreement, &self.content, data, &job.ident(), today, &job.pictures(), pictures)
    }

    /// The fonts and Typst's library, made the first time a document is typeset.
    fn typesetter(&self) -> Result<&Typesetter, PrintError> {
        Ok(self.typesetter.get_or_init(|| Typesetter::load(&self.fonts)).as_ref().map_err(|err| err.clone())?)
    }
}

/// Stack for each typesetting thread: Typst lays out nested blocks recursively, and a
/// long policy goes deeper than a default 2 MiB thread stack allows.
const TYPESETTING_STACK: usize = 64 << 20;

/// Typesets every item with `print`, one document at a time on each of a few threads
/// (one per core), and returns the results in the items' order.
///
/// Not rayon's `par_iter`: Typst lays out pages on rayon itself, and a rayon worker
/// waiting for that work steals other whole documents meanwhile, so compiles pile up on
/// one stack (a 1,000-policy site overflowed it) and each holds its memory until the
/// ones above it finish. Here a thread starts a document only when its last is done.
pub(crate) fn each_document<T: Sync, R: Send>(items: &[T], print: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else { return done };
            done.push((index, print(item)));
        }
    };
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(items.len());
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (0..threads)
            .filter_map(|_| {
                std::thread::Builder::new().name("typesetting".into()).stack_size(TYPESETTING_STACK).spawn_scoped(scope, work).ok()
            })
            .collect();
        // The calling thread only waits, unless no thread could be started: then it
        // does all the work itself.
        let mut results = if helpers.is_empty() { work() } else { Vec::new() };
        for helper in helpers {
            // A panic in Typst is a bug there; carry it on rather than lose a document.
            results.extend(helper.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        }
        results
    });
    results.sort_unstable_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}

/// A BCP 47 tag split as Typst wants it: "en-GB" is language "en", region "GB".
pub(crate) fn language_parts(tag: &str) -> (&str, Option<&str>) {
    match tag.split_once('-') {
        Some((lang, region)) => (lang, Some(region)),
        None => (tag, None),
    }
}

/// Eight characters of a hash in Crockford's base 32, without the letters people misread
/// (I, L, O, U): short enough to read out over the phone.
pub(crate) fn short_code(digest: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let mut bytes = [0u8; 8];
    for (slot, byte) in bytes[3..].iter_mut().zip(digest) {
        *slot = *byte;
    }
    let bits = u64::from_be_bytes(bytes);
    (0..8).rev().map(|i| ALPHABET[((bits >> (i * 5)) & 31) as usize] as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_document_is_printed_once_and_the_results_keep_the_items_order() {
        let items: Vec<usize> = (0..200).collect();
        let calls = AtomicUsize::new(0);
        let doubled = each_document(&items, |&item| {
            calls.fetch_add(1, Ordering::Relaxed);
            item * 2
        });
        assert_eq!(doubled, items.iter().map(|item| item * 2).collect::<Vec<_>>());
        assert_eq!(calls.load(Ordering::Relaxed), items.len());
        assert!(each_document(&[] as &[usize], |&item| item).is_empty());
    }

    /// Uses about `depth` KiB of stack.
    fn deep(depth: usize) -> u8 {
        let frame = std::hint::black_box([1u8; 1024]);
        if depth == 0 { frame[0] } else { frame[depth % 1024].wrapping_add(deep(depth - 1)) }
    }

    #[test]
    fn typesetting_threads_have_room_for_deep_layouts() {
        // 16 MiB deep: a default 2 MiB thread stack would overflow and abort the test run.
        let results = each_document(&[16 * 1024, 16 * 1024, 16 * 1024], |&depth| deep(depth));
        assert_eq!(results.len(), 3);
    }

    #[test]
    fn fonts_are_read_when_the_first_document_is_typeset_and_a_bad_one_is_named() {
        let root = tempfile::tempdir().unwrap();
        let theme = root.path().join("themes/default");
        std::fs::create_dir_all(theme.join("print")).unwrap();
        std::fs::create_dir_all(theme.join(FONTS)).unwrap();
        std::fs::write(theme.join(AGREEMENT_TEMPLATE), "Agreement").unwrap();
        std::fs::write(theme.join(POLICY_TEMPLATE), "Policy").unwrap();
        std::fs::write(theme.join(CONTENT_TEMPLATE), "").unwrap();
        std::fs::write(theme.join("fonts/Broken.ttf"), "not a font").unwrap();
        // Loading only lists the fonts: a rebuild that typesets nothing never reads them.
        let printer = Printer::load(root.path(), "default").expect("the printer loads without reading fonts");
        let date = Date { year: 2026, month: 9, day: Some(1), term: None };
        let document = Printable {
            path: "policy.pdf".to_owned(),
            layout: Layout::Policy,
            data: PrintData::Wording { head: b"{}".to_vec(), addresses: PageAddresses::default() },
            ident: "policy".to_owned(),
            date,
        };
        match printer.print(&document, "", &Pictures::new()) {
            Err(PrintError::Fonts(FontError::NotAFont { file })) => assert!(file.ends_with("Broken.ttf"), "{}", file.display()),
            other => panic!("expected the broken font to be named, got {other:?}"),
        }
    }

    #[test]
    fn short_codes_are_eight_readable_characters() {
        let code = short_code(&[0xff; 32]);
        assert_eq!(code, "ZZZZZZZZ");
        assert_eq!(short_code(&[0; 32]), "00000000");
        assert!(short_code(&Sha256::digest(b"ks2")).chars().all(|c| !"ILOU".contains(c)));
    }
}
