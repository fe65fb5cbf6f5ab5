//! The JSON Lines adapter: records streamed through the engine to the sink.

use crate::engine::{Engine, Outcome};
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
    let (target, in_place) = match open_target(input, job) {
        Ok(Some((writer, in_place))) => (Some(writer), in_place),
        Ok(None) => (None, false),
        Err(e) => return FileReport::failed(label, e),
    };
    let mut records = Records {
        job,
        path,
        report: FileReport::new(label),
        target,
        counts: (0, 0, 0),
        fatal: None,
        buffer: Vec::new(),
    };
    let result = jsonl::process(reader, engine, &job.input.field, |record| {
        records.take(record, out)
    });
    records.finish(result, in_place)
}

/// Where the records of a file go when they are written: (the writer, whether in place).
fn open_target(input: &Input, job: &Job) -> Result<Option<(RecordWriter, bool)>, Error> {
    let compression = adapter::compression(input);
    match (&job.mode, input) {
        (Mode::Write { .. }, Input::File { path, .. }) => {
            let seen = in_place::Seen::before_reading(path)?;
            let writer = in_place::writer(path, &seen)?;
            Ok(Some((RecordWriter::new(writer, compression, path)?, true)))
        }
        (Mode::OutDir(dir), Input::File { relative, .. }) => {
            let target = dir.join(relative);
            sink::create_parent(&target)?;
            let writer = sink::AtomicWriter::create(&target)?;
            Ok(Some((
                RecordWriter::new(writer, compression, &target)?,
                false,
            )))
        }
        _ => Ok(None),
    }
}

/// The records of one file on their way to the sink.
struct Records<'a> {
    job: &'a Job,
    path: PathBuf,
    report: FileReport,
    target: Option<RecordWriter>,
    /// Records read, changed, and bad (passed through).
    counts: (usize, usize, usize),
    fatal: Option<Error>,
    buffer: Vec<u8>,
}

impl Records<'_> {
    /// One record: counted, shown as the sink wants it, written where records go.
    fn take(&mut self, record: jsonl::Record, out: &mut Output) -> std::io::Result<()> {
        let job = self.job;
        self.counts.0 += 1;
        if let jsonl::Record::Bad(problem, _) = &record {
            let error = Error::BadRecord {
                path: self.path.clone(),
                line: problem.line,
                message: problem.message.clone(),
                hint: (!job.input.skip_bad)
                    .then(|| "--skip-bad passes bad records through unchanged".into()),
            };
            if !job.input.skip_bad {
                self.fatal = Some(error);
                return Err(std::io::Error::other("bad record"));
            }
            self.counts.2 += 1;
            out.warning(&format!("{error}; passed through unchanged"));
        }
        if let jsonl::Record::Changed {
            line,
            original,
            outcome,
            ..
        } = &record
        {
            self.changed(*line, original, outcome, out);
        }
        match (&job.mode, self.target.as_mut()) {
            (_, Some(writer)) => jsonl::write_record(writer, &record),
            (Mode::Print | Mode::Write { .. } | Mode::OutDir(_), None) => {
                self.buffer.clear();
                jsonl::write_record(&mut self.buffer, &record)?;
                out.print_bytes(&self.buffer);
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// A changed record: counted by rule, diffed as `path:line`, or kept for a report.
    fn changed(&mut self, line: usize, original: &str, outcome: &Outcome, out: &mut Output) {
        let report = &mut self.report;
        self.counts.1 += 1;
        report.changes += outcome.changes.len();
        report.suggested += outcome.suggestions.len();
        for (rule, n) in outcome.counts_by_rule() {
            *report.by_rule.entry(rule.to_string()).or_default() += n;
        }
        let record_label = PathBuf::from(format!("{}:{line}", report.label));
        match &self.job.mode {
            Mode::Diff { .. } => out.print(&render_diff(
                &self.job.mode,
                &record_label,
                original,
                outcome,
            )),
            Mode::Collect { keep_text } => {
                let mut part = FileReport::new(record_label.display().to_string());
                part.changed = true;
                part.changes = outcome.changes.len();
                part.original = keep_text.then(|| original.to_string());
                part.outcome = Some(outcome.clone());
                report.parts.push(part);
            }
            _ => {}
        }
    }

    /// The file's report once every record went through (or the first bad one stopped it).
    fn finish(self, result: std::io::Result<()>, in_place: bool) -> FileReport {
        let Records {
            job,
            path,
            mut report,
            target,
            counts: (records, changed, bad),
            fatal,
            ..
        } = self;
        report.changed = changed > 0;
        if let Some(error) = fatal {
            report.error = Some(error);
            return report;
        }
        if let Err(source) = result {
            report.error = Some(Error::Read { path, source });
            return report;
        }
        // In place, an unchanged file is left alone (its timestamps too).
        if let Some(writer) = target
            && (changed > 0 || !in_place)
        {
            report.error = writer.commit().err();
        }
        if let Mode::Check { verbose } = job.mode
            && (changed > 0 || verbose)
        {
            report.stdout = format!(
                "{}: {changed} of {} would change ({}){}\n",
                report.label,
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
