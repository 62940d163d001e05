//! Configuration: `school.yaml`, `policypress.yaml` and page front matter, parsed into
//! typed values.
//!
//! In: YAML text and the file it came from. Out: typed structs, or a [`LoadError`] with
//! the file, line and column. Unknown keys and unknown values are refused, with the
//! nearest known one suggested, because a misspelt key silently ignored is a policy
//! published with the wrong data.

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::date::{Date, TermEnds};
use crate::error::{LoadError, LoadErrorKind};
use crate::finding::Span;
pub use crate::project::trust::{Alias, Urn};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SchoolConfig {
    pub name: String,
    pub short_name: String,
    /// The school's Unique Reference Number, as a trust's roster may give it for the school.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urn: Option<Spanned<Urn>>,
    /// Other names a trust's roster gives the school ("Alders Primary", "TAPS").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Spanned<Alias>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub motto: Option<String>,
    pub country: Country,
    #[serde(rename = "type")]
    pub school_type: SchoolType,
    pub phases: Vec<Phase>,
    /// The language the school's sources are written in unless they say (`language:`
    /// in front matter, or a translation's file name).
    #[serde(default = "default_language")]
    pub language: String,
    /// The languages the site is published in, the main one first (`[language]` if not
    /// given): the main language at the site's root, each other under `<code>/`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<Spanned<String>>,
    /// What a page not yet in the reader's language shows instead, in order of choice
    /// (by default, the languages in `languages:` order).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fallback_languages: Vec<Spanned<String>>,
    /// The language agreements print in: one of `languages:`, or `both` (the first two,
    /// the main language first). By default the main language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreement_language: Option<Spanned<String>>,
    /// For an international school: its country, as a two-letter code (`RO`), for the
    /// emergency number and help services its guidance gives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<Spanned<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<Spanned<String>>,
    pub contact: Contact,
    #[serde(default)]
    pub publishable_emails: Vec<String>,
    #[serde(default)]
    pub not_names: Vec<String>,
    pub people: Vec<Person>,
    #[serde(default)]
    pub roles: BTreeMap<String, RoleTitle>,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub tiers: BTreeMap<String, Spanned<String>>,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub agreements: Vec<Spanned<String>>,
    #[serde(default, deserialize_with = "empty_as_none")]
    pub policies: BTreeMap<String, PolicyReview>,
    #[serde(default)]
    pub guidance: GuidanceConfig,
    /// Whether a policy past its review date says so on its page ("under review").
    #[serde(default)]
    pub show_under_review: bool,
    /// When the accessibility statement was prepared and last reviewed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessibility_statement: Option<StatementDates>,
    /// Which of a pupil's names the agreements print: the preferred ones (the default),
    /// or the legal ones for a school that must.
    #[serde(default)]
    pub printed_names: PrintedNames,
    /// When this school's terms end, for review dates written as terms; else the site's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_ends: Option<TermEndsSetting>,
}

/// A key written with nothing under it (`policies:` before the first policy is added,
/// `tiers:` in a school with no pupil agreements yet, as `new school` leaves them) means
/// none, not a mistake: YAML reads it as null.
fn empty_as_none<'de, D: serde::Deserializer<'de>, T: Deserialize<'de> + Default>(deserializer: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

impl SchoolConfig {
    /// The languages the site is published in, the main one first.
    pub fn languages(&self) -> Vec<&str> {
        if self.languages.is_empty() { vec![self.language.as_str()] } else { self.languages.iter().map(|l| l.value.as_str()).collect() }
    }

    /// The language the site's root is in.
    pub fn main_language(&self) -> &str {
        self.languages.first().map_or(self.language.as_str(), |l| l.value.as_str())
    }

    /// The languages a page missing a reader's language is shown in instead, in order.
    pub fn fallback_order(&self) -> Vec<&str> {
        if self.fallback_languages.is_empty() {
            self.languages()
        } else {
            self.fallback_languages.iter().map(|l| l.value.as_str()).chain(self.languages()).collect()
        }
    }
}

/// A role's title in school.yaml: one for every language, or one per language
/// (`cy: Pennaeth`, `en-GB: Headteacher`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum RoleTitle {
    Everywhere(String),
    PerLanguage(BTreeMap<String, String>),
}

