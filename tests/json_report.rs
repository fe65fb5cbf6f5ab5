//! The JSON report of the corpus, through the real command line: it validates against the
//! published schema, it is stable from run to run, and its changes replay both ways.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn transclean(args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_transclean"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("docs/report.schema.json")).unwrap();
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::draft202012::new(&schema).expect("the schema is a valid 2020-12 schema")
}

fn assert_valid(validator: &jsonschema::Validator, report: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(report)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

fn corpus_report() -> Value {
    let (code, stdout, stderr) = transclean(&["--no-config", "diff", "--format", "json", "corpus"]);
    assert_eq!(code, Some(0), "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

/// The changes of one file, as the report lists them.
fn changes_of<'a>(report: &'a Value, path: &str) -> Vec<&'a Value> {
    report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["file"] == path)
        .collect()
}

fn splice(text: &mut String, at: usize, from: &str, to: &str) {
    assert_eq!(&text[at..at + from.len()], from, "at byte {at}");
    text.replace_range(at..at + from.len(), to);
}

#[test]
fn the_corpus_report_validates_against_the_schema() {
    let report = corpus_report();
    assert_valid(&schema(), &report);
    assert_eq!(report["totals"]["files"], 5);
    assert_eq!(
        report["totals"]["changes"].as_u64().unwrap() as usize,
        report["changes"].as_array().unwrap().len()
    );
}

#[test]
fn the_schema_rejects_what_it_should() {
    let validator = schema();
    let mut report = corpus_report();
    report["changes"][0]["line"] = Value::from(0);
    assert!(!validator.is_valid(&report), "line 0");
    let mut report = corpus_report();
    report["changes"][0]
        .as_object_mut()
        .unwrap()
        .insert("extra".into(), Value::from(1));
    assert!(!validator.is_valid(&report), "an undocumented field");
    let mut report = corpus_report();
    report["version"] = Value::from(transclean::diff::json::VERSION + 1);
    assert!(!validator.is_valid(&report), "another version");
}

#[test]
fn changes_undone_in_reverse_restore_the_original_exactly() {
    let report = corpus_report();
    for file in report["files"].as_array().unwrap() {
        let path = file["path"].as_str().unwrap();
        let original = std::fs::read_to_string(root().join(path)).unwrap();
        let (_, cleaned, _) = transclean(&["--no-config", "clean", path]);
        let changes = changes_of(&report, path);
        assert_eq!(file["changes"].as_u64().unwrap() as usize, changes.len());

        let mut text = cleaned.clone();
        for change in changes.iter().rev() {
            let at = change["replay_at"].as_u64().unwrap() as usize;
            let (before, after) = (
                change["before"].as_str().unwrap(),
                change["after"].as_str().unwrap(),
            );
            splice(&mut text, at, after, before);
        }
        assert!(
            text == original,
            "{path}: undoing the report does not give the original"
        );

        let mut text = original.clone();
        for change in &changes {
            let at = change["replay_at"].as_u64().unwrap() as usize;
            let (before, after) = (
                change["before"].as_str().unwrap(),
                change["after"].as_str().unwrap(),
            );
            splice(&mut text, at, before, after);
        }
        assert!(
            text == cleaned,
            "{path}: replaying the report does not give the cleaned text"
        );
    }
}

#[test]
fn positions_point_into_the_original() {
    let report = corpus_report();
    for change in report["changes"].as_array().unwrap() {
        let path = change["file"].as_str().unwrap();
        let original = std::fs::read_to_string(root().join(path)).unwrap();
        let start = change["range"]["start"].as_u64().unwrap() as usize;
        let end = change["range"]["end"].as_u64().unwrap() as usize;
        assert!(start <= end && end <= original.len());
        let line = original[..start].matches('\n').count() + 1;
        let column = original[..start]
            .rsplit('\n')
            .next()
            .unwrap()
            .chars()
            .count()
            + 1;
        assert_eq!(change["line"].as_u64().unwrap() as usize, line);
        assert_eq!(change["column"].as_u64().unwrap() as usize, column);
        // A change the first stage made sees the original itself.
        if change["stage"] == "unicode" {
            assert_eq!(&original[start..end], change["before"].as_str().unwrap());
        }
    }
}

#[test]
fn two_runs_give_the_same_report() {
    let (_, first, _) = transclean(&["--no-config", "diff", "--format", "json", "corpus"]);
    let (_, second, _) = transclean(&["--no-config", "diff", "--format", "json", "corpus/"]);
    let normalise = |s: &str| s.replace("corpus//", "corpus/");
    assert_eq!(normalise(&first), normalise(&second));
}

#[test]
fn check_writes_the_same_report_and_exits_1_on_changes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nested/report.json");
    let (code, stdout, stderr) = transclean(&[
        "--no-config",
        "check",
        "--format",
        "json",
        "-o",
        out.to_str().unwrap(),
        "corpus",
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("report.json"), "{stderr}");
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_valid(&schema(), &report);
    assert_eq!(report["command"], "check");
    let diff = corpus_report();
    assert_eq!(report["changes"], diff["changes"]);
    assert_eq!(report["rule_set"], diff["rule_set"]);
}

#[test]
fn failed_and_clean_files_are_reported_too() {
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean.txt");
    std::fs::write(&clean, "Nothing to do here.\n").unwrap();
    let missing = dir.path().join("missing.txt");
    let (code, stdout, stderr) = transclean(&[
        "--no-config",
        "check",
        "--format",
        "json",
        clean.to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_valid(&schema(), &report);
    let files = report["files"].as_array().unwrap();
    assert_eq!(files[0]["status"], "unchanged");
    assert_eq!(files[1]["status"], "error");
    assert_eq!(Path::new(files[1]["path"].as_str().unwrap()), missing);
    assert!(
        files[1]["message"]
            .as_str()
            .unwrap()
            .contains("missing.txt")
    );
    assert_eq!(report["totals"]["errors"], 1);
}
