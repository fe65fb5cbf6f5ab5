//! Small text utilities shared by the rule kinds: lines, paragraphs, word boundaries, positions.
//!
//! Every rule kind works on byte offsets into one `&str`; keeping these helpers in one place means
//! "a line", "a paragraph" and "a word boundary" mean the same thing to every rule.

use std::ops::Range;
use std::sync::OnceLock;

/// One line of a text: its content (without terminator) and the full range including `\n` / `\r\n`.
///
/// Both ranges start at the line's start, which is kept once: a large document's line table is
/// about a tenth of the memory peak (issue 15), and 24 bytes a line instead of 32 took 3.6 MB
/// off the peak of the 100 MB benchmark file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    start: usize,
    content_end: usize,
    full_end: usize,
}

impl Line {
    /// The line from `start`: its content ends at `content_end`, its terminator at `full_end`.
    pub fn new(start: usize, content_end: usize, full_end: usize) -> Line {
        debug_assert!(start <= content_end && content_end <= full_end);
        Line {
            start,
            content_end,
            full_end,
        }
    }

    /// Byte range of the content, without the line terminator.
    pub fn content(&self) -> Range<usize> {
        self.start..self.content_end
    }

    /// Byte range including the terminator (equal to `content` on a last line without one).
    pub fn full(&self) -> Range<usize> {
        self.start..self.full_end
    }

    /// Whether the line holds nothing but spaces and tabs.
    pub fn is_blank(&self, text: &str) -> bool {
        text[self.content()]
            .bytes()
            .all(|b| b == b' ' || b == b'\t')
    }

    /// Whether the line ends with a terminator.
    pub fn has_terminator(&self) -> bool {
        self.full_end > self.content_end
    }
}

/// Splits `text` into lines; `\r\n` and `\n` both end a line, and a lone `\r` is content.
pub fn lines(text: &str) -> Vec<Line> {
    lines_from(text, 0).collect()
}

/// A set of a text's lines (indices into its lines), one bit a line.
///
/// The line table tells with each line whether it is blank and whether it opens with a digit:
/// the turn parse, the paragraph walks and the search for lead times ask this of line after
/// line. Asked of the text, each question read a line's first bytes again, long after the table
/// was built: on a large document, a cache miss a line or a turn, a fifth of each run that
/// settles it (issue 15). Told with the table, the bytes are still in the cache, and the bits
/// of 540,000 lines take 66 KB.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct LineSet {
    bits: Vec<u64>,
}

impl LineSet {
    /// Whether line `line` is in the set.
    pub fn contains(&self, line: usize) -> bool {
        self.bits
            .get(line / 64)
            .is_some_and(|word| word & (1 << (line % 64)) != 0)
    }

    /// The lines in the set, in order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        (self.bits.iter().enumerate()).flat_map(|(index, &word)| {
            let mut rest = word;
            std::iter::from_fn(move || {
                (rest != 0).then(|| {
                    let bit = rest.trailing_zeros() as usize;
                    rest &= rest - 1;
                    index * 64 + bit
                })
            })
        })
    }
}

/// A text's lines, with the sets of them the stages ask about.
#[derive(Debug, Default)]
struct LineTable {
    lines: Vec<Line>,
    /// Lines of nothing but spaces and tabs ([`Line::is_blank`]).
    blank: LineSet,
    /// Lines whose first character after spaces and tabs is an ASCII digit.
    digit_led: LineSet,
}

impl LineTable {
    /// Cuts `text` into lines as [`lines`] does, telling each line's sets while its bytes are
    /// still in the cache.
    fn of(text: &str) -> LineTable {
        let bytes = text.as_bytes();
        let mut lines = Vec::new();
        // Both sets' words of each 64 lines, side by side in one vector while the table
        // grows: a second growing vector beside the table's raised the 100 MB file's memory
        // peak by 4.5 MB (the allocator placed the table's growth worse).
        let mut words: Vec<[u64; 2]> = Vec::new();
        const BLANK: usize = 0;
        const DIGIT_LED: usize = 1;
        for line in lines_from(text, 0) {
            let index = lines.len();
            let content = &bytes[line.content()];
            // Blank as [`Line::is_blank`] tells it: nothing but spaces and tabs.
            let set = match content.iter().find(|&&b| b != b' ' && b != b'\t') {
                None => Some(BLANK),
                Some(first) if first.is_ascii_digit() => Some(DIGIT_LED),
                Some(_) => None,
            };
            if index % 64 == 0 {
                words.push([0, 0]);
            }
            if let Some(set) = set {
                words[index / 64][set] |= 1 << (index % 64);
            }
            lines.push(line);
        }
        let set = |which: usize| LineSet {
            bits: words.iter().map(|pair| pair[which]).collect(),
        };
        LineTable {
            blank: set(BLANK),
            digit_led: set(DIGIT_LED),
            lines,
        }
    }
}

