//! Output: minify the pages and write a site so that it appears all at once.
//!
//! In: the files of one or more built sites, by path. Out: a folder on disk. The new
//! site is written to a hidden sibling folder and swapped in with one rename, so a
//! failed or killed build leaves the previous site exactly as it was, and a reader
//! never sees half of each.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::progress::Progress;

/// A file to write, relative to the folder being written.
pub struct OutputFile {
    pub path: String,
    pub contents: Contents,
}

/// What a file to write holds.
pub enum Contents {
    /// Bytes made by this build.
    Made(Vec<u8>),
    /// A file of the previous site, published again as it is (a PDF whose name is a
    /// hash of all it was made from): linked, or else copied, and never read into memory.
    Kept(PathBuf),
}

impl OutputFile {
    pub fn made(path: impl Into<String>, bytes: Vec<u8>) -> OutputFile {
        OutputFile { path: path.into(), contents: Contents::Made(bytes) }
    }
}

/// Minifies a page. Closing tags and the `<html>` and `<head>` tags stay: the `lang`
/// attribute on `<html>` matters to screen readers, and explicit tags keep every parser
/// (ours in tests, a school's tooling) on firm ground.
pub fn minify_page(html: &[u8]) -> Vec<u8> {
    let mut cfg = minify_html::Cfg::new();
    cfg.keep_closing_tags = true;
    cfg.keep_html_and_head_opening_tags = true;
    cfg.minify_css = true;
    cfg.minify_js = true;
    minify_html::minify(html, &cfg)
}

/// Replaces `target` with a folder holding exactly `files`.
/// Each file written is one step of `progress`.
pub fn replace_folder(target: &Path, files: &[OutputFile], progress: &Progress) -> io::Result<()> {
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)?;
    let name = target.file_name().map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
    remove_stale_staging(&parent, &name);
    let staging = parent.join(format!(".{name}.staging-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    let previous = target.is_dir().then_some(target);
    if let Err(err) = write_files(&staging, files, previous, progress) {
        let _ = fs::remove_dir_all(&staging);
        return Err(err);
    }
    swap_in(&staging, target)
}

/// Writes every file, on every core: a site is a thousand small files in a thousand
/// folders, and the system calls, not the bytes, are the cost. A file that is the same
/// in the `previous` site is hard-linked rather than written, so replacing the old site
/// frees (and on many disks, trims) only what changed.
fn write_files(folder: &Path, files: &[OutputFile], previous: Option<&Path>, progress: &Progress) -> io::Result<()> {
    fs::create_dir_all(folder)?;
    // Every folder made once, parents first, on one thread: folders made side by side
    // in one parent queue for its lock, and most pages share their folder with a PDF.
    let mut folders = BTreeSet::new();
    for file in files {
        folders.extend(Path::new(&file.path).ancestors().skip(1).filter(|p| !p.as_os_str().is_empty()));
    }
    for relative in folders {
        if let Err(err) = fs::create_dir(folder.join(relative))
            && err.kind() != io::ErrorKind::AlreadyExists
        {
            return Err(err);
        }
    }
    files.par_iter().try_for_each(|file| {
        progress.inc();
        let path = folder.join(&file.path);
        match &file.contents {
            Contents::Made(bytes) => {
                if let Some(old) = previous.map(|p| p.join(&file.path))
                    && unchanged(&old, bytes)
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

/// True if `path` is a plain file holding exactly `bytes`.
fn unchanged(path: &Path, bytes: &[u8]) -> bool {
    let same_size = fs::symlink_metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
    same_size && fs::read(path).is_ok_and(|old| old == bytes)
}

/// Removes a folder and everything in it, sub-folders in parallel.
fn remove_tree(path: &Path) -> io::Result<()> {
    let entries: Vec<fs::DirEntry> = fs::read_dir(path)?.collect::<io::Result<_>>()?;
    entries
        .par_iter()
        .try_for_each(|entry| if entry.file_type()?.is_dir() { remove_tree(&entry.path()) } else { fs::remove_file(entry.path()) })?;
    fs::remove_dir(path)
}

/// Moves `staging` to `target`. Where the platform can exchange two paths in one step
/// (Linux's `renameat2`), the old site is swapped out atomically; elsewhere there is a
/// brief moment with no folder, but never a half-written one.
fn swap_in(staging: &Path, target: &Path) -> io::Result<()> {
    if !target.exists() {
        return fs::rename(staging, target);
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, staging, CWD, target, RenameFlags::EXCHANGE).is_ok() {
            // `staging` now holds the previous site.
            return remove_tree(staging);
        }
    }
    let old = staging.with_extension("old");
    fs::rename(target, &old)?;
    fs::rename(staging, target)?;
    remove_tree(&old)
}

/// A killed build leaves its staging folder behind; clear those before starting.
fn remove_stale_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}.staging-");
    let Ok(entries) = fs::read_dir(parent) else { return };
    for entry in entries.filter_map(Result::ok) {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile::made(path, text.as_bytes().to_vec())
    }

    #[test]
    fn an_unchanged_file_is_linked_from_the_previous_site_and_a_changed_one_written() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("public");
        let progress = Progress::new(4, "Writing");
        replace_folder(&site, &[file("same.html", "same"), file("edited.html", "before")], &progress).unwrap();
        replace_folder(&site, &[file("same.html", "same"), file("edited.html", "after")], &progress).unwrap();
        assert_eq!(progress.position(), 4, "one step a file written");
        assert_eq!(fs::read_to_string(site.join("same.html")).unwrap(), "same");
        assert_eq!(fs::read_to_string(site.join("edited.html")).unwrap(), "after");
        // The previous site is gone, so nothing else links to the files now.
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            assert_eq!(fs::metadata(site.join("same.html")).unwrap().nlink(), 1);
        }
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "only the site is left");
    }

    #[test]
    fn a_kept_file_is_the_previous_sites_file_linked_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("public");
        let progress = Progress::new(3, "Writing");
        replace_folder(&site, &[file("a/policy-1.pdf", "%PDF typeset once")], &progress).unwrap();
        let kept = OutputFile { path: "a/policy-1.pdf".to_owned(), contents: Contents::Kept(site.join("a/policy-1.pdf")) };
        replace_folder(&site, &[kept, file("a/index.html", "page")], &progress).unwrap();
        assert_eq!(fs::read_to_string(site.join("a/policy-1.pdf")).unwrap(), "%PDF typeset once");
        assert_eq!(fs::read_to_string(site.join("a/index.html")).unwrap(), "page");
    }

    #[test]
    fn replacing_a_folder_leaves_only_the_new_files() {
        let temp = tempfile::tempdir().unwrap();
        let target = temp.path().join("public");
        let progress = Progress::new(3, "Writing");
        replace_folder(&target, &[file("a/index.html", "one"), file("old.txt", "x")], &progress).unwrap();
        replace_folder(&target, &[file("a/index.html", "two")], &progress).unwrap();
        assert_eq!(fs::read_to_string(target.join("a/index.html")).unwrap(), "two");
        assert!(!target.join("old.txt").exists());
        let leftovers: Vec<_> = fs::read_dir(temp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folder is left behind");
    }

    #[test]
    fn minifying_keeps_lang_and_closing_tags() {
        let page =
            minify_page(b"<!doctype html>\n<html lang=\"en-GB\">\n<head><title>T</title></head>\n<body>\n  <p>Hi</p>\n</body></html>");
        let text = String::from_utf8(page).unwrap();
        assert!(text.contains("<html lang=en-GB>"), "{text}");
        assert!(text.contains("</p>"), "{text}");
    }
}
