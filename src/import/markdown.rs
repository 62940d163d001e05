//! The plain document model written as a policypress Markdown body.
//!
//! In: a [`Document`] and the level its top headings take (2: the page's title is its
//! only level-1 heading). Out: Markdown that pulldown-cmark, with the options the site
//! renders with, reads back as the same blocks and words. Guarantees: every character
//! the document holds means itself: Markdown punctuation is escaped where it would act
//! (`*`, `[`, a `#` or `1.` starting a line, a `|` in a table), and so is anything Tera
//! would take for template syntax (`{{`, `{%`, `{#`), the body being a template. The only
//! template code written is what import put there itself ([`Inline::Template`],
//! [`Block::Check`]).

use std::fmt::Write as _;

use super::model::{Block, Cell, Document, Image, Inline, Look};

/// `document` as Markdown, its shallowest heading at level `top` (the title is taken out
/// before: see [`super::title_of`]).
pub(crate) fn write(document: &Document, top: u8) -> String {
    let mut templates = Vec::new();
    let out = escape_tera(&write_marked(document, top, &mut templates));
    unmark(&out, &templates)
}

/// Marks where import's own template code goes while the text around it is escaped: a
/// private-use character no school document holds (readers drop them), its index, and
/// another.
const MARK_OPEN: char = '\u{E000}';
const MARK_CLOSE: char = '\u{E001}';

fn mark(templates: &mut Vec<String>, code: String) -> String {
    templates.push(code);
    format!("{MARK_OPEN}{}{MARK_CLOSE}", templates.len() - 1)
}

fn unmark(out: &str, templates: &[String]) -> String {
    let mut result = String::with_capacity(out.len());
    let mut rest = out;
    while let Some(at) = rest.find(MARK_OPEN) {
        result.push_str(&rest[..at]);
        let after = &rest[at + MARK_OPEN.len_utf8()..];
        let end = after.find(MARK_CLOSE).unwrap_or(after.len());
        if let Some(code) = after[..end].parse::<usize>().ok().and_then(|i| templates.get(i)) {
            result.push_str(code);
        }
        rest = after.get(end + MARK_CLOSE.len_utf8()..).unwrap_or_default();
    }
    result.push_str(rest);
    result
}

/// A note for a person as a template comment, which leaves nothing on the page.
fn check_comment(note: &str) -> String {
    let note = note.replace("#}", "# }").split_whitespace().collect::<Vec<_>>().join(" ");
    format!("{{# {} {note} #}}", super::CHECK_MARK)
}

fn write_marked(document: &Document, top: u8, templates: &mut Vec<String>) -> String {
    let images = &document.images;
    // A title left in the body (one after a cover block) is written at the top level, as
    // high as the document's first headings, not above them: counting it would push every
    // heading of the policy a level down, under a title the page already shows.
    let shallowest = document
        .blocks
        .iter()
        .filter_map(|b| if let Block::Heading { level, .. } = b { Some(*level) } else { None })
        .filter(|level| *level > 0)
        .min();
    let shift = |level: u8| (level.saturating_sub(shallowest.unwrap_or(1)) + top).min(6);
    let mut out = String::new();
    // Each open list item: its level and the column its text starts at.
    let mut items: Vec<(usize, usize)> = Vec::new();
    for block in &document.blocks {
        if !matches!(block, Block::Item { .. }) && !items.is_empty() {
            items.clear();
            out.push('\n');
        }
        match block {
            Block::Heading { level, text } => {
                let _ =
                    writeln!(out, "{} {}\n", "#".repeat(usize::from(shift(*level))), inlines(text, Context::Heading, templates, images));
            }
            Block::Paragraph(text) => {
                // Empty when all it held was a picture left out.
                let text = inlines(text, Context::Block { indent: 0 }, templates, images);
                if !text.is_empty() {
                    let _ = writeln!(out, "{text}\n");
                }
            }
            Block::Item { level, ordered, text } => {
                while items.last().is_some_and(|(open, _)| open >= level) {
                    items.pop();
                }
                let indent = items.last().map_or(0, |(_, column)| *column);
                let marker = if *ordered { "1. " } else { "- " };
                let text = inlines(text, Context::Block { indent: indent + marker.len() }, templates, images);
                let _ = writeln!(out, "{}{marker}{text}", " ".repeat(indent));
                items.push((*level, indent + marker.len()));
            }
            Block::Table(rows) => table(&mut out, rows, templates, images),
            Block::Check(note) => {
                let _ = writeln!(out, "{}\n", mark(templates, check_comment(note)));
            }
        }
    }
    if !items.is_empty() {
        out.push('\n');
    }
    for (n, note) in document.notes.iter().enumerate() {
        let _ = writeln!(out, "[^{}]: {}\n", n + 1, inlines(note, Context::Block { indent: 4 }, templates, images));
    }
    out.trim_end().to_owned() + "\n"
}

