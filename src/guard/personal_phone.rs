//! `personal-phone`: a UK phone number that is not the school's own, mobiles above all.
//! Numbers are compared as digits, so "01632 960000", "(01632) 960 000" and
//! "+44 1632 960000" are the same number. Freephone and national service numbers
//! (0800, 0808, 03, 116 ...) are not anyone's personal line and are left alone.

use std::sync::LazyLock;

use regex::Regex;

use crate::finding::Finding;

use super::{Build, PublishedText};

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "personal-phone";

/// A UK number in any usual spelling: +44 or 0044 or 0, then 9-10 more digits with
/// spaces, dots, hyphens or brackets between them.
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:\+\s?44|(?-u:\b)0044|\(0|(?-u:\b)0)[\s.\-()]*(?:\d[\s.\-()]{0,2}){8,9}\d(?-u:\b)").expect("valid"));

/// The national form of a number: digits only, starting with 0.
pub(crate) fn normalise(number: &str) -> Option<String> {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let national = if let Some(rest) =
        digits.strip_prefix("0044").or_else(|| number.trim_start().starts_with('+').then(|| digits.strip_prefix("44")).flatten())
    {
        // "+44 (0)1632 ..." carries a redundant 0 after the country code.
        format!("0{}", rest.strip_prefix('0').unwrap_or(rest))
    } else {
        digits
    };
    (national.starts_with('0') && (10..=11).contains(&national.len())).then_some(national)
}

fn is_service_number(national: &str) -> bool {
    ["080", "03", "0845", "0870", "0871", "0843", "0844", "0116", "0111"].iter().any(|p| national.starts_with(p))
}

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    let school_number = normalise(&build.school.config.contact.phone);
    let mut findings = Vec::new();
    for (page, scan) in build.pages() {
        // Each mention is its own finding, at its own place.
        let mut claimed = Vec::new();
        for part in scan.readable_parts() {
            for found in PHONE.find_iter(part) {
                if let Some(message) = judge(found.as_str(), school_number.as_deref()) {
                    let (file, span) = build.locate_name(page, part, found.range(), &mut claimed);
                    findings.push(Finding::error(ID, &file, span).message(message).help(HELP));
                }
            }
        }
    }
    for published in build.published_texts() {
        findings.extend(in_text(&published, school_number.as_deref()));
    }
    findings
}

/// Each number in words published other than as a page that is not the school's.
pub(super) fn in_text(published: &PublishedText<'_>, school_number: Option<&str>) -> Vec<Finding> {
    PHONE
        .find_iter(published.text)
        .filter_map(|found| {
            let message = judge(found.as_str(), school_number)?;
            Some(Finding::error(ID, published.file, published.span(found.start())).message(published.placed(message)).help(HELP))
        })
        .collect()
}

const HELP: &str = "publish only the school's own number (`contact.phone` in school.yaml)";

/// What is wrong with publishing the number `found`, if anything.
fn judge(found: &str, school_number: Option<&str>) -> Option<String> {
    let national = normalise(found)?;
    if Some(national.as_str()) == school_number || is_service_number(&national) {
        return None;
    }
    let kind = if national.starts_with("07") { "a mobile number" } else { "a phone number that is not the school's" };
    Some(format!("{} is {kind}", found.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_number_agree() {
        for spelling in ["01632 960000", "(01632) 960 000", "+44 1632 960000", "+44 (0)1632 960000", "0044 1632-960-000", "01632.960.000"] {
            assert_eq!(normalise(spelling).as_deref(), Some("01632960000"), "{spelling}");
            assert!(PHONE.is_match(spelling), "{spelling}");
        }
    }

    #[test]
    fn finds_mobiles_and_ignores_other_numbers() {
        let text = "Call 07700 900123 or +447700900456. Founded 1998; 2,000 pupils; ref 2025-09-10; Childline 0800 1111.";
        let found: Vec<String> = PHONE.find_iter(text).filter_map(|m| normalise(m.as_str())).collect();
        assert_eq!(found, ["07700900123", "07700900456"]);
        assert!(is_service_number("08001111000"));
    }
}
