//! OpenDocument text (`.odt`, what LibreOffice and Google Docs save) read into the plain
//! [`Document`] model.
//!
//! In: the file's bytes. Out: the document's blocks, footnotes and pictures, and a count
//! of what was recognised ([`Recognised`], the same as a Word document's). Reads
//! `content.xml` with its automatic styles (LibreOffice's `P1`, `T1`: what is bold, which
//! list is numbered) and `styles.xml` (named styles: which paragraphs are headings; the
//! master pages' headers and footers). Tracked changes are taken as accepted (the
//! `text:tracked-changes` region, where deleted text waits, is never read; insertions
//! stand in the text), annotations and generated indexes are dropped, text boxes read
//! where they stand, and page headers' and footers' text follows the body, less page
//! numbers and repeats of the body.
//!
//! Guarantees: the archive is read through [`crate::text::zip`], the XML through
//! roxmltree (no DTDs), nesting is bounded before anything recursive walks it, and
//! nothing here panics on a malformed document.

use std::collections::HashMap;

use roxmltree::Node;

use super::docx::Recognised;
use super::model::{self, Block, Cell, Document, Image, Inline, Look, Spans, parse_xml as parse};
use crate::text::zip::Archive;

const TEXT: &str = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
const TABLE: &str = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
const STYLE: &str = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";
const OFFICE: &str = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
const DRAW: &str = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0";
const FO: &str = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0";
const SVG: &str = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0";
const XLINK: &str = "http://www.w3.org/1999/xlink";
const MANIFEST: &str = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";

/// Whether the `.odt` is protected by a password: its manifest says how each part is
/// encrypted. Anything unreadable is for [`read`] to report.
pub(crate) fn is_encrypted(bytes: &[u8]) -> bool {
    let Ok(archive) = Archive::open(bytes) else { return false };
    match archive.read("META-INF/manifest.xml") {
        Ok(Some(manifest)) => {
            let manifest = String::from_utf8_lossy(&manifest);
            roxmltree::Document::parse(&manifest).is_ok_and(|doc| {
                doc.descendants().any(|n| n.tag_name().name() == "encryption-data" && n.tag_name().namespace() == Some(MANIFEST))
            })
        }
        // A password-protected entry is refused by the zip reader itself.
        Err(why) => why.contains("password"),
        Ok(None) => false,
    }
}

/// Reads an `.odt` file's bytes, or says in a sentence why it cannot.
pub(crate) fn read(bytes: &[u8]) -> Result<(Document, Recognised), String> {
    let archive = Archive::open(bytes)?;
    let part = |name: &str| -> Result<Option<String>, String> {
        archive
            .read(name)?
            .map(|bytes| String::from_utf8(bytes).map_err(|_| format!("the file is damaged: `{name}` inside it is not text")))
            .transpose()
    };
    let Some(content_xml) = part("content.xml")? else {
        return Err("it is not an OpenDocument text: it has no content inside".to_owned());
    };
    let styles_xml = part("styles.xml")?;
    let styles_doc = styles_xml.as_deref().map(parse).transpose()?;
    let content = parse(&content_xml)?;
    let named = styles_doc.as_ref().and_then(|doc| child(doc.root_element(), OFFICE, "styles"));

    let mut reader = Reader {
        styles: Styles::read(&[named, child(content.root_element(), OFFICE, "automatic-styles")]),
        archive: Some(&archive),
        ..Reader::default()
    };
    let body = child(content.root_element(), OFFICE, "body")
        .and_then(|b| child(b, OFFICE, "text"))
        .ok_or("it is not an OpenDocument text: its content has no text (is it a spreadsheet or a presentation?)")?;
    let mut blocks = Vec::new();
    reader.blocks(body, &mut blocks);

    // The master pages' headers and footers, in the styles' own automatic styles.
    let mut page_furniture = Vec::new();
    if let Some(doc) = &styles_doc
        && let Some(masters) = child(doc.root_element(), OFFICE, "master-styles")
    {
        let counted = reader.recognised.clone();
        let body_styles =
            std::mem::replace(&mut reader.styles, Styles::read(&[named, child(doc.root_element(), OFFICE, "automatic-styles")]));
        let mut found = Vec::new();
        reader.in_cell += 1;
        reader.archive = None;
        for furniture in masters.descendants().filter(|n| {
            n.tag_name().namespace() == Some(STYLE)
                && matches!(n.tag_name().name(), "header" | "footer" | "header-left" | "footer-left" | "header-first" | "footer-first")
        }) {
            reader.blocks(furniture, &mut found);
        }
        reader.in_cell -= 1;
        reader.styles = body_styles;
        reader.recognised = counted;
        reader.recognised.page_header_paragraphs += model::push_page_furniture(&mut page_furniture, &blocks, found);
    }
    let mut recognised = reader.recognised;
    recognised.footnotes = reader.document.notes.len();
    let mut document = reader.document;
    document.blocks = blocks;
    document.page_furniture = page_furniture;
    Ok((document, recognised))
}

