//! JPEG: a byte-level walk over every marker segment and entropy-coded scan up to the first
//! end-of-image marker (EOI).
//!
//! Takes JPEG bytes; [`inspect`] reports what the metadata segments hold (and what an
//! embedded image after EOI holds), [`scrub`] rebuilds the file from the segments a browser
//! needs, copying scan data verbatim so the pixels cannot change. The walk is written here
//! rather than borrowed because the crates that split JPEGs stop at the first scan, and a
//! progressive file has many scans with tables between them.

use std::ops::Range;

use super::{Collector, ImageError, Scrubbed, be16, be32, decode_text, exif, icc, iptc, note, printable_runs, unreadable, xmp};

const XMP_NS: &[u8] = b"http://ns.adobe.com/xap/1.0/\0";
const XMP_EXTENSION_NS: &[u8] = b"http://ns.adobe.com/xmp/extension/\0";
const ICC_NS: &[u8] = b"ICC_PROFILE\0";
/// "Adobe", version, two flag words and the colour transform.
const ADOBE_LEN: usize = 12;
const SOS: u8 = 0xDA;
const EOI: u8 = 0xD9;

/// One part of a JPEG, in file order.
#[derive(Debug)]
enum Piece {
    /// A marker with a length and payload; `payload` excludes the two length bytes.
    Segment { marker: u8, payload: Range<usize> },
    /// Entropy-coded data after an SOS header, RST markers and stuffed bytes included.
    Scan(Range<usize>),
    /// A marker without a length (RSTn or TEM outside a scan).
    Standalone(u8),
}

struct Walk {
    pieces: Vec<Piece>,
    /// The offset just after the first EOI.
    end: usize,
}

/// Walks from SOI to the first EOI, or says exactly where the file stops making sense.
fn walk(d: &[u8]) -> Result<Walk, ImageError> {
    if !d.starts_with(&[0xFF, 0xD8]) {
        return Err(unreadable("not a JPEG: no start-of-image marker at byte 0"));
    }
    let mut pieces = Vec::new();
    let (mut saw_frame, mut saw_scan) = (false, false);
    let mut pos = 2usize;
    loop {
        let Some(&b) = d.get(pos) else {
            return Err(unreadable(format!("truncated JPEG: ends at byte {pos} without an end-of-image marker (EOI)")));
        };
        if b != 0xFF {
            return Err(unreadable(format!("corrupt JPEG: expected a marker at byte {pos}, found 0x{b:02X}")));
        }
        // Any number of 0xFF fill bytes may precede a marker.
        let mut m = pos + 1;
        while d.get(m) == Some(&0xFF) {
            m += 1;
        }
        let Some(&marker) = d.get(m) else {
            return Err(unreadable(format!("truncated JPEG: ends at byte {m} inside a marker")));
        };
        match marker {
            0x00 => return Err(unreadable(format!("corrupt JPEG: stray 0xFF00 at byte {pos} outside scan data"))),
            0xD8 => return Err(unreadable(format!("corrupt JPEG: a second start-of-image marker at byte {pos}"))),
            EOI => {
                if !saw_frame || !saw_scan {
                    return Err(unreadable(format!(
                        "corrupt JPEG: end of image at byte {pos} before any frame header and scan (SOF, SOS)"
                    )));
                }
                return Ok(Walk { pieces, end: m + 1 });
            }
            0x01 | 0xD0..=0xD7 => {
                pieces.push(Piece::Standalone(marker));
                pos = m + 1;
            }
            _ => {
                let Some(len) = be16(d, m + 1) else {
                    return Err(unreadable(format!("truncated JPEG: segment 0xFF{marker:02X} at byte {pos} is cut off")));
                };
                if len < 2 {
                    return Err(unreadable(format!("corrupt JPEG: segment 0xFF{marker:02X} at byte {pos} has impossible length {len}")));
                }
                let end = m + 1 + usize::from(len);
                if end > d.len() {
                    return Err(unreadable(format!(
                        "truncated JPEG: segment 0xFF{marker:02X} at byte {pos} claims {len} bytes but the file ends at byte {}",
                        d.len()
                    )));
                }
                pieces.push(Piece::Segment { marker, payload: m + 3..end });
                saw_frame |= is_frame(marker);
                pos = end;
                if marker == SOS {
                    saw_scan = true;
                    let scan_end = scan_end(d, end)?;
                    pieces.push(Piece::Scan(end..scan_end));
                    pos = scan_end;
                }
            }
        }
    }
}

