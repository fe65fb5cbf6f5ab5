//! Golden files for the bundled corpus, the per-kind fixtures, and the promises the built-in rules
//! make: the diff applies with `git apply`, cleaning is idempotent, every example passes, and
//! subject-specific corrections stay on their subject.
//!
//! Regenerate the corpus goldens with `TRANSCLEAN_BLESS=1 cargo test --test golden`, then read
//! every changed line of `fixtures/corpus/` before committing.

use std::path::{Path, PathBuf};
use std::process::Command;
use transclean::{Engine, LoadOptions, RuleSet, config, diff, examples};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn builtin() -> RuleSet {
    config::load(&LoadOptions {
        builtin: true,
        ..Default::default()
    })
    .expect("built-in rules load")
}

fn corpus() -> Vec<(String, String)> {
    let mut docs: Vec<(String, String)> = std::fs::read_dir(root().join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    docs.sort();
    assert_eq!(
        docs.len(),
        5,
        "the corpus holds the five documents of ../shared/corpus"
    );
    docs
}

fn check_golden(path: &Path, actual: &str) {
    if std::env::var_os("TRANSCLEAN_BLESS").is_some() {
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path)
        .unwrap_or_else(|_| panic!("{} is missing; bless it and review it", path.display()));
    assert!(
        expected == actual,
        "{} differs from the engine's output; if the change is intended, bless and review it",
        path.display()
    );
}

#[test]
fn corpus_matches_the_reviewed_golden_files() {
    let engine = Engine::new(&builtin());
    for (name, text) in corpus() {
        let outcome = engine.clean(&text);
        let stem = name.trim_end_matches(".txt");
        let golden = root().join("fixtures/corpus");
        check_golden(
            &golden.join(format!("{stem}.cleaned.txt")),
            &outcome.cleaned,
        );
        let patch = diff::unified::render(format!("corpus/{name}"), &text, &outcome, false);
        check_golden(&golden.join(format!("{stem}.diff")), &patch);
    }
}

#[test]
fn every_hunk_names_its_rules_and_every_change_has_provenance() {
    let engine = Engine::new(&builtin());
    for (name, text) in corpus() {
        let outcome = engine.clean(&text);
        let patch = diff::unified::render(&name, &text, &outcome, false);
        for header in patch.lines().filter(|l| l.starts_with("@@")) {
            let rules = header.splitn(3, "@@").nth(2).unwrap_or_default().trim();
            assert!(!rules.is_empty(), "{name}: hunk without rules: {header}");
        }
        for change in &outcome.changes {
            assert!(change.line >= 1 && change.column >= 1);
            assert!(change.range.end <= text.len());
            assert!(!change.rule.is_empty() && change.source.contains(".toml:"));
        }
    }
}

#[test]
fn corpus_diffs_apply_with_git_apply() {
    let engine = Engine::new(&builtin());
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("corpus")).unwrap();
    for (name, text) in corpus() {
        let outcome = engine.clean(&text);
        let target = dir.path().join("corpus").join(&name);
        std::fs::write(&target, &text).unwrap();
        let patch = diff::unified::render(format!("corpus/{name}"), &text, &outcome, false);
        let patch_path = dir.path().join(format!("{name}.diff"));
        std::fs::write(&patch_path, patch).unwrap();
        let status = Command::new("git")
            .args(["apply", "--unsafe-paths", "--whitespace=nowarn"])
            .arg(&patch_path)
            .current_dir(dir.path())
            .status()
            .expect("git is installed");
        assert!(status.success(), "git apply failed for {name}");
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            outcome.cleaned,
            "{name}"
        );
    }
}

#[test]
fn cleaning_is_idempotent_on_corpus_and_fixtures() {
    let engine = Engine::new(&builtin());
    let mut texts: Vec<String> = corpus().into_iter().map(|(_, t)| t).collect();
    for entry in std::fs::read_dir(root().join("fixtures/kinds")).unwrap() {
        let path = entry.unwrap().path();
        if path.to_string_lossy().ends_with(".input.txt") {
            texts.push(std::fs::read_to_string(path).unwrap());
        }
    }
    for text in texts {
        let once = engine.clean(&text).cleaned;
        let twice = engine.clean(&once);
        assert_eq!(twice.cleaned, once);
        assert!(
            twice.changes.is_empty(),
            "second run changed: {:?}",
            twice.changes
        );
    }
}

