//! Writing outputs safely: a failed run never leaves a half-written file over a good one, and
//! a report's files are replaced as one set.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

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

/// A set of output files written together: each is written to a temporary file beside its
/// destination, and only `commit` puts them in place. If anything fails before or during the
/// commit, every destination keeps the file it had (or stays absent), and no temporary file
/// is left behind. So a folder never holds this year's PDF beside last year's spreadsheet.
pub struct OutputSet {
    /// (temporary file, destination), in the order they were created.
    staged: Vec<(PathBuf, PathBuf)>,
    /// Folders this set created, outermost first: removed again if the set is not committed.
    created_dirs: Vec<PathBuf>,
    tag: String,
    /// Tests make the n-th rename fail, to see the set put back.
    #[cfg(test)]
    fail_at: Option<usize>,
}

impl OutputSet {
    pub fn new() -> OutputSet {
        OutputSet {
            staged: Vec::new(),
            created_dirs: Vec::new(),
            tag: format!("{}", std::process::id()),
            #[cfg(test)]
            fail_at: None,
        }
    }

    /// Creates the temporary file for `dest` (and its folder); write the output into it.
    pub fn create(&mut self, dest: &Path) -> std::io::Result<File> {
        let dir = parent_dir(dest);
        let mut missing: Vec<PathBuf> = dir
            .ancestors()
            .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
            .map(Path::to_path_buf)
            .collect();
        std::fs::create_dir_all(dir)?;
        missing.reverse();
        self.created_dirs.extend(missing);
        let tmp = dir.join(format!(".{}.{}.tmp", file_name(dest), self.tag));
        let file = File::create(&tmp)?;
        self.staged.push((tmp, dest.to_path_buf()));
        Ok(file)
    }

    /// Puts every staged file in place. Files already at the destinations are first moved
    /// aside, so that a failure half-way (a rename refused) can put them all back.
    pub fn commit(mut self) -> Result<Vec<PathBuf>, CommitError> {
        let staged = std::mem::take(&mut self.staged);
        let unready = staged.iter().find_map(|(tmp, dest)| {
            let ready = if dest.is_dir() {
                Err(std::io::Error::new(
                    std::io::ErrorKind::IsADirectory,
                    "同じ名前のフォルダがあります",
                ))
            } else {
                File::open(tmp).and_then(|f| f.sync_all())
            };
            ready.err().map(|error| CommitError {
                path: dest.clone(),
                error,
            })
        });
        if let Some(e) = unready {
            self.staged = staged;
            return Err(e);
        }
        let mut moved_aside: Vec<(PathBuf, PathBuf)> = Vec::new();
        let mut placed: Vec<PathBuf> = Vec::new();
        let mut failure = None;
        for (tmp, dest) in &staged {
            if dest.exists() {
                let old = parent_dir(dest).join(format!(".{}.{}.old", file_name(dest), self.tag));
                if let Err(error) = std::fs::rename(dest, &old) {
                    failure = Some(CommitError {
                        path: dest.clone(),
                        error,
                    });
                    break;
                }
                moved_aside.push((old, dest.clone()));
            }
            if let Err(error) = self.rename(tmp, dest, placed.len()) {
                failure = Some(CommitError {
                    path: dest.clone(),
                    error,
                });
                break;
            }
            placed.push(dest.clone());
        }
        if let Some(e) = failure {
            // Undo: the new files go, the old ones come back, the temporaries are removed.
            for dest in &placed {
                let _ = std::fs::remove_file(dest);
            }
            for (old, dest) in moved_aside.iter().rev() {
                let _ = std::fs::rename(old, dest);
            }
            for (tmp, _) in &staged {
                let _ = std::fs::remove_file(tmp);
            }
            self.remove_created_dirs();
            return Err(e);
        }
        for (old, _) in &moved_aside {
            let _ = std::fs::remove_file(old);
        }
        self.created_dirs.clear();
        Ok(staged.into_iter().map(|(_, dest)| dest).collect())
    }
}

impl OutputSet {
    fn remove_created_dirs(&mut self) {
        // Only empty folders go: anything else in them was not ours.
        for d in self.created_dirs.drain(..).rev() {
            let _ = std::fs::remove_dir(d);
        }
    }

