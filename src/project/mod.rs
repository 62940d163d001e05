//! Stage 1, load: the files on disk become an immutable [`Project`].
//!
//! In: the project root (and, for `serve`, a [`LoadCache`] of files already parsed).
//! Out: a [`Project`], every school with its configuration and the pages it publishes
//! after the per-school overlay, or every load error found, all at once. Guarantees: each
//! school's roles, policies, tiers and theme are consistent with its sources, so the
//! render stage only meets template errors; nothing is written.
//!
//! Its parts, in the order they run: [`layout`] (every folder and URL rule of a project),
//! [`discover`] (walk the folders), [`source`] (front matter and body), [`config`]
//! (school.yaml and policypress.yaml), [`blocks`] (the block structure of a templated
//! body), [`overrides`] (a school's file that extends a shared one, and the
//! [`base_record`] beside it of the shared text it was based on), [`roles`], [`media`]
//! (what `/media/` references mean), [`roster`] (the only roster loader), [`trust`]
//! (which school a trust's roster rows belong to) and [`year_group`] (how a roster's year
//! groups meet `tiers:`).

pub(crate) mod base_record;
pub(crate) mod blocks;
pub(crate) mod built_in;
pub mod config;
pub(crate) mod discover;
pub(crate) mod help;
pub(crate) mod layout;
pub(crate) mod media;
pub(crate) mod overrides;
pub(crate) mod roles;
pub(crate) mod roster;
pub(crate) mod source;
pub mod theme_files;
pub(crate) mod trust;
pub(crate) mod year_group;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde_saphyr::Spanned;

use crate::error::{LoadError, LoadErrorKind};
use crate::finding::Finding;

use self::config::{Kind, SchoolConfig, SiteConfig};
use self::discover::Tree;
use self::overrides::Override;
use self::roles::RoleBook;
use self::source::Source;

#[derive(Debug)]
pub struct Project {
    pub(crate) root: PathBuf,
    pub(crate) site: SiteConfig,
    pub(crate) schools: Vec<School>,
    pub(crate) themes: Vec<String>,
    /// The shared sources (a trust's model policies and the rest), as every school starts.
    pub(crate) shared: Vec<Arc<Source>>,
}

impl School {
    /// Where school.yaml sets the top-level `key:`, if it does.
    pub(crate) fn config_line(&self, key: &str) -> Option<crate::finding::Span> {
        top_level_line(&self.config_text, key)
    }
}

/// Where `text` (a YAML file) sets the top-level `key:`, if it does.
fn top_level_line(text: &str, key: &str) -> Option<crate::finding::Span> {
    let prefix = format!("{key}:");
    text.lines().position(|line| line.starts_with(&prefix)).map(|index| crate::finding::Span { line: index as u32 + 1, column: 1 })
}

impl Project {
    /// The theme of the schools' landing page: policypress.yaml's `theme:`, or the default.
    pub(crate) fn site_theme(&self) -> &str {
        self.site.theme.as_ref().map_or(theme_files::DEFAULT, |theme| theme.value.as_str())
    }
}

#[derive(Debug)]
pub(crate) struct School {
    pub(crate) id: String,
    /// `schools/<id>/school.yaml`, relative to the project root.
    pub(crate) config_file: PathBuf,
    /// school.yaml as written, to point findings at its lines.
    pub(crate) config_text: String,
    pub(crate) config: SchoolConfig,
    pub(crate) roles: RoleBook,
    pub(crate) theme: String,
    /// The pages this school publishes, in a stable order (kind, then slug).
    pub(crate) pages: Vec<Page>,
    /// Shared sources this school overrides or extends, kept so an override can extend them.
    pub(crate) overridden: Vec<Arc<Source>>,
    /// The school's files that extend a shared one and replace some of its blocks.
    pub(crate) overrides: Vec<Override>,
    /// Shared translations not published for this school, because they translate a shared
    /// file the school replaces with its own: (translation, the school's own original).
    pub(crate) set_aside: Vec<(Arc<Source>, Arc<Source>)>,
}

