//! A fast hasher for maps keyed by rule ids and phrases.
//!
//! The standard hasher resists hash flooding, which matters for untrusted keys; rule files are
//! written by the user, and an imported dictionary puts 60,000 ids and phrases through several
//! maps while it loads, where SipHash alone took a seventh of the time. This is the multiply-
//! rotate hash of Firefox and rustc ("FxHash"): a few instructions per word of key.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash: fast, not resistant to chosen keys.
#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().expect("eight bytes")));
        }
        for &byte in chunks.remainder() {
            self.add(u64::from(byte));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// A hash of a whole text: how cleaning tells whether it changed a text it did not keep a copy of.
///
/// FxHash over the text's 8-byte words, at memory speed. For two texts of the same length, each
/// step `h -> (rotl(h, 5) ^ w) * K` is a bijection of `h`, so texts that differ in one word never
/// collide; texts that differ in several collide only if a later difference undoes an earlier
/// one exactly, about one chance in 2^64 for texts not made for it. (Texts of different lengths
/// are told apart by their lengths.) A collision only makes a changed text look unchanged: it is
/// then not written, and nothing is lost.
pub fn text_hash(text: &str) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write(text.as_bytes());
    hasher.finish()
}

pub type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
pub type FxHashSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_work_and_keys_spread() {
        let mut map: FxHashMap<String, usize> = FxHashMap::default();
        for i in 0..1000 {
            map.insert(format!("codespell-{i}"), i);
        }
        assert_eq!(map.len(), 1000);
        assert_eq!(map["codespell-517"], 517);
        let hash = |s: &str| {
            let mut h = FxHasher::default();
            h.write(s.as_bytes());
            h.finish()
        };
        assert_ne!(hash("teh"), hash("the"));
        assert_ne!(hash("abcdefgh1"), hash("abcdefgh2"));
    }

    #[test]
    fn a_text_changed_in_one_place_hashes_differently() {
        let text = "Vladimir Putin: (00:41) We met in the Donbas.\nJoe Biden: Thank you.\n";
        let copy: String = text.chars().collect();
        assert_eq!(text_hash(text), text_hash(&copy));
        let mut bytes = text.as_bytes().to_vec();
        for at in 0..bytes.len() {
            let kept = bytes[at];
            for other in (0..0x80u8).filter(|&b| b != kept) {
                bytes[at] = other;
                let changed = std::str::from_utf8(&bytes).expect("ASCII");
                assert_ne!(
                    text_hash(changed),
                    text_hash(text),
                    "byte {at} set to {other}"
                );
            }
            bytes[at] = kept;
        }
    }
}
