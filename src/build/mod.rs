//! Stage 4, write, and the pipeline every command runs: load ([`crate::project`]) →
//! render ([`crate::render`], print beside it) → guard ([`crate::guard`]) → write.
//!
//! In: [`BuildOptions`]. Out: a [`BuildOutcome`] with every finding, and the site on
//! disk if nothing was wrong. Guarantees: nothing is written unless every rule passed;
//! the output is replaced in one step ([`output`]), so a failed or killed build leaves the
//! previous site as it was. `serve` runs the same stage functions ([`load_themes`],
//! [`load_printers`], [`prepare_schools`], [`load_roster`], [`unplaced_rows`]) on a selection of pages.

pub(crate) mod output;
pub mod target;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use self::output::{Contents, OutputFile, OutputKind};
use crate::date::Date;
use crate::finding::{Finding, Severity};
use crate::print::Printer;
use crate::progress::Progress;
use crate::project::media;
use crate::project::roster::Roster;
use crate::project::{self, LoadCache, Project, School};
use crate::render::SchoolTemplates;
use crate::render::theme::{self, Theme};
use crate::{guard, print, render};

/// What `build` and `check` were asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub schools: Vec<String>,
    /// Where to write; `None` means check only.
    pub write: Option<Destination>,
    /// The pupil roster, as given; without one the name rules cannot run.
    pub roster: Option<PathBuf>,
    pub strict: bool,
    /// Refuse to go on without a roster (`--require-roster`): the site a CI publishes must
    /// have been checked for pupils' names, whatever else only warns.
    pub require_roster: bool,
    pub today: Date,
}

#[derive(Debug, Clone)]
pub enum Destination {
    /// `public/` (or `--out`) with one folder per school and an index.
    Folders(PathBuf),
    /// One school's site as the root of this folder.
    Root(PathBuf),
}

/// What happened, for the summary line and the exit code.
#[derive(Debug, Default)]
pub struct BuildOutcome {
    pub findings: Vec<Finding>,
    pub schools: usize,
    pub pages: usize,
    /// Media files published: images, and documents such as PDFs.
    pub media: usize,
    /// Of those, the images (raster or SVG).
    pub images: usize,
    /// Set if the site was written.
    pub written: Option<PathBuf>,
}

impl BuildOutcome {
    /// True if the build must be refused: any error, or any finding at all with `--strict`
    /// (which has already turned warnings into errors).
    pub fn refused(&self) -> bool {
        self.findings.iter().any(Finding::is_error)
    }
}

