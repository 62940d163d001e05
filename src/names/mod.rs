//! Pupil-name matching: where a page names a pupil, and how.
//!
//! In: once per school, the roster's pupils, the staff names from school.yaml and the
//! school's `not_names:`; then, per page, a text (prose with markup removed, or an
//! identifier such as a file name, URL, slug or hashtag). Out: the [`NameHit`]s in that
//! text, in text order and never overlapping, each with byte offsets into the text as
//! given, its [`HitKind`], the first pupil it could be, and initials for logs.
//!
//! Speed: every name of every pupil, staff phrase and `not_names:` entry goes into one
//! Aho-Corasick automaton over a folded form of the text (see [`scan`]), so each page is
//! folded once and searched once, whatever the roster's size; per-pupil work only
//! happens where a name was actually found. Nothing here prints or logs.
//!
//! Choices a reader would otherwise have to guess:
//! - Comparison ignores case, accents and marks (Zoë = Zoe, Wiśniewski = Wisniewski),
//!   spells ł ø đ ð þ ß æ œ ı ħ ŧ as l o d d th ss ae oe i h t, ignores apostrophes
//!   (O'Neill = O’Neill = ONeill), and treats a hyphen or space inside a name as optional
//!   (Adeyemi-Clarke = Adeyemi Clarke = AdeyemiClarke). A possessive `'s` ends a word, so
//!   "Thornbury's" is found.
//! - A multi-part surname is found whole, and also by its part after any leading particles
//!   ("Berg" for "van der Berg", "Hassan" for "Al-Hassan", "Cruz" for "de la Cruz"), and a
//!   double-barrelled one by each part ("Clarke" for "Adeyemi-Clarke"): people write those
//!   parts alone. A particle alone ("van") never matches.
//! - Words are runs of letters and digits. A change of script also ends a word (李明 in
//!   "李明さん" or "李明 won"), but a Han name inside a run of Han text ("李明在学校") is not
//!   found: without a dictionary, any Han character could start a name there.
//! - A single letter of a cased script is never a name (it is an initial), so "Amelia T."
//!   names no surname.
//! - Where one word is a forename of one pupil and a surname of another ("Grace"), alone
//!   it is reported as the surname: the stricter reading.
//! - A staff phrase found in the text ("Mrs Priya Raman", "Priya Raman", "Mrs Raman",
//!   "P. Raman") hides every name inside it, even a pupil's full name that happens to be
//!   the same; a staff entry of one word hides nothing, as it would hide every use.
//! - A name alone is spared when followed by a place or group word written with a
//!   capital ("Thornbury Road", "Green Class"; any case in identifiers), unless that word
//!   is itself a pupil's surname ("Amelia Green" names two pupils; so, for a pupil called
//!   Green, does "Thornbury Green": list the place under `not_names:`).
//! - A `not_names:` entry hides the names inside each place it appears, so a listed
//!   "Quinn" is never a surname alone, but "Jo Quinn" is still a full name.
//!
//! Known limits: a middle initial ("Amelia J. Thornbury") gives two hits, not one full
//! name; plurals ("the Thornburys") and names split across a line-end hyphen are not
//! found; in prose a full name whose surname is written in lower case after a capital
//! ("Amelia green") is not a full name, to spare ordinary words.

mod lists;
mod scan;
#[cfg(test)]
mod tests;
mod usage;
mod words;

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::project::roster::Pupil;
use scan::{Mode, Scan, Sep};
pub(crate) use usage::Why;
pub(crate) use words::Languages;

/// The comparison form of a name typed somewhere other than a page (a list of returned
/// forms): its words folded as the name rules fold them, so case, accents and apostrophes
/// do not count and a hyphen is a space ("O’Neill-Ware" gives `["oneill", "ware"]`).
#[must_use]
pub(crate) fn comparison_words(name: &str) -> Vec<String> {
    scan::name_words(name)
}

/// A name's letters and digits in comparison form, with nothing between them: a key to
/// sort a register by, that puts Łukasiewicz with the Ls and Zoë with Zoe.
pub(crate) fn comparison_key(name: &str) -> String {
    let mut folded = String::with_capacity(name.len());
    for c in name.chars() {
        scan::fold_char(c, &mut folded);
    }
    folded.retain(char::is_alphanumeric);
    folded
}

