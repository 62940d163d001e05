//! A school's templates: the theme's, its role functions and every templated body it
//! publishes, parsed once (the shared bodies once per theme), and what a Tera error in
//! any of them means to the person who wrote it.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::error::RenderError;
use crate::finding::Span;
use crate::project::School;
use crate::project::source::Source;

use super::assemble::{self, NamedBody};
use super::context;
use super::nesting;
use super::strings::ThemeStrings;
use super::theme::{self, Theme};

/// A theme with the shared bodies every school using it publishes, parsed once for all
/// of them (a trust's twenty schools share one parse of the model policies). Each
/// school renders with its own copy, or with this one if it is the last to need it.
#[derive(Clone)]
pub(crate) struct PreparedTheme {
    pub(super) tera: tera::Tera,
}

/// Parses the shared bodies (from `content/`) that `schools` publish, into `theme`.
pub(crate) fn prepare_theme(theme: &Theme, schools: &[&School]) -> Result<PreparedTheme, Vec<RenderError>> {
    let mut shared: Vec<(String, &Arc<Source>)> = schools
        .iter()
        .flat_map(|school| &school.pages)
        .filter(|page| crate::project::layout::is_shared(&page.source.file))
        .map(|page| (page.source.rel.clone(), &page.source))
        .collect();
    shared.sort_by(|a, b| a.0.cmp(&b.0));
    shared.dedup_by(|a, b| a.0 == b.0);
    let mut tera = theme.tera.clone();
    let errors = register_bodies(&mut tera, shared);
    if errors.is_empty() { Ok(PreparedTheme { tera }) } else { Err(errors) }
}

/// A school's templates, ready to render any of its pages: the theme's, the school's role
/// functions and every templated body it publishes, once for each language the school
/// publishes in (`role()` titles and joins names in the page's language). `serve` keeps
/// one per school between edits, so an edit re-parses only the bodies and templates it
/// touched.
pub(crate) struct SchoolTemplates {
    /// (language, templates), the main language first.
    by_language: Vec<(String, tera::Tera)>,
}

impl SchoolTemplates {
    /// Adds the school's functions, its own bodies and the shared bodies it overrides (as
    /// `shared/<path>`, so an override can extend them) to a prepared theme.
    pub(crate) fn new(prepared: PreparedTheme, school: &School, strings: &ThemeStrings) -> Result<SchoolTemplates, Vec<RenderError>> {
        let PreparedTheme { tera, .. } = prepared;
        let mut templates = SchoolTemplates { by_language: vec![(school.config.main_language().to_owned(), tera)] };
        // A school's own body replaces the shared one of the same name: registering alone
        // would keep the shared body, and publish the trust's wording over the school's.
        let errors = templates.replace_bodies(school_bodies(school, false));
        if !errors.is_empty() {
            return Err(errors);
        }
        let main = &templates.by_language[0].1;
        let others: Vec<(String, tera::Tera)> =
            school.config.languages().iter().skip(1).map(|lang| ((*lang).to_owned(), main.clone())).collect();
        templates.by_language.extend(others);
        templates.set_roles(school, strings);
        Ok(templates)
    }

    /// The templates for a page in `lang` (the main language's for a language the school
    /// does not publish in).
    pub(crate) fn tera(&self, lang: &str) -> &tera::Tera {
        let found = self.by_language.iter().find(|(own, _)| crate::language::same(own, lang)).unwrap_or(&self.by_language[0]);
        &found.1
    }

    /// Registers the role functions of each language, again after school.yaml changed.
    pub(crate) fn set_roles(&mut self, school: &School, strings: &ThemeStrings) {
        for (lang, tera) in &mut self.by_language {
            let roles = context::roles_in(school, &strings.words(lang));
            context::register_functions(tera, &Arc::new(roles));
        }
    }

