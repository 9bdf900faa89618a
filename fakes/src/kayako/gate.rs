//! The front door every request passes, in order: decode the route (any of the three URL
//! forms), record, delay, faults, signature check, dispatch to a controller, and last the
//! faults that lose the answer of an applied request.

use std::sync::{Arc, RwLock};

use axum::Router;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::response::Response;

use super::auth::Keys;
use super::controllers::{self, Desk};
use super::options::KayakoOptions;
use super::reply::{self, ACCESS_DENIED, Plain};
use super::route::Call;
use super::seed;
use crate::control::reflect::Echo;
use crate::control::{Control, FaultKind, RecordedRequest, faults};
use crate::socket::ConnectionKill;

/// Bodies larger than this are not read (the biggest real input is a base64 attachment).
const MAX_BODY: usize = 16 * 1024 * 1024;

#[derive(Clone)]
struct Gate {
    control: Control,
    keys: Arc<Keys>,
    desk: Desk,
}

/// Builds the whole fake as one router (seeded desk + gate) and its control handle, with
/// dates laid out relative to `now` (unix seconds).
pub(crate) fn build(opts: &KayakoOptions, now: i64) -> (Router, Control) {
    let control = Control::new(opts.latency, None);
    let desk = Desk {
        store: Arc::new(RwLock::new(seed::build(opts.seed, now))),
        control: control.clone(),
        search_limit: opts.search_result_limit,
        clock_offset: now - super::unix_now(),
    };
    let gate =
        Gate { control: control.clone(), keys: Arc::new(Keys::new(&opts.api_key, &opts.secret_key)), desk };
    let app = Router::new().fallback(move |req: Request| {
        let gate = gate.clone();
        async move { gate.handle(req).await }
    });
    (app, control)
}

impl Gate {
    async fn handle(self, req: Request) -> Response {
        let (parts, body) = req.into_parts();
        let bytes = axum::body::to_bytes(body, MAX_BODY).await.unwrap_or_default();
        let method = parts.method.as_str().to_string();
        let content_type =
            parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
        let call = Call::decode(&method, parts.uri.path(), parts.uri.query(), content_type, &bytes);
        let authorized = call.as_ref().is_some_and(|c| {
            self.keys.accepts(c.auth_field("apikey"), c.auth_field("salt"), c.auth_field("signature"))
        });
        let path = call.as_ref().map_or_else(|| parts.uri.path().to_string(), Call::route);
        self.control.record(RecordedRequest {
            method: method.clone(),
            path: path.clone(),
            query: parts.uri.query().map(str::to_string),
            authorized,
            body: (!bytes.is_empty()).then(|| String::from_utf8_lossy(&bytes).into_owned()),
        });
        tracing::debug!(%method, %path, authorized, "kayako fake request");

        let latency = self.control.latency();
        if !latency.is_zero() {
            tokio::time::sleep(latency).await;
        }
        let kill = parts.extensions.get::<ConnectionKill>().cloned();
        let fault = self.control.take_fault(&method, &path);
        let echo = match &fault {
            Some(FaultKind::Reflect { .. }) => Echo::of(&parts.headers, parts.uri.query(), &bytes),
            _ => Echo::default(),
        };
        let (answer_fault, lost_answer) = match fault {
            Some(kind) if kind.after_apply() => (None, Some(kind)),
            other => (other, None),
        };
        let resp = if let Some(kind) = answer_fault {
            tracing::debug!(%method, %path, ?kind, "acting out injected fault");
            faults::respond(kind, &path, kill.clone(), &echo, &Plain).await
        } else {
            match call {
                // Not the API script at all: the web server's own 404.
                None => reply::not_found("Not Found"),
                Some(_) if !authorized => reply::text(StatusCode::UNAUTHORIZED, ACCESS_DENIED),
                Some(call) => {
                    let body = (!bytes.is_empty()).then(|| String::from_utf8_lossy(&bytes).into_owned());
                    controllers::dispatch(&self.desk, &method, &call, body)
                }
            }
        };
        match lost_answer {
            Some(kind) => {
                tracing::debug!(%method, %path, ?kind, "losing the answer of a handled request (fault)");
                faults::lose_answer(kind, resp, kill, &echo, &Plain).await
            }
            None => resp,
        }
    }
}
