//! The theme's own words in each language: navigation, record labels, the help box, the
//! printed forms. One YAML file per language in the theme's `strings/` folder
//! (`cy.yaml`, `pl.yaml`), so adding a language is a file, not code; a word a file leaves
//! out is shown in English, and the build says which.
//!
//! In: the theme's strings files. Out: [`ThemeStrings`], and for a page's language the
//! [`Words`] its templates see as `strings`, with dates and lists of names written in it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::date::{Date, Term};
use crate::error::{LoadError, LoadErrorKind};
use crate::finding::Span;
use crate::project::theme_files;

/// The language every theme has all its words in: the fallback for a word another lacks.
const ENGLISH: &str = "en";

/// A value in a strings file: a word or sentence, or a list (the months).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
enum Entry {
    Text(String),
    List(Vec<String>),
}

/// One strings file, read.
#[derive(Debug, Clone, PartialEq, Eq)]
struct LanguageFile {
    /// The code its name gives: `cy` of `cy.yaml`.
    code: String,
    /// Relative to the project root, as messages name it.
    shown: PathBuf,
    entries: BTreeMap<String, Entry>,
}

/// Every strings file of a theme.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ThemeStrings {
    files: Vec<LanguageFile>,
}

/// What a language's strings file lacks, for the `missing-strings` warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Missing {
    /// No file for the language: every word is shown in English.
    File,
    /// The file (at the path) lacks these words.
    Words(PathBuf, Vec<String>),
}

impl ThemeStrings {
    /// Reads `strings/*.yaml` of `theme`. A file that is not a language code's, is not
    /// YAML, or has a word English does not (a misspelt key) is an error at its line.
    pub(crate) fn load(root: &Path, theme: &str) -> Result<ThemeStrings, Vec<LoadError>> {
        let mut files = Vec::new();
        let mut errors = Vec::new();
        for file in theme_files::files(root, theme, crate::project::layout::THEME_STRINGS) {
            let Some(stem) = file.relative.strip_suffix(".yaml") else { continue };
            let Some(code) = crate::language::code(stem) else {
                errors.push(LoadError::new(&file.shown, None, LoadErrorKind::BadLanguage { code: stem.to_owned() }));
                continue;
            };
            let text = match file.read_text(root) {
                Ok(text) => text,
                Err(err) => {
                    errors.push(err);
                    continue;
                }
            };
            match crate::project::config::parse_yaml::<BTreeMap<String, Entry>>(&text, &file.shown, 1) {
                Ok(entries) => files.push((LanguageFile { code, shown: file.shown, entries }, text)),
                Err(err) => errors.push(err),
            }
        }
        let Some(english) = files.iter().find(|(f, _)| f.code == ENGLISH).map(|(f, _)| f.entries.clone()) else {
            errors.push(LoadError::new(
                &crate::project::layout::theme_folder(theme).join(crate::project::layout::THEME_STRINGS),
                None,
                LoadErrorKind::Template {
                    message: "the theme has no English words (strings/en.yaml), which every other language falls back on".into(),
                },
            ));
            return Err(errors);
        };
        for (file, text) in &files {
            for key in file.entries.keys().filter(|key| !english.contains_key(*key)) {
                let line = key_line(text, key).map(|(line, _)| Span { line, column: 1 });
                let near = crate::project::config::nearest(key, english.keys().map(String::as_str));
                let message = match near {
                    Some(near) => format!("`{key}` is not one of the theme's words: did you mean `{near}`?"),
                    None => format!("`{key}` is not one of the theme's words (see strings/en.yaml for them all)"),
                };
                errors.push(LoadError::new(&file.shown, line, LoadErrorKind::Template { message }));
            }
        }
        // A month left out would date every later month wrongly.
        for (file, text) in &files {
            for (key, entry) in &file.entries {
                if let Entry::List(items) = entry
                    && items.len() != 12
                {
                    let message = format!(
                        "`{key}` has {} months, not 12: every date after a missing one would be written with the wrong month",
                        items.len()
                    );
                    let span = key_line(text, key).map(|(line, _)| Span { line, column: 1 });
                    errors.push(LoadError::new(&file.shown, span, LoadErrorKind::Template { message }));
                }
            }
        }
        // A sentence keeps its blanks: "{numar}" for "{number}" would publish the braces
        // and leave out the emergency number.
        for (file, text) in files.iter().filter(|(f, _)| f.code != ENGLISH) {
            for (key, entry) in &file.entries {
                let (Entry::Text(own), Some(Entry::Text(original))) = (entry, english.get(key)) else { continue };
                let (wanted, given) = (blanks(original), blanks(own));
                let listed = if wanted.is_empty() {
                    "none".to_owned()
                } else {
                    wanted.iter().map(|b| format!("{{{b}}}")).collect::<Vec<_>>().join(", ")
                };
                let problem = match (given.iter().find(|b| !wanted.contains(b)), wanted.iter().find(|b| !given.contains(b))) {
                    (Some(odd), _) => {
                        Some((format!("{{{odd}"), format!("`{key}` has `{{{odd}}}`, which is not one of its blanks ({listed})")))
                    }
                    (None, Some(lost)) => Some((String::new(), format!("`{key}` has lost its blank `{{{lost}}}` (its blanks: {listed})"))),
                    (None, None) => None,
                };
                if let Some((at, said)) = problem {
                    let span = key_line(text, key).map(|(line, start)| {
                        let own_line = text.lines().nth(line as usize - 1).unwrap_or_default();
                        let column = own_line.get(start..).and_then(|rest| rest.find(&at)).filter(|_| !at.is_empty());
                        Span { line, column: column.map_or(1, |i| own_line[..start + i].chars().count() as u32 + 1) }
                    });
                    let message = format!("{said}: each blank must be kept as it is written in English, and no other added");
                    errors.push(LoadError::new(&file.shown, span, LoadErrorKind::Template { message }));
                }
            }
        }
        if errors.is_empty() { Ok(ThemeStrings { files: files.into_iter().map(|(f, _)| f).collect() }) } else { Err(errors) }
    }

