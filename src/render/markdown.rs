//! Markdown to HTML: pulldown-cmark with tables, footnotes and heading ids, plus the
//! rewriting a static site needs.
//!
//! In: a body already rendered by Tera. Out: HTML, the table of contents, and every
//! link and media reference it holds. Site-absolute links (`/policies/x/`) become
//! relative ones (`../../policies/x/index.html`) so the site works from any sub-path
//! and straight from disk; `/media/...` references become the published, hashed copy.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;

/// One heading in the table of contents, with the smaller headings under it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct TocEntry {
    pub(crate) level: u8,
    pub(crate) id: String,
    pub(crate) text: String,
    pub(crate) sections: Vec<TocEntry>,
}

/// Each level-3 heading under the level-2 heading before it, so the contents are a
/// nested list (numbered by section, and read as such by a screen reader); one with no
/// level-2 heading before it stands on its own.
fn nest(flat: Vec<TocEntry>) -> Vec<TocEntry> {
    let mut toc: Vec<TocEntry> = Vec::new();
    for entry in flat {
        match toc.last_mut() {
            Some(parent) if entry.level > parent.level => parent.sections.push(entry),
            _ => toc.push(entry),
        }
    }
    toc
}

/// True if the entries of the contents number themselves ("1. Introduction", "2) Scope",
/// "3 Roles", beside an "Appendix A"), so the contents list must not number them again.
pub(crate) fn numbers_itself(toc: &[TocEntry]) -> bool {
    // A section number is one or two digits a level ("3", "3.2", "10)"); a year is not.
    let numbered = |text: &str| {
        let first = text.split_whitespace().next().unwrap_or("");
        let number = first.trim_end_matches(['.', ')']);
        text.len() > first.len()
            && !number.is_empty()
            && number.split('.').all(|part| (1..=2).contains(&part.len()) && part.chars().all(|c| c.is_ascii_digit()))
    };
    // One numbered heading is enough: "Appendix A" beside "1. Introduction" has its own label.
    toc.iter().any(|entry| numbered(&entry.text))
}

/// A link or media reference written in the body, kept for the link rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LinkRef {
    /// As the author wrote it, to find it again in the source for error positions.
    pub(crate) written: String,
    pub(crate) target: LinkTarget,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum LinkTarget {
    /// A page of this site: its folder relative to the site root (`policies/x/`, or ""
    /// for the home page) and an optional fragment.
    Page { url: String, fragment: Option<String> },
    /// A `/media/` file that could not be found or is not allowed.
    MissingMedia { reason: String },
    /// Anything else (another site, mailto:, tel:); not checked here.
    Elsewhere,
}

/// What a media reference resolved to.
pub(crate) enum MediaLookup {
    /// The published file's path relative to the site root (`media/3fa1....jpg`).
    Found(String),
    Missing(String),
}

/// An image written in Markdown: where it points, as written, and its alternative text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImageRef {
    pub(crate) written: String,
    pub(crate) alt: String,
}

#[derive(Debug, Default)]
pub(crate) struct RenderedMarkdown {
    pub(crate) html: String,
    /// The level-2 headings, each with its level-3 headings.
    pub(crate) toc: Vec<TocEntry>,
    pub(crate) links: Vec<LinkRef>,
    pub(crate) images: Vec<ImageRef>,
}

