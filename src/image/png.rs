//! PNG: a chunk walk with length and CRC checks.
//!
//! Takes PNG bytes; [`inspect`] decodes the text chunks (tEXt, zTXt, iTXt, compressed or
//! not), XMP carried in iTXt, and the eXIf chunk; [`scrub`] keeps an allow-list of chunks a
//! browser uses to draw the image and copies them verbatim (CRCs included), so the image
//! data cannot change.

use std::io::Read;

use flate2::read::ZlibDecoder;

use flate2::Compression;
use flate2::write::ZlibEncoder;

use super::{Collector, ImageError, Scrubbed, be32, exif, icc, note, unreadable, xmp};

const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Chunks needed to draw the image (colour, transparency, animation, HDR signalling).
const KEEP: &[&[u8; 4]] = &[
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"sBIT", b"pHYs", b"bKGD", b"acTL", b"fcTL", b"fdAT", b"cICP",
    b"mDCv", b"cLLi",
];

/// A decompressed text chunk larger than this is a zip bomb, not a caption.
const MAX_TEXT: u64 = 8 << 20;

/// What the colour profile is called in a scrubbed copy: the name in an `iCCP` chunk is
/// free text, and nothing draws with it.
const PROFILE_NAME: &[u8] = b"ICC profile";

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
        if &chunk.kind == b"iCCP" {
            inspect_profile(chunk.data, out);
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

/// An `iCCP` chunk: the profile's name, NUL, compression method, then the zlib profile.
fn profile(d: &[u8]) -> Option<(&[u8], Vec<u8>)> {
    let nul = d.iter().position(|&b| b == 0)?;
    Some((d.get(..nul)?, inflate(d.get(nul + 2..)?)?))
}

fn inspect_profile(d: &[u8], out: &mut Collector) {
    let Some((name, profile)) = profile(d) else { return };
    if name != PROFILE_NAME {
        out.text("PNG iCCP profile name", &latin1(name), false);
    }
    icc::inspect(&profile, "PNG ICC profile", out);
}

/// The `iCCP` chunk with a neutral name and the profile's texts blanked (`None` when it
/// holds neither, and stays as it is); an unreadable profile is an error, and is dropped
/// (the image then draws in sRGB).
fn scrub_profile(d: &[u8]) -> Result<Option<Vec<u8>>, ()> {
    let (name, profile) = profile(d).ok_or(())?;
    let mut texts = Collector::default();
    icc::inspect(&profile, "", &mut texts);
    if name == PROFILE_NAME && texts.texts.is_empty() {
        return Ok(None);
    }
    let mut encoder = ZlibEncoder::new([PROFILE_NAME, b"\0\0"].concat(), Compression::default());
    std::io::Write::write_all(&mut encoder, &icc::blank(&profile)).map_err(drop)?;
    let data = encoder.finish().map_err(drop)?;
    Ok(Some(make_chunk(b"iCCP", &data)))
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
    check_image_data(&walk)?;
    let mut bytes = SIGNATURE.to_vec();
    let mut removed = Vec::new();
    for chunk in &walk.chunks {
        if KEEP.contains(&&chunk.kind) {
            bytes.extend_from_slice(chunk.raw);
        } else if &chunk.kind == b"iCCP" {
            match scrub_profile(chunk.data) {
                Ok(Some(rewritten)) => {
                    note(&mut removed, "iCCP profile name and texts".into());
                    bytes.extend_from_slice(&rewritten);
                }
                Ok(None) => bytes.extend_from_slice(chunk.raw),
                Err(()) => note(&mut removed, "iCCP (unreadable)".into()),
            }
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

/// Checks what a decoder checks before it draws: a header that makes sense, a palette
/// where one is needed, and image data that inflates, checksum included, to the size the
/// header promises. A file that fails here shows as a broken image, or not at all.
fn check_image_data(walk: &Walk<'_>) -> Result<(), ImageError> {
    let header = walk.chunks.first().map(|c| c.data).unwrap_or_default();
    let [w0, w1, w2, w3, h0, h1, h2, h3, depth, colour, compression, filter, interlace] = *header else {
        return Err(unreadable(format!("corrupt PNG: the IHDR chunk is {} bytes, not 13", header.len())));
    };
    let (width, height) = (u32::from_be_bytes([w0, w1, w2, w3]), u32::from_be_bytes([h0, h1, h2, h3]));
    if width == 0 || height == 0 || width > 0x7FFF_FFFF || height > 0x7FFF_FFFF {
        return Err(unreadable(format!("corrupt PNG: the header says {width} by {height} pixels")));
    }
    let channels: u64 = match (colour, depth) {
        (0, 1 | 2 | 4 | 8 | 16) | (3, 1 | 2 | 4 | 8) => 1,
        (4, 8 | 16) => 2,
        (2, 8 | 16) => 3,
        (6, 8 | 16) => 4,
        _ => return Err(unreadable(format!("corrupt PNG: colour type {colour} with bit depth {depth} is not a kind of PNG"))),
    };
    if compression != 0 || filter != 0 || interlace > 1 {
        return Err(unreadable("corrupt PNG: the header names a compression, filter or interlace method PNG does not have"));
    }
    if colour == 3 && !walk.chunks.iter().any(|c| &c.kind == b"PLTE") {
        return Err(unreadable("corrupt PNG: a palette image without its palette (PLTE)"));
    }
    let bits = channels * u64::from(depth);
    let rows = |w: u64, h: u64| if w == 0 || h == 0 { 0 } else { h * (1 + (w * bits).div_ceil(8)) };
    let (w, h) = (u64::from(width), u64::from(height));
    let expected = if interlace == 0 {
        rows(w, h)
    } else {
        // Adam7: seven passes, each a sub-image with its own rows.
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
            .iter()
            .map(|&(x, y, dx, dy)| rows((w + dx - 1 - x) / dx, (h + dy - 1 - y) / dy))
            .sum()
    };
    let data: Vec<u8> = walk.chunks.iter().filter(|c| &c.kind == b"IDAT").flat_map(|c| c.data.iter().copied()).collect();
    // Read to the end, so the checksum is checked; a stream far longer than the image is a bomb.
    let mut decoder = flate2::bufread::ZlibDecoder::new(data.as_slice()).take(expected.saturating_add(1));
    let inflated = std::io::copy(&mut decoder, &mut std::io::sink())
        .map_err(|err| unreadable(format!("corrupt PNG: the image data does not decompress ({err})")))?;
    if inflated < expected {
        return Err(unreadable(format!("corrupt PNG: the image data ends early ({inflated} of {expected} bytes)")));
    }
    // Bytes the picture does not use, packed or after the packed data, are kept verbatim
    // by stripping, so anything could hide there: no encoder writes them.
    let mut decoder = decoder.into_inner();
    let more = std::io::copy(&mut (&mut decoder).take(1), &mut std::io::sink()).unwrap_or(1);
    let used = usize::try_from(decoder.total_in()).unwrap_or(usize::MAX);
    if inflated > expected || more > 0 || used < data.len() {
        return Err(unreadable("the image data holds more than the picture (hidden data): export the image again"));
    }
    Ok(())
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

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
        std::io::Write::write_all(&mut encoder, data).unwrap();
        encoder.finish().unwrap()
    }

    /// A one-pixel grey PNG with the given header fields and image data.
    fn image(header: [u8; 13], idat: &[u8], extra: &[Vec<u8>]) -> Vec<u8> {
        [&[SIGNATURE.to_vec(), chunk(b"IHDR", &header)], extra, &[chunk(b"IDAT", idat), chunk(b"IEND", &[])]].concat().concat()
    }

    const GREY: [u8; 13] = [0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0];

    fn sample() -> Vec<u8> {
        let texts = [chunk(b"tEXt", b"Author\0Zo\xEB Thornbury"), chunk(b"iTXt", b"Keywords\0\0\0en\0\0Amelia")];
        [image(GREY, &zlib(&[0, 0]), &texts), b"junk".to_vec()].concat()
    }

    #[test]
    fn files_no_decoder_can_draw_are_unreadable() {
        let refused = |d: Vec<u8>, why: &str| {
            let err = scrub(&d).unwrap_err().to_string();
            assert!(err.contains(why), "{err}");
        };
        // As in the PNG suite's xc1n0g08 (colour type 1) and xd0n2c08 (bit depth 0).
        refused(image([0, 0, 0, 1, 0, 0, 0, 1, 8, 1, 0, 0, 0], &zlib(&[0, 0]), &[]), "colour type 1 with bit depth 8");
        refused(image([0, 0, 0, 1, 0, 0, 0, 1, 0, 2, 0, 0, 0], &zlib(&[0, 0]), &[]), "bit depth 0");
        refused(image([0, 0, 0, 0, 0, 0, 0, 1, 8, 0, 0, 0, 0], &zlib(&[0]), &[]), "0 by 1 pixels");
        refused(image([0, 0, 0, 1, 0, 0, 0, 1, 8, 3, 0, 0, 0], &zlib(&[0, 0]), &[]), "without its palette");
        // As in xcsn0g01: the image data's own checksum is wrong.
        let mut bad_sum = zlib(&[0, 0]);
        *bad_sum.last_mut().unwrap() ^= 1;
        refused(image(GREY, &bad_sum, &[]), "does not decompress");
        refused(image(GREY, &zlib(&[0]), &[]), "ends early (1 of 2 bytes)");
        refused(image(GREY, b"not zlib", &[]), "does not decompress");
        // Bytes a decoder never uses would be published verbatim: refused.
        refused(image(GREY, &[zlib(&[0, 0]), b"Amelia Thornbury".to_vec()].concat(), &[]), "hidden data");
        refused(image(GREY, &zlib(b"\0\0Amelia Thornbury"), &[]), "hidden data");
        // Interlaced 3x3 RGB: passes 1, 4, 5, 6 and 7 hold 1, 1, 2, 1 (twice) and 3 pixels a row.
        let interlaced = [0, 0, 0, 3, 0, 0, 0, 3, 8, 2, 0, 0, 1];
        let needed = (1 + 3) + (1 + 3) + (1 + 6) + 2 * (1 + 3) + (1 + 9);
        assert!(scrub(&image(interlaced, &zlib(&vec![0; needed]), &[])).is_ok());
        refused(image(interlaced, &zlib(&vec![0; needed - 1]), &[]), "ends early");
    }

    #[test]
    fn colour_profile_keeps_its_colours_and_loses_its_words() {
        let named = [b"Amelia Thornbury\0\0".as_slice(), &zlib(&icc::tests::profile("Amelia Thornbury's phone"))].concat();
        let d = image(GREY, &zlib(&[0, 0]), &[chunk(b"iCCP", &named)]);
        let mut out = Collector::default();
        inspect(&d, &mut out).unwrap();
        let texts: Vec<&str> = out.texts.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts[..2], ["Amelia Thornbury", "Amelia Thornbury's phone"]);
        let s = scrub(&d).unwrap();
        assert_eq!(s.removed, ["iCCP profile name and texts"]);
        let mut again = Collector::default();
        inspect(&s.bytes, &mut again).unwrap();
        assert!(again.texts.is_empty() && again.metadata.is_empty(), "{again:?}");
        let kept = walk(&s.bytes).unwrap().chunks.into_iter().find(|c| &c.kind == b"iCCP").unwrap();
        let (name, profile) = super::profile(kept.data).unwrap();
        assert_eq!((name, profile.len()), (PROFILE_NAME, icc::tests::profile("Amelia Thornbury's phone").len()));
        assert_eq!(scrub(&s.bytes).unwrap().bytes, s.bytes, "a clean profile is copied as it is");
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
