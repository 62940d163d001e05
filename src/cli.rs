//! The command line, as docs/commands.md documents it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::print::Paper;
use crate::report::Format;

#[derive(Debug, Parser)]
#[command(name = "policypress", version, about = "School policies, agreements and parent guidance, published safely")]
pub struct Cli {
    /// The project folder (holding content/, schools/ and themes/).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub project: PathBuf,
    /// Print findings and errors only: no progress bars, no summary line.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build every school's website (or those named) into public/.
    Build(BuildArgs),
    /// Run every rule and report every content error; write nothing.
    Check(BuildArgs),
    /// Print-ready agreement PDFs: one per class with a roster, one blank per tier without;
    /// `agreements status` reports who has returned theirs.
    Agreements(Box<AgreementsCommand>),
    /// Policies by next review date, overdue first.
    Reviews(ReviewsArgs),
    /// Build, serve on 127.0.0.1 and rebuild what each edit touches, reloading the open page.
    Serve(ServeArgs),
    /// Each school's own versions of sections of the shared files: whether the trust has
    /// changed a section since, and what changed. Exit code 1 if any has changed.
    Overrides(OverridesArgs),
    /// Start a project in an empty folder: model policies, agreements and guidance, one
    /// school to fill in, a .gitignore and a CI workflow.
    Init {
        /// The folder to start in (made if missing; it must be empty).
        #[arg(value_name = "DIR", default_value = ".")]
        dir: PathBuf,
        /// The school's id (default: the folder's name).
        #[arg(long, value_name = "ID")]
        school: Option<String>,
    },
    /// Existing policies (Word .docx, OpenDocument .odt, web pages, Markdown or plain text)
    /// into policy sources, their agreements and pictures, and what they say that is data
    /// (approval, the school's details, people and roles) into school.yaml, with a report.
    /// The files given are only read; what import is unsure of is marked CHECK.
    Import {
        /// The documents to import (paths from the current folder).
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Import into this school's own sources (schools/ID/content/policies/) instead of
        /// the shared ones (content/policies/).
        #[arg(long, value_name = "ID")]
        school: Option<String>,
        /// The pupil roster: a name in it is never taken for a member of staff.
        #[arg(long, env = "POLICYPRESS_ROSTER", value_name = "FILE", value_parser = roster_path)]
        roster: Option<PathBuf>,
        /// Several schools' versions of one policy, each given as ID=FILE: what most of them
        /// say becomes the shared model, and each school's own wording its own sections.
        #[arg(long, conflicts_with = "school")]
        as_model: bool,
        /// Import again over what an earlier import wrote (its sources and pictures);
        /// the policy's entry in school.yaml, checked since, is kept as it is.
        #[arg(long)]
        replace: bool,
    },
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
    /// Print the manual's section on a rule or finding id: what it catches, why, and how
    /// to fix it.
    Explain {
        /// The id a finding shows, e.g. pupil-surname.
        #[arg(value_name = "RULE")]
        rule: String,
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
    /// The pupil roster (a CSV or Excel workbook from the school's information system), for
    /// the name rules. It is read, never published.
    #[arg(long, env = "POLICYPRESS_ROSTER", value_name = "FILE", value_parser = roster_path)]
    pub roster: Option<PathBuf>,
    /// Treat every warning as an error.
    #[arg(long)]
    pub strict: bool,
    /// Refuse without a pupil roster (for CI that publishes): the name rules must have run.
    /// Unlike --strict, an overdue review still only warns.
    #[arg(long)]
    pub require_roster: bool,
    /// How findings are printed.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// `agreements` prints the PDFs; `agreements status` reports the returned forms. The
/// printing flags belong to the first only.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct AgreementsCommand {
    #[command(subcommand)]
    pub action: Option<AgreementsAction>,
    #[command(flatten)]
    pub print: Option<AgreementsArgs>,
}

#[derive(Debug, Subcommand)]
pub enum AgreementsAction {
    /// Who has signed: per class, how many forms are back and who is missing, from the
    /// roster and a CSV of the returned forms. Reads both; writes nothing.
    Status(StatusArgs),
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The school whose agreements were returned.
    #[arg(long, value_name = "ID")]
    pub school: String,
    /// The academic year the forms are for, e.g. 2025-26.
    #[arg(long, value_name = "YYYY-YY")]
    pub year: String,
    /// The pupil roster (a CSV or Excel workbook from the school's information system).
    #[arg(long, env = "POLICYPRESS_ROSTER", value_name = "FILE")]
    pub roster: PathBuf,
    /// The returned forms: a CSV or Excel workbook with a pupil (or forename and surname), a tier and a date
    /// column. Repeatable; a form listed twice counts once.
    #[arg(long = "returned", required = true, value_name = "FILE")]
    pub returned: Vec<PathBuf>,
    /// Only this class (repeatable).
    #[arg(long = "class", value_name = "CLASS")]
    pub classes: Vec<String>,
    /// Only this tier's forms (repeatable), e.g. ks2 or parents.
    #[arg(long = "tier", value_name = "TIER")]
    pub tiers: Vec<String>,
    /// How the report is printed: per class for a person, or a CSV row per form owed.
    #[arg(long, value_enum, default_value_t = StatusFormat::Human)]
    pub format: StatusFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum StatusFormat {
    #[default]
    Human,
    Csv,
}

#[derive(Debug, Args)]
pub struct AgreementsArgs {
    /// The school whose agreements to print.
    #[arg(long, value_name = "ID")]
    pub school: String,
    /// The academic year printed on the sheets, e.g. 2025-26.
    #[arg(long, value_name = "YYYY-YY")]
    pub year: String,
    /// The pupil roster: one PDF per class, a sheet per pupil. Without it, blank forms.
    /// [env: POLICYPRESS_ROSTER]
    // The environment variable is read in `main`, not by clap: a value from the
    // environment would count as a printing flag given, which `agreements status` refuses.
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
    /// Only this class (repeatable).
    #[arg(long = "class", value_name = "CLASS")]
    pub classes: Vec<String>,
    /// Only this tier (repeatable).
    #[arg(long = "tier", value_name = "TIER")]
    pub tiers: Vec<String>,
    /// Output folder (default: agreements/<school>/<year>/).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Paper size.
    #[arg(long, value_enum, default_value_t = Paper::A4)]
    pub paper: Paper,
    /// Pad every sheet to an even number of pages, for double-sided printing.
    #[arg(long)]
    pub duplex: bool,
    /// The language the forms are printed in: one of the school's `languages:` (`cy`,
    /// `en-GB`), or `both` for its first two on one sheet, the main language first.
    /// Default: school.yaml's `agreement_language:`, else the main language.
    #[arg(long, value_name = "LANG")]
    pub language: Option<String>,
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
    #[arg(long, env = "POLICYPRESS_ROSTER", value_name = "FILE", value_parser = roster_path)]
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

#[derive(Debug, Args)]
pub struct OverridesArgs {
    /// Only this school (repeatable).
    #[arg(long = "school", value_name = "ID")]
    pub schools: Vec<String>,
    /// Record the shared text of every replaced section that has no record yet (a new
    /// override, or one written before policypress kept records). A record already there
    /// is never changed.
    #[arg(long)]
    pub record: bool,
    /// This override's sections have been checked against the shared text as it is now:
    /// record that text (repeatable). The school's .md file, or its .base.yaml record.
    #[arg(long, value_name = "FILE")]
    pub reviewed: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum New {
    /// A school folder to fill in: schools/ID/school.yaml.
    School {
        /// The school's id: lower-case letters, digits and hyphens.
        id: String,
    },
    /// The built-in theme's templates, style sheet and print templates, copied into
    /// themes/NAME/ to change (files already there are kept).
    Theme {
        /// The theme's name (default: `default`, which changes every school's site).
        #[arg(default_value = "default")]
        name: String,
    },
}

/// A roster path as given, an empty one included: CI sets a secret it does not have to
/// an empty string, which means "no roster", not a mistake on the command line.
fn roster_path(given: &str) -> Result<PathBuf, std::convert::Infallible> {
    Ok(PathBuf::from(given))
}

/// The roster given, if one was: an empty `--roster` or `POLICYPRESS_ROSTER` is none.
pub fn roster_given(roster: Option<&PathBuf>) -> Option<PathBuf> {
    roster.filter(|path| !path.as_os_str().is_empty()).cloned()
}
