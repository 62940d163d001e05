//! `unreadable-image`: a truncated, corrupt, empty or mislabelled image. What cannot be
//! read cannot be checked, so it is not published.

use crate::finding::Finding;
use crate::image::ImageError;
use crate::project::media::ImageCheck;

use super::Build;

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "unreadable-image";

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    build
        .site
        .media
        .iter()
        .filter_map(|media| match media.image.as_ref() {
            ImageCheck::Refused(ImageError::Unreadable { reason }) => Some(
                Finding::error(ID, &media.source, None)
                    .message(format!("this image cannot be read: {reason}"))
                    .help("export it again from the camera or editing program; check the file extension matches the format"),
            ),
            _ => None,
        })
        .collect()
}
