//! `policypress agreements status`: who has signed and returned their agreement.
//!
//! In: [`StatusOptions`] (project root, school, academic year, the roster, one or more
//! returned-forms CSVs, class and tier filters). Out: a [`Status`], per class in register
//! order, one [`Form`] for every form a pupil owes (their own tier's agreement, from their
//! year group, and the parents' one where the school issues it), each marked returned or
//! not; with warnings, as [`Finding`]s. Or, when a row names nobody in the roster, names two
//! pupils, or names a form the school does not issue, every such problem, and no report:
//! a report that silently dropped a row would tell the office a returned form is missing.
//!
//! Guarantees: both files are only read. No message quotes a name: a row is named by its
//! file and line, as the roster's rows are. Names are matched as people type them: any
//! case, accents or apostrophes, hyphen or space, "Surname, Forename" or "Surname
//! Forename", and any legal or preferred name the roster holds.

pub mod report;
pub(crate) mod returned;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::pack::{self, Enrolled};
use crate::date::{AcademicYear, Date};
use crate::finding::Finding;
use crate::names::comparison_words;
use crate::project::config::Kind;
use crate::project::config::PrintedNames;
use crate::project::roster::{Pupil, load_roster};
use crate::project::{self, School, trust};
use returned::{Cell, Returned, ReturnedRow, WrittenName};

/// What `policypress agreements status` was asked for.
#[derive(Debug, Clone)]
pub struct StatusOptions {
    pub root: PathBuf,
    pub school: String,
    /// "2025-26".
    pub year: String,
    pub roster: PathBuf,
    pub returned: Vec<PathBuf>,
    /// Only these classes (all if empty).
    pub classes: Vec<String>,
    /// Only these tiers' forms (all if empty).
    pub tiers: Vec<String>,
}

/// Why there is no report.
#[derive(Debug)]
pub enum StatusError {
    /// The command line is wrong (a year, class or tier that does not exist): exit 2.
    Usage(String),
    /// The project, roster or returned forms have problems: exit 1. Warnings ride along.
    Refused(Vec<Finding>),
}

/// The report, with what was worth a warning on the way.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub status: Status,
    pub warnings: Vec<Finding>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The tiers the school issues, in its order (the order forms are listed in).
    pub(crate) tiers: Vec<Tier>,
    /// Classes in name order.
    pub(crate) classes: Vec<ClassStatus>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tier {
    pub(crate) id: String,
    /// The agreement's title ("Key Stage 2 agreement"); the id where there is no page.
    pub(crate) title: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ClassStatus {
    pub(crate) class: String,
    /// Pupils in register order, each pupil's forms in the school's tier order.
    pub(crate) forms: Vec<Form>,
}

/// One form one pupil owes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Form {
    /// The pupil's index in the roster: two pupils may share a name.
    pub(crate) pupil: usize,
    /// As printed on their agreement.
    pub(crate) name: String,
    pub(crate) year: String,
    pub(crate) tier: String,
    pub(crate) returned: bool,
    pub(crate) date: Option<Date>,
}

/// How many of one tier's forms a class owes and has returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TierCount<'a> {
    pub(crate) tier: &'a Tier,
    pub(crate) expected: usize,
    pub(crate) returned: usize,
}

impl ClassStatus {
    pub(crate) fn expected(&self) -> usize {
        self.forms.len()
    }

    pub(crate) fn returned(&self) -> usize {
        self.forms.iter().filter(|f| f.returned).count()
    }

    /// Per tier, in `tiers` order, those the class owes at all.
    pub(crate) fn counts<'a>(&self, tiers: &'a [Tier]) -> Vec<TierCount<'a>> {
        tiers
            .iter()
            .map(|tier| {
                let forms = self.forms.iter().filter(|f| f.tier == tier.id);
                TierCount { tier, expected: forms.clone().count(), returned: forms.filter(|f| f.returned).count() }
            })
            .filter(|count| count.expected > 0)
            .collect()
    }

    /// Pupils with a form still out, in register order, each with the tiers missing.
    pub(crate) fn missing(&self) -> Vec<(&str, Vec<&str>)> {
        let mut missing: Vec<(usize, &str, Vec<&str>)> = Vec::new();
        for form in self.forms.iter().filter(|f| !f.returned) {
            match missing.last_mut() {
                Some((pupil, _, tiers)) if *pupil == form.pupil => tiers.push(&form.tier),
                _ => missing.push((form.pupil, &form.name, vec![&form.tier])),
            }
        }
        missing.into_iter().map(|(_, name, tiers)| (name, tiers)).collect()
    }
}

