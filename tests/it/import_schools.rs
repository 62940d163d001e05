//! Whole online-safety policies, as three kinds of school keep them in Word (see
//! [`crate::schooldocs`]), imported into a fresh project of that school, checked and
//! published: what a user sees today. Each school's school.yaml here is what a person
//! writes by hand after importing (the details the next stage of `import` should write
//! itself: approval, contacts, people and roles), so the tests named `..._recognised_...`
//! can later assert that import wrote it instead.

use scraper::{ElementRef, Html, Selector};

use crate::common::{POLICY, Project};
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

/// The rows of the `n`th table of the policy's body, each a list of cell texts.
fn table(html: &Html, n: usize) -> Vec<Vec<String>> {
    let tables = select(html, "main .content table");
    let table = tables.get(n).unwrap_or_else(|| panic!("no table {n}: {} tables", tables.len()));
    let tr = Selector::parse("tr").expect("selector");
    table.select(&tr).map(|row| row.child_elements().map(|c| text(c).split_whitespace().collect::<Vec<_>>().join(" ")).collect()).collect()
}

/// A fresh project holding one school, `alpha`, with `yaml` as its school.yaml and none
/// of the harness's sample policy (the school publishes only what is imported).
fn school_project(yaml: &str) -> Project {
    let project = Project::new();
    project.remove(POLICY);
    project.write(crate::common::SCHOOL_YAML, yaml);
    project
}

/// Imports `doc` (from `incoming/`, as a school would save it) with `args` added, and
/// returns the report.
fn import(project: &Project, doc: &SchoolDoc, args: &[&str]) -> String {
    let path = format!("incoming/{}", doc.file);
    project.write(&path, &doc.bytes);
    let mut all = vec!["import"];
    all.extend(args);
    all.push(&path);
    let output = project.run(&all).success().get_output().stdout.clone();
    String::from_utf8(output).expect("a UTF-8 report")
}

/// The findings `check` reports, as (rule, severity, the text they point at).
fn findings(project: &Project) -> Vec<(String, String, String)> {
    let mut found: Vec<(String, String, String)> = project
        .json_findings(&["check"])
        .iter()
        .map(|f| {
            let field = |name: &str| f[name].as_str().unwrap_or_default().to_owned();
            (field("rule"), field("severity"), field("message"))
        })
        .collect();
    found.sort();
    found
}

/// The built page of policy `slug` of `school`, after checking that it carries every
/// word of `doc` a reader sees, in order (the page adds its own words around them).
fn published(project: &Project, school: &str, slug: &str, doc: &SchoolDoc) -> Html {
    project.run(&["build"]).success();
    let html = Html::parse_document(&project.read(&format!("public/{school}/policies/{slug}/index.html")));
    let page = words(&texts(&html, "main").join(" "));
    let mut at = 0;
    for word in words(&doc.words) {
        match page[at..].iter().position(|w| *w == word) {
            Some(found) => at += found + 1,
            None => panic!("`{word}` is missing after word {at} of the page:\n{:?}", &page[at.saturating_sub(30)..]),
        }
    }
    html
}

const MEADOWBANK: &str = "\
name: Meadowbank Primary School
short_name: Meadowbank
country: england
type: maintained
phases: [eyfs, primary]
contact:
  address: [Meadowbank Primary School, 12 Ferncliffe Road, Meadowbank, MB4 7QX]
  phone: \"01632 960412\"
  email: office@meadowbank-primary.example
people:
  - name: Mrs A. Whitcombe
    roles: [headteacher, dsl]
  - name: Mr D. Okafor
    roles: [deputy-dsl, esafety-coordinator]
  - name: Miss R. Lindqvist
    roles: [deputy-dsl, computing-lead]
  - name: Mr P. Harrowby
    roles: [chair-of-governors]
roles:
  esafety-coordinator: Online Safety Lead
policies:
  meadowbank-online-safety-policy-2025:
    owner: esafety-coordinator
    approved_by: Full Governing Body
    approved_on: 2025-10-14
    next_review: 2026-10
";

/// The report's line that starts with `label` (`recognised:`, `also:`, `dropped:`).
fn line<'a>(report: &'a str, label: &str) -> &'a str {
    report.lines().map(str::trim).find(|l| l.starts_with(label)).unwrap_or_else(|| panic!("no `{label}` line in:\n{report}"))
}

