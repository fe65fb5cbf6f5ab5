//! The JSON Lines adapter: records streamed through the engine to the sink.

use crate::engine::Engine;
use crate::error::Error;
use crate::formats::jsonl;
use crate::in_place;
use crate::inputs::Input;
use crate::pipeline::adapter::{self};
use crate::pipeline::compress::{Compression, Encoder};
use crate::pipeline::document_input::render_diff;
use crate::pipeline::job::{FileReport, Job, Mode};
use crate::report::{self, Output};
use crate::sink;
use std::path::PathBuf;

/// Streams one JSON Lines input: records are cleaned in batches and written, diffed or counted
/// as they come, so memory stays flat. A bad record stops the file (nothing is written back)
/// unless `--skip-bad` passes it through.
pub(crate) fn jsonl_one(input: &Input, engine: &Engine, job: &Job, out: &mut Output) -> FileReport {
    let label = input.label();
    let mut report = FileReport::new(label.clone());
    let path = PathBuf::from(&label);
    // JSON is UTF-8 by definition; reading it otherwise would be a guess the user did not ask
    // for, and ignoring the flag would hide that it does nothing.
    if let Some(encoding) = job.read.encoding.filter(|e| !e.is_utf8()) {
        return FileReport::failed(
            label,
            Error::Usage {
                path,
                message: format!(
                    "JSON Lines are UTF-8; --encoding {} does not apply",
                    encoding.name()
                ),
                hint: Some(format!(
                    "convert the file first: `iconv -f {} -t UTF-8`",
                    encoding.name()
                )),
            },
        );
    }
    let reader = match open_reader(input) {
        Ok(reader) => reader,
        Err(e) => return FileReport::failed(label, e),
    };
    let mut target = match (&job.mode, input) {
        (Mode::Write { .. }, Input::File { path, .. }) => Some((
            in_place::Seen::before_reading(path)
                .and_then(|seen| in_place::writer(path, &seen))
                .and_then(|w| RecordWriter::new(w, adapter::compression(input), path)),
            true,
        )),
        (Mode::OutDir(dir), Input::File { relative, .. }) => {
            let target = dir.join(relative);
            Some((
                sink::create_parent(&target)
                    .and_then(|_| sink::AtomicWriter::create(&target))
                    .and_then(|w| RecordWriter::new(w, adapter::compression(input), &target)),
                false,
            ))
        }
        _ => None,
    };
    if let Some((Err(_), _)) = &target {
        let Some((Err(e), _)) = target.take() else {
            unreachable!()
        };
        return FileReport::failed(label, e);
    }
    let (mut records, mut changed, mut bad) = (0usize, 0usize, 0usize);
    let mut fatal: Option<Error> = None;
    let mut buffer = Vec::new();
    let result = jsonl::process(reader, engine, &job.input.field, |record| {
        records += 1;
        if let jsonl::Record::Bad(problem, _) = &record {
            let error = Error::BadRecord {
                path: path.clone(),
                line: problem.line,
                message: problem.message.clone(),
                hint: (!job.input.skip_bad)
                    .then(|| "--skip-bad passes bad records through unchanged".into()),
            };
            if !job.input.skip_bad {
                fatal = Some(error);
                return Err(std::io::Error::other("bad record"));
            }
            bad += 1;
            out.warning(&format!("{error}; passed through unchanged"));
        }
        if let jsonl::Record::Changed {
            line,
            original,
            outcome,
            ..
        } = &record
        {
            changed += 1;
            report.changes += outcome.changes.len();
            for (rule, n) in outcome.counts_by_rule() {
                *report.by_rule.entry(rule.to_string()).or_default() += n;
            }
            let record_label = PathBuf::from(format!("{label}:{line}"));
            match &job.mode {
                Mode::Diff { .. } => {
                    out.print(&render_diff(&job.mode, &record_label, original, outcome))
                }
                Mode::Collect { keep_text } => {
                    let mut part = FileReport::new(record_label.display().to_string());
                    part.changed = true;
                    part.changes = outcome.changes.len();
                    part.original = keep_text.then(|| original.clone());
                    part.outcome = Some(outcome.clone());
                    report.parts.push(part);
                }
                _ => {}
            }
        }
        match (&job.mode, target.as_mut()) {
            (_, Some((Ok(writer), _))) => jsonl::write_record(writer, &record),
            (Mode::Print | Mode::Write { .. } | Mode::OutDir(_), None) => {
                buffer.clear();
                jsonl::write_record(&mut buffer, &record)?;
                out.print_bytes(&buffer);
                Ok(())
            }
            _ => Ok(()),
        }
    });
    report.changed = changed > 0;
    if let Some(error) = fatal {
        report.error = Some(error);
        return report;
    }
    if let Err(source) = result {
        report.error = Some(Error::Read { path, source });
        return report;
    }
    if let Some((Ok(writer), in_place)) = target {
        // In place, an unchanged file is left alone (its timestamps too).
        if changed > 0 || !in_place {
            report.error = writer.commit().err();
        }
    }
    if let Mode::Check { verbose } = job.mode
        && (changed > 0 || verbose)
    {
        report.stdout = format!(
            "{label}: {changed} of {} would change ({}){}\n",
            report::count(records, "record"),
            report::count(report.changes, "change"),
            if bad > 0 {
                format!("; {bad} bad passed through")
            } else {
                String::new()
            }
        );
    }
    report
}

/// A reader of the records of an input, through its decompression.
fn open_reader(input: &Input) -> Result<Box<dyn std::io::BufRead>, Error> {
    let path = match input {
        Input::Stdin => return Ok(Box::new(std::io::BufReader::new(std::io::stdin()))),
        Input::File { path, .. } => path,
    };
    let read_error = |source| Error::Read {
        path: path.clone(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let file = std::io::BufReader::with_capacity(1 << 20, file);
    Ok(match adapter::compression(input) {
        Some(kind) => Box::new(std::io::BufReader::with_capacity(
            1 << 20,
            kind.decoder(file).map_err(read_error)?,
        )),
        None => Box::new(file),
    })
}

/// Where cleaned records go: the atomic file, compressed again if the input was.
pub(crate) enum RecordWriter {
    Plain(sink::AtomicWriter),
    Compressed(Encoder<'static, sink::AtomicWriter>, PathBuf),
}

impl RecordWriter {
    fn new(
        writer: sink::AtomicWriter,
        compression: Option<Compression>,
        path: &std::path::Path,
    ) -> Result<RecordWriter, Error> {
        match compression {
            None => Ok(RecordWriter::Plain(writer)),
            Some(kind) => kind
                .encoder(writer)
                .map(|e| RecordWriter::Compressed(e, path.to_path_buf()))
                .map_err(|source| Error::Write {
                    path: path.to_path_buf(),
                    source,
                }),
        }
    }

    fn commit(self) -> Result<(), Error> {
        match self {
            RecordWriter::Plain(writer) => writer.commit(),
            RecordWriter::Compressed(encoder, path) => encoder
                .finish()
                .map_err(|source| Error::Write { path, source })?
                .commit(),
        }
    }
}

impl std::io::Write for RecordWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            RecordWriter::Plain(w) => w.write(buf),
            RecordWriter::Compressed(w, _) => w.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            RecordWriter::Plain(w) => w.flush(),
            RecordWriter::Compressed(w, _) => w.flush(),
        }
    }
}
