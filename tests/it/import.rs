//! `policypress import`: a Word document written the way Word writes it (see
//! [`crate::docxgen`]) becomes a policy source that `check` accepts and `build` publishes
//! with every word of the document, in order, and nothing deleted or commented; files
//! that cannot be imported are refused, naming the file, with nothing written.

use scraper::{ElementRef, Html, Selector};

use crate::common::{Project, first_difference};
use crate::docxgen::{cell, document, item, paragraph, run, split, table};

/// The entry a person adds to school.yaml for the imported policy (import prints it).
const ENTRY: &str = "  online-safety-policy-2024:
    owner: esafety-coordinator
    approved_by: Full Governing Body
    approved_on: 2026-09-10
    next_review: 2027-09";

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
        Approved by the governors 10 September 2026 \
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
    let before = project.snapshot_sources();

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
    assert_eq!(first_difference(&before, &after), None);

    let source = project.read("content/policies/online-safety-policy-2024.md");
    assert!(source.starts_with("---\ntitle: \"Online Safety Policy\"\nkind: policy\n---\n"), "{source}");
    assert!(!source.contains("sometimes") && !source.contains("Ask the head"), "deleted text and comments are dropped:\n{source}");

    let entry = project.read(crate::common::SCHOOL_YAML) + ENTRY + "\n";
    project.write(crate::common::SCHOOL_YAML, entry);
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
        bold("Larkfield Primary School"),
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
    let words = "Larkfield Primary School E-Safety Policy Approved by Full Governing Body Date approved 10 September 2026 \
        Next review September 2027 1 Aims Our school keeps pupils safe online and teaches them to keep themselves safe \
        1.1 Who this policy is for pupils in every class staff volunteers and visitors 2 Roles \
        Key people Headteacher Leads the school Online safety lead Runs the training Questions go to the school office";
    (document(&body, "Unused.", "Unused", "https://www.example.org/", "10 September 2026"), words.split_whitespace().collect())
}

/// Imports `docx` as `file`, adds the school.yaml entry a person would, and returns the
/// built page, after checking it carries `expected` in order.
fn import_and_publish(project: &Project, file: &str, slug: &str, docx: &[u8], expected: &[&str]) -> Html {
    project.write(&format!("incoming/{file}"), docx);
    project.run(&["import", &format!("incoming/{file}")]).success();
    let entry = project.read(crate::common::SCHOOL_YAML) + &ENTRY.replace("online-safety-policy-2024", slug) + "\n";
    project.write(crate::common::SCHOOL_YAML, entry);
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
    assert_eq!(headings("main .content h2"), ["Larkfield Primary School", "E-Safety Policy", "1. Aims", "2. Roles"]);
    assert_eq!(headings("main .content h3"), ["1.1 Who this policy is for"]);
    assert_eq!(headings("main .content ul > li"), ["pupils in every class", "staff, volunteers and visitors"]);
    assert_eq!(select(&html, "main .content table").len(), 2);
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
        2 Reporting Use the reporting form on the website Approved by the governors 1 July 2026";
    (document(&body, "Unused.", "Unused", "https://www.example.org/form", "1 July 2026"), words.split_whitespace().collect())
}

#[test]
fn a_trust_model_with_numbered_headings_keeps_their_numbers_and_its_box_of_contacts() {
    let project = Project::new();
    let (docx, expected) = trust_policy();
    let html = import_and_publish(&project, "Online Safety (Trust model).docx", "online-safety-trust-model", &docx, &expected);
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
        ("notes.odt", b"PK\x03\x04".to_vec(), "Save As"),
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
