//! `search_tickets` on Gorgias: read the query's shape, run the matching
//! strategy, fall back to a broader one when it finds nothing, and say which
//! answered. Free text fans out in one round trip (views, customer search and
//! keyword search together) and the answers decide between a view, a customer
//! and keywords.

use super::client::GorgiasSubject as _;
use serde_json::json;

use super::client::{Subject, decode};
use super::filters::Resolved;
use super::paging::{self, SCAN_PAGES, Scan, ViewSearch};
use super::query::{self, Shape};
use super::tickets::{self, customer_label, resolve_filters, scan_note};
use super::{Gorgias, order_lookup, projection, reference, wire};
use crate::http::Method;
use crate::provider::{PageRequest, TicketPage};
use crate::tool::ToolError;
use crate::tool::list_tickets::ListTicketsParams;
use crate::tool::search_tickets::{SearchTicketsParams, SearchType};

/// A customer-name match at least this good (0-100) is taken as meant.
const NAME_MATCH: u32 = 85;

/// `search_tickets`.
pub fn search(g: &Gorgias, p: &SearchTicketsParams, page: &PageRequest) -> Result<TicketPage, ToolError> {
    let filters = resolve_filters(g, &p.filters)?;
    let s = Search { g, raw: p, filters: &filters, page, label: p.filters.describe() };
    if let Some(cursor) = &page.cursor {
        return s.resume(&cursor.kind.clone());
    }
    let Some(q) = p.query() else { return s.newest() };
    match (p.search_type.unwrap_or_default(), query::shape(q)) {
        (SearchType::Auto, Shape::TicketId { id, explicit }) => s.ticket(id, explicit),
        (SearchType::TicketId, shape) => match shape {
            Shape::TicketId { id, .. } => s.ticket(id, true),
            _ => Err(ToolError::invalid("query", format!("`{q}` is not a ticket number"))),
        },
        (SearchType::Auto, Shape::Email(email)) | (SearchType::Email, Shape::Email(email)) => s.email(&email),
        (SearchType::Email, _) => Err(ToolError::invalid("query", format!("`{q}` is not an email address"))),
        (SearchType::Auto | SearchType::Order, Shape::Order(reference)) => {
            s.order(&reference, "order reference")
        }
        (SearchType::Order, _) => s.order(q.trim_start_matches('#'), "order reference"),
        (SearchType::View, _) => {
            let (id, name) = reference::view(g, q)?;
            s.view(id, &name)
        }
        (SearchType::Customer, _) => s.customer_name(q),
        (SearchType::Keyword, _) => s.keywords(q, None),
        (SearchType::Auto, Shape::Text(text)) => s.text(&text),
    }
}

struct Search<'a> {
    g: &'a Gorgias,
    raw: &'a SearchTicketsParams,
    filters: &'a Resolved,
    page: &'a PageRequest,
    /// The filters in words, for strategy descriptions.
    label: String,
}