/// The lines of `text` from byte `from` (a line start) on, as [`lines`] cuts them.
pub fn lines_from(text: &str, from: usize) -> impl Iterator<Item = Line> + '_ {
    let bytes = text.as_bytes();
    let mut start = from;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let line = match memchr_newline(&bytes[start..]) {
            Some(offset) => {
                let nl = start + offset;
                let content_end = if nl > start && bytes[nl - 1] == b'\r' {
                    nl - 1
                } else {
                    nl
                };
                Line::new(start, content_end, nl + 1)
            }
            None => Line::new(start, bytes.len(), bytes.len()),
        };
        start = line.full().end;
        Some(line)
    })
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(b'\n', bytes)
}

/// The text the rules of one stage scan, with what several of them need worked out at most once.
///
/// Boilerplate rules, the speaker parser, dedupe and whitespace all read the text line by line;
/// a stage's rules share one line table instead of each splitting the text again.
pub struct StageText<'a> {
    text: &'a str,
    /// The line table and verbatim lines worked out for this stage alone, unless `shared`.
    own: LineCache,
    /// The engine's, kept while its text stays the same.
    shared: Option<&'a LineCache>,
    /// The engine's parse of this very text, shared by the stages until the text changes.
    turns: Option<&'a crate::transcript::TurnCache>,
    /// The engine's record of which paragraphs repeat, kept through dedupe's own removals.
    repeats: Option<&'a crate::rules::dedupe::RepeatsCache>,
    /// The engine's record of where phrase gate words start, kept through its edits.
    gates: Option<&'a crate::rules::replace::GateCache>,
    /// A document, or a part of one, known to have no front matter or code fence: no line is
    /// verbatim, whatever the part's own first line looks like.
    plain_part: bool,
    /// A part of a document that goes on after it: its last blank lines are not the
    /// document's last, and where it ends the document does not.
    continues: bool,
    /// The line ending of the document a part was cut from (see [`line_ending`]).
    document_line_ending: Option<&'static str>,
}

impl<'a> StageText<'a> {
    pub fn new(text: &'a str) -> StageText<'a> {
        StageText {
            text,
            own: LineCache::default(),
            shared: None,
            turns: None,
            repeats: None,
            gates: None,
            plain_part: false,
            continues: false,
            document_line_ending: None,
        }
    }

    /// The whole blocks (see [`block_start`]) of `document` in `part`, a document that
    /// [`has_verbatim_markers`] found none in: scanned on their own, they must not take a `---`
    /// line they start with for front matter, nor blank lines they end with for the
    /// document's last.
    pub fn plain_part(document: &'a str, part: Range<usize>) -> StageText<'a> {
        StageText {
            plain_part: true,
            continues: part.end < document.len(),
            document_line_ending: Some(line_ending(document)),
            ..StageText::new(&document[part])
        }
    }

    /// Whether the document goes on after this text (a part of it, see
    /// [`StageText::plain_part`]).
    pub fn continues(&self) -> bool {
        self.continues
    }

    /// The line ending of the document this text is or was cut from (see [`line_ending`]).
    pub fn document_line_ending(&self) -> &'static str {
        self.document_line_ending
            .unwrap_or_else(|| line_ending(self.text))
    }

    /// The text with the engine's caches of it: they must hold nothing worked out from another
    /// text (the engine forgets or moves them whenever it changes the text). `plain`: the
    /// engine knows the text has no front matter or code fence, so no line is verbatim (on a
    /// large document, finding out line by line after each batch of edits cost 3 ms each
    /// time, issue 15).
    pub fn with_caches(text: &'a str, caches: &'a DocumentCaches, plain: bool) -> StageText<'a> {
        StageText {
            shared: Some(&caches.lines),
            turns: Some(&caches.turns),
            repeats: Some(&caches.repeats),
            gates: Some(&caches.gates),
            plain_part: plain,
            ..StageText::new(text)
        }
    }

