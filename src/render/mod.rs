//! Stage 2, render: each school's pages, through Tera (the body), pulldown-cmark, then
//! the theme. Print ([`crate::print`]) sits beside it: a policy or agreement page also
//! gets a [`Printable`], typeset only by the write stage.
//!
//! In: a [`School`] and its [`Theme`]. Out: a [`RenderedSite`], every page as full HTML,
//! minified as it will be published (see [`minify`]), plus what the rules need (the page's own content, its links and its source), or every
//! template error found. Pages render in parallel over immutable inputs; the navigation
//! lists are built once and given only to the pages that list things. Its parts:
//! [`templates`] (parse once), [`page`] (a source's page), [`generated`] (the pages a
//! site makes itself), [`files`] (robots, sitemap, search index), [`markdown`],
//! [`context`] (what a template sees), [`printable`] (the PDF beside a page).

mod assemble;
pub mod budget;
pub(crate) mod context;
mod files;
mod generated;
pub(crate) mod markdown;
pub(crate) mod minify;
mod nesting;
mod page;
mod printable;
mod search;
pub(crate) mod strings;
mod templates;
pub(crate) mod theme;

pub(crate) use self::files::{SEARCH_INDEX, base_url, make_files, search_index, site_files, site_files_but_search};
pub(crate) use self::generated::{Generated, generated_pages, landing_site, project_index, schools_index};
pub(crate) use self::page::{agreement_wording, page_template, render_pages};
pub(crate) use self::printable::unprintable_finding;
pub(crate) use self::templates::{SchoolTemplates, prepare_theme, school_bodies};

use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

use crate::print::Printable;
use crate::project::config::Kind;
use crate::project::media::MediaFile;
use crate::project::source::Source;

use self::markdown::{ImageRef, LinkRef, TocEntry};

impl RenderedSite {
    /// The pictures its PDFs may print: the published (stripped) copies, by path.
    pub(crate) fn pictures(&self) -> crate::print::Pictures {
        self.media.iter().filter(|m| m.is_image()).map(|m| (m.published.clone(), Arc::clone(&m.bytes))).collect()
    }
}

/// One school's site, rendered and not yet checked or written.
pub(crate) struct RenderedSite {
    pub(crate) pages: Vec<RenderedPage>,
    pub(crate) media: Vec<MediaFile>,
    /// Other files, by path relative to the site root: CSS, robots.txt, sitemap.xml.
    pub(crate) files: Vec<(String, Vec<u8>)>,
}

pub(crate) struct RenderedPage {
    /// The file it is written to, relative to the site root: `policies/x/index.html`.
    pub(crate) file: String,
    /// Its folder URL: `policies/x/` ("" for the home page).
    pub(crate) url: String,
    pub(crate) html: String,
    /// The page's own content (the rendered Markdown), without the theme around it.
    content: Content,
    pub(crate) source: Option<Arc<Source>>,
    pub(crate) links: Vec<LinkRef>,
    pub(crate) images: Vec<ImageRef>,
    /// The language the page is published for, and the one its wording is in: a page not
    /// yet translated into its reader's language shows another's (see [`crate::project::Page`]).
    pub(crate) lang: String,
    pub(crate) written_in: String,
    /// The PDF published beside the page (policies and blank agreements), not yet typeset.
    pub(crate) pdf: Option<Printable>,
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
    /// The language its wording is in.
    lang: String,
    next_review: Option<String>,
    overdue: bool,
    /// The languages it is written in, with their addresses from the site root, where the
    /// school publishes in more than one.
    languages: Vec<page::Version>,
}

#[derive(Serialize, Clone, Copy)]
struct PageView<'a> {
    title: &'a str,
    summary: Option<&'a str>,
    kind: Option<Kind>,
    url: &'a str,
    content: &'a str,
    toc: &'a [TocEntry],
    /// The headings number themselves ("1. Introduction"), so the contents list must not
    /// number them again.
    toc_numbered: bool,
}

/// Pages of one school, rendered, with the media they reference.
pub(crate) struct RenderedPages {
    pub(crate) pages: Vec<RenderedPage>,
    pub(crate) media: Vec<MediaFile>,
}

impl RenderedPage {
    /// Shown in a language it has not been translated into yet: its wording is another page's.
    pub(crate) fn is_fallback(&self) -> bool {
        !crate::language::same(&self.lang, &self.written_in)
    }

    /// The page's own content (the rendered Markdown), without the theme around it.
    pub(crate) fn content(&self) -> &str {
        match &self.content {
            Content::Within(range) => &self.html[range.clone()],
            Content::Apart(content) => content,
        }
    }

    /// Where [`content`](Self::content) stands in the page's HTML, if it is there as it is.
    pub(crate) fn content_range(&self) -> Option<Range<usize>> {
        match &self.content {
            Content::Within(range) => Some(range.clone()),
            Content::Apart(_) => None,
        }
    }

    /// The page minified, as it is published: the rules judge these bytes, so nothing
    /// after them changes what they read.
    fn minified(mut self) -> RenderedPage {
        let minify::Published { html, content } = minify::minify_page_around(&self.html, self.content_range());
        self.content = match content {
            Some(range) => Content::Within(range),
            None => Content::Apart(minify::minify_content(self.content())),
        };
        self.html = html;
        self
    }

    /// What the search index and sitemap read of the page (not its HTML, links or
    /// images), for making them on another thread.
    pub(crate) fn outline(&self) -> RenderedPage {
        RenderedPage {
            file: self.file.clone(),
            url: self.url.clone(),
            html: String::new(),
            content: Content::Apart(self.content().to_owned()),
            source: self.source.clone(),
            links: Vec::new(),
            images: Vec::new(),
            lang: self.lang.clone(),
            written_in: self.written_in.clone(),
            pdf: None,
        }
    }
}
