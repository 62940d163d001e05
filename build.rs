//! Builds into the program what a project needs and may not have: the default theme
//! (templates, styles, print templates, fonts) and the model content `policypress init`
//! writes (policies, agreements, guidance, a CI workflow). Each folder becomes a list of
//! (path, bytes) in `$OUT_DIR/built_in.rs`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let mut out = String::new();
    for (name, folder) in [("THEME", "themes/default"), ("CONTENT", "content"), ("CI", "examples/ci")] {
        println!("cargo:rerun-if-changed={folder}");
        let mut files = Vec::new();
        walk(&root.join(folder), &mut files);
        files.sort();
        writeln!(out, "pub(crate) static {name}: &[(&str, &[u8])] = &[").unwrap();
        for file in files {
            let relative = file.strip_prefix(root.join(folder)).expect("walked under the folder").to_string_lossy().replace('\\', "/");
            writeln!(out, "    ({relative:?}, include_bytes!({:?})),", file.display().to_string()).unwrap();
        }
        out.push_str("];\n");
    }
    let target = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("built_in.rs");
    std::fs::write(target, out).expect("OUT_DIR is writable");
}

fn walk(folder: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, files);
        } else if !entry.file_name().to_string_lossy().starts_with('.') {
            files.push(path);
        }
    }
}
