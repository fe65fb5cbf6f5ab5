//! 500 entries of each real dictionary, chosen by a seeded generator, each put in sentences and
//! cleaned by the imported rules, compared with a reference matcher written here from the tool's
//! documented matching. Entries the tool only suggests must change nothing. codespell's words
//! take in `-` and apostrophes (`teh-like` is one word, left alone) and its case rule upper-cases
//! a correction with capitals in an UPPER word: the import sets `word-joiners` and
//! `case = "preserve-capitals"` for these, so there is no difference left. Subtitle Edit is not
//! compared next to an apostrophe (`S0't`), where its matching could not be checked.

use super::{dictionary, engine};
use regex::Regex;
use std::collections::HashMap;
use transclean::import::Format;

/// A deterministic choice of `n` distinct indices below `len` (xorshift64, fixed seed).
fn sample(len: usize, n: usize, seed: u64) -> Vec<usize> {
    let mut state = seed;
    let mut chosen = Vec::new();
    let mut seen = std::collections::HashSet::new();
    while chosen.len() < n.min(len) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let i = (state % len as u64) as usize;
        if seen.insert(i) {
            chosen.push(i);
        }
    }
    chosen
}

fn title(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().collect::<String>() + &chars.as_str().to_lowercase()
    })
}

/// The sentences each wrong word is put in: start, middle, end, before punctuation, inside a
/// contraction, in a hyphenated word, capitalised, upper case.
fn sentences(wrong: &str) -> Vec<(&'static str, String)> {
    vec![
        ("start", format!("{wrong} is here.")),
        ("middle", format!("We saw {wrong} today.")),
        ("end", format!("We saw {wrong}")),
        ("punctuation", format!("We saw {wrong}, then left.")),
        ("contraction", format!("We {wrong}'t go.")),
        ("hyphen", format!("A {wrong}-like one.")),
        ("title", format!("We saw {} today.", title(wrong))),
        ("upper", format!("WE SAW {} TODAY.", wrong.to_uppercase())),
    ]
}

/// Applies `fix` to each token of `text` found by `token`, keeping the rest.
fn by_tokens(text: &str, token: &Regex, fix: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    let mut last = 0;
    for m in token.find_iter(text) {
        out.push_str(&text[last..m.start()]);
        out.push_str(&fix(m.as_str()).unwrap_or_else(|| m.as_str().to_string()));
        last = m.end();
    }
    out + &text[last..]
}

/// codespell's `fix_case`: a Capitalised word gets a capitalised fix, an UPPER one an upper fix.
fn case_like(word: &str, fix: &str) -> String {
    if word.chars().count() > 1 && word == word.to_uppercase() && word != word.to_lowercase() {
        fix.to_uppercase()
    } else if title(word) == word && word != word.to_lowercase() {
        let mut c = fix.chars();
        c.next().map_or_else(String::new, |f| {
            f.to_uppercase().collect::<String>() + c.as_str()
        })
    } else {
        fix.to_string()
    }
}