#[test]
fn a_maintained_primarys_model_policy_imports_with_its_headings_lists_and_roles_table() {
    let project = school_project(MEADOWBANK);
    let doc = schooldocs::maintained_primary();
    let report = import(&project, &doc, &[]);
    assert!(report.contains("title: Online Safety Policy (from its first heading)"), "{report}");
    assert_eq!(
        line(&report, "recognised:"),
        "recognised: 25 headings, 1 of them typed by hand (numbered or bold lines): check their levels, 42 paragraphs, 47 list items, 1 tables, 0 footnotes, 0 links"
    );
    assert_eq!(line(&report, "dropped:"), "dropped: 1 empty paragraphs, 3 page breaks");

    // What a person must still do: fill in what the model policy left blank. (The
    // review is overdue only because the tests' today is November 2026.)
    let placeholders = ["XX/XX/XXXX", "[Insert date]", "[Insert name]", "[school name]"];
    let expected: Vec<(String, String, String)> = std::iter::once((
        "review-overdue".to_owned(),
        "warning".to_owned(),
        "the policy `meadowbank-online-safety-policy-2025` was due for review by October 2026".to_owned(),
    ))
    .chain(
        placeholders
            .iter()
            .map(|p| ("unfilled-placeholder".into(), "error".into(), format!("\"{p}\" looks like a placeholder left unfilled"))),
    )
    .collect();
    assert_eq!(findings(&project), expected);
    project.run(&["build"]).code(1);
    let filled = [
        ("XX/XX/XXXX", "01/09/2025"),
        ("[Insert date]", "September 2025"),
        ("[Insert name]", "Mrs K. Ferris"),
        ("[school name]", "Meadowbank"),
    ];
    let source = "content/policies/meadowbank-online-safety-policy-2025.md";
    let mut words = doc.words.clone();
    for (from, to) in filled {
        project.replace(source, &from.replace('[', "\\[").replace(']', "\\]"), to);
        words = words.replace(from, to);
    }
    let doc = SchoolDoc { words, ..doc };
    let html = published(&project, "alpha", "meadowbank-online-safety-policy-2025", &doc);

    assert_eq!(texts(&html, "h1"), ["Online Safety Policy"]);
    // The cover's name is a bold line (typed as a heading); its address is text; the
    // title, left after the cover, stands level with the policy's own headings.
    assert_eq!(
        texts(&html, "main .content h2"),
        [
            "Meadowbank Primary School",
            "Online Safety Policy",
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
            "Links with other policies",
            "Appendix 1: Acceptable Use Agreement – Early Years and Key Stage 1",
            "Appendix 2: Pupil Acceptable Use Agreement – Key Stage 2",
        ]
    );
    assert_eq!(
        texts(&html, "main .content h3"),
        [
            "The governing body",
            "The headteacher",
            "The online safety lead",
            "The computing lead",
            "All staff and volunteers",
            "Parents and carers",
            "Early Years and Key Stage 1",
            "Key Stage 2",
        ]
    );
    let paragraphs = texts(&html, "main .content p");
    for said in ["12 Ferncliffe Road", "Telephone: 01632 960412", "Approved by: Full Governing Body", "Next review: October 2026"] {
        assert!(paragraphs.iter().any(|p| p == said), "`{said}` as a paragraph of its own: {paragraphs:?}");
    }
    // The roles table: its title row across both columns, the deputies' merged cell empty below.
    let roles = table(&html, 0);
    assert_eq!(roles.len(), 10);
    assert_eq!(roles[0], ["Online safety contacts 2025–26", ""]);
    assert_eq!(roles[1], ["Role", "Name"]);
    assert_eq!(roles[4], ["Deputy Designated Safeguarding Leads", "Mr D. Okafor"]);
    assert_eq!(roles[5], ["", "Miss R. Lindqvist"]);
    assert_eq!(roles[9], ["Online Safety Governor", "Mrs K. Ferris"]);
    // Lists: bullets, a bullet inside a bullet, steps with sub-steps, and each agreement's rules.
    assert_eq!(
        texts(&html, "main .content ul > li > ul > li"),
        ["understand why a password should never be shared, even with a best friend"]
    );
    assert_eq!(
        texts(&html, "main .content ol > li > ol > li"),
        [
            "if a child is at immediate risk of harm, the police are called at once",
            "if the material may be illegal, it is not copied or forwarded, even to a colleague"
        ]
    );
    let ordered = select(&html, "main .content ol");
    assert_eq!(ordered.len(), 3, "the steps, their sub-steps and the Key Stage 2 rules");
    assert_eq!(select(&html, "main .content > ol:last-of-type > li").len(), 13, "thirteen Key Stage 2 rules");
    assert!(texts(&html, "main .content li").iter().any(|l| l == "I will tell a grown-up if something on the screen upsets me."));
    assert_eq!(texts(&html, "main .content strong"), ["Online safety contacts 2025–26", "Role", "Name", "must"]);
    assert!(paragraphs.iter().any(|p| p.starts_with("Parent/carer signature: ____")), "signature lines stay as typed: {paragraphs:?}");
}