    /// Parses `bodies` again, by template name; either all are taken or none is.
    pub(crate) fn replace_bodies(&mut self, bodies: Vec<(String, &Arc<Source>)>) -> Vec<RenderError> {
        let mut errors = Vec::new();
        for (index, (_, tera)) in self.by_language.iter_mut().enumerate() {
            // Registering merges parsed parts in, and a merge keeps a template already there.
            for (name, _) in &bodies {
                tera.templates.remove(name);
            }
            let found = register_bodies(tera, bodies.clone());
            // Every language parses the same bodies: their mistakes are said once.
            if index == 0 {
                errors = found;
            }
            if !errors.is_empty() {
                break;
            }
        }
        errors
    }

    /// Forgets a body that is no longer published under `name`.
    pub(crate) fn remove(&mut self, name: &str) {
        for (_, tera) in &mut self.by_language {
            tera.templates.remove(name);
        }
    }

    /// Replaces (or adds) one of the theme's templates, after it was edited.
    pub(crate) fn replace_template(&mut self, name: &str, text: &str, file: &Path) -> Result<(), RenderError> {
        if let Some((offset, message)) = nesting::refusal(text) {
            return Err(nesting_error(file, Span::at_offset(text, offset, 1), message));
        }
        for (_, tera) in &mut self.by_language {
            tera.add_raw_template(name, text).map_err(|err| {
                let (span, message) = theme::parse_error_position(&err, text);
                RenderError {
                    file: file.to_path_buf(),
                    span,
                    message,
                    help: "check the `{{ }}` and `{% %}` tags on this line: each must be closed".to_owned(),
                }
            })?;
        }
        Ok(())
    }
}

/// Every body a school's templates hold, by template name: the pages' sources by their
/// relative path and the shared sources it overrides as `shared/<path>`. With
/// `with_shared`, the shared bodies it publishes as they are come too (otherwise they
/// were parsed into the prepared theme already).
pub(crate) fn school_bodies(school: &School, with_shared: bool) -> Vec<(String, &Arc<Source>)> {
    let bases = school.overridden.iter().map(|s| (crate::project::layout::shared_template_name(&s.rel), s));
    let mut seen = std::collections::HashSet::new();
    // A source is published once in each language: its body is one template.
    let own = school
        .pages
        .iter()
        .filter(|p| with_shared || !crate::project::layout::is_shared(&p.source.file))
        .filter(move |p| seen.insert(p.source.rel.as_str()))
        .map(|p| (p.source.rel.clone(), &p.source));
    bases.chain(own).collect()
}

/// Adds each templated body as a Tera template by the name given (its relative path, or
/// `shared/<path>` for a shared body a school extends).
pub(super) fn register_bodies(tera: &mut tera::Tera, bodies: Vec<(String, &Arc<Source>)>) -> Vec<RenderError> {
    let bodies: Vec<(String, &Arc<Source>)> = bodies.into_iter().filter(|(_, s)| has_template_markers(&s.body)).collect();
    // Megabytes of prose on a large site: scanned on every core.
    let too_deep: Vec<RenderError> = bodies
        .par_iter()
        .filter_map(|(_, source)| {
            let (offset, message) = nesting::refusal(&source.body)?;
            Some(nesting_error(&source.file, source.span_at(offset), message))
        })
        .collect();
    if !too_deep.is_empty() {
        return too_deep;
    }
    let texts: Vec<std::borrow::Cow<'_, str>> = bodies.iter().map(|(_, source)| tera_source(&source.body)).collect();
    let named: Vec<NamedBody<'_>> = bodies.iter().zip(&texts).map(|((name, _), text)| (name.as_str(), text.as_ref())).collect();
    let (assembled, left) = assemble::assemble(&named);
    if add_in_parallel(tera, assembled, &left).is_ok() {
        return Vec::new();
    }
    // Something is wrong: find every bad body, each in a scratch copy, to report them all.
    let mut errors = Vec::new();
    let mut scratch = tera.clone();
    for (name, source) in &bodies {
        if let Err(err) = scratch.add_raw_template(name, &tera_source(&source.body)) {
            let (span, message) = theme::parse_error_position(&err, &source.body);
            let span = span.map(|s| Span { line: s.line + source.body_line - 1, column: s.column });
            errors.push(RenderError {
                file: source.file.clone(),
                span,
                message,
                help: "check the `{{ }}` and `{% %}` tags on this line: each must be closed".to_owned(),
            });
        }
    }
    if errors.is_empty() {
        // Each body was fine on its own (the batch failed on order alone): keep them.
        *tera = scratch;
    }
    errors
}