fn is_frame(marker: u8) -> bool {
    matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC)
}

/// Finds where entropy-coded data starting at `start` ends: the first 0xFF that begins a
/// real marker, skipping stuffed 0xFF00, RST markers and 0xFF fill bytes.
fn scan_end(d: &[u8], start: usize) -> Result<usize, ImageError> {
    let mut i = start;
    loop {
        let next_ff = d.get(i..).and_then(|rest| rest.iter().position(|&b| b == 0xFF));
        let Some(ff) = next_ff.map(|p| p + i) else {
            return Err(unreadable(format!(
                "truncated JPEG: scan data from byte {start} runs to the end of the file without an end-of-image marker (EOI)"
            )));
        };
        match d.get(ff + 1) {
            Some(0x00 | 0xD0..=0xD7) => i = ff + 2,
            Some(0xFF) => i = ff + 1,
            Some(_) => return Ok(ff),
            None => {
                return Err(unreadable(format!(
                    "truncated JPEG: scan data from byte {start} runs to the end of the file without an end-of-image marker (EOI)"
                )));
            }
        }
    }
}

/// What a segment is, for keeping or dropping.
enum Kind {
    /// Needed to draw the image; copied as it is.
    Keep,
    /// JFIF APP0: kept, but without its thumbnail.
    Jfif,
    /// EXIF APP1: replaced by an Orientation-only block when there is an orientation.
    Exif,
    /// One part of the ICC colour profile: kept with its texts blanked.
    Icc,
    /// Adobe APP14, which says how colours were encoded: kept without the padding after
    /// its twelve bytes, where anything can be written.
    Adobe,
    /// Metadata, dropped; the name says which.
    Drop(String),
}

fn classify(marker: u8, p: &[u8]) -> Kind {
    match marker {
        0xC0..=0xCF | 0xDA..=0xDF => Kind::Keep,
        0xE0 if p.starts_with(b"JFIF\0") && p.len() >= 14 => Kind::Jfif,
        0xE0 if p.starts_with(b"JFXX\0") => Kind::Drop("JFXX thumbnail".into()),
        0xE1 if p.starts_with(b"Exif\0") => Kind::Exif,
        0xE1 if p.starts_with(XMP_NS) => Kind::Drop("XMP".into()),
        0xE1 if p.starts_with(XMP_EXTENSION_NS) => Kind::Drop("XMP (extended)".into()),
        0xE2 if p.starts_with(ICC_NS) => Kind::Icc,
        0xE2 if p.starts_with(b"MPF\0") => Kind::Drop("MPF".into()),
        0xE2 if p.starts_with(b"FPXR\0") => Kind::Drop("FPXR".into()),
        0xED if p.starts_with(b"Photoshop 3.0\0") => Kind::Drop("IPTC/Photoshop (APP13)".into()),
        0xEE if p.starts_with(b"Adobe") && p.len() >= ADOBE_LEN => Kind::Adobe,
        0xFE => Kind::Drop("COM".into()),
        0xE0..=0xEF => Kind::Drop(format!("APP{}", marker - 0xE0)),
        _ => Kind::Drop(format!("marker 0xFF{marker:02X}")),
    }
}

/// Reports the metadata of a whole JPEG, including anything in images after its EOI.
pub fn inspect(d: &[u8], out: &mut Collector) -> Result<(), ImageError> {
    let walk = walk(d)?;
    let mut extended: Vec<(u32, &[u8])> = Vec::new();
    for piece in &walk.pieces {
        if let Piece::Segment { marker, payload } = piece {
            inspect_segment(*marker, d.get(payload.clone()).unwrap_or_default(), out, &mut extended);
        }
    }
    inspect_extended_xmp(extended, out);
    let (profile, _) = icc_profile(d, &walk);
    icc::inspect(&profile, "JPEG ICC profile", out);
    let trailer = d.get(walk.end..).unwrap_or_default();
    if !trailer.is_empty() {
        out.kind("data after end of image");
        // MPF secondary images and appended files start with their own SOI; their EXIF
        // can carry a location as well as the main image's.
        let starts: Vec<usize> =
            trailer.windows(3).enumerate().filter(|(_, w)| *w == [0xFF, 0xD8, 0xFF]).map(|(i, _)| i).take(16).collect();
        for &start in &starts {
            let embedded = trailer.get(start..).unwrap_or_default();
            out.nested("embedded image after end of image", |out| inspect_embedded(embedded, out));
        }
        if starts.is_empty() {
            // Some tools append bare EXIF or XMP rather than a whole image.
            out.nested("data after end of image", |out| inspect_loose(trailer, out));
        }
    }
    Ok(())
}

