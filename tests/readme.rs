//! The README's claims that can drift from the repository: its list of built-in rule files.

use std::path::Path;

/// The README's "Built-in rules" section, up to the next heading.
fn builtin_rules_section(readme: &str) -> &str {
    let start = readme
        .find("## Built-in rules")
        .expect("the README has a Built-in rules section");
    let rest = &readme[start + 2..];
    &rest[..rest.find("\n## ").unwrap_or(rest.len())]
}

#[test]
fn the_readme_names_every_built_in_rule_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let section = builtin_rules_section(&readme);
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(root.join("rules")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name.ends_with(".toml") && !section.contains(&format!("`{name}`")) {
            missing.push(name);
        }
    }
    assert!(
        missing.is_empty(),
        "README.md's Built-in rules section does not name {missing:?}"
    );
}