#[test]
fn the_cleaned_corpus_has_none_of_the_listed_defects() {
    let engine = Engine::new(&builtin());
    let timestamp = regex::Regex::new(r"\(\d{1,2}:\d{2}(:\d{2})?\)|\d{2}:\d{2}:\d{2}").unwrap();
    let defects = [
        "\u{a0}",
        "Neustadt Treaty",
        "star treaty",
        "Dombas",
        "ADM Treaty",
        "Russian confederation",
        "Radio Freedom Europe",
        "Finish team",
        "Alexie Navalny",
        "Unites States",
        "oanly",
        "original conflicts",
        "Oliver stone",
        "of of",
        "Published at www.rev.com",
        "Read the transcript of",
        "Listen Live",
        "Get short URL",
        "READ MORE",
        "Community standards",
        "Comment via Facebook",
        "Subscribe to EIR",
        "© Sputnik",
        "GMT +3",
    ];
    for (name, text) in corpus() {
        let cleaned = engine.clean(&text).cleaned;
        assert!(!timestamp.is_match(&cleaned), "{name} keeps a timestamp");
        for defect in defects {
            assert!(
                !cleaned.contains(defect),
                "{name} still contains {defect:?}"
            );
        }
        assert!(cleaned.ends_with('\n') && !cleaned.ends_with("\n\n"));
    }
}

#[test]
fn neustadt_outside_a_treaty_context_is_untouched() {
    let engine = Engine::new(&builtin());
    let text = "Putin visited the old town of Neustadt in Russia.\n";
    assert_eq!(engine.clean(text).cleaned, text);
}

#[test]
fn subject_corrections_do_not_touch_other_subjects() {
    let engine = Engine::new(&builtin());
    let podcast = "Host: The Finish team shipped the release.\n\nGuest: We resolved the original conflicts between strategic stability branches. It was Dombas all over.\n";
    let outcome = engine.clean(podcast);
    assert_eq!(outcome.cleaned, podcast, "{:?}", outcome.changes);
    // The same sentences in a document about Russia are corrected.
    let russia = podcast.replace("Host:", "Putin:");
    let cleaned = engine.clean(&russia).cleaned;
    assert!(cleaned.contains("Finnish team") && cleaned.contains("Donbas"));
}

#[test]
fn every_rule_example_passes() {
    let set = builtin();
    let (run, failures) = examples::check(&set);
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(
        run >= 2 * set.rules.len(),
        "every rule has a positive and a negative example"
    );
    for rule in &set.rules {
        let negative = rule.examples.iter().any(|e| e.input == e.output);
        let positive = rule.examples.iter().any(|e| e.input != e.output);
        assert!(positive, "{} has no positive example", rule.id);
        // Whole-document kinds show their negative case as already-clean text.
        assert!(
            negative || rule.examples.len() > 1,
            "{} has no negative example",
            rule.id
        );
    }
}

/// Each kind has a fixture: a rule file holding one rule of that kind, an input, and the output
/// written by hand (not generated).
#[test]
fn per_kind_fixtures() {
    let dir = root().join("fixtures/kinds");
    for kind in transclean::rules::KINDS {
        let name = kind.name;
        let read = |suffix: &str| {
            std::fs::read_to_string(dir.join(format!("{name}{suffix}")))
                .unwrap_or_else(|_| panic!("fixtures/kinds/{name}{suffix} is missing"))
        };
        let set = config::load_text(&format!("{name}.toml"), &read(".toml")).unwrap();
        assert!(set.rules.iter().all(|r| r.kind.name == name));
        let outcome = Engine::new(&set).clean(&read(".input.txt"));
        assert_eq!(
            outcome.cleaned,
            read(".expected.txt"),
            "fixture of kind {name}"
        );
    }
}

