//! Cuts a run of changed text where changes of different rules meet, so that each rule's
//! changes are a mark of their own (`Dombas,  ` → `Donbas, ` is a `donbas` mark, the unchanged
//! comma, and a `whitespace` mark, not one mark of both).
//!
//! The word diff knows nothing of rules: it shows one deletion and one insertion for a run of
//! changed words. The changes know their place in the original; where they sit side by side
//! without overlapping, the cleaned text of each is found by the length each change adds or
//! removes, and checked: every part must be exactly its changes applied to its original text,
//! or the run stays whole (its mark then names all its rules).

use crate::engine::Change;
use std::ops::Range;

/// A part of a run: text no change touched, or the text of one rule's changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Gap {
        old: Range<usize>,
        new: Range<usize>,
    },
    Changed {
        old: Range<usize>,
        new: Range<usize>,
        /// The changes shown by this part, as indices into the file's changes.
        owners: Vec<usize>,
    },
}

/// The parts of the run that covers `old` in the original and `new` in the cleaned text, whose
/// changes are `owners`; `None` when the run is all one rule's or cannot be cut exactly.
pub fn by_rule(
    old: Range<usize>,
    new: Range<usize>,
    owners: &[usize],
    changes: &[Change],
    original: &str,
    cleaned: &str,
) -> Option<Vec<Part>> {
    let first_rule = &changes[*owners.first()?].rule;
    if owners.iter().all(|&c| changes[c].rule == *first_rule) {
        return None;
    }
    let (inside, outside) = inside_and_outside(&old, owners, changes)?;
    let groups = groups(&inside, changes, original);
    if groups.len() < 2 {
        return None;
    }
    let mut parts = cut(&old, &new, &groups, changes, original, cleaned)?;
    // A change that left no trace in the run (undone later, say) still needs a mark to be
    // reached from: the part on its side.
    for c in outside {
        let before = changes[c].range.end <= old.start;
        let part = if before {
            parts.iter_mut().find(|p| matches!(p, Part::Changed { .. }))
        } else {
            parts
                .iter_mut()
                .rev()
                .find(|p| matches!(p, Part::Changed { .. }))
        };
        if let Some(Part::Changed { owners, .. }) = part {
            owners.push(c);
            owners.sort_unstable();
        }
    }
    Some(parts)
}

/// The owners whose original range lies within the run, in text order, and those wholly
/// outside it; `None` if one straddles the run's edge.
fn inside_and_outside(
    old: &Range<usize>,
    owners: &[usize],
    changes: &[Change],
) -> Option<(Vec<usize>, Vec<usize>)> {
    let (mut inside, mut outside) = (Vec::new(), Vec::new());
    for &c in owners {
        let range = &changes[c].range;
        if range.start >= old.start && range.end <= old.end {
            inside.push(c);
        } else if range.end <= old.start || range.start >= old.end {
            outside.push(c);
        } else {
            return None;
        }
    }
    // Stable: changes at one place keep the order they were made in.
    inside.sort_by_key(|&c| (changes[c].range.start, changes[c].range.end));
    Some((inside, outside))
}

/// Changes shown as one part: neighbours of the same rules, or changes that overlap (an
/// earlier stage's fix inside a paragraph a later rule dropped), of any rules.
#[derive(Debug)]
struct Group {
    changes: Vec<usize>,
    /// Where its changes start and end in the original.
    start: usize,
    end: usize,
    /// Whether the group's cleaned text follows from its changes: none overlap, and each
    /// change's `before` is the original text of its range (no earlier change rewrote it).
    known: bool,
}

