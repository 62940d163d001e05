//! `unsupported-file`: a file a page links to that nothing here can check: a Word, Excel
//! or PowerPoint file (whose tracked changes, comments and hidden sheets keep what was
//! deleted, names included), audio or video (which carry locations), an archive. What
//! cannot be checked is not published.

use crate::finding::Finding;
use crate::project::media::ImageCheck;

use super::Build;

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "unsupported-file";

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    build
        .site
        .media
        .iter()
        .filter(|media| matches!(media.image.as_ref(), ImageCheck::Unchecked))
        .map(|media| {
            let extension = media.source.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
            Finding::error(ID, &media.source, None)
                .message(format!("a .{extension} file cannot be checked for pupils' names or locations, so it cannot be published"))
                .help(advice(&extension))
        })
        .collect()
}

/// The way out for a file of this kind.
fn advice(extension: &str) -> &'static str {
    match extension {
        "doc" | "docx" | "odt" | "rtf" | "pages" => "save it as PDF (File > Save as > PDF), or make it a page of the site",
        "xls" | "xlsx" | "ods" | "numbers" => "save the sheet as PDF or CSV, or make it a table on a page of the site",
        "ppt" | "pptx" | "odp" | "key" => "save the slides as PDF",
        "mp4" | "mov" | "m4v" | "avi" | "mkv" | "webm" | "mp3" | "m4a" | "wav" | "ogg" => {
            "publish recordings on the school's video or audio service, where consent and location are managed, and link to it"
        }
        _ => "publish it as a PDF or an image, or make it a page of the site",
    }
}
