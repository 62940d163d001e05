//! Whole online-safety policies, as three kinds of school keep them in Word (see
//! [`crate::schooldocs`]), imported the way a school does it: into a project whose
//! school.yaml is what the school had before (as `policypress new school` writes it, every
//! value marked FILL IN, or with only its name, contact and phases filled in and no
//! people), then checked, confirmed by a person and published.
//!
//! Each test asserts what a user sees at each step: the report's lines, the lines import
//! added to school.yaml (every line that was there still there, in order), the agreement
//! sources, the findings `check` gives at their lines; then, once a person has checked
//! what import noted and filled in what the document left blank, the built pages, which
//! carry every word of the document in order.

use scraper::{ElementRef, Html, Selector};

use crate::common::{POLICY, Project, SCHOOL_YAML};
use crate::schooldocs::{self, SchoolDoc};

/// The words of `text`, without the punctuation around them (smart quotes as plain).
fn words(text: &str) -> Vec<String> {
    text.replace(['\u{2018}', '\u{2019}'], "'")
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_owned())
        .filter(|w| !w.is_empty())
        .collect()
}

fn text(element: ElementRef<'_>) -> String {
    element.text().collect::<Vec<_>>().join(" ")
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    html.select(&Selector::parse(css).expect("selector")).collect()
}

/// The trimmed, whitespace-collapsed text of every element `css` selects.
fn texts(html: &Html, css: &str) -> Vec<String> {
    select(html, css).iter().map(|e| text(*e).split_whitespace().collect::<Vec<_>>().join(" ")).collect()
}

/// The rows of the `n`th table of the page's body, each a list of cell texts.
fn table(html: &Html, n: usize) -> Vec<Vec<String>> {
    let tables = select(html, "main .content table");
    let table = tables.get(n).unwrap_or_else(|| panic!("no table {n}: {} tables", tables.len()));
    let tr = Selector::parse("tr").expect("selector");
    table.select(&tr).map(|row| row.child_elements().map(|c| text(c).split_whitespace().collect::<Vec<_>>().join(" ")).collect()).collect()
}

/// The policy record above a policy's text: each line's label and value.
fn record(html: &Html) -> Vec<(String, String)> {
    let dt = texts(html, "main dl.policy-header dt");
    let dd = texts(html, "main dl.policy-header dd");
    dt.into_iter().zip(dd).collect()
}

/// The part of `text` from `from` (included) up to `to` (left out), which must both be there.
fn between<'a>(text: &'a str, from: &str, to: &str) -> &'a str {
    let start = text.find(from).unwrap_or_else(|| panic!("`{from}` in {text}"));
    let end = text[start..].find(to).map_or_else(|| panic!("`{to}` after `{from}`"), |at| start + at);
    &text[start..end]
}

/// A project with the harness's theme, Key Stage 2 agreement and guidance, and no
/// policy: a school about to import its own.
fn project() -> Project {
    let project = Project::new();
    project.remove(POLICY);
    project.remove("schools/alpha");
    project
}

/// The school `id` as `policypress new school` makes it: every value marked FILL IN.
fn new_school(project: &Project, id: &str) -> String {
    project.run(&["new", "school", id]).success();
    format!("schools/{id}/school.yaml")
}

/// Imports `doc` (from `incoming/`, as a school would save it) with `args` added, and
/// returns the report's lines, trimmed.
fn import(project: &Project, doc: &SchoolDoc, args: &[&str]) -> Vec<String> {
    let path = format!("incoming/{}", doc.file);
    project.write(&path, &doc.bytes);
    let mut all = vec!["import"];
    all.extend(args);
    all.push(&path);
    let output = project.run(&all).success().get_output().stdout.clone();
    String::from_utf8(output).expect("a UTF-8 report").lines().map(|l| l.trim().to_owned()).collect()
}

/// Asserts that `report` holds each of `lines`, whole.
fn says(report: &[String], lines: &[&str]) {
    for line in lines {
        assert!(report.iter().any(|l| l == line), "`{line}` in:\n{}", report.join("\n"));
    }
}

/// The lines import added to a school.yaml that was `before`, after checking that every
/// line that was there is still there, byte for byte and in order, but those it gave a
/// value (given back as the second list): an example marked FILL IN, and a key whose
/// value it wrote anew (`address:` over its examples, `people: []`, the roles of an
/// example person it filled).
fn added(before: &str, after: &str) -> (Vec<String>, Vec<String>) {
    let after: Vec<&str> = after.lines().collect();
    let key = |line: &str| line.split_once(':').map(|(key, _)| key.to_owned());
    let mut at = 0;
    let mut kept = vec![false; after.len()];
    let mut filled = Vec::new();
    for line in before.lines() {
        match after[at..].iter().position(|l| *l == line) {
            Some(found) => {
                kept[at + found] = true;
                at += found + 1;
            }
            None if line.contains("FILL IN") || after[at..].iter().any(|l| key(l).is_some() && key(l) == key(line)) => {
                filled.push(line.to_owned());
            }
            None => panic!("`{line}` of school.yaml is gone or out of order:\n{}", after.join("\n")),
        }
    }
    let new = after.iter().zip(kept).filter(|(_, kept)| !kept).map(|(l, _)| (*l).to_owned()).collect();
    (new, filled)
}