fn is(node: Node<'_, '_>, namespace: &str, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && node.tag_name().namespace() == Some(namespace)
}

fn child<'a, 'i>(node: Node<'a, 'i>, namespace: &str, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| is(*n, namespace, name))
}

fn attr<'a>(node: Node<'a, '_>, namespace: &str, name: &str) -> Option<&'a str> {
    node.attribute((namespace, name))
}

#[derive(Default)]
struct StyleDef {
    display: String,
    parent: Option<String>,
    outline: Option<u8>,
    bold: Option<bool>,
    italic: Option<bool>,
    list_style: Option<String>,
}

/// Paragraph and text styles by name (automatic styles over named ones), and list
/// styles: for each, which levels are numbered.
#[derive(Default)]
struct Styles {
    styles: HashMap<String, StyleDef>,
    lists: HashMap<String, HashMap<usize, bool>>,
}

impl Styles {
    /// The styles in `containers` (`office:styles`, then `office:automatic-styles`).
    fn read(containers: &[Option<Node<'_, '_>>]) -> Styles {
        let mut styles = Styles::default();
        for container in containers.iter().flatten() {
            for node in container.children().filter(Node::is_element) {
                let Some(name) = attr(node, STYLE, "name") else { continue };
                if is(node, STYLE, "style") {
                    let text = child(node, STYLE, "text-properties");
                    let weight = text.and_then(|t| attr(t, FO, "font-weight"));
                    let slant = text.and_then(|t| attr(t, FO, "font-style"));
                    styles.styles.insert(
                        name.to_owned(),
                        StyleDef {
                            display: attr(node, STYLE, "display-name").unwrap_or(name).to_lowercase(),
                            parent: attr(node, STYLE, "parent-style-name").map(str::to_owned),
                            outline: attr(node, STYLE, "default-outline-level").and_then(|l| l.parse().ok()),
                            bold: weight.map(|w| w == "bold" || w.parse::<u32>().is_ok_and(|n| n >= 600)),
                            italic: slant.map(|s| matches!(s, "italic" | "oblique")),
                            list_style: attr(node, STYLE, "list-style-name").filter(|l| !l.is_empty()).map(str::to_owned),
                        },
                    );
                } else if is(node, TEXT, "list-style") {
                    let mut levels = HashMap::new();
                    for level in node.children().filter(Node::is_element) {
                        let Some(at) = attr(level, TEXT, "level").and_then(|l| l.parse::<usize>().ok()) else { continue };
                        let numbered = level.tag_name().name() == "list-level-style-number"
                            && attr(level, STYLE, "num-format").is_some_and(|f| !f.is_empty());
                        levels.insert(at, numbered);
                    }
                    styles.lists.insert(name.to_owned(), levels);
                }
            }
        }
        styles
    }

    /// The style `name` and those it is based on, nearest first (a loop is cut short).
    fn chain(&self, name: &str) -> Vec<&StyleDef> {
        let mut chain = Vec::new();
        let mut next = Some(name);
        while let Some(name) = next
            && chain.len() < 16
        {
            let Some(style) = self.styles.get(name) else { break };
            chain.push(style);
            next = style.parent.as_deref();
        }
        chain
    }

