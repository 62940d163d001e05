//! The one way policypress replaces a file it writes outside a site (an agreement pack's
//! PDF, a scrubbed image, a review calendar): whole or not at all, and durable.
//!
//! The bytes go to a hidden temporary file beside the target, are flushed to disk, and
//! the temporary file is renamed over the target; the folder is then flushed so that the
//! rename itself survives a power cut. A reader sees the old file or the new one, never
//! half of either; a failure removes the temporary file and leaves the target as it was.
//! An existing file keeps its permissions.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The suffix of a temporary file, so that a run killed mid-write can be cleaned up.
pub(crate) const PARTIAL_SUFFIX: &str = ".policypress-partial";

/// Replaces (or creates) `path` with `bytes`, atomically and durably.
pub fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let temporary = temporary_beside(path)?;
    let result = (|| {
        let mut file = fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        if let Ok(existing) = fs::metadata(path) {
            file.set_permissions(existing.permissions())?;
        }
        file.sync_all()?;
        fs::rename(&temporary, path)?;
        fs::File::open(folder)?.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    result
}

/// Removes what a run killed while replacing `path` left beside it, if anything.
pub(crate) fn remove_leftover(path: &Path) {
    if let Ok(temporary) = temporary_beside(path) {
        let _ = fs::remove_file(temporary);
    }
}

/// The hidden temporary file `write_file` writes `path`'s new bytes to.
fn temporary_beside(path: &Path) -> io::Result<PathBuf> {
    let name = path.file_name().ok_or_else(|| io::Error::other("not a file name"))?.to_string_lossy();
    Ok(path.with_file_name(format!(".{name}{PARTIAL_SUFFIX}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_a_file_whole_and_leaves_no_temporary_file() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("class-3.pdf");
        write_file(&path, b"first").unwrap();
        write_file(&path, b"second").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = fs::read_dir(folder.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, [std::ffi::OsString::from("class-3.pdf")]);
    }

    #[test]
    fn a_failed_write_leaves_the_target_as_it_was() {
        let folder = tempfile::tempdir().unwrap();
        // A folder where the file should be: the rename fails.
        let path = folder.path().join("taken");
        fs::create_dir(&path).unwrap();
        fs::write(path.join("inside"), b"kept").unwrap();
        assert!(write_file(&path, b"new").is_err());
        assert_eq!(fs::read(path.join("inside")).unwrap(), b"kept");
        assert!(!folder.path().join(format!(".taken{PARTIAL_SUFFIX}")).exists());
    }

    /// Regression: an interrupted `scrub` left its temporary file beside the image.
    #[test]
    fn what_a_killed_run_left_is_removed() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("trip.jpg");
        fs::write(&path, b"image").unwrap();
        let leftover = folder.path().join(format!(".trip.jpg{PARTIAL_SUFFIX}"));
        fs::write(&leftover, b"half").unwrap();
        remove_leftover(&path);
        assert!(!leftover.exists() && path.exists());
    }
}
