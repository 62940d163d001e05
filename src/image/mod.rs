//! Image metadata: inspection and lossless scrubbing (being written).
