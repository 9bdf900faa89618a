//! Tickiti's lists, reference data, statistics, creates and updates end to end, and the
//! faults every provider must survive (5xx, 429 with Retry-After, a garbled body).

use helpdesk_fakes::tickiti::{Fault, FaultKind, fixtures as t};
use serde_json::{Value, json};

use super::tickiti::start;

fn all(r: &Value, field: &str) -> Vec<String> {
    r["tickets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x[field].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn tickiti_list_tickets_by_perspective_watchlist_queue_and_status() -> anyhow::Result<()> {
    let (_fake, host) = start(t::READ_TOKEN, "readonly").await?;
    let r = host.structured("list_tickets", json!({ "view": t::RETURNS_PERSPECTIVE, "limit": 5 })).await?;
    assert!(r["strategy"].as_str().unwrap_or("").contains("perspective"), "{r}");
    assert_eq!(all(&r, "id").len(), 5);
    assert!(r["tickets"][0]["customer"]["email"].is_string(), "the perspective's columns are used: {r}");
    let cursor = r["next_cursor"].as_str().unwrap_or_default().to_owned();
    let next = host
        .structured("list_tickets", json!({ "view": t::RETURNS_PERSPECTIVE, "limit": 5, "cursor": cursor }))
        .await?;
    assert!(all(&next, "id").iter().all(|id| !all(&r, "id").contains(id)), "{next}");
    let r = host.structured("list_tickets", json!({ "view": t::VIP_WATCHLIST })).await?;
    let ids = all(&r, "id");
    assert!(ids.contains(&t::RETURN_TICKET.to_string()) && ids.contains(&t::BOOTS_TICKET.to_string()), "{r}");
    let r =
        host.structured("list_tickets", json!({ "team": "returns", "status": "open", "limit": 10 })).await?;
    assert!(
        all(&r, "team").iter().all(|q| q == t::RETURNS_QUEUE)
            && all(&r, "status").iter().all(|s| s == "Open"),
        "{r}"
    );
    let r = host
        .structured("list_tickets", json!({ "status": "closed", "assignee": "Grace", "limit": 50 }))
        .await?;
    assert!(all(&r, "id").contains(&t::REFUND_TICKET.to_string()), "{r}");
    let e = host.error("list_tickets", json!({ "view": "Nope" })).await?;
    assert!(e.contains(t::RETURNS_PERSPECTIVE) && e.contains("(watchlist)"), "{e}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn tickiti_reference_lists_speak_tickitis_vocabulary() -> anyhow::Result<()> {
    let (_fake, host) = start(t::READ_TOKEN, "readonly").await?;
    let r = host
        .structured("list_reference", json!({ "kind": "canned_responses", "search": "return label" }))
        .await?;
    assert_eq!(r["items"][0]["name"], t::RETURN_LABEL_STOCK, "{r}");
    assert!(r["items"][0]["text"].as_str().unwrap_or("").contains(t::RETURN_LABEL_TEXT), "{r}");
    for (kind, n) in [
        ("agents", t::STAFF_COUNT),
        ("teams", t::QUEUE_COUNT),
        ("views", 4),
        ("watchlists", 2),
        ("statuses", 4),
        ("resolution_categories", 4),
        ("interventions", 2),
        ("escalations", 2),
    ] {
        let r = host.structured("list_reference", json!({ "kind": kind })).await?;
        assert_eq!(r["total"], n, "{kind}: {r}");
    }
    let e = host.error("list_reference", json!({ "kind": "tags" })).await?;
    assert!(e.contains("Tickiti has no tags") && e.contains("watchlists"), "{e}");
    let e = host.error("search_customers", json!({ "query": t::PRIYA_EMAIL })).await?;
    assert!(e.contains("not available on Tickiti"), "{e}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn tickiti_stats_come_from_the_reports() -> anyhow::Result<()> {
    let (fake, host) = start(t::READ_TOKEN, "readonly").await?;
    let period = json!({ "start": "2020-01-01", "end": "today", "compare": false });
    let mut args = period.clone();
    args["group_by"] = json!("team");
    let r = host.structured("helpdesk_stats", args).await?;
    let total = r["total"].as_f64().unwrap_or(0.0);
    let sum: f64 = r["rows"].as_array().into_iter().flatten().filter_map(|x| x["value"].as_f64()).sum();
    assert_eq!(total as usize, t::GENERATED_TICKETS + 3, "{r}");
    assert_eq!(sum, total, "volumes by queue add up: {r}");
    let mut args = period.clone();
    args["metric"] = json!("tickets_closed");
    let r = host.structured("helpdesk_stats", args).await?;
    assert!(r["rows"].to_string().contains("Refund issued"), "resolutions by resolution category: {r}");
    let r = host
        .structured(
            "helpdesk_stats",
            json!({ "metric": "first_response_time", "group_by": "agent", "period": "last_30_days" }),
        )
        .await?;
    assert_eq!(r["unit"], "seconds");
    assert!(r["total"].as_f64().is_some() && r["previous_total"].is_number(), "{r}");
    let r = host
        .structured(
            "helpdesk_stats",
            json!({ "metric": "messages_sent", "group_by": "agent", "period": "last_30_days" }),
        )
        .await?;
    assert!(
        r["notes"].to_string().contains("Internal notes in the period"),
        "agent activity shows notes too: {r}"
    );
    let e = host.error("helpdesk_stats", json!({ "metric": "csat" })).await?;
    assert!(e.contains("satisfaction"), "{e}");
    let before = fake.control().request_count();
    host.structured("helpdesk_stats", json!({ "metric": "tickets_created" })).await?;
    assert_eq!(
        fake.control().request_count() - before,
        2,
        "the period and the one before, in one round trip"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn tickiti_create_and_update_report_what_changed() -> anyhow::Result<()> {
    let (fake, host) = start(t::FULL_TOKEN, "send").await?;
    let r = host
        .structured("create_ticket", json!({ "customer": "New.Person@example.test", "subject": "Tent peg bag missing", "message": "The pegs came without the bag.", "team": "Returns" }))
        .await?;
    assert!(r["action"].as_str().unwrap_or("").starts_with("Created ticket"), "{r}");
    assert_eq!(
        (r["ticket"]["team"].as_str(), r["ticket"]["subject"].as_str()),
        (Some(t::RETURNS_QUEUE), Some("Tent peg bag missing"))
    );
    let created = fake
        .control()
        .requests()
        .into_iter()
        .rev()
        .find(|x| x.path == "/api/v1/tickets")
        .and_then(|x| x.body)
        .unwrap_or_default();
    let body: Value = serde_json::from_str(&created)?;
    assert_eq!(
        body["data"]["subject"], "Tent peg bag missing",
        "subject and content travel inside data: {body}"
    );
    let r = host.structured("create_ticket", json!({ "customer": "tpl@example.test", "subject": "", "message": "", "template": t::DAMAGED_TEMPLATE })).await?;
    assert_eq!(r["ticket"]["subject"], t::DAMAGED_SUBJECT, "{r}");
    let e = host
        .error(
            "create_ticket",
            json!({ "customer": "a@b.test", "subject": "x", "message": "y", "priority": "high" }),
        )
        .await?;
    assert!(e.contains("no priority"), "{e}");

    let r = host
        .structured("update_ticket", json!({ "id": t::BOOTS_TICKET, "status": "closed", "fields": { "resolution category": "Replacement sent" }, "assignee": t::TOMAS_NAME }))
        .await?;
    let changed: Vec<&str> =
        r["changes"].as_array().into_iter().flatten().filter_map(|c| c["field"].as_str()).collect();
    for f in ["status", "assignee", "resolution category", "on hold until"] {
        assert!(changed.contains(&f), "{f} not reported: {r}");
    }
    let r = host
        .structured("update_ticket", json!({ "id": t::BOOTS_TICKET, "snooze_until": "2030-03-01" }))
        .await?;
    assert!(r["changes"].to_string().contains("2030-03-01"), "{r}");
    let r = host.structured("reply_to_ticket", json!({ "id": t::BOOTS_TICKET, "message": "Back in March.", "internal": true, "agent": "Maya", "on_hold_until": "2030-03-05" })).await?;
    assert_eq!(r["message"]["role"], "internal_note");
    let show = host.structured("get_ticket", json!({ "id": t::BOOTS_TICKET })).await?;
    assert_eq!(show["ticket"]["snoozed_until"], "2030-03-05", "{show}");
    let e = host.error("update_ticket", json!({ "id": t::BOOTS_TICKET, "priority": "high" })).await?;
    assert!(e.contains("no priority"), "{e}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn tickiti_faults_are_retried_or_explained() -> anyhow::Result<()> {
    let (fake, host) = start(t::READ_TOKEN, "readonly").await?;
    fake.control().inject(Fault::new(
        "/api/v1/tickets/show",
        FaultKind::Status { code: 503, body: None, retry_after: None },
    ));
    host.structured("get_ticket", json!({ "id": t::RETURN_TICKET })).await?;
    fake.control().inject(
        Fault::new(
            "/api/v1/tickets/query",
            FaultKind::Status { code: 429, body: None, retry_after: Some(1) },
        )
        .with_times(10),
    );
    let e = host.error("list_tickets", json!({})).await?;
    assert!(e.contains("HTTP 429") && e.contains("Wait 1 s"), "{e}");
    fake.control().clear_faults();
    fake.control().inject(Fault::new("/api/v1/settings/stock-responses", FaultKind::InvalidJson));
    let r = host.structured("list_reference", json!({ "kind": "canned_responses" })).await?;
    assert!(r["total"].as_u64().unwrap_or(0) > 0, "a garbled body is asked for again: {r}");
    let again = host.structured("list_reference", json!({ "kind": "canned_responses" })).await?;
    assert_eq!(again["total"], r["total"], "and never served from a cache");
    Ok(())
}
