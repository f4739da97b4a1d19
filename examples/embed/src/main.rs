//! Checks reports with nianbao as a library: one call per report.
//!
//! ```sh
//! cargo run --manifest-path examples/embed/Cargo.toml -- examples/errors/balance.txt
//! cargo run --manifest-path examples/embed/Cargo.toml -- --json examples/errors/balance.txt
//! ```
//!
//! Without `--json` it prints one line per finding; with it, the same JSON document as
//! `nianbao check --format json`, built from the library's own JSON types.

use std::process::ExitCode;

use nianbao_check::Checker;
use nianbao_check::json::{CheckOutput, ReportJson};

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let json = args.first().is_some_and(|a| a == "--json");
    if json {
        args.remove(0);
    }
    // Compiling the rules is the expensive part: once, for every report.
    let checker = match Checker::builtin() {
        Ok(checker) => checker,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(3);
        }
    };
    let results: Vec<_> = args.iter().map(|path| checker.check_file(path)).collect();
    let mut exit = 0;
    for result in &results {
        match result {
            Ok(checked) if checked.has_errors() => exit = exit.max(1),
            Ok(_) => {}
            Err(_) => exit = 4,
        }
    }
    if json {
        let reports = results
            .iter()
            .map(|result| match result {
                Ok(checked) => ReportJson::checked(checked),
                Err(error) => ReportJson::failed(error),
            })
            .collect();
        match serde_json::to_string_pretty(&CheckOutput::new(checker.rules(), reports)) {
            Ok(text) => println!("{text}"),
            Err(error) => eprintln!("{error}"),
        }
    } else {
        for result in &results {
            match result {
                Ok(checked) => {
                    for finding in &checked.findings {
                        let severity = finding.severity.as_str();
                        println!(
                            "{}: {severity} {} {}",
                            checked.name, finding.rule, finding.message
                        );
                    }
                    let counts = checked.counts;
                    println!(
                        "{}: template {}, {} errors, {} warnings, {} infos",
                        checked.name,
                        checked.template,
                        counts.errors,
                        counts.warnings,
                        counts.infos
                    );
                }
                Err(error) => eprintln!(
                    "{}: {} {}",
                    error.name(),
                    error.code().as_str(),
                    error.message()
                ),
            }
        }
    }
    ExitCode::from(exit)
}
