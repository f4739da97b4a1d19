//! `nianbao extract FILE`: what the tool read, as a grid per table or as JSON.

use crate::args::{ExtractArgs, ExtractFormat};
use crate::render::json::ExtractJson;
use crate::render::table;
use crate::{Context, Exit, load};

pub fn run(args: &ExtractArgs, context: &mut Context<'_>) -> Exit {
    let rules = match load::rules(args.rules.rules.as_deref(), context) {
        Ok(rules) => rules,
        Err(exit) => return exit,
    };
    let Some((document, _)) = load::document(&args.file, context) else {
        return Exit::Unreadable;
    };
    let template = match super::template(&rules, &args.rules, &document, context) {
        Ok(template) => template,
        Err(exit) => return exit,
    };
    let bound = nianbao_check::bind(&document, template);
    let path = args.file.display().to_string();
    let text = match args.format {
        ExtractFormat::Table => table::render(&path, &bound.report, template),
        ExtractFormat::Json => {
            match serde_json::to_string_pretty(&ExtractJson::new(&path, &document, &bound.report)) {
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
