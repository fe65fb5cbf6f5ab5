//! A fast reader for the plain subset of TOML that rule files are written in.
//!
//! The general TOML parser reads about 25 MB/s: an imported dictionary (60,000 small tables)
//! took several hundred milliseconds before any text was cleaned, and the built-in rule files
//! a sixth of the start-up of `check` on one small file (issue 15, W4). Rule files keep to
//! comments, `[meta]` and `[[rule]]` headers, and `key = value` pairs whose values are one-line
//! strings, booleans, plain integers, arrays (over several lines, with comments) and one-line
//! inline tables (`examples`). This reader reads exactly that syntax; the tables are then filled
//! by the same serde derives as the TOML parser fills them, so every key and type check is
//! theirs, and the result (spans included) is the same. Anything else (another header, a
//! multi-line string, a repeated key, a syntax or type error) makes it give up, and the file is
//! read by the TOML parser, which also reports every error: the fast path never decides what a
//! file means on its own.

use crate::raw::{RawFile, RawMeta, RawRule};
use serde::de::value::{Error, MapDeserializer, SeqDeserializer};
use serde::de::{Deserialize, Deserializer, IntoDeserializer, Visitor};
use serde_spanned::de::{SpannedDeserializer, is_spanned};
use std::ops::Range;
use toml::Spanned;

/// A value as written, with its span in the file.
struct Node<'t> {
    value: Value<'t>,
    span: Range<usize>,
}

enum Value<'t> {
    Str(String),
    Bool(bool),
    Int(i64),
    Array(Vec<Node<'t>>),
    Table(Entries<'t>),
}

/// A table's `key = value` pairs, in the order written.
type Entries<'t> = Vec<(&'t str, Node<'t>)>;

/// Reads `text` if it keeps to the subset; `None` if it does not (read it with `toml` then).
pub fn parse(text: &str) -> Option<RawFile> {
    // Checked once here, a control character need not be looked for in each comment and
    // string: a string found to hold a line end is the only one left.
    if has_forbidden_control(text) {
        return None;
    }
    let mut reader = Reader {
        text,
        pos: 0,
        depth: 0,
    };
    let mut meta: Option<Entries> = None;
    let mut rules: Vec<(Range<usize>, Entries)> = Vec::new();
    // Whether `[meta]` (else the last `[[rule]]`) takes the next pair; `None` before a header.
    let mut in_meta: Option<bool> = None;
    loop {
        reader.skip_spaces();
        if reader.at_end() {
            break;
        }
        if reader.line_end().is_some() {
            continue;
        }
        let at = reader.pos;
        if reader.eat("[[rule]]") {
            reader.line_end()?;
            rules.push((at..at + 8, Vec::new()));
            in_meta = Some(false);
            continue;
        }
        if reader.eat("[meta]") {
            reader.line_end()?;
            if meta.is_some() {
                return None;
            }
            meta = Some(Vec::new());
            in_meta = Some(true);
            continue;
        }
        // Before the value: a top-level key is left to the TOML parser, however it goes on.
        let to_meta = in_meta?;
        let (key, node) = reader.pair()?;
        reader.line_end()?;
        let table = match to_meta {
            true => meta.as_mut()?,
            false => &mut rules.last_mut()?.1,
        };
        put(table, key, node)?;
    }
    let meta = match meta {
        Some(entries) => Some(fill::<RawMeta>(entries)?),
        None => None,
    };
    // A rule's raw table is a kilobyte: the list is made as long as needed first, not grown
    // by doubling (60,000 of them in an imported dictionary).
    let mut filled = Vec::with_capacity(rules.len());
    for (span, entries) in rules {
        filled.push(Spanned::new(span, fill::<RawRule>(entries)?));
    }
    Some(RawFile {
        meta,
        rule: (!filled.is_empty()).then_some(filled),
        ..RawFile::default()
    })
}

/// A table filled from its pairs by its serde derive, as the TOML parser fills it (a pair
/// left over is an error).
fn fill<'de, T: Deserialize<'de>>(entries: Entries) -> Option<T> {
    T::deserialize(MapDeserializer::<_, Error>::new(entries.into_iter())).ok()
}

/// Adds a pair to a table; `None` for a repeated key, a TOML error left to the TOML parser.
fn put<'t>(table: &mut Entries<'t>, key: &'t str, node: Node<'t>) -> Option<()> {
    if table.iter().any(|(seen, _)| *seen == key) {
        return None;
    }
    table.push((key, node));
    Some(())
}

