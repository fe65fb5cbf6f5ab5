//! The bad-input matrix (issue 7, "Never lose text"): every kind of input that cannot be cleaned
//! as given gets a message naming it with a hint, exit 2 when something failed, the other
//! inputs of the same command line are still processed, and no file changes unless it was fully
//! cleaned. Cases that fit as data are in `tests/cmd/`; these need setup (permissions, symlinks,
//! mounts, generated files, pipes) or byte-exact checks.

#![cfg(unix)]

use std::io::{Read, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_transclean");
/// Text with one thing to clean (a double space): a good file beside the bad one.
const GOOD: &[u8] = b"Good  text.\n";
const GOOD_CLEANED: &[u8] = b"Good text.\n";
/// An unprivileged user to run as where root would ignore permissions (`nobody`).
const NOBODY: u32 = 65534;

fn external(name: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/external/subtitles/pysrt")
        .join(name);
    assert!(
        path.exists(),
        "{} is missing: the tests need ../shared beside the repository",
        path.display()
    );
    path
}

struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

impl Run {
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }
}

fn transclean(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command
        .args(["--no-config"])
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR");
    command
}

fn run(mut command: Command) -> Run {
    let output = command.stdin(Stdio::null()).output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: output.stdout,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A folder every user may enter, with a good file in it.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    write(dir.path(), "good.txt", GOOD);
    dir
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    path
}

fn read(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).unwrap()
}

/// Whether the tests run as root, who reads and writes whatever the permissions say.
fn is_root() -> bool {
    let probe = tempfile::NamedTempFile::new().unwrap();
    probe.as_file().metadata().unwrap().uid() == 0
}

/// Runs as `nobody` when the tests run as root, so that permissions count.
fn unprivileged(mut command: Command) -> Command {
    if is_root() {
        command.uid(NOBODY).gid(NOBODY);
    }
    command
}

// ---- encodings -------------------------------------------------------------------------------

#[test]
fn utf16_files_are_written_back_as_utf16_with_their_bom() {
    let dir = folder();
    let external = std::fs::read(external("bom-utf-16-le.srt")).unwrap();
    assert_eq!(&external[..2], b"\xFF\xFE");
    // The file is clean already: give it something to clean (a double space).
    let (text, _) = encoding_rs::UTF_16LE.decode_without_bom_handling(&external[2..]);
    let text = text.replacen("About 2", "About  2", 1);
    let le: Vec<u8> = [0xFEFF_u16]
        .into_iter()
        .chain(text.encode_utf16())
        .flat_map(u16::to_le_bytes)
        .collect();
    // The same file in UTF-16BE: every pair of bytes swapped.
    let be: Vec<u8> = le.chunks(2).flat_map(|p| [p[1], p[0]]).collect();
    write(dir.path(), "le.srt", &le);
    write(dir.path(), "be.srt", &be);
    let printed = run(transclean(
        dir.path(),
        &["clean", "--keep-format", "le.srt", "be.srt"],
    ));
    assert_eq!(printed.code, 0, "{}", printed.stderr);
    let run = run(transclean(
        dir.path(),
        &["clean", "--keep-format", "--write", "le.srt", "be.srt"],
    ));
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (0, "2 of 2 files changed (2 changes)\n")
    );
    let decode = |bytes: &[u8], encoding: &'static encoding_rs::Encoding, bom: &[u8]| {
        assert_eq!(&bytes[..2], bom, "the byte-order mark is kept");
        let (text, malformed) = encoding.decode_without_bom_handling(&bytes[2..]);
        assert!(!malformed);
        text.into_owned()
    };
    let le_text = decode(
        &read(dir.path(), "le.srt"),
        encoding_rs::UTF_16LE,
        b"\xFF\xFE",
    );
    let be_text = decode(
        &read(dir.path(), "be.srt"),
        encoding_rs::UTF_16BE,
        b"\xFE\xFF",
    );
    assert_eq!(le_text, be_text);
    // What was written is what `clean` printed (in UTF-8) for each of them, under its header.
    assert_eq!(
        printed.stdout(),
        format!("==> le.srt <==\n{le_text}\n==> be.srt <==\n{be_text}")
    );
}

