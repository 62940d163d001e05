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

/// The trust's model policies past their review date (policypress.yaml's `policies:`).
/// `locate` finds a key's place on or after a line of policypress.yaml.
pub(super) fn check_models(
    site: &crate::project::config::SiteConfig,
    today: crate::date::Date,
    locate: impl Fn(&str, u32) -> Option<crate::finding::Span>,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (slug, review) in &site.policies {
        let Some(due) = review.next_review_due().filter(|due| *due < today) else { continue };
        let from = review.owner.referenced.line() as u32;
        let span = locate("next_review", from).or_else(|| locate("review_every", from));
        findings.push(
            Finding::warning(ID, std::path::Path::new(crate::project::layout::SITE_CONFIG), span)
                .message(format!("the trust's model policy `{slug}` was due for review by {due}"))
                .help("review the model policy, then update `last_reviewed_on` and `next_review` under `policies:` in policypress.yaml"),
        );
    }
    findings
}
