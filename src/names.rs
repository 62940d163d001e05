//! Pupil-name matching (being written).
