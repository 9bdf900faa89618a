//! The front door every request passes, in Laravel's order: record, delay, faults, rate
//! limit, route, method, authentication (401), ability, role and plan (403 naming what is
//! missing), then body validation (422), the idempotency key (replay or 409), the handler,
//! and last the faults that lose the answer of an applied request.

use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header, request::Parts};
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::auth::{self, Token};
use super::idempotency::{self, Keys, Seen};
use super::manifest::{self, Route};
use super::options::TickitiOptions;
use super::reply::{self, Json};
use super::routes;
use super::seed;
use super::store::Store;
use crate::control::reflect::Echo;
use crate::control::{Control, FaultKind, RecordedRequest, RecordedWrite, faults};
use crate::socket::ConnectionKill;

/// Bodies larger than this are refused unread.
const MAX_BODY: usize = 16 * 1024 * 1024;
/// Longest idempotency key the API accepts.
const MAX_KEY: usize = 255;

/// The desk: data, tokens, plan, kept idempotent answers and the control.
#[derive(Clone, Debug)]
pub(crate) struct Desk {
    store: Arc<RwLock<Store>>,
    keys: Arc<Mutex<Keys>>,
    tokens: Arc<Vec<Token>>,
    plan: Arc<Vec<&'static str>>,
    pub control: Control,
}

impl Desk {
    /// Reads the store.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Store) -> T) -> T {
        f(&self.store.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Changes the store.
    pub(crate) fn write<T>(&self, f: impl FnOnce(&mut Store) -> T) -> T {
        f(&mut self.store.write().unwrap_or_else(PoisonError::into_inner))
    }
}

/// Builds the fake as one router, its control and its desk, dates relative to `now`.
pub(crate) fn build(opts: &TickitiOptions, now: i64) -> (Router, Control, Desk) {
    let control = Control::new(opts.latency, None);
    let desk = Desk {
        store: Arc::new(RwLock::new(seed::build(opts.seed, now))),
        keys: Arc::default(),
        tokens: Arc::new(opts.tokens.clone()),
        plan: Arc::new(opts.plan.clone()),
        control: control.clone(),
    };
    let gate = desk.clone();
    let app = Router::new().fallback(move |req: Request| {
        let desk = gate.clone();
        async move { handle(desk, req).await }
    });
    (app, control, desk)
}

async fn handle(desk: Desk, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_BODY).await.unwrap_or_default();
    let method = parts.method.as_str().to_owned();
    let path = parts.uri.path().to_owned();
    let authorization = parts.headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
    let token = auth::find(&desk.tokens, authorization).cloned();
    desk.control.record(RecordedRequest {
        method: method.clone(),
        path: path.clone(),
        query: parts.uri.query().map(str::to_owned),
        authorized: token.is_some(),
        body: (!bytes.is_empty()).then(|| String::from_utf8_lossy(&bytes).into_owned()),
    });
    let latency = desk.control.latency();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let kill = parts.extensions.get::<ConnectionKill>().cloned();
    let fault = desk.control.take_fault(&method, &path);
    let echo = match &fault {
        Some(FaultKind::Reflect { .. }) => Echo::of(&parts.headers, parts.uri.query(), &bytes),
        _ => Echo::default(),
    };
    let (answer_fault, lost) = match fault {
        Some(kind) if kind.after_apply() => (None, Some(kind)),
        other => (other, None),
    };
    let resp = match answer_fault {
        Some(kind) => faults::respond(kind, &path, kill.clone(), &echo, &Json).await,
        None => answer(&desk, &parts, &bytes, token.as_ref()).await,
    };
    match lost {
        Some(kind) => faults::lose_answer(kind, resp, kill, &echo, &Json).await,
        None => resp,
    }
}

