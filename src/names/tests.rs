//! Every name here is invented.

use super::*;

fn pupil(forenames: &[&str], surnames: &[&str]) -> Pupil {
    Pupil {
        forenames: forenames.iter().map(|s| (*s).to_string()).collect(),
        surnames: surnames.iter().map(|s| (*s).to_string()).collect(),
        year: "Year 4".to_string(),
        class: "Oak".to_string(),
        photo_consent: None,
        school: None,
        known_as: Default::default(),
        line: 2,
    }
}

/// Pupil indexes used by the tests below.
const AMELIA: usize = 0;
const ZOE: usize = 1;
const TOBI: usize = 2;
const SEAN: usize = 3;
const DAAN: usize = 4;
const YUSUF: usize = 5;
const IVY_GREEN: usize = 6;
const MAY_HILL: usize = 7;
const PRIYA: usize = 8;
const OMAR_RAMAN: usize = 9;
const GRACE_FENWICK: usize = 10;
const LEO_GRACE: usize = 11;
const LI: usize = 12;
const OKSANA: usize = 13;
const ELENI: usize = 14;
const LUCJA: usize = 15;
const SOREN: usize = 16;
const HARPER_LEE: usize = 17;
const JO_QUINN: usize = 18;
const KEREM: usize = 19;
const FELIX: usize = 20;

fn pupils() -> Vec<Pupil> {
    vec![
        pupil(&["Amelia", "Rose"], &["Thornbury"]),
        pupil(&["Zoë"], &["Wiśniewski"]),
        pupil(&["Tobi"], &["Adeyemi-Clarke"]),
        pupil(&["Sean"], &["O'Neill"]),
        pupil(&["Daan"], &["van der Berg"]),
        pupil(&["Yusuf"], &["Al-Hassan"]),
        pupil(&["Ivy"], &["Green"]),
        pupil(&["May"], &["Hill"]),
        pupil(&["Priya"], &["Shah"]),
        pupil(&["Omar"], &["Raman"]),
        pupil(&["Grace"], &["Fenwick"]),
        pupil(&["Leo"], &["Grace"]),
        pupil(&["明"], &["李"]),
        pupil(&["Оксана"], &["Коваленко"]),
        pupil(&["Ελένη"], &["Ωμέγα"]),
        pupil(&["Łucja"], &["Kowalczyk"]),
        pupil(&["Søren"], &["Østergaard"]),
        pupil(&["Harper"], &["Lee"]),
        pupil(&["Jo"], &["Quinn"]),
        pupil(&["Kerem"], &["Aydın"]),
        pupil(&["Felix"], &["Strauß"]),
    ]
}

fn index() -> NameIndex {
    let staff = ["Mrs Priya Raman".to_string(), "Dr Helen Marsh".to_string()];
    let not_names = ["Quinn".to_string(), "Hill Top Farm".to_string()];
    NameIndex::new(&pupils(), &staff, &not_names)
}

/// Checks every hit's offsets against the text, then returns (kind, matched, pupil).
fn checked(text: &str, hits: Vec<NameHit>) -> Vec<(HitKind, String, usize)> {
    let mut last_end = 0;
    for hit in &hits {
        assert_eq!(&text[hit.start..hit.end], hit.matched, "offsets must round-trip in {text:?}");
        assert!(hit.start >= last_end, "hits overlap or are out of order in {text:?}: {hits:?}");
        last_end = hit.end;
    }
    hits.into_iter().map(|h| (h.kind, h.matched, h.pupil)).collect()
}

fn prose(text: &str) -> Vec<(HitKind, String, usize)> {
    checked(text, index().find_in_prose(text))
}

fn ident(text: &str) -> Vec<(HitKind, String, usize)> {
    checked(text, index().find_in_identifier(text))
}

fn one(kind: HitKind, matched: &str, pupil: usize) -> Vec<(HitKind, String, usize)> {
    vec![(kind, matched.to_string(), pupil)]
}

use HitKind::{FirstNameAlone, FullName, SurnameAlone, SurnameWithInitialOrTitle};

// --- Full names -------------------------------------------------------------------

#[test]
fn full_name_forename_first() {
    assert_eq!(prose("Well done Amelia Thornbury!"), one(FullName, "Amelia Thornbury", AMELIA));
}

#[test]
fn full_name_surname_first_with_comma() {
    assert_eq!(prose("Winners: Thornbury, Amelia (Year 4)"), one(FullName, "Thornbury, Amelia", AMELIA));
}

#[test]
fn full_name_surname_first_in_capitals() {
    assert_eq!(prose("THORNBURY Amelia"), one(FullName, "THORNBURY Amelia", AMELIA));
}

#[test]
fn full_name_all_lower_case_is_still_a_name() {
    assert_eq!(prose("follow amelia thornbury online"), one(FullName, "amelia thornbury", AMELIA));
}

#[test]
fn full_name_across_line_breaks_and_runs_of_space() {
    assert_eq!(prose("Amelia\n   Thornbury"), one(FullName, "Amelia\n   Thornbury", AMELIA));
    assert_eq!(prose("Thornbury,\nAmelia"), one(FullName, "Thornbury,\nAmelia", AMELIA));
}

