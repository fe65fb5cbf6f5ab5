//! Killing `clean --write` in the middle of a batch (SIGKILL: no cleanup code runs) leaves every
//! file either untouched or fully cleaned, never half-written; temporary files it leaves behind
//! are removed by the next run, and with `--backup` every cleaned file has its original beside it.

#![cfg(unix)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::LazyLock;
use std::time::{Duration, Instant};
use transclean::{Engine, LoadOptions, config};

/// A tree of this many files, in folders of 100.
const FILES: usize = 1000;

/// Distinct documents made from the corpus, each with what cleaning makes of it.
static BATCH: LazyLock<Vec<(String, String, String)>> = LazyLock::new(|| {
    let engine = Engine::new(
        &config::load(&LoadOptions {
            builtin: true,
            ..Default::default()
        })
        .unwrap(),
    );
    let mut paths: Vec<PathBuf> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    // The start of each document: enough to change in many places, quick to clean.
    let corpus: Vec<String> = paths
        .iter()
        .map(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .chars()
                .take(6000)
                .collect()
        })
        .collect();
    (0..FILES)
        .map(|i| {
            // A different stretch of a corpus document in each file: about 1.5 KB, enough to
            // change in several places, quick to clean in a test build.
            let document = &corpus[i % corpus.len()];
            let start = (i * 97) % (document.len() - 1500);
            let start = (start..).find(|&at| document.is_char_boundary(at)).unwrap();
            let end = (start + 1500..)
                .find(|&at| document.is_char_boundary(at))
                .unwrap();
            let text = format!("Document {i}  \n\n{}", &document[start..end]);
            let cleaned = engine.clean(&text).cleaned;
            assert_ne!(cleaned, text);
            (format!("{:02}/{i:04}.txt", i / 100), text, cleaned)
        })
        .collect()
});

/// Writes the batch into `dir`; returns each file with its original and cleaned text.
fn batch(dir: &Path) -> HashMap<PathBuf, (String, String)> {
    BATCH
        .iter()
        .map(|(name, text, cleaned)| {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, text).unwrap();
            (path, (text.clone(), cleaned.clone()))
        })
        .collect()
}

fn run(dir: &Path, backup: bool) -> std::process::Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_transclean"));
    command.args(["--no-config", "--quiet", "clean", "--write"]);
    if backup {
        command.args(["--backup", ".orig"]);
    }
    command
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Temporary files anywhere in the tree.
fn temp_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy();
        if path.is_dir() {
            found.extend(temp_files(&path));
        } else if name.starts_with(".transclean-") && name.ends_with(".tmp") {
            found.push(path);
        }
    }
    found
}

/// How many files are cleaned; panics on any file that is neither original nor cleaned, and on
/// a cleaned file without its original as backup (when backups are asked for).
fn check(files: &HashMap<PathBuf, (String, String)>, backup: bool) -> usize {
    let mut cleaned = 0;
    for (path, (original, clean)) in files {
        let now = std::fs::read_to_string(path).unwrap();
        if now == *clean {
            cleaned += 1;
            if backup {
                let mut name = path.clone().into_os_string();
                name.push(".orig");
                assert_eq!(
                    std::fs::read_to_string(PathBuf::from(name)).unwrap(),
                    *original,
                    "{}: the backup is not the original",
                    path.display()
                );
            }
        } else {
            assert!(
                now == *original,
                "{}: neither the original nor the cleaned text ({} bytes)",
                path.display(),
                now.len()
            );
        }
    }
    cleaned
}

/// A long-past time the folders of a batch are stamped with, so that the first write into a
/// folder (a temporary file or a rename) shows as a change of its modification time.
const LONG_AGO: Duration = Duration::from_secs(86_400);

/// Stamps every folder of the batch in `dir` as modified [`LONG_AGO`].
fn stamp_folders(dir: &Path) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    for folder in &folders {
        let times = std::fs::FileTimes::new().set_modified(std::time::UNIX_EPOCH + LONG_AGO);
        std::fs::File::open(folder)
            .unwrap()
            .set_times(times)
            .unwrap();
    }
    folders
}

/// How many of `folders` the run has written into so far.
fn folders_written(folders: &[PathBuf]) -> usize {
    folders
        .iter()
        .filter(|f| {
            std::fs::metadata(f).unwrap().modified().unwrap() != std::time::UNIX_EPOCH + LONG_AGO
        })
        .count()
}

/// Kills runs part-way through a batch until `rounds` kills have landed after the first file
/// was written and before the last, checking every file after each kill, then lets the next run
/// finish the tree. Each kill waits for the run to have written into a seeded number of the
/// batch's folders (not for a time), so a slow machine moves the kills with the work; a run that
/// finishes before it is killed proves nothing and is tried again.
fn kill_rounds(backup: bool, rounds: usize) {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let (mut landed, mut tries) = (0, 0);
    let folder_count = FILES / 100;
    while landed < rounds {
        tries += 1;
        assert!(
            tries <= rounds * 4,
            "only {landed} of {tries} kills landed part-way through a batch"
        );
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        // Kill once 1 to 9 of the 10 folders have been written into: one at least is untouched.
        let threshold = 1 + (seed >> 33) as usize % (folder_count - 1);
        let dir = tempfile::tempdir().unwrap();
        let files = batch(dir.path());
        let folders = stamp_folders(dir.path());
        let mut child = run(dir.path(), backup);
        while folders_written(&folders) < threshold && child.try_wait().unwrap().is_none() {
            std::thread::sleep(Duration::from_millis(1));
        }
        // SIGKILL; a run that already ended is not an error here, only a kill that missed.
        let _ = child.kill();
        child.wait().unwrap();
        let cleaned = check(&files, backup);
        if cleaned > 0 && cleaned < FILES {
            landed += 1;
        }

        // The next run finishes the batch and removes what the killed one left.
        assert!(run(dir.path(), backup).wait().unwrap().success());
        assert_eq!(check(&files, backup), FILES, "try {tries}");
        assert_eq!(temp_files(dir.path()), Vec::<PathBuf>::new(), "try {tries}");
    }
}

#[test]
fn a_killed_write_leaves_files_whole() {
    kill_rounds(false, 20);
}

#[test]
fn a_killed_write_with_backups_leaves_files_whole_and_backed_up() {
    kill_rounds(true, 6);
}

#[test]
fn temporary_files_of_a_killed_run_are_removed_by_the_next() {
    // A temporary file as a killed process leaves it (its process id is long gone).
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("doc.txt"), "Putin in Dombas.\n").unwrap();
    let mut child = Command::new("true").spawn().unwrap();
    let gone = child.id();
    child.wait().unwrap();
    let left = dir.path().join(format!(".transclean-{gone}-Ab12Cd.tmp"));
    std::fs::write(&left, "half a docu").unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Path::new("/proc").join(gone.to_string()).exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(run(dir.path(), false).wait().unwrap().success());
    assert!(!left.exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("doc.txt")).unwrap(),
        "Putin in Donbas.\n"
    );
}
