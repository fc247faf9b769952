//! clap's own messages — help, a missing or unknown argument, a bad value — as the office
//! reads them: in Japanese, with the usual exit statuses (0 help, 2 a usage error).

use std::process::{Command, Output};

fn shinchoku(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .current_dir(std::env::temp_dir())
        .output()
        .expect("run shinchoku")
}

/// Everything the user sees, stdout and stderr together.
fn seen(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn assert_no_english(args: &[&str], text: &str) {
    for word in [
        "Usage",
        "Options",
        "Arguments",
        "Commands",
        "Print help",
        "Print version",
        "error:",
        "possible values",
        "default:",
        "For more information",
        "tip:",
        "[OPTIONS]",
        "<COMMAND>",
    ] {
        assert!(!text.contains(word), "{args:?} prints {word:?}:\n{text}");
    }
}

#[test]
fn help_is_japanese_and_exits_0() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["build", "--help"],
        &["check", "-h"],
        &["merge", "--help"],
        &["templates", "--help"],
    ] {
        let o = shinchoku(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.contains("使い方: shinchoku"), "{args:?}:\n{out}");
        assert!(out.contains("オプション:"), "{args:?}:\n{out}");
        assert!(out.contains("ヘルプを表示する"), "{args:?}:\n{out}");
        assert_no_english(args, &seen(&o));
    }
    let out = String::from_utf8_lossy(&shinchoku(&["--help"]).stdout).into_owned();
    assert!(
        out.contains("コマンド:") && out.contains("バージョンを表示する"),
        "{out}"
    );
    let out = String::from_utf8_lossy(&shinchoku(&["build", "--help"]).stdout).into_owned();
    assert!(out.contains("引数:\n  <フォルダ>"), "{out}");
    assert!(
        out.contains("使い方: shinchoku build <フォルダ> --year <年度>"),
        "{out}"
    );
}

#[test]
fn build_without_a_folder_names_what_is_missing() {
    let args = ["build", "--year", "R3"];
    let o = shinchoku(&args);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("エラー: <フォルダ> を指定してください"),
        "{err}"
    );
    assert!(
        err.contains("使い方: shinchoku build <フォルダ> --year <年度>"),
        "{err}"
    );
    assert_no_english(&args, &seen(&o));
    let o = shinchoku(&["build"]);
    assert_eq!(o.status.code(), Some(2));
    assert_no_english(&["build"], &seen(&o));
}

#[test]
fn an_unknown_flag_is_a_usage_error_in_japanese() {
    let args = ["check", "--bogus"];
    let o = shinchoku(&args);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("エラー: オプション「--bogus」はありません"),
        "{err}"
    );
    assert_no_english(&args, &seen(&o));
}

#[test]
fn no_command_shows_the_commands_and_exits_2() {
    let o = shinchoku(&[]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("エラー: コマンドを指定してください"),
        "{err}"
    );
    assert!(err.contains("build"), "{err}");
    assert_no_english(&[], &seen(&o));
}

#[test]
fn a_value_parsers_message_comes_through() {
    let o = shinchoku(&["build", "提出", "--year", "来年"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(
        err.trim_end(),
        "エラー: --year 「来年」は年度として読めません。「令和3年度」「令和元年度」「R3」「2021」のように書いてください"
    );
    let o = Command::new(env!("CARGO_BIN_EXE_shinchoku"))
        .args(["templates", "--year", "R3", "--out", "."])
        .env("SOURCE_DATE_EPOCH", "きのう")
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("エラー: 環境変数 SOURCE_DATE_EPOCH「きのう」は"),
        "the environment, not a flag, is named: {err}"
    );
}

#[test]
fn the_version_is_printed_and_exits_0() {
    let o = shinchoku(&["--version"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("shinchoku "));
}
