//! Output: write a folder (a site, or a year's agreement packs) so that it appears all at
//! once, and keep nothing of the folder it replaced where a reader could reach it.
//!
//! In: the files of the new folder, by path, and a workshop: a folder private to the
//! project (`.policypress/outputs/<key>/`, never published) where the folder from before
//! the last run is kept to be brought up to date. Out: the folder on disk. The new folder
//! is made in the workshop and swapped in with one rename, so a failed or killed run
//! leaves the published folder exactly as it was, and a reader never sees half of each.
//! The folder replaced goes back into the workshop, out of reach of a web server serving
//! the output's parent: a page just fixed to take a name down is gone from the web once
//! the build ends. Where the workshop is on another disk than the output (a rename cannot
//! cross disks), the new folder is made beside the output and the old one deleted.
//! Every folder written holds a marker ([`MARKER`]) saying what wrote it, so that a later
//! run replaces only its own output.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::progress::Progress;

/// A file to write, relative to the folder being written.
pub(crate) struct OutputFile {
    pub(crate) path: String,
    pub(crate) contents: Contents,
}

/// What a file to write holds.
pub(crate) enum Contents {
    /// Bytes made by this build.
    Made(Vec<u8>),
    /// A file of the previous site, published again as it is (a PDF whose name is a
    /// hash of all it was made from): linked, or else copied, and never read into memory.
    Kept(PathBuf),
    /// A file of the folder being replaced, outside what this run makes (another school's
    /// pages when only some schools are built): carried over as it is.
    Current(PathBuf),
}

impl OutputFile {
    pub(crate) fn made(path: impl Into<String>, bytes: Vec<u8>) -> OutputFile {
        OutputFile { path: path.into(), contents: Contents::Made(bytes) }
    }
}

/// The file in every folder policypress writes that says what wrote it.
pub(crate) const MARKER: &str = ".policypress-output";
/// The line in the marker after which it lists every file written.
const LISTING: &str = "Files written (a folder holding any other file is never replaced):\n";
/// How the listing starts, to tell a marker with one from an earlier version's.
pub(crate) const LISTING_START: &str = "Files written";

/// What a folder policypress writes holds, as its marker records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OutputKind {
    Site,
    Agreements,
}

impl OutputKind {
    /// The marker's text: its first line names the kind.
    fn marker_text(self) -> &'static str {
        match self {
            OutputKind::Site => "policypress site\nThis folder is written by policypress: each build replaces all of it.\n",
            OutputKind::Agreements => "policypress agreements\nThis folder is written by `policypress agreements`: each run replaces it.\n",
        }
    }

    /// The kind a folder's marker records, if it has one.
    pub(crate) fn of_folder(folder: &Path) -> Option<OutputKind> {
        let text = fs::read_to_string(folder.join(MARKER)).ok()?;
        [OutputKind::Site, OutputKind::Agreements].into_iter().find(|kind| text.lines().next() == kind.marker_text().lines().next())
    }

    /// What wrote `folder`, if policypress did and the folder holds nothing else: every
    /// file in it is one its marker lists. A marker copied or written by hand into a
    /// folder of other files does not make them replaceable.
    pub(crate) fn wrote(folder: &Path) -> Option<OutputKind> {
        let kind = OutputKind::of_folder(folder)?;
        let text = fs::read_to_string(folder.join(MARKER)).ok()?;
        let listed: std::collections::HashSet<&str> = text.split_once(LISTING)?.1.lines().collect();
        let only_ours = walkdir::WalkDir::new(folder).min_depth(1).into_iter().all(|entry| {
            entry.is_ok_and(|entry| {
                let relative = entry.path().strip_prefix(folder).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
                entry.file_type().is_dir() || relative == MARKER || listed.contains(relative.as_str())
            })
        });
        only_ours.then_some(kind)
    }
}

