//! AVIF: a walk over the ISO-BMFF boxes (ftyp, meta with iinf, iloc and idat).
//!
//! Takes AVIF bytes; [`brand`] tells AVIF from HEIC by the ftyp brands, [`inspect`] finds
//! Exif and XMP items (and reads their data through iloc, best effort), and [`scrub`] passes
//! an AVIF without such items through unchanged. An AVIF with metadata items is refused:
//! removing an item means rewriting iloc offsets into mdat, and a mistake there silently
//! breaks the picture, so we ask for a re-export instead.

use std::ops::Range;

use super::{Collector, Format, ImageError, Magic, Scrubbed, be16, be32, exif, unreadable, xmp};

/// The uuid of an XMP box at the top level (as some writers add to ISO-BMFF files).
const XMP_UUID: &[u8] = b"\xBE\x7A\xCF\xCB\x97\xA9\x42\xE8\x9C\x71\x99\x94\x91\xE3\xAF\xAC";
/// Only a hostile file has more items than this.
const MAX_ITEMS: usize = 4096;
/// Real items have one extent, or a few; this bounds the work on a hostile iloc.
const MAX_EXTENTS: usize = 65_536;

/// Tells AVIF from HEIC (and from other ISO-BMFF files) by the ftyp box's brands.
pub(super) fn brand(d: &[u8]) -> Option<Magic> {
    let size = usize::try_from(be32(d, 0)?).ok()?.min(d.len());
    let brands: Vec<&[u8]> = d.get(8..size.max(12))?.chunks_exact(4).enumerate().filter(|(i, _)| *i != 1).map(|(_, b)| b).collect();
    if brands.iter().any(|b| *b == b"avif" || *b == b"avis") {
        Some(Magic::Known(Format::Avif))
    } else if brands.iter().any(|b| matches!(*b, b"heic" | b"heix" | b"heim" | b"heis" | b"hevc" | b"hevx" | b"mif1" | b"msf1" | b"mif2")) {
        Some(Magic::Heic)
    } else {
        None
    }
}

#[derive(Debug, Clone)]
struct Bx {
    kind: [u8; 4],
    body: Range<usize>,
}

/// The boxes inside `range` of `d`, in order.
fn children(d: &[u8], range: Range<usize>) -> Result<Vec<Bx>, ImageError> {
    let mut found = Vec::new();
    let mut pos = range.start;
    while pos < range.end {
        let (Some(size), Some(kind)) = (be32(d, pos), d.get(pos + 4..pos + 8)) else {
            return Err(unreadable(format!("truncated AVIF: box header at byte {pos} is cut off")));
        };
        let kind = [kind[0], kind[1], kind[2], kind[3]];
        let name = String::from_utf8_lossy(&kind).into_owned();
        let (header, size) = match size {
            0 => (8, range.end - pos),
            1 => {
                let Some(large) = be32(d, pos + 8).zip(be32(d, pos + 12)).map(|(hi, lo)| (u64::from(hi) << 32) | u64::from(lo)) else {
                    return Err(unreadable(format!("truncated AVIF: box {name} at byte {pos} is cut off")));
                };
                (16, usize::try_from(large).unwrap_or(usize::MAX))
            }
            n => (8, usize::try_from(n).unwrap_or(usize::MAX)),
        };
        let end = pos.checked_add(size).filter(|&e| size >= header && e <= range.end).ok_or_else(|| {
            unreadable(format!("truncated AVIF: box {name} at byte {pos} claims {size} bytes but its container ends at byte {}", range.end))
        })?;
        found.push(Bx { kind, body: pos + header..end });
        pos = end;
    }
    Ok(found)
}

/// An item declared in iinf.
struct Item {
    id: u32,
    kind: [u8; 4],
    content_type: String,
}

