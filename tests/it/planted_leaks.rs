//! Planted leaks, end to end: a school with a roster of over 200 (fictional) pupils and
//! a "leaky" set of pages and images in which every way docs/rules.md says a pupil can be put
//! at risk is planted once, on a line of its own. `check --format json` must find every
//! one of them, at the file and line where it was planted. Then the "clean twin": the
//! same pages with every leak replaced by the form docs/rules.md allows ("Amelia T.",
//! "Thornbury Road", "Green Class", "in May", staff names, images without metadata),
//! which must pass `check --strict` with no finding at all.
//!
//! Every person, address, number and school here is fictional: `.example` domains,
//! Ofcom's drama numbers (01632 96xxxx, 07700 900xxx) and a postcode area (HF9) that no
//! school here uses.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use serde_json::Value;

use crate::common::{Project, SCHOOL_YAML};
use crate::imagegen::{
    GPS_POINTER, Ifd, exif_segment, gps_ifd, iim, jpeg_with_person_tag, plain_gif, plain_jpeg, plain_png, plain_webp, png_chunk, segment,
    short, utf16, with_chunks, with_segments,
};

// ------------------------------------------------------------------ the roster

/// First names and surnames the generated pupils are made of: none of them is an
/// ordinary English word, a month, or a word of the theme's own text.
const FIRST_NAMES: [&str; 30] = [
    "Aisha",
    "Benedict",
    "Callum",
    "Delphine",
    "Ellis",
    "Farah",
    "Gideon",
    "Harriet",
    "Imogen",
    "Jasper",
    "Keziah",
    "Lucian",
    "Marnie",
    "Nathaniel",
    "Odette",
    "Percy",
    "Quentin",
    "Rosalind",
    "Soren",
    "Tabitha",
    "Umar",
    "Verity",
    "Wilf",
    "Xanthe",
    "Yasmin",
    "Zachary",
    "Anouk",
    "Bastian",
    "Cosima",
    "Dmitri",
];

const SURNAMES: [&str; 40] = [
    "Ashworth",
    "Bellamy",
    "Carrington",
    "Dunmore",
    "Ellison",
    "Fairbairn",
    "Gallagher",
    "Hargreaves",
    "Ingleby",
    "Jarrold",
    "Kershaw",
    "Lister",
    "Merriman",
    "Norcott",
    "Ormerod",
    "Pennington",
    "Quinlan",
    "Radcliffe",
    "Sutcliffe",
    "Tennant",
    "Underwood",
    "Vickers",
    "Whitlock",
    "Yardley",
    "Ackroyd",
    "Brackley",
    "Cresswell",
    "Dewhurst",
    "Eastwood",
    "Fenwick",
    "Goodall",
    "Holroyd",
    "Illingworth",
    "Kilburn",
    "Lockwood",
    "Marsden",
    "Nuttall",
    "Pickering",
    "Rowntree",
    "Scarisbrick",
];

/// How many pupils are generated from the lists above.
const GENERATED: usize = 200;

/// The pupils the pages name: (forename, surname, photo consent as the export writes it).
const NAMED: [(&str, &str, &str); 16] = [
    ("Amelia", "Thornbury", "Yes"),
    ("Oliver", "Wiśniewski", "No"),
    ("Zoë", "Adeyemi-Clarke", ""),
    ("Seán", "O'Neill", "Yes"),
    ("Daan", "van der Berg", "Yes"),
    ("May", "Green", "Yes"),
    ("Leo", "Raman", "Yes"),
    ("Priya", "Shah", "Yes"),
    ("Grace", "Okoro", "Yes"),
    ("Оксана", "Коваленко", "Yes"),
    // Surnames that are also ordinary words or the name of a lane.
    ("Isaac", "Hill", "Yes"),
    ("Ruby", "Church", "Yes"),
    // Names that are also ordinary words, which real policy prose uses as words.
    ("Will", "Green", "Yes"),
    ("May", "Hill", "Yes"),
    ("Grace", "Church", "Yes"),
    ("Holly", "Wood", "Yes"),
];

