//! A pattern whose every alternative is anchored at the text's start (`\A`) or end (`\z`): each
//! alternative searched alone is found or not within a few bytes of its end of the text.
//!
//! The whole pattern is not: a search for `\A(credit)+|(\s*credit)+\s*\z` tries every position
//! of the text, and `subtitle-site-credit`'s search (or its literal prefilter) read the whole of a
//! large document on each of the seven pipeline runs that settle it (issue 15). The regex crate
//! searches a pattern anchored at the start only there, and one anchored at the end backwards
//! from the end, so the alternatives apart tell cheaply that a text holds no match: a match of
//! an alternation somewhere is a match of one of its alternatives there.

use regex_syntax::hir::{Hir, HirKind, Look};

/// The alternatives of `hir` (itself, if it is no alternation) when every one of them is anchored
/// at the start or at the end of the text; `None` when some alternative can match elsewhere.
pub(super) fn anchored_alternatives(hir: &Hir) -> Option<Vec<&Hir>> {
    let alternatives: Vec<&Hir> = match hir.kind() {
        HirKind::Alternation(alternatives) => alternatives.iter().collect(),
        _ => vec![hir],
    };
    alternatives
        .iter()
        .all(|alternative| {
            let properties = alternative.properties();
            properties.look_set_prefix().contains(Look::Start)
                || properties.look_set_suffix().contains(Look::End)
        })
        .then_some(alternatives)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::lazy_regex::parse;

    fn count(pattern: &str) -> Option<usize> {
        anchored_alternatives(&parse(pattern).unwrap()).map(|alternatives| alternatives.len())
    }

    #[test]
    fn only_alternatives_all_anchored_at_an_end_of_the_text_count() {
        assert_eq!(count(r"\Aa+|b\s*\z"), Some(2));
        assert_eq!(count(r"\A\s+"), Some(1));
        assert_eq!(count(r"(?:x|y)\z"), Some(1));
        // `^` and `$` match at every line of a rule file's pattern.
        assert_eq!(count(r"^a|b$"), None);
        assert_eq!(count(r"\Aa|b"), None);
        assert_eq!(count(r"a(?:\z|b)"), None);
        assert_eq!(count("plain"), None);
    }
}
