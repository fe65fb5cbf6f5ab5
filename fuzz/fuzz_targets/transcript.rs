//! libFuzzer entry point for the `transcript` check in `src/lib.rs`; the check itself lives there so
//! the main crate's tests can replay seed inputs through the same code.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| transclean_fuzz::transcript(data));
