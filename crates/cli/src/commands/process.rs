//! What `check` and `extract` do to each document: read it, choose its template, bind and
//! evaluate it, all within the file's limits and on one worker thread under its time budget.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use nianbao_check::{Bound, Evaluation};
use nianbao_model::Document;
use nianbao_read::{Limits, ReadError, ReadOptions};
use nianbao_rules::RuleSet;
use nianbao_rules::ruleset::Template;

use crate::args::{LimitArgs, RulesArgs};
use crate::budget::{Budget, Overrun};
use crate::load::{self, Unreadable, UnreadableDocument};
use crate::render::source::DocumentSource;
use crate::{Context, Exit};

/// Everything the documents of one command are processed with, settled before the first
/// file is opened: a bad rule file or an unknown `--template` stops the command at once.
pub struct Setup {
    rules: Arc<RuleSet>,
    /// `--template ID`, known to exist; `None` to detect each document's template.
    fixed: Option<String>,
    verbose: bool,
    limits: Limits,
    timeout: Duration,
}

/// One document read, its template chosen, bound and evaluated.
pub struct Processed<'r> {
    pub document: Document,
    pub source: Arc<DocumentSource>,
    pub template: &'r Template,
    pub bound: Bound,
    pub evaluation: Evaluation,
}

/// What the worker hands back.
struct Worked {
    document: Document,
    template: String,
    /// Why this template was chosen (only when detected).
    explanation: Option<String>,
    bound: Bound,
    evaluation: Evaluation,
}

/// Why the worker gave no document.
enum Refused {
    Read(ReadError),
    /// A template the setup vouched for was not there: a bug, with what went wrong.
    Bug(String),
}

impl Setup {
    /// Loads the rules (`--rules` or the embedded ones) and checks `--template`; problems are
    /// reported on stderr and give the command's exit code.
    pub fn new(
        args: &RulesArgs,
        limits: &LimitArgs,
        context: &mut Context<'_>,
    ) -> Result<Self, Exit> {
        let rules = load::rules(args.rules.as_deref(), context)?;
        if rules.templates.is_empty() {
            let _ = writeln!(context.err, "错误：规则文件中没有任何模板");
            return Err(Exit::InvalidRules);
        }
        if let Some(id) = args.template.as_deref()
            && rules.template(id).is_none()
        {
            let known: Vec<&str> = rules.templates.iter().map(|t| t.id.as_str()).collect();
            let _ = writeln!(
                context.err,
                "错误：没有 id 为 `{id}` 的模板；可用的模板：{}",
                known.join("、")
            );
            return Err(Exit::Usage);
        }
        Ok(Self {
            rules: Arc::new(rules),
            fixed: args.template.clone(),
            verbose: args.verbose,
            limits: limits.reader(),
            timeout: limits.timeout,
        })
    }

    /// Reads, binds and evaluates one document. A file that gives no result is reported on
    /// stderr; what is returned then is what the JSON output says of it.
    pub fn process(
        &self,
        path: &Path,
        context: &mut Context<'_>,
    ) -> Result<Processed<'_>, Unreadable> {
        let budget = Budget::start(self.timeout);
        let bytes = load::file_bytes(path, &self.limits, context)?;
        let options = ReadOptions {
            name: path.file_name().map(|n| n.to_string_lossy().into_owned()),
            limits: self.limits,
        };
        // The worker shares the rule set; detection, like reading, counts against the budget.
        let rules = Arc::clone(&self.rules);
        let fixed = self.fixed.clone();
        let worked = budget.run(move || work(bytes, &options, &rules, fixed));
        let name = path.display().to_string();
        let worked = match worked {
            Ok(Ok(worked)) => worked,
            Ok(Err(Refused::Read(cause))) => {
                return Err(load::report(
                    &UnreadableDocument { path: name, cause },
                    context,
                ));
            }
            Ok(Err(Refused::Bug(detail))) => {
                return Err(load::overrun(path, &Overrun::Failed(detail), context));
            }
            Err(overrun) => return Err(load::overrun(path, &overrun, context)),
        };
        let Some(template) = self.rules.template(&worked.template) else {
            let detail = format!("找不到模板 `{}`", worked.template);
            return Err(load::overrun(path, &Overrun::Failed(detail), context));
        };
        if self.verbose
            && let Some(explanation) = &worked.explanation
        {
            let _ = writeln!(context.err, "说明：{explanation}");
        }
        let text = Arc::<str>::from(worked.document.text.as_str());
        Ok(Processed {
            source: Arc::new(DocumentSource::new(name, text)),
            document: worked.document,
            template,
            bound: worked.bound,
            evaluation: worked.evaluation,
        })
    }
}

/// The worker's part: read, choose the template (`fixed`, else detected), bind, evaluate.
fn work(
    bytes: Vec<u8>,
    options: &ReadOptions,
    rules: &RuleSet,
    fixed: Option<String>,
) -> Result<Worked, Refused> {
    let document = nianbao_read::read(&bytes, options).map_err(Refused::Read)?;
    // The file's bytes are not needed past this point; a large file should not hold them.
    drop(bytes);
    let (template, explanation) = match fixed {
        Some(id) => {
            let template = rules.template(&id);
            (
                template.ok_or_else(|| Refused::Bug(format!("找不到模板 `{id}`")))?,
                None,
            )
        }
        None => {
            let detection = nianbao_check::detect(&document, rules)
                .ok_or_else(|| Refused::Bug("规则文件中没有任何模板".to_owned()))?;
            (detection.template, Some(detection.explain()))
        }
    };
    let bound = nianbao_check::bind(&document, template);
    let evaluation = nianbao_check::evaluate(&bound.report, template);
    Ok(Worked {
        template: template.id.clone(),
        document,
        explanation,
        bound,
        evaluation,
    })
}
