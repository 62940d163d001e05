//! One tier's agreement as it is printed: title, wording, the blanks to sign, and where
//! the wording comes from.
//!
//! In: the printed wording (blocks read from the page's published HTML) and the tier's
//! signature fields. Out: an [`Agreement`] value the print job serialises for the
//! template, and its [`Agreement::identifier`], a short code printed in the footer so a
//! returned paper can be matched to the exact wording that was signed.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::print::Block;
use crate::project::School;
use crate::project::config::{Kind, SignatureField};
use crate::render::strings::Words;

/// The printed form of one tier's agreement.
#[derive(Debug, Clone, PartialEq)]
pub struct Agreement {
    /// The tier id from front matter: `eyfs`, `ks2`, `staff`.
    pub tier: String,
    pub title: String,
    /// The wording, in order: headings, rule lists, paragraphs, tables, pictures.
    pub blocks: Vec<Block>,
    /// The pictures the wording prints, by their path in the site (`/media/3fa1.png`).
    pub pictures: Vec<String>,
    /// Printed larger, in an easy-to-read font, for children under seven.
    pub young_readers: bool,
    /// How many pages one copy may take.
    pub pages: u32,
    /// The source it is printed from, and where its front matter sets `pages:` (or, if
    /// it does not, its title), for the message when a copy does not fit.
    pub(crate) source: std::path::PathBuf,
    pub(crate) pages_span: Option<crate::finding::Span>,
    pub(crate) pages_set: bool,
    /// The blanks to fill in, in the order they appear on paper, and their labels in the
    /// agreement's language.
    pub signatures: Vec<SignatureField>,
    pub labels: Vec<String>,
    /// The policy this agreement puts into practice, for the footer.
    pub policy: Option<PolicyNote>,
    /// The language of its wording.
    pub lang: String,
    /// On a bilingual sheet: the same agreement in the second language, printed after it.
    pub second: Option<Box<Agreement>>,
}

/// The footer's reference to the governing policy: "Online Safety Policy, approved
/// 10 September 2025". `approval` is free text so a school may give a version instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyNote {
    pub title: String,
    pub approval: String,
}

/// The policy whose approval the footer cites: agreements put the online safety policy
/// into practice.
const GOVERNING_POLICY: &str = "online-safety";

impl PolicyNote {
    /// The school's online safety policy and its approval, if the school lists it, in
    /// `words`' language (the policy's title as its page in that language gives it).
    pub(crate) fn for_school(school: &School, words: &Words) -> Option<PolicyNote> {
        let review = school.config.policies.get(GOVERNING_POLICY)?;
        let policy = |p: &&crate::project::Page| p.source.kind() == Kind::Policy && p.source.slug == GOVERNING_POLICY;
        let title = school
            .pages
            .iter()
            .filter(policy)
            .find(|p| crate::language::same(&p.lang, &words.lang))
            .or_else(|| school.pages.iter().find(policy))
            .map_or_else(|| "Online safety policy".to_owned(), |p| p.source.front.title.clone());
        let approval = review.approved_on.map_or_else(
            || words.get("pdf_approval_pending").to_owned(),
            |date| words.fill("pdf_approved", &[("date", &words.date(date))]),
        );
        Some(PolicyNote { title, approval })
    }
}

impl Agreement {
    /// An agreement printed from `source`, for young readers and held to a page budget
    /// as its tier is by default (see [`Agreement::is_early_tier`],
    /// [`Agreement::default_pages`]).
    pub fn new(
        tier: &str,
        title: &str,
        blocks: Vec<Block>,
        signatures: Vec<SignatureField>,
        policy: Option<PolicyNote>,
        source: &std::path::Path,
    ) -> Agreement {
        Agreement {
            tier: tier.to_owned(),
            title: title.to_owned(),
            young_readers: Agreement::is_early_tier(tier),
            pages: Agreement::default_pages(tier, &signatures),
            blocks,
            pictures: Vec::new(),
            labels: signatures.iter().map(|field| field.label().to_owned()).collect(),
            signatures,
            policy,
            lang: "en-GB".to_owned(),
            second: None,
            source: source.to_path_buf(),
            pages_span: None,
            pages_set: false,
        }
    }