/// How deep arrays and inline tables may nest here: rule files need two (`examples`, an array
/// of tables). Deeper, the reader gives up before its recursion could overflow the stack, and
/// the TOML parser reports its own limit.
const MAX_NESTING: usize = 4;

/// A place in the text being read.
struct Reader<'t> {
    text: &'t str,
    pos: usize,
    /// The arrays and inline tables open at `pos`.
    depth: usize,
}

impl<'t> Reader<'t> {
    fn rest(&self) -> &'t str {
        &self.text[self.pos..]
    }

    fn at_end(&self) -> bool {
        self.pos == self.text.len()
    }

    fn eat(&mut self, token: &str) -> bool {
        let found = self.rest().starts_with(token);
        if found {
            self.pos += token.len();
        }
        found
    }

    fn skip_spaces(&mut self) {
        self.pos += (self.rest().bytes())
            .take_while(|&b| b == b' ' || b == b'\t')
            .count();
    }

    /// Spaces, an optional comment and the end of the line (or of the text).
    fn line_end(&mut self) -> Option<()> {
        self.skip_spaces();
        if self.rest().starts_with('#') {
            // The text has no control character but tab and line ends (see `parse`).
            let comment = self.rest().split('\n').next().unwrap_or_default();
            self.pos += comment.strip_suffix('\r').unwrap_or(comment).len();
        }
        (self.eat("\n") || self.eat("\r\n") || self.at_end()).then_some(())
    }

    /// What may come between an array's values: spaces, comments and line ends.
    fn skip_array_gaps(&mut self) -> Option<()> {
        loop {
            self.skip_spaces();
            if !(self.rest().starts_with(['#', '\n', '\r'])) || self.at_end() {
                return Some(());
            }
            self.line_end()?;
        }
    }

    /// `key = value`, from the key on.
    fn pair(&mut self) -> Option<(&'t str, Node<'t>)> {
        let key_len = (self.rest().bytes())
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
            .count();
        if key_len == 0 {
            return None;
        }
        let key = &self.rest()[..key_len];
        self.pos += key_len;
        self.skip_spaces();
        if !self.eat("=") {
            return None;
        }
        self.skip_spaces();
        Some((key, self.value()?))
    }

    fn value(&mut self) -> Option<Node<'t>> {
        let start = self.pos;
        let rest = self.rest();
        let value = if rest.starts_with(['"', '\'']) {
            let (text, used) = string(rest)?;
            self.pos += used;
            Value::Str(text)
        } else if self.eat("true") {
            Value::Bool(true)
        } else if self.eat("false") {
            Value::Bool(false)
        } else if rest.starts_with(|c: char| c.is_ascii_digit()) {
            Value::Int(self.integer()?)
        } else if self.depth < MAX_NESTING && self.eat("[") {
            self.depth += 1;
            let items = self.array()?;
            self.depth -= 1;
            Value::Array(items)
        } else if self.depth < MAX_NESTING && self.eat("{") {
            self.depth += 1;
            let table = self.inline_table()?;
            self.depth -= 1;
            Value::Table(table)
        } else {
            return None;
        };
        // What follows a value is a separator or a line end, never more of a word (`truex`).
        if (self.rest().bytes().next()).is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return None;
        }
        Some(Node {
            value,
            span: start..self.pos,
        })
    }

    /// A decimal integer without sign, underscores or leading zeros; a float, a date or any
    /// other form is left to the TOML parser.
    fn integer(&mut self) -> Option<i64> {
        let digits = self.rest().bytes().take_while(u8::is_ascii_digit).count();
        let text = &self.rest()[..digits];
        let next = self.rest()[digits..].bytes().next();
        if (text.len() > 1 && text.starts_with('0'))
            || next.is_some_and(|b| matches!(b, b'.' | b'_' | b'-' | b':' | b'e' | b'E'))
        {
            return None;
        }
        self.pos += digits;
        text.parse().ok()
    }

    /// The values of an array, after its `[`, up to and past its `]`.
    fn array(&mut self) -> Option<Vec<Node<'t>>> {
        let mut items = Vec::new();
        loop {
            self.skip_array_gaps()?;
            if self.eat("]") {
                return Some(items);
            }
            items.push(self.value()?);
            self.skip_array_gaps()?;
            if !self.eat(",") && !self.rest().starts_with(']') {
                return None;
            }
        }
    }

    /// The pairs of a one-line inline table, after its `{`, up to and past its `}`.
    fn inline_table(&mut self) -> Option<Entries<'t>> {
        let mut table = Vec::new();
        self.skip_spaces();
        if self.eat("}") {
            return Some(table);
        }
        loop {
            let (key, node) = self.pair()?;
            put(&mut table, key, node)?;
            self.skip_spaces();
            if self.eat("}") {
                return Some(table);
            }
            if !self.eat(",") {
                return None;
            }
            self.skip_spaces();
        }
    }
}