fn items(d: &[u8], iinf: &Bx) -> Result<Vec<Item>, ImageError> {
    let body = iinf.body.clone();
    let version = d.get(body.start).copied().unwrap_or(0);
    let first = body.start + if version == 0 { 6 } else { 8 };
    let mut found = Vec::new();
    for infe in children(d, first.min(body.end)..body.end)?.iter().filter(|b| &b.kind == b"infe").take(MAX_ITEMS) {
        let at = infe.body.start;
        let v = d.get(at).copied().unwrap_or(0);
        if v < 2 {
            continue;
        }
        let (id, after_id) = if v == 2 { (be16(d, at + 4).map(u32::from), at + 6) } else { (be32(d, at + 4), at + 8) };
        let Some(id) = id else { continue };
        let Some(kind) = d.get(after_id + 2..after_id + 6) else { continue };
        let kind = [kind[0], kind[1], kind[2], kind[3]];
        let strings = d.get(after_id + 6..infe.body.end).unwrap_or_default();
        let mut parts = strings.split(|&b| b == 0);
        let _name = parts.next();
        let content_type =
            if &kind == b"mime" { String::from_utf8_lossy(parts.next().unwrap_or_default()).into_owned() } else { String::new() };
        found.push(Item { id, kind, content_type });
    }
    Ok(found)
}

/// Reads an item's bytes through iloc; `None` when iloc is missing or odd (best effort).
fn item_data(d: &[u8], iloc: &Bx, idat: Option<&Bx>, wanted: u32) -> Option<Vec<u8>> {
    let mut pos = iloc.body.start;
    let version = *d.get(pos)?;
    let sizes = *d.get(pos + 4)?;
    let more = *d.get(pos + 5)?;
    let (offset_size, length_size, base_size) = (sizes >> 4, sizes & 0x0F, more >> 4);
    let index_size = if version >= 1 { more & 0x0F } else { 0 };
    pos += 6;
    let read = |at: usize, n: u8| -> Option<usize> {
        let bytes = d.get(at..at + usize::from(n))?;
        let v = bytes.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        usize::try_from(v).ok()
    };
    let count = if version < 2 {
        pos += 2;
        usize::from(be16(d, pos - 2)?)
    } else {
        pos += 4;
        usize::try_from(be32(d, pos - 4)?).ok()?
    };
    // Extents with zero-sized fields do not advance through iloc, so the total is bounded too.
    let mut budget = MAX_EXTENTS;
    for _ in 0..count.min(MAX_ITEMS) {
        let id = if version < 2 {
            pos += 2;
            u32::from(be16(d, pos - 2)?)
        } else {
            pos += 4;
            be32(d, pos - 4)?
        };
        let method = if version >= 1 {
            pos += 2;
            be16(d, pos - 2)? & 0x0F
        } else {
            0
        };
        pos += 2; // data reference index
        let base = read(pos, base_size)?;
        pos += usize::from(base_size);
        let extents = usize::from(be16(d, pos)?);
        pos += 2;
        let mut data = Vec::new();
        for _ in 0..extents {
            budget = budget.checked_sub(1)?;
            pos += usize::from(index_size);
            let offset = read(pos, offset_size)?;
            pos += usize::from(offset_size);
            let length = read(pos, length_size)?;
            pos += usize::from(length_size);
            if id == wanted {
                let origin = match method {
                    0 => 0,
                    1 => idat?.body.start,
                    _ => return None,
                };
                let start = origin.checked_add(base)?.checked_add(offset)?;
                let end = if length == 0 { d.len() } else { start.checked_add(length)? };
                data.extend_from_slice(d.get(start..end)?);
                // Extents may overlap; an item larger than the file is not real.
                if data.len() > d.len() {
                    return None;
                }
            }
        }
        if id == wanted {
            return Some(data);
        }
    }
    None
}

fn is_xmp_type(content_type: &str) -> bool {
    content_type.contains("rdf+xml") || content_type.contains("xmp")
}

