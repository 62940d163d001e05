//! The school's own details on a policy's cover: its name, address, phone number and
//! e-mail address. They become school.yaml values, the cover lines they stood on leave
//! the text, and where the text says them again they become `{{ school.* }}`.

use std::sync::LazyLock;

use regex::Regex;

use super::super::model::{self, Block, Inline, plain, push_text};

/// What the cover says of the school.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Contact {
    pub(crate) name: Option<String>,
    pub(crate) address: Vec<String>,
    pub(crate) phone: Option<String>,
    pub(crate) email: Option<String>,
}

impl Contact {
    pub(crate) fn is_empty(&self) -> bool {
        self.name.is_none() && self.address.is_empty() && self.phone.is_none() && self.email.is_none()
    }
}

static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+").expect("the pattern is valid"));
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:\+44\s?\(?0?\)?\s?|\b0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}\b").expect("the pattern is valid"));
static POSTCODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}\b").expect("the pattern is valid"));
/// The labels a cover puts before a detail ("Tel:", "E-mail:", "Ffôn:").
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:tel(?:ephone)?|phone|t|ffôn|e-?mail|e|ebost|e-bost|address|cyfeiriad|website|web|w|gwefan)\s*[:.]?\s*$")
        .expect("the pattern is valid")
});

/// Words that make a line the school's name.
const SCHOOL_WORDS: &[&str] = &["school", "academy", "ysgol", "college", "infants", "juniors"];

/// Reads the school's details from the first `reach` blocks, taking out the lines that
/// held nothing else. `title` is the policy's, which is never the school's name.
pub(crate) fn from_cover(blocks: &mut Vec<Block>, reach: usize, title: &str) -> Contact {
    let mut contact = Contact::default();
    let mut i = 0;
    let mut looked = 0;
    // The cover ends where the text begins: two blocks that are not the school's details
    // (the title, and whatever follows it).
    let mut other = 0;
    while i < blocks.len() && looked < reach && other < 2 {
        looked += 1;
        // A title (Word's Title style) is part of the cover, in one language or two.
        if matches!(blocks[i], Block::Heading { level: 0, .. }) {
            i += 1;
            continue;
        }
        // An address typed a line to a paragraph, the postcode last.
        if contact.address.is_empty()
            && let Some(lines) = address_lines(&blocks[i..], title)
        {
            contact.address = lines.clone();
            blocks.drain(i..i + lines.len());
            continue;
        }
        let (Block::Paragraph(text) | Block::Heading { text, .. }) = &mut blocks[i] else {
            other += 1;
            i += 1;
            continue;
        };
        // The school's name again, in its other language: text, but still the cover.
        if contact.name.is_some() && is_school_name(plain(text).trim()) {
            i += 1;
            continue;
        }
        let mut kept: Vec<Vec<Inline>> = Vec::new();
        let mut took = false;
        for line in model::lines(text) {
            if read_line(&plain(&line), title, &mut contact) {
                took = true;
            } else {
                kept.push(line);
            }
        }
        if !took {
            other += 1;
        } else if kept.is_empty() {
            blocks.remove(i);
            continue;
        } else {
            *text = kept.join(&Inline::Break);
        }
        i += 1;
    }
    contact
}

/// The lines of an address typed one to a paragraph ("12 Ferncliffe Road", "Meadowbank",
/// "MB4 7QX"), if `blocks` open with one: up to five short lines of plain text, none a
/// sentence, the last a postcode or ending with one.
fn address_lines(blocks: &[Block], title: &str) -> Option<Vec<String>> {
    let mut lines = Vec::new();
    for block in blocks.iter().take(5) {
        let Block::Paragraph(text) = block else { return None };
        let line = plain(text).trim().to_owned();
        let short = !line.is_empty() && line.len() <= 60 && !line.contains(['\n', ':', '@']) && !line.ends_with(['.', '!', '?']);
        if !short || line.eq_ignore_ascii_case(title.trim()) || PHONE.is_match(&line) {
            return None;
        }
        let postcode_last = POSTCODE.find(&line).is_some_and(|m| m.end() == line.len());
        lines.push(line);
        if postcode_last {
            return (lines.len() >= 2).then_some(lines);
        }
    }
    None
}

