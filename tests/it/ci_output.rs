//! What CI sees: GitHub annotations that land on the right file and line, the JSON
//! fields the manual documents, and standard error free of progress bars off a terminal,
//! with one summary line that `--quiet` removes.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::{GUIDANCE, Project, parse_findings};

/// The appended line in the guidance page (line 9): its link target starts at column 19.
const BROKEN_LINK: &str = "Read [the policy](/policies/nope/).";

/// The `::error` lines a run printed to standard output.
fn annotations(output: &std::process::Output) -> Vec<String> {
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout.lines().filter(|line| line.starts_with("::")).map(str::to_owned).collect()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn github_annotations_name_the_file_from_the_repository_root_and_the_right_line_and_column() {
    let project = Project::in_repository("policies");
    project.append(GUIDANCE, BROKEN_LINK);
    let expected =
        "::error file=policies/content/guidance/staying-safe.md,line=9,col=19,title=broken-link::`/policies/nope/` leads nowhere";
    // From the repository root, as a runner starts, and from anywhere else: the
    // repository is found from the project, not from the current folder.
    let elsewhere = tempfile::tempdir().unwrap();
    for folder in [project.repository(), elsewhere.path()] {
        let output = project.command(&["check", "--format", "github"]).current_dir(folder).env_remove("GITHUB_WORKSPACE").output().unwrap();
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        let lines = annotations(&output);
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(lines[0].starts_with(expected), "run in {}:\n{}\nwanted it to start with\n{expected}", folder.display(), lines[0]);
    }
}

#[test]
fn github_annotations_name_the_file_from_the_runner_workspace_outside_a_git_checkout() {
    let project = Project::inside("site/policies");
    project.append(GUIDANCE, BROKEN_LINK);
    let elsewhere = tempfile::tempdir().unwrap();
    let output = project
        .command(&["check", "--format", "github"])
        .current_dir(elsewhere.path())
        .env("GITHUB_WORKSPACE", project.repository())
        .output()
        .unwrap();
    let lines = annotations(&output);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("::error file=site/policies/content/guidance/staying-safe.md,line=9,col=19,"), "{}", lines[0]);
}

/// GitHub's workflow-command rules: in a property (`file`, `title`) `%`, `\r`, `\n`, `:`
/// and `,` are percent-encoded; in the message only `%`, `\r` and `\n` are.
#[test]
fn github_annotations_escape_percent_cr_lf_colon_and_comma() {
    let project = Project::in_repository("policies");
    project
        .write("content/pages/odd,50%:x\r\ny.md", "---\ntitle: Odd page\nkind: page\nslug: odd\n---\nSee [this](/policies/50%25,a:b/).\n");
    let output = project.command(&["check", "--format", "github"]).current_dir(project.repository()).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let lines = annotations(&output);
    assert_eq!(
        lines,
        [concat!(
            "::error file=policies/content/pages/odd%2C50%25%3Ax%0D%0Ay.md,line=6,col=12,title=broken-link::",
            "`/policies/50%2525,a:b/` leads nowhere: no page at `/policies/50%2525,a:b/`%0Ahelp: did you mean `/policies/`?"
        )]
    );
    // One annotation is one line: nothing the file name held broke it in two.
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 1);
}

/// The manual's table of JSON fields, in order: the first code span of each row.
fn documented_json_fields() -> Vec<String> {
    let manual = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/commands.md")).unwrap();
    let section = manual.split("\n### json\n").nth(1).expect("docs/commands.md has a `### json` section");
    let section = section.split("\n#").next().unwrap_or(section);
    section.lines().filter(|line| line.starts_with("| `")).filter_map(|line| line.split('`').nth(1).map(str::to_owned)).collect()
}

