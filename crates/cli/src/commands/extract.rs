//! `nianbao extract FILE`: what the tool read, as a grid per table or as JSON.

use nianbao_check::json::ExtractOutput;

use crate::args::{ExtractArgs, ExtractFormat};
use crate::render::table;
use crate::{Context, Exit};

use super::process::Setup;

pub fn run(args: &ExtractArgs, context: &mut Context<'_>) -> Exit {
    let setup = match Setup::new(&args.rules, &args.limits, context) {
        Ok(setup) => setup,
        Err(exit) => return exit,
    };
    let Ok(checked) = setup.process(&args.file, context) else {
        return Exit::Unreadable;
    };
    let text = match args.format {
        ExtractFormat::Table => match setup.checker().template(&checked.template) {
            Some(template) => table::render(&checked.name, &checked.report, template),
            None => String::new(),
        },
        ExtractFormat::Json => match serde_json::to_string_pretty(&ExtractOutput::new(&checked)) {
            Ok(json) => json + "\n",
            Err(error) => {
                let _ = writeln!(context.err, "错误：无法生成 JSON：{error}");
                return Exit::Usage;
            }
        },
    };
    let _ = context.out.write_all(text.as_bytes());
    Exit::Clean
}
