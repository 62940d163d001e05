//! `raw-html`: HTML written in a page's source that the page may not hold: a script, a
//! style sheet, an embedded player or frame, a form, or any element or attribute outside
//! the one allow-list ([`html::SOURCE_ELEMENTS`]). A script runs on every visitor's
//! device; an embedded video player loads another site (and its tracking) with the page.

use crate::finding::Finding;
use crate::text::html;

use super::Build;

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "raw-html";

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    // Markdown with no `<` in it, and no template code to bring one in, holds no HTML:
    // most pages are never read here.
    let may_hold_html = |page: &&crate::render::RenderedPage| {
        page.source.as_ref().is_some_and(|source| source.body.contains('<') || source.body.contains("{{"))
    };
    for page in build.checked_pages().filter(may_hold_html) {
        for tag in html::start_tags_where(page.content(), html::may_be_refused_in_source) {
            let Some(why) = html::refused_in_source(&tag) else { continue };
            let (file, span) = where_written(build, page, &tag);
            findings.push(Finding::error(ID, &file, span).message(format!("the page holds {why}")).help(way_out(&tag.name)));
        }
    }
    findings
}

/// Where the refused tag is in the source: at its offending attribute (`onclick=`, a
/// `javascript:` address) when it has one, else at the tag itself, its name whole (`<a`
/// must not be found at an earlier `<abbr`).
fn where_written(
    build: &Build<'_>,
    page: &crate::render::RenderedPage,
    tag: &html::Tag<'_>,
) -> (std::path::PathBuf, Option<crate::finding::Span>) {
    let attribute =
        tag.attrs.iter().find(|(name, value)| name.starts_with("on") || value.trim_start().to_lowercase().starts_with("javascript:"));
    let mut candidates: Vec<String> = attribute.map(|(name, _)| format!("{name}=")).into_iter().collect();
    candidates.extend([" ", ">", "/", "\n", "\t"].map(|after| format!("<{}{after}", tag.name)));
    // The first written in the page's own source (a theme's template may hold `<script `).
    let in_source = |needle: &&String| page.source.as_ref().is_some_and(|source| source.find(needle).is_some());
    match candidates.iter().find(in_source) {
        Some(needle) => build.locate(page, needle),
        None => build.locate(page, &format!("<{}", tag.name)),
    }
}

/// What to do instead, in a school's words.
fn way_out(element: &str) -> &'static str {
    match element {
        "iframe" | "video" | "audio" | "embed" | "object" => {
            "link to the video or the other site instead: [Watch our assembly](https://video.example/...); an embedded player loads that site, and its tracking, with the page"
        }
        "script" => "take the script out: pages hold words, pictures and links; anything more belongs in the theme",
        "style" => "take the style out: how pages look is set by the theme's style sheet (themes/<theme>/static/)",
        "form" | "input" | "button" | "select" | "textarea" => {
            "link to the form instead (an online form service, or a PDF to print); a form on the page would send what people type elsewhere"
        }
        _ => "write it in Markdown, or use only the HTML elements docs/rules.md lists under `raw-html`",
    }
}