/// The names of one school, ready to search pages with. Build once, share across threads.
#[derive(Debug, Clone)]
pub(crate) struct NameIndex {
    /// `None` when there is nothing to look for (no pupils, staff or `not_names:`).
    automaton: Option<AhoCorasick>,
    patterns: Vec<Pattern>,
    languages: Languages,
}

/// What a school writes about itself, which names no pupil where it appears.
#[derive(Debug, Clone, Default)]
pub(crate) struct SchoolWords {
    /// The school's people as written in school.yaml ("Mrs Priya Raman").
    pub(crate) staff: Vec<String>,
    /// The school's name, short name, motto, address lines, contacts and role titles:
    /// "12 Mill Lane" is the school's address wherever it appears, so the words inside
    /// it are not names there (and only there).
    pub(crate) details: Vec<String>,
    /// `not_names:`: words and phrases the school says are never names.
    pub(crate) not_names: Vec<String>,
    /// The languages whose ordinary words the school's pages are written in.
    pub(crate) languages: Languages,
}

/// One place a name was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NameHit {
    /// Byte offsets into the text as given, covering the whole name (title or initials
    /// included for [`HitKind::SurnameWithInitialOrTitle`]); `&text[start..end] == matched`.
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) kind: HitKind,
    /// Index into the pupils the index was built from; the first such pupil when
    /// several share the name.
    pub(crate) pupil: usize,
    /// The text as written.
    pub(crate) matched: String,
    /// For a name that is also an ordinary word ("Grace", "Hill"), why this mention
    /// reads as a name; `None` for any other name.
    pub(crate) why: Option<Why>,
    /// "A. T." for "Amelia Thornbury", "T." for a surname alone: safe for logs. A letter
    /// without case (Han, kana, Hangul) would give the name away, so it shows as `*.`.
    pub(crate) initials: String,
}

/// How a pupil is named; ordered from most to least identifying.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum HitKind {
    /// A forename and a surname of the same pupil, side by side, in either order.
    FullName,
    /// A surname after an initial ("A. Thornbury") or a title ("Miss Thornbury").
    SurnameWithInitialOrTitle,
    SurnameAlone,
    /// Only matters where the page shows a photo.
    FirstNameAlone,
}

/// The automaton could not be built: only possible past aho-corasick's size limits,
/// far beyond any real roster.
#[derive(Debug)]
pub(crate) struct NameIndexError(aho_corasick::BuildError);

impl fmt::Display for NameIndexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the name index is too large to build: {}", self.0)
    }
}

impl std::error::Error for NameIndexError {}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    Forename,
    Surname,
}

/// What one pattern of the automaton stands for; a pattern may stand for several.
#[derive(Debug, Clone, Default)]
struct Pattern {
    /// (pupil, role), sorted, so the first pupil comes first.
    pupils: Vec<(usize, Role)>,
    /// A staff name or a school detail: hides the single names inside it, not a full name.
    detail: bool,
    /// A `not_names:` entry: hides every name inside it.
    not_name: bool,
    /// The pattern spans several words of text.
    spaced: bool,
    /// The pattern, written as one word, is an ordinary word ("grace", "hollywood").
    ordinary: bool,
}

/// Names longer than this many words only get their spaced and fully joined forms, not
/// every mix of the two (which doubles with each word).
const MAX_JOINED_WORDS: usize = 6;

/// A full name of more parts than this is not a name (and bounds the search).
const MAX_PARTS: usize = 8;

impl NameIndex {
    /// `staff`: full names of the school's people as written in school.yaml ("Mrs Priya
    /// Raman", "Dr Helen Marsh"); `not_names`: school.yaml words never to treat as names.
    ///
    /// # Panics
    /// Only if the automaton outgrows aho-corasick's limits (over two billion states),
    /// which the roster's size limit rules out; use [`NameIndex::try_new`] to handle it.
    #[must_use]
    #[cfg(test)]
    pub(crate) fn new(pupils: &[Pupil], staff: &[String], not_names: &[String]) -> NameIndex {
        let school = SchoolWords { staff: staff.to_vec(), not_names: not_names.to_vec(), ..SchoolWords::default() };
        match NameIndex::try_new(pupils, &school) {
            Ok(index) => index,
            Err(error) => panic!("{error}"),
        }
    }

