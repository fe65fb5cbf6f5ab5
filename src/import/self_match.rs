//! Refuses imported entries that match inside their own replacement.
//!
//! An entry such as `ab->aab` would fire again on what it wrote, on every run, so cleaning
//! would never settle (and the pipeline's re-runs would apply it again at once). Such entries
//! are taken out of their rule and written commented out, with the reason, and counted in the
//! import's summary. The check uses the engine's own word boundaries (UAX #29 apostrophes), so
//! `doesn'->doesn't` is kept: "doesn'" is not a whole word inside "doesn't".

use super::Imported;
use crate::draft::{DraftKind, DraftRule};
use crate::text::is_word_bounded;

/// Moves every self-matching entry of `imported` into a commented-out rule of its own.
pub(super) fn refuse(imported: &mut Imported, prefix: &str) {
    let mut out = Vec::with_capacity(imported.rules.len());
    for mut rule in std::mem::take(&mut imported.rules) {
        if rule.commented_out {
            out.push(rule);
            continue;
        }
        match &mut rule.kind {
            DraftKind::Replace {
                find,
                replace,
                case,
                word_bounded,
            } => {
                let (bad, good): (Vec<String>, Vec<String>) = std::mem::take(find)
                    .into_iter()
                    .partition(|f| occurs_in(f, replace, *case != "exact", *word_bounded));
                *find = good;
                for wrong in bad {
                    imported.refused += 1;
                    let mut refused = DraftRule::new(
                        format!("{prefix}-refused-{}", imported.refused),
                        DraftKind::Replace {
                            find: vec![wrong.clone()],
                            replace: replace.clone(),
                            case,
                            word_bounded: *word_bounded,
                        },
                    );
                    refused.commented_out = true;
                    refused.word_joiners = rule.word_joiners.clone();
                    refused.notes.push(format!(
                        "refused: {wrong:?} occurs in its own replacement {replace:?}, so \
                         every run would apply it again"
                    ));
                    out.push(refused);
                }
                if !find.is_empty() {
                    out.push(rule);
                }
            }
            DraftKind::Regex { pattern, replace } => {
                if regex_matches_own_replacement(pattern, replace) {
                    imported.refused += 1;
                    rule.commented_out = true;
                    rule.notes.push(format!(
                        "refused: the pattern matches its own replacement {replace:?}, so \
                         every run would apply it again"
                    ));
                }
                out.push(rule);
            }
        }
    }
    imported.rules = out;
}

/// Whether `find` occurs in `replacement` where the rule would match it: as a whole word if
/// the rule is word-bounded, anywhere otherwise; in any case unless `case` is exact.
fn occurs_in(find: &str, replacement: &str, any_case: bool, word_bounded: bool) -> bool {
    let (find, haystack) = if any_case {
        (find.to_lowercase(), replacement.to_lowercase())
    } else {
        (find.to_string(), replacement.to_string())
    };
    // Lower-casing can change byte lengths (rare letters); then the plain text is searched.
    let haystack = if haystack.len() == replacement.len() || !any_case {
        haystack
    } else {
        replacement.to_string()
    };
    // An entry that writes what it found (Subtitle Edit lists `popsicle -> popsicle` so that
    // no other entry touches the word) changes nothing, however often it runs.
    if find.is_empty() || find == haystack {
        return false;
    }
    haystack
        .match_indices(&find)
        .any(|(at, m)| !word_bounded || is_word_bounded(&haystack, at..at + m.len()))
}

/// Whether a regex rule's pattern matches the text its replacement writes whatever it matched
/// (group references left out). A replacement that is all group references writes nothing of
/// its own, and is left to `rules lint`.
fn regex_matches_own_replacement(pattern: &str, replace: &str) -> bool {
    if replace.contains('$') && !replace.contains("$$") {
        return false;
    }
    let literal = replace.replace("$$", "$");
    if literal.trim().is_empty() {
        return false;
    }
    regex::RegexBuilder::new(pattern)
        .multi_line(true)
        .size_limit(crate::rules::REGEX_SIZE_LIMIT)
        .build()
        .is_ok_and(|re| re.is_match(&literal))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_inside_its_own_replacement_is_refused_with_its_group_kept() {
        let mut imported = super::super::codespell::import("ab->aab\nteh->the\nhte->the\n");
        refuse(&mut imported, "codespell");
        assert_eq!(imported.refused, 0, "`ab` is not a whole word of `aab`");
        let mut imported = super::super::codespell::import("thier->thier ok\nteh->the\n");
        refuse(&mut imported, "codespell");
        assert_eq!(imported.refused, 1);
        assert_eq!(imported.active(), 1);
        assert!(
            imported
                .summary()
                .ends_with(", 1 entry refused (would match inside its own replacement)")
        );
        let text = imported.to_toml(super::super::Format::Codespell, "d.txt");
        assert!(text.contains("# refused: \"thier\" occurs"), "{text}");
    }

    #[test]
    fn apostrophes_follow_the_engines_word_boundaries() {
        assert!(!occurs_in("doesn'", "doesn't", true, true));
        assert!(occurs_in("Can", "can not", true, true));
        assert!(!occurs_in("Can", "can not", false, true));
        assert!(occurs_in("l", "ll", false, false));
        assert!(!occurs_in("popsicle", "popsicle", false, true));
        assert!(regex_matches_own_replacement("^N0?$", "N"));
        assert!(!regex_matches_own_replacement("^N0.$", "No."));
    }
}
