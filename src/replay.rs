//! Replaying recorded changes: forward from the original to the cleaned text, or backward.
//!
//! Every change is reversible: its `replay_at` says where its `before` sits when the changes are
//! applied one at a time, in the order they were made. Reports rely on this (a JSON report plus
//! the cleaned text gives back the original), and so does interactive review.

use crate::engine::Change;

/// A change that does not fit the text it is replayed on: the report and the text disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// Index of the change in the list.
    pub index: usize,
    pub expected: String,
    pub found: String,
}

/// Applies `changes` in order to `original`; the result is the cleaned text.
pub fn forward(original: &str, changes: &[Change]) -> Result<String, Mismatch> {
    let mut text = original.to_string();
    for (index, change) in changes.iter().enumerate() {
        splice(
            &mut text,
            index,
            change.replay_at,
            &change.before,
            &change.after,
        )?;
    }
    Ok(text)
}

/// Undoes `changes` in reverse order on `cleaned`; the result is the original text.
pub fn backward(cleaned: &str, changes: &[Change]) -> Result<String, Mismatch> {
    let mut text = cleaned.to_string();
    for (index, change) in changes.iter().enumerate().rev() {
        splice(
            &mut text,
            index,
            change.replay_at,
            &change.after,
            &change.before,
        )?;
    }
    Ok(text)
}

/// Replaces `from` at `at` in `text` by `to`, checking that `from` is there.
fn splice(
    text: &mut String,
    index: usize,
    at: usize,
    from: &str,
    to: &str,
) -> Result<(), Mismatch> {
    let found = text.get(at..at + from.len());
    if found != Some(from) {
        return Err(Mismatch {
            index,
            expected: from.to_string(),
            found: found
                .map(str::to_string)
                .unwrap_or_else(|| format!("<nothing at byte {at}>")),
        });
    }
    text.replace_range(at..at + from.len(), to);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Engine;

    #[test]
    fn changes_replay_forward_and_backward_across_stages_and_runs() {
        // Several stages touch the same places: unicode, then timestamps, corrections, and
        // whitespace, with edits of one round shifting each other.
        let original = "Vladimir\u{a0}Putin: (00:41)  \nThe  situation in Dombas,\u{a0}in Russia.  \n\n\n\n[inaudible 00:16:09] the the end";
        let outcome = Engine::builtin().unwrap().clean(original);
        assert!(outcome.changes.len() >= 8, "{:#?}", outcome.changes);
        assert_eq!(
            forward(original, &outcome.changes).unwrap(),
            outcome.cleaned
        );
        assert_eq!(
            backward(&outcome.cleaned, &outcome.changes).unwrap(),
            original
        );
    }

    #[test]
    fn a_change_that_does_not_fit_is_reported() {
        let outcome = Engine::builtin().unwrap().clean("Putin in Dombas today\n");
        assert_eq!(outcome.changes.len(), 1);
        let err = backward("something else entirely", &outcome.changes).unwrap_err();
        assert_eq!(err.expected, "Donbas");
    }
}
