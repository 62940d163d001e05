//! `policypress agreements`: from a school (and its roster) to the PDFs on disk.
//!
//! In: [`PackOptions`] (project root, school, academic year, optional roster, class and
//! tier filters, paper, duplex, output folder). Out: one PDF per class with a roster (a
//! sign-off sheet, then one agreement per pupil in register order), or one blank PDF per
//! tier without one; or every problem found, as [`Finding`]s, split into what is wrong with
//! the command line ([`PackError::Usage`]) and what is wrong with the project or roster.
//! Nothing from the roster is ever put into a message: pupils whose year group has no tier
//! are named by roster row, once for each year group.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::build::output::{self, OutputFile, OutputKind};
use crate::build::{self, Loaded};
use crate::date::AcademicYear;
use crate::finding::{Finding, RowFindings};
use crate::print::{Agreement, Paper, PrintJob, PrintWords, PupilSheet};
use crate::progress::Progress;
use crate::project::config::PrintedNames;
use crate::project::roster::{Pupil, Roster, load_roster};
use crate::project::{LoadCache, Project, School, trust, year_group};
use crate::render;

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
    /// A language of the school's, or `both`; `None`: the school's choice.
    pub language: Option<String>,
}

/// The tier whose form goes home with every pupil, the child's name printed in.
const PARENTS_TIER: &str = "parents";

/// The languages the forms print in: `asked` (a language of the school's, or `both` for
/// its first two), else the school's `agreement_language:`, else its main language.
fn printed_languages(school: &School, asked: Option<&str>) -> Result<Vec<String>, Vec<Finding>> {
    let languages = school.config.languages();
    let chosen = asked.or(school.config.agreement_language.as_ref().map(|l| l.value.as_str()));
    let usage = |message: String, help: String| {
        vec![Finding::error(crate::finding::id::INVALID_ARGUMENT, Path::new("--language"), None).message(message).help(help)]
    };
    match chosen {
        None => Ok(vec![school.config.main_language().to_owned()]),
        Some(crate::project::BOTH_LANGUAGES) if languages.len() < 2 => Err(usage(
            format!("{} publishes in one language only ({}), so there is no second language to print", school.config.name, languages[0]),
            "list the school's languages in school.yaml (`languages: [cy, en-GB]`), or leave out `--language`".to_owned(),
        )),
        Some(crate::project::BOTH_LANGUAGES) => Ok(languages[..2].iter().map(|l| (*l).to_owned()).collect()),
        Some(code) => match languages.iter().find(|l| crate::language::same(l, code)) {
            Some(found) => Ok(vec![(*found).to_owned()]),
            None => Err(usage(
                format!("`{code}` is not one of {}'s languages", school.config.name),
                format!("give one of: {}, or `both`", languages.join(", ")),
            )),
        },
    }
}

/// Why no PDF was written.
#[derive(Debug)]
pub enum PackError {
    /// The command line asks for what is not there: a tier the school does not issue, a
    /// class no pupil is in, a tier no pupil asked for signs (exit code 2).
    Usage(Vec<Finding>),
    /// The project, roster, wording or print template has problems, or a file could not
    /// be written (exit code 1).
    Refused(Vec<Finding>),
}

impl From<Vec<Finding>> for PackError {
    fn from(findings: Vec<Finding>) -> PackError {
        PackError::Refused(findings)
    }
}

/// The PDFs written, and what was worth a warning on the way.
#[derive(Debug)]
pub struct Written {
    pub files: Vec<PathBuf>,
    pub warnings: Vec<Finding>,
}

/// Writes the PDFs and returns their paths. The warnings (a trust's roster rows that no
/// school of the project takes) come first in a refusal too: they may be why a class
/// asked for is not there.
pub fn write_packs(options: &PackOptions) -> Result<Written, PackError> {
    let mut warnings = Vec::new();
    let with_warnings = |warnings: Vec<Finding>, findings: Vec<Finding>| warnings.into_iter().chain(findings).collect();
    match make_packs(options, &mut warnings) {
        Ok(files) => Ok(Written { files, warnings }),
        Err(PackError::Usage(findings)) => Err(PackError::Usage(with_warnings(warnings, findings))),
        Err(PackError::Refused(findings)) => Err(PackError::Refused(with_warnings(warnings, findings))),
    }
}

