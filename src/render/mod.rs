//! Render: each school's pages, through Tera (the body), pulldown-cmark, then the theme.
//!
//! In: a [`School`] and its [`Theme`]. Out: a [`RenderedSite`], every page as full HTML
//! plus what the rules need (the page's own content, its links and its source), or every
//! template error found. Pages render in parallel over immutable inputs; the navigation
//! lists are built once and given only to the pages that list things.

mod assemble;
pub mod context;
pub mod markdown;
mod nesting;
mod printable;
mod search;
pub mod theme;

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::config::Kind;
use crate::date::Date;
use crate::error::RenderError;
use crate::finding::Span;
use crate::media::{MediaFile, MediaLibrary};
use crate::print::{Printable, Printer};
use crate::progress::Progress;
use crate::site::{Page, Project, School};
use crate::source::Source;

use self::assemble::NamedBody;
use self::context::PolicyView;
use self::markdown::{ImageRef, LinkRef, MediaLookup, TocEntry};
use self::theme::Theme;

/// One school's site, rendered and not yet checked or written.
pub struct RenderedSite {
    pub pages: Vec<RenderedPage>,
    pub media: Vec<MediaFile>,
    /// Other files, by path relative to the site root: CSS, robots.txt, sitemap.xml.
    pub files: Vec<(String, Vec<u8>)>,
}

pub struct RenderedPage {
    /// The file it is written to, relative to the site root: `policies/x/index.html`.
    pub file: String,
    /// Its folder URL: `policies/x/` ("" for the home page).
    pub url: String,
    pub html: String,
    /// The page's own content (the rendered Markdown), without the theme around it.
    content: Content,
    pub source: Option<Arc<Source>>,
    pub links: Vec<LinkRef>,
    pub images: Vec<ImageRef>,
    /// A page shown in a language it is not yet translated into (see [`Page::fallback_for`]).
    pub fallback: bool,
    /// The PDF published beside the page (policies and blank agreements), not yet typeset.
    pub pdf: Option<Printable>,
}

/// Where a page's own content is: in its HTML just as rendered (where every theme that
/// shows it once, unchanged, puts it), or held apart.
enum Content {
    Within(Range<usize>),
    Apart(String),
}

/// Stands for a page's content while the theme renders around it, to be put in its
/// place after: the content is not copied into the template's data and back out.
const CONTENT_MARK: &str = "\u{E00D}";

/// A list entry for navigation and section pages.
#[derive(Debug, Clone, Serialize)]
struct Entry {
    title: String,
    summary: Option<String>,
    /// Relative to the site root.
    url: String,
    kind: Kind,
    next_review: Option<Date>,
    overdue: bool,
}

#[derive(Serialize, Clone, Copy)]
struct PageView<'a> {
    title: &'a str,
    summary: Option<&'a str>,
    kind: Option<Kind>,
    url: &'a str,
    content: &'a str,
    toc: &'a [TocEntry],
}

/// A theme with the shared bodies every school using it publishes, parsed once for all
/// of them (a trust's twenty schools share one parse of the model policies). Each
/// school renders with its own copy, or with this one if it is the last to need it.
#[derive(Clone)]
pub struct PreparedTheme<'a> {
    pub theme: &'a Theme,
    tera: tera::Tera,
}

/// Parses the shared bodies (from `content/`) that `schools` publish, into `theme`.
pub fn prepare_theme<'a>(theme: &'a Theme, schools: &[&School]) -> Result<PreparedTheme<'a>, Vec<RenderError>> {
    let mut shared: Vec<(String, &Arc<Source>)> = schools
        .iter()
        .flat_map(|school| &school.pages)
        .filter(|page| page.source.file.starts_with("content"))
        .map(|page| (page.source.rel.clone(), &page.source))
        .collect();
    shared.sort_by(|a, b| a.0.cmp(&b.0));
    shared.dedup_by(|a, b| a.0 == b.0);
    let mut tera = theme.tera.clone();
    let errors = register_bodies(&mut tera, shared);
    if errors.is_empty() { Ok(PreparedTheme { theme, tera }) } else { Err(errors) }
}

/// A school's templates, ready to render any of its pages: the theme's, the school's role
/// functions and every templated body it publishes. `serve` keeps one per school between
/// edits, so an edit re-parses only the bodies and templates it touched.
pub struct SchoolTemplates {
    tera: tera::Tera,
}

