//! Standard input read whole, once per run, for the arguments that take `-` as a file (a rule
//! file, a lexicon, a dictionary, a document to learn from): a rule file is loaded once per
//! project config, so its text must be there the second time too. The command line lets only
//! one argument read stdin (`commands::stdin`).

use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

/// The name standard input goes by in messages.
pub const LABEL: &str = "<stdin>";

/// Whether `path` is `-`, the name of standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The bytes of standard input, read on the first call and kept for the run.
pub fn bytes() -> std::io::Result<&'static [u8]> {
    static READ: OnceLock<Result<Vec<u8>, (std::io::ErrorKind, String)>> = OnceLock::new();
    let read = READ.get_or_init(|| {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map(|_| bytes)
            .map_err(|e| (e.kind(), e.to_string()))
    });
    match read {
        Ok(bytes) => Ok(bytes),
        Err((kind, message)) => Err(std::io::Error::new(*kind, message.clone())),
    }
}