    /// The names of `pupils`, to be found anywhere but in what `school` writes of itself.
    /// Fails only past aho-corasick's limits (practically impossible).
    pub(crate) fn try_new(pupils: &[Pupil], school: &SchoolWords) -> Result<NameIndex, NameIndexError> {
        let mut builder = IndexBuilder::default();
        for (i, pupil) in pupils.iter().enumerate() {
            for forename in &pupil.forenames {
                builder.add_forename(forename, i);
            }
            for surname in &pupil.surnames {
                builder.add_surname(surname, i);
            }
        }
        // A staff name or school detail hides only the pupils' names inside it: one with
        // none of their words would hide nothing, and would cost every page a search.
        let name_words: std::collections::HashSet<String> =
            pupils.iter().flat_map(|p| p.forenames.iter().chain(&p.surnames)).flat_map(|name| scan::name_words(name)).collect();
        let holds_a_name = |words: &[String]| words.iter().any(|word| name_words.contains(word));
        for person in school.staff.iter().filter(|person| holds_a_name(&scan::name_words(person))) {
            builder.add_staff(person);
        }
        for detail in school.details.iter().map(|detail| scan::name_words(detail)).filter(|words| holds_a_name(words)) {
            builder.add_variants(&detail, Owner::Detail);
        }
        for word in &school.not_names {
            let words = scan::name_words(word);
            builder.add_variants(&words, Owner::NotName);
        }
        builder.build(school.languages)
    }

    /// Text as a reader sees it (markup already removed by the caller; newlines may
    /// appear anywhere). A name alone counts only when written with a capital.
    #[must_use]
    pub(crate) fn find_in_prose(&self, text: &str) -> Vec<NameHit> {
        self.find(text, Mode::Prose, false)
    }

    /// As [`NameIndex::find_in_prose`], for words that stand beside a photo (alt text,
    /// a caption): a name that is also a word is a name here, whatever surrounds it.
    #[must_use]
    pub(crate) fn find_in_caption(&self, text: &str) -> Vec<NameHit> {
        self.find(text, Mode::Prose, true)
    }

    /// File names, folder names, URLs, slugs, hashtags, metadata keywords: case is
    /// ignored, `%XX` escapes are decoded, and any punctuation (`-`, `_`, `.`, `/`, `+`,
    /// `#`) or a camelCase hump separates words ("amelia-thornbury.jpg",
    /// "AmeliaThornbury", "thornbury_amelia", "#AmeliaThornbury").
    #[must_use]
    pub(crate) fn find_in_identifier(&self, text: &str) -> Vec<NameHit> {
        self.find(text, Mode::Identifier, false)
    }

    fn find(&self, text: &str, mode: Mode, caption: bool) -> Vec<NameHit> {
        let Some(automaton) = &self.automaton else { return Vec::new() };
        let scan = Scan::new(text, mode);
        if scan.words.is_empty() {
            return Vec::new();
        }
        let search = Search::new(self, automaton, &scan, text, mode, caption);
        let mut candidates = search.full_names();
        let named_in_full: Vec<usize> = candidates.iter().map(|c| c.pupil).collect();
        candidates.extend(search.single_names(&named_in_full));
        search.to_hits(candidates)
    }
}

#[derive(Debug, Clone, Copy)]
enum Owner {
    Pupil(usize, Role),
    Detail,
    NotName,
}

#[derive(Default)]
struct IndexBuilder {
    ids: HashMap<String, usize>,
    texts: Vec<String>,
    patterns: Vec<Pattern>,
}

impl IndexBuilder {
    fn add_forename(&mut self, name: &str, pupil: usize) {
        let words = scan::name_words(name);
        self.add_variants(&words, Owner::Pupil(pupil, Role::Forename));
        // "Mary-Jane" is also called Mary, or Jane.
        if words.len() > 1 {
            for word in &words {
                self.add_variants(std::slice::from_ref(word), Owner::Pupil(pupil, Role::Forename));
            }
        }
    }

    fn add_surname(&mut self, name: &str, pupil: usize) {
        let owner = Owner::Pupil(pupil, Role::Surname);
        let words = scan::name_words(name);
        self.add_variants(&words, owner);
        if words.len() < 2 {
            return;
        }
        let particles = words.iter().take(words.len() - 1).take_while(|w| lists::is_particle(w)).count();
        let core = &words[particles..];
        if particles > 0 {
            self.add_variants(core, owner);
        }
        if core.len() > 1 {
            for word in core.iter().filter(|w| !lists::is_particle(w)) {
                self.add_variants(std::slice::from_ref(word), owner);
            }
        }
    }

