//! The search index: built once per school when the site is built, and searched in the
//! reader's browser by the theme's `search.js`. No outside service sees what a parent
//! looks for.
//!
//! In: the school's rendered pages. Out: `search-index.js`, a script that sets
//! `window.policypressSearch` (a script rather than JSON, because a browser will not
//! fetch JSON from a site opened from disk). To stay small it holds, per page, only its
//! title, address and summary, and per word the pages that use it, as gaps between page
//! numbers.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::guard::html;

use super::RenderedPage;

/// Words too common to narrow a search.
const STOP_WORDS: [&str; 32] = [
    "and", "are", "but", "can", "for", "from", "has", "have", "her", "his", "its", "may", "not", "our", "out", "she", "that", "the",
    "their", "them", "they", "this", "was", "were", "what", "when", "who", "will", "with", "you", "your", "all",
];

#[derive(Serialize)]
struct Index<'a> {
    /// (title, address from the site root, summary).
    pages: Vec<(&'a str, &'a str, &'a str)>,
    /// Each word, with the numbers of the pages that use it as gaps: [3, 1, 4] is pages 3, 4, 8.
    words: BTreeMap<String, Vec<usize>>,
}

/// The index script for these pages (the ones made from sources; generated listings,
/// and pages repeated in a language they are not translated into, would only repeat them).
pub fn index_script(pages: &[RenderedPage]) -> String {
    let sourced: Vec<&RenderedPage> = pages.iter().filter(|p| p.source.is_some() && !p.fallback).collect();
    let mut words: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (number, page) in sourced.iter().enumerate() {
        let title = page.source.as_ref().map_or("", |s| s.front.title.as_str());
        let text = format!("{title} {}", html::visible_text(&page.content));
        let distinct: BTreeSet<String> = words_of(&text).collect();
        for word in distinct {
            let pages = words.entry(word).or_default();
            let previous: usize = pages.iter().sum();
            pages.push(if pages.is_empty() { number } else { number - previous });
        }
    }
    let pages = sourced
        .iter()
        .map(|page| {
            let front = page.source.as_ref().map(|s| &s.front);
            (front.map_or("", |f| f.title.as_str()), page.file.as_str(), front.and_then(|f| f.summary.as_deref()).unwrap_or(""))
        })
        .collect();
    let json = serde_json::to_string(&Index { pages, words }).unwrap_or_else(|_| "{}".to_owned());
    // `</` cannot end the script early when the text is JSON inside a script.
    format!("window.policypressSearch = {};\n", json.replace("</", "<\\/"))
}

/// Lower-case words of three letters or more, stop words left out.
fn words_of(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && !w.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lower_case_and_skip_the_commonest() {
        let words: Vec<String> = words_of("The Mobile phones, and YOUR child's Phone: 2025 e-safety").collect();
        assert_eq!(words, ["mobile", "phones", "child", "phone", "safety"]);
    }
}
