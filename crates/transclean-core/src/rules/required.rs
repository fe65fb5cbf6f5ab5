//! Required literals of a pattern: strings one of which every match contains, to skip text fast.
//!
//! A line that contains none of a pattern's required literals cannot match it, so a rule that
//! tests every line (as `drop` does) only needs to run its regex on the lines one search of the
//! literals finds. The literals come from the pattern's syntax tree (`regex-syntax`, as ripgrep
//! extracts its inner literals): a literal in a concatenation is in every match of it; an
//! alternation needs one of its branches' literals. Case-insensitive parts and classes give none.

use aho_corasick::{AhoCorasick, MatchKind};
use regex_syntax::hir::{Hir, HirKind};
use std::sync::OnceLock;

/// Literals shorter than this are too common to be worth a search.
pub(super) const SHORTEST_USEFUL: usize = 3;

/// A search for the required literals of a pattern, built when first used: a rule whose
/// pattern's own literal check rejects every text it sees never needs it (issue 15, W4).
#[derive(Debug, Clone)]
pub struct RequiredLiterals {
    literals: Vec<Vec<u8>>,
    searcher: OnceLock<AhoCorasick>,
}

impl RequiredLiterals {
    /// The literals of `pattern` (compiled as [`super::compile_regex`] does: multi-line, Unicode,
    /// case-sensitive), or `None` when it has no useful set: then every line must be tested.
    #[cfg(test)]
    pub fn of(pattern: &str) -> Option<RequiredLiterals> {
        let hir = super::lazy_regex::parse(pattern).ok()?;
        RequiredLiterals::of_literals(required(&hir))
    }

    /// [`RequiredLiterals::of`] a pattern whose [`required`] literals are `literals`.
    pub fn of_literals(literals: Option<Vec<Vec<u8>>>) -> Option<RequiredLiterals> {
        let literals = literals?;
        // A literal with a line break could span the lines that are tested one by one.
        if literals
            .iter()
            .any(|l| l.contains(&b'\n') || l.contains(&b'\r'))
        {
            return None;
        }
        Some(RequiredLiterals {
            literals,
            searcher: OnceLock::new(),
        })
    }

    /// The start of every non-overlapping occurrence in `text`: a line (without line breaks in
    /// the literals) that contains an occurrence of one literal contains the start of one found.
    pub fn starts<'h>(&'h self, text: &'h str) -> impl Iterator<Item = usize> + 'h {
        let searcher = self.searcher.get_or_init(|| {
            // Leftmost-first, so that the search can use the crate's vectorised prefilter
            // (Teddy), which standard matching cannot: a DFA walking every byte made fifteen
            // rules' scans a tenth of the engine's time (issue 15). Each occurrence still has a
            // match found on its line: one it overlaps starts on the same line, since no literal
            // breaks lines.
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostFirst)
                .build(&self.literals)
                .expect("a few short literals always build an automaton")
        });
        searcher.find_iter(text).map(|m| m.start())
    }
}

/// A set of literals one of which every match of `hir` contains, the best one found.
pub(super) fn required(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Literal(literal) => useful(vec![literal.0.to_vec()]),
        HirKind::Capture(capture) => required(&capture.sub),
        HirKind::Repetition(repetition) if repetition.min >= 1 => required(&repetition.sub),
        HirKind::Concat(parts) => {
            let mut best: Option<Vec<Vec<u8>>> = None;
            let mut keep = |candidate: Option<Vec<Vec<u8>>>| {
                if let Some(candidate) = candidate
                    && best
                        .as_ref()
                        .is_none_or(|b| quality(&candidate) > quality(b))
                {
                    best = Some(candidate);
                }
            };
            // Adjacent literals are one longer literal.
            let mut run = Vec::new();
            for part in parts {
                if let HirKind::Literal(literal) = part.kind() {
                    run.extend_from_slice(&literal.0);
                    continue;
                }
                keep(useful(vec![std::mem::take(&mut run)]));
                keep(required(part));
            }
            keep(useful(vec![run]));
            best
        }
        HirKind::Alternation(branches) => {
            let mut all = Vec::new();
            for branch in branches {
                all.extend(required(branch)?);
            }
            useful(all)
        }
        _ => None,
    }
}

/// The set, if each of its literals is long enough to be rare.
fn useful(literals: Vec<Vec<u8>>) -> Option<Vec<Vec<u8>>> {
    (!literals.is_empty() && literals.iter().all(|l| l.len() >= SHORTEST_USEFUL))
        .then_some(literals)
}

/// How selective a set is: by its shortest literal, then by having fewer of them.
fn quality(literals: &[Vec<u8>]) -> (usize, std::cmp::Reverse<usize>) {
    let shortest = literals.iter().map(Vec::len).min().unwrap_or(0);
    (shortest, std::cmp::Reverse(literals.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literals(pattern: &str) -> Option<Vec<String>> {
        let hir = super::super::lazy_regex::parse(pattern).unwrap();
        let mut found: Vec<String> = required(&hir)?
            .into_iter()
            .map(|l| String::from_utf8(l).unwrap())
            .collect();
        found.sort();
        Some(found)
    }

    #[test]
    fn literals_every_match_contains() {
        assert_eq!(literals("^Get short URL$").unwrap(), ["Get short URL"]);
        assert_eq!(
            literals(r"^(?:(?:[A-Z][\w-]*|at) ){0,5}(?i:transcripts) are created on a rush\b.*$")
                .unwrap(),
            [" are created on a rush"]
        );
        assert_eq!(
            literals("^(Comment via (Facebook|Sputnik)|Community standards)").unwrap(),
            ["Comment via ", "Community standards"]
        );
        assert_eq!(literals(r"^\d{1,2}:\d{2} GMT\b").unwrap(), [" GMT"]);
    }

    #[test]
    fn no_literals_where_a_match_may_lack_them() {
        assert_eq!(literals("(?i)^listen live$"), None);
        assert_eq!(literals("^(READ MORE|x)"), None);
        assert_eq!(literals("^(?:Copyright )?NP"), None);
        assert_eq!(literals(r"^\d+$"), None);
        assert!(RequiredLiterals::of("^a\nb line$").is_none());
    }

    #[test]
    fn every_line_with_a_literal_has_a_start_found() {
        let set = RequiredLiterals::of("(abcab|bca|cab)").unwrap();
        let text = "xabcabca\nzzcab\nnone\n";
        let starts: Vec<usize> = set.starts(text).collect();
        assert!(starts.iter().any(|&s| s < 8));
        assert!(starts.iter().any(|&s| (9..14).contains(&s)));
        assert!(!starts.iter().any(|&s| s >= 15));
    }
}
