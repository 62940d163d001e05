//! WebP: a walk over the RIFF chunks.
//!
//! Takes WebP bytes; [`inspect`] reads the EXIF and XMP chunks; [`scrub`] keeps the chunks
//! that carry the image (VP8, VP8L, VP8X, ALPH, ANIM, ANMF) verbatim, the colour profile
//! (ICCP) with its texts blanked, and an EXIF chunk holding only the orientation when the
//! photo is turned; it sets the VP8X flags to match and rewrites the RIFF size.

use super::{Collector, ImageError, Scrubbed, exif, icc, le32, note, unreadable, xmp};

const KEEP: &[&[u8; 4]] = &[b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ANIM", b"ANMF"];
/// VP8X flag bits for "has EXIF" and "has XMP".
const EXIF_FLAG: u8 = 0x08;
const XMP_FLAG: u8 = 0x04;

struct Chunk<'a> {
    kind: [u8; 4],
    data: &'a [u8],
}

struct Walk<'a> {
    chunks: Vec<Chunk<'a>>,
    trailing: usize,
}

fn walk(d: &[u8]) -> Result<Walk<'_>, ImageError> {
    if !d.starts_with(b"RIFF") || d.get(8..12) != Some(b"WEBP".as_slice()) {
        return Err(unreadable("not a WebP: no RIFF/WEBP header at byte 0"));
    }
    let riff = le32(d, 4).and_then(|n| usize::try_from(n).ok()).ok_or_else(|| unreadable("truncated WebP: header cut off"))?;
    let end = riff.checked_add(8).filter(|&e| e <= d.len()).ok_or_else(|| {
        unreadable(format!("truncated WebP: the RIFF header at byte 4 claims {riff} bytes but the file ends at byte {}", d.len()))
    })?;
    let mut chunks = Vec::new();
    let mut pos = 12usize;
    while pos < end {
        let (Some(kind), Some(size)) = (d.get(pos..pos + 4), le32(d, pos + 4)) else {
            return Err(unreadable(format!("truncated WebP: chunk header at byte {pos} is cut off")));
        };
        let size = usize::try_from(size).unwrap_or(usize::MAX);
        let Some(data) = size.checked_add(pos + 8).filter(|&e| e <= end).and_then(|e| d.get(pos + 8..e)) else {
            return Err(unreadable(format!("truncated WebP: chunk at byte {pos} claims {size} bytes but the image ends at byte {end}")));
        };
        chunks.push(Chunk { kind: [kind[0], kind[1], kind[2], kind[3]], data });
        // Chunks are padded to an even size; a missing final pad byte is tolerated.
        pos = pos + 8 + size + (size & 1);
    }
    let image = chunks.iter().any(|c| matches!(&c.kind, b"VP8 " | b"VP8L" | b"ANMF"));
    if !image {
        return Err(unreadable("corrupt WebP: no image data (VP8, VP8L or ANMF chunk)"));
    }
    Ok(Walk { chunks, trailing: d.len() - end })
}

pub fn inspect(d: &[u8], out: &mut Collector) -> Result<(), ImageError> {
    let walk = walk(d)?;
    for chunk in &walk.chunks {
        match &chunk.kind {
            b"EXIF" => {
                // An EXIF chunk holding only the orientation is what scrubbing keeps.
                if exif::inspect(tiff(chunk.data), out).meaningful {
                    out.kind("EXIF");
                }
            }
            b"ICCP" => icc::inspect(chunk.data, "WebP ICC profile", out),
            b"XMP " => {
                out.kind("XMP");
                xmp::inspect(chunk.data, out);
            }
            b"VP8X" => {
                let has_exif = walk.chunks.iter().any(|c| &c.kind == b"EXIF");
                if chunk.data.first().is_some_and(|f| f & XMP_FLAG != 0 || (f & EXIF_FLAG != 0 && !has_exif)) {
                    out.kind("VP8X metadata flags");
                }
            }
            kind if KEEP.contains(&kind) => {}
            kind => out.kind(String::from_utf8_lossy(kind).trim_end()),
        }
    }
    if walk.trailing > 0 {
        out.kind("data after end of image");
    }
    Ok(())
}

/// The TIFF inside an EXIF chunk: some writers keep the JPEG "Exif\0\0" prefix.
fn tiff(exif: &[u8]) -> &[u8] {
    exif.strip_prefix(b"Exif\0\0").unwrap_or(exif)
}

