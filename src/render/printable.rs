//! The PDF published beside a policy or a blank agreement: its data, its file name, and
//! nothing typeset yet.
//!
//! In: the page's source and its content (the HTML its Markdown became), the school, the
//! policy's record, and the theme's [`Printer`] (for the file name). Out: a [`Printable`]
//! the write stage typesets, or copies from the previous site when a PDF of that name is
//! already there: the name carries a hash of everything printed, so the same name is the
//! same PDF.

use serde::Serialize;

use super::context::PolicyView;
use super::markdown::{LinkRef, LinkTarget};
use crate::date::{AcademicYear, Date};
use crate::finding::Finding;
use crate::print::{self, Layout, LinkWords, PageAddresses, PrintData, Printable, Printer, Unprintable};
use crate::print::{Agreement, Paper, PolicyNote, PrintJob, PrintWords};

use super::strings::Words;
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
    record: Vec<(&'a str, String)>,
    /// "Page {page} of {pages}", and the note on where the current version is, in its language.
    page_of: &'a str,
    current_version: String,
    // The wording's `blocks` are added when the PDF is typeset (see `PrintData::Wording`).
    footer: String,
    /// Where the current version is published, when the school has a web address.
    address: Option<String>,
}

/// What the links of a page at `page_url` print on paper, in `words`' language: the
/// site's address, and the titles of the pages they lead to.
pub(crate) fn page_addresses(school: &School, page_url: &str, links: &[LinkRef], words: &Words) -> PageAddresses {
    let mut titles: Vec<(String, String)> = Vec::new();
    for link in links {
        let LinkTarget::Page { url, .. } = &link.target else { continue };
        if titles.iter().any(|(known, _)| known == url) {
            continue;
        }
        if let Some(page) = school.pages.iter().find(|p| p.url == *url) {
            titles.push((url.clone(), page.source.front.title.clone()));
        }
    }
    let base_url = school.config.base_url.as_deref().map(|b| b.trim_end_matches('/').to_owned());
    let said = LinkWords {
        section: words.get("link_see_section").to_owned(),
        section_in_page: words.get("link_see_section_in_page").to_owned(),
        page: words.get("link_see_page").to_owned(),
        website: words.get("link_on_website").to_owned(),
        website_at: words.get("link_on_website_at").to_owned(),
    };
    PageAddresses { page_url: page_url.to_owned(), base_url, titles, said }
}

/// The PDF of a policy page: its title, record and wording (`content`, the page's HTML).
#[allow(clippy::too_many_arguments, reason = "each is a separate input of the page's PDF")]
pub(crate) fn policy(
    printer: &Printer,
    school: &School,
    source: &Source,
    view: Option<&PolicyView>,
    content: &str,
    links: &[LinkRef],
    page_url: &str,
    today: Date,
    words: &Words,
) -> Result<Printable, serde_json::Error> {
    let (lang, region) = print::language_parts(&words.lang);
    let mut record = Vec::new();
    if let Some(view) = view {
        if view.overdue && school.config.show_under_review {
            record.push((words.get("record_status"), words.get("under_review_status").to_owned()));
        }
        let approved_by = view.approved_by.clone().unwrap_or_else(|| words.get("not_recorded").to_owned());
        let approved = match &view.approved_on {
            Some(on) => words.fill("approved_on", &[("by", &approved_by), ("date", on)]),
            None => approved_by,
        };
        record.push((words.get("approved_by"), approved));
        if let Some(on) = &view.last_reviewed_on {
            let reviewed = view.last_reviewed_by.as_ref().map_or(on.clone(), |by| words.fill("reviewed_by", &[("date", on), ("by", by)]));
            record.push((words.get("last_reviewed"), reviewed));
        }
        record.push((words.get("next_review"), view.next_review.clone().unwrap_or_else(|| words.get("not_set").to_owned())));
        if let Some(by) = &view.next_review_by {
            record.push((words.get("next_review_by"), by.clone()));
        }
        let owner =
            if view.owner_names.is_empty() { view.owner_title.clone() } else { format!("{}: {}", view.owner_title, view.owner_names) };
        record.push((words.get("owner"), owner));
    }
    let base_url = school.config.base_url.as_deref().map(|b| b.trim_end_matches('/'));
    let footer = match view.and_then(|v| v.approved_on.as_deref()) {
        Some(on) => format!("{}, {} · {}", source.front.title, words.fill("pdf_approved", &[("date", on)]), school.config.name),
        None => format!("{} · {}", source.front.title, school.config.name),
    };
    let address = base_url.map(|base| format!("{base}/{page_url}"));
    let current_version = match &address {
        Some(address) => words.fill("pdf_current_version", &[("address", address)]),
        None => words.get("pdf_current_version_no_address").to_owned(),
    };
    let data = PolicyData {
        title: &source.front.title,
        summary: source.front.summary.as_deref(),
        school: &school.config.name,
        lang,
        region,
        paper: Paper::A4.typst_name(),
        record,
        page_of: words.get("pdf_page_of"),
        current_version,
        footer,
        address,
    };
    let data = PrintData::Wording { head: serde_json::to_vec(&data)?, addresses: page_addresses(school, page_url, links, words) };
    let date = AcademicYear::containing(today).first_day();
    Ok(Printable {
        path: format!("{page_url}{}", printer.file_name(&source.slug, &data, content, date)),
        layout: Layout::Policy,
        ident: format!("policypress/{}/policies/{}/{}", school.id, source.slug, words.lang),
        data,
        date,
    })
}

