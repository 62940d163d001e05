//! `policypress agreements`: from a school (and its roster) to the PDFs on disk.
//!
//! In: [`PackOptions`] (project root, school, academic year, optional roster, class and
//! tier filters, paper, duplex, output folder). Out: one PDF per class with a roster (a
//! sign-off sheet, then one agreement per pupil in register order), or one blank PDF per
//! tier without one; or every problem found, as [`Finding`]s. Nothing from the roster is
//! ever put into a message: a pupil whose year group has no tier is named by roster line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::date::AcademicYear;
use crate::finding::{Finding, Span};
use crate::print::agreement::{Agreement, PolicyNote};
use crate::print::blocks_from_markdown;
use crate::print::job::{Paper, PrintJob, PupilSheet};
use crate::print::{self, AGREEMENT_TEMPLATE, FONTS, PrintError, Template, Typesetter};
use crate::progress::Progress;
use crate::project::config::Kind;
use crate::project::roster::{Pupil, Roster, load_roster};
use crate::project::{self, School};
use crate::render::{context, theme};

/// What `policypress agreements` was asked for.
#[derive(Debug, Clone)]
pub struct PackOptions {
    pub root: PathBuf,
    pub school: String,
    /// "2025-26".
    pub year: String,
    pub roster: Option<PathBuf>,
    /// Only these classes (all if empty).
    pub classes: Vec<String>,
    /// Only these tiers (all the school issues if empty).
    pub tiers: Vec<String>,
    /// Default: `agreements/<school>/<year>/` under the project.
    pub out: Option<PathBuf>,
    pub paper: Paper,
    pub duplex: bool,
}

/// The tier whose form goes home with every pupil, the child's name printed in.
const PARENTS_TIER: &str = "parents";

/// Writes the PDFs and returns their paths.
pub fn write_packs(options: &PackOptions) -> Result<Vec<PathBuf>, Vec<Finding>> {
    let year = AcademicYear::parse(&options.year).map_err(|message| {
        vec![
            Finding::error("invalid-argument", Path::new("--year"), None)
                .message(message)
                .help("the year the agreements are for, e.g. 2025-26"),
        ]
    })?;
    let (project, index) = load_school(&options.root, &options.school)?;
    let school = &project.schools[index];
    let agreements = school_agreements(&project, school, &options.tiers)?;
    let roster = options.roster.as_deref().map(|path| load_roster(&options.root, path).map_err(|finding| vec![*finding])).transpose()?;

    let fonts = print::theme_folder(&options.root, &school.theme, FONTS, &options.root).join(FONTS);
    let typesetter = Typesetter::load(&fonts).map_err(|err| vec![Finding::from(PrintError::from(err))])?;
    let template = Template::load(&options.root, &school.theme, AGREEMENT_TEMPLATE).map_err(|err| vec![Finding::from(err)])?;
    // The agreements are dated the first of September of their year, whatever day they
    // are printed on, so a reprint in October gives the same bytes.
    let today = year.first_day();
    let base = PrintJob {
        school: school.config.name.clone(),
        academic_year: year,
        class: None,
        paper: options.paper,
        duplex: options.duplex,
        language: school.config.language.clone(),
        agreements: Vec::new(),
        pupils: Vec::new(),
    };

    let mut jobs: Vec<(String, PrintJob)> = Vec::new();
    match &roster {
        None => {
            for agreement in &agreements {
                let job = PrintJob { agreements: vec![agreement.clone()], ..base.clone() };
                jobs.push((format!("{}.pdf", agreement.tier), job));
            }
        }
        Some(roster) => {
            let pupil_tiers: Vec<&str> = school.config.tiers.values().map(|t| t.value.as_str()).collect();
            let parents = agreements.iter().find(|a| a.tier == PARENTS_TIER);
            for (class, pupils) in classes(school, roster, options.roster.as_deref().unwrap_or(Path::new("roster")), &options.classes)? {
                // `agreements` holds only the tiers asked for (`--tier`).
                let own: Vec<PupilSheet> = pupils.iter().filter(|p| agreements.iter().any(|a| a.tier == p.tier)).cloned().collect();
                if !own.is_empty() {
                    let mut used: Vec<Agreement> = agreements.iter().filter(|a| own.iter().any(|p| p.tier == a.tier)).cloned().collect();
                    used.sort_by(|a, b| a.tier.cmp(&b.tier));
                    let job = PrintJob { class: Some(class.clone()), agreements: used, pupils: own, ..base.clone() };
                    jobs.push((format!("{}.pdf", file_stem(&class)), job));
                }
                // The parents' form goes home with every child, the child's name printed in.
                if let Some(parents) = parents {
                    let pupils = pupils.into_iter().map(|p| PupilSheet { tier: PARENTS_TIER.to_owned(), ..p }).collect();
                    let job = PrintJob { class: Some(class.clone()), agreements: vec![parents.clone()], pupils, ..base.clone() };
                    jobs.push((format!("{}-parents.pdf", file_stem(&class)), job));
                }
            }
            // Staff and visitors' forms belong to no class: blank, unless a class was asked for.
            if options.classes.is_empty() {
                for agreement in agreements.iter().filter(|a| a.tier != PARENTS_TIER && !pupil_tiers.contains(&a.tier.as_str())) {
                    let job = PrintJob { agreements: vec![agreement.clone()], ..base.clone() };
                    jobs.push((format!("{}.pdf", agreement.tier), job));
                }
            }
        }
    }

    let out = options.out.clone().unwrap_or_else(|| Path::new("agreements").join(&school.id).join(year.to_string()));
    let out = if out.is_absolute() { out } else { options.root.join(out) };
    std::fs::create_dir_all(&out).map_err(|err| vec![write_finding(&out, &err)])?;
    // Every PDF is typeset (on every core) before any is written, so a template mistake
    // leaves the folder as it was rather than half refreshed.
    let typesetting = Progress::new(jobs.len(), "Typesetting");
    let typeset: Vec<Typeset> = crate::print::each_document(&jobs, |(name, job)| {
        let pdf = print::print_pdf(job, &typesetter, &template, today);
        typesetting.inc();
        pdf.map(|pdf| (out.join(name), pdf)).map_err(|err| Box::new(Finding::from(err)))
    });
    typesetting.finish();
    let mut pdfs = Vec::new();
    let mut findings = Vec::new();
    for result in typeset {
        match result {
            Ok(pdf) => pdfs.push(pdf),
            Err(finding) => findings.push(*finding),
        }
    }
    if !findings.is_empty() {
        return Err(findings);
    }
    let mut written = Vec::new();
    for (path, pdf) in pdfs {
        match crate::text::atomic::write_file(&path, &pdf) {
            Ok(()) => written.push(path),
            Err(err) => findings.push(write_finding(&path, &err)),
        }
    }
    if findings.is_empty() { Ok(written) } else { Err(findings) }
}

