//! Fuzzing: a school's files mutated the way damaged, careless or hostile input arrives
//! (school.yaml, front matter, template bodies, the roster, returned-forms CSVs, images
//! of every format, PDFs), each case run by the real binary in its own process, so that
//! an abort is seen as one. Every case must end in time with exit 0, 1 or 2: a finding
//! or a refusal, never a panic (101), an abort (134) or a hang.
//!
//! CI runs [`CASES`] cases from a fixed seed, the same on every machine whatever its
//! speed. A longer run: `POLICYPRESS_FUZZ_CASES=5000 POLICYPRESS_FUZZ_SEED=7 cargo test
//! --release --test it fuzz -- --nocapture`. A failing case prints its seed and file.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{AGREEMENT, GUIDANCE, POLICY, Project, ROSTER, SCHOOL_YAML, Seeded, TODAY};
use crate::imagegen;

/// Cases per kind of input in a normal test run.
const CASES: usize = 40;
/// The longest one case may take before it counts as a hang.
const PATIENCE: Duration = Duration::from_secs(60);

/// Fragments that break parsers in particular: YAML and template syntax, CSV quoting,
/// Unicode edges, huge numbers, nesting.
const FRAGMENTS: [&str; 24] = [
    ":",
    "- ",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "\"",
    "'",
    "\n",
    "\t",
    ",",
    ";",
    "\u{0}",
    "\u{feff}",
    "\u{202e}",
    "é",
    "👩‍👧",
    "99999999999999999999",
    "-1",
    "[[[[[[[[",
    "{% for i in range(end=3) %}",
    "{% if x %}",
    "&#x0;",
];

/// `text` with a few random changes: bytes flipped, fragments put in, parts cut or copied.
fn mutate_text(text: &[u8], random: &mut Seeded) -> Vec<u8> {
    mutate(text, random, true)
}

/// `bytes` with a few bytes changed, a run cut or repeated, or the end cut off: the
/// damage a file takes in a bad copy or from a hostile hand.
fn mutate_binary(bytes: &[u8], random: &mut Seeded) -> Vec<u8> {
    mutate(bytes, random, false)
}

