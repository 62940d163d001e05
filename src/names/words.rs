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

use std::collections::HashSet;
use std::sync::LazyLock;

const ENGLISH: &str = include_str!("words/english.txt");
const SCHOOL_ENGLISH: &str = include_str!("words/school-english.txt");
const WELSH: &str = include_str!("words/welsh.txt");

static ENGLISH_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| ENGLISH.lines().chain(SCHOOL_ENGLISH.lines()).collect());
static WELSH_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| WELSH.lines().collect());

/// The languages whose words count as ordinary for one school.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Languages {
    /// The school publishes in Welsh (its language, or any page's).
    pub(crate) welsh: bool,
}

impl Languages {
    /// Whether `word`, in comparison form, is an ordinary word of these languages.
    pub(super) fn is_word(self, word: &str) -> bool {
        ENGLISH_WORDS.contains(word) || (self.welsh && WELSH_WORDS.contains(word))
    }
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