#[test]
fn full_name_with_a_middle_name_covers_all_three() {
    let hits = index().find_in_prose("Amelia Rose Thornbury read a poem.");
    assert_eq!(checked("Amelia Rose Thornbury read a poem.", hits.clone()), one(FullName, "Amelia Rose Thornbury", AMELIA));
    assert_eq!(hits[0].initials, "A. R. T.");
}

#[test]
fn full_name_run_together_in_prose() {
    assert_eq!(prose("Congratulations #AmeliaThornbury"), one(FullName, "AmeliaThornbury", AMELIA));
}

#[test]
fn forename_and_surname_of_different_pupils_are_not_a_full_name() {
    // Amelia is pupil 0, Green is pupil 6's surname.
    assert_eq!(prose("Amelia Green"), vec![(FirstNameAlone, "Amelia".into(), AMELIA), (SurnameAlone, "Green".into(), IVY_GREEN)]);
}

#[test]
fn forename_comma_surname_is_a_list_not_a_name() {
    assert_eq!(
        prose("Amelia, Thornbury and Ivy"),
        vec![
            (FirstNameAlone, "Amelia".into(), AMELIA),
            (SurnameAlone, "Thornbury".into(), AMELIA),
            (FirstNameAlone, "Ivy".into(), IVY_GREEN)
        ]
    );
}

#[test]
fn sentence_break_between_forename_and_surname_is_not_a_full_name() {
    assert_eq!(
        prose("Thanks Amelia. Thornbury Primary next."),
        one(FirstNameAlone, "Amelia", AMELIA),
        "Thornbury is followed by a place word"
    );
}

#[test]
fn capitalised_forename_with_lower_case_surname_word_is_not_a_full_name() {
    // Ivy Green: "Ivy green" in prose is a plant and a colour.
    assert_eq!(prose("with Ivy green leaves"), one(FirstNameAlone, "Ivy", IVY_GREEN));
    // A capitalised surname after a lower-case forename still is.
    assert_eq!(prose("by amelia Thornbury"), one(FullName, "amelia Thornbury", AMELIA));
}

#[test]
fn full_names_in_identifiers() {
    for text in [
        "amelia-thornbury.jpg",
        "AmeliaThornbury",
        "#AmeliaThornbury",
        "thornbury_amelia",
        "amelia.thornbury",
        "ameliathornbury",
        "AMELIA_THORNBURY",
        "Amelia%20Thornbury",
        "amelia+thornbury",
        "photos/amelia_rose_thornbury",
    ] {
        let hits = ident(text);
        assert_eq!(hits.len(), 1, "{text}: {hits:?}");
        assert_eq!((hits[0].0, hits[0].2), (FullName, AMELIA), "{text}");
    }
    assert_eq!(ident("2025/sports-day/amelia-thornbury-1.jpg"), one(FullName, "amelia-thornbury", AMELIA));
    assert_eq!(ident("Amelia%20Thornbury.jpg"), one(FullName, "Amelia%20Thornbury", AMELIA));
}

#[test]
fn a_middle_word_must_be_the_same_pupils_forename() {
    // Rose is Amelia Thornbury's middle name, not Ivy Green's.
    assert_eq!(
        prose("Ivy Rose Green"),
        vec![(FirstNameAlone, "Ivy".into(), IVY_GREEN), (FirstNameAlone, "Rose".into(), AMELIA), (SurnameAlone, "Green".into(), IVY_GREEN)]
    );
}

#[test]
fn markup_removed_without_a_space_still_leaves_a_full_name() {
    // "Amelia<em>Thornbury</em>" with the tags dropped by the caller.
    assert_eq!(prose("AmeliaThornbury"), one(FullName, "AmeliaThornbury", AMELIA));
}

#[test]
fn invisible_characters_do_not_hide_a_name() {
    assert_eq!(prose("Amelia\u{200B}Thornbury"), one(FullName, "Amelia\u{200B}Thornbury", AMELIA));
    assert_eq!(prose("Thorn\u{AD}bury scored"), one(SurnameAlone, "Thorn\u{AD}bury", AMELIA));
    assert_eq!(prose("\u{FEFF}Thornbury"), one(SurnameAlone, "Thornbury", AMELIA));
}

#[test]
fn camel_case_and_digits_split_identifier_words() {
    assert_eq!(ident("IMGThornbury2025"), one(SurnameAlone, "Thornbury", AMELIA));
    assert_eq!(ident("year3_THORNBURYAmelia"), one(FullName, "THORNBURYAmelia", AMELIA));
    // McDonald-style humps inside one name do not break it.
    let index = NameIndex::new(&[pupil(&["Ava"], &["McAllister"])], &[], &[]);
    let text = "AvaMcAllister-sportsday";
    assert_eq!(checked(text, index.find_in_identifier(text)), one(FullName, "AvaMcAllister", 0));
}

