//! The JSON Schema of rule files and configs, for editors (taplo, Even Better TOML) to complete
//! and check them.
//!
//! Nothing here is a second list of keys: the structure and value types come from the serde
//! types the files are parsed with ([`crate::raw`], through `schemars`), and what only the
//! registry knows from the registry: the kinds ([`crate::rules::KINDS`]), which options each accepts
//! and their documentation, the stages, safeties and `in` values. A string option's allowed
//! values and a default are read from its registry line (`"line (default) | paragraph"`,
//! `"... (default true)"`); a test checks those lines against what compiling a rule accepts.

use crate::raw::RawFile;
use crate::rules::{KINDS, KindSpec, Safety, Stage, Within};
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

/// Keys every `[[rule]]` needs; loading refuses a rule without them.
pub const REQUIRED_RULE_KEYS: [&str; 2] = ["id", "kind"];

/// Keys every `[[exception]]` needs.
pub const REQUIRED_EXCEPTION_KEYS: [&str; 2] = ["rule", "text"];

/// The schema, as a JSON value (draft-07, which editors' TOML language servers support).
pub fn schema() -> Value {
    let generator = SchemaSettings::draft07().into_generator();
    let mut root = generator.into_root_schema_for::<RawFile>().to_value();
    without_null(&mut root);
    root["title"] = json!("transclean rule file or transclean.toml");
    root["description"] = json!(
        "A transclean rule file, project transclean.toml or --config file (they share one \
         format). `transclean rules explain KIND` documents each kind and its options."
    );
    let definitions = &mut root["definitions"];
    require(&mut definitions["Exception"], &REQUIRED_EXCEPTION_KEYS);
    rule_schema(&mut definitions["Rule"]);
    root
}

/// The schema as the committed file holds it: pretty-printed, keys sorted, with a final newline.
pub fn schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).expect("a JSON value always prints");
    text.push('\n');
    text
}

/// Removes the `null` schemars allows for an `Option` field: TOML has no null, and a key that
/// is not set is simply absent.
fn without_null(schema: &mut Value) {
    let Some(object) = schema.as_object_mut() else {
        if let Some(items) = schema.as_array_mut() {
            items.iter_mut().for_each(without_null);
        }
        return;
    };
    if let Some(Value::Array(types)) = object.get_mut("type") {
        types.retain(|t| t != "null");
        if let [only] = types.as_slice() {
            let only = only.clone();
            object.insert("type".into(), only);
        }
    }
    if let Some(Value::Array(alternatives)) = object.get("anyOf") {
        let kept: Vec<Value> = (alternatives.iter())
            .filter(|a| a.get("type") != Some(&json!("null")))
            .cloned()
            .collect();
        object.remove("anyOf");
        match kept.as_slice() {
            // In draft-07 a `$ref` hides its siblings (the description); `allOf` keeps both.
            [one] if one.get("$ref").is_some() => {
                object.insert("allOf".into(), json!([one]));
            }
            [one] => object.extend(one.as_object().cloned().unwrap_or_default()),
            _ => {
                object.insert("anyOf".into(), Value::Array(kept));
            }
        }
    }
    object.values_mut().for_each(without_null);
}

/// Adds to the `[[rule]]` schema what only the registry knows.
fn rule_schema(rule: &mut Value) {
    require(rule, &REQUIRED_RULE_KEYS);
    let kinds: Vec<&str> = KINDS.iter().map(|k| k.name).collect();
    let summaries: Vec<String> = KINDS
        .iter()
        .map(|k| format!("`{}`: {}", k.name, k.summary))
        .collect();
    // taplo's extensions: a new `[[rule]]` gets `id` and `kind`, each kind its summary.
    rule["x-taplo"] = json!({ "initKeys": REQUIRED_RULE_KEYS });
    let properties = &mut rule["properties"];
    properties["kind"]["enum"] = json!(kinds);
    properties["kind"]["x-taplo"] = json!({
        "docs": { "enumValues": KINDS.iter().map(|k| k.summary).collect::<Vec<_>>() }
    });
    append_description(&mut properties["kind"], &summaries.join("; "));
    properties["stage"]["enum"] = json!(Stage::ALL.map(Stage::name));
    properties["safety"]["enum"] = json!(Safety::NAMES);
    properties["in"]["enum"] = json!(Within::NAMES);
    for kind in KINDS {
        for (key, doc) in kind.options {
            let option = &mut properties[*key];
            append_description(option, &format!("`{}`: {doc}", kind.name));
            if let Some(values) = choices(doc) {
                option["enum"] = json!(values);
            }
        }
    }
    let common: Vec<String> = (properties.as_object().into_iter())
        .flat_map(|p| p.keys())
        .filter(|key| !KINDS.iter().any(|k| declares(k, key)))
        .cloned()
        .collect();
    let per_kind: Vec<Value> = KINDS.iter().map(|k| kind_condition(k, &common)).collect();
    rule["allOf"] = Value::Array(per_kind);
}

/// `if kind = K then` only K's options (besides the common keys), with K's docs and defaults.
fn kind_condition(kind: &KindSpec, common: &[String]) -> Value {
    let mut allowed: Vec<&str> = common.iter().map(String::as_str).collect();
    let mut properties = Map::new();
    for (key, doc) in kind.options {
        allowed.push(key);
        let mut option = json!({ "description": doc });
        if let Some(default) = default(doc) {
            option["default"] = default;
        }
        properties.insert(key.to_string(), option);
    }
    json!({
        "if": { "properties": { "kind": { "const": kind.name } }, "required": ["kind"] },
        "then": {
            "description": kind.summary,
            "properties": properties,
            "propertyNames": { "enum": allowed },
        },
    })
}

fn declares(kind: &KindSpec, key: &str) -> bool {
    kind.options.iter().any(|(k, _)| *k == key)
}

fn require(object: &mut Value, keys: &[&str]) {
    object["required"] = json!(keys);
}

fn append_description(schema: &mut Value, text: &str) {
    let description = match schema.get("description").and_then(Value::as_str) {
        Some(before) => format!("{before}\n{text}"),
        None => text.to_string(),
    };
    schema["description"] = json!(description);
}

/// The values of a string option whose registry line lists them: `"a (default) | b | c"`, maybe
/// followed by `: what it means`.
pub fn choices(doc: &str) -> Option<Vec<&str>> {
    let list = doc.split(':').next().unwrap_or(doc);
    let values: Vec<&str> = list
        .split(" | ")
        .map(|v| v.trim().trim_end_matches("(default)").trim())
        .collect();
    let is_word = |v: &&str| !v.is_empty() && v.chars().all(|c| c.is_ascii_lowercase() || c == '-');
    (values.len() > 1 && values.iter().all(is_word)).then_some(values)
}

/// An option's default when its registry line says it: `(default true)`, `(default 8)`, or the
/// value marked `(default)` in a list of choices.
pub fn default(doc: &str) -> Option<Value> {
    if let Some(values) = choices(doc) {
        let list = doc.split(':').next().unwrap_or(doc);
        let marked = list.split(" | ").position(|v| v.contains("(default)"))?;
        return Some(json!(values[marked]));
    }
    let after = doc.split("(default ").nth(1)?;
    let value = after.split([')', ';', ',']).next()?.trim();
    match value {
        "true" => Some(json!(true)),
        "false" => Some(json!(false)),
        number => number.parse::<u64>().ok().map(|n| json!(n)),
    }
}

#[cfg(test)]
fn kind_named(name: &str) -> &'static KindSpec {
    crate::rules::kind(name).expect("a registered kind")
}

#[cfg(test)]
mod tests;
