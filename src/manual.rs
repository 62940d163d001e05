//! The user's manual, built into the binary where a finding needs it: each finding id has
//! a section of `docs/rules.md` (its heading is the id, so its anchor never changes), which
//! `policypress explain ID` prints and every finding's help points to.

/// `docs/rules.md`, as shipped with this version.
const RULES: &str = include_str!("../docs/rules.md");

/// The section of `docs/rules.md` about finding `id`, heading included, if it has one.
pub fn rule_section(id: &str) -> Option<&'static str> {
    let heading = format!("## `{id}`\n");
    let start = if RULES.starts_with(&heading) { 0 } else { RULES.find(&format!("\n{heading}"))? + 1 };
    let end = RULES[start + heading.len()..].find("\n## ").map_or(RULES.len(), |at| start + heading.len() + at + 1);
    Some(RULES[start..end].trim_end())
}

/// Every id `docs/rules.md` documents, in its order.
pub fn documented_ids() -> Vec<&'static str> {
    RULES.lines().filter_map(|line| line.strip_prefix("## `")?.strip_suffix('`')).collect()
}

/// Where a finding's help points: its section of the manual, read with `explain`.
pub fn pointer(id: &str) -> Option<String> {
    rule_section(id).map(|_| format!("policypress explain {id} (docs/rules.md#{id})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_finding_id_the_program_can_report_has_a_section() {
        let ids = crate::guard::rule_ids().chain(crate::finding::id::ALL);
        let documented = documented_ids();
        for id in ids {
            assert!(documented.contains(&id), "docs/rules.md has no section `## \\`{id}\\``");
            assert!(rule_section(id).is_some_and(|s| s.lines().count() > 3), "{id}'s section is empty");
        }
    }

    #[test]
    fn a_section_runs_to_the_next_heading_and_no_further() {
        let section = rule_section("pupil-surname").expect("documented");
        assert!(section.starts_with("## `pupil-surname`\n"));
        assert!(!section.contains("## `pupil-name-with-photo`"));
        assert_eq!(rule_section("no-such-rule"), None);
    }
}
