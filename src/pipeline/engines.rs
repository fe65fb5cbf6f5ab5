//! One engine per project config, compiled once and shared by every input (and every command)
//! that picks that config up; and, compiled the first time a subtitle file needs it, that
//! config's engine for speech (see [`RuleSet::for_speech`]).

use crate::cli::RuleArgs;
use crate::config::{self, LoadOptions, RuleSet, discover};
use crate::engine::Engine;
use crate::error::Error;
use crate::inputs::Input;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
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

/// The engines of a run, keyed by the project config in force (`None`: no project config).
pub struct EngineCache<'a> {
    args: &'a RuleArgs,
    engines: HashMap<Option<PathBuf>, Option<ProjectEngines>>,
}

impl<'a> EngineCache<'a> {
    pub fn new(args: &'a RuleArgs) -> Self {
        EngineCache {
            args,
            engines: HashMap::new(),
        }
    }

    /// The project config an input picks up, unless `--no-config`.
    pub fn project_for(&self, input: &Input) -> Option<PathBuf> {
        project_for(self.args, &input.config_start())
    }

    /// Compiles the engine of `project` unless it is known; a config that does not load is
    /// returned as an error once and remembered as missing.
    pub fn load(&mut self, project: &Option<PathBuf>) -> Result<(), Error> {
        if self.engines.contains_key(project) {
            return Ok(());
        }
        let loaded = config::load(&load_options(self.args, project.clone()));
        let engine = loaded.as_ref().ok().map(ProjectEngines::new);
        self.engines.insert(project.clone(), engine);
        loaded.map(|_| ())
    }

    /// The engine of `project`, if it was loaded and compiled.
    pub fn get(&self, project: &Option<PathBuf>) -> Option<&Arc<Engine>> {
        self.project(project).map(|engines| &engines.text)
    }

    /// The engines of `project`, if it was loaded and compiled.
    pub fn project(&self, project: &Option<PathBuf>) -> Option<&ProjectEngines> {
        self.engines.get(project).and_then(Option::as_ref)
    }
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
