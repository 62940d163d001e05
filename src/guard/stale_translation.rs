//! `stale-translation`: a translation older than the page it translates. The page gives
//! `updated:` when its wording changes; a translation gives `translated:` when it was
//! last brought into line. A family reading an out-of-date translation follows rules the
//! school no longer has. A trust's translation of a file the school replaces with its own
//! is not published for that school at all: it says so, at the school's file.

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
    for (translation, own) in &build.school.set_aside {
        let lang = crate::language::english_name(translation.lang.as_deref().unwrap_or_default());
        let name = translation.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        findings.push(
            Finding::warning(ID, &own.file, own.title_span)
                .message(format!(
                    "the trust's {lang} translation ({}) translates the shared wording this file replaces, so it is not published for this school: {lang} readers see this page as this file says it, untranslated",
                    crate::finding::display_path(&translation.file)
                ))
                .help(format!("add the school's own {lang} translation of this file, as {}", crate::finding::display_path(&own.file.with_file_name(name)))),
        );
    }
    findings
}
