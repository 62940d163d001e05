//! `pupil-name-with-photo`: any pupil's name, a first name included, in the content of a
//! page that shows a photo (its captions, alt text and body; not the theme's navigation).
//! A first name beside a face is enough to pick a child out.

use std::collections::HashSet;

use crate::finding::Finding;
use crate::image;
use crate::text::html;

use super::Build;

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "pupil-name-with-photo";

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    let Some(names) = &build.names else { return Vec::new() };
    let mut findings = Vec::new();
    for page in build.checked_pages() {
        let shows_photo = page.images.iter().any(|img| {
            let extension = img.written.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default();
            image::is_raster(&extension)
        });
        if !shows_photo {
            continue;
        }
        let text = html::visible_text(page.content());
        let alts = page.images.iter().map(|img| img.alt.as_str());
        let mut seen = HashSet::new();
        let mut claimed = Vec::new();
        for hit in std::iter::once(text.as_str()).chain(alts).flat_map(|t| names.find_in_prose(t)) {
            if seen.insert(hit.matched.to_lowercase()) {
                let (file, span) = build.locate_name(page, &hit.matched, &mut claimed);
                findings.push(
                    Finding::error(ID, &file, span)
                        .message(format!("\"{}\" names a pupil on a page that shows a photo", hit.matched))
                        .help("leave names off pages with photos of pupils, or move the photo to a page without names")
                        .naming(&hit.matched, &hit.initials),
                );
            }
        }
    }
    findings
}