    /// The default theme's words as the program carries them, whatever a project's theme says.
    pub(crate) fn built_in() -> ThemeStrings {
        // A root with no `themes/` folder: only the built-in files are found.
        ThemeStrings::load(Path::new("/nonexistent"), theme_files::DEFAULT).unwrap_or_default()
    }

    /// The file for `lang`: its own code's (`pt-BR.yaml`), else its language's (`pt.yaml`).
    fn file(&self, lang: &str) -> Option<&LanguageFile> {
        self.files
            .iter()
            .find(|f| f.code.eq_ignore_ascii_case(lang))
            .or_else(|| self.files.iter().find(|f| f.code.eq_ignore_ascii_case(crate::language::primary(lang))))
    }

    /// What `lang` lacks, if anything.
    pub(crate) fn missing(&self, lang: &str) -> Option<Missing> {
        let english = self.file(ENGLISH)?;
        let Some(file) = self.file(lang) else { return Some(Missing::File) };
        let lacks: Vec<String> = english.entries.keys().filter(|key| !file.entries.contains_key(*key)).cloned().collect();
        (!lacks.is_empty()).then(|| Missing::Words(file.shown.clone(), lacks))
    }

    /// The words a page in `lang` is shown with: its own, English for any it lacks.
    pub(crate) fn words(&self, lang: &str) -> Words {
        let mut text = BTreeMap::new();
        let mut lists = BTreeMap::new();
        for file in [self.file(ENGLISH), self.file(lang)].into_iter().flatten() {
            for (key, entry) in &file.entries {
                match entry {
                    Entry::Text(value) => {
                        text.insert(key.clone(), value.clone());
                    }
                    Entry::List(values) => {
                        lists.insert(key.clone(), values.clone());
                    }
                }
            }
        }
        let native = self.file(lang).is_some();
        if !text.contains_key("language_name") || !native {
            text.insert("language_name".into(), crate::language::own_name(lang).to_owned());
        }
        Words { lang: lang.to_owned(), text, lists, native }
    }
}

/// The theme's words in one language, as a page's templates and PDFs see them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Words {
    pub(crate) lang: String,
    text: BTreeMap<String, String>,
    lists: BTreeMap<String, Vec<String>>,
    /// The theme has a file for the language: its words are the language's own, not English.
    native: bool,
}

