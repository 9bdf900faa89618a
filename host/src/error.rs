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
    /// The component trapped (a bug or a resource limit). Holds the trap's
    /// kind only, never the wasm backtrace.
    #[error("the component failed: {0}")]
    Trap(String),
    /// The component trapped after it was refused memory.
    #[error("the component ran out of memory (limit {} MiB)", .0 / (1024 * 1024))]
    OutOfMemory(usize),
    /// The sandbox configuration is unsafe or malformed.
    #[error(transparent)]
    Sandbox(#[from] crate::sandbox::SandboxError),
}

impl HostError {
    /// Classifies a wasmtime error from a call: an epoch interrupt is the
    /// deadline, anything else a trap.
    pub fn from_trap(e: &wasmtime::Error, deadline: Duration) -> Self {
        // The full chain (wasm backtrace, function names) is for debugging
        // only; messages and the normal log name the kind of trap.
        tracing::debug!("component trap: {e:?}");
        match e.downcast_ref::<wasmtime::Trap>() {
            Some(wasmtime::Trap::Interrupt) => HostError::Deadline(deadline),
            Some(trap) => HostError::Trap(trap.to_string()),
            None => HostError::Trap(e.root_cause().to_string()),
        }
    }

    /// What a client is told when a tool call ends in this error: what
    /// happened and what to do, without the component's internals.
    pub fn for_client(&self, tool: &str) -> String {
        match self {
            HostError::Deadline(_) => format!(
                "{self}. The helpdesk may be slow; try again, or ask for less (a smaller limit or a narrower search)."
            ),
            HostError::OutOfMemory(_) => format!(
                "{tool} could not finish: it ran out of memory processing the helpdesk's answer. Ask for less (a smaller limit, a narrower search or a shorter period); if this keeps happening, lower HELPDESK_MAX_RESPONSE_BYTES."
            ),
            _ => format!(
                "{tool} could not finish because of an internal error in the server (the details are in its log). Try again; if it keeps failing, report it."
            ),
        }
    }
}
