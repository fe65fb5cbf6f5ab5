//! Interactive review: each change shown in its context, accepted, rejected or edited.
//!
//! Changes are asked about one at a time, in the order the engine makes them. After each answer
//! the document is cleaned again from the reviewed text: an accepted change is applied, a
//! rejected one becomes an exception the engine respects, an edited one is applied with the
//! reviewer's text, and `r` switches the rule off for the file. So every change asked about is
//! real on the text as it now is, later changes that depended on a rejected one are not
//! proposed, and what is written is exactly what was accepted. Rejections are returned for the
//! project's `transclean.toml` (one `[[exception]]` per place, or one for the whole file after
//! `r`), so later runs do not propose them again.

mod answers;
mod record;
mod rules;
mod show;
#[cfg(test)]
mod tests;

pub use answers::{Answers, ReaderAnswers, ScriptedAnswers, TerminalAnswers};
pub use record::{Rejection, exceptions_file, record_exceptions, summary, totals};
pub use rules::ProjectRules;

use crate::diff::{Palette, explain};
use crate::engine::{Change, Engine, Outcome};
use crate::exceptions::Exception;
use crate::report::Output;
use show::Position;
use std::collections::HashMap;

/// What the keys mean, shown by `?`.
pub const HELP: &str = "\
y - accept this change
n - reject it; transclean.toml remembers the rejection and later runs skip it
a - accept this change and every remaining change of this rule
r - reject every remaining change of this rule: transclean.toml switches the rule off for
    this file (and for each later file of this review where it would change something)
e - edit: type the text to put there instead
q - write what was accepted so far and stop
? - show this help
";

/// What happened to one document.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FileReview {
    /// The text with exactly the accepted and edited changes applied.
    pub text: String,
    pub accepted: usize,
    pub edited: usize,
    pub rejected: usize,
    /// The rejections, each with a comment saying where it was made.
    pub exceptions: Vec<(Rejection, String)>,
}

/// Asks about changes, file after file, remembering "all of this rule" answers across files.
pub struct Reviewer<'a> {
    answers: &'a mut dyn Answers,
    out: &'a mut Output,
    palette: Palette,
    /// Rules answered with `a` (true) or `r` (false).
    decided: HashMap<String, bool>,
    quit: bool,
}

enum Decision {
    Accept,
    Reject,
    Edit(String),
    /// Reject every remaining change of the rule: switch it off for the file.
    SwitchOff,
}

impl<'a> Reviewer<'a> {
    pub fn new(answers: &'a mut dyn Answers, out: &'a mut Output, color: bool) -> Reviewer<'a> {
        Reviewer {
            answers,
            out,
            palette: Palette::new(color),
            decided: HashMap::new(),
            quit: false,
        }
    }

    /// Shows a line between the questions (a file's outcome).
    pub fn note(&mut self, line: &str) {
        self.out.print(&format!("{line}\n"));
    }

    /// Whether the reviewer asked to stop (or the answers ran out).
    pub fn quit(&self) -> bool {
        self.quit
    }

    /// Whether the reviewer stopped with Ctrl-C: the file under review is not written.
    pub fn interrupted(&self) -> bool {
        self.answers.interrupted()
    }

    /// Reviews the changes the rules propose for `original` (shown as `label`), with the rules
    /// `off` switched off for this file. Rejected places are added to `rules`, so they also
    /// hold for the files reviewed after this one.
    pub fn review(
        &mut self,
        label: &str,
        original: &str,
        rules: &mut ProjectRules,
        mut off: Vec<String>,
    ) -> FileReview {
        let mut result = FileReview {
            text: original.to_string(),
            ..FileReview::default()
        };
        let first = pending(&rules.engine(&off).clean(original)).count();
        // Each answer applies a change, adds an exception or switches a rule off, so this
        // settles; the cap guards against rules that undo each other under `a`.
        let limit = first * 4 + 16;
        let mut asked = 0;
        for _ in 0..limit {
            if self.quit {
                return result;
            }
            let outcome = rules.engine(&off).clean(&result.text);
            let Some(change) = pending(&outcome).next() else {
                return result;
            };
            let decision = match self.decided.get(&*change.rule) {
                Some(true) => Decision::Accept,
                Some(false) => Decision::SwitchOff,
                None => {
                    asked += 1;
                    // What the reviewer will be asked: the changes of rules not yet decided.
                    let undecided = pending(&outcome)
                        .filter(|c| !self.decided.contains_key(&*c.rule))
                        .count();
                    let position = Position {
                        index: asked,
                        total: asked - 1 + undecided,
                    };
                    let engine = rules.engine(&off);
                    match self.ask(label, &result.text, change, engine, position) {
                        Some(decision) => decision,
                        None => {
                            self.quit = true;
                            return result;
                        }
                    }
                }
            };
            let file = Reviewed {
                label,
                result: &mut result,
                off: &mut off,
            };
            file.apply(decision, change, &outcome, rules);
        }
        self.out.print(&format!(
            "{label}: stopped reviewing: the rules keep proposing changes (more than {limit})\n"
        ));
        result
    }

    /// Shows one change and asks about it; `None` means stop.
    fn ask(
        &mut self,
        label: &str,
        text: &str,
        change: &Change,
        engine: &Engine,
        position: Position,
    ) -> Option<Decision> {
        let p = self.palette;
        let description = engine
            .rules()
            .find(|r| r.id == &*change.rule)
            .and_then(|r| r.description)
            .unwrap_or("");
        let shown = show::question(label, text, change, description, position, &p);
        self.out.print(&shown);
        loop {
            self.out.print(&format!(
                "{}Apply this change [y,n,a,r,e,q,?]? {}",
                p.bold, p.reset
            ));
            let Some(key) = self.answers.key() else {
                if !self.answers.interrupted() {
                    self.out
                        .print("\n(no more answers: writing what was accepted)\n");
                }
                return None;
            };
            if !self.answers.interactive() {
                self.out.print(&format!("{key}\n"));
            }
            match key {
                'y' => return Some(Decision::Accept),
                'n' => return Some(Decision::Reject),
                'a' => {
                    self.decided.insert(change.rule.to_string(), true);
                    return Some(Decision::Accept);
                }
                'r' => {
                    self.decided.insert(change.rule.to_string(), false);
                    return Some(Decision::SwitchOff);
                }
                'q' => return None,
                'e' => return self.edit(change),
                '?' => self.out.print(HELP),
                other => self.out.print(&format!("unknown answer `{other}`\n{HELP}")),
            }
        }
    }

    /// Asks for the text to put in place of the change's; `None` means stop.
    fn edit(&mut self, change: &Change) -> Option<Decision> {
        self.out.print(&format!(
            "Replace {} with (one line; empty deletes it): ",
            explain::quote(&change.before, explain::QUOTE_CHARS)
        ));
        match self.answers.line() {
            Some(line) => {
                if !self.answers.interactive() {
                    self.out.print(&format!("{line}\n"));
                }
                Some(Decision::Edit(line))
            }
            None => {
                if !self.answers.interactive() {
                    self.out.print("\n");
                }
                None
            }
        }
    }
}

