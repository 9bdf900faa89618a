//! helpdesk-mcp's tool logic, compiled to a `wasm32-wasip2` component.
//!
//! Data path of one call: `export` (typed WIT `tools`) or `incoming` (MCP over
//! `wasi:http/incoming-handler`, via `mcp`) → `tool::call` parses arguments and
//! picks the tool → the tool asks the active `provider` (one folder per helpdesk)
//! for provider-neutral `model` views → `tool::render` turns them into compact
//! markdown plus structured JSON under a size cap. Providers reach the network
//! only through `http`, which the host sandboxes to the configured origin.
//!
//! Everything except `bindings`, `export`, `incoming` and `http::wasi` is plain
//! Rust with no WASI dependency, so it is unit-tested natively with `cargo test`.
#![deny(missing_docs)]

pub mod check;
pub mod clock;
pub mod config;
pub mod confirm;
#[cfg(fuzzing)]
#[doc(hidden)]
pub mod fuzz;
pub mod http;
pub mod mcp;
pub mod model;
pub mod provider;
pub mod random;
pub mod rebinding;
pub mod revision;
pub mod sanitize;
pub mod secrets;
pub mod text;
pub mod tool;

#[cfg(target_family = "wasm")]
mod bindings;
#[cfg(target_family = "wasm")]
mod export;
#[cfg(target_family = "wasm")]
mod incoming;
