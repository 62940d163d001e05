//! `unreadable-image`: a truncated, corrupt, empty or mislabelled image. What cannot be
//! read cannot be checked, so it is not published.

use crate::finding::Finding;
use crate::image::ImageError;
use crate::project::media::{ImageCheck, MediaFile};

use super::Build;

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "unreadable-image";

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    let mut findings: Vec<Finding> = build
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
        .collect();
    // A file shown as a picture that is not one (a PDF saved as `.jpg`) is a broken image
    // on the page.
    let not_pictures: Vec<&MediaFile> = build.site.media.iter().filter(|media| !media.is_image()).collect();
    if not_pictures.is_empty() {
        return findings;
    }
    for page in build.checked_pages() {
        for (tag, written) in super::content_images(page) {
            let src = tag.attr("src").unwrap_or_default();
            let Some(media) = not_pictures.iter().find(|media| src.ends_with(media.published.as_str())) else { continue };
            let (file, span) = build.locate(page, &written);
            let kind = media.published.rsplit('.').next().unwrap_or_default().to_uppercase();
            findings.push(
                Finding::error(ID, &file, span)
                    .message(format!(
                        "{written} is shown as a picture, but it is a {kind} file, not an image: the page would show a broken picture"
                    ))
                    .help(format!("link to it instead ([Read it]({written})), or export the picture again as JPEG or PNG")),
            );
        }
    }
    findings
}
