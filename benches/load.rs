//! How long a large imported dictionary takes to load and compile: the codespell dictionary
//! (about 65,000 entries) imported as one rule file, then loaded and compiled into an engine,
//! as `transclean --rules codespell.toml ...` does before it cleans anything.
//!
//! Then one rule whose `find` lists 1,000,000 entries (words, some with an apostrophe, 1% of
//! two-word phrases), loaded and compiled the same way: once superlinear (119 s).
//!
//! Run with `cargo bench --bench load`; prints the median of 5 runs of each step (3 for the long
//! list). Needs `../shared/external/dictionaries/codespell/dictionary.txt` beside the repository.

use std::path::PathBuf;
use std::time::{Duration, Instant};
use transclean::import::{self, Format};
use transclean::{Engine, config};

const RUNS: usize = 5;

/// CPU time this thread has run so far (Linux), so that a median taken on a machine busy with
/// other work still says what loading costs; wall-clock time is printed beside it.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    codespell();
    long_find_list(1_000_000);
}

/// One `replace` rule with `entries` phrases in its `find` list, written on one line as
/// `transclean import` would, loaded and compiled.
fn long_find_list(entries: usize) {
    let mut phrases = Vec::with_capacity(entries);
    for i in 0..entries {
        phrases.push(match i % 100 {
            0 => format!("\"two{i} words\""),
            n if n % 7 == 0 => format!("\"w{i}'s\""),
            _ => format!("\"w{i}\""),
        });
    }
    let toml = format!(
        "[[rule]]\nid = \"long\"\nkind = \"replace\"\nfind = [{}]\nreplace = \"X\"\n",
        phrases.join(", ")
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("long.toml");
    std::fs::write(&file, &toml).unwrap();
    let options = config::LoadOptions {
        rules: vec![file],
        ..Default::default()
    };
    let (mut load, mut total) = (Vec::new(), Vec::new());
    for _ in 0..3 {
        let start = Instant::now();
        let set = config::load(&options).expect("the long list loads");
        let loaded = Instant::now();
        let engine = Engine::new(&set);
        total.push(start.elapsed());
        load.push(loaded - start);
        let last = entries - 1;
        let sample = engine
            .clean(&format!("w1 w{last} w7's two0 words w0x"))
            .cleaned;
        assert_eq!(sample, "X X X X w0x");
    }
    println!(
        "one rule, {entries} `find` entries ({} KB of TOML), median of 3 runs:",
        toml.len() / 1024
    );
    println!("  load (parse, layer, check): {:>8.1?}", median(load));
    println!("  load + compile:             {:>8.1?}", median(total));
}

fn codespell() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dictionary = root.join("../shared/external/dictionaries/codespell/dictionary.txt");
    let text = std::fs::read_to_string(&dictionary)
        .unwrap_or_else(|e| panic!("{}: {e}", dictionary.display()));
    let imported = import::import(Format::Codespell, &text);
    let toml = imported.to_toml(Format::Codespell, "dictionary.txt");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("codespell.toml");
    std::fs::write(&file, &toml).unwrap();

    let options = config::LoadOptions {
        builtin: true,
        rules: vec![file],
        ..Default::default()
    };
    let (mut load, mut compile, mut total, mut cpu) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut rules = 0;
    let mut sample = String::new();
    for _ in 0..RUNS {
        let cpu_start = cpu_time();
        let start = Instant::now();
        let set = config::load(&options).expect("the import loads");
        let loaded = Instant::now();
        let engine = Engine::new(&set);
        let compiled = Instant::now();
        if let (Some(from), Some(to)) = (cpu_start, cpu_time()) {
            cpu.push(to - from);
        }
        load.push(loaded - start);
        compile.push(compiled - loaded);
        total.push(compiled - start);
        rules = set.rules.len();
        sample = engine.clean("Teh abandonned Achillees.").cleaned;
    }
    assert_eq!(sample, "The abandoned Achilles.\n");
    println!(
        "codespell import: {rules} rules in force ({} KB of TOML), median of {RUNS} runs:",
        toml.len() / 1024
    );
    println!("  load (parse, layer, check): {:>8.1?}", median(load));
    println!("  compile (Engine::new):      {:>8.1?}", median(compile));
    println!("  load + compile:             {:>8.1?}", median(total));
    if !cpu.is_empty() {
        println!("  load + compile, CPU time:   {:>8.1?}", median(cpu));
    }
}
