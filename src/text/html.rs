//! A small, forgiving HTML scanner for the rules: start tags with their attributes, and
//! the text between tags. It does not build a tree; the rules only need to see every
//! attribute and every run of text once, quickly, over thousands of pages.

use std::borrow::Cow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tag<'a> {
    /// Lower-case element name.
    pub(crate) name: String,
    /// Lower-case attribute names with their decoded values.
    pub(crate) attrs: Vec<(String, Cow<'a, str>)>,
}

impl Tag<'_> {
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_ref())
    }
}

/// Every start tag in `html`, in document order. Contents of `script` and `style` are
/// skipped as raw text, as a browser would.
pub(crate) fn start_tags(html: &str) -> Vec<Tag<'_>> {
    let mut tags = Vec::new();
    scan(html, |item| {
        if let Item::Tag(raw) = item {
            tags.push(parse_tag(raw));
        }
    });
    tags
}

/// The start tags in `html` for which `keep` (given the tag as written) is true, parsed:
/// a quick look first, so most of a page's tags are never parsed.
pub(crate) fn start_tags_where(html: &str, keep: fn(&str) -> bool) -> Vec<Tag<'_>> {
    let mut tags = Vec::new();
    scan(html, |item| {
        if let Item::Tag(raw) = item
            && keep(raw)
        {
            tags.push(parse_tag(raw));
        }
    });
    tags
}

/// Whether a start tag as written could be refused by [`refused_in_source`]: its element
/// is not on the list, or it has an attribute starting "on" or a `javascript:` value.
pub(crate) fn may_be_refused_in_source(raw: &str) -> bool {
    let name = written_name(raw);
    let listed = layout_of(name).is_some();
    let lower = |needle: &str| raw.as_bytes().windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle.as_bytes()));
    !listed || lower(" on") || lower("\ton") || lower("\non") || lower("javascript:")
}

/// Whether `html` may hold a `name` start tag (in any case): a quick test before
/// [`start_tags`] parses every tag to find them.
pub(crate) fn may_hold(html: &str, name: &str) -> bool {
    html.match_indices('<').any(|(at, _)| html.get(at + 1..at + 1 + name.len()).is_some_and(|found| found.eq_ignore_ascii_case(name)))
}

/// The text a reader sees (script and style excluded), with entities decoded, each block
/// separated by a space, and words as a reader reads them: markup inside a word
/// (`Thorn<strong>bury</strong>`, `<wbr>`) and invisible characters (a soft hyphen, a
/// zero-width space) do not split it.
pub(crate) fn visible_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len() / 2);
    scan(html, |item| match item {
        Item::Text(t) => push_read(&mut text, t),
        Item::Tag(raw) | Item::EndTag(raw) => separate(&mut text, raw),
        Item::Raw(..) => {}
    });
    text
}

/// The words that caption a photo: each `<figcaption>`, the text of a paragraph that
/// holds a picture (`![..](photo.jpg) *Sports day*`), and a short paragraph (30 words
/// or fewer) straight after a paragraph that is only a picture, as schools caption photos.
pub(crate) fn captions(html: &str) -> Vec<String> {
    let mut captions = Vec::new();
    let mut paragraph: Option<(String, bool)> = None;
    let mut figcaption: Option<String> = None;
    // A paragraph that was only a picture has just closed...
    let mut picture_closed = false;
    // ...and the paragraph being read follows it.
    let mut after_picture = false;
    scan(html, |item| match item {
        Item::Tag(raw) => match tag_name(raw).as_str() {
            "p" => {
                after_picture = std::mem::take(&mut picture_closed);
                paragraph = Some((String::new(), false));
            }
            "figcaption" => figcaption = Some(String::new()),
            "img" | "picture" => {
                if let Some((_, picture)) = &mut paragraph {
                    *picture = true;
                }
            }
            _ => {}
        },
        Item::EndTag(raw) => match tag_name(raw).as_str() {
            "p" => {
                if let Some((text, picture)) = paragraph.take() {
                    let words = text.split_whitespace().count();
                    if picture && words == 0 {
                        picture_closed = true;
                    } else if picture || (after_picture && words <= 30) {
                        captions.push(text);
                    }
                }
                after_picture = false;
            }
            "figcaption" => captions.extend(figcaption.take()),
            _ => {}
        },
        Item::Text(text) => {
            for open in [paragraph.as_mut().map(|(t, _)| t), figcaption.as_mut()].into_iter().flatten() {
                push_read(open, text);
            }
        }
        Item::Raw(..) => {}
    });
    captions
}

