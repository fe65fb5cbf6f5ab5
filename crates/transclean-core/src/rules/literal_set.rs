//! A set of literals to find in texts, whose automaton is built only once the texts searched
//! pay for it: before that, each literal is looked for on its own.
//!
//! Building the Aho-Corasick automata of the built-in rules' literals was a quarter of `check`
//! on one small file (issue 15, W4), though each was then asked of a few kilobytes.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use memchr::memmem;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// How much the literals are searched for one by one, in bytes of text times literals, before
/// their automaton is built: about what building one costs (50 to 500 thousand instructions,
/// with the number of literals), against a copy of the text in lower case and memchr's
/// vectorised search for each literal. A tree of small files, or one large file, soon passes
/// it. Tests use short texts, and a low bound there, so that both searches are tried.
pub(crate) const EACH_LITERAL_BYTES: usize = if cfg!(test) { 64 } else { 256 * 1024 };

/// Literals, searched by an automaton built when first worth it.
#[derive(Debug, Clone)]
pub(crate) struct LiteralSet {
    literals: Vec<Vec<u8>>,
    /// The automaton searches ASCII case-insensitively.
    fold: bool,
    /// The automaton's kind; `None`: Aho-Corasick's choice (a DFA for a small set).
    kind: Option<AhoCorasickKind>,
    /// What is searched literal by literal: the literals each once, in ASCII lower case when
    /// `each_folded`.
    each: Vec<Vec<u8>>,
    /// The search literal by literal is ASCII case-insensitive.
    each_folded: bool,
    /// `None` inside: it could not be built.
    automaton: OnceLock<Option<AhoCorasick>>,
    /// What the searches literal by literal cost so far (see [`EACH_LITERAL_BYTES`]).
    searched_each: ByteCount,
}

/// How a text is searched for the literals (see [`LiteralSet::search`]).
pub(crate) enum LiteralSearch<'s> {
    /// Literal by literal (see [`LiteralSet::any_start_each`]).
    EachLiteral,
    /// Leftmost-first, ASCII case-insensitively when the set is folded.
    Automaton(&'s AhoCorasick),
    /// The automaton could not be built: the text may hold any of them.
    Unsearchable,
}

impl LiteralSet {
    /// `literals` (none empty), searched ASCII case-insensitively when `fold`.
    pub(crate) fn new(
        literals: Vec<Vec<u8>>,
        fold: bool,
        kind: Option<AhoCorasickKind>,
    ) -> LiteralSet {
        let mut set = LiteralSet {
            each: Vec::new(),
            each_folded: fold,
            literals,
            fold,
            kind,
            automaton: OnceLock::new(),
            searched_each: ByteCount::default(),
        };
        set.each = set.each_literals();
        set
    }

    /// The set for a search that may also find the literals in other ASCII cases (a
    /// prefilter): literal by literal, case variants are searched as one (the 64 of
    /// `(?i)rev\.com`).
    pub(crate) fn in_any_case(mut self) -> LiteralSet {
        self.each_folded = true;
        self.each = self.each_literals();
        self
    }

    fn each_literals(&self) -> Vec<Vec<u8>> {
        let mut each = self.literals.clone();
        if self.each_folded {
            each.iter_mut().for_each(|l| l.make_ascii_lowercase());
        }
        each.sort_unstable();
        each.dedup();
        each
    }

    /// How to search `haystack`: by the automaton once it is built, or once the texts
    /// searched would pay for building it; until then each literal on its own.
    pub(crate) fn search(&self, haystack: &str) -> LiteralSearch<'_> {
        if self.automaton.get().is_none() {
            let cost = haystack.len().saturating_mul(self.each.len());
            if self.searched_each.add(cost) <= EACH_LITERAL_BYTES {
                return LiteralSearch::EachLiteral;
            }
        }
        let automaton = self.automaton.get_or_init(|| {
            AhoCorasick::builder()
                .kind(self.kind)
                .match_kind(MatchKind::LeftmostFirst)
                .ascii_case_insensitive(self.fold)
                .build(&self.literals)
                .ok()
        });
        match automaton {
            Some(automaton) => LiteralSearch::Automaton(automaton),
            None => LiteralSearch::Unsearchable,
        }
    }

    /// Whether `found` holds at some place where one of the literals starts, searched literal
    /// by literal with memchr's memmem (in a copy of the text in lower case when folded).
    pub(crate) fn any_start_each(
        &self,
        haystack: &str,
        mut found: impl FnMut(usize) -> bool,
    ) -> bool {
        let lowered;
        let text = if self.each_folded {
            lowered = haystack.as_bytes().to_ascii_lowercase();
            &lowered[..]
        } else {
            haystack.as_bytes()
        };
        (self.each.iter()).any(|literal| memmem::find_iter(text, literal).any(&mut found))
    }

    /// False only if `haystack` holds none of the literals (in any ASCII case, if the set is
    /// [`LiteralSet::in_any_case`]).
    pub(crate) fn may_be_in(&self, haystack: &str) -> bool {
        match self.search(haystack) {
            LiteralSearch::EachLiteral => self.any_start_each(haystack, |_| true),
            LiteralSearch::Automaton(automaton) => automaton.is_match(haystack),
            LiteralSearch::Unsearchable => true,
        }
    }

    /// Whether the automaton was built.
    #[cfg(test)]
    pub(crate) fn is_built(&self) -> bool {
        self.automaton.get().is_some()
    }
}

/// A count of bytes shared by the threads; a copy starts from the count so far.
#[derive(Debug, Default)]
pub(crate) struct ByteCount(AtomicUsize);

impl ByteCount {
    /// Adds `bytes`; the count with them.
    pub(crate) fn add(&self, bytes: usize) -> usize {
        self.0.fetch_add(bytes, Relaxed).saturating_add(bytes)
    }
}

impl Clone for ByteCount {
    fn clone(&self) -> ByteCount {
        ByteCount(self.0.load(Relaxed).into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_searched_one_by_one_until_the_texts_pay_for_the_automaton() {
        let literals = vec![b"Rev".to_vec(), b"REV".to_vec()];
        let exact = LiteralSet::new(literals.clone(), false, None);
        assert!(exact.may_be_in("a REV") && !exact.may_be_in("a rEv"));
        let any_case = LiteralSet::new(literals, false, None).in_any_case();
        // Case variants are one literal when searched one by one, found in any case.
        assert_eq!(any_case.each, [b"rev".to_vec()]);
        assert!(any_case.may_be_in("a rEv"));
        assert!(!any_case.may_be_in("none"));
        assert!(!any_case.is_built());
        // Past the bound, the automaton (exact here) is built and used from then on.
        assert!(!any_case.may_be_in(&"x".repeat(EACH_LITERAL_BYTES)));
        assert!(any_case.is_built());
        assert!(any_case.may_be_in("a REV") && !any_case.may_be_in("a rEv"));
        let folded = LiteralSet::new(vec![b"rev".to_vec()], true, None);
        assert!(folded.may_be_in("a rEv") && !folded.may_be_in("a re v"));
    }
}
