//! What `serve` adds to a page on its way to the browser, never to a page on disk: an
//! inline script that reloads the page when the site changes (server-sent events from
//! the same origin, nothing loaded from elsewhere), and, while the latest edit is
//! refused, an overlay listing its errors with file, line, column and rule.

use std::fmt::Write as _;

use crate::finding::Finding;

/// The path of the reload event stream.
pub(crate) const EVENTS: &str = "/__policypress/events";

/// `html` with the reload script, and the overlay if there are problems, before its
/// closing `</body>` (or at its end).
pub(crate) fn inject(html: &[u8], generation: u64, problems: &[Finding]) -> Vec<u8> {
    let mut extra = String::new();
    if !problems.is_empty() {
        extra.push_str(&overlay(problems));
    }
    extra.push_str(&script(generation));
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// A whole page holding only the overlay, for when there is no good page to show.
pub(crate) fn error_page(generation: u64, problems: &[Finding]) -> Vec<u8> {
    let page = "<!doctype html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>policypress: the project has errors</title></head>\
                <body><main><h1>The project has errors</h1><p>Nothing could be built yet; fix these and the page reloads.</p></main></body></html>\n";
    inject(page.as_bytes(), generation, problems)
}

fn script(generation: u64) -> String {
    format!(
        "<script>(function(){{var seen={generation};var events=new EventSource(\"{EVENTS}\");\
         events.addEventListener(\"generation\",function(e){{if(Number(e.data)!==seen){{events.close();location.reload();}}}});}})();</script>"
    )
}

fn overlay(problems: &[Finding]) -> String {
    let errors = problems.iter().filter(|f| f.is_error()).count();
    let mut html = String::from(
        "<div id=\"policypress-overlay\" role=\"alert\" style=\"position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;\
         z-index:2147483647;background:#fff5f5;color:#1a1a1a;border-top:4px solid #b00020;padding:1rem 1.5rem;\
         font:15px/1.45 system-ui,sans-serif;box-shadow:0 -2px 12px rgba(0,0,0,.25)\">",
    );
    let plural = if errors == 1 { "" } else { "s" };
    let _ = write!(
        html,
        "<p style=\"margin:0 0 .5rem;font-weight:bold\">policypress: {errors} error{plural}. The site cannot be published until \
         they are fixed; this is the latest version of the page that could be made, and it updates as you fix them.</p><ul style=\"margin:0;padding-left:1.2rem\">"
    );
    for finding in problems {
        let mut place = finding.file.clone();
        if let Some(line) = finding.line {
            let _ = write!(place, ":{line}");
            if let Some(column) = finding.column {
                let _ = write!(place, ":{column}");
            }
        }
        let _ = write!(
            html,
            "<li style=\"margin:.4rem 0\"><code>{}</code> <strong>{}[{}]</strong>: {}",
            crate::text::escape::html(&place),
            finding.severity,
            finding.rule,
            crate::text::escape::html(&finding.message)
        );
        if !finding.help.is_empty() {
            let _ = write!(html, "<br><span style=\"color:#444\">help: {}</span>", crate::text::escape::html(&finding.help));
        }
        html.push_str("</li>");
    }
    html.push_str(
        "</ul><button type=\"button\" onclick=\"this.parentNode.remove()\" style=\"margin-top:.5rem;font:inherit\">Hide</button></div>",
    );
    html
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|window| window.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_script_goes_before_the_closing_body_tag_and_the_overlay_only_with_problems() {
        let page = b"<html><body><p>Hi</p></body></html>";
        let clean = String::from_utf8(inject(page, 7, &[])).unwrap();
        assert!(clean.contains("var seen=7;"), "{clean}");
        assert!(clean.ends_with("</script></body></html>"), "{clean}");
        assert!(!clean.contains("policypress-overlay"));

        let finding = Finding::error("invalid-yaml", Path::new("schools/a/school.yaml"), Some(crate::finding::Span { line: 3, column: 5 }))
            .message("bad <indent>");
        let broken = String::from_utf8(inject(page, 8, &[finding])).unwrap();
        assert!(broken.contains("schools/a/school.yaml:3:5"), "{broken}");
        assert!(broken.contains("[invalid-yaml]"), "{broken}");
        assert!(broken.contains("bad &lt;indent&gt;"), "the message is escaped: {broken}");
    }
}
