//! `hard-to-read`: a parent guidance page whose Flesch reading ease is below the school's
//! threshold (60 unless school.yaml says otherwise). Guidance is read on a phone, often in
//! a second language: long sentences and long words lose the readers it is for. The
//! finding names the longest sentences, so the author knows what to shorten.
//!
//! English pages only: the formula and its syllable count are English ones. A school that
//! publishes guidance in another language gets a note, once for each such language, that
//! its pages were not measured: a note, never a warning `--strict` would make an error.

use crate::finding::Finding;
use crate::project::config::Kind;

use super::Build;
use crate::text::html::{self, Item};

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "hard-to-read";

/// What a page's text scores.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Reading {
    pub(crate) ease: f64,
    pub(crate) words: usize,
    /// Sentences, longest (in words) first.
    pub(crate) longest: Vec<(usize, String)>,
}

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    let config = &build.school.config;
    let threshold = config.guidance.reading_ease;
    let mut findings = Vec::new();
    let mut unmeasured: Vec<&str> = Vec::new();
    // Each guidance page once, in the language it is written in.
    for page in build.checked_pages().filter(|p| !p.is_fallback()) {
        let Some(source) = page.source.as_ref().filter(|s| s.kind() == Kind::Guidance) else { continue };
        if !crate::language::same(&page.written_in, "en") {
            if !unmeasured.contains(&page.written_in.as_str()) {
                unmeasured.push(&page.written_in);
            }
            continue;
        }
        let Some(reading) = reading_of(page.content()) else { continue };
        if reading.ease >= threshold {
            continue;
        }
        let quoted: Vec<String> =
            reading.longest.iter().take(3).map(|(words, text)| format!("\"{}\" ({words} words)", clip(text))).collect();
        let anchor = reading.longest.first().map(|(_, text)| text.chars().take(40).collect::<String>()).unwrap_or_default();
        let span = source.find(&anchor).or(source.title_span);
        findings.push(
            Finding::warning(ID, &source.file, span)
                .message(format!("reading ease is {:.0}, below {threshold:.0}; the longest sentences: {}", reading.ease, quoted.join("; ")))
                .help("use shorter sentences (under 20 words) and everyday words; split a long sentence into two"),
        );
    }
    let line = build.school.config_line("languages");
    for lang in unmeasured {
        let name = crate::language::english_name(lang);
        findings.push(
            Finding::note(ID, &build.school.config_file, line)
                .message(format!(
                    "the guidance in {name} was not measured for reading ease: there is no measure for {name} here, only for English"
                ))
                .help(format!("ask a fluent {name} reader to check that the guidance is easy to read: short sentences, everyday words")),
        );
    }
    findings
}

/// Flesch reading ease of the text in `html`: 206.835 − 1.015 × words per sentence −
/// 84.6 × syllables per word. `None` for a page with no words.
pub(crate) fn reading_of(html: &str) -> Option<Reading> {
    let mut blocks = vec![String::new()];
    html::scan(html, |item| match item {
        Item::Text(text) => blocks.last_mut().into_iter().for_each(|b| b.push_str(&html::decode_entities(text))),
        // Headings, list items and table cells end a sentence even without a full stop.
        Item::Tag(_) | Item::EndTag(_) => blocks.push(String::new()),
        Item::Raw(..) => {}
    });
    let sentences: Vec<Vec<&str>> = blocks.iter().flat_map(|block| split_sentences(block)).filter(|s| !s.is_empty()).collect();
    let words: usize = sentences.iter().map(Vec::len).sum();
    if words == 0 {
        return None;
    }
    let syllables: usize = sentences.iter().flatten().map(|w| syllables(w)).sum();
    let ease = 206.835 - 1.015 * (words as f64 / sentences.len() as f64) - 84.6 * (syllables as f64 / words as f64);
    let mut longest: Vec<(usize, String)> = sentences.iter().map(|s| (s.len(), s.join(" "))).collect();
    longest.sort_by_key(|(words, _)| std::cmp::Reverse(*words));
    longest.truncate(3);
    Some(Reading { ease, words, longest })
}

/// The words of each sentence of a block of text, as written (punctuation kept, for
/// quoting). A sentence ends at `.`, `!` or `?` followed by a space or the end; numbers
/// and symbols are not words.
fn split_sentences(block: &str) -> Vec<Vec<&str>> {
    let mut sentences = vec![Vec::new()];
    for token in block.split_whitespace() {
        if token.chars().any(char::is_alphabetic) {
            sentences.last_mut().into_iter().for_each(|s| s.push(token));
        }
        if token.ends_with(['.', '!', '?']) || token.ends_with(".)") || token.ends_with(".\"") {
            sentences.push(Vec::new());
        }
    }
    sentences
}

/// English syllables, estimated: groups of vowels, less a silent final "e".
fn syllables(word: &str) -> usize {
    let lower = word.to_lowercase();
    let letters: Vec<char> = lower.chars().filter(char::is_ascii_alphabetic).collect();
    if letters.len() <= 3 {
        return 1;
    }
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut groups = 0;
    let mut previous = false;
    for &c in &letters {
        let now = vowel(c);
        if now && !previous {
            groups += 1;
        }
        previous = now;
    }
    let silent_e = lower.ends_with('e') && !lower.ends_with("le") && !lower.ends_with("ee");
    // A silent "e" before a suffix: safe-ty, safe-ly, state-ment, care-ful.
    let silent_before_suffix = ["ly", "ty", "ment", "ful", "ness", "less"].iter().any(|suffix| {
        let stem = lower.strip_suffix(suffix).and_then(|s| s.strip_suffix('e'));
        stem.and_then(|s| s.chars().last()).is_some_and(|c| c.is_ascii_alphabetic() && !vowel(c))
    });
    let silent = usize::from(silent_e) + usize::from(silent_before_suffix);
    let trimmed = if groups > silent { groups - silent } else { groups };
    trimmed.max(1)
}

fn clip(text: &str) -> String {
    if text.chars().count() <= 80 { text.to_owned() } else { format!("{}…", text.chars().take(77).collect::<String>()) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables_are_counted_as_an_english_reader_would() {
        let words = [
            ("cat", 1),
            ("phone", 1),
            ("table", 2),
            ("online", 2),
            ("safety", 2),
            ("safely", 2),
            ("careful", 2),
            ("internet", 3),
            ("responsibility", 6),
        ];
        for (word, expected) in words {
            assert_eq!(syllables(word), expected, "{word}");
        }
    }

    #[test]
    fn plain_guidance_reads_easily_and_dense_prose_does_not() {
        let plain = "<h2>Talk together</h2><p>Ask your child what they like to do online. Do it with them. Keep phones out of bedrooms at night.</p><ul><li>Set up parental controls</li><li>Agree screen times</li></ul>";
        let reading = reading_of(plain).unwrap();
        assert!(reading.ease > 70.0, "{reading:?}");
        let dense = "<p>Notwithstanding the aforementioned organisational considerations, parents and carers are respectfully encouraged to systematically familiarise themselves with the comprehensive documentation concerning technological responsibilities, institutional expectations and the contractual obligations that accompany participation in the educational community.</p>";
        let reading = reading_of(dense).unwrap();
        assert!(reading.ease < 30.0, "{reading:?}");
        assert_eq!(reading.longest[0].0, 35);
        assert!(reading.longest[0].1.starts_with("Notwithstanding the aforementioned"));
    }

    #[test]
    fn a_page_without_words_has_no_score() {
        assert_eq!(reading_of("<p>2025 – 12:00</p>"), None);
    }
}
