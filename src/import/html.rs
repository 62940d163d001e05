//! Web pages (`.html`, and what Word writes on "Save as Web Page") read into the plain
//! [`Document`] model.
//!
//! In: the file's bytes, and a way to fetch a picture the page names beside it. Out: the
//! page's blocks, footnotes and pictures, and a count of what was recognised
//! ([`Recognised`], the same as a Word document's). Plain HTML is read by its elements
//! (headings, paragraphs, lists, tables with their spans, emphasis, links, footnote
//! links); Word's HTML by its classes and styles too (`MsoTitle`, `MsoHeading7`, list
//! paragraphs with `mso-list:l0 level2` and their bullet inside `<![if !supportLists]>`,
//! `_ftn` footnotes, its tables of contents and comment lists).
//!
//! Guarantees: only the text of the body is taken; `head`, `script`, `style`, forms and
//! embedded objects never reach a source. The bytes are decoded by their byte order mark,
//! else the `charset` the page declares (Word writes `windows-1252`), else as UTF-8, else
//! as Windows-1252. The page is parsed by html5ever as a browser would, so any bytes
//! read as some page, never a panic; nesting is bounded before the reader recurses.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use ego_tree::NodeRef;
use scraper::{Html, Node};

use super::docx::Recognised;
use super::model::{self, Block, Cell, DEEPEST, Document, Image, Inline, Look, Spans};

/// How a picture a page names beside it is fetched: its path relative to the page, to
/// its bytes or why not.
pub(crate) type Load<'l> = &'l dyn Fn(&Path) -> Result<Vec<u8>, String>;

/// Reads a web page's bytes; `load` fetches a picture named by a path relative to it.
pub(crate) fn read(bytes: &[u8], load: Load<'_>) -> Result<(Document, Recognised), String> {
    let text = decode(bytes);
    let html = Html::parse_document(&text);
    let root = html.tree.root();
    if root.descendants().any(|n| n.ancestors().nth(DEEPEST).is_some()) {
        return Err(format!("its elements are nested more than {DEEPEST} deep, which no editor writes"));
    }
    let mut reader = Reader { load: Some(load), ..Reader::default() };
    reader.find_notes(root);
    let body = root.descendants().find(|n| element_name(*n) == Some("body")).unwrap_or(root);
    let mut blocks = Vec::new();
    reader.blocks(body, &mut blocks);
    let mut recognised = reader.recognised;
    recognised.footnotes = reader.document.notes.len();
    let mut document = reader.document;
    document.blocks = blocks;
    Ok((document, recognised))
}

/// The page's text: by its byte order mark, the charset it declares, UTF-8, or else
/// Windows-1252 (a page saved by an older Word without saying so).
fn decode(bytes: &[u8]) -> String {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding.decode_without_bom_handling(bytes.get(bom..).unwrap_or_default()).0.into_owned();
    }
    let head = String::from_utf8_lossy(bytes.get(..4096).unwrap_or(bytes)).to_lowercase();
    let declared = head.find("charset=").map(|at| {
        head[at + "charset=".len()..]
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
            .collect::<String>()
    });
    // A page that says UTF-16 but reached here has no byte order mark: browsers read it as UTF-8.
    if let Some(encoding) = declared.and_then(|label| encoding_rs::Encoding::for_label(label.as_bytes()))
        && encoding.output_encoding() == encoding
    {
        return encoding.decode_without_bom_handling(bytes).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// A picture's address as a file beside the page (`Policy_files/image001.jpg`), or `None`
/// for one that would reach anywhere else: an address on the web, an absolute path, or
/// one climbing out of the page's folder.
pub(crate) fn local_file(src: &str) -> Option<PathBuf> {
    let src = src.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_decode(src)?;
    if decoded.is_empty() || decoded.contains(':') || decoded.starts_with(['/', '\\']) {
        return None;
    }
    let path = Path::new(&decoded);
    let mut local = PathBuf::new();
    for part in path.components() {
        match part {
            Component::Normal(part) => local.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!local.as_os_str().is_empty() && !decoded.contains('\\')).then_some(local)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn element_name<'a>(node: NodeRef<'a, Node>) -> Option<&'a str> {
    node.value().as_element().map(|e| e.name())
}

fn attribute<'a>(node: NodeRef<'a, Node>, name: &str) -> Option<&'a str> {
    node.value().as_element().and_then(|e| e.attr(name))
}

