//! The core of transclean: rule files, their layering and compiling, and the engine that cleans
//! a text with them, explaining every change. It does no I/O of its own: rule files named by
//! path (and their `extend` entries) are read through a [`config::Loader`] the caller passes in.
//!
//! Rule files (TOML) are layered into a [`RuleSet`], compiled into an [`Engine`], and the engine
//! turns a text into an [`Outcome`]: the cleaned text and every [`Change`], each naming its rule
//! and its place in the original.
//!
//! ```
//! use transclean_core::{config, Engine};
//!
//! let options = config::LoadOptions { builtin: true, ..Default::default() };
//! let rules = config::load(&options, &config::NoFiles)?;
//! let engine = Engine::new(&rules);
//! let outcome = engine.clean("Vladimir Putin: (00:41)\nThe situation in Dombas, in Russia.");
//! assert_eq!(outcome.cleaned, "Vladimir Putin: The situation in Donbas, in Russia.\n");
//! let donbas = outcome.changes.iter().find(|c| &*c.rule == "donbas").unwrap();
//! assert_eq!((donbas.line, donbas.column, donbas.before.as_str()), (2, 18, "Dombas"));
//! # Ok::<(), transclean_core::Error>(())
//! ```

pub mod builtin;
mod changes;
pub mod config;
pub mod engine;
pub mod error;
pub mod examples;
pub mod exceptions;
pub mod fingerprint;
pub mod hash;
mod label_patterns;
mod label_styles;
mod parallel;
pub mod provenance;
pub mod raw;
pub mod rules;
pub mod runaway;
pub mod schema;
pub mod subtitles;
#[cfg(test)]
mod test_edits;
pub mod text;
pub mod transcript;

pub use config::{LoadOptions, RuleSet};
pub use engine::{Change, Engine, Outcome};
pub use error::{Error, Result};
