//! Models write ids as numbers: every id-like argument takes an integer as
//! well as a string, on every provider, and the input schemas say so.

use helpdesk_fakes::gorgias::{FakeGorgias, GorgiasOptions, fixtures as g};
use helpdesk_fakes::kayako::{FakeKayako, KayakoOptions, fixtures as k};
use helpdesk_tests::harness::HostBuilder;
use serde_json::{Value, json};

/// (tool, argument) pairs that name something by id or name.
const ID_ARGUMENTS: &[(&str, &str)] = &[
    ("search_tickets", "query"),
    ("search_tickets", "assignee"),
    ("search_tickets", "team"),
    ("search_tickets", "tag"),
    ("list_tickets", "view"),
    ("list_tickets", "customer"),
    ("list_tickets", "assignee"),
    ("list_tickets", "team"),
    ("list_tickets", "tag"),
    ("helpdesk_stats", "agent"),
    ("helpdesk_stats", "tag"),
    ("search_customers", "query"),
    ("get_customer", "customer"),
    ("get_ticket", "id"),
    ("create_ticket", "customer"),
    ("create_ticket", "assignee"),
    ("create_ticket", "team"),
    ("create_ticket", "agent"),
    ("reply_to_ticket", "id"),
    ("reply_to_ticket", "agent"),
    ("update_ticket", "id"),
    ("update_ticket", "assignee"),
    ("update_ticket", "team"),
];

#[tokio::test(flavor = "multi_thread")]
async fn input_schemas_say_ids_may_be_integers() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let host = HostBuilder::gorgias(&fake).env("HELPDESK_ACCESS_LEVEL", "admin").stdio().await?;
    let tools = host.client.list_all_tools().await?;
    for (tool, arg) in ID_ARGUMENTS {
        let schema = tools
            .iter()
            .find(|t| t.name == *tool)
            .and_then(|t| t.input_schema.get("properties")?.get(*arg).cloned())
            .unwrap_or(Value::Null);
        let types = schema["type"].as_array().cloned().unwrap_or_default();
        assert!(
            types.contains(&json!("integer")) && types.contains(&json!("string")),
            "{tool}.{arg}: {schema}"
        );
    }
    let tags = tools
        .iter()
        .find(|t| t.name == "update_ticket")
        .map(|t| t.input_schema["properties"]["add_tags"].clone());
    assert_eq!(tags.map(|t| t["items"]["type"].clone()), Some(json!(["string", "integer"])));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn gorgias_ids_given_as_numbers_are_used() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let host = HostBuilder::gorgias(&fake).env("HELPDESK_ACCESS_LEVEL", "agent").stdio().await?;
    // The evaluation's case: a view id as a number.
    let by_number = host.structured("list_tickets", json!({ "view": g::OPEN_VIEW_ID })).await?;
    let by_text = host.structured("list_tickets", json!({ "view": g::OPEN_VIEW_ID.to_string() })).await?;
    assert_eq!(by_number["tickets"], by_text["tickets"]);
    let r = host.structured("list_tickets", json!({ "customer": g::ALICE_CUSTOMER_ID })).await?;
    assert_eq!(r["tickets"].as_array().map(Vec::len), Some(g::ALICE_TICKET_COUNT), "{r}");
    let r = host.structured("get_customer", json!({ "customer": g::ALICE_CUSTOMER_ID })).await?;
    assert!(r.to_string().contains(g::ALICE_EMAIL), "{r}");
    let r = host.structured("search_tickets", json!({ "query": g::REFUND_TICKET_ID })).await?;
    assert_eq!(r["tickets"][0]["subject"], g::REFUND_TICKET_SUBJECT, "{r}");
    let r = host.structured("search_tickets", json!({ "assignee": g::SARAH_AGENT_ID, "limit": 5 })).await?;
    assert!(r["tickets"].as_array().is_some_and(|t| !t.is_empty()), "{r}");
    host.structured("helpdesk_stats", json!({ "agent": g::SARAH_AGENT_ID })).await?;
    let text = host
        .text(
            "update_ticket",
            json!({ "id": g::BOB_TICKET_ID, "assignee": g::SARAH_AGENT_ID, "team": g::RETURNS_TEAM_ID }),
        )
        .await?;
    assert!(text.contains(g::SARAH_AGENT_NAME), "{text}");
    let write = fake.control().writes().into_iter().last().and_then(|w| w.body).unwrap_or_default();
    assert!(write.contains(&g::SARAH_AGENT_ID.to_string()), "{write}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn kayako_ids_given_as_numbers_are_used() -> anyhow::Result<()> {
    let fake = FakeKayako::start(KayakoOptions::default()).await?;
    let host = HostBuilder::kayako(&fake).env("HELPDESK_ACCESS_LEVEL", "agent").stdio().await?;
    let r = host.structured("list_tickets", json!({ "team": k::BILLING_DEPARTMENT_ID, "limit": 3 })).await?;
    let tickets = r["tickets"].as_array().cloned().unwrap_or_default();
    assert!(!tickets.is_empty() && tickets.iter().all(|t| t["team"] == "Billing"), "{r}");
    let r = host.structured("list_tickets", json!({ "assignee": k::STAFF_ID, "limit": 3 })).await?;
    assert!(r["tickets"].as_array().is_some_and(|t| !t.is_empty()), "{r}");
    let r = host.structured("search_tickets", json!({ "query": k::INVOICE_TICKET_ID })).await?;
    assert_eq!(r["tickets"][0]["subject"], k::INVOICE_TICKET_SUBJECT, "{r}");
    let text = host
        .text("update_ticket", json!({ "id": k::INVOICE_TICKET_ID, "team": k::TECH_DEPARTMENT_ID }))
        .await?;
    assert!(text.contains(k::TECH_DEPARTMENT_NAME), "{text}");
    Ok(())
}