impl SchoolTemplates {
    /// Adds the school's functions, its own bodies and the shared bodies it overrides (as
    /// `shared/<path>`, so an override can extend them) to a prepared theme.
    pub fn new(prepared: PreparedTheme<'_>, school: &School) -> Result<SchoolTemplates, Vec<RenderError>> {
        let PreparedTheme { mut tera, .. } = prepared;
        context::register_functions(&mut tera, &Arc::new(school.roles.clone()));
        let errors = register_bodies(&mut tera, school_bodies(school, false));
        if errors.is_empty() { Ok(SchoolTemplates { tera }) } else { Err(errors) }
    }

    /// Registers the role functions again, after school.yaml changed.
    pub fn set_roles(&mut self, school: &School) {
        context::register_functions(&mut self.tera, &Arc::new(school.roles.clone()));
    }

    /// Parses `bodies` again, by template name; either all are taken or none is.
    pub fn replace_bodies(&mut self, bodies: Vec<(String, &Arc<Source>)>) -> Vec<RenderError> {
        // Registering merges parsed parts in, and a merge keeps a template already there.
        for (name, _) in &bodies {
            self.tera.templates.remove(name);
        }
        register_bodies(&mut self.tera, bodies)
    }

    /// Forgets a body that is no longer published under `name`.
    pub fn remove(&mut self, name: &str) {
        self.tera.templates.remove(name);
    }

    /// Replaces (or adds) one of the theme's templates, after it was edited.
    pub fn replace_template(&mut self, name: &str, text: &str, file: &Path) -> Result<(), RenderError> {
        if let Some(offset) = nesting::too_deep(text) {
            return Err(nesting_error(file, Span::at_offset(text, offset, 1)));
        }
        self.tera.add_raw_template(name, text).map_err(|err| {
            let (span, message) = theme::parse_error_position(&err, text);
            RenderError {
                file: file.to_path_buf(),
                span,
                message,
                help: "check the `{{ }}` and `{% %}` tags on this line: each must be closed".to_owned(),
            }
        })
    }
}

/// Every body a school's templates hold, by template name: the pages' sources by their
/// relative path and the shared sources it overrides as `shared/<path>`. With
/// `with_shared`, the shared bodies it publishes as they are come too (otherwise they
/// were parsed into the prepared theme already).
pub fn school_bodies(school: &School, with_shared: bool) -> Vec<(String, &Arc<Source>)> {
    let bases = school.overridden.iter().map(|s| (format!("shared/{}", s.rel), s));
    let own = school
        .pages
        .iter()
        .filter(|p| p.fallback_for.is_none() && (with_shared || !p.source.file.starts_with("content")))
        .map(|p| (p.source.rel.clone(), &p.source));
    bases.chain(own).collect()
}

/// Pages of one school, rendered, with the media they reference.
pub struct RenderedPages {
    pub pages: Vec<RenderedPage>,
    pub media: Vec<MediaFile>,
}

/// Which of a school's pages to render, by the file each is written to
/// (`policies/x/index.html`, `index.html`).
pub type Selection<'a> = &'a (dyn Fn(&str) -> bool + Sync);

