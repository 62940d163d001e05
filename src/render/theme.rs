//! A theme: Tera templates for whole pages, and static files (CSS, images) published
//! under `assets/`. Templates are parsed once per theme and cloned into each school.

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::{LoadError, LoadErrorKind};
use crate::finding::Span;

/// The templates the renderer asks every theme for.
pub const REQUIRED: [&str; 9] = [
    "home.html",
    "policy.html",
    "guidance.html",
    "agreement.html",
    "page.html",
    "section.html",
    "accessibility.html",
    "404.html",
    "base.html",
];

pub struct Theme {
    pub name: String,
    pub tera: tera::Tera,
    /// (path under `assets/`, bytes)
    pub assets: Vec<(String, Vec<u8>)>,
    /// Each template's file (relative to the project root) and text, so findings in the
    /// theme's markup can point at a line.
    pub sources: Vec<(PathBuf, String)>,
}

impl Theme {
    pub fn template_file(&self, template: &str) -> PathBuf {
        Path::new("themes").join(&self.name).join("templates").join(template)
    }
}

pub fn load_theme(root: &Path, name: &str) -> Result<Theme, Vec<LoadError>> {
    let dir = Path::new("themes").join(name);
    let mut errors = Vec::new();
    let mut templates = Vec::new();
    let mut assets = Vec::new();
    for (folder, is_template) in [("templates", true), ("static", false)] {
        let base = root.join(&dir).join(folder);
        for entry in WalkDir::new(&base).sort_by_file_name().into_iter().filter_map(Result::ok) {
            if !entry.file_type().is_file() {
                continue;
            }
            let relative = entry.path().strip_prefix(&base).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
            let shown = dir.join(folder).join(&relative);
            if is_template {
                match crate::discover::read_text(root, &shown) {
                    Ok(file) => templates.push((relative, file.text, shown)),
                    Err(err) => errors.push(err),
                }
            } else {
                match std::fs::read(entry.path()) {
                    Ok(bytes) => assets.push((relative, bytes)),
                    Err(err) => errors.push(LoadError::new(&shown, None, LoadErrorKind::Io(err.to_string()))),
                }
            }
        }
    }
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    let named = templates.iter().map(|(name, text, _)| (name.as_str(), text.as_str()));
    if let Err(err) = tera.add_raw_templates(named) {
        // Tera stops at the first bad template and names it in quotes; point there.
        let (span, message) = parse_error_position(&err);
        let chain = error_chain(&err);
        let shown =
            templates.iter().find(|(name, ..)| chain.contains(&format!("'{name}'"))).map_or_else(|| dir.join("templates"), |t| t.2.clone());
        errors.push(LoadError::new(&shown, span, LoadErrorKind::Template { message }));
    }
    for required in REQUIRED {
        if !templates.iter().any(|(name, ..)| name == required) {
            errors.push(LoadError::new(&dir.join("templates"), None, LoadErrorKind::MissingTemplate { name: required.to_owned() }));
        }
    }
    let sources = templates.into_iter().map(|(_, text, shown)| (shown, text)).collect();
    if errors.is_empty() { Ok(Theme { name: name.to_owned(), tera, assets, sources }) } else { Err(errors) }
}

/// Tera's parse errors carry ` --> line:column` and an `= expected ...` line; this pulls
/// both out (the position relative to the template text).
pub fn parse_error_position(err: &tera::Error) -> (Option<Span>, String) {
    let text = error_chain(err);
    let span = text.lines().find_map(|line| {
        let (line_no, column) = line.trim().strip_prefix("--> ")?.split_once(':')?;
        Some(Span { line: line_no.trim().parse().ok()?, column: column.trim().parse().ok()? })
    });
    let detail = text.lines().find_map(|l| l.trim().strip_prefix("= ")).map(str::to_owned);
    let message = match detail {
        Some(detail) => format!("template syntax: {detail}"),
        None => text.lines().last().unwrap_or_default().to_owned(),
    };
    (span, message)
}

/// Tera nests the useful message in its error's sources; this joins the chain.
pub fn error_chain(err: &tera::Error) -> String {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(inner) = source {
        text.push('\n');
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    text
}