#[derive(Debug, Clone)]
pub(crate) struct Page {
    pub(crate) source: Arc<Source>,
    /// The page's folder in the site, relative to the site root: `policies/online-safety/`,
    /// or `cy/policies/online-safety/` for its version in a language other than the main one.
    pub(crate) url: String,
    /// The language the page is published for: its navigation, headings and notices are in it.
    pub(crate) lang: String,
    /// The language its wording is in. Where that is not `lang`, the page is not yet
    /// translated into `lang` and shows the wording in the best language it has.
    pub(crate) written_in: String,
    /// The page's folder without a language folder: the same for every version of it.
    pub(crate) base_url: String,
}

impl Page {
    /// Shown in a language it has not been translated into yet.
    pub(crate) fn is_fallback(&self) -> bool {
        !crate::language::same(&self.lang, &self.written_in)
    }
}

/// The school's pages: for each original source, one page per language the school
/// publishes in, holding the translation into that language or, failing one, the version
/// in the first language of the school's fallback order that it has.
fn pages_in_languages(config: &SchoolConfig, originals: &[&Arc<Source>], translations: &[&Arc<Source>]) -> Vec<Page> {
    let languages = config.languages();
    let fallback = config.fallback_order();
    let mut pages = Vec::with_capacity(originals.len() * languages.len());
    for original in originals {
        let own = original.rel.as_str();
        let mut versions: Vec<(&str, &Arc<Source>)> = vec![(original.language(&config.language), original)];
        versions.extend(
            translations.iter().filter(|t| t.original_rel().as_deref() == Some(own)).map(|t| (t.lang.as_deref().unwrap_or_default(), *t)),
        );
        let base_url = layout::page_url(original.kind(), &original.slug);
        let find = |lang: &str| versions.iter().find(|(written, _)| crate::language::same(written, lang));
        for (index, &lang) in languages.iter().enumerate() {
            let Some(&(written_in, source)) = find(lang).or_else(|| fallback.iter().find_map(|f| find(f))).or(versions.first()) else {
                continue;
            };
            // A translation is published where its original is, whatever its own slug.
            let source = if source.slug == original.slug {
                Arc::clone(source)
            } else {
                Arc::new(Source { slug: original.slug.clone(), ..Source::clone(source) })
            };
            let folder = if index == 0 { String::new() } else { layout::language_folder(lang) };
            pages.push(Page {
                source,
                url: format!("{folder}{base_url}"),
                lang: lang.to_owned(),
                written_in: written_in.to_owned(),
                base_url: base_url.clone(),
            });
        }
    }
    pages
}

/// Parsed files kept between loads, so that reloading a project after an edit parses
/// only what the edit touched (`serve`). A path is parsed again once it is forgotten.
#[derive(Debug, Default)]
pub(crate) struct LoadCache {
    sources: HashMap<PathBuf, Arc<Source>>,
    configs: HashMap<PathBuf, (String, SchoolConfig)>,
}

impl LoadCache {
    /// Forgets `path` and everything under it (a folder moved or deleted).
    pub(crate) fn forget(&mut self, path: &Path) {
        self.sources.retain(|p, _| !p.starts_with(path));
        self.configs.retain(|p, _| !p.starts_with(path));
    }
}

/// Loads the project at `root`, keeping only the schools named in `only` (all if empty).
/// The `name:` a school's school.yaml gives, read on its own (for listing a school this
/// run did not load); `None` if it cannot be read.
pub(crate) fn school_name(root: &Path, id: &str) -> Option<String> {
    trust::SchoolNames::read(root, id).map(|names| names.name)
}

pub(crate) fn load_project(root: &Path, only: &[String]) -> Result<Project, Vec<LoadError>> {
    load_project_cached(root, only, &mut LoadCache::default())
}

/// [`load_project`], its errors as findings: what a command that only reads the project
/// (`reviews`, `agreements`) reports.
pub fn load(root: &Path, only: &[String]) -> Result<Project, Vec<Finding>> {
    load_project(root, only).map_err(|errors| errors.into_iter().map(Finding::from).collect())
}

