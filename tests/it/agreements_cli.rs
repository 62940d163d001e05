//! `policypress agreements` run as the office would: against the example project, with a
//! fictional roster, writing into a temporary folder.

use std::path::Path;

use crate::pdf::{page_count, poppler};
use assert_cmd::Command;

fn project() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn agreements(args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("policypress")
        .expect("binary")
        .arg("--project")
        .arg(project())
        .args(["agreements", "--school", "brookside-community-primary", "--year", "2025-26"])
        .args(args)
        .env_remove("POLICYPRESS_ROSTER")
        .assert()
}

#[test]
fn a_roster_gives_one_pdf_per_class_in_register_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    let roster = dir.path().join("pupils.csv");
    std::fs::write(
        &roster,
        "Forename,Surname,Year,Class\nZoë,Łukasiewicz,Year 2,Oak\nSeán,O'Neill-Ware,Year 3,Ash\nAmara,*Star* #1,Year 3,Ash\nŴyn,Şahin,Reception,Oak\nBen,Adams,Year 2,Oak\n",
    )
    .expect("roster");
    let out = dir.path().join("out");
    agreements(&["--roster", roster.to_str().expect("utf-8"), "--out", out.to_str().expect("utf-8")]).success();
    assert_eq!(page_count(&out.join("Oak.pdf")), 1 + 3);
    assert_eq!(page_count(&out.join("Ash.pdf")), 1 + 2);
    let text = poppler("pdftotext", &["-f", "2", "-l", "4"], &out.join("Oak.pdf"));
    let order: Vec<usize> = ["Ben Adams", "Zoë Łukasiewicz", "Ŵyn Şahin"].iter().map(|n| text.find(n).expect(n)).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "pupils out of register order");
    assert!(text.contains("Early years agreement"));
}

#[test]
fn without_a_roster_there_is_one_blank_pdf_per_tier() {
    let dir = tempfile::tempdir().expect("temp dir");
    agreements(&["--out", dir.path().to_str().expect("utf-8"), "--tier", "ks2", "--tier", "staff", "--paper", "letter"]).success();
    let mut names: Vec<String> =
        std::fs::read_dir(dir.path()).expect("out").map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    // The PDFs, and the marker that says `agreements` wrote this folder.
    assert_eq!(names, [".policypress-output", "ks2.pdf", "staff.pdf"]);
    assert!(poppler("pdfinfo", &[], &dir.path().join("ks2.pdf")).contains("612 x 792 pts (letter)"));
}

#[test]
fn a_year_group_without_a_tier_names_the_line_and_not_the_pupil() {
    let dir = tempfile::tempdir().expect("temp dir");
    let roster = dir.path().join("pupils.csv");
    std::fs::write(&roster, "Forename,Surname,Year,Class\nAda,Quillfeather,Year 2,Oak\nBo,Zanzibarre,Year 12,Oak\n").expect("roster");
    let out = dir.path().join("out");
    let assert = agreements(&["--roster", roster.to_str().expect("utf-8"), "--out", out.to_str().expect("utf-8")]).code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("row 3:") && stderr.contains("Year 12"), "{stderr}");
    assert!(!stderr.contains("Zanzibarre") && !stderr.contains("Bo,"), "a pupil's name was printed: {stderr}");
    assert!(!out.join("Oak.pdf").exists());
}

#[test]
fn a_malformed_year_is_a_command_line_error() {
    let assert = Command::cargo_bin("policypress")
        .expect("binary")
        .arg("--project")
        .arg(project())
        .args(["agreements", "--school", "brookside-community-primary", "--year", "2025-27"])
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&assert.get_output().stderr).contains("not an academic year"));
}

/// Regression: `agreements` rendered each agreement with a Tera of its own that knew no
/// `shared/` templates, so a school that replaced one section of a shared agreement got a
/// template error instead of its forms, and the printed wording could differ from the
/// published page. It now renders through the build's own stages.
#[test]
fn a_schools_override_of_a_shared_agreement_prints_as_its_page_publishes() {
    use crate::common::{AGREEMENT, Project};
    let project = Project::new();
    project.replace(AGREEMENT, "## My promises\n", "{% block promises %}\n## My promises\n");
    project.append(AGREEMENT, "{% endblock promises %}");
    project.write(
        "schools/alpha/content/agreements/ks2.md",
        "---\ntitle: Key Stage 2 Acceptable Use Agreement\nkind: agreement\ntier: ks2\n\
         signatures: [child-name, class, child-signature, parent-signature, date]\n---\n\
         {% extends \"shared/agreements/ks2.md\" %}\n{% block promises %}\n## Our class promises\n\n\
         - [ ] I will tell my teacher if something online worries me.\n{% endblock promises %}\n",
    );
    let out = project.path().join("packs");
    let out_arg = out.to_str().expect("utf-8");
    project.command_without_roster(&["agreements", "--school", "alpha", "--year", "2025-26", "--out", out_arg]).assert().success();
    let printed = poppler("pdftotext", &[], &out.join("ks2.pdf"));
    assert!(printed.contains("Our class promises") && printed.contains("tell my teacher"), "{printed}");
    assert!(!printed.contains("My promises"), "the shared wording was printed: {printed}");
    project.command_without_roster(&["build"]).assert().success();
    let published = project.read("public/alpha/agreements/ks2/index.html");
    assert!(published.contains("Our class promises") && !published.contains("My promises"));
}

