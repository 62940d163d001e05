//! Rendering a school's pages from their sources: Tera (the body), pulldown-cmark, then
//! the theme's template around it, in parallel over immutable inputs. Each page is
//! rendered in its reader's language: the theme's words, dates and role titles in it.

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::date::Date;
use crate::error::RenderError;
use crate::print::{Agreement, Printer};
use crate::progress::Progress;
use crate::project::config::Kind;
use crate::project::media::MediaLibrary;
use crate::project::roles::RoleBook;
use crate::project::source::Source;
use crate::project::{Page, Project, School};

use super::budget;
use super::context::{self, PolicyView};
use super::generated::{Generated, generated_pages, render_generated};
use super::markdown::{self, MediaLookup, SiteRoot};
use super::strings::{ThemeStrings, Words};
use super::templates::{SchoolTemplates, body_error, has_template_markers, theme_error};
use super::theme::Theme;
use super::{CONTENT_MARK, Content, Entry, PageView, RenderedPage, RenderedPages, printable};

/// Which of a school's pages to render, by the file each is written to
/// (`policies/x/index.html`, `index.html`).
pub(crate) type Selection<'a> = &'a (dyn Fn(&str) -> bool + Sync);

/// One language a school publishes in, as its pages are rendered: the theme's words and
/// the school's roles in it, and the folder its pages are under.
pub(crate) struct Language {
    pub(crate) words: Words,
    pub(crate) roles: RoleBook,
    /// "" for the main language, `cy/` for another.
    pub(crate) folder: String,
}

impl Language {
    /// Every language `school` publishes in, the main one first.
    pub(crate) fn all(school: &School, strings: &ThemeStrings) -> Vec<Language> {
        school
            .config
            .languages()
            .iter()
            .enumerate()
            .map(|(index, lang)| {
                let words = strings.words(lang);
                let roles = context::roles_in(school, &words);
                let folder = if index == 0 { String::new() } else { crate::project::layout::language_folder(lang) };
                Language { words, roles, folder }
            })
            .collect()
    }

    pub(crate) fn code(&self) -> &str {
        &self.words.lang
    }
}

/// The folders of the languages other than the main one.
fn language_folders(languages: &[Language]) -> Vec<String> {
    languages.iter().skip(1).map(|language| language.folder.clone()).collect()
}

/// The language called `lang` of `languages`, or the main one.
pub(crate) fn language<'a>(languages: &'a [Language], lang: &str) -> &'a Language {
    languages.iter().find(|l| crate::language::same(l.code(), lang)).unwrap_or(&languages[0])
}

/// One entry of the language switcher, or one `hreflang` alternate.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Version {
    lang: String,
    /// The language's name in that language ("Cymraeg").
    label: String,
    /// The page in that language, from the page it is seen from, and its folder from the
    /// site's root (`cy/policies/x/`), for a full address where the school has one.
    href: String,
    path: String,
    current: bool,
}

/// Every language version of each page, by its address without a language folder.
type Versions<'a> = HashMap<&'a str, Vec<&'a Page>>;

/// The switcher of a page at `base_url` seen from `page_url` in `lang`: every language
/// the school publishes in, each linking to the page's version in it. With `only_written`
/// (the `hreflang` alternates), only the versions really written in their language.
pub(super) fn versions_of(
    languages: &[Language],
    pages: Option<&Vec<&Page>>,
    base_url: &str,
    page_url: &str,
    lang: &str,
    only_written: bool,
) -> Vec<Version> {
    let root = crate::project::layout::root_prefix(page_url);
    languages
        .iter()
        .filter(|language| {
            !only_written
                || pages.is_none_or(|pages| pages.iter().any(|p| crate::language::same(&p.lang, language.code()) && !p.is_fallback()))
        })
        .map(|language| Version {
            lang: language.code().to_owned(),
            label: language.words.get("language_name").to_owned(),
            href: format!("{root}{}{}", language.folder, crate::project::layout::page_file(base_url)),
            path: format!("{}{base_url}", language.folder),
            current: crate::language::same(language.code(), lang),
        })
        .collect()
}

