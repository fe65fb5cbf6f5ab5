//! A document the rules will not let settle: its text grew past a bound, or it still changed on
//! the last pipeline run. The engine stops it and names the rules involved, so that a rule whose
//! output matches itself (`a` -> `aa`) costs an error for one file, not all the machine's memory.

use std::fmt;
use std::sync::Arc;

/// How large a document's text may grow while being cleaned: four times its size plus 1 MB.
/// Cleaning removes far more than it adds; even expanding every contraction stays well below.
pub fn growth_bound(original_len: usize) -> usize {
    original_len.saturating_mul(4).saturating_add(1 << 20)
}

/// Why the engine stopped a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The text would have grown past [`growth_bound`].
    Grew { original: usize, bound: usize },
    /// The last of the allowed pipeline runs still changed the text.
    NotSettled { runs: usize },
}

/// A document the engine stopped, with the rules whose changes kept it going.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Runaway {
    pub reason: Reason,
    /// Ids of the rules that changed the text in the run that was stopped, in rule order.
    pub rules: Vec<Arc<str>>,
}

impl fmt::Display for Runaway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rules = self
            .rules
            .iter()
            .map(|id| format!("`{id}`"))
            .collect::<Vec<_>>()
            .join(", ");
        match self.reason {
            Reason::Grew { original, bound } => write!(
                f,
                "stopped: the rules made its text grow past {bound} bytes (from {original}); \
                 rules involved: {rules}"
            ),
            Reason::NotSettled { runs } => write!(
                f,
                "stopped: the rules still changed it after {runs} runs of the pipeline; \
                 rules involved: {rules}"
            ),
        }
    }
}

/// What to do about a runaway document.
pub const HINT: &str = "a rule's replacement probably re-creates what it finds, or two rules \
                        undo each other; `transclean rules lint` shows such rules";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_reason_and_the_rules() {
        let runaway = Runaway {
            reason: Reason::NotSettled { runs: 16 },
            rules: vec![Arc::from("a"), Arc::from("b")],
        };
        assert_eq!(
            runaway.to_string(),
            "stopped: the rules still changed it after 16 runs of the pipeline; rules involved: `a`, `b`"
        );
        assert_eq!(growth_bound(1000), 4000 + (1 << 20));
    }
}
