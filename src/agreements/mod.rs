//! Printable agreements: one PDF per class (or per tier, blank), typeset by the print
//! back end ([`crate::print`]) from the theme's `print/agreement.typ`.
//!
//! In: a [`PrintJob`] (school, year, agreements as plain text, pupils), the template's
//! text and a [`Typesetter`] with the theme's fonts. Out: the PDF's bytes, or a
//! [`PrintError`] that names the template's line for a template mistake. Pupil data
//! reaches the template only as data (see [`job`]).

pub mod agreement;
pub mod job;
pub mod pack;
pub mod status;

pub use agreement::{Agreement, PolicyNote};
pub use job::{Paper, PrintJob, PupilSheet};

pub use crate::print::{Block, FONTS, PrintError, Template, Typesetter};

/// Typesets `job` with `template` into a PDF. `today` is the date the document is made on
/// as far as the template can tell.
pub fn print_pdf(job: &PrintJob, typesetter: &Typesetter, template: &Template, today: crate::date::Date) -> Result<Vec<u8>, PrintError> {
    let data = job.template_data().map_err(|err| PrintError::Data(err.to_string()))?;
    crate::print::typeset(typesetter, template, data, &job.ident(), today)
}