/// Asserts that `lines` are, one for one, lines starting with `starts`.
fn lines_start(lines: &[String], starts: &[&str]) {
    assert_eq!(lines.len(), starts.len(), "{lines:#?}");
    for (line, start) in lines.iter().zip(starts) {
        assert!(line.starts_with(start), "`{line}` should start `{start}`:\n{lines:#?}");
    }
}

/// The findings `check` gives, as (rule, where), `where` the file and line.
fn findings(project: &Project) -> Vec<(String, String)> {
    project
        .json_findings(&["check"])
        .iter()
        .filter(|f| f["rule"] != "no-roster")
        .map(|f| {
            let at = match f["line"].as_u64() {
                Some(line) => format!("{}:{line}", f["file"].as_str().unwrap_or_default()),
                None => f["file"].as_str().unwrap_or_default().to_owned(),
            };
            (f["rule"].as_str().unwrap_or_default().to_owned(), at)
        })
        .collect()
}

/// The 1-based line of `file` that starts (after its indent) with `start`.
fn line_of(project: &Project, file: &str, start: &str) -> String {
    let text = project.read(file);
    let n = text.lines().position(|l| l.trim_start().starts_with(start)).unwrap_or_else(|| panic!("`{start}` in {file}:\n{text}"));
    format!("{file}:{}", n + 1)
}

/// What a person does with school.yaml after an import: checks each note import left and
/// deletes it, gives the policy its owner, and deletes the examples `new school` wrote
/// for roles the school has no one in (and gives `short_name`); then `changes`.
fn confirm(project: &Project, school_yaml: &str, owner: &str, changes: &[(&str, &str)]) {
    let text = project.read(school_yaml);
    let mut lines: Vec<String> = Vec::new();
    let mut example = false;
    for line in text.lines() {
        let code = line.trim_start();
        if code.starts_with("# CHECK:") {
            continue;
        }
        if code.starts_with("- name: \"FILL IN") {
            example = true;
            continue;
        }
        if example && code.starts_with("roles:") {
            example = false;
            continue;
        }
        let line = line.split("   # CHECK:").next().unwrap_or(line);
        let line = if code.starts_with("owner: headteacher   # CHECK:") { format!("    owner: {owner}") } else { line.to_owned() };
        let line = if code.starts_with("short_name: \"FILL IN") { "short_name: Our School".to_owned() } else { line };
        lines.push(line);
    }
    let mut text = lines.join("\n") + "\n";
    for (from, to) in changes {
        assert_eq!(text.matches(from).count(), 1, "`{from}` once in {school_yaml}:\n{text}");
        text = text.replacen(from, to, 1);
    }
    assert!(!text.contains("CHECK:") && !text.contains("\"FILL IN"), "{text}");
    project.write(school_yaml, text);
}

/// Builds the site and returns page `path` under `public/`, after checking that its
/// `main` carries every word of `expected` in order (the page adds its own words around
/// them: its heading, the policy record, the contents).
fn published(project: &Project, path: &str, expected: &str) -> Html {
    let html = Html::parse_document(&project.read(&format!("public/{path}")));
    let page = words(&texts(&html, "main").join(" "));
    let mut at = 0;
    for word in words(expected) {
        match page[at..].iter().position(|w| *w == word) {
            Some(found) => at += found + 1,
            None => panic!("`{word}` is missing after word {at} of {path}:\n{:?}", &page[at.saturating_sub(30)..]),
        }
    }
    html
}

/// The words of `text` less each of `gone` (the blanks to sign, which leave an
/// agreement's text: the printed form draws its own).
fn less(text: &str, gone: &[&str]) -> String {
    gone.iter().fold(text.to_owned(), |text, gone| {
        assert!(text.contains(gone), "`{gone}` in {text}");
        text.replace(gone, " ")
    })
}

