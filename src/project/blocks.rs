//! The block structure of a template, read without Tera: what it extends, and the
//! `{% block name %}...{% endblock %}` sections it offers or fills, each with its place
//! and its text.
//!
//! Tera quietly drops a block that fills nothing in the template it extends, so a
//! misspelt block name would publish the parent's wording in place of the child's. Both
//! a theme's templates and a school's override of a shared source are read here to catch
//! that, and an override's blocks are compared here with the shared text they replace.

use std::sync::LazyLock;

use regex::Regex;

static EXTENDS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\{%-?\s*extends\s+"([^"]+)"\s*-?%\}"#).expect("the extends pattern is valid"));
/// A whole block tag, opening (with its name) or closing; the lazy `.*?` stops at the
/// tag's own `%}`.
static BLOCK_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)\{%-?\s*(?:block\s+(\w+)|endblock)\b.*?%\}").expect("the block tag pattern is valid"));

/// The template a template extends: its name as written, and where its tag starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Extends<'t> {
    pub(crate) name: &'t str,
    pub(crate) at: usize,
}

/// One `{% block %}` in a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block<'t> {
    pub(crate) name: &'t str,
    /// Where its `{% block %}` tag starts, in bytes.
    pub(crate) at: usize,
    /// 1 for a block at the top of the template (in a template that extends another,
    /// one that fills a block of the parent's); more for a block inside another.
    pub(crate) depth: usize,
    /// Its text, between the end of its opening tag and the start of its closing one
    /// (to the end of the template if it is never closed, which Tera refuses anyway).
    pub(crate) text: &'t str,
}

/// The template `text` extends, if it does.
pub(crate) fn extends(text: &str) -> Option<Extends<'_>> {
    let found = EXTENDS.captures(text)?;
    Some(Extends { name: found.get(1)?.as_str(), at: found.get(0)?.start() })
}

/// Every block in `text`, in the order they open.
pub(crate) fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut found = Vec::new();
    // The blocks still open, innermost last: (index in `found`, where its text starts).
    let mut open: Vec<(usize, usize)> = Vec::new();
    for tag in BLOCK_TAG.captures_iter(text) {
        let Some(whole) = tag.get(0) else { continue };
        match tag.get(1) {
            Some(name) => {
                open.push((found.len(), whole.end()));
                found.push(Block { name: name.as_str(), at: whole.start(), depth: open.len(), text: "" });
            }
            None => {
                if let Some((index, start)) = open.pop() {
                    found[index].text = &text[start..whole.start()];
                }
            }
        }
    }
    for (index, start) in open {
        found[index].text = &text[start..];
    }
    found
}

/// Where the first words outside every block of `text` are, if any: in a template that
/// extends another, Tera shows only what its blocks hold, so words written between or
/// after them would be dropped without a word. Tags (`{% import %}`, `{% set %}`) and
/// comments there are fine: they show nothing anyway.
pub(crate) fn words_outside_blocks(text: &str) -> Option<usize> {
    static TAG_OR_COMMENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?s)\{%.*?%\}|\{#.*?#\}").expect("the tag pattern is valid"));
    // The stretches between blocks at the top: from the end of each top block's closing
    // tag to the start of the next one's opening tag.
    let mut outside = Vec::new();
    let mut from = 0;
    for block in blocks(text).into_iter().filter(|block| block.depth == 1) {
        outside.push((from, block.at));
        let text_end = block.text.as_ptr() as usize - text.as_ptr() as usize + block.text.len();
        from = text[text_end..].find("%}").map_or(text.len(), |close| text_end + close + 2);
    }
    outside.push((from, text.len()));
    outside.into_iter().find_map(|(start, end)| {
        let stretch = &text[start..end];
        let mut words = stretch.to_owned();
        for tag in TAG_OR_COMMENT.find_iter(stretch) {
            words.replace_range(tag.range(), &" ".repeat(tag.len()));
        }
        words.find(|c: char| !c.is_whitespace()).map(|at| start + at)
    })
}

/// The names of the blocks of `all` (one template's, as [`blocks`] reads them) that
/// `inner` is inside, outermost first.
pub(crate) fn enclosing<'t>(all: &[Block<'t>], inner: &Block<'_>) -> Vec<&'t str> {
    let start = |block: &Block<'_>| block.text.as_ptr() as usize;
    all.iter()
        .filter(|outer| outer.depth < inner.depth && start(outer) <= start(inner) && start(inner) < start(outer) + outer.text.len())
        .map(|outer| outer.name)
        .collect()
}