#[test]
fn review_writes_a_utf16_file_back_as_utf16() {
    let dir = folder();
    let utf16: Vec<u8> = [0xFEFF_u16]
        .into_iter()
        .chain("Good  text.\n".encode_utf16())
        .flat_map(u16::to_le_bytes)
        .collect();
    write(dir.path(), "doc.txt", &utf16);
    let run = run(transclean(
        dir.path(),
        &["review", "--answers", "y", "doc.txt"],
    ));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected: Vec<u8> = [0xFEFF_u16]
        .into_iter()
        .chain("Good text.\n".encode_utf16())
        .flat_map(u16::to_le_bytes)
        .collect();
    assert_eq!(read(dir.path(), "doc.txt"), expected);
}

#[test]
fn utf8_with_bom_reads_like_utf8() {
    let dir = folder();
    let with_bom = std::fs::read(external("bom-utf-8.srt")).unwrap();
    assert_eq!(&with_bom[..3], b"\xEF\xBB\xBF");
    write(dir.path(), "bom.srt", &with_bom);
    write(dir.path(), "plain.srt", &with_bom[3..]);
    let bom = run(transclean(dir.path(), &["clean", "bom.srt"]));
    let plain = run(transclean(dir.path(), &["clean", "plain.srt"]));
    assert_eq!((bom.code, plain.code), (0, 0));
    assert_eq!(bom.stdout, plain.stdout);
    assert!(bom.stdout().starts_with("About 2 months ago"));
}

#[test]
fn windows_1252_is_read_with_encoding_and_written_back_in_it() {
    let dir = folder();
    let mut original = std::fs::read(external("windows-1252.srt")).unwrap();
    // Its only doubled word is French grammar ("vous vous"), which no English rule may touch:
    // a windows-1252 no-break space (0xA0) gives the file a change to write back.
    let at = original.windows(8).position(|w| w == b"CE FILM ").unwrap();
    original[at + 2] = 0xA0;
    write(dir.path(), "fr.srt", &original);
    let args = ["clean", "--keep-format", "--encoding", "windows-1252"];
    let printed = run(transclean(dir.path(), &[&args[..], &["fr.srt"]].concat()));
    assert_eq!(printed.code, 0, "{}", printed.stderr);
    assert!(printed.stdout().contains("CE FILM RELATE DES ÉVÉNEMENTS"));
    let written = run(transclean(
        dir.path(),
        &[&args[..], &["--write", "fr.srt", "good.txt"]].concat(),
    ));
    assert_eq!(
        (written.code, written.stderr.as_str()),
        (0, "2 of 2 files changed (2 changes)\n")
    );
    let bytes = read(dir.path(), "fr.srt");
    assert!(std::str::from_utf8(&bytes).is_err(), "still windows-1252");
    let (text, malformed) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&bytes);
    assert!(!malformed);
    assert_eq!(text, printed.stdout());
    // CRLF line endings stay as they were.
    assert_eq!(
        bytes.iter().filter(|&&b| b == b'\n').count(),
        bytes.windows(2).filter(|w| w == b"\r\n").count()
    );
}

#[test]
fn a_character_the_encoding_cannot_hold_leaves_the_file_alone() {
    let dir = folder();
    let rules = write(
        dir.path(),
        "cyrillic.toml",
        "[[rule]]\nid = \"donbas-ru\"\nkind = \"replace\"\nfind = \"Dombas\"\nreplace = \"Донбас\"\n"
            .as_bytes(),
    );
    let original = b"Caf\xE9 talk.\nThe Dombas  region.\n";
    write(dir.path(), "legacy.txt", original);
    let run = run(transclean(
        dir.path(),
        &[
            "--rules",
            rules.to_str().unwrap(),
            "clean",
            "--encoding",
            "latin1",
            "--write",
            "legacy.txt",
            "good.txt",
        ],
    ));
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: legacy.txt:2: not written: the cleaned text has `Д` (U+0414), which windows-1252 cannot hold\n  \
         hint: write UTF-8 copies with --out DIR, or convert the file first: `iconv -f windows-1252 -t UTF-8`\n\
         1 of 2 files changed (1 change); 1 failed\n"
    );
    assert_eq!(read(dir.path(), "legacy.txt"), original);
    assert_eq!(read(dir.path(), "good.txt"), GOOD_CLEANED);
}

