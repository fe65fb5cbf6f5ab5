//! JSON Lines datasets: one field of each record cleaned, every other field and the record order
//! kept, streamed in batches so memory stays flat whatever the file size.
//!
//! A record that does not change is written back byte for byte. A changed record keeps the other
//! fields' values exactly as written (they are carried as raw JSON); only the cleaned field is
//! re-encoded. A bad record (invalid UTF-8 or JSON, no such field, not a string) is an error
//! naming its line, or with `skip_bad` it is passed through unchanged, byte for byte, and
//! counted: nothing is dropped. A record's CRLF ending stays CRLF.

use crate::engine::{Engine, Outcome};
use rayon::prelude::*;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::fmt;
use std::io::{BufRead, Write};

/// Records cleaned per batch at most: large enough to keep two threads busy.
pub const BATCH_RECORDS: usize = 2048;

/// Bytes of records read per batch at most (a record longer than this is a batch of its own):
/// a cleaned record holds its text, the cleaned text and the changes, several times its size,
/// so the batch is bounded by bytes, not only by count, to keep memory flat.
pub const BATCH_BYTES: usize = 4 << 20;

/// An object's members in file order, values kept as raw JSON text.
struct Members(Vec<(String, Box<RawValue>)>);

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MembersVisitor;
        impl<'de> Visitor<'de> for MembersVisitor {
            type Value = Members;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
                let mut members = Vec::new();
                while let Some(entry) = map.next_entry::<String, Box<RawValue>>()? {
                    members.push(entry);
                }
                Ok(Members(members))
            }
        }
        deserializer.deserialize_map(MembersVisitor)
    }
}

/// A record that could not be cleaned, with its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRecord {
    pub line: usize,
    pub message: String,
}

/// What happened to one record.
pub enum Record {
    /// Blank line or unchanged record: written back as it was.
    Unchanged(String),
    Changed {
        line: usize,
        output: String,
        original: String,
        outcome: Outcome,
    },
    /// The record's bytes as read: a record that is not UTF-8 is still passed through whole.
    Bad(BadRecord, Vec<u8>),
}

/// Cleans one line of the file; `offset` is where it starts, for messages.
fn clean_line(
    engine: &Engine,
    field: &str,
    line_no: usize,
    offset: usize,
    bytes: Vec<u8>,
) -> Record {
    match String::from_utf8(bytes) {
        Ok(line) => clean_record(engine, field, line_no, line),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let message = format!(
                "not valid UTF-8 (byte 0x{:02X}) (byte offset {})",
                e.as_bytes()[at],
                offset + at
            );
            Record::Bad(
                BadRecord {
                    line: line_no,
                    message,
                },
                e.into_bytes(),
            )
        }
    }
}

/// What is wrong with a field that did not read as a string: another kind of value, or a
/// string that is not Unicode text (an unpaired surrogate escape such as `\uD800`).
fn not_text(field: &str, raw: &str, error: &serde_json::Error) -> String {
    match value_kind(raw) {
        Some(kind) => format!("field `{field}` is {kind}, not a string"),
        None => format!(
            "field `{field}` is a string that is not text ({}){}",
            reason_without_place(error),
            lone_surrogate_hint(raw, error)
        ),
    }
}

/// The kind of JSON value `raw` holds, in words; `None` for a string.
fn value_kind(raw: &str) -> Option<&'static str> {
    use serde_json::Value;
    let Ok(value) = serde_json::from_str::<Value>(raw) else {
        // The field is valid JSON: what does not parse again is a string serde_json refused as
        // text, or a number out of its range (`1e400`).
        return (!raw.trim_start().starts_with('"')).then_some("a number");
    };
    match value {
        Value::Object(_) => Some("an object"),
        Value::Array(_) => Some("an array"),
        Value::Bool(_) => Some("a boolean"),
        Value::Null => Some("null"),
        Value::Number(_) => Some("a number"),
        Value::String(_) => None,
    }
}

