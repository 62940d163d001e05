//! The PDF published beside a policy or a blank agreement: its data, its file name, and
//! nothing typeset yet.
//!
//! In: the page's source and its body after Tera (Markdown), the school, the policy's
//! record, and the theme's [`Printer`] (for the file name). Out: a [`Printable`] the write
//! stage typesets, or copies from the previous site when a PDF of that name is already
//! there: the name carries a hash of everything printed, so the same name is the same PDF.

use serde::Serialize;

use super::context::PolicyView;
use crate::date::{AcademicYear, Date};
use crate::print::{self, Layout, PrintData, Printable, Printer, blocks_from_markdown};
use crate::print::{Agreement, Paper, PolicyNote, PrintJob};
use crate::project::School;
use crate::project::source::Source;

/// A policy as its template reads it (see `themes/default/print/policy.typ`).
#[derive(Serialize)]
struct PolicyData<'a> {
    title: &'a str,
    summary: Option<&'a str>,
    school: &'a str,
    lang: &'a str,
    region: Option<&'a str>,
    paper: &'static str,
    /// The policy's record, as (label, value) pairs, in the order the page shows them.
    record: Vec<(&'static str, String)>,
    // The wording's `blocks` are added when the PDF is typeset (see `PrintData::Wording`).
    footer: String,
    /// Where the current version is published, when the school has a web address.
    address: Option<String>,
}

/// The PDF of a policy page: its title, record and wording.
pub(crate) fn policy(
    printer: &Printer,
    school: &School,
    source: &Source,
    view: Option<&PolicyView>,
    body: &str,
    page_url: &str,
    today: Date,
) -> Result<Printable, serde_json::Error> {
    let (lang, region) = print::language_parts(&school.config.language);
    let mut record = Vec::new();
    if let Some(view) = view {
        if view.overdue && school.config.show_under_review {
            record.push(("Status", "Under review: it stays in force until the reviewed version is approved".to_owned()));
        }
        let approved_by = view.approved_by.clone().unwrap_or_else(|| "Not recorded".to_owned());
        record.push(("Approved by", view.approved_on.map_or(approved_by.clone(), |on| format!("{approved_by} on {on}"))));
        if let Some(on) = view.last_reviewed_on {
            record.push(("Last reviewed", view.last_reviewed_by.as_ref().map_or(on.to_string(), |by| format!("{on} by {by}"))));
        }
        record.push(("Next review", view.next_review.map_or_else(|| "Not set".to_owned(), |d| d.to_string())));
        let owner =
            if view.owner_names.is_empty() { view.owner_title.clone() } else { format!("{}: {}", view.owner_title, view.owner_names) };
        record.push(("Owner", owner));
    }
    let base_url = school.config.base_url.as_deref().map(|b| b.trim_end_matches('/'));
    let footer = match view.and_then(|v| v.approved_on) {
        Some(on) => format!("{}, approved {on} · {}", source.front.title, school.config.name),
        None => format!("{} · {}", source.front.title, school.config.name),
    };
    let data = PolicyData {
        title: &source.front.title,
        summary: source.front.summary.as_deref(),
        school: &school.config.name,
        lang,
        region,
        paper: Paper::A4.typst_name(),
        record,
        footer,
        address: base_url.map(|base| format!("{base}/{page_url}")),
    };
    let data = PrintData::Wording { head: serde_json::to_vec(&data)?, markdown: body.to_owned() };
    let date = AcademicYear::containing(today).first_day();
    Ok(Printable {
        path: format!("{page_url}{}", printer.file_name(&source.slug, &data, date)),
        layout: Layout::Policy,
        ident: format!("policypress/{}/policies/{}", school.id, source.slug),
        data,
        date,
    })
}

/// An agreement as it is printed, from its source and its body after Tera: the one way
/// both a page's blank PDF and a class pack get their wording.
pub(crate) fn agreement_wording(school: &School, source: &Source, body: &str) -> Agreement {
    Agreement {
        tier: source.front.tier.as_ref().map_or_else(|| source.slug.clone(), |t| t.value.clone()),
        title: source.front.title.clone(),
        blocks: blocks_from_markdown(body),
        signatures: source.front.signatures.clone(),
        policy: PolicyNote::for_school(school),
    }
}

/// The blank PDF of an agreement page, for the academic year `today` falls in.
pub fn agreement(
    printer: &Printer,
    school: &School,
    source: &Source,
    body: &str,
    page_url: &str,
    today: Date,
) -> Result<Printable, serde_json::Error> {
    let year = AcademicYear::containing(today);
    let date = year.first_day();
    let agreement = agreement_wording(school, source, body);
    let job = PrintJob {
        school: school.config.name.clone(),
        academic_year: year,
        class: None,
        paper: Paper::A4,
        duplex: false,
        language: school.config.language.clone(),
        agreements: vec![agreement],
        pupils: Vec::new(),
    };
    let data = PrintData::Json(job.template_data()?);
    Ok(Printable {
        path: format!("{page_url}{}", printer.file_name(&source.slug, &data, date)),
        layout: Layout::Agreement,
        ident: job.ident(),
        data,
        date,
    })
}
