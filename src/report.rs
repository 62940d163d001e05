//! Report: findings printed once, at the edge, for a person, a JSON consumer or a CI
//! log. Nothing else in the program prints a finding.

use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use clap::ValueEnum;

use crate::build::BuildOutcome;
use crate::finding::{Finding, Severity, display_path};
use crate::manual;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Format {
    #[default]
    Human,
    Json,
    Github,
}

/// Prints findings. JSON goes to `out` as exactly one array; everything else to `err`,
/// except GitHub annotations, which the runner reads from standard output. JSON and
/// GitHub output end up in CI logs, so pupil names in them are shown as initials.
pub fn print_findings(findings: &[Finding], format: Format, root: &Path, out: &mut dyn Write, err: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Json => {
            let redacted: Vec<Finding> = findings.iter().map(Finding::redacted).collect();
            serde_json::to_writer_pretty(&mut *out, &redacted).map_err(io::Error::other)?;
            writeln!(out)
        }
        Format::Github => {
            let repository = Repository::find(root);
            for finding in findings {
                let mut shown = finding.redacted();
                if let Some(repository) = &repository {
                    shown.file = repository.relative(&shown.file);
                }
                writeln!(out, "{}", github_annotation(&shown))?;
            }
            Ok(())
        }
        Format::Human => print_human(findings, root, err),
    }
}

fn print_human(findings: &[Finding], root: &Path, err: &mut dyn Write) -> io::Result<()> {
    let mut current_file: Option<&str> = None;
    let mut file_lines: Vec<String> = Vec::new();
    for finding in findings {
        if current_file != Some(finding.file.as_str()) {
            current_file = Some(&finding.file);
            file_lines =
                std::fs::read_to_string(root.join(&finding.file)).map(|t| t.lines().map(str::to_owned).collect()).unwrap_or_default();
        }
        writeln!(err, "{}[{}]: {}", finding.severity, finding.rule, finding.message)?;
        let place = match (finding.line, finding.column) {
            (Some(line), Some(column)) => format!("{}:{line}:{column}", finding.file),
            (Some(line), None) => format!("{}:{line}", finding.file),
            _ => finding.file.clone(),
        };
        writeln!(err, "  --> {place}")?;
        if let Some(text) = finding.line.filter(|_| !finding.private_file).and_then(|l| file_lines.get(l as usize - 1)) {
            let gutter = finding.line.unwrap_or_default().to_string();
            writeln!(err, "{:width$} |", "", width = gutter.len() + 1)?;
            writeln!(err, " {gutter} | {}", text.trim_end())?;
            if let Some(column) = finding.column {
                let indent: String = text.chars().take(column as usize - 1).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
                writeln!(err, "{:width$} | {indent}^", "", width = gutter.len() + 1)?;
            }
        }
        if !finding.help.is_empty() {
            for (i, line) in finding.help.lines().enumerate() {
                let lead = if i == 0 { "  = help: " } else { "          " };
                writeln!(err, "{lead}{line}")?;
            }
        }
        if let Some(pointer) = manual::pointer(finding.rule) {
            writeln!(err, "  = more: {pointer}")?;
        }
        writeln!(err)?;
    }
    Ok(())
}

/// Where the project sits in its repository. GitHub places an annotation by a path from
/// the repository root, but findings name files from the project root, which differ when
/// the policies live in a sub-folder (`--project policies`).
struct Repository {
    /// The project folder, absolute and with links resolved.
    project: PathBuf,
    /// The repository root, the same way.
    root: PathBuf,
}

impl Repository {
    /// The nearest folder at or above the project holding `.git` (a folder, or a file in a
    /// worktree); failing that, the workspace the runner checked out (`GITHUB_WORKSPACE`)
    /// or the current folder, if the project is inside it. `None` leaves paths as they are.
    fn find(project: &Path) -> Option<Repository> {
        let project = project.canonicalize().ok()?;
        let from_git = project.ancestors().find(|folder| folder.join(".git").exists()).map(Path::to_path_buf);
        let fallbacks = [std::env::var_os("GITHUB_WORKSPACE").map(PathBuf::from), std::env::current_dir().ok()];
        let root = from_git
            .or_else(|| fallbacks.into_iter().flatten().filter_map(|folder| folder.canonicalize().ok()).find(|f| project.starts_with(f)))?;
        Some(Repository { project, root })
    }

    /// `file`, named from the project root (or absolute, for a roster given so), named
    /// from the repository root; as it was if it lies outside the repository.
    fn relative(&self, file: &str) -> String {
        let mut absolute = PathBuf::new();
        // Lexically, because the file may not exist (a folder named in a finding, a
        // roster from a secret) and `..` must not climb through a link.
        for part in self.project.join(file).components() {
            match part {
                Component::ParentDir => {
                    absolute.pop();
                }
                Component::CurDir => {}
                other => absolute.push(other),
            }
        }
        absolute.strip_prefix(&self.root).map_or_else(|_| file.to_owned(), display_path)
    }
}