impl Search<'_> {
    fn describe(&self, strategy: String) -> String {
        if self.label.is_empty() { strategy } else { format!("{strategy}; filters {}", self.label) }
    }

    /// Continues the strategy a cursor came from.
    fn resume(&self, kind: &str) -> Result<TicketPage, ToolError> {
        let (name, arg) = kind.split_once(':').unwrap_or((kind, ""));
        match name {
            "search" => self.keywords(arg, None),
            "order" => self.order_lookup(arg, format!("order reference search for “{arg}”")),
            "scan" if !arg.is_empty() => self.scan(Some(arg), String::new()),
            "customer" => self.customer_tickets(arg.parse().unwrap_or_default(), "this customer".into()),
            "view" => self.view(arg.parse().unwrap_or_default(), "the view"),
            _ => self.newest(),
        }
    }

    /// No query: the newest tickets matching the filters, as `list_tickets`
    /// would list them (its cursors resume here too).
    fn newest(&self) -> Result<TicketPage, ToolError> {
        let params = ListTicketsParams { filters: self.raw.filters.clone(), ..ListTicketsParams::default() };
        tickets::list(self.g, &params, self.page)
    }

    fn ticket(&self, id: u64, explicit: bool) -> Result<TicketPage, ToolError> {
        let subject = Subject::ticket(&id.to_string());
        match self.g.fetch::<wire::Ticket>(self.g.get(&format!("/tickets/{id}"), &[]), &subject) {
            Ok(t) => {
                let mut notes = Vec::new();
                if !super::filters::matches(&t, self.filters) {
                    notes.push(format!(
                        "Ticket {id} does not match the filters ({}); shown anyway.",
                        self.label
                    ));
                }
                let this = self.page.cursor("ticket", None, 0);
                let strategy = format!("ticket number {id}");
                Ok(TicketPage {
                    strategy,
                    tickets: vec![projection::ticket_summary(&t)],
                    total: Some(1),
                    notes,
                    this,
                    next: None,
                })
            }
            Err(ToolError::NotFound { .. }) => {
                // Order numbers look like ticket numbers too (#14134): search for it.
                let mut page = self.order(&id.to_string(), "order number or keyword")?;
                let shape = if explicit { format!("#{id}") } else { id.to_string() };
                page.notes.insert(
                    0,
                    format!(
                        "There is no ticket {shape}; searched for {id} as an order number or keyword instead."
                    ),
                );
                Ok(page)
            }
            Err(e) => Err(e),
        }
    }

    fn email(&self, email: &str) -> Result<TicketPage, ToolError> {
        let q = [("email", email.to_owned()), ("limit", "5".to_owned())];
        let found: wire::List<wire::Customer> =
            self.g.fetch(self.g.get("/customers", &q), &Subject::api("customers"))?;
        match found.data.first() {
            Some(c) => {
                let mut page = self.customer_tickets(c.id, customer_label(c))?;
                if found.data.len() > 1 {
                    page.notes
                        .push(format!("{} customers share this email; showing the first.", found.data.len()));
                }
                Ok(page)
            }
            None => {
                let mut page = self.keywords(email, Some("email as keyword"))?;
                page.notes.insert(
                    0,
                    format!("No customer has the email {email}; searched tickets for it as text instead."),
                );
                Ok(page)
            }
        }
    }

    fn customer_tickets(&self, id: u64, label: String) -> Result<TicketPage, ToolError> {
        let scan = Scan {
            kind: format!("customer:{id}"),
            base: vec![("customer_id", id.to_string())],
            text: None,
            filters: self.filters,
            max_pages: SCAN_PAGES,
        };
        let scanned = scan.run(self.g, self.page, self.describe(format!("tickets of customer {label}")))?;
        Ok(scanned.page)
    }

    fn customer_name(&self, name: &str) -> Result<TicketPage, ToolError> {
        let found = customer_search_result(self.g.up.send(customer_search(self.g, name)))?;
        match best_customers(name, &found).first() {
            Some(c) => self.customer_tickets(c.id, customer_label(c)),
            None => {
                let mut page = self.keywords(name, Some("name as keyword"))?;
                page.notes.insert(
                    0,
                    format!("No customer is called “{name}”; searched tickets for it as text instead."),
                );
                Ok(page)
            }
        }
    }

    /// An order reference: view search, or when it answers 202, the lookup by
    /// external id and message texts (a scan of recent tickets would only see
    /// their subjects).
    fn order(&self, reference: &str, what: &str) -> Result<TicketPage, ToolError> {
        let strategy = format!("{what} search for “{reference}”");
        let (at, skip) = paging::start(self.page);
        let request = paging::view_search_request(
            self.g,
            0,
            Some(reference),
            super::filters::expression(self.filters),
            ("updated_datetime", "desc"),
            at.as_deref(),
            paging::fetch_limit(skip, self.page.limit),
        );
        match paging::view_search_result(self.g.up.send(request))? {
            ViewSearch::Page(list) => {
                let kind = format!("search:{reference}");
                Ok(paging::server_page(self.page, &kind, at, skip, list, self.describe(strategy), vec![]))
            }
            ViewSearch::Accepted => self.order_lookup(reference, strategy),
        }
    }

    /// The order lookup without view search, paged locally.
    fn order_lookup(&self, reference: &str, strategy: String) -> Result<TicketPage, ToolError> {
        let found = order_lookup::lookup(self.g, reference, self.filters)?;
        let kind = format!("order:{reference}");
        let skip = self.page.cursor.as_ref().map_or(0, |c| c.skip);
        let total = found.tickets.len();
        let note = found.note();
        let shown: Vec<_> = found.tickets.into_iter().skip(skip).take(self.page.limit).collect();
        let next = (skip + shown.len() < total).then(|| self.page.cursor(&kind, None, skip + shown.len()));
        Ok(TicketPage {
            strategy: self.describe(format!("{strategy}, by external id and message texts")),
            tickets: shown,
            total: Some(total as u64),
            notes: vec![note],
            this: self.page.cursor(&kind, None, skip),
            next,
        })
    }

    fn view(&self, id: u64, name: &str) -> Result<TicketPage, ToolError> {
        self.view_or_scan(id, None, format!("view “{name}”"), &format!("view:{id}"))
    }

    /// Keyword search via Gorgias view search; `what` names what the text is.
    fn keywords(&self, text: &str, what: Option<&str>) -> Result<TicketPage, ToolError> {
        let strategy = match what {
            Some(w) => format!("{w} search for “{text}”"),
            None => format!("keyword search for “{text}”"),
        };
        self.view_or_scan(0, Some(text), strategy, &format!("search:{text}"))
    }

    /// View search on `view` (0 = all tickets), falling back to a local scan
    /// when Gorgias answers 202.
    fn view_or_scan(
        &self,
        view: u64,
        text: Option<&str>,
        strategy: String,
        kind: &str,
    ) -> Result<TicketPage, ToolError> {
        let (at, skip) = paging::start(self.page);
        let request = paging::view_search_request(
            self.g,
            view,
            text,
            super::filters::expression(self.filters),
            ("updated_datetime", "desc"),
            at.as_deref(),
            paging::fetch_limit(skip, self.page.limit),
        );
        let answer = paging::view_search_result(self.g.up.send(request))?;
        self.page_or_scan(answer, text, strategy, kind)
    }

    fn page_or_scan(
        &self,
        answer: ViewSearch,
        text: Option<&str>,
        strategy: String,
        kind: &str,
    ) -> Result<TicketPage, ToolError> {
        match answer {
            ViewSearch::Page(list) => {
                let (at, skip) = paging::start(self.page);
                Ok(paging::server_page(self.page, kind, at, skip, list, self.describe(strategy), vec![]))
            }
            ViewSearch::Accepted => self.scan(text, strategy),
        }
    }

    fn scan(&self, text: Option<&str>, strategy: String) -> Result<TicketPage, ToolError> {
        let kind = format!("scan:{}", text.unwrap_or(""));
        let scan = Scan { kind, base: vec![], text, filters: self.filters, max_pages: SCAN_PAGES };
        let described = if strategy.is_empty() {
            "scan of recent tickets".to_owned()
        } else {
            format!("{strategy}, by scanning recent tickets")
        };
        let scanned = scan.run(self.g, self.page, self.describe(described))?;
        let mut page = scanned.page;
        page.notes.push(scan_note(scanned.read, scanned.exhausted));
        Ok(page)
    }

    /// Free text: a view name, a customer's name or keywords. One round trip
    /// asks all three questions; the answers pick the reading.
    fn text(&self, text: &str) -> Result<TicketPage, ToolError> {
        let name_like = query::could_be_name(text);
        let (at, skip) = paging::start(self.page);
        let mut requests = vec![
            self.g.get_reference("/views", &[("limit", "100".into())]),
            paging::view_search_request(
                self.g,
                0,
                Some(text),
                super::filters::expression(self.filters),
                ("updated_datetime", "desc"),
                at.as_deref(),
                paging::fetch_limit(skip, self.page.limit),
            ),
        ];
        if name_like {
            requests.push(customer_search(self.g, text));
        }
        let mut results = self.g.send_all(requests).into_iter();
        let mut next = || results.next().unwrap_or(Err(crate::http::HttpError::Protocol("missing response")));
        let (views, keyword, customers) = (next(), next(), if name_like { Some(next()) } else { None });

        let views: Vec<(u64, String)> = decode::<wire::List<wire::View>>(views, &Subject::api("views"))
            .map(|l| {
                l.data
                    .into_iter()
                    .filter(|v| v.deactivated_datetime.is_none())
                    .map(|v| (v.id, v.name))
                    .collect()
            })
            .unwrap_or_default();
        if let Some((id, name)) = query::match_view(text, &views) {
            return self.view(*id, name);
        }
        if let Some(customers) = customers {
            let found = customer_search_result(customers)?;
            if let Some(c) = best_customers(text, &found).first() {
                let mut page = self.customer_tickets(c.id, customer_label(c))?;
                page.notes.push(format!(
                    "Read “{text}” as a customer's name; search_type=keyword searches it as words."
                ));
                return Ok(page);
            }
        }
        let answer = paging::view_search_result(keyword)?;
        self.page_or_scan(
            answer,
            Some(text),
            format!("keyword search for “{text}”"),
            &format!("search:{text}"),
        )
    }
}

