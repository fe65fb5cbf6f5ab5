//! Interactive review through the real binary: scripted with `--answers` and stdin, and typed
//! into a terminal that tmux runs. Accepted changes are written, rejected ones are recorded in
//! transclean.toml and not proposed again.

mod common;

use common::Tmux;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const DOC: &str =
    "Vladimir Putin said Dombas is far. The Neustadt Treaty matters.\nOliver stone filmed it.\n";
/// DOC with the first change (donbas) accepted; the second (new-start-treaty) was rejected.
const REVIEWED: &str =
    "Vladimir Putin said Donbas is far. The Neustadt Treaty matters.\nOliver stone filmed it.\n";

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_transclean")
}

fn project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("doc.txt");
    std::fs::write(&doc, DOC).unwrap();
    (dir, doc)
}

fn transclean(dir: &Path, args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(bin())
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// The rules of the changes a fresh run proposes for `doc.txt`.
fn proposed(dir: &Path) -> Vec<String> {
    let output = transclean(dir, &["diff", "--format", "json", "doc.txt"], "");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["rule"].as_str().unwrap().to_string())
        .collect()
}

fn assert_reviewed(dir: &Path, doc: &Path) {
    assert_eq!(std::fs::read_to_string(doc).unwrap(), REVIEWED);
    let config = std::fs::read_to_string(dir.join("transclean.toml")).unwrap();
    assert!(
        config.contains("[[exception]]\nrule = \"new-start-treaty\"\ntext = \"Neustadt Treaty\"\n"),
        "{config}"
    );
    assert_eq!(config.matches("[[exception]]").count(), 1);
    // The rejected change is not proposed again; the one left unanswered still is.
    assert_eq!(proposed(dir), ["oliver-stone"]);
}

#[test]
fn scripted_answers_write_exactly_the_accepted_changes() {
    let (dir, doc) = project();
    let output = transclean(dir.path(), &["review", "--answers", "ynq", "doc.txt"], "");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{stderr}");
    assert!(
        stdout.contains(
            "doc.txt: 1 accepted, 1 rejected; 1 rejection recorded in transclean.toml; written"
        ),
        "{stdout}"
    );
    assert!(
        stderr.contains("1 file written of 1 reviewed; 1 exception recorded"),
        "{stderr}"
    );
    assert_reviewed(dir.path(), &doc);

    // A second review asks about what is left only: the remaining change, accepted.
    let output = transclean(dir.path(), &["review", "--answers", "a", "doc.txt"], "");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(!stdout.contains("new-start-treaty"), "{stdout}");
    assert_eq!(stdout.matches("Apply this change").count(), 1, "{stdout}");
    assert_eq!(
        std::fs::read_to_string(&doc).unwrap(),
        REVIEWED.replace("Oliver stone", "Oliver Stone")
    );
    assert!(proposed(dir.path()).is_empty());
}

#[test]
fn answers_on_stdin_work_the_same() {
    let (dir, doc) = project();
    let output = transclean(dir.path(), &["review", "doc.txt"], "y\nn\nq\n");
    assert!(output.status.success());
    assert_reviewed(dir.path(), &doc);
}

#[test]
fn no_answers_change_nothing() {
    let (dir, doc) = project();
    let output = transclean(dir.path(), &["review", "doc.txt"], "");
    assert!(output.status.success());
    assert_eq!(std::fs::read_to_string(&doc).unwrap(), DOC);
    assert!(!dir.path().join("transclean.toml").exists());
}

#[test]
fn a_person_reviews_in_a_terminal() {
    let (dir, doc) = project();
    let tmux = Tmux::new("review");
    let command = format!(
        "cd '{}' && '{}' review doc.txt; echo \"exit status $?\"; sleep 600",
        dir.path().display(),
        bin()
    );
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "review",
        "-x",
        "150",
        "-y",
        "50",
        &command,
    ]);

    let screen = tmux.wait_for("Apply this change [y,n,a,r,e,q,?]?", 1);
    assert!(
        screen.contains("doc.txt:1:21  donbas  (1 of 3 in this file)"),
        "{screen}"
    );
    assert!(
        screen.contains("The Donbas region of Ukraine, misheard as \"Dombas\""),
        "{screen}"
    );
    // A terminal gets colour, not markers.
    assert!(
        screen.contains("Vladimir Putin said DombasDonbas is far."),
        "{screen}"
    );

    tmux.keys(&["?", "Enter"]);
    let screen = tmux.wait_for("Apply this change", 2);
    assert!(screen.contains("a - accept this change and every remaining change of this rule"));

    tmux.keys(&["y", "Enter"]);
    let screen = tmux.wait_for("Apply this change", 3);
    assert!(
        screen.contains("doc.txt:1:40  new-start-treaty  (2 of 3 in this file)"),
        "{screen}"
    );
    tmux.keys(&["n", "Enter"]);
    let screen = tmux.wait_for("Apply this change", 4);
    assert!(
        screen.contains("doc.txt:2:1  oliver-stone  (3 of 3 in this file)"),
        "{screen}"
    );
    tmux.keys(&["q", "Enter"]);

    let screen = tmux.wait_for("exit status 0", 1);
    assert!(
        screen.contains(
            "doc.txt: 1 accepted, 1 rejected; 1 rejection recorded in transclean.toml; written"
        ),
        "{screen}"
    );
    assert!(
        screen.contains("1 file written of 1 reviewed; 1 exception recorded"),
        "{screen}"
    );
    assert_reviewed(dir.path(), &doc);
}

#[test]
fn escape_sequences_in_the_transcript_do_not_reach_the_terminal() {
    // `ESC[2J` clears the screen, `ESC]0;...BEL` retitles the window; a carriage return would
    // let text overwrite the question. In the context of a change they show escaped, as
    // `diff --explain` shows them.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("rules.toml"),
        "[[rule]]\nid = \"donbas\"\nkind = \"replace\"\nfind = \"Dombas\"\nreplace = \"Donbas\"\n\
         description = \"in \\u001b[31mred\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("doc.txt"),
        "Now \u{1b}[2J in Dombas \u{1b}]0;pwned\u{7} and\rover.\n",
    )
    .unwrap();
    let output = transclean(
        dir.path(),
        &[
            "--no-config",
            "--no-builtin",
            "--rules",
            "rules.toml",
            "review",
            "--answers",
            "q",
            "doc.txt",
        ],
        "",
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{stdout}");
    assert!(
        !stdout.contains(['\u{1b}', '\u{7}', '\r']),
        "raw controls reached the terminal: {stdout:?}"
    );
    assert!(
        stdout.contains(
            "Now \\u{1b}[2J in [-Dombas-]{+Donbas+} \\u{1b}]0;pwned\\u{7} and\\u{d}over."
        ),
        "{stdout}"
    );
    assert!(stdout.contains("in \\u{1b}[31mred"), "{stdout}");
}
