//! Printed wording, from the HTML a page publishes to the blocks a print template shows.
//!
//! In: a page's content as published (the rendered, minified Markdown, raw HTML within
//! the allow-list already checked by the rules) and where the page sits ([`Addresses`]).
//! Out: [`Block`]s and [`Inline`] runs: headings, paragraphs, lists (nested, numbered,
//! tick boxes), quotes, code, tables (with column widths from their content), pictures,
//! rules, emphasis, links with the address a reader of paper needs, line breaks and
//! footnotes. Printing from the published HTML, not the Markdown, means paper shows what
//! the web page shows, and the raw HTML allow-list ([`crate::text::html::SOURCE_ELEMENTS`])
//! is the one list both obey: every element on it has a printed form here.
//!
//! Nothing here is ever Typst markup: the template shows these strings as text.

use std::collections::HashMap;

use serde::Serialize;

use crate::text::html::{self, Item};

/// A block of printed wording.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case", rename_all_fields = "kebab-case")]
pub enum Block {
    /// `level` as in HTML: 2 for `<h2>` (`##`).
    Heading {
        level: u8,
        content: Vec<Inline>,
    },
    Paragraph {
        content: Vec<Inline>,
    },
    /// `start` is the first number of a numbered list; `tick_boxes` marks a list of
    /// commitments to tick (`- [ ]`), each item printed with its box.
    List {
        numbered: bool,
        start: u64,
        tick_boxes: bool,
        items: Vec<ListItem>,
    },
    Quote {
        blocks: Vec<Block>,
    },
    /// Preformatted text, whitespace kept.
    Code {
        text: String,
    },
    Table(Table),
    /// A picture standing on its own, with its caption if it has one.
    Picture {
        path: String,
        alt: String,
        caption: Vec<Inline>,
    },
    /// A horizontal rule.
    Rule,
}

/// One item of a list: its blocks, and its tick box (ticked or not) in a list of them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ListItem {
    pub ticked: Option<bool>,
    pub blocks: Vec<Block>,
}

/// A table: each column's share of the width (from its content), the header rows
/// (repeated on each new page) and the body rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Table {
    pub columns: Vec<Column>,
    /// The size its text is set at, as a share of the page's (1: the same); below 1 for a
    /// table whose columns' longest words would not fit the page side by side.
    pub scale: f64,
    pub header: Vec<Vec<Cell>>,
    pub rows: Vec<Vec<Cell>>,
    pub caption: Vec<Inline>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Column {
    /// A share of the text width; the shares of a table add up to 1.
    pub width: f64,
    /// "left", "center" or "right".
    pub align: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Cell {
    pub content: Vec<Inline>,
    pub colspan: usize,
    pub rowspan: usize,
    pub align: Option<&'static str>,
}

/// A run of text and what it is set in.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case", rename_all_fields = "kebab-case")]
pub enum Inline {
    Text {
        text: String,
    },
    /// Text set in a style: bold, italic, struck out...
    Styled {
        style: Style,
        content: Vec<Inline>,
    },
    Code {
        text: String,
    },
    /// `url` is what a PDF reader follows (`None` when the link has no address outside
    /// the page); `shown` is what paper prints after the text (the address, or the page
    /// and section it leads to), `None` when the text already says it.
    Link {
        content: Vec<Inline>,
        url: Option<String>,
        shown: Option<String>,
    },
    Break,
    Picture {
        path: String,
        alt: String,
    },
    /// A footnote, printed at the foot of the page.
    Note {
        content: Vec<Inline>,
    },
}

/// How a run of text is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Style {
    Strong,
    Emphasis,
    Strike,
    Underline,
    Highlight,
    Small,
    Sub,
    Super,
}

/// Where a page sits, for the address a link prints on paper.
pub struct Addresses<'a> {
    /// The page's folder in the site: `policies/online-safety/`.
    pub page_url: &'a str,
    /// The site's address (`https://www.school.example`), without its last slash.
    pub base_url: Option<&'a str>,
    /// A page's title by its folder in the site, for links on paper when the site has no
    /// address.
    pub titles: &'a dyn Fn(&str) -> Option<String>,
    /// How such a link is said on paper, in the page's language.
    pub said: &'a LinkWords,
}

/// How a link is said on paper when the site has no address, in one language, with
/// `{section}`, `{title}` and `{page}` to fill: "see ‘{title}’ on the school's website".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkWords {
    pub section: String,
    pub section_in_page: String,
    pub page: String,
    pub website: String,
    pub website_at: String,
}

impl Default for LinkWords {
    fn default() -> LinkWords {
        LinkWords::english()
    }
}

impl LinkWords {
    /// The words in English.
    pub fn english() -> LinkWords {
        LinkWords {
            section: "see ‘{section}’".into(),
            section_in_page: "see ‘{section}’ in ‘{title}’ on the school's website".into(),
            page: "see ‘{title}’ on the school's website".into(),
            website: "on the school's website".into(),
            website_at: "on the school's website, at {page}".into(),
        }
    }