/// The tier every family signs for, whatever the child's age.
const PARENTS: &str = "parents";

/// Reads the roster and the returned forms and tallies them.
pub fn status(options: &StatusOptions) -> Result<Outcome, StatusError> {
    let year = AcademicYear::parse(&options.year).map_err(|m| StatusError::Usage(format!("--year: {m}")))?;
    let project = project::load(&options.root, std::slice::from_ref(&options.school)).map_err(StatusError::Refused)?;
    let index = pack::school_index(&project, &options.school).map_err(StatusError::Refused)?;
    let school = &project.schools[index];
    let tiers = issued_tiers(school);
    for tier in &options.tiers {
        if !tiers.iter().any(|t| &t.id == tier) {
            let ids: Vec<&str> = tiers.iter().map(|t| t.id.as_str()).collect();
            return Err(StatusError::Usage(format!("--tier: `{}` does not issue `{tier}`; it issues {}", school.id, ids.join(", "))));
        }
    }
    let roster = load_roster(&options.root, &options.roster).map_err(|finding| StatusError::Refused(vec![*finding]))?;
    // A trust's roster: this school's own rows only, as its agreements were printed. The
    // others' are kept to say so when a form of theirs was handed in here.
    let others: Vec<Pupil> = if roster.names_schools { roster.pupils.clone() } else { Vec::new() };
    let (roster, unplaced) = trust::own_rows(&project, school, roster, &options.roster).map_err(StatusError::Refused)?;
    let mut findings: Vec<Finding> = unplaced.into_iter().collect();
    for class in &options.classes {
        if !roster.pupils.iter().any(|p| &p.class == class) {
            let mut classes: Vec<&str> = roster.pupils.iter().map(|p| p.class.as_str()).collect();
            classes.sort_unstable();
            classes.dedup();
            // With a trust's roster, the classes are the school's own.
            let whose = if roster.names_schools { format!("of `{}` in the roster", school.id) } else { "in the roster".to_owned() };
            return Err(StatusError::Usage(format!("--class: no class `{class}` {whose}; its classes are {}", classes.join(", "))));
        }
    }
    let registers = pack::registers(school, &roster, &options.classes, &options.roster).map_err(|errors| {
        findings.extend(errors);
        StatusError::Refused(std::mem::take(&mut findings))
    })?;

    let checker = RowChecker {
        matcher: NameMatcher::new(&roster.pupils),
        pupils: &roster.pupils,
        trust: (NameMatcher::new(&others), &others),
        own_tier: registers.values().flatten().map(|e| (e.index, e.tier.as_str())).collect(),
        tiers: &tiers,
        year,
    };
    let mut returns: HashMap<(usize, String), Back> = HashMap::new();
    for file in &options.returned {
        let Some(rows) = read_returned(file, &mut findings) else { continue };
        for row in &rows {
            let Some(back) = checker.check(row, file, &mut findings) else { continue };
            record(&mut returns, back, &mut findings);
        }
    }
    if findings.iter().any(Finding::is_error) {
        return Err(StatusError::Refused(findings));
    }
    let dates: HashMap<(usize, String), Option<Date>> = returns.into_iter().map(|(key, back)| (key, back.date)).collect();
    let classes = tally(&registers, &tiers, &options.tiers, &dates, school.config.printed_names);
    Ok(Outcome { status: Status { classes, tiers }, warnings: findings })
}