#[test]
fn run_together_identifier_needs_the_whole_word_to_be_the_name() {
    assert_eq!(ident("ameliathornburyshire.jpg"), vec![]);
    assert_eq!(ident("xameliathornbury.jpg"), vec![]);
}

// --- Surname after an initial or a title ------------------------------------------

#[test]
fn surname_after_an_initial() {
    assert_eq!(prose("Well played A. Thornbury"), one(SurnameWithInitialOrTitle, "A. Thornbury", AMELIA));
    assert_eq!(prose("Well played A Thornbury"), one(SurnameWithInitialOrTitle, "A Thornbury", AMELIA));
    let text = "Poem by A.R. Thornbury";
    let hits = index().find_in_prose(text);
    assert_eq!(checked(text, hits.clone()), one(SurnameWithInitialOrTitle, "A.R. Thornbury", AMELIA));
    assert_eq!(hits[0].initials, "A. R. T.");
    assert_eq!(ident("a-thornbury.jpg"), one(SurnameWithInitialOrTitle, "a-thornbury", AMELIA));
}

#[test]
fn surname_after_a_title() {
    assert_eq!(prose("Thanks to Miss Thornbury"), one(SurnameWithInitialOrTitle, "Miss Thornbury", AMELIA));
    assert_eq!(prose("Thanks to Mr. Thornbury"), one(SurnameWithInitialOrTitle, "Mr. Thornbury", AMELIA));
    // A title makes a person even of a month name or a place-like word.
    assert_eq!(prose("Ask Mrs Hill"), one(SurnameWithInitialOrTitle, "Mrs Hill", MAY_HILL));
    let hits = index().find_in_prose("Ask Dr Thornbury");
    assert_eq!(hits[0].initials, "T.");
}

#[test]
fn listed_staff_with_their_title_are_not_pupils() {
    // Mrs Priya Raman is staff; Omar Raman is a pupil and Priya Shah another.
    assert_eq!(prose("Mrs Priya Raman leads the choir."), vec![]);
    assert_eq!(prose("Ask Mrs Raman."), vec![]);
    assert_eq!(prose("Ask Mrs. P. Raman or Priya Raman."), vec![]);
    assert_eq!(ident("mrs-priya-raman.jpg"), vec![]);
    // Another title is not the listed person.
    assert_eq!(prose("Ask Mr Raman."), one(SurnameWithInitialOrTitle, "Mr Raman", OMAR_RAMAN));
    // A staff member's surname alone is still a pupil's surname.
    assert_eq!(prose("Raman scored."), one(SurnameAlone, "Raman", OMAR_RAMAN));
}

#[test]
fn staff_name_is_masked_but_a_pupil_name_beside_it_is_not() {
    assert_eq!(prose("Mrs Priya Raman and Omar Raman"), one(FullName, "Omar Raman", OMAR_RAMAN));
}

#[test]
fn forename_with_an_initial_is_allowed() {
    assert_eq!(prose("Amelia T. won the race."), one(FirstNameAlone, "Amelia", AMELIA));
    assert_eq!(ident("amelia-t.jpg"), one(FirstNameAlone, "amelia", AMELIA));
}

// --- Surname alone ----------------------------------------------------------------

#[test]
fn surname_alone_in_prose_when_capitalised() {
    assert_eq!(prose("A goal from Thornbury."), one(SurnameAlone, "Thornbury", AMELIA));
    assert_eq!(
        prose("goals from Wiśniewski and Adeyemi-Clarke"),
        vec![(SurnameAlone, "Wiśniewski".into(), ZOE), (SurnameAlone, "Adeyemi-Clarke".into(), TOBI)]
    );
}

#[test]
fn surname_at_the_start_of_a_sentence_is_still_flagged() {
    assert_eq!(
        prose("Green scored twice. Thornbury saved."),
        vec![(SurnameAlone, "Green".into(), IVY_GREEN), (SurnameAlone, "Thornbury".into(), AMELIA)]
    );
}

#[test]
fn lower_case_ordinary_word_is_not_a_surname() {
    assert_eq!(prose("a green coat on the hill"), vec![]);
}

#[test]
fn place_or_group_word_after_is_not_a_pupil() {
    assert_eq!(prose("Thornbury Road is closed."), vec![]);
    assert_eq!(prose("Green Class went to Hill House."), vec![]);
    assert_eq!(prose("Visit Thornbury Primary, Thornbury-Academy"), vec![]);
}

#[test]
fn place_word_before_does_not_excuse() {
    assert_eq!(prose("Class Thornbury"), one(SurnameAlone, "Thornbury", AMELIA));
}

#[test]
fn month_or_weekday_is_not_a_pupil_alone() {
    assert_eq!(prose("May 2025 newsletter"), vec![]);
    assert_eq!(prose("See you in May."), vec![]);
    // With her surname she is named.
    assert_eq!(prose("May Hill sang."), one(FullName, "May Hill", MAY_HILL));
}