/// `POST /api/search` for customers (a read, so retried like one).
fn customer_search(g: &Gorgias, name: &str) -> crate::http::Request {
    g.request(Method::Post, "/search", &[], Some(&json!({ "type": "customer", "query": name, "size": 10 })))
        .read_only()
}

fn customer_search_result(
    result: Result<crate::http::Response, crate::http::HttpError>,
) -> Result<Vec<wire::Customer>, ToolError> {
    decode::<wire::List<wire::Customer>>(result, &Subject::api("customer search")).map(|l| l.data)
}

/// Customers whose name matches `query` confidently, best first.
fn best_customers<'a>(query: &str, found: &'a [wire::Customer]) -> Vec<&'a wire::Customer> {
    let mut scored: Vec<(u32, &wire::Customer)> = found
        .iter()
        .map(|c| (customer_name(c).map_or(0, |n| query::name_score(query, &n)), c))
        .filter(|(score, _)| *score >= NAME_MATCH)
        .collect();
    scored.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    scored.into_iter().map(|(_, c)| c).collect()
}

fn customer_name(c: &wire::Customer) -> Option<String> {
    projection::display_name(&wire::PersonRef {
        name: c.name.clone(),
        firstname: c.firstname.clone(),
        lastname: c.lastname.clone(),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customers() -> Vec<wire::Customer> {
        serde_json::from_str(
            r#"[{"id":1,"name":"Tracy King","email":"tracy@example.com"},
                {"id":2,"firstname":"Bob","lastname":"Smith","email":"bob@example.com"},
                {"id":3,"name":"Bobby Smithers"}]"#,
        )
        .unwrap()
    }

    #[test]
    fn only_confident_name_matches_count_as_customers() {
        let c = customers();
        assert_eq!(best_customers("Bob Smith", &c).iter().map(|c| c.id).collect::<Vec<_>>(), [2]);
        assert!(best_customers("tracking", &c).is_empty());
        assert!(best_customers("refund", &c).is_empty());
    }
}
