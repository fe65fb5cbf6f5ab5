//! The gaps between two words that may be the same word, found 64 bytes at a time.
//!
//! `repeated-word` looks at every run of spaces and tabs between two words, and in a clean
//! text nearly every word is followed by one: read word by word, the closed list's walk and the
//! suggestions' were two fifths of cleaning an already clean text, and the suggestions' walk of
//! the settled text 8% of cleaning a large dirty one (issue 15). Here the bytes are classed a
//! chunk at a time (ASCII word byte, space or tab, or a byte at which a word's edge cannot be
//! told without decoding: non-ASCII or an apostrophe), and a gap between two plain ASCII words
//! is passed over when the words differ in length, first or last letter, which needs no
//! byte-by-byte look at them.
//! Every other gap with a word byte on each side is given to the rule's own test, which decides.

use std::ops::Range;

/// Bytes classed at once.
const CHUNK: usize = 64;

/// One bit per byte of a chunk (bit `i` for its byte `i`).
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
struct Classes {
    /// ASCII letters, digits and `_`: the ASCII word characters.
    word: u64,
    /// A space or a tab: what a gap between two repeated words is made of.
    gap: u64,
    /// A non-ASCII byte or an apostrophe, where a word may go on (`don’t`, `élan`, `it's`) or
    /// stop: the byte-wise test cannot tell, so a gap next to a word with one is always checked.
    unsure: u64,
}

/// Calls `check` with every maximal run of spaces and tabs in `text` at which two neighbouring
/// words may be the same word, in order: every gap at which a word ends before and one
/// starts after, except those between two ASCII words (bounded by bytes that are neither word
/// bytes nor unsure ones) of different lengths, or whose first or last letters differ (ignoring
/// ASCII case). `text` need not be a whole document.
///
/// With `longest`, the rule only looks for words of at most that many bytes in lower case (a
/// closed list): a gap next to a word with more ASCII word bytes than that in a row is passed
/// over too, as lower case keeps every ASCII character one byte (and makes no character
/// shorter than one).
pub(super) fn for_each_gap_to_check(
    text: &str,
    longest: Option<usize>,
    mut check: impl FnMut(Range<usize>),
) {
    // Runs of up to 63 bytes are read from one chunk and the one before or after it.
    let longest = longest.filter(|&longest| longest < CHUNK - 1);
    let bytes = text.as_bytes();
    let mut before = Classes::default();
    let mut here = classes_at(bytes, 0);
    // Where the last run of ASCII word bytes that began before this chunk began, and whether
    // an unsure byte comes just before it.
    let (mut last_word_start, mut last_word_start_unsure) = (0, false);
    let mut base = 0;
    while base < bytes.len() {
        let after = classes_at(bytes, base + CHUNK);
        // Bit i of these: the byte before (`_back`) or after (`_on`) byte i is of the class.
        let word_back = (here.word << 1) | (before.word >> 63);
        let word_on = (here.word >> 1) | (after.word << 63);
        let gap_back = (here.gap << 1) | (before.gap >> 63);
        let gap_on = (here.gap >> 1) | (after.gap << 63);
        let unsure_back = (here.unsure << 1) | (before.unsure >> 63);
        let unsure_on = (here.unsure >> 1) | (after.unsure << 63);
        let single_gaps = here.gap & !gap_back & !gap_on;
        let between_ascii_words = single_gaps & word_back & word_on;
        let between_unsure =
            single_gaps & (word_back | unsure_back) & (word_on | unsure_on) & !between_ascii_words;
        let long_gaps = here.gap & !gap_back & gap_on;
        let word_starts = here.word & !word_back;
        let word_starts_unsure = word_starts & unsure_back;
        // Bit i: byte i is the first after a run of word bytes (in this chunk or the next).
        let word_ends = !here.word & word_back;
        let next_word_ends = !after.word & ((after.word << 1) | (here.word >> 63));
        let mut gaps = between_ascii_words | between_unsure | long_gaps;
        if let Some(longest) = longest {
            // Bit i: the `longest + 1` bytes before (or, for a single gap, after) byte i are
            // ASCII word bytes.
            let (mut long_before, mut long_after) = (u64::MAX, u64::MAX);
            for k in 1..=longest + 1 {
                long_before &= (here.word << k) | (before.word >> (CHUNK - k));
                long_after &= (here.word >> k) | (after.word << (CHUNK - k));
            }
            gaps &= !(long_before | (single_gaps & long_after));
        }
        while gaps != 0 {
            let bit = gaps.trailing_zeros() as usize;
            gaps &= gaps - 1;
            let at = base + bit;
            if between_ascii_words >> bit & 1 == 0 {
                let end = at
                    + bytes[at..]
                        .iter()
                        .take_while(|&&b| b == b' ' || b == b'\t')
                        .count();
                check(at..end);
                continue;
            }
            // The word before: from the last word start below the gap.
            let starts_below = word_starts & ((1 << bit) - 1);
            let (first_start, first_unsure) = match starts_below {
                0 => (last_word_start, last_word_start_unsure),
                starts => {
                    let start = 63 - starts.leading_zeros() as usize;
                    (base + start, word_starts_unsure >> start & 1 == 1)
                }
            };
            // The word after ends at the first word end past its first byte (`at + 1`).
            let Some(second_end) = first_bit_from(word_ends, next_word_ends, bit + 2) else {
                // A word longer than the rest of this chunk and the next: rare, checked.
                check(at..at + 1);
                continue;
            };
            let second_end_unsure = bit_set(here.unsure, after.unsure, second_end);
            let second_end = base + second_end;
            let may_be_same = (at - first_start == second_end - at - 1)
                & bytes[first_start].eq_ignore_ascii_case(&bytes[at + 1])
                & bytes[at - 1].eq_ignore_ascii_case(&bytes[second_end - 1]);
            if first_unsure | second_end_unsure | may_be_same {
                check(at..at + 1);
            }
        }
        if word_starts != 0 {
            let start = 63 - word_starts.leading_zeros() as usize;
            last_word_start = base + start;
            last_word_start_unsure = word_starts_unsure >> start & 1 == 1;
        }
        (before, here) = (here, after);
        base += CHUNK;
    }
}

