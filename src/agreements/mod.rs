//! Printable agreements: one PDF per class (or per tier, blank), typeset by Typst from a
//! template in the theme.
//!
//! In: a [`PrintJob`] (school, year, agreements as plain text, pupils), the template's
//! text and a [`Typesetter`] with the theme's fonts. Out: the PDF's bytes, or a
//! [`PrintError`] that names the template's line for a template mistake. Guarantees: the
//! same job gives byte-identical PDFs (fixed date, fonts from the theme only, a document
//! identifier derived from the job), fonts are embedded, the PDF is tagged with its title
//! and language, and pupil data reaches the template only as data (see [`job`]).

pub mod agreement;
pub mod job;
pub mod pack;
pub mod status;
pub mod wording;
pub mod world;

use std::path::{Path, PathBuf};

use typst::WorldExt;
use typst::diag::SourceDiagnostic;
use typst::foundations::{Datetime, Smart};
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

pub use agreement::{Agreement, Block, PolicyNote};
pub use job::{Paper, PrintJob, PupilSheet};
pub use world::{AgreementWorld, FontError, Typesetter};

/// The template inside a theme, and the fonts folder, relative to the theme's folder.
pub const TEMPLATE: &str = "agreements/agreement.typ";
pub const FONTS: &str = "fonts";

/// Why a PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error(transparent)]
    Fonts(#[from] FontError),
    #[error("{}: cannot read the template: {message}", file.display())]
    ReadTemplate { file: PathBuf, message: String },
    /// A mistake in the template (or data it did not expect); `line` and `column` count
    /// from 1 in `file`.
    #[error("{}{}: {message}", file.display(), position(*line, *column))]
    Template { file: PathBuf, line: Option<u32>, column: Option<u32>, message: String },
    #[error("could not write the PDF: {0}")]
    Pdf(String),
    #[error("could not prepare the template's data: {0}")]
    Data(String),
}

fn position(line: Option<u32>, column: Option<u32>) -> String {
    match (line, column) {
        (Some(line), Some(column)) => format!(":{line}:{column}"),
        (Some(line), None) => format!(":{line}"),
        _ => String::new(),
    }
}

/// Reads a theme's template: `themes/<theme>/agreements/agreement.typ`.
pub fn read_template(theme_folder: &Path) -> Result<String, PrintError> {
    let file = theme_folder.join(TEMPLATE);
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
    let day = today.day.unwrap_or(1);
    let today = u8::try_from(today.month)
        .ok()
        .zip(u8::try_from(day).ok())
        .and_then(|(month, day)| Datetime::from_ymd(today.year, month, day))
        .ok_or_else(|| PrintError::Data(format!("not a date: {today}")))?;
    let world = AgreementWorld::new(typesetter, template, data, today)
        .ok_or_else(|| PrintError::Data("Typst refused the template's path".into()))?;
    let compiled = typst::compile(&world);
    // Warnings (an unknown font name, say) would make a worse sheet silently: treat the
    // first as an error so a theme author sees it.
    let document = match compiled.output {
        Ok(document) => document,
        Err(errors) => return Err(template_error(&world, template_file, &errors)),
    };
    if !compiled.warnings.is_empty() {
        return Err(template_error(&world, template_file, &compiled.warnings));
    }
    // PDF/UA-1: tagged, titled, with its language, readable by a screen reader.
    let standards = PdfStandards::new(&[PdfStandard::Ua_1]).map_err(|err| PrintError::Pdf(err.message().to_string()))?;
    let options = PdfOptions {
        standards,
        // A stable identifier: the same class pack keeps its PDF id from run to run.
        ident: Smart::Custom(format!("policypress/{}/{}", job.academic_year, job.title())),
        creator: Smart::Custom(Some(format!("policypress {}", env!("CARGO_PKG_VERSION")))),
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options)
        .map_err(|errors| PrintError::Pdf(errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join("; ")))
}

/// The first diagnostic, placed in the template where Typst points.
fn template_error(world: &AgreementWorld<'_>, file: &Path, diagnostics: &[SourceDiagnostic]) -> PrintError {
    let Some(first) = diagnostics.first() else {
        return PrintError::Template {
            file: file.to_path_buf(),
            line: None,
            column: None,
            message: "Typst failed without saying why".into(),
        };
    };
    let mut message = first.message.to_string();
    for hint in &first.hints {
        message.push_str(&format!(" (hint: {})", hint.v));
    }
    let in_template = first.span.id() == Some(world.template().id());
    let (line, column) = match world.range(first.span) {
        Some(range) if in_template => {
            let text = world.template().text();
            let before = &text[..range.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            (u32::try_from(line).ok(), u32::try_from(column).ok())
        }
        _ => (None, None),
    };
    PrintError::Template { file: file.to_path_buf(), line, column, message }
}
