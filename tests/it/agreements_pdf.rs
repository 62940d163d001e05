//! The print back end end to end: a small class pack typeset with the default theme's
//! template and fonts, read back with poppler's `pdftotext` and `pdffonts`.

use std::path::{Path, PathBuf};

use policypress::date::{AcademicYear, Date};
use policypress::print::{
    self, Addresses, Agreement, Block, LinkWords, Paper, PolicyNote, PrintJob, PrintWords, PupilSheet, Template, Typesetter,
};
use policypress::print::{AGREEMENT_TEMPLATE, CONTENT_TEMPLATE, Logo};
use policypress::project::config::SignatureField;

use crate::pdf::{page_count, poppler};

const NAMES: [&str; 3] = ["Zoë Łukasiewicz", "Seán O'Neill-Ware", "Amara *Star* #1 $x$ _y_"];

/// The printed wording of `html`, as a page publishes it.
fn wording(html: &str) -> Vec<Block> {
    let titles = |_: &str| None;
    print::wording(html, &Addresses { page_url: "agreements/ks2/", base_url: None, titles: &titles, said: &LinkWords::english() }).blocks
}

fn ks2() -> Agreement {
    Agreement::new(
        "ks2",
        "Key Stage 2 agreement",
        wording(
            "<h2 id=\"my-safety\">My safety</h2><ul><li>I will only use the internet when an adult says I can.</li><li>I will keep my passwords secret, even from my friends.</li><li>I will tell a trusted adult if I see anything that upsets me.</li></ul><p>If I break these rules I may not be allowed to use the computers.</p>",
        ),
        vec![
            SignatureField::ChildName,
            SignatureField::Class,
            SignatureField::ChildSignature,
            SignatureField::ParentSignature,
            SignatureField::Date,
        ],
        Some(PolicyNote { title: "Online Safety Policy".into(), approval: "approved 10 September 2025".into() }),
        Path::new("content/agreements/ks2.md"),
    )
}

fn ks1() -> Agreement {
    Agreement::new(
        "ks1",
        "Key Stage 1 agreement",
        wording(
            "<h2 id=\"think\">Think before you click!</h2><ul><li><strong>Ask.</strong> I ask a grown-up before I go online.</li><li><strong>Tell.</strong> I tell a grown-up.</li></ul>",
        ),
        vec![SignatureField::ChildName, SignatureField::Class, SignatureField::ParentSignature, SignatureField::Date],
        None,
        Path::new("content/agreements/ks1.md"),
    )
}

fn job() -> PrintJob {
    let pupil =
        |name: &str, year: &str, tier: &str| PupilSheet { name: name.into(), class: "Oak".into(), year: year.into(), tier: tier.into() };
    PrintJob {
        school: "Hollins Park Primary School".into(),
        academic_year: AcademicYear { start: 2025 },
        class: Some("Oak".into()),
        paper: Paper::A4,
        duplex: false,
        language: "en-GB".into(),
        words: PrintWords::english(),
        agreements: vec![ks1(), ks2()],
        pupils: vec![pupil(NAMES[0], "Year 2", "ks1"), pupil(NAMES[1], "Year 3", "ks2"), pupil(NAMES[2], "Year 3", "ks2")],
    }
}

fn default_template() -> Template {
    Template::load(Path::new(env!("CARGO_MANIFEST_DIR")), "default", AGREEMENT_TEMPLATE).expect("template reads")
}

fn content_template() -> Template {
    Template::load(Path::new(env!("CARGO_MANIFEST_DIR")), "default", CONTENT_TEMPLATE).expect("template reads")
}

/// A template of `text`, as if read from `file`.
fn template(text: &str, file: &str) -> Template {
    Template { file: PathBuf::from(file), text: text.to_owned(), logo: None }
}

fn print(job: &PrintJob) -> Vec<u8> {
    let typesetter = Typesetter::load(&print::font_files(Path::new(env!("CARGO_MANIFEST_DIR")), "default")).expect("fonts load");
    let today = Date::parse("2025-09-01").expect("date");
    match print::print_pdf(job, &typesetter, &default_template(), &content_template(), today) {
        Ok(pdf) => pdf,
        Err(err) => panic!("{err}"),
    }
}

fn page_text(pdf: &Path, page: usize) -> String {
    let page = page.to_string();
    poppler("pdftotext", &["-layout", "-f", &page, "-l", &page], pdf)
}

#[test]
fn each_pupil_gets_their_own_page_with_their_name_as_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = dir.path().join("oak.pdf");
    std::fs::write(&pdf, print(&job())).expect("write");
    if let Ok(keep) = std::env::var("POLICYPRESS_KEEP_PDF") {
        std::fs::copy(&pdf, keep).expect("copy");
    }

    assert_eq!(page_count(&pdf), 1 + NAMES.len(), "a sign-off sheet, then one page per pupil");
    let sign_off = page_text(&pdf, 1);
    assert!(sign_off.contains("Sign-off sheet: Oak"), "{sign_off}");
    for (i, name) in NAMES.iter().enumerate() {
        assert!(sign_off.contains(name), "sign-off sheet lacks {name}: {sign_off}");
        let text = page_text(&pdf, i + 2);
        assert!(text.contains(name), "page {} lacks {name}:\n{text}", i + 2);
        for other in NAMES.iter().filter(|n| *n != name) {
            assert!(!text.contains(other), "page {} also shows {other}", i + 2);
        }
        assert!(text.contains("2025–26"), "page {} lacks the year:\n{text}", i + 2);
    }
    assert!(page_text(&pdf, 2).contains("Key Stage 1 agreement"));
    assert!(page_text(&pdf, 3).contains("Key Stage 2 agreement"));
    assert!(page_text(&pdf, 3).contains(&ks2().identifier()));
}

