//! A fast reader for the plain subset of TOML that tools write, for large rule files.
//!
//! An imported dictionary is a rule file of 60,000 small tables, and the general TOML parser
//! reads it at about 25 MB/s: several hundred milliseconds before any text is cleaned. Files that
//! `transclean import` writes use only comments, `[meta]`, `[[rule]]` headers and one-line
//! `key = value` pairs with strings, booleans and arrays of strings; this reader reads exactly
//! that, line by line, and gives the same [`RawFile`] (spans included) as the TOML parser would.
//! Anything else (another key, a multi-line value, a syntax error) makes it give up, and the file
//! is read by the TOML parser, which also reports every error: the fast path never decides what
//! a file means on its own.

use crate::raw::{OneOrMany, RawFile, RawMeta, RawRule};
use std::ops::Range;
use toml::Spanned;

/// Files smaller than this are not worth a second reader: the TOML parser takes microseconds.
pub const MIN_LEN: usize = 64 * 1024;

/// The table a `key = value` line belongs to.
enum Table {
    Top,
    Meta,
    Rule,
}

/// A value as written on one line.
enum Value {
    Str(String),
    Bool(bool),
    Strings(Vec<String>),
}

/// Reads `text` if it keeps to the subset; `None` if it does not (read it with `toml` then).
pub fn parse(text: &str) -> Option<RawFile> {
    let mut file = RawFile::default();
    // A rule's raw table is a kilobyte: growing the list by doubling would copy them again and
    // again, so make room for all of them first.
    let mut rules: Vec<Spanned<RawRule>> = Vec::with_capacity(text.matches("[[rule]]").count());
    let mut table = Table::Top;
    let mut offset = 0;
    for raw_line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw_line.len();
        let line = raw_line.strip_suffix('\n').unwrap_or(raw_line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        let content = line.trim_start_matches([' ', '\t']);
        let indent = line.len() - content.len();
        if content.is_empty() || content.starts_with('#') {
            if !comment_ok(content) {
                return None;
            }
            continue;
        }
        let at = line_start + indent;
        if let Some(rest) = content.strip_prefix("[[rule]]") {
            if !trailing_ok(rest) {
                return None;
            }
            rules.push(Spanned::new(at..at + 8, RawRule::default()));
            table = Table::Rule;
            continue;
        }
        if let Some(rest) = content.strip_prefix("[meta]") {
            if !trailing_ok(rest) || file.meta.is_some() {
                return None;
            }
            file.meta = Some(RawMeta::default());
            table = Table::Meta;
            continue;
        }
        let (key, value, span) = key_value(content, at)?;
        match table {
            Table::Top => return None,
            Table::Meta => set_meta(file.meta.as_mut()?, key, value, span)?,
            Table::Rule => set_rule(rules.last_mut()?.get_mut(), key, value, span)?,
        }
    }
    if !rules.is_empty() {
        file.rule = Some(rules);
    }
    Some(file)
}

/// Stores a `[meta]` key; `None` for a key this reader leaves to the TOML parser or a repeat.
fn set_meta(meta: &mut RawMeta, key: &str, value: Value, span: Range<usize>) -> Option<()> {
    let Value::Str(text) = value else { return None };
    match key {
        "name" => put(&mut meta.name, text),
        "description" => put(&mut meta.description, text),
        "applies-when" => put(&mut meta.applies_when, Spanned::new(span, text)),
        _ => None,
    }
}

/// Stores a `[[rule]]` key; `None` for a key this reader leaves to the TOML parser or a repeat.
fn set_rule(rule: &mut RawRule, key: &str, value: Value, span: Range<usize>) -> Option<()> {
    match (key, value) {
        ("find", Value::Strings(list)) => {
            put(&mut rule.find, Spanned::new(span, OneOrMany::Many(list)))
        }
        ("find", Value::Str(one)) => put(&mut rule.find, Spanned::new(span, OneOrMany::One(one))),
        ("enabled", Value::Bool(b)) => put(&mut rule.enabled, b),
        ("word-bounded", Value::Bool(b)) => put(&mut rule.word_bounded, Spanned::new(span, b)),
        ("description", Value::Str(s)) => put(&mut rule.description, s),
        (key, Value::Str(s)) => {
            let field = match key {
                "id" => &mut rule.id,
                "kind" => &mut rule.kind,
                "stage" => &mut rule.stage,
                "when" => &mut rule.when,
                "unless" => &mut rule.unless,
                "replace" => &mut rule.replace,
                "case" => &mut rule.case,
                "word-joiners" => &mut rule.word_joiners,
                "pattern" => &mut rule.pattern,
                "scope" => &mut rule.scope,
                "safety" => &mut rule.safety,
                "in" => &mut rule.within,
                _ => return None,
            };
            put(field, Spanned::new(span, s))
        }
        _ => None,
    }
}

/// Sets a key once; a repeated key is a TOML error, left to the TOML parser to report.
fn put<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value);
    Some(())
}

/// `key = value` with an optional comment; the value's span in the file.
fn key_value(content: &str, at: usize) -> Option<(&str, Value, Range<usize>)> {
    let key_len = content
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
        .count();
    if key_len == 0 {
        return None;
    }
    let key = &content[..key_len];
    let rest = content[key_len..].trim_start_matches([' ', '\t']);
    let rest = rest.strip_prefix('=')?;
    let value_text = rest.trim_start_matches([' ', '\t']);
    let value_at = at + (content.len() - value_text.len());
    let (value, used) = value(value_text)?;
    if !trailing_ok(&value_text[used..]) {
        return None;
    }
    Some((key, value, value_at..value_at + used))
}