/// The roster as a school information system exports it, and how many pupils it holds.
fn roster_csv() -> (String, usize) {
    let mut csv = String::from("Forename,Surname,Year Group,Reg Group,Photo Consent\n");
    let consents = ["Yes", "No", ""];
    for i in 0..GENERATED {
        let first = FIRST_NAMES[i % FIRST_NAMES.len()];
        let surname = SURNAMES[(i * 7 + i / FIRST_NAMES.len()) % SURNAMES.len()];
        let (year, class) = if i % 2 == 0 { ("Year 3", "3W") } else { ("Year 4", "4H") };
        csv.push_str(&format!("{first},{surname},{year},{class},{}\n", consents[i % consents.len()]));
    }
    for (i, (first, surname, consent)) in NAMED.iter().enumerate() {
        let (year, class) = if i % 2 == 0 { ("Year 3", "3W") } else { ("Year 4", "4H") };
        csv.push_str(&format!("{first},{surname},{year},{class},{consent}\n"));
    }
    (csv, GENERATED + NAMED.len())
}

/// Staff who share a first name and a surname with pupils (Priya Shah, Leo Raman; Grace
/// Okoro, Isaac Hill), and `not_names:` for a benefactor who shares a pupil's surname.
const STAFF_AND_NOT_NAMES: &str = "\
not_names: [Rowntree]
people:
  - name: Mrs Priya Raman
    roles: [deputy-headteacher]
  - name: Ms Grace Hill
    roles: [senco]
";

// ------------------------------------------------------------------ the pages

const LEAKY: usize = 0;
const CLEAN: usize = 1;

/// A page under `schools/alpha/content/pages/`, as `[leaky, clean]` twins: the title (line
/// 2 of the file) and the body, whose first line is line 5. A line that is the same in
/// both is not a leak: it must pass in the clean twin like every other line.
struct Page {
    name: &'static str,
    title: [&'static str; 2],
    body: &'static [[&'static str; 2]],
}

const fn same(line: &'static str) -> [&'static str; 2] {
    [line, line]
}

