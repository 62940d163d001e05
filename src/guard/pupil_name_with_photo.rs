//! `pupil-name-with-photo`: any pupil's name, a first name included, in the content of a
//! page that shows a photo (its captions, alt text and body; not the theme's navigation).
//! A first name beside a face is enough to pick a child out.

use crate::finding::Finding;
use crate::text::html;

use super::Build;

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "pupil-name-with-photo";

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    let Some(names) = &build.names else { return Vec::new() };
    let mut findings = Vec::new();
    for page in build.checked_pages() {
        // Any picture but a drawing counts: what is a photo is decided by its bytes, and a
        // JPEG may be named `.jfif` or anything else.
        let shows_photo = page.images.iter().any(|img| {
            let extension = img.written.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default();
            extension != "svg"
        });
        if !shows_photo {
            continue;
        }
        let text = html::visible_text(page.content());
        let alts = page.images.iter().map(|img| img.alt.as_str());
        // Each mention is its own finding, placed at its own line: a school that fixes one
        // must not publish the next.
        let mut claimed = Vec::new();
        for hit in std::iter::once(text.as_str()).chain(alts).flat_map(|t| names.find_in_prose(t)) {
            let (file, span) = build.locate_name(page, &hit.matched, &mut claimed);
            findings.push(
                Finding::error(ID, &file, span)
                    .message(format!("\"{}\" names a pupil on a page that shows a photo", hit.matched))
                    .help("leave names off pages with photos of pupils, or move the photo to a page without names")
                    .naming(&hit.matched, &hit.initials),
            );
        }
    }
    findings
}
