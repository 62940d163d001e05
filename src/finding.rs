//! A finding: one thing wrong with the project, whether a broken rule or bad content.
//!
//! Every stage reports problems as values of this one shape, so that one printer can
//! show them to a person, to a JSON consumer or to a CI log.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Severity {
    /// Worth knowing, never a reason to refuse: `--strict` leaves it a note.
    Note,
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A line and column, both counted from 1; the column counts characters, not bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Span {
    pub(crate) line: u32,
    pub(crate) column: u32,
}

impl Span {
    /// The span of byte `offset` in `text`, shifted down by `first_line - 1` lines
    /// (for text that starts part-way into a file, like a Markdown body).
    pub(crate) fn at_offset(text: &str, offset: usize, first_line: u32) -> Span {
        let before = &text[..offset.min(text.len())];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = before.matches('\n').count() as u32 + first_line;
        let column = before[line_start..].chars().count() as u32 + 1;
        Span { line, column }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub(crate) rule: &'static str,
    pub(crate) severity: Severity,
    /// Relative to the project root, with `/` separators.
    pub(crate) file: String,
    pub(crate) line: Option<u32>,
    pub(crate) column: Option<u32>,
    pub(crate) message: String,
    pub(crate) help: String,
    /// Pupil names this finding mentions, each with the initials that stand for it in
    /// output that ends up in logs (json, github).
    #[serde(skip)]
    pub(crate) names: Vec<(String, String)>,
    /// The file holds pupils' names (a roster): say where, but never quote its lines.
    #[serde(skip)]
    pub(crate) private_file: bool,
}

impl Finding {
    pub(crate) fn new(rule: &'static str, severity: Severity, file: &Path, span: Option<Span>) -> Finding {
        Finding {
            rule,
            severity,
            file: display_path(file),
            line: span.map(|s| s.line),
            column: span.map(|s| s.column),
            message: String::new(),
            help: String::new(),
            names: Vec::new(),
            private_file: false,
        }
    }

    pub(crate) fn error(rule: &'static str, file: &Path, span: Option<Span>) -> Finding {
        Finding::new(rule, Severity::Error, file, span)
    }

    pub(crate) fn warning(rule: &'static str, file: &Path, span: Option<Span>) -> Finding {
        Finding::new(rule, Severity::Warning, file, span)
    }

    pub(crate) fn note(rule: &'static str, file: &Path, span: Option<Span>) -> Finding {
        Finding::new(rule, Severity::Note, file, span)
    }

    #[must_use]
    pub(crate) fn message(mut self, message: impl Into<String>) -> Finding {
        self.message = message.into();
        self
    }

    #[must_use]
    pub(crate) fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = help.into();
        self
    }

    /// Marks `name` as a pupil's name, shown as `initials` where logs could keep it.
    #[must_use]
    pub(crate) fn naming(mut self, name: &str, initials: &str) -> Finding {
        self.names.push((name.to_owned(), initials.to_owned()));
        self
    }

    /// This finding with every pupil name it mentions replaced by initials.
    pub(crate) fn redacted(&self) -> Finding {
        let mut copy = self.clone();
        let names = std::mem::take(&mut copy.names);
        for field in [&mut copy.file, &mut copy.message, &mut copy.help] {
            *field = mask_names(field, &names);
        }
        copy
    }