const PAGES: &[Page] = &[
    Page {
        name: "news",
        title: same("School news"),
        body: &[
            /* 5 */ ["Well done to Amelia Thornbury for her poem.", "Well done to Amelia T. for her poem."],
            same(""),
            /* 7 */
            ["The spelling bee went to Thornbury, Amelia this week.", "The spelling bee was held at the library on Thornbury Road."],
            same(""),
            /* 9 */ ["Follow the fun at #AmeliaThornbury on the noticeboard.", "Follow the fun at #SportsDay on the noticeboard."],
            same(""),
            /* 11 */ ["Top scorer this term: A. Thornbury.", "Top scorer this term: Green Class."],
            same(""),
            /* 13 */ ["Our thanks to Sean O’Neill for the cake sale.", "Our thanks to Mrs Priya Raman for the cake sale."],
            same(""),
            /* 15 */
            ["A warm welcome to Daan van der Berg, who joins Year 4.", "A warm welcome to Ms Grace Hill, who joins us as our SENCo."],
            same(""),
            /* 17 */ ["Оксана Коваленко won the art prize.", "Оксана won the art prize."],
            same(""),
            // A name split across a line break inside one paragraph.
            /* 19 */
            ["Well done to Priya", "Well done to Priya and"],
            /* 20 */ ["Shah for the science fair.", "Grace for the science fair."],
            same(""),
            /* 22 */ ["See the [gallery](/pages/gallery/amelia-thornbury/) for more.", "See the [gallery](/gallery/) for more."],
            same(""),
            /* 24 */ ["We all loved Thornbury's painting.", "We all loved Amelia's painting."],
            same(""),
            same("Well done, Amelia!"),
            same(""),
            same("Our summer fair is in May 2025, and the trip in May was a success."),
            same(""),
            same("Please wear a green coat and walk up the hill with care."),
            same(""),
            same("We are a Church of England school; parking is on Church Lane."),
            same(""),
            same("Mrs Raman and Ms Hill run the reading club in Hill House."),
            same(""),
            same("Contact the office on 01632 960100 or at office@alphafields.example (EX1 1AA)."),
            same(""),
            same("Our library was paid for by the Rowntree bequest."),
        ],
    },
    Page {
        name: "congratulations",
        title: ["Congratulations Leo Raman", "Congratulations Leo"],
        body: &[same("Well done on winning the chess tournament!")],
    },
    Page {
        name: "assembly",
        title: same("Assembly"),
        body: &[
            /* 5 */ ["Our star of the week is <em>Zoe</em> Adeyemi-Clarke.", "Our star of the week is <em>Zoë</em>."],
            same(""),
            // A name in an attribute a reader meets (a tooltip).
            /* 7 */
            [
                r#"Our <span title="Leo Raman">chess champion</span> played well."#,
                r#"Our <span title="Leo">chess champion</span> played well."#,
            ],
        ],
    },
    Page {
        name: "match-report",
        title: same("Match report"),
        body: &[
            /* 5 */
            ["We won thanks to goals from Wisniewski and Adeyemi-Clarke.", "We won thanks to goals from the whole Year 4 team."],
            same(""),
            /* 7 */ ["A card came from Miss Adeyemi-Clarke.", "A card came from Mrs Raman."],
        ],
    },
    Page {
        name: "trip",
        title: same("Beach trip"),
        body: &[
            /* 5 */ same("![A class trip to the beach](/media/trip.jpg)"),
            same(""),
            /* 7 */ ["Amelia loved the rock pools.", "The children loved the rock pools."],
            same(""),
            same("We went on the trip in May, and Mrs Priya Raman led it."),
            same(""),
            /* 11 */ ["![Oliver at the rock pools](/media/trip-pools.jpg)", "![The rock pools](/media/trip-pools.jpg)"],
            same(""),
            /* 13 */ ["*Grace with a crab.*", "*A crab.*"],
        ],
    },
    Page {
        name: "sports-day",
        title: same("Sports day"),
        body: &[
            ["![Sports day relay](/media/amelia-thornbury-sports-day.jpg)", "![Sports day relay](/media/sports-day-relay.jpg)"],
            same(""),
            ["![The finish line](/media/thornbury.png)", "![The finish line](/media/finish-line.png)"],
            same(""),
            same("Everyone ran their best."),
        ],
    },
    Page {
        name: "gallery",
        title: same("Gallery"),
        body: &[
            same("![The school field](/media/gallery/field.jpg)"),
            same(""),
            same("![The reading corner](/media/gallery/reading.jpg)"),
            same(""),
            same("![The art display](/media/gallery/art.jpg)"),
            same(""),
            same("![A music lesson](/media/gallery/music.jpg)"),
            same(""),
            same("![The garden](/media/gallery/garden.png)"),
            same(""),
            same("![The library](/media/gallery/library.jpg)"),
            same(""),
            ["![An old poster](/media/gallery/poster.bmp)", "![An old poster](/media/gallery/poster.png)"],
            same(""),
            same("![The hall](/media/gallery/hall.jpg)"),
            same(""),
            same("![The pond](/media/gallery/pond.webp)"),
            same(""),
            same("![Our banner](/media/gallery/banner.gif)"),
        ],
    },
    Page {
        name: "word-names",
        title: same("Autumn term news"),
        body: &[
            /* 5 */ same("![Our climbing frame](/media/climbing-frame.jpg)"),
            same(""),
            /* 7 */ ["Will Green scored twice in the final.", "Will remind everyone to bring water."],
            same(""),
            /* 9 */ ["Well done, May Hill, for your poem!", "Well done, Year 4, for your poem!"],
            same(""),
            /* 11 */ ["Follow us at #GraceChurch this week.", "Follow us at #SaferInternetDay this week."],
            same(""),
            /* 13 */
            ["![Holly on the climbing frame](/media/climbing-frame.jpg)", "![The climbing frame](/media/climbing-frame.jpg)"],
            same(""),
            same("The Head of School thanks the Hall team, and the Deputy Head runs the Poppy Appeal."),
            same(""),
            same("Young people need clear rules. Our values are Faith, Hope and Love."),
        ],
    },
    Page {
        name: "contact",
        title: same("Contact the sports club"),
        body: &[
            /* 5 */ ["E-mail the coach at someone@gmail.com.", "E-mail the office at office@alphafields.example."],
            same(""),
            /* 7 */ ["Call the coach on 07700 900123.", "Call the office on 01632 960100."],
            same(""),
            /* 9 */ ["Kit can be left at HF9 9ZZ.", "Kit can be left at the school office, EX1 1AA."],
            same(""),
            /* 11 */ ["The minibus leaves from 14 Mill Lane.", "The minibus leaves from the school gate."],
        ],
    },
];

