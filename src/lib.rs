//! policypress: school policies, agreements and parent guidance, published safely.
//!
//! The pipeline runs one way, one folder a stage, and every command runs it:
//!
//! 1. [`project`]: load. Files on disk become an immutable `Project` (schools, pages,
//!    roles, media references; the roster).
//! 2. [`render`]: Tera then Markdown then the theme, then minified; each school becomes
//!    its pages as they will be published.
//!    [`print`] sits beside it: the Typst back end that typesets a page or an agreement
//!    into a PDF.
//! 3. [`guard`]: every rule over what was rendered; findings are data.
//! 4. [`build`]: the pipeline that `build`, `check`, `serve` and `agreements` share, and
//!    the writer, which replaces the output in one step.
//!
//! The commands on top: [`agreements`] (class packs and who has signed), [`serve`] (the
//! live preview), [`reviews`], [`overrides`] (a school's own versions of shared
//! sections, and whether the trust has changed them since), [`scaffold`] (`new school`),
//! [`import`] (existing Word documents into sources) and [`scrub`]. Pure code the
//! stages lean on: [`names`] (pupil-name matching), [`image`] (metadata in image bytes),
//! [`text`] (HTML, CSV, escaping, the atomic writer), [`date`], [`language`] (codes and names). Problems at every stage
//! become [`finding::Finding`]s, printed once, at the edge, by [`report`], each pointing
//! to its section of the user's manual ([`manual`], the `docs/` folder).

#![forbid(unsafe_code)]

pub mod agreements;
pub mod build;
pub mod cli;
pub mod date;
pub mod document;
mod error;
pub mod finding;
mod font;
mod guard;
pub mod image;
pub mod import;
mod language;
pub mod manual;
mod names;
pub mod overrides;
pub mod print;
pub mod progress;
pub mod project;
mod render;
pub mod report;
pub mod reviews;
pub mod scaffold;
pub mod scrub;
pub mod serve;
pub mod text;

pub use render::budget::on_exceeded as on_template_over_budget;
