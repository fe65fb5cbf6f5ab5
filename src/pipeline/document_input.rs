//! The document adapters (plain text, subtitles): one input read whole, cleaned, and handed
//! to the sink.

use crate::diff::{unified, word};
use crate::document::{self, Cleaned, Shape};
use crate::engine::{Engine, Outcome};
use crate::error::Error;
use crate::in_place;
use crate::inputs::Input;
use crate::out_plan;
use crate::pipeline::adapter::{self, Adapter};
use crate::pipeline::compress;
use crate::pipeline::engines::ProjectEngines;
use crate::pipeline::job::{FileReport, Job, Kept, Mode};
use crate::report::{self};
use crate::sink;
use crate::source::{self, Content, ReadOptions};
use std::io::Read;
use std::path::{Path, PathBuf};

pub(crate) fn read_input(input: &Input, options: &ReadOptions) -> Result<Content, Error> {
    match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|source| Error::Read {
                    path: PathBuf::from("<stdin>"),
                    source,
                })?;
            source::decode_with(std::path::Path::new("<stdin>"), bytes, options)
        }
        Input::File { path, .. } => match adapter::compression(input) {
            Some(kind) => source::decode_with(path, compress::read_all(path, kind)?, options),
            None => source::read_with(path, options),
        },
    }
}

/// Cleans one input; `target` is where `--out DIR` planned to write it.
pub(crate) fn process_one(
    input: &Input,
    engines: &ProjectEngines,
    job: &Job,
    target: Option<&Path>,
) -> FileReport {
    let label = input.label();
    // Taken before reading, so that an edit made while the file is cleaned is noticed.
    let seen = match (&job.mode, input) {
        (Mode::Write { .. }, Input::File { path, .. }) => {
            Some(in_place::Seen::before_reading(path))
        }
        _ => None,
    };
    let read = match read_text(input, job, &label) {
        Ok(read) => read,
        Err(report) => return *report,
    };
    let name = match input {
        Input::Stdin => PathBuf::from("<stdin>"),
        Input::File { path, .. } => path.clone(),
    };
    let lossy_warning = read
        .replaced
        .as_ref()
        .map(|r| r.warning(&name, read.encoding));
    let (mut kept, shape) = match clean_text(read.text, &name, input, engines, job) {
        Ok(cleaned) => cleaned,
        Err(e) => return FileReport::failed(label, e),
    };
    let mut report = counted(label.clone(), &kept);
    report.warning = lossy_warning;
    let written = Written {
        input,
        shape,
        encoding: read.encoding,
        lossy: read.replaced.is_some(),
    };
    match (&job.mode, input) {
        (Mode::Print, _) | (Mode::Write { .. } | Mode::OutDir(_), Input::Stdin) => {
            // Moved, not copied: on a large file every copy is another file's worth of memory.
            report.stdout = kept.take_cleaned()
        }
        (Mode::Write { backup }, Input::File { path, .. }) => {
            let seen = seen.expect("taken for every file written in place");
            report.error = written
                .in_place(path, seen, &kept, report.changed, backup.as_deref())
                .err();
        }
        (Mode::OutDir(dir), Input::File { path, relative, .. }) => {
            report.error = written.out_dir(dir, path, relative, target, &kept).err();
        }
        (Mode::Diff { .. }, _) => {
            let Kept::Changes { before, outcome } = &kept else {
                unreachable!("a diff keeps every change")
            };
            report.stdout = render_diff(&job.mode, &diff_label(input), before, outcome);
        }
        (Mode::Check { verbose }, _) => {
            if report.changed || *verbose {
                report.stdout = report::check_line(
                    &label,
                    kept.total(),
                    kept.counts(),
                    report.changed,
                    kept.suggested(),
                );
            }
        }
        (Mode::Collect { .. }, _) => {}
    }
    if let Kept::Changes { before, outcome } = kept {
        if matches!(job.mode, Mode::Collect { .. }) {
            report.outcome = Some(outcome);
        }
        // Kept only for what needs the original after cleaning: a roster or a whole-run report.
        if job.roster || matches!(job.mode, Mode::Collect { keep_text: true }) {
            report.original = Some(before);
        }
    }
    report
}

/// A document's report with what cleaning it counted.
fn counted(label: String, kept: &Kept) -> FileReport {
    let mut report = FileReport::new(label);
    report.changed = kept.changed();
    report.changes = kept.total();
    report.suggested = kept.suggested();
    report.by_rule = kept
        .counts()
        .into_iter()
        .map(|(rule, n)| (rule.to_string(), n))
        .collect();
    report
}