/// Renders the selected pages of a school: those made from its sources, then the ones the
/// site generates (home, listings, accessibility, search, 404). Every error is reported.
#[allow(clippy::too_many_arguments, reason = "each is a separate input of the stage; a bundle would only rename them")]
pub fn render_pages(
    project: &Project,
    school: &School,
    templates: &SchoolTemplates,
    theme: &Theme,
    printer: &Printer,
    today: Date,
    selected: Selection<'_>,
    progress: &Progress,
) -> Result<RenderedPages, Vec<RenderError>> {
    let SchoolTemplates { tera } = templates;
    let mut errors = Vec::new();
    let base = context::school_context(school, project.site.name.as_deref());
    let media = MediaLibrary::new(&project.root, Path::new("schools").join(&school.id).as_path());
    let lookup = |reference: &str| match media.resolve(reference) {
        Ok(file) => MediaLookup::Found(file.published),
        Err(reason) => MediaLookup::Missing(reason),
    };

    let mut versions: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
    for page in school.pages.iter().filter(|p| p.source.kind() == Kind::Guidance && p.fallback_for.is_none()) {
        let lang = page.source.lang.as_deref().unwrap_or(&school.config.language);
        versions.entry(page.source.slug.as_str()).or_default().push((lang, page.url.as_str()));
    }
    versions.retain(|_, found| found.len() > 1);
    let pages_of_school = PageRenderer { tera, theme, school, media: &lookup, printer, today, versions };
    // One working copy of the context per worker, not per page: `school` holds every
    // policy's review record, so a copy per page would make the build quadratic.
    let results: Vec<Result<RenderedPage, RenderError>> = school
        .pages
        .par_iter()
        .filter(|page| selected(&markdown::page_file(&page.url)))
        .map_init(
            || base.clone(),
            |context, page| {
                let rendered = pages_of_school.render_page(page, context);
                progress.inc();
                rendered
            },
        )
        .collect();
    let mut pages = Vec::with_capacity(results.len() + 6);
    for result in results {
        match result {
            Ok(page) => pages.push(page),
            Err(err) => errors.push(err),
        }
    }
    let chosen: Vec<Generated> = generated_pages(school).into_iter().filter(|g| selected(&g.file())).collect();
    if !chosen.is_empty() {
        let entries = entries(school, today);
        let generated: Vec<_> = chosen.into_par_iter().map(|generated| render_generated(tera, theme, &base, &entries, generated)).collect();
        for result in generated {
            match result {
                Ok(page) => pages.push(page),
                Err(err) => errors.push(err),
            }
        }
    }
    if errors.is_empty() { Ok(RenderedPages { pages, media: media.into_published() }) } else { Err(errors) }
}

/// Where every site publishes its search index.
pub const SEARCH_INDEX: &str = "search-index.js";

/// The site's files other than pages and media: the theme's assets, robots.txt, the
/// search index and, with a base URL, the sitemap.
pub fn site_files(project: &Project, school: &School, theme: &Theme, pages: &[RenderedPage]) -> Vec<(String, Vec<u8>)> {
    make_files(&theme.assets, base_url(project, school), pages)
}

/// [`site_files`] but the search index, the one that reads every page's text: `build`
/// makes it with [`search_index`] while the rules run.
pub fn site_files_but_search(project: &Project, school: &School, theme: &Theme, pages: &[RenderedPage]) -> Vec<(String, Vec<u8>)> {
    files_but_search(&theme.assets, base_url(project, school), pages)
}

/// The address a school's site is published at, if it has one.
pub fn base_url<'a>(project: &'a Project, school: &'a School) -> Option<&'a str> {
    school.config.base_url.as_deref().or(project.site.base_url.as_deref())
}

/// [`site_files`] from its parts: the theme's assets (by path under `assets/`), the base
/// URL and the pages.
pub fn make_files(assets: &[(String, Vec<u8>)], base_url: Option<&str>, pages: &[RenderedPage]) -> Vec<(String, Vec<u8>)> {
    let mut files = files_but_search(assets, base_url, pages);
    files.push(search_index(pages));
    files
}

fn files_but_search(assets: &[(String, Vec<u8>)], base_url: Option<&str>, pages: &[RenderedPage]) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = assets.iter().map(|(path, bytes)| (format!("assets/{path}"), bytes.clone())).collect();
    files.push(("robots.txt".to_owned(), robots(base_url).into_bytes()));
    if let Some(base_url) = base_url {
        files.push(("sitemap.xml".to_owned(), sitemap(base_url, pages).into_bytes()));
    }
    files
}

/// The search index file of a site of `pages`.
pub fn search_index(pages: &[RenderedPage]) -> (String, Vec<u8>) {
    (SEARCH_INDEX.to_owned(), search::index_script(pages).into_bytes())
}

impl RenderedPage {
    /// The page's own content (the rendered Markdown), without the theme around it.
    pub fn content(&self) -> &str {
        match &self.content {
            Content::Within(range) => &self.html[range.clone()],
            Content::Apart(content) => content,
        }
    }

    /// Where [`content`](Self::content) stands in the page's HTML, if it is there as it is.
    pub fn content_range(&self) -> Option<Range<usize>> {
        match &self.content {
            Content::Within(range) => Some(range.clone()),
            Content::Apart(_) => None,
        }
    }