    /// The heading level a paragraph style gives: 0 for a title, 1 to 10 for headings.
    fn heading_level(&self, name: &str) -> Option<u8> {
        let chain = self.chain(name);
        if chain.iter().any(|s| s.display == "title") {
            return Some(0);
        }
        chain.iter().find_map(|s| s.outline).filter(|l| (1..=10).contains(l))
    }

    fn look(&self, name: &str, mut look: Look) -> Look {
        let chain = self.chain(name);
        if let Some(bold) = chain.iter().find_map(|s| s.bold) {
            look.bold = bold;
        }
        if let Some(italic) = chain.iter().find_map(|s| s.italic) {
            look.italic = italic;
        }
        look
    }

    fn is_contents(&self, name: &str) -> bool {
        self.chain(name).first().is_some_and(|s| s.display.starts_with("contents") || s.display.starts_with("table of contents"))
    }

    /// Whether level `level` (0 outermost) of list style `name` is numbered.
    fn numbered(&self, name: &str, level: usize) -> Option<bool> {
        self.lists.get(name)?.get(&(level + 1)).copied()
    }
}

#[derive(Default)]
struct Reader<'z> {
    styles: Styles,
    /// The archive pictures are read from; `None` while reading page headers and footers,
    /// whose pictures (a logo) are not the body's.
    archive: Option<&'z Archive<'z>>,
    document: Document,
    in_cell: usize,
    /// The level of the last styled heading, for a bold line's level.
    last_level: Option<u8>,
    recognised: Recognised,
}

