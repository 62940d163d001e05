//! The command line, as DESIGN.md fixes it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::report::Format;

#[derive(Debug, Parser)]
#[command(name = "policypress", version, about = "School policies, agreements and parent guidance, published safely")]
pub struct Cli {
    /// The project folder (holding content/, schools/ and themes/).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub project: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build every school's website (or those named) into public/.
    Build(BuildArgs),
    /// Run every rule and report every content error; write nothing.
    Check(BuildArgs),
    /// Policies by next review date, overdue first.
    Reviews(ReviewsArgs),
    /// Build, serve on 127.0.0.1 and rebuild what each edit touches, reloading the open page.
    Serve(ServeArgs),
    /// Create something new.
    #[command(subcommand)]
    New(New),
    /// Remove the metadata (location, names, thumbnails) from images, in place. Pixels
    /// are not changed; each file is replaced in one step.
    Scrub {
        /// Image files, or folders to clean every image in.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Only this school (repeatable).
    #[arg(long = "school", value_name = "ID")]
    pub schools: Vec<String>,
    /// Output folder (default: public/). With one --school, that school's site is its root.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The pupil roster (a CSV from the school's information system), for the name rules.
    /// It is read, never published.
    #[arg(long, env = "POLICYPRESS_ROSTER", value_name = "FILE")]
    pub roster: Option<PathBuf>,
    /// Treat every warning as an error.
    #[arg(long)]
    pub strict: bool,
    /// How findings are printed.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Print findings only, no summary.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Only this school (repeatable); with one, its site is served at the root.
    #[arg(long = "school", value_name = "ID")]
    pub schools: Vec<String>,
    /// The port on 127.0.0.1 (0: any free port).
    #[arg(long, default_value_t = 8000, value_name = "N")]
    pub port: u16,
    /// The pupil roster, for the name rules. It is read, never published.
    #[arg(long, env = "POLICYPRESS_ROSTER", value_name = "FILE")]
    pub roster: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ReviewsArgs {
    /// Only this school (repeatable).
    #[arg(long = "school", value_name = "ID")]
    pub schools: Vec<String>,
    /// Only reviews due within this many days (overdue ones included).
    #[arg(long, value_name = "DAYS")]
    pub within: Option<i64>,
    /// Also write the review dates as an iCalendar file.
    #[arg(long, value_name = "FILE")]
    pub ics: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum New {
    /// A school folder to fill in: schools/ID/school.yaml.
    School {
        /// The school's id: lower-case letters, digits and hyphens.
        id: String,
    },
}