#[test]
fn lossy_with_a_backup_writes_the_replacement_and_keeps_the_original_bytes() {
    let dir = folder();
    let original = b"caf\xE9  au lait\n";
    write(dir.path(), "bad.txt", original);
    let run = run(transclean(
        dir.path(),
        &[
            "clean", "--write", "--lossy", "--backup", ".orig", "bad.txt", "good.txt",
        ],
    ));
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (
            0,
            "warning: bad.txt:1: 1 invalid UTF-8 sequence replaced with U+FFFD (the first at byte offset 3)\n\
             2 of 2 files changed (2 changes)\n"
        )
    );
    assert_eq!(
        read(dir.path(), "bad.txt"),
        "caf\u{FFFD} au lait\n".as_bytes()
    );
    assert_eq!(read(dir.path(), "bad.txt.orig"), original);
    assert_eq!(read(dir.path(), "good.txt"), GOOD_CLEANED);
}

#[test]
fn a_json_lines_record_that_is_not_utf8_is_a_bad_record_kept_byte_for_byte() {
    let dir = folder();
    let original = b"{\"text\":\"a  b\"}\r\n{\"text\":\"caf\xE9\"}\r\n{\"text\":\"ok\"}\r\n";
    write(dir.path(), "data.jsonl", original);
    let refused = run(transclean(
        dir.path(),
        &["clean", "--write", "data.jsonl", "good.txt"],
    ));
    assert_eq!(refused.code, 2);
    assert_eq!(
        refused.stderr,
        "error: data.jsonl:2: not valid UTF-8 (byte 0xE9) (byte offset 29)\n  \
         hint: --skip-bad passes bad records through unchanged\n\
         1 of 2 files changed (1 change); 1 failed\n"
    );
    assert_eq!(read(dir.path(), "data.jsonl"), original);
    assert_eq!(read(dir.path(), "good.txt"), GOOD_CLEANED);
    let skipped = run(transclean(
        dir.path(),
        &["clean", "--write", "--skip-bad", "data.jsonl"],
    ));
    assert_eq!(
        (skipped.code, skipped.stderr.as_str()),
        (
            0,
            "warning: data.jsonl:2: not valid UTF-8 (byte 0xE9) (byte offset 29); passed through unchanged\n\
             1 of 1 file changed (1 change)\n"
        )
    );
    assert_eq!(
        read(dir.path(), "data.jsonl"),
        b"{\"text\":\"a b\"}\r\n{\"text\":\"caf\xE9\"}\r\n{\"text\":\"ok\"}\r\n"
    );
}

#[test]
fn json_lines_refuse_another_encoding() {
    let dir = folder();
    write(dir.path(), "data.jsonl", b"{\"text\":\"caf\xE9\"}\n");
    let run = run(transclean(
        dir.path(),
        &["clean", "--encoding", "latin1", "data.jsonl", "good.txt"],
    ));
    assert_eq!(run.code, 2);
    // JSON Lines stream as they are read, so the header of the refused file is already out,
    // as `head` prints a header before a file it then cannot read.
    assert_eq!(
        run.stdout(),
        "==> data.jsonl <==\n\n==> good.txt <==\nGood text.\n"
    );
    assert_eq!(
        run.stderr,
        "error: data.jsonl: JSON Lines are UTF-8; --encoding windows-1252 does not apply\n  \
         hint: convert the file first: `iconv -f windows-1252 -t UTF-8`\n"
    );
}

// ---- line endings and sizes ------------------------------------------------------------------

