//! HTTP-level tests: the whole fake as a router driven with `oneshot`, plus a real-socket
//! test with a minimal HTTP/1.1 client.

mod after_apply;
mod cross_cutting;
mod faults;
mod lists;
mod reporting;
mod socket;
mod views_search;
mod writes;
mod writes_directory;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;
use tower::ServiceExt;

use super::fixtures;
use super::gate;
use super::options::GorgiasOptions;
use super::wire_time;
use crate::control::Control;

/// A fake router with the default data, laid out before a fixed "now".
pub(crate) fn app() -> (Router, Control) {
    gate::build(&GorgiasOptions::default(), wire_time::parse("2026-11-20T15:30:12").unwrap())
}

pub(crate) fn basic() -> String {
    format!("Basic {}", STANDARD.encode(format!("{}:{}", fixtures::EMAIL, fixtures::API_KEY)))
}

/// A response reduced to what tests look at.
pub(crate) struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub text: String,
}

impl Reply {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Sends one request; `auth` false sends no credentials.
pub(crate) async fn send_with(
    app: &Router,
    method: &str,
    uri: &str,
    body: Option<&str>,
    auth: bool,
) -> Reply {
    let mut req = Request::builder().method(method).uri(uri);
    if auth {
        req = req.header(header::AUTHORIZATION, basic());
    }
    if body.is_some() {
        req = req.header(header::CONTENT_TYPE, "application/json");
    }
    let req = req.body(Body::from(body.unwrap_or("").to_string())).unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX).await.unwrap();
    Reply { status, headers, text: String::from_utf8_lossy(&bytes).into_owned() }
}

/// Sends an authenticated request with a JSON body.
pub(crate) async fn send(app: &Router, method: &str, uri: &str, body: &Value) -> Reply {
    send_with(app, method, uri, Some(&body.to_string()), true).await
}

pub(crate) async fn get(app: &Router, uri: &str) -> Reply {
    send_with(app, "GET", uri, None, true).await
}

/// The error message of an error reply.
pub(crate) fn msg(r: &Reply) -> String {
    r.json()["error"]["msg"].as_str().unwrap_or_default().to_string()
}