/// Replaces `target` with a folder holding exactly `files` and the marker of `kind`, by
/// way of `workshop`, which keeps the folder from before the last run. That folder is
/// brought up to date in place and then swapped with `target`, so it then holds the
/// folder just replaced. A rebuild that changes a few pages writes only those, where
/// writing a fresh copy would make a folder, a link and then a deletion for every page
/// (most of a build's time on some disks). Each file written is one step of `progress`.
pub(crate) fn replace_folder(
    target: &Path,
    workshop: &Path,
    kind: OutputKind,
    mut files: Vec<OutputFile>,
    progress: &Progress,
) -> io::Result<()> {
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    fs::create_dir_all(workshop)?;
    // Two runs at once would each rewrite the workshop; the second waits for the first.
    let lock = fs::File::options().create(true).truncate(false).write(true).open(workshop.join("lock"))?;
    lock.lock()?;
    files.retain(|file| file.path != MARKER);
    let mut marker = [kind.marker_text(), LISTING].concat();
    let mut written: Vec<&str> = files.iter().map(|file| file.path.as_str()).collect();
    written.sort_unstable();
    for path in written {
        marker.push_str(path);
        marker.push('\n');
    }
    files.push(OutputFile::made(MARKER, marker.into_bytes()));
    let beside = !same_disk(workshop, parent);
    let staging = if beside { staging_beside(target) } else { workshop.join("site") };
    let previous = target.is_dir().then_some(target);
    update_folder(&staging, &files, previous, progress)?;
    // Durable without a flush per file: everything written is flushed at once, before
    // the swap makes it the output, and the swap itself once it is done.
    flush_folder(&staging)?;
    swap_in(&staging, target)?;
    flush_parent(target)?;
    if beside {
        // On another disk the folder replaced cannot be kept out of reach: it goes.
        remove_if_there(&staging)?;
    }
    // Where an earlier version kept the folder replaced: beside it, within reach.
    if let Some(legacy) = legacy_spare(target) {
        remove_if_there(&legacy)?;
    }
    Ok(())
}

/// The workshop for an output folder: a folder of the project's own, private, named after
/// the output's absolute path so that each output keeps its own.
pub(crate) fn workshop_for(project_root: &Path, target: &Path) -> PathBuf {
    use sha2::{Digest, Sha256};
    let absolute = std::path::absolute(target).unwrap_or_else(|_| target.to_path_buf());
    let hash = Sha256::digest(absolute.as_os_str().as_encoded_bytes());
    let key: String = hash[..8].iter().map(|b| format!("{b:02x}")).collect();
    project_root.join(crate::project::layout::PRIVATE).join("outputs").join(key)
}

/// The folder an earlier version kept the site it replaced in (`.<name>.previous` beside
/// it, holding a lock or a site), if there is one: the mark of a site it built.
pub(crate) fn legacy_spare(target: &Path) -> Option<PathBuf> {
    let spare = hidden_beside(target, ".previous");
    (spare.join("lock").is_file() || spare.join("site").is_dir()).then_some(spare)
}

/// `.<name><suffix>` beside `target`.
fn hidden_beside(target: &Path, suffix: &str) -> PathBuf {
    let name = target.file_name().map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}{suffix}"))
}

/// Where the new folder is made when the workshop is on another disk: beside the target,
/// hidden, for the length of the run.
fn staging_beside(target: &Path) -> PathBuf {
    hidden_beside(target, ".policypress-staging")
}

/// True if a rename can move `a`'s entries into `b` (both on one file system).
fn same_disk(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        matches!((fs::metadata(a), fs::metadata(b)), (Ok(a), Ok(b)) if a.dev() == b.dev())
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

fn remove_if_there(folder: &Path) -> io::Result<()> {
    match fs::remove_dir_all(folder) {
        Err(err) if err.kind() != io::ErrorKind::NotFound => Err(err),
        _ => Ok(()),
    }
}

/// Flushes to disk everything written under `folder`. On Linux one `syncfs` covers the
/// whole file system in a single call; elsewhere each file is flushed.
fn flush_folder(folder: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        rustix::fs::syncfs(fs::File::open(folder)?)?;
    }
    #[cfg(not(target_os = "linux"))]
    {
        for (relative, kind) in contents(folder, Path::new(""))? {
            if kind == Found::File {
                fs::File::open(folder.join(relative))?.sync_all()?;
            }
        }
    }
    Ok(())
}

/// Flushes the folder that holds `target`, so that a rename there survives a power cut.
fn flush_parent(target: &Path) -> io::Result<()> {
    let parent = target.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::File::open(parent)?.sync_all()
}