fn value(text: &str) -> Option<(Value, usize)> {
    if text.starts_with("true") {
        return Some((Value::Bool(true), 4));
    }
    if text.starts_with("false") {
        return Some((Value::Bool(false), 5));
    }
    if let Some(rest) = text.strip_prefix('[') {
        let mut list = Vec::new();
        let mut pos = 1;
        let mut rest = rest;
        loop {
            let trimmed = rest.trim_start_matches([' ', '\t']);
            pos += rest.len() - trimmed.len();
            rest = trimmed;
            if let Some(after) = rest.strip_prefix(']') {
                let _ = after;
                return Some((Value::Strings(list), pos + 1));
            }
            let (item, used) = string(rest)?;
            list.push(item);
            pos += used;
            rest = &rest[used..];
            let trimmed = rest.trim_start_matches([' ', '\t']);
            pos += rest.len() - trimmed.len();
            rest = trimmed;
            if let Some(after) = rest.strip_prefix(',') {
                pos += 1;
                rest = after;
            } else if !rest.starts_with(']') {
                return None;
            }
        }
    }
    let (s, used) = string(text)?;
    Some((Value::Str(s), used))
}

/// A one-line basic (`"..."`) or literal (`'...'`) string, and the bytes it took.
fn string(text: &str) -> Option<(String, usize)> {
    if text.starts_with("\"\"\"") || text.starts_with("'''") {
        return None;
    }
    if let Some(body) = text.strip_prefix('\'') {
        let end = body.find('\'')?;
        let literal = &body[..end];
        if literal.chars().any(|c| c.is_control() && c != '\t') {
            return None;
        }
        return Some((literal.to_string(), end + 2));
    }
    let body = text.strip_prefix('"')?;
    // Most strings have no escapes: copy them whole.
    let plain = body
        .bytes()
        .position(|b| b == b'"' || b == b'\\' || (b < 0x20 && b != b'\t') || b == 0x7f);
    if let Some(end) = plain.filter(|&end| body.as_bytes()[end] == b'"') {
        let literal = &body[..end];
        if !literal.chars().any(|c| c.is_control() && c != '\t') {
            return Some((literal.to_string(), end + 2));
        }
    }
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, i + 2)),
            '\\' => {
                let (_, escape) = chars.next()?;
                match escape {
                    '"' => out.push('"'),
                    '\\' => out.push('\\'),
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => out.push('\r'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'u' | 'U' => {
                        let digits = if escape == 'u' { 4 } else { 8 };
                        let mut code = 0u32;
                        for _ in 0..digits {
                            code = code * 16 + chars.next()?.1.to_digit(16)?;
                        }
                        out.push(char::from_u32(code)?);
                    }
                    _ => return None,
                }
            }
            c if c.is_control() && c != '\t' => return None,
            c => out.push(c),
        }
    }
    None
}

/// After a value or header: nothing, or spaces and a comment.
fn trailing_ok(rest: &str) -> bool {
    let rest = rest.trim_start_matches([' ', '\t']);
    rest.is_empty() || (rest.starts_with('#') && comment_ok(rest))
}

/// TOML forbids control characters other than tab in comments.
fn comment_ok(comment: &str) -> bool {
    !comment.chars().any(|c| c.is_control() && c != '\t')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same_as_toml(text: &str) -> bool {
        let fast = parse(text).expect("the fast reader reads this file");
        let slow: RawFile = toml::from_str(text).expect("valid TOML");
        format!("{fast:?}") == format!("{slow:?}")
    }

    #[test]
    fn reads_what_tools_write_as_toml_does() {
        let text = "# header\n\n[meta]\nname = \"x\"  # why\ndescription = 'lit'\n\n\
            [[rule]]\nid = \"a\\\"b\\u00e9\"\nkind = \"replace\"\nfind = [\"p\", 'q' , \"r\",]\n\
            replace = \"\\\\\"\ncase = \"preserve\"\nword-bounded = false\nenabled = true\n\
            description = \"d\"\n\n  [[rule]]\r\nid = \"b\"\r\nkind = \"regex\"\npattern = '^x$'\nreplace = \"$$1\"\n";
        assert!(same_as_toml(text));
    }

    #[test]
    fn gives_up_on_anything_else() {
        for text in [
            "extend = [\"x\"]\n",
            "[[rule]]\nid = \"a\"\nid = \"b\"\n",
            "[[rule]]\nexamples = [\n]\n",
            "[[rule]]\nfnd = \"x\"\n",
            "[[rule]]\nid = \"\"\"x\"\"\"\n",
            "[[rule]]\nid = \"x\" y\n",
            "[[rule]]\nid = \"\\q\"\n",
            "[[rule]]\nwithin-last = 5\n",
            "[meta]\n[meta]\n",
        ] {
            assert!(parse(text).is_none(), "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn any_string_reads_back_as_toml_reads_it(s in "\\PC{0,12}|[\\x00-\\x7f]{0,12}", b in any::<bool>()) {
            let text = format!(
                "[[rule]]\nid = {}\nfind = [{}, '{}']\nenabled = {b}\n",
                crate::exceptions::toml_string(&s),
                crate::exceptions::toml_string(&s),
                s.replace(['\'', '\n', '\r'], "")
            );
            match parse(&text) {
                Some(fast) => {
                    let slow: RawFile = toml::from_str(&text).unwrap();
                    prop_assert_eq!(format!("{fast:?}"), format!("{slow:?}"));
                }
                None => prop_assert!(toml::from_str::<RawFile>(&text).is_err() || s.chars().any(char::is_control)),
            }
        }
    }
}
