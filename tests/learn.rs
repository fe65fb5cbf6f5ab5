//! `learn` on a hand-corrected copy of a corpus document: the rules it derives, applied to
//! the original, give the corrected copy.
//!
//! `fixtures/learn/003_e4e5b2d9920b2ad1.corrected.txt` is `corpus/003_e4e5b2d9920b2ad1.txt`
//! with its mis-transcriptions corrected by hand: Dombas, Neustadt Treaty (twice), Itatas
//! (twice, to ITAR-TASS), Alexie Navalny, Radio Freedom Europe, ADM Treaty, ascension to NATO,
//! Yanokovich, Finish team, Russian confederation.

use std::path::PathBuf;
use transclean::{Engine, config, learn};

fn read(path: &str) -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

#[test]
fn learned_rules_turn_the_original_into_the_corrected_copy() {
    let original = read("corpus/003_e4e5b2d9920b2ad1.txt");
    let corrected = read("fixtures/learn/003_e4e5b2d9920b2ad1.corrected.txt");
    let learned = learn::learn(&original, &corrected);
    // Ten corrections, two of them made twice: ten rules, none held back, no rewrites.
    assert_eq!(learned.active(), 10, "{}", learned.summary());
    assert_eq!(learned.rules.len(), 10);
    assert!(learned.rewrites.is_empty());
    let text = learned.to_toml("original.txt", "corrected.txt");
    let set = config::load_text("learned.toml", &text).expect("the learned rules load");
    let (run, failures) = transclean::examples::check(&set);
    assert_eq!((run, failures.len()), (10, 0), "{failures:?}");
    let cleaned = Engine::new(&set).clean(&original).cleaned;
    assert!(
        cleaned == corrected,
        "the learned rules do not reproduce the corrected copy"
    );
    assert!(
        text.contains("\"Neustadt\" -> \"New START\": corrected 2 times"),
        "{text}"
    );
}
