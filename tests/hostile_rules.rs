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
    // How fast they load is a benchmark's business (BENCHMARKS.md, the 1,000,000-entry list), not
    // a wall-clock assertion that a loaded machine can fail.
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
                "{error}  hint: see https://toml.io for the syntax; `transclean rules explain --kind KIND` shows a kind's options\n\
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
    // Exponential backtracking over 200,000 x's would never end, so the bounded runner's limit
    // tells it from a linear run on any machine, however loaded.
    let (code, stdout, stderr) = transclean_bounded(
        dir.path(),
        &[
            "--no-config",
            "--no-builtin",
            "--rules",
            "evil.toml",
            "clean",
            "doc.txt",
        ],
    );
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(stdout, text);
}

/// How long a run may take before it counts as hung. A run that never ends (a rule file read
/// forever, exponential backtracking) is told apart by any limit; this one is ten minutes so that
/// an unoptimised build on a loaded 2-core machine (a fraction of a second idle) never hits it.
const HANG_LIMIT: Duration = Duration::from_secs(600);

/// Runs transclean in `dir` with `args` (no `--no-config` added), failing the test if it has
/// not finished within [`HANG_LIMIT`]: a rule file that is read forever must show as a failure,
/// not as a test run that never ends.
fn transclean_bounded(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = tempfile::tempdir().unwrap();
    let (stdout, stderr) = (out.path().join("stdout"), out.path().join("stderr"));
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout).unwrap())
        .stderr(std::fs::File::create(&stderr).unwrap())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + HANG_LIMIT;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("transclean {args:?} did not finish within {HANG_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    (
        status.code().unwrap_or(-1),
        std::fs::read_to_string(stdout).unwrap(),
        std::fs::read_to_string(stderr).unwrap(),
    )
}

#[test]
fn a_rule_file_that_is_a_device_or_fifo_fails_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let made = Command::new("mkfifo")
        .arg(dir.path().join("fifo.toml"))
        .status()
        .unwrap();
    assert!(made.success());
    std::fs::write(dir.path().join("doc.txt"), "Good  text.\n").unwrap();
    std::fs::write(dir.path().join("zero.toml"), "extend = [\"/dev/zero\"]\n").unwrap();
    let not_regular = "cannot read rule file: it is not a regular file (a device, FIFO or socket)\n  \
                       hint: a rule file must be a regular TOML file\n\
                       error: doc.txt: not cleaned: its rules could not be loaded (see the error above)\n";
    let cases: [(&[&str], String); 5] = [
        (
            &["--rules", "fifo.toml"],
            format!("error: fifo.toml: {not_regular}"),
        ),
        (
            &["--rules", "/dev/zero"],
            format!("error: /dev/zero: {not_regular}"),
        ),
        (
            &["--config", "/dev/urandom"],
            format!("error: /dev/urandom: {not_regular}"),
        ),
        (
            &["--rules", "zero.toml"],
            format!("error: zero.toml:1:11: cannot extend `/dev/zero`: {not_regular}"),
        ),
        (
            &["--config", "folder"],
            "error: folder: cannot read rule file: it is a folder\n  \
             hint: a rule file must be a regular TOML file\n\
             error: doc.txt: not cleaned: its rules could not be loaded (see the error above)\n"
                .into(),
        ),
    ];
    std::fs::create_dir(dir.path().join("folder")).unwrap();
    for (flags, expected) in cases {
        let args = [&["--no-config"], flags, &["clean", "doc.txt"]].concat();
        let (code, stdout, stderr) = transclean_bounded(dir.path(), &args);
        assert_eq!(
            (code, stdout.as_str(), stderr),
            (2, "", expected),
            "{flags:?}"
        );
    }

    // A project config in a cloned corpus is found without any flag.
    let project = dir.path().join("corpus");
    std::fs::create_dir(&project).unwrap();
    std::fs::write(
        project.join("transclean.toml"),
        "extend = [\"../fifo.toml\"]\n",
    )
    .unwrap();
    std::fs::write(project.join("doc.txt"), "Good  text.\n").unwrap();
    let (code, _, stderr) = transclean_bounded(&project, &["clean", "doc.txt"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("transclean.toml:1:11: cannot extend `../fifo.toml`: cannot read rule file: it is not a regular file"), "{stderr}");
}

#[test]
fn a_rule_file_over_64_mb_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    // Sparse: 65 MB of nothing on disk.
    let big = std::fs::File::create(dir.path().join("big.toml")).unwrap();
    big.set_len(65 * 1024 * 1024).unwrap();
    std::fs::write(dir.path().join("doc.txt"), "Good  text.\n").unwrap();
    let (code, stdout, stderr) = transclean_bounded(
        dir.path(),
        &["--no-config", "--rules", "big.toml", "clean", "doc.txt"],
    );
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(
        stderr.starts_with(
            "error: big.toml: cannot read rule file: it is larger than 64 MB\n  \
             hint: split it into several files joined with `extend`\n"
        ),
        "{stderr}"
    );
}

