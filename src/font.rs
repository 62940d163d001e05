//! Web fonts a theme publishes, read for the words they carry: a font's name table holds
//! its name, its maker, a copyright line, a description and sample text, and a font made
//! for one school can hold anything there.
//!
//! Takes the bytes of one font file (TrueType or OpenType, a collection of them, WOFF or
//! WOFF2) and gives back the readable runs of its tables, unpacked; or says why it cannot be
//! read. Pure: no IO, no panics on any input.

use std::io::Read as _;

use crate::document;

/// The most a font may unpack to: more is not a web font.
const LARGEST: usize = 64 << 20;

/// Every run of readable letters in the font's tables (UTF-16 names included), one per
/// line.
pub(crate) fn words(bytes: &[u8]) -> Result<String, String> {
    let tables = unpack(bytes)?;
    let mut raw = String::new();
    for table in &tables {
        document::push_runs(table, &mut raw);
    }
    Ok(raw)
}

/// The tables of the font, as a browser would unpack them.
fn unpack(bytes: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    match bytes.get(..4) {
        Some(b"wOFF") => woff(bytes),
        Some(b"wOF2") => woff2(bytes),
        Some(b"\0\x01\0\0" | b"OTTO" | b"true" | b"ttcf") => Ok(vec![bytes.to_vec()]),
        _ => Err("it is not a TrueType, OpenType, WOFF or WOFF2 font".to_owned()),
    }
}

fn u16_at(bytes: &[u8], at: usize) -> Result<usize, String> {
    bytes.get(at..at + 2).map(|b| usize::from(u16::from_be_bytes([b[0], b[1]]))).ok_or_else(cut_short)
}

fn u32_at(bytes: &[u8], at: usize) -> Result<usize, String> {
    bytes.get(at..at + 4).and_then(|b| usize::try_from(u32::from_be_bytes([b[0], b[1], b[2], b[3]])).ok()).ok_or_else(cut_short)
}

fn cut_short() -> String {
    "the font file is cut short or damaged".to_owned()
}

/// WOFF 1: each table on its own, packed with zlib when that made it smaller.
fn woff(bytes: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    let count = u16_at(bytes, 12)?;
    let mut tables = Vec::with_capacity(count);
    let mut total = 0;
    for entry in 0..count {
        let at = 44 + entry * 20;
        let (offset, packed, length) = (u32_at(bytes, at + 4)?, u32_at(bytes, at + 8)?, u32_at(bytes, at + 12)?);
        let data = bytes.get(offset..offset.checked_add(packed).ok_or_else(cut_short)?).ok_or_else(cut_short)?;
        total += length;
        if total > LARGEST {
            return Err("the font unpacks to more than any web font".to_owned());
        }
        if packed < length {
            let mut table = Vec::with_capacity(length);
            flate2::read::ZlibDecoder::new(data).take(length as u64 + 1).read_to_end(&mut table).map_err(|_| cut_short())?;
            tables.push(table);
        } else {
            tables.push(data.to_vec());
        }
    }
    Ok(tables)
}

/// WOFF 2: one Brotli stream after the table directory, holding every table.
fn woff2(bytes: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    let count = u16_at(bytes, 12)?;
    let packed = u32_at(bytes, 20)?;
    if bytes.get(4..8) == Some(&b"ttcf"[..]) {
        return Err("it is a WOFF2 collection of fonts; publish each font as its own file".to_owned());
    }
    // The directory: flags, an optional tag, then lengths in UIntBase128 (the packed
    // stream's size is all that is needed to find it).
    let mut at = 48;
    for _ in 0..count {
        let flags = *bytes.get(at).ok_or_else(cut_short)?;
        at += if flags & 63 == 63 { 5 } else { 1 };
        let known = flags & 63;
        let version = flags >> 6;
        let transformed = if known == 10 || known == 11 { version != 3 } else { version != 0 };
        at = base128_end(bytes, at)?;
        if transformed {
            at = base128_end(bytes, at)?;
        }
    }
    let stream = bytes.get(at..at.checked_add(packed).ok_or_else(cut_short)?).ok_or_else(cut_short)?;
    let mut tables = Vec::new();
    brotli_decompressor::Decompressor::new(stream, 4096)
        .take(LARGEST as u64 + 1)
        .read_to_end(&mut tables)
        .map_err(|_| "the font's packed tables cannot be unpacked".to_owned())?;
    if tables.len() > LARGEST {
        return Err("the font unpacks to more than any web font".to_owned());
    }
    Ok(vec![tables])
}

/// Where a UIntBase128 number starting at `at` ends.
fn base128_end(bytes: &[u8], at: usize) -> Result<usize, String> {
    for length in 0..5 {
        let byte = *bytes.get(at + length).ok_or_else(cut_short)?;
        if byte & 0x80 == 0 {
            return Ok(at + length + 1);
        }
    }
    Err(cut_short())
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;
    use crate::document::imagegen::{font_name_table, font_named};

    /// Regression: fonts were published unread, whatever their names said.
    #[test]
    fn a_fonts_names_are_read_in_every_packing() {
        let plain = font_named("Amelia Thornbury Hand");
        assert!(words(&plain).unwrap().contains("Amelia Thornbury Hand"));

        // Long enough that zlib makes it smaller, as WOFF requires of a packed table.
        let table = font_name_table(&"Amelia Thornbury Hand, ".repeat(8));
        let mut packed = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        packed.write_all(&table).unwrap();
        let packed = packed.finish().unwrap();
        let mut woff = b"wOFF\0\x01\0\0".to_vec();
        woff.extend([0; 4]);
        woff.extend(1u16.to_be_bytes());
        woff.resize(44, 0);
        woff.extend(b"name");
        woff.extend(64u32.to_be_bytes());
        woff.extend(u32::try_from(packed.len()).unwrap().to_be_bytes());
        woff.extend(u32::try_from(table.len()).unwrap().to_be_bytes());
        woff.extend([0; 4]);
        woff.extend(&packed);
        assert!(words(&woff).unwrap().contains("Amelia Thornbury Hand"));

        // WOFF2, its one table stored in a Brotli stream without packing.
        let mut stream = Vec::new();
        let header: u32 = (u32::try_from(table.len() - 1).unwrap() << 4) | (1 << 20);
        stream.extend(&header.to_le_bytes()[..3]);
        stream.extend(&table);
        stream.push(0b11);
        let mut woff2 = b"wOF2\0\x01\0\0".to_vec();
        woff2.extend([0; 4]);
        woff2.extend(1u16.to_be_bytes());
        woff2.extend([0; 6]);
        woff2.extend(u32::try_from(stream.len()).unwrap().to_be_bytes());
        woff2.resize(48, 0);
        woff2.extend([5, u8::try_from(table.len() >> 7).unwrap() | 0x80, u8::try_from(table.len() & 127).unwrap()]);
        woff2.extend(&stream);
        assert!(words(&woff2).unwrap().contains("Amelia Thornbury Hand"));

        assert!(words(b"\x00\x00\x00\x00 a Word file").is_err());
        assert!(words(&woff[..50]).is_err(), "cut short");
    }
}
