//! PNG: a chunk walk with length and CRC checks.
//!
//! Takes PNG bytes; [`inspect`] decodes the text chunks (tEXt, zTXt, iTXt, compressed or
//! not), XMP carried in iTXt, and the eXIf chunk; [`scrub`] keeps an allow-list of chunks a
//! browser uses to draw the image and copies them verbatim (CRCs included), so the image
//! data cannot change.

use std::io::Read;

use flate2::read::ZlibDecoder;

use super::{Collector, ImageError, Scrubbed, be32, exif, note, unreadable, xmp};

const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Chunks needed to draw the image (colour, transparency, animation, HDR signalling).
const KEEP: &[&[u8; 4]] = &[
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"pHYs", b"bKGD", b"acTL", b"fcTL", b"fdAT",
    b"cICP", b"mDCv", b"cLLi",
];

/// A decompressed text chunk larger than this is a zip bomb, not a caption.
const MAX_TEXT: u64 = 8 << 20;

struct Chunk<'a> {
    kind: [u8; 4],
    data: &'a [u8],
    /// The whole chunk: length, type, data and CRC.
    raw: &'a [u8],
}

struct Walk<'a> {
    chunks: Vec<Chunk<'a>>,
    trailing: usize,
}

fn walk(d: &[u8]) -> Result<Walk<'_>, ImageError> {
    if !d.starts_with(SIGNATURE) {
        return Err(unreadable("not a PNG: bad signature at byte 0"));
    }
    let mut chunks = Vec::new();
    let mut pos = SIGNATURE.len();
    loop {
        let Some(len) = be32(d, pos) else {
            return Err(unreadable(format!("truncated PNG: ends at byte {pos} without an IEND chunk")));
        };
        let len = usize::try_from(len)
            .ok()
            .filter(|&l| l <= 0x7FFF_FFFF)
            .ok_or_else(|| unreadable(format!("corrupt PNG: impossible chunk length at byte {pos}")))?;
        let Some(kind) = d.get(pos + 4..pos + 8) else {
            return Err(unreadable(format!("truncated PNG: chunk at byte {pos} is cut off")));
        };
        let kind: [u8; 4] = [kind[0], kind[1], kind[2], kind[3]];
        if !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(unreadable(format!("corrupt PNG: chunk at byte {pos} has an invalid type")));
        }
        let name = String::from_utf8_lossy(&kind).into_owned();
        let end = pos + 12 + len;
        let (Some(raw), Some(data), Some(crc)) = (d.get(pos..end), d.get(pos + 8..pos + 8 + len), be32(d, pos + 8 + len)) else {
            return Err(unreadable(format!(
                "truncated PNG: {name} chunk at byte {pos} claims {len} bytes but the file ends at byte {}",
                d.len()
            )));
        };
        let mut check = flate2::Crc::new();
        check.update(&kind);
        check.update(data);
        if check.sum() != crc {
            return Err(unreadable(format!("corrupt PNG: {name} chunk at byte {pos} fails its CRC check")));
        }
        if chunks.is_empty() && &kind != b"IHDR" {
            return Err(unreadable(format!("corrupt PNG: first chunk at byte {pos} is {name}, not IHDR")));
        }
        chunks.push(Chunk { kind, data, raw });
        pos = end;
        if &kind == b"IEND" {
            if !chunks.iter().any(|c| &c.kind == b"IDAT") {
                return Err(unreadable("corrupt PNG: no image data (IDAT)"));
            }
            return Ok(Walk { chunks, trailing: d.len() - pos });
        }
    }
}

pub fn inspect(d: &[u8], out: &mut Collector) -> Result<(), ImageError> {
    let walk = walk(d)?;
    for chunk in &walk.chunks {
        if KEEP.contains(&&chunk.kind) || (&chunk.kind == b"eXIf" && !exif::inspect(chunk.data, &mut Collector::default()).meaningful) {
            // An eXIf holding nothing but the image's orientation is kept: it is how a
            // portrait photo stays upright.
            continue;
        }
        let name = String::from_utf8_lossy(&chunk.kind).into_owned();
        out.kind(&name);
        match &chunk.kind {
            b"tEXt" | b"zTXt" | b"iTXt" => inspect_text(&chunk.kind, chunk.data, out),
            b"eXIf" => {
                exif::inspect(chunk.data, out);
            }
            _ => {}
        }
    }
    if walk.trailing > 0 {
        out.kind("data after end of image");
    }
    Ok(())
}

