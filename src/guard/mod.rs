//! Stage 3, guard: every rule, run over what was rendered, before anything is written.
//!
//! In: a school, its rendered site and its theme's sources. Out: findings, as data.
//! Each rule lives in its own file as one function from a [`Build`] to findings, so a
//! rule can be read, tested and added on its own.

mod broken_link;
mod external_resource;
mod hard_to_read;
mod home_address;
mod image_filename_names;
mod image_geodata;
mod image_metadata_names;
mod import_unconfirmed;
mod missing_alt;
pub(crate) mod missing_approval;
mod missing_strings;
mod personal_email;
mod personal_phone;
mod photo_consent;
mod pupil_name_with_photo;
mod pupil_surname;
mod raw_html;
mod review_overdue;
mod scan;
mod stale_override;
mod stale_translation;
mod unfilled_placeholder;
mod unreadable_image;
mod unsafe_svg;
mod unsupported_file;
mod unsupported_image;

use std::borrow::Cow;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::date::Date;
use crate::finding::{self, Finding, Span};
use crate::names::{HitKind, Languages, NameHit, NameIndex, SchoolWords};
use crate::print::{Printer, Template};
use crate::progress::Progress;
use crate::project::School;
use crate::project::media::MediaFile;
use crate::project::roster::Roster;
use crate::project::source::Around;
use crate::render::theme::Theme;
use crate::render::{RenderedPage, RenderedSite};

use self::scan::PageScan;

/// What the rules look at for one school.
pub(crate) struct Build<'a> {
    pub(crate) school: &'a School,
    pub(crate) site: &'a RenderedSite,
    /// The theme's template files and their text, to point at the line a finding in the
    /// theme's markup came from.
    pub(crate) theme_sources: &'a [(PathBuf, String)],
    theme: &'a Theme,
    printer: &'a Printer,
    pub(crate) today: Date,
    /// The pupils, when a roster was given; the name rules need it.
    pub(crate) roster: Option<&'a Roster>,
    /// The roster's names with this school's staff and `not_names:`, ready to search.
    pub(crate) names: Option<NameIndex>,
    /// Why the names could not be made ready, if they could not (a roster far past any
    /// school's size); the name rules then report that instead of running.
    names_unusable: Option<String>,
    /// The pages the page rules look at, by index in `site.pages`: every page, or (in
    /// `serve`) those an edit re-rendered and those that link to them.
    checked: Vec<usize>,
    /// Each checked page, scanned once for all the rules.
    scans: Vec<PageScan<'a>>,
    /// Set for the schools' landing page: its pages are all there is to check; the theme's
    /// files and print templates are the schools' own, checked with each school.
    pages_only: bool,
}

/// The image rules' ids, for `scrub`, which refuses the same images the site would.
pub(crate) const UNSUPPORTED_IMAGE: &str = unsupported_image::ID;
pub(crate) const UNREADABLE_IMAGE: &str = unreadable_image::ID;

