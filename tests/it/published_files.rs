//! Every file a page links to is checked, whatever its type: text files are read for
//! names, SVG drawings are stripped and read, and what nothing can check is refused.

use std::fs;

use crate::common::{GUIDANCE, Project};

fn link(project: &Project, name: &str, bytes: &[u8]) {
    project.write(&format!("schools/alpha/media/{name}"), bytes);
    project.append(GUIDANCE, &format!("\n[The file {name}](/media/{name})"));
}

fn findings_of(project: &Project, rule: &str) -> Vec<serde_json::Value> {
    project.json_findings(&["check"]).into_iter().filter(|f| f["rule"] == rule).collect()
}

/// Regression: a sports-day results list with full names went out as a `.txt` file with
/// no check at all.
#[test]
fn a_pupils_name_in_a_linked_text_file_is_found_at_its_line() {
    let project = Project::new();
    link(&project, "sports-day.txt", b"Sports day results\n\n100 m: 1st Amelia Thornbury\nSack race: 1st Priya\n");
    let found = findings_of(&project, "pupil-surname");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["file"], "schools/alpha/media/sports-day.txt");
    assert_eq!(found[0]["line"], 3);
    project.run(&["build"]).code(1);
}

/// Regression: a name written with an entity in an HTML file, or in a UTF-16 text file
/// (as Windows tools save one), was published unseen.
#[test]
fn a_name_in_an_html_file_or_a_utf16_text_file_is_found() {
    let project = Project::new();
    link(&project, "winners.html", b"<p>Winner: Amelia &#84;hornbury</p>");
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("Winner: Amelia Thornbury".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    link(&project, "winners.txt", &utf16);
    let files: Vec<String> = findings_of(&project, "pupil-surname").iter().map(|f| f["file"].as_str().unwrap_or("").to_owned()).collect();
    assert!(files.iter().any(|f| f.ends_with("winners.html")) && files.iter().any(|f| f.ends_with("winners.txt")), "{files:?}");
}

/// Regression: Word and Excel files were published as they were, tracked changes and
/// hidden sheets (and the names in them) included.
#[test]
fn a_word_or_excel_file_is_refused_with_the_way_out() {
    let project = Project::new();
    link(&project, "trip-letter.docx", b"PK\x03\x04 a Word file");
    link(&project, "results.xlsx", b"PK\x03\x04 a spreadsheet");
    let found = findings_of(&project, "unsupported-file");
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found.iter().any(|f| f["help"].as_str().is_some_and(|h| h.contains("save it as PDF"))), "{found:#?}");
    project.run(&["build"]).code(1);
    assert!(!project.path().join("public").exists());
}

/// Regression: names in an SVG's `<title>`, `<desc>` and `<text>` were published, XMP
/// inside an SVG stayed, and an empty SVG was published as a 0-byte file.
#[test]
fn an_svg_is_stripped_read_for_names_and_refused_when_broken() {
    let project = Project::new();
    let drawing = br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><metadata><x:xmpmeta>Made on the Hilltop trip</x:xmpmeta></metadata><title>Our class tree</title><circle r="4"/></svg>"#;
    project.write("schools/alpha/media/tree.svg", drawing);
    project.append(GUIDANCE, "\n![Our class tree](/media/tree.svg)");
    project.run(&["build"]).success();
    let published: Vec<_> = fs::read_dir(project.path().join("public/alpha/media")).unwrap().map(|e| e.unwrap().path()).collect();
    let svg = published.iter().find(|p| p.extension().is_some_and(|e| e == "svg")).expect("the drawing is published");
    let text = fs::read_to_string(svg).unwrap();
    assert!(!text.contains("metadata") && !text.contains("Hilltop") && text.contains("<circle"), "{text}");

    project
        .write("schools/alpha/media/tree.svg", br#"<svg xmlns="http://www.w3.org/2000/svg"><title>Amelia Thornbury's tree</title></svg>"#);
    assert_eq!(findings_of(&project, "pupil-surname").len(), 1);
    project.write("schools/alpha/media/tree.svg", b"");
    assert_eq!(findings_of(&project, "unreadable-image").len(), 1);
    project.write("schools/alpha/media/tree.svg", br#"<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/>"#);
    assert_eq!(findings_of(&project, "unreadable-image").len(), 1);
}
