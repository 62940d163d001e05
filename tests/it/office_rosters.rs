//! Rosters as school offices have them: an Excel workbook, Excel's plain "CSV"
//! (Windows-1252), its "Unicode Text" (UTF-16, tab separated), year groups written as the
//! information system writes them, and the files policypress cannot read, refused with
//! what to do. Each is run through the real binary against the fixture project (Year 3
//! and Year 4 map to `ks2`) and compared with the same roster as UTF-8 CSV.

use std::path::Path;

use assert_cmd::Command;
use assert_cmd::assert::Assert;

use crate::common::{POLICY, Project};
use crate::xlsxgen::workbook;

/// The pupils every format below holds, with year groups written as a school system
/// exports them ("3", "Y4") while school.yaml says "Year 3" and "Year 4".
const ROWS: [[&str; 5]; 5] = [
    ["Legal Forename", "Legal Surname", "NC Year", "Reg Group", "Photo Consent"],
    ["Zoë", "Penhaligon", "3", "3W", "Yes"],
    ["Siân", "Trevithick", "Y3", "3W", ""],
    ["Seán", "Ó Briain", "Yr 4", "4H", "No"],
    ["Bartłomiej", "Quellwood", "Year 4", "4H", "Yes"],
];

const RETURNED: &str = "Pupil,Date returned\nZoe Penhaligon,2026-09-12\nSean O Briain,2026-09-14\n";

fn csv_text(separator: &str, end: &str) -> String {
    ROWS.iter().map(|row| row.join(separator) + end).collect()
}

/// `agreements status` for the fixture school, with the roster at `roster` (inside the
/// project) and [`RETURNED`].
fn status(project: &Project, roster: &str) -> Assert {
    project.write("private/returned.csv", RETURNED);
    project
        .command_without_roster(&["agreements", "status", "--school", "alpha", "--year", "2026-27", "--returned"])
        .arg(project.abs("private/returned.csv"))
        .arg("--roster")
        .arg(project.abs(roster))
        .assert()
}

fn said(assert: &Assert) -> String {
    let output = assert.get_output();
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

fn report(assert: Assert) -> String {
    String::from_utf8_lossy(&assert.success().get_output().stdout).into_owned()
}

#[test]
fn a_roster_reads_the_same_from_excel_windows_1252_and_utf16_as_from_utf8() {
    let project = Project::new();
    project.write("private/utf8.csv", csv_text(",", "\n"));
    let utf8 = report(status(&project, "private/utf8.csv"));
    assert!(utf8.contains("3W: 1 of 2 back") && utf8.contains("missing: Siân Trevithick (ks2)"), "{utf8}");
    assert!(utf8.contains("4H: 1 of 2 back") && utf8.contains("missing: Bartłomiej Quellwood (ks2)"), "{utf8}");

    let workbook_rows: Vec<&[&str]> = ROWS.iter().map(|row| &row[..]).collect();
    project.write("private/pupils.xlsx", workbook(&workbook_rows));
    assert_eq!(report(status(&project, "private/pupils.xlsx")), utf8, "the workbook");

    // Excel's plain "CSV (Comma delimited)" on a British Windows computer: Windows-1252,
    // CR LF. Bartłomiej's ł is not in 1252, so Excel would have written "?": leave him out.
    let plain: Vec<u8> = csv_text(",", "\r\n")
        .replace("Bartłomiej", "Bartholomew")
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("a Latin-1 letter, the same byte in 1252"))
        .collect();
    assert!(plain.contains(&0xEB), "Zoë's ë is the byte 0xEB");
    project.write("private/plain.csv", plain);
    let from_1252 = report(status(&project, "private/plain.csv"));
    assert_eq!(from_1252, utf8.replace("Bartłomiej", "Bartholomew"), "Windows-1252");

    // Excel's "Unicode Text": UTF-16 little-endian with a byte-order mark, tab separated.
    let unicode: Vec<u8> = [0xFF, 0xFE].into_iter().chain(csv_text("\t", "\r\n").encode_utf16().flat_map(u16::to_le_bytes)).collect();
    project.write("private/unicode.txt", unicode);
    assert_eq!(report(status(&project, "private/unicode.txt")), utf8, "UTF-16");
}

#[test]
fn the_name_rules_run_with_an_excel_roster() {
    let project = Project::new();
    let rows: Vec<&[&str]> = ROWS.iter().map(|row| &row[..]).collect();
    project.write("private/pupils.xlsx", workbook(&rows));
    project.append(POLICY, "\nWell done to Siân Trevithick for the poster.");
    let assert = project.command(&["check"]).env("POLICYPRESS_ROSTER", project.abs("private/pupils.xlsx")).assert().code(1);
    assert!(said(&assert).contains("pupil-surname"), "{}", said(&assert));
}