    /// The engine's record of where phrase gate words start, when it keeps one.
    pub fn gate_cache(&self) -> Option<&'a crate::rules::replace::GateCache> {
        self.gates
    }

    /// The engine's record of which paragraphs repeat, when it keeps one.
    pub fn repeats_cache(&self) -> Option<&'a crate::rules::dedupe::RepeatsCache> {
        self.repeats
    }

    /// The cache of this text's turns, when the engine keeps one.
    pub fn turn_cache(&self) -> Option<&'a crate::transcript::TurnCache> {
        self.turns
    }

    pub fn as_str(&self) -> &'a str {
        self.text
    }

    /// The lines of the text (see [`lines`]).
    pub fn lines(&self) -> &[Line] {
        &self.line_table().lines
    }

    /// Which of [`StageText::lines`] are blank ([`Line::is_blank`]).
    pub fn blank_lines(&self) -> &LineSet {
        &self.line_table().blank
    }

    /// Which of [`StageText::lines`] open with an ASCII digit after any spaces and tabs.
    pub fn digit_led_lines(&self) -> &LineSet {
        &self.line_table().digit_led
    }

    /// The paragraphs of the text (see [`paragraphs`]).
    pub fn paragraphs(&self) -> Vec<Range<usize>> {
        let blank = self.blank_lines();
        paragraphs_by(self.lines().len(), |index| blank.contains(index))
    }

    fn line_table(&self) -> &LineTable {
        self.line_cache()
            .lines
            .get_or_init(|| LineTable::of(self.text))
    }

    /// Per line, whether it is front matter or inside a code fence (see [`verbatim_lines`]).
    pub fn verbatim(&self) -> &[bool] {
        self.line_cache().verbatim.get_or_init(|| {
            if self.plain_part {
                // A whole document the engine knows is plain reads as such line by line too.
                debug_assert!(
                    self.shared.is_none()
                        || !verbatim_lines(self.text, self.lines()).contains(&true),
                    "a document the engine took for plain has verbatim lines"
                );
                vec![false; self.lines().len()]
            } else {
                verbatim_lines(self.text, self.lines())
            }
        })
    }

    fn line_cache(&self) -> &LineCache {
        self.shared.unwrap_or(&self.own)
    }
}

/// What the engine keeps of its text's lines while the text stays the same: the line table
/// and which lines are verbatim. Most stages read them, and in the runs that settle a large
/// document most stages change nothing, yet each built them again for its own text (issue 15).
#[derive(Debug, Default)]
pub struct LineCache {
    lines: OnceLock<LineTable>,
    verbatim: OnceLock<Vec<bool>>,
}

impl LineCache {
    /// Forgets the lines: to be called whenever the text changes.
    pub fn forget(&mut self) {
        *self = LineCache::default();
    }
}

/// Built once: `memmem::find` builds a searcher per call, which costs more than searching a
/// line or a paragraph (issue 15).
static DOUBLE_SPACE: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b"  "));

/// Whether `bytes` hold two spaces in a row.
pub(crate) fn has_double_space(bytes: &[u8]) -> bool {
    DOUBLE_SPACE.find(bytes).is_some()
}

/// What the engine keeps of its current text between stages: each part is forgotten, or moved
/// through the edits, whenever the text changes.
#[derive(Debug, Default)]
pub struct DocumentCaches {
    pub lines: LineCache,
    pub turns: crate::transcript::TurnCache,
    pub repeats: crate::rules::dedupe::RepeatsCache,
    pub gates: crate::rules::replace::GateCache,
}

impl DocumentCaches {
    /// Notes a batch of `edits` (sorted, not overlapping, in the coordinates of the text
    /// before them), which made `text`.
    pub fn edited(&mut self, text: &str, edits: &[crate::rules::Edit]) {
        self.lines.forget();
        self.turns.edited(text, edits);
        self.repeats.edited(text, edits);
        self.gates.edited(text, edits);
    }
}

