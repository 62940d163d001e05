//! A theme: Tera templates for whole pages, and static files (CSS, images) published
//! under `assets/`. Templates are parsed once per theme and cloned into each school.

use std::path::{Path, PathBuf};

use std::sync::Arc;

use crate::error::{LoadError, LoadErrorKind};
use crate::finding::Span;
use crate::project::blocks;
use crate::project::media::MediaFile;
use crate::project::theme_files;

use super::strings::ThemeStrings;

/// The templates the renderer asks every theme for.
pub(crate) const REQUIRED: [&str; 11] = [
    "search.html",
    "home.html",
    "policy.html",
    "guidance.html",
    "agreement.html",
    "page.html",
    "section.html",
    "accessibility.html",
    "404.html",
    "base.html",
    "schools.html",
];

pub(crate) struct Theme {
    pub(crate) name: String,
    pub(crate) tera: tera::Tera,
    /// The static files, published under `assets/` by their own names (the style sheet
    /// refers to them so), prepared like any published file: pictures stripped, text read.
    pub(crate) assets: Vec<MediaFile>,
    /// Each template's file (relative to the project root) and text, so findings in the
    /// theme's markup can point at a line.
    pub(crate) sources: Vec<(PathBuf, String)>,
    /// The theme's own words, in each language it has them in.
    pub(crate) strings: Arc<ThemeStrings>,
}

impl Theme {
    pub(crate) fn template_file(&self, template: &str) -> PathBuf {
        crate::project::layout::theme_templates(&self.name).join(template)
    }
}

pub(crate) fn load_theme(root: &Path, name: &str) -> Result<Theme, Vec<LoadError>> {
    let dir = crate::project::layout::theme_folder(name);
    let mut errors = Vec::new();
    let mut templates = Vec::new();
    for file in theme_files::files(root, name, "templates") {
        match file.read_text(root) {
            Ok(text) => templates.push((file.relative, text, file.shown)),
            Err(err) => errors.push(err),
        }
    }
    let mut assets = Vec::new();
    for file in theme_files::files(root, name, "static") {
        match file.read() {
            Ok(bytes) => {
                let extension = crate::project::media::extension_of(&file.shown);
                let (bytes, image, _) = crate::project::media::prepare(bytes.into_owned(), &extension);
                let published = format!("assets/{}", file.relative);
                assets.push(MediaFile { source: file.shown, published, bytes: Arc::new(bytes), image: Arc::new(image) });
            }
            Err(err) => errors.push(LoadError::new(&file.shown, None, LoadErrorKind::Io(err.to_string()))),
        }
    }
    let strings = ThemeStrings::load(root, name).unwrap_or_else(|mistakes| {
        errors.extend(mistakes);
        ThemeStrings::default()
    });
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.register_filter("fill", super::context::fill_filter);
    // A template nested too deep would abort Tera's parser: it is reported, not parsed.
    let too_deep: Vec<LoadError> = templates
        .iter()
        .filter_map(|(_, text, shown)| {
            let (offset, message) = super::nesting::refusal(text)?;
            Some(LoadError::new(shown, Some(Span::at_offset(text, offset, 1)), LoadErrorKind::Template { message }))
        })
        .collect();
    let named = templates.iter().map(|(name, text, _)| (name.as_str(), text.as_str()));
    if !too_deep.is_empty() {
        errors.extend(too_deep);
    } else if let Err(err) = tera.add_raw_templates(named) {
        // Tera stops at the first bad template and names it in quotes; point there.
        let chain = error_chain(&err);
        let bad = templates.iter().find(|(name, ..)| chain.contains(&format!("'{name}'")));
        let (span, message) = parse_error_position(&err, bad.map_or("", |t| t.1.as_str()));
        let shown = bad.map_or_else(|| dir.join("templates"), |t| t.2.clone());
        errors.push(LoadError::new(&shown, span, LoadErrorKind::Template { message }));
    }
    errors.extend(unknown_blocks(&templates));
    for required in REQUIRED {
        if !templates.iter().any(|(name, ..)| name == required) {
            errors.push(LoadError::new(&dir.join("templates"), None, LoadErrorKind::MissingTemplate { name: required.to_owned() }));
        }
    }
    let sources = templates.into_iter().map(|(_, text, shown)| (shown, text)).collect();
    if errors.is_empty() { Ok(Theme { name: name.to_owned(), tera, assets, sources, strings: Arc::new(strings) }) } else { Err(errors) }
}