fn page_path(name: &str) -> String {
    format!("schools/alpha/content/pages/{name}.md")
}

fn page_text(page: &Page, variant: usize) -> String {
    let mut text = format!("---\ntitle: {}\nkind: page\n---\n", page.title[variant]);
    for line in page.body {
        text.push_str(line[variant]);
        text.push('\n');
    }
    text
}

/// The line of a page's file that differs between the twins, if `line` is one.
fn is_planted_line(page: &Page, line: usize) -> bool {
    match line {
        2 => page.title[LEAKY] != page.title[CLEAN],
        5.. => page.body.get(line - 5).is_some_and(|l| l[LEAKY] != l[CLEAN]),
        _ => false,
    }
}

// ------------------------------------------------------------------ the images

/// `jpeg` with IPTC keywords (UTF-8, as declared by 1:90) holding `keyword`.
fn jpeg_with_iptc_keyword(jpeg: &[u8], keyword: &str) -> Vec<u8> {
    let data = iim(&[(1, 90, b"\x1b%G"), (2, 25, keyword.as_bytes())]);
    let mut app13 = b"Photoshop 3.0\08BIM\x04\x04\0\0".to_vec();
    app13.extend_from_slice(&(data.len() as u32).to_be_bytes());
    app13.extend_from_slice(&data);
    if data.len() % 2 == 1 {
        app13.push(0);
    }
    with_segments(jpeg, &[segment(0xED, &app13)])
}

/// A picture of its own. Real photos differ, and the leaky twin's images must too: two
/// sources with the same pixels scrub to one published file (see
/// `identical_pictures_keep_each_sources_findings`).
fn photo(format: ImageFormat, seed: u8) -> Vec<u8> {
    let picture = RgbImage::from_fn(48, 32, |x, y| Rgb([seed.wrapping_mul(37), (x * 5) as u8, (y * 7) as u8 ^ seed]));
    let mut out = Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(picture).write_to(&mut out, format).expect("encode a picture");
    out.into_inner()
}

