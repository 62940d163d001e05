//! Typed errors of the load and render stages. Each carries the file and, where known,
//! the line and column; they become [`Finding`]s once, at the edge, for printing.

use std::path::{Path, PathBuf};

use crate::finding::{Finding, Span};

#[derive(Debug, thiserror::Error)]
#[error("{kind}")]
pub(crate) struct LoadError {
    pub(crate) file: PathBuf,
    pub(crate) span: Option<Span>,
    pub(crate) kind: LoadErrorKind,
}

impl LoadError {
    pub(crate) fn new(file: &Path, span: Option<Span>, kind: LoadErrorKind) -> LoadError {
        LoadError { file: file.to_path_buf(), span, kind }
    }
}

#[derive(Debug, thiserror::Error)]
pub(crate) enum LoadErrorKind {
    #[error("cannot read the file: {0}")]
    Io(String),
    #[error("the file is not UTF-8 text")]
    NotUtf8,
    #[error("the file is empty")]
    Empty,
    #[error("{message}")]
    Yaml { message: String, help: Option<String> },
    #[error("the file has no front matter")]
    MissingFrontMatter,
    #[error("the front matter is never closed")]
    UnclosedFrontMatter,
    #[error("a {kind} page must live in content/{folder}/")]
    WrongFolder { kind: &'static str, folder: &'static str },
    #[error("`{slug}` is already the slug of {other}")]
    DuplicateSlug { slug: String, other: String },
    #[error("`{slug}` is not a usable slug")]
    BadSlug { slug: String },
    #[error("this is a link to {target}, outside the project")]
    LinkOutsideProject { target: String },
    #[error("no school.yaml in this school folder")]
    MissingSchoolYaml,
    #[error("`{role}` is not a role")]
    UnknownRole { role: String, suggestion: Option<String> },
    #[error("nobody in `people:` holds the role `{role}`")]
    UnheldRole { role: String },
    #[error("the policy `{policy}` ({}) has no entry under `policies:` in school.yaml", file.display())]
    PolicyNotListed { policy: String, file: std::path::PathBuf },
    #[error("`{policy}` in `policies:` has no policy source")]
    UnknownPolicy { policy: String, suggestion: Option<String> },
    #[error("the tier `{tier}` is not in this school's `agreements:` list")]
    TierNotIssued { tier: String, suggestion: Option<String> },
    #[error("`{written}` under `tiers:` is no year group a roster writes, so no pupil would match it")]
    MisspeltYearGroup { written: String, meant: String },
    #[error("`{year}` and `{first}` are the same year group, mapped to two different tiers")]
    YearGroupTwice { year: String, first: String },
    #[error("no agreement has `tier: {tier}`")]
    NoAgreementForTier { tier: String },
    #[error("an agreement needs a `tier:` in its front matter")]
    AgreementWithoutTier,
    #[error("`{name}` is not a theme in themes/")]
    UnknownTheme { name: String },
    #[error("no school `{id}` in schools/")]
    UnknownSchool { id: String, suggestion: Option<String>, known: Vec<String> },
    #[error("this theme has no template `{name}`")]
    MissingTemplate { name: String },
    #[error("{message}")]
    Template { message: String },
    #[error("`{name}` is not a shared file: there is no {}", crate::finding::display_path(file))]
    UnknownSharedFile { name: String, file: PathBuf, suggestion: Option<String> },
    #[error(
        "{} has no block `{block}`, so this section would never be shown: the school's site would publish the shared wording instead (its blocks: {})",
        crate::finding::display_path(shared),
        known.join(", ")
    )]
    // The nearest block is worked out for the help, not kept: a fourth field would make
    // every load error larger.
    UnknownBlock { block: String, shared: PathBuf, known: Vec<String> },
    #[error(
        "these words are outside every block, so they would never be shown: this file extends `{}`, and only its blocks replace that file's wording",
        crate::finding::display_path(shared)
    )]
    WordsOutsideBlocks { shared: PathBuf },
    #[error(
        "in `{}`, the block `{block}` is inside `{outer}`, which this file replaces too, so this block would never be shown",
        crate::finding::display_path(shared)
    )]
    BlockInsideReplaced { block: String, outer: String, shared: PathBuf },
    #[error("`{code}` is not a language code")]
    BadLanguage { code: String },
    #[error("this is the {language} translation of {}, which does not exist", crate::finding::display_path(original))]
    TranslationWithoutOriginal { language: String, original: PathBuf, suggestion: Option<String> },
    #[error(
        "this is a translation into {language} (`{code}`), which school.yaml's `languages:` does not list, so it would never be published"
    )]
    LanguageNotPublished { language: String, code: String, school_file: PathBuf },
    #[error(
        "this page says it is written in {language} (`{code}`), which school.yaml's `languages:` does not list, so it would be shown nowhere as it is written"
    )]
    WrittenInUnlisted { language: String, code: String, school_file: PathBuf },
    #[error("`{code}` is not one of this school's `languages:`")]
    LanguageNotListed { code: String, listed: Vec<String> },
    #[error("this translation's `{key}:` is not the original's ({}: `{value}`)", crate::finding::display_path(original))]
    TranslationDiffers { key: &'static str, original: PathBuf, value: String },
    #[error("`{code}` is not a country code")]
    BadCountryCode { code: String },
    #[error("`country_code:` is for an international school; this school's `country:` says where it is")]
    CountryCodeNotInternational,
    #[error(
        "policypress does not know the emergency number of `{code}` (or it has more than one), so the help box on guidance pages would give none"
    )]
    NoEmergencyNumber { code: String },
    #[error("`{code}` is listed twice in `languages:` (a code with a region and one without, `en-GB` and `en`, name one language)")]
    LanguageTwiceListed { code: String },
    #[error("this says it is written in `{written}`, but its file name makes it the `{named}` translation")]
    LanguageTwice { written: String, named: String },
}