/// An academy's school.yaml: `name`, `phone`, its office and safeguarding addresses and
/// its people (the principal, the DSL, the network manager), written by hand.
fn academy_yaml(school: &schooldocs::Academy, slug: &str, office: &str, postcode: &str) -> String {
    format!(
        "\
name: {name}
short_name: {short}
country: england
type: academy
phases: [secondary, sixth-form]
contact:
  address: [{name}, 1 Acorn Way, {short}, {postcode}]
  phone: \"{phone}\"
  email: {office}
publishable_emails: [{safeguarding}]
people:
  - name: {principal}
    roles: [headteacher, siro]
  - name: {dsl}
    roles: [dsl]
  - name: {network}
    roles: [network-manager]
roles:
  headteacher: Principal
policies:
  {slug}:
    owner: dsl
    approved_by: Trust Board
    approved_on: 2025-09-01
    next_review: 2026-09
",
        name = school.name,
        short = school.name.trim_end_matches(" Academy"),
        phone = school.phone,
        safeguarding = school.safeguarding_email,
        principal = school.principal,
        dsl = school.dsl,
        network = school.network_manager,
    )
}

/// The staff agreement's tick boxes ("☐ I agree ..."), imported as they were typed, pass
/// `check` but stop `build`: the PDF's fonts have no "☐". A person rewrites them as the
/// task items agreements use (`- [ ] I agree ...`), as the agreements stage of import
/// should.
fn tick_boxes_as_task_items(project: &Project, source: &str) {
    project.run(&["check"]).success();
    let assert = project.run(&["build"]).code(1);
    let said = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(said.contains("error[print-failed]") && said.contains("“☐” cannot be printed"), "{said}");
    let text = project.read(source);
    assert_eq!(text.matches("\n\n☐ ").count(), 3, "{text}");
    project.write(source, text.replace("\n\n☐ ", "\n\n- [ ] "));
}

