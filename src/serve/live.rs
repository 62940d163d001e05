//! The live site: the last good build of the project, held in memory, and how an edit
//! updates it.
//!
//! In: the paths an edit touched. Out: the files of the served site that changed, and
//! the findings. An edit reloads the project from the [`LoadCache`] (so only the touched
//! files are parsed again), re-parses only the bodies and templates it touched, renders
//! the pages the [`DependencyMap`] names, and runs the page rules over those pages and
//! the pages that link to them (the rules about the school as a whole run in full).
//! Guarantees: what is served always passed every rule, except a first build that did
//! not, which is served so that there is something to look at; an edit that breaks
//! anything leaves the served site as it was, and is tried again with every later edit
//! until the project is good. Until the project has been good once, every edit rebuilds
//! everything, since earlier findings cannot be pinned to pages.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::build::{self, Loaded};
use crate::date::Date;
use crate::finding::Finding;
use crate::guard;
use crate::print::Printer;
use crate::progress::Progress;
use crate::project::media::{self, MediaFile};
use crate::project::roster::Roster;
use crate::project::{self, LoadCache, Project, School};
use crate::render::markdown::LinkTarget;
use crate::render::theme::{self, Theme};
use crate::render::{self, RenderedPage, RenderedPages, RenderedSite, SchoolTemplates};

use super::deps::{self, Affected, Change, DependencyMap};
use super::published::PrintOnDemand;

/// A served file's bytes, shared between the site and the connections sending it.
pub(crate) type Bytes = Arc<Vec<u8>>;

/// What an edit did to the served site.
#[derive(Default)]
pub(crate) struct Update {
    /// Files to serve from now on, by path from the served root.
    pub(crate) put: Vec<(String, Bytes)>,
    /// The PDFs the new pages link to, typeset only when opened.
    pub(crate) pdfs: Vec<(String, Arc<PrintOnDemand>)>,
    /// Files no longer served.
    pub(crate) delete: Vec<String>,
    /// The pages rendered, `<school>/<file>`.
    pub(crate) rendered: BTreeSet<String>,
    /// Everything the rules and the loader found (errors and warnings).
    pub(crate) findings: Vec<Finding>,
    /// False if the edit was refused and the served site left as it was.
    pub(crate) accepted: bool,
    /// How long each stage took, for `POLICYPRESS_TIMINGS=1`.
    pub(crate) timings: Vec<(&'static str, Duration)>,
}

impl Update {
    fn refused(findings: Vec<Finding>) -> Update {
        Update { findings, ..Update::default() }
    }
}

/// What `serve` was asked for.
#[derive(Debug, Clone)]
pub(crate) struct LiveOptions {
    pub(crate) root: PathBuf,
    /// Only these schools (all if empty); with exactly one, its site is the served root.
    pub(crate) schools: Vec<String>,
    pub(crate) roster: Option<PathBuf>,
    pub(crate) today: Date,
}

pub(crate) struct Live {
    options: LiveOptions,
    roster: Option<Roster>,
    /// `no-roster` or `invalid-roster`, reported with every update.
    roster_findings: Vec<Finding>,
    cache: LoadCache,
    good: Option<Good>,
    /// False while the site served broke a rule (a first build with errors): then every
    /// edit rebuilds everything.
    clean: bool,
    /// Edits not yet in a good build.
    pending: Vec<Change>,
}

/// The last good build.
struct Good {
    project: Project,
    themes: BTreeMap<String, Theme>,
    printers: BTreeMap<String, Arc<Printer>>,
    schools: BTreeMap<String, LiveSchool>,
}

/// One school of the last good build.
struct LiveSchool {
    templates: SchoolTemplates,
    site: RenderedSite,
    deps: DependencyMap,
}

/// One school's share of an edit, rendered and checked but not yet accepted.
struct Candidate {
    id: String,
    affected: Affected,
    /// The pages and media the candidate replaced in the school's site, to put back if
    /// the edit is refused.
    stash: Vec<RenderedPage>,
    stash_media: Vec<MediaFile>,
}

impl Live {
    /// Builds everything. The site is served even if a rule is broken, with the findings.
    pub(crate) fn start(options: LiveOptions) -> (Live, Update) {
        let mut findings = Vec::new();
        let roster = build::load_roster(&options.root, options.roster.as_deref(), &mut findings);
        let mut live =
            Live { options, roster, roster_findings: findings, cache: LoadCache::default(), good: None, clean: false, pending: Vec::new() };
        let update = live.rebuild_all(true);
        (live, update)
    }

