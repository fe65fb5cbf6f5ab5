//! `drop`: removes whole lines, paragraphs, or everything from a footer line to the end.
//!
//! Boilerplate is line-shaped ("Get short URL", "Published at www.rev.com"), so this kind matches
//! the trimmed text of each line and removes whole units: it never leaves half a line behind.

use super::required::RequiredLiterals;
use super::{
    Compiled, KindRule, KindSpec, LazyRegex, Reach, RuleError, Safety, Span, Stage, choice,
    required,
};
use crate::raw::RawRule;
use crate::text::{Line, StageText, lines_from};
use std::ops::Range;
use std::sync::Arc;

mod ends;

pub static SPEC: KindSpec = KindSpec {
    name: "drop",
    stage: Stage::Boilerplate,
    safety: Safety::Safe,
    summary: "Remove lines or paragraphs that match (site boilerplate, footers)",
    docs: "\
What it does: removes every non-blank line whose text, with leading and trailing whitespace
trimmed, matches `pattern`. `scope = \"paragraph\"` removes the whole paragraph around such a line,
`scope = \"to-end\"` removes everything from the first such line to the end of the document.
`within-first = N` / `within-last = N` only look at the first or last N lines (both: either);
lines the rule drops do not count, so that what it leaves has no matching line in its window
and cleaning again drops nothing more.

Why: site boilerplate (share buttons, datelines, \"READ MORE\" links, comment widgets) is whole
lines; removing whole lines keeps what is left readable and the change easy to review.

Example:
    [[rule]]
    id = \"sputnik-short-url\"
    kind = \"drop\"
    pattern = '^Get short URL$'
    examples = [{ input = \"Title\\nGet short URL\\nText\\n\", output = \"Title\\nText\\n\" }]",
    options: &[
        ("pattern", "regex matched against each trimmed line"),
        ("scope", "line (default) | paragraph | to-end"),
        ("within-first", "only look at the first N lines it keeps"),
        ("within-last", "only look at the last N lines it keeps"),
    ],
    compile,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Line,
    Paragraph,
    ToEnd,
}

#[derive(Debug)]
struct DropRule {
    pattern: LazyRegex,
    /// Literals every match contains: only the lines holding one are tested against `pattern`.
    required: Option<RequiredLiterals>,
    scope: Scope,
    within_first: Option<usize>,
    within_last: Option<usize>,
}

fn compile(raw: &RawRule, span: Span) -> Result<Compiled, RuleError> {
    let pattern = required(raw.pattern.as_ref(), "pattern", "drop", &span)?;
    let scope = match choice(
        raw.scope.as_ref(),
        "scope",
        &["line", "paragraph", "to-end"],
        "line",
    )? {
        "paragraph" => Scope::Paragraph,
        "to-end" => Scope::ToEnd,
        _ => Scope::Line,
    };
    let pattern = LazyRegex::new(pattern, "pattern")?;
    Ok(Compiled::Scanner(Arc::new(DropRule {
        required: RequiredLiterals::of_literals(pattern.inner_literals()),
        pattern,
        scope,
        within_first: raw.within_first.as_ref().map(|v| *v.get_ref()),
        within_last: raw.within_last.as_ref().map(|v| *v.get_ref()),
    })))
}

impl DropRule {
    /// The lines whose trimmed text matches the pattern, in order.
    fn matching(&self, text: &str, lines: &[Line]) -> Vec<usize> {
        // A text without the pattern's literals has no line to match (and the pattern is not
        // compiled for it).
        let Some(pattern) = self.pattern.for_haystack(text) else {
            return Vec::new();
        };
        let matches = |i: usize| {
            !lines[i].is_blank(text) && pattern.is_match(text[lines[i].content()].trim())
        };
        let Some(required) = &self.required else {
            return (0..lines.len()).filter(|&i| matches(i)).collect();
        };
        // Only a line holding one of the literals can match; the starts found are in order.
        let mut found = Vec::new();
        for start in required.starts(text) {
            let line = lines.partition_point(|l| l.full().end <= start);
            if found.last() != Some(&line) && line < lines.len() && matches(line) {
                found.push(line);
            }
        }
        found
    }

    /// The indexes of the lines to drop, in order.
    ///
    /// With a window, lines the rule drops do not count towards it: a dropped line lets the
    /// next one into the window, so lines are added until the window holds no matching line.
    /// Otherwise each cleaning would drop one more line, and cleaning twice would change more
    /// than cleaning once.
    fn dropped(&self, text: &str, lines: &[Line]) -> Vec<usize> {
        let matches = self.matching(text, lines);
        if self.within_first.is_none() && self.within_last.is_none() {
            return matches;
        }
        let mut dropped: Vec<usize> = Vec::new();
        loop {
            let before = dropped.len();
            for &line in &matches {
                if dropped.contains(&line) {
                    continue;
                }
                let dropped_before = dropped.iter().filter(|&&d| d < line).count();
                let dropped_after = dropped.len() - dropped_before;
                let kept_before = line - dropped_before;
                let kept_after = lines.len() - 1 - line - dropped_after;
                if self.within_first.is_some_and(|n| kept_before < n)
                    || self.within_last.is_some_and(|n| kept_after < n)
                {
                    dropped.push(line);
                }
            }
            if dropped.len() == before {
                dropped.sort_unstable();
                return dropped;
            }
        }
    }

    /// The lines a windowed rule drops, found by walking in from the document's ends (see
    /// [`ends::window`]), in order; `None` without a window, or when the walks from both ends
    /// meet (a short text), where [`DropRule::dropped`] looks at every line.
    ///
    /// Where the walks do not meet, no line of the head can be in the last lines' window nor
    /// one of the tail in the first lines', and a line between them is in neither: what the
    /// window of every line looks at, `dropped` would find too.
    fn dropped_near_ends(&self, text: &str) -> Option<Vec<Line>> {
        let matches = |line: &Line| {
            !line.is_blank(text) && self.pattern.is_match(text[line.content()].trim())
        };
        if self.within_first.is_none() && self.within_last.is_none() {
            return None;
        }
        let (mut head, head_end) = match self.within_first {
            Some(size) => {
                let (dropped, stop) = ends::window(lines_from(text, 0), size, matches);
                (dropped, stop?.full().start)
            }
            None => (Vec::new(), 0),
        };
        let (mut tail, tail_start) = match self.within_last {
            Some(size) => {
                let (dropped, stop) = ends::window(ends::lines_up(text, text.len()), size, matches);
                (dropped, stop?.full().end)
            }
            None => (Vec::new(), text.len()),
        };
        if head_end > tail_start {
            return None;
        }
        tail.reverse();
        head.append(&mut tail);
        Some(head)
    }

    /// What [`KindRule::scan`] emits for the `dropped` lines [`DropRule::dropped_near_ends`]
    /// found.
    fn emit_near_ends(
        &self,
        text: &str,
        dropped: &[Line],
        emit: &mut dyn FnMut(Range<usize>, String),
    ) {
        match self.scope {
            Scope::Line => {
                for line in dropped {
                    emit(line.full(), String::new());
                }
            }
            Scope::ToEnd => {
                if let Some(line) = dropped.first() {
                    emit(line.full().start..text.len(), String::new());
                }
            }
            Scope::Paragraph => {
                // In order, so that lines of one paragraph come together.
                let mut last: Option<Range<usize>> = None;
                for line in dropped {
                    let paragraph = ends::paragraph_of(text, line);
                    if last.as_ref() != Some(&paragraph) {
                        emit(paragraph.clone(), String::new());
                        last = Some(paragraph);
                    }
                }
            }
        }
    }

    /// [`KindRule::scan`] with every line looked at.
    fn scan_every_line(&self, stage_text: &StageText, emit: &mut dyn FnMut(Range<usize>, String)) {
        let (text, lines) = (stage_text.as_str(), stage_text.lines());
        let matching = self
            .dropped(text, lines)
            .into_iter()
            .map(|index| (index, &lines[index]));
        match self.scope {
            Scope::Line => {
                for (_, line) in matching {
                    emit(line.full(), String::new());
                }
            }
            Scope::ToEnd => {
                if let Some((_, line)) = matching.into_iter().next() {
                    emit(line.full().start..text.len(), String::new());
                }
            }
            Scope::Paragraph => {
                // Both in line order: one walk, not a look at every hit per paragraph.
                let mut hits = matching.map(|(index, _)| index).peekable();
                for paragraph in stage_text.paragraphs() {
                    while hits.next_if(|&i| i < paragraph.start).is_some() {}
                    if hits.peek().is_some_and(|i| paragraph.contains(i)) {
                        let start = lines[paragraph.start].full().start;
                        let end = lines[paragraph.end - 1].full().end;
                        emit(start..end, String::new());
                    }
                }
            }
        }
    }
}

impl KindRule for DropRule {
    /// Each line is matched on its own and a paragraph is a block's; a window (counted from
    /// the document's ends) and `to-end` need the document.
    fn reach(&self) -> Reach {
        let windowed = self.within_first.is_some() || self.within_last.is_some();
        if windowed || self.scope == Scope::ToEnd {
            Reach::Document
        } else {
            Reach::Block
        }
    }

    fn scan(&self, stage_text: &StageText, emit: &mut dyn FnMut(Range<usize>, String)) {
        let text = stage_text.as_str();
        match self.dropped_near_ends(text) {
            Some(dropped) => self.emit_near_ends(text, &dropped, emit),
            None => self.scan_every_line(stage_text, emit),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(pattern: &str, scope: Scope, first: Option<usize>, last: Option<usize>) -> DropRule {
        DropRule {
            pattern: LazyRegex::from_str_unchecked(pattern),
            required: RequiredLiterals::of(pattern),
            scope,
            within_first: first,
            within_last: last,
        }
    }

    proptest::proptest! {
        /// Walking in from the ends drops what looking at every line drops.
        #[test]
        fn windows_walked_from_the_ends_drop_what_every_line_drops(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["end\n", "x\n", "\n", " \n", "end", "\r\n", " end\r\n"]),
                0..24,
            ),
            first in proptest::option::of(0usize..4),
            last in proptest::option::of(0usize..4),
            scope in proptest::sample::select(vec![Scope::Line, Scope::Paragraph, Scope::ToEnd]),
        ) {
            let text: String = pieces.concat();
            let r = rule("^end$", scope, first, last);
            let stage_text = StageText::new(&text);
            let mut walked = Vec::new();
            r.scan(&stage_text, &mut |range, _| walked.push(range));
            let mut every = Vec::new();
            r.scan_every_line(&stage_text, &mut |range, _| every.push(range));
            proptest::prop_assert_eq!(walked, every);
        }
    }

    #[test]
    fn drops_trimmed_matching_lines() {
        let r = rule("^Get short URL$", Scope::Line, None, None);
        assert_eq!(
            crate::rules::apply_scan(&r, "a\n    Get short URL\nb"),
            "a\nb"
        );
    }

    #[test]
    fn windows_limit_where_lines_are_dropped() {
        // Dropped lines do not count: the second `Listen Live` moves into the window when the
        // first goes, so it goes too, and cleaning the result again drops nothing.
        let r = rule("^Listen Live$", Scope::Line, Some(3), None);
        assert_eq!(
            crate::rules::apply_scan(&r, "x\n\nListen Live\nListen Live\ny\nListen Live\n"),
            "x\n\ny\nListen Live\n"
        );
        let r = rule("^end$", Scope::Line, None, Some(1));
        assert_eq!(
            crate::rules::apply_scan(&r, "end\nmiddle\nend"),
            "end\nmiddle\n"
        );
    }

    #[test]
    fn paragraph_and_to_end_scopes() {
        let r = rule("^Comment via", Scope::Paragraph, None, None);
        assert_eq!(
            crate::rules::apply_scan(&r, "keep\n\nHeadline\nComment via Facebook\n\nkeep too\n"),
            "keep\n\n\nkeep too\n"
        );
        let r = rule("^Footer", Scope::ToEnd, None, None);
        assert_eq!(
            crate::rules::apply_scan(&r, "keep\nFooter here\nmore\n"),
            "keep\n"
        );
    }
}
