//! `stale-translation`: a translation older than the page it translates. The page gives
//! `updated:` when its wording changes; a translation gives `translated:` when it was
//! last brought into line. A family reading an out-of-date translation follows rules the
//! school no longer has.

use crate::finding::Finding;

use super::Build;

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "stale-translation";

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    let pages = &build.school.pages;
    let mut findings = Vec::new();
    let mut seen = std::collections::HashSet::new();
    // A source is published in every language: each translation is judged once.
    for translation in pages.iter().map(|p| &p.source).filter(|s| s.lang.is_some() && seen.insert(&s.file)) {
        let original_rel = translation.original_rel();
        let original = pages.iter().map(|p| &p.source).find(|s| s.lang.is_none() && Some(&s.rel) == original_rel.as_ref());
        let Some(updated) = original.and_then(|o| o.front.updated) else { continue };
        let lang = crate::language::english_name(translation.lang.as_deref().unwrap_or_default());
        let problem = match translation.front.translated {
            Some(translated) if translated >= updated => continue,
            Some(translated) => {
                format!("this {lang} translation was brought up to date on {translated}, but the page it translates changed on {updated}")
            }
            None => format!(
                "this {lang} translation does not say when it was brought up to date (`translated:`), and the page it translates changed on {updated}"
            ),
        };
        findings.push(
            Finding::warning(ID, &translation.file, translation.title_span)
                .message(problem)
                .help("update the translation to match, then set `translated:` in its front matter to today's date"),
        );
    }
    findings
}
