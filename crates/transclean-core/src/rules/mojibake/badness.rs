//! Whether text looks like mojibake: ftfy's `badness` heuristic, a regular expression over the
//! few hundred characters UTF-8 mojibake is made of, grouped by what they are, that finds
//! juxtapositions no intended text has (a lower-case accented letter before a currency sign, a
//! box-drawing character before a letter, `Ã` before a no-break space).

use regex::Regex;
use std::sync::LazyLock;

/// The character classes of the heuristic, as regex class contents (characters and ranges).
mod class {
    /// Characters found in many contexts: a sequence with them is not mojibake in itself.
    pub const COMMON: &str = "\u{a0}\u{ad}\u{b7}\u{b4}\u{2013}\u{2014}\u{2015}\u{2026}\u{2019}";
    /// The C1 controls, which have no use outside mojibake any more.
    pub const C1: &str = "\u{80}-\u{9f}";
    /// Characters that nearly only appear in mojibake.
    pub const BAD: &str = "\u{a6}\u{a4}\u{a8}\u{ac}\u{af}\u{b8}\u{192}\u{2c6}\u{2c7}\u{2d8}\u{2db}\
        \u{2dc}\u{2020}\u{2021}\u{2030}\u{2310}\u{25ca}\u{fffd}\u{aa}\u{ba}";
    /// Legal signs.
    pub const LAW: &str = "\u{b6}\u{a7}";
    pub const CURRENCY: &str = "\u{a2}\u{a3}\u{a5}\u{20a7}\u{20ac}";
    pub const START_PUNCTUATION: &str = "\u{a1}\u{ab}\u{bf}\u{a9}\u{384}\u{385}\u{2018}\u{201a}\
        \u{201c}\u{201e}\u{2022}\u{2039}\u{f8ff}";
    pub const END_PUNCTUATION: &str = "\u{ae}\u{bb}\u{2dd}\u{201d}\u{203a}\u{2122}";
    pub const NUMERIC: &str = "\u{b2}\u{b3}\u{b9}\u{b1}\u{bc}\u{bd}\u{be}\u{d7}\u{b5}\u{f7}\
        \u{2044}\u{2202}\u{2206}\u{220f}\u{2211}\u{221a}\u{221e}\u{2229}\u{222b}\u{2248}\u{2260}\
        \u{2261}\u{2264}\u{2265}\u{2116}";
    /// Letters that emoticon faces (kaomoji) are made of, which may sit in odd company.
    pub const KAOMOJI: &str = "\u{d2}-\u{d6}\u{d9}-\u{dc}\u{f2}-\u{f6}\u{f8}-\u{fc}\u{150}\u{14c}\
        \u{16a}\u{172}\u{b0}";
    pub const UPPER_ACCENTED: &str = "\u{c0}-\u{d1}\u{d8}\u{dc}\u{dd}\u{102}\u{100}\u{104}\u{106}\
        \u{10c}\u{10e}\u{110}\u{118}\u{11a}\u{112}\u{116}\u{11e}\u{122}\u{130}\u{12a}\u{136}\
        \u{139}\u{13d}\u{141}\u{13b}\u{143}\u{147}\u{145}\u{152}\u{158}\u{15a}\u{15e}\u{160}\
        \u{162}\u{164}\u{16e}\u{170}\u{178}\u{179}\u{17b}\u{17d}\u{490}";
    pub const LOWER_ACCENTED: &str = "\u{df}\u{e0}-\u{f1}\u{103}\u{105}\u{101}\u{107}\u{10d}\
        \u{10f}\u{111}\u{119}\u{11b}\u{113}\u{117}\u{11f}\u{123}\u{12f}\u{12b}\u{137}\u{13a}\
        \u{13e}\u{142}\u{13c}\u{153}\u{155}\u{15b}\u{15f}\u{161}\u{165}\u{fc}\u{17a}\u{17c}\
        \u{17e}\u{491}\u{fb01}\u{fb02}";
    /// Capitals that are common in their own scripts (Greek, Cyrillic) or at the ends of words.
    pub const UPPER_COMMON: &str = "\u{de}\u{391}-\u{3a9}\u{386}\u{388}\u{389}\u{38a}\u{38c}\
        \u{38e}\u{38f}\u{3aa}\u{3ab}\u{401}-\u{42f}";
    pub const LOWER_COMMON: &str =
        "\u{3b1}-\u{3c9}\u{3ac}\u{3ad}\u{3ae}\u{3af}\u{3b0}\u{430}-\u{45f}";
    /// Box drawing, without the single horizontal line that faces use.
    pub const BOX: &str = "\u{2502}\u{250c}\u{2510}\u{2518}\u{251c}\u{2524}\u{252c}\u{253c}\
        \u{2550}-\u{256c}\u{2580}\u{2584}\u{2588}\u{258c}\u{2590}\u{2591}\u{2592}\u{2593}";
}

