//! Host failures, and the one place they turn into what a client sees.

use std::time::Duration;

/// Something the host itself could not do.
#[derive(Debug, thiserror::Error)]
pub enum HostError {
    /// Missing or malformed settings, listed by key.
    #[error("configuration problem:\n{0}")]
    Config(String),
    /// The component could not be compiled or linked.
    #[error("the component could not be loaded: {0}")]
    Load(String),
    /// The call ran past its deadline and was stopped.
    #[error("the call did not finish within {} s and was stopped", .0.as_secs())]
    Deadline(Duration),
    /// The component trapped (a bug or a resource limit).
    #[error("the component failed: {0}")]
    Trap(String),
    /// The sandbox configuration is unsafe or malformed.
    #[error(transparent)]
    Sandbox(#[from] crate::sandbox::SandboxError),
}

impl HostError {
    /// Classifies a wasmtime error from a call: an epoch interrupt is the
    /// deadline, anything else a trap.
    pub fn from_trap(e: &wasmtime::Error, deadline: Duration) -> Self {
        match e.downcast_ref::<wasmtime::Trap>() {
            Some(wasmtime::Trap::Interrupt) => HostError::Deadline(deadline),
            _ => HostError::Trap(format!("{e:#}")),
        }
    }
}