    /// The forms a staff member's name takes in writing, from "Mrs Priya Raman":
    /// as written, "Priya Raman", "Mrs Raman", "P Raman", "Mrs P Raman".
    fn add_staff(&mut self, name: &str) {
        let words = scan::name_words(name);
        let titled = words.len() > 1 && words.first().is_some_and(|w| lists::is_title(w));
        let (title, rest) = if titled { words.split_at(1) } else { words.split_at(0) };
        let mut phrases: Vec<Vec<String>> = vec![words.clone(), rest.to_vec()];
        if let [first, after @ ..] = rest
            && !after.is_empty()
        {
            let initial: String = first.chars().take(1).collect();
            phrases.push([std::slice::from_ref(&initial), after].concat());
            phrases.push([title, std::slice::from_ref(&initial), after].concat());
            phrases.push([title, after].concat());
            if let Some(last) = after.last() {
                phrases.push([title, std::slice::from_ref(last)].concat());
            }
        }
        for phrase in phrases {
            // One word alone would hide every use of it: not a staff name "as it appears".
            if phrase.len() > 1 {
                self.add_variants(&phrase, Owner::Detail);
            }
        }
    }

    /// Adds every way of writing `words` with a space (or hyphen) or nothing between
    /// neighbours: "van der berg", "vander berg", "van derberg", "vanderberg".
    fn add_variants(&mut self, words: &[String], owner: Owner) {
        if words.is_empty() || words.iter().any(String::is_empty) {
            return;
        }
        let gaps = words.len() - 1;
        let joins: Vec<u64> = if words.len() <= MAX_JOINED_WORDS { (0..1u64 << gaps).collect() } else { vec![0, (1u64 << gaps) - 1] };
        for join in joins {
            let mut text = String::new();
            for (i, word) in words.iter().enumerate() {
                if i > 0 && join & (1 << (i - 1)) == 0 {
                    text.push(' ');
                }
                text.push_str(word);
            }
            self.add_pattern(text, owner);
        }
    }

    fn add_pattern(&mut self, text: String, owner: Owner) {
        // A lone letter of a cased script is an initial, not a name.
        let mut chars = text.chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && c.is_lowercase()
            && matches!(owner, Owner::Pupil(..))
        {
            return;
        }
        let spaced = text.contains(' ');
        let id = match self.ids.get(&text) {
            Some(&id) => id,
            None => {
                let id = self.patterns.len();
                self.ids.insert(text.clone(), id);
                self.texts.push(text);
                self.patterns.push(Pattern { spaced, ..Pattern::default() });
                id
            }
        };
        let pattern = &mut self.patterns[id];
        match owner {
            Owner::Pupil(pupil, role) => pattern.pupils.push((pupil, role)),
            Owner::Detail => pattern.detail = true,
            Owner::NotName => pattern.not_name = true,
        }
    }

    fn build(mut self, languages: Languages) -> Result<NameIndex, NameIndexError> {
        for (pattern, text) in self.patterns.iter_mut().zip(&self.texts) {
            pattern.pupils.sort_unstable();
            pattern.pupils.dedup();
            pattern.ordinary = !pattern.pupils.is_empty() && !pattern.spaced && languages.is_word(text);
        }
        let automaton = if self.texts.is_empty() {
            None
        } else {
            // Standard semantics: the only kind that reports overlapping matches, which
            // the matcher needs ("adeyemi", "adeyemi clarke" and "clarke" all at once).
            Some(AhoCorasick::builder().match_kind(MatchKind::Standard).build(&self.texts).map_err(NameIndexError)?)
        };
        Ok(NameIndex { automaton, patterns: self.patterns, languages })
    }
}

/// A pupil pattern found at a span of the folded text.
#[derive(Debug, Clone, Copy)]
struct Occurrence {
    start: usize,
    end: usize,
    pattern: usize,
}

/// A hit before overlaps are settled, in folded-text offsets.
#[derive(Debug, Clone)]
struct Candidate {
    start: usize,
    end: usize,
    kind: HitKind,
    pupil: usize,
    /// The name parts within the span, for initials.
    parts: Vec<(usize, usize)>,
    why: Option<Why>,
}

/// Where a full name stands while it is being extended part by part.
#[derive(Debug, Clone, Copy)]
struct Chain {
    first: Role,
    current: Role,
    /// Forenames have given way to surnames or the other way round; once only.
    switched: bool,
    /// Some part is written with a capital...
    upper: bool,
    /// ...and some surname part is not: "Amelia green" is a girl and a colour.
    lower_surname: bool,
}

