//! Review on scripted answers: what is applied, what is recorded, what is asked.

use super::*;
use crate::config::discover::PROJECT_FILE;
use crate::config::{self, LoadOptions};
use std::sync::{Arc, Mutex};

const DOC: &str =
    "Vladimir Putin said Dombas is far. The Neustadt Treaty matters.\nOliver stone filmed it.\n";

fn rules() -> ProjectRules {
    ProjectRules::new(
        config::load(&LoadOptions {
            builtin: true,
            ..Default::default()
        })
        .unwrap(),
    )
}

/// The rejected places of a review, as exceptions.
fn places(review: &FileReview) -> Vec<&Exception> {
    (review.exceptions.iter())
        .filter_map(|(r, _)| match r {
            Rejection::Place(e) => Some(e),
            Rejection::File { .. } => None,
        })
        .collect()
}

/// Output that a test can read afterwards.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn run(keys: &str, docs: &[&str]) -> (Vec<FileReview>, String, ProjectRules) {
    run_with(keys, docs, false)
}

fn run_with(keys: &str, docs: &[&str], color: bool) -> (Vec<FileReview>, String, ProjectRules) {
    let shared = Shared::default();
    let mut out = Output::to_writer(Box::new(shared.clone()), false);
    let mut answers = ScriptedAnswers::new(keys);
    let mut rules = rules();
    let mut reviewer = Reviewer::new(&mut answers, &mut out, color);
    let mut results = Vec::new();
    for doc in docs {
        if reviewer.quit() {
            break;
        }
        results.push(reviewer.review("doc.txt", doc, &mut rules, Vec::new()));
    }
    drop(out);
    let shown = String::from_utf8(shared.0.lock().unwrap().clone()).unwrap();
    (results, shown, rules)
}

#[test]
fn accepted_changes_are_applied_and_rejected_ones_remembered() {
    // donbas: yes; new-start-treaty: no; oliver-stone: quit before answering.
    let (results, shown, mut rules) = run("ynq", &[DOC]);
    let review = &results[0];
    assert_eq!(
        review.text,
        "Vladimir Putin said Donbas is far. The Neustadt Treaty matters.\nOliver stone filmed it.\n"
    );
    assert_eq!((review.accepted, review.rejected), (1, 1));
    assert_eq!(review.exceptions.len(), 1);
    assert_eq!(places(review)[0].rule, "new-start-treaty");
    assert!(
        shown.contains("doc.txt:1:21  donbas  (1 of 3 in this file)"),
        "{shown}"
    );
    assert!(
        shown.contains("Vladimir Putin said [-Dombas-]{+Donbas+} is far."),
        "{shown}"
    );
    assert!(shown.contains("Apply this change [y,n,a,r,e,q,?]? y\n"));
    // The rejection holds for the rest of the run; the unanswered change is still proposed.
    let again = rules.engine(&[]).clean(&review.text);
    let rules: Vec<&str> = again.changes.iter().map(|c| &*c.rule).collect();
    assert_eq!(rules, ["oliver-stone"]);
}

#[test]
fn all_of_a_rule_carries_over_to_later_files() {
    let docs = [
        "Oliver stone and Putin in Dombas.\n",
        "Oliver stone again, Putin, Dombas.\n",
    ];
    // First file: `a` for oliver-stone, `r` for donbas; the second file asks nothing.
    let (results, shown, _) = run("ar", &docs);
    assert_eq!(results[0].text, "Oliver Stone and Putin in Dombas.\n");
    assert_eq!(results[1].text, "Oliver Stone again, Putin, Dombas.\n");
    assert_eq!((results[1].accepted, results[1].rejected), (1, 1));
    assert_eq!(shown.matches("Apply this change").count(), 2);
}

#[test]
fn edit_puts_the_reviewers_text_there() {
    let (results, shown, _) = run("e\nDonbass\nq", &["Putin spoke of Dombas.\n"]);
    assert_eq!(results[0].text, "Putin spoke of Donbass.\n");
    assert_eq!(results[0].edited, 1);
    assert!(shown.contains("Replace \"Dombas\" with (one line; empty deletes it): Donbass\n"));
}

#[test]
fn help_and_unknown_keys_ask_again_and_running_out_stops() {
    let (results, shown, _) = run("?x", &[DOC]);
    assert_eq!(results[0].text, DOC);
    assert!(shown.contains(HELP));
    assert!(shown.contains("unknown answer `x`"));
    assert!(shown.contains("(no more answers: writing what was accepted)"));
}

#[test]
fn rejecting_everything_leaves_the_text_and_nothing_is_proposed_again() {
    let doc = "Sputnik\nListen Live\n\n\n\nPutin  spoke in\u{a0}Dombas. ";
    let (results, _, mut rules) = run(&"n".repeat(50), &[doc]);
    assert_eq!(results[0].text, doc);
    assert!(results[0].rejected >= 4, "{:?}", results[0]);
    assert_eq!(results[0].rejected, results[0].exceptions.len());
    assert!(rules.engine(&[]).clean(doc).changes.is_empty());
    // Each rejection was asked once: later rounds did not propose it again.
    let mut seen: Vec<(String, String, String)> = places(&results[0])
        .iter()
        .map(|e| (e.rule.clone(), e.text.clone(), e.context_before.clone()))
        .collect();
    let all = seen.len();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), all);
}

