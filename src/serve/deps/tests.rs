//! Which edit re-renders which pages: a small project is built for real, the map is
//! recorded, the edit is made on disk, and the project loaded again.

use std::collections::BTreeSet;
use std::fs;

use super::{Affected, Change, DependencyMap, same_listing};
use crate::project::{self, School};
use crate::render;
use crate::serve::fixture::{Fixture, SCHOOL, policy, today};

impl Fixture {
    /// The dependency map of school `alpha` as built now.
    fn map(&self) -> DependencyMap {
        let project = project::load_project(self.root(), &["alpha".to_owned()]).unwrap();
        let theme = render::theme::load_theme(self.root(), "default").unwrap();
        let school = &project.schools[0];
        let prepared = render::prepare_theme(&theme, &[school]).unwrap();
        let templates = render::SchoolTemplates::new(prepared, school, &theme.strings).unwrap();
        let printer = crate::print::Printer::load(self.root(), "default").unwrap();
        let progress = crate::progress::Progress::hidden();
        let pages = render::render_pages(&project, school, &templates, &theme, &printer, today(), &|_| true, &progress).unwrap().pages;
        DependencyMap::for_school(school, &theme.sources, &pages)
    }

    /// The pages school `alpha` publishes now.
    fn pages_now(&self) -> BTreeSet<String> {
        let project = project::load_project(self.root(), &["alpha".to_owned()]).unwrap();
        let school = &project.schools[0];
        school
            .pages
            .iter()
            .map(|p| crate::project::layout::page_file(&p.url))
            .chain(render::generated_pages(school).iter().map(render::Generated::file))
            .collect()
    }

    /// Records the map, makes the edit, and says what the change calls for.
    fn after(&self, edit: impl FnOnce(&Fixture), changes: &[Change]) -> Affected {
        let map = self.map();
        let before = self.alpha();
        edit(self);
        let after = self.alpha();
        map.affected(changes, &self.pages_now(), &same_listing(&before, &after, changes))
    }

    /// School `alpha` as loaded now (from a project that loads).
    fn alpha(&self) -> School {
        let project = project::load_project(self.root(), &["alpha".to_owned()]).unwrap();
        project.schools.into_iter().next().unwrap()
    }
}

fn set(files: &[&str]) -> BTreeSet<String> {
    files.iter().map(|f| (*f).to_owned()).collect()
}

const LISTINGS: [&str; 2] = ["index.html", "policies/index.html"];

#[test]
fn editing_a_policy_s_title_re_renders_it_and_the_pages_that_list_it() {
    let fixture = Fixture::new();
    let edit = |f: &Fixture| f.write("content/policies/beta.md", policy("Beta, revised", "## Rules\n\nBe kind."));
    let affected = fixture.after(edit, &[Change::edit("content/policies/beta.md")]);
    assert_eq!(affected.render, set(&["policies/beta/index.html", LISTINGS[0], LISTINGS[1]]));
    assert!(affected.removed.is_empty());
}

#[test]
fn editing_only_a_policy_s_body_leaves_the_listings_as_they_are() {
    // The listings show a policy's title, summary and address, none of which changed.
    let fixture = Fixture::new();
    let edit = |f: &Fixture| f.write("content/policies/beta.md", policy("Beta", "## Rules\n\nBe kinder."));
    let affected = fixture.after(edit, &[Change::edit("content/policies/beta.md")]);
    assert_eq!(affected.render, set(&["policies/beta/index.html"]));
}

#[test]
fn editing_school_yaml_re_renders_every_page_of_that_school_and_no_other() {
    let fixture = Fixture::new();
    let edit = |f: &Fixture| f.write("schools/alpha/school.yaml", SCHOOL.replace("Alpha Fields Primary", "Alpha Meadows Primary"));
    let affected = fixture.after(edit, &[Change::edit("schools/alpha/school.yaml")]);
    assert_eq!(affected.render, fixture.pages_now());
    let other = fixture.after(|f| f.write("schools/beta/school.yaml", SCHOOL), &[Change::edit("schools/beta/school.yaml")]);
    assert_eq!(other, Affected::default());
}

#[test]
fn editing_a_template_re_renders_every_page_using_it() {
    let fixture = Fixture::new();
    let policy_template = "themes/default/templates/policy.html";
    let affected = fixture.after(|_| {}, &[Change::edit(policy_template)]);
    assert_eq!(affected.render, set(&["policies/alpha/index.html", "policies/beta/index.html"]));
    let base = fixture.after(|_| {}, &[Change::edit("themes/default/templates/base.html")]);
    assert_eq!(base.render, fixture.pages_now(), "every template extends base.html");
    let css = fixture.after(|_| {}, &[Change::edit("themes/default/static/style.css")]);
    assert!(css.render.is_empty(), "a stylesheet is a file, not part of any page");
}

