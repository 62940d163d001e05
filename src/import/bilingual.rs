//! A bilingual document laid out as Welsh schools often lay theirs out: a table of two
//! columns, Welsh on one side and English on the other, a row for each heading or
//! paragraph, under a title written in both ("Polisi Diogelwch Ar-lein / Online Safety
//! Policy"). It becomes two documents, one a translation of the other.

use super::model::{Block, Document, Inline, Look, plain, push_text};

/// A language import tells apart by its commonest words.
struct Language {
    code: &'static str,
    words: &'static [&'static str],
}

const LANGUAGES: [Language; 2] = [
    Language {
        code: "cy",
        words: &[
            "y",
            "yr",
            "a",
            "ac",
            "yn",
            "i",
            "o",
            "ar",
            "gan",
            "mae",
            "bod",
            "ein",
            "eich",
            "ei",
            "eu",
            "ysgol",
            "disgyblion",
            "polisi",
            "rhieni",
            "staff",
            "dylai",
            "bydd",
            "byddwn",
            "gyda",
            "am",
            "hyn",
            "sy'n",
            "ni",
            "neu",
            "pob",
            "holl",
            "rhaid",
            "ddim",
            "nid",
            "wrth",
            "fel",
            "pan",
            "os",
            "yw",
            "oes",
            "ydym",
            "dros",
            "drwy",
            "trwy",
            "hefyd",
        ],
    },
    Language {
        code: "en-GB",
        words: &[
            "the", "and", "of", "to", "is", "are", "our", "school", "pupils", "policy", "will", "in", "for", "with", "be", "all", "we",
            "they", "their", "this", "that", "on", "by", "or", "not", "must", "should", "who", "when", "if", "it", "at", "as", "from",
        ],
    },
];

/// The language `text` is written in, when its common words say so clearly.
fn language_of(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase().replace('\u{2019}', "'");
    let words: Vec<&str> = lower.split(|c: char| !(c.is_alphanumeric() || c == '\'')).filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return None;
    }
    let score = |language: &Language| words.iter().filter(|w| language.words.contains(w)).count();
    let scores: Vec<(usize, &str)> = LANGUAGES.iter().map(|l| (score(l), l.code)).collect();
    let (best, code) = *scores.iter().max_by_key(|(s, _)| *s)?;
    let second = scores.iter().filter(|(_, c)| *c != code).map(|(s, _)| *s).max().unwrap_or(0);
    (best > 0 && best > second * 2).then_some(code)
}

