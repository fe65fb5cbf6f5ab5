//! One engine per project config, compiled once and shared by every input (and every command)
//! that picks that config up; one more per set of rules a config switches off for some files
//! (`[[exception]]` with `file`), for those files; and, compiled the first time a subtitle file
//! needs it, each one's engine for speech (see [`RuleSet::for_speech`]).

use crate::cli::RuleArgs;
use crate::config::{self, LoadOptions, RuleSet, discover};
use crate::engine::Engine;
use crate::error::Error;
use crate::inputs::Input;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// The engines of one project config: for any text, and for text that is all speech.
pub struct ProjectEngines {
    pub text: Arc<Engine>,
    set: RuleSet,
    speech: OnceLock<Arc<Engine>>,
}

impl ProjectEngines {
    pub fn new(set: &RuleSet) -> Self {
        ProjectEngines {
            text: Arc::new(Engine::new(set)),
            set: set.clone(),
            speech: OnceLock::new(),
        }
    }

    /// The engine for a document that is all speech (a subtitle file), compiled on first use.
    pub fn speech(&self) -> &Arc<Engine> {
        self.speech
            .get_or_init(|| Arc::new(Engine::new(&self.set.for_speech())))
    }
}

/// Which engine an input gets: its project config, and the rules switched off for its file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct EngineKey {
    pub project: Option<PathBuf>,
    /// Sorted rule ids.
    pub off: Vec<String>,
}

/// A project's rules, with the files its file-wide exceptions name, resolved once.
struct Project {
    set: RuleSet,
    /// (file, rule) for every `[[exception]]` with `file`.
    files_off: Vec<(PathBuf, String)>,
}

/// The engines of a run, keyed by the project config in force (`None`: no project config) and
/// the rules switched off for the input.
pub struct EngineCache<'a> {
    args: &'a RuleArgs,
    /// Per project config: its rules, or `None` if they did not load.
    projects: HashMap<Option<PathBuf>, Option<Project>>,
    /// Load errors not yet returned by [`EngineCache::load`].
    errors: HashMap<Option<PathBuf>, Error>,
    engines: HashMap<EngineKey, ProjectEngines>,
}

impl<'a> EngineCache<'a> {
    pub fn new(args: &'a RuleArgs) -> Self {
        EngineCache {
            args,
            projects: HashMap::new(),
            errors: HashMap::new(),
            engines: HashMap::new(),
        }
    }

    /// The engine an input gets: its project config (unless `--no-config`) and the rules that
    /// config switches off for the input's file. Loads the config if it is new.
    pub fn key_for(&mut self, input: &Input) -> EngineKey {
        let project = project_for(self.args, &input.config_start());
        let off = match (self.project(&project), input.path()) {
            (Some(loaded), Some(path)) => rules_off(&loaded.files_off, path),
            _ => Vec::new(),
        };
        EngineKey { project, off }
    }

    fn project(&mut self, project: &Option<PathBuf>) -> Option<&Project> {
        if !self.projects.contains_key(project) {
            let loaded = match config::load(&load_options(self.args, project.clone())) {
                Ok(set) => Some(Project::new(set)),
                Err(e) => {
                    self.errors.insert(project.clone(), e);
                    None
                }
            };
            self.projects.insert(project.clone(), loaded);
        }
        self.projects.get(project).and_then(Option::as_ref)
    }

    /// Compiles the engine of `key` unless it is known; a config that does not load is
    /// returned as an error once and remembered as missing.
    pub fn load(&mut self, key: &EngineKey) -> Result<(), Error> {
        if self.engines.contains_key(key) {
            return Ok(());
        }
        if let Some(project) = self.project(&key.project) {
            let engines = ProjectEngines::new(&without(&project.set, &key.off));
            self.engines.insert(key.clone(), engines);
        }
        match self.errors.remove(&key.project) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// The engine of `key`, if it was loaded and compiled.
    pub fn get(&self, key: &EngineKey) -> Option<&Arc<Engine>> {
        self.engines(key).map(|engines| &engines.text)
    }

    /// The engines (any text, all speech) of `key`, if it was loaded and compiled.
    pub fn engines(&self, key: &EngineKey) -> Option<&ProjectEngines> {
        self.engines.get(key)
    }
}

impl Project {
    fn new(set: RuleSet) -> Project {
        Project {
            files_off: files_off(&set),
            set,
        }
    }
}

/// The rules of `files_off` switched off for `path`, sorted.
pub fn rules_off(files_off: &[(PathBuf, String)], path: &Path) -> Vec<String> {
    if files_off.is_empty() {
        return Vec::new();
    }
    let path = comparable(path);
    let mut off: Vec<String> = files_off
        .iter()
        .filter(|(file, _)| *file == path)
        .map(|(_, rule)| rule.clone())
        .collect();
    off.sort();
    off.dedup();
    off
}

/// Each file-wide exception of `set` as (file, rule), the file as [`comparable`] makes it.
pub fn files_off(set: &RuleSet) -> Vec<(PathBuf, String)> {
    (set.file_exceptions.iter())
        .map(|e| (comparable(&e.path()), e.rule.clone()))
        .collect()
}

/// `set` with the rules `off` disabled.
pub fn without(set: &RuleSet, off: &[String]) -> RuleSet {
    let mut set = set.clone();
    for rule in &mut set.rules {
        if off.contains(&rule.id) {
            rule.enabled = false;
        }
    }
    set
}

/// A path two spellings of one file agree on: the real path when the file exists (symlinks and
/// `..` resolved), else the absolute path with `.` and `..` taken out by their names.
pub fn comparable(path: &Path) -> PathBuf {
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// What to load for `project`, from the rule flags.
pub fn load_options(args: &RuleArgs, project: Option<PathBuf>) -> LoadOptions {
    LoadOptions {
        builtin: !args.no_builtin,
        project,
        config: args.config.clone(),
        rules: args.rule_files.clone(),
        disable: args.disable.clone(),
        unsafe_fixes: args.unsafe_fixes,
    }
}

/// The project config found from `start`, unless `--no-config`.
pub fn project_for(args: &RuleArgs, start: &Path) -> Option<PathBuf> {
    if args.no_config {
        None
    } else {
        discover::project_config(start)
    }
}
