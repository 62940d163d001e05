//! Test images with planted metadata.
//!
//! Takes nothing; gives back [`Fixture`]s: real images encoded by the `image` crate, into
//! which EXIF, XMP, IPTC, comments, text chunks and trailers are spliced by hand-assembling
//! bytes, each with what `inspect` must find in it; and [`BadFixture`]s that must be refused.
//! The planted person is fictional: "Amelia Thornbury".

use std::io::{Cursor, Write};

use image::codecs::gif::{GifEncoder, Repeat};
use image::{DynamicImage, Frame, ImageFormat, Rgb, RgbImage};

pub const NAME: &str = "Amelia Thornbury";

/// An image with planted metadata and what inspecting it must find.
pub struct Fixture {
    pub name: &'static str,
    pub ext: &'static str,
    pub bytes: Vec<u8>,
    /// A substring of one of the geodata places, when a location is planted.
    pub geodata: Option<&'static str>,
    /// (source contains, text contains, person_tag) that must be among the texts.
    pub texts: Vec<(&'static str, &'static str, bool)>,
    /// Metadata kinds that must be listed.
    pub kinds: Vec<&'static str>,
    /// Things `scrub` must say it removed (substrings).
    pub removed: Vec<&'static str>,
    /// The EXIF Orientation that must survive scrubbing (JPEG only).
    pub orientation: Option<u16>,
}

/// A file that must be refused.
pub struct BadFixture {
    pub name: &'static str,
    pub ext: &'static str,
    pub bytes: Vec<u8>,
    /// `Some(format)` for Unsupported, `None` for Unreadable.
    pub unsupported: Option<&'static str>,
    /// A substring of the error message.
    pub reason: &'static str,
}

// ---------------------------------------------------------------- pictures

fn picture(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, ((x + y) * 4 % 256) as u8]))
}

fn encode(w: u32, h: u32, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(picture(w, h)).write_to(&mut out, format).expect("encode");
    out.into_inner()
}

pub fn plain_jpeg() -> Vec<u8> {
    encode(64, 48, ImageFormat::Jpeg)
}

pub fn plain_png() -> Vec<u8> {
    encode(40, 30, ImageFormat::Png)
}

pub fn plain_webp() -> Vec<u8> {
    encode(40, 30, ImageFormat::WebP)
}

/// A looping one-frame GIF, so the NETSCAPE2.0 extension is there to be kept.
pub fn plain_gif() -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = GifEncoder::new(&mut out);
        enc.set_repeat(Repeat::Infinite).expect("repeat");
        let rgba = DynamicImage::ImageRgb8(picture(20, 16)).to_rgba8();
        enc.encode_frame(Frame::new(rgba)).expect("frame");
    }
    out
}

