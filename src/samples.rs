//! The sample submissions bundled with the tool (seeds/samples/), for `demo`, tests and
//! benchmarks. They were made by `cargo run --example gen_samples`.

use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/samples.rs"));

/// The folders of bundled samples: "R2", "R3" …
pub fn years() -> Vec<&'static str> {
    let mut y: Vec<&str> = SAMPLES.iter().map(|s| s.0).collect();
    y.dedup();
    y
}

/// Writes the bundled samples of one year folder into `dir`; returns how many.
pub fn extract(year: &str, dir: &Path) -> std::io::Result<usize> {
    std::fs::create_dir_all(dir)?;
    let mut n = 0;
    for (y, name, bytes) in SAMPLES {
        if *y == year {
            crate::output::write_atomic(&dir.join(name), bytes)?;
            n += 1;
        }
    }
    Ok(n)
}
