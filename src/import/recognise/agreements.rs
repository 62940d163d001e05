//! The agreements at the back of a policy ("Appendix 2: Pupil Acceptable Use Agreement –
//! Key Stage 2"): each becomes an agreement source with its tier, from its heading, and
//! its `signatures:`, from the signature lines or table it ends with (which leave the
//! text: the printed agreement draws its own).

use super::super::model::{self, Block, Cell, Document, Inline, plain};
use super::people::cell_text;
use crate::project::config::SignatureField;

/// An agreement found at the back of a policy.
#[derive(Debug)]
pub(crate) struct Agreement {
    pub(crate) title: String,
    pub(crate) tier: String,
    pub(crate) signatures: Vec<SignatureField>,
    pub(crate) body: Document,
    /// What a person should look at: a tier chosen from several, fields not recognised.
    pub(crate) doubts: Vec<String>,
}

/// Words that make a heading an agreement's.
const AGREEMENT_WORDS: &[&str] = &["agreement", "acceptable use", "aup", "code of conduct", "cytundeb", "defnydd derbyniol", "rules for"];
const APPENDIX_WORDS: &[&str] = &["appendix", "annex", "annexe", "atodiad"];

/// The tiers a heading names, in the order schools' documents name them.
const TIER_WORDS: &[(&str, &[&str])] = &[
    ("eyfs", &["early years", "eyfs", "nursery", "reception", "foundation stage", "blynyddoedd cynnar"]),
    ("foundation-phase", &["foundation phase", "cyfnod sylfaen"]),
    ("ks1", &["key stage 1", "ks1", "infant", "years 1 and 2", "year 1 and 2", "cyfnod allweddol 1"]),
    ("ks2", &["key stage 2", "ks2", "junior", "years 3", "cyfnod allweddol 2"]),
    ("secondary", &["key stage 3", "key stage 4", "ks3", "ks4", "secondary", "student", "years 7", "sixth form", "uwchradd"]),
    ("staff", &["staff", "employee", "governor", "volunteers and staff", "staff a llywodraethwyr", "staff\u{2019}", "adult"]),
    ("parents", &["parent", "carer", "rhieni", "rhiant"]),
    ("visitors", &["visitor", "contractor", "volunteer", "supply", "ymwelwyr"]),
];

fn tiers_named(text: &str) -> Vec<&'static str> {
    let lower = text.to_lowercase();
    TIER_WORDS.iter().filter(|(_, words)| words.iter().any(|w| lower.contains(w))).map(|(tier, _)| *tier).collect()
}

fn is_agreement_heading(text: &str) -> bool {
    let lower = text.to_lowercase();
    AGREEMENT_WORDS.iter().any(|w| lower.contains(w))
}

/// The heading without its "Appendix 2:" prefix.
fn title_of(heading: &str) -> String {
    let trimmed = heading.trim();
    let lower = trimmed.to_lowercase();
    if APPENDIX_WORDS.iter().any(|w| lower.starts_with(w))
        && let Some(at) = trimmed.find([':', '\u{2013}', '\u{2014}', '-', '.'])
    {
        let rest = trimmed[at + 1..].trim_start_matches([':', '\u{2013}', '\u{2014}', '-', '.', ' ']).trim();
        if !rest.is_empty() {
            return rest.to_owned();
        }
    }
    trimmed.to_owned()
}

/// A signature label as schools write it, in the tier's words.
fn field_of(label: &str, tier: &str) -> Option<SignatureField> {
    let l = label.to_lowercase().replace(['\u{2019}', '\''], "");
    let l = l.trim().trim_end_matches([':', '.']).trim();
    let pupil = matches!(tier, "eyfs" | "ks1" | "ks2" | "foundation-phase");
    let student = tier == "secondary";
    let has = |w: &str| l.contains(w);
    Some(if has("parent") || has("carer") || has("rhiant") {
        if has("sign") || has("llofnod") { SignatureField::ParentSignature } else { SignatureField::ParentName }
    } else if has("child") || has("pupil") || has("student") || has("my ") || has("plentyn") || has("disgybl") {
        match (has("sign") || has("llofnod"), pupil || !student) {
            (true, true) if !student => SignatureField::ChildSignature,
            (true, _) => SignatureField::StudentSignature,
            (false, _) if student => SignatureField::StudentName,
            (false, _) => SignatureField::ChildName,
        }
    } else if has("mark") {
        SignatureField::ChildMark
    } else if has("year group") || l == "year" {
        SignatureField::YearGroup
    } else if l == "class" || l == "form" || has("tutor group") || l == "dosbarth" {
        SignatureField::Class
    } else if has("authorised by") || has("line manager") {
        SignatureField::AuthorisedBy
    } else if has("job title") || l == "role" || l == "position" || l == "swydd" {
        SignatureField::JobTitle
    } else if has("organisation") || has("company") {
        SignatureField::Organisation
    } else if has("serial") {
        SignatureField::SerialNumber
    } else if l == "device" {
        SignatureField::Device
    } else if has("sign") || has("llofnod") {
        match tier {
            "parents" => SignatureField::ParentSignature,
            t if pupil && t != "staff" => SignatureField::ChildSignature,
            "secondary" => SignatureField::StudentSignature,
            _ => SignatureField::Signature,
        }
    } else if has("date") || has("dyddiad") {
        SignatureField::Date
    } else if has("name") || l == "enw" || has("enw") {
        match tier {
            "parents" => SignatureField::ParentName,
            "secondary" => SignatureField::StudentName,
            t if pupil && t != "staff" => SignatureField::ChildName,
            _ => SignatureField::PrintedName,
        }
    } else {
        return None;
    })
}

