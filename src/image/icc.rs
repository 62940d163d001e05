//! ICC colour profiles, as JPEG (APP2), PNG (iCCP) and WebP (ICCP) carry them.
//!
//! A browser needs a profile's colour tags to draw a photo's colours right, so the profile
//! is kept; but its text tags (the description, copyright, device maker and model) are
//! free text that anyone can set, and a profile named after a pupil travels with every copy
//! of the photo. [`inspect`] reports those texts; [`blank`] returns the same profile with
//! every text zeroed in place, so the layout (offsets, sizes) and the colours are untouched.

use super::{Collector, be32, decode_text, decode_utf16};

/// The profile header's length, and where its MD5 identifier sits in it.
const HEADER: usize = 128;
const PROFILE_ID: std::ops::Range<usize> = 84..100;
/// More tags than this is a hostile file, not a profile.
const MAX_TAGS: usize = 256;

/// One text in a profile: where its characters are, and how they are encoded.
struct Text {
    tag: String,
    bytes: std::ops::Range<usize>,
    utf16: bool,
}

/// Every text the profile's tags hold (`textDescriptionType`, `textType` and
/// `multiLocalizedUnicodeType`).
fn texts(profile: &[u8]) -> Vec<Text> {
    let mut found = Vec::new();
    let count = be32(profile, HEADER).and_then(|n| usize::try_from(n).ok()).unwrap_or(0).min(MAX_TAGS);
    for entry in 0..count {
        let at = HEADER + 4 + entry * 12;
        let (Some(signature), Some(offset), Some(size)) = (profile.get(at..at + 4), be32(profile, at + 4), be32(profile, at + 8)) else {
            break;
        };
        let tag = String::from_utf8_lossy(signature).trim_end().to_string();
        let (Ok(offset), Ok(size)) = (usize::try_from(offset), usize::try_from(size)) else { continue };
        let Some(end) = offset.checked_add(size).filter(|&end| end <= profile.len()) else { continue };
        let Some(data) = profile.get(offset..end) else { continue };
        match data.get(..4) {
            Some(b"text") => found.push(Text { tag, bytes: offset + 8..end, utf16: false }),
            // ASCII count, ASCII, then a Unicode and a Macintosh form: all of it text.
            Some(b"desc") => found.push(Text { tag, bytes: offset + 12.min(size)..end, utf16: false }),
            Some(b"mluc") => {
                let records = be32(data, 8).and_then(|n| usize::try_from(n).ok()).unwrap_or(0).min(MAX_TAGS);
                for record in 0..records {
                    let at = 16 + record * 12;
                    let (Some(len), Some(start)) = (be32(data, at + 4), be32(data, at + 8)) else { break };
                    let (Ok(len), Ok(start)) = (usize::try_from(len), usize::try_from(start)) else { continue };
                    if let Some(stop) = start.checked_add(len).filter(|&stop| stop <= size) {
                        found.push(Text { tag: tag.clone(), bytes: offset + start..offset + stop, utf16: true });
                    }
                }
            }
            _ => {}
        }
    }
    found
}

/// Reports each text in the profile, from `place` ("JPEG ICC profile"...).
pub(crate) fn inspect(profile: &[u8], place: &str, out: &mut Collector) {
    for text in texts(profile) {
        let bytes = profile.get(text.bytes.clone()).unwrap_or_default();
        let decoded = if text.utf16 {
            decode_utf16(bytes, false)
        } else {
            // A description holds its ASCII form, then Unicode and Macintosh forms, between NULs.
            decode_text(bytes).split('\0').map(str::trim).filter(|s| s.len() > 1).collect::<Vec<_>>().join(" ")
        };
        out.text(&format!("{place} {}", text.tag), &decoded, false);
    }
}

/// The profile with every text zeroed, and its identifier (a checksum of the original
/// bytes) cleared, which the ICC format allows and colour engines accept.
pub(crate) fn blank(profile: &[u8]) -> Vec<u8> {
    let mut blanked = profile.to_vec();
    for text in texts(profile) {
        if let Some(bytes) = blanked.get_mut(text.bytes) {
            bytes.fill(0);
        }
    }
    if let Some(id) = blanked.get_mut(PROFILE_ID) {
        id.fill(0);
    }
    blanked
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A small profile: a `desc` tag, a `cprt` text tag and a `dmnd` in several languages.
    pub(crate) fn profile(description: &str) -> Vec<u8> {
        let mut desc = b"desc\0\0\0\0".to_vec();
        desc.extend_from_slice(&u32::try_from(description.len() + 1).unwrap().to_be_bytes());
        desc.extend_from_slice(description.as_bytes());
        desc.extend_from_slice(&[0; 1 + 4 + 4 + 2 + 1 + 67]);
        let cprt = b"text\0\0\0\0Copyright nobody\0".to_vec();
        let maker: Vec<u8> = "Jones".encode_utf16().flat_map(u16::to_be_bytes).collect();
        let mut dmnd = b"mluc\0\0\0\0\0\0\0\x01\0\0\0\x0cenGB".to_vec();
        dmnd.extend_from_slice(&u32::try_from(maker.len()).unwrap().to_be_bytes());
        dmnd.extend_from_slice(&28u32.to_be_bytes());
        dmnd.extend_from_slice(&maker);
        let tags = [(b"desc", desc), (b"cprt", cprt), (b"dmnd", dmnd)];
        let mut table = Vec::new();
        let mut data = Vec::new();
        let first = HEADER + 4 + tags.len() * 12;
        for (signature, body) in &tags {
            table.extend_from_slice(*signature);
            table.extend_from_slice(&u32::try_from(first + data.len()).unwrap().to_be_bytes());
            table.extend_from_slice(&u32::try_from(body.len()).unwrap().to_be_bytes());
            data.extend_from_slice(body);
        }
        let mut header = vec![7; HEADER];
        header[..4].copy_from_slice(&u32::try_from(first + data.len()).unwrap().to_be_bytes());
        [header, u32::try_from(tags.len()).unwrap().to_be_bytes().to_vec(), table, data].concat()
    }

    #[test]
    fn reads_every_text_and_blanks_them_in_place() {
        let original = profile("Zoe Thornbury's camera");
        let mut out = Collector::default();
        inspect(&original, "ICC", &mut out);
        let texts: Vec<&str> = out.texts.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(texts, ["Zoe Thornbury's camera", "Copyright nobody", "Jones"]);
        let blanked = blank(&original);
        assert_eq!(blanked.len(), original.len());
        assert_eq!(blanked[PROFILE_ID], [0; 16]);
        assert_eq!(blanked[..84], original[..84], "the header's colour fields stay");
        let mut again = Collector::default();
        inspect(&blanked, "ICC", &mut again);
        assert!(again.texts.is_empty(), "{:?}", again.texts);
        assert_eq!(blank(&blanked), blanked);
    }

    #[test]
    fn hostile_tables_are_bounded() {
        let mut hostile = vec![0; HEADER];
        hostile.extend_from_slice(&u32::MAX.to_be_bytes());
        hostile.extend_from_slice(b"descAAAA\xFF\xFF\xFF\xFF");
        let mut out = Collector::default();
        inspect(&hostile, "ICC", &mut out);
        assert_eq!(blank(&hostile).len(), hostile.len());
        for n in 0..profile("x").len() {
            let _ = blank(&profile("Amelia")[..n]);
        }
    }
}