    fn rename(&self, from: &Path, to: &Path, _n: usize) -> std::io::Result<()> {
        #[cfg(test)]
        if self.fail_at == Some(_n) {
            return Err(std::io::Error::other("injected failure"));
        }
        std::fs::rename(from, to)
    }
}

impl Default for OutputSet {
    fn default() -> Self {
        OutputSet::new()
    }
}

impl Drop for OutputSet {
    /// A set dropped without a commit (a renderer failed) leaves nothing behind.
    fn drop(&mut self) {
        for (tmp, _) in &self.staged {
            let _ = std::fs::remove_file(tmp);
        }
        self.remove_created_dirs();
    }
}

/// A destination that could not be put in place; the previous files were restored.
#[derive(Debug)]
pub struct CommitError {
    pub path: PathBuf,
    pub error: std::io::Error,
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into())
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

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("shinchoku-set-{name}-{}", std::process::id()));
        std::fs::remove_dir_all(&dir).ok();
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn write(set: &mut OutputSet, path: &Path, bytes: &[u8]) {
        set.create(path).unwrap().write_all(bytes).unwrap();
    }

    #[test]
    fn a_set_replaces_every_file_at_once() {
        let dir = scratch("commit");
        std::fs::write(dir.join("a.txt"), "old a").unwrap();
        let mut set = OutputSet::new();
        write(&mut set, &dir.join("a.txt"), b"new a");
        write(&mut set, &dir.join("sub/b.txt"), b"new b");
        // Nothing is visible before the commit.
        assert_eq!(std::fs::read(dir.join("a.txt")).unwrap(), b"old a");
        assert!(!dir.join("sub/b.txt").exists());
        set.commit().unwrap();
        assert_eq!(std::fs::read(dir.join("a.txt")).unwrap(), b"new a");
        assert_eq!(std::fs::read(dir.join("sub/b.txt")).unwrap(), b"new b");
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(
            names.len(),
            2,
            "no temporary or old file is left: {names:?}"
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_set_dropped_without_commit_leaves_nothing() {
        let dir = scratch("drop");
        std::fs::write(dir.join("a.txt"), "old a").unwrap();
        {
            let mut set = OutputSet::new();
            write(&mut set, &dir.join("a.txt"), b"new a");
        }
        assert_eq!(std::fs::read(dir.join("a.txt")).unwrap(), b"old a");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        {
            let mut set = OutputSet::new();
            write(&mut set, &dir.join("new/deeper/b.txt"), b"b");
        }
        assert!(
            !dir.join("new").exists(),
            "folders the set made are gone again"
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_folder_in_the_way_stops_the_set_before_anything_changes() {
        let dir = scratch("folder");
        std::fs::write(dir.join("a.txt"), "old a").unwrap();
        std::fs::create_dir_all(dir.join("c.txt/keep")).unwrap();
        let mut set = OutputSet::new();
        write(&mut set, &dir.join("a.txt"), b"new a");
        write(&mut set, &dir.join("c.txt"), b"new c");
        let e = set.commit().unwrap_err();
        assert_eq!(e.path, dir.join("c.txt"));
        assert_eq!(std::fs::read(dir.join("a.txt")).unwrap(), b"old a");
        assert!(dir.join("c.txt/keep").is_dir());
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            2,
            "no temporary file is left"
        );
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_rename_that_fails_puts_the_old_files_back() {
        let dir = scratch("rollback");
        std::fs::write(dir.join("a.txt"), "old a").unwrap();
        std::fs::write(dir.join("c.txt"), "old c").unwrap();
        let mut set = OutputSet::new();
        write(&mut set, &dir.join("a.txt"), b"new a");
        write(&mut set, &dir.join("b.txt"), b"new b");
        write(&mut set, &dir.join("c.txt"), b"new c");
        // a.txt and b.txt are in place when the third rename fails.
        set.fail_at = Some(2);
        let e = set.commit().unwrap_err();
        assert_eq!(e.path, dir.join("c.txt"));
        assert_eq!(std::fs::read(dir.join("a.txt")).unwrap(), b"old a");
        assert_eq!(std::fs::read(dir.join("c.txt")).unwrap(), b"old c");
        assert!(!dir.join("b.txt").exists());
        let mut names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["a.txt", "c.txt"]);
        std::fs::remove_dir_all(&dir).ok();
    }
}
