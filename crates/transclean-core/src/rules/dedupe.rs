//! `dedupe`: removes a paragraph that is repeated later, or a teaser that a later paragraph
//! continues.
//!
//! News pages open with a teaser that repeats the first sentences of the article; scrapers keep
//! both. Comparison ignores how whitespace is laid out, so a copy with other spacing still counts.

use super::{Compiled, KindRule, KindSpec, RuleError, Safety, Span, Stage, flag, number};
use crate::hash::{FxHashMap, FxHasher};
use crate::raw::RawRule;
use crate::text::{Line, StageText, has_double_space};
use crate::transcript::{self, SpeakerSettings, Turn};
use rayon::prelude::*;
use std::borrow::Cow;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

mod repeats;
#[cfg(test)]
pub(crate) use repeats::KEPT_READS;
pub use repeats::RepeatsCache;
use repeats::{Computed, Entry, Paragraph, RuleKey};

pub static SPEC: KindSpec = KindSpec {
    name: "dedupe",
    stage: Stage::Dedupe,
    safety: Safety::Safe,
    summary: "Remove a paragraph repeated later, or a teaser a later paragraph starts with",
    docs: "\
What it does: removes a paragraph (a run of non-blank lines) when a later paragraph is the same
text, or, with `teasers` (default), starts with the same text and goes on. The later, complete
paragraph is the one kept, in its place in the document. Paragraphs shorter than `min-words`
words (default 8) are never removed: short lines such as \"Thank you.\" legitimately recur.
Whitespace differences do not matter.

Speaker turns: in a debate or a meeting people say the same thing twice (\"I agree with that.\"),
and removing a turn would join its neighbours into one. So a paragraph that is part of a turn is
never removed, unless it is the whole turn, at least 30 words long, repeated exactly later (a
scraped page that printed it twice), and the turns before and after it are of different
speakers. A teaser paragraph before the first turn (an article's opening) is removed as before.

Why: scraped articles often open with a teaser that repeats the first sentences of the article,
and pages repeat pull quotes; both make the text longer and mislead word counts.

Example:
    [[rule]]
    id = \"teasers\"
    kind = \"dedupe\"
    min-words = 3
    examples = [{ input = \"One two three.\\n\\nX\\n\\nOne two three. Four.\\n\", output = \"X\\n\\nOne two three. Four.\\n\" }]",
    options: &[
        ("min-words", "paragraphs shorter than this are kept (default 8)"),
        ("teasers", "also remove a paragraph a later one starts with (default true)"),
    ],
    compile,
};

#[derive(Debug)]
struct Dedupe {
    min_words: usize,
    teasers: bool,
}

fn compile(raw: &RawRule, _span: Span) -> Result<Compiled, RuleError> {
    Ok(Compiled::Scanner(Arc::new(Dedupe {
        min_words: number(&raw.min_words, 8).max(1),
        teasers: flag(&raw.teasers, true),
    })))
}

/// The fewest words a whole speaker turn needs before dedupe may remove its earlier copy.
const LONG_TURN_WORDS: usize = 30;

/// Whether `long` is `short` or continues it after a word boundary (both whitespace-normalised).
fn continues(long: &str, short: &str) -> bool {
    long.starts_with(short) && (long.len() == short.len() || long.as_bytes()[short.len()] == b' ')
}

impl KindRule for Dedupe {
    fn scan(&self, stage_text: &StageText, emit: &mut dyn FnMut(Range<usize>, String)) {
        let (text, lines) = (stage_text.as_str(), stage_text.lines());
        let paragraphs = stage_text.paragraphs();
        let start_of = |p: &Range<usize>| lines[p.start].full().start;
        let compute = |keep: bool| self.entries(text, lines, &paragraphs, keep);
        let repeated = match stage_text.repeats_cache() {
            Some(cache) => cache.with_entries(self.key(), text, compute, |entries| {
                repeated_by_paragraph(entries, paragraphs.iter().map(start_of))
            }),
            None => repeated_by_paragraph(&compute(false).entries, paragraphs.iter().map(start_of)),
        };
        // Labels are found with the default settings: a rule does not see the layered roster,
        // which only adds labels (so only protects more paragraphs).
        // Parsed only when some paragraph is repeated: most documents have none.
        let mut turns = None;
        let mut passed_turns = 0;
        let mut proposed = Vec::new();
        for (index, paragraph) in paragraphs.iter().enumerate() {
            let Some(exact) = repeated.get(index).copied().flatten() else {
                continue;
            };
            let turns = turns.get_or_insert_with(|| {
                transcript::turns_of(stage_text, &SpeakerSettings::default())
            });
            let span =
                lines[paragraph.start].content().start..lines[paragraph.end - 1].content().end;
            let opening = index < OPENING_PARAGRAPHS;
            if may_remove(turns, &mut passed_turns, &span, exact, opening, text) {
                // Remove up to the next paragraph, so the blank lines around stay single.
                let next = paragraphs[index + 1].start;
                let removal = lines[paragraph.start].full().start..lines[next].full().start;
                proposed.push(removal.clone());
                emit(removal, String::new());
            }
        }
        if let Some(cache) = stage_text.repeats_cache() {
            cache.proposed(self.key(), proposed);
        }
    }
}

impl Dedupe {
    fn key(&self) -> RuleKey {
        RuleKey {
            min_words: self.min_words,
            teasers: self.teasers,
        }
    }

    /// The paragraphs that may repeat (they share their opening with another), with their
    /// groups of equal keys and whether a later one continues them; with `keep`, every
    /// paragraph's opening too (what the entries are kept through edits with).
    ///
    /// Its own function so that the keys and the maps of them are freed before the turns are
    /// parsed: on a large document the two together were the memory peak (issue 15). The
    /// openings are freed before the keys are built unless kept.
    fn entries(
        &self,
        text: &str,
        lines: &[Line],
        paragraphs: &[Range<usize>],
        keep: bool,
    ) -> Computed {
        let text_of =
            |p: &Range<usize>| &text[lines[p.start].full().start..lines[p.end - 1].full().end];
        // A paragraph can only repeat or continue another if their first `min-words` words are
        // the same, so only paragraphs that share their opening with another get a full key.
        let opening_of = |p: &Range<usize>| opening(text_of(p), self.min_words);
        // Each paragraph on its own: spread over the threads on a long text.
        let openings: Vec<u64> = if crate::parallel::spread(text.len()) {
            paragraphs.par_iter().map(opening_of).collect()
        } else {
            paragraphs.iter().map(opening_of).collect()
        };
        let mut by_opening: FxHashMap<u64, usize> = FxHashMap::default();
        for &shared in openings.iter().filter(|&&o| o != NO_OPENING) {
            *by_opening.entry(shared).or_default() += 1;
        }
        let candidates: Vec<usize> = (0..paragraphs.len())
            .filter(|&i| openings[i] != NO_OPENING && by_opening[&openings[i]] > 1)
            .collect();
        drop(by_opening);
        let kept_paragraphs = keep.then(|| {
            (paragraphs.iter().zip(&openings))
                .map(|(p, &first_words)| Paragraph {
                    start: lines[p.start].full().start,
                    opening: first_words,
                })
                .collect()
        });
        drop(openings);
        if candidates.is_empty() {
            return Computed {
                entries: Vec::new(),
                paragraphs: kept_paragraphs,
            };
        }
        let mut built = FxHashMap::default();
        let keys = keys_of(
            candidates.iter().map(|&i| text_of(&paragraphs[i])),
            &mut built,
        );
        let entries = (candidates.iter().zip(relation(&keys, self.teasers)))
            .map(|(&i, (group, continued))| Entry {
                start: lines[paragraphs[i].start].full().start,
                group,
                continued,
            })
            .collect();
        Computed {
            entries,
            paragraphs: kept_paragraphs,
        }
    }
}

/// What stands for the opening of a paragraph of fewer than `min-words` words, which never
/// repeats.
const NO_OPENING: u64 = 0;

/// A hash of the first `min_words` words of `paragraph`: two paragraphs where one is the same
/// as the other or continues it have the same opening. [`NO_OPENING`] if it has fewer words.
/// Only groups paragraphs: a collision costs a comparison of full keys, not a wrong answer, so
/// the fast hash is enough.
fn opening(paragraph: &str, min_words: usize) -> u64 {
    let mut hasher = FxHasher::default();
    let mut count = 0;
    // Only the first words are read: `words` first reads the whole paragraph to choose how to
    // split it, which for an opening cost more than splitting it (issue 15).
    for word in paragraph.split_whitespace().take(min_words) {
        word.hash(&mut hasher);
        count += 1;
    }
    if count < min_words {
        NO_OPENING
    } else {
        // A hash of 0 joins the openings hashed to 1: a wider group, never a wrong answer.
        hasher.finish().max(1)
    }
}

/// Per entry: `Some(true)` if a later entry is the same, `Some(false)` if only a later one
/// continues it, else `None`.
fn repeated_flags(entries: &[Entry]) -> Vec<Option<bool>> {
    let exact = later_in_group(entries.iter().map(|e| e.group));
    (entries.iter().zip(exact))
        .map(|(entry, exact)| (exact || entry.continued).then_some(exact))
        .collect()
}

/// Per paragraph (by where each starts, in order), [`repeated_flags`] of its entry, if it has
/// one; empty when no paragraph repeats.
fn repeated_by_paragraph(
    entries: &[Entry],
    paragraph_starts: impl Iterator<Item = usize>,
) -> Vec<Option<bool>> {
    if entries.is_empty() {
        return Vec::new();
    }
    let flags = repeated_flags(entries);
    let mut next = entries.iter().zip(flags).peekable();
    let repeated: Vec<Option<bool>> = paragraph_starts
        .map(|start| next.next_if(|(e, _)| e.start == start).and_then(|(_, f)| f))
        .collect();
    debug_assert!(next.peek().is_none(), "every entry starts a paragraph");
    repeated
}

/// Per member of `groups` (in document order): whether a later member is of the same group.
fn later_in_group(groups: impl DoubleEndedIterator<Item = u32> + ExactSizeIterator) -> Vec<bool> {
    let mut later = vec![false; groups.len()];
    let mut seen: Vec<bool> = Vec::new();
    for (index, group) in groups.enumerate().rev() {
        let group = group as usize;
        if group >= seen.len() {
            seen.resize(group + 1, false);
        }
        later[index] = seen[group];
        seen[group] = true;
    }
    later
}

/// The words of `paragraph` joined by single spaces: what two paragraphs are compared by.
/// Borrowed when the paragraph is already that (one line, single spaces), as most are.
fn key(paragraph: &str) -> Cow<'_, str> {
    let line = paragraph.strip_suffix('\n').unwrap_or(paragraph);
    let bytes = line.as_bytes();
    let spaced_once = !bytes.is_empty()
        && bytes[0] != b' '
        && bytes[bytes.len() - 1] != b' '
        && !has_double_space(bytes);
    if spaced_once && !has_other_whitespace(line) {
        return Cow::Borrowed(line);
    }
    let mut key = String::with_capacity(paragraph.len());
    for word in words(paragraph) {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    Cow::Owned(key)
}

/// The [`key`] of each paragraph, where those that had to be built (not borrowed) are kept in
/// `built` once per distinct key: a large document repeats its paragraphs, and the copies of a
/// paragraph whose layout needs a built key each held one (on the 100 MB benchmark file, copies
/// of a fifth of it at the memory peak, issue 15).
fn keys_of<'a>(
    paragraphs: impl Iterator<Item = &'a str>,
    built: &'a mut FxHashMap<Box<str>, usize>,
) -> Vec<&'a str> {
    let mut keys = Vec::new();
    // Per key that had to be built: its place in `keys`, and its number in `built`.
    let mut filled_later = Vec::new();
    for paragraph in paragraphs {
        match key(paragraph) {
            Cow::Borrowed(key) => keys.push(key),
            Cow::Owned(key) => {
                let number = match built.get(key.as_str()) {
                    Some(&number) => number,
                    None => {
                        let number = built.len();
                        built.insert(key.into_boxed_str(), number);
                        number
                    }
                };
                filled_later.push((keys.len(), number));
                keys.push("");
            }
        }
    }
    let mut by_number = vec![""; built.len()];
    for (key, &number) in built.iter() {
        by_number[number] = key;
    }
    for (at, number) in filled_later {
        keys[at] = by_number[number];
    }
    keys
}

/// Whether `text` holds whitespace (as [`char::is_whitespace`] has it) other than the space,
/// by vectorised byte searches: a byte loop and a decoding of every character of every
/// paragraph were a twentieth of a large document's cleaning (issue 15).
fn has_other_whitespace(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Whitespace outside ASCII starts with one of these bytes: U+0085 and U+00A0 with 0xC2,
    // U+1680 with 0xE1, U+2000 to U+205F with 0xE2, U+3000 with 0xE3. None is a continuation
    // byte, so each starts a character.
    let starts_whitespace = |at: usize| text[at..].chars().next().is_some_and(char::is_whitespace);
    memchr::memchr3(b'\t', b'\n', b'\r', bytes).is_some()
        || memchr::memchr2(0x0B, 0x0C, bytes).is_some()
        || memchr::memchr3_iter(0xC2, 0xE1, 0xE2, bytes).any(starts_whitespace)
        || memchr::memchr_iter(0xE3, bytes).any(starts_whitespace)
}

/// For each key (in document order): its group of equal keys (numbered from 0), and whether a
/// later key continues it (with `teasers`). Whether a later key is the same is
/// [`later_in_group`] of the groups.
///
/// Equal keys are grouped by hashing, and only the distinct keys are sorted: sorted, every key
/// that continues key k sits right after k, one sort instead of comparing every pair. A large
/// document repeats most of its paragraphs, and sorting them all compared each copy with the
/// others byte by byte: most of dedupe's time (issue 15).
fn relation<K: AsRef<str>>(keys: &[K], teasers: bool) -> Vec<(u32, bool)> {
    let mut distinct: FxHashMap<&str, u32> = FxHashMap::default();
    // Per distinct key: the key, and the last place it occurs.
    let mut groups: Vec<(&str, usize)> = Vec::new();
    let group_of: Vec<u32> = (keys.iter().enumerate())
        .map(|(index, key)| {
            let key = key.as_ref();
            let group = *distinct.entry(key).or_insert_with(|| {
                groups.push((key, index));
                (groups.len() - 1) as u32
            });
            groups[group as usize].1 = index;
            group
        })
        .collect();
    let mut order: Vec<usize> = (0..groups.len()).collect();
    order.sort_unstable_by(|&a, &b| groups[a].0.cmp(groups[b].0));
    // Per distinct key: the last place of a longer key that continues it.
    let mut continued_until: Vec<Option<usize>> = vec![None; groups.len()];
    if teasers {
        for (rank, &group) in order.iter().enumerate() {
            continued_until[group] = order[rank + 1..]
                .iter()
                .take_while(|&&longer| continues(groups[longer].0, groups[group].0))
                .map(|&longer| groups[longer].1)
                .max();
        }
    }
    (group_of.into_iter().enumerate())
        .map(|(index, group)| {
            let continued = continued_until[group as usize].is_some_and(|last| last > index);
            (group, continued)
        })
        .collect()
}

/// The words of `text`, as [`str::split_whitespace`] splits it. Most paragraphs are ASCII, and
/// split byte by byte without decoding: the words of every paragraph were a tenth of the
/// engine's time on a large document (issue 15). ASCII whitespace by Unicode's definition is
/// ASCII's plus the vertical tab, which a text holding one is split by the general rule for.
fn words(text: &str) -> impl Iterator<Item = &str> {
    let ascii = text.is_ascii() && memchr::memchr(0x0B, text.as_bytes()).is_none();
    let (fast, general) = if ascii {
        (Some(text.split_ascii_whitespace()), None)
    } else {
        (None, Some(text.split_whitespace()))
    };
    fast.into_iter()
        .flatten()
        .chain(general.into_iter().flatten())
}

/// How many paragraphs at the top of a document count as its opening, where a teaser sits.
const OPENING_PARAGRAPHS: usize = 3;

/// Whether the paragraph at `span` may go: it is no part of a speaker turn; or it opens the
/// document's first turn, in the document's opening, and is a teaser (a later paragraph goes on
/// from it) or long; or it is a whole, long turn repeated exactly, between turns of different
/// speakers (so none merge).
///
/// `passed` is how many turns end before the span, at least: the paragraphs are asked about in
/// order, and it moves on with them.
fn may_remove(
    turns: &[Turn],
    passed: &mut usize,
    span: &Range<usize>,
    exact: bool,
    opening: bool,
    text: &str,
) -> bool {
    let start_of = |t: &Turn| t.label.as_ref().map_or(t.text.start, |l| l.range.start);
    let end_of = |t: &Turn| t.text.end.max(start_of(t) + 1);
    // Turns are sorted and do not overlap, so their ends are sorted too: the turns overlapping
    // the span are one run, found by walking on from the last span's (a scan of every turn per
    // paragraph made a large document quadratic, and a bisection per paragraph missed the
    // cache on each step).
    while turns.get(*passed).is_some_and(|t| end_of(t) <= span.start) {
        *passed += 1;
    }
    let only = *passed;
    // Counted, not collected: most paragraphs of a document that repeats itself are asked
    // about, every pipeline run (issue 15).
    let overlapping = turns[only..]
        .iter()
        .take(2)
        .take_while(|t| start_of(t) < span.end)
        .count();
    if overlapping != 1 {
        return overlapping == 0;
    }
    let turn = &turns[only];
    let starts_turn = start_of(turn) == span.start;
    let whole = starts_turn && turn.text.end == span.end;
    // Worked out only when the answer depends on them, and counting only as far as it needs:
    // on a large document that repeats itself, counting every word of every repeated turn was
    // a tenth of dedupe's time (issue 15).
    let long = || {
        words(&text[span.clone()])
            .nth(LONG_TURN_WORDS - 1)
            .is_some()
    };
    let speaker = |i: Option<usize>| {
        i.and_then(|i| turns.get(i))
            .and_then(|t| t.label.as_ref())
            .map(|l| l.name.to_lowercase())
    };
    let neighbours_differ = || {
        let (before, after) = (speaker(only.checked_sub(1)), speaker(Some(only + 1)));
        before.is_none() || after.is_none() || before != after
    };
    let teaser = || opening && only == 0 && (!exact || long());
    (starts_turn && teaser()) || (whole && exact && long() && neighbours_differ())
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: Dedupe = Dedupe {
        min_words: 3,
        teasers: true,
    };

    /// For each key: `Some(true)` if a later key is the same, `Some(false)` if only a later key
    /// continues it, else `None`; from the relation and the groups, as dedupe reads them.
    fn later_copies(keys: &[String], teasers: bool) -> Vec<Option<bool>> {
        let entries: Vec<Entry> = (relation(keys, teasers).into_iter())
            .map(|(group, continued)| Entry {
                start: 0,
                group,
                continued,
            })
            .collect();
        repeated_flags(&entries)
    }

    /// The comparison `relation` replaced: every key sorted, copies and all.
    fn later_copies_by_sorting_all(keys: &[String], teasers: bool) -> Vec<Option<bool>> {
        let mut order: Vec<usize> = (0..keys.len()).collect();
        order.sort_by(|&a, &b| keys[a].cmp(&keys[b]).then(a.cmp(&b)));
        let mut repeated = vec![None; keys.len()];
        for (rank, &k) in order.iter().enumerate() {
            let later = order[rank + 1..]
                .iter()
                .take_while(|&&j| continues(&keys[j], &keys[k]))
                .filter(|&&j| j > k);
            let exact = later.clone().any(|&j| keys[j].len() == keys[k].len());
            if exact || (teasers && later.count() > 0) {
                repeated[k] = Some(exact);
            }
        }
        repeated
    }

    #[test]
    fn keys_built_for_repeated_paragraphs_are_kept_once() {
        let paragraphs = ["a  b c\n", "a b c\n", "a\tb  c\n", "d\ne f\n", "a  b c\n"];
        let mut built = FxHashMap::default();
        let keys = keys_of(paragraphs.into_iter(), &mut built);
        assert_eq!(keys, ["a b c", "a b c", "a b c", "d e f", "a b c"]);
        // "a b c" is borrowed from the second paragraph, and built once for the other three.
        assert_eq!(keys[1].as_ptr(), paragraphs[1].as_ptr());
        assert_eq!(keys[0].as_ptr(), keys[2].as_ptr());
        assert_eq!(keys[0].as_ptr(), keys[4].as_ptr());
        assert_eq!(built.len(), 2);
    }

    proptest::proptest! {
        /// Grouping equal keys before sorting finds the copies sorting every key found, with
        /// keys that repeat, continue each other, and continue a key only up to a word's end.
        #[test]
        fn later_copies_are_those_sorting_all_keys_finds(
            keys in proptest::collection::vec("(a|b|a b|ab|a\\x01|b a)( a| b|a|\\x01){0,3}", 0..12),
            teasers: bool,
        ) {
            proptest::prop_assert_eq!(
                later_copies(&keys, teasers),
                later_copies_by_sorting_all(&keys, teasers)
            );
        }

        /// The byte searches find the whitespace a walk over the characters finds.
        #[test]
        fn other_whitespace_is_found_as_by_characters(
            text in "[a \t\n\r\x0B\x0C\x1F\u{85}\u{a0}\u{1680}\u{2000}-\u{2030}\u{205f}\u{3000}\u{3001}é’]{0,8}"
        ) {
            let by_characters = text.chars().any(|c| c != ' ' && c.is_whitespace());
            proptest::prop_assert_eq!(has_other_whitespace(&text), by_characters);
        }

        /// A paragraph's key is its words joined by single spaces, borrowed or built.
        #[test]
        fn keys_are_the_words_joined_by_single_spaces(
            paragraph in "[a b\t\r\x0B\x0C\u{a0}\u{2003}é]{1,12}\n?"
        ) {
            let words: Vec<&str> = paragraph.split_whitespace().collect();
            proptest::prop_assert_eq!(key(&paragraph), words.join(" "));
        }

        /// The byte-wise split of ASCII text gives the words `split_whitespace` gives.
        #[test]
        fn words_are_split_as_split_whitespace_splits(
            text in "[a b\t\n\r\x0B\x0C\u{a0}\u{85}\u{2003}é]{0,24}"
        ) {
            let ours: Vec<&str> = words(&text).collect();
            let std: Vec<&str> = text.split_whitespace().collect();
            proptest::prop_assert_eq!(ours, std);
        }
    }

    #[test]
    fn every_whitespace_character_but_the_space_is_other_whitespace() {
        for c in (char::MIN..=char::MAX).filter(|&c| c != ' ') {
            assert_eq!(
                has_other_whitespace(&format!("a{c}b")),
                c.is_whitespace(),
                "{c:?}"
            );
        }
    }

    /// What `rule` proposes on `text`, scanned with `caches` (kept entries, if any) or alone.
    fn proposals(
        rule: &Dedupe,
        text: &str,
        caches: Option<&crate::text::DocumentCaches>,
    ) -> Vec<Range<usize>> {
        let stage_text = match caches {
            Some(caches) => StageText::with_caches(text, caches, true),
            None => StageText::new(text),
        };
        let mut out = Vec::new();
        rule.scan(&stage_text, &mut |range, _| out.push(range));
        out
    }

    #[test]
    fn kept_entries_are_read_again_around_another_rules_edits() {
        let rule = Dedupe {
            min_words: 3,
            teasers: true,
        };
        let mut caches = crate::text::DocumentCaches::default();
        caches.repeats.keep();
        let text = "one two three four\n\nmid\n\none two three five\n\nsix seven eight\n";
        assert_eq!(
            proposals(&rule, text, Some(&caches)),
            Vec::<Range<usize>>::new()
        );
        // Another rule's edit makes the first paragraph a teaser of the third, and the last
        // one a copy of it: the kept entries are brought up to date around the edits.
        let edits = [
            crate::rules::Edit {
                range: 13..18,
                replacement: String::new(),
                rule: 0,
            },
            crate::rules::Edit {
                range: 45..60,
                replacement: "one two three five".into(),
                rule: 0,
            },
        ];
        let edited = crate::test_edits::spliced_by_copying(text, &edits);
        assert_eq!(
            edited,
            "one two three\n\nmid\n\none two three five\n\none two three five\n"
        );
        caches.edited(&edited, &edits);
        let refreshes = repeats::REFRESHES.with(|n| n.get());
        let kept = proposals(&rule, &edited, Some(&caches));
        assert_eq!(repeats::REFRESHES.with(|n| n.get()), refreshes + 1);
        assert_eq!(kept, proposals(&rule, &edited, None));
        assert_eq!(kept, vec![0..15, 20..40]);
    }

    #[test]
    fn removes_a_teaser_continued_later_with_other_spacing() {
        let text = "Title\n\none two three.\n\nother\n\none\u{a0} two  three. four\n";
        assert_eq!(
            crate::rules::apply_scan(&RULE, text),
            "Title\n\nother\n\none\u{a0} two  three. four\n"
        );
    }

    #[test]
    fn removes_the_earlier_of_two_equal_paragraphs() {
        let text = "one two three\n\nmid\n\none two three\n";
        assert_eq!(
            crate::rules::apply_scan(&RULE, text),
            "mid\n\none two three\n"
        );
    }

    #[test]
    fn keeps_repeated_turns_and_the_turn_structure() {
        // Said twice in a meeting: both stay, and so do the turns around them.
        let meeting =
            "Anna: I agree with that.\n\nBen: So do I, I think.\n\nAnna: I agree with that.\n";
        assert_eq!(crate::rules::apply_scan(&RULE, meeting), meeting);
        // A turn that a later one continues is speech, not a teaser, once turns came before.
        let teaser = "Title\n\nQ: Yes?\n\nPutin: Dialogue is always good.\n\nQ: Why?\n\nPutin: Dialogue is always good. More.\n";
        assert_eq!(crate::rules::apply_scan(&RULE, teaser), teaser);
        // At the top, before any other turn, it is the article's teaser.
        let top = "Title\n\nPutin: Dialogue is always good.\n\nQ: Why?\n\nPutin: Dialogue is always good. More.\n";
        assert_eq!(
            crate::rules::apply_scan(&RULE, top),
            "Title\n\nQ: Why?\n\nPutin: Dialogue is always good. More.\n"
        );
        // A continuation paragraph inside a turn stays too.
        let inside = "Anna: Hello.\n\none two three\n\nBen: one two three\n";
        assert_eq!(crate::rules::apply_scan(&RULE, inside), inside);
    }

    #[test]
    fn removes_a_long_whole_turn_printed_twice() {
        let long = (1..=30)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let text = format!("Anna: {long}\n\nBen: Right.\n\nAnna: {long}\n");
        assert_eq!(
            crate::rules::apply_scan(&RULE, &text),
            format!("Ben: Right.\n\nAnna: {long}\n")
        );
        // Between two turns of one speaker it stays: they would merge.
        let between = format!("Ben: Hi.\n\nAnna: {long}\n\nBen: Right.\n\nAnna: {long}\n");
        assert_eq!(crate::rules::apply_scan(&RULE, &between), between);
        // Long means 30 words, the label's included: 29 after it are enough, 28 are not.
        let words = |n: usize| {
            (1..=n)
                .map(|i| format!("w{i}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let twice = |n: usize| format!("Anna: {0}\n\nBen: Right.\n\nAnna: {0}\n", words(n));
        assert_eq!(
            crate::rules::apply_scan(&RULE, &twice(29)),
            format!("Ben: Right.\n\nAnna: {}\n", words(29))
        );
        assert_eq!(crate::rules::apply_scan(&RULE, &twice(28)), twice(28));
    }

    #[test]
    fn keeps_short_paragraphs_and_partial_words() {
        let text = "Thank you.\n\nThank you.\n\none two three\n\none two threefold\n";
        assert_eq!(crate::rules::apply_scan(&RULE, text), text);
        let no_teasers = Dedupe {
            min_words: 3,
            teasers: false,
        };
        let teaser = "one two three\n\none two three four\n";
        assert_eq!(crate::rules::apply_scan(&no_teasers, teaser), teaser);
    }
}
