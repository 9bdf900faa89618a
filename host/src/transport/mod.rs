//! The MCP transports: stdio (the default) and Streamable HTTP.

pub mod http;
pub mod stdio;