fn table(out: &mut String, rows: &[Vec<Cell>], templates: &mut Vec<String>, images: &[Image]) {
    let columns = rows.iter().map(|row| row.iter().map(|c| c.across).sum::<usize>()).max().unwrap_or(1).max(1);
    for (r, row) in rows.iter().enumerate() {
        let mut cells: Vec<String> = Vec::new();
        for cell in row {
            let text: Vec<String> = cell.blocks.iter().map(|block| inlines(block_text(block), Context::Cell, templates, images)).collect();
            cells.push(text.join(" "));
            // A merged cell's text stands in its first column; the others are empty.
            cells.extend((1..cell.across).map(|_| String::new()));
        }
        cells.resize(columns, String::new());
        let _ = writeln!(out, "| {} |", cells.join(" | "));
        if r == 0 {
            let _ = writeln!(out, "|{}", " --- |".repeat(columns));
        }
    }
    out.push('\n');
}

fn block_text(block: &Block) -> &[Inline] {
    match block {
        Block::Heading { text, .. } | Block::Paragraph(text) | Block::Item { text, .. } => text,
        // A table inside a cell has no Markdown; its text is lost to nothing but layout.
        Block::Table(_) | Block::Check(_) => &[],
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    /// A paragraph or item whose continuation lines are indented by `indent`.
    Block {
        indent: usize,
    },
    Heading,
    Cell,
}

fn inlines(inlines: &[Inline], context: Context, templates: &mut Vec<String>, images: &[Image]) -> String {
    let mut out = String::new();
    let mut line_start = true;
    let mut i = 0;
    while i < inlines.len() {
        match &inlines[i] {
            Inline::Break => {
                match context {
                    Context::Block { indent } => {
                        let _ = write!(out, "\\\n{}", " ".repeat(indent));
                        line_start = true;
                    }
                    Context::Heading | Context::Cell => out.push(' '),
                }
                i += 1;
            }
            Inline::Note(n) => {
                let _ = write!(out, "[^{}]", n + 1);
                line_start = false;
                i += 1;
            }
            Inline::Template(code) => {
                out.push_str(&mark(templates, code.clone()));
                line_start = false;
                i += 1;
            }
            Inline::Image(n) => {
                // A picture left out (one the site cannot publish) is not mentioned: the
                // import report names it.
                if let Some(Image { src: Some(src), alt, .. }) = images.get(*n) {
                    let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
                    let _ = write!(out, "![{}]({})", escape(&alt, false, context), url_escape(src));
                    line_start = false;
                }
                i += 1;
            }
            Inline::Text(span) => {
                // A link's spans, whatever their look, are written inside one link.
                let link = span.look.link.clone();
                let mut end = i;
                while let Some(Inline::Text(next)) = inlines.get(end)
                    && next.look.link == link
                {
                    end += 1;
                }
                let mut text = String::new();
                for inline in &inlines[i..end] {
                    if let Inline::Text(span) = inline {
                        let (lead, core, trail) = split_blank(&span.text);
                        let lead = if line_start { "" } else { lead };
                        text.push_str(lead);
                        if !core.is_empty() {
                            let escaped = escape(core, line_start, context);
                            text.push_str(&emphasised(&escaped, &span.look));
                            line_start = false;
                        }
                        text.push_str(trail);
                    }
                }
                match link {
                    Some(url) if !text.trim().is_empty() => {
                        let (lead, core, trail) = split_blank(&text);
                        let _ = write!(out, "{lead}[{core}]({}){trail}", url_escape(&url));
                    }
                    _ => out.push_str(&text),
                }
                i = end;
            }
        }
    }
    out.trim_end().to_owned()
}

fn emphasised(text: &str, look: &Look) -> String {
    match (look.bold, look.italic) {
        (true, true) => format!("***{text}***"),
        (true, false) => format!("**{text}**"),
        (false, true) => format!("*{text}*"),
        (false, false) => text.to_owned(),
    }
}

/// `text` as its leading whitespace, its core and its trailing whitespace: emphasis
/// markers must touch the words they wrap (`** a **` is not bold).
fn split_blank(text: &str) -> (&str, &str, &str) {
    let core_start = text.len() - text.trim_start().len();
    let core_end = text.trim_end().len().max(core_start);
    (&text[..core_start], &text[core_start..core_end], &text[core_end..])
}

/// Escapes the Markdown punctuation in `text` that would act; `line_start` when the text
/// begins a line, where `#`, `-`, `+`, `>`, `=` and `1.` would start a block (and hyphens
/// side by side anywhere, which smart punctuation would make a dash).
fn escape(text: &str, line_start: bool, context: Context) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let escaped = match c {
            '\\' | '`' | '*' | '_' | '<' | '~' => true,
            // A bracket only where it would open a link, an image, a footnote or a tick
            // box: "[Insert date]" stays as typed, for the placeholder rule to find.
            '[' => {
                let closing = chars[i + 1..].iter().position(|c| *c == ']').map(|at| i + 1 + at);
                (line_start && i == 0 && matches!(chars.get(i + 1..i + 3), Some([' ' | 'x' | 'X', ']'])))
                    || chars.get(i + 1) == Some(&'^')
                    || closing.is_some_and(|end| matches!(chars.get(end + 1), Some('(' | '[' | ':')))
            }
            '|' => context == Context::Cell,
            '{' | '}' => context == Context::Heading,
            '&' => chars.get(i + 1).is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#'),
            // Two hyphens are a dash to smart punctuation: "----" must stay hyphens.
            '-' => (line_start && i == 0) || chars.get(i + 1) == Some(&'-') || (i > 0 && chars[i - 1] == '-'),
            '#' | '+' | '>' | '=' => line_start && i == 0,
            // "1. " or "1) " would start a list; "1.1 Scope" would not.
            '.' | ')' => {
                line_start && i > 0 && chars[..i].iter().all(char::is_ascii_digit) && chars.get(i + 1).is_none_or(|n| n.is_whitespace())
            }
            _ => false,
        };
        if escaped {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A link's address as Markdown takes it: the characters that would end it or open a
/// template written as percent escapes.
fn url_escape(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.trim().chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '{' => out.push_str("%7B"),
            '}' => out.push_str("%7D"),
            '\\' => out.push_str("%5C"),
            c => out.push(c),
        }
    }
    out
}

