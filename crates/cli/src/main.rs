//! The `nianbao` command; everything lives in the library so tests can run it in-process.

fn main() -> std::process::ExitCode {
    nianbao_cli::main()
}
