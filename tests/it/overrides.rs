//! A trust's schools replacing sections of a shared model policy: a misspelt section is
//! refused where it is written, and a section the trust has changed since a school's
//! version was checked is reported (`stale-override`) and shown by `policypress overrides`,
//! from the record committed beside the override.

use crate::common::{POLICY, Project, SCHOOL, SCHOOL_YAML, snapshot_dir};

/// The trust's model policy, with two sections a school may replace.
const SHARED_POLICY: &str = "\
---
title: Online Safety Policy
kind: policy
summary: How we keep everyone safe online.
---
## Who to talk to

If you are worried about anything you see online, talk to {{ role(name=\"dsl\") }}, our designated safeguarding lead.

{% block mobile_phones %}
## Mobile phones

Pupils hand their phones to the office at the start of the day.

Phones are given back at home time.
{% endblock mobile_phones %}

{% block staying_safe %}
## Staying safe

We teach every class how to stay safe online.
{% endblock staying_safe %}
";

const BETA_OVERRIDE: &str = "schools/beta/content/policies/online-safety.md";
const BETA_RECORD: &str = "schools/beta/content/policies/online-safety.base.yaml";
const GAMMA_OVERRIDE: &str = "schools/gamma/content/policies/online-safety.md";

/// A school's override replacing `block`; its `{% block %}` tag is on line 7, column 1.
fn override_of(block: &str, words: &str) -> String {
    format!(
        "---\ntitle: Online Safety Policy\nkind: policy\nsummary: How we keep everyone safe online.\n---\n\
         {{% extends \"shared/policies/online-safety.md\" %}}\n{{% block {block} %}}\n## Mobile phones\n\n{words}\n{{% endblock {block} %}}\n"
    )
}

/// Three schools sharing the model policy: alpha publishes it as it is, beta replaces
/// its mobile phones section, gamma misspells the section's name.
fn trust() -> Project {
    let project = Project::new();
    project.write(POLICY, SHARED_POLICY);
    for (id, name) in [("beta", "Beta Brook"), ("gamma", "Gamma Green")] {
        let yaml = SCHOOL.replace("Alpha Fields", name).replace("alphafields", id);
        project.write(&SCHOOL_YAML.replace("alpha", id), yaml);
    }
    project.write(BETA_OVERRIDE, override_of("mobile_phones", "At Beta Brook, phones stay at home."));
    project.write(GAMMA_OVERRIDE, override_of("mobile_phone", "At Gamma Green, phones stay in bags."));
    project
}

/// The trust with gamma's spelling put right.
fn trust_spelt_right() -> Project {
    let project = trust();
    project.write(GAMMA_OVERRIDE, override_of("mobile_phones", "At Gamma Green, phones stay in bags."));
    project
}

fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn a_misspelt_section_is_refused_at_its_tag_naming_the_sections_there_are() {
    let project = trust();
    let findings = project.json_findings(&["check"]);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let finding = &findings[0];
    assert_eq!(finding["rule"], "unknown-block");
    assert_eq!(finding["severity"], "error");
    assert_eq!(finding["file"], GAMMA_OVERRIDE);
    assert_eq!((finding["line"].as_u64(), finding["column"].as_u64()), (Some(7), Some(1)));
    let message = finding["message"].as_str().unwrap();
    assert!(message.contains("`mobile_phone`") && message.contains("mobile_phones, staying_safe"), "{message}");
    assert_eq!(finding["help"], "did you mean `mobile_phones`?");
    // Nothing is published with the trust's wording in place of the school's own.
    project.run(&["build"]).code(1);
    assert!(!project.abs("public").exists());
}

#[test]
fn the_same_mistake_in_two_schools_is_reported_at_each_schools_file() {
    let project = trust();
    project.write(BETA_OVERRIDE, override_of("mobile_phone", "At Beta Brook, phones stay at home."));
    let findings = project.json_findings(&["check"]);
    let places: Vec<(&str, u64)> = findings.iter().map(|f| (f["file"].as_str().unwrap(), f["line"].as_u64().unwrap())).collect();
    assert_eq!(places, [(BETA_OVERRIDE, 7), (GAMMA_OVERRIDE, 7)], "{findings:#?}");
    assert!(findings.iter().all(|f| f["rule"] == "unknown-block" && !f["message"].as_str().unwrap().contains("in the sites of")));
}

#[test]
fn a_section_added_after_the_last_block_is_refused_not_dropped() {
    let project = trust_spelt_right();
    project.append(BETA_OVERRIDE, "\n## Our church school\n\nWe ask the diocese for advice on phones.");
    let findings = project.json_findings(&["check"]);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["rule"], "unknown-block");
    assert_eq!(findings[0]["file"], BETA_OVERRIDE);
    assert_eq!((findings[0]["line"].as_u64(), findings[0]["column"].as_u64()), (Some(13), Some(1)), "{findings:#?}");
    assert!(findings[0]["message"].as_str().unwrap().contains("outside every block"), "{findings:#?}");
    project.run(&["build"]).code(1);
}

#[test]
fn a_section_inside_another_the_school_replaces_too_is_refused_not_dropped() {
    let project = trust_spelt_right();
    // The trust's phones section holds a section on lost phones of its own.
    project.replace(
        POLICY,
        "Phones are given back at home time.\n",
        "{% block lost_phones %}\nA lost phone goes to the office.\n{% endblock lost_phones %}\n",
    );
    project.append(
        BETA_OVERRIDE,
        "{% block lost_phones %}\nAt Beta Brook, a lost phone goes to the class teacher.\n{% endblock lost_phones %}",
    );
    let findings = project.json_findings(&["check"]);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["rule"], "unknown-block");
    assert_eq!((findings[0]["file"].as_str(), findings[0]["line"].as_u64()), (Some(BETA_OVERRIDE), Some(12)), "{findings:#?}");
    let message = findings[0]["message"].as_str().unwrap();
    assert!(message.contains("`lost_phones` is inside `mobile_phones`"), "{message}");
}

#[test]
fn an_extends_naming_no_shared_file_is_refused_with_the_nearest_path() {
    let project = trust_spelt_right();
    project.replace(BETA_OVERRIDE, "shared/policies/online-safety.md", "shared/policies/online-safty.md");
    let findings = project.json_findings(&["check"]);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["rule"], "template-error");
    assert_eq!(findings[0]["file"], BETA_OVERRIDE);
    assert_eq!((findings[0]["line"].as_u64(), findings[0]["column"].as_u64()), (Some(6), Some(1)));
    let message = findings[0]["message"].as_str().unwrap();
    assert!(message.contains("content/policies/online-safty.md"), "{message}");
    assert_eq!(findings[0]["help"], "did you mean `shared/policies/online-safety.md`?");
}