/// Whether `text` may have lines [`verbatim_lines`] keeps as written: it opens with a `---`
/// line, or holds a code fence marker anywhere. Without them, no line of the text or of any
/// part of it is verbatim.
pub fn has_verbatim_markers(text: &str) -> bool {
    let first = &text[..text.find('\n').unwrap_or(text.len())];
    first.trim_end() == "---" || has_fence_marker(text.as_bytes())
}

/// Whether `bytes` hold "```" or "~~~": one search for either byte instead of one for each
/// marker (two passes over a large document that has neither, issue 15).
fn has_fence_marker(bytes: &[u8]) -> bool {
    memchr::memchr2_iter(b'`', b'~', bytes).any(|at| {
        bytes
            .get(at..at + 3)
            .is_some_and(|three| three.iter().all(|&b| b == bytes[at]))
    })
}

/// Where the block holding byte `pos` starts. A block is a paragraph with the blank lines
/// after it: blocks start at the text's start and at each non-blank line after a blank one,
/// blank meaning nothing but spaces and tabs before the terminator (so blank both for
/// [`paragraphs`] and for [`paragraph_around`]). No paragraph, paragraph context or line
/// crosses a block's edge.
pub fn block_start(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let mut start = line_start(bytes, pos.min(bytes.len()));
    while start > 0 {
        let previous = line_start(bytes, start - 1);
        if !blank_line_at(text, start) && blank_line_at(text, previous) {
            break;
        }
        start = previous;
    }
    start
}

/// Where the block holding byte `pos` ends: the start of the next block, or the text's end.
pub fn block_end(text: &str, pos: usize) -> usize {
    let bytes = text.as_bytes();
    let mut line = line_start(bytes, pos.min(bytes.len()));
    loop {
        let end = line_end(bytes, line);
        if end + 1 >= bytes.len() {
            return bytes.len();
        }
        let next = end + 1;
        if !blank_line_at(text, next) && blank_line_at(text, line) {
            return next;
        }
        line = next;
    }
}

/// Whether the line starting at `start` holds only spaces and tabs (see [`Line::is_blank`]);
/// past the text's end there is only an empty line.
fn blank_line_at(text: &str, start: usize) -> bool {
    lines_from(text, start)
        .next()
        .is_none_or(|line| line.is_blank(text))
}

/// The line terminator a document uses: `\r\n` if its first line ends so, else `\n`.
pub fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// Paragraphs: maximal runs of non-blank lines, as indices into `lines`.
pub fn paragraphs(text: &str, lines: &[Line]) -> Vec<Range<usize>> {
    paragraphs_by(lines.len(), |index| lines[index].is_blank(text))
}

/// Paragraphs of `count` lines, `is_blank` telling which are blank.
fn paragraphs_by(count: usize, is_blank: impl Fn(usize) -> bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut current: Option<usize> = None;
    for index in 0..count {
        match (is_blank(index), current) {
            (false, None) => current = Some(index),
            (true, Some(first)) => {
                out.push(first..index);
                current = None;
            }
            _ => {}
        }
    }
    if let Some(first) = current {
        out.push(first..count);
    }
    out
}

/// How many lines either side of a match a paragraph context reaches at most.
pub const CONTEXT_LINES: usize = 10;

/// The byte range of the paragraph (run of non-blank lines) around `range`, reaching at most
/// [`CONTEXT_LINES`] lines either side.
///
/// Used by context guards: a `when` pattern is evaluated on this text, so that "treaty" three
/// sentences earlier in the same paragraph still counts, but a different paragraph does not.
/// The cap keeps a guard's cost bounded on documents with no blank lines at all (a rev.com
/// transcript is one 40 KB "paragraph"), where the whole document would otherwise count.
pub fn paragraph_around(text: &str, range: Range<usize>) -> Range<usize> {
    let bytes = text.as_bytes();
    let mut start = range.start.min(bytes.len());
    // Walk back line by line until the previous line is blank.
    start = line_start(bytes, start);
    for _ in 0..CONTEXT_LINES {
        if start == 0 {
            break;
        }
        let prev_start = line_start(bytes, start - 1);
        if is_blank_bytes(&bytes[prev_start..start]) {
            break;
        }
        start = prev_start;
    }
    let mut end = range.end.max(range.start).min(bytes.len());
    end = line_end(bytes, end);
    for _ in 0..CONTEXT_LINES {
        if end >= bytes.len() {
            break;
        }
        let next_end = line_end(bytes, end + 1);
        if is_blank_bytes(&bytes[end + 1..next_end]) {
            break;
        }
        end = next_end;
    }
    start..end
}

