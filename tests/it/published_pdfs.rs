//! The PDFs the site publishes: every policy and every blank agreement has one, linked from
//! its page, tagged, titled, and holding the page's words; an unchanged PDF is reused on
//! the next build; a mistake in a print template refuses the build and names its line.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use crate::common::{AGREEMENT, POLICY, Project};
use crate::pdf::poppler;
use scraper::{Html, Selector};

/// The PDF a built page links for download, as a path on disk.
fn linked_pdf(page: &Path) -> Option<PathBuf> {
    let html = Html::parse_document(&std::fs::read_to_string(page).expect("page"));
    let link = Selector::parse("a[download]").expect("selector");
    let href = html.select(&link).next()?.value().attr("href")?.to_owned();
    Some(page.parent().expect("folder").join(href))
}

fn heading(page: &Path) -> String {
    let html = Html::parse_document(&std::fs::read_to_string(page).expect("page"));
    let h1 = Selector::parse("h1").expect("selector");
    html.select(&h1).next().expect("an h1").text().collect::<String>().trim().to_owned()
}

fn build(project: &Project) {
    project.run(&["build", "--out", "site"]).success();
}

#[test]
fn every_policy_and_agreement_page_links_a_tagged_pdf_of_itself() {
    let project = Project::new();
    build(&project);
    let site = project.abs("site/alpha");
    for page in ["policies/online-safety/index.html", "agreements/ks2/index.html"] {
        let page = site.join(page);
        let pdf = linked_pdf(&page).unwrap_or_else(|| panic!("{} has no PDF link", page.display()));
        assert!(std::fs::read(&pdf).expect("the linked PDF exists").starts_with(b"%PDF-"));
        let title = heading(&page);
        let info = poppler("pdfinfo", &[], &pdf);
        assert!(info.lines().any(|l| l.starts_with("Title:") && l.contains(&title)), "{title} not the PDF's title:\n{info}");
        assert!(info.lines().any(|l| l.starts_with("Tagged:") && l.contains("yes")), "not tagged:\n{info}");
        let text = poppler("pdftotext", &[], &pdf);
        assert!(text.contains(&title), "{title} not printed in {}", pdf.display());
        let language = b"/Lang(en-GB)";
        assert!(std::fs::read(&pdf).expect("pdf").windows(language.len()).any(|w| w == language), "no document language");
    }
    // The blank agreement is for the academic year of the build: today is 23 November 2026.
    let agreement = linked_pdf(&site.join("agreements/ks2/index.html")).expect("link");
    assert!(poppler("pdftotext", &[], &agreement).contains("2026–27"));
    // Guidance is read on screen: no PDF.
    let guidance = std::fs::read_dir(site.join("parents")).expect("parents").filter_map(Result::ok).find(|e| e.path().is_dir());
    let guidance = guidance.expect("a guidance page").path().join("index.html");
    assert!(linked_pdf(&guidance).is_none());
}

#[test]
fn an_unchanged_pdf_is_reused_and_an_edited_policy_gets_a_new_one() {
    let project = Project::new();
    build(&project);
    let site = project.abs("site/alpha");
    let policy_page = site.join("policies/online-safety/index.html");
    let agreement_page = site.join("agreements/ks2/index.html");
    let (policy, agreement) = (linked_pdf(&policy_page).expect("link"), linked_pdf(&agreement_page).expect("link"));
    let inode = |path: &Path| std::fs::metadata(path).expect("file").ino();
    let (policy_inode, agreement_inode) = (inode(&policy), inode(&agreement));

    project.append(POLICY, "\nA sentence added at the end of the policy.\n");
    build(&project);
    let edited = linked_pdf(&policy_page).expect("link");
    assert_ne!(edited, policy, "an edited policy must not keep its old PDF's name");
    assert!(!policy.exists(), "the old PDF stays published");
    assert!(poppler("pdftotext", &[], &edited).contains("A sentence added at the end"));
    assert_ne!(inode(&edited), policy_inode);
    // The agreement did not change: the same file, linked in from the previous site.
    assert_eq!(linked_pdf(&agreement_page).expect("link"), agreement);
    assert_eq!(inode(&agreement), agreement_inode);

    project.append(AGREEMENT, "\n- [ ] I will ask before I download anything.\n");
    build(&project);
    assert_ne!(linked_pdf(&agreement_page).expect("link"), agreement);
}

#[test]
fn a_mistake_in_a_print_template_refuses_the_build_and_names_its_line() {
    let project = Project::new();
    build(&project);
    let before = crate::common::snapshot_dir(&project.abs("site"));
    let template = "themes/default/print/policy.typ";
    project.append(template, "#text(data.no-such-field)");
    let lines = project.read(template).lines().count();
    let findings = project.json_findings(&["build", "--out", "site"]);
    let finding = findings.iter().find(|f| f["rule"] == "print-failed").unwrap_or_else(|| panic!("no print-failed in {findings:?}"));
    assert_eq!(finding["file"], template);
    assert_eq!(finding["line"], lines);
    assert!(finding["message"].as_str().unwrap_or_default().contains("no-such-field"), "{finding}");
    assert_eq!(crate::common::first_difference(&before, &crate::common::snapshot_dir(&project.abs("site"))), None, "the site changed");
}
