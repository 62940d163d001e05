//! A trust of three schools run from one project with ONE roster, exported tab separated
//! from the trust's information system with a School column that names each pupil's school
//! as that system writes it: in capitals, with odd spacing, by the school's URN, by an
//! alias, and for a few rows a school not yet in the project. Each school prints and tallies
//! its own pupils only; the name rules look for every pupil on every school's site; photo
//! consent is the tagged pupil's own, whichever school they attend; and the rows of no
//! school of the project are summed up once, by school name, never by pupil.

use std::collections::BTreeMap;

use assert_cmd::assert::Assert;
use serde_json::Value;

use crate::common::Project;
use crate::imagegen::{jpeg_with_person_tag, plain_jpeg};
use crate::pdf::layout::pages;

const ROSTER: &str = "private/trust-roster.txt";

/// The trust's roster. Columns: forename, surname, year, class, photo consent, school.
const ROWS: [[&str; 6]; 13] = [
    ["Forename", "Surname", "Year Group", "Reg Group", "Photo Consent", "School"],
    ["Amelia", "Thornbury", "Year 3", "Kingfisher", "Yes", "Larkfield Primary School"],
    ["Oliver", "Wiśniewski", "Year 4", "Kingfisher", "No", "larkfield  primary  school"],
    ["Tobias", "Wrenfield", "Year 4", "Heron", "Yes", "141234"],
    ["Hattie", "Pengelly", "Year 3", "Kingfisher", "Yes", "THE ALDERS"],
    ["Rhys", "Abernethy", "Year 4", "Kingfisher", "", "the alders community primary school"],
    ["Isla", "Quenby", "Year 3", "Wren", "Yes", "Alders CPS"],
    ["Maisie", "Holloway-Grant", "Year 3", "Robin", "No", "St. Brigid's"],
    ["Caoimhe", "Delaney", "Year 4", "Robin", "Yes", "ST BRIGIDS RC PRIMARY"],
    // A school the trust has not brought into the project yet; its year groups (Year 9,
    // Year 8) are under no school's `tiers:`, which must not stop anyone's agreements.
    ["Ezra", "Marchbank", "Year 9", "9M", "Yes", "Hollins Park Academy"],
    ["Wilf", "Ostrander", "Year 9", "9M", "", "hollins park academy"],
    ["Priyanka", "Sethuraman", "Year 8", "8S", "No", "Oakmere High"],
    ["Bethan", "Carrow", "Year 3", "Kingfisher", "Yes", "Oakmere High"],
];

/// Each school of the project's pupils, as printed, with their classes.
fn pupils_of(school: &str) -> Vec<(String, &'static str)> {
    let rows: &[usize] = match school {
        "larkfield" => &[1, 2, 3],
        "the-alders" => &[4, 5, 6],
        "st-brigids" => &[7, 8],
        _ => unreachable!("{school}"),
    };
    rows.iter().map(|&r| (format!("{} {}", ROWS[r][0], ROWS[r][1]), ROWS[r][3])).collect()
}

/// Every pupil's forename and surname, to prove a message holds none of them.
fn every_name() -> Vec<&'static str> {
    ROWS[1..].iter().flat_map(|row| [row[0], row[1]]).collect()
}

/// `schools/<id>/school.yaml` for a school of the trust; `extra` adds its `urn:` and
/// `aliases:`.
fn school_yaml(name: &str, short: &str, phone: &str, domain: &str, extra: &str) -> String {
    format!(
        "name: {name}\n\
         short_name: \"{short}\"\n\
         {extra}\
         country: england\n\
         type: academy\n\
         phases: [primary]\n\
         contact:\n  address: [\"{name}\", 2 Orchard Rise, Exampleton, EX2 4QT]\n  phone: \"{phone}\"\n  email: office@{domain}\n\
         publishable_emails: [office@{domain}]\n\
         people:\n  - name: Mrs Ada Example\n    roles: [headteacher]\n  - name: Mr Ben Sample\n    roles: [dsl]\n  \
         - name: Ms Cara Demo\n    roles: [esafety-coordinator]\n\
         tiers:\n  Year 3: ks2\n  Year 4: ks2\n\
         agreements: [ks2]\n\
         policies:\n  online-safety:\n    owner: esafety-coordinator\n    approved_by: Full Governing Body\n    \
         approved_on: 2026-09-10\n    last_reviewed_on: 2026-09-10\n    last_reviewed_by: Senior Leadership Team\n    next_review: 2027-09\n"
    )
}

