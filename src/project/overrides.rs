//! A school's overrides that keep most of a shared source: its own file
//! `{% extends "shared/<path>" %}` and replaces some `{% block %}`s.
//!
//! In: a school's own sources and the shared ones. Out: each override with the shared
//! file it extends, the blocks it replaces and the record of the shared text it was based
//! on ([`base_record`]). Guarantees: the shared file exists and has every block the
//! override replaces, since Tera would drop a block that fills nothing and publish the
//! trust's wording where the school wrote its own; each mistake is an error at its tag.

use std::path::PathBuf;
use std::sync::Arc;

use super::base_record::{self, BaseRecord};
use super::blocks::{self, normalised};
use super::source::Source;
use super::{config, layout};
use crate::date::Date;
use crate::error::{LoadError, LoadErrorKind};
use crate::finding::Span;

#[derive(Debug, Clone)]
pub(crate) struct Override {
    /// The school's file.
    pub(crate) source: Arc<Source>,
    /// The shared file it extends.
    pub(crate) base: Arc<Source>,
    /// The blocks it replaces, in its order, each with where its `{% block %}` tag is.
    pub(crate) blocks: Vec<(String, Span)>,
    /// The record of the shared text it was based on, if it has one yet.
    pub(crate) record: Option<BaseRecord>,
}

/// How one replaced block stands against the shared file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BlockState<'a> {
    /// The shared text is as recorded.
    UpToDate,
    /// The shared text has changed since `since`: it was `was`, it is `now`.
    Changed { since: Date, was: &'a str, now: String },
    /// No record holds the shared text this block was based on.
    NotRecorded,
}

impl Override {
    /// Where its record is (or would be) kept.
    pub(crate) fn record_file(&self) -> PathBuf {
        layout::base_record(&self.source.file)
    }

    /// The shared file's text of block `name` as it is now, normalised.
    fn shared_text(&self, name: &str) -> String {
        blocks::block(&self.base.body, name).map(|block| normalised(block.text)).unwrap_or_default()
    }

    /// How block `name` stands. A record is read by block name even if it was made for
    /// another shared file (the override has since been pointed elsewhere): what it holds
    /// is still what the school's section was written against.
    pub(crate) fn state(&self, name: &str) -> BlockState<'_> {
        let Some(record) = &self.record else { return BlockState::NotRecorded };
        let Some(was) = record.blocks.get(name) else { return BlockState::NotRecorded };
        let now = self.shared_text(name);
        if *was == now { BlockState::UpToDate } else { BlockState::Changed { since: record.recorded_on, was, now } }
    }

    /// A record of every block's shared text as it is today: the override has been
    /// checked against the shared file (`--reviewed`).
    pub(crate) fn reviewed(&self, today: Date) -> BaseRecord {
        BaseRecord {
            shared: self.base.rel.clone(),
            recorded_on: today,
            blocks: self.blocks.iter().map(|(name, _)| (name.clone(), self.shared_text(name))).collect(),
        }
    }

    /// The record with every block it lacks added, as the shared text is today; `None`
    /// if it lacks none. A block already recorded keeps its text and the record its
    /// date, so recording never hides a change the school has not seen: every block was
    /// still the shared text on the record's date or later.
    pub(crate) fn completed(&self, today: Date) -> Option<BaseRecord> {
        let missing: Vec<&str> =
            self.blocks.iter().map(|(name, _)| name.as_str()).filter(|name| self.state(name) == BlockState::NotRecorded).collect();
        if missing.is_empty() {
            return None;
        }
        let mut record = self.record.clone().unwrap_or_else(|| BaseRecord {
            shared: self.base.rel.clone(),
            recorded_on: today,
            blocks: std::collections::BTreeMap::new(),
        });
        for name in missing {
            record.blocks.insert(name.to_owned(), self.shared_text(name));
        }
        Some(record)
    }
}

