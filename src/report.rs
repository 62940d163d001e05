//! Report: findings printed once, at the edge, for a person, a JSON consumer or a CI
//! log. Nothing else in the program prints a finding.

use std::io::{self, Write};
use std::path::Path;

use clap::ValueEnum;

use crate::finding::{Finding, Severity};

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
            for finding in findings {
                writeln!(out, "{}", github_annotation(&finding.redacted()))?;
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
        if let Some(text) = finding.line.and_then(|l| file_lines.get(l as usize - 1)) {
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
        writeln!(err)?;
    }
    Ok(())
}

/// `::error file=F,line=L,col=C,title=rule::message`, escaped as the runner expects.
fn github_annotation(finding: &Finding) -> String {
    let level = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
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
    let warnings = findings.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!("{}, {}", plural(errors, "error"), plural(warnings, "warning"))
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
}
