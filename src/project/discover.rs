//! Discover: walk the project folders and read every source file as text.
//!
//! In: the project root. Out: the shared Markdown sources, each school's folder with its
//! own sources, and the themes present. Guarantees: every path returned is inside the
//! project (a symbolic link that leads out of it is an error, not a file), every text is
//! valid UTF-8, and nothing is ever written.

use super::layout;
use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::{LoadError, LoadErrorKind};
use crate::finding::Span;

/// A text file read from the project, with its path relative to the project root.
#[derive(Debug, Clone)]
pub(crate) struct TextFile {
    pub(crate) path: PathBuf,
    pub(crate) text: String,
}

#[derive(Debug, Default)]
pub(crate) struct Tree {
    /// `content/**/*.md`, relative to the project root.
    pub(crate) shared: Vec<PathBuf>,
    pub(crate) schools: Vec<SchoolDir>,
    pub(crate) themes: Vec<String>,
}

#[derive(Debug)]
pub(crate) struct SchoolDir {
    pub(crate) id: String,
    /// `schools/<id>`, relative to the project root.
    pub(crate) dir: PathBuf,
    /// `schools/<id>/content/**/*.md`, relative to the project root.
    pub(crate) sources: Vec<PathBuf>,
}

/// Walks `content/`, `schools/` and `themes/`. Errors (links out of the project,
/// unreadable folders) are collected, not fatal, so one run reports them all.
pub(crate) fn discover(root: &Path, errors: &mut Vec<LoadError>) -> Tree {
    let mut tree = Tree { shared: markdown_under(root, Path::new(layout::SHARED), errors), ..Tree::default() };
    for id in subfolders(root, Path::new(layout::SCHOOLS), errors) {
        let dir = layout::school_folder(&id);
        let sources = markdown_under(root, &dir.join(layout::SHARED), errors);
        tree.schools.push(SchoolDir { id, dir, sources });
    }
    // The default theme is built in: it is there whether or not `themes/default/` is.
    tree.themes = super::theme_files::names(&subfolders(root, Path::new(layout::THEMES), errors));
    tree
}

/// Every `*.md` under `root/folder`, skipping `media/` (images, not pages), sorted so
/// that output never depends on directory order.
fn markdown_under(root: &Path, folder: &Path, errors: &mut Vec<LoadError>) -> Vec<PathBuf> {
    let base = root.join(folder);
    if !base.is_dir() {
        return Vec::new();
    }
    let mut found = Vec::new();
    let walker = WalkDir::new(&base).sort_by_file_name().into_iter().filter_entry(|e| {
        let hidden = e.file_name().to_string_lossy().starts_with('.');
        let media = e.depth() == 1 && e.file_name() == layout::MEDIA;
        !hidden && !media
    });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let path = err.path().map_or_else(|| folder.to_path_buf(), |p| relative(root, p));
                errors.push(LoadError::new(&path, None, LoadErrorKind::Io(err.to_string())));
                continue;
            }
        };
        let path = relative(root, entry.path());
        if entry.path_is_symlink()
            && let Err(err) = check_link_inside(root, entry.path(), &path)
        {
            errors.push(err);
            continue;
        }
        if entry.path().extension().is_some_and(|ext| ext == "md") && entry.path().is_file() {
            found.push(path);
        }
    }
    found
}

/// A symbolic link is followed only if it stays inside the project: a school folder
/// must not be able to publish `/etc/passwd` or another project's files.
pub(crate) fn check_link_inside(root: &Path, full: &Path, shown: &Path) -> Result<(), LoadError> {
    let inside = match (fs::canonicalize(root), fs::canonicalize(full)) {
        (Ok(root), Ok(target)) => target.starts_with(root),
        _ => false,
    };
    if inside {
        Ok(())
    } else {
        let target = fs::read_link(full).map_or_else(|_| "a missing file".to_owned(), |t| t.display().to_string());
        Err(LoadError::new(shown, None, LoadErrorKind::LinkOutsideProject { target }))
    }
}

/// The folders directly under `root/folder`; a linked one that leads out of the project
/// is reported and left out.
/// The ids of the project's schools (the folders under `schools/`), without walking their
/// sources: for a run that loads one school but must know what the others are called. A
/// folder that is a link out of the project is left out here; the load reports it.
pub(crate) fn school_ids(root: &Path) -> Vec<String> {
    subfolders(root, Path::new(layout::SCHOOLS), &mut Vec::new())
}

fn subfolders(root: &Path, folder: &Path, errors: &mut Vec<LoadError>) -> Vec<String> {
    let Ok(entries) = fs::read_dir(root.join(folder)) else {
        return Vec::new();
    };
    let mut names = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !entry.path().is_dir() {
            continue;
        }
        if entry.file_type().is_ok_and(|t| t.is_symlink())
            && let Err(err) = check_link_inside(root, &entry.path(), &folder.join(&name))
        {
            errors.push(err);
            continue;
        }
        names.push(name);
    }
    names.sort();
    names
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
}

/// Reads a file as UTF-8 text, naming the line and column of the first bad byte. A file
/// reached through a link that leads out of the project is refused, whichever part of
/// its path is the link.
pub(crate) fn read_text(root: &Path, path: &Path) -> Result<TextFile, LoadError> {
    if fs::symlink_metadata(root.join(path)).is_ok_and(|m| m.file_type().is_symlink()) {
        check_link_inside(root, &root.join(path), path)?;
    }
    let bytes = fs::read(root.join(path)).map_err(|e| LoadError::new(path, None, LoadErrorKind::Io(e.to_string())))?;
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            // A byte-order mark is invisible in editors; drop it rather than fail on it.
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(TextFile { path: path.to_path_buf(), text })
        }
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let bytes = err.as_bytes();
            let text = String::from_utf8_lossy(&bytes[..valid]);
            let span = Span::at_offset(&text, text.len(), 1);
            Err(LoadError::new(path, Some(span), LoadErrorKind::NotUtf8))
        }
    }
}
