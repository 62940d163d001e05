//! `policypress overrides`: each school's own versions of sections of the shared files,
//! how each stands against the trust's wording, and the records that say so.
//!
//! In: the loaded [`Project`] (its schools' overrides, each with its record). Out: a
//! report for a person; with `--record` or `--reviewed`, the record files written.
//! Guarantees: only record files beside overrides the loader found are written, each
//! whole or not at all ([`crate::text::atomic`]); `--record` never changes a block
//! already recorded, so it cannot hide a change the school has not seen.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::finding::{Finding, display_path};
use crate::project::overrides::{BlockState, Override};
use crate::project::{self, Project, layout};
use crate::text::{atomic, diff};

/// What `overrides` was asked to do.
#[derive(Debug, Clone)]
pub struct OverridesOptions {
    pub root: PathBuf,
    pub schools: Vec<String>,
    /// Record the shared text of every replaced section that has no record yet.
    pub record: bool,
    /// Overrides (or their records) whose sections have been checked against the shared
    /// text as it is now, to record it again.
    pub reviewed: Vec<PathBuf>,
    pub today: Date,
}

/// What was found and done.
#[derive(Debug, Default)]
pub struct OverridesOutcome {
    /// The report, for standard output.
    pub report: String,
    /// Each record written, relative to the project, with the sections it holds.
    pub written: Vec<(PathBuf, Vec<String>)>,
    /// Records that could not be written, each with why.
    pub failed: Vec<(PathBuf, String)>,
    /// Sections by how they stand, after anything was written.
    pub up_to_date: usize,
    pub changed: usize,
    pub not_recorded: usize,
}

#[derive(Debug)]
pub enum OverridesError {
    /// The command line names something that is not there (exit 2).
    Usage(String),
    /// The project does not load (exit 1).
    Refused(Vec<Finding>),
}

/// Lines of shared text either side of a change that the report shows.
const CONTEXT: usize = 2;

/// Reports every school's overrides, after writing the records asked for.
pub fn overrides(options: &OverridesOptions) -> Result<OverridesOutcome, OverridesError> {
    let project = project::load(&options.root, &options.schools).map_err(OverridesError::Refused)?;
    let mut outcome = OverridesOutcome::default();
    let reviewed = options.reviewed.iter().map(|given| find_override(&project, given)).collect::<Result<Vec<&Override>, String>>();
    let reviewed = reviewed.map_err(OverridesError::Usage)?;
    let all = project.schools.iter().flat_map(|school| &school.overrides);
    for each in all {
        let record = if reviewed.iter().any(|r| r.source.file == each.source.file) {
            Some(each.reviewed(options.today))
        } else if options.record {
            each.completed(options.today)
        } else {
            None
        };
        let Some(record) = record else { continue };
        let file = each.record_file();
        match atomic::write_file(&options.root.join(&file), record.to_yaml().as_bytes()) {
            Ok(()) => outcome.written.push((file, record.blocks.into_keys().collect())),
            Err(err) => outcome.failed.push((file, err.to_string())),
        }
    }
    // Read again, so the report says what the records on disk now say.
    let project = if outcome.written.is_empty() {
        project
    } else {
        project::load(&options.root, &options.schools).map_err(OverridesError::Refused)?
    };
    report(&project, &mut outcome);
    Ok(outcome)
}

/// The override `given` names: its file, or its record's, as a path from the project
/// folder (as findings show it), from the current folder, or absolute.
fn find_override<'p>(project: &'p Project, given: &Path) -> Result<&'p Override, String> {
    let all: Vec<&Override> = project.schools.iter().flat_map(|school| &school.overrides).collect();
    // The path as given from the current folder (or absolute), made relative to the
    // project; folders are resolved, the file need not exist (a record not yet written).
    let from_here = || -> Option<PathBuf> {
        let folder = std::env::current_dir().ok()?.join(given.parent()?).canonicalize().ok()?;
        let root = project.root.canonicalize().ok()?;
        Some(folder.strip_prefix(root).ok()?.join(given.file_name()?))
    };
    let candidates = std::iter::once(given.to_path_buf()).chain(from_here());
    for candidate in candidates {
        let candidate = layout::override_of_record(&candidate).unwrap_or(candidate);
        if let Some(found) = all.iter().find(|o| o.source.file == candidate) {
            return Ok(found);
        }
    }
    let shown: Vec<String> = all.iter().map(|o| display_path(&o.source.file)).collect();
    let given = display_path(given);
    Err(match crate::project::config::nearest(&given, shown.iter().map(String::as_str)) {
        Some(near) => format!("--reviewed {given}: no school's override is there; did you mean {near}?"),
        None if shown.is_empty() => format!("--reviewed {given}: no school replaces sections of a shared file"),
        None => format!("--reviewed {given}: no school's override is there; the overrides are: {}", shown.join(", ")),
    })
}

/// The report of every school's overrides into `outcome`, with the counts.
fn report(project: &Project, outcome: &mut OverridesOutcome) {
    let out = &mut outcome.report;
    for school in project.schools.iter().filter(|school| !school.overrides.is_empty()) {
        let _ = writeln!(out, "{} ({})", school.config.name, school.id);
        for each in &school.overrides {
            let file = display_path(&each.source.file);
            let _ = writeln!(out, "  {file}");
            let _ = writeln!(out, "  replaces sections of {}:", display_path(&each.base.file));
            for (name, _) in &each.blocks {
                match each.state(name) {
                    BlockState::UpToDate => {
                        outcome.up_to_date += 1;
                        let _ = writeln!(out, "    {name}: up to date");
                    }
                    BlockState::NotRecorded => {
                        outcome.not_recorded += 1;
                        let _ = writeln!(out, "    {name}: not recorded");
                    }
                    BlockState::Changed { since, was, now } => {
                        outcome.changed += 1;
                        let _ = writeln!(out, "    {name}: changed since {since}");
                        let _ = writeln!(out, "      what the trust changed in it (- taken out, + put in):");
                        out.push_str(&diff::readable(was, &now, CONTEXT, "        "));
                        let _ = writeln!(out, "      check this school's section against it and change it if it needs to, then:");
                        let _ = writeln!(out, "        policypress overrides --reviewed {file}");
                    }
                }
            }
        }
        out.push('\n');
    }
    if project.schools.iter().all(|school| school.overrides.is_empty()) {
        let _ = writeln!(out, "No school replaces sections of a shared file (`{{% extends \"shared/...\" %}}`).");
    } else if outcome.not_recorded > 0 {
        let _ = writeln!(
            out,
            "A section not recorded has no record of the shared text it was based on, so a change to that text cannot be\n\
             noticed: `policypress overrides --record` records it as it is today."
        );
    }
}