/// A template that extends another and fills a block the other does not have: Tera
/// drops it without a word, so a page would be published with nothing in it. Each such
/// block is an error at its line, naming the blocks there are.
fn unknown_blocks(templates: &[(String, String, PathBuf)]) -> Vec<LoadError> {
    let text_of = |name: &str| templates.iter().find(|(own, ..)| own == name).map(|(_, text, _)| text.as_str());
    // Every block a template may fill: those of each template it extends, up the chain.
    let inherited = |name: &str| {
        let mut names = Vec::new();
        let mut next = Some(name);
        for _ in 0..16 {
            let Some(text) = next.and_then(text_of) else { break };
            names.extend(blocks::blocks(text).into_iter().map(|block| block.name));
            next = blocks::extends(text).map(|parent| parent.name);
        }
        names
    };
    let mut errors = Vec::new();
    for (_, text, shown) in templates {
        let Some(parent) = blocks::extends(text) else { continue };
        let known = inherited(parent.name);
        if known.is_empty() {
            continue;
        }
        // Only a block at the top of the template fills one of the parent's; one inside
        // it is the template's own, for templates extending it in turn.
        for block in blocks::blocks(text).into_iter().filter(|block| block.depth == 1 && !known.contains(&block.name)) {
            let message = format!(
                "`{}` has no block `{}`, so what this block holds would never be shown (its blocks: {})",
                parent.name,
                block.name,
                known.join(", ")
            );
            errors.push(LoadError::new(shown, Some(Span::at_offset(text, block.at, 1)), LoadErrorKind::Template { message }));
        }
    }
    errors
}

/// Tera's parse errors carry ` --> line:column` and an `= expected ...` line; this pulls
/// both out (the position relative to `template`). Tera points where its parser gave up,
/// which for an unclosed tag is the next tag or the end of the file, so a tag that is
/// never closed is pointed at instead, and a position past the end is pulled back in.
pub(crate) fn parse_error_position(err: &tera::Error, template: &str) -> (Option<Span>, String) {
    let text = error_chain(err);
    let reported = text.lines().find_map(|line| {
        let (line_no, column) = line.trim().strip_prefix("--> ")?.split_once(':')?;
        Some(Span { line: line_no.trim().parse().ok()?, column: column.trim().parse().ok()? })
    });
    let last_line = template.trim_end_matches('\n').matches('\n').count() as u32 + 1;
    let span = match unclosed_tag(template) {
        Some(offset) => Some(Span::at_offset(template, offset, 1)),
        None => reported.map(|s| if s.line > last_line { Span { line: last_line, column: 1 } } else { s }),
    };
    let detail = text.lines().find_map(|l| l.trim().strip_prefix("= ")).map(str::to_owned);
    let message = match detail {
        Some(detail) => format!("template syntax: {detail}"),
        None => text.lines().last().unwrap_or_default().to_owned(),
    };
    (span, message)
}

/// The offset of the first `{{`, `{%` or `{#` whose closer does not come before the next
/// opener (or never comes).
fn unclosed_tag(template: &str) -> Option<usize> {
    const PAIRS: [(&str, &str); 3] = [("{{", "}}"), ("{%", "%}"), ("{#", "#}")];
    let next_opener = |from: usize| PAIRS.iter().filter_map(|(open, _)| template[from..].find(open).map(|i| from + i)).min();
    let mut at = next_opener(0)?;
    loop {
        let closer = PAIRS.iter().find(|(open, _)| template[at..].starts_with(open)).map(|(_, close)| *close)?;
        let after = at + 2;
        let closed_at = template[after..].find(closer).map(|i| after + i);
        match (closed_at, next_opener(after)) {
            (None, _) => return Some(at),
            (Some(close), Some(next)) if next < close && !closer.starts_with('#') => return Some(at),
            (Some(close), _) => at = next_opener(close + 2)?,
        }
    }
}

/// Tera nests the useful message in its error's sources; this joins the chain.
pub(crate) fn error_chain(err: &tera::Error) -> String {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(inner) = source {
        text.push('\n');
        text.push_str(&inner.to_string());
        source = inner.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::unclosed_tag;

    #[test]
    fn an_unclosed_tag_is_found_where_it_opens() {
        assert_eq!(unclosed_tag("a {{ x }} b {{ y \nc {% if z %}"), Some(12));
        assert_eq!(unclosed_tag("{% if a %}\n{{ b }}{% endif %}"), None);
        assert_eq!(unclosed_tag("text {{ name"), Some(5));
        assert_eq!(unclosed_tag("{# a {{ comment #} {{ fine }}"), None);
        assert_eq!(unclosed_tag("{{ multi\n line }}"), None);
    }
}
