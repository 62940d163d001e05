//! Rendering a school's pages from their sources: Tera (the body), pulldown-cmark, then
//! the theme's template around it, in parallel over immutable inputs.

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
use crate::project::source::Source;
use crate::project::{Page, Project, School};

use super::budget;
use super::context::{self, PolicyView};
use super::generated::{Generated, generated_pages, render_generated};
use super::markdown::{self, MediaLookup};
use super::templates::{SchoolTemplates, body_error, has_template_markers, theme_error};
use super::theme::Theme;
use super::{CONTENT_MARK, Content, Entry, PageView, RenderedPage, RenderedPages, printable};

/// Which of a school's pages to render, by the file each is written to
/// (`policies/x/index.html`, `index.html`).
pub(crate) type Selection<'a> = &'a (dyn Fn(&str) -> bool + Sync);

/// Renders the selected pages of a school: those made from its sources, then the ones the
/// site generates (home, listings, accessibility, search, 404). Every error is reported.
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
    let SchoolTemplates { tera } = templates;
    let mut errors = Vec::new();
    let base = context::school_context(school, project.site.name.as_deref(), super::files::base_url(project, school));
    let media = MediaLibrary::new(&project.root, crate::project::layout::school_folder(&school.id).as_path());
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
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(RenderedPages { pages, media: media.into_published() })
}

/// What rendering any page of one school needs.
pub(super) struct PageRenderer<'a> {
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
pub(super) struct Version<'a> {
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
        let body = render_body(tera, source, context)?;
        let markdown = markdown::render_markdown(&body, &page.url, media);
        let pdf = match source.kind() {
            Kind::Policy => Some(
                printable::policy(self.printer, school, source, policy.as_ref(), &markdown.html, &markdown.links, &page.url, today)
                    .map_err(|err| RenderError {
                        file: source.file.clone(),
                        span: None,
                        message: format!("could not prepare the page's PDF: {err}"),
                        help: String::new(),
                    })?,
            ),
            Kind::Agreement => Some(printable::agreement(self.printer, school, source, &markdown.html, &markdown.links, &page.url, today)),
            Kind::Guidance | Kind::Page => None,
        };
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
        context.insert("root", &crate::project::layout::root_prefix(&page.url));
        if source.kind() == Kind::Agreement {
            let labels: Vec<&str> = source.front.signatures.iter().map(|f| f.label()).collect();
            context.insert("signatures", &labels);
        }
        if source.kind() == Kind::Guidance {
            context.insert("help", &context::HelpBox::new(school));
        }
        let root = crate::project::layout::root_prefix(&page.url);
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
            fallback: page.fallback_for.is_some(),
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
/// empty), in the order school.yaml lists them: rendered as their pages are, with the
/// same templates, context and Markdown (a school's override of a shared agreement
/// included), and read for print as their pages' PDFs are. What `agreements` prints for
/// each class, with the pictures it prints.
pub(crate) fn agreement_wording(
    project: &Project,
    school: &School,
    templates: &SchoolTemplates,
    tiers: &[String],
) -> Result<(Vec<Agreement>, crate::print::Pictures), Vec<crate::finding::Finding>> {
    let context = context::school_context(school, project.site.name.as_deref(), super::files::base_url(project, school));
    let media = MediaLibrary::new(&project.root, crate::project::layout::school_folder(&school.id).as_path());
    let lookup = |reference: &str| match media.resolve(reference) {
        Ok(file) => MediaLookup::Found(file.published),
        Err(reason) => MediaLookup::Missing(reason),
    };
    let mut agreements = Vec::new();
    let mut errors = Vec::new();
    for issued in school.config.agreements.iter().filter(|t| tiers.is_empty() || tiers.contains(&t.value)) {
        let page = school.pages.iter().find(|p| {
            p.fallback_for.is_none()
                && p.source.lang.is_none()
                && p.source.kind() == Kind::Agreement
                && p.source.front.tier.as_ref().is_some_and(|t| t.value == issued.value)
        });
        let Some(page) = page else { continue };
        let body = match render_body(&templates.tera, &page.source, &context) {
            Ok(body) => body,
            Err(err) => {
                errors.push(err.into());
                continue;
            }
        };
        let markdown = markdown::render_markdown(&body, &page.url, &lookup);
        let addresses = printable::page_addresses(school, &page.url, &markdown.links);
        match printable::agreement_wording(school, &page.source, &markdown.html, &addresses) {
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

pub(super) fn entries(school: &School, today: Date) -> Vec<Entry> {
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
                url: crate::project::layout::page_file(&page.url),
                kind: source.kind(),
                next_review: policy.as_ref().and_then(|p| p.next_review),
                overdue: policy.is_some_and(|p| p.overdue),
            }
        })
        .collect()
}

/// A language's name as its speakers write it, for the language switcher.
pub(super) fn language_name(code: &str) -> &str {
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