type Rule = fn(&Build<'_>) -> Vec<Finding>;

/// Every rule, by id. Order is the order rules are listed in the documentation.
const RULES: [(&str, Rule); 25] = [
    (image_geodata::ID, image_geodata::check),
    (image_metadata_names::ID, image_metadata_names::check),
    (photo_consent::ID, photo_consent::check),
    (image_filename_names::ID, image_filename_names::check),
    (unsupported_image::ID, unsupported_image::check),
    (unreadable_image::ID, unreadable_image::check),
    (unsupported_file::ID, unsupported_file::check),
    (pupil_surname::ID, pupil_surname::check),
    (pupil_name_with_photo::ID, pupil_name_with_photo::check),
    (personal_email::ID, personal_email::check),
    (personal_phone::ID, personal_phone::check),
    (home_address::ID, home_address::check),
    (unfilled_placeholder::ID, unfilled_placeholder::check),
    (import_unconfirmed::ID, import_unconfirmed::check),
    (review_overdue::ID, review_overdue::check),
    (missing_approval::ID, missing_approval::check),
    (broken_link::ID, broken_link::check),
    (missing_alt::ID, missing_alt::check),
    (external_resource::ID, external_resource::check),
    (raw_html::ID, raw_html::check),
    (unsafe_svg::ID, unsafe_svg::check),
    (hard_to_read::ID, hard_to_read::check),
    (stale_translation::ID, stale_translation::check),
    (missing_strings::ID, missing_strings::check),
    (stale_override::ID, stale_override::check),
];

/// The roster's names with what the school writes of itself, ready to search; or why
/// they could not be made ready.
/// `theme`: the texts of the theme's templates (HTML and print), whose own words are no
/// pupil's name where they appear ("Short, practical guidance", "Page 1 of 3").
fn name_index(school: &School, roster: Option<&Roster>, theme: &[&str]) -> (Option<NameIndex>, Option<String>) {
    match roster.map(|roster| NameIndex::try_new(&roster.pupils, &school_words(school, theme))) {
        Some(Ok(index)) => (Some(index), None),
        Some(Err(err)) => (None, Some(err.to_string())),
        None => (None, None),
    }
}

/// The help for a name finding: `help`, and for a name that is also an ordinary word,
/// why it was read as a name and how to say it is not one.
fn word_name_help(hit: &NameHit, help: &str) -> String {
    match hit.why {
        Some(why) => format!(
            "{help}. It is also an ordinary word, read here as a name because {}; if it is not a name here, \
             list the word under `not_names:` in this page's front matter (this page) or in school.yaml (every page)",
            why.explain()
        ),
        None => help.to_owned(),
    }
}

/// What a school writes of itself in school.yaml: its people, and the details whose
/// words are no pupil's name where they appear (name, motto, address, contacts, role
/// titles, who approves its policies, the help services it lists).
fn school_words(school: &School, theme: &[&str]) -> SchoolWords {
    let config = &school.config;
    let mut details: Vec<String> = vec![config.name.clone(), config.short_name.clone()];
    details.extend(theme.iter().flat_map(|text| theme_phrases(text)));
    details.extend(config.motto.clone());
    for line in &config.contact.address {
        details.push(line.clone());
        for part in line.split(',').map(str::trim) {
            details.push(part.to_owned());
            // "12 Mill Lane" (or "12a Mill Lane") is also written "Mill Lane".
            if let Some((number, street)) = part.split_once(' ')
                && number.starts_with(|c: char| c.is_ascii_digit())
            {
                details.push(street.trim().to_owned());
            }
        }
    }
    details.extend([config.contact.phone.clone(), config.contact.email.clone()]);
    details.extend(config.publishable_emails.iter().cloned());
    details.extend(school.roles.titles().map(str::to_owned));
    details.extend(config.roles.values().flat_map(|title| title.all()).map(str::to_owned));
    for review in config.policies.values() {
        details.extend(review.approved_by.iter().chain(&review.last_reviewed_by).chain(&review.next_review_by).cloned());
    }
    details.extend(crate::project::help::service_names(config));
    details.retain(|detail| !detail.trim().is_empty());
    details.sort_unstable();
    details.dedup();
    let welsh = config.languages().iter().chain([&config.language.as_str()]).any(|l| crate::language::same(l, "cy"))
        || school.pages.iter().any(|page| crate::language::same(&page.written_in, "cy"));
    SchoolWords {
        staff: config.people.iter().map(|person| person.name.value.clone()).collect(),
        details,
        not_names: config.not_names.clone(),
        languages: Languages { welsh },
    }
}

/// The theme's own words in a template: each line of its text outside tags and template
/// code, of two words or more.
fn theme_phrases(template: &str) -> Vec<String> {
    let mut plain = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find(['<', '{']) {
        plain.push_str(&rest[..open]);
        let after = &rest[open..];
        let close = match after.get(..2) {
            Some("{{") => after.find("}}").map(|i| i + 2),
            Some("{%") => after.find("%}").map(|i| i + 2),
            Some("{#") => after.find("#}").map(|i| i + 2),
            _ if after.starts_with('<') => after.find('>').map(|i| i + 1),
            _ => Some(1),
        };
        let Some(close) = close else { break };
        plain.push('\n');
        rest = &after[close..];
    }
    plain.push_str(rest);
    plain.lines().map(str::trim).filter(|line| line.split_whitespace().count() > 1).map(str::to_owned).collect()
}

/// The PDFs a build typeset, read back and checked like any published PDF, each at the
/// template that printed it: what a print template builds (a name put together from
/// pieces) or shows of the data it is given (a field no page shows) is in them.
/// `printed` holds (template file, the PDF's path in the site, its bytes).
pub(crate) fn check_printed(school: &School, roster: Option<&Roster>, printer: &Printer, printed: &[(&Path, &str, &[u8])]) -> Vec<Finding> {
    let (names, _) = name_index(school, roster, &[printer.policy.text.as_str(), printer.agreement.text.as_str()]);
    let allowed = personal_email::allowed(school);
    let school_number = personal_phone::normalise(&school.config.contact.phone);
    // Each PDF is read on its own core: a first build reads back every one.
    printed
        .par_iter()
        .flat_map_iter(|(template, path, bytes)| {
            let reading = match crate::document::read(bytes) {
                Ok(reading) => reading,
                Err(why) => {
                    return vec![
                        Finding::error(finding::id::PRINT_FAILED, template, None)
                            .message(format!("the PDF printed as {path} could not be read back to check it: {why}"))
                            .help("check the print template's changes; the default theme's templates print PDFs that read back"),
                    ];
                }
            };
            let mut findings = Vec::new();
            for (place, text) in reading.parts() {
                let published = PublishedText { file: template, place: Some(format!("in {path}, {place}")), text };
                if let Some(names) = &names {
                    findings.extend(pupil_surname::in_text(&published, names));
                }
                findings.extend(personal_email::in_text(&published, &allowed));
                findings.extend(personal_phone::in_text(&published, school_number.as_deref()));
            }
            findings
        })
        .collect()
}

/// Each image in a page's content, with its reference as the author wrote it (Markdown
/// images are published under a hash; raw HTML keeps its `src`), for placing findings.
pub(crate) fn content_images(page: &RenderedPage) -> Vec<(crate::text::html::Tag<'_>, String)> {
    if !crate::text::html::may_hold(page.content(), "img") {
        return Vec::new();
    }
    let mut written = page.images.iter();
    crate::text::html::start_tags(page.content())
        .into_iter()
        .filter(|tag| tag.name == "img")
        .map(|tag| {
            let src = tag.attr("src").unwrap_or_default();
            let raw_html = !src.is_empty() && page.source.as_ref().is_some_and(|s| s.body.contains(src));
            let needle = if raw_html { src.to_owned() } else { written.next().map_or_else(|| src.to_owned(), |i| i.written.clone()) };
            (tag, needle)
        })
        .collect()
}

/// Words published other than as a page.
pub(crate) struct PublishedText<'a> {
    pub(crate) file: &'a Path,
    /// Where in the file, for a file of several parts ("page 2" of a PDF); `None` for a
    /// text file, whose places are lines.
    pub(crate) place: Option<String>,
    pub(crate) text: &'a str,
}

