//! Word documents (`.docx`) read into the plain [`Document`] model.
//!
//! In: the file's bytes. Out: the document's blocks and footnotes, and a count of what
//! was recognised and what was left behind ([`Recognised`]). Reads `word/document.xml`
//! with the styles (which paragraphs are headings, what is bold), the numbering
//! definitions (which paragraphs are list items, numbered or not, how deep), the
//! relationships (where links go) and the footnotes and endnotes. Tracked changes are
//! taken as accepted (a deletion is never read, an insertion always), comments and
//! Word's leftovers (empty paragraphs, page breaks, generated tables of contents) are
//! dropped, and text in text boxes and content controls is read where it stands. Page
//! headers' and footers' text follows the body, less page numbers and repeats of the
//! body. Images are not read yet.
//!
//! Guarantees: the archive is read through [`crate::text::zip`] (no entry inflated past
//! its limit, checksums checked), the XML through roxmltree (no DTDs, so no entity
//! expansion), and nothing here panics on a malformed document: what cannot be read is
//! an error that says what.

use std::collections::HashMap;

use roxmltree::Node;

use super::model::{self, Block, Cell, Document, Image, Inline, Look, parse_xml as parse};
use crate::text::zip::Archive;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// ISO 29500 Strict, which Word writes when asked ("Strict Open XML Document").
const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const R_STRICT: &str = "http://purl.oclc.org/ooxml/officeDocument/relationships";
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// What the reader recognised and what it left out, for the import report.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Recognised {
    pub(crate) headings: usize,
    /// Headings typed by hand (a numbered or bold short line) rather than styled.
    pub(crate) typed_headings: usize,
    pub(crate) paragraphs: usize,
    pub(crate) list_items: usize,
    pub(crate) tables: usize,
    pub(crate) footnotes: usize,
    pub(crate) links: usize,
    pub(crate) deletions_dropped: usize,
    pub(crate) insertions_kept: usize,
    pub(crate) comments_dropped: usize,
    pub(crate) empty_paragraphs_dropped: usize,
    pub(crate) page_breaks_dropped: usize,
    pub(crate) contents_tables_dropped: usize,
    pub(crate) text_boxes: usize,
    pub(crate) content_controls: usize,
    /// Each picture the site cannot publish, as a sentence saying which and what to do
    /// (filled in when the pictures are prepared, after reading).
    pub(crate) images_left_out: Vec<String>,
    /// Paragraphs and tables read from page headers and footers (placed after the body).
    pub(crate) page_header_paragraphs: usize,
}

/// Reads a `.docx` file's bytes, or says in a sentence why it cannot.
pub(crate) fn read(bytes: &[u8]) -> Result<(Document, Recognised), String> {
    let archive = Archive::open(bytes)?;
    let part = |name: &str| -> Result<Option<String>, String> {
        archive
            .read(name)?
            .map(|bytes| String::from_utf8(bytes).map_err(|_| format!("the file is damaged: `{name}` inside it is not text")))
            .transpose()
    };
    let main = main_part(part("_rels/.rels")?.as_deref());
    let Some(document_xml) = part(&main)? else {
        return Err("it is not a Word document: it has no document inside (is it a workbook or a presentation?)".to_owned());
    };
    let (folder, name) = main.rsplit_once('/').unwrap_or(("", &main));
    let rels_xml = part(&join(folder, &format!("_rels/{name}.rels")))?;
    let rels = rels_xml.as_deref().map(relationships).transpose()?.unwrap_or_default();
    let target = |kind: &str, default: &str| {
        rels.iter().find(|r| r.kind.ends_with(kind) && !r.external).map_or_else(|| join(folder, default), |r| join(folder, &r.target))
    };
    let styles_xml = part(&target("/styles", "styles.xml"))?;
    let numbering_xml = part(&target("/numbering", "numbering.xml"))?;
    let footnotes_xml = part(&target("/footnotes", "footnotes.xml"))?;
    let endnotes_xml = part(&target("/endnotes", "endnotes.xml"))?;

    let styles = styles_xml.as_deref().map(parse).transpose()?.map(|doc| Styles::read(&doc)).unwrap_or_default();
    let numbering = numbering_xml.as_deref().map(parse).transpose()?.map(|doc| Numbering::read(&doc)).unwrap_or_default();
    let links = rels.iter().filter(|r| r.kind.ends_with("/hyperlink")).map(|r| (r.id.clone(), r.target.clone())).collect();
    let mut pictures = HashMap::new();
    for relationship in rels.iter().filter(|r| r.kind.ends_with("/image")) {
        let name = join(folder, &relationship.target);
        let named = name.rsplit_once('.').map(|(_, e)| e.to_lowercase()).unwrap_or_default();
        let bytes = if relationship.external {
            Err("the document only links to it, it does not hold it: add it to the page by hand".to_owned())
        } else {
            archive.read(&name).and_then(|bytes| bytes.ok_or_else(|| "the document names it but does not hold it".to_owned()))
        };
        pictures.insert(relationship.id.clone(), (bytes, named));
    }
    let mut reader = Reader { styles, numbering, links, pictures, ..Reader::default() };
    for (xml, kind) in [(footnotes_xml, "footnote"), (endnotes_xml, "endnote")] {
        if let Some(xml) = xml {
            let doc = parse(&xml)?;
            reader.read_notes(&doc, kind);
        }
    }
    let doc = parse(&document_xml)?;
    let body = doc.root_element().children().find(|n| is(*n, "body")).ok_or("the file is damaged: its document has no body")?;
    let mut blocks = Vec::new();
    reader.blocks(body, &mut blocks);
    // Page headers and footers, each part once, in the order the sections name them,
    // less page numbers and what the body already says. Approval details often sit there.
    let mut page_furniture: Vec<Block> = Vec::new();
    let mut read_parts: Vec<String> = Vec::new();
    for reference in body.descendants().filter(|n| is(*n, "headerReference") || is(*n, "footerReference")) {
        let Some(relationship) = r_id(reference).and_then(|id| rels.iter().find(|r| r.id == id && !r.external)) else { continue };
        let name = join(folder, &relationship.target);
        if read_parts.contains(&name) {
            continue;
        }
        read_parts.push(name.clone());
        let Some(xml) = part(&name)? else { continue };
        let doc = parse(&xml)?;
        let counted = reader.recognised.clone();
        let mut found = Vec::new();
        reader.in_cell += 1;
        // A header's pictures (a logo, mostly) are named by the header's own relationships,
        // not the document's: they are left where they are.
        reader.in_page_furniture = true;
        reader.blocks(doc.root_element(), &mut found);
        reader.in_page_furniture = false;
        reader.in_cell -= 1;
        reader.recognised = counted;
        reader.recognised.page_header_paragraphs += model::push_page_furniture(&mut page_furniture, &blocks, found);
    }
    let mut recognised = reader.recognised;
    recognised.footnotes = reader.notes.len();
    Ok((Document { blocks, notes: reader.notes, images: reader.images, page_furniture }, recognised))
}