#[test]
fn a_trust_academys_policy_typed_without_styles_imports_with_numbered_headings_tables_and_agreements() {
    let school = schooldocs::oakfield();
    let slug = "oakfield-online-safety-policy-v3-1";
    let project = school_project(&academy_yaml(&school, slug, "office@oakfield-academy.example", "OK7 2PL"));
    let doc = schooldocs::academy(&school);
    let report = import(&project, &doc, &[]);
    assert_eq!(
        line(&report, "recognised:"),
        "recognised: 23 headings, 23 of them typed by hand (numbered or bold lines): check their levels, 23 paragraphs, 27 list items, 4 tables, 1 footnotes, 2 links"
    );
    assert_eq!(
        line(&report, "also:"),
        "also: 1 tracked insertions accepted, 1 lines from page headers and footers, placed after the body: move or delete them"
    );
    assert_eq!(
        line(&report, "dropped:"),
        "dropped: 1 tracked deletions (accepted: the deleted text is gone), 1 comments, 2 empty paragraphs, 2 page breaks"
    );
    let source = project.read(&format!("content/policies/{slug}.md"));
    for gone in ["each half term", "study room is shared", "head of sixth form"] {
        assert!(!source.contains(gone), "`{gone}` (deleted, or a comment) is not imported:\n{source}");
    }
    let found = findings(&project);
    assert_eq!(found.iter().map(|(rule, _, _)| rule.as_str()).collect::<Vec<_>>(), ["review-overdue"], "{found:?}");
    tick_boxes_as_task_items(&project, &format!("content/policies/{slug}.md"));

    let doc = SchoolDoc { words: doc.words.replace('☐', ""), ..doc };
    let html = published(&project, "alpha", slug, &doc);
    assert_eq!(texts(&html, "h1"), ["Online Safety Policy"]);
    assert_eq!(
        texts(&html, "main .content h2"),
        [
            "Oakfield Academy",
            "Online Safety Policy",
            "1. Introduction",
            "2. Roles and responsibilities",
            "3. Education and curriculum",
            "4. Staff training",
            "5. Use of artificial intelligence tools",
            "6. Filtering and monitoring",
            "7. Devices",
            "8. Responding to incidents",
            "9. Monitoring and review",
        ]
    );
    // The agreements' bold titles follow section 9 a level down: the report asks a
    // person to check the levels of headings typed by hand.
    assert_eq!(
        texts(&html, "main .content h3"),
        [
            "1.1 Scope",
            "1.2 Aims",
            "2.1 The Trust Board",
            "2.2 The Principal",
            "2.3 The Designated Safeguarding Lead",
            "2.4 The network manager",
            "2.5 All staff",
            "2.6 Students",
            "7.1 Academy devices",
            "7.2 Mobile phones",
            "Appendix A: Staff Acceptable Use Agreement",
            "Appendix B: Parent and Carer Agreement",
        ]
    );
    assert_eq!(select(&html, "main .content table").len(), 4);
    assert_eq!(
        table(&html, 0),
        [
            ["Policy owner", "Designated Safeguarding Lead"],
            ["Approved by", "Trust Board"],
            ["Date approved", "01/09/2025"],
            ["Review date", "September 2026"],
            ["Version", "3.1"],
        ]
    );
    assert_eq!(table(&html, 1).len(), 4, "the version history");
    assert_eq!(table(&html, 2), [["Name", "Job title", "Signature", "Date"], ["", "", "", ""]]);
    assert_eq!(table(&html, 3), [["Student’s name", "Parent/carer name", "Signature", "Date"], ["", "", "", ""]], "smart quotes");
    assert_eq!(texts(&html, "main .content a[href^='https://']"), ["safeguarding page of our website", "online abuse reporting service"]);
    assert_eq!(select(&html, "main .content ol > li").len(), 3 + 4 + 12, "aims, incident steps, staff commitments");
    assert_eq!(select(&html, "main .content ul > li").len(), 3 + 3 + 5, "curriculum by age, tick boxes, parents' agreement");
    let paragraphs = texts(&html, "main .content p");
    assert!(paragraphs.iter().any(|p| p.contains("every fortnight")), "the tracked insertion is kept");
    assert_eq!(texts(&html, "main .content em"), ["Staff Code of Conduct"]);
    assert_eq!(
        select(&html, "main .content li")
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
    assert!(
        paragraphs.iter().any(|p| p == "Oakfield Academy – Online Safety Policy – Reviewed July 2025"),
        "the page header follows the body"
    );
    let page = texts(&html, "main").join(" ");
    for gone in ["each half term", "study room is shared", "head of sixth form"] {
        assert!(!page.contains(gone), "`{gone}` is not published");
    }
}

#[test]
fn a_trusts_two_academies_import_the_same_model_each_as_its_own_copy() {
    let (oakfield, fernhill) = (schooldocs::oakfield(), schooldocs::fernhill());
    let project =
        school_project(&academy_yaml(&oakfield, "oakfield-online-safety-policy-v3-1", "office@oakfield-academy.example", "OK7 2PL"));
    project.write(
        "schools/fernhill/school.yaml",
        academy_yaml(&fernhill, "fernhill-online-safety-policy-v3-1", "office@fernhill-academy.example", "OK9 4FH"),
    );
    import(&project, &schooldocs::academy(&oakfield), &["--school", "alpha"]);
    let report = import(&project, &schooldocs::academy(&fernhill), &["--school", "fernhill"]);
    assert!(report.contains("recognised: 24 headings, 24 of them typed by hand"), "the extra section 7.3:\n{report}");
    let read = |school: &str, who: &schooldocs::Academy| {
        let slug = if school == "alpha" { "oakfield" } else { "fernhill" };
        let text = project.read(&format!("schools/{school}/content/policies/{slug}-online-safety-policy-v3-1.md"));
        // Each academy's own names, as a trust's model would leave them to fill in.
        let mut model = text;
        for (own, role) in [
            (who.name, "ACADEMY"),
            (who.principal, "PRINCIPAL"),
            (who.dsl, "DSL"),
            (who.network_manager, "NETWORK MANAGER"),
            (who.phone, "PHONE"),
            (who.safeguarding_email, "SAFEGUARDING"),
            (who.website, "WEBSITE"),
        ] {
            model = model.replace(own, role);
        }
        model.lines().map(str::to_owned).collect::<Vec<_>>()
    };
    let (one, two) = (read("alpha", &oakfield), read("fernhill", &fernhill));
    let only = |a: &[String], b: &[String]| a.iter().filter(|l| !b.contains(l)).cloned().collect::<Vec<_>>();
    // Once each academy's names are taken out, the copies differ in the filtering
    // paragraph and Fernhill's section on the sixth form's own devices, and nowhere else.
    let oakfield_only = only(&one, &two);
    assert_eq!(oakfield_only.len(), 1, "{oakfield_only:#?}");
    assert!(oakfield_only[0].contains("trust's central service, which blocks sites by category"));
    let fernhill_only = only(&two, &one);
    assert_eq!(fernhill_only.len(), 3, "{fernhill_only:#?}");
    assert!(fernhill_only[0].contains("local authority's filtering service"));
    assert_eq!(fernhill_only[1], "### 7.3 Sixth form: bring your own device");
    assert!(fernhill_only[2].starts_with("Students in Years 12 and 13 may connect their own laptop"));

    tick_boxes_as_task_items(&project, "schools/alpha/content/policies/oakfield-online-safety-policy-v3-1.md");
    let text = project.read("schools/fernhill/content/policies/fernhill-online-safety-policy-v3-1.md");
    project.write("schools/fernhill/content/policies/fernhill-online-safety-policy-v3-1.md", text.replace("\n\n☐ ", "\n\n- [ ] "));
    project.run(&["build"]).success();
    for (school, slug) in [("alpha", "oakfield"), ("fernhill", "fernhill")] {
        let html = Html::parse_document(&project.read(&format!("public/{school}/policies/{slug}-online-safety-policy-v3-1/index.html")));
        assert_eq!(texts(&html, "h1"), ["Online Safety Policy"]);
    }
}

const NANT_Y_WENNOL: &str = "\
name: Ysgol Gynradd Nant y Wennol
short_name: Nant y Wennol
country: wales
type: maintained
phases: [eyfs, primary]
contact:
  address: [Ysgol Gynradd Nant y Wennol, Heol y Felin, Llanwennol, LW9 4NB]
  phone: \"01632 960587\"
  email: swyddfa@nantywennol.example
people:
  - name: Mrs Eirian Pughe
    roles: [headteacher]
  - name: Mr Gethin Rowlands
    roles: [dsl]
  - name: Miss Lowri Tudur
    roles: [esafety-coordinator]
  - name: Mr Dafydd Ellis
    roles: [chair-of-governors]
roles:
  dsl: Designated Safeguarding Person
  esafety-coordinator: Online Safety Lead
policies:
  polisi-diogelwch-ar-lein-online-safety-policy:
    owner: headteacher
    approved_by: Governing Body
    approved_on: 2025-03-03
    next_review: 2026-03
";

#[test]
fn a_welsh_schools_bilingual_policy_imports_as_one_table_welsh_beside_english() {
    let project = school_project(NANT_Y_WENNOL);
    let doc = schooldocs::welsh_primary();
    let report = import(&project, &doc, &[]);
    assert!(report.contains("title: Polisi Diogelwch Ar-lein (from its first heading)"), "{report}");
    assert_eq!(
        line(&report, "recognised:"),
        "recognised: 34 headings, 2 of them typed by hand (numbered or bold lines): check their levels, 3 paragraphs, 8 list items, 1 tables, 0 footnotes, 0 links"
    );
    let found = findings(&project);
    assert_eq!(found.iter().map(|(rule, _, _)| rule.as_str()).collect::<Vec<_>>(), ["review-overdue"], "{found:?}");

    let slug = "polisi-diogelwch-ar-lein-online-safety-policy";
    let html = published(&project, "alpha", slug, &doc);
    assert_eq!(texts(&html, "h1"), ["Polisi Diogelwch Ar-lein"]);
    // The English title, left after the Welsh one, and the school's names in bold.
    assert_eq!(texts(&html, "main .content h2"), ["Online Safety Policy", "Ysgol Gynradd Nant y Wennol", "Nant y Wennol Primary School"]);
    assert_eq!(select(&html, "main .content table").len(), 1);
    let rows = table(&html, 0);
    assert_eq!(rows.len(), 55, "one row per heading or paragraph, and one of rules");
    assert_eq!(rows[0], ["Cyflwyniad", "Introduction"]);
    assert!(rows.iter().all(|row| row.len() == 2 && !row[0].is_empty() && !row[1].is_empty()), "{rows:#?}");
    assert_eq!(
        rows.last().expect("a last row"),
        &[
            "Cymeradwywyd y polisi hwn gan y corff llywodraethu ar 3 Mawrth 2025 a bydd yn cael ei adolygu ym mis Mawrth 2026.",
            "This policy was approved by the governing body on 3 March 2025 and will be reviewed in March 2026."
        ]
    );
    // The rules, a bulleted list in each cell, are one line of text in each cell today.
    let rules = rows.iter().find(|row| row[1].starts_with("We keep our passwords secret.")).expect("the rules' row");
    assert!(rules[0].starts_with("Rydym yn cadw ein cyfrineiriau yn gyfrinachol. Rydym yn gofyn"), "{rules:?}");
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