/// The tiers `school` issues, titled from its agreement pages.
fn issued_tiers(school: &School) -> Vec<Tier> {
    school
        .config
        .agreements
        .iter()
        .map(|issued| {
            let title = school
                .pages
                .iter()
                .find(|p| p.source.kind() == Kind::Agreement && p.source.front.tier.as_ref().is_some_and(|t| t.value == issued.value))
                .map_or_else(|| issued.value.clone(), |p| p.source.front.title.clone());
            Tier { id: issued.value.clone(), title }
        })
        .collect()
}

/// One returned file's rows, or `None` with its problems added to `findings`.
fn read_returned(file: &Path, findings: &mut Vec<Finding>) -> Option<Vec<ReturnedRow>> {
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        Err(err) => {
            findings.push(
                Finding::error(crate::finding::id::INVALID_RETURNED, file, None)
                    .message(format!("cannot read the returned-forms file: {err}")),
            );
            return None;
        }
    };
    match returned::parse_returned(&bytes) {
        Ok(rows) => Some(rows),
        Err(problems) => {
            for problem in problems {
                findings.push(
                    Finding::error(crate::finding::id::INVALID_RETURNED, file, None)
                        .message(format!("{}{}", place(problem.line, problem.column), problem.message))
                        .help("fix the row and run again"),
                );
            }
            None
        }
    }
}

/// "line 4, column 12: " for a message. The place goes in the message rather than the
/// finding's span, because the human printer quotes the line a span points at, and a line
/// of this file holds a pupil's name.
fn place(line: Option<u32>, column: Option<u32>) -> String {
    match (line, column) {
        (Some(line), Some(column)) => format!("line {line}, column {column}: "),
        (Some(line), None) => format!("line {line}: "),
        _ => String::new(),
    }
}

/// Forms for a year come back from the summer before it (transition days) to the
/// summer after; a date outside that is more likely a mistyped year than a real one.
fn returned_within(year: AcademicYear, date: Date) -> bool {
    let first = Date { year: year.start, month: 7, day: Some(1), term: None };
    let last = Date { year: year.start + 1, month: 8, day: Some(31), term: None };
    first <= date && date <= last
}

/// A returned form where it was found.
#[derive(Debug, Clone)]
struct Back {
    pupil: usize,
    tier: String,
    date: Option<Date>,
    file: PathBuf,
    line: u32,
}

/// What a returned row is checked against.
struct RowChecker<'a> {
    matcher: NameMatcher,
    pupils: &'a [Pupil],
    /// Every pupil of a trust's roster, whichever school (none for a school's own roster),
    /// to tell a form of another school's pupil from a misspelt name.
    trust: (NameMatcher, &'a [Pupil]),
    /// The tier each pupil on the (possibly narrowed) registers signs for, by roster index.
    own_tier: HashMap<usize, &'a str>,
    tiers: &'a [Tier],
    year: AcademicYear,
}

