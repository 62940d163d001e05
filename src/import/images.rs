//! The pictures of an imported document made ready to publish.
//!
//! In: a read [`Document`] and the address its pictures will have
//! (`/media/imported/<slug>/`). Out: for each picture the site can publish, a numbered file
//! name (`image-1.jpg`) and its bytes stripped of metadata by the project's one stripping
//! implementation ([`crate::image::scrub`]); for each it cannot (Word's EMF and WMF
//! drawings, TIFF, anything scrub refuses, a picture the document only links to), a
//! sentence saying which and what to do. Each kept picture's [`Image::src`] is set, so the
//! body refers to it. Guarantees: the document's own file names are never used (they may
//! carry pupils' names), and a name is only ever `image-<n>.<ext>` with `<ext>` one of
//! the formats scrub reads, so no name can reach outside the folder it is written to.

use super::model::{Document, Image};

/// A picture ready to write: its file name in the document's folder of pictures, and
/// its stripped bytes.
pub(crate) struct Picture {
    pub(crate) name: String,
    pub(crate) bytes: Vec<u8>,
}

/// Strips and names every picture of `document` the site can publish, pointing each at
/// `address` + its name; returns them, and a sentence for each left out.
pub(crate) fn prepare(document: &mut Document, address: &str) -> (Vec<Picture>, Vec<String>) {
    let mut kept = Vec::new();
    let mut left_out = Vec::new();
    for (n, image) in document.images.iter_mut().enumerate() {
        match publishable(image) {
            Ok((extension, bytes)) => {
                let name = format!("image-{}.{extension}", kept.len() + 1);
                image.src = Some(format!("{address}{name}"));
                kept.push(Picture { name, bytes });
            }
            Err(why) => {
                let described = if image.alt.trim().is_empty() { String::new() } else { format!(" (\"{}\")", image.alt.trim()) };
                left_out.push(format!("picture {} of the document{described}: {why}", n + 1));
            }
        }
    }
    (kept, left_out)
}

/// The picture's extension and stripped bytes, or why the site cannot publish it.
fn publishable(image: &Image) -> Result<(&'static str, Vec<u8>), String> {
    let bytes = image.bytes.as_ref().map_err(Clone::clone)?;
    let Some(extension) = crate::image::raster_extension(bytes) else {
        return Err(match image.named.as_str() {
            "emf" | "wmf" | "emz" | "wmz" => format!(
                "a Windows drawing ({}), which browsers do not show: in Word, right-click it, choose Save as Picture, save it as PNG, and add it to the page by hand",
                image.named.to_uppercase()
            ),
            "svg" => "a drawing (SVG): put it in the media folder yourself and add it to the page by hand".to_owned(),
            "" => "not a picture the site can publish: save it as JPEG or PNG and add it to the page by hand".to_owned(),
            other => format!("a .{other} file, not a picture the site can publish: save it as JPEG or PNG and add it to the page by hand"),
        });
    };
    let scrubbed = crate::image::scrub(bytes, extension).map_err(|err| format!("{err}; then add it to the page by hand"))?;
    Ok((extension, scrubbed.bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A structurally valid JPEG (one scan; its pixels do not decode) with a comment.
    fn jpeg_with_comment(comment: &str) -> Vec<u8> {
        let segment = |marker: u8, payload: &[u8]| {
            let mut bytes = vec![0xFF, marker];
            bytes.extend(u16::try_from(payload.len() + 2).unwrap().to_be_bytes());
            bytes.extend(payload);
            bytes
        };
        [
            vec![0xFF, 0xD8],
            segment(0xFE, comment.as_bytes()),
            segment(0xDB, &[0; 65]),
            segment(0xC0, &[8, 0, 1, 0, 1, 1, 1, 0x11, 0]),
            segment(0xC4, &[0; 17]),
            segment(0xDA, &[1, 1, 0, 0, 0x3F, 0]),
            vec![0x12, 0x34, 0xFF, 0xD9],
        ]
        .concat()
    }

    #[test]
    fn pictures_are_numbered_stripped_and_the_unpublishable_named() {
        let mut document = Document::default();
        for (bytes, named, alt) in [
            (Ok(jpeg_with_comment("Taken by Amelia Thornbury")), "jpeg", "Pupils in the library"),
            (Ok(vec![1, 0, 0, 0, 0x6C, 0, 0, 0]), "emf", ""),
            (Err("it is linked from the web, not held in the document".to_owned()), "png", "Logo"),
            (Ok(b"II*\0\x08\0\0\0".to_vec()), "tif", ""),
        ] {
            let _ = document.picture(Image { bytes, named: named.to_owned(), alt: alt.to_owned(), src: None });
        }
        let (kept, left_out) = prepare(&mut document, "/media/imported/aup/");
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].name, "image-1.jpg");
        assert!(!String::from_utf8_lossy(&kept[0].bytes).contains("Amelia"), "stripped");
        assert_eq!(document.images[0].src.as_deref(), Some("/media/imported/aup/image-1.jpg"));
        assert!(document.images[1..].iter().all(|i| i.src.is_none()));
        assert_eq!(left_out.len(), 3, "{left_out:?}");
        assert!(left_out[0].starts_with("picture 2 of the document: a Windows drawing (EMF)"), "{}", left_out[0]);
        assert!(left_out[1].contains("(\"Logo\")") && left_out[1].contains("linked"), "{}", left_out[1]);
        assert!(left_out[2].contains("TIFF"), "{}", left_out[2]);
    }
}