/// Renders `body` for a page whose folder is `page_url` (`policies/x/`).
/// `home` says where a link from the site's root (`/policies/x/`) leads.
pub(crate) fn render_markdown(body: &str, page_url: &str, home: &SiteRoot<'_>, media: &dyn Fn(&str) -> MediaLookup) -> RenderedMarkdown {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let root = crate::project::layout::root_prefix(page_url);
    let mut out = RenderedMarkdown::default();
    let mut ids = HeadingIds::default();
    // A footnote's id is its label (`[^passwords]` is `id="passwords"`): a heading must
    // not take it, or the footnote's number would lead to the heading.
    if body.contains("[^") {
        for line in body.lines() {
            if let Some(label) = line.trim_start().strip_prefix("[^").and_then(|rest| rest.split_once("]:")).map(|(label, _)| label) {
                ids.claim(label.to_owned());
            }
        }
    }
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut heading: Option<usize> = None;
    let mut image: Option<usize> = None;

    let mut raw_html = false;
    for event in Parser::new_ext(body, options) {
        let event = match event {
            // A link written in HTML is rewritten and checked like one written in Markdown.
            Event::Html(ref html) | Event::InlineHtml(ref html) => {
                raw_html = true;
                let rewritten = crate::text::html::rewrite_links(html, |dest| {
                    rewrite(dest, page_url, home, &root, media, &mut out.links).into_string()
                });
                match rewritten {
                    std::borrow::Cow::Borrowed(_) => event,
                    std::borrow::Cow::Owned(html) if matches!(event, Event::InlineHtml(_)) => Event::InlineHtml(html.into()),
                    std::borrow::Cow::Owned(html) => Event::Html(html.into()),
                }
            }
            // `<office@school.example>`: the HTML writer makes it a `mailto:` link; it is
            // an address, not a page, so it is left as written (and checked as e-mail).
            Event::Start(Tag::Link { link_type: LinkType::Email, .. }) => event,
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url = rewrite(&dest_url, page_url, home, &root, media, &mut out.links);
                Event::Start(Tag::Link { link_type, dest_url, title, id })
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                out.images.push(ImageRef { written: dest_url.to_string(), alt: String::new() });
                image = Some(events.len());
                let dest_url = rewrite(&dest_url, page_url, home, &root, media, &mut out.links);
                Event::Start(Tag::Image { link_type, dest_url, title, id })
            }
            Event::End(TagEnd::Image) => {
                if let (Some(start), Some(last)) = (image.take(), out.images.last_mut()) {
                    last.alt = plain_text(&events[start + 1..]);
                }
                event
            }
            Event::Start(Tag::Heading { .. }) => {
                heading = Some(events.len());
                event
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(start) = heading.take() {
                    let text = plain_text(&events[start + 1..]);
                    if let Event::Start(Tag::Heading { id, .. }) = &mut events[start] {
                        let unique = ids.claim(id.as_deref().map_or_else(|| slugify(&text), str::to_owned));
                        if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                            out.toc.push(TocEntry { level: level as u8, id: unique.clone(), text, sections: Vec::new() });
                        }
                        *id = Some(CowStr::from(unique));
                    }
                }
                Event::End(TagEnd::Heading(level))
            }
            // Agreements are printed and ticked by hand: a drawn box, not a form control
            // that would sit unlabelled and unsubmittable on the page.
            Event::TaskListMarker(checked) => Event::InlineHtml(CowStr::from(if checked {
                r#"<span class="tick-box" aria-hidden="true">✓</span><span class="visually-hidden">Ticked: </span>"#
            } else {
                r#"<span class="tick-box" aria-hidden="true"></span><span class="visually-hidden">Tick box: </span>"#
            })),
            // A wide table scrolls inside its own box on a phone; keyboard users must be
            // able to reach that box to scroll it.
            Event::Start(Tag::Table(alignment)) => {
                events.push(Event::Html(CowStr::from(r#"<div class="table-scroll" role="region" aria-label="Table" tabindex="0">"#)));
                Event::Start(Tag::Table(alignment))
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                Event::Html(CowStr::from("</div>"))
            }
            other => other,
        };
        events.push(event);
    }
    out.html.reserve(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut out.html, events.into_iter());
    // Raw HTML may open an element it never closes (`<div>` before an indented block) or
    // close one it never opened: the page around the content must stay whole.
    // pulldown-cmark's own output is always whole, so only pages with raw HTML are read.
    if raw_html && let std::borrow::Cow::Owned(balanced) = crate::text::html::balanced(&out.html) {
        out.html = balanced;
    }
    out.toc = nest(std::mem::take(&mut out.toc));
    out
}

/// Where a link written from the site's root (`/policies/x/`) leads: into the page's
/// language's folder (`cy/`; "" for the main language), so a reader stays in their
/// language, unless it names a language's folder itself (`/en-gb/policies/x/`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SiteRoot<'a> {
    pub(crate) folder: &'a str,
    pub(crate) language_folders: &'a [String],
}

impl SiteRoot<'_> {
    /// The main language's: the site's root itself.
    #[cfg(test)]
    pub(crate) const MAIN: SiteRoot<'static> = SiteRoot { folder: "", language_folders: &[] };

    fn resolve(&self, absolute: &str) -> String {
        if self.language_folders.iter().any(|folder| absolute.starts_with(folder.as_str())) {
            absolute.to_owned()
        } else {
            format!("{}{absolute}", self.folder)
        }
    }
}

