//! A built page as the rules read it, scanned once: the ids it defines, the words a
//! reader meets (visible text and attributes such as alt, title and aria-label), and the
//! addresses it names (href, src, ...). The contact and name rules look at exactly this.
//!
//! Only this much is kept, not the tags: every page of a school is scanned before the
//! rules run, and the tags of 1,000 pages would cost more memory than the pages do.

use std::borrow::Cow;

use super::html;

/// One page, scanned.
pub struct PageScan<'a> {
    /// The `id` of every element, for links to `#anchors`.
    pub ids: Vec<Cow<'a, str>>,
    /// The visible text, then each prose attribute value; parts are separated by NUL,
    /// which no page text holds and no pattern crosses.
    prose: String,
    /// Each address attribute value (href, src, ...), NUL-separated.
    addresses: String,
}

/// Attributes that hold markup plumbing rather than words a reader meets.
const NOT_READ: [&str; 7] = ["class", "id", "rel", "lang", "tabindex", "role", "type"];
/// Attributes that hold an address: names in them are written as in file names and URLs.
const ADDRESSES: [&str; 8] = ["href", "src", "srcset", "poster", "action", "data", "cite", "background"];

impl<'a> PageScan<'a> {
    pub fn new(html: &'a str) -> PageScan<'a> {
        let mut prose = html::visible_text(html);
        let mut addresses = String::new();
        let mut ids = Vec::new();
        for tag in html::start_tags(html) {
            for (name, value) in tag.attrs {
                if name == "id" {
                    ids.push(value);
                } else if value.is_empty() || NOT_READ.contains(&name.as_str()) {
                    continue;
                } else if ADDRESSES.contains(&name.as_str()) {
                    addresses.push_str(&value);
                    addresses.push('\0');
                } else {
                    prose.push('\0');
                    prose.push_str(&value);
                }
            }
        }
        prose.shrink_to_fit();
        addresses.shrink_to_fit();
        PageScan { ids, prose, addresses }
    }

    /// The visible text, then each prose attribute value.
    pub fn prose(&self) -> impl Iterator<Item = &str> {
        self.prose.split('\0')
    }

    /// Each address attribute value.
    pub fn addresses(&self) -> impl Iterator<Item = &str> {
        self.addresses.split_terminator('\0')
    }

    /// Everything a reader can find: prose, then addresses.
    pub fn readable_parts(&self) -> impl Iterator<Item = &str> {
        self.prose().chain(self.addresses())
    }
}