#[test]
fn adding_a_policy_renders_it_and_the_pages_that_list_it() {
    let fixture = Fixture::new();
    let affected = fixture
        .after(
            |f| {
                f.write("content/policies/gamma.md", policy("Gamma", "New."));
                let entry = "  gamma:\n    owner: headteacher\n    approved_by: Full Governing Body\n    approved_on: 2026-09-10\n    next_review: 2027-09\n";
                f.write("schools/alpha/school.yaml", crate::serve::fixture::SCHOOL.replace("policies:\n", &format!("policies:\n{entry}")));
            },
            &[Change::structural("content/policies/gamma.md"), Change::structural("schools/alpha/school.yaml")],
        );
    // Its entry in school.yaml comes with it, and an edit of school.yaml renders the school.
    assert!(affected.render.is_superset(&set(&["policies/gamma/index.html", LISTINGS[0], LISTINGS[1]])), "{:?}", affected.render);
}

#[test]
fn deleting_a_page_removes_it_and_re_renders_the_home_page_that_lists_it() {
    let fixture = Fixture::new();
    let delete = |f: &Fixture| fs::remove_file(f.root().join("content/pages/visits.md")).unwrap();
    let affected = fixture.after(delete, &[Change::structural("content/pages/visits.md")]);
    assert_eq!(affected.removed, set(&["visits/index.html"]));
    assert_eq!(affected.render, set(&["index.html"]));
}

#[test]
fn renaming_a_page_is_a_removal_and_an_addition() {
    let fixture = Fixture::new();
    let rename = |f: &Fixture| fs::rename(f.root().join("content/pages/visits.md"), f.root().join("content/pages/open-days.md")).unwrap();
    let changes = [Change::structural("content/pages/visits.md"), Change::structural("content/pages/open-days.md")];
    let affected = fixture.after(rename, &changes);
    assert_eq!(affected.removed, set(&["visits/index.html"]));
    assert_eq!(affected.render, set(&["open-days/index.html", "index.html"]));
}

#[test]
fn deleting_a_whole_folder_reaches_every_page_made_from_it() {
    let fixture = Fixture::new();
    let affected = fixture.after(|f| fs::remove_dir_all(f.root().join("content/pages")).unwrap(), &[Change::structural("content/pages")]);
    assert_eq!(affected.removed, set(&["visits/index.html"]));
    assert_eq!(affected.render, set(&["index.html"]));
}

#[test]
fn a_new_override_re_renders_the_page_it_replaces() {
    let fixture = Fixture::new();
    let path = "schools/alpha/content/policies/beta.md";
    let affected = fixture.after(|f| f.write(path, policy("Beta at Alpha", "## Rules\n\nOurs.")), &[Change::structural(path)]);
    assert_eq!(affected.render, set(&["policies/beta/index.html", LISTINGS[0], LISTINGS[1]]));
}

#[test]
fn a_media_file_re_renders_the_pages_that_reference_it() {
    let fixture = Fixture::new();
    let shared = fixture.after(|f| f.write("content/media/plan.pdf", "%PDF-1.4 new"), &[Change::edit("content/media/plan.pdf")]);
    assert_eq!(shared.render, set(&["policies/alpha/index.html"]));
    // The school's own copy takes the shared one's place.
    let own = "schools/alpha/media/plan.pdf";
    let affected = fixture.after(|f| f.write(own, "%PDF-1.4 ours"), &[Change::structural(own)]);
    assert_eq!(affected.render, set(&["policies/alpha/index.html"]));
}

#[test]
fn a_new_translation_re_renders_the_page_it_translates() {
    let fixture = Fixture::new();
    fixture.write("schools/alpha/school.yaml", format!("{SCHOOL}languages: [en-GB, cy]\n"));
    let path = "content/guidance/staying-safe.cy.md";
    let translate = |f: &Fixture| f.write(path, "---\ntitle: Aros yn ddiogel\nkind: guidance\n---\nSiaradwch.\n");
    let affected = fixture.after(translate, &[Change::structural(path)]);
    assert_eq!(
        affected.render,
        // The page in both languages, and the listings in both, which say it is in Welsh now.
        set(&[
            "parents/staying-safe/index.html",
            "cy/parents/staying-safe/index.html",
            "index.html",
            "parents/index.html",
            "cy/index.html",
            "cy/parents/index.html"
        ])
    );
}

#[test]
fn an_unrelated_file_re_renders_nothing() {
    let fixture = Fixture::new();
    let affected = fixture.after(|f| f.write("notes.txt", "x"), &[Change::structural("notes.txt")]);
    assert_eq!(affected, Affected::default());
}
