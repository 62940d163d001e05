//! `external-resource`: anything a page would load from another site: scripts, styles,
//! fonts, frames, images, media. Each such request tells a third party who is reading
//! the school's pages; links a reader chooses to follow are fine.

use std::sync::LazyLock;

use regex::Regex;

use crate::finding::Finding;

use super::Build;
use crate::text::html::Tag;

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "external-resource";

/// CSS `url(...)` and `@import "..."`.
static CSS_URL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)"#).expect("the CSS url pattern is valid"));

/// `<link rel=...>` values that are references, not loads.
const LINK_RELS_NOT_LOADED: [&str; 7] = ["canonical", "alternate", "author", "license", "help", "next", "prev"];

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (page, scan) in build.pages() {
        for (what, url) in &scan.external_loads {
            let (file, span) = build.locate(page, url);
            // A player or frame cannot be saved in media/: link to it, as `raw-html` says.
            let player = ["<iframe>", "<video>", "<audio>", "<embed>", "<object>"].iter().any(|p| what.contains(p));
            let help = if player {
                "link to the video or the other site instead of embedding it: [Watch our assembly](https://video.example/...)"
            } else {
                "save the file in the school's media/ folder (or the theme's static/ folder) and use it from there"
            };
            findings.push(Finding::error(ID, &file, span).message(format!("{what} is loaded from another site: {url}")).help(help));
        }
    }
    // A style sheet published beside the pages (the theme's, or one a page links to)
    // loads what it names for every page that uses it.
    for media in build.published_files() {
        if media.source.extension().is_none_or(|e| !e.eq_ignore_ascii_case("css")) {
            continue;
        }
        for (_, text) in media.texts() {
            for (what, url) in external_style_loads(text) {
                let span = text.find(&url).map(|at| crate::finding::Span::at_offset(text, at, 1));
                findings.push(
                    Finding::error(ID, &media.source, span)
                        .message(format!("{what} is loaded from another site: {url}"))
                        .help("save the file in the theme's static/ folder and use it from there"),
                );
            }
        }
    }
    findings
}

/// What this tag loads from another site: (what loads it, the URL).
pub(crate) fn external_loads(tag: &Tag<'_>) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for (attr, value) in &tag.attrs {
        let loaded = match (tag.name.as_str(), attr.as_str()) {
            ("link", "href") => {
                let rel = tag.attr("rel").unwrap_or_default().to_ascii_lowercase();
                !rel.split_whitespace().all(|r| LINK_RELS_NOT_LOADED.contains(&r))
            }
            ("a" | "area" | "form" | "base", _) => false,
            (_, "src" | "poster" | "data" | "background" | "xlink:href") => true,
            (_, "srcset") => true,
            ("image" | "use" | "feimage", "href") => true,
            (_, "style") => CSS_URL.captures_iter(value).any(|c| is_external(capture(&c))),
            _ => false,
        };
        let urls: Vec<&str> = if attr == "srcset" {
            value.split(',').filter_map(|candidate| candidate.split_whitespace().next()).collect()
        } else if attr == "style" {
            CSS_URL.captures_iter(value).map(|c| capture(&c)).collect()
        } else {
            vec![value.as_ref()]
        };
        for url in urls.into_iter().filter(|u| loaded && is_external(u)) {
            found.push((format!("a <{}> {attr}", tag.name), url.to_owned()));
        }
    }
    found
}

/// What a `<style>` element's CSS loads from another site.
pub(crate) fn external_style_loads(css: &str) -> Vec<(String, String)> {
    CSS_URL
        .captures_iter(css)
        .map(|captures| capture(&captures))
        .filter(|url| is_external(url))
        .map(|url| ("a stylesheet resource".to_owned(), url.to_owned()))
        .collect()
}

fn capture<'t>(captures: &regex::Captures<'t>) -> &'t str {
    captures.get(1).or_else(|| captures.get(2)).map_or("", |m| m.as_str())
}

/// A URL that leaves the site: a scheme with a host, or protocol-relative.
fn is_external(url: &str) -> bool {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    lower.starts_with("//") || lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("ftp:")
}

#[cfg(test)]
mod tests {
    use super::is_external;

    #[test]
    fn only_other_hosts_are_external() {
        assert!(is_external("https://cdn.example/x.js"));
        assert!(is_external("//fonts.example/f.woff2"));
        assert!(!is_external("../assets/style.css"));
        assert!(!is_external("data:image/png;base64,AAAA"));
    }
}
