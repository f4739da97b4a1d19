//! The `nianbao` command; everything lives in the library so tests can run it in-process.

// mimalloc: about 0.88x the CPU of the system allocator over a 20 000-report batch (a report
// allocates and frees many small strings); see docs/performance.md.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    nianbao_cli::main()
}