/// Meadowbank starts from the school.yaml `new school` wrote. Import fills its name,
/// address, phone and e-mail, puts its four people on the examples for their roles (one
/// added), adds the policy's entry and the Early Years agreement's tier; what it doubts
/// and what the document left blank are findings until a person deals with them.
#[test]
fn a_maintained_primarys_model_policy_becomes_its_school_yaml_people_and_two_agreements() {
    let project = project();
    let yaml = new_school(&project, "alpha");
    let before = project.read(&yaml);
    let doc = schooldocs::maintained_primary();
    let report = import(&project, &doc, &[]);
    let slug = "meadowbank-online-safety-policy-2025";
    says(
        &report,
        &[
            "imported incoming/Meadowbank Online Safety Policy 2025.docx as content/policies/meadowbank-online-safety-policy-2025.md",
            "title: Online Safety Policy (from its first heading)",
            "recognised: 25 headings, 1 of them typed by hand (numbered or bold lines): check their levels, 42 paragraphs, 47 list items, 1 tables, 0 footnotes, 0 links",
            "dropped: 1 empty paragraphs, 3 page breaks",
            "approval: approved_by \"Full Governing Body\", approved_on \"2025-10-14\", last_reviewed_on left to fill in, next_review \"2026-10\"",
            "the school's name, address, phone, e-mail: schools/alpha/school.yaml",
            "person: Mrs A. Whitcombe as headteacher, dsl (added to school.yaml, to confirm)",
            "person: Mr D. Okafor as deputy-dsl, esafety-coordinator (added to school.yaml, to confirm)",
            "person: Miss R. Lindqvist as deputy-dsl, computing-lead (added to school.yaml, to confirm)",
            "person: Mr P. Harrowby as chair-of-governors (added to school.yaml, to confirm)",
            // A deputy's name is left where the text names no role only they hold: the
            // page would name both deputies.
            "left as written (they hold several roles, none named there): Mrs A. Whitcombe, Mr D. Okafor, Miss R. Lindqvist",
            "agreement: \"Acceptable Use Agreement – Early Years and Key Stage 1\" as content/agreements/eyfs.md (tier eyfs, signatures: child-name, parent-signature, date)",
            // The project has a Key Stage 2 agreement already: this one is named for its title.
            "agreement: \"Pupil Acceptable Use Agreement – Key Stage 2\" as content/agreements/pupil-acceptable-use-agreement-key-stage-2.md (tier ks2, signatures: child-name, class, child-signature, parent-signature, date)",
        ],
    );

    let (new, filled) = added(&before, &project.read(&yaml));
    // The examples for the name, the address and contacts, three people's names and two
    // of their roles; and the list of agreements.
    assert_eq!(
        filled.iter().filter(|l| !l.contains("FILL IN")).map(String::as_str).collect::<Vec<_>>(),
        [
            "  address:",
            "    roles: [headteacher, siro, data-manager]",
            "    roles: [deputy-dsl, deputy-headteacher, senco]",
            "agreements: [ks2]"
        ]
    );
    assert_eq!(filled.len(), 13, "{filled:#?}");
    lines_start(
        &new,
        &[
            "name: \"Meadowbank Primary School\"   # CHECK: from Meadowbank Online Safety Policy 2025.docx",
            "  address: [\"12 Ferncliffe Road\", \"Meadowbank\", \"MB4 7QX\"]",
            "  phone: \"01632 960412\"   # CHECK:",
            "  email: \"office@meadowbank-primary.example\"   # CHECK:",
            "  # CHECK: Meadowbank Online Safety Policy 2025.docx names Mrs A. Whitcombe as headteacher, dsl (in the table of roles); once you have checked the name and roles, delete this comment: only then is the name published. The example's other roles (siro, data-manager) are left on this entry: check them too",
            "  - name: \"Mrs A. Whitcombe\"",
            "    roles: [headteacher, dsl, siro, data-manager]",
            "  # CHECK: Meadowbank Online Safety Policy 2025.docx names Mr D. Okafor as deputy-dsl, esafety-coordinator (in the table of roles)",
            "  - name: \"Mr D. Okafor\"",
            "    roles: [deputy-dsl, esafety-coordinator, deputy-headteacher, senco]",
            "  # CHECK: Meadowbank Online Safety Policy 2025.docx names Mr P. Harrowby as chair-of-governors (in the table of roles)",
            "  - name: \"Mr P. Harrowby\"",
            "  - name: \"Miss R. Lindqvist\"   # CHECK: Meadowbank Online Safety Policy 2025.docx names Miss R. Lindqvist as deputy-dsl, computing-lead",
            "    roles: [deputy-dsl, computing-lead]",
            "agreements: [ks2, eyfs]",
            "  meadowbank-online-safety-policy-2025:",
            "    owner: headteacher   # CHECK: Meadowbank Online Safety Policy 2025.docx names no owner",
            "    approved_by: \"Full Governing Body\"",
            "    approved_on: \"2025-10-14\"",
            "    # last_reviewed_on:   # CHECK: the document left \"[Insert date]\" to fill in",
            "    next_review: \"2026-10\"",
        ],
    );

    let source = format!("content/policies/{slug}.md");
    let text = project.read(&source);
    assert!(
        text.starts_with("---\ntitle: \"Online Safety Policy\"\nkind: policy\n---\n## Key people\n"),
        "the cover and approval lines are data now, the title the page's:\n{text}"
    );
    for role in ["chair-of-governors", "headteacher", "esafety-coordinator"] {
        assert!(text.contains(&format!("{{{{ role(name=\"{role}\") }}}}")), "{role}:\n{text}");
    }
    assert!(
        !text.contains("role(name=\"deputy-dsl\")") && !text.contains("role(name=\"dsl\")"),
        "roles two people hold are not put back:\n{text}"
    );
    let early = project.read("content/agreements/eyfs.md");
    assert!(
        early.starts_with("---\ntitle: \"Acceptable Use Agreement – Early Years and Key Stage 1\"\nkind: agreement\ntier: eyfs\nsignatures: [child-name, parent-signature, date]\n---\n{# CHECK: the heading names eyfs and ks1; it was imported for eyfs: copy it for the others the school issues"),
        "{early}"
    );
    assert!(!early.contains("____") && !early.contains("Child's name"), "{early}");
    let ks2 = "content/agreements/pupil-acceptable-use-agreement-key-stage-2.md";
    assert!(project.read(ks2).contains("\ntier: ks2\nsignatures: [child-name, class, child-signature, parent-signature, date]\n"));

    // What a person must still do, each at its line.
    let found = findings(&project);
    let expected: Vec<(String, String)> = [
        ("import-unconfirmed", "content/agreements/eyfs.md:7".to_owned()),
        ("unfilled-placeholder", line_of(&project, ks2, "This agreement was last updated on XX/XX/XXXX")),
        ("unfilled-placeholder", line_of(&project, &source, "| Online Safety Governor | [Insert name]")),
        ("unfilled-placeholder", line_of(&project, &source, "At [school name]")),
        ("import-unconfirmed", line_of(&project, &yaml, "name: \"Meadowbank")),
        ("unfilled-placeholder", line_of(&project, &yaml, "short_name:")),
        ("import-unconfirmed", line_of(&project, &yaml, "phone:")),
        ("import-unconfirmed", line_of(&project, &yaml, "email:")),
        ("import-unconfirmed", line_of(&project, &yaml, "# CHECK: Meadowbank Online Safety Policy 2025.docx names Mrs A. Whitcombe")),
        ("unfilled-placeholder", line_of(&project, &yaml, "- name: \"FILL IN: the designated safeguarding lead's name")),
        ("import-unconfirmed", line_of(&project, &yaml, "# CHECK: Meadowbank Online Safety Policy 2025.docx names Mr D. Okafor")),
        ("unfilled-placeholder", line_of(&project, &yaml, "- name: \"FILL IN: who looks after the network")),
        ("unfilled-placeholder", line_of(&project, &yaml, "- name: \"FILL IN: the office manager's name")),
        ("import-unconfirmed", line_of(&project, &yaml, "# CHECK: Meadowbank Online Safety Policy 2025.docx names Mr P. Harrowby")),
        ("unfilled-placeholder", line_of(&project, &yaml, "- name: \"FILL IN: the data protection officer's name")),
        ("import-unconfirmed", line_of(&project, &yaml, "- name: \"Miss R. Lindqvist\"")),
        ("import-unconfirmed", line_of(&project, &yaml, "owner: headteacher")),
        ("import-unconfirmed", line_of(&project, &yaml, "# last_reviewed_on:")),
        // The tests' today is November 2026.
        ("review-overdue", line_of(&project, &yaml, "next_review: \"2026-10\"")),
    ]
    .into_iter()
    .map(|(rule, at)| (rule.to_owned(), at))
    .collect();
    assert_eq!(found, expected);
    project.run(&["build"]).code(1);

    // The person checks each note, fills in what the model policy left blank, gives the
    // school's own title for its online safety lead (import leaves role titles to a
    // person), and deletes the note on the Early Years agreement (the school issues it
    // for both).
    confirm(
        &project,
        &yaml,
        "esafety-coordinator",
        &[
            ("    # last_reviewed_on:\n", "    last_reviewed_on: 2025-09-01\n"),
            ("next_review: \"2026-10\"", "next_review: \"2027-10\""),
            ("\ntiers:", "\nroles:\n  esafety-coordinator: Online Safety Lead\ntiers:"),
        ],
    );
    let filled_in = [("[Insert name]", "Mrs K. Ferris"), ("[school name]", "Meadowbank"), ("XX/XX/XXXX", "01/09/2025")];
    for (from, to) in filled_in {
        let file = if from.starts_with('X') { ks2.to_owned() } else { source.clone() };
        project.replace(&file, from, to);
    }
    let early = project.read("content/agreements/eyfs.md");
    project
        .write("content/agreements/eyfs.md", early.lines().filter(|l| !l.starts_with("{# CHECK:")).collect::<Vec<_>>().join("\n") + "\n");
    project.run(&["check"]).success();
    project.run(&["build"]).success();

    let words = filled_in.iter().fold(doc.words.clone(), |words, (from, to)| words.replace(from, to));
    let html = published(&project, &format!("alpha/policies/{slug}/index.html"), between(&words, "Key people", "Appendix 1:"));
    assert_eq!(texts(&html, "h1"), ["Online Safety Policy"]);
    assert_eq!(
        record(&html),
        [
            ("Approved by".to_owned(), "Full Governing Body on 14 October 2025".to_owned()),
            ("Last reviewed".to_owned(), "1 September 2025".to_owned()),
            ("Next review".to_owned(), "October 2027".to_owned()),
            ("Owner".to_owned(), "Online Safety Lead: Mr D. Okafor".to_owned()),
        ]
    );
    // The appendices are their own pages now.
    assert_eq!(
        texts(&html, "main .content h2"),
        [
            "Key people",
            "Aims",
            "Legislation and guidance",
            "Roles and responsibilities",
            "Educating pupils about online safety",
            "Cyber-bullying",
            "Filtering and monitoring",
            "Mobile phones and personal devices",
            "Photographs and video",
            "Responding to incidents",
            "Training",
            "Monitoring and review",
            "Links with other policies"
        ]
    );
    // The roles table: the names come back through role() where one person holds the role.
    let roles = table(&html, 0);
    assert_eq!(roles.len(), 10);
    assert_eq!(roles[4], ["Deputy Designated Safeguarding Leads", "Mr D. Okafor"]);
    assert_eq!(roles[5], ["", "Miss R. Lindqvist"]);
    assert_eq!(roles[6], ["Online Safety Lead", "Mr D. Okafor"]);
    assert_eq!(roles[9], ["Online Safety Governor", "Mrs K. Ferris"]);
    let paragraphs = texts(&html, "main .content p");
    assert!(paragraphs.iter().any(|p| p.contains(" Mr P. Harrowby, as chair of governors, receives")), "{paragraphs:?}");
    assert!(
        paragraphs.iter().all(|p| !p.contains("Ferncliffe") && !p.contains("Approved by")),
        "the cover is the site's, the approval the record's"
    );

    let early = published(
        &project,
        "alpha/agreements/eyfs/index.html",
        &less(
            between(&words, "Think before you click", "Appendix 2:"),
            &["Child's name: ____________________", "Parent/carer signature: ____________________  Date: __________"],
        ),
    );
    assert_eq!(texts(&early, "h1"), ["Acceptable Use Agreement – Early Years and Key Stage 1"]);
    let ks2 = published(
        &project,
        "alpha/agreements/pupil-acceptable-use-agreement-key-stage-2/index.html",
        &less(
            words.split("Appendix 2: Pupil Acceptable Use Agreement – Key Stage 2").nth(1).expect("the second appendix"),
            &[
                "Child's name: ____________________  Class: ________",
                "Child's signature: ____________________",
                "Parent/carer signature: ____________________  Date: __________",
            ],
        ),
    );
    assert_eq!(select(&ks2, "main ol > li").len(), 13, "thirteen Key Stage 2 rules");
    assert!(!texts(&ks2, "main").join(" ").contains("____"), "the blanks to sign are the printed form's");
}