/// The HTML elements a page's source may hold: the elements Markdown itself writes and
/// the plain ones schools use beside them. The one allow-list: the `raw-html` rule
/// refuses anything else (a script, a style sheet, a frame or player, a form, an element
/// no browser knows), and docs/rules.md lists it.
pub const SOURCE_ELEMENTS: [(&str, Layout); 67] = [
    ("a", Layout::Inline),
    ("abbr", Layout::Inline),
    ("address", Layout::Block),
    ("article", Layout::Block),
    ("aside", Layout::Block),
    ("b", Layout::Inline),
    ("bdi", Layout::Inline),
    ("bdo", Layout::Inline),
    ("blockquote", Layout::Block),
    ("br", Layout::Other),
    ("caption", Layout::Block),
    ("cite", Layout::Inline),
    ("code", Layout::Inline),
    ("col", Layout::Other),
    ("colgroup", Layout::Other),
    ("data", Layout::Inline),
    ("dd", Layout::Block),
    ("del", Layout::Inline),
    ("details", Layout::Block),
    ("dfn", Layout::Inline),
    ("div", Layout::Block),
    ("dl", Layout::Block),
    ("dt", Layout::Block),
    ("em", Layout::Inline),
    ("figcaption", Layout::Block),
    ("figure", Layout::Block),
    ("footer", Layout::Block),
    ("h1", Layout::Block),
    ("h2", Layout::Block),
    ("h3", Layout::Block),
    ("h4", Layout::Block),
    ("h5", Layout::Block),
    ("h6", Layout::Block),
    ("header", Layout::Block),
    ("hr", Layout::Block),
    ("i", Layout::Inline),
    ("img", Layout::Other),
    ("ins", Layout::Inline),
    ("kbd", Layout::Inline),
    ("li", Layout::Block),
    ("mark", Layout::Inline),
    ("ol", Layout::Block),
    ("p", Layout::Block),
    ("picture", Layout::Other),
    ("pre", Layout::Block),
    ("q", Layout::Inline),
    ("s", Layout::Inline),
    ("samp", Layout::Inline),
    ("section", Layout::Block),
    ("small", Layout::Inline),
    ("source", Layout::Other),
    ("span", Layout::Inline),
    ("strong", Layout::Inline),
    ("sub", Layout::Inline),
    ("summary", Layout::Block),
    ("sup", Layout::Inline),
    ("table", Layout::Block),
    ("tbody", Layout::Block),
    ("td", Layout::Block),
    ("tfoot", Layout::Block),
    ("th", Layout::Block),
    ("thead", Layout::Block),
    ("time", Layout::Inline),
    ("tr", Layout::Block),
    ("u", Layout::Inline),
    ("ul", Layout::Block),
    ("wbr", Layout::Inline),
];

/// How an element of the allow-list sits in a page's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// It starts a block of its own: its boundaries end a line of text (a line break
    /// beside them shows as nothing), and paper prints it on its own.
    Block,
    /// It sits inside a line of text without breaking it (emphasis, a link, a code span).
    Inline,
    /// Neither: a picture, a line break, a table's column.
    Other,
}

/// How the element `name` (lower case) sits in a page's text, if the allow-list has it.
fn layout_of(name: &str) -> Option<Layout> {
    SOURCE_ELEMENTS.iter().find(|(element, _)| element.eq_ignore_ascii_case(name)).map(|(_, layout)| *layout)
}

