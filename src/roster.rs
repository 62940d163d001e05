//! The pupil roster (being written).