/// An academy's school.yaml with its name, contact and phases filled in, and no people.
fn academy_yaml(school: &schooldocs::Academy, postcode: &str) -> String {
    let short = school.name.trim_end_matches(" Academy");
    format!(
        "name: {name}\nshort_name: {short}\ncountry: england\ntype: academy\nphases: [secondary, sixth-form]\ncontact:\n  address: [{name}, 1 Acorn Way, {short}, {postcode}]\n  phone: \"{phone}\"\n  email: office@{lower}-academy.example\npeople: []\n",
        name = school.name,
        phone = school.phone,
        lower = short.to_lowercase(),
    )
}

#[test]
fn a_trust_academys_policy_typed_without_styles_gives_its_record_people_and_agreements() {
    let school = schooldocs::oakfield();
    let project = project();
    let before = academy_yaml(&school, "OK7 2PL");
    project.write(SCHOOL_YAML, &before);
    let doc = schooldocs::academy(&school);
    let report = import(&project, &doc, &[]);
    let slug = "oakfield-online-safety-policy-v3-1";
    says(
        &report,
        &[
            "recognised: 23 headings, 23 of them typed by hand (numbered or bold lines): check their levels, 23 paragraphs, 27 list items, 4 tables, 1 footnotes, 2 links",
            "also: 1 tracked insertions accepted, 1 lines from page headers and footers",
            "dropped: 1 tracked deletions (accepted: the deleted text is gone), 1 comments, 2 empty paragraphs, 2 page breaks",
            // The two-column table gives all but the last review, which the page header says.
            "approval: owner dsl, approved_by \"Trust Board\", approved_on \"2025-09-01\" (to check), next_review \"2026-09\", last_reviewed_on \"2025-07\"",
            "person: Mr T. Castellano as headteacher (added to school.yaml, to confirm)",
            "person: Ms H. Brightmore as dsl (added to school.yaml, to confirm)",
            "person: Mr K. Osei as network-manager (added to school.yaml, to confirm)",
            "agreement: \"Staff Acceptable Use Agreement\" as content/agreements/staff.md (tier staff, signatures: printed-name, job-title, signature, date)",
            "agreement: \"Parent and Carer Agreement\" as content/agreements/parents.md (tier parents, signatures: child-name, parent-name, parent-signature, date)",
        ],
    );
    let (new, filled) = added(&before, &project.read(SCHOOL_YAML));
    assert_eq!(filled, ["people: []"]);
    lines_start(
        &new,
        &[
            "people:",
            "  - name: \"Mr T. Castellano\"   # CHECK: Oakfield Online Safety Policy v3.1.docx names Mr T. Castellano as headteacher (in \"The Principal, Mr T. Castellano, is responsible",
            "    roles: [headteacher]",
            "  - name: \"Ms H. Brightmore\"   # CHECK: Oakfield Online Safety Policy v3.1.docx names Ms H. Brightmore as dsl (in \"Ms H. Brightmore is the designated safeguarding lead and owns this policy.\")",
            "    roles: [dsl]",
            "  - name: \"Mr K. Osei\"   # CHECK: Oakfield Online Safety Policy v3.1.docx names Mr K. Osei as network-manager (in \"The network manager, Mr K. Osei, receives",
            "    roles: [network-manager]",
            "agreements: [staff, parents]",
            "policies:",
            "  oakfield-online-safety-policy-v3-1:",
            "    owner: dsl",
            "    approved_by: \"Trust Board\"",
            "    approved_on: \"2025-09-01\"   # CHECK: \"01/09/2025\" was read as day/month/year, 1 September 2025; delete this comment once checked",
            "    last_reviewed_on: \"2025-07\"",
            "    next_review: \"2026-09\"",
        ],
    );

    let source = format!("content/policies/{slug}.md");
    let written = project.read(&source);
    for gone in ["each half term", "study room is shared", "head of sixth form", "Policy owner", "Trust Board |", "Appendix A:"] {
        assert!(!written.contains(gone), "`{gone}` (deleted, a comment, the record, an agreement) is not in the source:\n{written}");
    }
    let staff = project.read("content/agreements/staff.md");
    assert!(staff.starts_with("---\ntitle: \"Staff Acceptable Use Agreement\"\nkind: agreement\ntier: staff\nsignatures: [printed-name, job-title, signature, date]\n---\n"), "{staff}");
    assert!(
        staff.ends_with("- [ ] I have read and agree to follow this agreement.\n- [ ] I will keep up to date with online safety training and updates.\n- [ ] I would like an academy e-mail account.\n"),
        "the boxes to tick are the agreement's own, which the printed form can draw:\n{staff}"
    );

    // The safeguarding address is the academy's, but not its office's: a person says
    // whether it may be published.
    let yaml = SCHOOL_YAML;
    assert_eq!(
        findings(&project),
        [
            ("personal-email".to_owned(), line_of(&project, &source, "{{ role(name=\"dsl\") }} is the designated safeguarding lead")),
            ("import-unconfirmed".to_owned(), line_of(&project, yaml, "- name: \"Mr T. Castellano\"")),
            ("import-unconfirmed".to_owned(), line_of(&project, yaml, "- name: \"Ms H. Brightmore\"")),
            ("import-unconfirmed".to_owned(), line_of(&project, yaml, "- name: \"Mr K. Osei\"")),
            ("import-unconfirmed".to_owned(), line_of(&project, yaml, "approved_on:")),
            ("review-overdue".to_owned(), line_of(&project, yaml, "next_review:")),
        ]
    );
    confirm(
        &project,
        yaml,
        "dsl",
        &[
            ("people:\n", "publishable_emails: [safeguarding@oakfield-academy.example]\npeople:\n"),
            ("next_review: \"2026-09\"", "next_review: \"2027-09\""),
        ],
    );
    project.run(&["check"]).success();
    project.run(&["build"]).success();

    let footnote = doc.words.rsplit("Reviewed July 2025").next().expect("the footnote");
    let body = between(&doc.words, "Version 3.1 Version history", "Appendix A:").to_owned() + footnote;
    let html = published(&project, &format!("alpha/policies/{slug}/index.html"), &body);
    assert_eq!(texts(&html, "h1"), ["Online Safety Policy"]);
    assert_eq!(
        record(&html),
        [
            ("Approved by".to_owned(), "Trust Board on 1 September 2025".to_owned()),
            ("Last reviewed".to_owned(), "July 2025".to_owned()),
            ("Next review".to_owned(), "September 2027".to_owned()),
            ("Owner".to_owned(), "Designated Safeguarding Lead: Ms H. Brightmore".to_owned()),
        ]
    );
    assert_eq!(table(&html, 0), [["Version", "3.1"]], "the one line of the record the record has no place for");
    assert_eq!(table(&html, 1).len(), 4, "the version history");
    assert_eq!(select(&html, "main .content table").len(), 2, "the signature tables are the agreements' forms");
    let h2 = texts(&html, "main .content h2");
    assert_eq!(h2.first().map(String::as_str), Some("1. Introduction"));
    assert_eq!(h2.last().map(String::as_str), Some("9. Monitoring and review"));
    assert!(texts(&html, "main .content h3").iter().all(|h| !h.starts_with("Appendix")));
    let page = texts(&html, "main").join(" ");
    for gone in ["each half term", "study room is shared", "head of sixth form"] {
        assert!(!page.contains(gone), "`{gone}` is not published");
    }
    assert!(page.contains("The Principal, Mr T. Castellano, is responsible"), "names come back through role()");

    let staff = published(
        &project,
        "alpha/agreements/staff/index.html",
        &between(&doc.words, "This agreement applies to every member of staff", "Name Job title Signature Date").replace('☐', ""),
    );
    assert_eq!(
        select(&staff, "main li")
            .iter()
            .filter(|li| li.select(&Selector::parse(".tick-box").expect("selector")).next().is_some())
            .map(|li| text(*li).replace("Tick box:", "").trim().to_owned())
            .collect::<Vec<_>>(),
        [
            "I have read and agree to follow this agreement.",
            "I will keep up to date with online safety training and updates.",
            "I would like an academy e-mail account."
        ]
    );
    let parents = published(
        &project,
        "alpha/agreements/parents/index.html",
        between(&doc.words, "We ask every family", "Student's name Parent/carer name"),
    );
    assert!(select(&parents, "main table").is_empty(), "the signature table is the printed form's");
}