/// True if `name` (lower case) is an element that starts a block of its own.
pub(crate) fn is_block_element(name: &str) -> bool {
    layout_of(name) == Some(Layout::Block)
}

/// Why a start tag in a page's source is refused (see [`SOURCE_ELEMENTS`]), if it is:
/// an element outside the list, an event handler (`onclick=`), or a `javascript:` address.
pub(crate) fn refused_in_source(tag: &Tag<'_>) -> Option<String> {
    if layout_of(&tag.name).is_none() {
        return Some(format!("a <{}> element", tag.name));
    }
    if let Some((name, _)) = tag.attrs.iter().find(|(name, _)| name.starts_with("on")) {
        return Some(format!("a script in the {name} attribute of <{}>", tag.name));
    }
    let scripted = |value: &str| value.trim_start().get(..11).is_some_and(|s| s.eq_ignore_ascii_case("javascript:"));
    if let Some((name, _)) = tag.attrs.iter().find(|(name, value)| matches!(name.as_str(), "href" | "src" | "action") && scripted(value)) {
        return Some(format!("a script in the {name} of <{}>", tag.name));
    }
    None
}

/// `html` (raw HTML a source holds) with the `href` of each `<a>` and the `src` of each
/// `<img>` replaced by what `rewrite` makes of it (given as a reader's browser reads it,
/// entities decoded), so a link or picture written in HTML is rewritten, published and
/// checked like one written in Markdown. Borrowed when nothing changes.
pub(crate) fn rewrite_links<'h>(html: &'h str, mut rewrite: impl FnMut(&str) -> String) -> std::borrow::Cow<'h, str> {
    if !html.contains("href") && !html.contains("src") {
        return std::borrow::Cow::Borrowed(html);
    }
    let base = html.as_ptr() as usize;
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    scan(html, |item| {
        let Item::Tag(raw) = item else { return };
        let element = written_name(raw);
        // A link's address, and a picture's: `/media/...` must lead to the published copy.
        let address = if element.eq_ignore_ascii_case("a") {
            "href"
        } else if element.eq_ignore_ascii_case("img") {
            "src"
        } else {
            return;
        };
        walk_tag(raw, |name, value| {
            if !name.eq_ignore_ascii_case(address) {
                return;
            }
            let start = value.as_ptr() as usize - base;
            let written = decode_entities(value);
            let rewritten = rewrite(&written);
            if rewritten != written {
                let quoted = html[..start].ends_with(['"', '\'']);
                let escaped = crate::text::escape::html(&rewritten).replace('\'', "&#39;");
                edits.push((start..start + value.len(), if quoted { escaped } else { format!("\"{escaped}\"") }));
            }
        });
    });
    if edits.is_empty() {
        return std::borrow::Cow::Borrowed(html);
    }
    std::borrow::Cow::Owned(edited(html, edits))
}

/// `html` with each range (in order, not overlapping) replaced by its text.
fn edited(html: &str, edits: Vec<(std::ops::Range<usize>, String)>) -> String {
    let mut out = String::with_capacity(html.len() + 32);
    let mut from = 0;
    for (range, with) in edits {
        out.push_str(&html[from..range.start]);
        out.push_str(&with);
        from = range.end;
    }
    out.push_str(&html[from..]);
    out
}

/// Elements that have no end tag.
const VOID: [&str; 14] = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];

