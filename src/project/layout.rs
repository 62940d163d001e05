//! The layout of a project, in one place: which folder holds what, and where each page
//! is published. Every other module asks here rather than spelling a folder name.
//!
//! ```text
//! policypress.yaml            the whole site (a trust's name, base_url, default theme)
//! content/<kind>/*.md         shared sources, every school publishes them
//! content/media/              shared images and files
//! schools/<id>/school.yaml    one school
//! schools/<id>/content/...    the school's own sources: the same path replaces a shared one
//! schools/<id>/media/         the school's images and files, looked up before content/media/
//! themes/<name>/              templates, assets, print templates and fonts
//! ```

use std::path::{Path, PathBuf};

use super::config::Kind;

/// The folder of shared sources (a trust's model policies).
pub(crate) const SHARED: &str = "content";
/// The folder with one folder per school.
pub(crate) const SCHOOLS: &str = "schools";
/// The folder with one folder per theme.
pub(crate) const THEMES: &str = "themes";
/// The whole site's settings, at the project root.
pub(crate) const SITE_CONFIG: &str = "policypress.yaml";
/// A school's settings, in its folder.
pub(crate) const SCHOOL_CONFIG: &str = "school.yaml";
/// The folder of images and files, in a school's folder and in [`SHARED`].
pub(crate) const MEDIA: &str = "media";
/// How a source refers to an image or file: `/media/2025/garden.jpg` means
/// `schools/<id>/media/2025/garden.jpg`, or failing that `content/media/2025/garden.jpg`.
pub(crate) const MEDIA_REFERENCE: &str = "/media/";
/// A theme's folder of print templates, and of fonts.
pub(crate) const THEME_PRINT: &str = "print";
pub(crate) const THEME_FONTS: &str = "fonts";
/// A theme's folder of words, one file per language (`strings/cy.yaml`).
pub(crate) const THEME_STRINGS: &str = "strings";
/// The project's private folder: what a run keeps between runs (the folder an output
/// replaced, to bring up to date next time). Never published, never committed.
pub(crate) const PRIVATE: &str = ".policypress";
/// The folders under the project root that hold sources (what `serve` watches).
pub(crate) const SOURCE_FOLDERS: [&str; 3] = [SHARED, SCHOOLS, THEMES];
/// The prefix a shared source's template name takes inside a school that overrides it,
/// so the override can `{% extends "shared/policies/x.md" %}`.
const SHARED_TEMPLATE_PREFIX: &str = "shared/";

/// `schools/<id>`.
pub(crate) fn school_folder(id: &str) -> PathBuf {
    Path::new(SCHOOLS).join(id)
}

/// `schools/<id>/content`, the school's own sources.
pub(crate) fn school_content(id: &str) -> PathBuf {
    school_folder(id).join(SHARED)
}

/// Where a `/media/<path>` reference is looked for, in order: the school's own media,
/// then the shared media.
pub(crate) fn media_folders(school_folder: &Path) -> [PathBuf; 2] {
    [school_folder.join(MEDIA), Path::new(SHARED).join(MEDIA)]
}

/// The folder inside a media folder where `import` puts each document's pictures, one
/// folder per imported source: `media/imported/<slug>/image-1.jpg`.
const IMPORTED_MEDIA: &str = "imported";

/// Where `import` writes the pictures of the source `slug` (the school's media folder with
/// a school, else the shared one), relative to the project root, and the address a
/// source refers to them by (ending in `/`).
pub(crate) fn imported_media(school: Option<&str>, slug: &str) -> (PathBuf, String) {
    let media = match school {
        Some(id) => school_folder(id).join(MEDIA),
        None => Path::new(SHARED).join(MEDIA),
    };
    (media.join(IMPORTED_MEDIA).join(slug), format!("{MEDIA_REFERENCE}{IMPORTED_MEDIA}/{slug}/"))
}

/// `themes/<name>`.
pub(crate) fn theme_folder(name: &str) -> PathBuf {
    Path::new(THEMES).join(name)
}

/// `themes/<name>/templates`, the theme's HTML templates.
pub(crate) fn theme_templates(name: &str) -> PathBuf {
    theme_folder(name).join("templates")
}

/// True if a source file (relative to the project root) is shared, not a school's own.
pub(crate) fn is_shared(file: &Path) -> bool {
    file.starts_with(SHARED)
}

