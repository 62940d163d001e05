//! The plain document model every imported format is read into, and the one place that
//! decides which hand-typed lines are headings.
//!
//! In: nothing but what a reader ([`super::docx`], [`super::text`]) builds. Out: blocks
//! of runs of text, for [`super::markdown`] to write. Guarantees: adjacent text with the
//! same look is one span (Word splits a word across runs; the model never does), and
//! whitespace between two spans takes the look of the text before it, so `**a** **b**`
//! is never written as `**a****b**`.

/// A document as a reader saw it: its blocks in reading order and its footnotes.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Document {
    pub(crate) blocks: Vec<Block>,
    /// Each footnote's text; [`Inline::Note`] holds its index here.
    pub(crate) notes: Vec<Vec<Inline>>,
}

#[derive(Debug, PartialEq)]
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
}

#[derive(Debug, PartialEq)]
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
            Inline::Break | Inline::Note(_) => text.push(' '),
        }
    }
    text
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
