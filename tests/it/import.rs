//! `policypress import`: a Word document written the way Word writes it (see
//! [`crate::docxgen`]) becomes a policy source that `check` accepts and `build` publishes
//! with every word of the document, in order, and nothing deleted or commented; files
//! that cannot be imported are refused, naming the file, with nothing written.

use scraper::{ElementRef, Html, Selector};

use crate::common::{Project, first_difference};
use crate::docxgen::{cell, document, item, paragraph, run, split, table};

/// What a person does after an import: checks each note it left and deletes it, and
/// fills in what the document did not say (here, who owns the policy and who approved it).
fn confirm(project: &Project) {
    confirm_school(project, crate::common::SCHOOL_YAML);
}

fn confirm_school(project: &Project, school_yaml: &str) {
    let yaml = project.read(school_yaml);
    let yaml: Vec<String> = yaml
        .lines()
        .filter(|line| !line.trim_start().starts_with("# CHECK:"))
        .map(|line| line.split("   # CHECK:").next().unwrap_or(line).to_owned())
        .map(|line| line.replace("\"FILL IN: the role that owns this policy, e.g. dsl\"", "esafety-coordinator"))
        .map(|line| line.replace("\"FILL IN: who approved it, e.g. Full Governing Body\"", "Full Governing Body"))
        .map(|line| line.replace("# next_review: YYYY-MM           when it is next reviewed", "next_review: 2027-09"))
        .map(|line| line.replace("# approved_on: YYYY-MM-DD        when it was approved", "approved_on: 2026-09-10"))
        .collect();
    project.write(school_yaml, yaml.join("\n") + "\n");
}

