//! A theme's files, wherever they come from. The default theme is built into the program;
//! a project's `themes/default/` may replace any of its files, and a project's own theme
//! (`themes/<name>/`) may replace any file of the default and inherits the rest. So a
//! project needs no `themes/` folder at all, and a theme that only restyles the site still
//! has every template, print template and font.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::built_in;
use super::layout;

/// The theme every school uses unless it names another.
pub const DEFAULT: &str = "default";

/// One file of a theme.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    /// Within its folder: `base.html` in `templates/`, `OpenSans-Regular.ttf` in `fonts/`.
    pub relative: String,
    /// Relative to the project root, as messages name it: `themes/<name>/<folder>/<file>`.
    /// A built-in file is named where a project's own copy would replace it.
    pub shown: PathBuf,
    origin: Origin,
}

#[derive(Debug, Clone)]
enum Origin {
    Project(PathBuf),
    BuiltIn(&'static [u8]),
}

impl ThemeFile {
    /// The file's bytes.
    pub fn read(&self) -> std::io::Result<Cow<'static, [u8]>> {
        match &self.origin {
            Origin::Project(path) => std::fs::read(path).map(Cow::Owned),
            Origin::BuiltIn(bytes) => Ok(Cow::Borrowed(bytes)),
        }
    }

    /// The file as text, for a template: a project's file is read as every source is (a
    /// link out of the project refused, a byte-order mark dropped).
    pub(crate) fn read_text(&self, root: &Path) -> Result<String, crate::error::LoadError> {
        match &self.origin {
            Origin::Project(_) => super::discover::read_text(root, &self.shown).map(|file| file.text),
            Origin::BuiltIn(bytes) => String::from_utf8(bytes.to_vec())
                .map_err(|_| crate::error::LoadError::new(&self.shown, None, crate::error::LoadErrorKind::NotUtf8)),
        }
    }

    /// The file's size in bytes, without reading it.
    pub fn size(&self) -> u64 {
        match &self.origin {
            Origin::Project(path) => std::fs::metadata(path).map_or(0, |m| m.len()),
            Origin::BuiltIn(bytes) => bytes.len() as u64,
        }
    }

    /// True for a file the program carries, not one of the project's.
    pub fn is_built_in(&self) -> bool {
        matches!(self.origin, Origin::BuiltIn(_))
    }
}

/// The files of `theme` in `folder` (`templates`, `static`, `print`, `fonts`), in order of
/// their relative paths: the theme's own, then the project's `themes/default/`, then the
/// built-in default theme, each relative path taken from the first that has it.
pub fn files(root: &Path, theme: &str, folder: &str) -> Vec<ThemeFile> {
    let mut found: Vec<ThemeFile> = Vec::new();
    let layers = if theme == DEFAULT { vec![DEFAULT] } else { vec![theme, DEFAULT] };
    for layer in layers {
        let shown_base = layout::theme_folder(layer).join(folder);
        let base = root.join(&shown_base);
        for entry in WalkDir::new(&base).sort_by_file_name().into_iter().filter_map(Result::ok) {
            if !entry.file_type().is_file() {
                continue;
            }
            let relative = entry.path().strip_prefix(&base).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
            if !found.iter().any(|file| file.relative == relative) {
                let shown = shown_base.join(&relative);
                found.push(ThemeFile { relative, shown, origin: Origin::Project(entry.path().to_path_buf()) });
            }
        }
    }
    let prefix = format!("{folder}/");
    for (path, bytes) in built_in::THEME {
        let Some(relative) = path.strip_prefix(&prefix) else { continue };
        if !found.iter().any(|file| file.relative == relative) {
            let shown = layout::theme_folder(DEFAULT).join(folder).join(relative);
            found.push(ThemeFile { relative: relative.to_owned(), shown, origin: Origin::BuiltIn(bytes) });
        }
    }
    found.sort_by(|a, b| a.relative.cmp(&b.relative));
    found
}

/// The file `relative` in `folder` of `theme`, from the first layer that has it.
pub fn file(root: &Path, theme: &str, folder: &str, relative: &str) -> Option<ThemeFile> {
    files(root, theme, folder).into_iter().find(|file| file.relative == relative)
}

/// The themes a school may name: the built-in default and every folder under `themes/`.
pub(crate) fn names(project_themes: &[String]) -> Vec<String> {
    let mut names = project_themes.to_vec();
    if !names.iter().any(|name| name == DEFAULT) {
        names.push(DEFAULT.to_owned());
    }
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_theme_replaces_some_files_and_inherits_the_rest() {
        let root = tempfile::tempdir().unwrap();
        let built_in = files(root.path(), DEFAULT, "templates");
        assert!(built_in.iter().any(|f| f.relative == "base.html" && f.is_built_in()), "the default theme is built in");
        assert_eq!(built_in[0].shown.parent(), Some(Path::new("themes/default/templates")));

        let own = root.path().join("themes/ours/templates");
        std::fs::create_dir_all(&own).unwrap();
        std::fs::write(own.join("base.html"), "ours").unwrap();
        let ours = files(root.path(), "ours", "templates");
        let base = ours.iter().find(|f| f.relative == "base.html").unwrap();
        assert_eq!(&*base.read().unwrap(), b"ours");
        assert_eq!(base.shown, Path::new("themes/ours/templates/base.html"));
        assert_eq!(ours.len(), built_in.len(), "the rest is inherited");
        assert!(file(root.path(), "ours", "fonts", "OpenSans-Regular.ttf").is_some_and(|f| f.is_built_in()));
    }
}
