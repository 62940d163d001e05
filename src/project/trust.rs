//! A trust's roster: which school of the project each row belongs to.
//!
//! In: a roster whose rows name their school ([`Roster::names_schools`]) and the project's
//! schools, each known by its folder name, `name:`, `short_name:`, `urn:` and `aliases:`.
//! Out: one school's own rows, as a roster of their own, for `agreements` and `agreements
//! status`; and one warning summing up the rows that name no school of the project.
//! The name rules and photo consent never come here: every pupil of the roster is looked
//! for on every school's site, and a tagged pupil's consent is on their own row, whichever
//! school they attend.
//!
//! Names are compared as an information system's export varies them: in any case, with
//! any spacing, punctuation or accents ("The Alders", "THE  ALDERS", "the-alders" are one).
//! The school cell is the only cell of a row a message may quote, since a school's name is
//! public; even so, a cell that reads as a pupil's name (a row whose cells slipped a
//! column) is counted, never quoted.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::Path;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use super::config::span_of;
use super::roster::{Pupil, Roster};
use super::{Project, School, discover, layout};
use crate::finding::{self, Finding, Span};
use crate::names::comparison_key;

/// `urn:` in school.yaml: the school's Unique Reference Number (England's six digits, or
/// the school number another nation's system uses), matched when a roster's school cell
/// is that number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Urn(pub u32);

/// No school number in the UK runs past eight digits; a longer one is a phone number
/// typed into the wrong key.
const LARGEST_URN: u64 = 99_999_999;

impl<'de> Deserialize<'de> for Urn {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct UrnVisitor;

        impl Visitor<'_> for UrnVisitor {
            type Value = Urn;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the school's Unique Reference Number, a whole number such as 141234")
            }

            fn visit_u64<E: de::Error>(self, number: u64) -> Result<Urn, E> {
                match u32::try_from(number) {
                    Ok(urn) if (1..=LARGEST_URN).contains(&number) => Ok(Urn(urn)),
                    _ => Err(E::custom(format!(
                        "`{number}` is not a URN: a school's Unique Reference Number is a whole number of up to eight digits, such as 141234"
                    ))),
                }
            }

            fn visit_i64<E: de::Error>(self, number: i64) -> Result<Urn, E> {
                u64::try_from(number)
                    .map_err(|_| E::custom(format!("`{number}` is not a URN: write it without a minus sign, e.g. `urn: 141234`")))
                    .and_then(|n| self.visit_u64(n))
            }

            // A URN in quotes ("141234"), as some copy it from a spreadsheet, is the same number.
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Urn, E> {
                let digits = text.trim();
                match digits.parse::<u64>() {
                    Ok(number) if digits.bytes().all(|b| b.is_ascii_digit()) => self.visit_u64(number),
                    _ => Err(E::custom(format!(
                        "`{text}` is not a URN: write the school's Unique Reference Number as digits only, e.g. `urn: 141234`"
                    ))),
                }
            }
        }

        deserializer.deserialize_any(UrnVisitor)
    }
}

impl fmt::Display for Urn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// One entry of `aliases:` in school.yaml: another name a trust's roster gives the school.
/// It needs a letter or digit, since names are compared by those alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Alias(pub String);

impl<'de> Deserialize<'de> for Alias {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if comparison_key(&text).is_empty() {
            return Err(de::Error::custom("this alias has no letter or digit, so no roster could name the school by it"));
        }
        Ok(Alias(text))
    }
}

/// The names of a school that a roster may use, read from its school.yaml alone: for a
/// school this run did not load (`agreements` loads one school, yet must know the others
/// to tell a sister school's rows from rows of no school of the project).
#[derive(Debug, Deserialize)]
pub(crate) struct SchoolNames {
    pub(crate) name: String,
    #[serde(default)]
    short_name: String,
    #[serde(default)]
    urn: Option<Spanned<Urn>>,
    #[serde(default)]
    aliases: Vec<Spanned<Alias>>,
}