/// [`load_project`], reusing what `cache` holds and keeping what it parses there.
pub(crate) fn load_project_cached(root: &Path, only: &[String], cache: &mut LoadCache) -> Result<Project, Vec<LoadError>> {
    let mut errors = Vec::new();
    let site = load_site_config(root, &mut errors);
    let tree = discover::discover(root, &mut errors);
    for id in only {
        if !tree.schools.iter().any(|s| &s.id == id) {
            let known: Vec<String> = tree.schools.iter().map(|s| s.id.clone()).collect();
            let suggestion = config::nearest(id, known.iter().map(String::as_str)).map(str::to_owned);
            errors.push(LoadError::new(
                Path::new(layout::SCHOOLS),
                None,
                LoadErrorKind::UnknownSchool { id: id.clone(), suggestion, known },
            ));
        }
    }
    let Tree { shared: shared_paths, schools: dirs, themes } = tree;
    let dirs: Vec<_> = dirs.into_iter().filter(|d| only.is_empty() || only.contains(&d.id)).collect();
    // Every school.yaml is parsed while the shared sources are: a large school's lists
    // of policies take milliseconds to parse.
    let (shared, configs) = rayon::join(
        || read_sources(root, &shared_paths, Path::new(layout::SHARED), &cache.sources),
        || dirs.par_iter().map(|dir| read_config(root, &dir.dir.join(layout::SCHOOL_CONFIG), &cache.configs)).collect::<Vec<_>>(),
    );
    let shared = keep_sources(shared, cache, &mut errors);
    check_model_reviews(&site, &shared, &mut errors);
    check_translations(&shared, &mut errors);
    let mut schools = Vec::new();
    for (dir, config) in dirs.into_iter().zip(configs) {
        let content_dir = dir.dir.join(layout::SHARED);
        let own = keep_sources(read_sources(root, &dir.sources, &content_dir, &cache.sources), cache, &mut errors);
        let overrides = overrides::find(root, &own, &shared, &mut errors);
        let config_file = dir.dir.join(layout::SCHOOL_CONFIG);
        let (config, config_text) = match config {
            Ok(Some(parsed)) => parsed,
            Ok(None) => {
                errors.push(LoadError::new(&dir.dir, None, LoadErrorKind::MissingSchoolYaml));
                continue;
            }
            Err(mistaken) => {
                let (mended, all) = *mistaken;
                errors.extend(all);
                // Read as mended, the school is checked on (roles, policies) though it
                // cannot load: one run reports every mistake.
                if let Some((config, config_text)) = mended {
                    let _ = assemble_school(dir.id, config_file, config_text, config, &shared, own, overrides, &site, &themes, &mut errors);
                }
                continue;
            }
        };
        cache.configs.entry(config_file.clone()).or_insert_with(|| (config_text.clone(), config.clone()));
        if let Some(school) =
            assemble_school(dir.id, config_file, config_text, config, &shared, own, overrides, &site, &themes, &mut errors)
        {
            schools.push(school);
        }
    }
    if errors.is_empty() {
        Ok(Project { root: root.to_path_buf(), site, schools, themes, shared })
    } else {
        errors.sort_by(|a, b| (&a.file, a.span).cmp(&(&b.file, b.span)));
        // A mistake in a shared file is met by every school that publishes it: said once.
        errors.dedup_by(|a, b| a.file == b.file && a.span == b.span && a.kind.to_string() == b.kind.to_string());
        Err(errors)
    }
}

fn load_site_config(root: &Path, errors: &mut Vec<LoadError>) -> SiteConfig {
    let path = Path::new(layout::SITE_CONFIG);
    if !root.join(path).is_file() {
        return SiteConfig::default();
    }
    match discover::read_text(root, path).and_then(|f| Ok((config::parse_yaml::<SiteConfig>(&f.text, path, 1)?, f.text))) {
        Ok((mut site, text)) => {
            let ends = config::TermEndsSetting::over(site.term_ends.as_ref(), None);
            site.policies.values_mut().for_each(|review| review.apply_term_ends(&ends));
            site.text = text;
            site
        }
        Err(err) => {
            errors.push(err);
            SiteConfig::default()
        }
    }
}

