//! The schema's per-kind claims checked against what loading a rule file accepts.

use super::*;
use crate::config::load_text;

/// A rule file holding `kind`'s documented example, with `key = value` added to its rule (any
/// line of the example that sets `key` removed first).
fn example_with(kind: &KindSpec, key: &str, value: &str) -> String {
    let example = kind
        .docs
        .split("Example:\n")
        .nth(1)
        .expect("every kind has an example");
    // The example is the indented block after "Example:" (the docs may go on after it).
    let mut text: String = (example.lines())
        .take_while(|line| line.is_empty() || line.starts_with("    "))
        .map(|line| line.strip_prefix("    ").unwrap_or(line))
        .filter(|line| !line.starts_with(&format!("{key} =")))
        .map(|line| format!("{line}\n"))
        .collect();
    text.push_str(&format!("{key} = {value}\n"));
    text
}

fn load_error(text: &str) -> Option<String> {
    load_text("example.toml", text).err().map(|e| e.to_string())
}

/// A TOML value of the type the schema gives `key`.
fn value_of_schema_type(schema: &Value, key: &str) -> &'static str {
    let property = &schema["definitions"]["Rule"]["properties"][key];
    match property["type"].as_str() {
        Some("boolean") => "true",
        Some("integer") => "3",
        Some("array") => "[\"x\"]",
        // A string, or `find`'s string-or-list.
        _ => "\"x\"",
    }
}

#[test]
fn every_kind_example_loads_as_written() {
    for kind in KINDS {
        let text = example_with(kind, "description", "\"probe\"");
        assert_eq!(load_error(&text), None, "{}:\n{text}", kind.name);
    }
}

#[test]
fn an_option_of_another_kind_is_refused_as_the_schema_says() {
    let schema = schema();
    let options: Vec<&str> = KINDS
        .iter()
        .flat_map(|k| k.options.iter().map(|o| o.0))
        .collect();
    for kind in KINDS {
        for key in options.iter().filter(|key| !declares(kind, key)) {
            let text = example_with(kind, key, value_of_schema_type(&schema, key));
            let error = load_error(&text).unwrap_or_default();
            assert!(
                error.contains(&format!("`{key}` is not an option of kind `{}`", kind.name)),
                "a `{}` rule with `{key}` should be refused, got {error:?}",
                kind.name
            );
        }
    }
}

#[test]
fn the_schema_types_of_a_kinds_options_are_what_loading_accepts() {
    let schema = schema();
    for kind in KINDS {
        for (key, doc) in kind.options {
            let value = match choices(doc) {
                Some(values) => format!("\"{}\"", values[values.len() - 1]),
                None => value_of_schema_type(&schema, key).to_string(),
            };
            let text = example_with(kind, key, &value);
            // Patterns and phrases are checked for meaning, not type; a type error says so.
            let error = load_error(&text).unwrap_or_default();
            assert!(
                !error.contains("invalid type") && !error.contains("unknown"),
                "`{}` rule, `{key} = {value}`: {error}",
                kind.name
            );
        }
    }
}

#[test]
fn listed_choices_are_exactly_what_compiling_accepts() {
    for kind in KINDS {
        for (key, doc) in kind.options {
            let refused = load_error(&example_with(kind, key, "\"no-such-value\""));
            let Some(values) = choices(doc) else {
                // A string option without a list takes any string, or is not a string.
                assert!(
                    !refused.unwrap_or_default().contains("must be one of"),
                    "`{}`'s `{key}` has choices its registry line does not list",
                    kind.name
                );
                continue;
            };
            let listed: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
            let expected = format!("`{key}` must be one of {},", listed.join(", "));
            let refused = refused.unwrap_or_default();
            assert!(refused.contains(&expected), "{}: {refused}", kind.name);
            for value in values {
                let text = example_with(kind, key, &format!("\"{value}\""));
                assert_eq!(load_error(&text), None, "{}: {key} = {value}", kind.name);
            }
        }
    }
}

#[test]
fn choices_and_defaults_are_read_from_registry_lines() {
    assert_eq!(
        choices("nfc (default) | nfkc | none"),
        Some(vec!["nfc", "nfkc", "none"])
    );
    assert_eq!(
        choices("exact (default) | ignore | preserve: how letter case is matched and kept"),
        Some(vec!["exact", "ignore", "preserve"])
    );
    assert_eq!(choices("the replacement text"), None);
    assert_eq!(choices("regex matched against each trimmed line"), None);
    assert_eq!(
        default("line (default) | paragraph | to-end"),
        Some(json!("line"))
    );
    assert_eq!(
        default("match whole words only (default true)"),
        Some(json!(true))
    );
    assert_eq!(
        default("paragraphs shorter than this are kept (default 8)"),
        Some(json!(8))
    );
    assert_eq!(
        default("repair ... (default false; on in the built-in defaults)"),
        Some(json!(false))
    );
    assert_eq!(default("the replacement text"), None);
}

#[test]
fn the_schema_names_every_kind_and_limits_each_to_its_options() {
    let schema = schema();
    let rule = &schema["definitions"]["Rule"];
    assert_eq!(
        rule["properties"]["kind"]["enum"].as_array().unwrap().len(),
        KINDS.len()
    );
    assert_eq!(rule["additionalProperties"], json!(false));
    let drop = kind_named("drop");
    let condition = &rule["allOf"][KINDS.iter().position(|k| k.name == "drop").unwrap()];
    assert_eq!(
        condition["if"]["properties"]["kind"]["const"],
        json!(drop.name)
    );
    let allowed = condition["then"]["propertyNames"]["enum"]
        .as_array()
        .unwrap();
    assert!(allowed.contains(&json!("scope")) && allowed.contains(&json!("id")));
    assert!(!allowed.contains(&json!("find")));
    assert_eq!(
        condition["then"]["properties"]["scope"]["default"],
        json!("line")
    );
    assert_eq!(
        rule["properties"]["scope"]["enum"],
        json!(["line", "paragraph", "to-end"])
    );
}
