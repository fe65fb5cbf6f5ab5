//! Unit tests of the engine's edit resolution and counting.

use super::*;
use std::collections::BTreeMap;
use std::ops::Range;

fn edit(range: Range<usize>, to: &str, rule: usize) -> Edit {
    Edit {
        range,
        replacement: to.into(),
        rule,
    }
}

#[test]
fn counting_cleans_alike_and_counts_what_the_changes_record() {
    let engine = Engine::builtin().unwrap();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus");
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let outcome = engine.clean(&text);
        let summary = engine.clean_counting(&text);
        assert_eq!(summary.cleaned, outcome.cleaned);
        assert!(summary.total() > 0);
        assert_eq!(summary.total(), outcome.changes.len());
        let counts: BTreeMap<&str, usize> =
            summary.counts.iter().map(|(r, n)| (&**r, *n)).collect();
        assert_eq!(counts, outcome.counts_by_rule());
    }
}

#[test]
fn resolve_prefers_earlier_then_longer_and_reports_conflicts() {
    let text = "abcdefgh";
    let mut edits = vec![edit(2..4, "X", 1), edit(0..3, "Y", 0), edit(5..6, "f", 0)];
    let conflicts = resolve(text, &mut edits);
    assert_eq!(edits, vec![edit(0..3, "Y", 0)]);
    assert!(conflicts);
}

#[test]
fn nested_deletions_and_duplicates_are_not_conflicts() {
    let mut edits = vec![
        edit(0..6, "", 0),
        edit(2..3, "", 1),
        edit(7..8, "z", 0),
        edit(7..8, "z", 1),
    ];
    let conflicts = resolve("abcdefgh", &mut edits);
    assert_eq!(edits, vec![edit(0..6, "", 0), edit(7..8, "z", 0)]);
    assert!(!conflicts);
}

#[test]
fn apply_edits_splices_in_order() {
    let edits = vec![edit(0..1, "A", 0), edit(3..3, "+", 0), edit(4..6, "", 0)];
    assert_eq!(apply_edits("abcdefg".into(), &edits), "Abc+dg");
    // Batches that shrink the text, grow it late, or grow it first (its stretches then move
    // both ways) are all applied in place.
    let shrinking = vec![edit(0..2, "X", 0), edit(3..4, "", 0), edit(5..7, "yz", 0)];
    assert_eq!(apply_edits("abcdefg".into(), &shrinking), "Xceyz");
    let growing_late = vec![edit(0..3, "", 0), edit(4..5, "LONGER", 0)];
    assert_eq!(apply_edits("abcdefg".into(), &growing_late), "dLONGERfg");
    let growing_first = vec![edit(0..1, "AAAA", 0), edit(2..6, "", 0)];
    assert_eq!(apply_edits("abcdefg".into(), &growing_first), "AAAAbg");
    assert_eq!(apply_edits("héllo".into(), &[edit(1..3, "e", 0)]), "hello");
}

/// The spliced text is taken as UTF-8 unchecked: an edit that would cut a character is refused.
#[test]
#[should_panic(expected = "an edit starts and ends between characters")]
fn an_edit_inside_a_character_is_refused() {
    apply_edits("héllo".into(), &[edit(1..2, "e", 0)]);
}

proptest::proptest! {
    /// In place, with stretches moving left and right in any mix, the text is what copying
    /// piece by piece gives.
    #[test]
    fn edits_applied_in_place_splice_as_copying_does(
        text in "[a-e]{0,40}",
        picks in proptest::collection::vec((0usize..40, 0usize..4, "[A-Z]{0,6}"), 0..8),
    ) {
        let edits = crate::test_edits::non_overlapping(&text, picks);
        proptest::prop_assert_eq!(
            apply_edits(text.clone(), &edits),
            crate::test_edits::spliced_by_copying(&text, &edits)
        );
    }
}

