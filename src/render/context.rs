//! The Tera context and functions a school's templates see.
//!
//! Built once per school and shared by every page: `school` (the whole school.yaml),
//! `roles` (held roles), and the functions `role`, `people` and `role_title`. A role
//! that is unknown or that nobody holds is an error, never an empty string: a policy
//! that says "report it to ." is worse than no policy.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use tera::{Context, Function, Value};

use crate::date::Date;
use crate::project::School;
use crate::project::config::HelpService;
use crate::project::help;
use crate::project::roles::RoleBook;

use super::strings::Words;

/// The context every page of a school starts from.
pub(crate) fn school_context(school: &School, site_name: Option<&str>, base_url: Option<&str>) -> Context {
    let mut context = Context::new();
    // Where the site lives on its host, for a page served at addresses it cannot know (the
    // 404 page): the path of the school's `base_url` (`/` of `https://school.example/`),
    // or else the host's root.
    let path = base_url.and_then(|url| url.split_once("://")).map_or("/", |(_, rest)| rest.find('/').map_or("/", |at| &rest[at..]));
    let home = format!("{}/", path.trim_end_matches('/'));
    context.insert("site_home", &home);
    context.insert("school", &school.config);
    context.insert("site_name", &site_name.unwrap_or(&school.config.name));
    context
}

/// `policy` in a policy's templates: its review record, made readable in the page's language.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PolicyView {
    pub(crate) owner: String,
    pub(crate) owner_title: String,
    pub(crate) owner_names: String,
    pub(crate) approved_by: Option<String>,
    pub(crate) approved_on: Option<String>,
    pub(crate) last_reviewed_on: Option<String>,
    pub(crate) last_reviewed_by: Option<String>,
    pub(crate) next_review: Option<String>,
    pub(crate) next_review_iso: Option<String>,
    pub(crate) next_review_by: Option<String>,
    pub(crate) overdue: bool,
}

impl PolicyView {
    /// The record of the policy `slug`, its dates and role titles in `words`' language.
    pub(crate) fn new(school: &School, slug: &str, today: Date, words: &Words, roles: &RoleBook) -> Option<PolicyView> {
        let review = school.config.policies.get(slug)?;
        let owner = review.owner.value.clone();
        let holders = roles.holders(&owner);
        let next_review = review.next_review_due();
        let date = |d: Option<Date>| d.map(|d| words.date(d));
        Some(PolicyView {
            owner_title: roles.title(&owner).unwrap_or(&owner).to_owned(),
            owner_names: holders.map(|h| h.text.clone()).unwrap_or_default(),
            owner,
            approved_by: review.approved_by.clone(),
            approved_on: date(review.approved_on),
            last_reviewed_on: date(review.last_reviewed_on),
            last_reviewed_by: review.last_reviewed_by.clone(),
            next_review: date(next_review),
            next_review_iso: next_review.map(Date::iso),
            next_review_by: review.next_review_by.clone(),
            overdue: next_review.is_some_and(|due| due < today),
        })
    }
}

/// The school's roles as a page in `words`' language names them: titles from school.yaml
/// or the theme's words, names joined in that language.
pub(crate) fn roles_in(school: &School, words: &Words) -> RoleBook {
    RoleBook::in_language(&school.config, &words.lang, &|role| words.role_title(role), &|names| words.join(names))
}

/// `help` on a guidance page: the "worried about something?" box, from school.yaml and
/// the school's country, in the page's language.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct HelpBox {
    /// The people to talk to in school: (role title, names), for the DSL and the online
    /// safety lead, where someone holds the role.
    pub(crate) contacts: Vec<(String, String)>,
    pub(crate) phone: String,
    pub(crate) email: String,
    /// "Talk to us. If a child is in danger right now, call 112.", or "Talk to us." where
    /// no number is known.
    pub(crate) emergency: String,
    pub(crate) services: Vec<HelpService>,
}

impl HelpBox {
    pub(crate) fn new(school: &School, words: &Words, roles: &RoleBook) -> HelpBox {
        let contacts = ["dsl", "esafety-coordinator"]
            .into_iter()
            .filter_map(|role| Some((roles.title(role)?.to_owned(), roles.holders(role)?.text.clone())))
            .collect();
        let config = &school.config;
        let emergency = match help::emergency_number(config) {
            Some(number) => words.fill("help_emergency", &[("number", &number)]),
            None => words.get("help_talk_to_us").to_owned(),
        };
        HelpBox {
            contacts,
            phone: config.contact.phone.clone(),
            email: config.contact.email.clone(),
            emergency,
            services: help::services(config, &|key| words.get(key).to_owned()),
        }
    }
}

