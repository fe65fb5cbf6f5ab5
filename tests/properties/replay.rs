//! The JSON report is enough to undo a run: its changes, undone in reverse order at their
//! `replay_at`, turn the cleaned text back into the input byte for byte, and done in order they
//! turn the input into the cleaned text. Read from the rendered JSON, not the library's structs,
//! so that what a script sees is what is checked.

use super::{ENGINE, texts};
use proptest::prelude::*;
use serde_json::Value;
use transclean::diff::{json, run::FileResult};

/// `(replay_at, before, after)` of each change in the report, in report order.
fn report_changes(text: &str, outcome: &transclean::Outcome) -> Vec<(usize, String, String)> {
    let rendered = json::render(
        "diff",
        &[FileResult {
            path: "doc.txt",
            original: Some(text),
            outcome: Some(outcome),
            engine: Some(&ENGINE),
            error: None,
            skipped: None,
            changed: outcome.cleaned != text,
        }],
    );
    let report: Value = serde_json::from_str(&rendered).expect("the report is JSON");
    report["changes"]
        .as_array()
        .expect("a list of changes")
        .iter()
        .map(|c| {
            (
                c["replay_at"].as_u64().expect("replay_at") as usize,
                c["before"].as_str().expect("before").to_string(),
                c["after"].as_str().expect("after").to_string(),
            )
        })
        .collect()
}

/// Replaces `from` at byte `at` by `to`, failing the case if `from` is not there.
fn splice(text: &mut String, at: usize, from: &str, to: &str) -> Result<(), TestCaseError> {
    let found = text.get(at..at + from.len());
    prop_assert_eq!(found, Some(from), "at byte {} of {:?}", at, text);
    text.replace_range(at..at + from.len(), to);
    Ok(())
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let outcome = ENGINE.clean(text);
    let changes = report_changes(text, &outcome);
    prop_assert_eq!(changes.len(), outcome.changes.len());

    let mut undone = outcome.cleaned.clone();
    for (at, before, after) in changes.iter().rev() {
        splice(&mut undone, *at, after, before)?;
    }
    prop_assert_eq!(&undone, text, "undoing the report does not give the input");

    let mut redone = text.to_string();
    for (at, before, after) in &changes {
        splice(&mut redone, *at, before, after)?;
    }
    prop_assert_eq!(
        &redone,
        &outcome.cleaned,
        "replaying the report does not give the output"
    );
    Ok(())
}

proptest! {
    #![proptest_config(super::config(250))]

    #[test]
    fn report_undoes_transcripts(text in texts::transcript()) {
        check(&text)?;
    }

    #[test]
    fn report_undoes_piece_soup(text in texts::soup()) {
        check(&text)?;
    }

    #[test]
    fn report_undoes_arbitrary_unicode(text in texts::unicode()) {
        check(&text)?;
    }
}
