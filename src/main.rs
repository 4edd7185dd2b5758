//! The `clearmotion` command: parses arguments, calls the library, and maps
//! the result to an exit code in one place.

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: rows are parsed on one thread and modeled on another, and the
/// system allocator is slow at freeing across threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    // SIGINT/SIGTERM: temporary files are removed, the INCOMPLETE marker stays.
    clearmotion::output::remove_temps_on_signal();
    match cli::run(args) {
        Ok(status) => status.into(),
        Err(err) => {
            cli::err(format_args!("error: {err:#}"));
            cli::Status::CouldNotRun.into()
        }
    }
}
