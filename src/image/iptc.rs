//! IPTC: Photoshop image resource blocks (JPEG APP13 "Photoshop 3.0") and the IPTC IIM
//! records inside resource 0x0404.
//!
//! Takes the resource or IIM bytes and a [`Collector`]; reports each text dataset of record 2
//! (keywords as person tags, caption, by-line, city...) decoded as UTF-8 when record 1:90
//! declares it (ESC % G) or the bytes are valid UTF-8, else as Latin-1, which is what older
//! tools wrote. EXIF and XMP that Photoshop tucks into resources are handed on too.

use super::{Collector, be16, be32, decode_text};

/// Record-2 datasets that hold numbers, dates or codes rather than words people write.
const NOT_TEXT: &[u8] = &[0, 10, 30, 35, 37, 38, 55, 60, 62, 63, 70, 75, 125, 130, 131, 135, 150, 200, 201, 202];

fn dataset_name(ds: u8) -> &'static str {
    match ds {
        5 => "ObjectName",
        15 => "Category",
        20 => "SupplementalCategories",
        25 => "Keywords",
        40 => "SpecialInstructions",
        80 => "By-line",
        85 => "By-lineTitle",
        90 => "City",
        92 => "Sub-location",
        95 => "Province-State",
        101 => "Country",
        105 => "Headline",
        110 => "Credit",
        115 => "Source",
        116 => "CopyrightNotice",
        118 => "Contact",
        120 => "Caption-Abstract",
        122 => "Writer-Editor",
        _ => "dataset",
    }
}

/// Walks Photoshop image resources ("8BIM", id, Pascal name, size, data, each padded to even).
pub(crate) fn inspect_irb(d: &[u8], out: &mut Collector) {
    out.kind("Photoshop IRB");
    let mut pos = 0usize;
    while let Some(sig) = d.get(pos..pos + 4) {
        if !matches!(sig, b"8BIM" | b"PHUT" | b"AgHg" | b"DCSR" | b"MeSa") {
            return;
        }
        let Some(id) = be16(d, pos + 4) else { return };
        let Some(&name_len) = d.get(pos + 6) else { return };
        // The Pascal name (length byte included) is padded to an even length.
        let name_total = (usize::from(name_len) + 2) & !1;
        let size_at = pos + 6 + name_total;
        let Some(size) = be32(d, size_at).and_then(|s| usize::try_from(s).ok()) else { return };
        let start = size_at + 4;
        let Some(data) = start.checked_add(size).and_then(|end| d.get(start..end)) else { return };
        match id {
            0x0404 => {
                out.kind("IPTC");
                inspect_iim(data, out);
            }
            0x0422 => {
                out.kind("EXIF");
                out.deeper(|out| {
                    super::exif::inspect(data, out);
                });
            }
            0x0424 => {
                out.kind("XMP");
                super::xmp::inspect(data, out);
            }
            0x03F0 => {
                // The old Photoshop caption: a Pascal string.
                let len = data.first().map_or(0, |&n| usize::from(n));
                if let Some(text) = data.get(1..1 + len) {
                    out.text("Photoshop caption", &decode_text(text), false);
                }
            }
            _ => {}
        }
        pos = start.saturating_add(size).saturating_add(size & 1);
    }
}

/// Reports the text datasets of IPTC IIM records.
pub(crate) fn inspect_iim(d: &[u8], out: &mut Collector) {
    let records = records(d);
    let utf8 = records.iter().any(|&(rec, ds, v)| rec == 1 && ds == 90 && v.windows(3).any(|w| w == b"\x1b%G"));
    for &(rec, ds, v) in &records {
        if rec != 2 || NOT_TEXT.contains(&ds) {
            continue;
        }
        let text = if utf8 { String::from_utf8_lossy(v).into_owned() } else { decode_text(v) };
        let source = format!("IPTC {} (2:{ds})", dataset_name(ds));
        // City, sub-location, province or state, and country: a named place.
        if matches!(ds, 90 | 92 | 95 | 101) && !text.trim().is_empty() {
            out.geo(&source);
        }
        out.text(&source, &text, ds == 25);
    }
}

/// Splits IIM into (record, dataset, value); stops at the first thing that is not a tag.
fn records(d: &[u8]) -> Vec<(u8, u8, &[u8])> {
    let mut found = Vec::new();
    let mut pos = 0usize;
    loop {
        // Writers pad with NULs between and after records.
        while d.get(pos) == Some(&0) {
            pos += 1;
        }
        if d.get(pos) != Some(&0x1C) {
            return found;
        }
        let (Some(&rec), Some(&ds), Some(len)) = (d.get(pos + 1), d.get(pos + 2), be16(d, pos + 3)) else { return found };
        let mut start = pos + 5;
        let len = if len & 0x8000 != 0 {
            // Extended dataset: the low bits say how many bytes the real length takes.
            let n = usize::from(len & 0x7FFF);
            if n == 0 || n > 4 {
                return found;
            }
            let Some(bytes) = d.get(start..start + n) else { return found };
            start += n;
            bytes.iter().fold(0usize, |acc, &b| (acc << 8) | usize::from(b))
        } else {
            usize::from(len)
        };
        let Some(v) = start.checked_add(len).and_then(|end| d.get(start..end)) else { return found };
        found.push((rec, ds, v));
        pos = start + len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dataset(rec: u8, ds: u8, v: &[u8]) -> Vec<u8> {
        let mut d = vec![0x1C, rec, ds];
        d.extend_from_slice(&u16::try_from(v.len()).unwrap().to_be_bytes());
        d.extend_from_slice(v);
        d
    }

    fn irb(iim: &[u8]) -> Vec<u8> {
        let mut d = b"8BIM\x04\x04\0\0".to_vec();
        d.extend_from_slice(&u32::try_from(iim.len()).unwrap().to_be_bytes());
        d.extend_from_slice(iim);
        if iim.len() % 2 == 1 {
            d.push(0);
        }
        d
    }

    #[test]
    fn latin1_keywords() {
        let iim = [dataset(2, 25, b"Zo\xEB Thornbury"), dataset(2, 120, b"Sports day")].concat();
        let mut out = Collector::default();
        inspect_irb(&irb(&iim), &mut out);
        assert_eq!(out.texts[0].text, "Zoë Thornbury");
        assert!(out.texts[0].person_tag);
        assert_eq!(out.texts[1].source, "IPTC Caption-Abstract (2:120)");
        assert!(out.metadata.contains(&"IPTC".to_string()));
    }

    #[test]
    fn a_named_place_is_a_location() {
        let iim = [dataset(2, 90, b"Exampleton"), dataset(2, 92, b"12 Mill Lane"), dataset(2, 120, b"Sports day")].concat();
        let mut out = Collector::default();
        inspect_iim(&iim, &mut out);
        assert_eq!(out.geodata, ["IPTC City (2:90)", "IPTC Sub-location (2:92)"]);
    }

    #[test]
    fn utf8_declared() {
        let iim = [dataset(1, 90, b"\x1b%G"), dataset(2, 25, "Zoë".as_bytes())].concat();
        let mut out = Collector::default();
        inspect_iim(&iim, &mut out);
        assert_eq!(out.texts[0].text, "Zoë");
    }

    #[test]
    fn every_prefix_is_safe() {
        let d = irb(&[dataset(1, 90, b"\x1b%G"), dataset(2, 25, b"Amelia")].concat());
        for n in 0..=d.len() {
            let mut out = Collector::default();
            inspect_irb(&d[..n], &mut out);
        }
    }
}