/// `html` (a page's content) with every element it opens closed at its end, every end
/// tag for an element it did not open left out, and a tag never finished (`<div id="x"`
/// with no `>`) left out: placed inside a theme's page, it can neither swallow the page's
/// footer nor close the page's own `<main>`. Borrowed when it is whole already, as
/// pulldown-cmark's own output always is. Public for the CommonMark conformance test,
/// which compares pages with pulldown-cmark's output after this documented repair.
pub fn balanced(html: &str) -> std::borrow::Cow<'_, str> {
    // Names as written, compared without regard to case: no copy of each tag's name.
    let mut open: Vec<&str> = Vec::new();
    // (what to replace, with what): a tag left out, or end tags put before one.
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let base = html.as_ptr() as usize;
    let at = |raw: &str| {
        let start = raw.as_ptr() as usize - base;
        start..start + raw.len()
    };
    scan(html, |item| match item {
        Item::Tag(raw) if !raw.ends_with('>') => edits.push((at(raw), String::new())),
        Item::Tag(raw) => {
            let name = written_name(raw);
            // `<a />` leaves an `a` open: in HTML only void elements close themselves.
            if !VOID.iter().any(|void| void.eq_ignore_ascii_case(name)) && !name.is_empty() && !name.starts_with('!') {
                open.push(name);
            }
        }
        Item::EndTag(raw) => {
            let name = written_name(raw);
            match open.iter().rposition(|o| o.eq_ignore_ascii_case(name)) {
                // Elements still open inside it are closed first, by name: a browser would
                // otherwise open them again after it, around the page's footer.
                Some(found) => {
                    let inner: String =
                        open.drain(found..).skip(1).rev().map(|inner| format!("</{}>", inner.to_ascii_lowercase())).collect();
                    if !inner.is_empty() {
                        let range = at(raw);
                        edits.push((range.start..range.start, inner));
                    }
                }
                None => edits.push((at(raw), String::new())),
            }
        }
        Item::Text(_) | Item::Raw(..) => {}
    });
    if open.is_empty() && edits.is_empty() {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = edited(html, edits);
    for name in open.iter().rev() {
        out.push_str(&format!("</{}>", name.to_ascii_lowercase()));
    }
    std::borrow::Cow::Owned(out)
}

/// The name of a start or end tag as written, in its own case: `P` for `<P class="x">`.
fn written_name(raw: &str) -> &str {
    let name = raw.trim_start_matches('<').trim_start_matches('/');
    name.split(|c: char| c.is_whitespace() || c == '>' || c == '/').next().unwrap_or("")
}

/// The lower-case name of a start or end tag as written: `p` for `<P class="x">`.
fn tag_name(raw: &str) -> String {
    written_name(raw).to_ascii_lowercase()
}

/// Appends `text` (between tags, entities not yet decoded) as a reader reads it: entities
/// decoded, invisible characters left out.
pub(crate) fn push_read(out: &mut String, text: &str) {
    let decoded = decode_entities(text);
    if decoded.chars().any(is_invisible) {
        out.extend(decoded.chars().filter(|c| !is_invisible(*c)));
    } else {
        out.push_str(&decoded);
    }
}

/// What a tag puts between the words around it: a paragraph separator (U+2029, white
/// space to every reader of the text) where a block starts or ends, so the name rules can
/// tell a heading, a list item or a table cell opening; nothing for markup inside a line
/// of text (emphasis, a link, a code span, a word-break opportunity), which a reader does
/// not see as a gap.
pub(crate) fn separate(out: &mut String, raw_tag: &str) {
    if !is_inline(raw_tag) {
        out.push('\u{2029}');
    }
}

/// Characters that take no room on screen: a soft hyphen, zero-width spaces and joiners,
/// a word joiner, a byte-order mark.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// True if the start or end tag `raw` (`<strong>`, `</em>`) is of an inline element.
fn is_inline(raw: &str) -> bool {
    layout_of(written_name(raw)) == Some(Layout::Inline)
}

/// Raw text content of `style` elements (for CSS url() checks).
pub(crate) fn style_blocks(html: &str) -> Vec<&str> {
    let mut blocks = Vec::new();
    scan(html, |item| {
        if let Item::Raw("style", css) = item {
            blocks.push(css);
        }
    });
    blocks
}

