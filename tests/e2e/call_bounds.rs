//! Concurrent tool calls are bounded, so memory is: 32 calls at once, each
//! reading a 7 MiB upstream body, against a host allowing 4 running and 8
//! waiting. The rest are refused at once with a retry-later tool error. The
//! host's peak RSS (VmHWM) is printed, and compared with a host that lets
//! all 32 run.

use std::time::Duration;

use anyhow::{Result, anyhow};
use futures::future::join_all;
use helpdesk_fakes::gorgias::{FakeGorgias, Fault, FaultKind, GorgiasOptions, RateLimit};
use helpdesk_tests::harness::{HostBuilder, text_of};
use rmcp::ServiceExt as _;
use rmcp::model::CallToolRequestParams;
use rmcp::transport::StreamableHttpClientTransport;
use serde_json::json;

const CALLS: u64 = 32;
const BODY: usize = 7 * 1024 * 1024;

/// The host's peak resident set, in KiB.
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?.split_whitespace().next()?.parse().ok()
}

/// Runs `CALLS` concurrent `get_ticket` calls on 7 MiB bodies against a host
/// with `bounds` (`--max-calls`, `--max-calls-per-session`, `--max-queued-calls`);
/// returns (calls refused as busy, other answers, peak RSS in KiB).
async fn burst(bounds: [&str; 3]) -> Result<(usize, usize, u64)> {
    let unlimited = RateLimit { capacity: 1_000_000, leak_per_sec: 1_000_000.0 };
    let fake =
        FakeGorgias::start(GorgiasOptions { rate_limit: Some(unlimited), ..GorgiasOptions::default() })
            .await?;
    // Slow enough that every call arrives while the first ones still run.
    fake.control().set_latency(Duration::from_secs(2));
    fake.control()
        .inject(Fault::new("/api/tickets", FaultKind::Huge { bytes: BODY }).with_times(4 * CALLS as usize));
    let (url, log, child) = HostBuilder::gorgias(&fake)
        .arg("--max-calls")
        .arg(bounds[0])
        .arg("--max-calls-per-session")
        .arg(bounds[1])
        .arg("--max-queued-calls")
        .arg(bounds[2])
        .http_endpoint()
        .await?;
    let pid = child.id().ok_or_else(|| anyhow!("the host has no pid"))?;
    let client = ().serve(StreamableHttpClientTransport::from_uri(url)).await?;
    let answers = join_all((1..=CALLS).map(|id| {
        let client = &client;
        async move {
            let args = json!({ "id": id }).as_object().cloned().unwrap_or_default();
            client.call_tool(CallToolRequestParams::new("get_ticket").with_arguments(args)).await
        }
    }))
    .await;
    let mut busy = 0;
    let mut other = 0;
    for answer in answers {
        let result =
            answer.map_err(|e| anyhow!("a call failed at the protocol level: {e}\n{}", log.text()))?;
        let text = text_of(&result);
        if result.is_error == Some(true) && text.contains("server is busy") {
            assert!(text.contains("retry") && text.contains("Nothing was sent"), "{text}");
            busy += 1;
        } else {
            other += 1;
        }
    }
    let peak = peak_rss_kib(pid).ok_or_else(|| anyhow!("no VmHWM for pid {pid}"))?;
    Ok((busy, other, peak))
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_calls_are_bounded_and_the_excess_told_to_retry() -> Result<()> {
    let (busy, admitted, bounded) = burst(["4", "4", "8"]).await?;
    println!(
        "figure: {CALLS} concurrent get_ticket calls on 7 MiB bodies, 4 running + 8 queued: \
         {admitted} answered, {busy} refused as busy; host peak RSS {} MiB",
        bounded / 1024
    );
    // 4 run and 8 wait while the first still wait on the 2 s upstream; the
    // rest cannot have found a place.
    assert!(busy >= (CALLS as usize) - 12, "{busy} refused, {admitted} admitted");
    assert!(admitted >= 4, "{admitted} admitted");

    let (busy, admitted, unbounded) = burst(["32", "32", "0"]).await?;
    println!(
        "figure: the same {CALLS} calls with all 32 running: {admitted} answered, {busy} refused; \
         host peak RSS {} MiB",
        unbounded / 1024
    );
    assert_eq!(busy, 0);
    Ok(())
}