/// An online-safety policy as a school's Word file has it, and the words a reader of
/// the document sees, in order: the body, then the footnote at the foot of the page.
pub(crate) fn policy() -> (Vec<u8>, Vec<&'static str>) {
    let text_box = format!(
        r##"<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:extent cx="2000000" cy="500000"/><wp:docPr id="1" name="Text Box 1"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx><w:txbxContent>{}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape id="Text Box 1" type="#_x0000_t202"><v:textbox><w:txbxContent>{}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"##,
        split("", "In an emergency call the of|fice fi|rst"),
        split("", "In an emergency call the office first"),
    );
    let body = [
        split(r#"<w:pStyle w:val="Title"/>"#, "Onl|ine Safety Pol|icy"),
        paragraph(r#"<w:pStyle w:val="TOC1"/><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="9016"/></w:tabs>"#, &run("", "Roles and responsibilities\t2")),
        split("", "This policy app|lies to all pupils, staff and govern|ors of the school."),
        paragraph("", ""),
        split(r#"<w:pStyle w:val="Heading1"/>"#, "Roles and respon|sibilities"),
        paragraph(
            "",
            &[
                run("", "The "),
                run("<w:b/>", "Online Safety "),
                run(r#"<w:rStyle w:val="Strong"/>"#, "Lead"),
                run("", " reports to the "),
                run("<w:i/>", "governing body"),
                run("", " each term."),
                text_box,
            ]
            .concat(),
        ),
        paragraph(
            "",
            &[
                run("", "Report concerns through the "),
                format!(r#"<w:hyperlink r:id="rId9" w:history="1">{}{}</w:hyperlink>"#, run(r#"<w:rStyle w:val="Hyperlink"/>"#, "national re"), run(r#"<w:rStyle w:val="Hyperlink"/>"#, "porting site")),
                run("", "."),
            ]
            .concat(),
        ),
        paragraph(
            "",
            &[
                run("", "Staff "),
                r#"<w:del w:id="1" w:author="A Head" w:date="2026-01-01T09:00:00Z"><w:r><w:delText xml:space="preserve">sometimes </w:delText></w:r></w:del>"#.to_owned(),
                r#"<w:ins w:id="2" w:author="A Head" w:date="2026-01-01T09:00:00Z"><w:r><w:t xml:space="preserve">always </w:t></w:r></w:ins>"#.to_owned(),
                r#"<w:commentRangeStart w:id="0"/>"#.to_owned(),
                run("", "check the filtering logs"),
                r#"<w:commentRangeEnd w:id="0"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="0"/></w:r>"#.to_owned(),
                run("", " every week."),
            ]
            .concat(),
        ),
        item(1, 0, "Pupils use their school acc|ounts"),
        item(1, 1, "Passwords are kept pri|vate"),
        paragraph(r#"<w:pStyle w:val="ListBullet"/>"#, &run("", "Devices are locked when unattended")),
        item(2, 0, "Report the concern"),
        item(2, 1, "Tell the safeguarding lead"),
        item(2, 0, "Record what happened"),
        paragraph("", r#"<w:r><w:br w:type="page"/></w:r>"#),
        split("", "2. Filtering and mon|itoring"),
        paragraph(
            "",
            &[run("", "Filtering follows the national standards"), r#"<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>"#.to_owned(), run("", ".")].concat(),
        ),
        paragraph("", &[run("<w:b/>", "Mobile "), run("<w:b/>", "phones")].concat()),
        split("", "Templates like {{ name }} and {% if %} stay as they are written, and so do *stars* and 1. numbers."),
        table(
            3,
            &[
                [cell(1, "", &paragraph("", &run("<w:b/>", "Area"))), cell(1, "", &paragraph("", &run("<w:b/>", "Who"))), cell(1, "", &paragraph("", &run("<w:b/>", "When")))].concat(),
                [cell(1, "restart", &split("", "Safe|guarding")), cell(1, "", &split("", "Designated lead")), cell(1, "", &split("", "Autumn"))].concat(),
                [cell(1, "continue", ""), cell(1, "", &split("", "Deputy lead")), cell(1, "", &split("", "Spring"))].concat(),
                cell(3, "", &split("", "All staff complete training every year")),
            ],
        ),
        format!(
            r#"<w:sdt><w:sdtPr><w:alias w:val="Review"/><w:id w:val="-1"/></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>"#,
            split("", "Next review in Sep|tember 2027")
        ),
    ]
    .concat();
    let words = "This policy applies to all pupils staff and governors of the school \
        Roles and responsibilities The Online Safety Lead reports to the governing body each term \
        In an emergency call the office first \
        Report concerns through the national reporting site \
        Staff always check the filtering logs every week \
        Pupils use their school accounts Passwords are kept private Devices are locked when unattended \
        Report the concern Tell the safeguarding lead Record what happened \
        2 Filtering and monitoring Filtering follows the national standards 1 \
        Mobile phones \
        Templates like name and if stay as they are written and so do stars and 1 numbers \
        Area Who When Safeguarding Designated lead Autumn Deputy lead Spring All staff complete training every year \
        Next review in September 2027 \
        Published by the Department for Education";
    let document = document(
        &body,
        "Published by the Department for Education.",
        "Ask the head about this",
        "https://www.example.org/report",
        "10 September 2026",
    );
    (document, words.split_whitespace().collect())
}

/// The words of `text`, without the punctuation around them.
fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_owned()).filter(|w| !w.is_empty()).collect()
}

fn text(element: ElementRef<'_>) -> String {
    element.text().collect::<Vec<_>>().join(" ")
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    html.select(&Selector::parse(css).expect("selector")).collect()
}

#[test]
fn a_word_policy_is_imported_checked_and_published_with_every_word_in_order() {
    let project = Project::new();
    let (docx, expected) = policy();
    project.write("incoming/Online Safety Policy 2024.docx", &docx);
    let mut before = project.snapshot_sources();

    let output = project.run(&["import", "incoming/Online Safety Policy 2024.docx"]).success().get_output().stdout.clone();
    let report = String::from_utf8_lossy(&output);
    assert!(report.contains("content/policies/online-safety-policy-2024.md"), "{report}");
    assert!(report.contains("title: Online Safety Policy (from its first heading)"), "{report}");
    for said in [
        "1 tables of contents",
        "1 tracked deletions",
        "1 comments",
        "1 page breaks",
        "1 text boxes read",
        "1 content controls read",
        "1 footnotes",
        "1 tables",
    ] {
        assert!(report.contains(said), "`{said}` in:\n{report}");
    }
    // The input is only read: everything but the new source is as it was.
    let mut after = project.snapshot_sources();
    assert!(after.remove("content/policies/online-safety-policy-2024.md").is_some());
    let yaml = String::from_utf8(after.remove(crate::common::SCHOOL_YAML).expect("school.yaml")).unwrap();
    assert!(before.remove(crate::common::SCHOOL_YAML).is_some());
    assert!(yaml.contains("\n  online-safety-policy-2024:\n"), "the policy's entry is added to the only school:\n{yaml}");
    assert_eq!(first_difference(&before, &after), None);

    let source = project.read("content/policies/online-safety-policy-2024.md");
    assert!(source.starts_with("---\ntitle: \"Online Safety Policy\"\nkind: policy\n---\n"), "{source}");
    assert!(!source.contains("sometimes") && !source.contains("Ask the head"), "deleted text and comments are dropped:\n{source}");

    confirm(&project);
    project.run(&["check"]).success();
    project.run(&["build"]).success();

    let html = Html::parse_document(&project.read("public/alpha/policies/online-safety-policy-2024/index.html"));
    let main = select(&html, "main").into_iter().next().expect("a main element");
    assert_eq!(select(&html, "h1").iter().map(|h| text(*h)).collect::<Vec<_>>(), ["Online Safety Policy"]);
    let page = words(&text(main));
    let expected: Vec<String> = expected.iter().map(|w| w.to_string()).collect();
    // Every word of the document, in order (the page adds its own: approval details, links).
    let mut at = 0;
    for word in &expected {
        match page[at..].iter().position(|w| w == word) {
            Some(found) => at += found + 1,
            None => panic!("`{word}` is missing after word {at} of the page:\n{page:?}\nsource:\n{source}"),
        }
    }
    for gone in ["sometimes", "Ask", "Page", "NUMPAGES"] {
        assert!(!page.iter().any(|w| w == gone), "`{gone}` must not be published");
    }
    // The office's number in the text box is read once, not twice (drawing and fallback).
    assert_eq!(page.iter().filter(|w| *w == "emergency").count(), 1);

    // The structure is kept, not only the words (`.content` is the policy's body, below
    // the page's own heading, approval details and table of contents).
    let headings: Vec<String> = select(&html, "main .content h2").iter().map(|h| text(*h).trim().to_owned()).collect();
    assert!(headings.iter().any(|h| h == "Roles and responsibilities"), "{headings:?}");
    assert!(headings.iter().any(|h| h.starts_with("2. Filtering")), "a numbered line typed by hand: {headings:?}");
    assert!(
        select(&html, "main .content h3").iter().any(|h| text(*h).trim() == "Mobile phones"),
        "a bold line, below the heading before it"
    );
    assert_eq!(
        select(&html, "main .content strong").iter().map(|s| text(*s)).collect::<Vec<_>>(),
        ["Online Safety Lead", "Area", "Who", "When"]
    );
    assert_eq!(select(&html, "main .content em").iter().map(|s| text(*s)).collect::<Vec<_>>(), ["governing body"]);
    let link = select(&html, "main .content a[href='https://www.example.org/report']");
    assert_eq!(link.iter().map(|a| text(*a)).collect::<Vec<_>>(), ["national reporting site"]);
    assert_eq!(
        select(&html, "main .content ul > li > ul > li").iter().map(|l| text(*l)).collect::<Vec<_>>(),
        ["Passwords are kept private"]
    );
    assert_eq!(select(&html, "main .content ul > li").len(), 3, "two bullets at the top, one inside");
    assert_eq!(
        select(&html, "main .content ol > li > ol > li").iter().map(|l| text(*l)).collect::<Vec<_>>(),
        ["Tell the safeguarding lead"]
    );
    let rows: Vec<Vec<String>> =
        select(&html, "main .content table tr").iter().map(|tr| tr.child_elements().map(|c| text(c).trim().to_owned()).collect()).collect();
    assert_eq!(
        rows,
        [
            vec!["Area", "Who", "When"],
            vec!["Safeguarding", "Designated lead", "Autumn"],
            vec!["", "Deputy lead", "Spring"],
            vec!["All staff complete training every year", "", ""],
        ]
    );
    let paragraphs: Vec<String> = select(&html, "main .content p").iter().map(|p| text(*p)).collect();
    assert!(
        paragraphs.iter().any(|p| p.contains("{{ name }} and {% if %}") && p.contains("*stars*") && p.contains("1. numbers")),
        "{paragraphs:?}"
    );
}

/// A policy laid out as a small primary school types one: no styles at all, the school's
/// name and the policy's in bold at the top, an approval table of two columns, headings
/// numbered by hand ("1.", "1.1"), bullets typed as "•" and a tab, and a roles table whose
/// title row spans both columns.
pub(crate) fn typed_policy() -> (Vec<u8>, Vec<&'static str>) {
    let bold = |text: &str| paragraph("", &run("<w:b/>", text));
    let two = |a: &str, b: &str| [cell(1, "", &split("", a)), cell(1, "", &split("", b))].concat();
    let bullet = |text: &str| {
        paragraph(
            r#"<w:ind w:left="720" w:hanging="360"/>"#,
            &[run("", "\u{2022}"), "<w:r><w:tab/></w:r>".to_owned(), run("", text)].concat(),
        )
    };
    let body = [
        bold("Alpha Fields Primary School"),
        bold("E-Safety Policy"),
        table(
            2,
            &[two("Approved by", "Full Governing Body"), two("Date approved", "10 Septem|ber 2026"), two("Next review", "September 2027")],
        ),
        paragraph("", ""),
        split("", "1. Aims"),
        split("", "Our school keeps pupils safe on|line and teaches them to keep themselves safe."),
        split("", "1.1 Who this policy is for"),
        bullet("pupils in every class"),
        bullet("staff, volunteers and visitors"),
        split("", "2. Roles"),
        table(
            2,
            &[
                cell(2, "", &paragraph("", &run("<w:b/>", "Key people"))),
                two("Headteacher", "Leads the school"),
                two("Online safety lead", "Runs the training"),
            ],
        ),
        paragraph("", &[run("", "Questions go to the "), run("<w:i/>", "school office"), run("", ".")].concat()),
    ]
    .concat();
    let words = "E-Safety Policy 1 Aims Our school keeps pupils safe online and teaches them to keep themselves safe \
        1.1 Who this policy is for pupils in every class staff volunteers and visitors 2 Roles \
        Key people Headteacher Leads the school Online safety lead Runs the training Questions go to the school office";
    (document(&body, "Unused.", "Unused", "https://www.example.org/", "10 September 2026"), words.split_whitespace().collect())
}

/// Imports `docx` as `file`, adds the school.yaml entry a person would, and returns the
/// built page, after checking it carries `expected` in order.
fn import_and_publish(project: &Project, file: &str, slug: &str, docx: &[u8], expected: &[&str]) -> Html {
    project.write(&format!("incoming/{file}"), docx);
    project.run(&["import", &format!("incoming/{file}")]).success();
    assert!(project.read(crate::common::SCHOOL_YAML).contains(&format!("\n  {slug}:\n")), "the policy's entry is added");
    confirm(project);
    project.run(&["check"]).success();
    project.run(&["build"]).success();
    let html = Html::parse_document(&project.read(&format!("public/alpha/policies/{slug}/index.html")));
    let page = words(&select(&html, "main").into_iter().map(text).collect::<String>());
    let mut at = 0;
    for word in words(&expected.join(" ")) {
        match page[at..].iter().position(|w| *w == word) {
            Some(found) => at += found + 1,
            None => panic!("`{word}` is missing after word {at} of the page:\n{page:?}"),
        }
    }
    html
}

#[test]
fn a_policy_typed_by_hand_without_styles_keeps_its_headings_lists_and_tables() {
    let project = Project::new();
    let (docx, expected) = typed_policy();
    let html = import_and_publish(&project, "E-Safety Policy.docx", "e-safety-policy", &docx, &expected);
    assert_eq!(select(&html, "h1").iter().map(|h| text(*h)).collect::<Vec<_>>(), ["E-Safety Policy"]);
    let headings = |css: &str| select(&html, css).iter().map(|h| text(*h).trim().to_owned()).collect::<Vec<_>>();
    assert_eq!(headings("main .content h2"), ["1. Aims", "2. Roles"]);
    assert_eq!(headings("main .content h3"), ["1.1 Who this policy is for"]);
    assert_eq!(headings("main .content ul > li"), ["pupils in every class", "staff, volunteers and visitors"]);
    assert_eq!(select(&html, "main .content table").len(), 1, "the approval table is the policy record now");
    assert_eq!(headings("main .content em"), ["school office"]);
}

/// A trust's model policy as a secondary school keeps it: a Title, headings numbered by
/// Word (a list on the heading paragraphs), a box of key contacts (a table of one
/// column), a link inside a list item, and the policy's name repeated in the page header.
pub(crate) fn trust_policy() -> (Vec<u8>, Vec<&'static str>) {
    let numbered = |level: u32, text: &str| {
        split(&format!(r#"<w:pStyle w:val="Heading{}"/><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="2"/></w:numPr>"#, level + 1), text)
    };
    let body = [
        split(r#"<w:pStyle w:val="Title"/>"#, "Online Safety Pol|icy"),
        numbered(0, "Purp|ose"),
        split("", "This policy sets out how the academy keeps students safe online."),
        numbered(1, "Scope"),
        split("", "It covers every device used in school."),
        table(1, &[cell(1, "", &[split("", "Key con|tacts"), split("", "Designated safeguarding lead: the office")].concat())]),
        numbered(0, "Reporting"),
        paragraph(
            r#"<w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>"#,
            &[
                run("", "Use the "),
                format!(r#"<w:hyperlink r:id="rId9">{}</w:hyperlink>"#, run("", "reporting form")),
                run("", " on the website"),
            ]
            .concat(),
        ),
    ]
    .concat();
    let words = "Online Safety Policy 1 Purpose This policy sets out how the academy keeps students safe online \
        a Scope It covers every device used in school Key contacts Designated safeguarding lead the office \
        2 Reporting Use the reporting form on the website";
    (document(&body, "Unused.", "Unused", "https://www.example.org/form", "1 July 2026"), words.split_whitespace().collect())
}

#[test]
fn a_trust_model_with_numbered_headings_keeps_their_numbers_and_its_box_of_contacts() {
    let project = Project::new();
    let (docx, expected) = trust_policy();
    let html = import_and_publish(&project, "Online Safety (Trust model).docx", "online-safety-trust-model", &docx, &expected);
    let page = words(&select(&html, "main").into_iter().map(text).collect::<String>());
    assert_eq!(
        page[..10].join(" "),
        "Online Safety Policy Approved by Governors on 1 July 2026",
        "the page header's approval is the record"
    );
    let headings = |css: &str| select(&html, css).iter().map(|h| text(*h).trim().to_owned()).collect::<Vec<_>>();
    assert_eq!(headings("main .content h2"), ["1. Purpose", "2. Reporting"]);
    assert_eq!(headings("main .content h3"), ["a. Scope"]);
    assert!(select(&html, "main .content table").is_empty(), "a box of one column is its text");
    assert_eq!(headings("main .content li a[href='https://www.example.org/form']"), ["reporting form"]);
}

#[test]
fn an_existing_source_is_never_replaced_and_nothing_is_written() {
    let project = Project::new();
    let (docx, _) = policy();
    project.write("incoming/online-safety.docx", &docx);
    project.write("incoming/staff-code.docx", &docx);
    let before = project.snapshot_sources();
    let assert = project.run(&["import", "incoming/staff-code.docx", "incoming/online-safety.docx"]).code(1);
    let said = String::from_utf8_lossy(&assert.get_output().stderr).into_owned() + &String::from_utf8_lossy(&assert.get_output().stdout);
    assert!(said.contains("content/policies/online-safety.md") && said.contains("already exists"), "{said}");
    assert_eq!(first_difference(&before, &project.snapshot_sources()), None, "all or nothing: staff-code was not written either");
}

#[test]
fn files_that_cannot_be_imported_are_refused_naming_the_file_and_how_to_fix_it() {
    let project = Project::new();
    let ole = [0xD0u8, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];
    let mut encrypted = ole.to_vec();
    encrypted.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    let (docx, _) = policy();
    let cases: [(&str, Vec<u8>, &str); 5] = [
        ("old.doc", ole.to_vec(), "Save As"),
        ("scan.pdf", b"%PDF-1.7\n".to_vec(), ".docx"),
        ("locked.docx", encrypted, "password"),
        ("cut-short.docx", docx[..docx.len() / 2].to_vec(), "damaged"),
        ("notes.odt", b"PK\x03\x04".to_vec(), "damaged"),
    ];
    for (name, bytes, says) in cases {
        project.write(&format!("incoming/{name}"), &bytes);
        let before = project.snapshot_sources();
        let assert = project.run(&["import", &format!("incoming/{name}")]).code(1);
        let output = assert.get_output();
        let said = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
        assert!(said.contains(name) && said.contains(says), "{name}: {said}");
        assert_eq!(first_difference(&before, &project.snapshot_sources()), None, "{name}");
    }
}

#[test]
fn a_schools_own_policy_goes_under_its_folder_and_an_unknown_school_is_refused() {
    let project = Project::new();
    project.write("incoming/Acceptable Use.txt", "Acceptable Use Policy\n\n1. Purpose\n\nWe use computers {{ safely }}.\n\n- one\n- two\n");
    project.run(&["import", "--school", "alpha", "incoming/Acceptable Use.txt"]).success();
    let source = project.read("schools/alpha/content/policies/acceptable-use.md");
    assert_eq!(
        source,
        "---\ntitle: \"Acceptable Use Policy\"\nkind: policy\n---\n## 1\\. Purpose\n\nWe use computers {% raw %}{{{% endraw %} safely }}.\n\n- one\n- two\n"
    );
    let assert = project.run(&["import", "--school", "beta", "incoming/Acceptable Use.txt"]).code(1);
    let output = assert.get_output();
    let said = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("no school `beta`"), "{said}");
}

/// A school's own online-safety policy as its office keeps it: the school's details on
/// the cover, the approval as tab-separated lines, a table of roles (one of them someone
/// school.yaml does not know yet, `dsl` given to `dsl_name`), names in the text, a
/// placeholder the model policy left, and two agreements at the back.
fn school_policy(dsl_name: &str) -> Vec<u8> {
    let heading = |level: u32, text: &str| split(&format!(r#"<w:pStyle w:val="Heading{level}"/>"#), text);
    let line = |text: &str| paragraph("", &run("", text));
    let tabbed = |a: &str, b: &str| paragraph("", &[run("", a), "<w:r><w:tab/></w:r>".to_owned(), run("", b)].concat());
    let two = |a: &str, b: &str| [cell(1, "", &line(a)), cell(1, "", &line(b))].concat();
    let body = [
        paragraph("", &run("<w:b/>", "Alpha Fields Primary School")),
        line("Alpha Fields Primary School, 1 Test Lane, Exampleton, EX1 1AA"),
        tabbed("Tel: 01632 960100", "Email: office@alphafields.example"),
        heading(1, "Online Safety Policy"),
        tabbed("Approved by:", "Full Governing Body"),
        tabbed("Date approved:", "14th October 2026"),
        tabbed("Next review:", "October 2027"),
        heading(1, "Who does what"),
        table(
            2,
            &[
                two("Role", "Name"),
                two("Headteacher", "Mrs Ada Example"),
                two("Designated Safeguarding Lead", dsl_name),
                two("Computing Lead", "Mr Dev Patel"),
            ],
        ),
        line(&format!("Mr Dev Patel checks the filtering reports every week. Concerns about a child go to {dsl_name} straight away.")),
        line("Parents with a worry can ring the office on 01632 960100."),
        line("We last shared this policy with parents on [Insert date]."),
        heading(1, "Appendix 1: Pupil Acceptable Use Agreement \u{2013} Key Stage 2"),
        line("I will keep my password secret."),
        line("Child\u{2019}s name: ____________\tClass: ______"),
        line("Parent/carer signature: ____________\tDate: ______"),
        heading(1, "Appendix 2: Staff Acceptable Use Agreement"),
        line("I will use school systems for school work."),
        table(
            3,
            &[
                [cell(1, "", &line("Name")), cell(1, "", &line("Signature")), cell(1, "", &line("Date"))].concat(),
                [cell(1, "", ""), cell(1, "", ""), cell(1, "", "")].concat(),
            ],
        ),
    ]
    .concat();
    document(&body, "Unused.", "Unused", "https://www.example.org/", "14 October 2026")
}

#[test]
fn the_header_people_and_agreements_become_data_that_a_person_confirms_before_it_is_published() {
    let project = Project::new();
    project.write("incoming/Online Safety 2026.docx", school_policy("Mr Ben Sample"));
    let output = project.run(&["import", "incoming/Online Safety 2026.docx"]).success().get_output().stdout.clone();
    let report = String::from_utf8_lossy(&output);
    for said in [
        // The page header says "Approved by the governors": which to publish is a person's call.
        "approval: approved_by \"Full Governing Body\" (to check), approved_on \"2026-10-14\", next_review \"2027-10\"",
        "the school's name, address, phone, e-mail: schools/alpha/school.yaml",
        "person: Mr Dev Patel as computing-lead (added to school.yaml, to confirm)",
        "person: Mr Ben Sample as dsl (already in school.yaml)",
        "(tier ks2, signatures: child-name, class, parent-signature, date)",
        "(tier staff, signatures: printed-name, signature, date)",
        "note: content/policies/online-safety.md is also called \"Online Safety Policy\": this one is published beside it, not in its place.",
    ] {
        assert!(report.contains(said), "`{said}` in:\n{report}");
    }
    // What school.yaml already said is untouched; the new person, the policy's entry and
    // the new agreement's tier are added.
    let yaml = project.read(crate::common::SCHOOL_YAML);
    assert!(yaml.starts_with(crate::common::SCHOOL.split("  - name: Ms Cara Demo").next().unwrap()), "{yaml}");
    assert!(yaml.contains("agreements: [ks2, staff]\n"), "{yaml}");
    assert!(yaml.contains("  online-safety:\n    owner: esafety-coordinator\n"), "{yaml}");
    assert!(
        yaml.contains("  online-safety-2026:\n    owner: headteacher   # CHECK: Online Safety 2026.docx names no owner, so the headteacher was put here: write the role that owns the policy, then delete this comment\n    approved_by: \"Full Governing Body\"   # CHECK: the document also says \"Approved by the governors: 14 October 2026\"; delete this comment once checked\n    approved_on: \"2026-10-14\"\n    next_review: \"2027-10\"\n"),
        "{yaml}"
    );
    let patel = 1 + yaml.lines().position(|l| l.contains("- name: \"Mr Dev Patel\"   # CHECK:")).expect("the new person, marked to check");

    // Names are the roles' holders now, the phone the school's; the placeholder stays.
    let source = project.read("content/policies/online-safety-2026.md");
    assert!(source.contains("{{ role(name=\"computing-lead\") }} checks the filtering reports every week. Concerns about a child go to {{ role(name=\"dsl\") }} straight away."), "{source}");
    assert!(source.contains("ring the office on {{ school.contact.phone }}."), "{source}");
    assert!(!source.contains("Approved by") && !source.contains("Appendix") && !source.contains("EX1 1AA"), "{source}");

    // Until a person has confirmed the new person and filled in the rest, nothing is published.
    let failed = project.run(&["check"]).failure().get_output().stderr.clone();
    let failed = String::from_utf8_lossy(&failed);
    assert!(
        failed
            .contains("error[import-unconfirmed]: imported, not yet checked: Online Safety 2026.docx names Mr Dev Patel as computing-lead"),
        "{failed}"
    );
    assert!(failed.contains(&format!("--> schools/alpha/school.yaml:{patel}:")), "{failed}");
    assert!(failed.contains("error[unfilled-placeholder]: \"[Insert date]\""), "{failed}");

    confirm(&project);
    project.write(
        "content/policies/online-safety-2026.md",
        source.replace("[Insert date]", "3 November 2026").replace("\\[Insert date\\]", "3 November 2026"),
    );
    project.run(&["check"]).success();
    project.run(&["build"]).success();
    let html = Html::parse_document(&project.read("public/alpha/policies/online-safety-2026/index.html"));
    let page = words(&select(&html, "main").into_iter().map(text).collect::<String>()).join(" ");
    assert!(
        page.contains("Mr Dev Patel checks the filtering reports every week Concerns about a child go to Mr Ben Sample straight away"),
        "{page}"
    );
    assert!(page.contains("ring the office on 01632 960100"), "{page}");
    let agreement = Html::parse_document(&project.read("public/alpha/agreements/pupil-acceptable-use-agreement-key-stage-2/index.html"));
    let agreement = words(&select(&agreement, "main").into_iter().map(text).collect::<String>()).join(" ");
    assert!(agreement.contains("I will keep my password secret"), "{agreement}");
    assert!(!agreement.contains("____"), "the blanks to sign are the printed form's, not the text's: {agreement}");
}

#[test]
fn a_document_that_gives_a_role_to_someone_school_yaml_does_not_is_refused_and_nothing_is_written() {
    let project = Project::new();
    project.write("incoming/Online Safety 2026.docx", school_policy("Mr Sam Other"));
    let before = project.snapshot_sources();
    let failed = project.run(&["import", "incoming/Online Safety 2026.docx"]).failure().get_output().stderr.clone();
    let failed = String::from_utf8_lossy(&failed);
    assert!(
        failed.contains("Online Safety 2026.docx names Mr Sam Other as the Designated Safeguarding Lead, but school.yaml gives the role to Mr Ben Sample"),
        "{failed}"
    );
    assert!(failed.contains("--> schools/alpha/school.yaml:15:"), "{failed}");
    assert_eq!(first_difference(&before, &project.snapshot_sources()), None);
}

/// A Welsh school's policy in two columns, Welsh on the left and English on the right,
/// under a title in both; the approval said in a sentence in each language.
fn two_column_policy() -> Vec<u8> {
    let line = |text: &str| paragraph("", &run("", text));
    let heading = |text: &str| split(r#"<w:pStyle w:val="Heading1"/>"#, text);
    let row = |a: String, b: String| [cell(1, "", &a), cell(1, "", &b)].concat();
    let body = [
        split(r#"<w:pStyle w:val="Title"/>"#, "Polisi Defnyddio Technoleg / Technology Use Policy"),
        table(
            2,
            &[
                row(heading("Cyflwyniad"), heading("Introduction")),
                row(
                    line("Mae'r polisi hwn yn esbonio sut rydym yn cadw ein disgyblion yn ddiogel ar-lein."),
                    line("This policy explains how we keep our pupils safe online."),
                ),
                row(
                    line("Os oes gennych bryder, siaradwch \u{e2} Mrs Nia Pritchard, y Person Diogelu Dynodedig."),
                    line("If you have a concern, talk to Mrs Nia Pritchard, the Designated Safeguarding Lead."),
                ),
                row(
                    line("Cafodd y polisi hwn ei gymeradwyo gan y corff llywodraethu ar 3 Mawrth 2026. Bydd yn cael ei adolygu ym mis Mawrth 2027."),
                    line("This policy was approved by the governing body on 3 March 2026 and will be reviewed in March 2027."),
                ),
            ],
        ),
    ]
    .concat();
    document(&body, "Unused.", "Unused", "https://www.example.org/", "3 Mawrth 2026")
}

#[test]
fn a_policy_in_welsh_and_english_columns_becomes_the_welsh_page_and_its_english_translation() {
    let project = Project::fixture("welsh-medium", "forename,surname,year,class\n");
    project.write("incoming/Polisi Technoleg.docx", two_column_policy());
    let output = project.run(&["import", "incoming/Polisi Technoleg.docx"]).success().get_output().stdout.clone();
    let report = String::from_utf8_lossy(&output);
    assert!(report.contains("written in two languages: the English column as content/policies/polisi-technoleg.en-GB.md"), "{report}");
    let welsh = project.read("content/policies/polisi-technoleg.md");
    let english = project.read("content/policies/polisi-technoleg.en-GB.md");
    assert!(welsh.starts_with("---\ntitle: \"Polisi Defnyddio Technoleg\"\nkind: policy\nlanguage: cy\n---\n"), "{welsh}");
    assert!(english.starts_with("---\ntitle: \"Technology Use Policy\"\nkind: policy\n---\n"), "{english}");
    assert!(welsh.contains("siaradwch \u{e2} {{ role(name=\"dsl\") }}, y Person Diogelu Dynodedig."), "{welsh}");
    assert!(english.contains("talk to {{ role(name=\"dsl\") }}, the Designated Safeguarding Lead."), "{english}");
    assert!(!welsh.contains("This policy") && !english.contains("Mae'r polisi"), "each language on its own page");
    let yaml = project.read("schools/ysgol-y-garreg/school.yaml");
    assert!(
        yaml.contains("  polisi-technoleg:\n    owner: headteacher   # CHECK:")
            && yaml.contains(
                "    approved_by: \"Y corff llywodraethu\"   # CHECK: the document also says \"Approved by the governors: 3 Mawrth 2026\""
            )
            && yaml.contains("    approved_on: \"2026-03-03\"\n    next_review: \"2027-03\"\n"),
        "{yaml}"
    );

    confirm_school(&project, "schools/ysgol-y-garreg/school.yaml");
    project.run(&["check"]).success();
    project.run(&["build"]).success();
    let page = |path: &str| {
        let html = Html::parse_document(&project.read(path));
        let lang = select(&html, "html")[0].value().attr("lang").unwrap_or_default().to_owned();
        (lang, words(&select(&html, "main").into_iter().map(text).collect::<String>()).join(" "))
    };
    let (lang, cy) = page("public/ysgol-y-garreg/policies/polisi-technoleg/index.html");
    assert_eq!(lang, "cy");
    assert!(cy.contains("siaradwch â Mrs Nia Pritchard y Person Diogelu Dynodedig"), "{cy}");
    let (lang, en) = page("public/ysgol-y-garreg/en-gb/policies/polisi-technoleg/index.html");
    assert_eq!(lang, "en-GB");
    assert!(en.contains("This policy explains how we keep our pupils safe online"), "{en}");
}

/// One school's version of a trust's online-safety policy: the same introduction and
/// filtering section as every school, its own way with phones, and perhaps a section of
/// its own.
fn trust_version(phones: &str, own_section: Option<(&str, &str)>) -> Vec<u8> {
    let heading = |text: &str| split(r#"<w:pStyle w:val="Heading1"/>"#, text);
    let line = |text: &str| paragraph("", &run("", text));
    let mut body = vec![
        split(r#"<w:pStyle w:val="Title"/>"#, "E-Safety Policy"),
        line("Every school in the trust keeps its pupils safe online in the same way."),
        heading("Mobile phones"),
        line(phones),
        heading("Filtering"),
        line("The trust filters every school's internet connection and checks the reports weekly."),
    ];
    if let Some((title, text)) = own_section {
        body.push(heading(title));
        body.push(line(text));
    }
    document(&body.concat(), "Unused.", "Unused", "https://www.example.org/", "1 July 2026")
}

#[test]
fn several_schools_versions_become_the_trusts_model_and_each_schools_own_sections() {
    let project = Project::new();
    let beta =
        crate::common::SCHOOL.replace("Alpha Fields Primary School", "Beta Brook Primary School").replace("Alpha Fields", "Beta Brook");
    project.write("schools/beta/school.yaml", &beta);
    project.write("incoming/alpha/E-Safety.docx", trust_version("Pupils hand their phones in at the office.", None));
    project.write(
        "incoming/beta/Beta E-Safety.docx",
        trust_version(
            "Pupils hand their phones to their class teacher.",
            Some(("Forest school", "Phones stay in school on forest school days.")),
        ),
    );
    let output = project
        .run(&["import", "--as-model", "alpha=incoming/alpha/E-Safety.docx", "beta=incoming/beta/Beta E-Safety.docx"])
        .success()
        .get_output()
        .stdout
        .clone();
    let report = String::from_utf8_lossy(&output);
    assert!(report.contains("this school's own wording of: mobile_phones, filtering"), "{report}");

    let model = project.read("content/policies/e-safety.md");
    assert!(
        model.contains(
            "{% block mobile_phones %}\n## Mobile phones\n\nPupils hand their phones in at the office.\n{% endblock mobile_phones %}"
        ),
        "{model}"
    );
    assert!(!project.path().join("schools/alpha/content/policies/e-safety.md").exists(), "alpha's words are the model's");
    let own = project.read("schools/beta/content/policies/e-safety.md");
    assert!(own.contains("{% extends \"shared/policies/e-safety.md\" %}"), "{own}");
    assert!(own.contains("## Forest school") && own.contains("class teacher") && !own.contains("introduction"), "{own}");
    assert!(project.read("schools/beta/content/policies/e-safety.base.yaml").contains("shared: policies/e-safety.md"));
    // One policy: its entry in each school under the model's name, whatever the file's.
    assert!(project.read("schools/beta/school.yaml").contains("\n  e-safety:\n"));

    confirm_school(&project, crate::common::SCHOOL_YAML);
    confirm_school(&project, "schools/beta/school.yaml");
    project.run(&["check"]).success();
    project.run(&["build"]).success();
    let page = |school: &str| {
        let html = Html::parse_document(&project.read(&format!("public/{school}/policies/e-safety/index.html")));
        words(&select(&html, "main").into_iter().map(text).collect::<String>()).join(" ")
    };
    let (alpha, beta) = (page("alpha"), page("beta"));
    assert!(alpha.contains("in at the office") && !alpha.contains("Forest school"), "{alpha}");
    assert!(beta.contains("to their class teacher") && beta.contains("Phones stay in school on forest school days"), "{beta}");
    assert!(beta.contains("Every school in the trust keeps its pupils safe online"), "{beta}");
}

/// What a person does once `slug` is imported: its entry, which import added to
/// school.yaml, confirmed.
fn add_entry(project: &Project, slug: &str) {
    assert!(project.read(crate::common::SCHOOL_YAML).contains(&format!("\n  {slug}:\n")), "import adds the entry");
    confirm(project);
}

/// The output and exit code of `policypress` with `args`, standard output then error.
fn said(project: &Project, args: &[&str], code: i32) -> String {
    let assert = project.run(args).code(code);
    let output = assert.get_output();
    String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr)
}

#[test]
fn a_libreoffice_document_is_imported_with_its_structure_and_nothing_deleted() {
    use crate::odtgen::{document, picture};
    let body = [
        r#"<text:tracked-changes text:track-changes="false"><text:changed-region xml:id="ct1" text:id="ct1"><text:deletion><office:change-info><dc:creator>A Head</dc:creator><dc:date>2026-01-01T09:00:00</dc:date></office:change-info><text:p>sometimes </text:p></text:deletion></text:changed-region><text:changed-region xml:id="ct2" text:id="ct2"><text:insertion><office:change-info><dc:creator>A Head</dc:creator><dc:date>2026-01-01T09:00:00</dc:date></office:change-info></text:insertion></text:changed-region></text:tracked-changes>"#,
        r#"<text:p text:style-name="Title">Acceptable Use Policy</text:p>"#,
        r#"<text:table-of-content text:protected="true" text:name="Table of Contents1"><text:index-body><text:p text:style-name="Contents_20_1">Aims<text:tab/>2</text:p></text:index-body></text:table-of-content>"#,
        r#"<text:h text:style-name="Heading_20_1" text:outline-level="1">Aims</text:h>"#,
        r#"<text:p text:style-name="Standard">The <text:span text:style-name="T1">computing lead</text:span> reports to the <text:span text:style-name="T2">governing body</text:span>.<text:s text:c="2"/>Staff <text:change text:change-id="ct1"/><text:change-start text:change-id="ct2"/>always <text:change-end text:change-id="ct2"/>check<office:annotation><dc:creator>A Governor</dc:creator><text:p>Ask the head about this</text:p></office:annotation><office:annotation-end/> the <text:a xlink:type="simple" xlink:href="https://www.example.org/filtering">filtering logs</text:a><text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p text:style-name="Footnote">Kept for a year.</text:p></text:note-body></text:note>.</text:p>"#,
        r#"<text:list xml:id="list1" text:style-name="L1"><text:list-item><text:p text:style-name="P2">Log in with your own account</text:p><text:list><text:list-item><text:p text:style-name="P2">Never share a password</text:p></text:list-item></text:list></text:list-item><text:list-item><text:soft-page-break/><text:p text:style-name="P2">Lock the screen</text:p></text:list-item></text:list>"#,
        r#"<text:p text:style-name="P1">Mobile phones</text:p>"#,
        r#"<table:table table:name="Table1"><table:table-column table:number-columns-repeated="2"/><table:table-header-rows><table:table-row><table:table-cell office:value-type="string"><text:p><text:span text:style-name="T1">Who</text:span></text:p></table:table-cell><table:table-cell office:value-type="string"><text:p><text:span text:style-name="T1">When</text:span></text:p></table:table-cell></table:table-row></table:table-header-rows><table:table-row><table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>Everyone, every term</text:p></table:table-cell><table:covered-table-cell/></table:table-row></table:table>"#,
        &format!(r#"<text:p text:style-name="Standard">{}</text:p>"#, picture("10000001000000100000010.png", "Poster", "The class poster of our rules")),
    ]
    .concat();
    let project = Project::new();
    project.write(
        "incoming/Acceptable Use.odt",
        document(&body, "Approved by the governors, 1 July 2026", &[("10000001000000100000010.png", crate::imagegen::plain_png())]),
    );
    let report = said(&project, &["import", "incoming/Acceptable Use.odt"], 0);
    for says in [
        "title: Acceptable Use Policy (from its first heading)",
        "1 tables of contents",
        "1 tracked deletions",
        "1 comments",
        "1 footnotes",
        "pictures: 1 written to content/media/imported/acceptable-use/",
    ] {
        assert!(report.contains(says), "`{says}` in:\n{report}");
    }
    add_entry(&project, "acceptable-use");
    project.run(&["check"]).success();
    project.run(&["build"]).success();
    let html = Html::parse_document(&project.read("public/alpha/policies/acceptable-use/index.html"));
    let all = |css: &str| select(&html, css).iter().map(|e| text(*e).trim().to_owned()).collect::<Vec<_>>();
    assert_eq!(all("h1"), ["Acceptable Use Policy"]);
    assert_eq!(all("main .content h2"), ["Aims"]);
    assert_eq!(all("main .content h3"), ["Mobile phones"]);
    assert_eq!(all("main .content strong"), ["computing lead", "Who", "When"]);
    assert_eq!(all("main .content em"), ["governing body"]);
    assert_eq!(all("main .content a[href='https://www.example.org/filtering']"), ["filtering logs"]);
    assert_eq!(all("main .content ol > li > ul > li"), ["Never share a password"]);
    assert_eq!(select(&html, "main .content ol > li").len(), 2);
    assert_eq!(all("main .content table th"), ["Who", "When"]);
    let page = text(select(&html, "main")[0]);
    for word in ["Staff always check the", "Kept for a year.", "Approved by the governors, 1 July 2026"] {
        assert!(page.split_whitespace().collect::<Vec<_>>().join(" ").contains(word), "`{word}` in {page}");
    }
    for gone in ["sometimes", "Ask the head", "Page 2"] {
        assert!(!page.contains(gone), "`{gone}` must not be published");
    }
    let img = select(&html, "main .content img");
    assert_eq!(img.iter().map(|i| i.attr("alt").unwrap_or_default()).collect::<Vec<_>>(), ["The class poster of our rules"]);
}

#[test]
fn a_page_word_saved_as_a_web_page_is_imported_with_its_lists_notes_and_picture() {
    let page = "<html xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:w=\"urn:schemas-microsoft-com:office:word\"><head><meta http-equiv=Content-Type content=\"text/html; charset=windows-1252\"><meta name=Generator content=\"Microsoft Word 15 (filtered)\"><title>Draft by A Head</title><style><!-- p.MsoNormal {margin:0cm;font-family:\"Calibri\",sans-serif;} --></style><!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>A Head</o:Author></o:DocumentProperties></xml><![endif]--><script>document.write('tracking')</script></head><body lang=EN-GB style='word-wrap:break-word'><div class=WordSection1>\
<p class=MsoTitle>Mobile Phone Policy<o:p></o:p></p>\
<h1>Why we have this policy<o:p></o:p></h1>\
<p class=MsoNormal>Pupils\u{92} phones are handed in \u{96} every morning<a style='mso-footnote-id:ftn1' href=\"#_ftn1\" name=\"_ftnref1\" title=\"\"><span class=MsoFootnoteReference><span class=MsoFootnoteReference><span style='font-size:11.0pt'>[1]</span></span></span></a>. Read the <a href=\"https://www.example.org/guidance\">national guidance</a>.<o:p></o:p></p>\
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'>\u{b7}<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span><![endif]>Phones stay in the office<o:p></o:p></p>\
<p class=MsoListParagraphCxSpLast style='margin-left:72.0pt;mso-list:l0 level2 lfo1'><![if !supportLists]><span style='font-family:\"Courier New\"'>o<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp; </span></span><![endif]>Collected at home time<o:p></o:p></p>\
<p class=MsoNormal><!--[if gte vml 1]><v:shape id=\"Picture_x0020_1\" type=\"#_x0000_t75\"><v:imagedata src=\"Mobile%20Phone%20Policy_files/image001.png\" o:title=\"\"/></v:shape><![endif]--><![if !vml]><img width=64 height=64 src=\"Mobile%20Phone%20Policy_files/image002.png\" alt=\"The phone box in the office\" v:shapes=\"Picture_x0020_1\"><![endif]><o:p></o:p></p>\
</div><div style='mso-element:footnote-list'><![if !supportFootnotes]><br clear=all><hr align=left size=1 width=\"33%\"><![endif]><div style='mso-element:footnote' id=ftn1><p class=MsoFootnoteText><a style='mso-footnote-id:ftn1' href=\"#_ftnref1\" name=\"_ftn1\" title=\"\"><span class=MsoFootnoteReference>[1]</span></a> Phones are switched off first.</p></div></div></body></html>";
    let bytes: Vec<u8> = page.chars().map(|c| u8::try_from(u32::from(c)).expect("Windows-1252")).collect();
    let project = Project::new();
    project.write("incoming/Mobile Phone Policy.htm", bytes);
    project.write("incoming/Mobile Phone Policy_files/image002.png", crate::imagegen::plain_png());
    let report = said(&project, &["import", "incoming/Mobile Phone Policy.htm"], 0);
    assert!(report.contains("pictures: 1 written to content/media/imported/mobile-phone-policy/"), "{report}");
    let source = project.read("content/policies/mobile-phone-policy.md");
    for gone in ["A Head", "tracking", "Calibri", "image002", "supportLists", "\u{b7}"] {
        assert!(!source.contains(gone), "`{gone}` in:\n{source}");
    }
    add_entry(&project, "mobile-phone-policy");
    project.run(&["check"]).success();
    project.run(&["build"]).success();
    let html = Html::parse_document(&project.read("public/alpha/policies/mobile-phone-policy/index.html"));
    let all = |css: &str| select(&html, css).iter().map(|e| text(*e).trim().to_owned()).collect::<Vec<_>>();
    assert_eq!(all("h1"), ["Mobile Phone Policy"]);
    assert_eq!(all("main .content h2"), ["Why we have this policy"]);
    assert_eq!(all("main .content ul > li > ul > li"), ["Collected at home time"]);
    assert!(
        all("main .content p").iter().any(|p| p.contains("Pupils\u{2019} phones are handed in \u{2013} every morning")),
        "{:?}",
        all("main .content p")
    );
    assert_eq!(all("main .content a[href='https://www.example.org/guidance']"), ["national guidance"]);
    assert!(text(select(&html, "main")[0]).contains("Phones are switched off first."));
    let img = select(&html, "main .content img");
    assert_eq!(img.iter().map(|i| i.attr("alt").unwrap_or_default()).collect::<Vec<_>>(), ["The phone box in the office"]);
}

#[test]
fn a_word_documents_pictures_are_published_stripped_and_one_without_a_description_is_found() {
    use crate::docxgen::{paragraph, picture, run, with_pictures};
    use crate::imagegen::{GPS_POINTER, Ifd, NAME, ascii, exif_segment, gps_ifd, plain_jpeg, plain_png, with_segments};
    // A phone's photo: where it was taken, and who took it.
    let photo = with_segments(&plain_jpeg(), &[exif_segment(&Ifd::of(vec![ascii(0x013B, NAME)]).with(GPS_POINTER, gps_ifd()))]);
    let emf = [&[1u8, 0, 0, 0, 0x6C, 0, 0, 0][..], &[0; 32], b" EMF", &[0; 40]].concat();
    let body = [
        paragraph(r#"<w:pStyle w:val="Title"/>"#, &run("", "Trips Policy")),
        paragraph("", &run("", "Every trip is planned with the office.")),
        paragraph("", &picture(1, "Pupils at the museum", "amelia-thornbury-museum.jpg")),
        paragraph("", &run("", "The minibus checklist:")),
        paragraph("", &picture(2, "", "checklist.png")),
        paragraph("", &picture(3, "", "drawing.emf")),
    ]
    .concat();
    let project = Project::new();
    project.write(
        "incoming/Trips Policy.docx",
        with_pictures(&body, &[("image1.jpeg", photo), ("image2.png", plain_png()), ("image3.emf", emf)]),
    );
    let report = said(&project, &["import", "incoming/Trips Policy.docx"], 0);
    for says in [
        "pictures: 2 written to content/media/imported/trips-policy/",
        "1 of them have no description",
        "not imported: picture 3 of the document: a Windows drawing (EMF)",
    ] {
        assert!(report.contains(says), "`{says}` in:\n{report}");
    }
    let source = project.read("content/policies/trips-policy.md");
    assert!(source.contains("![Pupils at the museum](/media/imported/trips-policy/image-1.jpg)"), "{source}");
    assert!(!source.to_lowercase().contains("amelia") && !source.contains("emf"), "{source}");
    let published = std::fs::read(project.path().join("content/media/imported/trips-policy/image-1.jpg")).expect("the photo is written");
    let found = policypress::image::inspect(&published, "jpg").expect("it reads");
    assert!(found.geodata.is_empty() && found.texts.is_empty(), "{found:?}");
    assert!(!published.windows(NAME.len()).any(|w| w == NAME.as_bytes()));
    assert!(project.path().join("content/media/imported/trips-policy/image-2.png").is_file());
    assert!(!project.path().join("content/media/imported/trips-policy/image-3.emf").exists());

    // The picture without a description is reported at its line, and holds the site back.
    add_entry(&project, "trips-policy");
    let line = source.lines().position(|l| l.contains("image-2.png")).expect("referenced") + 1;
    let checked = said(&project, &["check"], 1);
    assert!(
        checked.contains("missing-alt") && checked.contains(&format!("content/policies/trips-policy.md:{line}")),
        "line {line}:\n{checked}"
    );
    assert!(!checked.contains("image-1.jpg has no"), "{checked}");
}

#[test]
fn pictures_are_never_written_over_an_existing_file() {
    use crate::docxgen::{paragraph, picture, run, with_pictures};
    let body = [paragraph("", &run("", "Text.")), paragraph("", &picture(1, "A chart", "chart.png"))].concat();
    let project = Project::new();
    project.write("incoming/Charts.docx", with_pictures(&body, &[("image1.png", crate::imagegen::plain_png())]));
    project.write("content/media/imported/charts/image-1.png", b"kept");
    let before = project.snapshot_sources();
    let refused = said(&project, &["import", "incoming/Charts.docx"], 1);
    assert!(refused.contains("already"), "{refused}");
    assert_eq!(first_difference(&before, &project.snapshot_sources()), None);
    assert_eq!(std::fs::read(project.path().join("content/media/imported/charts/image-1.png")).unwrap(), b"kept");
}

#[test]
fn a_document_imported_again_with_replace_writes_over_its_sources_and_keeps_the_checked_entry() {
    let project = Project::new();
    project.write("incoming/Online Safety 2026.docx", school_policy("Mr Ben Sample"));
    project.run(&["import", "incoming/Online Safety 2026.docx"]).success();
    confirm(&project);
    let yaml = project.read(crate::common::SCHOOL_YAML);
    let agreements = ["content/agreements/pupil-acceptable-use-agreement-key-stage-2.md", "content/agreements/staff.md"];
    let model_ks2 = project.read("content/agreements/ks2.md");

    // Without --replace, nothing is written over; with it, the sources are, and the entry
    // and person a person has checked since stay as they are.
    let refused = said(&project, &["import", "incoming/Online Safety 2026.docx"], 1);
    assert!(refused.contains("already exists") && refused.contains("--replace"), "{refused}");
    project.write("incoming/Online Safety 2026.docx", school_policy("Mr Ben Sample"));
    project.replace("content/policies/online-safety-2026.md", "straight away", "at once");
    project.run(&["import", "--replace", "incoming/Online Safety 2026.docx"]).success();
    assert!(project.read("content/policies/online-safety-2026.md").contains("straight away"));
    assert_eq!(project.read(crate::common::SCHOOL_YAML), yaml, "school.yaml as the person left it");
    for agreement in agreements {
        assert!(project.path().join(agreement).exists(), "{agreement}");
    }
    assert_eq!(project.read("content/agreements/ks2.md"), model_ks2, "the trust's own agreement is never written over");
    assert_eq!(
        std::fs::read_dir(project.path().join("content/agreements")).unwrap().count(),
        3,
        "the model's and the two imported, no second copy"
    );
}

#[test]
fn a_name_in_the_roster_is_never_taken_for_a_member_of_staff() {
    let project = Project::new();
    project.write("private/pupils.csv", "Forename,Surname,Year,Class\nDev,Patel,Year 4,4B\n");
    project.write("incoming/Online Safety 2026.docx", school_policy("Mr Ben Sample"));
    let output = project
        .run(&["import", "--roster", "private/pupils.csv", "incoming/Online Safety 2026.docx"])
        .success()
        .get_output()
        .stdout
        .clone();
    let report = String::from_utf8_lossy(&output);
    assert!(report.contains("1 names in the document are pupils' names in the roster: not taken for staff"), "{report}");
    assert!(!report.contains("Dev Patel"), "a pupil's name is not repeated: {report}");
    assert!(!project.read(crate::common::SCHOOL_YAML).contains("Patel"));
    assert!(project.read("content/policies/online-safety-2026.md").contains("Mr Dev Patel checks the filtering reports"));
}