#[test]
fn exceptions_are_appended_to_the_config_and_load_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(PROJECT_FILE);
    std::fs::write(&path, "# our project\ndisable = [\"oliver-stone\"]").unwrap();
    let (results, _, _) = run("yn", &[DOC]);
    record_exceptions(&path, &dir.path().join("doc.txt"), &results[0].exceptions).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("# our project\ndisable = [\"oliver-stone\"]\n\n# Rejected in review: doc.txt:1:40 \"Neustadt Treaty\" → \"New START Treaty\"\n[[exception]]\nrule = \"new-start-treaty\"\n"), "{text}");
    let set = config::load(&LoadOptions {
        builtin: true,
        project: Some(path),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(set.exceptions.len(), 1);
    let outcome = crate::engine::Engine::new(&set).clean(&results[0].text);
    assert!(outcome.changes.is_empty(), "{:?}", outcome.changes);
}

#[test]
fn rejections_go_to_the_nearest_project_config() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("a/b");
    std::fs::create_dir_all(&nested).unwrap();
    assert_eq!(
        exceptions_file(&nested.join("x.txt")),
        nested.join(PROJECT_FILE)
    );
    std::fs::write(dir.path().join(PROJECT_FILE), "").unwrap();
    assert_eq!(
        exceptions_file(&nested.join("x.txt")),
        dir.path().join(PROJECT_FILE)
    );
}

const MANY: &str =
    "Putin said Dombas one. Dombas two. Oliver stone. Dombas three.\nAnd Dombas four.\n";

#[test]
fn r_switches_the_rule_off_for_the_file_with_one_record() {
    // donbas: r (all four rejected at once); oliver-stone: y.
    let (results, shown, _) = run("ry", &[MANY]);
    let review = &results[0];
    assert_eq!(review.text, MANY.replace("Oliver stone", "Oliver Stone"));
    assert_eq!((review.accepted, review.rejected), (1, 4));
    assert_eq!(review.exceptions.len(), 1, "{:?}", review.exceptions);
    let (rejection, comment) = &review.exceptions[0];
    assert_eq!(
        *rejection,
        Rejection::File {
            rule: "donbas".into()
        }
    );
    assert!(
        comment.starts_with(
            "Switched off in review for doc.txt: donbas (4 changes rejected, the first at 1:12"
        ),
        "{comment}"
    );
    assert_eq!(shown.matches("Apply this change").count(), 2, "{shown}");
}

#[test]
fn the_counter_counts_the_questions_asked() {
    // Five changes; `a` on the first donbas settles all four, so two questions in all.
    let (_, shown, _) = run("ay", &[MANY]);
    assert!(shown.contains("donbas  (1 of 5 in this file)"), "{shown}");
    assert!(
        shown.contains("oliver-stone  (2 of 2 in this file)"),
        "{shown}"
    );
    let (_, shown, _) = run("yyr", &[MANY]);
    assert!(shown.contains("(2 of 5 in this file)"), "{shown}");
    assert!(
        shown.contains("oliver-stone  (3 of 5 in this file)"),
        "{shown}"
    );
    assert!(shown.contains("donbas  (4 of 5 in this file)"), "{shown}");
    assert!(
        !shown.contains("(5 of"),
        "r answered the last donbas too: {shown}"
    );
}

#[test]
fn with_colour_old_and_new_differ_without_it() {
    let (_, shown, _) = run_with("q", &["Putin spoke of Dombas.\n"], true);
    let red = "\x1b[31m";
    let green = "\x1b[32m";
    let reset = "\x1b[0m";
    let expected = format!(
        "{red}[-{reset}{red}\x1b[9mDombas{reset}{red}-]{reset}\
         {green}{{+{reset}{green}\x1b[4mDonbas{reset}{green}+}}{reset}"
    );
    assert!(shown.contains(&expected), "{shown:?}");
    // Without the escape sequences it reads as `--color never` shows it.
    let plain = regex::Regex::new("\x1b\\[[0-9;]*m")
        .unwrap()
        .replace_all(&shown, "");
    assert!(
        plain.contains("Putin spoke of [-Dombas-]{+Donbas+}."),
        "{plain}"
    );
}

#[test]
fn a_file_switched_off_in_the_config_is_not_reviewed_for_that_rule() {
    let shared = Shared::default();
    let mut out = Output::to_writer(Box::new(shared.clone()), false);
    let mut answers = ScriptedAnswers::new("y");
    let mut rules = rules();
    let mut reviewer = Reviewer::new(&mut answers, &mut out, false);
    let review = reviewer.review("doc.txt", MANY, &mut rules, vec!["donbas".into()]);
    assert_eq!(review.text, MANY.replace("Oliver stone", "Oliver Stone"));
    assert_eq!((review.accepted, review.rejected), (1, 0));
}
