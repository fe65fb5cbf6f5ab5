//! `transclean import`: rule files from other tools' lists.

use crate::app::{EXIT_ERROR, EXIT_OK};
use crate::output_file::{self, Destination};
use crate::report::Output;

pub(crate) fn import(args: &crate::cli::ImportArgs, out: &mut Output) -> u8 {
    use crate::cli::ImportFormat;
    use crate::import::Format;
    let format = match args.format {
        ImportFormat::Codespell => Format::Codespell,
        ImportFormat::Typos => Format::Typos,
        ImportFormat::SubtitleEdit => Format::SubtitleEdit,
        ImportFormat::Languagetool => Format::LanguageTool,
    };
    let result = crate::import::read(format, &args.file).and_then(|imported| {
        let source = args.file.file_name().map_or_else(
            || args.file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let text = imported.to_toml(format, &source);
        match args
            .output
            .as_deref()
            .filter(|p| output_file::destination(p) == Destination::File)
        {
            Some(path) => output_file::write(path, text.as_bytes())?,
            None => out.print(&text),
        }
        let name = args
            .output
            .as_ref()
            .map_or(source, |p| p.display().to_string());
        Ok((imported, crate::import::lint(&name, &text)?))
    });
    match result {
        Ok((imported, findings)) => {
            let (lint, error) = crate::import::lint_summary(&findings);
            out.summary(&format!(
                "{}: {}; {lint}",
                args.file.display(),
                imported.summary()
            ));
            if error { EXIT_ERROR } else { EXIT_OK }
        }
        Err(e) => {
            out.error(&e.to_string());
            EXIT_ERROR
        }
    }
}