/// The harness's project with its one school replaced by the trust's three, and the
/// trust's roster, tab separated as the information system exports it.
fn trust() -> Project {
    let project = Project::new();
    project.remove("schools/alpha");
    project.write(
        "schools/larkfield/school.yaml",
        school_yaml("Larkfield Primary School", "Larkfield", "01632 960410", "larkfield.example", "urn: 141234\n"),
    );
    project.write(
        "schools/the-alders/school.yaml",
        school_yaml("The Alders Community Primary School", "The Alders", "01632 960420", "thealders.example", "aliases: [Alders CPS]\n"),
    );
    project.write(
        "schools/st-brigids/school.yaml",
        school_yaml(
            "St Brigid's Catholic Primary School",
            "St Brigid's",
            "01632 960430",
            "stbrigids.example",
            "urn: 141236\naliases: [St Brigids RC Primary]\n",
        ),
    );
    let tsv: String = ROWS.iter().map(|row| row.join("\t") + "\r\n").collect();
    project.write(ROSTER, tsv);
    project
}

fn said(assert: &Assert) -> String {
    let output = assert.get_output();
    format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
}

/// `agreements` for `school`, with the trust's roster, into `out/<school>`, and what it said.
fn print(project: &Project, school: &str, extra: &[&str]) -> (String, BTreeMap<String, String>) {
    let out = project.abs(&format!("out/{school}"));
    let assert = project
        .command_without_roster(&["agreements", "--school", school, "--year", "2026-27", "--out"])
        .arg(&out)
        .arg("--roster")
        .arg(project.abs(ROSTER))
        .args(extra)
        .assert()
        .success();
    let mut pdfs = BTreeMap::new();
    for entry in std::fs::read_dir(&out).expect("the packs' folder") {
        let path = entry.expect("an entry").path();
        // The folder also holds the mark that says policypress wrote it.
        if path.extension().is_none_or(|ext| ext != "pdf") {
            continue;
        }
        let words: Vec<String> = pages(&std::fs::read(&path).expect("a PDF")).iter().flat_map(|page| page.words()).collect();
        pdfs.insert(path.file_name().unwrap().to_string_lossy().into_owned(), words.join(" "));
    }
    (said(&assert), pdfs)
}

/// The one `unplaced-pupils` warning in `said`, checked to be there once, to count the
/// rows of no school of the project, to name their schools and to name no pupil.
fn assert_one_summary(said: &str) {
    let summary = "4 rows name a school that is not in this project: `Hollins Park Academy` (2), `Oakmere High` (2)";
    assert_eq!(said.matches(summary).count(), 1, "one summary, said once:\n{said}");
    for name in every_name() {
        assert!(!said.contains(name), "a pupil's name was printed: {name}\n{said}");
    }
}

#[test]
fn each_school_prints_agreements_for_its_own_pupils_only() {
    let project = trust();
    for school in ["larkfield", "the-alders", "st-brigids"] {
        let (said, pdfs) = print(&project, school, &[]);
        assert_one_summary(&said);
        let own = pupils_of(school);
        let classes: Vec<String> = own.iter().map(|(_, class)| format!("{class}.pdf")).collect();
        assert!(pdfs.keys().all(|file| classes.contains(file)), "{school} printed {:?}", pdfs.keys());
        for (name, class) in &own {
            assert!(pdfs[&format!("{class}.pdf")].contains(name.as_str()), "{name} is missing from {school}'s {class} pack");
        }
        let printed: String = pdfs.values().cloned().collect();
        for other in ROWS[1..].iter().map(|row| row[1]).filter(|surname| !own.iter().any(|(name, _)| name.ends_with(surname))) {
            assert!(!printed.contains(other), "{school}'s packs print another school's pupil, {other}");
        }
    }
}