/// The value of one property in a `style` attribute (`font-weight`), lower case.
fn style_property(node: NodeRef<'_, Node>, property: &str) -> Option<String> {
    attribute(node, "style")?.split(';').find_map(|declaration| {
        let (key, value) = declaration.split_once(':')?;
        (key.trim().eq_ignore_ascii_case(property)).then(|| value.trim().to_lowercase())
    })
}

fn has_class(node: NodeRef<'_, Node>, prefix: &str) -> bool {
    attribute(node, "class").is_some_and(|c| c.split_whitespace().any(|c| c.to_lowercase().starts_with(&prefix.to_lowercase())))
}

/// Elements whose content is never the page's text.
fn is_dropped(name: &str) -> bool {
    matches!(
        name,
        "head"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "title"
            | "meta"
            | "link"
            | "iframe"
            | "object"
            | "embed"
            | "svg"
            | "canvas"
            | "nav"
            | "button"
            | "input"
            | "select"
            | "textarea"
            | "xml"
            | "audio"
            | "video"
            | "map"
    )
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "table"
            | "div"
            | "blockquote"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "dl"
            | "dt"
            | "dd"
            | "pre"
            | "hr"
            | "figure"
            | "figcaption"
            | "center"
            | "address"
            | "form"
            | "fieldset"
            | "body"
            | "html"
            | "details"
            | "summary"
            | "caption"
    )
}

/// A conditional comment Word writes around what other browsers alone should show
/// (`[if !supportLists]`, the list's bullet typed out): what is between it and
/// `[endif]` is skipped, Word's own list or note being read instead.
fn opens_support_block(comment: &str) -> bool {
    let comment = comment.trim();
    comment.starts_with("[if !support")
}

fn closes_block(comment: &str) -> bool {
    comment.trim().starts_with("[endif]")
}

/// The children of `node` a reader sees: comments out, and what Word's
/// `[if !support...]` blocks hold.
fn visible_children(node: NodeRef<'_, Node>) -> Vec<NodeRef<'_, Node>> {
    let mut visible = Vec::new();
    let mut skipping = false;
    for child in node.children() {
        match child.value() {
            Node::Comment(comment) => {
                if opens_support_block(comment) {
                    skipping = true;
                } else if closes_block(comment) {
                    skipping = false;
                }
            }
            _ if skipping => {}
            // The same typed bullet, when the page lost its conditional comments.
            Node::Element(_) if style_property(child, "mso-list").is_some_and(|v| v.trim().eq_ignore_ascii_case("ignore")) => {}
            _ => visible.push(child),
        }
    }
    visible
}

/// The text Word typed as a list paragraph's bullet or number, inside `[if !supportLists]`.
fn typed_marker(node: NodeRef<'_, Node>) -> String {
    let mut marker = String::new();
    let mut inside = false;
    for n in node.descendants() {
        match n.value() {
            Node::Comment(comment) if comment.trim().starts_with("[if !supportLists]") => inside = true,
            Node::Comment(comment) if closes_block(comment) => inside = false,
            Node::Text(text) if inside => marker.push_str(text),
            Node::Element(_) if !inside && style_property(n, "mso-list").is_some_and(|v| v.trim().eq_ignore_ascii_case("ignore")) => {
                marker.extend(n.descendants().filter_map(|d| if let Node::Text(t) = d.value() { Some(&**t) } else { None }));
            }
            _ => {}
        }
    }
    marker.split_whitespace().collect::<String>()
}

/// A Word list paragraph's level (0 outermost), from `mso-list:l0 level2 lfo1`.
fn word_list_level(node: NodeRef<'_, Node>) -> Option<usize> {
    let list = style_property(node, "mso-list")?;
    let level = list.split_whitespace().find_map(|part| part.strip_prefix("level"))?.parse::<usize>().ok()?;
    Some(level.clamp(1, 9) - 1)
}

#[derive(Default)]
struct Reader<'l> {
    load: Option<Load<'l>>,
    document: Document,
    recognised: Recognised,
    /// Footnote bodies by every id and anchor name inside them.
    note_targets: HashMap<String, ego_tree::NodeId>,
    /// The footnote lists, read only through the references to them.
    note_lists: Vec<ego_tree::NodeId>,
    /// Each note read, by its element: its index in the document's notes.
    notes_read: HashMap<ego_tree::NodeId, usize>,
    in_cell: usize,
    in_note: usize,
    last_level: Option<u8>,
    in_contents: bool,
}

