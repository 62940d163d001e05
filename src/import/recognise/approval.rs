//! A policy's approval details as schools lay them out at the top of the document:
//! "Approved by:\tFull Governing Body" lines, a two-column table, a row of labels over a
//! row of values, the page header ("Online Safety Policy – Reviewed July 2025") or a
//! sentence ("approved by the governing body on 3 March 2025 and will be reviewed in
//! March 2026"). They become the school's `policies:` entry; the lines and rows they
//! came from leave the text, the page showing them in its policy record.

use std::sync::LazyLock;

use regex::Regex;

use super::super::model::{self, Block, Cell, Inline, Look, plain, push_text};
use super::{dates, people};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Owner,
    ApprovedBy,
    ApprovedOn,
    LastReviewedOn,
    LastReviewedBy,
    NextReview,
    ReviewEvery,
}

impl Field {
    /// The key in school.yaml's `policies:` entry.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Field::Owner => "owner",
            Field::ApprovedBy => "approved_by",
            Field::ApprovedOn => "approved_on",
            Field::LastReviewedOn => "last_reviewed_on",
            Field::LastReviewedBy => "last_reviewed_by",
            Field::NextReview => "next_review",
            Field::ReviewEvery => "review_every",
        }
    }

    fn is_date(self) -> bool {
        matches!(self, Field::ApprovedOn | Field::LastReviewedOn | Field::NextReview)
    }
}

/// Labels as schools write them, lower case without punctuation, longest first where one
/// begins another.
const LABELS: &[(&str, Field)] = &[
    ("date of next review", Field::NextReview),
    ("next review date", Field::NextReview),
    ("next review due", Field::NextReview),
    ("next review", Field::NextReview),
    ("review date", Field::NextReview),
    ("due for review", Field::NextReview),
    ("review due", Field::NextReview),
    ("to be reviewed", Field::NextReview),
    ("renewal date", Field::NextReview),
    ("dyddiad adolygu nesaf", Field::NextReview),
    ("adolygiad nesaf", Field::NextReview),
    ("dyddiad adolygu", Field::NextReview),
    ("last reviewed by", Field::LastReviewedBy),
    ("reviewed by", Field::LastReviewedBy),
    ("date of last review", Field::LastReviewedOn),
    ("date last reviewed", Field::LastReviewedOn),
    ("last review date", Field::LastReviewedOn),
    ("last reviewed", Field::LastReviewedOn),
    ("last review", Field::LastReviewedOn),
    ("date reviewed", Field::LastReviewedOn),
    ("reviewed on", Field::LastReviewedOn),
    ("reviewed", Field::LastReviewedOn),
    ("adolygwyd", Field::LastReviewedOn),
    ("review frequency", Field::ReviewEvery),
    ("frequency of review", Field::ReviewEvery),
    ("review cycle", Field::ReviewEvery),
    ("review period", Field::ReviewEvery),
    ("review interval", Field::ReviewEvery),
    ("reviewed every", Field::ReviewEvery),
    ("date of approval", Field::ApprovedOn),
    ("date approved", Field::ApprovedOn),
    ("approval date", Field::ApprovedOn),
    ("approved on", Field::ApprovedOn),
    ("date ratified", Field::ApprovedOn),
    ("ratified on", Field::ApprovedOn),
    ("date adopted", Field::ApprovedOn),
    ("adopted on", Field::ApprovedOn),
    ("date agreed", Field::ApprovedOn),
    ("dyddiad cymeradwyo", Field::ApprovedOn),
    ("approved by", Field::ApprovedBy),
    ("ratified by", Field::ApprovedBy),
    ("agreed by", Field::ApprovedBy),
    ("adopted by", Field::ApprovedBy),
    ("approving body", Field::ApprovedBy),
    ("cymeradwywyd gan", Field::ApprovedBy),
    ("policy owner", Field::Owner),
    ("owner", Field::Owner),
    ("person responsible", Field::Owner),
    ("responsible person", Field::Owner),
    ("member of staff responsible", Field::Owner),
    ("policy lead", Field::Owner),
    ("staff lead", Field::Owner),
    ("perchennog y polisi", Field::Owner),
];