/// The media of each twin: (path under `schools/alpha/media/`, bytes). The clean twin's
/// images are imagegen's plain ones: no metadata, neutral names.
fn media(variant: usize) -> Vec<(&'static str, Vec<u8>)> {
    let jpeg = |seed| photo(ImageFormat::Jpeg, seed);
    let png = |seed| photo(ImageFormat::Png, seed);
    let plain = plain_jpeg();
    let mut shared = vec![("gallery/pond.webp", plain_webp()), ("gallery/banner.gif", plain_gif()), ("climbing-frame.jpg", plain_jpeg())];
    let twins: Vec<[(&'static str, Vec<u8>); 2]> = vec![
        [("trip.jpg", jpeg(1)), ("trip.jpg", plain.clone())],
        [("trip-pools.jpg", jpeg(10)), ("trip-pools.jpg", plain.clone())],
        // A pupil's name in the file name: full (an error) and a surname alone (a warning).
        [("amelia-thornbury-sports-day.jpg", jpeg(2)), ("sports-day-relay.jpg", plain.clone())],
        [("thornbury.png", png(3)), ("finish-line.png", plain_png())],
        // Where the picture was taken, in EXIF GPS.
        [
            ("gallery/field.jpg", with_segments(&jpeg(4), &[exif_segment(&Ifd::of(vec![short(0x0112, 1)]).with(GPS_POINTER, gps_ifd()))])),
            ("gallery/field.jpg", plain.clone()),
        ],
        // Person tags: Amelia's consent is recorded (a name in metadata, no consent
        // problem); Oliver's is refused; Zoë's is blank, which is not consent.
        [("gallery/reading.jpg", jpeg_with_person_tag(&jpeg(5), "Amelia Thornbury")), ("gallery/reading.jpg", plain.clone())],
        [("gallery/art.jpg", jpeg_with_person_tag(&jpeg(6), "Oliver Wiśniewski")), ("gallery/art.jpg", plain.clone())],
        [("gallery/music.jpg", jpeg_with_iptc_keyword(&jpeg(7), "Zoë Adeyemi-Clarke")), ("gallery/music.jpg", plain.clone())],
        // A Latin-1 PNG text chunk (Se\xE1n) and UTF-16 Windows keywords.
        [
            ("gallery/garden.png", with_chunks(&png(8), &[png_chunk(b"tEXt", b"Comment\0Planted by Se\xE1n O'Neill")])),
            ("gallery/garden.png", plain_png()),
        ],
        [
            ("gallery/library.jpg", with_segments(&jpeg(9), &[exif_segment(&Ifd::of(vec![utf16(0x9C9E, "Daan van der Berg;library")]))])),
            ("gallery/library.jpg", plain.clone()),
        ],
        // A format browsers do not show, and a JPEG cut off half way.
        [("gallery/poster.bmp", [b"BM".as_slice(), &[0; 52]].concat()), ("gallery/poster.png", plain_png())],
        [("gallery/hall.jpg", plain[..plain.len() / 2].to_vec()), ("gallery/hall.jpg", plain.clone())],
    ];
    shared.extend(twins.into_iter().map(|mut twin| std::mem::take(&mut twin[variant])));
    shared
}

// ------------------------------------------------------------------ the projects

/// The common fixture with the big roster, the staff and one twin's pages and media.
fn project(variant: usize) -> Project {
    let project = Project::new();
    let (csv, pupils) = roster_csv();
    assert!(pupils >= 200);
    project.write(crate::common::ROSTER, csv);
    project.replace(SCHOOL_YAML, "people:\n", STAFF_AND_NOT_NAMES);
    for page in PAGES {
        project.write(&page_path(page.name), page_text(page, variant));
    }
    for (name, bytes) in media(variant) {
        project.write(&format!("schools/alpha/media/{name}"), bytes);
    }
    project
}

const NEWS: &str = "schools/alpha/content/pages/news.md";
const CONGRATULATIONS: &str = "schools/alpha/content/pages/congratulations.md";
const ASSEMBLY: &str = "schools/alpha/content/pages/assembly.md";
const MATCH_REPORT: &str = "schools/alpha/content/pages/match-report.md";
const TRIP: &str = "schools/alpha/content/pages/trip.md";
const CONTACT: &str = "schools/alpha/content/pages/contact.md";
const WORD_NAMES: &str = "schools/alpha/content/pages/word-names.md";

/// Every planted leak: (rule, file as JSON shows it, line). An entry listed twice needs
/// two findings. JSON shows a pupil's name in a file name as initials ("A. T." for a full
/// name, "T." for a surname), so files named after a pupil are listed that way.
const LEAKS: &[(&str, &str, Option<u64>)] = &[
    // pupil-surname, in prose, every way docs/rules.md lists.
    ("pupil-surname", NEWS, Some(5)),            // Amelia Thornbury
    ("pupil-surname", NEWS, Some(7)),            // Thornbury, Amelia
    ("pupil-surname", NEWS, Some(9)),            // #AmeliaThornbury
    ("pupil-surname", NEWS, Some(11)),           // A. Thornbury
    ("pupil-surname", NEWS, Some(13)),           // Sean O’Neill (no accent, curly apostrophe)
    ("pupil-surname", NEWS, Some(15)),           // Daan van der Berg
    ("pupil-surname", NEWS, Some(17)),           // Оксана Коваленко
    ("pupil-surname", NEWS, Some(19)),           // Priya / Shah, across a line break
    ("pupil-surname", NEWS, Some(22)),           // a name in a link's URL...
    ("broken-link", NEWS, Some(22)),             // ...which leads nowhere
    ("pupil-surname", NEWS, Some(24)),           // Thornbury's, alone, after the full name on line 5
    ("pupil-surname", CONGRATULATIONS, Some(2)), // the page's title
    ("pupil-surname", ASSEMBLY, Some(5)),        // <em>Zoe</em> Adeyemi-Clarke
    ("pupil-surname", ASSEMBLY, Some(7)),        // in a title attribute
    ("pupil-surname", MATCH_REPORT, Some(5)),    // Wisniewski...
    ("pupil-surname", MATCH_REPORT, Some(5)),    // ...and Adeyemi-Clarke, each alone
    ("pupil-surname", MATCH_REPORT, Some(7)),    // Miss Adeyemi-Clarke: a title
    // A first name on a page that shows a photo.
    ("pupil-name-with-photo", TRIP, Some(7)),  // in the body
    ("pupil-name-with-photo", TRIP, Some(11)), // in an image's alt text
    ("pupil-name-with-photo", TRIP, Some(13)), // in a caption
    // Names that are also words, used as names.
    ("pupil-surname", WORD_NAMES, Some(7)),          // Will Green scored
    ("pupil-name-with-photo", WORD_NAMES, Some(7)),  // ...on a page with a photo
    ("pupil-surname", WORD_NAMES, Some(9)),          // well done, May Hill
    ("pupil-name-with-photo", WORD_NAMES, Some(9)),  //
    ("pupil-surname", WORD_NAMES, Some(11)),         // #GraceChurch
    ("pupil-name-with-photo", WORD_NAMES, Some(11)), //
    ("pupil-name-with-photo", WORD_NAMES, Some(13)), // Holly, in the photo's alt text
    // Images.
    ("image-filename-names", "schools/alpha/media/A. T.-sports-day.jpg", None),
    ("image-filename-names", "schools/alpha/media/T..png", None),
    ("image-geodata", "schools/alpha/media/gallery/field.jpg", None),
    ("image-metadata-names", "schools/alpha/media/gallery/reading.jpg", None),
    ("image-metadata-names", "schools/alpha/media/gallery/art.jpg", None),
    ("image-metadata-names", "schools/alpha/media/gallery/music.jpg", None),
    ("image-metadata-names", "schools/alpha/media/gallery/garden.png", None),
    ("image-metadata-names", "schools/alpha/media/gallery/library.jpg", None),
    ("photo-consent", "schools/alpha/media/gallery/art.jpg", None),
    ("photo-consent", "schools/alpha/media/gallery/music.jpg", None),
    ("unsupported-image", "schools/alpha/media/gallery/poster.bmp", None),
    ("unreadable-image", "schools/alpha/media/gallery/hall.jpg", None),
    // Contact details that are not the school's.
    ("personal-email", CONTACT, Some(5)),
    ("personal-phone", CONTACT, Some(7)),
    ("home-address", CONTACT, Some(9)),
    ("home-address", CONTACT, Some(11)),
];

/// The severity docs/rules.md gives each planted leak without `--strict`.
fn expected_severity(rule: &str, file: &str) -> &'static str {
    match rule {
        "image-geodata" | "image-metadata-names" => "warning",
        // A surname alone in a file name; a full name is an error.
        "image-filename-names" if file.ends_with("T..png") => "warning",
        _ => "error",
    }
}

