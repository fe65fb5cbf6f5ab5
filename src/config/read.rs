//! Reads a rule file with bounds: only a regular file, and only up to [`MAX_RULE_FILE`] bytes, so
//! a rule file naming `/dev/zero`, a FIFO or a terminal fails at once instead of hanging the run.

use std::io::Read;
use std::path::Path;
use transclean_core::config::Refusal;

/// The largest rule file read: far above any real dictionary (the biggest imports are a few MB).
pub const MAX_RULE_FILE: u64 = 64 * 1024 * 1024;

/// The text of the rule file at `path`, refused if it is not a regular file, is larger than
/// [`MAX_RULE_FILE`] or is not UTF-8.
pub fn read_rule_file(path: &Path) -> Result<String, Refusal> {
    let cannot = |e: std::io::Error| Refusal {
        message: format!("cannot read rule file: {e}"),
        hint: None,
    };
    // Checked before opening: opening a FIFO for reading blocks until a writer comes.
    check_kind(&std::fs::metadata(path).map_err(cannot)?)?;
    let file = std::fs::File::open(path).map_err(cannot)?;
    // Checked again on the open file, in case the path was swapped in between.
    let metadata = file.metadata().map_err(cannot)?;
    check_kind(&metadata)?;
    let mut bytes = Vec::with_capacity(metadata.len().min(MAX_RULE_FILE) as usize);
    // One byte more than the limit tells a file that grew past it while being read.
    file.take(MAX_RULE_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    rule_text(bytes)
}

/// The text of a rule file read as `bytes`, refused if larger than [`MAX_RULE_FILE`] or not
/// UTF-8.
pub fn rule_text(bytes: Vec<u8>) -> Result<String, Refusal> {
    if bytes.len() as u64 > MAX_RULE_FILE {
        return Err(too_large());
    }
    String::from_utf8(bytes).map_err(|e| Refusal {
        message: format!(
            "cannot read rule file: it is not UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ),
        hint: Some("rule files are TOML, which is UTF-8; convert the file with `iconv`".into()),
    })
}

fn check_kind(metadata: &std::fs::Metadata) -> Result<(), Refusal> {
    if !metadata.is_file() {
        let kind = if metadata.is_dir() {
            "a folder"
        } else {
            "not a regular file (a device, FIFO or socket)"
        };
        return Err(Refusal {
            message: format!("cannot read rule file: it is {kind}"),
            hint: Some("a rule file must be a regular TOML file".into()),
        });
    }
    if metadata.len() > MAX_RULE_FILE {
        return Err(too_large());
    }
    Ok(())
}

fn too_large() -> Refusal {
    Refusal {
        message: format!(
            "cannot read rule file: it is larger than {} MB",
            MAX_RULE_FILE / (1024 * 1024)
        ),
        hint: Some("split it into several files joined with `extend`".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_and_folders_are_refused_without_reading() {
        let refused = |path: &str| read_rule_file(Path::new(path)).err().unwrap().message;
        assert!(refused("/dev/zero").contains("not a regular file"));
        assert!(refused("/tmp").contains("a folder"));
    }

    #[test]
    fn a_regular_file_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.toml");
        std::fs::write(&path, "x = 1\n").unwrap();
        assert_eq!(read_rule_file(&path).ok().unwrap(), "x = 1\n");
        std::fs::write(&path, b"\xff").unwrap();
        assert!(
            read_rule_file(&path)
                .err()
                .unwrap()
                .message
                .contains("not UTF-8")
        );
    }
}
