//! Where review's answers come from: single keys typed at a terminal (raw mode), a script's
//! `--answers`, or lines on standard input.

use std::collections::VecDeque;
use std::io::{BufRead, Write};

/// Where answers come from: a person at a terminal, a script's `--answers`, or piped input.
pub trait Answers {
    /// The next answer key, skipping spaces and line breaks; `None` when there are no more.
    fn key(&mut self) -> Option<char>;
    /// A line of text (for `e`): the rest of the current line is dropped, the next is read.
    fn line(&mut self) -> Option<String>;
    /// Whether what was answered is already on the screen (a terminal echoed it), so the
    /// reviewer does not print it again.
    fn interactive(&self) -> bool;
    /// Whether the answers ended with Ctrl-C: stop at once, writing nothing more.
    fn interrupted(&self) -> bool {
        false
    }
}

/// Answers given up front, as with `--answers yynq`.
pub struct ScriptedAnswers {
    chars: VecDeque<char>,
}

impl ScriptedAnswers {
    pub fn new(keys: &str) -> ScriptedAnswers {
        ScriptedAnswers {
            chars: keys.chars().collect(),
        }
    }
}

impl Answers for ScriptedAnswers {
    fn key(&mut self) -> Option<char> {
        while let Some(c) = self.chars.pop_front() {
            if !c.is_whitespace() {
                return Some(c);
            }
        }
        None
    }

    fn line(&mut self) -> Option<String> {
        while let Some(c) = self.chars.pop_front() {
            if c == '\n' {
                break;
            }
        }
        if self.chars.is_empty() {
            return None;
        }
        let mut line = String::new();
        while let Some(c) = self.chars.pop_front() {
            if c == '\n' {
                break;
            }
            line.push(c);
        }
        Some(line)
    }

    fn interactive(&self) -> bool {
        false
    }
}

/// Answers read line by line: a pipe, or a terminal whose output is not a terminal (type `y`
/// and Enter, or several keys at once).
pub struct ReaderAnswers<R> {
    reader: R,
    pending: VecDeque<char>,
    interactive: bool,
}

impl<R: BufRead> ReaderAnswers<R> {
    pub fn new(reader: R, interactive: bool) -> ReaderAnswers<R> {
        ReaderAnswers {
            reader,
            pending: VecDeque::new(),
            interactive,
        }
    }

    fn read_line(&mut self) -> Option<String> {
        let mut line = String::new();
        match self.reader.read_line(&mut line) {
            Ok(0) | Err(_) => None,
            Ok(_) => Some(line),
        }
    }
}

impl<R: BufRead> Answers for ReaderAnswers<R> {
    fn key(&mut self) -> Option<char> {
        loop {
            while let Some(c) = self.pending.pop_front() {
                if !c.is_whitespace() {
                    return Some(c);
                }
            }
            let line = self.read_line()?;
            self.pending.extend(line.chars());
        }
    }

    fn line(&mut self) -> Option<String> {
        self.pending.clear();
        let line = self.read_line()?;
        Some(line.trim_end_matches(['\n', '\r']).to_string())
    }

    fn interactive(&self) -> bool {
        self.interactive
    }
}

/// The terminal in raw mode for as long as this lives: dropped on every way out (a return, an
/// error, a panic unwinding), it puts the terminal back as it was.
struct RawMode;

impl RawMode {
    fn enable() -> std::io::Result<RawMode> {
        crossterm::terminal::enable_raw_mode()?;
        Ok(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        let _ = crossterm::terminal::disable_raw_mode();
    }
}

/// What one key press means to review.
enum Pressed {
    Char(char),
    Enter,
    Backspace,
    /// Ctrl-C: stop at once, as the interrupt would outside raw mode.
    Interrupt,
    /// Ctrl-D or Escape: no more answers.
    End,
    Other,
}

/// Single keys from a terminal, read in raw mode (no Enter needed). Raw mode is on only while a
/// key is awaited, so whatever is printed in between, and every way the program ends, finds the
/// terminal as it was.
pub struct TerminalAnswers {
    /// Set after Ctrl-C: the caller stops, writing nothing more.
    pub interrupted: bool,
}

impl TerminalAnswers {
    pub fn new() -> TerminalAnswers {
        TerminalAnswers { interrupted: false }
    }

    /// The next key press; `None` if the terminal cannot be read.
    fn press() -> Option<Pressed> {
        use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
        let _raw = RawMode::enable().ok()?;
        loop {
            let Event::Key(key) = event::read().ok()? else {
                continue;
            };
            if key.kind == KeyEventKind::Release {
                continue;
            }
            let control = key.modifiers.contains(KeyModifiers::CONTROL);
            return Some(match key.code {
                KeyCode::Char('c') if control => Pressed::Interrupt,
                KeyCode::Char('d') if control => Pressed::End,
                KeyCode::Char(c) if !control => Pressed::Char(c),
                KeyCode::Enter => Pressed::Enter,
                KeyCode::Backspace => Pressed::Backspace,
                KeyCode::Esc => Pressed::End,
                _ => Pressed::Other,
            });
        }
    }

    /// Whether `pressed` ends the answers (Ctrl-C, Ctrl-D, Escape), echoed as a terminal would.
    fn stopped(&mut self, pressed: &Pressed) -> bool {
        match pressed {
            Pressed::Interrupt => {
                self.interrupted = true;
                Self::echo("^C\n");
                true
            }
            Pressed::End => {
                Self::echo("\n");
                true
            }
            _ => false,
        }
    }

    fn echo(text: &str) {
        let mut stdout = std::io::stdout();
        let _ = stdout
            .write_all(text.as_bytes())
            .and_then(|_| stdout.flush());
    }
}

impl Default for TerminalAnswers {
    fn default() -> Self {
        TerminalAnswers::new()
    }
}

impl Answers for TerminalAnswers {
    fn key(&mut self) -> Option<char> {
        loop {
            match Self::press()? {
                Pressed::Char(c) if !c.is_whitespace() => {
                    Self::echo(&format!("{c}\n"));
                    return Some(c);
                }
                pressed if self.stopped(&pressed) => return None,
                _ => {}
            }
        }
    }

    fn line(&mut self) -> Option<String> {
        let mut line = String::new();
        loop {
            match Self::press()? {
                Pressed::Char(c) => {
                    line.push(c);
                    Self::echo(c.encode_utf8(&mut [0; 4]));
                }
                Pressed::Backspace => {
                    if line.pop().is_some() {
                        Self::echo("\u{8} \u{8}");
                    }
                }
                Pressed::Enter => {
                    Self::echo("\n");
                    return Some(line);
                }
                pressed if self.stopped(&pressed) => return None,
                Pressed::Other | Pressed::Interrupt | Pressed::End => {}
            }
        }
    }

    fn interactive(&self) -> bool {
        true
    }

    fn interrupted(&self) -> bool {
        self.interrupted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_read_from_lines() {
        let input = b"y n\n\ne\nnew text\nq\n" as &[u8];
        let mut answers = ReaderAnswers::new(input, false);
        assert_eq!(answers.key(), Some('y'));
        assert_eq!(answers.key(), Some('n'));
        assert_eq!(answers.key(), Some('e'));
        assert_eq!(answers.line().as_deref(), Some("new text"));
        assert_eq!(answers.key(), Some('q'));
        assert_eq!(answers.key(), None);
    }
}
