//! The dependency map: for every page `serve` holds, the inputs it was made from, so an
//! edit re-renders exactly the pages it touches.
//!
//! In: a school, its theme's template texts and its rendered pages. Out: a map from each
//! page's file (`policies/x/index.html`) to its inputs, and, for a set of changed paths,
//! the pages to render again. An input is a file (a source, the override that would
//! replace it, school.yaml, a template and what it extends or includes, a media file) or
//! a folder whose list of files a page shows (listings, language versions); a folder
//! counts as changed only when a file appears in it or leaves it. Inputs may name files
//! that do not exist yet: a page that uses the shared copy of a source depends on the
//! school's override of it, so creating the override re-renders the page.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use crate::project::config::Kind;
use crate::project::{Page, School};
use crate::render::{self, RenderedPage};

/// Something a page was made from, relative to the project root.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Input {
    /// A file's content (or its coming into or going out of existence).
    File(PathBuf),
    /// Which files a folder holds (anywhere below it).
    Folder(PathBuf),
    /// What a listing shows of a source: its title, summary, address and kind. An edit
    /// to the source's body alone leaves it as it was.
    Listed(PathBuf),
}

/// A path an edit touched, relative to the project root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Change {
    pub(crate) path: PathBuf,
    /// The path came into existence or went out of it (created, deleted, renamed).
    pub(crate) structural: bool,
}

#[cfg(test)]
impl Change {
    pub(crate) fn edit(path: impl Into<PathBuf>) -> Change {
        Change { path: path.into(), structural: false }
    }

    pub(crate) fn structural(path: impl Into<PathBuf>) -> Change {
        Change { path: path.into(), structural: true }
    }
}

impl Input {
    /// True if `change` may have changed this input. A change to a folder reaches every
    /// file below it (a folder renamed or deleted at once). `same_listing` holds the
    /// sources whose listing entry an edit left as it was.
    fn touched_by(&self, change: &Change, same_listing: &BTreeSet<PathBuf>) -> bool {
        match self {
            Input::File(file) => file.starts_with(&change.path),
            Input::Listed(file) => file.starts_with(&change.path) && !same_listing.contains(file),
            Input::Folder(folder) => change.structural && (change.path.starts_with(folder) || folder.starts_with(&change.path)),
        }
    }
}

/// Each page's inputs, by the file the page is written to.
#[derive(Debug, Default, Clone)]
pub(crate) struct DependencyMap {
    pages: BTreeMap<String, BTreeSet<Input>>,
}

/// What to do after an edit: the pages to render (again) and the pages that are gone.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Affected {
    pub(crate) render: BTreeSet<String>,
    pub(crate) removed: BTreeSet<String>,
}

impl DependencyMap {
    /// The map for a school as rendered: every page in `pages`.
    pub(crate) fn for_school(school: &School, templates: &[(PathBuf, String)], pages: &[RenderedPage]) -> DependencyMap {
        let mut map = DependencyMap::default();
        map.update(school, templates, pages);
        map
    }

    /// Records (again) the inputs of `pages`, rendered from `school`.
    pub(crate) fn update<'p>(
        &mut self,
        school: &School,
        templates: &[(PathBuf, String)],
        pages: impl IntoIterator<Item = &'p RenderedPage>,
    ) {
        let made_from: BTreeMap<String, &Page> = school.pages.iter().map(|p| (crate::project::layout::page_file(&p.url), p)).collect();
        let generated: BTreeMap<String, render::Generated> = render::generated_pages(school).into_iter().map(|g| (g.file(), g)).collect();
        for page in pages {
            let mut inputs =
                BTreeSet::from([Input::File(school.config_file.clone()), Input::File(PathBuf::from(crate::project::layout::SITE_CONFIG))]);
            let template = if let Some(source_page) = made_from.get(&page.file) {
                source_inputs(school, source_page, page, &mut inputs);
                render::page_template(source_page.source.kind())
            } else if let Some(generated) = generated.get(&page.file) {
                listing_inputs(school, generated.lists, &mut inputs);
                generated.template
            } else {
                continue;
            };
            template_inputs(school, templates, template, &mut inputs);
            self.pages.insert(page.file.clone(), inputs);
        }
    }

    /// Forgets a page that is no longer published.
    pub(crate) fn remove(&mut self, file: &str) {
        self.pages.remove(file);
    }

    /// What `changes` call for, given the files of the pages the school publishes now
    /// and the sources whose listing entries are unchanged ([`same_listing`]): every
    /// recorded page one of whose inputs changed, every page not recorded yet, and every
    /// recorded page no longer published.
    pub(crate) fn affected(&self, changes: &[Change], now: &BTreeSet<String>, same_listing: &BTreeSet<PathBuf>) -> Affected {
        let mut affected = Affected::default();
        for (file, inputs) in &self.pages {
            if !now.contains(file) {
                affected.removed.insert(file.clone());
            } else if inputs.iter().any(|input| changes.iter().any(|change| input.touched_by(change, same_listing))) {
                affected.render.insert(file.clone());
            }
        }
        affected.render.extend(now.iter().filter(|file| !self.pages.contains_key(*file)).cloned());
        affected
    }
}

