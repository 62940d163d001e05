//! `policypress import --as-model ID=FILE...`: several schools' versions of one policy
//! imported together. The text most of them share becomes the trust's model
//! (`content/policies/<slug>.md`), each section in a block; each school whose text differs
//! gets its own version that keeps the model and replaces the sections it words its own
//! way (`schools/<id>/content/policies/<slug>.md`), with the record of the model's text
//! it was based on beside it, as `policypress overrides --record` writes it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{ImportOptions, Imported, Plan, SchoolPlan, Target, YamlEdit, import_one, known_of, pupils_of, read_file, school_file};
use crate::date::Date;
use crate::finding::{Finding, id};
use crate::project::base_record::BaseRecord;
use crate::project::blocks::normalised;
use crate::project::layout;
use crate::project::source::is_slug;

/// A section of a policy: the words before its first heading, or a heading and what
/// follows it up to the next heading as high.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Section {
    /// The block's name: the heading's words as a template name (`mobile_phones`).
    name: String,
    text: String,
}

/// A heading's words as a block name: lower-case letters, digits and underscores, not
/// starting with a digit.
fn block_name(heading: &str) -> String {
    let mut name = String::new();
    for c in heading.trim_start_matches('#').chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.is_empty() && !name.ends_with('_') {
            name.push('_');
        }
    }
    let name = name.trim_matches('_').trim_start_matches(|c: char| c.is_ascii_digit() || c == '_').to_owned();
    if name.is_empty() { "section".to_owned() } else { name }
}

/// The sections of a Markdown body, split at its top headings (`## `).
fn sections(body: &str) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    let mut current = Section { name: "introduction".to_owned(), text: String::new() };
    for line in body.lines() {
        if line.starts_with("## ") {
            if !current.text.trim().is_empty() {
                sections.push(current);
            }
            current = Section { name: block_name(line), text: String::new() };
        }
        current.text.push_str(line);
        current.text.push('\n');
    }
    if !current.text.trim().is_empty() {
        sections.push(current);
    }
    // Two headings of the same words: the second block is told apart.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for section in &mut sections {
        let count = seen.entry(section.name.clone()).or_default();
        *count += 1;
        if *count > 1 {
            section.name = format!("{}_{count}", section.name);
        }
    }
    sections
}

/// The model: each section more than half the schools have, in the words most of them use (the first
/// school's where as many use each); in the order of the first school to have it.
fn model_of(versions: &[Vec<Section>]) -> Vec<Section> {
    let mut order: Vec<String> = Vec::new();
    for version in versions {
        for (i, section) in version.iter().enumerate() {
            if order.contains(&section.name) {
                continue;
            }
            let after = version[..i].iter().rev().find_map(|s| order.iter().position(|o| *o == s.name));
            order.insert(after.map_or(0, |p| p + 1).min(order.len()), section.name.clone());
        }
    }
    let mut model = Vec::new();
    for name in order {
        let texts: Vec<&str> = versions.iter().filter_map(|v| v.iter().find(|s| s.name == name)).map(|s| s.text.as_str()).collect();
        if texts.len() * 2 <= versions.len() {
            continue;
        }
        let most = texts.iter().max_by_key(|t| {
            (texts.iter().filter(|o| normalised(o) == normalised(t)).count(), std::cmp::Reverse(texts.iter().position(|o| o == *t)))
        });
        if let Some(text) = most {
            model.push(Section { name, text: (*text).to_owned() });
        }
    }
    model
}

/// A school's own sections: each model block its version words differently (or leaves
/// out), and each section of its own, written into the model block before it.
fn own_blocks(model: &[Section], version: &[Section]) -> Vec<Section> {
    let mut own: Vec<Section> = Vec::new();
    for (m, section) in model.iter().enumerate() {
        let mine = version.iter().find(|s| s.name == section.name);
        let mut text = mine.map(|s| s.text.clone()).unwrap_or_default();
        // Sections only this school has, after this one and before the next model one.
        if let Some(at) = version.iter().position(|s| s.name == section.name) {
            for extra in version[at + 1..].iter().take_while(|s| !model.iter().any(|x| x.name == s.name)) {
                text.push_str(&extra.text);
            }
        } else if m == 0 {
            for extra in version.iter().take_while(|s| !model.iter().any(|x| x.name == s.name)) {
                text.push_str(&extra.text);
            }
        }
        if normalised(&text) != normalised(&section.text) {
            own.push(Section { name: section.name.clone(), text });
        }
    }
    own
}

