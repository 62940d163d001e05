//! The `policypress` binary: parses the command line, runs the library, prints findings
//! and sets the exit code (0 done, 1 refused, 2 the command line is wrong).

#![forbid(unsafe_code)]

use std::io::{self, Write};
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;

use policypress::cli::{BuildArgs, Cli, Command, New, ReviewsArgs, ServeArgs};
use policypress::date::Date;
use policypress::report::{self, Format};
use policypress::{BuildOptions, Destination, scaffold};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match cli.command {
        Command::Build(args) => run_build(&cli.project, &args, true),
        Command::Check(args) => run_build(&cli.project, &args, false),
        Command::Reviews(args) => run_reviews(&cli.project, &args),
        Command::Serve(args) => run_serve(&cli.project, &args),
        Command::Scrub { paths } => run_scrub(&paths),
        Command::New(New::School { id }) => match scaffold::new_school(&cli.project, &id) {
            Ok(created) => {
                eprintln!("created {}", created.display());
                eprintln!("next: fill in its names, roles and dates, then run `policypress check --school {id}`");
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
        },
    }
}

fn run_build(project: &std::path::Path, args: &BuildArgs, write: bool) -> ExitCode {
    if args.out.is_some() && !write {
        eprintln!("error: `check` writes nothing, so it takes no --out");
        return ExitCode::from(2);
    }
    let destination = write.then(|| match (&args.out, args.schools.as_slice()) {
        (Some(out), [_]) => Destination::Root(out.clone()),
        (Some(out), _) => Destination::Folders(out.clone()),
        (None, _) => Destination::Folders("public".into()),
    });
    let options = BuildOptions {
        root: project.to_path_buf(),
        schools: args.schools.clone(),
        write: destination,
        roster: args.roster.clone(),
        strict: args.strict,
        today: Date::today(),
    };
    let started = Instant::now();
    let outcome = policypress::build(&options);
    let (mut stdout, mut stderr) = (io::stdout().lock(), io::stderr().lock());
    if report::print_findings(&outcome.findings, args.format, project, &mut stdout, &mut stderr).is_err() {
        return ExitCode::from(1);
    }
    if !args.quiet && args.format != Format::Json {
        let elapsed = started.elapsed().as_secs_f64();
        let verdict = match (&outcome.written, outcome.refused()) {
            (_, true) => "refused: nothing was written".to_owned(),
            (Some(path), false) => format!("wrote {}", path.display()),
            (None, false) => "checked".to_owned(),
        };
        let _ = writeln!(
            stderr,
            "{verdict} ({} schools, {} pages, {} media files; {}) in {elapsed:.2}s",
            outcome.schools,
            outcome.pages,
            outcome.media,
            report::summary(&outcome.findings)
        );
    }
    if outcome.refused() { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn run_serve(project: &std::path::Path, args: &ServeArgs) -> ExitCode {
    let options = policypress::serve::ServeOptions {
        root: project.to_path_buf(),
        schools: args.schools.clone(),
        port: args.port,
        roster: args.roster.clone(),
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

fn run_scrub(paths: &[std::path::PathBuf]) -> ExitCode {
    use policypress::scrub::Outcome;
    let reports = policypress::scrub::scrub_paths(paths);
    let mut stderr = io::stderr().lock();
    let (mut cleaned, mut clean, mut failed) = (0, 0, 0);
    for report in &reports {
        let path = report.path.display();
        let _ = match &report.outcome {
            Outcome::Cleaned { removed, before, after } => {
                cleaned += 1;
                writeln!(stderr, "cleaned {path}: removed {} ({before} -> {after} bytes)", removed.join(", "))
            }
            Outcome::AlreadyClean => {
                clean += 1;
                writeln!(stderr, "clean   {path}")
            }
            Outcome::Skipped(why) => writeln!(stderr, "skipped {path}: {why}"),
            Outcome::Failed(why) => {
                failed += 1;
                writeln!(stderr, "error   {path}: {why}")
            }
        };
    }
    let _ = writeln!(stderr, "{cleaned} cleaned, {clean} already clean, {failed} could not be cleaned");
    if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn run_reviews(project: &std::path::Path, args: &ReviewsArgs) -> ExitCode {
    let loaded = match policypress::site::load_project(project, &args.schools) {
        Ok(loaded) => loaded,
        Err(errors) => {
            let findings: Vec<_> = errors.into_iter().map(policypress::finding::Finding::from).collect();
            let _ = report::print_findings(&findings, Format::Human, project, &mut io::stdout(), &mut io::stderr());
            return ExitCode::from(1);
        }
    };
    let today = Date::today();
    let reviews = policypress::reviews::upcoming(&loaded, today, args.within);
    print!("{}", policypress::reviews::table(&reviews));
    if let Some(path) = &args.ics {
        if let Err(err) = std::fs::write(path, policypress::reviews::icalendar(&reviews, today)) {
            eprintln!("error: cannot write {}: {err}", path.display());
            return ExitCode::from(1);
        }
        eprintln!("wrote {} review dates to {}", reviews.len(), path.display());
    }
    ExitCode::SUCCESS
}