#[test]
fn crlf_line_endings_are_kept_and_the_diff_applies_with_git_apply() {
    let dir = folder();
    let original = b"Dialogue  is good. \r\nIt is in demand.\r\n\r\n\r\n\r\nNo final newline  ";
    write(dir.path(), "crlf.txt", original);
    let diff = run(transclean(dir.path(), &["diff", "crlf.txt"]));
    assert_eq!(diff.code, 0, "{}", diff.stderr);
    assert_eq!(
        diff.stdout(),
        "--- a/crlf.txt\n+++ b/crlf.txt\n@@ -1,6 +1,4 @@ whitespace\n\
         -Dialogue  is good. \r\n+Dialogue is good.\r\n It is in demand.\r\n \r\n\
         -\r\n-\r\n-No final newline  \n\\ No newline at end of file\n\
         +No final newline\r\n"
    );
    std::fs::write(dir.path().join("crlf.patch"), &diff.stdout).unwrap();
    let applied = Command::new("git")
        .args([
            "apply",
            "--unsafe-paths",
            "--whitespace=nowarn",
            "crlf.patch",
        ])
        .current_dir(dir.path())
        .status()
        .expect("git is installed");
    assert!(applied.success(), "git apply rejected the diff");
    let patched = read(dir.path(), "crlf.txt");
    write(dir.path(), "crlf.txt", original);
    let cleaned = run(transclean(dir.path(), &["clean", "--write", "crlf.txt"]));
    assert_eq!(cleaned.code, 0, "{}", cleaned.stderr);
    assert_eq!(read(dir.path(), "crlf.txt"), patched);
    assert_eq!(
        patched,
        b"Dialogue is good.\r\nIt is in demand.\r\n\r\nNo final newline\r\n"
    );
}

/// How long a watched run may take before it counts as hung: a hang is told apart by any limit,
/// and ten minutes keeps an unoptimised build on a loaded 2-core machine far from it.
const HANG_LIMIT: Duration = Duration::from_secs(600);

