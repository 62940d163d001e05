//! A small project on disk for the serve tests: the default theme, two schools, two
//! policies (alpha links to a section of beta and to a shared file), a page and a
//! guidance page. Every name, address and number is fictional.

use std::fs;
use std::path::Path;

use crate::date::Date;

pub(crate) const SCHOOL: &str = "\
name: Alpha Fields Primary School
short_name: Alpha Fields
country: england
type: academy
phases: [primary]
contact:
  address: [1 Test Lane, Exampleton, EX1 1AA]
  phone: \"01632 960100\"
  email: office@alphafields.example
people:
  - name: Mrs Ada Example
    roles: [headteacher, dsl]
policies:
  alpha:
    owner: headteacher
    approved_by: Full Governing Body
    approved_on: 2026-09-10
    next_review: 2027-09
  beta:
    owner: headteacher
    approved_by: Full Governing Body
    approved_on: 2026-09-10
    next_review: 2027-09
";

pub(crate) fn policy(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\nkind: policy\n---\n{body}\n")
}

pub(crate) struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    /// Two policies (alpha links to a section of beta and to a shared file), a page, one
    /// guidance page, and a second school that must never be touched by edits to the first.
    pub(crate) fn new() -> Fixture {
        let fixture = Fixture { dir: tempfile::tempdir().unwrap() };
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        for entry in walkdir::WalkDir::new(&theme).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file()) {
            let rel = entry.path().strip_prefix(&theme).unwrap();
            // Fonts are binary: copied as bytes.
            let to = fixture.root().join("themes/default").join(rel);
            fs::create_dir_all(to.parent().unwrap()).unwrap();
            fs::copy(entry.path(), to).unwrap();
        }
        fixture.write("schools/alpha/school.yaml", SCHOOL);
        fixture.write("schools/beta/school.yaml", SCHOOL);
        fixture.write(
            "content/policies/alpha.md",
            policy("Alpha", "Ask {{ role(name=\"dsl\") }}. See [beta](/policies/beta/#rules) and [the plan](/media/plan.pdf)."),
        );
        fixture.write("content/policies/beta.md", policy("Beta", "## Rules\n\nBe kind."));
        let plan = crate::document::writer::Letter { pages: vec![vec!["The site plan"]], ..Default::default() };
        fixture.write("content/media/plan.pdf", crate::document::writer::write(&plan));
        fixture.write("content/pages/visits.md", "---\ntitle: Visits\nkind: page\n---\nCome and see us.\n");
        fixture.write("content/guidance/staying-safe.md", "---\ntitle: Staying safe\nkind: guidance\n---\nTalk together.\n");
        fixture
    }

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let path = self.root().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

/// The day every serve test runs on.
pub fn today() -> Date {
    Date::parse("2026-11-23").unwrap()
}
