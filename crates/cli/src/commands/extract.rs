//! `nianbao extract FILE`: what the tool read, as a grid per table or as JSON.

use crate::args::{ExtractArgs, ExtractFormat};
use crate::render::json::ExtractJson;
use crate::render::table;
use crate::{Context, Exit};

use super::process::Setup;

pub fn run(args: &ExtractArgs, context: &mut Context<'_>) -> Exit {
    let setup = match Setup::new(&args.rules, &args.limits, context) {
        Ok(setup) => setup,
        Err(exit) => return exit,
    };
    let Ok(processed) = setup.process(&args.file, context) else {
        return Exit::Unreadable;
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
