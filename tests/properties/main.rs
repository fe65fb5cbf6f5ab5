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
