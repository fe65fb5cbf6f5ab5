//! JSON Lines datasets: one field of each record cleaned, every other field and the record order
//! kept, streamed in batches so memory stays flat whatever the file size.
//!
//! A record that does not change is written back byte for byte. A changed record keeps the other
//! fields' values exactly as written (they are carried as raw JSON); only the cleaned field is
//! re-encoded. A bad record (invalid JSON, no such field, not a string) is an error naming its
//! line, or with `skip_bad` it is passed through unchanged and counted: nothing is dropped.

use crate::engine::{Engine, Outcome};
use rayon::prelude::*;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::fmt;
use std::io::{BufRead, Write};

/// Records cleaned per batch: large enough to keep two threads busy, small enough to keep
/// memory flat (a batch is a few megabytes for typical records).
pub const BATCH_RECORDS: usize = 2048;

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
    Bad(BadRecord, String),
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
            line,
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
        Err(_) => return bad(format!("field `{field}` is not a string"), line),
    };
    let mut outcome = engine.clean(&text);
    crate::document::keep_unterminated(&text, &mut outcome);
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
    let mut lines = reader.lines().enumerate();
    loop {
        let mut batch = Vec::with_capacity(BATCH_RECORDS);
        for (index, line) in lines.by_ref().take(BATCH_RECORDS) {
            batch.push((index + 1, line?));
        }
        if batch.is_empty() {
            return Ok(());
        }
        let records: Vec<Record> = batch
            .into_par_iter()
            .map(|(line_no, line)| clean_record(engine, field, line_no, line))
            .collect();
        for record in records {
            sink(record)?;
        }
    }
}

/// Writes a record's output line (the cleaned record, or the original for the others).
pub fn write_record(out: &mut impl Write, record: &Record) -> std::io::Result<()> {
    let text = match record {
        Record::Unchanged(line) | Record::Bad(_, line) => line,
        Record::Changed { output, .. } => output,
    };
    out.write_all(text.as_bytes())?;
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
        assert_eq!(bad[2].message, "field `text` is not a string");
        assert_eq!(out, input, "nothing is dropped");
    }
}
