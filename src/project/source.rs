//! A Markdown source: front matter split from the body and parsed.
//!
//! In: a [`TextFile`]. Out: a [`Source`] whose body keeps its line offset in the file,
//! so that errors found later (in templates, links, rules) can point at the right line.

use std::path::{Path, PathBuf};

use crate::error::{LoadError, LoadErrorKind};
use crate::finding::Span;
use crate::project::config::{self, FrontMatter, Kind};
use crate::project::discover::TextFile;

#[derive(Debug, Clone)]
pub(crate) struct Source {
    /// Relative to the project root: `content/policies/online-safety.md`.
    pub(crate) file: PathBuf,
    /// Relative to its content folder: `policies/online-safety.md`; an override in a
    /// school has the same `rel` as the shared file it replaces.
    pub(crate) rel: String,
    pub(crate) front: FrontMatter,
    pub(crate) slug: String,
    /// The language of a translation, from its file name (`staying-safe.cy.md` is the
    /// Welsh of `staying-safe.md`); `None` for an original.
    pub(crate) lang: Option<String>,
    /// Where the front matter sets `slug:`, `title:` and `summary:`, if it does.
    pub(crate) slug_span: Option<Span>,
    pub(crate) title_span: Option<Span>,
    pub(crate) summary_span: Option<Span>,
    pub(crate) body: String,
    /// The line of the file on which `body` starts.
    pub(crate) body_line: u32,
}

impl Source {
    pub(crate) fn kind(&self) -> Kind {
        self.front.kind
    }

    /// The language the source is written in: a translation's, an original's `language:`,
    /// or else `default` (the school's `language:`).
    pub(crate) fn language<'a>(&'a self, default: &'a str) -> &'a str {
        self.lang.as_deref().or(self.front.language.as_ref().map(|l| l.value.as_str())).unwrap_or(default)
    }

    /// For a translation, the relative path of the file it translates
    /// (`policies/online-safety.md` for `policies/online-safety.cy.md`).
    pub(crate) fn original_rel(&self) -> Option<String> {
        let lang = self.lang.as_deref()?;
        let (folder, name) = self.rel.rsplit_once('/').unwrap_or(("", &self.rel));
        let stem = name.strip_suffix(".md").unwrap_or(name);
        let base = stem.strip_suffix(lang).and_then(|b| b.strip_suffix('.')).or_else(|| stem.rsplit_once('.').map(|(b, _)| b))?;
        Some(if folder.is_empty() { format!("{base}.md") } else { format!("{folder}/{base}.md") })
    }

    /// The span in the file of byte `offset` in the body.
    pub(crate) fn span_at(&self, offset: usize) -> Span {
        Span::at_offset(&self.body, offset, self.body_line)
    }

    /// Where `needle` first appears in the body, to point an error found in rendered
    /// output back at the line the author wrote.
    pub(crate) fn find(&self, needle: &str) -> Option<Span> {
        if needle.is_empty() {
            return None;
        }
        self.body.find(needle).map(|offset| self.span_at(offset)).or_else(|| self.find_in_front_matter(needle))
    }

    /// Where `needle` is in the title or summary (both are published: in the page, in
    /// listings, in the browser's tab).
    pub(crate) fn find_in_front_matter(&self, needle: &str) -> Option<Span> {
        if self.front.title.contains(needle) {
            return self.title_span;
        }
        // The slug is published as the page's address.
        if self.slug_span.is_some() && self.slug.to_lowercase().contains(&needle.to_lowercase()) {
            return self.slug_span;
        }
        self.front.summary.as_deref().filter(|summary| summary.contains(needle)).and(self.summary_span)
    }

    /// The place `needle` is in the body outside every range in `claimed`, which it then
    /// joins, so the second mention of a name is pointed at, not the first again. Of
    /// several, the first with the most of the words `around` it beside it, preferring a
    /// whole word ("Head", not inside "Headteacher").
    pub(crate) fn find_unclaimed(&self, needle: &str, around: &Around, claimed: &mut Vec<std::ops::Range<usize>>) -> Option<Span> {
        if needle.is_empty() {
            return None;
        }
        let body = &self.body;
        let is_word = |c: char| c.is_alphanumeric();
        let score = |at: usize| {
            let end = at + needle.len();
            let whole = !body[..at].ends_with(is_word) && !body[end..].starts_with(is_word);
            let before = around.before.as_deref().is_some_and(|w| last_word(&body[..at]).eq_ignore_ascii_case(w));
            let after = around.after.as_deref().is_some_and(|w| first_word(&body[end..]).eq_ignore_ascii_case(w));
            (usize::from(whole) * 4) + usize::from(before) + usize::from(after)
        };
        let unclaimed =
            body.match_indices(needle).map(|(at, _)| at).filter(|at| !claimed.iter().any(|r| r.start < at + needle.len() && *at < r.end));
        // The best score, the earliest of equals.
        let offset = unclaimed
            .fold(None, |best: Option<(usize, usize)>, at| {
                let this = score(at);
                if best.is_none_or(|(_, s)| this > s) { Some((at, this)) } else { best }
            })?
            .0;
        claimed.push(offset..offset + needle.len());
        Some(self.span_at(offset))
    }
}

