//! `missing-alt`: an image in a page's content without alternative text. A screen
//! reader user would hear only "image"; Markdown's `![](x.jpg)` is the usual cause.

use crate::finding::Finding;
use crate::text::html;

use super::Build;

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "missing-alt";

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for page in build.checked_pages().filter(|page| html::may_hold(page.content(), "img")) {
        // Markdown images are found by what the author wrote; the published src is a hash.
        let mut written = page.images.iter();
        for tag in html::start_tags(page.content()).into_iter().filter(|t| t.name == "img") {
            let src = tag.attr("src").unwrap_or_default();
            // Raw HTML keeps its src as written; a Markdown image's src was rewritten.
            let raw_html = !src.is_empty() && page.source.as_ref().is_some_and(|s| s.body.contains(src));
            let needle = if raw_html { src.to_owned() } else { written.next().map_or_else(|| src.to_owned(), |i| i.written.clone()) };
            if tag.attr("alt").is_some_and(|alt| !alt.trim().is_empty()) {
                continue;
            }
            let (file, span) = build.locate(page, &needle);
            findings.push(
                Finding::error(ID, &file, span)
                    .message(format!("the image {needle} has no alternative text"))
                    .help("describe the picture for someone who cannot see it: ![Year 3 planting the garden](/media/garden.jpg)"),
            );
        }
    }
    findings
}
