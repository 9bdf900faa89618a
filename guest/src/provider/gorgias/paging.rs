//! Ticket pages, three ways: a server-paged list (`GET /api/tickets`, view
//! items), Gorgias's view search (`PUT /api/views/{id}/items`, which may answer
//! 202 with no body), and a local scan that filters pages of recent tickets
//! when the API cannot. All three hand out cursors of the same shape: the
//! upstream cursor of a page plus how many (matching) tickets of it to skip.

use super::client::GorgiasSubject as _;
use serde_json::json;

use super::client::{MAX_LIMIT, Subject, decode};
use super::filters::{self, Resolved};
use super::{Gorgias, projection, query, wire};
use crate::http::Method;
use crate::provider::{PageRequest, TicketPage};
use crate::tool::ToolError;

/// Pages a local scan reads at most (100 tickets each).
pub const SCAN_PAGES: usize = 5;

/// Where a page starts: the upstream cursor and the tickets of it to skip.
pub fn start(page: &PageRequest) -> (Option<String>, usize) {
    page.cursor.as_ref().map_or((None, 0), |c| (c.upstream.clone(), c.skip))
}

/// Builds a [`TicketPage`] from one server page fetched at `at` with `skip`.
pub fn server_page(
    page: &PageRequest,
    kind: &str,
    at: Option<String>,
    skip: usize,
    list: wire::List<wire::Ticket>,
    strategy: String,
    notes: Vec<String>,
) -> TicketPage {
    let available = list.data.len().saturating_sub(skip);
    let shown: Vec<_> =
        list.data.iter().skip(skip).take(page.limit).map(projection::ticket_summary).collect();
    let next = if shown.len() < available {
        Some(page.cursor(kind, at.clone(), skip + shown.len()))
    } else {
        list.next_cursor.map(|c| page.cursor(kind, Some(c), 0))
    };
    TicketPage { strategy, tickets: shown, total: list.total, notes, this: page.cursor(kind, at, skip), next }
}

/// The upstream page size that covers `skip` plus a page of `limit`.
pub fn fetch_limit(skip: usize, limit: usize) -> String {
    (skip + limit).clamp(1, MAX_LIMIT).to_string()
}

/// An answer from view search.
pub enum ViewSearch {
    /// A page of tickets.
    Page(wire::List<wire::Ticket>),
    /// `202 Accepted` with no body: Gorgias is still preparing the search.
    Accepted,
}

/// The request for view search on view `id` (0 = ad hoc).
pub fn view_search_request(
    g: &Gorgias,
    id: u64,
    search: Option<&str>,
    expression: Option<String>,
    order: (&str, &str),
    at: Option<&str>,
    limit: String,
) -> crate::http::Request {
    let mut view = json!({ "type": "ticket-list", "order_by": order.0, "order_dir": order.1 });
    if let Some(s) = search {
        view["search"] = json!(s);
    }
    if let Some(f) = expression {
        view["filters"] = json!(f);
    }
    let mut q = vec![("limit", limit)];
    q.extend(at.map(|c| ("cursor", c.to_owned())));
    // A read, though it is a PUT: safe to retry.
    g.request(Method::Put, &format!("/views/{id}/items"), &q, Some(&json!({ "view": view }))).read_only()
}

/// Interprets a view-search response.
pub fn view_search_result(
    result: Result<crate::http::Response, crate::http::HttpError>,
) -> Result<ViewSearch, ToolError> {
    if let Ok(r) = &result
        && r.status == 202
        && r.body.iter().all(u8::is_ascii_whitespace)
    {
        return Ok(ViewSearch::Accepted);
    }
    decode(result, &Subject::api("ticket search")).map(ViewSearch::Page)
}

/// A local scan: pages of `GET /api/tickets` (newest update first, `base`
/// query added) filtered by `filters` and, when given, the words of `text`.
pub struct Scan<'a> {
    /// Cursor kind to hand out.
    pub kind: String,
    /// Extra query for `GET /api/tickets` (e.g. `customer_id`).
    pub base: Vec<(&'static str, String)>,
    /// Words every ticket must contain.
    pub text: Option<&'a str>,
    /// Filters applied locally.
    pub filters: &'a Resolved,
    /// Pages to read at most.
    pub max_pages: usize,
}

/// The result of a scan.
pub struct Scanned {
    /// The page.
    pub page: TicketPage,
    /// Tickets read.
    pub read: usize,
    /// Whether the scan reached the end of the list.
    pub exhausted: bool,
}

