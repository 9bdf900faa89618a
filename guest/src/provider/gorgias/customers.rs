//! `search_customers` and `get_customer` on Gorgias: exact email lookup,
//! `/api/search` for names and phones (ranked by fuzzy name match), external
//! ids, and a customer's profile with their shop orders and latest tickets in
//! one round trip.

use super::client::GorgiasSubject as _;
use serde_json::{Value, json};

use super::client::{MAX_LIMIT, Subject, decode};
use super::query::{self, Shape};
use super::{Gorgias, projection, wire};
use crate::http::{HttpError, Method, Response};
use crate::model::{CustomerDetail, CustomerSummary, FieldValue, OrderView};
use crate::text::{clip, one_line};
use crate::tool::ToolError;
use crate::tool::search_customers::{CustomerList, CustomerSearchType, SearchCustomersParams};

/// Orders shown per customer.
const MAX_ORDERS: usize = 5;

/// `search_customers`.
pub fn search(g: &Gorgias, p: &SearchCustomersParams) -> Result<CustomerList, ToolError> {
    let q = p.query.trim();
    let limit = p.limit()?;
    let kind = match p.search_type.unwrap_or_default() {
        CustomerSearchType::Auto if matches!(query::shape(q), Shape::Email(_)) => CustomerSearchType::Email,
        CustomerSearchType::Auto if looks_like_phone(q) => CustomerSearchType::Phone,
        other => other,
    };
    let list = |query: &[(&str, String)]| g.get("/customers", query);
    let (strategy, found, notes) = match kind {
        CustomerSearchType::Email => {
            let l: wire::List<wire::Customer> = g.fetch(
                list(&[("email", q.to_lowercase()), ("limit", limit.to_string())]),
                &Subject::api("customers"),
            )?;
            ("exact email".to_owned(), l.data, vec![])
        }
        CustomerSearchType::ExternalId => {
            let l: wire::List<wire::Customer> = g.fetch(
                list(&[("external_id", q.to_owned()), ("limit", limit.to_string())]),
                &Subject::api("customers"),
            )?;
            ("external id".to_owned(), l.data, vec![])
        }
        CustomerSearchType::Phone => {
            let found = search_api(g, "customers_by_phone", q, limit)?;
            ("phone number".to_owned(), found, vec![])
        }
        CustomerSearchType::Name | CustomerSearchType::Auto => {
            // Names and anything else: Gorgias search, plus an external-id
            // lookup for single tokens, in one round trip.
            let mut requests = vec![search_request(g, "customer", q, limit)];
            let single_token = !q.contains(char::is_whitespace);
            if single_token && kind == CustomerSearchType::Auto {
                requests.push(list(&[("external_id", q.to_owned()), ("limit", "5".into())]));
            }
            let mut results = g.send_all(requests).into_iter();
            let mut found = search_result(results.next())?;
            if let Some(by_id) = results.next() {
                let by_id: wire::List<wire::Customer> = decode(by_id, &Subject::api("customers"))?;
                for c in by_id.data {
                    if !found.iter().any(|f| f.id == c.id) {
                        found.insert(0, c);
                    }
                }
            }
            rank(q, &mut found);
            ("name search (best match first)".to_owned(), found, vec![])
        }
    };
    let mut customers: Vec<CustomerSummary> = found.iter().map(summary).collect();
    customers.truncate(limit);
    Ok(CustomerList { strategy, customers, notes })
}

fn looks_like_phone(q: &str) -> bool {
    let digits = q.bytes().filter(u8::is_ascii_digit).count();
    digits >= 7 && q.bytes().all(|b| b.is_ascii_digit() || b" +-().".contains(&b))
}

fn search_request(g: &Gorgias, kind: &str, q: &str, size: usize) -> crate::http::Request {
    g.request(Method::Post, "/search", &[], Some(&json!({ "type": kind, "query": q, "size": size.min(50) })))
        .read_only()
}

fn search_result(result: Option<Result<Response, HttpError>>) -> Result<Vec<wire::Customer>, ToolError> {
    let result = result.unwrap_or(Err(HttpError::Protocol("missing response")));
    decode::<wire::List<wire::Customer>>(result, &Subject::api("customer search")).map(|l| l.data)
}