/// The first set bit at or after `from` (below 128) of the two chunks' masks, counted from
/// the first chunk's bit 0.
fn first_bit_from(here: u64, after: u64, from: usize) -> Option<usize> {
    let in_here = if from < CHUNK { here >> from } else { 0 };
    if in_here != 0 {
        return Some(from + in_here.trailing_zeros() as usize);
    }
    let skip = from.saturating_sub(CHUNK);
    let in_after = after >> skip;
    (in_after != 0).then(|| CHUNK + skip + in_after.trailing_zeros() as usize)
}

/// Whether bit `at` (below 128) of the two chunks' masks is set.
fn bit_set(here: u64, after: u64, at: usize) -> bool {
    let mask = if at < CHUNK { here } else { after };
    mask >> (at % CHUNK) & 1 == 1
}

/// The classes of the chunk starting at `at`; past the end of `bytes` a chunk holds zeros,
/// which are of no class.
fn classes_at(bytes: &[u8], at: usize) -> Classes {
    match bytes.get(at..at + CHUNK) {
        Some(chunk) => classify(chunk.try_into().expect("a chunk")),
        None if at < bytes.len() => {
            let mut tail = [0; CHUNK];
            tail[..bytes.len() - at].copy_from_slice(&bytes[at..]);
            classify(&tail)
        }
        None => Classes::default(),
    }
}

#[cfg(target_arch = "x86_64")]
fn classify(chunk: &[u8; CHUNK]) -> Classes {
    // SAFETY: SSE2 is part of every x86_64 processor.
    unsafe { classify_sse2(chunk) }
}

/// [`classify`] 16 bytes at a time: a comparison per class gives 0xff in each byte of it, and
/// the byte-mask instruction gathers their high bits.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn classify_sse2(chunk: &[u8; CHUNK]) -> Classes {
    use std::arch::x86_64::*;
    let mut classes = Classes::default();
    for (k, part) in chunk.chunks_exact(16).enumerate() {
        // SAFETY: `part` is 16 readable bytes, and the load has no alignment requirement.
        let v = unsafe { _mm_loadu_si128(part.as_ptr().cast::<__m128i>()) };
        let between = |v: __m128i, low: u8, high: u8| {
            // Signed comparisons: a byte of 0x80 or more is negative, below every bound.
            _mm_and_si128(
                _mm_cmpgt_epi8(v, _mm_set1_epi8(low as i8 - 1)),
                _mm_cmplt_epi8(v, _mm_set1_epi8(high as i8 + 1)),
            )
        };
        let is = |byte: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(byte as i8));
        let letter = between(_mm_or_si128(v, _mm_set1_epi8(0x20)), b'a', b'z');
        let word = _mm_or_si128(_mm_or_si128(letter, between(v, b'0', b'9')), is(b'_'));
        let gap = _mm_or_si128(is(b' '), is(b'\t'));
        // The movemask takes each byte's high bit: set in every non-ASCII byte.
        let unsure = _mm_or_si128(v, is(b'\''));
        let bits = |lanes: __m128i| u64::from(_mm_movemask_epi8(lanes) as u16) << (16 * k);
        classes.word |= bits(word);
        classes.gap |= bits(gap);
        classes.unsure |= bits(unsure);
    }
    classes
}

