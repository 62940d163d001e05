//! Text into comparable words: the one pass over a page that the matcher needs.
//!
//! In: a text and a [`Mode`]. Out: a [`Scan`], holding the text's words folded to their
//! comparison form and joined by single spaces (`norm`), a map from every byte of `norm`
//! back to the original bytes, and each word's separator and capitalisation. The folding
//! is the same for roster names and page text, so equal names compare equal byte for byte.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

/// How a text is split into words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
    /// Text as a reader sees it.
    Prose,
    /// File and folder names, URLs, slugs, hashtags, keywords: `%XX` escapes are decoded
    /// and camelCase humps split words too.
    Identifier,
}

/// What stands between a word and the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sep {
    /// The first word of the text.
    Start,
    /// Nothing: a camelCase hump, a change of script, or letters meeting digits. `norm`
    /// holds no space here, so a name written run together still matches as one.
    Soft,
    /// Whitespace only (any amount, newlines included).
    Space,
    /// One comma, with or without whitespace.
    Comma,
    /// One full stop, with or without whitespace (initials, titles, file extensions).
    Period,
    /// One hyphen, with or without whitespace.
    Hyphen,
    /// A possessive `'s`: "St Mary's Church".
    Possessive,
    /// Anything else (other punctuation, several marks, a possessive `'s`).
    Other,
}

#[derive(Debug, Clone)]
pub(super) struct Word {
    pub(super) norm_start: usize,
    pub(super) norm_end: usize,
    pub(super) sep_before: Sep,
    /// The first character as written is not lower case (so upper case, or a script
    /// without case, such as Han).
    pub(super) capitalised: bool,
    /// Exactly one letter of a cased script as written: a possible initial. (A single
    /// Han character is a whole name, not an initial.)
    pub(super) single_letter: bool,
    /// The word opens a sentence, a block (a heading, a list item, a table cell) or a
    /// line after a bullet, so its capital says nothing about it: after `. ! ? : ;`, a
    /// blank line, a paragraph separator (U+2029, which page text puts between blocks), or
    /// a section number opening one ("1.2 Will remind staff").
    pub(super) opens_sentence: bool,
    /// Only digits: a number, such as a section number or a house number.
    pub(super) digits: bool,
    /// The word opens a block (a heading, a list item, a table cell): the text's first
    /// word, or one after a paragraph separator or a blank line.
    pub(super) opens_block: bool,
}

#[derive(Debug, Default)]
pub(super) struct Scan {
    /// The words' comparison forms; a space between words that a hard separator parts.
    pub(super) norm: String,
    /// For every byte of `norm`, where the original character it came from starts...
    pub(super) orig_start: Vec<usize>,
    /// ...and ends. Both always fall on character boundaries of the original text.
    pub(super) orig_end: Vec<usize>,
    pub(super) words: Vec<Word>,
    /// For every byte position of `norm` (and one past the end): 1 + the index of the
    /// word starting there, or 0. Turns "does this match start on a word?" into a lookup.
    pub(super) word_starting: Vec<u32>,
    /// The same for words ending at a position.
    pub(super) word_ending: Vec<u32>,
}

/// One character of input and where it came from; a decoded `%XX` escape run yields
/// characters whose spans cover their escapes.
#[derive(Debug, Clone, Copy)]
struct Unit {
    ch: char,
    start: usize,
    end: usize,
}

impl Scan {
    pub(super) fn new(text: &str, mode: Mode) -> Scan {
        let units = match mode {
            Mode::Prose => text.char_indices().map(|(start, ch)| Unit { ch, start, end: start + ch.len_utf8() }).collect(),
            Mode::Identifier => identifier_units(text),
        };
        let mut builder = Builder::default();
        builder.scan.norm.reserve(text.len());
        builder.scan.orig_start.reserve(text.len());
        builder.scan.orig_end.reserve(text.len());
        let mut i = 0;
        while let Some(&unit) = units.get(i) {
            let c = unit.ch;
            if is_invisible(c) {
                // A soft hyphen or zero-width space is not seen by a reader, so it must
                // not split a name either: "Thorn\u{AD}bury" is Thornbury.
                i += 1;
                continue;
            }
            let next = units.get(i + 1).map(|u| u.ch);
            if builder.in_word && (is_word_char(c) || is_mark(c)) {
                // A combining mark belongs to the letter before it and never splits a word.
                let split = if builder.tag { Mode::Identifier } else { mode };
                if !is_mark(c) && builder.prev.is_some_and(|p| soft_boundary(p, c, next, split)) {
                    builder.end_word();
                    builder.begin_word(Sep::Soft);
                }
                builder.push(unit);
                i += 1;
                continue;
            }
            if is_word_char(c) && !is_mark(c) {
                // A hashtag or handle runs words together in prose too: "#WellDoneMayHill".
                let tag = builder.punct.ends_with(['#', '@']);
                let sep = builder.pending_sep();
                builder.begin_word(sep);
                builder.tag = tag;
                builder.push(unit);
                i += 1;
                continue;
            }
            if builder.in_word && is_apostrophe(c) && next.is_some_and(is_word_char) {
                let after = units.get(i + 2).map(|u| u.ch);
                let possessive = matches!(next, Some('s' | 'S')) && !after.is_some_and(is_word_char);
                if possessive {
                    // "Thornbury's" is the name Thornbury: the 's ends the word.
                    builder.end_word();
                    builder.punct.push('\'');
                    i += 2;
                } else {
                    // Apostrophes inside a word are dropped, so O'Neill = O’Neill = ONeill.
                    i += 1;
                }
                continue;
            }
            if builder.in_word {
                builder.end_word();
            }
            builder.gap_char(c);
            // Whitespace of any kind and amount is one space; only punctuation is kept.
            if !c.is_whitespace() && builder.punct.len() < 8 {
                builder.punct.push(c);
            }
            i += 1;
        }
        if builder.in_word {
            builder.end_word();
        }
        builder.finish()
    }

