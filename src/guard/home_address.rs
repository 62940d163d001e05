//! `home-address`: a UK postcode or a street address that is not the school's. A home
//! address beside a child's first name or photo is how a stranger finds a child.

use std::sync::LazyLock;

use regex::Regex;

use crate::finding::Finding;

use super::Build;

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "home-address";

/// A UK postcode: outward code, optional space, inward code.
static POSTCODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)[A-Z]{1,2}[0-9][A-Z0-9]?\s?[0-9][A-Z]{2}(?-u:\b)").expect("valid"));

/// A house number and a street: "12 Mill Lane", "3a Thornbury Road", "14 Wren Cl.",
/// "22 Rook ln". A non-breaking space is a space here.
static STREET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        // Words of one address are apart by spaces or one line break, never by a blank
        // line: that is the gap between separate blocks of a page.
        r"(?-u:\b)[0-9]{1,4}[a-z]?,?(?:[ \t\u{a0}]+|[ \t\u{a0}]*\n[ \t\u{a0}]*)(?:[A-Z][A-Za-z'’-]+(?:[ \t\u{a0}]+|[ \t\u{a0}]*\n[ \t\u{a0}]*)){1,3}",
        r"(?i:Road|Street|Lane|Avenue|Close|Drive|Way|Crescent|Grove|Place|Terrace|Gardens|Court|Walk|Rise|Mews|Row|Square|Parade|View",
        r"|Rd|Ln|Ave|Cl|Dr|Cres|Gdns|Ct|Pl|Sq)(?-u:\b)"
    ))
    .expect("valid")
});

/// A street as Welsh and Polish addresses write it, its kind before its name: "12 Heol y
/// Bont", "3 Ffordd Caerdydd", "7 Maes yr Haf"; "ul. Długa 5", "al. Lipowa 12/4".
static STREET_NAMED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?-u:\b)[0-9]{1,4}[a-z]?,?[ \t\u{a0}]+(?:(?i:Heol|Ffordd|Stryd|Lôn|Lon|Rhodfa|Cilgant|Teras|Clos)|Maes[ \t\u{a0}]+yr?)",
        r"[ \t\u{a0}]+(?:(?:y|yr)[ \t\u{a0}]+)?\p{Lu}[\p{L}'’-]+",
        r"|(?-u:\b)(?i:ul\.|ulica|al\.|aleja|os\.|osiedle)[ \t\u{a0}]+\p{Lu}[\p{L}-]+(?:[ \t\u{a0}]+\p{Lu}[\p{L}-]+){0,2}",
        r"[ \t\u{a0}]+[0-9]{1,4}[a-zA-Z]?(?:/[0-9]{1,4})?(?-u:\b)"
    ))
    .expect("valid")
});

/// Every address-like run of `text`: postcodes, and streets written either way round.
fn addresses(text: &str) -> impl Iterator<Item = regex::Match<'_>> {
    POSTCODE.find_iter(text).chain(STREET.find_iter(text)).chain(STREET_NAMED_AFTER.find_iter(text))
}

fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase()
}

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    let school_address = squash(&build.school.config.contact.address.join(" "));
    let mut findings = Vec::new();
    for (page, scan) in build.pages() {
        // Each mention is its own finding, at its own place.
        let mut claimed = Vec::new();
        for part in scan.readable_parts() {
            for found in addresses(part) {
                let key = squash(found.as_str());
                if school_address.contains(&key) {
                    continue;
                }
                let (file, span) = build.locate_name(page, part, found.range(), &mut claimed);
                findings.push(Finding::error(ID, &file, span).message(message(found.as_str())).help(HELP));
            }
        }
    }
    // The words of the files published beside the pages: a theme's scripts and data, a
    // text file a page links to.
    for published in build.published_texts() {
        for found in addresses(published.text) {
            if !school_address.contains(&squash(found.as_str())) {
                let finding = Finding::error(ID, published.file, published.span(found.start()));
                findings.push(finding.message(published.placed(message(found.as_str()))).help(HELP));
            }
        }
    }
    findings
}

const HELP: &str = "publish only the school's own address (`contact.address` in school.yaml)";

fn message(found: &str) -> String {
    format!("\"{found}\" looks like an address that is not the school's")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_postcodes_and_streets() {
        assert!(POSTCODE.is_match("HF1 2AB"));
        assert!(POSTCODE.is_match("SW1A 1AA"));
        assert!(POSTCODE.is_match("m14 5tp".to_uppercase().as_str()));
        assert!(!POSTCODE.is_match("Year 3 and KS2"));
        assert!(STREET.is_match("she lives at 12 Mill Lane"));
        assert!(STREET.is_match("3a Upper Thornbury Road"));
        assert!(!STREET.is_match("Thornbury Road juniors"));
        assert!(!STREET.is_match("in 2025 Road safety week"));
        for written in ["14 Wren close", "14 Wren Cl.", "22 Rook Ln", "14 Wren Rd", "3 Kestrel View", "14\u{a0}Wren Close"] {
            assert!(STREET.is_match(written), "{written}");
        }
        assert!(!STREET.is_match("Class 4 Willow read a story"));
    }

    /// Regression: the rules on contacts read English addresses only, and a Welsh or
    /// Polish page could publish a family's.
    #[test]
    fn finds_welsh_and_polish_streets() {
        for written in [
            "mae hi'n byw yn 12 Heol y Bont",
            "3 Ffordd Caerdydd",
            "7 Maes yr Haf",
            "15 Lôn Glan Môr",
            "mieszka przy ul. Długa 5",
            "al. Jerozolimskie 12/4",
        ] {
            assert!(addresses(written).next().is_some(), "{written}");
        }
        for said in ["Blwyddyn 6 yn yr ysgol", "ar 3 Ffordd", "ul. 5", "Tymor yr Haf 2026", "o 2 heol"] {
            assert!(addresses(said).next().is_none(), "{said}");
        }
    }
}
