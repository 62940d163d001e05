//! The people a policy names and the roles they hold: from a roles table ("Designated
//! Safeguarding Lead | Ms G. Okafor") and from sentences ("Our online safety lead is Mr
//! Tom Ellery"); and their names in the text, put back as `{{ role(name="...") }}` where
//! the role is clear, so the page names whoever holds the role when it is built.

use super::super::model::{Block, Cell, Inline, plain, push_text};

/// Every way a school writes a built-in role, in English and Welsh, lower case, without
/// "the" or punctuation. The first of each is how the report names it.
const ROLE_WORDS: &[(&str, &[&str])] = &[
    ("headteacher", &["headteacher", "head teacher", "principal", "executive headteacher", "head of school", "pennaeth", "head"]),
    ("deputy-headteacher", &["deputy headteacher", "deputy head teacher", "deputy head", "vice principal", "dirprwy bennaeth"]),
    (
        "deputy-dsl",
        &[
            "deputy designated safeguarding lead",
            "deputy dsl",
            "deputy safeguarding lead",
            "ddsl",
            "dirprwy berson diogelu dynodedig",
            "dirprwy arweinydd diogelu",
        ],
    ),
    (
        "dsl",
        &[
            "designated safeguarding lead",
            "dsl",
            "designated safeguarding person",
            "designated senior person",
            "designated person for child protection",
            "child protection lead",
            "person diogelu dynodedig",
            "arweinydd diogelu dynodedig",
            "arweinydd diogelu",
        ],
    ),
    (
        "esafety-governor",
        &["online safety governor", "e-safety governor", "link governor for online safety", "llywodraethwr diogelwch ar-lein"],
    ),
    (
        "safeguarding-governor",
        &["safeguarding governor", "link governor for safeguarding", "governor for safeguarding", "llywodraethwr diogelu"],
    ),
    (
        "chair-of-governors",
        &[
            "chair of governors",
            "chair of the governing body",
            "chair of the local governing body",
            "chair of the governing board",
            "cadeirydd y llywodraethwyr",
            "cadeirydd y corff llywodraethu",
        ],
    ),
    (
        "filtering-lead",
        &[
            "filtering and monitoring lead",
            "filtering lead",
            "senior leader responsible for filtering and monitoring",
            "lead for filtering and monitoring",
        ],
    ),
    (
        "esafety-coordinator",
        &[
            "online safety lead",
            "online safety coordinator",
            "online safety co-ordinator",
            "online safety leader",
            "e-safety coordinator",
            "e-safety co-ordinator",
            "e-safety lead",
            "esafety coordinator",
            "arweinydd diogelwch ar-lein",
            "cydlynydd diogelwch ar-lein",
            "cydlynydd e-ddiogelwch",
        ],
    ),
    (
        "computing-lead",
        &["computing lead", "computing subject leader", "computing leader", "head of computing", "ict lead", "arweinydd cyfrifiadura"],
    ),
    ("ict-coordinator", &["ict coordinator", "ict co-ordinator", "cydlynydd tgch"]),
    ("network-manager", &["network manager", "it manager", "it technician", "network technician", "technician", "rheolwr rhwydwaith"]),
    ("data-protection-officer", &["data protection officer", "dpo", "swyddog diogelu data"]),
    ("data-manager", &["data manager"]),
    ("office-manager", &["office manager", "school business manager", "business manager", "school office manager", "rheolwr swyddfa"]),
    ("media-representative", &["media representative", "media lead", "communications lead"]),
    ("senco", &["senco", "special educational needs coordinator", "special educational needs co-ordinator", "alnco", "cydlynydd ady"]),
    ("siro", &["senior information risk owner", "siro"]),
];