/// The block called `name` in `text`, wherever it is nested.
pub(crate) fn block<'t>(text: &'t str, name: &str) -> Option<Block<'t>> {
    blocks(text).into_iter().find(|block| block.name == name)
}

/// A block's text as it is compared: line endings made `\n`, each line's trailing spaces
/// and tabs taken off, and blank lines at either end dropped. None of these change what
/// the Markdown says, and editors and operating systems change them without anyone
/// meaning to.
pub(crate) fn normalised(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(|line| line.trim_end_matches([' ', '\t', '\r'])).collect();
    let first = lines.iter().position(|line| !line.is_empty()).unwrap_or(lines.len());
    let last = lines.iter().rposition(|line| !line.is_empty()).map_or(first, |i| i + 1);
    lines[first..last].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHARED: &str = "# Policy\n{% block intro %}Hello{% endblock intro %}\n\
        {% block mobile_phones %}\n## Mobile phones\n{% block inner -%}x{%- endblock %}\nPhones.\n{% endblock mobile_phones %}\n";

    #[test]
    fn blocks_are_read_with_their_depth_and_text() {
        let found = blocks(SHARED);
        let names: Vec<(&str, usize)> = found.iter().map(|b| (b.name, b.depth)).collect();
        assert_eq!(names, [("intro", 1), ("mobile_phones", 1), ("inner", 2)]);
        assert_eq!(found[0].text, "Hello");
        assert_eq!(found[2].text, "x");
        assert_eq!(found[1].text, "\n## Mobile phones\n{% block inner -%}x{%- endblock %}\nPhones.\n");
        assert_eq!(&SHARED[found[1].at..found[1].at + 8], "{% block");
    }

    #[test]
    fn words_outside_the_blocks_are_found_and_tags_there_are_not() {
        let override_text = "{% extends \"shared/policies/a.md\" %}\n{# ours #}\n{% block intro %}Hi{% endblock intro %}\n\n";
        assert_eq!(words_outside_blocks(override_text), None);
        let with_words = format!("{override_text}## Our church school\nWe pray.\n");
        assert_eq!(words_outside_blocks(&with_words).map(|at| &with_words[at..at + 6]), Some("## Our"));
        let before = "{% extends \"shared/policies/a.md\" %}\nHello {{ school.name }}\n{% block intro %}Hi{% endblock %}";
        assert_eq!(words_outside_blocks(before).map(|at| &before[at..at + 5]), Some("Hello"));
        let nested = "{% extends \"x\" %}{% block a %}{% block b %}in{% endblock b %}{% endblock a %}";
        assert_eq!(words_outside_blocks(nested), None);
    }

    #[test]
    fn a_block_knows_the_blocks_it_is_inside() {
        let found = blocks(SHARED);
        assert_eq!(enclosing(&found, &found[2]), ["mobile_phones"]);
        assert!(enclosing(&found, &found[1]).is_empty() && enclosing(&found, &found[0]).is_empty());
    }

    #[test]
    fn extends_is_found_with_its_place() {
        let text = "intro\n{% extends \"shared/policies/a.md\" %}{% block x %}y{% endblock %}";
        assert_eq!(extends(text), Some(Extends { name: "shared/policies/a.md", at: 6 }));
        assert_eq!(extends("{{ no }}"), None);
        assert_eq!(blocks(text)[0].name, "x");
    }

    #[test]
    fn a_block_never_closed_runs_to_the_end() {
        let found = blocks("{% block a %}text");
        assert_eq!(found[0].text, "text");
    }

    #[test]
    fn normalising_ignores_line_endings_trailing_spaces_and_blank_edges() {
        assert_eq!(normalised("\r\n\n## A  \r\nline\t\r\n\r\n  indented\n\n"), "## A\nline\n\n  indented");
        assert_eq!(normalised(" \n \n"), "");
        assert_ne!(normalised("a\nb"), normalised("a\nB"));
    }

    #[test]
    fn a_nested_block_is_found_by_name() {
        assert_eq!(block(SHARED, "inner").map(|b| b.text), Some("x"));
        assert_eq!(block(SHARED, "outro"), None);
    }
}
