//! `pupil-name-with-photo`: any pupil's name, a first name included, in the content of a
//! page that shows a photo (its captions, alt text and body; not the theme's navigation).
//! A first name beside a face is enough to pick a child out.

use crate::finding::Finding;
use crate::project::source::Around;
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
        // Alt text and captions describe the photo: a name that is also a word is a name there.
        let captions: Vec<String> = html::captions(page.content());
        let alts = page.images.iter().map(|img| img.alt.as_str()).chain(captions.iter().map(String::as_str));
        let in_text = names.find_in_prose(&text).into_iter().map(|hit| (text.as_str(), hit));
        let hits = in_text.chain(alts.flat_map(|t| names.find_in_caption(t).into_iter().map(move |hit| (t, hit))));
        // Each mention is its own finding, placed at its own line: a school that fixes one
        // must not publish the next.
        let mut claimed = Vec::new();
        // A caption is also in the page's text: each mention (the name and the words either
        // side) is reported once.
        let mut reported = Vec::new();
        for (seen, hit) in hits.filter(|(_, hit)| !Build::page_says_not_a_name(page, hit)) {
            let mention = (hit.matched.clone(), Around::of(seen, hit.start..hit.end));
            if reported.contains(&mention) {
                continue;
            }
            reported.push(mention);
            let (file, span) = build.locate_name(page, seen, hit.start..hit.end, &mut claimed);
            let help = "leave names off pages with photos of pupils, or move the photo to a page without names";
            findings.push(
                Finding::error(ID, &file, span)
                    .message(format!("\"{}\" names a pupil on a page that shows a photo", hit.matched))
                    .help(super::word_name_help(&hit, help))
                    .naming(&hit.matched, &hit.initials),
            );
        }
    }
    findings
}
