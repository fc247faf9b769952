//! The `shinchoku` command. Each subcommand lives in its own file under `cmd/`; they parse
//! arguments, call the library and print. Exit status: 0 success, 1 a problem in the data
//! (plan or submissions), 2 a usage error.

mod cmd;

use std::process::ExitCode;

/// The one place where a command's outcome becomes what the user sees last and the exit
/// status.
fn main() -> ExitCode {
    match cmd::parse().and_then(cmd::run) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let code = e.exit_code();
            match &e {
                cmd::CmdError::Shown(_) => println!("{e}"),
                cmd::CmdError::Reported => {}
                _ => eprintln!("{e}"),
            }
            ExitCode::from(code)
        }
    }
}
