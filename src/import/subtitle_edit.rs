//! Subtitle Edit OCR fix lists (`*_OCRFixReplaceList.xml`).
//!
//! Subtitle Edit reads each section with its own meaning; each maps to what transclean can say:
//!
//! | section | Subtitle Edit | rule |
//! |---|---|---|
//! | `WholeWords` | a word equal to `from`, case as written | `replace`, exact case |
//! | `PartialWordsAlways` | `from` anywhere inside a word | `replace`, `word-bounded = false` |
//! | `WholeLines` | a line equal to `from` | `regex` `^from$` |
//! | `PartialLinesAlways` | `from` anywhere in a line, spaces included | `regex`, the literal |
//! | `PartialLines` | `from` anywhere in a line, not inside a word | `regex`, `\b` at word edges |
//! | `BeginLines` | `from` at a line start, or after `. ` `! ` `? ` | `regex` with that prefix |
//! | `EndLines` | `from` at a line end | `regex` `from$` |
//! | `RegularExpressions` | a .NET regex, multi-line | `regex`, `$1x` written `${1}x` |
//!
//! Not mapped, each reported: `PartialWords` and `RegularExpressionsIfSpelledCorrectly` (Subtitle
//! Edit applies them only if its spell checker accepts the result), and regexes the `regex` crate
//! cannot run (look-around, back-references). As in Subtitle Edit, the first entry for a `from`
//! in a section wins. A whole word that the list also corrects other words *to* is a real word
//! ("lf" -> "If" makes "If" one), so an entry replacing it is unsafe: proposed, not applied.

use super::{Imported, Unmapped, shorten};
use crate::draft::{DraftKind, DraftRule, Ids};
use crate::text::{LineIndex, is_word_char};
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;
use std::collections::HashSet;

/// How one section of the list is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    WholeWords,
    PartialWordsAlways,
    PartialWords,
    WholeLines,
    PartialLinesAlways,
    PartialLines,
    BeginLines,
    EndLines,
    RegularExpressions,
    IfSpelledCorrectly,
}

impl Section {
    fn from_tag(tag: &str) -> Option<Section> {
        Some(match tag {
            "WholeWords" => Section::WholeWords,
            "PartialWordsAlways" => Section::PartialWordsAlways,
            "PartialWords" => Section::PartialWords,
            "WholeLines" => Section::WholeLines,
            // Older lists call it PartialAlwaysLines.
            "PartialLinesAlways" | "PartialAlwaysLines" => Section::PartialLinesAlways,
            "PartialLines" => Section::PartialLines,
            "BeginLines" => Section::BeginLines,
            "EndLines" => Section::EndLines,
            "RegularExpressions" => Section::RegularExpressions,
            "RegularExpressionsIfSpelledCorrectly" => Section::IfSpelledCorrectly,
            _ => return None,
        })
    }

    /// The id prefix of the section's rules.
    fn prefix(self) -> &'static str {
        match self {
            Section::WholeWords => "se-word",
            Section::PartialWordsAlways => "se-word-part",
            Section::PartialWords => "se-word-part-guess",
            Section::WholeLines => "se-line",
            Section::PartialLinesAlways => "se-line-part-always",
            Section::PartialLines => "se-line-part",
            Section::BeginLines => "se-line-start",
            Section::EndLines => "se-line-end",
            Section::RegularExpressions => "se-regex",
            Section::IfSpelledCorrectly => "se-regex-spelled",
        }
    }
}

/// One entry element with its section and line.
struct Entry {
    section: Section,
    line: usize,
    from: String,
    to: String,
}

