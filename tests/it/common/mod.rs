//! A small fixture harness for the end-to-end tests: a minimal, valid policypress
//! project in a temporary folder, helpers to break it, and helpers to run the binary on it.
//!
//! Every name, address and number here is fictional: `.example` domains and Ofcom's
//! drama numbers (01632 96xxxx).

// Each test crate uses a different part of the harness.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use assert_cmd::assert::Assert;
use tempfile::TempDir;

/// The fixed "today" every run sees, so review dates never drift.
pub const TODAY: &str = "2026-11-23";

pub const SCHOOL_YAML: &str = "schools/alpha/school.yaml";
pub const POLICY: &str = "content/policies/online-safety.md";
pub const AGREEMENT: &str = "content/agreements/ks2.md";
pub const GUIDANCE: &str = "content/guidance/staying-safe.md";
/// The roster, outside the project's published folders, as a school would keep it.
pub const ROSTER: &str = "private/roster.csv";

/// A small roster of fictional pupils, in the shape a school information system exports.
pub const ROSTER_CSV: &str = "\
Legal Forename,Legal Surname,Preferred Forename,Year Group,Reg Group,Photo Consent
Amelia,Thornbury,,Year 3,3W,Yes
Oliver,Wiśniewski,Olly,Year 3,3W,No
Zoë,Adeyemi-Clarke,,Year 4,4H,
Priya,O'Neill,,Year 4,4H,Yes
";

/// `schools/alpha/school.yaml`. Line numbers matter to the tests: `motto` is line 3,
/// `phases` line 6, and under `policies:` `owner` is line 25, `approved_on` 27 and
/// `next_review` 30.
pub const SCHOOL: &str = "\
name: Alpha Fields Primary School
short_name: Alpha Fields
motto: Learn, care, grow
country: england
type: academy
phases: [eyfs, primary]
contact:
  address: [Alpha Fields Primary School, 1 Test Lane, Exampleton, EX1 1AA]
  phone: \"01632 960100\"
  email: office@alphafields.example
publishable_emails: [office@alphafields.example]
people:
  - name: Mrs Ada Example
    roles: [headteacher]
  - name: Mr Ben Sample
    roles: [dsl]
  - name: Ms Cara Demo
    roles: [esafety-coordinator]
tiers:
  Year 3: ks2
  Year 4: ks2
agreements: [ks2]
policies:
  online-safety:
    owner: esafety-coordinator
    approved_by: Full Governing Body
    approved_on: 2026-09-10
    last_reviewed_on: 2026-09-10
    last_reviewed_by: Senior Leadership Team
    next_review: 2027-09
";

/// The policy. Body lines: 6 is the first heading, 8 the `role(name="dsl")` call,
/// 12 the last line.
pub const POLICY_MD: &str = "\
---
title: Online Safety Policy
kind: policy
summary: How we keep everyone safe online.
---
## Who to talk to

