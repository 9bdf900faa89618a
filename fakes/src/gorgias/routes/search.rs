//! `POST /api/search`: typeahead over customers, agents, tags, teams and integrations.
//! Answers 201 with `{"data":[...]}`, as documented.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::Desk;
use crate::gorgias::api_error::{ApiError, json_response};
use crate::gorgias::store::Store;

/// Every `type` the API documents (../shared/apis/gorgias.md §2.6).
const TYPES: [&str; 10] = [
    "agent",
    "customer",
    "customer_profile",
    "customer_channel",
    "customer_channel_email",
    "customer_channel_phone",
    "customers_by_phone",
    "integration",
    "tag",
    "team",
];
const DEFAULT_SIZE: u64 = 10;
const MAX_SIZE: u64 = 50;

/// The whole query as a substring, or every word of it, of any of `fields`.
fn matches(query: &str, fields: &[&str]) -> bool {
    let fields: Vec<String> = fields.iter().map(|f| f.to_lowercase()).collect();
    let whole = fields.iter().any(|f| f.contains(query));
    let words: Vec<&str> = query.split_whitespace().collect();
    whole || (!words.is_empty() && words.iter().all(|w| fields.iter().any(|f| f.contains(w))))
}

/// The digits of a phone number, for comparing numbers however they are written.
fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

fn run(store: &Store, kind: &str, query: &str, size: usize) -> Vec<Value> {
    let with_channels = |c: &_| {
        let mut v = store.customer_summary(c);
        v["channels"] = store.customer_json(c, false)["channels"].clone();
        v
    };
    match kind {
        "customers_by_phone" | "customer_channel_phone" => {
            let wanted = digits(query);
            store
                .customers
                .iter()
                .filter(|c| {
                    !wanted.is_empty() && c.phone.as_deref().is_some_and(|p| digits(p).contains(&wanted))
                })
                .take(size)
                .map(with_channels)
                .collect()
        }
        "customer_channel" | "customer_channel_email" => store
            .customers
            .iter()
            .filter(|c| c.email.to_lowercase().contains(query))
            .take(size)
            .map(with_channels)
            .collect(),
        "customer" | "customer_profile" => store
            .customers
            .iter()
            .filter(|c| matches(query, &[&c.name(), &c.email]))
            .take(size)
            .map(|c| {
                let mut v = store.customer_summary(c);
                v["channels"] = store.customer_json(c, false)["channels"].clone();
                v
            })
            .collect(),
        "agent" => store
            .users
            .iter()
            .filter(|u| matches(query, &[&u.name(), &u.email]))
            .take(size)
            .map(|u| store.user_json(u))
            .collect(),
        "tag" => {
            let usage = store.tag_usage();
            store
                .tags
                .iter()
                .filter(|t| matches(query, &[&t.name]))
                .take(size)
                .map(|t| store.tag_json(t, &usage))
                .collect()
        }
        "team" => store
            .teams
            .iter()
            .filter(|t| matches(query, &[&t.name]))
            .take(size)
            .map(|t| store.team_json(t))
            .collect(),
        _ => store
            .integrations
            .iter()
            .filter(|i| matches(query, &[&i.name, &i.kind]))
            .take(size)
            .map(|i| store.integration_json(i))
            .collect(),
    }
}

/// `POST /api/search` with `{"type":..,"query":..,"size":..}`.
pub(crate) async fn search(State(desk): State<Desk>, body: Bytes) -> Result<Response, ApiError> {
    let parsed: Value =
        serde_json::from_slice(&body).map_err(|_| ApiError::bad_request("Invalid JSON body."))?;
    let kind = match parsed.get("type") {
        None | Some(Value::Null) => {
            return Err(ApiError::invalid_field("type", "Missing data for required field."));
        }
        Some(Value::String(k)) if TYPES.contains(&k.as_str()) => k.clone(),
        Some(_) => {
            return Err(ApiError::invalid_field("type", &format!("Must be one of: {}.", TYPES.join(", "))));
        }
    };
    let query = match parsed.get("query") {
        Some(Value::String(q)) => q.trim().to_lowercase(),
        None | Some(Value::Null) => {
            return Err(ApiError::invalid_field("query", "Missing data for required field."));
        }
        Some(_) => return Err(ApiError::invalid_field("query", "Not a valid string.")),
    };
    let size = match parsed.get("size") {
        None | Some(Value::Null) => DEFAULT_SIZE,
        Some(v) => match v.as_u64() {
            Some(n @ 1..=MAX_SIZE) => n,
            Some(0) => return Err(ApiError::invalid_field("size", "Must be at least 1.")),
            Some(_) => return Err(ApiError::invalid_field("size", "Must be at most 50.")),
            None => return Err(ApiError::invalid_field("size", "Not a valid integer.")),
        },
    };
    let store = desk.read();
    let data = run(&store, &kind, &query, size as usize);
    Ok(json_response(StatusCode::CREATED, &json!({ "data": data })))
}
