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
    link(&project, "gallery.html", b"<!-- photos of Oliver Wi\xc5\x9bniewski --><img src=\"a.png\" alt=\"Priya O'Neill at the fair\">");
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("Winner: Amelia Thornbury".encode_utf16().flat_map(u16::to_le_bytes)).collect();
    link(&project, "winners.txt", &utf16);
    let files: Vec<String> = findings_of(&project, "pupil-surname").iter().map(|f| f["file"].as_str().unwrap_or("").to_owned()).collect();
    assert!(files.iter().any(|f| f.ends_with("winners.html")) && files.iter().any(|f| f.ends_with("winners.txt")), "{files:?}");
    assert_eq!(files.iter().filter(|f| f.ends_with("gallery.html")).count(), 2, "a comment and an alt text are read: {files:?}");
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

/// Regression: PDFs under `/media/` were published without any check, though they are
/// what schools link most (letters home, forms, minutes).
#[test]
fn a_pdf_is_read_for_names_addresses_and_locations_and_published_when_clean() {
    use crate::pdf::writer::{Letter, write};
    let project = Project::new();
    let results = Letter {
        pages: vec![vec!["Sports day", "Welcome to all our families."], vec!["Results", "100 m: 1st Amelia Thornbury"]],
        info: vec![("Author", "Ms Ivy Example"), ("Subject", "Contact j.smith99@gmail.com")],
        ..Letter::default()
    };
    link(&project, "sports-day.pdf", &write(&results));
    let named: Vec<String> =
        findings_of(&project, "pupil-surname").iter().map(|f| f["message"].as_str().unwrap_or("").to_owned()).collect();
    // Output masks the name it points at.
    assert_eq!(named, ["\"A. T.\" is a pupil's full name (page 2)"]);
    let mail = findings_of(&project, "personal-email");
    assert!(mail[0]["message"].as_str().is_some_and(|m| m.contains("(its Subject field)")), "{mail:#?}");
    project.run(&["build"]).code(1);

    // A photo with a location inside a PDF cannot be stripped: an error, not a warning.
    let project = Project::new();
    let photo = crate::imagegen::jpeg_with_gps();
    link(&project, "newsletter.pdf", &write(&Letter { pages: vec![vec!["Newsletter"]], photo: Some(photo), ..Letter::default() }));
    let located = findings_of(&project, "image-geodata");
    assert_eq!(located.len(), 1, "{located:#?}");
    assert_eq!(located[0]["severity"], "error");

    // A clean letter is published byte for byte.
    let project = Project::new();
    let letter = write(&Letter { pages: vec![vec!["Dear parents,", "The trip is on Friday."]], ..Letter::default() });
    link(&project, "trip.pdf", &letter);
    project.run(&["build", "--quiet"]).success();
    let media = project.path().join("public/alpha/media");
    let published: Vec<Vec<u8>> = fs::read_dir(media).unwrap().map(|e| fs::read(e.unwrap().path()).unwrap()).collect();
    assert_eq!(published, [letter]);
}

/// A PDF whose words cannot be read is refused, with what to do instead.
#[test]
fn a_pdf_that_cannot_be_read_is_refused_with_the_way_out() {
    use crate::pdf::writer::{Letter, write};
    let project = Project::new();
    let scan = Letter { pages: vec![vec![]], photo: Some(crate::imagegen::jpeg_with_gps()), scanned: true, ..Letter::default() };
    link(&project, "signed-form.pdf", &write(&scan));
    link(&project, "coded.pdf", &write(&Letter { pages: vec![vec!["Amelia Thornbury"]], unknown_letters: true, ..Letter::default() }));
    link(&project, "minutes.pdf", &write(&Letter { pages: vec![vec!["Minutes"]], attachment: true, ..Letter::default() }));
    link(&project, "broken.pdf", b"%PDF-1.7\nthe rest was lost");
    link(&project, "renamed.txt", &write(&Letter { pages: vec![vec!["Amelia Thornbury"]], ..Letter::default() }));
    let found = findings_of(&project, "unsupported-file");
    let messages: Vec<&str> = found.iter().map(|f| f["message"].as_str().unwrap_or("")).collect();
    for expected in ["mostly a picture with few words", "without saying which letters", "another file inside it", "damaged"] {
        assert!(messages.iter().any(|m| m.contains(expected)), "{expected}: {messages:#?}");
    }
    let named = findings_of(&project, "pupil-surname");
    assert!(named.iter().any(|f| f["file"].as_str().is_some_and(|p| p.ends_with("renamed.txt"))), "a PDF named .txt is read as a PDF");
    project.run(&["build"]).code(1);
}