/// A 16×16 progressive JPEG with ten scans. The `image` crate only encodes baseline JPEG,
/// so this was made once with Pillow (`Image.save(..., progressive=True, quality=90)`) and
/// is kept here as hex.
pub fn progressive_jpeg() -> Vec<u8> {
    const HEX: &[&str] = &[
        "ffd8ffe000104a46494600010100000100010000ffdb0043000302020302020303030304030304050805050404050a070706080c0a0c0c0b0a0b0b0d",
        "0e12100d0e110e0b0b1016101113141515150c0f171816141812141514ffdb00430103040405040509050509140d0b0d141414141414141414141414",
        "1414141414141414141414141414141414141414141414141414141414141414141414141414ffc20011080010001003012200021101031101ffc400",
        "1500010100000000000000000000000000000607ffc40014010100000000000000000000000000000000ffda000c030100021003100000018fbc64f0",
        "ffc400161000030000000000000000000000000000000405ffda00080101000105024a4094812902520fffc400171101000300000000000000000000",
        "00000006002131ffda0008010301013f013c872e7fffc4001511010100000000000000000000000000000300ffda0008010201013f0116bfffc40016",
        "1000030000000000000000000000000000000121ffda0008010100063f0250505050ffc40014100100000000000000000000000000000020ffda0008",
        "010100013f210aaabfffda000c0301000200030000001053ffc40014110100000000000000000000000000000000ffda0008010301013f107fffc400",
        "161100030000000000000000000000000000002131ffda0008010201013f10833fffc40015100101000000000000000000000000000000f1ffda0008",
        "010100013f1082828282ffd9",
    ];
    let hex: String = HEX.concat();
    (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex")).collect()
}

// ---------------------------------------------------------------- TIFF / EXIF

/// One IFD entry: tag, type, count and the value bytes (little-endian).
#[derive(Clone)]
pub struct Entry {
    tag: u16,
    typ: u16,
    count: u32,
    data: Vec<u8>,
}

pub fn ascii(tag: u16, s: &str) -> Entry {
    let mut data = s.as_bytes().to_vec();
    data.push(0);
    Entry { tag, typ: 2, count: data.len() as u32, data }
}

pub fn short(tag: u16, v: u16) -> Entry {
    Entry { tag, typ: 3, count: 1, data: v.to_le_bytes().to_vec() }
}

pub fn bytes(tag: u16, typ: u16, data: &[u8]) -> Entry {
    Entry { tag, typ, count: data.len() as u32, data: data.to_vec() }
}

pub fn rationals(tag: u16, values: &[(u32, u32)]) -> Entry {
    let data = values.iter().flat_map(|(n, d)| n.to_le_bytes().into_iter().chain(d.to_le_bytes())).collect();
    Entry { tag, typ: 5, count: values.len() as u32, data }
}

/// The Windows XP tags: BYTE arrays holding NUL-terminated UTF-16LE.
pub fn utf16(tag: u16, s: &str) -> Entry {
    let data: Vec<u8> = s.encode_utf16().chain([0]).flat_map(u16::to_le_bytes).collect();
    bytes(tag, 1, &data)
}

/// An IFD with its sub-IFDs (by pointer tag), an optional thumbnail and a next IFD.
#[derive(Clone, Default)]
pub struct Ifd {
    pub entries: Vec<Entry>,
    pub sub: Vec<(u16, Ifd)>,
    pub thumbnail: Option<Vec<u8>>,
    pub next: Option<Box<Ifd>>,
}

impl Ifd {
    pub fn of(entries: Vec<Entry>) -> Ifd {
        Ifd { entries, ..Ifd::default() }
    }

    pub fn with(mut self, tag: u16, sub: Ifd) -> Ifd {
        self.sub.push((tag, sub));
        self
    }
}

/// A little-endian TIFF holding `ifd0` and everything it points to.
pub fn tiff(ifd0: &Ifd) -> Vec<u8> {
    let mut buf = b"II*\0\x08\0\0\0".to_vec();
    write_ifd(&mut buf, ifd0);
    buf
}

fn patch(buf: &mut [u8], at: usize, v: u32) {
    buf[at..at + 4].copy_from_slice(&v.to_le_bytes());
}

fn align(buf: &mut Vec<u8>) {
    if buf.len() % 2 == 1 {
        buf.push(0);
    }
}

fn write_ifd(buf: &mut Vec<u8>, ifd: &Ifd) -> u32 {
    let mut entries = ifd.entries.clone();
    for (tag, _) in &ifd.sub {
        entries.push(Entry { tag: *tag, typ: 4, count: 1, data: vec![0; 4] });
    }
    if let Some(thumb) = &ifd.thumbnail {
        entries.push(short(0x0103, 6));
        entries.push(Entry { tag: 0x0201, typ: 4, count: 1, data: vec![0; 4] });
        entries.push(Entry { tag: 0x0202, typ: 4, count: 1, data: (thumb.len() as u32).to_le_bytes().to_vec() });
    }
    entries.sort_by_key(|e| e.tag);
    align(buf);
    let at = buf.len();
    buf.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    let field = |i: usize| at + 2 + 12 * i + 8;
    for e in &entries {
        buf.extend_from_slice(&e.tag.to_le_bytes());
        buf.extend_from_slice(&e.typ.to_le_bytes());
        buf.extend_from_slice(&e.count.to_le_bytes());
        let mut inline = [0u8; 4];
        if e.data.len() <= 4 {
            inline[..e.data.len()].copy_from_slice(&e.data);
        }
        buf.extend_from_slice(&inline);
    }
    let next_field = buf.len();
    buf.extend_from_slice(&[0; 4]);
    for (i, e) in entries.iter().enumerate() {
        if e.data.len() > 4 {
            align(buf);
            let off = buf.len() as u32;
            buf.extend_from_slice(&e.data);
            patch(buf, field(i), off);
        }
    }
    for (tag, sub) in &ifd.sub {
        let off = write_ifd(buf, sub);
        let i = entries.iter().position(|e| e.tag == *tag).expect("pointer entry");
        patch(buf, field(i), off);
    }
    if let Some(thumb) = &ifd.thumbnail {
        align(buf);
        let off = buf.len() as u32;
        buf.extend_from_slice(thumb);
        let i = entries.iter().position(|e| e.tag == 0x0201).expect("thumbnail entry");
        patch(buf, field(i), off);
    }
    if let Some(next) = &ifd.next {
        let off = write_ifd(buf, next);
        patch(buf, next_field, off);
    }
    at as u32
}

/// A GPS IFD placing the picture near a (fictional) school.
pub fn gps_ifd() -> Ifd {
    Ifd::of(vec![
        bytes(0x0000, 1, &[2, 3, 0, 0]),
        ascii(0x0001, "N"),
        rationals(0x0002, &[(50, 1), (43, 1), (1234, 100)]),
        ascii(0x0003, "W"),
        rationals(0x0004, &[(3, 1), (31, 1), (5678, 100)]),
    ])
}

pub const GPS_POINTER: u16 = 0x8825;
pub const EXIF_POINTER: u16 = 0x8769;

pub fn segment(marker: u8, payload: &[u8]) -> Vec<u8> {
    let mut v = vec![0xFF, marker];
    v.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    v.extend_from_slice(payload);
    v
}

pub fn exif_segment(ifd0: &Ifd) -> Vec<u8> {
    segment(0xE1, &[b"Exif\0\0".as_slice(), &tiff(ifd0)].concat())
}

/// Inserts segments after SOI and the JFIF APP0 (where cameras put them).
pub fn with_segments(jpeg: &[u8], segments: &[Vec<u8>]) -> Vec<u8> {
    let mut at = 2;
    if jpeg[2..4] == [0xFF, 0xE0] {
        at += 2 + u16::from_be_bytes([jpeg[4], jpeg[5]]) as usize;
    }
    [&jpeg[..at], &segments.concat(), &jpeg[at..]].concat()
}

/// A small JPEG whose EXIF has GPS: used as a thumbnail and as an MPF secondary image.
fn located_small_jpeg() -> Vec<u8> {
    let small = encode(16, 12, ImageFormat::Jpeg);
    with_segments(&small, &[exif_segment(&Ifd::of(vec![ascii(0x013B, "Embedded camera")]).with(GPS_POINTER, gps_ifd()))])
}

// ---------------------------------------------------------------- XMP / IPTC

pub fn xmp_packet(description_attrs: &str, body: &str) -> String {
    format!(
        r#"<?xpacket begin="﻿" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="hand">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
    xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/"
    xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#"
    xmlns:MP="http://ns.microsoft.com/photo/1.2/"
    xmlns:MPRI="http://ns.microsoft.com/photo/1.2/t/RegionInfo#"
    xmlns:MPReg="http://ns.microsoft.com/photo/1.2/t/Region#"
    xmlns:lr="http://ns.adobe.com/lightroom/1.0/"
    xmlns:exif="http://ns.adobe.com/exif/1.0/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    xmlns:xmpNote="http://ns.adobe.com/xmp/note/"
    {description_attrs}>
{body}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#
    )
}

/// `jpeg` with XMP tagging `person` as in the picture (IPTC Extension PersonInImage).
pub fn jpeg_with_person_tag(jpeg: &[u8], person: &str) -> Vec<u8> {
    let body = format!("<Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>{person}</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage>");
    let packet = xmp_packet("", &body);
    let app1 = segment(0xE1, &[b"http://ns.adobe.com/xap/1.0/\0".as_slice(), packet.as_bytes()].concat());
    with_segments(jpeg, &[app1])
}

/// XMP naming the pupil every way photo tools do, with a location.
pub fn planted_xmp() -> String {
    xmp_packet(
        r#"exif:GPSLatitude="50,43.2058N" exif:GPSLongitude="3,31.5678W" photoshop:City="Exeter""#,
        r#"   <dc:subject><rdf:Bag><rdf:li>Amelia Thornbury</rdf:li><rdf:li>sports day</rdf:li></rdf:Bag></dc:subject>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Sports day</rdf:li></rdf:Alt></dc:title>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">Amelia wins the sack race</rdf:li></rdf:Alt></dc:description>
   <Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Amelia Thornbury</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage>
   <lr:hierarchicalSubject><rdf:Bag><rdf:li>People|Amelia Thornbury</rdf:li></rdf:Bag></lr:hierarchicalSubject>
   <mwg-rs:Regions rdf:parseType="Resource">
    <mwg-rs:RegionList><rdf:Bag><rdf:li rdf:parseType="Resource">
     <mwg-rs:Name>Amelia Thornbury</mwg-rs:Name><mwg-rs:Type>Face</mwg-rs:Type>
     <mwg-rs:Area stArea:x="0.5" stArea:y="0.5" stArea:w="0.1" stArea:h="0.1" stArea:unit="normalized"/>
    </rdf:li></rdf:Bag></mwg-rs:RegionList>
   </mwg-rs:Regions>
   <MP:RegionInfo rdf:parseType="Resource"><MPRI:Regions><rdf:Bag>
    <rdf:li MPReg:PersonDisplayName="Amelia Thornbury" MPReg:Rectangle="0.1, 0.1, 0.2, 0.2"/>
   </rdf:Bag></MPRI:Regions></MP:RegionInfo>"#,
    )
}

fn planted_xmp_texts() -> Vec<(&'static str, &'static str, bool)> {
    vec![
        ("XMP dc:subject", NAME, true),
        ("XMP Iptc4xmpExt:PersonInImage", NAME, true),
        ("XMP lr:hierarchicalSubject", NAME, true),
        ("XMP mwg-rs:Name", NAME, true),
        ("XMP MPReg:PersonDisplayName", NAME, true),
        ("XMP dc:description", "Amelia wins", false),
    ]
}

fn xmp_segment(packet: &str) -> Vec<u8> {
    segment(0xE1, &[b"http://ns.adobe.com/xap/1.0/\0".as_slice(), packet.as_bytes()].concat())
}

pub fn iim(datasets: &[(u8, u8, &[u8])]) -> Vec<u8> {
    let mut v = Vec::new();
    for (rec, ds, data) in datasets {
        v.extend_from_slice(&[0x1C, *rec, *ds]);
        v.extend_from_slice(&(data.len() as u16).to_be_bytes());
        v.extend_from_slice(data);
    }
    v
}

fn iptc_segment(iim: &[u8]) -> Vec<u8> {
    let mut p = b"Photoshop 3.0\08BIM\x04\x04\0\0".to_vec();
    p.extend_from_slice(&(iim.len() as u32).to_be_bytes());
    p.extend_from_slice(iim);
    if iim.len() % 2 == 1 {
        p.push(0);
    }
    segment(0xED, &p)
}

// ---------------------------------------------------------------- JPEG fixtures

fn fixture(name: &'static str, ext: &'static str, bytes: Vec<u8>) -> Fixture {
    Fixture { name, ext, bytes, geodata: None, texts: Vec::new(), kinds: Vec::new(), removed: Vec::new(), orientation: None }
}

fn jpeg_fixtures() -> Vec<Fixture> {
    let jpeg = plain_jpeg();
    let mut all = Vec::new();

    let ifd0 = Ifd::of(vec![ascii(0x010E, "Sports day"), short(0x0112, 6), ascii(0x013B, NAME)]).with(GPS_POINTER, gps_ifd());
    let mut f = fixture("jpeg-exif-gps", "jpg", with_segments(&jpeg, &[exif_segment(&ifd0)]));
    f.geodata = Some("EXIF GPS IFD");
    f.texts = vec![("EXIF Artist", NAME, false), ("EXIF ImageDescription", "Sports day", false)];
    f.kinds = vec!["EXIF"];
    f.removed = vec!["EXIF (with GPS)"];
    f.orientation = Some(6);
    all.push(f);

    // The thumbnail in IFD1 is itself a JPEG whose own EXIF carries GPS.
    let mut ifd0 = Ifd::of(vec![ascii(0x010F, "Camera"), short(0x0112, 1)]);
    ifd0.next = Some(Box::new(Ifd { thumbnail: Some(located_small_jpeg()), ..Ifd::of(vec![short(0x011A, 72)]) }));
    let mut f = fixture("jpeg-thumbnail-gps", "jpeg", with_segments(&jpeg, &[exif_segment(&ifd0)]));
    f.geodata = Some("EXIF GPS IFD in thumbnail");
    f.texts = vec![("EXIF Artist in thumbnail", "Embedded camera", false)];
    f.kinds = vec!["EXIF"];
    all.push(f);

    // Two EXIF blocks; only the second has a location.
    let first = Ifd::of(vec![ascii(0x013B, "Staff photographer"), short(0x0112, 1)]);
    let second = Ifd::of(vec![ascii(0x010E, "second block")]).with(GPS_POINTER, gps_ifd());
    let mut f = fixture("jpeg-two-exif", "jpg", with_segments(&jpeg, &[exif_segment(&first), exif_segment(&second)]));
    f.geodata = Some("EXIF GPS IFD");
    f.texts = vec![("EXIF Artist", "Staff photographer", false), ("EXIF ImageDescription", "second block", false)];
    f.kinds = vec!["EXIF"];
    all.push(f);

    let ifd0 =
        Ifd::of(vec![utf16(0x9C9E, "Amelia Thornbury;sports day"), utf16(0x9C9C, "Well done Zoë"), utf16(0x9C9D, "Mrs Priya Raman")])
            .with(EXIF_POINTER, Ifd::of(vec![bytes(0x9286, 7, b"ASCII\0\0\0Amelia Thornbury first race")]));
    let mut f = fixture("jpeg-xp-keywords", "jpg", with_segments(&jpeg, &[exif_segment(&ifd0)]));
    f.texts = vec![
        ("EXIF XPKeywords", "Amelia Thornbury;sports day", true),
        ("EXIF XPComment", "Well done Zoë", false),
        ("EXIF UserComment", NAME, false),
    ];
    f.kinds = vec!["EXIF"];
    all.push(f);

    let mut f = fixture("jpeg-xmp", "jpg", with_segments(&jpeg, &[xmp_segment(&planted_xmp())]));
    f.geodata = Some("XMP exif:GPSLatitude");
    f.texts = planted_xmp_texts();
    f.kinds = vec!["XMP"];
    f.removed = vec!["XMP"];
    all.push(f);

    // Extended XMP: the main packet points at a GUID; the rest comes in chunks, out of order.
    let guid = "0123456789ABCDEF0123456789ABCDEF";
    let main = xmp_packet(&format!(r#"xmpNote:HasExtendedXMP="{guid}""#), "<dc:title><rdf:Alt><rdf:li>Race</rdf:li></rdf:Alt></dc:title>");
    let ext = xmp_packet("", "<Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Amelia Thornbury</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage>");
    let ext = ext.as_bytes();
    let half = ext.len() / 2;
    let chunk = |offset: usize, data: &[u8]| {
        let mut p = b"http://ns.adobe.com/xmp/extension/\0".to_vec();
        p.extend_from_slice(guid.as_bytes());
        p.extend_from_slice(&(ext.len() as u32).to_be_bytes());
        p.extend_from_slice(&(offset as u32).to_be_bytes());
        p.extend_from_slice(data);
        segment(0xE1, &p)
    };
    let segs = [xmp_segment(&main), chunk(half, &ext[half..]), chunk(0, &ext[..half])];
    let mut f = fixture("jpeg-extended-xmp", "jpg", with_segments(&jpeg, &segs));
    f.texts = vec![("XMP Iptc4xmpExt:PersonInImage", NAME, true), ("XMP dc:title", "Race", false)];
    f.kinds = vec!["XMP", "XMP (extended)"];
    all.push(f);

    let mut f = fixture(
        "jpeg-iptc-latin1",
        "jpg",
        with_segments(
            &jpeg,
            &[iptc_segment(&iim(&[(2, 0, b"\0\x04"), (2, 25, b"Am\xE9lia Thornbury"), (2, 120, b"Sack race \xB7 Year 4")]))],
        ),
    );
    f.texts = vec![("IPTC Keywords (2:25)", "Amélia Thornbury", true), ("IPTC Caption-Abstract (2:120)", "Sack race · Year 4", false)];
    f.kinds = vec!["IPTC"];
    all.push(f);

    let utf8 = iim(&[(1, 90, b"\x1b%G"), (2, 25, "Amélia Thornbury".as_bytes()), (2, 80, "Zoë Photographer".as_bytes())]);
    let mut f = fixture("jpeg-iptc-utf8", "jpg", with_segments(&jpeg, &[iptc_segment(&utf8)]));
    f.texts = vec![("IPTC Keywords (2:25)", "Amélia Thornbury", true), ("IPTC By-line (2:80)", "Zoë Photographer", false)];
    f.kinds = vec!["IPTC"];
    all.push(f);

    let mut f = fixture("jpeg-com", "jpg", with_segments(&jpeg, &[segment(0xFE, b"Amelia Thornbury, Year 4")]));
    f.texts = vec![("JPEG comment", NAME, false)];
    f.kinds = vec!["COM"];
    f.removed = vec!["COM"];
    all.push(f);

    let mut f = fixture("jpeg-app12", "jpg", with_segments(&jpeg, &[segment(0xEC, b"[picture info]\r\nTitle=Amelia Thornbury\r\n\0")]));
    f.texts = vec![("APP12", NAME, false)];
    f.kinds = vec!["APP12"];
    f.removed = vec!["APP12"];
    all.push(f);

    all.push(mpf_fixture(&jpeg));

    let mut f = fixture("jpeg-trailing-garbage", "jpg", [jpeg.clone(), b"\0\0garbage".to_vec()].concat());
    f.kinds = vec!["data after end of image"];
    f.removed = vec!["9 bytes after end of image"];
    all.push(f);

    let ifd0 = Ifd::of(vec![short(0x0112, 8)]).with(GPS_POINTER, gps_ifd());
    let mut f =
        fixture("jpeg-progressive", "jpg", with_segments(&progressive_jpeg(), &[exif_segment(&ifd0), segment(0xFE, b"Amelia Thornbury")]));
    f.geodata = Some("EXIF GPS IFD");
    f.texts = vec![("JPEG comment", NAME, false)];
    f.kinds = vec!["EXIF", "COM"];
    f.orientation = Some(8);
    all.push(f);

    all
}

/// A JPEG with an MPF index and a secondary image after EOI whose EXIF has GPS.
fn mpf_fixture(jpeg: &[u8]) -> Fixture {
    let secondary = located_small_jpeg();
    // MPF payload: "MPF\0", then a TIFF whose IFD lists the two images (offsets from the TIFF header).
    let mpf = |second_offset: u32, main_len: u32| {
        let mut t = b"MPF\0II*\0\x08\0\0\0\x03\0".to_vec();
        for (tag, typ, count, value) in [(0xB000u16, 7u16, 4u32, u32::from_le_bytes(*b"0100")), (0xB001, 4, 1, 2), (0xB002, 7, 32, 50)] {
            t.extend_from_slice(&tag.to_le_bytes());
            t.extend_from_slice(&typ.to_le_bytes());
            t.extend_from_slice(&count.to_le_bytes());
            t.extend_from_slice(&value.to_le_bytes());
        }
        t.extend_from_slice(&[0; 4]);
        for (attr, size, offset) in [(0x2003_0000u32, main_len, 0u32), (0x0001_0000, secondary.len() as u32, second_offset)] {
            t.extend_from_slice(&attr.to_le_bytes());
            t.extend_from_slice(&size.to_le_bytes());
            t.extend_from_slice(&offset.to_le_bytes());
            t.extend_from_slice(&[0; 4]);
        }
        segment(0xE2, &t)
    };
    let probe = with_segments(jpeg, &[mpf(0, 0)]);
    let main_len = probe.len() as u32;
    let tiff_at = (probe.windows(4).position(|w| w == b"MPF\0").expect("MPF segment") + 4) as u32;
    let main = with_segments(jpeg, &[mpf(main_len - tiff_at, main_len)]);
    let mut f = fixture("jpeg-mpf-secondary", "jpg", [main, secondary].concat());
    f.geodata = Some("EXIF GPS IFD in embedded image after end of image");
    f.kinds = vec!["MPF", "data after end of image"];
    f.removed = vec!["MPF", "bytes after end of image"];
    f
}

// ---------------------------------------------------------------- PNG

pub fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut v = (data.len() as u32).to_be_bytes().to_vec();
    v.extend_from_slice(kind);
    v.extend_from_slice(data);
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    v.extend_from_slice(&crc.sum().to_be_bytes());
    v
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(data).expect("zlib");
    z.finish().expect("zlib")
}

/// Inserts chunks right after IHDR (8-byte signature + 25-byte IHDR).
pub fn with_chunks(png: &[u8], chunks: &[Vec<u8>]) -> Vec<u8> {
    [&png[..33], &chunks.concat(), &png[33..]].concat()
}

fn png_fixtures() -> Vec<Fixture> {
    let png = plain_png();
    let itxt = [b"Keywords\0\x01\0en\0Schlagworte\0".as_slice(), &zlib("Amélia Thornbury".as_bytes())].concat();
    let chunks = [
        png_chunk(b"tEXt", b"Author\0Amelia Thornbury"),
        png_chunk(b"zTXt", &[b"Comment\0\0".as_slice(), &zlib(b"Photo of Zo\xEB and Amelia Thornbury")].concat()),
        png_chunk(b"iTXt", &itxt),
        png_chunk(b"tIME", &[0x07, 0xE9, 6, 1, 12, 0, 0]),
    ];
    let mut text = fixture("png-text", "png", with_chunks(&png, &chunks));
    text.texts = vec![
        ("PNG tEXt Author", NAME, false),
        ("PNG zTXt Comment", "Photo of Zoë and Amelia Thornbury", false),
        ("PNG iTXt Keywords", "Amélia Thornbury", true),
    ];
    text.kinds = vec!["tEXt", "zTXt", "iTXt", "tIME"];
    text.removed = vec!["tEXt", "zTXt", "iTXt", "tIME"];

    let exif = tiff(&Ifd::of(vec![ascii(0x013B, NAME)]).with(GPS_POINTER, gps_ifd()));
    let xmp = [b"XML:com.adobe.xmp\0\0\0\0\0".as_slice(), planted_xmp().as_bytes()].concat();
    let mut meta = fixture("png-exif-xmp", "png", with_chunks(&png, &[png_chunk(b"eXIf", &exif), png_chunk(b"iTXt", &xmp)]));
    meta.geodata = Some("EXIF GPS IFD");
    meta.texts = [vec![("EXIF Artist", NAME, false)], planted_xmp_texts()].concat();
    meta.kinds = vec!["eXIf", "iTXt", "XMP"];
    meta.removed = vec!["eXIf (with GPS)", "iTXt"];
    vec![text, meta]
}

// ---------------------------------------------------------------- WebP

pub fn riff_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut v = kind.to_vec();
    v.extend_from_slice(&(data.len() as u32).to_le_bytes());
    v.extend_from_slice(data);
    if data.len() % 2 == 1 {
        v.push(0);
    }
    v
}

/// Rewraps the encoder's simple (VP8L-only) WebP in an extended VP8X file with EXIF and XMP.
fn webp_fixture() -> Fixture {
    let simple = plain_webp();
    let image_chunk = &simple[12..];
    let (w, h) = (40u32 - 1, 30u32 - 1);
    let mut vp8x = vec![0x08 | 0x04, 0, 0, 0];
    vp8x.extend_from_slice(&w.to_le_bytes()[..3]);
    vp8x.extend_from_slice(&h.to_le_bytes()[..3]);
    let exif = tiff(&Ifd::of(vec![ascii(0x013B, NAME), short(0x0112, 1)]).with(GPS_POINTER, gps_ifd()));
    let body = [
        b"WEBP".to_vec(),
        riff_chunk(b"VP8X", &vp8x),
        image_chunk.to_vec(),
        riff_chunk(b"EXIF", &exif),
        riff_chunk(b"XMP ", planted_xmp().as_bytes()),
    ]
    .concat();
    let bytes = [b"RIFF".as_slice(), &(body.len() as u32).to_le_bytes(), &body].concat();
    let mut f = fixture("webp-exif-xmp", "webp", bytes);
    f.geodata = Some("EXIF GPS IFD");
    f.texts = [vec![("EXIF Artist", NAME, false)], planted_xmp_texts()].concat();
    f.kinds = vec!["EXIF", "XMP", "VP8X metadata flags"];
    f.removed = vec!["EXIF (with GPS)", "XMP"];
    f
}

// ---------------------------------------------------------------- GIF

/// XMP in GIF: the packet's bytes are written raw as if they were sub-blocks, followed by
/// a 257-byte "magic trailer" that walks any reader back to a block terminator.
fn gif_xmp_extension(packet: &str) -> Vec<u8> {
    let mut v = b"\x21\xFF\x0BXMP DataXMP".to_vec();
    v.extend_from_slice(packet.as_bytes());
    v.push(1);
    v.extend((0..=255u8).rev());
    v.push(0);
    v
}

fn gif_fixture() -> Fixture {
    let gif = plain_gif();
    let trailer = gif.len() - 1;
    let comment = b"\x21\xFE\x18Amelia Thornbury, Year 4\0";
    let inserted = [&gif[..trailer], comment.as_slice(), &gif_xmp_extension(&planted_xmp()), &gif[trailer..], b"tail"].concat();
    let mut f = fixture("gif-comment-xmp", "gif", inserted);
    f.geodata = Some("XMP exif:GPSLatitude");
    f.texts = [vec![("GIF comment", "Amelia Thornbury, Year 4", false)], planted_xmp_texts()].concat();
    f.kinds = vec!["GIF comment", "XMP", "data after end of image"];
    f.removed = vec!["GIF comment", "XMP", "4 bytes after end of image"];
    f
}

// ---------------------------------------------------------------- AVIF

fn bmff(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
    [&((body.len() + 8) as u32).to_be_bytes(), kind.as_slice(), body].concat()
}

fn infe(id: u16, kind: &[u8; 4]) -> Vec<u8> {
    bmff(b"infe", &[&[2u8, 0, 0, 0][..], &id.to_be_bytes(), &[0, 0], kind, b"\0"].concat())
}

/// A minimal AVIF box structure (the pixels do not decode); with `exif`, an Exif item whose
/// data (found through iloc) has GPS and the planted name.
pub fn avif(exif: bool) -> Vec<u8> {
    let ftyp = bmff(b"ftyp", b"avif\0\0\0\0avifmif1miaf");
    let exif_data = [&[0u8, 0, 0, 0][..], &tiff(&Ifd::of(vec![ascii(0x013B, NAME)]).with(GPS_POINTER, gps_ifd()))].concat();
    let mut items = infe(1, b"av01");
    let count: u16 = if exif { 2 } else { 1 };
    if exif {
        items.extend(infe(2, b"Exif"));
    }
    let iinf = bmff(b"iinf", &[&[0u8, 0, 0, 0][..], &count.to_be_bytes(), &items].concat());
    let meta_for = |exif_offset: u32| {
        // iloc v0: offset and length 4 bytes, no base offset; item 1 → 3 bytes of "pixels".
        let mut iloc = vec![0u8, 0, 0, 0, 0x44, 0x00];
        iloc.extend_from_slice(&count.to_be_bytes());
        iloc.extend_from_slice(&[0, 1, 0, 0, 0, 1]);
        iloc.extend_from_slice(&(exif_offset + exif_data.len() as u32).to_be_bytes());
        iloc.extend_from_slice(&3u32.to_be_bytes());
        if exif {
            iloc.extend_from_slice(&[0, 2, 0, 0, 0, 1]);
            iloc.extend_from_slice(&exif_offset.to_be_bytes());
            iloc.extend_from_slice(&(exif_data.len() as u32).to_be_bytes());
        }
        bmff(b"meta", &[&[0u8, 0, 0, 0][..], &bmff(b"hdlr", &[0; 24]), &iinf, &bmff(b"iloc", &iloc)].concat())
    };
    let offset = (ftyp.len() + meta_for(0).len() + 8) as u32;
    let mdat = bmff(b"mdat", &[exif_data.as_slice(), &[1, 2, 3]].concat());
    [ftyp, meta_for(offset), mdat].concat()
}

// ---------------------------------------------------------------- all of them

pub fn planted() -> Vec<Fixture> {
    let mut all = jpeg_fixtures();
    all.extend(png_fixtures());
    all.push(webp_fixture());
    all.push(gif_fixture());
    all
}

fn bad(name: &'static str, ext: &'static str, bytes: Vec<u8>, unsupported: Option<&'static str>, reason: &'static str) -> BadFixture {
    BadFixture { name, ext, bytes, unsupported, reason }
}

pub fn refused() -> Vec<BadFixture> {
    let jpeg = plain_jpeg();
    let png = plain_png();
    let mut bad_crc = png.clone();
    let idat = bad_crc.windows(4).position(|w| w == b"IDAT").expect("IDAT");
    bad_crc[idat + 6] ^= 0x55;
    let webp = plain_webp();
    let gif = plain_gif();
    let avif_bytes = avif(true);
    vec![
        bad("empty", "jpg", Vec::new(), None, "empty file"),
        bad("tiff-le", "tif", b"II*\0\x08\0\0\0\0\0\0\0\0\0".to_vec(), Some("TIFF"), "save it as JPEG or PNG"),
        bad("tiff-be", "tiff", b"MM\0*\0\0\0\x08\0\0\0\0\0\0".to_vec(), Some("TIFF"), "save it as JPEG or PNG"),
        bad("bmp", "bmp", [b"BM".as_slice(), &[0; 52]].concat(), Some("BMP"), "save it as JPEG or PNG"),
        bad("heic", "heic", bmff(b"ftyp", b"heic\0\0\0\0mif1heic"), Some("HEIC"), "save it as JPEG or PNG"),
        bad("heic-named-jpg", "jpg", bmff(b"ftyp", b"heic\0\0\0\0mif1heic"), Some("HEIC"), "really a HEIC named .jpg"),
        bad("png-named-jpg", "jpg", png.clone(), None, "mislabelled: a PNG named .jpg"),
        bad("jpeg-named-png", "png", jpeg.clone(), None, "mislabelled: a JPEG named .png"),
        bad("garbage", "png", b"this is not an image at all".to_vec(), None, "not a JPEG, PNG"),
        bad("jpeg-truncated", "jpg", jpeg[..jpeg.len() / 2].to_vec(), None, "truncated JPEG"),
        bad("jpeg-no-eoi", "jpg", jpeg[..jpeg.len() - 2].to_vec(), None, "without an end-of-image marker"),
        bad("jpeg-bad-length", "jpg", b"\xFF\xD8\xFF\xE1\xFF\xFFExif".to_vec(), None, "claims 65535 bytes"),
        bad(
            "jpeg-no-scan",
            "jpg",
            [b"\xFF\xD8".as_slice(), &segment(0xFE, b"hi"), b"\xFF\xD9"].concat(),
            None,
            "before any frame header and scan",
        ),
        bad("png-bad-crc", "png", bad_crc, None, "fails its CRC check"),
        bad("png-truncated", "png", png[..png.len() - 20].to_vec(), None, "truncated PNG"),
        bad("webp-truncated", "webp", webp[..webp.len() - 3].to_vec(), None, "truncated WebP"),
        bad("gif-truncated", "gif", gif[..gif.len() - 1].to_vec(), None, "truncated GIF"),
        bad("avif-truncated", "avif", avif_bytes[..avif_bytes.len() - 1].to_vec(), None, "truncated AVIF"),
    ]
}

/// A real JPEG whose EXIF records where it was taken, as a phone writes one.
pub fn jpeg_with_gps() -> Vec<u8> {
    with_segments(&plain_jpeg(), &[exif_segment(&Ifd::of(vec![]).with(0x8825, gps_ifd()))])
}

/// A font's name table holding one name (its full name, ID 4), in UTF-16 as Windows reads it.
pub fn font_name_table(name: &str) -> Vec<u8> {
    let text: Vec<u8> = name.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let mut table = vec![0, 0, 0, 1, 0, 18];
    for field in [3u16, 1, 0x409, 4, u16::try_from(text.len()).unwrap(), 0] {
        table.extend(field.to_be_bytes());
    }
    table.extend(text);
    table
}

/// A TrueType font whose only table is its name table.
pub fn font_named(name: &str) -> Vec<u8> {
    let table = font_name_table(name);
    let mut font = vec![0, 1, 0, 0, 0, 1, 0, 16, 0, 0, 0, 0];
    font.extend(b"name");
    font.extend([0; 4]);
    font.extend(28u32.to_be_bytes());
    font.extend(u32::try_from(table.len()).unwrap().to_be_bytes());
    font.extend(table);
    font
}
