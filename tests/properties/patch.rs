//! The unified diff `transclean diff` prints is a patch: applied to the input it gives exactly
//! the cleaned text. Checked with diffy on many cases, and with `git apply` itself on a few
//! (a process per case is slow), since the README promises `git apply review.patch` works.

use super::{ENGINE, texts};
use proptest::prelude::*;
use std::process::Command;
use transclean::diff::unified;

/// The diff as the CLI prints it for a file `doc.txt` (no colour).
fn diff_of(text: &str) -> (String, String) {
    let outcome = ENGINE.clean(text);
    let patch = unified::render("doc.txt", text, &outcome, false);
    (patch, outcome.cleaned)
}

fn check_with_diffy(text: &str) -> Result<(), TestCaseError> {
    let (patch, cleaned) = diff_of(text);
    if patch.is_empty() {
        prop_assert_eq!(&cleaned, text, "an empty diff for a changed text");
        return Ok(());
    }
    let parsed = diffy::Patch::from_str(&patch)
        .map_err(|e| TestCaseError::fail(format!("diffy cannot parse the diff: {e}\n{patch}")))?;
    // diffy, like git, looks around for a hunk that is not where its header says: a wrong line
    // number would go unnoticed, so each hunk's old lines are checked at its stated place.
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    for hunk in parsed.hunks() {
        let range = hunk.old_range();
        if range.is_empty() {
            continue;
        }
        let old: Vec<&str> = hunk
            .lines()
            .iter()
            .filter_map(|line| match line {
                diffy::Line::Context(l) | diffy::Line::Delete(l) => Some(*l),
                diffy::Line::Insert(_) => None,
            })
            .collect();
        let start = range.start() - 1;
        prop_assert_eq!(
            lines.get(start..start + range.len()),
            Some(&old[..]),
            "a hunk is not at its line:\n{}",
            patch
        );
    }
    let applied = diffy::apply(text, &parsed)
        .map_err(|e| TestCaseError::fail(format!("the diff does not apply: {e}\n{patch}")))?;
    prop_assert_eq!(
        applied,
        cleaned,
        "the diff applied is not the cleaned text:\n{}",
        patch
    );
    Ok(())
}

/// Runs `transclean diff doc.txt` on the text as a file and applies its output with `git apply`.
fn check_with_git(text: &str) -> Result<(), TestCaseError> {
    // A file with a NUL byte is binary to the CLI: skipped, by design, so there is no diff.
    prop_assume!(!text.contains('\0'), "binary to the CLI");
    let cleaned = ENGINE.clean(text).cleaned;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("doc.txt"), text).unwrap();
    let diff = Command::new(env!("CARGO_BIN_EXE_transclean"))
        .args(["--no-config", "diff", "--color", "never", "doc.txt"])
        .current_dir(dir.path())
        .output()
        .expect("transclean runs");
    prop_assert!(
        diff.status.success(),
        "transclean diff failed: {}",
        String::from_utf8_lossy(&diff.stderr)
    );
    if cleaned == text {
        // Nothing changes: the diff is empty, or holds only the unsafe rules' suggestions as
        // comment lines, from which `git apply` has nothing to apply (and says so).
        let comments = String::from_utf8_lossy(&diff.stdout);
        prop_assert!(
            comments.lines().all(|line| line.starts_with('#')),
            "a diff for an unchanged text:\n{}",
            comments
        );
        return Ok(());
    }
    prop_assert!(!diff.stdout.is_empty(), "no diff for a changed text");
    std::fs::write(dir.path().join("review.patch"), &diff.stdout).unwrap();
    // No user or system config: autocrlf or whitespace settings there would change the result.
    let output = Command::new("git")
        .args(["apply", "--whitespace=nowarn", "review.patch"])
        .current_dir(dir.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("HOME", dir.path())
        .output()
        .expect("git runs");
    let patch = String::from_utf8_lossy(&diff.stdout);
    prop_assert!(
        output.status.success(),
        "git apply failed: {}\n{}",
        String::from_utf8_lossy(&output.stderr),
        patch
    );
    let applied = std::fs::read(dir.path().join("doc.txt")).unwrap();
    prop_assert_eq!(
        String::from_utf8_lossy(&applied),
        cleaned,
        "git apply gave another text:\n{}",
        patch
    );
    Ok(())
}

proptest! {
    #![proptest_config(super::config(200))]

    #[test]
    fn diff_applies_to_transcripts(text in texts::transcript()) {
        check_with_diffy(&text)?;
    }

    #[test]
    fn diff_applies_to_any_text(text in texts::any_text()) {
        check_with_diffy(&text)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    #[test]
    fn git_applies_the_diff(text in texts::any_text()) {
        check_with_git(&text)?;
    }
}

/// A lone carriage return is no line end to git: a diff that split lines there did not apply.
#[test]
fn lone_carriage_returns_stay_inside_their_lines() {
    for text in [
        "\r",
        "a\rb  \nc\n",
        "x  \r",
        "one\r\r\ntwo  \r\n",
        "\u{feff}Putin in Dombas  \r",
    ] {
        check_with_diffy(text).unwrap();
        check_with_git(text).unwrap();
    }
}