/// Regression: a name added to the policy print template went into every PDF, and the
/// theme's own files (style sheet, pictures) were published without a check.
#[test]
fn words_and_pictures_a_theme_adds_are_checked_like_any_published_file() {
    let project = Project::new();
    project.append("themes/default/print/policy.typ", "#text[Well done Amelia Thornbury]");
    project.append("themes/default/static/style.css", ".winner::after { content: \"Call 07700 900123\"; }");
    project.append("themes/default/static/style.css", "@import url(https://fonts.example/css?family=Sans);");
    project.write("themes/default/static/amelia-thornbury.jpg", crate::imagegen::jpeg_with_gps());
    let findings = project.json_findings(&["check"]);
    let at = |rule: &str, file: &str| findings.iter().find(|f| f["rule"] == rule && f["file"] == file);
    let template = at("pupil-surname", "themes/default/print/policy.typ").unwrap_or_else(|| panic!("{findings:#?}"));
    assert_eq!(template["line"], project.read("themes/default/print/policy.typ").lines().count());
    assert!(at("personal-phone", "themes/default/static/style.css").is_some(), "{findings:#?}");
    assert!(at("external-resource", "themes/default/static/style.css").is_some(), "{findings:#?}");
    // Output hides the name, in file names too.
    let picture = at("image-filename-names", "themes/default/static/A. T..jpg").unwrap_or_else(|| panic!("{findings:#?}"));
    assert_eq!(picture["severity"], "error", "a theme's picture is published under its own name");
    assert!(at("image-geodata", "themes/default/static/A. T..jpg").is_some(), "{findings:#?}");
    project.run(&["build"]).code(1);

    // Once renamed, the picture is published stripped of its location.
    let project = Project::new();
    project.write("themes/default/static/sports-day.jpg", crate::imagegen::jpeg_with_gps());
    project.run(&["build", "--quiet"]).success();
    let published = fs::read(project.path().join("public/alpha/assets/sports-day.jpg")).expect("published under its name");
    assert!(!published.windows(6).any(|w| w == b"Exif\0\0"), "the location is stripped");
}

/// Regression: a print template that builds a name from pieces (`"Amelia " + "Thorn" +
/// "bury"`) put it in every PDF, since only its literal words were read. Each PDF a build
/// typesets is now read back before it is published.
#[test]
fn what_a_print_template_builds_is_read_back_from_the_pdfs_it_prints() {
    let project = Project::new();
    project.append("themes/default/print/policy.typ", "#(\"Call 077\" + \"00 900123 for \" + \"Amelia \" + \"Thorn\" + \"bury\")");
    let findings = project.json_findings(&["build"]);
    let from_template: Vec<&serde_json::Value> = findings.iter().filter(|f| f["file"] == "themes/default/print/policy.typ").collect();
    let rules: Vec<&str> = from_template.iter().map(|f| f["rule"].as_str().unwrap_or("")).collect();
    assert!(rules.contains(&"pupil-surname") && rules.contains(&"personal-phone"), "{findings:#?}");
    let message = from_template[0]["message"].as_str().unwrap_or("");
    assert!(message.contains(".pdf, page 1)"), "{message}");
    assert!(!project.path().join("public").exists(), "nothing is published");
}

