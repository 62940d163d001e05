//! `policypress explain`: the manual's section on a finding, from the binary alone, and
//! every finding a person reads pointing to it.

use assert_cmd::Command;

use crate::common::{POLICY, Project};

fn explain(rule: &str) -> assert_cmd::assert::Assert {
    Command::new(env!("CARGO_BIN_EXE_policypress")).args(["explain", rule]).assert()
}

#[test]
fn explain_prints_the_rules_section_of_the_manual() {
    let assert = explain("pupil-surname").success();
    let text = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(text.starts_with("## `pupil-surname`"), "{text}");
    assert!(text.contains("not_names"), "the way out of a false alarm is not explained: {text}");
    assert!(!text.contains("## `pupil-name-with-photo`"), "the next section was printed too");
}

#[test]
fn an_unknown_rule_is_a_command_line_error_with_the_nearest_id() {
    let assert = explain("pupil-surnames").code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("did you mean `pupil-surname`"), "{stderr}");
}

#[test]
fn every_finding_points_to_its_section() {
    let project = Project::new();
    project.append(POLICY, "Call 07700 900123 if you are worried.");
    let assert = project.run(&["check"]).code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("error[personal-phone]"), "{stderr}");
    assert!(stderr.contains("= more: policypress explain personal-phone (docs/rules.md#personal-phone)"), "{stderr}");
}
