//! Images end to end: every planted fixture, in every publishable format, is published
//! without its metadata and with its pixels unchanged, and `policypress scrub` cleans
//! the sources in place, pixels unchanged, and leaves clean files alone.

use std::fs;
use std::path::Path;
use std::process::Command as Process;

use crate::common::{GUIDANCE, Project};
use scraper::{Html, Selector};

fn pixels(bytes: &[u8]) -> Vec<u8> {
    image::load_from_memory(bytes).expect("the image decodes").to_rgba8().into_raw()
}

/// `exiftool -a -G1 -ee` on `path`, where it is installed: every tag group it reports.
fn exiftool_groups(path: &Path) -> Option<String> {
    let output = Process::new("exiftool").args(["-a", "-G1", "-ee", "-s"]).arg(path).output().ok()?;
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Tag groups that hold metadata rather than describing the file or its pixels.
const METADATA_GROUPS: [&str; 8] = ["[GPS]", "[XMP", "[IPTC]", "[IFD1]", "[Photoshop]", "[MPF", "[ExifIFD]", "[Comment]"];

#[test]
fn every_planted_image_is_published_clean_with_the_same_pixels() {
    let project = Project::new();
    let fixtures: Vec<_> = crate::imagegen::planted().into_iter().filter(|f| f.ext != "avif").collect();
    assert!(fixtures.len() >= 12, "a fixture per planting in every format");
    for (i, fixture) in fixtures.iter().enumerate() {
        project.write(&format!("schools/alpha/media/planted-{i}.{}", fixture.ext), &fixture.bytes);
        project.append(GUIDANCE, "");
        project.append(GUIDANCE, &format!("![Picture {i} of the school garden](/media/planted-{i}.{})", fixture.ext));
    }
    // Location and names in metadata are warnings (the copy is stripped); the roster
    // names no one in these fixtures except "Amelia Thornbury", whose consent is given.
    let output = project.command(&["build", "--format", "json"]).output().unwrap();
    let findings = crate::common::parse_findings(&output.stdout, &output.stderr);
    assert_eq!(output.status.code(), Some(0), "{findings:#?}");
    assert!(findings.iter().any(|f| f["rule"] == "image-geodata"), "{findings:#?}");
    assert!(findings.iter().all(|f| f["severity"] == "warning"), "{findings:#?}");

    let page_dir = project.path().join("public/alpha/parents/staying-safe");
    let page = Html::parse_document(&fs::read_to_string(page_dir.join("index.html")).unwrap());
    let selector = Selector::parse("main img").unwrap();
    let sources: Vec<&str> = page.select(&selector).filter_map(|img| img.value().attr("src")).collect();
    assert_eq!(sources.len(), fixtures.len());
    for (fixture, src) in fixtures.iter().zip(&sources) {
        let published = page_dir.join(src);
        let bytes = fs::read(&published).unwrap_or_else(|e| panic!("{}: {e}", fixture.name));
        let again = policypress::image::inspect(&bytes, fixture.ext).expect("the published copy reads");
        assert!(again.metadata.is_empty() && again.geodata.is_empty() && again.texts.is_empty(), "{}: {again:?}", fixture.name);
        assert!(!String::from_utf8_lossy(&bytes).contains("Thornbury"), "{}: the name is in the bytes", fixture.name);
        assert_eq!(pixels(&bytes), pixels(&fixture.bytes), "{}: pixels changed", fixture.name);
        if let Some(groups) = exiftool_groups(&published) {
            for group in METADATA_GROUPS {
                assert!(!groups.contains(group), "{}: exiftool still sees {group}:\n{groups}", fixture.name);
            }
        }
    }
}

#[test]
fn scrub_cleans_sources_in_place_and_leaves_clean_files_alone() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures: Vec<_> = crate::imagegen::planted().into_iter().filter(|f| f.ext != "avif").collect();
    for fixture in &fixtures {
        fs::write(dir.path().join(format!("{}.{}", fixture.name, fixture.ext)), &fixture.bytes).unwrap();
    }
    fs::write(dir.path().join("clean.png"), crate::imagegen::plain_png()).unwrap();
    fs::write(dir.path().join("notes.txt"), "not an image").unwrap();

    let run = || Process::new(env!("CARGO_BIN_EXE_policypress")).arg("scrub").arg(dir.path()).output().unwrap();
    let first = run();
    let report = String::from_utf8_lossy(&first.stderr);
    assert_eq!(first.status.code(), Some(0), "{report}");
    assert!(report.contains(&format!("{} cleaned, 1 already clean, 0 could not be cleaned", fixtures.len())), "{report}");
    assert!(report.contains("removed EXIF (with GPS)"), "{report}");

    for fixture in &fixtures {
        let path = dir.path().join(format!("{}.{}", fixture.name, fixture.ext));
        let bytes = fs::read(&path).unwrap();
        let again = policypress::image::inspect(&bytes, fixture.ext).unwrap();
        assert!(again.metadata.is_empty() && again.geodata.is_empty(), "{}: {again:?}", fixture.name);
        assert_eq!(pixels(&bytes), pixels(&fixture.bytes), "{}: pixels changed", fixture.name);
    }
    assert_eq!(fs::read(dir.path().join("clean.png")).unwrap(), crate::imagegen::plain_png(), "a clean file is not rewritten");
    let leftovers: Vec<_> =
        fs::read_dir(dir.path()).unwrap().filter_map(Result::ok).filter(|e| e.file_name().to_string_lossy().starts_with('.')).collect();
    assert!(leftovers.is_empty(), "no temporary files are left behind");

    let second = run();
    let report = String::from_utf8_lossy(&second.stderr);
    assert!(report.contains(&format!("0 cleaned, {} already clean", fixtures.len() + 1)), "{report}");
}