/// The main document's name inside the archive, from the package's relationships.
fn main_part(rels: Option<&str>) -> String {
    rels.and_then(|xml| relationships(xml).ok())
        .and_then(|rels| rels.into_iter().find(|r| r.kind.ends_with("/officeDocument")))
        .map_or_else(|| "word/document.xml".to_owned(), |r| r.target.trim_start_matches('/').to_owned())
}

/// `target` relative to `folder`, as a name inside the archive.
fn join(folder: &str, target: &str) -> String {
    if let Some(absolute) = target.strip_prefix('/') {
        return absolute.to_owned();
    }
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    for part in target.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            part => parts.push(part),
        }
    }
    parts.join("/")
}

struct Relationship {
    id: String,
    kind: String,
    target: String,
    external: bool,
}

fn relationships(xml: &str) -> Result<Vec<Relationship>, String> {
    let doc = parse(xml)?;
    Ok(doc
        .descendants()
        .filter(|n| n.tag_name().name() == "Relationship")
        .map(|n| Relationship {
            id: n.attribute("Id").unwrap_or_default().to_owned(),
            kind: n.attribute("Type").unwrap_or_default().to_owned(),
            target: n.attribute("Target").unwrap_or_default().to_owned(),
            external: n.attribute("TargetMode") == Some("External"),
        })
        .collect())
}

/// Whether `node` is the WordprocessingML element `name` (transitional or strict).
fn is(node: Node<'_, '_>, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name && matches!(node.tag_name().namespace(), Some(W | W_STRICT))
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| is(*n, name))
}

/// A WordprocessingML attribute (`w:val`).
fn attr<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attributes().find(|a| a.name() == name && matches!(a.namespace(), Some(W | W_STRICT))).map(|a| a.value())
}

/// A relationship id (`r:id`).
fn r_id<'a>(node: Node<'a, '_>) -> Option<&'a str> {
    node.attributes().find(|a| a.name() == "id" && matches!(a.namespace(), Some(R | R_STRICT))).map(|a| a.value())
}

fn val<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    child(node, name).and_then(|n| attr(n, "val"))
}

/// An on/off property (`<w:b/>`, `<w:b w:val="0"/>`), if the element sets it.
fn toggle(props: Option<Node<'_, '_>>, name: &str) -> Option<bool> {
    let element = child(props?, name)?;
    Some(!matches!(attr(element, "val"), Some("0" | "false" | "off")))
}

#[derive(Default)]
struct StyleDef {
    name: String,
    based_on: Option<String>,
    outline: Option<u8>,
    bold: Option<bool>,
    italic: Option<bool>,
    list: Option<(String, usize)>,
}

/// The document's styles, by id.
#[derive(Default)]
struct Styles(HashMap<String, StyleDef>);

impl Styles {
    fn read(doc: &roxmltree::Document<'_>) -> Styles {
        let mut styles = HashMap::new();
        for style in doc.root_element().children().filter(|n| is(*n, "style")) {
            let Some(id) = attr(style, "styleId") else { continue };
            let ppr = child(style, "pPr");
            let rpr = child(style, "rPr");
            let list = ppr
                .and_then(|p| child(p, "numPr"))
                .and_then(|num| Some((val(num, "numId")?.to_owned(), val(num, "ilvl").and_then(|l| l.parse().ok()).unwrap_or(0))));
            styles.insert(
                id.to_owned(),
                StyleDef {
                    name: val(style, "name").unwrap_or(id).to_lowercase(),
                    based_on: val(style, "basedOn").map(str::to_owned),
                    outline: ppr.and_then(|p| val(p, "outlineLvl")).and_then(|l| l.parse().ok()),
                    bold: toggle(rpr, "b"),
                    italic: toggle(rpr, "i"),
                    list,
                },
            );
        }
        Styles(styles)
    }

    /// The style `id` and those it is based on, nearest first (a loop is cut short).
    fn chain(&self, id: &str) -> Vec<&StyleDef> {
        let mut chain = Vec::new();
        let mut next = Some(id);
        while let Some(id) = next
            && chain.len() < 16
        {
            let Some(style) = self.0.get(id) else { break };
            chain.push(style);
            next = style.based_on.as_deref();
        }
        chain
    }

    /// The heading level a paragraph style gives: 0 for a title, 1 to 9 for headings.
    fn heading_level(&self, id: &str) -> Option<u8> {
        let chain = self.chain(id);
        let names: Vec<&str> = if chain.is_empty() { vec![id] } else { chain.iter().map(|s| s.name.as_str()).collect() };
        for name in names {
            let name = name.to_lowercase().replace(' ', "");
            if name == "title" {
                return Some(0);
            }
            if let Some(level) = name.strip_prefix("heading").and_then(|n| n.parse::<u8>().ok()).filter(|l| (1..=9).contains(l)) {
                return Some(level);
            }
        }
        chain.iter().find_map(|s| s.outline).filter(|l| *l < 9).map(|l| l + 1)
    }

