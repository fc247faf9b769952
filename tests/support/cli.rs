//! Running the `shinchoku` command as the office does, for the tests that build reports:
//! a fresh scratch folder, the command without SOURCE_DATE_EPOCH, and `build`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// An empty folder of its own for one test.
pub fn scratch(suite: &str, name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("shinchoku-{suite}-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

pub fn shinchoku(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap()
}

/// `shinchoku build SUBS --year YEAR --out OUT` and `extra`.
pub fn build(subs: &Path, year: &str, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        subs.to_str().unwrap(),
        "--year",
        year,
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    shinchoku(&args)
}
