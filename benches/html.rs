//! How long the HTML report takes for one file with many changes: 200,000 one-word corrections
//! (`teh` -> `the`) in a 1 MB text, rendered as `diff --format html` renders it. The page's
//! layout once scanned every mark for each change and each hunk, quadratic in the changes.
//!
//! Run with `cargo bench --bench html`; prints the median of 3 runs, and the time for 50,000
//! changes beside it, so that a superlinear cost shows as a ratio well above 4.

use std::time::{Duration, Instant};
use transclean::diff::{html, run::FileResult};
use transclean::{Engine, config};

const RUNS: usize = 3;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// The median time to render the report of a file with `changes` changes.
fn render_time(engine: &Engine, changes: usize) -> Duration {
    let mut text = String::with_capacity(changes * 6);
    for i in 0..changes {
        text.push_str(if i % 10 == 9 { "teh\n" } else { "teh " });
    }
    let outcome = engine.clean(&text);
    assert_eq!(outcome.changes.len(), changes);
    let result = FileResult {
        path: "big.txt",
        original: Some(&text),
        outcome: Some(&outcome),
        engine: Some(engine),
        error: None,
        skipped: None,
        changed: true,
    };
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let page = html::render("diff", &[result]);
        times.push(start.elapsed());
        assert!(page.len() > changes * 20);
    }
    median(times)
}

fn main() {
    let set = config::load_text(
        "bench.toml",
        "[[rule]]\nid = \"teh\"\nkind = \"replace\"\nfind = \"teh\"\nreplace = \"the\"\n",
    )
    .unwrap();
    let engine = Engine::new(&set);
    let quarter = render_time(&engine, 50_000);
    let full = render_time(&engine, 200_000);
    println!("HTML report of one file, median of {RUNS} runs:");
    println!("   50,000 changes: {quarter:>8.1?}");
    println!(
        "  200,000 changes: {full:>8.1?} ({:.1}x)",
        full.as_secs_f64() / quarter.as_secs_f64()
    );
}