fn search_api(g: &Gorgias, kind: &str, q: &str, size: usize) -> Result<Vec<wire::Customer>, ToolError> {
    search_result(Some(g.up.send(search_request(g, kind, q, size))))
}

/// Best name match first; ties keep the API's order.
fn rank(q: &str, found: &mut [wire::Customer]) {
    let lower = q.to_lowercase();
    let score = |c: &wire::Customer| {
        let by_name = name_of(c).map_or(0, |n| query::name_score(q, &n));
        let by_email = c.email.as_deref().is_some_and(|e| e.to_lowercase().contains(&lower));
        by_name.max(if by_email { 80 } else { 0 })
    };
    found.sort_by_key(|c| std::cmp::Reverse(score(c)));
}

fn name_of(c: &wire::Customer) -> Option<String> {
    projection::display_name(&wire::PersonRef {
        name: c.name.clone(),
        firstname: c.firstname.clone(),
        lastname: c.lastname.clone(),
        ..Default::default()
    })
}

/// A customer as a list row.
pub fn summary(c: &wire::Customer) -> CustomerSummary {
    let email = c.email.clone().filter(|e| !e.is_empty());
    let channels = c
        .channels
        .iter()
        .filter(|ch| ch.address.as_deref().is_some_and(|a| Some(a) != email.as_deref()))
        .map(|ch| {
            format!("{}: {}", ch.kind.as_deref().unwrap_or("channel"), ch.address.as_deref().unwrap_or(""))
        })
        .collect();
    CustomerSummary {
        id: c.id.to_string(),
        name: name_of(c),
        email,
        channels,
        external_id: c.external_id.clone().filter(|x| !x.is_empty()),
        created_at: projection::time(c.created_datetime.as_deref()),
    }
}

/// `get_customer`: by id or email, with `tickets` recent tickets.
pub fn detail(g: &Gorgias, customer: &str, tickets: usize) -> Result<CustomerDetail, ToolError> {
    let id = match customer.parse::<u64>() {
        Ok(id) => id,
        Err(_) => super::tickets::customer_id(g, customer)?.0,
    };
    let subject = Subject { what: format!("Customer {id}"), hint: "Find customers with search_customers." };
    let mut requests = vec![g.get(&format!("/customers/{id}"), &[])];
    if tickets > 0 {
        requests.push(g.get(
            "/tickets",
            &[
                ("customer_id", id.to_string()),
                ("limit", tickets.min(MAX_LIMIT).to_string()),
                ("order_by", "updated_datetime:desc".into()),
                ("trashed", "false".into()),
            ],
        ));
    }
    let mut results = g.send_all(requests).into_iter();
    let mut next = || results.next().unwrap_or(Err(HttpError::Protocol("missing response")));
    let c: wire::Customer = decode(next(), &subject)?;
    let recent: wire::List<wire::Ticket> =
        if tickets > 0 { decode(next(), &Subject::api("tickets"))? } else { wire::List::default() };
    Ok(CustomerDetail {
        summary: summary(&c),
        language: c.language.clone(),
        timezone: c.timezone.clone(),
        note: c.note.clone().filter(|n| !n.trim().is_empty()),
        data: data_fields(&c.data),
        orders: orders(&c.integrations),
        recent_tickets: recent.data.iter().map(projection::ticket_summary).collect(),
        tickets_total: recent.total,
    })
}

/// Custom data flattened to `label: value` (scalars, and short lists).
fn data_fields(data: &Value) -> Vec<FieldValue> {
    let Value::Object(map) = data else { return Vec::new() };
    map.iter()
        .filter_map(|(k, v)| {
            let value = match v {
                Value::Null => return None,
                Value::String(s) if s.is_empty() => return None,
                Value::String(s) => s.clone(),
                Value::Array(items) if items.iter().all(|i| !i.is_object()) => items
                    .iter()
                    .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
                    .collect::<Vec<_>>()
                    .join(", "),
                Value::Object(_) | Value::Array(_) => return None,
                other => other.to_string(),
            };
            Some(FieldValue { label: k.clone(), value: clip(&one_line(&value), 200).0 })
        })
        .collect()
}