impl PublishedText<'_> {
    /// The line and column of `offset` in the text, when the text is the file's.
    pub(crate) fn span(&self, offset: usize) -> Option<Span> {
        self.place.is_none().then(|| Span::at_offset(self.text, offset, 1))
    }

    /// `message`, saying where in the file when the file has parts.
    pub(crate) fn placed(&self, message: String) -> String {
        match &self.place {
            Some(place) => format!("{message} ({place})"),
            None => message,
        }
    }
}

/// Every rule's id, in the order the documentation lists them.
#[cfg(test)]
pub(crate) fn rule_ids() -> impl Iterator<Item = &'static str> {
    RULES.iter().map(|(id, _)| *id)
}

/// How many rules [`check_school`] runs, one step of its progress each.
pub(crate) const RULE_COUNT: usize = RULES.len();

/// Runs every rule over one school's build.
/// The rules that read what a page says and loads, which a page that belongs to no school
/// needs (the schools' own rules read school.yaml and the sources): those for pupils'
/// names and loads from elsewhere, and those for contact details, which depend on whose
/// details are a school's own.
const NAME_AND_LOAD_RULES: [Rule; 3] = [pupil_surname::check, pupil_name_with_photo::check, external_resource::check];
const CONTACT_RULES: [Rule; 3] = [personal_email::check, personal_phone::check, home_address::check];

