//! The agent tier's writes: replies, notes, new tickets and updates land once
//! and only once, even when the connection fails around them, and say what
//! changed.

use helpdesk_fakes::gorgias::{FakeGorgias, Fault, FaultKind, GorgiasOptions, fixtures};
use helpdesk_tests::harness::{Host, HostBuilder};
use serde_json::json;

/// A host at the `send` level: these tests send public replies too (the
/// `agent` level's refusal of them is in send_gate.rs).
async fn agent() -> anyhow::Result<(FakeGorgias, Host)> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let host = HostBuilder::gorgias(&fake).env("HELPDESK_ACCESS_LEVEL", "send").stdio().await?;
    Ok((fake, host))
}

const MESSAGES: &str = "/api/tickets/4521/messages";

#[tokio::test(flavor = "multi_thread")]
async fn a_reply_is_sent_once_and_shows_in_the_conversation() -> anyhow::Result<()> {
    let (fake, host) = agent().await?;
    let text =
        "Hi Alice,\n\nYour refund of $89.00 was issued today; it takes 3-5 business days to show.\n\nSarah";
    let r = host
        .structured("reply_to_ticket", json!({ "id": 4521, "message": text, "agent": "Sarah Chen" }))
        .await?;
    assert!(
        r["action"].as_str().unwrap_or_default().starts_with("Sent a reply to ticket #4521 on email"),
        "{r}"
    );
    assert_eq!(r["message"]["role"], "agent");
    assert_eq!(fake.control().count_writes("POST", MESSAGES), 1);
    let thread = host.structured("get_ticket", json!({ "id": 4521 })).await?;
    let last = thread["messages"].as_array().and_then(|m| m.last()).cloned().unwrap_or_default();
    assert!(last["text"].as_str().unwrap_or_default().contains("refund of $89.00"), "{last}");
    assert_eq!(last["author"]["name"], fixtures::SARAH_AGENT_NAME);

    let again =
        host.error("reply_to_ticket", json!({ "id": 4521, "message": text, "agent": "Sarah Chen" })).await?;
    assert!(again.contains("already posted") && again.contains("not sent again"), "{again}");
    assert_eq!(fake.control().count_writes("POST", MESSAGES), 1, "the duplicate was refused");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn internal_notes_stay_internal() -> anyhow::Result<()> {
    let (fake, host) = agent().await?;
    let r = host
        .structured(
            "reply_to_ticket",
            json!({ "id": 4521, "message": "Finance confirmed the refund.", "internal": true }),
        )
        .await?;
    assert_eq!(r["message"]["role"], "internal_note");
    let body = fake.control().writes().last().and_then(|w| w.body.clone()).unwrap_or_default();
    assert!(body.contains("\"internal-note\"") && body.contains("\"public\":false"), "{body}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_write_whose_answer_is_lost_is_never_resent() -> anyhow::Result<()> {
    let (fake, host) = agent().await?;
    fake.control().inject(Fault::new(MESSAGES, FaultKind::DropAfterApply).with_method("POST"));
    let e = host
        .error("reply_to_ticket", json!({ "id": 4521, "message": "Checking with the warehouse now." }))
        .await?;
    assert!(e.contains("may or may not have been applied") && e.contains("get_ticket 4521"), "{e}");
    assert_eq!(fake.control().count_writes("POST", MESSAGES), 1, "applied once, not retried");

    fake.control().inject(Fault::new(MESSAGES, FaultKind::HangAfterApply).with_method("POST"));
    let host = HostBuilder::gorgias(&fake)
        .env("HELPDESK_ACCESS_LEVEL", "send")
        .env("HELPDESK_TIMEOUT_SECS", "2")
        .stdio()
        .await?;
    let e = host.error("reply_to_ticket", json!({ "id": 4521, "message": "Second update for you." })).await?;
    assert!(e.contains("may or may not have been applied"), "{e}");
    assert_eq!(fake.control().count_writes("POST", MESSAGES), 2);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn writes_that_provably_did_not_arrive_are_retried_or_reported() -> anyhow::Result<()> {
    let (fake, host) = agent().await?;
    // 429: the helpdesk refused to process it, so it is waited out and resent.
    fake.control().inject(
        Fault::new(MESSAGES, FaultKind::Status { code: 429, body: None, retry_after: Some(1) })
            .with_method("POST"),
    );
    host.text("reply_to_ticket", json!({ "id": 4521, "message": "First reply after a rate limit." })).await?;
    assert_eq!(fake.control().count_writes("POST", MESSAGES), 1);
    // A 503 may have been applied behind a proxy: not resent, outcome unknown.
    fake.control().inject(
        Fault::new(MESSAGES, FaultKind::Status { code: 503, body: None, retry_after: None })
            .with_method("POST"),
    );
    let e =
        host.error("reply_to_ticket", json!({ "id": 4521, "message": "Reply during an outage." })).await?;
    assert!(e.contains("may or may not"), "{e}");
    let posts = fake.control().requests().iter().filter(|r| r.method == "POST" && r.path == MESSAGES).count();
    assert_eq!(posts, 3, "429 then success, then the 503 once: {posts}");
    assert_eq!(fake.control().count_writes("POST", MESSAGES), 1);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn create_ticket_records_a_customer_request_or_sends_an_agent_message() -> anyhow::Result<()> {
    let (fake, host) = agent().await?;
    let r = host
        .structured(
            "create_ticket",
            json!({ "customer": "new.shopper@example.net", "subject": "Phone call: lost parcel", "message": "Called to say parcel NW-10999 never arrived.",
                    "channel": "phone", "tags": ["lost-package"], "assignee": "Sarah Chen", "priority": "high" }),
        )
        .await?;
    assert!(r["action"].as_str().unwrap_or_default().contains("nothing was sent"), "{r}");
    let id = r["ticket"]["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(r["ticket"]["assignee"], fixtures::SARAH_AGENT_NAME);
    assert_eq!(fake.control().count_writes("POST", "/api/tickets"), 1);
    let found = host.structured("search_tickets", json!({ "query": "new.shopper@example.net" })).await?;
    assert!(found["tickets"].to_string().contains(&id), "{found}");

    let sent = host
        .structured("create_ticket", json!({ "customer": fixtures::ALICE_EMAIL, "subject": "Your exchange", "message": "Your exchange has shipped.", "from": "agent" }))
        .await?;
    assert!(sent["action"].as_str().unwrap_or_default().contains("sent the first message"), "{sent}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn update_ticket_shows_each_change_before_and_after() -> anyhow::Result<()> {
    let (fake, host) = agent().await?;
    let r = host
        .structured(
            "update_ticket",
            json!({ "id": 4521, "status": "closed", "priority": "high", "assignee": "Sarah Chen", "add_tags": ["vip"],
                    "fields": { "Contact reason": "refund" } }),
        )
        .await?;
    let changes: Vec<(String, String, String)> = r["changes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            (
                c["field"].as_str().unwrap_or("").into(),
                c["before"].as_str().unwrap_or("").into(),
                c["after"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    assert!(changes.contains(&("status".into(), "open".into(), "closed".into())), "{changes:?}");
    assert!(changes.contains(&("priority".into(), "normal".into(), "high".into())), "{changes:?}");
    assert!(changes.iter().any(|(f, _, a)| f == "tags" && a.contains("vip")), "{changes:?}");
    let now = host.structured("get_ticket", json!({ "id": 4521 })).await?;
    assert_eq!(now["ticket"]["status"], "closed");
    assert!(now["ticket"]["tags"].to_string().contains("vip"));

    let e =
        host.error("update_ticket", json!({ "id": 4521, "fields": { "Contact reason": "Pizza" } })).await?;
    assert!(e.contains("fields.Contact reason") && e.contains("Refund"), "{e}");
    let e = host.error("update_ticket", json!({ "id": 4521 })).await?;
    assert!(e.contains("nothing to change"), "{e}");
    assert_eq!(
        fake.control().count_writes("PUT", "/api/tickets/4521"),
        2,
        "ticket fields once, custom fields once"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_partly_failed_update_is_an_error_that_says_what_was_applied() -> anyhow::Result<()> {
    let (fake, host) = agent().await?;
    fake.control().inject(
        Fault::new("/api/tickets/4521/tags", FaultKind::Status { code: 400, body: None, retry_after: None })
            .with_method("POST"),
    );
    let r =
        host.call("update_ticket", json!({ "id": 4521, "status": "closed", "add_tags": ["vip"] })).await?;
    assert_eq!(r.is_error, Some(true));
    let text = helpdesk_tests::harness::text_of(&r);
    assert!(
        text.contains("only in part")
            && text.contains("Failed: added tags")
            && text.contains("status: open → closed"),
        "{text}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn readonly_sessions_cannot_write() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let host = HostBuilder::gorgias(&fake).stdio().await?;
    let names: Vec<String> =
        host.client.list_all_tools().await?.into_iter().map(|t| t.name.to_string()).collect();
    assert!(
        !names.iter().any(|n| n == "reply_to_ticket" || n == "update_ticket" || n == "create_ticket"),
        "{names:?}"
    );
    let e = host.error("reply_to_ticket", json!({ "id": 4521, "message": "hi" })).await?;
    assert!(e.contains("Unknown tool: reply_to_ticket"), "{e}");
    assert!(fake.control().writes().is_empty());
    Ok(())
}
