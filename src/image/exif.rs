//! EXIF: a walker over a TIFF-structured block (the bytes after "Exif\0\0" in JPEG, the
//! eXIf chunk in PNG, the EXIF chunk in WebP, the Exif item in AVIF).
//!
//! Takes the TIFF bytes and a [`Collector`]; reports GPS, the text tags people type into
//! (including the UTF-16LE Windows XP tags), and looks into the IFD1 thumbnail. It visits
//! every IFD reachable from the header (IFD0, IFD1 and on, ExifIFD, GPS IFD, Interop, SubIFDs),
//! each at most once, so a file whose offsets loop cannot keep it busy. Also builds the
//! minimal Orientation-only EXIF that JPEG scrubbing keeps.

use super::{Collector, decode_text, decode_utf16};

/// Tags that hold human-readable text, with the name people know them by.
const ASCII_TEXT_TAGS: &[(u16, &str)] = &[
    (0x010D, "DocumentName"),
    (0x010E, "ImageDescription"),
    (0x013B, "Artist"),
    (0x013C, "HostComputer"),
    (0x8298, "Copyright"),
    (0xA430, "OwnerName"),
    (0x9C9B, "XPTitle"),
    (0x9C9C, "XPComment"),
    (0x9C9D, "XPAuthor"),
    (0x9C9E, "XPKeywords"),
    (0x9C9F, "XPSubject"),
    (0x9286, "UserComment"),
];

const ORIENTATION: u16 = 0x0112;
const EXIF_IFD: u16 = 0x8769;
const GPS_IFD: u16 = 0x8825;
const INTEROP_IFD: u16 = 0xA005;
const SUB_IFDS: u16 = 0x014A;
const THUMB_OFFSET: u16 = 0x0201;
const THUMB_LENGTH: u16 = 0x0202;
const XMP_PACKET: u16 = 0x02BC;
const IPTC_NAA: u16 = 0x83BB;
const PHOTOSHOP: u16 = 0x8649;

/// A hostile file could chain thousands of IFDs; real ones have fewer than ten.
const MAX_IFDS: usize = 64;
/// Real IFDs have at most a few hundred entries; this bounds the work on a corrupt count.
const MAX_ENTRIES: usize = 4096;

/// What a block turned out to hold.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Summary {
    /// Anything at all besides an IFD0 Orientation entry (or a block we cannot read).
    pub(crate) meaningful: bool,
    pub(crate) gps: bool,
}

#[derive(Clone, Copy)]
struct Tiff<'a> {
    d: &'a [u8],
    le: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ifd {
    Main(usize),
    Exif,
    Gps,
    Interop,
    Sub,
}

struct Entry<'a> {
    tag: u16,
    typ: u16,
    count: u32,
    value: Option<&'a [u8]>,
}

impl<'a> Tiff<'a> {
    fn parse(d: &'a [u8]) -> Option<(Tiff<'a>, u32)> {
        let le = match d.get(0..4)? {
            b"II*\0" => true,
            b"MM\0*" => false,
            _ => return None,
        };
        let t = Tiff { d, le };
        Some((t, t.u32(4)?))
    }

    fn u16(&self, at: usize) -> Option<u16> {
        let b = self.d.get(at..at.checked_add(2)?)?;
        Some(if self.le { u16::from_le_bytes([b[0], b[1]]) } else { u16::from_be_bytes([b[0], b[1]]) })
    }

    fn u32(&self, at: usize) -> Option<u32> {
        let b = self.d.get(at..at.checked_add(4)?)?;
        let b = [b[0], b[1], b[2], b[3]];
        Some(if self.le { u32::from_le_bytes(b) } else { u32::from_be_bytes(b) })
    }

