//! The floor of issue 15: one scan of the input for everything the built-in rules could act on,
//! and nothing else, with aho-corasick and memchr-style byte scanning.
//!
//! What it looks for: the literals of the `replace` rules (the first word of a phrase), the
//! literals every match of a `regex` or `drop` pattern starts or ends with (extracted with
//! regex-syntax, as ripgrep does), and the byte classes the `unicode` and `whitespace` rules fix
//! (non-ASCII and control bytes, runs of spaces, spaces before a line end, runs of blank lines).
//! A cleaner that first finds where rules can fire cannot be faster than this scan.
//!
//! `cargo bench --bench floor` scans 10 MB made from the corpus; `floor FILE [RUNS]` (what
//! `benches/bench.py` runs) scans FILE and prints `median-seconds bytes literals hits`.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use std::time::Instant;
use transclean::config::{self, LoadOptions};
use transclean::rules::Compiled;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let text = match args.first() {
        Some(path) => std::fs::read(path).expect("the input file reads"),
        None => corpus_text(10_000_000),
    };
    let runs: usize = args
        .get(1)
        .map_or(5, |r| r.parse().expect("RUNS is a number"));
    let literals = builtin_literals();
    let scanner = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .ascii_case_insensitive(true)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&literals)
        .expect("the literals build an automaton");
    let mut times = Vec::new();
    let mut hits = 0;
    for _ in 0..runs {
        let start = Instant::now();
        hits = std::hint::black_box(scan(&scanner, &text));
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    if args.is_empty() {
        println!(
            "floor: {} literals, {hits} hits in {:.1} MB, median {:.2} ms = {:.0} MB/s",
            literals.len(),
            text.len() as f64 / 1e6,
            median * 1e3,
            text.len() as f64 / 1e6 / median
        );
    } else {
        println!("{median} {} {} {hits}", text.len(), literals.len());
    }
}

/// Where a rule could act: literal matches, then bytes of the classes.
fn scan(scanner: &AhoCorasick, text: &[u8]) -> usize {
    scanner.find_iter(text).count() + class_bytes(text)
}

/// Bytes that are non-ASCII or control characters other than the line feed and tab, counted
/// eight at a time (the compiler vectorises the word test).
fn class_bytes(text: &[u8]) -> usize {
    let mut chunks = text.chunks_exact(8);
    let mut count = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        // A high bit, or a byte below 0x20: subtracting 0x20 from each byte borrows.
        let suspicious = (word | word.wrapping_sub(0x2020_2020_2020_2020)) & 0x8080_8080_8080_8080;
        if suspicious != 0 {
            count += chunk.iter().filter(|&&b| is_class_byte(b)).count();
        }
    }
    count
        + chunks
            .remainder()
            .iter()
            .filter(|&&b| is_class_byte(b))
            .count()
}

fn is_class_byte(b: u8) -> bool {
    b >= 0x80 || (b < 0x20 && b != b'\n' && b != b'\t')
}

/// The literal set of the built-in rules, and the whitespace shapes the whitespace rules fix.
fn builtin_literals() -> Vec<Vec<u8>> {
    let rules = config::load(&LoadOptions {
        builtin: true,
        ..Default::default()
    })
    .expect("the built-in rules load");
    let mut literals: Vec<Vec<u8>> = ["  ", " \n", "\t\n", "\n\n\n"]
        .iter()
        .map(|s| s.as_bytes().to_vec())
        .collect();
    for rule in &rules.rules {
        match &rule.compiled {
            Compiled::Literal(replace) => literals.extend(
                replace
                    .phrases
                    .iter()
                    .filter_map(|p| p.split(' ').next())
                    .map(|w| w.as_bytes().to_vec()),
            ),
            Compiled::Regex(regex) => literals.extend(required_literals(regex.pattern.as_str())),
            Compiled::Scanner(_) if rule.kind.name == "drop" => literals.extend(
                drop_pattern(&rule.definition).map_or_else(Vec::new, |p| required_literals(&p)),
            ),
            _ => {}
        }
    }
    literals.sort();
    literals.dedup();
    literals
}

/// The `pattern` of a `drop` rule, from its `[[rule]]` table as written.
fn drop_pattern(definition: &str) -> Option<String> {
    let table: toml::Table = definition.parse().ok()?;
    let rule = table.get("rule")?.as_array()?.first()?;
    rule.get("pattern")?.as_str().map(str::to_string)
}

/// Literals every match starts with (or, failing a finite set, ends with); none if no such set.
fn required_literals(pattern: &str) -> Vec<Vec<u8>> {
    let Ok(hir) = regex_syntax::ParserBuilder::new()
        .multi_line(true)
        .build()
        .parse(pattern)
    else {
        return Vec::new();
    };
    [ExtractKind::Prefix, ExtractKind::Suffix]
        .into_iter()
        .find_map(|kind| {
            let seq = Extractor::new().kind(kind).extract(&hir);
            let literals = seq.literals()?;
            (!literals.is_empty() && literals.iter().all(|l| !l.as_bytes().is_empty()))
                .then(|| literals.iter().map(|l| l.as_bytes().to_vec()).collect())
        })
        .unwrap_or_default()
}

/// About `size` bytes: the corpus documents, repeated with a numbered heading.
fn corpus_text(size: usize) -> Vec<u8> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("the corpus folder")
        .map(|e| e.expect("a corpus entry").path())
        .collect();
    paths.sort();
    let documents: Vec<Vec<u8>> = paths
        .iter()
        .map(|p| std::fs::read(p).expect("a corpus file"))
        .collect();
    let mut text = Vec::new();
    for i in 0.. {
        if text.len() >= size {
            break;
        }
        text.extend_from_slice(format!("Document {i}\n\n").as_bytes());
        text.extend_from_slice(&documents[i % documents.len()]);
    }
    text
}