/// The words either side of something seen on a page, to tell its mentions apart.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Around {
    before: Option<String>,
    after: Option<String>,
}

impl Around {
    /// The words either side of `range` in `text`.
    pub(crate) fn of(text: &str, range: std::ops::Range<usize>) -> Around {
        let word = |w: &str| (!w.is_empty()).then(|| w.to_owned());
        Around {
            before: text.get(..range.start).map(last_word).and_then(word),
            after: text.get(range.end..).map(first_word).and_then(word),
        }
    }
}

/// The last run of letters and digits in `text`, skipping what follows it (markup, spaces).
fn last_word(text: &str) -> &str {
    let end = text.trim_end_matches(|c: char| !c.is_alphanumeric());
    let start = end.rfind(|c: char| !c.is_alphanumeric()).map_or(0, |i| i + end[i..].chars().next().map_or(1, char::len_utf8));
    &end[start..]
}

/// The first run of letters and digits in `text`, skipping what comes before it.
fn first_word(text: &str) -> &str {
    let start = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    let end = start.find(|c: char| !c.is_alphanumeric()).unwrap_or(start.len());
    &start[..end]
}

/// Splits and parses a Markdown source. `content_dir` is the folder `rel` is taken from.
pub(crate) fn parse_source(file: TextFile, content_dir: &Path) -> Result<Source, LoadError> {
    let path = file.path;
    if file.text.trim().is_empty() {
        return Err(LoadError::new(&path, None, LoadErrorKind::Empty));
    }
    let text = file.text;
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        return Err(LoadError::new(&path, Some(Span { line: 1, column: 1 }), LoadErrorKind::MissingFrontMatter));
    }
    let yaml_start = (first_line_end + 1).min(text.len());
    let Some((yaml_end, body_start)) = closing_fence(&text, yaml_start) else {
        return Err(LoadError::new(&path, Some(Span { line: 1, column: 1 }), LoadErrorKind::UnclosedFrontMatter));
    };
    let yaml = &text[yaml_start..yaml_end];
    if yaml.trim().is_empty() {
        let message = "the front matter is empty".to_owned();
        let help = Some("give it at least `title:` and `kind:` (policy, guidance, agreement or page)".to_owned());
        return Err(LoadError::new(&path, Some(Span { line: 2, column: 1 }), LoadErrorKind::Yaml { message, help }));
    }
    let front: FrontMatter = config::parse_yaml(yaml, &path, 2)?;
    let body_line = text[..body_start].matches('\n').count() as u32 + 1;

    let rel_path = path.strip_prefix(content_dir).unwrap_or(&path);
    let rel = rel_path.to_string_lossy().replace('\\', "/");
    let folder = rel.split('/').next().unwrap_or_default();
    if folder != front.kind.folder() {
        let kind = match front.kind {
            Kind::Policy => "policy",
            Kind::Guidance => "guidance",
            Kind::Agreement => "agreement",
            Kind::Page => "page",
        };
        return Err(LoadError::new(
            &path,
            Some(Span { line: 3, column: 1 }),
            LoadErrorKind::WrongFolder { kind, folder: front.kind.folder() },
        ));
    }
    // Any source may be translated: `<name>.<lang>.md`.
    let stem = rel_path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let lang = stem.rsplit_once('.').and_then(|(_, code)| crate::language::code(code));
    if let Some(written) = &front.language {
        if crate::language::code(&written.value).is_none() {
            return Err(LoadError::new(
                &path,
                config::span_of(written).map(|s| shift(s, 1)),
                LoadErrorKind::BadLanguage { code: written.value.clone() },
            ));
        }
        if let Some(named) = lang.as_ref().filter(|named| !crate::language::same(named, &written.value)) {
            return Err(LoadError::new(
                &path,
                config::span_of(written).map(|s| shift(s, 1)),
                LoadErrorKind::LanguageTwice { written: written.value.clone(), named: named.clone() },
            ));
        }
    }
    let slug = match (&front.slug, &front.tier) {
        (Some(slug), _) => {
            if !is_slug(&slug.value) {
                return Err(LoadError::new(
                    &path,
                    config::span_of(slug).map(|s| shift(s, 1)),
                    LoadErrorKind::BadSlug { slug: slug.value.clone() },
                ));
            }
            slug.value.clone()
        }
        (None, Some(tier)) if front.kind == Kind::Agreement => tier.value.clone(),
        // A translation is published where its original is: its slug is taken from it.
        _ if lang.is_some() => stem.rsplit_once('.').map_or(stem.clone(), |(base, _)| base.to_owned()),
        _ => stem.clone(),
    };
    if front.kind == Kind::Agreement && front.tier.is_none() {
        return Err(LoadError::new(&path, Some(Span { line: 2, column: 1 }), LoadErrorKind::AgreementWithoutTier));
    }
    let key_span = |key: &str| front_matter_key(yaml, key).map(|offset| Span::at_offset(yaml, offset, 2));
    let (slug_span, title_span, summary_span) = (key_span("slug"), key_span("title"), key_span("summary"));
    if !is_slug(&slug) {
        return Err(LoadError::new(&path, slug_span, LoadErrorKind::BadSlug { slug }));
    }
    Ok(Source { file: path, rel, front, slug, lang, slug_span, title_span, summary_span, body: text[body_start..].to_owned(), body_line })
}