    /// Reads the entries of one IFD (as many as fit) and the offset of the next one.
    fn ifd(&self, offset: u32) -> (Vec<Entry<'a>>, Option<u32>) {
        let Ok(start) = usize::try_from(offset) else { return (Vec::new(), None) };
        let Some(count) = self.u16(start) else { return (Vec::new(), None) };
        let count = usize::from(count).min(MAX_ENTRIES);
        let mut entries = Vec::new();
        for i in 0..count {
            let Some(at) = i.checked_mul(12).and_then(|x| x.checked_add(start + 2)) else { break };
            let (Some(tag), Some(typ), Some(n)) = (self.u16(at), self.u16(at + 2), self.u32(at + 4)) else {
                return (entries, None);
            };
            entries.push(Entry { tag, typ, count: n, value: self.value(at + 8, typ, n) });
        }
        let next = count.checked_mul(12).and_then(|x| x.checked_add(start + 2)).and_then(|at| self.u32(at));
        (entries, next.filter(|&n| n != 0))
    }

    /// The bytes of an entry's value: inline when four bytes or fewer, else at the offset.
    fn value(&self, field: usize, typ: u16, count: u32) -> Option<&'a [u8]> {
        let size: usize = match typ {
            1 | 2 | 6 | 7 => 1,
            3 | 8 => 2,
            4 | 9 | 11 | 13 => 4,
            5 | 10 | 12 => 8,
            _ => return None,
        };
        let len = size.checked_mul(usize::try_from(count).ok()?)?;
        if len <= 4 {
            self.d.get(field..field + len)
        } else {
            let at = usize::try_from(self.u32(field)?).ok()?;
            self.d.get(at..at.checked_add(len)?)
        }
    }

    fn first_u32(&self, e: &Entry<'_>) -> Option<u32> {
        let v = e.value?;
        match e.typ {
            3 => self.u16_in(v, 0).map(u32::from),
            4 | 13 => self.u32_in(v, 0),
            _ => None,
        }
    }

    fn u16_in(&self, v: &[u8], at: usize) -> Option<u16> {
        Tiff { d: v, le: self.le }.u16(at)
    }

    fn u32_in(&self, v: &[u8], at: usize) -> Option<u32> {
        Tiff { d: v, le: self.le }.u32(at)
    }
}

/// Reports everything in one EXIF block. `tiff` starts at the byte-order mark.
pub fn inspect(tiff: &[u8], out: &mut Collector) -> Summary {
    let Some((t, first)) = Tiff::parse(tiff) else {
        // An EXIF header with no readable TIFF inside is still metadata we cannot vouch for.
        return Summary { meaningful: true, gps: false };
    };
    let mut summary = Summary::default();
    let mut visited: Vec<u32> = Vec::new();
    let mut queue: Vec<(u32, Ifd)> = vec![(first, Ifd::Main(0))];
    let mut thumbnail: (Option<u32>, Option<u32>) = (None, None);
    while let Some((offset, kind)) = queue.pop() {
        if visited.contains(&offset) || visited.len() >= MAX_IFDS {
            continue;
        }
        visited.push(offset);
        let (entries, next) = t.ifd(offset);
        if let (Ifd::Main(n), Some(next)) = (kind, next) {
            queue.push((next, Ifd::Main(n + 1)));
            summary.meaningful = true;
        }
        if kind != Ifd::Main(0) && !entries.is_empty() {
            summary.meaningful = true;
        }
        if kind == Ifd::Gps && entries.iter().any(|e| e.tag != 0) {
            summary.gps = true;
            out.geo("EXIF GPS IFD");
        }
        for e in &entries {
            if e.tag != ORIENTATION {
                summary.meaningful = true;
            }
            if kind == Ifd::Gps {
                continue;
            }
            match e.tag {
                EXIF_IFD | GPS_IFD | INTEROP_IFD => {
                    let target = match e.tag {
                        EXIF_IFD => Ifd::Exif,
                        GPS_IFD => Ifd::Gps,
                        _ => Ifd::Interop,
                    };
                    if let Some(at) = t.first_u32(e) {
                        queue.push((at, target));
                    }
                }
                SUB_IFDS => {
                    for i in 0..usize::try_from(e.count).unwrap_or(0).min(MAX_IFDS) {
                        if let Some(at) = e.value.and_then(|v| t.u32_in(v, i * 4)) {
                            queue.push((at, Ifd::Sub));
                        }
                    }
                }
                THUMB_OFFSET if matches!(kind, Ifd::Main(_)) => thumbnail.0 = t.first_u32(e),
                THUMB_LENGTH if matches!(kind, Ifd::Main(_)) => thumbnail.1 = t.first_u32(e),
                XMP_PACKET => {
                    if let Some(v) = e.value {
                        out.kind("XMP");
                        out.deeper(|out| super::xmp::inspect(v, out));
                    }
                }
                IPTC_NAA => {
                    if let Some(v) = e.value {
                        out.kind("IPTC");
                        out.deeper(|out| super::iptc::inspect_iim(v, out));
                    }
                }
                PHOTOSHOP => {
                    if let Some(v) = e.value {
                        // A Photoshop block may hold EXIF again; `deeper` bounds that loop.
                        out.deeper(|out| super::iptc::inspect_irb(v, out));
                    }
                }
                tag => text_tag(t, e, tag, out),
            }
        }
    }
    if let (Some(at), Some(len)) = thumbnail {
        let start = usize::try_from(at).unwrap_or(usize::MAX);
        let end = start.saturating_add(usize::try_from(len).unwrap_or(0));
        if let Some(jpeg) = tiff.get(start..end.min(tiff.len())) {
            out.nested("thumbnail", |out| super::jpeg::inspect_embedded(jpeg, out));
        }
    }
    if summary.gps {
        // Keep the flag consistent for callers even if the GPS IFD was found nested.
        summary.meaningful = true;
    }
    summary
}