/// One thing the scanner meets, in document order.
pub(crate) enum Item<'a> {
    /// A start tag as written, `<a href="x">`; [`parse_tag`] reads its attributes.
    Tag(&'a str),
    /// An end tag as written, `</a>`.
    EndTag(&'a str),
    /// Text between tags, entities not yet decoded.
    Text(&'a str),
    /// The raw content of a `script` or `style` element.
    Raw(&'static str, &'a str),
}

/// Walks `html` once, handing each item to `emit`.
pub(crate) fn scan<'a>(html: &'a str, mut emit: impl FnMut(Item<'a>)) {
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    // Text is most of a page: it is skipped a `<` at a time, with memchr.
    while let Some(found) = html[i..].find('<') {
        i += found;
        let rest = &html[i..];
        let next = bytes.get(i + 1).copied().unwrap_or(b' ');
        let is_markup = next.is_ascii_alphabetic() || next == b'/' || next == b'!' || next == b'?';
        if !is_markup {
            i += 1;
            continue;
        }
        if text_start < i {
            emit(Item::Text(&html[text_start..i]));
        }
        if rest.starts_with("<!--") {
            i += rest.find("-->").map_or(rest.len(), |end| end + 3);
        } else if next == b'!' || next == b'?' {
            i += rest.find('>').map_or(rest.len(), |end| end + 1);
        } else if next == b'/' {
            let used = rest.find('>').map_or(rest.len(), |end| end + 1);
            i += used;
            emit(Item::EndTag(&rest[..used]));
        } else {
            let (name, used) = walk_tag(rest, |_, _| {});
            i += used;
            let raw = if name.eq_ignore_ascii_case("script") {
                Some("script")
            } else if name.eq_ignore_ascii_case("style") {
                Some("style")
            } else {
                None
            };
            emit(Item::Tag(&rest[..used]));
            if let Some(raw) = raw {
                let close = format!("</{raw}");
                let body = &html[i..];
                let end = find_ascii_case_insensitive(body, &close).unwrap_or(body.len());
                emit(Item::Raw(raw, &body[..end]));
                i += end;
            }
        }
        text_start = i;
    }
    if text_start < bytes.len() {
        emit(Item::Text(&html[text_start..]));
    }
}

/// The start tag `<name attr=value ...>` at the start of `text`, its name and
/// attribute names lower-cased and its values decoded.
pub(crate) fn parse_tag(text: &str) -> Tag<'_> {
    let mut attrs = Vec::new();
    let (name, _) = walk_tag(text, |attr, raw| attrs.push((attr.to_ascii_lowercase(), decode_entities(raw))));
    Tag { name: name.to_ascii_lowercase(), attrs }
}

/// Walks the start tag at the start of `text`, handing each attribute's name and raw
/// value to `attr`; returns the element's name as written and the bytes the tag takes.
/// Most scans only need to step over a tag, so nothing is copied here.
fn walk_tag<'a>(text: &'a str, mut attr: impl FnMut(&'a str, &'a str)) -> (&'a str, usize) {
    let bytes = text.as_bytes();
    let mut i = 1;
    let name_end = i + text[i..].find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(text.len() - i);
    let name = &text[i..name_end];
    i = name_end;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        if bytes[i] == b'>' {
            i += 1;
            break;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !b"=>/".contains(&bytes[i]) {
            i += 1;
        }
        if i == start {
            // A stray character such as a lone `=`: skip it rather than loop forever.
            i += 1;
            continue;
        }
        let attr_name = &text[start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            let (raw, used) = match bytes.get(i) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let end = text[i + 1..].find(char::from(quote)).map_or(text.len(), |e| i + 1 + e);
                    (&text[i + 1..end], end + 1 - i)
                }
                _ => {
                    let end = text[i..].find(|c: char| c.is_whitespace() || c == '>').map_or(text.len(), |e| i + e);
                    (&text[i..end], end - i)
                }
            };
            value = raw;
            i = (i + used).min(text.len());
        }
        attr(attr_name, value);
    }
    (name, i.min(text.len()))
}

fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    haystack.as_bytes().windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Decodes the character references that matter for matching text and URLs.
pub(crate) fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let entity = &rest[1..e];
            let c = match entity {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => '\u{a0}',
                "rsquo" => '\u{2019}',
                "lsquo" => '\u{2018}',
                "ldquo" => '\u{201c}',
                "rdquo" => '\u{201d}',
                "ndash" => '\u{2013}',
                "mdash" => '\u{2014}',
                "shy" => '\u{ad}',
                "zwsp" => '\u{200b}',
                "zwnj" => '\u{200c}',
                "zwj" => '\u{200d}',
                "NoBreak" => '\u{2060}',
                _ => {
                    let number = entity.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, e + 1))
        });
        match decoded {
            Some((c, used)) => {
                out.push(c);
                rest = &rest[used..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn may_hold_finds_a_tag_in_any_case_and_nothing_else() {
        assert!(may_hold("<p>x</p><IMG src=a>", "img"));
        assert!(may_hold("<img>", "img"));
        assert!(!may_hold("<p>an img, &lt;img&gt;</p><", "img"));
        assert!(!may_hold("<é", "img"));
    }

    #[test]
    fn reads_attributes_in_every_quoting_style() {
        let tags = start_tags(r#"<p>Hi</p><IMG SRC='a.jpg' alt="A &amp; B" hidden data-x=1><br/>"#);
        let img = &tags[1];
        assert_eq!(img.name, "img");
        assert_eq!(img.attr("src"), Some("a.jpg"));
        assert_eq!(img.attr("alt"), Some("A & B"));
        assert_eq!(img.attr("hidden"), Some(""));
        assert_eq!(img.attr("data-x"), Some("1"));
        assert_eq!(tags[2].name, "br");
    }

    #[test]
    fn skips_comments_and_script_bodies() {
        let html = "<!-- <img src=x> --><script>if (a<b) { '<img src=y>' }</script><b>Text</b> &amp; more";
        let names: Vec<String> = start_tags(html).into_iter().map(|t| t.name).collect();
        assert_eq!(names, ["script", "b"]);
        assert_eq!(visible_text(html).split_whitespace().collect::<Vec<_>>(), ["Text", "&", "more"]);
    }

    #[test]
    fn tolerates_broken_markup() {
        assert_eq!(start_tags("<a href=").len(), 1);
        assert_eq!(start_tags("<a = = >x").len(), 1);
        assert_eq!(visible_text("3 < 4 and 5 > 2"), "3 < 4 and 5 > 2");
        assert_eq!(decode_entities("&#233;&#x41;&bogus;"), "éA&bogus;");
    }

    /// Regression: markup inside a name hid it from the name rules: `Thorn**bury**`,
    /// `Thorn<span>bury</span>`, `<wbr>`, a soft hyphen, a zero-width space, a link or a
    /// code span splitting the word.
    #[test]
    fn markup_and_invisible_characters_inside_a_word_do_not_split_it() {
        for html in [
            "<p>Amelia Thorn<strong>bury</strong></p>",
            "<p>Amelia Thorn<span class=\"x\">bury</span></p>",
            "<p>Amelia Thorn<wbr>bury</p>",
            "<p>Amelia Thorn&shy;bury</p>",
            "<p>Amelia Thorn\u{200b}bury</p>",
            "<p>Amelia <a href=\"/x/\">Thorn</a>bury</p>",
            "<p>Amelia Thorn<code>bury</code></p>",
        ] {
            assert!(visible_text(html).contains("Amelia Thornbury"), "{html}: {:?}", visible_text(html));
        }
        assert_eq!(visible_text("<li>Amelia</li><li>Thornbury</li>").split_whitespace().collect::<Vec<_>>(), ["Amelia", "Thornbury"]);
        assert_eq!(visible_text("Line<br>break").split_whitespace().count(), 2);
    }
}