/// The changes (in text order) in groups: first those that overlap, then neighbours of the
/// same rules, together.
fn groups(inside: &[usize], changes: &[Change], original: &str) -> Vec<Group> {
    let mut clusters: Vec<Group> = Vec::new();
    for &c in inside {
        let change = &changes[c];
        match clusters.last_mut() {
            Some(group) if change.range.start < group.end => {
                group.changes.push(c);
                group.end = group.end.max(change.range.end);
                group.known = false;
            }
            _ => clusters.push(Group {
                changes: vec![c],
                start: change.range.start,
                end: change.range.end,
                known: original.get(change.range.clone()) == Some(change.before.as_str()),
            }),
        }
    }
    let rules = |group: &Group| {
        let mut ids: Vec<&str> = group.changes.iter().map(|&c| &*changes[c].rule).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let mut groups: Vec<Group> = Vec::new();
    for cluster in clusters {
        match groups.last_mut() {
            Some(group) if rules(group) == rules(&cluster) => {
                group.changes.extend(cluster.changes);
                group.end = cluster.end;
                group.known &= cluster.known;
            }
            _ => groups.push(cluster),
        }
    }
    groups
}

/// The run cut into parts: each group from its first change to its last (the first group from
/// the run's start, the last to its end), unchanged text between; `None` unless every part is
/// exact. Where each part is in the cleaned text follows from what each change adds or removes;
/// one group whose text does not follow from its changes gets what the others leave.
fn cut(
    old: &Range<usize>,
    new: &Range<usize>,
    groups: &[Group],
    changes: &[Change],
    original: &str,
    cleaned: &str,
) -> Option<Vec<Part>> {
    if groups.iter().filter(|g| !g.known).count() > 1 {
        return None;
    }
    let delta = |group: &Group| {
        let added: usize = group.changes.iter().map(|&c| changes[c].after.len()).sum();
        let removed: usize = group.changes.iter().map(|&c| changes[c].range.len()).sum();
        added as isize - removed as isize
    };
    let known: isize = groups.iter().filter(|g| g.known).map(delta).sum();
    let rest = new.len() as isize - old.len() as isize - known;
    let mut parts = Vec::with_capacity(2 * groups.len());
    let (mut old_at, mut new_at) = (old.start, new.start);
    for (index, group) in groups.iter().enumerate() {
        if index > 0 && group.start > old_at {
            let len = group.start - old_at;
            let gap = (old_at..group.start, new_at..new_at + len);
            if original.get(gap.0.clone())? != cleaned.get(gap.1.clone())? {
                return None;
            }
            parts.push(Part::Gap {
                old: gap.0,
                new: gap.1,
            });
            (old_at, new_at) = (group.start, new_at + len);
        }
        let old_end = if index + 1 == groups.len() {
            old.end
        } else {
            group.end
        };
        let added = if group.known { delta(group) } else { rest };
        let new_end = usize::try_from((new_at + (old_end - old_at)) as isize + added).ok()?;
        let shown = cleaned.get(new_at..new_end.max(new_at))?;
        let exact = original.get(old_at..old_end)? != shown
            && (!group.known
                || replayed(original, &(old_at..old_end), &group.changes, changes) == shown);
        if new_end < new_at || !exact {
            return None;
        }
        parts.push(Part::Changed {
            old: old_at..old_end,
            new: new_at..new_end,
            owners: {
                let mut owners = group.changes.clone();
                owners.sort_unstable();
                owners
            },
        });
        (old_at, new_at) = (old_end, new_end);
    }
    (new_at == new.end).then_some(parts)
}

/// The original text of `old` with the changes of `group` (disjoint, in text order) applied.
fn replayed(original: &str, old: &Range<usize>, group: &[usize], changes: &[Change]) -> String {
    let mut text = original[old.clone()].to_string();
    for &c in group.iter().rev() {
        let range = &changes[c].range;
        text.replace_range(
            range.start - old.start..range.end - old.start,
            &changes[c].after,
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Safety, Stage};

    fn change(rule: &str, original: &str, range: Range<usize>, after: &str) -> Change {
        Change {
            rule: rule.into(),
            source: "t.toml:1".into(),
            stage: Stage::Corrections,
            safety: Safety::Safe,
            line: 1,
            column: range.start + 1,
            before: original[range.clone()].to_string(),
            after: after.into(),
            replay_at: range.start,
            range,
        }
    }

    #[test]
    fn touching_changes_of_two_rules_are_cut_apart_around_unchanged_text() {
        let original = "in Dombas,  now";
        let cleaned = "in Donbas, now";
        let changes = [
            change("donbas", original, 3..9, "Donbas"),
            change("whitespace", original, 10..12, " "),
        ];
        let parts = by_rule(3..12, 3..11, &[0, 1], &changes, original, cleaned).unwrap();
        assert_eq!(
            parts,
            [
                Part::Changed {
                    old: 3..9,
                    new: 3..9,
                    owners: vec![0]
                },
                Part::Gap {
                    old: 9..10,
                    new: 9..10
                },
                Part::Changed {
                    old: 10..12,
                    new: 10..11,
                    owners: vec![1]
                },
            ]
        );
    }

    #[test]
    fn an_insertion_right_after_another_rules_change_is_its_own_part() {
        let original = "Dombas";
        let cleaned = "Donbas\n";
        let changes = [
            change("donbas", original, 0..6, "Donbas"),
            change("final-newline", original, 6..6, "\n"),
        ];
        let parts = by_rule(0..6, 0..7, &[0, 1], &changes, original, cleaned).unwrap();
        assert_eq!(
            parts,
            [
                Part::Changed {
                    old: 0..6,
                    new: 0..6,
                    owners: vec![0]
                },
                Part::Changed {
                    old: 6..6,
                    new: 6..7,
                    owners: vec![1]
                },
            ]
        );
    }

    #[test]
    fn one_rule_or_changes_that_overlap_or_do_not_add_up_stay_whole() {
        let original = "ab";
        let one_rule = [
            change("x", original, 0..1, "A"),
            change("x", original, 1..2, "B"),
        ];
        assert_eq!(
            by_rule(0..2, 0..2, &[0, 1], &one_rule, original, "AB"),
            None
        );
        let overlapping = [
            change("x", original, 0..2, "AB"),
            change("y", original, 1..2, "C"),
        ];
        assert_eq!(
            by_rule(0..2, 0..2, &[0, 1], &overlapping, original, "AB"),
            None
        );
        // The cleaned text is not what the changes make: the run is not cut on a guess.
        let two = [
            change("x", original, 0..1, "A"),
            change("y", original, 1..2, "B"),
        ];
        assert!(by_rule(0..2, 0..2, &[0, 1], &two, original, "AB").is_some());
        assert_eq!(by_rule(0..2, 0..2, &[0, 1], &two, original, "AC"), None);
    }

    #[test]
    fn changes_that_overlap_are_one_part_beside_another_rules_change() {
        // `unicode` fixed a letter of a line that `drop` then removed; `case` touches the next.
        let original = "ab\ncd";
        let mut dropped = change("drop", original, 0..3, "");
        dropped.before = "Ab\n".into();
        let changes = [
            change("unicode", original, 0..1, "A"),
            dropped,
            change("case", original, 3..4, "C"),
        ];
        let parts = by_rule(0..4, 0..1, &[0, 1, 2], &changes, original, "Cd").unwrap();
        assert_eq!(
            parts,
            [
                Part::Changed {
                    old: 0..3,
                    new: 0..0,
                    owners: vec![0, 1]
                },
                Part::Changed {
                    old: 3..4,
                    new: 0..1,
                    owners: vec![2]
                },
            ]
        );
    }
}