fn text_tag(t: Tiff<'_>, e: &Entry<'_>, tag: u16, out: &mut Collector) {
    let Some(&(_, name)) = ASCII_TEXT_TAGS.iter().find(|(t, _)| *t == tag) else { return };
    let Some(v) = e.value else { return };
    let source = format!("EXIF {name}");
    let person = tag == 0x9C9E || tag == 0x9C9F;
    let text = match tag {
        0x9C9B..=0x9C9F => decode_utf16(v, true),
        0x9286 => user_comment(v, t.le),
        _ => v.split(|&b| b == 0).filter(|s| !s.is_empty()).map(decode_text).collect::<Vec<_>>().join("; "),
    };
    out.text(&source, &text, person);
}

/// UserComment starts with eight bytes naming its character code.
fn user_comment(v: &[u8], le: bool) -> String {
    let (code, body) = v.split_at(v.len().min(8));
    if code == b"UNICODE\0" {
        match body.get(0..2) {
            Some([0xFF, 0xFE]) => decode_utf16(body.get(2..).unwrap_or_default(), true),
            Some([0xFE, 0xFF]) => decode_utf16(body.get(2..).unwrap_or_default(), false),
            _ => decode_utf16(body, le),
        }
    } else {
        let body: Vec<u8> = body.iter().copied().take_while(|&b| b != 0).collect();
        decode_text(&body)
    }
}

/// The Orientation value in IFD0, if there is a sensible one.
pub(crate) fn orientation(tiff: &[u8]) -> Option<u16> {
    let (t, first) = Tiff::parse(tiff)?;
    let (entries, _) = t.ifd(first);
    let e = entries.iter().find(|e| e.tag == ORIENTATION)?;
    let value = u16::try_from(t.first_u32(e)?).ok()?;
    (1..=8).contains(&value).then_some(value)
}

