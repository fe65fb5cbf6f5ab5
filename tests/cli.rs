//! CLI behaviour as data: each case in `tests/cmd/` is a `.toml` (arguments, working directory,
//! exit code) with the expected `.stdout` / `.stderr` beside it, and `.in/` / `.out/` folders
//! for cases that read or write files. Update with `TRYCMD=overwrite cargo test --test cli`,
//! then review the changed files.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
