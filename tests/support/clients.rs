//! Independent MCP clients for the end-to-end tests: the official conformance suite, the
//! Inspector CLI and the TypeScript and Python SDKs (and jco, a second `wasi:http` runtime), pinned in `tests/clients/` and installed on
//! first use into `target/mcp-clients/` (never anywhere else).
//!
//! Layout: `node/` is a copy of `tests/clients/` with `npm ci` run in it (the lockfile pins
//! everything, including a Node 22 binary from the `node` package: the suite and Inspector v2
//! need Node ≥ 22); `venv/` is a Python virtualenv with `requirements.txt` installed. Each has a
//! `.stamp` holding the SHA-256 of the files it was installed from, so a second run does nothing
//! and a changed pin reinstalls. A process-wide `OnceLock` plus an exclusive file lock on
//! `target/mcp-clients/.lock` make concurrent tests and concurrent test processes safe.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Instant;

use anyhow::{Context as _, Result, anyhow, bail};
use sha2::{Digest as _, Sha256};

use crate::harness::{target_dir, workspace};

/// The npm manifest and lockfile, the client scripts and the Python requirements.
const NODE_FILES: [&str; 2] = ["package.json", "package-lock.json"];
const SCRIPTS: [&str; 2] = ["ts_client.mjs", "py_client.py"];
const REQUIREMENTS: &str = "requirements.txt";

/// The installed client toolchain under `target/mcp-clients/`.
#[derive(Debug)]
pub struct Clients {
    root: PathBuf,
}

/// Installs the clients if needed (once per process, safely across processes) and returns them.
pub fn clients() -> Result<&'static Clients> {
    static CLIENTS: OnceLock<std::result::Result<Clients, String>> = OnceLock::new();
    CLIENTS.get_or_init(|| install().map_err(|e| format!("{e:#}"))).as_ref().map_err(|e| anyhow!("{e}"))
}

/// The source folder, `tests/clients/`.
fn source() -> PathBuf {
    workspace().join("tests").join("clients")
}

fn install() -> Result<Clients> {
    let root = target_dir().join("mcp-clients");
    fs::create_dir_all(&root).with_context(|| format!("create {}", root.display()))?;
    let lock = File::create(root.join(".lock")).context("create the install lock file")?;
    // Held until this function returns: other test processes wait here, then find the stamps.
    lock.lock().context("lock target/mcp-clients")?;
    let clients = Clients { root };
    install_node(&clients.node_dir())?;
    install_python(&clients.venv_dir())?;
    Ok(clients)
}

