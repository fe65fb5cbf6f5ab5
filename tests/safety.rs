//! Fix safety on real text: doubled words that may be meant are proposed, never applied, unless
//! unsafe fixes are asked for; English rules skip other languages; turns are never deduplicated.

use std::path::PathBuf;
use transclean::Engine;
use transclean::config::{self, LoadOptions};

fn engine(unsafe_fixes: bool) -> Engine {
    let set = config::load(&LoadOptions {
        builtin: true,
        unsafe_fixes,
        ..Default::default()
    })
    .expect("built-in rules load");
    Engine::new(&set)
}

fn shared(path: &str) -> String {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(path);
    std::fs::read_to_string(&file).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (the tests need ../shared beside the repository)",
            file.display()
        )
    })
}

/// The changes and suggestions of the doubled-word rules on a text, as `rule:before` strings.
fn doubled(engine: &Engine, text: &str) -> (Vec<String>, Vec<String>) {
    let outcome = engine.clean(text);
    let pick = |changes: &[transclean::engine::Change]| {
        changes
            .iter()
            .filter(|c| c.rule.starts_with("repeated-"))
            .map(|c| format!("{}:{}", c.rule, c.before.trim()))
            .collect()
    };
    (pick(&outcome.changes), pick(&outcome.suggestions))
}

#[test]
fn doubled_words_that_may_be_meant_are_proposed_not_applied() {
    let safe = engine(false);
    let cases = [
        // Speech: every kind of doubling the issue lists.
        "Anna: It is not not true, no no no, we do do that, go go go.\n\nBen: Walla walla is far.\n\nAnna: The far-left left them, we went home home was quiet.\n",
    ];
    for text in cases {
        let (applied, proposed) = doubled(&safe, text);
        assert!(applied.is_empty(), "{applied:?}");
        assert!(
            proposed.contains(&"repeated-words:not".to_string()),
            "{proposed:?}"
        );
        assert!(proposed.contains(&"repeated-words:home".to_string()));
        assert!(proposed.contains(&"repeated-words:walla".to_string()));
        assert!(
            !proposed.iter().any(|p| p.ends_with(":left")),
            "a compound's word"
        );
        assert_eq!(safe.clean(text).cleaned, text);
    }
    // --unsafe-fixes applies them.
    let text = "Anna: It is not not true.\n\nBen: Yes.\n\nAnna: Good.\n";
    assert_eq!(
        engine(true).clean(text).cleaned,
        "Anna: It is not true.\n\nBen: Yes.\n\nAnna: Good.\n"
    );
}

#[test]
fn the_safe_rule_removes_only_function_words_in_prose() {
    let safe = engine(false);
    let text = "The report said that the the vote was a a test of of faith, and you can get involved in in real-time.\n";
    assert_eq!(
        safe.clean(text).cleaned,
        "The report said that the vote was a test of faith, and you can get involved in in real-time.\n"
    );
}

#[test]
fn real_transcripts_keep_their_meant_doubled_words() {
    let safe = engine(false);
    // Each was removed before fix safety; each changed what was said or written.
    for (path, kept) in [
        (
            "external/transcripts/changelog/the-changelog-bonus-sustainoss-2018.md",
            "get involved in in real-time",
        ),
        (
            "external/transcripts/bitcointranscripts/bitcoin-core-v0-21.md",
            "don't don't see",
        ),
        (
            "corpus/003_e4e5b2d9920b2ad1.txt",
            "cyber attacks attacks on",
        ),
    ] {
        let outcome = safe.clean(&shared(path));
        assert!(outcome.cleaned.contains(kept), "{path}: {kept}");
        assert!(
            outcome
                .suggestions
                .iter()
                .any(|s| s.rule.as_ref() == "repeated-words"),
            "{path}: the doubled word is proposed"
        );
    }
    // The one doubled word in prose of the corpus is a typo, and the safe rule fixes it.
    let prose = safe.clean(&shared("corpus/001_3d2e0ee0da1940cd.txt"));
    assert!(prose.cleaned.contains("legitimacy of trump"));
}

#[test]
fn english_rules_skip_a_french_document() {
    let french = "Nous nous sommes retrouvés devant la mairie, et vous vous êtes demandé pourquoi \
                  personne ne parlait du budget avant le lendemain matin, quand le maire a appelé.\n";
    let outcome = engine(true).clean(french);
    assert_eq!(outcome.cleaned, french);
    assert!(outcome.suggestions.is_empty());
}

#[test]
fn a_set_for_speech_turns_prose_rules_off_and_speech_rules_on_everywhere() {
    // A subtitle file is cleaned with this set: it has no labels, but all of it is speech.
    let rules = "[[rule]]\nid = \"p\"\nkind = \"regex\"\npattern = \"a\"\nreplace = \"b\"\nin = \"prose\"\n\n\
                 [[rule]]\nid = \"s\"\nkind = \"regex\"\npattern = \"c\"\nreplace = \"d\"\nin = \"speech\"\n";
    let set = config::load_text("r.toml", rules).expect("the rules load");
    assert_eq!(
        Engine::new(&set).clean("a c").cleaned,
        "b c",
        "no turns: all prose"
    );
    assert_eq!(
        Engine::new(&set.for_speech()).clean("a c").cleaned,
        "a d",
        "all speech"
    );
}
