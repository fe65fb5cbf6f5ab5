//! What transclean offers other tools: shell completions, man pages and the JSON Schema of its
//! rule files. Each is checked with the tool that consumes it (bash, groff, a JSON Schema
//! validator), not only for its text.
//!
//! The committed schema is `schema/transclean.schema.json`; after changing the rule-file format
//! or the registry, regenerate it with `TRANSCLEAN_BLESS=1 cargo test --test integration`.

use clap::CommandFactory;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn transclean(args: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_transclean"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "transclean {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Runs `program args` with `input` on stdin.
fn run_with_input(program: &str, args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("cannot run {program} ({e}); .ci/run installs it (groff-base, man-db)")
        });
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// Every subcommand path: `clean`, ..., `rules list`, `rules explain`, ...
fn subcommands() -> Vec<Vec<String>> {
    fn walk(command: &clap::Command, path: &[String], out: &mut Vec<Vec<String>>) {
        for sub in command.get_subcommands() {
            let mut path = path.to_vec();
            path.push(sub.get_name().to_string());
            out.push(path.clone());
            walk(sub, &path, out);
        }
    }
    let mut out = Vec::new();
    walk(&transclean::cli::Cli::command(), &[], &mut out);
    assert!(out.len() > 10, "{out:?}");
    out
}

#[test]
fn the_bash_completion_script_parses_and_completes_every_subcommand() {
    let script = transclean(&["completions", "bash"]).stdout;
    let checked = run_with_input("bash", &["-n"], &script);
    assert!(
        checked.status.success(),
        "bash -n: {}",
        String::from_utf8_lossy(&checked.stderr)
    );
    // Complete `transclean <TAB>` and `transclean rules <TAB>` as bash would.
    let complete = |words: &str| {
        let program = format!(
            "source /dev/stdin\nCOMP_WORDS=({words} '')\nCOMP_CWORD=${{#COMP_WORDS[@]}}\n\
             COMP_CWORD=$((COMP_CWORD - 1))\n_transclean transclean '' \"${{COMP_WORDS[-2]}}\"\n\
             printf '%s\\n' \"${{COMPREPLY[@]}}\""
        );
        let output = run_with_input("bash", &["-c", &program], &script);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    };
    let top = complete("transclean");
    let rules = complete("transclean rules");
    for path in subcommands() {
        let offered = if path.len() == 1 { &top } else { &rules };
        let name = path.last().unwrap();
        assert!(
            offered.lines().any(|l| l == name),
            "`{}` is not completed:\n{offered}",
            path.join(" ")
        );
    }
    assert!(top.lines().any(|l| l == "--rules"), "{top}");
}

#[test]
fn every_shell_gets_a_script_naming_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = String::from_utf8(transclean(&["completions", shell]).stdout).unwrap();
        for path in subcommands() {
            let name = path.last().unwrap();
            assert!(script.contains(name.as_str()), "{shell}: no `{name}`");
        }
    }
}

/// groff's warnings for a page (`-ww` turns them all on); empty when it renders cleanly.
fn groff_warnings(page: &[u8]) -> String {
    let output = run_with_input("groff", &["-man", "-Tutf8", "-ww", "-z"], page);
    assert!(output.status.success(), "groff failed");
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn the_man_page_renders_and_lists_every_subcommand() {
    let page = transclean(&["man"]).stdout;
    assert_eq!(groff_warnings(&page), "");
    let roff = String::from_utf8(page.clone()).unwrap();
    assert!(
        roff.is_ascii(),
        "non-ASCII characters are written as roff escapes"
    );
    assert_eq!(
        roff.matches(".ds Aq").count(),
        2,
        "the `Aq` string is defined once"
    );
    let rendered = run_with_input("man", &["-l", "-"], &page);
    assert!(rendered.status.success());
    let text = String::from_utf8(rendered.stdout).unwrap();
    for heading in ["NAME", "SYNOPSIS", "OPTIONS", "SUBCOMMANDS", "NOTES"] {
        assert!(text.lines().any(|l| l == heading), "no {heading}:\n{text}");
    }
    for path in subcommands().iter().filter(|p| p.len() == 1) {
        assert!(
            text.contains(&format!("transclean-{}(1)", path[0])),
            "{}",
            path[0]
        );
    }
    // The examples keep their lines (not filled into one paragraph), and the arrow survives.
    assert!(
        text.contains("\n         transclean clean < scraped.txt > clean.txt\n"),
        "{text}"
    );
    assert!(text.contains("before → after"), "{text}");
}

#[test]
fn man_out_writes_a_page_per_subcommand_that_renders() {
    let dir = tempfile::tempdir().unwrap();
    transclean(&["man", "--out", dir.path().to_str().unwrap()]);
    let mut expected: Vec<String> = (subcommands().into_iter())
        .filter(|p| !p.contains(&"help".to_string()))
        .map(|p| format!("transclean-{}.1", p.join("-")))
        .collect();
    expected.push("transclean.1".into());
    expected.sort();
    let mut written: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    written.sort();
    assert_eq!(written, expected);
    for name in &written {
        let page = std::fs::read(dir.path().join(name)).unwrap();
        assert_eq!(groff_warnings(&page), "", "{name}");
    }
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_committed_schema_is_current() {
    let path = repo().join("schema/transclean.schema.json");
    let current = transclean_core::schema::schema_text();
    assert_eq!(
        String::from_utf8(transclean(&["schema"]).stdout).unwrap(),
        current
    );
    if std::env::var_os("TRANSCLEAN_BLESS").is_some() {
        std::fs::write(&path, &current).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == current,
        "{} is not what `transclean schema` prints; regenerate it with \
         TRANSCLEAN_BLESS=1 cargo test --test integration, and review the diff",
        path.display()
    );
}

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&transclean_core::schema::schema_text()).unwrap();
    jsonschema::draft7::new(&schema).expect("a valid draft-07 schema")
}

