//! Placeholder while being written.

use super::{Collector, Format, ImageError, Magic, Scrubbed};

pub(super) fn brand(d: &[u8]) -> Option<Magic> {
    let _ = d;
    Some(Magic::Known(Format::Avif))
}

pub(crate) fn inspect(_d: &[u8], _out: &mut Collector) -> Result<(), ImageError> {
    Err(ImageError::Unsupported { format: "avif", advice: String::new() })
}

pub(crate) fn scrub(_d: &[u8]) -> Result<Scrubbed, ImageError> {
    Err(ImageError::Unsupported { format: "avif", advice: String::new() })
}
