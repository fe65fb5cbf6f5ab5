//! Writes that respect the file (issue 13, items 1-6 and 17): `--out DIR` never writes over an
//! input or over another output, `--write` keeps owner, group and mode, follows symlinks and
//! refuses read-only files and hard links, `-o FILE` writes through devices and pipes, and binary
//! data is never taken for an empty text.

#![cfg(unix)]

use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_transclean");
const DIRTY: &str = "Good  text.\n";
const CLEANED: &str = "Good text.\n";
const SRT: &str = "1\n00:00:01,000 --> 00:00:02,000\nHello  there.\n";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Run {
    use std::io::Write;
    let mut child = Command::new(BIN)
        .arg("--no-config")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        input.write_all(bytes).unwrap();
    }
    drop(input);
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// Every file under `dir`, relative to it, in order.
fn tree(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = ignore::Walk::new(dir)
        .flatten()
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    found.sort();
    found
}

#[test]
fn out_inside_or_equal_to_an_input_folder_is_refused_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "corpus/a.txt", DIRTY);
    write(dir.path(), "corpus/talk.txt", "hand-written notes\n");
    write(dir.path(), "corpus/talk.srt", SRT);
    for out in ["corpus", "corpus/out", "./corpus/"] {
        let run = run(
            dir.path(),
            &["clean", "--lossy", "--out", out, "corpus"],
            None,
        );
        assert_eq!(run.code, 2, "--out {out}: {}", run.stderr);
        assert!(
            run.stderr.contains("nothing written") && run.stderr.contains("input folder"),
            "--out {out}: {}",
            run.stderr
        );
        assert_eq!(read(&input), DIRTY);
        assert_corpus_untouched(dir.path());
    }
    // The folder of a file given, and a folder holding the inputs (`--out .`), too.
    let run_file = run(
        dir.path(),
        &["clean", "--out", "corpus", "corpus/talk.srt"],
        None,
    );
    assert_eq!(run_file.code, 2, "{}", run_file.stderr);
    let run_above = run(dir.path(), &["clean", "--out", ".", "corpus"], None);
    assert_eq!(run_above.code, 2, "{}", run_above.stderr);
    assert_corpus_untouched(dir.path());
}

/// The hand-written `talk.txt` is intact and nothing was written beside the three inputs.
fn assert_corpus_untouched(dir: &Path) {
    assert_eq!(read(&dir.join("corpus/talk.txt")), "hand-written notes\n");
    assert_eq!(
        tree(dir),
        ["corpus/a.txt", "corpus/talk.srt", "corpus/talk.txt"]
    );
}

#[test]
fn out_keeps_each_argument_path_so_same_names_do_not_collide() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a/x.txt", "A  one.\n");
    write(dir.path(), "b/x.txt", "B  two.\n");
    write(dir.path(), "d1/sub/y.txt", "D1  y.\n");
    write(dir.path(), "d2/sub/y.txt", "D2  y.\n");
    let run = run(
        dir.path(),
        &["clean", "--out", "o", "a/x.txt", "./b/x.txt", "d1", "d2"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = dir.path().join("o");
    assert_eq!(
        tree(&out),
        ["a/x.txt", "b/x.txt", "d1/sub/y.txt", "d2/sub/y.txt"]
    );
    assert_eq!(read(&out.join("a/x.txt")), "A one.\n");
    assert_eq!(read(&out.join("b/x.txt")), "B two.\n");
    assert_eq!(read(&out.join("d2/sub/y.txt")), "D2 y.\n");
}

#[test]
fn two_inputs_for_one_output_are_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "talk.srt", SRT);
    write(dir.path(), "talk.txt", DIRTY);
    write(dir.path(), "other.txt", DIRTY);
    let run = run(
        dir.path(),
        &["clean", "--out", "o", "other.txt", "talk.srt", "talk.txt"],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "talk.txt: nothing written: it and talk.srt would both be written to o/talk.txt"
        ),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("o").exists(), "nothing may be written");
    // Two files with one name from outside the current folder: their names alone collide.
    let inner = dir.path().join("inner");
    std::fs::create_dir(&inner).unwrap();
    write(dir.path(), "x/other.txt", DIRTY);
    let run = self::run(
        &inner,
        &["clean", "--out", "o", "../other.txt", "../x/other.txt"],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!inner.join("o").exists());
}

