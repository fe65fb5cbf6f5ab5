//! The built-in rule files, embedded so the binary works with no files around it.
//!
//! They live as TOML under `rules/` so they are read, reviewed and tested like any project's
//! rule files; the order here is the order they are layered in.

/// `(name, text)` of each built-in rule file, in layering order.
pub const FILES: &[(&str, &str)] = &[
    (
        "rules/defaults.toml",
        include_str!("../rules/defaults.toml"),
    ),
    (
        "rules/doubled-words.toml",
        include_str!("../rules/doubled-words.toml"),
    ),
    (
        "rules/corrections.toml",
        include_str!("../rules/corrections.toml"),
    ),
    (
        "rules/russia-us.toml",
        include_str!("../rules/russia-us.toml"),
    ),
    (
        "rules/boilerplate-rev.toml",
        include_str!("../rules/boilerplate-rev.toml"),
    ),
    (
        "rules/boilerplate-sputnik.toml",
        include_str!("../rules/boilerplate-sputnik.toml"),
    ),
    (
        "rules/boilerplate-eir.toml",
        include_str!("../rules/boilerplate-eir.toml"),
    ),
    (
        "rules/boilerplate-subtitles.toml",
        include_str!("../rules/boilerplate-subtitles.toml"),
    ),
    (
        "rules/boilerplate-services.toml",
        include_str!("../rules/boilerplate-services.toml"),
    ),
];