#[test]
fn fonts_are_embedded_and_young_children_get_andika() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = dir.path().join("oak.pdf");
    std::fs::write(&pdf, print(&job())).expect("write");
    let fonts = poppler("pdffonts", &[], &pdf);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in &rows {
        // Columns: name, type, encoding, emb, sub, uni, object id.
        let columns: Vec<&str> = row.split_whitespace().collect();
        let emb = columns.iter().rev().nth(4).copied();
        assert_eq!(emb, Some("yes"), "font not embedded: {row}");
    }
    assert!(fonts.contains("Andika"), "the KS1 sheet uses Andika: {fonts}");
    assert!(fonts.contains("OpenSans"), "{fonts}");
}

#[test]
fn the_pdf_is_tagged_titled_and_claims_pdf_ua() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = dir.path().join("oak.pdf");
    let bytes = print(&job());
    std::fs::write(&pdf, &bytes).expect("write");
    let info = poppler("pdfinfo", &[], &pdf);
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(info.contains("Title:           Hollins Park Primary School: agreements for Oak, 2025–26"), "{info}");
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("<pdfuaid:part>1</pdfuaid:part>"), "no PDF/UA-1 identification");
    assert!(text.contains("/Lang (en-GB)") || text.contains("en-GB"), "no document language");
}

#[test]
fn the_same_job_gives_the_same_bytes() {
    assert!(print(&job()) == print(&job()), "two runs differ");
}

#[test]
fn blank_forms_have_one_page_per_agreement_and_no_sign_off_sheet() {
    let mut blank = job();
    blank.class = None;
    blank.pupils.clear();
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = dir.path().join("blank.pdf");
    std::fs::write(&pdf, print(&blank)).expect("write");
    assert_eq!(page_count(&pdf), 2);
    assert!(!page_text(&pdf, 1).contains("Sign-off"));
}

#[test]
fn duplex_starts_every_sheet_on_a_front() {
    let mut duplex = job();
    duplex.duplex = true;
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = dir.path().join("duplex.pdf");
    std::fs::write(&pdf, print(&duplex)).expect("write");
    assert_eq!(page_count(&pdf), 2 * (1 + NAMES.len()));
    for (i, name) in NAMES.iter().enumerate() {
        assert!(page_text(&pdf, 3 + 2 * i).contains(name), "{name} should start page {}", 3 + 2 * i);
    }
}

#[test]
fn a_mistake_in_a_schools_template_names_its_line() {
    let typesetter = Typesetter::load(&print::font_files(Path::new(env!("CARGO_MANIFEST_DIR")), "default")).expect("fonts load");
    let text = "#let data = json(\"/data.json\")\n\n#text(data.no-such-key)\n";
    let today = Date::parse("2025-09-01").expect("date");
    let err = print::print_pdf(&job(), &typesetter, &template(text, "themes/mine/print/agreement.typ"), &content_template(), today)
        .expect_err("the template is wrong");
    let shown = err.to_string();
    assert!(shown.starts_with("themes/mine/print/agreement.typ:3:"), "{shown}");
    assert!(shown.contains("no-such-key"), "{shown}");
}

#[test]
fn packages_and_other_files_cannot_be_reached() {
    let typesetter = Typesetter::load(&print::font_files(Path::new(env!("CARGO_MANIFEST_DIR")), "default")).expect("fonts load");
    let today = Date::parse("2025-09-01").expect("date");
    for text in ["#import \"@preview/cetz:0.3.0\"\n", "#read(\"/etc/passwd\")\n", "#image(\"/logo.png\")\n"] {
        let result = print::print_pdf(&job(), &typesetter, &template(text, "agreement.typ"), &content_template(), today);
        assert!(result.is_err(), "{text} should fail");
    }
}

/// A PNG of `width` × `height` pixels of one colour, made here rather than kept as a file.
fn png(width: u32, height: u32) -> Vec<u8> {
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        let mut out = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc.sum().to_be_bytes());
        out
    };
    let mut header = width.to_be_bytes().to_vec();
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB
    let row: Vec<u8> = std::iter::once(0).chain((0..width).flat_map(|_| [11, 79, 138])).collect();
    let pixels: Vec<u8> = (0..height).flat_map(|_| row.clone()).collect();
    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut zlib, &pixels).unwrap();
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    out.extend(chunk(b"IHDR", &header));
    out.extend(chunk(b"IDAT", &zlib.finish().unwrap()));
    out.extend(chunk(b"IEND", &[]));
    out
}

#[test]
fn a_theme_logo_heads_every_sheet_and_leaves_the_pupils_pages_as_many() {
    let typesetter = Typesetter::load(&print::font_files(Path::new(env!("CARGO_MANIFEST_DIR")), "default")).expect("fonts load");
    let mut template = default_template();
    template.logo = Some(Logo::new(PathBuf::from("themes/mine/print/logo.png"), png(60, 30)));
    let today = Date::parse("2025-09-01").expect("date");
    let pdf = print::print_pdf(&job(), &typesetter, &template, &content_template(), today).expect("typesets with a logo");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("logo.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let without = dir.path().join("plain.pdf");
    std::fs::write(&without, print(&job())).unwrap();
    let pages = page_count(&without);
    assert_eq!(page_count(&file), pages, "the logo takes no sheet onto a second page");
    // `pdfimages -list`: two header lines, then one line per image drawn, page first.
    let listed = poppler("pdfimages", &["-list"], &file);
    let pages_with_image: std::collections::BTreeSet<&str> =
        listed.lines().skip(2).filter_map(|line| line.split_whitespace().next()).collect();
    assert_eq!(pages_with_image.len(), pages, "the logo is on every page: {listed}");
}
