//! Builds the guest component (`helpdesk-guest` for `wasm32-wasip2`) so the
//! host can embed it: building the host builds the tool logic with it.
//!
//! The nested cargo uses its own target directory (the outer build holds the
//! lock on the workspace one) and a clean environment (no wrappers or flags
//! meant for the host, such as clippy's). `HELPDESK_GUEST_WASM` points at a
//! prebuilt component instead, for packagers.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

fn main() {
    println!("cargo:rerun-if-env-changed=HELPDESK_GUEST_WASM");
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest.parent().expect("host/ lives in the workspace root").to_path_buf();
    let wasm = match env::var_os("HELPDESK_GUEST_WASM") {
        Some(prebuilt) => {
            // Its digest names the compiled-code cache: a rebuilt file must
            // not be served the old one's machine code.
            println!("cargo:rerun-if-changed={}", PathBuf::from(&prebuilt).display());
            PathBuf::from(prebuilt)
        }
        None => build_guest(&root),
    };
    let bytes =
        fs::read(&wasm).unwrap_or_else(|e| panic!("cannot read the guest component {}: {e}", wasm.display()));
    let digest = Sha256::digest(&bytes);
    let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
    println!("cargo:rustc-env=HELPDESK_GUEST_WASM_PATH={}", wasm.display());
    println!("cargo:rustc-env=HELPDESK_GUEST_WASM_SHA256={hex}");
}

fn build_guest(root: &Path) -> PathBuf {
    ensure_guest_target();
    for watched in ["guest/src", "guest/Cargo.toml", "wit", "Cargo.lock", "Cargo.toml"] {
        println!("cargo:rerun-if-changed={}", root.join(watched).display());
    }
    let target_dir = root.join("target").join("guest");
    let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(root)
        .args([
            "build",
            "--locked",
            "-p",
            "helpdesk-guest",
            "--target",
            "wasm32-wasip2",
            "--profile",
            "guest",
        ])
        .arg("--target-dir")
        .arg(&target_dir);
    for var in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "CARGO_BUILD_RUSTFLAGS",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "CARGO_BUILD_TARGET_DIR",
        "CLIPPY_ARGS",
    ] {
        cmd.env_remove(var);
    }
    let status = cmd.status().expect("failed to run cargo to build the guest component");
    assert!(status.success(), "building the guest component failed (see the errors above)");
    target_dir.join("wasm32-wasip2").join("guest").join("helpdesk_guest.wasm")
}

const GUEST_TARGET: &str = "wasm32-wasip2";

/// Makes sure the toolchain that is building has the guest's target, before
/// the (long) guest build starts.
///
/// rustup installs the targets `rust-toolchain.toml` lists only when it installs
/// the toolchain itself; a toolchain that was already there (a CI image, an
/// earlier project) lacks them, and the guest build would fail minutes later with
/// "can't find crate for `core`". So: look in the building compiler's sysroot,
/// and if the target is missing add it through rustup to that same toolchain, or
/// stop at once with the command to run.
fn ensure_guest_target() {
    println!("cargo:rerun-if-env-changed=RUSTUP_TOOLCHAIN");
    let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    if target_installed(&rustc) {
        return;
    }
    // Set by rustup's proxies for the processes they start: the toolchain that is building.
    let toolchain = env::var("RUSTUP_TOOLCHAIN").ok().filter(|t| !t.is_empty());
    let Some(toolchain) = toolchain else {
        fail(&format!(
            "the {GUEST_TARGET} target is not installed for this Rust toolchain and rustup is not managing it: \
             install your Rust distribution's {GUEST_TARGET} standard library (with rustup: \
             `rustup target add {GUEST_TARGET}`), or set HELPDESK_GUEST_WASM to a prebuilt component"
        ));
    };
    let rustup = rustup_path();
    let command = format!("rustup target add {GUEST_TARGET} --toolchain {toolchain}");
    let added = Command::new(&rustup)
        .args(["target", "add", GUEST_TARGET, "--toolchain", &toolchain])
        // The proxy's own override must not pick another toolchain for rustup itself,
        // and a failure should read as rustup's message, not a backtrace.
        .env_remove("RUSTUP_TOOLCHAIN")
        .env("RUST_BACKTRACE", "0")
        .output();
    match added {
        Ok(out) if out.status.success() && target_installed(&rustc) => {
            println!(
                "cargo:warning=installed the {GUEST_TARGET} target for toolchain {toolchain} (`{command}`)"
            );
        }
        Ok(out) => {
            let stderr = String::from_utf8_lossy(&out.stderr);
            fail(&format!(
                "the {GUEST_TARGET} target is missing and `{command}` failed ({}); run it yourself",
                rustup_reason(&stderr)
            ));
        }
        Err(e) => fail(&format!(
            "the {GUEST_TARGET} target is missing and rustup could not be run ({e}); run: {command}"
        )),
    }
}

/// rustup's `error:` line and its innermost cause, on one line.
fn rustup_reason(stderr: &str) -> String {
    let lines: Vec<&str> = stderr.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let error = lines.iter().find(|l| l.starts_with("error:")).map(|l| l.trim_start_matches("error:").trim());
    let cause = lines.last().copied().filter(|l| !l.starts_with("error:") && !l.starts_with("info:"));
    match (error, cause) {
        (Some(e), Some(c)) => {
            format!("{e}: {}", c.trim_start_matches(|ch: char| ch.is_ascii_digit() || ch == ':').trim())
        }
        (Some(e), None) => e.to_owned(),
        (None, Some(c)) => c.to_owned(),
        (None, None) => "no error text".to_owned(),
    }
}

/// Whether the compiler's sysroot holds the guest target's standard library.
fn target_installed(rustc: &std::ffi::OsStr) -> bool {
    let Ok(out) = Command::new(rustc).args(["--print", "sysroot"]).output() else {
        return false;
    };
    let sysroot = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    out.status.success() && Path::new(&sysroot).join("lib/rustlib").join(GUEST_TARGET).join("lib").is_dir()
}

/// rustup on PATH, else where rustup-init puts it.
fn rustup_path() -> PathBuf {
    let in_cargo_home = env::var_os("CARGO_HOME").map(|h| PathBuf::from(h).join("bin").join("rustup"));
    match in_cargo_home {
        Some(p) if p.is_file() => p,
        _ => PathBuf::from("rustup"),
    }
}

/// Stops the build with one line cargo shows as the error (`cargo::error` fails
/// the build; a zero exit keeps cargo from adding the script's whole output).
fn fail(message: &str) -> ! {
    println!("cargo::error={message}");
    std::process::exit(0);
}
