//! Cursor pagination: `limit` validation, opaque base64 cursors and the list envelope.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use super::api_error::ApiError;
use super::query::Query;

/// Page size when the client sends no `limit`.
pub(crate) const DEFAULT_LIMIT: usize = 30;
/// Largest page the real API serves; more is a 400.
pub(crate) const MAX_LIMIT: usize = 100;

/// Where a page starts and how long it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Page {
    pub limit: usize,
    pub offset: usize,
}

impl Page {
    /// Reads and validates `limit` and `cursor` with the real API's messages.
    pub(crate) fn from_query(q: &Query) -> Result<Page, ApiError> {
        let limit = match q.get("limit") {
            None | Some("") => DEFAULT_LIMIT,
            Some(raw) => {
                let n: i64 =
                    raw.trim().parse().map_err(|_| ApiError::bad_request("limit: Not a valid integer."))?;
                if n < 1 {
                    return Err(ApiError::bad_request("limit: Must be at least 1"));
                }
                if n > MAX_LIMIT as i64 {
                    return Err(ApiError::bad_request("limit: Must be at most 100"));
                }
                n as usize
            }
        };
        let offset = match q.get("cursor") {
            None | Some("") => 0,
            Some(c) => decode_cursor(c).ok_or_else(|| ApiError::bad_request("Invalid cursor."))?,
        };
        Ok(Page { limit, offset })
    }
}

/// An opaque cursor: base64 of `["next", offset]` or `["prev", offset]`, like the real ones.
pub(crate) fn encode_cursor(direction: &str, offset: usize) -> String {
    STANDARD.encode(json!([direction, offset]).to_string())
}

/// The offset inside a cursor; `None` for anything this server did not hand out.
/// A `+` that reached us as a space (unencoded in the URL) is forgiven.
pub(crate) fn decode_cursor(cursor: &str) -> Option<usize> {
    let cleaned = cursor.trim().replace(' ', "+");
    let bytes = STANDARD.decode(cleaned).ok()?;
    let value: Value = serde_json::from_slice(&bytes).ok()?;
    match value.as_array()?.as_slice() {
        [Value::String(dir), Value::Number(n)] if dir == "next" || dir == "prev" => {
            usize::try_from(n.as_u64()?).ok()
        }
        _ => None,
    }
}

/// Slices `items` for `page` and wraps the rendered slice in the Gorgias list envelope.
pub(crate) fn envelope<T>(uri: &str, items: &[T], page: Page, mut render: impl FnMut(&T) -> Value) -> Value {
    let total = items.len();
    let start = page.offset.min(total);
    let end = start.saturating_add(page.limit).min(total);
    let data: Vec<Value> = items[start..end].iter().map(&mut render).collect();
    let next = (end < total).then(|| encode_cursor("next", end));
    let prev = (start > 0).then(|| encode_cursor("prev", start.saturating_sub(page.limit)));
    json!({
        "object": "list",
        "uri": uri,
        "data": data,
        "meta": { "prev_cursor": prev, "next_cursor": next, "total_resources": total },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(q: &str) -> Result<Page, ApiError> {
        Page::from_query(&Query::parse(Some(q)))
    }

    #[test]
    fn limit_validation() {
        assert_eq!(page("").unwrap().limit, 30);
        assert_eq!(page("limit=100").unwrap().limit, 100);
        assert_eq!(page("limit=1").unwrap().limit, 1);
        for bad in ["limit=101", "limit=0", "limit=-3", "limit=ten", "limit=1.5"] {
            assert_eq!(page(bad).unwrap_err().status(), 400, "{bad}");
        }
    }

    #[test]
    fn cursor_round_trip_and_end_of_list() {
        let items: Vec<u32> = (0..7).collect();
        let first = envelope("/api/x", &items, page("limit=3").unwrap(), |i| json!(i));
        assert_eq!(first["data"], json!([0, 1, 2]));
        assert_eq!(first["meta"]["prev_cursor"], Value::Null);
        assert_eq!(first["meta"]["total_resources"], 7);
        let next = first["meta"]["next_cursor"].as_str().unwrap().to_string();
        let second =
            envelope("/api/x", &items, page(&format!("limit=3&cursor={next}")).unwrap(), |i| json!(i));
        assert_eq!(second["data"], json!([3, 4, 5]));
        let prev = second["meta"]["prev_cursor"].as_str().unwrap();
        assert_eq!(decode_cursor(prev), Some(0));
        let next = second["meta"]["next_cursor"].as_str().unwrap().to_string();
        let third =
            envelope("/api/x", &items, Page { limit: 3, offset: decode_cursor(&next).unwrap() }, |i| {
                json!(i)
            });
        assert_eq!(third["data"], json!([6]));
        assert_eq!(third["meta"]["next_cursor"], Value::Null);
    }

    #[test]
    fn invalid_cursors_are_rejected() {
        for bad in ["cursor=!!!", "cursor=bm90IGpzb24=", "cursor=WyJzaWRld2F5cyIsMV0="] {
            assert_eq!(page(bad).unwrap_err().status(), 400, "{bad}");
        }
        let c = encode_cursor("next", 60);
        assert!(c.ends_with('='));
        assert_eq!(decode_cursor(&c.replace('+', " ")), Some(60));
    }
}