/// A value handed to a serde derive: a [`Spanned`] field gets its span, as from the TOML
/// parser.
impl<'de> Deserializer<'de> for Node<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Str(text) => visitor.visit_string(text),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Int(i) => visitor.visit_i64(i),
            Value::Array(items) => visitor.visit_seq(SeqDeserializer::new(items.into_iter())),
            Value::Table(entries) => visitor.visit_map(MapDeserializer::new(entries.into_iter())),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if is_spanned(name) {
            let span = self.span.clone();
            return visitor.visit_map(SpannedDeserializer::new(self, span));
        }
        self.deserialize_any(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

impl<'de, 't> IntoDeserializer<'de, Error> for Node<'t> {
    type Deserializer = Node<'t>;

    fn into_deserializer(self) -> Node<'t> {
        self
    }
}

/// A one-line basic (`"..."`) or literal (`'...'`) string, and the bytes it took.
fn string(text: &str) -> Option<(String, usize)> {
    if text.starts_with("\"\"\"") || text.starts_with("'''") {
        return None;
    }
    if let Some(body) = text.strip_prefix('\'') {
        let end = memchr::memchr2(b'\'', b'\n', body.as_bytes())?;
        let literal = &body[..end];
        if body.as_bytes()[end] == b'\n' {
            return None;
        }
        return Some((literal.to_string(), end + 2));
    }
    let body = text.strip_prefix('"')?;
    // The runs between escapes are copied whole: a pattern's string is mostly runs.
    let mut out = String::new();
    let mut at = 0;
    loop {
        let stop = at + memchr::memchr3(b'"', b'\\', b'\n', &body.as_bytes()[at..])?;
        out.push_str(&body[at..stop]);
        match body.as_bytes()[stop] {
            b'"' => return Some((out, stop + 2)),
            b'\n' => return None,
            _ => {}
        }
        let escape = body[stop + 1..].chars().next()?;
        at = stop + 1 + escape.len_utf8();
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
                let hex = body.get(at..at + digits)?;
                if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return None;
                }
                out.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
                at += digits;
            }
            _ => return None,
        }
    }
}

