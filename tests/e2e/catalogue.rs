//! The whole REST surface at the admin tier: `list_api_endpoints`,
//! `call_api` validated against the catalogue, and the opt-in raw toolset.

use helpdesk_fakes::gorgias::{FakeGorgias, GorgiasOptions};
use helpdesk_tests::harness::{Host, HostBuilder};
use serde_json::json;

async fn admin(toolsets: Option<&str>) -> anyhow::Result<(FakeGorgias, Host)> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let mut builder = HostBuilder::gorgias(&fake).env("HELPDESK_ACCESS_LEVEL", "admin");
    if let Some(t) = toolsets {
        builder = builder.env("HELPDESK_TOOLSETS", t);
    }
    Ok((fake, builder.stdio().await?))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_catalogue_lists_every_operation_with_tiers_and_parameters() -> anyhow::Result<()> {
    let (_fake, host) = admin(None).await?;
    let all = host.structured("list_api_endpoints", json!({})).await?;
    assert!(all["total"].as_u64().unwrap_or(0) >= 105, "{}", all["total"]);
    let tags = host.structured("list_api_endpoints", json!({ "category": "tags" })).await?;
    let ops: Vec<&str> =
        tags["endpoints"].as_array().into_iter().flatten().filter_map(|e| e["operation"].as_str()).collect();
    assert!(ops.contains(&"list_tags") && ops.contains(&"merge_tags"), "{ops:?}");
    let text = host.text("list_api_endpoints", json!({ "query": "merge customers" })).await?;
    assert!(text.contains("merge_customers") && text.contains("[admin]"), "{text}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn call_api_runs_catalogue_operations_by_id_or_path() -> anyhow::Result<()> {
    let (fake, host) = admin(None).await?;
    let r =
        host.structured("call_api", json!({ "operation": "list_tags", "params": { "limit": 5 } })).await?;
    assert_eq!(r["status"], 200);
    assert_eq!(r["data"]["data"].as_array().map(Vec::len), Some(5));
    let r = host.structured("call_api", json!({ "method": "GET", "path": "/tickets/4521" })).await?;
    assert_eq!(r["data"]["subject"], "Refund not received");
    let r = host
        .structured("call_api", json!({ "operation": "create_tag", "params": { "name": "escalated-e2e" } }))
        .await?;
    assert_eq!(r["status"], 201);
    assert_eq!(fake.control().count_writes("POST", "/api/tags"), 1);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn call_api_refuses_what_the_catalogue_does_not_allow() -> anyhow::Result<()> {
    let (fake, host) = admin(None).await?;
    for (args, field) in [
        (json!({ "operation": "drop_database" }), "`operation`"),
        (json!({ "method": "GET", "path": "https://evil.test/api/tickets" }), "`path`"),
        (json!({ "method": "GET", "path": "/tickets/../users" }), "`path`"),
        (json!({ "method": "GET", "path": "/tickets?limit=1000" }), "`path`"),
        (json!({ "method": "GET", "path": "/tickets/%2e%2e/users" }), "`path`"),
        (json!({ "method": "PATCH", "path": "/tickets/4521" }), "`path`"),
        (json!({ "operation": "list_tags", "params": { "limit": 5, "secret": 1 } }), "`params.secret`"),
        (
            json!({ "operation": "get_ticket", "params": { "ticket_id": "4521/../../users" } }),
            "`params.ticket_id`",
        ),
    ] {
        let e = host.error("call_api", args.clone()).await?;
        assert!(e.contains(field), "{args}: {e}");
    }
    assert_eq!(fake.control().request_count(), 0, "nothing reached the helpdesk");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_raw_toolset_exposes_each_operation_at_its_own_tier() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let agent = HostBuilder::gorgias(&fake)
        .env("HELPDESK_ACCESS_LEVEL", "agent")
        .env("HELPDESK_TOOLSETS", "raw")
        .stdio()
        .await?;
    let names: Vec<String> =
        agent.client.list_all_tools().await?.into_iter().map(|t| t.name.to_string()).collect();
    assert!(
        names.contains(&"gorgias_list_tags".to_owned())
            && names.contains(&"gorgias_add_ticket_tags".to_owned()),
        "{names:?}"
    );
    assert!(!names.contains(&"gorgias_delete_ticket".to_owned()), "admin operations stay hidden from agents");
    assert!(names.iter().all(|n| n.starts_with("gorgias_")), "only the raw toolset: {names:?}");
    let r = agent.structured("gorgias_list_tags", json!({ "limit": 3 })).await?;
    assert_eq!(r["data"]["data"].as_array().map(Vec::len), Some(3));
    let e = agent.error("gorgias_delete_ticket", json!({ "ticket_id": 4521 })).await?;
    assert!(e.contains("Unknown tool") && !e.contains("gorgias_delete_ticket,"), "{e}");
    Ok(())
}
