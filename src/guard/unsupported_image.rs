//! `unsupported-image`: a format browsers do not show (TIFF, HEIC, BMP), one that cannot
//! be stripped without re-encoding, or a copy that still held metadata when it was read
//! back. Publishing it as it is would publish whatever it carries.

use crate::finding::Finding;
use crate::image::ImageError;
use crate::project::media::ImageCheck;

use super::Build;

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "unsupported-image";

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for media in build.published_files() {
        match media.image.as_ref() {
            ImageCheck::Refused(ImageError::Unsupported { format, advice }) => findings
                .push(Finding::error(ID, &media.source, None).message(format!("{format} cannot be published safely")).help(advice.clone())),
            ImageCheck::Scrubbed { left, .. } if !left.is_empty() => findings.push(
                Finding::error(ID, &media.source, None)
                    .message(format!("metadata was still there after stripping: {}", left.join(", ")))
                    .help("save the image again as a plain JPEG or PNG, or run `policypress scrub` on it"),
            ),
            _ => {}
        }
    }
    findings
}
