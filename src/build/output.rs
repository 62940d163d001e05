//! Output: write a site so that it appears all at once.
//!
//! In: the files of one or more built sites, by path. Out: a folder on disk. The new
//! site is written into a hidden spare folder (the site from before the last build,
//! brought up to date) and swapped in with one rename, so a failed or killed build
//! leaves the published site exactly as it was, and a reader never sees half of each.

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
}

impl OutputFile {
    pub(crate) fn made(path: impl Into<String>, bytes: Vec<u8>) -> OutputFile {
        OutputFile { path: path.into(), contents: Contents::Made(bytes) }
    }
}

/// Replaces `target` with a folder holding exactly `files`, by way of `spare`: the folder
/// that holds the site from before the last build. `spare` is brought up to date in place
/// and then swapped with `target`, so it holds the site just replaced. A rebuild that
/// changes a few pages writes only those, where writing a fresh copy would make a
/// folder, a link and then a deletion for every page (most of a build's time on some
/// disks). Each file written is one step of `progress`.
pub(crate) fn replace_folder(target: &Path, spare: &Path, files: &[OutputFile], progress: &Progress) -> io::Result<()> {
    if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(parent)?;
    }
    fs::create_dir_all(spare)?;
    // Two builds at once would each rewrite the spare; the second waits for the first.
    let lock = fs::File::options().create(true).truncate(false).write(true).open(spare.join("lock"))?;
    lock.lock()?;
    let site = spare.join("site");
    let previous = target.is_dir().then_some(target);
    update_folder(&site, files, previous, progress)?;
    // Durable without a flush per file: everything written is flushed at once, before
    // the swap makes it the site, and the swap itself once it is done.
    flush_folder(&site)?;
    swap_in(&site, target)?;
    flush_parent(target)
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

/// Where `target`'s spare is kept when it is a folder of its own: beside it, hidden.
pub(crate) fn spare_beside(target: &Path) -> PathBuf {
    let name = target.file_name().map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.previous"))
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
            Contents::Kept(old) => fs::hard_link(old, &path).or_else(|_| fs::copy(old, &path).map(drop)),
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
    fs::rename(site, target)?;
    fs::rename(old, site)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile::made(path, text.as_bytes().to_vec())
    }

    /// Replaces `site` with `files`, its spare beside it.
    fn publish(site: &Path, files: &[OutputFile]) {
        replace_folder(site, &spare_beside(site), files, &Progress::new(files.len(), "Writing")).unwrap();
    }

    fn read(path: &Path) -> String {
        fs::read_to_string(path).unwrap()
    }

    /// Every file under `folder`, relative to it, with its text.
    fn listing(folder: &Path) -> Vec<(String, String)> {
        let mut found: Vec<(String, String)> = walkdir::WalkDir::new(folder)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| (e.path().strip_prefix(folder).unwrap().to_string_lossy().replace('\\', "/"), read(e.path())))
            .collect();
        found.sort();
        found
    }

    #[test]
    fn the_site_is_replaced_and_the_one_before_kept_as_the_spare() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("public");
        publish(&site, &[file("same.html", "same"), file("edited.html", "before")]);
        publish(&site, &[file("same.html", "same"), file("edited.html", "after")]);
        assert_eq!(listing(&site), [("edited.html".into(), "after".into()), ("same.html".into(), "same".into())]);
        let spare = dir.path().join(".public.previous");
        assert_eq!(listing(&spare.join("site")), [("edited.html".into(), "before".into()), ("same.html".into(), "same".into())]);
        let mut beside: Vec<String> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
        beside.sort();
        assert_eq!(beside, [".public.previous", "public"], "nothing else is left beside the site");
    }

    #[test]
    #[cfg(unix)]
    fn an_unchanged_file_is_left_where_it_is_and_a_changed_one_never_changes_the_published_copy() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("public");
        let inode = |path: &Path| fs::metadata(path).unwrap().ino();
        publish(&site, &[file("a/same.html", "same"), file("a/edited.html", "one")]);
        publish(&site, &[file("a/same.html", "same"), file("a/edited.html", "one")]);
        let same = inode(&site.join("a/same.html"));
        // The spare's copy is a link to the published file, not a second copy.
        assert_eq!(inode(&dir.path().join(".public.previous/site/a/same.html")), same);
        publish(&site, &[file("a/same.html", "same"), file("a/edited.html", "two")]);
        assert_eq!(inode(&site.join("a/same.html")), same, "an unchanged file is not written again");
        assert_eq!(read(&site.join("a/edited.html")), "two");
        assert_eq!(read(&dir.path().join(".public.previous/site/a/edited.html")), "one", "the linked copy was not overwritten");
    }

    #[test]
    fn a_spare_left_untidy_by_a_killed_build_is_put_right() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("public");
        let files = [file("a/index.html", "page a"), file("b/index.html", "page b"), file("c.txt", "c")];
        publish(&site, &files);
        publish(&site, &files);
        let spare = dir.path().join(".public.previous/site");
        fs::write(spare.join("a/index.html"), "page").unwrap();
        fs::remove_file(spare.join("b/index.html")).unwrap();
        fs::create_dir(spare.join("b/index.html")).unwrap();
        fs::remove_file(spare.join("c.txt")).unwrap();
        fs::create_dir_all(spare.join("c.txt/deep")).unwrap();
        fs::write(spare.join("stray.tmp"), "half").unwrap();
        fs::create_dir_all(spare.join("old/folder")).unwrap();
        publish(&site, &files);
        let expected: Vec<(String, String)> = files
            .iter()
            .map(|f| match &f.contents {
                Contents::Made(bytes) => (f.path.clone(), String::from_utf8(bytes.clone()).unwrap()),
                Contents::Kept(_) => unreachable!(),
            })
            .collect();
        assert_eq!(listing(&site), expected);
        assert!(!site.join("old").exists());
    }

    #[test]
    fn one_schools_folder_is_made_where_no_site_was_yet() {
        let dir = tempfile::tempdir().unwrap();
        let school = dir.path().join("public/brookside");
        let spare = dir.path().join(".public.previous/schools/brookside");
        replace_folder(&school, &spare, &[file("index.html", "home")], &Progress::new(1, "Writing")).unwrap();
        assert_eq!(listing(&dir.path().join("public")), [("brookside/index.html".into(), "home".into())]);
    }

    #[test]
    fn a_kept_file_is_the_previous_sites_file_linked_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("public");
        publish(&site, &[file("a/policy-1.pdf", "%PDF typeset once")]);
        let kept = || OutputFile { path: "a/policy-1.pdf".to_owned(), contents: Contents::Kept(site.join("a/policy-1.pdf")) };
        publish(&site, &[kept(), file("a/index.html", "page")]);
        publish(&site, &[kept(), file("a/index.html", "page")]);
        assert_eq!(listing(&site), [("a/index.html".into(), "page".into()), ("a/policy-1.pdf".into(), "%PDF typeset once".into())]);
    }

    #[test]
    fn replacing_a_folder_leaves_only_the_new_files() {
        let temp = tempfile::tempdir().unwrap();
        let target = temp.path().join("public");
        for _ in 0..3 {
            publish(&target, &[file("a/index.html", "one"), file("old.txt", "x")]);
        }
        publish(&target, &[file("a/index.html", "two")]);
        assert_eq!(listing(&target), [("a/index.html".into(), "two".into())]);
    }
}
