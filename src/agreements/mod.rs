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

use std::path::Path;

pub use agreement::{Agreement, PolicyNote};
pub use job::{Paper, PrintJob, PupilSheet};

use crate::print::{AGREEMENT_TEMPLATE, Template};
pub use crate::print::{Block, FONTS, PrintError, Typesetter};

/// Reads a theme's agreement template: `themes/<theme>/print/agreement.typ`.
pub fn read_template(theme_folder: &Path) -> Result<String, PrintError> {
    let file = theme_folder.join(AGREEMENT_TEMPLATE);
    std::fs::read_to_string(&file).map_err(|err| PrintError::ReadTemplate { file, message: err.to_string() })
}

/// Typesets `job` with `template` (whose path is `template_file`, for messages) into a
/// PDF. `today` is the date the document is made on as far as the template can tell.
pub fn print_pdf(
    job: &PrintJob,
    typesetter: &Typesetter,
    template: &str,
    template_file: &Path,
    today: crate::date::Date,
) -> Result<Vec<u8>, PrintError> {
    let data = job.template_data().map_err(|err| PrintError::Data(err.to_string()))?;
    let template = Template { file: template_file.to_path_buf(), text: template.to_owned() };
    crate::print::typeset(typesetter, &template, data, &job.ident(), today)
}
