//! Killed at any moment, a writer leaves its output old or new, whole, and the next run
//! leaves nothing behind: `build` (all schools, one, several), `agreements` and `scrub`,
//! each killed (SIGKILL, no chance to tidy up) at points spread over a run, from a fixed
//! seed so that a failure can be run again.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use crate::common::{POLICY, Project, SCHOOL_YAML, Seeded, TODAY, first_difference, snapshot_dir};
use crate::imagegen;

/// Times each kind of run is killed.
const KILLS: usize = 8;

/// Starts `args` in `project`, kills it after `delay` (if it is still running) and waits.
fn run_killed(project: &Project, args: &[&str], delay: Duration) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_policypress"))
        .arg("--project")
        .arg(project.path())
        .args(args)
        .env("POLICYPRESS_TODAY", TODAY)
        .env_remove("POLICYPRESS_ROSTER")
        .current_dir(project.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start policypress");
    thread::sleep(delay);
    let _ = child.kill();
    let _ = child.wait();
}

/// How long a whole run of `args` takes, to spread the kills over it.
fn duration_of(project: &Project, args: &[&str]) -> Duration {
    let started = Instant::now();
    project.command_without_roster(args).assert().success();
    started.elapsed()
}

/// The files of `folder` a reader sees.
fn seen(folder: &Path) -> BTreeMap<String, Vec<u8>> {
    snapshot_dir(folder)
}

/// Asserts `now` is `old` or `new`, whole.
fn old_or_new(now: &BTreeMap<String, Vec<u8>>, old: &BTreeMap<String, Vec<u8>>, new: &BTreeMap<String, Vec<u8>>, what: &str) {
    assert!(
        now == old || now == new,
        "{what} is neither the old nor the new one: against the old, {:?}; against the new, {:?}",
        first_difference(old, now),
        first_difference(new, now)
    );
}

/// Nothing is left beside the output but the output and the project's private folder.
fn nothing_left_beside(project: &Project) {
    let names: Vec<String> = std::fs::read_dir(project.path())
        .expect("project")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(names.iter().all(|name| name == ".policypress"), "left beside the output: {names:?}");
}

/// Kills `build ARGS` at points over a run that changes the site, KILLS times, each time
/// with a new edit, and checks what a reader of `public/` would see.
fn build_killed(project: &Project, args: &[&str], seed: u64) {
    let mut build = vec!["build"];
    build.extend_from_slice(args);
    project.command_without_roster(&build).assert().success();
    let longest = duration_of(project, &build) * 2;
    let mut delays = Seeded(seed);
    for round in 0..KILLS {
        let old = seen(&project.path().join("public"));
        project.append(POLICY, &format!("Edit number {round}, made before a build that is killed."));
        run_killed(project, &build, longest.mul_f64(delays.fraction()));
        let now = seen(&project.path().join("public"));
        project.command_without_roster(&build).assert().success();
        let new = seen(&project.path().join("public"));
        old_or_new(&now, &old, &new, &format!("public/ after a killed `{}` (round {round})", build.join(" ")));
        nothing_left_beside(project);
    }
}

#[test]
fn a_killed_build_of_every_school_leaves_the_old_site_or_the_new() {
    let project = Project::new();
    project.write("schools/beta/school.yaml", project.read(SCHOOL_YAML).replace("Alpha Fields", "Beta Brook"));
    build_killed(&project, &[], 1);
}

#[test]
fn a_killed_build_of_some_schools_leaves_the_old_site_or_the_new() {
    let project = Project::new();
    project.write("schools/beta/school.yaml", project.read(SCHOOL_YAML).replace("Alpha Fields", "Beta Brook"));
    project.write("schools/gamma/school.yaml", project.read(SCHOOL_YAML).replace("Alpha Fields", "Gamma Heath"));
    project.command_without_roster(&["build"]).assert().success();
    build_killed(&project, &["--school", "alpha"], 2);
    build_killed(&project, &["--school", "alpha", "--school", "beta"], 3);
}

#[test]
fn killed_agreements_leave_the_old_packs_or_the_new() {
    let project = Project::new();
    let pack = ["agreements", "--school", "alpha", "--year", "2025-26", "--out", "packs"];
    let longest = duration_of(&project, &pack) * 2;
    let mut delays = Seeded(4);
    for round in 0..KILLS {
        let old = seen(&project.path().join("packs"));
        project.replace("content/agreements/ks2.md", "kind to others", &format!("kind to others (version {round})"));
        run_killed(&project, &pack, longest.mul_f64(delays.fraction()));
        let now = seen(&project.path().join("packs"));
        project.command_without_roster(&pack).assert().success();
        let new = seen(&project.path().join("packs"));
        old_or_new(&now, &old, &new, &format!("packs/ after a killed `agreements` (round {round})"));
        nothing_left_beside(&project);
        project.replace("content/agreements/ks2.md", &format!("kind to others (version {round})"), "kind to others");
    }
}

#[test]
fn a_killed_scrub_leaves_each_image_old_or_clean_and_nothing_behind() {
    let project = Project::new();
    let photo = imagegen::jpeg_with_gps();
    let folder = project.path().join("photos");
    let write_photos = || {
        for i in 0..40 {
            std::fs::create_dir_all(&folder).expect("photos folder");
            std::fs::write(folder.join(format!("trip-{i:02}.jpg")), &photo).expect("photo");
        }
    };
    write_photos();
    let scrub = ["scrub", "photos"];
    let longest = duration_of(&project, &scrub) * 2;
    let clean = std::fs::read(folder.join("trip-00.jpg")).expect("a scrubbed photo");
    assert_ne!(clean, photo);
    let mut delays = Seeded(5);
    for round in 0..KILLS {
        write_photos();
        run_killed(&project, &scrub, longest.mul_f64(delays.fraction()));
        for (name, bytes) in seen(&folder) {
            assert!(bytes == photo || bytes == clean || name.contains("policypress-partial"), "{name} is half written (round {round})");
        }
        project.command_without_roster(&scrub).assert().success();
        for (name, bytes) in seen(&folder) {
            assert_eq!(bytes, clean, "{name} after a full scrub (round {round})");
        }
    }
}
