//! The progress bar: drawn on a terminal for a run that goes on for a while, never when stderr
//! is a pipe or with `--quiet`, and gone (the line cleared) when the run ends.

#![cfg(unix)]

mod common;

use common::Tmux;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_transclean");

/// A tree of documents made from the corpus, enough for a run of a few seconds in a test build.
fn tree(files: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/003_e4e5b2d9920b2ad1.txt"
    ))
    .unwrap();
    for i in 0..files {
        let sub = dir.path().join(format!("{:02}", i % 10));
        std::fs::create_dir_all(&sub).unwrap();
        std::fs::write(sub.join(format!("doc{i}.txt")), format!("Doc {i}\n\n{doc}")).unwrap();
    }
    dir
}

#[test]
fn a_long_run_on_a_terminal_shows_files_bytes_speed_and_eta() {
    let dir = tree(120);
    let tmux = Tmux::new("progress");
    // The bar appears once a run has gone on for a while; the test shortens the wait.
    let command = format!(
        "TRANSCLEAN_PROGRESS_AFTER_MS=0 '{BIN}' check --no-config -j 1 '{}' > /dev/null; \
         echo \"exit status $?\"; sleep 600",
        dir.path().display()
    );
    tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "progress",
        "-x",
        "150",
        "-y",
        "20",
        &command,
    ]);
    let screen = tmux.wait_for("/120 files", 1);
    assert!(screen.contains("ETA"), "{screen}");
    assert!(screen.contains("iB/s"), "{screen}");
    let screen = tmux.wait_for("exit status 1", 1);
    assert!(
        !screen.contains("files"),
        "the bar is cleared at the end:\n{screen}"
    );
}

#[test]
fn piped_or_quiet_runs_show_no_bar() {
    let dir = tree(20);
    for quiet in [false, true] {
        let mut command = Command::new(BIN);
        command
            .args(["check", "--no-config", "-j", "2"])
            .arg(dir.path())
            .env("TRANSCLEAN_PROGRESS_AFTER_MS", "0");
        if quiet {
            command.arg("--quiet");
        }
        let output = command.output().unwrap();
        assert_eq!(output.status.code(), Some(1));
        assert_eq!(String::from_utf8_lossy(&output.stderr), "");
        // Results stay in input order whatever the number of threads.
        let stdout = String::from_utf8(output.stdout).unwrap();
        let files: Vec<&str> = stdout
            .lines()
            .map(|l| l.split(':').next().unwrap())
            .collect();
        let mut sorted = files.clone();
        sorted.sort();
        assert_eq!(files, sorted);
    }
}
