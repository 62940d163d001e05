//! A school that installs policypress and starts its own project, outside this repository:
//! the binary alone, in a folder of its own, with no theme and no model content beside it.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The built binary, copied into a prefix of its own: nothing of the repository is near it.
fn installed(prefix: &Path) -> PathBuf {
    let bin = prefix.join("bin");
    fs::create_dir_all(&bin).unwrap();
    let installed = bin.join("policypress");
    fs::copy(env!("CARGO_BIN_EXE_policypress"), &installed).unwrap();
    installed
}

fn run(binary: &Path, dir: &Path, args: &[&str]) -> Output {
    Command::new(binary).args(args).current_dir(dir).env_remove("POLICYPRESS_ROSTER").env("NO_COLOR", "1").output().unwrap()
}

fn findings(output: &Output) -> Vec<serde_json::Value> {
    serde_json::from_slice::<serde_json::Value>(&output.stdout).ok().and_then(|v| v.as_array().cloned()).unwrap_or_default()
}

#[test]
fn init_makes_a_project_that_is_refused_until_filled_in_and_then_builds() {
    let outside = tempfile::tempdir().unwrap();
    let binary = installed(&outside.path().join("prefix"));
    let work = outside.path().join("work");
    fs::create_dir_all(&work).unwrap();

    let started = run(&binary, &work, &["init", "hollins-park"]);
    assert!(started.status.success(), "{}", String::from_utf8_lossy(&started.stderr));
    let project = work.join("hollins-park");
    for made in [".gitignore", ".github/workflows/policies.yml", "policypress.yaml", "content/policies/online-safety.md"] {
        assert!(project.join(made).is_file(), "init writes {made}");
    }
    assert!(!project.join("themes").exists(), "the default theme is built in");
    let gitignore = fs::read_to_string(project.join(".gitignore")).unwrap();
    assert!(gitignore.lines().any(|l| l == "/public/"), "{gitignore}");
    // Rosters as offices save them are kept out of git; the encrypted one for CI is not.
    let git = |args: &[&str]| Command::new("git").args(args).current_dir(&project).output().unwrap();
    if git(&["init", "-q"]).status.success() {
        for roster in ["Pupils.CSV", "trust-roster.tsv", "pupils.txt", "Roster 2026.xlsx", "returned.csv"] {
            assert!(git(&["check-ignore", "-q", roster]).status.success(), "{roster} is ignored:\n{gitignore}");
        }
        for kept in ["pupils.csv.gpg", "content/policies/online-safety.md", "schools/hollins-park/school.yaml"] {
            assert!(!git(&["check-ignore", "-q", kept]).status.success(), "{kept} is kept:\n{gitignore}");
        }
    }

    // Untouched, the school is refused: each value to fill in at its line of school.yaml.
    let refused = run(&binary, &project, &["check", "--format", "json"]);
    assert_eq!(refused.status.code(), Some(1));
    let found = findings(&refused);
    let unfilled: Vec<&serde_json::Value> = found.iter().filter(|f| f["rule"] == "unfilled-placeholder").collect();
    assert!(unfilled.len() >= 10, "{found:#?}");
    let yaml_path = project.join("schools/hollins-park/school.yaml");
    let yaml = fs::read_to_string(&yaml_path).unwrap();
    for finding in &unfilled {
        assert_eq!(finding["file"], "schools/hollins-park/school.yaml");
        let line = yaml.lines().nth(finding["line"].as_u64().unwrap() as usize - 1).unwrap();
        assert!(line.contains("FILL IN"), "the finding is at the value's line: {line}");
    }
    assert!(run(&binary, &project, &["build"]).status.code() == Some(1) && !project.join("public").exists());
    // A second init never overwrites.
    assert_eq!(run(&binary, &work, &["init", "hollins-park"]).status.code(), Some(1));

    // Filled in as a school would, it builds.
    let filled = crate::common::fill_in(&yaml, "Hollins Park Primary School");
    fs::write(&yaml_path, filled).unwrap();
    let built = run(&binary, &project, &["build"]);
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    let home = fs::read_to_string(project.join("public/hollins-park/index.html")).unwrap();
    assert!(home.contains("Hollins Park Primary School") && !home.contains("FILL IN"));
    assert!(project.join("public/hollins-park/assets/style.css").is_file(), "the built-in theme's style sheet is published");
}
