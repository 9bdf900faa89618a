//! MCP over stdio: newline-delimited JSON-RPC on stdin/stdout. Logs go to
//! stderr only; stdout carries nothing but protocol messages.

use rmcp::{ServerHandler, ServiceExt};

/// Serves one client on stdin/stdout until it disconnects.
pub async fn serve<S: ServerHandler>(server: S) -> std::io::Result<()> {
    let running = server.serve(rmcp::transport::stdio()).await.map_err(std::io::Error::other)?;
    running.waiting().await.map_err(std::io::Error::other)?;
    Ok(())
}
