//! `unfilled-placeholder`: template leftovers such as "Insert date", "[school name]",
//! "XX/XX/XXXX" or "TBC", in a page or in school.yaml, and people listed without a name
//! or a role. Real policies go out with these more often than anyone would like.

use std::sync::LazyLock;

use regex::Regex;

use crate::finding::Finding;
use crate::text::html;

use super::Build;
use crate::scaffold::FILL_IN;

/// This rule's id, in every finding it makes and in the documentation.
pub(super) const ID: &str = "unfilled-placeholder";

static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i:(?-u:\b)insert\s+(?:the\s+|a\s+|your\s+)?(?:date|name|school|details|text|here|title|number|address|role|year|email|e-mail|phone)(?-u:\b))",
        r"|\[[^\]\n]{0,60}(?-u:\b)(?i:name|date|insert|school|title|details|address|role)(?-u:\b)[^\]\n]{0,60}\]",
        r"|(?i:(?-u:\b)(?:xx|dd)/(?:xx|mm)/(?:xxxx|yyyy|xx|yy)(?-u:\b))",
        r"|(?-u:\b)(?:TBC|TBA|TBD)(?-u:\b)",
        r"|(?i:(?-u:\b)to be confirmed(?-u:\b)|(?-u:\b)lorem ipsum(?-u:\b))",
    ))
    .expect("the placeholder pattern is valid")
});

pub(crate) fn check(build: &Build<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let school = build.school;
    for page in build.checked_pages() {
        let Some(source) = &page.source else { continue };
        let text = format!("{} {}", source.front.title, html::visible_text(page.content()));
        for found in PLACEHOLDER.find_iter(&text) {
            let needle = found.as_str();
            // A leftover that came from school.yaml is reported there, once.
            if source.find(needle).is_none() && school.config_text.contains(needle) {
                continue;
            }
            let (file, span) = build.locate(page, needle);
            findings.push(leftover(&file, span, needle));
        }
    }
    // Every text value in school.yaml (not the raw text, whose `[a, b]` lists would look
    // like "[school name]").
    let mut values = Vec::new();
    collect_strings(&serde_json::to_value(&school.config).unwrap_or_default(), &mut values);
    for value in values.iter().filter(|value| !value.contains(FILL_IN)) {
        for found in PLACEHOLDER.find_iter(value) {
            let span = build.locate_in_config(found.as_str(), 1);
            findings.push(leftover(&school.config_file, span, found.as_str()));
        }
    }
    findings.extend(marked_to_fill_in(&school.config_file, &school.config_text));
    for person in &school.config.people {
        let span = crate::project::config::span_of(&person.name);
        if person.name.value.trim().is_empty() {
            findings.push(
                Finding::error(ID, &school.config_file, span)
                    .message("a person under `people:` has an empty name")
                    .help("give the person's name as it should be published, e.g. `Mrs Priya Raman`"),
            );
        } else if person.roles.is_empty() {
            findings.push(
                Finding::error(ID, &school.config_file, span)
                    .message(format!("{} is listed under `people:` with no roles", person.name.value))
                    .help("give their roles, e.g. `roles: [dsl]`, or remove them"),
            );
        }
    }
    findings
}

/// Every value `new school` or `init` wrote for a person to change and nobody has: each at
/// its own line (the same example under every policy is a finding under each).
fn marked_to_fill_in(file: &std::path::Path, yaml: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    let lines: Vec<&str> = yaml.lines().collect();
    for (index, line) in lines.iter().copied().enumerate() {
        let code = line.trim_start();
        if code.starts_with('#') {
            continue;
        }
        let Some(at) = line.find(FILL_IN) else { continue };
        let value_start = line[..at].rfind(['"', '\'']).filter(|&q| line[q + 1..at].trim().is_empty()).unwrap_or(at);
        let column = u32::try_from(line[..value_start].chars().count() + 1).unwrap_or(1);
        let line_number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let what = line[at + FILL_IN.len()..].trim_start_matches(':').trim().trim_end_matches(['"', '\'']).trim();
        // A list item's key is the line above it that opens the list (`address:`).
        let key = if code.starts_with("- ") && !code.split(FILL_IN).next().unwrap_or_default().contains(':') {
            let indent = line.len() - code.len();
            lines[..index].iter().copied().rev().find(|above| {
                let above_code = above.trim_start();
                !above_code.is_empty() && !above_code.starts_with(['#', '-']) && above.len() - above_code.len() < indent.max(1)
            })
        } else {
            Some(line)
        }
        .and_then(|keyed| keyed.trim_start().trim_start_matches("- ").split_once(':'))
        .map(|(key, _)| key.trim())
        .filter(|key| !key.contains(FILL_IN));
        let message = match key {
            Some(key) => format!("`{key}` still holds the example policypress wrote ({what}), so the school cannot be published yet"),
            None => format!("this line still holds the example policypress wrote ({what}), so the school cannot be published yet"),
        };
        findings.push(
            Finding::error(ID, file, Some(crate::finding::Span { line: line_number, column }))
                .message(message)
                .help("write the school's own value in place of the whole \"FILL IN: ...\" text"),
        );
    }
    findings
}

fn collect_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(text) => out.push(text.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}

fn leftover(file: &std::path::Path, span: Option<crate::finding::Span>, needle: &str) -> Finding {
    Finding::error(ID, file, span)
        .message(format!("\"{needle}\" looks like a placeholder left unfilled"))
        .help("replace it with the real text, or, for a school's details, use a value from school.yaml such as {{ school.name }}")
}

#[cfg(test)]
mod tests {
    use super::PLACEHOLDER;

    #[test]
    fn finds_the_usual_leftovers() {
        for text in ["Approved on Insert date", "[school name]", "[Name of DSL]", "Reviewed XX/XX/XXXX", "Governor: TBC", "dd/mm/yyyy"] {
            assert!(PLACEHOLDER.is_match(text), "{text}");
        }
    }

    #[test]
    fn leaves_ordinary_prose_alone() {
        for text in [
            "Never insert a memory stick you found.",
            "Tables are fine [1] and so is [sic].",
            "We will confirm the date in writing.",
            "Tbc is not shouted",
            "Dates are written 10/09/2025.",
        ] {
            assert!(!PLACEHOLDER.is_match(text), "{text}");
        }
    }
}
