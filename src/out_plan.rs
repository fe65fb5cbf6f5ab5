//! Where `clean --out DIR` writes each input, decided for the whole run before anything is
//! written: an output folder that is an input folder (or inside one) is refused, and so are two
//! inputs that would be written to one file, so no input and no output is ever overwritten by
//! another.

use crate::document::FormatOptions;
use crate::error::Error;
use crate::formats::Format;
use crate::inputs::Input;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// How much of a file is read to tell whether it is subtitles (whose transcript is a `.txt`).
const HEAD_LEN: u64 = 4096;

/// The file each input (by its path) is written to.
pub type Targets = HashMap<PathBuf, PathBuf>;

/// The file `relative` goes to under `dir`: subtitles cleaned into a transcript become `.txt`.
pub fn target(dir: &Path, relative: &Path, transcript: bool) -> PathBuf {
    if transcript {
        dir.join(relative).with_extension("txt")
    } else {
        dir.join(relative)
    }
}

/// Plans every input's output under `dir`; `arguments` are the paths given on the command line.
/// Returns every reason to refuse the run, if there is any.
pub fn plan(
    dir: &Path,
    arguments: &[PathBuf],
    inputs: &[Result<Input, Error>],
    options: &FormatOptions,
) -> Result<Targets, Vec<Error>> {
    let mut problems = folder_problems(dir, arguments);
    let inputs_seen: HashMap<PathBuf, &Path> = inputs
        .iter()
        .filter_map(|i| i.as_ref().ok().and_then(Input::path))
        .filter_map(|p| Some((std::fs::canonicalize(p).ok()?, p)))
        .collect();
    let mut targets = Targets::new();
    let mut by_target: HashMap<PathBuf, &Path> = HashMap::new();
    for input in inputs.iter().filter_map(|i| i.as_ref().ok()) {
        let Input::File { path, relative, .. } = input else {
            continue;
        };
        let target = target(dir, relative, becomes_transcript(path, options));
        if let Some(input) = canonical(&target).and_then(|t| inputs_seen.get(&t)) {
            problems.push(refusal(
                path,
                format!(
                    "its output {} is the input {}",
                    target.display(),
                    input.display()
                ),
            ));
        } else if let Some(first) = by_target.insert(lexical(&target), path) {
            problems.push(refusal(
                path,
                format!(
                    "it and {} would both be written to {}",
                    first.display(),
                    target.display()
                ),
            ));
        }
        targets.insert(path.clone(), target);
    }
    if problems.is_empty() {
        Ok(targets)
    } else {
        Err(problems)
    }
}

/// An output folder that is an input folder, inside one, or the folder of an input file.
fn folder_problems(dir: &Path, arguments: &[PathBuf]) -> Vec<Error> {
    let Some(out) = canonical(dir) else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    for argument in arguments.iter().filter(|a| a.as_os_str() != "-") {
        let Ok(metadata) = std::fs::metadata(argument) else {
            continue;
        };
        let folder = if metadata.is_dir() {
            canonical(argument)
        } else {
            canonical(argument).and_then(|p| p.parent().map(Path::to_path_buf))
        };
        let Some(folder) = folder else { continue };
        let message = if metadata.is_dir() && out.starts_with(&folder) {
            let place = if out == folder { "is" } else { "is inside" };
            format!(
                "the output folder {} {place} the input folder {}",
                dir.display(),
                argument.display()
            )
        } else if !metadata.is_dir() && out == folder {
            format!(
                "the output folder {} is the folder of the input {}",
                dir.display(),
                argument.display()
            )
        } else {
            continue;
        };
        problems.push(Error::Usage {
            path: dir.to_path_buf(),
            message: format!("nothing written: {message}"),
            hint: Some("write to a folder outside the inputs, or clean in place with --write (which keeps its safeguards)".into()),
        });
    }
    problems
}

fn refusal(path: &Path, message: String) -> Error {
    Error::Usage {
        path: path.to_path_buf(),
        message: format!("nothing written: {message}"),
        hint: Some(
            "clean them in separate runs into different folders, or rename one of them".into(),
        ),
    }
}

/// Whether `path` is cleaned into a transcript written as `.txt` (subtitles without
/// `--keep-format`, and HTML pages, always), judged from its name and first lines as the
/// cleaning itself judges it.
fn becomes_transcript(path: &Path, options: &FormatOptions) -> bool {
    let mut head = Vec::new();
    if let Ok(file) = std::fs::File::open(path) {
        let _ = file.take(HEAD_LEN).read_to_end(&mut head);
    }
    let head = String::from_utf8_lossy(&head);
    let format = options.format.resolve(&path.to_string_lossy(), &head);
    format == Format::Html || (!options.keep_format && format.subtitle_syntax().is_some())
}

/// `path` with symlinks resolved, for a path that may not exist yet: its nearest existing
/// ancestor resolved, the rest as written.
fn canonical(path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(path).ok()?;
    let mut rest = Vec::new();
    let mut existing = absolute.as_path();
    loop {
        if let Ok(resolved) = std::fs::canonicalize(existing) {
            return Some(rest.iter().rev().fold(resolved, |p, c| p.join(c)));
        }
        rest.push(existing.file_name()?.to_owned());
        existing = existing.parent()?;
    }
}

/// A target's key for telling collisions: resolved where it exists, as written otherwise.
fn lexical(target: &Path) -> PathBuf {
    canonical(target).unwrap_or_else(|| target.to_path_buf())
}