    /// Applies an edit of `paths` (relative to the project root).
    pub(crate) fn apply(&mut self, paths: &[PathBuf]) -> Update {
        let known = self.known_files();
        for path in paths {
            self.cache.forget(path);
            let exists = self.options.root.join(path).exists();
            let was = known.contains(path) || known.iter().any(|k| k.starts_with(path));
            self.pending.push(Change { path: path.clone(), structural: exists != was });
        }
        let full = !self.clean || self.pending.iter().any(|c| c.path == Path::new(crate::project::layout::SITE_CONFIG));
        if full {
            // Until something has been served, a build with broken rules is served (with
            // its findings) rather than nothing.
            let first = self.good.is_none();
            return self.rebuild_all(first);
        }
        match self.rebuild_some() {
            Some(update) => update,
            None => self.rebuild_all(false),
        }
    }

    /// Every file the last good build was made of that an edit can add or remove: the
    /// sources and each school.yaml.
    fn known_files(&self) -> BTreeSet<PathBuf> {
        let Some(good) = &self.good else { return BTreeSet::new() };
        let mut known = BTreeSet::new();
        for school in &good.project.schools {
            known.insert(school.config_file.clone());
            known.extend(school.pages.iter().map(|p| p.source.file.clone()));
            known.extend(school.overridden.iter().map(|s| s.file.clone()));
        }
        known
    }

    /// Loads, renders and checks everything. With `first` (nothing served yet) the result
    /// is served whatever the rules say; otherwise only if it is clean.
    fn rebuild_all(&mut self, first: bool) -> Update {
        let Loaded { project, themes, printers } = match build::load(&self.options.root, &self.options.schools, &mut self.cache) {
            Ok(loaded) => loaded,
            Err(errors) => return Update::refused(with_roster_findings(&self.roster_findings, errors)),
        };
        let printers: BTreeMap<String, Arc<Printer>> = printers.into_iter().map(|(theme, printer)| (theme, Arc::new(printer))).collect();
        let (ready, mut findings) = build::prepare_schools(&project, &themes);
        // Said when everything is rebuilt (at the start, and after a school is added or
        // renamed), not after every edit: the roster does not change while serving.
        findings.extend(build::unplaced_rows(&project, self.roster.as_ref(), self.options.roster.as_deref()));
        let mut schools = BTreeMap::new();
        let mut rendered = BTreeSet::new();
        for (school, templates) in ready {
            let (Some(theme), Some(printer)) = (themes.get(&school.theme), printers.get(&school.theme)) else { continue };
            match render::render_pages(&project, school, &templates, theme, printer, self.options.today, &|_| true, &Progress::hidden()) {
                Ok(RenderedPages { pages, media }) => {
                    let files = render::site_files(&project, school, theme, &pages);
                    let site = RenderedSite { pages, media, files };
                    let build = guard::Build::new(school, &site, theme, printer, self.roster.as_ref(), self.options.today, None);
                    findings.extend(guard::check_school(&build, &Progress::hidden()));
                    rendered.extend(site.pages.iter().map(|p| format!("{}/{}", school.id, p.file)));
                    let deps = DependencyMap::for_school(school, &theme.sources, &site.pages);
                    schools.insert(school.id.clone(), LiveSchool { templates, site, deps });
                }
                Err(errors) => findings.extend(errors.into_iter().map(Finding::from)),
            }
        }
        let findings = with_roster_findings(&self.roster_findings, findings);
        let broken = findings.iter().any(Finding::is_error);
        let rendered_all = schools.len() == project.schools.len();
        if !rendered_all || (broken && !first) {
            return Update::refused(findings);
        }
        let good = Good { project, themes, printers, schools };
        let mut update =
            Update { put: self.all_files(&good), pdfs: self.all_pdfs(&good), rendered, findings, accepted: true, ..Update::default() };
        if let Some(old) = &self.good {
            let now: HashSet<&str> = update.put.iter().map(|(path, _)| path.as_str()).collect();
            update.delete = self.all_files(old).into_iter().map(|(path, _)| path).filter(|path| !now.contains(path.as_str())).collect();
        }
        self.good = Some(good);
        self.clean = !broken;
        self.pending.clear();
        update
    }