    /// What the search index and sitemap read of the page (not its HTML, links or
    /// images), for making them on another thread.
    pub fn outline(&self) -> RenderedPage {
        RenderedPage {
            file: self.file.clone(),
            url: self.url.clone(),
            html: String::new(),
            content: Content::Apart(self.content().to_owned()),
            source: self.source.clone(),
            links: Vec::new(),
            images: Vec::new(),
            fallback: self.fallback,
            pdf: None,
        }
    }
}

/// Adds each templated body as a Tera template by the name given (its relative path, or
/// `shared/<path>` for a shared body a school extends).
fn register_bodies(tera: &mut tera::Tera, bodies: Vec<(String, &Arc<Source>)>) -> Vec<RenderError> {
    let bodies: Vec<(String, &Arc<Source>)> = bodies.into_iter().filter(|(_, s)| has_template_markers(&s.body)).collect();
    // Megabytes of prose on a large site: scanned on every core.
    let too_deep: Vec<RenderError> = bodies
        .par_iter()
        .filter_map(|(_, source)| Some(nesting_error(&source.file, source.span_at(nesting::too_deep(&source.body)?))))
        .collect();
    if !too_deep.is_empty() {
        return too_deep;
    }
    let named: Vec<NamedBody<'_>> = bodies.iter().map(|(name, source)| (name.as_str(), source.body.as_str())).collect();
    let (assembled, left) = assemble::assemble(&named);
    if add_in_parallel(tera, assembled, &left).is_ok() {
        return Vec::new();
    }
    // Something is wrong: find every bad body, each in a scratch copy, to report them all.
    let mut errors = Vec::new();
    let mut scratch = tera.clone();
    for (name, source) in &bodies {
        if let Err(err) = scratch.add_raw_template(name, &source.body) {
            let (span, message) = theme::parse_error_position(&err, &source.body);
            let span = span.map(|s| Span { line: s.line + source.body_line - 1, column: s.column });
            errors.push(RenderError {
                file: source.file.clone(),
                span,
                message,
                help: "check the `{{ }}` and `{% %}` tags on this line: each must be closed".to_owned(),
            });
        }
    }
    if errors.is_empty() {
        // Each body was fine on its own (the batch failed on order alone): keep them.
        *tera = scratch;
    }
    errors
}

/// Adds the assembled templates, and the bodies left for Tera to parse on every core:
/// each worker parses a share into a Tera of its own, merged in afterwards. Templates
/// that extend another are added last, together (one at a time rebuilds Tera's
/// inheritance chains each time, which is quadratic), once everything they may extend is
/// there.
fn add_in_parallel(tera: &mut tera::Tera, assembled: Vec<tera::Template>, named: &[NamedBody<'_>]) -> tera::Result<()> {
    let (extending, standalone): (Vec<NamedBody<'_>>, Vec<NamedBody<'_>>) = named.iter().partition(|(_, body)| body.contains("extends"));
    let share = standalone.len().div_ceil(rayon::current_num_threads()).max(1);
    let parsed = standalone
        .par_chunks(share)
        .map(|chunk| {
            let mut part = tera::Tera::default();
            part.add_raw_templates(chunk.iter().copied())?;
            Ok(part)
        })
        .collect::<tera::Result<Vec<tera::Tera>>>()?;
    // Moved in, not `Tera::extend`ed: that clones every parsed template, megabytes for a
    // large site. A name already there stays, as `extend` would keep it; adding the
    // extending templates then links every template's inheritance chain.
    let parsed = parsed.into_iter().flat_map(|part| part.templates.into_values());
    for template in assembled.into_iter().chain(parsed) {
        tera.templates.entry(template.name.clone()).or_insert(template);
    }
    tera.add_raw_templates(extending)
}

/// A template nested too deep for Tera, at `span` in `file`.
pub fn nesting_error(file: &Path, span: Span) -> RenderError {
    RenderError {
        file: file.to_path_buf(),
        span: Some(span),
        message: nesting::message(),
        help: "split the expression, or the blocks, into smaller ones".to_owned(),
    }
}

/// Bodies without Tera markers skip the template pass entirely.
fn has_template_markers(body: &str) -> bool {
    body.contains("{{") || body.contains("{%") || body.contains("{#")
}

/// What rendering any page of one school needs.
struct PageRenderer<'a> {
    tera: &'a tera::Tera,
    theme: &'a Theme,
    school: &'a School,
    media: &'a (dyn Fn(&str) -> MediaLookup + Sync),
    printer: &'a Printer,
    today: Date,
    /// Each translated guidance page's versions: slug → (language, page URL).
    versions: HashMap<&'a str, Vec<(&'a str, &'a str)>>,
}