/// The words of `text` as compared with [`ROLE_WORDS`]: lower case, without "the", "our"
/// or "school's", punctuation as spaces (a hyphen kept), and a bracketed short form
/// ("Designated Safeguarding Lead (DSL)") left out.
fn normalise(text: &str) -> String {
    let mut without_brackets = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => without_brackets.push(c),
            _ => {}
        }
    }
    let lower = without_brackets.to_lowercase().replace(['\u{2019}', '\''], "").replace(['\u{2013}', '\u{2014}'], " ");
    lower
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty() && !["the", "our", "schools", "yr", "y", "ein"].contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The role a cell or phrase names, whole ("Designated Safeguarding Lead (DSL)").
/// `custom` is the school's own titles, `(title, id)`.
pub(crate) fn role_of(text: &str, custom: &[(String, String)]) -> Option<String> {
    let said = normalise(text);
    if said.is_empty() {
        return None;
    }
    if let Some((_, id)) = custom.iter().find(|(title, _)| normalise(title) == said) {
        return Some(id.clone());
    }
    let known = |said: &str| ROLE_WORDS.iter().find(|(_, words)| words.contains(&said)).map(|(id, _)| (*id).to_owned());
    // A row for several people names their role in the plural ("Deputy Designated
    // Safeguarding Leads").
    known(&said).or_else(|| said.strip_suffix('s').and_then(known))
}

/// The roles a cell names: one, or several joined ("Headteacher and SIRO", "DSL / Online
/// Safety Lead").
pub(crate) fn roles_of(text: &str, custom: &[(String, String)]) -> Vec<String> {
    if let Some(role) = role_of(text, custom) {
        return vec![role];
    }
    let parts: Vec<&str> = text.split(['/', '&', ',', ';']).flat_map(|part| part.split(" and ")).collect();
    let roles: Vec<String> = parts.iter().filter_map(|part| role_of(part, custom)).collect();
    if roles.len() == parts.len() { roles } else { Vec::new() }
}

/// Where in `text` (a sentence) a role is named, by byte offset: each role phrase found
/// whole, the school's own titles (`custom`) first, then the longest, not overlapping.
fn roles_named_in(text: &str, custom: &[(String, String)]) -> Vec<(usize, String)> {
    roles_spanned_in(text, custom).into_iter().map(|(at, _, id)| (at, id)).collect()
}

