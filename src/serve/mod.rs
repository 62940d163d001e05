//! Serve: build the project, serve it on 127.0.0.1 from memory, watch the sources, and
//! on every edit re-render only what it touched and reload the open page.
//!
//! In: the project and the command line's options. Out: a running server until Ctrl-C
//! or SIGTERM; findings printed to the terminal and shown over the page in the browser.
//! Guarantees: nothing is written to disk (the project's sources are only read), only
//! 127.0.0.1 is bound, and a page that breaks a rule is never served in place of the
//! last good one. [`live`] does the rebuilding, [`deps`] knows what each page was made
//! from, [`watch`] reports edits, [`http`] and [`overlay`] serve, [`published`] is what
//! is being served.

pub(crate) mod deps;
#[cfg(test)]
mod fixture;
pub(crate) mod http;
pub(crate) mod live;
pub(crate) mod overlay;
pub(crate) mod published;
pub(crate) mod watch;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::date::Date;
use crate::finding::Finding;
use crate::report::{self, Format};

use self::http::Server;
use self::live::{Live, LiveOptions, MadeFiles, Update};
use self::published::Published;

/// How long edits must pause before the search index and sitemap are made again.
const SETTLE: Duration = Duration::from_millis(150);

/// What `serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub schools: Vec<String>,
    /// 0 for any free port.
    pub port: u16,
    pub roster: Option<PathBuf>,
    pub today: Date,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on 127.0.0.1:{port}: {source}")]
    Bind { port: u16, source: io::Error },
    #[error("cannot watch the project's folders: {0}")]
    Watch(#[from] notify_debouncer_full::notify::Error),
    #[error("cannot catch Ctrl-C: {0}")]
    Signal(#[from] ctrlc::Error),
}

/// What the serving loop waits for.
enum Message {
    Watch(watch::Event),
    /// The site's other files, made on another thread; the number counts the jobs.
    Files(u64, MadeFiles),
    Stop,
}

/// Builds, serves and watches until stopped (Ctrl-C or SIGTERM).
pub fn serve(options: &ServeOptions) -> Result<(), ServeError> {
    let started = Instant::now();
    let live_options =
        LiveOptions { root: options.root.clone(), schools: options.schools.clone(), roster: options.roster.clone(), today: options.today };
    let (mut live, update) = Live::start(live_options);
    print_update(&options.root, &update, started, true);
    let published = Arc::new(Published::default());
    published.publish(update.put, update.pdfs, &update.delete, shown(&update.findings));

    let server = Server::start(options.port, Arc::clone(&published)).map_err(|source| ServeError::Bind { port: options.port, source })?;
    let (send, receive) = mpsc::channel();
    let _watch = watch::watch(&options.root, send.clone(), Message::Watch)?;
    let stop = send.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Message::Stop);
    })?;
    // Standard output carries only the address, for scripts that start the server.
    println!("http://{}/", server.address());
    let _ = io::stdout().flush();
    eprintln!("serving http://{}/ (Ctrl-C to stop)", server.address());

    // The search index and sitemap are made again, on another thread, once edits pause:
    // made from every page, they would hold up the next edit's pages.
    let mut files_stale = false;
    let (mut jobs, mut newest) = (0, 0);
    loop {
        let message = if files_stale {
            match receive.recv_timeout(SETTLE) {
                Ok(message) => message,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    files_stale = false;
                    jobs += 1;
                    let (job, number, send) = (live.files_job(), jobs, send.clone());
                    let spawned = std::thread::Builder::new().name("serve-files".to_owned()).spawn(move || {
                        let _ = send.send(Message::Files(number, job.run()));
                    });
                    if spawned.is_err() {
                        eprintln!("warning: could not start making the search index");
                    }
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        } else {
            match receive.recv() {
                Ok(message) => message,
                Err(_) => break,
            }
        };
        let mut paths = match message {
            Message::Stop => break,
            Message::Files(number, made) => {
                // A job started before a later one finished is out of date.
                if number > newest {
                    newest = number;
                    published.refresh(live.take_files(made));
                }
                continue;
            }
            Message::Watch(watch::Event::Failed(why)) => {
                eprintln!("warning: watching the project: {why}");
                continue;
            }
            Message::Watch(watch::Event::Changed(paths)) => paths,
        };
        // Edits that arrived while the last one was being built go in together.
        let mut stop = false;
        while let Ok(more) = receive.try_recv() {
            match more {
                Message::Watch(watch::Event::Changed(more)) => paths.extend(more),
                Message::Files(number, made) if number > newest => {
                    newest = number;
                    published.refresh(live.take_files(made));
                }
                Message::Watch(watch::Event::Failed(_)) | Message::Files(..) => {}
                Message::Stop => stop = true,
            }
        }
        if stop {
            break;
        }
        paths.sort();
        paths.dedup();
        let started = Instant::now();
        let update = live.apply(&paths);
        if update.accepted {
            published.publish(update.put.clone(), update.pdfs.clone(), &update.delete, shown(&update.findings));
            print_update(&options.root, &update, started, false);
            files_stale = true;
        } else {
            // The last good site stays; the browser reloads it to show the overlay.
            published.publish(Vec::new(), Vec::new(), &[], shown(&update.findings));
            print_update(&options.root, &update, started, false);
        }
    }
    eprintln!("stopping");
    server.stop();
    Ok(())
}

/// What the overlay shows: errors only (warnings are for the terminal).
fn shown(findings: &[Finding]) -> Vec<Finding> {
    findings.iter().filter(|f| f.is_error()).cloned().collect()
}

fn print_update(root: &Path, update: &Update, started: Instant, first: bool) {
    let elapsed = started.elapsed();
    let mut stderr = io::stderr().lock();
    // Warnings are printed with the first build; after that, only when an edit is refused.
    if first || !update.accepted {
        let _ = report::print_findings(&update.findings, Format::Human, root, &mut io::stdout(), &mut stderr);
    }
    if std::env::var_os("POLICYPRESS_TIMINGS").is_some() {
        let laps: Vec<String> =
            update.timings.iter().map(|(stage, took)| format!("{stage} {:.1} ms", took.as_secs_f64() * 1000.0)).collect();
        let _ = writeln!(stderr, "timings: {}", laps.join(", "));
    }
    let summary = report::summary(&update.findings);
    let _ = if first {
        writeln!(stderr, "built {} pages in {:.2}s ({summary})", update.rendered.len(), elapsed.as_secs_f64())
    } else if update.accepted {
        writeln!(stderr, "rebuilt {} pages in {} ms ({summary})", update.rendered.len(), elapsed.as_millis())
    } else {
        writeln!(stderr, "refused the edit: the last good site is still served ({summary})")
    };
}
