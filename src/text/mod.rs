//! Text formats every stage reads or writes: HTML scanning ([`html`]), CSV ([`csv`]),
//! escaping ([`escape`]), XML entities ([`xml`]) and the one atomic file writer ([`atomic`]).

pub mod atomic;
pub mod csv;
pub(crate) mod escape;
pub mod html;
pub(crate) mod xml;