/// Labels of a policy's header that are not approval data, and stay in the text.
const OTHER_LABELS: &[&str] = &["version", "status", "policy name", "policy", "title", "linked policies", "statutory", "audience", "scope"];

fn label_words(text: &str) -> String {
    text.to_lowercase().split(|c: char| !c.is_alphanumeric() && c != '\'').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The field a label names, whole ("Date approved", "Next review date:").
pub(crate) fn field_of(label: &str) -> Option<Field> {
    let words = label_words(label);
    LABELS.iter().find(|(l, _)| *l == words).map(|(_, f)| *f)
}

/// A value found for a field: what school.yaml is given, where it was read, and why a
/// person should look at it, if they should.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Value {
    pub(crate) field: Field,
    /// The YAML value as written after the key (quoted where it must be); `None` when
    /// the document left a placeholder or a value import could not read.
    pub(crate) yaml: Option<String>,
    pub(crate) said: String,
    pub(crate) doubt: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct Approval {
    pub(crate) values: Vec<Value>,
}

impl Approval {
    pub(crate) fn get(&self, field: Field) -> Option<&Value> {
        self.values.iter().find(|v| v.field == field)
    }

    /// Keeps the first value of each field; a later one that differs is a doubt on it.
    fn add(&mut self, value: Value) {
        match self.values.iter_mut().find(|v| v.field == value.field) {
            Some(first) if first.yaml != value.yaml && value.yaml.is_some() && first.doubt.is_none() => {
                first.doubt = Some(format!("the document also says \"{}\"", value.said));
            }
            Some(_) => {}
            None => self.values.push(value),
        }
    }
}

/// YAML's double-quoted string, which holds any text safely.
pub(crate) fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

/// `value` read for `field`; `said` is the whole line, for the report and messages.
fn value_for(field: Field, value: &str, said: &str, custom_roles: &[(String, String)]) -> Value {
    let value = value.trim().trim_matches(['\u{2013}', '-', ':']).trim();
    let unreadable = |doubt: String| Value { field, yaml: None, said: said.to_owned(), doubt: Some(doubt) };
    let placeholder = value.is_empty()
        || value.contains(['[', '_'])
        || ["xx", "insert", "tbc", "tba", "tbd", "dd/mm"].iter().any(|p| value.to_lowercase().contains(p));
    if placeholder {
        return unreadable(format!("the document left \"{value}\" to fill in"));
    }
    let sure = |yaml: String| Value { field, yaml: Some(yaml), said: said.to_owned(), doubt: None };
    match field {
        Field::ApprovedBy | Field::LastReviewedBy => sure(quoted(value)),
        Field::Owner => match people::role_of(value, custom_roles) {
            Some(role) => sure(role),
            None => unreadable(format!("\"{value}\" is not a role policypress knows: give the role that owns the policy, e.g. dsl")),
        },
        Field::ReviewEvery => match dates::read_interval(value) {
            Some(every) => sure(quoted(&every)),
            None => unreadable(format!("\"{value}\" is not a review interval policypress can read")),
        },
        _ if field.is_date() => match dates::read(value) {
            Some(date) => Value { field, yaml: Some(quoted(&date.yaml)), said: said.to_owned(), doubt: date.doubt },
            None if field == Field::NextReview && dates::read_interval(value).is_some() => Value {
                field: Field::ReviewEvery,
                yaml: dates::read_interval(value).map(|every| quoted(&every)),
                said: said.to_owned(),
                doubt: None,
            },
            None => unreadable(format!("\"{value}\" is not a date policypress can read")),
        },
        _ => unreadable(format!("\"{value}\" was not read")),
    }
}

/// A line "Label: value", "Label<tab>value" or several ("Approved by: FGB<tab>Date: 1/9/25"):
/// the values, and whether every part of the line was a label of a policy's header.
fn line_values(line: &str, custom_roles: &[(String, String)]) -> (Vec<Value>, bool) {
    let mut values = Vec::new();
    let mut whole = true;
    let cells: Vec<&str> = line.split('\t').map(str::trim).filter(|c| !c.is_empty()).collect();
    let mut i = 0;
    while i < cells.len() {
        let cell = cells[i];
        let (label, value) = match cell.split_once(':') {
            Some((label, value)) if !value.trim().is_empty() => (label, value.to_owned()),
            Some((label, _)) => (label, cells.get(i + 1).map(|v| (*v).to_owned()).inspect(|_| i += 1).unwrap_or_default()),
            None if field_of(cell).is_some() || OTHER_LABELS.contains(&label_words(cell).as_str()) => {
                (cell, cells.get(i + 1).map(|v| (*v).to_owned()).inspect(|_| i += 1).unwrap_or_default())
            }
            None => {
                whole = false;
                i += 1;
                continue;
            }
        };
        let words = label_words(label);
        let approver = ["approved by ", "ratified by ", "agreed by ", "adopted by "].iter().find_map(|l| words.strip_prefix(l));
        match field_of(label) {
            Some(field) => values.push(value_for(field, &value, line.trim(), custom_roles)),
            // "Approved by the governors: 1 July 2026": who in the label, when after it.
            None if approver.is_some() && dates::read(&value).is_some() => {
                let by = label.split_whitespace().skip(2).collect::<Vec<_>>().join(" ");
                let by = by.strip_prefix("the ").unwrap_or(&by);
                let mut by = by.to_owned();
                by[..1].make_ascii_uppercase();
                values.push(value_for(Field::ApprovedBy, &by, line.trim(), custom_roles));
                values.push(value_for(Field::ApprovedOn, &value, line.trim(), custom_roles));
            }
            // "Date: 14/10/25" after "Approved by: ..." is the approval's date.
            None if label_words(label) == "date" && values.last().is_some_and(|v: &Value| v.field == Field::ApprovedBy) => {
                values.push(value_for(Field::ApprovedOn, &value, line.trim(), custom_roles));
            }
            None if OTHER_LABELS.contains(&label_words(label).as_str()) => {}
            None => whole = false,
        }
        i += 1;
    }
    (values, whole)
}

/// Reads the approval details from the first `reach` blocks of `blocks`, taking out the
/// lines and rows they were read from.
pub(crate) fn from_top(blocks: &mut Vec<Block>, reach: usize, custom_roles: &[(String, String)], found: &mut Approval) {
    let mut i = 0;
    let mut looked = 0;
    while i < blocks.len() && looked < reach {
        looked += 1;
        match &mut blocks[i] {
            Block::Paragraph(text) => {
                let mut kept: Vec<Vec<Inline>> = Vec::new();
                let mut took = false;
                for line in model::lines(text) {
                    let (values, whole) = line_values(&plain(&line), custom_roles);
                    if values.is_empty() || !whole {
                        kept.push(line);
                        continue;
                    }
                    took = true;
                    values.into_iter().for_each(|v| found.add(v));
                }
                if took {
                    if kept.iter().all(|l| plain(l).trim().is_empty()) {
                        blocks.remove(i);
                        continue;
                    }
                    *text = kept.join(&Inline::Break);
                }
            }
            Block::Table(rows) => {
                let took = from_table(rows, custom_roles, found);
                if took && rows.is_empty() {
                    blocks.remove(i);
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
}

/// Reads a table of approval details: rows of label and value (or two pairs a row), or a
/// row of labels over a row of values. The rows read are taken out; true if any were.
fn from_table(rows: &mut Vec<Vec<Cell>>, custom_roles: &[(String, String)], found: &mut Approval) -> bool {
    let texts = |row: &[Cell]| row.iter().map(people::cell_text).collect::<Vec<_>>();
    // A row of labels over a row of values.
    if rows.len() >= 2 {
        let labels = texts(&rows[0]);
        let fields: Vec<Option<Field>> = labels.iter().map(|l| field_of(l)).collect();
        if fields.iter().filter(|f| f.is_some()).count() >= 2 {
            let values = texts(&rows[1]);
            let said = labels.iter().zip(&values).map(|(l, v)| format!("{l}: {v}")).collect::<Vec<_>>().join("; ");
            for (field, value) in fields.iter().zip(&values) {
                if let Some(field) = field {
                    found.add(value_for(*field, value, &said, custom_roles));
                }
            }
            rows.drain(..2);
            return true;
        }
    }
    let mut took = false;
    rows.retain(|row| {
        let cells = texts(row);
        let line = cells.join("\t");
        let (values, whole) = line_values(&line, custom_roles);
        if values.is_empty() || !whole || cells.len() % 2 != 0 {
            return true;
        }
        took = true;
        values.into_iter().for_each(|v| found.add(v));
        false
    });
    took
}

/// Reads the page headers' and footers' approval details ("Reviewed July 2025", "Approved
/// by governors: 14 October 2025"), taking out the parts read; a line left with nothing
/// but the policy's title or the school's name is taken out too.
pub(crate) fn from_page_furniture(furniture: &mut Vec<Block>, title: &str, custom_roles: &[(String, String)], found: &mut Approval) {
    furniture.retain_mut(|block| {
        let Block::Paragraph(text) = block else { return true };
        let line = plain(text);
        let mut took = false;
        let mut kept = Vec::new();
        for part in line.split(['|', '\u{2013}', '\u{2014}', '\t']).flat_map(|p| p.split(" - ")).map(str::trim).filter(|p| !p.is_empty()) {
            let (values, whole) = line_values(part, custom_roles);
            if !values.is_empty() && whole {
                took = true;
                values.into_iter().for_each(|v| found.add(v));
                continue;
            }
            if let Some(value) = prefixed_value(part, custom_roles) {
                took = true;
                found.add(value);
                continue;
            }
            kept.push(part.to_owned());
        }
        if !took {
            return true;
        }
        let kept: Vec<String> = kept.into_iter().filter(|p| !p.eq_ignore_ascii_case(title.trim())).collect();
        if kept.is_empty() {
            return false;
        }
        let mut inlines = Vec::new();
        push_text(&mut inlines, &kept.join(" \u{2013} "), &Look::default());
        *text = inlines;
        true
    });
}

/// "Reviewed July 2025", "Next review September 2026": a label and its value without a
/// colon between, as a page header writes them.
fn prefixed_value(part: &str, custom_roles: &[(String, String)]) -> Option<Value> {
    let words = label_words(part);
    let (label, field) = LABELS.iter().find(|(l, _)| words.starts_with(l) && words.len() > l.len())?;
    let rest: String = part.split_whitespace().skip(label.split(' ').count()).collect::<Vec<_>>().join(" ");
    let value = value_for(*field, &rest, part, custom_roles);
    value.yaml.is_some().then_some(value)
}

static APPROVED_IN_PROSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:approved|ratified|adopted|agreed)\s+by\s+(?:the\s+)?(?P<by>[^.;,]{3,60}?)\s+on\s+(?P<on>[^.;]{6,30}?)(?:\s+and\b|[.;,]|$)")
        .expect("the pattern is valid")
});

static REVIEWED_IN_PROSE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?P<next>will\s+be|is\s+to\s+be|is\s+due\s+to\s+be|to\s+be|next)\s+reviewed\s+(?:again\s+)?(?:in|by|on|before|during)\s+(?P<on>[^.;]{4,30}?)(?:\s+and\b|[.;,]|$)")
        .expect("the pattern is valid")
});