/// One language version of a page, for the language switcher and hreflang links.
#[derive(Serialize)]
struct Version<'a> {
    lang: &'a str,
    /// The language's name in that language.
    label: &'a str,
    href: String,
    current: bool,
}

impl PageRenderer<'_> {
    fn render_page(&self, page: &Page, context: &mut Context) -> Result<RenderedPage, RenderError> {
        let PageRenderer { tera, theme, school, media, today, .. } = *self;
        let source = &page.source;
        // The context is reused from the page before: clear what only some pages set.
        for key in ["policy", "signatures", "help", "versions", "fallback_for", "page", "root", "lang", "pdf"] {
            context.remove(key);
        }
        let policy = (source.kind() == Kind::Policy).then(|| PolicyView::new(school, &source.slug, today)).flatten();
        if let Some(policy) = &policy {
            context.insert("policy", policy);
        }
        let body = if has_template_markers(&source.body) {
            tera.render(&source.rel, context).map_err(|err| body_error(&err, source))?
        } else {
            source.body.clone()
        };
        let markdown = markdown::render_markdown(&body, &page.url, media);
        let pdf = match source.kind() {
            Kind::Policy => Some(printable::policy(self.printer, school, source, policy.as_ref(), &body, &page.url, today)),
            Kind::Agreement => Some(printable::agreement(self.printer, school, source, &body, &page.url, today)),
            Kind::Guidance | Kind::Page => None,
        }
        .transpose()
        .map_err(|err| RenderError {
            file: source.file.clone(),
            span: None,
            message: format!("could not prepare the page's PDF: {err}"),
            help: String::new(),
        })?;
        if let Some(pdf) = &pdf {
            // The PDF sits in the page's own folder: the link is its file name.
            context.insert("pdf", pdf.path.rsplit('/').next().unwrap_or(&pdf.path));
        }
        let view = PageView {
            title: &source.front.title,
            summary: source.front.summary.as_deref(),
            kind: Some(source.kind()),
            url: &page.url,
            content: CONTENT_MARK,
            toc: &markdown.toc,
        };
        context.insert("page", &view);
        context.insert("root", &markdown::root_prefix(&page.url));
        if source.kind() == Kind::Agreement {
            let labels: Vec<&str> = source.front.signatures.iter().map(|f| f.label()).collect();
            context.insert("signatures", &labels);
        }
        if source.kind() == Kind::Guidance {
            context.insert("help", &context::HelpBox::new(school));
        }
        let root = markdown::root_prefix(&page.url);
        if let Some(found) =
            self.versions.get(source.slug.as_str()).filter(|_| source.kind() == Kind::Guidance && page.fallback_for.is_none())
        {
            let versions: Vec<Version<'_>> = found
                .iter()
                .map(|(lang, url)| Version {
                    lang,
                    label: language_name(lang),
                    href: format!("{root}{url}index.html"),
                    current: *url == page.url,
                })
                .collect();
            context.insert("versions", &versions);
        }
        context.insert("lang", source.lang.as_deref().unwrap_or(&school.config.language));
        if let Some(lang) = &page.fallback_for {
            context.insert("fallback_for", lang);
        }
        let template = page_template(source.kind());
        let frame = tera.render(template, context).map_err(|err| theme_error(&err, theme, template))?;
        let (html, content) = match frame.split_once(CONTENT_MARK).filter(|(_, after)| !after.contains(CONTENT_MARK)) {
            Some((before, after)) => {
                let html = [before, &markdown.html, after].concat();
                (html, Content::Within(before.len()..before.len() + markdown.html.len()))
            }
            // The theme shows the content other than once as it is: render it again with
            // the content itself, kept apart for the rules.
            None => {
                context.insert("page", &PageView { content: &markdown.html, ..view });
                let mut html = tera.render(template, context).map_err(|err| theme_error(&err, theme, template))?;
                let mut content = markdown.html;
                // Both grew by doubling and are kept until the site is written.
                html.shrink_to_fit();
                content.shrink_to_fit();
                (html, Content::Apart(content))
            }
        };
        Ok(RenderedPage {
            file: markdown::page_file(&page.url),
            url: page.url.clone(),
            html,
            content,
            source: Some(Arc::clone(source)),
            links: markdown.links,
            images: markdown.images,
            fallback: page.fallback_for.is_some(),
            pdf,
        })
    }
}

