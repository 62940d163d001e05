//! A built page as the rules read it, scanned once: the ids it defines, the words a
//! reader meets (visible text, attributes such as alt, title and aria-label, and the text
//! of inline scripts and styles, which a style's `content:` shows on screen), and the
//! addresses it names (href, src, ...). The contact and name rules look at exactly this.
//!
//! One pass over each page, and only this much is kept, not the tags: every page of a
//! school is scanned before the rules run, and the tags of 1,000 pages would cost more
//! memory than the pages do.

use std::borrow::Cow;

use super::external_resource;
use crate::text::html::{self, Item};

/// One page, scanned.
pub(crate) struct PageScan<'a> {
    /// The `id` of every element, for links to `#anchors`.
    pub(crate) ids: Vec<Cow<'a, str>>,
    /// The visible text, then each prose attribute value; parts are separated by NUL,
    /// which no page text holds and no pattern crosses.
    prose: String,
    /// Each address attribute value (href, src, ...), NUL-separated.
    addresses: String,
    /// What the page loads from other sites: (what loads it, the URL).
    pub(crate) external_loads: Vec<(String, String)>,
}

/// Attributes that hold markup plumbing rather than words a reader meets.
const NOT_READ: [&str; 7] = ["class", "id", "rel", "lang", "tabindex", "role", "type"];
/// Attributes that hold an address: names in them are written as in file names and URLs.
const ADDRESSES: [&str; 8] = ["href", "src", "srcset", "poster", "action", "data", "cite", "background"];

impl<'a> PageScan<'a> {
    pub(crate) fn new(html: &'a str) -> PageScan<'a> {
        let mut scan = PageScan {
            ids: Vec::new(),
            prose: String::with_capacity(html.len() / 2),
            addresses: String::new(),
            external_loads: Vec::new(),
        };
        let mut attributes = String::new();
        html::scan(html, |item| match item {
            Item::Text(text) => html::push_read(&mut scan.prose, text),
            Item::EndTag(raw) => html::separate(&mut scan.prose, raw),
            Item::Raw(kind, text) => {
                if kind == "style" {
                    scan.external_loads.extend(external_resource::external_style_loads(text));
                }
                // A script's strings and a style's `content:` reach the reader too (and
                // anyone who views the source): read like an attribute, each on its own.
                attributes.push('\0');
                attributes.push_str(text);
            }
            Item::Tag(raw) => {
                let tag = html::parse_tag(raw);
                html::separate(&mut scan.prose, raw);
                scan.external_loads.extend(external_resource::external_loads(&tag));
                for (name, value) in tag.attrs {
                    if name == "id" {
                        scan.ids.push(value);
                    } else if value.is_empty() || NOT_READ.contains(&name.as_str()) {
                        continue;
                    } else if ADDRESSES.contains(&name.as_str()) {
                        scan.addresses.push_str(&value);
                        scan.addresses.push('\0');
                    } else {
                        attributes.push('\0');
                        attributes.push_str(&value);
                    }
                }
            }
        });
        scan.prose.push_str(&attributes);
        scan.prose.shrink_to_fit();
        scan.addresses.shrink_to_fit();
        scan
    }

    /// The visible text, then each prose attribute value.
    pub(crate) fn prose(&self) -> impl Iterator<Item = &str> {
        self.prose.split('\0')
    }

    /// Each address attribute value.
    pub(crate) fn addresses(&self) -> impl Iterator<Item = &str> {
        self.addresses.split_terminator('\0')
    }

    /// Everything a reader can find: prose, then addresses.
    pub(crate) fn readable_parts(&self) -> impl Iterator<Item = &str> {
        self.prose().chain(self.addresses())
    }
}
