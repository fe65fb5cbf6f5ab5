//! `transclean learn`: rules learned from a document and its corrected copy.

use crate::app::{EXIT_ERROR, EXIT_OK};
use crate::error::Error;
use crate::output_file::{self, Destination};
use crate::report::Output;
use crate::source::{self, Decoded};

pub(crate) fn learn(args: &crate::cli::LearnArgs, out: &mut Output) -> u8 {
    let read = |path: &std::path::Path| match source::read_path(path)? {
        Decoded::Text(text) => Ok(text),
        Decoded::Binary => Err(Error::Input {
            file: path.display().to_string(),
            message: "a binary file, not a document".into(),
            hint: None,
        }),
    };
    let (original, corrected) = match (read(&args.original), read(&args.corrected)) {
        (Ok(original), Ok(corrected)) => (original, corrected),
        (Err(e), _) | (_, Err(e)) => {
            out.error(&e.to_string());
            return EXIT_ERROR;
        }
    };
    let learned = crate::learn::learn(&original, &corrected);
    let text = learned.to_toml(&label(&args.original), &label(&args.corrected));
    match args
        .output
        .output
        .as_deref()
        .filter(|p| output_file::destination(p) == Destination::File)
    {
        Some(path) => {
            if let Err(e) = output_file::write(path, text.as_bytes()) {
                out.error(&e.to_string());
                return EXIT_ERROR;
            }
        }
        None => out.print(&text),
    }
    out.summary(&learned.summary());
    EXIT_OK
}

/// How a document is named in the rule file: its path, or `<stdin>` for `-`.
fn label(path: &std::path::Path) -> String {
    if crate::stdin::is_stdin(path) {
        crate::stdin::LABEL.to_string()
    } else {
        path.display().to_string()
    }
}