async fn answer(desk: &Desk, parts: &Parts, bytes: &Bytes, token: Option<&Token>) -> Response {
    let charge = desk.control.charge(token.map_or("", |t| t.value.as_str()), Instant::now());
    if let Some(wait) = charge.retry_after {
        let mut resp =
            reply::error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests", "Too Many Attempts.", None);
        resp.headers_mut().insert("retry-after", HeaderValue::from(wait));
        return resp;
    }
    let Some(below) = parts.uri.path().strip_prefix("/api/v1/") else {
        return reply::error(StatusCode::NOT_FOUND, "not_found", "Route not found.", None);
    };
    let Some((route, path_values)) = manifest::find(below) else {
        return reply::error(StatusCode::NOT_FOUND, "not_found", "Route not found.", None);
    };
    if parts.method != axum::http::Method::POST {
        return reply::error(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "Every v1 route is POST.",
            None,
        );
    }
    if parts.uri.query().is_some() {
        return reply::invalid_field("query", "The v1 API takes its parameters in the JSON body only.");
    }
    let Some(token) = token else {
        return reply::error(StatusCode::UNAUTHORIZED, "unauthenticated", "Unauthenticated.", None);
    };
    if let Some(refusal) = authorize(desk, route, token) {
        return refusal;
    }
    let body = match body_object(bytes, route, path_values) {
        Ok(b) => b,
        Err(resp) => return *resp,
    };
    let key = parts.headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let keyed = key.filter(|_| !route.read);
    if let Some(k) = &keyed {
        if k.is_empty() || k.len() > MAX_KEY {
            return reply::invalid_field("Idempotency-Key", "must be 1 to 255 characters");
        }
        let digest = idempotency::digest(route.uri, bytes);
        let seen = desk.keys.lock().unwrap_or_else(PoisonError::into_inner).check(&token.value, k, digest);
        match seen {
            Seen::Replay(resp) => return resp,
            Seen::Conflict => {
                return reply::error(
                    StatusCode::CONFLICT,
                    "idempotency_key_conflict",
                    "This Idempotency-Key was already used with a different payload.",
                    None,
                );
            }
            Seen::New => {}
        }
    }
    let resp = routes::dispatch(desk, route, &body, token);
    if route.read && keyed.is_none() {
        return resp;
    }
    let (head, payload) = resp.into_parts();
    let payload = axum::body::to_bytes(payload, MAX_BODY).await.unwrap_or_default();
    if !route.read && head.status.is_success() {
        desk.control.record_write(RecordedWrite {
            method: "POST".into(),
            path: parts.uri.path().to_owned(),
            body: Some(String::from_utf8_lossy(bytes).into_owned()),
            status: head.status.as_u16(),
        });
    }
    if let Some(k) = &keyed
        && head.status.as_u16() < 500
    {
        let digest = idempotency::digest(route.uri, bytes);
        desk.keys.lock().unwrap_or_else(PoisonError::into_inner).keep(
            &token.value,
            k,
            digest,
            head.status,
            payload.clone(),
        );
    }
    Response::from_parts(head, axum::body::Body::from(payload))
}

/// 403 naming the missing ability, role or plan feature, checked in that order.
fn authorize(desk: &Desk, route: &Route, token: &Token) -> Option<Response> {
    let forbid = |message: String, kind: &str, value: &str| {
        Some(reply::error(
            StatusCode::FORBIDDEN,
            "forbidden",
            &message,
            Some(("required", json!({ kind: value }))),
        ))
    };
    if let Some(ability) = route.ability
        && !token.can(ability)
    {
        return forbid(format!("The token lacks the {ability} ability."), "ability", ability);
    }
    if !token.reaches(route.role) {
        return forbid(format!("This action requires the {} role.", route.role), "role", route.role);
    }
    if let Some(plan) = route.plan
        && !desk.plan.contains(&plan)
    {
        return forbid(format!("Your plan does not include {plan}."), "plan", plan);
    }
    None
}

/// The body as a JSON object checked against the route's fields (path values merged in).
fn body_object(
    bytes: &[u8],
    route: &Route,
    path_values: Vec<(&str, String)>,
) -> Result<Map<String, Value>, Box<Response>> {
    let mut body = if bytes.iter().all(u8::is_ascii_whitespace) {
        Map::new()
    } else {
        match serde_json::from_slice::<Value>(bytes) {
            Ok(Value::Object(m)) => m,
            _ => return Err(Box::new(reply::invalid_field("body", "The body must be a JSON object."))),
        }
    };
    let mut problems = Vec::new();
    for (name, value) in path_values {
        let parsed = value.parse::<u64>().map(Value::from).unwrap_or(Value::String(value));
        body.insert(name.to_owned(), parsed);
    }
    for (name, value) in &body {
        match route.params.iter().find(|(n, ..)| n == name) {
            None => problems.push((name.clone(), format!("The {name} field is not recognised."))),
            Some((_, kind, _)) if !fits(kind, value) => {
                problems.push((name.clone(), format!("The {name} field must be of type {kind}.")));
            }
            Some(_) => {}
        }
    }
    for (name, _, required) in &route.params {
        if *required && body.get(*name).is_none_or(|v| v.is_null() || v.as_str() == Some("")) {
            problems.push(((*name).to_owned(), format!("The {name} field is required.")));
        }
    }
    if problems.is_empty() { Ok(body) } else { Err(Box::new(reply::invalid(&problems))) }
}

fn fits(kind: &str, v: &Value) -> bool {
    match kind {
        "int" => v.is_u64() || v.is_i64(),
        "str" => v.is_string(),
        "bool" => v.is_boolean(),
        "obj" => v.is_object(),
        "ints" => v.as_array().is_some_and(|a| a.iter().all(Value::is_u64)),
        "strs" => v.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
        "date" => v.as_str().is_some_and(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()),
        "any" => true,
        k => k
            .strip_prefix("enum(")
            .and_then(|r| r.strip_suffix(')'))
            .is_some_and(|choices| v.as_str().is_some_and(|s| choices.split('/').any(|c| c == s))),
    }
}