impl RoleTitle {
    /// The title in `lang` (or its language without the region: `en` for `en-GB`), if
    /// the school gives one for it.
    pub fn in_language(&self, lang: &str) -> Option<&str> {
        match self {
            RoleTitle::Everywhere(title) => Some(title),
            RoleTitle::PerLanguage(titles) => titles
                .get(lang)
                .or_else(|| titles.iter().find(|(code, _)| crate::language::same(code, lang)).map(|(_, title)| title))
                .map(String::as_str),
        }
    }

    /// Every title given, in any language.
    pub fn all(&self) -> Vec<&str> {
        match self {
            RoleTitle::Everywhere(title) => vec![title],
            RoleTitle::PerLanguage(titles) => titles.values().map(String::as_str).collect(),
        }
    }
}

/// Which names a sheet sent home carries. For an adopted or looked-after child a legal
/// surname on paper can be a safeguarding risk, so the preferred names are the default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PrintedNames {
    #[default]
    Preferred,
    Legal,
}

fn default_language() -> String {
    "en-GB".to_owned()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Country {
    England,
    Wales,
    Scotland,
    NorthernIreland,
    International,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SchoolType {
    Maintained,
    Academy,
    Independent,
    BritishSchoolOverseas,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    Eyfs,
    Primary,
    Secondary,
    SixthForm,
}

/// `guidance:` in school.yaml: how the parent guidance pages are checked and what their
/// "worried about something?" box lists.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct GuidanceConfig {
    /// The lowest Flesch reading ease a guidance page may have (`hard-to-read`).
    pub reading_ease: f64,
    /// The number to call in an emergency, where the school's country gives none we know
    /// (or to give another).
    pub emergency_number: Option<String>,
    /// Help services listed after the national ones (or instead, with `replace_help_services`).
    pub help_services: Vec<HelpService>,
    pub replace_help_services: bool,
}

impl Default for GuidanceConfig {
    fn default() -> Self {
        GuidanceConfig { reading_ease: 60.0, emergency_number: None, help_services: Vec::new(), replace_help_services: false }
    }
}

/// `accessibility_statement:` in school.yaml.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StatementDates {
    pub prepared_on: Date,
    pub last_reviewed_on: Date,
    /// When the site was last tested against WCAG as a whole (an audit), and by whom: the
    /// statement claims a test only when the school gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tested_on: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tested_by: Option<String>,
}

/// A help service for families: links only, nothing embedded.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct HelpService {
    pub name: String,
    pub url: String,
    /// One short line: who it is for and what it does.
    pub about: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub address: Vec<String>,
    pub phone: String,
    pub email: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: Spanned<String>,
    pub roles: Vec<Spanned<String>>,
}

/// A policy's approval and review record. The approval fields are optional here so that
/// a missing one is reported by the `missing-approval` rule, alongside every other finding.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyReview {
    pub owner: Spanned<String>,
    #[serde(default)]
    pub approved_by: Option<String>,
    #[serde(default)]
    pub approved_on: Option<Date>,
    #[serde(default)]
    pub last_reviewed_on: Option<Date>,
    #[serde(default)]
    pub last_reviewed_by: Option<String>,
    #[serde(default)]
    pub next_review: Option<Date>,
    #[serde(default)]
    pub review_every: Option<ReviewInterval>,
    /// Who carries out the next review ("Senior Leadership Team"), as policy headers say.
    #[serde(default)]
    pub next_review_by: Option<String>,
}

impl PolicyReview {
    /// The next review date: as written, or the last review (else the approval) plus the
    /// review interval.
    pub fn next_review_due(&self) -> Option<Date> {
        self.next_review.or_else(|| {
            let from = self.last_reviewed_on.or(self.approved_on)?;
            Some(from.add_months(self.review_every?.months))
        })
    }

    /// The record with its term dates ("Autumn 2026") falling due when `ends` says; a
    /// review every so many terms, counted from a term, falls due at that term's end.
    pub(crate) fn apply_term_ends(&mut self, ends: &TermEnds) {
        for date in [&mut self.approved_on, &mut self.last_reviewed_on, &mut self.next_review].into_iter().flatten() {
            *date = date.with_term_ends(ends);
        }
        if self.next_review.is_none()
            && let Some(terms) = self.review_every.and_then(|every| every.terms)
            && let Some(from) = self.last_reviewed_on.or(self.approved_on).filter(|from| from.term.is_some())
        {
            self.next_review = from.terms_on(terms).map(|due| due.with_term_ends(ends));
        }
    }
}