fn blocks_text(blocks: &[Block]) -> String {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { text, .. } | Block::Paragraph(text) | Block::Item { text, .. } => Some(plain(text)),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a table is two columns of one text in two languages: which language each
/// column is in, when most rows with words in both say the same.
fn columns_of(rows: &[Vec<super::model::Cell>]) -> Option<(&'static str, &'static str)> {
    let mut votes: Vec<(&str, &str)> = Vec::new();
    let mut two_cells = 0;
    for row in rows {
        let [left, right] = row.as_slice() else { continue };
        two_cells += 1;
        if let (Some(a), Some(b)) = (language_of(&blocks_text(&left.blocks)), language_of(&blocks_text(&right.blocks)))
            && a != b
        {
            votes.push((a, b));
        }
    }
    // Rows too short to tell (a heading, "Rolau | Roles") have no vote; of those that do,
    // most must say the same.
    let first = *votes.first()?;
    let agreeing = votes.iter().filter(|v| **v == first).count();
    (two_cells * 2 >= rows.len() && agreeing * 3 >= votes.len() * 2 && agreeing >= 2).then_some(first)
}

/// A line written in both languages ("Polisi Diogelwch Ar-lein / Online Safety Policy"):
/// its two halves, in the columns' order.
fn halves(text: &str, (left, right): (&str, &str)) -> Option<(String, String)> {
    for separator in [" / ", " | ", " \u{2013} ", " - "] {
        if let Some((a, b)) = text.split_once(separator) {
            let (la, lb) = (language_of(a).or_else(|| title_language(a)), language_of(b).or_else(|| title_language(b)));
            if la == Some(left) && lb == Some(right) {
                return Some((a.trim().to_owned(), b.trim().to_owned()));
            }
            if la == Some(right) && lb == Some(left) {
                return Some((b.trim().to_owned(), a.trim().to_owned()));
            }
        }
    }
    None
}

/// A title's language, from the words titles use ("Polisi", "Policy").
fn title_language(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    if ["polisi", "cytundeb", "canllaw", "ysgol"].iter().any(|w| lower.contains(w)) {
        Some("cy")
    } else if ["policy", "agreement", "guidance", "school"].iter().any(|w| lower.contains(w)) {
        Some("en-GB")
    } else {
        None
    }
}

fn with_text(block: &Block, text: &str) -> Block {
    let mut inlines: Vec<Inline> = Vec::new();
    push_text(&mut inlines, text, &Look::default());
    match block {
        Block::Heading { level, .. } => Block::Heading { level: *level, text: inlines },
        _ => Block::Paragraph(inlines),
    }
}

/// The document as two, `(language, document)` for each column in order, when it is laid
/// out as two columns in two languages; `None` for any other document.
pub(crate) fn split(document: &Document) -> Option<[(&'static str, Document); 2]> {
    let columns = document.blocks.iter().find_map(|b| if let Block::Table(rows) = b { columns_of(rows) } else { None })?;
    let (mut left, mut right) = (Document::default(), Document::default());
    for block in &document.blocks {
        match block {
            Block::Table(rows) if columns_of(rows) == Some(columns) => {
                for row in rows {
                    match row.as_slice() {
                        [a, b] => {
                            left.blocks.extend(a.blocks.iter().cloned());
                            right.blocks.extend(b.blocks.iter().cloned());
                        }
                        // A row across both columns (a heading over them) goes to both.
                        other => {
                            for cell in other {
                                left.blocks.extend(cell.blocks.iter().cloned());
                                right.blocks.extend(cell.blocks.iter().cloned());
                            }
                        }
                    }
                }
            }
            Block::Heading { text, .. } | Block::Paragraph(text) => match halves(&plain(text), columns) {
                Some((a, b)) => {
                    left.blocks.push(with_text(block, &a));
                    right.blocks.push(with_text(block, &b));
                }
                // A line in one language (a title, the school's name, in each) is that
                // language's; one in neither (an address, a phone number) is both's.
                None => {
                    let said = plain(text);
                    let language = match block {
                        Block::Heading { .. } => title_language(&said).or_else(|| language_of(&said)),
                        _ => language_of(&said),
                    };
                    if language != Some(columns.1) {
                        left.blocks.push(block.clone());
                    }
                    if language != Some(columns.0) {
                        right.blocks.push(block.clone());
                    }
                }
            },
            other => {
                left.blocks.push(other.clone());
                right.blocks.push(other.clone());
            }
        }
    }
    left.notes = document.notes.clone();
    right.notes = document.notes.clone();
    left.page_furniture = document.page_furniture.clone();
    right.page_furniture = document.page_furniture.clone();
    Some([(columns.0, left), (columns.1, right)])
}

#[cfg(test)]
mod tests {
    use super::super::model::Cell;
    use super::*;

    fn para(text: &str) -> Block {
        with_text(&Block::Paragraph(Vec::new()), text)
    }

    fn row(a: &str, b: &str) -> Vec<Cell> {
        vec![Cell { blocks: vec![para(a)], across: 1 }, Cell { blocks: vec![para(b)], across: 1 }]
    }

    #[test]
    fn welsh_and_english_side_by_side_become_two_documents() {
        let document = Document {
            blocks: vec![
                Block::Heading { level: 0, text: plain_inlines("Polisi Diogelwch Ar-lein / Online Safety Policy") },
                Block::Table(vec![
                    row(
                        "Mae'r polisi hwn yn berthnasol i bob disgybl a phob aelod o staff.",
                        "This policy applies to every pupil and every member of staff.",
                    ),
                    row("Rydym yn dysgu ein disgyblion i fod yn ddiogel ar-lein.", "We teach our pupils to be safe online."),
                    row("Dylai rhieni siarad â'u plant am y rheolau.", "Parents should talk to their children about the rules."),
                ]),
            ],
            ..Document::default()
        };
        let [(welsh, cy), (english, en)] = split(&document).expect("a bilingual document");
        assert_eq!((welsh, english), ("cy", "en-GB"));
        assert_eq!(
            plain(match &cy.blocks[0] {
                Block::Heading { text, .. } => text,
                _ => panic!(),
            }),
            "Polisi Diogelwch Ar-lein"
        );
        assert_eq!(en.blocks.len(), 4);
        assert_eq!(blocks_text(&en.blocks[2..3]), "We teach our pupils to be safe online.");
    }

    /// Regression: a title in each language on lines of their own, and the school's name
    /// in each, went to both documents, so the English page had the Welsh title.
    #[test]
    fn a_line_in_one_language_above_the_columns_is_that_languages() {
        let heading = |level: u8, text: &str| Block::Heading { level, text: plain_inlines(text) };
        let document = Document {
            blocks: vec![
                heading(0, "Polisi Diogelwch Ar-lein"),
                heading(0, "Online Safety Policy"),
                heading(1, "Ysgol Gynradd Nant y Wennol"),
                heading(1, "Nant y Wennol Primary School"),
                para("Ffôn / Telephone: 01632 960587"),
                Block::Table(vec![
                    row("Rydym yn dysgu ein disgyblion i fod yn ddiogel ar-lein.", "We teach our pupils to be safe online."),
                    row("Dylai rhieni siarad â'u plant am y rheolau.", "Parents should talk to their children about the rules."),
                ]),
            ],
            ..Document::default()
        };
        let [(_, cy), (_, en)] = split(&document).expect("a bilingual document");
        let lines = |d: &Document| d.blocks.iter().take(3).map(|b| blocks_text(std::slice::from_ref(b))).collect::<Vec<_>>();
        assert_eq!(lines(&cy), ["Polisi Diogelwch Ar-lein", "Ysgol Gynradd Nant y Wennol", "Ffôn / Telephone: 01632 960587"]);
        assert_eq!(lines(&en), ["Online Safety Policy", "Nant y Wennol Primary School", "Ffôn / Telephone: 01632 960587"]);
    }

    #[test]
    fn short_heading_rows_do_not_stop_the_split() {
        let document = Document {
            blocks: vec![Block::Table(vec![
                row("Rolau", "Roles"),
                row("Mae'r pennaeth yn gyfrifol am y polisi hwn.", "The headteacher is responsible for this policy."),
                row("Ffonau symudol", "Mobile phones"),
                row("Mae disgyblion yn rhoi eu ffonau i'r athro.", "Pupils give their phones to the teacher."),
                row("Hidlo", "Filtering"),
            ])],
            ..Document::default()
        };
        let [(welsh, cy), (_, en)] = split(&document).expect("a bilingual document");
        assert_eq!(welsh, "cy");
        assert_eq!((cy.blocks.len(), en.blocks.len()), (5, 5));
    }

    #[test]
    fn a_table_of_two_columns_in_one_language_is_a_table() {
        let document = Document {
            blocks: vec![Block::Table(vec![
                row("Headteacher", "Mrs Ada Example"),
                row("The school office", "Open from 8am to 4pm on every school day."),
            ])],
            ..Document::default()
        };
        assert!(split(&document).is_none());
    }

    fn plain_inlines(text: &str) -> Vec<Inline> {
        let mut inlines = Vec::new();
        push_text(&mut inlines, text, &Look::default());
        inlines
    }
}