#[test]
fn an_override_without_a_record_builds_clean_with_strict_and_is_listed_as_not_recorded() {
    let project = trust_spelt_right();
    project.run(&["build", "--strict", "--quiet"]).success();
    let output = project.command(&["overrides"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let report = stdout_of(&output);
    assert!(
        report.contains(&format!(
            "  {BETA_OVERRIDE}\n  replaces sections of content/policies/online-safety.md:\n    mobile_phones: not recorded"
        )),
        "{report}"
    );
    assert!(report.contains("policypress overrides --record"), "{report}");
    assert!(!report.contains("alpha"), "a school without overrides is not listed: {report}");
    assert!(!project.abs(BETA_RECORD).exists(), "listing writes nothing");
}

#[test]
fn a_section_the_trust_changed_after_it_was_recorded_warns_until_marked_reviewed() {
    let project = trust_spelt_right();
    let recorded = project.command(&["overrides", "--record"]).output().unwrap();
    assert_eq!(recorded.status.code(), Some(0), "{recorded:?}");
    assert!(String::from_utf8_lossy(&recorded.stderr).contains(&format!("recorded {BETA_RECORD} (mobile_phones)")), "{recorded:?}");
    let record = project.read(BETA_RECORD);
    assert!(record.starts_with("# policypress:"), "{record}");
    assert!(record.contains("shared: policies/online-safety.md\nrecorded_on: 2026-11-23\n"), "{record}");
    assert!(record.contains("    Pupils hand their phones to the office at the start of the day.\n"), "{record}");
    project.run(&["check", "--strict", "--quiet"]).success();
    assert!(stdout_of(&project.command(&["overrides"]).output().unwrap()).contains("mobile_phones: up to date"));

    // The trust changes the wording of the section beta replaced.
    project.replace(POLICY, "to the office at the start", "to the class teacher at the start");
    let findings = project.json_findings(&["check"]);
    let stale: Vec<&serde_json::Value> = findings.iter().filter(|f| f["rule"] == "stale-override").collect();
    assert_eq!(stale.len(), 2, "beta and gamma both replace the section: {findings:#?}");
    let beta = stale.iter().find(|f| f["file"] == BETA_OVERRIDE).expect("beta's finding");
    assert_eq!(beta["severity"], "warning");
    assert_eq!((beta["line"].as_u64(), beta["column"].as_u64()), (Some(7), Some(1)));
    let message = beta["message"].as_str().unwrap();
    assert!(
        message.contains("`mobile_phones`")
            && message.contains("content/policies/online-safety.md")
            && message.contains("23 November 2026"),
        "{message}"
    );
    assert!(beta["help"].as_str().unwrap().contains(&format!("policypress overrides --reviewed {BETA_OVERRIDE}")), "{beta}");
    project.run(&["check", "--quiet"]).success();
    project.run(&["check", "--strict", "--quiet"]).code(1);
    let github = stdout_of(&project.command(&["check", "--format", "github"]).output().unwrap());
    assert!(github.contains(&format!("::warning file={BETA_OVERRIDE},line=7,col=1,title=stale-override::")), "{github}");

    // What changed is shown, line by line, with how to mark it reviewed.
    let output = project.command(&["overrides", "--school", "beta"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "a changed section is exit 1, for CI: {output:?}");
    let report = stdout_of(&output);
    assert!(report.contains("mobile_phones: changed since 23 November 2026"), "{report}");
    assert!(report.contains("- Pupils hand their phones to the office at the start of the day."), "{report}");
    assert!(report.contains("+ Pupils hand their phones to the class teacher at the start of the day."), "{report}");
    assert!(report.contains("  ## Mobile phones"), "a line of context: {report}");
    assert!(report.contains(&format!("policypress overrides --reviewed {BETA_OVERRIDE}")), "{report}");
    assert!(!report.contains("Gamma"), "--school beta: {report}");

    // Recording again never hides the change.
    project.run(&["overrides", "--record", "--quiet"]).code(1);
    assert_eq!(project.read(BETA_RECORD), record);

    // Beta checks its section and marks it reviewed: beta is clear, gamma is not yet.
    let others = snapshot_dir(project.path());
    project.run(&["overrides", "--reviewed", BETA_OVERRIDE, "--quiet"]).code(1);
    let after = snapshot_dir(project.path());
    let changed: Vec<&String> = after.keys().filter(|path| others.get(*path) != after.get(*path)).collect();
    assert_eq!(changed, [BETA_RECORD], "only the record is written");
    assert!(project.read(BETA_RECORD).contains("to the class teacher at the start"));
    let findings = project.json_findings(&["check"]);
    let stale: Vec<&str> = findings.iter().filter(|f| f["rule"] == "stale-override").map(|f| f["file"].as_str().unwrap()).collect();
    assert_eq!(stale, [GAMMA_OVERRIDE]);
    project.run(&["overrides", "--reviewed", "schools/gamma/content/policies/online-safety.base.yaml", "--quiet"]).success();
    project.run(&["check", "--strict", "--quiet"]).success();
}

#[test]
fn the_record_is_never_published() {
    let project = trust_spelt_right();
    project.run(&["overrides", "--record", "--quiet"]).success();
    project.run(&["build", "--strict", "--quiet"]).success();
    let published = snapshot_dir(&project.abs("public"));
    assert!(published.contains_key("beta/policies/online-safety/index.html"));
    for (path, bytes) in &published {
        assert!(!path.contains("base"), "{path} is published");
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("own version was based on") && !text.contains("recorded_on"), "{path} holds the record");
    }
}

#[test]
fn a_broken_record_is_an_error_at_its_line() {
    let project = trust_spelt_right();
    project.write(BETA_RECORD, "shared: policies/online-safety.md\nrecorded_on: 2026-13-01\nblocks: {}\n");
    let findings = project.json_findings(&["check"]);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["rule"], "invalid-yaml");
    assert_eq!(findings[0]["file"], BETA_RECORD);
    assert_eq!(findings[0]["line"], 2);
    project.run(&["overrides"]).code(1);
}

#[test]
fn reviewing_a_file_that_is_no_override_is_a_command_line_error() {
    let project = trust_spelt_right();
    let output = project.command(&["overrides", "--reviewed", "schools/beta/content/policies/online-safty.md"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("did you mean {BETA_OVERRIDE}?")), "{stderr}");
    assert!(!project.abs(BETA_RECORD).exists());
}

#[test]
fn explain_documents_both_rules() {
    for rule in ["stale-override", "unknown-block"] {
        let output = Project::new().command(&["explain", rule]).output().unwrap();
        assert_eq!(output.status.code(), Some(0));
        assert!(stdout_of(&output).starts_with(&format!("## `{rule}`")));
    }
}
