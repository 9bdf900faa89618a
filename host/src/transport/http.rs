//! MCP over Streamable HTTP at `/mcp` (rmcp's `StreamableHttpService` mounted
//! in axum). Requests whose `Host` is not allowed are refused (403), which
//! stops DNS-rebinding attacks on a server bound to loopback.

use std::sync::Arc;

use axum::Router;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use tokio::net::TcpListener;

use crate::mcp::HelpdeskServer;

/// Options of the HTTP transport.
#[derive(Clone, Debug)]
pub struct HttpOptions {
    /// Accepted `Host` header values (host names, with or without port).
    pub allowed_hosts: Vec<String>,
}

impl Default for HttpOptions {
    fn default() -> Self {
        Self { allowed_hosts: vec!["localhost".into(), "127.0.0.1".into(), "::1".into()] }
    }
}

/// The router: the MCP endpoint at `/mcp`.
pub fn router(server: HelpdeskServer, options: &HttpOptions) -> Router {
    let config = StreamableHttpServerConfig::default().with_allowed_hosts(options.allowed_hosts.clone());
    let service = StreamableHttpService::new(
        move || Ok(server.clone()),
        Arc::new(LocalSessionManager::default()),
        config,
    );
    Router::new().nest_service("/mcp", service)
}

/// Serves `router` on `listener` until the process is stopped.
pub async fn serve(listener: TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(listener, router).with_graceful_shutdown(shutdown()).await
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