    /// Whether a paragraph style belongs to a generated table of contents.
    fn is_contents(&self, id: &str) -> bool {
        let name = self.chain(id).first().map_or_else(|| id.to_lowercase(), |s| s.name.clone());
        name.starts_with("toc") || name.starts_with("table of contents")
    }

    fn look(&self, id: &str, mut look: Look) -> Look {
        let chain = self.chain(id);
        if let Some(bold) = chain.iter().find_map(|s| s.bold) {
            look.bold = bold;
        }
        if let Some(italic) = chain.iter().find_map(|s| s.italic) {
            look.italic = italic;
        }
        look
    }

    fn list(&self, id: &str) -> Option<(String, usize)> {
        self.chain(id).iter().find_map(|s| s.list.clone())
    }
}

/// The numbering definitions: for a list and a level, whether its items are numbered.
#[derive(Default)]
struct Numbering {
    /// `w:num` id → its abstract definition's id.
    lists: HashMap<String, String>,
    /// (abstract id, level) → how the level is numbered.
    levels: HashMap<(String, usize), Level>,
    /// (num id, level) → a level a list overrides for itself.
    overrides: HashMap<(String, usize), Level>,
}

/// One level of a list's numbering.
#[derive(Clone)]
struct Level {
    /// `decimal`, `lowerLetter`, `upperRoman`, `bullet`, `none`, ...
    format: String,
    /// What Word shows, `%1.%2.` standing for the numbers of levels 1 and 2.
    text: String,
    start: u32,
}

impl Numbering {
    fn read(doc: &roxmltree::Document<'_>) -> Numbering {
        let mut numbering = Numbering::default();
        let levels = |node: Node<'_, '_>| {
            node.children()
                .filter(|n| is(*n, "lvl"))
                .filter_map(|lvl| {
                    let level = Level {
                        format: val(lvl, "numFmt").unwrap_or("decimal").to_owned(),
                        text: val(lvl, "lvlText").unwrap_or_default().to_owned(),
                        start: val(lvl, "start").and_then(|n| n.parse().ok()).unwrap_or(1),
                    };
                    Some((attr(lvl, "ilvl")?.parse::<usize>().ok()?, level))
                })
                .collect::<Vec<_>>()
        };
        for node in doc.root_element().children() {
            if is(node, "abstractNum")
                && let Some(id) = attr(node, "abstractNumId")
            {
                for (at, level) in levels(node) {
                    numbering.levels.insert((id.to_owned(), at), level);
                }
            } else if is(node, "num")
                && let Some(id) = attr(node, "numId")
            {
                if let Some(abstract_id) = val(node, "abstractNumId") {
                    numbering.lists.insert(id.to_owned(), abstract_id.to_owned());
                }
                for over in node.children().filter(|n| is(*n, "lvlOverride")) {
                    for (at, level) in levels(over) {
                        numbering.overrides.insert((id.to_owned(), at), level);
                    }
                }
            }
        }
        numbering
    }

    fn level(&self, id: &str, level: usize) -> Option<&Level> {
        self.overrides
            .get(&(id.to_owned(), level))
            .or_else(|| self.lists.get(id).and_then(|abstract_id| self.levels.get(&(abstract_id.clone(), level))))
    }

    /// For list `id` at `level`: `None` if it is no list (id 0, or a format of `none`),
    /// else whether its items are numbered.
    fn ordered(&self, id: &str, level: usize) -> Option<bool> {
        if id == "0" {
            return None;
        }
        match self.level(id, level).map(|l| l.format.as_str()) {
            Some("none") => None,
            Some("bullet") | None => Some(false),
            Some(_) => Some(true),
        }
    }
}

/// The numbers Word has shown so far, per list: counts the items of each level, a level
/// starting again under each new item of the level above, as Word's do.
#[derive(Default)]
struct Counters(HashMap<String, [Option<u32>; 9]>);

impl Counters {
    /// Counts an item of list `id` at `level` and returns the label Word shows for it
    /// ("2.", "1.3", "b)"); nothing for a bullet.
    fn next(&mut self, numbering: &Numbering, id: &str, level: usize) -> Option<String> {
        let level = level.min(8);
        let key = numbering.lists.get(id).cloned().unwrap_or_else(|| id.to_owned());
        let counts = self.0.entry(key).or_default();
        let this = numbering.level(id, level)?;
        counts[level] = Some(counts[level].map_or(this.start, |n| n + 1));
        for deeper in &mut counts[level + 1..] {
            *deeper = None;
        }
        if matches!(this.format.as_str(), "bullet" | "none") {
            return None;
        }
        let mut label = this.text.clone();
        for (at, count) in counts.iter().enumerate().take(level + 1) {
            let format = numbering.level(id, at).map_or("decimal", |l| l.format.as_str());
            let start = numbering.level(id, at).map_or(1, |l| l.start);
            label = label.replace(&format!("%{}", at + 1), &number(count.unwrap_or(start), format));
        }
        let label = label.trim().to_owned();
        (!label.is_empty()).then_some(label)
    }
}

