//! The ticket reads: `tickets/show`, `tickets/responses`, `tickets/responses/query` (cursor
//! paged by `created_at` and `id`) and `tickets/query` (a perspective's rows, carrying
//! exactly its columns, filtered by `search_object`).

use axum::response::Response;
use serde_json::{Map, Value, json};

use super::super::reply;
use super::super::store::{Response as Resp, Store, Ticket};
use super::{number, plain, ticket_json};
use crate::tickiti::iso;

/// Columns of the rows when no perspective is named.
const DEFAULT_COLUMNS: [&str; 9] = [
    "ticket_number",
    "subject",
    "status",
    "queue",
    "assignee",
    "originator_name",
    "originator_email",
    "created_at",
    "updated_at",
];
/// Keys `search_object` accepts.
const SEARCH_KEYS: [&str; 13] = [
    "search_perspective",
    "status",
    "queue",
    "assignee_email",
    "originator_email",
    "originator_name",
    "text",
    "ticket_number",
    "created_from",
    "created_to",
    "watchlist_id",
    "sort_by",
    "sort_direction",
];

fn ticket_or_404<'s>(s: &'s Store, body: &Map<String, Value>) -> Result<&'s Ticket, Box<Response>> {
    let n = number(body, "ticket_number").ok_or_else(|| {
        Box::new(reply::invalid_field("ticket_number", "The ticket number must be 6 digits."))
    })?;
    s.ticket(n).ok_or_else(|| Box::new(reply::not_found("Ticket")))
}

/// `tickets/show`.
pub(super) fn show(s: &Store, body: &Map<String, Value>) -> Response {
    match ticket_or_404(s, body) {
        Ok(t) => reply::ok(json!({ "ticket": ticket_json(s, t) })),
        Err(r) => *r,
    }
}

/// One response as the API renders it (`fields` limits the optional parts).
pub(crate) fn response_json(r: &Resp, fields: Option<&[String]>) -> Value {
    let want = |f: &str| fields.is_none_or(|fs| fs.iter().any(|x| x == f));
    let mut v = json!({
        "id": r.id.to_string(),
        "ticket_number": r.ticket_number,
        "is_internal": r.is_internal,
        "is_pinned": false,
        "staff_response": r.staff_response,
        "created_by_email": r.created_by_email,
        "created_at": iso(r.created_at),
        "updated_at": iso(r.created_at),
        "is_email_sourced": !r.staff_response,
    });
    if let Some(map) = v.as_object_mut() {
        if want("html") {
            map.insert("html".into(), Value::String(r.html.clone()));
        }
        if want("plain_text") {
            map.insert("plain_text".into(), Value::String(plain(&r.html)));
        }
        if want("attachments") {
            map.insert("attachments".into(), json!(r.attachments));
        }
    }
    v
}

/// `tickets/responses`: every response, newest first (as the API lists them).
pub(super) fn responses(s: &Store, body: &Map<String, Value>) -> Response {
    match ticket_or_404(s, body) {
        Ok(t) => {
            let list: Vec<Value> =
                s.responses_of(t.number).iter().rev().map(|r| response_json(r, None)).collect();
            reply::ok(json!({ "ticket_number": t.number, "responses": list }))
        }
        Err(r) => *r,
    }
}

fn date_bound(body: &Map<String, Value>, field: &str, end: bool) -> Option<i64> {
    let d = chrono::NaiveDate::parse_from_str(body.get(field)?.as_str()?, "%Y-%m-%d").ok()?;
    let t = d.and_hms_opt(0, 0, 0)?.and_utc().timestamp();
    Some(if end { t + 86_400 } else { t })
}

