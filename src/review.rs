//! Interactive review: each change shown in its context, accepted, rejected or edited.
//!
//! Changes are asked about one at a time, in the order the engine makes them. After each answer
//! the document is cleaned again from the reviewed text: an accepted change is applied, a
//! rejected one becomes an exception the engine respects, an edited one is applied with the
//! reviewer's text. So every change asked about is real on the text as it now is, later changes
//! that depended on a rejected one are not proposed, and what is written is exactly what was
//! accepted. Rejections are returned as [`Exception`]s for the project's `transclean.toml`, so
//! later runs do not propose them again.

use crate::config::discover::{self, PROJECT_FILE};
use crate::diff::{Palette, explain, word};
use crate::engine::{Change, Engine};
use crate::error::{Error, Result};
use crate::exceptions::Exception;
use crate::report::{Output, count};
use crate::sink;
use std::collections::{HashMap, VecDeque};
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// What the keys mean, shown by `?`.
pub const HELP: &str = "\
y - accept this change
n - reject it; transclean.toml remembers the rejection and later runs skip it
a - accept this change and every remaining change of this rule
r - reject this change and every remaining change of this rule
e - edit: type the text to put there instead
q - write what was accepted so far and stop
? - show this help
";

/// Where answers come from: a person at a terminal, a script's `--answers`, or piped input.
pub trait Answers {
    /// The next answer key, skipping spaces and line breaks; `None` when there are no more.
    fn key(&mut self) -> Option<char>;
    /// A line of text (for `e`): the rest of the current line is dropped, the next is read.
    fn line(&mut self) -> Option<String>;
    /// Whether a person types the answers (then they are not echoed).
    fn interactive(&self) -> bool;
}

/// Answers given up front, as with `--answers yynq`.
pub struct ScriptedAnswers {
    chars: VecDeque<char>,
}

impl ScriptedAnswers {
    pub fn new(keys: &str) -> ScriptedAnswers {
        ScriptedAnswers {
            chars: keys.chars().collect(),
        }
    }
}

impl Answers for ScriptedAnswers {
    fn key(&mut self) -> Option<char> {
        while let Some(c) = self.chars.pop_front() {
            if !c.is_whitespace() {
                return Some(c);
            }
        }
        None
    }

    fn line(&mut self) -> Option<String> {
        while let Some(c) = self.chars.pop_front() {
            if c == '\n' {
                break;
            }
        }
        if self.chars.is_empty() {
            return None;
        }
        let mut line = String::new();
        while let Some(c) = self.chars.pop_front() {
            if c == '\n' {
                break;
            }
            line.push(c);
        }
        Some(line)
    }

    fn interactive(&self) -> bool {
        false
    }
}

/// Answers read line by line: a terminal (type `y` and Enter, or several keys at once) or a
/// pipe.
pub struct ReaderAnswers<R> {
    reader: R,
    pending: VecDeque<char>,
    interactive: bool,
}

impl<R: BufRead> ReaderAnswers<R> {
    pub fn new(reader: R, interactive: bool) -> ReaderAnswers<R> {
        ReaderAnswers {
            reader,
            pending: VecDeque::new(),
            interactive,
        }
    }

    fn read_line(&mut self) -> Option<String> {
        let mut line = String::new();
        match self.reader.read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(line),
        }
    }
}

impl<R: BufRead> Answers for ReaderAnswers<R> {
    fn key(&mut self) -> Option<char> {
        loop {
            while let Some(c) = self.pending.pop_front() {
                if !c.is_whitespace() {
                    return Some(c);
                }
            }
            let line = self.read_line()?;
            self.pending.extend(line.chars());
        }
    }

    fn line(&mut self) -> Option<String> {
        self.pending.clear();
        let line = self.read_line()?;
        Some(line.trim_end_matches(['\n', '\r']).to_string())
    }

    fn interactive(&self) -> bool {
        self.interactive
    }
}