/// Orders from e-commerce integrations (`integrations.{id}.orders`), newest first.
fn orders(integrations: &Value) -> Vec<OrderView> {
    let Value::Object(map) = integrations else { return Vec::new() };
    let mut out: Vec<OrderView> = map
        .values()
        .flat_map(|integration| {
            let source =
                integration.get("__integration_type__").and_then(Value::as_str).unwrap_or("shop").to_owned();
            let orders = integration.get("orders").and_then(Value::as_array).cloned().unwrap_or_default();
            orders.into_iter().map(move |o| order(&source, &o))
        })
        .collect();
    out.sort_by(|a, b| b.created_at.cmp(&a.created_at));
    out.truncate(MAX_ORDERS);
    out
}

fn order(source: &str, o: &Value) -> OrderView {
    let s = |k: &str| o.get(k).and_then(Value::as_str).map(str::to_owned);
    let name =
        s("name").or_else(|| o.get("order_number").map(Value::to_string)).unwrap_or_else(|| "order".into());
    let total =
        s("total_price").map(|t| format!("{t} {}", s("currency").unwrap_or_default()).trim().to_owned());
    let status: Vec<String> = [
        s("financial_status"),
        s("fulfillment_status").or(Some("unfulfilled".into())),
        s("cancelled_at").map(|_| "cancelled".into()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let items = o
        .get("line_items")
        .and_then(Value::as_array)
        .map(|lines| {
            lines
                .iter()
                .map(|l| {
                    let qty = l.get("quantity").and_then(Value::as_u64).unwrap_or(1);
                    let title = l.get("title").and_then(Value::as_str).unwrap_or("item");
                    match l.get("variant_title").and_then(Value::as_str).filter(|v| !v.is_empty()) {
                        Some(v) => format!("{qty}× {title} ({v})"),
                        None => format!("{qty}× {title}"),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let shipments = o
        .get("fulfillments")
        .and_then(Value::as_array)
        .map(|fs| {
            fs.iter()
                .map(|f| {
                    let g = |k: &str| f.get(k).and_then(Value::as_str).unwrap_or("");
                    format!(
                        "{} {} ({})",
                        g("tracking_company"),
                        g("tracking_number"),
                        g("shipment_status").replace('_', " ")
                    )
                    .trim()
                    .to_owned()
                })
                .collect()
        })
        .unwrap_or_default();
    OrderView {
        name,
        source: source.to_owned(),
        created_at: s("created_at"),
        total,
        status: Some(status.join(", ")).filter(|s| !s.is_empty()),
        items,
        shipments,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_recognised() {
        assert!(looks_like_phone("+1 (555) 010-2030"));
        assert!(looks_like_phone("0412345678"));
        assert!(!looks_like_phone("NW-10234"));
        assert!(!looks_like_phone("12345"));
    }

    #[test]
    fn orders_are_summarised_newest_first() {
        let integrations = json!({
            "6": { "__integration_type__": "shopify", "orders": [
                { "name": "NW-10001", "created_at": "2026-10-01T10:00:00Z", "total_price": "40.00", "currency": "USD",
                  "financial_status": "paid", "fulfillment_status": null,
                  "line_items": [{ "title": "Trail Socks", "quantity": 2, "variant_title": "M / Grey" }] },
                { "name": "NW-10234", "created_at": "2026-11-02T09:00:00Z", "total_price": "129.00", "currency": "USD",
                  "financial_status": "paid", "fulfillment_status": "fulfilled",
                  "fulfillments": [{ "tracking_company": "UPS", "tracking_number": "1Z999", "shipment_status": "in_transit" }] }
            ]}
        });
        let o = orders(&integrations);
        assert_eq!(o[0].name, "NW-10234");
        assert_eq!(o[0].shipments, ["UPS 1Z999 (in transit)"]);
        assert_eq!(o[0].status.as_deref(), Some("paid, fulfilled"));
        assert_eq!(o[1].items, ["2× Trail Socks (M / Grey)"]);
        assert_eq!(o[1].status.as_deref(), Some("paid, unfulfilled"));
    }

    #[test]
    fn custom_data_keeps_scalars_and_short_lists() {
        let d = data_fields(
            &json!({ "city": "SF", "vip": true, "tags": ["a", "b"], "nested": { "x": 1 }, "empty": "" }),
        );
        let labels: Vec<&str> = d.iter().map(|f| f.label.as_str()).collect();
        assert_eq!(labels, ["city", "tags", "vip"]);
    }
}