    /// Every word, for a PDF's name: a change of wording is a new PDF.
    pub(crate) fn all(&self) -> [&str; 5] {
        [&self.section, &self.section_in_page, &self.page, &self.website, &self.website_at]
    }
}

/// Something on a page that cannot be printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unprintable {
    /// What it is, in the page's words: "the picture “Map of the site”".
    pub what: String,
    pub why: String,
    /// Text to find it by in the source (`.avif`), to point at its line.
    pub look_for: String,
}

impl Unprintable {
    /// What cannot be printed, in one message: "the picture “Map” cannot be printed: ...".
    pub fn said(unprintable: &[Unprintable]) -> String {
        unprintable.iter().map(|u| format!("{} cannot be printed: {}", u.what, u.why)).collect::<Vec<_>>().join("; ")
    }
}

/// The printed wording of a page's content, with the pictures it prints (their paths in
/// the site, as `/media/...`), or what cannot be printed.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Wording {
    pub blocks: Vec<Block>,
    pub pictures: Vec<String>,
    pub unprintable: Vec<Unprintable>,
}

/// Picture formats Typst prints.
const PRINTABLE_PICTURES: [&str; 6] = ["png", "jpg", "jpeg", "gif", "svg", "webp"];

/// The printed wording of `content` (a page's published HTML).
pub fn wording(content: &str, addresses: &Addresses<'_>) -> Wording {
    let tree = parse(content);
    let mut reader = Reader { addresses, notes: HashMap::new(), headings: HashMap::new(), wording: Wording::default() };
    reader.collect(&tree);
    let mut blocks = reader.blocks(&tree);
    // A heading never skips a level on paper (`##` then `####`): a tagged PDF may not.
    level_headings(&mut blocks, &mut 1);
    Wording { blocks, ..reader.wording }
}

/// Each heading at most one level below the one before it (the first at level 2, under the
/// document's title), in reading order, inside lists and quotes too.
fn level_headings(blocks: &mut [Block], last: &mut u8) {
    for block in blocks {
        match block {
            Block::Heading { level, .. } => {
                *level = (*level).max(2).min(*last + 1);
                *last = *level;
            }
            Block::List { items, .. } => items.iter_mut().for_each(|item| level_headings(&mut item.blocks, last)),
            Block::Quote { blocks } => level_headings(blocks, last),
            _ => {}
        }
    }
}

/// A node of the content's element tree.
#[derive(Debug)]
enum Node {
    Element { name: String, attrs: Vec<(String, String)>, children: Vec<Node> },
    Text(String),
}

impl Node {
    fn attr(&self, wanted: &str) -> Option<&str> {
        match self {
            Node::Element { attrs, .. } => attrs.iter().find(|(name, _)| name == wanted).map(|(_, v)| v.as_str()),
            Node::Text(_) => None,
        }
    }

    fn has_class(&self, class: &str) -> bool {
        self.attr("class").is_some_and(|classes| classes.split_whitespace().any(|c| c == class))
    }

    /// All the text inside, as written (whitespace kept).
    fn text(&self) -> String {
        let mut out = String::new();
        self.push_text(&mut out);
        out
    }

    fn push_text(&self, out: &mut String) {
        match self {
            Node::Text(text) => out.push_str(text),
            Node::Element { name, .. } if name == "br" => out.push('\n'),
            Node::Element { children, .. } => children.iter().for_each(|c| c.push_text(out)),
        }
    }
}

/// Elements that hold no content.
const VOID: [&str; 6] = ["br", "hr", "img", "wbr", "source", "col"];

/// Builds the element tree of `content`. The content is balanced (render closes what raw
/// HTML leaves open), so an end tag closes the nearest open element of its name.
fn parse(content: &str) -> Vec<Node> {
    let mut stack: Vec<Node> = vec![Node::Element { name: String::new(), attrs: Vec::new(), children: Vec::new() }];
    let push = |stack: &mut Vec<Node>, node: Node| {
        if let Some(Node::Element { children, .. }) = stack.last_mut() {
            children.push(node);
        }
    };
    html::scan(content, |item| match item {
        Item::Tag(raw) => {
            let tag = html::parse_tag(raw);
            let attrs = tag.attrs.into_iter().map(|(name, value)| (name, value.into_owned())).collect();
            let node = Node::Element { name: tag.name.clone(), attrs, children: Vec::new() };
            if VOID.contains(&tag.name.as_str()) || raw.ends_with("/>") {
                push(&mut stack, node);
            } else {
                stack.push(node);
            }
        }
        Item::EndTag(raw) => {
            let name = raw.trim_start_matches("</").trim_end_matches('>').trim().to_ascii_lowercase();
            let open = stack.iter().rposition(|n| matches!(n, Node::Element { name: open, .. } if *open == name));
            if let Some(open) = open.filter(|&at| at > 0) {
                while stack.len() > open {
                    let node = stack.pop().expect("the stack is deeper than `open`");
                    push(&mut stack, node);
                }
            }
        }
        Item::Text(text) => push(&mut stack, Node::Text(html::decode_entities(text).into_owned())),
        Item::Raw(..) => {}
    });
    while stack.len() > 1 {
        let node = stack.pop().expect("the stack is deeper than one");
        push(&mut stack, node);
    }
    match stack.pop() {
        Some(Node::Element { children, .. }) => children,
        _ => Vec::new(),
    }
}

