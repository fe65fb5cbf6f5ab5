//! File names in diff headers, quoted as git quotes them, so that `git apply` finds the file
//! whatever its name holds: a name with a control character, a `"`, a `\` or a byte outside
//! ASCII is written `"a/na\"me"`, with C escapes and octal for the rest (git's `core.quotepath`).

use std::path::Path;

/// `side` (`a` or `b`) and `path` as a diff header names them: `a/doc.txt`, or quoted.
pub fn header(side: char, path: &Path) -> String {
    let bytes = raw(path);
    let mut name = Vec::with_capacity(bytes.len() + 2);
    name.extend_from_slice(format!("{side}/").as_bytes());
    name.extend_from_slice(&bytes);
    if !name.iter().any(|&b| needs_quoting(b)) {
        return String::from_utf8_lossy(&name).into_owned();
    }
    let mut quoted = String::from("\"");
    for &byte in &name {
        match byte {
            b'\x07' => quoted.push_str("\\a"),
            b'\x08' => quoted.push_str("\\b"),
            b'\t' => quoted.push_str("\\t"),
            b'\n' => quoted.push_str("\\n"),
            b'\x0b' => quoted.push_str("\\v"),
            b'\x0c' => quoted.push_str("\\f"),
            b'\r' => quoted.push_str("\\r"),
            b'"' => quoted.push_str("\\\""),
            b'\\' => quoted.push_str("\\\\"),
            b if needs_quoting(b) => quoted.push_str(&format!("\\{b:03o}")),
            b => quoted.push(char::from(b)),
        }
    }
    quoted.push('"');
    quoted
}

fn needs_quoting(byte: u8) -> bool {
    byte < 0x20 || byte == 0x7f || byte >= 0x80 || byte == b'"' || byte == b'\\'
}

/// The bytes of a path as the file system holds them.
#[cfg(unix)]
fn raw(path: &Path) -> std::borrow::Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    std::borrow::Cow::Borrowed(path.as_os_str().as_bytes())
}

#[cfg(not(unix))]
fn raw(path: &Path) -> std::borrow::Cow<'_, [u8]> {
    std::borrow::Cow::Owned(path.to_string_lossy().replace('\\', "/").into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_are_left_and_others_quoted_as_git_does() {
        assert_eq!(header('a', Path::new("dir/doc.txt")), "a/dir/doc.txt");
        assert_eq!(header('b', Path::new("a b.txt")), "b/a b.txt");
        assert_eq!(
            header('a', Path::new("na\"me\\x\ty\nz.txt")),
            r#""a/na\"me\\x\ty\nz.txt""#
        );
        assert_eq!(header('a', Path::new("é.txt")), r#""a/\303\251.txt""#);
    }
}