/// A page made from a source: the source, the file that would replace it or that it
/// replaces, what its body extends or includes, its media, and for guidance the other
/// language versions.
fn source_inputs(school: &School, page: &Page, rendered: &RenderedPage, inputs: &mut BTreeSet<Input>) {
    let source = &page.source;
    let own = crate::project::layout::school_content(&school.id);
    inputs.insert(Input::File(source.file.clone()));
    inputs.insert(Input::File(own.join(&source.rel)));
    inputs.insert(Input::File(Path::new(crate::project::layout::SHARED).join(&source.rel)));
    for name in template_references(&source.body) {
        match crate::project::layout::shared_source_of(name) {
            Some(rel) => {
                inputs.insert(Input::File(Path::new(crate::project::layout::SHARED).join(rel)));
            }
            None => {
                inputs.insert(Input::File(Path::new(crate::project::layout::SHARED).join(name)));
                inputs.insert(Input::File(own.join(name)));
            }
        }
    }
    let school_dir = crate::project::layout::school_folder(&school.id);
    let written = rendered.links.iter().map(|l| l.written.as_str()).chain(rendered.images.iter().map(|i| i.written.as_str()));
    for reference in written.filter_map(|w| w.strip_prefix("/media/")) {
        inputs.extend(crate::project::media::candidates(&school_dir, reference).into_iter().map(Input::File));
    }
    if source.kind() == Kind::Guidance {
        inputs.insert(Input::Folder(Path::new(crate::project::layout::SHARED).join(Kind::Guidance.folder())));
        inputs.insert(Input::Folder(own.join(Kind::Guidance.folder())));
    }
}

/// A generated page: every source it lists, and the folders new ones would appear in.
fn listing_inputs(school: &School, kinds: &[Kind], inputs: &mut BTreeSet<Input>) {
    let own = crate::project::layout::school_content(&school.id);
    for kind in kinds {
        inputs.insert(Input::Folder(Path::new(crate::project::layout::SHARED).join(kind.folder())));
        inputs.insert(Input::Folder(own.join(kind.folder())));
    }
    for page in school.pages.iter().filter(|p| kinds.contains(&p.source.kind())) {
        inputs.insert(Input::Listed(page.source.file.clone()));
    }
}

/// The sources among `changes` that a school lists exactly as before the edit (same
/// title, summary, address and kind, in `before` and `after`): the listings need not be
/// rendered again for them. A source that came or went is never among them.
pub(crate) fn same_listing(before: &School, after: &School, changes: &[Change]) -> BTreeSet<PathBuf> {
    // Every page the source is shown on, in each language.
    let entry = |school: &School, file: &Path| {
        let entries: Vec<_> = school
            .pages
            .iter()
            .filter(|p| p.source.file == file)
            .map(|p| {
                let front = &p.source.front;
                (p.url.clone(), front.title.clone(), front.summary.clone(), p.source.kind())
            })
            .collect();
        (!entries.is_empty()).then_some(entries)
    };
    changes
        .iter()
        .filter(|change| !change.structural)
        .filter(|change| entry(before, &change.path).is_some_and(|old| entry(after, &change.path) == Some(old)))
        .map(|change| change.path.clone())
        .collect()
}

/// A theme template's file and every template it extends, includes or imports, at any depth.
fn template_inputs(school: &School, templates: &[(PathBuf, String)], name: &str, inputs: &mut BTreeSet<Input>) {
    let folder = crate::project::layout::theme_templates(&school.theme);
    let mut pending = vec![name.to_owned()];
    let mut seen = BTreeSet::new();
    while let Some(name) = pending.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let file = folder.join(&name);
        if let Some((_, text)) = templates.iter().find(|(path, _)| *path == file) {
            pending.extend(template_references(text).into_iter().map(str::to_owned));
        }
        inputs.insert(Input::File(file));
    }
}

/// The templates a Tera text names in `extends`, `include` and `import` tags.
fn template_references(text: &str) -> Vec<&str> {
    static TAG: LazyLock<Option<Regex>> = LazyLock::new(|| Regex::new(r#"\{%-?\s*(?:extends|include|import)\s+["']([^"']+)["']"#).ok());
    if !text.contains("{%") {
        return Vec::new();
    }
    let Some(tag) = TAG.as_ref() else { return Vec::new() };
    tag.captures_iter(text).filter_map(|c| c.get(1)).map(|m| m.as_str()).collect()
}

#[cfg(test)]
mod tests;
