//! The four imports on the real dictionaries in `../shared/external/dictionaries/`: each runs,
//! its rule file loads, and the rules clean a sample of entries as the original tool would.
//!
//! The samples were picked by hand from each file, to cover each way the tool reads an entry:
//! a plain fix in each letter case, an entry the tool only suggests, an entry with an
//! apostrophe, a phrase, a name, and (for Subtitle Edit) one entry of each section. The expected
//! text is what the tool's documented behaviour gives, worked out by hand (see each comment).

#[path = "import/sample.rs"]
mod sample;

use std::path::PathBuf;
use transclean::import::{self, Format};
use transclean::{Engine, config};

fn dictionary(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/external/dictionaries")
        .join(path)
}

/// Imports the file, loads the rule file it writes on its own, and returns an engine over it.
fn engine(format: Format, path: &str) -> (Engine, import::Imported) {
    engine_with(format, path, false)
}

/// [`engine`], applying the unsafe rules too (`--unsafe-fixes`): what the tool's suggestions
/// do once a person accepts them, to compare with the tool's own matching.
fn accepting(format: Format, path: &str) -> (Engine, import::Imported) {
    engine_with(format, path, true)
}

fn engine_with(format: Format, path: &str, unsafe_fixes: bool) -> (Engine, import::Imported) {
    let imported = import::read(format, &dictionary(path)).expect("the dictionary imports");
    let text = imported.to_toml(format, path);
    let mut set = config::load_text(path, &text).expect("the rule file loads");
    assert_eq!(set.rules.len(), imported.active(), "{path}");
    set.unsafe_fixes = unsafe_fixes;
    (Engine::new(&set), imported)
}

fn clean(engine: &Engine, text: &str) -> String {
    engine.clean(text).cleaned
}

#[test]
fn codespell_fixes_what_codespell_fixes() {
    let (engine, imported) = engine(Format::Codespell, "codespell/dictionary.txt");
    assert!(imported.entries() > 55_000, "{}", imported.summary());
    assert!(imported.suggestions() > 6_000, "{}", imported.summary());
    // `teh->the`, `abandonned->abandoned`: codespell matches any case and gives the fix the
    // case of the word: lower stays lower, Capitalised is capitalised, UPPER is upper.
    assert_eq!(
        clean(&engine, "teh abandonned Abandonned ABANDONNED\n"),
        "the abandoned Abandoned ABANDONED\n"
    );
    // `aache->cache, ache,`: two candidates, so codespell only reports it; no change.
    assert_eq!(clean(&engine, "an aache\n"), "an aache\n");
    // `achillees->Achilles`: a fix with a capital is written as the dictionary has it.
    assert_eq!(clean(&engine, "achillees\n"), "Achilles\n");
    // `ahven't->haven't`, and codespell's own twin with a typographic apostrophe.
    assert_eq!(
        clean(&engine, "I ahven't, you ahven’t\n"),
        "I haven't, you haven’t\n"
    );
    // Only whole words: `recieved` is another entry, `recieveX` none.
    assert_eq!(clean(&engine, "recieve recieveX\n"), "receive recieveX\n");
}

#[test]
fn typos_fixes_single_corrections_only() {
    let (engine, imported) = engine(Format::Typos, "typos/words.csv");
    assert!(imported.entries() > 85_000, "{}", imported.summary());
    // `aaccess,access` and `recieve,receive`: case of the typo kept; `aache,ache,cache` is
    // ambiguous, which typos reports without fixing.
    assert_eq!(
        clean(&engine, "Aaccess to recieve an aache\n"),
        "Access to receive an aache\n"
    );
}

#[test]
fn languagetool_replaces_phrases_and_names() {
    // LanguageTool's replacements are suggestions (unsafe rules): accepted, they do this.
    let (engine, imported) = accepting(Format::LanguageTool, "languagetool/en_replace.txt");
    assert_eq!(imported.unmapped.len(), 0);
    // `bussines|bussiness=business`: either variant, any case, the first letter kept upper.
    // `Christiano Ronaldo=Cristiano Ronaldo`: a phrase, across a line break too.
    // `Köln=Cologne`: a name, written as the dictionary has it even after a lower-case match.
    assert_eq!(
        clean(
            &engine,
            "Bussiness as usual: bussines in köln, with Christiano\nRonaldo.\n"
        ),
        "Business as usual: business in Cologne, with Cristiano Ronaldo.\n"
    );
}

