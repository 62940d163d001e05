//! Watch: the project's sources on disk, through notify, debounced.
//!
//! In: the project root. Out: batches of changed paths, relative to the root, that can
//! matter to the site: anything under `content/`, `schools/` and `themes/`, and
//! `policypress.yaml`. An editor that saves through a temporary file and a rename
//! touches both names; the temporary one is dropped here (hidden files, backups, swap
//! files), and the real one arrives as changed, whatever the editor did to it.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify_debouncer_full::notify::event::{AccessKind, AccessMode};
use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache, new_debouncer};

/// How long a path must be quiet before its change is reported. Editors write a file in
/// a few system calls within a millisecond or two; this leaves room for that, well inside
/// the time a person takes to look at the browser.
const QUIET: Duration = Duration::from_millis(20);

/// What the watcher reports.
pub(crate) enum Event {
    Changed(Vec<PathBuf>),
    Failed(String),
}

/// Watches while it is alive.
pub(crate) struct Watch {
    _debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
}

/// Starts watching `root`, sending batches through `send` (wrapped by `wrap`, so the
/// caller can use one channel for everything it waits for).
pub(crate) fn watch<M: Send + 'static>(
    root: &Path,
    send: Sender<M>,
    wrap: fn(Event) -> M,
) -> Result<Watch, notify_debouncer_full::notify::Error> {
    let root = std::fs::canonicalize(root)?;
    let base = root.clone();
    let mut debouncer = new_debouncer(QUIET, None, move |result: DebounceEventResult| {
        let event = match result {
            Ok(events) => {
                let mut paths: Vec<PathBuf> = Vec::new();
                for event in events.iter().filter(|e| changes_something(e)) {
                    if event.need_rescan() {
                        // Events were lost: say everything changed.
                        paths.push(PathBuf::from(crate::project::layout::SITE_CONFIG));
                    }
                    paths.extend(event.paths.iter().filter_map(|path| relevant(&base, path)));
                }
                paths.sort();
                paths.dedup();
                if paths.is_empty() {
                    return;
                }
                Event::Changed(paths)
            }
            Err(errors) => Event::Failed(errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")),
        };
        let _ = send.send(wrap(event));
    })?;
    // The root itself, for policypress.yaml and for a watched folder created later.
    debouncer.watch(&root, RecursiveMode::NonRecursive)?;
    for folder in crate::project::layout::SOURCE_FOLDERS {
        let path = root.join(folder);
        if path.is_dir() {
            debouncer.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    Ok(Watch { _debouncer: debouncer })
}

/// False for a file merely opened or read (the build itself reads every source), true
/// for anything that can change what a file holds or whether it is there.
fn changes_something(event: &DebouncedEvent) -> bool {
    match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// The path relative to `root` if it can matter to the site.
fn relevant(root: &Path, path: &Path) -> Option<PathBuf> {
    let relative = path.strip_prefix(root).ok()?;
    let mut components = relative.components();
    let Some(Component::Normal(first)) = components.next() else { return None };
    let top = first.to_str()?;
    let watched = crate::project::layout::SOURCE_FOLDERS.contains(&top)
        || (top == crate::project::layout::SITE_CONFIG && components.next().is_none());
    if !watched || relative.components().any(|c| is_scratch(&c.as_os_str().to_string_lossy())) {
        return None;
    }
    Some(relative.to_path_buf())
}

/// Names editors and tools give their scratch files: hidden files, `file~` backups, vim's
/// `.swp` and its `4913` probe, JetBrains' `___jb_tmp___`, `*.tmp`.
fn is_scratch(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.ends_with("___")
        || (!name.is_empty() && name.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_project_s_sources_count_and_scratch_files_never() {
        let root = Path::new("/p");
        let rel = |path: &str| relevant(root, Path::new(path));
        assert_eq!(rel("/p/content/policies/a.md"), Some(PathBuf::from("content/policies/a.md")));
        assert_eq!(rel("/p/schools/x/school.yaml"), Some(PathBuf::from("schools/x/school.yaml")));
        assert_eq!(rel("/p/themes/default/templates/base.html"), Some(PathBuf::from("themes/default/templates/base.html")));
        assert_eq!(rel("/p/policypress.yaml"), Some(PathBuf::from(crate::project::layout::SITE_CONFIG)));
        assert_eq!(rel("/p/content"), Some(PathBuf::from("content")));
        for ignored in [
            "/p/target/debug/x",
            "/p/public/index.html",
            "/p/content/policies/.a.md.swp",
            "/p/content/policies/a.md~",
            "/p/content/policies/4913",
            "/p/content/policies/a.md___jb_tmp___",
            "/p/schools/x/.school.yaml.kate-swp",
            "/elsewhere/content/a.md",
        ] {
            assert_eq!(rel(ignored), None, "{ignored}");
        }
    }
}
