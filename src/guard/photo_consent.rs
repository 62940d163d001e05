//! `photo-consent`: an image whose person tags or keywords name a pupil whose photo
//! consent the roster does not record as given. Consent is a yes, not the absence of a no.

use crate::finding::Finding;
use crate::project::media::ImageCheck;

use super::Build;

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "photo-consent";

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    let (Some(names), Some(roster)) = (&build.names, build.roster) else { return Vec::new() };
    let mut findings = Vec::new();
    for media in build.published_files() {
        let ImageCheck::Scrubbed { source, .. } = media.image.as_ref() else { continue };
        let tags = source.texts.iter().filter(|text| text.person_tag);
        let mut reported = Vec::new();
        for hit in tags.flat_map(|text| names.find_in_identifier(&text.text)) {
            let Some(pupil) = roster.pupils.get(hit.pupil) else { continue };
            if pupil.photo_consent == Some(true) || reported.contains(&hit.pupil) {
                continue;
            }
            reported.push(hit.pupil);
            let recorded = if pupil.photo_consent == Some(false) { "refused" } else { "not recorded" };
            findings.push(
                Finding::error(ID, &media.source, None)
                    .message(format!("this image is tagged with \"{}\", a pupil whose photo consent is {recorded}", hit.matched))
                    .help("leave the photo out, or check consent with the office and update the roster")
                    .naming(&hit.matched, &hit.initials),
            );
        }
    }
    findings
}