/// The trust's two academies import their versions together as the trust's model and
/// Fernhill's own sections, each into its school.yaml as it was before (name, contact,
/// phases).
#[test]
fn a_trusts_two_academies_become_the_model_and_fernhills_own_sections() {
    let (oakfield, fernhill) = (schooldocs::oakfield(), schooldocs::fernhill());
    let project = project();
    project.write(SCHOOL_YAML, academy_yaml(&oakfield, "OK7 2PL"));
    project.write("schools/fernhill/school.yaml", academy_yaml(&fernhill, "OK9 4FH"));
    for school in [&oakfield, &fernhill] {
        project.write(&format!("incoming/{}", school.file), schooldocs::academy(school).bytes);
    }
    let output = project
        .run(&["import", "--as-model", &format!("alpha=incoming/{}", oakfield.file), &format!("fernhill=incoming/{}", fernhill.file)])
        .success()
        .get_output()
        .stdout
        .clone();
    let report: Vec<String> = String::from_utf8(output).expect("UTF-8").lines().map(|l| l.trim().to_owned()).collect();
    let slug = "oakfield-online-safety-policy-v3-1";
    says(
        &report,
        &[
            "imported incoming/Oakfield Online Safety Policy v3.1.docx as content/policies/oakfield-online-safety-policy-v3-1.md",
            "imported incoming/Fernhill Online Safety Policy v3.1.docx as schools/fernhill/content/policies/oakfield-online-safety-policy-v3-1.md",
            "person: Mrs J. Adebayo-Marsh as headteacher (added to school.yaml, to confirm)",
            "person: Mr L. Fairweather as dsl (added to school.yaml, to confirm)",
            "person: Ms S. Kowalczyk as network-manager (added to school.yaml, to confirm)",
            "agreement: \"Staff Acceptable Use Agreement\" as schools/fernhill/content/agreements/staff.md (tier staff, signatures: printed-name, job-title, signature, date)",
            // Besides its filtering and its section 7.3, Fernhill's safeguarding address and
            // web page are its own: school.yaml has no value for them to come from.
            "this school's own wording of: roles_and_responsibilities, filtering_and_monitoring, devices, responding_to_incidents (the rest is the shared model)",
        ],
    );
    let model = project.read(&format!("content/policies/{slug}.md"));
    assert!(
        model.contains("{% block monitoring_and_review %}") && model.contains("\n{{ school.name }}\n"),
        "the name left in the page header is each school's:\n{model}"
    );
    assert!(model.contains("Oakfield's internet connection is filtered") && !model.contains("Fernhill"), "{model}");
    let own = project.read(&format!("schools/fernhill/content/policies/{slug}.md"));
    assert!(own.contains(&format!("{{% extends \"shared/policies/{slug}.md\" %}}")), "{own}");
    assert!(own.contains("### 7.3 Sixth form: bring your own device") && own.contains("local authority's filtering service"), "{own}");
    assert!(!own.contains("1. Introduction") && !own.contains("Monitoring and review"), "the shared sections are the model's:\n{own}");
    assert!(own.contains("{{ role(name=\"network-manager\") }}, reads with the designated safeguarding lead"), "{own}");

    for (yaml, email) in [(SCHOOL_YAML, oakfield.safeguarding_email), ("schools/fernhill/school.yaml", fernhill.safeguarding_email)] {
        confirm(
            &project,
            yaml,
            "dsl",
            &[
                ("people:\n", &format!("publishable_emails: [{email}]\npeople:\n")),
                ("next_review: \"2026-09\"", "next_review: \"2027-09\""),
            ],
        );
    }
    project.run(&["check"]).success();
    project.run(&["build"]).success();
    for (school, who, words) in [
        ("alpha", &oakfield, "central service, which blocks sites by category"),
        ("fernhill", &fernhill, "Students in Years 12 and 13 may connect"),
    ] {
        let html = Html::parse_document(&project.read(&format!("public/{school}/policies/{slug}/index.html")));
        let page = texts(&html, "main").join(" ");
        assert_eq!(texts(&html, "h1"), ["Online Safety Policy"]);
        for said in [who.principal, who.dsl, who.network_manager, who.name, who.phone, words] {
            assert!(page.contains(said), "`{said}` on {school}'s page");
        }
    }
}

