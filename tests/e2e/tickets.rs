//! `get_ticket`, `list_tickets` and `list_reference` on realistic data.

use helpdesk_fakes::gorgias::{FakeGorgias, GorgiasOptions, fixtures};
use helpdesk_tests::harness::{Host, HostBuilder, gorgias_all};
use serde_json::{Value, json};

async fn start() -> anyhow::Result<(FakeGorgias, Host)> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let host = HostBuilder::gorgias(&fake).stdio().await?;
    Ok((fake, host))
}

#[tokio::test(flavor = "multi_thread")]
async fn get_ticket_returns_the_whole_conversation_in_order() -> anyhow::Result<()> {
    let (fake, host) = start().await?;
    let r = host.structured("get_ticket", json!({ "id": "#4521" })).await?;
    assert_eq!(r["ticket"]["subject"], fixtures::REFUND_TICKET_SUBJECT);
    assert_eq!(r["ticket"]["assignee"], fixtures::SARAH_AGENT_NAME);
    let messages = r["messages"].as_array().cloned().unwrap_or_default();
    assert_eq!(messages.len(), fixtures::REFUND_TICKET_MESSAGES);
    let roles: Vec<&str> = messages.iter().filter_map(|m| m["role"].as_str()).collect();
    assert_eq!(roles, ["customer", "agent", "customer"]);
    let times: Vec<&str> = messages.iter().filter_map(|m| m["created_at"].as_str()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "chronological: {times:?}");
    assert_eq!(messages[2]["text"], "Any update?");
    // The ticket (field values and survey embedded) and the first message page:
    // two requests in one round trip, plus the field labels (cached afterwards).
    assert_eq!(fake.control().count("GET", "/api/messages"), 1);
    assert_eq!(fake.control().count("GET", "/api/tickets/4521/custom-fields"), 0);
    assert_eq!(fake.control().request_count(), 3, "ticket, messages, field definitions");
    fake.control().reset_requests();
    host.structured("get_ticket", json!({ "id": 4521 })).await?;
    assert_eq!(fake.control().request_count(), 2, "the field definitions came from the host's cache");
    let text = host.text("get_ticket", json!({ "id": 4521 })).await?;
    assert!(text.starts_with("# Ticket #4521 — Refund not received"), "{text}");
    assert!(text.contains("Alice Johnson <alice.johnson@example.com> (customer)"));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_conversation_longer_than_one_page_is_followed_by_cursor() -> anyhow::Result<()> {
    let (fake, host) = start().await?;
    let r = host.structured("get_ticket", json!({ "id": fixtures::LONG_TICKET_ID })).await?;
    assert_eq!(r["messages_total"], fixtures::LONG_TICKET_MESSAGES);
    assert_eq!(fake.control().count("GET", "/api/messages"), 3, "250 messages are three pages of 100");
    let messages = r["messages"].as_array().cloned().unwrap_or_default();
    assert_eq!(messages.first().map(|m| m["position"].clone()), Some(json!(1)));
    assert_eq!(messages.last().map(|m| m["position"].clone()), Some(json!(fixtures::LONG_TICKET_MESSAGES)));
    assert_eq!(r["next_message_offset"], 1);
    assert!(r["notes"].to_string().contains("message_offset=1"));

    let page = host
        .structured(
            "get_ticket",
            json!({ "id": fixtures::LONG_TICKET_ID, "message_offset": 100, "max_messages": 20 }),
        )
        .await?;
    let positions: Vec<u64> =
        page["messages"].as_array().into_iter().flatten().filter_map(|m| m["position"].as_u64()).collect();
    assert_eq!(positions, (101..=120).collect::<Vec<_>>());
    assert_eq!(page["next_message_offset"], 120);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn html_and_quoted_replies_are_stripped_and_notes_marked() -> anyhow::Result<()> {
    let (_fake, host) = start().await?;
    let r = host.structured("get_ticket", json!({ "id": fixtures::HTML_TICKET_ID })).await?;
    let messages = r["messages"].as_array().cloned().unwrap_or_default();
    for m in &messages {
        let text = m["text"].as_str().unwrap_or_default();
        for tag in ["<p", "<br", "<div", "</", "<blockquote", "<a "] {
            assert!(!text.contains(tag), "HTML left in: {text}");
        }
        assert!(!text.contains("&amp;") && !text.contains("&nbsp;"), "entities left in: {text}");
        assert!(!text.lines().any(|l| l.trim_start().starts_with('>')), "quoted reply left in: {text}");
        assert!(!text.contains("wrote:"), "quote header left in: {text}");
    }
    assert!(messages.iter().any(|m| m["role"] == "internal_note"));
    assert!(r["internal_notes"].as_u64().unwrap_or(0) >= 1);
    let without = host
        .structured("get_ticket", json!({ "id": fixtures::HTML_TICKET_ID, "include_internal_notes": false }))
        .await?;
    assert!(without["messages"].as_array().into_iter().flatten().all(|m| m["role"] != "internal_note"));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn huge_messages_stay_under_the_output_cap() -> anyhow::Result<()> {
    let (_fake, host) = start().await?;
    let text = host.text("get_ticket", json!({ "id": fixtures::HUGE_TICKET_ID })).await?;
    assert!(text.chars().count() <= 25_000, "{}", text.chars().count());
    assert!(text.contains("[…]") && text.contains("cut to"), "says the body was cut");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_ticket_is_a_clear_error() -> anyhow::Result<()> {
    let (_fake, host) = start().await?;
    let e = host.error("get_ticket", json!({ "id": 99999 })).await?;
    assert_eq!(e, "Ticket 99999 was not found. Check the number, or find the ticket with search_tickets.");
    Ok(())
}

fn ids(r: &Value) -> Vec<u64> {
    r["tickets"].as_array().into_iter().flatten().filter_map(|t| t["id"].as_str()?.parse().ok()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn list_tickets_filters_orders_and_pages() -> anyhow::Result<()> {
    let (_fake, host) = start().await?;
    let first = host
        .structured("list_tickets", json!({ "status": "open", "assignee": "Sarah Chen", "limit": 10 }))
        .await?;
    let tickets = first["tickets"].as_array().cloned().unwrap_or_default();
    assert!(!tickets.is_empty());
    assert!(
        tickets.iter().all(|t| t["status"] == "open" && t["assignee"] == fixtures::SARAH_AGENT_NAME),
        "{first}"
    );
    let updated: Vec<&str> = tickets.iter().filter_map(|t| t["updated_at"].as_str()).collect();
    assert!(updated.windows(2).all(|w| w[0] >= w[1]), "newest update first: {updated:?}");

    let plain =
        host.structured("list_tickets", json!({ "limit": 7, "order_by": "created", "order": "asc" })).await?;
    let cursor = plain["next_cursor"].as_str().expect("more pages").to_owned();
    let next = host
        .structured(
            "list_tickets",
            json!({ "limit": 7, "order_by": "created", "order": "asc", "cursor": cursor }),
        )
        .await?;
    let (a, b) = (ids(&plain), ids(&next));
    assert_eq!((a.len(), b.len()), (7, 7));
    assert!(b.iter().all(|id| !a.contains(id)));
    let created: Vec<String> = [&plain, &next]
        .iter()
        .flat_map(|r| r["tickets"].as_array().cloned().unwrap_or_default())
        .filter_map(|t| t["created_at"].as_str().map(str::to_owned))
        .collect();
    assert!(created.windows(2).all(|w| w[0] <= w[1]), "oldest first across pages");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn list_tickets_by_customer_email_and_view() -> anyhow::Result<()> {
    let (_fake, host) = start().await?;
    let r = host.structured("list_tickets", json!({ "customer": fixtures::ALICE_EMAIL })).await?;
    assert_eq!(ids(&r).len(), fixtures::ALICE_TICKET_COUNT);
    let r = host.structured("list_tickets", json!({ "view": fixtures::URGENT_VIEW_NAME })).await?;
    assert!(r["tickets"].as_array().into_iter().flatten().all(|t| t["priority"] == "high"), "{r}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn list_reference_lists_agents_tags_views_and_fields() -> anyhow::Result<()> {
    let (_fake, host) = start().await?;
    let agents = host.text("list_reference", json!({ "kind": "agents" })).await?;
    assert!(
        agents.contains(fixtures::SARAH_AGENT_NAME) && agents.contains(fixtures::SARAH_EMAIL),
        "{agents}"
    );
    let tags = host.structured("list_reference", json!({ "kind": "tags", "search": "refund" })).await?;
    assert!(
        tags["items"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|i| i["name"].as_str().unwrap_or_default().contains("refund"))
    );
    let views = host.text("list_reference", json!({ "kind": "views" })).await?;
    assert!(views.contains(fixtures::URGENT_VIEW_NAME));
    let fields = host.text("list_reference", json!({ "kind": "custom_fields" })).await?;
    assert!(fields.contains("Contact reason") && fields.contains("Loyalty tier"), "{fields}");
    let statuses = host.text("list_reference", json!({ "kind": "statuses" })).await?;
    assert!(statuses.contains("open") && statuses.contains("critical"));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn get_ticket_shows_the_satisfaction_survey_and_labels_every_field() -> anyhow::Result<()> {
    let (fake, host) = start().await?;
    let surveys = gorgias_all(&fake, "/satisfaction-surveys", "").await?;
    let survey = surveys
        .iter()
        .find(|s| s["score"].is_u64() && s["body_text"].as_str().is_some_and(|b| !b.trim().is_empty()))
        .expect("a scored survey with a comment");
    let id = survey["ticket_id"].as_u64().unwrap_or_default();
    let r = host.structured("get_ticket", json!({ "id": id })).await?;
    let shown = &r["ticket"]["satisfaction"];
    assert_eq!(shown["score"], survey["score"], "{r}");
    assert_eq!(shown["comment"].as_str(), survey["body_text"].as_str().map(str::trim), "{r}");
    assert!(shown["sent_at"].is_string() && shown["scored_at"].is_string(), "{r}");
    let text = host.text("get_ticket", json!({ "id": id })).await?;
    let line = format!("Satisfaction survey: {}/5, “", survey["score"]);
    assert!(text.contains(&line) && text.contains("answered "), "{text}");

    let text = host.text("get_ticket", json!({ "id": fixtures::REFUND_TICKET_ID })).await?;
    for label in [
        "Status: open",
        "Priority: normal",
        "Channel: email",
        "Customer: Alice Johnson <alice.johnson@example.com>",
        "Assignee: Sarah Chen · Team: ",
        "Tags: refund",
        "Contact reason: ",
        "Conversation: 3 messages; times are UTC",
    ] {
        assert!(text.contains(label), "{label} missing:\n{text}");
    }
    let html = host.structured("get_ticket", json!({ "id": fixtures::HTML_TICKET_ID })).await?;
    let conversation = html["conversation"].as_str().unwrap_or_default();
    assert!(conversation.ends_with("internal note)"), "{html}");
    if surveys.iter().all(|s| s["ticket_id"] != fixtures::REFUND_TICKET_ID) {
        let r = host.structured("get_ticket", json!({ "id": fixtures::REFUND_TICKET_ID })).await?;
        assert!(r["ticket"].get("satisfaction").is_none(), "no survey, nothing shown: {r}");
    }
    Ok(())
}
