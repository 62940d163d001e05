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

use unicode_normalization::UnicodeNormalization;

use super::agreement::{Agreement, PolicyNote};
use super::job::{Paper, PrintJob, PupilSheet};
use super::wording::blocks_from_markdown;
use super::{FONTS, TEMPLATE, Typesetter};
use crate::config::Kind;
use crate::date::Date;
use crate::finding::{Finding, Span};
use crate::render::{context, theme};
use crate::roster::{Pupil, Roster};
use crate::site::{self, School};

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

/// The policy whose approval the footer cites: agreements put the online safety policy
/// into practice.
const GOVERNING_POLICY: &str = "online-safety";

/// Checks "2025-26": two consecutive years.
pub fn parse_academic_year(text: &str) -> Result<(i32, String), String> {
    let bad = || format!("`{text}` is not an academic year: write it as 2025-26");
    let (first, second) = text.split_once('-').ok_or_else(bad)?;
    let start: i32 = first.parse().ok().filter(|_| first.len() == 4).ok_or_else(bad)?;
    let end: i32 = second.parse().ok().filter(|_| second.len() == 2).ok_or_else(bad)?;
    if (start + 1) % 100 != end {
        return Err(bad());
    }
    Ok((start, text.to_owned()))
}

/// Writes the PDFs and returns their paths.
pub fn write_packs(options: &PackOptions) -> Result<Vec<PathBuf>, Vec<Finding>> {
    let (start_year, year) = parse_academic_year(&options.year).map_err(|message| {
        vec![
            Finding::error("invalid-argument", Path::new("--year"), None)
                .message(message)
                .help("the year the agreements are for, e.g. 2025-26"),
        ]
    })?;
    let (project, index) = load_school(&options.root, &options.school)?;
    let school = &project.schools[index];
    let agreements = school_agreements(&project, school, &options.tiers)?;
    let roster = options.roster.as_deref().map(load_roster).transpose()?;

    let theme_folder = theme_folder(&options.root, &school.theme);
    let typesetter = Typesetter::load(&theme_folder.join(FONTS)).map_err(|err| vec![print_finding(&err.to_string(), &theme_folder)])?;
    let template = super::read_template(&theme_folder).map_err(|err| vec![print_finding(&err.to_string(), &theme_folder)])?;
    let template_file = theme_folder.join(TEMPLATE);
    // The agreements are dated the first of September of their year, whatever day they
    // are printed on, so a reprint in October gives the same bytes.
    let today = Date { year: start_year, month: 9, day: Some(1) };
    let base = PrintJob {
        school: school.config.name.clone(),
        academic_year: year.clone(),
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
            for (class, pupils) in classes(school, roster, options, options.roster.as_deref().unwrap_or(Path::new("roster")))? {
                let mut used: Vec<Agreement> = agreements.iter().filter(|a| pupils.iter().any(|p| p.tier == a.tier)).cloned().collect();
                used.sort_by(|a, b| a.tier.cmp(&b.tier));
                let job = PrintJob { class: Some(class.clone()), agreements: used, pupils, ..base.clone() };
                jobs.push((format!("{}.pdf", file_stem(&class)), job));
            }
        }
    }

    let out = options.out.clone().unwrap_or_else(|| Path::new("agreements").join(&school.id).join(&year));
    let out = if out.is_absolute() { out } else { options.root.join(out) };
    std::fs::create_dir_all(&out).map_err(|err| vec![write_finding(&out, &err)])?;
    let mut written = Vec::new();
    let mut findings = Vec::new();
    for (name, job) in &jobs {
        match super::print_pdf(job, &typesetter, &template, &template_file, today) {
            Ok(pdf) => {
                let path = out.join(name);
                match std::fs::write(&path, pdf) {
                    Ok(()) => written.push(path),
                    Err(err) => findings.push(write_finding(&path, &err)),
                }
            }
            Err(err) => findings.push(print_finding(&err.to_string(), &template_file)),
        }
    }
    if findings.is_empty() { Ok(written) } else { Err(findings) }
}

