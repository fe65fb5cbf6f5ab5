//! The rule sources a `Cleaner` is built from. Every rule file read (named, or pulled in by
//! `extend`) is kept as text, so a pickled `Cleaner` rebuilds the same rules on a Spark or Ray
//! worker that does not have the files.

use pyo3::prelude::*;
use pyo3::types::PyString;
use std::cell::RefCell;
use std::io;
use std::path::{Path, PathBuf};
use transclean_core::config::{self, LoadOptions, Loader, MemoryLoader, Refusal};
use transclean_core::{Engine, Error};

/// What a `Cleaner` was made from: the layers as on the command line, and the text of every
/// rule file they read. A rule file given as TOML text has the path `<rules[N]>`.
#[derive(Debug, Clone)]
pub struct Sources {
    pub options: LoadOptions,
    pub files: Vec<(String, String)>,
    pub unsafe_fixes: bool,
}

/// What pickles: (builtin, config, rules, disable, unsafe_fixes, files).
pub type State = (
    bool,
    Option<String>,
    Vec<String>,
    Vec<String>,
    bool,
    Vec<(String, String)>,
);

impl Sources {
    /// The layers of `Cleaner(...)`: a `str` with a newline is TOML text, anything else a path.
    pub fn from_args(
        config: Option<&Bound<'_, PyAny>>,
        rules: &[Bound<'_, PyAny>],
        builtin: bool,
        disable: Vec<String>,
        unsafe_fixes: bool,
    ) -> PyResult<Sources> {
        let mut options = LoadOptions {
            builtin,
            disable,
            config: config.map(|c| c.extract::<PathBuf>()).transpose()?,
            unsafe_fixes,
            ..LoadOptions::default()
        };
        let mut files = Vec::new();
        for (at, rule) in rules.iter().enumerate() {
            match rule.cast::<PyString>().map(|s| s.to_string()) {
                Ok(text) if text.contains('\n') => {
                    let name = format!("<rules[{at}]>");
                    options.rules.push(PathBuf::from(&name));
                    files.push((name, text));
                }
                _ => options.rules.push(rule.extract::<PathBuf>()?),
            }
        }
        Ok(Sources {
            options,
            files,
            unsafe_fixes,
        })
    }

    pub fn from_state(state: State) -> Sources {
        let (builtin, config, rules, disable, unsafe_fixes, files) = state;
        Sources {
            options: LoadOptions {
                builtin,
                project: None,
                config: config.map(PathBuf::from),
                rules: rules.into_iter().map(PathBuf::from).collect(),
                disable,
                unsafe_fixes,
            },
            files,
            unsafe_fixes,
        }
    }

    pub fn state(&self) -> State {
        let path = |p: &PathBuf| p.display().to_string();
        let options = &self.options;
        (
            options.builtin,
            options.config.as_ref().map(path),
            options.rules.iter().map(path).collect(),
            options.disable.clone(),
            self.unsafe_fixes,
            self.files.clone(),
        )
    }

    /// Loads and compiles the rules: from the kept texts, then (for a new `Cleaner`) the files.
    /// Afterwards `files` holds every file that was read, ready to pickle.
    pub fn engine(&mut self, filesystem: bool) -> Result<Engine, Error> {
        let mut given = MemoryLoader::default();
        for (path, text) in &self.files {
            given.insert(path, text.clone());
        }
        let loader = Recording {
            given,
            filesystem,
            read: RefCell::default(),
        };
        let set = config::load(&self.options, &loader)?;
        if filesystem {
            self.files = loader.read.into_inner();
        }
        Ok(Engine::new(&set))
    }
}

/// Serves the given texts, then (for a new `Cleaner`) the filesystem, and keeps every file it
/// reads, by the path it was named with.
struct Recording {
    given: MemoryLoader,
    filesystem: bool,
    read: RefCell<Vec<(String, String)>>,
}

impl Loader for Recording {
    fn identify(&self, path: &Path) -> io::Result<PathBuf> {
        match self.given.identify(path) {
            Err(_) if self.filesystem => path.canonicalize(),
            found => found,
        }
    }

    fn read(&self, path: &Path) -> Result<String, Refusal> {
        let text = match self.given.read(path) {
            Err(_) if self.filesystem => std::fs::read_to_string(path)?,
            found => found?,
        };
        (self.read.borrow_mut()).push((path.display().to_string(), text.clone()));
        Ok(text)
    }
}
