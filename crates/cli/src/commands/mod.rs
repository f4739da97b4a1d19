//! One module per subcommand; each returns its exit code.

use crate::args::Command;
use crate::{Context, Exit};

mod check;
mod explain;
pub(crate) mod explanations;
mod export;
mod extract;
mod fix;
mod process;
mod rules;

pub fn run(command: Command, context: &mut Context<'_>) -> Exit {
    match command {
        Command::Check(args) => check::run(&args, context),
        Command::Extract(args) => extract::run(&args, context),
        Command::Rules(args) => rules::run(args, context),
        Command::Explain(args) => explain::run(&args, context),
        Command::Fix(args) => fix::run(&args, context),
    }
}