/// serde_json's message without its ` at line 1 column N`: the record's line is named already.
fn reason_without_place(error: &serde_json::Error) -> String {
    let reason = error.to_string();
    match reason.split_once(" at line ") {
        Some((reason, _)) => reason.to_string(),
        None => reason,
    }
}

/// What to do about a `\uD800`-`\uDFFF` escape that is not one of a pair, if that is the error.
fn lone_surrogate_hint(raw: &str, error: &serde_json::Error) -> &'static str {
    const SURROGATE_ESCAPES: [&str; 8] = [
        "\\ud8", "\\ud9", "\\uda", "\\udb", "\\udc", "\\udd", "\\ude", "\\udf",
    ];
    let lower = raw.to_ascii_lowercase();
    let escaped = SURROGATE_ESCAPES.iter().any(|p| lower.contains(p));
    if error.to_string().contains("surrogate") || escaped {
        ": a \\uD800-\\uDFFF escape must be one of a pair, and this one is alone"
    } else {
        ""
    }
}

fn clean_record(engine: &Engine, field: &str, line_no: usize, line: String) -> Record {
    if line.trim().is_empty() {
        return Record::Unchanged(line);
    }
    let bad = |message: String, line: String| {
        Record::Bad(
            BadRecord {
                line: line_no,
                message,
            },
            line.into_bytes(),
        )
    };
    let members: Members = match serde_json::from_str(&line) {
        Ok(members) => members,
        Err(e) => return bad(format!("invalid JSON: {e}"), line),
    };
    let Some(position) = members.0.iter().position(|(k, _)| k == field) else {
        return bad(format!("no field `{field}`"), line);
    };
    let text: String = match serde_json::from_str(members.0[position].1.get()) {
        Ok(text) => text,
        Err(e) => return bad(not_text(field, members.0[position].1.get(), &e), line),
    };
    let mut outcome = engine.clean(&text);
    if let Some(runaway) = &outcome.runaway {
        return bad(format!("field `{field}` {runaway}"), line);
    }
    super::keep_unterminated(&text, &mut outcome);
    if outcome.cleaned == text {
        return Record::Unchanged(line);
    }
    let mut output = String::with_capacity(line.len());
    output.push('{');
    for (i, (key, value)) in members.0.iter().enumerate() {
        if i > 0 {
            output.push(',');
        }
        output.push_str(&serde_json::to_string(key).expect("a string encodes"));
        output.push(':');
        if i == position {
            output.push_str(&serde_json::to_string(&outcome.cleaned).expect("a string encodes"));
        } else {
            output.push_str(value.get());
        }
    }
    output.push('}');
    if line.ends_with('\r') {
        output.push('\r');
    }
    Record::Changed {
        line: line_no,
        output,
        original: text,
        outcome,
    }
}

/// Cleans `field` of every record of `reader` in batches, calling `sink` for each record in
/// order. Stops at the first read error; bad records are passed to `sink` like the others.
pub fn process(
    reader: impl BufRead,
    engine: &Engine,
    field: &str,
    mut sink: impl FnMut(Record) -> std::io::Result<()>,
) -> std::io::Result<()> {
    // Lines as bytes, `\r` kept: a record that is not UTF-8 is a bad record, not the end of the
    // file, and a CRLF file is written back with CRLF.
    let mut lines = reader.split(b'\n').enumerate();
    let mut offset = 0;
    loop {
        let mut batch = Vec::with_capacity(BATCH_RECORDS);
        let mut batch_bytes = 0;
        while batch.len() < BATCH_RECORDS && batch_bytes < BATCH_BYTES {
            let Some((index, line)) = lines.next() else {
                break;
            };
            let line = line?;
            let len = line.len() + 1;
            batch.push((index + 1, offset, line));
            offset += len;
            batch_bytes += len;
        }
        if batch.is_empty() {
            return Ok(());
        }
        let records: Vec<Record> = batch
            .into_par_iter()
            .map(|(line_no, offset, line)| clean_line(engine, field, line_no, offset, line))
            .collect();
        for record in records {
            sink(record)?;
        }
    }
}

