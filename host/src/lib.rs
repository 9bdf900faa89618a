//! helpdesk-mcp's native host: runs the tool component under wasmtime and
//! serves it over MCP.
//!
//! `app` assembles a configuration (`component` + `sandbox` + `policy`),
//! `mcp` is the rmcp server over it, and `transport` carries it over stdio or
//! Streamable HTTP. The component reaches the network only through the
//! `sandbox` hooks, which allow the configured helpdesk origin and nothing else.
#![deny(missing_docs)]

pub mod app;
pub mod cache;
pub mod cli;
pub mod component;
#[cfg(feature = "conformance")]
pub mod conformance;
pub mod demo;
pub mod error;
pub mod keys;
pub mod logging;
pub mod mcp;
pub mod memory;
pub mod policy;
pub mod run;
pub mod sandbox;
pub mod transport;
pub mod upstream;

pub use error::HostError;