fn show(findings: &[Value]) -> String {
    findings
        .iter()
        .map(|f| format!("  {} {} {}:{} {}", f["severity"], f["rule"], f["file"], f["line"], f["message"]))
        .collect::<Vec<_>>()
        .join("\n")
}

fn text_of(finding: &Value, field: &str) -> String {
    finding[field].as_str().unwrap_or_default().to_owned()
}

// ------------------------------------------------------------------ the tests

#[test]
fn the_leak_table_points_at_planted_lines() {
    for (rule, file, line) in LEAKS {
        let Some(line) = line else { continue };
        let page = PAGES.iter().find(|p| page_path(p.name) == *file).unwrap_or_else(|| panic!("{rule}: no page {file}"));
        assert!(is_planted_line(page, *line as usize), "{rule} {file}:{line} is not a line that differs between the twins");
    }
    // And every planted page line is in the table.
    for page in PAGES {
        let file = page_path(page.name);
        for line in 1..=page.body.len() + 4 {
            if is_planted_line(page, line) && !page.body.get(line.wrapping_sub(5)).is_some_and(|l| l[LEAKY].starts_with("![")) {
                // A name broken across lines is reported where it starts.
                let listed = |at: usize| LEAKS.iter().any(|(_, f, l)| *f == file && *l == Some(at as u64));
                assert!(listed(line) || listed(line - 1), "{file}:{line} is planted but not in LEAKS");
            }
        }
    }
}