/// SHA-256 over the named files of `tests/clients/`, as hex.
fn stamp_of(files: &[&str]) -> Result<String> {
    let mut hash = Sha256::new();
    for name in files {
        let path = source().join(name);
        hash.update(name.as_bytes());
        hash.update(fs::read(&path).with_context(|| format!("read {}", path.display()))?);
    }
    Ok(hash.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

fn is_current(dir: &Path, stamp: &str) -> bool {
    fs::read_to_string(dir.join(".stamp")).is_ok_and(|s| s == stamp)
}

fn install_node(dir: &Path) -> Result<()> {
    let stamp = stamp_of(&NODE_FILES)?;
    if !is_current(dir, &stamp) {
        let start = Instant::now();
        if dir.exists() {
            fs::remove_dir_all(dir).with_context(|| format!("remove stale {}", dir.display()))?;
        }
        fs::create_dir_all(dir)?;
        for name in NODE_FILES {
            fs::copy(source().join(name), dir.join(name)).with_context(|| format!("copy {name}"))?;
        }
        run(
            Command::new("npm").args(["ci", "--no-audit", "--no-fund", "--loglevel=error"]).current_dir(dir),
            "npm ci (needs npm on PATH; Node 20 is enough to install, the lockfile brings Node 22)",
        )?;
        fs::write(dir.join(".stamp"), &stamp)?;
        eprintln!("mcp-clients: npm ci took {:.1} s", start.elapsed().as_secs_f64());
    }
    // The scripts live next to node_modules so `import '@modelcontextprotocol/sdk/...'` resolves.
    // Rewritten only when they differ, via a rename, so a running script is never half-written.
    for name in SCRIPTS {
        let want = fs::read(source().join(name)).with_context(|| format!("read {name}"))?;
        let path = dir.join(name);
        if fs::read(&path).ok().as_ref() != Some(&want) {
            let tmp = dir.join(format!(".{name}.{}", std::process::id()));
            fs::write(&tmp, &want)?;
            fs::rename(&tmp, &path)?;
        }
    }
    Ok(())
}

fn install_python(venv: &Path) -> Result<()> {
    let stamp = stamp_of(&[REQUIREMENTS])?;
    if is_current(venv, &stamp) {
        return Ok(());
    }
    let start = Instant::now();
    if venv.exists() {
        fs::remove_dir_all(venv).with_context(|| format!("remove stale {}", venv.display()))?;
    }
    let python = std::env::var_os("PYTHON").unwrap_or_else(|| "python3".into());
    run(
        Command::new(&python).arg("-m").arg("venv").arg(venv),
        "python3 -m venv (needs Python ≥ 3.10 with the venv module; PYTHON overrides the interpreter)",
    )?;
    run(
        Command::new(venv.join("bin").join("pip"))
            .args(["install", "--quiet", "--disable-pip-version-check", "-r"])
            .arg(source().join(REQUIREMENTS)),
        "pip install -r tests/clients/requirements.txt",
    )?;
    fs::write(venv.join(".stamp"), &stamp)?;
    eprintln!("mcp-clients: python venv took {:.1} s", start.elapsed().as_secs_f64());
    Ok(())
}

/// Runs an install step, turning "not found" and non-zero exits into errors that say what to do.
fn run(cmd: &mut Command, what: &str) -> Result<()> {
    let out = match cmd.output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            bail!("cannot install the MCP client toolchain: {what}: {:?} not found", cmd.get_program())
        }
        Err(e) => return Err(e).with_context(|| format!("{what}: could not start")),
    };
    if !out.status.success() {
        bail!(
            "{what} failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}

impl Clients {
    /// `target/mcp-clients/`.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn node_dir(&self) -> PathBuf {
        self.root.join("node")
    }

    fn venv_dir(&self) -> PathBuf {
        self.root.join("venv")
    }

    fn package(&self, path: &str) -> PathBuf {
        self.node_dir().join("node_modules").join(path)
    }

    /// The Node 22 binary from the `node` npm package.
    pub fn node(&self) -> PathBuf {
        self.package("node/bin/node")
    }

    /// `@modelcontextprotocol/conformance` 0.1.16's CLI entry point (run it with [`Self::node`]).
    pub fn conformance(&self) -> PathBuf {
        self.package("@modelcontextprotocol/conformance/dist/index.js")
    }

    /// The 0.2.0 alpha of the conformance CLI (the `conformance-alpha` npm alias).
    pub fn conformance_alpha(&self) -> PathBuf {
        self.package("conformance-alpha/dist/index.js")
    }

    /// `@bytecodealliance/jco`'s CLI (`jco serve` runs a `wasi:http` component on Node).
    pub fn jco(&self) -> PathBuf {
        self.package("@bytecodealliance/jco/dist/jco.js")
    }

    /// `@modelcontextprotocol/inspector` 2.x's launcher (`mcp-inspector`; `--cli` for the CLI).
    pub fn inspector(&self) -> PathBuf {
        self.package("@modelcontextprotocol/inspector/clients/launcher/build/index.js")
    }

    /// `ts_client.mjs`, beside the installed TypeScript SDK.
    pub fn ts_client(&self) -> PathBuf {
        self.node_dir().join("ts_client.mjs")
    }

    /// `py_client.py`, to be run with [`Self::python`].
    pub fn py_client(&self) -> PathBuf {
        self.node_dir().join("py_client.py")
    }

    /// The virtualenv with the Python SDK installed.
    pub fn venv(&self) -> PathBuf {
        self.venv_dir()
    }

    /// The virtualenv's interpreter.
    pub fn python(&self) -> PathBuf {
        self.venv_dir().join("bin").join("python")
    }

    /// A command running `script` under Node 22, with Node 22 first on `PATH` (for anything the
    /// tool spawns) and `HOME` inside `target/mcp-clients/` (Inspector keeps a catalogue there).
    pub fn node_command(&self, script: &Path) -> tokio::process::Command {
        let mut cmd = tokio::process::Command::new(self.node());
        cmd.arg(script).kill_on_drop(true);
        let bin = self.package("node/bin");
        let path = std::env::var_os("PATH").unwrap_or_default();
        let paths = std::iter::once(bin).chain(std::env::split_paths(&path));
        if let Ok(joined) = std::env::join_paths(paths) {
            cmd.env("PATH", joined);
        }
        let home = self.root.join("home");
        let _ = fs::create_dir_all(&home);
        cmd.env("HOME", &home).env("MCP_CATALOG_PATH", home.join("mcp.json"));
        cmd
    }
}
