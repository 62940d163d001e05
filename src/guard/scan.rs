//! A built page as the rules read it, scanned once: the ids it defines, and the text a
//! reader can find on it (the visible text and every attribute value such as alt,
//! title, href and aria-label). The contact and name rules look at exactly this.
//!
//! Only this much is kept, not the tags: every page of a school is scanned before the
//! rules run, and the tags of 1,000 pages would cost more memory than the pages do.

use std::borrow::Cow;

use super::html;

/// One page, scanned.
pub struct PageScan<'a> {
    /// The `id` of every element, for links to `#anchors`.
    pub ids: Vec<Cow<'a, str>>,
    /// The visible text, then each readable attribute value, separated by NUL, which no
    /// page text holds and no pattern crosses.
    readable: String,
}

/// Attributes that hold markup plumbing rather than words a reader meets.
const NOT_READ: [&str; 7] = ["class", "id", "rel", "lang", "tabindex", "role", "type"];

impl<'a> PageScan<'a> {
    pub fn new(html: &'a str) -> PageScan<'a> {
        let mut readable = html::visible_text(html);
        let mut ids = Vec::new();
        for tag in html::start_tags(html) {
            for (name, value) in tag.attrs {
                if name == "id" {
                    ids.push(value);
                } else if !value.is_empty() && !NOT_READ.contains(&name.as_str()) {
                    readable.push('\0');
                    readable.push_str(&value);
                }
            }
        }
        readable.shrink_to_fit();
        PageScan { ids, readable }
    }

    /// The visible text, then each readable attribute value.
    pub fn readable_parts(&self) -> impl Iterator<Item = &str> {
        self.readable.split('\0')
    }
}
