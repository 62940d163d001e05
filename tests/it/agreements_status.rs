//! `policypress agreements status` run as the office would: the example project's
//! Brookside (Reception → eyfs, Years 1-2 → ks1, Years 3-6 → ks2, and a parents' form),
//! a fictional roster and a returned-forms list typed by hand, in a temporary folder.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn project() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Oak is a mixed Reception and Year 2 class, Ash a Year 3 class. Shaun goes by his
/// preferred name; the Adams twins are told apart by forename.
const ROSTER: &str = "\
UPN,Legal Forename,Preferred Forename,Legal Surname,Year Group,Reg Group
A1,Zoë,,Łukasiewicz,Year 2,Oak
A2,Ben,,Adams,Year 2,Oak
A3,Bea,,Adams,Year 2,Oak
A4,Ŵyn,,Şahin,Reception,Oak
A5,Seán,Shaun,O’Neill-Ware,Year 3,Ash
A6,Amara,,Quillfeather,Year 3,Ash
A7,Ngozi,,Ådebayo-Ørsted,Year 3,Ash
";

/// Typed by hand and saved from Excel: a byte-order mark, dates in four spellings,
/// surname first, a title instead of a tier, a blank tier (the pupil's own), a row twice
/// and a row whose date is still blank (not back yet).
const RETURNED: &str = "\u{feff}Pupil Name,Form,Date Returned,Notes
\"Lukasiewicz, Zoe\",KS1,12/9/25,
zoë łukasiewicz,parents,12.09.2025,signed by gran
Shaun O'Neill Ware,Key Stage 2 agreement,15 Sep 2025,
sean o’neill-ware,Parents' and carers' agreement,2025-09-16,
Ben Adams,,12 September 2025,
ben  adams,ks1,13/09/2025,sent twice
Ŵyn Şahin,eyfs,,
Ngozi Adebayo-Orsted,,1/10/25,
";

struct Files {
    _dir: tempfile::TempDir,
    roster: PathBuf,
    returned: PathBuf,
}

fn files(returned: &str) -> Files {
    files_with(ROSTER, returned)
}

fn files_with(roster_text: &str, returned: &str) -> Files {
    let dir = tempfile::tempdir().expect("temp dir");
    let roster = dir.path().join("pupils.csv");
    let returned_file = dir.path().join("returned.csv");
    std::fs::write(&roster, roster_text).expect("roster");
    std::fs::write(&returned_file, returned).expect("returned");
    Files { _dir: dir, roster, returned: returned_file }
}

fn status(files: &Files, args: &[&str]) -> assert_cmd::assert::Assert {
    let before = (std::fs::read(&files.roster).expect("roster"), std::fs::read(&files.returned).expect("returned"));
    let assert = Command::cargo_bin("policypress")
        .expect("binary")
        .arg("--project")
        .arg(project())
        .args(["agreements", "status", "--school", "brookside-community-primary", "--year", "2025-26"])
        .arg("--roster")
        .arg(&files.roster)
        .arg("--returned")
        .arg(&files.returned)
        .args(args)
        .env_remove("POLICYPRESS_ROSTER")
        .assert();
    let after = (std::fs::read(&files.roster).expect("roster"), std::fs::read(&files.returned).expect("returned"));
    assert!(before == after, "the roster or the returned-forms file was changed");
    assert
}

fn stdout(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stdout).into_owned()
}

fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

#[test]
fn per_class_counts_and_missing_pupils_in_register_order() {
    let files = files(RETURNED);
    let assert = status(&files, &[]).success();
    assert_eq!(
        stdout(&assert),
        "Ash: 3 of 6 back (Key Stage 2 agreement 2/3, Parents' and carers' agreement 1/3)\n  \
         missing: Ngozi Ådebayo-Ørsted (parents), Amara Quillfeather (ks2, parents)\n\
         Oak: 3 of 8 back (Early years agreement 0/1, Key Stage 1 agreement 2/3, Parents' and carers' agreement 1/4)\n  \
         missing: Bea Adams (ks1, parents), Ben Adams (parents), Ŵyn Şahin (eyfs, parents)\n\
         All 2 classes: 6 of 14 back\n"
    );
    // The repeated row is a warning that names lines, never the pupil.
    let err = stderr(&assert);
    assert!(err.contains("duplicate-form") && err.contains("line 7") && err.contains("line 6"), "{err}");
    assert!(!err.contains("Adams"), "a pupil's name was printed in a message: {err}");
}

#[test]
fn csv_output_has_a_row_per_form_owed() {
    let files = files(RETURNED);
    let rows = parse_csv(&stdout(&status(&files, &["--format", "csv", "--class", "Oak"]).success()));
    assert_eq!(rows[0], ["class", "pupil", "year group", "tier", "returned", "date"]);
    let body: Vec<String> = rows[1..].iter().map(|r| r.join("|")).collect();
    assert_eq!(
        body,
        [
            "Oak|Bea Adams|Year 2|ks1|no|",
            "Oak|Bea Adams|Year 2|parents|no|",
            "Oak|Ben Adams|Year 2|ks1|yes|2025-09-12",
            "Oak|Ben Adams|Year 2|parents|no|",
            "Oak|Zoë Łukasiewicz|Year 2|ks1|yes|2025-09-12",
            "Oak|Zoë Łukasiewicz|Year 2|parents|yes|2025-09-12",
            "Oak|Ŵyn Şahin|Reception|eyfs|no|",
            "Oak|Ŵyn Şahin|Reception|parents|no|",
        ]
    );
}

