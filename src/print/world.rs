//! The closed room Typst typesets in: one template and the content template it imports,
//! one data file, the pictures the data names, the fonts shipped with the theme, and a
//! fixed date.
//!
//! In: the templates, the JSON the template reads as `/data.json`, the pictures (already
//! stripped, as published), a [`Typesetter`] holding the standard library and the fonts.
//! Out: an [`AgreementWorld`] that Typst compiles. Guarantees: nothing outside those
//! inputs can reach the output. There is no file system access beyond those virtual
//! files, no package downloads (`@preview/...` imports fail), no system fonts, and
//! `datetime.today()` is the date given, so the same inputs always give the same document.

use std::path::{Path, PathBuf};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::Template;
use crate::project::theme_files::{self, ThemeFile};

/// Where the template reads its data from, as a Typst path: `json("/data.json")`.
pub(crate) const DATA_PATH: &str = "/data.json";

/// The template's own path inside the world; messages name the real file instead.
const MAIN_PATH: &str = "/agreement.typ";

/// Where the template imports the content template from: `#import "content.typ"`.
const CONTENT_PATH: &str = "/content.typ";

/// A picture's bytes, shared with the site (not copied) while Typst reads them.
pub(crate) struct Shared(pub(crate) std::sync::Arc<Vec<u8>>);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// The standard library and the fonts: built once, shared by every document of a run.
pub struct Typesetter {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

/// Why the fonts could not be loaded.
#[derive(Debug, Clone, thiserror::Error)]
pub enum FontError {
    #[error("{}: cannot read the font: {message}", file.display())]
    Read { file: PathBuf, message: String },
    #[error("{}: not a font Typst can use (expected TrueType or OpenType)", file.display())]
    NotAFont { file: PathBuf },
}

impl Typesetter {
    /// Loads `fonts` (in the order given: file-name order, so the font book, and with it
    /// the output, does not depend on the order the disk lists them).
    pub fn load(fonts: &[ThemeFile]) -> Result<Typesetter, FontError> {
        let mut loaded = Vec::new();
        for file in fonts {
            let bytes = file.read().map_err(|err| FontError::Read { file: file.shown.clone(), message: err.to_string() })?;
            let before = loaded.len();
            loaded.extend(Font::iter(Bytes::new(bytes.into_owned())));
            if loaded.len() == before {
                return Err(FontError::NotAFont { file: file.shown.clone() });
            }
        }
        let book = FontBook::from_fonts(&loaded);
        Ok(Typesetter { library: LazyHash::new(Library::default()), book: LazyHash::new(book), fonts: loaded })
    }
}

/// The `.ttf` and `.otf` files `theme` prints with, its own and the default theme's, in
/// file-name order.
pub fn font_files(root: &Path, theme: &str) -> Vec<ThemeFile> {
    theme_files::files(root, theme, super::FONTS)
        .into_iter()
        .filter(|file| {
            Path::new(&file.relative)
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("ttf") || e.eq_ignore_ascii_case("otf"))
        })
        .collect()
}

/// One document's world: the template as the main file, the content template, and the
/// data and pictures beside them.
pub(crate) struct AgreementWorld<'a> {
    typesetter: &'a Typesetter,
    main: (Source, &'a Path),
    content: (Source, &'a Path),
    /// The data, the logo and the pictures, by their ids.
    files: Vec<(FileId, Bytes)>,
    today: Datetime,
}

impl<'a> AgreementWorld<'a> {
    /// `template` is the main `.typ` file and `content` the one it may import; `data`
    /// the JSON it reads from [`DATA_PATH`]; `today` what `datetime.today()` returns,
    /// whatever the clock says; `pictures` are served at their paths (`/media/3fa1.jpg`),
    /// and the template's logo at its [`super::Logo::path`]. `None` only if Typst refuses
    /// a path.
    pub fn new(
        typesetter: &'a Typesetter,
        template: &'a Template,
        content: &'a Template,
        data: Vec<u8>,
        today: Datetime,
        pictures: &[(String, Bytes)],
    ) -> Option<AgreementWorld<'a>> {
        let main = Source::new(file_id(MAIN_PATH)?, template.text.clone());
        let library = Source::new(file_id(CONTENT_PATH)?, content.text.clone());
        let mut files = vec![(file_id(DATA_PATH)?, Bytes::new(data))];
        if let Some(logo) = &template.logo {
            files.push((file_id(&logo.path())?, logo.bytes.clone()));
        }
        for (path, bytes) in pictures {
            files.push((file_id(path)?, bytes.clone()));
        }
        Some(AgreementWorld { typesetter, main: (main, &template.file), content: (library, &content.file), files, today })
    }

    /// The file a template source of this world came from, and its text, to turn a
    /// diagnostic's byte range into a line and column.
    pub(crate) fn template_source(&self, id: FileId) -> Option<(&Source, &Path)> {
        [&self.main, &self.content].into_iter().find(|(source, _)| source.id() == id).map(|(source, file)| (source, *file))
    }

    /// The main template's file, named as messages name it.
    pub(crate) fn template_file(&self) -> &Path {
        self.main.1
    }
}

/// The id of a file at the root of the world, or `None` if Typst refuses the path (it
/// accepts both constants used here).
fn file_id(path: &str) -> Option<FileId> {
    VirtualPath::new(path).ok().map(|vpath| RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl World for AgreementWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.typesetter.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.typesetter.book
    }

    fn main(&self) -> FileId {
        self.main.0.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.template_source(id).map(|(source, _)| source.clone()).ok_or_else(|| not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some((source, _)) = self.template_source(id) {
            return Ok(Bytes::from_string(source.clone()));
        }
        self.files.iter().find(|(file, _)| *file == id).map(|(_, bytes)| bytes.clone()).ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.typesetter.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(PathBuf::from(id.get().vpath().get_with_slash()))
}
