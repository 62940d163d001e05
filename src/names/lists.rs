//! The fixed word lists behind the matcher's exceptions, in comparison form (lower case,
//! no accents). Each list is small and sorted so a lookup is a binary search.

/// Titles before a surname: "Miss Thornbury" names a person, so the surname is flagged
/// unless the whole phrase is a listed member of staff.
const TITLES: &[&str] =
    &["canon", "dame", "dr", "father", "fr", "master", "miss", "mr", "mrs", "ms", "mx", "pastor", "prof", "rev", "revd", "sir"];

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

/// Weekdays: "see you Monday". No pupil is called by a weekday alone; months, which
/// pupils are called (May, June), are [`MONTHS`], read as dates only where used as dates.
const DAYS: &[&str] = &["friday", "monday", "saturday", "sunday", "thursday", "tuesday", "wednesday"];

/// Words that name a kind of thing: with a name-like word in a title-case phrase they make
/// the phrase that thing ("Safer Internet Day", "Poppy Appeal", "Head of School", "Harry
/// Potter club"), not a person. The place words above count too.
const KINDS: &[&str] = &[
    "appeal",
    "area",
    "assembly",
    "association",
    "awards",
    "badge",
    "badges",
    "board",
    "book",
    "bulletin",
    "calendar",
    "campaign",
    "celebration",
    "ceremony",
    "certificate",
    "certificates",
    "challenge",
    "charity",
    "clubs",
    "committee",
    "competition",
    "concert",
    "conference",
    "council",
    "day",
    "department",
    "disco",
    "evening",
    "event",
    "fair",
    "fayre",
    "festival",
    "fortnight",
    "fund",
    "games",
    "garden",
    "governors",
    "head",
    "holiday",
    "lead",
    "leader",
    "leaders",
    "lesson",
    "lessons",
    "letter",
    "match",
    "medal",
    "medals",
    "meeting",
    "month",
    "newsletter",
    "night",
    "office",
    "officer",
    "panel",
    "parliament",
    "party",
    "play",
    "policy",
    "prize",
    "programme",
    "project",
    "service",
    "session",
    "show",
    "sunday",
    "teacher",
    "term",
    "trip",
    "visit",
    "week",
    "weekend",
    "workshop",
];

/// Words before a noun that make it a thing: "the Head will decide", "our Faith".
const DETERMINERS: &[&str] = &[
    "a", "all", "an", "any", "each", "eich", "ein", "every", "her", "his", "its", "my", "no", "our", "that", "the", "their", "these",
    "this", "those", "y", "your", "yr",
];

/// Small words a title-case phrase keeps in lower case: "Head of School", "Chair of
/// Governors", "Heol y Felin".
const CONNECTORS: &[&str] = &["a", "and", "at", "for", "in", "of", "on", "the", "to", "y", "yr"];

/// Words joining the last two items of a list: "Faith, Hope and Love".
const AND_WORDS: &[&str] = &["a", "ac", "and", "or"];

/// Verbs that, straight after a name-like word opening a sentence, make it the name of
/// someone doing something: "Grace scored", "Mark joined". (Verbs ending in -ed count too.)
const DOINGS: &[&str] = &[
    "brought", "came", "drew", "gave", "got", "made", "ran", "read", "said", "sang", "says", "swam", "told", "took", "went", "won", "wrote",
];

/// Words after a name-like word opening a caption that make it a photo of someone:
/// "Holly on the climbing frame", "Will with his certificate" (words ending in -ing count
/// too: "Grace painting").
const BESIDE_SOMEONE: &[&str] = &["and", "at", "by", "from", "in", "on", "with"];

/// Words after "the" and a surname that make it a family's name: "the Hill family".
const FAMILY: &[&str] = &["boys", "brothers", "children", "families", "family", "girls", "household", "sisters", "triplets", "twins"];

/// Words of time before or after a month's name that make it the month: "in May", "May
/// half term"; "mis" is Welsh for month ("ym mis Mai").
const TIME_WORDS: &[&str] = &[
    "after",
    "afternoon",
    "at",
    "bank",
    "before",
    "between",
    "by",
    "day",
    "during",
    "early",
    "end",
    "evening",
    "every",
    "from",
    "half",
    "holiday",
    "holidays",
    "in",
    "last",
    "late",
    "mid",
    "mis",
    "morning",
    "next",
    "night",
    "of",
    "since",
    "term",
    "this",
    "through",
    "till",
    "until",
    "week",
    "weekend",
];

/// Words for whose: "Mark and his brother".
const POSSESSIVES: &[&str] = &["her", "his", "their"];

/// Months, of the days and months above: a pupil may be called May or June.
const MONTHS: &[&str] =
    &["april", "august", "december", "february", "january", "july", "june", "march", "may", "november", "october", "september"];

