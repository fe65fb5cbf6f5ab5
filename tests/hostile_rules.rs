//! Hostile rule files (issue 7, part 4): files too large, too deep or too slow to be honest
//! mistakes must fail with a message at their line, or work, but never stall or crash the run.
//! The cases that fit as data are in `tests/cmd/` (`rules-huge-regex`, `rules-extend-cycle`,
//! `rules-lint-own-replacement`, `rules-engine-settles`); these generate their rule files.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_transclean");

fn transclean(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(BIN)
        .args(["--no-config"])
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn five_thousand_replace_rules_load_and_work() {
    let dir = tempfile::tempdir().unwrap();
    let mut rules = String::new();
    for i in 0..5000 {
        rules.push_str(&format!(
            "[[rule]]\nid = \"r{i}\"\nkind = \"replace\"\nfind = \"wrongword{i}\"\nreplace = \"rightword{i}\"\n\n"
        ));
    }
    std::fs::write(dir.path().join("many.toml"), rules).unwrap();
    std::fs::write(
        dir.path().join("doc.txt"),
        "Say wrongword4999, wrongword0 and wrongword2500.\n",
    )
    .unwrap();
    let start = Instant::now();
    let (code, stdout, stderr) = transclean(
        dir.path(),
        &["--no-builtin", "--rules", "many.toml", "clean", "doc.txt"],
    );
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(stdout, "Say rightword4999, rightword0 and rightword2500.\n");
    let (code, stdout, _) = transclean(
        dir.path(),
        &["--no-builtin", "--rules", "many.toml", "rules", "lint"],
    );
    assert_eq!((code, stdout.as_str()), (0, "no findings\n"));
    // Generous for an unoptimised build on a busy machine; both runs take under a second here.
    assert!(start.elapsed() < Duration::from_secs(60));
}

#[test]
fn deeply_nested_toml_is_an_error_not_a_stack_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 10_000;
    let cases = [
        (
            "arrays.toml",
            format!("x = {}{}\n", "[".repeat(depth), "]".repeat(depth)),
            "error: arrays.toml:1:85: invalid TOML: cannot recurse further; max recursion depth met\n",
        ),
        (
            "tables.toml",
            format!("x = {}1{}\n", "{a = ".repeat(depth), "}".repeat(depth)),
            "error: tables.toml:1:405: invalid TOML: cannot recurse further; max recursion depth met\n",
        ),
        (
            "keys.toml",
            format!("a{} = 1\n", ".b".repeat(depth)),
            "error: keys.toml:1:1: invalid TOML: recursion limit\n",
        ),
    ];
    std::fs::write(dir.path().join("doc.txt"), "Good  text.\n").unwrap();
    for (name, text, error) in cases {
        std::fs::write(dir.path().join(name), text).unwrap();
        let (code, stdout, stderr) = transclean(dir.path(), &["--rules", name, "clean", "doc.txt"]);
        assert_eq!((code, stdout.as_str()), (2, ""), "{name}");
        assert_eq!(
            stderr,
            format!(
                "{error}  hint: see https://toml.io for the syntax; `transclean rules explain KIND` shows a kind's options\n\
                 error: doc.txt: not cleaned: its rules could not be loaded (see the error above)\n"
            ),
            "{name}"
        );
    }
}

#[test]
fn a_pattern_that_backtracks_elsewhere_runs_in_linear_time() {
    // `(x+x+)+y` takes exponential time in a backtracking engine on a run of x's with no y;
    // the regex crate has none, so a rule cannot stall a run however it is written.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("evil.toml"),
        "[[rule]]\nid = \"evil\"\nkind = \"regex\"\npattern = '(x+x+)+y'\nreplace = \"z\"\n",
    )
    .unwrap();
    let text = format!("{}\n", "x".repeat(200_000));
    std::fs::write(dir.path().join("doc.txt"), &text).unwrap();
    let start = Instant::now();
    let (code, stdout, stderr) = transclean(
        dir.path(),
        &["--no-builtin", "--rules", "evil.toml", "clean", "doc.txt"],
    );
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(stdout, text);
    assert!(start.elapsed() < Duration::from_secs(30));
}
