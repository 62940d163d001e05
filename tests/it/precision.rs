//! The name rules' precision on real prose: `tests/corpus/precision/` is a school written
//! the way schools write (numbered sections, role tables, mottos, events, lists opening
//! with verbs, the address in every footer, a Welsh page, photos), by a writer who had
//! not read the matcher, checked against a roster of 41 pupils whose names are all
//! ordinary English or Welsh words (Will, May, Grace, Holly; Hill, Lane, Head, Day; Eira,
//! Haf, Mai, Celyn). No pupil is mentioned, so every finding would be a false alarm.
//! Its own EXPECTED.md says what it holds.

use std::path::Path;

use serde_json::Value;

use crate::common::{TODAY, copy_dir, parse_findings};

const CORPUS: &str = "tests/corpus/precision";
const NEWSLETTER: &str = "schools/ashcombe/content/pages/newsletter-autumn-2026.md";

/// A copy of the corpus with the repository's theme, to check or change.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::Builder::new().prefix("policypress-precision-").tempdir().expect("create a temporary folder");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join(CORPUS), dir.path());
    copy_dir(&repo.join("themes/default"), &dir.path().join("themes/default"));
    dir
}

fn check(project: &Path) -> (Option<i32>, Vec<Value>) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_policypress"))
        .arg("--project")
        .arg(project)
        .args(["check", "--strict", "--format", "json", "--roster"])
        .arg(project.join("roster.csv"))
        .env("POLICYPRESS_TODAY", TODAY)
        .env_remove("POLICYPRESS_ROSTER")
        .output()
        .expect("run policypress");
    (output.status.code(), parse_findings(&output.stdout, &output.stderr))
}

#[test]
fn real_policy_prose_raises_no_false_alarm() {
    let corpus = corpus();
    let (code, mut findings) = check(corpus.path());
    // A note is no alarm: it tells the school what was not measured (its Welsh guidance).
    findings.retain(|f| f["severity"] != "note");
    let shown: Vec<String> = findings.iter().map(|f| format!("{} {}:{} {}", f["rule"], f["file"], f["line"], f["message"])).collect();
    assert!(findings.is_empty(), "{} false alarms:\n{}", findings.len(), shown.join("\n"));
    assert_eq!(code, Some(0));
}

/// The corpus is a test only if its words are the roster's: at least 30 of the roster's
/// names must appear in it as ordinary words.
#[test]
fn the_corpus_uses_the_rosters_names_as_words() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(CORPUS);
    let roster = std::fs::read_to_string(root.join("roster.csv")).expect("read the roster");
    let mut text = String::new();
    for entry in walkdir::WalkDir::new(root.join("schools")).into_iter().filter_map(Result::ok) {
        if entry.path().extension().is_some_and(|e| e == "md" || e == "yaml") {
            text.push_str(&std::fs::read_to_string(entry.path()).expect("read the corpus"));
        }
    }
    let words: std::collections::HashSet<&str> = text.split(|c: char| !c.is_alphanumeric()).collect();
    let names: std::collections::BTreeSet<&str> =
        roster.lines().skip(1).flat_map(|line| line.split(',').take(3)).filter(|cell| !cell.is_empty()).collect();
    let used: Vec<&&str> = names.iter().filter(|name| words.contains(**name)).collect();
    assert!(names.len() >= 40, "the roster holds {} names", names.len());
    assert!(used.len() >= 30, "only {} of {} roster names appear in the corpus: {used:?}", used.len(), names.len());
}

