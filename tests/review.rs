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

/// Starts `transclean review doc.txt` in a tmux pane of its own; after it ends, the pane shows
/// its exit status and the terminal's line settings (`icanon echo` once raw mode is off again).
fn review_in_tmux(dir: &Path, name: &str) -> Tmux {
    let tmux = Tmux::new(name);
    let command = format!(
        "cd '{}' && '{}' review doc.txt; echo \"exit status $?\"; \
         echo \"terminal: $(stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | tr '\\n' ' ')\"; \
         sleep 600",
        dir.display(),
        bin()
    );
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        name,
        "-x",
        "150",
        "-y",
        "50",
        &command,
    ]);
    tmux
}

#[test]
fn a_person_reviews_in_a_terminal_with_single_keys() {
    let (dir, doc) = project();
    let tmux = review_in_tmux(dir.path(), "review");

    let screen = tmux.wait_for("Apply this change [y,n,a,r,e,q,?]?", 1);
    assert!(
        screen.contains("doc.txt:1:21  donbas  (1 of 3 in this file)"),
        "{screen}"
    );
    assert!(
        screen.contains("The Donbas region of Ukraine, misheard as \"Dombas\""),
        "{screen}"
    );
    // A terminal gets colour, and the markers too: old and new differ without colour.
    assert!(
        screen.contains("Vladimir Putin said [-Dombas-]{+Donbas+} is far."),
        "{screen}"
    );

    // Single keys, no Enter: each is answered as it is pressed.
    tmux.keys(&["?"]);
    let screen = tmux.wait_for("Apply this change", 2);
    assert!(screen.contains("a - accept this change and every remaining change of this rule"));

    tmux.keys(&["y"]);
    let screen = tmux.wait_for("Apply this change", 3);
    assert!(
        screen.contains("doc.txt:1:40  new-start-treaty  (2 of 3 in this file)"),
        "{screen}"
    );
    tmux.keys(&["n"]);
    let screen = tmux.wait_for("Apply this change", 4);
    assert!(
        screen.contains("doc.txt:2:1  oliver-stone  (3 of 3 in this file)"),
        "{screen}"
    );
    tmux.keys(&["q"]);

    let screen = tmux.wait_for("terminal: ", 1);
    assert!(screen.contains("exit status 0"), "{screen}");
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
    assert!(screen.contains("terminal: icanon echo"), "{screen}");
    assert_reviewed(dir.path(), &doc);
}

#[test]
fn ctrl_c_in_review_restores_the_terminal_and_writes_nothing() {
    let (dir, doc) = project();
    let tmux = review_in_tmux(dir.path(), "review-interrupt");
    tmux.wait_for("Apply this change", 1);
    tmux.keys(&["y"]);
    tmux.wait_for("Apply this change", 2);
    tmux.keys(&["C-c"]);
    let screen = tmux.wait_for("terminal: ", 1);
    assert!(screen.contains("exit status 130"), "{screen}");
    assert!(screen.contains("terminal: icanon echo"), "{screen}");
    assert!(
        screen.contains("doc.txt: interrupted: not written, nothing recorded"),
        "{screen}"
    );
    assert_eq!(std::fs::read_to_string(&doc).unwrap(), DOC);
    assert!(!dir.path().join("transclean.toml").exists());
}

#[test]
fn r_switches_a_rule_off_for_the_file_and_check_then_proposes_none_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Putin said Dombas. Dombas again, and Dombas.\nOliver stone filmed Dombas.\n";
    std::fs::write(dir.path().join("doc.txt"), text).unwrap();
    std::fs::write(dir.path().join("other.txt"), "Putin in Dombas.\n").unwrap();
    std::fs::write(dir.path().join("transclean.toml"), "# our project\n").unwrap();
    // r on the first donbas change, y on oliver-stone.
    let output = transclean(dir.path(), &["review", "--answers", "ry", "doc.txt"], "");
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains("doc.txt: 1 accepted, 4 rejected; 1 rejection recorded in ")
            && stdout.contains("transclean.toml; written"),
        "{stdout}"
    );
    let config = std::fs::read_to_string(dir.path().join("transclean.toml")).unwrap();
    assert_eq!(config.matches("[[exception]]").count(), 1, "{config}");
    assert!(
        config.contains("[[exception]]\nrule = \"donbas\"\nfile = \"doc.txt\"\n"),
        "{config}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("doc.txt")).unwrap(),
        text.replace("Oliver stone", "Oliver Stone")
    );
    // The next check proposes none of donbas's changes in that file, and still does elsewhere.
    assert!(proposed(dir.path()).is_empty());
    let output = transclean(dir.path(), &["check", "--format", "json", "."], "");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let changes: Vec<(String, String)> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let file = c["file"].as_str().unwrap().trim_start_matches("./");
            (file.to_string(), c["rule"].as_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(changes, [("other.txt".to_string(), "donbas".to_string())]);
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

#[test]
fn forced_colour_keeps_the_markers_and_strikes_the_old_text_through() {
    let (dir, _) = project();
    let output = transclean(
        dir.path(),
        &["--color", "always", "review", "--answers", "q", "doc.txt"],
        "",
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains(
            "\u{1b}[31m[-\u{1b}[0m\u{1b}[31m\u{1b}[9mDombas\u{1b}[0m\u{1b}[31m-]\u{1b}[0m"
        ),
        "{stdout:?}"
    );
    assert!(
        stdout.contains(
            "\u{1b}[32m{+\u{1b}[0m\u{1b}[32m\u{1b}[4mDonbas\u{1b}[0m\u{1b}[32m+}\u{1b}[0m"
        ),
        "{stdout:?}"
    );
}