    /// The index of the word starting at `pos` of `norm`, if one does.
    pub(super) fn word_starting_at(&self, pos: usize) -> Option<usize> {
        self.word_starting.get(pos).and_then(|&w| (w as usize).checked_sub(1))
    }

    /// The index of the word ending at `pos` of `norm`, if one does.
    pub(super) fn word_ending_at(&self, pos: usize) -> Option<usize> {
        self.word_ending.get(pos).and_then(|&w| (w as usize).checked_sub(1))
    }

    /// The comparison form of word `w`.
    pub(super) fn word_text(&self, w: usize) -> &str {
        self.words.get(w).and_then(|word| self.norm.get(word.norm_start..word.norm_end)).unwrap_or("")
    }

    /// Whether a span of `norm` shows an upper-case (or caseless) letter where a word
    /// starts within it, as written: "van der Berg" is capitalised, "green" is not.
    pub(super) fn capitalised(&self, text: &str, start: usize, end: usize) -> bool {
        let first_as_written = self
            .orig_start
            .get(start)
            .and_then(|&o| text.get(o..))
            .and_then(|rest| rest.chars().next())
            .is_some_and(|c| !c.is_lowercase() && c != '%');
        first_as_written || (start + 1..end).filter_map(|p| self.word_starting_at(p)).any(|w| self.words[w].capitalised)
    }

    /// The original byte span of a `norm` span.
    pub(super) fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        let from = self.orig_start.get(start).copied().unwrap_or(0);
        let to = end.checked_sub(1).and_then(|last| self.orig_end.get(last)).copied().unwrap_or(from);
        (from, to.max(from))
    }
}

#[derive(Default)]
struct Builder {
    scan: Scan,
    in_word: bool,
    word_sep: Option<Sep>,
    /// Whether the word being built has written any comparison form yet; its leading
    /// space is only written then, so a word that folds to nothing leaves no trace.
    wrote: bool,
    word_start: usize,
    word_chars: usize,
    first: Option<char>,
    /// The last letter or digit of the word being built, for camelCase and script changes.
    prev: Option<char>,
    punct: String,
    /// The gap being read ends a sentence or a block (see [`Word::opens_sentence`]).
    gap_ends_sentence: bool,
    /// The gap being read has had a line break, so a bullet after it opens a line.
    gap_newline: bool,
    /// The gap being read ends a block (see [`Word::opens_block`]).
    gap_ends_block: bool,
    /// Every character of the word being built is a digit.
    word_digits: bool,
    /// The word being built is a hashtag or handle, split at its camelCase humps.
    tag: bool,
    folded: String,
}

impl Builder {
    fn pending_sep(&mut self) -> Sep {
        let sep = if self.scan.words.is_empty() {
            Sep::Start
        } else {
            match self.punct.as_str() {
                "" => Sep::Space,
                "," => Sep::Comma,
                "." => Sep::Period,
                "-" | "\u{2010}" | "\u{2011}" => Sep::Hyphen,
                "'" => Sep::Possessive,
                _ => Sep::Other,
            }
        };
        self.punct.clear();
        sep
    }

