//! JSON made safe to embed in an HTML `<script>` element.

/// JSON that can sit inside a `<script>` element: `<`, `>` and `&` as `\u003c` etc., so that no
/// `</script>` or `<!--` in the data can end or change the element, and U+2028 / U+2029 (line
/// ends to old JavaScript parsers) as escapes too. Each appears only inside JSON strings, where
/// the escape means the same character.
pub fn script_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_js_line_ends_are_escaped() {
        let json = serde_json::json!({ "x": "<!--<script>&</script>\u{2028}\u{2029}" }).to_string();
        let safe = script_safe_json(&json);
        assert_eq!(
            safe,
            r#"{"x":"\u003c!--\u003cscript\u003e\u0026\u003c/script\u003e\u2028\u2029"}"#
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&safe).unwrap(),
            serde_json::from_str::<serde_json::Value>(&json).unwrap()
        );
    }
}