/// Whether `text` holds a character TOML allows only escaped: a control character other than
/// tab and the line ends (`\n`, `\r\n`), or a carriage return on its own.
fn has_forbidden_control(text: &str) -> bool {
    let bytes = text.as_bytes();
    let forbidden = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f;
    // Whole chunks without a branch per byte, which the compiler can vectorise.
    (bytes.chunks(64)).any(|chunk| chunk.iter().fold(false, |found, &b| found | forbidden(b)))
        || memchr::memchr_iter(b'\r', bytes).any(|at| bytes.get(at + 1) != Some(&b'\n'))
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
    fn reads_arrays_inline_tables_and_integers_as_toml_does() {
        let text = "[meta]\nname = \"m\"\nlanguages = [\"en\", \"de\"]\n\
            applies-when = '(?i)\\bx\\b'\n\n[[rule]]\nid = \"d\"\nkind = \"drop\"\n\
            pattern = \"^x$\"\nwithin-first = 12\nwithin-last = 0\nallow = [\n  \"a\", # one\n\
            \n  'b',\r\n]\nexamples = [\n  { input = \"x\\ny\", output = \"y\" },\n  \
            {output='z',input=\"z\"}\n]\n[[rule]]\nid = \"e\"\nexamples = []\nfind = []\n";
        assert!(same_as_toml(text));
    }

    /// The built-in rule files, which a small file's start-up reads, are read by the fast
    /// reader, and as the TOML parser reads them.
    #[test]
    fn reads_the_built_in_rule_files_as_toml_does() {
        for (name, text) in crate::builtin::FILES {
            assert!(same_as_toml(text), "{name}");
        }
    }

    #[test]
    fn gives_up_on_anything_else() {
        for text in [
            "extend = [\"x\"]\n",
            "[speakers]\nroster = []\n",
            "[[rule]]\nid = \"a\"\nid = \"b\"\n",
            "[[rule]]\nfnd = \"x\"\n",
            "[[rule]]\nid = \"\"\"x\"\"\"\n",
            "[[rule]]\nid = \"x\" y\n",
            "[[rule]]\nid = \"\\q\"\n",
            "[[rule]]\nid = 5\n",
            "[[rule]]\nenabled = truex\n",
            "[[rule]]\nwithin-last = 05\n",
            "[[rule]]\nwithin-last = 1_000\n",
            "[[rule]]\nwithin-last = 1.5\n",
            "[[rule]]\nwithin-last = -1\n",
            "[[rule]]\nwithin-last = +1\n",
            "[[rule]]\nwithin.last = 1\n",
            "[[rule]]\n\"id\" = \"x\"\n",
            "[[rule]]\nallow = [\"a\"\n",
            "[[rule]]\nallow = [\"a\" \"b\"]\n",
            "[[rule]]\nallow = [\"a\"]\r[\n",
            "[[rule]]\nexamples = [{ input = \"a\", output = \"b\", }]\n",
            "[[rule]]\nexamples = [{ input = \"a\",\n output = \"b\" }]\n",
            "[[rule]]\nexamples = [{ input = \"a\", input = \"b\" }]\n",
            "[[rule]]\nexamples = [{ input = \"a\" }]\n",
            "[[rule]]\nexamples = [{ input = \"a\", output = \"b\", x = \"c\" }]\n",
            "[[rule]]\nexamples = [\"a\"]\n",
            "[meta]\n[meta]\n",
            "[meta]\nlanguages = \"en\"\n",
            "[[rule]]\nallow = [[[[[\"a\"]]]]]\n",
            "[[rule]]\nx = {a = {b = {c = {d = {e = 1}}}}}\n",
        ] {
            assert!(parse(text).is_none(), "{text:?}");
        }
        // Nested past any rule file's needs: given up on, not recursed into.
        let deep = "[".repeat(100_000);
        assert!(parse(&format!("[[rule]]\nallow = {deep}\n")).is_none());
        assert!(parse(&format!("x = {deep}\n")).is_none());
    }

    proptest! {
        #[test]
        fn any_string_reads_back_as_toml_reads_it(
            s in "\\PC{0,12}|[\\x00-\\x7f]{0,12}|[a\\x{80}-\\x{9f}]{0,4}",
            b in any::<bool>(),
        ) {
            let text = format!(
                "[[rule]]\nid = {} # {}\nfind = [{}, '{}']\nenabled = {b}\n",
                crate::exceptions::toml_string(&s),
                s.replace(['\n', '\r'], ""),
                crate::exceptions::toml_string(&s),
                s.replace(['\'', '\n', '\r'], "")
            );
            match parse(&text) {
                Some(fast) => {
                    let slow: RawFile = toml::from_str(&text).unwrap();
                    prop_assert_eq!(format!("{fast:?}"), format!("{slow:?}"));
                }
                None => prop_assert!(toml::from_str::<RawFile>(&text).is_err(), "{text:?}"),
            }
        }

        /// Arrays over lines, with comments and blank lines between values, inline tables and
        /// integers: whatever the fast reader reads, it reads as the TOML parser does, and it
        /// reads every such file.
        #[test]
        fn any_array_and_table_reads_as_toml_reads_it(
            items in proptest::collection::vec("[a-z\\x{e9} ]{0,6}", 0..4),
            gaps in proptest::collection::vec(prop_oneof![
                Just(" "), Just(""), Just("\n"), Just("\r\n"), Just(" # note\n"), Just("\n\n  \t"),
            ], 8),
            n in 0usize..100_000,
        ) {
            let quoted: Vec<String> = items.iter().map(|i| crate::exceptions::toml_string(i)).collect();
            let mut list = String::from("[");
            for (nth, item) in quoted.iter().enumerate() {
                list.push_str(gaps[nth % gaps.len()]);
                list.push_str(item);
                list.push_str(gaps[(nth + 1) % gaps.len()]);
                list.push(',');
            }
            list.push_str(gaps[7]);
            list.push(']');
            let examples: Vec<String> = (items.iter())
                .map(|i| format!("{{ input = {0}, output={0} }}", crate::exceptions::toml_string(i)))
                .collect();
            let text = format!(
                "[meta]\nlanguages = {list}\n[[rule]]\nallow = {list}\nwithin-first = {n}\n\
                 examples = [{}{}]\n",
                gaps[3],
                examples.join(&format!(",{}", gaps[4])),
            );
            let slow: RawFile = toml::from_str(&text).unwrap();
            let fast = parse(&text);
            prop_assert!(fast.is_some(), "{text:?}");
            prop_assert_eq!(format!("{:?}", fast.unwrap()), format!("{slow:?}"));
        }
    }
}