/// Tera's `fill` filter: a sentence of the theme's words with its `{name}`s filled in,
/// `{{ strings.footer_contact | fill(school=school.short_name) }}`.
pub(crate) fn fill_filter(value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = value.as_str().ok_or_else(|| tera::Error::msg("`fill` works on words from `strings`"))?;
    let values: Vec<(String, String)> =
        args.iter().map(|(name, value)| (name.clone(), value.as_str().map_or_else(|| value.to_string(), str::to_owned))).collect();
    let pairs: Vec<(&str, &str)> = values.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
    Ok(Value::from(super::strings::fill(text, &pairs)))
}

/// Registers `role`, `people` and `role_title` for this school's roles, and puts Tera's
/// own functions inside the sandbox every template runs in: templates are shared between
/// schools and trusts like code, so `get_env` (the build machine's settings, CI secrets
/// among them) is refused, and `range` is bounded.
pub(crate) fn register_functions(tera: &mut tera::Tera, roles: &Arc<RoleBook>) {
    tera.register_function("role", RoleFunction { roles: Arc::clone(roles), output: Output::Sentence });
    tera.register_function("people", RoleFunction { roles: Arc::clone(roles), output: Output::List });
    tera.register_function("role_title", RoleFunction { roles: Arc::clone(roles), output: Output::Title });
    tera.register_function("get_env", |_: &HashMap<String, Value>| -> tera::Result<Value> {
        Err(tera::Error::msg(
            "`get_env` is not allowed: a template may not read the settings of the computer that builds the site (they can hold passwords)",
        ))
    });
    tera.register_function("range", bounded_range);
}

/// The most numbers one `range` may make: far more than any list in a policy, far fewer
/// than would hold up a build.
const MAX_RANGE: usize = 10_000;

/// Tera's `range(end=..., start=0, step_by=1)`, refusing a step of 0 (which never ends)
/// and a range longer than [`MAX_RANGE`].
fn bounded_range(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let number = |key: &str, default: Option<usize>| -> tera::Result<usize> {
        match args.get(key) {
            Some(value) => value
                .as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .ok_or_else(|| tera::Error::msg(format!("`range` was given {key}={value}, but {key} must be a whole number, 0 or more"))),
            None => default.ok_or_else(|| tera::Error::msg(format!("`range` needs `{key}=`"))),
        }
    };
    let (start, end, step) = (number("start", Some(0))?, number("end", None)?, number("step_by", Some(1))?);
    if step == 0 {
        return Err(tera::Error::msg("`range` was given step_by=0, which would never end: give a step of 1 or more"));
    }
    if start > end {
        return Err(tera::Error::msg(format!("`range` was given start={start}, after end={end}")));
    }
    let count = (end - start).div_ceil(step);
    if count > MAX_RANGE {
        return Err(tera::Error::msg(format!("`range` would make {count} numbers; a template may make at most {MAX_RANGE}")));
    }
    super::budget::take_numbers(count).map_err(tera::Error::msg)?;
    Ok(Value::from((start..end).step_by(step).collect::<Vec<usize>>()))
}

#[derive(Clone, Copy)]
enum Output {
    Sentence,
    List,
    Title,
}

struct RoleFunction {
    roles: Arc<RoleBook>,
    output: Output,
}

impl Function for RoleFunction {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let key = if matches!(self.output, Output::List) { "role" } else { "name" };
        let role = args
            .get(key)
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg(format!("this function needs `{key}=\"...\"` naming a role")))?;
        let Some(title) = self.roles.title(role) else {
            let suggestion = crate::project::config::nearest(role, self.roles.known()).map(|near| format!(" (did you mean `{near}`?)"));
            return Err(tera::Error::msg(format!("unknown role `{role}`{}", suggestion.unwrap_or_default())));
        };
        if let Output::Title = self.output {
            return Ok(Value::from(title));
        }
        let Some(holders) = self.roles.holders(role) else {
            return Err(tera::Error::msg(format!("nobody in school.yaml holds the role `{role}`")));
        };
        Ok(match self.output {
            Output::List => Value::from(holders.names.clone()),
            _ => Value::from(holders.text.clone()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(body: &str) -> tera::Result<String> {
        let mut tera = tera::Tera::default();
        register_functions(&mut tera, &Arc::new(RoleBook::default()));
        tera.render_str(body, &tera::Context::new())
    }

    /// Regression: `{{ get_env(name="...") }}` published the build machine's environment.
    #[test]
    fn get_env_is_refused() {
        let err = render(r#"{{ get_env(name="HOME") }}"#).unwrap_err();
        assert!(crate::render::theme::error_chain(&err).contains("not allowed"));
    }

    /// Regression: `range(..., step_by=0)` looped for ever, eating memory.
    #[test]
    fn range_is_bounded() {
        assert_eq!(render("{% for i in range(start=1, end=7, step_by=2) %}{{ i }}{% endfor %}").unwrap(), "135");
        for body in
            ["{% for i in range(end=5, step_by=0) %}x{% endfor %}", "{{ range(end=100000000) | length }}", "{{ range(start=5, end=1) }}"]
        {
            assert!(render(body).is_err(), "{body}");
        }
    }
}