impl Chain {
    fn step(self, role: Role, sep: Sep, capitalised: bool, mode: Mode) -> Option<Chain> {
        let switching = role != self.current;
        if switching && self.switched {
            return None;
        }
        let sep_ok = match (mode, sep) {
            (_, Sep::Start) => false,
            (Mode::Identifier, _) | (Mode::Prose, Sep::Soft | Sep::Space | Sep::Hyphen) => true,
            // "Thornbury, Amelia" is a name; "Amelia, Thornbury" is a list.
            (Mode::Prose, Sep::Comma) => switching && self.first == Role::Surname,
            (Mode::Prose, Sep::Period | Sep::Possessive | Sep::Other) => false,
        };
        sep_ok.then_some(Chain {
            current: role,
            switched: self.switched || switching,
            upper: self.upper || capitalised,
            lower_surname: self.lower_surname || (role == Role::Surname && !capitalised),
            ..self
        })
    }
}

/// The state of one search of one text.
struct Search<'a> {
    index: &'a NameIndex,
    scan: &'a Scan,
    text: &'a str,
    mode: Mode,
    /// Words beside a photo: a name that is also a word is read as a name.
    caption: bool,
    /// Pupil patterns found, sorted by start then longest first.
    occurrences: Vec<Occurrence>,
    /// Folded-text spans of `not_names:` entries found: no name inside is one.
    not_names: Vec<(usize, usize)>,
    /// Folded-text spans of staff names and school details found: no single name inside
    /// is one, but a full name still is.
    details: Vec<(usize, usize)>,
}

impl<'a> Search<'a> {
    fn new(index: &'a NameIndex, automaton: &AhoCorasick, scan: &'a Scan, text: &'a str, mode: Mode, caption: bool) -> Search<'a> {
        let mut occurrences = Vec::new();
        let mut details = Vec::new();
        let mut not_names = Vec::new();
        for found in automaton.find_overlapping_iter(&scan.norm) {
            let (start, end) = (found.start(), found.end());
            let Some(pattern) = index.patterns.get(found.pattern().as_usize()) else { continue };
            let aligned = scan.word_starting_at(start).is_some() && scan.word_ending_at(end).is_some();
            if aligned && (pattern.detail || pattern.not_name) && Search::inner_seps_ok(scan, start, end, mode, true) {
                if pattern.detail {
                    details.push((start, end));
                }
                if pattern.not_name {
                    not_names.push((start, end));
                }
            }
            if !pattern.pupils.is_empty() && (!pattern.spaced || Search::inner_seps_ok(scan, start, end, mode, false)) {
                occurrences.push(Occurrence { start, end, pattern: found.pattern().as_usize() });
            }
        }
        occurrences.sort_unstable_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(a.pattern.cmp(&b.pattern)));
        Search { index, scan, text, mode, caption, occurrences, not_names, details }
    }

    /// Whether the separators between the words of a multi-word match are ones a name
    /// can have inside it: in prose a space or hyphen; in identifiers any. A staff name,
    /// a school detail or a `not_names:` entry (`staff`) may hold any: "Mrs. P. Raman",
    /// "12 Mill Lane, Ashcombe", "Short, practical guidance".
    fn inner_seps_ok(scan: &Scan, start: usize, end: usize, mode: Mode, staff: bool) -> bool {
        staff
            || (start + 1..end)
                .filter_map(|p| scan.word_starting_at(p))
                .all(|w| matches!((mode, scan.words[w].sep_before), (Mode::Identifier, _) | (_, Sep::Soft | Sep::Space | Sep::Hyphen)))
    }

    /// The occurrences that start at `pos`.
    fn occurrences_at(&self, pos: usize) -> &[Occurrence] {
        let from = self.occurrences.partition_point(|o| o.start < pos);
        let to = self.occurrences.partition_point(|o| o.start <= pos);
        &self.occurrences[from..to]
    }

