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
use crate::project::roles::RoleBook;

/// The context every page of a school starts from.
pub(crate) fn school_context(school: &School, site_name: Option<&str>) -> Context {
    let mut context = Context::new();
    context.insert("school", &school.config);
    context.insert("roles", school.roles.held());
    context.insert("site_name", &site_name.unwrap_or(&school.config.name));
    context.insert("lang", &school.config.language);
    context
}

/// `policy` in a policy's templates: its review record, made readable.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PolicyView {
    pub(crate) owner: String,
    pub(crate) owner_title: String,
    pub(crate) owner_names: String,
    pub(crate) approved_by: Option<String>,
    pub(crate) approved_on: Option<Date>,
    pub(crate) last_reviewed_on: Option<Date>,
    pub(crate) last_reviewed_by: Option<String>,
    pub(crate) next_review: Option<Date>,
    pub(crate) next_review_iso: Option<String>,
    pub(crate) overdue: bool,
}

impl PolicyView {
    pub(crate) fn new(school: &School, slug: &str, today: Date) -> Option<PolicyView> {
        let review = school.config.policies.get(slug)?;
        let owner = review.owner.value.clone();
        let holders = school.roles.holders(&owner);
        let next_review = review.next_review_due();
        Some(PolicyView {
            owner_title: school.roles.title(&owner).unwrap_or(&owner).to_owned(),
            owner_names: holders.map(|h| h.text.clone()).unwrap_or_default(),
            owner,
            approved_by: review.approved_by.clone(),
            approved_on: review.approved_on,
            last_reviewed_on: review.last_reviewed_on,
            last_reviewed_by: review.last_reviewed_by.clone(),
            next_review,
            next_review_iso: next_review.map(Date::iso),
            overdue: next_review.is_some_and(|due| due < today),
        })
    }
}

/// `help` on a guidance page: the "worried about something?" box, from school.yaml.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct HelpBox {
    /// The people to talk to in school: (role title, names), for the DSL and the online
    /// safety lead, where someone holds the role.
    pub(crate) contacts: Vec<(String, String)>,
    pub(crate) phone: String,
    pub(crate) email: String,
    pub(crate) services: Vec<HelpService>,
}

impl HelpBox {
    pub(crate) fn new(school: &School) -> HelpBox {
        let contacts = ["dsl", "esafety-coordinator"]
            .into_iter()
            .filter_map(|role| Some((school.roles.title(role)?.to_owned(), school.roles.holders(role)?.text.clone())))
            .collect();
        let config = &school.config;
        HelpBox { contacts, phone: config.contact.phone.clone(), email: config.contact.email.clone(), services: config.guidance.services() }
    }
}

/// Registers `role`, `people` and `role_title` for this school's roles.
pub(crate) fn register_functions(tera: &mut tera::Tera, roles: &Arc<RoleBook>) {
    tera.register_function("role", RoleFunction { roles: Arc::clone(roles), output: Output::Sentence });
    tera.register_function("people", RoleFunction { roles: Arc::clone(roles), output: Output::List });
    tera.register_function("role_title", RoleFunction { roles: Arc::clone(roles), output: Output::Title });
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
            return Err(tera::Error::msg(format!("unknown role `{role}`")));
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
