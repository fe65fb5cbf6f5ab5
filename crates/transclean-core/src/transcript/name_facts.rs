//! What each distinct name of a document's label candidates tells on its own, worked out once.
//!
//! A large transcript has tens of thousands of label candidates and a few hundred names. Every
//! candidate's name was lower-cased, looked up in the lists of words that name no speaker, and
//! checked for looking like a name: a third of the acceptance of the labels, which each parse
//! of the turns makes (issue 15). The answers depend on the name alone.

use super::labels::{is_role, is_shouted, looks_like_name, plausible_name};
use super::{Label, NOT_SPEAKERS};
use crate::hash::FxHashMap;
use crate::label_styles;

/// What a name, as written, tells.
pub(super) struct NameFacts {
    pub(super) lower: String,
    /// How many candidates have a name with this lower case (this one or another).
    pub(super) count: usize,
    /// A word that names no speaker (`Note`), or nothing a name could be.
    pub(super) never: bool,
    pub(super) looks_like_name: bool,
    /// How many words (runs of non-whitespace) it has.
    pub(super) words: usize,
    /// Several words, or a role: mentioned elsewhere, a label said once.
    pub(super) full_name: bool,
    pub(super) shouted: bool,
    /// `JANE DOE, BYLINE`.
    pub(super) with_role: bool,
    /// With a role, the surname it introduces, in lower case (`doe`).
    pub(super) introduces: Option<String>,
}

/// The distinct names of `candidates` with what each tells, and per candidate the number of
/// its name among them.
pub(super) fn name_facts(candidates: &[Label]) -> (Vec<NameFacts>, Vec<usize>) {
    let mut numbers: FxHashMap<&str, usize> = FxHashMap::default();
    let mut names: Vec<&str> = Vec::new();
    let name_of: Vec<usize> = (candidates.iter())
        .map(|c| {
            *numbers.entry(c.name.as_str()).or_insert_with(|| {
                names.push(&c.name);
                names.len() - 1
            })
        })
        .collect();
    let mut facts: Vec<NameFacts> = (names.iter())
        .map(|name| {
            let lower = name.to_lowercase();
            let words = name.split_whitespace().count();
            NameFacts {
                count: 0,
                never: NOT_SPEAKERS.contains(&lower.as_str()) || !plausible_name(name),
                looks_like_name: looks_like_name(name),
                words,
                full_name: words > 1 || is_role(name),
                shouted: is_shouted(name),
                with_role: label_styles::is_name_with_role(name),
                introduces: label_styles::is_name_with_role(name)
                    .then(|| name.split(',').next()?.split_whitespace().last())
                    .flatten()
                    .map(str::to_lowercase),
                lower,
            }
        })
        .collect();
    // Counted by lower case: `Jane Doe` and `JANE DOE` are one speaker's labels.
    let mut as_written = vec![0; facts.len()];
    for &number in &name_of {
        as_written[number] += 1;
    }
    let mut by_lower: FxHashMap<&str, usize> = FxHashMap::default();
    for (fact, &count) in facts.iter().zip(&as_written) {
        *by_lower.entry(fact.lower.as_str()).or_default() += count;
    }
    let counts: Vec<usize> = (facts.iter())
        .map(|fact| by_lower[fact.lower.as_str()])
        .collect();
    for (fact, count) in facts.iter_mut().zip(counts) {
        fact.count = count;
    }
    (facts, name_of)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::LabelStyle;

    fn label(name: &str) -> Label {
        Label {
            range: 0..0,
            name: name.to_string(),
            style: LabelStyle::Colon,
            timed: false,
            alone: false,
            line: 0,
        }
    }

    #[test]
    fn each_name_is_looked_at_once_and_counted_in_any_case() {
        let candidates: Vec<Label> = [
            "Jane Doe",
            "JANE DOE",
            "Note",
            "Jane Doe",
            "JANE DOE, BYLINE",
        ]
        .map(label)
        .into();
        let (names, name_of) = name_facts(&candidates);
        assert_eq!(name_of, [0, 1, 2, 0, 3]);
        let counts: Vec<usize> = names.iter().map(|n| n.count).collect();
        assert_eq!(counts, [3, 3, 1, 1]);
        assert!(names[1].shouted && !names[0].shouted);
        assert!(names[2].never && !names[0].never);
        assert!(names[0].full_name && !names[2].full_name);
        assert_eq!(names[3].introduces.as_deref(), Some("doe"));
        assert_eq!(names[0].introduces, None);
    }
}
