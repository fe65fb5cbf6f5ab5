//! The `unicode` rule's mojibake repair measured on ftfy's own test cases
//! (`../shared/external/normalizer-cases/`): every case ftfy expects to pass in the in-the-wild,
//! synthetic and language-names files is repaired as ftfy's encoding fix repairs it, and every
//! negative case is left as it is.

use std::path::PathBuf;
use transclean::rules::mojibake;

fn cases(file: &str) -> Vec<serde_json::Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/external/normalizer-cases")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing: the tests need ../shared beside the repository",
            path.display()
        )
    });
    serde_json::from_str(&text).unwrap()
}

/// What the repair makes of a whole text: each run of non-ASCII characters repaired.
fn repaired(text: &str) -> String {
    let stage = transclean::text::StageText::new(text);
    let mut edits = Vec::new();
    mojibake::scan(&stage, &mut |range, to| edits.push((range, to)));
    let mut out = text.to_string();
    for (range, to) in edits.into_iter().rev() {
        out.replace_range(range, &to);
    }
    out
}

/// ftfy's `fixed-encoding` where it gives one (its encoding step alone), else `fixed`.
fn expected(case: &serde_json::Value) -> String {
    case.get("fixed-encoding")
        .unwrap_or(&case["fixed"])
        .as_str()
        .unwrap()
        .to_string()
}

/// Every case ftfy passes comes out as ftfy's encoding fix makes it: the mojibake repaired, and
/// the negative cases (those ftfy leaves as they are) untouched. The one negative case ftfy
/// changes ("Mostly negative": a C1 control read as Windows-1252's ellipsis) is held to ftfy's
/// result too. Repairing a repaired text changes nothing.
#[test]
fn ftfy_cases_are_repaired_and_negatives_left_alone() {
    let (mut repaired_ok, mut positives, mut untouched, mut negatives) = (0, 0, 0, 0);
    let mut failures = Vec::new();
    for file in [
        "in-the-wild.json",
        "synthetic.json",
        "language-names.json",
        "negative.json",
    ] {
        for case in cases(file) {
            if case["expect"] != "pass" {
                continue;
            }
            let original = case["original"].as_str().unwrap();
            let got = repaired(original);
            let want = expected(&case);
            // A case whose ftfy result is its original is a negative one, wherever it is filed.
            if want == original {
                negatives += 1;
                untouched += usize::from(got == want);
            } else {
                positives += 1;
                repaired_ok += usize::from(got == want);
            }
            if got != want {
                failures.push(format!(
                    "{file}: {}: {original:?} -> {got:?}, want {want:?}",
                    case["label"]
                ));
            } else if repaired(&got) != got {
                failures.push(format!(
                    "{file}: {}: a second repair changes it",
                    case["label"]
                ));
            }
        }
    }
    println!(
        "repaired {repaired_ok} of {positives}; negatives untouched {untouched} of {negatives}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!((positives, negatives), (103, 48), "the case files changed");
}
