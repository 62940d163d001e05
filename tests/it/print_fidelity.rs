//! A printed policy and agreement carry everything their web pages carry. A policy and an
//! agreement written the way schools write them (numbered headings, a roles table with
//! long duty lists and line breaks in its cells, bold rules for young children, a flow
//! chart, footnotes, links of every kind, raw HTML) are built, and their PDFs are read
//! back in Rust: the page's words all print, in order; bold and italic runs are set in
//! bold and italic faces; nothing runs past the margins; every picture is drawn; every
//! link shows where it goes.

use scraper::{Html, Selector};

use crate::common::{AGREEMENT, POLICY, Project};
use crate::pdf::layout::{PageLayout, pages};

const POLICY_BODY: &str = r#"
## 1. Introduction

Every member of our community uses technology **every day**. This policy says *how* we keep
them safe, and what to do when something goes wrong.[^kcsie] The filtering log is kept as
`filter-log.csv` by the office.

## 2. Roles and responsibilities

| Role | Who | Main responsibilities |
|------|-----|-----------------------|
| Designated Safeguarding Lead | {{ role(name="dsl") }} | Leads on **all** safeguarding matters, including those that start online. Receives reports of concern, decides on referrals to children's services or the police, and keeps secure records.<br>Makes sure filtering and monitoring alerts are acted on. |
| E-Safety Co-ordinator | {{ role(name="esafety-coordinator") }} | Leads online safety day to day, keeps the incident log and trains staff every September. |
| Governors | The full governing body | Approve this policy and review it *every year*. |

## 3. What we do when something goes wrong

![Flow chart: report, record, respond](/media/flow-chart.svg)

1. Make everyone safe.
2. Report it to the Designated Safeguarding Lead:
   - the same day;
   - in writing, on the form.
3. Record it in the incident log.

> Never investigate an image yourself: report it.

- [x] Staff trained this year
- [ ] Governors briefed

## 4. Help and further reading

