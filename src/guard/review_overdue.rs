//! `review-overdue`: a policy past its next review date. A warning, because the policy
//! still stands until it is reviewed; `--strict` makes it an error for CI.

use crate::finding::Finding;
use crate::project::config::Kind;

use super::Build;

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "review-overdue";

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    let school = build.school;
    let mut findings = Vec::new();
    for page in school.pages.iter().filter(|p| p.source.kind() == Kind::Policy) {
        let Some(review) = school.config.policies.get(&page.source.slug) else { continue };
        let Some(due) = review.next_review_due() else { continue };
        if due >= build.today {
            continue;
        }
        let from = review.owner.referenced.line() as u32;
        let span = build.locate_in_config("next_review", from).or_else(|| build.locate_in_config("review_every", from));
        findings.push(
            Finding::warning(ID, &school.config_file, span)
                .message(format!("the policy `{}` was due for review by {due}", page.source.slug))
                .help("review the policy, then update `last_reviewed_on` and `next_review` in school.yaml"),
        );
    }
    findings
}
