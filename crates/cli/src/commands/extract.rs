//! `nianbao extract FILE`: what the tool read, as a grid per table or as JSON.

use crate::args::{ExtractArgs, ExtractFormat};
use crate::render::json::ExtractJson;
use crate::render::table;
use crate::{Context, Exit, load};

pub fn run(args: &ExtractArgs, context: &mut Context<'_>) -> Exit {
    let rules = match load::rules(args.rules.rules.as_deref(), context) {
        Ok(rules) => std::sync::Arc::new(rules),
        Err(exit) => return exit,
    };
    let processed = match super::process(&args.file, &rules, &args.rules, &args.limits, context) {
        Ok(processed) => processed,
        Err(super::Skipped::File(_)) => return Exit::Unreadable,
        Err(super::Skipped::Stop(exit)) => return exit,
    };
    let (document, bound, template) = (&processed.document, &processed.bound, processed.template);
    let path = args.file.display().to_string();
    let text = match args.format {
        ExtractFormat::Table => table::render(&path, &bound.report, template),
        ExtractFormat::Json => {
            match serde_json::to_string_pretty(&ExtractJson::new(&path, document, &bound.report)) {
                Ok(json) => json + "\n",
                Err(error) => {
                    let _ = writeln!(context.err, "错误：无法生成 JSON：{error}");
                    return Exit::Usage;
                }
            }
        }
    };
    let _ = context.out.write_all(text.as_bytes());
    Exit::Clean
}