fn is_block(node: &Node) -> bool {
    match node {
        Node::Element { name, .. } => html::is_block_element(name),
        Node::Text(_) => false,
    }
}

struct Reader<'a> {
    addresses: &'a Addresses<'a>,
    /// Each footnote's content, by the id its references point to.
    notes: HashMap<String, Vec<Inline>>,
    /// Each heading's text, by its id, for links to a section of the page.
    headings: HashMap<String, String>,
    wording: Wording,
}

impl Reader<'_> {
    /// Reads what the rest of the page refers to: footnotes and headings' ids.
    fn collect(&mut self, nodes: &[Node]) {
        for node in nodes {
            let Node::Element { name, children, .. } = node else { continue };
            if node.has_class("footnote-definition")
                && let Some(id) = node.attr("id")
            {
                let body: Vec<&Node> = children.iter().filter(|c| !c.has_class("footnote-definition-label")).collect();
                let mut content = Vec::new();
                for child in body {
                    match child {
                        // A note's paragraphs run on, a space between them.
                        Node::Element { children, .. } if is_block(child) => {
                            if !content.is_empty() {
                                content.push(Inline::Text { text: " ".into() });
                            }
                            content.extend(self.inlines_of(children));
                        }
                        _ => content.extend(self.inline(child)),
                    }
                }
                self.notes.insert(id.to_owned(), trimmed(content));
                continue;
            }
            if name.len() == 2
                && name.starts_with('h')
                && let Some(id) = node.attr("id")
            {
                self.headings.insert(id.to_owned(), collapse(&node.text()));
            }
            self.collect(children);
        }
    }

    /// The blocks of `nodes`: runs of inline content become paragraphs.
    fn blocks<'n>(&mut self, nodes: impl IntoIterator<Item = &'n Node>) -> Vec<Block> {
        let mut blocks = Vec::new();
        let mut run: Vec<&Node> = Vec::new();
        for node in nodes {
            if is_block(node) {
                self.flush(&mut run, &mut blocks);
                self.block(node, &mut blocks);
            } else {
                run.push(node);
            }
        }
        self.flush(&mut run, &mut blocks);
        blocks
    }

    /// The inline nodes gathered so far, as a paragraph (a picture alone is a picture).
    fn flush(&mut self, run: &mut Vec<&Node>, blocks: &mut Vec<Block>) {
        let nodes: Vec<&Node> = std::mem::take(run);
        let content = trimmed(nodes.iter().flat_map(|node| self.inline(node)).collect());
        match content.as_slice() {
            [] => {}
            [Inline::Picture { path, alt }] => {
                blocks.push(Block::Picture { path: path.clone(), alt: alt.clone(), caption: Vec::new() });
            }
            _ => blocks.push(Block::Paragraph { content }),
        }
    }

    fn block(&mut self, node: &Node, blocks: &mut Vec<Block>) {
        let Node::Element { name, children, .. } = node else { return };
        if node.has_class("footnote-definition") {
            return;
        }
        match name.as_str() {
            "p" | "dt" | "summary" | "caption" | "figcaption" => {
                let content = trimmed(self.inlines_of(children));
                let content = if matches!(name.as_str(), "dt" | "summary") {
                    vec![Inline::Styled { style: Style::Strong, content }]
                } else {
                    content
                };
                match content.as_slice() {
                    [] => {}
                    [Inline::Picture { path, alt }] => {
                        blocks.push(Block::Picture { path: path.clone(), alt: alt.clone(), caption: Vec::new() })
                    }
                    _ => blocks.push(Block::Paragraph { content }),
                }
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name[1..].parse().unwrap_or(2);
                let content = trimmed(self.inlines_of(children));
                if !content.is_empty() {
                    blocks.push(Block::Heading { level, content });
                }
            }
            "ul" | "ol" => blocks.push(self.list(node)),
            "blockquote" | "dd" => blocks.push(Block::Quote { blocks: self.blocks(children) }),
            "pre" => blocks.push(Block::Code { text: node.text().trim_end_matches('\n').to_owned() }),
            "hr" => blocks.push(Block::Rule),
            "table" => blocks.push(Block::Table(self.table(children))),
            "figure" => {
                let caption = children.iter().find(|c| matches!(c, Node::Element { name, .. } if name == "figcaption"));
                let caption = caption.map(|c| match c {
                    Node::Element { children, .. } => trimmed(self.inlines_of(children)),
                    Node::Text(_) => Vec::new(),
                });
                let rest: Vec<&Node> =
                    children.iter().filter(|c| !matches!(c, Node::Element { name, .. } if name == "figcaption")).collect();
                let mut inner = Vec::new();
                for child in rest {
                    inner.extend(self.blocks(std::slice::from_ref(child)));
                }
                // A figure of one picture prints its caption beneath it.
                match (inner.as_mut_slice(), caption) {
                    ([Block::Picture { caption: printed, .. }], Some(caption)) => *printed = caption,
                    (_, Some(caption)) if !caption.is_empty() => inner.push(Block::Paragraph { content: caption }),
                    _ => {}
                }
                blocks.extend(inner);
            }
            // Containers print what they hold: `div`, `section`, `details`, a table's
            // scrolling box.
            _ => blocks.extend(self.blocks(children)),
        }
    }

    fn list(&mut self, node: &Node) -> Block {
        let Node::Element { name, children, .. } = node else { return Block::Rule };
        let numbered = name == "ol";
        let start = node.attr("start").and_then(|s| s.trim().parse().ok()).unwrap_or(1);
        let mut items = Vec::new();
        for item in children {
            let Node::Element { name, children, .. } = item else { continue };
            if name != "li" {
                continue;
            }
            // A task list's box is drawn by markdown as a `tick-box` span.
            let ticked = children.iter().find(|c| c.has_class("tick-box")).map(|tick| !tick.text().trim().is_empty());
            let blocks = self.blocks(children.iter().filter(|c| !c.has_class("tick-box")));
            items.push(ListItem { ticked, blocks });
        }
        let tick_boxes = items.iter().any(|item| item.ticked.is_some());
        Block::List { numbered, start, tick_boxes, items }
    }

    fn table(&mut self, children: &[Node]) -> Table {
        let mut header = Vec::new();
        let mut rows = Vec::new();
        let mut caption = Vec::new();
        let visit = |reader: &mut Self, node: &Node, in_head: bool, header: &mut Vec<Vec<Cell>>, rows: &mut Vec<Vec<Cell>>| {
            let Node::Element { children, .. } = node else { return };
            let cells: Vec<Cell> = children
                .iter()
                .filter_map(|cell| match cell {
                    Node::Element { name, children, .. } if name == "td" || name == "th" => Some(Cell {
                        content: trimmed(reader.inlines_of(children)),
                        colspan: cell.attr("colspan").and_then(|s| s.trim().parse().ok()).unwrap_or(1).clamp(1, 50),
                        rowspan: cell.attr("rowspan").and_then(|s| s.trim().parse().ok()).unwrap_or(1).clamp(1, 500),
                        align: alignment(cell),
                    }),
                    _ => None,
                })
                .collect();
            let all_headers = children
                .iter()
                .filter(|c| matches!(c, Node::Element { name, .. } if name == "td" || name == "th"))
                .all(|c| matches!(c, Node::Element { name, .. } if name == "th"));
            if in_head || (all_headers && rows.is_empty() && !cells.is_empty()) {
                header.push(cells);
            } else {
                rows.push(cells);
            }
        };
        for child in children {
            let Node::Element { name, children: inner, .. } = child else { continue };
            match name.as_str() {
                "caption" => caption = trimmed(self.inlines_of(inner)),
                "tr" => visit(self, child, false, &mut header, &mut rows),
                "thead" | "tbody" | "tfoot" => {
                    for row in inner.iter().filter(|r| matches!(r, Node::Element { name, .. } if name == "tr")) {
                        visit(self, row, name == "thead", &mut header, &mut rows);
                    }
                }
                _ => {}
            }
        }
        let (columns, scale) = columns(&header, &rows);
        let width = columns.len();
        for row in header.iter_mut().chain(rows.iter_mut()) {
            let used: usize = row.iter().map(|c| c.colspan).sum();
            row.extend((used..width).map(|_| Cell { content: Vec::new(), colspan: 1, rowspan: 1, align: None }));
        }
        Table { columns, scale, header, rows, caption }
    }

    fn inlines_of(&mut self, nodes: &[Node]) -> Vec<Inline> {
        nodes.iter().flat_map(|node| self.inline(node)).collect()
    }

    /// The inline runs of one node. A block inside inline content (a list in a table
    /// cell) runs on, after a line break.
    fn inline(&mut self, node: &Node) -> Vec<Inline> {
        let (name, children) = match node {
            Node::Text(text) => return vec![Inline::Text { text: breakable(collapse_keeping_edges(text)) }],
            Node::Element { name, children, .. } => (name.as_str(), children),
        };
        if node.has_class("visually-hidden") || node.has_class("tick-box") {
            return Vec::new();
        }
        let style = match name {
            "strong" | "b" => Some(Style::Strong),
            "em" | "i" | "cite" | "dfn" => Some(Style::Emphasis),
            "s" | "del" => Some(Style::Strike),
            "u" | "ins" => Some(Style::Underline),
            "mark" => Some(Style::Highlight),
            "small" => Some(Style::Small),
            "sub" => Some(Style::Sub),
            "sup" if !node.has_class("footnote-reference") => Some(Style::Super),
            _ => None,
        };
        if let Some(style) = style {
            return vec![Inline::Styled { style, content: self.inlines_of(children) }];
        }
        match name {
            "sup" => {
                let target = children.iter().find_map(|c| c.attr("href")).and_then(|href| href.strip_prefix('#'));
                match target.and_then(|id| self.notes.get(id)) {
                    Some(content) => vec![Inline::Note { content: content.clone() }],
                    None => vec![Inline::Styled { style: Style::Super, content: self.inlines_of(children) }],
                }
            }
            "code" | "kbd" | "samp" => vec![Inline::Code { text: collapse_keeping_edges(&node.text()) }],
            "q" => {
                let mut quoted = vec![Inline::Text { text: "“".into() }];
                quoted.extend(self.inlines_of(children));
                quoted.push(Inline::Text { text: "”".into() });
                quoted
            }
            "br" => vec![Inline::Break],
            "wbr" => Vec::new(),
            "img" => self.picture(node),
            // A `<picture>` prints its `<img>`, the one every browser shows.
            "picture" => children
                .iter()
                .filter(|c| matches!(c, Node::Element { name, .. } if name == "img"))
                .take(1)
                .flat_map(|img| self.picture(img))
                .collect(),
            "a" => {
                let content = self.inlines_of(children);
                match node.attr("href") {
                    Some(href) => {
                        let (url, shown) = self.address(href, &collapse(&node.text()));
                        vec![Inline::Link { content, url, shown }]
                    }
                    None => content,
                }
            }
            _ if is_block(node) => {
                let mut content = vec![Inline::Break];
                content.extend(self.inlines_of(children));
                content.push(Inline::Break);
                content
            }
            _ => self.inlines_of(children),
        }
    }

    /// A picture, by its path in the site; a format paper cannot show is unprintable.
    fn picture(&mut self, node: &Node) -> Vec<Inline> {
        let alt = collapse(node.attr("alt").unwrap_or_default());
        let Some(src) = node.attr("src") else { return Vec::new() };
        let Some(path) = self.site_path(src) else {
            // A picture from elsewhere is refused by the rules; paper shows its words.
            return vec![Inline::Text { text: alt }];
        };
        let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
        if !PRINTABLE_PICTURES.contains(&extension.as_str()) {
            self.wording.unprintable.push(Unprintable {
                what: format!("the picture “{alt}”"),
                why: format!("a .{extension} picture cannot be printed; save it as PNG, JPEG or SVG"),
                look_for: format!(".{extension}"),
            });
            return vec![Inline::Text { text: alt }];
        }
        let path = format!("/{path}");
        if !self.wording.pictures.contains(&path) {
            self.wording.pictures.push(path.clone());
        }
        vec![Inline::Picture { path, alt }]
    }

    /// The path in the site (`media/3fa1.jpg`, `policies/x/`) a relative address leads
    /// to, or `None` for an address elsewhere.
    fn site_path(&self, href: &str) -> Option<String> {
        if href.contains(':') || href.starts_with("//") {
            return None;
        }
        let mut parts: Vec<&str> = self.addresses.page_url.split('/').filter(|p| !p.is_empty()).collect();
        for part in href.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                part => parts.push(part),
            }
        }
        Some(parts.join("/"))
    }

    /// Where a link goes, for a PDF reader (`url`) and for paper (`shown`, printed after
    /// the link's `text` unless the text says it already).
    fn address(&self, href: &str, text: &str) -> (Option<String>, Option<String>) {
        let says = |shown: &str| {
            let bare = |s: &str| {
                s.trim_start_matches("mailto:")
                    .trim_start_matches("tel:")
                    .trim_start_matches("https://")
                    .trim_start_matches("http://")
                    .trim_start_matches("www.")
                    .trim_end_matches('/')
                    .to_lowercase()
            };
            bare(text) == bare(shown)
        };
        let shown = |address: String| if says(&address) { None } else { Some(address) };
        if let Some(id) = href.strip_prefix('#') {
            let section = self.headings.get(id).map_or_else(|| id.replace('-', " "), Clone::clone);
            return (None, Some(format!("see ‘{section}’")));
        }
        if let Some(email) = href.strip_prefix("mailto:") {
            return (Some(href.to_owned()), shown(email.to_owned()));
        }
        if let Some(phone) = href.strip_prefix("tel:") {
            // "01632 960550" says "+441632960550": the same number, written for people.
            let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
            let (written, dialled) = (digits(text), digits(phone));
            let same = !written.is_empty() && (dialled.ends_with(written.trim_start_matches('0')) || written == dialled);
            return (Some(href.to_owned()), if same { None } else { Some(phone.to_owned()) });
        }
        if href.contains(':') || href.starts_with("//") {
            return (Some(href.to_owned()), shown(href.to_owned()));
        }
        let (path, fragment) = href.split_once('#').map_or((href, None), |(p, f)| (p, Some(f)));
        let site = self.site_path(path).unwrap_or_default();
        let page = site.strip_suffix("index.html").unwrap_or(&site).to_owned();
        if let Some(base) = self.addresses.base_url {
            let address = match fragment {
                Some(fragment) => format!("{base}/{page}#{fragment}"),
                None => format!("{base}/{page}"),
            };
            return (Some(address.clone()), shown(address));
        }
        // No address for the site: name the page (and section) on the school's website.
        let section = |fragment: &str| self.headings.get(fragment).cloned().unwrap_or_else(|| fragment.replace('-', " "));
        let said = self.addresses.said;
        let fill = |text: &str, values: &[(&str, &str)]| crate::render::strings::fill(text, values);
        let named = match (self.titles(&page), fragment) {
            (_, Some(fragment)) if page == self.addresses.page_url => fill(&said.section, &[("section", &section(fragment))]),
            (Some(title), Some(fragment)) => fill(&said.section_in_page, &[("section", &section(fragment)), ("title", &title)]),
            (Some(title), None) => fill(&said.page, &[("title", &title)]),
            (None, _) if page.is_empty() => said.website.clone(),
            (None, _) => fill(&said.website_at, &[("page", &page)]),
        };
        (None, Some(named))
    }

    fn titles(&self, page: &str) -> Option<String> {
        (self.addresses.titles)(page)
    }
}

