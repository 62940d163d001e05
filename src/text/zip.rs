//! Reading named files out of a ZIP archive, as much of the format as an Excel workbook
//! or a Word document uses: stored or deflated entries, found through the central directory.
//!
//! In: the archive's bytes. Out: a file's bytes by name, or why not. Guarantees: nothing
//! is ever inflated past [`MOST_INFLATED`] (a small archive can unpack to gigabytes), and a
//! file whose checksum does not match is refused rather than half read. ZIP64, encrypted
//! entries and other compression methods are refused: Excel writes none of them for a
//! file of this size.
//!
//! Hand-written rather than a crate: it is the hundred lines a workbook needs, flate2
//! (already a dependency) does the inflating, and a ZIP crate would add its own
//! dependencies for formats a roster never uses.

use std::io::Read;

/// Larger than any worksheet of a pupil list by far; the roster's own limit is 64 MB.
pub(crate) const MOST_INFLATED: u64 = 256 << 20;

const END_OF_DIRECTORY: u32 = 0x0605_4b50;
const DIRECTORY_ENTRY: u32 = 0x0201_4b50;
const LOCAL_HEADER: u32 = 0x0403_4b50;

/// A ZIP archive's table of contents, over its bytes.
pub(crate) struct Archive<'a> {
    bytes: &'a [u8],
    entries: Vec<Entry>,
}

struct Entry {
    name: String,
    method: u16,
    flags: u16,
    crc: u32,
    packed: u64,
    size: u64,
    header: usize,
}

impl<'a> Archive<'a> {
    /// Reads the central directory, or says why the bytes are not an archive this reads.
    pub(crate) fn open(bytes: &'a [u8]) -> Result<Archive<'a>, String> {
        let broken = || "the file is damaged: its list of contents cannot be read".to_owned();
        // The end record is the last 22 bytes, unless a comment (at most 64 KiB) follows it.
        let earliest = bytes.len().saturating_sub(22 + 0xFFFF);
        let end =
            (earliest..=bytes.len().saturating_sub(22)).rev().find(|&at| le32(bytes, at) == Some(END_OF_DIRECTORY)).ok_or_else(broken)?;
        let count = le16(bytes, end + 10).ok_or_else(broken)?;
        let start = le32(bytes, end + 16).ok_or_else(broken)?;
        if count == 0xFFFF || start == 0xFFFF_FFFF {
            return Err("the file is a ZIP64 archive, larger than any workbook of pupils".to_owned());
        }
        let mut at = usize::try_from(start).map_err(|_| broken())?;
        let mut entries = Vec::with_capacity(usize::from(count));
        for _ in 0..count {
            if le32(bytes, at) != Some(DIRECTORY_ENTRY) {
                return Err(broken());
            }
            let field16 = |offset| le16(bytes, at + offset).ok_or_else(broken);
            let field32 = |offset| le32(bytes, at + offset).ok_or_else(broken);
            let (name_len, extra_len, comment_len) = (usize::from(field16(28)?), usize::from(field16(30)?), usize::from(field16(32)?));
            let name = bytes.get(at + 46..at + 46 + name_len).ok_or_else(broken)?;
            entries.push(Entry {
                name: String::from_utf8_lossy(name).into_owned(),
                method: field16(10)?,
                flags: field16(8)?,
                crc: field32(16)?,
                packed: u64::from(field32(20)?),
                size: u64::from(field32(24)?),
                header: usize::try_from(field32(42)?).map_err(|_| broken())?,
            });
            at += 46 + name_len + extra_len + comment_len;
        }
        Ok(Archive { bytes, entries })
    }

    /// Whether the archive holds a file called `name`.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.entries.iter().any(|e| e.name == name)
    }

    /// The contents of the file called `name`: `Ok(None)` if there is none, an error if
    /// it cannot be read.
    pub(crate) fn read(&self, name: &str) -> Result<Option<Vec<u8>>, String> {
        let Some(entry) = self.entries.iter().find(|e| e.name == name) else { return Ok(None) };
        let broken = || format!("the file is damaged: `{name}` inside it cannot be read");
        if entry.flags & 1 != 0 {
            return Err("the file is protected by a password".to_owned());
        }
        if entry.size > MOST_INFLATED {
            return Err(format!("`{name}` inside it unpacks to more than any pupil list could fill"));
        }
        let at = entry.header;
        if le32(self.bytes, at) != Some(LOCAL_HEADER) {
            return Err(broken());
        }
        let skip = usize::from(le16(self.bytes, at + 26).ok_or_else(broken)?) + usize::from(le16(self.bytes, at + 28).ok_or_else(broken)?);
        let start = at + 30 + skip;
        let packed = usize::try_from(entry.packed).map_err(|_| broken())?;
        let data = self.bytes.get(start..start.saturating_add(packed)).ok_or_else(broken)?;
        let mut contents = Vec::new();
        match entry.method {
            0 => contents.extend_from_slice(data),
            8 => {
                // One byte past the size the directory gives, to tell a lying directory
                // (a bomb) from a file that ends where it says.
                flate2::read::DeflateDecoder::new(data).take(entry.size + 1).read_to_end(&mut contents).map_err(|_| broken())?;
            }
            _ => return Err(format!("`{name}` inside it is compressed in a way Office does not use")),
        }
        let mut crc = flate2::Crc::new();
        crc.update(&contents);
        if contents.len() as u64 != entry.size || crc.sum() != entry.crc {
            return Err(broken());
        }
        Ok(Some(contents))
    }
}

