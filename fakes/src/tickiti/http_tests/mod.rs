//! HTTP-level tests: the whole fake Tickiti as a router driven with `oneshot`.

mod gates;
mod reads;
mod writes;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::Value;
use tower::ServiceExt;

use super::fixtures as fx;
use super::gate;
use super::options::TickitiOptions;
use crate::control::Control;

/// A fixed "now" (2026-09-21) so dates are stable.
pub(crate) const NOW: i64 = 1_790_000_000;

/// The default fake as a router.
pub(crate) fn app() -> (Router, Control) {
    let (app, control, _) = gate::build(&TickitiOptions::default(), NOW);
    (app, control)
}

/// A response reduced to status, headers and JSON.
pub(crate) struct Reply {
    pub status: StatusCode,
    pub replayed: bool,
    pub json: Value,
}

/// `POST /api/v1/<route>` with `body`, `token` and an optional idempotency key.
pub(crate) async fn post(app: &Router, route: &str, token: &str, body: &str, key: Option<&str>) -> Reply {
    let mut req = Request::builder()
        .method("POST")
        .uri(format!("/api/v1/{route}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {token}"));
    if let Some(k) = key {
        req = req.header("idempotency-key", k);
    }
    let resp = app.clone().oneshot(req.body(Body::from(body.to_owned())).unwrap()).await.unwrap();
    let status = resp.status();
    let replayed = resp.headers().get("idempotent-replayed").is_some();
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX).await.unwrap();
    Reply { status, replayed, json: serde_json::from_slice(&bytes).unwrap_or(Value::Null) }
}

/// A read with the full token.
pub(crate) async fn read(app: &Router, route: &str, body: &str) -> Reply {
    post(app, route, fx::FULL_TOKEN, body, None).await
}
