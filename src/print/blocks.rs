//! Printed wording, from the Markdown of a source (already rendered through Tera) to the
//! plain blocks a print template shows.
//!
//! In: Markdown text. Out: [`Block`]s: headings, lists (numbered or not), paragraphs
//! and tables, as plain text. Inline markup is dropped but its text kept (`**Ask.**`
//! prints "Ask."); links keep their text; task-list boxes (`- [ ]`) keep their item.
//! Nothing here is ever Typst markup: the template shows these strings as text.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

/// A piece of printed wording, as plain text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case", rename_all_fields = "kebab-case")]
pub enum Block {
    /// `level` as in Markdown: 2 for `##`.
    Heading {
        level: u8,
        text: String,
    },
    /// A list: an agreement's rules, or a policy's points. `start` is the first number of
    /// a numbered list (a long agreement numbers its rules on across headings);
    /// `tick_boxes` marks a list of commitments to tick (`- [ ]` in Markdown), printed
    /// with an empty box each.
    List {
        numbered: bool,
        start: u64,
        tick_boxes: bool,
        items: Vec<String>,
    },
    Paragraph {
        text: String,
    },
    /// A table: its header cells, then each row's cells.
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
}

/// The blocks of `markdown`, in order. Nested lists are flattened into their parent's
/// items, each prefixed with a dash, since a printed sheet has room for one level.
pub(crate) fn blocks_from_markdown(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut text = String::new();
    let mut lists: Vec<List> = Vec::new();
    let mut in_item = 0usize;
    let mut table: Option<Table> = None;
    for event in Parser::new_ext(markdown, Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::List(first)) => {
                if in_item > 0 {
                    flush_item(&mut lists, &mut text);
                }
                lists.push(List { numbered: first.is_some(), start: first.unwrap_or(1), tick_boxes: false, items: Vec::new() });
            }
            Event::End(TagEnd::List(_)) => {
                if let Some(List { numbered, start, tick_boxes, items }) = lists.pop() {
                    match lists.last_mut() {
                        Some(outer) => outer.items.extend(items.into_iter().map(|i| format!("– {i}"))),
                        None => blocks.push(Block::List { numbered, start, tick_boxes, items }),
                    }
                }
            }
            Event::Start(Tag::Item) => in_item += 1,
            Event::End(TagEnd::Item) => {
                in_item = in_item.saturating_sub(1);
                flush_item(&mut lists, &mut text);
            }
            Event::End(TagEnd::Heading(level)) => {
                let heading = take(&mut text);
                if !heading.is_empty() {
                    blocks.push(Block::Heading { level: heading_level(level), text: heading });
                }
            }
            Event::Start(Tag::Table(_)) => table = Some(Table::default()),
            Event::End(TagEnd::TableCell) => {
                if let Some(table) = &mut table {
                    table.row.push(take(&mut text));
                }
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(table) = &mut table {
                    table.header = std::mem::take(&mut table.row);
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(table) = &mut table {
                    let row = std::mem::take(&mut table.row);
                    table.rows.push(row);
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(Table { header, rows, .. }) = table.take() {
                    blocks.push(Block::Table { header, rows });
                }
            }
            Event::End(TagEnd::Paragraph) if lists.is_empty() => {
                let paragraph = take(&mut text);
                if !paragraph.is_empty() {
                    blocks.push(Block::Paragraph { text: paragraph });
                }
            }
            // Paragraphs inside a loose list item run on within the item.
            Event::End(TagEnd::Paragraph) => text.push(' '),
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) | Event::InlineMath(t) | Event::DisplayMath(t) => text.push_str(&t),
            Event::TaskListMarker(_) => {
                if let Some(list) = lists.last_mut() {
                    list.tick_boxes = true;
                }
            }
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    blocks
}

/// A table being read: its header, the rows so far and the row being read.
#[derive(Default)]
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    row: Vec<String>,
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A list being read: its items so far.
struct List {
    numbered: bool,
    start: u64,
    tick_boxes: bool,
    items: Vec<String>,
}

fn flush_item(lists: &mut [List], text: &mut String) {
    let item = take(text);
    if let (false, Some(list)) = (item.is_empty(), lists.last_mut()) {
        list.items.push(item);
    }
}

/// The text gathered so far, whitespace collapsed, leaving the buffer empty.
fn take(text: &mut String) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    text.clear();
    collapsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_headings_and_paragraphs_come_out_as_plain_text() {
        let markdown = "## Think before you click!\n\n- **Ask.** I ask a grown-up.\n- **Tell.** I tell\n  a grown-up.\n\nI know the rules.\n\n1. One\n2. Two [policy](/p/)\n";
        assert_eq!(
            blocks_from_markdown(markdown),
            vec![
                Block::Heading { level: 2, text: "Think before you click!".into() },
                Block::List {
                    numbered: false,
                    start: 1,
                    tick_boxes: false,
                    items: vec!["Ask. I ask a grown-up.".into(), "Tell. I tell a grown-up.".into()]
                },
                Block::Paragraph { text: "I know the rules.".into() },
                Block::List { numbered: true, start: 1, tick_boxes: false, items: vec!["One".into(), "Two policy".into()] },
            ]
        );
    }

    #[test]
    fn task_boxes_and_nested_lists_keep_their_text() {
        let blocks = blocks_from_markdown("- [ ] I agree.\n- Outer\n  - inner\n\n7. Seventh\n");
        assert_eq!(
            blocks,
            vec![
                Block::List {
                    numbered: false,
                    start: 1,
                    tick_boxes: true,
                    items: vec!["I agree.".into(), "Outer".into(), "– inner".into()]
                },
                Block::List { numbered: true, start: 7, tick_boxes: false, items: vec!["Seventh".into()] },
            ]
        );
    }

    #[test]
    fn tables_keep_their_header_and_rows() {
        let blocks = blocks_from_markdown("| Who | When |\n|---|---|\n| **Office** | 9am |\n| Head | [Friday](/x/) |\n");
        assert_eq!(
            blocks,
            vec![Block::Table {
                header: vec!["Who".into(), "When".into()],
                rows: vec![vec!["Office".into(), "9am".into()], vec!["Head".into(), "Friday".into()]],
            }]
        );
    }
}