/// Reports the metadata segments of an embedded JPEG (a thumbnail, a secondary image),
/// leniently: it reads up to the first scan and stops quietly at anything odd.
pub(crate) fn inspect_embedded(d: &[u8], out: &mut Collector) {
    if !d.starts_with(&[0xFF, 0xD8]) {
        return;
    }
    let mut extended = Vec::new();
    let mut pos = 2usize;
    while d.get(pos) == Some(&0xFF) {
        let Some(&marker) = d.get(pos + 1) else { break };
        if marker == SOS || marker == EOI || marker == 0 || marker == 0xFF {
            break;
        }
        let Some(len) = be16(d, pos + 2) else { break };
        let Some(payload) = d.get(pos + 4..pos + 2 + usize::from(len)) else { break };
        inspect_segment(marker, payload, out, &mut extended);
        pos += 2 + usize::from(len);
    }
    inspect_extended_xmp(extended, out);
}

fn inspect_segment<'a>(marker: u8, p: &'a [u8], out: &mut Collector, extended: &mut Vec<(u32, &'a [u8])>) {
    match classify(marker, p) {
        Kind::Keep | Kind::Icc => {}
        Kind::Adobe => {
            if p.len() > ADOBE_LEN {
                out.kind("Adobe segment padding");
                for run in printable_runs(p.get(ADOBE_LEN..).unwrap_or_default()) {
                    out.text("Adobe segment padding", &run, false);
                }
            }
        }
        Kind::Jfif => {
            if p.get(12..14).is_some_and(|dims| dims != [0, 0]) {
                out.kind("JFIF thumbnail");
            }
        }
        Kind::Exif => {
            if exif::inspect(p.get(6..).unwrap_or_default(), out).meaningful {
                out.kind("EXIF");
            }
        }
        Kind::Drop(kind) => {
            out.kind(&kind);
            if p.starts_with(XMP_NS) {
                xmp::inspect(p.get(XMP_NS.len()..).unwrap_or_default(), out);
            } else if p.starts_with(XMP_EXTENSION_NS) {
                // GUID (32), full length (4), this chunk's offset (4), then the chunk.
                let at = XMP_EXTENSION_NS.len();
                if let (Some(offset), Some(chunk)) = (be32(p, at + 36), p.get(at + 40..)) {
                    extended.push((offset, chunk));
                }
            } else if marker == 0xED {
                iptc::inspect_irb(p.get(14..).unwrap_or_default(), out);
            } else if marker == 0xFE {
                out.text("JPEG comment", &decode_text(p), false);
            } else {
                for run in printable_runs(p) {
                    out.text(&kind, &run, false);
                }
            }
        }
    }
}

/// Looks for EXIF and XMP in bytes of no known layout.
fn inspect_loose(d: &[u8], out: &mut Collector) {
    let exif_at = d.windows(6).enumerate().filter(|(_, w)| *w == b"Exif\0\0").map(|(i, _)| i + 6);
    for at in exif_at.take(8) {
        let tiff = d.get(at..).unwrap_or_default();
        if tiff.starts_with(b"II*\0") || tiff.starts_with(b"MM\0*") {
            out.kind("EXIF");
            exif::inspect(tiff, out);
        }
    }
    let xmp_at = d.windows(10).enumerate().filter(|(_, w)| *w == b"<x:xmpmeta").map(|(i, _)| i);
    for at in xmp_at.take(8) {
        out.kind("XMP");
        xmp::inspect(d.get(at..).unwrap_or_default(), out);
    }
}

/// Extended XMP arrives in chunks, each with its offset into the whole.
fn inspect_extended_xmp(mut chunks: Vec<(u32, &[u8])>, out: &mut Collector) {
    if chunks.is_empty() {
        return;
    }
    chunks.sort_by_key(|(offset, _)| *offset);
    let whole: Vec<u8> = chunks.iter().flat_map(|(_, c)| c.iter().copied()).collect();
    xmp::inspect(&whole, out);
}