/// The theme template a page made from a source of this kind is rendered with.
pub fn page_template(kind: Kind) -> &'static str {
    match kind {
        Kind::Policy => "policy.html",
        Kind::Guidance => "guidance.html",
        Kind::Agreement => "agreement.html",
        Kind::Page => "page.html",
    }
}

fn entries(school: &School, today: Date) -> Vec<Entry> {
    school
        .pages
        .iter()
        // Translations are reached from the page they translate, not listed again.
        .filter(|page| page.source.lang.is_none() && page.fallback_for.is_none())
        .map(|page| {
            let source = &page.source;
            let policy = (source.kind() == Kind::Policy).then(|| PolicyView::new(school, &source.slug, today)).flatten();
            Entry {
                title: source.front.title.clone(),
                summary: source.front.summary.clone(),
                url: markdown::page_file(&page.url),
                kind: source.kind(),
                next_review: policy.as_ref().and_then(|p| p.next_review),
                overdue: policy.is_some_and(|p| p.overdue),
            }
        })
        .collect()
}

/// A page the site makes itself: (folder URL, template, title, kinds it lists).
pub struct Generated {
    pub url: &'static str,
    pub template: &'static str,
    pub title: String,
    pub lists: &'static [Kind],
}

impl Generated {
    /// The file it is written to. The 404 page is served from whatever folder was asked
    /// for, so its links cannot be relative to its own place; it lives at the root.
    pub fn file(&self) -> String {
        if self.template == "404.html" { "404.html".to_owned() } else { markdown::page_file(self.url) }
    }
}

/// Every page the site generates for a school.
pub fn generated_pages(school: &School) -> Vec<Generated> {
    let name = &school.config.name;
    vec![
        Generated {
            url: "",
            template: "home.html",
            title: name.clone(),
            lists: &[Kind::Policy, Kind::Guidance, Kind::Agreement, Kind::Page],
        },
        Generated { url: "policies/", template: "section.html", title: "Policies".to_owned(), lists: &[Kind::Policy] },
        Generated {
            url: "parents/",
            template: "section.html",
            title: "Guidance for parents and carers".to_owned(),
            lists: &[Kind::Guidance],
        },
        Generated {
            url: "agreements/",
            template: "section.html",
            title: "Acceptable use agreements".to_owned(),
            lists: &[Kind::Agreement],
        },
        Generated { url: "accessibility/", template: "accessibility.html", title: "Accessibility statement".to_owned(), lists: &[] },
        Generated { url: "search/", template: "search.html", title: "Search".to_owned(), lists: &[] },
        Generated { url: "404/", template: "404.html", title: "Page not found".to_owned(), lists: &[] },
    ]
}

fn render_generated(
    tera: &tera::Tera,
    theme: &Theme,
    base: &Context,
    entries: &[Entry],
    generated: Generated,
) -> Result<RenderedPage, RenderError> {
    let mut context = base.clone();
    let file = generated.file();
    let url = if generated.template == "404.html" { String::new() } else { generated.url.to_owned() };
    let listed: Vec<&Entry> = entries.iter().filter(|e| generated.lists.contains(&e.kind)).collect();
    context.insert("entries", &listed);
    context.insert("root", &markdown::root_prefix(&url));
    let view = PageView { title: &generated.title, summary: None, kind: None, url: &url, content: "", toc: &[] };
    context.insert("page", &view);
    let html = tera.render(generated.template, &context).map_err(|err| theme_error(&err, theme, generated.template))?;
    Ok(RenderedPage {
        file,
        url,
        html,
        content: Content::Apart(String::new()),
        source: None,
        links: Vec::new(),
        images: Vec::new(),
        fallback: false,
        pdf: None,
    })
}

/// A language's name as its speakers write it, for the language switcher.
fn language_name(code: &str) -> &str {
    match code.split('-').next().unwrap_or(code) {
        "en" => "English",
        "cy" => "Cymraeg",
        "gd" => "Gàidhlig",
        "ga" => "Gaeilge",
        "pl" => "Polski",
        "ro" => "Română",
        "pt" => "Português",
        "es" => "Español",
        "fr" => "Français",
        "de" => "Deutsch",
        "it" => "Italiano",
        "lt" => "Lietuvių",
        "uk" => "Українська",
        "ar" => "العربية",
        "ur" => "اردو",
        "pa" => "ਪੰਜਾਬੀ",
        "bn" => "বাংলা",
        "so" => "Soomaali",
        "tr" => "Türkçe",
        "zh" => "中文",
        _ => code,
    }
}