#[test]
fn subtitle_edit_sections_apply_as_in_subtitle_edit() {
    let (engine, imported) = engine(
        Format::SubtitleEdit,
        "subtitleedit/eng_OCRFixReplaceList.xml",
    );
    // The sections that need Subtitle Edit's spell checker are reported, not imported.
    assert!(
        imported
            .unmapped
            .iter()
            .any(|u| u.entry.starts_with("m -> rn") && u.reason.contains("spell checker"))
    );
    assert!(
        imported
            .unmapped
            .iter()
            .any(|u| u.reason.contains("look-around"))
    );
    // WholeWords `ri9ht` -> `right` (a whole word, exact case), `/got` -> `I got`;
    // PartialWordsAlways `lVI` -> `M` inside a word; PartialLinesAlways ` lt ` -> ` it `.
    assert_eq!(
        clean(&engine, "That's ri9ht, /got the lVIoney so lt is fine.\n"),
        "That's right, I got the Money so it is fine.\n"
    );
    // WholeLines `N0.` -> `No.`: only a line that is exactly that.
    assert_eq!(clean(&engine, "N0.\n"), "No.\n");
    // BeginLines `Don,t ` -> `Don't ` at a line start; EndLines ` mothen` -> ` mother.`.
    assert_eq!(
        clean(&engine, "Don,t go.\nAsk your mothen\n"),
        "Don't go.\nAsk your mother.\n"
    );
    // RegularExpressions `\b(A|a)m (l|1)\b` -> `$1m I`, with `$1m` read as group 1 then "m".
    assert_eq!(clean(&engine, "Am l late?\n"), "Am I late?\n");
}

#[test]
fn a_file_of_another_format_is_a_clear_error() {
    let err = import::read(Format::Codespell, &dictionary("typos/words.csv"))
        .expect_err("a CSV is not a codespell file");
    let text = err.to_string();
    assert!(
        text.contains("words.csv:1: no entry could be imported"),
        "{text}"
    );
    assert!(text.contains("is this a codespell file?"), "{text}");
}

/// The core's fast reader of large rule files gives what the TOML parser gives on the files
/// `transclean import` writes from the real dictionaries (the property tests beside the reader
/// cover the syntax; this covers the files it exists for).
#[test]
fn the_fast_rule_file_reader_reads_real_imports_as_toml_does() {
    use transclean_core::{config::fast, raw::RawFile};
    for (format, file) in [
        (Format::LanguageTool, "languagetool/en_replace.txt"),
        (
            Format::SubtitleEdit,
            "subtitleedit/eng_OCRFixReplaceList.xml",
        ),
    ] {
        let source = std::fs::read_to_string(dictionary(file)).unwrap();
        let text = import::import(format, &source).to_toml(format, file);
        let quick = fast::parse(&text).expect("the fast reader reads this file");
        let slow: RawFile = toml::from_str(&text).expect("valid TOML");
        assert_eq!(format!("{quick:?}"), format!("{slow:?}"), "{file}");
    }
}

/// Words an apostrophe or a hyphen holds together survive every import: an entry such as
/// codespell's `doesn'->doesn't` matches only a whole word, never the start of "doesn't" (it
/// used to, and the pipeline's re-runs made "doesn'ttttttttttttttttt").
#[test]
fn contractions_and_joined_words_survive_every_import() {
    let text = "It doesn't matter. I can't go. We don't know. rock'n'roll is far-left, isn't it?\n";
    for (format, path) in [
        (Format::Codespell, "codespell/dictionary.txt"),
        (Format::Codespell, "codespell/dictionary_informal.txt"),
        (Format::Typos, "typos/words.csv"),
        (
            Format::SubtitleEdit,
            "subtitleedit/eng_OCRFixReplaceList.xml",
        ),
        (Format::LanguageTool, "languagetool/en_replace.txt"),
    ] {
        let (engine, _) = engine(format, path);
        let cleaned = clean(&engine, text);
        for word in [
            "doesn't",
            "can't",
            "don't",
            "rock'n'roll",
            "far-left",
            "isn't",
        ] {
            assert!(cleaned.contains(word), "{path}: {word} lost in {cleaned:?}");
        }
    }
}

