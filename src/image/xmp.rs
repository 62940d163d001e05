//! XMP: a small tag scanner over an XMP packet (RDF/XML).
//!
//! Takes the packet bytes and a [`Collector`]; reports every text value people write
//! (element text and attribute values, entities decoded) with the property it belongs to,
//! marks person tags (PersonInImage, face-region names, subjects and keywords), and reports
//! GPS properties as geodata. A full XML parser would add nothing here: XMP's RDF forms are
//! few, and a scanner that never fails reports text even from a damaged packet.

use super::{Collector, decode_utf16};

/// Elements that only structure RDF; the property a text belongs to is the innermost
/// element that is not one of these.
const CONTAINERS: &[&str] =
    &["rdf:li", "rdf:Bag", "rdf:Seq", "rdf:Alt", "rdf:Description", "rdf:RDF", "rdf:value", "x:xmpmeta", "x:xapmeta"];

/// Namespaces whose values are machine data (ids, dates, develop settings, dimensions).
const NOISE_PREFIXES: &[&str] = &["xmpMM", "stEvt", "stRef", "crs", "tiff", "xmpG", "stDim", "xmpTPg", "stFnt", "stArea", "xmpRights"];

/// Local names (after the prefix) that name who is in a picture, or keyword it.
const PERSON_LOCAL_NAMES: &[&str] = &[
    "PersonInImage",
    "PersonDisplayName",
    "PersonName",
    "hierarchicalSubject",
    "TagsList",
    "LastKeywordXMP",
    "LastKeywordIPTC",
    "CatalogSets",
    "Keywords",
];

/// Nesting beyond this is not real XMP; the scanner stops rather than grow without bound.
const MAX_DEPTH: usize = 256;

/// Reports the texts and locations in one XMP packet.
pub fn inspect(packet: &[u8], out: &mut Collector) {
    let text = match packet {
        [0xFF, 0xFE, rest @ ..] => decode_utf16(rest, true),
        [0xFE, 0xFF, rest @ ..] => decode_utf16(rest, false),
        _ => String::from_utf8_lossy(packet).into_owned(),
    };
    scan(&text, out);
}

fn scan(s: &str, out: &mut Collector) {
    let mut stack: Vec<&str> = Vec::new();
    let mut i = 0;
    while let Some(lt) = s.get(i..).and_then(|rest| rest.find('<')).map(|p| p + i) {
        if let Some(text) = s.get(i..lt) {
            value(&stack, None, &unescape(text), out);
        }
        let rest = s.get(lt..).unwrap_or_default();
        let (skip_to, cdata) = if rest.starts_with("<!--") {
            (rest.find("-->").map(|p| p + 3), None)
        } else if let Some(body) = rest.strip_prefix("<![CDATA[") {
            (rest.find("]]>").map(|p| p + 3), body.find("]]>").and_then(|e| body.get(..e)))
        } else if rest.starts_with("<?") {
            (rest.find("?>").map(|p| p + 2), None)
        } else if rest.starts_with("<!") {
            (rest.find('>').map(|p| p + 1), None)
        } else {
            (None, None)
        };
        if let Some(cdata) = cdata {
            value(&stack, None, cdata, out);
        }
        if let Some(n) = skip_to {
            i = lt + n;
            continue;
        }
        let Some(end) = tag_end(rest) else { return };
        let inner = rest.get(1..end).unwrap_or_default();
        i = lt + end + 1;
        if let Some(name) = inner.strip_prefix('/') {
            let name = name.trim();
            if let Some(pos) = stack.iter().rposition(|open| *open == name) {
                stack.truncate(pos);
            }
            continue;
        }
        let self_closing = inner.ends_with('/');
        let inner = inner.strip_suffix('/').unwrap_or(inner);
        let name_end = inner.find(|c: char| c.is_whitespace()).unwrap_or(inner.len());
        let name = inner.get(..name_end).unwrap_or_default();
        for (attr, val) in attributes(inner.get(name_end..).unwrap_or_default()) {
            if attr.starts_with("xmlns") || attr.starts_with("rdf:") || attr.starts_with("xml:") || attr == "x:xmptk" {
                continue;
            }
            value(&stack, Some(attr), &unescape(val), out);
        }
        if !self_closing {
            if stack.len() >= MAX_DEPTH {
                return;
            }
            stack.push(name);
        }
    }
    if let Some(text) = s.get(i..) {
        value(&stack, None, &unescape(text), out);
    }
}

