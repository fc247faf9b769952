//! Writing outputs safely: a failed run never leaves a half-written file over a good one.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to a temporary file beside `path`, syncs it, then renames it over `path`.
/// The rename is atomic on the same file system, so readers see the old file or the new one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A file name that is valid on Windows, macOS and Linux: characters that any of them
/// refuses are replaced with `＿`, trailing dots and spaces dropped, and names Windows
/// reserves (CON, NUL, COM1 …) prefixed.
pub fn safe_file_stem(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '＿',
            c if c.is_control() => '＿',
            c => c,
        })
        .collect();
    while s.ends_with('.') || s.ends_with(' ') || s.ends_with('　') {
        s.pop();
    }
    let s = s.trim_start().to_string();
    let upper = s.to_ascii_uppercase();
    let base = upper.split('.').next().unwrap_or("");
    let reserved = matches!(base, "CON" | "PRN" | "AUX" | "NUL")
        || ((base.starts_with("COM") || base.starts_with("LPT"))
            && base.len() == 4
            && base.as_bytes()[3].is_ascii_digit());
    match (s.is_empty(), reserved) {
        (true, _) => "＿".to_string(),
        (_, true) => format!("＿{s}"),
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_everywhere() {
        assert_eq!(safe_file_stem("財政局"), "財政局");
        assert_eq!(safe_file_stem("a/b:c"), "a＿b＿c");
        assert_eq!(safe_file_stem("CON"), "＿CON");
        assert_eq!(safe_file_stem("com1"), "＿com1");
        assert_eq!(safe_file_stem("局. "), "局");
        assert_eq!(safe_file_stem(""), "＿");
    }

    #[test]
    fn atomic_write_replaces_the_file() {
        let dir = std::env::temp_dir().join(format!("shinchoku-atomic-{}", std::process::id()));
        let p = dir.join("out.bin");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let leftovers = std::fs::read_dir(&dir).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
        std::fs::remove_dir_all(&dir).ok();
    }
}