/// `tickets/responses/query`: oldest first, after `cursor`, at most `limit` (1-1000).
pub(super) fn query_responses(s: &Store, body: &Map<String, Value>) -> Response {
    let limit = body.get("limit").and_then(Value::as_u64).unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return reply::invalid_field("limit", "The limit must be between 1 and 1000.");
    }
    let after = match body.get("cursor").and_then(Value::as_object) {
        None => None,
        Some(c) => {
            let at = c
                .get("created_at")
                .and_then(Value::as_str)
                .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok());
            let id = c.get("id").and_then(|v| v.as_u64().or_else(|| v.as_str()?.parse().ok()));
            match (at, id, c.len()) {
                (Some(at), Some(id), 2) => Some((at.timestamp(), id)),
                _ => {
                    return reply::invalid_field(
                        "cursor",
                        "The cursor must be {created_at, id} from next_cursor.",
                    );
                }
            }
        }
    };
    let (from, to) = (date_bound(body, "created_from", false), date_bound(body, "created_to", true));
    let strs = |f: &str| {
        body.get(f)
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect::<Vec<_>>())
    };
    let numbers: Option<Vec<u64>> =
        strs("ticket_number").map(|v| v.iter().filter_map(|n| n.parse().ok()).collect());
    let queue_names = strs("queue");
    let queue_ids: Option<Vec<u64>> =
        body.get("queue_id").and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_u64).collect());
    let fields = strs("fields");
    if let Some(bad) =
        fields.iter().flatten().find(|f| !["html", "plain_text", "attachments"].contains(&f.as_str()))
    {
        return reply::invalid_field(
            "fields",
            &format!("Unknown field {bad}; use html, plain_text or attachments."),
        );
    }
    let flag = |f: &str| body.get(f).and_then(Value::as_bool);
    let mut matched: Vec<&Resp> = s
        .responses
        .iter()
        .filter(|r| from.is_none_or(|f| r.created_at >= f) && to.is_none_or(|t| r.created_at < t))
        .filter(|r| flag("is_internal").is_none_or(|b| r.is_internal == b))
        .filter(|r| flag("staff_response").is_none_or(|b| r.staff_response == b))
        .filter(|r| numbers.as_ref().is_none_or(|n| n.contains(&r.ticket_number)))
        .filter(|r| {
            let t = s.ticket(r.ticket_number);
            let queue = t.and_then(|t| s.queue(t.queue_id));
            queue_ids.as_ref().is_none_or(|ids| queue.is_some_and(|q| ids.contains(&q.id)))
                && queue_names.as_ref().is_none_or(|ns| {
                    queue.is_some_and(|q| ns.iter().any(|n| n.eq_ignore_ascii_case(&q.name)))
                })
        })
        .filter(|r| after.is_none_or(|a| (r.created_at, r.id) > a))
        .collect();
    matched.sort_by_key(|r| (r.created_at, r.id));
    let more = matched.len() > limit as usize;
    matched.truncate(limit as usize);
    let next = more
        .then(|| matched.last().map(|r| json!({ "created_at": iso(r.created_at), "id": r.id })))
        .flatten();
    let list: Vec<Value> = matched.iter().map(|r| response_json(r, fields.as_deref())).collect();
    reply::ok(json!({ "responses": list, "next_cursor": next }))
}

fn cell(s: &Store, t: &Ticket, column: &str) -> Value {
    match column {
        "ticket_number" => json!(t.number),
        "subject" => json!(t.subject),
        "status" => json!(t.status),
        "queue" => json!(s.queue(t.queue_id).map(|q| q.name.clone())),
        "assignee" => json!(t.assignee.and_then(|a| s.staff_by_id(a)).map(|a| a.name.clone())),
        "originator_name" => json!(t.originator_name),
        "originator_email" => json!(t.originator_email),
        "created_at" => json!(iso(t.created_at)),
        "updated_at" => json!(iso(t.updated_at)),
        "resolution_category" => json!(
            t.resolution_category_id
                .and_then(|id| s.resolution_categories.iter().find(|c| c.id == id))
                .map(|c| c.name.clone())
        ),
        _ => Value::Null,
    }
}