/// Pieces of transcripts that block-local rules change, and ones that move block edges.
const PIECES: &[&str] = &[
    "Vladimir Putin: (00:41)\n",
    "We talked about Dombas and the the treaty.\n",
    "It&#39;s in the Neustadt\nTreaty, said Ann.\n",
    "Get short URL\n",
    "Listen Live\n",
    "\n",
    " \t\n",
    "\r\n",
    "---\n",
    "of of course\n",
    "A repeated paragraph that goes on for quite a few words here.\n",
    "Caf\u{e9} \u{a0}and \u{c3}\u{a9}t\u{e9} \u{2014} fine.\n",
    "Subscribe to EIR\n",
    // Changes that make more in the next run: a reference decoded into another, and a double
    // space collapsed into a repeated word.
    "Escaped &amp;#39;twice&amp;#39; here.\n",
    "We went out of  of the room.\n",
];

/// Thirty clean lines (`Line {i}` and `rest`) in paragraphs of three, with the `pieces` picked
/// (index, line number) before their lines: later runs change little and re-scan by blocks.
fn mostly_clean(pieces: &[&str], picks: &[(usize, usize)], rest: &str) -> String {
    let mut text = String::new();
    for i in 0..30 {
        for (piece, _) in picks.iter().filter(|(_, at)| *at == i) {
            text.push_str(pieces[*piece]);
        }
        text.push_str(&format!("Line {i}{rest}\n"));
        if i % 3 == 2 {
            text.push('\n');
        }
    }
    text
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(64))]

    /// Later runs re-scan block-local passes only where the text changed, and every such
    /// re-scan gives what a full scan gives (checked inside the engine in debug builds); the
    /// result has settled.
    #[test]
    fn block_rescans_clean_as_full_scans_do(
        picks in proptest::collection::vec((0..PIECES.len(), 0usize..30), 1..6),
    ) {
        let engine = Engine::builtin().unwrap();
        let text = mostly_clean(PIECES, &picks, " of a paragraph that needs no cleaning.");
        let outcome = engine.clean(&text);
        proptest::prop_assert_eq!(engine.clean(&outcome.cleaned).cleaned, outcome.cleaned.clone());
        let summary = engine.clean_counting(&text);
        proptest::prop_assert_eq!(summary.changed, outcome.cleaned != text);
        proptest::prop_assert_eq!(summary.cleaned, outcome.cleaned);
    }
}

#[test]
fn counting_tells_whether_the_text_changed_without_keeping_it() {
    let engine = Engine::builtin().unwrap();
    let clean = "Putin went to the Donbas.\n";
    let summary = engine.clean_counting(clean.to_string());
    assert!(!summary.changed);
    assert_eq!(summary.cleaned, clean);
    // Re-cased in place: the same length, so only the hash tells it changed.
    let shouted = "Mr. LIMAN. We met.\n\nMr. MILLER. We did.\n";
    let summary = engine.clean_counting(shouted);
    assert_eq!(summary.cleaned.len(), shouted.len());
    assert_ne!(summary.cleaned, shouted);
    assert!(summary.changed);
}

#[test]
fn later_runs_rescan_only_changed_blocks() {
    let engine = Engine::builtin().unwrap();
    // A long text with one change in its middle: the run that confirms it settled re-scans.
    let paragraphs = |range: Range<usize>| -> String {
        range
            .map(|i| format!("Paragraph {i} needs no cleaning, so its block stays as it is.\n\n"))
            .collect()
    };
    let text = format!(
        "{}It&#39;s here now.\n\n{}",
        paragraphs(0..40),
        paragraphs(40..80)
    );
    let before = memo::RESCANS.with(|n| n.get());
    let cleaned = engine.clean(&text).cleaned;
    assert!(cleaned.contains("It's here now."));
    assert!(memo::RESCANS.with(|n| n.get()) > before);
}

