//! Economy: a small default tool list, reference data fetched once, and a
//! busy assistant kept inside Gorgias's leaky bucket (40 requests / 20 s).

use helpdesk_fakes::gorgias::{FakeGorgias, GorgiasOptions, RateLimit, fixtures};
use helpdesk_fakes::kayako::{FakeKayako, KayakoOptions};
use helpdesk_tests::harness::HostBuilder;
use helpdesk_tests::script::{costs, kayako_questions, per_tool, questions};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn the_default_tool_list_is_small() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let host = HostBuilder::gorgias(&fake).stdio().await?;
    let tools = host.client.list_all_tools().await?;
    let bytes = serde_json::to_string(&json!({ "tools": tools }))?.len();
    // 12.9 KB measured with the four providers' filters and reference kinds.
    assert!(bytes <= 13_000, "readonly tools/list is {bytes} bytes");
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
    // The fake refuses undocumented query parameters with a 400; the script sent none.
    assert!(!log.contains("status=400"), "{log}");
    Ok(())
}

/// Most upstream requests one call of each tool may cost in the 25-question
/// script on a fresh host (an empty reference cache), and the script's total.
const GORGIAS_BUDGET: &[(&str, usize)] = &[
    // Ticket and first message page; field labels once per ten minutes; 250
    // messages are three pages.
    ("get_ticket", 4),
    ("search_tickets", 4),
    ("list_tickets", 3),
    ("list_reference", 1),
    ("get_customer", 3),
    ("search_customers", 1),
    // One reporting query (two for a rate or a median with its total), plus
    // names for rows and, for customers, the ticket pages they are counted from.
    ("helpdesk_stats", 4),
];
const GORGIAS_SCRIPT_TOTAL: usize = 52;

/// Shown with `--nocapture`: what each question cost.
fn print_costs(provider: &str, spent: &[helpdesk_tests::script::Cost]) {
    for c in spent {
        println!("{provider}: {:<16} {:>2}  {}", c.tool, c.requests, c.asked);
    }
    let total: usize = spent.iter().map(|c| c.requests).sum();
    println!("{provider}: {total} requests for {} questions; per tool {:?}", spent.len(), per_tool(spent));
}

#[tokio::test(flavor = "multi_thread")]
async fn upstream_requests_per_tool_stay_within_budget() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let host = HostBuilder::gorgias(&fake).stdio().await?;
    let control = fake.control();
    let spent = costs(&host, &control, &questions()).await?;
    print_costs("Gorgias", &spent);
    for c in &spent {
        let budget = GORGIAS_BUDGET.iter().find(|(t, _)| *t == c.tool).map_or(0, |(_, b)| *b);
        assert!(
            c.requests <= budget,
            "{} ({}) cost {} requests, budget {budget}",
            c.asked,
            c.tool,
            c.requests
        );
    }
    let total: usize = spent.iter().map(|c| c.requests).sum();
    assert!(total <= GORGIAS_SCRIPT_TOTAL, "the script cost {total} requests: {:?}", per_tool(&spent));

    // With the field labels cached, a short ticket is exactly two requests,
    // and each statistics answer below is one reporting query.
    control.reset_requests();
    host.text("get_ticket", json!({ "id": fixtures::REFUND_TICKET_ID })).await?;
    assert_eq!(control.request_count(), 2, "{:?}", control.requests());
    for args in [
        json!({ "period": "last_week", "group_by": "channel" }),
        json!({ "metric": "csat", "agent": fixtures::SARAH_AGENT_NAME, "period": "last_30_days" }),
        json!({ "metric": "open_tickets", "group_by": "agent" }),
    ] {
        control.reset_requests();
        host.text("helpdesk_stats", args.clone()).await?;
        assert_eq!(control.count("POST", "/api/reporting/stats"), 1, "{args}");
    }

    // Kayako Classic: one request per read once the reference lists are cached.
    let kayako = FakeKayako::start(KayakoOptions::default()).await?;
    let host = HostBuilder::kayako(&kayako).stdio().await?;
    let spent = costs(&host, kayako.control(), &kayako_questions()).await?;
    print_costs("Kayako Classic", &spent);
    let total: usize = spent.iter().map(|c| c.requests).sum();
    let cold = spent.first().map_or(0, |c| c.requests);
    assert!(spent.iter().skip(1).all(|c| c.requests <= 2), "{:?}", per_tool(&spent));
    assert!(total <= cold + 2 * (spent.len() - 1), "{total} requests: {:?}", per_tool(&spent));
    Ok(())
}