/// A typeset PDF and where it goes, or why it could not be made (boxed: a finding is
/// large, and most jobs succeed).
type Typeset = Result<(PathBuf, Vec<u8>), Box<Finding>>;

/// The project with one school loaded, and that school's index in it.
pub(crate) fn load_school(root: &Path, id: &str) -> Result<(project::Project, usize), Vec<Finding>> {
    let project =
        project::load_project(root, &[id.to_owned()]).map_err(|errors| errors.into_iter().map(Finding::from).collect::<Vec<_>>())?;
    match project.schools.iter().position(|s| s.id == id) {
        Some(index) => Ok((project, index)),
        None => Err(vec![
            Finding::error("unknown-school", Path::new(crate::project::layout::SCHOOLS), None).message(format!("no school `{id}`")),
        ]),
    }
}

/// The agreements the school issues (narrowed to `only`), their bodies rendered through
/// Tera with the school's context, then reduced to plain blocks.
fn school_agreements(project: &project::Project, school: &School, only: &[String]) -> Result<Vec<Agreement>, Vec<Finding>> {
    for tier in only {
        if !school.config.agreements.iter().any(|t| &t.value == tier) {
            let issued: Vec<&str> = school.config.agreements.iter().map(|t| t.value.as_str()).collect();
            return Err(vec![
                Finding::error("unknown-tier", &school.config_file, None)
                    .message(format!("`{}` does not issue the tier `{tier}`", school.id))
                    .help(format!("the tiers it issues are: {}", issued.join(", "))),
            ]);
        }
    }
    let mut tera = tera::Tera::default();
    context::register_functions(&mut tera, &Arc::new(school.roles.clone()));
    let base = context::school_context(school, project.site.name.as_deref());
    let policy = PolicyNote::for_school(school);
    let mut agreements = Vec::new();
    let mut findings = Vec::new();
    for issued in &school.config.agreements {
        let tier = &issued.value;
        if !only.is_empty() && !only.contains(tier) {
            continue;
        }
        let page = school
            .pages
            .iter()
            .find(|p| p.source.kind() == Kind::Agreement && p.source.front.tier.as_ref().is_some_and(|t| &t.value == tier));
        let Some(page) = page else { continue };
        let source = &page.source;
        let body = match tera.add_raw_template(&source.rel, &source.body).and_then(|()| tera.render(&source.rel, &base)) {
            Ok(body) => body,
            Err(err) => {
                let (span, message) = theme::parse_error_position(&err, &source.body);
                let span = span.map(|s| Span { line: s.line + source.body_line - 1, column: s.column });
                let detail = if message.is_empty() { theme::error_chain(&err) } else { message };
                findings.push(Finding::error("template-error", &source.file, span).message(detail));
                continue;
            }
        };
        agreements.push(Agreement {
            tier: tier.clone(),
            title: source.front.title.clone(),
            blocks: blocks_from_markdown(&body),
            signatures: source.front.signatures.clone(),
            policy: policy.clone(),
        });
    }
    if findings.is_empty() { Ok(agreements) } else { Err(findings) }
}