/// Every `{{`, `{%` and `{#` in `markdown` wrapped so Tera writes it as it is.
pub(crate) fn escape_tera(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(at) = rest.find('{') {
        out.push_str(&rest[..at]);
        let opener = rest.get(at..at + 2);
        match opener {
            _ if rest[at + 1..].starts_with(MARK_OPEN) => {
                out.push_str("{% raw %}{{% endraw %}");
                rest = &rest[at + 1..];
            }
            Some(opener @ ("{{" | "{%" | "{#")) => {
                let _ = write!(out, "{{% raw %}}{opener}{{% endraw %}}");
                rest = &rest[at + 2..];
            }
            _ => {
                out.push('{');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::super::model::{Span, push_text};
    use super::*;

    fn text(parts: &[(&str, Look)]) -> Vec<Inline> {
        let mut inlines = Vec::new();
        for (text, look) in parts {
            push_text(&mut inlines, text, look);
        }
        inlines
    }

    fn plain(t: &str) -> Vec<Inline> {
        vec![Inline::Text(Span { text: t.to_owned(), look: Look::default() })]
    }

    #[test]
    fn template_syntax_is_written_to_mean_itself() {
        assert_eq!(
            escape_tera("a {{ b }} {% c %} {# d #} {x} {"),
            "a {% raw %}{{{% endraw %} b }} {% raw %}{%{% endraw %} c %} {% raw %}{#{% endraw %} d #} {x} {"
        );
        let document = Document { blocks: vec![Block::Paragraph(plain("Write {{ name }} here"))], ..Document::default() };
        assert_eq!(write(&document, 2), "Write {% raw %}{{{% endraw %} name }} here\n");
    }

    #[test]
    fn markdown_punctuation_is_escaped_where_it_would_act() {
        let blocks = vec![
            Block::Paragraph(plain("1. Pupils must not share passwords.")),
            Block::Paragraph(plain("# not a heading, *not* emphasis, [not] a link, <b>")),
            Block::Paragraph(plain("- not a list; 3 - 2 = 1 & AT&T stays")),
        ];
        let markdown = write(&Document { blocks, ..Document::default() }, 2);
        assert_eq!(
            markdown,
            "1\\. Pupils must not share passwords.\n\n\\# not a heading, \\*not\\* emphasis, [not] a link, \\<b>\n\n\\- not a list; 3 - 2 = 1 & AT\\&T stays\n"
        );
    }

    #[test]
    fn looks_links_lists_tables_and_notes() {
        let bold = Look { bold: true, ..Look::default() };
        let link = Look { link: Some("https://example.org/a b".into()), ..Look::default() };
        let blocks = vec![
            Block::Heading { level: 1, text: plain("Roles") },
            Block::Paragraph(text(&[
                ("Talk to the ", Look::default()),
                ("safety lead ", bold.clone()),
                ("or see ", Look::default()),
                ("the site", link),
            ])),
            Block::Item { level: 0, ordered: true, text: plain("First") },
            Block::Item { level: 1, ordered: false, text: plain("Inner") },
            Block::Item {
                level: 0,
                ordered: true,
                text: vec![Inline::Text(Span { text: "Second".into(), look: Look::default() }), Inline::Note(0)],
            },
            Block::Table(vec![
                vec![
                    Cell { blocks: vec![Block::Paragraph(plain("Role"))], across: 1 },
                    Cell { blocks: vec![Block::Paragraph(plain("Who | how"))], across: 1 },
                ],
                vec![Cell { blocks: vec![Block::Paragraph(plain("Both"))], across: 2 }],
            ]),
        ];
        let markdown = write(&Document { blocks, notes: vec![plain("A note.")], ..Document::default() }, 2);
        assert_eq!(
            markdown,
            "## Roles\n\nTalk to the **safety lead** or see [the site](https://example.org/a%20b)\n\n1. First\n   - Inner\n1. Second[^1]\n\n\
             | Role | Who \\| how |\n| --- | --- |\n| Both |  |\n\n[^1]: A note.\n"
        );
    }

    /// Regression: a title after a school's cover block stayed in the body and pushed every
    /// heading of the policy down a level (Heading 1 written as `###`).
    #[test]
    fn a_title_left_in_the_body_does_not_push_the_headings_down() {
        let blocks = vec![
            Block::Paragraph(plain("Meadowbank Primary School")),
            Block::Heading { level: 0, text: plain("Online Safety Policy") },
            Block::Heading { level: 1, text: plain("Aims") },
            Block::Heading { level: 2, text: plain("Scope") },
        ];
        assert_eq!(
            write(&Document { blocks, ..Document::default() }, 2),
            "Meadowbank Primary School\n\n## Online Safety Policy\n\n## Aims\n\n### Scope\n"
        );
    }

    /// What Tera makes of `{% raw %}...{% endraw %}`: the text between, as it is.
    fn untera(markdown: &str) -> String {
        markdown.replace("{% raw %}", "").replace("{% endraw %}", "")
    }

    /// The text pulldown-cmark, with the site's options, reads from `markdown`, and
    /// whether it read anything but text in blocks (a link, emphasis, code, HTML, a
    /// heading attribute, a footnote) into it.
    fn read_back(markdown: &str) -> (String, Vec<String>) {
        use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_HEADING_ATTRIBUTES
            | Options::ENABLE_SMART_PUNCTUATION;
        let (mut text, mut other) = (String::new(), Vec::new());
        for event in Parser::new_ext(markdown, options) {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::SoftBreak | Event::HardBreak => text.push(' '),
                Event::Start(Tag::Heading { id, classes, attrs, .. }) if id.is_some() || !classes.is_empty() || !attrs.is_empty() => {
                    other.push("heading attributes".into());
                }
                Event::End(TagEnd::TableCell) => text.push(' '),
                Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell)
                | Event::End(_) => {}
                other_event => other.push(format!("{other_event:?}")),
            }
        }
        (text, other)
    }

    /// Smart punctuation's own changes, which are typography, not meaning.
    fn typographic(text: &str) -> String {
        text.replace(['\u{2018}', '\u{2019}'], "'").replace(['\u{201c}', '\u{201d}'], "\"").replace('\u{2026}', "...")
    }

    #[test]
    fn every_tricky_text_reads_back_as_itself_in_every_block() {
        let tricky = [
            "Foo {#bar}",
            "Heading {.class}",
            "a_b_c and snake_case_name",
            "**not bold** and *not italic* and __not__",
            "<script>alert(1)</script> and <b>",
            "1) not a list",
            "2. not a list either",
            "3.",
            "4.5 a number",
            "+ plus",
            "> not a quote",
            "---",
            "9--5 and a rule ----------",
            "***",
            "===",
            "`not code`",
            "[not](a link) and ![not](an image)",
            "&amp; and &#169; and AT&T",
            "back\\slash \\* and \\",
            "~~not struck~~ and ~one~",
            "[^1] not a footnote",
            "[ ] not a task",
            "http://example.com stays text",
            "# hash",
            "    four spaces",
            "Tera: {{ school.name }} {% if x %} {# c #} {{{",
            "'quotes' and \"double\" ...",
        ];
        for text in tricky {
            let blocks = vec![
                Block::Paragraph(plain(text)),
                Block::Heading { level: 1, text: plain(text) },
                Block::Item { level: 0, ordered: false, text: plain(text) },
            ];
            for block in blocks {
                let markdown = write(&Document { blocks: vec![block], ..Document::default() }, 2);
                let (read, other) = read_back(&untera(&markdown));
                let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
                let got = typographic(&read).split_whitespace().collect::<Vec<_>>().join(" ");
                assert_eq!(got, expected, "{markdown}");
                let other: Vec<&String> = other.iter().filter(|e| !e.contains("List") && !e.contains("Item")).collect();
                assert!(other.is_empty(), "{text:?} written as {markdown:?} reads back with {other:?}");
            }
            let table = vec![
                vec![
                    Cell { blocks: vec![Block::Paragraph(plain("Head"))], across: 1 },
                    Cell { blocks: vec![Block::Paragraph(plain("Two"))], across: 1 },
                ],
                vec![Cell { blocks: vec![Block::Paragraph(plain(text))], across: 2 }],
            ];
            let markdown = write(&Document { blocks: vec![Block::Table(table)], ..Document::default() }, 2);
            let (read, other) = read_back(&untera(&markdown));
            let got = typographic(&read).split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(got, format!("Head Two {}", text.split_whitespace().collect::<Vec<_>>().join(" ")), "{markdown}");
            assert!(other.is_empty(), "{text:?} in a table as {markdown:?}: {other:?}");
        }
    }
}
