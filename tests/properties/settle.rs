//! Cleaning settles in one call: it never panics, and cleaning the cleaned text changes nothing
//! and records nothing (the README promises idempotence; ruff calls the failure "did not
//! converge").

use super::{ENGINE, texts};
use proptest::prelude::*;
use transclean::diff::{json, run::FileResult, unified, word};

fn check(text: &str) -> Result<(), TestCaseError> {
    let once = ENGINE.clean(text);
    // The review views run on every changed file a user diffs: they must not panic either.
    let _ = unified::render_explained("doc.txt", text, &once, false, true);
    let _ = word::render("doc.txt", text, &once, false, true);
    let _ = json::render(
        "diff",
        &[FileResult {
            path: "doc.txt",
            original: Some(text),
            outcome: Some(&once),
            engine: Some(&ENGINE),
            error: None,
            skipped: None,
            changed: once.cleaned != text,
        }],
    );

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
    #![proptest_config(super::config(300))]

    #[test]
    fn transcripts_settle_in_one_run(text in texts::transcript()) {
        check(&text)?;
    }

    #[test]
    fn piece_soup_settles_in_one_run(text in texts::soup()) {
        check(&text)?;
    }

    #[test]
    fn arbitrary_unicode_never_panics_and_settles(text in texts::unicode()) {
        check(&text)?;
    }
}

/// Cases proptest once shrank to, kept as plain tests: the generators have changed since, so
/// their seeds no longer lead back to them.
#[test]
fn past_failures_settle() {
    for text in [
        "\r",
        "the the the Dialogue is always good and always in demand for everyone here. Reporter: (1:02:03) ",
        "Neustadt\nTreaty Vladimir Putin: (00:41)\nVladimir Putin: (00:41)\nNeustadt\nTreaty Vladimir Putin: (00:41)\n",
    ] {
        check(text).unwrap();
    }
}
