//! The `nianbao` command-line tool: loading rules and documents, running the checker, and
//! rendering the results for people (miette diagnostics) and programs (JSON).
//!
//! [`run`] is the whole program with its streams passed in, so tests run it in-process.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};

use clap::Parser;

mod args;
mod batch;
mod commands;
mod exit;
mod load;
mod render;
mod usage;

pub use exit::Exit;

/// Where output goes and how it looks.
pub struct Context<'a> {
    /// Findings and requested output.
    pub out: &'a mut dyn Write,
    /// Problems with the tool's own inputs.
    pub err: &'a mut dyn Write,
    /// Colour, width.
    pub style: Style,
    /// A batch may draw a progress bar on stderr (it is a terminal).
    pub progress: bool,
}

impl std::fmt::Debug for Context<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Context")
            .field("style", &self.style)
            .finish()
    }
}

/// How rendered output looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Use ANSI colours.
    pub color: bool,
    /// Width diagnostics are wrapped to.
    pub width: usize,
}

/// Facts about the environment that decide the default style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Environment {
    /// `NO_COLOR` is set to a non-empty value.
    pub no_color: bool,
    /// Standard output is a terminal.
    pub terminal: bool,
    /// Terminal width, if known.
    pub width: usize,
    /// Standard error is a terminal: a batch may show a progress bar there.
    pub progress: bool,
}

/// Runs `nianbao` with the given arguments (the first is the program name).
pub fn run<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write, env: Environment) -> Exit
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match args::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let is_usage = error.use_stderr();
            let rendered = if is_usage {
                usage::message(&error)
            } else {
                usage::help(&error)
            };
            let stream: &mut dyn Write = if is_usage { err } else { out };
            let _ = stream.write_all(rendered.as_bytes());
            return if is_usage { Exit::Usage } else { Exit::Clean };
        }
    };
    let color = match cli.global.color {
        args::ColorChoice::Always => true,
        args::ColorChoice::Never => false,
        args::ColorChoice::Auto => env.terminal && !env.no_color,
    };
    let mut context = Context {
        out,
        err,
        style: Style {
            color,
            width: env.width,
        },
        progress: env.progress,
    };
    commands::run(cli.command, &mut context)
}

/// The program: real arguments, real streams, exit code.
pub fn main() -> std::process::ExitCode {
    nianbao_check::contain::quiet_panics();
    let env = Environment {
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        terminal: std::io::stdout().is_terminal(),
        width: 100,
        progress: std::io::stderr().is_terminal(),
    };
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = stdout.lock();
    let mut err = stderr.lock();
    let exit = run(std::env::args_os(), &mut out, &mut err, env);
    let _ = out.flush();
    exit.into()
}