#[test]
fn not_names_are_never_names() {
    assert_eq!(prose("Quinn won."), vec![]);
    assert_eq!(prose("quinn, QUINN"), vec![]);
    assert_eq!(prose("Hill Top Farm trip"), vec![]);
    assert_eq!(ident("quinn.png"), vec![]);
    // Without the not_names entry, Quinn would be flagged: check the twin index.
    let plain = NameIndex::new(&pupils(), &[], &[]);
    assert_eq!(checked("Quinn won.", plain.find_in_prose("Quinn won.")), one(SurnameAlone, "Quinn", JO_QUINN));
    // A full name still counts even if one word of it is listed.
    assert_eq!(prose("Jo Quinn won."), one(FullName, "Jo Quinn", JO_QUINN));
}

#[test]
fn surname_alone_in_identifiers_in_any_case() {
    assert_eq!(ident("thornbury.jpg"), one(SurnameAlone, "thornbury", AMELIA));
    assert_eq!(ident("IMG_GREEN_01.JPG"), one(SurnameAlone, "GREEN", IVY_GREEN));
}

#[test]
fn surname_in_identifiers_with_exceptions() {
    assert_eq!(ident("thornbury-road.jpg"), vec![]);
    assert_eq!(ident("ThornburyRoad"), vec![]);
    assert_eq!(ident("green_class_trip"), vec![]);
    assert_eq!(ident("newsletter-may-2025.pdf"), vec![]);
    assert_eq!(ident("quinn.png"), vec![]);
}

#[test]
fn names_inside_longer_words_are_not_names() {
    // Lee in sleeve, Jo in jolly, Hill in Hillside, Green in Greenwich.
    assert_eq!(prose("Sleeve Jolly Hillside Greenwich"), vec![]);
    assert_eq!(prose("Lee scored"), one(SurnameAlone, "Lee", HARPER_LEE));
    assert_eq!(ident("sleeve-jolly-greenwich.jpg"), vec![]);
}

// --- First name alone -------------------------------------------------------------

#[test]
fn first_name_alone_when_capitalised() {
    assert_eq!(prose("Ivy painted this."), one(FirstNameAlone, "Ivy", IVY_GREEN));
    assert_eq!(prose("ivy grew on the wall"), vec![]);
    assert_eq!(ident("ivy-painting.jpg"), one(FirstNameAlone, "ivy", IVY_GREEN));
}

#[test]
fn first_name_alone_exceptions() {
    assert_eq!(prose("Ivy Class and Amelia House"), vec![]);
    assert_eq!(prose("Priya Raman"), vec![], "a staff name");
    assert_eq!(prose("Priya sang."), one(FirstNameAlone, "Priya", PRIYA), "alone, Priya is the pupil");
    assert_eq!(prose("Monday in May"), vec![]);
}

#[test]
fn first_name_inside_a_full_name_is_not_reported_twice() {
    let hits = prose("Amelia Thornbury and Amelia");
    assert_eq!(hits, vec![(FullName, "Amelia Thornbury".into(), AMELIA), (FirstNameAlone, "Amelia".into(), AMELIA)]);
}

#[test]
fn a_word_that_is_one_pupils_forename_and_anothers_surname_counts_as_surname() {
    // Grace is Grace Fenwick's forename and Leo Grace's surname.
    assert_eq!(prose("Grace scored."), one(SurnameAlone, "Grace", LEO_GRACE));
    assert_eq!(prose("Grace Fenwick scored."), one(FullName, "Grace Fenwick", GRACE_FENWICK));
    assert_eq!(prose("Leo Grace scored."), one(FullName, "Leo Grace", LEO_GRACE));
    assert_eq!(prose("Say grace before lunch."), vec![]);
}

// --- Normalisation ----------------------------------------------------------------

#[test]
fn accents_and_marks_are_ignored() {
    for text in ["Zoë Wiśniewski", "Zoe Wisniewski", "ZOË WIŚNIEWSKI", "Zoe\u{308} Wis\u{301}niewski"] {
        assert_eq!(prose(text), one(FullName, text, ZOE), "{text}");
    }
}

#[test]
fn letters_without_decompositions_fold_to_their_usual_spelling() {
    assert_eq!(prose("Lucja Kowalczyk"), one(FullName, "Lucja Kowalczyk", LUCJA));
    assert_eq!(prose("Soren Ostergaard"), one(FullName, "Soren Ostergaard", SOREN));
    assert_eq!(prose("Kerem Aydin"), one(FullName, "Kerem Aydin", KEREM));
    assert_eq!(prose("Felix Strauss"), one(FullName, "Felix Strauss", FELIX));
    assert_eq!(prose("STRAUẞ"), one(SurnameAlone, "STRAUẞ", FELIX));
}

#[test]
fn every_apostrophe_is_the_same_and_optional() {
    for text in ["Sean O'Neill", "Sean O’Neill", "Sean Oʼneill", "Sean O‘Neill", "Sean O`Neill", "Sean ONeill", "sean oneill"] {
        assert_eq!(prose(text), one(FullName, text, SEAN), "{text}");
    }
    assert_eq!(ident("sean-o'neill.jpg"), one(FullName, "sean-o'neill", SEAN));
    assert_eq!(ident("SeanONeill"), one(FullName, "SeanONeill", SEAN));
}

