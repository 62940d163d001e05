//! Year groups as schools and their systems write them, to the tier of agreement a pupil
//! signs.
//!
//! In: a year group as written, in school.yaml's `tiers:` or in a roster cell ("Year 3",
//! "Y3", "3", "R", "Rec", "Blwyddyn 3", "Derbyn"). Out: one key per year group, so that the
//! two sides are matched through the same function whichever way each is written.
//! Anything this module does not recognise ("Sixth Form", "P3", "Lower 6") is its own key,
//! compared without regard to case, spaces or punctuation: it is never guessed at.

use std::collections::BTreeMap;

use serde_saphyr::Spanned;

/// The words that say "year" before a number: English ("Year 3", "Yr 3", "Y3", and the
/// "NC Year" of an information system's export) and Welsh ("Blwyddyn 3", "Bl 3").
const YEAR_WORDS: [&str; 6] = ["year", "yr", "y", "ncyear", "blwyddyn", "bl"];

/// The key a year group is matched by: `year 3` for every way of writing Year 3,
/// `reception` for Reception (R, Rec, YR, Year R, FS2, Derbyn), `nursery` for Nursery
/// (N, N1, N2, FS1, Meithrin), and otherwise the words as written, lower case and spaced
/// by single spaces.
pub(crate) fn key(written: &str) -> String {
    let words = words(written);
    let parts: Vec<&str> = words.iter().map(String::as_str).collect();
    // "NC Year 3" reads as one prefix.
    let parts: Vec<&str> = match parts.as_slice() {
        ["nc", "year", rest @ ..] => std::iter::once("ncyear").chain(rest.iter().copied()).collect(),
        _ => parts,
    };
    let year = |number: &str| format!("year {}", number.trim_start_matches('0'));
    match parts.as_slice() {
        [n] if is_number(n) => year(n),
        [prefix, n] if YEAR_WORDS.contains(prefix) && is_number(n) => year(n),
        ["r" | "yr" | "rec" | "reception" | "derbyn"] | ["year" | "yr" | "y" | "ncyear", "r"] | ["fs", "2"] => "reception".to_owned(),
        ["n" | "nursery" | "meithrin"] | ["n" | "nursery" | "meithrin", "1" | "2"] | ["fs", "1"] => "nursery".to_owned(),
        _ => words.join(" "),
    }
}

/// The tier `tiers:` maps the year group `written` to, matched by [`key`].
pub(crate) fn tier_for<'a>(tiers: &'a BTreeMap<String, Spanned<String>>, written: &str) -> Option<&'a Spanned<String>> {
    let wanted = key(written);
    tiers.iter().find(|(year, _)| key(year) == wanted).map(|(_, tier)| tier)
}

/// Pairs of `tiers:` keys that are the same year group written two ways but mapped to
/// different tiers ("Year 3: ks2" and "Y3: ks1"): the later key of each pair, with the
/// earlier one it clashes with.
pub(crate) fn clashes(tiers: &BTreeMap<String, Spanned<String>>) -> Vec<(&str, &Spanned<String>, &str)> {
    let mut seen: Vec<(String, &str, &Spanned<String>)> = Vec::new();
    let mut clashes = Vec::new();
    for (year, tier) in tiers {
        let key = key(year);
        match seen.iter().find(|(k, _, _)| *k == key) {
            Some((_, first, first_tier)) if first_tier.value != tier.value => clashes.push((year.as_str(), tier, *first)),
            Some(_) => {}
            None => seen.push((key, year, tier)),
        }
    }
    clashes
}

/// A year group written with one slip ("Yaer 6", "Recption"), which would match no pupil:
/// the way it was meant, if it is that plain.
pub(crate) fn misspelt(written: &str) -> Option<String> {
    let words = words(written);
    let slip = |word: &str, meant: &str| word != meant && strsim::damerau_levenshtein(word, meant) == 1;
    match words.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        [word, n] if is_number(n) && slip(word, "year") => Some(format!("Year {n}")),
        [word] if slip(word, "reception") => Some("Reception".to_owned()),
        [word] if slip(word, "nursery") => Some("Nursery".to_owned()),
        _ => None,
    }
}

/// Whether `written` looks like a year group, so that a message may quote it: short, and
/// either one this module recognises, or holding a digit or a word year groups are made
/// of. A name that slipped into the year column (a row shifted by a stray separator) does
/// not, and is never quoted.
pub(crate) fn looks_like_one(written: &str) -> bool {
    const WORDS: [&str; 9] = ["year", "form", "sixth", "lower", "upper", "stage", "key", "ks", "group"];
    let words = words(written);
    written.chars().count() <= 24
        && (key(written).starts_with("year ")
            || ["reception", "nursery"].contains(&key(written).as_str())
            || written.chars().any(|c| c.is_ascii_digit())
            || words.iter().any(|w| WORDS.contains(&w.as_str())))
}

