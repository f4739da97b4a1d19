//! What `check` and `extract` do to each document: the library's [`Checker`], set up from the
//! command's options before the first file is opened (a bad rule file or an unknown
//! `--template` stops the command at once), and the problems of each file on stderr.

use std::path::Path;

use nianbao_check::{CheckError, Checked, Checker, SetupError};

use crate::args::{LimitArgs, RulesArgs};
use crate::{Context, Exit, load, render};

/// The checker of one command, and how much to say about it.
pub struct Setup {
    checker: Checker,
    verbose: bool,
}

impl Setup {
    /// Loads the rules (`--rules` or the embedded ones), checks `--template` and sets the
    /// limits; problems are reported on stderr and give the command's exit code.
    pub fn new(
        args: &RulesArgs,
        limits: &LimitArgs,
        context: &mut Context<'_>,
    ) -> Result<Self, Exit> {
        let rules = load::rules(&args.sources, context)?;
        if args.verbose {
            let _ = writeln!(context.err, "说明：{}", load::describe(&rules));
        }
        let refuse = |error: SetupError, context: &mut Context<'_>| {
            let _ = writeln!(context.err, "错误：{error}");
            match error {
                SetupError::UnknownTemplate { .. } => Exit::Usage,
                _ => Exit::InvalidRules,
            }
        };
        let mut checker = match Checker::new(rules) {
            Ok(checker) => checker,
            Err(error) => return Err(refuse(error, context)),
        };
        if let Some(id) = args.template.as_deref() {
            checker = match checker.with_template(id) {
                Ok(checker) => checker,
                Err(error) => return Err(refuse(error, context)),
            };
        }
        Ok(Self {
            checker: checker
                .with_limits(limits.reader())
                .with_timeout(Some(limits.timeout.into())),
            verbose: args.verbose,
        })
    }

    /// Whether `--verbose` asked to explain each choice of template.
    pub fn verbose(&self) -> bool {
        self.verbose
    }

    /// The checker.
    pub fn checker(&self) -> &Checker {
        &self.checker
    }

    /// Reads, binds and evaluates one document. A file that gives no result is reported on
    /// stderr; with `--verbose` the choice of template is explained there.
    pub fn process(&self, path: &Path, context: &mut Context<'_>) -> Result<Checked, CheckError> {
        match self.checker.check_file(path) {
            Ok(checked) => {
                if self.verbose
                    && let Some(explanation) = checked.choice.explain()
                {
                    let _ = writeln!(context.err, "说明：{explanation}");
                }
                Ok(checked)
            }
            Err(error) => {
                render::to_stream(context.err, &error, context.style);
                Err(error)
            }
        }
    }
}
