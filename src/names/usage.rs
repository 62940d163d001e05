//! Whether a name that is also an ordinary word is used as a name where it stands.
//!
//! Pupils are called Will, May, Grace and Holly, and Hill, Green, Lane and Head; policies
//! say "Will remind pupils", "the Head", "Safer Internet Day" and "12 Mill Lane". Such a
//! name alone (no other name of the pupil, title or initial beside it) is judged from the
//! words around it, and reported only with evidence that it names someone:
//!
//! It is an ordinary word
//! - after a determiner: "the Head", "our Faith", "yr Haf";
//! - in a title-case phrase: beside a capitalised word that is no pupil's name ("Deputy
//!   Head", "Poppy Appeal", "Harry Potter club", "Mill Lane", "Young People"; a small word
//!   such as "of" may come between: "Head of School"). The word before counts only when it
//!   does not open the sentence, unless the phrase names a kind of thing (a day, an appeal,
//!   a club, a place, a role), so "Congratulations Grace" still names Grace;
//! - in a list of capitalised words one of which is an ordinary word and no pupil's name:
//!   "Faith, Hope and Love", "Respect, Grace and Courage";
//! - opening a sentence, a heading or a list item (where every word has a capital) and
//!   followed by a word in lower case ("Will remind staff", "Young people need", "Mark the
//!   register"), unless that word is a verb of someone doing something ("Grace scored",
//!   "Mark joined") or the same text names the pupil in full.
//!
//! It is a name (the [`Why`] says which evidence, for the help a school reads) when it is
//! written with a capital inside a sentence with none of the above, or opens a sentence as
//! someone doing something, or stands on its own ("Grace," "Holly's"), or beside a photo
//! (alt text, captions: the caller asks for that reading).

use super::Search;
use super::lists;
use super::scan::{Mode, Sep};

/// Why a name that is also an ordinary word was read as a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Why {
    /// Written with a capital inside a sentence, with nothing to make it a thing.
    CapitalInSentence,
    /// Opens a sentence as someone doing something: "Grace scored".
    DoingSomething,
    /// Stands alone where an ordinary word would not: "Grace," or "Holly's".
    StandsAlone,
    /// The same text names the pupil in full, so the word is read as the name.
    NamedInFull,
    /// Beside a photo (alt text, a caption), where a first name picks a child out.
    BesidePhoto,
    /// In a file name, address or tag, with no ordinary word around it to make it one.
    InFileName,
    /// Names a family: "the Hill family", "the Day twins".
    FamilyName,
}

impl Why {
    /// Why it was read as a name, to follow "it is also an ordinary word, but".
    #[must_use]
    pub(crate) fn explain(self) -> &'static str {
        match self {
            Why::CapitalInSentence => "it is written with a capital inside a sentence, as a name is",
            Why::DoingSomething => "it opens a sentence as someone doing something",
            Why::StandsAlone => "it stands on its own, as a name does (before a comma, a full stop or 's)",
            Why::NamedInFull => "the same text names this pupil in full",
            Why::BesidePhoto => "it describes a photo (alt text or a caption) as a name would",
            Why::InFileName => "it is in a file name, address or tag with nothing around it to make it a word",
            Why::FamilyName => "it names a family (\"the ... family\")",
        }
    }
}

