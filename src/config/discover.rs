//! Finds the project config: the nearest `transclean.toml` in an input's folder or above it.

use std::path::{Path, PathBuf};

/// The file name a project config has.
pub const PROJECT_FILE: &str = "transclean.toml";

/// The nearest `transclean.toml` at or above `start` (a file's folder, or a folder).
pub fn project_config(start: &Path) -> Option<PathBuf> {
    let start = if start.as_os_str().is_empty() {
        Path::new(".")
    } else {
        start
    };
    let absolute = std::path::absolute(start).ok()?;
    absolute
        .ancestors()
        .map(|dir| dir.join(PROJECT_FILE))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_nearest_config_walking_up() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(dir.path().join(PROJECT_FILE), "").unwrap();
        assert_eq!(project_config(&nested), Some(dir.path().join(PROJECT_FILE)));
        std::fs::write(dir.path().join("a").join(PROJECT_FILE), "").unwrap();
        assert_eq!(
            project_config(&nested),
            Some(dir.path().join("a").join(PROJECT_FILE))
        );
    }
}