/// `n` as a list level's format writes it.
fn number(n: u32, format: &str) -> String {
    let letters = |n: u32, base: u8| {
        // Word's letters after z double: aa, bb, ...
        let times = usize::try_from((n.max(1) - 1) / 26 + 1).unwrap_or(1);
        let letter = char::from(base + u8::try_from((n.max(1) - 1) % 26).unwrap_or(0));
        letter.to_string().repeat(times)
    };
    match format {
        "lowerLetter" => letters(n, b'a'),
        "upperLetter" => letters(n, b'A'),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    let mut out = String::new();
    for (value, numeral) in [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ] {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

#[derive(Default)]
struct Reader {
    styles: Styles,
    numbering: Numbering,
    counters: Counters,
    links: HashMap<String, String>,
    /// Footnote and endnote text by (kind, id), read before the body.
    note_text: HashMap<(&'static str, String), Vec<Inline>>,
    notes: Vec<Vec<Inline>>,
    /// How deep in table cells (or in a note, page header or footer, read the same way)
    /// the reader is: a bold line there is a label, not a heading, and its paragraphs are
    /// not the body's.
    in_cell: usize,
    /// The level of the last heading that was styled or numbered, for a bold line's level.
    last_level: Option<u8>,
    /// Whether the paragraph before was one of a table of contents.
    in_contents: bool,
    /// Each picture the document holds, by relationship id: its bytes (or why it has
    /// none) and the extension of its name.
    pictures: HashMap<String, (Result<Vec<u8>, String>, String)>,
    images: Vec<Image>,
    /// Whether a page header or footer is being read.
    in_page_furniture: bool,
    recognised: Recognised,
}

impl Reader {
    fn read_notes(&mut self, doc: &roxmltree::Document<'_>, kind: &'static str) {
        // Counted in the body as they are referred to, not here.
        let counted = self.recognised.clone();
        for note in doc.root_element().children().filter(|n| is(*n, kind)) {
            // The separator lines Word keeps as notes of their own.
            if attr(note, "type").is_some_and(|t| t != "normal") {
                continue;
            }
            let Some(id) = attr(note, "id") else { continue };
            let mut blocks = Vec::new();
            self.in_cell += 1;
            self.blocks(note, &mut blocks);
            self.in_cell -= 1;
            let mut text = Vec::new();
            for block in blocks {
                if !text.is_empty() {
                    model::push_text(&mut text, " ", &Look::default());
                }
                text.extend(block_inlines(block));
            }
            self.note_text.insert((kind, id.to_owned()), text);
        }
        self.recognised = counted;
    }

    fn blocks(&mut self, parent: Node<'_, '_>, out: &mut Vec<Block>) {
        for node in parent.children().filter(Node::is_element) {
            match node.tag_name().name() {
                _ if node.tag_name().namespace() == Some(MC) => {
                    if let Some(chosen) = alternate(node) {
                        self.blocks(chosen, out);
                    }
                }
                _ if !matches!(node.tag_name().namespace(), Some(W | W_STRICT)) => {}
                "p" => self.paragraph(node, out),
                "tbl" => self.table(node, out),
                "sdt" => self.content_control(node, |reader, content| reader.blocks(content, out)),
                "ins" | "moveTo" => {
                    self.recognised.insertions_kept += 1;
                    self.blocks(node, out);
                }
                "customXml" | "smartTag" => self.blocks(node, out),
                "del" | "moveFrom" => self.recognised.deletions_dropped += 1,
                _ => {}
            }
        }
    }

    /// A content control: its content read in place, unless it is a generated table of
    /// contents (Word wraps one in a control of the "Table of Contents" gallery).
    fn content_control(&mut self, node: Node<'_, '_>, read: impl FnOnce(&mut Reader, Node<'_, '_>)) {
        let gallery = child(node, "sdtPr").and_then(|p| child(p, "docPartObj")).and_then(|o| val(o, "docPartGallery"));
        if gallery.is_some_and(|g| g.to_lowercase().contains("table of contents")) {
            self.recognised.contents_tables_dropped += 1;
            return;
        }
        if let Some(content) = child(node, "sdtContent") {
            self.recognised.content_controls += 1;
            read(self, content);
        }
    }

    fn paragraph(&mut self, p: Node<'_, '_>, out: &mut Vec<Block>) {
        let ppr = child(p, "pPr");
        let style = ppr.and_then(|p| val(p, "pStyle")).unwrap_or_default();
        if !style.is_empty() && self.styles.is_contents(style) {
            // A table of contents is many paragraphs in a row: count it once.
            if !self.in_contents {
                self.recognised.contents_tables_dropped += 1;
            }
            self.in_contents = true;
            return;
        }
        self.in_contents = false;
        let look = self.styles.look(style, Look::default());
        let mut inlines = Vec::new();
        let mut boxes = Vec::new();
        self.inlines(p, &look, &mut inlines, &mut boxes);
        model::trim(&mut inlines);
        if inlines.is_empty() {
            // Counted where a person would see one: not an empty table cell, not the
            // paragraph that only held a page break (counted as that).
            let page_break = p.descendants().any(|n| is(n, "br") && attr(n, "type") == Some("page"));
            if boxes.is_empty() && self.in_cell == 0 && !page_break {
                self.recognised.empty_paragraphs_dropped += 1;
            }
            out.append(&mut boxes);
            return;
        }
        let styled = ppr.and_then(|p| val(p, "outlineLvl")).and_then(|l| l.parse::<u8>().ok()).filter(|l| *l < 9).map(|l| l + 1);
        let styled = if style.is_empty() { styled } else { self.styles.heading_level(style).or(styled) };
        let list = ppr
            .and_then(|p| child(p, "numPr"))
            .and_then(|num| {
                let id = val(num, "numId")?.to_owned();
                let level = val(num, "ilvl").and_then(|l| l.parse().ok());
                // A paragraph may name only its level and take its list from its style.
                let from_style = self.styles.list(style);
                Some((id, level.or(from_style.map(|(_, l)| l)).unwrap_or(0)))
            })
            .or_else(|| self.styles.list(style));
        // Counted whatever the paragraph is, so a heading's number follows the list's.
        let label = list.as_ref().and_then(|(id, level)| self.counters.next(&self.numbering, id, *level));
        let list = list.and_then(|(id, level)| Some((level, self.numbering.ordered(&id, level)?)));
        let block = if let Some(level) = styled {
            self.recognised.headings += 1;
            self.last_level = Some(level);
            model::unbold(&mut inlines);
            // A numbered heading shows its number ("2.1 Filtering"): the page keeps it.
            if let Some(label) = label {
                let mut numbered = Vec::new();
                model::push_text(&mut numbered, &format!("{label} "), &Look::default());
                numbered.append(&mut inlines);
                inlines = numbered;
            }
            Block::Heading { level, text: inlines }
        } else if let Some((level, ordered)) = list {
            self.recognised.list_items += 1;
            Block::Item { level, ordered, text: inlines }
        } else if let Some(text) = typed_bullet(&inlines) {
            // "•<tab>text" typed by hand, or pasted from a list that lost its numbering.
            self.recognised.list_items += 1;
            Block::Item { level: 0, ordered: false, text }
        } else {
            model::typed_or_paragraph(inlines, self.in_cell > 0, &mut self.last_level, &mut self.recognised)
        };
        out.push(block);
        out.append(&mut boxes);
    }

    /// The runs under `node`, into `out`; the paragraphs of any text box among them into
    /// `boxes`, to follow the paragraph they are anchored in.
    fn inlines(&mut self, node: Node<'_, '_>, look: &Look, out: &mut Vec<Inline>, boxes: &mut Vec<Block>) {
        for node in node.children().filter(Node::is_element) {
            match node.tag_name().name() {
                _ if node.tag_name().namespace() == Some(MC) => {
                    if let Some(chosen) = alternate(node) {
                        self.inlines(chosen, look, out, boxes);
                    }
                }
                _ if !matches!(node.tag_name().namespace(), Some(W | W_STRICT)) => {}
                "r" => self.run(node, look, out, boxes),
                "hyperlink" => {
                    let target = r_id(node).and_then(|id| self.links.get(id)).cloned();
                    if target.is_some() {
                        self.recognised.links += 1;
                    }
                    let linked = Look { link: target.or_else(|| look.link.clone()), ..look.clone() };
                    self.inlines(node, &linked, out, boxes);
                }
                "ins" | "moveTo" => {
                    self.recognised.insertions_kept += 1;
                    self.inlines(node, look, out, boxes);
                }
                "smartTag" | "customXml" | "fldSimple" | "bdo" | "dir" => self.inlines(node, look, out, boxes),
                "sdt" => self.content_control(node, |reader, content| reader.inlines(content, look, out, boxes)),
                "del" | "moveFrom" => self.recognised.deletions_dropped += 1,
                _ => {}
            }
        }
    }

    fn run(&mut self, r: Node<'_, '_>, look: &Look, out: &mut Vec<Inline>, boxes: &mut Vec<Block>) {
        let rpr = child(r, "rPr");
        let mut look = look.clone();
        if let Some(style) = rpr.and_then(|p| val(p, "rStyle")) {
            look = self.styles.look(style, look);
        }
        if let Some(bold) = toggle(rpr, "b") {
            look.bold = bold;
        }
        if let Some(italic) = toggle(rpr, "i") {
            look.italic = italic;
        }
        for node in r.children().filter(Node::is_element) {
            if !matches!(node.tag_name().namespace(), Some(W | W_STRICT)) {
                if node.tag_name().namespace() == Some(MC) {
                    self.drawing(node, out, boxes);
                }
                continue;
            }
            match node.tag_name().name() {
                "t" => model::push_text(out, node.text().unwrap_or_default(), &look),
                "tab" | "ptab" => model::push_text(out, " ", &look),
                "noBreakHyphen" => model::push_text(out, "-", &look),
                "br" if matches!(attr(node, "type"), Some("page")) => self.recognised.page_breaks_dropped += 1,
                "br" if matches!(attr(node, "type"), Some("column")) => model::push_text(out, " ", &look),
                "br" | "cr" => out.push(Inline::Break),
                "footnoteReference" | "endnoteReference" => {
                    let kind = if node.tag_name().name() == "footnoteReference" { "footnote" } else { "endnote" };
                    if let Some(text) = attr(node, "id").and_then(|id| self.note_text.remove(&(kind, id.to_owned()))) {
                        self.notes.push(text);
                        out.push(Inline::Note(self.notes.len() - 1));
                    }
                }
                "commentReference" => self.recognised.comments_dropped += 1,
                "drawing" | "pict" | "object" => self.drawing(node, out, boxes),
                _ => {}
            }
        }
    }

    /// A drawing: the paragraphs of its text boxes into `boxes`; a picture into `out`.
    fn drawing(&mut self, node: Node<'_, '_>, out: &mut Vec<Inline>, boxes: &mut Vec<Block>) {
        let mut found = Vec::new();
        text_boxes(node, &mut found);
        if found.is_empty() {
            // Only one form of alternate content: the fallback repeats the same picture.
            let chosen = if node.tag_name().name() == "AlternateContent" { alternate(node) } else { Some(node) };
            let picture = chosen.and_then(|n| n.descendants().find(|n| matches!(n.tag_name().name(), "blip" | "imagedata")));
            if let Some(picture) = picture
                && !self.in_page_furniture
            {
                let id = picture
                    .attributes()
                    .find(|a| matches!(a.name(), "embed" | "id") && matches!(a.namespace(), Some(R | R_STRICT)))
                    .map(|a| a.value());
                // Word's description (Alt Text) is `descr`; an older Word put it in `title`.
                let described = |n: Node<'_, '_>| {
                    ["descr", "title", "alt"]
                        .iter()
                        .find_map(|a| n.attribute(*a).map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned))
                };
                let alt =
                    node.descendants().filter(|n| matches!(n.tag_name().name(), "docPr" | "shape")).find_map(described).unwrap_or_default();
                let (bytes, named) = match id.and_then(|id| self.pictures.get(id)) {
                    Some((bytes, named)) => (bytes.clone(), named.clone()),
                    None => (Err("the document does not hold it".to_owned()), String::new()),
                };
                self.images.push(Image { bytes, named, alt, src: None });
                out.push(Inline::Image(self.images.len() - 1));
            }
            return;
        }
        for content in found {
            self.recognised.text_boxes += 1;
            self.blocks(content, boxes);
        }
    }

    fn table(&mut self, tbl: Node<'_, '_>, out: &mut Vec<Block>) {
        self.in_cell += 1;
        let mut rows: Vec<Vec<Cell>> = Vec::new();
        for tr in table_rows(tbl) {
            let mut row = Vec::new();
            let before = child(tr, "trPr").and_then(|p| val(p, "gridBefore")).and_then(|n| n.parse::<usize>().ok()).unwrap_or(0);
            row.extend((0..before.min(64)).map(|_| Cell { blocks: Vec::new(), across: 1 }));
            for tc in row_cells(tr) {
                let tcpr = child(tc, "tcPr");
                let across = tcpr.and_then(|p| val(p, "gridSpan")).and_then(|n| n.parse::<usize>().ok()).unwrap_or(1).clamp(1, 64);
                let mut blocks = Vec::new();
                self.blocks(tc, &mut blocks);
                // A cell merged with the one above (vMerge without "restart") shows
                // nothing of its own; Word keeps it empty, and so does the table here.
                let continued = tcpr.and_then(|p| child(p, "vMerge")).is_some_and(|m| attr(m, "val").is_none_or(|v| v == "continue"));
                if continued && blocks.is_empty() {
                    row.push(Cell { blocks: Vec::new(), across });
                } else {
                    row.push(Cell { blocks, across });
                }
            }
            rows.push(row);
        }
        self.in_cell -= 1;
        if model::push_table(rows, out) {
            self.recognised.tables += 1;
        }
    }
}

/// A table's rows, through the containers Word may wrap them in.
fn table_rows<'a, 'i>(tbl: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    let mut rows = Vec::new();
    for node in tbl.children() {
        if is(node, "tr") {
            rows.push(node);
        } else if is(node, "sdt") {
            rows.extend(child(node, "sdtContent").map(table_rows).unwrap_or_default());
        } else if is(node, "customXml") || is(node, "ins") || is(node, "moveTo") {
            rows.extend(table_rows(node));
        }
    }
    rows
}

fn row_cells<'a, 'i>(tr: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
    let mut cells = Vec::new();
    for node in tr.children() {
        if is(node, "tc") {
            cells.push(node);
        } else if is(node, "sdt") {
            cells.extend(child(node, "sdtContent").map(row_cells).unwrap_or_default());
        } else if is(node, "customXml") {
            cells.extend(row_cells(node));
        }
    }
    cells
}

/// The choice of markup compatibility content to read: the first `Choice` (Word's own
/// form; the `Fallback` repeats the same text for older readers), else the `Fallback`.
fn alternate<'a, 'i>(node: Node<'a, 'i>) -> Option<Node<'a, 'i>> {
    if node.tag_name().name() != "AlternateContent" {
        return None;
    }
    let mut children = node.children().filter(Node::is_element);
    children.clone().find(|n| n.tag_name().name() == "Choice").or_else(|| children.find(|n| n.tag_name().name() == "Fallback"))
}

/// Every text box's content under `node`, reading only one form of alternate content.
fn text_boxes<'a, 'i>(node: Node<'a, 'i>, found: &mut Vec<Node<'a, 'i>>) {
    if is(node, "txbxContent") {
        found.push(node);
        return;
    }
    if node.tag_name().name() == "AlternateContent" && node.tag_name().namespace() == Some(MC) {
        if let Some(chosen) = alternate(node) {
            text_boxes(chosen, found);
        }
        return;
    }
    for child in node.children().filter(Node::is_element) {
        text_boxes(child, found);
    }
}

/// A paragraph typed as a bullet point (a bullet character, then a space or tab), as
/// the item's text without its bullet.
fn typed_bullet(inlines: &[Inline]) -> Option<Vec<Inline>> {
    let Some(Inline::Text(first)) = inlines.first() else { return None };
    // U+F0B7 is Word's bullet in the Symbol font, as a character pasted from a list.
    let rest = ["•", "·", "▪", "◦", "\u{f0b7}"].iter().find_map(|bullet| first.text.strip_prefix(bullet))?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let mut text = Vec::new();
    model::push_text(&mut text, rest.trim_start(), &first.look);
    text.extend(inlines[1..].iter().cloned());
    model::trim(&mut text);
    (!text.is_empty()).then_some(text)
}

/// A block's text as one run of inlines, for a footnote.
fn block_inlines(block: Block) -> Vec<Inline> {
    match block {
        Block::Heading { text, .. } | Block::Paragraph(text) | Block::Item { text, .. } => text,
        Block::Table(rows) => {
            let mut text = Vec::new();
            for cell in rows.into_iter().flatten() {
                for block in cell.blocks {
                    if !text.is_empty() {
                        model::push_text(&mut text, " ", &Look::default());
                    }
                    text.extend(block_inlines(block));
                }
            }
            text
        }
        Block::Check(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::markdown;
    use crate::text::zip;

    /// A `.docx` of `body` (the children of `w:body`) and whichever `parts` are given,
    /// by name inside `word/`.
    fn docx(body: &str, parts: &[(&str, &str)]) -> Vec<u8> {
        let document = format!(
            r#"<w:document xmlns:w="{W}" xmlns:r="{R}" xmlns:mc="{MC}" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><w:body>{body}</w:body></w:document>"#
        );
        let mut files: Vec<(String, Vec<u8>)> = vec![("word/document.xml".into(), document.into_bytes())];
        for (name, xml) in parts {
            files.push((format!("word/{name}"), xml.as_bytes().to_vec()));
        }
        let borrowed: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
        zip::write(&borrowed)
    }

    fn markdown_of(body: &str, parts: &[(&str, &str)]) -> (String, Recognised) {
        let (mut document, recognised) = read(&docx(body, parts)).unwrap();
        // Nothing recognised in them: the page headers follow the body.
        document.blocks.append(&mut document.page_furniture);
        (markdown::write(&document, 2), recognised)
    }

    fn p(content: &str) -> String {
        format!("<w:p>{content}</w:p>")
    }

    fn r(text: &str) -> String {
        format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#)
    }

    #[test]
    fn tracked_changes_are_accepted_and_comments_dropped() {
        let body = p(&[
            r("We "),
            r#"<w:del w:id="1" w:author="x"><w:r><w:delText>never </w:delText></w:r></w:del>"#.into(),
            r#"<w:ins w:id="2" w:author="x"><w:r><w:t xml:space="preserve">always </w:t></w:r></w:ins>"#.into(),
            r#"<w:commentRangeStart w:id="0"/>"#.into(),
            r("check"),
            r#"<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>"#.into(),
            r("."),
        ]
        .concat());
        let deleted_paragraph = r#"<w:del w:id="3" w:author="x"><w:p><w:r><w:delText>Gone.</w:delText></w:r></w:p></w:del>"#;
        let (markdown, recognised) = markdown_of(&(body + deleted_paragraph), &[]);
        assert_eq!(markdown, "We always check.\n");
        assert_eq!((recognised.deletions_dropped, recognised.insertions_kept, recognised.comments_dropped), (2, 1, 1));
    }

    #[test]
    fn merged_cells_keep_their_text_once_in_their_first_place() {
        let tc = |props: &str, text: &str| format!("<w:tc><w:tcPr>{props}</w:tcPr>{}</w:tc>", p(&r(text)));
        let body = format!(
            "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr><w:tr>{}</w:tr></w:tbl>",
            tc(r#"<w:vMerge w:val="restart"/>"#, "Lead"),
            tc("", "Ms A"),
            "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>",
            tc("", "Mr B"),
            tc(r#"<w:gridSpan w:val="2"/>"#, "Both | either"),
        );
        let (markdown, recognised) = markdown_of(&body, &[]);
        assert_eq!(markdown, "| Lead | Ms A |\n| --- | --- |\n|  | Mr B |\n| Both \\| either |  |\n");
        assert_eq!(recognised.tables, 1);
        // A table of one column is a box around text: its text, not a table.
        let boxed = format!("<w:tbl><w:tr>{}</w:tr></w:tbl>", tc("", "Important"));
        assert_eq!(markdown_of(&boxed, &[]).0, "Important\n");
    }

    #[test]
    fn lists_come_from_numbering_definitions_and_list_styles() {
        let numbering = format!(
            r#"<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="7"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="8"><w:lvl w:ilvl="0"><w:numFmt w:val="none"/></w:lvl></w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num><w:num w:numId="4"><w:abstractNumId w:val="8"/></w:num><w:num w:numId="5"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:lvlOverride></w:num></w:numbering>"#
        );
        let styles = format!(
            r#"<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:styleId="Steps"><w:name w:val="Steps"/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr></w:pPr></w:style></w:styles>"#
        );
        let item = |num: u32, level: u32, text: &str| {
            p(&format!(r#"<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>{}"#, r(text)))
        };
        let body = [
            item(3, 0, "One"),
            item(3, 1, "Inner"),
            p(&format!(r#"<w:pPr><w:pStyle w:val="Steps"/></w:pPr>{}"#, r("Two"))),
            item(4, 0, "Not a list"),
            item(5, 0, "A bullet"),
        ]
        .concat();
        let (markdown, recognised) = markdown_of(&body, &[("numbering.xml", &numbering), ("styles.xml", &styles)]);
        assert_eq!(markdown, "1. One\n   - Inner\n1. Two\n\nNot a list\n\n- A bullet\n");
        assert_eq!(recognised.list_items, 4);
    }

    #[test]
    fn numbered_headings_keep_the_numbers_word_shows() {
        let numbering = format!(
            r#"<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl><w:lvl w:ilvl="2"><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%3)"/></w:lvl></w:abstractNum><w:num w:numId="9"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
        );
        let styles = format!(
            r#"<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="9"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="9"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="9"/></w:numPr></w:pPr></w:style></w:styles>"#
        );
        let styled = |style: &str, text: &str| p(&format!(r#"<w:pPr><w:pStyle w:val="{style}"/></w:pPr>{}"#, r(text)));
        let body = [
            styled("Heading1", "Aims"),
            styled("Heading2", "Scope"),
            styled("Heading2", "Terms"),
            styled("Heading3", "Devices"),
            styled("Heading3", "Accounts"),
            styled("Heading1", "Roles"),
            styled("Heading2", "Staff"),
        ]
        .concat();
        let (markdown, _) = markdown_of(&body, &[("numbering.xml", &numbering), ("styles.xml", &styles)]);
        assert_eq!(
            markdown,
            "## 1\\. Aims\n\n### 1.1 Scope\n\n### 1.2 Terms\n\n#### (i) Devices\n\n#### (ii) Accounts\n\n## 2\\. Roles\n\n### 2.1 Staff\n"
        );
        assert_eq!(number(28, "lowerLetter"), "bb");
        assert_eq!(number(14, "upperRoman"), "XIV");
    }

    #[test]
    fn headings_from_style_names_outline_levels_and_ids_without_styles() {
        let styles = format!(
            r#"<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/><w:rPr><w:b/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Mine"><w:name w:val="Policy Section"/><w:basedOn w:val="berschrift1"/></w:style></w:styles>"#
        );
        let styled = |style: &str, text: &str| p(&format!(r#"<w:pPr><w:pStyle w:val="{style}"/></w:pPr>{}"#, r(text)));
        let body = [
            styled("berschrift1", "Purpose"),
            styled("Mine", "Scope"),
            p(&format!(r#"<w:pPr><w:outlineLvl w:val="1"/></w:pPr>{}"#, r("Detail"))),
            p("<w:r><w:rPr><w:b/></w:rPr><w:t>Mobile phones</w:t></w:r>"),
        ]
        .concat();
        let (markdown, recognised) = markdown_of(&body, &[("styles.xml", &styles)]);
        assert_eq!(markdown, "## Purpose\n\n## Scope\n\n### Detail\n\n#### Mobile phones\n");
        assert_eq!((recognised.headings, recognised.typed_headings), (4, 1));
        // No styles part at all: Word's own ids still say which paragraphs are headings.
        let (markdown, _) = markdown_of(&styled("Heading2", "Alone"), &[]);
        assert_eq!(markdown, "## Alone\n");
    }

    #[test]
    fn text_boxes_are_read_once_and_content_controls_read_in_place() {
        let inside = p(&r("Call the office"));
        let body = [
            p(&format!(
                r#"{}<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>{inside}</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>{inside}</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>"#,
                r("Contacts")
            )),
            format!(r#"<w:sdt><w:sdtPr/><w:sdtContent>{}</w:sdtContent></w:sdt>"#, p(&r("Reviewed yearly"))),
            format!(r#"<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>"#, p(&r("Contents 1"))),
            p(r#"<w:r><w:br w:type="page"/></w:r>"#),
            p(""),
        ]
        .concat();
        let (markdown, recognised) = markdown_of(&body, &[]);
        assert_eq!(markdown, "Contacts\n\nCall the office\n\nReviewed yearly\n");
        assert_eq!((recognised.text_boxes, recognised.content_controls, recognised.contents_tables_dropped), (1, 1, 1));
        assert_eq!((recognised.page_breaks_dropped, recognised.empty_paragraphs_dropped), (1, 1));
    }

    #[test]
    fn page_headers_and_footers_follow_the_body_without_page_numbers_or_repeats() {
        let header =
            format!(r#"<w:hdr xmlns:w="{W}">{}{}</w:hdr>"#, p(&r("Online Safety Policy")), p(&r("Approved by governors, September 2026")));
        let footer = format!(
            r#"<w:ftr xmlns:w="{W}">{}</w:ftr>"#,
            p(&[r("Page "), r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>"#.into(), r("2"), r#"<w:r><w:fldChar w:fldCharType="end"/></w:r>"#.into(), r(" of 7")].concat())
        );
        let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#;
        let body = [
            p(&r("Online Safety Policy")),
            p(&r("Text.")),
            r#"<w:sectPr><w:headerReference w:type="default" r:id="rId4"/><w:headerReference w:type="first" r:id="rId4"/><w:footerReference w:type="default" r:id="rId5"/></w:sectPr>"#.into(),
        ]
        .concat();
        let (markdown, recognised) =
            markdown_of(&body, &[("header1.xml", &header), ("footer1.xml", &footer), ("_rels/document.xml.rels", rels)]);
        assert_eq!(markdown, "Online Safety Policy\n\nText.\n\nApproved by governors, September 2026\n");
        assert_eq!(recognised.page_header_paragraphs, 1);
    }

    #[test]
    fn bullets_typed_by_hand_are_list_items() {
        let body = [p(&[r("•"), "<w:r><w:tab/></w:r>".into(), r("Lock the screen")].concat()), p(&r("•Not a bullet"))].concat();
        let (markdown, recognised) = markdown_of(&body, &[]);
        assert_eq!(markdown, "- Lock the screen\n\n•Not a bullet\n");
        assert_eq!(recognised.list_items, 1);
    }

    #[test]
    fn strict_open_xml_is_read_like_transitional() {
        let body = r#"<w:p><w:r><w:t>Strict</w:t></w:r></w:p>"#;
        let document = format!(r#"<w:document xmlns:w="{W_STRICT}"><w:body>{body}</w:body></w:document>"#);
        let (document, _) = read(&zip::write(&[("word/document.xml", document.as_bytes())])).unwrap();
        assert_eq!(markdown::write(&document, 2), "Strict\n");
    }

    #[test]
    fn a_document_nested_past_any_words_is_refused_not_overflowed() {
        let deep = format!("{}{}{}", "<w:sdt><w:sdtContent>".repeat(5000), p(&r("x")), "</w:sdtContent></w:sdt>".repeat(5000));
        assert!(read(&docx(&deep, &[])).unwrap_err().contains("nested"));
        // Just inside the limit (the body, the document and the run take three levels).
        let fine = format!("{}{}{}", "<w:sdt><w:sdtContent>".repeat(147), p(&r("x")), "</w:sdtContent></w:sdt>".repeat(147));
        assert_eq!(markdown_of(&fine, &[]).0, "x\n");
    }

    #[test]
    fn damaged_documents_are_errors_or_text_never_a_panic() {
        // Everything the reader takes apart, in one body: a table with merged cells, lists,
        // a text box, a field, tracked changes, a content control.
        let body = [
            p(&[r("Intro "), r#"<w:del><w:r><w:delText>x</w:delText></w:r></w:del><w:ins><w:r><w:t>y</w:t></w:r></w:ins>"#.into()].concat()),
            r#"<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>B</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#.into(),
            p(r#"<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>Item</w:t></w:r>"#),
            p(r#"<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>Box</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice></mc:AlternateContent></w:r>"#),
            r#"<w:sdt><w:sdtContent><w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t>1</w:t></w:r></w:p></w:sdtContent></w:sdt>"#.into(),
        ]
        .concat();
        let whole = docx(&body, &[]);
        let document = String::from_utf8(zip::Archive::open(&whole).unwrap().read("word/document.xml").unwrap().unwrap()).unwrap();
        let mut seed = 0x5eed_u64;
        let mut next = |below: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            usize::try_from(seed >> 33).unwrap() % below.max(1)
        };
        for _ in 0..300 {
            // A piece of the XML cut out (a tag broken, an element left open or closed twice).
            let (from, len) = (next(document.len()), next(40));
            let mut cut = document.clone();
            let (from, to) = (cut.floor_char_boundary(from), cut.floor_char_boundary((from + len).min(cut.len())));
            cut.replace_range(from..to, "");
            let _ = read(&zip::write(&[("word/document.xml", cut.as_bytes())]));
            // A byte of the archive changed.
            let mut bytes = whole.clone();
            let at = next(bytes.len());
            bytes[at] ^= u8::try_from(next(255) + 1).unwrap();
            let _ = read(&bytes);
        }
    }

    #[test]
    fn what_is_not_a_word_document_says_so() {
        assert!(read(b"not a zip").unwrap_err().contains("damaged"));
        let workbook = zip::write(&[("xl/workbook.xml", b"<workbook/>")]);
        assert!(read(&workbook).unwrap_err().contains("not a Word document"));
        let broken = zip::write(&[("word/document.xml", b"<w:document")]);
        assert!(read(&broken).unwrap_err().contains("damaged"));
    }
}