impl RowChecker<'_> {
    /// The form a row says is back, or `None` (with a finding where the row is wrong, or
    /// silently where it says the form is not back or the pupil is outside `--class`).
    fn check(&self, row: &ReturnedRow, file: &Path, findings: &mut Vec<Finding>) -> Option<Back> {
        let RowChecker { matcher, pupils, trust, own_tier, tiers, year } = self;
        let year = *year;
        let at = |rule: &'static str, error: bool| {
            let finding = if error { Finding::error(rule, file, None) } else { Finding::warning(rule, file, None) };
            (finding, format!("line {}: ", row.line))
        };
        let pupil = match matcher.find(&row.name, row.class.as_deref(), pupils) {
            Match::One(pupil) => pupil,
            Match::Nobody if let Match::One(other) = trust.0.find(&row.name, None, trust.1) => {
                // Handed in at the wrong school: not this school's to count, and no reason
                // to hold back its report.
                let (finding, line) = at(crate::finding::id::UNKNOWN_PUPIL, false);
                let school = trust.1[other].school.as_deref().filter(|s| !s.trim().is_empty()).unwrap_or("no school");
                findings.push(
                    finding
                        .message(format!(
                            "{line}this pupil is on the roster at `{school}`, not at this school, so the form is not counted here"
                        ))
                        .help("pass the form on to that school's office, and take the row out of this school's list"),
                );
                return None;
            }
            Match::Nobody => {
                let (finding, line) = at(crate::finding::id::UNKNOWN_PUPIL, true);
                findings.push(finding.message(format!("{line}this name is not a pupil on the roster")).help(
                    "check the spelling against the roster (case, accents and apostrophes do not matter; \"Surname, Forename\" is fine)",
                ));
                return None;
            }
            Match::NotInClass(count) => {
                let (finding, line) = at(crate::finding::id::UNKNOWN_PUPIL, true);
                let who = if count == 1 { "a pupil" } else { "pupils" };
                findings.push(
                    finding
                        .message(format!("{line}the roster has {who} of this name, but not in this row's class"))
                        .help("check the class column against the roster"),
                );
                return None;
            }
            Match::Several(count) => {
                let (finding, line) = at(crate::finding::id::AMBIGUOUS_PUPIL, true);
                findings.push(
                    finding
                        .message(format!("{line}this name fits {count} pupils on the roster"))
                        .help("add a class column to tell them apart, or write the name as the roster has it"),
                );
                return None;
            }
        };
        let form = match resolve_form(row.form.as_ref(), tiers) {
            Ok(form) => form,
            Err(cell) => {
                let (finding, _) = at(crate::finding::id::UNKNOWN_FORM, true);
                let known: Vec<String> = tiers.iter().map(|t| format!("{} ({})", t.id, t.title)).collect();
                findings.push(
                    finding
                        .message(format!("{}the form is not one of the school's agreements", place(Some(cell.line), Some(cell.column))))
                        .help(format!("write a tier or an agreement's title, or leave it blank for the pupil's own: {}", known.join(", "))),
                );
                return None;
            }
        };
        let date = match row.returned {
            Returned::No => return None,
            Returned::Undated => None,
            Returned::On(date) => Some(date),
        };
        // Outside --class: matched (so mistakes still show) but not counted.
        let own = *own_tier.get(&pupil)?;
        let tier = form.unwrap_or(own);
        if tier != own && tier != PARENTS {
            let (finding, line) = at(crate::finding::id::FORM_NOT_OWED, false);
            let year_group = pupils.get(pupil).map_or("", |p| p.year.as_str());
            findings.push(
                finding
                    .message(format!(
                        "{line}a {tier} form, but this pupil's year group ({year_group}) signs the {own} agreement; not counted"
                    ))
                    .help("check the row; if the wrong form was signed, the right one is still missing"),
            );
            return None;
        }
        if let Some(date) = date.filter(|d| !returned_within(year, *d)) {
            let (finding, line) = at(crate::finding::id::DATE_OUTSIDE_YEAR, false);
            findings.push(
                finding
                    .message(format!("{line}returned on {date}, outside the {year} school year; counted"))
                    .help("check the year in the date"),
            );
        }
        Some(Back { pupil, tier: tier.to_owned(), date, file: file.to_path_buf(), line: row.line })
    }
}

/// Adds a returned form; one listed again counts once, at its earliest date.
fn record(returns: &mut HashMap<(usize, String), Back>, back: Back, findings: &mut Vec<Finding>) {
    match returns.get_mut(&(back.pupil, back.tier.clone())) {
        None => {
            returns.insert((back.pupil, back.tier.clone()), back);
        }
        Some(first) => {
            let same_file = first.file == back.file;
            let where_first =
                if same_file { format!("line {}", first.line) } else { format!("line {} of {}", first.line, first.file.display()) };
            findings.push(
                Finding::warning(crate::finding::id::DUPLICATE_FORM, &back.file, None)
                    .message(format!("line {}: the same pupil's {} form is on {where_first} too; it counts once", back.line, back.tier))
                    .help("delete one of the rows"),
            );
            if back.date.is_some_and(|d| first.date.is_none_or(|f| d < f)) {
                first.date = back.date;
            }
        }
    }
}