#[test]
fn files_that_are_not_a_readable_roster_are_refused_with_what_to_do() {
    let project = Project::new();
    let xls: Vec<u8> = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1].into_iter().chain(b"Zo\xEB Penhaligon".iter().copied()).collect();
    let html = "<html><body><table><tr><td>Forename</td></tr><tr><td>Zoë Penhaligon</td></tr></table></body></html>";
    for (name, bytes, kind) in [
        ("private/pupils.xls", xls, "old-style Excel workbook (.xls)"),
        ("private/export.xls", html.as_bytes().to_vec(), "a web page"),
        ("private/pupils.pdf", b"%PDF-1.7\nZoe Penhaligon".to_vec(), "a PDF"),
    ] {
        project.write(name, bytes);
        let assert = status(&project, name).code(1);
        let said = said(&assert);
        assert!(said.contains("invalid-roster") && said.contains(kind), "{name}: {said}");
        assert!(said.contains("Save As") || said.contains("export the list"), "{name}: {said}");
        assert!(!said.contains("Penhaligon"), "a pupil's name was printed: {said}");
    }
}

#[test]
fn a_year_group_missing_from_tiers_on_many_rows_is_one_finding_naming_the_rows() {
    let project = Project::new();
    let mut roster = String::from("Forename,Surname,Year,Class\n");
    for n in 0..30 {
        roster.push_str(&format!("Pupil{n},Quellwood{n},5,5K\n"));
    }
    roster.push_str("Nia,Penhaligon,Year 3,3W\nOwain,Trevithick,,3W\nAmira,Zanzibarre,Y5,5K\n");
    project.write("private/many.csv", roster);
    let assert = status(&project, "private/many.csv").code(1);
    let said = said(&assert);
    assert_eq!(said.matches("error[no-tier-for-year]").count(), 2, "{said}");
    assert!(said.contains("rows 2-31, 34: year group `5` is not under `tiers:`"), "{said}");
    assert!(said.contains("row 33: the year group is blank"), "{said}");
    assert!(!said.contains("Quellwood") && !said.contains("Trevithick"), "a pupil's name was printed: {said}");
}

// ------------------------------------------------------------------ `agreements` options

fn example() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `agreements` for the example project's Brookside (eyfs, ks1, ks2, staff, parents,
/// visitors), with a roster of two Year 3 pupils in 3W.
fn brookside(args: &[&str]) -> (Assert, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let roster = dir.path().join("pupils.csv");
    std::fs::write(&roster, "Forename,Surname,Year,Class\nNia,Penhaligon,Y3,3W\nOwain,Trevithick,3,3W\n").expect("roster");
    let assert = Command::cargo_bin("policypress")
        .expect("binary")
        .arg("--project")
        .arg(example())
        .args(["agreements", "--school", "brookside-community-primary", "--year", "2025-26", "--roster"])
        .arg(&roster)
        .arg("--out")
        .arg(dir.path().join("out"))
        .args(args)
        .env_remove("POLICYPRESS_ROSTER")
        .assert();
    (assert, dir)
}

#[test]
fn a_tier_that_prints_nothing_is_a_command_line_error_listing_the_tiers() {
    let issued = "eyfs, ks1, ks2, staff, parents, visitors";
    let (assert, dir) = brookside(&["--tier", "ks1"]);
    let first = said(&assert.code(2));
    assert!(first.contains("`--tier ks1` matches nothing: no pupil on the roster signs it"), "{first}");
    assert!(first.contains(issued) && first.contains("the pupils asked for sign: ks2, parents"), "{first}");
    assert!(!dir.path().join("out").exists(), "nothing is written");

    let (assert, _dir) = brookside(&["--class", "3W", "--tier", "staff"]);
    assert!(said(&assert.code(2)).contains("no pupil in `3W` signs it"));
    let (assert, _dir) = brookside(&["--tier", "secondary"]);
    let unknown = said(&assert.code(2));
    assert!(unknown.contains("does not issue the tier `secondary`") && unknown.contains(issued), "{unknown}");
}

#[test]
fn a_year_already_over_is_warned_about_and_still_printed() {
    let project = Project::new();
    let out = project.abs("agreements-out");
    let run = |year: &str| {
        project.command_without_roster(&["agreements", "--school", "alpha", "--year", year, "--out"]).arg(&out).assert().success()
    };
    // The fixture's today is 23 November 2026.
    let said_past = said(&run("2019-20"));
    assert!(said_past.contains("warning: --year 2019-20 is over: it ended on 31 August 2020"), "{said_past}");
    assert!(said_past.contains("this school year is --year 2026-27"), "{said_past}");
    assert!(out.join("ks2.pdf").exists());
    assert!(!said(&run("2026-27")).contains("warning"));
}