/// Loads, renders and checks the project, and writes it if nothing is wrong.
pub fn build(options: &BuildOptions) -> BuildOutcome {
    let mut outcome = BuildOutcome::default();
    let roster = load_roster(&options.root, options.roster.as_deref(), &mut outcome.findings);
    if options.require_roster {
        for finding in outcome.findings.iter_mut().filter(|f| f.rule == crate::finding::id::NO_ROSTER) {
            finding.severity = Severity::Error;
            finding.help = "--require-roster: give the roster with `--roster FILE` or POLICYPRESS_ROSTER (in CI, from a secret); \
                            the site is not published until the pupil-name rules have run"
                .to_owned();
        }
    }
    let Loaded { project, themes, printers } = match load(&options.root, &options.schools, &mut LoadCache::default()) {
        Ok(loaded) => loaded,
        Err(errors) => {
            // As the project failed to load, its problems are the news; the roster's wait.
            outcome.findings = errors;
            return outcome;
        }
    };
    outcome.findings.extend(unplaced_rows(&project, roster.as_ref(), options.roster.as_deref()));
    let (ready, errors) = prepare_schools(&project, &themes);
    outcome.findings.extend(errors);
    // Every school is rendered, then every school checked, so each stage has one bar.
    let rendering = Progress::new(project.schools.iter().map(|s| s.pages.len()).sum(), "Rendering");
    let mut sites = Vec::new();
    // Each school's findings, by school: one problem in a shared file is said once.
    let mut by_school: Vec<(&str, Vec<Finding>)> = Vec::new();
    for (school, templates) in ready {
        let (Some(theme), Some(printer)) = (themes.get(&school.theme), printers.get(&school.theme)) else { continue };
        match render::render_pages(&project, school, &templates, theme, printer, options.today, &|_| true, &rendering) {
            Ok(render::RenderedPages { mut pages, media }) => {
                // A PDF already published under its name is kept as it is, so only the
                // wording of the others waits to be typeset; `check` typesets nothing.
                let kept = match &options.write {
                    Some(destination) => keep_published(&mut pages, previous_site(&project.root, destination, school).as_deref()),
                    None => {
                        pages.iter_mut().for_each(|page| page.pdf = None);
                        Vec::new()
                    }
                };
                let files = render::site_files_but_search(&project, school, theme, &pages);
                let site = render::RenderedSite { pages, media, files };
                outcome.pages += site.pages.len();
                outcome.media += site.media.len();
                outcome.images += site.media.iter().filter(|m| m.is_image()).count();
                sites.push(SchoolSite { school, site, theme, printer, pdfs: kept });
            }
            Err(errors) => by_school.push((&school.id, errors.into_iter().map(Finding::from).collect())),
        }
    }
    rendering.finish();
    if project.schools.len() != 1 || matches!(options.write, Some(Destination::Folders(_))) {
        // The schools' landing page, tried now so that a fault in its template stops the build.
        // It is read as a page of the first school's site would be.
        if let (Some(theme), Some(school)) = (themes.get(project.site_theme()), project.schools.first())
            && let Some(printer) = printers.get(&school.theme)
        {
            match render::project_index(&project, theme) {
                Ok(html) => {
                    let page = render::landing_site(html);
                    let findings = guard::check_landing_page(&project.schools, &page, theme, printer, roster.as_ref(), options.today);
                    outcome.findings.extend(findings);
                }
                Err(err) => outcome.findings.push(err.into()),
            }
        }
    }
    if !project.site.policies.is_empty() {
        outcome.findings.extend(guard::model_reviews_overdue(&project.site, options.today));
    }
    let checking = Progress::new(sites.len() * guard::RULE_COUNT, "Checking");
    let writing = options.write.is_some();
    for SchoolSite { school, site, theme, printer, .. } in &mut sites {
        // The rules and, to write, the search index at once: the rules are uneven and the
        // index partly sequential, so together they keep every core busy.
        let (findings, search_index) = rayon::join(
            || {
                let build = guard::Build::new(school, site, theme, printer, roster.as_ref(), options.today, None);
                guard::check_school(&build, &checking)
            },
            || writing.then(|| render::search_index(&site.pages)),
        );
        by_school.push((&school.id, findings));
        site.files.extend(search_index.into_iter().flatten());
    }
    checking.finish();
    outcome.findings.extend(said_once(by_school));
    outcome.schools = project.schools.len();
    if options.strict {
        // A note is never a reason to refuse.
        for finding in outcome.findings.iter_mut().filter(|f| f.severity == Severity::Warning) {
            finding.severity = Severity::Error;
        }
    }
    if outcome.refused() {
        return outcome;
    }
    if let Some(destination) = &options.write {
        let documents = sites.iter().map(|s| s.site.pages.iter().filter(|p| p.pdf.is_some()).count()).sum();
        let typesetting = Progress::new(documents, "Typesetting");
        for SchoolSite { school, site, pdfs, .. } in &mut sites {
            let printer = &printers[&school.theme];
            match print_documents(printer, site, &typesetting) {
                Ok(printed) => {
                    // Read back before they are published, at the template that printed each.
                    let read_back: Vec<(&Path, &str, &[u8])> = site
                        .pages
                        .iter()
                        .filter_map(|page| page.pdf.as_ref())
                        .zip(&printed)
                        .filter_map(|(document, file)| match &file.contents {
                            Contents::Made(bytes) => {
                                Some((printer.template(document.layout).file.as_path(), file.path.as_str(), bytes.as_slice()))
                            }
                            _ => None,
                        })
                        .collect();
                    outcome.findings.extend(guard::check_printed(school, roster.as_ref(), printer, &read_back));
                    pdfs.extend(printed);
                }
                Err(findings) => outcome.findings.extend(findings),
            }
        }
        typesetting.finish();
        if outcome.refused() {
            return outcome;
        }
        let writing = Progress::new(0, "Writing");
        let written = write_sites(&project, &themes, sites, destination, &options.schools, &writing);
        writing.finish();
        match written {
            Ok(path) => outcome.written = Some(path),
            Err(err) => {
                let folder = match destination {
                    Destination::Folders(p) | Destination::Root(p) => p.clone(),
                };
                outcome.findings.push(
                    Finding::error(crate::finding::id::WRITE_FAILED, &folder, None)
                        .message(format!("could not write the site: {err}"))
                        .help("check that the folder is writable and the disk has space; the previous site is unchanged"),
                );
            }
        }
    }
    outcome
}

