//! Tickiti end to end: every unified tool through the real host binary over stdio against
//! the fake Tickiti (bearer tokens with abilities, role and plan; idempotency keys), plus
//! ability errors, the duplicate-write case, faults, `check` and secrets.

use helpdesk_fakes::tickiti::{FakeTickiti, Fault, FaultKind, TickitiOptions, fixtures as t};
use helpdesk_tests::harness::{Host, HostBuilder};
use serde_json::{Value, json};

pub(crate) async fn start(token: &str, level: &str) -> anyhow::Result<(FakeTickiti, Host)> {
    let fake = FakeTickiti::start(TickitiOptions::default()).await?;
    let host = HostBuilder::tickiti(&fake, token).env("HELPDESK_ACCESS_LEVEL", level).stdio().await?;
    Ok((fake, host))
}

fn ids(r: &Value) -> Vec<String> {
    r["tickets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x["id"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn tickiti_get_ticket_reads_every_response_oldest_first() -> anyhow::Result<()> {
    let (fake, host) = start(t::READ_TOKEN, "readonly").await?;
    let r = host.structured("get_ticket", json!({ "id": t::RETURN_TICKET })).await?;
    assert_eq!(r["ticket"]["subject"], t::RETURN_SUBJECT);
    assert_eq!(r["ticket"]["team"], t::RETURNS_QUEUE);
    assert_eq!(r["ticket"]["assignee"], t::TOMAS_NAME);
    let messages = r["messages"].as_array().cloned().unwrap_or_default();
    assert_eq!(messages.len(), t::RETURN_RESPONSES, "{r}");
    let roles: Vec<&str> = messages.iter().filter_map(|m| m["role"].as_str()).collect();
    assert_eq!(roles, ["customer", "internal_note", "agent", "customer"]);
    assert_eq!(messages[1]["author"]["name"], "Maya Lindqvist", "internal notes name their author");
    assert_eq!(messages[1]["text"], t::RETURN_NOTE);
    assert!(!messages[0]["text"].as_str().unwrap_or("<").contains('<'), "HTML became text");
    assert!(!messages[2]["text"].as_str().unwrap_or("").contains("On Monday"), "quotes stripped");
    let times: Vec<&str> = messages.iter().filter_map(|m| m["created_at"].as_str()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
    assert_eq!(r["conversation"], "4 responses (1 internal)", "{r}");
    let text = host.text("get_ticket", json!({ "id": format!("#{}", t::RETURN_TICKET) })).await?;
    assert!(text.contains(&format!("Queue: {}", t::RETURNS_QUEUE)), "labels in Tickiti's words:\n{text}");
    assert!(text.contains("VIP customers"), "watchlists shown:\n{text}");
    let e = host.error("get_ticket", json!({ "id": 999_999 })).await?;
    assert!(e.contains("999999") && e.contains("not found"), "{e}");
    let e = host.error("get_ticket", json!({ "id": "12" })).await?;
    assert!(e.contains("6 digits"), "{e}");
    assert!(fake.control().requests().iter().all(|r| r.method == "POST" && r.authorized));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn tickiti_search_finds_numbers_emails_orders_names_and_words() -> anyhow::Result<()> {
    let (_fake, host) = start(t::READ_TOKEN, "readonly").await?;
    let r = host.structured("search_tickets", json!({ "query": t::RETURN_TICKET.to_string() })).await?;
    assert!(r["strategy"].as_str().unwrap_or("").contains("ticket number"), "{r}");
    assert_eq!(ids(&r), [t::RETURN_TICKET.to_string()]);
    let r = host.structured("search_tickets", json!({ "query": t::PRIYA_EMAIL })).await?;
    assert!(r["strategy"].as_str().unwrap_or("").contains("customer email"), "{r}");
    let found = ids(&r);
    assert!(
        found.contains(&t::RETURN_TICKET.to_string()) && found.contains(&t::REFUND_TICKET.to_string()),
        "{r}"
    );
    let r = host.structured("search_tickets", json!({ "query": t::ORDER_NUMBER })).await?;
    assert!(r["strategy"].as_str().unwrap_or("").contains("order number"), "{r}");
    assert!(ids(&r).contains(&t::RETURN_TICKET.to_string()), "order numbers are found in responses: {r}");
    let r = host.structured("search_tickets", json!({ "query": t::DANIEL_NAME })).await?;
    assert!(r["strategy"].as_str().unwrap_or("").contains("customer name"), "{r}");
    assert_eq!(ids(&r), [t::BOOTS_TICKET.to_string()]);
    let r = host.structured("search_tickets", json!({ "query": "re-sent the label" })).await?;
    assert!(ids(&r).contains(&t::RETURN_TICKET.to_string()), "{r}");
    let r = host.structured("search_tickets", json!({ "query": "Zed Nobody" })).await?;
    assert!(r["notes"].to_string().contains("searched for the words"), "{r}");
    let e = host.error("search_tickets", json!({ "query": "x", "tag": "vip" })).await?;
    assert!(e.contains("no tags") && e.contains("watchlist"), "{e}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn tickiti_reply_whose_answer_is_lost_is_replayed_not_duplicated() -> anyhow::Result<()> {
    let (fake, host) = start(t::AGENT_TOKEN, "send").await?;
    let before = fake.response_count(t::RETURN_TICKET);
    // The fake posts the reply, then answers 500 to it and to the transport's own retries.
    fake.control().inject(
        Fault::new("/api/v1/tickets/respond", FaultKind::StatusAfterApply { code: 500 })
            .exact()
            .with_times(3),
    );
    let args = json!({ "id": t::RETURN_TICKET, "message": "Your new label is on its way.", "agent": t::TOMAS_EMAIL });
    let e = host.error("reply_to_ticket", args.clone()).await?;
    assert!(e.contains("may or may not have been applied") && e.contains("same idempotency key"), "{e}");
    assert_eq!(fake.response_count(t::RETURN_TICKET), before + 1, "the write happened once");
    // The model retries with the same arguments: the same key, so Tickiti replays.
    let r = host.structured("reply_to_ticket", args.clone()).await?;
    assert_eq!(r["message"]["role"], "agent", "{r}");
    let said = format!("{} {}", r["action"], r["notes"]);
    assert!(said.contains("replayed") || said.contains("not sent again"), "{r}");
    assert_eq!(fake.response_count(t::RETURN_TICKET), before + 1, "exactly one reply exists");
    assert_eq!(fake.control().count_writes("POST", "/api/v1/tickets/respond"), 1);
    let keys: Vec<String> = fake
        .control()
        .requests()
        .iter()
        .filter(|r| r.path == "/api/v1/tickets/respond")
        .filter_map(|r| r.body.clone())
        .filter(|b| b != "{}")
        .collect();
    assert_eq!(keys.len(), 4, "three tries, then the model's retry (the start-up probe aside): {keys:?}");
    // A different reply is a new write with a new key.
    let r = host
        .structured(
            "reply_to_ticket",
            json!({ "id": t::RETURN_TICKET, "message": "One more thing.", "agent": t::TOMAS_EMAIL }),
        )
        .await?;
    assert!(r["action"].as_str().unwrap_or("").starts_with("Sent a reply"), "{r}");
    assert_eq!(fake.response_count(t::RETURN_TICKET), before + 2);
    Ok(())
}