/// Writes a record's output line (the cleaned record, or the original for the others).
pub fn write_record(out: &mut impl Write, record: &Record) -> std::io::Result<()> {
    let bytes = match record {
        Record::Unchanged(line) => line.as_bytes(),
        Record::Changed { output, .. } => output.as_bytes(),
        Record::Bad(_, bytes) => bytes,
    };
    out.write_all(bytes)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &str) -> (String, Vec<BadRecord>) {
        let engine = Engine::builtin().unwrap();
        let mut out = Vec::new();
        let mut bad = Vec::new();
        process(input.as_bytes(), &engine, "text", |record| {
            if let Record::Bad(b, _) = &record {
                bad.push(b.clone());
            }
            write_record(&mut out, &record)
        })
        .unwrap();
        (String::from_utf8(out).unwrap(), bad)
    }

    #[test]
    fn cleans_one_field_and_keeps_the_rest_as_written() {
        let input = "{\"id\": 1.50, \"text\": \"Putin in Dombas\\u00a0now\", \"meta\": {\"a\": [1, 2]}}\n{\"id\":2,\"text\":\"clean\\n\"}\n";
        let (out, bad) = run(input);
        assert!(bad.is_empty());
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            "{\"id\":1.50,\"text\":\"Putin in Donbas now\",\"meta\":{\"a\": [1, 2]}}"
        );
        assert_eq!(
            lines[1], "{\"id\":2,\"text\":\"clean\\n\"}",
            "unchanged records stay byte for byte"
        );
    }

    #[test]
    fn bad_records_are_reported_with_their_line_and_passed_through() {
        let input = "{\"text\":\"ok\\n\"}\nnot json\n{\"body\":\"x\"}\n{\"text\":3}\n\n";
        let (out, bad) = run(input);
        assert_eq!(bad.iter().map(|b| b.line).collect::<Vec<_>>(), [2, 3, 4]);
        assert!(bad[0].message.starts_with("invalid JSON"));
        assert_eq!(bad[1].message, "no field `text`");
        assert_eq!(bad[2].message, "field `text` is a number, not a string");
        assert_eq!(out, input, "nothing is dropped");
    }

    #[test]
    fn an_unpaired_surrogate_is_named_as_what_is_wrong() {
        let (_, bad) = run("{\"text\":\"a \\ud800 b\"}\n");
        assert_eq!(bad.len(), 1);
        assert!(
            bad[0]
                .message
                .starts_with("field `text` is a string that is not text (")
                && bad[0].message.contains("\\uD800-\\uDFFF")
                && bad[0].message.ends_with("this one is alone"),
            "{}",
            bad[0].message
        );
    }

    #[test]
    fn a_record_that_is_not_utf8_is_bad_and_passed_through_byte_for_byte() {
        let engine = Engine::builtin().unwrap();
        let input = b"{\"text\":\"a  b\"}\r\n{\"text\":\"caf\xE9\"}\n{\"text\":\"ok\"}\n";
        let (mut out, mut bad) = (Vec::new(), Vec::new());
        process(&input[..], &engine, "text", |record| {
            if let Record::Bad(b, _) = &record {
                bad.push(b.clone());
            }
            write_record(&mut out, &record)
        })
        .unwrap();
        assert_eq!(
            bad,
            [BadRecord {
                line: 2,
                message: "not valid UTF-8 (byte 0xE9) (byte offset 29)".into()
            }]
        );
        assert_eq!(
            out, b"{\"text\":\"a b\"}\r\n{\"text\":\"caf\xE9\"}\n{\"text\":\"ok\"}\n",
            "CRLF kept, the bad record whole"
        );
    }
}