/// The trust's review record of its model policies, in policypress.yaml, is for policies
/// that are there: an entry for a slug no shared policy has is a slip of the keyboard.
fn check_model_reviews(site: &SiteConfig, shared: &[Arc<Source>], errors: &mut Vec<LoadError>) {
    let models: Vec<&str> = shared.iter().filter(|s| s.kind() == Kind::Policy).map(|s| s.slug.as_str()).collect();
    for (slug, review) in &site.policies {
        if !models.contains(&slug.as_str()) {
            let suggestion = config::nearest(slug, models.iter().copied()).map(str::to_owned);
            // The entry's own line is the one above its `owner:`.
            let span = config::span_of(&review.owner).map(|s| crate::finding::Span { line: s.line.saturating_sub(1).max(1), column: 3 });
            errors.push(LoadError::new(
                Path::new(layout::SITE_CONFIG),
                span,
                LoadErrorKind::UnknownPolicy { policy: slug.clone(), suggestion },
            ));
        }
    }
}

/// A shared translation names the shared file it translates: one that is not there is a
/// mistake in the model content, said once for every school.
fn check_translations(shared: &[Arc<Source>], errors: &mut Vec<LoadError>) {
    for translation in shared.iter().filter(|s| s.lang.is_some()) {
        let original = translation.original_rel().unwrap_or_default();
        if !shared.iter().any(|s| s.rel == original) {
            errors.push(without_original(translation, shared.iter().filter(|s| s.lang.is_none()).map(|s| s.rel.as_str())));
        }
    }
}

/// An agreement's translation is printed on the same sheet as its original, for the same
/// pupils: a different `tier:` or `signatures:` would print a sheet no one asked for, or
/// blanks in one language that the other lacks. The error at the translation, if so.
fn differs_from_original(translation: &Source, original: &Source) -> Option<LoadError> {
    if translation.kind() != Kind::Agreement {
        return None;
    }
    let tier = |s: &Source| s.front.tier.as_ref().map(|t| t.value.clone());
    let kind = if tier(translation) != tier(original) {
        LoadErrorKind::TranslationDiffers { key: "tier", original: original.file.clone(), value: tier(original).unwrap_or_default() }
    } else if translation.front.signatures != original.front.signatures {
        let value = serde_json::to_string(&original.front.signatures).unwrap_or_default().replace('"', "").replace(',', ", ");
        LoadErrorKind::TranslationDiffers { key: "signatures", original: original.file.clone(), value }
    } else {
        return None;
    };
    Some(LoadError::new(&translation.file, translation.title_span, kind))
}

/// The error at a translation of a file that is not there, naming the nearest of `originals`.
fn without_original<'a>(translation: &Source, originals: impl Iterator<Item = &'a str>) -> LoadError {
    let original = translation.original_rel().unwrap_or_default();
    let kind = LoadErrorKind::TranslationWithoutOriginal {
        language: crate::language::english_name(translation.lang.as_deref().unwrap_or_default()).to_owned(),
        original: translation.file.with_file_name(original.rsplit('/').next().unwrap_or_default()),
        suggestion: config::nearest(&original, originals).map(str::to_owned),
    };
    LoadError::new(&translation.file, translation.title_span, kind)
}

/// Each source at `paths`, parsed, or as `known` holds it already.
fn read_sources(
    root: &Path,
    paths: &[PathBuf],
    content_dir: &Path,
    known: &HashMap<PathBuf, Arc<Source>>,
) -> Vec<Result<Arc<Source>, LoadError>> {
    paths
        .par_iter()
        .map(|path| match known.get(path) {
            Some(source) => Ok(Arc::clone(source)),
            None => discover::read_text(root, path).and_then(|file| source::parse_source(file, content_dir)).map(Arc::new),
        })
        .collect()
}