/// The tier a form cell names: `Ok(None)` for blank (the pupil's own), the tier's id, or
/// the cell back when it names no tier the school issues. A tier's id ("KS2") and its
/// agreement's title ("key stage 2 agreement", with or without the word "agreement")
/// are accepted in any case, accents and apostrophes aside.
fn resolve_form<'a>(cell: Option<&'a Cell>, tiers: &'a [Tier]) -> Result<Option<&'a str>, &'a Cell> {
    let Some(cell) = cell else { return Ok(None) };
    let written = title_words(&cell.text);
    tiers
        .iter()
        .find(|t| t.id.eq_ignore_ascii_case(&cell.text) || title_words(&t.title) == written)
        .map(|t| Some(t.id.as_str()))
        .ok_or(cell)
}

/// A title's folded words without a last "agreement" or "form".
fn title_words(title: &str) -> Vec<String> {
    let mut words = comparison_words(title);
    if words.len() > 1 && words.last().is_some_and(|w| matches!(w.as_str(), "agreement" | "form")) {
        words.pop();
    }
    words
}

/// Builds the report: for every pupil on the registers, each form they owe (their own
/// tier and the parents' one, where issued; narrowed to `only` if given), marked returned
/// where `returns` holds it.
pub(crate) fn tally(
    registers: &BTreeMap<String, Vec<Enrolled<'_>>>,
    tiers: &[Tier],
    only: &[String],
    returns: &HashMap<(usize, String), Option<Date>>,
    names: PrintedNames,
) -> Vec<ClassStatus> {
    registers
        .iter()
        .map(|(class, pupils)| {
            let forms = pupils
                .iter()
                .flat_map(|enrolled| {
                    tiers.iter().filter(|t| (t.id == enrolled.tier || t.id == PARENTS) && (only.is_empty() || only.contains(&t.id))).map(
                        move |t| {
                            let back = returns.get(&(enrolled.index, t.id.clone()));
                            Form {
                                pupil: enrolled.index,
                                name: pack::printed_name(enrolled.pupil, names),
                                year: enrolled.pupil.year.clone(),
                                tier: t.id.clone(),
                                returned: back.is_some(),
                                date: back.copied().flatten(),
                            }
                        },
                    )
                })
                .collect();
            ClassStatus { class: class.clone(), forms }
        })
        .filter(|c| !c.forms.is_empty())
        .collect()
}

/// Which pupil a typed name is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Match {
    One(usize),
    Nobody,
    /// This many pupils have the name, none in the row's class.
    NotInClass(usize),
    /// This many pupils fit.
    Several(usize),
}

/// Every way the roster's pupils could be typed, folded, to the pupils it could mean.
#[derive(Debug, Default)]
pub(crate) struct NameMatcher {
    keys: HashMap<String, Vec<usize>>,
}

impl NameMatcher {
    /// Each pupil under forename-then-surname and surname-then-forename, for every legal
    /// and preferred name, and with only the first word of a forename ("Mary" for "Mary
    /// Jane"), as offices write children's names.
    pub(crate) fn new(pupils: &[Pupil]) -> NameMatcher {
        let mut matcher = NameMatcher::default();
        for (index, pupil) in pupils.iter().enumerate() {
            let mut forenames: Vec<Vec<String>> = Vec::new();
            for forename in &pupil.forenames {
                let words = comparison_words(forename);
                if let Some(first) = words.first().filter(|_| words.len() > 1) {
                    forenames.push(vec![first.clone()]);
                }
                forenames.push(words);
            }
            for surname in &pupil.surnames {
                let surname = comparison_words(surname);
                for forename in &forenames {
                    for key in [key(forename, &surname), key(&surname, forename)] {
                        let owners = matcher.keys.entry(key).or_default();
                        if !owners.contains(&index) {
                            owners.push(index);
                        }
                    }
                }
            }
        }
        matcher
    }