/// Adds the assembled templates, and the bodies left for Tera to parse on every core:
/// each worker parses a share into a Tera of its own, merged in afterwards. Templates
/// that extend another are added last, together (one at a time rebuilds Tera's
/// inheritance chains each time, which is quadratic), once everything they may extend is
/// there.
pub(super) fn add_in_parallel(tera: &mut tera::Tera, assembled: Vec<tera::Template>, named: &[NamedBody<'_>]) -> tera::Result<()> {
    let (extending, standalone): (Vec<NamedBody<'_>>, Vec<NamedBody<'_>>) = named.iter().partition(|(_, body)| body.contains("extends"));
    let share = standalone.len().div_ceil(rayon::current_num_threads()).max(1);
    let parsed = standalone
        .par_chunks(share)
        .map(|chunk| {
            let mut part = tera::Tera::default();
            part.add_raw_templates(chunk.iter().copied())?;
            Ok(part)
        })
        .collect::<tera::Result<Vec<tera::Tera>>>()?;
    // Moved in, not `Tera::extend`ed: that clones every parsed template, megabytes for a
    // large site. A name already there stays, as `extend` would keep it; adding the
    // extending templates then links every template's inheritance chain.
    let parsed = parsed.into_iter().flat_map(|part| part.templates.into_values());
    for template in assembled.into_iter().chain(parsed) {
        tera.templates.entry(template.name.clone()).or_insert(template);
    }
    tera.add_raw_templates(extending)
}

/// A template Tera cannot be given (nested too deep, or a macro calling itself), at
/// `span` in `file`.
pub(crate) fn nesting_error(file: &Path, span: Span, message: String) -> RenderError {
    RenderError { file: file.to_path_buf(), span: Some(span), message, help: "split it into smaller, simpler parts".to_owned() }
}

/// A body as Tera is given it: a heading's own id in Markdown (`## Staff phones
/// {#staff-phones}`) opens like a Tera comment, so it is written for Tera to give back as
/// it is. Each line keeps its place, so a line number in an error is the file's.
pub(super) fn tera_source(body: &str) -> std::borrow::Cow<'_, str> {
    let is_heading_id = |line: &str| {
        let trimmed = line.trim_end();
        line.trim_start().starts_with('#') && trimmed.ends_with('}') && trimmed.rfind("{#").is_some_and(|at| !trimmed[at..].contains("#}"))
    };
    if !body.contains("{#") || !body.lines().any(is_heading_id) {
        return std::borrow::Cow::Borrowed(body);
    }
    let mut text = String::with_capacity(body.len() + 32);
    for line in body.split_inclusive('\n') {
        match line.rfind("{#").filter(|_| is_heading_id(line)) {
            Some(at) => {
                text.push_str(&line[..at]);
                text.push_str("{{ \"{#\" }}");
                text.push_str(&line[at + 2..]);
            }
            None => text.push_str(line),
        }
    }
    std::borrow::Cow::Owned(text)
}

/// Bodies without Tera markers skip the template pass entirely.
pub(super) fn has_template_markers(body: &str) -> bool {
    body.contains("{{") || body.contains("{%") || body.contains("{#")
}

/// A Tera error in a page's body, pointed at the line that caused it.
pub(super) fn body_error(err: &tera::Error, source: &Source) -> RenderError {
    let chain = theme::error_chain(err);
    let detail = chain.lines().last().unwrap_or_default().to_owned();
    let (needle, message, help) = explain(&detail);
    // Tera says nothing of where a render failed: the first tag the message names, or else
    // the first tag, is where to look.
    let span = needle.as_deref().and_then(|n| source.find(n)).or_else(|| first_tag(&source.body).map(|at| source.span_at(at)));
    RenderError { file: source.file.clone(), span, message, help }
}

/// Where the first template tag (`{{` or `{%`) in `text` starts.
fn first_tag(text: &str) -> Option<usize> {
    [text.find("{{"), text.find("{%")].into_iter().flatten().min()
}

