//! Prints the figures we track, measured on the release build against the fake
//! Gorgias on loopback: cold start (process spawn to the answer of the first
//! `tools/list`, warm and cold compile cache), `get_ticket` latency at 0 ms and
//! 100 ms injected upstream latency with upstream requests per call, the guest
//! component's size, the host's peak RSS, and a 25-question support script
//! (upstream requests, output bytes, latency at 0 and 100 ms), and upstream
//! requests per tool on each provider (Gorgias and Kayako Classic), each script
//! asked through a fresh host (an empty reference cache, as a new session has).
//!
//! Run: `cargo bench -p helpdesk-tests --bench figures` (or `-- --quick`; `-- --requests`
//! prints only the request counts; `-- --tickiti` and `-- --open-help-desk` only that
//! provider's per-tool latency at 0 and 100 ms upstream latency and upstream requests per call).

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, bail};
use helpdesk_fakes::gorgias::{Control, FakeGorgias, GorgiasOptions, RateLimit, fixtures};
use helpdesk_fakes::kayako::{FakeKayako, KayakoOptions};
use helpdesk_fakes::ohd::{FakeOhd, OhdOptions, fixtures as ohd};
use helpdesk_fakes::tickiti::{FakeTickiti, TickitiOptions, fixtures as tk};
use helpdesk_tests::harness::{HostBuilder, host_binary, text_of, workspace};
use helpdesk_tests::script::{Question, costs, kayako_questions, per_tool, questions};
use serde_json::json;
use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::process::Command;

#[tokio::main]
async fn main() -> Result<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    let requests_only = std::env::args().any(|a| a == "--requests");
    if std::env::args().any(|a| a == "--tickiti") {
        return tickiti().await;
    }
    if std::env::args().any(|a| a == "--open-help-desk") {
        return open_help_desk().await;
    }
    let spawns = if quick { 5 } else { 15 };
    let calls = if quick { 10 } else { 30 };
    // A bucket too large to matter: these figures measure latency, not pacing.
    let unlimited = RateLimit { capacity: 1_000_000, leak_per_sec: 1_000_000.0 };
    let fake =
        FakeGorgias::start(GorgiasOptions { rate_limit: Some(unlimited), ..GorgiasOptions::default() })
            .await?;
    let bin = host_binary();
    println!(
        "helpdesk-mcp figures ({} build, {})",
        if cfg!(debug_assertions) { "debug" } else { "release" },
        bin.display()
    );

    let gorgias = HostBuilder::gorgias(&fake).env("HELPDESK_LOG", "warn").stdio().await?;
    requests_per_tool("Gorgias, the 25-question script", &gorgias, &fake.control(), &questions()).await?;
    drop(gorgias);
    let kayako = FakeKayako::start(KayakoOptions::default()).await?;
    let host = HostBuilder::kayako(&kayako).env("HELPDESK_LOG", "warn").stdio().await?;
    requests_per_tool("Kayako Classic, 13 questions", &host, kayako.control(), &kayako_questions()).await?;
    drop(host);
    if requests_only {
        return Ok(());
    }

    let scratch = workspace().join("target").join("bench-cache");
    let warm_dir = scratch.join("warm");
    cold_start(bin, &fake, &warm_dir).await?; // fills the warm cache
    let warm = sample(spawns, || cold_start(bin, &fake, &warm_dir)).await?;
    report("cold start, warm cache (spawn → tools/list answered)", &warm);
    let mut cold = Vec::new();
    for i in 0..spawns.min(7) {
        let dir = scratch.join(format!("cold-{i}"));
        let _ = std::fs::remove_dir_all(&dir);
        cold.push(cold_start(bin, &fake, &dir).await?);
    }
    report("cold start, empty cache (compile + write cache)", &cold);

    for latency in [0, 100] {
        fake.control().set_latency(Duration::from_millis(latency));
        let host = HostBuilder::gorgias(&fake).env("HELPDESK_LOG", "warn").stdio().await?;
        host.text("get_ticket", json!({ "id": fixtures::REFUND_TICKET_ID })).await?;
        let before = fake.control().request_count();
        let mut times = Vec::new();
        for _ in 0..calls {
            let started = Instant::now();
            host.text("get_ticket", json!({ "id": fixtures::REFUND_TICKET_ID })).await?;
            times.push(started.elapsed());
        }
        let per_call = (fake.control().request_count() - before) as f64 / calls as f64;
        report(
            &format!(
                "get_ticket #4521 at {latency} ms upstream latency ({per_call:.1} upstream requests/call)"
            ),
            &times,
        );
        let started = Instant::now();
        host.text("get_ticket", json!({ "id": fixtures::LONG_TICKET_ID })).await?;
        println!(
            "  get_ticket #4600 (250 messages, 3 pages) at {latency} ms: {:.1} ms",
            ms(started.elapsed())
        );
    }
    fake.control().set_latency(Duration::ZERO);
    // The same call over Streamable HTTP (session, guard, SSE framing) at 0 ms.
    let host = HostBuilder::gorgias(&fake).env("HELPDESK_LOG", "warn").http().await?;
    host.text("get_ticket", json!({ "id": fixtures::REFUND_TICKET_ID })).await?;
    let mut times = Vec::new();
    for _ in 0..calls {
        let started = Instant::now();
        host.text("get_ticket", json!({ "id": fixtures::REFUND_TICKET_ID })).await?;
        times.push(started.elapsed());
    }
    report("get_ticket #4521 over Streamable HTTP at 0 ms upstream latency", &times);

    for latency in [0, 100] {
        script(&fake, latency).await?;
    }
    // The same script against Gorgias's real bucket (40 requests / 20 s).
    let limited = FakeGorgias::start(GorgiasOptions {
        rate_limit: Some(RateLimit::GORGIAS),
        ..GorgiasOptions::default()
    })
    .await?;
    println!("with Gorgias's 40/20 s bucket:");
    script(&limited, 0).await?;

    let wasm = workspace().join("target/guest/wasm32-wasip2/guest/helpdesk_guest.wasm");
    let size = std::fs::metadata(&wasm).map(|m| m.len()).unwrap_or(0);
    println!("guest component: {} KiB ({})", size / 1024, wasm.display());
    let cwasm: u64 =
        std::fs::read_dir(&warm_dir)?.filter_map(|e| e.ok()?.metadata().ok()).map(|m| m.len()).sum();
    println!("compiled cache entry: {} KiB", cwasm / 1024);
    println!("host binary: {} MiB", std::fs::metadata(bin).map(|m| m.len()).unwrap_or(0) / (1024 * 1024));
    println!(
        "host peak RSS after tools/list + {calls} get_ticket calls: {} MiB",
        peak_rss(bin, &fake, &warm_dir, calls).await? / 1024
    );
    Ok(())
}

