//! `policypress scrub PATH...`: clean source images in place, on request.
//!
//! In: files and folders (folders are walked for raster images). Out: one [`Scrubbed`]
//! report per image. Each image is rewritten without its metadata, pixels untouched, and
//! only if the copy reads back clean; the file is replaced atomically (a temporary file
//! beside it, flushed to disk, then renamed over it), so an interrupted scrub leaves the
//! original or the clean copy, never half of one.

use std::fs;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::image;
use crate::project::media::extension_of;

/// What happened to one file.
#[derive(Debug)]
pub struct Scrubbed {
    pub path: PathBuf,
    pub outcome: Outcome,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Rewritten without the listed metadata.
    Cleaned { removed: Vec<String>, before: usize, after: usize },
    /// Nothing to remove; the file was not touched.
    AlreadyClean,
    /// Not something this command changes (named explicitly, so it is reported).
    Skipped(String),
    /// Could not be cleaned; the file was not touched.
    Failed(String),
    /// The image is one the site would refuse, under the rule named (its id); the file
    /// was not touched.
    Refused { rule: &'static str, why: String },
}

impl Outcome {
    #[cfg(test)]
    pub(crate) fn is_failure(&self) -> bool {
        matches!(self, Outcome::Failed(_) | Outcome::Refused { .. })
    }
}

/// Scrubs every raster image named or found under the folders named.
pub fn scrub_paths(paths: &[PathBuf]) -> Vec<Scrubbed> {
    let mut reports = Vec::new();
    for path in paths {
        if path.is_dir() {
            let walker = WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
            for entry in walker {
                match entry {
                    Ok(entry)
                        if entry.file_type().is_file()
                            && (image::is_raster(&extension_of(entry.path())) || starts_as_image(entry.path())) =>
                    {
                        reports.push(Scrubbed { path: entry.path().to_path_buf(), outcome: scrub_file(entry.path()) });
                    }
                    Ok(_) => {}
                    Err(err) => {
                        let at = err.path().unwrap_or(path).to_path_buf();
                        reports.push(Scrubbed { path: at, outcome: Outcome::Failed(err.to_string()) });
                    }
                }
            }
        } else {
            reports.push(Scrubbed { path: path.clone(), outcome: scrub_file(path) });
        }
    }
    reports
}

/// True if the file's first bytes are those of a raster image, whatever its name.
fn starts_as_image(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 32];
    let read = fs::File::open(path).and_then(|mut file| file.read(&mut head)).unwrap_or(0);
    image::raster_extension(&head[..read]).is_some()
}

fn scrub_file(path: &Path) -> Outcome {
    // A run killed while replacing this image left its new bytes beside it: they go.
    crate::text::atomic::remove_leftover(path);
    match fs::symlink_metadata(path) {
        Err(err) => return Outcome::Failed(format!("cannot read it: {err}")),
        Ok(meta) if meta.file_type().is_symlink() => {
            return Outcome::Skipped("a link: scrub the file it points to instead".to_owned());
        }
        Ok(_) => {}
    }
    let named = extension_of(path);
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => return Outcome::Failed(format!("cannot read it: {err}")),
    };
    // What is an image is decided by its bytes, as when a site is built: a JPEG saved as
    // `.jfif` carries the same metadata.
    let extension = match image::raster_extension(&bytes) {
        Some(real) if !image::is_raster(&named) => real.to_owned(),
        _ if image::is_raster(&named) => named,
        _ => return Outcome::Skipped("not a raster image (JPEG, PNG, WebP, GIF or AVIF)".to_owned()),
    };
    let scrubbed = match image::scrub(&bytes, &extension) {
        Ok(scrubbed) => scrubbed,
        Err(err) => {
            let rule = match err {
                image::ImageError::Unsupported { .. } => crate::guard::UNSUPPORTED_IMAGE,
                image::ImageError::Unreadable { .. } => crate::guard::UNREADABLE_IMAGE,
            };
            return Outcome::Refused { rule, why: err.to_string() };
        }
    };
    if scrubbed.bytes == bytes {
        return Outcome::AlreadyClean;
    }
    match image::inspect(&scrubbed.bytes, &extension) {
        Ok(again) if again.metadata.is_empty() && again.geodata.is_empty() && again.texts.is_empty() => {}
        Ok(_) => return Outcome::Failed("metadata was still there after stripping; the file was left as it was".to_owned()),
        Err(err) => return Outcome::Failed(format!("the stripped copy did not read back ({err}); the file was left as it was")),
    }
    match crate::text::atomic::write_file(path, &scrubbed.bytes) {
        Ok(()) => Outcome::Cleaned { removed: scrubbed.removed, before: bytes.len(), after: scrubbed.bytes.len() },
        Err(err) => Outcome::Failed(format!("cannot replace it: {err}; the file was left as it was")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_images_and_missing_files_are_reported_not_touched() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("notes.txt");
        fs::write(&text, "hello").unwrap();
        let reports = scrub_paths(&[text.clone(), dir.path().join("gone.jpg")]);
        assert!(matches!(reports[0].outcome, Outcome::Skipped(_)));
        assert!(reports[1].outcome.is_failure());
        assert_eq!(fs::read_to_string(&text).unwrap(), "hello");
    }

    #[test]
    fn a_corrupt_image_is_left_exactly_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("broken.jpg");
        fs::write(&bad, [0xFF, 0xD8, 0xFF, 0xE1, 0x00]).unwrap();
        let reports = scrub_paths(&[dir.path().to_path_buf()]);
        assert_eq!(reports.len(), 1);
        assert!(reports[0].outcome.is_failure(), "{:?}", reports[0].outcome);
        assert_eq!(fs::read(&bad).unwrap(), [0xFF, 0xD8, 0xFF, 0xE1, 0x00]);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file is left behind");
    }
}