/// What happened to one document.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FileReview {
    /// The text with exactly the accepted and edited changes applied.
    pub text: String,
    pub accepted: usize,
    pub edited: usize,
    pub rejected: usize,
    /// The rejections, each with a comment saying where it was made.
    pub exceptions: Vec<(Exception, String)>,
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

    /// Reviews the changes `engine` proposes for `original` (shown as `label`). Rejections are
    /// added to `engine`, so they also hold for the files reviewed after this one.
    pub fn review(&mut self, label: &str, original: &str, engine: &mut Engine) -> FileReview {
        let mut result = FileReview {
            text: original.to_string(),
            ..FileReview::default()
        };
        let first = {
            let outcome = engine.clean(original);
            outcome.changes.len() + outcome.suggestions.len()
        };
        // Each answer applies a change or adds an exception, so this settles; the cap guards
        // against rules that undo each other under `a`.
        let limit = first * 4 + 16;
        for _ in 0..limit {
            if self.quit {
                return result;
            }
            let outcome = engine.clean(&result.text);
            // Unsafe suggestions come once the safe changes are decided: the text is then what
            // the engine leaves, where their positions are.
            let Some(change) = outcome.changes.first().or(outcome.suggestions.first()) else {
                return result;
            };
            let decided = result.accepted + result.edited + result.rejected;
            let pending = outcome.changes.len() + outcome.suggestions.len();
            let position = (decided + 1, decided + pending);
            let decision = match self.decided.get(&*change.rule) {
                Some(true) => Decision::Accept,
                Some(false) => Decision::Reject,
                None => match self.ask(label, &result.text, change, engine, position) {
                    Some(decision) => decision,
                    None => {
                        self.quit = true;
                        return result;
                    }
                },
            };
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
                    engine.add_exception(exception.clone());
                    let comment = format!(
                        "Rejected in review: {}:{}:{} {} → {}",
                        label,
                        change.line,
                        change.column,
                        explain::quote(&change.before, explain::QUOTE_CHARS),
                        explain::quote(&change.after, explain::QUOTE_CHARS)
                    );
                    result.exceptions.push((exception, comment));
                    result.rejected += 1;
                }
            }
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
        (index, total): (usize, usize),
    ) -> Option<Decision> {
        let p = self.palette;
        let description = engine
            .rules()
            .find(|r| r.id == &*change.rule)
            .and_then(|r| r.description)
            .unwrap_or("");
        let mut shown = format!(
            "\n{}{label}:{}:{}{}  {}{}{}  {}({index} of {total} in this file){}\n",
            p.bold,
            change.line,
            change.column,
            p.reset,
            p.cyan,
            change.rule,
            p.reset,
            p.dim,
            p.reset
        );
        if change.safety == crate::rules::Safety::Unsafe {
            shown.push_str("  unsafe suggestion: it may change what was said; not applied unless you accept it\n");
        }
        if !description.is_empty() {
            let description = explain::escape_controls(description);
            shown.push_str(&format!("  {}{description}{}\n", p.dim, p.reset));
        }
        shown.push_str(&indent(&context(text, change, &p)));
        self.out.print(&shown);
        loop {
            self.out.print(&format!(
                "{}Apply this change [y,n,a,r,e,q,?]? {}",
                p.bold, p.reset
            ));
            let Some(key) = self.answers.key() else {
                self.out
                    .print("\n(no more answers: writing what was accepted)\n");
                return None;
            };
            if !self.answers.interactive() {
                self.out.print(&format!("{key}\n"));
            }
            match key {
                'y' => return Some(Decision::Accept),
                'n' => return Some(Decision::Reject),
                'a' | 'r' => {
                    self.decided.insert(change.rule.to_string(), key == 'a');
                    return Some(if key == 'a' {
                        Decision::Accept
                    } else {
                        Decision::Reject
                    });
                }
                'q' => return None,
                'e' => {
                    self.out.print(&format!(
                        "Replace {} with (one line; empty deletes it): ",
                        explain::quote(&change.before, explain::QUOTE_CHARS)
                    ));
                    match self.answers.line() {
                        Some(line) => {
                            if !self.answers.interactive() {
                                self.out.print(&format!("{line}\n"));
                            }
                            return Some(Decision::Edit(line));
                        }
                        None => {
                            self.out.print("\n");
                            return None;
                        }
                    }
                }
                '?' => self.out.print(HELP),
                other => self.out.print(&format!("unknown answer `{other}`\n{HELP}")),
            }
        }
    }
}

/// The change in its context: unchanged text either side, the change marked as in a word diff.
fn context(text: &str, change: &Change, p: &Palette) -> String {
    let start = change.replay_at;
    let end = start + change.before.len();
    let before = word::context_before(&text[..start], 0);
    let after = word::context_after(&text[end..], end);
    let mut out = String::new();
    if before.cut {
        out.push('…');
    }
    // As the transcript reads, but no escape sequence reaches the terminal.
    out.push_str(&explain::escape_controls(before.text));
    if !change.before.is_empty() {
        word::marked(&mut out, &change.before, "[-", "-]", p.red, p, false);
    }
    if !change.after.is_empty() {
        word::marked(&mut out, &change.after, "{+", "+}", p.green, p, false);
    }
    out.push_str(&explain::escape_controls(after.text));
    if after.cut {
        out.push('…');
    }
    out.push('\n');
    out
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}

/// `3 accepted, 1 edited, 2 rejected` for a file's closing line.
pub fn summary(review: &FileReview) -> String {
    let mut parts = vec![format!("{} accepted", review.accepted)];
    if review.edited > 0 {
        parts.push(format!("{} edited", review.edited));
    }
    parts.push(format!("{} rejected", review.rejected));
    parts.join(", ")
}

/// The config file that remembers rejections for `input`: the project's `transclean.toml`, or
/// a new one in the current folder when that folder holds the input, else beside the input.
pub fn exceptions_file(input: &Path) -> PathBuf {
    let dir = input
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Some(existing) = discover::project_config(dir) {
        return existing;
    }
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let cwd = absolute(Path::new("."));
    if absolute(dir).starts_with(&cwd) {
        PathBuf::from(PROJECT_FILE)
    } else {
        dir.join(PROJECT_FILE)
    }
}