impl Reader<'_> {
    /// The page's footnotes: Word's (`mso-element:footnote`, `endnote`) and those of
    /// pages made from Markdown (`section.footnotes`, `role=doc-endnotes`).
    fn find_notes(&mut self, root: NodeRef<'_, Node>) {
        for node in root.descendants().filter(|n| n.value().is_element()) {
            let element = style_property(node, "mso-element").unwrap_or_default();
            let list = matches!(element.as_str(), "footnote-list" | "endnote-list")
                || attribute(node, "role").is_some_and(|r| r == "doc-endnotes" || r == "doc-footnotes")
                || (["footnotes", "endnotes"].iter().any(|c| has_class(node, c)) && element_name(node) != Some("a"));
            if list {
                self.note_lists.push(node.id());
            }
            if element == "comment-list" {
                self.note_lists.push(node.id());
                self.recognised.comments_dropped +=
                    node.descendants().filter(|n| style_property(*n, "mso-element").is_some_and(|e| e == "comment")).count();
            }
        }
        for list in self.note_lists.clone() {
            let Some(list) = root.tree().get(list) else { continue };
            let notes: Vec<NodeRef<'_, Node>> = list
                .descendants()
                .filter(|n| {
                    style_property(*n, "mso-element").is_some_and(|e| e == "footnote" || e == "endnote") || element_name(*n) == Some("li")
                })
                .collect();
            for note in notes {
                for named in note.descendants().chain([note]) {
                    for key in [attribute(named, "id"), attribute(named, "name")].into_iter().flatten() {
                        self.note_targets.entry(key.to_owned()).or_insert(note.id());
                    }
                }
            }
        }
    }

    fn blocks(&mut self, parent: NodeRef<'_, Node>, out: &mut Vec<Block>) {
        let mut pending: Vec<Inline> = Vec::new();
        let mut boxes = Vec::new();
        for node in visible_children(parent) {
            let name = element_name(node);
            match name {
                Some(name) if is_dropped(name) || self.note_lists.contains(&node.id()) => {}
                Some(name) if is_block(name) => {
                    self.flush(&mut pending, out);
                    self.block(node, name, out);
                }
                _ => self.inlines(node, &Look::default(), &mut pending, &mut boxes),
            }
        }
        self.flush(&mut pending, out);
        out.append(&mut boxes);
    }

    /// Inline content outside any paragraph (text straight in a `div` or a cell).
    fn flush(&mut self, pending: &mut Vec<Inline>, out: &mut Vec<Block>) {
        model::trim(pending);
        if !pending.is_empty() {
            if self.in_cell == 0 {
                self.recognised.paragraphs += 1;
            }
            out.push(Block::Paragraph(std::mem::take(pending)));
        }
        pending.clear();
    }

    fn block(&mut self, node: NodeRef<'_, Node>, name: &str, out: &mut Vec<Block>) {
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name[1..].parse::<u8>().unwrap_or(1);
                self.paragraph(node, Some(level), out);
            }
            "p" | "dt" | "dd" | "figcaption" | "caption" | "summary" | "address" => {
                let heading = if has_class(node, "MsoTitle") {
                    Some(0)
                } else {
                    attribute(node, "class")
                        .and_then(|c| c.strip_prefix("MsoHeading"))
                        .and_then(|n| n.parse::<u8>().ok())
                        .filter(|l| (1..=9).contains(l))
                };
                if has_class(node, "MsoToc") {
                    if !self.in_contents {
                        self.recognised.contents_tables_dropped += 1;
                    }
                    self.in_contents = true;
                    return;
                }
                if let Some(level) = word_list_level(node).filter(|_| heading.is_none()) {
                    self.in_contents = false;
                    let marker = typed_marker(node);
                    let ordered = has_class(node, "MsoListNumber")
                        || (!has_class(node, "MsoListBullet")
                            && marker.trim_end_matches(['.', ')']).len() < marker.len()
                            && marker.trim_start_matches('(').trim_end_matches(['.', ')']).chars().all(char::is_alphanumeric));
                    let mut text = Vec::new();
                    let mut boxes = Vec::new();
                    self.content(node, &Look::default(), &mut text, &mut boxes);
                    model::trim(&mut text);
                    if !text.is_empty() {
                        self.recognised.list_items += 1;
                        out.push(Block::Item { level, ordered, text });
                    }
                    out.append(&mut boxes);
                    return;
                }
                self.paragraph(node, heading, out);
            }
            "ul" | "ol" => self.list(node, 0, out),
            "li" => self.list_item(node, 0, false, out),
            "table" => self.table(node, out),
            "hr" => {}
            "pre" => {
                let mut text = Vec::new();
                let all: String = node.descendants().filter_map(|n| n.value().as_text().map(|t| t.to_string())).collect();
                for (i, line) in all.lines().enumerate() {
                    if i > 0 {
                        text.push(Inline::Break);
                    }
                    model::push_text(&mut text, line, &Look::default());
                }
                model::trim(&mut text);
                if !text.is_empty() {
                    out.push(Block::Paragraph(text));
                }
            }
            // div, blockquote (its paragraphs as paragraphs), section, body and the rest.
            _ => self.blocks(node, out),
        }
    }

    fn paragraph(&mut self, node: NodeRef<'_, Node>, heading: Option<u8>, out: &mut Vec<Block>) {
        self.in_contents = false;
        let mut inlines = Vec::new();
        let mut boxes = Vec::new();
        self.content(node, &Look::default(), &mut inlines, &mut boxes);
        model::trim(&mut inlines);
        if inlines.is_empty() {
            if boxes.is_empty() && self.in_cell == 0 {
                self.recognised.empty_paragraphs_dropped += 1;
            }
            out.append(&mut boxes);
            return;
        }
        let block = if let Some(level) = heading {
            self.recognised.headings += 1;
            self.last_level = Some(level);
            model::unbold(&mut inlines);
            Block::Heading { level, text: inlines }
        } else {
            model::typed_or_paragraph(inlines, self.in_cell > 0, &mut self.last_level, &mut self.recognised)
        };
        out.push(block);
        out.append(&mut boxes);
    }

    fn list(&mut self, list: NodeRef<'_, Node>, level: usize, out: &mut Vec<Block>) {
        let ordered = element_name(list) == Some("ol");
        for item in visible_children(list) {
            match element_name(item) {
                Some("li") => self.list_item(item, level, ordered, out),
                Some("ul" | "ol") => self.list(item, level + 1, out),
                _ => {}
            }
        }
    }

    /// A list item: its text (paragraphs inside it joined by line breaks), then the
    /// lists inside it a level deeper, then any other block (a table) after it.
    fn list_item(&mut self, item: NodeRef<'_, Node>, level: usize, ordered: bool, out: &mut Vec<Block>) {
        let mut text: Vec<Inline> = Vec::new();
        let mut after = Vec::new();
        let mut boxes = Vec::new();
        let emit = |reader: &mut Self, text: &mut Vec<Inline>, out: &mut Vec<Block>| {
            model::trim(text);
            if !text.is_empty() {
                reader.recognised.list_items += 1;
                out.push(Block::Item { level: level.min(8), ordered, text: std::mem::take(text) });
            }
        };
        for node in visible_children(item) {
            match element_name(node) {
                Some("ul" | "ol") => {
                    emit(self, &mut text, out);
                    out.append(&mut after);
                    self.list(node, level + 1, out);
                }
                Some(name) if is_dropped(name) => {}
                Some("p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote") => {
                    let mut inlines = Vec::new();
                    self.content(node, &Look::default(), &mut inlines, &mut boxes);
                    model::trim(&mut inlines);
                    if !inlines.is_empty() {
                        if !text.is_empty() {
                            text.push(Inline::Break);
                        }
                        text.extend(inlines);
                    }
                }
                Some(name) if is_block(name) => self.block(node, name, &mut after),
                _ => self.inlines(node, &Look::default(), &mut text, &mut boxes),
            }
        }
        emit(self, &mut text, out);
        out.append(&mut after);
        out.append(&mut boxes);
    }

    /// The inline content of a block element (a paragraph, a heading).
    fn content(&mut self, block: NodeRef<'_, Node>, look: &Look, out: &mut Vec<Inline>, boxes: &mut Vec<Block>) {
        for child in visible_children(block) {
            self.inlines(child, look, out, boxes);
        }
    }

    /// One node of inline content into `out`; a block met inside it into `boxes`.
    fn inlines(&mut self, node: NodeRef<'_, Node>, look: &Look, out: &mut Vec<Inline>, boxes: &mut Vec<Block>) {
        match node.value() {
            Node::Text(text) => {
                let text: &str = text;
                let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
                let lead = if text.starts_with(char::is_whitespace) && !collapsed.is_empty() { " " } else { "" };
                let trail = if text.ends_with(char::is_whitespace) { " " } else { "" };
                let joined = if collapsed.is_empty() { trail.to_owned() } else { format!("{lead}{collapsed}{trail}") };
                model::push_text(out, &joined, look);
            }
            Node::Element(element) => {
                let name = element.name();
                if is_dropped(name) || self.note_lists.contains(&node.id()) {
                    return;
                }
                if is_block(name) && name != "body" {
                    // A block inside inline content (a table in a link): read after it.
                    self.block(node, name, boxes);
                    return;
                }
                let mut look = look.clone();
                match name {
                    "b" | "strong" => look.bold = true,
                    "i" | "em" | "cite" => look.italic = true,
                    "br" => {
                        out.push(Inline::Break);
                        return;
                    }
                    "img" => {
                        self.picture(node, out);
                        return;
                    }
                    "del" => {
                        self.recognised.deletions_dropped += 1;
                        return;
                    }
                    "a" => {
                        let href = element.attr("href").unwrap_or_default().trim();
                        if let Some(target) = href.strip_prefix('#') {
                            if self.in_note > 0 {
                                // A note's link back to its reference: the page makes its own.
                                return;
                            }
                            if let Some(note) = self.note_targets.get(target).copied() {
                                self.note(node, note, out);
                                return;
                            }
                        } else if ["http://", "https://", "mailto:", "tel:"].iter().any(|s| href.to_lowercase().starts_with(s)) {
                            self.recognised.links += 1;
                            look.link = Some(href.to_owned());
                        }
                    }
                    _ => {}
                }
                match style_property(node, "font-weight").as_deref() {
                    Some("bold" | "bolder" | "600" | "700" | "800" | "900") => look.bold = true,
                    Some("normal" | "400" | "lighter") => look.bold = false,
                    _ => {}
                }
                match style_property(node, "font-style").as_deref() {
                    Some("italic" | "oblique") => look.italic = true,
                    Some("normal") => look.italic = false,
                    _ => {}
                }
                for child in visible_children(node) {
                    self.inlines(child, &look, out, boxes);
                }
            }
            _ => {}
        }
    }

    /// A footnote reference: the note's text read once, at its first reference.
    fn note(&mut self, reference: NodeRef<'_, Node>, note: ego_tree::NodeId, out: &mut Vec<Inline>) {
        if let Some(&index) = self.notes_read.get(&note) {
            out.push(Inline::Note(index));
            return;
        }
        let Some(body) = reference.tree().get(note) else { return };
        let counted = self.recognised.clone();
        let mut blocks = Vec::new();
        self.in_cell += 1;
        self.in_note += 1;
        let lists = std::mem::take(&mut self.note_lists);
        self.blocks(body, &mut blocks);
        self.note_lists = lists;
        self.in_note -= 1;
        self.in_cell -= 1;
        self.recognised = counted;
        let mut text = Vec::new();
        for block in blocks {
            if let Block::Heading { text: inlines, .. } | Block::Paragraph(inlines) | Block::Item { text: inlines, .. } = block {
                if !text.is_empty() {
                    model::push_text(&mut text, " ", &Look::default());
                }
                text.extend(inlines);
            }
        }
        // Word's mark inside the note ("[1]") is its link back, already left out.
        model::trim(&mut text);
        self.document.notes.push(text);
        let index = self.document.notes.len() - 1;
        self.notes_read.insert(note, index);
        out.push(Inline::Note(index));
    }

    fn picture(&mut self, img: NodeRef<'_, Node>, out: &mut Vec<Inline>) {
        let src = attribute(img, "src").unwrap_or_default().trim();
        let alt = attribute(img, "alt").unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ");
        let (bytes, named) = if let Some(data) = src.strip_prefix("data:") {
            let (kind, payload) = data.split_once(',').unwrap_or((data, ""));
            let named = kind.split(';').next().unwrap_or_default().rsplit('/').next().unwrap_or_default().to_lowercase();
            let bytes = if kind.ends_with(";base64") {
                use base64::Engine as _;
                base64::engine::general_purpose::STANDARD
                    .decode(payload.split_whitespace().collect::<String>())
                    .map_err(|_| "its picture data is damaged".to_owned())
            } else {
                percent_decode(payload).map(String::into_bytes).ok_or_else(|| "its picture data is damaged".to_owned())
            };
            (bytes, named)
        } else {
            let named =
                src.split(['?', '#']).next().unwrap_or_default().rsplit_once('.').map(|(_, e)| e.to_lowercase()).unwrap_or_default();
            let bytes = match (local_file(src), self.load) {
                (Some(file), Some(load)) => load(&file),
                (None, _) if src.contains("://") => {
                    Err("it is on the web, not saved with the page: download it and add it to the page by hand".to_owned())
                }
                _ => Err("the page names it somewhere policypress does not read pictures from: put it beside the page".to_owned()),
            };
            (bytes, named)
        };
        out.push(self.document.picture(Image { bytes, named, alt, src: None }));
    }

    fn table(&mut self, table: NodeRef<'_, Node>, out: &mut Vec<Block>) {
        self.in_cell += 1;
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        let mut spans = Spans::default();
        for tr in table_rows(table) {
            let mut row = Vec::new();
            let mut column = 0;
            // The places a cell above covers stand empty, as Word's merged cells do.
            let cover = |row: &mut Vec<Cell>, column: &mut usize, spans: &Spans| {
                while spans.covered(*column) {
                    row.push(Cell { blocks: Vec::new(), across: 1 });
                    *column += 1;
                }
            };
            for cell in visible_children(tr).into_iter().filter(|n| matches!(element_name(*n), Some("td" | "th"))) {
                cover(&mut row, &mut column, &spans);
                let number = |name: &str| attribute(cell, name).and_then(|n| n.trim().parse::<usize>().ok()).unwrap_or(1).clamp(1, 64);
                let (across, down) = (number("colspan"), number("rowspan"));
                let mut blocks = Vec::new();
                self.blocks(cell, &mut blocks);
                spans.place(column, across, down);
                row.push(Cell { blocks, across });
                column += across;
            }
            cover(&mut row, &mut column, &spans);
            spans.next_row();
            rows.push(row);
        }
        self.in_cell -= 1;
        if model::push_table(rows, out) {
            self.recognised.tables += 1;
        }
    }
}

