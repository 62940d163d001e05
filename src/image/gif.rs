//! GIF: a walk over header, colour tables, image descriptors, extensions and their
//! sub-blocks, up to the trailer.
//!
//! Takes GIF bytes; [`inspect`] decodes comment and plain-text extensions and the XMP
//! application extension; [`scrub`] keeps the header, colour tables, images (LZW data
//! verbatim), graphic control extensions and the looping application extension, and ends
//! the file at the trailer.

use super::{Collector, ImageError, Scrubbed, decode_text, note, unreadable, xmp};

/// Application extensions that only say how an animation loops.
const LOOPING: &[&[u8]] = &[b"NETSCAPE2.0", b"ANIMEXTS1.0"];

enum Block {
    /// Copied as it is: logical screen with its colour table, images, GCE, looping.
    Keep(std::ops::Range<usize>),
    /// The looping extension, rebuilt from its loop count alone: its sub-blocks can carry
    /// anything after the count.
    Looping {
        count: u16,
        extra: Vec<u8>,
    },
    Comment(Vec<u8>),
    PlainText(Vec<u8>),
    /// An application extension other than looping; `raw` is every sub-block with its length
    /// byte, which for XMP is the packet itself (XMP in GIF is written that way on purpose).
    Application {
        id: Vec<u8>,
        raw: std::ops::Range<usize>,
    },
    Other(u8),
}

struct Walk {
    blocks: Vec<Block>,
    trailing: usize,
}

/// Skips data sub-blocks starting at `pos`; returns the offset after the terminator.
fn sub_blocks(d: &[u8], mut pos: usize) -> Result<usize, ImageError> {
    loop {
        let Some(&n) = d.get(pos) else {
            return Err(unreadable(format!("truncated GIF: data sub-blocks run to the end of the file at byte {pos}")));
        };
        pos += 1;
        if n == 0 {
            return Ok(pos);
        }
        pos += usize::from(n);
    }
}

/// The data of sub-blocks from `start` to `end`, without their length bytes.
fn joined(d: &[u8], start: usize, end: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut pos = start;
    while pos < end {
        let n = usize::from(d.get(pos).copied().unwrap_or(0));
        if n == 0 {
            break;
        }
        out.extend_from_slice(d.get(pos + 1..pos + 1 + n).unwrap_or_default());
        pos += 1 + n;
    }
    out
}

fn colour_table_len(flags: u8) -> usize {
    if flags & 0x80 == 0 { 0 } else { 3 << ((flags & 0x07) + 1) }
}

fn walk(d: &[u8]) -> Result<Walk, ImageError> {
    if !(d.starts_with(b"GIF87a") || d.starts_with(b"GIF89a")) {
        return Err(unreadable("not a GIF: no GIF87a/GIF89a header at byte 0"));
    }
    let Some(&flags) = d.get(10) else {
        return Err(unreadable(format!("truncated GIF: logical screen descriptor cut off at byte {}", d.len())));
    };
    let mut pos = 13 + colour_table_len(flags);
    if pos > d.len() {
        return Err(unreadable(format!("truncated GIF: global colour table runs past the end of the file at byte {}", d.len())));
    }
    let mut blocks = vec![Block::Keep(0..pos)];
    let mut images = 0usize;
    loop {
        let start = pos;
        match d.get(pos) {
            None => return Err(unreadable(format!("truncated GIF: ends at byte {pos} without a trailer"))),
            Some(0x3B) => {
                if images == 0 {
                    return Err(unreadable("corrupt GIF: no image in the file"));
                }
                return Ok(Walk { blocks, trailing: d.len() - pos - 1 });
            }
            Some(0x2C) => {
                let Some(&flags) = d.get(pos + 9) else {
                    return Err(unreadable(format!("truncated GIF: image descriptor at byte {pos} is cut off")));
                };
                // Descriptor (10), local colour table, LZW minimum code size (1), sub-blocks.
                pos = sub_blocks(d, pos + 10 + colour_table_len(flags) + 1)?;
                images += 1;
                blocks.push(Block::Keep(start..pos));
            }
            Some(0x21) => {
                let Some(&label) = d.get(pos + 1) else {
                    return Err(unreadable(format!("truncated GIF: extension at byte {pos} is cut off")));
                };
                pos = sub_blocks(d, pos + 2)?;
                let data = joined(d, start + 2, pos);
                blocks.push(match label {
                    0xF9 => Block::Keep(start..pos),
                    0xFE => Block::Comment(data),
                    0x01 => Block::PlainText(data.get(12..).unwrap_or_default().to_vec()),
                    0xFF => {
                        let id_len = usize::from(d.get(start + 2).copied().unwrap_or(0));
                        let id = d.get(start + 3..start + 3 + id_len).unwrap_or_default().to_vec();
                        let sub_blocks = joined(d, start + 3 + id_len, pos);
                        if LOOPING.contains(&id.as_slice()) {
                            // Sub-block 1 is the loop count: 0x01 and a little-endian u16.
                            let count = match sub_blocks.as_slice() {
                                [0x01, low, high, ..] => u16::from_le_bytes([*low, *high]),
                                _ => 0,
                            };
                            Block::Looping { count, extra: sub_blocks.get(3..).unwrap_or_default().to_vec() }
                        } else {
                            Block::Application { id, raw: (start + 3 + id_len).min(pos)..pos }
                        }
                    }
                    other => Block::Other(other),
                });
            }
            Some(&b) => return Err(unreadable(format!("corrupt GIF: unexpected byte 0x{b:02X} at byte {pos}"))),
        }
        if pos > d.len() {
            return Err(unreadable(format!("truncated GIF: block at byte {start} runs past the end of the file at byte {}", d.len())));
        }
    }
}

