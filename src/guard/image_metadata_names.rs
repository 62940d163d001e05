//! `image-metadata-names`: a pupil's name in an image's metadata (EXIF, XMP, IPTC,
//! comments, text chunks). Anyone who saves the photo can read them. The published copy
//! is stripped, so this is a warning about the source (an error with `--strict`).

use crate::finding::Finding;
use crate::project::media::ImageCheck;

use super::Build;

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "image-metadata-names";

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    let Some(names) = &build.names else { return Vec::new() };
    let mut findings = Vec::new();
    for media in build.published_files() {
        let ImageCheck::Scrubbed { source, .. } = media.image.as_ref() else { continue };
        let mut places = Vec::new();
        let mut finding = Finding::warning(ID, &media.source, None);
        for text in &source.texts {
            let hits = names.find_in_identifier(&text.text);
            if !hits.is_empty() && !places.contains(&text.source) {
                places.push(text.source.clone());
            }
            for hit in hits {
                finding = finding.naming(&hit.matched, &hit.initials);
            }
        }
        if !places.is_empty() {
            findings.push(finding.message(format!("a pupil's name is in this image's metadata ({})", places.join("; "))).help(format!(
                "the published copy is stripped; to clean the original too, run `policypress scrub {}`",
                media.source.display()
            )));
        }
    }
    findings
}
