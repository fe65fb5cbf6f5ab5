//! Invariants of cleaning with the built-in rules, over generated transcripts and arbitrary text:
//! no panic, idempotence, provenance inside the original, and clean text left byte-identical.

use proptest::prelude::*;
use std::sync::LazyLock;
use transclean::{Engine, LoadOptions, config};

static ENGINE: LazyLock<Engine> = LazyLock::new(|| {
    let set = config::load(&LoadOptions {
        builtin: true,
        ..Default::default()
    })
    .expect("built-in rules load");
    Engine::new(&set)
});

/// Pieces of scraped transcripts, including everything the built-in rules react to.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Vladimir Putin: (00:41)\n".to_string()),
        Just("Reporter: (1:02:03) ".to_string()),
        Just("Reporter:\n".to_string()),
        Just(">> JOHN McDONALD: ".to_string()),
        Just("**Jerod Santo:** ".to_string()),
        Just("**Adam** [00:00:00] ".to_string()),
        Just("Henry Zhu  0:34  \n".to_string()),
        Just("Q: ".to_string()),
        Just("A: ".to_string()),
        Just("\n- ".to_string()),
        Just("aleksandr:\n".to_string()),
        Just("[Inaudible 00:32:55]".to_string()),
        Just("\\[04:10\\] ".to_string()),
        Just("[inaudible 00:16:09] ".to_string()),
        Just("[Oshekoff 00:01:33]".to_string()),
        Just("Dombas ".to_string()),
        Just("DOMBAS".to_string()),
        Just("Neustadt\nTreaty ".to_string()),
        Just("star treaty".to_string()),
        Just("of of ".to_string()),
        Just("the the the ".to_string()),
        Just("Russia ".to_string()),
        Just("Sputnik\n".to_string()),
        Just("rev.com\n".to_string()),
        Just("Get short URL\n".to_string()),
        Just("READ MORE: link\n".to_string()),
        Just("Published at www.rev.com".to_string()),
        Just("\u{a0}".to_string()),
        Just("\u{200b}".to_string()),
        Just("e\u{301}".to_string()),
        Just("  ".to_string()),
        Just("\t".to_string()),
        Just("\n".to_string()),
        Just("\n\n\n".to_string()),
        Just("\r\n".to_string()),
        Just("    ".to_string()),
        Just("Dialogue is always good and always in demand for everyone here. ".to_string()),
        Just(
            "Dialogue is always good and always in demand for everyone here. More.\n\n".to_string()
        ),
        "[a-zA-Z]{1,8} ".prop_map(|s| s),
        "[a-z]{1,6}[.,?:] ".prop_map(|s| s),
    ]
}

fn transcript() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..60).prop_map(|pieces| pieces.concat())
}

fn check_invariants(text: &str) -> Result<(), TestCaseError> {
    let once = ENGINE.clean(text);
    let twice = ENGINE.clean(&once.cleaned);
    prop_assert_eq!(&twice.cleaned, &once.cleaned, "not idempotent");
    prop_assert!(
        twice.changes.is_empty(),
        "second run made changes: {:?}",
        twice.changes
    );
    for change in &once.changes {
        prop_assert!(change.range.start <= change.range.end && change.range.end <= text.len());
        prop_assert!(
            text.is_char_boundary(change.range.start) && text.is_char_boundary(change.range.end)
        );
        let line = text[..change.range.start].matches('\n').count() + 1;
        prop_assert_eq!(change.line, line);
    }
    prop_assert_eq!(once.changes.is_empty(), once.cleaned == text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn generated_transcripts_settle_in_one_run(text in transcript()) {
        check_invariants(&text)?;
    }

    #[test]
    fn arbitrary_unicode_never_panics_and_settles(text in "\\PC{0,200}|[\\s\\S]{0,200}") {
        check_invariants(&text)?;
    }

    /// Prose of plain words, single spaces, one paragraph per line and a final newline is
    /// already clean: it must come out byte for byte.
    #[test]
    fn clean_text_is_untouched(lines in proptest::collection::vec("[a-z]{3,7}( [a-z]{3,7}){0,8}[.]", 1..8)) {
        let text = lines.join("\n\n") + "\n";
        let words: Vec<&str> = text.split_whitespace().collect();
        prop_assume!(words.windows(2).all(|w| w[0] != w[1]), "a doubled word is not clean text");
        let outcome = ENGINE.clean(&text);
        prop_assert_eq!(&outcome.cleaned, &text);
        prop_assert!(outcome.changes.is_empty());
    }
}
