//! The transcript styles of issue 12, one fixture each: `fixtures/styles/NAME.input.EXT` cleaned
//! by the built-in rules (read as its extension says) must equal `NAME.expected.txt`, and
//! cleaning the result again must change nothing.

use std::path::{Path, PathBuf};
use transclean::Engine;
use transclean::document::{self, FormatOptions};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/styles");
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".input."))
        .collect();
    inputs.sort();
    inputs
}

#[test]
fn every_style_fixture_cleans_to_its_expected_output() {
    let engine = Engine::builtin().unwrap();
    let inputs = fixtures();
    assert!(inputs.len() >= 6, "{inputs:?}");
    let mut failures = Vec::new();
    for input in inputs {
        let name = input.file_name().unwrap().to_string_lossy().into_owned();
        let stem = name.split(".input.").next().unwrap();
        let expected_path = input.with_file_name(format!("{stem}.expected.txt"));
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{} is missing", expected_path.display()));
        let text = std::fs::read_to_string(&input).unwrap();
        let cleaned = document::clean(text, &input, &engine, &FormatOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = cleaned.outcome.cleaned;
        if got != expected {
            failures.push(format!("{name}:\n--- expected\n{expected}\n--- got\n{got}"));
            continue;
        }
        let again = engine.clean(&got).cleaned;
        if again != got {
            failures.push(format!("{name}: not idempotent:\n{again}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
