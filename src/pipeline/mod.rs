//! The one pipeline every command runs: inputs (paths, folders, stdin) → an adapter chosen once
//! per input → the engine of the input's project config → the run's sink.

pub mod adapter;
pub mod compress;
pub mod document_input;
pub mod engines;
pub mod job;
pub mod jsonl_input;
pub mod run;
pub mod status;
pub mod walk_filter;