/// A whole EXIF APP1 payload ("Exif\0\0" and a TIFF) holding nothing but one Orientation.
pub(crate) fn orientation_only(value: u16) -> Vec<u8> {
    let mut d = b"Exif\0\0MM\0*\0\0\0\x08\0\x01".to_vec();
    d.extend_from_slice(&ORIENTATION.to_be_bytes());
    d.extend_from_slice(&3u16.to_be_bytes()); // SHORT
    d.extend_from_slice(&1u32.to_be_bytes());
    d.extend_from_slice(&value.to_be_bytes());
    d.extend_from_slice(&[0, 0, 0, 0, 0, 0]); // value padding, then no next IFD
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A little-endian TIFF: IFD0 with Artist and a GPS pointer, GPS IFD with a latitude ref.
    fn sample() -> Vec<u8> {
        let mut d = b"II*\0\x08\0\0\0".to_vec();
        d.extend_from_slice(&2u16.to_le_bytes());
        // Artist, ASCII, 8 bytes at offset 38
        d.extend_from_slice(&0x013Bu16.to_le_bytes());
        d.extend_from_slice(&2u16.to_le_bytes());
        d.extend_from_slice(&8u32.to_le_bytes());
        d.extend_from_slice(&38u32.to_le_bytes());
        // GPS pointer to 46
        d.extend_from_slice(&0x8825u16.to_le_bytes());
        d.extend_from_slice(&4u16.to_le_bytes());
        d.extend_from_slice(&1u32.to_le_bytes());
        d.extend_from_slice(&46u32.to_le_bytes());
        d.extend_from_slice(&0u32.to_le_bytes());
        assert_eq!(d.len(), 38);
        d.extend_from_slice(b"A. Test\0");
        d.extend_from_slice(&1u16.to_le_bytes());
        d.extend_from_slice(&1u16.to_le_bytes()); // GPSLatitudeRef
        d.extend_from_slice(&2u16.to_le_bytes());
        d.extend_from_slice(&2u32.to_le_bytes());
        d.extend_from_slice(b"N\0\0\0");
        d.extend_from_slice(&0u32.to_le_bytes());
        d
    }

    #[test]
    fn finds_gps_and_artist() {
        let mut out = Collector::default();
        let s = inspect(&sample(), &mut out);
        assert!(s.gps && s.meaningful);
        assert_eq!(out.geodata, vec!["EXIF GPS IFD".to_string()]);
        assert_eq!(out.texts[0].text, "A. Test");
    }

    #[test]
    fn every_prefix_is_safe() {
        let d = sample();
        for n in 0..=d.len() {
            let mut out = Collector::default();
            let _ = inspect(&d[..n], &mut out);
            let _ = orientation(&d[..n]);
        }
    }

    #[test]
    fn looping_ifds_end() {
        // IFD0 whose next-IFD offset points back at itself.
        let d = b"MM\0*\0\0\0\x08\0\0\0\0\0\x08".to_vec();
        let mut out = Collector::default();
        let s = inspect(&d, &mut out);
        assert!(s.meaningful && !s.gps);
    }

    #[test]
    fn orientation_only_round_trips() {
        let block = orientation_only(6);
        assert_eq!(orientation(&block[6..]), Some(6));
        let mut out = Collector::default();
        let s = inspect(&block[6..], &mut out);
        assert!(!s.meaningful && !s.gps);
    }

    #[test]
    fn xp_keywords_are_utf16le() {
        let v: Vec<u8> = "Zoë".encode_utf16().flat_map(u16::to_le_bytes).chain([0, 0]).collect();
        assert_eq!(decode_utf16(&v, true), "Zoë");
    }

    /// Regression: EXIF whose Photoshop tag holds EXIF whose Photoshop tag holds EXIF...
    /// must stop at the nesting limit rather than recurse until the stack overflows.
    #[test]
    fn photoshop_exif_nesting_is_bounded() {
        let mut block = sample();
        for _ in 0..2000 {
            let mut irb = b"8BIM\x04\x22\0\0".to_vec();
            irb.extend_from_slice(&u32::try_from(block.len()).unwrap().to_be_bytes());
            irb.extend_from_slice(&block);
            if irb.len() % 2 == 1 {
                irb.push(0);
            }
            let mut outer = b"II*\0\x08\0\0\0\x01\0".to_vec();
            outer.extend_from_slice(&PHOTOSHOP.to_le_bytes());
            outer.extend_from_slice(&7u16.to_le_bytes());
            outer.extend_from_slice(&u32::try_from(irb.len()).unwrap().to_le_bytes());
            outer.extend_from_slice(&26u32.to_le_bytes());
            outer.extend_from_slice(&0u32.to_le_bytes());
            outer.extend_from_slice(&irb);
            block = outer;
        }
        let mut out = Collector::default();
        let s = inspect(&block, &mut out);
        assert!(s.meaningful);
        assert!(out.geodata.is_empty(), "the GPS 2000 levels down is beyond the limit");
    }
}