    /// Every file of a build, by path from the served root.
    fn all_files(&self, good: &Good) -> Vec<(String, Bytes)> {
        let mut files = Vec::new();
        if self.options.schools.len() != 1 {
            files.push(("index.html".to_owned(), Arc::new(landing_page(good).into_bytes())));
        }
        for (id, school) in &good.schools {
            let prefix = prefix(&self.options, id);
            let site = &school.site;
            files.extend(site.pages.iter().map(|p| (format!("{prefix}{}", p.file), Arc::new(p.html.as_bytes().to_vec()))));
            files.extend(site.media.iter().map(|m| (format!("{prefix}{}", m.published), Arc::clone(&m.bytes))));
            files.extend(site.files.iter().map(|(path, bytes)| (format!("{prefix}{path}"), Arc::new(bytes.clone()))));
        }
        files
    }

    /// Every PDF the pages of a build link to, by path from the served root.
    fn all_pdfs(&self, good: &Good) -> Vec<(String, Arc<PrintOnDemand>)> {
        let mut pdfs = Vec::new();
        for (id, school) in &good.schools {
            let Some(printer) = good.project.schools.iter().find(|s| &s.id == id).and_then(|s| good.printers.get(&s.theme)) else {
                continue;
            };
            let pictures = Arc::new(school.site.pictures());
            pdfs.extend(school.site.pages.iter().filter_map(|page| on_demand(&prefix(&self.options, id), printer, page, &pictures)));
        }
        pdfs
    }

