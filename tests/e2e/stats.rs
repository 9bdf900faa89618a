//! `helpdesk_stats`: the questions a support lead asks, answered in one call
//! each, with the previous period for comparison.

use helpdesk_fakes::gorgias::{FakeGorgias, GorgiasOptions, ViewSearchMode, fixtures};
use helpdesk_tests::harness::{Host, HostBuilder, gorgias_all};
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
    // Totals and breakdowns, both periods: one reporting query, split locally.
    assert_eq!(fake.control().count("POST", "/api/reporting/stats"), 1);
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

/// The surveys an independent client counts as scored in `[start, end)`, per
/// score, of all tickets and of tickets not in the trash (reporting leaves those out).
async fn scored_between(fake: &FakeGorgias, start: &str, end: &str) -> anyhow::Result<([u64; 5], u64)> {
    let trashed: Vec<Value> =
        gorgias_all(fake, "/tickets", "trashed=true").await?.into_iter().map(|t| t["id"].clone()).collect();
    let (mut counts, mut kept) = ([0u64; 5], 0);
    for s in gorgias_all(fake, "/satisfaction-surveys", "").await? {
        let (Some(score), Some(at)) = (s["score"].as_u64(), s["scored_datetime"].as_str()) else { continue };
        if (start..end).contains(&at) && (1..=5).contains(&score) {
            counts[score as usize - 1] += 1;
            kept += u64::from(!trashed.contains(&s["ticket_id"]));
        }
    }
    Ok((counts, kept))
}

#[tokio::test(flavor = "multi_thread")]
async fn csat_counts_only_surveys_of_the_period_and_says_how_many() -> anyhow::Result<()> {
    let (fake, host) = start().await?;
    for period in ["last_7_days", "last_30_days"] {
        let r = host.structured("helpdesk_stats", json!({ "metric": "csat", "period": period })).await?;
        // The period is ISO UTC with a `Z`; Gorgias writes naive UTC times, so
        // compare without it ("…T00:00:00" sorts before "…T00:00:00.000001").
        let bound = |i: usize| r["period"][i].as_str().unwrap_or("").trim_end_matches('Z');
        let [start, end] = [bound(0), bound(1)];
        let (expected, reported) = scored_between(&fake, start, end).await?;
        let counted: Vec<u64> =
            r["distribution"].as_array().into_iter().flatten().filter_map(Value::as_u64).collect();
        assert_eq!(counted, expected, "{period}: the distribution is the period's scored surveys: {r}");
        let n: u64 = expected.iter().sum();
        assert!(n > 0, "{period}: the fake has surveys scored in it");
        assert_eq!(r["surveys"]["scored"], reported, "reporting's count: {r}");
        assert_eq!(r["surveys"]["distribution_counted"], n, "{r}");
        assert!(r["surveys"]["sent"].as_u64().is_some_and(|sent| sent >= 1), "{r}");
        assert!(
            r["surveys"]["response_rate_pct"].as_f64().is_some_and(|p| (0.0..=100.0).contains(&p)),
            "{r}"
        );
        let notes = r["notes"].to_string();
        assert!(notes.contains("score distribution counts") && notes.contains(&format!(" {n} ")), "{r}");
    }
    let all_time: u64 = scored_between(&fake, "0000", "9999").await?.0.iter().sum();
    let week =
        host.structured("helpdesk_stats", json!({ "metric": "csat", "period": "last_7_days" })).await?;
    assert!(week["surveys"]["scored"].as_u64().unwrap_or(0) < all_time, "not every survey ever: {week}");
    // The survey list has no date filters: none were sent (the fake refuses them with a 400).
    let lists: Vec<String> = fake
        .control()
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/api/satisfaction-surveys"))
        .filter_map(|r| r.query)
        .collect();
    let filtered = |q: &String| q.contains('[') || q.contains("%5B") || q.contains("customer_id");
    assert!(!lists.is_empty() && !lists.iter().any(filtered), "{lists:?}");
    let text = host.text("helpdesk_stats", json!({ "metric": "csat", "period": "last_30_days" })).await?;
    assert!(text.contains("Surveys in the period: ") && text.contains("% response rate"), "{text}");
    assert!(text.contains("Scores of the ") && text.contains("surveys counted: 1★"), "{text}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn one_reporting_query_answers_counts_backlog_and_csat() -> anyhow::Result<()> {
    let (fake, host) = start().await?;
    for args in [
        json!({ "period": "last_30_days", "group_by": "agent" }),
        json!({ "metric": "open_tickets", "group_by": "team" }),
        json!({ "metric": "csat", "agent": fixtures::SARAH_AGENT_NAME, "period": "last_30_days" }),
        json!({ "metric": "tickets_closed", "period": "last_month", "group_by": "channel" }),
        json!({ "metric": "messages_sent", "period": "this_week" }),
    ] {
        fake.control().reset_requests();
        let r = host.structured("helpdesk_stats", args.clone()).await?;
        assert_eq!(fake.control().count("POST", "/api/reporting/stats"), 1, "{args}");
        if !r["rows"].as_array().is_none_or(Vec::is_empty) && r["group_by"] != "team" && r["unit"] == "count"
        {
            let sum: f64 = rows(&r).iter().map(|(_, v)| v).sum();
            assert_eq!(r["total"].as_f64(), Some(sum), "the total is the rows' sum: {r}");
        }
    }
    // The same numbers as one query per period would give.
    let one =
        host.structured("helpdesk_stats", json!({ "period": "last_30_days", "group_by": "channel" })).await?;
    let apart = host
        .structured(
            "helpdesk_stats",
            json!({ "period": "last_30_days", "group_by": "channel", "compare": false }),
        )
        .await?;
    assert_eq!(one["total"], apart["total"], "{one} {apart}");
    assert_eq!(rows(&one), rows(&apart));
    // Both periods agree with the tickets an independent client lists.
    let tickets = gorgias_all(&fake, "/tickets", "trashed=false").await?;
    let created_in = |period: &Value| {
        let (a, b) = (period[0].as_str().unwrap_or(""), period[1].as_str().unwrap_or(""));
        tickets
            .iter()
            .filter(|t| t["spam"] == false)
            .filter(|t| t["created_datetime"].as_str().is_some_and(|c| (a..b).contains(&c)))
            .count() as f64
    };
    assert_eq!(one["total"].as_f64(), Some(created_in(&one["period"])), "{one}");
    assert_eq!(one["previous_total"].as_f64(), Some(created_in(&one["previous_period"])), "{one}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn top_customers_are_counted_without_view_search_when_it_answers_202() -> anyhow::Result<()> {
    let (fake, host) = start().await?;
    let args = json!({ "period": "last_30_days", "group_by": "customer", "limit": 10, "compare": false });
    let searched = host.structured("helpdesk_stats", args.clone()).await?;
    fake.control().set_view_search_mode(ViewSearchMode::Accepted);
    let listed = host.structured("helpdesk_stats", args).await?;
    assert_eq!(rows(&listed), rows(&searched), "the same customers and counts: {listed}");
    assert!(!rows(&listed).is_empty());
    let notes = listed["notes"].to_string();
    assert!(notes.contains("202") && notes.contains("ticket list"), "says which strategy answered: {notes}");
    Ok(())
}