#[test]
fn possessive_s_ends_the_name() {
    assert_eq!(prose("Thornbury's goal"), one(SurnameAlone, "Thornbury", AMELIA));
    assert_eq!(prose("O'Neill’s goal"), one(SurnameAlone, "O'Neill", SEAN));
    assert_eq!(prose("Amelia Thornbury's goal"), one(FullName, "Amelia Thornbury", AMELIA));
}

#[test]
fn hyphen_or_space_inside_a_name_is_optional() {
    for text in ["Tobi Adeyemi-Clarke", "Tobi Adeyemi Clarke", "Tobi AdeyemiClarke", "Tobi Adeyemi - Clarke"] {
        assert_eq!(prose(text), one(FullName, text, TOBI), "{text}");
    }
    assert_eq!(ident("tobi_adeyemiclarke.png"), one(FullName, "tobi_adeyemiclarke", TOBI));
    // Each part of a double-barrelled surname is the pupil's surname too.
    assert_eq!(prose("Clarke scored."), one(SurnameAlone, "Clarke", TOBI));
    assert_eq!(prose("Tobi Clarke"), one(FullName, "Tobi Clarke", TOBI));
}

#[test]
fn particles_belong_to_the_surname() {
    assert_eq!(prose("Daan van der Berg"), one(FullName, "Daan van der Berg", DAAN));
    assert_eq!(prose("Daan Van Der Berg"), one(FullName, "Daan Van Der Berg", DAAN));
    assert_eq!(prose("a goal from van der Berg"), one(SurnameAlone, "van der Berg", DAAN));
    assert_eq!(prose("Vanderberg"), one(SurnameAlone, "Vanderberg", DAAN));
    // The part after the particles is written alone; the particles never are.
    assert_eq!(prose("Berg scored."), one(SurnameAlone, "Berg", DAAN));
    assert_eq!(prose("Van Morrison; Der Spiegel"), vec![]);
    for text in ["Yusuf Al-Hassan", "Yusuf Al Hassan", "Yusuf AlHassan"] {
        assert_eq!(prose(text), one(FullName, text, YUSUF), "{text}");
    }
    assert_eq!(prose("Hassan scored."), one(SurnameAlone, "Hassan", YUSUF));
}

// --- Offsets ----------------------------------------------------------------------

#[test]
fn offsets_are_bytes_of_the_original_text_around_non_ascii() {
    let text = "🎉 Félicitations à Zoë Wiśniewski — et à Łucja!";
    let hits = index().find_in_prose(text);
    let start = text.find("Zoë").unwrap_or(usize::MAX);
    let end = text.find(" —").unwrap_or(usize::MAX);
    assert_eq!((hits[0].start, hits[0].end), (start, end));
    assert_eq!(checked(text, hits), vec![(FullName, "Zoë Wiśniewski".into(), ZOE), (FirstNameAlone, "Łucja".into(), LUCJA)]);
}

#[test]
fn offsets_cover_percent_escapes_in_identifiers() {
    let text = "/media/Zo%C3%AB-Wi%C5%9Bniewski.jpg";
    assert_eq!(ident(text), one(FullName, "Zo%C3%AB-Wi%C5%9Bniewski", ZOE));
    // A broken escape is a separator, not a crash.
    assert_eq!(ident("%E2%28thornbury%ZZ"), one(SurnameAlone, "thornbury", AMELIA));
}

#[test]
fn hits_never_take_in_surrounding_punctuation() {
    assert_eq!(prose("(Amelia Thornbury)."), one(FullName, "Amelia Thornbury", AMELIA));
    assert_eq!(prose("«Thornbury»"), one(SurnameAlone, "Thornbury", AMELIA));
}

// --- Other scripts ----------------------------------------------------------------

#[test]
fn han_names_match_between_non_letters_or_a_script_change() {
    let text = "李明 won the prize";
    let hits = index().find_in_prose(text);
    assert_eq!(hits[0].initials, "*. *.", "a Han initial would be the name itself");
    assert_eq!(checked(text, hits), one(FullName, "李明", LI));
    assert_eq!(prose("祝贺李明。"), vec![], "inside a run of Han text: a known limit");
    assert_eq!(prose("李明さん、おめでとう"), one(FullName, "李明", LI));
    assert_eq!(prose("Well done 李!"), one(SurnameAlone, "李", LI));
    assert_eq!(prose("行李"), vec![], "李 inside a Han word is not the name");
    assert_eq!(ident("photos/李明.jpg"), one(FullName, "李明", LI));
}

#[test]
fn cyrillic_names() {
    assert_eq!(prose("Оксана Коваленко перемогла"), one(FullName, "Оксана Коваленко", OKSANA));
    assert_eq!(prose("КОВАЛЕНКО"), one(SurnameAlone, "КОВАЛЕНКО", OKSANA));
    assert_eq!(prose("оксана"), vec![], "lower case alone in prose");
    assert_eq!(ident("оксана-коваленко.jpg"), one(FullName, "оксана-коваленко", OKSANA));
}

