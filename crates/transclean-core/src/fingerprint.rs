//! A short, stable hash of a rule set, so a report says which rules produced it.
//!
//! Two reports with the same fingerprint came from the same rules, whatever folder they were run
//! from: the hash covers each enabled rule's id, kind, stage and definition as written, its
//! file's `applies-when`, and the exceptions, but not paths. FNV-1a is used because it is tiny, has no dependency,
//! and gives the same value on every platform and Rust version (std's hasher promises neither).

use crate::config::RuleSet;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a over a sequence of byte strings, each followed by a separator that cannot occur in
/// text (so `["ab", "c"]` and `["a", "bc"]` differ).
#[derive(Debug, Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(FNV_OFFSET)
    }
}

impl Fnv {
    pub fn field(&mut self, bytes: &[u8]) -> &mut Self {
        for &b in bytes.iter().chain(&[0xff]) {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
        self
    }

    /// The hash as 16 lowercase hex digits.
    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

/// The fingerprint of the enabled rules of `set`, in the order they run.
pub fn rule_set(set: &RuleSet) -> String {
    let mut hash = Fnv::default();
    for rule in set.rules.iter().filter(|r| r.enabled) {
        let applies_when = set.files[rule.file]
            .applies_when
            .as_ref()
            .map_or("", |re| re.as_str());
        hash.field(rule.id.as_bytes())
            .field(rule.kind.name.as_bytes())
            .field(rule.stage.name().as_bytes())
            .field(rule.definition.as_bytes())
            .field(applies_when.as_bytes());
    }
    for exception in &set.exceptions {
        hash.field(exception.rule.as_bytes())
            .field(exception.text.as_bytes())
            .field(exception.context_before.as_bytes())
            .field(exception.context_after.as_bytes());
    }
    for exception in &set.file_exceptions {
        hash.field(exception.rule.as_bytes())
            .field(b"file")
            .field(exception.file.as_bytes());
    }
    hash.hex()
}

/// One fingerprint for several rule sets (a run whose inputs belong to different projects):
/// the hash of their fingerprints, sorted so the order of inputs does not matter.
pub fn combine<'a>(fingerprints: impl IntoIterator<Item = &'a str>) -> String {
    let mut all: Vec<&str> = fingerprints.into_iter().collect();
    all.sort_unstable();
    all.dedup();
    match all.as_slice() {
        [one] => one.to_string(),
        many => {
            let mut hash = Fnv::default();
            for fingerprint in many {
                hash.field(fingerprint.as_bytes());
            }
            hash.hex()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{self, LoadOptions};

    #[test]
    fn fnv_matches_the_reference_values() {
        // FNV-1a 64 of "a" is af63dc4c8601ec8c; here every field ends with 0xff, so check the
        // bare algorithm through a field of "a" minus the separator by hand-computing it.
        let mut h = FNV_OFFSET;
        for b in b"a" {
            h ^= u64::from(*b);
            h = h.wrapping_mul(FNV_PRIME);
        }
        assert_eq!(format!("{h:016x}"), "af63dc4c8601ec8c");
        assert_ne!(
            Fnv::default().field(b"ab").field(b"c").hex(),
            Fnv::default().field(b"a").field(b"bc").hex()
        );
    }

    #[test]
    fn the_fingerprint_follows_the_rules_in_force() {
        let builtin = |disable: Vec<String>| {
            let options = LoadOptions {
                builtin: true,
                disable,
                ..Default::default()
            };
            config::load(&options, &config::NoFiles).unwrap()
        };
        let all = rule_set(&builtin(vec![]));
        assert_eq!(all, rule_set(&builtin(vec![])), "stable across loads");
        assert_eq!(all.len(), 16);
        assert_ne!(all, rule_set(&builtin(vec!["donbas".into()])));
    }

    #[test]
    fn combining_ignores_order_and_keeps_a_single_fingerprint() {
        assert_eq!(combine(["abc"]), "abc");
        assert_eq!(combine(["a", "b"]), combine(["b", "a", "b"]));
        assert_ne!(combine(["a", "b"]), "a");
    }
}
