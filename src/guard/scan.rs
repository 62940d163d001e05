//! A built page as the rules read it, scanned once: its start tags, and the text a reader
//! can find on it (the visible text and every attribute value such as alt, title, href
//! and aria-label). The contact and name rules look at exactly this.

use super::html::{self, Tag};

/// One page, scanned.
pub struct PageScan<'a> {
    pub tags: Vec<Tag<'a>>,
    pub visible_text: String,
}

/// Attributes that hold markup plumbing rather than words a reader meets.
const NOT_READ: [&str; 7] = ["class", "id", "rel", "lang", "tabindex", "role", "type"];

impl<'a> PageScan<'a> {
    pub fn new(html: &'a str) -> PageScan<'a> {
        PageScan { tags: html::start_tags(html), visible_text: html::visible_text(html) }
    }

    /// The visible text, then each readable attribute value.
    pub fn readable_parts(&self) -> impl Iterator<Item = &str> {
        let attributes =
            self.tags.iter().flat_map(|tag| &tag.attrs).filter(|(name, value)| !value.is_empty() && !NOT_READ.contains(&name.as_str()));
        std::iter::once(self.visible_text.as_str()).chain(attributes.map(|(_, value)| value.as_ref()))
    }
}