    /// Whether a tier's sheets are read by (or to) children under seven, unless its front
    /// matter says: the early years tiers, in England and in Wales.
    pub fn is_early_tier(tier: &str) -> bool {
        matches!(tier, "eyfs" | "foundation" | "foundation-phase" | "nursery" | "reception" | "ks1")
    }

    /// How many pages a tier's copy may take unless its front matter says: two for an
    /// adult's agreement with many commitments (staff, governors, volunteers, anyone who
    /// gives a job title), one for a pupil's, a parent's or a visitor's sheet.
    pub fn default_pages(tier: &str, signatures: &[SignatureField]) -> u32 {
        let adult = matches!(tier, "staff" | "governors" | "volunteers")
            || signatures.iter().any(|s| matches!(s, SignatureField::JobTitle | SignatureField::EmployeeSignature));
        if adult { 2 } else { 1 }
    }

    /// The error at its source if any of these `sheets` of it takes more pages than it
    /// may: once, for the longest.
    pub(crate) fn over_budget(&self, sheets: &[crate::print::Sheet]) -> Option<crate::finding::Finding> {
        let longest = sheets.iter().filter(|sheet| sheet.tier == self.tier).max_by(|a, b| a.needs.total_cmp(&b.needs))?;
        let why = longest.over(self.pages)?;
        let help = if self.pages_set {
            "shorten the wording, or raise `pages:` in its front matter if the sheet may be longer"
        } else {
            "shorten the wording, or set `pages:` in its front matter if the sheet may be longer; a smaller font is never used"
        };
        Some(
            crate::finding::Finding::error(crate::finding::id::TOO_LONG_TO_PRINT, &self.source, self.pages_span)
                .message(format!("the {} ({}): {why}", self.title, self.tier))
                .help(help),
        )
    }

    /// A short code for this exact wording: the tier, then eight characters of a hash of
    /// everything printed from the agreement (title, wording, blanks, policy note). Any
    /// change to the wording changes the code; the pupil's details do not enter it, so
    /// every copy of one version carries the same code.
    pub fn identifier(&self) -> String {
        let mut hash = Sha256::new();
        // Each part is length-prefixed so that moving text between parts changes the hash.
        let mut part = |text: &str| {
            hash.update((text.len() as u64).to_le_bytes());
            hash.update(text.as_bytes());
        };
        part(&self.tier);
        part(&self.title);
        // Everything printed from the wording, as the template reads it.
        part(&serde_json::to_string(&self.blocks).unwrap_or_default());
        part(if self.young_readers { "young" } else { "" });
        for label in &self.labels {
            part(label);
        }
        if let Some(policy) = &self.policy {
            part(&policy.title);
            part(&policy.approval);
        }
        if let Some(second) = &self.second {
            part(&second.title);
            part(&serde_json::to_string(&second.blocks).unwrap_or_default());
        }
        format!("{}-{}", self.tier.to_uppercase(), crate::print::short_code(&hash.finalize()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(items: &[&str]) -> Block {
        use crate::print::blocks::{Inline, ListItem};
        let items = items
            .iter()
            .map(|text| ListItem { ticked: None, blocks: vec![Block::Paragraph { content: vec![Inline::Text { text: (*text).into() }] }] })
            .collect();
        Block::List { numbered: false, start: 1, tick_boxes: false, items }
    }

    fn ks2() -> Agreement {
        Agreement {
            tier: "ks2".into(),
            title: "Key Stage 2 agreement".into(),
            blocks: vec![rules(&["I ask first.", "I tell an adult."])],
            pictures: Vec::new(),
            young_readers: false,
            pages: 1,
            source: "content/agreements/ks2.md".into(),
            pages_span: None,
            pages_set: false,
            signatures: vec![SignatureField::ChildName, SignatureField::Date],
            labels: vec!["Child's name".into(), "Date".into()],
            policy: None,
            lang: "en-GB".into(),
            second: None,
        }
    }

    #[test]
    fn identifier_is_stable_and_follows_the_wording() {
        let a = ks2();
        assert_eq!(a.identifier(), ks2().identifier());
        assert!(a.identifier().starts_with("KS2-"));
        assert_eq!(a.identifier().len(), "KS2-".len() + 8);
        let mut b = ks2();
        b.blocks = vec![rules(&["I ask first. I tell an adult."])];
        assert_ne!(a.identifier(), b.identifier());
    }
}
