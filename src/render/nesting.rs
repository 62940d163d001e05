//! Nesting: templates nested deeper than Tera can take, or that call themselves.
//!
//! Tera parses and renders by recursion, so a tag with thousands of nested brackets, or
//! thousands of `{% if %}` blocks one inside another, runs the thread out of stack and
//! aborts the whole build without a word (20,000 brackets did). Nobody writes more than
//! a few levels on purpose, so past [`DEEPEST`] a template is refused, at the place. So
//! is a macro that calls itself, directly or through others of its file: Tera has no
//! limit on that recursion, and one that never stops aborts the build the same way.

use super::assemble;

/// The most levels of brackets in one tag, or of blocks inside blocks, a template may use.
pub(crate) const DEEPEST: usize = 64;

/// What is wrong with a template [`too_deep`] finds, for its finding.
pub(crate) fn message() -> String {
    format!("this template nests more than {DEEPEST} levels deep (brackets in one tag, or blocks inside blocks)")
}

/// Why `template` cannot be given to Tera, and where: nested too deep, or a macro that
/// calls itself.
pub(crate) fn refusal(template: &str) -> Option<(usize, String)> {
    too_deep(template).map(|offset| (offset, message())).or_else(|| recursive_macro(template))
}

/// The first macro of `template` that calls itself, directly or through other macros of
/// the same file (`self::name(...)`), with a message naming it.
fn recursive_macro(template: &str) -> Option<(usize, String)> {
    if !template.contains("macro") {
        return None;
    }
    // Each macro: its name, where it is defined, and the macros of this file it calls.
    let mut macros: Vec<(&str, usize, Vec<&str>)> = Vec::new();
    let mut inside: Option<usize> = None;
    let mut at = 0;
    while let Some(found) = assemble::next_tag(&template[at..]) {
        let start = at + found;
        let closer = assemble::closer(&template[start..]);
        let body_start = start + 2;
        let end = template[body_start..].find(closer).map_or(template.len(), |i| body_start + i);
        let tag = template[body_start..end].trim_start_matches('-').trim_start();
        if closer == "%}"
            && let Some(rest) = tag.strip_prefix("macro")
        {
            let name = rest.trim_start().split(|c: char| !c.is_ascii_alphanumeric() && c != '_').next().unwrap_or("");
            macros.push((name, start, Vec::new()));
            inside = Some(macros.len() - 1);
        } else if closer == "%}" && tag.starts_with("endmacro") {
            inside = None;
        } else if let Some(current) = inside {
            for (offset, _) in tag.match_indices("self::") {
                let called = tag[offset + 6..].split(|c: char| !c.is_ascii_alphanumeric() && c != '_').next().unwrap_or("");
                macros[current].2.push(called);
            }
        }
        at = end;
    }
    for (name, offset, _) in &macros {
        // Every macro reachable from this one's calls; if it is among them, it recurses.
        let mut seen: Vec<&str> = Vec::new();
        let mut next: Vec<&str> = macros.iter().filter(|m| m.0 == *name).flat_map(|m| m.2.iter().copied()).collect();
        while let Some(called) = next.pop() {
            if called == *name {
                return Some((
                    *offset,
                    format!(
                        "the macro `{name}` calls itself, so it could run for ever; templates may not repeat by calling themselves: use a `for` loop"
                    ),
                ));
            }
            if !seen.contains(&called) {
                seen.push(called);
                next.extend(macros.iter().filter(|m| m.0 == called).flat_map(|m| m.2.iter().copied()));
            }
        }
    }
    None
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

    /// Regression: a macro calling itself overflowed the stack and aborted the build.
    #[test]
    fn a_macro_that_calls_itself_is_refused_where_it_is_defined() {
        let direct = "{% macro countdown(n) %}{{ n }}{{ self::countdown(n=n) }}{% endmacro countdown %}";
        assert_eq!(refusal(direct).map(|(at, _)| at), Some(0));
        let through_another = "Intro\n{% macro a() %}{{ self::b() }}{% endmacro %}{% macro b() %}{{ self::a() }}{% endmacro %}";
        assert!(refusal(through_another).is_some_and(|(at, message)| at == 6 && message.contains("`a`")));
        let fine = "{% macro item(x) %}<li>{{ x }}</li>{% endmacro %}{% macro list(xs) %}{% for x in xs %}{{ self::item(x=x) }}{% endfor %}{% endmacro %}";
        assert_eq!(refusal(fine), None);
    }
}
