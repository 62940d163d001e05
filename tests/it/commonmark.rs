//! Every page says exactly what its Markdown says: each example of the CommonMark 0.31.2
//! specification (`tests/corpus/commonmark/spec.txt`, CC-BY-SA 4.0, see the README there)
//! is published as a page of its own, through the whole pipeline (templates, link
//! rewriting, heading ids, the content mark, minifying), and what the page's content
//! region holds is compared, as a parsed element tree, with pulldown-cmark's own output
//! for the same Markdown and options. Only the changes the product makes on purpose
//! (docs/configuration.md, "What a page's Markdown becomes") are undone before comparing:
//! heading ids, site links made relative, the scrolling box around a table, and
//! whitespace between blocks. Examples the rules refuse (links to pages that do not exist,
//! pictures from other sites) are asserted to be refused, for those reasons only.

use std::collections::BTreeMap;
use std::path::Path;

use pulldown_cmark::{Options, Parser};
use scraper::{ElementRef, Html, Node, Selector};
use serde_json::Value;

use crate::common::Project;

/// One example of the specification.
struct Example {
    number: usize,
    markdown: String,
}

/// The examples, read as the specification's own test runner reads them.
fn examples() -> Vec<Example> {
    let spec = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/commonmark/spec.txt"))
        .expect("read the CommonMark specification");
    let fence = "`".repeat(32);
    let start = format!("{fence} example");
    let mut examples = Vec::new();
    let mut lines = spec.lines();
    while let Some(line) = lines.next() {
        if line != start {
            continue;
        }
        let mut markdown = String::new();
        for line in lines.by_ref() {
            if line == "." {
                break;
            }
            markdown.push_str(line);
            markdown.push('\n');
        }
        for line in lines.by_ref() {
            if line == fence {
                break;
            }
        }
        examples.push(Example { number: examples.len() + 1, markdown: markdown.replace('→', "\t") });
    }
    examples
}

/// The options the pipeline renders Markdown with (src/render/markdown.rs).
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

fn slug(number: usize) -> String {
    format!("cm-{number:03}")
}

fn page_file(number: usize) -> String {
    format!("content/pages/{}.md", slug(number))
}

/// Template syntax (`{{`, `{%`, `{#`) makes a page's body a template, as documented: such
/// examples test Tera, not the Markdown pipeline.
fn is_template(markdown: &str) -> bool {
    ["{{", "{%", "{#"].iter().any(|marker| markdown.contains(marker))
}

/// An element tree as text, with the documented changes undone: no heading ids, no
/// href on a link to this site (made relative on purpose), the table's scrolling box
/// unwrapped, whitespace between blocks dropped and runs of it made one space.
fn tree(element: ElementRef<'_>, out: &mut String) {
    let inside_pre = matches!(element.value().name(), "code" | "pre");
    // Text runs on across comments, which minifying takes out.
    let mut text = String::new();
    let flush = |text: &mut String, out: &mut String| {
        let run = if inside_pre { std::mem::take(text) } else { std::mem::take(text).split_whitespace().collect::<Vec<_>>().join(" ") };
        if !run.is_empty() {
            out.push_str(&run);
            out.push('|');
        }
    };
    for child in element.children() {
        match child.value() {
            Node::Text(run) => text.push_str(run),
            Node::Element(value) => {
                flush(&mut text, out);
                let Some(child) = ElementRef::wrap(child) else { continue };
                if value.name() == "div" && value.attr("class") == Some("table-scroll") {
                    tree(child, out);
                    continue;
                }
                let heading = matches!(value.name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
                let mut attrs: BTreeMap<&str, &str> = value.attrs().collect();
                if heading {
                    attrs.remove("id");
                }
                if let Some(href) = attrs.get("href")
                    && !href.contains(':')
                {
                    attrs.insert("href", "(site)");
                }
                out.push_str(&format!("<{} {attrs:?}>", value.name()));
                tree(child, out);
                out.push_str(&format!("</{}>", value.name()));
            }
            _ => {}
        }
    }
    flush(&mut text, out);
}

/// pulldown-cmark's HTML for `markdown`, with the documented repair of raw HTML left
/// open or closed twice (docs/rules.md, `raw-html`).
fn expected_tree(markdown: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(markdown, options()));
    let html = policypress::text::html::balanced(&html).into_owned();
    let fragment = Html::parse_fragment(&html);
    let mut out = String::new();
    tree(fragment.root_element(), &mut out);
    out
}

