//! The word lists that tell an ordinary word from a name: "will", "grace", "hill" and
//! "lane" are words as well as names, "Amelia" and "Thornbury" are only names. A name that
//! is also a word is reported only where the page uses it as a name (see [`super::usage`]);
//! a name written run together is never found inside a word ("hollywood", "greenhouse").
//!
//! Embedded in the binary, in comparison form (lower case, accents removed):
//! - `words/english.txt`: the lower-case entries of SCOWL size 50, British spelling
//!   (Debian's `wbritish`), whose permissive licence is `words/SCOWL-LICENSE.txt`;
//! - `words/school-english.txt`: words of school life SCOWL lacks ("headteacher");
//! - `words/welsh.txt`: our own list of everyday Welsh words, names that are words among
//!   them (eira, haf, mai, celyn, seren), used for schools that publish in Welsh. The
//!   Welsh lists Debian carries (aspell-cy, FreeDict) are GPL, so none is copied here.

use std::cmp::Ordering;

const ENGLISH: &str = include_str!("words/english.txt");
const SCHOOL_ENGLISH: &str = include_str!("words/school-english.txt");
const WELSH: &str = include_str!("words/welsh.txt");

/// The languages whose words count as ordinary for one school.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Languages {
    /// The school publishes in Welsh (its language, or any page's).
    pub(crate) welsh: bool,
}

impl Languages {
    /// Whether `word`, in comparison form, is an ordinary word of these languages.
    pub(super) fn is_word(self, word: &str) -> bool {
        listed(ENGLISH, word) || listed(SCHOOL_ENGLISH, word) || (self.welsh && listed(WELSH, word))
    }
}

/// Whether `word` is a line of `list` (sorted, one word a line): a binary search of the
/// text as embedded, so nothing is built at start-up.
fn listed(list: &str, word: &str) -> bool {
    let bytes = list.as_bytes();
    let (mut low, mut high) = (0, bytes.len());
    while low < high {
        // The line holding the middle byte.
        let middle = low + (high - low) / 2;
        let start = bytes[..middle].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1).max(low);
        let end = bytes[middle..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| middle + i);
        match list[start..end].cmp(word) {
            Ordering::Equal => return true,
            Ordering::Less => low = end + 1,
            Ordering::Greater => high = start,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lists_are_in_comparison_form() {
        for list in [ENGLISH, SCHOOL_ENGLISH, WELSH] {
            for word in list.lines() {
                assert!(!word.is_empty() && word.chars().all(|c| c.is_ascii_lowercase()), "{word:?}");
            }
        }
    }

    #[test]
    fn every_listed_word_is_found_and_nothing_else() {
        for list in [ENGLISH, SCHOOL_ENGLISH, WELSH] {
            assert!(list.lines().collect::<Vec<_>>().windows(2).all(|w| w[0] < w[1]), "each list is sorted");
            for word in list.lines() {
                assert!(listed(list, word), "{word}");
                assert!(!listed(list, &format!("{word}q")) || list.lines().any(|w| w == format!("{word}q")), "{word}q");
            }
            assert!(!listed(list, "") && !listed(list, "zzzzzz") && !listed(list, "0"));
        }
    }

    #[test]
    fn names_that_are_words_are_words_and_names_that_are_not_are_not() {
        let english = Languages::default();
        for word in ["will", "may", "grace", "holly", "hill", "lane", "head", "headteacher", "greenhouse"] {
            assert!(english.is_word(word), "{word}");
        }
        for name in ["amelia", "thornbury", "eira", "haf", "celyn"] {
            assert!(!english.is_word(name), "{name}");
        }
        let welsh = Languages { welsh: true };
        for word in ["eira", "haf", "celyn", "seren", "dosbarth"] {
            assert!(welsh.is_word(word), "{word}");
        }
    }
}
