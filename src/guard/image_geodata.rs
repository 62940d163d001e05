//! `image-geodata`: a location in an image's metadata. A photo taken at a pupil's home
//! or on a trip says where that child was. The published copy is stripped, so this is a
//! warning about the source file (an error with `--strict`).

use crate::finding::Finding;
use crate::project::media::ImageCheck;

use super::Build;

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "image-geodata";

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    build
        .site
        .media
        .iter()
        .filter_map(|media| match media.image.as_ref() {
            ImageCheck::Scrubbed { source, .. } if !source.geodata.is_empty() => Some(
                Finding::warning(ID, &media.source, None)
                    .message(format!("this image records where it was taken ({})", source.geodata.join("; ")))
                    .help(format!(
                        "the published copy is stripped; to clean the original too, run `policypress scrub {}`",
                        media.source.display()
                    )),
            ),
            _ => None,
        })
        .collect()
}
