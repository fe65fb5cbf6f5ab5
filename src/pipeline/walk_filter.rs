//! Which files a folder walk takes: by default the formats transclean reads (and their `.gz` /
//! `.zst`), narrowed with `--type`, widened with `--include GLOB`, cut with `--exclude GLOB` and
//! the `[files]` table of the project's transclean.toml, as typos does. A file named on the
//! command line is always taken unless `--force-exclude` and an exclude glob say otherwise.

use crate::error::Error;
use crate::pipeline::compress;
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::path::{Path, PathBuf};

/// The formats a walk takes by default, by extension (any case).
pub const KNOWN_TYPES: &[&str] = &[
    "txt", "md", "srt", "vtt", "sbv", "jsonl", "ndjson", "html", "htm",
];

/// The rules of one run's walk.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// `--type`: only these extensions (none: every known type).
    types: Vec<String>,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    exclude_globs: Vec<String>,
    include_globs: Vec<String>,
    force_exclude: bool,
    /// Read `[files]` from the project config of each walked folder (not with `--no-config`).
    pub project_files: bool,
}

impl Filter {
    /// A filter from the command line's flags; a bad glob is an error naming it.
    pub fn new(
        types: &[String],
        include: &[String],
        exclude: &[String],
        force_exclude: bool,
    ) -> Result<Filter, Error> {
        let mut filter = Filter {
            types: types.iter().map(|t| t.to_ascii_lowercase()).collect(),
            force_exclude,
            ..Filter::default()
        };
        filter.add_globs(include, exclude)?;
        Ok(filter)
    }

    /// Adds globs (from the command line or a `[files]` table).
    pub fn add_globs(&mut self, include: &[String], exclude: &[String]) -> Result<(), Error> {
        self.include_globs.extend(include.iter().cloned());
        self.exclude_globs.extend(exclude.iter().cloned());
        self.include = glob_set(&self.include_globs)?;
        self.exclude = glob_set(&self.exclude_globs)?;
        Ok(())
    }

    /// Adds the `[files]` table of the project config in force at `root`, if it has one.
    pub fn with_project(mut self, config: Option<&Path>) -> Result<Filter, Error> {
        let Some(config) = config else {
            return Ok(self);
        };
        let (include, exclude) = files_table(config);
        self.add_globs(&include, &exclude)?;
        Ok(self)
    }

    /// Whether a file found by walking is taken; `below` is its path below the walked folder.
    pub fn takes_walked(&self, below: &Path) -> bool {
        if self.excluded(below) {
            return false;
        }
        if self.include.as_ref().is_some_and(|set| set.is_match(below)) {
            return true;
        }
        let inner = compress::inner_name(below);
        let extension = Path::new(&inner)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        extension.is_some_and(|e| {
            if self.types.is_empty() {
                KNOWN_TYPES.contains(&e.as_str())
            } else {
                self.types.contains(&e)
            }
        })
    }

    /// Whether a file named on the command line is taken: always, unless force-excluded.
    pub fn takes_explicit(&self, path: &Path) -> bool {
        !(self.force_exclude && self.excluded(path))
    }

    fn excluded(&self, path: &Path) -> bool {
        self.exclude.as_ref().is_some_and(|set| {
            set.is_match(path) || path.file_name().is_some_and(|n| set.is_match(n))
        })
    }
}

fn glob_set(globs: &[String]) -> Result<Option<GlobSet>, Error> {
    if globs.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        builder.add(Glob::new(glob).map_err(|e| Error::Usage {
            path: PathBuf::from(glob),
            message: format!("not a glob: {}", e.kind()),
            hint: Some("globs are like `*.md` or `drafts/**`".into()),
        })?);
    }
    builder.build().map(Some).map_err(|e| Error::Usage {
        path: PathBuf::from(globs.join(" ")),
        message: format!("not a glob set: {e}"),
        hint: None,
    })
}

/// The `include` and `exclude` lists of a config's `[files]` table (the config itself is
/// checked when its rules load; here a table that is not there is no globs).
fn files_table(config: &Path) -> (Vec<String>, Vec<String>) {
    let text = std::fs::read_to_string(config).unwrap_or_default();
    let table: toml::Table = toml::from_str(&text).unwrap_or_default();
    let list = |key: &str| -> Vec<String> {
        table
            .get("files")
            .and_then(|f| f.get(key))
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    (list("include"), list("exclude"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_walk_takes_known_formats_and_the_globs_decide_the_rest() {
        let known = Filter::default();
        for name in [
            "a.txt",
            "b/C.MD",
            "d.srt",
            "e.jsonl.gz",
            "f.vtt.zst",
            "g.html",
        ] {
            assert!(known.takes_walked(Path::new(name)), "{name}");
        }
        for name in ["tool.py", "data.json", "x.gz", "Makefile"] {
            assert!(!known.takes_walked(Path::new(name)), "{name}");
        }
        let globs = Filter::new(&[], &["*.py".into()], &["*.md".into()], false).unwrap();
        assert!(globs.takes_walked(Path::new("pkg/tool.py")));
        assert!(!globs.takes_walked(Path::new("notes.md")));
        assert!(globs.takes_explicit(Path::new("notes.md")));
        let forced = Filter::new(&[], &[], &["*.md".into()], true).unwrap();
        assert!(!forced.takes_explicit(Path::new("notes.md")));
        let typed = Filter::new(&["md".into()], &[], &[], false).unwrap();
        assert!(typed.takes_walked(Path::new("a.md")));
        assert!(!typed.takes_walked(Path::new("a.txt")));
    }
}