/// The project with one school loaded, and that school's index in it.
pub(crate) fn load_school(root: &Path, id: &str) -> Result<(site::Project, usize), Vec<Finding>> {
    let project = site::load_project(root, &[id.to_owned()]).map_err(|errors| errors.into_iter().map(Finding::from).collect::<Vec<_>>())?;
    match project.schools.iter().position(|s| s.id == id) {
        Some(index) => Ok((project, index)),
        None => Err(vec![Finding::error("unknown-school", Path::new("schools"), None).message(format!("no school `{id}`"))]),
    }
}

/// The roster, or a finding that names the line of its first problem.
pub(crate) fn load_roster(path: &Path) -> Result<Roster, Vec<Finding>> {
    Roster::load(path).map_err(|err| {
        // The line goes in the message, not the span: the human printer quotes the line
        // a span points at, and a roster line is a pupil's name.
        let line = err.line.map_or_else(String::new, |line| format!("line {line}: "));
        vec![
            Finding::error("invalid-roster", path, None)
                .message(format!("{line}{}", err.message))
                .help("fix the row, or export the roster again"),
        ]
    })
}

/// The theme's folder, or the default theme's when the school's theme has no template
/// (a theme that only restyles the website still gets printed agreements).
fn theme_folder(root: &Path, theme: &str) -> PathBuf {
    let own = root.join("themes").join(theme);
    if own.join(TEMPLATE).is_file() { own } else { root.join("themes").join("default") }
}

/// The agreements the school issues (narrowed to `only`), their bodies rendered through
/// Tera with the school's context, then reduced to plain blocks.
fn school_agreements(project: &site::Project, school: &School, only: &[String]) -> Result<Vec<Agreement>, Vec<Finding>> {
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
    let policy = school.config.policies.get(GOVERNING_POLICY).map(|review| {
        let title = school
            .pages
            .iter()
            .find(|p| p.source.kind() == Kind::Policy && p.source.slug == GOVERNING_POLICY)
            .map_or_else(|| "Online safety policy".to_owned(), |p| p.source.front.title.clone());
        let approval = review.approved_on.map_or_else(|| "approval pending".to_owned(), |date| format!("approved {date}"));
        PolicyNote { title, approval }
    });
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

/// Pupil sheets by class, each class in register order, narrowed by `--class` and
/// `--tier`.
fn classes(
    school: &School,
    roster: &Roster,
    options: &PackOptions,
    roster_file: &Path,
) -> Result<BTreeMap<String, Vec<PupilSheet>>, Vec<Finding>> {
    Ok(registers(school, roster, &options.classes, roster_file)?
        .into_iter()
        .filter_map(|(class, pupils)| {
            let sheets: Vec<PupilSheet> = pupils
                .into_iter()
                .filter(|p| options.tiers.is_empty() || options.tiers.contains(&p.tier))
                .map(|p| PupilSheet { name: printed_name(p.pupil), class: class.clone(), year: p.pupil.year.clone(), tier: p.tier })
                .collect();
            (!sheets.is_empty()).then_some((class, sheets))
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
    let mut key = String::new();
    for c in name.map_or("", String::as_str).nfd().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()) {
        match c {
            'ł' => key.push('l'),
            'ø' => key.push('o'),
            'đ' | 'ð' => key.push('d'),
            'ı' => key.push('i'),
            'ß' => key.push_str("ss"),
            'æ' => key.push_str("ae"),
            'œ' => key.push_str("oe"),
            'þ' => key.push_str("th"),
            c => key.push(c),
        }
    }
    key
}

/// A file name for a class: letters and digits kept, anything else a hyphen.
fn file_stem(class: &str) -> String {
    let stem: String = class.chars().map(|c| if c.is_alphanumeric() { c } else { '-' }).collect();
    let stem = stem.trim_matches('-').to_owned();
    if stem.is_empty() { "class".to_owned() } else { stem }
}

fn print_finding(message: &str, file: &Path) -> Finding {
    Finding::error("print-failed", file, None)
        .message(message.to_owned())
        .help("check the theme's agreements/agreement.typ and fonts/ folder")
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

    #[test]
    fn academic_years_are_two_consecutive_years() {
        assert_eq!(parse_academic_year("2025-26").map(|y| y.0), Ok(2025));
        assert_eq!(parse_academic_year("2099-00").map(|y| y.0), Ok(2099));
        for bad in ["2025", "2025-27", "25-26", "2025-2026", "x-y"] {
            assert!(parse_academic_year(bad).is_err(), "{bad}");
        }
    }
}