#[test]
fn block_local_passes_scan_long_texts_in_parts() {
    let engine = Engine::builtin().unwrap();
    // Fixes of the block-local passes (Unicode, words, repeated words) in many blocks; the
    // unit-test build cuts any text of 64 bytes or more, and checks every scan made in parts
    // against a whole scan.
    let text: String = (0..20)
        .map(|i| format!("On day {i} Putin went to Dombas\u{a0}and the the meeting ended.\n\n"))
        .collect();
    let before = super::split::SPLITS.with(|n| n.get());
    let cleaned = engine.clean(&text).cleaned;
    assert!(super::split::SPLITS.with(|n| n.get()) > before);
    let fixed = "Putin went to Donbas and the meeting ended.";
    assert_eq!(cleaned.matches(fixed).count(), 20, "{cleaned}");
}

/// Rules whose proposals depend on a block's edges: a guard reading the paragraph, a paragraph
/// dropped whole, and a regex that blanks a line (splitting a block after the others scanned).
const EDGE_RULES: &str = r#"
[[rule]]
id = "colour"
kind = "replace"
find = "colour"
replace = "color"
unless = 'American'

[[rule]]
id = "sponsored"
kind = "drop"
scope = "paragraph"
pattern = '^Sponsored$'

[[rule]]
id = "zap"
kind = "regex"
pattern = '(?m)^Zap$'
replace = ""
"#;

const EDGE_PIECES: &[&str] = &[
    "American\nZap\ncolour\n",
    "Sponsored\nZap\nkept\n",
    "colour\n",
    "\n",
    "Zap\n",
];

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(64))]

    /// As above, with blocks split by an edit made after the block-local passes scanned: the
    /// part after the split is scanned again, not taken from the memo of the whole block.
    #[test]
    fn split_blocks_are_rescanned(
        picks in proptest::collection::vec((0..EDGE_PIECES.len(), 0usize..30), 1..6),
    ) {
        let mut files = crate::config::MemoryLoader::default();
        files.insert("edges.toml", EDGE_RULES.to_string());
        let options = crate::config::LoadOptions {
            rules: vec!["edges.toml".into()],
            ..Default::default()
        };
        let engine = Engine::new(&crate::config::load(&options, &files).unwrap());
        let text = mostly_clean(EDGE_PIECES, &picks, ".");
        let outcome = engine.clean(&text);
        proptest::prop_assert_eq!(engine.clean(&outcome.cleaned).cleaned, outcome.cleaned);
    }
}

#[test]
fn the_language_cleaned_for_is_the_cleaned_texts() {
    // Found by the property tests: with its no-break spaces, the text as given was told apart
    // from English, so the English-only `of of` rule did not run; the cleaned text was taken
    // for English, and cleaning it again removed `of`.
    let engine = Engine::builtin().unwrap();
    let text = "\u{a0}\u{a0}\u{202f}of of\u{2ee5e}\u{a0}\u{a0}\u{a0}\u{a0}it\nZürich\u{a0}a\u{a0}";
    let once = engine.clean(text).cleaned;
    assert_eq!(engine.clean(&once).cleaned, once);
}

#[test]
fn dedupe_keeps_which_paragraphs_repeat_through_its_own_removals() {
    let engine = Engine::builtin().unwrap();
    // Each removal moves the next teaser into the document's opening: one per pipeline run.
    // From the second run on, dedupe reads which paragraphs repeat from what it kept (debug
    // builds check that against the text each time).
    let intro = "Some intro words that are repeated later on in the page.";
    let anna = "Anna: one two three four five six seven eight nine.";
    let ben = "Ben: ten eleven twelve thirteen fourteen fifteen sixteen seventeen.";
    let text = format!(
        "Title\n\nA subtitle line\n\n{intro}\n\n{anna}\n\n{ben}\n\nCarl: Right, go on then.\n\n\
         {} And ten more words.\n\n{} And more.\n\n{intro}\n",
        anna, ben
    );
    let before = crate::rules::dedupe::KEPT_READS.with(|n| n.get());
    let outcome = engine.clean(&text);
    assert_eq!(
        outcome.cleaned,
        format!(
            "Title\n\nA subtitle line\n\nCarl: Right, go on then.\n\n{anna} And ten more \
             words.\n\n{ben} And more.\n\n{intro}\n"
        )
    );
    assert_eq!(outcome.changes.len(), 3);
    assert!(crate::rules::dedupe::KEPT_READS.with(|n| n.get()) >= before + 2);
}