#[test]
fn semicolons_and_separate_name_columns_are_read_too() {
    let files = files(
        "First name;Surname;Agreement;Date\n\
         Zoe;LUKASIEWICZ;key stage 1;12 Sept 2025\n\
         Amara;Quillfeather;;\"3rd October 2025\"\n\
         Amara;Quillfeather;PARENTS;yes\n",
    );
    let assert = status(&files, &["--tier", "parents", "--tier", "ks2"]).success();
    assert_eq!(
        stdout(&assert),
        "Ash: 2 of 6 back (Key Stage 2 agreement 1/3, Parents' and carers' agreement 1/3)\n  \
         missing: Ngozi Ådebayo-Ørsted (ks2, parents), Shaun O’Neill-Ware (ks2, parents)\n\
         Oak: 0 of 4 back (Parents' and carers' agreement 0/4)\n  \
         missing: Bea Adams (parents), Ben Adams (parents), Zoë Łukasiewicz (parents), Ŵyn Şahin (parents)\n\
         All 2 classes: 2 of 10 back\n"
    );
}

#[test]
fn an_unknown_pupil_names_the_line_and_not_the_name() {
    let files = files("Pupil,Tier,Date\nZoë Łukasiewicz,ks1,12/09/2025\nBartholomew Zanzibarre,ks1,12/09/2025\nBen Adams,ks2,12/09/2025\n");
    let assert = status(&files, &[]).code(1);
    let err = stderr(&assert);
    assert!(err.contains("unknown-pupil") && err.contains("line 3:") && err.contains("returned.csv"), "{err}");
    assert!(!err.contains("Zanzibarre") && !err.contains("Bartholomew") && !err.contains("Łukasiewicz"), "a name was printed: {err}");
    // The wrong form for Ben's year group is a warning, reported alongside.
    assert!(err.contains("form-not-owed") && err.contains("line 4:") && !err.contains("Adams"), "{err}");
    assert!(stdout(&assert).is_empty(), "a report was printed despite the error");
}

#[test]
fn an_ambiguous_name_a_bad_date_and_a_wrong_class_are_refused_by_line() {
    let twins = format!("{ROSTER}A8,Amara,,Quillfeather,Year 2,Oak\n");
    let both = files_with(&twins, "Pupil,Tier,Date\nAmara Quillfeather,,12/09/2025\n");
    let err = stderr(&status(&both, &[]).code(1));
    assert!(err.contains("ambiguous-pupil") && err.contains("line 2:") && err.contains("fits 2 pupils"), "{err}");
    let told_apart = files_with(&twins, "Pupil,Class,Tier,Date\nAmara Quillfeather,oak,,12/09/2025\n");
    assert!(stdout(&status(&told_apart, &[]).success()).contains("Oak: 1 of 10 back"));

    let bad_date = files("Pupil,Tier,Date\nBen Adams,ks1,12/09/2025\nAmara Quillfeather,ks2,09/13/2025\n");
    let err = stderr(&status(&bad_date, &[]).code(1));
    assert!(err.contains("invalid-returned") && err.contains("line 3, column 24") && err.contains("American"), "{err}");
    assert!(err.contains("returned.csv") && !err.contains("Quillfeather") && !err.contains("Adams"), "{err}");

    let wrong_class = files("Pupil,Class,Date\nBen Adams,Ash,12/09/2025\n");
    let err = stderr(&status(&wrong_class, &[]).code(1));
    assert!(err.contains("not in this row's class") && !err.contains("Adams"), "{err}");
}

/// Regression: with the roster in POLICYPRESS_ROSTER (as in CI), clap took the value for
/// the printing flags of `agreements` and refused `status` for want of --school.
#[test]
fn the_roster_may_come_from_the_environment() {
    let files = files(RETURNED);
    Command::cargo_bin("policypress")
        .expect("binary")
        .arg("--project")
        .arg(project())
        .args(["agreements", "status", "--school", "brookside-community-primary", "--year", "2025-26", "--returned"])
        .arg(&files.returned)
        .env("POLICYPRESS_ROSTER", &files.roster)
        .assert()
        .success()
        .stdout(predicates::str::contains("All 2 classes: 6 of 14 back"));
}

#[test]
fn command_line_mistakes_exit_2() {
    let files = files(RETURNED);
    assert!(stderr(&status(&files, &["--tier", "ks5"]).code(2)).contains("does not issue `ks5`"));
    assert!(stderr(&status(&files, &["--class", "Elm"]).code(2)).contains("no class `Elm`"));
    assert!(stderr(&status(&files, &["--paper", "a4"]).code(2)).contains("--paper"));
}

/// Parses RFC 4180 text: enough to read the report back as a spreadsheet would.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut cell, mut quoted, mut chars) = (Vec::new(), String::new(), false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(std::mem::take(&mut cell)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => cell.push(c),
        }
    }
    rows
}
