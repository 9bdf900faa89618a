//! MCP over Streamable HTTP at `/mcp`: rmcp's `StreamableHttpService`
//! behind the [`guard`](super::guard) (Host/Origin checks, client keys,
//! session owners, body limits, request log), with idle sessions expired,
//! served by [`server`](super::server) with connection limits.
//! `--stateless` drops sessions and answers plain JSON, for deployments
//! behind a load balancer.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use rmcp::ServerHandler;
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use tokio::net::TcpListener;

use super::guard::{Gate, Guard, guard};
use super::server::ConnectionLimits;
use super::sessions::Sessions;

/// Options of the HTTP transport.
#[derive(Clone, Debug)]
pub struct HttpOptions {
    /// Host/Origin allow-lists and client keys.
    pub gate: Gate,
    /// No sessions: every POST is answered on its own, as JSON.
    pub stateless: bool,
    /// A session unused this long is closed (its id then gets 404).
    pub session_idle: Duration,
    /// Connection cap, header deadline and idle keep-alive timeout.
    pub connections: ConnectionLimits,
}

impl Default for HttpOptions {
    fn default() -> Self {
        Self {
            gate: Gate::default(),
            stateless: false,
            session_idle: Duration::from_secs(30 * 60),
            connections: ConnectionLimits::default(),
        }
    }
}

/// The router: the MCP endpoint at `/mcp`, one `session()` per MCP session.
pub fn router<S>(session: impl Fn() -> S + Send + Sync + 'static, options: &HttpOptions) -> Router
where
    S: ServerHandler + Send + 'static,
{
    // The guard checks Host and Origin before rmcp does; rmcp's own check is
    // off so there is one rule, with one error format.
    let config = StreamableHttpServerConfig::default()
        .disable_allowed_hosts()
        .disable_allowed_origins()
        .with_legacy_session_mode(!options.stateless)
        .with_json_response(options.stateless)
        .with_max_request_body_bytes(options.gate.max_body_bytes);
    let mut manager = LocalSessionManager::default();
    // rmcp's own idle timer is a backstop a little behind the guard's, which
    // decides (and answers 404) first.
    manager.session_config.keep_alive = Some(options.session_idle + Duration::from_secs(5));
    let manager = Arc::new(manager);
    let sessions =
        (!options.stateless).then(|| Arc::new(Sessions::new(manager.clone(), options.session_idle)));
    if let (Some(sessions), Ok(runtime)) = (&sessions, tokio::runtime::Handle::try_current()) {
        runtime.spawn(super::sessions::sweep(Arc::downgrade(sessions)));
    }
    let service = StreamableHttpService::new(move || Ok(session()), manager, config);
    let guard_state = Arc::new(Guard { gate: options.gate.clone(), sessions });
    Router::new()
        .nest_service("/mcp", service)
        .layer(axum::middleware::from_fn_with_state(guard_state, guard))
}

/// Serves `router` on `listener` until the process is stopped.
pub async fn serve(listener: TcpListener, router: Router, limits: ConnectionLimits) -> std::io::Result<()> {
    super::server::serve(listener, router, limits, shutdown()).await
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