/// The alternatives of the heuristic; `{name}` stands for a class of [`class`].
const SEQUENCES: &[&str] = &[
    "[{c1}]",
    "[{bad}{la}{ua}{box}{sp}{ep}{cur}{num}{law}][{bad}]",
    "[a-zA-Z][{lc}{uc}][{bad}]",
    "[{bad}][{la}{ua}{box}{sp}{ep}{cur}{num}{law}]",
    "[{la}{lc}{box}{ep}{cur}{num}][{ua}]",
    "[{box}{ep}{cur}{num}][{la}]",
    "[{la}{box}{ep}][{cur}]",
    r"\s[{ua}][{cur}]",
    "[{ua}{box}][{num}{law}]",
    "[{la}{ua}{box}{cur}{ep}][{sp}][{num}]",
    "[{la}{ua}{cur}{num}{box}{law}][{ep}][{sp}]",
    "[{cur}{num}{box}][{sp}]",
    "[a-z][{ua}][{sp}{cur}]",
    "[{box}][{kao}]",
    "[{la}{ua}{cur}{num}{sp}{ep}{law}][{box}]",
    "[{box}][{ep}]",
    r"[{la}{ua}][{sp}{ep}]\w",
    // The ligature œ when not followed by an unaccented Latin letter.
    "[Œœ][^A-Za-z]",
    // A degree sign after a capital.
    "[{ua}]°",
    // Windows-1252 two-character mojibake the rest does not cover.
    "[ÂÃÎÐ][€œŠš¢£Ÿž\u{a0}\u{ad}®©°·»{sp}{ep}–—´]",
    "×[²³]",
    // Windows-1252 mojibake of Arabic, which needs the common characters: four of them.
    "[ØÙ][{common}{cur}{bad}{num}{sp}ŸŠ®°µ»][ØÙ][{common}{cur}{bad}{num}{sp}ŸŠ®°µ»]",
    // Windows-1252 starts of three-byte sequences of South Asian scripts.
    "à[²µ¹¼½¾]",
    // MacRoman mojibake.
    "√[±∂†≠®™´≤≥¥µø]",
    "≈[°¢]",
    "‚Ä[ìîïòôúùû†°¢π]",
    "‚[âó][àä°ê]",
    // Windows-1251 mojibake of the U+2000 block, of Latin-1 and of Cyrillic.
    "вЂ",
    "[ВГРС][{c1}{bad}{sp}{ep}{cur}°µ][ВГРС]",
    "ГўВЂВ.[A-Za-z ]",
    // Windows-1252 of à, á and the no-break space itself, and that space turned into a space.
    "Ã[\u{a0}¡]",
    r"[a-z]\s?[ÃÂ][ ]",
    "^[ÃÂ][ ]",
    // Â before the very character it encodes.
    "[a-z.,?!{ep}]Â[ {sp}{ep}]",
    // Windows-1253 mojibake of the U+2000 block, of Latin-1 and of Greek.
    "β€[™\u{a0}Ά\u{ad}®°]",
    "[ΒΓΞΟ][{c1}{bad}{sp}{ep}{cur}°][ΒΓΞΟ]",
    // Windows-1257 mojibake of the U+2000 block.
    "ā€",
];

/// The alternatives of the heuristic with the class names replaced by their characters.
fn alternatives() -> impl Iterator<Item = String> {
    let names = [
        ("{common}", class::COMMON),
        ("{c1}", class::C1),
        ("{bad}", class::BAD),
        ("{law}", class::LAW),
        ("{cur}", class::CURRENCY),
        ("{sp}", class::START_PUNCTUATION),
        ("{ep}", class::END_PUNCTUATION),
        ("{num}", class::NUMERIC),
        ("{kao}", class::KAOMOJI),
        ("{ua}", class::UPPER_ACCENTED),
        ("{la}", class::LOWER_ACCENTED),
        ("{uc}", class::UPPER_COMMON),
        ("{lc}", class::LOWER_COMMON),
        ("{box}", class::BOX),
    ];
    SEQUENCES.iter().map(move |sequence| {
        names.iter().fold(sequence.to_string(), |s, (name, chars)| {
            s.replace(name, chars)
        })
    })
}

static BADNESS: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = alternatives().collect::<Vec<_>>().join("|");
    Regex::new(&pattern).expect("the badness pattern compiles")
});

