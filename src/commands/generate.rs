//! `transclean completions SHELL`, `transclean man` and `transclean schema`: generated from the
//! definitions they describe (the clap command line, the core's registry of rule kinds), so
//! they cannot drift from what the tool accepts.

use crate::app::{EXIT_ERROR, EXIT_OK};
use crate::report::Output;
use clap::{Args, CommandFactory};
use std::path::{Path, PathBuf};

pub const COMPLETIONS_HELP: &str = "\
Examples:
  transclean completions bash > ~/.local/share/bash-completion/completions/transclean
  transclean completions zsh > ~/.zfunc/_transclean      # with fpath+=(~/.zfunc) before compinit
  transclean completions fish > ~/.config/fish/completions/transclean.fish
  transclean completions powershell >> $PROFILE
  eval (transclean completions elvish | slurp)            # in ~/.config/elvish/rc.elv";

pub const MAN_HELP: &str = "\
Examples:
  transclean man | man -l -                 read it now
  transclean man --out /usr/local/share/man/man1   transclean.1, transclean-clean.1, ...";

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write one page per subcommand into DIR (transclean.1, transclean-clean.1,
    /// transclean-rules-list.1, ...) instead of printing the main page.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Prints the completion script for `args.shell`.
pub(crate) fn completions(args: &CompletionsArgs, out: &mut Output) -> u8 {
    let mut command = crate::cli::Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "transclean", &mut script);
    out.print_bytes(&script);
    EXIT_OK
}

/// Prints the main man page, or writes every page under `--out DIR`.
pub(crate) fn man(args: &ManArgs, out: &mut Output) -> u8 {
    let mut command = crate::cli::Cli::command();
    // Building names each subcommand `transclean-clean`, `transclean-rules-list`, ... as the
    // pages are named and refer to one another.
    command.build();
    let Some(dir) = &args.out else {
        return match page(&command) {
            Ok(roff) => {
                out.print_bytes(&roff);
                EXIT_OK
            }
            Err(e) => {
                out.error(&format!("cannot render the man page: {e}"));
                EXIT_ERROR
            }
        };
    };
    match write_pages(&command, dir) {
        Ok(written) => {
            out.summary(&format!("wrote {} man pages to {}", written, dir.display()));
            EXIT_OK
        }
        Err(e) => {
            out.error(&e);
            EXIT_ERROR
        }
    }
}

/// The man page of `command`: clap_mangen's sections, then the text after `--help` (examples,
/// exit codes) as NOTES, its lines kept as they are: clap_mangen would fill them into a
/// paragraph, running the examples together.
fn page(command: &clap::Command) -> std::io::Result<Vec<u8>> {
    let man = clap_mangen::Man::new(command.clone());
    let mut roff = Vec::new();
    man.render_title(&mut roff)?;
    man.render_name_section(&mut roff)?;
    man.render_synopsis_section(&mut roff)?;
    man.render_description_section(&mut roff)?;
    if command.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut roff)?;
    }
    if command.has_subcommands() {
        man.render_subcommands_section(&mut roff)?;
    }
    if let Some(notes) = command.get_after_help() {
        let mut section = roff::Roff::new();
        section.control("SH", ["NOTES"]).control("nf", []);
        for line in notes.to_string().lines() {
            section.text([roff::roman(line)]);
        }
        section.control("fi", []);
        roff.extend(section.render().into_bytes());
    }
    if command.get_version().is_some() {
        man.render_version_section(&mut roff)?;
    }
    // Each section rendered on its own starts with the same definition of `Aq`: keep the first.
    let roff = String::from_utf8_lossy(&roff);
    let preamble = ".ie \\n(.g .ds Aq \\(aq\n.el .ds Aq '\n";
    let body = roff
        .strip_prefix(preamble)
        .unwrap_or(&roff)
        .replace(preamble, "");
    Ok(ascii_roff(&format!("{preamble}{body}")).into_bytes())
}

/// Writes each character outside ASCII as a roff escape (`→` as `\[u2192]`): groff reads its
/// input as Latin-1 unless run through preconv, and would print mojibake.
fn ascii_roff(roff: &str) -> String {
    let mut out = String::with_capacity(roff.len());
    for c in roff.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("\\[u{:04X}]", u32::from(c)));
        }
    }
    out
}

/// Writes the page of `command` and of each of its subcommands (recursively) into `dir`, each
/// atomically; returns how many were written.
fn write_pages(command: &clap::Command, dir: &Path) -> Result<usize, String> {
    if !dir.is_dir() {
        return Err(format!(
            "{}: no such folder\n  hint: create it first (`mkdir -p {}`)",
            dir.display(),
            dir.display()
        ));
    }
    let name = command
        .get_display_name()
        .unwrap_or_else(|| command.get_name());
    let roff = page(command).map_err(|e| format!("cannot render the man page of {name}: {e}"))?;
    let path = dir.join(format!("{name}.1"));
    crate::output_file::write(&path, &roff).map_err(|e| e.to_string())?;
    let mut written = 1;
    for sub in (command.get_subcommands()).filter(|s| !s.is_hide_set() && s.get_name() != "help") {
        written += write_pages(sub, dir)?;
    }
    Ok(written)
}

/// Prints the JSON Schema of rule files and configs (see `transclean_core::schema`).
pub(crate) fn schema(out: &mut Output) -> u8 {
    out.print(&transclean_core::schema::schema_text());
    EXIT_OK
}