impl Search<'_> {
    /// For the lone word `w`, a pupil's name that is also a word: `None` when the text
    /// uses it as a word, else why it reads as a name. `named_in_full`: the same text
    /// names this pupil in full.
    pub(super) fn reads_as_name(&self, w: usize, named_in_full: bool) -> Option<Why> {
        if self.mode == Mode::Identifier {
            return (!self.in_identifier_phrase(w) && !self.is_a_date(w)).then_some(Why::InFileName);
        }
        let words = &self.scan.words;
        let text = |i: usize| self.scan.word_text(i);
        let next_is = |test: &dyn Fn(usize) -> bool| words.get(w + 1).is_some_and(|next| next.sep_before == Sep::Space && test(w + 1));
        if self.is_a_date(w) {
            return None;
        }
        if w > 0 && words[w].sep_before == Sep::Space && !words[w].opens_sentence && lists::is_determiner(text(w - 1)) {
            // "the Hill family", "the Day twins": a family is named by its surname.
            return next_is(&|n| lists::is_family(text(n))).then_some(Why::FamilyName);
        }
        // A compound word ("Cross-curricular", "Day-to-day"), or a numbered thing ("Day 1",
        // "Mark 10:14").
        if words.get(w + 1).is_some_and(|next| next.sep_before == Sep::Hyphen && !next.capitalised) || next_is(&|n| words[n].digits) {
            return None;
        }
        if self.in_title_case_phrase(w) || self.in_list_of_words(w) {
            return None;
        }
        // "St Mark's Church", "Mary's Hall": a place named after someone.
        if words[w].sep_before == Sep::Possessive && w > 0 && words[w - 1].capitalised && lists::is_kind(text(w)) {
            return None;
        }
        if !words[w].opens_sentence {
            return Some(if self.caption { Why::BesidePhoto } else { Why::CapitalInSentence });
        }
        match words.get(w + 1) {
            Some(next) if next.sep_before == Sep::Space && !next.capitalised => {
                let following = self.scan.word_text(w + 1);
                if lists::is_doing(following) || self.and_someone(w + 1) {
                    Some(Why::DoingSomething)
                } else if self.caption && lists::is_beside_someone(following) {
                    // "Holly on the climbing frame", "Will painting": a photo of someone.
                    Some(Why::BesidePhoto)
                } else if named_in_full {
                    Some(Why::NamedInFull)
                } else {
                    None
                }
            }
            // A heading or table cell that is only a kind of thing: the column "Day" (not
            // "Player of the match: Park.").
            None if words[w].opens_block && lists::is_kind(self.scan.word_text(w)) && !self.caption => None,
            Some(next) if words[w].opens_block && next.opens_block && lists::is_kind(self.scan.word_text(w)) && !self.caption => None,
            _ => Some(if self.caption { Why::BesidePhoto } else { Why::StandsAlone }),
        }
    }

    /// Whether "and" at `at` joins the word before it to a person: "Will and Poppy",
    /// "Mark and his brother" (not "Art and design").
    fn and_someone(&self, at: usize) -> bool {
        let words = &self.scan.words;
        lists::is_and(self.scan.word_text(at))
            && words.get(at + 1).is_some_and(|after| {
                after.sep_before == Sep::Space
                    && ((after.capitalised && !after.opens_sentence) || lists::is_possessive(self.scan.word_text(at + 1)))
            })
    }

    /// Whether a month's name at `w` (May, June; Mai, Medi in Welsh) is the month: after a
    /// word of time or a number ("in May", "by May", "5th May", "ym mis Mai"), before a
    /// number or a part of the year ("May 2026", "May half term"), or after a month and
    /// "to" or "and" ("March to May").
    fn is_a_date(&self, w: usize) -> bool {
        let words = &self.scan.words;
        let text = |i: usize| self.scan.word_text(i);
        let welsh = self.index.languages.welsh;
        let is_month = |i: usize| lists::is_month_or_season(text(i)) || (welsh && lists::is_welsh_month_or_day(text(i)));
        if !is_month(w) {
            return false;
        }
        let joined = |later: usize| match self.mode {
            Mode::Prose => matches!(words[later].sep_before, Sep::Space | Sep::Comma),
            Mode::Identifier => words[later].sep_before != Sep::Start,
        };
        let before = w.checked_sub(1).filter(|_| joined(w));
        let after = Some(w + 1).filter(|&i| i < words.len() && joined(i));
        before.is_some_and(|b| {
            words[b].digits
                || text(b).starts_with(|c: char| c.is_ascii_digit())
                || lists::is_time_word(text(b))
                || (lists::is_and(text(b)) || text(b) == "to") && (b.saturating_sub(3)..b).any(is_month)
        }) || after.is_some_and(|a| text(a).starts_with(|c: char| c.is_ascii_digit()) || lists::is_time_word(text(a)))
            // A month heading a block, as a calendar does: "May: sports day", "**Mai:**".
            || (words[w].opens_block && words.get(w + 1).is_none_or(|next| next.sep_before == Sep::Other || next.opens_block))
    }

    /// In a file name, URL or tag ("safer-internet-day.png", "rose-garden", "#5-on-the-day"),
    /// where nothing has a capital: a word-name is a word after a determiner, beside a kind
    /// of thing, or as a kind of thing after an ordinary word ("sports-day", "school-field").
    fn in_identifier_phrase(&self, w: usize) -> bool {
        let words = &self.scan.words;
        let text = |i: usize| self.scan.word_text(i);
        let before = w.checked_sub(1).filter(|_| words[w].sep_before != Sep::Start);
        let after = Some(w + 1).filter(|&i| i < words.len());
        if before.is_some_and(|i| lists::is_determiner(text(i))) {
            return true;
        }
        let plain_kind = |i: usize| lists::is_kind(text(i)) && !self.is_name_part(i);
        if [before, after].into_iter().flatten().any(plain_kind) {
            return true;
        }
        // A picture named for what it shows: an ordinary word beside it, and a kind of
        // thing in the name ("holly-wreath-workshop", "church-harvest-service",
        // "stone-age-day"), not "well-done-grace".
        let ordinary = |i: usize| !self.is_name_part(i) && self.index.languages.is_word(text(i)) && !words[i].digits;
        let run = |i: usize| i < words.len() && words[i].sep_before != Sep::Start;
        let mut from = w;
        while from > 0 && run(from) {
            from -= 1;
        }
        let mut to = w;
        while run(to + 1) {
            to += 1;
        }
        [before, after].into_iter().flatten().any(ordinary) && (from..=to).any(|i| lists::is_kind(text(i)))
    }

    /// Whether word `w` is, on its own, some pupil's surname and no pupil's forename.
    fn only_a_surname(&self, w: usize) -> bool {
        let word = &self.scan.words[w];
        let mut roles = self
            .occurrences_at(word.norm_start)
            .iter()
            .filter(|o| o.end == word.norm_end)
            .flat_map(|o| self.index.patterns[o.pattern].pupils.iter().map(|&(_, role)| role))
            .peekable();
        roles.peek().is_some() && roles.all(|role| role == super::Role::Surname)
    }

    /// Whether word `w` is, on its own, some pupil's name (a forename or a surname).
    fn is_name_part(&self, w: usize) -> bool {
        let word = &self.scan.words[w];
        self.occurrences_at(word.norm_start).iter().any(|o| o.end == word.norm_end)
    }

    /// Whether a capitalised word that is no pupil's name follows word `w` in the same
    /// sentence ("William Morris", "Grace Darling"): then a forename at `w` is someone
    /// else's, not a pupil's, whose surname the roster would have.
    pub(super) fn someone_elses_surname_follows(&self, w: usize) -> bool {
        let Some(next) = self.scan.words.get(w + 1) else { return false };
        next.sep_before == Sep::Space
            && !next.opens_sentence
            && !next.single_letter
            && self.proper_word(w + 1)
            && !lists::is_kind(self.scan.word_text(w + 1))
    }

    /// A capitalised word that makes a phrase with its neighbour: not a pupil's name, a
    /// title or a determiner.
    fn proper_word(&self, w: usize) -> bool {
        let text = self.scan.word_text(w);
        // "May Day": a month is no pupil's name where it stands.
        self.scan.words[w].capitalised
            && !self.scan.words[w].digits
            && (!self.is_name_part(w) || lists::is_month_or_day(text))
            && !lists::is_title(text)
            && !lists::is_determiner(text)
    }

    /// The neighbour of `w` in a phrase, stepping over small words ("Head of School"):
    /// the nearest capitalised word joined by spaces or hyphens, if any.
    fn phrase_neighbour(&self, w: usize, forward: bool) -> Option<usize> {
        let words = &self.scan.words;
        let joined = |later: usize| {
            matches!(words[later].sep_before, Sep::Space | Sep::Hyphen | Sep::Possessive | Sep::Soft) && !words[later].opens_sentence
        };
        let mut at = w;
        for _ in 0..3 {
            let (next, later) = if forward { (at + 1, at + 1) } else { (at.checked_sub(1)?, at) };
            if next >= words.len() || !joined(later) {
                return None;
            }
            if words[next].capitalised {
                return Some(next);
            }
            if !lists::is_connector(self.scan.word_text(next)) {
                return None;
            }
            at = next;
        }
        None
    }

    fn in_title_case_phrase(&self, w: usize) -> bool {
        let words = &self.scan.words;
        let before = self.phrase_neighbour(w, false);
        let after = self.phrase_neighbour(w, true);
        // A lower-case kind straight after the phrase makes it one too: "Harry Potter club".
        let last = after.unwrap_or(w);
        let kind_after =
            words.get(last + 1).is_some_and(|next| next.sep_before == Sep::Space) && lists::is_kind(self.scan.word_text(last + 1));
        let kind = kind_after || [before, Some(w), after].into_iter().flatten().any(|i| lists::is_kind(self.scan.word_text(i)));
        // Two surnames and a kind of thing are a place or an event, not a person: "Church
        // Lane", "Field Day" (a forename and a surname, "Will Green", are a person).
        let surnames = |i: usize| kind && self.only_a_surname(i) && self.only_a_surname(w);
        let after_counts = after.is_some_and(|i| self.proper_word(i) || surnames(i));
        let before_counts = before.is_some_and(|i| (self.proper_word(i) || surnames(i)) && (kind || !words[i].opens_sentence));
        // "a Church school", "the Holly club": a word-name straight before a kind of
        // thing in lower case names that thing (not "Ivy green", where green is a name too).
        let kind_straight_after = after.is_none() && kind_after && !self.is_name_part(w + 1);
        after_counts || before_counts || kind_straight_after
    }

    /// Whether `w` is an item of a list of single capitalised words ("Faith, Hope and
    /// Love") of which another is an ordinary word and no pupil's name.
    fn in_list_of_words(&self, w: usize) -> bool {
        let words = &self.scan.words;
        let is_item = |i: usize| {
            let text = self.scan.word_text(i);
            !words[i].digits && (words[i].capitalised || !(lists::is_determiner(text) || lists::is_possessive(text)))
        };
        // "Faith, Hope and Love": a capitalised word that is no pupil's name is a word (a
        // month that is one counts as the name: "May, Rose and Ivy"); in a list with a
        // comma and an "and", so is a word in lower case ("Holly, ivy and laurel", not
        // "Rose and her" or "Hill, who joins us").
        let mut commas = false;
        let mut anded = false;
        let ordinary_item = |i: usize, commas: bool| {
            i != w
                && if words[i].capitalised { !self.is_name_part(i) } else { commas }
                && self.index.languages.is_word(self.scan.word_text(i))
        };
        let mut items = vec![w];
        // Walk each way over "X, " and "X and ": item, separator, item...
        for forward in [false, true] {
            let mut at = w;
            loop {
                let step = |i: usize| if forward { i.checked_add(1) } else { i.checked_sub(1) };
                let Some(next) = step(at).filter(|&i| i < words.len()) else { break };
                let gap = if forward { next } else { at };
                let item = if words[gap].sep_before == Sep::Comma {
                    commas = true;
                    next
                } else if words[gap].sep_before == Sep::Space && lists::is_and(self.scan.word_text(next)) && !words[next].capitalised {
                    anded = true;
                    let Some(after) = step(next).filter(|&i| i < words.len()) else { break };
                    if words[if forward { after } else { next }].sep_before != Sep::Space {
                        break;
                    }
                    after
                } else {
                    break;
                };
                if !is_item(item) {
                    break;
                }
                items.push(item);
                at = item;
            }
        }
        items.len() > 1 && items.iter().any(|&i| ordinary_item(i, commas && anded))
    }
}
