//! The engine's byte-identity safety net: what it makes of a fixed set of texts, hashed.
//!
//! Every text of a small seeded generated corpus (`benches/gen_corpus.py`, one document per file
//! and all of them joined into one file as its `file` mode does), of `corpus/`, of the input
//! texts under `fixtures/` and of `../shared/external/transcripts` is cleaned with the built-in
//! rules, once as `clean` does (unsafe rules only propose) and once with unsafe fixes. For each,
//! the manifest `tests/engine_identity.sha256` holds the SHA-256 of the cleaned text and of
//! everything a JSON report shows of the run: every change (rule, source, stage, safety, range,
//! line, column, before, after, replay position), every suggestion, the runaway verdict, and the
//! per-rule counts of the counting path that `clean` and `--write` use. Any byte of output or any
//! field of any change that differs fails the test.
//!
//! The manifest was made by the engine of main at 05d08cf, before the engine was rewritten for
//! speed (issue 15): a faster engine must give the same bytes. When a rule changes on purpose,
//! regenerate it with
//!
//! ```sh
//! TRANSCLEAN_BLESS=1 cargo test --test engine_identity
//! ```
//!
//! and say in the commit message which texts changed and why (the golden files show how).

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use transclean_core::config::{self, LoadOptions, NoFiles};
use transclean_core::{Engine, Outcome};

/// How many generated documents (about 12 KB each): enough for every rule to fire, quick in a
/// debug build.
const GENERATED_DOCUMENTS: usize = 30;

const MANIFEST: &str = "tests/engine_identity.sha256";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn engine(unsafe_fixes: bool) -> Engine {
    let options = LoadOptions {
        builtin: true,
        unsafe_fixes,
        ..Default::default()
    };
    Engine::new(&config::load(&options, &NoFiles).expect("built-in rules load"))
}

/// The generated documents, named by their place in the tree, and the same joined into one file.
fn generated() -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("python3")
        .arg(root().join("benches/gen_corpus.py"))
        .args(["tree".as_ref(), dir.path().as_os_str(), "0".as_ref()])
        .arg(GENERATED_DOCUMENTS.to_string())
        .status()
        .expect("this test runs python3 benches/gen_corpus.py: install python3");
    assert!(status.success(), "gen_corpus.py failed");
    let mut texts = texts_under(dir.path(), "generated", &["txt"]);
    // The tree's documents are the first ones `gen_corpus.py file` writes, in the same order
    // (same seed), each followed by a blank line.
    let by_number: BTreeMap<&str, &str> = texts
        .iter()
        .map(|(name, text)| (&name[name.rfind('/').unwrap()..], text.as_str()))
        .collect();
    let joined: String = by_number.values().map(|doc| format!("{doc}\n")).collect();
    texts.push(("generated/joined.txt".into(), joined));
    texts
}

/// The texts of the files under `dir` with one of `extensions`, named `label/relative/path`.
fn texts_under(dir: &Path, label: &str, extensions: &[&str]) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|e| extensions.iter().any(|x| e == *x))
            {
                let relative = path.strip_prefix(dir).unwrap().to_string_lossy();
                let name = format!("{label}/{}", relative.replace('\\', "/"));
                let bytes = std::fs::read(&path).unwrap();
                found.push((name, String::from_utf8_lossy(&bytes).into_owned()));
            }
        }
    }
    found.sort();
    found
}

fn all_texts() -> Vec<(String, String)> {
    let external = root().join("../shared/external/transcripts");
    assert!(
        external.is_dir(),
        "{} is missing: the tests need ../shared beside the repository",
        external.display()
    );
    let mut texts = generated();
    texts.extend(texts_under(&root().join("corpus"), "corpus", &["txt"]));
    // The inputs of the fixtures; fixtures/corpus holds the goldens of corpus/ (outputs).
    let inputs = ["txt", "md", "srt", "vtt", "html"];
    texts.extend(
        texts_under(&root().join("fixtures"), "fixtures", &inputs)
            .into_iter()
            .filter(|(name, _)| !name.starts_with("fixtures/corpus/")),
    );
    texts.extend(texts_under(&external, "external", &["md", "txt"]));
    texts
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The manifest line of one text cleaned by one engine.
fn fingerprint(engine: &Engine, set: &str, name: &str, text: &str) -> String {
    let outcome: Outcome = engine.clean(text);
    let summary = engine.clean_counting(text);
    assert_eq!(
        summary.cleaned, outcome.cleaned,
        "{set}:{name}: counting and recording clean alike"
    );
    let record = serde_json::json!({
        "changes": outcome.changes,
        "suggestions": outcome.suggestions,
        "runaway": format!("{:?}", outcome.runaway),
        "counts": summary.counts,
        "suggested": summary.suggested,
        "counting_runaway": format!("{:?}", summary.runaway),
    });
    let record = serde_json::to_vec(&record).unwrap();
    format!(
        "{} {} {set}:{name}",
        sha256(outcome.cleaned.as_bytes()),
        sha256(&record)
    )
}

#[test]
fn the_engine_gives_the_same_bytes_and_changes_as_the_manifest() {
    let texts = all_texts();
    let mut lines = Vec::new();
    for (set, unsafe_fixes) in [("builtin", false), ("builtin+unsafe", true)] {
        let engine = engine(unsafe_fixes);
        for (name, text) in &texts {
            lines.push(fingerprint(&engine, set, name, text));
        }
    }
    let actual = format!(
        "# sha256(cleaned) sha256(changes, suggestions, counts) rules:text; regenerate with\n\
         # TRANSCLEAN_BLESS=1 cargo test --test engine_identity (see the test's doc)\n{}\n",
        lines.join("\n")
    );
    let path = root().join(MANIFEST);
    if std::env::var_os("TRANSCLEAN_BLESS").is_some() {
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing; bless it (see the test's doc)",
            path.display()
        )
    });
    let expected: Vec<&str> = expected.lines().filter(|l| !l.starts_with('#')).collect();
    let missing: Vec<&&str> = (expected.iter())
        .filter(|l| !lines.iter().any(|x| x == **l))
        .collect();
    let new: Vec<&String> = lines
        .iter()
        .filter(|l| !expected.contains(&l.as_str()))
        .collect();
    assert!(
        missing.is_empty() && new.is_empty(),
        "the engine's output differs from {MANIFEST}:\nexpected, not produced:\n{}\nproduced, \
         not expected:\n{}\n(first field: the cleaned text; second: the changes; bless only if \
         the change is intended)",
        missing
            .iter()
            .map(|l| format!("  {l}"))
            .collect::<Vec<_>>()
            .join("\n"),
        new.iter()
            .map(|l| format!("  {l}"))
            .collect::<Vec<_>>()
            .join("\n"),
    );
}
