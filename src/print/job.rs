//! A print job: everything one PDF shows, gathered into plain data for the template.
//!
//! In: the school's name, the academic year, the agreements of the tiers wanted, and the
//! pupils (none for blank forms). Out: the JSON the template reads from `/data.json`.
//! Guarantees: names and every other school datum reach Typst only as JSON strings, never
//! as markup, so `*`, `#`, `$` or `_` in a name print as written.

use std::collections::BTreeMap;

use serde::Serialize;

use super::agreement::{Agreement, PolicyNote};
use crate::date::AcademicYear;
use crate::print::Block;
use crate::render::strings::Words;

/// Paper size. A4 is what UK school offices print on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    /// Typst's name for the size.
    pub(crate) fn typst_name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "us-letter",
        }
    }
}

/// One pupil's sheet: the details printed into the blanks. Which agreement they get is
/// `tier`, one of the job's agreements.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PupilSheet {
    /// As it should be printed: "Zoë Łukasiewicz".
    pub name: String,
    pub class: String,
    pub year: String,
    pub tier: String,
}

/// Everything one PDF holds.
#[derive(Debug, Clone)]
pub struct PrintJob {
    pub school: String,
    /// "2025-26" as given on the command line; printed with an en dash.
    pub academic_year: AcademicYear,
    /// The class, for a class pack (its sign-off sheet and file name); `None` for blanks.
    pub class: Option<String>,
    pub paper: Paper,
    /// Pad each agreement (and the sign-off sheet) to an even number of pages, so no
    /// sheet starts on the back of another.
    pub duplex: bool,
    /// BCP 47, from school.yaml: "en-GB"; the first language of a bilingual pack.
    pub language: String,
    /// The words the forms print (the sign-off sheet's headings, "continued"), in the
    /// pack's language or languages.
    pub words: PrintWords,
    pub agreements: Vec<Agreement>,
    /// In register order. Empty: one blank copy of each agreement and no sign-off sheet.
    pub pupils: Vec<PupilSheet>,
}

/// The theme's words a printed form uses, in one language or, on a bilingual form, in
/// both ("Disgybl / Pupil").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PrintWords(BTreeMap<String, String>);

impl PrintWords {
    /// The words the agreement template prints.
    const KEYS: [&'static str; 10] = [
        "sign_off_heading",
        "sign_off_instructions",
        "sign_off_number",
        "sign_off_pupil",
        "sign_off_year_group",
        "sign_off_agreement",
        "sign_off_returned",
        "sign_off_date",
        "continued",
        "pdf_logo",
    ];

    /// The words in each of `languages`, joined by " / " where they differ; those filled
    /// in with the agreement's title or the school's name, in the first language alone.
    pub(crate) fn new(languages: &[&Words]) -> PrintWords {
        let joined = |key: &str| {
            let mut said: Vec<&str> = Vec::new();
            let alone = matches!(key, "continued" | "pdf_logo");
            for words in languages.iter().take(if alone { 1 } else { languages.len() }) {
                let word = words.get(key);
                if !said.contains(&word) {
                    said.push(word);
                }
            }
            // "Taflen gofnodi: {class}" and "Sign-off sheet: {class}" share their end: it is
            // said once, "Taflen gofnodi / Sign-off sheet: {class}".
            let shared = common_end(&said);
            match shared.find('{').filter(|_| said.len() > 1) {
                Some(brace) => {
                    let end = &shared[shared[..brace].rfind(|c: char| c != ' ' && c != ':').map_or(0, |i| i + 1)..];
                    let starts: Vec<&str> = said.iter().map(|w| &w[..w.len() - end.len()]).collect();
                    format!("{}{end}", starts.join(" / "))
                }
                None => said.join(" / "),
            }
        };
        PrintWords(Self::KEYS.iter().map(|key| ((*key).to_owned(), joined(key))).collect())
    }

    /// The built-in theme's words in English.
    pub fn english() -> PrintWords {
        PrintWords::new(&[&crate::render::strings::ThemeStrings::built_in().words("en-GB")])
    }
}

/// The longest ending every one of `words` has.
fn common_end<'a>(words: &[&'a str]) -> &'a str {
    let Some(first) = words.first() else { return "" };
    let mut length = first.len();
    for word in &words[1..] {
        length = first.bytes().rev().zip(word.bytes().rev()).take(length).take_while(|(a, b)| a == b).count();
    }
    let mut start = first.len() - length;
    while !first.is_char_boundary(start) {
        start += 1;
    }
    &first[start..]
}

/// The template's view of a job (see `themes/default/print/agreement.typ`).
#[derive(Serialize)]
struct TemplateData<'a> {
    title: String,
    school: &'a str,
    year: String,
    class: Option<&'a str>,
    paper: &'static str,
    duplex: bool,
    lang: &'a str,
    region: Option<&'a str>,
    words: &'a PrintWords,
    agreements: Vec<TemplateAgreement<'a>>,
    pupils: Vec<TemplatePupil<'a>>,
}

