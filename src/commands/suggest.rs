//! `transclean suggest`: rules proposed from a lexicon of names.

use crate::app::{EXIT_ERROR, EXIT_OK};
use crate::inputs::{self};
use crate::report::{self, Output};
use crate::source::{Content, ReadOptions};
use std::path::PathBuf;

/// Reads every input as text, reporting the ones that cannot be read; binary files are skipped.
pub(crate) fn read_documents(
    paths: &[PathBuf],
    out: &mut Output,
) -> (Vec<(String, String)>, usize) {
    let mut documents = Vec::new();
    let mut errors = 0;
    for input in inputs::collect(paths) {
        let result = input.and_then(|input| {
            Ok((
                input.label(),
                crate::pipeline::document_input::read_input(&input, &ReadOptions::default())?,
            ))
        });
        match result {
            Ok((label, Content::Text(text))) => documents.push((label, text.text)),
            Ok((_, Content::Binary { .. })) => {}
            Err(e) => {
                errors += 1;
                out.error(&e.to_string());
            }
        }
    }
    (documents, errors)
}

pub(crate) fn suggest(args: &crate::cli::SuggestArgs, out: &mut Output) -> u8 {
    use crate::suggest::{self, Document, Options};
    let lexicon = match read_lexicon(&args.lexicon) {
        Ok(text) => suggest::read_lexicon(&text),
        Err(e) => {
            out.error(&format!(
                "{}: cannot read the lexicon: {e}",
                args.lexicon.display()
            ));
            return EXIT_ERROR;
        }
    };
    if lexicon.is_empty() {
        out.error(&format!(
            "{}: the lexicon has no terms\n  hint: write one name or term per line",
            args.lexicon.display()
        ));
        return EXIT_ERROR;
    }
    let (documents, errors) = read_documents(&args.paths, out);
    let documents: Vec<Document> = documents
        .into_iter()
        .map(|(label, text)| Document { label, text })
        .collect();
    let options = Options {
        top: args.top,
        min_score: args.min_score,
    };
    let found = suggest::suggest(&lexicon, &documents, options);
    let text = suggest::to_toml(&found, &args.lexicon.display().to_string());
    let output = args.output.output.as_deref();
    let ((), write_failed) = crate::commands::to_output_file(output, out, |out| out.print(&text));
    out.summary(&format!(
        "{} from {} ({} in the lexicon)",
        report::count(found.len(), "suggestion"),
        report::count(documents.len(), "file"),
        report::count(lexicon.len(), "term")
    ));
    if errors > 0 || write_failed {
        EXIT_ERROR
    } else {
        EXIT_OK
    }
}

/// The lexicon's text, from its file or (`-`) standard input.
fn read_lexicon(path: &std::path::Path) -> std::io::Result<String> {
    if !crate::stdin::is_stdin(path) {
        return std::fs::read_to_string(path);
    }
    String::from_utf8(crate::stdin::bytes()?.to_vec())
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}