/// The `text-align` a cell is given, if any.
fn alignment(cell: &Node) -> Option<&'static str> {
    let style = cell.attr("style").unwrap_or_default().to_ascii_lowercase();
    let align = cell.attr("align").map(str::to_ascii_lowercase).unwrap_or_default();
    ["center", "right", "left"]
        .into_iter()
        .find(|a| style.contains(&format!("text-align: {a}")) || style.contains(&format!("text-align:{a}")) || align == *a)
}

/// Each column's share of the width, as a browser lays a table out: a column gets at
/// least its longest word, and the rest of the room in proportion to how much more its
/// longest cell would need; and the size to set the table at, smaller (to seven tenths at
/// least) where the columns' longest words would not fit side by side.
fn columns(header: &[Vec<Cell>], rows: &[Vec<Cell>]) -> (Vec<Column>, f64) {
    let count = header.iter().chain(rows).map(|row| row.iter().map(|c| c.colspan).sum::<usize>()).max().unwrap_or(0).max(1);
    // Widths in characters: the longest word (least) and the longest cell (most).
    let mut least = vec![3.0f64; count];
    let mut most = vec![3.0f64; count];
    let mut aligns: Vec<Option<&'static str>> = vec![None; count];
    for row in header.iter().chain(rows) {
        let mut at = 0;
        for cell in row {
            let text = plain(&cell.content);
            if cell.colspan == 1 && at < count {
                let longest_word = text.split_whitespace().map(|w| w.chars().count()).max().unwrap_or(0) as f64;
                // Two characters more for the cell's padding; a very long word (an
                // address) is broken rather than given the whole line.
                least[at] = least[at].max(longest_word.min(28.0) + 2.0);
                most[at] = most[at].max(text.chars().count() as f64 + 2.0);
                if aligns[at].is_none() {
                    aligns[at] = cell.align;
                }
            }
            at += cell.colspan;
        }
    }
    // About the characters a line of the text block holds at the text's size.
    const LINE: f64 = 84.0;
    let least_total: f64 = least.iter().sum();
    let most_total: f64 = most.iter().sum();
    let scale = (LINE / least_total).clamp(0.7, 1.0);
    let line = LINE / scale;
    let widths: Vec<f64> = if most_total <= line {
        most.clone()
    } else if least_total >= line {
        least.clone()
    } else {
        let room = line - least_total;
        least.iter().zip(&most).map(|(l, m)| l + (m - l) * room / (most_total - least_total)).collect()
    };
    let total: f64 = widths.iter().sum();
    let columns = widths
        .iter()
        .zip(aligns)
        .map(|(width, align)| Column { width: (width / total * 1000.0).round() / 1000.0, align: align.unwrap_or("left") })
        .collect();
    (columns, (scale * 100.0).round() / 100.0)
}