/// The index of the `>` that closes the tag starting at `rest[0]`, skipping quoted values.
fn tag_end(rest: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in rest.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

/// `name="value"` pairs, leniently: anything malformed ends the list.
fn attributes(mut s: &str) -> Vec<(&str, &str)> {
    let mut found = Vec::new();
    loop {
        s = s.trim_start();
        let Some(eq) = s.find('=') else { return found };
        let name = s.get(..eq).unwrap_or_default().trim();
        let after = s.get(eq + 1..).unwrap_or_default().trim_start();
        let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else { return found };
        let body = after.get(1..).unwrap_or_default();
        let Some(close) = body.find(q) else { return found };
        found.push((name, body.get(..close).unwrap_or_default()));
        s = body.get(close + 1..).unwrap_or_default();
    }
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or_default());
        let after = rest.get(amp + 1..).unwrap_or_default();
        let semi = after.find(';').filter(|&p| p <= 10);
        let decoded = semi.and_then(|p| {
            let entity = after.get(..p)?;
            match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => {
                    let n = if let Some(hex) = entity.strip_prefix("#x").or_else(|| entity.strip_prefix("#X")) {
                        u32::from_str_radix(hex, 16).ok()
                    } else {
                        entity.strip_prefix('#').and_then(|d| d.parse().ok())
                    };
                    n.and_then(char::from_u32)
                }
            }
        });
        match (decoded, semi) {
            (Some(c), Some(p)) => {
                out.push(c);
                rest = after.get(p + 1..).unwrap_or_default();
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Files one value under its property: geodata for GPS properties, a text otherwise.
fn value(stack: &[&str], attr: Option<&str>, text: &str, out: &mut Collector) {
    if text.trim().is_empty() {
        return;
    }
    let property = attr.or_else(|| stack.iter().rev().find(|e| !CONTAINERS.contains(e)).copied());
    let Some(property) = property else { return };
    let (prefix, local) = property.split_once(':').unwrap_or(("", property));
    if local.starts_with("GPS") && local != "GPSVersionID" {
        out.geo(&format!("XMP {property}"));
        return;
    }
    if NOISE_PREFIXES.contains(&prefix) || (prefix == "exif" && local != "UserComment") {
        return;
    }
    // A named place says where the photo was taken as plainly as coordinates do.
    let place = matches!(local, "City" | "State" | "Country" | "Sublocation" | "Location" | "ProvinceState" | "CountryName")
        || stack.iter().any(|e| e.ends_with(":LocationShown") || e.ends_with(":LocationCreated"));
    if place {
        out.geo(&format!("XMP {property}"));
    }
    // Face regions (MWG) and people tags are person tags wherever they nest.
    let person = PERSON_LOCAL_NAMES.contains(&local)
        || property == "dc:subject"
        || (prefix == "mwg-rs" && local == "Name")
        || stack.iter().any(|e| e.ends_with(":PersonInImage") || *e == "dc:subject" || e.ends_with(":hierarchicalSubject"));
    out.text(&format!("XMP {property}"), text, person);
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACKET: &str = r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" exif:GPSLatitude="51,30.1N"
  xmlns:exif="http://ns.adobe.com/exif/1.0/" photoshop:City="Exeter">
<dc:subject><rdf:Bag><rdf:li>Amelia Thornbury</rdf:li><rdf:li>Sports &amp; Day</rdf:li></rdf:Bag></dc:subject>
<Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Zo&#xEB; O'Neill</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage>
<mwg-rs:RegionInfo rdf:parseType="Resource"><mwg-rs:RegionList><rdf:Bag><rdf:li>
<rdf:Description mwg-rs:Name="Ben Adeyemi" mwg-rs:Type="Face"/></rdf:li></rdf:Bag></mwg-rs:RegionList></mwg-rs:RegionInfo>
<exif:GPSLongitude>3,31.2W</exif:GPSLongitude><xmpMM:DocumentID>xmp.did:1234</xmpMM:DocumentID>
<!-- a <comment> --><dc:description><rdf:Alt><rdf:li xml:lang="x-default"><![CDATA[Caption <here>]]></rdf:li></rdf:Alt></dc:description>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"#;

    #[test]
    fn finds_people_and_places() {
        let mut out = Collector::default();
        inspect(PACKET.as_bytes(), &mut out);
        let find = |t: &str| out.texts.iter().find(|x| x.text == t).cloned();
        assert!(find("Amelia Thornbury").is_some_and(|t| t.person_tag && t.source == "XMP dc:subject"));
        assert!(find("Sports & Day").is_some());
        assert!(find("Zoë O'Neill").is_some_and(|t| t.person_tag));
        assert!(find("Ben Adeyemi").is_some_and(|t| t.person_tag));
        assert!(find("Caption <here>").is_some_and(|t| !t.person_tag));
        assert!(find("Exeter").is_some());
        assert!(find("xmp.did:1234").is_none());
        assert_eq!(
            out.geodata,
            vec!["XMP exif:GPSLatitude".to_string(), "XMP photoshop:City".to_string(), "XMP exif:GPSLongitude".to_string()]
        );
    }

    #[test]
    fn every_prefix_is_safe() {
        for n in 0..=PACKET.len() {
            let mut out = Collector::default();
            inspect(&PACKET.as_bytes()[..n], &mut out);
        }
    }

    #[test]
    fn deep_nesting_stops() {
        let deep = "<a:b>".repeat(10_000);
        let mut out = Collector::default();
        inspect(deep.as_bytes(), &mut out);
        assert!(out.texts.is_empty());
    }
}
