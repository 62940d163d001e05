//! The fixed word lists behind the matcher's exceptions, in comparison form (lower case,
//! no accents). Each list is small and sorted so a lookup is a binary search.

/// Titles before a surname: "Miss Thornbury" names a person, so the surname is flagged
/// unless the whole phrase is a listed member of staff.
const TITLES: &[&str] = &["dame", "dr", "master", "miss", "mr", "mrs", "ms", "mx", "prof", "rev", "sir"];

/// Words that, FOLLOWING a name-like word, make it a place or a group rather than a
/// pupil: "Thornbury Road", "Green Class", "Hill House", "Oak Primary". Only the word
/// after counts, so a pupil called Hill is still found in "Hill scored"; "Thornbury Hill"
/// (a place) spares Thornbury but not a pupil called Hill. "dr" is missing on purpose:
/// it is a title far more often than a drive.
const PLACE_WORDS: &[&str] = &[
    "academy",
    "ave",
    "avenue",
    "award",
    "band",
    "block",
    "bridge",
    "building",
    "campus",
    "cathedral",
    "center",
    "centre",
    "chapel",
    "choir",
    "church",
    "city",
    "class",
    "close",
    "club",
    "college",
    "common",
    "court",
    "crescent",
    "cup",
    "drive",
    "end",
    "estate",
    "farm",
    "federation",
    "field",
    "fields",
    "foundation",
    "gardens",
    "gate",
    "green",
    "group",
    "grove",
    "hall",
    "heights",
    "hill",
    "house",
    "hub",
    "infants",
    "juniors",
    "lane",
    "library",
    "ln",
    "mews",
    "museum",
    "nursery",
    "parade",
    "park",
    "partnership",
    "place",
    "primary",
    "rd",
    "rise",
    "road",
    "room",
    "row",
    "school",
    "shield",
    "society",
    "square",
    "st",
    "station",
    "street",
    "team",
    "terrace",
    "town",
    "trophy",
    "trust",
    "unit",
    "vale",
    "view",
    "village",
    "walk",
    "ward",
    "way",
    "wing",
    "wood",
    "woods",
    "year",
];

/// Months and weekdays: "May 2025", "see you Monday". A pupil called May or April is
/// not flagged alone by that word (written with a forename or a title, she still is).
const MONTHS_AND_DAYS: &[&str] = &[
    "april",
    "august",
    "december",
    "february",
    "friday",
    "january",
    "july",
    "june",
    "march",
    "may",
    "monday",
    "november",
    "october",
    "saturday",
    "september",
    "sunday",
    "thursday",
    "tuesday",
    "wednesday",
];

/// Leading words of a surname that do not identify on their own: with "van der Berg" or
/// "Al-Hassan" the rest ("Berg", "Hassan") is the part people write alone, so it is
/// matched alone too; the particle alone never is.
const PARTICLES: &[&str] = &[
    "al", "ap", "bin", "bint", "da", "das", "de", "del", "della", "den", "der", "des", "di", "do", "dos", "du", "el", "ibn", "la", "le",
    "o", "st", "ten", "ter", "van", "von",
];

pub(super) fn is_title(word: &str) -> bool {
    TITLES.binary_search(&word).is_ok()
}

pub(super) fn is_place_word(word: &str) -> bool {
    PLACE_WORDS.binary_search(&word).is_ok()
}

pub(super) fn is_month_or_day(word: &str) -> bool {
    MONTHS_AND_DAYS.binary_search(&word).is_ok()
}

pub(super) fn is_particle(word: &str) -> bool {
    PARTICLES.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_for_binary_search() {
        for list in [TITLES, PLACE_WORDS, MONTHS_AND_DAYS, PARTICLES] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }
}
