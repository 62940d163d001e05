//! One tier's agreement as it is printed: title, wording, the blanks to sign, and where
//! the wording comes from.
//!
//! In: plain strings (the rules already rendered through Tera, markup removed) and the
//! tier's signature fields. Out: an [`Agreement`] value the print job serialises for the
//! template, and its [`Agreement::identifier`], a short code printed in the footer so a
//! returned paper can be matched to the exact wording that was signed.

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::print::Block;
use crate::project::School;
use crate::project::config::{Kind, SignatureField};

/// The printed form of one tier's agreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreement {
    /// The tier id from front matter: `eyfs`, `ks2`, `staff`.
    pub tier: String,
    pub title: String,
    /// The wording, in order: headings, rule lists and paragraphs.
    pub blocks: Vec<Block>,
    /// The blanks to fill in, in the order they appear on paper.
    pub signatures: Vec<SignatureField>,
    /// The policy this agreement puts into practice, for the footer.
    pub policy: Option<PolicyNote>,
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
    /// The school's online safety policy and its approval, if the school lists it.
    pub(crate) fn for_school(school: &School) -> Option<PolicyNote> {
        let review = school.config.policies.get(GOVERNING_POLICY)?;
        let title = school
            .pages
            .iter()
            .find(|p| p.source.kind() == Kind::Policy && p.source.slug == GOVERNING_POLICY)
            .map_or_else(|| "Online safety policy".to_owned(), |p| p.source.front.title.clone());
        let approval = review.approved_on.map_or_else(|| "approval pending".to_owned(), |date| format!("approved {date}"));
        Some(PolicyNote { title, approval })
    }
}

impl Agreement {
    /// Tiers whose sheets are read by (or to) children under seven, printed larger in a
    /// literacy font.
    pub(crate) fn is_for_young_children(&self) -> bool {
        matches!(self.tier.as_str(), "eyfs" | "foundation" | "nursery" | "reception" | "ks1")
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
        for block in &self.blocks {
            match block {
                Block::Heading { level, text } => {
                    part(&format!("h{level}"));
                    part(text);
                }
                Block::List { numbered, start, tick_boxes, items } => {
                    part(if *numbered { "ol" } else { "ul" });
                    part(&start.to_string());
                    part(if *tick_boxes { "[ ]" } else { "" });
                    items.iter().for_each(|item| part(item));
                    part("/");
                }
                Block::Paragraph { text } => {
                    part("p");
                    part(text);
                }
                Block::Table { header, rows } => {
                    part("table");
                    for row in std::iter::once(header).chain(rows) {
                        row.iter().for_each(|cell| part(cell));
                        part("/");
                    }
                }
            }
        }
        for field in &self.signatures {
            part(field.label());
        }
        if let Some(policy) = &self.policy {
            part(&policy.title);
            part(&policy.approval);
        }
        format!("{}-{}", self.tier.to_uppercase(), crate::print::short_code(&hash.finalize()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ks2() -> Agreement {
        Agreement {
            tier: "ks2".into(),
            title: "Key Stage 2 agreement".into(),
            blocks: vec![Block::List {
                numbered: false,
                start: 1,
                tick_boxes: false,
                items: vec!["I ask first.".into(), "I tell an adult.".into()],
            }],
            signatures: vec![SignatureField::ChildName, SignatureField::Date],
            policy: None,
        }
    }

    #[test]
    fn identifier_is_stable_and_follows_the_wording() {
        let a = ks2();
        assert_eq!(a.identifier(), ks2().identifier());
        assert!(a.identifier().starts_with("KS2-"));
        assert_eq!(a.identifier().len(), "KS2-".len() + 8);
        let mut b = ks2();
        b.blocks = vec![Block::List { numbered: false, start: 1, tick_boxes: false, items: vec!["I ask first. I tell an adult.".into()] }];
        assert_ne!(a.identifier(), b.identifier());
    }
}
