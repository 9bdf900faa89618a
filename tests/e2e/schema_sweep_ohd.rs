//! The schema sweep (see `schema_sweep`) over Open Help Desk: every tool and
//! argument choice, each structured result checked against its outputSchema.

use helpdesk_fakes::ohd::{FakeOhd, OhdOptions, fixtures as o};
use helpdesk_tests::harness::HostBuilder;
use serde_json::json;

use super::schema_sweep::{Desk, judge, sweep, tool_names};

fn ohd_desk() -> Desk {
    Desk {
        name: "open_help_desk",
        base: vec![
            ("get_ticket", json!({ "id": o::TICKET_293 })),
            ("search_customers", json!({ "query": "jonas" })),
            ("get_customer", json!({ "customer": "jonas" })),
            ("list_reference", json!({ "kind": "categories" })),
            (
                "create_ticket",
                json!({ "customer": "me", "subject": "Sweep", "message": "Hello", "category": o::EQUIPMENT }),
            ),
            ("reply_to_ticket", json!({ "id": o::TICKET_293, "message": "Sweep note", "internal": true })),
            ("update_ticket", json!({ "id": o::TICKET_293, "status": o::STATUS_IN_PROGRESS })),
            ("call_api", json!({ "operation": "list_statuses" })),
        ],
        extra: vec![
            ("search_tickets", json!({ "query": o::TICKET_293 })),
            ("search_tickets", json!({ "query": "laptop", "status": "open", "limit": 2 })),
            ("search_tickets", json!({ "query": "zzqx no such words" })),
            ("list_tickets", json!({ "category": "Equipment / Laptop", "priority": "high" })),
            ("list_tickets", json!({ "assignee": o::AMELIE_NAME, "created_after": "30d" })),
            ("list_tickets", json!({ "team": o::HARDWARE_GROUP, "status": "closed", "limit": 2 })),
            ("get_ticket", json!({ "id": o::TICKET_293, "max_messages": 1 })),
            ("helpdesk_stats", json!({ "start": "2020-01-01", "end": "today", "compare": false })),
            ("helpdesk_stats", json!({ "agent": o::TOM_NAME, "status": "open", "limit": 1 })),
            ("list_reference", json!({ "kind": "statuses" })),
            ("list_reference", json!({ "kind": "agents" })),
            ("list_reference", json!({ "kind": "teams" })),
            (
                "create_ticket",
                json!({ "customer": "guest@example.net", "subject": "Sweep 2", "message": "Hi", "category": "Equipment / Laptop / Battery", "priority": "low" }),
            ),
            ("reply_to_ticket", json!({ "id": o::TICKET_293, "message": "Public sweep", "internal": false })),
            (
                "update_ticket",
                json!({ "id": o::TICKET_293, "assignee": o::AMELIE_NAME, "team": o::HARDWARE_GROUP, "fields": { "category": "Equipment / Laptop / Screen" } }),
            ),
            ("update_ticket", json!({ "id": o::TICKET_293, "assignee": "none", "status": o::STATUS_NEW })),
        ],
        // Open Help Desk's API has no customer records.
        unsupported: &["search_customers", "get_customer"],
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_open_help_desk_result_matches_its_output_schema() -> anyhow::Result<()> {
    let fake = FakeOhd::start(OhdOptions::default()).await?;
    let host = HostBuilder::ohd(&fake, o::ADMIN_KEY)
        .env("HELPDESK_ACCESS_LEVEL", "admin")
        .env("HELPDESK_CONFIRM_WRITES", "0")
        .stdio()
        .await?;
    let desk = ohd_desk();
    let tally = sweep(&host, &desk).await?;
    judge(&desk, &tally, &tool_names(&host).await?);
    assert_eq!(fake.control().ignored_fields(), vec![], "the sweep sent no field the API ignores");
    Ok(())
}