/// An agreement as it is printed, from its source and its content (the HTML its page
/// publishes): the one way both a page's blank PDF and a class pack get their wording.
pub(crate) fn agreement_wording(
    school: &School,
    source: &Source,
    content: &str,
    addresses: &PageAddresses,
    words: &Words,
) -> Result<Agreement, Vec<Unprintable>> {
    let (blocks, pictures) = addresses.printable(content)?;
    Ok(Agreement { blocks, pictures, ..agreement_without_wording(school, source, words) })
}

/// An agreement's printed form in `words`' language, but for its wording.
fn agreement_without_wording(school: &School, source: &Source, words: &Words) -> Agreement {
    let tier = source.front.tier.as_ref().map_or_else(|| source.slug.clone(), |t| t.value.clone());
    Agreement {
        young_readers: source.front.young_readers.unwrap_or_else(|| Agreement::is_early_tier(&tier)),
        pages: source.front.pages.as_ref().map_or_else(|| Agreement::default_pages(&tier, &source.front.signatures), |p| p.value),
        tier,
        title: source.front.title.clone(),
        blocks: Vec::new(),
        pictures: Vec::new(),
        labels: source.front.signatures.iter().map(|field| words.get(field.word()).to_owned()).collect(),
        signatures: source.front.signatures.clone(),
        policy: PolicyNote::for_school(school, words),
        lang: words.lang.clone(),
        second: None,
        source: source.file.clone(),
        pages_set: source.front.pages.is_some(),
        // Front matter starts on the file's second line.
        pages_span: source
            .front
            .pages
            .as_ref()
            .and_then(crate::project::config::span_of)
            .map(|s| crate::finding::Span { line: s.line + 1, ..s })
            .or(source.title_span),
    }
}

/// The blank PDF of an agreement page (`content`, its HTML), for the academic year
/// `today` falls in, in `words`' language.
#[allow(clippy::too_many_arguments, reason = "each is a separate input of the page's PDF")]
pub(crate) fn agreement(
    printer: &Printer,
    school: &School,
    source: &Source,
    content: &str,
    links: &[LinkRef],
    page_url: &str,
    today: Date,
    words: &Words,
) -> Printable {
    let year = AcademicYear::containing(today);
    let date = year.first_day();
    let agreement = agreement_without_wording(school, source, words);
    let job = PrintJob {
        school: school.config.name.clone(),
        academic_year: year,
        class: None,
        paper: Paper::A4,
        duplex: false,
        language: words.lang.clone(),
        words: PrintWords::new(&[words]),
        agreements: vec![agreement],
        pupils: Vec::new(),
    };
    let ident = job.ident();
    let data = PrintData::Agreement { job: Box::new(job), addresses: page_addresses(school, page_url, links, words) };
    Printable {
        path: format!("{page_url}{}", printer.file_name(&source.slug, &data, content, date)),
        layout: Layout::Agreement,
        ident,
        data,
        date,
    }
}

/// Unprintable parts of a page, as the error that stops its PDF, at the line of the
/// first in its source.
pub(crate) fn unprintable_finding(source: &Source, unprintable: &[Unprintable]) -> Finding {
    let span = unprintable.iter().find_map(|u| source.find(&u.look_for));
    Finding::error(crate::finding::id::PRINT_FAILED, &source.file, span)
        .message(Unprintable::said(unprintable))
        .help("the page's PDF prints everything the page shows; change what paper cannot show")
}