/// "Cafodd y polisi ei gymeradwyo gan ... ar ...", and the impersonal "Cymeradwywyd y
/// polisi hwn gan ... ar ..." (the verb in any of its mutations).
static WELSH_APPROVED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\bcafodd\s+(?:y\s+polisi\s+(?:hwn\s+)?)?ei\s+)?\b(?:c|g|ch|ngh)ymeradwy(?:o|wyd|ir)\b(?:\s+[\p{L}'\u{2019}]+){0,3}?\s+gan\s+(?P<by>[^.;,]{3,60}?)\s+ar\s+(?P<on>\d{1,2}\s+\p{L}+\s+\d{4})")
        .expect("the pattern is valid")
});

static WELSH_REVIEWED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:\bbydd\s+(?:y\s+polisi\s+(?:hwn\s+)?)?(?:yn\s+cael\s+ei\s+)?)?\b(?:adolygu|adolygir)\s+(?:\p{L}+\s+){0,3}?(?:ym\s+mis|erbyn|yn)\s+(?P<on>\p{L}+\s+\d{4})")
        .expect("the pattern is valid")
});

/// Approval details said in a sentence. Returns whether the text was little but them
/// (a paragraph of its own, which then leaves the text: the page's record says it, and
/// stays true when the dates change), or holds none, or more besides (it stays).
pub(crate) fn from_prose(text: &str, custom_roles: &[(String, String)], found: &mut Approval) -> bool {
    let mut said_words = 0;
    for captures in APPROVED_IN_PROSE.captures_iter(text).chain(WELSH_APPROVED.captures_iter(text)) {
        let said = captures.get(0).map_or("", |m| m.as_str()).trim();
        said_words += said.split_whitespace().count();
        let by = captures["by"].trim();
        let mut by_text = by.to_owned();
        by_text[..1].make_ascii_uppercase();
        found.add(value_for(Field::ApprovedBy, &by_text, said, custom_roles));
        found.add(value_for(Field::ApprovedOn, &captures["on"], said, custom_roles));
    }
    for captures in REVIEWED_IN_PROSE.captures_iter(text).chain(WELSH_REVIEWED.captures_iter(text)) {
        let said = captures.get(0).map_or("", |m| m.as_str()).trim();
        said_words += said.split_whitespace().count();
        found.add(value_for(Field::NextReview, &captures["on"], said, custom_roles));
    }
    let words = text.split_whitespace().count();
    said_words > 0 && words.saturating_sub(said_words) <= 6.max(words / 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::tests::para;

    fn cell(text: &str) -> Cell {
        Cell { blocks: vec![para(text)], across: 1 }
    }

    fn yaml(found: &Approval, field: Field) -> Option<String> {
        found.get(field).and_then(|v| v.yaml.clone())
    }

    #[test]
    fn tab_separated_lines_are_read_and_taken_out() {
        let mut blocks = vec![
            para("Larkfield Primary School"),
            para("Approved by:\tFull Governing Body\nDate approved:\t14th October 2025\nNext review:\tOctober 2026"),
            para("Version 2"),
        ];
        let mut found = Approval::default();
        from_top(&mut blocks, 10, &[], &mut found);
        assert_eq!(yaml(&found, Field::ApprovedBy).as_deref(), Some("\"Full Governing Body\""));
        assert_eq!(yaml(&found, Field::ApprovedOn).as_deref(), Some("\"2025-10-14\""));
        assert_eq!(yaml(&found, Field::NextReview).as_deref(), Some("\"2026-10\""));
        assert_eq!(blocks.len(), 2, "{blocks:?}");
    }

    #[test]
    fn a_two_column_table_and_a_row_of_labels() {
        let mut blocks = vec![Block::Table(vec![
            vec![cell("Policy owner"), cell("Designated Safeguarding Lead")],
            vec![cell("Approved by"), cell("Trust Board")],
            vec![cell("Date approved"), cell("01/09/2025")],
            vec![cell("Review date"), cell("September 2026")],
            vec![cell("Version"), cell("3.1")],
        ])];
        let mut found = Approval::default();
        from_top(&mut blocks, 10, &[], &mut found);
        assert_eq!(yaml(&found, Field::Owner).as_deref(), Some("dsl"));
        assert_eq!(yaml(&found, Field::ApprovedOn).as_deref(), Some("\"2025-09-01\""));
        assert!(found.get(Field::ApprovedOn).unwrap().doubt.is_some(), "1/9 could be 9 January");
        let Block::Table(rows) = &blocks[0] else { panic!() };
        assert_eq!(rows.len(), 1, "the version row stays");

        let mut blocks = vec![Block::Table(vec![
            vec![cell("Approved by"), cell("Date approved"), cell("Next review")],
            vec![cell("Governors"), cell("3 March 2025"), cell("Spring 2026")],
        ])];
        let mut found = Approval::default();
        from_top(&mut blocks, 10, &[], &mut found);
        assert_eq!(yaml(&found, Field::NextReview).as_deref(), Some("\"Spring 2026\""));
        assert!(blocks.is_empty());
    }

    #[test]
    fn placeholders_are_not_values() {
        let mut blocks = vec![para("Date approved: XX/XX/XXXX\nApproved by: [Insert name of committee]")];
        let mut found = Approval::default();
        from_top(&mut blocks, 10, &[], &mut found);
        assert_eq!(found.values.len(), 2);
        assert!(found.values.iter().all(|v| v.yaml.is_none() && v.doubt.is_some()));
    }

    #[test]
    fn page_headers_and_sentences() {
        let mut furniture = vec![para("Oakfield Academy \u{2013} Online Safety Policy \u{2013} Reviewed July 2025")];
        let mut found = Approval::default();
        from_page_furniture(&mut furniture, "Online Safety Policy", &[], &mut found);
        assert_eq!(yaml(&found, Field::LastReviewedOn).as_deref(), Some("\"2025-07\""));
        assert_eq!(
            plain(match &furniture[0] {
                Block::Paragraph(t) => t,
                _ => panic!(),
            }),
            "Oakfield Academy"
        );

        let mut found = Approval::default();
        from_prose("This policy was approved by the governing body on 3 March 2025 and will be reviewed in March 2026.", &[], &mut found);
        assert_eq!(yaml(&found, Field::ApprovedBy).as_deref(), Some("\"Governing body\""));
        assert_eq!(yaml(&found, Field::ApprovedOn).as_deref(), Some("\"2025-03-03\""));
        assert_eq!(yaml(&found, Field::NextReview).as_deref(), Some("\"2026-03\""));

        let mut found = Approval::default();
        from_prose(
            "Cafodd y polisi hwn ei gymeradwyo gan y corff llywodraethu ar 3 Mawrth 2026. Bydd yn cael ei adolygu ym mis Mawrth 2027.",
            &[],
            &mut found,
        );
        assert_eq!(yaml(&found, Field::ApprovedBy).as_deref(), Some("\"Y corff llywodraethu\""));
        assert_eq!(yaml(&found, Field::ApprovedOn).as_deref(), Some("\"2026-03-03\""));
        assert_eq!(yaml(&found, Field::NextReview).as_deref(), Some("\"2027-03\""));
    }

    /// Regression: the impersonal past ("Cymeradwywyd y polisi hwn gan ..."), as Welsh
    /// policies often say it, was not read.
    #[test]
    fn a_welsh_approval_in_the_impersonal_is_read() {
        let mut found = Approval::default();
        from_prose(
            "Cymeradwywyd y polisi hwn gan y corff llywodraethu ar 3 Mawrth 2025 a bydd yn cael ei adolygu ym mis Mawrth 2026.",
            &[],
            &mut found,
        );
        assert_eq!(yaml(&found, Field::ApprovedBy).as_deref(), Some("\"Y corff llywodraethu\""));
        assert_eq!(yaml(&found, Field::ApprovedOn).as_deref(), Some("\"2025-03-03\""));
        assert_eq!(yaml(&found, Field::NextReview).as_deref(), Some("\"2026-03\""));
    }
}