pub fn inspect(d: &[u8], out: &mut Collector) -> Result<(), ImageError> {
    let top = children(d, 0..d.len())?;
    if top.first().map(|b| &b.kind) != Some(b"ftyp") {
        return Err(unreadable("corrupt AVIF: no ftyp box at byte 0"));
    }
    let Some(meta) = top.iter().find(|b| &b.kind == b"meta") else {
        return Err(unreadable("corrupt AVIF: no meta box"));
    };
    for uuid in top.iter().filter(|b| &b.kind == b"uuid") {
        if d.get(uuid.body.start..uuid.body.start + 16) == Some(XMP_UUID) {
            out.kind("XMP");
            xmp::inspect(d.get(uuid.body.start + 16..uuid.body.end).unwrap_or_default(), out);
        }
    }
    // meta is a full box: four bytes of version and flags before its children.
    let inner = children(d, (meta.body.start + 4).min(meta.body.end)..meta.body.end)?;
    let find = |kind: &[u8; 4]| inner.iter().find(|b| &b.kind == kind);
    let Some(iinf) = find(b"iinf") else { return Ok(()) };
    for item in items(d, iinf)? {
        let data = find(b"iloc").and_then(|iloc| item_data(d, iloc, find(b"idat"), item.id));
        if &item.kind == b"Exif" {
            out.kind("EXIF");
            // The item starts with the offset of the TIFF header within what follows.
            if let Some(data) = data {
                let skip = be32(&data, 0).and_then(|n| usize::try_from(n).ok()).unwrap_or(0);
                if let Some(tiff) = skip.checked_add(4).and_then(|s| data.get(s..)) {
                    exif::inspect(tiff, out);
                }
            }
        } else if &item.kind == b"mime" && is_xmp_type(&item.content_type) {
            out.kind("XMP");
            if let Some(data) = data {
                xmp::inspect(&data, out);
            }
        }
    }
    Ok(())
}

pub fn scrub(d: &[u8]) -> Result<Scrubbed, ImageError> {
    let mut out = Collector::default();
    inspect(d, &mut out)?;
    if !out.metadata.is_empty() {
        return Err(ImageError::Unsupported {
            format: "AVIF with metadata",
            advice: "re-export the image without metadata, or save it as JPEG/PNG/WebP".into(),
        });
    }
    Ok(Scrubbed { bytes: d.to_vec(), removed: Vec::new() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bx(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let mut v = u32::try_from(body.len() + 8).unwrap().to_be_bytes().to_vec();
        v.extend_from_slice(kind);
        v.extend_from_slice(body);
        v
    }

    fn infe(id: u16, kind: &[u8; 4]) -> Vec<u8> {
        let mut body = vec![2, 0, 0, 0];
        body.extend_from_slice(&id.to_be_bytes());
        body.extend_from_slice(&[0, 0]);
        body.extend_from_slice(kind);
        body.push(0);
        bx(b"infe", &body)
    }

    fn sample(with_exif: bool) -> Vec<u8> {
        let ftyp = bx(b"ftyp", b"avif\0\0\0\0avifmif1miaf");
        let mut entries = infe(1, b"av01");
        if with_exif {
            entries.extend(infe(2, b"Exif"));
        }
        let count: u16 = if with_exif { 2 } else { 1 };
        let iinf = bx(b"iinf", &[&[0, 0, 0, 0][..], &count.to_be_bytes(), &entries].concat());
        let meta = bx(b"meta", &[&[0, 0, 0, 0][..], &bx(b"hdlr", &[0; 24]), &iinf].concat());
        [ftyp, meta, bx(b"mdat", &[1, 2, 3])].concat()
    }

    #[test]
    fn brands() {
        assert_eq!(brand(&sample(false)), Some(Magic::Known(Format::Avif)));
        assert_eq!(brand(&bx(b"ftyp", b"mif1\0\0\0\0mif1heic")), Some(Magic::Heic));
        assert_eq!(brand(&bx(b"ftyp", b"isom\0\0\0\0isomiso2")), None);
    }

    #[test]
    fn exif_item_is_refused() {
        assert_eq!(scrub(&sample(false)).unwrap().bytes, sample(false));
        assert!(matches!(scrub(&sample(true)), Err(ImageError::Unsupported { format: "AVIF with metadata", .. })));
    }

    #[test]
    fn every_prefix_is_safe() {
        let d = sample(true);
        for n in 0..=d.len() {
            let mut out = Collector::default();
            let _ = inspect(&d[..n], &mut out);
            let _ = brand(&d[..n]);
        }
    }
}