    /// Renders and checks only what the pending edits touched. `None` if the edit needs
    /// everything rebuilt (a school or theme added, removed or switched).
    fn rebuild_some(&mut self) -> Option<Update> {
        let Live { options, roster, roster_findings, cache, good, pending, .. } = self;
        let mut clock = Clock::start();
        let project = match project::load_project_cached(&options.root, &options.schools, cache) {
            Ok(project) => project,
            Err(errors) => {
                return Some(Update::refused(with_roster_findings(roster_findings, errors.into_iter().map(Finding::from).collect())));
            }
        };
        let good = good.as_mut()?;
        clock.lap("load");
        let same_schools = project.schools.len() == good.project.schools.len()
            && project.schools.iter().zip(&good.project.schools).all(|(new, old)| new.id == old.id && new.theme == old.theme);
        // A print template or font changes every PDF's name, and the theme's words are on
        // every page and PDF: render everything again.
        let touches_print = pending.iter().any(|c| {
            c.path.components().any(|part| {
                [crate::project::layout::THEME_PRINT, crate::project::layout::THEME_FONTS, crate::project::layout::THEME_STRINGS]
                    .iter()
                    .any(|folder| part.as_os_str() == *folder)
            })
        });
        if !same_schools || project.themes != good.project.themes || touches_print {
            return None;
        }

        // Themes: load again those an edit touched; keep the others.
        let mut themes = BTreeMap::new();
        let mut findings = Vec::new();
        for name in good.themes.keys() {
            let folder = crate::project::layout::theme_folder(name);
            // Every theme inherits what it lacks from the default one.
            let default = crate::project::layout::theme_folder(crate::project::theme_files::DEFAULT);
            if pending.iter().any(|c| c.path.starts_with(&folder) || c.path.starts_with(&default) || folder.starts_with(&c.path)) {
                match theme::load_theme(&project.root, name) {
                    Ok(theme) => {
                        themes.insert(name.clone(), theme);
                    }
                    Err(errors) => findings.extend(errors.into_iter().map(Finding::from)),
                }
            }
        }
        if !findings.is_empty() {
            return Some(Update::refused(with_roster_findings(roster_findings, findings)));
        }

        let mut candidates = Vec::new();
        let mut errors = Vec::new();
        for school in &project.schools {
            let (Some(old), Some(live)) = (good.project.schools.iter().find(|s| s.id == school.id), good.schools.get_mut(&school.id))
            else {
                return None;
            };
            let theme = themes.get(&school.theme).or_else(|| good.themes.get(&school.theme))?;
            let before = good.themes.get(&school.theme)?;
            errors.extend(update_templates(live, old, school, before, theme));
            clock.lap("templates");
            if !errors.is_empty() {
                continue;
            }
            let now: BTreeSet<String> = school
                .pages
                .iter()
                .map(|p| crate::project::layout::page_file(&p.url))
                .chain(render::generated_pages(school).iter().map(render::Generated::file))
                .collect();
            let affected = live.deps.affected(pending, &now, &deps::same_listing(old, school, pending));
            let selected = |file: &str| affected.render.contains(file);
            let printer = good.printers.get(&school.theme)?;
            match render::render_pages(&project, school, &live.templates, theme, printer, options.today, &selected, &Progress::hidden()) {
                Ok(RenderedPages { pages, media }) => {
                    clock.lap("render");
                    let (stash, stash_media) = swap_in(&mut live.site, pages, media, &affected);
                    let focus = focus(&live.site, &affected);
                    let build = guard::Build::new(school, &live.site, theme, printer, roster.as_ref(), options.today, Some(&focus));
                    clock.lap("guard: prepare");
                    findings.extend(guard::check_school(&build, &Progress::hidden()));
                    clock.lap("guard: rules");
                    candidates.push(Candidate { id: school.id.clone(), affected, stash, stash_media });
                }
                Err(found) => errors.extend(found.into_iter().map(Finding::from)),
            }
        }
        findings.extend(errors);
        let findings = with_roster_findings(roster_findings, findings);
        if findings.iter().any(Finding::is_error) {
            for candidate in candidates {
                if let Some(live) = good.schools.get_mut(&candidate.id) {
                    swap_back(&mut live.site, candidate);
                }
            }
            return Some(Update::refused(findings));
        }

        // Accepted: record what the new pages were made from, and publish them.
        let mut update = Update { findings, accepted: true, ..Update::default() };
        clock.lap("decide");
        for candidate in &candidates {
            let (Some(live), Some(school)) = (good.schools.get_mut(&candidate.id), project.schools.iter().find(|s| s.id == candidate.id))
            else {
                continue;
            };
            let theme = themes.get(&school.theme).or_else(|| good.themes.get(&school.theme))?;
            let prefix = prefix(options, &school.id);
            for file in &candidate.affected.removed {
                live.deps.remove(file);
                update.delete.push(format!("{prefix}{file}"));
            }
            let fresh: Vec<&RenderedPage> = live.site.pages.iter().filter(|p| candidate.affected.render.contains(&p.file)).collect();
            let pictures = Arc::new(live.site.pictures());
            for page in &fresh {
                update.put.push((format!("{prefix}{}", page.file), Arc::new(page.html.as_bytes().to_vec())));
                if let Some(printer) = good.printers.get(&school.theme) {
                    update.pdfs.extend(on_demand(&prefix, printer, page, &pictures));
                }
                update.rendered.insert(format!("{}/{}", school.id, page.file));
            }
            live.deps.update(school, &theme.sources, fresh);
            let before: BTreeSet<String> = candidate.stash_media.iter().map(|m| m.published.clone()).collect();
            prune_media(&mut live.site, school);
            let now: BTreeSet<&String> = live.site.media.iter().map(|m| &m.published).collect();
            update
                .delete
                .extend(before.iter().filter(|published| !now.contains(published)).map(|published| format!("{prefix}{published}")));
            update.put.extend(live.site.media.iter().map(|m| (format!("{prefix}{}", m.published), Arc::clone(&m.bytes))));
        }
        good.themes.extend(themes);
        good.project = project;
        pending.clear();
        clock.lap("publish");
        update.timings = clock.laps;
        Some(update)
    }

