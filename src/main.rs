//! The `policypress` binary: parses the command line, runs the library, prints findings
//! and sets the exit code (0 done, 1 refused, 2 the command line is wrong).

#![forbid(unsafe_code)]

/// See Cargo.toml for why.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::{self, Write};
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

use policypress::build::target::{self, Writes};
use policypress::build::{BuildOptions, Destination};
use policypress::cli::{
    AgreementsAction, AgreementsArgs, AgreementsCommand, BuildArgs, Cli, Command, New, OverridesArgs, ReviewsArgs, ServeArgs, StatusArgs,
    StatusFormat, roster_given,
};
use policypress::date::Date;
use policypress::report::{self, Format};
use policypress::{progress, scaffold};

fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    progress::configure(progress::Mode::detect(cli.quiet));
    // Typst lays out a long document's pages on rayon's threads, recursively; their
    // default 2 MiB stacks are too small for it. Failing this leaves the default pool.
    let _ = rayon::ThreadPoolBuilder::new().stack_size(16 << 20).build_global();
    let quiet = cli.quiet;
    // A template over its budget (time or memory) stops the run with a finding at its file,
    // printed as this command prints findings.
    let format = match &cli.command {
        Command::Build(args) | Command::Check(args) => args.format,
        _ => Format::Human,
    };
    let project = cli.project.clone();
    policypress::on_template_over_budget(move |finding| {
        let _ = report::print_findings(&[finding], format, &project, &mut io::stdout(), &mut io::stderr());
    });
    match cli.command {
        Command::Build(args) => run_build(&cli.project, &args, true, quiet),
        Command::Check(args) => run_build(&cli.project, &args, false, quiet),
        Command::Agreements(agreements) => match *agreements {
            AgreementsCommand { action: Some(AgreementsAction::Status(args)), .. } => run_status(&cli.project, &args),
            AgreementsCommand { print: Some(args), .. } => run_agreements(&cli.project, &args, quiet),
            AgreementsCommand { print: None, action: None } => {
                eprintln!("error: `agreements` needs --school and --year (to print), or `status` (to see who has signed)");
                ExitCode::from(2)
            }
        },
        Command::Reviews(args) => run_reviews(&cli.project, &args, quiet),
        Command::Serve(args) => run_serve(&cli.project, &args),
        Command::Overrides(args) => run_overrides(&cli.project, &args, quiet),
        Command::Scrub { paths } => run_scrub(&paths, quiet),
        Command::Explain { rule } => run_explain(&rule),
        Command::Import { files, school, roster, as_model, replace } => {
            run_import(&cli.project, ImportArgs { files, school, roster, as_model, replace }, quiet)
        }
        Command::Init { dir, school } => scaffolded(scaffold::init(&dir, school.as_deref()), quiet, |started| {
            let shown = dir.display();
            eprintln!("started a policypress project in {shown}: {} files", started.files);
            eprintln!("next:");
            if dir != std::path::Path::new(".") {
                eprintln!("  cd {shown}");
            }
            eprintln!("  policypress serve      # the site in your browser, with what is still to fill in");
            eprintln!("  then fill in {} and run `policypress check`", started.school_yaml.display());
        }),
        Command::New(New::Theme { name }) => scaffolded(scaffold::new_theme(&cli.project, &name), quiet, |written| {
            eprintln!("copied {} files of the built-in theme into themes/{name}/", written.len());
            eprintln!("next: change what you need, and delete the files you leave as they are: they come from the built-in theme");
        }),
        Command::New(New::School { id }) => scaffolded(scaffold::new_school(&cli.project, &id), quiet, |created| {
            eprintln!("created {}", created.display());
            eprintln!("next: fill in its names, roles and dates, then run `policypress check --school {id}`");
        }),
    }
}

/// What `init` or `new school` made, said unless `--quiet`; or why not (exit 2 for an id
/// that cannot be one, 1 otherwise).
fn scaffolded<T>(result: Result<T, scaffold::ScaffoldError>, quiet: bool, say: impl FnOnce(&T)) -> ExitCode {
    match result {
        Ok(made) => {
            if !quiet {
                say(&made);
            }
            ExitCode::SUCCESS
        }
        Err(scaffold::ScaffoldError::BadId(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(1)
        }
    }
}

/// A reader that stops reading (`policypress check | head`) closes the pipe; Rust's print
/// macros then panic. Stop quietly instead, as a program killed by SIGPIPE would (141).
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info.payload().downcast_ref::<String>().map(String::as_str).unwrap_or_default();
        if message.contains("Broken pipe") || message.contains("os error 32") {
            std::process::exit(141);
        }
        default(info);
    }));
}