/// The 25-question script through one host: upstream requests, output bytes
/// and per-question latency, with `latency` ms added to every upstream request.
async fn script(fake: &FakeGorgias, latency: u64) -> Result<()> {
    fake.control().set_latency(Duration::from_millis(latency));
    let host = HostBuilder::gorgias(fake)
        .env("HELPDESK_LOG", "info")
        .env("HELPDESK_TIMEOUT_SECS", "60")
        .stdio()
        .await?;
    host.client.list_all_tools().await?;
    let before = fake.control().request_count();
    let (mut times, mut text_bytes, mut structured_bytes, mut errors) = (Vec::new(), 0usize, 0usize, 0usize);
    for q in questions() {
        let started = Instant::now();
        let r = host.call(q.tool, q.args.clone()).await?;
        times.push(started.elapsed());
        text_bytes += text_of(&r).len();
        structured_bytes += r.structured_content.as_ref().map_or(0, |s| s.to_string().len());
        errors += usize::from(r.is_error == Some(true));
    }
    let requests = fake.control().request_count() - before;
    let rate_limited = host.stderr.text().matches("status=429").count();
    report(&format!("25-question script at {latency} ms upstream latency, per question"), &times);
    println!(
        "  {requests} upstream requests ({:.1}/question, {rate_limited} answered 429), {text_bytes} bytes of text, {structured_bytes} bytes of structured content, {errors} errors, {:.2} s in all",
        requests as f64 / 25.0,
        times.iter().sum::<Duration>().as_secs_f64()
    );
    fake.control().set_latency(Duration::ZERO);
    Ok(())
}

