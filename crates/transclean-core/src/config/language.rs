//! Document languages: the codes rule files and configs name, and detection from a text.
//!
//! A rule file written for English (doubled English function words, English misspellings) must
//! not run on a French transcript, where "nous nous" is grammar. Files say which languages they
//! are for with `[meta] languages = ["en"]`; a document's language comes from the config
//! (`language = "fr"`) or is detected with `whatlang`. Codes are ISO 639-1 (`en`), the form
//! people write; ISO 639-3 (`eng`), whatlang's own, is accepted too.

/// What an unknown language code error suggests.
pub const HINT: &str =
    "use an ISO 639-1 code such as \"en\", \"fr\", \"de\", \"es\" (or ISO 639-3: \"eng\")";

/// ISO 639-1 codes of the languages whatlang detects that have one, with their 639-3 code.
const TWO_LETTER: &[(&str, &str)] = &[
    ("af", "afr"),
    ("am", "amh"),
    ("ar", "ara"),
    ("az", "aze"),
    ("be", "bel"),
    ("bg", "bul"),
    ("bn", "ben"),
    ("ca", "cat"),
    ("cs", "ces"),
    ("cy", "cym"),
    ("da", "dan"),
    ("de", "deu"),
    ("el", "ell"),
    ("en", "eng"),
    ("eo", "epo"),
    ("es", "spa"),
    ("et", "est"),
    ("fa", "pes"),
    ("fi", "fin"),
    ("fr", "fra"),
    ("gu", "guj"),
    ("he", "heb"),
    ("hi", "hin"),
    ("hr", "hrv"),
    ("hu", "hun"),
    ("hy", "hye"),
    ("id", "ind"),
    ("it", "ita"),
    ("ja", "jpn"),
    ("jv", "jav"),
    ("ka", "kat"),
    ("km", "khm"),
    ("kn", "kan"),
    ("ko", "kor"),
    ("la", "lat"),
    ("lt", "lit"),
    ("lv", "lav"),
    ("mk", "mkd"),
    ("ml", "mal"),
    ("mr", "mar"),
    ("my", "mya"),
    ("ne", "nep"),
    ("nl", "nld"),
    ("nb", "nob"),
    ("no", "nob"),
    ("or", "ori"),
    ("pa", "pan"),
    ("pl", "pol"),
    ("pt", "por"),
    ("ro", "ron"),
    ("ru", "rus"),
    ("si", "sin"),
    ("sk", "slk"),
    ("sl", "slv"),
    ("sn", "sna"),
    ("sr", "srp"),
    ("sv", "swe"),
    ("ta", "tam"),
    ("te", "tel"),
    ("th", "tha"),
    ("tk", "tuk"),
    ("tl", "tgl"),
    ("tr", "tur"),
    ("uk", "ukr"),
    ("ur", "urd"),
    ("uz", "uzb"),
    ("vi", "vie"),
    ("yi", "yid"),
    ("zh", "cmn"),
    ("zu", "zul"),
];

/// The ISO 639-1 code for a code as written (`"EN"`, `"eng"` → `"en"`), or `None` if unknown.
pub fn code(written: &str) -> Option<&'static str> {
    let lower = written.trim().to_ascii_lowercase();
    TWO_LETTER
        .iter()
        .find(|(two, three)| *two == lower || *three == lower)
        .map(|(two, _)| *two)
}

/// How much of a document detection reads: enough for a reliable guess (some 700 words),
/// bounded on huge files. Detection costs about 170 instructions a byte, and the engine detects
/// twice per changed document (on the text as given and on the cleaned one, so that cleaning
/// twice applies the same rules): at 16 KB it was a third of the time over a tree of
/// transcripts (issue 15).
const SAMPLE_BYTES: usize = 4 * 1024;

/// The part of `text` [`detect`] reads: its first [`SAMPLE_BYTES`], to a character boundary.
pub fn sample(text: &str) -> &str {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
thread_local! {
    /// How many texts [`detect`] read, for tests of when the engine reads a language.
    pub(crate) static DETECTIONS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// The language of `text` (ISO 639-1), when whatlang is confident of it; `None` otherwise
/// (too short, mixed, or a language without a two-letter code).
pub fn detect(text: &str) -> Option<&'static str> {
    #[cfg(test)]
    DETECTIONS.with(|n| n.set(n.get() + 1));
    let info = whatlang::detect(sample(text))?;
    if !info.is_reliable() {
        return None;
    }
    let three = info.lang().code();
    TWO_LETTER
        .iter()
        .find(|(_, t)| *t == three)
        .map(|(two, _)| *two)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_in_either_form() {
        assert_eq!(code("en"), Some("en"));
        assert_eq!(code("ENG"), Some("en"));
        assert_eq!(code("fra"), Some("fr"));
        assert_eq!(code("english"), None);
        // A typo in the table would make a language undetectable.
        for (_, three) in TWO_LETTER {
            assert!(whatlang::Lang::from_code(*three).is_some(), "{three}");
        }
    }

    #[test]
    fn detects_english_and_french_and_is_unsure_of_a_scrap() {
        let english = "Well, I think we went home after the meeting, and nobody said anything \
                       about the budget until the next morning, when the chairman called us.";
        let french = "Nous nous sommes retrouvés devant la mairie, et vous vous êtes demandé \
                      pourquoi personne ne parlait du budget avant le lendemain matin.";
        assert_eq!(detect(english), Some("en"));
        assert_eq!(detect(french), Some("fr"));
        assert_eq!(detect("OK"), None);
    }
}