fn rewrite<'a>(
    dest: &str,
    page_url: &str,
    home: &SiteRoot<'_>,
    root: &str,
    media: &dyn Fn(&str) -> MediaLookup,
    links: &mut Vec<LinkRef>,
) -> CowStr<'a> {
    let written = dest.to_owned();
    let (target, href) = if let Some(path) = dest.strip_prefix(crate::project::layout::MEDIA_REFERENCE) {
        match media(path) {
            MediaLookup::Found(published) => {
                let href = format!("{root}{published}");
                (LinkTarget::Elsewhere, href)
            }
            MediaLookup::Missing(reason) => (LinkTarget::MissingMedia { reason }, dest.to_owned()),
        }
    } else if has_scheme(dest) || dest.starts_with("//") {
        (LinkTarget::Elsewhere, dest.to_owned())
    } else {
        let (path, fragment) = match dest.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment.to_owned())),
            None => (dest, None),
        };
        let url = if path.is_empty() {
            page_url.to_owned()
        } else if let Some(absolute) = path.strip_prefix('/') {
            normalise(&home.resolve(absolute))
        } else {
            normalise(&format!("{page_url}{path}"))
        };
        let mut href = if path.is_empty() { String::new() } else { format!("{root}{}", crate::project::layout::page_file(&url)) };
        if let Some(fragment) = &fragment {
            href.push('#');
            href.push_str(fragment);
        }
        (LinkTarget::Page { url, fragment }, href)
    };
    links.push(LinkRef { written, target });
    CowStr::from(href)
}

/// Resolves `.` and `..` and makes the path a folder URL (`policies/x/`), or keeps a
/// file name (`sitemap.xml`) as it is. Leading `..` past the root are dropped, which the
/// link rule then reports as a page that does not exist.
fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let last_is_file = parts.last().is_some_and(|p| p.contains('.')) && !path.ends_with('/');
    let mut url = parts.join("/");
    if let Some(stripped) = url.strip_suffix("index.html") {
        url = stripped.to_owned();
    } else if !url.is_empty() && !last_is_file {
        url.push('/');
    }
    url
}

fn has_scheme(dest: &str) -> bool {
    dest.split_once(':')
        .is_some_and(|(scheme, _)| !scheme.is_empty() && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b)))
}

fn plain_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_owned()
}

/// A heading id from its text: lower case, runs of other characters become one hyphen.
pub(crate) fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() { "section".to_owned() } else { slug }
}

/// Hands out unique heading ids. A counter per base id keeps this linear: probing
/// `x-1`, `x-2`, ... for every heading made mdBook quadratic on long pages.
#[derive(Default)]
struct HeadingIds {
    used: HashMap<String, u32>,
}