/// Whether `line` is wholly the school's details (each part a name, an address with its
/// postcode, a phone number, an e-mail address or a web address), recording them if so.
fn read_line(line: &str, title: &str, contact: &mut Contact) -> bool {
    let line = line.trim();
    if line.is_empty() || line.eq_ignore_ascii_case(title.trim()) {
        return false;
    }
    let mut found = contact.clone();
    // "Tel: 01632 960100  Email: office@school.example": details and their labels only.
    let residue = EMAIL.replace_all(&PHONE.replace_all(line, ""), "").to_lowercase();
    let residue: Vec<&str> = residue.split(|c: char| !c.is_alphanumeric() && c != '-').filter(|w| !w.is_empty()).collect();
    if residue.iter().all(|w| LABEL.is_match(w)) && (EMAIL.is_match(line) || PHONE.is_match(line)) {
        if let Some(email) = EMAIL.find(line) {
            found.email.get_or_insert_with(|| email.as_str().to_owned());
        }
        if let Some(phone) = PHONE.find(line) {
            found.phone.get_or_insert_with(|| phone.as_str().to_owned());
        }
        *contact = found;
        return true;
    }
    // A footer's "Page" (its number a field, left out) is no detail of the school.
    let parts: Vec<&str> = line
        .split(['\t', '|', '\u{2022}', '\u{00b7}', '\u{2013}', '\u{2014}'])
        .flat_map(|p| p.split(" - "))
        .map(str::trim)
        .filter(|p| !p.is_empty() && !super::super::model::is_page_number(p))
        .collect();
    if parts.is_empty() {
        return false;
    }
    for part in parts {
        let value = part.split_once(':').filter(|(label, _)| LABEL.is_match(label)).map_or(part, |(_, value)| value.trim());
        if let Some(email) = EMAIL.find(value).filter(|m| m.as_str().len() + 2 >= value.len()) {
            found.email.get_or_insert_with(|| email.as_str().to_owned());
        } else if let Some(phone) = PHONE.find(value).filter(|m| m.as_str().len() + 2 >= value.len()) {
            found.phone.get_or_insert_with(|| phone.as_str().to_owned());
        } else if POSTCODE.is_match(value) && value.contains(',') || POSTCODE.find(value).is_some_and(|m| m.as_str().len() == value.len()) {
            if found.address.is_empty() {
                found.address = value.split(',').map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect();
            }
        } else if value.starts_with("www.") || value.starts_with("http") {
        } else if found.name.is_none() && is_school_name(value) {
            found.name = Some(value.to_owned());
        } else {
            return false;
        }
    }
    *contact = found;
    true
}

/// A school's name as its sign writes it: a few words, each capitalised but the small
/// joining ones, one of them "School", "Academy", "Ysgol" or the like.
fn is_school_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    let small = ["of", "the", "and", "y", "yr", "a", "de", "la", "&", "-", "\u{2013}"];
    (2..=8).contains(&words.len())
        && !text.to_lowercase().contains("policy")
        && words.iter().any(|w| SCHOOL_WORDS.contains(&w.to_lowercase().as_str()))
        && words.iter().all(|w| small.contains(w) || w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()))
}

/// Where the text says the school's name, phone or e-mail again, puts `{{ school.* }}`:
/// each `(text, template)` given.
pub(crate) fn replace_details(inlines: &mut Vec<Inline>, details: &[(String, &str)]) -> usize {
    let mut replaced = 0;
    let mut out = Vec::new();
    for inline in inlines.drain(..) {
        let Inline::Text(span) = inline else {
            out.push(inline);
            continue;
        };
        let mut rest = span.text.as_str();
        loop {
            let next = details
                .iter()
                .filter(|(said, _)| !said.is_empty())
                .filter_map(|(said, template)| rest.find(said.as_str()).map(|at| (at, said.len(), *template)))
                .min_by_key(|(at, len, _)| (*at, std::cmp::Reverse(*len)));
            let Some((at, len, template)) = next else { break };
            push_text(&mut out, &rest[..at], &span.look);
            out.push(Inline::Template(template.to_owned()));
            replaced += 1;
            rest = &rest[at + len..];
        }
        push_text(&mut out, rest, &span.look);
    }
    *inlines = out;
    replaced
}

#[cfg(test)]
mod tests {
    use super::super::super::model::Look;
    use super::*;

    use super::super::tests::para;