fn wrapped(section: &Section) -> String {
    format!("{{% block {name} %}}\n{}\n{{% endblock {name} %}}\n\n", section.text.trim_end(), name = section.name)
}

/// The body of a source: its front matter's title, then `text`.
fn front(title: &str, text: &str) -> String {
    format!("---\ntitle: {}\nkind: policy\n---\n{text}", super::quoted(title))
}

/// `ID=FILE`, or why it is not.
fn tied(given: &Path, root: &Path) -> Result<(String, PathBuf), Box<Finding>> {
    let text = given.to_string_lossy();
    let refuse = |why: String| {
        Box::new(Finding::error(id::INVALID_ARGUMENT, given, None)
            .message(why)
            .help("with --as-model, give each school's document as ID=FILE, e.g. larkfield=\"Larkfield Online Safety.docx\", ID being the school's folder under schools/"))
    };
    let Some((school, file)) = text.split_once('=').filter(|(school, _)| !school.is_empty()) else {
        return Err(refuse(format!("`{text}` does not say which school it is from")));
    };
    if !is_slug(school) || !root.join(layout::school_folder(school)).join(layout::SCHOOL_CONFIG).is_file() {
        return Err(refuse(format!(
            "there is no school `{school}` in this project (no {})",
            layout::school_folder(school).join(layout::SCHOOL_CONFIG).display()
        )));
    }
    Ok((school.to_owned(), PathBuf::from(file)))
}

