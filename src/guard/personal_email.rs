//! `personal-email`: an e-mail address that is not one the school has chosen to publish,
//! and any webmail address at all. A teacher's personal address on the website is a
//! direct line to them that bypasses every safeguard the school has.

use std::sync::LazyLock;

use regex::Regex;

use crate::finding::Finding;

use crate::project::School;

use super::{Build, PublishedText};

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "personal-email";

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)[a-z0-9][a-z0-9._%+'-]*@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?-u:\b)").expect("valid")
});

/// An address written so that harvesting programs miss it, which a person reads at once:
/// `name [at] home [dot] example`, `name (at) home.example`, `name＠home.example` (a
/// full-width at sign), `name%40home.example` (in a link).
static DISGUISED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?-u:\b)[a-z0-9][a-z0-9._+'-]*\s*(?:\[\s*at\s*\]|\(\s*at\s*\)|＠|%40)\s*[a-z0-9-]+",
        r"(?:\s*(?:\.|\[\s*dot\s*\]|\(\s*dot\s*\))\s*[a-z0-9-]+)+"
    ))
    .expect("valid")
});

/// A disguised address as it is meant: `name@home.example`.
fn undisguised(written: &str) -> String {
    static AT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\s*(?:\[\s*at\s*\]|\(\s*at\s*\)|＠|%40)\s*").expect("valid"));
    static DOT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\s*(?:\[\s*dot\s*\]|\(\s*dot\s*\)|\.)\s*").expect("valid"));
    DOT.replace_all(&AT.replace_all(written, "@"), ".").into_owned()
}

/// Domains of free personal mail services: never a school's address.
const WEBMAIL: [&str; 24] = [
    "gmail.com",
    "googlemail.com",
    "hotmail.com",
    "hotmail.co.uk",
    "outlook.com",
    "live.com",
    "live.co.uk",
    "msn.com",
    "yahoo.com",
    "yahoo.co.uk",
    "ymail.com",
    "aol.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "protonmail.com",
    "proton.me",
    "gmx.com",
    "gmx.co.uk",
    "mail.com",
    "btinternet.com",
    "sky.com",
    "virginmedia.com",
    "talktalk.net",
];

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    let allowed = allowed(build.school);
    let mut findings = Vec::new();
    for (page, scan) in build.pages() {
        // Each mention is its own finding, at its own place.
        let mut claimed = Vec::new();
        for part in scan.readable_parts() {
            let plain = EMAIL.find_iter(part).map(|found| (found.range(), found.as_str().to_owned()));
            let disguised = DISGUISED.find_iter(part).map(|found| (found.range(), undisguised(found.as_str())));
            for (range, address) in plain.chain(disguised) {
                if let Some((message, help)) = judge(&address, &allowed) {
                    let (file, span) = build.locate_name(page, part, range, &mut claimed);
                    findings.push(Finding::error(ID, &file, span).message(message).help(help));
                }
            }
        }
    }
    for published in build.published_texts() {
        findings.extend(in_text(&published, &allowed));
    }
    findings
}

/// The addresses this school publishes, in lower case.
pub(super) fn allowed(school: &School) -> Vec<String> {
    let config = &school.config;
    config.publishable_emails.iter().chain(std::iter::once(&config.contact.email)).map(|e| e.to_lowercase()).collect()
}

/// Each address in words published other than as a page that is not `allowed`.
pub(super) fn in_text(published: &PublishedText<'_>, allowed: &[String]) -> Vec<Finding> {
    EMAIL
        .find_iter(published.text)
        .filter_map(|found| {
            let (message, help) = judge(found.as_str(), allowed)?;
            Some(Finding::error(ID, published.file, published.span(found.start())).message(published.placed(message)).help(help))
        })
        .collect()
}

/// What is wrong with publishing `address`, if anything.
fn judge(address: &str, allowed: &[String]) -> Option<(String, &'static str)> {
    let address = address.to_lowercase();
    let domain = address.rsplit('@').next().unwrap_or_default();
    let webmail = WEBMAIL.contains(&domain);
    if !webmail && allowed.contains(&address) {
        return None;
    }
    Some(if webmail {
        (format!("{address} is a personal webmail address"), "publish a school address such as the office's instead")
    } else {
        (
            format!("{address} is not on this school's list of publishable e-mail addresses"),
            "use the school's contact address, or add this school address to `publishable_emails:` in school.yaml",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::{DISGUISED, EMAIL, undisguised};

    #[test]
    fn disguised_addresses_are_read_as_meant() {
        for written in [
            "garcia.family [at] homemail [dot] example",
            "h.quennell (at) homemail.example",
            "garcia.family＠homemail.example",
            "mailto:garcia.family%40homemail.example",
        ] {
            let found = DISGUISED.find(written).unwrap_or_else(|| panic!("{written}"));
            assert!(undisguised(found.as_str()).ends_with("@homemail.example"), "{written}: {}", found.as_str());
        }
        for prose in ["we meet (at) the gate", "look at the map", "Year 3 [at] school"] {
            assert!(DISGUISED.find(prose).is_none(), "{prose}");
        }
    }

    #[test]
    fn finds_addresses_in_text() {
        let found: Vec<&str> = EMAIL.find_iter("Write to office@hollinspark.example or j.smith99@gmail.com.").map(|m| m.as_str()).collect();
        assert_eq!(found, ["office@hollinspark.example", "j.smith99@gmail.com"]);
        assert!(!EMAIL.is_match("Follow us @hollinspark on the web"));
    }
}