    #[test]
    fn a_cover_block_gives_the_schools_details() {
        let mut blocks = vec![
            para("Larkfield Primary School"),
            para("4 Orchard Way, Larkfield, LF3 7QP\nTel: 01632 960123\tEmail: office@larkfield.example"),
            para("Online Safety Policy"),
            para("This policy applies to everyone at Larkfield Primary School."),
        ];
        let contact = from_cover(&mut blocks, 10, "Online Safety Policy");
        assert_eq!(contact.name.as_deref(), Some("Larkfield Primary School"));
        assert_eq!(contact.address, vec!["4 Orchard Way", "Larkfield", "LF3 7QP"]);
        assert_eq!(contact.phone.as_deref(), Some("01632 960123"));
        assert_eq!(contact.email.as_deref(), Some("office@larkfield.example"));
        assert_eq!(blocks.len(), 2, "the cover lines are gone, the text stays: {blocks:?}");
    }

    /// Regression: a cover with the address a line to a paragraph, and one under a title
    /// in two languages with the school's name in both, ended before its details.
    #[test]
    fn an_address_a_line_to_a_paragraph_and_a_cover_in_two_languages_are_read() {
        let mut blocks = vec![
            Block::Heading { level: 1, text: para_text("Meadowbank Primary School") },
            para("12 Ferncliffe Road"),
            para("Meadowbank"),
            para("MB4 7QX"),
            para("Telephone: 01632 960412"),
            para("Email: office@meadowbank.example"),
            Block::Heading { level: 0, text: para_text("Online Safety Policy") },
            para("Approved by:\tFull Governing Body"),
        ];
        let contact = from_cover(&mut blocks, 12, "");
        assert_eq!(contact.name.as_deref(), Some("Meadowbank Primary School"));
        assert_eq!(contact.address, ["12 Ferncliffe Road", "Meadowbank", "MB4 7QX"]);
        assert_eq!(contact.phone.as_deref(), Some("01632 960412"));
        assert_eq!(contact.email.as_deref(), Some("office@meadowbank.example"));
        assert_eq!(blocks.len(), 2, "{blocks:?}");

        let mut blocks = vec![
            Block::Heading { level: 0, text: para_text("Polisi Diogelwch Ar-lein") },
            Block::Heading { level: 0, text: para_text("Online Safety Policy") },
            Block::Heading { level: 1, text: para_text("Ysgol Gynradd Nant y Wennol") },
            Block::Heading { level: 1, text: para_text("Nant y Wennol Primary School") },
            para("Heol y Felin, Llanwennol, LW9 4NB"),
            para("Ffôn / Telephone: 01632 960587"),
            para("E-bost / Email: swyddfa@nantywennol.example"),
            para("Mae'r rhyngrwyd yn rhan bwysig o fywyd bob dydd."),
        ];
        let contact = from_cover(&mut blocks, 12, "");
        assert_eq!(contact.name.as_deref(), Some("Ysgol Gynradd Nant y Wennol"));
        assert_eq!(contact.address, ["Heol y Felin", "Llanwennol", "LW9 4NB"]);
        assert_eq!(contact.phone.as_deref(), Some("01632 960587"));
        assert_eq!(contact.email.as_deref(), Some("swyddfa@nantywennol.example"));
        assert_eq!(blocks.len(), 4, "the titles, the English name and the text stay: {blocks:?}");
    }

    /// Lines of text that end without a postcode are no address.
    #[test]
    fn short_lines_without_a_postcode_are_text() {
        let mut blocks = vec![para("Key people"), para("Headteacher"), para("Mrs A. Example"), para("Online safety lead")];
        assert!(from_cover(&mut blocks, 12, "").address.is_empty());
        assert_eq!(blocks.len(), 4);
    }

    fn para_text(text: &str) -> Vec<Inline> {
        let mut inlines = Vec::new();
        push_text(&mut inlines, text, &Look::default());
        inlines
    }

    #[test]
    fn a_footer_with_its_page_number_left_out_is_the_schools_name() {
        let mut blocks = vec![para("Oakfield Primary School \u{2013} Page")];
        let contact = from_cover(&mut blocks, 10, "Mobile Phone Policy");
        assert_eq!(contact.name.as_deref(), Some("Oakfield Primary School"));
    }

    #[test]
    fn the_text_says_them_as_school_values() {
        let mut inlines = Vec::new();
        push_text(&mut inlines, "Call Larkfield Primary School on 01632 960123.", &Look::default());
        let n = replace_details(
            &mut inlines,
            &[("Larkfield Primary School".into(), "{{ school.name }}"), ("01632 960123".into(), "{{ school.contact.phone }}")],
        );
        assert_eq!(n, 2);
        assert_eq!(plain(&inlines), "Call {{ school.name }} on {{ school.contact.phone }}.");
    }
}
