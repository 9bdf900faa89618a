//! Every tool's structured result must validate against the `outputSchema`
//! that `tools/list` declares, on every branch its arguments select, for every
//! provider: a strict client (the official Python SDK) rejects the whole
//! result otherwise.
//!
//! The sweep is generated, not hand-listed: for each tool `tools/list` offers
//! (admin level, so every unified tool), the cases are its base arguments
//! (the required ones, per provider, from [`Desk`]), then the base with each
//! value of each enum or boolean argument its *input schema* declares, then
//! the cross products named in [`CROSS`] (every metric with every grouping),
//! each value again with the fixed arguments in [`WITH`] (every metric over
//! an empty period), then the hand-picked branches the enums cannot reach (filters, ids written
//! as numbers, paging, edge cases) from the desk's `extra` table. A follow-up
//! page is fetched whenever a result offers one. Each result is validated
//! with the `jsonschema` crate; violations are collected and reported
//! together.

use std::collections::BTreeMap;

use helpdesk_fakes::gorgias::{FakeGorgias, GorgiasOptions, RateLimit, fixtures as g};
use helpdesk_fakes::kayako::{FakeKayako, KayakoOptions, fixtures as k};
use helpdesk_tests::harness::{Host, HostBuilder, text_of};
use rmcp::model::{CallToolRequestParams, JsonObject, Tool};
use serde_json::{Value, json};

/// Argument pairs swept as a cross product: (tool, argument, argument).
const CROSS: &[(&str, &str, &str)] = &[("helpdesk_stats", "metric", "group_by")];

