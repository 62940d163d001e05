//! The budget every template renders within. Templates are code that schools and trusts
//! share, and Tera sets no limits of its own: a loop that adds a piece of text to itself
//! fills memory, and loops inside loops can run for ever. Two guards keep that promise:
//!
//! - `range` draws on an allowance of numbers per render ([`take_numbers`]), so ranges
//!   inside ranges stop early, as an ordinary template error at the line that asked;
//! - a watchdog thread watches every render in progress. One still running after
//!   [`TIME_BUDGET`], or running while the process holds [`MEMORY_BUDGET`] more than when
//!   rendering began, is reported as a finding at its template's file, through the handler
//!   the command line installed ([`on_exceeded`]), and the process stops there: nothing
//!   has been written yet, so nothing is half-written.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

use crate::finding::{self, Finding, Span};

/// The most numbers `range` may make in one render, across all its calls.
pub(crate) const NUMBERS_PER_RENDER: usize = 100_000;
/// How long one page's template may run: every page of a large site together renders in
/// well under a second.
pub(crate) const TIME_BUDGET: Duration = Duration::from_secs(10);
/// How much memory one render may add to what the process held when it began.
pub(crate) const MEMORY_BUDGET: u64 = 1 << 30;
/// How often the watchdog looks.
const TICK: Duration = Duration::from_millis(20);

thread_local! {
    static NUMBERS_LEFT: Cell<usize> = const { Cell::new(NUMBERS_PER_RENDER) };
}

/// The renders in progress, by thread: the template's file and when it started.
static ACTIVE: Mutex<Vec<(ThreadId, PathBuf, Instant)>> = Mutex::new(Vec::new());
static WATCHDOG: OnceLock<()> = OnceLock::new();
type Handler = Box<dyn Fn(Finding) + Send + Sync>;
static HANDLER: OnceLock<Handler> = OnceLock::new();

/// Says what to do with the finding for a template over its budget (print it as the
/// command prints findings). The process exits with 1 after it.
pub fn on_exceeded(handler: impl Fn(Finding) + Send + Sync + 'static) {
    let _ = HANDLER.set(Box::new(handler));
}

/// Runs one render of the template in `file`, within the budget.
pub(crate) fn render<T>(file: &Path, render: impl FnOnce() -> T) -> T {
    WATCHDOG.get_or_init(start_watchdog);
    NUMBERS_LEFT.set(NUMBERS_PER_RENDER);
    let me = std::thread::current().id();
    active().push((me, file.to_path_buf(), Instant::now()));
    let result = render();
    active().retain(|(thread, ..)| *thread != me);
    result
}

/// Takes `count` numbers from this render's allowance, or says why not.
pub(crate) fn take_numbers(count: usize) -> Result<(), String> {
    let left = NUMBERS_LEFT.get();
    if count > left {
        return Err(format!(
            "`range` would make more numbers than one page may use ({NUMBERS_PER_RENDER} in all): ranges inside loops multiply"
        ));
    }
    NUMBERS_LEFT.set(left - count);
    Ok(())
}

fn active() -> std::sync::MutexGuard<'static, Vec<(ThreadId, PathBuf, Instant)>> {
    ACTIVE.lock().unwrap_or_else(PoisonError::into_inner)
}

fn start_watchdog() {
    let spawned = std::thread::Builder::new().name("template budget".into()).spawn(|| {
        // The memory the process held when the watchdog first saw each render: what a
        // render adds is measured from there, not from the media and pages held by then.
        let mut seen: Vec<(ThreadId, Instant, u64)> = Vec::new();
        loop {
            std::thread::sleep(TICK);
            let now = resident_bytes();
            let renders: Vec<(ThreadId, PathBuf, Instant)> = active().clone();
            seen.retain(|(thread, started, _)| renders.iter().any(|(t, _, s)| t == thread && s == started));
            for (thread, _, started) in &renders {
                if !seen.iter().any(|(t, s, _)| t == thread && s == started) {
                    seen.push((*thread, *started, now.unwrap_or(0)));
                }
            }
            let Some((_, file, started)) = renders.iter().min_by_key(|(.., started)| *started) else { continue };
            let from = seen.iter().filter(|(_, s, _)| s == started).map(|(.., rss)| *rss).next().unwrap_or(0);
            let over_memory = now.is_some_and(|now| now > from + MEMORY_BUDGET);
            if over_memory || started.elapsed() > TIME_BUDGET {
                exceeded(file, over_memory);
            }
        }
    });
    // Without the thread the allowance of numbers still holds; nothing else to do.
    drop(spawned);
}

/// Reports the template and stops the process.
fn exceeded(file: &Path, memory: bool) -> ! {
    let message = if memory {
        format!(
            "rendering this template took more than {} MB of memory: a loop that keeps adding text to itself grows it without end",
            MEMORY_BUDGET >> 20
        )
    } else {
        format!(
            "this template was still rendering one page after {} seconds: loops inside loops, or a loop over something very long, keep it from finishing",
            TIME_BUDGET.as_secs()
        )
    };
    // The first loop is where to look; a template with none is read whole.
    let span = std::fs::read_to_string(file).ok().and_then(|text| first_loop(&text).map(|offset| Span::at_offset(&text, offset, 1)));
    let finding = Finding::error(finding::id::TEMPLATE_ERROR, file, span).message(message).help(
        "loop over the school's own lists (people, entries) rather than ranges inside ranges, and never build text by adding it to itself in a loop",
    );
    match HANDLER.get() {
        Some(handler) => handler(finding),
        None => eprintln!("{}: {}", file.display(), finding.message),
    }
    std::process::exit(1);
}

fn first_loop(text: &str) -> Option<usize> {
    let tag = text.match_indices("{%").find(|(at, _)| text[at + 2..].trim_start_matches(['-', ' ', '\t', '\n']).starts_with("for "))?;
    Some(tag.0)
}

/// The process's resident memory, where the system says (Linux).
#[cfg(target_os = "linux")]
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * rustix::param::page_size() as u64)
}

/// Elsewhere the watchdog goes by time alone.
#[cfg(not(target_os = "linux"))]
fn resident_bytes() -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_render_has_its_own_allowance_of_numbers() {
        render(Path::new("a.html"), || {
            assert!(take_numbers(NUMBERS_PER_RENDER - 1).is_ok());
            assert!(take_numbers(2).is_err());
        });
        render(Path::new("b.html"), || assert!(take_numbers(NUMBERS_PER_RENDER).is_ok()));
        assert!(active().iter().all(|(thread, ..)| *thread != std::thread::current().id()));
    }

    #[test]
    fn the_first_loop_is_found() {
        assert_eq!(first_loop("<p>{{ x }}</p>\n{%- for p in people %}"), Some(15));
        assert_eq!(first_loop("{% if x %}{% endif %}"), None);
    }
}
