//! HTTP-level tests: the whole fake as a router driven with `oneshot`.

mod reads;
mod writes;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::Value;
use tower::ServiceExt;

use super::gate;
use super::options::OhdOptions;
use super::routes::Desk;

/// A fixed "now" (2026-09-21) so dates are stable.
pub(crate) const NOW: i64 = 1_790_000_000;

pub(crate) fn app() -> (Router, Desk) {
    gate::build(&OhdOptions::default(), NOW)
}

pub(crate) struct Reply {
    pub status: StatusCode,
    pub json: Value,
}

/// Sends `method uri` with a bearer `key` and an optional JSON body.
pub(crate) async fn send(
    app: &Router,
    method: &str,
    uri: &str,
    key: Option<&str>,
    body: Option<Value>,
) -> Reply {
    let mut req = Request::builder().method(method).uri(uri);
    if let Some(k) = key {
        req = req.header(header::AUTHORIZATION, format!("Bearer {k}"));
    }
    if body.is_some() {
        req = req.header(header::CONTENT_TYPE, "application/json");
    }
    let req = req.body(Body::from(body.map(|b| b.to_string()).unwrap_or_default())).unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let bytes = axum::body::to_bytes(resp.into_body(), usize::MAX).await.unwrap();
    Reply { status, json: serde_json::from_slice(&bytes).unwrap_or(Value::Null) }
}

/// The id of the record named `name` in a `{data: [...]}` answer.
pub(crate) fn id_named(list: &Value, name: &str) -> String {
    list["data"].as_array().unwrap().iter().find(|x| x["name"] == name).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}