/// Nant y Wennol starts from `new school` with its country and languages set. Import
/// splits the columns, fills the school's details from the cover, reads the approval
/// from its sentence and the people from the text.
#[test]
fn a_welsh_schools_bilingual_policy_becomes_the_welsh_page_and_its_english_translation() {
    let project = project();
    let yaml = new_school(&project, "nant-y-wennol");
    project.replace(&yaml, "country: england ", "country: wales   ");
    project.replace(&yaml, "# languages: [cy, en-GB] ", "languages: [cy, en-GB]   ");
    let before = project.read(&yaml);
    let doc = schooldocs::welsh_primary();
    let report = import(&project, &doc, &[]);
    let slug = "polisi-diogelwch-ar-lein-online-safety-policy";
    says(
        &report,
        &[
            "title: Polisi Diogelwch Ar-lein (from its first heading)",
            "written in two languages: the English column as content/policies/polisi-diogelwch-ar-lein-online-safety-policy.en-GB.md",
            "approval: approved_by \"Y corff llywodraethu\", approved_on \"2025-03-03\", next_review \"2026-03\"",
            "the school's name, address, phone, e-mail: schools/nant-y-wennol/school.yaml",
            "person: Mrs Eirian Pughe as headteacher (added to school.yaml, to confirm)",
            "person: Mr Gethin Rowlands as dsl (added to school.yaml, to confirm)",
            "person: Miss Lowri Tudur as esafety-coordinator (added to school.yaml, to confirm)",
            "person: Mr Dafydd Ellis as chair-of-governors (added to school.yaml, to confirm)",
        ],
    );
    assert!(report.iter().all(|l| !l.starts_with("agreement:")), "no agreements");
    let (new, filled) = added(&before, &project.read(&yaml));
    assert_eq!(
        filled.iter().filter(|l| !l.contains("FILL IN")).map(String::as_str).collect::<Vec<_>>(),
        ["  address:", "    roles: [dsl, esafety-coordinator, filtering-lead, computing-lead]"]
    );
    assert_eq!(filled.len(), 11, "{filled:#?}");
    lines_start(
        &new,
        &[
            "name: \"Ysgol Gynradd Nant y Wennol\"   # CHECK:",
            "  address: [\"Heol y Felin\", \"Llanwennol\", \"LW9 4NB\"]",
            "  phone: \"01632 960587\"   # CHECK:",
            "  email: \"swyddfa@nantywennol.example\"   # CHECK:",
            "  # CHECK: Polisi Diogelwch Ar-lein - Online Safety Policy.docx names Mrs Eirian Pughe as headteacher (in \"Mrs Eirian Pughe yw'r pennaeth.\")",
            "  - name: \"Mrs Eirian Pughe\"",
            "  # CHECK: Polisi Diogelwch Ar-lein - Online Safety Policy.docx names Mr Gethin Rowlands as dsl (in \"Mr Gethin Rowlands yw'r Person Diogelu Dynodedig.\")",
            "  - name: \"Mr Gethin Rowlands\"",
            // The lead is the text's, not the example's guess.
            "    roles: [dsl, filtering-lead, computing-lead]",
            "  # CHECK: Polisi Diogelwch Ar-lein - Online Safety Policy.docx names Mr Dafydd Ellis as chair-of-governors",
            "  - name: \"Mr Dafydd Ellis\"",
            "  - name: \"Miss Lowri Tudur\"   # CHECK:",
            "    roles: [esafety-coordinator]",
            "  polisi-diogelwch-ar-lein-online-safety-policy:",
            "    owner: headteacher   # CHECK:",
            "    approved_by: \"Y corff llywodraethu\"",
            "    approved_on: \"2025-03-03\"",
            "    next_review: \"2026-03\"",
        ],
    );
    let welsh = project.read(&format!("content/policies/{slug}.md"));
    let english = project.read(&format!("content/policies/{slug}.en-GB.md"));
    assert!(welsh.starts_with("---\ntitle: \"Polisi Diogelwch Ar-lein\"\nkind: policy\nlanguage: cy\n---\n"), "{welsh}");
    assert!(english.starts_with("---\ntitle: \"Online Safety Policy\"\nkind: policy\n---\n"), "{english}");
    assert!(welsh.contains("{{ role(name=\"dsl\") }} yw'r Person Diogelu Dynodedig."), "{welsh}");
    assert!(english.contains("{{ role(name=\"dsl\") }} is the Designated Safeguarding Person."), "{english}");
    assert!(english.contains("contact the school on {{ school.contact.phone }} or by e-mailing {{ school.contact.email }}."), "{english}");
    assert!(!welsh.contains("LW9 4NB") && !welsh.contains("Ffôn"), "the cover is school.yaml's:\n{welsh}");

    // A person confirms the people and the details; the review is past (November 2026).
    let found = findings(&project);
    let rules: Vec<&str> = found.iter().map(|(rule, _)| rule.as_str()).collect();
    assert_eq!(rules.iter().filter(|r| **r == "import-unconfirmed").count(), 8, "{found:#?}");
    assert_eq!(rules.iter().filter(|r| **r == "unfilled-placeholder").count(), 5, "short_name and four examples: {found:#?}");
    assert!(found.contains(&("import-unconfirmed".to_owned(), line_of(&project, &yaml, "- name: \"Miss Lowri Tudur\""))));
    assert!(found.contains(&("review-overdue".to_owned(), line_of(&project, &yaml, "next_review: \"2026-03\""))));
    confirm(&project, &yaml, "headteacher", &[("next_review: \"2026-03\"", "next_review: \"2027-03\"")]);
    project.run(&["check"]).success();
    project.run(&["build"]).success();

    // The paragraph that was only the approval is the page's record now, in each language.
    let [left, right] = doc.columns.as_ref().expect("two columns");
    let (left, right) = (
        left.replace(
            "Cymeradwywyd y polisi hwn gan y corff llywodraethu ar 3 Mawrth 2025 a bydd yn cael ei adolygu ym mis Mawrth 2026.",
            "",
        ),
        right.replace("This policy was approved by the governing body on 3 March 2025 and will be reviewed in March 2026.", ""),
    );
    let cy = published(&project, &format!("nant-y-wennol/policies/{slug}/index.html"), &left);
    let en = published(&project, &format!("nant-y-wennol/en-gb/policies/{slug}/index.html"), &right);
    assert_eq!(select(&cy, "html")[0].value().attr("lang"), Some("cy"));
    assert_eq!(texts(&cy, "h1"), ["Polisi Diogelwch Ar-lein"]);
    assert_eq!(texts(&en, "h1"), ["Online Safety Policy"]);
    assert!(select(&cy, "main .content table").is_empty() && select(&en, "main .content table").is_empty(), "one language a page");
    assert!(texts(&en, "main .content li").contains(&"We keep our passwords secret.".to_owned()), "the rules are a list again");
    let page = texts(&en, "main").join(" ");
    assert!(page.contains("Mr Gethin Rowlands is the Designated Safeguarding Person."), "{page}");
}

/// Not a check: writes every generated school document into the folder the environment
/// variable `POLICYPRESS_WRITE_DOCS` names, for `tools/libreoffice-resave` to open in
/// LibreOffice, save again and import both ways.
#[test]
#[ignore = "a development tool, run by tools/libreoffice-resave"]
fn write_school_documents() {
    let folder = std::env::var_os("POLICYPRESS_WRITE_DOCS").expect("POLICYPRESS_WRITE_DOCS names the folder to write into");
    let folder = std::path::Path::new(&folder);
    std::fs::create_dir_all(folder).expect("create the folder");
    for doc in schooldocs::all() {
        std::fs::write(folder.join(doc.file), &doc.bytes).expect("write a document");
    }
    // The smaller documents of the import tests: a text box, a content control, a table
    // of contents, headings Word numbers.
    for (file, (bytes, _)) in [
        ("Online Safety Policy 2024.docx", crate::import::policy()),
        ("E-Safety Policy.docx", crate::import::typed_policy()),
        ("Online Safety (Trust model).docx", crate::import::trust_policy()),
    ] {
        std::fs::write(folder.join(file), bytes).expect("write a document");
    }
}
