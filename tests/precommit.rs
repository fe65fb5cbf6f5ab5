//! The hooks in `.pre-commit-hooks.yaml` run what they say: the checking hook fails on a file
//! that would change and passes on a clean one, the fixing hook cleans in place.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Each hook's id and `entry`, read line by line (the file is flat, one key per line).
fn hooks() -> Vec<(String, String)> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml");
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = Vec::new();
    let mut id = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("- id: ") {
            id = Some(rest.trim().to_string());
        } else if let Some(entry) = line.trim().strip_prefix("entry: ") {
            out.push((
                id.take().expect("an id before each entry"),
                entry.to_string(),
            ));
        }
    }
    out
}

/// Runs a hook's entry as pre-commit does: the entry's words, then the file names.
fn run_hook(entry: &str, dir: &Path, files: &[&str]) -> i32 {
    let mut words = entry.split_whitespace();
    assert_eq!(words.next(), Some("transclean"));
    Command::new(env!("CARGO_BIN_EXE_transclean"))
        .args(words)
        .args(files)
        .current_dir(dir)
        .output()
        .unwrap()
        .status
        .code()
        .unwrap()
}

#[test]
fn the_hooks_check_and_fix_as_documented() {
    let hooks = hooks();
    let ids: Vec<&str> = hooks.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["transclean-check", "transclean-fix"]);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("dirty.txt"), "Putin in Dombas.  \n").unwrap();
    std::fs::write(dir.path().join("clean.txt"), "Putin in Donbas.\n").unwrap();

    let (_, check) = &hooks[0];
    assert_eq!(run_hook(check, dir.path(), &["clean.txt"]), 0);
    assert_eq!(run_hook(check, dir.path(), &["clean.txt", "dirty.txt"]), 1);

    let (_, fix) = &hooks[1];
    assert_eq!(run_hook(fix, dir.path(), &["clean.txt", "dirty.txt"]), 0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("dirty.txt")).unwrap(),
        "Putin in Donbas.\n"
    );
    assert_eq!(run_hook(check, dir.path(), &["clean.txt", "dirty.txt"]), 0);
}

/// The fixing hook cleans subtitle files cue by cue in place (it used to fail on every one,
/// refusing to write a transcript over them), and the checking hook then agrees they are clean.
#[test]
fn the_fix_hook_cleans_subtitles_in_place_and_check_agrees() {
    let hooks = hooks();
    let (check, fix) = (&hooks[0].1, &hooks[1].1);
    let dir = tempfile::tempdir().unwrap();
    let srt = "1\n00:00:01,000 --> 00:00:02,000\nPutin in  Dombas\n\n2\n00:00:02,100 --> 00:00:03,000\nnow\n";
    let vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nPutin in  Dombas\n";
    std::fs::write(dir.path().join("a.srt"), srt).unwrap();
    std::fs::write(dir.path().join("b.vtt"), vtt).unwrap();
    assert_eq!(run_hook(check, dir.path(), &["a.srt", "b.vtt"]), 1);
    assert_eq!(run_hook(fix, dir.path(), &["a.srt", "b.vtt"]), 0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.srt")).unwrap(),
        srt.replace("in  Dombas", "in Donbas")
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("b.vtt")).unwrap(),
        vtt.replace("in  Dombas", "in Donbas")
    );
    assert_eq!(run_hook(check, dir.path(), &["a.srt", "b.vtt"]), 0);
}

/// The README's `language: system` hooks (for a prebuilt binary) run what the published hooks
/// run, on the same files: the two ways to install must not drift apart.
#[test]
fn the_readmes_system_hooks_match_the_published_ones() {
    let readme =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let local = readme
        .split("- repo: local\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the README has a `repo: local` snippet");
    // Its hooks are written out in full, the second commented out: read both.
    let value = |key: &str| -> Vec<String> {
        (local.lines())
            .map(|l| {
                l.trim()
                    .trim_start_matches('#')
                    .trim_start()
                    .trim_start_matches("- ")
            })
            .filter_map(|l| l.strip_prefix(key).map(|v| v.trim().to_string()))
            .collect()
    };
    let published = hooks();
    let ids: Vec<String> = published.iter().map(|(id, _)| id.clone()).collect();
    let entries: Vec<String> = published.iter().map(|(_, entry)| entry.clone()).collect();
    assert_eq!(value("id:"), ids);
    assert_eq!(value("entry:"), entries);
    assert_eq!(value("language:"), ["system", "system"]);
    let hooks_file = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    for files in value("files:") {
        assert!(hooks_file.contains(&format!("files: {files}\n")), "{files}");
    }
}