    /// Notes one character of the gap between words, for [`Word::opens_sentence`].
    fn gap_char(&mut self, c: char) {
        match c {
            '.' | '!' | '?' | ':' | ';' => self.gap_ends_sentence = true,
            '\u{2029}' => {
                self.gap_ends_sentence = true;
                self.gap_ends_block = true;
            }
            '\n' if self.gap_newline => {
                self.gap_ends_sentence = true;
                self.gap_ends_block = true;
            }
            '\n' => self.gap_newline = true,
            '-' | '*' | '\u{2022}' | '\u{b7}' | '\u{25aa}' | '\u{2013}' | '\u{2014}' | '>' | '#' | '|' if self.gap_newline => {
                self.gap_ends_sentence = true;
            }
            _ => {}
        }
    }

    fn begin_word(&mut self, sep: Sep) {
        self.word_digits = true;
        self.in_word = true;
        self.word_sep = Some(sep);
        self.wrote = false;
        self.word_start = self.scan.norm.len();
        self.word_chars = 0;
        self.first = None;
        self.prev = None;
    }

    fn push(&mut self, unit: Unit) {
        self.word_digits &= unit.ch.is_ascii_digit();
        if !is_mark(unit.ch) {
            self.word_chars += 1;
            self.prev = Some(unit.ch);
            if self.first.is_none() {
                self.first = Some(unit.ch);
            }
        }
        // One buffer for every character: folding is the hot loop of a page.
        let mut folded = std::mem::take(&mut self.folded);
        folded.clear();
        fold_char(unit.ch, &mut folded);
        if folded.is_empty() {
            self.folded = folded;
            return;
        }
        if !self.wrote {
            self.wrote = true;
            if !matches!(self.word_sep, Some(Sep::Start | Sep::Soft)) && !self.scan.norm.is_empty() {
                // The space stands for the whole separator, so it maps onto the gap.
                let gap_start = self.scan.orig_end.last().copied().unwrap_or(unit.start);
                self.scan.norm.push(' ');
                self.scan.orig_start.push(gap_start);
                self.scan.orig_end.push(unit.start);
            }
            self.word_start = self.scan.norm.len();
        }
        self.scan.norm.push_str(&folded);
        for _ in 0..folded.len() {
            self.scan.orig_start.push(unit.start);
            self.scan.orig_end.push(unit.end);
        }
        self.folded = folded;
    }

    fn end_word(&mut self) {
        self.in_word = false;
        self.prev = None;
        // A word whose characters all folded away is dropped.
        let (Some(sep_before), Some(first)) = (self.word_sep, self.first) else { return };
        if !self.wrote {
            return;
        }
        let single_letter = self.word_chars == 1 && (first.is_uppercase() || first.is_lowercase());
        // A section number or list letter that opens a sentence passes the opening on:
        // "1.2 Will remind staff", "a) Mark the register".
        let after_marker = self.scan.words.last().is_some_and(|w| w.opens_sentence && (w.digits || w.single_letter));
        let opens_sentence = sep_before == Sep::Start
            || (sep_before != Sep::Soft && (self.gap_ends_sentence || (after_marker && sep_before != Sep::Possessive)));
        let opens_block = sep_before == Sep::Start || (sep_before != Sep::Soft && self.gap_ends_block);
        self.gap_ends_sentence = false;
        self.gap_newline = false;
        self.gap_ends_block = false;
        self.scan.words.push(Word {
            norm_start: self.word_start,
            norm_end: self.scan.norm.len(),
            sep_before,
            capitalised: !first.is_lowercase(),
            single_letter,
            opens_sentence,
            digits: self.word_digits,
            opens_block,
        });
    }

    fn finish(mut self) -> Scan {
        let len = self.scan.norm.len() + 1;
        self.scan.word_starting = vec![0; len];
        self.scan.word_ending = vec![0; len];
        for (i, word) in self.scan.words.iter().enumerate() {
            let id = u32::try_from(i + 1).unwrap_or(u32::MAX);
            self.scan.word_starting[word.norm_start] = id;
            self.scan.word_ending[word.norm_end] = id;
        }
        self.scan
    }
}

/// A combining mark; ASCII never is, and most text is ASCII.
fn is_mark(c: char) -> bool {
    !c.is_ascii() && is_combining_mark(c)
}

