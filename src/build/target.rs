//! Where a writer may write. Every command that writes (`build`, `agreements`, `reviews
//! --ics`) asks here first, so that output never replaces anything but output.
//!
//! In: the project root, the path the user gave (or the default), what would be written
//! there and the roster, if any. Out: nothing, or the reason the path is refused, worded
//! for the person who typed it. Guarantees: a folder is replaced only if it is missing,
//! empty, or holds output of the same kind that policypress wrote (its marker says so);
//! never the project, a source or theme folder, the roster, a file or a device; agreement
//! packs, which hold every pupil's full name, never inside a website; a calendar only over
//! a calendar policypress wrote.

use std::fs;
use std::path::{Component, Path, PathBuf};

use super::output::{LISTING_START, MARKER, OutputKind};
use crate::project::layout;

/// What a command would write at the path it was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Writes {
    /// A folder of websites (one per school, and their index).
    Site,
    /// One school's website, at the folder's root: `build --school ID --out PATH`.
    SchoolSite { school: String },
    /// A folder of agreement packs.
    Agreements,
    /// An iCalendar file of review dates.
    Calendar,
}

/// Why a path may not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct Refused {
    /// The path, as given.
    pub path: String,
    pub reason: String,
}

/// The line every iCalendar file `reviews` writes carries.
pub(crate) const CALENDAR_PRODUCT: &str = "PRODID:-//policypress//reviews//EN";

/// Refuses `path` (absolute, or relative to the current folder) as the place to write
/// `writes`, if writing there could replace anything but policypress's own output.
/// `roster` is the roster given, if any.
pub fn check(root: &Path, path: &Path, writes: Writes, roster: Option<&Path>) -> Result<(), Refused> {
    let refuse = |reason: String| Refused { path: path.display().to_string(), reason };
    let target = resolve(path);
    let project = resolve(root);
    if project.starts_with(&target) {
        return Err(refuse(format!("this {} holds the project itself; choose a new folder, such as `public`", what(&target, &project))));
    }
    for source in [layout::SHARED, layout::SCHOOLS, layout::THEMES, layout::SITE_CONFIG, layout::PRIVATE] {
        let source = project.join(source);
        if target.starts_with(&source) {
            return Err(refuse(format!(
                "this is inside `{}`, which holds the project's own files; choose a folder outside it",
                source.strip_prefix(&project).unwrap_or(&source).display()
            )));
        }
    }
    if let Some(roster) = roster.map(resolve)
        && roster.starts_with(&target)
    {
        return Err(refuse("this is the pupil roster, or holds it; write somewhere else".to_owned()));
    }
    // A link to nowhere would be followed when written, to a place nobody chose.
    if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) && fs::metadata(path).is_err() {
        return Err(refuse("this is a link to a place that does not exist; give a real folder".to_owned()));
    }
    match writes {
        Writes::Calendar => check_calendar(&target).map_err(refuse),
        Writes::Site => check_folder(&target, OutputKind::Site).map_err(refuse),
        Writes::SchoolSite { school } => {
            // The whole site keeps each school in a folder of its own: one school's site
            // written over it would replace every other school's.
            if OutputKind::of_folder(&target) == Some(OutputKind::Site) && target.join(&school).is_dir() {
                return Err(refuse(format!(
                    "this holds the website of every school, and `{school}` alone would replace it; to rebuild {school} inside it, \
                     leave out --out (`policypress build --school {school}`), or give {school} a folder of its own"
                )));
            }
            check_folder(&target, OutputKind::Site).map_err(refuse)
        }
        Writes::Agreements => {
            if let Some(site) =
                target.ancestors().find(|folder| OutputKind::of_folder(folder) == Some(OutputKind::Site) || is_legacy_site(folder))
            {
                return Err(refuse(format!(
                    "this is inside the website at {}: agreement packs carry every pupil's full name and must never be published; \
                     write them outside the site, such as `agreements/`",
                    site.display()
                )));
            }
            if target.starts_with(project.join("public")) {
                return Err(refuse(
                    "this is inside `public/`, where the website is built: agreement packs carry every pupil's full name; \
                     write them outside the site, such as `agreements/`"
                        .to_owned(),
                ));
            }
            check_folder(&target, OutputKind::Agreements).map_err(refuse)
        }
    }
}

/// A folder output of `kind` may replace: missing, empty, or policypress's own.
fn check_folder(target: &Path, kind: OutputKind) -> Result<(), String> {
    let Ok(metadata) = fs::metadata(target) else { return Ok(()) };
    if !metadata.is_dir() {
        return Err("this is a file, not a folder; give a folder to write into".to_owned());
    }
    let mut entries = fs::read_dir(target).map_err(|err| format!("cannot read this folder: {err}"))?;
    if entries.next().is_none() || OutputKind::wrote(target) == Some(kind) || (kind == OutputKind::Site && is_legacy_site(target)) {
        return Ok(());
    }
    let listed = fs::read_to_string(target.join(MARKER)).is_ok_and(|marker| marker.contains(LISTING_START));
    if OutputKind::of_folder(target).is_some() && !listed {
        return Err("this folder was written by an earlier version of policypress, which did not list the files it wrote: \
                    check nothing of yours is in it, delete it, and run again"
            .to_owned());
    }
    let others = format!("files policypress did not write (not listed in its `{MARKER}`)");
    let what = match (OutputKind::wrote(target), OutputKind::of_folder(target)) {
        (Some(OutputKind::Site), _) => "a website policypress built".to_owned(),
        (Some(OutputKind::Agreements), _) => "agreement packs policypress wrote".to_owned(),
        (None, Some(_)) => others,
        (None, None) => format!("files policypress did not write (it has no `{MARKER}`)"),
    };
    Err(format!("this folder holds {what}, and writing here would replace them; give a new or empty folder"))
}