    /// The roles `pupil` has for `pattern`.
    fn roles(&self, pattern: usize, pupil: usize) -> impl Iterator<Item = Role> + '_ {
        let pupils = self.index.patterns.get(pattern).map_or(&[][..], |p| &p.pupils[..]);
        let from = pupils.partition_point(|&(p, _)| p < pupil);
        pupils[from..].iter().take_while(move |&&(p, _)| p == pupil).map(|&(_, role)| role)
    }

    /// Where a name part ending at `end` may be followed by another: straight on inside
    /// the word (run-together names, camelCase) or after the separator to the next word.
    fn next_positions(&self, end: usize) -> impl Iterator<Item = (usize, Sep)> + '_ {
        let bytes = self.scan.norm.as_bytes();
        let joined = match bytes.get(end) {
            Some(b' ') | None => None,
            Some(_) => Some((end, Sep::Soft)),
        };
        let after_space = match bytes.get(end) {
            Some(b' ') if self.scan.word_ending_at(end).is_some() => {
                self.scan.word_starting_at(end + 1).map(|w| (end + 1, self.scan.words[w].sep_before))
            }
            _ => None,
        };
        joined.into_iter().chain(after_space)
    }

    fn capitalised(&self, start: usize, end: usize) -> bool {
        self.scan.capitalised(self.text, start, end)
    }

    fn inside_not_name(&self, start: usize, end: usize) -> bool {
        self.not_names.iter().any(|&(s, e)| s <= start && end <= e)
    }

    fn inside_detail(&self, start: usize, end: usize) -> bool {
        self.details.iter().any(|&(s, e)| s <= start && end <= e)
    }

    /// Whether a name run together ("hollywood" for Holly Wood) is one ordinary word:
    /// names are found run together where a text really runs them together (a hashtag,
    /// a handle, a file name), never inside a word of the language.
    fn inside_a_word(&self, start: usize, end: usize) -> bool {
        let (Some(first), Some(last)) = (self.scan.word_starting_at(start), self.scan.word_ending_at(end)) else { return false };
        first == last && self.index.languages.is_word(self.scan.word_text(first))
    }

    /// Forenames and surnames of one pupil side by side, longest first from each start.
    fn full_names(&self) -> Vec<Candidate> {
        let mut found = Vec::new();
        for first in &self.occurrences {
            if self.scan.word_starting_at(first.start).is_none() {
                continue;
            }
            // Most names stand alone; skip the per-pupil work unless a name follows.
            if !self.next_positions(first.end).any(|(pos, _)| !self.occurrences_at(pos).is_empty()) {
                continue;
            }
            let capitalised = self.capitalised(first.start, first.end);
            let mut best: Option<Candidate> = None;
            let mut parts = vec![(first.start, first.end)];
            for &(pupil, role) in &self.index.patterns[first.pattern].pupils {
                let lower_surname = role == Role::Surname && !capitalised;
                let chain = Chain { first: role, current: role, switched: false, upper: capitalised, lower_surname };
                self.extend(pupil, chain, &mut parts, &mut best);
            }
            if let Some(candidate) = best
                && !self.inside_not_name(candidate.start, candidate.end)
                && !self.inside_a_word(candidate.start, candidate.end)
            {
                found.push(candidate);
            }
        }
        found
    }

    fn extend(&self, pupil: usize, chain: Chain, parts: &mut Vec<(usize, usize)>, best: &mut Option<Candidate>) {
        let (Some(&(start, _)), Some(&(_, end))) = (parts.first(), parts.last()) else { return };
        // In prose "Amelia green" is a girl and a colour, while "amelia thornbury" (all
        // lower case, a handle) and "amelia Thornbury" are names.
        let casing_ok = self.mode == Mode::Identifier || !(chain.upper && chain.lower_surname);
        if chain.switched && casing_ok && self.scan.word_ending_at(end).is_some() && best.as_ref().is_none_or(|b| end > b.end) {
            *best = Some(Candidate { start, end, kind: HitKind::FullName, pupil, parts: parts.clone(), why: None });
        }
        if parts.len() >= MAX_PARTS {
            return;
        }
        for (pos, sep) in self.next_positions(end) {
            for next in self.occurrences_at(pos) {
                for role in self.roles(next.pattern, pupil) {
                    if let Some(chain) = chain.step(role, sep, self.capitalised(next.start, next.end), self.mode) {
                        parts.push((next.start, next.end));
                        self.extend(pupil, chain, parts, best);
                        parts.pop();
                    }
                }
            }
        }
    }

    /// Surnames and forenames standing alone, or after initials or a title.
    /// `named_in_full`: the pupils this text names in full, whose names that are also
    /// words are then read as names wherever the words could be either.
    fn single_names(&self, named_in_full: &[usize]) -> Vec<Candidate> {
        let mut found = Vec::new();
        for occurrence in &self.occurrences {
            let (Some(first_word), Some(last_word)) =
                (self.scan.word_starting_at(occurrence.start), self.scan.word_ending_at(occurrence.end))
            else {
                continue;
            };
            if self.mode == Mode::Prose && !self.capitalised(occurrence.start, occurrence.end) {
                continue;
            }
            if self.inside_not_name(occurrence.start, occurrence.end) || self.inside_detail(occurrence.start, occurrence.end) {
                continue;
            }
            let pattern = &self.index.patterns[occurrence.pattern];
            let pupils = &pattern.pupils;
            let surname_of = pupils.iter().find(|&&(_, role)| role == Role::Surname).map(|&(p, _)| p);
            let forename_of = pupils.iter().find(|&&(_, role)| role == Role::Forename).map(|&(p, _)| p);
            let (before, initials, titled) = self.look_behind(first_word);
            let mut parts: Vec<(usize, usize)> = initials;
            parts.push((occurrence.start, occurrence.end));
            let candidate = |start: usize, kind: HitKind, pupil: usize, parts: Vec<(usize, usize)>| Candidate {
                start,
                end: occurrence.end,
                kind,
                pupil,
                parts,
                why: None,
            };
            if let (Some(pupil), true) = (surname_of, titled) {
                // A title makes it a person whatever follows: "Mrs May", "Mr Hill".
                found.push(candidate(self.scan.words[before].norm_start, HitKind::SurnameWithInitialOrTitle, pupil, parts));
                continue;
            }
            if let (Some(pupil), Some(initial)) = (surname_of, self.initial_after(last_word)) {
                // A results list's "Green, W." or "Green W": a surname, then an initial.
                let (start, end) = (self.scan.words[initial].norm_start, self.scan.words[initial].norm_end);
                let parts = vec![(occurrence.start, occurrence.end), (start, end)];
                found.push(Candidate { end, ..candidate(occurrence.start, HitKind::SurnameWithInitialOrTitle, pupil, parts) });
                continue;
            }
            if self.plainly_not_a_pupil(occurrence, first_word, last_word) {
                continue;
            }
            if let (Some(pupil), true) = (surname_of, parts.len() > 1) {
                found.push(candidate(self.scan.words[before].norm_start, HitKind::SurnameWithInitialOrTitle, pupil, parts));
                continue;
            }
            let parts = vec![(occurrence.start, occurrence.end)];
            // A name that is also a word is a name only where it is used as one.
            let word = self.scan.norm.get(occurrence.start..occurrence.end).unwrap_or_default();
            let month = lists::is_month_or_season(word) || (self.index.languages.welsh && lists::is_welsh_month_or_day(word));
            let why = if (pattern.ordinary || month) && first_word == last_word {
                let named = pupils.iter().any(|(pupil, _)| named_in_full.contains(pupil));
                match self.reads_as_name(first_word, named) {
                    Some(why) => Some(why),
                    None => continue,
                }
            } else {
                None
            };
            if let Some(pupil) = surname_of {
                found.push(Candidate { why, ..candidate(occurrence.start, HitKind::SurnameAlone, pupil, parts) });
            } else if let Some(pupil) = forename_of {
                // "William Morris" is someone else; "Father Mark" and "Miss Holly" (as a
                // nursery's children call their teacher) are grown-ups.
                let grown_up = titled && self.scan.words[before].capitalised;
                if self.mode == Mode::Prose && (self.someone_elses_surname_follows(last_word) || grown_up) {
                    continue;
                }
                found.push(Candidate { why, ..candidate(occurrence.start, HitKind::FirstNameAlone, pupil, parts) });
            }
        }
        found
    }

    /// The word after `last` if it is an initial standing alone after a surname, as a list
    /// of results writes it: "Green, W.", "Green W," or "Green W" ending the text (not
    /// "Green, A day to remember").
    fn initial_after(&self, last: usize) -> Option<usize> {
        let words = &self.scan.words;
        let initial = words.get(last + 1)?;
        let sep_ok = match self.mode {
            Mode::Prose => matches!(initial.sep_before, Sep::Space | Sep::Comma) && initial.capitalised,
            Mode::Identifier => false,
        };
        let alone = words.get(last + 2).is_none_or(|after| !matches!(after.sep_before, Sep::Space | Sep::Soft) || after.opens_sentence);
        (sep_ok && initial.single_letter && !initial.opens_sentence && alone).then_some(last + 1)
    }

    /// Initials ("A.", "A. J.", "A") and a title ("Mrs", "Dr.") before word `first`:
    /// the first word of the whole, the initials' spans, and whether a title was found.
    fn look_behind(&self, first: usize) -> (usize, Vec<(usize, usize)>, bool) {
        let words = &self.scan.words;
        let sep_ok = |w: usize| match self.mode {
            Mode::Prose => matches!(words[w].sep_before, Sep::Space | Sep::Period),
            Mode::Identifier => words[w].sep_before != Sep::Start,
        };
        let mut before = first;
        while before > 0 && sep_ok(before) {
            let word = &words[before - 1];
            if !(word.single_letter && (self.mode == Mode::Identifier || word.capitalised)) {
                break;
            }
            before -= 1;
        }
        let initials = words[before..first].iter().map(|w| (w.norm_start, w.norm_end)).collect();
        let titled = before > 0 && sep_ok(before) && lists::is_title(self.scan.word_text(before - 1));
        if titled {
            before -= 1;
        }
        (before, initials, titled)
    }

    /// The exceptions for a name standing alone: a month or weekday, or followed by a
    /// place or group word.
    fn plainly_not_a_pupil(&self, occurrence: &Occurrence, first_word: usize, last_word: usize) -> bool {
        let welsh = self.index.languages.welsh;
        let name = self.scan.norm.get(occurrence.start..occurrence.end).unwrap_or_default();
        // A day of the week is never a pupil; a month may be (May, June): see `usage`.
        let month = lists::is_month(name) || (welsh && lists::is_welsh_month_or_day(name));
        if lists::is_day(name) && !month {
            return true;
        }
        // Welsh puts the place or group first: "Heol Thornbury", "Dosbarth Derw".
        if welsh
            && first_word > 0
            && self.scan.words[first_word].sep_before == Sep::Space
            && (self.mode == Mode::Identifier || self.scan.words[first_word - 1].capitalised)
            && lists::is_welsh_place_first(self.scan.word_text(first_word - 1))
        {
            return true;
        }
        let Some(next) = self.scan.words.get(last_word + 1) else { return false };
        // In prose a place is a proper noun: "Thornbury Road", "Green Class", but not
        // "Ivy green".
        let sep_ok = match self.mode {
            Mode::Prose => matches!(next.sep_before, Sep::Space | Sep::Hyphen | Sep::Soft) && next.capitalised,
            Mode::Identifier => true,
        };
        if !sep_ok || !lists::is_place_word(self.scan.word_text(last_word + 1)) {
            return false;
        }
        // "Amelia Green" or "Amelia Hill" names two pupils where Green or Hill is a
        // pupil's surname, not Amelia's house: the following word only excuses when
        // it is not itself a surname found here.
        !self.occurrences_at(next.norm_start).iter().any(|o| {
            self.scan.word_ending_at(o.end).is_some()
                && self.index.patterns[o.pattern].pupils.iter().any(|&(_, role)| role == Role::Surname)
        })
    }

    /// Settles overlaps (longest as written first, then earliest, then most
    /// identifying) and maps back to the original text.
    fn to_hits(&self, candidates: Vec<Candidate>) -> Vec<NameHit> {
        let mut spans: Vec<(usize, usize, Candidate)> = candidates
            .into_iter()
            .map(|c| {
                let (start, end) = self.scan.original_span(c.start, c.end);
                (start, end, c)
            })
            .collect();
        spans.sort_by(|a, b| {
            (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)).then(a.2.kind.cmp(&b.2.kind)).then(a.2.pupil.cmp(&b.2.pupil))
        });
        let mut taken: BTreeMap<usize, (usize, Candidate)> = BTreeMap::new();
        for (start, end, candidate) in spans {
            let clashes_before = taken.range(..end).next_back().is_some_and(|(_, (e, _))| *e > start);
            if !clashes_before && start < end {
                taken.insert(start, (end, candidate));
            }
        }
        taken
            .into_iter()
            .map(|(start, (end, candidate))| NameHit {
                start,
                end,
                kind: candidate.kind,
                pupil: candidate.pupil,
                why: candidate.why,
                matched: self.text.get(start..end).unwrap_or_default().to_string(),
                initials: self.initials(&candidate.parts),
            })
            .collect()
    }

    fn initials(&self, parts: &[(usize, usize)]) -> String {
        let letters: Vec<String> = parts
            .iter()
            .map(|&(start, _)| match self.scan.norm.get(start..).and_then(|rest| rest.chars().next()) {
                Some(c) if c.is_lowercase() || c.is_uppercase() => format!("{}.", c.to_uppercase()),
                _ => "*.".to_string(),
            })
            .collect();
        letters.join(" ")
    }
}