/// `term_ends:` in school.yaml or policypress.yaml: the day each term ends ("19 December"),
/// for review dates written as terms. A term not given ends on the default day.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TermEndsSetting {
    #[serde(default)]
    pub autumn: Option<TermDay>,
    #[serde(default)]
    pub spring: Option<TermDay>,
    #[serde(default)]
    pub summer: Option<TermDay>,
}

impl TermEndsSetting {
    /// The days terms end: this setting's, then `fallback`'s, then the defaults.
    pub(crate) fn over(setting: Option<&TermEndsSetting>, fallback: Option<&TermEndsSetting>) -> TermEnds {
        let defaults = TermEnds::default();
        let pick = |of: fn(&TermEndsSetting) -> Option<TermDay>, default| {
            setting.and_then(of).or_else(|| fallback.and_then(of)).map_or(default, |day| day.0)
        };
        TermEnds {
            autumn: pick(|s| s.autumn, defaults.autumn),
            spring: pick(|s| s.spring, defaults.spring),
            summer: pick(|s| s.summer, defaults.summer),
        }
    }
}

/// A day of the year a term ends on: (month, day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub struct TermDay(pub (u32, u32));

impl From<TermDay> for String {
    fn from(day: TermDay) -> String {
        format!("{:02}-{:02}", day.0.0, day.0.1)
    }
}

impl<'de> Deserialize<'de> for TermDay {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        TermEnds::parse_day(&text).map(TermDay).map_err(serde::de::Error::custom)
    }
}

/// "12 months", "1 year", "3 years".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub struct ReviewInterval {
    pub months: u32,
    /// Set when written in terms ("termly"): counted from a term, it lands on a term.
    pub terms: Option<u32>,
}

impl From<ReviewInterval> for String {
    fn from(interval: ReviewInterval) -> String {
        format!("{} months", interval.months)
    }
}

impl<'de> Deserialize<'de> for ReviewInterval {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        parse_interval(&text).map_err(serde::de::Error::custom)
    }
}

/// A review interval as policy headers write it: "12 months", "2 years", "every two
/// years", "2-yearly", "annually", "every other year", "termly" (a term counted as four
/// months, or as the next term's end when counted from a term).
fn parse_interval(text: &str) -> Result<ReviewInterval, String> {
    const NUMBERS: [&str; 12] = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
    let bad = || format!("`{text}` is not a review interval: write, e.g., `12 months`, `2 years`, `annually` or `termly`");
    let lower = text.trim().to_lowercase().replace('-', " ");
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    if words.first() == Some(&"every") {
        words.remove(0);
        if words.first() == Some(&"other") {
            words[0] = "2";
        }
        if words.len() == 1 {
            words.insert(0, "1");
        }
    }
    let (count, unit) = match words.as_slice() {
        ["annually" | "yearly" | "annual"] => (1, "year"),
        ["biennially" | "biennial"] => (2, "year"),
        ["triennially" | "triennial"] => (3, "year"),
        ["termly"] => (1, "term"),
        ["monthly"] => (1, "month"),
        ["biannually" | "biannual"] | ["bi", "annually" | "annual"] => {
            return Err(format!("`{text}` could mean twice a year or every two years: write `6 months` or `2 years`"));
        }
        [count, unit] => {
            let count = count.parse::<u32>().ok().or_else(|| NUMBERS.iter().position(|n| n == count).map(|i| i as u32 + 1));
            (count.filter(|&c| c > 0).ok_or_else(bad)?, *unit)
        }
        _ => return Err(bad()),
    };
    let (months, terms) = match unit {
        "month" | "months" | "monthly" | "mth" | "mths" => (count, None),
        "term" | "terms" | "termly" => (count.checked_mul(4).ok_or_else(bad)?, Some(count)),
        "year" | "years" | "yearly" | "yr" | "yrs" => (count.checked_mul(12).ok_or_else(bad)?, None),
        _ => return Err(bad()),
    };
    if months > 120 {
        return Err(bad());
    }
    Ok(ReviewInterval { months, terms })
}