/// A pupil's sheet as the template reads it: with `measure` set on the sheets whose length
/// is held to the agreement's page budget (the first of each tier and the one with the
/// longest name, which may wrap): marking every sheet of a class pack costs a fifth of
/// its typesetting, and the others are the same length.
#[derive(Serialize)]
struct TemplatePupil<'a> {
    #[serde(flatten)]
    sheet: &'a PupilSheet,
    measure: bool,
}

#[derive(Serialize)]
struct TemplateAgreement<'a> {
    tier: &'a str,
    title: &'a str,
    young: bool,
    /// How many pages one copy may take.
    pages: u32,
    blocks: &'a [Block],
    signatures: Vec<TemplateSignature>,
    policy: Option<&'a PolicyNote>,
    identifier: String,
    /// The language of the wording, and on a bilingual sheet the wording in the second.
    lang: &'a str,
    second: Option<TemplateTranslation<'a>>,
}

/// The second language's wording on a bilingual sheet.
#[derive(Serialize)]
struct TemplateTranslation<'a> {
    lang: &'a str,
    title: &'a str,
    blocks: &'a [Block],
}

#[derive(Serialize)]
struct TemplateSignature {
    /// The field's id (`child-name`), so the template can fill the pupil's details in.
    id: String,
    /// In the sheet's language, or both ("Enw'r plentyn / Child's name").
    label: String,
}

impl PrintJob {
    /// The document title, also the PDF's title metadata.
    pub(crate) fn title(&self) -> String {
        let year = self.printed_year();
        match (&self.class, self.agreements.as_slice()) {
            (Some(class), _) => format!("{}: agreements for {class}, {year}", self.school),
            (None, [one]) => format!("{}: {}, {year}", self.school, one.title),
            (None, _) => format!("{}: agreements, {year}", self.school),
        }
    }

    /// The PDF's identifier: the same pack or form keeps it from run to run.
    pub(crate) fn ident(&self) -> String {
        format!("policypress/{}/{}", self.academic_year, self.title())
    }

    /// The year as printed: "2025–26".
    pub(crate) fn printed_year(&self) -> String {
        self.academic_year.printed()
    }

    /// The pictures the job's agreements print, each once.
    pub(crate) fn pictures(&self) -> Vec<String> {
        let mut pictures: Vec<String> = self.agreements.iter().flat_map(|a| a.pictures.iter().cloned()).collect();
        pictures.sort();
        pictures.dedup();
        pictures
    }

    /// The pupils, with the sheets to measure marked.
    fn measured_pupils(&self) -> Vec<TemplatePupil<'_>> {
        let mut measured = std::collections::BTreeSet::new();
        for agreement in &self.agreements {
            let of_tier = || self.pupils.iter().enumerate().filter(|(_, p)| p.tier == agreement.tier);
            measured.extend(of_tier().next().map(|(i, _)| i));
            measured.extend(
                of_tier().max_by_key(|(_, p)| p.name.chars().count() + p.class.chars().count() + p.year.chars().count()).map(|(i, _)| i),
            );
        }
        self.pupils.iter().enumerate().map(|(i, sheet)| TemplatePupil { sheet, measure: measured.contains(&i) }).collect()
    }

    /// The JSON the template reads.
    pub(crate) fn template_data(&self) -> Result<Vec<u8>, serde_json::Error> {
        let (lang, region) = crate::print::language_parts(&self.language);
        let agreements = self
            .agreements
            .iter()
            .map(|a| TemplateAgreement {
                tier: &a.tier,
                title: &a.title,
                young: a.young_readers,
                pages: a.pages,
                blocks: &a.blocks,
                signatures: a
                    .signatures
                    .iter()
                    .enumerate()
                    .map(|(index, field)| {
                        let own = a.labels.get(index).map_or(field.label(), String::as_str);
                        let second = a.second.as_ref().and_then(|s| s.labels.get(index)).filter(|label| label.as_str() != own);
                        TemplateSignature {
                            id: serde_json::to_value(field).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default(),
                            label: second.map_or_else(|| own.to_owned(), |second| format!("{own} / {second}")),
                        }
                    })
                    .collect(),
                policy: a.policy.as_ref(),
                identifier: a.identifier(),
                lang: &a.lang,
                second: a.second.as_ref().map(|s| TemplateTranslation { lang: &s.lang, title: &s.title, blocks: &s.blocks }),
            })
            .collect();
        let data = TemplateData {
            title: self.title(),
            school: &self.school,
            year: self.printed_year(),
            class: self.class.as_deref(),
            paper: self.paper.typst_name(),
            duplex: self.duplex,
            lang,
            region,
            words: &self.words,
            agreements,
            pupils: self.measured_pupils(),
        };
        serde_json::to_vec(&data)
    }
}
