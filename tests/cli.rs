//! CLI behaviour as data: each case in `tests/cmd/` is a `.toml` (arguments, working directory,
//! exit code) with the expected `.stdout` / `.stderr` beside it, and `.in/` / `.out/` folders
//! for cases that read or write files. Update with `TRYCMD=overwrite cargo test --test cli`,
//! then review the changed files.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}

/// A reader that stops early (`transclean clean | head`) is not an error: exit 0, no panic.
#[test]
fn closed_stdout_is_not_an_error() {
    use std::io::{Read, Write};
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_transclean"))
        .args(["clean", "--no-config"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        // Far more than a pipe buffer, so the writer is still writing when the reader leaves.
        let line = "Dialogue is always good. It is always in demand.\n".repeat(40_000);
        let _ = stdin.write_all(line.as_bytes());
    });
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    writer.join().unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(&first, b"Dialogue is alwa");
    assert!(output.status.success(), "{:?}", output.status);
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
