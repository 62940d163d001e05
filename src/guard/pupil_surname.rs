//! `pupil-surname`: a pupil's surname anywhere on the published site: with a first
//! name, an initial or a title, or alone. Pupils are known on a school's website by
//! first names only; a full name is how a stranger finds a child.

use crate::finding::Finding;
use crate::names::{HitKind, NameHit};

use rayon::prelude::*;

use super::Build;

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "pupil-surname";

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    let Some(names) = &build.names else { return Vec::new() };
    // Every word of every page against every pupil: the heaviest rule, so spread out.
    build
        .par_pages()
        .flat_map_iter(|(page, scan)| {
            let prose = scan.prose().flat_map(|text| names.find_in_prose(text));
            let addresses = scan.addresses().flat_map(|text| names.find_in_identifier(text));
            // Each mention is its own finding, placed at its own line: a school that fixes
            // one must not publish the next.
            let mut claimed = Vec::new();
            let mut findings = Vec::new();
            for hit in prose.chain(addresses).filter(|hit| hit.kind != HitKind::FirstNameAlone) {
                let (file, span) = build.locate_name(page, &hit.matched, &mut claimed);
                findings.push(finding(&hit, Finding::error(ID, &file, span)));
            }
            findings
        })
        .collect()
}

fn finding(hit: &NameHit, finding: Finding) -> Finding {
    let what = match hit.kind {
        HitKind::FullName => "a pupil's full name",
        HitKind::SurnameWithInitialOrTitle => "a pupil's surname with an initial or title",
        HitKind::SurnameAlone | HitKind::FirstNameAlone => "a pupil's surname",
    };
    finding
        .message(format!("\"{}\" is {what}", hit.matched))
        .help("pupils are known on the website by first names only: use the first name, or the first name and an initial")
        .naming(&hit.matched, &hit.initials)
}