    pub(crate) fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `text` with every pupil name in `names` (each with its initials) shown as initials. The
/// one way a name is hidden from a log, a JSON consumer or a preview.
pub(crate) fn mask_names(text: &str, names: &[(String, String)]) -> String {
    let mut names: Vec<&(String, String)> = names.iter().collect();
    // Longest first, so "Amelia Thornbury" goes before "Amelia" could split it.
    names.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
    let mut masked = text.to_owned();
    for (name, initials) in names {
        masked = replace_ignoring_case(&masked, name, initials);
    }
    masked
}

/// `text` with every case-insensitive occurrence of `name` replaced.
fn replace_ignoring_case(text: &str, name: &str, with: &str) -> String {
    if name.is_empty() {
        return text.to_owned();
    }
    let lower_text = text.to_lowercase();
    let lower_name = name.to_lowercase();
    // Lower-casing can change byte lengths (rarely); then only exact matches go.
    if lower_text.len() != text.len() || lower_name.len() != name.len() {
        return text.replace(name, with);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (start, _) in lower_text.match_indices(&lower_name) {
        if start >= last {
            out.push_str(&text[last..start]);
            out.push_str(with);
            last = start + name.len();
        }
    }
    out.push_str(&text[last..]);
    out
}

/// A path as messages show it: forward slashes on every platform.
pub(crate) fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Paths in findings are relative to the project root where they can be.
pub(crate) fn relative_to(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}

/// The ids of findings that are not rules over the site (those live with their rule in
/// `guard`): problems in the project's files, the roster, the command line or the disk.
/// Each is written only here; `docs/rules.md` has a section for each, under its id.
pub mod id {
    pub const NO_ROSTER: &str = "no-roster";
    pub const INVALID_ROSTER: &str = "invalid-roster";
    pub const UNPLACED_PUPILS: &str = "unplaced-pupils";
    pub const INVALID_YAML: &str = "invalid-yaml";
    pub const INVALID_FRONT_MATTER: &str = "invalid-front-matter";
    pub const INVALID_SCHOOL: &str = "invalid-school";
    pub const UNREADABLE_FILE: &str = "unreadable-file";
    pub const TEMPLATE_ERROR: &str = "template-error";
    pub const UNKNOWN_BLOCK: &str = "unknown-block";
    pub const PRINT_FAILED: &str = "print-failed";
    pub const TOO_LONG_TO_PRINT: &str = "too-long-to-print";
    pub const WRITE_FAILED: &str = "write-failed";
    pub const INVALID_ARGUMENT: &str = "invalid-argument";
    pub const UNKNOWN_SCHOOL: &str = "unknown-school";
    pub const UNKNOWN_TIER: &str = "unknown-tier";
    pub const NO_TIER_FOR_YEAR: &str = "no-tier-for-year";
    pub const INVALID_RETURNED: &str = "invalid-returned";
    pub const UNKNOWN_PUPIL: &str = "unknown-pupil";
    pub const AMBIGUOUS_PUPIL: &str = "ambiguous-pupil";
    pub const UNKNOWN_FORM: &str = "unknown-form";
    pub const FORM_NOT_OWED: &str = "form-not-owed";
    pub const DATE_OUTSIDE_YEAR: &str = "date-outside-year";
    pub const DUPLICATE_FORM: &str = "duplicate-form";

    /// Every id above, for the documentation's check and `explain`.
    pub const ALL: [&str; 23] = [
        NO_ROSTER,
        INVALID_ROSTER,
        UNPLACED_PUPILS,
        INVALID_YAML,
        INVALID_FRONT_MATTER,
        INVALID_SCHOOL,
        UNREADABLE_FILE,
        TEMPLATE_ERROR,
        UNKNOWN_BLOCK,
        PRINT_FAILED,
        TOO_LONG_TO_PRINT,
        WRITE_FAILED,
        INVALID_ARGUMENT,
        UNKNOWN_SCHOOL,
        UNKNOWN_TIER,
        NO_TIER_FOR_YEAR,
        INVALID_RETURNED,
        UNKNOWN_PUPIL,
        AMBIGUOUS_PUPIL,
        UNKNOWN_FORM,
        FORM_NOT_OWED,
        DATE_OUTSIDE_YEAR,
        DUPLICATE_FORM,
    ];
}

/// Findings about the rows of a file of pupils (a roster, a returned-forms file), one per
/// problem however many rows share it: a roster whose year groups are all written "3"
/// gets one finding naming its rows, not three hundred alike. A row is named by number,
/// never quoted, so the message of each problem must not quote a row either.
#[derive(Debug, Default)]
pub(crate) struct RowFindings {
    /// Each problem, its place left out, with the rows that have it, in the order found.
    problems: Vec<(Finding, Vec<u32>)>,
}

impl RowFindings {
    /// Adds `finding`, whose message says what is wrong on the row `row` without saying
    /// where (the place is added once, for every row with the same problem).
    pub(crate) fn add(&mut self, row: u32, finding: Finding) {
        match self.problems.iter_mut().find(|(known, _)| *known == finding) {
            Some((_, rows)) => rows.push(row),
            None => self.problems.push((finding, vec![row])),
        }
    }

    /// The findings, each message led by its rows: "row 7: ..." or "rows 2-31, 40: ...".
    pub(crate) fn into_findings(self) -> Vec<Finding> {
        self.problems
            .into_iter()
            .map(|(finding, rows)| {
                let message = format!("{}: {}", rows_said(&rows), finding.message);
                finding.message(message)
            })
            .collect()
    }
}

/// "row 7", or "rows 2-31, 40, 52" for several, runs of consecutive rows joined; past a
/// dozen runs, how many more rows there are, so a message stays one line.
pub(crate) fn rows_said(rows: &[u32]) -> String {
    const MOST_RUNS: usize = 12;
    let mut rows = rows.to_vec();
    rows.sort_unstable();
    rows.dedup();
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for &row in &rows {
        match runs.last_mut() {
            Some((_, last)) if last.checked_add(1) == Some(row) => *last = row,
            _ => runs.push((row, row)),
        }
    }
    let said: Vec<String> = runs
        .iter()
        .take(MOST_RUNS)
        .map(|&(first, last)| if first == last { first.to_string() } else { format!("{first}-{last}") })
        .collect();
    let more: u32 = runs.iter().skip(MOST_RUNS).map(|&(first, last)| last - first + 1).sum();
    let word = if rows.len() == 1 { "row" } else { "rows" };
    match more {
        0 => format!("{word} {}", said.join(", ")),
        more => format!("{word} {} and {more} more", said.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_said_as_runs_and_cut_short_past_a_dozen() {
        assert_eq!(rows_said(&[7]), "row 7");
        assert_eq!(rows_said(&[52, 2, 3, 4, 40, 3]), "rows 2-4, 40, 52");
        let many: Vec<u32> = (0..20).map(|n| n * 10).chain([201, 202]).collect();
        assert_eq!(rows_said(&many), "rows 0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110 and 10 more");
    }

    #[test]
    fn a_problem_on_many_rows_is_one_finding() {
        let mut rows = RowFindings::default();
        let blank = || Finding::error(id::NO_TIER_FOR_YEAR, Path::new("roster.csv"), None).message("the year group is blank");
        let three = || Finding::error(id::NO_TIER_FOR_YEAR, Path::new("roster.csv"), None).message("year group `3` is not a tier");
        for row in 2..=31 {
            rows.add(row, three());
        }
        rows.add(33, blank());
        rows.add(40, three());
        let said: Vec<String> = rows.into_findings().into_iter().map(|f| f.message).collect();
        assert_eq!(said, ["rows 2-31, 40: year group `3` is not a tier", "row 33: the year group is blank"]);
    }

    #[test]
    fn span_counts_lines_from_the_given_start_and_columns_in_characters() {
        let text = "first\nsécond {{ x }}";
        let offset = text.find("{{").unwrap();
        assert_eq!(Span::at_offset(text, offset, 5), Span { line: 6, column: 8 });
        assert_eq!(Span::at_offset(text, 0, 1), Span { line: 1, column: 1 });
    }

    #[test]
    fn redaction_replaces_names_everywhere_a_log_would_show_them() {
        let finding = Finding::error("image-filename-names", Path::new("schools/x/media/amelia-thornbury.jpg"), None)
            .message("\"Amelia Thornbury\" is a pupil's full name; so is AMELIA THORNBURY")
            .help("rename it without Thornbury")
            .naming("Amelia Thornbury", "A. T.")
            .naming("amelia-thornbury", "a-t")
            .naming("Thornbury", "T.");
        let shown = finding.redacted();
        assert_eq!(shown.file, "schools/x/media/a-t.jpg");
        assert_eq!(shown.message, "\"A. T.\" is a pupil's full name; so is A. T.");
        assert_eq!(shown.help, "rename it without T.");
        assert!(shown.names.is_empty());
    }
}
