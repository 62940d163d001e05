//! Minify: the pages as published, without the whitespace and quotes a browser does
//! not need.
//!
//! In: a rendered page and where its content (the rendered Markdown) stands in it. Out:
//! the page minified, and where its content stands now. The last step of rendering, so
//! that the rules judge the bytes that are published. Only the theme's part of a page
//! goes through minify-html. The content is most of a page, and pulldown-cmark writes
//! it with no whitespace to spare except a line break after each block; those breaks
//! are all it needs taken out, and parsing it was most of the cost of minifying.

use std::ops::Range;

/// Stands for the content while the rest of the page is minified.
const CONTENT: char = '\u{E00C}';

/// Minifies a page. Closing tags and the `<html>` and `<head>` tags stay: the `lang`
/// attribute on `<html>` matters to screen readers, and explicit tags keep every parser
/// (ours in tests, a school's tooling) on firm ground.
pub(crate) fn minify_page(html: &[u8]) -> Vec<u8> {
    let mut cfg = minify_html::Cfg::new();
    cfg.keep_closing_tags = true;
    cfg.keep_html_and_head_opening_tags = true;
    cfg.minify_css = true;
    cfg.minify_js = true;
    minify_html::minify(&closed_comments(html), &cfg)
}

/// `html` with each comment a browser closes at once (`<!-->`, `<!--->`) written as the
/// empty comment it is, `<!---->`: minify-html reads on to the next `-->` instead, and
/// would drop everything between (a paragraph, the rest of the page).
fn closed_comments(html: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let abrupt = |at: &[u8]| at.starts_with(b"<!-->") || at.starts_with(b"<!--->");
    // Most pages have no comment at all: one fast search says so.
    if memchr::memmem::find(html, b"<!--").is_none() {
        return std::borrow::Cow::Borrowed(html);
    }
    let mut out = Vec::with_capacity(html.len() + 8);
    let mut i = 0;
    while i < html.len() {
        if abrupt(&html[i..]) {
            out.extend_from_slice(b"<!---->");
            i += if html[i..].starts_with(b"<!-->") { 5 } else { 6 };
        } else {
            out.push(html[i]);
            i += 1;
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A page as it is published: minified, with where its own content now stands (`None`
/// when the theme did not show it as it is).
pub(crate) struct Published {
    pub(crate) html: String,
    pub(crate) content: Option<Range<usize>>,
}

/// Minifies a page whose own content (pulldown-cmark's HTML) stands at `content` in it:
/// the page around it through [`minify_page`], the content by [`between_blocks`], or,
/// where it is not plainly pulldown-cmark's (preformatted text, comments, scripts,
/// styles), through minify-html on its own, inside the block it sits in on the page.
pub(crate) fn minify_page_around(html: &str, content: Option<Range<usize>>) -> Published {
    content.and_then(|content| spliced(html, content)).unwrap_or_else(|| Published { html: whole(html.as_bytes()), content: None })
}

/// A whole page (or fragment) minified, as text: minify-html keeps valid UTF-8 valid.
fn whole(html: &[u8]) -> String {
    String::from_utf8_lossy(&minify_page(html)).into_owned()
}

/// The page minified around its content, or `None` where the content is not in the page
/// as it is.
fn spliced(html: &str, at: Range<usize>) -> Option<Published> {
    let content = html.get(at.clone())?;
    if html.contains(CONTENT) {
        return None;
    }
    let mut frame = String::with_capacity(html.len() - content.len() + CONTENT.len_utf8());
    frame.push_str(&html[..at.start]);
    frame.push(CONTENT);
    frame.push_str(&html[at.end..]);
    let frame = whole(frame.as_bytes());
    let (before, after) = frame.split_once(CONTENT)?;
    let content = minify_content(content);
    let start = before.len();
    Some(Published { content: Some(start..start + content.len()), html: [before, &content, after].concat() })
}

/// A page's content minified: its comments taken out (a note in a source is not
/// published) and the line breaks beside its blocks. Never through minify-html, which
/// drops the space between two inline elements (`<span>one</span>\n<span>two</span>`).
pub(crate) fn minify_content(content: &str) -> String {
    between_blocks(&without_comments(content))
}

/// `content` without its comments. A comment a browser closes at once (`<!-->`,
/// `<!--->`) ends there; one never closed hides the rest of the content, as it would in
/// a browser.
fn without_comments(content: &str) -> std::borrow::Cow<'_, str> {
    if !content.contains("<!--") {
        return std::borrow::Cow::Borrowed(content);
    }
    let mut out = String::with_capacity(content.len());
    let mut rest = content;
    while let Some(open) = rest.find("<!--") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 4..];
        rest = if let Some(abrupt) = after.strip_prefix('>').or_else(|| after.strip_prefix("->")) {
            abrupt
        } else {
            after.find("-->").map_or("", |close| &after[close + 3..])
        };
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// `content` without the line breaks that touch a block element's tag, where they show
/// as nothing. A break between words or inline elements is a space, and stays, and so
/// does every break inside preformatted text.
fn between_blocks(content: &str) -> String {
    let preformatted = preformatted(content);
    let mut out = String::with_capacity(content.len());
    let mut kept_from = 0;
    for (at, _) in content.match_indices('\n') {
        if preformatted.iter().any(|range| range.contains(&at)) {
            continue;
        }
        let before = &content[..at];
        let after = &content[at + 1..];
        let block_before = before.ends_with('>') && before.rfind('<').is_some_and(|lt| is_block(&before[lt + 1..]));
        let block_after = after.strip_prefix('<').is_some_and(is_block);
        if block_before || block_after {
            out.push_str(&content[kept_from..at]);
            kept_from = at + 1;
        }
    }
    out.push_str(&content[kept_from..]);
    out
}

/// Where `content`'s elements that keep their whitespace stand (`<pre>` and the text of
/// `<textarea>`, `<script>` and `<style>`), from start tag to end tag.
fn preformatted(content: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    if !content.contains("<pre") && !content.contains("<textarea") && !content.contains("<script") && !content.contains("<style") {
        return found;
    }
    let lower = content.to_ascii_lowercase();
    for name in ["pre", "textarea", "script", "style"] {
        let (open, close) = (format!("<{name}"), format!("</{name}"));
        let mut from = 0;
        while let Some(start) = lower[from..].find(&open).map(|at| from + at) {
            let end = lower[start..].find(&close).map_or(lower.len(), |at| start + at);
            found.push(start..end);
            from = end.max(start + 1);
        }
    }
    found
}

/// True if `tag` (the text after a `<`) opens or closes a block element.
fn is_block(tag: &str) -> bool {
    let name = tag.strip_prefix('/').unwrap_or(tag);
    let end = name.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(name.len());
    crate::text::html::is_block_element(&name[..end].to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minifying_keeps_lang_and_closing_tags() {
        let page =
            minify_page(b"<!doctype html>\n<html lang=\"en-GB\">\n<head><title>T</title></head>\n<body>\n  <p>Hi</p>\n</body></html>");
        let text = String::from_utf8(page).unwrap();
        assert!(text.contains("<html lang=en-GB>"), "{text}");
        assert!(text.contains("</p>"), "{text}");
    }

    #[test]
    fn breaks_beside_blocks_go_and_breaks_between_words_stay() {
        let content =
            "<h2 id=\"who\">Who</h2>\n<p>Talk to <em>us</em>\n<strong>today</strong>\nor call.</p>\n<ul>\n<li>One</li>\n</ul>\n<hr />\n";
        assert_eq!(
            between_blocks(content),
            "<h2 id=\"who\">Who</h2><p>Talk to <em>us</em>\n<strong>today</strong>\nor call.</p><ul><li>One</li></ul><hr />"
        );
    }

    #[test]
    fn only_the_theme_goes_through_minify_html_and_the_page_reads_the_same() {
        let content = "<h2 id=\"a\">Rules</h2>\n<p>Be <em>kind</em>\nonline &amp; offline.</p>\n<ol>\n<li>Ask first</li>\n</ol>\n";
        let html = format!(
            "<!doctype html>\n<html lang=\"en-GB\">\n<head>\n  <title>Online safety</title>\n</head>\n<body>\n  <main class=\"page\">\n    <div class=\"content\">\n{content}\n    </div>\n  </main>\n</body>\n</html>\n"
        );
        let published = minify_page_around(&html, place(&html, content));
        let around = published.html.clone();
        assert_eq!(&around[published.content.unwrap()], between_blocks(content));
        let whole = String::from_utf8(minify_page(html.as_bytes())).unwrap();
        assert!(!around.contains(CONTENT));
        assert!(around.contains("<main class=page><div class=content><h2 id=\"a\">Rules</h2><p>Be <em>kind</em>\nonline &amp; offline.</p><ol><li>Ask first</li></ol></div></main>"), "{around}");
        let words = |page: &str| crate::text::html::visible_text(page).split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(words(&around), words(&whole));
    }

    #[test]
    fn unusual_content_keeps_its_words_and_preformatted_text_and_loses_its_comments() {
        let words = |page: &str| crate::text::html::visible_text(page).split_whitespace().collect::<Vec<_>>().join(" ");
        for content in [
            "<pre><code>keep\n  this\n<p>x</p></code></pre>\n",
            "<p>a</p><!-- note about Amelia -->\n",
            "<span>one</span>\n<span>two</span><!-- x -->",
            "<p>Para one <!--> text.</p>\n<p>Two <!---> more <!-- open",
        ] {
            let html = format!("<html lang=\"en\"><body>\n<div>\n{content}</div></body></html>");
            let published = minify_page_around(&html, place(&html, content));
            let range = published.content.clone().expect("the content is still found");
            let minified = &published.html[range];
            assert_eq!(words(minified), words(content), "{minified}");
            assert!(!minified.contains("<!--"), "{minified}");
        }
        let pre = minify_content("<pre><code>keep\n  this\n<p>x</p></code></pre>\n<p>after</p>");
        assert_eq!(pre, "<pre><code>keep\n  this\n<p>x</p></code></pre><p>after</p>");
        assert_eq!(minify_content("<span>one</span>\n<span>two</span>"), "<span>one</span>\n<span>two</span>");
        let html = "<html lang=\"en\"><body><div>\n<p>one</p>\n</div></body></html>";
        assert_eq!(minify_page_around(html, None).html, whole(html.as_bytes()));
        // A place outside the page, or not on a character's boundary, is not used.
        assert!(minify_page_around(html, Some(40..400)).content.is_none());
        assert!(minify_page_around("<p>é</p>", Some(3..4)).content.is_none());
    }

    #[test]
    fn a_comment_closed_at_once_hides_nothing() {
        let html =
            "<html lang=\"en\"><body><p>Para one <!--> text.</p>\n<p>Para two <!-- note --> end.</p><p>Three <!---> more</p></body></html>";
        let page = String::from_utf8(minify_page(html.as_bytes())).unwrap();
        let words = crate::text::html::visible_text(&page).split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(words, "Para one text. Para two end. Three more", "{page}");
        // An ordinary comment that merely starts with a dash is left alone.
        assert_eq!(&*closed_comments(b"<!---x-->"), b"<!---x-->");
    }

    /// Where `content` first stands in `html`.
    fn place(html: &str, content: &str) -> Option<Range<usize>> {
        html.find(content).map(|at| at..at + content.len())
    }
}
