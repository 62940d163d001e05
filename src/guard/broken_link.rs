//! `broken-link`: a link to a page, an anchor or a media file that does not exist.
//! Policies cross-reference each other by section; a renamed heading must not leave a
//! dead link in another policy.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use crate::finding::Finding;
use crate::render;
use crate::render::markdown::LinkTarget;

use super::Build;

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "broken-link";

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    let site = build.site;
    // Every checked page's ids, collected once: O(pages), not O(pages × links). The 404
    // page shares the home page's folder URL but is not what a link to `/` reaches.
    let mut ids: HashMap<&str, HashSet<Cow<'_, str>>> = build
        .pages()
        .filter(|(page, _)| page.file != "404.html")
        .map(|(page, scan)| (page.url.as_str(), scan.ids.iter().cloned().collect()))
        .collect();
    // Pages outside the focus that checked pages link to, scanned as they come up.
    for page in build.checked_pages() {
        for link in &page.links {
            if let LinkTarget::Page { url, .. } = &link.target
                && !ids.contains_key(url.as_str())
                && let Some(found) = build.ids_of_unchecked(url)
            {
                ids.insert(url.as_str(), found);
            }
        }
    }
    let urls: HashSet<&str> = site.pages.iter().map(|page| page.url.as_str()).collect();
    let files: HashSet<&str> = site.files.iter().map(|(path, _)| path.as_str()).collect();

    let mut findings = Vec::new();
    for page in build.checked_pages() {
        for link in &page.links {
            let problem = match &link.target {
                LinkTarget::Elsewhere => None,
                LinkTarget::MissingMedia { reason } => {
                    Some((reason.clone(), "put the file in the school's media/ folder or content/media/".to_owned()))
                }
                LinkTarget::Page { url, fragment } => match ids.get(url.as_str()) {
                    // The search index is made while the rules run.
                    None if files.contains(url.as_str()) || url.ends_with(render::SEARCH_INDEX) => None,
                    None => Some((format!("no page at `/{url}`"), suggest_page(url, &urls))),
                    Some(page_ids) => match fragment {
                        Some(fragment) if !fragment.is_empty() && !page_ids.contains(&Cow::Borrowed(fragment.as_str())) => {
                            match translated_target(build, url) {
                                // The section is there in the original; the translation's
                                // headings have ids of their own words.
                                Some(target) => Some((
                                    format!(
                                        "no section `#{fragment}` on `/{url}`, its {} version ({})",
                                        crate::language::english_name(&target.written_in),
                                        crate::finding::display_path(&target.source.file)
                                    ),
                                    format!(
                                        "give the heading it translates the same id in that file, as in `## Its title {{#{fragment}}}`"
                                    ),
                                )),
                                None => Some((format!("no section `#{fragment}` on `/{url}`"), suggest_anchor(fragment, page_ids))),
                            }
                        }
                        _ => None,
                    },
                },
            };
            if let Some((message, help)) = problem {
                let (file, span) = build.locate(page, &link.written);
                findings.push(Finding::error(ID, &file, span).message(format!("`{}` leads nowhere: {message}", link.written)).help(help));
            }
        }
    }
    findings
}

/// The page at `url`, where it is a translation: a link into it by a section's id is
/// written against the original's headings.
fn translated_target<'a>(build: &Build<'a>, url: &str) -> Option<&'a crate::project::Page> {
    build.school.pages.iter().find(|page| page.url == url && page.source.lang.is_some())
}

fn suggest_page(url: &str, urls: &HashSet<&str>) -> String {
    match crate::project::config::nearest(url, urls.iter().copied()) {
        Some(near) => format!("did you mean `/{near}`?"),
        None => "link to a page this school publishes, e.g. `/policies/<slug>/`".to_owned(),
    }
}

fn suggest_anchor(fragment: &str, ids: &HashSet<Cow<'_, str>>) -> String {
    match crate::project::config::nearest(fragment, ids.iter().map(AsRef::as_ref)) {
        Some(near) => format!("did you mean `#{near}`?"),
        None => "link to a heading's id; give a heading a fixed id with `## Title {#id}`".to_owned(),
    }
}