If you are worried about anything you see online, talk to {{ role(name=\"dsl\") }}, our designated safeguarding lead.

## Staying safe

We teach every class how to stay safe online.
";

pub const AGREEMENT_MD: &str = "\
---
title: Key Stage 2 Acceptable Use Agreement
kind: agreement
tier: ks2
signatures: [child-name, class, child-signature, parent-signature, date]
---
## My promises

- [ ] I will ask an adult before I go online.
- [ ] I will be kind to others online.
";

/// Guidance: 8 lines, so a line appended with [`Project::append`] is line 9.
pub const GUIDANCE_MD: &str = "\
---
title: Staying safe online at home
kind: guidance
summary: Simple steps for families.
---
## Talk together

Ask your child what they enjoy doing online and do it with them sometimes.
";

/// A minimal valid project: the default theme, one school (`alpha`), one policy, one
/// agreement and one guidance page.
pub struct Project {
    dir: TempDir,
    /// The project folder: `dir` itself, or a folder inside it (see [`Project::in_repository`]).
    root: PathBuf,
}

impl Default for Project {
    fn default() -> Self {
        Self::new()
    }
}

impl Project {
    pub fn new() -> Project {
        Project::inside("")
    }

    /// The same project in the folder `sub` of a git repository (the temporary folder,
    /// marked by an empty `.git` folder), as a school keeps its policies beside other work.
    pub fn in_repository(sub: &str) -> Project {
        let project = Project::inside(sub);
        fs::create_dir(project.repository().join(".git")).expect("create .git");
        project
    }

    /// The project in the folder `sub` of the temporary folder, which is no repository.
    pub fn inside(sub: &str) -> Project {
        let dir = tempfile::Builder::new().prefix("policypress-e2e-").tempdir().expect("create a temporary folder");
        let root = dir.path().join(sub);
        let project = Project { dir, root };
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        copy_dir(&theme, &project.path().join("themes/default"));
        project.write(SCHOOL_YAML, SCHOOL);
        project.write(POLICY, POLICY_MD);
        project.write(AGREEMENT, AGREEMENT_MD);
        project.write(GUIDANCE, GUIDANCE_MD);
        project.write(ROSTER, ROSTER_CSV);
        project
    }

    /// A copy of the fixture project `tests/fixtures/<name>/`, with the harness's roster
    /// replaced by `roster` (a CSV) in `private/roster.csv`.
    pub fn fixture(name: &str, roster: &str) -> Project {
        let dir = tempfile::Builder::new().prefix("policypress-e2e-").tempdir().expect("create a temporary folder");
        let root = dir.path().to_path_buf();
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name), &root);
        let project = Project { dir, root };
        project.write(ROSTER, roster);
        project
    }

    pub fn path(&self) -> &Path {
        &self.root
    }

    /// The temporary folder holding the project: the repository, for
    /// [`Project::in_repository`]; the project itself for [`Project::new`].
    pub fn repository(&self) -> &Path {
        self.dir.path()
    }

    pub fn abs(&self, rel: &str) -> PathBuf {
        self.path().join(rel)
    }

    /// Writes a file (text or bytes), creating its folders.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.abs(rel);
        fs::create_dir_all(path.parent().expect("a file has a parent folder")).expect("create folders");
        fs::write(&path, contents).unwrap_or_else(|e| panic!("write {rel}: {e}"));
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.abs(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Appends one line to a text file.
    pub fn append(&self, rel: &str, line: &str) {
        let mut text = self.read(rel);
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(line);
        text.push('\n');
        self.write(rel, text);
    }

    /// Replaces exactly one occurrence of `from` in a text file; panics if there is not
    /// exactly one, so a fixture edit can never silently miss.
    pub fn replace(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert_eq!(text.matches(from).count(), 1, "`{from}` should occur once in {rel}:\n{text}");
        self.write(rel, text.replacen(from, to, 1));
    }

    /// Removes a file, a link or a folder.
    pub fn remove(&self, rel: &str) {
        let path = self.abs(rel);
        // A link is removed, never followed: removing a linked folder must not empty its target.
        let is_dir = fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
        if is_dir { fs::remove_dir_all(&path) } else { fs::remove_file(&path) }.unwrap_or_else(|e| panic!("remove {rel}: {e}"));
    }

    /// Makes `rel` a symbolic link to `target`.
    #[cfg(unix)]
    pub fn symlink(&self, target: &Path, rel: &str) {
        let path = self.abs(rel);
        fs::create_dir_all(path.parent().expect("a link has a parent folder")).expect("create folders");
        std::os::unix::fs::symlink(target, &path).unwrap_or_else(|e| panic!("symlink {rel}: {e}"));
    }

    /// The binary, run with `--project <this project>`, a fixed today and the roster
    /// (through POLICYPRESS_ROSTER, as CI would give it).
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = self.command_without_roster(args);
        cmd.env("POLICYPRESS_ROSTER", self.abs(ROSTER));
        cmd
    }

    /// As [`Project::command`], with no roster at all.
    pub fn command_without_roster(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_policypress"));
        cmd.arg("--project").arg(self.path()).args(args);
        cmd.env("POLICYPRESS_TODAY", TODAY).env_remove("POLICYPRESS_ROSTER").current_dir(self.path());
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Assert {
        self.command(args).assert()
    }

    /// Runs with `--format json` added and returns the findings array. Panics (showing
    /// standard error) if standard output is not exactly one JSON array.
    pub fn json_findings(&self, args: &[&str]) -> Vec<serde_json::Value> {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--format", "json"]);
        let output = self.command(&all).output().expect("run policypress");
        parse_findings(&output.stdout, &output.stderr)
    }

    /// Snapshot of the project's own files (everything but `public/` and the private
    /// `.policypress/` a build keeps its workshop in), to prove a run changed no source.
    pub fn snapshot_sources(&self) -> BTreeMap<String, Vec<u8>> {
        let mut snapshot = snapshot_dir(self.path());
        snapshot.retain(|path, _| !["public", ".policypress"].iter().any(|own| path == own || path.starts_with(&format!("{own}/"))));
        snapshot
    }
}

/// A small deterministic generator for tests that choose at random (where to kill a run,
/// how to damage a file): no dependency, and the same sequence from a seed on every
/// machine, so a failure can be run again.
pub struct Seeded(pub u64);

impl Seeded {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 17
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }

    /// A fraction between 0 and 1.
    pub fn fraction(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 36) as f64
    }
}