/// Welsh words that come BEFORE the name in a place or group: "Heol Thornbury",
/// "Dosbarth Derw", "Ysgol Ashcombe". Used for schools that publish in Welsh.
const WELSH_PLACE_FIRST: &[&str] = &[
    "canolfan", "capel", "cilgant", "clos", "clwb", "cwrt", "dosbarth", "eglwys", "ffordd", "gorsaf", "heol", "llys", "lon", "neuadd",
    "parc", "plas", "rhodfa", "stryd", "teras", "tim", "ty", "uned", "ysgol",
];

/// Welsh months and days: "ym mis Mai", "dydd Llun". Used for schools that publish in Welsh.
const WELSH_MONTHS_AND_DAYS: &[&str] = &[
    "awst",
    "chwefror",
    "ebrill",
    "gorffennaf",
    "gwener",
    "hydref",
    "iau",
    "ionawr",
    "llun",
    "mai",
    "mawrth",
    "medi",
    "mehefin",
    "mercher",
    "rhagfyr",
    "sadwrn",
    "sul",
    "tachwedd",
];

/// Leading words of a surname that do not identify on their own: with "van der Berg" or
/// "Al-Hassan" the rest ("Berg", "Hassan") is the part people write alone, so it is
/// matched alone too; the particle alone never is.
const PARTICLES: &[&str] = &[
    "al", "ap", "bin", "bint", "da", "das", "de", "del", "della", "den", "der", "des", "di", "do", "dos", "du", "el", "ibn", "la", "le",
    "o", "st", "ten", "ter", "van", "von",
];

/// Whether `word` is in `list`, which is sorted (a test below makes sure).
fn listed(list: &[&str], word: &str) -> bool {
    list.binary_search(&word).is_ok()
}

pub(super) fn is_title(word: &str) -> bool {
    listed(TITLES, word)
}

pub(super) fn is_place_word(word: &str) -> bool {
    listed(PLACE_WORDS, word)
}

pub(super) fn is_day(word: &str) -> bool {
    listed(DAYS, word)
}

pub(super) fn is_month_or_day(word: &str) -> bool {
    is_month(word) || is_day(word)
}

pub(super) fn is_particle(word: &str) -> bool {
    listed(PARTICLES, word)
}

/// A place word or a kind of thing ("Day", "Appeal", "Club").
pub(super) fn is_kind(word: &str) -> bool {
    listed(KINDS, word) || is_place_word(word)
}

pub(super) fn is_determiner(word: &str) -> bool {
    listed(DETERMINERS, word)
}

pub(super) fn is_connector(word: &str) -> bool {
    listed(CONNECTORS, word)
}

pub(super) fn is_and(word: &str) -> bool {
    listed(AND_WORDS, word)
}

/// A verb of someone doing something ("scored", "won").
pub(super) fn is_doing(word: &str) -> bool {
    // "scored", "joined"; not "need" or "speed".
    (word.len() > 3 && word.ends_with("ed") && !word.ends_with("eed")) || listed(DOINGS, word)
}

/// A word that, after a name-like word opening a caption, shows it is a person.
pub(super) fn is_beside_someone(word: &str) -> bool {
    is_doing(word) || (word.len() > 4 && word.ends_with("ing")) || listed(BESIDE_SOMEONE, word)
}

pub(super) fn is_family(word: &str) -> bool {
    listed(FAMILY, word)
}

pub(super) fn is_time_word(word: &str) -> bool {
    listed(TIME_WORDS, word)
}

pub(super) fn is_possessive(word: &str) -> bool {
    listed(POSSESSIVES, word)
}

pub(super) fn is_month(word: &str) -> bool {
    listed(MONTHS, word)
}

/// A month or a season: both are read as dates where used as dates ("in summer", "Summer
/// term", "summer 2026"), and as names elsewhere ("Well done to Summer").
pub(super) fn is_month_or_season(word: &str) -> bool {
    is_month(word) || matches!(word, "spring" | "summer" | "autumn" | "winter")
}

pub(super) fn is_welsh_place_first(word: &str) -> bool {
    listed(WELSH_PLACE_FIRST, word)
}

pub(super) fn is_welsh_month_or_day(word: &str) -> bool {
    listed(WELSH_MONTHS_AND_DAYS, word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_sorted_for_binary_search() {
        for list in [
            TITLES,
            PLACE_WORDS,
            DAYS,
            MONTHS,
            PARTICLES,
            KINDS,
            DETERMINERS,
            CONNECTORS,
            AND_WORDS,
            DOINGS,
            BESIDE_SOMEONE,
            FAMILY,
            TIME_WORDS,
            POSSESSIVES,
            WELSH_PLACE_FIRST,
            WELSH_MONTHS_AND_DAYS,
        ] {
            assert!(list.windows(2).all(|w| w[0] < w[1]), "{list:?}");
        }
    }
}