pub fn import(text: &str) -> Imported {
    let (entries, mut unmapped) = read_entries(text);
    let mut ids = Ids::default();
    let mut seen: HashSet<(u8, String)> = HashSet::new();
    let mut rules = Vec::new();
    let mut regex_count = 0;
    for entry in entries {
        if !seen.insert((entry.section as u8, entry.from.clone())) {
            continue;
        }
        if entry.section == Section::RegularExpressions && !entry.from.is_empty() {
            regex_count += 1;
        }
        match rule_kind(&entry, regex_count) {
            Ok((id_text, kind)) => {
                let mut rule = DraftRule::new(ids.make(entry.section.prefix(), &id_text), kind);
                if entry.section == Section::RegularExpressions {
                    rule.description = Some(format!("Subtitle Edit regex (line {})", entry.line));
                }
                rules.push(rule);
            }
            Err(reason) => unmapped.push(Unmapped {
                line: entry.line,
                entry: shorten(&format!("{} -> {}", entry.from, entry.to)),
                reason,
            }),
        }
    }
    let real_words = super::mark_real_words(&mut rules, "Subtitle Edit");
    let mut notes: Vec<String> = [
        "Whole words and word parts are `replace` rules (exact case); lines, line parts,",
        "beginnings, endings and regular expressions are `regex` rules. Subtitle Edit's",
        "sections that need its spell checker (PartialWords, RegularExpressionsIfSpelled-",
        "Correctly) and regexes with look-around are listed below, not imported.",
    ]
    .map(String::from)
    .to_vec();
    if real_words > 0 {
        notes.push("A word that the list also corrects other words to is a real word: its".into());
        notes.push("rule is unsafe (proposed by `diff` and `review`).".into());
    }
    Imported {
        refused: 0,
        rules,
        unmapped,
        notes,
    }
}

/// What one entry becomes in its section: the text its id is made from and the rule's kind, or
/// why it is not mapped.
fn rule_kind(entry: &Entry, regex_count: usize) -> Result<(String, DraftKind), String> {
    if entry.from.is_empty() {
        return Err("empty `from`".into());
    }
    let lit = regex::escape(&entry.from);
    let to = replacement_literal(&entry.to);
    let from = entry.from.clone();
    Ok(match entry.section {
        Section::PartialWords | Section::IfSpelledCorrectly => {
            return Err(
                "applied by Subtitle Edit only when its spell checker accepts the result".into(),
            );
        }
        Section::WholeWords | Section::PartialWordsAlways => {
            if entry.from.trim() != entry.from || entry.to.trim() != entry.to {
                return Err(
                    "leading or trailing spaces in a word entry (a `replace` phrase is trimmed)"
                        .into(),
                );
            }
            let kind = DraftKind::Replace {
                find: vec![from.clone()],
                replace: entry.to.clone(),
                case: "exact",
                word_bounded: entry.section == Section::WholeWords,
            };
            (from, kind)
        }
        Section::WholeLines => (from, regex_kind(format!("^{lit}$"), to)),
        Section::PartialLinesAlways => (from, regex_kind(lit, to)),
        Section::PartialLines => {
            let first = edge(entry.from.chars().next());
            let last = edge(entry.from.chars().next_back());
            (from, regex_kind(format!("{first}{lit}{last}"), to))
        }
        Section::BeginLines => {
            let pattern = format!(r#"(^[ \-"\['¶(]*|[.!?] ){lit}"#);
            (from, regex_kind(pattern, format!("${{1}}{to}")))
        }
        Section::EndLines => (from, regex_kind(format!("{lit}$"), to)),
        Section::RegularExpressions => {
            check_regex(&entry.from)?;
            let kind = regex_kind(entry.from.clone(), dotnet_replacement(&entry.to));
            (regex_count.to_string(), kind)
        }
    })
}

/// Why `text` is not an OCR fix list, if it is another of Subtitle Edit's list files (names,
/// words, interjections, abbreviations, the word-split list): none of them corrects anything,
/// so importing one would give no rules.
pub fn refusal(text: &str) -> Option<super::Refusal> {
    let hint = "import Subtitle Edit's OCR fix list, `eng_OCRFixReplaceList.xml` (any \
                `*_OCRFixReplaceList.xml`)"
        .to_string();
    let root = match root_element(text) {
        Ok(Some(root)) => root,
        Ok(None) | Err(()) => {
            return Some(super::Refusal {
                message: "not XML (the word-split list `*_WordSplitList.txt` is a plain word list)"
                    .into(),
                hint,
            });
        }
    };
    if root == "OCRFixReplaceList" {
        return None;
    }
    let what = match root.to_ascii_lowercase().as_str() {
        "names" => "a list of names, kept as written",
        "words" => "a list of words the spell checker accepts",
        "interjections" => "a list of interjections",
        "abbreviations" => "a list of abbreviations",
        _ => "another kind of list",
    };
    Some(super::Refusal {
        message: format!("a Subtitle Edit `<{root}>` file: {what}, with nothing to correct"),
        hint,
    })
}

/// The name of the document's first element; `Err` if the text is not XML.
fn root_element(text: &str) -> Result<Option<String>, ()> {
    let mut reader = Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => return Ok(Some(tag_name(&e))),
            Ok(Event::Eof) => return Ok(None),
            Ok(Event::Text(t)) => {
                let text: &str = &t;
                if !text.trim_start_matches('\u{feff}').trim().is_empty() {
                    return Err(());
                }
            }
            Ok(_) => {}
            Err(_) => return Err(()),
        }
    }
}

