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
    let source = match args.file.file_name() {
        _ if crate::stdin::is_stdin(&args.file) => crate::stdin::LABEL.to_string(),
        Some(name) => name.to_string_lossy().into_owned(),
        None => args.file.display().to_string(),
    };
    let result = crate::import::read(format, &args.file).and_then(|imported| {
        let text = imported.to_toml(format, &source);
        match args
            .output
            .output
            .as_deref()
            .filter(|p| output_file::destination(p) == Destination::File)
        {
            Some(path) => output_file::write(path, text.as_bytes())?,
            None => out.print(&text),
        }
        let name = args
            .output
            .output
            .as_ref()
            .map_or_else(|| source.clone(), |p| p.display().to_string());
        Ok((imported, crate::import::lint(&name, &text)?))
    });
    match result {
        Ok((imported, findings)) => {
            let (lint, error) = crate::import::lint_summary(&findings);
            let file = match crate::stdin::is_stdin(&args.file) {
                true => crate::stdin::LABEL.to_string(),
                false => args.file.display().to_string(),
            };
            out.summary(&format!("{file}: {}; {lint}", imported.summary()));
            if error { EXIT_ERROR } else { EXIT_OK }
        }
        Err(e) => {
            out.error(&e.to_string());
            EXIT_ERROR
        }
    }
}