/// The offset in `yaml` of the top-level line that sets `key:`.
fn front_matter_key(yaml: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        if line.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':')) {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// Finds the `---` line that closes front matter: (end of YAML, start of body).
fn closing_fence(text: &str, from: usize) -> Option<(usize, usize)> {
    let mut offset = from;
    for line in text[from..].split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((offset, offset + line.len()));
        }
        offset += line.len();
    }
    None
}

fn shift(span: Span, lines: u32) -> Span {
    Span { line: span.line + lines, ..span }
}

/// Lower-case ASCII letters, digits and single hyphens: safe in a URL and a file name.
pub(crate) fn is_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Source, LoadError> {
        let file = TextFile { path: "content/policies/a.md".into(), text: text.to_owned() };
        parse_source(file, Path::new("content"))
    }

    #[test]
    fn body_keeps_its_line_in_the_file() {
        let source = parse("---\ntitle: A\nkind: policy\n---\nHello\n{{ x }}\n").unwrap();
        assert_eq!(source.body_line, 5);
        assert_eq!(source.find("{{"), Some(Span { line: 6, column: 1 }));
        assert_eq!(source.slug, "a");
        assert_eq!(source.rel, "policies/a.md");
    }

    #[test]
    fn front_matter_errors_point_into_the_file() {
        assert!(matches!(parse("Hello").unwrap_err().kind, LoadErrorKind::MissingFrontMatter));
        assert!(matches!(parse("---\ntitle: A\n").unwrap_err().kind, LoadErrorKind::UnclosedFrontMatter));
        assert!(matches!(parse("  \n").unwrap_err().kind, LoadErrorKind::Empty));
        let err = parse("---\ntitle: A\nkind: guidance\n---\n").unwrap_err();
        assert!(matches!(err.kind, LoadErrorKind::WrongFolder { .. }));
        let err = parse("---\ntitle: A\nkind: policy\nslug: Not A Slug\n---\n").unwrap_err();
        assert_eq!(err.span.map(|s| s.line), Some(4));
        let err = parse("---\ntitle: A\nkind: policy\nlanguage: Welsh\n---\n").unwrap_err();
        assert!(matches!(err.kind, LoadErrorKind::BadLanguage { .. }));
        assert_eq!(err.span.map(|s| s.line), Some(4));
    }

    /// Regression: a Welsh policy or agreement was "not a usable slug" or clashed with
    /// its original; only guidance could be translated.
    #[test]
    fn any_source_may_be_translated() {
        let file =
            |path: &str, text: &str| parse_source(TextFile { path: path.into(), text: text.to_owned() }, Path::new("content")).unwrap();
        let policy = file("content/policies/online-safety.cy.md", "---\ntitle: Diogelwch ar-lein\nkind: policy\n---\n");
        assert_eq!((policy.slug.as_str(), policy.lang.as_deref()), ("online-safety", Some("cy")));
        assert_eq!(policy.original_rel().as_deref(), Some("policies/online-safety.md"));
        let agreement = file("content/agreements/ks2.en-gb.md", "---\ntitle: KS2\nkind: agreement\ntier: ks2\n---\n");
        assert_eq!((agreement.slug.as_str(), agreement.lang.as_deref()), ("ks2", Some("en-GB")));
        assert_eq!(agreement.original_rel().as_deref(), Some("agreements/ks2.md"));
        let welsh_original = file("content/pages/amdanom.md", "---\ntitle: Amdanom\nkind: page\nlanguage: cy\n---\n");
        assert_eq!((welsh_original.lang.as_deref(), welsh_original.language("en-GB")), (None, "cy"));
        assert_eq!(file("content/policies/v1.2.md", "---\ntitle: A\nkind: policy\nslug: v12\n---\n").lang, None);
    }
}