/// Tickiti, per tool (the host was started, so the token's ability probe is behind it).
async fn tickiti() -> Result<()> {
    let fake = FakeTickiti::start(TickitiOptions::default()).await?;
    let host = writer(HostBuilder::tickiti(&fake, tk::FULL_TOKEN)).stdio().await?;
    let n = tk::RETURN_TICKET;
    let calls = [
        ("get_ticket", json!({ "id": n })),
        ("search_tickets (number)", json!({ "query": n.to_string() })),
        ("search_tickets (email)", json!({ "query": tk::PRIYA_EMAIL })),
        ("search_tickets (order)", json!({ "query": tk::ORDER_NUMBER })),
        ("search_tickets (name)", json!({ "query": tk::DANIEL_NAME })),
        ("list_tickets (view)", json!({ "view": tk::RETURNS_PERSPECTIVE })),
        ("list_reference (canned)", json!({ "kind": "canned_responses" })),
        ("helpdesk_stats", json!({ "group_by": "team" })),
        (
            "reply_to_ticket (note)",
            json!({ "id": n, "message": "Bench note", "internal": true, "agent": tk::MAYA_EMAIL }),
        ),
        ("update_ticket", json!({ "id": tk::BOOTS_TICKET, "team": "Support" })),
        ("create_ticket", json!({ "customer": "bench@example.test", "subject": "Bench", "message": "Hi" })),
    ];
    per_tool_latency("Tickiti", &host, fake.control(), &calls).await
}

/// Open Help Desk, per tool, with an Admin API key.
async fn open_help_desk() -> Result<()> {
    let fake = FakeOhd::start(OhdOptions::default()).await?;
    let host =
        writer(HostBuilder::ohd(&fake, ohd::ADMIN_KEY)).env("HELPDESK_ACCESS_LEVEL", "admin").stdio().await?;
    let calls = [
        ("get_ticket", json!({ "id": ohd::TICKET_293 })),
        ("search_tickets (number)", json!({ "query": ohd::TICKET_293 })),
        ("search_tickets (text)", json!({ "query": "laptop" })),
        ("list_tickets (by names)", json!({ "assignee": ohd::AMELIE_NAME, "category": ohd::EQUIPMENT })),
        ("list_tickets (open)", json!({ "status": "open" })),
        ("list_reference (categories)", json!({ "kind": "categories" })),
        ("helpdesk_stats (category)", json!({ "group_by": "category" })),
        ("helpdesk_stats (customer)", json!({ "group_by": "customer" })),
        (
            "reply_to_ticket (note)",
            json!({ "id": ohd::TICKET_293, "message": "Bench note", "internal": true }),
        ),
        ("update_ticket (assignee)", json!({ "id": ohd::TICKET_293, "assignee": ohd::AMELIE_NAME })),
        (
            "create_ticket",
            json!({ "customer": "me", "subject": "Bench", "message": "Hi", "category": "Equipment / Laptop / Battery" }),
        ),
    ];
    per_tool_latency("Open Help Desk", &host, fake.control(), &calls).await
}

/// A host that may write without asking (the figures measure the write itself).
fn writer(builder: HostBuilder) -> HostBuilder {
    builder
        .env("HELPDESK_LOG", "warn")
        .env("HELPDESK_ACCESS_LEVEL", "send")
        .env("HELPDESK_CONFIRM_WRITES", "0")
}

/// Per tool: the median of 5 calls at 0 and 100 ms upstream latency, and the
/// upstream requests of the last (warm: reference data in the host's cache).
/// Writes get a fresh message each time, so none is an idempotent replay.
async fn per_tool_latency(
    provider: &str,
    host: &helpdesk_tests::harness::Host,
    control: &Control,
    calls: &[(&str, serde_json::Value)],
) -> Result<()> {
    println!("{provider}, per tool: median of 5 calls (ms) and upstream requests per call");
    for latency in [0u64, 100] {
        control.set_latency(Duration::from_millis(latency));
        for (label, args) in calls {
            let tool = label.split(' ').next().unwrap_or(label);
            let mut times = Vec::new();
            let mut requests = 0;
            for i in 0..5 {
                let mut args = args.clone();
                if args.get("message").is_some() {
                    args["message"] = json!(format!("Bench {latency} {i}"));
                }
                control.reset_requests();
                let started = Instant::now();
                let r = host.call(tool, args).await?;
                times.push(started.elapsed());
                requests = control.request_count();
                if r.is_error == Some(true) {
                    bail!("{label} failed: {}", text_of(&r));
                }
            }
            times.sort();
            println!("  {latency:>3} ms  {label:<28} {:>8.1} ms  {requests:>2} requests", ms(times[2]));
        }
    }
    Ok(())
}

