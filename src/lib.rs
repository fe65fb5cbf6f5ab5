//! transclean cleans and normalises scraped transcripts with configurable, explainable rules.
//!
//! The library is the whole tool; the binary is a thin command line over it. Rule files (TOML)
//! are layered into a [`RuleSet`], compiled into an [`Engine`], and the engine turns a text into
//! an [`Outcome`]: the cleaned text and every [`Change`], each naming its rule and its place in
//! the original.
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
pub mod builtin;
pub mod cli;
pub mod config;
pub mod diff;
pub mod document;
pub mod draft;
pub mod encoding;
pub mod engine;
pub mod error;
pub mod examples;
pub mod exceptions;
pub mod fingerprint;
pub mod formats;
pub mod hash;
pub mod hits;
pub mod import;
pub mod inputs;
pub mod label_styles;
pub mod learn;
pub mod lint;
pub mod progress;
pub mod provenance;
pub mod replay;
pub mod report;
pub mod review;
pub mod rules;
pub mod sink;
pub mod source;
pub mod suggest;
pub mod text;
pub mod transcript;

pub use config::{LoadOptions, RuleSet};
pub use engine::{Change, Engine, Outcome};
pub use error::{Error, Result};