/// `clean` and `check` hand the text to the engine without keeping a copy (issue 15, memory):
/// whether it changed then comes from the engine, which must see a change that keeps the length.
#[test]
fn a_change_that_keeps_the_length_is_written_and_a_clean_file_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let shouted = write(
        dir.path(),
        "shouted.txt",
        "Mr. LIMAN. We met.\n\nMr. MILLER. We did.\n",
    );
    let clean = write(dir.path(), "clean.txt", CLEANED);
    let untouched = std::fs::metadata(&clean).unwrap().ino();
    let check = run(dir.path(), &["check", "shouted.txt", "clean.txt"], None);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(check.stdout.contains("shouted.txt"), "{}", check.stdout);
    assert!(!check.stdout.contains("clean.txt"), "{}", check.stdout);
    let written = run(
        dir.path(),
        &["clean", "--write", "shouted.txt", "clean.txt"],
        None,
    );
    assert_eq!(written.code, 0, "{}", written.stderr);
    assert_eq!(
        read(&shouted),
        "Mr. Liman: We met.\n\nMr. Miller: We did.\n"
    );
    assert_eq!(std::fs::metadata(&clean).unwrap().ino(), untouched);
    assert_eq!(read(&clean), CLEANED);
}

#[test]
fn write_refuses_a_read_only_file_and_a_hard_link() {
    let dir = tempfile::tempdir().unwrap();
    let locked = write(dir.path(), "locked.txt", DIRTY);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
    let linked = write(dir.path(), "linked.txt", DIRTY);
    std::fs::hard_link(&linked, dir.path().join("other-name.txt")).unwrap();
    let good = write(dir.path(), "good.txt", DIRTY);
    let run = run(
        dir.path(),
        &["clean", "--write", "locked.txt", "linked.txt", "good.txt"],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("locked.txt: not written: the file is read-only"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("linked.txt: not written: it has 2 hard links"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&locked), DIRTY);
    assert_eq!(std::fs::metadata(&locked).unwrap().mode() & 0o777, 0o444);
    assert_eq!(read(&linked), DIRTY);
    assert_eq!(
        std::fs::metadata(&linked).unwrap().ino(),
        std::fs::metadata(dir.path().join("other-name.txt"))
            .unwrap()
            .ino()
    );
    assert_eq!(read(&good), CLEANED);
}

#[test]
fn write_keeps_owner_group_and_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "theirs.txt", DIRTY);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o664)).unwrap();
    let as_root = rustix_like_is_root();
    let (uid, gid) = if as_root {
        // Another user's file, cleaned by root, stays theirs.
        std::os::unix::fs::chown(&path, Some(4321), Some(4322)).unwrap();
        (4321, 4322)
    } else {
        let m = std::fs::metadata(&path).unwrap();
        (m.uid(), m.gid())
    };
    let run = run(dir.path(), &["clean", "--write", "theirs.txt"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let metadata = std::fs::metadata(&path).unwrap();
    assert_eq!(read(&path), CLEANED);
    assert_eq!((metadata.uid(), metadata.gid()), (uid, gid));
    assert_eq!(metadata.mode() & 0o777, 0o664);
}

fn rustix_like_is_root() -> bool {
    std::fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

#[test]
fn write_follows_a_symlink_and_replaces_its_target() {
    let dir = tempfile::tempdir().unwrap();
    let target = write(dir.path(), "real/doc.txt", DIRTY);
    let link = dir.path().join("link.txt");
    std::os::unix::fs::symlink("real/doc.txt", &link).unwrap();
    let run = run(dir.path(), &["clean", "--write", "link.txt"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
    assert_eq!(read(&target), CLEANED);
    assert_eq!(tree(dir.path()), ["real/doc.txt"]);
}

#[test]
fn report_output_writes_through_devices_and_pipes_and_keeps_symlinks() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", DIRTY);
    // A FIFO read by a thread: written through, still a FIFO afterwards.
    let fifo = dir.path().join("fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let run_fifo = run(
        dir.path(),
        &["check", "--format", "json", "-o", "fifo", "a.txt"],
        None,
    );
    assert_eq!(run_fifo.code, 1, "{}", run_fifo.stderr);
    assert!(reader.join().unwrap().contains("\"a.txt\""));
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    // A symlink stays a link to the report.
    let report = write(dir.path(), "reports/r.json", "old");
    std::os::unix::fs::symlink("reports/r.json", dir.path().join("r.json")).unwrap();
    let run_link = run(
        dir.path(),
        &["check", "--format", "json", "-o", "r.json", "a.txt"],
        None,
    );
    assert_eq!(run_link.code, 1, "{}", run_link.stderr);
    assert!(
        dir.path()
            .join("r.json")
            .symlink_metadata()
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(read(&report).contains("\"a.txt\""));
    // `-o -` is stdout, not a file named `-`.
    let run_dash = run(
        dir.path(),
        &["check", "--format", "json", "-o", "-", "a.txt"],
        None,
    );
    assert!(run_dash.stdout.contains("\"a.txt\""), "{}", run_dash.stderr);
    assert!(!dir.path().join("-").exists());
    // As root, a character device made here (never the machine's own /dev/null) stays one.
    if rustix_like_is_root() {
        let null = dir.path().join("null");
        assert!(
            Command::new("mknod")
                .arg(&null)
                .args(["c", "1", "3"])
                .status()
                .unwrap()
                .success()
        );
        let run_null = run(
            dir.path(),
            &["check", "--format", "json", "-o", "null", "a.txt"],
            None,
        );
        assert_eq!(run_null.code, 1, "{}", run_null.stderr);
        assert!(
            std::fs::metadata(&null)
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }
}

#[test]
fn binary_on_stdin_is_an_error_not_an_empty_text() {
    let dir = tempfile::tempdir().unwrap();
    let run = run(dir.path(), &["clean"], Some(b"PK\x03\x04\0\0\x14\0binary"));
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("<stdin>: binary data"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn a_huge_sparse_binary_file_is_skipped_without_reading_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("zeros.bin");
    // 64 GB of zeros that take no disk: reading it whole would take hours, or fail for memory.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(1 << 36).unwrap();
    let run = run(dir.path(), &["clean", "zeros.bin"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("zeros.bin: skipped: binary file"),
        "{}",
        run.stderr
    );
}

#[test]
fn diff_headers_quote_odd_names_as_git_does_and_the_patch_applies() {
    let dir = tempfile::tempdir().unwrap();
    let name = "we\"ird\\ na\tme\n.txt";
    write(dir.path(), name, DIRTY);
    let diff = run(dir.path(), &["diff", name], None);
    assert_eq!(diff.code, 0, "{}", diff.stderr);
    assert!(
        diff.stdout.starts_with(
            "--- \"a/we\\\"ird\\\\ na\\tme\\n.txt\"\n+++ \"b/we\\\"ird\\\\ na\\tme\\n.txt\"\n"
        ),
        "{}",
        diff.stdout
    );
    std::fs::write(dir.path().join("odd.patch"), &diff.stdout).unwrap();
    let applied = Command::new("git")
        .args(["apply", "--unsafe-paths", "odd.patch"])
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(applied.success());
    assert_eq!(read(&dir.path().join(name)), CLEANED);
    // The JSON report keeps a `\` in a name (JSON escapes it) instead of turning it into `/`.
    write(dir.path(), "back\\slash.txt", DIRTY);
    let report = run(
        dir.path(),
        &["check", "--format", "json", "back\\slash.txt"],
        None,
    );
    let json: serde_json::Value = serde_json::from_str(&report.stdout).unwrap();
    assert_eq!(
        json["files"][0]["path"], "back\\slash.txt",
        "{}",
        report.stdout
    );
}