#[test]
fn greek_names_ignore_accents_and_final_sigma() {
    assert_eq!(prose("Η Ελένη Ωμέγα νίκησε"), one(FullName, "Ελένη Ωμέγα", ELENI));
    assert_eq!(prose("ΕΛΕΝΗ ΩΜΕΓΑ"), one(FullName, "ΕΛΕΝΗ ΩΜΕΓΑ", ELENI));
    let sigma = NameIndex::new(&[pupil(&["Νίκος"], &["Παππάς"])], &[], &[]);
    let text = "ΝΙΚΟΣ ΠΑΠΠΑΣ";
    assert_eq!(checked(text, sigma.find_in_prose(text)), one(FullName, text, 0));
}

// --- Edges ------------------------------------------------------------------------

#[test]
fn empty_index_and_empty_text() {
    let empty = NameIndex::new(&[], &[], &[]);
    assert!(empty.find_in_prose("Amelia Thornbury").is_empty());
    assert!(index().find_in_prose("").is_empty());
    assert!(index().find_in_prose(" — … ").is_empty());
    assert!(index().find_in_identifier("%%%").is_empty());
}

#[test]
fn first_pupil_wins_when_names_are_shared() {
    let twins = NameIndex::new(&[pupil(&["Ava"], &["Penhale"]), pupil(&["Ava"], &["Penhale"])], &[], &[]);
    let hits = twins.find_in_prose("Ava Penhale");
    assert_eq!((hits.len(), hits[0].pupil), (1, 0));
}

#[test]
fn single_letter_names_are_initials_not_names() {
    let index = NameIndex::new(&[pupil(&["Ava"], &["T"])], &[], &[]);
    let hits = index.find_in_prose("Ava T. and T. scored");
    assert_eq!(checked("Ava T. and T. scored", hits), one(FirstNameAlone, "Ava", 0));
}

#[test]
fn legal_and_preferred_names_both_count() {
    let index = NameIndex::new(&[pupil(&["Alexander", "Sasha"], &["Brightwater", "Lind"])], &[], &[]);
    for text in ["Sasha Lind", "Alexander Brightwater", "Sasha Brightwater", "Lind, Alexander"] {
        assert_eq!(checked(text, index.find_in_prose(text)), one(FullName, text, 0), "{text}");
    }
}

/// 2,000 pupils with made-up names that share nothing with ordinary words, plus a few
/// very short forenames that occur inside many words (the matcher's worst case).
fn generated_roster() -> Vec<Pupil> {
    const FIRST: [&str; 13] = ["ba", "ce", "di", "fo", "gu", "ha", "je", "ki", "lo", "mu", "na", "pe", "ri"];
    const LAST: [&str; 13] = ["zor", "vek", "tal", "quin", "sab", "rud", "wex", "yol", "xan", "mip", "gorv", "dast", "fenk"];
    let name = |syllables: &[&str; 13], i: usize| -> String {
        let word: String = [i / 169, (i / 13) % 13, i % 13].iter().map(|&s| syllables[s]).collect();
        let mut chars = word.chars();
        chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
    };
    let mut roster: Vec<Pupil> = (0..1995).map(|i| pupil(&[&name(&FIRST, i)], &[&name(&LAST, (i * 7 + 3) % 1995)])).collect();
    for short in ["Al", "Jo", "Ed", "Li", "An"] {
        roster.push(pupil(&[short], &["Zzyzx"]));
    }
    roster
}

/// One text naming each of 2,000 pupils by full name, among distractors.
#[test]
fn scales_to_a_large_roster_in_one_pass() {
    let roster = generated_roster();
    let index = NameIndex::new(&roster, &[], &[]);
    let mut text = String::new();
    for p in &roster {
        text.push_str(&format!("Well done {} {}, a green coat, May 2025, all and then.\n", p.forenames[0], p.surnames[0]));
    }
    let hits = index.find_in_prose(&text);
    assert_eq!(hits.len(), 2000);
    assert!(hits.iter().enumerate().all(|(i, h)| h.kind == FullName && h.pupil == i));
    assert!(hits.iter().all(|h| text[h.start..h.end] == h.matched));
}

/// Not a test of correctness: run with `--ignored --nocapture` in release to see the
/// cost of 1,000 pages of about 11 KB against 2,000 pupils.
#[test]
#[ignore = "timing, run by hand"]
fn timing_thousand_pages() {
    let roster = generated_roster();
    let started = std::time::Instant::now();
    let index = NameIndex::new(&roster, &["Mrs Priya Raman".to_string()], &["Quinn".to_string()]);
    let built = started.elapsed();
    let mut page = String::new();
    for (i, p) in roster.iter().enumerate().step_by(40) {
        page.push_str(&format!(
            "The children of Oak Class went to Thornbury Road with Mrs Priya Raman and {} {}; also {} was there. \
             Also and then, all of them ate lunch. A green coat was found on Monday the {i}th of May. ",
            p.forenames[0], p.surnames[0], p.forenames[0]
        ));
    }
    let started = std::time::Instant::now();
    let mut total = 0;
    for _ in 0..1000 {
        total += index.find_in_prose(&page).len() + index.find_in_identifier("photos/2025/sports-day/IMG_0042.jpg").len();
    }
    eprintln!("built in {built:?}; 1000 pages of {} bytes in {:?} ({total} hits)", page.len(), started.elapsed());
}