/// The peak memory of a child process, sampled until it exits; and its exit code. A run that
/// takes longer than [`HANG_LIMIT`] is killed and fails the test (a hang must not stall the suite).
fn watch(mut command: Command) -> (i32, u64, Vec<u8>) {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        stdout.read_to_end(&mut bytes).unwrap();
        bytes
    });
    let (start, mut peak_kb) = (Instant::now(), 0u64);
    let status = loop {
        if let Ok(status) = std::fs::read_to_string(format!("/proc/{}/status", child.id())) {
            let hwm = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches(" kB").parse().ok());
            peak_kb = peak_kb.max(hwm.unwrap_or(0));
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > HANG_LIMIT {
            child.kill().unwrap();
            panic!("still running after {HANG_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    (
        status.code().unwrap_or(-1),
        peak_kb * 1024,
        reader.join().unwrap(),
    )
}

/// Sizes for the large-file tests. Nothing in the read, decode, clean and write path depends on
/// line length (columns on long lines count from a mark at most 4 KiB away; see `LineIndex`),
/// so size only scales time. An unoptimised build cleans about 0.8 MB/s with the built-in rules
/// on these 2 shared cores, an optimised one about 17 MB/s (10 MB line: 0.5 s; 64 MB without a
/// newline: 3.7 s and 340 MB peak): the sizes keep each test within a few seconds either way.
/// The 1 GB runs the same code and takes 5 to 11 times its size in memory (the text,
/// the cleaned copy, one record per change: the more changes, the more memory).
fn large(debug: usize, release: usize) -> usize {
    if cfg!(debug_assertions) {
        debug
    } else {
        release
    }
}

/// A long stretch of prose with something to clean every 1,000 bytes or so.
fn prose(len: usize) -> Vec<u8> {
    let sentence = "The talks in Geneva went on for hours, and the delegates said little. ";
    let mut text = String::with_capacity(len + 100);
    while text.len() < len {
        for _ in 0..14 {
            text.push_str(sentence);
        }
        text.push_str("Then  they left. ");
    }
    text.truncate(len);
    text.into_bytes()
}

#[test]
fn a_10_mb_single_line_is_cleaned_in_linear_time_and_bounded_memory() {
    let dir = folder();
    let len = large(2 << 20, 10 << 20);
    let mut text = prose(len);
    text.push(b'\n');
    write(dir.path(), "line.txt", &text);
    let (code, peak, stdout) = watch(transclean(dir.path(), &["clean", "line.txt"]));
    assert_eq!(code, 0);
    assert_eq!(stdout.iter().filter(|&&b| b == b'\n').count(), 1);
    assert!(stdout.len() < text.len() && stdout.len() > text.len() * 98 / 100);
    assert!(peak < 16 * len as u64 + (64 << 20), "peak memory {peak} B");
}

/// A word of megabytes that is one phrase's gate word (`treaty`, of the built-in `New START
/// Treaty` rule) again and again. The phrase search looks around each gate word, and walking
/// the whole word again for each of them was quadratic: 600 KB took over two minutes in an
/// optimised build (issue 15). Linear, it takes seconds even unoptimised.
#[test]
fn a_long_word_of_repeated_gate_words_is_cleaned_in_linear_time() {
    let dir = folder();
    // English prose first, so that the English-only rule file of the phrase applies.
    let prose = String::from_utf8(prose(8 << 10)).unwrap();
    let word = "treaty".repeat(large(1 << 20, 4 << 20) / 6);
    let text = format!("{prose}\n\nRussia and the new start treaty.\n\n{word}\n");
    write(dir.path(), "word.txt", text.as_bytes());
    let (code, _, stdout) = watch(transclean(dir.path(), &["clean", "word.txt"]));
    assert_eq!(code, 0);
    let cleaned = String::from_utf8(stdout).unwrap();
    assert!(cleaned.contains("\n\nRussia and the New START Treaty.\n\n"));
    assert!(cleaned.ends_with(&format!("\n\n{word}\n")));
}

#[test]
fn a_large_file_without_any_newline_is_cleaned_and_written() {
    let dir = folder();
    let len = large(4 << 20, 64 << 20);
    let text = prose(len);
    write(dir.path(), "flat.txt", &text);
    let (code, peak, _) = watch(transclean(dir.path(), &["clean", "--write", "flat.txt"]));
    assert_eq!(code, 0);
    let cleaned = read(dir.path(), "flat.txt");
    assert!(!cleaned[..cleaned.len() - 1].contains(&b'\n'));
    assert_eq!(cleaned.last(), Some(&b'\n'), "the whitespace rule ends it");
    assert!(!cleaned.windows(2).any(|w| w == b"  "));
    assert!(peak < 16 * len as u64 + (64 << 20), "peak memory {peak} B");
}

#[test]
fn an_empty_file_stays_empty_and_is_not_rewritten() {
    let dir = folder();
    write(dir.path(), "empty.txt", b"");
    let before = std::fs::metadata(dir.path().join("empty.txt")).unwrap();
    let run = run(transclean(
        dir.path(),
        &["clean", "--write", "empty.txt", "good.txt"],
    ));
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (0, "1 of 2 files changed (1 change)\n")
    );
    let after = std::fs::metadata(dir.path().join("empty.txt")).unwrap();
    assert_eq!((after.len(), after.ino()), (0, before.ino()));
}

// ---- paths -----------------------------------------------------------------------------------

#[test]
fn missing_paths_and_dangling_or_looping_symlinks_are_named_and_the_rest_cleaned() {
    let dir = folder();
    std::os::unix::fs::symlink("nowhere.txt", dir.path().join("dangling.txt")).unwrap();
    std::os::unix::fs::symlink("loop-b", dir.path().join("loop-a")).unwrap();
    std::os::unix::fs::symlink("loop-a", dir.path().join("loop-b")).unwrap();
    let run = run(transclean(
        dir.path(),
        &[
            "clean",
            "--write",
            "missing.txt",
            "dangling.txt",
            "loop-a",
            "good.txt",
        ],
    ));
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: missing.txt: no such file or directory\n  hint: check the path\n\
         error: dangling.txt: a symbolic link to a file that does not exist\n  hint: check the path\n\
         error: loop-a: Too many levels of symbolic links (os error 40)\n  \
         hint: a symbolic link leads back to itself; point it at a file or remove it\n\
         1 of 4 files changed (1 change); 3 failed\n"
    );
    assert_eq!(read(dir.path(), "good.txt"), GOOD_CLEANED);
}