/// The precheck's tables, generated from [`SEQUENCES`] by the test that checks them: building
/// them parsed every alternative, a sixth of the start-up of `check` on one small file (W4).
#[rustfmt::skip]
mod table;

/// Whether `text` has, for some alternative, a character of each set it needs.
fn could_be_bad(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut seen = 0u128;
    let mut at = 0;
    while let Some(offset) = crate::text::first_non_ascii(&bytes[at..]) {
        // `at` is past ASCII bytes only, so on the first byte of a character.
        at += offset;
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        at += c.len_utf8();
        let c = u32::from(c);
        let intervals = table::INTERVALS;
        match intervals.get(intervals.partition_point(|&(_, end, _)| end < c)) {
            Some(&(start, _, mask)) if start <= c => seen |= mask,
            _ => {}
        }
    }
    table::ALTERNATIVES
        .iter()
        .any(|&needed| needed & !seen == 0)
}

/// Whether the text has at least one sequence that is much likelier mojibake than meant.
pub fn is_bad(text: &str) -> bool {
    could_be_bad(text) && BADNESS.is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;
    use regex_syntax::hir::{Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind};
    use std::fmt::Write;

    /// For each alternative, the sets of non-ASCII characters it needs one of each of (its classes
    /// and literal characters outside ASCII). A text that misses a set of every alternative cannot
    /// match, and then the pattern, which took as long to compile as the rest of a run on a small
    /// file, is not compiled.
    static NEEDS: LazyLock<Vec<Vec<ClassUnicode>>> = LazyLock::new(|| {
        alternatives()
            .map(|alternative| {
                let hir = regex_syntax::parse(&alternative).expect("the badness pattern parses");
                let parts = match hir.kind() {
                    HirKind::Concat(parts) => parts.clone(),
                    _ => vec![hir],
                };
                parts.iter().flat_map(needed_sets).collect()
            })
            .collect()
    });

    /// The character sets one part of an alternative needs: a class without ASCII, or each
    /// non-ASCII character of a literal; nothing for any other part.
    fn needed_sets(part: &Hir) -> Vec<ClassUnicode> {
        match part.kind() {
            HirKind::Class(Class::Unicode(class))
                if class.ranges().iter().all(|r| !r.start().is_ascii()) =>
            {
                vec![class.clone()]
            }
            HirKind::Literal(literal) => String::from_utf8_lossy(&literal.0)
                .chars()
                .filter(|c| !c.is_ascii())
                .map(|c| ClassUnicode::new([ClassUnicodeRange::new(c, c)]))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// [`NEEDS`] as bits: each distinct set is a bit, each alternative the bits of its sets, and
    /// the characters in any set are cut into sorted disjoint intervals, each with the bits of the
    /// sets it lies in. A text's bits are then one bisection per non-ASCII character, and each
    /// alternative one mask test, where the precheck collected, sorted and deduplicated the
    /// characters of every line and looked for them in each set (issue 15). NEEDS is built from the
    /// fixed [`SEQUENCES`], whose distinct sets fit a mask's bits: every test of the precheck would
    /// fail at its first use if they did not.
    struct Precheck {
        intervals: Vec<(u32, u32, u128)>,
        alternatives: Vec<u128>,
    }

    fn precheck() -> Precheck {
        let mut sets: Vec<&ClassUnicode> = Vec::new();
        let mut alternatives = Vec::new();
        for needs in NEEDS.iter() {
            let mut mask = 0u128;
            for set in needs {
                let bit = match sets.iter().position(|known| *known == set) {
                    Some(bit) => bit,
                    None => {
                        sets.push(set);
                        sets.len() - 1
                    }
                };
                mask |= u32::try_from(bit)
                    .ok()
                    .and_then(|bit| 1u128.checked_shl(bit))
                    .expect("the badness sequences have fewer distinct sets than a mask has bits");
            }
            alternatives.push(mask);
        }
        let mut bounds: Vec<u32> = sets
            .iter()
            .flat_map(|set| set.ranges())
            .flat_map(|r| [u32::from(r.start()), u32::from(r.end()) + 1])
            .collect();
        bounds.sort_unstable();
        bounds.dedup();
        let intervals = bounds
            .windows(2)
            .filter_map(|pair| {
                let (start, end) = (pair[0], pair[1] - 1);
                let mask = sets
                    .iter()
                    .enumerate()
                    .filter(|(_, set)| {
                        set.ranges()
                            .iter()
                            .any(|r| u32::from(r.start()) <= start && end <= u32::from(r.end()))
                    })
                    .fold(0u128, |mask, (bit, _)| mask | 1 << bit);
                (mask != 0).then_some((start, end, mask))
            })
            .collect();
        Precheck {
            intervals,
            alternatives,
        }
    }

    /// The source of `table.rs` for the tables [`precheck`] builds.
    fn table_source() -> String {
        let Precheck {
            intervals,
            alternatives,
        } = precheck();
        let mut source = String::from(
            "//! Generated from `SEQUENCES` by `badness::tests::the_table_is_the_sequences_table`.\n\
             //! Run `TRANSCLEAN_BLESS=1 cargo test -p transclean-core badness` after changing them.\n\n\
             /// The non-ASCII characters the sequences need, cut into sorted disjoint intervals,\n\
             /// each with the bits of the sets it is in.\n",
        );
        let _ = writeln!(
            source,
            "pub(super) static INTERVALS: &[(u32, u32, u128)] = &["
        );
        for (start, end, mask) in intervals {
            let _ = writeln!(source, "    ({start:#x}, {end:#x}, {mask:#x}),");
        }
        source.push_str(
            "];\n\n/// Per sequence, the bits of the sets it needs a character of each of.\n",
        );
        let _ = writeln!(source, "pub(super) static ALTERNATIVES: &[u128] = &[");
        for mask in alternatives {
            let _ = writeln!(source, "    {mask:#x},");
        }
        source.push_str("];\n");
        source
    }

    #[test]
    fn the_table_is_the_sequences_table() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/rules/mojibake/badness/table.rs"
        );
        let expected = table_source();
        if std::env::var_os("TRANSCLEAN_BLESS").is_some() {
            std::fs::write(path, &expected).expect("table.rs is writable");
        }
        assert!(
            include_str!("badness/table.rs") == expected,
            "{path} is not what SEQUENCES give: run `TRANSCLEAN_BLESS=1 cargo test -p transclean-core badness`"
        );
    }

    /// The precheck as it was defined before the bit masks: for some alternative, a character
    /// of the line in each set it needs.
    fn could_be_bad_by_sets(text: &str) -> bool {
        let chars: Vec<char> = text.chars().filter(|c| !c.is_ascii()).collect();
        let has = |class: &ClassUnicode| {
            class
                .ranges()
                .iter()
                .any(|r| chars.iter().any(|&c| r.start() <= c && c <= r.end()))
        };
        NEEDS.iter().any(|sets| sets.iter().all(has))
    }

    #[test]
    fn mojibake_is_bad_and_text_is_not() {
        assert!(is_bad("doesnâ€™t"));
        assert!(is_bad("CafÃ©"));
        assert!(!is_bad("Café, naïve, “quoted” — fine"));
        assert!(!is_bad("Η ¨ανατροφή¨ δυστυχώς"));
    }

    proptest::proptest! {
        /// The check that keeps the pattern from compiling never rules out a match.
        #[test]
        fn the_precheck_never_hides_a_match(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "a", " ", "\u{a0}", "’", "“", "”", "é", "Ã", "Â", "©", "€", "â", "™", "œ",
                    "Ø", "×", "²", "à", "√", "≈", "‚", "Ä", "в", "Ђ", "Г", "В", "ā", "β", "Ά",
                    "\u{85}", "°", "¦", "Œ", "x", "ï", ".", "ì", "ò", "±",
                ]),
                0..6,
            ),
        ) {
            let text: String = pieces.concat();
            proptest::prop_assert_eq!(is_bad(&text), BADNESS.is_match(&text), "{:?}", text);
        }

        /// The precheck by bits answers as the precheck set by set, on characters of the sets,
        /// next to them and anywhere.
        #[test]
        fn the_bits_answer_as_the_sets(
            pieces in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(vec![
                        "a", " ", "\u{a0}", "’", "“", "”", "é", "Ã", "Â", "©", "€", "â", "™",
                        "œ", "Ø", "×", "²", "à", "√", "≈", "‚", "Ä", "в", "Ђ", "Г", "В", "ā",
                        "β", "Ά", "\u{85}", "°", "¦", "Œ", "ï", "ì", "ò", "±", "ß", "\u{9f}",
                        "\u{a1}", "Ϊ", "Ο", "Я", "а", "я", "ѐ", "╬", "╭", "\u{f8ff}", "ﬂ", "ﬃ",
                    ]).prop_map(str::to_string),
                    proptest::char::any().prop_map(|c| c.to_string()),
                ],
                0..8,
            ),
        ) {
            let text: String = pieces.concat();
            proptest::prop_assert_eq!(could_be_bad(&text), could_be_bad_by_sets(&text), "{:?}", text);
        }
    }
}