impl SchoolNames {
    /// The names in `schools/<id>/school.yaml`; `None` if it cannot be read (its own load
    /// reports why).
    pub(crate) fn read(root: &Path, id: &str) -> Option<SchoolNames> {
        let text = std::fs::read_to_string(root.join(layout::school_folder(id)).join(layout::SCHOOL_CONFIG)).ok()?;
        serde_saphyr::from_str(&text).ok()
    }

    fn of(school: &School) -> SchoolNames {
        let config = &school.config;
        SchoolNames {
            name: config.name.clone(),
            short_name: config.short_name.clone(),
            urn: config.urn.clone(),
            aliases: config.aliases.clone(),
        }
    }
}

/// The project's schools as a roster names them.
#[derive(Debug)]
pub(crate) struct Trust {
    /// Each school's id, by its index here.
    ids: Vec<String>,
    /// Every name in comparison form, with the schools it names: more than one where two
    /// schools share a name or short name ("St Mary's"), which then places no row.
    names: HashMap<String, Vec<usize>>,
}

/// Where a roster row's school cell puts the pupil.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Placed<'a> {
    School(&'a str),
    /// The cell names two or more schools of the project, so it places the pupil at none.
    Ambiguous(Vec<&'a str>),
    /// No school of the project goes by this name (a school not yet in the project).
    Unknown,
    /// The cell is blank.
    Blank,
}

/// One name a school goes by, with where school.yaml says it, if it has a line of its own.
struct Named {
    key: String,
    written: String,
    place: Option<Span>,
    /// `urn:` or `aliases:`: a name the school chose, which no other school may share.
    chosen: bool,
}

impl Trust {
    /// Every school of the project: those `project` loaded, as loaded, and the others read
    /// for their names alone. Two schools given one URN or alias is an error at its line:
    /// a row naming it could be either school's.
    pub(crate) fn of_project(project: &Project) -> Result<Trust, Vec<Finding>> {
        let ids = discover::school_ids(&project.root);
        let mut trust = Trust { ids: Vec::new(), names: HashMap::new() };
        // Who chose each URN and alias (and where), for the error when another school
        // goes by it too.
        let mut chosen: HashMap<String, (usize, String, Option<Span>)> = HashMap::new();
        let mut errors = Vec::new();
        for id in ids {
            let names = match project.schools.iter().find(|s| s.id == id) {
                Some(school) => Some(SchoolNames::of(school)),
                None => SchoolNames::read(&project.root, &id),
            };
            let index = trust.ids.len();
            let config_file = layout::school_folder(&id).join(layout::SCHOOL_CONFIG);
            for named in names_of(&id, names.as_ref()) {
                if named.chosen {
                    match chosen.get(&named.key) {
                        Some((other, ..)) if *other != index => {
                            errors.push(shared_name(&config_file, &named, &trust.ids[*other], &id));
                            continue;
                        }
                        _ => {
                            chosen.insert(named.key.clone(), (index, named.written.clone(), named.place));
                        }
                    }
                }
                let schools = trust.names.entry(named.key).or_default();
                if !schools.contains(&index) {
                    schools.push(index);
                }
            }
            trust.ids.push(id);
        }
        // A school's own folder name, name or short name that another school chose as its
        // URN or alias is that mistake too, said at the alias.
        for (key, (index, written, place)) in &chosen {
            if let Some(schools) = trust.names.get(key).filter(|schools| schools.len() > 1) {
                let others: Vec<&str> = schools.iter().filter(|s| *s != index).map(|s| trust.ids[*s].as_str()).collect();
                let id = &trust.ids[*index];
                errors.push(
                    Finding::error(crate::finding::id::INVALID_SCHOOL, &layout::school_folder(id).join(layout::SCHOOL_CONFIG), *place)
                        .message(format!(
                            "`{written}` is a name of {}, so a roster row naming it could be either school's",
                            others.join(", ")
                        ))
                        .help(format!("take `{written}` out of `{id}`'s `aliases:` (or correct its `urn:`)")),
                );
            }
        }
        errors.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        if errors.is_empty() { Ok(trust) } else { Err(errors) }
    }

    /// The school a row's school cell names.
    pub(crate) fn place(&self, cell: &str) -> Placed<'_> {
        if cell.trim().is_empty() {
            return Placed::Blank;
        }
        match self.names.get(&comparison_key(cell)).map(Vec::as_slice) {
            Some([one]) => Placed::School(&self.ids[*one]),
            Some(many) if !many.is_empty() => Placed::Ambiguous(many.iter().map(|i| self.ids[*i].as_str()).collect()),
            _ => Placed::Unknown,
        }
    }
}

