//! Assemble: bodies made into Tera templates a tag at a time, each distinct tag parsed once.
//!
//! A policy is mostly prose around a few dozen tags, and a trust's thousand policies use
//! the same few dozen tags again and again (`{{ role(name="dsl") }}`). Tera's parser
//! costs microseconds a tag and scans every character of the prose besides; on a large
//! site that was a sixth of a build. So each body is split into text and tags here, each
//! distinct tag is given to Tera's own parser once, on its own, and the body's syntax
//! tree is put together from those parts, exactly as Tera would have built it (the
//! tests hold it to that, node for node).
//!
//! Only the common tags are put together here: output, comments, `if`, `for`, `set`,
//! `include`, `break` and `continue`. A body with anything else (blocks, `extends`,
//! macros, `raw`, filter sections, a `for … else`), or with a tag Tera would refuse, is
//! left for Tera to parse whole, which also gives the messages for mistakes.
//!
//! In: template bodies by name. Out: the templates assembled, and the bodies left over.

use std::collections::HashMap;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use tera::Template;
use tera::ast::{Expr, Forloop, If, Node, WS};

/// A template's name and text.
pub(crate) type NamedBody<'a> = (&'a str, &'a str);

/// Templates for the bodies that could be assembled, and the bodies left for Tera.
pub(crate) fn assemble<'a>(bodies: &[NamedBody<'a>]) -> (Vec<Template>, Vec<NamedBody<'a>>) {
    let split: Vec<Option<Vec<Token<'a>>>> = bodies.par_iter().map(|(_, body)| split(body)).collect();
    let distinct: FxHashSet<&str> = split
        .iter()
        .flatten()
        .flatten()
        .filter_map(|token| match token {
            Token::Tag(tag) => Some(*tag),
            Token::Text(_) => None,
        })
        .collect();
    let distinct: Vec<&str> = distinct.into_iter().collect();
    let pieces: FxHashMap<&str, Piece> = distinct.par_iter().filter_map(|tag| Some((*tag, Piece::parse(tag)?))).collect();
    let built: Vec<Option<Template>> = bodies
        .par_iter()
        .zip(split)
        .map(|((name, _), tokens)| {
            let ast = build_tree(&trimmed(tokens?), &pieces)?;
            Some(template(name, ast))
        })
        .collect();
    let mut assembled = Vec::with_capacity(bodies.len());
    let mut left = Vec::new();
    for (body, template) in bodies.iter().zip(built) {
        match template {
            Some(template) => assembled.push(template),
            None => left.push(*body),
        }
    }
    (assembled, left)
}

/// A template as `Template::new` makes one from a body with no blocks, macros or parent.
fn template(name: &str, ast: Vec<Node>) -> Template {
    Template {
        name: name.to_owned(),
        path: None,
        ast,
        from_extend: false,
        macros: HashMap::new(),
        imported_macro_files: Vec::new(),
        parent: None,
        blocks: HashMap::new(),
        parents: Vec::new(),
        blocks_definitions: HashMap::new(),
    }
}

/// A run of text, or a whole tag from its opening `{{`, `{%` or `{#` to its close.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Token<'a> {
    Text(&'a str),
    Tag(&'a str),
}

/// `body` as text and tags, or `None` if a tag is never closed (Tera will say so) or the
/// body opens with a comment (which Tera's grammar drops rather than keeps).
fn split(body: &str) -> Option<Vec<Token<'_>>> {
    let mut tokens = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let start = next_tag(rest).unwrap_or(rest.len());
        if start > 0 {
            tokens.push(Token::Text(&rest[..start]));
        }
        rest = &rest[start..];
        if rest.is_empty() {
            break;
        }
        let end = rest[2..].find(closer(rest))? + 4;
        tokens.push(Token::Tag(&rest[..end]));
        rest = &rest[end..];
    }
    match tokens.first() {
        Some(Token::Tag(tag)) if tag.starts_with("{#") => None,
        _ => Some(tokens),
    }
}

/// What closes the tag at the start of `tag`: `}}`, `%}`, or `#}` for a comment.
pub(crate) fn closer(tag: &str) -> &'static str {
    if tag.starts_with("{{") {
        "}}"
    } else if tag.starts_with("{%") {
        "%}"
    } else {
        "#}"
    }
}

