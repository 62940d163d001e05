//! `unsafe-svg`: an SVG that runs scripts, handles events or loads anything from
//! elsewhere. An SVG is a document, not a picture; opened directly, it runs as a page
//! on the school's site.

use crate::finding::Finding;
use crate::text::html;

use super::Build;

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "unsafe-svg";

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for media in build.published_files() {
        if !media.published.ends_with(".svg") {
            continue;
        }
        let text = String::from_utf8_lossy(&media.bytes);
        for problem in problems(&text) {
            findings.push(
                Finding::error(ID, &media.source, None)
                    .message(format!("this SVG {problem}"))
                    .help("re-export it as a plain drawing (no scripts, links or embedded files), or save it as PNG"),
            );
        }
    }
    findings
}

/// Each thing wrong with an SVG, described for its author.
pub(crate) fn problems(svg: &str) -> Vec<String> {
    let mut found = Vec::new();
    for tag in html::start_tags(svg) {
        if matches!(tag.name.as_str(), "script" | "foreignobject" | "iframe" | "embed" | "object") {
            found.push(format!("contains a <{}> element", tag.name));
        }
        for (name, value) in &tag.attrs {
            let value = value.trim().to_ascii_lowercase();
            if name.starts_with("on") {
                found.push(format!("has an event handler ({name}) on <{}>", tag.name));
            } else if matches!(name.as_str(), "href" | "xlink:href" | "src") && !value.starts_with('#') && !value.starts_with("data:image/")
            {
                found.push(format!("refers to {value} from <{}>", tag.name));
            } else if value.contains("javascript:") || value.contains("url(http") || value.contains("url(//") {
                found.push(format!("loads {value} from <{}>", tag.name));
            }
        }
    }
    for css in html::style_blocks(svg) {
        let css = css.to_ascii_lowercase();
        if css.contains("@import") || css.contains("url(http") || css.contains("url(//") {
            found.push("loads a stylesheet resource from elsewhere".to_owned());
        }
    }
    found.sort();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::problems;

    #[test]
    fn plain_drawings_pass_and_active_content_fails() {
        assert!(problems(r##"<svg xmlns="http://www.w3.org/2000/svg"><circle r="4" fill="url(#g)"/><use href="#a"/></svg>"##).is_empty());
        assert_eq!(problems(r#"<svg><script>alert(1)</script></svg>"#), ["contains a <script> element"]);
        assert_eq!(problems(r#"<svg><rect onload="x()"/></svg>"#), ["has an event handler (onload) on <rect>"]);
        assert_eq!(
            problems(r#"<svg><image href="https://tracker.example/p.png"/></svg>"#),
            ["refers to https://tracker.example/p.png from <image>"]
        );
        assert_eq!(
            problems(r#"<svg><style>@import url(//x.example/a.css);</style></svg>"#),
            ["loads a stylesheet resource from elsewhere"]
        );
    }
}
