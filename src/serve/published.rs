//! What is being served: the files of the last good build, in memory, the problems of
//! the latest edit, and a generation number that goes up whenever either changes, so
//! an open page knows to reload.
//!
//! In: updates from the rebuild loop. Out: a file's bytes for a connection, and a wait
//! for the next generation for the reload stream. Readers hold the lock only long
//! enough to clone an `Arc`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::Duration;

use crate::finding::Finding;
use crate::print::{Pictures, Printable, Printer};

use super::live::Bytes;

#[derive(Default)]
pub(crate) struct Published {
    state: Mutex<State>,
    changed: Condvar,
    stopping: AtomicBool,
}

#[derive(Default)]
struct State {
    files: HashMap<String, Bytes>,
    /// The PDFs the pages link to, by path, typeset when first asked for.
    pdfs: HashMap<String, Arc<PrintOnDemand>>,
    /// Errors of the latest edit (or the first build), shown over every page.
    problems: Arc<Vec<Finding>>,
    /// The pupil names the problems found (each with its initials), hidden in every page
    /// served while they are there.
    names: Arc<Vec<(String, String)>>,
    generation: u64,
}

/// A PDF the preview links to: typeset the first time someone opens it, not on every
/// edit (a policy takes a few hundred milliseconds), then kept.
pub(crate) struct PrintOnDemand {
    printer: Arc<Printer>,
    document: Printable,
    /// The page's published content, which the PDF prints.
    content: String,
    pictures: Arc<Pictures>,
    made: OnceLock<Result<Bytes, String>>,
}

impl PrintOnDemand {
    pub(crate) fn new(printer: Arc<Printer>, document: Printable, content: String, pictures: Arc<Pictures>) -> PrintOnDemand {
        PrintOnDemand { printer, document, content, pictures, made: OnceLock::new() }
    }

    /// The PDF, or why it could not be made.
    pub(crate) fn bytes(&self) -> Result<Bytes, String> {
        self.made
            .get_or_init(|| {
                self.printer
                    .print(&self.document, &self.content, &self.pictures)
                    .map(|printed| Arc::new(printed.pdf))
                    .map_err(|err| err.to_string())
            })
            .clone()
    }
}

/// One file as a connection sees it, with what to show over it.
pub(crate) struct Lookup {
    pub(crate) bytes: Option<Bytes>,
    pub(crate) problems: Arc<Vec<Finding>>,
    pub(crate) names: Arc<Vec<(String, String)>>,
    pub(crate) generation: u64,
}

impl Published {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Replaces and removes files, adds the PDFs the new pages link to, sets the problems
    /// to show, and tells every open page. A PDF an edit left unlinked stays until serve
    /// stops: its name is a hash of what it was made from, so it is never shown stale.
    pub(crate) fn publish(
        &self,
        put: Vec<(String, Bytes)>,
        pdfs: Vec<(String, Arc<PrintOnDemand>)>,
        delete: &[String],
        problems: Vec<Finding>,
    ) {
        let mut state = self.lock();
        for path in delete {
            state.files.remove(path);
        }
        state.files.extend(put);
        state.pdfs.extend(pdfs);
        // Every response can show the problems (the overlay, the status report): a pupil's
        // name in one is shown as initials, as in CI logs.
        state.names = Arc::new(problems.iter().flat_map(|finding| finding.names.iter().cloned()).collect());
        state.problems = Arc::new(problems.iter().map(Finding::redacted).collect());
        state.generation += 1;
        drop(state);
        self.changed.notify_all();
    }

    /// Replaces files without telling open pages (the search index, after its pages).
    pub(crate) fn refresh(&self, put: Vec<(String, Bytes)>) {
        self.lock().files.extend(put);
    }

    pub(crate) fn get(&self, path: &str) -> Lookup {
        let state = self.lock();
        Lookup {
            bytes: state.files.get(path).cloned(),
            problems: Arc::clone(&state.problems),
            names: Arc::clone(&state.names),
            generation: state.generation,
        }
    }

    /// The PDF published at `path`, if a page links to one there.
    pub(crate) fn pdf(&self, path: &str) -> Option<Arc<PrintOnDemand>> {
        self.lock().pdfs.get(path).cloned()
    }

    pub(crate) fn generation(&self) -> u64 {
        self.lock().generation
    }

    pub(crate) fn problems(&self) -> Arc<Vec<Finding>> {
        Arc::clone(&self.lock().problems)
    }

    /// Waits until the generation is past `seen`, or `timeout` passes, or the server is
    /// stopping; returns the generation then.
    pub(crate) fn wait_past(&self, seen: u64, timeout: Duration) -> u64 {
        let state = self.lock();
        let (state, _) = self
            .changed
            .wait_timeout_while(state, timeout, |s| s.generation <= seen && !self.stopping.load(Ordering::SeqCst))
            .unwrap_or_else(PoisonError::into_inner);
        state.generation
    }

    /// Wakes every waiting connection so it can close.
    pub(crate) fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        self.changed.notify_all();
    }

    pub(crate) fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }
}
