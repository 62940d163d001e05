//! The record beside a school's override of the shared text it was based on:
//! `schools/<id>/content/policies/online-safety.base.yaml` beside
//! `schools/<id>/content/policies/online-safety.md`.
//!
//! It holds, for each block the override replaces, the shared file's text of that block
//! when the override was last brought into line. Comparing it with the shared file as it
//! is now tells a school that the trust has changed a section it replaced, without git
//! and in any copy of the folder, because the record is committed with the override.
//!
//! ```yaml
//! # (a comment saying what the file is)
//! shared: policies/online-safety.md
//! recorded_on: 2026-12-03
//! blocks:
//!   mobile_phones: |-
//!     ## Mobile phones
//!     ...
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;

use super::blocks::normalised;
use super::{config, discover};
use crate::date::Date;
use crate::error::LoadError;

/// A record, read or about to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BaseRecord {
    /// The shared file the override extends, by its path under `content/`.
    pub(crate) shared: String,
    /// When the text was recorded: each block was the shared text on that day.
    pub(crate) recorded_on: Date,
    /// Each block the override replaces, by name, and the shared text it had, normalised
    /// ([`normalised`]).
    pub(crate) blocks: BTreeMap<String, String>,
}

/// The file as written; every key is required but `blocks`, and no other key is
/// allowed, so a hand edit that breaks it is an error at its line, not a record misread.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    shared: String,
    recorded_on: Date,
    #[serde(default)]
    blocks: BTreeMap<String, String>,
}

/// What the file says it is, for whoever opens it.
const HEADER: &str = "\
# policypress: the shared text this school's own version was based on.
# When the trust changes one of these sections of the shared file, `policypress check`
# warns (stale-override) and `policypress overrides` shows what changed. Once the
# school's section has been checked against the new wording, `policypress overrides
# --reviewed <the .md file beside this one>` records the new text here.
# Keep this file beside the .md file and commit it with it. It is never published.
";

/// The record at `file` (relative to `root`), `None` if there is none; a record that
/// cannot be read is an error at its line.
pub(crate) fn read(root: &Path, file: &Path) -> Result<Option<BaseRecord>, LoadError> {
    if std::fs::symlink_metadata(root.join(file)).is_err() {
        return Ok(None);
    }
    let text = discover::read_text(root, file)?;
    let written: Written = config::parse_yaml(&text.text, file, 1)?;
    let blocks = written.blocks.into_iter().map(|(name, text)| (name, normalised(&text))).collect();
    Ok(Some(BaseRecord { shared: written.shared, recorded_on: written.recorded_on, blocks }))
}

impl BaseRecord {
    /// The file's text: the header, then the record, each block as YAML shows text most
    /// plainly (a literal block, as it reads in the shared file).
    pub(crate) fn to_yaml(&self) -> String {
        let mut out = String::from(HEADER);
        let _ = writeln!(out, "shared: {}", scalar_line(&self.shared));
        let _ = writeln!(out, "recorded_on: {}", self.recorded_on.iso());
        if self.blocks.is_empty() {
            out.push_str("blocks: {}\n");
            return out;
        }
        out.push_str("blocks:\n");
        for (name, text) in &self.blocks {
            let _ = writeln!(out, "  {}: {}", key(name), block_text(text));
        }
        out
    }
}

/// A block name as a YAML key: quoted if YAML would read it as something other than text.
fn key(name: &str) -> String {
    const NOT_TEXT: [&str; 11] = ["null", "true", "false", "yes", "no", "on", "off", "y", "n", "~", ""];
    if NOT_TEXT.contains(&name.to_lowercase().as_str()) || name.starts_with(|c: char| c.is_ascii_digit()) {
        double_quoted(name)
    } else {
        name.to_owned()
    }
}

/// A one-line value (a path), quoted unless it is plainly text.
fn scalar_line(value: &str) -> String {
    let plain = value.chars().all(|c| c.is_alphanumeric() || "/._-".contains(c)) && !value.is_empty();
    if plain { value.to_owned() } else { double_quoted(value) }
}

/// Normalised text as a YAML value: a literal block indented under its key (the
/// indentation given when the first line starts with spaces, which YAML would otherwise
/// take for the block's own indentation), or, for the rare text YAML cannot hold
/// literally (control characters), a double-quoted string with escapes.
fn block_text(text: &str) -> String {
    if text.is_empty() {
        return "\"\"".to_owned();
    }
    if !text.chars().all(|c| c == '\n' || c == '\t' || is_printable(c)) {
        return double_quoted(text);
    }
    let indicator = if text.starts_with(' ') { "|2-" } else { "|-" };
    let mut out = String::from(indicator);
    for line in text.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.push_str("    ");
            out.push_str(line);
        }
    }
    out
}

/// YAML's printable characters (what may stand in a literal block as it is).
fn is_printable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7e}' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

fn double_quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if is_printable(c) => out.push(c),
            c => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(record: &BaseRecord) -> BaseRecord {
        let folder = tempfile::tempdir().unwrap();
        std::fs::write(folder.path().join("a.base.yaml"), record.to_yaml()).unwrap();
        read(folder.path(), Path::new("a.base.yaml")).unwrap().unwrap()
    }

    #[test]
    fn a_record_reads_back_as_written_whatever_its_text_holds() {
        let texts = [
            "## Mobile phones\n\nPupils hand phones in.\n  - indented: yes\n# not a comment",
            "   starts indented\nthen not",
            "\ttab first\n\"quoted\" and 'quoted' and \\ and : colons #",
            "a bell \u{7} and a \u{85} and é and 🙂",
            "",
        ];
        let blocks: BTreeMap<String, String> = texts.iter().enumerate().map(|(i, t)| (format!("block_{i}"), (*t).to_owned())).collect();
        let mut record =
            BaseRecord { shared: "policies/online safety.md".to_owned(), recorded_on: Date::parse("2026-12-03").unwrap(), blocks };
        record.blocks.insert("true".to_owned(), "odd name".to_owned());
        assert_eq!(round_trip(&record), record);
    }

    #[test]
    fn a_record_is_plain_to_read() {
        let record = BaseRecord {
            shared: "policies/online-safety.md".to_owned(),
            recorded_on: Date::parse("2026-12-03").unwrap(),
            blocks: [("mobile_phones".to_owned(), "## Mobile phones\n\nPhones.".to_owned())].into(),
        };
        let text = record.to_yaml();
        assert!(text.starts_with("# policypress:"), "{text}");
        assert!(
            text.ends_with(
                "shared: policies/online-safety.md\nrecorded_on: 2026-12-03\nblocks:\n  mobile_phones: |-\n    ## Mobile phones\n\n    Phones.\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn a_broken_record_is_an_error_at_its_line() {
        let folder = tempfile::tempdir().unwrap();
        std::fs::write(folder.path().join("a.base.yaml"), "shared: policies/a.md\nrecorded_on: 2026-12-03\nblock: {}\n").unwrap();
        let err = read(folder.path(), Path::new("a.base.yaml")).unwrap_err();
        assert_eq!(err.span.map(|s| s.line), Some(3));
        assert_eq!(err.kind.help().as_deref(), Some("did you mean `blocks`?"));
        assert_eq!(read(folder.path(), Path::new("none.base.yaml")).unwrap(), None);
    }
}
