//! Nesting: templates nested deeper than Tera can take.
//!
//! Tera parses and renders by recursion, so a tag with thousands of nested brackets, or
//! thousands of `{% if %}` blocks one inside another, runs the thread out of stack and
//! aborts the whole build without a word (20,000 brackets did). Nobody writes more than
//! a few levels on purpose, so past [`DEEPEST`] a template is refused, at the place.

use super::assemble;

/// The most levels of brackets in one tag, or of blocks inside blocks, a template may use.
pub(crate) const DEEPEST: usize = 64;

/// What is wrong with a template [`too_deep`] finds, for its finding.
pub(crate) fn message() -> String {
    format!("this template nests more than {DEEPEST} levels deep (brackets in one tag, or blocks inside blocks)")
}

/// Tags that open a block closed by an `end…` tag.
const OPENERS: [&str; 5] = ["if", "for", "block", "macro", "filter"];

/// The offset where `template` first nests deeper than [`DEEPEST`], if it does.
pub(crate) fn too_deep(template: &str) -> Option<usize> {
    let mut blocks = 0usize;
    let mut at = 0;
    while let Some(found) = assemble::next_tag(&template[at..]) {
        let start = at + found;
        let closer = assemble::closer(&template[start..]);
        if closer == "#}" {
            // A comment is stepped into, not over: tags written inside it still count.
            at = start + 2;
            continue;
        }
        let inside = start + 2;
        let end = template[inside..].find(closer).map_or(template.len(), |i| inside + i);
        let tag = &template[inside..end];
        if let Some(offset) = deepest_bracket(tag) {
            return Some(inside + offset);
        }
        if closer == "%}" {
            let word =
                tag.trim_start_matches('-').trim_start().split(|c: char| !c.is_ascii_alphanumeric() && c != '_').next().unwrap_or("");
            if OPENERS.contains(&word) {
                blocks += 1;
                if blocks > DEEPEST {
                    return Some(start);
                }
            } else if word.starts_with("end") {
                blocks = blocks.saturating_sub(1);
            }
        }
        at = end;
    }
    None
}

/// The offset in `tag` of the first bracket opened more than [`DEEPEST`] deep, outside
/// quoted strings.
fn deepest_bracket(tag: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote = None;
    for (offset, c) in tag.char_indices() {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, '(' | '[') => {
                depth += 1;
                if depth > DEEPEST {
                    return Some(offset);
                }
            }
            (None, ')' | ']') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_templates_pass() {
        let body = "{% if \"primary\" in school.phases %}Ask {{ role(name=\"dsl\") }} ((not a tag)).{% endif %} {{ [1, [2]] | length }}";
        assert_eq!(too_deep(body), None);
        let brackets_in_a_string = format!("{{{{ \"{}\" }}}}", "(".repeat(500));
        assert_eq!(too_deep(&brackets_in_a_string), None);
        let many_blocks_in_a_row = "{% if a %}x{% endif %}".repeat(500);
        assert_eq!(too_deep(&many_blocks_in_a_row), None);
    }

    #[test]
    fn thousands_of_brackets_or_blocks_are_found_where_they_pass_the_limit() {
        let brackets = format!("Text {{{{ {}1{} }}}}", "(".repeat(20_000), ")".repeat(20_000));
        assert_eq!(too_deep(&brackets), Some("Text {{ ".len() + DEEPEST));
        let blocks = "{% if a %}".repeat(DEEPEST + 1);
        assert_eq!(too_deep(&blocks), Some(DEEPEST * "{% if a %}".len()));
        let trimmed = "{%- for x in y -%}".repeat(DEEPEST + 1);
        assert!(too_deep(&trimmed).is_some());
    }
}