/// Regression: `--school the-alders --class Kingfisher` printed Larkfield's Kingfisher
/// pupils too, both schools having a class of that name.
#[test]
fn a_class_is_the_school_s_own_class_of_that_name() {
    let project = trust();
    let (_, pdfs) = print(&project, "the-alders", &["--class", "Kingfisher"]);
    assert_eq!(pdfs.keys().collect::<Vec<_>>(), ["Kingfisher.pdf"]);
    let kingfisher = &pdfs["Kingfisher.pdf"];
    assert!(kingfisher.contains("Hattie Pengelly") && kingfisher.contains("Rhys Abernethy"), "{kingfisher}");
    for other in ["Thornbury", "Wiśniewski", "Carrow"] {
        assert!(!kingfisher.contains(other), "another school's Kingfisher pupil, {other}, was printed");
    }
    // The class asked for must be this school's: St Brigid's has no Kingfisher class.
    let assert = project
        .command_without_roster(&["agreements", "--school", "st-brigids", "--year", "2026-27", "--class", "Kingfisher", "--roster"])
        .arg(project.abs(ROSTER))
        .arg("--out")
        .arg(project.abs("out/kingfisher"))
        .assert()
        .code(2);
    let said = said(&assert);
    assert!(
        said.contains("no pupil of `st-brigids` in the roster is in the class `Kingfisher`")
            && said.contains("the classes of `st-brigids` in the roster are: `Robin`"),
        "{said}"
    );
    assert_one_summary(&said);
}

#[test]
fn the_status_counts_the_school_s_own_rows_only() {
    let project = trust();
    // Amelia's form was handed in at the wrong school: said, not counted, no report withheld.
    project.write("private/returned.csv", "Pupil,Date returned\nHattie Pengelly,2026-09-12\nAmelia Thornbury,2026-09-13\n");
    let assert = project
        .command_without_roster(&["agreements", "status", "--school", "the-alders", "--year", "2026-27", "--returned"])
        .arg(project.abs("private/returned.csv"))
        .arg("--roster")
        .arg(project.abs(ROSTER))
        .assert()
        .success();
    let report = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(report.contains("Kingfisher: 1 of 2 back") && report.contains("Wren: 0 of 1 back"), "{report}");
    for other in ["Heron", "Robin", "9M", "Thornbury", "Wiśniewski", "Carrow"] {
        assert!(!report.contains(other), "another school's row is counted: {other}\n{report}");
    }
    let warnings = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert_one_summary(&warnings);
    assert!(warnings.contains("line 3: this pupil is on the roster at `Larkfield Primary School`, not at this school"), "{warnings}");
}

/// The name rules and photo consent over the whole trust: one `check` of every school.
fn check(project: &Project) -> Vec<Value> {
    let output = project
        .command_without_roster(&["check", "--format", "json", "--roster"])
        .arg(project.abs(ROSTER))
        .output()
        .expect("run policypress");
    crate::common::parse_findings(&output.stdout, &output.stderr)
}

#[test]
fn every_pupil_of_the_trust_is_looked_for_on_every_school_s_site() {
    let project = trust();
    // A Larkfield pupil's full name on St Brigid's site.
    project.write(
        "schools/st-brigids/content/pages/news.md",
        "---\ntitle: News\nkind: page\n---\nWell done to Amelia Thornbury for her poster at the trust's art show.\n",
    );
    let findings = check(&project);
    let surname = findings
        .iter()
        .find(|f| f["rule"] == "pupil-surname" && f["file"] == "schools/st-brigids/content/pages/news.md")
        .unwrap_or_else(|| panic!("no pupil-surname on St Brigid's news: {findings:#?}"));
    assert_eq!(surname["severity"], "error");
    let summaries: Vec<&Value> = findings.iter().filter(|f| f["rule"] == "unplaced-pupils").collect();
    assert_eq!(summaries.len(), 1, "said once for the whole run, not once for each school: {summaries:#?}");
    assert_eq!(summaries[0]["severity"], "warning");
    assert_one_summary(&summaries[0].to_string());
}