/// The sources read, each kept in `cache`, and what was wrong with any.
fn keep_sources(read: Vec<Result<Arc<Source>, LoadError>>, cache: &mut LoadCache, errors: &mut Vec<LoadError>) -> Vec<Arc<Source>> {
    let mut sources = Vec::with_capacity(read.len());
    for result in read {
        match result {
            Ok(source) => {
                cache.sources.entry(source.file.clone()).or_insert_with(|| Arc::clone(&source));
                sources.push(source);
            }
            Err(err) => errors.push(err),
        }
    }
    sources
}

/// A school.yaml with mistakes: every one, and the configuration read once each was
/// mended as its help says (when that could be done), so the later checks still run.
type MendedConfig = Box<(Option<(SchoolConfig, String)>, Vec<LoadError>)>;

/// A school's configuration and its text, as `known` holds them or parsed from
/// `config_file`; `None` if the school has no school.yaml.
fn read_config(
    root: &Path,
    config_file: &Path,
    known: &HashMap<PathBuf, (String, SchoolConfig)>,
) -> Result<Option<(SchoolConfig, String)>, MendedConfig> {
    if let Some((text, config)) = known.get(config_file) {
        return Ok(Some((config.clone(), text.clone())));
    }
    if !root.join(config_file).is_file() {
        return Ok(None);
    }
    let file = discover::read_text(root, config_file).map_err(|err| Box::new((None, vec![err])))?;
    match config::parse_yaml_all::<SchoolConfig>(&file.text, &file.path) {
        (Some(config), errors) if errors.is_empty() => Ok(Some((config, file.text))),
        (mended, errors) => Err(Box::new((mended.map(|config| (config, file.text)), errors))),
    }
}

