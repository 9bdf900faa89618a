//! Economy: a small default tool list, reference data fetched once, and a
//! busy assistant kept inside Gorgias's leaky bucket (40 requests / 20 s).

use helpdesk_fakes::gorgias::{FakeGorgias, GorgiasOptions, RateLimit};
use helpdesk_tests::harness::HostBuilder;
use helpdesk_tests::script::questions;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn the_default_tool_list_is_small() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let host = HostBuilder::gorgias(&fake).stdio().await?;
    let tools = host.client.list_all_tools().await?;
    let bytes = serde_json::to_string(&json!({ "tools": tools }))?.len();
    assert!(bytes <= 12_000, "readonly tools/list is {bytes} bytes");
    let names: Vec<&str> = tools.iter().map(|t| t.name.as_ref()).collect();
    assert_eq!(
        names,
        [
            "search_tickets",
            "get_ticket",
            "list_tickets",
            "helpdesk_stats",
            "search_customers",
            "get_customer",
            "list_reference"
        ]
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn tiers_toolsets_and_allow_lists_shape_the_list() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let names = |builder: HostBuilder| async move {
        let host = builder.stdio().await?;
        anyhow::Ok(
            host.client.list_all_tools().await?.into_iter().map(|t| t.name.to_string()).collect::<Vec<_>>(),
        )
    };
    let agent = names(HostBuilder::gorgias(&fake).env("HELPDESK_ACCESS_LEVEL", "agent")).await?;
    assert!(agent.contains(&"reply_to_ticket".into()) && !agent.contains(&"call_api".into()), "{agent:?}");
    let admin = names(HostBuilder::gorgias(&fake).env("HELPDESK_ACCESS_LEVEL", "admin")).await?;
    assert!(
        admin.contains(&"call_api".into()) && !admin.iter().any(|n| n.starts_with("gorgias_")),
        "raw is opt-in: {admin:?}"
    );
    let stats = names(HostBuilder::gorgias(&fake).env("HELPDESK_TOOLSETS", "stats")).await?;
    assert_eq!(stats, ["helpdesk_stats"]);
    let one = names(HostBuilder::gorgias(&fake).env("HELPDESK_TOOLS", "get_ticket")).await?;
    assert_eq!(one, ["get_ticket"]);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn reference_data_is_fetched_once_per_ten_minutes() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let host = HostBuilder::gorgias(&fake).stdio().await?;
    for _ in 0..3 {
        host.text("list_tickets", json!({ "assignee": "Sarah Chen", "limit": 3 })).await?;
        host.text("list_reference", json!({ "kind": "agents" })).await?;
    }
    assert_eq!(
        fake.control().count("GET", "/api/users"),
        1,
        "the agent list came from the host's cache after the first call"
    );
    assert_eq!(fake.control().count("PUT", "/api/views/0/items"), 3, "searches are not cached");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_busy_script_stays_inside_the_rate_limit() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions {
        rate_limit: Some(RateLimit::GORGIAS),
        ..GorgiasOptions::default()
    })
    .await?;
    let host = HostBuilder::gorgias(&fake).env("HELPDESK_TIMEOUT_SECS", "60").stdio().await?;
    for q in questions() {
        let r = host.call(q.tool, q.args.clone()).await?;
        assert_ne!(r.is_error, Some(true), "{}: {}", q.asked, helpdesk_tests::harness::text_of(&r));
    }
    let log = host.stderr.text();
    let requests = log.matches("upstream request").count();
    assert!(requests > 40, "the script really exceeded one bucket: {requests} requests");
    assert!(!log.contains("status=429"), "the host paced instead of hitting 429s");
    Ok(())
}
