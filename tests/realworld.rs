//! The evaluation set of issue 12: real transcripts in styles the rules were not developed on
//! (`fixtures/realworld/`, sources in its SOURCES.md) and those of `../shared/external/transcripts`.
//! For each: no timestamp is left, cleaning is idempotent, and the changes the built-in rules
//! make equal the reviewed list `NAME.changes` beside it (for the shared ones, under
//! `fixtures/realworld/external/`), one line per change: `rule line: before → after`.
//!
//! Regenerate the lists with `TRANSCLEAN_BLESS=1 cargo test --test realworld`, then read every
//! changed line before committing.

use regex::Regex;
use std::path::{Path, PathBuf};
use transclean::document::{self, FormatOptions};
use transclean::{Engine, Outcome};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The subtitle files of `../shared/external/subtitles` that are real, readable UTF-8 captions
/// (the others are there to test errors and encodings; `sample.sbv` has a cue that ends before
/// it starts).
const SHARED_SUBTITLES: [&str; 3] = [
    "webvtt-py/netflix_chicas_del_cable.vtt",
    "webvtt-py/youtube_dl.vtt",
    "pysrt/utf-8.srt",
];

/// `(input, its reviewed change list)` for every transcript of the set.
fn inputs() -> Vec<(PathBuf, PathBuf)> {
    let own = root().join("fixtures/realworld");
    let mut out: Vec<(PathBuf, PathBuf)> = std::fs::read_dir(&own)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .filter(|p| p.file_name().unwrap() != "SOURCES.md")
        .filter(|p| p.extension().and_then(|e| e.to_str()) != Some("changes"))
        .map(|p| {
            let list = p.with_file_name(format!(
                "{}.changes",
                p.file_name().unwrap().to_string_lossy()
            ));
            (p, list)
        })
        .collect();
    let shared = root().join("../shared/external/transcripts");
    assert!(
        shared.is_dir(),
        "{} is missing: the tests need ../shared beside the repository",
        shared.display()
    );
    for file in SHARED_SUBTITLES {
        let path = root().join("../shared/external/subtitles").join(file);
        let name = file.replace('/', "-");
        out.push((path, own.join("external").join(format!("{name}.changes"))));
    }
    for dir in std::fs::read_dir(&shared).unwrap() {
        let dir = dir.unwrap().path();
        for file in std::fs::read_dir(&dir).unwrap() {
            let file = file.unwrap().path();
            let name = format!(
                "{}-{}.changes",
                dir.file_name().unwrap().to_string_lossy(),
                file.file_name().unwrap().to_string_lossy()
            );
            out.push((file, own.join("external").join(name)));
        }
    }
    out.sort();
    out
}

/// One line per change, with line breaks and tabs written visibly.
fn change_list(outcome: &Outcome) -> String {
    let show = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('\n', "\\n")
            .replace('\r', "\\r")
            .replace('\t', "\\t")
    };
    outcome
        .changes
        .iter()
        .map(|c| {
            format!(
                "{} {}: {} → {}\n",
                c.rule,
                c.line,
                show(&c.before),
                show(&c.after)
            )
        })
        .collect()
}

/// A time left in the text: in brackets or parentheses, after a label, or opening a line.
fn timestamps_left(text: &str) -> Vec<String> {
    let time = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?";
    let patterns = [
        format!(r"\\?\[[^\]\n]*\b{time}\\?\]"),
        format!(r"\(\s*{time}\s*\)"),
        r"(?m)^\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\s".to_string(),
        format!(r"(?m)^[\p{{L}} .'-]{{1,40}}  +{time}\s*$"),
    ];
    patterns
        .iter()
        .flat_map(|p| {
            Regex::new(p)
                .unwrap()
                .find_iter(text)
                .map(|m| m.as_str().to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn real_transcripts_clean_to_their_reviewed_changes() {
    let set = transclean::config::load(&transclean::LoadOptions {
        builtin: true,
        ..Default::default()
    })
    .unwrap();
    let engine = Engine::new(&set);
    let speech = Engine::new(&set.for_speech());
    let bless = std::env::var_os("TRANSCLEAN_BLESS").is_some();
    let inputs = inputs();
    assert!(inputs.len() >= 20, "{} inputs", inputs.len());
    let mut failures = Vec::new();
    for (input, list_path) in inputs {
        let name = input.display().to_string();
        let text = std::fs::read_to_string(&input).unwrap();
        let cleaned = document::clean_with_speech(
            text,
            Path::new(&input),
            &engine,
            &speech,
            &FormatOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        let again = match cleaned.shape {
            document::Shape::Transcript | document::Shape::Subtitles => &speech,
            document::Shape::Text | document::Shape::Html => &engine,
        };
        let outcome = cleaned.outcome;
        let left = timestamps_left(&outcome.cleaned);
        if !left.is_empty() {
            failures.push(format!("{name}: timestamps left: {left:?}"));
        }
        if again.clean(&outcome.cleaned).cleaned != outcome.cleaned {
            failures.push(format!("{name}: cleaning again changes it"));
        }
        let list = change_list(&outcome);
        if bless {
            std::fs::create_dir_all(list_path.parent().unwrap()).unwrap();
            std::fs::write(&list_path, &list).unwrap();
            continue;
        }
        match std::fs::read_to_string(&list_path) {
            Ok(reviewed) if reviewed == list => {}
            Ok(_) => failures.push(format!(
                "{name}: changes differ from {}; bless and review",
                list_path.display()
            )),
            Err(_) => failures.push(format!(
                "{}: missing; bless and review",
                list_path.display()
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
