//! Text that no rule has reason to touch comes out byte for byte: the rules fix what they know,
//! not whatever looks unusual (prose with punctuation, accents and other scripts is clean text).

use super::ENGINE;
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

/// A word of letters and digits in any script. NFC only: a letter that normalises differently
/// (U+0958 and the CJK compatibility ideographs decompose) is one the unicode rule must touch.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-zA-Z]{1,9}",
        2 => "[\\p{L}\\p{N}][\\p{L}\\p{M}\\p{N}]{0,7}",
        1 => "[0-9]{1,4}",
    ]
    .prop_filter("not NFC", |w| w.nfc().eq(w.chars()))
}

/// Punctuation around a word. No colon (`Name:` is a label), no brackets (`[Name]` is a label,
/// `[... 00:01:02]` a tag), nothing a rule reads as a timestamp.
fn punctuated() -> impl Strategy<Value = String> {
    let open = prop_oneof![4 => Just(""), 1 => Just("\""), 1 => Just("“"), 1 => Just("("), 1 => Just("«"), 1 => Just("‘")];
    let close = prop_oneof![
        4 => Just(""), 2 => Just(","), 2 => Just("."), 1 => Just("?"), 1 => Just("!"), 1 => Just(";"),
        1 => Just("…"), 1 => Just("”"), 1 => Just(")"), 1 => Just("»"), 1 => Just("’s"), 1 => Just("%"),
        1 => Just("—and"), 1 => Just("-based"), 1 => Just("/s"), 1 => Just("'"),
    ];
    (open, word(), close).prop_map(|(o, w, c)| format!("{o}{w}{c}"))
}

fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(punctuated(), 1..12).prop_map(|words| words.join(" "))
}

/// Paragraphs of lines (a paragraph may wrap), one blank line between paragraphs, a final line
/// break: the shape the whitespace rule produces.
fn prose() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::collection::vec(line(), 1..4), 1..8).prop_map(|paragraphs| {
        let paragraphs: Vec<String> = paragraphs.iter().map(|p| p.join("\n")).collect();
        paragraphs.join("\n\n") + "\n"
    })
}

/// Whether two neighbouring words are the same word, which the repeated-word rule removes. As
/// that rule sees words: an apostrophe belongs to a word only inside it ("s s'" is doubled).
fn has_doubled_word(text: &str) -> bool {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .map(|w| w.trim_matches(['\'', '’']))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.windows(2).any(|w| w[0] == w[1])
}

proptest! {
    #![proptest_config(super::config(300))]

    /// Plain words, single spaces, one paragraph per line: already clean.
    #[test]
    fn plain_prose_is_untouched(lines in proptest::collection::vec("[a-z]{3,7}( [a-z]{3,7}){0,8}[.]", 1..8)) {
        let text = lines.join("\n\n") + "\n";
        prop_assume!(!has_doubled_word(&text), "a doubled word is not clean text");
        let outcome = ENGINE.clean(&text);
        prop_assert_eq!(&outcome.cleaned, &text);
        prop_assert!(outcome.changes.is_empty());
    }

    /// Punctuation, digits, accents and other scripts, wrapped lines: still clean text.
    #[test]
    fn punctuated_unicode_prose_is_untouched(text in prose()) {
        prop_assume!(!has_doubled_word(&text), "a doubled word is not clean text");
        // Random letters can spell mojibake (`Âµ` is how `µ` reads in Windows-1252).
        prop_assume!(
            !text.lines().any(transclean::rules::mojibake::is_bad),
            "a line that reads as mojibake is not clean text"
        );
        let outcome = ENGINE.clean(&text);
        prop_assert!(outcome.changes.is_empty(), "changes: {:?}", outcome.changes);
        prop_assert_eq!(&outcome.cleaned, &text);
    }
}