/// The schema's complaints about `value`, each with where it is (`/rule/0/case: ...`).
fn schema_errors(validator: &jsonschema::Validator, value: &Value) -> Vec<String> {
    (validator.iter_errors(value))
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// Every rule file and config of the repository: the built-in rules, the fixtures, and those
/// the CLI cases read and write.
fn rule_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "toml") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&repo().join("rules"), &mut files);
    walk(&repo().join("fixtures"), &mut files);
    // tests/cmd/*.toml are trycmd cases; the rule files are in the cases' folders.
    for entry in std::fs::read_dir(repo().join("tests/cmd")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, &mut files);
        }
    }
    files.sort();
    files
}

/// Files refused, on purpose, for what the schema also checks: keys and kinds.
const REFUSED_BY_DESIGN: [&str; 4] = [
    "fixtures/lint/unknown-key.toml",
    "fixtures/rules/unknown-key.toml",
    "fixtures/rules/unknown-kind.toml",
    "fixtures/rules/wrong-option.toml",
];

/// What loading says of a file, reduced to what a schema can know: its keys, kinds and types.
fn refused_for_structure(text: &str) -> Option<String> {
    let error = transclean_core::config::load_text("file.toml", text)
        .err()?
        .to_string();
    [
        "unknown key",
        "not an option",
        "unknown rule kind",
        "invalid type",
        "must be one of",
    ]
    .iter()
    .any(|s| error.contains(s))
    .then_some(error)
}

#[test]
fn every_rule_file_of_the_repository_is_checked_by_the_schema_as_by_loading() {
    let validator = validator();
    let files = rule_files();
    assert!(files.len() > 40, "{files:?}");
    let mut refused = Vec::new();
    for path in &files {
        let name = path
            .strip_prefix(repo())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(path).unwrap();
        let Ok(toml) = toml::from_str::<Value>(&text) else {
            assert_eq!(name, "fixtures/rules/bad-syntax.toml", "not TOML");
            continue;
        };
        let errors = schema_errors(&validator, &toml);
        match refused_for_structure(&text) {
            Some(error) => {
                assert!(
                    !errors.is_empty(),
                    "{name}: loading refuses it ({error}), the schema not"
                );
                refused.push(name);
            }
            None => assert!(errors.is_empty(), "{name}: {errors:#?}"),
        }
    }
    assert_eq!(refused, REFUSED_BY_DESIGN);
}

#[test]
fn the_schema_refuses_what_loading_refuses() {
    let validator = validator();
    let cases = [
        (
            "[[rule]]\nid = \"x\"\nkind = \"replace\"\nfind = \"a\"\nreplace = \"b\"\ncase = \"upper\"\n",
            "case",
        ),
        (
            "[[rule]]\nid = \"x\"\nkind = \"drop\"\npattern = \"a\"\nfind = \"a\"\n",
            "find",
        ),
        ("[[rule]]\nid = \"x\"\nkind = \"repeated-words\"\n", "kind"),
        (
            "[[rule]]\nid = \"x\"\nkind = \"whitespace\"\nruns = \"yes\"\n",
            "runs",
        ),
        ("[[rule]]\nkind = \"whitespace\"\n", "id"),
        (
            "[[rule]]\nid = \"x\"\nkind = \"whitespace\"\nstage = \"late\"\n",
            "stage",
        ),
        ("[meta]\nnmae = \"typo\"\n", "nmae"),
        ("[[exception]]\nrule = \"x\"\n", "text"),
    ];
    for (text, key) in cases {
        assert!(
            transclean_core::config::load_text("case.toml", text).is_err(),
            "loading accepts {text}"
        );
        let toml: Value = toml::from_str(text).unwrap();
        let errors = schema_errors(&validator, &toml);
        assert!(
            errors.iter().any(|e| e.contains(key)),
            "the schema accepts {text}: {errors:?}"
        );
    }
}