/// Letters and digits make words; everything else separates them. U+02BC (ʼ) is a
/// letter to Unicode but an apostrophe to everyone typing "Oʼneill".
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_apostrophe(c)
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}' | '\u{2018}' | '`' | '\u{00B4}' | '\u{2032}')
}

/// A word boundary with no separator: where the script changes (李明Amelia, Year3), and
/// in identifiers where camelCase starts a new hump ("AmeliaThornbury", "XMLFile").
fn soft_boundary(prev: char, c: char, next: Option<char>, mode: Mode) -> bool {
    let script_changes =
        if prev.is_ascii() && c.is_ascii() { prev.is_ascii_digit() != c.is_ascii_digit() } else { script(prev) != script(c) };
    if script_changes {
        return true;
    }
    mode == Mode::Identifier
        && ((prev.is_lowercase() && c.is_uppercase()) || (prev.is_uppercase() && c.is_uppercase() && next.is_some_and(char::is_lowercase)))
}

/// A rough script class: enough to tell where a Han name ends and kana or Latin text
/// begins, without a script table. Scripts not named here are told apart by their
/// Unicode block.
fn script(c: char) -> u32 {
    let cp = c as u32;
    if c.is_numeric() {
        return 1;
    }
    match cp {
        0..=0x24F | 0x1E00..=0x1EFF | 0x2C60..=0x2C7F | 0xA720..=0xA7FF | 0xFF21..=0xFF5A => 2,
        0x370..=0x3FF | 0x1F00..=0x1FFF => 3,
        0x400..=0x52F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => 4,
        0x3040..=0x309F => 5,
        0x30A0..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => 6,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => 7,
        0x2E80..=0x2FDF | 0x3005..=0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF => 8,
        _ => 0x1000 + (cp >> 7),
    }
}

/// Appends the comparison form of `c`: compatibility-decomposed, marks dropped, lower
/// case, and letters that have no decomposition spelt the way people type them without
/// the keyboard for it (Łucja = Lucja, Søren = Soren, Strauß = Strauss).
pub(super) fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    // Hangul syllables decompose into jamo; keeping them whole keeps one character of
    // text as one character of comparison form.
    if ('\u{AC00}'..='\u{D7A3}').contains(&c) {
        out.push(c);
        return;
    }
    decompose_compatible(c, |d| {
        if is_combining_mark(d) {
            return;
        }
        for l in d.to_lowercase() {
            if is_combining_mark(l) {
                continue;
            }
            match l {
                'ł' => out.push('l'),
                'ø' => out.push('o'),
                'đ' | 'ð' => out.push('d'),
                'þ' => out.push_str("th"),
                'ß' => out.push_str("ss"),
                'æ' => out.push_str("ae"),
                'œ' => out.push_str("oe"),
                'ı' => out.push('i'),
                'ħ' => out.push('h'),
                'ŧ' => out.push('t'),
                // Final sigma is the same letter as sigma.
                'ς' => out.push('σ'),
                _ => out.push(l),
            }
        }
    });
}

/// The characters of an identifier, with `%XX` escapes decoded (`Zo%C3%AB` is Zoë,
/// `%20` a space); an escape run that is not UTF-8 stands as one separator.
fn identifier_units(text: &str) -> Vec<Unit> {
    let bytes = text.as_bytes();
    let mut units = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        if escape_at(bytes, i).is_some() {
            let run_start = i;
            let mut decoded = Vec::new();
            while let Some(b) = escape_at(bytes, i) {
                decoded.push(b);
                i += 3;
            }
            let mut pos = 0;
            for chunk in decoded.utf8_chunks() {
                for ch in chunk.valid().chars() {
                    let len = ch.len_utf8();
                    units.push(Unit { ch, start: run_start + pos * 3, end: run_start + (pos + len) * 3 });
                    pos += len;
                }
                let bad = chunk.invalid().len();
                if bad > 0 {
                    units.push(Unit { ch: '%', start: run_start + pos * 3, end: run_start + (pos + bad) * 3 });
                    pos += bad;
                }
            }
            continue;
        }
        // `i` is on a character boundary: escapes are ASCII.
        let Some(ch) = text.get(i..).and_then(|rest| rest.chars().next()) else { break };
        units.push(Unit { ch, start: i, end: i + ch.len_utf8() });
        i += ch.len_utf8();
    }
    units
}

fn escape_at(bytes: &[u8], i: usize) -> Option<u8> {
    if bytes.get(i) != Some(&b'%') {
        return None;
    }
    let hex = |b: Option<&u8>| b.and_then(|&b| (b as char).to_digit(16));
    let high = hex(bytes.get(i + 1))?;
    let low = hex(bytes.get(i + 2))?;
    u8::try_from(high * 16 + low).ok()
}

/// The comparison form of a name as written in the roster or school.yaml: its words,
/// each folded, with a hyphen or space between words dropped into the list structure.
/// Parts a soft boundary splits ("McDonald" never is in prose; a script change may be)
/// stay one word, as they would in text.
pub(super) fn name_words(name: &str) -> Vec<String> {
    let scan = Scan::new(name, Mode::Prose);
    let mut words: Vec<String> = Vec::new();
    for (i, word) in scan.words.iter().enumerate() {
        let text = scan.word_text(i);
        match (word.sep_before, words.last_mut()) {
            (Sep::Soft, Some(last)) => last.push_str(text),
            _ => words.push(text.to_string()),
        }
    }
    words
}
