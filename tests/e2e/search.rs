//! `search_tickets` on realistic queries: each kind of query reaches the
//! strategy meant for it, and says which one answered.

use helpdesk_fakes::gorgias::{FakeGorgias, GorgiasOptions, ViewSearchMode, fixtures};
use helpdesk_tests::harness::{Host, HostBuilder};
use serde_json::{Value, json};

async fn start() -> anyhow::Result<(FakeGorgias, Host)> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let host = HostBuilder::gorgias(&fake).stdio().await?;
    Ok((fake, host))
}

fn ids(result: &Value) -> Vec<String> {
    result["tickets"]
        .as_array()
        .map(|t| t.iter().filter_map(|t| t["id"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

fn strategy(result: &Value) -> String {
    result["strategy"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn search_by_email_returns_the_customers_tickets() -> anyhow::Result<()> {
    let (_fake, host) = start().await?;
    let r = host.structured("search_tickets", json!({ "query": fixtures::ALICE_EMAIL })).await?;
    assert_eq!(ids(&r).len(), fixtures::ALICE_TICKET_COUNT, "{r}");
    assert!(ids(&r).contains(&fixtures::REFUND_TICKET_ID.to_string()));
    assert!(
        strategy(&r).contains("customer") && strategy(&r).contains(fixtures::ALICE_NAME),
        "{}",
        strategy(&r)
    );
    for t in r["tickets"].as_array().into_iter().flatten() {
        assert_eq!(t["customer"]["email"], fixtures::ALICE_EMAIL);
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn search_by_hash_id_returns_that_ticket() -> anyhow::Result<()> {
    let (_fake, host) = start().await?;
    let r = host.structured("search_tickets", json!({ "query": "#4521" })).await?;
    assert_eq!(ids(&r), ["4521"]);
    assert!(strategy(&r).contains("ticket number 4521"));
    let text = host.text("search_tickets", json!({ "query": "ticket 4521" })).await?;
    assert!(text.contains("#4521 Refund not received — open"), "{text}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn search_by_keyword_uses_gorgias_search_and_filters() -> anyhow::Result<()> {
    let (fake, host) = start().await?;
    let r = host
        .structured("search_tickets", json!({ "query": "refund", "status": "open", "limit": 50 }))
        .await?;
    assert!(strategy(&r).contains("keyword search for “refund”"), "{}", strategy(&r));
    assert!(!ids(&r).is_empty());
    assert!(r["tickets"].as_array().into_iter().flatten().all(|t| t["status"] == "open"));
    assert!(ids(&r).contains(&fixtures::REFUND_TICKET_ID.to_string()));
    let searches = fake
        .control()
        .requests()
        .into_iter()
        .filter(|q| q.method == "PUT" && q.path.starts_with("/api/views/0/items"))
        .count();
    assert!(searches >= 1, "the keyword search went through view search");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn search_by_customer_name_finds_their_tickets() -> anyhow::Result<()> {
    let (_fake, host) = start().await?;
    let r = host.structured("search_tickets", json!({ "query": fixtures::BOB_NAME })).await?;
    assert_eq!(ids(&r).len(), fixtures::BOB_TICKET_COUNT, "{r}");
    assert!(strategy(&r).contains(fixtures::BOB_NAME), "{}", strategy(&r));
    assert!(r["notes"].to_string().contains("customer's name"));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn search_by_order_reference_finds_the_order_ticket() -> anyhow::Result<()> {
    let (_fake, host) = start().await?;
    let r = host.structured("search_tickets", json!({ "query": fixtures::ORDER_REF })).await?;
    assert!(ids(&r).contains(&fixtures::ORDER_TICKET_ID.to_string()), "{r}");
    assert!(strategy(&r).contains("order reference"));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_number_that_is_no_ticket_is_searched_as_an_order_number() -> anyhow::Result<()> {
    let (_fake, host) = start().await?;
    let r = host.structured("search_tickets", json!({ "query": "#10234" })).await?;
    assert!(r["notes"].to_string().contains("There is no ticket #10234"), "{r}");
    assert!(ids(&r).contains(&fixtures::ORDER_TICKET_ID.to_string()), "{r}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn search_by_view_name_lists_the_view() -> anyhow::Result<()> {
    let (_fake, host) = start().await?;
    let r = host.structured("search_tickets", json!({ "query": "urgent refunds" })).await?;
    assert!(strategy(&r).contains("view “Urgent refunds”"), "{}", strategy(&r));
    for t in r["tickets"].as_array().into_iter().flatten() {
        assert_eq!(t["priority"], "high");
        assert!(t["tags"].to_string().contains("refund"));
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn view_search_answering_202_falls_back_to_a_scan_and_says_so() -> anyhow::Result<()> {
    let (fake, host) = start().await?;
    fake.control().set_view_search_mode(ViewSearchMode::Accepted);
    let r = host.structured("search_tickets", json!({ "query": "refund" })).await?;
    assert!(!ids(&r).is_empty(), "never a silent empty result: {r}");
    assert!(strategy(&r).contains("scanning recent tickets"), "{}", strategy(&r));
    assert!(r["notes"].to_string().contains("202"), "{r}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_result_says_what_was_searched() -> anyhow::Result<()> {
    let (_fake, host) = start().await?;
    let text = host.text("search_tickets", json!({ "query": "xylophone quasar" })).await?;
    assert!(text.starts_with("No tickets found (keyword search for “xylophone quasar”)"), "{text}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn search_pages_with_a_cursor_without_repeating_tickets() -> anyhow::Result<()> {
    let (_fake, host) = start().await?;
    let first = host.structured("search_tickets", json!({ "query": "order", "limit": 5 })).await?;
    let cursor = first["next_cursor"].as_str().expect("a second page").to_owned();
    let second =
        host.structured("search_tickets", json!({ "query": "order", "limit": 5, "cursor": cursor })).await?;
    let (a, b) = (ids(&first), ids(&second));
    assert_eq!(a.len(), 5);
    assert!(!b.is_empty() && b.iter().all(|id| !a.contains(id)), "{a:?} {b:?}");
    let wrong =
        host.error("search_tickets", json!({ "query": "refund", "cursor": first["next_cursor"] })).await?;
    assert!(wrong.contains("`cursor`") && wrong.contains("different query"), "{wrong}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_order_number_is_found_in_message_texts_when_view_search_answers_202() -> anyhow::Result<()> {
    let (fake, host) = start().await?;
    // NW-10187 is in the subject of #4490 but only in the body of #4521.
    let order = "NW-10187";
    let searched = host.structured("search_tickets", json!({ "query": order })).await?;
    fake.control().set_view_search_mode(ViewSearchMode::Accepted);
    fake.control().reset_requests();
    let r = host.structured("search_tickets", json!({ "query": order })).await?;
    let found = ids(&r);
    for id in [fixtures::REFUND_TICKET_ID.to_string(), "4490".to_owned()] {
        assert!(found.contains(&id), "{id} missing: {r}");
    }
    let mut expected = ids(&searched);
    expected.sort();
    let mut got = found.clone();
    got.sort();
    assert_eq!(got, expected, "the same tickets as view search finds");
    assert!(
        strategy(&r).contains("order reference") && strategy(&r).contains("message texts"),
        "{}",
        strategy(&r)
    );
    assert!(r["notes"].to_string().contains("202"), "{r}");
    assert!(fake.control().count("GET", "/api/messages") >= 1, "messages were listed");
    assert_eq!(fake.control().count("GET", "/api/tickets"), 2, "by external id, then the matches by id");
    // A filter still applies, and a number that is no ticket takes the same road.
    let open = host.structured("search_tickets", json!({ "query": order, "status": "closed" })).await?;
    assert!(open["tickets"].as_array().into_iter().flatten().all(|t| t["status"] == "closed"), "{open}");
    let r = host.structured("search_tickets", json!({ "query": "#10234" })).await?;
    assert!(ids(&r).contains(&fixtures::ORDER_TICKET_ID.to_string()), "{r}");
    Ok(())
}