/// Arguments swept again with fixed arguments: (tool, argument, fixed arguments).
/// An empty period is where missing values (`null` totals, medians of
/// nothing) appear.
const WITH: &[(&str, &str, &str)] =
    &[("helpdesk_stats", "metric", r#"{"start":"2021-01-01","end":"2021-01-31"}"#)];

/// One provider's fixtures as arguments.
pub(super) struct Desk {
    pub(super) name: &'static str,
    /// The arguments every call of a tool needs (its required ones).
    pub(super) base: Vec<(&'static str, Value)>,
    /// Branches the generated cases do not reach.
    pub(super) extra: Vec<(&'static str, Value)>,
    /// Tools the provider cannot serve at all (every call is a clear refusal).
    pub(super) unsupported: &'static [&'static str],
}

fn gorgias_desk() -> Desk {
    Desk {
        name: "gorgias",
        base: vec![
            ("get_ticket", json!({ "id": g::REFUND_TICKET_ID })),
            ("search_customers", json!({ "query": g::ALICE_EMAIL })),
            ("get_customer", json!({ "customer": g::ALICE_EMAIL })),
            ("list_reference", json!({ "kind": "agents" })),
            ("create_ticket", json!({ "customer": g::BOB_EMAIL, "subject": "Sweep", "message": "Hello" })),
            (
                "reply_to_ticket",
                json!({ "id": g::BOB_TICKET_ID, "message": "Sweep reply", "internal": true }),
            ),
            ("update_ticket", json!({ "id": g::BOB_TICKET_ID, "priority": "high" })),
            ("call_api", json!({ "operation": "list_tags" })),
        ],
        extra: vec![
            ("search_tickets", json!({ "query": format!("#{}", g::REFUND_TICKET_ID) })),
            ("search_tickets", json!({ "query": g::REFUND_TICKET_ID })),
            ("search_tickets", json!({ "query": g::ALICE_EMAIL })),
            ("search_tickets", json!({ "query": g::ORDER_REF })),
            ("search_tickets", json!({ "query": g::ALICE_NAME })),
            ("search_tickets", json!({ "query": g::URGENT_VIEW_NAME })),
            ("search_tickets", json!({ "query": "refund", "status": "open", "limit": 3 })),
            ("search_tickets", json!({ "query": "zzqx no such words" })),
            ("search_tickets", json!({ "assignee": g::SARAH_AGENT_ID, "team": g::RETURNS_TEAM_ID })),
            (
                "search_tickets",
                json!({ "tag": g::REFUND_TAG_ID, "created_after": "30d", "created_before": "today" }),
            ),
            ("get_ticket", json!({ "id": g::LONG_TICKET_ID, "max_messages": 1 })),
            ("get_ticket", json!({ "id": g::LONG_TICKET_ID, "message_offset": 240 })),
            ("get_ticket", json!({ "id": g::HTML_TICKET_ID })),
            ("get_ticket", json!({ "id": g::HUGE_TICKET_ID })),
            ("get_ticket", json!({ "id": g::ORDER_TICKET_ID, "format": "json" })),
            ("list_tickets", json!({ "view": g::OPEN_VIEW_ID })),
            ("list_tickets", json!({ "view": g::URGENT_VIEW_NAME, "limit": 1 })),
            ("list_tickets", json!({ "customer": g::ALICE_CUSTOMER_ID })),
            ("list_tickets", json!({ "customer": g::ALICE_EMAIL, "status": "closed" })),
            ("list_tickets", json!({ "assignee": "none", "channel": "email", "limit": 100 })),
            ("list_tickets", json!({ "tag": "refund", "created_after": "2020-01-01" })),
            ("helpdesk_stats", json!({ "start": "2020-01-01", "end": "today", "compare": false })),
            ("helpdesk_stats", json!({ "channel": "email", "status": "open", "limit": 1 })),
            ("helpdesk_stats", json!({ "agent": g::SARAH_AGENT_ID, "group_by": "channel" })),
            ("helpdesk_stats", json!({ "tag": "refund", "metric": "tickets_closed" })),
            ("helpdesk_stats", json!({ "agent": g::SARAH_AGENT_NAME, "metric": "first_response_time" })),
            ("search_customers", json!({ "query": g::ALICE_CUSTOMER_ID })),
            ("search_customers", json!({ "query": "Alise Jonson" })),
            ("search_customers", json!({ "query": "nobody-at-all@example.invalid" })),
            ("get_customer", json!({ "customer": g::BOB_CUSTOMER_ID, "tickets": 0 })),
            ("get_customer", json!({ "customer": g::ALICE_CUSTOMER_ID, "tickets": 20 })),
            ("list_reference", json!({ "kind": "tags", "search": "refund" })),
            ("list_reference", json!({ "kind": "views", "search": "zzqx" })),
            ("list_api_endpoints", json!({ "query": "macro" })),
            ("list_api_endpoints", json!({ "category": "tickets" })),
            (
                "call_api",
                json!({ "operation": "get_ticket", "params": { "ticket_id": g::REFUND_TICKET_ID } }),
            ),
            ("call_api", json!({ "method": "GET", "path": "/tags" })),
            (
                "create_ticket",
                json!({ "customer": g::ALICE_CUSTOMER_ID, "subject": "Sweep agent", "message": "Hi", "from": "agent", "assignee": g::SARAH_AGENT_ID, "team": g::TIER1_TEAM_ID, "tags": ["sweep", g::REFUND_TAG_ID], "priority": "low" }),
            ),
            (
                "reply_to_ticket",
                json!({ "id": g::BOB_TICKET_ID, "message": "Public", "internal": false, "agent": g::SARAH_AGENT_ID }),
            ),
            (
                "update_ticket",
                json!({ "id": g::BOB_TICKET_ID, "status": "closed", "assignee": g::SARAH_AGENT_ID, "team": g::RETURNS_TEAM_ID }),
            ),
            (
                "update_ticket",
                json!({ "id": g::BOB_TICKET_ID, "add_tags": ["sweep"], "remove_tags": [g::REFUND_TAG_ID], "assignee": "none" }),
            ),
            (
                "update_ticket",
                json!({ "id": g::BOB_TICKET_ID, "set_tags": ["a", "b"], "snooze_until": "2030-01-01", "subject": "New subject" }),
            ),
            (
                "update_ticket",
                json!({ "id": g::BOB_TICKET_ID, "fields": { "Contact reason": "Refund" }, "status": "open" }),
            ),
        ],
        unsupported: &[],
    }
}

fn kayako_desk() -> Desk {
    Desk {
        name: "kayako_classic",
        base: vec![
            ("get_ticket", json!({ "id": k::LOGIN_TICKET_DISPLAY_ID })),
            ("search_customers", json!({ "query": k::HANNAH_EMAIL })),
            ("get_customer", json!({ "customer": k::HANNAH_EMAIL })),
            ("list_reference", json!({ "kind": "agents" })),
            ("create_ticket", json!({ "customer": k::DANIEL_EMAIL, "subject": "Sweep", "message": "Hello" })),
            (
                "reply_to_ticket",
                json!({ "id": k::INVOICE_TICKET_ID, "message": "Sweep note", "internal": true }),
            ),
            ("update_ticket", json!({ "id": k::INVOICE_TICKET_ID, "priority": "high" })),
            ("call_api", json!({ "operation": "list_departments" })),
        ],
        extra: vec![
            ("search_tickets", json!({ "query": k::INVOICE_TICKET_DISPLAY_ID })),
            ("search_tickets", json!({ "query": k::LOGIN_TICKET_ID })),
            ("search_tickets", json!({ "query": k::HANNAH_EMAIL })),
            ("search_tickets", json!({ "query": k::DANIEL_NAME })),
            ("search_tickets", json!({ "query": "password", "status": "open", "limit": 3 })),
            ("search_tickets", json!({ "query": "zzqx no such words" })),
            ("search_tickets", json!({ "team": k::BILLING_DEPARTMENT_ID, "assignee": k::STAFF_ID })),
            ("get_ticket", json!({ "id": k::LOGIN_TICKET_ID, "max_messages": 1 })),
            ("get_ticket", json!({ "id": k::INVOICE_TICKET_DISPLAY_ID, "message_offset": 1 })),
            ("list_tickets", json!({ "team": k::BILLING_DEPARTMENT_ID, "limit": 2 })),
            ("list_tickets", json!({ "team": "Billing", "status": "closed" })),
            ("list_tickets", json!({ "customer": k::HANNAH_EMAIL })),
            ("list_tickets", json!({ "assignee": k::STAFF_FULL_NAME, "created_after": "30d" })),
            ("helpdesk_stats", json!({ "start": "2020-01-01", "end": "today", "compare": false })),
            ("helpdesk_stats", json!({ "agent": k::STAFF_ID, "status": "open", "limit": 1 })),
            ("helpdesk_stats", json!({ "channel": "email", "metric": "tickets_closed" })),
            ("list_reference", json!({ "kind": "teams", "search": "bill" })),
            ("list_api_endpoints", json!({ "query": "ticket post" })),
            (
                "call_api",
                json!({ "operation": "get_department", "params": { "id": k::BILLING_DEPARTMENT_ID } }),
            ),
            (
                "create_ticket",
                json!({ "customer": k::HANNAH_EMAIL, "subject": "Sweep agent", "message": "Hi", "from": "agent", "team": k::BILLING_DEPARTMENT_ID, "assignee": k::STAFF_ID }),
            ),
            (
                "reply_to_ticket",
                json!({ "id": k::INVOICE_TICKET_DISPLAY_ID, "message": "Public", "internal": false, "agent": k::STAFF_ID }),
            ),
            (
                "update_ticket",
                json!({ "id": k::INVOICE_TICKET_ID, "status": "closed", "team": k::TECH_DEPARTMENT_ID, "assignee": k::STAFF_ID }),
            ),
            (
                "update_ticket",
                json!({ "id": k::INVOICE_TICKET_ID, "status": "open", "assignee": "none", "subject": "Renamed" }),
            ),
        ],
        // Kayako Classic's API has no customer search or profiles.
        unsupported: &["search_customers", "get_customer"],
    }
}

/// The values an argument's schema lets the sweep enumerate.
fn choices(schema: &Value) -> Vec<Value> {
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values.clone();
    }
    if schema.get("type") == Some(&json!("boolean")) {
        return vec![json!(true), json!(false)];
    }
    Vec::new()
}

fn merged(base: &Value, extra: &[(&str, Value)]) -> Value {
    let mut out = base.clone();
    if let Value::Object(map) = &mut out {
        for (k, v) in extra {
            map.insert((*k).to_owned(), v.clone());
        }
    }
    out
}

/// Every case for every tool: base, each enum value, the cross products, then the extras.
fn cases(tools: &[Tool], desk: &Desk) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for tool in tools {
        let name = tool.name.as_ref();
        let base = desk.base.iter().find(|(t, _)| *t == name).map_or_else(|| json!({}), |(_, v)| v.clone());
        out.push((name.to_owned(), base.clone()));
        let props =
            tool.input_schema.get("properties").and_then(Value::as_object).cloned().unwrap_or_default();
        for (arg, schema) in &props {
            for value in choices(schema) {
                out.push((name.to_owned(), merged(&base, &[(arg.as_str(), value)])));
            }
        }
        for (_, arg, fixed) in WITH.iter().filter(|(t, ..)| *t == name) {
            let fixed: Value = serde_json::from_str(fixed).unwrap_or_default();
            let fixed: Vec<(&str, Value)> = fixed
                .as_object()
                .iter()
                .flat_map(|m| m.iter())
                .map(|(k, v)| (k.as_str(), v.clone()))
                .collect();
            for value in props.get(*arg).map(choices).unwrap_or_default() {
                let mut with = fixed.clone();
                with.push((arg, value));
                out.push((name.to_owned(), merged(&base, &with)));
            }
        }
        for (_, a, b) in CROSS.iter().filter(|(t, ..)| *t == name) {
            let (Some(sa), Some(sb)) = (props.get(*a), props.get(*b)) else { continue };
            for va in choices(sa) {
                for vb in choices(sb) {
                    out.push((name.to_owned(), merged(&base, &[(a, va.clone()), (b, vb)])));
                }
            }
        }
    }
    out.extend(desk.extra.iter().map(|(t, v)| ((*t).to_owned(), v.clone())));
    out
}

/// What the sweep saw for one provider.
#[derive(Default)]
pub(super) struct Tally {
    calls: usize,
    ok_by_tool: BTreeMap<String, usize>,
    refusals: Vec<String>,
    violations: Vec<String>,
}

pub(super) async fn sweep(host: &Host, desk: &Desk) -> anyhow::Result<Tally> {
    let tools = host.client.list_all_tools().await?;
    let schemas: BTreeMap<String, Value> = tools
        .iter()
        .filter_map(|t| Some((t.name.to_string(), Value::Object((*t.output_schema.clone()?).clone()))))
        .collect();
    // Every offered tool is swept; a tool without an output schema is itself a violation.
    let mut tally = Tally::default();
    for tool in &tools {
        if !schemas.contains_key(tool.name.as_ref()) {
            tally.violations.push(format!("{} declares no outputSchema", tool.name));
        }
    }
    let mut queue = cases(&tools, desk);
    let mut i = 0;
    while i < queue.len() {
        let (name, args) = queue[i].clone();
        i += 1;
        tally.calls += 1;
        let arguments: JsonObject = args.as_object().cloned().unwrap_or_default();
        let result = match host
            .client
            .call_tool(CallToolRequestParams::new(name.clone()).with_arguments(arguments))
            .await
        {
            Ok(r) => r,
            Err(e) => {
                tally.violations.push(format!("{} {name} {args}: protocol error {e}", desk.name));
                continue;
            }
        };
        let text = text_of(&result);
        if result.is_error == Some(true) {
            if text.trim().is_empty() || text.contains("inside the server") {
                tally.violations.push(format!("{} {name} {args}: unclear failure {text:?}", desk.name));
            }
            tally.refusals.push(format!("{name} {args}: {}", text.lines().next().unwrap_or_default()));
            continue;
        }
        *tally.ok_by_tool.entry(name.clone()).or_default() += 1;
        let Some(schema) = schemas.get(&name) else { continue };
        let Some(structured) = &result.structured_content else {
            tally.violations.push(format!("{} {name} {args}: no structuredContent", desk.name));
            continue;
        };
        let validator = jsonschema::validator_for(schema)
            .map_err(|e| anyhow::anyhow!("{name}'s outputSchema is not a valid schema: {e}"))?;
        for error in validator.iter_errors(structured) {
            tally.violations.push(format!(
                "{} {name} {args}: {error} at {} (value {})",
                desk.name,
                error.instance_path(),
                structured.pointer(&error.instance_path().to_string()).unwrap_or(&Value::Null)
            ));
        }
        // The next page is a branch of its own (cursor decoding, later offsets).
        if let Some(cursor) = structured.get("next_cursor").and_then(Value::as_str)
            && args.get("cursor").is_none()
        {
            queue.push((name.clone(), merged(&args, &[("cursor", json!(cursor))])));
        }
    }
    Ok(tally)
}

pub(super) fn judge(desk: &Desk, tally: &Tally, tools: &[String]) {
    eprintln!(
        "{}: {} calls, {} refused with a tool error:\n  {}",
        desk.name,
        tally.calls,
        tally.refusals.len(),
        tally.refusals.join("\n  ")
    );
    assert!(
        tally.violations.is_empty(),
        "{} violations:\n{}",
        tally.violations.len(),
        tally.violations.join("\n")
    );
    for tool in tools {
        let ok = tally.ok_by_tool.get(tool).copied().unwrap_or(0);
        if desk.unsupported.contains(&tool.as_str()) {
            assert_eq!(ok, 0, "{}: {tool} is listed as unsupported but answered", desk.name);
        } else {
            assert!(ok > 0, "{}: no call of {tool} succeeded", desk.name);
        }
    }
    // Refusals (combinations a helpdesk cannot answer, e.g. Kayako Classic
    // has no reporting to compute times from) are printed above, and must be
    // clear tool errors; results are what must match their schema.
    assert!(tally.calls > tally.refusals.len(), "{}: nothing answered", desk.name);
}

pub(super) async fn tool_names(host: &Host) -> anyhow::Result<Vec<String>> {
    Ok(host.client.list_all_tools().await?.iter().map(|t| t.name.to_string()).collect())
}

#[tokio::test(flavor = "multi_thread")]
async fn every_gorgias_result_matches_its_output_schema() -> anyhow::Result<()> {
    // No pacing: the sweep is hundreds of calls, and pacing is not what it tests.
    let unthrottled = RateLimit { capacity: 100_000, leak_per_sec: 100_000.0 };
    let fake =
        FakeGorgias::start(GorgiasOptions { rate_limit: Some(unthrottled), ..GorgiasOptions::default() })
            .await?;
    let host = HostBuilder::gorgias(&fake)
        .env("HELPDESK_ACCESS_LEVEL", "admin")
        .env("HELPDESK_CONFIRM_WRITES", "0")
        .stdio()
        .await?;
    let desk = gorgias_desk();
    let tally = sweep(&host, &desk).await?;
    judge(&desk, &tally, &tool_names(&host).await?);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn every_kayako_result_matches_its_output_schema() -> anyhow::Result<()> {
    let fake = FakeKayako::start(KayakoOptions::default()).await?;
    let host = HostBuilder::kayako(&fake)
        .env("HELPDESK_ACCESS_LEVEL", "admin")
        .env("HELPDESK_CONFIRM_WRITES", "0")
        .stdio()
        .await?;
    let desk = kayako_desk();
    let tally = sweep(&host, &desk).await?;
    judge(&desk, &tally, &tool_names(&host).await?);
    Ok(())
}
