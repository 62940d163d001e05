//! What a reader can find on a page: its visible text and every attribute value (alt,
//! title, href, aria-label, ...), as one searchable text with a label for each part.
//! The contact and name rules look at exactly this.

use super::html;

/// A run of page text: the visible text, or one attribute's value.
pub struct TextPart {
    pub text: String,
}

/// Visible text, then each attribute value, of `html`.
pub fn readable_parts(html: &str) -> Vec<TextPart> {
    let mut parts = vec![TextPart { text: html::visible_text(html) }];
    for tag in html::start_tags(html) {
        for (name, value) in tag.attrs {
            if !value.is_empty() && !matches!(name.as_str(), "class" | "id" | "rel" | "lang" | "tabindex" | "role" | "type") {
                parts.push(TextPart { text: value.into_owned() });
            }
        }
    }
    parts
}
