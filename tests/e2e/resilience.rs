//! Right answers under real conditions, on each provider: a garbled answer is
//! read again past the host's cache and never served from it afterwards; a
//! hung or slow request costs one try, not the whole call, and the result
//! says when a retry was needed.

use std::time::Duration;

use helpdesk_fakes::gorgias::{
    FakeGorgias, Fault, FaultKind, GorgiasOptions, RecordedRequest, fixtures as g,
};
use helpdesk_fakes::kayako::{FakeKayako, KayakoOptions, fixtures as k};
use helpdesk_tests::harness::HostBuilder;
use serde_json::json;

const READ_AGAIN: &str = "sent an answer that could not be read";

/// Requests for exactly `path` (not paths below it).
fn exactly(requests: &[RecordedRequest], path: &str) -> usize {
    requests.iter().filter(|r| r.method == "GET" && r.path == path).count()
}

#[tokio::test(flavor = "multi_thread")]
async fn gorgias_a_garbled_reference_list_is_read_again_and_never_cached() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let host = HostBuilder::gorgias(&fake).stdio().await?;
    let users = || exactly(&fake.control().requests(), "/api/users");
    // One bad body: the host cached it, the component re-asks past the cache.
    fake.control().inject(Fault::new("/api/users", FaultKind::InvalidJson).exact());
    let text = host.text("list_reference", json!({ "kind": "agents" })).await?;
    assert!(text.contains(g::SARAH_AGENT_NAME) && text.contains(READ_AGAIN), "{text}");
    assert_eq!(users(), 2, "the bad answer and the re-ask");
    // The bad copy is gone: the next call fetches (and caches) a good one...
    let text = host.text("list_reference", json!({ "kind": "agents" })).await?;
    assert!(text.contains(g::SARAH_AGENT_NAME) && !text.contains("Retried"), "{text}");
    assert_eq!(users(), 3);
    // ...which the one after is answered from.
    host.text("list_reference", json!({ "kind": "agents" })).await?;
    assert_eq!(users(), 3, "a good answer is cached as before");

    // Two bad bodies in a row (the re-ask too): this call fails, the next recovers.
    let fresh = HostBuilder::gorgias(&fake).stdio().await?;
    fake.control().inject(Fault::new("/api/users", FaultKind::InvalidJson).exact().with_times(2));
    let e = fresh.error("list_reference", json!({ "kind": "agents" })).await?;
    assert!(e.contains("could not be read"), "{e}");
    let text = fresh.text("list_reference", json!({ "kind": "agents" })).await?;
    assert!(text.contains(g::SARAH_AGENT_NAME), "recovered on the next call: {text}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn kayako_a_garbled_reference_list_is_read_again_and_never_cached() -> anyhow::Result<()> {
    let fake = FakeKayako::start(KayakoOptions::default()).await?;
    let host = HostBuilder::kayako(&fake).stdio().await?;
    let departments = || fake.control().count("GET", "/Base/Department");
    fake.control().inject(Fault::new("/Base/Department", FaultKind::InvalidXml).exact());
    let text = host.text("list_reference", json!({ "kind": "teams" })).await?;
    assert!(text.contains(k::TECH_DEPARTMENT_NAME) && text.contains(READ_AGAIN), "{text}");
    assert_eq!(departments(), 2, "the bad answer and the re-ask");
    let text = host.text("list_reference", json!({ "kind": "teams" })).await?;
    assert!(text.contains(k::TECH_DEPARTMENT_NAME) && !text.contains("Retried"), "{text}");
    let after_refetch = departments();
    host.text("list_reference", json!({ "kind": "teams" })).await?;
    assert_eq!(departments(), after_refetch, "a good answer is cached as before");

    // The whole fault run of the report: the first call fails, the next one works.
    let fresh = HostBuilder::kayako(&fake).stdio().await?;
    fake.control().inject(Fault::new("/Base/Department", FaultKind::InvalidXml).exact().with_times(2));
    let e = fresh.error("list_reference", json!({ "kind": "teams" })).await?;
    assert!(e.contains("could not be read"), "{e}");
    let text = fresh.text("list_reference", json!({ "kind": "teams" })).await?;
    assert!(text.contains(k::TECH_DEPARTMENT_NAME), "recovered on the next call: {text}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn gorgias_a_hung_request_costs_one_try_and_the_result_says_so() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let host = HostBuilder::gorgias(&fake).env("HELPDESK_ATTEMPT_TIMEOUT_SECS", "1").stdio().await?;
    let path = format!("/api/tickets/{}", g::REFUND_TICKET_ID);
    fake.control().inject(Fault::new(&path, FaultKind::Hang).with_method("GET").exact());
    let text = host.text("get_ticket", json!({ "id": g::REFUND_TICKET_ID })).await?;
    assert!(text.contains(g::REFUND_TICKET_SUBJECT), "{text}");
    assert!(text.contains("Retried: once the helpdesk did not answer within 1 s"), "{text}");
    assert_eq!(exactly(&fake.control().requests(), &path), 2);

    // Slow on every try: the call gives up after its tries, not at the 30 s budget.
    fake.control().set_latency(Duration::from_millis(2_500));
    fake.control().reset_requests();
    let e = host.error("get_ticket", json!({ "id": g::REFUND_TICKET_ID })).await?;
    assert!(e.contains("did not answer in time"), "{e}");
    assert_eq!(exactly(&fake.control().requests(), &path), 3, "three tries, each abandoned at its deadline");
    fake.control().set_latency(Duration::ZERO);
    let text = host.text("get_ticket", json!({ "id": g::REFUND_TICKET_ID })).await?;
    assert!(!text.contains("Retried"), "{text}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn kayako_a_hung_request_costs_one_try_and_the_result_says_so() -> anyhow::Result<()> {
    let fake = FakeKayako::start(KayakoOptions::default()).await?;
    let host = HostBuilder::kayako(&fake).env("HELPDESK_ATTEMPT_TIMEOUT_SECS", "1").stdio().await?;
    let path = format!("/Tickets/Ticket/{}", k::LOGIN_TICKET_ID);
    fake.control().inject(Fault::new(&path, FaultKind::Hang).with_method("GET").exact());
    let text = host.text("get_ticket", json!({ "id": k::LOGIN_TICKET_ID })).await?;
    assert!(text.contains(k::LOGIN_TICKET_SUBJECT), "{text}");
    assert!(text.contains("Retried: once the helpdesk did not answer within 1 s"), "{text}");
    assert_eq!(exactly(&fake.control().requests(), &path), 2);

    fake.control().set_latency(Duration::from_millis(2_500));
    fake.control().reset_requests();
    let e = host.error("get_ticket", json!({ "id": k::LOGIN_TICKET_ID })).await?;
    assert!(e.contains("did not answer in time"), "{e}");
    assert_eq!(exactly(&fake.control().requests(), &path), 3, "three tries, each abandoned at its deadline");
    fake.control().set_latency(Duration::ZERO);
    host.text("get_ticket", json!({ "id": k::LOGIN_TICKET_ID })).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn writes_are_never_resent_after_a_try_deadline() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let host = HostBuilder::gorgias(&fake)
        .env("HELPDESK_ACCESS_LEVEL", "agent")
        .env("HELPDESK_ATTEMPT_TIMEOUT_SECS", "1")
        .env("HELPDESK_TIMEOUT_SECS", "4")
        .stdio()
        .await?;
    let path = format!("/api/tickets/{}/messages", g::BOB_TICKET_ID);
    fake.control().inject(Fault::new(&path, FaultKind::HangAfterApply).with_method("POST"));
    let e = host
        .error("reply_to_ticket", json!({ "id": g::BOB_TICKET_ID, "message": "Note", "internal": true }))
        .await?;
    assert!(e.contains("may or may not have been applied"), "{e}");
    assert_eq!(fake.control().count_writes("POST", &path), 1, "sent once, however long it hung");
    Ok(())
}
