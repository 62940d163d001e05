//! `missing-alt`: an image in a page's content without alternative text. A screen
//! reader user would hear only "image"; Markdown's `![](x.jpg)` is the usual cause.

use crate::finding::Finding;

use super::Build;

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "missing-alt";

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for page in build.checked_pages() {
        for (tag, written) in super::content_images(page) {
            if tag.attr("alt").is_some_and(|alt| !alt.trim().is_empty()) {
                continue;
            }
            let (file, span) = build.locate(page, &written);
            findings.push(
                Finding::error(ID, &file, span)
                    .message(format!("the image {written} has no alternative text"))
                    .help("describe the picture for someone who cannot see it: ![Year 3 planting the garden](/media/garden.jpg)"),
            );
        }
    }
    findings
}