pub(super) fn theme_error(err: &tera::Error, theme: &Theme, template: &str) -> RenderError {
    let chain = theme::error_chain(err);
    let detail = chain.lines().last().unwrap_or_default().to_owned();
    let (needle, message, help) = explain(&detail);
    let file = theme.template_file(template);
    let span = std::fs::read_to_string(&file).ok().and_then(|text| {
        let at = needle.and_then(|needle| text.find(&needle)).or_else(|| first_tag(&text))?;
        Some(Span::at_offset(&text, at, 1))
    });
    RenderError { file, span, message, help }
}

/// From Tera's innermost message: what to look for in the source, a message for the
/// author, and help.
pub(super) fn explain(detail: &str) -> (Option<String>, String, String) {
    let between = |open: char, close: char| -> Option<String> {
        let start = detail.find(open)? + open.len_utf8();
        let end = detail[start..].find(close)? + start;
        Some(detail[start..end].to_owned())
    };
    if detail.starts_with("Variable `") {
        let name = between('`', '`').unwrap_or_default();
        let message = format!("`{name}` is not in school.yaml or this page's data");
        let help = "check the spelling against school.yaml, or add the missing key there".to_owned();
        (Some(name), message, help)
    } else if detail.starts_with("Function '") {
        let name = between('\'', '\'').unwrap_or_default();
        let message = format!("`{name}()` is not a template function");
        let help = "the functions are role(name=...), people(role=...) and role_title(name=...)".to_owned();
        (Some(format!("{name}(")), message, help)
    } else if detail.starts_with("Filter '") || detail.starts_with("Test '") {
        let name = between('\'', '\'').unwrap_or_default();
        (
            Some(name.clone()),
            format!("`{name}` is not a Tera filter or test"),
            "see the Tera documentation for the built-in filters".to_owned(),
        )
    } else if detail.starts_with("unknown role `") || detail.starts_with("nobody in school.yaml holds") {
        let role = between('`', '`').unwrap_or_default();
        let help = if detail.starts_with("unknown") {
            "use a built-in role id, or give the role a title under `roles:` in school.yaml"
        } else {
            "add the role to someone under `people:` in school.yaml (the school's own file, not this shared one)"
        };
        (Some(format!("\"{role}\"")), detail.to_owned(), help.to_owned())
    } else if let Some(function) = ["get_env", "range"].into_iter().find(|f| detail.starts_with(&format!("`{f}`"))) {
        (Some(format!("{function}(")), detail.to_owned(), "remove it, or give it the numbers it needs".to_owned())
    } else if detail.starts_with("Template '") {
        let name = between('\'', '\'').unwrap_or_default();
        (
            Some(name.clone()),
            format!("no template or shared page `{name}`"),
            "shared pages are named `shared/<kind folder>/<file>.md`".to_owned(),
        )
    } else {
        // Any other error Tera raises while rendering names what it tripped on in
        // backticks or quotes (`Tried to iterate on variable `x``, `Filter `round` ...`):
        // that is where to point.
        let named = between('`', '`').or_else(|| between('\'', '\'')).filter(|n| !n.trim().is_empty());
        (named, detail.to_owned(), "check the template tags in this file".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::tera_source;

    /// Regression: `## Staff phones {#staff-phones}`, which the manual and `broken-link`
    /// recommend, was read as an unclosed Tera comment and refused the build.
    #[test]
    fn a_headings_own_id_reaches_markdown_as_written() {
        let body = "## Ffonau staff {#staff-phones}\n\nFfoniwch {{ school }}.\n{# a note #}\n";
        let mut tera = tera::Tera::default();
        tera.add_raw_template("a", &tera_source(body)).expect("it parses");
        let mut context = tera::Context::new();
        context.insert("school", "Y Garreg");
        assert_eq!(tera.render("a", &context).unwrap(), "## Ffonau staff {#staff-phones}\n\nFfoniwch Y Garreg.\n\n");
        assert!(matches!(tera_source("No heading {# here #}"), std::borrow::Cow::Borrowed(_)));
    }
}