/// The built-in rules, with unsafe fixes or not, reading each document's language first (the
/// reference) or when a rule for English needs it.
fn builtin_engine(unsafe_fixes: bool, eager_language: bool) -> Engine {
    let options = crate::config::LoadOptions {
        builtin: true,
        unsafe_fixes,
        ..Default::default()
    };
    let set = crate::config::load(&options, &crate::config::NoFiles).unwrap();
    let mut engine = Engine::new(&set);
    engine.eager_language = eager_language;
    engine
}

/// Paragraphs in English, French and German, with and without what the English-only rules
/// change (doubled function words, a misheard name) or propose (any doubled word), and the
/// no-break spaces that make a short text's language read differently once cleaned.
const LANGUAGE_PIECES: &[&str] = &[
    "The Russian report was read out in Dombas by the committee chair on Monday.\n",
    "It was the the first time that the committee met in the capital.\n",
    "Nous nous sommes retrouvés devant la mairie, et vous vous êtes demandé pourquoi.\n",
    "Wir haben die Sitzung verlassen, und der der Bürgermeister sprach lange.\n",
    "\u{a0}\u{a0}\u{202f}of of\u{2ee5e}\u{a0}\u{a0}\u{a0}\u{a0}it\nZürich\u{a0}a\u{a0}",
    "Anna: I think that is is right, and we we went there.\n",
    "Ben: Personne ne parlait du budget avant le lendemain matin.\n",
    "Zürich\u{a0}a\u{a0}\n",
    "\n",
];

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(96))]

    /// Reading the language only when a rule for English proposes gives what reading it first
    /// gives: the cleaned text, every change, and the suggestions.
    #[test]
    fn the_language_read_when_needed_cleans_as_reading_it_first(
        picks in proptest::collection::vec(0..LANGUAGE_PIECES.len(), 0..10),
        unsafe_fixes: bool,
    ) {
        let text: String = picks.iter().map(|&p| LANGUAGE_PIECES[p]).collect();
        let lazy = builtin_engine(unsafe_fixes, false).clean(&text);
        let eager = builtin_engine(unsafe_fixes, true).clean(&text);
        proptest::prop_assert_eq!(&lazy.cleaned, &eager.cleaned);
        proptest::prop_assert_eq!(&lazy.changes, &eager.changes);
        proptest::prop_assert_eq!(&lazy.suggestions, &eager.suggestions);
        proptest::prop_assert_eq!(&lazy.runaway, &eager.runaway);
    }
}

#[test]
fn the_language_is_read_only_where_a_rule_for_english_proposes() {
    let engine = builtin_engine(false, false);
    let detections = || crate::config::language::DETECTIONS.with(|n| n.get());
    // Cleaned (a no-break space), but nothing for the English rules: never read.
    let before = detections();
    let outcome = engine.clean("The committee met\u{a0}on Monday in the capital, as planned.\n");
    assert_eq!(outcome.changes.len(), 1);
    assert_eq!(detections(), before);
    // A misheard name: the text as given is read. The settled text is not: no rule for English
    // proposes anything in it, so its language could turn them off to no effect.
    let before = detections();
    let outcome = engine.clean("The Russian report was read out in Dombas by the chair.\n");
    assert_eq!(
        outcome.cleaned,
        "The Russian report was read out in Donbas by the chair.\n"
    );
    assert_eq!(detections(), before + 1);
    // In French the English rules do not apply, read or not.
    let french = "Nous nous sommes retrouvés devant la mairie, et vous vous êtes demandé \
                  pourquoi personne ne parlait du budget avant le lendemain matin.\n";
    let before = detections();
    let outcome = engine.clean(french);
    assert_eq!(outcome.cleaned, french);
    assert!(outcome.suggestions.is_empty());
    assert_eq!(detections(), before + 1);
}
