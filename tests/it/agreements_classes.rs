//! A whole school's worth of agreements, as the office would print them in September: a
//! fictional 120-pupil roster across 4 classes and 3 tiers (names with accents,
//! apostrophes and hyphens), printed for Brookside in the example project. Also: every
//! tier of every example school fits the pages it is meant to take.

use std::collections::BTreeMap;
use std::path::Path;

use crate::pdf::{page_count, poppler};
use assert_cmd::Command;

fn project() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

const FORENAMES: [&str; 12] = ["Zoë", "Seán", "Łucja", "Ŵyn", "Chloë", "Mehmet", "Anaïs", "Jo-Ann", "Ife", "Bartłomiej", "Renée", "Tomás"];
const SURNAMES: [&str; 10] =
    ["O'Neill", "Şahin", "Wiśniewska", "ap Rhys", "Adeyemi-Clarke", "Dąbrowski", "D'Souza", "Nguyễn", "Ó Briain", "Müller-Lewis"];

/// The four classes: (class, year group, tier title, pupils).
const CLASSES: [(&str, &str, &str); 4] = [
    ("Acorns", "Reception", "Early years agreement"),
    ("Beech", "Year 2", "Key Stage 1 agreement"),
    ("Cedar", "Year 4", "Key Stage 2 agreement"),
    ("Damson", "Year 6", "Key Stage 2 agreement"),
];

/// 120 pupils, 30 a class, every name different.
fn roster() -> (String, BTreeMap<&'static str, Vec<String>>) {
    let mut csv = String::from("Forename,Surname,Year,Class\n");
    let mut by_class: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for i in 0..120 {
        let (class, year, _) = CLASSES[i / 30];
        let (forename, surname) = (FORENAMES[i % 12], SURNAMES[(i / 12) % 10]);
        csv.push_str(&format!("{forename},{surname},{year},{class}\n"));
        by_class.entry(class).or_default().push(format!("{forename} {surname}"));
    }
    (csv, by_class)
}

/// `agreements` for Brookside with `roster`, into `out`.
fn print_with_roster(roster: &Path, out: &Path) {
    run(&[
        "agreements",
        "--school",
        "brookside-community-primary",
        "--year",
        "2025-26",
        "--roster",
        roster.to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
}

fn run(args: &[&str]) {
    Command::cargo_bin("policypress")
        .expect("binary")
        .arg("--project")
        .arg(project())
        .args(args)
        .env_remove("POLICYPRESS_ROSTER")
        .assert()
        .success();
}

/// The text of each page, from one pdftotext run (pages end with a form feed).
fn pages(pdf: &Path) -> Vec<String> {
    let text = poppler("pdftotext", &[], pdf);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

#[test]
fn a_120_pupil_roster_gives_one_pdf_per_class_with_each_pupil_on_their_own_page() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (csv, by_class) = roster();
    let roster = dir.path().join("roster.csv");
    std::fs::write(&roster, csv).expect("roster");
    let (first, second) = (dir.path().join("first"), dir.path().join("second"));
    print_with_roster(&roster, &first);
    print_with_roster(&roster, &second);

    for (class, _, title) in CLASSES {
        let pdf = first.join(format!("{class}.pdf"));
        let names = &by_class[class];
        assert_eq!(page_count(&pdf), names.len() + 1, "{class}: one page per pupil and the sign-off sheet");
        let pages = pages(&pdf);
        assert!(pages[0].contains(&format!("Sign-off sheet: {class}")));
        for name in names {
            assert!(pages[0].contains(name.as_str()), "{name} missing from {class}'s sign-off sheet");
            let own: Vec<usize> = (1..pages.len()).filter(|&p| pages[p].contains(name.as_str())).collect();
            assert_eq!(own.len(), 1, "{name} should be on exactly one sheet of {class}, found on {own:?}");
            let sheet = &pages[own[0]];
            assert!(sheet.contains(title), "{name}'s sheet is not the {title}");
            assert!(sheet.contains("2025–26") && sheet.contains(class), "{name}'s sheet lacks the year or class");
        }
        assert_eq!(
            std::fs::read(&pdf).expect("pdf"),
            std::fs::read(second.join(format!("{class}.pdf"))).expect("pdf"),
            "{class}: two runs differ"
        );
        let fonts = poppler("pdffonts", &[], &pdf);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(
            !rows.is_empty() && rows.iter().all(|row| row.split_whitespace().rev().nth(4) == Some("yes")),
            "a font not embedded:\n{fonts}"
        );
    }
    // The parents' forms go home with every child, the child's name printed in.
    let parents = pages(&first.join("Cedar-parents.pdf"));
    assert_eq!(parents.len(), 31);
    assert!(by_class["Cedar"].iter().all(|name| parents[1..].iter().filter(|p| p.contains(name.as_str())).count() == 1));
}

/// The pages each tier may take, as the manual says: the agreements adults sign with their
/// job title (staff, and the Welsh school's adults in school) may run to two, every other
/// sheet is one page so a pupil's signature is never on a second sheet; printed in two
/// languages (`bilingual`), a sheet may take twice that. `agreements` refuses a sheet over
/// its budget itself; this checks the budgets are the documented ones.
fn allowed_pages(tier: &str, bilingual: bool) -> usize {
    let one = if tier.starts_with("staff") || tier == "adults" { 2 } else { 1 };
    if bilingual { one * 2 } else { one }
}

#[test]
fn every_tier_of_every_example_school_fits_its_pages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut overflowing = Vec::new();
    for entry in std::fs::read_dir(project().join("schools")).expect("schools") {
        let school = entry.expect("entry").file_name().to_string_lossy().into_owned();
        let yaml = std::fs::read_to_string(project().join("schools").join(&school).join("school.yaml")).expect("school.yaml");
        let bilingual = yaml.contains("agreement_language: both");
        let out = dir.path().join(&school);
        run(&["agreements", "--school", &school, "--year", "2025-26", "--out", out.to_str().expect("utf-8")]);
        let pdfs = std::fs::read_dir(&out).expect("out").map(|entry| entry.expect("entry").path());
        for pdf in pdfs.filter(|path| path.extension().is_some_and(|e| e == "pdf")) {
            let tier = pdf.file_stem().expect("stem").to_string_lossy().into_owned();
            let pages = page_count(&pdf);
            // Only a tier translated prints in both languages: the others print once.
            let translated = bilingual && project().join("schools").join(&school).join(format!("content/agreements/{tier}.cy.md")).exists();
            let allowed = allowed_pages(&tier, translated);
            if pages > allowed {
                overflowing.push(format!("{school}: the {tier} agreement takes {pages} pages, more than {allowed}"));
            }
        }
    }
    assert!(overflowing.is_empty(), "shorten these agreements:\n{}", overflowing.join("\n"));
}

#[test]
fn a_very_long_name_still_fits_the_sheet() {
    let dir = tempfile::tempdir().expect("temp dir");
    let roster = dir.path().join("roster.csv");
    let long = "Maximilian-Alexander Bartholomew-Featherstonehaugh-Wiśniewski";
    let (forename, surname) = long.split_once(' ').expect("two parts");
    std::fs::write(&roster, format!("Forename,Surname,Year,Class\n{forename},{surname},Year 1,Acorns\nAda,Ng,Reception,Acorns\n"))
        .expect("roster");
    let out = dir.path().join("out");
    print_with_roster(&roster, &out);
    assert_eq!(page_count(&out.join("Acorns.pdf")), 3);
    assert!(pages(&out.join("Acorns.pdf")).iter().skip(1).any(|p| p.replace('\n', " ").contains(long)));
}