/// What every page in one language sees: its words, the way to its home, the switcher.
pub(super) fn insert_language(context: &mut Context, language: &Language, page_url: &str, switcher: &[Version], alternates: &[Version]) {
    let root = crate::project::layout::root_prefix(page_url);
    context.insert("lang", language.code());
    context.insert("strings", language.words.all());
    context.insert("root", &root);
    context.insert("home", &format!("{root}{}", language.folder));
    context.insert("roles", language.roles.held());
    // The switcher shows only where there is somewhere else to go.
    context.insert("languages", if switcher.len() > 1 { switcher } else { &[] });
    context.insert("versions", if alternates.len() > 1 { alternates } else { &[] });
}

/// Renders the selected pages of a school: those made from its sources, then the ones the
/// site generates (home, listings, accessibility, search, 404) in each of its languages.
/// Every error is reported.
#[allow(clippy::too_many_arguments, reason = "each is a separate input of the stage; a bundle would only rename them")]
pub(crate) fn render_pages(
    project: &Project,
    school: &School,
    templates: &SchoolTemplates,
    theme: &Theme,
    printer: &Printer,
    today: Date,
    selected: Selection<'_>,
    progress: &Progress,
) -> Result<RenderedPages, Vec<RenderError>> {
    let mut errors = Vec::new();
    let base = context::school_context(school, project.site.name.as_deref(), super::files::base_url(project, school));
    let media = MediaLibrary::new(&project.root, crate::project::layout::school_folder(&school.id).as_path());
    let lookup = |reference: &str| match media.resolve(reference) {
        Ok(file) => MediaLookup::Found(file.published),
        Err(reason) => MediaLookup::Missing(reason),
    };
    let languages = Language::all(school, &theme.strings);
    let mut versions: Versions<'_> = HashMap::new();
    for page in &school.pages {
        versions.entry(page.base_url.as_str()).or_default().push(page);
    }
    let folders = language_folders(&languages);
    let pages_of_school =
        PageRenderer { templates, theme, school, media: &lookup, printer, today, languages: &languages, folders: &folders, versions };
    // One working copy of the context per worker, not per page: `school` holds every
    // policy's review record, so a copy per page would make the build quadratic.
    let results: Vec<Result<RenderedPage, RenderError>> = school
        .pages
        .par_iter()
        .filter(|page| selected(&crate::project::layout::page_file(&page.url)))
        .map_init(
            || base.clone(),
            |context, page| {
                let rendered = pages_of_school.render_page(page, context);
                progress.inc();
                rendered
            },
        )
        .collect();
    let mut pages = Vec::with_capacity(results.len() + 6 * languages.len());
    for result in results {
        match result {
            Ok(page) => pages.push(page),
            Err(err) => errors.push(err),
        }
    }
    let chosen: Vec<Generated> = generated_pages(school).into_iter().filter(|g| selected(&g.file())).collect();
    if !chosen.is_empty() {
        let entries: Vec<Vec<Entry>> = languages.iter().map(|language| entries(school, today, language, &languages)).collect();
        let generated: Vec<_> = chosen
            .into_par_iter()
            .map(|generated| {
                let index = languages.iter().position(|l| l.code() == generated.lang).unwrap_or(0);
                let tera = templates.tera(&generated.lang);
                render_generated(school, tera, theme, &base, &entries[index], generated, &languages[index], &languages)
            })
            .collect();
        for result in generated {
            match result {
                Ok(page) => pages.push(page),
                Err(err) => errors.push(err),
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(RenderedPages { pages, media: media.into_published() })
}

/// What rendering any page of one school needs.
pub(super) struct PageRenderer<'a> {
    templates: &'a SchoolTemplates,
    theme: &'a Theme,
    school: &'a School,
    media: &'a (dyn Fn(&str) -> MediaLookup + Sync),
    printer: &'a Printer,
    today: Date,
    languages: &'a [Language],
    /// The folders of the languages other than the main one.
    folders: &'a [String],
    versions: Versions<'a>,
}

/// Shown on a page not yet translated into its reader's language.
#[derive(Serialize)]
struct Fallback {
    /// The language its wording is in.
    lang: String,
    /// "This page is not yet available in Welsh, so here it is in English", in the reader's language.
    notice: String,
}

impl PageRenderer<'_> {
    fn render_page(&self, page: &Page, context: &mut Context) -> Result<RenderedPage, RenderError> {
        let PageRenderer { templates, theme, school, media, today, languages, .. } = *self;
        let source = &page.source;
        let reader = language(languages, &page.lang);
        let written = language(languages, &page.written_in);
        // The context is reused from the page before: clear what only some pages set.
        for key in ["policy", "signatures", "help", "fallback", "page", "pdf", "content_lang"] {
            context.remove(key);
        }
        // The body is rendered in the language it is written in: its dates and roles too.
        insert_language(context, written, &page.url, &[], &[]);
        let record = |language: &Language| {
            (source.kind() == Kind::Policy)
                .then(|| PolicyView::new(school, &source.slug, today, &language.words, &language.roles))
                .flatten()
        };
        let written_record = record(written);
        if let Some(policy) = &written_record {
            context.insert("policy", policy);
        }
        let body = render_body(templates.tera(&page.written_in), source, context)?;
        // A link from the site's root (`/policies/x/`) stays in the reader's language.
        let home = SiteRoot { folder: &reader.folder, language_folders: self.folders };
        let markdown = markdown::render_markdown(&body, &page.url, &home, media);
        let pdf = match source.kind() {
            Kind::Policy => Some(
                printable::policy(
                    self.printer,
                    school,
                    source,
                    written_record.as_ref(),
                    &markdown.html,
                    &markdown.links,
                    &page.url,
                    today,
                    &written.words,
                )
                .map_err(|err| RenderError {
                    file: source.file.clone(),
                    span: None,
                    message: format!("could not prepare the page's PDF: {err}"),
                    help: String::new(),
                })?,
            ),
            Kind::Agreement => {
                Some(printable::agreement(self.printer, school, source, &markdown.html, &markdown.links, &page.url, today, &written.words))
            }
            Kind::Guidance | Kind::Page => None,
        };
        // The theme around it is in the reader's language.
        let pages = self.versions.get(page.base_url.as_str());
        let switcher = versions_of(languages, pages, &page.base_url, &page.url, &page.lang, false);
        let alternates = versions_of(languages, pages, &page.base_url, &page.url, &page.lang, true);
        insert_language(context, reader, &page.url, &switcher, &alternates);
        context.insert("content_lang", &page.written_in);
        // The record in the reader's language, where that is not the one the body had.
        if !std::ptr::eq(reader, written)
            && let Some(policy) = record(reader)
        {
            context.insert("policy", &policy);
        }
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
            toc_numbered: markdown::numbers_itself(&markdown.toc),
        };
        context.insert("page", &view);
        if source.kind() == Kind::Agreement {
            let labels: Vec<&str> = source.front.signatures.iter().map(|f| reader.words.get(f.word())).collect();
            context.insert("signatures", &labels);
        }
        if source.kind() == Kind::Guidance {
            context.insert("help", &context::HelpBox::new(school, &reader.words, &reader.roles));
        }
        if page.is_fallback() {
            let original = written.words.get("language_name");
            let own = reader.words.get("language_name");
            let notice = reader.words.fill("fallback_notice", &[("language", own), ("original", original)]);
            context.insert("fallback", &Fallback { lang: page.written_in.clone(), notice });
        }
        let template = page_template(source.kind());
        let tera = templates.tera(&page.lang);
        let file = theme.template_file(template);
        let frame = budget::render(&file, || tera.render(template, context)).map_err(|err| theme_error(&err, theme, template))?;
        let (html, content) = match frame.split_once(CONTENT_MARK).filter(|(_, after)| !after.contains(CONTENT_MARK)) {
            Some((before, after)) => {
                let html = [before, &markdown.html, after].concat();
                (html, Content::Within(before.len()..before.len() + markdown.html.len()))
            }
            // The theme shows the content other than once as it is: render it again with
            // the content itself, kept apart for the rules.
            None => {
                context.insert("page", &PageView { content: &markdown.html, ..view });
                let mut html =
                    budget::render(&file, || tera.render(template, context)).map_err(|err| theme_error(&err, theme, template))?;
                let mut content = markdown.html;
                // Both grew by doubling and are kept until the site is written.
                html.shrink_to_fit();
                content.shrink_to_fit();
                (html, Content::Apart(content))
            }
        };
        // Minified here, before the rules read it: what they check is what is published.
        Ok(RenderedPage {
            file: crate::project::layout::page_file(&page.url),
            url: page.url.clone(),
            html,
            content,
            source: Some(Arc::clone(source)),
            links: markdown.links,
            images: markdown.images,
            lang: page.lang.clone(),
            written_in: page.written_in.clone(),
            pdf,
        }
        .minified())
    }
}

