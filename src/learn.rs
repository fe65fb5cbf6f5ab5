//! `transclean learn`: candidate rules from a document and a hand-corrected copy of it.
//!
//! The two texts are compared word by word (similar, patience diff over words, spaces and
//! punctuation marks). Each small substitution (a few words for a few words) becomes a
//! `replace` rule with its sentence as the example; the same substitution made in several
//! places becomes one rule. What cannot safely be a rule is listed instead: a long rewrite,
//! a change of spacing only, a phrase corrected in one place but left as it was in another
//! (the rule would change both), and a phrase corrected two different ways.

use crate::draft::{DraftRule, Ids, slug};
use crate::hash::FxHashMap;
use crate::text::{LineIndex, is_word_bounded, is_word_char};
use similar::{Algorithm, DiffTag, capture_diff_slices};
use std::ops::Range;

/// A substitution with at most this many words on either side becomes a rule.
pub const MAX_WORDS: usize = 3;

/// One place where the corrected text differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// 1-based line in the original.
    pub line: usize,
    pub before: String,
    pub after: String,
    /// Byte range of `before` in the original.
    pub range: Range<usize>,
}

/// What `learn` found.
#[derive(Debug, Clone, Default)]
pub struct Learned {
    /// Proposed rules (some commented out, with the reason in their notes).
    pub rules: Vec<DraftRule>,
    /// Changes too long to be a rule.
    pub rewrites: Vec<Edit>,
    /// Changes of spacing only (the `whitespace` rule's work).
    pub spacing: usize,
}

impl Learned {
    pub fn active(&self) -> usize {
        self.rules.iter().filter(|r| !r.commented_out).count()
    }

    /// `N rules, N held back, N long rewrites listed`.
    pub fn summary(&self) -> String {
        format!(
            "{}, {} held back (commented out), {} listed",
            crate::report::count(self.active(), "rule"),
            self.rules.len() - self.active(),
            crate::report::count(self.rewrites.len(), "long rewrite")
        )
    }

    /// The rule file to review.
    pub fn to_toml(&self, original: &str, corrected: &str) -> String {
        let mut header = vec![
            format!("Learned by `transclean learn {original} {corrected}`."),
            format!("{}.", self.summary()),
            "Review each rule: a correction made once may be wrong elsewhere. Then test with"
                .into(),
            "`transclean --rules FILE rules test` and `transclean --rules FILE diff ...`.".into(),
        ];
        if self.spacing > 0 {
            header.push(format!(
                "{} of spacing only left to the `whitespace` rule.",
                crate::report::count(self.spacing, "change")
            ));
        }
        if !self.rewrites.is_empty() {
            header.push(String::new());
            header.push(format!(
                "Long rewrites (more than {MAX_WORDS} words), not turned into rules:"
            ));
            for edit in &self.rewrites {
                header.push(format!(
                    "  line {}: {:?} -> {:?}",
                    edit.line,
                    shorten(&edit.before),
                    shorten(&edit.after)
                ));
            }
        }
        crate::draft::rule_file(
            "learned",
            &format!("Corrections learned from {original} and {corrected}"),
            &header,
            &self.rules,
        )
    }
}

fn shorten(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= 70 {
        flat
    } else {
        format!("{}…", flat.chars().take(70).collect::<String>())
    }
}

/// Words, runs of whitespace, and single other characters, as byte ranges.
fn tokens(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (at, c) in text.char_indices() {
        let end = at + c.len_utf8();
        let class = |c: char| {
            if is_word_char(c) {
                1
            } else if c.is_whitespace() {
                2
            } else {
                3
            }
        };
        match out.last_mut() {
            Some(last)
                if class(c) != 3
                    && text[last.clone()]
                        .chars()
                        .next()
                        .is_some_and(|p| class(p) == class(c)) =>
            {
                last.end = end;
            }
            _ => out.push(at..end),
        }
    }
    out
}