/// `import` lints the rule file it writes; on the real dictionaries no finding is an error
/// (the file loads, and no rule matches what it or another rule writes), and no entry is refused.
fn lints_without_errors(format: Format, path: &str) {
    let imported = import::read(format, &dictionary(path)).expect("the dictionary imports");
    let text = imported.to_toml(format, path);
    let findings = import::lint(path, &text).expect("the rule file loads");
    let errors: Vec<_> = findings.iter().filter(|f| import::is_error(f)).collect();
    assert!(errors.is_empty(), "{path}: {errors:#?}");
    assert_eq!(imported.refused, 0, "{path}: {}", imported.summary());
}

#[test]
fn codespell_import_lints_without_errors() {
    lints_without_errors(Format::Codespell, "codespell/dictionary.txt");
    lints_without_errors(Format::Codespell, "codespell/dictionary_informal.txt");
}

#[test]
fn typos_import_lints_without_errors() {
    lints_without_errors(Format::Typos, "typos/words.csv");
}

#[test]
fn languagetool_and_subtitle_edit_imports_lint_without_errors() {
    lints_without_errors(Format::LanguageTool, "languagetool/en_replace.txt");
    lints_without_errors(
        Format::SubtitleEdit,
        "subtitleedit/eng_OCRFixReplaceList.xml",
    );
}

/// Whether every active rule an import wrote is unsafe, and how many are.
fn unsafe_rules(imported: &import::Imported) -> (usize, usize) {
    let active: Vec<_> = imported.rules.iter().filter(|r| !r.commented_out).collect();
    let proposing = active.iter().filter(|r| r.proposes_only).count();
    (proposing, active.len())
}

#[test]
fn codespell_dictionaries_of_real_words_import_as_unsafe_rules() {
    // dictionary_rare.txt maps rare but real words ("acter" -> "actor"): none may be applied
    // without asking, and `clean` leaves them; `diff` proposes them.
    let (rare, imported) = engine(Format::Codespell, "codespell/dictionary_rare.txt");
    let (proposing, active) = unsafe_rules(&imported);
    assert!(
        active > 100 && proposing == active,
        "{proposing} of {active}"
    );
    assert_eq!(clean(&rare, "An acter spoke."), "An acter spoke.");
    let outcome = rare.clean("An acter spoke.");
    assert_eq!(outcome.suggestions.len(), 1, "{:?}", outcome.suggestions);
    assert_eq!(outcome.suggestions[0].after, "actor");
    // The main dictionary lists misspellings: most of its rules stay safe.
    let (_, main) = engine(Format::Codespell, "codespell/dictionary.txt");
    let (proposing, active) = unsafe_rules(&main);
    assert!(proposing * 20 < active, "{proposing} of {active} unsafe");
}

#[test]
fn languagetool_suggestions_import_as_unsafe_rules() {
    // LanguageTool shows a replacement for the writer to accept ("Köln" -> "Cologne" would
    // translate a name someone said): every rule proposes only.
    let (lt, imported) = engine(Format::LanguageTool, "languagetool/en_replace.txt");
    let (proposing, active) = unsafe_rules(&imported);
    assert!(
        active > 50 && proposing == active,
        "{proposing} of {active}"
    );
    assert_eq!(clean(&lt, "We met in Köln."), "We met in Köln.");
}

#[test]
fn list_files_that_are_not_corrections_are_refused_naming_the_right_file() {
    for (format, path, right) in [
        (Format::Typos, "typos/allowed.csv", "words.csv"),
        (
            Format::SubtitleEdit,
            "subtitleedit/names.xml",
            "OCRFixReplaceList.xml",
        ),
        (
            Format::SubtitleEdit,
            "subtitleedit/en_names.xml",
            "OCRFixReplaceList.xml",
        ),
        (
            Format::SubtitleEdit,
            "subtitleedit/en_US_se.xml",
            "OCRFixReplaceList.xml",
        ),
        (
            Format::SubtitleEdit,
            "subtitleedit/en_interjections_se.xml",
            "OCRFixReplaceList.xml",
        ),
        (
            Format::SubtitleEdit,
            "subtitleedit/en_abbreviations.xml",
            "OCRFixReplaceList.xml",
        ),
        (
            Format::SubtitleEdit,
            "subtitleedit/eng_WordSplitList.txt",
            "OCRFixReplaceList.xml",
        ),
    ] {
        let err = import::read(format, &dictionary(path)).expect_err(path);
        let text = err.to_string();
        let file = path.rsplit('/').next().unwrap();
        assert!(
            text.contains(file) && text.contains(right),
            "{path}: {text}"
        );
    }
}
