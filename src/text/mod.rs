//! Text formats every stage reads or writes: HTML scanning ([`html`]), the tables offices
//! give ([`table`]: CSV in [`csv`], Excel workbooks in [`xlsx`], unpacked by [`zip`]),
//! escaping ([`escape`]), XML entities ([`xml`]), a readable line diff ([`diff`]) and the
//! one atomic file writer ([`atomic`]).

pub mod atomic;
pub mod csv;
pub(crate) mod diff;
pub(crate) mod escape;
pub mod html;
pub(crate) mod table;
pub(crate) mod xlsx;
pub(crate) mod xml;
pub(crate) mod zip;