impl Reader<'_> {
    fn blocks(&mut self, parent: Node<'_, '_>, out: &mut Vec<Block>) {
        for node in parent.children().filter(Node::is_element) {
            let (namespace, name) = (node.tag_name().namespace().unwrap_or_default(), node.tag_name().name());
            match (namespace, name) {
                (TEXT, "p" | "h") => self.paragraph(node, out),
                (TEXT, "list") => self.list(node, 0, None, out),
                (TABLE, "table") => self.table(node, out),
                (TEXT, "section" | "index-body") => self.blocks(node, out),
                (TEXT, "tracked-changes") => {
                    let count = |kind: &str| node.descendants().filter(|n| is(*n, TEXT, kind)).count();
                    self.recognised.deletions_dropped += count("deletion");
                    self.recognised.insertions_kept += count("insertion");
                }
                (TEXT, "table-of-content") => self.recognised.contents_tables_dropped += 1,
                (OFFICE, "annotation") => self.recognised.comments_dropped += 1,
                (DRAW, "frame" | "a") => {
                    let mut inlines = Vec::new();
                    self.drawing(node, &Look::default(), &mut inlines, out);
                    model::trim(&mut inlines);
                    if !inlines.is_empty() {
                        out.push(Block::Paragraph(inlines));
                    }
                }
                _ => {}
            }
        }
    }

    fn paragraph(&mut self, p: Node<'_, '_>, out: &mut Vec<Block>) {
        let style = attr(p, TEXT, "style-name").unwrap_or_default();
        if self.styles.is_contents(style) {
            return;
        }
        let look = self.styles.look(style, Look::default());
        let mut inlines = Vec::new();
        let mut boxes = Vec::new();
        self.inlines(p, &look, &mut inlines, &mut boxes);
        model::trim(&mut inlines);
        if inlines.is_empty() {
            if boxes.is_empty() && self.in_cell == 0 {
                self.recognised.empty_paragraphs_dropped += 1;
            }
            out.append(&mut boxes);
            return;
        }
        let level = if is(p, TEXT, "h") {
            Some(attr(p, TEXT, "outline-level").and_then(|l| l.parse::<u8>().ok()).unwrap_or(1).clamp(1, 10))
        } else {
            self.styles.heading_level(style)
        };
        let block = if let Some(level) = level {
            self.recognised.headings += 1;
            self.last_level = Some(level);
            model::unbold(&mut inlines);
            Block::Heading { level: level.min(9), text: inlines }
        } else {
            model::typed_or_paragraph(inlines, self.in_cell > 0, &mut self.last_level, &mut self.recognised)
        };
        out.push(block);
        out.append(&mut boxes);
    }

    /// A list at `level`: its items, their paragraphs joined by line breaks, and the
    /// lists inside them a level deeper. A nested list without a style of its own takes
    /// its parent's.
    fn list(&mut self, list: Node<'_, '_>, level: usize, inherited: Option<&str>, out: &mut Vec<Block>) {
        let style = attr(list, TEXT, "style-name").or(inherited);
        for item in list.children().filter(Node::is_element) {
            let header = is(item, TEXT, "list-header");
            if !header && !is(item, TEXT, "list-item") {
                continue;
            }
            let mut text: Vec<Inline> = Vec::new();
            let mut after = Vec::new();
            let mut ordered = None;
            for node in item.children().filter(Node::is_element) {
                if is(node, TEXT, "list") {
                    self.flush_item(&mut text, level, ordered.unwrap_or(false), header, out);
                    out.append(&mut after);
                    self.list(node, level + 1, style, out);
                } else if is(node, TEXT, "p") || is(node, TEXT, "h") {
                    let paragraph_style = attr(node, TEXT, "style-name").unwrap_or_default();
                    let list_style =
                        style.map(str::to_owned).or_else(|| self.styles.chain(paragraph_style).iter().find_map(|s| s.list_style.clone()));
                    ordered = ordered.or_else(|| list_style.and_then(|l| self.styles.numbered(&l, level)));
                    let look = self.styles.look(paragraph_style, Look::default());
                    let mut inlines = Vec::new();
                    self.inlines(node, &look, &mut inlines, &mut after);
                    model::trim(&mut inlines);
                    if !inlines.is_empty() {
                        if !text.is_empty() {
                            text.push(Inline::Break);
                        }
                        text.extend(inlines);
                    }
                } else {
                    self.blocks_of(node, &mut after);
                }
            }
            self.flush_item(&mut text, level, ordered.unwrap_or(false), header, out);
            out.append(&mut after);
        }
    }

    /// One element read as blocks, as if it stood alone.
    fn blocks_of(&mut self, node: Node<'_, '_>, out: &mut Vec<Block>) {
        match (node.tag_name().namespace().unwrap_or_default(), node.tag_name().name()) {
            (TABLE, "table") => self.table(node, out),
            (TEXT, "section") => self.blocks(node, out),
            _ => {}
        }
    }

    fn flush_item(&mut self, text: &mut Vec<Inline>, level: usize, ordered: bool, header: bool, out: &mut Vec<Block>) {
        if text.is_empty() {
            return;
        }
        let text = std::mem::take(text);
        if header {
            out.push(Block::Paragraph(text));
        } else {
            self.recognised.list_items += 1;
            out.push(Block::Item { level: level.min(8), ordered, text });
        }
    }

    /// The text under `node` into `out`; the paragraphs of any text box among it into
    /// `boxes`, to follow the paragraph they are anchored in.
    fn inlines(&mut self, node: Node<'_, '_>, look: &Look, out: &mut Vec<Inline>, boxes: &mut Vec<Block>) {
        for node in node.children() {
            if node.is_text() {
                // ODF collapses white space as XML text does; more than one space is `text:s`.
                let text = node.text().unwrap_or_default();
                let collapsed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
                let lead = if text.starts_with(char::is_whitespace) && !collapsed.is_empty() { " " } else { "" };
                let trail = if text.ends_with(char::is_whitespace) { " " } else { "" };
                let joined = if collapsed.is_empty() { trail.to_owned() } else { format!("{lead}{collapsed}{trail}") };
                model::push_text(out, &joined, look);
                continue;
            }
            if !node.is_element() {
                continue;
            }
            match (node.tag_name().namespace().unwrap_or_default(), node.tag_name().name()) {
                (TEXT, "span") => {
                    let look = attr(node, TEXT, "style-name").map_or_else(|| look.clone(), |s| self.styles.look(s, look.clone()));
                    self.inlines(node, &look, out, boxes);
                }
                (TEXT, "a") => {
                    let target = attr(node, XLINK, "href").filter(|h| !h.starts_with('#')).map(str::to_owned);
                    if target.is_some() {
                        self.recognised.links += 1;
                    }
                    let linked = Look { link: target.or_else(|| look.link.clone()), ..look.clone() };
                    self.inlines(node, &linked, out, boxes);
                }
                (TEXT, "s") => {
                    let count = attr(node, TEXT, "c").and_then(|c| c.parse::<usize>().ok()).unwrap_or(1).clamp(1, 64);
                    model::push_text(out, &" ".repeat(count), look);
                }
                (TEXT, "tab") => model::push_text(out, " ", look),
                (TEXT, "line-break") => out.push(Inline::Break),
                (TEXT, "note") => self.note(node, out),
                (TEXT, "soft-page-break" | "bookmark" | "bookmark-start" | "bookmark-end" | "change" | "change-start" | "change-end")
                | (TEXT, "reference-mark" | "reference-mark-start" | "reference-mark-end" | "alphabetical-index-mark")
                | (TEXT, "toc-mark" | "user-index-mark" | "page-count" | "page-number" | "number")
                | (OFFICE, "annotation-end") => {}
                (OFFICE, "annotation") => self.recognised.comments_dropped += 1,
                (DRAW, _) => self.drawing(node, look, out, boxes),
                // Fields and marks that show text (a date, a cross-reference): their text.
                _ => self.inlines(node, look, out, boxes),
            }
        }
    }

    /// A footnote or endnote: its body's paragraphs as one text (its citation, the
    /// number, is the page's to make).
    fn note(&mut self, node: Node<'_, '_>, out: &mut Vec<Inline>) {
        let Some(body) = child(node, TEXT, "note-body") else { return };
        let counted = self.recognised.clone();
        let mut blocks = Vec::new();
        self.in_cell += 1;
        self.blocks(body, &mut blocks);
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
        self.document.notes.push(text);
        out.push(Inline::Note(self.document.notes.len() - 1));
    }

    /// A drawing: a frame's picture into `out`, its text box's paragraphs into `boxes`;
    /// a linked frame (`draw:a`) read with its link; a shape's paragraphs into `boxes`.
    fn drawing(&mut self, node: Node<'_, '_>, look: &Look, out: &mut Vec<Inline>, boxes: &mut Vec<Block>) {
        match node.tag_name().name() {
            "a" => {
                let linked = Look { link: attr(node, XLINK, "href").map(str::to_owned).or_else(|| look.link.clone()), ..look.clone() };
                for frame in node.children().filter(|n| n.is_element() && n.tag_name().namespace() == Some(DRAW)) {
                    self.drawing(frame, &linked, out, boxes);
                }
            }
            "frame" => {
                if let Some(text_box) = child(node, DRAW, "text-box") {
                    self.recognised.text_boxes += 1;
                    self.blocks(text_box, boxes);
                } else if let Some(image) = child(node, DRAW, "image") {
                    self.picture(node, image, out);
                }
            }
            _ => {
                if node.children().any(|n| is(n, TEXT, "p")) {
                    self.recognised.text_boxes += 1;
                    self.blocks(node, boxes);
                }
            }
        }
    }

    fn picture(&mut self, frame: Node<'_, '_>, image: Node<'_, '_>, out: &mut Vec<Inline>) {
        let Some(archive) = self.archive else { return };
        let described =
            |name: &str| child(frame, SVG, name).and_then(|n| n.text()).map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned);
        let alt = described("desc").or_else(|| described("title")).unwrap_or_default();
        let href = attr(image, XLINK, "href").unwrap_or_default();
        let named = href.rsplit_once('.').map(|(_, e)| e.to_lowercase()).unwrap_or_default();
        let bytes = if href.contains("://") || href.starts_with('/') || href.starts_with("..") {
            Err("the document only links to it, it does not hold it: add it to the page by hand".to_owned())
        } else if href.is_empty() {
            child(image, OFFICE, "binary-data")
                .and_then(|data| data.text())
                .and_then(|text| {
                    use base64::Engine as _;
                    base64::engine::general_purpose::STANDARD.decode(text.split_whitespace().collect::<String>()).ok()
                })
                .ok_or_else(|| "the document does not hold it".to_owned())
        } else {
            let name = href.trim_start_matches("./");
            archive.read(name).and_then(|bytes| bytes.ok_or_else(|| "the document names it but does not hold it".to_owned()))
        };
        out.push(self.document.picture(Image { bytes, named, alt, src: None }));
    }

    fn table(&mut self, table: Node<'_, '_>, out: &mut Vec<Block>) {
        self.in_cell += 1;
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        let mut spans = Spans::default();
        for tr in table_rows(table) {
            let mut row = Vec::new();
            let mut column = 0;
            for cell in tr.children().filter(Node::is_element) {
                if is(cell, TABLE, "covered-table-cell") {
                    // Covered by a cell above (it stands empty, as Word's merged cells do)
                    // or by the cell to its left (whose width already counts it).
                    if spans.covered(column) {
                        row.push(Cell { blocks: Vec::new(), across: 1 });
                    }
                    column += 1;
                    continue;
                }
                if !is(cell, TABLE, "table-cell") {
                    continue;
                }
                let number = |name: &str| attr(cell, TABLE, name).and_then(|n| n.parse::<usize>().ok()).unwrap_or(1).clamp(1, 64);
                let (across, down) = (number("number-columns-spanned"), number("number-rows-spanned"));
                let mut blocks = Vec::new();
                self.blocks(cell, &mut blocks);
                spans.place(column, across, down);
                row.push(Cell { blocks, across });
                column += across;
            }
            spans.next_row();
            rows.push(row);
        }
        self.in_cell -= 1;
        if model::push_table(rows, out) {
            self.recognised.tables += 1;
        }
    }
}