/// Overlays a school's own sources on the shared ones and checks the school's YAML
/// against them. Returns `None` (with errors pushed) if anything is inconsistent.
#[allow(clippy::too_many_arguments)]
fn assemble_school(
    id: String,
    config_file: PathBuf,
    config_text: String,
    config: SchoolConfig,
    shared: &[Arc<Source>],
    own: Vec<Arc<Source>>,
    overrides: Vec<Override>,
    site: &SiteConfig,
    themes: &[String],
    errors: &mut Vec<LoadError>,
) -> Option<School> {
    let before = errors.len();
    let mut config = config;
    check_languages_and_country(&mut config, &config_file, &config_text, errors);
    // With `languages:` wrong (said above), a language may be missing from it only for that.
    let languages_said = config.languages.iter().any(|l| crate::language::code(&l.value).is_none());
    let term_ends = config::TermEndsSetting::over(config.term_ends.as_ref(), site.term_ends.as_ref());
    config.policies.values_mut().for_each(|review| review.apply_term_ends(&term_ends));
    let roles = RoleBook::new(&config);
    let error = |span, kind| LoadError::new(&config_file, span, kind);

    // Overlay: a school's file with the same relative path replaces the shared one.
    let mut by_rel: BTreeMap<&str, Arc<Source>> = shared.iter().map(|s| (s.rel.as_str(), Arc::clone(s))).collect();
    let mut overridden = Vec::new();
    for source in &own {
        if let Some(base) = by_rel.insert(source.rel.as_str(), Arc::clone(source)) {
            overridden.push(base);
        }
    }
    // A school's page may extend a shared file it does not replace: that file is kept too.
    for extended in &overrides {
        if !overridden.iter().any(|base| Arc::ptr_eq(base, &extended.base)) {
            overridden.push(Arc::clone(&extended.base));
        }
    }

    for person in &config.people {
        for role in &person.roles {
            if !roles.is_known(&role.value) {
                let suggestion = config::nearest(&role.value, roles.known()).map(str::to_owned);
                errors.push(error(config::span_of(role), LoadErrorKind::UnknownRole { role: role.value.clone(), suggestion }));
            }
        }
    }
    let issued: Vec<&str> = config.agreements.iter().map(|t| t.value.as_str()).collect();
    for (year, tier) in &config.tiers {
        if let Some(meant) = year_group::misspelt(year) {
            errors.push(error(config::span_of(tier), LoadErrorKind::MisspeltYearGroup { written: year.clone(), meant }));
        }
        if !issued.contains(&tier.value.as_str()) {
            let suggestion = config::nearest(&tier.value, issued.iter().copied()).map(str::to_owned);
            errors.push(error(config::span_of(tier), LoadErrorKind::TierNotIssued { tier: tier.value.clone(), suggestion }));
        }
    }
    for (year, tier, first) in year_group::clashes(&config.tiers) {
        let kind = LoadErrorKind::YearGroupTwice { year: year.to_owned(), first: first.to_owned() };
        errors.push(error(config::span_of(tier), kind));
    }
    for tier in &config.agreements {
        let exists = by_rel.values().any(|s| s.front.tier.as_ref().is_some_and(|t| t.value == tier.value));
        if !exists {
            errors.push(error(config::span_of(tier), LoadErrorKind::NoAgreementForTier { tier: tier.value.clone() }));
        }
    }

    // Agreements of tiers the school does not issue are not published; a translation goes
    // with its original (and must keep its tier: see `differs_from_original`).
    let is_issued = |s: &Source| match &s.front.tier {
        Some(tier) if s.kind() == Kind::Agreement => issued.contains(&tier.value.as_str()),
        _ => true,
    };
    let (translations, originals): (Vec<&Arc<Source>>, Vec<&Arc<Source>>) = by_rel.values().partition(|s| s.lang.is_some());
    let originals: Vec<&Arc<Source>> = originals.into_iter().filter(|s| is_issued(s)).collect();
    let languages = config.languages();
    let mut published = Vec::new();
    let mut set_aside = Vec::new();
    for translation in translations {
        let own = !layout::is_shared(&translation.file);
        let lang = translation.lang.as_deref().unwrap_or_default();
        let Some(original) = translation.original_rel().and_then(|rel| by_rel.get(rel.as_str())) else {
            // A shared translation without its original is the trust's to mend, said once (see `check_translations`).
            if own {
                errors.push(without_original(translation, originals.iter().map(|o| o.rel.as_str())));
            }
            continue;
        };
        if let Some(differs) = differs_from_original(translation, original) {
            errors.push(differs);
        } else if !is_issued(original) {
            // The original's tier is not issued here: neither is published.
        } else if !own && !layout::is_shared(&original.file) {
            // The trust's translation translates the trust's wording, which this school
            // replaces: its readers get the school's own, until it has a translation too.
            set_aside.push((Arc::clone(translation), Arc::clone(original)));
        } else if languages.iter().any(|l| crate::language::same(l, lang)) {
            published.push(translation);
        } else if own && !languages_said {
            let kind = LoadErrorKind::LanguageNotPublished {
                language: crate::language::english_name(lang).to_owned(),
                code: lang.to_owned(),
                school_file: config_file.clone(),
            };
            errors.push(LoadError::new(&translation.file, translation.title_span, kind));
        }
    }
    // Two files translating one page into one language (`x.pl.md`, `x.PL.md`): which to publish?
    for (index, translation) in published.iter().enumerate() {
        let same = |other: &&&Arc<Source>| {
            other.original_rel() == translation.original_rel()
                && other.lang.as_deref().zip(translation.lang.as_deref()).is_some_and(|(a, b)| crate::language::same(a, b))
        };
        if let Some(first) = published[..index].iter().find(same) {
            let kind = LoadErrorKind::DuplicateSlug { slug: translation.slug.clone(), other: first.file.display().to_string() };
            errors.push(LoadError::new(&translation.file, translation.title_span, kind));
        }
    }
    // A school's own page written in a language the school does not publish in would be
    // shown nowhere as it is written.
    for original in originals.iter().filter(|o| !layout::is_shared(&o.file)) {
        if let Some(written) = &original.front.language
            && !languages.iter().any(|l| crate::language::same(l, &written.value))
            && !languages_said
        {
            let kind = LoadErrorKind::WrittenInUnlisted {
                language: crate::language::english_name(&written.value).to_owned(),
                code: written.value.clone(),
                school_file: config_file.clone(),
            };
            errors.push(LoadError::new(
                &original.file,
                config::span_of(written).map(|s| crate::finding::Span { line: s.line + 1, ..s }),
                kind,
            ));
        }
    }
    let pages = pages_in_languages(&config, &originals, &published);
    let main = config.main_language().to_owned();
    let main_pages = || pages.iter().filter(|p| p.lang == main);

    let policy_slugs: Vec<&str> = main_pages().filter(|p| p.source.kind() == Kind::Policy).map(|p| p.source.slug.as_str()).collect();
    for (slug, review) in &config.policies {
        if !policy_slugs.contains(&slug.as_str()) {
            let suggestion = config::nearest(slug, policy_slugs.iter().copied()).map(str::to_owned);
            let span = config::span_of(&review.owner).map(|s| crate::finding::Span { line: s.line.saturating_sub(1).max(1), column: 3 });
            errors.push(error(span, LoadErrorKind::UnknownPolicy { policy: slug.clone(), suggestion }));
        }
        let owner = &review.owner;
        if !roles.is_known(&owner.value) {
            let suggestion = config::nearest(&owner.value, roles.known()).map(str::to_owned);
            errors.push(error(config::span_of(owner), LoadErrorKind::UnknownRole { role: owner.value.clone(), suggestion }));
        } else if roles.holders(&owner.value).is_none() {
            errors.push(error(config::span_of(owner), LoadErrorKind::UnheldRole { role: owner.value.clone() }));
        }
    }

    // A policy the school publishes needs its entry (who owns and approved it, when it is
    // reviewed): that is missing from school.yaml, not wrong in the shared policy.
    let policies_line = top_level_line(&config_text, "policies");
    for page in main_pages().filter(|p| p.source.kind() == Kind::Policy && !config.policies.contains_key(&p.source.slug)) {
        let span = policies_line;
        errors.push(error(span, LoadErrorKind::PolicyNotListed { policy: page.source.slug.clone(), file: page.source.file.clone() }));
    }

    check_duplicate_slugs(&pages, &languages, errors);

    let theme_setting = config.theme.as_ref().or(site.theme.as_ref());
    let theme = theme_setting.map_or_else(|| "default".to_owned(), |t| t.value.clone());
    if !themes.contains(&theme) || !source::is_slug(&theme) {
        let (file, span) = match (&config.theme, &site.theme) {
            (Some(t), _) => (config_file.clone(), config::span_of(t)),
            (None, Some(t)) => (PathBuf::from(layout::SITE_CONFIG), config::span_of(t)),
            (None, None) => (PathBuf::from(layout::THEMES), None),
        };
        errors.push(LoadError::new(&file, span, LoadErrorKind::UnknownTheme { name: theme.clone() }));
    }

    (errors.len() == before).then_some(School {
        id,
        config_file,
        config_text,
        config,
        roles,
        theme,
        pages,
        overridden,
        overrides,
        set_aside,
    })
}

