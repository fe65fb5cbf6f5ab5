//! A rule file's pattern, checked when the rules load but compiled on first use, with the
//! literals any match must start (or end) with to tell, before compiling, that a text has none.
//!
//! Compiling the built-in rules' patterns (Unicode classes, case-insensitive alternations) was
//! most of the start-up of `check` on one small file (issue 15, W4), though most of them never
//! fire on a given file: a pattern whose literals are not in the text is never compiled.

use super::literal_set::{ByteCount, LiteralSearch, LiteralSet};
use super::{REGEX_DFA_LIMIT, REGEX_SIZE_LIMIT, RuleError, regex_error, required};
use aho_corasick::AhoCorasickKind;
use regex::{Regex, RegexBuilder};
use regex_automata::meta;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Class, Hir, HirKind};
use std::sync::{Arc, OnceLock};
use toml::Spanned;

/// Above this rough size (see [`weight`]) a pattern compiles when it loads, so that one that
/// outgrows [`REGEX_SIZE_LIMIT`] is still an error at load time, with its file and line. Below
/// it, the compiled program is orders of magnitude smaller than the limit.
const EAGER_WEIGHT: usize = 50_000;

/// The most literals aho-corasick's vectorised prefilter (Teddy) searches for.
const TEDDY_LITERALS: usize = 64;

/// What the syntax tree of a pattern gives, worked out ahead: the built-in rules' patterns, in
/// the generated [`known`] table. Parsing them when the rules loaded and extracting their
/// literals on first use was a fifth of the start-up of `check` on one small file (issue 15, W4).
#[derive(Debug)]
pub(super) struct Known {
    pattern: &'static str,
    /// [`searched_literals`] of the pattern: the literals, whether they are folded, and
    /// whether every match starts with one.
    literals: Option<&'static [&'static [u8]]>,
    folded: bool,
    prefix: bool,
    /// [`super::required::required`] literals of the pattern.
    inner: Option<&'static [&'static [u8]]>,
}

/// The table of [`Known`] patterns, sorted by pattern, generated from the built-in rule files by
/// the test that checks it.
#[rustfmt::skip]
mod known;
mod text_ends;

/// From this length on, a text is first searched for a pattern anchored at its ends by the
/// anchored alternatives alone (see [`text_ends`]). Compiling them costs about as much as
/// reading a few hundred kilobytes; tests use short texts, and a low bound there.
const LONG_HAYSTACK: usize = if cfg!(test) { 16 } else { 256 * 1024 };

/// The table's entry for `pattern`, if it has one.
fn known(pattern: &str) -> Option<&'static Known> {
    let table = known::PATTERNS;
    table
        .binary_search_by(|entry| entry.pattern.cmp(pattern))
        .ok()
        .map(|at| &table[at])
}

fn owned(literals: &[&[u8]]) -> Vec<Vec<u8>> {
    literals.iter().map(|literal| literal.to_vec()).collect()
}

/// A pattern compiled with the rule-file settings (`^`/`$` at line ends) when first needed.
#[derive(Debug, Clone)]
pub struct LazyRegex {
    pattern: Arc<str>,
    /// The table's facts, for a built-in rule's pattern: it is known to parse and to be small,
    /// so it is not parsed at all unless something else needs its syntax tree.
    known: Option<&'static Known>,
    /// The parsed pattern, which the literals are extracted from when first needed: a rule of
    /// a file whose `applies-when` a document fails is never scanned, and extracting the
    /// literals of every pattern was a tenth of a small file's start-up (issue 15, W4).
    hir: OnceLock<Arc<Hir>>,
    /// The literals every match holds, and whether every match starts with one; `None`: no
    /// such finite set.
    literals: OnceLock<Option<(LiteralSet, bool)>>,
    regex: OnceLock<Regex>,
    /// The pattern compiled for searches anchored where a literal starts (see
    /// [`LazyRegex::holds_match`]).
    anchored: OnceLock<meta::Regex>,
    /// The bytes of the texts [`LazyRegex::holds_match`] searched that way.
    searched_anchored: ByteCount,
    /// When every alternative of the pattern is anchored at the text's start or end, each
    /// compiled alone: what tells that a long text holds no match (see [`text_ends`]).
    text_ends: OnceLock<Option<Vec<Regex>>>,
}

