//! transclean cleans and normalises scraped transcripts with configurable, explainable rules.
//!
//! The rules, their layering and the engine are the `transclean-core` crate (pure: it reads no
//! files); this crate is the command line and everything around the core: reading and writing
//! inputs, formats, diffs and reports, review and the authoring tools. It is a library only so
//! that its tests, benchmarks and fuzz targets can reach these parts; the binary is a thin
//! command line over it. Rule files (TOML) are layered into a [`RuleSet`], compiled into an
//! [`Engine`], and the engine turns a text into an [`Outcome`]: the cleaned text and every
//! [`Change`], each naming its rule and its place in the original.
//!
//! ```
//! use transclean::{config, Engine};
//!
//! let rules = config::load(&config::LoadOptions { builtin: true, ..Default::default() })?;
//! let engine = Engine::new(&rules);
//! let outcome = engine.clean("Vladimir Putin: (00:41)\nThe situation in Dombas, in Russia.");
//! assert_eq!(outcome.cleaned, "Vladimir Putin: The situation in Donbas, in Russia.\n");
//! let donbas = outcome.changes.iter().find(|c| &*c.rule == "donbas").unwrap();
//! assert_eq!((donbas.line, donbas.column, donbas.before.as_str()), (2, 18, "Dombas"));
//! # Ok::<(), transclean::Error>(())
//! ```

pub mod app;
pub mod cli;
mod commands;
pub mod config;
pub mod diff;
pub mod document;
mod draft;
mod encoding;
pub mod formats;
mod hits;
pub mod import;
mod in_place;
mod inputs;
pub mod learn;
pub mod lint;
mod out_plan;
mod output_file;
mod pipeline;
mod progress;
pub mod replay;
pub mod report;
mod review;
mod sink;
pub mod source;
mod stdin;
pub mod suggest;

// The core's modules, under the names the rest of this crate (and its tests) use.
pub use transclean_core::{Change, Engine, Error, LoadOptions, Outcome, Result, RuleSet};
pub use transclean_core::{
    builtin, engine, error, examples, exceptions, fingerprint, hash, provenance, rules, runaway,
    text, transcript,
};