pub fn inspect(d: &[u8], out: &mut Collector) -> Result<(), ImageError> {
    let walk = walk(d)?;
    for block in &walk.blocks {
        match block {
            Block::Keep(_) => {}
            Block::Looping { extra, .. } => {
                if !extra.is_empty() {
                    out.kind("GIF looping extension extra data");
                    out.text("GIF looping extension", &decode_text(extra), false);
                }
            }
            Block::Comment(text) => {
                out.kind("GIF comment");
                out.text("GIF comment", &decode_text(text), false);
            }
            Block::PlainText(text) => {
                out.kind("GIF plain text");
                out.text("GIF plain text", &decode_text(text), false);
            }
            Block::Application { id, raw } => {
                if id.as_slice() == b"XMP DataXMP" {
                    out.kind("XMP");
                    xmp::inspect(d.get(raw.clone()).unwrap_or_default(), out);
                } else {
                    out.kind(&format!("GIF application extension {}", String::from_utf8_lossy(id)));
                }
            }
            Block::Other(label) => out.kind(&format!("GIF extension 0x{label:02X}")),
        }
    }
    if walk.trailing > 0 {
        out.kind("data after end of image");
    }
    Ok(())
}

pub fn scrub(d: &[u8]) -> Result<Scrubbed, ImageError> {
    let walk = walk(d)?;
    let mut bytes = Vec::with_capacity(d.len());
    let mut removed = Vec::new();
    for block in &walk.blocks {
        match block {
            Block::Keep(range) => bytes.extend_from_slice(d.get(range.clone()).unwrap_or_default()),
            Block::Looping { count, extra } => {
                if !extra.is_empty() {
                    note(&mut removed, "GIF looping extension extra data".into());
                }
                bytes.extend_from_slice(b"\x21\xFF\x0BNETSCAPE2.0\x03\x01");
                bytes.extend_from_slice(&count.to_le_bytes());
                bytes.push(0);
            }
            Block::Comment(_) => note(&mut removed, "GIF comment".into()),
            Block::PlainText(_) => note(&mut removed, "GIF plain text".into()),
            Block::Application { id, .. } if id.as_slice() == b"XMP DataXMP" => note(&mut removed, "XMP".into()),
            Block::Application { id, .. } => note(&mut removed, format!("GIF application extension {}", String::from_utf8_lossy(id))),
            Block::Other(label) => note(&mut removed, format!("GIF extension 0x{label:02X}")),
        }
    }
    bytes.push(0x3B);
    if walk.trailing > 0 {
        removed.push(format!("{} bytes after end of image", walk.trailing));
    }
    Ok(Scrubbed { bytes, removed })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        let mut d = b"GIF89a\x01\0\x01\0\x80\0\0".to_vec();
        d.extend_from_slice(&[0, 0, 0, 255, 255, 255]); // two-colour global table
        d.extend_from_slice(b"\x21\xFE\x10Amelia Thornbury\0");
        d.extend_from_slice(b"\x21\xF9\x04\0\0\0\0\0");
        d.extend_from_slice(b"\x2C\0\0\0\0\x01\0\x01\0\0\x02\x02\x44\x01\0");
        d.extend_from_slice(b"\x3Bxx");
        d
    }

    #[test]
    fn drops_comment_and_trailer() {
        let d = sample();
        let mut out = Collector::default();
        inspect(&d, &mut out).unwrap();
        assert_eq!(out.texts[0].text, "Amelia Thornbury");
        let s = scrub(&d).unwrap();
        assert_eq!(s.removed, vec!["GIF comment".to_string(), "2 bytes after end of image".to_string()]);
        assert_eq!(s.bytes.len(), d.len() - 20 - 2);
        assert_eq!(scrub(&s.bytes).unwrap().bytes, s.bytes);
    }

    #[test]
    fn looping_keeps_its_count_and_nothing_after_it() {
        let header = b"GIF89a\x01\0\x01\0\x80\0\0\0\0\0\xFF\xFF\xFF";
        let looping = b"\x21\xFF\x0BNETSCAPE2.0\x03\x01\x05\0\x10Amelia Thornbury\0";
        let image = b"\x2C\0\0\0\0\x01\0\x01\0\0\x02\x02\x44\x01\0\x3B";
        let d = [header.as_slice(), looping, image].concat();
        let mut out = Collector::default();
        inspect(&d, &mut out).unwrap();
        assert_eq!(out.texts[0].text, "Amelia Thornbury");
        let s = scrub(&d).unwrap();
        assert_eq!(s.removed, ["GIF looping extension extra data"]);
        assert_eq!(s.bytes, [header.as_slice(), b"\x21\xFF\x0BNETSCAPE2.0\x03\x01\x05\0\0", image].concat());
        let mut again = Collector::default();
        inspect(&s.bytes, &mut again).unwrap();
        assert!(again.metadata.is_empty() && again.texts.is_empty());
    }

    #[test]
    fn every_prefix_is_ok_or_unreadable() {
        let d = sample();
        for n in 0..d.len() - 2 {
            let mut out = Collector::default();
            assert!(inspect(&d[..n], &mut out).is_err(), "prefix {n}");
            assert!(scrub(&d[..n]).is_err());
        }
    }
}
