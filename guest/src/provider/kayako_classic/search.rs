//! `search_tickets` on Kayako Classic: read the query's shape, ask
//! `POST /Tickets/TicketSearch` with the field flags that fit it (a display id
//! is fetched directly), fall back to a broader flag set when nothing matches,
//! and say which strategy answered. TicketSearch has no paging, so pages are
//! cut here and a cursor repeats the same strategy further on.

use super::client::KayakoSubject as _;
use super::client::{Subject, decode};
use super::reference::Reference;
use super::tickets::{self, Resolved, is_ticket_id};
use super::wire::Ticket;
use super::{Kayako, projection};
use crate::http::{HttpError, Method};
use crate::provider::{PageRequest, TicketPage};
use crate::tool::ToolError;
use crate::tool::list_tickets::ListTicketsParams;
use crate::tool::search_tickets::{SearchTicketsParams, SearchType};

/// What a query looks like. Pure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A display id (`ABC-123-45678`) or a number.
    TicketId(String),
    /// An email address.
    Email(String),
    /// Two or three capitalised words: a person's name.
    Name(String),
    /// Anything else.
    Text(String),
}

/// Reads the syntax of `q` (trimmed, non-empty).
pub fn shape(q: &str) -> Shape {
    let q = q.trim();
    let unprefixed = q.strip_prefix("ticket ").or_else(|| q.strip_prefix("Ticket ")).unwrap_or(q).trim();
    if is_ticket_id(unprefixed) {
        return Shape::TicketId(unprefixed.trim_start_matches('#').to_owned());
    }
    if let Some((local, domain)) = q.split_once('@')
        && !local.is_empty()
        && domain.contains('.')
        && !q.contains(char::is_whitespace)
    {
        return Shape::Email(q.to_lowercase());
    }
    let words: Vec<&str> = q.split_whitespace().collect();
    let is_name_word = |w: &&str| {
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().all(|c| c.is_alphabetic() || matches!(c, '\'' | '-' | '.'))
    };
    if (2..=3).contains(&words.len()) && words.iter().all(is_name_word) {
        return Shape::Name(q.to_owned());
    }
    Shape::Text(q.to_owned())
}

/// One TicketSearch strategy: its cursor id, the flags it sets, its description.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Strategy {
    /// Cursor id.
    pub id: &'static str,
    /// TicketSearch field flags set to 1.
    pub flags: &'static [&'static str],
    /// In words.
    pub label: &'static str,
}

/// Every strategy, by id.
pub const STRATEGIES: &[Strategy] = &[
    Strategy { id: "ticketid", flags: &["ticketid"], label: "ticket id and mask search" },
    Strategy { id: "creatoremail", flags: &["creatoremail"], label: "customer email search" },
    Strategy { id: "email", flags: &["email"], label: "ticket and post email search" },
    Strategy { id: "fullname", flags: &["fullname"], label: "customer full-name search" },
    Strategy { id: "contents", flags: &["contents"], label: "subject and contents search" },
    Strategy {
        id: "everything",
        flags: &["contents", "author", "notes", "tags", "user"],
        label: "search of contents, authors, notes, tags and users",
    },
];

fn strategy(id: &str) -> Strategy {
    STRATEGIES.iter().copied().find(|s| s.id == id).unwrap_or(STRATEGIES[4])
}

/// The strategies to try, in order, for a query of `shape` read as `kind`.
pub fn plan(kind: SearchType, shape: &Shape) -> Result<Vec<&'static str>, String> {
    Ok(match (kind, shape) {
        (SearchType::Auto | SearchType::TicketId, Shape::TicketId(_)) => {
            vec!["direct", "ticketid", "contents"]
        }
        (SearchType::TicketId, _) => {
            return Err("is not a Kayako ticket id (ABC-123-45678 or a number)".into());
        }
        (SearchType::Auto | SearchType::Email, Shape::Email(_)) => vec!["creatoremail", "email", "contents"],
        (SearchType::Email, _) => return Err("is not an email address".into()),
        (SearchType::Auto, Shape::Name(_)) | (SearchType::Customer, _) => vec!["fullname", "contents"],
        (SearchType::View, _) => {
            return Err("Kayako Classic has no saved views; search by keywords or filter by team".into());
        }
        (SearchType::Auto | SearchType::Keyword | SearchType::Order, _) => vec!["contents", "everything"],
    })
}

