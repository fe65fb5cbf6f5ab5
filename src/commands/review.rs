//! `transclean review`: accept or reject each change, write what was accepted.

use crate::app::{EXIT_ERROR, EXIT_OK};
use crate::cli::{ReviewArgs, RuleArgs};
use crate::config::{self};
use crate::error::Error;
use crate::in_place;
use crate::inputs::{self, Input};
use crate::pipeline::engines::{load_options, project_for};
use crate::report::{self, Output};
use crate::review::ProjectRules;
use crate::source::{Content, ReadOptions};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

pub(crate) fn review(args: &RuleArgs, review: &ReviewArgs, color: bool, out: &mut Output) -> u8 {
    use crate::review::{Answers, ReaderAnswers, Reviewer, ScriptedAnswers, TerminalAnswers};
    let stdin = std::io::stdin();
    // A person at a terminal answers with single keys; a pipe, or a terminal whose output goes
    // elsewhere, with lines.
    let mut answers: Box<dyn Answers> = match &review.answers {
        Some(keys) => Box::new(ScriptedAnswers::new(keys)),
        None if stdin.is_terminal() && std::io::stdout().is_terminal() => {
            Box::new(TerminalAnswers::new())
        }
        None => Box::new(ReaderAnswers::new(stdin.lock(), stdin.is_terminal())),
    };
    let walk = crate::cli::WalkArgs::default()
        .filter(!args.no_config)
        .expect("no globs to get wrong");
    let mut session = Session::default();
    let mut reviewer = Reviewer::new(answers.as_mut(), out, color);
    for input in inputs::collect_filtered(&review.paths, &walk) {
        if reviewer.quit() {
            break;
        }
        match input {
            Ok(Input::File { path, .. }) => session.file(args, &path, &mut reviewer),
            Ok(Input::Stdin) => {
                session.fail("review needs files: it writes what you accept back to them".into())
            }
            Err(e) => session.fail(e.to_string()),
        }
    }
    let interrupted = reviewer.interrupted();
    drop(reviewer);
    for message in &session.messages {
        out.error(message);
    }
    out.summary(&crate::review::totals(
        session.written,
        session.reviewed,
        session.recorded,
    ));
    if interrupted {
        EXIT_INTERRUPTED
    } else if session.messages.is_empty() {
        EXIT_OK
    } else {
        EXIT_ERROR
    }
}

/// The exit status after Ctrl-C, as a shell reports a process the interrupt ended.
const EXIT_INTERRUPTED: u8 = crate::pipeline::status::ExitStatus::Interrupted.code();

/// A review run: one engine per project config (review adds the rejections to it as they come,
/// so it owns its engines), its counts, and the errors to print when the screen is free.
#[derive(Default)]
struct Session {
    projects: HashMap<Option<PathBuf>, Option<ProjectRules>>,
    written: usize,
    reviewed: usize,
    recorded: usize,
    messages: Vec<String>,
}

impl Session {
    fn fail(&mut self, message: String) {
        self.messages.push(message);
    }

    /// Reviews one file: its changes asked about, rejections recorded, the result written.
    fn file(&mut self, args: &RuleArgs, path: &Path, reviewer: &mut crate::review::Reviewer) {
        let project = project_for(args, &Input::file(path).config_start());
        let rules = self.projects.entry(project.clone()).or_insert_with(|| {
            match config::load(&load_options(args, project)) {
                Ok(set) => Some(ProjectRules::new(set)),
                Err(e) => {
                    self.messages.push(e.to_string());
                    None
                }
            }
        });
        let Some(rules) = rules.as_mut() else {
            return;
        };
        let seen = in_place::Seen::before_reading(path);
        let input = Input::file(path);
        let (text, encoding) =
            match crate::pipeline::document_input::read_input(&input, &ReadOptions::default()) {
                Ok(Content::Text(text)) => match not_reviewable(&input, &text.text) {
                    Some(e) => return self.fail(e.to_string()),
                    None => (text.text, text.encoding),
                },
                Ok(Content::Binary { .. }) => return,
                Err(e) => return self.fail(e.to_string()),
            };
        self.reviewed += 1;
        let label = path.display().to_string();
        let off = rules.off_for(path);
        let result = reviewer.review(&label, &text, rules, off);
        if reviewer.interrupted() {
            return reviewer.note(&format!(
                "{label}: interrupted: not written, nothing recorded"
            ));
        }
        let mut line = format!("{label}: {}", crate::review::summary(&result));
        // Rejections are recorded before the file is written, so a review cut short never
        // loses one: at worst an accepted change is proposed again.
        if !result.exceptions.is_empty() {
            let target = crate::review::exceptions_file(path);
            match crate::review::record_exceptions(&target, path, &result.exceptions) {
                Ok(()) => {
                    self.recorded += result.exceptions.len();
                    line.push_str(&format!(
                        "; {} recorded in {}",
                        report::count(result.exceptions.len(), "rejection"),
                        target.display()
                    ));
                }
                Err(e) => self.fail(e.to_string()),
            }
        }
        if result.text != text {
            let write = seen.and_then(|seen| {
                let bytes =
                    crate::pipeline::document_input::encode_back(path, &result.text, encoding)?;
                in_place::write_back(path, &seen, &bytes, None)
            });
            match write {
                Ok(()) => {
                    self.written += 1;
                    line.push_str("; written");
                }
                Err(e) => self.fail(e.to_string()),
            }
        }
        reviewer.note(&line);
    }
}

/// Why an input cannot be reviewed: review proposes changes to a file's text as it is, so it
/// takes plain text only (a subtitle file's cues, a JSON Lines field or a compressed file would
/// be edited as raw text).
fn not_reviewable(input: &Input, text: &str) -> Option<Error> {
    use crate::pipeline::adapter::{self, Adapter};
    let options = crate::document::FormatOptions::default();
    let what = if adapter::compression(input).is_some() {
        "a compressed file"
    } else {
        match adapter::choose(&adapter::format_name(input), text, &options) {
            Adapter::Plain => return None,
            Adapter::Jsonl => "JSON Lines",
            Adapter::Subtitles { .. } => "a subtitle file",
            Adapter::Html => "an HTML page",
        }
    };
    Some(Error::Usage {
        path: input.path()?.to_path_buf(),
        message: format!("not reviewed: it is {what}, and review edits plain text only"),
        hint: Some("see its changes with `transclean diff`, and apply them with `transclean clean --keep-format --write`".into()),
    })
}