/// The text of an input, or the report of why there is none (binary data, a read error).
fn read_text(input: &Input, job: &Job, label: &str) -> Result<source::Text, Box<FileReport>> {
    const UTF16_HINT: &str = "if it is UTF-16 without a byte-order mark, read it with `--encoding utf-16le` (or utf-16be)";
    match read_input(input, &job.read) {
        Ok(Content::Text(text)) => Ok(text),
        Ok(Content::Binary { .. }) if *input == Input::Stdin => {
            // Nothing to print: `clean < a > b` would silently empty `b`.
            Err(Box::new(FileReport::failed(
                label.to_string(),
                Error::Input {
                    file: "<stdin>".into(),
                    message: "binary data (NUL bytes), not text: nothing was cleaned or printed"
                        .into(),
                    hint: Some(UTF16_HINT.into()),
                },
            )))
        }
        Ok(Content::Binary { utf16_like }) => {
            // Binary files met while walking a folder are expected (images, archives): skip quietly.
            let walked = matches!(input, Input::File { walked: true, .. });
            let mut report = FileReport::new(label.to_string());
            report.warning = (!walked).then(|| {
                let hint = if utf16_like {
                    format!("\n  hint: {UTF16_HINT}")
                } else {
                    String::new()
                };
                format!("{label}: skipped: binary file{hint}")
            });
            report.skipped = Some("binary file");
            Err(Box::new(report))
        }
        Err(e) => Err(Box::new(FileReport::failed(label.to_string(), e))),
    }
}

/// Cleans a document's text with the adapter chosen for it: (what was kept, what the input
/// became). A subtitle file is all speech, so it is cleaned with the engine for speech: rules
/// for prose never touch it.
fn clean_text(
    text: String,
    name: &Path,
    input: &Input,
    engines: &ProjectEngines,
    job: &Job,
) -> Result<(Kept, Shape), Error> {
    let adapter = adapter::choose(&adapter::format_name(input), &text, &job.input);
    let engine: &Engine = match adapter {
        Adapter::Subtitles { .. } => engines.speech(),
        _ => &engines.text,
    };
    // Printing, writing or checking plain text shows no change itself: counting them is enough,
    // and on a large file the changes would take more memory than its text.
    let only_counts = !job.roster
        && matches!(
            job.mode,
            Mode::Print | Mode::Write { .. } | Mode::OutDir(_) | Mode::Check { .. }
        )
        && adapter == Adapter::Plain;
    if only_counts {
        // Handed over, not copied: the engine cleans it in place, so a large file is in memory
        // once. Nothing after this needs the original (the summary tells whether it changed).
        let summary = engine.clean_counting(text);
        if let Some(runaway) = summary.runaway.clone() {
            return Err(Error::Runaway {
                path: name.to_path_buf(),
                runaway,
            });
        }
        return Ok((Kept::Counts(summary), Shape::Text));
    }
    let Cleaned {
        before,
        outcome,
        shape,
    } = document::clean_as(text, name, engine, adapter)?;
    Ok((Kept::Changes { before, outcome }, shape))
}

/// How a cleaned document is written to a file: its shape, encoding and compression decide.
struct Written<'a> {
    input: &'a Input,
    shape: Shape,
    encoding: crate::encoding::TextEncoding,
    /// `--lossy` replaced bytes that cannot be written back.
    lossy: bool,
}