Parents can read our [guidance on staying safe](/parents/staying-safe/), the national
[CEOP reporting page](https://www.ceop.police.uk/safety-centre/) or write to
<office@alphafields.example>. See also [who to talk to](#2-roles-and-responsibilities).

Our logo: ![Alpha Fields crest](/media/crest.png)

<p>Words in raw HTML print too: <u>underlined</u>, <mark>marked</mark>, H<sub>2</sub>O and <abbr title="Designated Safeguarding Lead">DSL</abbr>.</p>

---

[^kcsie]: Keeping children safe in education, the statutory guidance for schools.
"#;

const AGREEMENT_BODY: &str = r#"
## Think before you click!

- **Ask.** I ask a grown-up before I go online.
- **Safe.** I only use the websites my teacher *chooses*.
- **Tell.** I tell a grown-up if something worries me.

| I can | I must not |
|-------|------------|
| Use the class tablets | Share my **password** |

![A smiley face](/media/smile.svg)
"#;

const FLOW_CHART: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="120" viewBox="0 0 400 120"><rect x="5" y="30" width="110" height="60" fill="#dbe9f6" stroke="#0b4f8a"/><rect x="145" y="30" width="110" height="60" fill="#dbe9f6" stroke="#0b4f8a"/><rect x="285" y="30" width="110" height="60" fill="#dbe9f6" stroke="#0b4f8a"/></svg>"##;

const SMILE: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="80" height="80" viewBox="0 0 80 80"><circle cx="40" cy="40" r="36" fill="#ffd54f"/></svg>"##;

/// The fixture project, built.
fn built() -> Project {
    let project = Project::new();
    project.write(POLICY, format!("---\ntitle: Online Safety Policy\nkind: policy\n---\n{POLICY_BODY}"));
    let front = "title: Key Stage 2 Acceptable Use Agreement\nkind: agreement\ntier: ks2\nsignatures: [child-name, class, date]";
    project.write(AGREEMENT, format!("---\n{front}\n---\n{AGREEMENT_BODY}"));
    project.write("schools/alpha/media/flow-chart.svg", FLOW_CHART);
    project.write("schools/alpha/media/smile.svg", SMILE);
    project.write("schools/alpha/media/crest.png", crate::imagegen::plain_png());
    project.run(&["build", "--quiet"]).success();
    project
}

/// The page's HTML and its PDF's bytes.
fn published(project: &Project, folder: &str) -> (Html, Vec<u8>) {
    let html = Html::parse_document(&project.read(&format!("public/alpha/{folder}/index.html")));
    let pdf = std::fs::read_dir(project.path().join(format!("public/alpha/{folder}")))
        .expect("the page's folder")
        .map(|entry| entry.expect("entry").path())
        .find(|path| path.extension().is_some_and(|e| e == "pdf"))
        .expect("a PDF beside the page");
    // To look at it: POLICYPRESS_KEEP_PDF=<folder> cargo test print_fidelity.
    if let Some(keep) = std::env::var_os("POLICYPRESS_KEEP_PDF") {
        std::fs::copy(&pdf, std::path::Path::new(&keep).join(pdf.file_name().expect("a file name"))).expect("kept");
    }
    (html, std::fs::read(pdf).expect("the PDF"))
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&Selector::parse(css).expect("a selector")).collect()
}

/// Words as compared: letters and digits only, lower case (a PDF breaks lines, and the
/// web page's typographic quotes and dashes are the PDF's too).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == '-' || c == '\u{2013}' || c == '/')
        .map(|w| w.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// The text of `element` as a reader sees it: a space where a block starts or ends, and
/// without footnote numbers (paper numbers footnotes its own way).
fn read(element: scraper::ElementRef<'_>) -> String {
    let mut out = String::new();
    for child in element.children() {
        if let Some(text) = child.value().as_text() {
            out.push_str(text);
        } else if let Some(inner) = scraper::ElementRef::wrap(child) {
            let name = inner.value().name();
            // A task list's words for screen readers ("Tick box:") are its drawn box on paper.
            let class = inner.value().attr("class").unwrap_or_default();
            if class.contains("footnote-reference") || class.contains("visually-hidden") {
                continue;
            }
            let block = matches!(name, "p" | "li" | "ul" | "ol" | "h2" | "h3" | "td" | "th" | "tr" | "div" | "blockquote" | "table" | "br");
            if block {
                out.push(' ');
            }
            out.push_str(&read(inner));
            if block {
                out.push(' ');
            }
        }
    }
    out
}

/// Every word of the page's content outside tables and footnotes, in order, is in the
/// PDF's words in the same order; each table cell's and footnote's words are in the PDF.
fn assert_words_print(html: &Html, printed: &[PageLayout]) {
    let pdf: Vec<String> = printed.iter().flat_map(|page| words(&page.words().join(" "))).collect();
    let mut flowing = Vec::new();
    for block in select(html, "div.content > *") {
        let classes = block.value().attr("class").unwrap_or_default();
        if block.value().name() == "div" && (classes.contains("table-scroll") || classes.contains("footnote")) {
            continue;
        }
        flowing.extend(words(&read(block)));
    }
    let mut at = 0;
    for word in &flowing {
        match pdf[at..].iter().position(|w| w.contains(word.as_str())) {
            Some(found) => at += found + 1,
            None => panic!("`{word}` is missing from the PDF, or out of order\nPDF words: {pdf:?}"),
        }
    }
    for cell in select(html, "td, th, .footnote-definition p") {
        for word in words(&read(cell)) {
            assert!(pdf.iter().any(|w| w.contains(word.as_str())), "`{word}` of a table cell or footnote is missing");
        }
    }
}

/// The letters of `phrase` (one word), where the PDF draws it, all in a face whose name
/// says `face` ("Bold", "Italic").
fn assert_face(printed: &[PageLayout], phrase: &str, face: &str) {
    for page in printed {
        let letters = &page.letters;
        let chars: Vec<&str> = letters.iter().map(|l| l.text.as_str()).collect();
        let wanted: Vec<String> = phrase.chars().map(String::from).collect();
        if let Some(start) = chars.windows(wanted.len()).position(|w| w.iter().zip(&wanted).all(|(a, b)| *a == b.as_str())) {
            let fonts: Vec<&str> = letters[start..start + wanted.len()].iter().map(|l| l.font.as_str()).collect();
            assert!(fonts.iter().all(|f| f.contains(face)), "`{phrase}` is set in {fonts:?}, not {face}");
            return;
        }
    }
    panic!("`{phrase}` is not in the PDF");
}

/// Every letter sits between the page's side margins (`margin` points from each edge).
fn assert_inside_margins(printed: &[PageLayout], margin: f64) {
    for (number, page) in printed.iter().enumerate() {
        for letter in &page.letters {
            assert!(
                letter.x >= margin - 0.5 && letter.end <= page.width - margin + 0.5,
                "page {}: `{}` runs past the margin at x = {:.1}..{:.1} of {:.1}",
                number + 1,
                letter.text,
                letter.x,
                letter.end,
                page.width
            );
        }
    }
}

/// Millimetres in points.
fn mm(millimetres: f64) -> f64 {
    millimetres * 72.0 / 25.4
}

#[test]
fn a_policy_prints_everything_its_page_shows() {
    let project = built();
    let (html, pdf) = published(&project, "policies/online-safety");
    let printed = pages(&pdf);
    assert_words_print(&html, &printed);
    // Bold, italic and bold in a table cell.
    assert_face(&printed, "every", "Bold");
    assert_face(&printed, "how", "Italic");
    assert_face(&printed, "all", "Bold");
    assert_inside_margins(&printed, mm(20.0));
    // The crest (a picture) and the flow chart (a drawing, its boxes filled #dbe9f6).
    assert_eq!(select(&html, "div.content img").len(), 2);
    assert!(printed.iter().map(|p| p.pictures).sum::<usize>() >= 1, "the crest is not in the PDF");
    assert!(printed.iter().any(|p| p.fills.iter().filter(|f| *f == "#dbe9f6").count() >= 3), "the flow chart is not in the PDF");
    // Every link shows where it goes: outside links and the e-mail address by their
    // address, a page of the site (no base_url here) by its title, a section by its name.
    let text: String = printed.iter().map(|p| p.words().join(" ")).collect::<Vec<_>>().join(" ");
    assert!(text.contains("https://www.ceop.police.uk/safety-centre/"), "{text}");
    assert!(text.contains("office@alphafields.example"), "{text}");
    assert!(text.contains("Staying") && text.contains("school's") && text.contains("website)"), "{text}");
    assert!(text.contains("‘2.") || text.contains("Roles"), "{text}");
    // The line break in the duties cell is a line break on paper: the sentence after it
    // starts a line of its own.
    let first_page = &printed[..];
    assert!(first_page.iter().any(|page| line_starting_with(page, "Makes")), "the <br> in the table did not break the line");
    // A PDF reader can follow the outside link.
    assert!(String::from_utf8_lossy(&pdf).contains("https://www.ceop.police.uk/safety-centre/"));
}

/// True if some line of `page` starts with `word`.
fn line_starting_with(page: &PageLayout, word: &str) -> bool {
    let mut letters = page.letters.clone();
    letters.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<String> = Vec::new();
    let mut last_y = f64::NAN;
    let mut last_end = 0.0;
    for letter in letters {
        if (letter.y - last_y).abs() > 2.0 || letter.x + 1.0 < last_end {
            lines.push(String::new());
        }
        if let Some(line) = lines.last_mut() {
            line.push_str(&letter.text);
        }
        last_y = letter.y;
        last_end = letter.end;
    }
    lines.iter().any(|line| line.trim_start().starts_with(word))
}

#[test]
fn an_agreement_prints_its_rules_in_bold_its_table_and_its_picture() {
    let project = built();
    let (html, pdf) = published(&project, "agreements/ks2");
    let printed = pages(&pdf);
    assert_eq!(printed.len(), 1, "a pupil's sheet fits on one page");
    assert_words_print(&html, &printed);
    assert_face(&printed, "Ask.", "Bold");
    assert_face(&printed, "chooses", "Italic");
    assert_face(&printed, "password", "Bold");
    assert_inside_margins(&printed, mm(18.0));
    assert!(printed[0].fills.iter().any(|f| f == "#ffd54f"), "the drawing is not on the sheet");
}

/// Regressions found by a school writing its own pages: an e-mail address in a narrow
/// table column was hyphenated on paper (and then read back as another address), a
/// heading that skips a level refused the PDF, a picture written in HTML was never
/// published, a link to the home page printed "(see  on the school's website)", and a
/// letter no font has stopped the build with no line.
#[test]
fn what_schools_write_prints_or_is_refused_at_its_line() {
    let project = Project::new();
    let body = "## One\n\n#### Four\n\n| Year | Teacher | What they can help with | Phone | E-mail |\n| --- | --- | --- | --- | --- |\n\
                | Reception | Mrs Leah Goldberg | Logging in to the class page and finding the weekly phonics videos | 01632 960100 | <office@alphafields.example> |\n\n\
                <figure><img src=\"/media/crest.png\" alt=\"Our crest\"></figure>\n\nBack to [our home page](/).\n";
    project.write(POLICY, format!("---\ntitle: Online Safety Policy\nkind: policy\n---\n{body}"));
    project.write("schools/alpha/media/crest.png", crate::imagegen::plain_png());
    project.run(&["build"]).success();
    let (html, pdf) = published(&project, "policies/online-safety");
    let src = select(&html, "figure img")[0].value().attr("src").expect("a src").to_owned();
    assert!(
        src.starts_with("../../media/") && project.path().join("public/alpha").join(src.trim_start_matches("../../")).is_file(),
        "{src}"
    );
    let text = pages(&pdf).iter().map(|p| p.words().join(" ")).collect::<Vec<_>>().join(" ");
    assert!(text.contains("office@alphafields.example"), "the address is broken on paper: {text}");
    assert!(text.contains("our home page (on the school's website)"), "{text}");

    project.append(POLICY, "\nWell done everyone 👍\n");
    let assert = project.run(&["build"]).code(1);
    let said = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(said.contains("error[print-failed]: the text “👍” cannot be printed"), "{said}");
    assert!(said.contains("content/policies/online-safety.md:"), "not at its line: {said}");
}