#[test]
fn json_findings_have_exactly_the_fields_the_manual_documents_with_their_types() {
    let project = Project::new();
    project.append(GUIDANCE, BROKEN_LINK);
    let mut findings = project.json_findings(&["check"]);
    // A finding with no line or column: no roster.
    let output = project.command_without_roster(&["check", "--format", "json"]).output().unwrap();
    findings.extend(parse_findings(&output.stdout, &output.stderr));
    assert!(findings.len() >= 3, "{findings:?}");

    let documented = documented_json_fields();
    assert_eq!(documented, ["rule", "severity", "file", "line", "column", "message", "help"]);
    for finding in &findings {
        let object = finding.as_object().expect("each finding is an object");
        let keys: Vec<&str> = object.keys().map(String::as_str).collect();
        assert_eq!(
            keys.iter().copied().collect::<BTreeSet<_>>(),
            documented.iter().map(String::as_str).collect::<BTreeSet<_>>(),
            "{finding}"
        );
        for text in ["rule", "file", "message", "help"] {
            assert!(finding[text].is_string(), "{text} in {finding}");
        }
        assert!(["error", "warning"].contains(&finding["severity"].as_str().unwrap_or_default()), "{finding}");
        for number in ["line", "column"] {
            assert!(finding[number].is_null() || finding[number].as_u64().is_some_and(|n| n >= 1), "{number} in {finding}");
        }
    }
    let broken = findings.iter().find(|f| f["rule"] == "broken-link").expect("the broken link");
    assert_eq!((&broken["file"], &broken["line"], &broken["column"]), (&GUIDANCE.into(), &9.into(), &19.into()));
    let no_roster = findings.iter().find(|f| f["rule"] == "no-roster").expect("no-roster");
    assert!(no_roster["line"].is_null() && no_roster["column"].is_null(), "{no_roster}");
}

#[test]
fn off_a_terminal_stderr_holds_no_progress_bar_and_one_summary_line_unless_quiet() {
    let project = Project::new();
    let cases: [(&[&str], &str); 3] =
        [(&["check"], "Checked 1 school: "), (&["check", "--format", "json"], "Checked 1 school: "), (&["build"], "Built 1 school into ")];
    for (args, summary) in cases {
        let output = project.command(args).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        let text = stderr(&output);
        assert!(!text.contains('\x1b') && !text.contains('\r'), "{args:?}: escape codes in\n{text:?}");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 1, "{args:?}: one line, the summary:\n{text}");
        assert!(lines[0].starts_with(summary), "{args:?}: {text}");
        assert!(lines[0].contains(" pages, 0 images, 0 errors, 0 warnings in "), "{args:?}: {text}");
        assert!(lines[0].ends_with(" s"), "{args:?}: {text}");

        // --quiet (or -q) goes before or after the command, and leaves nothing.
        for quiet in [&["--quiet"][..], &["-q"]] {
            for before in [true, false] {
                let all: Vec<&str> =
                    if before { quiet.iter().chain(args).copied().collect() } else { args.iter().chain(quiet).copied().collect() };
                let output = project.command(&all).output().unwrap();
                assert!(output.status.success(), "{all:?}");
                assert_eq!(stderr(&output), "", "{all:?}");
            }
        }
    }
}

#[test]
fn quiet_keeps_the_findings_and_drops_only_the_summary() {
    let project = Project::new();
    project.append(GUIDANCE, BROKEN_LINK);
    let loud = project.command(&["build"]).output().unwrap();
    let quiet = project.command(&["build", "-q"]).output().unwrap();
    assert_eq!((loud.status.code(), quiet.status.code()), (Some(1), Some(1)));
    let (loud, quiet) = (stderr(&loud), stderr(&quiet));
    assert!(quiet.contains("error[broken-link]") && quiet.contains("content/guidance/staying-safe.md:9:19"), "{quiet}");
    let summary = loud.lines().last().unwrap_or_default();
    assert!(
        summary.starts_with("Refused to build 1 school: ") && summary.ends_with("; nothing was written"),
        "the last line is the summary:\n{loud}"
    );
    assert_eq!(loud.strip_suffix(&format!("{summary}\n")), Some(quiet.as_str()));
}

#[test]
fn no_color_leaves_the_output_unchanged_off_a_terminal() {
    let project = Project::new();
    project.append(GUIDANCE, BROKEN_LINK);
    let plain = project.command(&["check"]).env("NO_COLOR", "1").output().unwrap();
    let normal = project.command(&["check"]).env_remove("NO_COLOR").output().unwrap();
    let strip_time = |text: String| text.lines().filter(|l| !l.starts_with("Checked ")).collect::<Vec<_>>().join("\n");
    assert_eq!(strip_time(stderr(&plain)), strip_time(stderr(&normal)));
    assert!(!stderr(&plain).contains('\x1b'));
}