// --- Names that are also words (issue: no false alarms on real policy prose) ----------

/// Pupils whose names are ordinary words, none of them named in the texts below unless
/// a test says so.
fn word_names() -> NameIndex {
    let pupils = [
        pupil(&["Will"], &["Green"]),
        pupil(&["May"], &["Hill"]),
        pupil(&["Grace"], &["Church"]),
        pupil(&["Holly"], &["Day"]),
        pupil(&["Mark"], &["Lane"]),
        pupil(&["Hope"], &["Head"]),
        pupil(&["Faith"], &["Wood"]),
        pupil(&["Rose"], &["Cross"]),
        pupil(&["Harry"], &["Young"]),
        pupil(&["Poppy"], &["Field"]),
        pupil(&["Frank"], &["Law"]),
        pupil(&["Eira"], &["Hall"]),
        pupil(&["Celyn"], &["Mill"]),
        pupil(&["Haf"], &["Brook"]),
    ];
    let school = SchoolWords {
        staff: vec!["Mrs Helen Marsh".to_string()],
        details: vec!["12 Mill Lane".to_string(), "Learning together in Faith and Love".to_string()],
        not_names: Vec::new(),
        languages: Languages { welsh: true },
    };
    match NameIndex::try_new(&pupils, &school) {
        Ok(index) => index,
        Err(error) => panic!("{error}"),
    }
}

fn word_prose(text: &str) -> Vec<(HitKind, String, usize)> {
    checked(text, word_names().find_in_prose(text))
}

#[test]
fn word_names_in_ordinary_prose_are_not_names() {
    let texts = [
        // The school's own details, wherever they appear.
        "Ashcombe Primary, 12 Mill Lane, Westshire.",
        "Our motto is Learning together in Faith and Love.",
        // Role titles, events, campaigns, places, clubs, books.
        "The Head of School and the Deputy Head meet weekly.",
        "We mark Safer Internet Day and support the Poppy Appeal.",
        "Children may join the Harry Potter club on Fridays.",
        "Sports Day is on the school field; May Day dancing follows.",
        "Our Rose Garden is beside St Michael's Church.",
        // A determiner before the word.
        "If in doubt, the Head will decide. Lunch is in the Hall.",
        // Lists opening with verbs, and sentences opening with ordinary words.
        "\u{2029}Will remind pupils to log off.\u{2029}Mark the register.\u{2029}Hope to see you there!",
        "Young people need clear rules. Frank conversations help. Cross-curricular work counts.",
        "1.2 Will ensure that devices are stored safely.",
        // Value statements.
        "Our values are Faith, Hope and Love.",
        // A title-case heading.
        "\u{2029}Keeping Young People Safe Online\u{2029}",
        // A forename before a surname no pupil has: someone else.
        "Prints inspired by William Morris and Grace Darling.",
        // A run-together word is a word, not a name written run together.
        "The greenhouse is by the hollywood set.",
        // Welsh: place and group first, months, ordinary words.
        "Mae Dosbarth Celyn yn mynd i Heol Brook ym mis Mai. Tymor yr Haf.",
    ];
    for text in texts {
        assert_eq!(word_prose(text), vec![], "{text}");
    }
}

#[test]
fn word_names_used_as_names_are_still_found() {
    // Full names, run together in a hashtag too.
    assert_eq!(word_prose("Will Green scored twice."), one(FullName, "Will Green", 0));
    assert_eq!(word_prose("Well done, May Hill!"), one(FullName, "May Hill", 1));
    assert_eq!(word_prose("Follow #GraceChurch"), one(FullName, "GraceChurch", 2));
    // A title or an initial.
    assert_eq!(word_prose("Ask Mr Lane."), one(SurnameWithInitialOrTitle, "Mr Lane", 4));
    assert_eq!(word_prose("H. Young won."), one(SurnameWithInitialOrTitle, "H. Young", 8));
    // A capital inside a sentence, with nothing to make it a thing.
    let hits = word_names().find_in_prose("Well done to Holly for her painting.");
    assert_eq!(checked("Well done to Holly for her painting.", hits.clone()), one(FirstNameAlone, "Holly", 3));
    assert_eq!(hits[0].why, Some(Why::CapitalInSentence));
    // Opening a sentence as someone doing something.
    let hits = word_names().find_in_prose("Grace scored the winning goal.");
    assert_eq!(hits[0].why, Some(Why::DoingSomething));
    // A phrase never runs across the end of a block (a sign-off, then a new paragraph).
    let text = "Mr Tom Whitlock, Head of School\u{2029}\u{2029}Grace scored the goal.";
    assert_eq!(word_prose(text), one(FirstNameAlone, "Grace", 2));
    // "Congratulations" opens the sentence: Grace is still named.
    assert_eq!(word_prose("Congratulations Grace!"), one(FirstNameAlone, "Grace", 2));
    // Two pupils' names side by side are no phrase.
    assert_eq!(word_prose("with Will Hill"), vec![(FirstNameAlone, "Will".to_string(), 0), (SurnameAlone, "Hill".to_string(), 1)]);
    // Named in full elsewhere in the text: the word opening a sentence is her name too.
    let text = "Holly Day joined us. Holly enjoys art.";
    assert_eq!(word_prose(text), vec![(FullName, "Holly Day".to_string(), 3), (FirstNameAlone, "Holly".to_string(), 3)]);
    // The school's details exempt their span, never the word elsewhere.
    assert_eq!(word_prose("We thank Lane for helping."), one(SurnameAlone, "Lane", 4));
}