fn inspect_text(kind: &[u8; 4], d: &[u8], out: &mut Collector) {
    let Some(nul) = d.iter().position(|&b| b == 0) else { return };
    let keyword = latin1(d.get(..nul).unwrap_or_default());
    let rest = d.get(nul + 1..).unwrap_or_default();
    let text: Option<Vec<u8>> = match kind {
        b"tEXt" => Some(rest.to_vec()),
        // Compression method byte, then zlib data.
        b"zTXt" => inflate(rest.get(1..).unwrap_or_default()),
        _ => {
            // Compression flag, method, language tag\0, translated keyword\0, text.
            let compressed = rest.first() == Some(&1);
            let mut fields = rest.get(2..).unwrap_or_default().splitn(3, |&b| b == 0);
            let (_lang, translated, body) = (fields.next(), fields.next(), fields.next().unwrap_or_default());
            if let Some(t) = translated {
                out.text(&format!("PNG iTXt {keyword} (translated keyword)"), &String::from_utf8_lossy(t), false);
            }
            if compressed { inflate(body) } else { Some(body.to_vec()) }
        }
    };
    let Some(text) = text else { return };
    // ImageMagick and exiftool store XMP and hex-encoded EXIF under these keywords.
    if keyword == "XML:com.adobe.xmp" {
        out.kind("XMP");
        xmp::inspect(&text, out);
        return;
    }
    if keyword.starts_with("Raw profile type")
        && let Some(raw) = raw_profile(&text)
    {
        if keyword.ends_with("exif") || keyword.ends_with("APP1") {
            let tiff = raw.strip_prefix(b"Exif\0\0").unwrap_or(&raw);
            out.kind("EXIF");
            exif::inspect(tiff, out);
        } else if keyword.ends_with("xmp") {
            out.kind("XMP");
            xmp::inspect(&raw, out);
        } else if keyword.ends_with("iptc") {
            out.kind("IPTC");
            super::iptc::inspect_irb(&raw, out);
            super::iptc::inspect_iim(&raw, out);
        }
        return;
    }
    let decoded = if kind == b"iTXt" { String::from_utf8_lossy(&text).into_owned() } else { latin1(&text) };
    let name = String::from_utf8_lossy(kind);
    out.text(&format!("PNG {name} {keyword}"), &decoded, keyword.eq_ignore_ascii_case("keywords"));
}

fn latin1(b: &[u8]) -> String {
    b.iter().map(|&c| char::from(c)).collect()
}

fn inflate(z: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    ZlibDecoder::new(z).take(MAX_TEXT).read_to_end(&mut out).ok()?;
    Some(out)
}

/// ImageMagick's "Raw profile type ..." text: "\nname\n   length\nhex digits...".
fn raw_profile(text: &[u8]) -> Option<Vec<u8>> {
    let s = std::str::from_utf8(text).ok()?;
    let mut lines = s.trim_start().splitn(3, '\n');
    let _name = lines.next()?;
    let len: usize = lines.next()?.trim().parse().ok()?;
    let hex: Vec<u8> = lines.next()?.bytes().filter(u8::is_ascii_hexdigit).collect();
    let bytes: Vec<u8> = hex.chunks_exact(2).filter_map(|p| u8::from_str_radix(std::str::from_utf8(p).ok()?, 16).ok()).take(len).collect();
    Some(bytes)
}

pub fn scrub(d: &[u8]) -> Result<Scrubbed, ImageError> {
    let walk = walk(d)?;
    let mut bytes = SIGNATURE.to_vec();
    let mut removed = Vec::new();
    for chunk in &walk.chunks {
        if KEEP.contains(&&chunk.kind) {
            bytes.extend_from_slice(chunk.raw);
        } else {
            let name = String::from_utf8_lossy(&chunk.kind).into_owned();
            let mut scratch = Collector::default();
            let summary = (&chunk.kind == b"eXIf").then(|| exif::inspect(chunk.data, &mut scratch));
            // The orientation is all an eXIf keeps: without it a portrait photo turns
            // ninety degrees in viewers that honour it.
            if let Some(turned) = summary.and_then(|_| exif::orientation(chunk.data)).filter(|o| *o != 1) {
                bytes.extend_from_slice(&make_chunk(b"eXIf", &exif::orientation_only(turned)[6..]));
            }
            if summary.is_some_and(|s| !s.meaningful) {
                continue;
            }
            if summary.is_some_and(|s| s.gps) {
                note(&mut removed, "eXIf (with GPS)".into());
            } else {
                note(&mut removed, name);
            }
        }
    }
    if walk.trailing > 0 {
        removed.push(format!("{} bytes after end of image", walk.trailing));
    }
    Ok(Scrubbed { bytes, removed })
}

/// A whole chunk: length, type, data and CRC.
fn make_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = u32::try_from(data.len()).unwrap_or(u32::MAX).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.sum().to_be_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        make_chunk(kind, data)
    }

    fn sample() -> Vec<u8> {
        [
            SIGNATURE.to_vec(),
            chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]),
            chunk(b"tEXt", b"Author\0Zo\xEB Thornbury"),
            chunk(b"iTXt", b"Keywords\0\0\0en\0\0Amelia"),
            chunk(b"IDAT", &[0x78, 0x9C, 0x63, 0, 0, 0, 1, 0, 1]),
            chunk(b"IEND", &[]),
            b"junk".to_vec(),
        ]
        .concat()
    }

    #[test]
    fn reads_and_drops_text() {
        let d = sample();
        let mut out = Collector::default();
        inspect(&d, &mut out).unwrap();
        assert_eq!(out.texts[0].text, "Zoë Thornbury");
        assert!(out.texts[1].person_tag);
        let s = scrub(&d).unwrap();
        assert_eq!(s.removed, vec!["tEXt".to_string(), "iTXt".to_string(), "4 bytes after end of image".to_string()]);
        let mut again = Collector::default();
        inspect(&s.bytes, &mut again).unwrap();
        assert!(again.metadata.is_empty() && again.texts.is_empty());
    }

    #[test]
    fn bad_crc_is_unreadable() {
        let mut d = sample();
        let last = d.len() - 5;
        d[last] ^= 1;
        assert!(scrub(&d).is_err_and(|e| e.to_string().contains("CRC")));
    }

    #[test]
    fn every_prefix_is_ok_or_unreadable() {
        let d = sample();
        for n in 0..d.len() {
            let mut out = Collector::default();
            assert_eq!(inspect(&d[..n], &mut out).is_ok(), n >= d.len() - 4, "prefix {n}");
            let _ = scrub(&d[..n]);
        }
    }
}
