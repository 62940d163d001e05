//! Regression tests for each way a page once said something other than its Markdown:
//! an e-mail autolink made a link to a page, a comment closed at once swallowed a
//! paragraph, raw HTML left open moved the footer inside the content, a link written in
//! HTML escaped the link rule, and a script or embedded player was published.

use scraper::{Html, Selector};
use serde_json::Value;

use crate::common::Project;

const PAGE: &str = "content/pages/news.md";
const PUBLISHED: &str = "public/alpha/news/index.html";

fn page(body: &str) -> Project {
    let project = Project::new();
    project.write(PAGE, format!("---\ntitle: News\nkind: page\n---\n{body}"));
    project
}

fn select<'a>(document: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    document.select(&Selector::parse(css).expect("a selector")).collect()
}

fn rules(findings: &[Value]) -> Vec<&str> {
    findings.iter().map(|f| f["rule"].as_str().unwrap_or_default()).collect()
}

#[test]
fn an_email_autolink_to_the_school_is_a_mailto_link() {
    let project = page("Write to <office@alphafields.example>.\n");
    project.run(&["build", "--quiet"]).success();
    let document = Html::parse_document(&project.read(PUBLISHED));
    let links = select(&document, "div.content a");
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].value().attr("href"), Some("mailto:office@alphafields.example"));
    // Anyone else's address is still a personal e-mail.
    let project = page("Write to <coach@gmail.com>.\n");
    assert_eq!(rules(&project.json_findings(&["check"])), ["personal-email"]);
}

#[test]
fn a_comment_closed_at_once_loses_no_paragraph() {
    let project = page("Para one <!--> text.\n\nPara two <!-- note --> end.\n");
    project.run(&["build", "--quiet"]).success();
    let document = Html::parse_document(&project.read(PUBLISHED));
    let paragraphs: Vec<String> = select(&document, "div.content p").iter().map(|p| p.text().collect::<String>()).collect();
    let words: Vec<String> = paragraphs.iter().map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).collect();
    assert_eq!(words, ["Para one text.", "Para two end."]);
}

#[test]
fn raw_html_left_open_keeps_the_footer_outside_the_content() {
    let project = page("<div>\n\n    code\n\nAfter the code.\n");
    project.run(&["build", "--quiet"]).success();
    let document = Html::parse_document(&project.read(PUBLISHED));
    assert_eq!(select(&document, "main footer").len(), 0, "the footer moved into <main>");
    assert_eq!(select(&document, "body > footer, body footer").len(), 1);
    assert!(select(&document, "div.content pre code").iter().any(|c| c.text().collect::<String>() == "code\n"));
}

#[test]
fn a_link_written_in_html_is_checked_like_markdown() {
    let project = page("See <a href=\"/no-such-page/\">this page</a>.\n");
    let findings = project.json_findings(&["check"]);
    assert_eq!(rules(&findings), ["broken-link"], "{findings:#?}");
    assert_eq!(findings[0]["line"], 5);
    // A good one is rewritten to the page's file, as a Markdown link is.
    let project = page("See <a href=\"/policies/online-safety/\">the policy</a>.\n");
    project.run(&["build", "--quiet"]).success();
    let document = Html::parse_document(&project.read(PUBLISHED));
    let links = select(&document, "div.content a");
    assert_eq!(links[0].value().attr("href"), Some("../policies/online-safety/index.html"));
}

#[test]
fn a_script_or_an_embedded_player_is_refused_with_a_way_out() {
    for (body, element) in [
        ("<script>alert('hi')</script>\n", "<script>"),
        ("<iframe src=\"https://video.example/embed/1\"></iframe>\n", "<iframe>"),
        ("<p onclick=\"go()\">Click</p>\n", "onclick"),
    ] {
        let project = page(body);
        let findings = project.json_findings(&["check"]);
        let raw: Vec<&Value> = findings.iter().filter(|f| f["rule"] == "raw-html").collect();
        assert_eq!(raw.len(), 1, "{body}: {findings:#?}");
        assert!(raw[0]["message"].as_str().unwrap_or_default().contains(element), "{}", raw[0]["message"]);
        assert_eq!(raw[0]["file"], PAGE);
        project.command(&["build", "--quiet"]).assert().code(1);
    }
    let findings = page("<iframe src=\"https://video.example/embed/1\"></iframe>\n").json_findings(&["check"]);
    let help = findings.iter().find(|f| f["rule"] == "raw-html").map(|f| f["help"].as_str().unwrap_or_default().to_owned());
    assert!(help.unwrap_or_default().contains("link to the video"));
}

/// The rules read the page as it is published (minified): a note in a comment is not
/// published, so it is no finding; the space between two inline elements, which a
/// minifier could drop, is published and read.
#[test]
fn the_rules_judge_the_page_as_it_is_published() {
    let project = page("<span>Sports</span>\n<span>day</span>\n\n<!-- Amelia Thornbury's consent was withdrawn -->\n\nAll welcome.\n");
    assert_eq!(rules(&project.json_findings(&["check", "--strict"])), Vec::<&str>::new());
    project.run(&["build", "--quiet"]).success();
    let published = project.read(PUBLISHED);
    assert!(!published.contains("Thornbury"), "a comment was published");
    let document = Html::parse_document(&published);
    // Each piece of text in the content, the space between the two words included.
    let pieces: Vec<&str> = select(&document, "div.content").iter().flat_map(|c| c.text()).collect();
    assert_eq!(pieces.iter().map(|p| p.trim()).collect::<Vec<_>>(), ["Sports", "", "day", "All welcome."], "{pieces:?}");
}

/// Regression: a refused `<a onclick>` was placed at an earlier `<abbr>` (the search was
/// for `<a`); it is placed at its handler.
#[test]
fn a_refused_tag_is_placed_where_it_is_written() {
    let project =
        page("The <abbr title=\"Designated Safeguarding Lead\">DSL</abbr> is here.\n\nClick <a href=\"#top\" onclick=\"go()\">here</a>.\n");
    let findings = project.json_findings(&["check"]);
    let raw: Vec<&Value> = findings.iter().filter(|f| f["rule"] == "raw-html").collect();
    assert_eq!(raw.len(), 1, "{findings:#?}");
    assert_eq!((raw[0]["line"].as_u64(), raw[0]["column"].as_u64()), (Some(7), Some(22)), "{:#?}", raw[0]);
}