/// True if a file (relative to the project root) is one school's own, under `schools/`;
/// everything else (the model content, themes) the schools share.
pub(crate) fn is_one_schools(file: &Path) -> bool {
    file.starts_with(SCHOOLS)
}

/// The template name a shared source at `rel` (relative to `content/`) has in a school
/// that overrides it.
pub(crate) fn shared_template_name(rel: &str) -> String {
    format!("{SHARED_TEMPLATE_PREFIX}{rel}")
}

/// The shared file at `rel` (relative to `content/`), relative to the project root.
pub(crate) fn shared_file(rel: &str) -> PathBuf {
    Path::new(SHARED).join(rel)
}

/// The path under `content/` a shared template name stands for, if it is one.
pub(crate) fn shared_source_of(template_name: &str) -> Option<&str> {
    template_name.strip_prefix(SHARED_TEMPLATE_PREFIX)
}

/// The end of the name of the file beside a school's override that records the shared
/// text it was based on: `online-safety.md` has `online-safety.base.yaml`. Not `.md`, so
/// it is never read as a source, and under `content/`, never `media/`, so never published.
const BASE_RECORD_SUFFIX: &str = ".base.yaml";

/// The record of the shared text beside the override at `file`.
pub(crate) fn base_record(file: &Path) -> PathBuf {
    let stem = file.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
    file.with_file_name(format!("{stem}{BASE_RECORD_SUFFIX}"))
}

/// The override a record file is beside, if `file` is named as a record is.
pub(crate) fn override_of_record(file: &Path) -> Option<PathBuf> {
    let name = file.file_name()?.to_str()?;
    let stem = name.strip_suffix(BASE_RECORD_SUFFIX)?;
    Some(file.with_file_name(format!("{stem}.md")))
}

/// The site's folders kept for the pages it makes itself, which a page's slug cannot take.
pub(crate) const RESERVED_FOLDERS: [&str; 8] = ["policies", "parents", "agreements", "accessibility", "search", "media", "assets", "404"];

/// The folder a page of this kind and slug is published at, relative to the site root.
pub(crate) fn page_url(kind: Kind, slug: &str) -> String {
    match kind {
        Kind::Policy => format!("policies/{slug}/"),
        Kind::Guidance => format!("parents/{slug}/"),
        Kind::Agreement => format!("agreements/{slug}/"),
        Kind::Page => format!("{slug}/"),
    }
}

/// The folder a school's site in a language other than its main one is published in:
/// `cy/`, `en-gb/` (lower case, as addresses are).
pub(crate) fn language_folder(lang: &str) -> String {
    format!("{}/", lang.to_ascii_lowercase())
}

/// The file a site folder is served from: `policies/x/` → `policies/x/index.html`.
pub(crate) fn page_file(url: &str) -> String {
    format!("{url}index.html")
}

/// The way back to the site root from a page's folder: `../../` for `policies/x/`, ""
/// for the home page. Links are relative so a site works from any host or sub-path.
pub(crate) fn root_prefix(page_url: &str) -> String {
    "../".repeat(page_url.matches('/').count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_published_in_folders_by_kind() {
        assert_eq!(page_url(Kind::Policy, "online-safety"), "policies/online-safety/");
        assert_eq!(page_url(Kind::Page, "contact"), "contact/");
        assert_eq!(
            page_file(&format!("{}{}", language_folder("en-GB"), page_url(Kind::Guidance, "phones"))),
            "en-gb/parents/phones/index.html"
        );
        assert_eq!(root_prefix("policies/x/"), "../../");
        assert_eq!(root_prefix(""), "");
    }

    #[test]
    fn shared_sources_are_told_apart_from_a_schools_own() {
        assert!(is_shared(Path::new("content/policies/a.md")));
        assert!(!is_shared(&school_content("x").join("policies/a.md")));
        assert_eq!(shared_source_of(&shared_template_name("policies/a.md")), Some("policies/a.md"));
    }

    #[test]
    fn an_overrides_record_is_beside_it_and_leads_back_to_it() {
        let file = school_content("x").join("policies/online-safety.md");
        let record = base_record(&file);
        assert_eq!(record, school_content("x").join("policies/online-safety.base.yaml"));
        assert_eq!(override_of_record(&record), Some(file));
        assert_eq!(override_of_record(Path::new("school.yaml")), None);
    }
}
