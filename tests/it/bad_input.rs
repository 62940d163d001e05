//! Bad input, end to end: every way a school can break its sources or the command line
//! must be refused with a finding that names the file and line, must leave the
//! previously built `public/` byte for byte as it was, and must change no source file.
//!
//! One table, one test: each case starts from the valid fixture project, builds it,
//! breaks it, and builds again with `--format json`.

use std::path::Path;

use crate::common::{AGREEMENT, GUIDANCE, POLICY, Project, SCHOOL_YAML, first_difference, parse_findings, snapshot_dir};

/// What a case expects of the line of its finding.
#[derive(Debug, Clone, Copy)]
enum Line {
    /// This line (counted from 1 in the named file).
    At(u32),
    /// `null`: the problem has no line (a whole file, a folder).
    Null,
}

/// A finding in the JSON array with this rule, file and line, whose message holds every
/// `message_has` and none of `message_lacks`, and whose help holds every `help_has`.
#[derive(Debug)]
struct Wanted {
    rule: &'static str,
    file: &'static str,
    line: Line,
    message_has: &'static [&'static str],
    message_lacks: &'static [&'static str],
    help_has: &'static [&'static str],
}

/// What the failing run must report.
enum Expect {
    Finding(Wanted),
    /// A command-line error: standard error holds every one of these; standard output is empty.
    Usage {
        stderr_has: &'static [&'static str],
    },
}

struct Case {
    name: &'static str,
    /// Breaks the valid project. The second argument is a scratch folder outside the
    /// project, alive for the whole case (for links that lead out of the project).
    breakage: fn(&Project, &Path),
    /// The command and its arguments, after `--project DIR` (`--format json` is added
    /// unless the case expects exit 2).
    args: &'static [&'static str],
    exit: i32,
    expect: Expect,
    /// If the same broken project is built again without `--strict`, the exit code then.
    without_strict: Option<i32>,
}

fn finding(rule: &'static str, file: &'static str, line: Line, message_has: &'static [&'static str]) -> Expect {
    Expect::Finding(Wanted { rule, file, line, message_has, message_lacks: &[], help_has: &[] })
}

impl Expect {
    fn help_has(self, help_has: &'static [&'static str]) -> Expect {
        match self {
            Expect::Finding(wanted) => Expect::Finding(Wanted { help_has, ..wanted }),
            usage => usage,
        }
    }

    fn message_lacks(self, message_lacks: &'static [&'static str]) -> Expect {
        match self {
            Expect::Finding(wanted) => Expect::Finding(Wanted { message_lacks, ..wanted }),
            usage => usage,
        }
    }
}

/// A case that runs `build` and expects exit 1.
fn case(name: &'static str, breakage: fn(&Project, &Path), expect: Expect) -> Case {
    Case { name, breakage, args: &["build"], exit: 1, expect, without_strict: None }
}

