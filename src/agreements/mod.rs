//! `policypress agreements`: the command that prints a school's agreements for the year
//! ([`pack`]) and the one that reports who has signed them ([`status`]).
//!
//! In: the project, loaded by the same stage as `build` ([`crate::project`]), and the
//! roster. Out: PDFs on disk, typeset by the print back end ([`crate::print`]), or a
//! report. Pupil data reaches a template only as data (see [`crate::print::job`]).

pub mod pack;
pub mod status;