/// Parses `--format json` standard output: exactly one JSON array.
pub fn parse_findings(stdout: &[u8], stderr: &[u8]) -> Vec<serde_json::Value> {
    let value: serde_json::Value = serde_json::from_slice(stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON value ({e})\n--- stdout:\n{}\n--- stderr:\n{}",
            String::from_utf8_lossy(stdout),
            String::from_utf8_lossy(stderr)
        )
    });
    match value {
        serde_json::Value::Array(items) => items,
        other => panic!("stdout should be a JSON array, got: {other}"),
    }
}

/// Every entry under `dir`, by path relative to it (with `/`), mapped to its bytes.
/// Folders map to an empty marker so that an empty folder appearing or vanishing shows
/// up; symbolic links are not followed and map to `symlink -> <target>`.
pub fn snapshot_dir(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    if dir.exists() {
        walk(dir, dir, &mut out);
    }
    out
}

fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    let mut entries: Vec<_> = fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display())).map(Result::unwrap).collect();
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        let path = entry.path();
        let rel = path.strip_prefix(root).expect("inside the root").to_string_lossy().replace('\\', "/");
        let kind = entry.file_type().expect("file type");
        if kind.is_symlink() {
            let target = fs::read_link(&path).expect("read link");
            out.insert(rel, format!("symlink -> {}", target.display()).into_bytes());
        } else if kind.is_dir() {
            out.insert(format!("{rel}/"), Vec::new());
            walk(root, &path, out);
        } else {
            out.insert(rel, fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display())));
        }
    }
}

/// Names the first difference between two snapshots, for a readable failure.
pub fn first_difference(before: &BTreeMap<String, Vec<u8>>, after: &BTreeMap<String, Vec<u8>>) -> Option<String> {
    for (path, bytes) in before {
        match after.get(path) {
            None => return Some(format!("`{path}` was removed")),
            Some(now) if now != bytes => return Some(format!("`{path}` changed")),
            Some(_) => {}
        }
    }
    after.keys().find(|path| !before.contains_key(*path)).map(|path| format!("`{path}` appeared"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display())) {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// school.yaml as an office manager fills it in: every marked value replaced, the dates
/// each policy was approved added.
pub fn fill_in(yaml: &str, school: &str) -> String {
    let mut people =
        ["Mrs Priya Raman", "Mr Tom Ashby", "Ms Nia Lewis", "Mr Dev Khan", "Mrs Ann Cole", "Dr Ruth Hale", "Mr Ed Park"].into_iter();
    let mut out = String::new();
    for line in yaml.lines() {
        let (code, _) = line.split_once('"').unwrap_or((line, ""));
        let value = match line.split('"').nth(1) {
            Some(v) if v.starts_with("FILL IN: the school's full name") => school.to_owned(),
            Some(v) if v.starts_with("FILL IN: the name parents use") => school.split(" Primary").next().unwrap_or(school).to_owned(),
            Some("FILL IN: first line of the address") => "4 Orchard Way".to_owned(),
            Some("FILL IN: town") => "Exampleton".to_owned(),
            Some("FILL IN: postcode") => "EX4 9ZZ".to_owned(),
            Some("FILL IN: the office phone number") => "01632 960123".to_owned(),
            Some("FILL IN: the office e-mail address") => "office@school.example".to_owned(),
            Some(v) if v.starts_with("FILL IN: who approved it") => "Full Governing Body".to_owned(),
            Some(v) if v.starts_with("FILL IN") => people.next().unwrap().to_owned(),
            _ => {
                let uncommented = line
                    .replace("# approved_on: YYYY-MM-DD", "approved_on: 2026-10-01")
                    .replace("# next_review: YYYY-MM", "next_review: 2027-10");
                out.push_str(uncommented.split("  when").next().unwrap_or(&uncommented).trim_end());
                out.push('\n');
                continue;
            }
        };
        out.push_str(&format!("{code}\"{value}\"\n"));
    }
    out
}