/// The overrides among a school's `own` sources: those that extend a `shared` one. An
/// extends naming no shared file, or a block the shared file does not have, is an error
/// at its tag; so is a record beside an override that cannot be read.
pub(crate) fn find(root: &std::path::Path, own: &[Arc<Source>], shared: &[Arc<Source>], errors: &mut Vec<LoadError>) -> Vec<Override> {
    let mut found = Vec::new();
    for source in own {
        let Some(extends) = blocks::extends(&source.body) else { continue };
        let Some(rel) = layout::shared_source_of(extends.name) else { continue };
        let Some(base) = shared.iter().find(|s| s.rel == rel) else {
            let names: Vec<String> = shared.iter().map(|s| layout::shared_template_name(&s.rel)).collect();
            let suggestion = config::nearest(extends.name, names.iter().map(String::as_str)).map(str::to_owned);
            let kind = LoadErrorKind::UnknownSharedFile { name: extends.name.to_owned(), file: layout::shared_file(rel), suggestion };
            errors.push(LoadError::new(&source.file, Some(source.span_at(extends.at)), kind));
            continue;
        };
        let shared_blocks = blocks::blocks(&base.body);
        let mut offered: Vec<&str> = Vec::new();
        for block in &shared_blocks {
            if !offered.contains(&block.name) {
                offered.push(block.name);
            }
        }
        let own_blocks: Vec<blocks::Block<'_>> = blocks::blocks(&source.body).into_iter().filter(|block| block.depth == 1).collect();
        let mut replaced = Vec::new();
        for block in &own_blocks {
            let span = source.span_at(block.at);
            if !offered.contains(&block.name) {
                let kind = LoadErrorKind::UnknownBlock {
                    block: block.name.to_owned(),
                    shared: base.file.clone(),
                    known: offered.iter().map(|name| (*name).to_owned()).collect(),
                };
                errors.push(LoadError::new(&source.file, Some(span), kind));
                continue;
            }
            // A section inside another the school also replaces is gone with it.
            let inside =
                shared_blocks.iter().find(|b| b.name == block.name).map(|b| blocks::enclosing(&shared_blocks, b)).unwrap_or_default();
            if let Some(outer) = inside.into_iter().find(|outer| own_blocks.iter().any(|own| own.name == *outer)) {
                let kind =
                    LoadErrorKind::BlockInsideReplaced { block: block.name.to_owned(), outer: outer.to_owned(), shared: base.file.clone() };
                errors.push(LoadError::new(&source.file, Some(span), kind));
                continue;
            }
            replaced.push((block.name.to_owned(), span));
        }
        if let Some(at) = blocks::words_outside_blocks(&source.body) {
            errors.push(LoadError::new(
                &source.file,
                Some(source.span_at(at)),
                LoadErrorKind::WordsOutsideBlocks { shared: base.file.clone() },
            ));
        }
        let record = base_record::read(root, &layout::base_record(&source.file)).unwrap_or_else(|err| {
            errors.push(err);
            None
        });
        found.push(Override { source: Arc::clone(source), base: Arc::clone(base), blocks: replaced, record });
    }
    found
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::project::discover::TextFile;
    use crate::project::source::parse_source;

    fn source(path: &str, body: &str) -> Arc<Source> {
        let text = format!("---\ntitle: A\nkind: policy\n---\n{body}");
        let content = if path.starts_with("content/") { Path::new("content") } else { Path::new("schools/x/content") };
        Arc::new(parse_source(TextFile { path: path.into(), text }, content).unwrap())
    }

    fn day(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn recording_adds_what_is_missing_and_keeps_what_is_recorded() {
        let shared = [source("content/policies/a.md", "{% block one %}One now{% endblock %}\n{% block two %}Two{% endblock %}\n")];
        let own = [source(
            "schools/x/content/policies/a.md",
            "{% extends \"shared/policies/a.md\" %}\n{% block one %}Ours{% endblock %}{% block two %}Ours too{% endblock %}",
        )];
        let root = tempfile::tempdir().unwrap();
        let mut errors = Vec::new();
        let mut found = find(root.path(), &own, &shared, &mut errors).remove(0);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(found.blocks.iter().map(|(name, span)| (name.as_str(), span.line)).collect::<Vec<_>>(), [("one", 6), ("two", 6)]);
        assert_eq!(found.state("one"), BlockState::NotRecorded);

        found.record = Some(BaseRecord {
            shared: "policies/a.md".to_owned(),
            recorded_on: day("2026-01-05"),
            blocks: [("one".to_owned(), "One then".to_owned())].into(),
        });
        assert_eq!(found.state("one"), BlockState::Changed { since: day("2026-01-05"), was: "One then", now: "One now".to_owned() });
        let completed = found.completed(day("2026-12-03")).unwrap();
        assert_eq!(completed.recorded_on, day("2026-01-05"), "the date stays with the text recorded then");
        assert_eq!(completed.blocks["one"], "One then", "recording never hides a change");
        assert_eq!(completed.blocks["two"], "Two");
        found.record = Some(completed);
        assert_eq!(found.completed(day("2026-12-03")), None);
        let reviewed = found.reviewed(day("2026-12-03"));
        assert_eq!((reviewed.blocks["one"].as_str(), reviewed.recorded_on), ("One now", day("2026-12-03")));
    }

    #[test]
    fn a_block_the_shared_file_lacks_is_an_error_at_its_tag_with_the_nearest_name() {
        let shared = [source("content/policies/a.md", "{% block mobile_phones %}x{% endblock %}")];
        let own = [source(
            "schools/x/content/policies/a.md",
            "{% extends \"shared/policies/a.md\" %}\n\n  {% block mobile_phone %}y{% endblock %}",
        )];
        let mut errors = Vec::new();
        find(Path::new("/nonexistent"), &own, &shared, &mut errors);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].span, Some(Span { line: 7, column: 3 }));
        assert_eq!(errors[0].kind.help().as_deref(), Some("did you mean `mobile_phones`?"));
    }
}
