//! Where the engine's time goes: each stage of the built-in rules alone, the whole pipeline,
//! and rule loading, on 1 MB made from the corpus documents (divan).
//!
//! Run with `cargo bench --bench stages`. A stage is measured with only its own rules enabled,
//! on text the earlier stages have not cleaned, so its figure includes the edits it makes.

use std::sync::LazyLock;
use transclean::Engine;
use transclean::config::{self, LoadOptions, RuleSet};
use transclean::rules::Stage;

fn main() {
    divan::main();
}

/// About 1 MB: the corpus documents, repeated with a numbered heading so no two are equal.
static TEXT: LazyLock<String> = LazyLock::new(|| {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let documents: Vec<String> = paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let mut text = String::new();
    for i in 0.. {
        if text.len() >= 1_000_000 {
            break;
        }
        text.push_str(&format!(
            "Document {i}\n\n{}\n",
            documents[i % documents.len()]
        ));
    }
    text
});

fn builtin() -> RuleSet {
    config::load(&LoadOptions {
        builtin: true,
        ..Default::default()
    })
    .unwrap()
}

const STAGES: &[&str] = &[
    "unicode",
    "boilerplate",
    "speakers",
    "timestamps",
    "corrections",
    "dedupe",
    "whitespace",
];

#[divan::bench(args = STAGES)]
fn stage_alone(bencher: divan::Bencher, name: &str) {
    let stage = Stage::ALL
        .into_iter()
        .find(|s| s.name() == name)
        .expect("a stage of that name");
    let mut set = builtin();
    for rule in &mut set.rules {
        rule.enabled &= rule.stage == stage;
    }
    let engine = Engine::new(&set);
    bencher
        .counter(divan::counter::BytesCount::of_str(&*TEXT))
        .bench(|| engine.clean(divan::black_box(&TEXT)));
}

#[divan::bench]
fn whole_pipeline(bencher: divan::Bencher) {
    let engine = Engine::new(&builtin());
    bencher
        .counter(divan::counter::BytesCount::of_str(&*TEXT))
        .bench(|| engine.clean(divan::black_box(&TEXT)));
}

#[divan::bench]
fn load_and_compile_builtin_rules() -> Engine {
    Engine::new(&builtin())
}
