//! The front door every request passes, in order: record, delay, faults, throttling,
//! authentication, trailing-slash normalisation, undocumented query parameters refused,
//! routing, the usage header, and last the faults that lose the answer of an applied request.

use std::sync::{Arc, RwLock};
use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse as _, Response};
use tower::ServiceExt;

use super::api_error::error_response;
use super::auth::{Credentials, Presented};
use super::faults::Json;
use super::options::GorgiasOptions;
use super::params;
use super::routes::{self, Desk, SentPath};
use super::seed;
use super::wire_time::{Clock, Time};
use crate::control::reflect::Echo;
use crate::control::{Control, FaultKind, RecordedRequest, faults};
use crate::socket::ConnectionKill;

/// Bodies larger than this are not read (the fake only takes small JSON bodies).
const MAX_BODY: usize = 8 * 1024 * 1024;
/// The 401 message for missing or wrong credentials.
pub(crate) const AUTH_FAILED: &str = "Authentication failed: invalid email or API key.";
const USAGE_HEADER: &str = "x-gorgias-account-api-call-limit";

#[derive(Clone)]
struct Gate {
    control: Control,
    credentials: Arc<Credentials>,
    routes: Router,
}

/// Builds the whole fake as one router (seeded store + gate) and its control handle,
/// with data laid out relative to `now`.
pub(crate) fn build(opts: &GorgiasOptions, now: Time) -> (Router, Control) {
    let control = Control::new(opts.latency, opts.rate_limit);
    let store = seed::build(opts, now);
    let desk = Desk {
        store: Arc::new(RwLock::new(store)),
        control: control.clone(),
        clock: Clock::anchored_at(now),
    };
    let gate = Gate {
        control: control.clone(),
        credentials: Arc::new(Credentials::new(&opts.email, &opts.api_key)),
        routes: routes::router(desk),
    };
    let app = Router::new().fallback(move |req: Request| {
        let gate = gate.clone();
        async move { gate.handle(req).await }
    });
    (app, control)
}

impl Gate {
    async fn handle(self, req: Request) -> Response {
        let (mut parts, body) = req.into_parts();
        let bytes = axum::body::to_bytes(body, MAX_BODY).await.unwrap_or_default();
        let presented = Presented::from_headers(&parts.headers);
        let authorized = self.credentials.accepts(&presented);
        let method = parts.method.as_str().to_string();
        let path = parts.uri.path().to_string();
        self.control.record(RecordedRequest {
            method: method.clone(),
            path: path.clone(),
            query: parts.uri.query().map(str::to_string),
            authorized,
            body: (!bytes.is_empty()).then(|| String::from_utf8_lossy(&bytes).into_owned()),
        });
        tracing::debug!(%method, %path, authorized, "gorgias fake request");

        let latency = self.control.latency();
        if !latency.is_zero() {
            tokio::time::sleep(latency).await;
        }
        let fault = self.control.take_fault(&method, &path);
        let echo = match &fault {
            Some(FaultKind::Reflect { .. }) => Echo::of(&parts.headers, parts.uri.query(), &bytes),
            _ => Echo::default(),
        };
        let charge = self.control.charge(presented.bucket_key(), Instant::now());
        let kill = parts.extensions.get::<ConnectionKill>().cloned();
        let (answer_fault, lost_answer) = match fault {
            Some(kind) if kind.after_apply() => (None, Some(kind)),
            other => (other, None),
        };
        let mut resp = if let Some(kind) = answer_fault {
            tracing::debug!(%method, %path, ?kind, "acting out injected fault");
            faults::respond(kind, &path, kill.clone(), &echo, &Json).await
        } else if let Some(secs) = charge.retry_after {
            let mut r = error_response(StatusCode::TOO_MANY_REQUESTS, "Too many requests.");
            r.headers_mut().insert("retry-after", HeaderValue::from(secs));
            r
        } else if !authorized {
            error_response(StatusCode::UNAUTHORIZED, AUTH_FAILED)
        } else {
            parts.uri = normalized(&parts.uri);
            parts.extensions.insert(SentPath(path.clone()));
            let checked = params::check(&method, parts.uri.path(), parts.uri.query());
            let req = Request::from_parts(parts, Body::from(bytes));
            let resp = match checked {
                Err(refused) => refused.into_response(),
                Ok(()) => match self.routes.clone().oneshot(req).await {
                    Ok(r) => r,
                    Err(never) => match never {},
                },
            };
            if resp.status() == StatusCode::METHOD_NOT_ALLOWED {
                error_response(StatusCode::METHOD_NOT_ALLOWED, "The specified HTTP method is not allowed.")
            } else {
                resp
            }
        };
        if let Ok(v) = HeaderValue::from_str(&charge.header()) {
            resp.headers_mut().insert(USAGE_HEADER, v);
        }
        match lost_answer {
            Some(kind) => {
                tracing::debug!(%method, %path, ?kind, "losing the answer of a handled request (fault)");
                faults::lose_answer(kind, resp, kill, &echo, &Json).await
            }
            None => resp,
        }
    }
}

/// The URI with trailing slashes trimmed from the path (Gorgias tolerates `/api/tickets/`).
fn normalized(uri: &Uri) -> Uri {
    let path = uri.path();
    let trimmed = path.trim_end_matches('/');
    if trimmed.len() == path.len() || trimmed.is_empty() {
        return uri.clone();
    }
    let rebuilt = match uri.query() {
        Some(q) => format!("{trimmed}?{q}"),
        None => trimmed.to_string(),
    };
    rebuilt.parse().unwrap_or_else(|_| uri.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_trailing_slashes_but_keeps_the_query() {
        let u: Uri = "/api/tickets/?limit=2".parse().unwrap();
        assert_eq!(normalized(&u).to_string(), "/api/tickets?limit=2");
        let u: Uri = "/".parse().unwrap();
        assert_eq!(normalized(&u).to_string(), "/");
    }
}
