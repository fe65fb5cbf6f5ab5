//! A dictionary of whole words looked up while the text is scanned once: each run of word
//! characters is hashed as it is read (ASCII letters folded on the fly for a case-insensitive
//! table), without copying it, and most runs (the words of the text that are not keys) are
//! ruled out by one bit of a small filter that stays in cache, before any probe of the table.
//!
//! A run has the same bounds as [`crate::text::word_runs_of`] gives (ASCII letters, digits and
//! `_`, and the non-ASCII characters of [`is_word_char`]). A run with a non-ASCII character is
//! looked up the slow way, as a string; such runs are rare in English text.

use super::Candidates;
use crate::hash::FxHashMap;
use crate::text::is_word_char;
use std::ops::Range;

/// Whether an ASCII byte is a word character (letters, digits, `_`).
static WORD_BYTE: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    table
};

/// The filter has 2^FILTER_BITS bits, set by the top bits of each key's hash: 64 KB, which
/// stays in the L2 cache, with a few percent of its bits set by a 60,000-word dictionary.
const FILTER_BITS: u32 = 19;

pub(super) struct WordTable {
    folded: bool,
    /// Open addressing over a power-of-two number of slots: the high half of the key's hash
    /// and 1 + its entry (0: an empty slot).
    slots: Vec<(u32, u32)>,
    /// Every ASCII key, one after another (folded keys in lower case).
    keys: Vec<u8>,
    entries: Vec<(Range<u32>, Candidates)>,
    /// One bit per hash prefix: clear where no key's hash starts so.
    filter: Vec<u64>,
    /// Keys with non-ASCII characters (only in a table that is not folded: a folded pass keeps
    /// those in its phrase matcher, where they match in every Unicode case).
    other: FxHashMap<String, Candidates>,
}

