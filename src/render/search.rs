//! The search index: built once per school when the site is built, and searched in the
//! reader's browser by the theme's `search.js`. No outside service sees what a parent
//! looks for.
//!
//! In: the school's rendered pages. Out: `search-index.js`, a script that sets
//! `window.policypressSearch` (a script rather than JSON, because a browser will not
//! fetch JSON from a site opened from disk). To stay small it holds, per page, only its
//! title, address and summary, and per word the pages that use it, as gaps between page
//! numbers.

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use crate::text::html;

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
    words: BTreeMap<&'a str, Vec<usize>>,
}

/// The index script for these pages, the pages of one language (the ones made from
/// sources: generated listings would only repeat them). A page not yet translated is
/// found in its language's search too, by the words it is written in.
pub(crate) fn index_script(pages: &[&RenderedPage]) -> String {
    let sourced: Vec<&RenderedPage> = pages.iter().copied().filter(|p| p.source.is_some()).collect();
    // Each page's different words, a space between them: a fraction of its text, which
    // is let go as soon as they are found (megabytes, for a large site).
    let words_by_page: Vec<String> = sourced
        .par_iter()
        .map(|page| {
            let title = page.source.as_ref().map_or("", |s| s.front.title.as_str());
            let lower = format!("{title} {}", html::visible_text(page.content())).to_lowercase();
            // A reader may type a word without its accents ("caniatad", "ffon"): each accented
            // word is found by its plain letters too.
            let text = if lower.is_ascii() { lower } else { format!("{lower} {}", without_accents(&lower)) };
            distinct_words(&text).join(" ")
        })
        .collect();
    // Half a million words for a thousand policies: gathered as borrowed words under a
    // fast hash, sorted once at the end so the same site gives the same index.
    let mut numbers: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (number, distinct) in words_by_page.iter().enumerate() {
        for word in distinct.split(' ').filter(|word| !word.is_empty()) {
            numbers.entry(word).or_default().push(number);
        }
    }
    let words = numbers.into_iter().map(|(word, numbers)| (word, gaps(&numbers))).collect();
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

/// Ascending page numbers as gaps: [3, 4, 8] becomes [3, 1, 4].
fn gaps(numbers: &[usize]) -> Vec<usize> {
    let mut previous = 0;
    numbers
        .iter()
        .map(|&number| {
            let gap = number - previous;
            previous = number;
            gap
        })
        .collect()
}

/// The different words of lower-cased `text` that narrow a search, each once, in the
/// order first used. Each is judged once, not at every use; a word of under three bytes
/// is under three letters, so it is not even remembered.
/// `text` with the accents taken off its letters: "caniatâd" is "caniatad".
fn without_accents(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfd().filter(|c| !unicode_normalization::char::is_combining_mark(*c)).collect()
}

fn distinct_words(lower: &str) -> Vec<&str> {
    let mut seen = FxHashSet::default();
    words(lower).filter(|word| word.len() >= 3 && seen.insert(*word)).filter(|word| narrows(word)).collect()
}

/// The runs of letters and digits in `text`, in order: a byte at a time where the text
/// is ASCII, as nearly all of it is, and a character at a time elsewhere.
fn words(text: &str) -> impl Iterator<Item = &str> {
    // Whether the character at `at` is a letter or digit, and its length in bytes.
    let letter_at = move |at: usize| match *text.as_bytes().get(at)? {
        byte if byte.is_ascii() => Some((byte.is_ascii_alphanumeric(), 1)),
        _ => text[at..].chars().next().map(|c| (c.is_alphanumeric(), c.len_utf8())),
    };
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            let (letter, len) = letter_at(at)?;
            if letter {
                break;
            }
            at += len;
        }
        let start = at;
        while let Some((true, len)) = letter_at(at) {
            at += len;
        }
        Some(&text[start..at])
    })
}

/// Whether a word narrows a search: three letters or more, not all digits, not a stop
/// word.
fn narrows(word: &str) -> bool {
    word.chars().nth(2).is_some() && !word.chars().all(|c| c.is_ascii_digit()) && !STOP_WORDS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_are_kept_as_gaps_from_the_one_before() {
        assert_eq!(gaps(&[3, 4, 8]), [3, 1, 4]);
        assert_eq!(gaps(&[0, 1]), [0, 1]);
        assert_eq!(gaps(&[]), Vec::<usize>::new());
    }

    #[test]
    fn words_are_lower_case_and_skip_the_commonest() {
        let text = "The Mobile phones, and YOUR child's Phone: 2025 e-safety".to_lowercase();
        assert_eq!(distinct_words(&text), ["mobile", "phones", "child", "phone", "safety"]);
        assert_eq!(distinct_words("phones phone phone"), ["phones", "phone"]);
    }

    #[test]
    fn words_are_the_runs_of_letters_and_digits_in_any_script() {
        let text = "zoë's year-6 café: ŁÓDŹ, 東京 and 2026!";
        let expected: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        assert_eq!(words(text).collect::<Vec<_>>(), expected);
        assert_eq!(words("").count(), 0);
        assert_eq!(words(" — ").count(), 0);
    }
}