/// Where the next `{{`, `{%` or `{#` starts: Tera's text runs up to any of them.
pub(crate) fn next_tag(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text[from..].find('{') {
        let at = from + found;
        if matches!(text.as_bytes().get(at + 1), Some(b'{' | b'%' | b'#')) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Whether a tag trims the whitespace before it (`{%-`) and after it (`-%}`).
fn trims(tag: &str) -> WS {
    WS { left: tag.as_bytes().get(2) == Some(&b'-'), right: tag.len() >= 5 && tag.as_bytes()[tag.len() - 3] == b'-' }
}

/// The tokens with whitespace trimmed as the tags ask. Tera trims the text node just
/// before a `{%-` tag and just after a `-%}` one, within whatever body each falls in;
/// in the flat order of tokens that is always the token next to the tag.
fn trimmed(tokens: Vec<Token<'_>>) -> Vec<Token<'_>> {
    let mut out: Vec<Token<'_>> = Vec::with_capacity(tokens.len());
    let mut trim_next = false;
    for token in tokens {
        match token {
            Token::Text(text) => out.push(Token::Text(if trim_next { text.trim_start() } else { text })),
            Token::Tag(tag) => {
                let ws = trims(tag);
                if ws.left
                    && let Some(Token::Text(text)) = out.last_mut()
                {
                    *text = text.trim_end();
                }
                trim_next = ws.right;
                out.push(token);
                continue;
            }
        }
        trim_next = false;
    }
    out.retain(|token| *token != Token::Text(""));
    out
}

/// One tag, parsed by Tera.
#[derive(Debug, Clone)]
enum Piece {
    /// A tag complete in itself: `{{ … }}`, `{# … #}`, `set`, `include`.
    Alone(Node),
    /// `break` or `continue`, which Tera allows only inside a `for`.
    InLoop(Node),
    If(WS, Expr),
    Elif(WS, Expr),
    Else(WS),
    EndIf(WS),
    /// The loop with an empty body.
    For(WS, Forloop),
    EndFor(WS),
}

impl Piece {
    /// The tag parsed in the smallest template Tera accepts it in, or `None` if Tera
    /// refuses it or it is a kind of tag not assembled here.
    fn parse(tag: &str) -> Option<Piece> {
        let parsed = |text: &str| Template::new("", None, text).ok().map(|t| t.ast);
        if tag.starts_with("{{") {
            return match parsed(tag)?.pop()? {
                node @ Node::VariableBlock(..) => Some(Piece::Alone(node)),
                _ => None,
            };
        }
        if tag.starts_with("{#") {
            // After some output, so it is kept as Tera keeps a comment inside a body.
            return match parsed(&format!("{{{{ a }}}}{tag}"))?.pop()? {
                node @ Node::Comment(..) => Some(Piece::Alone(node)),
                _ => None,
            };
        }
        let keyword: String =
            tag[2..].trim_start_matches('-').trim_start().chars().take_while(|c| c.is_ascii_alphabetic() || *c == '_').collect();
        match keyword.as_str() {
            "set" | "set_global" | "include" => match parsed(tag)?.pop()? {
                node @ (Node::Set(..) | Node::Include(..)) => Some(Piece::Alone(node)),
                _ => None,
            },
            "break" | "continue" => match parsed(&format!("{{% for a in b %}}{tag}{{% endfor %}}"))?.pop()? {
                Node::Forloop(_, mut forloop, _) if forloop.body.len() == 1 => Some(Piece::InLoop(forloop.body.pop()?)),
                _ => None,
            },
            "if" => match parsed(&format!("{tag}{{% endif %}}"))?.pop()? {
                Node::If(If { mut conditions, otherwise: None }, _) if conditions.len() == 1 => {
                    let (ws, expr, _) = conditions.pop()?;
                    Some(Piece::If(ws, expr))
                }
                _ => None,
            },
            "elif" => match parsed(&format!("{{% if a %}}{tag}{{% endif %}}"))?.pop()? {
                Node::If(If { mut conditions, otherwise: None }, _) if conditions.len() == 2 => {
                    let (ws, expr, _) = conditions.pop()?;
                    Some(Piece::Elif(ws, expr))
                }
                _ => None,
            },
            "else" => match parsed(&format!("{{% if a %}}{tag}{{% endif %}}"))?.pop()? {
                Node::If(If { otherwise: Some((ws, _)), .. }, _) => Some(Piece::Else(ws)),
                _ => None,
            },
            "endif" => match parsed(&format!("{{% if a %}}{tag}"))?.pop()? {
                Node::If(_, ws) => Some(Piece::EndIf(ws)),
                _ => None,
            },
            "for" => match parsed(&format!("{tag}{{% endfor %}}"))?.pop()? {
                Node::Forloop(ws, forloop, _) => Some(Piece::For(ws, forloop)),
                _ => None,
            },
            "endfor" => match parsed(&format!("{{% for a in b %}}{tag}"))?.pop()? {
                Node::Forloop(_, _, ws) => Some(Piece::EndFor(ws)),
                _ => None,
            },
            _ => None,
        }
    }
}

/// A block opened and not yet closed, holding its body so far.
enum Open {
    If(If),
    For(WS, Forloop),
}

impl Open {
    /// Where the next node goes: the body of the last condition, the `else` or the loop.
    fn body(&mut self) -> Option<&mut Vec<Node>> {
        match self {
            Open::If(If { otherwise: Some((_, body)), .. }) => Some(body),
            Open::If(If { conditions, .. }) => conditions.last_mut().map(|(_, _, body)| body),
            Open::For(_, forloop) => Some(&mut forloop.body),
        }
    }
}

/// The body's syntax tree, or `None` if a tag is not one assembled here or the blocks do
/// not nest as Tera requires.
fn build_tree(tokens: &[Token<'_>], pieces: &FxHashMap<&str, Piece>) -> Option<Vec<Node>> {
    let mut root = Vec::new();
    let mut open: Vec<Open> = Vec::new();
    for token in tokens {
        let node = match token {
            Token::Text(text) => Node::Text((*text).to_owned()),
            Token::Tag(tag) => match pieces.get(tag)?.clone() {
                Piece::Alone(node) => node,
                Piece::InLoop(node) => {
                    if !open.iter().any(|block| matches!(block, Open::For(..))) {
                        return None;
                    }
                    node
                }
                Piece::If(ws, expr) => {
                    open.push(Open::If(If { conditions: vec![(ws, expr, Vec::new())], otherwise: None }));
                    continue;
                }
                Piece::Elif(ws, expr) => {
                    let Some(Open::If(If { conditions, otherwise: None })) = open.last_mut() else { return None };
                    conditions.push((ws, expr, Vec::new()));
                    continue;
                }
                Piece::Else(ws) => {
                    let Some(Open::If(If { otherwise: otherwise @ None, .. })) = open.last_mut() else { return None };
                    *otherwise = Some((ws, Vec::new()));
                    continue;
                }
                Piece::EndIf(end) => {
                    let Some(Open::If(block)) = open.pop() else { return None };
                    Node::If(block, end)
                }
                Piece::For(ws, forloop) => {
                    open.push(Open::For(ws, forloop));
                    continue;
                }
                Piece::EndFor(end) => {
                    let Some(Open::For(ws, forloop)) = open.pop() else { return None };
                    Node::Forloop(ws, forloop, end)
                }
            },
        };
        match open.last_mut() {
            Some(block) => block.body()?.push(node),
            None => root.push(node),
        }
    }
    open.is_empty().then_some(root)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    /// What Tera's own parser makes of `body`.
    fn tera_ast(body: &str) -> Option<Vec<Node>> {
        Template::new("t", None, body).ok().map(|t| t.ast)
    }

    fn assembled(body: &str) -> Option<Vec<Node>> {
        let (mut templates, _) = assemble(&[("t", body)]);
        templates.pop().map(|t| t.ast)
    }

    /// Every body here is assembled, into exactly the tree Tera builds.
    #[test]
    fn same_tree_as_tera() {
        let bodies = [
            "plain text only",
            "{{ school.name }}",
            "Ask {{ role(name=\"dsl\") }} first.\n\n{{ role(name=\"dsl\") }} again",
            "a {# note #} b",
            "{% if \"primary\" in school.phases %}\nPrimary.\n{% else %}\nOther.\n{% endif %}\nAfter.",
            "{% if a %}A{% elif b %}B{% elif c %}C{% else %}D{% endif %}",
            "{% if a %}{% if b %}AB{% endif %}{% endif %}",
            "x\n{% if school.country == \"wales\" -%}\n  Wales.\n{%- elif school.country == \"scotland\" -%}\n  Scotland.\n{%- else -%}\n  Else.\n{%- endif %}\ny",
            "list:\n{%- if \"deputy-dsl\" in roles %}\n| a | b |\n{%- endif %}\n",
            "  {{- a -}}  \n {{ b }}",
            "{% for person in people(role=\"dsl\") %}\n- {{ person.name }}{% if loop.last %}.{% endif %}\n{% endfor %}",
            "{% for k, v in school.contact %}{{ k }}{% if k == 'x' %}{% break %}{% endif %}{% continue %}{% endfor %}",
            "{% set who = role(name=\"dsl\") %}Ask {{ who }}.",
            "{% set_global n = 1 + 2 * 3 %}{{ n | round }}",
            "{% include \"partial.html\" %} after",
            "{%- if a -%}   {%- endif -%}",
            "{{ a }}{#- trims -#}  b",
            "{% if a %}{% else %}{% endif %}",
            "text {% if a -%} {{ b }} {%- endif %} text",
            "{{ \"}\" ~ 'x' }} and {{ [1, 2] | length }}",
            // Outside a block, `super()` is a call like any other, to Tera as here.
            "{{ super() }}",
        ];
        for body in bodies {
            let expected = tera_ast(body).unwrap_or_else(|| panic!("Tera refused {body:?}"));
            assert_eq!(assembled(body).as_ref(), Some(&expected), "body {body:?}");
        }
    }

    /// Bodies Tera must parse whole: the kinds of tags not assembled here, mistakes, and a
    /// leading comment (which Tera's grammar drops).
    #[test]
    fn left_for_tera() {
        let bodies = [
            "{% extends \"shared/x.md\" %}{% block a %}x{% endblock a %}",
            "{% raw %}{{ not a tag }}{% endraw %}",
            "{% macro m() %}x{% endmacro m %}",
            "{% filter upper %}x{% endfilter %}",
            "{% for a in b %}x{% else %}none{% endfor %}",
            "{% break %}",
            "{% if a %}never closed",
            "{% endif %}",
            "{% if a %}{% endfor %}",
            "{{ unclosed",
            "{{ \"a}}b\" }}",
            "{{ role(name=) }}",
            "{# first #} then text",
            "{% if a %}{% else %}{% elif b %}{% endif %}",
            "{% if a %}{% else %}{% else %}{% endif %}",
        ];
        for body in bodies {
            let (templates, left) = assemble(&[("t", body)]);
            assert!(templates.is_empty(), "{body:?} was assembled");
            assert_eq!(left, vec![("t", body)]);
        }
    }

    /// The example project's own bodies: each with only the common tags is assembled into
    /// the same tree Tera builds; the two with a block are left for Tera.
    #[test]
    fn example_bodies_match_tera() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let (mut assembled_count, mut left_count) = (0, 0);
        for entry in walkdir::WalkDir::new(root.join("content")).into_iter().chain(walkdir::WalkDir::new(root.join("schools"))) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "md") {
                continue;
            }
            let file = std::fs::read_to_string(entry.path()).unwrap();
            // The body, after the front matter.
            let text = file.strip_prefix("---\n").and_then(|f| f.split_once("\n---\n")).map_or(file.as_str(), |(_, body)| body);
            let expected = tera_ast(text).unwrap_or_else(|| panic!("Tera refused {}", entry.path().display()));
            match assembled(text) {
                Some(ast) => {
                    assert_eq!(ast, expected, "{}", entry.path().display());
                    assembled_count += usize::from(text.contains('{'));
                }
                None => {
                    assert!(text.contains("{% block") || text.contains("{% extends"), "{} was not assembled", entry.path().display());
                    left_count += 1;
                }
            }
        }
        assert!(assembled_count >= 20, "only {assembled_count} templated bodies were assembled");
        assert_eq!(left_count, 2);
    }
}