impl LazyRegex {
    /// Checks `pattern` as the regex crate would (the same errors, at the same span), without
    /// compiling it unless it is large.
    pub fn new(pattern: &Spanned<String>, key: &str) -> Result<LazyRegex, RuleError> {
        let lazy = LazyRegex {
            pattern: Arc::from(pattern.get_ref().as_str()),
            known: known(pattern.get_ref()),
            hir: OnceLock::new(),
            literals: OnceLock::new(),
            regex: OnceLock::new(),
            anchored: OnceLock::new(),
            searched_anchored: ByteCount::default(),
            text_ends: OnceLock::new(),
        };
        if lazy.known.is_some() {
            return Ok(lazy);
        }
        let hir = parse(pattern.get_ref()).map_err(|e| regex_error(pattern, key, e))?;
        let heavy = weight(&hir) > EAGER_WEIGHT;
        let _ = lazy.hir.set(Arc::new(hir));
        if heavy {
            let regex = build(&lazy.pattern).map_err(|e| regex_error(pattern, key, e))?;
            let _ = lazy.regex.set(regex);
        }
        Ok(lazy)
    }

    /// The parsed pattern (a pattern is parsed once).
    fn hir(&self) -> &Hir {
        self.hir.get_or_init(|| {
            // Only a pattern of the table is not parsed yet, and the table's patterns parse.
            Arc::new(parse(&self.pattern).expect("a known pattern parses"))
        })
    }

    /// Literals one of which every match contains ([`super::required::required`]), for a rule
    /// that searches them itself.
    pub fn inner_literals(&self) -> Option<Vec<Vec<u8>>> {
        match self.known {
            Some(known) => known.inner.map(owned),
            None => super::required::required(self.hir()),
        }
    }

    /// A pattern from code (tests): panics if it does not compile.
    pub fn from_str_unchecked(pattern: &str) -> LazyRegex {
        LazyRegex::new(&Spanned::new(0..0, pattern.to_string()), "pattern")
            .expect("a valid pattern")
    }

    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    /// The compiled pattern to search `haystack` with, or `None` when it cannot match there
    /// (then it is not compiled).
    pub fn for_haystack(&self, haystack: &str) -> Option<&Regex> {
        if haystack.len() >= LONG_HAYSTACK
            && let Some(alternatives) = self.anchored_alternatives()
            && !alternatives.iter().any(|regex| regex.is_match(haystack))
        {
            return None;
        }
        if let Some(regex) = self.regex.get() {
            return Some(regex);
        }
        if !self.may_match(haystack) {
            return None;
        }
        Some(self.get())
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        self.for_haystack(haystack)
            .is_some_and(|regex| regex.is_match(haystack))
    }

    /// [`LazyRegex::is_match`] for a pattern asked once of a whole text (a file's
    /// `applies-when`), without compiling it for searches of the text. Where every match starts
    /// with one of the pattern's literals, the pattern is tried anchored at each place one
    /// starts, compiled with no literal search of its own and only the engines an anchored
    /// search uses: a sixth of the instructions of `check` on one small file went to
    /// compiling `applies-when = '(?i)\b(russia|…)\b'` with its hundreds of case variants
    /// (issue 15).
    ///
    /// The literals are searched byte by byte when they are folded, where the compiled
    /// pattern's own search is vectorised: past [`ANCHORED_BYTES`] of texts (a tree of
    /// small files, a large file), the pattern is compiled after all.
    pub fn holds_match(&self, haystack: &str) -> bool {
        let searched = self.searched_anchored.add(haystack.len());
        if self.regex.get().is_some() || searched > ANCHORED_BYTES {
            return self.is_match(haystack);
        }
        let Some((literals, true)) = self.literals() else {
            return self.is_match(haystack);
        };
        // Compiled at the first place a literal starts: most texts hold none.
        let matches_at = |at: usize| {
            (self.anchored.get_or_init(|| build_anchored(&self.pattern)))
                .is_match(meta_input(haystack, at))
        };
        match literals.search(haystack) {
            LiteralSearch::EachLiteral => literals.any_start_each(haystack, matches_at),
            LiteralSearch::Automaton(searcher) => {
                let mut from = 0;
                while let Some(hit) =
                    searcher.find(aho_corasick::Input::new(haystack).range(from..))
                {
                    if matches_at(hit.start()) {
                        return true;
                    }
                    from = hit.start() + 1;
                }
                false
            }
            LiteralSearch::Unsearchable => self.is_match(haystack),
        }
    }