/// `policypress.yaml`: settings for the whole site (a trust's name, its default theme).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default)]
    pub theme: Option<Spanned<String>>,
    /// When the trust's terms end, for every school that does not say.
    #[serde(default)]
    pub term_ends: Option<TermEndsSetting>,
    /// The trust's own review record of each model policy (`content/policies/<slug>.md`):
    /// the same keys as a school's entry, `owner` written out ("Director of Education").
    #[serde(default)]
    pub policies: BTreeMap<String, PolicyReview>,
    /// policypress.yaml as written, to point findings at its lines.
    #[serde(skip)]
    pub(crate) text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Policy,
    Guidance,
    Agreement,
    Page,
}

impl Kind {
    /// The folder under `content/` that holds this kind, which is also its URL prefix.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Policy => "policies",
            Kind::Guidance => "guidance",
            Kind::Agreement => "agreements",
            Kind::Page => "pages",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: String,
    pub kind: Kind,
    #[serde(default)]
    pub slug: Option<Spanned<String>>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub tier: Option<Spanned<String>>,
    #[serde(default)]
    pub signatures: Vec<SignatureField>,
    /// When the page's wording last changed, so translations of it can be checked.
    #[serde(default)]
    pub updated: Option<Date>,
    /// The language the page is written in, where it is not the school's `language:` (a
    /// Welsh-medium school's Welsh original). A translation's file name says its own.
    #[serde(default)]
    pub language: Option<Spanned<String>>,
    /// On a translation: the day it was brought up to date with the page it translates.
    #[serde(default)]
    pub translated: Option<Date>,
    /// Words that on this page are not pupils' names where they stand alone ("Hope",
    /// "Hill"): the page's own `not_names:`, beside the school's. A full name is still found.
    #[serde(default)]
    pub not_names: Vec<String>,
    /// On an agreement: whether it is for young readers, printed larger in an
    /// easy-to-read font. By default the early tiers are (see `print::Agreement`).
    #[serde(default)]
    pub young_readers: Option<bool>,
    /// On an agreement: how many pages one copy may take; wording that no longer fits is
    /// an error, never a smaller font. By default 2 for staff and 1 for everyone else.
    #[serde(default)]
    pub pages: Option<Spanned<u32>>,
}

/// The blanks an agreement asks people to fill in, in the order they appear on paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SignatureField {
    ChildName,
    Class,
    YearGroup,
    ChildMark,
    ChildSignature,
    ParentName,
    ParentSignature,
    StudentName,
    StudentSignature,
    PrintedName,
    JobTitle,
    Signature,
    Date,
    Organisation,
    Device,
    SerialNumber,
    EmployeeSignature,
    AuthorisedBy,
    AuthorisedDate,
}

impl SignatureField {
    /// The theme's word for the field's label (`field_child_name`).
    pub fn word(self) -> &'static str {
        match self {
            SignatureField::ChildName => "field_child_name",
            SignatureField::Class => "field_class",
            SignatureField::YearGroup => "field_year_group",
            SignatureField::ChildMark => "field_child_mark",
            SignatureField::ChildSignature => "field_child_signature",
            SignatureField::ParentName => "field_parent_name",
            SignatureField::ParentSignature => "field_parent_signature",
            SignatureField::StudentName => "field_student_name",
            SignatureField::StudentSignature => "field_student_signature",
            SignatureField::PrintedName => "field_printed_name",
            SignatureField::JobTitle => "field_job_title",
            SignatureField::Signature => "field_signature",
            SignatureField::Date => "field_date",
            SignatureField::Organisation => "field_organisation",
            SignatureField::Device => "field_device",
            SignatureField::SerialNumber => "field_serial_number",
            SignatureField::EmployeeSignature => "field_employee_signature",
            SignatureField::AuthorisedBy => "field_authorised_by",
            SignatureField::AuthorisedDate => "field_authorised_date",
        }
    }

    /// The label in English.
    pub fn label(self) -> &'static str {
        match self {
            SignatureField::ChildName => "Child's name",
            SignatureField::Class => "Class",
            SignatureField::YearGroup => "Year group",
            SignatureField::ChildMark => "Child's mark",
            SignatureField::ChildSignature => "Child's signature",
            SignatureField::ParentName => "Parent or carer's name",
            SignatureField::ParentSignature => "Parent or carer's signature",
            SignatureField::StudentName => "Student's name",
            SignatureField::StudentSignature => "Student's signature",
            SignatureField::PrintedName => "Name (printed)",
            SignatureField::JobTitle => "Job title",
            SignatureField::Signature => "Signature",
            SignatureField::Date => "Date",
            SignatureField::Organisation => "Organisation",
            SignatureField::Device => "Device",
            SignatureField::SerialNumber => "Serial number",
            SignatureField::EmployeeSignature => "Employee's signature",
            SignatureField::AuthorisedBy => "Authorised by",
            SignatureField::AuthorisedDate => "Date authorised",
        }
    }
}