/// Fails with the first 20 differences (and how many there are) unless there are none.
fn assert_no_differences(differences: &[(String, &'static str, String, String)]) {
    assert!(
        differences.is_empty(),
        "{} differences: {:#?}",
        differences.len(),
        &differences[..differences.len().min(20)]
    );
}

/// Runs every sentence of every sampled entry through the engine and the reference; returns
/// the differences as `(entry, context, transclean, reference)`.
fn compare(
    engine: &transclean::Engine,
    wrongs: &[String],
    skip: &[&str],
    reference: impl Fn(&str, &str) -> String,
) -> Vec<(String, &'static str, String, String)> {
    let mut differences = Vec::new();
    for wrong in wrongs {
        for (context, sentence) in sentences(wrong) {
            if skip.contains(&context) {
                continue;
            }
            let ours = engine.clean(&format!("{sentence}\n")).cleaned;
            let theirs = format!("{}\n", reference(&sentence, context));
            if ours != theirs {
                differences.push((wrong.clone(), context, ours, theirs));
            }
        }
    }
    differences
}

#[test]
fn codespell_sample_cleans_as_codespell() {
    let path = "codespell/dictionary.txt";
    let (engine, _) = engine(Format::Codespell, path);
    let text = std::fs::read_to_string(dictionary(path)).unwrap();
    // As codespell reads it: lower-cased misspelling, a later line replaces an earlier one, a
    // fix only when there is no comma (several candidates or a reason are never applied).
    let mut order = Vec::new();
    let mut fixes: HashMap<String, Option<String>> = HashMap::new();
    for line in text.lines() {
        let Some((wrong, data)) = line.split_once("->") else {
            continue;
        };
        let wrong = wrong.trim().to_lowercase();
        let fix = (!data.contains(',')).then(|| data.trim().to_string());
        if fixes.insert(wrong.clone(), fix).is_none() {
            order.push(wrong);
        }
    }
    let wrongs: Vec<String> = sample(order.len(), 500, 0x5eed_c0de)
        .into_iter()
        .map(|i| order[i].clone())
        .collect();
    assert!(
        wrongs.iter().filter(|w| fixes[*w].is_none()).count() > 10,
        "the sample has suggestions"
    );
    let token = Regex::new(r"[\w\-'’]+").unwrap();
    let codespell = |s: &str| {
        by_tokens(s, &token, |t| {
            fixes
                .get(&t.to_lowercase())
                .cloned()
                .flatten()
                .map(|f| case_like(t, &f))
        })
    };
    let differences = compare(&engine, &wrongs, &[], |s, _| codespell(s));
    let names = wrongs
        .iter()
        .filter(|w| {
            fixes[*w]
                .as_ref()
                .is_some_and(|f| f.chars().any(char::is_uppercase))
        })
        .count();
    assert!(names > 0, "the sample has corrections with capitals");
    assert_no_differences(&differences);
    // The hyphen sentences test something: codespell leaves every `teh-like` alone.
    for wrong in wrongs
        .iter()
        .filter(|w| fixes[*w].is_some() && !w.contains('-'))
    {
        let s = format!("A {wrong}-like one.");
        assert_eq!(codespell(&s), s, "{wrong}");
    }
}

#[test]
fn typos_sample_cleans_as_typos() {
    let path = "typos/words.csv";
    let (engine, _) = engine(Format::Typos, path);
    let text = std::fs::read_to_string(dictionary(path)).unwrap();
    let mut order = Vec::new();
    let mut fixes: HashMap<String, Option<String>> = HashMap::new();
    for line in text.lines() {
        let fields: Vec<&str> = line
            .split(',')
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .collect();
        if fields.len() < 2 {
            continue;
        }
        let fix = (fields.len() == 2).then(|| fields[1].to_string());
        if fixes.insert(fields[0].to_lowercase(), fix).is_none() {
            order.push(fields[0].to_lowercase());
        }
    }
    let wrongs: Vec<String> = sample(order.len(), 500, 0x0079_7005)
        .into_iter()
        .map(|i| order[i].clone())
        .collect();
    // typos: identifiers of letters, digits, `_` and `'`, split into words at `_` and case
    // changes; a word is corrected whole, its case (lower, Title, UPPER) kept.
    let token = Regex::new(r"[\p{Alphabetic}\d']+").unwrap();
    let typos = |s: &str| {
        by_tokens(s, &token, |t| {
            fixes
                .get(&t.to_lowercase())
                .cloned()
                .flatten()
                .map(|f| case_like(t, &f))
        })
    };
    let differences = compare(&engine, &wrongs, &[], |s, _| typos(s));
    assert_no_differences(&differences);
}

#[test]
fn languagetool_sample_cleans_as_languagetool() {
    let path = "languagetool/en_replace.txt";
    // LanguageTool only suggests: its rules are unsafe, compared here as accepted.
    let (engine, _) = super::accepting(Format::LanguageTool, path);
    let text = std::fs::read_to_string(dictionary(path)).unwrap();
    let mut entries: Vec<(String, Option<String>)> = Vec::new();
    for line in text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let entry = line.split('\t').next().unwrap();
        let Some((wrong, right)) = entry.split_once('=') else {
            continue;
        };
        let fixes: Vec<&str> = right
            .split('|')
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .collect();
        for phrase in wrong.split('|').map(str::trim).filter(|p| !p.is_empty()) {
            entries.push((
                phrase.to_string(),
                (fixes.len() == 1).then(|| fixes[0].to_string()),
            ));
        }
    }
    let chosen: Vec<(String, Option<String>)> = sample(entries.len(), 500, 0x0017_0017)
        .into_iter()
        .map(|i| entries[i].clone())
        .collect();
    let wrongs: Vec<String> = chosen.iter().map(|(w, _)| w.clone()).collect();
    let all: HashMap<String, Option<String>> = entries
        .iter()
        .map(|(w, f)| (w.to_lowercase(), f.clone()))
        .collect();
    // LanguageTool: the phrase as a whole-word match, as written or with its first letter
    // capitalised (the suggestion then capitalised too).
    let lt = |s: &str, wrong: &str| {
        let Some(Some(fix)) = all.get(&wrong.to_lowercase()) else {
            return s.to_string();
        };
        let words = Regex::new(&format!(
            r"(?i)(^|[^\w'’]){}($|[^\w'’])",
            regex::escape(wrong)
        ))
        .unwrap();
        words
            .replace_all(s, |c: &regex::Captures| {
                let m = &c[0][c[1].len()..c[0].len() - c[2].len()];
                format!(
                    "{}{}{}",
                    &c[1],
                    if fix.chars().any(char::is_uppercase) {
                        fix.clone()
                    } else {
                        case_like(m, fix)
                    },
                    &c[2]
                )
            })
            .into_owned()
    };
    let mut differences = Vec::new();
    for wrong in &wrongs {
        differences.extend(compare(
            &engine,
            std::slice::from_ref(wrong),
            &["contraction", "hyphen"],
            |s, _| lt(s, wrong),
        ));
    }
    assert_no_differences(&differences);
}

#[test]
fn subtitle_edit_sample_cleans_as_subtitle_edit() {
    let path = "subtitleedit/eng_OCRFixReplaceList.xml";
    let imported = transclean::import::read(Format::SubtitleEdit, &dictionary(path)).unwrap();
    let text = imported.to_toml(Format::SubtitleEdit, path);
    let mut set = transclean::config::load_text(path, &text).unwrap();
    // Only the word sections are compared: line rules are another matter.
    set.rules.retain(|r| r.id.starts_with("se-word-"));
    let engine = transclean::Engine::new(&set);
    let source = std::fs::read_to_string(dictionary(path)).unwrap();
    let entry = Regex::new(r#"<(Word|WordPart) from="([^"]*)" to="([^"]*)""#).unwrap();
    let unescape = |s: &str| {
        s.replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    };
    let mut words: Vec<(String, String)> = Vec::new();
    let mut parts: Vec<(String, String)> = Vec::new();
    let mut in_partial_words = false;
    for line in source.lines() {
        if line.contains("<PartialWords>") {
            in_partial_words = true;
        }
        if line.contains("</PartialWords>") {
            in_partial_words = false;
        }
        let Some(c) = entry.captures(line) else {
            continue;
        };
        let pair = (unescape(&c[2]), unescape(&c[3]));
        match &c[1] {
            "Word" if !words.iter().any(|(f, _)| *f == pair.0) => words.push(pair),
            "WordPart" if !in_partial_words => parts.push(pair),
            _ => {}
        }
    }
    let active: std::collections::HashSet<String> =
        set.rules.iter().map(|r| r.id.clone()).collect();
    assert!(!active.is_empty());
    let chosen: Vec<String> = sample(words.len(), 500, 0x5e5e)
        .into_iter()
        .map(|i| words[i].0.clone())
        .collect();
    // Subtitle Edit's whole words: `from` with no letter or digit (or apostrophe) beside it,
    // exact case; then every word part anywhere.
    let fix = |s: &str, wrong: &str| {
        let to = &words.iter().find(|(f, _)| f == wrong).unwrap().1;
        let edges =
            Regex::new(&format!(r"(^|[^\w'’]){}($|[^\w'’])", regex::escape(wrong))).unwrap();
        let mut out = edges
            .replace_all(s, |c: &regex::Captures| format!("{}{to}{}", &c[1], &c[2]))
            .into_owned();
        for (from, to) in &parts {
            out = out.replace(from.as_str(), to);
        }
        out
    };
    let mut differences = Vec::new();
    for wrong in &chosen {
        differences.extend(compare(
            &engine,
            std::slice::from_ref(wrong),
            &["title", "upper", "contraction"],
            |s, _| fix(s, wrong),
        ));
    }
    assert_no_differences(&differences);
}
