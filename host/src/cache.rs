//! The AOT cache: the embedded component compiled to native code once and kept
//! on disk, so a cold start maps a file (about a millisecond) instead of
//! running Cranelift (hundreds of milliseconds).
//!
//! Entries are named by the component's SHA-256 (computed at build time) and
//! the engine's compatibility hash, written atomically (temp file + rename) in
//! a directory only the user can write. Loading native code is `unsafe` in
//! wasmtime because the file is trusted: it is exactly as trusted as this
//! binary, living under the same user's cache directory.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use wasmtime::Engine;
use wasmtime::component::Component;

use crate::error::HostError;

/// Where compiled code is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cache {
    /// In this directory.
    Dir(PathBuf),
    /// Nowhere: compile on every start.
    Off,
}

impl Cache {
    /// `$HELPDESK_CACHE_DIR`, else `$XDG_CACHE_HOME/helpdesk-mcp`, else
    /// `~/.cache/helpdesk-mcp`; `Off` when none is known.
    pub fn default_dir(explicit: Option<PathBuf>) -> Self {
        let from_env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
        explicit
            .or_else(|| from_env("XDG_CACHE_HOME").map(|d| d.join("helpdesk-mcp")))
            .or_else(|| from_env("HOME").map(|h| h.join(".cache").join("helpdesk-mcp")))
            .map_or(Cache::Off, Cache::Dir)
    }
}

/// Loads the component for `engine`, from the cache when possible.
pub fn load(engine: &Engine, wasm: &[u8], wasm_sha: &str, cache: &Cache) -> Result<Component, HostError> {
    let Cache::Dir(dir) = cache else { return compile(engine, wasm) };
    let path = dir.join(entry_name(engine, wasm_sha));
    if path.is_file() {
        // SAFETY: the file was written by `store` below from our own embedded
        // component, in a directory private to this user; wasmtime checks that
        // it was produced by a compatible engine.
        match unsafe { Component::deserialize_file(engine, &path) } {
            Ok(component) => return Ok(component),
            Err(e) => tracing::warn!("ignoring unusable compiled cache {}: {e}", path.display()),
        }
    }
    let native = engine.precompile_component(wasm).map_err(|e| HostError::Load(format!("{e:#}")))?;
    match store(dir, &path, &native) {
        Ok(()) => prune(dir, &path),
        Err(e) => tracing::warn!(
            "could not write the compiled cache in {}: {e}; continuing without it",
            dir.display()
        ),
    }
    // SAFETY: `native` was produced just now by this engine.
    unsafe { Component::deserialize(engine, &native) }.map_err(|e| HostError::Load(format!("{e:#}")))
}

fn compile(engine: &Engine, wasm: &[u8]) -> Result<Component, HostError> {
    Component::new(engine, wasm).map_err(|e| HostError::Load(format!("{e:#}")))
}

fn entry_name(engine: &Engine, wasm_sha: &str) -> String {
    let mut h = DefaultHasher::new();
    engine.precompile_compatibility_hash().hash(&mut h);
    format!("helpdesk-{wasm_sha}-{:016x}.cwasm", h.finish())
}

fn store(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // Unique per writer (process and call), so concurrent writers never share
    // a temporary file; the rename makes whichever finishes last win whole.
    static WRITES: AtomicU64 = AtomicU64::new(0);
    create_private_dir(dir)?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("entry");
    let tmp =
        dir.join(format!(".{name}.{}.{}.tmp", std::process::id(), WRITES.fetch_add(1, Ordering::Relaxed)));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Removes entries for other builds (an upgrade leaves the old one behind).
fn prune(dir: &Path, keep: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let ours = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with("helpdesk-") && n.ends_with(".cwasm"));
        if ours && path != keep {
            let _ = std::fs::remove_file(&path);
        }
    }
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::component::Code;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("helpdesk-cache-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn compiles_once_then_loads_and_replaces_a_corrupt_entry() {
        let dir = scratch("cycle");
        let cache = Cache::Dir(dir.clone());
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("helpdesk-oldbuild-0000000000000000.cwasm"), b"stale").unwrap();
        Code::from_wasm(Code::wasm(), "test", &cache).unwrap();
        let entries: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        assert_eq!(entries.len(), 1, "one entry, no temp files or older builds left: {entries:?}");
        let entry = &entries[0];
        let written = std::fs::metadata(entry).unwrap();

        Code::from_wasm(Code::wasm(), "test", &cache).unwrap();
        assert_eq!(
            std::fs::metadata(entry).unwrap().modified().unwrap(),
            written.modified().unwrap(),
            "reused, not rewritten"
        );

        std::fs::write(entry, b"not native code").unwrap();
        Code::from_wasm(Code::wasm(), "test", &cache).unwrap();
        assert_eq!(
            std::fs::metadata(entry).unwrap().len(),
            written.len(),
            "a corrupt entry is recompiled and replaced"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn the_cache_directory_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("private").join("nested");
        create_private_dir(&dir).unwrap();
        assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
    }

    #[test]
    fn default_dir_prefers_the_explicit_one() {
        assert_eq!(Cache::default_dir(Some("/x".into())), Cache::Dir("/x".into()));
    }
}
