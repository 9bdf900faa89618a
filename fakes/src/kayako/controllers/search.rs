//! `POST /Tickets/TicketSearch`: `query` plus flags set to `1`; matches of every set flag
//! are unioned, no flag finds nothing, and results are capped at `t_resultlimit` and
//! rendered with posts. There is no server-side offset, limit or subject flag.

use std::collections::BTreeSet;

use axum::response::Response;

use super::{Ctx, render};
use crate::kayako::reply;
use crate::kayako::store::{Store, Ticket};

/// Dispatches `Tickets/TicketSearch`.
pub(crate) fn search(ctx: &Ctx) -> Response {
    if ctx.method != "POST" {
        return reply::bad_request("Not Implemented, Call POST /Tickets/TicketSearch instead.");
    }
    let input = &ctx.call.input;
    let query = input.text("query").unwrap_or_default().to_lowercase();
    let store = ctx.desk.read();
    let mut hits = BTreeSet::new();
    if !query.is_empty() {
        for t in store.tickets.values() {
            if matches(&store, t, &query, |f| input.flag(f)) {
                hits.insert(t.id);
            }
        }
    }
    let list = hits.iter().filter_map(|id| store.tickets.get(id)).take(ctx.desk.search_limit);
    reply::xml(render::tickets(&store, list, true))
}

fn has(text: &str, q: &str) -> bool {
    text.to_lowercase().contains(q)
}

/// Whether any set flag matches `t`. `contents` (QuickSearch) covers subjects and post
/// bodies, all words required unless `phrase` asks for the exact phrase.
fn matches(store: &Store, t: &Ticket, q: &str, flag: impl Fn(&str) -> bool) -> bool {
    let user = store.user(t.user_id);
    let words: Vec<&str> = q.split_whitespace().collect();
    let contains_query = |text: &str| {
        let text = text.to_lowercase();
        if flag("phrase") { text.contains(q) } else { words.iter().all(|w| text.contains(w)) }
    };
    (flag("ticketid") && (t.id.to_string() == q || t.display_id.to_lowercase() == q))
        || (flag("contents")
            && (contains_query(&t.subject)
                || t.posts.iter().any(|p| contains_query(&String::from_utf8_lossy(&p.contents)))))
        || (flag("author") && t.posts.iter().any(|p| has(&p.full_name, q) || has(&p.email, q)))
        || (flag("email") && (has(&t.email, q) || t.posts.iter().any(|p| has(&p.email, q))))
        || (flag("creatoremail") && has(&t.email, q))
        || (flag("fullname") && (has(&t.full_name, q) || t.posts.iter().any(|p| has(&p.full_name, q))))
        || (flag("notes") && t.notes.iter().any(|n| has(&n.text, q)))
        || (flag("usergroup")
            && user.is_some_and(|u| has(if u.group_id == 2 { "Registered" } else { "Guest" }, q)))
        || (flag("userorganization")
            && user.is_some_and(|u| has(store.organization_name(u.organization_id), q)))
        || (flag("user") && user.is_some_and(|u| has(&u.full_name, q) || has(&u.email, q)))
        || (flag("tags") && t.tags.iter().any(|tag| tag.eq_ignore_ascii_case(q)))
}
