//! What a document says that is data rather than text, recognised between reading it
//! and writing it: the approval details ([`approval`]), the school's own details
//! ([`contact`]), the people and their roles ([`people`]) and the agreements at the back
//! ([`agreements`]). Format-blind: every reader's document comes through here.
//!
//! In: a document and what the school already says of itself. Out: the facts found, and
//! the document without what became data, the names it gives as roles put back as
//! `{{ role(...) }}` and the school's own details as `{{ school.* }}`.

pub(crate) mod agreements;
pub(crate) mod approval;
pub(crate) mod contact;
pub(crate) mod dates;
pub(crate) mod people;

use super::model::{Block, Document, Inline, plain};

/// How far into a document its cover and header reach, in blocks.
const TOP: usize = 25;

/// What the school already says of itself, for telling a person from a pupil and a known
/// detail from a new one.
#[derive(Default)]
pub(crate) struct Known {
    /// The school's roles as `(title, id)`: its own titles and the built-in ones.
    pub(crate) roles: Vec<(String, String)>,
    /// The school's name, phone and e-mail where school.yaml gives them.
    pub(crate) name: Option<String>,
    pub(crate) phone: Option<String>,
    pub(crate) email: Option<String>,
    /// The pupils' names from a roster, compared folded: never taken for staff.
    pub(crate) pupils: Vec<String>,
    /// The people school.yaml names, with their roles.
    pub(crate) people: Vec<(String, Vec<String>)>,
}

impl Known {
    fn is_pupil(&self, name: &str) -> bool {
        if self.pupils.is_empty() {
            return false;
        }
        let words: Vec<&str> = name.split_whitespace().filter(|w| !people::is_title(w)).collect();
        let key = crate::names::comparison_key(&words.join(" "));
        self.pupils.contains(&key)
    }
}

/// What was recognised in one document.
#[derive(Debug, Default)]
pub(crate) struct Facts {
    pub(crate) approval: approval::Approval,
    pub(crate) contact: contact::Contact,
    pub(crate) people: Vec<people::Named>,
    /// The people found and those school.yaml already names: whose names the text may
    /// say, and who else holds each role.
    pub(crate) everyone: Vec<people::Named>,
    /// Names replaced by `{{ role(...) }}`.
    pub(crate) names_replaced: usize,
    /// People left named as written: several roles, none clear where they are named.
    pub(crate) names_left: Vec<String>,
    /// How many names from the roster the document gives, never taken for staff.
    pub(crate) pupils_named: usize,
    /// The school's details replaced by `{{ school.* }}`.
    pub(crate) details_replaced: usize,
    pub(crate) agreements: Vec<agreements::Agreement>,
}

/// Every run of text in `blocks`, tables' cells included, for `change`.
pub(crate) fn each_text(blocks: &mut [Block], change: &mut impl FnMut(&mut Vec<Inline>)) {
    for block in blocks {
        match block {
            Block::Heading { text, .. } | Block::Paragraph(text) | Block::Item { text, .. } => change(text),
            Block::Table(rows) => {
                for cell in rows.iter_mut().flatten() {
                    each_text(&mut cell.blocks, change);
                }
            }
            Block::Check(_) => {}
        }
    }
}