/// Rebuilds the JPEG from the segments a browser needs; scan data is copied verbatim.
pub fn scrub(d: &[u8]) -> Result<Scrubbed, ImageError> {
    let walk = walk(d)?;
    let mut bytes = Vec::with_capacity(d.len());
    bytes.extend_from_slice(&[0xFF, 0xD8]);
    let mut removed = Vec::new();
    let (profile, parts) = icc_profile(d, &walk);
    let mut icc_parts = split(&icc::blank(&profile), &parts).into_iter();
    let (mut kept_exif, mut kept_jfif) = (false, false);
    for piece in &walk.pieces {
        match piece {
            Piece::Standalone(marker) => bytes.extend_from_slice(&[0xFF, *marker]),
            Piece::Scan(range) => bytes.extend_from_slice(d.get(range.clone()).unwrap_or_default()),
            Piece::Segment { marker, payload } => {
                let p = d.get(payload.clone()).unwrap_or_default();
                match classify(*marker, p) {
                    Kind::Keep => {
                        // Tables are copied as long as they are: bytes after them are read by
                        // no decoder, and could carry anything.
                        let used = table_length(*marker, p).filter(|&n| n < p.len()).unwrap_or(p.len());
                        if used < p.len() {
                            note(&mut removed, "padding after JPEG tables".into());
                        }
                        write_segment(&mut bytes, *marker, &p[..used])?;
                    }
                    Kind::Icc => {
                        let blanked = icc_parts.next().unwrap_or_default();
                        write_segment(&mut bytes, *marker, &[p.get(..ICC_NS.len() + 2).unwrap_or_default(), &blanked].concat())?;
                    }
                    Kind::Adobe => {
                        if p.len() > ADOBE_LEN {
                            note(&mut removed, "Adobe segment padding".into());
                        }
                        write_segment(&mut bytes, *marker, p.get(..ADOBE_LEN).unwrap_or_default())?;
                    }
                    Kind::Jfif if !kept_jfif => {
                        kept_jfif = true;
                        // Keep the density fields browsers use; zero the thumbnail size and drop its pixels.
                        let mut jfif = p.get(..14).unwrap_or_default().to_vec();
                        if let Some(dims) = jfif.get_mut(12..14) {
                            if dims != [0, 0] {
                                note(&mut removed, "JFIF thumbnail".into());
                            }
                            dims.copy_from_slice(&[0, 0]);
                        }
                        write_segment(&mut bytes, 0xE0, &jfif)?;
                    }
                    Kind::Jfif => note(&mut removed, "APP0".into()),
                    Kind::Exif => {
                        let tiff = p.get(6..).unwrap_or_default();
                        let mut scratch = Collector::default();
                        let summary = exif::inspect(tiff, &mut scratch);
                        if summary.meaningful {
                            note(&mut removed, if summary.gps || scratch.has_geodata() { "EXIF (with GPS)" } else { "EXIF" }.into());
                        }
                        // Orientation stays so that photos taken sideways are still shown upright.
                        if let Some(o) = exif::orientation(tiff).filter(|&o| o != 1 && !kept_exif) {
                            kept_exif = true;
                            write_segment(&mut bytes, 0xE1, &exif::orientation_only(o))?;
                        }
                    }
                    Kind::Drop(kind) => note(&mut removed, kind),
                }
            }
        }
    }
    bytes.extend_from_slice(&[0xFF, EOI]);
    let trailing = d.len().saturating_sub(walk.end);
    if trailing > 0 {
        removed.push(format!("{trailing} bytes after end of image"));
    }
    Ok(Scrubbed { bytes, removed })
}

/// How many bytes of a table segment's payload hold whole tables; `None` for a segment
/// whose length is its own, or one too short for its header (left as it is).
fn table_length(marker: u8, p: &[u8]) -> Option<usize> {
    let mut used = 0usize;
    match marker {
        // Quantisation tables: precision and id, then 64 values of 1 or 2 bytes.
        0xDB => {
            while let Some(&kind) = p.get(used) {
                let size = 1 + 64 * (usize::from(kind >> 4) + 1);
                if used + size > p.len() {
                    break;
                }
                used += size;
            }
        }
        // Huffman tables: class and id, 16 counts, then that many values.
        0xC4 => {
            while let Some(counts) = p.get(used + 1..used + 17) {
                let size = 17 + counts.iter().map(|&c| usize::from(c)).sum::<usize>();
                if used + size > p.len() {
                    break;
                }
                used += size;
            }
        }
        // Frame headers: 6 bytes, then 3 for each component.
        0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => used = 6 + 3 * usize::from(*p.get(5)?),
        // Restart interval.
        0xDD => used = 2,
        // Scan header: component count, 2 bytes each, then 3.
        SOS => used = 1 + 2 * usize::from(*p.first()?) + 3,
        _ => return None,
    }
    (used <= p.len()).then_some(used)
}