#[test]
fn every_planted_leak_is_found_where_it_was_planted() {
    let project = project(LEAKY);
    let output = project.command(&["check", "--format", "json"]).output().expect("run policypress");
    let findings = crate::common::parse_findings(&output.stdout, &output.stderr);
    assert_eq!(output.status.code(), Some(1), "the leaky project must be refused\n{}", show(&findings));

    let mut used = vec![false; findings.len()];
    let mut missing = Vec::new();
    for (rule, file, line) in LEAKS {
        let found = findings
            .iter()
            .enumerate()
            .position(|(i, f)| !used[i] && f["rule"] == *rule && f["file"] == *file && f["line"].as_u64() == *line);
        match found {
            Some(i) => {
                used[i] = true;
                let severity = expected_severity(rule, file);
                assert_eq!(findings[i]["severity"], severity, "{rule} {file}:{line:?} should be a {severity}\n{}", show(&findings));
            }
            None => missing.push(format!("  {rule} {file}:{line:?}")),
        }
    }
    let unplanned: Vec<Value> = findings.iter().zip(&used).filter(|(_, used)| !**used).map(|(f, _)| f.clone()).collect();
    assert!(missing.is_empty(), "planted leaks not found:\n{}\n--- all findings:\n{}", missing.join("\n"), show(&findings));
    if !unplanned.is_empty() {
        eprintln!("findings beyond the planted ones (allowed):\n{}", show(&unplanned));
    }

    // Consent is a recorded yes: Amelia's is, so her tagged photo is not a consent problem.
    assert!(
        !findings.iter().any(|f| f["rule"] == "photo-consent" && f["file"] == "schools/alpha/media/gallery/reading.jpg"),
        "a pupil with recorded consent was reported\n{}",
        show(&findings)
    );
}

/// The planted pupils' surnames as they are written on the leaky pages, lower case.
const PLANTED_SURNAMES: [&str; 9] =
    ["thornbury", "wisniewski", "wiśniewski", "adeyemi", "o’neill", "o'neill", "van der berg", "коваленко", "shah"];

fn names_in(text: &str) -> Vec<&'static str> {
    let lower = text.to_lowercase();
    PLANTED_SURNAMES.into_iter().filter(|name| lower.contains(name)).collect()
}

#[test]
fn logs_never_hold_a_pupils_name() {
    let project = project(LEAKY);
    let findings = project.json_findings(&["check"]);
    assert!(findings.iter().any(|f| f["rule"] == "pupil-surname"), "{}", show(&findings));
    let mut leaked = Vec::new();
    for finding in &findings {
        for field in ["message", "file", "help"] {
            let text = text_of(finding, field);
            if !names_in(&text).is_empty() {
                leaked.push(format!("  json {} {field}: {text:?}", finding["rule"]));
            }
        }
    }

    let github = project.command(&["check", "--format", "github"]).output().expect("run policypress");
    assert_eq!(github.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&github.stdout);
    assert!(stdout.contains("title=pupil-surname"), "{stdout}");
    leaked.extend(stdout.lines().filter(|line| !names_in(line).is_empty()).map(|line| format!("  github: {line}")));
    assert!(leaked.is_empty(), "CI output holds pupils' names (docs/rules.md: initials only):\n{}", leaked.join("\n"));
}

/// Every finding names the file the leak was written in: the page's source or the
/// image. The theme holds no pupil's name, so no finding may point at it.
#[test]
fn findings_never_blame_the_theme_for_a_pages_words() {
    let project = project(LEAKY);
    let findings = project.json_findings(&["check"]);
    let blamed: Vec<Value> = findings.iter().filter(|f| text_of(f, "file").starts_with("themes/")).cloned().collect();
    assert!(blamed.is_empty(), "findings point at the theme, which plants nothing:\n{}", show(&blamed));
}