/// As [`roles_named_in`], with where each phrase ends.
fn roles_spanned_in(text: &str, custom: &[(String, String)]) -> Vec<(usize, usize, String)> {
    let lower = text.to_lowercase();
    let mut found: Vec<(usize, usize, String)> = Vec::new();
    let own: Vec<(String, &str)> = custom.iter().map(|(title, id)| (title.to_lowercase(), id.as_str())).collect();
    let mut phrases: Vec<(&str, &str)> = ROLE_WORDS.iter().flat_map(|(id, words)| words.iter().map(move |w| (*w, *id))).collect();
    phrases.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    let mut own_first: Vec<(&str, &str)> = own.iter().map(|(t, id)| (t.as_str(), *id)).collect();
    own_first.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    for (phrase, id) in own_first.into_iter().chain(phrases) {
        // "head" alone is too common a word to take for the headteacher in a sentence.
        if phrase == "head" || phrase == "technician" {
            continue;
        }
        for (at, _) in lower.match_indices(phrase) {
            let end = at + phrase.len();
            let whole = lower[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
                && lower[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
            if whole && !found.iter().any(|(s, e, _)| at < *e && end > *s) {
                found.push((at, end, id.to_owned()));
            }
        }
    }
    found.sort();
    found
}

const TITLES: &[&str] = &["Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Rev", "Revd", "Sir", "Dame"];

/// Whether `word` is a title before a name ("Mrs", "Dr.").
pub(crate) fn is_title(word: &str) -> bool {
    TITLES.contains(&word.trim_end_matches('.'))
}

/// A person's name as a cell or a sentence gives it: a title and a surname at least ("Mrs
/// Whitcombe", "Mrs A. Whitcombe"), or two to four capitalised words ("Anna Whitcombe").
pub(crate) fn as_name(text: &str) -> Option<String> {
    let text = text.trim().trim_end_matches(['.', ',', ';', ':']).trim();
    let words: Vec<&str> = text.split_whitespace().collect();
    if !(2..=5).contains(&words.len()) || text.chars().any(|c| c.is_ascii_digit() || "[]@/()|".contains(c)) {
        return None;
    }
    let titled = TITLES.contains(&words[0].trim_end_matches('.'));
    let capitalised =
        |w: &&str| w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(|c| c.is_alphabetic() || "-'.\u{2019}".contains(c));
    if !words.iter().all(capitalised) || normalise(text).split(' ').any(|w| NOT_NAME_WORDS.contains(&w)) {
        return None;
    }
    if !titled && (words.len() > 4 || words.iter().any(|w| w.ends_with('.') && w.len() > 2)) {
        return None;
    }
    Some(words.join(" "))
}

/// Words that make a capitalised phrase a title or a body rather than a person.
const NOT_NAME_WORDS: &[&str] = &[
    "school",
    "academy",
    "primary",
    "secondary",
    "trust",
    "governors",
    "governing",
    "body",
    "board",
    "lead",
    "leader",
    "officer",
    "manager",
    "team",
    "policy",
    "council",
    "authority",
    "safeguarding",
    "online",
    "safety",
    "headteacher",
    "deputy",
    "chair",
    "committee",
    "tbc",
    "tba",
    "insert",
    "name",
    "designated",
    "coordinator",
    "co-ordinator",
    "governor",
    "local",
    "county",
    "service",
    "services",
    "partnership",
    "ysgol",
    "cyngor",
    "senior",
    "leadership",
    "staff",
    "all",
    "pupils",
    "parents",
];

/// The title and surname of a name ("Mrs Anna Whitcombe" → "Mrs Whitcombe"), if it has both.
fn title_and_surname(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    (words.len() > 2 && TITLES.contains(&words[0].trim_end_matches('.'))).then(|| format!("{} {}", words[0], words[words.len() - 1]))
}

/// Whether two ways of writing a name are one person: the same, or the same title and
/// surname ("Mrs Whitcombe" and "Mrs A. Whitcombe").
pub(crate) fn same_person(a: &str, b: &str) -> bool {
    let key = |n: &str| title_and_surname(n).unwrap_or_else(|| n.to_owned()).to_lowercase();
    a.eq_ignore_ascii_case(b) || key(a) == key(b)
}

/// A person the document names, with the roles it gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Named {
    pub(crate) name: String,
    pub(crate) roles: Vec<String>,
    /// Where it was said: "the roles table" or the sentence.
    pub(crate) said: String,
}

fn add(found: &mut Vec<Named>, name: String, roles: Vec<String>, said: String) {
    if let Some(known) = found.iter_mut().find(|p| same_person(&p.name, &name)) {
        // The fuller form of a name is the one kept ("Mrs A. Whitcombe" over "Mrs Whitcombe").
        if name.len() > known.name.len() {
            known.name = name;
        }
        for role in roles {
            if !known.roles.contains(&role) {
                known.roles.push(role);
            }
        }
    } else if !roles.is_empty() {
        found.push(Named { name, roles, said });
    }
}

/// A table of people and their roles: rows with one cell naming roles and another a
/// person. Returns the people, or nothing when the table is not one (two such rows at
/// least).
pub(crate) fn roles_table(rows: &[Vec<Cell>], custom: &[(String, String)]) -> Vec<Named> {
    let mut found = Vec::new();
    let mut rows_matched = 0;
    let mut above: Option<Vec<String>> = None;
    for row in rows {
        let texts: Vec<String> = row.iter().map(cell_text).collect();
        let mut roles = texts.iter().map(|t| roles_of(t, custom)).find(|r| !r.is_empty());
        // "Westshire IT Services (Mr Dev Patel)": the person in brackets after a company.
        let bracketed = |t: &String| t.split_once('(').and_then(|(_, rest)| rest.split_once(')')).and_then(|(inner, _)| as_name(inner));
        let name = texts.iter().find_map(|t| as_name(t).or_else(|| bracketed(t)));
        // A role cell merged down over several names leaves the rows below it empty
        // there: they hold the role above.
        if roles.is_none() && texts.first().is_some_and(|t| t.trim().is_empty()) {
            roles.clone_from(&above);
        }
        above.clone_from(&roles);
        if let (Some(roles), Some(name)) = (roles, name) {
            rows_matched += 1;
            add(&mut found, name, roles, "the table of roles".to_owned());
        }
    }
    if rows_matched >= 2 { found } else { Vec::new() }
}

pub(crate) fn cell_text(cell: &Cell) -> String {
    cell.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(t) | Block::Heading { text: t, .. } | Block::Item { text: t, .. } => Some(plain(t)),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// People named with a title in a sentence beside the one role the sentence names ("Our
/// Designated Safeguarding Lead is Ms Grace Okafor."). A sentence naming two roles and
/// two people pairs each with the nearest.
pub(crate) fn in_sentences(text: &str, custom: &[(String, String)], found: &mut Vec<Named>) {
    for sentence in sentences(text) {
        let roles = roles_spanned_in(sentence, custom);
        if roles.is_empty() {
            continue;
        }
        for (at, name) in titled_names(sentence) {
            let end = name_end(sentence, at, &name);
            // The role must stand beside the name ("Mr K. Osei, the network manager,", "Ms
            // Okafor is our DSL", "yw'r pennaeth"): one named further on is what the person
            // does or whom they tell ("... passes it to the designated safeguarding lead").
            let gap = |(start, stop): (usize, usize)| {
                let between = if stop <= at { &sentence[stop..at] } else { &sentence[end.min(start)..start] };
                between.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '\u{2019}')).filter(|w| !w.is_empty()).count()
            };
            let nearest = roles
                .iter()
                .filter(|(r, e, _)| gap((*r, *e)) <= MAX_GAP)
                .min_by_key(|(r, e, _)| gap((*r, *e)))
                .map(|(_, _, id)| id.clone());
            if let Some(role) = nearest {
                add(found, name, vec![role], sentence.trim().to_owned());
            }
        }
    }
}