    /// What making the site's other files (assets, search index, sitemap) again needs,
    /// taken after an accepted edit so they can be made on another thread: made from
    /// every page, they would otherwise hold up the next edit's pages.
    pub(crate) fn files_job(&self) -> FilesJob {
        let Some(good) = &self.good else { return FilesJob::default() };
        let schools = good
            .project
            .schools
            .iter()
            .filter_map(|school| {
                let (live, theme) = (good.schools.get(&school.id)?, good.themes.get(&school.theme)?);
                Some(SchoolFiles {
                    id: school.id.clone(),
                    assets: theme.assets.clone(),
                    base_url: render::base_url(&good.project, school).map(str::to_owned),
                    pages: live.site.pages.iter().map(RenderedPage::outline).collect(),
                })
            })
            .collect();
        let index = (self.options.schools.len() != 1).then(|| landing_page(good).into_bytes());
        FilesJob { schools, index }
    }

    /// Takes files made by [`FilesJob::run`]; returns those that changed, to serve.
    pub(crate) fn take_files(&mut self, made: MadeFiles) -> Vec<(String, Bytes)> {
        let mut put = Vec::new();
        let Some(good) = &mut self.good else { return put };
        for (id, files) in made.schools {
            let Some(live) = good.schools.get_mut(&id) else { continue };
            let prefix = prefix(&self.options, &id);
            let old: HashMap<&str, &Vec<u8>> = live.site.files.iter().map(|(p, b)| (p.as_str(), b)).collect();
            put.extend(
                files
                    .iter()
                    .filter(|(path, bytes)| old.get(path.as_str()) != Some(&bytes))
                    .map(|(path, bytes)| (format!("{prefix}{path}"), Arc::new(bytes.clone()))),
            );
            live.site.files = files;
        }
        put.extend(made.index.map(|index| ("index.html".to_owned(), Arc::new(index))));
        put
    }
}

/// Everything making a site's other files needs, owned.
#[derive(Default)]
pub(crate) struct FilesJob {
    schools: Vec<SchoolFiles>,
    /// The schools index, when several schools are served.
    index: Option<Vec<u8>>,
}

struct SchoolFiles {
    id: String,
    assets: Vec<crate::project::media::MediaFile>,
    base_url: Option<String>,
    pages: Vec<RenderedPage>,
}

/// A site's other files: (path from the site's root, bytes).
type OtherFiles = Vec<(String, Vec<u8>)>;

/// The files a [`FilesJob`] made, by school.
pub(crate) struct MadeFiles {
    schools: Vec<(String, OtherFiles)>,
    index: Option<Vec<u8>>,
}

impl FilesJob {
    pub(crate) fn run(self) -> MadeFiles {
        let schools = self
            .schools
            .into_iter()
            .map(|school| {
                let files = render::make_files(&school.assets, school.base_url.as_deref(), &school.pages);
                (school.id, files)
            })
            .collect();
        MadeFiles { schools, index: self.index }
    }
}

/// Stage timings of one rebuild.
struct Clock {
    laps: Vec<(&'static str, Duration)>,
    last: Instant,
}

impl Clock {
    fn start() -> Clock {
        Clock { laps: Vec::new(), last: Instant::now() }
    }

    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }
}

/// The prefix of a school's files in the served site: none when it is the only one.
fn prefix(options: &LiveOptions, id: &str) -> String {
    if options.schools.len() == 1 { String::new() } else { format!("{id}/") }
}

/// `findings` with the roster's, in file order.
fn with_roster_findings(roster: &[Finding], mut findings: Vec<Finding>) -> Vec<Finding> {
    findings.extend(roster.iter().cloned());
    findings.sort_by(|a, b| (&a.file, a.line, a.column, a.rule).cmp(&(&b.file, b.line, b.column, b.rule)));
    findings
}

/// Brings a school's templates up to date with an edit: the role functions if
/// school.yaml changed, every body whose source was parsed again, and every theme
/// template whose text changed. Errors are template syntax errors.
fn update_templates(live: &mut LiveSchool, old: &School, school: &School, before: &Theme, theme: &Theme) -> Vec<Finding> {
    let mut findings = Vec::new();
    // Role titles and the word for "and" come from school.yaml and the theme's words.
    if old.config_text != school.config_text || before.strings != theme.strings {
        live.templates.set_roles(school, &theme.strings);
    }
    let old_bodies: HashMap<String, &Arc<crate::project::source::Source>> = render::school_bodies(old, true).into_iter().collect();
    let new_bodies = render::school_bodies(school, true);
    let names: HashSet<&str> = new_bodies.iter().map(|(name, _)| name.as_str()).collect();
    for name in old_bodies.keys().filter(|name| !names.contains(name.as_str())) {
        live.templates.remove(name);
    }
    let changed: Vec<(String, &Arc<crate::project::source::Source>)> =
        new_bodies.into_iter().filter(|(name, source)| old_bodies.get(name).is_none_or(|old| !Arc::ptr_eq(old, source))).collect();
    findings.extend(live.templates.replace_bodies(changed).into_iter().map(Finding::from));
    if !std::ptr::eq(before, theme) {
        let old_texts: HashMap<&PathBuf, &String> = before.sources.iter().map(|(path, text)| (path, text)).collect();
        let folder = crate::project::layout::theme_templates(&theme.name);
        for (path, text) in &theme.sources {
            if old_texts.get(path) != Some(&text) {
                let name = path.strip_prefix(&folder).unwrap_or(path).to_string_lossy().replace('\\', "/");
                if let Err(err) = live.templates.replace_template(&name, text, path) {
                    findings.push(Finding::from(err));
                }
            }
        }
    }
    findings
}

/// Puts freshly rendered pages and media into a school's site, taking out the pages they
/// replace and the pages no longer published. Returns what was taken out.
fn swap_in(
    site: &mut RenderedSite,
    fresh: Vec<RenderedPage>,
    media: Vec<MediaFile>,
    affected: &Affected,
) -> (Vec<RenderedPage>, Vec<MediaFile>) {
    let (stash, kept): (Vec<RenderedPage>, Vec<RenderedPage>) =
        std::mem::take(&mut site.pages).into_iter().partition(|p| affected.render.contains(&p.file) || affected.removed.contains(&p.file));
    site.pages = kept;
    site.pages.extend(fresh);
    let stash_media = site.media.clone();
    let replaced: HashSet<PathBuf> = media.iter().map(|m| m.source.clone()).collect();
    site.media.retain(|m| !replaced.contains(&m.source));
    site.media.extend(media);
    (stash, stash_media)
}

/// Undoes [`swap_in`].
fn swap_back(site: &mut RenderedSite, candidate: Candidate) {
    site.pages.retain(|p| !candidate.affected.render.contains(&p.file));
    site.pages.extend(candidate.stash);
    site.media = candidate.stash_media;
}

/// The pages the page rules look at after an edit: those rendered, and those that link
/// to a page rendered or removed (a heading renamed or a page deleted breaks their links).
fn focus(site: &RenderedSite, affected: &Affected) -> HashSet<String> {
    let mut focus: HashSet<String> = affected.render.iter().cloned().collect();
    let touched: HashSet<&str> = affected.render.iter().chain(&affected.removed).map(String::as_str).collect();
    for page in &site.pages {
        let links_in = page.links.iter().any(|link| match &link.target {
            LinkTarget::Page { url, .. } => touched.contains(crate::project::layout::page_file(url).as_str()),
            _ => false,
        });
        if links_in {
            focus.insert(page.file.clone());
        }
    }
    focus
}

/// Drops media no page references any more.
fn prune_media(site: &mut RenderedSite, school: &School) {
    let school_dir = crate::project::layout::school_folder(&school.id);
    let referenced: HashSet<PathBuf> = site
        .pages
        .iter()
        .flat_map(|p| p.links.iter().map(|l| l.written.as_str()).chain(p.images.iter().map(|i| i.written.as_str())))
        .filter_map(|written| written.strip_prefix(crate::project::layout::MEDIA_REFERENCE))
        .flat_map(|reference| media::candidates(&school_dir, reference))
        .collect();
    site.media.retain(|m| referenced.contains(&m.source));
}

/// The PDF a page links to, to typeset when first opened.
fn on_demand(
    prefix: &str,
    printer: &Arc<Printer>,
    page: &RenderedPage,
    pictures: &Arc<crate::print::Pictures>,
) -> Option<(String, Arc<PrintOnDemand>)> {
    let document = page.pdf.clone()?;
    let path = format!("{prefix}{}", document.path);
    Some((path, Arc::new(PrintOnDemand::new(Arc::clone(printer), document, page.content().to_owned(), Arc::clone(pictures)))))
}

/// The schools' landing page, or what is wrong with its template: the preview shows it,
/// as the build would refuse it.
fn landing_page(good: &Good) -> String {
    let Some(theme) = good.themes.get(good.project.site_theme()) else { return String::new() };
    crate::render::project_index(&good.project, theme).unwrap_or_else(|err| {
        let escape = crate::text::escape::html;
        format!("<!doctype html><title>Template error</title><p>{}: {}</p>", escape(&err.file.display().to_string()), escape(&err.message))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::fixture::{Fixture, policy, today};

    fn start(fixture: &Fixture) -> Live {
        let options = LiveOptions { root: fixture.root().to_path_buf(), schools: vec!["alpha".to_owned()], roster: None, today: today() };
        let (live, first) = Live::start(options);
        assert!(first.accepted && !first.findings.iter().any(Finding::is_error), "{:?}", first.findings);
        live
    }

    fn served(update: &Update, file: &str) -> String {
        let (_, bytes) = update.put.iter().find(|(path, _)| path == file).unwrap_or_else(|| panic!("{file} was not served"));
        String::from_utf8_lossy(bytes).into_owned()
    }

    #[test]
    fn edits_made_while_an_edit_is_refused_are_served_together_once_all_is_good() {
        let fixture = Fixture::new();
        let mut live = start(&fixture);
        let alpha = PathBuf::from("content/policies/alpha.md");
        let beta = PathBuf::from("content/policies/beta.md");
        fixture.write("content/policies/alpha.md", policy("Alpha", "Call 07700 900123."));
        let refused = live.apply(std::slice::from_ref(&alpha));
        assert!(!refused.accepted && refused.put.is_empty());
        assert!(refused.findings.iter().any(|f| f.rule == "personal-phone"), "{:?}", refused.findings);

        fixture.write("content/policies/beta.md", policy("Beta", "## Rules\n\nBe kinder."));
        let still = live.apply(std::slice::from_ref(&beta));
        assert!(!still.accepted, "alpha is still broken, so nothing new is served");

        fixture.write("content/policies/alpha.md", policy("Alpha", "Call the office."));
        let good = live.apply(&[alpha]);
        assert!(good.accepted, "{:?}", good.findings);
        let rendered: Vec<&str> = good.rendered.iter().map(String::as_str).collect();
        assert_eq!(rendered, ["alpha/policies/alpha/index.html", "alpha/policies/beta/index.html"]);
        assert!(served(&good, "policies/beta/index.html").contains("Be kinder."));
        assert!(served(&good, "policies/alpha/index.html").contains("Call the office."));
    }

    #[test]
    fn a_renamed_heading_is_refused_for_the_links_of_pages_not_rendered_again() {
        // alpha links to /policies/beta/#rules; only beta is rendered, but alpha is checked.
        let fixture = Fixture::new();
        let mut live = start(&fixture);
        fixture.write("content/policies/beta.md", policy("Beta", "## Guidelines\n\nBe kind."));
        let refused = live.apply(&[PathBuf::from("content/policies/beta.md")]);
        assert!(!refused.accepted);
        let broken: Vec<&Finding> = refused.findings.iter().filter(|f| f.rule == "broken-link").collect();
        assert_eq!(broken.len(), 1, "{:?}", refused.findings);
        assert_eq!(broken[0].file, "content/policies/alpha.md");
    }

    #[test]
    fn a_deleted_page_is_no_longer_served() {
        let fixture = Fixture::new();
        let mut live = start(&fixture);
        std::fs::remove_file(fixture.root().join("content/pages/visits.md")).unwrap();
        let update = live.apply(&[PathBuf::from("content/pages/visits.md")]);
        assert!(update.accepted, "{:?}", update.findings);
        assert_eq!(update.delete, ["visits/index.html"]);
        assert!(!served(&update, "index.html").contains("Visits"), "the home page no longer lists it");
    }
}
