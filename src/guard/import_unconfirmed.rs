//! `import-unconfirmed`: a note `policypress import` left for a person beside something it
//! recognised but cannot be sure of (a person and their roles, a date that could be read
//! two ways, an agreement's tier): `# CHECK: ...` in school.yaml, `{# CHECK: ... #}` in a
//! page. A person found in a document is published only once someone has confirmed it,
//! so each note stops the school being published until it is deleted.

use std::path::Path;

use crate::finding::{Finding, Span};
use crate::import::CHECK_MARK;

use super::Build;

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "import-unconfirmed";

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    let school = build.school;
    let mut findings = notes_in(&school.config_file, &school.config_text, 1, &format!("# {CHECK_MARK}"));
    let mut seen = std::collections::HashSet::new();
    for page in build.checked_pages() {
        let Some(source) = &page.source else { continue };
        if seen.insert(source.file.clone()) {
            findings.extend(notes_in(&source.file, &source.body, source.body_line, &format!("{{# {CHECK_MARK}")));
        }
    }
    findings
}

/// Each note opened by `mark` in `text`, whose first line is `first_line` of `file`.
fn notes_in(file: &Path, text: &str, first_line: u32, mark: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let Some(at) = line.find(mark) else { continue };
        let note = line[at + mark.len()..].trim().trim_end_matches("#}").trim();
        let line_number = first_line + u32::try_from(index).unwrap_or(u32::MAX - first_line);
        let column = u32::try_from(line[..at].chars().count() + 1).unwrap_or(1);
        findings.push(
            Finding::error(ID, file, Some(Span { line: line_number, column }))
                .message(format!("imported, not yet checked: {note}"))
                .help("check what the note says against the document and correct it if need be, then delete the note"),
        );
    }
    findings
}