/// Parses YAML into `T`, turning a parse error into a [`LoadError`] that points into the
/// file: `first_line` is the line of `file` on which `text` starts.
pub(crate) fn parse_yaml<T: DeserializeOwned>(text: &str, file: &Path, first_line: u32) -> Result<T, LoadError> {
    serde_saphyr::from_str(text).map_err(|err| yaml_error(&err, file, first_line))
}

/// As [`parse_yaml`], but with every mistake in the file, not only the first. After each,
/// the line is mended as the help says (a misspelt key or value by the nearest known one,
/// a date by any date, a single value made a list), or else the entry holding it (the
/// smallest `key:` block around its line) set aside, and the rest read again, so one run
/// lists them all. A layout mistake (a tab, a misaligned line) ends the reading, since
/// the lines after it cannot be told apart. Gives the value read from the mended text
/// when there is one, so the checks that follow parsing (roles, policies) run too.
pub(crate) fn parse_yaml_all<T: DeserializeOwned>(text: &str, file: &Path) -> (Option<T>, Vec<LoadError>) {
    let first = match serde_saphyr::from_str(text) {
        Ok(parsed) => return (Some(parsed), Vec::new()),
        Err(err) => placed(yaml_error(&err, file, 1), text),
    };
    let mut errors = vec![first];
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let mut set_aside = false;
    for _ in 0..50 {
        let Some(last) = errors.last() else { break };
        let Some(line) = last.span.map(|span| span.line as usize) else { break };
        let LoadErrorKind::Yaml { message, help } = &last.kind else { break };
        if is_layout(message) {
            break;
        }
        let mut aside = None;
        if !mend(&mut lines[line.saturating_sub(1)], message, help.as_deref()) {
            let Some((_, range)) = entry_around(&lines, line.saturating_sub(1)) else { break };
            aside = Some(range.start);
            set_aside = true;
            for blanked in &mut lines[range] {
                blanked.clear();
            }
        }
        match serde_saphyr::from_str::<T>(&lines.join("\n")) {
            // A value read with an entry set aside lacks it: what follows would be misled.
            Ok(parsed) => return ((!set_aside && aside.is_none()).then_some(parsed), errors),
            Err(err) => {
                let next = placed(yaml_error(&err, file, 1), text);
                // What setting an entry aside caused is no mistake of the school's: a
                // field now missing, or the list the entry was in now empty.
                let missing = matches!(&next.kind, LoadErrorKind::Yaml { message, .. } if message.starts_with("missing field"));
                let parent = next.span.is_some_and(|span| Some(span.line as usize) == aside);
                if missing || parent || errors.iter().any(|seen| seen.span == next.span && seen.kind.to_string() == next.kind.to_string()) {
                    break;
                }
                errors.push(next);
            }
        }
    }
    (None, errors)
}

/// True for a mistake in the file's layout (indents, tabs, unclosed brackets), after
/// which the reader cannot tell what the lines that follow belong to.
fn is_layout(message: &str) -> bool {
    ["indented with a tab", "not lined up", "never closed", "ends in the middle", "given twice", "expected"]
        .iter()
        .any(|words| message.contains(words))
        && !message.starts_with("unknown")
}