/// Recognises what `document` says that is data, and its title (see [`super::title_of`]),
/// taken after the cover's lines of school details, which often come before it.
pub(crate) fn recognise(document: &mut Document, file_name: &str, known: &Known) -> (Option<String>, Facts) {
    let cover = contact::from_cover(&mut document.blocks, TOP.min(12), "");
    let found_title = super::title_of(document);
    let title = found_title.as_deref().unwrap_or(file_name);
    let mut facts = Facts { agreements: agreements::split_off(document), contact: cover, ..Facts::default() };

    approval::from_top(&mut document.blocks, TOP, &known.roles, &mut facts.approval);
    let top = document.blocks.len().min(TOP);
    let tail = document.blocks.len().saturating_sub(5);
    let mut said_only_approval = Vec::new();
    for (i, block) in document.blocks.iter().enumerate() {
        if (i < top || i >= tail)
            && let Block::Paragraph(text) = block
            && approval::from_prose(&plain(text), &known.roles, &mut facts.approval)
        {
            said_only_approval.push(i);
        }
    }
    for i in said_only_approval.into_iter().rev() {
        document.blocks.remove(i);
    }
    // The body first: what the page headers say is a second word on the same details.
    approval::from_page_furniture(&mut document.page_furniture, title, &known.roles, &mut facts.approval);
    let mut cover_furniture = document.page_furniture.clone();
    let reach = cover_furniture.len();
    let from_furniture = contact::from_cover(&mut cover_furniture, reach, title);
    if facts.contact.is_empty() && !from_furniture.is_empty() {
        facts.contact = from_furniture;
        document.page_furniture = cover_furniture;
    }

    // People: from tables of roles, then from sentences.
    let mut found: Vec<people::Named> = Vec::new();
    for block in &document.blocks {
        if let Block::Table(rows) = block {
            for person in people::roles_table(rows, &known.roles) {
                found.push(person);
            }
        }
    }
    let mut sentences = Vec::new();
    each_text(&mut document.blocks, &mut |text| sentences.push(plain(text)));
    for sentence in &sentences {
        people::in_sentences(sentence, &known.roles, &mut found);
    }
    // Someone school.yaml already names holds the roles it gives them, whatever role a
    // sentence put them beside ("Ms Okafor (DSL) or Mr Achebe").
    for person in &mut found {
        if let Some((_, roles)) = known.people.iter().find(|(name, _)| people::same_person(name, &person.name)) {
            person.roles.clone_from(roles);
        }
    }
    let (pupils, staff): (Vec<_>, Vec<_>) = found.into_iter().partition(|p| known.is_pupil(&p.name));
    facts.pupils_named = pupils.len();
    facts.people = staff;
    // Everyone the school has, found here or in school.yaml: a name becomes
    // `{{ role(...) }}` only for a role one of them alone holds (see `replace_names`).
    facts.everyone = facts.people.clone();
    for (name, roles) in &known.people {
        if !facts.everyone.iter().any(|p| people::same_person(&p.name, name)) {
            facts.everyone.push(people::Named { name: name.clone(), roles: roles.clone(), said: String::new() });
        }
    }

    // Names as roles, and the school's details as its values, in the policy and in each
    // agreement at its back.
    let school_name = known.name.clone().or_else(|| facts.contact.name.clone());
    let mut details: Vec<(String, &str)> = Vec::new();
    if let Some(name) = school_name {
        details.push((name, "{{ school.name }}"));
    }
    if let Some(phone) = known.phone.clone().or_else(|| facts.contact.phone.clone()) {
        details.push((phone, "{{ school.contact.phone }}"));
    }
    if let Some(email) = known.email.clone().or_else(|| facts.contact.email.clone()) {
        details.push((email, "{{ school.contact.email }}"));
    }
    let mut change = |text: &mut Vec<Inline>| {
        facts.names_replaced += people::replace_names(text, &facts.everyone, &known.roles, &mut facts.names_left);
        facts.details_replaced += contact::replace_details(text, &details);
    };
    each_text(&mut document.blocks, &mut change);
    // What the page headers say that was not data ("Oakfield Academy" left of "Oakfield
    // Academy – Online Safety Policy – Reviewed July 2025") is the school's as much.
    each_text(&mut document.page_furniture, &mut change);
    for note in &mut document.notes {
        change(note);
    }
    for agreement in &mut facts.agreements {
        each_text(&mut agreement.body.blocks, &mut change);
    }
    // What the page headers say that was not data follows the body.
    document.blocks.append(&mut document.page_furniture);
    (found_title, facts)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::model::{Look, push_text};
    use super::*;

    /// A paragraph of `text`, its lines (`\n`) parted by line breaks.
    pub(crate) fn para(text: &str) -> Block {
        let mut inlines = Vec::new();
        for (n, line) in text.split('\n').enumerate() {
            if n > 0 {
                inlines.push(Inline::Break);
            }
            push_text(&mut inlines, line, &Look::default());
        }
        Block::Paragraph(inlines)
    }

    /// Regression: what a page header says beside the approval (the school's name) was
    /// placed after the body as written, so two schools' copies of one policy differed
    /// there and a trust's model could not share its last section.
    #[test]
    fn the_schools_name_left_in_a_page_header_is_the_schools_value() {
        let mut document = Document {
            blocks: vec![
                Block::Heading {
                    level: 1,
                    text: vec![Inline::Text(super::super::model::Span { text: "Oakfield Academy".into(), look: Look::default() })],
                },
                para("The trust reviews this policy every year."),
            ],
            page_furniture: vec![para("Oakfield Academy \u{2013} Online Safety Policy \u{2013} Reviewed July 2025")],
            ..Document::default()
        };
        let known = Known { name: Some("Oakfield Academy".to_owned()), ..Known::default() };
        recognise(&mut document, "Online Safety Policy", &known);
        let texts: Vec<String> =
            document.blocks.iter().map(|b| if let Block::Paragraph(t) = b { plain(t) } else { String::new() }).collect();
        assert!(texts.iter().all(|t| !t.contains("Oakfield")), "{texts:?}");
        assert!(texts.last().is_some_and(|t| t.contains("{{ school.name }}")), "{texts:?}");
    }
}
