//! The review renderers on the bundled corpus: every change is explained once, under a hunk that
//! names its rule.

use std::path::PathBuf;
use transclean::Engine;
use transclean::diff::{Palette, explain, unified, word};

fn corpus() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut docs: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    docs.sort();
    assert_eq!(docs.len(), 5);
    docs
}

#[test]
fn explain_lists_every_change_once_under_a_hunk_naming_its_rule() {
    let engine = Engine::builtin().unwrap();
    let plain = Palette::new(false);
    for (name, text) in corpus() {
        let outcome = engine.clean(&text);
        let rendered = unified::render_explained(&name, &text, &outcome, false, true);
        let mut expected: Vec<String> = outcome
            .changes
            .iter()
            .map(|c| explain::change_line(c, &plain))
            .collect();
        let mut listed = Vec::new();
        let mut hunk_rules = String::new();
        for line in rendered.lines().skip(2) {
            if let Some(header) = line.strip_prefix("@@") {
                hunk_rules = header.split_once("@@").unwrap().1.to_string();
            } else if !line.starts_with([' ', '+', '-', '\\']) {
                let rule = line.split(' ').nth(1).unwrap();
                assert!(
                    hunk_rules.split(", ").any(|r| r.trim() == rule),
                    "{name}: `{line}` under a hunk for{hunk_rules}"
                );
                listed.push(line.to_string());
            }
        }
        assert_eq!(listed.len(), outcome.changes.len(), "{name}");
        listed.sort();
        expected.sort();
        assert_eq!(listed, expected, "{name}");
    }
}

#[test]
fn without_explain_the_diff_is_unchanged() {
    let engine = Engine::builtin().unwrap();
    for (name, text) in corpus() {
        let outcome = engine.clean(&text);
        assert_eq!(
            unified::render_explained(&name, &text, &outcome, false, false),
            unified::render(&name, &text, &outcome, false)
        );
    }
}

#[test]
fn word_diff_covers_both_texts_and_names_every_rule() {
    let engine = Engine::builtin().unwrap();
    for (name, text) in corpus() {
        let outcome = engine.clean(&text);
        let pieces = word::pieces(&text, &outcome.cleaned);
        let old: String = pieces
            .iter()
            .filter(|p| p.tag != word::Tag::Insert)
            .map(|p| &text[p.old.clone()])
            .collect();
        let new: String = pieces
            .iter()
            .filter(|p| p.tag != word::Tag::Delete)
            .map(|p| &outcome.cleaned[p.new.clone()])
            .collect();
        assert_eq!(old, text, "{name}");
        assert_eq!(new, outcome.cleaned, "{name}");

        let rendered = word::render(&name, &text, &outcome, false, true);
        let headers: Vec<&str> = rendered.lines().filter(|l| l.starts_with("@@")).collect();
        for change in &outcome.changes {
            assert!(
                headers.iter().any(|h| h
                    .rsplit("@@")
                    .next()
                    .unwrap()
                    .split(", ")
                    .any(|r| r.trim() == &*change.rule)),
                "{name}: no hunk names {}",
                change.rule
            );
        }
        let plain = Palette::new(false);
        let explained = rendered
            .lines()
            .filter(|l| {
                outcome
                    .changes
                    .iter()
                    .any(|c| explain::change_line(c, &plain) == *l)
            })
            .count();
        assert_eq!(explained, outcome.changes.len(), "{name}");
    }
}

mod replay_property {
    use proptest::prelude::*;
    use std::sync::LazyLock;
    use transclean::{Engine, LoadOptions, config, replay};

    static ENGINE: LazyLock<Engine> = LazyLock::new(|| {
        Engine::new(
            &config::load(&LoadOptions {
                builtin: true,
                ..Default::default()
            })
            .unwrap(),
        )
    });

    /// Pieces that make several stages and pipeline runs change the same stretch of text.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("Putin: (00:41)\n".to_string()),
            Just("[inaudible 00:16:09] ".to_string()),
            Just("Dombas ".to_string()),
            Just("Neustadt\u{a0}Treaty ".to_string()),
            Just("the the ".to_string()),
            Just("Listen Live\n".to_string()),
            Just("\u{a0}".to_string()),
            Just("\u{200b}".to_string()),
            Just("e\u{301}".to_string()),
            Just("  ".to_string()),
            Just("\n\n\n".to_string()),
            Just("\r\n".to_string()),
            Just("Sputnik\n".to_string()),
            Just("A repeated paragraph with enough words to count as one.\n\n".to_string()),
            "[a-zA-Z]{1,8} ",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn recorded_changes_replay_both_ways(pieces in prop::collection::vec(piece(), 0..30)) {
            let original: String = pieces.concat();
            let outcome = ENGINE.clean(&original);
            prop_assert_eq!(replay::forward(&original, &outcome.changes).unwrap(), outcome.cleaned.clone());
            prop_assert_eq!(replay::backward(&outcome.cleaned, &outcome.changes).unwrap(), original);
        }
    }
}
