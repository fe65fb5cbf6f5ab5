//! The rules a review runs for one project config: an engine per set of rules switched off for
//! a file, and the places rejected so far, which hold in every file after.

use crate::config::RuleSet;
use crate::engine::Engine;
use crate::exceptions::Exception;
use crate::pipeline::engines::{files_off, rules_off, without};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub struct ProjectRules {
    set: RuleSet,
    /// (file, rule) for the config's `[[exception]]` tables with `file`.
    files_off: Vec<(PathBuf, String)>,
    /// Places rejected in this review.
    rejected: Vec<Exception>,
    /// By the sorted ids of the rules switched off.
    engines: HashMap<Vec<String>, Engine>,
}

impl ProjectRules {
    pub fn new(set: RuleSet) -> ProjectRules {
        ProjectRules {
            files_off: files_off(&set),
            set,
            rejected: Vec::new(),
            engines: HashMap::new(),
        }
    }

    /// The rules the config switches off for the file at `path`, sorted.
    pub fn off_for(&self, path: &Path) -> Vec<String> {
        rules_off(&self.files_off, path)
    }

    /// The engine with the rules `off` (sorted) switched off, and every place rejected so far.
    pub fn engine(&mut self, off: &[String]) -> &Engine {
        let (set, rejected) = (&self.set, &self.rejected);
        self.engines.entry(off.to_vec()).or_insert_with(|| {
            let mut engine = Engine::new(&without(set, off));
            for exception in rejected {
                engine.add_exception(exception.clone());
            }
            engine
        })
    }

    /// Stops proposing the change `exception` describes, in this file and every later one.
    pub fn reject(&mut self, exception: Exception) {
        for engine in self.engines.values_mut() {
            engine.add_exception(exception.clone());
        }
        self.rejected.push(exception);
    }
}
