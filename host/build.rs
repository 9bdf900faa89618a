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
        Some(prebuilt) => PathBuf::from(prebuilt),
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
    assert!(
        status.success(),
        "building the guest component failed; is the wasm32-wasip2 target installed? (rustup target add wasm32-wasip2)"
    );
    target_dir.join("wasm32-wasip2").join("guest").join("helpdesk_guest.wasm")
}