    /// The pupil `name` means, narrowed to `class` when the row gives one.
    pub(crate) fn find(&self, name: &WrittenName, class: Option<&str>, pupils: &[Pupil]) -> Match {
        let written = match name {
            WrittenName::Whole(whole) => match whole.split_once(',') {
                Some((surname, forename)) => key(&comparison_words(forename), &comparison_words(surname)),
                None => comparison_words(whole).join(" "),
            },
            WrittenName::Parts { forename, surname } => key(&comparison_words(forename), &comparison_words(surname)),
        };
        let Some(found) = self.keys.get(&written).filter(|found| !found.is_empty()) else { return Match::Nobody };
        let in_class: Vec<usize> = match class {
            Some(class) => found
                .iter()
                .copied()
                .filter(|&i| pupils.get(i).is_some_and(|p| p.class.trim().eq_ignore_ascii_case(class.trim())))
                .collect(),
            None => found.clone(),
        };
        match in_class.as_slice() {
            [] => Match::NotInClass(found.len()),
            [one] => Match::One(*one),
            several => Match::Several(several.len()),
        }
    }
}

fn key(first: &[String], second: &[String]) -> String {
    first.iter().chain(second).map(String::as_str).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pupil(forenames: &[&str], surnames: &[&str], year: &str, class: &str, line: u32) -> Pupil {
        Pupil {
            forenames: forenames.iter().map(|s| (*s).to_owned()).collect(),
            surnames: surnames.iter().map(|s| (*s).to_owned()).collect(),
            year: year.into(),
            class: class.into(),
            photo_consent: None,
            school: None,
            known_as: Default::default(),
            line,
        }
    }

    fn pupils() -> Vec<Pupil> {
        vec![
            pupil(&["Zoë"], &["Łukasiewicz"], "Year 2", "Oak", 2),
            pupil(&["Seán", "Shaun"], &["O’Neill-Ware"], "Year 3", "Ash", 3),
            pupil(&["Mary Jane"], &["Adams"], "Year 2", "Oak", 4),
            pupil(&["Ben"], &["Adams"], "Year 2", "Oak", 5),
            pupil(&["Ben"], &["Adams"], "Year 4", "Elm", 6),
        ]
    }

    fn find(name: &str, class: Option<&str>) -> Match {
        let pupils = pupils();
        NameMatcher::new(&pupils).find(&WrittenName::Whole(name.into()), class, &pupils)
    }

    #[test]
    fn names_match_whatever_the_case_accents_spaces_and_apostrophes() {
        assert_eq!(find("Zoë Łukasiewicz", None), Match::One(0));
        assert_eq!(find("  zoe   LUKASIEWICZ ", None), Match::One(0));
        assert_eq!(find("Sean O'Neill Ware", None), Match::One(1));
        assert_eq!(find("seán o’neill-ware", None), Match::One(1));
        assert_eq!(find("Shaun O'Neill-Ware", None), Match::One(1), "a preferred name");
        assert_eq!(find("Mary Adams", None), Match::One(2), "the first word of a forename");
        assert_eq!(find("Mary Jane Adams", None), Match::One(2));
    }

    #[test]
    fn surname_first_with_or_without_a_comma() {
        assert_eq!(find("Łukasiewicz, Zoë", None), Match::One(0));
        assert_eq!(find("lukasiewicz zoe", None), Match::One(0));
        assert_eq!(find("O'Neill-Ware,Seán", None), Match::One(1));
        let pupils = pupils();
        let parts = WrittenName::Parts { forename: "zoe".into(), surname: "Łukasiewicz".into() };
        assert_eq!(NameMatcher::new(&pupils).find(&parts, None, &pupils), Match::One(0));
    }

    #[test]
    fn unknown_shared_and_misplaced_names() {
        assert_eq!(find("Zoë Lukas", None), Match::Nobody);
        assert_eq!(find("Zoë", None), Match::Nobody, "a forename alone is nobody in particular");
        assert_eq!(find("Ben Adams", None), Match::Several(2));
        assert_eq!(find("Ben Adams", Some("elm")), Match::One(4));
        assert_eq!(find("Zoë Łukasiewicz", Some("Ash")), Match::NotInClass(1));
    }

    #[test]
    fn forms_are_named_by_tier_or_title() {
        let tiers = [
            Tier { id: "ks1".into(), title: "Key Stage 1 agreement".into() },
            Tier { id: "parents".into(), title: "Parents' and carers' agreement".into() },
        ];
        let cell = |text: &str| Cell { text: text.into(), line: 2, column: 3 };
        for (text, tier) in
            [("KS1", "ks1"), ("key stage 1 agreement", "ks1"), ("Key Stage 1", "ks1"), ("parents and carers’ agreement", "parents")]
        {
            assert_eq!(resolve_form(Some(&cell(text)), &tiers), Ok(Some(tier)), "{text}");
        }
        assert_eq!(resolve_form(None, &tiers), Ok(None));
        assert!(resolve_form(Some(&cell("ks2")), &tiers).is_err());
        assert!(resolve_form(Some(&cell("agreement")), &tiers).is_err());
    }

    #[test]
    fn tally_counts_each_form_owed_and_lists_the_missing_in_register_order() {
        let pupils = pupils();
        let oak = vec![
            Enrolled { pupil: &pupils[3], index: 3, tier: "ks1".into() },
            Enrolled { pupil: &pupils[2], index: 2, tier: "ks1".into() },
            Enrolled { pupil: &pupils[0], index: 0, tier: "ks1".into() },
        ];
        let registers = BTreeMap::from([("Oak".to_owned(), oak)]);
        let tiers = [
            Tier { id: "ks1".into(), title: "Key Stage 1 agreement".into() },
            Tier { id: "ks2".into(), title: "Key Stage 2 agreement".into() },
            Tier { id: "parents".into(), title: "Parents' and carers' agreement".into() },
        ];
        let day = Date { year: 2025, month: 9, day: Some(12), term: None };
        let returns = HashMap::from([((3, "ks1".to_owned()), Some(day)), ((3, "parents".to_owned()), None), ((0, "ks1".to_owned()), None)]);
        let classes = tally(&registers, &tiers, &[], &returns, PrintedNames::Preferred);
        let oak = &classes[0];
        assert_eq!((oak.returned(), oak.expected()), (3, 6));
        let counts: Vec<(&str, usize, usize)> = oak.counts(&tiers).iter().map(|c| (c.tier.id.as_str(), c.returned, c.expected)).collect();
        assert_eq!(counts, [("ks1", 2, 3), ("parents", 1, 3)]);
        assert_eq!(oak.missing(), [("Mary Jane Adams", vec!["ks1", "parents"]), ("Zoë Łukasiewicz", vec!["parents"])]);
        assert_eq!(oak.forms[0].date, Some(day));

        let parents_only = tally(&registers, &tiers, &["parents".to_owned()], &returns, PrintedNames::Preferred);
        assert_eq!((parents_only[0].returned(), parents_only[0].expected()), (1, 3));
    }

    #[test]
    fn a_school_year_runs_from_the_summer_before_to_the_summer_after() {
        let year = AcademicYear { start: 2025 };
        let holds = |date| returned_within(year, date);
        let day = |y, m, d| Date { year: y, month: m, day: Some(d), term: None };
        assert!(holds(day(2025, 7, 1)) && holds(day(2025, 9, 12)) && holds(day(2026, 8, 31)));
        assert!(!holds(day(2025, 6, 30)) && !holds(day(2024, 9, 12)) && !holds(day(2026, 9, 1)));
    }

    #[test]
    fn a_form_listed_twice_counts_once_at_its_earliest_date() {
        let mut returns = HashMap::new();
        let mut findings = Vec::new();
        let back = |line, day| Back {
            pupil: 1,
            tier: "ks2".into(),
            date: Some(Date { year: 2025, month: 9, day: Some(day), term: None }),
            file: "returned.csv".into(),
            line,
        };
        record(&mut returns, back(2, 15), &mut findings);
        record(&mut returns, back(7, 12), &mut findings);
        assert_eq!(returns.len(), 1);
        assert_eq!(returns[&(1, "ks2".to_owned())].date.and_then(|d| d.day), Some(12));
        assert_eq!(findings.len(), 1);
        assert!(findings[0].message.starts_with("line 7:") && findings[0].message.contains("line 2 too"));
        assert!(!findings[0].is_error());
    }
}
