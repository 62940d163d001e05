//! `policypress new school ID`: a school folder with every value a school must change
//! marked [`FILL_IN`] (refused until it is changed), and an entry for every shared policy;
//! and `policypress init`: a whole project in an empty folder, from what the program
//! carries (model policies, agreements and guidance, a CI workflow).

use crate::project::{built_in, layout};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

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
    #[error("{} is not empty; start a project in a new or empty folder", .0.display())]
    NotEmpty(PathBuf),
}

/// What `init` made.
#[derive(Debug)]
pub struct Started {
    /// The school to fill in: `schools/<id>/school.yaml`, under the project.
    pub school_yaml: PathBuf,
    /// How many files were written in all.
    pub files: usize,
}

/// What a project keeps out of git: the site it builds, what a run keeps between runs, the
/// agreements it prints (every pupil's name), and pupil rosters and returned-form lists.
const GITIGNORE: &str = "\
# What policypress builds: never commit it.
/public/
/agreements/
/.policypress/
# Pupil rosters and returned-forms lists hold pupils' names: never commit them. Better
# still, keep them outside this folder. (An encrypted roster for CI, *.gpg, is fine.)
*.[cC][sS][vV]
*.[tT][sS][vV]
*.[xX][lL][sS]
*.[xX][lL][sS][xX]
*[rR]oster*
[pP]upils*
!*.gpg
";

/// `policypress init DIR`: a project that builds, in `dir` (which must be missing or empty
/// but for hidden files such as `.git`): the model content the program carries, a
/// `policypress.yaml`, a `.gitignore`, a GitHub Actions workflow, and one school to fill in
/// (`school`, or else the folder's own name if it can be an id).
pub fn init(dir: &Path, school: Option<&str>) -> Result<Started, ScaffoldError> {
    let id = match school {
        Some(id) => id.to_owned(),
        None => dir
            .canonicalize()
            .unwrap_or_else(|_| dir.to_path_buf())
            .file_name()
            .map(|name| name.to_string_lossy().to_lowercase().replace([' ', '_'], "-"))
            .filter(|name| is_slug(name))
            .unwrap_or_else(|| "our-school".to_owned()),
    };
    if !is_slug(&id) {
        return Err(ScaffoldError::BadId(format!("`{id}` is not a usable school id: use lower-case letters, digits and hyphens")));
    }
    if let Ok(entries) = fs::read_dir(dir)
        && entries.filter_map(Result::ok).any(|entry| !entry.file_name().to_string_lossy().starts_with('.'))
    {
        return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
    }
    let write = |relative: &Path, bytes: &[u8]| {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| ScaffoldError::Io(parent.to_path_buf(), e))?;
        }
        fs::write(&path, bytes).map_err(|e| ScaffoldError::Io(path.clone(), e))
    };
    let mut files = 0;
    for (path, bytes) in built_in::CONTENT {
        write(&Path::new(layout::SHARED).join(path), bytes)?;
        files += 1;
    }
    let workflow = built_in::CI.iter().find(|(name, _)| *name == "github-actions.yml").map_or(&[][..], |(_, bytes)| bytes);
    // Written where the example says to copy it: its first steps say so instead.
    let workflow = String::from_utf8_lossy(workflow).replacen(
        "# Copy this file to .github/workflows/policies.yml in the repository that holds your\n# content/, schools/ and themes/ folders, then:",
        "# Written by `policypress init`. Before the first push:",
        1,
    );
    write(Path::new(".github/workflows/policies.yml"), workflow.as_bytes())?;
    write(Path::new(".gitignore"), GITIGNORE.as_bytes())?;
    write(
        Path::new(layout::SITE_CONFIG),
        b"# The whole site. Every school under schools/ is published in it.\n\
          name: Our policies                 # the site's name, on the page that lists its schools\n\
          # base_url: https://policies.school.example/   # where the site is published: printed on PDFs\n",
    )?;
    files += 3;
    let school_yaml = new_school(dir, &id)?;
    let school_yaml = school_yaml.strip_prefix(dir).unwrap_or(&school_yaml).to_path_buf();
    Ok(Started { school_yaml, files: files + 3 })
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
    let yaml = school_yaml(id, &policies, &tiers);
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

/// How every value `new school` and `init` write for a person to change begins: until it
/// is changed, `check` and `build` refuse the school (`unfilled-placeholder`, at its line).
pub const FILL_IN: &str = "FILL IN";