fn regex_kind(pattern: String, replace: String) -> DraftKind {
    DraftKind::Regex { pattern, replace }
}

/// `\b` where the literal's edge is a word character, so the literal is not matched inside a word.
fn edge(c: Option<char>) -> &'static str {
    if c.is_some_and(is_word_char) {
        r"\b"
    } else {
        ""
    }
}

/// A literal replacement for a `regex` rule: `$` doubled so it is not read as a group.
fn replacement_literal(to: &str) -> String {
    to.replace('$', "$$")
}

/// A .NET replacement in the `regex` crate's syntax: `$1m` (group 1, then "m") is `${1}m` here,
/// since the regex crate would read `$1m` as a group named `1m`.
fn dotnet_replacement(to: &str) -> String {
    let mut out = String::with_capacity(to.len() + 4);
    let mut chars = to.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) {
            let mut digits = String::new();
            while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                digits.push(d);
                chars.next();
            }
            out.push_str(&format!("${{{digits}}}"));
        } else if c == '$' && chars.peek() == Some(&'$') {
            out.push_str("$$");
            chars.next();
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether the `regex` crate runs the pattern as rule files compile it; if not, why.
fn check_regex(pattern: &str) -> Result<(), String> {
    regex::RegexBuilder::new(pattern)
        .multi_line(true)
        .size_limit(crate::rules::REGEX_SIZE_LIMIT)
        .build()
        .map(|_| ())
        .map_err(|e| {
            let detail = e.to_string();
            if detail.contains("look-around") {
                "uses look-around, which the regex crate does not support".into()
            } else if detail.contains("backreference") {
                "uses a back-reference, which the regex crate does not support".into()
            } else {
                format!(
                    "not a pattern the regex crate reads: {}",
                    detail.lines().last().unwrap_or_default().trim()
                )
            }
        })
}

/// Every `from`/`to` (or `find`/`replaceWith`) element, with its section and line; malformed
/// XML ends the reading with an entry saying where.
fn read_entries(text: &str) -> (Vec<Entry>, Vec<Unmapped>) {
    let lines = LineIndex::new(text);
    let mut reader = Reader::from_str(text);
    let mut entries = Vec::new();
    let mut unmapped = Vec::new();
    let mut section: Option<Section> = None;
    loop {
        let position = reader.buffer_position() as usize;
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                if let Some(s) = Section::from_tag(&tag_name(&e)) {
                    section = Some(s);
                }
            }
            Ok(Event::End(e)) => {
                let name = e.local_name().as_ref().to_string();
                if Section::from_tag(&name).is_some() {
                    section = None;
                }
            }
            Ok(Event::Empty(e)) => {
                let Some(section) = section else { continue };
                // The element starts after any whitespace the reader skipped.
                let start = position + text[position..].find('<').unwrap_or(0);
                let line = lines.line(start);
                match attributes(&e) {
                    Some((from, to)) => entries.push(Entry {
                        section,
                        line,
                        from,
                        to,
                    }),
                    None => unmapped.push(Unmapped {
                        line,
                        entry: format!("<{}>", tag_name(&e)),
                        reason: "no `from`/`to` (or `find`/`replaceWith`) attributes".into(),
                    }),
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => {
                unmapped.push(Unmapped {
                    line: lines.line(reader.error_position() as usize),
                    entry: "(XML)".into(),
                    reason: format!("malformed XML, reading stopped here: {e}"),
                });
                break;
            }
        }
    }
    (entries, unmapped)
}

fn tag_name(e: &BytesStart) -> String {
    e.local_name().as_ref().to_string()
}

fn attributes(e: &BytesStart) -> Option<(String, String)> {
    let (mut from, mut to) = (None, None);
    for attr in e.attributes().flatten() {
        let value = attr.normalized_value(XmlVersion::Implicit1_0).ok()?;
        match attr.key.local_name().as_ref() {
            "from" | "find" => from = Some(value.into_owned()),
            "to" | "replaceWith" => to = Some(value.into_owned()),
            _ => {}
        }
    }
    Some((from?, to?))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<OCRFixReplaceList>
  <WholeWords>
    <Word from="/got" to="I got" />
    <Word from="/got" to="ignored: the first entry wins" />
  </WholeWords>
  <PartialWordsAlways><WordPart from="¤" to="o" /></PartialWordsAlways>
  <PartialWords><WordPart from="m" to="rn" /></PartialWords>
  <WholeLines><Line from="N0." to="No." /></WholeLines>
  <PartialLinesAlways><LinePart from=" lt " to=" it " /></PartialLinesAlways>
  <PartialLines><LinePart from="aren'tyou" to="aren't you" /></PartialLines>
  <BeginLines><Beginning from="Don,t " to="Don't " /></BeginLines>
  <EndLines><Ending from=" mothen" to=" mother." /></EndLines>
  <RegularExpressions>
    <RegEx find="\b(A|a)m (l|1)\b" replaceWith="$1m I" />
    <RegEx find="(\bl\b)(?!-)" replaceWith="I" />
    <RegEx find="&quot;x&quot;" replaceWith="y" />
  </RegularExpressions>
</OCRFixReplaceList>
"#;

    #[test]
    fn maps_each_section_and_reports_the_rest() {
        let imported = import(LIST);
        let ids: Vec<&str> = imported.rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "se-word-/got",
                "se-word-part-¤",
                "se-line-N0.",
                "se-line-part-always-_lt_",
                "se-line-part-aren'tyou",
                "se-line-start-Don,t_",
                "se-line-end-_mothen",
                "se-regex-1",
                "se-regex-3",
            ]
        );
        let reasons: Vec<(usize, &str)> = imported
            .unmapped
            .iter()
            .map(|u| (u.line, u.reason.as_str()))
            .collect();
        assert_eq!(reasons.len(), 2);
        assert_eq!(reasons[0].0, 8);
        assert!(reasons[0].1.contains("spell checker"));
        assert_eq!(reasons[1].0, 16);
        assert!(reasons[1].1.contains("look-around"));
        let DraftKind::Regex { replace, .. } = &imported.rules[7].kind else {
            panic!()
        };
        assert_eq!(replace, "${1}m I");
        let DraftKind::Regex { pattern, .. } = &imported.rules[8].kind else {
            panic!()
        };
        assert_eq!(pattern, "\"x\"");
    }

    #[test]
    fn replacements_are_escaped_for_the_regex_crate() {
        assert_eq!(dotnet_replacement("$1m $$ $12x"), "${1}m $$ ${12}x");
        assert_eq!(replacement_literal("US$"), "US$$");
    }
}