/// Every name the school `id` goes by, in comparison form: its folder name, and what its
/// school.yaml gives (nothing more where that cannot be read).
fn names_of(id: &str, names: Option<&SchoolNames>) -> Vec<Named> {
    let named = |written: &str, place: Option<Span>, chosen: bool| Named {
        key: comparison_key(written),
        written: written.to_owned(),
        place,
        chosen,
    };
    let mut all = vec![named(id, None, false)];
    if let Some(names) = names {
        all.push(named(&names.name, None, false));
        all.push(named(&names.short_name, None, false));
        all.extend(names.urn.iter().map(|urn| named(&urn.value.to_string(), span_of(urn), true)));
        all.extend(names.aliases.iter().map(|alias| named(&alias.value.0, span_of(alias), true)));
    }
    all.retain(|n| !n.key.is_empty());
    all
}

/// A URN or alias of `id` that `other` chose first.
fn shared_name(config_file: &Path, named: &Named, other: &str, id: &str) -> Finding {
    Finding::error(crate::finding::id::INVALID_SCHOOL, config_file, named.place)
        .message(format!("`{}` is already a URN or alias of `{other}`, so a roster row naming it could be either school's", named.written))
        .help(format!("give `{id}` and `{other}` names of their own: check the URN, or take the alias out of one of them"))
}

/// `school`'s own rows of `roster`, as a roster of their own, and the warnings: rows that
/// name no school of the project, and a school no row names (its `urn:` or `aliases:`
/// wrong). A roster whose rows name no school is all the school's, with a warning when the
/// project has other schools: a trust's roster whose school column went unrecognised
/// would print every school's pupils on this school's sheets.
/// `roster_file` is the roster's path as given, for the warnings.
pub(crate) fn own_rows(
    project: &Project,
    school: &School,
    roster: Roster,
    roster_file: &Path,
) -> Result<(Roster, Vec<Finding>), Vec<Finding>> {
    let shown = super::roster::shown_path(&project.root, roster_file);
    let warning = |message: String, help: &str| {
        let mut warning = Finding::warning(crate::finding::id::UNPLACED_PUPILS, &shown, None).message(message).help(help);
        warning.private_file = true;
        warning
    };
    if !roster.names_schools {
        let others = discover::school_ids(&project.root).into_iter().filter(|id| *id != school.id).count();
        let warnings = (others > 0).then(|| {
            warning(
                format!(
                    "the roster has no school column, so all {} of its rows are taken as `{}`'s pupils, though the project has {others} other {}",
                    roster.pupils.len(),
                    school.id,
                    if others == 1 { "school" } else { "schools" }
                ),
                "if this is the whole trust's roster, its column naming each pupil's school must be headed `School`, `School name`, \
                 `Establishment` or `Academy`; otherwise give this school's own roster",
            )
        });
        return Ok((roster, warnings.into_iter().collect()));
    }
    let trust = Trust::of_project(project)?;
    let mut warnings: Vec<Finding> = unplaced_rows(&trust, &roster, &project.root, roster_file).into_iter().collect();
    let pupils: Vec<Pupil> =
        roster.pupils.into_iter().filter(|p| trust.place(p.school.as_deref().unwrap_or_default()) == Placed::School(&school.id)).collect();
    if pupils.is_empty() {
        warnings.push(warning(
            format!("no row of the roster names `{}` as the pupil's school, so it has no pupils here", school.id),
            &format!(
                "a row names a school by its folder name, `name:`, `short_name:`, `urn:` or one of its `aliases:`: check those in \
                 schools/{}/school.yaml against the school column of the roster",
                school.id
            ),
        ));
    }
    Ok((Roster { pupils, names_schools: true }, warnings))
}

