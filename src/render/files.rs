//! A site's other files: the theme's assets, robots.txt, the sitemap and the search index.

use crate::project::media::MediaFile;
use crate::project::{Project, School};

use super::theme::Theme;
use super::{RenderedPage, search};

/// Where every site publishes its search index.
pub(crate) const SEARCH_INDEX: &str = "search-index.js";

/// The site's files other than pages and media: the theme's assets, robots.txt, the
/// search index and, with a base URL, the sitemap.
pub(crate) fn site_files(project: &Project, school: &School, theme: &Theme, pages: &[RenderedPage]) -> Vec<(String, Vec<u8>)> {
    make_files(&theme.assets, base_url(project, school), pages)
}

/// [`site_files`] but the search index, the one that reads every page's text: `build`
/// makes it with [`search_index`] while the rules run.
pub(crate) fn site_files_but_search(project: &Project, school: &School, theme: &Theme, pages: &[RenderedPage]) -> Vec<(String, Vec<u8>)> {
    files_but_search(&theme.assets, base_url(project, school), pages)
}

/// The address a school's site is published at, if it has one.
pub(crate) fn base_url<'a>(project: &'a Project, school: &'a School) -> Option<&'a str> {
    school.config.base_url.as_deref().or(project.site.base_url.as_deref())
}

/// [`site_files`] from its parts: the theme's assets (by path under `assets/`), the base
/// URL and the pages.
pub(crate) fn make_files(assets: &[MediaFile], base_url: Option<&str>, pages: &[RenderedPage]) -> Vec<(String, Vec<u8>)> {
    let mut files = files_but_search(assets, base_url, pages);
    files.extend(search_index(pages));
    files
}

pub(super) fn files_but_search(assets: &[MediaFile], base_url: Option<&str>, pages: &[RenderedPage]) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = assets.iter().map(|asset| (asset.published.clone(), asset.bytes.to_vec())).collect();
    files.push(("robots.txt".to_owned(), robots(base_url).into_bytes()));
    if let Some(base_url) = base_url {
        files.push(("sitemap.xml".to_owned(), sitemap(base_url, pages).into_bytes()));
    }
    files
}

/// The search index files of a site of `pages`: one for each language, in its folder,
/// holding the pages written in it.
pub(crate) fn search_index(pages: &[RenderedPage]) -> Vec<(String, Vec<u8>)> {
    let mut languages: Vec<&str> = pages.iter().map(|p| p.lang.as_str()).collect();
    languages.sort_unstable();
    languages.dedup();
    languages
        .into_iter()
        .map(|lang| {
            let own: Vec<&RenderedPage> = pages.iter().filter(|p| p.lang == lang).collect();
            // The main language's home page is the site's root; another's is its folder.
            let folder = if own.iter().any(|p| p.url.is_empty()) { String::new() } else { crate::project::layout::language_folder(lang) };
            (format!("{folder}{SEARCH_INDEX}"), search::index_script(&own).into_bytes())
        })
        .collect()
}

pub(super) fn robots(base_url: Option<&str>) -> String {
    let mut text = "User-agent: *\nAllow: /\n".to_owned();
    if let Some(base) = base_url {
        text.push_str(&format!("Sitemap: {}sitemap.xml\n", with_slash(base)));
    }
    text
}

pub(super) fn sitemap(base_url: &str, pages: &[RenderedPage]) -> String {
    let base = with_slash(base_url);
    let mut urls: Vec<&str> = pages.iter().filter(|p| p.file != "404.html").map(|p| p.url.as_str()).collect();
    urls.sort_unstable();
    let mut xml =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for url in urls {
        xml.push_str(&format!("  <url><loc>{}</loc></url>\n", crate::text::escape::html(&format!("{base}{url}"))));
    }
    xml.push_str("</urlset>\n");
    xml
}

pub(super) fn with_slash(url: &str) -> String {
    if url.ends_with('/') { url.to_owned() } else { format!("{url}/") }
}
