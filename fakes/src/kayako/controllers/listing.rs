//! `GET /Tickets/Ticket/ListAll/$departmentid$/$ticketstatusid$/$ownerstaffid$/$userid$/
//! $count$/$start$/$sortField$/$sortOrder$`: every argument a path segment, as
//! `Controller_Ticket::ListAll` reads them (query-string count/start are ignored).

use std::cmp::Ordering;

use axum::response::Response;

use super::{Ctx, intval, render};
use crate::kayako::reply;
use crate::kayako::store::{Store, Ticket};

/// Sort fields `ListAll` accepts (case-insensitive); anything else sorts by ticket id.
const SORT_FIELDS: &[&str] = &[
    "ticketstatustitle",
    "departmenttitle",
    "userid",
    "ownerstaffid",
    "dateline",
    "totalreplies",
    "hasattachments",
    "hasnotes",
    "lastactivity",
    "duetime",
    "creator",
    "isphonecall",
    "isescalated",
    "hasfollowup",
    "hasratings",
    "islinked",
    "tickettype",
    "tickettypetitle",
    "tickettypeid",
    "creationmode",
    "resolutiondateline",
    "isresolved",
    "iswatched",
    "prioritytitle",
    "lastreplier",
];

/// A CSV argument as ints (PHP `intval` per item); `None` for `-1` (no filter) or absent.
fn csv(arg: Option<&String>) -> Option<Vec<i64>> {
    let arg = arg?;
    if intval(arg) == -1 && !arg.contains(',') {
        return None;
    }
    Some(arg.split(',').map(intval).collect())
}

/// The ListAll answer.
pub(crate) fn list_all(ctx: &Ctx) -> Response {
    let store = ctx.desk.read();
    let a = &ctx.args[1..];
    // departmentid is required; unknown ids are dropped and an empty list matches nothing.
    let departments: Vec<u64> = csv(a.first())
        .unwrap_or_default()
        .into_iter()
        .filter(|id| store.departments.iter().any(|d| d.id as i64 == *id))
        .map(|id| id as u64)
        .collect();
    // -1 or only unknown ids: every unresolved status.
    let mut statuses: Vec<u64> = csv(a.get(1))
        .unwrap_or_default()
        .into_iter()
        .filter(|id| store.statuses.iter().any(|s| s.id as i64 == *id))
        .map(|id| id as u64)
        .collect();
    if statuses.is_empty() {
        statuses = store.statuses.iter().filter(|s| !s.resolved).map(|s| s.id).collect();
    }
    let owners = csv(a.get(2));
    let users = csv(a.get(3));
    let count = a.get(4).map_or(-1, |c| intval(c));
    let start = a.get(5).map_or(0, |s| intval(s)).max(0) as usize;
    let field = a.get(6).map(|f| f.to_ascii_lowercase()).filter(|f| SORT_FIELDS.contains(&f.as_str()));
    let descending = a.get(7).is_some_and(|o| o.eq_ignore_ascii_case("DESC"));
    let email = ctx.call.input.text("email").or_else(|| ctx.call.other.text("email"));

    let mut list: Vec<&Ticket> = store
        .tickets
        .values()
        .filter(|t| departments.contains(&t.department_id) && statuses.contains(&t.status_id))
        .filter(|t| owners.as_ref().is_none_or(|o| o.contains(&(t.owner_staff_id as i64))))
        .filter(|t| users.as_ref().is_none_or(|u| u.contains(&(t.user_id as i64))))
        .filter(|t| email.is_none_or(|e| t.email.eq_ignore_ascii_case(e)))
        .collect();
    list.sort_by(|x, y| {
        let by_field = field.as_deref().map_or(Ordering::Equal, |f| compare(&store, f, x, y));
        let ord = by_field.then(x.id.cmp(&y.id));
        if descending { ord.reverse() } else { ord }
    });
    let page = list.into_iter().skip(start);
    let page: Vec<&Ticket> = if count > 0 { page.take(count as usize).collect() } else { page.collect() };
    reply::xml(render::tickets(&store, page, false))
}

/// Orders two tickets by a whitelisted sort field.
fn compare(store: &Store, field: &str, x: &Ticket, y: &Ticket) -> Ordering {
    let num = |f: fn(&Ticket) -> i64| f(x).cmp(&f(y));
    let title = |f: &dyn Fn(&Ticket) -> String| f(x).to_lowercase().cmp(&f(y).to_lowercase());
    match field {
        "ticketstatustitle" => {
            title(&|t| store.status(t.status_id).map(|s| s.title.to_string()).unwrap_or_default())
        }
        "departmenttitle" => title(&|t| {
            store
                .departments
                .iter()
                .find(|d| d.id == t.department_id)
                .map(|d| d.title.to_string())
                .unwrap_or_default()
        }),
        "prioritytitle" => title(&|t| {
            store
                .priorities
                .iter()
                .find(|p| p.id == t.priority_id)
                .map(|p| p.title.to_string())
                .unwrap_or_default()
        }),
        "tickettype" | "tickettypetitle" => title(&|t| {
            store.types.iter().find(|p| p.id == t.type_id).map(|p| p.title.to_string()).unwrap_or_default()
        }),
        "lastreplier" => title(&|t| t.last_replier().to_string()),
        "userid" => num(|t| t.user_id as i64),
        "ownerstaffid" => num(|t| t.owner_staff_id as i64),
        "dateline" => num(|t| t.created),
        "totalreplies" => num(|t| t.replies() as i64),
        "hasattachments" => num(|t| t.posts.iter().any(|p| !p.attachments.is_empty()) as i64),
        "hasnotes" => num(|t| !t.notes.is_empty() as i64),
        "lastactivity" => num(|t| t.last_activity),
        "duetime" => num(|t| t.next_reply_due),
        "creator" => num(|t| i64::from(t.creator)),
        "isescalated" => num(|t| t.is_escalated as i64),
        "tickettypeid" => num(|t| t.type_id as i64),
        "creationmode" => num(|t| i64::from(t.creation_mode)),
        "iswatched" => num(|t| !t.watchers.is_empty() as i64),
        "isresolved" | "resolutiondateline" => {
            let resolved = |t: &Ticket| store.status(t.status_id).is_some_and(|s| s.resolved);
            let key = |t: &Ticket| {
                if resolved(t) { if field == "isresolved" { 1 } else { t.last_activity } } else { 0 }
            };
            key(x).cmp(&key(y))
        }
        // isphonecall, hasfollowup, hasratings, islinked: always 0 on this desk.
        _ => Ordering::Equal,
    }
}