/// The ICC profile, put together from its APP2 parts in their sequence order, and where
/// each of its parts came from: (place among the file's ICC segments, length), in
/// sequence order.
fn icc_profile(d: &[u8], walk: &Walk) -> (Vec<u8>, Vec<(usize, usize)>) {
    let mut parts: Vec<(usize, u8, &[u8])> = Vec::new();
    for piece in &walk.pieces {
        if let Piece::Segment { marker: 0xE2, payload } = piece {
            let p = d.get(payload.clone()).unwrap_or_default();
            if p.starts_with(ICC_NS) {
                let sequence = p.get(ICC_NS.len()).copied().unwrap_or(0);
                parts.push((parts.len(), sequence, p.get(ICC_NS.len() + 2..).unwrap_or_default()));
            }
        }
    }
    parts.sort_by_key(|(place, sequence, _)| (*sequence, *place));
    let profile = parts.iter().flat_map(|(_, _, part)| part.iter().copied()).collect();
    (profile, parts.iter().map(|(place, _, part)| (*place, part.len())).collect())
}

/// The blanked profile cut back into its parts, in the file's order. Blanking moves no
/// byte, so each part is the same length it was.
fn split(profile: &[u8], parts: &[(usize, usize)]) -> Vec<Vec<u8>> {
    let mut in_file_order = vec![Vec::new(); parts.len()];
    let mut at = 0;
    for &(place, len) in parts {
        in_file_order[place] = profile.get(at..at + len).unwrap_or_default().to_vec();
        at += len;
    }
    in_file_order
}

