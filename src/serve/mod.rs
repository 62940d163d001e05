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

pub mod deps;
pub mod http;
pub mod live;
pub mod overlay;
pub mod published;
pub mod watch;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Instant;

use crate::date::Date;
use crate::finding::Finding;
use crate::report::{self, Format};

use self::http::Server;
use self::live::{Live, LiveOptions, Update};
use self::published::Published;

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
    published.publish(update.put, &update.delete, shown(&update.findings));

    let server = Server::start(options.port, Arc::clone(&published)).map_err(|source| ServeError::Bind { port: options.port, source })?;
    let (send, receive) = mpsc::channel();
    let _watch = watch::watch(&options.root, send.clone(), Message::Watch)?;
    ctrlc::set_handler(move || {
        let _ = send.send(Message::Stop);
    })?;
    // Standard output carries only the address, for scripts that start the server.
    println!("http://{}/", server.address());
    let _ = io::stdout().flush();
    eprintln!("serving http://{}/ (Ctrl-C to stop)", server.address());

    while let Ok(message) = receive.recv() {
        let mut paths = match message {
            Message::Stop => break,
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
                Message::Watch(watch::Event::Failed(_)) => {}
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
            published.publish(update.put.clone(), &update.delete, shown(&update.findings));
            print_update(&options.root, &update, started, false);
            published.refresh(live.refresh_files());
        } else {
            // The last good site stays; the browser reloads it to show the overlay.
            published.publish(Vec::new(), &[], shown(&update.findings));
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
    let summary = report::summary(&update.findings);
    let _ = if first {
        writeln!(stderr, "built {} pages in {:.2}s ({summary})", update.rendered.len(), elapsed.as_secs_f64())
    } else if update.accepted {
        writeln!(stderr, "rebuilt {} pages in {} ms ({summary})", update.rendered.len(), elapsed.as_millis())
    } else {
        writeln!(stderr, "refused the edit: the last good site is still served ({summary})")
    };
}