fn is_space(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

fn word_count(text: &str) -> usize {
    tokens(text)
        .into_iter()
        .filter(|t| !is_space(&text[t.clone()]))
        .count()
}

/// The changed places between `original` and `corrected`, widened to whole tokens; a pure
/// insertion or deletion is anchored on the word before it (or after it, at the start).
pub fn edits(original: &str, corrected: &str) -> Vec<Edit> {
    let old = tokens(original);
    let new = tokens(corrected);
    let old_text: Vec<&str> = old.iter().map(|r| &original[r.clone()]).collect();
    let new_text: Vec<&str> = new.iter().map(|r| &corrected[r.clone()]).collect();
    let ops = capture_diff_slices(Algorithm::Patience, &old_text, &new_text);
    let lines = LineIndex::new(original);
    let sides = Sides {
        old: (&old, &old_text, original),
        new: (&new, &new_text, corrected),
    };
    let places = merge_rewrites(changed_places(&ops), &old_text, &new_text);
    let mut out = Vec::new();
    for (o, n) in places {
        let Some((o, before, after)) = sides.edit(o, n) else {
            continue;
        };
        let range = old[o.start].start..old[o.end - 1].end;
        out.push(Edit {
            line: lines.line(range.start),
            before,
            after,
            range,
        });
    }
    out
}

/// The places the diff changes, as token ranges of the old and the new text: consecutive
/// changes (with no equal token between) form one place.
fn changed_places(ops: &[similar::DiffOp]) -> Vec<(Range<usize>, Range<usize>)> {
    let mut places: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    for op in ops {
        let (tag, o, n) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            continue;
        }
        match places.last_mut() {
            Some((po, pn)) if po.end == o.start && pn.end == n.start => {
                po.end = o.end;
                pn.end = n.end;
            }
            _ => places.push((o, n)),
        }
    }
    places
}

/// The two texts as tokens: (token ranges, token texts, the text).
struct Sides<'a> {
    old: (&'a [Range<usize>], &'a [&'a str], &'a str),
    new: (&'a [Range<usize>], &'a [&'a str], &'a str),
}

impl Sides<'_> {
    /// A changed place as an edit: spacing at its edges left out, an insertion or deletion
    /// anchored on a neighbouring word. Returns the old token range and the two texts; `None`
    /// when nothing is left to find.
    fn edit(
        &self,
        mut o: Range<usize>,
        mut n: Range<usize>,
    ) -> Option<(Range<usize>, String, String)> {
        let (old, old_text, _) = self.old;
        let (new, new_text, _) = self.new;
        // Changes of spacing at the edges are left out of the phrase.
        while o.start < o.end
            && n.start < n.end
            && is_space(old_text[o.start])
            && is_space(new_text[n.start])
        {
            o.start += 1;
            n.start += 1;
        }
        while o.start < o.end
            && n.start < n.end
            && is_space(old_text[o.end - 1])
            && is_space(new_text[n.end - 1])
        {
            o.end -= 1;
            n.end -= 1;
        }
        let (mut before, mut after) = (Self::text(self.old, &o), Self::text(self.new, &n));
        if before.trim().is_empty() || after.trim().is_empty() {
            // Anchor an insertion or a deletion on the neighbouring word, so that the rule
            // has something to find: the word before (and the space between), else the one after.
            if o.start >= 2 && n.start >= 2 && !is_space(old_text[o.start - 2]) {
                o.start -= 2;
                n.start -= 2;
            } else if o.end + 2 <= old.len() && n.end + 2 <= new.len() {
                o.end += 2;
                n.end += 2;
            } else {
                return None;
            }
            before = Self::text(self.old, &o);
            after = Self::text(self.new, &n);
        }
        (!o.is_empty()).then_some((o, before, after))
    }

    fn text((tokens, _, source): (&[Range<usize>], &[&str], &str), range: &Range<usize>) -> String {
        if range.is_empty() {
            return String::new();
        }
        source[tokens[range.start].start..tokens[range.end - 1].end].to_string()
    }
}