/// [`write_packs`], its warnings kept in `warnings`.
fn make_packs(options: &PackOptions, warnings: &mut Vec<Finding>) -> Result<Vec<PathBuf>, PackError> {
    let year = AcademicYear::parse(&options.year).map_err(|message| {
        PackError::Usage(vec![
            Finding::error(crate::finding::id::INVALID_ARGUMENT, Path::new("--year"), None)
                .message(message)
                .help("the year the agreements are for, e.g. 2025-26"),
        ])
    })?;
    // The same load and render stages as a build, for this school alone: the wording
    // printed is the wording published.
    let Loaded { project, themes, printers } =
        build::load(&options.root, std::slice::from_ref(&options.school), &mut LoadCache::default())?;
    let index = school_index(&project, &options.school)?;
    let school = &project.schools[index];
    check_tiers(school, &options.tiers).map_err(PackError::Usage)?;
    let (mut ready, errors) = build::prepare_schools(&project, &themes);
    let templates = match ready.pop() {
        Some((_, templates)) if errors.is_empty() => templates,
        _ => return Err(errors.into()),
    };
    let languages = printed_languages(school, options.language.as_deref()).map_err(PackError::Usage)?;
    let strings = &themes[&school.theme].strings;
    let (mut agreements, mut pictures) = render::agreement_wording(&project, school, &templates, strings, &options.tiers, &languages[0])?;
    if let Some(second) = languages.get(1) {
        let (translations, more) = render::agreement_wording(&project, school, &templates, strings, &options.tiers, second)?;
        pictures.extend(more);
        for agreement in &mut agreements {
            // An agreement not yet translated is printed once, in the language it is written in.
            let Some(translation) = translations.iter().find(|t| t.tier == agreement.tier) else { continue };
            if crate::language::same(&translation.lang, &agreement.lang) {
                *agreement = translation.clone();
                continue;
            }
            agreement.second = Some(Box::new(translation.clone()));
            // Both languages on one sheet: a budget of its own, never a smaller font.
            if !agreement.pages_set {
                agreement.pages *= 2;
            }
        }
    }
    let roster = options.roster.as_deref().map(|path| load_roster(&options.root, path).map_err(|finding| vec![*finding])).transpose()?;
    // A trust's roster: this school's own rows only.
    let roster = match (roster, options.roster.as_deref()) {
        (Some(roster), Some(path)) => {
            let (own, warning) = trust::own_rows(&project, school, roster, path)?;
            warnings.extend(warning);
            Some(own)
        }
        _ => None,
    };
    if let Some(roster) = &roster {
        let unknown = unknown_classes(school, roster, &options.classes);
        if !unknown.is_empty() {
            return Err(PackError::Usage(unknown));
        }
    }
    let printer = &printers[&school.theme];
    // The agreements are dated the first of September of their year, whatever day they
    // are printed on, so a reprint in October gives the same bytes.
    let today = year.first_day();
    let base = PrintJob {
        school: school.config.name.clone(),
        academic_year: year,
        class: None,
        paper: options.paper,
        duplex: options.duplex,
        // The document's language: the agreements' own where they share one (an agreement
        // not yet translated is printed in the language it is written in).
        language: match agreements.first().map(|a| a.lang.clone()) {
            Some(lang) if agreements.iter().all(|a| a.lang == lang) => lang,
            _ => languages[0].clone(),
        },
        words: PrintWords::new(&languages.iter().map(|lang| strings.words(lang)).collect::<Vec<_>>().iter().collect::<Vec<_>>()),
        agreements: Vec::new(),
        pupils: Vec::new(),
    };

    let mut jobs: Vec<(String, PrintJob)> = Vec::new();
    // The tiers the pupils asked for sign, for a `--tier` that matches none of them.
    let mut signed: BTreeSet<String> = BTreeSet::new();
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
            // Each class gets a file of its own, even when two names make the same file
            // name ("3 K", "3/K"), and none takes a blank form's name ("staff").
            let mut taken: BTreeSet<String> = agreements
                .iter()
                .filter(|a| a.tier != PARENTS_TIER && !pupil_tiers.contains(&a.tier.as_str()))
                .map(|a| a.tier.clone())
                .collect();
            for (class, pupils) in classes(school, roster, options.roster.as_deref().unwrap_or(Path::new("roster")), &options.classes)? {
                signed.extend(pupils.iter().map(|p| p.tier.clone()));
                // Whether or not `--tier` asked for it, every family signs the parents' form.
                if school.config.agreements.iter().any(|t| t.value == PARENTS_TIER) {
                    signed.insert(PARENTS_TIER.to_owned());
                }
                let stem = unique_stem(&class, &mut taken);
                // `agreements` holds only the tiers asked for (`--tier`).
                let own: Vec<PupilSheet> = pupils.iter().filter(|p| agreements.iter().any(|a| a.tier == p.tier)).cloned().collect();
                if !own.is_empty() {
                    let mut used: Vec<Agreement> = agreements.iter().filter(|a| own.iter().any(|p| p.tier == a.tier)).cloned().collect();
                    used.sort_by(|a, b| a.tier.cmp(&b.tier));
                    let job = PrintJob { class: Some(class.clone()), agreements: used, pupils: own, ..base.clone() };
                    jobs.push((format!("{stem}.pdf"), job));
                }
                // The parents' form goes home with every child, the child's name printed in.
                if let Some(parents) = parents {
                    let pupils = pupils.into_iter().map(|p| PupilSheet { tier: PARENTS_TIER.to_owned(), ..p }).collect();
                    let job = PrintJob { class: Some(class.clone()), agreements: vec![parents.clone()], pupils, ..base.clone() };
                    jobs.push((format!("{stem}-parents.pdf"), job));
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

    let unmatched = unmatched_tiers(school, &options.tiers, &jobs, &signed, roster.as_ref().map(|_| options.classes.as_slice()));
    if !unmatched.is_empty() {
        return Err(PackError::Usage(unmatched));
    }

    let out = output_folder(options);
    // Every PDF is typeset (on every core) before any is written, so a template mistake
    // leaves the folder as it was rather than half refreshed.
    let typesetting = Progress::new(jobs.len(), "Typesetting");
    let typeset: Vec<Typeset> = crate::print::each_document(&jobs, |(name, job)| {
        let printed = printer.print_job(job, today, &pictures).map_err(|err| Box::new(print_finding(&options.root, job, err)))?;
        typesetting.inc();
        match job.agreements.iter().find_map(|agreement| agreement.over_budget(&printed.sheets)) {
            Some(over) => Err(Box::new(over)),
            None => Ok((name.clone(), printed.pdf)),
        }
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
        return Err(findings.into());
    }
    // The folder changes as a whole: the packs made now, and those of other classes or
    // tiers made before, swapped in at once, so an interrupted run leaves it as it was.
    let made: Vec<String> = pdfs.iter().map(|(name, _)| name.clone()).collect();
    let write = || -> std::io::Result<()> {
        let mut files: Vec<OutputFile> = output::current_files(&out, &[])?.into_iter().filter(|file| !made.contains(&file.path)).collect();
        files.extend(pdfs.into_iter().map(|(name, pdf)| OutputFile::made(name, pdf)));
        let count = files.len();
        output::replace_folder(
            &out,
            &output::workshop_for(&options.root, &out),
            OutputKind::Agreements,
            files,
            &Progress::new(count, "Writing"),
        )
    };
    write().map_err(|err| PackError::Refused(vec![write_finding(&out, &err)]))?;
    Ok(made.into_iter().map(|name| out.join(name)).collect())
}

/// Where the packs are written: `--out`, or `agreements/<school>/<year>/` in the project.
pub fn output_folder(options: &PackOptions) -> PathBuf {
    let out = options.out.clone().unwrap_or_else(|| Path::new("agreements").join(&options.school).join(&options.year));
    if out.is_absolute() { out } else { options.root.join(out) }
}

/// A typeset PDF and where it goes, or why it could not be made (boxed: a finding is
/// large, and most jobs succeed).
type Typeset = Result<(String, Vec<u8>), Box<Finding>>;

/// Where the school `id` is among the loaded ones.
pub(crate) fn school_index(project: &Project, id: &str) -> Result<usize, Vec<Finding>> {
    project.schools.iter().position(|s| s.id == id).ok_or_else(|| {
        vec![
            Finding::error(crate::finding::id::UNKNOWN_SCHOOL, Path::new(crate::project::layout::SCHOOLS), None)
                .message(format!("no school `{id}`")),
        ]
    })
}

/// Why a job could not be typeset, at the agreement's source and line where the page's
/// content is what cannot print (a letter no font has).
fn print_finding(root: &Path, job: &PrintJob, err: crate::print::PrintError) -> Finding {
    let crate::print::PrintError::Unprintable(unprintable) = &err else { return Finding::from(err) };
    let place = job.agreements.iter().find_map(|agreement| {
        let text = std::fs::read_to_string(root.join(&agreement.source)).ok()?;
        let at = unprintable.iter().find_map(|u| text.find(&u.look_for))?;
        Some((agreement.source.clone(), crate::finding::Span::at_offset(&text, at, 1)))
    });
    let (file, span) = match place {
        Some((file, span)) => (file, Some(span)),
        None => (job.agreements.first().map(|a| a.source.clone()).unwrap_or_default(), None),
    };
    Finding::error(crate::finding::id::PRINT_FAILED, &file, span)
        .message(crate::print::Unprintable::said(unprintable))
        .help("change what paper cannot show")
}

/// Refuses a `--tier` the school does not issue, naming those it does.
fn check_tiers(school: &School, only: &[String]) -> Result<(), Vec<Finding>> {
    let refused: Vec<Finding> = only
        .iter()
        .filter(|tier| !school.config.agreements.iter().any(|t| &t.value == *tier))
        .map(|tier| {
            Finding::error(crate::finding::id::UNKNOWN_TIER, &school.config_file, None)
                .message(format!("`{}` does not issue the tier `{tier}`", school.id))
                .help(format!("the tiers it issues are: {}", issued_tiers(school)))
        })
        .collect();
    if refused.is_empty() { Ok(()) } else { Err(refused) }
}

/// The tiers `school` issues, as a help line lists them: "eyfs, ks1, ks2, parents".
fn issued_tiers(school: &School) -> String {
    school.config.agreements.iter().map(|t| t.value.as_str()).collect::<Vec<_>>().join(", ")
}

/// A `--tier` the school issues but nothing would be printed for: no pupil on the roster
/// (in the `--class`es asked for) signs it, or it is a blank form and a class was asked
/// for. Printing nothing and saying nothing would leave the office waiting for sheets
/// that never come. `classes` is `None` without a roster.
fn unmatched_tiers(
    school: &School,
    only: &[String],
    jobs: &[(String, PrintJob)],
    signed: &BTreeSet<String>,
    classes: Option<&[String]>,
) -> Vec<Finding> {
    let printed = |tier: &str| jobs.iter().any(|(_, job)| job.agreements.iter().any(|a| a.tier == tier));
    only.iter()
        .filter(|tier| !printed(tier))
        .map(|tier| {
            let whom = match classes {
                Some([]) | None => "no pupil on the roster".to_owned(),
                Some(classes) => format!("no pupil in {}", classes.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")),
            };
            let signs = if signed.is_empty() {
                String::new()
            } else {
                format!("; the pupils asked for sign: {}", signed.iter().map(String::as_str).collect::<Vec<_>>().join(", "))
            };
            Finding::error(crate::finding::id::UNKNOWN_TIER, &school.config_file, None)
                .message(format!("`--tier {tier}` matches nothing: {whom} signs it, so there is nothing to print"))
                .help(format!("the tiers `{}` issues are: {}{signs}", school.id, issued_tiers(school)))
        })
        .collect()
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
                .map(|p| PupilSheet {
                    name: printed_name(p.pupil, school.config.printed_names),
                    class: class.clone(),
                    year: p.pupil.year.clone(),
                    tier: p.tier,
                })
                .collect();
            (class, sheets)
        })
        .collect())
}

/// A `--class` that no pupil of the roster is in, as an error naming the classes that
/// hold it (`Oak` for "2/3 Oak"), or else every class there is: printing nothing and
/// saying nothing would leave the office waiting for sheets that never come. With a
/// trust's roster, `roster` holds `school`'s own rows, and the message says so.
fn unknown_classes(school: &School, roster: &Roster, wanted: &[String]) -> Vec<Finding> {
    let whose = if roster.names_schools { format!("of `{}` in the roster", school.id) } else { "in the roster".to_owned() };
    let classes: std::collections::BTreeSet<&str> = roster.pupils.iter().map(|p| p.class.as_str()).collect();
    let fold = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    wanted
        .iter()
        .filter(|class| !classes.contains(class.as_str()))
        .map(|class| {
            let near: Vec<&str> = classes.iter().copied().filter(|known| fold(known).contains(&fold(class))).collect();
            let (listed, what) = if near.is_empty() {
                (classes.iter().copied().collect(), format!("the classes {whose} are"))
            } else {
                (near, "did you mean".to_owned())
            };
            Finding::error(crate::finding::id::INVALID_ARGUMENT, Path::new("--class"), None)
                .message(format!("no pupil {whose} is in the class `{class}`"))
                .help(format!("{what}: {}", listed.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")))
        })
        .collect()
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
    let mut unplaced = RowFindings::default();
    // A year group written two ways ("5", "Y5") is one problem, said as first written.
    let mut first_written: BTreeMap<String, &str> = BTreeMap::new();
    let mut by_class: BTreeMap<String, Vec<Enrolled<'a>>> = BTreeMap::new();
    for (index, pupil) in roster.pupils.iter().enumerate() {
        if !only_classes.is_empty() && !only_classes.contains(&pupil.class) {
            continue;
        }
        let Some(tier) = year_group::tier_for(&school.config.tiers, &pupil.year) else {
            let written = first_written.entry(year_group::key(&pupil.year)).or_insert(pupil.year.as_str());
            unplaced.add(pupil.line, no_tier(school, roster_file, written));
            continue;
        };
        by_class.entry(pupil.class.clone()).or_default().push(Enrolled { pupil, index, tier: tier.value.clone() });
    }
    let findings = unplaced.into_findings();
    if !findings.is_empty() {
        return Err(findings);
    }
    for pupils in by_class.values_mut() {
        // In the order of the names printed, whatever the roster's columns.
        pupils.sort_by_cached_key(|p| {
            let (forename, surname) = p.pupil.known_as.printed(school.config.printed_names == PrintedNames::Legal);
            (register_key(surname), register_key(forename), p.pupil.line)
        });
    }
    Ok(by_class)
}

/// Why a pupil whose year group is `year` has no tier, without saying which row (that is
/// added once for every row alike). The year group is quoted only where it looks like one:
/// in a row whose cells have slipped a column it could be a name.
fn no_tier(school: &School, roster_file: &Path, year: &str) -> Finding {
    let yaml = school.config_file.display();
    let mapped: Vec<&str> = school.config.tiers.keys().map(String::as_str).collect();
    let mapped = if mapped.is_empty() { "nothing yet".to_owned() } else { mapped.join(", ") };
    let (message, help) = if year.trim().is_empty() {
        (
            "the year group is blank".to_owned(),
            "fill in the year group in the roster, or export it again with the year group column".to_owned(),
        )
    } else {
        let said = if year_group::looks_like_one(year) { format!("year group `{}`", year.trim()) } else { "the year group".to_owned() };
        (
            format!("{said} is not under `tiers:` in {yaml}, so there is no agreement for it"),
            format!(
                "add it under `tiers:` with the tier its pupils sign (`Year 3: ks2`); `3`, `Y3`, `Yr 3` and `Year 3` are matched as one year group. {yaml} maps: {mapped}"
            ),
        )
    };
    // As every roster finding: the roster's rows are named, never quoted.
    Finding::error(crate::finding::id::NO_TIER_FOR_YEAR, roster_file, None).message(message).help(help)
}

/// The name printed on the sheet, as written: the preferred forename and surname where
/// the roster has them, or the legal ones where the school asks (`printed_names: legal`).
pub(crate) fn printed_name(pupil: &Pupil, names: PrintedNames) -> String {
    let (forename, surname) = pupil.known_as.printed(names == PrintedNames::Legal);
    // Where no column of that kind gave one, the first name of its kind.
    let forename = if forename.is_empty() { pupil.forenames.first().map_or("", String::as_str) } else { forename };
    let surname = if surname.is_empty() { pupil.surnames.first().map_or("", String::as_str) } else { surname };
    format!("{forename} {surname}").trim().to_owned()
}

/// Sorts as a register does: "Łukasiewicz" with the Ls, "Ødegaard" near "Odell",
/// "de Souza" with the Ds. Accents come off by decomposition; the few letters that do
/// not decompose (ł, ø, đ, ß, æ, œ, ı, þ) are spelled out.
fn register_key(name: &str) -> String {
    crate::names::comparison_key(name)
}

/// A file name for a class not yet `taken`, which it then takes: [`file_stem`], with
/// `-2`, `-3`... added where another class already has it.
fn unique_stem(class: &str, taken: &mut BTreeSet<String>) -> String {
    let base = file_stem(class);
    let mut stem = base.clone();
    let mut n = 2;
    while taken.contains(&stem) {
        stem = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(stem.clone());
    stem
}

/// A file name for a class: letters and digits kept, anything else a hyphen.
fn file_stem(class: &str) -> String {
    let stem: String = class.chars().map(|c| if c.is_alphanumeric() { c } else { '-' }).collect();
    let stem = stem.trim_matches('-').to_owned();
    if stem.is_empty() { "class".to_owned() } else { stem }
}

fn write_finding(path: &Path, err: &std::io::Error) -> Finding {
    Finding::error(crate::finding::id::WRITE_FAILED, path, None)
        .message(format!("could not write: {err}"))
        .help("check that the folder is writable")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn register_order_ignores_accents_and_case() {
        let mut names = ["Şahin", "Łukasiewicz", "adams", "Ødegaard", "Odell", "Zoë"].map(|n| n.to_owned());
        names.sort_by_cached_key(|n| register_key(n));
        assert_eq!(names, ["adams", "Łukasiewicz", "Ødegaard", "Odell", "Şahin", "Zoë"]);
    }

    /// Regression: classes "3 K", "3-K" and "3/K" were all written to `3-K.pdf`, each
    /// over the last, and two classes' packs were lost without a word.
    #[test]
    fn classes_whose_names_make_the_same_file_name_get_files_of_their_own() {
        let mut taken = BTreeSet::from(["staff".to_owned()]);
        let stems: Vec<String> = ["3 K", "3-K", "3/K", "Staff", "staff"].iter().map(|c| unique_stem(c, &mut taken)).collect();
        assert_eq!(stems, ["3-K", "3-K-2", "3-K-3", "Staff", "staff-2"]);
    }
}