/// A Tera error in a page's body, pointed at the line that caused it.
fn body_error(err: &tera::Error, source: &Source) -> RenderError {
    let chain = theme::error_chain(err);
    let detail = chain.lines().last().unwrap_or_default().to_owned();
    let (needle, message, help) = explain(&detail);
    RenderError { file: source.file.clone(), span: needle.as_deref().and_then(|n| source.find(n)), message, help }
}

fn theme_error(err: &tera::Error, theme: &Theme, template: &str) -> RenderError {
    let chain = theme::error_chain(err);
    let detail = chain.lines().last().unwrap_or_default().to_owned();
    let (needle, message, help) = explain(&detail);
    let file = theme.template_file(template);
    let span = needle
        .zip(std::fs::read_to_string(&file).ok())
        .and_then(|(needle, text)| text.find(&needle).map(|offset| Span::at_offset(&text, offset, 1)));
    RenderError { file, span, message, help }
}

/// From Tera's innermost message: what to look for in the source, a message for the
/// author, and help.
fn explain(detail: &str) -> (Option<String>, String, String) {
    let between = |open: char, close: char| -> Option<String> {
        let start = detail.find(open)? + open.len_utf8();
        let end = detail[start..].find(close)? + start;
        Some(detail[start..end].to_owned())
    };
    if detail.starts_with("Variable `") {
        let name = between('`', '`').unwrap_or_default();
        let message = format!("`{name}` is not in school.yaml or this page's data");
        let help = "check the spelling against school.yaml, or add the missing key there".to_owned();
        (Some(name), message, help)
    } else if detail.starts_with("Function '") {
        let name = between('\'', '\'').unwrap_or_default();
        let message = format!("`{name}()` is not a template function");
        let help = "the functions are role(name=...), people(role=...) and role_title(name=...)".to_owned();
        (Some(format!("{name}(")), message, help)
    } else if detail.starts_with("Filter '") || detail.starts_with("Test '") {
        let name = between('\'', '\'').unwrap_or_default();
        (
            Some(name.clone()),
            format!("`{name}` is not a Tera filter or test"),
            "see the Tera documentation for the built-in filters".to_owned(),
        )
    } else if detail.starts_with("unknown role `") || detail.starts_with("nobody in school.yaml holds") {
        let role = between('`', '`').unwrap_or_default();
        let help = if detail.starts_with("unknown") {
            "use a built-in role id, or give the role a title under `roles:` in school.yaml"
        } else {
            "add the role to someone under `people:` in school.yaml, or guard the text with {% if \"role\" in roles %}"
        };
        (Some(format!("\"{role}\"")), detail.to_owned(), help.to_owned())
    } else if detail.starts_with("Template '") {
        let name = between('\'', '\'').unwrap_or_default();
        (
            Some(name.clone()),
            format!("no template or shared page `{name}`"),
            "shared pages are named `shared/<kind folder>/<file>.md`".to_owned(),
        )
    } else {
        (None, detail.to_owned(), "check the template tags in this file".to_owned())
    }
}

fn robots(base_url: Option<&str>) -> String {
    let mut text = "User-agent: *\nAllow: /\n".to_owned();
    if let Some(base) = base_url {
        text.push_str(&format!("Sitemap: {}sitemap.xml\n", with_slash(base)));
    }
    text
}

fn sitemap(base_url: &str, pages: &[RenderedPage]) -> String {
    let base = with_slash(base_url);
    let mut urls: Vec<&str> = pages.iter().filter(|p| p.file != "404.html").map(|p| p.url.as_str()).collect();
    urls.sort_unstable();
    let mut xml =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for url in urls {
        xml.push_str(&format!("  <url><loc>{}</loc></url>\n", escape_xml(&format!("{base}{url}"))));
    }
    xml.push_str("</urlset>\n");
    xml
}

fn with_slash(url: &str) -> String {
    if url.ends_with('/') { url.to_owned() } else { format!("{url}/") }
}

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}
