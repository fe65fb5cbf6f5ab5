//! `repeated-word`: "of of" → "of", a doubled word that regexes cannot find (no back-references).

use super::{Compiled, KindRule, KindSpec, Reach, RuleError, Safety, Span, Stage};
use crate::raw::RawRule;
use crate::text::{StageText, is_word_char};
use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

mod gaps;

pub static SPEC: KindSpec = KindSpec {
    name: "repeated-word",
    stage: Stage::Corrections,
    safety: Safety::Unsafe,
    summary: "Remove a word repeated with only spaces between (\"of of\" -> \"of\")",
    docs: "\
What it does: when the same word (ignoring case) appears twice in a row with only spaces or tabs
between, removes the second one. Pairs listed in `allow` are legitimate English and kept.
Numbers are never touched (\"10 10\" may be a score), and neither is a word joined to another
by a hyphen, a slash or an apostrophe (\"the far-left left them\"). With `only`, just the listed
words are removed, and only when the second is in lower case (\"The The\" is a band): a closed
list of function words nobody doubles on purpose (\"the the\").

Safety: unsafe by default. In speech a doubled word is often meant (\"not not\", \"no no no\",
\"go go go\", \"Walla Walla\"), and in unpunctuated captions one sentence can end with the word
the next begins with; the changes are proposed, not applied, unless a rule sets
`safety = \"safe\"`, as the built-in `repeated-function-words` does for its closed list in prose.

Why: transcription tools and hand typing double words; a regex cannot find them because the
regex crate has no back-references.

Example:
    [[rule]]
    id = \"repeated-words\"
    kind = \"repeated-word\"
    allow = [\"had had\", \"that that\"]
    examples = [
      { input = \"the legitimacy of of the vote\", output = \"the legitimacy of the vote\" },
      { input = \"he had had enough\", output = \"he had had enough\" },
    ]",
    options: &[
        (
            "allow",
            "word pairs to keep, such as \"had had\" (default: had had, that that)",
        ),
        (
            "only",
            "remove only these words when doubled (a closed list, such as [\"the\", \"of\"])",
        ),
    ],
    compile,
};

#[derive(Debug)]
struct RepeatedWord {
    allow: HashSet<String>,
    /// With `only`: the words (lower case) that may be removed; `None` for any word.
    only: Option<HashSet<String>>,
    /// With `only`: the ASCII bytes a listed word can start with. A second word starting with
    /// any other ASCII byte is not listed (it would have to be a listed word, in lower case),
    /// so most gaps of a text are passed over without looking at the words (issue 15).
    only_initials: Option<[bool; 128]>,
    /// With `only`: the most bytes a listed word has, which a gap search can pass words longer
    /// than over with.
    only_longest: Option<usize>,
}

impl RepeatedWord {
    fn new(allow: HashSet<String>, only: Option<HashSet<String>>) -> RepeatedWord {
        let only_initials = only.as_ref().map(|words| {
            let mut initials = [false; 128];
            for byte in words.iter().filter_map(|w| w.bytes().next()) {
                if byte.is_ascii() {
                    initials[usize::from(byte)] = true;
                }
            }
            initials
        });
        let only_longest = only
            .as_ref()
            .map(|words| words.iter().map(String::len).max().unwrap_or(0));
        RepeatedWord {
            allow,
            only,
            only_initials,
            only_longest,
        }
    }

    /// Whether a listed word could start at the byte `byte` (always, for a non-ASCII one).
    fn may_be_listed(&self, byte: u8) -> bool {
        self.only_initials
            .as_ref()
            .is_none_or(|initials| !byte.is_ascii() || initials[usize::from(byte)])
    }
}

const DEFAULT_ALLOW: &[&str] = &["had had", "that that"];

fn compile(raw: &RawRule, _span: Span) -> Result<Compiled, RuleError> {
    let allow = match &raw.allow {
        Some(list) => list.get_ref().iter().map(|p| normalise_pair(p)).collect(),
        None => DEFAULT_ALLOW.iter().map(|p| normalise_pair(p)).collect(),
    };
    let only = raw.only.as_ref().map(|list| {
        list.get_ref()
            .iter()
            .map(|w| w.trim().to_lowercase())
            .collect()
    });
    Ok(Compiled::Scanner(Arc::new(RepeatedWord::new(allow, only))))
}

/// Characters that join a word to the next into one compound or token (`far-left`, `and/or`,
/// `rock'n'roll`, `e.g.`): a word touching one is part of something larger.
fn is_joiner(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '/' | '\'' | '’' | '.' | '@' | '_' | '&'
    )
}

/// Whether the word at `range` is joined to what is before or after it.
fn joined(text: &str, range: &Range<usize>) -> bool {
    text[..range.start]
        .chars()
        .next_back()
        .is_some_and(is_joiner)
        || text[range.end..]
            .chars()
            .next()
            .is_some_and(|c| is_joiner(c) && c != '.' && c != '\'' && c != '’')
}

fn normalise_pair(pair: &str) -> String {
    pair.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Per byte: an ASCII word character (letter, digit, `_`).
static ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 128 {
        table[byte] = (byte as u8).is_ascii_alphanumeric() || byte as u8 == b'_';
        byte += 1;
    }
    table
};

/// The word that starts at byte `at`: word characters, with inner apostrophes (`it's`); and
/// whether it is ASCII.
fn word_starting_at(text: &str, at: usize) -> Option<(Range<usize>, bool)> {
    // Most words are ASCII letters up to a space or punctuation: no need to decode. Each byte
    // is classed by one table look-up: this loop is most of the scan (issue 15).
    let bytes = text.as_bytes();
    let ascii_end = at
        + bytes[at..]
            .iter()
            .take_while(|&&b| ASCII_WORD[usize::from(b)])
            .count();
    match bytes.get(ascii_end) {
        None => return (ascii_end > at).then_some((at..ascii_end, true)),
        Some(&b) if b.is_ascii() && b != b'\'' => {
            return (ascii_end > at).then_some((at..ascii_end, true));
        }
        _ => {}
    }
    let mut chars = text[at..].char_indices().peekable();
    let mut end = at;
    while let Some((offset, c)) = chars.next() {
        let inner_apostrophe =
            end > at && is_apostrophe(c) && chars.peek().is_some_and(|&(_, n)| is_word_char(n));
        if !(is_word_char(c) || inner_apostrophe) {
            break;
        }
        end = at + offset + c.len_utf8();
    }
    (end > at).then(|| (at..end, text[at..end].is_ascii()))
}

/// The word that ends at byte `at` (see [`word_starting_at`]).
fn word_ending_at(text: &str, at: usize) -> Option<Range<usize>> {
    let mut chars = text[..at].char_indices().rev().peekable();
    let mut start = at;
    while let Some((offset, c)) = chars.next() {
        let inner_apostrophe =
            start < at && is_apostrophe(c) && chars.peek().is_some_and(|&(_, p)| is_word_char(p));
        if !(is_word_char(c) || inner_apostrophe) {
            break;
        }
        start = offset;
    }
    (start < at).then_some(start..at)
}

/// Equal ignoring case, without allocating for the common ASCII case.
fn same_word(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

impl KindRule for RepeatedWord {
    /// A repeat is two words of one line with only spaces or tabs between.
    fn reach(&self) -> Reach {
        Reach::Block
    }

    fn scan(&self, text: &StageText, emit: &mut dyn FnMut(Range<usize>, String)) {
        let text = text.as_str();
        gaps::for_each_gap_to_check(text, self.only_longest, |gap| {
            if let Some(repeat) = self.repeat_at(text, gap) {
                emit(repeat, String::new());
            }
        });
    }
}

impl RepeatedWord {
    /// The second word to remove, with the gap before it, if the words on either side of
    /// `gap` (a maximal run of spaces and tabs) are a repeat this rule removes.
    fn repeat_at(&self, text: &str, gap: Range<usize>) -> Option<Range<usize>> {
        let bytes = text.as_bytes();
        if !bytes.get(gap.end).is_some_and(|&b| self.may_be_listed(b)) || gap.start == 0 {
            return None;
        }
        let (second, ascii) = word_starting_at(text, gap.end)?;
        // Cheap tests first: most neighbouring words differ in their first or last letter. An
        // ASCII word can only equal (ignoring case) a word of at least as many bytes, and one
        // whose first byte, if ASCII, is its first letter in either case. Lower-casing maps
        // each character on its own but for a final sigma, so two words whose last
        // characters are ASCII and differ (ignoring case) are different words.
        if ascii {
            let mirror = bytes[gap.start.checked_sub(second.len())?];
            if mirror.is_ascii() && !mirror.eq_ignore_ascii_case(&bytes[gap.end]) {
                return None;
            }
        }
        let (last, second_last) = (bytes[gap.start - 1], bytes[second.end - 1]);
        if last.is_ascii() && second_last.is_ascii() && !last.eq_ignore_ascii_case(&second_last) {
            return None;
        }
        let first = word_ending_at(text, gap.start)?;
        if joined(text, &first) || joined(text, &second) {
            return None;
        }
        let (first, second_word) = (&text[first], &text[second.clone()]);
        let is_repeat = same_word(first, second_word) && first.chars().any(char::is_alphabetic);
        // A listed word written with a capital the second time may be a name or a letter
        // ("The The", "an A a week"): only lower-case repeats are the closed list's.
        let listed = |only: &HashSet<String>| {
            !second_word.chars().any(char::is_uppercase) && only.contains(&first.to_lowercase())
        };
        (is_repeat
            && self.only.as_ref().is_none_or(listed)
            && !self
                .allow
                .contains(&format!("{first} {second_word}").to_lowercase()))
        .then_some(gap.start..second.end)
    }

    /// What [`KindRule::scan`] proposes, found by checking every gap between words: the
    /// reference the gap search is tested against.
    #[cfg(test)]
    fn scan_every_gap(&self, text: &str) -> Vec<Range<usize>> {
        let bytes = text.as_bytes();
        let mut repeats = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            let is_gap = |b: &u8| matches!(b, b' ' | b'\t');
            if is_gap(&bytes[at]) {
                let end = at + bytes[at..].iter().take_while(|b| is_gap(b)).count();
                repeats.extend(self.repeat_at(text, at..end));
                at = end;
            } else {
                at += 1;
            }
        }
        repeats
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> String {
        let rule = RepeatedWord::new(DEFAULT_ALLOW.iter().map(|p| p.to_string()).collect(), None);
        crate::rules::apply_scan(&rule, text)
    }

    #[test]
    fn a_word_of_a_compound_is_not_doubled() {
        assert_eq!(run("the far-left left them"), "the far-left left them");
        assert_eq!(run("and/or or"), "and/or or");
        assert_eq!(run("left left-wing"), "left left-wing");
        assert_eq!(run("rock'n'roll roll"), "rock'n'roll roll");
        // A sentence's last word can be followed by a full stop.
        assert_eq!(run("of of."), "of.");
    }

    #[test]
    fn only_removes_the_listed_words() {
        let rule = RepeatedWord::new(
            HashSet::new(),
            Some(["the".to_string(), "of".to_string()].into()),
        );
        let run = |text| crate::rules::apply_scan(&rule, text);
        assert_eq!(run("The the end of of it"), "The end of it");
        assert_eq!(run("not not, go go go"), "not not, go go go");
        assert_eq!(run("saw The The live"), "saw The The live");
    }

    proptest::proptest! {
        /// The gap search passes over only gaps where checking finds no repeat: on texts of
        /// words that repeat, differ by a letter or in case, with apostrophes, non-ASCII
        /// letters, the Kelvin sign, joiners and marks, across chunk edges, the scan proposes
        /// what checking every gap does, for the open rule and the closed list.
        #[test]
        fn the_gap_search_finds_what_checking_every_gap_does(
            pieces in proptest::collection::vec(
                (
                    proptest::sample::select(vec![
                        "the", "The", "THE", "tho", "of", "Of", "a", "an", "A", "don't", "don’t",
                        "it's", "'tis", "dogs'", "élan", "Élan", "\u{212A}ey", "key", "Key", "x",
                        "x\u{301}", "a\u{200d}b", "10", "_", "ǅ", "“quoted”", "far-left", "left",
                        "word", "wordy", "ok", "o\u{212A}", "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
                    ]),
                    proptest::sample::select(vec![
                        " ", " ", " ", "  ", "\t", " \t ", ", ", ".", "\n", "-", "’", "'", "",
                    ]),
                ),
                0..40,
            ),
        ) {
            let text: String = pieces.iter().flat_map(|&(word, gap)| [word, gap]).collect();
            let only: HashSet<String> = ["the", "a", "an", "of"].map(String::from).into();
            for rule in [
                RepeatedWord::new(DEFAULT_ALLOW.iter().map(|p| p.to_string()).collect(), None),
                RepeatedWord::new(HashSet::new(), Some(only.clone())),
            ] {
                let mut found = Vec::new();
                rule.scan(&StageText::new(&text), &mut |range, _| found.push(range));
                proptest::prop_assert_eq!(found, rule.scan_every_gap(&text), "{:?}", text);
            }
        }

        /// Passing over gaps by the second word's first byte never hides a listed repeat.
        #[test]
        fn the_initials_never_hide_a_listed_repeat(
            pairs in proptest::collection::vec(
                (
                    proptest::sample::select(vec![
                        "the", "The", "THE", "of", "Of", "oF", "a", "an", "éte", "ǅ", "\u{1C5}a", "x",
                    ]),
                    proptest::sample::select(vec![" ", "  ", "\t", " ", ". ", "-", "’"]),
                ),
                0..10,
            ),
        ) {
            let pieces: Vec<&str> = pairs.iter().flat_map(|&(word, gap)| [word, gap]).collect();
            let text: String = pieces.concat();
            let only: HashSet<String> = ["the", "a", "an", "of", "éte"].map(String::from).into();
            let fast = RepeatedWord::new(HashSet::new(), Some(only.clone()));
            let every_gap = RepeatedWord {
                only_initials: None,
                ..RepeatedWord::new(HashSet::new(), Some(only))
            };
            proptest::prop_assert_eq!(
                crate::rules::apply_scan(&fast, &text),
                crate::rules::apply_scan(&every_gap, &text)
            );
        }
    }

    #[test]
    fn the_byte_table_classes_bytes_as_the_predicate_does() {
        for byte in 0..=u8::MAX {
            let word = byte.is_ascii_alphanumeric() || byte == b'_';
            assert_eq!(ASCII_WORD[usize::from(byte)], word, "{byte}");
        }
    }

    /// The same on real text: the corpus, the real-world fixtures and `../shared/external`
    /// (transcripts, subtitles, mojibake cases), whole and cut into parts of about 1 KB (a scan
    /// is given parts too, and their edges fall anywhere in a chunk).
    #[test]
    fn the_gap_search_finds_what_checking_every_gap_does_on_real_text() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
        let mut texts = Vec::new();
        for dir in ["corpus", "fixtures/realworld", "../shared/external"] {
            let dir = std::path::Path::new(root).join(dir);
            assert!(dir.is_dir(), "{} is missing", dir.display());
            let mut files = vec![dir];
            while let Some(path) = files.pop() {
                if path.is_dir() {
                    files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                } else if let Ok(text) = std::fs::read_to_string(&path) {
                    texts.push(text);
                }
            }
        }
        assert!(texts.len() > 20, "{} texts", texts.len());
        let open = RepeatedWord::new(DEFAULT_ALLOW.iter().map(|p| p.to_string()).collect(), None);
        // The built-in closed list's words.
        let listed = ["the", "a", "an", "of"].map(String::from).into();
        let closed = RepeatedWord::new(HashSet::new(), Some(listed));
        let mut repeats = 0;
        for (rule, text) in texts
            .iter()
            .flat_map(|text| [(&open, text), (&closed, text)])
        {
            let mut found = Vec::new();
            rule.scan(&StageText::new(text), &mut |range, _| found.push(range));
            assert_eq!(found, rule.scan_every_gap(text));
            repeats += found.len();
            let mut at = 0;
            while at < text.len() {
                let end = crate::text::ceil_char_boundary(text, at + 997);
                let part = &text[at..end];
                let mut found = Vec::new();
                rule.scan(&StageText::new(part), &mut |range, _| found.push(range));
                assert_eq!(found, rule.scan_every_gap(part));
                at = end;
            }
        }
        assert!(repeats > 10, "{repeats} repeats");
    }

    #[test]
    fn removes_doubled_and_tripled_words() {
        assert_eq!(run("legitimacy of of trump"), "legitimacy of trump");
        assert_eq!(run("cyber attacks attacks on"), "cyber attacks on");
        assert_eq!(run("The the end"), "The end");
        assert_eq!(run("no no no"), "no");
    }

    #[test]
    fn keeps_allowed_pairs_numbers_and_line_breaks() {
        assert_eq!(run("he had had enough"), "he had had enough");
        assert_eq!(run("it won 10 10"), "it won 10 10");
        assert_eq!(run("Putin\nPutin said"), "Putin\nPutin said");
        assert_eq!(run("it's it's"), "it's");
        assert_eq!(run("of, of"), "of, of");
    }

    #[test]
    fn words_are_whole_and_compared_ignoring_case() {
        assert_eq!(run("xof of"), "xof of");
        assert_eq!(run("of ofx"), "of ofx");
        assert_eq!(run("3d 3d model"), "3d model");
        assert_eq!(run("of\t of it"), "of it");
        assert_eq!(run(" of of"), " of");
        assert_eq!(run("of of "), "of ");
        assert_eq!(run("don't don't"), "don't");
        assert_eq!(run("don' don't"), "don' don't");
        assert_eq!(run("Über über alles"), "Über alles");
        // The Kelvin sign lower-cases to an ASCII `k`: the cheap first-letter test must not
        // skip a pair whose first word is longer in bytes.
        assert_eq!(run("\u{212A}ey key"), "\u{212A}ey");
        // ... and a second word that goes on past its ASCII letters may be one too.
        assert_eq!(run("ok o\u{212A} it"), "ok it");
    }

    #[test]
    fn a_word_goes_on_through_marks_and_joiners() {
        // "x x\u{301}" and "a\u{200d}have have" hold no doubled word: the mark and the joiner
        // are inside the words they touch.
        assert_eq!(run("x x\u{301} y"), "x x\u{301} y");
        assert_eq!(run("a\u{200d}have have"), "a\u{200d}have have");
        assert_eq!(run("mi\u{200c}xa xa"), "mi\u{200c}xa xa");
    }
}
