//! Image metadata end to end: every planted fixture from `imagegen` is inspected (the planted
//! location and name must be found), scrubbed (nothing may be left, pixels must not change,
//! a second scrub must change nothing), and, where exiftool is installed, read back by
//! exiftool as an independent check.

use std::path::Path;

use crate::imagegen::{BadFixture, Fixture, NAME};
use policypress::image::{ImageError, Inspection, inspect, is_raster, scrub};

fn inspected(f: &Fixture) -> Inspection {
    inspect(&f.bytes, f.ext).unwrap_or_else(|e| panic!("{}: inspect failed: {e}", f.name))
}

#[test]
fn planted_locations_and_names_are_found() {
    for f in crate::imagegen::planted() {
        let found = inspected(&f);
        if let Some(place) = f.geodata {
            assert!(found.geodata.iter().any(|g| g.contains(place)), "{}: no geodata {place:?} in {:?}", f.name, found.geodata);
        } else {
            assert!(found.geodata.is_empty(), "{}: unexpected geodata {:?}", f.name, found.geodata);
        }
        for (source, text, person) in &f.texts {
            assert!(
                found.texts.iter().any(|t| t.source.contains(source) && t.text.contains(text) && t.person_tag == *person),
                "{}: no text {text:?} from {source:?} (person_tag {person}) in {:#?}",
                f.name,
                found.texts
            );
        }
        for kind in &f.kinds {
            assert!(found.metadata.iter().any(|k| k == kind), "{}: kind {kind:?} not in {:?}", f.name, found.metadata);
        }
    }
}

#[test]
fn scrubbed_copies_hold_no_metadata() {
    for f in crate::imagegen::planted() {
        let scrubbed = scrub(&f.bytes, f.ext).unwrap_or_else(|e| panic!("{}: scrub failed: {e}", f.name));
        assert!(scrubbed.bytes.len() < f.bytes.len(), "{}: nothing removed", f.name);
        for what in &f.removed {
            assert!(scrubbed.removed.iter().any(|r| r.contains(what)), "{}: removed {:?} lacks {what:?}", f.name, scrubbed.removed);
        }
        let again = inspect(&scrubbed.bytes, f.ext).unwrap_or_else(|e| panic!("{}: scrubbed copy unreadable: {e}", f.name));
        assert!(again.metadata.is_empty(), "{}: metadata left: {:?}", f.name, again.metadata);
        assert!(again.geodata.is_empty(), "{}: geodata left: {:?}", f.name, again.geodata);
        assert!(again.texts.is_empty(), "{}: texts left: {:?}", f.name, again.texts);
        let raw = String::from_utf8_lossy(&scrubbed.bytes);
        assert!(!raw.contains("Thornbury") && !raw.contains("Amelia"), "{}: the name is still in the bytes", f.name);
    }
}

#[test]
fn scrubbing_keeps_pixels() {
    for f in crate::imagegen::planted() {
        let scrubbed = scrub(&f.bytes, f.ext).expect("scrub");
        let before = image::load_from_memory(&f.bytes).unwrap_or_else(|e| panic!("{}: source does not decode: {e}", f.name));
        let after = image::load_from_memory(&scrubbed.bytes).unwrap_or_else(|e| panic!("{}: scrubbed does not decode: {e}", f.name));
        assert_eq!(before.to_rgba8(), after.to_rgba8(), "{}: pixels changed", f.name);
    }
}

#[test]
fn scrubbing_twice_changes_nothing() {
    for f in crate::imagegen::planted() {
        let once = scrub(&f.bytes, f.ext).expect("scrub");
        let twice = scrub(&once.bytes, f.ext).expect("scrub again");
        assert_eq!(once.bytes, twice.bytes, "{}: second scrub changed the bytes", f.name);
        assert!(twice.removed.is_empty(), "{}: second scrub removed {:?}", f.name, twice.removed);
    }
}

/// The Orientation the camera recorded, read straight from the scrubbed JPEG's EXIF.
fn orientation_in(jpeg: &[u8]) -> Option<u16> {
    let at = jpeg.windows(6).position(|w| w == b"Exif\0\0")? + 6;
    let tiff = &jpeg[at..];
    let be = tiff.starts_with(b"MM");
    let read16 = |i: usize| if be { u16::from_be_bytes([tiff[i], tiff[i + 1]]) } else { u16::from_le_bytes([tiff[i], tiff[i + 1]]) };
    assert_eq!(read16(8), 1, "exactly one IFD0 entry");
    assert_eq!(read16(10), 0x0112, "and it is Orientation");
    Some(read16(18))
}

#[test]
fn orientation_survives_and_nothing_else_of_exif() {
    for f in crate::imagegen::planted() {
        let scrubbed = scrub(&f.bytes, f.ext).expect("scrub");
        if f.ext.starts_with("jp") {
            assert_eq!(orientation_in(&scrubbed.bytes), f.orientation, "{}", f.name);
        }
    }
}