/// The clean twin passes because of the exceptions docs/rules.md lists, not because the
/// name rules did not look: take an exception out of school.yaml and the words it
/// excused are a pupil's surname again.
#[test]
fn the_clean_twin_passes_because_of_its_exceptions() {
    let news = PAGES.iter().find(|p| p.name == "news").expect("the news page");
    let text = page_text(news, CLEAN);
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).expect("a line of the clean news page") as u64 + 1;
    let cases = [
        // The Rowntree bequest is only excused by `not_names:` ("Church of England" is a
        // phrase, and needs nothing).
        ("not_names: [Rowntree]\n", vec![line_of("Rowntree bequest")]),
        // "Ms Grace Hill" and "Ms Hill" are only excused as a member of staff.
        ("  - name: Ms Grace Hill\n    roles: [senco]\n", vec![line_of("Ms Grace Hill"), line_of("Ms Hill")]),
    ];
    for (removed, lines) in cases {
        let project = project(CLEAN);
        project.replace(SCHOOL_YAML, removed, "");
        let findings = project.json_findings(&["check", "--strict"]);
        let found: Vec<(String, String, Option<u64>)> =
            findings.iter().map(|f| (text_of(f, "rule"), text_of(f, "file"), f["line"].as_u64())).collect();
        let expected: Vec<(String, String, Option<u64>)> =
            lines.into_iter().map(|line| ("pupil-surname".to_owned(), NEWS.to_owned(), Some(line))).collect();
        assert_eq!(found, expected, "without {removed:?}:\n{}", show(&findings));
    }
}

#[test]
fn a_leaky_build_is_refused_and_writes_nothing() {
    let project = project(LEAKY);
    project.command(&["build", "--quiet"]).assert().code(1);
    assert!(!project.abs("public").exists(), "a refused build must not write public/");
}

#[test]
fn the_clean_twin_passes_strict_with_no_finding() {
    let project = project(CLEAN);
    let output = project.command(&["check", "--strict", "--format", "json"]).output().expect("run policypress");
    let findings = crate::common::parse_findings(&output.stdout, &output.stderr);
    assert!(
        findings.is_empty(),
        "the clean twin has findings:\n{}\n--- stderr:\n{}",
        show(&findings),
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(output.status.code(), Some(0), "stderr:\n{}", String::from_utf8_lossy(&output.stderr));

    project.command(&["build", "--strict", "--quiet"]).assert().success();
    assert!(project.abs("public/alpha/news/index.html").is_file());
}

/// Two source files with the same pixels, one carrying a location and one a person tag
/// whose consent is refused (a photo and the copy someone tagged), scrub to the same
/// published bytes. Each source is still its own image with its own metadata: docs/rules.md's
/// image rules are about "an image" a page uses, so neither finding may be lost because
/// a third, clean copy publishes the same bytes.
#[test]
fn identical_pictures_keep_each_sources_findings() {
    let project = Project::new();
    let plain = plain_jpeg();
    let located = with_segments(&plain, &[exif_segment(&Ifd::of(vec![short(0x0112, 1)]).with(GPS_POINTER, gps_ifd()))]);
    project.write("schools/alpha/media/plain.jpg", &plain);
    project.write("schools/alpha/media/located.jpg", located);
    // Oliver Wiśniewski's photo consent is "No" in the harness's roster.
    project.write("schools/alpha/media/tagged.jpg", jpeg_with_person_tag(&plain, "Oliver Wiśniewski"));
    project.write(
        &page_path("photos"),
        "---\ntitle: Photos\nkind: page\n---\n![The field](/media/plain.jpg)\n\n![The field again](/media/located.jpg)\n\n![The field once more](/media/tagged.jpg)\n",
    );
    let findings = project.json_findings(&["check"]);
    let has = |rule: &str, file: &str| findings.iter().any(|f| f["rule"] == rule && f["file"] == format!("schools/alpha/media/{file}"));
    assert!(
        has("image-geodata", "located.jpg") && has("photo-consent", "tagged.jpg"),
        "a finding was lost to an identical picture\n{}",
        show(&findings)
    );
}