/// `search_tickets`.
pub fn search(k: &Kayako, p: &SearchTicketsParams, page: &PageRequest) -> Result<TicketPage, ToolError> {
    let Some(q) = p.query() else {
        let params = ListTicketsParams { filters: p.filters.clone(), ..ListTicketsParams::default() };
        return tickets::list(k, &params, page);
    };
    let shape = shape(q);
    let steps = match &page.cursor {
        // A cursor continues the strategy that answered.
        Some(c) => vec![c.kind.as_str()],
        None => plan(p.search_type.unwrap_or_default(), &shape)
            .map_err(|m| ToolError::invalid("query", format!("`{q}` {m}")))?,
    };
    let term = match &shape {
        Shape::TicketId(id) => id.clone(),
        _ => q.to_owned(),
    };
    let mut reference: Option<Reference> = None;
    let mut notes: Vec<String> = Vec::new();
    let mut tried: Vec<&str> = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        // The reference lists travel with the first request: one round trip.
        let mut requests = vec![if *step == "direct" {
            k.get(&format!("/Tickets/Ticket/{}", super::client::seg(&term)))
        } else {
            search_request(k, &term, strategy(step).flags)
        }];
        if reference.is_none() {
            requests.extend(Reference::requests(k));
        }
        let mut results = k.send_all(requests).into_iter();
        let first = results.next().unwrap_or(Err(HttpError::Protocol("missing response")));
        if reference.is_none() {
            reference = Some(Reference::from_results(results)?);
        }
        let r = reference.as_ref().map_or_else(Reference::default, Clone::clone);
        let filters = tickets::resolve(&p.filters, &r, false)?;
        let found = match decode(first, &Subject::ticket(&term)) {
            Ok(root) => Ticket::list(&root),
            Err(ToolError::NotFound { .. }) if *step == "direct" => vec![],
            Err(e) => return Err(e),
        };
        let label = if *step == "direct" { "ticket id lookup" } else { strategy(step).label };
        let matching: Vec<Ticket> = found.iter().filter(|t| filters.matches(t)).cloned().collect();
        let last = i + 1 == steps.len();
        if matching.is_empty() && !last {
            tried.push(label);
            continue;
        }
        if !tried.is_empty() {
            notes.push(format!("No match from {}; fell back to {label}.", tried.join(", then ")));
        }
        if found.len() > matching.len() {
            notes.push(format!(
                "{} of {} results matched the filters ({}).",
                matching.len(),
                found.len(),
                p.filters.describe()
            ));
        }
        return Ok(page_of(&matching, &r, &filters, page, step, format!("{label} for “{term}”"), notes));
    }
    Err(ToolError::InvalidResponse { detail: "no search strategy ran".into() })
}

/// The signed `POST /Tickets/TicketSearch` for `query` with `flags` set. A
/// read, though it is a POST: safe to retry.
pub fn search_request(k: &Kayako, query: &str, flags: &[&str]) -> crate::http::Request {
    let mut params: Vec<(&str, String)> = vec![("query", query.to_owned())];
    params.extend(flags.iter().map(|f| (*f, "1".to_owned())));
    k.request(Method::Post, "/Tickets/TicketSearch", &params).read_only()
}

fn page_of(
    matching: &[Ticket],
    r: &Reference,
    _filters: &Resolved,
    page: &PageRequest,
    step: &str,
    strategy: String,
    notes: Vec<String>,
) -> TicketPage {
    let skip = page.cursor.as_ref().map_or(0, |c| c.skip);
    let mut sorted: Vec<&Ticket> = matching.iter().collect();
    sorted.sort_by_key(|t| std::cmp::Reverse(t.last_activity));
    let shown: Vec<_> =
        sorted.iter().skip(skip).take(page.limit).map(|t| projection::ticket_summary(t, r)).collect();
    let next = (skip + shown.len() < sorted.len()).then(|| page.cursor(step, None, skip + shown.len()));
    TicketPage {
        strategy,
        tickets: shown,
        total: Some(matching.len() as u64),
        notes,
        this: page.cursor(step, None, skip),
        next,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert_eq!(shape("ABC-123-45678"), Shape::TicketId("ABC-123-45678".into()));
        assert_eq!(shape("#42"), Shape::TicketId("42".into()));
        assert_eq!(shape("ticket 42"), Shape::TicketId("42".into()));
        assert_eq!(shape("Ann.Lee@Example.com"), Shape::Email("ann.lee@example.com".into()));
        assert_eq!(shape("Ann Lee"), Shape::Name("Ann Lee".into()));
        assert_eq!(shape("Mary-Jo O'Neil"), Shape::Name("Mary-Jo O'Neil".into()));
        assert_eq!(shape("refund not received"), Shape::Text("refund not received".into()));
        assert_eq!(shape("Refund"), Shape::Text("Refund".into()));
    }

    #[test]
    fn plans_fall_back_from_narrow_to_broad() {
        let id = Shape::TicketId("ABC-1-2".into());
        assert_eq!(plan(SearchType::Auto, &id).unwrap(), ["direct", "ticketid", "contents"]);
        let email = Shape::Email("a@b.co".into());
        assert_eq!(plan(SearchType::Auto, &email).unwrap(), ["creatoremail", "email", "contents"]);
        assert_eq!(plan(SearchType::Auto, &Shape::Name("Ann Lee".into())).unwrap(), ["fullname", "contents"]);
        assert!(plan(SearchType::Email, &Shape::Text("x".into())).is_err());
        assert!(plan(SearchType::View, &Shape::Text("x".into())).unwrap_err().contains("no saved views"));
    }

    #[test]
    fn search_sends_flags_and_auth_in_the_form() {
        let k = super::super::test_support::kayako("https://h.example/api/index.php");
        let r = search_request(&k, "Ann Lee", strategy("fullname").flags);
        let body = String::from_utf8(r.body.clone().unwrap()).unwrap();
        assert!(body.starts_with("query=Ann+Lee&fullname=1&apikey=key-1&salt="), "{body}");
        assert!(r.idempotent && r.headers.iter().any(|(h, _)| *h == crate::http::READ_ONLY_HEADER));
    }
}