#[test]
fn a_folder_with_a_symlink_loop_is_walked_once() {
    let dir = folder();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    write(&dir.path().join("sub"), "inner.txt", GOOD);
    std::os::unix::fs::symlink("..", dir.path().join("sub/up")).unwrap();
    std::os::unix::fs::symlink("self", dir.path().join("sub/self")).unwrap();
    let (code, _, _) = watch(transclean(dir.path(), &["check", "."]));
    assert_eq!(code, 1);
    let run = run(transclean(dir.path(), &["check", "."]));
    // Links are not followed: each file once, the loops never entered.
    assert_eq!(
        run.stdout(),
        "./good.txt: 1 change (whitespace 1)\n./sub/inner.txt: 1 change (whitespace 1)\n\
         2 of 2 files would change (2 changes)\n"
    );
}

#[test]
fn an_unreadable_file_is_named_and_the_rest_cleaned() {
    // Root reads any file whatever its mode, so as root the run drops to `nobody`.
    let dir = folder();
    let secret = write(dir.path(), "secret.txt", b"Secret  text.\n");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    // The good file is the user's own (another user's file would not be replaced).
    if is_root() {
        std::os::unix::fs::chown(dir.path().join("good.txt"), Some(NOBODY), Some(NOBODY)).unwrap();
    }
    std::fs::set_permissions(dir.path(), PermissionsExt::from_mode(0o777)).unwrap();
    let run = run(unprivileged(transclean(
        dir.path(),
        &["clean", "--write", "secret.txt", "good.txt"],
    )));
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: secret.txt: Permission denied (os error 13)\n  \
         hint: check the file's permissions (`ls -l`)\n\
         1 of 2 files changed (1 change); 1 failed\n"
    );
    assert_eq!(std::fs::read(&secret).unwrap(), b"Secret  text.\n");
    assert_eq!(read(dir.path(), "good.txt"), GOOD_CLEANED);
}

#[test]
fn a_file_in_a_read_only_folder_is_left_alone() {
    // `--write` replaces a file by renaming a temporary file over it, so what matters is
    // whether its folder is writable. Root writes anywhere, so as root the run drops to
    // `nobody`; the good file sits in a writable folder beside.
    let dir = folder();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    write(&locked, "doc.txt", b"Locked  text.\n");
    if is_root() {
        // The user's own file: only its folder stops the rename.
        std::os::unix::fs::chown(locked.join("doc.txt"), Some(NOBODY), Some(NOBODY)).unwrap();
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    let open = dir.path().join("open");
    std::fs::create_dir(&open).unwrap();
    write(&open, "good.txt", GOOD);
    if is_root() {
        std::os::unix::fs::chown(open.join("good.txt"), Some(NOBODY), Some(NOBODY)).unwrap();
    }
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o777)).unwrap();
    let run = run(unprivileged(transclean(
        dir.path(),
        &["clean", "--write", "locked/doc.txt", "open/good.txt"],
    )));
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: locked/doc.txt: cannot write: Permission denied (os error 13)\n  \
         hint: check that the file and its folder are writable; the file was left as it was\n\
         1 of 2 files changed (1 change); 1 failed\n"
    );
    assert_eq!(read(&locked, "doc.txt"), b"Locked  text.\n");
    assert_eq!(read(&open, "good.txt"), GOOD_CLEANED);
    assert_eq!(std::fs::read_dir(&locked).unwrap().count(), 1);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn an_immutable_file_is_left_alone() {
    // The other read-only target, as root: `chattr +i` (e2fsprogs) makes a file that even root
    // cannot replace. Not every filesystem has the attribute (tmpfs before Linux 6.0 does not).
    if !is_root() {
        eprintln!("SKIPPED an_immutable_file_is_left_alone: chattr +i needs root");
        return;
    }
    let dir = folder();
    let doc = write(dir.path(), "doc.txt", b"Frozen  text.\n");
    let chattr = Command::new("chattr").arg("+i").arg(&doc).status();
    if !chattr.is_ok_and(|s| s.success()) {
        eprintln!(
            "SKIPPED an_immutable_file_is_left_alone: chattr +i failed here (no e2fsprogs, or \
             the filesystem lacks the attribute); a_file_in_a_read_only_folder_is_left_alone \
             covers read-only targets"
        );
        return;
    }
    let run = run(transclean(
        dir.path(),
        &["clean", "--write", "doc.txt", "good.txt"],
    ));
    let _ = Command::new("chattr").arg("-i").arg(&doc).status();
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: doc.txt: not written: you may not write the file (Operation not permitted (os error 1))\n  \
         hint: check its owner, permissions and attributes (`ls -l`, `lsattr`); the file was left as it was\n\
         1 of 2 files changed (1 change); 1 failed\n"
    );
    assert_eq!(std::fs::read(&doc).unwrap(), b"Frozen  text.\n");
    assert_eq!(read(dir.path(), "good.txt"), GOOD_CLEANED);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