/// A site an earlier version built: it kept the site it replaced beside it.
fn is_legacy_site(folder: &Path) -> bool {
    folder.is_dir() && super::output::legacy_spare(folder).is_some()
}

/// A calendar may replace nothing but a calendar `reviews` wrote.
fn check_calendar(target: &Path) -> Result<(), String> {
    let Ok(metadata) = fs::metadata(target) else { return Ok(()) };
    if !metadata.is_file() {
        return Err("this is not a plain file; give the calendar file's name, such as `reviews.ics`".to_owned());
    }
    let ours = fs::read(target)
        .is_ok_and(|bytes| bytes.len() < 16 << 20 && String::from_utf8_lossy(&bytes).lines().any(|line| line == CALENDAR_PRODUCT));
    if ours {
        Ok(())
    } else {
        Err("this file is not a calendar policypress wrote, and writing would replace it; give a new file name".to_owned())
    }
}

/// "folder" or "file", for a message.
fn what(target: &Path, project: &Path) -> &'static str {
    if target == project || target.is_dir() { "folder" } else { "path" }
}

/// `path` made absolute the way the system will read it once the folders a writer makes
/// exist: each existing part with its links resolved, and a `..` taking away the part
/// before it, whether or not that part exists yet (`missing/../content` is `content`,
/// since writing there makes `missing/` first). Two spellings of one place compare equal.
fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut resolved = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
            }
            other => {
                resolved.push(other);
                if let Ok(real) = resolved.canonicalize() {
                    resolved = real;
                }
            }
        }
    }
    resolved
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A project with sources, a roster and a site built once.
    fn project() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for folder in ["content/policies", "schools/a", "themes/default"] {
            fs::create_dir_all(dir.path().join(folder)).unwrap();
        }
        fs::write(dir.path().join("roster.csv"), "Forename,Surname\n").unwrap();
        fs::write(dir.path().join("notes.txt"), "the head's notes").unwrap();
        fs::create_dir_all(dir.path().join("public")).unwrap();
        let marker = "policypress site\nThis folder is written by policypress: each build replaces all of it.\nFiles written (a folder holding any other file is never replaced):\nindex.html\n";
        fs::write(dir.path().join("public").join(MARKER), marker).unwrap();
        fs::write(dir.path().join("public/index.html"), "site").unwrap();
        dir
    }

    fn site(root: &Path, out: &str) -> Result<(), Refused> {
        check(root, &root.join(out), Writes::Site, Some(&root.join("roster.csv")))
    }

    /// Regression: `build --out` replaced whatever was there: the sources, a school's
    /// folder, a file, the project itself, even `/dev/null`.
    #[test]
    fn a_site_never_replaces_the_project_its_sources_a_file_or_a_device() {
        let dir = project();
        let root = dir.path();
        for out in ["content", "content/policies", "schools/a", "themes", ".", "notes.txt", "roster.csv", "policypress.yaml"] {
            assert!(site(root, out).is_err(), "--out {out} was allowed");
        }
        assert!(site(root, "schools/../content").is_err());
        // Regression: a folder that did not exist yet, then `..`, got past every check, and
        // the build replaced `content/` (or the roster) with a site.
        for out in ["missing/../content", "a/b/../../schools", "missing/../roster.csv", "missing/../themes/default"] {
            assert!(site(root, out).is_err(), "--out {out} was allowed");
        }
        assert!(check(root, Path::new("/dev/null"), Writes::Site, None).is_err());
        assert!(check(root, root.parent().unwrap(), Writes::Site, None).is_err(), "a folder holding the project");
    }

    #[test]
    fn a_site_may_replace_its_own_output_a_new_folder_or_an_empty_one() {
        let dir = project();
        let root = dir.path();
        assert_eq!(site(root, "public"), Ok(()));
        assert_eq!(site(root, "elsewhere/site"), Ok(()));
        fs::create_dir(root.join("empty")).unwrap();
        assert_eq!(site(root, "empty"), Ok(()));
        fs::create_dir(root.join("mine")).unwrap();
        fs::write(root.join("mine/letter.docx"), "x").unwrap();
        assert!(site(root, "mine").is_err_and(|r| r.reason.contains("did not write")));
    }

    #[test]
    fn agreement_packs_never_go_inside_a_website() {
        let dir = project();
        let root = dir.path();
        let packs = |out: &str| check(root, &root.join(out), Writes::Agreements, None);
        assert!(packs("public/packs").is_err_and(|r| r.reason.contains("full name")));
        assert!(packs("public").is_err());
        assert_eq!(packs("agreements/a/2025-26"), Ok(()));
        assert!(site(root, "agreements/a/2025-26").is_ok());
    }

    /// Regression: `reviews --ics` overwrote a policy with a calendar.
    #[test]
    fn a_calendar_replaces_only_a_calendar_it_wrote() {
        let dir = project();
        let root = dir.path();
        let calendar = |out: &str| check(root, &root.join(out), Writes::Calendar, None);
        assert!(calendar("content/policies/online-safety.md").is_err());
        assert!(calendar("notes.txt").is_err());
        assert!(calendar("public").is_err());
        assert_eq!(calendar("reviews.ics"), Ok(()));
        fs::write(root.join("reviews.ics"), format!("BEGIN:VCALENDAR\r\n{CALENDAR_PRODUCT}\r\nEND:VCALENDAR\r\n")).unwrap();
        assert_eq!(calendar("reviews.ics"), Ok(()));
    }
}