pub fn scrub(d: &[u8]) -> Result<Scrubbed, ImageError> {
    let walk = walk(d)?;
    let mut bytes = b"RIFF\0\0\0\0WEBP".to_vec();
    let mut removed = Vec::new();
    // The orientation is all an EXIF chunk keeps: without it a portrait photo turns ninety
    // degrees in viewers that honour it. The extended format (VP8X) is needed to carry it.
    let has_vp8x = walk.chunks.iter().any(|c| &c.kind == b"VP8X");
    let turned =
        walk.chunks.iter().filter(|c| &c.kind == b"EXIF").find_map(|c| exif::orientation(tiff(c.data))).filter(|&o| o != 1 && has_vp8x);
    let mut chunks: Vec<([u8; 4], Vec<u8>)> = Vec::new();
    for chunk in &walk.chunks {
        if &chunk.kind == b"ICCP" {
            let blanked = icc::blank(chunk.data);
            let mut texts = Collector::default();
            icc::inspect(chunk.data, "", &mut texts);
            if !texts.texts.is_empty() {
                note(&mut removed, "ICCP profile texts".into());
            }
            chunks.push((chunk.kind, blanked));
            continue;
        }
        if !KEEP.contains(&&chunk.kind) {
            let mut scratch = Collector::default();
            let summary = (&chunk.kind == b"EXIF").then(|| exif::inspect(tiff(chunk.data), &mut scratch));
            if summary.is_some_and(|s| !s.meaningful) {
                continue;
            }
            let name = match &chunk.kind {
                b"EXIF" if summary.is_some_and(|s| s.gps) => "EXIF (with GPS)".into(),
                b"XMP " => "XMP".into(),
                kind => String::from_utf8_lossy(kind).trim_end().to_string(),
            };
            note(&mut removed, name);
            continue;
        }
        let mut data = chunk.data.to_vec();
        if &chunk.kind == b"VP8X"
            && let Some(flags) = data.first_mut()
        {
            *flags &= !(EXIF_FLAG | XMP_FLAG);
            if turned.is_some() {
                *flags |= EXIF_FLAG;
            }
        }
        chunks.push((chunk.kind, data));
    }
    // EXIF comes after the image data, as the format asks.
    if let Some(orientation) = turned {
        chunks.push((*b"EXIF", exif::orientation_only(orientation)[6..].to_vec()));
    }
    for (kind, data) in chunks {
        let size = u32::try_from(data.len()).map_err(|_| unreadable("WebP chunk too large"))?;
        bytes.extend_from_slice(&kind);
        bytes.extend_from_slice(&size.to_le_bytes());
        bytes.extend_from_slice(&data);
        if data.len() % 2 == 1 {
            bytes.push(0);
        }
    }
    let riff = u32::try_from(bytes.len() - 8).map_err(|_| unreadable("WebP too large"))?;
    bytes.splice(4..8, riff.to_le_bytes());
    if walk.trailing > 0 {
        removed.push(format!("{} bytes after end of image", walk.trailing));
    }
    Ok(Scrubbed { bytes, removed })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut v = kind.to_vec();
        v.extend_from_slice(&u32::try_from(data.len()).unwrap().to_le_bytes());
        v.extend_from_slice(data);
        if data.len() % 2 == 1 {
            v.push(0);
        }
        v
    }

    fn sample() -> Vec<u8> {
        let body = [
            b"WEBP".to_vec(),
            chunk(b"VP8X", &[EXIF_FLAG | XMP_FLAG, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            chunk(b"VP8L", &[0x2F, 0, 0, 0, 0]),
            chunk(b"XMP ", b"<dc:subject><rdf:li>Amelia</rdf:li></dc:subject>"),
        ]
        .concat();
        let mut d = b"RIFF".to_vec();
        d.extend_from_slice(&u32::try_from(body.len()).unwrap().to_le_bytes());
        d.extend_from_slice(&body);
        d
    }

    #[test]
    fn drops_xmp_and_clears_flags() {
        let d = sample();
        let mut out = Collector::default();
        inspect(&d, &mut out).unwrap();
        assert!(out.texts.iter().any(|t| t.text == "Amelia" && t.person_tag));
        let s = scrub(&d).unwrap();
        assert_eq!(s.removed, vec!["XMP".to_string()]);
        assert_eq!(s.bytes[20], 0);
        assert_eq!(le32(&s.bytes, 4), u32::try_from(s.bytes.len() - 8).ok());
        let mut again = Collector::default();
        inspect(&s.bytes, &mut again).unwrap();
        assert!(again.metadata.is_empty());
        assert_eq!(scrub(&s.bytes).unwrap().bytes, s.bytes);
    }

    #[test]
    fn a_turned_photo_stays_turned_and_its_profile_loses_its_words() {
        let body = [
            b"WEBP".to_vec(),
            chunk(b"VP8X", &[EXIF_FLAG | 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
            chunk(b"ICCP", &crate::image::icc::tests::profile("Amelia Thornbury")),
            chunk(b"VP8L", &[0x2F, 0, 0, 0, 0]),
            chunk(b"EXIF", &exif::orientation_only(6)[6..]),
        ]
        .concat();
        let d = [b"RIFF".as_slice(), &u32::try_from(body.len()).unwrap().to_le_bytes(), &body].concat();
        let mut out = Collector::default();
        inspect(&d, &mut out).unwrap();
        assert!(out.metadata.is_empty(), "an orientation alone is not metadata: {:?}", out.metadata);
        assert!(out.texts.iter().any(|t| t.text == "Amelia Thornbury"));
        let s = scrub(&d).unwrap();
        assert_eq!(s.removed, ["ICCP profile texts"]);
        let walked = walk(&s.bytes).unwrap();
        let exif = walked.chunks.iter().find(|c| &c.kind == b"EXIF").expect("the orientation is kept");
        assert_eq!(exif::orientation(exif.data), Some(6));
        assert_eq!(s.bytes[20] & EXIF_FLAG, EXIF_FLAG);
        assert_eq!(walked.chunks.last().map(|c| c.kind), Some(*b"EXIF"), "EXIF follows the image");
        let mut again = Collector::default();
        inspect(&s.bytes, &mut again).unwrap();
        assert!(again.metadata.is_empty() && again.texts.is_empty(), "{again:?}");
    }

    #[test]
    fn every_prefix_is_ok_or_unreadable() {
        let d = sample();
        for n in 0..d.len() {
            let mut out = Collector::default();
            assert!(inspect(&d[..n], &mut out).is_err(), "prefix {n}");
            assert!(scrub(&d[..n]).is_err());
        }
    }
}