fn run_build(project: &std::path::Path, args: &BuildArgs, write: bool, quiet: bool) -> ExitCode {
    if args.out.is_some() && !write {
        eprintln!("error: `check` writes nothing, so it takes no --out");
        return ExitCode::from(2);
    }
    let destination = write.then(|| match (&args.out, args.schools.as_slice()) {
        (Some(out), [_]) => Destination::Root(out.clone()),
        (Some(out), _) => Destination::Folders(out.clone()),
        (None, _) => Destination::Folders("public".into()),
    });
    let checked = match &destination {
        Some(Destination::Root(out)) => Some((out, Writes::SchoolSite { school: args.schools.concat() })),
        Some(Destination::Folders(out)) => Some((out, Writes::Site)),
        None => None,
    };
    if let Some((out, writes)) = checked
        && let Err(refused) = target::check(project, &project.join(out), writes, roster_given(args.roster.as_ref()).as_deref())
    {
        eprintln!("error: --out {refused}");
        return ExitCode::from(2);
    }
    let options = BuildOptions {
        root: project.to_path_buf(),
        schools: args.schools.clone(),
        write: destination,
        roster: roster_given(args.roster.as_ref()),
        strict: args.strict,
        require_roster: args.require_roster,
        today: Date::today(),
    };
    let started = Instant::now();
    let outcome = policypress::build::build(&options);
    let (mut stdout, mut stderr) = (io::stdout().lock(), io::stderr().lock());
    if report::print_findings(&outcome.findings, args.format, project, &mut stdout, &mut stderr).is_err() {
        return ExitCode::from(1);
    }
    // Standard error, so it never mixes with JSON or annotations on standard output.
    if !quiet {
        let _ = writeln!(stderr, "{}", report::outcome_line(&outcome, write, started.elapsed()));
    }
    if outcome.refused() { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn run_agreements(project: &std::path::Path, args: &AgreementsArgs, quiet: bool) -> ExitCode {
    use policypress::agreements::pack::{self, PackError, PackOptions};
    let year = match policypress::date::AcademicYear::parse(&args.year) {
        Ok(year) => year,
        Err(message) => {
            eprintln!("error: --year: {message}");
            return ExitCode::from(2);
        }
    };
    // Reprinting last year's forms is allowed (a lost sheet), but a year long over is
    // more often a typing slip than a wish, so it is said before anything is printed.
    if let Some(ended) = year.over_by(Date::today()) {
        eprintln!(
            "warning: --year {year} is over: it ended on {ended}; printing it all the same (this school year is --year {})",
            policypress::date::AcademicYear::containing(Date::today())
        );
    }
    let options = PackOptions {
        root: project.to_path_buf(),
        school: args.school.clone(),
        year: args.year.clone(),
        roster: args.roster.clone().or_else(|| std::env::var_os("POLICYPRESS_ROSTER").filter(|v| !v.is_empty()).map(Into::into)),
        classes: args.classes.clone(),
        tiers: args.tiers.clone(),
        out: args.out.clone(),
        paper: args.paper,
        duplex: args.duplex,
        language: args.language.clone(),
    };
    if let Err(refused) = target::check(project, &pack::output_folder(&options), Writes::Agreements, options.roster.as_deref()) {
        eprintln!("error: --out {refused}");
        return ExitCode::from(2);
    }
    let started = Instant::now();
    match pack::write_packs(&options) {
        Ok(written) => {
            let _ = report::print_findings(&written.warnings, Format::Human, project, &mut io::stdout(), &mut io::stderr());
            if !quiet {
                for path in &written.files {
                    eprintln!("wrote {}", path.display());
                }
                eprintln!("{} PDF files in {:.2} s", written.files.len(), started.elapsed().as_secs_f64());
            }
            ExitCode::SUCCESS
        }
        Err(PackError::Usage(findings)) => {
            let _ = report::print_findings(&findings, Format::Human, project, &mut io::stdout(), &mut io::stderr());
            ExitCode::from(2)
        }
        Err(PackError::Refused(findings)) => {
            let _ = report::print_findings(&findings, Format::Human, project, &mut io::stdout(), &mut io::stderr());
            ExitCode::from(1)
        }
    }
}

/// `agreements status`: the report to standard output, findings to standard error. Forms
/// still out are the news, not a failure, so the exit code is 0 whenever it could report.
fn run_status(project: &std::path::Path, args: &StatusArgs) -> ExitCode {
    use policypress::agreements::status::{self, StatusError, StatusOptions, report as status_report};
    let options = StatusOptions {
        root: project.to_path_buf(),
        school: args.school.clone(),
        year: args.year.clone(),
        roster: args.roster.clone(),
        returned: args.returned.clone(),
        classes: args.classes.clone(),
        tiers: args.tiers.clone(),
    };
    let (mut stdout, mut stderr) = (io::stdout().lock(), io::stderr().lock());
    match status::status(&options) {
        Ok(outcome) => {
            let _ = report::print_findings(&outcome.warnings, Format::Human, project, &mut stdout, &mut stderr);
            let text = match args.format {
                StatusFormat::Human => status_report::human(&outcome.status),
                StatusFormat::Csv => status_report::csv(&outcome.status),
            };
            if stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()).is_err() {
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
        Err(StatusError::Usage(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(StatusError::Refused(findings)) => {
            let _ = report::print_findings(&findings, Format::Human, project, &mut stdout, &mut stderr);
            let _ = writeln!(stderr, "refused: no report until the rows above are fixed ({})", report::summary(&findings));
            ExitCode::from(1)
        }
    }
}

fn run_serve(project: &std::path::Path, args: &ServeArgs) -> ExitCode {
    let options = policypress::serve::ServeOptions {
        root: project.to_path_buf(),
        schools: args.schools.clone(),
        port: args.port,
        roster: roster_given(args.roster.as_ref()),
        today: Date::today(),
    };
    match policypress::serve::serve(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(1)
        }
    }
}

fn run_scrub(paths: &[std::path::PathBuf], quiet: bool) -> ExitCode {
    use policypress::scrub::Outcome;
    let reports = policypress::scrub::scrub_paths(paths);
    let mut stderr = io::stderr().lock();
    let (mut cleaned, mut clean, mut failed) = (0, 0, 0);
    for report in &reports {
        let path = report.path.display();
        let line = match &report.outcome {
            Outcome::Cleaned { removed, before, after } => {
                cleaned += 1;
                format!("cleaned {path}: removed {} ({before} -> {after} bytes)", removed.join(", "))
            }
            Outcome::AlreadyClean => {
                clean += 1;
                format!("clean   {path}")
            }
            Outcome::Skipped(why) => format!("skipped {path}: {why}"),
            Outcome::Failed(why) => {
                failed += 1;
                format!("error   {path}: {why}")
            }
            Outcome::Refused { rule, why } => {
                failed += 1;
                format!("error[{rule}] {path}: {why} (policypress explain {rule})")
            }
        };
        // With --quiet, only what went wrong.
        if !quiet || matches!(report.outcome, Outcome::Failed(_) | Outcome::Refused { .. }) {
            let _ = writeln!(stderr, "{line}");
        }
    }
    if !quiet {
        let _ = writeln!(stderr, "{cleaned} cleaned, {clean} already clean, {failed} could not be cleaned");
    }
    if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn run_reviews(project: &std::path::Path, args: &ReviewsArgs, quiet: bool) -> ExitCode {
    if let Some(path) = &args.ics
        && let Err(refused) = target::check(project, path, Writes::Calendar, None)
    {
        eprintln!("error: --ics {refused}");
        return ExitCode::from(2);
    }
    let loaded = match policypress::project::load(project, &args.schools) {
        Ok(loaded) => loaded,
        Err(findings) => {
            let _ = report::print_findings(&findings, Format::Human, project, &mut io::stdout(), &mut io::stderr());
            return ExitCode::from(1);
        }
    };
    let today = Date::today();
    let reviews = policypress::reviews::upcoming(&loaded, today, args.within, args.schools.is_empty());
    print!("{}", policypress::reviews::table(&reviews));
    if let Some(path) = &args.ics {
        if let Err(err) = policypress::text::atomic::write_file(path, policypress::reviews::icalendar(&reviews, today).as_bytes()) {
            eprintln!("error: cannot write {}: {err}", path.display());
            return ExitCode::from(1);
        }
        if !quiet {
            eprintln!("wrote {} review dates to {}", reviews.len(), path.display());
        }
    }
    ExitCode::SUCCESS
}

/// `overrides`: the report to standard output, what was written to standard error. A
/// section the trust has changed since the school's version was checked is exit 1, so CI
/// can run it; a section not yet recorded is not.
fn run_overrides(project: &std::path::Path, args: &OverridesArgs, quiet: bool) -> ExitCode {
    use policypress::overrides::{self, OverridesError, OverridesOptions};
    let options = OverridesOptions {
        root: project.to_path_buf(),
        schools: args.schools.clone(),
        record: args.record,
        reviewed: args.reviewed.clone(),
        today: Date::today(),
    };
    let (mut stdout, mut stderr) = (io::stdout().lock(), io::stderr().lock());
    let outcome = match overrides::overrides(&options) {
        Ok(outcome) => outcome,
        Err(OverridesError::Usage(message)) => {
            let _ = writeln!(stderr, "error: {message}");
            return ExitCode::from(2);
        }
        Err(OverridesError::Refused(findings)) => {
            let _ = report::print_findings(&findings, Format::Human, project, &mut stdout, &mut stderr);
            return ExitCode::from(1);
        }
    };
    if stdout.write_all(outcome.report.as_bytes()).and_then(|()| stdout.flush()).is_err() {
        return ExitCode::from(1);
    }
    for (file, why) in &outcome.failed {
        let _ = writeln!(stderr, "error: could not write {}: {why}", file.display());
    }
    if !quiet {
        for (file, sections) in &outcome.written {
            let _ = writeln!(stderr, "recorded {} ({})", file.display(), sections.join(", "));
        }
        let sections = outcome.up_to_date + outcome.changed + outcome.not_recorded;
        let _ = writeln!(
            stderr,
            "{sections} {}: {} up to date, {} changed in the shared file since, {} not recorded",
            if sections == 1 { "section" } else { "sections" },
            outcome.up_to_date,
            outcome.changed,
            outcome.not_recorded
        );
    }
    if outcome.changed > 0 || !outcome.failed.is_empty() { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

/// `import`: what was recognised to standard output (it is the command's result), or the
/// findings that stopped it, in which case nothing was written.
/// `import`'s arguments, as given.
struct ImportArgs {
    files: Vec<std::path::PathBuf>,
    school: Option<String>,
    roster: Option<std::path::PathBuf>,
    as_model: bool,
    replace: bool,
}

fn run_import(project: &std::path::Path, args: ImportArgs, quiet: bool) -> ExitCode {
    use policypress::import::{self, ImportOptions};
    let ImportArgs { files, school, roster, as_model, replace } = args;
    let roster = policypress::cli::roster_given(roster.as_ref());
    let options = ImportOptions { root: project.to_path_buf(), files, school, roster, as_model, replace };
    match import::import(&options) {
        Ok(imported) => {
            if !quiet {
                print!("{}", import::report(&imported));
            }
            ExitCode::SUCCESS
        }
        Err(findings) => {
            let _ = report::print_findings(&findings, Format::Human, project, &mut io::stdout(), &mut io::stderr());
            eprintln!("nothing was imported");
            ExitCode::from(1)
        }
    }
}

fn run_explain(rule: &str) -> ExitCode {
    if let Some(section) = policypress::manual::rule_section(rule) {
        println!("{section}");
        return ExitCode::SUCCESS;
    }
    let ids = policypress::manual::documented_ids();
    let nearest = ids.iter().min_by_key(|id| strsim::levenshtein(id, rule)).filter(|id| strsim::levenshtein(id, rule) <= 3);
    match nearest {
        Some(id) => eprintln!("error: no rule `{rule}`; did you mean `{id}`?"),
        None => eprintln!("error: no rule `{rule}`; the ids are: {}", ids.join(", ")),
    }
    ExitCode::from(2)
}