/// Real transcripts from other sources (`../shared/external/`, beside the repository in CI):
/// cleaning settles in one run, keeps YAML front matter as it is, and no subject-specific or
/// site-specific rule fires on documents of other subjects and sites.
#[test]
fn external_transcripts_settle_and_keep_their_front_matter() {
    let dir = root().join("../shared/external/transcripts");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|_| {
            panic!(
                "{} is missing: the tests need ../shared beside the repository",
                dir.display()
            )
        })
        .flat_map(|d| std::fs::read_dir(d.unwrap().path()).unwrap())
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 5);
    let set = builtin();
    let engine = Engine::new(&set);
    let generic: Vec<&str> = set
        .rules
        .iter()
        .filter(|r| set.files[r.file].applies_when.is_none())
        .map(|r| r.id.as_str())
        .collect();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let once = engine.clean(&text);
        assert_eq!(
            engine.clean(&once.cleaned).cleaned,
            once.cleaned,
            "{}",
            path.display()
        );
        for change in &once.changes {
            assert!(
                generic.contains(&&*change.rule),
                "{}: {} fired",
                path.display(),
                change.rule
            );
        }
        if let Some(rest) = text.strip_prefix("---\n") {
            let end = rest.find("\n---\n").expect("front matter closes") + 9;
            assert_eq!(&once.cleaned[..end], &text[..end], "{}", path.display());
        }
    }
}

/// Each label style has a small transcript and its expected output, written by hand.
#[test]
fn label_style_fixtures() {
    let engine = Engine::new(&builtin());
    let dir = root().join("fixtures/transcripts");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(stem) = name
            .split_once(".input.")
            .map(|(stem, ext)| (stem.to_string(), ext.to_string()))
        else {
            continue;
        };
        let expected =
            std::fs::read_to_string(dir.join(format!("{}.expected.{}", stem.0, stem.1))).unwrap();
        let cleaned = engine
            .clean(&std::fs::read_to_string(&path).unwrap())
            .cleaned;
        assert_eq!(cleaned, expected, "fixtures/transcripts/{name}");
        seen += 1;
    }
    assert!(
        seen >= 6,
        "rev, otter, markdown, Q/A, broadcast and timed-header fixtures"
    );
}

#[test]
fn news_articles_get_no_speaker_changes_and_dash_turns_stay() {
    let engine = Engine::new(&builtin());
    for (name, text) in corpus() {
        let outcome = engine.clean(&text);
        let speaker_changes = outcome
            .changes
            .iter()
            .filter(|c| &*c.rule == "speakers")
            .count();
        if name.starts_with("003") {
            assert!(speaker_changes > 100);
        } else {
            assert_eq!(
                speaker_changes,
                0,
                "{name}: {:?}",
                outcome
                    .changes
                    .iter()
                    .filter(|c| &*c.rule == "speakers")
                    .collect::<Vec<_>>()
            );
        }
        if name.starts_with("000") {
            assert_eq!(
                outcome
                    .cleaned
                    .lines()
                    .filter(|l| l.starts_with("- "))
                    .count(),
                3
            );
        }
    }
}

#[test]
fn the_rev_transcript_comes_out_as_merged_turns_in_one_style() {
    let (_, text) = corpus()
        .into_iter()
        .find(|(n, _)| n.starts_with("003"))
        .unwrap();
    let cleaned = Engine::new(&builtin()).clean(&text).cleaned;
    // The speakers the original labels name, and the paragraphs of the cleaned text they open.
    let settings = transclean::transcript::SpeakerSettings::default();
    let names: Vec<String> = transclean::transcript::parse(&text, &settings)
        .into_iter()
        .filter_map(|t| t.label)
        .map(|l| transclean::transcript::normalise_name(&l.name, &settings))
        .collect();
    assert!(names.len() > 100, "{names:?}");
    let speakers: Vec<&str> = cleaned
        .split("\n\n")
        .filter_map(|p| names.iter().find(|n| p.starts_with(&format!("{n}: "))))
        .map(String::as_str)
        .collect();
    assert_eq!(speakers.len(), 58, "{speakers:?}");
    for pair in speakers.windows(2) {
        assert_ne!(
            pair[0], pair[1],
            "consecutive turns of one speaker are merged"
        );
    }
    for paragraph in cleaned.trim_end().split("\n\n").skip(1) {
        // Every paragraph is a turn `Name: speech` or a further paragraph of the turn before.
        assert!(
            !paragraph.contains('\n'),
            "one paragraph per line: {paragraph:?}"
        );
        assert!(
            !paragraph.trim_end().ends_with(':'),
            "a label without its speech: {paragraph:?}"
        );
    }
    assert!(
        cleaned.contains("Mr. [Oshekoff] talked") && cleaned.contains("[Pavel Zuribin] the mic")
    );
    assert_eq!(cleaned.matches("[inaudible]").count(), 8);
    assert!(cleaned.contains("Aleksandr: Do you know") && !cleaned.contains("[Inaudible"));
}