/// A table's rows, through its header rows and row groups.
fn table_rows<'a, 'i>(table: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    let mut rows = Vec::new();
    for node in table.children().filter(Node::is_element) {
        if is(node, TABLE, "table-row") {
            rows.push(node);
        } else if matches!(node.tag_name().name(), "table-header-rows" | "table-rows" | "table-row-group")
            && node.tag_name().namespace() == Some(TABLE)
        {
            rows.extend(table_rows(node));
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::markdown;
    use crate::text::zip;

    const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/""#;

    /// An `.odt` of `body` (the children of `office:text`) with `automatic` styles, and
    /// `styles` (the children of `office:document-styles`), and more `parts`.
    fn odt(automatic: &str, body: &str, styles: &str, parts: &[(&str, &[u8])]) -> Vec<u8> {
        let content = format!(
            r#"<office:document-content {NS}><office:automatic-styles>{automatic}</office:automatic-styles><office:body><office:text>{body}</office:text></office:body></office:document-content>"#
        );
        let styles = format!(r#"<office:document-styles {NS}>{styles}</office:document-styles>"#);
        let mut files: Vec<(&str, &[u8])> = vec![
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", content.as_bytes()),
            ("styles.xml", styles.as_bytes()),
        ];
        files.extend_from_slice(parts);
        zip::write(&files)
    }

    fn markdown_of(automatic: &str, body: &str, styles: &str) -> (String, Recognised) {
        let (mut document, recognised) = read(&odt(automatic, body, styles, &[])).unwrap();
        // As import does: a title opening the document is the page's heading.
        let _ = crate::import::title_of(&mut document);
        (markdown::write(&document, 2), recognised)
    }

    #[test]
    fn headings_looks_spaces_links_and_notes() {
        let automatic = r#"<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties fo:font-weight="bold"/></style:style><style:style style:name="T1" style:family="text"><style:text-properties fo:font-style="italic"/></style:style><style:style style:name="T2" style:family="text"><style:text-properties fo:font-weight="700"/></style:style>"#;
        let styles = r#"<office:styles><style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:default-outline-level="2"/><style:style style:name="Title" style:family="paragraph"/></office:styles>"#;
        let body = r#"<text:p text:style-name="Title">Online Safety Policy</text:p><text:h text:style-name="Heading_20_1" text:outline-level="1">Aims</text:h><text:p text:style-name="Heading_20_2">Scope</text:p><text:p>The <text:span text:style-name="T2">lead</text:span> reports to the <text:span text:style-name="T1">governors</text:span>.<text:s text:c="3"/>See <text:a xlink:href="https://www.example.org/report">the site</text:a><text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>A note.</text:p></text:note-body></text:note>.<text:line-break/>Next<text:tab/>line<text:soft-page-break/> here.</text:p><text:p text:style-name="P1">Mobile phones</text:p><text:p/>"#;
        let (markdown, recognised) = markdown_of(automatic, body, styles);
        assert_eq!(
            markdown,
            "## Aims\n\n### Scope\n\nThe **lead** reports to the *governors*.   See [the site](https://www.example.org/report)[^1].\\\nNext line here.\n\n#### Mobile phones\n\n[^1]: A note.\n"
        );
        assert_eq!((recognised.headings, recognised.typed_headings, recognised.footnotes, recognised.links), (4, 1, 1, 1));
        assert_eq!(recognised.empty_paragraphs_dropped, 1);
    }

    #[test]
    fn lists_are_numbered_or_bulleted_by_their_list_style_and_nest() {
        let automatic = r#"<text:list-style style:name="L1"><text:list-level-style-number text:level="1" style:num-format="1"/><text:list-level-style-bullet text:level="2" text:bullet-char="•"/></text:list-style><style:style style:name="P2" style:family="paragraph" style:list-style-name="L2"/>"#;
        let styles = r#"<office:styles><text:list-style style:name="L2"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/></text:list-style></office:styles>"#;
        let body = r#"<text:list text:style-name="L1"><text:list-item><text:p>One</text:p><text:list><text:list-item><text:p>Inner</text:p></text:list-item></text:list></text:list-item><text:list-item><text:p>Two</text:p><text:p>More of two</text:p></text:list-item></text:list><text:list><text:list-item><text:p text:style-name="P2">A bullet</text:p></text:list-item></text:list>"#;
        let (markdown, recognised) = markdown_of(automatic, body, styles);
        assert_eq!(markdown, "1. One\n   - Inner\n1. Two\\\n   More of two\n- A bullet\n");
        assert_eq!(recognised.list_items, 4);
    }

    #[test]
    fn tables_keep_spans_and_skip_covered_cells() {
        let cell = |attrs: &str, text: &str| {
            format!(r#"<table:table-cell {attrs} office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#)
        };
        let body = format!(
            r#"<table:table table:name="Table1"><table:table-column table:number-columns-repeated="3"/><table:table-header-rows><table:table-row>{}{}{}</table:table-row></table:table-header-rows><table:table-row>{}{}{}</table:table-row><table:table-row><table:covered-table-cell/>{}{}</table:table-row><table:table-row>{}<table:covered-table-cell/><table:covered-table-cell/></table:table-row></table:table>"#,
            cell("", "Area"),
            cell("", "Who"),
            cell("", "When"),
            cell(r#"table:number-rows-spanned="2""#, "Safeguarding"),
            cell("", "Lead"),
            cell("", "Autumn"),
            cell("", "Deputy"),
            cell("", "Spring"),
            cell(r#"table:number-columns-spanned="3""#, "Everyone"),
        );
        let (markdown, recognised) = markdown_of("", &body, "");
        assert_eq!(
            markdown,
            "| Area | Who | When |\n| --- | --- | --- |\n| Safeguarding | Lead | Autumn |\n|  | Deputy | Spring |\n| Everyone |  |  |\n"
        );
        assert_eq!(recognised.tables, 1);
    }

    #[test]
    fn tracked_deletions_annotations_and_contents_never_reach_the_source() {
        let body = r#"<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion><office:change-info><dc:creator>A Head</dc:creator></office:change-info><text:p>sometimes </text:p></text:deletion></text:changed-region><text:changed-region text:id="ct2"><text:insertion><office:change-info><dc:creator>A Head</dc:creator></office:change-info></text:insertion></text:changed-region></text:tracked-changes><text:table-of-content text:name="Contents"><text:index-body><text:p text:style-name="Contents_20_1">Aims 2</text:p></text:index-body></text:table-of-content><text:p>Staff <text:change text:change-id="ct1"/><text:change-start text:change-id="ct2"/>always <text:change-end text:change-id="ct2"/>check<office:annotation><dc:creator>A Governor</dc:creator><text:p>Ask the head</text:p></office:annotation> the logs.</text:p><text:p><draw:frame draw:name="Box"><draw:text-box><text:p>Call the office</text:p></draw:text-box></draw:frame></text:p>"#;
        let (markdown, recognised) = markdown_of("", body, "");
        assert_eq!(markdown, "Staff always check the logs.\n\nCall the office\n");
        assert_eq!((recognised.deletions_dropped, recognised.insertions_kept, recognised.comments_dropped), (1, 1, 1));
        assert_eq!((recognised.contents_tables_dropped, recognised.text_boxes), (1, 1));
    }

    #[test]
    fn page_headers_follow_the_body_and_pictures_carry_their_description() {
        let styles = r#"<office:master-styles><style:master-page style:name="Standard"><style:header><text:p>Approved by governors, September 2026</text:p></style:header><style:footer><text:p>Page <text:page-number>2</text:page-number> of <text:page-count>7</text:page-count></text:p></style:footer></style:master-page></office:master-styles>"#;
        let body = r#"<text:p>Text.<draw:frame draw:name="Image1"><draw:image xlink:href="Pictures/1000.png"/><svg:title>Garden</svg:title><svg:desc>Pupils planting the garden</svg:desc></draw:frame></text:p>"#;
        let bytes = odt("", body, styles, &[("Pictures/1000.png", b"\x89PNG\r\n\x1a\n")]);
        let (document, recognised) = read(&bytes).unwrap();
        assert_eq!(recognised.page_header_paragraphs, 1);
        assert_eq!(document.images.len(), 1);
        assert_eq!(document.images[0].alt, "Pupils planting the garden");
        assert_eq!(document.images[0].named, "png");
        assert_eq!(document.images[0].bytes.as_deref().ok(), Some(&b"\x89PNG\r\n\x1a\n"[..]));
        assert_eq!(markdown::write(&document, 2), "Text.\n");
        assert_eq!(document.page_furniture.len(), 1, "the page header, for the approval details");
    }

    #[test]
    fn a_password_and_damage_are_said_never_a_panic() {
        let manifest = r#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K"/></manifest:file-entry></manifest:manifest>"#;
        assert!(is_encrypted(&odt("", "", "", &[("META-INF/manifest.xml", manifest.as_bytes())])));
        assert!(!is_encrypted(&odt("", "<text:p>x</text:p>", "", &[])));
        assert!(read(b"not a zip").unwrap_err().contains("damaged"));
        assert!(read(&zip::write(&[("mimetype", b"x")])).unwrap_err().contains("not an OpenDocument"));
        let whole = odt(
            "",
            r#"<text:list><text:list-item><text:p>a<text:span>b</text:span></text:p></text:list-item></text:list><table:table><table:table-row><table:table-cell table:number-rows-spanned="9"/><table:covered-table-cell/></table:table-row></table:table>"#,
            "",
            &[],
        );
        let mut seed = 0x0D7_u64;
        for _ in 0..300 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let mut bytes = whole.clone();
            let at = usize::try_from(seed >> 33).unwrap() % bytes.len();
            bytes[at] ^= u8::try_from((seed >> 20) % 255 + 1).unwrap();
            let _ = read(&bytes);
        }
        let deep = format!("{}x{}", "<text:span>".repeat(400), "</text:span>".repeat(400));
        assert!(read(&odt("", &format!("<text:p>{deep}</text:p>"), "", &[])).unwrap_err().contains("nested"));
    }
}