/// Upstream requests per tool for one script through one fresh host.
async fn requests_per_tool(
    what: &str,
    host: &helpdesk_tests::harness::Host,
    control: &Control,
    script: &[Question],
) -> Result<()> {
    let costs = costs(host, control, script).await?;
    println!("upstream requests per tool, {what} (fresh host):");
    for (tool, (calls, requests, most)) in per_tool(&costs) {
        println!(
            "  {tool:<16} {calls:>2} calls {requests:>4} requests ({:.1}/call, at most {most})",
            requests as f64 / calls as f64
        );
    }
    let total: usize = costs.iter().map(|c| c.requests).sum();
    println!("  {:<16} {:>2} calls {total:>4} requests", "all", costs.len());
    Ok(())
}

async fn sample<F, Fut>(n: usize, mut f: F) -> Result<Vec<Duration>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Duration>>,
{
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(f().await?);
    }
    Ok(out)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn report(what: &str, samples: &[Duration]) {
    let mut sorted = samples.to_vec();
    sorted.sort();
    let pick =
        |q: f64| sorted.get(((sorted.len() as f64 - 1.0) * q).round() as usize).copied().unwrap_or_default();
    println!(
        "{what}: median {:.1} ms, min {:.1} ms, p90 {:.1} ms (n={})",
        ms(pick(0.5)),
        ms(pick(0.0)),
        ms(pick(0.9)),
        sorted.len()
    );
}

fn command(bin: &Path, fake: &FakeGorgias, cache: &Path) -> Command {
    let mut cmd = Command::new(bin);
    cmd.env_clear()
        .env("GORGIAS_BASE_URL", fake.base_url())
        .env("GORGIAS_EMAIL", fixtures::EMAIL)
        .env("GORGIAS_API_KEY", fixtures::API_KEY)
        .env("HELPDESK_CACHE_DIR", cache)
        .env("HELPDESK_LOG", "error")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true);
    cmd
}

const HANDSHAKE: &str = concat!(
    r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"0"}}}"#,
    "\n",
    r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
    "\n",
    r#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#,
    "\n"
);

/// Spawn → `tools/list` answered, over raw stdio JSON-RPC.
async fn cold_start(bin: &Path, fake: &FakeGorgias, cache: &Path) -> Result<Duration> {
    let started = Instant::now();
    let mut child = command(bin, fake, cache).spawn().context("spawn")?;
    let mut stdin = child.stdin.take().context("stdin")?;
    let stdout = child.stdout.take().context("stdout")?;
    stdin.write_all(HANDSHAKE.as_bytes()).await?;
    let mut lines = BufReader::new(stdout).lines();
    while let Some(line) = lines.next_line().await? {
        if line.contains(r#""id":1"#) && line.contains("search_tickets") {
            let took = started.elapsed();
            drop(stdin);
            let _ = child.wait().await;
            return Ok(took);
        }
    }
    bail!("the host exited before answering tools/list")
}

/// Peak resident memory (KiB) of a host that listed tools and served `calls` get_ticket calls.
async fn peak_rss(bin: &Path, fake: &FakeGorgias, cache: &Path, calls: usize) -> Result<u64> {
    let mut child = command(bin, fake, cache).spawn()?;
    let pid = child.id().context("pid")?;
    let mut stdin = child.stdin.take().context("stdin")?;
    let mut lines = BufReader::new(child.stdout.take().context("stdout")?).lines();
    stdin.write_all(HANDSHAKE.as_bytes()).await?;
    for i in 0..calls {
        let call = json!({ "jsonrpc": "2.0", "id": 100 + i, "method": "tools/call", "params": { "name": "get_ticket", "arguments": { "id": fixtures::LONG_TICKET_ID } } });
        stdin.write_all(format!("{call}\n").as_bytes()).await?;
    }
    let mut answered = 0;
    while answered < calls + 1 {
        let Some(line) = lines.next_line().await? else { bail!("host exited early") };
        if line.contains(r#""result""#) || line.contains(r#""error""#) {
            answered += 1;
        }
    }
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let hwm = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    drop(stdin);
    let _ = child.wait().await;
    Ok(hwm)
}