/// A page's body through Tera (if it holds any template tags): Markdown, with the
/// school's names filled in.
fn render_body(tera: &tera::Tera, source: &Source, context: &Context) -> Result<String, RenderError> {
    if has_template_markers(&source.body) {
        budget::render(&source.file, || tera.render(&source.rel, context)).map_err(|err| body_error(&err, source))
    } else {
        Ok(source.body.clone())
    }
}

/// The wording of the agreements a school issues for `tiers` (every tier it issues if
/// empty), in the order school.yaml lists them, in `lang`: rendered as their pages in that
/// language are, with the same templates, context and Markdown (a school's override of a
/// shared agreement included), and read for print as their pages' PDFs are. What
/// `agreements` prints for each class, with the pictures it prints.
pub(crate) fn agreement_wording(
    project: &Project,
    school: &School,
    templates: &SchoolTemplates,
    strings: &ThemeStrings,
    tiers: &[String],
    lang: &str,
) -> Result<(Vec<Agreement>, crate::print::Pictures), Vec<crate::finding::Finding>> {
    let mut context = context::school_context(school, project.site.name.as_deref(), super::files::base_url(project, school));
    let media = MediaLibrary::new(&project.root, crate::project::layout::school_folder(&school.id).as_path());
    let lookup = |reference: &str| match media.resolve(reference) {
        Ok(file) => MediaLookup::Found(file.published),
        Err(reason) => MediaLookup::Missing(reason),
    };
    let languages = Language::all(school, strings);
    let mut agreements = Vec::new();
    let mut errors = Vec::new();
    for issued in school.config.agreements.iter().filter(|t| tiers.is_empty() || tiers.contains(&t.value)) {
        let page = school.pages.iter().find(|p| {
            crate::language::same(&p.lang, lang)
                && p.source.kind() == Kind::Agreement
                && p.source.front.tier.as_ref().is_some_and(|t| t.value == issued.value)
        });
        let Some(page) = page else { continue };
        let written = language(&languages, &page.written_in);
        insert_language(&mut context, written, &page.url, &[], &[]);
        let body = match render_body(templates.tera(&page.written_in), &page.source, &context) {
            Ok(body) => body,
            Err(err) => {
                errors.push(err.into());
                continue;
            }
        };
        let folders = language_folders(&languages);
        let home = SiteRoot { folder: &language(&languages, &page.lang).folder, language_folders: &folders };
        let markdown = markdown::render_markdown(&body, &page.url, &home, &lookup);
        let addresses = printable::page_addresses(school, &page.url, &markdown.links, &written.words);
        match printable::agreement_wording(school, &page.source, &markdown.html, &addresses, &written.words) {
            Ok(agreement) => agreements.push(agreement),
            Err(unprintable) => errors.push(printable::unprintable_finding(&page.source, &unprintable)),
        }
    }
    let pictures = media.into_published().into_iter().map(|file| (file.published, file.bytes)).collect();
    if errors.is_empty() { Ok((agreements, pictures)) } else { Err(errors) }
}

