//! Progress: a bar on standard error for work that takes more than a moment.
//!
//! In: how much work there is and a label (`Progress::new(pages, "Rendering")`), then one
//! [`Progress::inc`] per piece done, from any thread. Out: a bar on standard error, or
//! nothing. Guarantees: nothing at all is drawn unless the binary has called
//! [`configure`] with a terminal on standard error and without `--quiet`, so a CI log, a
//! pipe, a test or a library caller never sees an escape code; a bar appears only once
//! its work has run for [`DELAY`], so a quick build stays a single summary line; under
//! `NO_COLOR` the bar is drawn without colour or block characters; and the bar is wiped
//! when it finishes or is dropped, so it never stands between the findings and the summary.

use std::io::IsTerminal;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long work must run before its bar appears.
pub(crate) const DELAY: Duration = Duration::from_millis(400);

/// How bars are drawn, for the whole process.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Not at all: standard error is not a terminal, `--quiet` was given, or the caller
    /// is not the binary.
    Hidden,
    /// Without colour or block characters (`NO_COLOR`).
    Plain,
    Colour,
}

impl Mode {
    /// The mode for this process: hidden with `quiet` or off a terminal, plain when the
    /// `NO_COLOR` environment variable is set to anything but the empty string
    /// (<https://no-color.org>).
    pub fn detect(quiet: bool) -> Mode {
        if quiet || !std::io::stderr().is_terminal() {
            Mode::Hidden
        } else if no_color() {
            Mode::Plain
        } else {
            Mode::Colour
        }
    }
}

/// True if the `NO_COLOR` convention asks for output without colour.
pub(crate) fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty())
}

static MODE: OnceLock<Mode> = OnceLock::new();

/// Sets how every bar in this process is drawn. The binary calls this once, after parsing
/// the command line; later calls are ignored. Until it is called, bars are hidden.
pub fn configure(mode: Mode) {
    let _ = MODE.set(mode);
}

fn mode() -> Mode {
    MODE.get().copied().unwrap_or(Mode::Hidden)
}

/// One stage's bar. Cheap when hidden: a counter nobody draws.
#[derive(Debug)]
pub(crate) struct Progress {
    bar: ProgressBar,
    mode: Mode,
    started: Instant,
    shown: AtomicBool,
}

impl Progress {
    /// A bar for `len` pieces of work, labelled `label` ("Rendering", "Typesetting").
    pub(crate) fn new(len: usize, label: &'static str) -> Progress {
        let mode = mode();
        let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::hidden()).with_prefix(label);
        if let Some(style) = style(mode) {
            bar.set_style(style);
        }
        Progress { bar, mode, started: Instant::now(), shown: AtomicBool::new(false) }
    }

    /// A bar never drawn, for work that reports in its own way (`serve`'s rebuilds).
    pub(crate) fn hidden() -> Progress {
        Progress { bar: ProgressBar::hidden(), mode: Mode::Hidden, started: Instant::now(), shown: AtomicBool::new(false) }
    }

    /// One piece done. Safe to call from many threads at once.
    pub(crate) fn inc(&self) {
        self.inc_by(1);
    }

    /// `n` pieces done.
    pub(crate) fn inc_by(&self, n: usize) {
        self.bar.inc(n as u64);
        if self.mode != Mode::Hidden && self.started.elapsed() >= DELAY && !self.shown.swap(true, Ordering::Relaxed) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            // Keeps the elapsed time moving while one slow piece holds up the count.
            self.bar.enable_steady_tick(Duration::from_millis(120));
        }
    }

    /// `n` more pieces of work, found out along the way.
    pub(crate) fn grow(&self, n: usize) {
        self.bar.inc_length(n as u64);
    }

    /// How many pieces are done.
    #[cfg(test)]
    pub(crate) fn position(&self) -> u64 {
        self.bar.position()
    }

    /// Whether the bar has been drawn (it never is in [`Mode::Hidden`]).
    #[cfg(test)]
    pub(crate) fn is_shown(&self) -> bool {
        self.shown.load(Ordering::Relaxed)
    }

    /// The stage is over: the bar is wiped from the terminal.
    pub(crate) fn finish(self) {
        // Drop does the work, so a stage left early by `?` or `return` is wiped too.
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// The bar's look in each mode; `None` when nothing is drawn.
fn style(mode: Mode) -> Option<ProgressStyle> {
    let (template, chars) = match mode {
        Mode::Hidden => return None,
        Mode::Plain => ("{prefix:>12} [{bar:30}] {pos}/{len} ({elapsed})", "=> "),
        Mode::Colour => ("{prefix:>12.cyan.bold} [{bar:30.cyan/blue}] {pos}/{len} ({elapsed})", "█▉▊▋▌▍▎▏ "),
    };
    // The templates are fixed, so this cannot fail; a bar without a style is still a bar.
    ProgressStyle::with_template(template).ok().map(|style| style.progress_chars(chars))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_counts_from_many_threads_and_stays_hidden_unless_configured() {
        let progress = Progress::new(100, "Testing");
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| (0..25).for_each(|_| progress.inc()));
            }
        });
        assert_eq!(progress.position(), 100);
        assert!(!progress.is_shown(), "tests never configure a terminal");
        progress.finish();
    }

    #[test]
    fn every_mode_that_draws_has_a_style() {
        assert!(style(Mode::Hidden).is_none());
        assert!(style(Mode::Colour).is_some());
        assert!(style(Mode::Plain).is_some());
    }
}