fn cases() -> Vec<Case> {
    vec![
        // ---- school.yaml ----
        case(
            "malformed YAML in school.yaml",
            |p, _| p.replace(SCHOOL_YAML, "short_name: Alpha Fields", "short_name: Alpha: Fields"),
            finding("invalid-yaml", SCHOOL_YAML, Line::At(2), &[]),
        ),
        case(
            "unknown key in school.yaml suggests the nearest",
            |p, _| p.replace(SCHOOL_YAML, "motto:", "motoo:"),
            finding("invalid-yaml", SCHOOL_YAML, Line::At(3), &["motoo"]).help_has(&["`motto`"]),
        ),
        case(
            "wrong type: phases: 3",
            |p, _| p.replace(SCHOOL_YAML, "phases: [eyfs, primary]", "phases: 3"),
            finding("invalid-yaml", SCHOOL_YAML, Line::At(6), &[]),
        ),
        case(
            "invalid date 2025-02-30",
            |p, _| p.replace(SCHOOL_YAML, "approved_on: 2026-09-10", "approved_on: 2025-02-30"),
            finding("invalid-yaml", SCHOOL_YAML, Line::At(27), &["2025-02-30"]),
        ),
        case(
            "theme: ../../etc escapes themes/",
            |p, _| p.replace(SCHOOL_YAML, "motto: Learn, care, grow", "theme: ../../etc"),
            finding("template-error", SCHOOL_YAML, Line::At(3), &["../../etc"]),
        ),
        // ---- Tera in bodies ----
        case(
            "unknown role in a template: role(name=\"dls\")",
            |p, _| p.replace(POLICY, "role(name=\"dsl\")", "role(name=\"dls\")"),
            finding("template-error", POLICY, Line::At(8), &["dls"]),
        ),
        case(
            "role nobody holds: role(name=\"senco\")",
            |p, _| p.replace(POLICY, "role(name=\"dsl\")", "role(name=\"senco\")"),
            finding("template-error", POLICY, Line::At(8), &["senco"]),
        ),
        case(
            "unknown Tera function",
            |p, _| p.replace(POLICY, "role(name=\"dsl\")", "rolez(name=\"dsl\")"),
            finding("template-error", POLICY, Line::At(8), &["rolez"]),
        ),
        case(
            "unclosed Tera tag names the tag's line",
            |p, _| p.replace(POLICY, "\n## Staying safe", "\nWelcome to {{ school.name \n## Staying safe"),
            finding("template-error", POLICY, Line::At(10), &[]),
        ),
        case(
            "unclosed Tera tag on the last line names that line",
            |p, _| p.append(POLICY, "Welcome to {{ school.name "),
            finding("template-error", POLICY, Line::At(13), &[]),
        ),
        case(
            "a tag nested 20,000 brackets deep is refused, not a stack overflow",
            |p, _| p.append(POLICY, &format!("Deep: {{{{ {}1{} }}}}", "(".repeat(20_000), ")".repeat(20_000))),
            finding("template-error", POLICY, Line::At(13), &["64 levels deep"]),
        ),
        case(
            "blocks nested 20,000 deep are refused, not a stack overflow",
            |p, _| p.append(POLICY, &format!("{}x{}", "{% if true %}".repeat(20_000), "{% endif %}".repeat(20_000))),
            finding("template-error", POLICY, Line::At(13), &["64 levels deep"]),
        ),
        // Regression: templates are shared like code, and these read the build machine's
        // secrets, looped for ever, or overflowed the stack (exit 134).
        case(
            "get_env is refused: it would publish the build machine's settings",
            |p, _| p.append(POLICY, "Key: {{ get_env(name=\"HOME\") }}"),
            finding("template-error", POLICY, Line::At(13), &["not allowed"]),
        ),
        case(
            "a range with a step of 0 is refused, not an endless loop",
            |p, _| p.append(POLICY, "{% for i in range(end=3, step_by=0) %}x{% endfor %}"),
            finding("template-error", POLICY, Line::At(13), &["never end"]),
        ),
        case(
            "ranges inside ranges are stopped by the page's allowance of numbers, not left to run for ever",
            |p, _| {
                let loops = "{% for a in range(end=10000) %}{% for b in range(end=10000) %}{% for c in range(end=10000) %}x{% endfor %}{% endfor %}{% endfor %}";
                p.append(POLICY, loops)
            },
            finding("template-error", POLICY, Line::At(13), &["ranges inside loops multiply"]),
        ),
        case(
            "a text doubled in a loop is stopped at its template by the memory budget, not an abort",
            |p, _| {
                p.append(
                    POLICY,
                    "{% set_global s = \"x\" %}{% for i in range(end=64) %}{% set_global s = s ~ s %}{% endfor %}{{ s | length }}",
                )
            },
            finding("template-error", POLICY, Line::At(13), &["more than 1024 MB of memory"]),
        ),
        case(
            "loops inside loops over long lists are stopped at their template by the time budget, not a hang",
            |p, _| {
                let list = format!("[{}]", (0..60).map(|n| n.to_string()).collect::<Vec<_>>().join(","));
                let loops = (0..6).map(|depth| format!("{{% for x{depth} in {list} %}}")).collect::<String>();
                p.append(POLICY, &format!("{loops}x{}", "{% endfor %}".repeat(6)))
            },
            finding("template-error", POLICY, Line::At(13), &["after 10 seconds"]),
        ),
        case(
            "a macro that calls itself is refused, not a stack overflow",
            |p, _| p.append(POLICY, "{% macro again(n) %}{{ self::again(n=n) }}{% endmacro again %}{{ self::again(n=1) }}"),
            finding("template-error", POLICY, Line::At(13), &["calls itself"]),
        ),
        case(
            "unknown variable school.nmae",
            |p, _| p.append(POLICY, "Welcome to {{ school.nmae }}."),
            finding("template-error", POLICY, Line::At(13), &["school.nmae"]),
        ),
        // ---- front matter ----
        case(
            "missing front matter",
            |p, _| p.write("content/pages/about.md", "Just a body, no front matter.\n"),
            finding("invalid-front-matter", "content/pages/about.md", Line::At(1), &[]),
        ),
        case(
            "unknown kind suggests the nearest",
            |p, _| p.replace(GUIDANCE, "kind: guidance", "kind: guidence"),
            finding("invalid-yaml", GUIDANCE, Line::At(3), &["guidence"]).help_has(&["`guidance`"]),
        ),
        case(
            "unclosed front matter",
            |p, _| p.replace(GUIDANCE, "summary: Simple steps for families.\n---\n", "summary: Simple steps for families.\n"),
            finding("invalid-front-matter", GUIDANCE, Line::At(1), &["never closed"]),
        ),
        case(
            "empty front matter",
            |p, _| p.write("content/pages/blank.md", "---\n---\nBody.\n"),
            finding("invalid-yaml", "content/pages/blank.md", Line::At(2), &[]).message_lacks(&["line 1"]),
        ),
        case(
            "duplicate slugs name the slug: line",
            |p, _| {
                p.write("content/policies/a-first.md", "---\ntitle: First\nkind: policy\nslug: shared\n---\nText.\n");
                p.write("content/policies/b-second.md", "---\ntitle: Second\nkind: policy\nslug: shared\n---\nText.\n");
            },
            finding("invalid-front-matter", "content/policies/b-second.md", Line::At(4), &["shared"]),
        ),
        // ---- files that must not be read ----
        case(
            "../ escape in a school's media reference",
            |p, _| p.write("schools/alpha/content/pages/escape.md", "---\ntitle: Escape\nkind: page\n---\n![x](/media/../school.yaml)\n"),
            finding("broken-link", "schools/alpha/content/pages/escape.md", Line::At(5), &["/media/../school.yaml"]),
        ),
        case(
            "percent-encoded ../ escape in a media reference",
            |p, _| {
                p.write("schools/alpha/content/pages/escape.md", "---\ntitle: Escape\nkind: page\n---\n![x](/media/%2e%2e/school.yaml)\n")
            },
            finding("broken-link", "schools/alpha/content/pages/escape.md", Line::At(5), &[]),
        ),
        case(
            "symlink in content/ to a file outside the project",
            |p, outside| {
                let target = outside.join("secret.md");
                std::fs::write(&target, "---\ntitle: Secret\nkind: guidance\n---\nNot for publishing.\n").unwrap();
                p.symlink(&target, "content/guidance/secret.md");
            },
            finding("unreadable-file", "content/guidance/secret.md", Line::Null, &["outside the project"]),
        ),
        case(
            "symlink in media/ to a file outside the project",
            |p, outside| {
                let target = outside.join("photo.jpg");
                std::fs::write(&target, b"not really a photo").unwrap();
                p.symlink(&target, "schools/alpha/media/photo.jpg");
                p.append(GUIDANCE, "![A photo](/media/photo.jpg)");
            },
            finding("broken-link", GUIDANCE, Line::At(9), &["outside the project"]),
        ),
        case(
            "school.yaml is a symlink to a file outside the project",
            |p, outside| {
                let target = outside.join("school.yaml");
                std::fs::write(&target, p.read(SCHOOL_YAML)).unwrap();
                p.remove(SCHOOL_YAML);
                p.symlink(&target, SCHOOL_YAML);
            },
            finding("unreadable-file", SCHOOL_YAML, Line::Null, &["outside the project"]),
        ),
        case(
            "school folder is a symlink to a folder outside the project",
            |p, outside| {
                let target = outside.join("alpha");
                std::fs::create_dir_all(&target).unwrap();
                std::fs::write(target.join("school.yaml"), p.read(SCHOOL_YAML)).unwrap();
                p.remove("schools/alpha");
                p.symlink(&target, "schools/alpha");
            },
            finding("unreadable-file", "schools/alpha", Line::Null, &["outside the project"]),
        ),
        case(
            "content/guidance is a symlink to a folder outside the project",
            |p, outside| {
                let target = outside.join("guidance");
                std::fs::create_dir_all(&target).unwrap();
                std::fs::write(target.join("staying-safe.md"), crate::common::GUIDANCE_MD).unwrap();
                p.remove("content/guidance");
                p.symlink(&target, "content/guidance");
            },
            finding("unreadable-file", "content/guidance", Line::Null, &["outside the project"]),
        ),
        case(
            "non-UTF-8 file",
            |p, _| p.write("content/guidance/latin1.md", b"---\ntitle: \xff\n"),
            finding("unreadable-file", "content/guidance/latin1.md", Line::At(2), &["UTF-8"]),
        ),
        case(
            "empty file",
            |p, _| p.write("content/guidance/empty.md", ""),
            finding("unreadable-file", "content/guidance/empty.md", Line::Null, &["empty"]),
        ),
        // ---- approval data ----
        case(
            "policy with no policies: entry",
            |p, _| {
                let text = p.read(SCHOOL_YAML);
                let cut = text.find("policies:\n").unwrap();
                p.write(SCHOOL_YAML, &text[..cut]);
            },
            finding("missing-approval", SCHOOL_YAML, Line::Null, &["online-safety", "no entry under `policies:`"]),
        ),
        case(
            "policy entry with owner only",
            |p, _| {
                let text = p.read(SCHOOL_YAML);
                let cut = text.find("    approved_by:").unwrap();
                p.write(SCHOOL_YAML, &text[..cut]);
            },
            finding("missing-approval", SCHOOL_YAML, Line::At(25), &["approved_by", "approved_on", "next_review"]),
        ),
        // ---- links and resources ----
        case(
            "broken internal link",
            |p, _| p.append(GUIDANCE, "Read [the policy](/policies/nope/)."),
            finding("broken-link", GUIDANCE, Line::At(9), &["/policies/nope/"]),
        ),
        case(
            "broken anchor",
            |p, _| p.append(GUIDANCE, "Read [the policy](/policies/online-safety/#nope)."),
            finding("broken-link", GUIDANCE, Line::At(9), &["#nope"]),
        ),
        case(
            "missing media file",
            |p, _| p.append(GUIDANCE, "![The school garden](/media/garden.jpg)"),
            finding("broken-link", GUIDANCE, Line::At(9), &["garden.jpg"]),
        ),
        case(
            "external script in raw HTML",
            |p, _| p.append(GUIDANCE, "\n<script src=\"https://cdn.example/x.js\"></script>"),
            finding("external-resource", GUIDANCE, Line::At(10), &["https://cdn.example/x.js"]),
        ),
        case(
            "image from another site",
            |p, _| p.append(GUIDANCE, "![Our logo](https://images.example/logo.png)"),
            finding("external-resource", GUIDANCE, Line::At(9), &["https://images.example/logo.png"]),
        ),
        case(
            "unfilled placeholder",
            |p, _| p.append(POLICY, "This policy was approved on Insert date."),
            finding("unfilled-placeholder", POLICY, Line::At(13), &["Insert date"]),
        ),
        // ---- the roster ----
        case(
            "roster row with an unterminated quote",
            |p, _| p.append(crate::common::ROSTER, "\"Harriet,Lowe,,Year 4,4H,Yes"),
            finding("invalid-roster", crate::common::ROSTER, Line::At(6), &[]).message_lacks(&["Harriet", "Lowe"]),
        ),
        case(
            "roster without a surname column",
            |p, _| p.replace(crate::common::ROSTER, "Legal Surname", "Legal Middle Name"),
            finding("invalid-roster", crate::common::ROSTER, Line::At(1), &["surname"]),
        ),
        case(
            "roster that is not there",
            |p, _| p.remove(crate::common::ROSTER),
            finding("invalid-roster", crate::common::ROSTER, Line::Null, &["cannot read"]),
        ),
        // ---- command line ----
        Case {
            args: &["build", "--school", "nope"],
            ..case("unknown school via --school", |_, _| {}, finding("invalid-school", "schools", Line::Null, &["nope"]))
        },
        Case {
            args: &["build", "--school", "nope"],
            ..case(
                "unknown school names the known schools",
                |_, _| {},
                finding("invalid-school", "schools", Line::Null, &["nope"]).help_has(&["alpha"]),
            )
        },
        Case {
            args: &["build", "--format", "xml"],
            exit: 2,
            ..case("build --format xml", |_, _| {}, Expect::Usage { stderr_has: &["xml"] })
        },
        Case {
            args: &["build", "--frobnicate"],
            exit: 2,
            ..case("unknown flag", |_, _| {}, Expect::Usage { stderr_has: &["--frobnicate"] })
        },
        Case {
            args: &["check", "--out", "elsewhere"],
            exit: 2,
            ..case("check takes no --out", |_, _| {}, Expect::Usage { stderr_has: &["--out"] })
        },
        // ---- --strict ----
        Case {
            args: &["build", "--strict"],
            without_strict: Some(0),
            ..case(
                "--strict refuses a review-overdue policy",
                |p, _| p.replace(SCHOOL_YAML, "next_review: 2027-09", "next_review: 2026-10"),
                finding("review-overdue", SCHOOL_YAML, Line::At(30), &["online-safety"]),
            )
        },
    ]
}

