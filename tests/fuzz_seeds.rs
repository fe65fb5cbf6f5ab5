//! The fuzz targets' checks run over their seed inputs with a plain `cargo test`: the cheap smoke
//! test of the fuzzers for machines without cargo-fuzz and a nightly-capable toolchain (CI).
//!
//! The checks are the fuzz crate's own code (`fuzz/src/lib.rs`), so a seed that would crash a
//! fuzzer fails here too. Seeds are the repository's inputs, the regression inputs under
//! `fixtures/fuzz/TARGET/`, and `../shared/external/` when it is there. Set
//! `TRANSCLEAN_FUZZ_CORPUS=fuzz/corpus` to also replay a fuzzing run's corpus.

#[path = "../fuzz/src/lib.rs"]
mod checks;

use std::path::{Path, PathBuf};

/// Files directly in `dir` whose names end with one of `extensions` (any file if empty);
/// nothing if `dir` does not exist.
fn files(dir: impl AsRef<Path>, extensions: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir.as_ref()) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path, extensions));
        } else if extensions.is_empty()
            || extensions
                .iter()
                .any(|e| path.to_string_lossy().ends_with(e))
        {
            out.push(path);
        }
    }
    out.sort();
    out
}

const EXTERNAL: &str = "../shared/external";

fn texts() -> Vec<PathBuf> {
    let mut all = files("corpus", &[".txt"]);
    all.extend(files("fixtures", &[".txt", ".md"]));
    all.extend(files("tests/cmd", &[".stdin"]));
    all.extend(files(format!("{EXTERNAL}/transcripts"), &[".md"]));
    all
}

/// Runs `check` on every seed and on the target's regression inputs and corpus; panics name the
/// file.
fn replay(target: &str, seeds: Vec<PathBuf>, check: fn(&[u8])) {
    let mut all = seeds;
    all.extend(files(format!("fixtures/fuzz/{target}"), &[]));
    if let Some(corpus) = std::env::var_os("TRANSCLEAN_FUZZ_CORPUS") {
        all.extend(files(Path::new(&corpus).join(target), &[]));
    }
    assert!(!all.is_empty(), "no seeds for {target}");
    for path in &all {
        let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let result = std::panic::catch_unwind(|| check(&data));
        assert!(result.is_ok(), "{target} fails on {}", path.display());
    }
}

#[test]
fn rule_file_seeds() {
    let mut seeds = files("rules", &[".toml"]);
    seeds.extend(files("fixtures", &[".toml"]));
    replay("rule_file", seeds, checks::rule_file);
}

#[test]
fn engine_seeds() {
    replay("engine", texts(), checks::engine);
}

#[test]
fn transcript_seeds() {
    replay("transcript", texts(), checks::transcript);
}

#[test]
fn formats_seeds() {
    let mut seeds = files(format!("{EXTERNAL}/subtitles"), &[".srt", ".vtt", ".sbv"]);
    seeds.extend(files("tests/cmd", &[".stdin", ".srt"]));
    replay("formats", seeds, checks::formats);
}