/// The blanks of a signature line: "Child's name: ________  Date: ______".
fn signature_line(text: &str, tier: &str) -> Option<Vec<SignatureField>> {
    let blank = |c: char| c == '_' || c == '.' || c == '\u{2026}';
    let has_blank = text.contains("___") || text.contains("...") || text.contains('\u{2026}');
    let parts: Vec<&str> = text.split(|c: char| blank(c) || c == '\t').map(str::trim).filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        return has_blank.then(Vec::new);
    }
    let colon_ended = text.trim_end().ends_with(':');
    if !(has_blank || colon_ended && parts.len() == 1 && parts[0].split_whitespace().count() <= 4) {
        return None;
    }
    let fields: Option<Vec<SignatureField>> = parts.iter().map(|p| field_of(p, tier)).collect();
    fields.filter(|f| !f.is_empty())
}

/// A table of blanks: a header row of labels (Name | Signature | Date) over empty rows,
/// or rows of a label and an empty cell.
fn signature_table(rows: &[Vec<Cell>], tier: &str) -> Option<Vec<SignatureField>> {
    let texts: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(cell_text).collect()).collect();
    let header = texts.first()?;
    let rest_empty = texts[1..].iter().all(|r| r.iter().all(|c| c.trim().trim_matches(['_', '.']).is_empty()));
    if rest_empty && let Some(fields) = header.iter().map(|c| field_of(c, tier)).collect::<Option<Vec<_>>>() {
        return Some(fields);
    }
    let labelled: Option<Vec<SignatureField>> = texts
        .iter()
        .map(|r| match r.as_slice() {
            [label, value, ..] if value.trim().trim_matches(['_', '.']).is_empty() => field_of(label, tier),
            _ => None,
        })
        .collect();
    labelled.filter(|f| !f.is_empty())
}

/// Splits the agreements off the end of `document`: each heading that names an agreement
/// (and is an appendix, or ends in blanks to sign) and what follows it up to the next
/// heading as high.
pub(crate) fn split_off(document: &mut Document) -> Vec<Agreement> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < document.blocks.len() {
        let Block::Heading { level, text } = &document.blocks[i] else {
            i += 1;
            continue;
        };
        let heading = plain(text);
        if !is_agreement_heading(&heading) {
            i += 1;
            continue;
        }
        let level = *level;
        let end = document.blocks[i + 1..]
            .iter()
            .position(|b| matches!(b, Block::Heading { level: l, text } if *l <= level || is_agreement_heading(&plain(text))))
            .map_or(document.blocks.len(), |at| i + 1 + at);
        let appendix = APPENDIX_WORDS.iter().any(|w| heading.to_lowercase().trim_start().starts_with(w));
        let named = tiers_named(&heading);
        let tier = named.first().copied().unwrap_or("");
        let mut signatures: Vec<SignatureField> = Vec::new();
        let mut blanks = Vec::new();
        for block in &document.blocks[i + 1..end] {
            let fields = match block {
                Block::Paragraph(text) => {
                    let read: Option<Vec<Vec<SignatureField>>> = model::lines(text)
                        .iter()
                        .map(|l| plain(l))
                        .filter(|l| !l.trim().is_empty())
                        .map(|l| signature_line(&l, tier))
                        .collect();
                    read.map(|r| r.concat())
                }
                Block::Table(rows) => signature_table(rows, tier),
                _ => None,
            };
            blanks.push(fields.is_some());
            for field in fields.into_iter().flatten() {
                if !signatures.contains(&field) {
                    signatures.push(field);
                }
            }
        }
        if tier.is_empty() || !appendix && signatures.is_empty() {
            i += 1;
            continue;
        }
        let mut doubts = Vec::new();
        if named.len() > 1 {
            doubts.push(format!(
                "the heading names {}; it was imported for {tier}: copy it for the others the school issues",
                named.join(" and ")
            ));
        }
        if signatures.is_empty() {
            doubts.push("no signature lines were recognised: list the blanks under `signatures:`".to_owned());
        }
        let title = title_of(&heading);
        let tier = tier.to_owned();
        // The heading goes (it is the agreement's title) and so do the blanks to sign.
        let body: Vec<Block> =
            document.blocks.drain(i..end).skip(1).zip(blanks).filter(|(_, blank)| !blank).map(|(b, _)| as_task_item(b)).collect();
        found.push(Agreement { title, tier, signatures, body: Document { blocks: body, ..Document::default() }, doubts });
    }
    found
}

