//! `image-geodata`: a location in an image's metadata. A photo taken at a pupil's home
//! or on a trip says where that child was. The published copy is stripped, so this is a
//! warning about the source file (an error with `--strict`). A photo inside a PDF cannot be
//! stripped, so there it is an error.

use crate::finding::Finding;
use crate::project::media::ImageCheck;

use super::Build;

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "image-geodata";

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for media in build.published_files() {
        match media.image.as_ref() {
            ImageCheck::Scrubbed { source, .. } if !source.geodata.is_empty() => findings.push(
                Finding::warning(ID, &media.source, None)
                    .message(format!("this image records where it was taken ({})", source.geodata.join("; ")))
                    .help(format!(
                        "the published copy is stripped; to clean the original too, run `policypress scrub {}`",
                        media.source.display()
                    )),
            ),
            // A PDF is published as it is, so a location inside it cannot be taken out here.
            ImageCheck::Document(Ok(reading)) if !reading.locations.is_empty() => findings.push(
                Finding::error(ID, &media.source, None)
                    .message(format!("this PDF records where a photo was taken ({})", reading.locations.join("; ")))
                    .help("clean the photo with `policypress scrub PHOTO` before putting it in the document, then save the PDF again"),
            ),
            _ => {}
        }
    }
    findings
}