fn published_tree(page: &str) -> Option<String> {
    let document = Html::parse_document(page);
    let content = Selector::parse("div.content").ok()?;
    let region = document.select(&content).next()?;
    let mut out = String::new();
    tree(region, &mut out);
    Some(out)
}

/// Rules that may refuse a specification example, and why each is right to.
const RIGHTFUL_REFUSALS: [&str; 6] = [
    "broken-link",       // a link to a page of this site that does not exist ("/url", "foo")
    "external-resource", // a picture loaded from another site ("![foo](http://...)")
    "missing-alt",       // a picture with no alternative text ("![](/url)")
    "personal-email",    // an e-mail address that is not the school's ("<foo@bar.example.com>")
    "raw-html",          // HTML outside the allow-list ("<script>", "<bab>", "onclick=")
    "unfilled-placeholder",
];

#[test]
fn every_commonmark_example_is_published_as_pulldown_cmark_renders_it() {
    let examples = examples();
    assert!(examples.len() >= 650, "{} examples", examples.len());
    let project = Project::new();
    let pages: Vec<&Example> = examples.iter().filter(|e| !is_template(&e.markdown)).collect();
    for example in &pages {
        project.write(&page_file(example.number), format!("---\ntitle: Example {}\nkind: page\n---\n{}", example.number, example.markdown));
    }

    // The rules' verdict on every page: the refused pages, and why.
    let findings = project.json_findings(&["check"]);
    let mut refused: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for finding in &findings {
        let file = finding["file"].as_str().unwrap_or_default();
        if file.starts_with("content/pages/cm-") && finding["severity"] == "error" {
            refused.entry(file.to_owned()).or_default().push(finding["rule"].as_str().unwrap_or_default().to_owned());
        }
    }
    let wrongly: Vec<String> = refused
        .iter()
        .filter(|(_, rules)| rules.iter().any(|rule| !RIGHTFUL_REFUSALS.contains(&rule.as_str())))
        .map(|(file, rules)| format!("{file}: {rules:?}"))
        .collect();
    assert!(wrongly.is_empty(), "examples refused for a reason the specification does not give:\n{}", wrongly.join("\n"));
    let others: Vec<&Value> =
        findings.iter().filter(|f| !f["file"].as_str().unwrap_or_default().starts_with("content/pages/cm-")).collect();
    assert!(others.iter().all(|f| f["severity"] != "error"), "findings outside the examples: {others:#?}");

    // The rest are published; each must say what pulldown-cmark says.
    for example in &pages {
        if refused.contains_key(&page_file(example.number)) {
            project.remove(&page_file(example.number));
        }
    }
    project.run(&["build", "--quiet"]).success();
    let mut published = 0;
    let mut differences = Vec::new();
    for example in pages.iter().filter(|e| !refused.contains_key(&page_file(e.number))) {
        let path = project.abs(&format!("public/alpha/{}/index.html", slug(example.number)));
        let page = std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
        let expected = expected_tree(&example.markdown);
        match published_tree(&page) {
            Some(found) if found == expected => published += 1,
            found => differences.push(format!(
                "example {}:\n  markdown: {:?}\n  expected: {expected}\n  published: {}",
                example.number,
                example.markdown,
                found.unwrap_or_else(|| "(no content region)".into())
            )),
        }
    }
    eprintln!(
        "{} examples: {} template syntax (skipped), {} refused by the rules, {published} published the same, {} different",
        examples.len(),
        examples.len() - pages.len(),
        refused.len(),
        differences.len()
    );
    assert!(differences.is_empty(), "{} examples published differently:\n{}", differences.len(), differences.join("\n"));
}
