//! The MCP transports: stdio (the default) and Streamable HTTP (behind a guard).

pub mod fds;
pub mod guard;
pub mod http;
pub mod inspect;
mod refusal;
pub mod server;
pub mod sessions;
pub mod stdio;