/// The schools' landing page (`public/index.html`): a pupil's name, a personal e-mail
/// address or phone number, a home address or a load from elsewhere in the trust's
/// `schools.html` is refused like anywhere else. Contact details are a finding only if
/// they are none of `schools`' own (a trust may list every school's office); the names
/// are read with the first school's words.
pub(crate) fn check_landing_page(
    schools: &[School],
    page: &RenderedSite,
    theme: &Theme,
    printer: &Printer,
    roster: Option<&Roster>,
    today: Date,
) -> Vec<Finding> {
    let Some(first) = schools.first() else { return Vec::new() };
    let landing = |school, roster| Build { pages_only: true, ..Build::new(school, page, theme, printer, roster, today, None) };
    let build = landing(first, roster);
    let mut findings: Vec<Finding> = NAME_AND_LOAD_RULES.iter().flat_map(|rule| rule(&build)).collect();
    // Each school's reading of the contact details; what every school finds stands.
    let mut contacts: Option<Vec<Finding>> = None;
    for school in schools {
        let found: Vec<Finding> = CONTACT_RULES.iter().flat_map(|rule| rule(&landing(school, None))).collect();
        contacts = Some(match contacts {
            None => found,
            Some(kept) => kept.into_iter().filter(|f| found.iter().any(|g| g.rule == f.rule && g.message == f.message)).collect(),
        });
    }
    findings.extend(contacts.unwrap_or_default());
    in_order_with_names_marked(&build, findings)
}

pub(crate) fn check_school(build: &Build<'_>, progress: &Progress) -> Vec<Finding> {
    let mut findings: Vec<Finding> = RULES
        .par_iter()
        .flat_map_iter(|(_, rule)| {
            let found = rule(build);
            progress.inc();
            found
        })
        .collect();
    if let Some(reason) = &build.names_unusable {
        findings.push(
            Finding::error(crate::finding::id::INVALID_ROSTER, &build.school.config_file, None)
                .message(format!("the pupil-name rules could not run for this school: {reason}"))
                .help("check that the roster is this school's pupil list"),
        );
    }
    in_order_with_names_marked(build, findings)
}

/// Findings in file order, each once, with every pupil name in them marked.
fn in_order_with_names_marked(build: &Build<'_>, mut findings: Vec<Finding>) -> Vec<Finding> {
    findings.sort_by(|a, b| (&a.file, a.line, a.column, a.rule).cmp(&(&b.file, b.line, b.column, b.rule)));
    findings.dedup();
    if let Some(names) = &build.names {
        // Any rule can quote what it found (a dead link to /gallery/amelia-thornbury/):
        // every pupil name in any finding is marked, so logs show it as initials.
        for finding in &mut findings {
            // Words of a message are read as prose; only what is written as a path, an
            // address or a tag in it is read as one ("a page" is no pupil called Page).
            let addresses = [&finding.message, &finding.help].into_iter().flat_map(|text| {
                text.split_whitespace().filter(|token| token.contains(['/', '.', '#', '@', '-', '_'])).collect::<Vec<_>>()
            });
            let in_paths = std::iter::once(finding.file.as_str()).chain(addresses);
            let hits: Vec<_> = in_paths
                .flat_map(|text| names.find_in_identifier(text))
                .chain([&finding.message, &finding.help].into_iter().flat_map(|text| names.find_in_prose(text)))
                .collect();
            for hit in hits {
                finding.names.push((hit.matched, hit.initials));
            }
        }
    }
    findings
}