/// Checks one case; returns a description of what went wrong, if anything.
fn run_case(case: &Case) -> Result<(), String> {
    let project = Project::new();
    let outside = tempfile::tempdir().map_err(|e| e.to_string())?;

    let first = project.command(&["build"]).output().map_err(|e| e.to_string())?;
    if !first.status.success() {
        return Err(format!("the valid fixture did not build:\n{}", String::from_utf8_lossy(&first.stderr)));
    }
    let public_before = snapshot_dir(&project.path().join("public"));
    if public_before.is_empty() {
        return Err("the valid build wrote nothing to public/".to_owned());
    }

    (case.breakage)(&project, outside.path());
    let sources_before = project.snapshot_sources();

    let mut args = case.args.to_vec();
    if case.exit != 2 {
        args.extend(["--format", "json"]);
    }
    let output = project.command(&args).output().map_err(|e| e.to_string())?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let shown = || format!("command: policypress {}\n--- stdout:\n{stdout}\n--- stderr:\n{stderr}", args.join(" "));

    if output.status.code() != Some(case.exit) {
        return Err(format!("exit code {:?}, expected {}\n{}", output.status.code(), case.exit, shown()));
    }
    match &case.expect {
        Expect::Usage { stderr_has } => {
            if !output.stdout.is_empty() {
                return Err(format!("a command-line error printed to standard output\n{}", shown()));
            }
            if let Some(missing) = stderr_has.iter().find(|s| !stderr.contains(*s)) {
                return Err(format!("standard error does not mention `{missing}`\n{}", shown()));
            }
        }
        Expect::Finding(Wanted { rule, file, line, message_has, message_lacks, help_has }) => {
            let findings = parse_findings(&output.stdout, &output.stderr);
            check_shape(&findings).map_err(|e| format!("{e}\n{}", shown()))?;
            if !findings.iter().any(|f| f["severity"] == "error") {
                return Err(format!("no finding is an error\n{}", shown()));
            }
            let matches = |f: &serde_json::Value| {
                let text = |key: &str| f[key].as_str().unwrap_or_default().to_owned();
                f["rule"] == *rule
                    && f["file"] == *file
                    && match line {
                        Line::At(n) => f["line"] == *n,
                        Line::Null => f["line"].is_null(),
                    }
                    && message_has.iter().all(|m| text("message").contains(m))
                    && !message_lacks.iter().any(|m| text("message").contains(m))
                    && help_has.iter().all(|h| text("help").contains(h))
            };
            if !findings.iter().any(matches) {
                return Err(format!(
                    "no finding with rule `{rule}`, file `{file}`, line {line:?}, message containing {message_has:?} (and \
                     none of {message_lacks:?}) and help containing {help_has:?}\n{}",
                    shown()
                ));
            }
        }
    }

    let public_after = snapshot_dir(&project.path().join("public"));
    if let Some(difference) = first_difference(&public_before, &public_after) {
        return Err(format!("public/ is not byte-identical after the refused run: {difference}\n{}", shown()));
    }
    let sources_after = project.snapshot_sources();
    if let Some(difference) = first_difference(&sources_before, &sources_after) {
        return Err(format!("the project's sources were touched: {difference}\n{}", shown()));
    }

    if let Some(expected) = case.without_strict {
        let lenient: Vec<&str> = args.iter().copied().filter(|a| *a != "--strict").collect();
        let output = project.command(&lenient).output().map_err(|e| e.to_string())?;
        if output.status.code() != Some(expected) {
            return Err(format!(
                "without --strict: exit code {:?}, expected {expected}\n--- stdout:\n{}\n--- stderr:\n{}",
                output.status.code(),
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        let findings = parse_findings(&output.stdout, &output.stderr);
        if let Expect::Finding(Wanted { rule, .. }) = &case.expect
            && !findings.iter().any(|f| f["rule"] == *rule && f["severity"] == "warning")
        {
            return Err(format!("without --strict, `{rule}` should still be reported, as a warning: {findings:?}"));
        }
    }
    Ok(())
}

/// Every finding is an object with exactly the documented keys, of the documented types.
fn check_shape(findings: &[serde_json::Value]) -> Result<(), String> {
    const KEYS: [&str; 7] = ["rule", "severity", "file", "line", "column", "message", "help"];
    for finding in findings {
        let object = finding.as_object().ok_or_else(|| format!("a finding is not an object: {finding}"))?;
        let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
        keys.sort_unstable();
        let mut expected = KEYS.to_vec();
        expected.sort_unstable();
        if keys != expected {
            return Err(format!("a finding has keys {keys:?}, expected {expected:?}: {finding}"));
        }
        let strings = ["rule", "severity", "file", "message", "help"].iter().all(|k| finding[*k].is_string());
        let numbers = ["line", "column"].iter().all(|k| finding[*k].is_null() || finding[*k].is_u64());
        let severity = finding["severity"] == "error" || finding["severity"] == "warning";
        let relative = finding["file"].as_str().is_some_and(|f| !f.starts_with('/') && !f.contains('\\'));
        if !(strings && numbers && severity && relative) {
            return Err(format!("a finding has the wrong types or an absolute file: {finding}"));
        }
    }
    Ok(())
}

#[test]
fn bad_input_is_refused_and_leaves_the_previous_site_intact() {
    let cases = cases();
    assert!(cases.len() >= 22, "the table should hold at least 22 cases");
    let mut names: Vec<&str> = cases.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "case names must be unique");

    let mut failures = Vec::new();
    for case in &cases {
        if let Err(problem) = run_case(case) {
            failures.push(format!("case [{}]: {problem}", case.name));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}

#[test]
fn the_fixture_is_valid_and_quiet() {
    let project = Project::new();
    let findings = project.json_findings(&["check"]);
    assert!(findings.is_empty(), "the fixture project should have no findings: {findings:#?}");
    project.run(&["build", "--quiet"]).success();
    for page in ["alpha/policies/online-safety/index.html", "alpha/agreements/ks2/index.html", "alpha/parents/staying-safe/index.html"] {
        assert!(project.path().join("public").join(page).is_file(), "{page} should be built");
    }
    let policy = std::fs::read_to_string(project.path().join("public/alpha/policies/online-safety/index.html")).unwrap();
    assert!(policy.contains("Mr Ben Sample"), "role(name=\"dsl\") should render the DSL's name");
    assert!(project.read(AGREEMENT).contains("tier: ks2"));
}

/// The human format quotes the line a finding points at; a roster line is a pupil's
/// name, so a bad roster row is placed (file, line, column) but never quoted.
#[test]
fn a_bad_roster_row_is_placed_but_never_quoted_in_the_terminal() {
    let project = Project::new();
    project.append(crate::common::ROSTER, "\"Harriet,Lowe,,Year 4,4H,Yes");
    let output = project.command(&["build"]).output().expect("run policypress");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("{}:6", crate::common::ROSTER)), "{stderr}");
    assert!(!stderr.contains("Harriet") && !stderr.contains("Lowe"), "a pupil's name was printed:\n{stderr}");
}

/// A reader that stops reading (`policypress check 2>&1 | head`) is no reason to panic:
/// the report stops, and the command exits 1 (refused) or as a program killed by SIGPIPE
/// would (141), never 101.
#[test]
fn a_closed_pipe_stops_the_report_quietly() {
    let project = Project::new();
    let links: String = (0..3000).map(|i| format!("[gone {i}](/no-such-page-{i}/)\n\n")).collect();
    project.write("content/pages/links.md", format!("---\ntitle: Links\nkind: page\n---\n{links}"));
    for format in ["human", "json", "github"] {
        let output = std::process::Command::new("bash")
            .args(["-c", r#""$0" --project "$1" check --format "$2" 2>&1 | head -c 100 >/dev/null; echo "${PIPESTATUS[0]}""#])
            .arg(env!("CARGO_BIN_EXE_policypress"))
            .arg(project.path())
            .arg(format)
            .env("POLICYPRESS_TODAY", crate::common::TODAY)
            .env_remove("POLICYPRESS_ROSTER")
            .output()
            .expect("run bash");
        let code = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        assert!(code == "1" || code == "141", "{format}: exit {code}");
    }
}
