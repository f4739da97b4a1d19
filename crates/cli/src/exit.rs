//! Exit codes: "the reports have errors" is distinct from "the tool could not do its job".

use std::process::ExitCode;

/// How a run ended. When several outcomes apply (a batch with an unreadable file and a report
/// with errors), the highest code wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// No error finding (warnings allowed).
    Clean = 0,
    /// At least one error finding.
    Findings = 1,
    /// The command line was wrong.
    Usage = 2,
    /// A rule file is invalid.
    InvalidRules = 3,
    /// A document could not be read.
    Unreadable = 4,
}

impl Exit {
    /// The numeric code.
    pub fn code(self) -> u8 {
        self as u8
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit.code())
    }
}
