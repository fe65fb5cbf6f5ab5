//! The multi-word phrases of a `replace` pass as alternation regexes, split so that any number
//! of phrases compiles: a dictionary's thousands of phrases passed the regex size limit in one.

use super::{Candidates, Group};
use regex::{Regex, RegexBuilder};
use std::collections::HashMap;

/// The most phrases one alternation regex holds: a larger one builds slowly and, with thousands
/// of multi-word phrases, past the regex crate's size limit.
const PHRASES_PER_REGEX: usize = 2000;

pub(super) fn phrase_regex(
    group: Group,
    folded: bool,
) -> Option<(Vec<Regex>, HashMap<String, Candidates>)> {
    if group.phrases.is_empty() {
        return None;
    }
    // Longest first: the regex is leftmost-first, so this gives leftmost-longest among phrases.
    let mut order: Vec<usize> = (0..group.phrases.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(group.phrases[i].len()));
    let patterns: Vec<String> = order
        .iter()
        .map(|&i| {
            group.phrases[i]
                .split(' ')
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect();
    let mut regexes = Vec::new();
    for chunk in patterns.chunks(PHRASES_PER_REGEX) {
        alternations(chunk, folded, &mut regexes);
    }
    let lookup = group
        .index
        .into_iter()
        .map(|(key, slot)| (key.into_owned(), group.candidates[slot].clone()))
        .collect();
    Some((regexes, lookup))
}

/// Compiles `patterns` into one alternation, or into several if one would pass the size limit.
/// Each regex's matches are leftmost-longest among its phrases; where matches of two regexes
/// overlap, the engine keeps the earlier and longer one, as one regex would have chosen.
fn alternations(patterns: &[String], folded: bool, out: &mut Vec<Regex>) {
    let built = RegexBuilder::new(&patterns.join("|"))
        .case_insensitive(folded)
        .size_limit(1 << 28)
        .build();
    match built {
        Ok(regex) => out.push(regex),
        // A phrase is at most `MAX_PHRASE_LEN` bytes, far inside the limit.
        Err(e) if patterns.len() == 1 => panic!("an escaped phrase did not compile: {e}"),
        Err(_) => {
            let (left, right) = patterns.split_at(patterns.len() / 2);
            alternations(left, folded, out);
            alternations(right, folded, out);
        }
    }
}