/// Changed places with at most one unchanged word between them are one cluster; a cluster
/// of several places that together change more than [`MAX_WORDS`] words is a rewrite of the
/// passage ("He said that it was good" -> "She told us all that nothing was fine"), and
/// becomes one place, rather than a run of tiny substitutions (He -> She, good -> fine) that
/// would make bad rules.
fn merge_rewrites(
    places: Vec<(Range<usize>, Range<usize>)>,
    old: &[&str],
    new: &[&str],
) -> Vec<(Range<usize>, Range<usize>)> {
    let words = |tokens: &[&str]| tokens.iter().filter(|t| !is_space(t)).count();
    let mut clusters: Vec<Vec<(Range<usize>, Range<usize>)>> = Vec::new();
    for place in places {
        match clusters.last_mut() {
            Some(cluster)
                if words(&old[cluster.last().expect("non-empty").0.end..place.0.start]) <= 1 =>
            {
                cluster.push(place)
            }
            _ => clusters.push(vec![place]),
        }
    }
    let mut out = Vec::new();
    for cluster in clusters {
        let changed: usize = cluster
            .iter()
            .map(|(o, n)| words(&old[o.clone()]).max(words(&new[n.clone()])))
            .sum();
        if cluster.len() > 1 && changed > MAX_WORDS {
            let (first, last) = (&cluster[0], &cluster[cluster.len() - 1]);
            out.push((first.0.start..last.0.end, first.1.start..last.1.end));
        } else {
            out.extend(cluster);
        }
    }
    out
}

/// Derives candidate rules from a document and its hand-corrected copy.
pub fn learn(original: &str, corrected: &str) -> Learned {
    let mut learned = Learned::default();
    // Small substitutions, grouped by what they replace.
    let mut groups: Vec<(String, Vec<Edit>)> = Vec::new();
    let mut index: FxHashMap<String, usize> = FxHashMap::default();
    for edit in edits(original, corrected) {
        if flat(&edit.before) == flat(&edit.after) {
            learned.spacing += 1;
            continue;
        }
        if word_count(&edit.before).max(word_count(&edit.after)) > MAX_WORDS {
            learned.rewrites.push(edit);
            continue;
        }
        let key = flat(&edit.before);
        match index.get(&key) {
            Some(&at) => groups[at].1.push(edit),
            None => {
                index.insert(key.clone(), groups.len());
                groups.push((key, vec![edit]));
            }
        }
    }
    let mut ids = Ids::default();
    for (before, edits) in groups {
        let rule = rule_of(original, &before, &edits, &mut ids);
        learned.rules.push(rule);
    }
    learned
}

/// Runs of whitespace as one space.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `once` or `N times`.
fn times(n: usize) -> String {
    if n == 1 {
        "once".to_string()
    } else {
        format!("{n} times")
    }
}

/// The rule for the `edits` that replace `before`; held back (commented out) when the phrase
/// is corrected two ways or also left as it is.
fn rule_of(original: &str, before: &str, edits: &[Edit], ids: &mut Ids) -> DraftRule {
    let after = flat(&edits[0].after);
    let id = ids.make("learned", &slug(before));
    let mut rule = DraftRule::replace(id, vec![before.to_string()], after.clone(), "exact");
    let mut lines: Vec<String> = edits.iter().map(|e| e.line.to_string()).collect();
    lines.dedup();
    rule.notes.push(format!(
        "{before:?} -> {after:?}: corrected {} (line{} {})",
        times(edits.len()),
        if lines.len() == 1 { "" } else { "s" },
        lines.join(", ")
    ));
    // The same phrase corrected two ways, or left alone elsewhere: not one rule's job.
    let mut others: Vec<String> = (edits.iter())
        .map(|e| flat(&e.after))
        .filter(|a| *a != after)
        .collect();
    others.dedup();
    let untouched = occurrences(original, before)
        .filter(|r| {
            !edits
                .iter()
                .any(|e| e.range.start <= r.start && r.end <= e.range.end)
        })
        .count();
    if !others.is_empty() {
        rule.commented_out = true;
        let others: Vec<String> = others.iter().map(|o| format!("{o:?}")).collect();
        rule.notes.push(format!(
            "held back: also corrected as {}",
            others.join(", ")
        ));
    } else if untouched > 0 {
        rule.commented_out = true;
        rule.notes.push(format!(
            "held back: {before:?} is left as it is {} in the corrected copy",
            times(untouched)
        ));
    }
    let sentence = sentence_of(original, &edits[0].range);
    rule.examples = vec![(sentence.clone(), apply(&sentence, before, &after))];
    rule
}