/// Pupils by class, each class in register order (surname, then forename, ignoring
/// case and accents), narrowed to the classes in `only` (all if empty).
fn classes(
    school: &School,
    roster: &Roster,
    roster_file: &Path,
    only: &[String],
) -> Result<BTreeMap<String, Vec<PupilSheet>>, Vec<Finding>> {
    Ok(registers(school, roster, only, roster_file)?
        .into_iter()
        .map(|(class, pupils)| {
            let sheets = pupils
                .into_iter()
                .map(|p| PupilSheet { name: printed_name(p.pupil), class: class.clone(), year: p.pupil.year.clone(), tier: p.tier })
                .collect();
            (class, sheets)
        })
        .collect())
}

/// A pupil on a class register, with the agreement tier of their year group.
#[derive(Debug, Clone)]
pub(crate) struct Enrolled<'a> {
    pub(crate) pupil: &'a Pupil,
    /// The pupil's index in the roster.
    pub(crate) index: usize,
    pub(crate) tier: String,
}

/// Pupils by class (only `only_classes`, if any), each class in register order: surname,
/// then forename, ignoring case and accents. A pupil whose year group maps to no tier is
/// a finding naming their roster line.
pub(crate) fn registers<'a>(
    school: &School,
    roster: &'a Roster,
    only_classes: &[String],
    roster_file: &Path,
) -> Result<BTreeMap<String, Vec<Enrolled<'a>>>, Vec<Finding>> {
    let mut findings = Vec::new();
    let mut by_class: BTreeMap<String, Vec<Enrolled<'a>>> = BTreeMap::new();
    for (index, pupil) in roster.pupils.iter().enumerate() {
        if !only_classes.is_empty() && !only_classes.contains(&pupil.class) {
            continue;
        }
        let Some(tier) = school.config.tiers.get(&pupil.year) else {
            findings.push(
                // As above: the roster line is named, never quoted.
                Finding::error("no-tier-for-year", roster_file, None)
                    .message(format!("line {}: year group `{}` has no agreement tier", pupil.line, pupil.year))
                    .help(format!("map it to a tier under `tiers:` in {}", school.config_file.display())),
            );
            continue;
        };
        by_class.entry(pupil.class.clone()).or_default().push(Enrolled { pupil, index, tier: tier.value.clone() });
    }
    if !findings.is_empty() {
        return Err(findings);
    }
    for pupils in by_class.values_mut() {
        pupils.sort_by_cached_key(|p| (register_key(p.pupil.surnames.first()), register_key(p.pupil.forenames.first()), p.pupil.line));
    }
    Ok(by_class)
}

/// The name printed on the sheet: the first forename and surname the roster gives, as
/// written.
pub(crate) fn printed_name(pupil: &Pupil) -> String {
    let forename = pupil.forenames.first().map_or("", String::as_str);
    let surname = pupil.surnames.first().map_or("", String::as_str);
    format!("{forename} {surname}").trim().to_owned()
}

/// Sorts as a register does: "Łukasiewicz" with the Ls, "Ødegaard" near "Odell",
/// "de Souza" with the Ds. Accents come off by decomposition; the few letters that do
/// not decompose (ł, ø, đ, ß, æ, œ, ı, þ) are spelled out.
fn register_key(name: Option<&String>) -> String {
    crate::names::comparison_key(name.map_or("", String::as_str))
}

/// A file name for a class: letters and digits kept, anything else a hyphen.
fn file_stem(class: &str) -> String {
    let stem: String = class.chars().map(|c| if c.is_alphanumeric() { c } else { '-' }).collect();
    let stem = stem.trim_matches('-').to_owned();
    if stem.is_empty() { "class".to_owned() } else { stem }
}

fn write_finding(path: &Path, err: &std::io::Error) -> Finding {
    Finding::error("write-failed", path, None).message(format!("could not write: {err}")).help("check that the folder is writable")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn register_order_ignores_accents_and_case() {
        let mut names = ["Şahin", "Łukasiewicz", "adams", "Ødegaard", "Odell", "Zoë"].map(|n| n.to_owned());
        names.sort_by_cached_key(|n| register_key(Some(n)));
        assert_eq!(names, ["adams", "Łukasiewicz", "Ødegaard", "Odell", "Şahin", "Zoë"]);
    }
}
