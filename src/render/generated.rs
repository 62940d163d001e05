//! The pages a site makes itself (home, listings, accessibility, search, 404), and the
//! landing page that lists every school built.

use tera::Context;

use crate::error::RenderError;
use crate::project::config::Kind;
use crate::project::{Project, School};

use super::page::{Language, insert_language, versions_of};
use super::templates::theme_error;
use super::theme::Theme;
use super::{Content, Entry, PageView, RenderedPage};

/// A page the site makes itself, in one of the school's languages.
pub(crate) struct Generated {
    /// Its folder: `policies/`, `cy/policies/`.
    pub(crate) url: String,
    /// Its folder without the language's: the same in every language.
    pub(crate) base_url: &'static str,
    pub(crate) template: &'static str,
    /// The theme's word for its title; the home page's title is the school's name.
    pub(crate) title: Option<&'static str>,
    pub(crate) lists: &'static [Kind],
    pub(crate) lang: String,
}

impl Generated {
    /// The file it is written to. The 404 page is served from whatever folder was asked
    /// for, so its links cannot be relative to its own place; it lives at the root.
    pub(crate) fn file(&self) -> String {
        if self.template == "404.html" { "404.html".to_owned() } else { crate::project::layout::page_file(&self.url) }
    }
}

/// Every page the site generates for a school: each in every language it publishes in,
/// but the 404 page, which a host serves from the root, in the main language.
pub(crate) fn generated_pages(school: &School) -> Vec<Generated> {
    const PAGES: [(&str, &str, Option<&str>, &[Kind]); 7] = [
        ("", "home.html", None, &[Kind::Policy, Kind::Guidance, Kind::Agreement, Kind::Page]),
        ("policies/", "section.html", Some("section_policies"), &[Kind::Policy]),
        ("parents/", "section.html", Some("section_parents"), &[Kind::Guidance]),
        ("agreements/", "section.html", Some("section_agreements"), &[Kind::Agreement]),
        ("accessibility/", "accessibility.html", Some("a11y_title"), &[]),
        ("search/", "search.html", Some("search_title"), &[]),
        ("404/", "404.html", Some("not_found_title"), &[]),
    ];
    let mut pages = Vec::new();
    for (index, lang) in school.config.languages().into_iter().enumerate() {
        let folder = if index == 0 { String::new() } else { crate::project::layout::language_folder(lang) };
        for (base_url, template, title, lists) in PAGES {
            if template == "404.html" && index > 0 {
                continue;
            }
            pages.push(Generated { url: format!("{folder}{base_url}"), base_url, template, title, lists, lang: lang.to_owned() });
        }
    }
    pages
}

/// `statement` on the accessibility statement: its dates, in the page's language.
#[derive(serde::Serialize)]
struct StatementView<'a> {
    prepared_on: String,
    last_reviewed_on: String,
    tested_on: Option<String>,
    tested_by: Option<&'a str>,
}

#[allow(clippy::too_many_arguments, reason = "each is a separate input of the page")]
pub(super) fn render_generated(
    school: &School,
    tera: &tera::Tera,
    theme: &Theme,
    base: &Context,
    entries: &[Entry],
    generated: Generated,
    language: &Language,
    languages: &[Language],
) -> Result<RenderedPage, RenderError> {
    let mut context = base.clone();
    let file = generated.file();
    let url = if generated.template == "404.html" { String::new() } else { generated.url.clone() };
    let listed: Vec<&Entry> = entries.iter().filter(|e| generated.lists.contains(&e.kind)).collect();
    context.insert("entries", &listed);
    let switcher = versions_of(languages, None, generated.base_url, &url, &generated.lang, false);
    insert_language(&mut context, language, &url, &switcher, &switcher);
    // The 404 page is shown at whatever address was asked for, at any depth: its links
    // start from the site's own address, not from where it happens to be.
    if generated.template == "404.html" {
        let home = context.get("site_home").and_then(|home| home.as_str()).unwrap_or("/").to_owned();
        context.insert("root", &home);
        context.insert("home", &home);
        context.insert("languages", &Vec::<String>::new());
        context.insert("versions", &Vec::<String>::new());
    }
    let school_name = context.get("school").and_then(|s| s.get("name")).and_then(|n| n.as_str()).unwrap_or_default().to_owned();
    let title = generated.title.map_or(school_name, |key| language.words.get(key).to_owned());
    let view = PageView { title: &title, summary: None, kind: None, url: &url, content: "", toc: &[], toc_numbered: false };
    context.insert("page", &view);
    context.insert("base_url", generated.base_url);
    if let Some(dates) = &school.config.accessibility_statement {
        let words = &language.words;
        let statement = StatementView {
            prepared_on: words.date(dates.prepared_on),
            last_reviewed_on: words.date(dates.last_reviewed_on),
            tested_on: dates.tested_on.map(|d| words.date(d)),
            tested_by: dates.tested_by.as_deref(),
        };
        context.insert("statement", &statement);
    }
    let template_file = theme.template_file(generated.template);
    let html = super::budget::render(&template_file, || tera.render(generated.template, &context))
        .map_err(|err| theme_error(&err, theme, generated.template))?;
    Ok(theme_page(file, url, generated.lang, html).minified())
}

/// A page the theme makes on its own, from no source: no links or images to follow, no PDF.
fn theme_page(file: String, url: String, lang: String, html: String) -> RenderedPage {
    RenderedPage {
        file,
        url,
        html,
        content: Content::Apart(String::new()),
        source: None,
        links: Vec::new(),
        images: Vec::new(),
        written_in: lang.clone(),
        lang,
        pdf: None,
    }
}

/// `public/index.html` for every school of `project`, from the site theme (`theme`).
pub(crate) fn project_index(project: &Project, theme: &Theme) -> Result<String, RenderError> {
    let schools: Vec<(String, String)> = project.schools.iter().map(|s| (s.id.clone(), s.config.name.clone())).collect();
    schools_index(theme, project.site.name.as_deref(), &schools)
}

/// The landing page of a folder of schools, from `theme`'s `schools.html`: the trust's
/// name (`site_name`) and each school (its id and name) with a link to its home page.
pub(crate) fn schools_index(theme: &Theme, site_name: Option<&str>, schools: &[(String, String)]) -> Result<String, RenderError> {
    #[derive(serde::Serialize)]
    struct Listed<'a> {
        id: &'a str,
        name: &'a str,
        href: String,
    }
    let listed: Vec<Listed<'_>> = schools.iter().map(|(id, name)| Listed { id, name, href: format!("{id}/index.html") }).collect();
    let mut context = Context::new();
    context.insert("site_name", site_name.unwrap_or("School websites"));
    context.insert("schools", &listed);
    theme.tera.render(SCHOOLS_TEMPLATE, &context).map_err(|err| theme_error(&err, theme, SCHOOLS_TEMPLATE))
}

/// The landing page as a site of one page, for the rules to read.
pub(crate) fn landing_site(html: String) -> super::RenderedSite {
    super::RenderedSite {
        pages: vec![theme_page("index.html".to_owned(), String::new(), "en-GB".to_owned(), html)],
        media: Vec::new(),
        files: Vec::new(),
    }
}

/// The theme's template for the schools' landing page.
const SCHOOLS_TEMPLATE: &str = "schools.html";