fn mutate(original: &[u8], random: &mut Seeded, fragments: bool) -> Vec<u8> {
    let mut bytes = original.to_vec();
    for _ in 0..=random.below(4) {
        let at = random.below(bytes.len() + 1);
        match random.below(5) {
            0 if !bytes.is_empty() => {
                let i = random.below(bytes.len());
                bytes[i] ^= 1 << random.below(8);
            }
            1 if fragments => {
                let fragment = FRAGMENTS[random.below(FRAGMENTS.len())].as_bytes();
                bytes.splice(at..at, fragment.iter().copied());
            }
            1 => {
                if let Some(byte) = bytes.get_mut(at) {
                    *byte = random.next() as u8;
                }
            }
            2 => {
                let end = (at + random.below(64)).min(bytes.len());
                bytes.drain(at..end);
            }
            3 => {
                let end = (at + random.below(256)).min(bytes.len());
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
            _ => bytes.truncate(at),
        }
    }
    bytes
}

/// Runs `args` in `project`, in a process of its own, and fails on anything but exit 0,
/// 1 or 2 within [`PATIENCE`].
/// Runs one case in its own process, so that an abort is seen; what it printed on
/// standard output.
fn run_case(project: &Project, args: &[&str], case: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_policypress"))
        .arg("--project")
        .arg(project.path())
        .args(args)
        .env("POLICYPRESS_TODAY", TODAY)
        .env("POLICYPRESS_ROSTER", project.abs(ROSTER))
        .current_dir(project.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start policypress");
    // Read as it comes, so a long report cannot fill the pipe and stall the case.
    let mut stdout = child.stdout.take().expect("piped stdout");
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut out);
        out
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > PATIENCE {
            let _ = child.kill();
            panic!("{case}: still running after {PATIENCE:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    assert!(matches!(status.code(), Some(0..=2)), "{case}: `{}` ended with {status}", args.join(" "));
    reader.join().unwrap_or_default()
}

fn cases() -> usize {
    std::env::var("POLICYPRESS_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(CASES)
}

fn seed(kind: u64) -> u64 {
    std::env::var("POLICYPRESS_FUZZ_SEED").ok().and_then(|n| n.parse().ok()).unwrap_or(0x5eed) ^ kind
}

/// Mutates one text file of a fresh project per case and runs `args` on it.
fn fuzz_text(file: &str, args: &[&str], kind: u64) {
    let project = Project::new();
    let original = std::fs::read(project.abs(file)).expect("fixture file");
    let mut random = Seeded(seed(kind));
    for case in 0..cases() {
        let mutated = mutate_text(&original, &mut random);
        project.write(file, &mutated);
        let case = format!("{file}, case {case} (seed {})", seed(kind));
        let printed = run_case(&project, args, &case);
        // Every mistake in the mutated file is placed at its line, where the fix goes.
        if args.contains(&"json") {
            let findings: Vec<serde_json::Value> = serde_json::from_str(&printed).unwrap_or_default();
            let unplaced: Vec<&serde_json::Value> =
                findings.iter().filter(|f| f["rule"] == "template-error" && f["file"] == file && f["line"].is_null()).collect();
            assert!(unplaced.is_empty(), "{case}: a template error without its line: {unplaced:#?}");
        }
    }
}

#[test]
fn mutated_school_yaml_never_crashes() {
    fuzz_text(SCHOOL_YAML, &["check"], 1);
}

#[test]
fn mutated_front_matter_and_bodies_never_crash() {
    fuzz_text(POLICY, &["check", "--format", "json"], 2);
    fuzz_text(GUIDANCE, &["check", "--format", "json"], 3);
}

#[test]
fn mutated_agreements_never_crash_the_printer() {
    fuzz_text(AGREEMENT, &["agreements", "--school", "alpha", "--year", "2025-26", "--out", "packs"], 4);
}

#[test]
fn mutated_rosters_never_crash() {
    fuzz_text(ROSTER, &["check"], 5);
    fuzz_text(ROSTER, &["agreements", "--school", "alpha", "--year", "2025-26", "--out", "packs"], 6);
}

#[test]
fn mutated_returned_forms_never_crash() {
    let project = Project::new();
    let returned = "Forename,Surname,Tier,Returned\nAmelia,Thornbury,ks2,2025-09-12\nPriya,O'Neill,ks2,2025-09-15\n";
    let mut random = Seeded(seed(7));
    for case in 0..cases() {
        project.write("private/returned.csv", mutate_text(returned.as_bytes(), &mut random));
        let args =
            ["agreements", "status", "--school", "alpha", "--year", "2025-26", "--roster", ROSTER, "--returned", "private/returned.csv"];
        run_case(&project, &args, &format!("returned forms, case {case}"));
    }
}

/// An image of each format, and a PDF, mutated at the byte level, published from a page
/// and scrubbed.
#[test]
fn mutated_images_and_pdfs_never_crash() {
    let project = Project::new();
    // A letter with text, a photo, information and XMP: every part the reader looks into.
    let pdf = crate::pdf::writer::write(&crate::pdf::writer::Letter {
        pages: vec![vec!["Dear parents,", "Amelia| Thornbury"], vec!["Page two"]],
        info: vec![("Author", "Ms Ivy Example")],
        xmp: Some("Ivy Example"),
        photo: Some(imagegen::plain_jpeg()),
        gap: 300,
        ..Default::default()
    });
    let originals: [(&str, Vec<u8>); 6] = [
        ("jpg", imagegen::jpeg_with_gps()),
        ("png", imagegen::plain_png()),
        ("webp", imagegen::plain_webp()),
        ("gif", imagegen::plain_gif()),
        ("svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"><title>A tree</title></svg>".to_vec()),
        ("pdf", pdf),
    ];
    let mut random = Seeded(seed(8));
    for case in 0..cases() {
        for (extension, bytes) in &originals {
            let name = format!("media/fuzz.{extension}");
            project.write(&format!("schools/alpha/{name}"), mutate_binary(bytes, &mut random));
            project.write("content/pages/fuzz.md", format!("---\ntitle: Fuzz\nkind: page\n---\n![A tree](/{name})\n[The file](/{name})\n"));
            run_case(&project, &["check"], &format!("{extension}, case {case}"));
            if *extension != "svg" && *extension != "pdf" {
                run_case(&project, &["scrub", &format!("schools/alpha/{name}")], &format!("scrub {extension}, case {case}"));
            }
        }
    }
}

/// The mutations change what they are given (a fuzzer that mutates nothing tests nothing).
#[test]
fn the_mutations_change_their_input() {
    let mut random = Seeded(1);
    let text = Path::new(POLICY).to_string_lossy().repeat(10);
    let changed = (0..50).filter(|_| mutate_text(text.as_bytes(), &mut random) != text.as_bytes()).count();
    assert!(changed > 40, "only {changed} of 50 mutations changed the text");
}