/// `::error file=F,line=L,col=C,title=rule::message`, escaped as the runner expects.
fn github_annotation(finding: &Finding) -> String {
    let level = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let mut properties = format!("file={}", escape_property(&finding.file));
    if let Some(line) = finding.line {
        properties.push_str(&format!(",line={line}"));
    }
    if let Some(column) = finding.column {
        properties.push_str(&format!(",col={column}"));
    }
    properties.push_str(&format!(",title={}", escape_property(finding.rule)));
    let mut message = finding.message.clone();
    if !finding.help.is_empty() {
        message.push_str(&format!("\nhelp: {}", finding.help));
    }
    format!("::{level} {properties}::{}", escape_data(&message))
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// "2 errors, 1 warning".
pub fn summary(findings: &[Finding]) -> String {
    let errors = findings.iter().filter(|f| f.is_error()).count();
    let notes = findings.iter().filter(|f| f.severity == Severity::Note).count();
    let warnings = findings.len() - errors - notes;
    let counted = format!("{}, {}", plural(errors, "error"), plural(warnings, "warning"));
    if notes == 0 { counted } else { format!("{counted}, {}", plural(notes, "note")) }
}

/// The line printed to standard error after every build and check:
/// `Built 3 schools into public: 142 pages, 18 images, 0 errors, 2 warnings in 0.41 s`.
/// `wrote` says whether a site was to be written (`build`, not `check`).
pub fn outcome_line(outcome: &BuildOutcome, wrote: bool, elapsed: Duration) -> String {
    let schools = plural(outcome.schools, "school");
    let (verdict, after) = match (&outcome.written, wrote && outcome.refused()) {
        (_, true) => (format!("Refused to build {schools}"), "; nothing was written"),
        (Some(path), false) => (format!("Built {schools} into {}", path.display()), ""),
        (None, false) => (format!("Checked {schools}"), ""),
    };
    let mut counts = format!("{}, {}", plural(outcome.pages, "page"), plural(outcome.images, "image"));
    let others = outcome.media - outcome.images.min(outcome.media);
    if others > 0 {
        counts.push_str(&format!(", {}", plural(others, "other file")));
    }
    format!("{verdict}: {counts}, {} in {:.2} s{after}", summary(&outcome.findings), elapsed.as_secs_f64())
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_annotations_are_escaped() {
        let finding = Finding::error("broken-link", Path::new("content/a,b.md"), Some(crate::finding::Span { line: 3, column: 7 }))
            .message("50% broken\nreally")
            .help("fix it");
        assert_eq!(
            github_annotation(&finding),
            "::error file=content/a%2Cb.md,line=3,col=7,title=broken-link::50%25 broken%0Areally%0Ahelp: fix it"
        );
    }

    #[test]
    fn annotation_paths_are_named_from_the_repository_root() {
        let repository = Repository { project: PathBuf::from("/repo/policies"), root: PathBuf::from("/repo") };
        assert_eq!(repository.relative("content/a.md"), "policies/content/a.md");
        assert_eq!(repository.relative("../private/roster.csv"), "private/roster.csv");
        assert_eq!(repository.relative("/repo/secrets/roster.csv"), "secrets/roster.csv");
        assert_eq!(repository.relative("/tmp/roster.csv"), "/tmp/roster.csv");
        assert_eq!(repository.relative("../../elsewhere.csv"), "../../elsewhere.csv");
    }

    #[test]
    fn the_outcome_line_counts_schools_pages_images_and_findings() {
        let warning = Finding::warning("review-overdue", Path::new("schools/a/school.yaml"), None);
        let mut outcome =
            BuildOutcome { findings: vec![warning], schools: 3, pages: 142, media: 20, images: 18, written: Some("public".into()) };
        let elapsed = Duration::from_millis(412);
        assert_eq!(
            outcome_line(&outcome, true, elapsed),
            "Built 3 schools into public: 142 pages, 18 images, 2 other files, 0 errors, 1 warning in 0.41 s"
        );
        outcome.written = None;
        outcome.media = 18;
        assert_eq!(outcome_line(&outcome, false, elapsed), "Checked 3 schools: 142 pages, 18 images, 0 errors, 1 warning in 0.41 s");
        outcome.findings[0].severity = Severity::Error;
        outcome.schools = 1;
        assert_eq!(
            outcome_line(&outcome, true, elapsed),
            "Refused to build 1 school: 142 pages, 18 images, 1 error, 0 warnings in 0.41 s; nothing was written"
        );
    }
}