#[test]
fn thirty_thousand_long_phrases_in_one_rule_compile() {
    // One alternation of these passed the regex size limit and panicked (`CompiledTooBig`).
    let dir = tempfile::tempdir().unwrap();
    let phrases: Vec<String> = (0..30_000)
        .map(|i| {
            format!(
                "\"Größe{i} Straße{i} überall{i} kopf{i} Weltmeisterschaft{i} Fußballspieler{i} Ärger{i}\""
            )
        })
        .collect();
    std::fs::write(
        dir.path().join("many.toml"),
        format!(
            "[[rule]]\nid = \"many\"\nkind = \"replace\"\nfind = [{}]\nreplace = \"X\"\ncase = \"ignore\"\n",
            phrases.join(",")
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("doc.txt"),
        "A größe0 straße0 überall0 kopf0 weltmeisterschaft0 fußballspieler0 ärger0, and\n\
         Größe29999 Straße29999 überall29999\nkopf29999 Weltmeisterschaft29999 Fußballspieler29999 Ärger29999.\n",
    )
    .unwrap();
    let (code, stdout, stderr) = transclean(
        dir.path(),
        &["--no-builtin", "--rules", "many.toml", "clean", "doc.txt"],
    );
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(stdout, "A X, and\nX.\n");
}

#[test]
fn a_phrase_too_long_to_compile_is_an_error_at_its_rule() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("long.toml"),
        format!(
            "[[rule]]\nid = \"long\"\nkind = \"replace\"\nfind = \"{}\"\nreplace = \"x\"\n",
            "word ".repeat(1000).trim_end()
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join("doc.txt"), "Good text.\n").unwrap();
    let (code, _, stderr) = transclean(
        dir.path(),
        &["--no-builtin", "--rules", "long.toml", "clean", "doc.txt"],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with(
            "error: long.toml:4:8: `find` holds a phrase of 4999 bytes, more than the 4096 a phrase may have\n  \
             hint: a `replace` phrase is a word or a few; for longer text use a `regex` rule\n"
        ),
        "{stderr}"
    );
}

#[test]
fn a_rule_that_feeds_itself_stops_its_file_and_the_others_are_cleaned() {
    // `a` -> `aa` doubled the text on every run: 1 KB became 64 MB. The engine stops the file
    // once its text passes four times its size plus 1 MB, and names the rule.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("grows.toml"),
        "[[rule]]\nid = \"doubles\"\nkind = \"regex\"\npattern = 'a'\nreplace = \"aa\"\n\n\
         [[rule]]\nid = \"fix\"\nkind = \"replace\"\nfind = \"teh\"\nreplace = \"the\"\n",
    )
    .unwrap();
    let grows = format!("{}\n", "a".repeat(1000));
    std::fs::write(dir.path().join("grows.txt"), &grows).unwrap();
    std::fs::write(dir.path().join("other.txt"), "See teh text.\n").unwrap();
    let (code, _, stderr) = transclean_bounded(
        dir.path(),
        &[
            "--no-config",
            "--no-builtin",
            "--rules",
            "grows.toml",
            "clean",
            "--write",
            "grows.txt",
            "other.txt",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with(
            "error: grows.txt: not cleaned: stopped: the rules made its text grow past 1052580 bytes \
             (from 1001); rules involved: `doubles`\n  \
             hint: a rule's replacement probably re-creates what it finds, or two rules undo each \
             other; `transclean rules lint` shows such rules\n"
        ),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("grows.txt")).unwrap(),
        grows
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("other.txt")).unwrap(),
        "See the text.\n"
    );
}

#[test]
fn rules_of_two_stages_that_undo_each_other_stop_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("fight.toml"),
        "[[rule]]\nid = \"to-bar\"\nkind = \"replace\"\nfind = \"foo\"\nreplace = \"bar\"\n\n\
         [[rule]]\nid = \"to-foo\"\nkind = \"regex\"\nstage = \"whitespace\"\npattern = 'bar'\nreplace = \"foo\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("doc.txt"), "a foo b\n").unwrap();
    let (code, stdout, stderr) = transclean_bounded(
        dir.path(),
        &[
            "--no-config",
            "--no-builtin",
            "--rules",
            "fight.toml",
            "clean",
            "doc.txt",
        ],
    );
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(
        stderr.starts_with(
            "error: doc.txt: not cleaned: stopped: the rules still changed it after 16 runs of the \
             pipeline; rules involved: `to-bar`, `to-foo`\n"
        ),
        "{stderr}"
    );
    let (code, stdout, _) =
        transclean_bounded(dir.path(), &["--no-config", "rules", "lint", "fight.toml"]);
    assert_eq!(code, 1);
    assert!(
        stdout.starts_with(
            "fight.toml:1: fight: rule `to-bar`: on \"foo\" the rules never settle (stopped: the \
             rules still changed it after 16 runs of the pipeline; rules involved: `to-bar`, `to-foo`)\n"
        ),
        "{stdout}"
    );
}

#[test]
fn lint_finds_a_capture_group_that_feeds_itself() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("grows.toml"),
        "[[rule]]\nid = \"doubles\"\nkind = \"regex\"\npattern = '(x+)'\nreplace = \"$1$1\"\n",
    )
    .unwrap();
    let (code, stdout, _) =
        transclean_bounded(dir.path(), &["--no-config", "rules", "lint", "grows.toml"]);
    assert_eq!(code, 1);
    assert!(
        stdout.starts_with(
            "grows.toml:1: rematch: rule `doubles`: on \"x\" it never settles (stopped: the rules \
             still changed it after 16 runs of the pipeline; rules involved: `doubles`)\n"
        ),
        "{stdout}"
    );
}
