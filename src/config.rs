//! The core's rule files and configs ([`transclean_core::config`]), read from the filesystem,
//! and the discovery of a project's `transclean.toml`.

pub mod discover;
mod read;

pub use transclean_core::config::*;

use std::io;
use std::path::{Path, PathBuf};

/// Reads rule files from the filesystem; a file's identity is its canonical path. `-` is
/// standard input, read once however many times it is loaded.
#[derive(Debug, Clone, Copy, Default)]
pub struct FsLoader;

impl Loader for FsLoader {
    fn identify(&self, path: &Path) -> io::Result<PathBuf> {
        if crate::stdin::is_stdin(path) {
            return Ok(PathBuf::from(crate::stdin::LABEL));
        }
        path.canonicalize()
    }

    fn read(&self, path: &Path) -> Result<String, Refusal> {
        if crate::stdin::is_stdin(path) {
            return read::rule_text(crate::stdin::bytes()?.to_vec());
        }
        read::read_rule_file(path)
    }
}

/// Loads and layers everything `options` names, reading rule files from the filesystem.
pub fn load(options: &LoadOptions) -> transclean_core::Result<RuleSet> {
    transclean_core::config::load(options, &FsLoader)
}