/// Stage 1 as every command runs it: the project, with the themes its schools use and
/// each theme's print back end.
pub(crate) struct Loaded {
    pub(crate) project: Project,
    pub(crate) themes: BTreeMap<String, Theme>,
    pub(crate) printers: BTreeMap<String, Printer>,
}

/// Loads the project (reusing what `cache` holds: `serve` keeps one between edits), every
/// theme its schools use and each theme's printer; or every problem found on the way.
pub(crate) fn load(root: &Path, schools: &[String], cache: &mut LoadCache) -> Result<Loaded, Vec<Finding>> {
    let project =
        project::load_project_cached(root, schools, cache).map_err(|errors| errors.into_iter().map(Finding::from).collect::<Vec<_>>())?;
    let (themes, mut findings) = load_themes(&project);
    let (printers, errors) = load_printers(&project, &themes);
    findings.extend(errors);
    if findings.iter().any(Finding::is_error) { Err(findings) } else { Ok(Loaded { project, themes, printers }) }
}

/// The themes the project's schools use, each loaded once, and what was wrong with any.
fn load_themes(project: &Project) -> (BTreeMap<String, Theme>, Vec<Finding>) {
    let mut themes = BTreeMap::new();
    let mut findings = Vec::new();
    // The schools' themes, and the site's for the schools' landing page.
    let mut names: Vec<&str> = project.schools.iter().map(|s| s.theme.as_str()).chain([project.site_theme()]).collect();
    names.sort_unstable();
    names.dedup();
    for name in names {
        match theme::load_theme(&project.root, name) {
            Ok(theme) => {
                themes.insert(name.to_owned(), theme);
            }
            Err(errors) => findings.extend(errors.into_iter().map(Finding::from)),
        }
    }
    (themes, findings)
}