impl Scan<'_> {
    /// Runs the scan from the cursor in `page` (or the start).
    pub fn run(&self, g: &Gorgias, page: &PageRequest, strategy: String) -> Result<Scanned, ToolError> {
        let (first, skip) = start(page);
        let words = self.text.map(query::words).unwrap_or_default();
        let mut at = first.clone();
        let mut to_skip = skip;
        let mut found = Vec::new();
        let (mut read, mut next, mut exhausted) = (0, None, false);
        'pages: for _ in 0..self.max_pages {
            let mut q = self.base.clone();
            q.push(("limit", MAX_LIMIT.to_string()));
            q.push(("order_by", "updated_datetime:desc".into()));
            q.extend(at.clone().map(|c| ("cursor", c)));
            let list: wire::List<wire::Ticket> = g.fetch(g.get("/tickets", &q), &Subject::api("tickets"))?;
            read += list.data.len();
            let mut matched_here = 0;
            for t in &list.data {
                if !(filters::matches(t, self.filters) && contains_words(t, &words)) {
                    continue;
                }
                if to_skip > 0 {
                    to_skip -= 1;
                } else if found.len() == page.limit {
                    next = Some(page.cursor(&self.kind, at.clone(), matched_here));
                    break 'pages;
                } else {
                    found.push(projection::ticket_summary(t));
                }
                matched_here += 1;
            }
            match list.next_cursor {
                Some(c) => at = Some(c),
                None => {
                    exhausted = true;
                    break;
                }
            }
        }
        if next.is_none() && !exhausted {
            next = Some(page.cursor(&self.kind, at, 0));
        }
        let page = TicketPage {
            strategy,
            tickets: found,
            total: None,
            notes: Vec::new(),
            this: page.cursor(&self.kind, first, skip),
            next,
        };
        Ok(Scanned { page, read, exhausted })
    }
}

/// Whether every word occurs in the ticket's subject, excerpt, customer,
/// tags or external id.
fn contains_words(t: &wire::Ticket, words: &[String]) -> bool {
    if words.is_empty() {
        return true;
    }
    let mut hay = String::new();
    for part in [&t.subject, &t.excerpt, &t.external_id].into_iter().flatten() {
        hay.push_str(part);
        hay.push(' ');
    }
    if let Some(c) = &t.customer {
        for part in [&c.name, &c.email, &c.firstname, &c.lastname].into_iter().flatten() {
            hay.push_str(part);
            hay.push(' ');
        }
    }
    for tag in &t.tags {
        hay.push_str(&tag.name);
        hay.push(' ');
    }
    let hay = hay.to_lowercase();
    words.iter().all(|w| hay.contains(w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tool::params::Cursor;

    fn list(ids: &[u64], next: Option<&str>) -> wire::List<wire::Ticket> {
        wire::List {
            data: ids.iter().map(|&id| wire::Ticket { id, ..Default::default() }).collect(),
            next_cursor: next.map(str::to_owned),
            total: None,
        }
    }

    fn request(limit: usize, cursor: Option<Cursor>) -> PageRequest {
        PageRequest { limit, cursor, fingerprint: 1 }
    }

    #[test]
    fn a_full_page_continues_at_the_upstream_cursor() {
        let p =
            server_page(&request(3, None), "list", None, 0, list(&[1, 2, 3], Some("n")), "s".into(), vec![]);
        assert_eq!(p.tickets.len(), 3);
        assert_eq!(p.next.map(|c| (c.upstream, c.skip)), Some((Some("n".into()), 0)));
    }

    #[test]
    fn a_partly_shown_page_continues_within_it() {
        let p = server_page(
            &request(2, None),
            "list",
            Some("a".into()),
            1,
            list(&[1, 2, 3, 4], Some("n")),
            "s".into(),
            vec![],
        );
        assert_eq!(p.tickets.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), ["2", "3"]);
        assert_eq!(p.next.map(|c| (c.upstream, c.skip)), Some((Some("a".into()), 3)));
        assert_eq!((p.this.upstream.as_deref(), p.this.skip), (Some("a"), 1));
    }

    #[test]
    fn the_last_page_has_no_next_cursor() {
        let p = server_page(&request(5, None), "list", None, 0, list(&[1, 2], None), "s".into(), vec![]);
        assert!(p.next.is_none());
    }

    #[test]
    fn fetch_limit_covers_the_skip_and_stays_within_the_api_maximum() {
        assert_eq!(fetch_limit(0, 20), "20");
        assert_eq!(fetch_limit(90, 20), "100");
    }

    #[test]
    fn word_matching_looks_at_subject_customer_and_tags() {
        let t: wire::Ticket = serde_json::from_str(
            r#"{"id":1,"subject":"Package never arrived","customer":{"name":"Bob Smith"},"tags":[{"name":"lost-package"}]}"#,
        )
        .unwrap();
        assert!(contains_words(&t, &query::words("bob package")));
        assert!(contains_words(&t, &query::words("LOST")));
        assert!(!contains_words(&t, &query::words("refund")));
    }
}
