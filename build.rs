//! Embeds the bundled sample submissions (seeds/samples/<year>/*.xlsx) in the binary, so that
//! `shinchoku demo` works from any directory.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/samples");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut entries: Vec<(String, String, String)> = Vec::new();
    if let Ok(years) = std::fs::read_dir(&root) {
        for year in years.flatten() {
            let ydir = year.path();
            if !ydir.is_dir() {
                continue;
            }
            println!("cargo:rerun-if-changed={}", ydir.display());
            let yname = year.file_name().to_string_lossy().into_owned();
            for f in std::fs::read_dir(&ydir).into_iter().flatten().flatten() {
                let name = f.file_name().to_string_lossy().into_owned();
                if name.ends_with(".xlsx") {
                    entries.push((yname.clone(), name, f.path().display().to_string()));
                }
            }
        }
    }
    entries.sort();
    let mut out = String::from("/// (year folder, file name, bytes) of every bundled sample submission.\npub const SAMPLES: &[(&str, &str, &[u8])] = &[\n");
    for (y, n, p) in &entries {
        let _ = writeln!(out, "    ({y:?}, {n:?}, include_bytes!({p:?})),");
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("samples.rs");
    std::fs::write(dest, out).expect("write samples.rs");
}
