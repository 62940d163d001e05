//! `stale-override`: a school's own version of a section of a shared file, where the
//! trust has changed that section since the school's version was written. The school
//! still publishes its own words, which may now contradict the trust's policy or miss
//! what the trust added (a new law, a new contact). The record beside the override holds
//! the shared text it was based on; an override without one yet is not reported.

use crate::finding::Finding;
use crate::project::overrides::BlockState;

use super::Build;

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "stale-override";

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    let school = build.school;
    let mut findings = Vec::new();
    for replaced in &school.overrides {
        for (block, span) in &replaced.blocks {
            let BlockState::Changed { since, .. } = replaced.state(block) else { continue };
            findings.push(
                Finding::warning(ID, &replaced.source.file, Some(*span))
                    .message(format!(
                        "the shared section `{block}` in {} has changed since {since}, when this school's own version of it was last checked against it",
                        crate::finding::display_path(&replaced.base.file)
                    ))
                    .help(format!(
                        "see what changed with `policypress overrides --school {}`; bring this section into line if it needs it, then run `policypress overrides --reviewed {}`",
                        school.id,
                        crate::finding::display_path(&replaced.source.file)
                    )),
            );
        }
    }
    findings
}