#[test]
fn a_caption_reads_a_word_name_as_a_name() {
    let index = word_names();
    for caption in ["Holly on the climbing frame", "Will painting a rainbow", "Rose and her certificate"] {
        let hits = index.find_in_caption(caption);
        assert_eq!(hits.len(), 1, "{caption}");
        assert!(hits[0].why.is_some(), "{caption}");
    }
    // What makes a word a thing still holds: a phrase, a determiner.
    for caption in ["Children in the Hall at the Safer Internet Day assembly", "Rose bushes in the Rose Garden"] {
        assert_eq!(index.find_in_caption(caption), vec![], "{caption}");
    }
}

#[test]
fn word_names_in_identifiers_need_no_ordinary_words_around_them() {
    let index = word_names();
    for name in ["safer-internet-day-assembly.png", "harvest-festival-church.png", "rose-garden.jpg", "#5-on-the-day"] {
        assert_eq!(index.find_in_identifier(name), vec![], "{name}");
    }
    assert_eq!(checked("holly.jpg", index.find_in_identifier("holly.jpg")), one(FirstNameAlone, "holly", 3));
    assert_eq!(checked("well-done-grace.jpg", index.find_in_identifier("well-done-grace.jpg")), one(FirstNameAlone, "grace", 2));
}

#[test]
fn a_pupil_among_the_staff_is_still_named_in_full() {
    let school = SchoolWords { staff: vec!["Will Green".to_string()], ..SchoolWords::default() };
    let index = match NameIndex::try_new(&[pupil(&["Will"], &["Green"]), pupil(&["Amelia"], &["Green"])], &school) {
        Ok(index) => index,
        Err(error) => panic!("{error}"),
    };
    // A digital leader listed under people: is a pupil, named in full.
    assert_eq!(checked("Will Green", index.find_in_prose("Will Green")), one(FullName, "Will Green", 0));
}

#[test]
fn outside_testers_sentences_read_as_a_school_means_them() {
    let ordinary = [
        "\u{2029}Day 1: if we have not heard from you, we call.",
        "We read Mark 10:14 together.",
        "Please use Church Lane, not the Green Lane entrance.",
        "\u{2029}Field Day\u{2029}",
        "\u{2029}Holly, ivy and laurel from the fair.",
        "Personal Best certificates go home on Friday.",
        "We break up in May. The trip is on 5th May, from March to May.",
        "Field trips run in May half term.",
    ];
    for text in ordinary {
        assert_eq!(word_prose(text), vec![], "{text}");
    }
    let named = [
        ("\u{2029}Will and Poppy were stars of the week.", "Will"),
        ("\u{2029}Mark and his brother raised money.", "Mark"),
        ("Well done to May for her poem.", "May"),
        ("Thank you to the Hill family for the plants.", "Hill"),
        ("\u{2029}May, Rose and Holly tidied the library.", "Rose"),
    ];
    for (text, name) in named {
        assert!(word_prose(text).iter().any(|(_, matched, _)| matched == name), "{text}: {:?}", word_prose(text));
    }
    // A results list writes the surname, then the initial.
    assert_eq!(word_prose("Poetry: Green, W. (3rd)"), one(SurnameWithInitialOrTitle, "Green, W", 0));
    assert_eq!(word_prose("25m back,Green W,3rd"), one(SurnameWithInitialOrTitle, "Green W", 0));
}

#[test]
fn outside_testers_second_round() {
    // A hashtag runs words together in prose too.
    assert_eq!(word_prose("#TeamCastlegate #WellDoneMayHill"), one(FullName, "MayHill", 1));
    assert_eq!(word_prose("#GoWillGreen"), one(FullName, "WillGreen", 0));
    for text in ["The Winter Concert is in St Mark's Church.", "*Our final on a bright Summer afternoon.*"] {
        assert_eq!(word_prose(text), vec![], "{text}");
    }
    // A month heading a block is a calendar's; after a colon in a sentence, a name.
    assert_eq!(word_prose("\u{2029}May: sports day\u{2029}"), vec![]);
    assert_eq!(word_prose("Star of the week: May (Reception)"), one(FirstNameAlone, "May", 1));
    // A kind of thing ending a sentence after a colon is not a column heading.
    assert_eq!(word_prose("Player of the match: Lane."), one(SurnameAlone, "Lane", 4));
}