fn write_segment(out: &mut Vec<u8>, marker: u8, payload: &[u8]) -> Result<(), ImageError> {
    let len = u16::try_from(payload.len() + 2).map_err(|_| unreadable("segment too long to write"))?;
    out.extend_from_slice(&[0xFF, marker]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(payload);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(marker: u8, payload: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        write_segment(&mut v, marker, payload).unwrap();
        v
    }

    /// A structurally valid (not decodable) progressive-style JPEG: two scans with a DHT
    /// between them, RST markers, stuffed bytes and fill bytes, plus a comment and trailer.
    fn sample() -> Vec<u8> {
        [
            vec![0xFF, 0xD8],
            seg(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"),
            seg(0xFE, b"Amelia Thornbury"),
            seg(0xDB, &[0; 65]),
            seg(0xC2, &[8, 0, 1, 0, 1, 1, 1, 0x11, 0]),
            seg(0xC4, &[0; 17]),
            seg(0xDA, &[1, 1, 0, 0, 0x3F, 0]),
            vec![0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56],
            vec![0xFF, 0xFF],
            seg(0xC4, &[0; 17]),
            seg(0xDA, &[1, 1, 0, 1, 0x3F, 0]),
            vec![0x78, 0xFF, 0x00],
            vec![0xFF, 0xD9, b'x', b'y'],
        ]
        .concat()
    }

    #[test]
    fn scrub_keeps_both_scans_and_drops_comment_and_trailer() {
        let d = sample();
        let s = scrub(&d).unwrap();
        assert_eq!(s.removed, vec!["COM".to_string(), "2 bytes after end of image".to_string()]);
        let w = walk(&s.bytes).unwrap();
        let scans: Vec<&[u8]> =
            w.pieces.iter().filter_map(|p| if let Piece::Scan(r) = p { Some(&s.bytes[r.clone()]) } else { None }).collect();
        assert_eq!(scans, vec![&[0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0xFF][..], &[0x78, 0xFF, 0x00][..]]);
        assert_eq!(scrub(&s.bytes).unwrap().bytes, s.bytes);
    }

    #[test]
    fn colour_profile_parts_keep_their_colours_and_lose_their_words() {
        let profile = crate::image::icc::tests::profile("Amelia Thornbury's camera");
        let (first, second) = profile.split_at(150);
        // Parts written out of order, as some tools do; the sequence number puts them right.
        let with = |extra: Vec<Vec<u8>>| {
            let mut d = sample();
            let at = 2;
            let tail = d.split_off(at);
            [d, extra.concat(), tail].concat()
        };
        let d = with(vec![
            seg(0xE2, &[ICC_NS, &[2, 2], second].concat()),
            seg(0xE2, &[ICC_NS, &[1, 2], first].concat()),
            seg(0xEE, b"Adobe\0\x64\0\0\0\0\x01Amelia Thornbury"),
        ]);
        let mut out = Collector::default();
        inspect(&d, &mut out).unwrap();
        let texts: Vec<&str> = out.texts.iter().map(|t| t.text.as_str()).collect();
        assert!(texts.contains(&"Amelia Thornbury's camera") && texts.contains(&"Amelia Thornbury"), "{texts:?}");
        let s = scrub(&d).unwrap();
        assert!(s.removed.contains(&"Adobe segment padding".to_string()));
        let mut again = Collector::default();
        inspect(&s.bytes, &mut again).unwrap();
        assert!(again.texts.is_empty() && again.metadata.is_empty(), "{again:?}");
        let w = walk(&s.bytes).unwrap();
        let payloads: Vec<&[u8]> = w
            .pieces
            .iter()
            .filter_map(|p| if let Piece::Segment { marker: 0xE2 | 0xEE, payload } = p { Some(&s.bytes[payload.clone()]) } else { None })
            .collect();
        let blanked = crate::image::icc::blank(&profile);
        assert_eq!(payloads[0], [ICC_NS, &[2, 2], &blanked[150..]].concat());
        assert_eq!(payloads[1], [ICC_NS, &[1, 2], &blanked[..150]].concat());
        assert_eq!(payloads[2], b"Adobe\0\x64\0\0\0\0\x01");
    }

    #[test]
    fn bytes_after_a_table_are_not_copied() {
        let mut d = sample();
        let dqt = seg(0xDB, &[0; 65]);
        let at = d.windows(dqt.len()).position(|w| w == dqt.as_slice()).unwrap();
        let with_name = seg(0xDB, &[&[0; 65][..], b"Amelia Thornbury"].concat());
        d.splice(at..at + dqt.len(), with_name);
        let s = scrub(&d).unwrap();
        assert!(s.removed.contains(&"padding after JPEG tables".to_string()), "{:?}", s.removed);
        assert!(!s.bytes.windows(6).any(|w| w == b"Amelia"));
        assert_eq!(scrub(&s.bytes).unwrap().bytes, s.bytes);
    }

    #[test]
    fn inspect_finds_comment() {
        let mut out = Collector::default();
        inspect(&sample(), &mut out).unwrap();
        assert_eq!(out.texts[0].text, "Amelia Thornbury");
        assert!(out.metadata.contains(&"COM".to_string()));
    }

    #[test]
    fn every_prefix_is_ok_or_unreadable() {
        let d = sample();
        let eoi = d.len() - 2;
        for n in 0..d.len() {
            let prefix = &d[..n];
            let mut out = Collector::default();
            let r = inspect(prefix, &mut out);
            assert_eq!(r.is_ok(), n >= eoi, "prefix {n}");
            assert_eq!(scrub(prefix).is_ok(), n >= eoi);
        }
    }

    #[test]
    fn bare_exif_after_eoi_is_found() {
        let mut gps = b"Exif\0\0MM\0*\0\0\0\x08\0\x01\x88\x25\0\x04\0\0\0\x01\0\0\0\x1A\0\0\0\0".to_vec();
        gps.extend_from_slice(b"\0\x01\0\x01\0\x02\0\0\0\x02N\0\0\0\0\0\0\0");
        let d = [sample(), gps].concat();
        let mut out = Collector::default();
        inspect(&d, &mut out).unwrap();
        assert_eq!(out.geodata, vec!["EXIF GPS IFD in data after end of image".to_string()]);
    }

    #[test]
    fn no_scan_is_unreadable() {
        let d = [vec![0xFF, 0xD8], seg(0xDB, &[0; 65]), vec![0xFF, 0xD9]].concat();
        let err = scrub(&d).unwrap_err();
        assert!(err.to_string().contains("before any frame header and scan"), "{err}");
    }

    #[test]
    fn embedded_walk_is_safe_on_prefixes() {
        let d = sample();
        for n in 0..=d.len() {
            let mut out = Collector::default();
            inspect_embedded(&d[..n], &mut out);
        }
    }
}