impl Written<'_> {
    /// Writes the cleaned text back over its file, unless that would lose something.
    fn in_place(
        &self,
        path: &Path,
        seen: Result<in_place::Seen, Error>,
        kept: &Kept,
        changed: bool,
        backup: Option<&str>,
    ) -> Result<(), Error> {
        let refuse = |message: &str, hint: &str| {
            Err(Error::Usage {
                path: path.to_path_buf(),
                message: message.into(),
                hint: Some(hint.into()),
            })
        };
        match self.shape {
            Shape::Transcript => {
                return refuse(
                    "not written: a transcript written over a subtitle file would lose its cues and timings",
                    "clean the cues in place with --keep-format, or write transcripts with --out DIR",
                );
            }
            Shape::Html => {
                return refuse(
                    "not written: the text of an HTML page written over it would lose its markup",
                    "write the cleaned text with --out DIR, or print it",
                );
            }
            Shape::Text | Shape::Subtitles => {}
        }
        if !changed {
            return Ok(());
        }
        if self.lossy && backup.is_none() {
            return refuse(
                "not written: --lossy replaced invalid bytes with U+FFFD, so writing it back would lose them",
                "keep the original with --backup .orig, write elsewhere with --out DIR, or read it with the right --encoding",
            );
        }
        // Written back in the encoding it was read in: a UTF-16 or windows-1252 file stays one.
        let seen = seen?;
        let cleaned = encode_back(path, kept.cleaned(), self.encoding)?;
        let cleaned = compress_back(self.input, cleaned)?;
        in_place::write_back(path, &seen, &cleaned, backup)
    }

    /// Writes the cleaned text under `--out DIR` where the plan said it would go.
    fn out_dir(
        &self,
        dir: &Path,
        path: &Path,
        relative: &Path,
        planned: Option<&Path>,
        kept: &Kept,
    ) -> Result<(), Error> {
        let as_text = matches!(self.shape, Shape::Transcript | Shape::Html);
        let actual = out_plan::target(dir, relative, as_text);
        match planned {
            Some(planned) if planned == actual => {
                // A compressed input's copy keeps its name, so it is compressed too.
                let bytes = compress_back(self.input, kept.cleaned().as_bytes().into())?;
                sink::write_new(planned, &bytes)
            }
            _ => Err(Error::Usage {
                path: path.to_path_buf(),
                message: format!(
                    "not written: its first lines did not show its format, so {} was not planned for it",
                    actual.display()
                ),
                hint: Some("name its format with --format".into()),
            }),
        }
    }
}

/// `text` in the encoding its file was read in, or why it cannot be written back in it.
pub(crate) fn encode_back<'a>(
    path: &std::path::Path,
    text: &'a str,
    encoding: crate::encoding::TextEncoding,
) -> Result<std::borrow::Cow<'a, [u8]>, Error> {
    if encoding.is_utf8() {
        return Ok(std::borrow::Cow::Borrowed(text.as_bytes()));
    }
    encoding.encode(text).map(std::borrow::Cow::Owned).map_err(|u| Error::Encode {
        path: path.to_path_buf(),
        line: memchr::memchr_iter(b'\n', &text.as_bytes()[..u.offset]).count() + 1,
        message: format!(
            "the cleaned text has `{}` (U+{:04X}), which {} cannot hold",
            u.character,
            u32::from(u.character),
            encoding.name()
        ),
        hint: Some(format!(
            "write UTF-8 copies with --out DIR, or convert the file first: `iconv -f {} -t UTF-8`",
            encoding.name()
        )),
    })
}

/// The path shown in diff headers: relative paths as given, every byte of the name kept (the
/// headers quote what needs it, as git does).
pub(crate) fn diff_label(input: &Input) -> PathBuf {
    match input {
        Input::Stdin => "<stdin>".into(),
        Input::File { path, .. } => path.strip_prefix("./").unwrap_or(path).to_path_buf(),
    }
}

/// A diff of one document (or one JSON Lines record) as the diff sink was asked for it:
/// unified, explained, or word by word.
pub(crate) fn render_diff(
    mode: &Mode,
    path: &std::path::Path,
    before: &str,
    outcome: &Outcome,
) -> String {
    let Mode::Diff {
        color,
        explain,
        word,
    } = *mode
    else {
        return String::new();
    };
    let mut text = if word {
        word::render(path, before, outcome, color, explain)
    } else {
        unified::render_explained(path, before, outcome, color, explain)
    };
    // Unsafe rules' changes that were not applied are shown after the diff, never in it.
    text.push_str(&crate::diff::explain::suggestion_lines(
        &path.to_string_lossy(),
        &outcome.suggestions,
        &crate::diff::Palette::new(color),
    ));
    text
}

/// The bytes to write back, compressed again if the input was compressed.
fn compress_back<'a>(
    input: &Input,
    bytes: std::borrow::Cow<'a, [u8]>,
) -> Result<std::borrow::Cow<'a, [u8]>, Error> {
    match (adapter::compression(input), input.path()) {
        (Some(kind), Some(path)) => {
            kind.compress(&bytes)
                .map(std::borrow::Cow::Owned)
                .map_err(|source| Error::Write {
                    path: path.to_path_buf(),
                    source,
                })
        }
        _ => Ok(bytes),
    }
}
