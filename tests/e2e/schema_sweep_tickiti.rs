//! The schema sweep (see `schema_sweep`) against the fake Tickiti: every tool offered at
//! admin level, every enum and boolean value, plus Tickiti's own cases, each result
//! validated against its tool's output schema.

use helpdesk_fakes::tickiti::{FakeTickiti, TickitiOptions, fixtures as t};
use helpdesk_tests::harness::HostBuilder;
use serde_json::json;

use super::schema_sweep::{Desk, judge, sweep, tool_names};

fn tickiti_desk() -> Desk {
    Desk {
        name: "tickiti",
        base: vec![
            ("get_ticket", json!({ "id": t::RETURN_TICKET })),
            ("search_customers", json!({ "query": t::PRIYA_EMAIL })),
            ("get_customer", json!({ "customer": t::PRIYA_EMAIL })),
            ("list_reference", json!({ "kind": "agents" })),
            (
                "create_ticket",
                json!({ "customer": "sweep@example.test", "subject": "Sweep", "message": "Hello", "team": "Support" }),
            ),
            (
                "reply_to_ticket",
                json!({ "id": t::BOOTS_TICKET, "message": "Sweep note", "internal": true, "agent": t::MAYA_EMAIL }),
            ),
            ("update_ticket", json!({ "id": t::BOOTS_TICKET, "team": "Support" })),
            ("call_api", json!({ "operation": "workflow_queues_index" })),
        ],
        extra: vec![
            ("search_tickets", json!({ "query": t::RETURN_TICKET.to_string() })),
            ("search_tickets", json!({ "query": t::PRIYA_EMAIL })),
            ("search_tickets", json!({ "query": t::ORDER_NUMBER })),
            ("search_tickets", json!({ "query": t::DANIEL_NAME })),
            ("search_tickets", json!({ "query": "label", "status": "open", "team": "Returns", "limit": 3 })),
            ("search_tickets", json!({ "query": "zzqx no such words" })),
            ("search_tickets", json!({ "query": t::RETURNS_PERSPECTIVE, "search_type": "view" })),
            ("list_tickets", json!({ "view": t::RETURNS_PERSPECTIVE, "limit": 2 })),
            ("list_tickets", json!({ "view": t::VIP_WATCHLIST })),
            (
                "list_tickets",
                json!({ "team": "Billing", "status": "closed", "order_by": "created", "order": "asc" }),
            ),
            ("list_tickets", json!({ "customer": t::PRIYA_EMAIL })),
            ("list_tickets", json!({ "assignee": t::TOMAS_NAME, "created_after": "30d" })),
            ("helpdesk_stats", json!({ "start": "2020-01-01", "end": "today", "compare": false })),
            ("helpdesk_stats", json!({ "metric": "messages_sent", "group_by": "agent", "agent": "Maya" })),
            ("helpdesk_stats", json!({ "metric": "tickets_closed" })),
            ("list_reference", json!({ "kind": "canned_responses", "search": "label" })),
            ("list_api_endpoints", json!({ "query": "respond" })),
            (
                "call_api",
                json!({ "operation": "tickets_show", "params": { "ticket_number": t::RETURN_TICKET.to_string() } }),
            ),
            (
                "reply_to_ticket",
                json!({ "id": t::BOOTS_TICKET, "message": "Public", "agent": "Jonah", "on_hold_until": "2030-01-01" }),
            ),
            (
                "create_ticket",
                json!({ "customer": "tpl@example.test", "subject": "", "message": "", "template": t::DAMAGED_TEMPLATE }),
            ),
            (
                "update_ticket",
                json!({ "id": t::BOOTS_TICKET, "status": "closed", "fields": { "resolution_category": "Answered" }, "assignee": t::TOMAS_EMAIL }),
            ),
            (
                "update_ticket",
                json!({ "id": t::BOOTS_TICKET, "snooze_until": "2030-02-01", "subject": "Renamed", "assignee": "none" }),
            ),
        ],
        // Tickiti keeps originators on tickets, not customer records.
        unsupported: &["search_customers", "get_customer"],
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_tickiti_result_matches_its_output_schema() -> anyhow::Result<()> {
    let fake = FakeTickiti::start(TickitiOptions::default()).await?;
    let host = HostBuilder::tickiti(&fake, t::FULL_TOKEN)
        .env("HELPDESK_ACCESS_LEVEL", "admin")
        .env("HELPDESK_CONFIRM_WRITES", "0")
        .stdio()
        .await?;
    let desk = tickiti_desk();
    let tally = sweep(&host, &desk).await?;
    judge(&desk, &tally, &tool_names(&host).await?);
    Ok(())
}