/// The boxes a form draws before a commitment to tick, empty and ticked.
const TICK_BOXES: &[(char, &str)] =
    &[('\u{2610}', "[ ] "), ('\u{25A1}', "[ ] "), ('\u{2751}', "[ ] "), ('\u{2611}', "[x] "), ('\u{2612}', "[x] ")];

/// A line typed with a box to tick ("☐ I have read this agreement") as the agreement's
/// own commitment to tick (`- [ ] I have read ...`), which the page and the printed form
/// draw as a box: the fonts the form is printed in have no "☐". Any other block as it is.
fn as_task_item(block: Block) -> Block {
    let (Block::Paragraph(mut text) | Block::Item { mut text, .. }) = block.clone() else { return block };
    let Some(Inline::Text(first)) = text.first_mut() else { return block };
    let opening = first.text.trim_start();
    let Some((box_char, task)) = TICK_BOXES.iter().find(|(c, _)| opening.starts_with(*c)) else { return block };
    first.text = opening[box_char.len_utf8()..].trim_start().to_owned();
    if first.text.is_empty() {
        text.remove(0);
    }
    text.insert(0, Inline::Template((*task).to_owned()));
    Block::Item { level: 0, ordered: false, text }
}

#[cfg(test)]
mod tests {
    use super::super::super::model::{Look, push_text};
    use super::*;

    fn text(t: &str) -> Vec<Inline> {
        let mut inlines = Vec::new();
        for (n, line) in t.split('\n').enumerate() {
            if n > 0 {
                inlines.push(Inline::Break);
            }
            push_text(&mut inlines, line, &Look::default());
        }
        inlines
    }

    fn heading(level: u8, t: &str) -> Block {
        Block::Heading { level, text: text(t) }
    }

    /// Regression: a staff agreement's tick boxes, typed as "☐", were imported as text
    /// that the printed form's fonts cannot draw, so `build` failed.
    #[test]
    fn boxes_to_tick_become_the_agreements_commitments_to_tick() {
        let mut document = Document {
            blocks: vec![
                heading(1, "Appendix A: Staff Acceptable Use Agreement"),
                Block::Paragraph(text("\u{2610} I have read and agree to follow this agreement.")),
                Block::Paragraph(text("\u{2612}  I would like an e-mail account.")),
                Block::Paragraph(text("Tick the boxes \u{2610} that apply.")),
            ],
            ..Document::default()
        };
        let found = split_off(&mut document);
        let written = super::super::super::markdown::write(&found[0].body, 2);
        assert_eq!(
            written,
            "- [ ] I have read and agree to follow this agreement.\n- [x] I would like an e-mail account.\n\nTick the boxes \u{2610} that apply.\n"
        );
    }

    #[test]
    fn appendices_become_agreements_with_tier_and_signatures() {
        let mut document = Document {
            blocks: vec![
                heading(1, "Acceptable use agreements"),
                Block::Paragraph(text("Every pupil signs an agreement each September.")),
                heading(1, "Appendix 1: Acceptable Use Agreement \u{2013} Key Stage 2"),
                Block::Item { level: 0, ordered: false, text: text("I will keep my password secret.") },
                Block::Paragraph(text("Child's name: ____________\nClass: ______\nParent/carer signature: __________  Date: ______")),
                heading(1, "Appendix 2: Staff Acceptable Use Agreement"),
                Block::Paragraph(text("I will use school systems for school work.")),
                Block::Table(vec![
                    vec![
                        Cell { blocks: vec![Block::Paragraph(text("Name"))], across: 1 },
                        Cell { blocks: vec![Block::Paragraph(text("Signature"))], across: 1 },
                        Cell { blocks: vec![Block::Paragraph(text("Date"))], across: 1 },
                    ],
                    vec![Cell { blocks: vec![], across: 1 }, Cell { blocks: vec![], across: 1 }, Cell { blocks: vec![], across: 1 }],
                ]),
            ],
            ..Document::default()
        };
        let found = split_off(&mut document);
        assert_eq!(document.blocks.len(), 2, "the section about agreements stays in the policy");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].tier, "ks2");
        assert_eq!(found[0].title, "Acceptable Use Agreement \u{2013} Key Stage 2");
        assert_eq!(
            found[0].signatures,
            vec![SignatureField::ChildName, SignatureField::Class, SignatureField::ParentSignature, SignatureField::Date]
        );
        assert_eq!(found[0].body.blocks.len(), 1);
        assert_eq!(found[1].tier, "staff");
        assert_eq!(found[1].signatures, vec![SignatureField::PrintedName, SignatureField::Signature, SignatureField::Date]);
    }
}
