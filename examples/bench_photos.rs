//! Writes camera-sized JPEG photos carrying what real ones carry (EXIF with GPS and a
//! thumbnail, XMP naming a person, a comment), for the scrub benchmark in `bench/`.
//!
//!     cargo run --release --example bench_photos -- OUT_DIR COUNT
//!
//! The pictures are generated, the planted person is fictional, and the output is the
//! same on every run.

#[path = "../tests/it/imagegen/mod.rs"]
#[allow(dead_code, reason = "the benchmark uses only the photo writer of the tests' image generator")]
mod imagegen;

use std::io::Cursor;
use std::path::PathBuf;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use imagegen::{EXIF_POINTER, GPS_POINTER, Ifd, ascii, exif_segment, gps_ifd, planted_xmp, segment, short, with_segments};

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(out), Some(count)) = (args.next(), args.next().and_then(|n| n.parse::<u32>().ok())) else {
        eprintln!("usage: bench_photos OUT_DIR COUNT");
        std::process::exit(2);
    };
    let out = PathBuf::from(out);
    std::fs::create_dir_all(&out).expect("create the output folder");
    // One picture, textured so it compresses like a photo (about 1 MB at this size).
    let picture = RgbImage::from_fn(1600, 1200, |x, y| {
        let noise = (x.wrapping_mul(7919) ^ y.wrapping_mul(104_729)).wrapping_mul(2_654_435_761) >> 24;
        Rgb([((x / 7 + noise) % 256) as u8, ((y / 5 + noise / 2) % 256) as u8, ((x + y + noise) % 256) as u8])
    });
    let mut encoded = Cursor::new(Vec::new());
    DynamicImage::ImageRgb8(picture).write_to(&mut encoded, ImageFormat::Jpeg).expect("encode");
    let thumbnail = {
        let small = RgbImage::from_fn(160, 120, |x, y| Rgb([x as u8, y as u8, 128]));
        let mut out = Cursor::new(Vec::new());
        DynamicImage::ImageRgb8(small).write_to(&mut out, ImageFormat::Jpeg).expect("encode");
        out.into_inner()
    };
    let mut xmp = b"http://ns.adobe.com/xap/1.0/\0".to_vec();
    xmp.extend_from_slice(planted_xmp().as_bytes());
    let mut total = 0;
    for i in 0..count {
        let mut ifd0 = Ifd::of(vec![ascii(0x010F, "Examplecam"), ascii(0x0110, &format!("Model {i}")), short(0x0112, 1)])
            .with(EXIF_POINTER, Ifd::of(vec![ascii(0x9003, "2026:06:12 10:15:00")]))
            .with(GPS_POINTER, gps_ifd());
        ifd0.next = Some(Box::new(Ifd { thumbnail: Some(thumbnail.clone()), ..Ifd::default() }));
        let photo = with_segments(
            encoded.get_ref(),
            &[exif_segment(&ifd0), segment(0xE1, &xmp), segment(0xFE, format!("photo {i} from the school trip").as_bytes())],
        );
        total += photo.len();
        std::fs::write(out.join(format!("photo-{i:04}.jpg")), photo).expect("write a photo");
    }
    eprintln!("{}: {count} photos, {:.1} MiB", out.display(), total as f64 / 1_048_576.0);
}