/// The one warning about the rows of `roster` that no school of the project takes: how
/// many, and the school cells they give. Such pupils are still looked for on every
/// school's site; only their agreements are printed by no school. `None` when every row
/// is placed or the rows name no schools.
pub(crate) fn unplaced_rows(trust: &Trust, roster: &Roster, root: &Path, roster_file: &Path) -> Option<Finding> {
    if !roster.names_schools {
        return None;
    }
    // By school cell in comparison form: the cell as first written, and how many rows.
    let mut unknown: BTreeMap<String, (&str, Vec<u32>)> = BTreeMap::new();
    let mut ambiguous: BTreeMap<String, (&str, Vec<&str>, usize)> = BTreeMap::new();
    let mut blank = Vec::new();
    for pupil in &roster.pupils {
        let cell = pupil.school.as_deref().unwrap_or_default();
        match trust.place(cell) {
            Placed::School(_) => {}
            Placed::Blank => blank.push(pupil.line),
            Placed::Unknown => unknown.entry(comparison_key(cell)).or_insert((cell, Vec::new())).1.push(pupil.line),
            Placed::Ambiguous(schools) => ambiguous.entry(comparison_key(cell)).or_insert((cell, schools, 0)).2 += 1,
        }
    }
    if unknown.is_empty() && ambiguous.is_empty() && blank.is_empty() {
        return None;
    }
    let pupil_names = pupil_names(&roster.pupils);
    let mut parts = Vec::new();
    if !unknown.is_empty() {
        let (shown, hidden): (Vec<_>, Vec<_>) = unknown.iter().partition(|(key, _)| !pupil_names.contains(*key));
        let mut said: Vec<String> =
            shown.iter().take(MOST_SCHOOLS_SAID).map(|(_, (cell, lines))| format!("`{cell}` ({})", lines.len())).collect();
        let more = shown.len().saturating_sub(MOST_SCHOOLS_SAID);
        if more > 0 {
            said.push(format!("{more} more"));
        }
        // A cell that reads as a pupil's name is not quoted, so its rows are named instead.
        if !hidden.is_empty() {
            let lines: Vec<u32> = hidden.iter().flat_map(|(_, (_, lines))| lines.iter().copied()).collect();
            said.push(format!("{} whose school reads as a pupil's name", finding::rows_said(&lines)));
        }
        let count = unknown.values().map(|(_, lines)| lines.len()).sum();
        parts.push(format!("{} a school that is not in this project: {}", rows(count, "names", "name"), said.join(", ")));
    }
    for (key, (cell, schools, rows_of)) in &ambiguous {
        // A school's own name is public, but the cell is checked all the same.
        let cell = if pupil_names.contains(key) { "a school cell".to_owned() } else { format!("`{cell}`") };
        parts.push(format!("{} {cell}, a name of more than one school: {}", rows(*rows_of, "gives", "give"), schools.join(", ")));
    }
    if !blank.is_empty() {
        let leave = if blank.len() == 1 { "leaves" } else { "leave" };
        parts.push(format!("{} {leave} the school blank", finding::rows_said(&blank)));
    }
    let shown = super::roster::shown_path(root, roster_file);
    let mut warning = Finding::warning(crate::finding::id::UNPLACED_PUPILS, &shown, None)
        .message(format!("{}: no school of the project prints their agreements, though the name rules still look for them on every site", parts.join("; ")))
        .help("if a school is in this project, add the name the roster gives it under `aliases:` in its school.yaml (or its number as `urn:`); fill in a blank school in the information system and export the roster again");
    warning.private_file = true;
    Some(warning)
}