/// Lower-case runs of letters and of digits: "Yr3" gives `yr`, `3`; "Year-10" gives
/// `year`, `10`.
fn words(written: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut last_digit = None;
    for c in written.chars() {
        if !c.is_alphanumeric() {
            last_digit = None;
            continue;
        }
        let digit = c.is_ascii_digit();
        match words.last_mut() {
            Some(word) if last_digit == Some(digit) => word.extend(c.to_lowercase()),
            _ => words.push(c.to_lowercase().collect()),
        }
        last_digit = Some(digit);
    }
    words
}

fn is_number(word: &str) -> bool {
    !word.is_empty() && word.len() <= 2 && word.bytes().all(|b| b.is_ascii_digit()) && !word.trim_start_matches('0').is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_group_one_slip_away_is_said_as_meant() {
        assert_eq!(misspelt("Yaer 6").as_deref(), Some("Year 6"));
        assert_eq!(misspelt("Recption").as_deref(), Some("Reception"));
        for fine in ["Year 6", "Y6", "Sixth Form", "Reception", "Lower 6", "Yr 6"] {
            assert_eq!(misspelt(fine), None, "{fine}");
        }
    }

    #[test]
    fn every_way_of_writing_a_year_group_gives_one_key() {
        let table = [
            (
                "year 3",
                &["3", "03", "Y3", "y3", "Yr 3", "Yr3", "YR3", "Year 3", "year3", "YEAR 3", "Year-3", "NC Year 3", "Blwyddyn 3", "Bl 3"][..],
            ),
            ("year 10", &["10", "Y10", "Yr 10", "Year 10", "year10", "Blwyddyn 10"]),
            ("reception", &["R", "r", "Rec", "Rec.", "Reception", "RECEPTION", "YR", "Year R", "FS2", "Derbyn"]),
            ("nursery", &["N", "Nursery", "N1", "N2", "Nursery 1", "FS1", "Meithrin"]),
            ("sixth form", &["Sixth Form", "sixth-form", " SIXTH   FORM "]),
            ("p 3", &["P3", "p 3", "p-3"]),
            ("", &["", "  ", "-"]),
        ];
        for (want, written) in table {
            for w in written {
                assert_eq!(key(w), want, "{w:?}");
            }
        }
        // Not year groups to guess at: a Scottish primary class, a year and a half, zero.
        assert_ne!(key("P3"), key("Year 3"));
        assert_eq!(key("Year 0"), "year 0");
        assert_eq!(key("Year 123"), "year 123");
    }

    #[test]
    fn only_what_looks_like_a_year_group_is_quoted() {
        for year in ["3", "Y3", "Reception", "Rec", "Sixth Form", "Lower Sixth", "P3", "Key Stage 2", "Derbyn"] {
            assert!(looks_like_one(year), "{year}");
        }
        for name in ["Amelia", "Thornbury", "O'Neill", "Year 3 and a very long note here"] {
            assert!(!looks_like_one(name), "{name}");
        }
    }

    fn tiers(pairs: &[(&str, &str)]) -> BTreeMap<String, Spanned<String>> {
        pairs
            .iter()
            .map(|(year, tier)| {
                ((*year).to_owned(), Spanned::new((*tier).to_owned(), serde_saphyr::Location::UNKNOWN, serde_saphyr::Location::UNKNOWN))
            })
            .collect()
    }

    #[test]
    fn a_roster_and_school_yaml_match_whichever_way_each_writes_the_year() {
        let school = tiers(&[("Reception", "eyfs"), ("Y1", "ks1"), ("Year 3", "ks2"), ("year10", "ks4"), ("Sixth Form", "sixth")]);
        for (roster, tier) in [
            ("R", Some("eyfs")),
            ("Rec", Some("eyfs")),
            ("Year 1", Some("ks1")),
            ("1", Some("ks1")),
            ("Yr 3", Some("ks2")),
            ("3", Some("ks2")),
            ("Y10", Some("ks4")),
            ("Year 10", Some("ks4")),
            ("sixth form", Some("sixth")),
            ("Year 2", None),
            ("Nursery", None),
            ("", None),
        ] {
            assert_eq!(tier_for(&school, roster).map(|t| t.value.as_str()), tier, "{roster:?}");
        }
    }

    #[test]
    fn one_year_group_written_twice_with_two_tiers_clashes() {
        let school = tiers(&[("Year 3", "ks2"), ("Y3", "ks1"), ("3", "ks2"), ("Reception", "eyfs"), ("R", "eyfs")]);
        let found: Vec<(&str, &str)> = clashes(&school).into_iter().map(|(year, _, first)| (year, first)).collect();
        // BTreeMap order: "3", "R", "Reception", "Y3", "Year 3".
        assert_eq!(found, [("Y3", "3")]);
    }
}