/// Imports several schools' versions of one policy as the trust's model and each
/// school's own sections.
pub(super) fn import(options: &ImportOptions) -> Result<Vec<Imported>, Vec<Finding>> {
    let root = &options.root;
    let mut findings = Vec::new();
    let tied: Vec<(String, PathBuf)> = options.files.iter().filter_map(|f| tied(f, root).map_err(|e| findings.push(*e)).ok()).collect();
    for (n, (school, file)) in tied.iter().enumerate() {
        if let Some((_, first)) = tied[..n].iter().find(|(other, _)| other == school) {
            findings.push(
                Finding::error(id::INVALID_ARGUMENT, file, None)
                    .message(format!("`{school}` is given twice, for {} and {}", first.display(), file.display()))
                    .help("give each school's version once: ID=FILE, one ID per school"),
            );
        }
    }
    if !findings.is_empty() {
        return Err(findings);
    }
    if tied.len() < 2 {
        return Err(vec![
            Finding::error(id::INVALID_ARGUMENT, Path::new("--as-model"), None)
                .message("--as-model needs two schools' versions of a policy at least")
                .help("give each school's document as ID=FILE; to import one school's policy, leave --as-model out"),
        ]);
    }
    let pupils = pupils_of(options)?;
    let mut plan = Plan { files: Vec::new(), yamls: Vec::new(), conflicts: Vec::new(), replace: options.replace };
    let mut versions: Vec<(String, Imported, String)> = Vec::new();
    // One policy: every school's version takes the first file's name.
    let slug = super::slug_of(&tied[0].1.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default());
    let shared_titles = super::shared_titles(root);
    for (school_id, input) in &tied {
        let school = school_file(root, school_id)?;
        let known = known_of(Some(&school), pupils.clone());
        let index = match plan.yamls.iter().position(|p| p.school.id == *school_id) {
            Some(index) => index,
            None => {
                plan.yamls.push(SchoolPlan { edit: YamlEdit::new(&school.text), school, known, added: Vec::new() });
                plan.yamls.len() - 1
            }
        };
        let target = Target {
            root,
            content: layout::school_content(school_id),
            school: Some(index),
            named: Some(school_id.clone()),
            slug: Some(slug.clone()),
            shared_titles: &shared_titles,
        };
        let Some(read) = read_file(input, &mut findings) else { continue };
        let unschooled = super::Known::default();
        let Some((done, source)) = import_one(input, read, &unschooled, &target, &[], &mut plan, &mut findings) else {
            continue;
        };
        let body = source.split_once("\n---\n").map_or(source.as_str(), |(_, body)| body).to_owned();
        versions.push((school_id.clone(), done, body));
    }
    if !findings.is_empty() || versions.len() < tied.len() {
        findings.append(&mut plan.conflicts);
        return Err(findings);
    }
    let shared_rel = format!("policies/{slug}.md");
    let shared = PathBuf::from(layout::SHARED).join(&shared_rel);
    if !options.replace && root.join(&shared).exists() {
        return Err(vec![
            Finding::error(id::INVALID_ARGUMENT, &shared, None)
                .message(format!("the model would be imported as {}, which already exists; it is left as it is", shared.display()))
                .help("rename the documents (the first one's name gives the policy's address), or move the existing model away first"),
        ]);
    }
    let split: Vec<Vec<Section>> = versions.iter().map(|(_, _, body)| sections(body)).collect();
    let model = model_of(&split);
    let title = versions[0].1.title.clone();
    plan.files.push((shared.clone(), front(&title, &model.iter().map(wrapped).collect::<String>()).into_bytes()));
    let mut imported = Vec::new();
    for ((school_id, mut done, _), version) in versions.into_iter().zip(&split) {
        let own = own_blocks(&model, version);
        let written = layout::school_content(&school_id).join(format!("policies/{slug}.md"));
        if own.is_empty() {
            done.written = shared.clone();
        } else {
            let text = format!("{{% extends \"shared/{shared_rel}\" %}}\n{}", own.iter().map(wrapped).collect::<String>());
            plan.files.push((written.clone(), front(&done.title, &text).into_bytes()));
            let record = BaseRecord {
                shared: shared_rel.clone(),
                recorded_on: Date::today(),
                blocks: own
                    .iter()
                    .filter_map(|o| model.iter().find(|m| m.name == o.name).map(|m| (m.name.clone(), normalised(&m.text))))
                    .collect(),
            };
            plan.files.push((written.with_extension("base.yaml"), record.to_yaml().into_bytes()));
            done.written = written;
        }
        done.own_sections = own.iter().map(|s| s.name.clone()).collect();
        imported.push(done);
    }
    super::commit(root, plan, findings).map(|()| imported)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(name: &str, text: &str) -> Section {
        Section { name: name.into(), text: text.into() }
    }

    #[test]
    fn sections_are_split_at_top_headings_and_named_for_them() {
        let body = "Intro words.\n\n## 1. Mobile phones\n\nHanded in.\n\n### Trips\n\nKept.\n\n## Filtering\n\nOn.\n";
        let found = sections(body);
        assert_eq!(found.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["introduction", "mobile_phones", "filtering"]);
        assert!(found[1].text.contains("### Trips"));
    }

    #[test]
    fn the_model_is_what_most_schools_say_and_each_school_keeps_its_own() {
        let a = vec![
            section("introduction", "Hello.\n"),
            section("phones", "## Phones\nTo the office.\n"),
            section("filtering", "## Filtering\nA.\n"),
        ];
        let b = vec![
            section("introduction", "Hello.\n"),
            section("phones", "## Phones\nTo the teacher.\n"),
            section("filtering", "## Filtering\nA.\n"),
        ];
        let c = vec![
            section("introduction", "Hello.\n"),
            section("phones", "## Phones\nTo the office.\n"),
            section("filtering", "## Filtering\nA.\n"),
            section("forest_school", "## Forest school\nNo phones.\n"),
        ];
        let versions = vec![a.clone(), b.clone(), c.clone()];
        let model = model_of(&versions);
        assert_eq!(model.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(), ["introduction", "phones", "filtering"]);
        assert_eq!(model[1].text, "## Phones\nTo the office.\n");
        assert!(own_blocks(&model, &a).is_empty());
        assert_eq!(own_blocks(&model, &b), vec![section("phones", "## Phones\nTo the teacher.\n")]);
        assert_eq!(own_blocks(&model, &c), vec![section("filtering", "## Filtering\nA.\n## Forest school\nNo phones.\n")]);
    }
}
