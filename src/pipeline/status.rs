//! How a run ended, merged across its files as ruff and fd do: the worst outcome wins.

/// The exit status of a command: 0 success, 1 changes found (where that fails), 2 error, 130
/// interrupted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitStatus {
    Success,
    /// `check` found changes, `diff --exit-code` found some, an example failed.
    Changes,
    Error,
    /// `review` stopped by Ctrl-C, as a shell reports a process the interrupt ended.
    Interrupted,
}

impl ExitStatus {
    /// The status of a run with `errors` failed inputs and `changed` changed ones; changes
    /// count only when the command fails on them.
    pub fn of_run(errors: usize, changed: usize, changes_fail: bool) -> ExitStatus {
        if errors > 0 {
            ExitStatus::Error
        } else if changes_fail && changed > 0 {
            ExitStatus::Changes
        } else {
            ExitStatus::Success
        }
    }

    /// The worse of two statuses.
    pub fn merge(self, other: ExitStatus) -> ExitStatus {
        self.max(other)
    }

    /// A command's exit code as a status.
    pub fn from_code(code: u8) -> ExitStatus {
        match code {
            0 => ExitStatus::Success,
            1 => ExitStatus::Changes,
            130 => ExitStatus::Interrupted,
            _ => ExitStatus::Error,
        }
    }

    pub const fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Changes => 1,
            ExitStatus::Error => 2,
            ExitStatus::Interrupted => 130,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worst_outcome_wins() {
        assert_eq!(ExitStatus::of_run(0, 3, false), ExitStatus::Success);
        assert_eq!(ExitStatus::of_run(0, 3, true), ExitStatus::Changes);
        assert_eq!(ExitStatus::of_run(1, 3, true), ExitStatus::Error);
        assert_eq!(
            ExitStatus::Changes.merge(ExitStatus::Success),
            ExitStatus::Changes
        );
        assert_eq!(ExitStatus::Changes.merge(ExitStatus::Error).code(), 2);
    }
}
