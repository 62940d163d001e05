//! `image-filename-names`: a pupil's name in an image's file or folder name. Published
//! names are content hashes, but the source name travels: in shared drives, in e-mails,
//! in a download's "save as". A full name is an error; a single name a warning, except in
//! a theme's own pictures, which are published under their own names.

use crate::finding::Finding;
use crate::names::HitKind;

use super::Build;

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "image-filename-names";

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    let Some(names) = &build.names else { return Vec::new() };
    let mut findings = Vec::new();
    for media in build.published_files() {
        if !media.is_image() {
            continue;
        }
        // The part a school chose: the path under its media folder.
        let path = media.source.to_string_lossy().replace('\\', "/");
        let chosen = path.split_once("media/").map_or(path.as_str(), |(_, rest)| rest);
        let hits = names.find_in_identifier(chosen);
        let Some(hit) = hits.iter().min_by_key(|hit| hit.kind) else { continue };
        // A theme's own pictures are published under their own names, not a hash.
        let file_name = media.source.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let published_as_named = media.published.ends_with(&format!("/{file_name}"));
        let finding = if hit.kind == HitKind::FullName || published_as_named {
            Finding::error(ID, &media.source, None).message(format!("the file name holds a pupil's full name (\"{}\")", hit.matched))
        } else {
            Finding::warning(ID, &media.source, None).message(format!("the file name holds a pupil's name (\"{}\")", hit.matched))
        };
        let mut finding =
            finding.help("rename the file after what it shows (\"sports-day-relay.jpg\"), not who").naming(&hit.matched, &hit.initials);
        for other in &hits {
            finding = finding.naming(&other.matched, &other.initials);
        }
        findings.push(finding);
    }
    findings
}