/// Where the line holding byte `pos` (or ending just before it) starts.
pub(crate) fn line_start(bytes: &[u8], pos: usize) -> usize {
    memchr::memrchr(b'\n', &bytes[..pos]).map_or(0, |i| i + 1)
}

/// Where the line holding byte `pos` ends: its line break, or the text's end.
pub(crate) fn line_end(bytes: &[u8], pos: usize) -> usize {
    memchr::memchr(b'\n', &bytes[pos..]).map_or(bytes.len(), |i| pos + i)
}

fn is_blank_bytes(line: &[u8]) -> bool {
    line.iter()
        .all(|&b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// Lines whose layout is meaning: YAML front matter and fenced code blocks (fences included).
pub fn verbatim_lines(text: &str, lines: &[Line]) -> Vec<bool> {
    let content = |i: usize| text[lines[i].content()].trim_end();
    let mut verbatim = vec![false; lines.len()];
    let mut index = 0;
    let front_matter_end = (!lines.is_empty() && content(0) == "---")
        .then(|| (1..lines.len()).find(|&i| matches!(content(i), "---" | "...")))
        .flatten();
    if let Some(end) = front_matter_end {
        verbatim[..=end].fill(true);
        index = end + 1;
    }
    let mut fence: Option<&str> = None;
    while index < lines.len() {
        let trimmed = content(index).trim_start();
        let marker = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m));
        match (fence, marker) {
            (None, Some(m)) => fence = Some(m),
            (Some(open), Some(m)) if open == m => {
                verbatim[index] = true;
                fence = None;
            }
            _ => {}
        }
        verbatim[index] |= fence.is_some();
        index += 1;
    }
    verbatim
}

/// The smallest edit that turns `before` (found at byte `offset`) into `after`: the common
/// start and end are left out, so a review shows what changed, not the whole span.
pub fn minimal_edit(offset: usize, before: &str, after: &str) -> Option<(Range<usize>, String)> {
    if before == after {
        return None;
    }
    let prefix = before
        .char_indices()
        .zip(after.chars())
        .find(|((_, x), y)| x != y)
        .map_or(before.len().min(after.len()), |((i, _), _)| i);
    let suffix: usize = before[prefix..]
        .chars()
        .rev()
        .zip(after[prefix..].chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    Some((
        offset + prefix..offset + before.len() - suffix,
        after[prefix..after.len() - suffix].to_string(),
    ))
}

/// Where the first byte outside ASCII in `bytes` is. A chunk at a time: `<[u8]>::is_ascii`
/// reads a word at once where a search for the byte reads one byte at a time, and most lines
/// are ASCII but for a few curly quotes (issue 15).
pub fn first_non_ascii(bytes: &[u8]) -> Option<usize> {
    const CHUNK: usize = 32;
    let mut at = 0;
    while at < bytes.len() {
        let end = (at + CHUNK).min(bytes.len());
        if !bytes[at..end].is_ascii() {
            return (bytes[at..end].iter())
                .position(|b| !b.is_ascii())
                .map(|offset| at + offset);
        }
        at = end;
    }
    None
}

/// Whether `c` belongs to a word, for word-boundary checks (letters, digits, marks, `_`).
/// Zero-width joiners and non-joiners count too: they sit inside words (Persian, Indic scripts,
/// emoji), so a word does not end at them.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || c == '_'
        || (!c.is_ascii()
            && (unicode_normalization::char::is_combining_mark(c)
                || matches!(c, '\u{200C}' | '\u{200D}')))
}

/// The maximal runs of word characters ([`is_word_char`]) of `text`, in order; ASCII is read
/// byte by byte without decoding, which is most of a transcript.
pub fn word_runs_of(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    // The width of the character at `i` and whether it is a word character.
    let char_at = move |i: usize| match bytes[i] {
        b if b.is_ascii() => (1, b.is_ascii_alphanumeric() || b == b'_'),
        _ => text[i..]
            .chars()
            .next()
            .map_or((1, false), |c| (c.len_utf8(), is_word_char(c))),
    };
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let (width, word) = char_at(at);
            if word {
                break;
            }
            at += width;
        }
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        while at < bytes.len() {
            let (width, word) = char_at(at);
            if !word {
                break;
            }
            at += width;
        }
        Some(start..at)
    })
}