#[test]
fn scrub_refuses_what_it_cannot_clean_and_leaves_it_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let bad = crate::imagegen::refused();
    for fixture in &bad {
        fs::write(dir.path().join(format!("{}.{}", fixture.name, fixture.ext)), &fixture.bytes).unwrap();
    }
    let output = Process::new(env!("CARGO_BIN_EXE_policypress")).arg("scrub").arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    for fixture in &bad {
        let path = dir.path().join(format!("{}.{}", fixture.name, fixture.ext));
        assert_eq!(fs::read(&path).unwrap(), fixture.bytes, "{} was changed", fixture.name);
    }
}

/// Regression: a JPEG saved as `.jfif`, `.jpe` or `.pjpeg`, or a PNG as `.apng`, was
/// published unchanged, its location included, with exit 0: a file's type was taken from
/// its name. It is now taken from its bytes.
#[test]
fn an_image_under_another_name_is_stripped_like_any_image() {
    let project = Project::new();
    let located = crate::imagegen::with_segments(
        &crate::imagegen::plain_jpeg(),
        &[crate::imagegen::exif_segment(&crate::imagegen::Ifd::of(vec![]).with(0x8825, crate::imagegen::gps_ifd()))],
    );
    let names = ["trip.jfif", "trip.jpe", "trip.pjpeg", "trip.jps", "logo.apng"];
    for (i, name) in names.iter().enumerate() {
        let bytes = if name.ends_with("apng") { crate::imagegen::plain_png() } else { located.clone() };
        project.write(&format!("schools/alpha/media/{name}"), &bytes);
        project.append(GUIDANCE, &format!("\n![The school trip, picture {i}](/media/{name})"));
    }
    let output = project.command(&["build", "--format", "json"]).output().unwrap();
    let findings = crate::common::parse_findings(&output.stdout, &output.stderr);
    assert_eq!(output.status.code(), Some(0), "{findings:#?}");
    assert!(findings.iter().any(|f| f["rule"] == "image-geodata"), "the location was not even noticed: {findings:#?}");
    let page_dir = project.path().join("public/alpha/parents/staying-safe");
    let page = Html::parse_document(&fs::read_to_string(page_dir.join("index.html")).unwrap());
    let selector = Selector::parse("main img").unwrap();
    let sources: Vec<&str> = page.select(&selector).filter_map(|img| img.value().attr("src")).collect();
    assert_eq!(sources.len(), names.len());
    for src in sources {
        let extension = src.rsplit('.').next().unwrap_or_default();
        assert!(extension == "jpg" || extension == "png", "{src} published under its old name");
        let again = policypress::image::inspect(&fs::read(page_dir.join(src)).unwrap(), extension).expect("reads");
        assert!(again.geodata.is_empty() && again.metadata.is_empty(), "{src}: {again:?}");
    }
}

/// Regression: a PNG's Orientation went with the rest of its eXIf, so a portrait photo
/// turned ninety degrees in viewers that honour it. The orientation alone is kept.
#[test]
fn a_png_keeps_its_orientation_and_loses_the_rest_of_its_exif() {
    use crate::imagegen::{Ifd, gps_ifd, png_chunk, short, tiff, with_chunks};
    let project = Project::new();
    let exif = tiff(&Ifd::of(vec![short(0x0112, 6)]).with(0x8825, gps_ifd()));
    let portrait = with_chunks(&crate::imagegen::plain_png(), &[png_chunk(b"eXIf", &exif)]);
    project.write("schools/alpha/media/portrait.png", &portrait);
    project.append(GUIDANCE, "\n![Our reading corner](/media/portrait.png)");
    project.run(&["build"]).success();
    let media = project.path().join("public/alpha/media");
    let published = fs::read_dir(&media).unwrap().map(|e| e.unwrap().path()).find(|p| p.extension().is_some_and(|e| e == "png")).unwrap();
    let bytes = fs::read(&published).unwrap();
    let again = policypress::image::inspect(&bytes, "png").expect("reads");
    assert!(again.geodata.is_empty() && again.metadata.is_empty(), "{again:?}");
    assert!(bytes.windows(4).any(|w| w == b"eXIf"), "the orientation was dropped");
    if let Some(groups) = exiftool_groups(&published) {
        assert!(!groups.contains("[GPS]"), "{groups}");
        let orientation = Process::new("exiftool").args(["-n", "-s3", "-Orientation"]).arg(&published).output().unwrap();
        assert_eq!(String::from_utf8_lossy(&orientation.stdout).trim(), "6");
    }
}