/// Mends `line` as `message` and `help` say the fix goes, so the lines after it can be
/// read: a misspelt key or value by the one suggested, a date that is not one by any
/// date, a single value by a list of it. False if there is no such mending.
fn mend(line: &mut String, message: &str, help: Option<&str>) -> bool {
    let quoted = |text: &str| text.split('`').nth(1).map(str::to_owned);
    let suggested = help.filter(|h| h.starts_with("did you mean")).and_then(quoted);
    let mended = if let (true, Some(given), Some(nearest)) = (message.starts_with("unknown"), quoted(message), suggested) {
        line.replacen(&given, &nearest, 1)
    } else if message.contains("is not a date") {
        match (quoted(message), line.split_once(':')) {
            (Some(given), Some((key, _))) if line.contains(&given) => format!("{key}: 2000-01-01"),
            _ => return false,
        }
    } else if message.starts_with("this needs a list") {
        match line.split_once(':') {
            Some((key, value)) if !value.trim().is_empty() => format!("{key}: [{}]", value.trim()),
            _ => return false,
        }
    } else {
        return false;
    };
    let changed = mended != *line;
    *line = mended;
    changed
}

/// `error` at the line that holds the mistake (YAML's reader reports a tab at the line
/// before it when a block starts there), with help in the file's own words: the list
/// written with its own value, the date written the way it must be.
fn placed(mut error: LoadError, text: &str) -> LoadError {
    let line_text = error.span.and_then(|span| text.lines().nth(span.line.saturating_sub(1) as usize)).unwrap_or_default();
    if let LoadErrorKind::Yaml { message, help } = &mut error.kind {
        if message.starts_with("this needs a list")
            && let Some((key, value)) = line_text.split_once(':').filter(|(_, value)| !value.trim().is_empty())
        {
            let (key, value) = (key.trim().trim_start_matches("- "), value.trim());
            *help = Some(format!("write `{key}: [{value}]`, or put each value on its own line starting `- `"));
        }
        if message.contains("is not a date")
            && let Some(iso) = message.split('`').nth(1).and_then(british_date)
        {
            *help = Some(format!("write it year first: `{iso}`"));
        }
    }
    let LoadErrorKind::Yaml { message, .. } = &error.kind else { return error };
    if let (true, Some(span)) = (message.contains("with a tab"), error.span) {
        let tabbed = text.lines().enumerate().skip(span.line.saturating_sub(1) as usize).take(3).find_map(|(index, line)| {
            let indent = &line[..line.len() - line.trim_start().len()];
            indent.find('\t').map(|at| (index, at))
        });
        if let Some((index, at)) = tabbed {
            error.span = Some(Span { line: index as u32 + 1, column: at as u32 + 1 });
        }
    }
    error
}

