//! `helpdesk_stats`: the questions a support lead asks, answered in one call
//! each, with the previous period for comparison.

use helpdesk_fakes::gorgias::{FakeGorgias, GorgiasOptions, fixtures};
use helpdesk_tests::harness::{Host, HostBuilder};
use serde_json::{Value, json};

async fn start() -> anyhow::Result<(FakeGorgias, Host)> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let host = HostBuilder::gorgias(&fake).stdio().await?;
    Ok((fake, host))
}

fn rows(r: &Value) -> Vec<(String, f64)> {
    r["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|x| (x["key"].as_str().unwrap_or("").to_owned(), x["value"].as_f64().unwrap_or(0.0)))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn tickets_last_week_by_channel_with_the_week_before() -> anyhow::Result<()> {
    let (fake, host) = start().await?;
    let r =
        host.structured("helpdesk_stats", json!({ "period": "last_week", "group_by": "channel" })).await?;
    let total = r["total"].as_f64().expect("a total");
    let sum: f64 = rows(&r).iter().map(|(_, v)| v).sum();
    assert_eq!(total, sum, "channel rows add up to the total: {r}");
    assert!(rows(&r).iter().any(|(k, _)| k == "email"));
    assert!(r["previous_total"].is_number() && r["previous_period"].is_array());
    let summary = r["summary"].as_str().unwrap_or_default();
    assert!(summary.contains("tickets created") && summary.contains("the 7 days before"), "{summary}");
    // Totals and breakdowns, both periods: one round trip of four reports.
    assert_eq!(fake.control().count("POST", "/api/reporting/stats"), 4);
    let text = host.text("helpdesk_stats", json!({ "period": "last_week", "group_by": "channel" })).await?;
    assert!(text.contains("| channel | value | previous | change |"), "{text}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn median_first_response_per_agent_uses_names() -> anyhow::Result<()> {
    let (_fake, host) = start().await?;
    let r = host
        .structured(
            "helpdesk_stats",
            json!({ "metric": "first_response_time", "period": "last_30_days", "group_by": "agent" }),
        )
        .await?;
    assert_eq!(r["unit"], "seconds");
    assert!(rows(&r).iter().any(|(k, _)| k == fixtures::SARAH_AGENT_NAME), "{r}");
    assert!(r["summary"].as_str().unwrap_or_default().starts_with("Median first response time"), "{r}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn tags_customers_teams_and_time_buckets() -> anyhow::Result<()> {
    let (_fake, host) = start().await?;
    let tags =
        host.structured("helpdesk_stats", json!({ "period": "last_30_days", "group_by": "tag" })).await?;
    assert!(rows(&tags).iter().any(|(k, _)| k == "refund"), "{tags}");
    let values: Vec<f64> = rows(&tags).iter().map(|(_, v)| *v).collect();
    assert!(values.windows(2).all(|w| w[0] >= w[1]), "largest first");

    let customers = host
        .structured("helpdesk_stats", json!({ "period": "last_30_days", "group_by": "customer", "limit": 5 }))
        .await?;
    assert!(rows(&customers).len() <= 5 && !rows(&customers).is_empty(), "{customers}");
    assert!(rows(&customers)[0].0.contains('@'), "customers are shown by name and email");

    let teams = host
        .structured(
            "helpdesk_stats",
            json!({ "metric": "tickets_closed", "period": "last_30_days", "group_by": "team" }),
        )
        .await?;
    assert!(rows(&teams).iter().any(|(k, _)| k == "Returns & Refunds"), "{teams}");

    let weeks = host
        .structured(
            "helpdesk_stats",
            json!({ "period": "last_30_days", "group_by": "week", "compare": false }),
        )
        .await?;
    let keys: Vec<String> = rows(&weeks).into_iter().map(|(k, _)| k).collect();
    assert!(keys.len() >= 4 && keys.windows(2).all(|w| w[0] < w[1]), "weeks in order: {keys:?}");
    assert!(weeks.get("previous_total").is_none());
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn csat_for_one_agent_and_rates() -> anyhow::Result<()> {
    let (_fake, host) = start().await?;
    let r = host
        .structured("helpdesk_stats", json!({ "metric": "csat", "agent": "Sarah", "period": "last_30_days" }))
        .await;
    // "Sarah" alone is ambiguous only if two agents share the name; the fake has one.
    let r = r?;
    if let Some(score) = r["total"].as_f64() {
        assert!((1.0..=5.0).contains(&score), "{r}");
    }
    let all =
        host.structured("helpdesk_stats", json!({ "metric": "csat", "period": "last_30_days" })).await?;
    assert_eq!(all["distribution"].as_array().map(Vec::len), Some(5), "{all}");
    let rate = host
        .structured("helpdesk_stats", json!({ "metric": "one_touch_rate", "period": "last_30_days" }))
        .await?;
    let pct = rate["total"].as_f64().expect("a rate");
    assert!((0.0..=100.0).contains(&pct), "{rate}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn periods_too_long_and_impossible_breakdowns_are_explained() -> anyhow::Result<()> {
    let (fake, host) = start().await?;
    let e = host.error("helpdesk_stats", json!({ "start": "2024-01-01", "end": "2025-06-30" })).await?;
    assert!(e.contains("at most 366 days") && e.contains("split"), "{e}");
    let e = host.error("helpdesk_stats", json!({ "metric": "resolution_time", "group_by": "team" })).await?;
    assert!(e.contains("group_by=agent"), "{e}");
    let e = host.error("helpdesk_stats", json!({ "metric": "csat", "group_by": "customer" })).await?;
    assert!(e.contains("tickets_created"), "{e}");
    assert_eq!(fake.control().count("POST", "/api/reporting/stats"), 0, "refused before asking Gorgias");
    Ok(())
}