/// How many words may stand between a name and the role it holds: "is the", "is our",
/// "as", "yw'r", "is also the school's".
const MAX_GAP: usize = 4;

/// Where the name found at `at` in `sentence` ends (the sentence may space it otherwise).
fn name_end(sentence: &str, at: usize, name: &str) -> usize {
    let words = name.split_whitespace().count();
    let mut end = at;
    for (n, word) in sentence[at..].split_whitespace().enumerate() {
        if n == words {
            break;
        }
        end = word.as_ptr() as usize - sentence.as_ptr() as usize + word.len();
    }
    end
}

/// `text` split into sentences: at a full stop, semicolon or line break, but not at the
/// full stop of a title ("Dr.") or an initial ("Mr T. Castellano").
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (at, c) in text.char_indices() {
        if !matches!(c, '.' | ';' | '\n') {
            continue;
        }
        let word = text[start..at].rsplit(char::is_whitespace).next().unwrap_or("");
        let abbreviation = c == '.' && (is_title(word) || (word.chars().count() == 1 && word.chars().all(char::is_uppercase)));
        if !abbreviation {
            out.push(&text[start..at + c.len_utf8()]);
            start = at + c.len_utf8();
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Every name led by a title in `text`, with its byte offset.
fn titled_names(text: &str) -> Vec<(usize, String)> {
    let mut names = Vec::new();
    let words: Vec<(usize, &str)> = text.split_whitespace().map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w)).collect();
    let mut i = 0;
    while i < words.len() {
        let (at, word) = words[i];
        if TITLES.contains(&word.trim_end_matches('.')) {
            let mut end = i + 1;
            while end < words.len() && end - i <= 4 {
                let w = words[end].1;
                let core = w.trim_end_matches(['.', ',', ';', ':', ')', '\u{2019}', '\'']);
                let is_initial = core.len() == 1 && core.chars().all(char::is_uppercase);
                if !(core.chars().next().is_some_and(char::is_uppercase) && core.chars().all(|c| c.is_alphabetic() || "-'".contains(c))) {
                    break;
                }
                end += 1;
                // A word followed by punctuation (other than an initial's full stop) ends the name.
                if core.len() != w.len() && !(is_initial && w.ends_with('.')) {
                    break;
                }
            }
            if end > i + 1 {
                let name = words[i..end].iter().map(|(_, w)| *w).collect::<Vec<_>>().join(" ");
                // "Mrs Whitcombe's office": the name without its possessive.
                let name = name.strip_suffix("\u{2019}s").or_else(|| name.strip_suffix("'s")).unwrap_or(&name);
                if let Some(name) = as_name(name.trim_end_matches(['\u{2019}', '\''])) {
                    names.push((at, name));
                }
                i = end;
                continue;
            }
        }
        i += 1;
    }
    names
}

