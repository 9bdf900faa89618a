//! `POST /api/reporting/stats?limit=&cursor=`: the reporting query, paged by cursor.
//! Answers `{"data": [rows], "meta": {"next_cursor": ...}}`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::Uri;
use axum::response::Response;
use serde_json::{Value, json};

use super::{Desk, ok};
use crate::gorgias::api_error::ApiError;
use crate::gorgias::paging::{decode_cursor, encode_cursor};
use crate::gorgias::query::Query;
use crate::gorgias::reporting;

/// Rows per page when the client sends no `limit`.
const DEFAULT_LIMIT: usize = 100;
/// The largest page reporting serves.
const MAX_LIMIT: i64 = 10_000;

/// `limit` (1..=10000, default 100) and the offset inside `cursor`.
fn page(q: &Query) -> Result<(usize, usize), ApiError> {
    let limit = match q.get("limit").map(str::trim) {
        None | Some("") => DEFAULT_LIMIT,
        Some(raw) => {
            let n: i64 = raw.parse().map_err(|_| ApiError::bad_request("limit: Not a valid integer."))?;
            if n < 1 {
                return Err(ApiError::bad_request("limit: Must be at least 1"));
            }
            if n > MAX_LIMIT {
                return Err(ApiError::bad_request("limit: Must be at most 10000"));
            }
            n as usize
        }
    };
    let offset = match q.get("cursor") {
        None | Some("") => 0,
        Some(c) => decode_cursor(c).ok_or_else(|| ApiError::bad_request("Invalid cursor."))?,
    };
    Ok((limit, offset))
}

/// `POST /api/reporting/stats`
pub(crate) async fn stats(State(desk): State<Desk>, uri: Uri, body: Bytes) -> Result<Response, ApiError> {
    let (limit, offset) = page(&Query::parse(uri.query()))?;
    let body: Value =
        serde_json::from_slice(&body).map_err(|_| ApiError::bad_request("Invalid JSON body."))?;
    let rows = {
        let store = desk.read();
        reporting::run(&store, &body)?
    };
    let start = offset.min(rows.len());
    let end = start.saturating_add(limit).min(rows.len());
    let next = (end < rows.len()).then(|| encode_cursor("next", end));
    let data: Vec<Value> = rows[start..end].iter().cloned().map(Value::Object).collect();
    Ok(ok(&json!({ "data": data, "meta": { "next_cursor": next } })))
}
