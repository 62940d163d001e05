//! `pupil-surname`: a pupil's surname anywhere on the published site: with a first
//! name, an initial or a title, or alone. Pupils are known on a school's website by
//! first names only; a full name is how a stranger finds a child.

use crate::finding::Finding;
use crate::names::{HitKind, NameHit};
use crate::project::media::ImageCheck;

use rayon::prelude::*;

use super::{Build, PublishedText};

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "pupil-surname";

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    let Some(names) = &build.names else { return Vec::new() };
    let mut findings = in_files(build, names);
    // Every word of every page against every pupil: the heaviest rule, so spread out.
    let on_pages: Vec<Finding> = build
        .par_pages()
        .flat_map_iter(|(page, scan)| {
            let prose = scan.prose().flat_map(|text| names.find_in_prose(text).into_iter().map(move |hit| (text, hit)));
            // A link to a heading on the same page ("#young-people", from a contents list)
            // repeats the heading's words, which are read as prose where they stand.
            let own_heading = |address: &str| address.strip_prefix('#').is_some_and(|id| scan.ids.iter().any(|own| own == id));
            let addresses = scan
                .addresses()
                .filter(|address| !own_heading(address))
                .flat_map(|text| names.find_in_identifier(text).into_iter().map(move |hit| (text, hit)));
            // Each mention is its own finding, placed at its own line: a school that fixes
            // one must not publish the next.
            let mut claimed = Vec::new();
            let mut findings = Vec::new();
            let hits =
                prose.chain(addresses).filter(|(_, hit)| hit.kind != HitKind::FirstNameAlone && !Build::page_says_not_a_name(page, hit));
            for (text, hit) in hits {
                let (file, span) = build.locate_name(page, text, hit.start..hit.end, &mut claimed);
                let found = finding(&hit, Finding::error(ID, &file, span));
                // A page's address made from its file's name: the fix is a new name.
                let in_file_name = span.is_none()
                    && file.file_name().is_some_and(|n| n.to_string_lossy().to_lowercase().contains(&hit.matched.to_lowercase()));
                findings.push(if in_file_name {
                    let message = format!("{} in the file's name, which is the page's address", found.message);
                    found.message(message).help("rename the file (or give the page a `slug:` in its front matter) without the pupil's name")
                } else {
                    found
                });
            }
            findings
        })
        .collect();
    findings.extend(on_pages);
    findings
}

/// A pupil's surname in words published other than as a page: a text file (a results
/// list), a PDF (a letter home, with its information and metadata), a print template, a
/// style sheet, or the title, description and text of a drawing. Placed at its line in a
/// text file or template, and named by page in a PDF.
fn in_files(build: &Build<'_>, names: &crate::names::NameIndex) -> Vec<Finding> {
    // A pupil listed among school.yaml's `people:` (a digital leader) is found there,
    // at the name's line, whether or not a page shows that role yet. (What else
    // school.yaml says reaches readers through the pages, and is found there.)
    let school = &build.school;
    let mut findings = Vec::new();
    for person in &school.config.people {
        let name = &person.name.value;
        for hit in names.find_in_prose(name).into_iter().filter(|hit| hit.kind == HitKind::FullName) {
            let span = crate::project::config::span_of(&person.name).or_else(|| build.locate_in_config(name, 1));
            findings.push(finding(&hit, Finding::error(ID, &school.config_file, span)));
        }
    }
    for published in build.published_texts() {
        findings.extend(in_text(&published, names));
    }
    // What a PDF holds out of sight (comments, earlier versions, hidden layers, unused
    // parts) and what a font says of itself: full names only, and only those not already
    // found in what the file shows.
    for media in build.published_files() {
        let Some(out_of_sight) = media.out_of_sight() else { continue };
        let shown: Vec<String> =
            media.texts().into_iter().flat_map(|(_, text)| names.find_in_prose(text)).map(|hit| hit.matched.to_lowercase()).collect();
        let mut hidden: Vec<NameHit> = names.find_in_prose(out_of_sight).into_iter().filter(|hit| hit.kind == HitKind::FullName).collect();
        hidden.retain(|hit| !shown.contains(&hit.matched.to_lowercase()));
        hidden.dedup_by(|a, b| a.matched.eq_ignore_ascii_case(&b.matched));
        for hit in hidden {
            let found = finding(&hit, Finding::error(ID, &media.source, None));
            let message = if matches!(media.image.as_ref(), ImageCheck::Font(_)) {
                format!("{} (in the font's names or tables)", found.message)
            } else {
                format!("{} (out of sight in the file: a comment, an earlier version, a hidden layer or an unused part)", found.message)
            };
            findings.push(found.message(message));
        }
    }
    findings
}

/// Each pupil's surname in words published other than as a page.
pub(super) fn in_text(published: &PublishedText<'_>, names: &crate::names::NameIndex) -> Vec<Finding> {
    findings_in(published, names.find_in_prose(published.text).into_iter().filter(|hit| hit.kind != HitKind::FirstNameAlone))
}

/// The findings for `hits` in a text published other than as a page.
fn findings_in(published: &PublishedText<'_>, hits: impl Iterator<Item = NameHit>) -> Vec<Finding> {
    hits.map(|hit| {
        let found = finding(&hit, Finding::error(ID, published.file, published.span(hit.start)));
        let message = published.placed(found.message.clone());
        found.message(message)
    })
    .collect()
}

/// The finding for one mention.
fn finding(hit: &NameHit, finding: Finding) -> Finding {
    let what = match hit.kind {
        HitKind::FullName => "a pupil's full name",
        HitKind::SurnameWithInitialOrTitle => "a pupil's surname with an initial or title",
        HitKind::SurnameAlone | HitKind::FirstNameAlone => "a pupil's surname",
    };
    let help = "pupils are known on the website by first names only: use the first name, or the first name and an initial";
    // A name broken over two lines of the source reads as one line in a message.
    let matched = hit.matched.split_whitespace().collect::<Vec<_>>().join(" ");
    finding.message(format!("\"{matched}\" is {what}")).help(super::word_name_help(hit, help)).naming(&hit.matched, &hit.initials)
}
