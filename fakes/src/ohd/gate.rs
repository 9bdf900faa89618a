//! The front door every request passes, in order: record, delay, faults, rate limit,
//! the token endpoint or credentials, dispatch, and last the faults that lose the answer.

use std::sync::atomic::{AtomicBool, AtomicI64};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::api_error::{ApiError, Json, json_response};
use super::auth::Keys;
use super::options::OhdOptions;
use super::routes::{self, Call, Desk};
use super::seed;
use crate::control::reflect::Echo;
use crate::control::{Control, FaultKind, RecordedRequest, faults};
use crate::socket::ConnectionKill;

const MAX_BODY: usize = 4 * 1024 * 1024;

/// Builds the fake as one router and its desk, dates laid out before `now` (unix seconds).
pub(crate) fn build(opts: &OhdOptions, now: i64) -> (Router, Desk) {
    let control = Control::new(opts.latency, None);
    let desk = Desk {
        store: Arc::new(Mutex::new(seed::build(now))),
        keys: Arc::new(Mutex::new(Keys::fixtures())),
        control,
        offset: Arc::new(AtomicI64::new(now - chrono::Utc::now().timestamp())),
        token_lifetime: i64::try_from(opts.token_lifetime.as_secs()).unwrap_or(3600).max(1),
        patch_ignored: Arc::new(AtomicBool::new(opts.patch_ignored)),
    };
    let gate = desk.clone();
    let app = Router::new().fallback(move |req: Request| {
        let desk = gate.clone();
        async move { handle(desk, req).await }
    });
    (app, desk)
}

async fn handle(desk: Desk, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_BODY).await.unwrap_or_default();
    let method = parts.method.as_str().to_owned();
    let path = parts.uri.path().to_owned();
    let control = desk.control.clone();
    let caller = {
        let store = desk.store();
        desk.keys().caller(&parts.headers, &store, desk.now())
    };
    let token_call = path == "/api/auth/token";
    control.record(RecordedRequest {
        method: method.clone(),
        path: path.clone(),
        query: parts.uri.query().map(str::to_owned),
        authorized: caller.is_ok() || token_call,
        // The token request's body holds the client secret: it is never kept.
        body: (!bytes.is_empty() && !token_call).then(|| String::from_utf8_lossy(&bytes).into_owned()),
    });
    let latency = control.latency();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let kill = parts.extensions.get::<ConnectionKill>().cloned();
    let fault = control.take_fault(&method, &path);
    let echo = match &fault {
        Some(FaultKind::Reflect { .. }) => Echo::of(&parts.headers, parts.uri.query(), &bytes),
        _ => Echo::default(),
    };
    let (answer_fault, lost) = match fault {
        Some(kind) if kind.after_apply() => (None, Some(kind)),
        other => (other, None),
    };
    let bucket = parts
        .headers
        .get(header::AUTHORIZATION)
        .map(|v| hex(&Sha256::digest(v.as_bytes())))
        .unwrap_or_default();
    let charge = control.charge(&bucket, Instant::now());
    let resp = if let Some(kind) = answer_fault {
        faults::respond(kind, &path, kill.clone(), &echo, &Json).await
    } else if let Some(secs) = charge.retry_after {
        let mut r =
            ApiError::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", "too many requests").into_response();
        r.headers_mut().insert("retry-after", HeaderValue::from(secs));
        r
    } else if token_call {
        token(
            &desk,
            &method,
            parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or(""),
            &bytes,
        )
    } else if !path.starts_with("/api/v1/") {
        ApiError::not_found().into_response()
    } else {
        match caller {
            Err(e) => e.into_response(),
            Ok(caller) => {
                let query = form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes())
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect();
                let call = Call { desk: &desk, method: &method, path: &path, query, body: &bytes };
                routes::dispatch(&desk, &caller, &call)
            }
        }
    };
    match lost {
        Some(kind) => faults::lose_answer(kind, resp, kill, &echo, &Json).await,
        None => resp,
    }
}

fn token(desk: &Desk, method: &str, content_type: &str, body: &[u8]) -> Response {
    if method != "POST" {
        return ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "method not allowed")
            .into_response();
    }
    let store = desk.store();
    match desk.keys().token(content_type, body, &store, desk.now(), desk.token_lifetime) {
        Ok(v) => json_response(StatusCode::OK, &v),
        Err(e) => e.into_response(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
