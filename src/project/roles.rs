//! Roles: the built-in role ids with their titles, and who holds each in a school.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::project::config::SchoolConfig;

const BUILT_IN: [(&str, &str); 18] = [
    ("headteacher", "Headteacher"),
    ("deputy-headteacher", "Deputy Headteacher"),
    ("siro", "Senior Information Risk Owner"),
    ("dsl", "Designated Safeguarding Lead"),
    ("deputy-dsl", "Deputy Designated Safeguarding Lead"),
    ("esafety-coordinator", "E-Safety Co-ordinator"),
    ("esafety-governor", "E-Safety Governor"),
    ("safeguarding-governor", "Safeguarding Governor"),
    ("chair-of-governors", "Chair of Governors"),
    ("filtering-lead", "Filtering and Monitoring Lead"),
    ("computing-lead", "Computing Lead"),
    ("ict-coordinator", "ICT Co-ordinator"),
    ("network-manager", "Network Manager"),
    ("data-manager", "Data Manager"),
    ("data-protection-officer", "Data Protection Officer"),
    ("office-manager", "Office Manager"),
    ("media-representative", "Media and Communications Representative"),
    ("senco", "Special Educational Needs Co-ordinator"),
];

/// One role as templates see it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RoleHolders {
    pub(crate) title: String,
    pub(crate) names: Vec<String>,
    /// The names joined as a sentence would: "Ms A, Mr B and Dr C".
    pub(crate) text: String,
}

/// Every role a school knows (built-in plus its own), with titles and holders.
#[derive(Debug, Clone, Default)]
pub(crate) struct RoleBook {
    titles: BTreeMap<String, String>,
    holders: BTreeMap<String, RoleHolders>,
}

impl RoleBook {
    /// The school's roles with their titles in the language its sources are written in
    /// (`language:`), for the checks of the load stage and the rules.
    pub(crate) fn new(school: &SchoolConfig) -> RoleBook {
        let built_in = |id: &str| BUILT_IN.iter().find(|(known, _)| *known == id).map(|(_, title)| (*title).to_owned());
        RoleBook::in_language(school, &school.language, &built_in, &join_names)
    }

    /// The school's roles as a page in `lang` shows them: the school's own title in that
    /// language, else `built_in`'s (the theme's words for it), else the school's first
    /// title; names joined by `join` ("a", "ac" in Welsh).
    pub(crate) fn in_language(
        school: &SchoolConfig,
        lang: &str,
        built_in: &dyn Fn(&str) -> Option<String>,
        join: &dyn Fn(&[String]) -> String,
    ) -> RoleBook {
        let mut titles: BTreeMap<String, String> =
            BUILT_IN.iter().map(|(id, english)| ((*id).to_owned(), built_in(id).unwrap_or_else(|| (*english).to_owned()))).collect();
        // The school's title in this language; else the theme's for a built-in role, where
        // the theme has words in it; else the school's in its own language.
        for (id, title) in &school.roles {
            let chosen = title
                .in_language(lang)
                .map(str::to_owned)
                .or_else(|| built_in(id))
                .or_else(|| title.in_language(&school.language).map(str::to_owned))
                .or_else(|| title.all().first().map(|t| (*t).to_owned()));
            titles.insert(id.clone(), chosen.unwrap_or_default());
        }
        let mut names: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for person in &school.people {
            for role in &person.roles {
                names.entry(role.value.as_str()).or_default().push(person.name.value.clone());
            }
        }
        let holders = names
            .into_iter()
            .filter_map(|(id, names)| {
                let title = titles.get(id)?.clone();
                let text = join(&names);
                Some((id.to_owned(), RoleHolders { title, names, text }))
            })
            .collect();
        RoleBook { titles, holders }
    }

    pub(crate) fn title(&self, role: &str) -> Option<&str> {
        self.titles.get(role).map(String::as_str)
    }

    pub(crate) fn holders(&self, role: &str) -> Option<&RoleHolders> {
        self.holders.get(role)
    }

    pub(crate) fn is_known(&self, role: &str) -> bool {
        self.titles.contains_key(role)
    }

    pub(crate) fn known(&self) -> impl Iterator<Item = &str> {
        self.titles.keys().map(String::as_str)
    }

    /// Every role's title ("Designated Safeguarding Lead").
    pub(crate) fn titles(&self) -> impl Iterator<Item = &str> {
        self.titles.values().map(String::as_str)
    }

    /// Only roles somebody holds, so templates can test `"x" in roles`.
    pub(crate) fn held(&self) -> &BTreeMap<String, RoleHolders> {
        &self.holders
    }
}

/// "A", "A and B", "A, B and C".
pub(crate) fn join_names(names: &[String]) -> String {
    join_names_with(names, |_| "and")
}

/// Names joined as a sentence, the last two by the word `and` gives for the last name
/// (Welsh has "a", and "ac" before a vowel).
pub(crate) fn join_names_with<'a>(names: &[String], and: impl Fn(&str) -> &'a str) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), and(last)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_join_as_in_a_sentence() {
        let names: Vec<String> = ["Ms A", "Mr B", "Dr C"].map(String::from).to_vec();
        assert_eq!(join_names(&names[..1]), "Ms A");
        assert_eq!(join_names(&names[..2]), "Ms A and Mr B");
        assert_eq!(join_names(&names), "Ms A, Mr B and Dr C");
    }
}
