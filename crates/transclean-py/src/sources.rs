//! The rule sources a `Cleaner` is built from, kept as text: a pickled `Cleaner` rebuilds the
//! same rules on a Spark or Ray worker that does not have the rule files.

use pyo3::prelude::*;
use pyo3::types::PyString;
use std::path::{Path, PathBuf};
use transclean::config::{self, RuleInput, RuleSet};
use transclean::{Engine, Error};

/// What a `Cleaner` was made from; every layer is `RuleInput::Text`.
#[derive(Debug, Clone)]
pub struct Sources {
    pub builtin: bool,
    pub layers: Vec<RuleInput>,
    pub disable: Vec<String>,
    pub unsafe_fixes: bool,
}

/// One layer as pickled: (display name, TOML text, folder for `extend`).
pub type LayerState = (String, String, Option<String>);

impl Sources {
    /// Reads the files named by `config` and `rules` (a `str` with a newline is TOML text).
    pub fn from_args(
        config: Option<&Bound<'_, PyAny>>,
        rules: &[Bound<'_, PyAny>],
        builtin: bool,
        disable: Vec<String>,
        unsafe_fixes: bool,
    ) -> PyResult<Sources> {
        let mut layers = Vec::new();
        if let Some(config) = config {
            let path: PathBuf = config.extract()?;
            layers.push(read_file(&path).map_err(crate::errors::to_py)?);
        }
        for (at, rule) in rules.iter().enumerate() {
            let text = rule.cast::<PyString>().ok().map(|s| s.to_string());
            let layer = match text {
                Some(text) if text.contains('\n') => RuleInput::Text {
                    display: format!("<rules[{at}]>"),
                    text,
                    dir: None,
                },
                _ => read_file(&rule.extract::<PathBuf>()?).map_err(crate::errors::to_py)?,
            };
            layers.push(layer);
        }
        Ok(Sources {
            builtin,
            layers,
            disable,
            unsafe_fixes,
        })
    }

    pub fn from_state(
        builtin: bool,
        layers: Vec<LayerState>,
        disable: Vec<String>,
        unsafe_fixes: bool,
    ) -> Sources {
        let layers = (layers.into_iter())
            .map(|(display, text, dir)| RuleInput::Text {
                display,
                text,
                dir: dir.map(PathBuf::from),
            })
            .collect();
        Sources {
            builtin,
            layers,
            disable,
            unsafe_fixes,
        }
    }

    pub fn layer_states(&self) -> Vec<LayerState> {
        (self.layers.iter())
            .map(|layer| match layer {
                RuleInput::Text { display, text, dir } => (
                    display.clone(),
                    text.clone(),
                    dir.as_ref().map(|d| d.display().to_string()),
                ),
                RuleInput::Path(path) => (path.display().to_string(), String::new(), None),
            })
            .collect()
    }

    pub fn load(&self) -> Result<RuleSet, Error> {
        config::load_layers(self.builtin, &self.layers, &self.disable)
    }

    pub fn engine(&self) -> Result<Engine, Error> {
        Ok(Engine::new(&self.load()?))
    }
}

/// A rule file's text, named as the user gave its path (as the CLI names it), with its folder
/// made absolute so that `extend` still resolves after the working folder changes.
fn read_file(path: &Path) -> Result<RuleInput, Error> {
    let display = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| Error::ConfigFile {
        file: display.clone(),
        message: format!("cannot read rule file: {e}"),
        hint: Some("check the path; a `str` with no newline is read as a path".into()),
    })?;
    let dir = path.parent().map(|parent| {
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        std::path::absolute(parent).unwrap_or_else(|_| parent.to_path_buf())
    });
    Ok(RuleInput::Text { display, text, dir })
}
