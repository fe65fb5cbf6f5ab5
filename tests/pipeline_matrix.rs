//! Every sink on every adapter: plain text, subtitles (cleaned in place), JSON Lines, and
//! compressed inputs. Whatever the output, the changes must agree: the count `check` gives is
//! the count of explained changes, of the JSON report and of `clean`'s summary, and what `clean`
//! prints, writes in place and writes to an out folder is the same text (a diff of a document
//! applies to give it too).

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Output};

const TEXT: &str = "Putin in  Dombas now.\nThe  situation in Dombas.\n";
const SRT: &str = "1\n00:00:01,000 --> 00:00:02,000\nPutin in  Dombas\n\n2\n00:00:02,100 --> 00:00:03,000\nThe  situation in Dombas.\n";
const HTML: &str = "<!DOCTYPE html>\n<html><body><p>Putin in  Dombas now.</p>\n<p>The  situation in Dombas.</p></body></html>\n";
const JSONL: &str = "{\"id\": 1, \"text\": \"Putin in  Dombas now.\"}\n{\"id\": 2, \"text\": \"Clean.\"}\n{\"id\": 3, \"text\": \"The  situation in Dombas.\"}\n";

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_transclean"))
        .args(["--no-config", "--color", "never"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// The content of a file as text, decompressed if its name says it is compressed.
fn content(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let name = path.to_string_lossy();
    let bytes = if name.ends_with(".gz") {
        gunzip(&bytes)
    } else if name.ends_with(".zst") {
        zstd::decode_all(&bytes[..]).unwrap()
    } else {
        bytes
    };
    String::from_utf8(bytes).unwrap()
}

/// The `N changes` of a summary line such as `1 of 1 file would change (4 changes)`.
fn summary_changes(text: &str) -> usize {
    let line = text
        .lines()
        .find(|l| l.contains(" of ") && l.contains(" file"))
        .unwrap_or_else(|| panic!("no summary in {text:?}"));
    let inside = line.rsplit_once('(').unwrap().1;
    inside.split_whitespace().next().unwrap().parse().unwrap()
}

/// One adapter's case: a file name, its bytes, whether its diff is of the file itself, and
/// whether it can be written back in place (an HTML page's text cannot: it would lose its
/// markup).
struct Case {
    name: &'static str,
    bytes: Vec<u8>,
    applies: bool,
    in_place: bool,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "page.html",
            bytes: HTML.into(),
            applies: false,
            in_place: false,
        },
        Case {
            name: "talk.txt",
            bytes: TEXT.into(),
            applies: true,
            in_place: true,
        },
        Case {
            name: "talk.srt",
            bytes: SRT.into(),
            applies: true,
            in_place: true,
        },
        Case {
            name: "data.jsonl",
            bytes: JSONL.into(),
            applies: false,
            in_place: true,
        },
        Case {
            name: "talk.txt.gz",
            bytes: gzip(TEXT.as_bytes()),
            applies: false,
            in_place: true,
        },
        Case {
            name: "data.jsonl.zst",
            bytes: zstd::encode_all(JSONL.as_bytes(), 0).unwrap(),
            applies: false,
            in_place: true,
        },
    ]
}

#[test]
fn every_sink_agrees_on_every_adapter() {
    for case in cases() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(case.name);
        std::fs::write(&file, &case.bytes).unwrap();
        let name = case.name;

        // check: the count every other sink must agree with.
        let check = run(dir.path(), &["check", name]);
        assert_eq!(check.status.code(), Some(1), "{name}: {check:?}");
        let changes = summary_changes(&stdout(&check));
        assert!(changes >= 2, "{name}: {changes} changes");

        let explain = stdout(&run(dir.path(), &["diff", "--explain", name]));
        let explained = explain.lines().filter(|l| l.contains(" → ")).count();
        assert_eq!(explained, changes, "{name}: diff --explain\n{explain}");

        let word = stdout(&run(dir.path(), &["diff", "--word", name]));
        assert!(
            word.contains("{+") && word.contains("Donbas"),
            "{name}: diff --word\n{word}"
        );

        let json = stdout(&run(dir.path(), &["check", "--format", "json", name]));
        let report: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(report["totals"]["changes"], changes, "{name}: {json}");
        assert_ne!(
            report["rule_set"]["fingerprint"], "cbf29ce484222325",
            "{name}: the fingerprint of an empty rule set"
        );

        let html = stdout(&run(dir.path(), &["diff", "--format", "html", name]));
        assert!(
            html.contains("Donbas"),
            "{name}: the HTML report shows the change"
        );

        // The text: printed (keeping the format), written to a folder, written in place.
        let printed = run(dir.path(), &["clean", "--keep-format", name]);
        let printed = stdout(&printed);
        let out = run(
            dir.path(),
            &["clean", "--keep-format", "--out", "cleaned", name],
        );
        assert_eq!(out.status.code(), Some(0), "{name}: {out:?}");
        assert_eq!(
            summary_changes(&String::from_utf8_lossy(&out.stderr)),
            changes,
            "{name}: clean --out"
        );
        // An HTML page's text is written under a text name; everything else keeps its name.
        let mut written: Vec<_> = std::fs::read_dir(dir.path().join("cleaned"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(written.len(), 1, "{name}: {written:?}");
        let written = written.pop().unwrap();
        if case.in_place {
            assert_eq!(written.file_name().unwrap(), name);
        }
        let written_out = content(&written);
        assert_eq!(written_out, printed, "{name}: --out and stdout");

        if case.applies {
            // The diff is of the file itself: applied to it, it gives what clean writes.
            let diff = run(dir.path(), &["diff", name]);
            let applied = diffy::apply(
                &content(&file),
                &diffy::Patch::from_str(&stdout(&diff)).unwrap(),
            )
            .unwrap();
            assert_eq!(applied, printed, "{name}: the diff applied");
            std::fs::write(dir.path().join("change.diff"), stdout(&diff)).unwrap();
            let git = Command::new("git")
                .args(["apply", "--check", "change.diff"])
                .current_dir(dir.path())
                .output()
                .unwrap();
            assert!(git.status.success(), "{name}: git apply: {git:?}");
        }

        if !case.in_place {
            let write = run(dir.path(), &["clean", "--keep-format", "--write", name]);
            assert_eq!(write.status.code(), Some(2), "{name}: {write:?}");
            assert_eq!(
                std::fs::read(&file).unwrap(),
                case.bytes,
                "{name}: left alone"
            );
            continue;
        }
        let write = run(dir.path(), &["clean", "--keep-format", "--write", name]);
        assert_eq!(write.status.code(), Some(0), "{name}: {write:?}");
        assert_eq!(content(&file), printed, "{name}: written in place");
        if name.ends_with(".gz") {
            assert_eq!(
                &std::fs::read(&file).unwrap()[..2],
                b"\x1f\x8b",
                "stays gzip"
            );
        }
        let again = run(dir.path(), &["check", name]);
        assert_eq!(again.status.code(), Some(0), "{name}: clean twice = once");
    }
}