/// No word of speech disappears without a reported change: every word the cleaned text has
/// fewer of is in the `before` text of some change (a label, a time, a doubled word, ...).
#[test]
fn external_transcripts_lose_no_word_without_a_change() {
    use std::collections::HashMap;
    fn words(text: &str) -> HashMap<String, usize> {
        let mut counts = HashMap::new();
        for word in text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            *counts.entry(word.to_lowercase()).or_default() += 1;
        }
        counts
    }
    let engine = Engine::new(&builtin());
    let dir = root().join("../shared/external/transcripts");
    for group in std::fs::read_dir(&dir).unwrap() {
        for file in std::fs::read_dir(group.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let outcome = engine.clean(&text);
            let (before, after) = (words(&text), words(&outcome.cleaned));
            let removed = words(
                &outcome
                    .changes
                    .iter()
                    .map(|c| format!("{} ", c.before))
                    .collect::<String>(),
            );
            for (word, count) in &before {
                let lost = count.saturating_sub(after.get(word).copied().unwrap_or(0));
                assert!(
                    lost <= removed.get(word).copied().unwrap_or(0),
                    "{}: {lost} × {word:?} lost without a change",
                    path.display()
                );
            }
        }
    }
}

/// Every subtitle file of `../shared/external/subtitles/` becomes a clean transcript, or is
/// rejected with a message that names the file, the line and what is wrong.
#[test]
fn every_external_subtitle_file_is_converted_or_rejected_clearly() {
    use transclean::document::{self, FormatOptions, Shape};
    use transclean::source::{self, Decoded};
    let engine = Engine::new(&builtin());
    let dir = root().join("../shared/external/subtitles");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flat_map(|d| std::fs::read_dir(d.unwrap().path()).unwrap())
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 20);
    let mut converted = 0;
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let result = source::read_path(path).and_then(|decoded| match decoded {
            Decoded::Text(text) => document::clean(text, path, &engine, &FormatOptions::default()),
            Decoded::Binary => panic!("{name} read as binary"),
        });
        match (name.as_str(), result) {
            ("windows-1252.srt", Err(e)) => {
                assert!(
                    e.to_string()
                        .contains("windows-1252.srt:7: not valid UTF-8 (byte 0xC9)"),
                    "{e}"
                )
            }
            ("sample.sbv", Err(e)) => assert!(
                e.to_string()
                    .contains("sample.sbv:14: the cue ends before it starts"),
                "{e}"
            ),
            (_, Err(e)) => panic!("{name}: {e}"),
            (_, Ok(cleaned)) => {
                converted += 1;
                assert_eq!(cleaned.shape, Shape::Transcript, "{name}");
                let text = &cleaned.outcome.cleaned;
                for markup in [
                    "-->",
                    "<i>",
                    "</",
                    "<c",
                    "{\\",
                    "WEBVTT",
                    "NOTE",
                    "::cue",
                    "&amp;",
                    "Downloaded From",
                ] {
                    assert!(!text.contains(markup), "{name} keeps {markup:?}");
                }
                assert!(text.len() > 10 && text.ends_with('\n'), "{name}: {text:?}");
            }
        }
    }
    assert_eq!(converted, 18);
}

/// `--keep-format` keeps every cue and timing and changes only cue text.
#[test]
fn keep_format_keeps_every_cue_and_timing() {
    use transclean::document::{self, FormatOptions};
    let engine = Engine::new(&builtin());
    let path = root().join("../shared/external/subtitles/webvtt-py/netflix_chicas_del_cable.vtt");
    let text = std::fs::read_to_string(&path).unwrap();
    let options = FormatOptions {
        keep_format: true,
        ..FormatOptions::default()
    };
    let cleaned = document::clean(text.clone(), &path, &engine, &options).unwrap();
    let timings = |t: &str| {
        t.lines()
            .filter(|l| l.contains("-->"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(timings(&cleaned.outcome.cleaned), timings(&text));
    assert_eq!(
        cleaned.outcome.cleaned.lines().count(),
        text.lines().count()
    );
}