    /// The pattern's alternatives compiled one by one, when each is anchored at the text's
    /// start or end.
    fn anchored_alternatives(&self) -> Option<&[Regex]> {
        let alternatives = self.text_ends.get_or_init(|| {
            let alternatives = text_ends::anchored_alternatives(self.hir())?;
            // Printed from its syntax tree, an alternative parses back to the same tree.
            (alternatives.iter())
                .map(|alternative| build(&alternative.to_string()).ok())
                .collect()
        });
        alternatives.as_deref()
    }

    /// The compiled pattern (compiled now if it was not yet).
    pub fn get(&self) -> &Regex {
        self.regex.get_or_init(|| {
            // It parsed and is small, so only a bug could make it fail here.
            build(&self.pattern).expect("a checked pattern compiles")
        })
    }

    /// False only if `haystack` holds none of the literals every match starts or ends with.
    fn may_match(&self, haystack: &str) -> bool {
        self.literals()
            .is_none_or(|(literals, _)| literals.may_be_in(haystack))
    }

    /// The literals every match holds, searched with a contiguous NFA: it builds in a
    /// fraction of a DFA's time, and searches only until the pattern compiles. Leftmost-first
    /// finds an occurrence wherever standard matching does, and lets the search skip with
    /// Teddy, which standard matching cannot use: without it, a text with none of the
    /// literals was walked byte by byte through the automaton (issue 15). With whether every
    /// match starts with one; `None` when there is no such finite set.
    fn literals(&self) -> Option<(&LiteralSet, bool)> {
        let literals = self.literals.get_or_init(|| {
            let Searched {
                literals,
                fold,
                prefix,
            } = match self.known {
                Some(known) => Searched {
                    literals: owned(known.literals?),
                    fold: known.folded,
                    prefix: known.prefix,
                },
                None => searched_literals(self.hir())?,
            };
            let kind = Some(AhoCorasickKind::ContiguousNFA);
            // Only a prefilter: found in other cases, the pattern decides.
            Some((LiteralSet::new(literals, fold, kind).in_any_case(), prefix))
        });
        literals.as_ref().map(|(set, prefix)| (set, *prefix))
    }
}

/// How many bytes of texts [`LazyRegex::holds_match`] searches without compiling the pattern:
/// about what a search for folded literals, byte by byte, costs beyond the compiled pattern's
/// search while it compiles (2 M instructions for the built-in `applies-when` of Russia).
const ANCHORED_BYTES: usize = 128 * 1024;

/// `haystack` searched from `at` on, anchored there, for whether any match starts there; the
/// text before `at` is seen by look-behind (`\b`).
fn meta_input(haystack: &str, at: usize) -> regex_automata::Input<'_> {
    regex_automata::Input::new(haystack)
        .range(at..)
        .anchored(regex_automata::Anchored::Yes)
        .earliest(true)
}