fn le16(bytes: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(bytes.get(at..at.checked_add(2)?)?.try_into().ok()?))
}

fn le32(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

/// A ZIP archive of `files`, each deflated: what the tests of [`super::xlsx`] read.
#[cfg(test)]
pub(crate) fn write(files: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut out = Vec::new();
    let mut directory = Vec::new();
    for (name, contents) in files {
        let mut deflater = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        deflater.write_all(contents).expect("deflate in memory");
        let packed = deflater.finish().expect("deflate in memory");
        let mut crc = flate2::Crc::new();
        crc.update(contents);
        let header = u32::try_from(out.len()).expect("small");
        let fields = |sig: u32| {
            let mut f = sig.to_le_bytes().to_vec();
            if sig == DIRECTORY_ENTRY {
                f.extend(20u16.to_le_bytes());
            }
            f.extend(20u16.to_le_bytes()); // version needed
            f.extend(0u16.to_le_bytes()); // flags
            f.extend(8u16.to_le_bytes()); // deflate
            f.extend([0; 4]); // time, date
            f.extend(crc.sum().to_le_bytes());
            f.extend(u32::try_from(packed.len()).expect("small").to_le_bytes());
            f.extend(u32::try_from(contents.len()).expect("small").to_le_bytes());
            f.extend(u16::try_from(name.len()).expect("small").to_le_bytes());
            f.extend(0u16.to_le_bytes()); // extra
            if sig == DIRECTORY_ENTRY {
                f.extend([0; 6]); // comment, disk, internal attributes
                f.extend([0; 4]); // external attributes
                f.extend(header.to_le_bytes());
            }
            f.extend(name.as_bytes());
            f
        };
        out.extend(fields(LOCAL_HEADER));
        out.extend(&packed);
        directory.extend(fields(DIRECTORY_ENTRY));
    }
    let start = u32::try_from(out.len()).expect("small");
    let count = u16::try_from(files.len()).expect("small");
    out.extend(&directory);
    out.extend(END_OF_DIRECTORY.to_le_bytes());
    out.extend([0; 4]);
    out.extend(count.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend(u32::try_from(directory.len()).expect("small").to_le_bytes());
    out.extend(start.to_le_bytes());
    out.extend([0; 2]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_read_by_name_and_damage_is_refused() {
        let zip = write(&[("a.txt", b"first"), ("xl/b.xml", "Zoë ".repeat(1000).as_bytes())]);
        let archive = Archive::open(&zip).unwrap();
        assert!(archive.has("a.txt") && !archive.has("c.txt"));
        assert_eq!(archive.read("a.txt").unwrap().as_deref(), Some(&b"first"[..]));
        assert_eq!(archive.read("xl/b.xml").unwrap().map(|b| b.len()), Some(5000));
        assert_eq!(archive.read("c.txt").unwrap(), None);

        let mut damaged = zip.clone();
        // The first file's deflated bytes start after its 30-byte header and its name.
        damaged[30 + "a.txt".len()] ^= 0xFF;
        assert!(Archive::open(&damaged).unwrap().read("a.txt").unwrap_err().contains("damaged"));
        assert!(Archive::open(b"PK\x03\x04 not really").is_err());
        assert!(Archive::open(&zip[..zip.len() - 30]).is_err());
    }

    #[test]
    fn a_file_that_unpacks_past_its_stated_size_is_refused() {
        let mut zip = write(&[("bomb.xml", &[b'x'; 100_000])]);
        // Make the directory say the file is small: the inflater must stop there.
        let at = zip.windows(4).rposition(|w| w == DIRECTORY_ENTRY.to_le_bytes()).unwrap();
        zip[at + 24..at + 28].copy_from_slice(&10u32.to_le_bytes());
        assert!(Archive::open(&zip).unwrap().read("bomb.xml").is_err());
    }
}