/// Replaces each person's name in `inlines` by `{{ role(name="...") }}` where the role is
/// clear: the person holds one role, or the sentence names one of theirs. Returns how many
/// names were replaced and which were left (a person of several roles, none named there).
pub(crate) fn replace_names(inlines: &mut Vec<Inline>, people: &[Named], custom: &[(String, String)], left: &mut Vec<String>) -> usize {
    let mut replaced = 0;
    let sentence = plain(inlines);
    let named_here = roles_named_in(&sentence, custom);
    // A role the document gives several people would show them all where one is named.
    let only_theirs = |role: &String| people.iter().filter(|p| p.roles.contains(role)).count() == 1;
    let mut cursor = 0;
    let mut out: Vec<Inline> = Vec::new();
    for inline in inlines.drain(..) {
        let Inline::Text(span) = inline else {
            out.push(inline);
            continue;
        };
        let mut rest = span.text.as_str();
        while let Some((at, len, person)) = first_name_in(rest, people) {
            let said_at = sentence.get(cursor..).and_then(|after| after.find(&rest[at..at + len])).map_or(cursor, |p| cursor + p);
            cursor = said_at + len;
            // Of the person's roles, the one named nearest the name.
            let role = if person.roles.is_empty() {
                None
            } else if person.roles.len() == 1 {
                Some(person.roles[0].clone()).filter(only_theirs)
            } else {
                named_here
                    .iter()
                    .filter(|(_, id)| person.roles.contains(id) && only_theirs(id))
                    .min_by_key(|(named_at, _)| named_at.abs_diff(said_at))
                    .map(|(_, id)| id.clone())
            };
            let Some(role) = role else {
                if !left.contains(&person.name) {
                    left.push(person.name.clone());
                }
                push_text(&mut out, &rest[..at + len], &span.look);
                rest = &rest[at + len..];
                continue;
            };
            push_text(&mut out, &rest[..at], &span.look);
            out.push(Inline::Template(format!("{{{{ role(name=\"{role}\") }}}}")));
            replaced += 1;
            rest = &rest[at + len..];
        }
        push_text(&mut out, rest, &span.look);
    }
    *inlines = out;
    replaced
}