#[test]
fn gif_looping_extension_survives() {
    let gif = crate::imagegen::planted().into_iter().find(|f| f.ext == "gif").expect("a GIF fixture");
    let scrubbed = scrub(&gif.bytes, "gif").expect("scrub");
    assert!(scrubbed.bytes.windows(11).any(|w| w == b"NETSCAPE2.0"));
    assert!(!scrubbed.bytes.windows(11).any(|w| w == b"XMP DataXMP"));
}

#[test]
fn webp_metadata_flags_are_cleared() {
    let webp = crate::imagegen::planted().into_iter().find(|f| f.ext == "webp").expect("a WebP fixture");
    let scrubbed = scrub(&webp.bytes, "webp").expect("scrub");
    assert_eq!(&scrubbed.bytes[12..16], b"VP8X");
    assert_eq!(scrubbed.bytes[20] & 0x0C, 0, "EXIF and XMP flags");
    let riff = u32::from_le_bytes([scrubbed.bytes[4], scrubbed.bytes[5], scrubbed.bytes[6], scrubbed.bytes[7]]);
    assert_eq!(riff as usize, scrubbed.bytes.len() - 8);
}

/// exiftool, where installed, must find no location, no metadata text groups and no name.
#[test]
fn exiftool_finds_nothing_in_scrubbed_copies() {
    let exiftool = Path::new("/usr/bin/exiftool");
    if !exiftool.exists() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    for f in crate::imagegen::planted() {
        let scrubbed = scrub(&f.bytes, f.ext).expect("scrub");
        let path = dir.path().join(format!("{}.{}", f.name, f.ext));
        std::fs::write(&path, &scrubbed.bytes).expect("write");
        let out = std::process::Command::new(exiftool).args(["-a", "-G1", "-ee", "-json"]).arg(&path).output().expect("run exiftool");
        let text = String::from_utf8_lossy(&out.stdout);
        let json: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: exiftool json: {e}\n{text}", f.name));
        let tags = json[0].as_object().expect("one object");
        for (key, value) in tags {
            let group = key.split(':').next().unwrap_or_default();
            let forbidden =
                ["GPS", "XMP", "IPTC", "ExifIFD", "IFD1", "InteropIFD", "MPF", "MPImage", "Photoshop", "PictureInfo", "APP12", "Ducky"];
            assert!(!forbidden.iter().any(|g| group.starts_with(g)), "{}: exiftool found {key} = {value}", f.name);
            assert!(group != "IFD0" || key == "IFD0:Orientation", "{}: exiftool found {key} = {value}", f.name);
            assert!(!key.ends_with(":Comment") && !key.ends_with(":Warning"), "{}: exiftool found {key} = {value}", f.name);
        }
        for needle in ["Amelia", "Amélia", "Thornbury"] {
            assert!(!text.contains(needle), "{}: exiftool output holds {needle}:\n{text}", f.name);
        }
    }
}

#[test]
fn every_prefix_is_ok_or_unreadable() {
    for f in crate::imagegen::planted() {
        for n in 0..f.bytes.len() {
            let prefix = &f.bytes[..n];
            for result in [inspect(prefix, f.ext).map(|_| ()), scrub(prefix, f.ext).map(|_| ())] {
                assert!(matches!(result, Ok(()) | Err(ImageError::Unreadable { .. })), "{}: prefix {n}: {result:?}", f.name);
            }
        }
    }
}

/// A small deterministic generator (xorshift64), so mutation failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Damaged copies of every fixture: whatever `scrub` accepts, it must leave clean, and a
/// second scrub must change nothing. Nothing may panic.
#[test]
fn damaged_files_never_pass_metadata_through() {
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let mut sources: Vec<(String, &str, Vec<u8>)> =
        crate::imagegen::planted().into_iter().map(|f| (f.name.to_string(), f.ext, f.bytes)).collect();
    sources.push(("avif-exif".into(), "avif", crate::imagegen::avif(true)));
    sources.push(("avif-plain".into(), "avif", crate::imagegen::avif(false)));
    let mut accepted = 0;
    for (name, ext, bytes) in &sources {
        for round in 0..150 {
            let mut d = bytes.clone();
            for _ in 0..=rng.below(3) {
                let at = rng.below(d.len());
                match rng.below(5) {
                    0 => d[at] ^= 1 << rng.below(8),
                    1 => d[at] = 0xFF,
                    2 => d[at] = rng.next() as u8,
                    3 => {
                        let len = rng.below(64).min(d.len() - at);
                        let copy = d[at..at + len].to_vec();
                        let to = rng.below(d.len());
                        d.splice(to..to, copy);
                    }
                    _ => d.truncate(at.max(1)),
                }
            }
            let _ = inspect(&d, ext);
            let Ok(scrubbed) = scrub(&d, ext) else { continue };
            accepted += 1;
            let again = inspect(&scrubbed.bytes, ext).unwrap_or_else(|e| panic!("{name} round {round}: scrubbed copy unreadable: {e}"));
            assert!(again.metadata.is_empty() && again.geodata.is_empty() && again.texts.is_empty(), "{name} round {round}: {again:?}");
            assert_eq!(
                scrub(&scrubbed.bytes, ext).map(|s| s.bytes).ok(),
                Some(scrubbed.bytes.clone()),
                "{name} round {round}: not idempotent"
            );
        }
    }
    assert!(accepted > 100, "the mutations should leave many files readable, got {accepted}");
}