#[test]
fn photo_consent_is_the_tagged_pupil_s_own_whichever_school_they_attend() {
    let project = trust();
    let plain = plain_jpeg();
    // St Brigid's pupils, on The Alders' site (a joint trip): Maisie's consent is "No",
    // Caoimhe's "Yes".
    project.write("schools/the-alders/media/trip/art.jpg", jpeg_with_person_tag(&plain, "Maisie Holloway-Grant"));
    project.write("schools/the-alders/media/trip/music.jpg", jpeg_with_person_tag(&plain, "Caoimhe Delaney"));
    project.write(
        "schools/the-alders/content/pages/trip.md",
        "---\ntitle: Our trip\nkind: page\n---\n![Painting by the river](/media/trip/art.jpg)\n\n![Singing on the coach](/media/trip/music.jpg)\n",
    );
    let findings = check(&project);
    let consent = |file: &str| {
        findings.iter().filter(|f| f["rule"] == "photo-consent" && f["file"] == format!("schools/the-alders/media/trip/{file}")).count()
    };
    assert_eq!(consent("art.jpg"), 1, "Maisie's refused consent, on her own row at St Brigid's: {findings:#?}");
    assert_eq!(consent("music.jpg"), 0, "Caoimhe's consent is recorded on her own row at St Brigid's: {findings:#?}");
}

#[test]
fn urn_and_aliases_are_checked_where_they_are_written() {
    let project = trust();
    project.replace("schools/larkfield/school.yaml", "urn: 141234\n", "urn: LPS-141234\n");
    let findings = check(&project);
    let urn = findings.iter().find(|f| f["file"] == "schools/larkfield/school.yaml").unwrap_or_else(|| panic!("{findings:#?}"));
    assert_eq!((urn["rule"].as_str(), urn["line"].as_u64()), (Some("invalid-yaml"), Some(3)), "{urn:#}");
    assert!(urn["message"].as_str().is_some_and(|m| m.contains("is not a URN")), "{urn:#}");

    // An alias that is another school's short name: a row naming it could be either's.
    let project = trust();
    project.replace("schools/the-alders/school.yaml", "aliases: [Alders CPS]", "aliases: [Alders CPS, LARKFIELD]");
    let findings = check(&project);
    let clash = findings
        .iter()
        .find(|f| f["rule"] == "invalid-school" && f["file"] == "schools/the-alders/school.yaml")
        .unwrap_or_else(|| panic!("{findings:#?}"));
    assert_eq!(clash["line"].as_u64(), Some(3), "{clash:#}");
    assert!(clash["message"].as_str().is_some_and(|m| m.contains("`LARKFIELD` is a name of larkfield")), "{clash:#}");
}

#[test]
fn a_built_site_holds_nothing_from_the_trust_s_roster() {
    let project = trust();
    let assert = project.command_without_roster(&["build", "--roster"]).arg(project.abs(ROSTER)).assert().success();
    assert_one_summary(&said(&assert));
    let published = crate::common::snapshot_dir(&project.abs("public"));
    assert!(published.contains_key("larkfield/index.html") && published.contains_key("st-brigids/index.html"));
    for (path, bytes) in &published {
        let text = String::from_utf8_lossy(bytes);
        for name in ["Hollins Park", "Oakmere"].into_iter().chain(every_name()) {
            assert!(!text.contains(name), "{path} holds `{name}` from the roster");
        }
    }
}
