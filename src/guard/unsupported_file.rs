//! `unsupported-file`: a file a page links to that nothing here can check: a Word, Excel
//! or PowerPoint file (whose tracked changes, comments and hidden sheets keep what was
//! deleted, names included), audio or video (which carry locations), an archive, or a PDF
//! whose words cannot be read (a scan, a password, a damaged file, letters drawn without
//! saying which letters they are). What cannot be checked is not published.

use crate::document::CannotCheck;
use crate::finding::Finding;
use crate::project::media::{ImageCheck, TEXT_FILES};

use super::Build;

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "unsupported-file";

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for media in build.published_files() {
        match media.image.as_ref() {
            ImageCheck::Unchecked => {
                let extension = crate::project::media::extension_of(&media.source);
                let message = match extension.as_str() {
                    "" => {
                        "a file without an extension cannot be checked for pupils' names or locations, so it cannot be published".to_owned()
                    }
                    text if TEXT_FILES.contains(&text) => format!(
                        "this .{text} file is not plain text (it holds an archive, a document or other data), so it cannot be checked \
                         for pupils' names and cannot be published"
                    ),
                    _ => format!("a .{extension} file cannot be checked for pupils' names or locations, so it cannot be published"),
                };
                findings.push(Finding::error(ID, &media.source, None).message(message).help(advice(&extension)));
            }
            ImageCheck::Font(Err(why)) => findings.push(
                Finding::error(ID, &media.source, None)
                    .message(format!("this font cannot be read, so the words it carries cannot be checked: {why}"))
                    .help("use the font's .woff2, .woff or .ttf file as its maker publishes it"),
            ),
            ImageCheck::Document(Err(why)) => findings.push(
                Finding::error(ID, &media.source, None)
                    .message(format!("this PDF cannot be checked for pupils' names, so it cannot be published: {why}"))
                    .help(document_advice(why)),
            ),
            _ => {}
        }
    }
    findings
}

/// The way out for a PDF that cannot be read.
fn document_advice(why: &CannotCheck) -> &'static str {
    match why {
        CannotCheck::Damaged | CannotCheck::UnknownLetters { .. } => {
            "save it as PDF again from the program it was written in (Word: File > Save as > PDF), or make it a page of the site"
        }
        CannotCheck::Password => "save a copy without a password (it is published for anyone to read anyway)",
        CannotCheck::Scanned { .. } => {
            "a poster or photo: publish the picture as an image (it is then stripped and checked) with its words on the page; \
             a scan: make the PDF from the document it was typed in, or publish the words as a page of the site"
        }
        CannotCheck::Attachment { .. } => "remove the attached file, or publish it separately in a form that can be checked",
    }
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