/// The theme template a page made from a source of this kind is rendered with.
pub(crate) fn page_template(kind: Kind) -> &'static str {
    match kind {
        Kind::Policy => "policy.html",
        Kind::Guidance => "guidance.html",
        Kind::Agreement => "agreement.html",
        Kind::Page => "page.html",
    }
}

/// The listings of a school's pages in `language`: each page once, with the languages it
/// is written in.
pub(super) fn entries(school: &School, today: Date, language: &Language, languages: &[Language]) -> Vec<Entry> {
    let listed = |page: &&Page| crate::language::same(&page.lang, language.code());
    school
        .pages
        .iter()
        .filter(listed)
        .map(|page| {
            let source = &page.source;
            let policy = (source.kind() == Kind::Policy)
                .then(|| PolicyView::new(school, &source.slug, today, &language.words, &language.roles))
                .flatten();
            let written: Vec<&Page> = school.pages.iter().filter(|p| p.base_url == page.base_url && !p.is_fallback()).collect();
            // The other languages it is written in: the listing is in this one.
            let mut available = versions_of(languages, Some(&written), &page.base_url, "", &page.lang, true);
            available.retain(|version| !version.current);
            Entry {
                title: source.front.title.clone(),
                summary: source.front.summary.clone(),
                url: crate::project::layout::page_file(&page.url),
                kind: source.kind(),
                lang: page.written_in.clone(),
                next_review: policy.as_ref().and_then(|p| p.next_review.clone()),
                overdue: policy.is_some_and(|p| p.overdue),
                languages: available,
            }
        })
        .collect()
}