/// How many unknown schools the warning names, so it stays one line for a large trust.
const MOST_SCHOOLS_SAID: usize = 10;

/// "1 row names", "3 rows name": how many rows, and `verb` agreeing with them.
fn rows(count: usize, one: &str, many: &str) -> String {
    if count == 1 { format!("1 row {one}") } else { format!("{count} rows {many}") }
}

/// Every name and full name of `pupils` in comparison form, so a school cell that reads as
/// one is never quoted.
fn pupil_names(pupils: &[Pupil]) -> HashSet<String> {
    let mut names: HashSet<String> = HashSet::new();
    for pupil in pupils {
        names.extend(pupil.forenames.iter().chain(&pupil.surnames).map(|n| comparison_key(n)));
        for forename in &pupil.forenames {
            for surname in &pupil.surnames {
                names.insert(comparison_key(&format!("{forename}{surname}")));
                names.insert(comparison_key(&format!("{surname}{forename}")));
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A trust of schools, each its id and the names its school.yaml gives.
    fn trust(schools: &[(&str, &str)]) -> Trust {
        let mut trust = Trust { ids: Vec::new(), names: HashMap::new() };
        for (index, (id, yaml)) in schools.iter().enumerate() {
            let names: SchoolNames = serde_saphyr::from_str(yaml).expect("names");
            for named in names_of(id, Some(&names)) {
                let schools = trust.names.entry(named.key).or_default();
                if !schools.contains(&index) {
                    schools.push(index);
                }
            }
            trust.ids.push((*id).to_owned());
        }
        trust
    }

    fn alders() -> Trust {
        trust(&[
            ("larkfield", "name: Larkfield Primary School\nshort_name: Larkfield\nurn: 141234\naliases: [LPS]\n"),
            ("the-alders", "name: The Alders Community Primary\nshort_name: The Alders\naliases: [Alders Primary (Wrenbury)]\n"),
            ("st-brigids", "name: St Brigid's Catholic Primary School\nshort_name: St Brigid's\n"),
        ])
    }

    #[test]
    fn a_school_is_found_by_any_of_its_names_in_any_case_spacing_or_punctuation() {
        let trust = alders();
        for cell in ["The Alders", "the  alders", "THE ALDERS", "the-alders", " The Alders Community Primary ", "alders primary wrenbury"] {
            assert_eq!(trust.place(cell), Placed::School("the-alders"), "{cell}");
        }
        for cell in ["St. Brigid's", "ST BRIGIDS", "St Brigid’s Catholic Primary School", "st-brigids"] {
            assert_eq!(trust.place(cell), Placed::School("st-brigids"), "{cell}");
        }
        assert_eq!(trust.place("lps"), Placed::School("larkfield"));
    }

    #[test]
    fn a_urn_matches_when_the_cell_is_that_number() {
        let trust = alders();
        assert_eq!(trust.place("141234"), Placed::School("larkfield"));
        assert_eq!(trust.place(" 141234 "), Placed::School("larkfield"));
        assert_eq!(trust.place("141235"), Placed::Unknown);
    }

    #[test]
    fn blank_unknown_and_shared_names_place_no_pupil() {
        let trust = trust(&[
            ("st-marys-hull", "name: St Mary's Hull\nshort_name: St Mary's\n"),
            ("st-marys-york", "name: St Mary's York\nshort_name: St Mary's\n"),
        ]);
        assert_eq!(trust.place("  "), Placed::Blank);
        assert_eq!(trust.place("Hollins Park"), Placed::Unknown);
        assert_eq!(trust.place("St Marys"), Placed::Ambiguous(vec!["st-marys-hull", "st-marys-york"]));
        assert_eq!(trust.place("St Mary's York"), Placed::School("st-marys-york"));
    }

    #[test]
    fn a_urn_is_a_whole_number_written_with_or_without_quotes() {
        let urn = |yaml: &str| serde_saphyr::from_str::<Urn>(yaml).map_err(|e| e.to_string());
        assert_eq!(urn("141234"), Ok(Urn(141_234)));
        assert_eq!(urn("\"141234\""), Ok(Urn(141_234)));
        assert!(urn("URN 141234").unwrap_err().contains("digits only"));
        assert!(urn("0").unwrap_err().contains("not a URN"));
        assert!(urn("1412341234").unwrap_err().contains("up to eight digits"));
    }

    /// `urn:` and `aliases:` in a whole school.yaml: a mistake is placed at its line, as
    /// every other key's is.
    #[test]
    fn school_yaml_places_a_mistaken_urn_or_alias_at_its_line() {
        const SCHOOL: &str = "name: The Alders Community Primary School\nshort_name: The Alders\nURN\ncountry: england\n\
            type: academy\nphases: [primary]\ncontact: {address: [1 Lane], phone: '01632 960420', email: office@thealders.example}\n\
            people: []\n";
        let parse = |keys: &str| {
            crate::project::config::parse_yaml::<crate::project::config::SchoolConfig>(
                &SCHOOL.replace("URN\n", keys),
                Path::new("schools/the-alders/school.yaml"),
                1,
            )
        };
        let good = parse("urn: 141235\naliases: [Alders CPS, \"The Alders (Wrenbury)\"]\n").expect("a good school.yaml");
        assert_eq!(good.urn.map(|urn| urn.value), Some(Urn(141_235)));
        assert_eq!(good.aliases.len(), 2);
        let line = |keys: &str| parse(keys).expect_err("a mistake").span.map(|span| span.line);
        assert_eq!(line("aliases: [Alders CPS]\nurn: 14-12-35\n"), Some(4));
        assert_eq!(line("aliases: [Alders CPS, '...']\n"), Some(3));
        let single = parse("aliases: Alders CPS\n").expect_err("a single value");
        assert_eq!(single.span.map(|span| span.line), Some(3));
        assert!(single.kind.to_string().contains("needs a list"), "{}", single.kind);
        let misspelt = parse("alias: [Alders CPS]\n").expect_err("an unknown key");
        assert_eq!(misspelt.kind.help().as_deref(), Some("did you mean `aliases`?"));
    }

    #[test]
    fn an_alias_needs_a_letter_or_digit() {
        assert!(serde_saphyr::from_str::<Alias>("\"--\"").is_err());
        assert_eq!(serde_saphyr::from_str::<Alias>("TAPS").ok(), Some(Alias("TAPS".to_owned())));
    }

    #[test]
    fn the_warning_counts_rows_quotes_school_cells_and_never_a_pupil_s_name() {
        let roster = Roster::parse(
            "Forename,Surname,Year,Class,School\n\
             Ifan,Rowe,1,1A,The Alders\n\
             Amara,Quill,1,1A,Hollins Park\n\
             Tomos,Quill,1,1A,HOLLINS PARK\n\
             Nell,Barraclough,1,1A,\n\
             Cai,Penrose,1,1A,Amara Quill\n"
                .as_bytes(),
            Path::new("pupils.csv"),
        )
        .unwrap();
        let warning = unplaced_rows(&alders(), &roster, Path::new("/project"), Path::new("/private/pupils.csv")).expect("a warning");
        assert_eq!(
            warning.message,
            "3 rows name a school that is not in this project: `Hollins Park` (2), row 6 whose school reads as a pupil's name; row 5 leaves the school blank: \
             no school of the project prints their agreements, though the name rules still look for them on every site"
        );
        for name in ["Amara", "Quill", "Nell", "Barraclough", "Cai", "Penrose", "Ifan"] {
            assert!(!warning.message.contains(name) && !warning.help.contains(name), "{name}");
        }
        let placed = Roster::parse("Forename,Surname,Year,Class,School\nIfan,Rowe,1,1A,141234\n".as_bytes(), Path::new("p.csv")).unwrap();
        assert_eq!(unplaced_rows(&alders(), &placed, Path::new("/project"), Path::new("p.csv")), None);
    }
}
