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
    let (accepted, conflicts) = resolve(text, &mut edits);
    assert_eq!(accepted, vec![edit(0..3, "Y", 0)]);
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
    let (accepted, conflicts) = resolve("abcdefgh", &mut edits);
    assert_eq!(accepted, vec![edit(0..6, "", 0), edit(7..8, "z", 0)]);
    assert!(!conflicts);
}

#[test]
fn apply_edits_splices_in_order() {
    let edits = vec![edit(0..1, "A", 0), edit(3..3, "+", 0), edit(4..6, "", 0)];
    assert_eq!(apply_edits("abcdefg".into(), &edits), "Abc+dg");
    // Shrinking and same-length edits go in place, one that grows past them does not:
    // both ways give the same text.
    let shrinking = vec![edit(0..2, "X", 0), edit(3..4, "", 0), edit(5..7, "yz", 0)];
    assert_eq!(apply_edits("abcdefg".into(), &shrinking), "Xceyz");
    let growing_late = vec![edit(0..3, "", 0), edit(4..5, "LONGER", 0)];
    assert_eq!(apply_edits("abcdefg".into(), &growing_late), "dLONGERfg");
    let growing_first = vec![edit(0..1, "AAAA", 0), edit(2..6, "", 0)];
    assert_eq!(apply_edits("abcdefg".into(), &growing_first), "AAAAbg");
    assert_eq!(apply_edits("héllo".into(), &[edit(1..3, "e", 0)]), "hello");
}
