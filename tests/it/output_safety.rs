//! Output never replaces anything but output: every writer refuses a path where writing
//! could lose a source, the roster or a file it did not write, and a site changes in one
//! step and leaves nothing of the one it replaced where a web server could reach it.

use std::fs;

use crate::common::{POLICY, Project, SCHOOL_YAML, first_difference, snapshot_dir};

/// Runs `build --out OUT` and expects the command-line refusal, with nothing changed.
fn refused_out(project: &Project, out: &str, why: &str) {
    let before = snapshot_dir(project.path());
    let assert = project.command(&["build", "--out", out]).assert().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("--out") && stderr.contains(why), "--out {out}: {stderr}");
    assert_eq!(first_difference(&before, &snapshot_dir(project.path())), None, "--out {out} changed the project");
}

/// Regression: `build --out PATH` replaced whatever was at PATH (the sources, a school's
/// folder, a file, the project itself), and the next build deleted what it moved aside.
#[test]
fn build_refuses_an_output_that_would_replace_sources_or_files() {
    let project = Project::new();
    project.write("notes.txt", "minutes of the governors' meeting");
    refused_out(&project, "content", "content");
    refused_out(&project, "schools/alpha", "schools");
    refused_out(&project, "themes", "themes");
    refused_out(&project, "notes.txt", "a file");
    refused_out(&project, project.path().to_str().expect("utf-8"), "the project itself");
    refused_out(&project, "..", "the project itself");
    // Regression: a folder that did not exist yet, then `..`, got past every check.
    refused_out(&project, "missing/../content", "content");
    refused_out(&project, "a/b/../../schools/alpha", "schools");
    project.write("letters/parents.docx", "a letter");
    refused_out(&project, "letters", "did not write");
}

/// Regression: `build --school X --out public` (the default folder spelt out) replaced a
/// site of several schools with X alone; a link to nowhere failed only when written.
#[test]
#[cfg(unix)]
fn one_school_is_never_written_over_the_whole_site_nor_through_a_link_to_nowhere() {
    let project = Project::new();
    project.run(&["build"]).success();
    let before = snapshot_dir(project.path());
    let assert = project.command(&["build", "--school", "alpha", "--out", "public"]).assert().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("every school") && stderr.contains("policypress build --school alpha"), "{stderr}");
    assert_eq!(first_difference(&before, &snapshot_dir(project.path())), None, "the site changed");
    // Its own folder is fine, and so is the whole site rebuilt for one school.
    project.run(&["build", "--school", "alpha", "--out", "alpha-only"]).success();
    project.run(&["build", "--school", "alpha"]).success();

    std::os::unix::fs::symlink(project.path().join("nowhere/site"), project.path().join("dangling")).expect("link");
    refused_out(&project, "dangling", "a link to a place that does not exist");
}

/// Regression: a `.policypress-output` marker written by hand (or copied) into a folder
/// of other files let a build replace them.
#[test]
fn a_marker_unlocks_only_the_files_policypress_wrote() {
    let project = Project::new();
    project
        .write("letters/.policypress-output", "policypress site\nThis folder is written by policypress: each build replaces all of it.\n");
    project.write("letters/trip.docx", "a letter");
    refused_out(&project, "letters", "check nothing of yours is in it");
    project.run(&["build", "--out", "site"]).success();
    project.write("site/CNAME", "policies.example");
    refused_out(&project, "site", "not listed in its `.policypress-output`");
    fs::remove_file(project.path().join("site/CNAME")).expect("remove");
    project.run(&["build", "--out", "site"]).success();
}

/// Regression: `build --out /dev/null` turned the device into a folder.
#[test]
#[cfg(unix)]
fn build_refuses_a_device() {
    use std::os::unix::fs::FileTypeExt;
    let project = Project::new();
    project.command(&["build", "--out", "/dev/null"]).assert().code(2);
    assert!(fs::metadata("/dev/null").expect("/dev/null").file_type().is_char_device());
}

/// Regression: the site a build replaced stayed beside it as `.public.previous/`, where a
/// server serving the output's parent still served the page just fixed.
#[test]
fn the_site_replaced_is_never_left_beside_the_output() {
    let project = Project::new();
    project.run(&["build"]).success();
    project.append(POLICY, "A line added for the second build.");
    project.run(&["build"]).success();
    let mut beside: Vec<String> =
        fs::read_dir(project.path()).expect("project").map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect();
    beside.retain(|name| name.starts_with('.') && name != ".policypress");
    assert_eq!(beside, Vec::<String>::new(), "hidden folders beside the site");
    assert!(project.read("public/alpha/policies/online-safety/index.html").contains("A line added for the second build."));
    let out = project.path().join("site");
    project.command(&["build", "--out", out.to_str().expect("utf-8")]).assert().success();
    project.command(&["build", "--out", out.to_str().expect("utf-8")]).assert().success();
    assert!(!project.path().join(".site.previous").exists());
}

/// Regression: `build --school A --school B`, interrupted, could leave A new and B old, as
/// each school's folder was swapped on its own. Now the other schools are carried over
/// and the whole output swapped once.
#[test]
fn building_some_schools_keeps_the_others_and_the_index() {
    let project = Project::new();
    project.write("schools/beta/school.yaml", project.read(SCHOOL_YAML).replace("Alpha Fields", "Beta Brook"));
    project.run(&["build"]).success();
    let index = project.read("public/index.html");
    let beta = project.read("public/beta/index.html");
    project.append(POLICY, "Only Alpha is built again.");
    project.run(&["build", "--school", "alpha"]).success();
    assert_eq!(project.read("public/index.html"), index, "the schools' index was lost");
    assert_eq!(project.read("public/beta/index.html"), beta);
    assert!(project.read("public/alpha/policies/online-safety/index.html").contains("Only Alpha is built again."));
}

/// Regression: `agreements --out` could write packs, which carry every pupil's full name,
/// into the published site.
#[test]
fn agreement_packs_are_never_written_into_a_site() {
    let project = Project::new();
    project.run(&["build"]).success();
    for out in ["public/packs", "public/alpha"] {
        let assert = project.command(&["agreements", "--school", "alpha", "--year", "2025-26", "--out", out]).assert().code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(stderr.contains("full name"), "{stderr}");
    }
    assert!(!project.path().join("public/packs").exists());
}

/// Regression: `reviews --ics` overwrote a policy with a calendar.
#[test]
fn the_review_calendar_never_replaces_a_source() {
    let project = Project::new();
    let before = project.snapshot_sources();
    project.command(&["reviews", "--ics", POLICY]).assert().code(2);
    assert_eq!(first_difference(&before, &project.snapshot_sources()), None);
    project.command(&["reviews", "--ics", "reviews.ics"]).assert().success();
    project.command(&["reviews", "--ics", "reviews.ics"]).assert().success();
    assert!(project.read("reviews.ics").contains("BEGIN:VCALENDAR"));
}
