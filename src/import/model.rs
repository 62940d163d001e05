//! The plain document model every imported format is read into, and the one place that
//! decides which hand-typed lines are headings.
//!
//! In: nothing but what a reader ([`super::docx`], [`super::text`]) builds. Out: blocks
//! of runs of text, for [`super::markdown`] to write. Guarantees: adjacent text with the
//! same look is one span (Word splits a word across runs; the model never does), and
//! whitespace between two spans takes the look of the text before it, so `**a** **b**`
//! is never written as `**a****b**`.

/// A document as a reader saw it: its blocks in reading order and its footnotes.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Document {
    pub(crate) blocks: Vec<Block>,
    /// Each footnote's text; [`Inline::Note`] holds its index here.
    pub(crate) notes: Vec<Vec<Inline>>,
    /// What the page headers and footers say (less page numbers and repeats): where a
    /// school often puts the approval details. Whatever is not recognised as data is
    /// placed after the body.
    pub(crate) page_furniture: Vec<Block>,
    /// Each picture; [`Inline::Image`] holds its index here.
    pub(crate) images: Vec<Image>,
}

/// A picture as the document holds it. Its own file name is never kept: it may carry a
/// pupil's name.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Image {
    /// The picture's bytes, or why the document does not hold them (a picture linked from
    /// the web, a file missing beside a web page), as a sentence.
    pub(crate) bytes: Result<Vec<u8>, String>,
    /// The extension of the name the document gave it, lower case (`emf`), to say what a
    /// picture the site cannot publish is.
    pub(crate) named: String,
    /// Its description (alternative text), empty when the document gives none.
    pub(crate) alt: String,
    /// Where a page finds it (`/media/imported/<slug>/image-1.jpg`), once import has kept
    /// it; `None` for a picture left out, which the body then does not mention.
    pub(crate) src: Option<String>,
}

impl Default for Image {
    fn default() -> Image {
        Image { bytes: Ok(Vec::new()), named: String::new(), alt: String::new(), src: None }
    }
}

