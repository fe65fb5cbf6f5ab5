//! Invariants of cleaning with the built-in rules (issue 7, "never lose text"), over generated
//! transcripts and arbitrary Unicode. Each module holds one property; `texts` makes the texts.

mod patch;
mod replay;
mod settle;
mod texts;
mod untouched;
mod words;

use std::sync::LazyLock;
use transclean::Engine;

/// Compiling the rules costs more than cleaning a generated text: one engine for every case.
pub static ENGINE: LazyLock<Engine> =
    LazyLock::new(|| Engine::builtin().expect("built-in rules load"));

/// `cases` per property, or `PROPTEST_CASES` when set: the defaults keep `cargo test` quick, and
/// a deeper hunt is `PROPTEST_CASES=5000 cargo test --release --test properties`.
pub fn config(cases: u32) -> proptest::test_runner::Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    proptest::test_runner::Config::with_cases(cases)
}