/// Makes `folder` hold exactly `files`, on every core: a site is a thousand small files
/// in a thousand folders, and the system calls, not the bytes, are the cost. A file
/// already there with the same bytes is left alone; one the same in the `previous`
/// site is hard-linked from it. A file is never rewritten where it stands: it may be a
/// link to the same file in the published site, so it is removed and made anew.
fn update_folder(folder: &Path, files: &[OutputFile], previous: Option<&Path>, progress: &Progress) -> io::Result<()> {
    let found = if fs::symlink_metadata(folder).is_ok_and(|m| m.is_dir()) {
        contents(folder, Path::new(""))?
    } else {
        let _ = fs::remove_file(folder);
        fs::create_dir_all(folder)?;
        Vec::new()
    };
    let wanted: HashSet<&Path> = files.iter().map(|f| Path::new(&f.path)).collect();
    let mut folders = BTreeSet::new();
    for file in files {
        folders.extend(Path::new(&file.path).ancestors().skip(1).filter(|p| !p.as_os_str().is_empty()));
    }
    // What is not wanted goes first, deepest first, so a folder can take a file's place
    // and the other way round.
    let mut present = HashSet::new();
    for (relative, kind) in found.iter().rev() {
        let keep = match kind {
            Found::File => wanted.contains(relative.as_path()),
            Found::Folder => folders.contains(relative.as_path()),
            Found::Other => false,
        };
        if keep {
            present.insert(relative.as_path());
        } else if *kind == Found::Folder {
            fs::remove_dir_all(folder.join(relative))?;
        } else {
            fs::remove_file(folder.join(relative))?;
        }
    }
    // Every missing folder made once, parents first, on one thread: folders made side by
    // side in one parent queue for its lock.
    for relative in folders.into_iter().filter(|f| !present.contains(f)) {
        fs::create_dir(folder.join(relative))?;
    }
    files.par_iter().try_for_each(|file| {
        progress.inc();
        let path = folder.join(&file.path);
        let there = present.contains(Path::new(&file.path));
        // A kept file's name is a hash of what it was made from: the same name, at the
        // same length, is the same file.
        let up_to_date = there
            && match &file.contents {
                Contents::Made(bytes) => holds(&path, bytes),
                Contents::Kept(old) => fs::metadata(&path)?.len() == fs::metadata(old)?.len(),
                Contents::Current(old) => same_file(&path, old) || fs::read(old).is_ok_and(|bytes| holds(&path, &bytes)),
            };
        if up_to_date {
            return Ok(());
        }
        if there {
            fs::remove_file(&path)?;
        }
        match &file.contents {
            Contents::Made(bytes) => {
                if let Some(old) = previous.map(|p| p.join(&file.path))
                    && holds(&old, bytes)
                    && fs::hard_link(&old, &path).is_ok()
                {
                    return Ok(());
                }
                fs::write(path, bytes)
            }
            Contents::Kept(old) | Contents::Current(old) => fs::hard_link(old, &path).or_else(|_| fs::copy(old, &path).map(drop)),
        }
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Found {
    File,
    Folder,
    /// A link or anything else a build never makes.
    Other,
}

/// Everything under `root/relative`, parents before what they hold, sub-folders read in
/// parallel.
fn contents(root: &Path, relative: &Path) -> io::Result<Vec<(PathBuf, Found)>> {
    let entries: Vec<fs::DirEntry> = fs::read_dir(root.join(relative))?.collect::<io::Result<_>>()?;
    let nested: Vec<Vec<(PathBuf, Found)>> = entries
        .par_iter()
        .map(|entry| {
            let path = relative.join(entry.file_name());
            let kind = entry.file_type()?;
            if kind.is_dir() {
                let below = contents(root, &path)?;
                Ok(std::iter::once((path, Found::Folder)).chain(below).collect())
            } else {
                Ok(vec![(path, if kind.is_file() { Found::File } else { Found::Other })])
            }
        })
        .collect::<io::Result<_>>()?;
    Ok(nested.into_iter().flatten().collect())
}

/// True if `a` and `b` are links to one file.
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        matches!((fs::symlink_metadata(a), fs::metadata(b)), (Ok(a), Ok(b)) if a.is_file() && a.dev() == b.dev() && a.ino() == b.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = (a, b);
        false
    }
}

/// Every file of the folder `target` (relative paths) outside the sub-folders `except`,
/// to carry over into its replacement. None if there is no folder there yet.
pub(crate) fn current_files(target: &Path, except: &[&str]) -> io::Result<Vec<OutputFile>> {
    if !target.is_dir() {
        return Ok(Vec::new());
    }
    let found = contents(target, Path::new(""))?;
    Ok(found
        .into_iter()
        .filter(|(relative, kind)| {
            *kind == Found::File && !except.iter().any(|folder| relative.starts_with(folder)) && relative != Path::new(MARKER)
        })
        .map(|(relative, _)| OutputFile {
            path: relative.to_string_lossy().replace('\\', "/"),
            contents: Contents::Current(target.join(relative)),
        })
        .collect())
}

/// True if `path` is a plain file holding exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    let same_size = fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
    same_size && fs::read(path).is_ok_and(|old| old == bytes)
}

/// Swaps the updated `site` in for `target`, leaving the site it replaces as the spare.
/// Where the platform can exchange two paths in one step (Linux's `renameat2`), readers
/// see one site or the other; elsewhere there is a brief moment with no folder, but
/// never a half-written one. Without a `target` yet there is nothing to keep: the next
/// build starts a new spare.
fn swap_in(site: &Path, target: &Path) -> io::Result<()> {
    if !target.exists() {
        return fs::rename(site, target);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, site, CWD, target, RenameFlags::EXCHANGE).is_ok() {
            return Ok(());
        }
    }
    let old = site.with_extension("old");
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }
    fs::rename(target, &old)?;
    if let Err(err) = fs::rename(site, target) {
        // The published site goes back where it was rather than leave nothing there.
        let _ = fs::rename(&old, target);
        return Err(err);
    }
    fs::rename(old, site)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile::made(path, text.as_bytes().to_vec())
    }

    /// A project folder holding an output folder `public`, its workshop in the project.
    struct Fixture {
        dir: tempfile::TempDir,
    }

    impl Fixture {
        fn new() -> Fixture {
            Fixture { dir: tempfile::tempdir().unwrap() }
        }

        fn site(&self) -> PathBuf {
            self.dir.path().join("public")
        }

        fn workshop(&self) -> PathBuf {
            workshop_for(self.dir.path(), &self.site())
        }

        /// Replaces the site with `files`.
        fn publish(&self, files: Vec<OutputFile>) {
            let count = files.len();
            replace_folder(&self.site(), &self.workshop(), OutputKind::Site, files, &Progress::new(count, "Writing")).unwrap();
        }
    }

    fn read(path: &Path) -> String {
        fs::read_to_string(path).unwrap()
    }

    /// Every file under `folder` but the marker, relative to it, with its text.
    fn listing(folder: &Path) -> Vec<(String, String)> {
        let mut found: Vec<(String, String)> = walkdir::WalkDir::new(folder)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file() && e.file_name() != MARKER)
            .map(|e| (e.path().strip_prefix(folder).unwrap().to_string_lossy().replace('\\', "/"), read(e.path())))
            .collect();
        found.sort();
        found
    }

    /// Regression: the site a build replaced was kept beside it as `.public.previous/`,
    /// where a web server serving the output's parent still served it, the page just
    /// fixed to take a pupil's name down included. It is now kept in the project.
    #[test]
    fn the_site_replaced_is_kept_in_the_project_never_beside_the_output() {
        let fixture = Fixture::new();
        fixture.publish(vec![file("same.html", "same"), file("edited.html", "before")]);
        fixture.publish(vec![file("same.html", "same"), file("edited.html", "after")]);
        assert_eq!(listing(&fixture.site()), [("edited.html".into(), "after".into()), ("same.html".into(), "same".into())]);
        assert_eq!(
            listing(&fixture.workshop().join("site")),
            [("edited.html".into(), "before".into()), ("same.html".into(), "same".into())]
        );
        let mut beside: Vec<String> =
            fs::read_dir(fixture.dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
        beside.sort();
        assert_eq!(beside, [crate::project::layout::PRIVATE, "public"], "nothing else is left beside the site");
        assert_eq!(OutputKind::of_folder(&fixture.site()), Some(OutputKind::Site));
    }

    #[test]
    fn a_spare_an_earlier_version_left_beside_the_site_is_removed() {
        let fixture = Fixture::new();
        let legacy = fixture.dir.path().join(".public.previous");
        fs::create_dir_all(legacy.join("site")).unwrap();
        fs::write(legacy.join("lock"), "").unwrap();
        fs::write(legacy.join("site/index.html"), "a page taken down").unwrap();
        fixture.publish(vec![file("index.html", "now")]);
        assert!(!legacy.exists());
    }

    #[test]
    #[cfg(unix)]
    fn an_unchanged_file_is_left_where_it_is_and_a_changed_one_never_changes_the_published_copy() {
        use std::os::unix::fs::MetadataExt;
        let fixture = Fixture::new();
        let site = fixture.site();
        let inode = |path: &Path| fs::metadata(path).unwrap().ino();
        fixture.publish(vec![file("a/same.html", "same"), file("a/edited.html", "one")]);
        fixture.publish(vec![file("a/same.html", "same"), file("a/edited.html", "one")]);
        let same = inode(&site.join("a/same.html"));
        // The workshop's copy is a link to the published file, not a second copy.
        assert_eq!(inode(&fixture.workshop().join("site/a/same.html")), same);
        fixture.publish(vec![file("a/same.html", "same"), file("a/edited.html", "two")]);
        assert_eq!(inode(&site.join("a/same.html")), same, "an unchanged file is not written again");
        assert_eq!(read(&site.join("a/edited.html")), "two");
        assert_eq!(read(&fixture.workshop().join("site/a/edited.html")), "one", "the linked copy was not overwritten");
    }

    #[test]
    fn a_workshop_left_untidy_by_a_killed_build_is_put_right() {
        let fixture = Fixture::new();
        let files = || vec![file("a/index.html", "page a"), file("b/index.html", "page b"), file("c.txt", "c")];
        fixture.publish(files());
        fixture.publish(files());
        let spare = fixture.workshop().join("site");
        fs::write(spare.join("a/index.html"), "page").unwrap();
        fs::remove_file(spare.join("b/index.html")).unwrap();
        fs::create_dir(spare.join("b/index.html")).unwrap();
        fs::remove_file(spare.join("c.txt")).unwrap();
        fs::create_dir_all(spare.join("c.txt/deep")).unwrap();
        fs::write(spare.join("stray.tmp"), "half").unwrap();
        fs::create_dir_all(spare.join("old/folder")).unwrap();
        fixture.publish(files());
        let expected: Vec<(String, String)> =
            [("a/index.html", "page a"), ("b/index.html", "page b"), ("c.txt", "c")].map(|(p, t)| (p.to_owned(), t.to_owned())).into();
        assert_eq!(listing(&fixture.site()), expected);
        assert!(!fixture.site().join("old").exists());
    }

    #[test]
    fn a_kept_file_is_the_previous_sites_file_linked_not_read() {
        let fixture = Fixture::new();
        let site = fixture.site();
        fixture.publish(vec![file("a/policy-1.pdf", "%PDF typeset once")]);
        let kept = || OutputFile { path: "a/policy-1.pdf".to_owned(), contents: Contents::Kept(site.join("a/policy-1.pdf")) };
        fixture.publish(vec![kept(), file("a/index.html", "page")]);
        fixture.publish(vec![kept(), file("a/index.html", "page")]);
        assert_eq!(listing(&site), [("a/index.html".into(), "page".into()), ("a/policy-1.pdf".into(), "%PDF typeset once".into())]);
    }

    #[test]
    fn the_current_files_outside_what_was_rebuilt_are_carried_over() {
        let fixture = Fixture::new();
        let site = fixture.site();
        fixture.publish(vec![file("index.html", "schools"), file("a/index.html", "a one"), file("b/index.html", "b one")]);
        fixture.publish(vec![file("index.html", "schools"), file("a/index.html", "a two"), file("b/index.html", "b two")]);
        // Only school a is built again: b and the index are carried over from the site.
        let mut files = current_files(&site, &["a"]).unwrap();
        files.push(file("a/index.html", "a three"));
        fixture.publish(files);
        assert_eq!(
            listing(&site),
            [("a/index.html".into(), "a three".into()), ("b/index.html".into(), "b two".into()), ("index.html".into(), "schools".into())]
        );
    }

    #[test]
    fn replacing_a_folder_leaves_only_the_new_files() {
        let fixture = Fixture::new();
        for _ in 0..3 {
            fixture.publish(vec![file("a/index.html", "one"), file("old.txt", "x")]);
        }
        fixture.publish(vec![file("a/index.html", "two")]);
        assert_eq!(listing(&fixture.site()), [("a/index.html".into(), "two".into())]);
    }
}
