//! `missing-strings`: a language the school publishes in that the theme has no words for,
//! or not all of them. Its pages are still published, their navigation, headings and
//! notices in English, so a family reading Welsh meets English at every turn: the school
//! should know, and adding the words is a file, not code.

use crate::finding::Finding;
use crate::render::strings::Missing;

use super::Build;

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "missing-strings";

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    let school = build.school;
    let config = &school.config;
    let theme = &build.theme.name;
    let languages_line = school.config_line("languages");
    let mut findings = Vec::new();
    for lang in config.languages() {
        let name = crate::language::english_name(lang);
        match build.theme.strings.missing(lang) {
            None => {}
            Some(Missing::File) => findings.push(
                Finding::warning(ID, &school.config_file, languages_line)
                    .message(format!(
                        "the theme has no words in {name} (`{lang}`): the navigation, headings and notices of {name} pages are in English"
                    ))
                    .help(format!(
                        "add themes/{theme}/strings/{lang}.yaml: a copy of the English words (`policypress new theme NAME` writes them to themes/NAME/strings/en.yaml) with each one translated"
                    )),
            ),
            Some(Missing::Words(file, lacks)) => {
                let listed: Vec<&str> = lacks.iter().take(8).map(String::as_str).collect();
                let more = if lacks.len() > listed.len() { format!(" and {} more", lacks.len() - listed.len()) } else { String::new() };
                findings.push(
                    Finding::warning(ID, &file, None)
                        .message(format!("{} of the theme's words are missing in {name}, and shown in English: {}{more}", lacks.len(), listed.join(", ")))
                        .help("add each, translated, to this file: `policypress new theme NAME` writes every English word to themes/NAME/strings/en.yaml to copy from"),
                );
            }
        }
    }
    findings
}