impl Document {
    /// Adds a picture and returns the inline that stands for it.
    pub(crate) fn picture(&mut self, image: Image) -> Inline {
        self.images.push(image);
        Inline::Image(self.images.len() - 1)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    /// `level` as the document has it: 0 a title, 1 a top heading, up to 9.
    Heading {
        level: u8,
        text: Vec<Inline>,
    },
    Paragraph(Vec<Inline>),
    /// One list item; consecutive items form a list, `level` 0 outermost.
    Item {
        level: usize,
        ordered: bool,
        text: Vec<Inline>,
    },
    /// Rows of cells; a row may have fewer cells than another (the writer pads it).
    Table(Vec<Vec<Cell>>),
    /// Something import recognised that a person must confirm: written as a template
    /// comment the `import-unconfirmed` rule reports until it is deleted.
    Check(String),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cell {
    pub(crate) blocks: Vec<Block>,
    /// How many grid columns the cell spans (Word's `gridSpan`), at least 1.
    pub(crate) across: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Inline {
    Text(Span),
    /// A line break inside a paragraph.
    Break,
    /// A footnote reference: an index into [`Document::notes`].
    Note(usize),
    /// Template code import put in place of words it recognised (a role holder's name
    /// becomes `{{ role(name="dsl") }}`): written as it is, never escaped.
    Template(String),
    /// A picture: an index into [`Document::images`].
    Image(usize),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Look {
    pub(crate) bold: bool,
    pub(crate) italic: bool,
    pub(crate) link: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Span {
    pub(crate) text: String,
    pub(crate) look: Look,
}

/// Adds `text` with `look` to `inlines`, merged into the span before it where it can be.
pub(crate) fn push_text(inlines: &mut Vec<Inline>, text: &str, look: &Look) {
    if text.is_empty() {
        return;
    }
    if let Some(Inline::Text(last)) = inlines.last_mut() {
        let blank = text.chars().all(char::is_whitespace);
        // Whitespace takes the look of what it follows, except across a link's edge.
        if last.look == *look || (blank && last.look.link == look.link) {
            last.text.push_str(text);
            return;
        }
        // A span of whitespace alone, followed by text: let it join that text instead.
        if last.text.chars().all(char::is_whitespace) && last.look.link == look.link {
            last.text.push_str(text);
            last.look = look.clone();
            return;
        }
    }
    inlines.push(Inline::Text(Span { text: text.to_owned(), look: look.clone() }));
}

/// Drops whitespace and line breaks at both ends of a paragraph.
pub(crate) fn trim(inlines: &mut Vec<Inline>) {
    while matches!(inlines.first(), Some(Inline::Break)) {
        inlines.remove(0);
    }
    while matches!(inlines.last(), Some(Inline::Break)) {
        inlines.pop();
    }
    if let Some(Inline::Text(first)) = inlines.first_mut() {
        first.text = first.text.trim_start().to_owned();
        if first.text.is_empty() {
            inlines.remove(0);
            return trim(inlines);
        }
    }
    if let Some(Inline::Text(last)) = inlines.last_mut() {
        last.text = last.text.trim_end().to_owned();
        if last.text.is_empty() {
            inlines.pop();
            trim(inlines);
        }
    }
}

/// The words of `inlines`, as plain text (footnote marks and breaks as spaces).
pub(crate) fn plain(inlines: &[Inline]) -> String {
    let mut text = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(span) => text.push_str(&span.text),
            Inline::Break | Inline::Note(_) | Inline::Image(_) => text.push(' '),
            Inline::Template(code) => text.push_str(code),
        }
    }
    text
}

/// A heading's bold is its look (a heading style is bold), not emphasis within it.
pub(crate) fn unbold(inlines: &mut Vec<Inline>) {
    let spans = std::mem::take(inlines);
    for inline in spans {
        match inline {
            Inline::Text(span) => push_text(inlines, &span.text, &Look { bold: false, ..span.look }),
            other => inlines.push(other),
        }
    }
}

/// Whether every word of `inlines` is bold (a line typed as a heading).
pub(crate) fn all_bold(inlines: &[Inline]) -> bool {
    inlines.iter().all(|inline| match inline {
        Inline::Text(span) => span.look.bold || span.text.trim().is_empty(),
        Inline::Break | Inline::Note(_) | Inline::Image(_) | Inline::Template(_) => true,
    })
}

/// `rows` as a table, or, for a table of one column (a box drawn around text), the text
/// a reader reads: its cells' blocks in order. Returns whether it was kept as a table.
pub(crate) fn push_table(rows: Vec<Vec<Cell>>, out: &mut Vec<Block>) -> bool {
    if rows.iter().all(|row| row.len() <= 1 && row.iter().all(|c| c.across == 1)) {
        out.extend(rows.into_iter().flatten().flat_map(|cell| cell.blocks));
        return false;
    }
    out.push(Block::Table(rows));
    true
}

/// Whether a page header's or footer's line is only its page number ("Page 2 of 7",
/// "3"), which means nothing on a web page.
pub(crate) fn is_page_number(text: &str) -> bool {
    text.split_whitespace().all(|word| {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        word.is_empty() || word.chars().all(|c| c.is_ascii_digit()) || ["page", "of", "tudalen", "o"].contains(&word.as_str())
    })
}

/// Adds the blocks of a document's page headers and footers to `furniture`: a heading
/// there is a line of text (its big type is its look), and a line that is only a page
/// number, or that the body or another header already says, is left out. Returns how
/// many were added.
pub(crate) fn push_page_furniture(furniture: &mut Vec<Block>, body: &[Block], found: Vec<Block>) -> usize {
    let mut added = 0;
    for block in found {
        let block = match block {
            Block::Heading { text, .. } => Block::Paragraph(text),
            other => other,
        };
        if let Block::Paragraph(text) = &block {
            let said = plain(text);
            let said_before = body
                .iter()
                .chain(furniture.iter())
                .any(|b| matches!(b, Block::Heading { text, .. } | Block::Paragraph(text) if plain(text) == said));
            if said_before || is_page_number(&said) {
                continue;
            }
        }
        added += 1;
        furniture.push(block);
    }
    added
}

/// A paragraph that is no styled heading, as a reader writes it: a heading typed by hand
/// (never in a table's cell), at the depth its number gives or, for a bold line, under the
/// heading before it (`last_level`, which a numbered heading sets); else a paragraph.
pub(crate) fn typed_or_paragraph(
    mut inlines: Vec<Inline>,
    in_cell: bool,
    last_level: &mut Option<u8>,
    counts: &mut super::docx::Recognised,
) -> Block {
    let typed = if in_cell { None } else { typed_heading(&plain(&inlines), all_bold(&inlines)) };
    let Some(typed) = typed else {
        if !in_cell {
            counts.paragraphs += 1;
        }
        return Block::Paragraph(inlines);
    };
    counts.headings += 1;
    counts.typed_headings += 1;
    let level = match typed {
        Typed::Numbered(depth) => {
            *last_level = Some(depth);
            depth
        }
        Typed::Bold => last_level.map_or(1, |l| (l + 1).min(9)),
    };
    unbold(&mut inlines);
    Block::Heading { level, text: inlines }
}

/// Deeper than any document a school writes (a table in a table in a table is some 15
/// elements deep), and shallow enough that the reader's recursion, a few frames an
/// element, stays inside a test thread's 2 MiB stack even unoptimised.
pub(crate) const DEEPEST: usize = 300;

/// A document part's XML, refused when damaged or nested deeper than [`DEEPEST`].
pub(crate) fn parse_xml(xml: &str) -> Result<roxmltree::Document<'_>, String> {
    let doc = roxmltree::Document::parse(xml).map_err(|e| format!("the file is damaged: its XML cannot be read ({e})"))?;
    // Measured without recursion, before anything recursive walks it: nodes come in
    // document order, so a node's parent is measured before it.
    let mut depths = vec![0usize; doc.descendants().count()];
    for node in doc.descendants() {
        let depth = node.parent().map_or(0, |parent| depths.get(parent.id().get_usize()).copied().unwrap_or(0) + 1);
        if depth > DEEPEST {
            return Err(format!("the file is damaged: its XML is nested more than {DEEPEST} deep, which no word processor writes"));
        }
        if let Some(slot) = depths.get_mut(node.id().get_usize()) {
            *slot = depth;
        }
    }
    Ok(doc)
}

/// Where a table's cells stand, as a reader places them row by row: for each grid column,
/// how many more rows a cell above still covers (a merged cell's `rowspan`).
#[derive(Default)]
pub(crate) struct Spans(Vec<usize>);

impl Spans {
    /// Whether a cell of a row above still covers `column` in this row.
    pub(crate) fn covered(&self, column: usize) -> bool {
        self.0.get(column).is_some_and(|rows| *rows > 0)
    }

    /// A cell placed at `column`, `across` columns wide and `down` rows deep.
    pub(crate) fn place(&mut self, column: usize, across: usize, down: usize) {
        if self.0.len() < column + across {
            self.0.resize(column + across, 0);
        }
        self.0[column..column + across].fill(down);
    }

    /// On to the next row: each cell above covers one row fewer.
    pub(crate) fn next_row(&mut self) {
        for rows in &mut self.0 {
            *rows = rows.saturating_sub(1);
        }
    }
}

/// The lines of a paragraph, split at its line breaks.
pub(crate) fn lines(inlines: &[Inline]) -> Vec<Vec<Inline>> {
    inlines.split(|inline| matches!(inline, Inline::Break)).map(<[Inline]>::to_vec).collect()
}

/// How a line typed as a heading (not styled as one) was typed.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Typed {
    /// "1. Introduction", "2.3 Filtering": the depth is the count of numbers.
    Numbered(u8),
    /// A short line in bold, alone in its paragraph.
    Bold,
}

/// Whether a paragraph of `text` (all of it bold or not) is a heading typed by hand. A
/// heading is short, starts with a capital and ends without the punctuation of a sentence
/// or a label ("Approved by:"), so "1. Pupils must not share passwords." stays a paragraph.
pub(crate) fn typed_heading(text: &str, bold: bool) -> Option<Typed> {
    let text = text.trim();
    let words = text.split_whitespace().count();
    if words == 0 || words > 12 || text.chars().count() > 100 || text.ends_with(['.', ',', ';', ':', '?', '!']) {
        return None;
    }
    let digits_end = text.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(text.len());
    let number = &text[..digits_end];
    let rest = &text[digits_end..];
    if !number.is_empty() && number.starts_with(|c: char| c.is_ascii_digit()) && !number.contains("..") && rest.starts_with([' ', '\t']) {
        // "12 Ferncliffe Road" on a school's cover is an address line, not section 12.
        if !number.contains('.') && is_street(rest) {
            return None;
        }
        let depth = number.trim_end_matches('.').split('.').count();
        let heading = rest.trim_start();
        return heading.starts_with(char::is_uppercase).then(|| Typed::Numbered(u8::try_from(depth.min(6)).unwrap_or(6)));
    }
    (bold && text.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())).then_some(Typed::Bold)
}