impl Words {
    /// A word; the key itself if no file has it (a theme's own template asking for a word
    /// of its own is shown, not dropped).
    pub(crate) fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.text.get(key).map_or(key, String::as_str)
    }

    /// A sentence with its `{name}`s filled in.
    pub(crate) fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill(self.get(key), values)
    }

    /// Every word, for templates (`strings.nav_home`).
    pub(crate) fn all(&self) -> &BTreeMap<String, String> {
        &self.text
    }

    /// A date as this language writes it: "17 Medi 2025", "Medi 2026", "Tymor yr Hydref 2026".
    pub(crate) fn date(&self, date: Date) -> String {
        let year = date.year.to_string();
        if let Some(term) = date.term {
            let key = match term {
                Term::Autumn => "term_autumn",
                Term::Spring => "term_spring",
                Term::Summer => "term_summer",
            };
            return self.fill(key, &[("year", &year)]);
        }
        let month = |list: &str| self.lists.get(list).and_then(|months| months.get(date.month as usize - 1)).cloned().unwrap_or_default();
        match date.day {
            Some(day) => {
                self.fill("date_day_month_year", &[("day", &day.to_string()), ("month", &month("months_in_date")), ("year", &year)])
            }
            None => self.fill("date_month_year", &[("month", &month("months")), ("year", &year)]),
        }
    }

    /// Names joined as a sentence in this language: "A, B and C"; in Welsh "A a B", and
    /// "A ac Ellis" before a vowel.
    pub(crate) fn join(&self, names: &[String]) -> String {
        crate::project::roles::join_names_with(names, |last| {
            let vowel = last.chars().next().is_some_and(|c| "AEIOUYÂÊÎÔÛŴŶaeiouyâêîôûŵŷ".contains(c));
            self.get(if vowel { "and_before_vowel" } else { "and" })
        })
    }

    /// A built-in role's title in this language, if the theme has its words.
    pub(crate) fn role_title(&self, role: &str) -> Option<String> {
        self.native.then(|| self.text.get(&format!("role_{}", role.replace('-', "_"))).cloned()).flatten()
    }
}

/// The line (from 1) of `text` that sets `key`, and where on it its value starts.
fn key_line(text: &str, key: &str) -> Option<(u32, usize)> {
    let prefix = format!("{key}:");
    text.lines().position(|l| l.starts_with(&prefix)).map(|i| (i as u32 + 1, prefix.len()))
}

/// The names of the `{blanks}` in `text`.
fn blanks(text: &str) -> Vec<&str> {
    text.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name)).collect()
}

/// `text` with each `{name}` replaced by its value.
pub(crate) fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut filled = text.to_owned();
    for (name, value) in values {
        filled = filled.replace(&format!("{{{name}}}"), value);
    }
    filled
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_names_are_written_in_the_page_language() {
        let strings = ThemeStrings::built_in();
        let english = strings.words("en-GB");
        let day = Date::parse("2025-09-17").unwrap();
        assert_eq!(english.date(day), "17 September 2025");
        assert_eq!(english.join(&["Mrs A".into(), "Mr B".into(), "Dr C".into()]), "Mrs A, Mr B and Dr C");
        let welsh = strings.words("cy");
        assert_eq!(welsh.date(day), "17 Medi 2025");
        assert_eq!(welsh.join(&["Mrs Prosser".into(), "Mr Vaughan".into()]), "Mrs Prosser a Mr Vaughan");
        assert_eq!(welsh.join(&["Catrin".into(), "Elen".into()]), "Catrin ac Elen");
        assert_eq!(strings.words("pl").date(day), "17 września 2025");
        assert_eq!(strings.words("pl").date(Date::parse("2026-09").unwrap()), "wrzesień 2026");
    }

    /// Regression: a Romanian strings file with `{numar}` for `{number}` published the
    /// braces, and no emergency number, on every guidance page.
    #[test]
    fn a_sentence_must_keep_its_blanks() {
        let root = tempfile::tempdir().unwrap();
        let folder = root.path().join("themes/default/strings");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("ro.yaml"), "nav_home: Acasă\nhelp_emergency: \"Sunați la {numar}.\"\nmonths: [ianuarie]\n").unwrap();
        let errors = ThemeStrings::load(root.path(), theme_files::DEFAULT).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].to_string().contains("has 1 months, not 12"), "{}", errors[0]);
        let errors = &errors[1..];
        assert_eq!(errors[0].span, Some(Span { line: 2, column: 28 }), "at the blank");
        assert!(errors[0].to_string().contains("{numar}") && errors[0].to_string().contains("{number}"), "{}", errors[0]);
    }

    #[test]
    fn a_language_without_a_file_is_english_and_said_to_be_missing() {
        let strings = ThemeStrings::built_in();
        assert_eq!(strings.missing("ro"), Some(Missing::File));
        assert_eq!(strings.missing("cy"), None, "the Welsh file has every word");
        assert_eq!(strings.missing("en-GB"), None);
        let romanian = strings.words("ro");
        assert_eq!(romanian.get("nav_home"), "Home");
        assert_eq!(romanian.get("language_name"), "Română");
    }
}