/// `tickets/query`: a perspective's tickets, one page, rows with its columns.
pub(super) fn query(s: &Store, body: &Map<String, Value>) -> Response {
    let search = body.get("search_object").and_then(Value::as_object).cloned().unwrap_or_default();
    if let Some(bad) = search.keys().find(|k| !SEARCH_KEYS.contains(&k.as_str())) {
        return reply::invalid_field(&format!("search_object.{bad}"), "This search key is not recognised.");
    }
    let named = search.get("search_perspective").and_then(Value::as_str);
    let perspective = match (body.get("perspective_id").and_then(Value::as_u64), named) {
        (Some(id), _) => match s.perspectives.iter().find(|p| p.id == id) {
            Some(p) => Some(p),
            None => return reply::not_found("Perspective"),
        },
        (None, Some(name)) => match s.perspectives.iter().find(|p| p.name.eq_ignore_ascii_case(name)) {
            Some(p) => Some(p),
            None => return reply::not_found("Perspective"),
        },
        (None, None) => None,
    };
    let per_page = body.get("per_page").and_then(Value::as_u64).unwrap_or(25);
    let page = body.get("page").and_then(Value::as_u64).unwrap_or(1);
    if !(1..=100).contains(&per_page) || page == 0 {
        return reply::invalid_field("per_page", "per_page must be 1 to 100 and page at least 1.");
    }
    let text = |k: &str| search.get(k).and_then(Value::as_str).map(str::to_lowercase);
    let (status, queue, assignee, email, name, words) = (
        text("status"),
        text("queue"),
        text("assignee_email"),
        text("originator_email"),
        text("originator_name"),
        text("text"),
    );
    let number = search.get("ticket_number").and_then(|v| v.as_u64().or_else(|| v.as_str()?.parse().ok()));
    let watch = search.get("watchlist_id").and_then(Value::as_u64);
    let watched = watch
        .map(|id| s.watchlists.iter().find(|w| w.id == id).map(|w| w.tickets.clone()).unwrap_or_default());
    let (from, to) = (date_bound(&search, "created_from", false), date_bound(&search, "created_to", true));
    let mut rows: Vec<&Ticket> = s
        .tickets
        .iter()
        .filter(|t| {
            perspective.is_none_or(|p| {
                (p.statuses.is_empty() || p.statuses.contains(&t.status.as_str()))
                    && p.queue_id.is_none_or(|q| q == t.queue_id)
                    && (!p.unassigned || t.assignee.is_none())
            })
        })
        .filter(|t| status.as_deref().is_none_or(|x| t.status.to_lowercase() == x))
        .filter(|t| {
            queue.as_deref().is_none_or(|x| s.queue(t.queue_id).is_some_and(|q| q.name.to_lowercase() == x))
        })
        .filter(|t| {
            assignee.as_deref().is_none_or(|x| match x {
                "none" => t.assignee.is_none(),
                _ => t.assignee.and_then(|a| s.staff_by_id(a)).is_some_and(|a| a.email.to_lowercase() == x),
            })
        })
        .filter(|t| email.as_deref().is_none_or(|x| t.originator_email.to_lowercase() == x))
        .filter(|t| name.as_deref().is_none_or(|x| t.originator_name.to_lowercase().contains(x)))
        .filter(|t| number.is_none_or(|n| t.number == n))
        .filter(|t| watched.as_ref().is_none_or(|w| w.contains(&t.number)))
        .filter(|t| from.is_none_or(|f| t.created_at >= f) && to.is_none_or(|x| t.created_at < x))
        .filter(|t| {
            words.as_deref().is_none_or(|w| {
                t.subject.to_lowercase().contains(w)
                    || s.responses_of(t.number).iter().any(|r| plain(&r.html).to_lowercase().contains(w))
            })
        })
        .collect();
    let by_created = search.get("sort_by").and_then(Value::as_str) == Some("created_at");
    rows.sort_by_key(|t| (if by_created { t.created_at } else { t.updated_at }, t.id));
    if search.get("sort_direction").and_then(Value::as_str) != Some("asc") {
        rows.reverse();
    }
    let total = rows.len();
    let columns: Vec<&str> = perspective.map_or(DEFAULT_COLUMNS.to_vec(), |p| p.columns.clone());
    let shown: Vec<Value> = rows
        .iter()
        .skip(((page - 1) * per_page) as usize)
        .take(per_page as usize)
        .map(|t| Value::Object(columns.iter().map(|c| ((*c).to_owned(), cell(s, t, c))).collect()))
        .collect();
    reply::ok(json!({
        "perspective": perspective.map(|p| json!({ "id": p.id, "name": p.name })),
        "columns": columns,
        "rows": shown,
        "page": page,
        "per_page": per_page,
        "total": total,
        "last_page": total.div_ceil(per_page as usize).max(1),
    }))
}
