//! Reading the PDFs the tests make with poppler-utils (installed by `.ci/run`).

// Each test crate uses a different part of this.

pub mod layout;
pub mod writer;

use std::path::Path;
use std::process::Command;

/// What `tool` (`pdftotext`, `pdfinfo`, `pdffonts`, `pdfimages`) prints for `pdf` with
/// `args`; `pdftotext` writes to standard output. Fails the test if the tool does.
pub fn poppler(tool: &str, args: &[&str], pdf: &Path) -> String {
    let mut command = Command::new(tool);
    command.args(args).arg(pdf);
    if tool == "pdftotext" {
        command.arg("-");
    }
    let output = command.output().unwrap_or_else(|err| panic!("{tool} (poppler-utils): {err}"));
    assert!(output.status.success(), "{tool} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The number of pages, from `pdfinfo`.
pub fn page_count(pdf: &Path) -> usize {
    poppler("pdfinfo", &[], pdf).lines().find_map(|l| l.strip_prefix("Pages:")).and_then(|n| n.trim().parse().ok()).expect("a page count")
}