#[test]
fn bad_files_are_refused_with_reasons() {
    for BadFixture { name, ext, bytes, unsupported, reason } in crate::imagegen::refused() {
        for result in [inspect(&bytes, ext).map(|_| ()), scrub(&bytes, ext).map(|_| ())] {
            let err = result.expect_err(name);
            match (&err, unsupported) {
                (ImageError::Unsupported { format, .. }, Some(expected)) => assert_eq!(*format, expected, "{name}"),
                (ImageError::Unreadable { .. }, None) => {}
                _ => panic!("{name}: wrong kind of error: {err:?}"),
            }
            assert!(err.to_string().contains(reason), "{name}: {err} lacks {reason:?}");
        }
    }
}

#[test]
fn avif_with_exif_is_inspected_but_refused() {
    let avif = crate::imagegen::avif(true);
    let found = inspect(&avif, "avif").expect("inspect");
    assert_eq!(found.metadata, vec!["EXIF".to_string()]);
    assert_eq!(found.geodata, vec!["EXIF GPS IFD".to_string()]);
    assert!(found.texts.iter().any(|t| t.text == NAME && t.source == "EXIF Artist"));
    match scrub(&avif, "avif") {
        Err(ImageError::Unsupported { format, advice }) => {
            assert_eq!(format, "AVIF with metadata");
            assert!(advice.contains("re-export"));
        }
        other => panic!("expected Unsupported, got {other:?}"),
    }
}

#[test]
fn avif_without_metadata_is_published_unchanged() {
    let avif = crate::imagegen::avif(false);
    let found = inspect(&avif, "avif").expect("inspect");
    assert!(found.metadata.is_empty() && found.geodata.is_empty() && found.texts.is_empty());
    let scrubbed = scrub(&avif, "avif").expect("scrub");
    assert_eq!(scrubbed.bytes, avif);
    assert!(scrubbed.removed.is_empty());
    for n in 0..avif.len() {
        assert!(!matches!(inspect(&avif[..n], "avif"), Err(ImageError::Unsupported { .. })), "prefix {n}");
    }
}

#[test]
fn raster_extensions_are_known() {
    for ext in ["jpg", "jpeg", "png", "webp", "gif", "avif", "tif", "tiff", "heic", "heif", "bmp"] {
        assert!(is_raster(ext), "{ext}");
    }
    assert!(!is_raster("svg") && !is_raster("pdf"));
}

#[test]
fn plain_images_have_no_metadata() {
    for (bytes, ext) in [
        (crate::imagegen::plain_jpeg(), "jpg"),
        (crate::imagegen::plain_png(), "png"),
        (crate::imagegen::plain_webp(), "webp"),
        (crate::imagegen::plain_gif(), "gif"),
    ] {
        let found = inspect(&bytes, ext).expect("inspect");
        assert!(found.metadata.is_empty(), "{ext}: {:?}", found.metadata);
        assert_eq!(scrub(&bytes, ext).expect("scrub").removed, Vec::<String>::new(), "{ext}");
    }
}

/// Writes every fixture, source and scrubbed, to `$IMAGEGEN_DUMP` for looking at by hand
/// (`IMAGEGEN_DUMP=/tmp/fx cargo test --test images -- --ignored dump`).
#[test]
#[ignore = "a tool, not a check"]
fn dump_fixtures() {
    let Some(dir) = std::env::var_os("IMAGEGEN_DUMP") else { return };
    let dir = Path::new(&dir);
    std::fs::create_dir_all(dir).expect("dump dir");
    for f in crate::imagegen::planted() {
        std::fs::write(dir.join(format!("{}.{}", f.name, f.ext)), &f.bytes).expect("write");
        let scrubbed = scrub(&f.bytes, f.ext).expect("scrub");
        std::fs::write(dir.join(format!("{}.scrubbed.{}", f.name, f.ext)), &scrubbed.bytes).expect("write");
    }
    std::fs::write(dir.join("avif-exif.avif"), crate::imagegen::avif(true)).expect("write");
}