/// A table's rows, through `thead`, `tbody` and `tfoot`, not into tables inside cells.
fn table_rows(table: NodeRef<'_, Node>) -> Vec<NodeRef<'_, Node>> {
    let mut rows = Vec::new();
    for node in visible_children(table) {
        match element_name(node) {
            Some("tr") => rows.push(node),
            Some("thead" | "tbody" | "tfoot") => rows.extend(table_rows(node)),
            _ => {}
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::markdown;

    fn markdown_of(bytes: &[u8]) -> (String, Recognised, Document) {
        let load =
            |file: &Path| if file == Path::new("Policy_files/image001.png") { Ok(b"png".to_vec()) } else { Err("missing".to_owned()) };
        let (mut document, recognised) = read(bytes, &load).unwrap();
        let _ = crate::import::title_of(&mut document);
        (markdown::write(&document, 2), recognised, document)
    }

    #[test]
    fn plain_html_headings_lists_tables_looks_links_and_notes() {
        let page = r##"<!DOCTYPE html><html><head><title>Ignored</title><style>p { color: red }</style><script>var secret = 1;</script></head><body>
<h1>Online Safety Policy</h1><h2>Aims</h2><p>The <strong>lead</strong> reports to the <em>governors</em>.<br>See <a href="https://www.example.org/report">the site</a><sup><a href="#fn1" id="fnref1">1</a></sup> or <a href="other.html">this</a>.</p>
<ul><li>One<ul><li>Inner</li></ul></li><li><p>Two</p><p>More</p></li></ul><ol><li>First</li></ol>
<blockquote><p>Quoted</p></blockquote>
<table><tr><th>Area</th><th>Who</th><th>When</th></tr><tr><td rowspan="2">Safeguarding</td><td>Lead</td><td>Autumn</td></tr><tr><td>Deputy</td><td>Spring</td></tr><tr><td colspan="3">Everyone</td></tr></table>
<p><img src="data:image/png;base64,iVBORw0KGgo=" alt="A chart"></p>
<section class="footnotes" role="doc-endnotes"><ol><li id="fn1"><p>A note. <a href="#fnref1" class="footnote-back">↩</a></p></li></ol></section></body></html>"##;
        let (markdown, recognised, document) = markdown_of(page.as_bytes());
        assert_eq!(
            markdown,
            "## Aims\n\nThe **lead** reports to the *governors*.\\\nSee [the site](https://www.example.org/report)[^1] or this.\n\n- One\n  - Inner\n- Two\\\n  More\n1. First\n\nQuoted\n\n| Area | Who | When |\n| --- | --- | --- |\n| Safeguarding | Lead | Autumn |\n|  | Deputy | Spring |\n| Everyone |  |  |\n\n[^1]: A note.\n"
        );
        assert_eq!(document.images[0].bytes.as_deref().ok(), Some(&b"\x89PNG\r\n\x1a\n"[..]));
        assert_eq!(document.images[0].alt, "A chart");
        assert_eq!((recognised.list_items, recognised.tables, recognised.footnotes, recognised.links), (4, 1, 1, 1));
        assert!(!markdown.contains("secret") && !markdown.contains("Ignored") && !markdown.contains("color"));
    }

    #[test]
    fn what_word_saves_as_a_web_page_in_windows_1252() {
        let page = "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head><meta http-equiv=Content-Type content=\"text/html; charset=windows-1252\"><style><!-- p.MsoNormal {margin:0cm} --></style><!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>A Head</o:Author></o:DocumentProperties></xml><![endif]--></head><body lang=EN-GB><div class=WordSection1>\
<p class=MsoTitle>Online Safety Policy<o:p></o:p></p>\
<p class=MsoToc1><a href=\"#_Toc1\">Aims 2</a></p>\
<h1><a name=\"_Toc1\">Aims</a></h1>\
<p class=MsoNormal>Pupils\u{92} devices are checked \u{96} every term<a style='mso-footnote-id:ftn1' href=\"#_ftn1\" name=\"_ftnref1\" title=\"\"><span class=MsoFootnoteReference><![if !supportFootnotes]>[1]<![endif]></span></a>.<o:p>&nbsp;</o:p></p>\
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'>\u{b7}<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp;&nbsp; </span></span><![endif]>Lock the screen<o:p></o:p></p>\
<p class=MsoListParagraphCxSpLast style='margin-left:72.0pt;mso-list:l0 level2 lfo1'><![if !supportLists]><span>o<span>&nbsp;&nbsp; </span></span><![endif]>Every time<o:p></o:p></p>\
<p class=MsoListParagraph style='mso-list:l1 level1 lfo2'><![if !supportLists]><span>1.<span>&nbsp;&nbsp; </span></span><![endif]>Report it<o:p></o:p></p>\
<p class=MsoNormal><b>Mobile phones<o:p></o:p></b></p>\
<p class=MsoNormal><img width=200 height=100 src=\"Policy_files/image001.png\" alt=\"Pupils in the library\" v:shapes=\"Picture_x0020_1\"></p>\
</div><div style='mso-element:footnote-list'><![if !supportFootnotes]><br clear=all><hr align=left size=1 width=\"33%\"><![endif]><div style='mso-element:footnote' id=ftn1><p class=MsoFootnoteText><a style='mso-footnote-id:ftn1' href=\"#_ftnref1\" name=\"_ftn1\" title=\"\"><span class=MsoFootnoteReference>[1]</span></a> Checked by the IT lead.</p></div></div></body></html>";
        let bytes: Vec<u8> = page.chars().map(|c| u8::try_from(u32::from(c)).unwrap()).collect();
        let (markdown, recognised, document) = markdown_of(&bytes);
        assert_eq!(
            markdown,
            "## Aims\n\nPupils\u{2019} devices are checked \u{2013} every term[^1].\n\n- Lock the screen\n  - Every time\n1. Report it\n\n### Mobile phones\n\n[^1]: Checked by the IT lead.\n"
        );
        assert_eq!(recognised.contents_tables_dropped, 1);
        assert_eq!(document.images[0].bytes.as_deref().ok(), Some(&b"png"[..]));
        assert!(!markdown.contains("A Head") && !markdown.contains("margin"));
    }

    #[test]
    fn a_word_list_that_lost_its_conditional_comments_loses_its_typed_bullets_too() {
        let page = "<html><body><p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><span style='font-family:Symbol;mso-list:Ignore'>\u{b7}<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp; </span></span>Lock the screen</p>\
<p class=MsoListParagraph style='mso-list:l0 level2 lfo1'><span style='mso-list:Ignore'>o<span>&nbsp; </span></span>Every time</p>\
<p class=MsoListParagraph style='mso-list:l1 level1 lfo2'><span style='mso-list:Ignore'>1.<span>&nbsp; </span></span>Report it</p></body></html>";
        let (markdown, ..) = markdown_of(page.as_bytes());
        assert_eq!(markdown, "- Lock the screen\n  - Every time\n1. Report it\n");
    }

    #[test]
    fn picture_addresses_never_leave_the_pages_folder() {
        assert_eq!(local_file("Policy_files/image001.jpg"), Some(PathBuf::from("Policy_files/image001.jpg")));
        assert_eq!(local_file("My%20Policy_files/image%20001.jpg"), Some(PathBuf::from("My Policy_files/image 001.jpg")));
        for bad in ["../secret.jpg", "/etc/passwd", "C:\\photos\\a.jpg", "file:///a.jpg", "https://example.org/a.jpg", "a/../../b.jpg", ""]
        {
            assert_eq!(local_file(bad), None, "{bad}");
        }
    }

    #[test]
    fn any_bytes_are_some_page_never_a_panic() {
        let mut seed = 0x47_u64;
        for _ in 0..200 {
            let bytes: Vec<u8> = (0..200)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                    b"<>/=\"' pabtdrlihu1x#&;![]-"[usize::try_from(seed >> 59).unwrap() % 26]
                })
                .collect();
            let _ = read(&bytes, &|_| Err(String::new()));
        }
        let deep = format!("<p>{}x", "<span>".repeat(1000));
        assert!(read(deep.as_bytes(), &|_| Err(String::new())).unwrap_err().contains("nested"));
    }
}
