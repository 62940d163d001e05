//! Placeholder while being written.

use super::{Collector, ImageError, Scrubbed};

pub(crate) fn inspect(_d: &[u8], _out: &mut Collector) -> Result<(), ImageError> {
    Err(ImageError::Unsupported { format: "webp", advice: String::new() })
}

pub(crate) fn scrub(_d: &[u8]) -> Result<Scrubbed, ImageError> {
    Err(ImageError::Unsupported { format: "webp", advice: String::new() })
}