/// Word-bounded occurrences of `phrase` in `text` (a space in the phrase matching any
/// whitespace, as the `replace` kind matches it).
fn occurrences<'a>(text: &'a str, phrase: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
    let pattern = phrase
        .split(' ')
        .map(regex::escape)
        .collect::<Vec<_>>()
        .join(r"\s+");
    let regex = regex::Regex::new(&pattern).expect("escaped phrase");
    regex
        .find_iter(text)
        .map(|m| m.range())
        .filter(move |r| is_word_bounded(text, r.clone()))
        .collect::<Vec<_>>()
        .into_iter()
}

/// What the learned rule makes of `text`: every occurrence of `before` replaced.
fn apply(text: &str, before: &str, after: &str) -> String {
    let mut out = String::new();
    let mut rest = 0;
    for range in occurrences(text, before) {
        out.push_str(&text[rest..range.start]);
        out.push_str(after);
        rest = range.end;
    }
    out.push_str(&text[rest..]);
    out
}

/// The sentence (within its line) around `range`, at most about 160 characters.
fn sentence_of(text: &str, range: &Range<usize>) -> String {
    let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[range.end..]
        .find('\n')
        .map_or(text.len(), |i| range.end + i);
    let line = &text[line_start..line_end];
    let (start, end) = (
        range.start - line_start,
        (range.end - line_start).min(line.len()),
    );
    let sentence = line[crate::draft::sentence_bounds(line, start, end)].trim();
    if sentence.chars().count() <= 200 {
        return sentence.to_string();
    }
    // A very long sentence: the words around the change.
    let from = line[..start]
        .char_indices()
        .rev()
        .nth(60)
        .map_or(0, |(i, _)| i);
    let from = line[from..start].find(' ').map_or(from, |i| from + i + 1);
    let to = line[end..]
        .char_indices()
        .nth(60)
        .map_or(line.len(), |(i, _)| end + i);
    let to = line[end..to].rfind(' ').map_or(to, |i| end + i);
    line[from..to].trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::DraftKind;

    fn finds(learned: &Learned) -> Vec<(String, String, bool)> {
        learned
            .rules
            .iter()
            .map(|r| match &r.kind {
                DraftKind::Replace { find, replace, .. } => {
                    (find[0].clone(), replace.clone(), r.commented_out)
                }
                DraftKind::Regex { .. } => unreachable!(),
            })
            .collect()
    }

    #[test]
    fn substitutions_become_rules_and_repeats_merge() {
        let original =
            "The situation in Dombas. Extend the Neustadt Treaty. The Neustadt Treaty again.\n";
        let corrected =
            "The situation in Donbas. Extend the New START Treaty. The New START Treaty again.\n";
        let learned = learn(original, corrected);
        assert_eq!(
            finds(&learned),
            [
                ("Dombas".into(), "Donbas".into(), false),
                ("Neustadt".into(), "New START".into(), false),
            ]
        );
        assert!(learned.rules[1].notes[0].contains("corrected 2 times"));
        assert_eq!(
            learned.rules[0].examples,
            [(
                "The situation in Dombas.".into(),
                "The situation in Donbas.".into()
            )]
        );
    }

    #[test]
    fn long_rewrites_spacing_and_unsafe_ones_are_not_rules() {
        let original = "He said that it was good. Tass said  so. Tass again. Foo bar. Foo bar.\n";
        let corrected =
            "She told us all that nothing was fine. Tass said so. TASS again. Foo baz. Foo qux.\n";
        let learned = learn(original, corrected);
        assert_eq!(learned.rewrites.len(), 1, "{:?}", learned.rewrites);
        assert_eq!(learned.spacing, 1);
        assert_eq!(
            finds(&learned),
            [
                ("Tass".into(), "TASS".into(), true),
                ("bar".into(), "baz".into(), true),
            ]
        );
        assert!(learned.rules[0].notes[1].contains("left as it is once"));
        assert!(learned.rules[1].notes[1].contains("also corrected as \"qux\""));
    }

    #[test]
    fn insertions_are_anchored_on_a_word() {
        let learned = learn("the START treaty\n", "the New START treaty\n");
        assert_eq!(finds(&learned), [("the".into(), "the New".into(), false)]);
    }

    #[test]
    fn tokens_split_words_spaces_and_marks() {
        let text = "Dombas, and  (x)";
        let parts: Vec<&str> = tokens(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(parts, ["Dombas", ",", " ", "and", "  ", "(", "x", ")"]);
    }
}
