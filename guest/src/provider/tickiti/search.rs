//! `search_tickets`: what the query is (a 6-digit ticket number, an email, an order number,
//! a customer's name, a perspective's name or words), decided without I/O, then one
//! `tickets/query` (or `tickets/show` for a number); a name that finds nothing falls back
//! to words, and the answer says which strategy answered.

use serde_json::{Map, Value, json};

use super::client::ticket_subject;
use super::tickets::{query, search_object};
use super::wire::Show;
use super::{Tickiti, projection};
use crate::provider::{PageRequest, TicketPage};
use crate::tool::ToolError;
use crate::tool::list_tickets::ListTicketsParams;
use crate::tool::search_tickets::{SearchTicketsParams, SearchType};

/// What a query is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Query {
    /// A 6-digit ticket number.
    Number(String),
    /// A customer email.
    Email(String),
    /// An order or return reference (found in responses).
    Order(String),
    /// A customer's name.
    Name(String),
    /// A perspective or watchlist.
    View(String),
    /// Words in subjects and responses.
    Words(String),
}

/// Classifies `q` (pure).
pub fn classify(q: &str, forced: SearchType) -> Query {
    let q = q.trim();
    let bare = q.trim_start_matches('#');
    match forced {
        SearchType::TicketId => return Query::Number(bare.to_owned()),
        SearchType::Email => return Query::Email(q.to_lowercase()),
        SearchType::Order => return Query::Order(q.to_owned()),
        SearchType::Customer => return Query::Name(q.to_owned()),
        SearchType::View => return Query::View(q.to_owned()),
        SearchType::Keyword => return Query::Words(q.to_owned()),
        SearchType::Auto => {}
    }
    if bare.len() == 6 && bare.bytes().all(|b| b.is_ascii_digit()) {
        return Query::Number(bare.to_owned());
    }
    if q.contains('@') && !q.contains(char::is_whitespace) {
        return Query::Email(q.to_lowercase());
    }
    let has_digit = q.bytes().any(|b| b.is_ascii_digit());
    let one_token = !q.contains(char::is_whitespace);
    if one_token
        && has_digit
        && (q.contains('-') || q.starts_with('#') || q.bytes().any(|b| b.is_ascii_alphabetic()))
    {
        return Query::Order(q.to_owned());
    }
    let words: Vec<&str> = q.split_whitespace().collect();
    let name_like = (2..=3).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        });
    if name_like { Query::Name(q.to_owned()) } else { Query::Words(q.to_owned()) }
}

/// `search_tickets`.
pub fn search(t: &Tickiti, p: &SearchTicketsParams, page: &PageRequest) -> Result<TicketPage, ToolError> {
    let base = search_object(t, &p.filters)?;
    let Some(q) = p.query() else {
        return run(t, base, page, "list", "newest tickets matching the filters".into());
    };
    let filters = if p.filters.any() { format!(", {}", p.filters.describe()) } else { String::new() };
    let with = |key: &str, value: &str| {
        let mut o = base.clone();
        o.insert(key.into(), Value::String(value.to_owned()));
        o
    };
    match classify(q, p.search_type.unwrap_or_default()) {
        Query::Number(n) => {
            let show: Result<Show, ToolError> =
                t.fetch(t.read("tickets/show", &json!({ "ticket_number": n })), &ticket_subject(&n));
            match show {
                Ok(s) => Ok(TicketPage {
                    strategy: format!("ticket number {n}"),
                    tickets: vec![projection::ticket_summary(&s.ticket)],
                    total: Some(1),
                    notes: vec![],
                    this: page.cursor("number", None, 0),
                    next: None,
                }),
                Err(ToolError::NotFound { .. }) => {
                    let mut r = run(
                        t,
                        with("text", &n),
                        page,
                        "words",
                        format!("words \"{n}\" in subjects and responses{filters}"),
                    )?;
                    r.notes.insert(0, format!("No ticket has number {n}; searched for it as text instead."));
                    Ok(r)
                }
                Err(e) => Err(e),
            }
        }
        Query::Email(e) => {
            run(t, with("originator_email", &e), page, "email", format!("customer email {e}{filters}"))
        }
        Query::Order(o) => run(
            t,
            with("text", &o),
            page,
            "order",
            format!("order number \"{o}\" in subjects and responses{filters}"),
        ),
        Query::Name(n) => {
            let r =
                run(t, with("originator_name", &n), page, "name", format!("customer name \"{n}\"{filters}"))?;
            if !r.tickets.is_empty() || page.cursor.is_some() {
                return Ok(r);
            }
            let mut words = run(
                t,
                with("text", &n),
                page,
                "words",
                format!("words \"{n}\" in subjects and responses{filters}"),
            )?;
            words.notes.insert(0, format!("No customer is named \"{n}\"; searched for the words instead."));
            Ok(words)
        }
        Query::View(v) => {
            let params = ListTicketsParams {
                filters: p.filters.clone(),
                view: Some(v),
                ..ListTicketsParams::default()
            };
            super::tickets::list(t, &params, page)
        }
        Query::Words(w) => run(
            t,
            with("text", &w),
            page,
            "words",
            format!("words \"{w}\" in subjects and responses{filters}"),
        ),
    }
}

fn run(
    t: &Tickiti,
    o: Map<String, Value>,
    page: &PageRequest,
    kind: &str,
    strategy: String,
) -> Result<TicketPage, ToolError> {
    let mut body = Map::new();
    body.insert("search_object".into(), Value::Object(o));
    query(t, body, page, kind, strategy)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_classified_without_io() {
        let c = |q| classify(q, SearchType::Auto);
        assert_eq!(c("#220009"), Query::Number("220009".into()));
        assert_eq!(c("Priya.Raman@Example.test"), Query::Email("priya.raman@example.test".into()));
        assert_eq!(c("ORD-58213"), Query::Order("ORD-58213".into()));
        assert_eq!(c("Priya Raman"), Query::Name("Priya Raman".into()));
        assert_eq!(c("return label"), Query::Words("return label".into()));
        assert_eq!(c("12345"), Query::Words("12345".into()));
        assert_eq!(classify("Returns queue", SearchType::View), Query::View("Returns queue".into()));
    }
}