/// `pattern` compiled with the rule-file settings for anchored searches that only tell
/// whether there is a match: no literal search, no lazy DFA (whose reverse program is most of
/// the rest), no capture groups; the search runs until the match or its last thread fails.
fn build_anchored(pattern: &str) -> meta::Regex {
    meta::Regex::builder()
        .syntax(regex_automata::util::syntax::Config::new().multi_line(true))
        .configure(
            meta::Config::new()
                .auto_prefilter(false)
                .hybrid(false)
                .dfa(false)
                .which_captures(regex_automata::nfa::thompson::WhichCaptures::Implicit)
                .nfa_size_limit(Some(REGEX_SIZE_LIMIT)),
        )
        .build(pattern)
        // It parsed and is small, so only a bug could make it fail here.
        .expect("a checked pattern compiles")
}

/// The literals to search for before compiling a pattern (see [`searched_literals`]).
struct Searched {
    literals: Vec<Vec<u8>>,
    /// Searched ASCII case-insensitively.
    fold: bool,
    /// Every match starts with one of them.
    prefix: bool,
}

/// The literals to search for before compiling the pattern of `hir`, and whether they are
/// searched ASCII case-insensitively.
///
/// The vectorised prefilter (Teddy) takes at most 64 literals; past that the automaton walks
/// every byte anyway, and a case-insensitive pattern's hundreds of case variants were most of
/// the cost of building it (issue 15, W4). They are folded to one ASCII lower-case literal each
/// and searched ASCII case-insensitively, which finds every variant (and strings that are none:
/// this only decides whether to run the regex).
fn searched_literals(hir: &Hir) -> Option<Searched> {
    let (mut literals, prefix) = required_literals(hir)?;
    let fold = literals.len() > TEDDY_LITERALS;
    if fold {
        literals.iter_mut().for_each(|l| l.make_ascii_lowercase());
        literals.sort_unstable();
        literals.dedup();
    }
    Some(Searched {
        literals,
        fold,
        prefix,
    })
}

/// Parses `pattern` with the rule-file settings, as the regex crate does when it compiles it.
pub(super) fn parse(pattern: &str) -> Result<Hir, regex::Error> {
    regex_syntax::ParserBuilder::new()
        .multi_line(true)
        .build()
        .parse(pattern)
        .map_err(|e| regex::Error::Syntax(e.to_string()))
}

fn build(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .multi_line(true)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_DFA_LIMIT)
        .build()
}

/// Literals such that every match contains one of them, none of them empty: the literals every
/// match starts with (or ends with), as ripgrep's prefilter extracts them, unless some are too
/// short to be rare; then the literals of a part every match has (a piece of a concatenation, a
/// repeated part, one set per alternative).
///
/// A set holding a space or a single letter is found in every text, so the pattern compiled
/// and ran on all of them: `subtitle-site-credit`, whose matches start with optional spaces,
/// was a tenth of a small file's start-up and of each pipeline run on a large one (issue 15).
///
/// With whether every match starts with one of them (the set of what matches start with was
/// taken).
fn required_literals(hir: &Hir) -> Option<(Vec<Vec<u8>>, bool)> {
    let affixes = affix_literals(hir);
    if let Some((literals, _)) = &affixes
        && literals
            .iter()
            .all(|l| l.len() >= required::SHORTEST_USEFUL)
    {
        return affixes;
    }
    if let Some(literals) = required::required(hir) {
        return Some((literals, false));
    }
    if affixes.is_some() {
        return affixes;
    }
    let inner = match hir.kind() {
        HirKind::Capture(capture) => required_literals(&capture.sub).map(|(l, _)| l),
        HirKind::Repetition(repetition) if repetition.min >= 1 => {
            required_literals(&repetition.sub).map(|(l, _)| l)
        }
        // The most selective part (the one whose shortest literal is longest): a piece, or
        // what the pieces from one on start with.
        HirKind::Concat(parts) => (0..parts.len())
            .filter_map(|from| prefix_literals(&Hir::concat(parts[from..].to_vec())))
            .chain((parts.iter()).filter_map(required_literals).map(|(l, _)| l))
            .max_by_key(|literals| literals.iter().map(Vec::len).min()),
        HirKind::Alternation(branches) => branches
            .iter()
            .map(|branch| required_literals(branch).map(|(l, _)| l))
            .collect::<Option<Vec<_>>>()
            .map(|sets| sets.concat()),
        _ => None,
    };
    inner.map(|literals| (literals, false))
}

