//! Renderers that show an [`Outcome`](crate::Outcome) for review.
//!
//! Each renderer is its own module; they share only the colour palette below.

pub mod explain;
pub mod git_path;
pub mod html;
pub mod json;
pub mod run;
pub mod suggested;
pub mod unified;
pub mod word;

/// ANSI styles for terminal output; all empty when colour is off.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub bold: &'static str,
    pub cyan: &'static str,
    pub red: &'static str,
    pub green: &'static str,
    pub dim: &'static str,
    /// Reverse video, to make deleted or inserted spaces visible.
    pub invert: &'static str,
    pub reset: &'static str,
}

impl Palette {
    pub fn new(color: bool) -> Palette {
        if color {
            Palette {
                bold: "\x1b[1m",
                cyan: "\x1b[36m",
                red: "\x1b[31m",
                green: "\x1b[32m",
                dim: "\x1b[2m",
                invert: "\x1b[7m",
                reset: "\x1b[0m",
            }
        } else {
            Palette {
                bold: "",
                cyan: "",
                red: "",
                green: "",
                dim: "",
                invert: "",
                reset: "",
            }
        }
    }
}
