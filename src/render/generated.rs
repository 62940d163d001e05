//! The pages a site makes itself (home, listings, accessibility, search, 404), and the
//! landing page that lists every school built.

use tera::Context;

use crate::error::RenderError;
use crate::project::config::Kind;
use crate::project::{Project, School};

use super::templates::theme_error;
use super::theme::Theme;
use super::{Content, Entry, PageView, RenderedPage};

/// A page the site makes itself: (folder URL, template, title, kinds it lists).
pub(crate) struct Generated {
    pub(crate) url: &'static str,
    pub(crate) template: &'static str,
    pub(crate) title: String,
    pub(crate) lists: &'static [Kind],
}

impl Generated {
    /// The file it is written to. The 404 page is served from whatever folder was asked
    /// for, so its links cannot be relative to its own place; it lives at the root.
    pub(crate) fn file(&self) -> String {
        if self.template == "404.html" { "404.html".to_owned() } else { crate::project::layout::page_file(self.url) }
    }
}

/// Every page the site generates for a school.
pub(crate) fn generated_pages(school: &School) -> Vec<Generated> {
    let name = &school.config.name;
    vec![
        Generated {
            url: "",
            template: "home.html",
            title: name.clone(),
            lists: &[Kind::Policy, Kind::Guidance, Kind::Agreement, Kind::Page],
        },
        Generated { url: "policies/", template: "section.html", title: "Policies".to_owned(), lists: &[Kind::Policy] },
        Generated {
            url: "parents/",
            template: "section.html",
            title: "Guidance for parents and carers".to_owned(),
            lists: &[Kind::Guidance],
        },
        Generated {
            url: "agreements/",
            template: "section.html",
            title: "Acceptable use agreements".to_owned(),
            lists: &[Kind::Agreement],
        },
        Generated { url: "accessibility/", template: "accessibility.html", title: "Accessibility statement".to_owned(), lists: &[] },
        Generated { url: "search/", template: "search.html", title: "Search".to_owned(), lists: &[] },
        Generated { url: "404/", template: "404.html", title: "Page not found".to_owned(), lists: &[] },
    ]
}

pub(super) fn render_generated(
    tera: &tera::Tera,
    theme: &Theme,
    base: &Context,
    entries: &[Entry],
    generated: Generated,
) -> Result<RenderedPage, RenderError> {
    let mut context = base.clone();
    let file = generated.file();
    let url = if generated.template == "404.html" { String::new() } else { generated.url.to_owned() };
    let listed: Vec<&Entry> = entries.iter().filter(|e| generated.lists.contains(&e.kind)).collect();
    context.insert("entries", &listed);
    // The 404 page is shown at whatever address was asked for, at any depth: its links
    // start from the site's own address, not from where it happens to be.
    let root = if generated.template == "404.html" {
        context.get("site_home").and_then(|home| home.as_str()).unwrap_or("/").to_owned()
    } else {
        crate::project::layout::root_prefix(&url)
    };
    context.insert("root", &root);
    let view = PageView { title: &generated.title, summary: None, kind: None, url: &url, content: "", toc: &[], toc_numbered: false };
    context.insert("page", &view);
    let template_file = theme.template_file(generated.template);
    let html = super::budget::render(&template_file, || tera.render(generated.template, &context))
        .map_err(|err| theme_error(&err, theme, generated.template))?;
    Ok(theme_page(file, url, html).minified())
}

/// A page the theme makes on its own, from no source: no links or images to follow, no PDF.
fn theme_page(file: String, url: String, html: String) -> RenderedPage {
    RenderedPage {
        file,
        url,
        html,
        content: Content::Apart(String::new()),
        source: None,
        links: Vec::new(),
        images: Vec::new(),
        fallback: false,
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
    super::RenderedSite { pages: vec![theme_page("index.html".to_owned(), String::new(), html)], media: Vec::new(), files: Vec::new() }
}

/// The theme's template for the schools' landing page.
const SCHOOLS_TEMPLATE: &str = "schools.html";
