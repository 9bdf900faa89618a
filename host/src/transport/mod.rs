//! The MCP transports: stdio (the default) and Streamable HTTP (behind a guard).

pub mod guard;
pub mod http;
pub mod inspect;
pub mod stdio;