/// Every school's templates, ready to render. The shared bodies are parsed once per
/// theme: the last school on a theme takes that parse, the others copy it.
pub(crate) fn prepare_schools<'p>(
    project: &'p Project,
    themes: &BTreeMap<String, Theme>,
) -> (Vec<(&'p School, SchoolTemplates)>, Vec<Finding>) {
    let mut findings = Vec::new();
    let mut prepared = BTreeMap::new();
    for (name, theme) in themes {
        let users: Vec<&School> = project.schools.iter().filter(|s| s.theme == *name).collect();
        match render::prepare_theme(theme, &users) {
            Ok(ready) => {
                prepared.insert(name.as_str(), ready);
            }
            Err(errors) => findings.extend(errors.into_iter().map(Finding::from)),
        }
    }
    let mut ready = Vec::new();
    for (i, school) in project.schools.iter().enumerate() {
        let theme_name = school.theme.as_str();
        let last = !project.schools[i + 1..].iter().any(|later| later.theme == theme_name);
        let Some(prepared) = (if last { prepared.remove(theme_name) } else { prepared.get(theme_name).cloned() }) else { continue };
        let Some(theme) = themes.get(theme_name) else { continue };
        match SchoolTemplates::new(prepared, school, &theme.strings) {
            Ok(templates) => ready.push((school, templates)),
            Err(errors) => findings.extend(errors.into_iter().map(Finding::from)),
        }
    }
    (ready, findings)
}

/// The print back end of each theme (fonts and templates), and what was wrong with any.
fn load_printers(project: &Project, themes: &BTreeMap<String, Theme>) -> (BTreeMap<String, Printer>, Vec<Finding>) {
    let mut printers = BTreeMap::new();
    let mut findings = Vec::new();
    for name in themes.keys() {
        match Printer::load(&project.root, name) {
            Ok(printer) => {
                printers.insert(name.clone(), printer);
            }
            Err(err) => findings.push(Finding::from(err)),
        }
    }
    (printers, findings)
}

/// The findings of every school, where a problem in a file several schools share that they
/// meet alike (a template error in a model policy, a name in a theme's script) is one
/// finding at that file, naming the schools, not one per school.
fn said_once(by_school: Vec<(&str, Vec<Finding>)>) -> Vec<Finding> {
    let mut merged: Vec<(Finding, Vec<&str>)> = Vec::new();
    // A finding is the same when all but its school is: rule, place and words.
    type Said = (&'static str, String, Option<u32>, Option<u32>, String);
    let mut seen: std::collections::HashMap<Said, usize> = std::collections::HashMap::new();
    for (school, findings) in by_school {
        for finding in findings {
            if crate::project::layout::is_one_schools(Path::new(&finding.file)) {
                merged.push((finding, vec![school]));
                continue;
            }
            let key = (finding.rule, finding.file.clone(), finding.line, finding.column, finding.message.clone());
            match seen.get(&key) {
                Some(&at) => merged[at].1.push(school),
                None => {
                    seen.insert(key, merged.len());
                    merged.push((finding, vec![school]));
                }
            }
        }
    }
    merged
        .into_iter()
        .map(|(finding, schools)| {
            if schools.len() < 2 {
                return finding;
            }
            let message = format!("{} (in the sites of {})", finding.message, schools.join(", "));
            finding.message(message)
        })
        .collect()
}

/// The roster, if one was given and it reads cleanly. Without one, a single warning says
/// the name rules did not run (an error with `--strict`, like every warning).
pub(crate) fn load_roster(root: &Path, path: Option<&Path>, findings: &mut Vec<Finding>) -> Option<Roster> {
    let Some(path) = path else {
        findings.push(
            Finding::warning(crate::finding::id::NO_ROSTER, Path::new(crate::project::layout::SCHOOLS), None)
                .message("no pupil roster was given, so the pupil-name rules did not run")
                .help("give the roster with `--roster FILE` or the POLICYPRESS_ROSTER environment variable"),
        );
        return None;
    };
    project::roster::load_roster(root, path).map_err(|finding| findings.push(*finding)).ok()
}

/// For a trust's roster, the one warning about rows that name no school of the project
/// (said once for the run, not once for each school), or why the schools' names clash.
/// Every row is looked for on every site all the same.
pub(crate) fn unplaced_rows(project: &Project, roster: Option<&Roster>, path: Option<&Path>) -> Vec<Finding> {
    let (Some(roster), Some(path)) = (roster, path) else { return Vec::new() };
    if !roster.names_schools {
        return Vec::new();
    }
    match project::trust::Trust::of_project(project) {
        Ok(trust) => project::trust::unplaced_rows(&trust, roster, &project.root, path).into_iter().collect(),
        Err(errors) => errors,
    }
}

/// Where `school`'s site was last written, if it was.
fn previous_site(root: &Path, destination: &Destination, school: &School) -> Option<PathBuf> {
    let folder = match destination {
        Destination::Root(folder) => folder.clone(),
        Destination::Folders(folder) => folder.join(&school.id),
    };
    let folder = if folder.is_absolute() { folder } else { root.join(folder) };
    folder.is_dir().then_some(folder)
}

/// One school's site on its way to being written.
struct SchoolSite<'a> {
    school: &'a School,
    site: render::RenderedSite,
    theme: &'a Theme,
    printer: &'a Printer,
    /// Its PDFs: those kept from the previous site, then those typeset.
    pdfs: Vec<OutputFile>,
}

/// The PDFs of these pages that the `previous` site already has, taken from the pages as
/// files to keep: a PDF's name is a hash of all it was made from, so the same name is
/// the same document.
fn keep_published(pages: &mut [render::RenderedPage], previous: Option<&Path>) -> Vec<OutputFile> {
    let Some(previous) = previous else { return Vec::new() };
    pages
        .par_iter_mut()
        .filter_map(|page| {
            let published = previous.join(&page.pdf.as_ref()?.path);
            let document = page.pdf.take_if(|_| published.is_file())?;
            Some(OutputFile { path: document.path, contents: Contents::Kept(published) })
        })
        .collect()
}

/// The PDFs of one school's site still to make, typeset on every core.
fn print_documents(printer: &Printer, site: &render::RenderedSite, progress: &Progress) -> Result<Vec<OutputFile>, Vec<Finding>> {
    let documents: Vec<&render::RenderedPage> = site.pages.iter().filter(|page| page.pdf.is_some()).collect();
    let pictures = site.pictures();
    // Boxed: a finding is large, and most documents succeed.
    let results: Vec<Result<OutputFile, Box<Finding>>> = print::each_document(&documents, |page| {
        let document = page.pdf.as_ref().expect("only pages with a PDF are printed");
        let printed = printer.print(document, page.content(), &pictures).map_err(|err| match (err, &page.source) {
            (print::PrintError::Unprintable(unprintable), Some(source)) => Box::new(render::unprintable_finding(source, &unprintable)),
            (err, _) => Box::new(Finding::from(err)),
        })?;
        if let print::PrintData::Agreement { job, .. } = &document.data
            && let Some(over) = job.agreements.iter().find_map(|agreement| agreement.over_budget(&printed.sheets))
        {
            return Err(Box::new(over));
        }
        progress.inc();
        Ok(OutputFile::made(document.path.clone(), printed.pdf))
    });
    let (files, findings): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
    if findings.is_empty() {
        Ok(files.into_iter().filter_map(Result::ok).collect())
    } else {
        Err(findings.into_iter().filter_map(Result::err).map(|finding| *finding).collect())
    }
}

/// The files of one school's site, relative to that site's root: its pages (minified, as
/// they were checked), media, other files and PDFs.
fn site_files(site: render::RenderedSite, pdfs: Vec<OutputFile>) -> Vec<OutputFile> {
    let mut files: Vec<OutputFile> = site.pages.into_iter().map(|p| OutputFile::made(p.file, p.html.into_bytes())).collect();
    let mut media: Vec<&media::MediaFile> = site.media.iter().collect();
    media.dedup_by(|a, b| a.published == b.published);
    files.extend(media.into_iter().map(|m| OutputFile::made(m.published.clone(), m.bytes.to_vec())));
    files.extend(site.files.into_iter().map(|(path, bytes)| OutputFile::made(path, bytes)));
    files.extend(pdfs);
    files
}

/// Writes the sites built into `destination` in one step. When only some schools were
/// built into the folder of all of them, the others' folders (and the schools' index) are
/// carried over as they are, so the whole output still changes at once.
fn write_sites(
    project: &Project,
    themes: &BTreeMap<String, Theme>,
    sites: Vec<SchoolSite<'_>>,
    destination: &Destination,
    only: &[String],
    progress: &Progress,
) -> std::io::Result<PathBuf> {
    let target = |path: &Path| if path.is_absolute() { path.to_path_buf() } else { project.root.join(path) };
    let (folder, files) = match destination {
        Destination::Root(folder) => {
            let SchoolSite { site, pdfs, .. } = sites.into_iter().next().ok_or_else(|| std::io::Error::other("no school to write"))?;
            (target(folder), site_files(site, pdfs))
        }
        Destination::Folders(folder) => {
            let folder = target(folder);
            // The schools' index lists every school the folder holds once this build is
            // in: those built now, and those carried over from the site there.
            let mut listed: Vec<(String, String)> = project.schools.iter().map(|s| (s.id.clone(), s.config.name.clone())).collect();
            let mut files = if only.is_empty() {
                Vec::new()
            } else {
                let rebuilt: Vec<&str> = sites.iter().map(|s| s.school.id.as_str()).collect();
                let mut carried = output::current_files(&folder, &rebuilt)?;
                carried.retain(|file| file.path != "index.html");
                for file in &carried {
                    if let Some(id) = file.path.strip_suffix("/index.html").filter(|id| !id.contains('/'))
                        && !listed.iter().any(|(known, _)| known == id)
                    {
                        listed.push((id.to_owned(), project::school_name(&project.root, id).unwrap_or_else(|| id.to_owned())));
                    }
                }
                carried
            };
            listed.sort();
            // Tried in the checks before anything was written, so it cannot fail here.
            let theme = themes.get(project.site_theme()).ok_or_else(|| std::io::Error::other("the site's theme did not load"))?;
            let index =
                render::schools_index(theme, project.site.name.as_deref(), &listed).map_err(|err| std::io::Error::other(err.message))?;
            files.push(OutputFile::made("index.html", render::minify::minify_page(index.as_bytes())));
            for SchoolSite { school, site, pdfs, .. } in sites {
                files.extend(
                    site_files(site, pdfs)
                        .into_iter()
                        .map(|f| OutputFile { path: format!("{}/{}", school.id, f.path), contents: f.contents }),
                );
            }
            (folder, files)
        }
    };
    progress.grow(files.len());
    output::replace_folder(&folder, &output::workshop_for(&project.root, &folder), OutputKind::Site, files, progress)?;
    Ok(folder)
}