impl<'a> Build<'a> {
    /// What the rules look at for one school. The page rules look only at the pages
    /// written to `focus` (all if `None`: `serve` narrows it to what an edit touched);
    /// the rules about the school as a whole (school.yaml, media, reviews) run in full
    /// either way.
    pub(crate) fn new(
        school: &'a School,
        site: &'a RenderedSite,
        theme: &'a Theme,
        printer: &'a Printer,
        roster: Option<&'a Roster>,
        today: Date,
        focus: Option<&HashSet<String>>,
    ) -> Build<'a> {
        let checked: Vec<usize> = (0..site.pages.len()).filter(|&i| focus.is_none_or(|f| f.contains(&site.pages[i].file))).collect();
        let scans = checked.par_iter().map(|&i| PageScan::new(&site.pages[i].html)).collect();
        let templates = theme.sources.iter().map(|(_, text)| text.as_str());
        // The theme's own words, in every language the school publishes in, are no pupil's name.
        let words: Vec<String> = school
            .config
            .languages()
            .iter()
            .map(|lang| theme.strings.words(lang).all().values().cloned().collect::<Vec<_>>().join("\n"))
            .collect();
        let theme_words: Vec<&str> = templates
            .chain([printer.policy.text.as_str(), printer.agreement.text.as_str()])
            .chain(words.iter().map(String::as_str))
            .collect();
        let (names, names_unusable) = name_index(school, roster, &theme_words);
        Build {
            school,
            site,
            theme_sources: &theme.sources,
            theme,
            printer,
            today,
            roster,
            names,
            names_unusable,
            checked,
            scans,
            pages_only: false,
        }
    }

    /// Every file published beside the pages, as prepared: the media pages link to, and
    /// the theme's own files (style sheets, scripts, pictures).
    pub(crate) fn published_files(&self) -> impl Iterator<Item = &'a MediaFile> {
        let assets: &'a [MediaFile] = if self.pages_only { &[] } else { &self.theme.assets };
        self.site.media.iter().chain(assets)
    }

    /// Every text published other than as a page: the words of each linked file and
    /// theme file that has words, and of the print templates, which add theirs (headings,
    /// footers, notes) to every PDF.
    pub(crate) fn published_texts(&self) -> Vec<PublishedText<'a>> {
        if self.pages_only {
            return Vec::new();
        }
        let files = self
            .published_files()
            .flat_map(|media| media.texts().into_iter().map(|(place, text)| PublishedText { file: &media.source, place, text }));
        let printed: [&'a Template; 2] = [&self.printer.policy, &self.printer.agreement];
        files.chain(printed.into_iter().map(|template| PublishedText { file: &template.file, place: None, text: &template.text })).collect()
    }

    /// Every page to check.
    pub(crate) fn checked_pages(&self) -> impl Iterator<Item = &'a RenderedPage> {
        let pages = &self.site.pages;
        self.checked.iter().map(move |&i| &pages[i])
    }

    /// Every page to check, with its scan.
    pub(crate) fn pages(&self) -> impl Iterator<Item = (&'a RenderedPage, &PageScan<'a>)> {
        self.checked_pages().zip(&self.scans)
    }

    /// Every page to check with its scan, for a rule heavy enough to spread over the cores.
    pub(crate) fn par_pages(&self) -> impl IndexedParallelIterator<Item = (&'a RenderedPage, &PageScan<'a>)> {
        let pages = &self.site.pages;
        self.checked.par_iter().map(move |&i| &pages[i]).zip(&self.scans)
    }

    /// The ids of the page at folder `url`, scanned now: for a link target outside the
    /// focus. `None` if the site has no page there.
    pub(crate) fn ids_of_unchecked(&self, url: &str) -> Option<HashSet<Cow<'a, str>>> {
        let page = self.site.pages.iter().find(|page| page.url == url && page.file != "404.html")?;
        Some(PageScan::new(&page.html).ids.into_iter().collect())
    }

    /// Whether the page's own `not_names:` says `hit` is no name there: a name standing
    /// alone whose every word the page lists. A full name, or a surname after a title or
    /// an initial, is a name whatever the page lists.
    pub(crate) fn page_says_not_a_name(page: &RenderedPage, hit: &NameHit) -> bool {
        let Some(source) = &page.source else { return false };
        if source.front.not_names.is_empty() || !matches!(hit.kind, HitKind::SurnameAlone | HitKind::FirstNameAlone) {
            return false;
        }
        let listed: Vec<String> = source.front.not_names.iter().flat_map(|entry| crate::names::comparison_words(entry)).collect();
        crate::names::comparison_words(&hit.matched).iter().all(|word| listed.contains(word))
    }

    /// Where `needle`, seen in a page's output, was written (as it is, or with Markdown's
    /// punctuation escaped, as a source may write "\\[Insert date\\]"): in the page's source if it
    /// is there, else in a theme template, else the page's source without a line.
    pub(crate) fn locate(&self, page: &RenderedPage, needle: &str) -> (PathBuf, Option<Span>) {
        if let Some(source) = &page.source
            && let Some(span) = source.find(needle).or_else(|| source.find(&escaped(needle)))
        {
            return (source.file.clone(), Some(span));
        }
        // A generated page (home, a listing) shows other pages' titles and summaries.
        if page.source.is_none()
            && let Some((source, span)) =
                self.school.pages.iter().find_map(|p| p.source.find_in_front_matter(needle).map(|span| (&p.source, span)))
        {
            return (source.file.clone(), Some(span));
        }
        // A page's address comes from its slug (placed above) or else its file's name: a
        // name in an address that no text holds is in the name of the file to rename.
        let lower = needle.to_lowercase();
        if let Some(named) = self
            .school
            .pages
            .iter()
            .find(|p| p.url.to_lowercase().contains(&lower) || p.source.file.to_string_lossy().to_lowercase().contains(&lower))
        {
            if let Some(span) = named.source.slug_span.filter(|_| named.source.slug.to_lowercase().contains(&lower)) {
                return (named.source.file.clone(), Some(span));
            }
            if named.source.file.file_name().is_some_and(|name| name.to_string_lossy().to_lowercase().contains(&lower)) {
                return (named.source.file.clone(), None);
            }
        }
        // The theme shows what school.yaml says (the school's name, address, people).
        if let Some(offset) = self.school.config_text.find(needle) {
            return (self.school.config_file.clone(), Some(Span::at_offset(&self.school.config_text, offset, 1)));
        }
        for (file, text) in self.theme_sources {
            if let Some(offset) = text.find(needle) {
                return (file.clone(), Some(Span::at_offset(text, offset, 1)));
            }
        }
        match &page.source {
            Some(source) => (source.file.clone(), None),
            None => (self.theme_sources.first().map(|(f, _)| f.clone()).unwrap_or_default(), None),
        }
    }

    /// Where a name (or a number, an address) seen on a page at `range` of `seen` (the
    /// page's text as read) was written. Seen text has markup taken out ("<em>Zoe</em>
    /// Adeyemi-Clarke" reads "Zoe Adeyemi-Clarke"), so if the whole is not in the source,
    /// its longest word is looked for. Of several places, the one with the same words
    /// either side is taken ("the Hall" and "Hall windows" are different mentions).
    /// `claimed` holds the body ranges earlier findings on this page were pointed at.
    pub(crate) fn locate_name(
        &self,
        page: &RenderedPage,
        seen: &str,
        range: std::ops::Range<usize>,
        claimed: &mut Vec<std::ops::Range<usize>>,
    ) -> (PathBuf, Option<Span>) {
        let matched = seen.get(range.clone()).unwrap_or_default().trim();
        let around = Around::of(seen, range);
        let words = matched.split(|c: char| c.is_whitespace() || c == ',');
        let longest = words.max_by_key(|w| w.chars().count()).filter(|w| *w != matched && !w.is_empty());
        for needle in std::iter::once(matched).chain(longest) {
            if let Some(source) = &page.source
                && let Some(span) = source.find_unclaimed(needle, &around, claimed)
            {
                return (source.file.clone(), Some(span));
            }
        }
        let found = self.locate(page, matched);
        match longest {
            Some(word) if found.1.is_none() => self.locate(page, word),
            _ => found,
        }
    }

    /// The span of `needle` in school.yaml at or after `from` (a line), if present.
    pub(crate) fn locate_in_config(&self, needle: &str, from: u32) -> Option<Span> {
        find_from_line(&self.school.config_text, needle, from)
    }
}