/// The text of inline runs, for measuring.
fn plain(content: &[Inline]) -> String {
    let mut out = String::new();
    for inline in content {
        match inline {
            Inline::Text { text } | Inline::Code { text } => out.push_str(text),
            Inline::Break => out.push(' '),
            Inline::Picture { alt, .. } => out.push_str(alt),
            Inline::Note { .. } => {}
            Inline::Link { content, shown, .. } => {
                out.push_str(&plain(content));
                if let Some(shown) = shown {
                    out.push_str(" (");
                    out.push_str(shown);
                    out.push(')');
                }
            }
            Inline::Styled { content, .. } => out.push_str(&plain(content)),
        }
    }
    out
}

/// `text` with a place to break (an invisible zero-width space) every 30 letters of any
/// word over 40 letters long, which would otherwise run off the page: paper has no room
/// to scroll.
fn breakable(text: String) -> String {
    const LONG: usize = 40;
    if !text.split_whitespace().any(|word| word.chars().count() > LONG) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut run = 0;
    for c in text.chars() {
        run = if c.is_whitespace() { 0 } else { run + 1 };
        if run > 1 && run % 30 == 1 {
            out.push('\u{200B}');
        }
        out.push(c);
    }
    out
}

/// `text` with each run of whitespace one space.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// As [`collapse`], keeping one space at either end where there was whitespace: the
/// space between "Ask" and a link after it.
fn collapse_keeping_edges(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// Inline runs with the whitespace at their start and end taken off, and a space after a
/// line break or before one dropped, as a browser shows them.
fn trimmed(mut content: Vec<Inline>) -> Vec<Inline> {
    // Spaces that follow a space or a break, or come first, show as nothing.
    let mut after_space = true;
    strip_spaces(&mut content, &mut after_space);
    loop {
        match content.last_mut() {
            Some(Inline::Text { text }) => {
                let kept = text.trim_end().len();
                text.truncate(kept);
                if !text.is_empty() {
                    break;
                }
                content.pop();
            }
            // A block that ended the run (a list in a cell) leaves no empty line after it.
            Some(Inline::Break) => {
                content.pop();
            }
            _ => break,
        }
    }
    let leading = content.iter().take_while(|inline| matches!(inline, Inline::Break)).count();
    content.drain(..leading);
    content
}

fn strip_spaces(content: &mut Vec<Inline>, after_space: &mut bool) {
    for inline in content.iter_mut() {
        match inline {
            Inline::Text { text } => {
                if *after_space {
                    *text = text.trim_start().to_owned();
                }
                if !text.is_empty() {
                    *after_space = text.ends_with(' ');
                }
            }
            Inline::Break => *after_space = true,
            Inline::Styled { content, .. } | Inline::Link { content, .. } => strip_spaces(content, after_space),
            _ => *after_space = false,
        }
    }
    content.retain(|inline| !matches!(inline, Inline::Text { text } if text.is_empty()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(content: &str) -> Wording {
        let titles = |page: &str| (page == "policies/online-safety/").then(|| "Online Safety Policy".to_owned());
        let addresses = Addresses { page_url: "agreements/ks1/", base_url: None, titles: &titles, said: &LinkWords::english() };
        wording(content, &addresses)
    }

    fn text(text: &str) -> Inline {
        Inline::Text { text: text.into() }
    }

    #[test]
    fn emphasis_links_and_breaks_are_kept() {
        let wording = read(
            "<h2 id=\"rules\">Think <em>before</em> you click</h2><ul><li><strong>Ask.</strong> I ask a grown-up.</li><li>Read the <a href=\"../../policies/online-safety/index.html#who\">policy</a>.<br />Thank you</li></ul>",
        );
        assert_eq!(
            wording.blocks,
            vec![
                Block::Heading {
                    level: 2,
                    content: vec![
                        text("Think "),
                        Inline::Styled { style: Style::Emphasis, content: vec![text("before")] },
                        text(" you click")
                    ]
                },
                Block::List {
                    numbered: false,
                    start: 1,
                    tick_boxes: false,
                    items: vec![
                        ListItem {
                            ticked: None,
                            blocks: vec![Block::Paragraph {
                                content: vec![
                                    Inline::Styled { style: Style::Strong, content: vec![text("Ask.")] },
                                    text(" I ask a grown-up.")
                                ]
                            }]
                        },
                        ListItem {
                            ticked: None,
                            blocks: vec![Block::Paragraph {
                                content: vec![
                                    text("Read the "),
                                    Inline::Link {
                                        content: vec![text("policy")],
                                        url: None,
                                        shown: Some("see ‘who’ in ‘Online Safety Policy’ on the school's website".into())
                                    },
                                    text("."),
                                    Inline::Break,
                                    text("Thank you")
                                ]
                            }]
                        },
                    ]
                },
            ]
        );
    }

    #[test]
    fn links_show_their_address_on_paper() {
        let titles = |_: &str| None;
        let addresses = Addresses {
            page_url: "policies/x/",
            base_url: Some("https://www.school.example"),
            titles: &titles,
            said: &LinkWords::english(),
        };
        let links = |html: &str| match &wording(html, &addresses).blocks[..] {
            [Block::Paragraph { content }] => content.iter().find(|i| matches!(i, Inline::Link { .. })).cloned(),
            _ => None,
        };
        let link = |url: &str, shown: Option<&str>, words: &str| Inline::Link {
            content: vec![text(words)],
            url: Some(url.into()),
            shown: shown.map(str::to_owned),
        };
        assert_eq!(
            links("<p><a href=\"../../guidance/apps/index.html#age\">apps</a></p>"),
            Some(link("https://www.school.example/guidance/apps/#age", Some("https://www.school.example/guidance/apps/#age"), "apps"))
        );
        assert_eq!(
            links("<p><a href=\"https://www.ceop.police.uk\">CEOP</a></p>"),
            Some(link("https://www.ceop.police.uk", Some("https://www.ceop.police.uk"), "CEOP"))
        );
        assert_eq!(
            links("<p><a href=\"mailto:office@school.example\">office@school.example</a></p>"),
            Some(link("mailto:office@school.example", None, "office@school.example"))
        );
    }

    #[test]
    fn task_lists_nested_lists_and_numbering_are_kept() {
        let wording = read(
            "<ol start=\"7\"><li>Seventh<ul><li>inner</li></ul></li></ol><ul><li><span class=\"tick-box\" aria-hidden=\"true\"></span><span class=\"visually-hidden\">Tick box: </span>I agree.</li></ul>",
        );
        let Block::List { numbered: true, start: 7, items, .. } = &wording.blocks[0] else { panic!("{:?}", wording.blocks) };
        assert!(matches!(&items[0].blocks[..], [Block::Paragraph { .. }, Block::List { numbered: false, .. }]), "{items:?}");
        assert_eq!(
            wording.blocks[1],
            Block::List {
                numbered: false,
                start: 1,
                tick_boxes: true,
                items: vec![ListItem { ticked: Some(false), blocks: vec![Block::Paragraph { content: vec![text("I agree.")] }] }]
            }
        );
    }

    #[test]
    fn a_very_long_word_gets_places_to_break() {
        let word = "a".repeat(70);
        let printed = breakable(format!("See {word} here"));
        assert_eq!(printed.matches('\u{200B}').count(), 2);
        assert_eq!(printed.replace('\u{200B}', ""), format!("See {word} here"));
        assert_eq!(breakable("short words stay as they are".into()), "short words stay as they are");
    }

    #[test]
    fn tables_share_the_width_by_their_content() {
        let duties = "Leads on online safety, keeps the log of incidents, trains staff every September and reports to governors each term";
        let wording = read(&format!(
            "<div class=\"table-scroll\"><table><thead><tr><th>Role</th><th>Who</th><th>Duties</th></tr></thead><tbody><tr><td>DSL</td><td>Mr Ben Sample</td><td>{duties}<br>and more</td></tr></tbody></table></div>"
        ));
        let [Block::Table(table)] = &wording.blocks[..] else { panic!("{:?}", wording.blocks) };
        assert_eq!(table.header.len(), 1);
        assert_eq!(table.rows[0][2].content[1], Inline::Break);
        let widths: Vec<f64> = table.columns.iter().map(|c| c.width).collect();
        assert!(widths[2] > 0.6 && widths[0] > 0.04, "{widths:?}");
        assert!((widths.iter().sum::<f64>() - 1.0).abs() < 0.01);
    }

    #[test]
    fn footnotes_pictures_quotes_and_code_print() {
        let wording = read(
            "<p>See the law<sup class=\"footnote-reference\"><a href=\"#kcsie\">1</a></sup>.</p><p><img src=\"../../media/ab12.svg\" alt=\"Flow chart\" /></p><blockquote><p>Be kind.</p></blockquote><pre><code>a\n  b\n</code></pre><hr /><p><img src=\"../../media/x.avif\" alt=\"Map\"></p><div class=\"footnote-definition\" id=\"kcsie\"><sup class=\"footnote-definition-label\">1</sup><p>Keeping children safe in education.</p></div>",
        );
        assert_eq!(
            wording.blocks[0],
            Block::Paragraph {
                content: vec![text("See the law"), Inline::Note { content: vec![text("Keeping children safe in education.")] }, text(".")]
            }
        );
        assert_eq!(wording.blocks[1], Block::Picture { path: "/media/ab12.svg".into(), alt: "Flow chart".into(), caption: Vec::new() });
        assert!(matches!(&wording.blocks[2], Block::Quote { .. }));
        assert_eq!(wording.blocks[3], Block::Code { text: "a\n  b".into() });
        assert_eq!(wording.blocks[4], Block::Rule);
        assert_eq!(wording.pictures, ["/media/ab12.svg"]);
        assert_eq!(wording.unprintable.len(), 1, "an AVIF picture is said, not dropped");
        assert_eq!(wording.blocks.len(), 6, "the footnote is printed where it is referred to");
    }
}