/// The same corpus still catches a pupil named in it: the clean result is the matcher
/// judging, not looking away.
#[test]
fn a_pupil_named_in_the_corpus_is_found() {
    let leaks = [
        ("Well done to Holly for her painting of the church.", "pupil-name-with-photo"),
        ("Mr Lane came to talk to Year 6.", "pupil-surname"),
        ("Grace scored the winning goal at the tournament.", "pupil-name-with-photo"),
    ];
    for (sentence, rule) in leaks {
        let corpus = corpus();
        let file = corpus.path().join(NEWSLETTER);
        let mut text = std::fs::read_to_string(&file).expect("read the newsletter");
        text.push_str(&format!("\n\n{sentence}\n"));
        std::fs::write(&file, &text).expect("write the newsletter");
        let line = text.lines().count() as u64;
        let (code, findings) = check(corpus.path());
        assert_eq!(code, Some(1), "{sentence}");
        let found = findings.iter().find(|f| f["rule"] == rule && f["file"] == NEWSLETTER && f["line"].as_u64() == Some(line));
        let Some(found) = found else { panic!("{sentence}: no {rule} at line {line}: {findings:?}") };
        // The help says why a word was read as a name and how to say it is not one,
        // without the name: JSON output shows initials only.
        let help = found["help"].as_str().unwrap_or_default();
        let name = sentence.split_whitespace().find(|w| ["Holly", "Lane", "Grace"].contains(w)).unwrap_or_default();
        // "Mr Lane" is a name by its title: no word reading to explain there.
        let explained = help.contains("ordinary word") && help.contains("not_names:");
        assert_eq!(explained, name != "Lane", "{help}");
        assert!(!help.contains(name) && !found["message"].as_str().unwrap_or_default().contains(name), "{found}");
    }
}

/// The school's own details name no pupil where they appear, but a pupil's full name in
/// school.yaml (a digital leader listed among `people:`) is found, at its line there.
#[test]
fn school_details_name_no_pupil_but_a_pupil_among_the_people_is_found_in_school_yaml() {
    use crate::common::{Project, ROSTER, ROSTER_CSV, SCHOOL_YAML};
    let project = Project::new();
    // Pupils called Lane and Fields, as the school's address and name have it.
    project.write(ROSTER, format!("{ROSTER_CSV}Will,Lane,,Year 3,3W,Yes\nMark,Fields,,Year 4,4H,Yes\n"));
    assert_eq!(project.json_findings(&["check", "--strict"]), Vec::<Value>::new());

    project.replace(SCHOOL_YAML, "people:\n", "people:\n  - name: Amelia Thornbury\n    roles: [computing-lead]\n");
    let line = project.read(SCHOOL_YAML).lines().position(|l| l.contains("Amelia Thornbury")).map(|i| i as u64 + 1);
    let findings = project.json_findings(&["check"]);
    let in_school_yaml: Vec<&Value> =
        findings.iter().filter(|f| f["rule"] == "pupil-surname" && f["file"] == SCHOOL_YAML && f["line"].as_u64() == line).collect();
    assert_eq!(in_school_yaml.len(), 1, "one finding at school.yaml line {line:?}: {findings:#?}");
    assert_eq!(in_school_yaml[0]["message"], "\"A. T.\" is a pupil's full name", "json output shows initials only");
}

/// A policy's contents list links to its headings ("#young-people-online"): the link
/// repeats the heading's words, read as prose where the heading stands, so a pupil called
/// Young is not named by the link either.
#[test]
fn a_contents_link_to_a_heading_is_read_as_the_heading() {
    use crate::common::{POLICY, Project, ROSTER, ROSTER_CSV};
    let project = Project::new();
    project.write(ROSTER, format!("{ROSTER_CSV}Harry,Young,,Year 3,3W,Yes\n"));
    project.append(POLICY, "\n## Young People Online\n\nYoung people need clear rules.\n\n## Keeping Safe\n\nWe teach this every year.\n");
    assert_eq!(project.json_findings(&["check", "--strict"]), Vec::<Value>::new());
    // The same words in a link of the school's own making are still read.
    project.append(POLICY, "\nSee [the photos](/media/young.jpg).\n");
    let findings = project.json_findings(&["check"]);
    assert!(findings.iter().any(|f| f["rule"] == "pupil-surname"), "{findings:#?}");
}