/// The changes of an outcome in the order they are asked about. Unsafe suggestions come once the
/// safe changes are decided: the text is then what the engine leaves, where their positions are.
fn pending(outcome: &Outcome) -> impl Iterator<Item = &Change> {
    let suggestions = if outcome.changes.is_empty() {
        &outcome.suggestions[..]
    } else {
        &[]
    };
    outcome.changes.iter().chain(suggestions)
}

/// The file under review: its text so far and the rules switched off for it.
struct Reviewed<'r> {
    label: &'r str,
    result: &'r mut FileReview,
    off: &'r mut Vec<String>,
}

impl Reviewed<'_> {
    /// Applies an answer about `change` (the first pending change of `outcome`) to the text, or
    /// records the rejection.
    fn apply(
        self,
        decision: Decision,
        change: &Change,
        outcome: &Outcome,
        rules: &mut ProjectRules,
    ) {
        let result = self.result;
        let range = change.replay_at..change.replay_at + change.before.len();
        match decision {
            Decision::Accept => {
                result.text.replace_range(range, &change.after);
                result.accepted += 1;
            }
            Decision::Edit(replacement) => {
                result.text.replace_range(range, &replacement);
                result.edited += 1;
            }
            Decision::Reject => {
                let exception = Exception::capture(&change.rule, &result.text, range);
                rules.reject(exception.clone());
                let comment = format!(
                    "Rejected in review: {}:{}:{} {} → {}",
                    self.label,
                    change.line,
                    change.column,
                    explain::quote(&change.before, explain::QUOTE_CHARS),
                    explain::quote(&change.after, explain::QUOTE_CHARS)
                );
                result
                    .exceptions
                    .push((Rejection::Place(exception), comment));
                result.rejected += 1;
            }
            Decision::SwitchOff => {
                let rejected = pending(outcome).filter(|c| c.rule == change.rule).count();
                self.off.push(change.rule.to_string());
                self.off.sort();
                result.rejected += rejected;
                result
                    .exceptions
                    .push(switched_off(self.label, change, rejected));
            }
        }
    }
}

/// The record of `r`: the rule off for the file, with what it would have changed.
fn switched_off(label: &str, change: &Change, rejected: usize) -> (Rejection, String) {
    let comment = format!(
        "Switched off in review for {label}: {} ({} rejected, the first at {}:{} {} → {})",
        change.rule,
        crate::report::count(rejected, "change"),
        change.line,
        change.column,
        explain::quote(&change.before, explain::QUOTE_CHARS),
        explain::quote(&change.after, explain::QUOTE_CHARS)
    );
    let rejection = Rejection::File {
        rule: change.rule.to_string(),
    };
    (rejection, comment)
}