/// Whether `rest` (what follows a house number) names a street: its last word is a kind of
/// street ("Ferncliffe Road"), or, in Welsh, its first ("Heol y Felin").
fn is_street(rest: &str) -> bool {
    const AFTER: [&str; 16] = [
        "road", "street", "lane", "avenue", "close", "drive", "way", "crescent", "grove", "place", "terrace", "gardens", "court", "walk",
        "rise", "mews",
    ];
    const BEFORE: [&str; 5] = ["heol", "ffordd", "stryd", "lôn", "rhodfa"];
    let words: Vec<String> = rest.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()).collect();
    words.last().is_some_and(|w| AFTER.contains(&w.as_str())) || words.first().is_some_and(|w| BEFORE.contains(&w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn look(bold: bool) -> Look {
        Look { bold, ..Look::default() }
    }

    #[test]
    fn runs_split_mid_word_become_one_span_and_spaces_follow_the_text_before() {
        let mut inlines = Vec::new();
        for (text, bold) in [("Onl", false), ("ine ", false), ("saf", true), ("ety", true), (" ", false), ("lead", true)] {
            push_text(&mut inlines, text, &look(bold));
        }
        assert_eq!(
            inlines,
            vec![
                Inline::Text(Span { text: "Online ".into(), look: look(false) }),
                Inline::Text(Span { text: "safety lead".into(), look: look(true) }),
            ]
        );
    }

    #[test]
    fn trim_drops_blank_ends_and_breaks() {
        let mut inlines = vec![Inline::Break, Inline::Text(Span { text: "  a ".into(), look: look(false) }), Inline::Break];
        trim(&mut inlines);
        assert_eq!(plain(&inlines), "a");
    }

    #[test]
    fn hand_typed_headings_are_told_from_sentences_and_labels() {
        assert_eq!(typed_heading("1. Introduction", false), Some(Typed::Numbered(1)));
        assert_eq!(typed_heading("2.3 Filtering and monitoring", false), Some(Typed::Numbered(2)));
        assert_eq!(typed_heading("2.3.1. Mobile phones", false), Some(Typed::Numbered(3)));
        assert_eq!(typed_heading("Roles and responsibilities", true), Some(Typed::Bold));
        assert_eq!(typed_heading("Roles and responsibilities", false), None);
        assert_eq!(typed_heading("1. Pupils must not share passwords.", false), None);
        assert_eq!(typed_heading("Approved by:", true), None);
        assert_eq!(typed_heading("2026 was a good year", false), None);
        assert_eq!(typed_heading("1. lower case start", false), None);
        assert_eq!(typed_heading(&"word ".repeat(13), true), None);
    }

    /// Regression: a school's cover block put "12 Ferncliffe Road" among the headings.
    #[test]
    fn an_address_line_on_a_cover_is_not_a_numbered_heading() {
        assert_eq!(typed_heading("12 Ferncliffe Road", false), None);
        assert_eq!(typed_heading("3 Heol y Felin", true), None);
        assert_eq!(typed_heading("4 Roles and responsibilities", false), Some(Typed::Numbered(1)));
        // A numbered section about a street keeps its number's dot, and is a heading.
        assert_eq!(typed_heading("4. Walking to school along Station Road", false), Some(Typed::Numbered(1)));
    }
}
