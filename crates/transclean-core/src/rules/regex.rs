//! `regex`: a pattern and a replacement with capture groups, for fixes a literal cannot say.
//!
//! All regex rules of a stage share one `RegexSet`, so a document is scanned once to learn which
//! rules can match at all, and only those run their own search.

use super::{
    Compiled, Edit, Guard, KindSpec, LazyRegex, Pass, RuleError, RuleIndex, Safety, Span, Stage,
    required,
};
use crate::raw::RawRule;
use crate::text::StageText;
use regex::{RegexSet, RegexSetBuilder};
use std::sync::Arc;

pub static SPEC: KindSpec = KindSpec {
    name: "regex",
    stage: Stage::Corrections,
    safety: Safety::Safe,
    summary: "Replace matches of a regular expression (capture groups as $1, ${name})",
    docs: "\
What it does: replaces every match of `pattern` by `replace`, where `$1` or `${name}` insert
capture groups. `^` and `$` match at the start and end of each line. A match of no text is
ignored, so a rule cannot insert text everywhere.

Why: for families of errors a literal list cannot cover, such as a time inside a tag. The regex
crate has no look-around or back-references; use `when` / `unless` guards for context, and the
`repeated-word` kind for doubled words.

Example:
    [[rule]]
    id = \"inaudible-time\"
    kind = \"regex\"
    pattern = '\\[(inaudible|crosstalk) \\d{2}:\\d{2}:\\d{2}\\]'
    replace = \"[$1]\"
    examples = [{ input = \"[inaudible 00:16:09]\", output = \"[inaudible]\" }]",
    options: &[
        (
            "pattern",
            "the regular expression (Rust regex syntax, multi-line mode)",
        ),
        (
            "replace",
            "the replacement, with $1 / ${name} for capture groups",
        ),
    ],
    compile,
};

#[derive(Debug, Clone)]
pub struct RegexRule {
    pub pattern: LazyRegex,
    pub replacement: String,
    pub guard: Guard,
}

fn compile(raw: &RawRule, span: Span) -> Result<Compiled, RuleError> {
    let pattern = required(raw.pattern.as_ref(), "pattern", "regex", &span)?;
    let replacement = required(raw.replace.as_ref(), "replace", "regex", &span)?;
    Ok(Compiled::Regex(Arc::new(RegexRule {
        pattern: LazyRegex::new(pattern, "pattern")?,
        replacement: replacement.get_ref().clone(),
        guard: Guard::compile(raw)?,
    })))
}

impl RegexRule {
    fn scan(&self, text: &str, rule: RuleIndex, out: &mut Vec<Edit>) {
        let Some(pattern) = self.pattern.for_haystack(text) else {
            return;
        };
        for caps in pattern.captures_iter(text) {
            let whole = caps.get(0).expect("group 0 always matches");
            if whole.is_empty() || !self.guard.allows(text, whole.range()) {
                continue;
            }
            let mut replacement = String::new();
            caps.expand(&self.replacement, &mut replacement);
            out.push(Edit {
                range: whole.range(),
                replacement,
                rule,
            });
        }
    }
}

/// Below this many rules in a stage, each regex searches on its own.
const REGEX_SET_MIN_RULES: usize = 4;

/// All `regex` rules of one stage, prefiltered by one `RegexSet` when there are several.
pub struct RegexPass {
    rules: Vec<(RuleIndex, Arc<RegexRule>)>,
    set: Option<RegexSet>,
}

impl RegexPass {
    pub fn new(rules: Vec<(RuleIndex, Arc<RegexRule>)>) -> Self {
        // A set only pays off with several rules: a few are each skipped faster by their own
        // literal prefilter than by one search of the set, which has none. Each pattern already
        // compiled alone, so the set compiles too unless it outgrows the limit, in which case
        // every rule just runs.
        let set = (rules.len() > REGEX_SET_MIN_RULES)
            .then(|| {
                RegexSetBuilder::new(rules.iter().map(|(_, r)| r.pattern.as_str()))
                    .multi_line(true)
                    .size_limit(1 << 28)
                    .build()
                    .ok()
            })
            .flatten();
        RegexPass { rules, set }
    }
}

impl Pass for RegexPass {
    fn scan(&self, text: &StageText, active: &[bool], out: &mut Vec<Edit>) {
        let text = text.as_str();
        let may_match = self.set.as_ref().map(|set| set.matches(text));
        for (pos, (index, rule)) in self.rules.iter().enumerate() {
            if active[*index] && may_match.as_ref().is_none_or(|m| m.matched(pos)) {
                rule.scan(text, *index, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pass(patterns: &[(&str, &str)]) -> RegexPass {
        RegexPass::new(
            patterns
                .iter()
                .enumerate()
                .map(|(i, (p, r))| {
                    (
                        i,
                        Arc::new(RegexRule {
                            pattern: LazyRegex::from_str_unchecked(p),
                            replacement: r.to_string(),
                            guard: Guard::default(),
                        }),
                    )
                })
                .collect(),
        )
    }

    #[test]
    fn expands_capture_groups() {
        let mut out = Vec::new();
        pass(&[(r"\[(inaudible) \d\d:\d\d:\d\d\]", "[$1]")]).scan(
            &StageText::new("a [inaudible 00:16:09] b"),
            &[true],
            &mut out,
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].replacement, "[inaudible]");
        assert_eq!(out[0].range, 2..22);
    }

    #[test]
    fn empty_matches_are_ignored_and_the_set_skips_rules() {
        let mut out = Vec::new();
        pass(&[("x*", "y"), ("zz", "z")]).scan(&StageText::new("abc"), &[true, true], &mut out);
        assert!(out.is_empty());
        pass(&[("x*", "y"), ("zz", "z")]).scan(&StageText::new("azz"), &[true, true], &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].rule, 1);
    }
}