/// The literals every match starts with or, failing a finite set, ends with; and whether they
/// are what matches start with.
fn affix_literals(hir: &Hir) -> Option<(Vec<Vec<u8>>, bool)> {
    [(ExtractKind::Prefix, true), (ExtractKind::Suffix, false)]
        .into_iter()
        .find_map(|(kind, prefix)| Some((extract(hir, kind)?, prefix)))
}

fn prefix_literals(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    extract(hir, ExtractKind::Prefix)
}

/// A finite set of non-empty literals of `kind`, if regex-syntax finds one.
fn extract(hir: &Hir, kind: ExtractKind) -> Option<Vec<Vec<u8>>> {
    let seq = Extractor::new().kind(kind).extract(hir);
    let literals = seq.literals()?;
    (!literals.is_empty() && literals.iter().all(|l| !l.as_bytes().is_empty()))
        .then(|| literals.iter().map(|l| l.as_bytes().to_vec()).collect())
}

/// A rough upper bound on the size of the compiled program: literal bytes, class ranges (each
/// a few UTF-8 sequences), repetitions multiplied out.
fn weight(hir: &Hir) -> usize {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => 1,
        HirKind::Literal(literal) => literal.0.len(),
        HirKind::Class(Class::Unicode(class)) => class.ranges().len().saturating_mul(4),
        HirKind::Class(Class::Bytes(class)) => class.ranges().len(),
        HirKind::Repetition(repetition) => {
            let copies = repetition.max.unwrap_or(repetition.min).max(1);
            weight(&repetition.sub).saturating_mul(copies as usize)
        }
        HirKind::Capture(capture) => weight(&capture.sub),
        HirKind::Concat(parts) | HirKind::Alternation(parts) => {
            parts.iter().map(weight).fold(0, usize::saturating_add)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::literal_set::EACH_LITERAL_BYTES;
    use super::*;

    fn literals(pattern: &str) -> Option<Vec<String>> {
        let hir = parse(pattern).unwrap();
        required_literals(&hir).map(|(ls, _)| {
            ls.into_iter()
                .map(|l| String::from_utf8(l).unwrap())
                .collect()
        })
    }

    #[test]
    fn literals_every_match_needs() {
        assert_eq!(literals("^Get short URL$").unwrap(), ["Get short URL"]);
        assert_eq!(literals(r"^READ MORE:").unwrap(), ["READ MORE:"]);
        // A leading class of many characters: the suffix set is used instead.
        assert_eq!(literals(r"\w+ here\.").unwrap(), [" here."]);
        assert_eq!(literals(r"\w+").map(|l| l.len()), None);
        // Neither end is a finite set: a part every match has (here, in both alternatives).
        let inner =
            literals(r"\A(?:\s*[Dd]ownloaded from \w+)+|\s*x[Dd]ownloaded from\s*\z").unwrap();
        assert_eq!(inner, ["ownloaded from ", "ownloaded from"]);
        // Matches start with optional spaces: the set of what they start with holds a space,
        // found in every text, so the part every match has is taken instead.
        let spaced = literals(r"[ \t]*Read the (full )?transcript of [^\n]*? here\.").unwrap();
        assert_eq!(spaced, ["transcript of "]);
        assert!(literals("(?i)sputnik").unwrap().len() > 1);
    }

    /// Every pattern of the built-in rule files that is a [`LazyRegex`]: `applies-when`,
    /// `when`, `unless`, and the `pattern` of `regex` and `drop` rules (no other kind has one).
    fn builtin_patterns() -> std::collections::BTreeSet<String> {
        let mut patterns = std::collections::BTreeSet::new();
        for (name, text) in crate::builtin::FILES {
            let raw: crate::raw::RawFile = toml::from_str(text).expect(name);
            let applies_when = raw.meta.and_then(|meta| meta.applies_when);
            let rules = raw.rule.unwrap_or_default();
            let of_rules = rules.iter().flat_map(|rule| {
                let rule = rule.get_ref();
                [&rule.when, &rule.unless, &rule.pattern]
            });
            for pattern in std::iter::once(&applies_when).chain(of_rules).flatten() {
                patterns.insert(pattern.get_ref().clone());
            }
        }
        patterns
    }

    fn byte_string(bytes: &[u8]) -> String {
        let mut text = String::from("b\"");
        for &byte in bytes {
            match byte {
                b'"' | b'\\' => text.extend(['\\', byte as char]),
                b' '..=b'~' => text.push(byte as char),
                _ => text.push_str(&format!("\\x{byte:02x}")),
            }
        }
        text.push('"');
        text
    }

    fn literals_source(literals: Option<Vec<Vec<u8>>>) -> String {
        match literals {
            None => "None".to_string(),
            Some(literals) => {
                let items: Vec<String> = literals.iter().map(|l| byte_string(l)).collect();
                format!("Some(&[{}])", items.join(", "))
            }
        }
    }

    /// The source of `known.rs`: each built-in pattern small enough to compile lazily, with
    /// what its syntax tree gives.
    fn known_source() -> String {
        let mut source = String::from(
            "//! Generated from the built-in rule files by \
             `lazy_regex::tests::the_known_table_is_the_builtin_patterns`.\n\
             //! Run `TRANSCLEAN_BLESS=1 cargo test -p transclean-core lazy_regex` after changing \
             their patterns.\n\n\
             pub(super) static PATTERNS: &[super::Known] = &[\n",
        );
        for pattern in builtin_patterns() {
            let hir = parse(&pattern).expect("a built-in pattern parses");
            if weight(&hir) > EAGER_WEIGHT {
                continue;
            }
            let searched = searched_literals(&hir);
            let folded = searched.as_ref().is_some_and(|searched| searched.fold);
            let prefix = searched.as_ref().is_some_and(|searched| searched.prefix);
            source.push_str(&format!(
                "    super::Known {{\n        pattern: {pattern:?},\n        literals: {},\n        \
                 folded: {folded},\n        prefix: {prefix},\n        inner: {},\n    }},\n",
                literals_source(searched.map(|searched| searched.literals)),
                literals_source(super::super::required::required(&hir)),
            ));
        }
        source.push_str("];\n");
        source
    }

    #[test]
    fn the_known_table_is_the_builtin_patterns() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/rules/lazy_regex/known.rs");
        let expected = known_source();
        if std::env::var_os("TRANSCLEAN_BLESS").is_some() {
            std::fs::write(path, &expected).expect("known.rs is writable");
        }
        assert!(
            include_str!("lazy_regex/known.rs") == expected,
            "{path} is not what the built-in patterns give: run \
             `TRANSCLEAN_BLESS=1 cargo test -p transclean-core lazy_regex`"
        );
        // Sorted, so that a lookup can find every entry.
        let table = known::PATTERNS;
        assert!(table.windows(2).all(|w| w[0].pattern < w[1].pattern));
        assert!(table.iter().all(|entry| known(entry.pattern).is_some()));
    }

    #[test]
    fn a_known_pattern_is_not_parsed_until_needed() {
        let entry = known::PATTERNS
            .first()
            .expect("the built-in rules have patterns");
        let regex = LazyRegex::from_str_unchecked(entry.pattern);
        assert!(regex.hir.get().is_none());
        // What the table gives is what parsing gives.
        let parsed = parse(entry.pattern).unwrap();
        assert_eq!(
            regex.inner_literals(),
            super::super::required::required(&parsed)
        );
        assert!(regex.hir.get().is_none());
        // An unknown one is parsed (and checked) when it loads.
        let unknown = LazyRegex::from_str_unchecked("not a built-in (pattern)");
        assert!(unknown.known.is_none() && unknown.hir.get().is_some());
    }

    #[test]
    fn a_text_without_the_literals_never_compiles_the_pattern() {
        let regex = LazyRegex::from_str_unchecked("^Listen Live$");
        assert!(!regex.is_match("nothing to see\nhere"));
        assert!(regex.regex.get().is_none());
        assert!(regex.is_match("a\nListen Live\nb"));
        assert!(regex.regex.get().is_some());
    }

    #[test]
    fn case_insensitive_literals_find_every_case() {
        let regex = LazyRegex::from_str_unchecked(r"(?i)\bsputnik\b");
        assert!(regex.is_match("SPUTNIK said"));
        assert!(regex.is_match("SputNik"));
        // Its case variants are past Teddy's 64 and searched folded: the long s and the Kelvin
        // sign, which match `s` and `k` case-insensitively, are still found.
        assert!(required_literals(regex.hir()).unwrap().0.len() > TEDDY_LITERALS);
        for text in ["\u{17f}putnik said", "\u{17f}PUTNIK"] {
            // A fresh one each time: once compiled, the regex is asked directly.
            let fresh = LazyRegex::from_str_unchecked(r"(?i)\bsputnik\b");
            assert!(fresh.is_match(text), "{text}");
        }
        assert!(!regex.is_match("sputniks"));
    }

    #[test]
    fn bad_patterns_fail_when_they_load_with_the_regex_crate_message() {
        let pattern = Spanned::new(3..9, "a(?=b)".to_string());
        let ours = LazyRegex::new(&pattern, "pattern").unwrap_err();
        let theirs = super::super::compile_regex(&pattern, "pattern").unwrap_err();
        assert_eq!((ours.message, ours.hint), (theirs.message, theirs.hint));
        // Too large to compile: still an error when the rules load.
        let huge = Spanned::new(0..1, r"\w{1000}\w{1000}".to_string());
        assert!(LazyRegex::new(&huge, "pattern").is_err());
    }

    /// The built-in credit pattern, and shapes of anchored alternatives it does not have.
    const ANCHORED: &[&str] = &[
        r"\A(?:[ \t]*(?:Subtitles )?[Dd]ownloaded [Ff]rom (?:www\.)?[\w-]+\.(?:org|com|net)[ \t]*(?:\r?\n)*)+|(?:\s*(?:Subtitles )?[Dd]ownloaded [Ff]rom (?:www\.)?[\w-]+\.(?:org|com|net))+\s*\z",
        r"\A\s*ab|b\s*\z",
        r"(?i)\Aa|\bab\z",
        r"\A(?:a\n)+",
    ];

    #[test]
    fn a_long_text_is_searched_by_its_anchored_alternatives() {
        let credit = LazyRegex::from_str_unchecked(ANCHORED[0]);
        let body = "said nothing about downloads at all.\n".repeat(3);
        assert!(credit.anchored_alternatives().is_some_and(|a| a.len() == 2));
        assert!(credit.for_haystack(&body).is_none());
        // Not compiled to tell that the text holds no match.
        assert!(credit.regex.get().is_none());
        for text in [
            format!("Downloaded From www.AllSubs.org\n{body}"),
            format!("{body}Downloaded From www.AllSubs.org\n"),
        ] {
            assert!(credit.is_match(&text), "{text}");
        }
        // Once compiled, a text without a match is still not searched through.
        assert!(credit.regex.get().is_some());
        assert!(credit.for_haystack(&body).is_none());
        assert!(
            LazyRegex::from_str_unchecked(r"^a|b$")
                .anchored_alternatives()
                .is_none()
        );
    }

    #[test]
    fn texts_past_the_anchored_bytes_are_searched_by_the_compiled_pattern() {
        let lazy = LazyRegex::from_str_unchecked(r"(?i)\bsputnik\b");
        assert!(lazy.holds_match("news from Sputnik today"));
        assert!(!lazy.holds_match("sputniks"));
        assert!(lazy.regex.get().is_none() && lazy.anchored.get().is_some());
        let long = format!("{}Sputnik", "x ".repeat(ANCHORED_BYTES / 2));
        assert!(lazy.holds_match(&long));
        assert!(lazy.regex.get().is_some());
        assert!(!lazy.holds_match("sputniks"));
    }

    #[test]
    fn an_applies_when_pattern_is_compiled_only_where_a_literal_starts() {
        let lazy = LazyRegex::from_str_unchecked(r"(?i)\brev\.com\b");
        let built = |lazy: &LazyRegex| lazy.literals().unwrap().0.is_built();
        assert!(!lazy.holds_match("no site here"));
        // Neither the literals' automaton nor, without a literal, the pattern was built.
        assert!(!built(&lazy) && lazy.anchored.get().is_none());
        assert!(lazy.holds_match("at Rev.com."));
        assert!(!lazy.holds_match("at rev.comb"));
        assert!(!built(&lazy) && lazy.regex.get().is_none());
        // Past the bound for searching literal by literal, the automaton is used.
        assert!(!lazy.holds_match(&"x ".repeat(EACH_LITERAL_BYTES)));
        assert!(built(&lazy));
        assert!(lazy.holds_match("REV.COM") && !lazy.holds_match("rev.comb"));
    }

    proptest::proptest! {
        /// A pattern anchored at the text's ends matches a text where the regex crate says it
        /// does, on texts both shorter and longer than the bound for the anchored search.
        #[test]
        fn anchored_alternatives_find_what_the_whole_pattern_finds(
            pattern in proptest::sample::select(ANCHORED.to_vec()),
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", "b", "ab", "A", " ", "\n", "\t", "x", "é",
                    "Downloaded From www.AllSubs.org", "downloaded from subs.com\r\n",
                ]),
                0..12,
            ),
        ) {
            let text: String = pieces.concat();
            let lazy = LazyRegex::from_str_unchecked(pattern);
            let whole = build(pattern).unwrap();
            proptest::prop_assert_eq!(lazy.is_match(&text), whole.is_match(&text));
            // And once the pattern is compiled, as a later pipeline run finds it.
            lazy.get();
            proptest::prop_assert_eq!(lazy.is_match(&text), whole.is_match(&text));
        }

        /// Tried where each literal starts, a pattern whose matches all start with one holds
        /// a match where the regex crate finds one: the built-in `applies-when` patterns and
        /// others, on texts with their words in other cases, inside longer words (`\b`), split
        /// by a line start (`^`), with the Kelvin sign and the long s, which match `k` and `s`
        /// case-insensitively, and with a match that starts inside a literal that did not.
        #[test]
        fn a_match_anchored_where_a_literal_starts_is_found_where_the_regex_finds_one(
            pattern in proptest::sample::select(vec![
                r"(?i)\b(russia|russian|kremlin|putin|moscow)\b",
                r"(?i)\bsputnik\b",
                r"(?i)\brev\.com\b",
                r"Executive Intelligence Review|\(EIRNS\)",
                r"^READ MORE:",
                r"(?i)\b(strategic stability|cyber ?security|arms control)\b",
                r"Putin\b.{0,8}said",
                // Literals that overlap: `bcd` starts inside `abc`.
                r"abc\d|bcd",
            ]),
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "Russia", "russians", "RUSSIAN", "x", " ", "\n", "Putin", "putin's", "said",
                    "\u{212a}remlin", "\u{17f}putnik", "Sputnik", "rev.com", "REV.COM.", "(EIRNS)",
                    "READ MORE:", "cyber security", "cybersecurity", "é", "Moscow", "mo", "scow",
                    "abcd", "abc1", "bc",
                ]),
                0..10,
            ),
        ) {
            let text: String = pieces.concat();
            let lazy = LazyRegex::from_str_unchecked(pattern);
            proptest::prop_assume!(lazy.literals().is_some_and(|(_, prefix)| prefix));
            let whole = build(pattern).unwrap();
            proptest::prop_assert_eq!(lazy.holds_match(&text), whole.is_match(&text));
            // The full pattern was not compiled for it.
            proptest::prop_assert!(lazy.regex.get().is_none());
        }
    }
}