/// The school's language settings: codes written the standard way, each language once, a
/// fallback or an agreement language among those the school publishes; an international
/// school's country code, one whose emergency number is known (or given).
fn check_languages_and_country(config: &mut SchoolConfig, config_file: &Path, config_text: &str, errors: &mut Vec<LoadError>) {
    let error = |code: &Spanned<String>, kind| LoadError::new(config_file, config::span_of(code), kind);
    for written in config.languages.iter_mut().chain(config.fallback_languages.iter_mut()) {
        match crate::language::code(&written.value) {
            Some(code) => written.value = code,
            None => errors.push(error(written, LoadErrorKind::BadLanguage { code: written.value.clone() })),
        }
    }
    let listed: Vec<String> = config.languages().into_iter().map(str::to_owned).collect();
    let not_listed = |code: &Spanned<String>| LoadErrorKind::LanguageNotListed { code: code.value.clone(), listed: listed.clone() };
    // A code that is none was said above.
    for fallback in config.fallback_languages.iter().filter(|f| crate::language::code(&f.value).is_some()) {
        if !listed.iter().any(|l| crate::language::same(l, &fallback.value)) {
            errors.push(error(fallback, not_listed(fallback)));
        }
    }
    if let Some(printed) = &config.agreement_language {
        let known = printed.value == BOTH_LANGUAGES && listed.len() > 1 || listed.iter().any(|l| crate::language::same(l, &printed.value));
        if !known {
            errors.push(error(printed, not_listed(printed)));
        }
    }
    if let Some(code) = &config.country_code {
        let kind = if !(code.value.len() == 2 && code.value.bytes().all(|b| b.is_ascii_alphabetic())) {
            Some(LoadErrorKind::BadCountryCode { code: code.value.clone() })
        } else if config.country != config::Country::International {
            Some(LoadErrorKind::CountryCodeNotInternational)
        } else if help::emergency_number(config).is_none() {
            // Families are told whom to call in an emergency: a number is never left out unsaid.
            Some(LoadErrorKind::NoEmergencyNumber { code: code.value.to_ascii_uppercase() })
        } else {
            None
        };
        errors.extend(kind.map(|kind| error(code, kind)));
    }
    // A role's title in a language the school does not publish in would never be shown.
    for title in config.roles.values() {
        if let config::RoleTitle::PerLanguage(titles) = title {
            for code in titles.keys() {
                if !listed.iter().any(|l| crate::language::code(code).is_some_and(|c| crate::language::same(l, &c))) {
                    let line = line_under(config_text, "roles:", code);
                    errors.push(LoadError::new(
                        config_file,
                        line,
                        LoadErrorKind::LanguageNotListed { code: code.clone(), listed: listed.clone() },
                    ));
                }
            }
        }
    }
    // A language listed twice would be published twice.
    for (index, lang) in config.languages.iter().enumerate() {
        if config.languages[..index].iter().any(|earlier| crate::language::same(&earlier.value, &lang.value)) {
            errors.push(error(lang, LoadErrorKind::LanguageTwiceListed { code: lang.value.clone() }));
        }
    }
}

