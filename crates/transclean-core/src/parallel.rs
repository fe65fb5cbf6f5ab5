//! Whether the work on one document is spread over the threads of the current rayon pool.
//!
//! Large files were cleaned on one core whatever `-j` gave (issue 15). Work that is the same per
//! part of a text (a block-local pass, finding label candidates line by line) is spread over the
//! threads when the text is long and there is more than one; the result is the same either way.

/// Texts shorter than this are worked on by one thread: spreading them costs more than it could
/// save. Unit-test builds spread any text of 64 bytes or more, on any number of threads, so that
/// the engine's tests go through the spread paths (and debug builds check them).
const LONG_BYTES: usize = if cfg!(test) { 64 } else { 512 * 1024 };

/// Whether to spread the work on a text of `len` bytes.
pub(crate) fn spread(len: usize) -> bool {
    len >= LONG_BYTES && (cfg!(test) || rayon::current_num_threads() > 1)
}