/// Appends `exceptions` to the config at `path` (creating it), keeping what it held, and
/// writes it atomically. The result must still parse, or nothing is written.
pub fn record_exceptions(path: &Path, exceptions: &[(Exception, String)]) -> Result<()> {
    let mut text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => {
            return Err(Error::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for (exception, comment) in exceptions {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&exception.to_toml(comment));
    }
    toml::from_str::<toml::Table>(&text).map_err(|e| Error::ConfigFile {
        file: path.display().to_string(),
        message: format!(
            "recording exceptions would leave invalid TOML: {}",
            e.message()
        ),
        hint: Some("fix the file by hand, then review again".into()),
    })?;
    sink::write_atomic(path, text.as_bytes())
}

/// The closing line of a review: `2 files written of 5 reviewed; 1 exception recorded`.
pub fn totals(files_written: usize, files_reviewed: usize, exceptions: usize) -> String {
    format!(
        "{} written of {files_reviewed} reviewed; {} recorded",
        count(files_written, "file"),
        count(exceptions, "exception")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{self, LoadOptions};
    use std::sync::{Arc, Mutex};

    const DOC: &str = "Vladimir Putin said Dombas is far. The Neustadt Treaty matters.\nOliver stone filmed it.\n";

    fn engine() -> Engine {
        Engine::new(
            &config::load(&LoadOptions {
                builtin: true,
                ..Default::default()
            })
            .unwrap(),
        )
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

    fn run(keys: &str, docs: &[&str]) -> (Vec<FileReview>, String, Engine) {
        let shared = Shared::default();
        let mut out = Output::to_writer(Box::new(shared.clone()), false);
        let mut answers = ScriptedAnswers::new(keys);
        let mut engine = engine();
        let mut reviewer = Reviewer::new(&mut answers, &mut out, false);
        let mut results = Vec::new();
        for doc in docs {
            if reviewer.quit() {
                break;
            }
            results.push(reviewer.review("doc.txt", doc, &mut engine));
        }
        drop(out);
        let shown = String::from_utf8(shared.0.lock().unwrap().clone()).unwrap();
        (results, shown, engine)
    }

    #[test]
    fn accepted_changes_are_applied_and_rejected_ones_remembered() {
        // donbas: yes; new-start-treaty: no; oliver-stone: quit before answering.
        let (results, shown, engine) = run("ynq", &[DOC]);
        let review = &results[0];
        assert_eq!(
            review.text,
            "Vladimir Putin said Donbas is far. The Neustadt Treaty matters.\nOliver stone filmed it.\n"
        );
        assert_eq!((review.accepted, review.rejected), (1, 1));
        assert_eq!(review.exceptions.len(), 1);
        assert_eq!(review.exceptions[0].0.rule, "new-start-treaty");
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
        let again = engine.clean(&review.text);
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
        let (results, _, engine) = run(&"n".repeat(50), &[doc]);
        assert_eq!(results[0].text, doc);
        assert!(results[0].rejected >= 4, "{:?}", results[0]);
        assert_eq!(results[0].rejected, results[0].exceptions.len());
        assert!(engine.clean(doc).changes.is_empty());
        // Each rejection was asked once: later rounds did not propose it again.
        let mut seen: Vec<(String, String, String)> = results[0]
            .exceptions
            .iter()
            .map(|(e, _)| (e.rule.clone(), e.text.clone(), e.context_before.clone()))
            .collect();
        let all = seen.len();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), all);
    }

    #[test]
    fn answers_read_from_lines() {
        let input = b"y n\n\ne\nnew text\nq\n" as &[u8];
        let mut answers = ReaderAnswers::new(input, false);
        assert_eq!(answers.key(), Some('y'));
        assert_eq!(answers.key(), Some('n'));
        assert_eq!(answers.key(), Some('e'));
        assert_eq!(answers.line().as_deref(), Some("new text"));
        assert_eq!(answers.key(), Some('q'));
        assert_eq!(answers.key(), None);
    }

    #[test]
    fn exceptions_are_appended_to_the_config_and_load_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(PROJECT_FILE);
        std::fs::write(&path, "# our project\ndisable = [\"oliver-stone\"]").unwrap();
        let (results, _, _) = run("yn", &[DOC]);
        record_exceptions(&path, &results[0].exceptions).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# our project\ndisable = [\"oliver-stone\"]\n\n# Rejected in review: doc.txt:1:40 \"Neustadt Treaty\" → \"New START Treaty\"\n[[exception]]\nrule = \"new-start-treaty\"\n"), "{text}");
        let set = config::load(&LoadOptions {
            builtin: true,
            project: Some(path),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(set.exceptions.len(), 1);
        let outcome = Engine::new(&set).clean(&results[0].text);
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
}
