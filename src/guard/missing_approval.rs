//! `missing-approval`: a policy must say who approved it, when, and when it is next
//! reviewed; a policy without that header is not a policy the school can stand behind.

use crate::finding::Finding;
use crate::project::config::{self, Kind};

use super::Build;

/// This rule's id, in every finding it makes and in the documentation.
pub(crate) const ID: &str = "missing-approval";

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    let school = build.school;
    let mut findings = Vec::new();
    for page in &school.pages {
        let source = &page.source;
        if source.kind() != Kind::Policy {
            continue;
        }
        // A policy without an entry does not load (`PolicyNotListed`, at school.yaml).
        let Some(review) = school.config.policies.get(&source.slug) else { continue };
        let mut missing = Vec::new();
        if review.approved_by.as_deref().is_none_or(|b| b.trim().is_empty()) {
            missing.push("approved_by");
        }
        if review.approved_on.is_none() {
            missing.push("approved_on");
        }
        if review.next_review_due().is_none() {
            missing.push("next_review (or review_every with a last review date)");
        }
        if !missing.is_empty() {
            let span = config::span_of(&review.owner);
            findings.push(
                Finding::error(ID, &school.config_file, span)
                    .message(format!("the policy `{}` is missing {}", source.slug, missing.join(", ")))
                    .help(
                        "record who approved the policy, when, and when it is next reviewed (in a school.yaml written by `new school`, \
                         fill in and uncomment the `# approved_on:` and `# next_review:` lines under it)",
                    ),
            );
        }
        // A review due before the policy was approved is a date mistyped (2025 for 2026).
        if let (Some(approved), Some(due)) = (review.approved_on, review.next_review)
            && due < approved
        {
            let owner_line = config::span_of(&review.owner).map_or(1, |span| span.line);
            let span = build.locate_in_config("next_review:", owner_line);
            findings.push(
                Finding::error(ID, &school.config_file, span)
                    .message(format!("the policy `{}` is due for review by {due} but was approved on {approved}, after that", source.slug))
                    .help("check the year of `next_review` (or of `approved_on`)"),
            );
        }
    }
    findings
}
