//! The lines a windowed `drop` rule removes, found by walking in from the document's ends: a
//! window of a few lines needs no look at the megabytes between them (issue 15).

use crate::text::{Line, lines_from};
use std::ops::Range;

/// The lines of `text` that end at or before byte `to` (a line end or the text's end), last
/// first, as [`crate::text::lines`] cuts them.
pub(super) fn lines_up(text: &str, to: usize) -> impl Iterator<Item = Line> + '_ {
    let bytes = text.as_bytes();
    let mut end = to;
    std::iter::from_fn(move || {
        if end == 0 {
            return None;
        }
        let terminated = bytes[end - 1] == b'\n';
        let before_newline = if terminated { end - 1 } else { end };
        let start = memchr::memrchr(b'\n', &bytes[..before_newline]).map_or(0, |i| i + 1);
        let content_end =
            if terminated && before_newline > start && bytes[before_newline - 1] == b'\r' {
                before_newline - 1
            } else {
                before_newline
            };
        let line = Line::new(start, content_end, end);
        end = start;
        Some(line)
    })
}

/// Walking `lines` in from one end of a document: the lines a window of `size` kept lines drops
/// (a matching line with fewer than `size` kept lines between it and that end; dropped lines do
/// not count), and the first line past the walked part (`None` if the walk took every line).
///
/// The walk stops at the first line with `size` more lines than matching lines between it and
/// the end: even if every matching line went, it and every line beyond would keep `size` lines
/// before them, so no window reaches them.
pub(super) fn window(
    lines: impl Iterator<Item = Line>,
    size: usize,
    mut matches: impl FnMut(&Line) -> bool,
) -> (Vec<Line>, Option<Line>) {
    let (mut dropped, mut matching) = (Vec::new(), 0);
    for (index, line) in lines.enumerate() {
        if index >= size + matching {
            return (dropped, Some(line));
        }
        if matches(&line) {
            matching += 1;
            if index - dropped.len() < size {
                dropped.push(line);
            }
        }
    }
    (dropped, None)
}

/// The paragraph (run of non-blank lines) holding `line`, from its first line's start to its
/// last line's end.
pub(super) fn paragraph_of(text: &str, line: &Line) -> Range<usize> {
    let non_blank = |l: &Line| !l.is_blank(text);
    let start = lines_up(text, line.full().start)
        .take_while(non_blank)
        .last()
        .map_or(line.full().start, |l| l.full().start);
    let end = lines_from(text, line.full().end)
        .take_while(non_blank)
        .last()
        .map_or(line.full().end, |l| l.full().end);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::lines;

    proptest::proptest! {
        /// The walk up cuts the lines [`lines`] cuts.
        #[test]
        fn the_walk_up_cuts_the_lines_of_the_text(text in "[a \r\n]{0,16}") {
            let all = lines(&text);
            let mut up: Vec<Line> = lines_up(&text, text.len()).collect();
            up.reverse();
            proptest::prop_assert_eq!(&up, &all);
        }
    }
}
