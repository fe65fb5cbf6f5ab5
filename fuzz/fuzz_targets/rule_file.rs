//! libFuzzer entry point for the `rule_file` check in `src/lib.rs`; the check itself lives there so
//! the main crate's tests can replay seed inputs through the same code.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| transclean_fuzz::rule_file(data));