/// Where `needle` is first written in `text` on or after line `from`.
fn find_from_line(text: &str, needle: &str, from: u32) -> Option<Span> {
    let start: usize = text.split_inclusive('\n').take(from.saturating_sub(1) as usize).map(str::len).sum();
    text[start..].find(needle).map(|offset| Span::at_offset(text, start + offset, 1))
}

/// The trust's model policies past their review date, as policypress.yaml records them:
/// the same warning a school's own overdue policy gets.
pub(crate) fn model_reviews_overdue(site: &crate::project::config::SiteConfig, today: Date) -> Vec<Finding> {
    review_overdue::check_models(site, today, |needle, from| find_from_line(&site.text, needle, from))
}

/// `text` with the Markdown punctuation a source escapes where it would act (`[`, `]`,
/// `*`, `_`, `#`, `<`) escaped, as it stands there.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '[' | ']' | '*' | '_' | '#' | '<') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod locate_tests {
    /// Regression: a placeholder written escaped ("\[Insert name\]", so Markdown shows
    /// it) was reported without its line.
    #[test]
    fn a_placeholder_is_looked_for_as_import_escapes_it() {
        assert_eq!(super::escaped("[Insert name]"), "\\[Insert name\\]");
        assert_eq!(super::escaped("XX/XX/XXXX"), "XX/XX/XXXX");
    }
}