impl HeadingIds {
    fn claim(&mut self, base: String) -> String {
        let count = self.used.entry(base.clone()).or_insert(0);
        *count += 1;
        if *count == 1 {
            return base;
        }
        let mut n = *count - 1;
        loop {
            let candidate = format!("{base}-{n}");
            if !self.used.contains_key(&candidate) {
                self.used.insert(candidate.clone(), 1);
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_media(path: &str) -> MediaLookup {
        MediaLookup::Missing(format!("no file {path}"))
    }

    #[test]
    fn contents_whose_headings_number_themselves_are_not_numbered_again() {
        let toc = |body: &str| render_markdown(body, "policies/x/", &SiteRoot::MAIN, &|_| MediaLookup::Missing(String::new())).toc;
        assert!(numbers_itself(&toc("## 1. Introduction\n\n## 2) Scope\n\n## 10 Roles\n")));
        assert!(numbers_itself(&toc("## 1. Introduction\n\n## 2. Roles\n\n## Appendix A: Glossary\n")));
        assert!(!numbers_itself(&toc("## Introduction\n\n## Scope\n")));
        assert!(!numbers_itself(&toc("## 2025 review\n\n## Scope\n")), "a year is not a section number");
        assert!(!numbers_itself(&[]));
    }

    #[test]
    fn headings_get_unique_ids_and_a_toc() {
        let out = render_markdown("## Scope\n\n### Scope\n\n## Roles {#who}\n\n#### Deep\n", "policies/a/", &SiteRoot::MAIN, &no_media);
        let ids: Vec<&str> = out.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["scope", "who"]);
        let under_scope: Vec<&str> = out.toc[0].sections.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(under_scope, ["scope-1"]);
        assert!(out.html.contains(r#"<h4 id="deep">"#));
    }

    #[test]
    fn site_links_become_relative_and_are_recorded() {
        let out = render_markdown(
            "[a](/policies/b/#roles) [c](#top) [d](../c/) [e](https://x.example/)",
            "policies/a/",
            &SiteRoot::MAIN,
            &no_media,
        );
        assert!(out.html.contains(r#"href="../../policies/b/index.html#roles""#));
        assert!(out.html.contains(r##"href="#top""##));
        assert!(out.html.contains(r#"href="../../policies/c/index.html""#));
        let targets: Vec<_> = out.links.iter().map(|l| l.target.clone()).collect();
        assert_eq!(targets[0], LinkTarget::Page { url: "policies/b/".into(), fragment: Some("roles".into()) });
        assert_eq!(targets[1], LinkTarget::Page { url: "policies/a/".into(), fragment: Some("top".into()) });
        assert_eq!(targets[2], LinkTarget::Page { url: "policies/c/".into(), fragment: None });
        assert_eq!(targets[3], LinkTarget::Elsewhere);
        // On a Welsh page, a link from the root stays in Welsh.
        let folders = ["cy/".to_owned(), "pl/".to_owned()];
        let welsh = SiteRoot { folder: "cy/", language_folders: &folders };
        let welsh_out = render_markdown("[a](/policies/b/) [b](/pl/parents/c/)", "cy/policies/a/", &welsh, &no_media);
        assert_eq!(welsh_out.links[0].target, LinkTarget::Page { url: "cy/policies/b/".into(), fragment: None });
        assert_eq!(welsh_out.links[1].target, LinkTarget::Page { url: "pl/parents/c/".into(), fragment: None });
    }

    #[test]
    fn raw_html_left_open_or_closed_twice_is_made_whole() {
        let out = render_markdown("<div>\n\n    code\n\nAfter.\n", "policies/a/", &SiteRoot::MAIN, &no_media);
        assert!(out.html.ends_with("</div>"), "{}", out.html);
        let out = render_markdown("Text.\n\n</div></main>\n\nMore.\n", "policies/a/", &SiteRoot::MAIN, &no_media);
        assert!(!out.html.contains("</div>") && !out.html.contains("</main>"), "{}", out.html);
    }

    #[test]
    fn a_link_written_in_html_is_rewritten_and_recorded_like_markdown() {
        let out = render_markdown(
            "See <a href=\"/policies/b/#roles\">the roles</a> and <a href='https://x.example/'>x</a>.",
            "policies/a/",
            &SiteRoot::MAIN,
            &no_media,
        );
        assert!(out.html.contains(r#"<a href="../../policies/b/index.html#roles">"#), "{}", out.html);
        let targets: Vec<_> = out.links.iter().map(|l| l.target.clone()).collect();
        assert_eq!(targets, [LinkTarget::Page { url: "policies/b/".into(), fragment: Some("roles".into()) }, LinkTarget::Elsewhere]);
        let out = render_markdown("<div>\n<a href=\"../missing/\">gone</a>\n</div>\n", "policies/a/", &SiteRoot::MAIN, &no_media);
        assert_eq!(out.links[0].target, LinkTarget::Page { url: "policies/missing/".into(), fragment: None });
    }

    #[test]
    fn an_email_autolink_stays_an_email_link() {
        let out = render_markdown("Write to <office@brookside.example>.", "policies/a/", &SiteRoot::MAIN, &no_media);
        assert!(out.html.contains(r#"<a href="mailto:office@brookside.example">office@brookside.example</a>"#), "{}", out.html);
        assert!(out.links.is_empty());
    }

    #[test]
    fn media_references_use_the_published_name() {
        let found = |_: &str| MediaLookup::Found("media/abc.jpg".into());
        let out = render_markdown("![Garden](/media/2025/garden.jpg)", "parents/a/", &SiteRoot::MAIN, &found);
        assert!(out.html.contains(r#"src="../../media/abc.jpg""#));
        let out = render_markdown("![Garden](/media/x.jpg)", "", &SiteRoot::MAIN, &no_media);
        assert!(matches!(out.links[0].target, LinkTarget::MissingMedia { .. }));
    }

    #[test]
    fn slugs_are_readable() {
        assert_eq!(slugify("Mobile phones & personal devices"), "mobile-phones-personal-devices");
        assert_eq!(slugify("CCTV (28 days)"), "cctv-28-days");
        assert_eq!(crate::project::layout::root_prefix(""), "");
        assert_eq!(crate::project::layout::root_prefix("policies/a/"), "../../");
    }
}
