//! The `nianbao` command; everything lives in the library so tests can run it in-process.

/// mimalloc rather than the system's allocator: a check allocates many small strings and
/// vectors, and a batch spent about a tenth less CPU with it (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    nianbao_cli::main()
}