/// Where `key:` is first set below the top-level line `section` of a YAML text.
fn line_under(text: &str, section: &str, key: &str) -> Option<crate::finding::Span> {
    let start = text.lines().position(|line| line.starts_with(section))?;
    let prefix = format!("{key}:");
    text.lines()
        .enumerate()
        .skip(start + 1)
        .find(|(_, line)| line.trim_start().starts_with(&prefix))
        .map(|(index, line)| crate::finding::Span { line: index as u32 + 1, column: (line.len() - line.trim_start().len()) as u32 + 1 })
}

/// `agreement_language: both`: the school's first two languages on one sheet.
pub(crate) const BOTH_LANGUAGES: &str = "both";

fn check_duplicate_slugs(pages: &[Page], languages: &[&str], errors: &mut Vec<LoadError>) {
    let mut seen: HashMap<&str, &Source> = HashMap::new();
    let language_folders: Vec<String> = languages.iter().skip(1).map(|l| layout::language_folder(l)).collect();
    for page in pages {
        let source = &page.source;
        let reserved = source.kind() == Kind::Page
            && (layout::RESERVED_FOLDERS.contains(&source.slug.as_str()) || language_folders.contains(&format!("{}/", source.slug)));
        if reserved {
            errors.push(LoadError::new(
                &source.file,
                source.slug_span,
                LoadErrorKind::DuplicateSlug { slug: source.slug.clone(), other: "a section the site generates".to_owned() },
            ));
        } else if let Some(other) = seen.insert(page.url.as_str(), source) {
            errors.push(LoadError::new(
                &source.file,
                source.slug_span,
                LoadErrorKind::DuplicateSlug { slug: source.slug.clone(), other: other.file.display().to_string() },
            ));
        }
    }
}