fn school_yaml(id: &str, policies: &[String], tiers: &[String]) -> String {
    let fill = |what: &str| format!("\"{FILL_IN}: {what}\"");
    let pupil_tiers: Vec<&str> = ["eyfs", "ks1", "ks2"].into_iter().filter(|t| tiers.iter().any(|x| x == t)).collect();
    let mut yaml = format!(
        "# school.yaml for {id}. Replace every value marked {FILL_IN} with the school's own (the\n\
         # quotes may go too). Until then `policypress check` and `build` refuse to publish the\n\
         # school, and say where each one is. Every key is described in the policypress manual\n\
         # (docs/configuration.md where policypress is published).\n\
         name: {}\n\
         short_name: {}\n\
         # urn: 141234                         # a trust's roster: the school's Unique Reference Number\n\
         # aliases: [Hollins Park Primary]     # a trust's roster: other names it gives the school\n\
         country: england                      # england | wales | scotland | northern-ireland | international\n\
         type: maintained                      # maintained | academy | independent | british-school-overseas\n\
         phases: [eyfs, primary]               # eyfs, primary, secondary, sixth-form\n\
         # languages: [cy, en-GB]              # more than one language: the main one first (see the manual)\n\
         # agreement_language: both            # agreements in one of them, or both on one sheet\n\
         # base_url: https://www.school.example/   # where the site is published: PDFs print it, and the\n\
         #                                         # 404 page's links start from it (without it, from /)\n\
         contact:\n  address:\n    - {}\n    - {}\n    - {}\n  phone: {}\n  email: {}\n\
         people:                               # staff and governors only: their names are published\n",
        fill("the school's full name, as on its sign"),
        fill("the name parents use, e.g. Hollins Park"),
        fill("first line of the address"),
        fill("town"),
        fill("postcode"),
        fill("the office phone number"),
        fill("the office e-mail address"),
    );
    for (who, roles) in [
        ("the headteacher's name, e.g. Mrs Priya Raman", "headteacher, siro, data-manager"),
        ("the designated safeguarding lead's name", "dsl, esafety-coordinator, filtering-lead, computing-lead"),
        ("the deputy safeguarding lead's name", "deputy-dsl, deputy-headteacher, senco"),
        ("who looks after the network", "network-manager, ict-coordinator"),
        ("the office manager's name", "office-manager, media-representative"),
        ("the chair of governors' name", "chair-of-governors, esafety-governor, safeguarding-governor"),
        ("the data protection officer's name", "data-protection-officer"),
    ] {
        let _ = writeln!(yaml, "  - name: {}\n    roles: [{roles}]", fill(who));
    }
    yaml.push_str("tiers:                                # year group as the roster writes it -> tier\n");
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
    yaml.push_str(
        "# When the accessibility statement was written and last checked (the statement says\n\
         # so only once these are given):\n\
         # accessibility_statement:\n\
         #   prepared_on: YYYY-MM-DD\n\
         #   last_reviewed_on: YYYY-MM-DD\n\
         policies:                             # one entry for every policy the school publishes\n",
    );
    for slug in policies {
        let _ = writeln!(
            yaml,
            "  {slug}:\n    owner: headteacher\n    approved_by: {}\n    # approved_on: YYYY-MM-DD        when it was approved\n    # next_review: YYYY-MM           when it is next reviewed",
            fill("who approved it, e.g. Full Governing Body")
        );
    }
    yaml
}

/// `policypress new theme [NAME]`: the built-in theme's templates, style sheet, scripts and
/// print templates, copied into `themes/<name>/` to change (its fonts stay built in). A file
/// already there is left as it is, so a theme half changed is never overwritten.
pub fn new_theme(root: &Path, name: &str) -> Result<Vec<PathBuf>, ScaffoldError> {
    if !is_slug(name) {
        return Err(ScaffoldError::BadId(format!("`{name}` is not a usable theme name: use lower-case letters, digits and hyphens")));
    }
    let folder = layout::theme_folder(name);
    let mut written = Vec::new();
    for (path, bytes) in built_in::THEME.iter().filter(|(path, _)| !path.starts_with("fonts/")) {
        let relative = folder.join(path);
        let target = root.join(&relative);
        if target.exists() {
            continue;
        }
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| ScaffoldError::Io(parent.to_path_buf(), e))?;
        }
        fs::write(&target, bytes).map_err(|e| ScaffoldError::Io(target.clone(), e))?;
        written.push(relative);
    }
    Ok(written)
}
