//! The one HTML (and XML) escaper for text policypress writes into markup itself, outside
//! the theme's templates (which Tera escapes): the schools' landing page, the sitemap and
//! the live preview's notice. It escapes the quote too, so the same text is safe inside
//! an attribute.

/// `text` with `&`, `<`, `>` and `"` written as entities.
pub(crate) fn html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(super::html(r#"Tom & "Jerry" <b>"#), "Tom &amp; &quot;Jerry&quot; &lt;b&gt;");
    }
}