/// A 64 KiB tmpfs mounted on a new folder, unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount() -> Result<SmallDisk, String> {
        let dir = tempfile::tempdir().unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k,mode=0777", "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| format!("cannot run mount: {e}"))?;
        if status.status.success() {
            Ok(SmallDisk { dir })
        } else {
            Err(String::from_utf8_lossy(&status.stderr).trim().to_string())
        }
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
fn a_full_disk_leaves_the_file_whole_and_no_temporary_file() {
    // A tmpfs of 64 KiB that a 40 KiB file and a filler fill up: the cleaned copy cannot be
    // written. Mounting needs root (or CAP_SYS_ADMIN); without it the full-stdout test below
    // still covers ENOSPC.
    let disk = match SmallDisk::mount() {
        Ok(disk) => disk,
        Err(why) => {
            eprintln!("SKIPPED a_full_disk_leaves_the_file_whole_and_no_temporary_file: {why}");
            return;
        }
    };
    let full = disk.dir.path();
    let original = "Dombas  is far. ".repeat(2500).into_bytes();
    write(full, "doc.txt", &original);
    let mut filler = std::fs::File::create(full.join("filler")).unwrap();
    while filler.write_all(&[0; 4096]).is_ok() {}
    drop(filler);
    let dir = folder();
    let doc = full.join("doc.txt");
    let run = run(transclean(
        dir.path(),
        &["clean", "--write", doc.to_str().unwrap(), "good.txt"],
    ));
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "error: {}: cannot write: No space left on device (os error 28)\n  \
             hint: free some space and run again; the file was left as it was\n\
             1 of 2 files changed (1 change); 1 failed\n",
            doc.display()
        )
    );
    assert_eq!(std::fs::read(&doc).unwrap(), original);
    assert_eq!(
        std::fs::read_dir(full).unwrap().count(),
        2,
        "no temporary file left"
    );
    assert_eq!(read(dir.path(), "good.txt"), GOOD_CLEANED);
}

#[test]
fn a_full_stdout_is_an_error() {
    let dir = folder();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let output = transclean(dir.path(), &["clean", "good.txt"])
        .stdout(full)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: cannot write to stdout: No space left on device (os error 28)\n"
    );
}

// ---- pipes -----------------------------------------------------------------------------------

#[test]
fn stdin_closed_early_cleans_what_came() {
    let dir = folder();
    let mut child = transclean(dir.path(), &["clean"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"Half a  sen").unwrap();
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(output.stdout, b"Half a sen\n");
    assert!(output.stderr.is_empty());
    // No stdin at all (`<&-`): read as empty, not an error.
    let closed = Command::new("sh")
        .arg("-c")
        .arg(format!("exec '{BIN}' --no-config clean <&-"))
        .output()
        .unwrap();
    assert_eq!(
        (
            closed.status.code(),
            closed.stdout.as_slice(),
            closed.stderr.as_slice()
        ),
        (Some(0), &b""[..], &b""[..])
    );
}

#[test]
fn a_reader_that_leaves_early_ends_the_run_quietly() {
    // `transclean clean big.txt good.txt | head -2`: exit 0, nothing on stderr, no panic.
    let dir = folder();
    let lines = "Dialogue  is always good. It is always in demand.\n".repeat(100_000);
    write(dir.path(), "big.txt", lines.as_bytes());
    let output = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "'{BIN}' --no-config clean big.txt good.txt | head -2; echo \"status ${{PIPESTATUS[0]}}\""
        ))
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "==> big.txt <==\nDialogue is always good. It is always in demand.\nstatus 0\n"
    );
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}
