//! `rules lint` on the deliberately broken rule files of `fixtures/lint/` (each triggers the
//! finding its name says, at the line of the rule at fault) and on the built-in rules (none).

use std::path::PathBuf;
use transclean::lint::{self, Code};
use transclean::{LoadOptions, config};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/lint")
        .join(name)
}

/// The (line, code) of every finding on one fixture file linted on its own.
fn findings(name: &str) -> Vec<(usize, Code)> {
    lint::lint_files(&[fixture(name)])
        .into_iter()
        .map(|f| (f.line, f.code))
        .collect()
}

#[test]
fn each_broken_file_triggers_its_finding() {
    // Lines are those of the `[[rule]]` header at fault (or of the bad key), read off the files.
    assert_eq!(findings("duplicate-id.toml"), [(9, Code::DuplicateId)]);
    assert_eq!(
        findings("no-positive-match.toml"),
        [(2, Code::NoPositiveMatch)]
    );
    assert_eq!(
        findings("negative-changes.toml"),
        [(2, Code::NegativeChanges)]
    );
    assert_eq!(findings("rematch-self.toml"), [(2, Code::Rematch)]);
    assert_eq!(findings("rematch-other.toml"), [(2, Code::Rematch)]);
    assert_eq!(
        findings("shadowed.toml"),
        [(9, Code::Shadowed), (21, Code::Shadowed)]
    );
    assert_eq!(findings("conflict.toml"), [(8, Code::Conflict)]);
    assert_eq!(findings("unknown-key.toml"), [(5, Code::Invalid)]);
    assert_eq!(
        findings("guard-never.toml"),
        [(2, Code::GuardNever), (9, Code::GuardNever)]
    );
}

#[test]
fn findings_say_where_and_what_to_do() {
    let all = lint::lint_files(&[fixture("unknown-key.toml")]);
    let text = all[0].to_string();
    assert!(
        text.ends_with(
            "unknown-key.toml:5: invalid: unknown key `fnd`\n  hint: did you mean `find`?"
        ),
        "{text}"
    );
    let all = lint::lint_files(&[fixture("rematch-other.toml")]);
    assert!(
        all[0].message.contains("changed again by rule `donbass`"),
        "{}",
        all[0]
    );
}

#[test]
fn an_id_in_two_linted_files_is_a_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.toml");
    std::fs::copy(fixture("conflict.toml"), &copy).unwrap();
    let all = lint::lint_files(&[fixture("conflict.toml"), copy]);
    let duplicates: Vec<_> = all
        .iter()
        .filter(|f| f.code == Code::DuplicateId)
        .map(|f| (f.file.ends_with("copy.toml"), f.line))
        .collect();
    // Both ids of the copy (lines 2 and 8) are defined in conflict.toml first.
    assert_eq!(duplicates, [(true, 2), (true, 8)], "{all:?}");
}

#[test]
fn every_builtin_rule_file_passes_lint() {
    let builtin = config::load(&LoadOptions {
        builtin: true,
        ..Default::default()
    })
    .unwrap();
    let findings = lint::lint_set(&builtin);
    assert!(findings.is_empty(), "{findings:#?}");
    for (name, _) in transclean::builtin::FILES {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(name);
        let findings = lint::lint_files(&[path]);
        assert!(findings.is_empty(), "{name}: {findings:#?}");
    }
}
