//! A progress bar for long runs: files, megabytes, speed and time left, on a terminal only.
//!
//! A pre-commit hook or a pipe must see nothing of it, so it draws only when stderr is a
//! terminal and `--quiet` is off, and only once a run has gone on for a while: a run that ends
//! within [`SHOW_AFTER`] never flickers a bar.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long a run goes before its bar appears.
const SHOW_AFTER: Duration = Duration::from_secs(2);

/// Progress of a run over many inputs; cheap to share between the threads that clean them.
pub struct Progress {
    bar: Option<ProgressBar>,
    show_after: Duration,
    started: Instant,
    shown: AtomicBool,
    files_done: AtomicUsize,
    /// Each input's size in bytes, by its index (empty when the bar is off).
    sizes: Vec<u64>,
}

impl Progress {
    /// A bar over `paths` (their sizes are read once, for the total and each file's share), or
    /// one that never draws when `enabled` is false or stderr is not a terminal.
    pub fn new<'a>(enabled: bool, paths: impl Iterator<Item = Option<&'a Path>>) -> Progress {
        let enabled = enabled && std::io::stderr().is_terminal();
        let sizes: Vec<u64> = if enabled {
            paths
                .map(|path| {
                    path.and_then(|p| std::fs::metadata(p).ok())
                        .map_or(0, |m| m.len())
                })
                .collect()
        } else {
            Vec::new()
        };
        let bar = enabled.then(|| {
            let total = sizes.iter().sum();
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
            bar.set_style(
                ProgressStyle::with_template(
                    "{msg} files  {bytes}/{total_bytes}  {bytes_per_sec}  ETA {eta}  [{wide_bar}]",
                )
                .expect("the template is valid")
                .progress_chars("=> "),
            );
            bar
        });
        // Tests set the wait in milliseconds, to see a bar without a long run.
        let show_after = std::env::var("TRANSCLEAN_PROGRESS_AFTER_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(SHOW_AFTER, Duration::from_millis);
        Progress {
            bar,
            show_after,
            started: Instant::now(),
            shown: AtomicBool::new(false),
            files_done: AtomicUsize::new(0),
            sizes,
        }
    }

    /// The input at `index` (in the order given to [`Progress::new`]) is done.
    pub fn file_done(&self, index: usize) {
        let Some(bar) = &self.bar else { return };
        let done = self.files_done.fetch_add(1, Ordering::Relaxed) + 1;
        bar.set_message(format!("{done}/{}", self.sizes.len()));
        bar.inc(self.sizes[index]);
        if !self.shown.load(Ordering::Relaxed) && self.started.elapsed() >= self.show_after {
            self.shown.store(true, Ordering::Relaxed);
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// Runs `print` with the bar out of the way, so that messages do not mix with it.
    pub fn suspend<R>(&self, print: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }

    /// Removes the bar at the end of the run.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