/// Tickiti sends every read as a POST: the ones the component marks read-only and
/// cacheable (reference lists) come from the host's cache, keyed by their body too,
/// so the second `list_reference` and the perspective lookup of `list_tickets` cost
/// nothing upstream, while ticket reads (not marked cacheable) always go out.
#[tokio::test(flavor = "multi_thread")]
async fn tickiti_reference_posts_come_from_the_host_cache() -> anyhow::Result<()> {
    use helpdesk_fakes::tickiti::{FakeTickiti, TickitiOptions, fixtures as tk};
    let fake = FakeTickiti::start(TickitiOptions::default()).await?;
    let host = HostBuilder::tickiti(&fake, tk::FULL_TOKEN).stdio().await?;
    let control = fake.control();
    for _ in 0..3 {
        host.text("list_reference", json!({ "kind": "views" })).await?;
        host.text("list_tickets", json!({ "view": tk::RETURNS_PERSPECTIVE, "limit": 3 })).await?;
        host.text("get_ticket", json!({ "id": tk::RETURN_TICKET })).await?;
    }
    // Exact paths: the ability probe at start posts to `.../show` and `.../store` routes.
    let sent = |path: &str| control.requests().iter().filter(|r| r.path == path).count();
    assert_eq!(sent("/api/v1/settings/perspectives"), 1, "{:?}", control.requests());
    assert_eq!(sent("/api/v1/workflow/staff"), 1, "staff came from the cache");
    assert_eq!(sent("/api/v1/tickets/show"), 3 + 1, "ticket reads are never cached (+1: the probe)");
    Ok(())
}

/// A reply changes the ticket, not the lists the host keeps: on every provider the
/// reference data read before a reply still answers the next call, while a write the
/// component does not mark (a Gorgias tag change may create a tag) still clears it.
#[tokio::test(flavor = "multi_thread")]
async fn replies_keep_the_reference_cache_on_every_provider() -> anyhow::Result<()> {
    use helpdesk_fakes::ohd::{FakeOhd, OhdOptions, fixtures as o};
    use helpdesk_fakes::tickiti::{FakeTickiti, TickitiOptions, fixtures as tk};
    let writes = |b: HostBuilder| b.env("HELPDESK_ACCESS_LEVEL", "send").env("HELPDESK_CONFIRM_WRITES", "0");

    let gorgias = FakeGorgias::start(GorgiasOptions::default()).await?;
    let host = writes(HostBuilder::gorgias(&gorgias)).stdio().await?;
    let agents = || gorgias.control().count("GET", "/api/users");
    host.text("list_reference", json!({ "kind": "agents" })).await?;
    host.text(
        "reply_to_ticket",
        json!({ "id": fixtures::REFUND_TICKET_ID, "message": "On it.", "internal": true }),
    )
    .await?;
    host.text("list_reference", json!({ "kind": "agents" })).await?;
    assert_eq!(agents(), 1, "gorgias: the note kept the cached agents");
    host.text("update_ticket", json!({ "id": fixtures::REFUND_TICKET_ID, "add_tags": ["cache-test"] }))
        .await?;
    host.text("list_reference", json!({ "kind": "agents" })).await?;
    assert_eq!(agents(), 2, "gorgias: an unmarked write still clears the cache");

    let kayako = FakeKayako::start(KayakoOptions::default()).await?;
    let host = writes(HostBuilder::kayako(&kayako)).stdio().await?;
    let departments = || kayako.control().count("GET", "/Base/Department");
    host.text("list_reference", json!({ "kind": "teams" })).await?;
    host.text("reply_to_ticket", json!({ "id": helpdesk_fakes::kayako::fixtures::FIRST_TICKET_ID, "message": "On it.", "internal": true })).await?;
    host.text("list_reference", json!({ "kind": "teams" })).await?;
    assert_eq!(departments(), 1, "kayako: the note kept the cached departments");

    let tickiti = FakeTickiti::start(TickitiOptions::default()).await?;
    let host = writes(HostBuilder::tickiti(&tickiti, tk::FULL_TOKEN)).stdio().await?;
    host.text("get_ticket", json!({ "id": tk::RETURN_TICKET })).await?;
    let note =
        json!({ "id": tk::RETURN_TICKET, "message": "On it.", "internal": true, "agent": tk::MAYA_EMAIL });
    host.text("reply_to_ticket", note).await?;
    host.text("get_ticket", json!({ "id": tk::RETURN_TICKET })).await?;
    let staff = tickiti.control().requests().iter().filter(|r| r.path == "/api/v1/workflow/staff").count();
    assert_eq!(staff, 1, "tickiti: staff kept");

    let ohd = FakeOhd::start(OhdOptions::default()).await?;
    let host =
        writes(HostBuilder::ohd(&ohd, o::ADMIN_KEY)).env("HELPDESK_ACCESS_LEVEL", "admin").stdio().await?;
    host.text("get_ticket", json!({ "id": o::TICKET_293 })).await?;
    host.text("reply_to_ticket", json!({ "id": o::TICKET_293, "message": "On it.", "internal": true }))
        .await?;
    host.text("update_ticket", json!({ "id": o::TICKET_293, "assignee": o::AMELIE_NAME })).await?;
    host.text("get_ticket", json!({ "id": o::TICKET_293 })).await?;
    assert_eq!(ohd.control().count("GET", "/api/v1/statuses"), 1, "open help desk: statuses kept");
    Ok(())
}