/// Whether `range` in `text` starts and ends on word boundaries.
///
/// A side only needs a boundary where the match itself has a word character there, so that a
/// phrase such as `"Mr."` may be followed directly by a letter.
pub fn is_word_bounded(text: &str, range: Range<usize>) -> bool {
    let matched = &text[range.clone()];
    let first_is_word = matched.chars().next().is_some_and(is_word_char);
    let last_is_word = matched.chars().next_back().is_some_and(is_word_char);
    let before_ok = !first_is_word
        || !text[..range.start]
            .chars()
            .next_back()
            .is_some_and(is_word_char);
    let after_ok = !last_is_word || !text[range.end..].chars().next().is_some_and(is_word_char);
    before_ok && after_ok && !inside_word(text, range.start) && !inside_word(text, range.end)
}

/// Whether byte `at` falls inside one word that an apostrophe holds together: `doesn|'t`,
/// `doesn'|t`, `rock'n'|roll`, by Unicode word boundaries (UAX #29, where `'` between letters
/// is inside the word). A hyphen stays a boundary, as UAX #29 has it: rule files correct
/// parts of compounds (`pro-Russian`).
pub fn inside_word(text: &str, at: usize) -> bool {
    if at == 0 || at >= text.len() {
        return false;
    }
    let mut before = text[..at].chars().rev();
    let mut after = text[at..].chars();
    let (Some(b), Some(a)) = (before.next(), after.next()) else {
        return false;
    };
    let joined = (is_word_char(b) && is_apostrophe(a) && after.next().is_some_and(is_word_char))
        || (is_apostrophe(b) && is_word_char(a) && before.next().is_some_and(is_word_char));
    // An English clitic after a whole word is a boundary a correction may stop at
    // (`Oliver stone|'s` → `Oliver Stone's`); `doesn|'t` and `rock|'n'roll` are not.
    let clitic = is_word_char(b) && is_apostrophe(a) && {
        let rest: String = text[at + a.len_utf8()..]
            .chars()
            .take_while(|&c| is_word_char(c))
            .collect();
        matches!(rest.as_str(), "s" | "S" | "ll" | "re" | "ve" | "d" | "m")
    };
    joined && !clitic && !is_uax29_boundary(text, at)
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// Whether `at` is a word boundary by UAX #29, judged on the words around it (a boundary
/// depends on a few characters either side; the window starts after a space, where one is).
fn is_uax29_boundary(text: &str, at: usize) -> bool {
    use unicode_segmentation::UnicodeSegmentation;
    let from = floor_char_boundary(text, at.saturating_sub(64));
    let start = text[from..at].rfind(char::is_whitespace).map_or(from, |i| {
        from + i + text[from + i..].chars().next().map_or(1, char::len_utf8)
    });
    let mut end = (at + 64).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    text[start..end]
        .split_word_bound_indices()
        .any(|(i, _)| start + i == at)
}

/// Maps byte offsets of one text to 1-based line and column (columns count characters).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Inside lines longer than [`COLUMN_MARK_EVERY`] bytes: (byte offset, column there less
    /// one). A column is counted from the nearest mark, not from its line's start, so a document
    /// that is one long line with many changes is not quadratic.
    marks: Vec<(usize, usize)>,
}

/// How many bytes of a long line a column lookup may count at most.
const COLUMN_MARK_EVERY: usize = 4096;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        // A vectorised search, not a look at every byte: each built-in rule file gets an index
        // when `check` starts (1% of it on one small file), and `diff` one of the whole
        // document (issue 15).
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let mut marks = Vec::new();
        let ends = starts.iter().skip(1).map(|&s| s - 1).chain([text.len()]);
        for (&start, end) in starts.iter().zip(ends) {
            let (mut pos, mut column) = (start, 0);
            while pos + COLUMN_MARK_EVERY < end {
                let next = floor_char_boundary(text, pos + COLUMN_MARK_EVERY);
                column += text[pos..next].chars().count();
                marks.push((next, column));
                pos = next;
            }
        }
        LineIndex { starts, marks }
    }

    /// The 1-based line holding byte `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    /// 1-based line and column (in characters) of byte `offset` in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        let start = self.starts[line - 1];
        let offset = floor_char_boundary(text, offset);
        let (from, column) = match self.marks.partition_point(|&(m, _)| m <= offset) {
            0 => (start, 0),
            i if self.marks[i - 1].0 < start => (start, 0),
            i => self.marks[i - 1],
        };
        (line, column + text[from..offset].chars().count() + 1)
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.saturating_sub(1).min(self.starts.len() - 1)]
    }
}