/// Regression: a school's whole copy of a shared agreement that uses the school's details
/// (`{{ school.name }}`) was published with the shared wording on the site, while its
/// class packs printed the school's: registering the school's body kept the shared one.
#[test]
fn a_schools_own_copy_of_a_shared_agreement_is_what_its_site_and_packs_show() {
    use crate::common::Project;
    let project = Project::new();
    project.write(
        "schools/alpha/content/agreements/ks2.md",
        "---\ntitle: Key Stage 2 Acceptable Use Agreement\nkind: agreement\ntier: ks2\n\
         signatures: [child-name, class, child-signature, parent-signature, date]\n---\n\
         At {{ school.name }} our class promises are our own.\n\n- I will tell my teacher if something online worries me.\n",
    );
    project.command_without_roster(&["build"]).assert().success();
    let published = project.read("public/alpha/agreements/ks2/index.html");
    assert!(published.contains("our class promises are our own"), "the shared wording was published");
    let out = project.path().join("packs");
    let out_arg = out.to_str().expect("utf-8");
    project.command_without_roster(&["agreements", "--school", "alpha", "--year", "2025-26", "--out", out_arg]).assert().success();
    let printed = poppler("pdftotext", &[], &out.join("ks2.pdf"));
    assert!(printed.contains("our class promises are our own"), "{printed}");
}

/// A child known as Millie gets a sheet for Millie, and an adopted child's legal surname
/// is not sent home, whatever order the roster's columns come in; a school that must print
/// legal names says `printed_names: legal`.
#[test]
fn sheets_carry_the_preferred_names_unless_the_school_asks_for_legal_ones() {
    use crate::common::{Project, SCHOOL_YAML};
    let project = Project::new();
    let roster = project.path().join("private/pupils.csv");
    std::fs::create_dir_all(roster.parent().expect("folder")).expect("folder");
    std::fs::write(
        &roster,
        "Preferred Surname,Reg Group,Preferred Forename,Year Group,Legal Surname,Legal Forename\n\
         Quillfeather,3W,Millie,Year 3,Zanzibarre,Amelia\n\
         ,3W,,Year 3,Ashby,Jo\n",
    )
    .expect("roster");
    let out = project.path().join("packs");
    let (roster, packs) = (roster.to_str().expect("utf-8"), out.to_str().expect("utf-8"));
    let args = ["agreements", "--school", "alpha", "--year", "2025-26", "--roster", roster, "--out", packs];
    project.command_without_roster(&args).assert().success();
    let printed = poppler("pdftotext", &[], &out.join("3W.pdf"));
    assert!(printed.contains("Millie Quillfeather") && printed.contains("Jo Ashby"), "{printed}");
    assert!(!printed.contains("Amelia") && !printed.contains("Zanzibarre"), "a legal name was printed: {printed}");
    project.append(SCHOOL_YAML, "printed_names: legal\n");
    project.command_without_roster(&args).assert().success();
    let printed = poppler("pdftotext", &[], &out.join("3W.pdf"));
    assert!(printed.contains("Amelia Zanzibarre") && !printed.contains("Millie"), "{printed}");
}

/// Regression: `--class Oak`, when the roster says "2/3 Oak", printed nothing, said nothing
/// and exited 0. It is a command-line mistake (exit code 2), as it is for `agreements status`.
#[test]
fn a_class_no_pupil_is_in_is_an_error_naming_the_classes_that_are() {
    let dir = tempfile::tempdir().expect("temp dir");
    let roster = dir.path().join("pupils.csv");
    std::fs::write(&roster, "Forename,Surname,Year,Class\nAda,Quillfeather,Year 3,2/3 Oak\nBo,Zanzibarre,Year 4,4 Ash\n").expect("roster");
    let out = dir.path().join("out");
    let (roster, out) = (roster.to_str().expect("utf-8"), out.to_str().expect("utf-8"));
    let assert = agreements(&["--roster", roster, "--out", out, "--class", "Oak"]).code(2);
    let said = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(said.contains("no pupil in the roster is in the class `Oak`") && said.contains("did you mean: `2/3 Oak`"), "{said}");
    let assert = agreements(&["--roster", roster, "--out", out, "--class", "Elm"]).code(2);
    let said = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(said.contains("the classes in the roster are: `2/3 Oak`, `4 Ash`"), "{said}");
}
