//! Turning command-line paths into the list of inputs: stdin, files, and walked directories.

use crate::config::discover::PROJECT_FILE;
use crate::error::Error;
use crate::pipeline::walk_filter::Filter;
use std::path::{Path, PathBuf};

/// One document to clean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File {
        path: PathBuf,
        /// Where it goes under `--out DIR`: the argument it came from as given (its name alone
        /// if absolute or going up with `..`), then its path below that argument.
        relative: PathBuf,
        /// Found by walking a directory (binary files there are skipped quietly).
        walked: bool,
    },
}

impl Input {
    /// The file read, if the input is a file.
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            Input::Stdin => None,
            Input::File { path, .. } => Some(path),
        }
    }

    /// The name shown in messages and diff headers.
    pub fn label(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".into(),
            Input::File { path, .. } => path.display().to_string(),
        }
    }

    /// A file named on the command line.
    pub fn file(path: &Path) -> Input {
        Input::File {
            path: path.to_path_buf(),
            relative: under_out(path),
            walked: false,
        }
    }

    /// The folder to start looking for a project config from.
    pub fn config_start(&self) -> PathBuf {
        match self {
            Input::Stdin => PathBuf::from("."),
            Input::File { path, .. } => path
                .parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        }
    }
}

/// Expands `paths` (none means stdin). Directories are walked recursively in name order,
/// honouring `.gitignore` and skipping hidden files and `transclean.toml` configs; `filter`
/// says which walked files are taken and which named ones dropped.
pub fn collect_filtered(paths: &[PathBuf], filter: &Filter) -> Vec<Result<Input, Error>> {
    if paths.is_empty() {
        return vec![Ok(Input::Stdin)];
    }
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(Ok(Input::Stdin));
        } else {
            match std::fs::metadata(path) {
                Ok(metadata) if metadata.is_dir() => walk(path, filter, &mut out),
                Ok(_) if filter.takes_explicit(path) => out.push(Ok(Input::file(path))),
                Ok(_) => {}
                Err(source) => out.push(Err(Error::Read {
                    path: path.clone(),
                    source: explain_missing(path, source),
                })),
            }
        }
    }
    out
}

/// The error of a path that cannot be looked at, in words (a symlink loop keeps the system's
/// own "too many levels of symbolic links").
pub fn explain_missing(path: &Path, error: std::io::Error) -> std::io::Error {
    use std::io::{Error, ErrorKind};
    match error.kind() {
        ErrorKind::NotFound if path.symlink_metadata().is_ok() => Error::new(
            ErrorKind::NotFound,
            "a symbolic link to a file that does not exist",
        ),
        ErrorKind::NotFound => Error::new(ErrorKind::NotFound, "no such file or directory"),
        _ => error,
    }
}

/// The path an argument keeps under `--out DIR`, as `cp -r` keeps it: the argument as given
/// when it is relative and stays below the current folder (`./` dropped), else its name alone.
fn under_out(argument: &Path) -> PathBuf {
    use std::path::Component;
    let stays_below = argument
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    if stays_below {
        argument
            .components()
            .filter(|c| matches!(c, Component::Normal(_)))
            .collect()
    } else {
        argument
            .file_name()
            .map_or_else(PathBuf::new, PathBuf::from)
    }
}

fn walk(root: &Path, filter: &Filter, out: &mut Vec<Result<Input, Error>>) {
    let project = filter
        .project_files
        .then(|| crate::config::discover::project_config(root))
        .flatten();
    let filter = match filter.clone().with_project(project.as_deref()) {
        Ok(filter) => filter,
        Err(e) => return out.push(Err(e)),
    };
    let walker = ignore::WalkBuilder::new(root)
        .sort_by_file_name(|a, b| a.cmp(b))
        .require_git(false)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                let path = entry.into_path();
                if path.file_name().is_some_and(|n| n == PROJECT_FILE) {
                    continue;
                }
                let below = path.strip_prefix(root).unwrap_or(&path);
                if !filter.takes_walked(below) {
                    continue;
                }
                let relative = match path.strip_prefix(root) {
                    Ok(below) => under_out(root).join(below),
                    Err(_) => path.clone(),
                };
                out.push(Ok(Input::File {
                    path,
                    relative,
                    walked: true,
                }));
            }
            Ok(_) => {}
            Err(err) => out.push(Err(walk_error(root, err))),
        }
    }
}

/// A folder that cannot be read while walking: its own path once, the system's reason, and
/// what to do.
fn walk_error(root: &Path, err: ignore::Error) -> Error {
    let mut path = root.to_path_buf();
    let mut inner = &err;
    loop {
        match inner {
            ignore::Error::WithPath { path: p, err } => {
                path = p.clone();
                inner = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                inner = err
            }
            _ => break,
        }
    }
    let source = match inner {
        ignore::Error::Io(io) => std::io::Error::new(io.kind(), io.kind().to_string()),
        other => std::io::Error::other(other.to_string()),
    };
    let permission = source.kind() == std::io::ErrorKind::PermissionDenied;
    Error::Input {
        file: path.display().to_string(),
        message: format!("cannot read this folder: {source}; its files were not cleaned"),
        hint: Some(if permission {
            format!(
                "let yourself read it (`chmod u+rx {}`), or leave it out",
                path.display()
            )
        } else {
            "check the folder, or leave it out".into()
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_argument_keeps_its_relative_path_under_out() {
        for (argument, kept) in [
            ("a/x.txt", "a/x.txt"),
            ("./a/./x.txt", "a/x.txt"),
            ("corpus", "corpus"),
            (".", ""),
            ("../up/x.txt", "x.txt"),
            ("/abs/x.txt", "x.txt"),
        ] {
            assert_eq!(
                under_out(Path::new(argument)),
                Path::new(kept),
                "{argument}"
            );
        }
    }

    #[test]
    fn walks_directories_in_order_and_honours_gitignore() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("sub")).unwrap();
        for name in [
            "b.txt",
            "a.txt",
            "sub/c.txt",
            "skip.log",
            PROJECT_FILE,
            ".hidden",
        ] {
            std::fs::write(root.join(name), "x").unwrap();
        }
        std::fs::write(root.join(".gitignore"), "*.log\n").unwrap();
        let found: Vec<PathBuf> = collect_filtered(&[root.to_path_buf()], &Filter::default())
            .into_iter()
            .map(|i| match i.unwrap() {
                Input::File { relative, .. } => relative,
                Input::Stdin => unreachable!(),
            })
            .collect();
        let root_name = Path::new(root.file_name().unwrap());
        assert_eq!(
            found,
            ["a.txt", "b.txt", "sub/c.txt"].map(|p| root_name.join(p))
        );
    }

    #[test]
    fn missing_paths_are_errors_and_nothing_means_stdin() {
        assert_eq!(
            collect_filtered(&[], &Filter::default())
                .into_iter()
                .map(Result::unwrap)
                .collect::<Vec<_>>(),
            [Input::Stdin]
        );
        let missing = collect_filtered(&[PathBuf::from("/no/such/file")], &Filter::default());
        assert!(
            missing[0]
                .as_ref()
                .unwrap_err()
                .to_string()
                .contains("/no/such/file")
        );
    }
}