/// A calendar's `UID:` line names the event for programs; it is not an address.
#[test]
fn a_term_dates_calendar_is_published_though_its_events_have_ids() {
    let project = Project::new();
    let calendar = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1@alpha.example\r\nDTSTART;VALUE=DATE:20260907\r\nSUMMARY:Autumn term starts\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    link(&project, "term-dates.ics", calendar.as_bytes());
    assert_eq!(findings_of(&project, "personal-email"), Vec::<serde_json::Value>::new());
}

/// A film of the school play is refused without being read into memory: a 3 GB file (sparse
/// here) is refused as quickly as a small one.
#[test]
fn a_large_film_is_refused_unread() {
    let project = Project::new();
    link(&project, "school-play.mp4", b"");
    let film = fs::File::options().write(true).open(project.path().join("schools/alpha/media/school-play.mp4")).expect("film");
    film.set_len(3 << 30).expect("a sparse 3 GB file");
    let started = std::time::Instant::now();
    let found = findings_of(&project, "unsupported-file");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(started.elapsed() < std::time::Duration::from_secs(20), "took {:?}", started.elapsed());
}

/// Regression: a name in a drawing had no line; a PDF saved as `.jpg` and shown as a
/// picture was a broken image with no finding; a photo written into an HTML file kept its
/// GPS; a font's names and a name built from pieces in a script were never read.
#[test]
fn what_hides_inside_a_file_is_found_where_it_is() {
    let project = Project::new();
    link(
        &project,
        "tree.svg",
        b"<svg xmlns=\"http://www.w3.org/2000/svg\">\n<!-- drawn\nin class -->\n<title>Our tree</title>\n  <text>Planted by Amelia Thornbury</text>\n</svg>\n",
    );
    link(&project, "font.ttf", &crate::imagegen::font_named("Amelia Thornbury Handwriting"));
    link(&project, "quiz.js", b"const winner = \"Amelia \" + 'Thorn' + \"bury\";\n");
    let named = findings_of(&project, "pupil-surname");
    let at = |file: &str| {
        named.iter().find(|f| f["file"].as_str().is_some_and(|f| f.ends_with(file))).map(|f| (f["line"].clone(), f["column"].clone()))
    };
    assert_eq!(at("tree.svg"), Some((5.into(), 20.into())), "{named:#?}");
    assert_eq!(at("quiz.js").map(|(line, _)| line), Some(1.into()), "{named:#?}");
    assert!(at("font.ttf").is_some(), "{named:#?}");

    let project = Project::new();
    let letter = crate::pdf::writer::write(&crate::pdf::writer::Letter { pages: vec![vec!["Poster"]], ..Default::default() });
    project.write("schools/alpha/media/poster.jpg", &letter);
    project.append(GUIDANCE, "\n\n![Our summer fair poster](/media/poster.jpg)\n");
    let broken = findings_of(&project, "unreadable-image");
    assert_eq!(broken.len(), 1, "{broken:#?}");
    assert!(broken[0]["file"].as_str().is_some_and(|f| f.ends_with(".md")) && broken[0]["line"].is_number(), "{broken:#?}");
    assert!(broken[0]["message"].as_str().is_some_and(|m| m.contains("PDF")), "{broken:#?}");

    let project = Project::new();
    let photo = base64(&crate::imagegen::jpeg_with_gps());
    link(&project, "fair.html", format!("<p>Our fair</p><img alt=\"The fair\" src=\"data:image/jpeg;base64,{photo}\">").as_bytes());
    project.run(&["build", "--quiet"]).success();
    let media = project.path().join("public/alpha/media");
    let html = fs::read_dir(media).unwrap().map(|e| e.unwrap().path()).find(|p| p.extension().is_some_and(|e| e == "html")).unwrap();
    let html = fs::read_to_string(html).unwrap();
    assert!(html.contains("data:image/jpeg;base64,") && !html.contains(&photo), "the photo inside is stripped");
}

fn base64(bytes: &[u8]) -> String {
    const LETTERS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let joined = chunk.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b)) << (8 * (3 - chunk.len()));
        for i in 0..4 {
            out.push(if i <= chunk.len() { char::from(LETTERS[((joined >> (18 - 6 * i)) & 63) as usize]) } else { '=' });
        }
    }
    out
}