/// FxHash's step, one byte at a time.
#[inline]
fn step(hash: u64, byte: u8) -> u64 {
    (hash.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// A word byte as a table compares it: ASCII letters in lower case if `FOLDED`.
#[inline]
fn fold<const FOLDED: bool>(byte: u8) -> u8 {
    if FOLDED {
        byte.to_ascii_lowercase()
    } else {
        byte
    }
}

/// The filter bit of a hash: the index of its word and its mask.
#[inline]
fn filter_bit(hash: u64) -> (usize, u64) {
    let prefix = (hash >> (64 - FILTER_BITS)) as usize;
    (prefix / 64, 1 << (prefix % 64))
}

impl WordTable {
    pub(super) fn new(words: FxHashMap<String, Candidates>, folded: bool) -> WordTable {
        let capacity = (words.len() * 2).next_power_of_two().max(16);
        let mut table = WordTable {
            folded,
            slots: vec![(0, 0); capacity],
            keys: Vec::new(),
            entries: Vec::with_capacity(words.len()),
            filter: vec![0; (1 << FILTER_BITS) / 64],
            other: FxHashMap::default(),
        };
        for (word, candidates) in words {
            if word.is_ascii() {
                table.insert(word.as_bytes(), candidates);
            } else {
                table.other.insert(word, candidates);
            }
        }
        table
    }

    fn insert(&mut self, word: &[u8], candidates: Candidates) {
        let start = self.keys.len();
        if self.folded {
            self.keys.extend(word.iter().map(|&b| fold::<true>(b)));
        } else {
            self.keys.extend_from_slice(word);
        }
        let hash = self.keys[start..].iter().fold(0, |h, &b| step(h, b));
        self.entries
            .push((start as u32..self.keys.len() as u32, candidates));
        let (word_at, bit) = filter_bit(hash);
        self.filter[word_at] |= bit;
        let mask = self.slots.len() - 1;
        let mut at = hash as usize & mask;
        while self.slots[at].1 != 0 {
            at = (at + 1) & mask;
        }
        self.slots[at] = ((hash >> 32) as u32, self.entries.len() as u32);
    }

    /// Calls `found` with each run of word characters of `text` that is a key, in order.
    pub(super) fn scan(&self, text: &str, found: impl FnMut(Range<usize>, &Candidates)) {
        if self.folded {
            self.scan_as::<true>(text, found);
        } else {
            self.scan_as::<false>(text, found);
        }
    }

    fn scan_as<const FOLDED: bool>(
        &self,
        text: &str,
        mut found: impl FnMut(Range<usize>, &Candidates),
    ) {
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let b = bytes[at];
            if b < 128 && !WORD_BYTE[b as usize] {
                at += 1;
                continue;
            }
            if b >= 128 && !starts_word(text, at) {
                at += char_width(b);
                continue;
            }
            let start = at;
            let (end, hash, ascii) = run::<FOLDED>(text, start);
            at = end;
            if ascii {
                if let Some(candidates) = self.get::<FOLDED>(&bytes[start..end], hash) {
                    found(start..end, candidates);
                }
            } else if let Some(candidates) = self.other.get(&text[start..end]) {
                found(start..end, candidates);
            }
        }
    }

    #[inline]
    fn get<const FOLDED: bool>(&self, word: &[u8], hash: u64) -> Option<&Candidates> {
        let (word_at, bit) = filter_bit(hash);
        if self.filter[word_at] & bit == 0 {
            return None;
        }
        let mask = self.slots.len() - 1;
        let tag = (hash >> 32) as u32;
        let mut at = hash as usize & mask;
        loop {
            let (slot_tag, entry) = self.slots[at];
            if entry == 0 {
                return None;
            }
            if slot_tag == tag {
                let (range, candidates) = &self.entries[entry as usize - 1];
                let key = &self.keys[range.start as usize..range.end as usize];
                if key.len() == word.len()
                    && key.iter().zip(word).all(|(&k, &w)| k == fold::<FOLDED>(w))
                {
                    return Some(candidates);
                }
            }
            at = (at + 1) & mask;
        }
    }
}

/// The end of the run of word characters at `start`, its hash (if all ASCII) and whether it is
/// all ASCII.
#[inline]
fn run<const FOLDED: bool>(text: &str, start: usize) -> (usize, u64, bool) {
    let bytes = text.as_bytes();
    let (mut at, mut hash) = (start, 0);
    while at < bytes.len() {
        let b = bytes[at];
        if b >= 128 {
            // Not all ASCII: the rest of the run by characters, and no hash.
            let end = text[at..]
                .char_indices()
                .find(|&(_, c)| !is_word_char(c))
                .map_or(text.len(), |(i, _)| at + i);
            return (end, 0, false);
        }
        if !WORD_BYTE[b as usize] {
            return (at, hash, true);
        }
        hash = step(hash, fold::<FOLDED>(b));
        at += 1;
    }
    (at, hash, true)
}

/// Whether the character at byte `at` (not ASCII) is a word character.
fn starts_word(text: &str, at: usize) -> bool {
    text[at..].chars().next().is_some_and(is_word_char)
}

/// The width of the UTF-8 character whose first byte is `b`.
fn char_width(b: u8) -> usize {
    match b {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::word_runs_of;

    fn table(words: &[&str], folded: bool) -> WordTable {
        WordTable::new(
            words
                .iter()
                .enumerate()
                .map(|(i, w)| (w.to_string(), vec![i]))
                .collect(),
            folded,
        )
    }

    fn found(table: &WordTable, text: &str) -> Vec<(Range<usize>, usize)> {
        let mut out = Vec::new();
        table.scan(text, |range, candidates| out.push((range, candidates[0])));
        out
    }

    proptest::proptest! {
        /// The table finds exactly the runs of `word_runs_of` that are keys.
        #[test]
        fn finds_the_runs_that_are_keys(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "teh", "TEH", "Teh", "é", "tehé", "_", "x1", " ", "-", "\u{301}", "ß", "日本",
                    "'", "\n", "a",
                ]),
                0..14,
            ),
            folded in proptest::bool::ANY,
        ) {
            let words = ["teh", "x1", "tehé", "日本", "a_"];
            let text: String = pieces.concat();
            let expected: Vec<(Range<usize>, usize)> = word_runs_of(&text)
                .filter_map(|run| {
                    let word = &text[run.clone()];
                    words
                        .iter()
                        .position(|k| {
                            if folded && k.is_ascii() {
                                k.eq_ignore_ascii_case(word)
                            } else {
                                *k == word
                            }
                        })
                        .map(|i| (run, i))
                })
                .collect();
            proptest::prop_assert_eq!(found(&table(&words, folded), &text), expected);
        }
    }

    #[test]
    fn long_words_and_collisions_are_found() {
        let long = "a".repeat(100);
        let words: Vec<String> = (0..1000)
            .map(|i| format!("w{i}"))
            .chain([long.clone()])
            .collect();
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let t = table(&refs, true);
        let text = format!("W999 w1000 {long} W0");
        let got: Vec<usize> = found(&t, &text).into_iter().map(|(_, i)| i).collect();
        assert_eq!(got, [999, 1000, 0]);
    }
}
