//! `policypress new school ID`: a school folder that builds as it stands, with every
//! value a school must change marked, and an entry for every shared policy.

use crate::project::layout;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use crate::date::Date;
use crate::project::discover;
use crate::project::source::{self, is_slug};

#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("{0}")]
    BadId(String),
    #[error("{0} already exists; choose another id or edit that folder")]
    Exists(PathBuf),
    #[error("cannot write {0}: {1}")]
    Io(PathBuf, std::io::Error),
}

pub fn new_school(root: &Path, id: &str) -> Result<PathBuf, ScaffoldError> {
    if !is_slug(id) {
        return Err(ScaffoldError::BadId(format!("`{id}` is not a usable school id: use lower-case letters, digits and hyphens")));
    }
    let dir = root.join(layout::school_folder(id));
    if dir.exists() {
        return Err(ScaffoldError::Exists(dir));
    }
    let (policies, tiers) = shared_policies_and_tiers(root);
    let yaml = school_yaml(id, &policies, &tiers, Date::today());
    let write = |path: &Path, text: &str| fs::write(path, text).map_err(|e| ScaffoldError::Io(path.to_path_buf(), e));
    for folder in [dir.join(layout::SHARED).join("pages"), dir.join(layout::MEDIA)] {
        fs::create_dir_all(&folder).map_err(|e| ScaffoldError::Io(folder.clone(), e))?;
    }
    write(&dir.join(layout::SCHOOL_CONFIG), &yaml)?;
    write(&dir.join(layout::MEDIA).join(".gitkeep"), "")?;
    write(&dir.join(layout::SHARED).join("pages/.gitkeep"), "")?;
    Ok(dir.join(layout::SCHOOL_CONFIG))
}

/// The slugs of the shared policies and the tiers of the shared agreements.
fn shared_policies_and_tiers(root: &Path) -> (Vec<String>, Vec<String>) {
    let mut errors = Vec::new();
    let tree = discover::discover(root, &mut errors);
    let mut policies = Vec::new();
    let mut tiers = Vec::new();
    for path in &tree.shared {
        let Ok(source) = discover::read_text(root, path).and_then(|f| source::parse_source(f, Path::new(layout::SHARED))) else {
            continue;
        };
        match (source.front.kind, &source.front.tier) {
            (crate::project::config::Kind::Policy, _) => policies.push(source.slug),
            (crate::project::config::Kind::Agreement, Some(tier)) => tiers.push(tier.value.clone()),
            _ => {}
        }
    }
    (policies, tiers)
}

fn school_yaml(id: &str, policies: &[String], tiers: &[String], today: Date) -> String {
    let next = today.add_months(12);
    let (y, m) = (next.year, next.month);
    let domain = format!("{id}.example");
    let pupil_tiers: Vec<&str> = ["eyfs", "ks1", "ks2"].into_iter().filter(|t| tiers.iter().any(|x| x == t)).collect();
    let mut yaml = format!(
        "# school.yaml for {id}: every value here is an example. Change each one, then run\n\
         # `policypress check --school {id}`. The keys are described in the README.\n\
         name: New School {id}                 # the full name, as on the school sign\n\
         short_name: New School\n\
         country: england                      # england | wales | scotland | northern-ireland | international\n\
         type: maintained                      # maintained | academy | independent | british-school-overseas\n\
         phases: [eyfs, primary]               # eyfs, primary, secondary, sixth-form\n\
         contact:\n  address: [1 Example Road, Exampleton, XX1 1XX]\n  phone: \"01632 960000\"\n  email: office@{domain}\n\
         people:                               # staff and governors only: their names are published\n\
         \x20 - name: Ms Alex Morgan\n    roles: [headteacher, siro, data-manager]\n\
         \x20 - name: Mr Sam Patel\n    roles: [dsl, esafety-coordinator, filtering-lead, computing-lead]\n\
         \x20 - name: Mrs Jo Adeyemi\n    roles: [deputy-dsl, deputy-headteacher, senco]\n\
         \x20 - name: Mr Chris Lane\n    roles: [network-manager, ict-coordinator]\n\
         \x20 - name: Mrs Dee Hart\n    roles: [office-manager, media-representative]\n\
         \x20 - name: Dr Kim Rowe\n    roles: [chair-of-governors, esafety-governor, safeguarding-governor]\n\
         \x20 - name: Ms Lee Carter\n    roles: [data-protection-officer]\n\
         tiers:                                # year group as the roster writes it -> tier\n"
    );
    for (year, tier) in [
        ("Reception", "eyfs"),
        ("Year 1", "ks1"),
        ("Year 2", "ks1"),
        ("Year 3", "ks2"),
        ("Year 4", "ks2"),
        ("Year 5", "ks2"),
        ("Year 6", "ks2"),
    ] {
        if pupil_tiers.contains(&tier) {
            let _ = writeln!(yaml, "  {year}: {tier}");
        }
    }
    let issued: Vec<&str> =
        tiers.iter().map(String::as_str).filter(|t| pupil_tiers.contains(t) || ["staff", "parents", "visitors"].contains(t)).collect();
    let _ = writeln!(yaml, "agreements: [{}]", issued.join(", "));
    let _ = writeln!(
        yaml,
        "accessibility_statement:               # when the statement was written and last checked\n  prepared_on: {}\n  last_reviewed_on: {}",
        today.iso(),
        today.iso()
    );
    yaml.push_str("policies:                             # one entry for every policy the school publishes\n");
    for slug in policies {
        let _ = write!(
            yaml,
            "  {slug}:\n    owner: headteacher\n    approved_by: Full Governing Body\n    approved_on: {}\n    next_review: {y:04}-{m:02}\n",
            today.iso()
        );
    }
    yaml
}