impl LoadErrorKind {
    /// What the author can do about it.
    pub(crate) fn help(&self) -> Option<String> {
        Some(match self {
            LoadErrorKind::Yaml { help, .. } => return help.clone(),
            LoadErrorKind::NotUtf8 => "save the file as UTF-8 (most editors offer it under \"Save as\" or \"Encoding\")".into(),
            LoadErrorKind::Empty => "start the file with front matter: a `---` line, `title:` and `kind:`, then `---`".into(),
            LoadErrorKind::MissingFrontMatter => {
                "start the file with `---`, then `title: ...` and `kind: policy` (or guidance, agreement, page), then `---`".into()
            }
            LoadErrorKind::UnclosedFrontMatter => "add a line holding only `---` after the front matter".into(),
            LoadErrorKind::WrongFolder { folder, .. } => format!("move the file into content/{folder}/ or change its `kind:`"),
            LoadErrorKind::DuplicateSlug { .. } => "give one of the pages its own `slug:`".into(),
            LoadErrorKind::BadSlug { slug } if slug.contains('.') => format!(
                "use lower-case letters, digits and hyphens; if this file is a translation, end its name with a language code, as in `{}.cy.md` or `{}.en-GB.md`",
                slug.split('.').next().unwrap_or_default(),
                slug.split('.').next().unwrap_or_default()
            ),
            LoadErrorKind::BadSlug { .. } => "use lower-case letters, digits and hyphens".into(),
            LoadErrorKind::LinkOutsideProject { .. } => "copy the file into the project instead of linking to it".into(),
            LoadErrorKind::MissingSchoolYaml => "run `policypress new school ID` for a school folder to fill in".into(),
            LoadErrorKind::UnknownSharedFile { suggestion: Some(s), .. } => format!("did you mean `{s}`?"),
            LoadErrorKind::UnknownSharedFile { .. } => {
                "a shared file is named `shared/` and its path under content/, as in `shared/policies/online-safety.md`".into()
            }
            LoadErrorKind::BlockInsideReplaced { block, outer, .. } => {
                format!("move what this block says into this file's `{outer}` block, where `{block}` was, and take this block out")
            }
            LoadErrorKind::WordsOutsideBlocks { .. } => {
                "move them inside a `{% block %}` that replaces the section they belong to, or add a block for them in the shared file"
                    .into()
            }
            LoadErrorKind::UnknownBlock { block, known, .. } => {
                match crate::project::config::nearest(block, known.iter().map(String::as_str)) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!(
                        "name one of the shared file's blocks, or add `{{% block {block} %}}...{{% endblock {block} %}}` around the section in the shared file"
                    ),
                }
            }
            LoadErrorKind::UnknownRole { suggestion: Some(s), .. }
            | LoadErrorKind::UnknownPolicy { suggestion: Some(s), .. }
            | LoadErrorKind::UnknownSchool { suggestion: Some(s), .. } => {
                format!("did you mean `{s}`?")
            }
            LoadErrorKind::UnknownSchool { known, .. } if known.is_empty() => {
                "there are no schools yet: `policypress new school ID` makes one".into()
            }
            LoadErrorKind::UnknownSchool { known, .. } => format!("the schools here are: {}", known.join(", ")),
            LoadErrorKind::UnknownRole { .. } => "use a built-in role id, or give the role a title under `roles:`".into(),
            LoadErrorKind::UnheldRole { role } => format!("add `{role}` to the roles of someone under `people:`"),
            LoadErrorKind::UnknownPolicy { .. } => "remove the entry, or add the policy's Markdown file".into(),
            LoadErrorKind::PolicyNotListed { policy, .. } => format!(
                "add under `policies:` who owns and approved it and when it is reviewed:\n  {policy}:\n    owner: headteacher\n    approved_by: Full Governing Body\n    approved_on: YYYY-MM-DD\n    next_review: YYYY-MM"
            ),
            LoadErrorKind::TierNotIssued { tier, suggestion: Some(near) } => {
                format!("did you mean `{near}`? (or, if the school issues a `{tier}` agreement, add `{tier}` to `agreements:`)")
            }
            LoadErrorKind::TierNotIssued { tier, .. } => format!("add `{tier}` to `agreements:`"),
            LoadErrorKind::MisspeltYearGroup { meant, .. } => format!("did you mean `{meant}`?"),
            LoadErrorKind::YearGroupTwice { year, .. } => {
                format!("year groups are matched however they are written (`Y3`, `Year 3`, `3`); keep one line for `{year}`")
            }
            LoadErrorKind::NoAgreementForTier { tier } => format!("add content/agreements/{tier}.md with `tier: {tier}`"),
            LoadErrorKind::AgreementWithoutTier => "add `tier: ks2` (or the tier this agreement is for)".into(),
            LoadErrorKind::BadLanguage { code } => match crate::language::near(code) {
                Some(near) => format!("did you mean `{near}`?"),
                None => "write a language code as web pages do: `cy` (Welsh), `en-GB` (English), `pl` (Polish), `pt-BR`".into(),
            },
            LoadErrorKind::TranslationWithoutOriginal { suggestion: Some(near), original, language } => format!(
                "did you mean to translate {near}? If this page is written in {language} and translates nothing, name it {} and give it `language:` with its code",
                crate::finding::display_path(original)
            ),
            LoadErrorKind::TranslationWithoutOriginal { original, .. } => format!(
                "name a translation after the file it translates, with the language before `.md` (`online-safety.cy.md` translates `online-safety.md`); add {} or rename this file",
                crate::finding::display_path(original)
            ),
            LoadErrorKind::LanguageNotPublished { code, school_file, .. } | LoadErrorKind::WrittenInUnlisted { code, school_file, .. } => {
                format!("add `{code}` to `languages:` in {} to publish it", crate::finding::display_path(school_file))
            }
            LoadErrorKind::TranslationDiffers { key, value, .. } => {
                format!("a translation is printed on the same sheet as its original: give it `{key}: {value}`")
            }
            LoadErrorKind::CountryCodeNotInternational => "take `country_code:` out, or set `country: international`".into(),
            LoadErrorKind::NoEmergencyNumber { .. } => {
                "give the number families should call under `guidance:`, as `emergency_number: \"112\"` (or correct the country code)".into()
            }
            LoadErrorKind::LanguageTwiceListed { .. } => "keep one of them".into(),
            LoadErrorKind::BadCountryCode { .. } => {
                "give the country's two-letter code, as in web addresses: `RO` for Romania, `ES` for Spain, `AE` for the United Arab Emirates".into()
            }
            LoadErrorKind::LanguageNotListed { listed, .. } if listed.len() > 1 => {
                format!("this school publishes in: {} (or `both`, for agreements in its first two)", listed.join(", "))
            }
            LoadErrorKind::LanguageNotListed { listed, .. } => format!("this school publishes in: {}", listed.join(", ")),
            LoadErrorKind::LanguageTwice { named, .. } => {
                format!("take `language:` out: a translation's language is the one in its file name (`{named}`)")
            }
            _ => return None,
        })
    }

    fn rule(&self) -> &'static str {
        match self {
            LoadErrorKind::Io(_) | LoadErrorKind::NotUtf8 | LoadErrorKind::Empty | LoadErrorKind::LinkOutsideProject { .. } => {
                crate::finding::id::UNREADABLE_FILE
            }
            LoadErrorKind::Yaml { .. } => crate::finding::id::INVALID_YAML,
            LoadErrorKind::MissingFrontMatter
            | LoadErrorKind::UnclosedFrontMatter
            | LoadErrorKind::WrongFolder { .. }
            | LoadErrorKind::DuplicateSlug { .. }
            | LoadErrorKind::BadSlug { .. }
            | LoadErrorKind::AgreementWithoutTier
            | LoadErrorKind::TranslationWithoutOriginal { .. }
            | LoadErrorKind::TranslationDiffers { .. }
            | LoadErrorKind::LanguageNotPublished { .. }
            | LoadErrorKind::WrittenInUnlisted { .. }
            | LoadErrorKind::LanguageTwice { .. } => crate::finding::id::INVALID_FRONT_MATTER,
            LoadErrorKind::Template { .. }
            | LoadErrorKind::MissingTemplate { .. }
            | LoadErrorKind::UnknownTheme { .. }
            | LoadErrorKind::UnknownSharedFile { .. } => crate::finding::id::TEMPLATE_ERROR,
            LoadErrorKind::UnknownBlock { .. } | LoadErrorKind::WordsOutsideBlocks { .. } | LoadErrorKind::BlockInsideReplaced { .. } => {
                crate::finding::id::UNKNOWN_BLOCK
            }
            LoadErrorKind::PolicyNotListed { .. } => crate::guard::missing_approval::ID,
            _ => crate::finding::id::INVALID_SCHOOL,
        }
    }
}

impl From<LoadError> for Finding {
    fn from(err: LoadError) -> Finding {
        let help = err.kind.help().unwrap_or_default();
        Finding::error(err.kind.rule(), &err.file, err.span).message(err.kind.to_string()).help(help)
    }
}

/// A page that could not be rendered: a template error in its body or in the theme.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub(crate) struct RenderError {
    pub(crate) file: PathBuf,
    pub(crate) span: Option<Span>,
    pub(crate) message: String,
    pub(crate) help: String,
}

impl From<RenderError> for Finding {
    fn from(err: RenderError) -> Finding {
        Finding::error(crate::finding::id::TEMPLATE_ERROR, &err.file, err.span).message(err.message).help(err.help)
    }
}