/// The first place in `text` a person is named (their name as found, or their title and
/// surname), whole words only.
fn first_name_in<'p>(text: &str, people: &'p [Named]) -> Option<(usize, usize, &'p Named)> {
    let mut best: Option<(usize, usize, &Named)> = None;
    for person in people {
        let forms = [Some(person.name.clone()), title_and_surname(&person.name)];
        for form in forms.into_iter().flatten() {
            for (at, _) in text.match_indices(&form) {
                let end = at + form.len();
                let whole = text[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric())
                    && text[end..].chars().next().is_none_or(|c| !c.is_alphanumeric());
                if whole && best.is_none_or(|(b, l, _)| at < b || (at == b && form.len() > l)) {
                    best = Some((at, form.len(), person));
                }
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::super::super::model::Look;
    use super::*;

    fn text(t: &str) -> Vec<Inline> {
        let mut inlines = Vec::new();
        push_text(&mut inlines, t, &Look::default());
        inlines
    }

    fn cell(t: &str) -> Cell {
        Cell { blocks: vec![Block::Paragraph(text(t))], across: 1 }
    }

    /// Regression: a roles table's role in the plural, merged down over two names, gave
    /// neither of them the role.
    #[test]
    fn a_role_merged_down_over_several_names_is_each_ones() {
        let empty = Cell { blocks: Vec::new(), across: 1 };
        let rows = vec![
            vec![cell("Headteacher"), cell("Mrs A. Whitcombe")],
            vec![cell("Deputy Designated Safeguarding Leads"), cell("Mr D. Okafor")],
            vec![empty, cell("Miss R. Lindqvist")],
            vec![cell("Online Safety Lead"), cell("Mr D. Okafor")],
        ];
        let found = roles_table(&rows, &[]);
        let roles = |name: &str| found.iter().find(|p| p.name == name).map(|p| p.roles.clone()).unwrap_or_default();
        assert_eq!(roles("Mr D. Okafor"), ["deputy-dsl", "esafety-coordinator"]);
        assert_eq!(roles("Miss R. Lindqvist"), ["deputy-dsl"]);
    }

    /// Regression: a name was put back as the first of the person's roles the paragraph
    /// named anywhere, a role two deputies share among them, so the page would have named
    /// both where the document named one.
    #[test]
    fn a_name_becomes_the_role_named_nearest_it_and_held_by_no_one_else() {
        let person = |name: &str, roles: &[&str]| Named {
            name: name.to_owned(),
            roles: roles.iter().map(|r| (*r).to_owned()).collect(),
            said: String::new(),
        };
        let people = [person("Mr D. Okafor", &["deputy-dsl", "esafety-coordinator"]), person("Miss R. Lindqvist", &["deputy-dsl"])];
        let mut left = Vec::new();
        let mut said = text("Mr Okafor, our online safety lead, keeps the log. He is also a deputy designated safeguarding lead.");
        assert_eq!(replace_names(&mut said, &people, &[], &mut left), 1);
        assert_eq!(
            plain(&said),
            "{{ role(name=\"esafety-coordinator\") }}, our online safety lead, keeps the log. He is also a deputy designated safeguarding lead."
        );
        let mut said = text("Miss Lindqvist, a deputy designated safeguarding lead, plans the lessons.");
        assert_eq!(replace_names(&mut said, &people, &[], &mut left), 0);
        assert_eq!(left, ["Miss R. Lindqvist"]);
    }

    /// Regression: a sentence naming one person and, further on, a role they report to
    /// gave the person that role.
    #[test]
    fn a_role_named_further_on_in_the_sentence_is_not_the_persons() {
        let mut found = Vec::new();
        in_sentences("Mr K. Osei manages the network and passes every alert to the designated safeguarding lead.", &[], &mut found);
        assert!(found.is_empty(), "{found:?}");
        in_sentences(
            "The network manager, Mr K. Osei, receives an alert and passes it to the designated safeguarding lead.",
            &[],
            &mut found,
        );
        in_sentences(
            "Mrs Eirian Pughe yw'r pennaeth. Ms H. Brightmore is the designated safeguarding lead and owns this policy.",
            &[],
            &mut found,
        );
        let said: Vec<(&str, &[String])> = found.iter().map(|p| (p.name.as_str(), p.roles.as_slice())).collect();
        assert_eq!(
            said,
            [
                ("Mr K. Osei", &["network-manager".to_owned()][..]),
                ("Mrs Eirian Pughe", &["headteacher".to_owned()][..]),
                ("Ms H. Brightmore", &["dsl".to_owned()][..])
            ]
        );
    }

    #[test]
    fn roles_as_schools_write_them() {
        let none = &[];
        assert_eq!(role_of("Designated Safeguarding Lead (DSL)", none).as_deref(), Some("dsl"));
        assert_eq!(role_of("The Headteacher", none).as_deref(), Some("headteacher"));
        assert_eq!(role_of("Deputy DSL", none).as_deref(), Some("deputy-dsl"));
        assert_eq!(role_of("E-Safety Co-ordinator", none).as_deref(), Some("esafety-coordinator"));
        assert_eq!(role_of("Person Diogelu Dynodedig", none).as_deref(), Some("dsl"));
        assert_eq!(roles_of("Headteacher and SIRO", none), vec!["headteacher", "siro"]);
        assert_eq!(roles_of("Filtering and monitoring lead", none), vec!["filtering-lead"]);
        assert!(roles_of("Lunchtime supervisor", none).is_empty());
        let custom = vec![("Digital Leader".to_owned(), "digital-leader".to_owned())];
        assert_eq!(role_of("digital leader", &custom).as_deref(), Some("digital-leader"));
    }

    #[test]
    fn names_are_told_from_titles_and_bodies() {
        assert_eq!(as_name("Mrs A. Whitcombe").as_deref(), Some("Mrs A. Whitcombe"));
        assert_eq!(as_name("Tom Ellery").as_deref(), Some("Tom Ellery"));
        assert_eq!(as_name("Full Governing Body"), None);
        assert_eq!(as_name("Senior Leadership Team"), None);
        assert_eq!(as_name("[Name]"), None);
        assert_eq!(as_name("TBC"), None);
        assert_eq!(as_name("Online Safety Lead"), None);
    }

    #[test]
    fn a_roles_table_gives_people_and_their_roles() {
        let rows = vec![
            vec![cell("Role"), cell("Name")],
            vec![cell("Headteacher and SIRO"), cell("Mrs A. Whitcombe")],
            vec![cell("Designated Safeguarding Lead"), cell("Mr Rhys Pritchard")],
            vec![cell("Online Safety Lead"), cell("Mr Rhys Pritchard")],
            vec![cell("Network Manager"), cell("Westshire IT Services (Mr Dev Patel)")],
        ];
        let found = roles_table(&rows, &[]);
        assert_eq!(found.len(), 3);
        assert_eq!((found[2].name.as_str(), found[2].roles[0].as_str()), ("Mr Dev Patel", "network-manager"));
        assert_eq!(found[0].roles, vec!["headteacher", "siro"]);
        assert_eq!(found[1].roles, vec!["dsl", "esafety-coordinator"]);
    }

    #[test]
    fn people_named_in_sentences() {
        let mut found = Vec::new();
        in_sentences(
            "Our Designated Safeguarding Lead is Ms Grace Okafor. Mr Tom Ellery, the online safety lead, runs training.",
            &[],
            &mut found,
        );
        assert_eq!(
            found.iter().map(|p| (p.name.as_str(), p.roles[0].as_str())).collect::<Vec<_>>(),
            vec![("Ms Grace Okafor", "dsl"), ("Mr Tom Ellery", "esafety-coordinator")]
        );
        let mut found = Vec::new();
        in_sentences("Mrs Whitcombe's office is open to parents on Fridays.", &[], &mut found);
        assert!(found.is_empty(), "no role named: {found:?}");
        let mut found = Vec::new();
        in_sentences(
            "The headteacher, Mr T. Castellano, chairs it. Mr Gethin Rowlands is our designated safeguarding lead.",
            &[],
            &mut found,
        );
        assert_eq!(found.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["Mr T. Castellano", "Mr Gethin Rowlands"]);
        let mut found = Vec::new();
        let own = vec![("Business Manager".to_owned(), "business-manager".to_owned())];
        in_sentences("Our Business Manager is Mr Colin Ashby.", &own, &mut found);
        assert_eq!(found[0].roles, ["business-manager"], "the school's own title before the built-in one");
    }

    #[test]
    fn names_become_the_role_where_it_is_clear() {
        let people = vec![
            Named { name: "Mrs A. Whitcombe".into(), roles: vec!["headteacher".into(), "siro".into()], said: String::new() },
            Named { name: "Mr Rhys Pritchard".into(), roles: vec!["dsl".into()], said: String::new() },
        ];
        let mut left = Vec::new();
        let mut inlines = text("Report concerns to Mr Rhys Pritchard or, if he is away, to Mrs Whitcombe as headteacher.");
        assert_eq!(replace_names(&mut inlines, &people, &[], &mut left), 2);
        assert_eq!(
            plain(&inlines),
            "Report concerns to {{ role(name=\"dsl\") }} or, if he is away, to {{ role(name=\"headteacher\") }} as headteacher."
        );
        let mut inlines = text("Mrs Whitcombe chairs the meeting.");
        assert_eq!(replace_names(&mut inlines, &people, &[], &mut left), 0);
        assert_eq!(left, vec!["Mrs A. Whitcombe"]);
    }
}