/// The character boundary of `text` at or before `offset` (the text's end past it). The
/// standard library's own is newer than the crate's minimum Rust.
pub(crate) fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The character boundary of `text` at or after `offset` (the text's end past it).
pub(crate) fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

#[cfg(test)]
mod tests {

    proptest::proptest! {
        /// One search for either marker byte finds a fence where a search for each marker does.
        #[test]
        fn fence_markers_are_found_as_by_searching_each(text in "[`~a\n]{0,12}") {
            let each = text.contains("```") || text.contains("~~~");
            proptest::prop_assert_eq!(super::has_fence_marker(text.as_bytes()), each);
        }

        /// The blank and digit-led lines the line table tells are those a look at each line
        /// finds, on texts of up to 160 lines (past a word of bits) of spaces, tabs, `\r`, a
        /// digit and a multi-byte character; and the paragraphs worked out from them are the
        /// walk of the lines'.
        #[test]
        fn the_line_table_tells_blank_and_digit_led_lines(
            lines in proptest::collection::vec("[ \t\r]{0,2}|[ \ta7\u{e9}]{1,3}", 0..160)
        ) {
            let text = lines.join("\n");
            let stage_text = super::StageText::new(&text);
            let lines = super::lines(&text);
            proptest::prop_assert_eq!(stage_text.lines(), &lines[..]);
            let digit_led = |line: &super::Line| {
                text[line.content()]
                    .trim_start_matches([' ', '\t'])
                    .starts_with(|c: char| c.is_ascii_digit())
            };
            for (index, line) in lines.iter().enumerate() {
                proptest::prop_assert_eq!(
                    stage_text.blank_lines().contains(index),
                    line.is_blank(&text)
                );
                proptest::prop_assert_eq!(stage_text.digit_led_lines().contains(index), digit_led(line));
            }
            proptest::prop_assert!(!stage_text.blank_lines().contains(lines.len()));
            let blank: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].is_blank(&text)).collect();
            proptest::prop_assert_eq!(stage_text.blank_lines().iter().collect::<Vec<_>>(), blank);
            let led: Vec<usize> = (0..lines.len()).filter(|&i| digit_led(&lines[i])).collect();
            proptest::prop_assert_eq!(stage_text.digit_led_lines().iter().collect::<Vec<_>>(), led);
            proptest::prop_assert_eq!(stage_text.paragraphs(), super::paragraphs(&text, &lines));
        }
    }

    #[test]
    fn the_first_byte_outside_ascii_is_found_in_any_chunk() {
        assert_eq!(first_non_ascii(b""), None);
        assert_eq!(first_non_ascii("plain text".repeat(20).as_bytes()), None);
        for at in [0, 1, 31, 32, 33, 63, 64, 100] {
            let text = format!("{}’ and é", "x".repeat(at));
            assert_eq!(first_non_ascii(text.as_bytes()), Some(at), "{at}");
        }
    }

    #[test]
    fn apostrophes_and_hyphens_inside_a_word_are_inside_it() {
        use super::{inside_word, is_word_bounded};
        let text = "It doesn't matter, rock'n'roll, far-left, 'quoted' words.";
        let at = |needle: &str| text.find(needle).unwrap();
        // `doesn'` and `doesn` end inside "doesn't".
        assert!(!is_word_bounded(text, at("doesn")..at("doesn") + 6));
        assert!(!is_word_bounded(text, at("doesn")..at("doesn") + 5));
        assert!(is_word_bounded(text, at("doesn")..at("doesn") + 7));
        assert!(!is_word_bounded(text, at("rock")..at("rock") + 4));
        assert!(is_word_bounded(text, at("far")..at("far") + 3));
        // A possessive or other English clitic after a whole word is a boundary.
        assert!(is_word_bounded("Oliver stone's film", 0..12));
        assert!(!is_word_bounded("they can't", 5..8));
        // A quote around a word is not part of it.
        assert!(is_word_bounded(text, at("quoted")..at("quoted") + 6));
        assert!(!inside_word(text, at("'quoted") + 1));
        assert!(is_word_bounded("Mr.Smith", 0..3));
    }

    #[test]
    fn word_runs_are_maximal_runs_of_word_characters() {
        let text = "Don't stop_me, Ünter 42—x";
        let runs: Vec<&str> = word_runs_of(text).map(|r| &text[r]).collect();
        assert_eq!(runs, ["Don", "t", "stop_me", "Ünter", "42", "x"]);
        assert_eq!(word_runs_of("").count(), 0);
        assert_eq!(word_runs_of(" ,. ").count(), 0);
    }

    use super::*;

    #[test]
    fn lines_keep_terminators_and_a_last_unterminated_line() {
        let text = "a\r\nbb\n\nc";
        let got: Vec<_> = lines(text)
            .iter()
            .map(|l| (&text[l.content()], &text[l.full()]))
            .collect();
        assert_eq!(
            got,
            vec![("a", "a\r\n"), ("bb", "bb\n"), ("", "\n"), ("c", "c")]
        );
    }

    #[test]
    fn paragraphs_are_runs_of_non_blank_lines() {
        let text = "a\nb\n  \nc\n\n\nd\n";
        let ls = lines(text);
        assert_eq!(paragraphs(text, &ls), vec![0..2, 3..4, 6..7]);
    }

    #[test]
    fn paragraph_around_stops_at_blank_lines() {
        let text = "one\n\ntwo a\ntwo b\n\nthree";
        let at = text.find("a\n").unwrap();
        assert_eq!(&text[paragraph_around(text, at..at + 1)], "two a\ntwo b");
        assert_eq!(&text[paragraph_around(text, 0..3)], "one");
        let last = text.len() - 1;
        assert_eq!(&text[paragraph_around(text, last..last)], "three");
    }

    #[test]
    fn paragraph_around_reaches_a_bounded_number_of_lines() {
        let text = (0..30).map(|i| format!("line {i}\n")).collect::<String>();
        let at = text.find("line 15").unwrap();
        let context = &text[paragraph_around(&text, at..at + 4)];
        assert!(
            context.starts_with("line 5\n") && context.ends_with("line 25"),
            "{context}"
        );
    }

    #[test]
    fn word_bounds() {
        assert!(is_word_bounded("the Dombas line", 4..10));
        assert!(!is_word_bounded("Dombasle", 0..6));
        assert!(!is_word_bounded("xDombas", 1..7));
        assert!(is_word_bounded("Mr.Smith", 0..3));
    }

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\n\u{a0}x";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), (1, 1));
        assert_eq!(index.line_col(text, 3), (2, 1));
        assert_eq!(index.line_col(text, 5), (2, 2));
    }

    #[test]
    fn columns_on_long_lines_match_counting_from_the_line_start() {
        let line = "é ab\u{a0}".repeat(3000);
        let text = format!("{line}\nshort\n{line}");
        let index = LineIndex::new(&text);
        for offset in (0..text.len()).step_by(997).chain([text.len()]) {
            let line = index.line(offset);
            let start = index.line_start(line);
            let at = floor_char_boundary(&text, offset);
            let naive = text[start..at].chars().count() + 1;
            assert_eq!(index.line_col(&text, offset), (line, naive), "{offset}");
        }
    }

    #[test]
    fn minimal_edits_leave_out_the_common_ends() {
        assert_eq!(
            minimal_edit(10, "Name: (00:41)", "Name:"),
            Some((15..23, String::new()))
        );
        assert_eq!(minimal_edit(0, "abc", "abc"), None);
        assert_eq!(minimal_edit(0, "aXc", "aYYc"), Some((1..2, "YY".into())));
        assert_eq!(minimal_edit(0, "aa", "aaa"), Some((2..2, "a".into())));
    }

    #[test]
    fn detects_crlf() {
        assert_eq!(line_ending("a\r\nb"), "\r\n");
        assert_eq!(line_ending("a\nb\r\n"), "\n");
    }
}
