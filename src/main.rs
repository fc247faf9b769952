//! The `shinchoku` command. Each subcommand lives in its own file under `cmd/`; they parse
//! arguments, call the library and print. Exit status: 0 success, 1 a problem in the data
//! (plan or submissions), 2 a usage error.

mod cmd;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cmd::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("エラー: {e}");
            ExitCode::from(1)
        }
    }
}