/// A date written day first, as British forms do (`01/09/2026`, `1-9-26`), written year
/// first.
fn british_date(given: &str) -> Option<String> {
    let parts: Vec<u32> = given.split(['/', '-', '.']).map(|part| part.trim().parse().ok()).collect::<Option<_>>()?;
    let [day, month, year] = parts[..] else { return None };
    let year = if year < 100 { 2000 + year } else { year };
    ((1..=31).contains(&day) && (1..=12).contains(&month) && (2000..=2100).contains(&year))
        .then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// The `key:` entry holding line `index` (0-based) of `lines`: its key and the lines it
/// spans (the key's line, then every line indented further or blank).
fn entry_around(lines: &[String], index: usize) -> Option<(String, std::ops::Range<usize>)> {
    let indent = |line: &str| line.len() - line.trim_start().len();
    let is_key = |line: &str| {
        let code = line.trim_start().trim_start_matches("- ");
        !code.starts_with('#') && code.split_once(':').is_some_and(|(key, _)| !key.is_empty() && !key.contains(' '))
    };
    let start = (0..=index.min(lines.len().checked_sub(1)?))
        .rev()
        .find(|&at| is_key(&lines[at]) && (at == index || indent(&lines[at]) < indent(&lines[index]).max(1)))?;
    let own = indent(&lines[start]);
    let end = (start + 1..lines.len()).find(|&at| !lines[at].trim().is_empty() && indent(&lines[at]) <= own).unwrap_or(lines.len());
    let key = lines[start].trim_start().trim_start_matches("- ").split_once(':').map(|(key, _)| key.trim().to_owned())?;
    Some((key, start..end))
}

fn yaml_error(err: &serde_saphyr::Error, file: &Path, first_line: u32) -> LoadError {
    let span = err.location().map(|loc| Span { line: loc.line() as u32 + first_line - 1, column: loc.column() as u32 });
    // The crate's Display is a rendered snippet; its first line is the plain message,
    // after an "error: line N column M:" prefix that our own printer already shows.
    let rendered = err.to_string();
    let first = rendered.lines().next().unwrap_or_default();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let message = match first.split_once(": ") {
        Some((prefix, rest)) if prefix.starts_with("line ") => rest,
        _ => first,
    };
    // Some messages end with the crate's own position, counted inside the YAML rather
    // than the file; the finding's line and column replace it.
    let message = message.split_once(" at line ").map_or(message, |(plain, _)| plain);
    let (message, help) = match in_plain_words(message) {
        Some((plain, help)) => (plain.to_owned(), Some(help.to_owned())),
        None => (message.to_owned(), suggest_from_message(message)),
    };
    LoadError::new(file, span, LoadErrorKind::Yaml { message, help })
}

/// The YAML reader's words for the mistakes schools make most, said as a school would
/// understand them, with where the fix goes.
fn in_plain_words(message: &str) -> Option<(&'static str, &'static str)> {
    Some(if message.contains("tabs disallowed") || message.contains("found a tab") || message.contains("tab character") {
        (
            "this line is indented with a tab, and YAML indents with spaces only",
            "replace the tab at the start of the line with spaces (two for each level)",
        )
    } else if message.contains("expected sequence start") || message.contains("invalid type: string") && message.contains("sequence") {
        (
            "this needs a list, and it has a single value",
            "write the value in square brackets, `roles: [senco]`, or put each value on its own line starting `- `",
        )
    } else if message.contains("did not find expected key") || message.contains("mapping values are not allowed") {
        (
            "this line is not lined up with the lines around it",
            "indent the line with the same number of spaces as the other keys at its level",
        )
    } else if message.contains("did not find expected '-' indicator") || message.contains("did not find expected -") {
        ("this list item is not lined up with the items around it", "start every item of the list with `- ` at the same indent")
    } else if message.contains("found unexpected end of stream") || message.contains("found unexpected end") {
        (
            "the file ends in the middle of a value: a quote or bracket is never closed",
            "close the quote (\") or bracket (] or }) opened on this line",
        )
    } else if message.contains("did not find expected ',' or ']'") {
        (
            "this list in square brackets is never closed, or has a stray character",
            "end the list with `]` on the same line, with commas between the values",
        )
    } else if message.contains("duplicate") && message.contains("key") {
        ("this key is given twice at the same level", "keep one of the two, with the right value")
    } else {
        return None;
    })
}

/// For "unknown field `motoo`, expected one of name, motto, ...", the nearest known name.
fn suggest_from_message(message: &str) -> Option<String> {
    let (head, expected) = message.split_once("expected one of ")?;
    let given = head.split('`').nth(1)?;
    let candidates: Vec<&str> = expected.split(',').map(|c| c.trim().trim_matches('`')).collect();
    let nearest = nearest(given, candidates.iter().copied());
    Some(match nearest {
        Some(name) => format!("did you mean `{name}`?"),
        None => format!("known values: {}", candidates.join(", ")),
    })
}

/// The candidate closest to `given`, if any is close enough to be a likely typo.
/// Two letters swapped or one wrong ("dls" for "dsl") counts as close however short the
/// word, where a similarity score alone would not.
pub fn nearest<'a>(given: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| {
            let one_slip = strsim::damerau_levenshtein(&given.to_lowercase(), &c.to_lowercase()) <= 1 && given.chars().count() > 1;
            (if one_slip { 1.0 + strsim::jaro_winkler(given, c) } else { strsim::jaro_winkler(given, c) }, c)
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// A span from a `Spanned` value's location, or `None` where the crate had none.
pub(crate) fn span_of<T>(value: &Spanned<T>) -> Option<Span> {
    let loc = value.referenced;
    (loc.line() > 0).then(|| Span { line: loc.line() as u32, column: loc.column() as u32 })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn school(yaml: &str) -> Result<SchoolConfig, LoadError> {
        parse_yaml(yaml, Path::new("schools/x/school.yaml"), 1)
    }

    const MINIMAL: &str = "name: A School\nshort_name: A\ncountry: england\ntype: academy\nphases: [primary]\n\
        contact: {address: [1 Lane], phone: '01632 960000', email: office@a.example}\npeople: []\n";

    #[test]
    fn a_minimal_school_loads() {
        let config = school(MINIMAL).unwrap();
        assert_eq!(config.language, "en-GB");
        assert_eq!(config.phases, vec![Phase::Primary]);
    }

    /// Regression: `new school` in a project with no shared policies or pupil agreements
    /// wrote `policies:` and `tiers:` with nothing under them, which neither `check` nor
    /// `import` could read ("expected mapping start").
    #[test]
    fn a_key_with_nothing_under_it_is_none() {
        let config = school(&format!("{MINIMAL}tiers:   # year group -> tier\nagreements:\npolicies:\n")).unwrap();
        assert!(config.tiers.is_empty() && config.agreements.is_empty() && config.policies.is_empty());
    }

    #[test]
    fn an_unknown_key_names_its_line_and_the_nearest_key() {
        let err = school(&format!("{MINIMAL}motoo: Kind\n")).unwrap_err();
        assert_eq!(err.span, Some(Span { line: 8, column: 1 }));
        assert_eq!(err.kind.help().as_deref(), Some("did you mean `motto`?"));
    }

    #[test]
    fn an_unknown_phase_suggests_the_nearest() {
        let err = school(&MINIMAL.replace("[primary]", "[primry]")).unwrap_err();
        assert_eq!(err.span.map(|s| s.line), Some(5));
        assert_eq!(err.kind.help().as_deref(), Some("did you mean `primary`?"));
    }

    #[test]
    fn review_intervals_are_read_as_policy_headers_write_them() {
        let months = |text: &str| parse_interval(text).map(|i| i.months);
        for (written, expected) in
            [("12 months", 12), ("1 year", 12), ("2 Years", 24), ("every two years", 24), ("Annually", 12), ("every year", 12)]
                .into_iter()
                .chain([("termly", 4), ("3 terms", 12), ("biennially", 24), ("eighteen months", 0), ("18 months", 18)])
                .chain([("2 yearly", 24), ("Two-yearly", 24), ("every other year", 24), ("Triennially", 36), ("1 yr", 12)])
        {
            if expected == 0 {
                assert!(months(written).is_err(), "{written}");
            } else {
                assert_eq!(months(written), Ok(expected), "{written}");
            }
        }
        for bad in ["", "0 months", "yearly-ish", "12", "months", "every", "11 years", "2 fortnights"] {
            assert!(months(bad).is_err(), "{bad}");
        }
        assert!(months("Bi-annually").unwrap_err().contains("twice a year or every two years"));
    }

    #[test]
    fn a_review_every_term_counted_from_a_term_falls_due_at_the_next_terms_end() {
        let mut review: PolicyReview =
            parse_yaml("owner: dsl\nlast_reviewed_on: Autumn 2026\nreview_every: termly\n", Path::new("x"), 1).unwrap();
        review.apply_term_ends(&TermEnds::default());
        let due = review.next_review_due().unwrap();
        assert_eq!((due.to_string(), due.iso()), ("Spring term 2027".to_owned(), "2027-03-31".to_owned()));
    }

    #[test]
    fn review_every_counts_from_the_last_review() {
        let review: PolicyReview =
            parse_yaml("owner: dsl\nlast_reviewed_on: 2025-09-10\nreview_every: 1 year\n", Path::new("x"), 1).unwrap();
        assert_eq!(review.next_review_due().unwrap().iso(), "2026-09-10");
        assert!(parse_interval("fortnightly").is_err());
    }

    #[test]
    fn front_matter_lines_are_shifted_into_the_file() {
        let err = parse_yaml::<FrontMatter>("title: X\nkind: polcy\n", Path::new("p.md"), 2).unwrap_err();
        assert_eq!(err.span.map(|s| s.line), Some(3));
        assert_eq!(err.kind.help().as_deref(), Some("did you mean `policy`?"));
    }
}