#[cfg(not(target_arch = "x86_64"))]
fn classify(chunk: &[u8; CHUNK]) -> Classes {
    classify_bytewise(chunk)
}

/// [`classify`] a byte at a time: the portable version, and the reference for the tests.
#[cfg_attr(target_arch = "x86_64", allow(dead_code))]
fn classify_bytewise(chunk: &[u8; CHUNK]) -> Classes {
    let mut classes = Classes::default();
    for (i, &byte) in chunk.iter().enumerate() {
        let bit = |yes: bool| u64::from(yes) << i;
        classes.word |= bit(byte.is_ascii_alphanumeric() || byte == b'_');
        classes.gap |= bit(byte == b' ' || byte == b'\t');
        classes.unsure |= bit(!byte.is_ascii() || byte == b'\'');
    }
    classes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_is_classed_as_byte_by_byte() {
        let all: Vec<u8> = (0..=u8::MAX).collect();
        for chunk in all.chunks_exact(CHUNK) {
            let chunk: &[u8; CHUNK] = chunk.try_into().unwrap();
            assert_eq!(classify(chunk), classify_bytewise(chunk));
        }
    }

    /// The gaps to check, as (start, end).
    fn gaps(text: &str) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        for_each_gap_to_check(text, None, |gap| found.push((gap.start, gap.end)));
        found
    }

    #[test]
    fn gaps_next_to_words_longer_than_a_closed_lists_are_passed_over() {
        let closed = |text: &str| {
            let mut found = Vec::new();
            for_each_gap_to_check(text, Some(3), |gap| found.push((gap.start, gap.end)));
            found
        };
        assert_eq!(closed("the the these these"), [(3, 4)]);
        // A long word before a long gap, and one after a single gap, whatever is around it.
        assert!(closed("these  these").is_empty());
        assert_eq!(closed("the  the"), [(3, 5)]);
        assert!(closed("élan xthes").is_empty());
        assert_eq!(closed("é the"), [(2, 3)]);
        // Across a chunk edge, from both sides.
        for pad in 55..70 {
            let text = format!("{} of of words words", "y".repeat(pad));
            let at = text.find(" of").unwrap() + 3;
            assert_eq!(closed(&text), [(at, at + 1)], "{pad}");
        }
    }

    #[test]
    fn gaps_between_plain_words_that_differ_are_passed_over() {
        assert!(gaps("one two three").is_empty());
        assert_eq!(gaps("of of"), [(2, 3)]);
        assert_eq!(gaps("Of oF"), [(2, 3)]);
        // Same length, first and last letters: checked (the rule's test says no).
        assert_eq!(gaps("tot tat"), [(3, 4)]);
        // Not a gap between words.
        assert!(gaps("of, of. of\nof").is_empty());
    }

    #[test]
    fn long_gaps_and_unsure_words_are_always_checked() {
        assert_eq!(gaps("one  two\t\tthree"), [(3, 5), (8, 10)]);
        assert_eq!(gaps("don’t know it's so"), [(7, 8), (12, 13), (17, 18)]);
        assert_eq!(gaps("élan x"), [(5, 6)]);
    }

    #[test]
    fn words_and_gaps_across_chunk_edges_are_read_whole() {
        // A repeat with its gap at every place around the first chunk edge, and a word longer
        // than two chunks.
        for pad in 50..70 {
            let text = format!("{} word word", "x".repeat(pad));
            assert_eq!(gaps(&text), [(pad + 5, pad + 6)], "{pad}");
        }
        let long = "y".repeat(150);
        assert_eq!(gaps(&format!("{long} {long}")), [(150, 151)]);
        assert_eq!(gaps(&format!("a {long}")), [(1, 2)]);
    }
}
