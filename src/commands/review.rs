//! `transclean review`: accept or reject each change, write what was accepted.

use crate::app::{EXIT_ERROR, EXIT_OK};
use crate::cli::{ReviewArgs, RuleArgs};
use crate::config::{self};
use crate::engine::Engine;
use crate::error::Error;
use crate::in_place;
use crate::inputs::{self, Input};
use crate::pipeline::engines::{load_options, project_for};
use crate::report::{self, Output};
use crate::source::{Content, ReadOptions};
use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::PathBuf;

pub(crate) fn review(args: &RuleArgs, review: &ReviewArgs, color: bool, out: &mut Output) -> u8 {
    use crate::review::{self, Answers, ReaderAnswers, Reviewer, ScriptedAnswers};
    let mut answers: Box<dyn Answers> = match &review.answers {
        Some(keys) => Box::new(ScriptedAnswers::new(keys)),
        None => Box::new(ReaderAnswers::new(
            std::io::stdin().lock(),
            std::io::stdin().is_terminal(),
        )),
    };
    let mut engines: HashMap<Option<PathBuf>, Option<Engine>> = HashMap::new();
    let (mut errors, mut written, mut reviewed, mut recorded) = (0, 0, 0, 0);
    let mut messages: Vec<String> = Vec::new();
    let walk = crate::cli::WalkArgs::default()
        .filter(!args.no_config)
        .expect("no globs to get wrong");
    let mut reviewer = Reviewer::new(answers.as_mut(), out, color);
    for input in inputs::collect_filtered(&review.paths, &walk) {
        if reviewer.quit() {
            break;
        }
        let path = match input {
            Ok(Input::File { path, .. }) => path,
            Ok(Input::Stdin) => {
                messages.push("review needs files: it writes what you accept back to them".into());
                errors += 1;
                continue;
            }
            Err(e) => {
                messages.push(e.to_string());
                errors += 1;
                continue;
            }
        };
        let project = project_for(args, &Input::file(&path).config_start());
        let engine = engines.entry(project.clone()).or_insert_with(|| {
            match config::load(&load_options(args, project)) {
                Ok(set) => Some(Engine::new(&set)),
                Err(e) => {
                    messages.push(e.to_string());
                    errors += 1;
                    None
                }
            }
        });
        let Some(engine) = engine.as_mut() else {
            continue;
        };
        let seen = in_place::Seen::before_reading(&path);
        let input = Input::file(&path);
        let read = crate::pipeline::document_input::read_input(&input, &ReadOptions::default());
        if let Ok(Content::Text(text)) = &read
            && let Some(e) = not_reviewable(&input, &text.text)
        {
            messages.push(e.to_string());
            errors += 1;
            continue;
        }
        let (text, encoding) = match read {
            Ok(Content::Text(text)) => (text.text, text.encoding),
            Ok(Content::Binary { .. }) => continue,
            Err(e) => {
                messages.push(e.to_string());
                errors += 1;
                continue;
            }
        };
        reviewed += 1;
        let label = path.display().to_string();
        let result = reviewer.review(&label, &text, engine);
        let mut line = format!("{label}: {}", review::summary(&result));
        // Rejections are recorded before the file is written, so a review cut short never
        // loses one: at worst an accepted change is proposed again.
        if !result.exceptions.is_empty() {
            let target = review::exceptions_file(&path);
            match review::record_exceptions(&target, &result.exceptions) {
                Ok(()) => {
                    recorded += result.exceptions.len();
                    line.push_str(&format!(
                        "; {} recorded in {}",
                        report::count(result.exceptions.len(), "rejection"),
                        target.display()
                    ));
                }
                Err(e) => {
                    messages.push(e.to_string());
                    errors += 1;
                }
            }
        }
        if result.text != text {
            let write = seen.and_then(|seen| {
                let bytes =
                    crate::pipeline::document_input::encode_back(&path, &result.text, encoding)?;
                in_place::write_back(&path, &seen, &bytes, None)
            });
            match write {
                Ok(()) => {
                    written += 1;
                    line.push_str("; written");
                }
                Err(e) => {
                    messages.push(e.to_string());
                    errors += 1;
                }
            }
        }
        reviewer.note(&line);
    }
    drop(reviewer);
    for message in messages {
        out.error(&message);
    }
    out.summary(&review::totals(written, reviewed, recorded));
    if errors > 0 { EXIT_ERROR } else { EXIT_OK }
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
