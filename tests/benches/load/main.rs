//! The load bench: `helpdesk-mcp serve` (this build, release under `cargo
//! bench`) against the fake Gorgias on loopback (0 ms latency, rate limit
//! off), driven by `wrk`. Prints, and writes to `docs/load/` as a markdown
//! table and a PNG: throughput, latency (p50/p99/max), errors, host CPU per
//! call, RSS and upstream requests per call at 1, 8, 64 and 256 clients; the
//! TM Dev Lab v2 shape (50 clients, host pinned to one core); RSS idle, with
//! 100 and 1,000 sessions and after they expire; a soak of mixed calls.
//!
//! Run: `cargo bench -p helpdesk-tests --bench load` (`-- --secs N` per run,
//! default 10; `-- --soak-secs N`, default 600; `-- --quick` = 3 s runs and a
//! 60 s soak; `-- --calls N` get_ticket calls per side of the native baseline,
//! default 5,000; `-- --only load|pinned|memory|native|soak`). Needs `wrk` (installed
//! with apt when missing and root) and `taskset`.
//!
//! Requests use MCP 2026-07-28 over a `--stateless` server: wrk replays
//! independent POSTs, which that revision is (no `initialize`, no session),
//! so every request is a whole call, as behind a load balancer. Sessions are
//! measured on their own (memory), with the 2025-11-25 handshake.

mod host;
mod native;
mod plot;
mod sessions;
mod wrk;

use std::time::{Duration, Instant};

use anyhow::Result;
use helpdesk_fakes::gorgias::{FakeGorgias, GorgiasOptions, RateLimit, fixtures};
use helpdesk_tests::harness::{host_binary, workspace};
use serde_json::json;

use host::{Options, Server, load_average};
use plot::Row;
use wrk::Call;

/// TM Dev Lab's MCP server benchmark v2: the best published figure, an rmcp
/// (Rust) server on 1 CPU with 50 virtual users against an I/O-bound tool.
const RMCP_RPS: f64 = 4845.0;
const RMCP_MB: f64 = 10.9;

struct Args {
    secs: u64,
    soak_secs: u64,
    idle_secs: u64,
    /// get_ticket calls per side in the native baseline.
    calls: usize,
    only: Option<String>,
}

fn args() -> Args {
    let argv: Vec<String> = std::env::args().collect();
    let value = |flag: &str| argv.iter().position(|a| a == flag).and_then(|i| argv.get(i + 1)).cloned();
    let quick = argv.iter().any(|a| a == "--quick");
    let num = |flag: &str, default: u64| value(flag).and_then(|v| v.parse().ok()).unwrap_or(default);
    Args {
        secs: num("--secs", if quick { 3 } else { 10 }),
        soak_secs: num("--soak-secs", if quick { 60 } else { 600 }),
        idle_secs: num("--idle-secs", 20),
        calls: usize::try_from(num("--calls", if quick { 1_000 } else { 5_000 })).unwrap_or(5_000),
        only: value("--only"),
    }
}

#[tokio::main]
async fn main() -> Result<()> {
    let argv: Vec<String> = std::env::args().collect();
    if let [_, flag, mode, url, calls, cache] = argv.as_slice()
        && flag == "--native-child"
    {
        return native::child(mode, url, calls.parse()?, std::path::Path::new(cache)).await;
    }
    let args = args();
    let wants = |part: &str| args.only.as_deref().is_none_or(|o| o == part);
    wrk::ensure()?;
    let unlimited = RateLimit { capacity: 1_000_000_000, leak_per_sec: 1e9 };
    let fake =
        FakeGorgias::start(GorgiasOptions { rate_limit: Some(unlimited), ..GorgiasOptions::default() })
            .await?;
    let bin = host_binary();
    let cache = workspace().join("target").join("bench-cache").join("warm");
    let scratch = workspace().join("target").join("bench-load");
    std::fs::create_dir_all(&scratch)?;
    let docs = workspace().join("docs").join("load");
    std::fs::create_dir_all(&docs)?;
    println!(
        "helpdesk-mcp load bench ({} build, {}), {} CPUs, load average {}",
        if cfg!(debug_assertions) { "debug" } else { "release" },
        bin.display(),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load_average()
    );
    let mut md = format!(
        "Measured by `cargo bench -p helpdesk-tests --bench load` on {} CPUs, load average {} at the start \
         (a shared machine: provisional figures).\n\n",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load_average()
    );
    let get_ticket = Call::tool("get_ticket", json!({ "id": fixtures::REFUND_TICKET_ID }));
    let cached = Call::tool("list_reference", json!({ "kind": "tags" }));
    let duration = Duration::from_secs(args.secs);

    if wants("load") {
        let server = Server::start(bin, &fake, &cache, stateless(None)).await?;
        let mut rows = Vec::new();
        println!("\n## Load: {} s per run, 2026-07-28 stateless, load average {}", args.secs, load_average());
        print!("{}", plot::HEADER);
        for (what, call) in
            [("get_ticket", &get_ticket), ("tools/list", &Call::list()), ("list_reference (cached)", &cached)]
        {
            let script =
                wrk::script(&scratch, &what.replace(['/', ' ', '(', ')'], "_"), std::slice::from_ref(call))?;
            for clients in [1, 8, 64, 256] {
                let row = measure(&server, &fake, what, &script, clients, duration, None).await?;
                print!("{}", row.markdown());
                rows.push(row);
            }
        }
        println!("load average after: {}", load_average());
        md.push_str("## Load (host unpinned; wrk and the fake share the same 2 cores)\n\n");
        md.push_str(plot::HEADER);
        rows.iter().for_each(|r| md.push_str(&r.markdown()));
        let png = docs.join("latency.png");
        let plotted: Vec<Row> =
            rows.iter().filter(|r| r.what != "list_reference (cached)").cloned().collect();
        if plot::latency_png(&png, "helpdesk-mcp serve: latency vs concurrent clients", &plotted)? {
            println!("wrote {}", png.display());
        } else {
            println!("no TTF font found (Debian: fonts-dejavu-core): PNG skipped");
        }
        server.stop().await;
    }

    if wants("pinned") {
        md.push_str(&pinned(bin, &fake, &cache, &scratch, duration, &get_ticket, &cached).await?);
    }
    if wants("memory") {
        md.push_str(&memory(bin, &fake, &cache, args.idle_secs).await?);
    }
    if wants("native") {
        md.push_str(&baseline(&fake, &cache, args.calls).await?);
    }
    if wants("soak") {
        md.push_str(&soak(bin, &fake, &cache, &scratch, args.soak_secs).await?);
    }
    let table = docs.join("figures.md");
    // `--only PART` replaces that part's section and keeps the others.
    let md = match (&args.only, std::fs::read_to_string(&table)) {
        (Some(_), Ok(old)) => merge(&old, &md),
        _ => md,
    };
    std::fs::write(&table, md)?;
    println!("\nwrote {}; load average at the end {}", table.display(), load_average());
    Ok(())
}

/// `old` with each `## ` section of `fresh` in place of the one of the same
/// kind (its heading's first word), new kinds appended. `old`'s preamble
/// stays: it describes the full run; a re-measured section says its own.
fn merge(old: &str, fresh: &str) -> String {
    fn sections(md: &str) -> (String, Vec<(String, String)>) {
        let mut preamble = String::new();
        let mut out: Vec<(String, String)> = Vec::new();
        for line in md.split_inclusive('\n') {
            if let Some(heading) = line.strip_prefix("## ") {
                let kind = heading.split_whitespace().next().unwrap_or_default().to_owned();
                out.push((kind, String::new()));
            }
            match out.last_mut() {
                Some((_, body)) => body.push_str(line),
                None => preamble.push_str(line),
            }
        }
        (preamble, out)
    }
    let (preamble, mut kept) = sections(old);
    let (_, fresh) = sections(fresh);
    for (kind, body) in fresh {
        match kept.iter_mut().find(|(k, _)| *k == kind) {
            Some(slot) => slot.1 = body,
            None => kept.push((kind, body)),
        }
    }
    preamble + &kept.into_iter().map(|(_, body)| format!("{}\n\n", body.trim_end())).collect::<String>()
}

fn stateless(cpus: Option<&str>) -> Options<'_> {
    Options { cpus, stateless: true, session_idle_secs: 1800 }
}

/// One wrk run with the host's CPU, RSS and the fake's request count around it.
async fn measure(
    server: &Server,
    fake: &FakeGorgias,
    what: &str,
    script: &std::path::Path,
    clients: usize,
    duration: Duration,
    wrk_cpus: Option<&str>,
) -> Result<Row> {
    fake.control().reset_requests();
    let cpu = server.cpu();
    let out = wrk::run(&server.url, script, clients, duration, wrk_cpus).await?;
    let cpu = server.cpu().saturating_sub(cpu);
    let upstream = fake.control().request_count() as f64 / out.requests.max(1) as f64;
    if out.errors() > 0 || out.good_bytes == 0 {
        println!("  {what} x{clients}: {} errors; first: {}", out.errors(), out.sample);
    }
    Ok(Row {
        what: what.to_owned(),
        clients,
        rate: out.rate(),
        p50_ms: out.p50_ms,
        p99_ms: out.p99_ms,
        max_ms: out.max_ms,
        errors: out.errors(),
        cpu_ms: cpu.as_secs_f64() * 1e3 / out.requests.max(1) as f64,
        rss_mib: server.rss_kib() as f64 / 1024.0,
        upstream,
    })
}

/// TM Dev Lab v2's shape: 50 clients, the host on core 0; wrk and this
/// process (the fake) on core 1, so the host has its core to itself.
async fn pinned(
    bin: &std::path::Path,
    fake: &FakeGorgias,
    cache: &std::path::Path,
    scratch: &std::path::Path,
    duration: Duration,
    get_ticket: &Call,
    cached: &Call,
) -> Result<String> {
    let me = std::process::id().to_string();
    let pin = |cpus: &str| {
        std::process::Command::new("taskset").args(["-a", "-p", "-c", cpus, me.as_str()]).output().map(drop)
    };
    pin("1")?;
    let server = Server::start(bin, fake, cache, stateless(Some("0"))).await?;
    println!(
        "\n## One core (host on CPU 0; wrk and the fake on CPU 1), 50 clients, load average {}",
        load_average()
    );
    print!("{}", plot::HEADER);
    let mut md = String::from(
        "\n## One core, 50 clients (TM Dev Lab v2 shape: host pinned to CPU 0, wrk and the fake on CPU 1)\n\n",
    );
    md.push_str(plot::HEADER);
    let mut rates = Vec::new();
    for (what, call) in
        [("get_ticket", get_ticket), ("list_reference (cached)", cached), ("tools/list", &Call::list())]
    {
        let script = wrk::script(
            scratch,
            &format!("pinned_{}", what.replace(['/', ' ', '(', ')'], "_")),
            std::slice::from_ref(call),
        )?;
        let row = measure(&server, fake, what, &script, 50, duration, Some("1")).await?;
        print!("{}", row.markdown());
        md.push_str(&row.markdown());
        rates.push((what, row.rate, row.rss_mib, row.upstream));
    }
    server.stop().await;
    pin("0-1")?;
    let (_, rate, rss, upstream) = rates[0];
    let line = format!(
        "\nI/O-bound tool on one core, 50 clients: ours {rate:.0} requests/s at {rss:.1} MiB RSS (get_ticket: {upstream:.0} upstream GETs per call, \
         the ticket and its messages, each a JSON parse and a sandbox check); \
         TM Dev Lab v2's best (rmcp, one I/O wait per call): {RMCP_RPS:.0} requests/s at {RMCP_MB} MB.\n"
    );
    print!("{line}");
    md.push_str(&line);
    Ok(md)
}

/// RSS idle, with 100 and 1,000 open 2025-11-25 sessions, and after they expired.
async fn memory(
    bin: &std::path::Path,
    fake: &FakeGorgias,
    cache: &std::path::Path,
    idle_secs: u64,
) -> Result<String> {
    let server = Server::start(
        bin,
        fake,
        cache,
        Options { cpus: None, stateless: false, session_idle_secs: idle_secs },
    )
    .await?;
    let http = reqwest::Client::new();
    let mut out = format!(
        "\n## Memory (2025-11-25 sessions over HTTP, session idle timeout {idle_secs} s)\n\n| state | RSS MiB |\n|---|---:|\n"
    );
    let mut note = |what: &str, kib: u64| {
        let line = format!("| {what} | {:.1} |\n", kib as f64 / 1024.0);
        print!("{line}");
        out.push_str(&line);
    };
    println!("\n## Memory, load average {}", load_average());
    tokio::time::sleep(Duration::from_millis(500)).await;
    note("idle, no session", server.rss_kib());
    let first = sessions::open_many(&http, &server.url, 100).await?;
    note("100 sessions open (each initialized and listed tools once)", server.rss_kib());
    let started = Instant::now();
    let more = sessions::open_many(&http, &server.url, 900).await?;
    note("1,000 sessions open", server.rss_kib());
    let wait = Duration::from_secs(idle_secs + 8).saturating_sub(started.elapsed());
    let still_first = sessions::status_of(&http, &server.url, &first[0]).await?;
    // No request at all while they expire: the server's own timer ends them.
    tokio::time::sleep(wait + Duration::from_secs(idle_secs)).await;
    let rss = server.rss_kib();
    let expired = sessions::status_of(&http, &server.url, &more[more.len() - 1]).await?;
    note(
        &format!("after the idle timeout, no request meanwhile (a session's next request: HTTP {expired})"),
        rss,
    );
    let again = sessions::open_many(&http, &server.url, 1000).await?;
    note("1,000 new sessions open", server.rss_kib());
    drop((still_first, again));
    note("peak (VmHWM)", host::status_kib(server.pid, "VmHWM:"));
    server.stop().await;
    Ok(out)
}

/// CPU per get_ticket call, native rlib against the component, as a ratio.
async fn baseline(fake: &FakeGorgias, cache: &std::path::Path, calls: usize) -> Result<String> {
    println!(
        "\n## The limit: get_ticket, native vs component (no MCP transport), load average {}",
        load_average()
    );
    let native = native::measure("native", fake, calls, cache).await?;
    let component = native::measure("component", fake, calls, cache).await?;
    let line = format!(
        "\n## The limit: the same tool logic native vs as a component\n\n| build | CPU µs/call | wall µs/call | upstream req/call |\n|---|---:|---:|---:|\n\
         | native (guest rlib + reqwest) | {:.0} | {:.0} | {:.2} |\n| component (wasmtime, sandbox, host cache) | {:.0} | {:.0} | {:.2} |\n\n\
         get_ticket #{}, {calls} calls after 20 warm-up calls, each side in its own process (load average {}): component / native CPU = **{:.2}×**.\n",
        native.cpu_us,
        native.wall_us,
        native.upstream,
        component.cpu_us,
        component.wall_us,
        component.upstream,
        fixtures::REFUND_TICKET_ID,
        load_average(),
        component.cpu_us / native.cpu_us.max(1e-9)
    );
    print!("{line}");
    Ok(line)
}

/// Mixed calls for `secs` seconds at 8 clients, RSS sampled ten times.
async fn soak(
    bin: &std::path::Path,
    fake: &FakeGorgias,
    cache: &std::path::Path,
    scratch: &std::path::Path,
    secs: u64,
) -> Result<String> {
    let server = Server::start(bin, fake, cache, stateless(None)).await?;
    let mix = [
        Call::tool("get_ticket", json!({ "id": fixtures::REFUND_TICKET_ID })),
        Call::list(),
        Call::tool("list_reference", json!({ "kind": "agents" })),
        Call::tool("search_tickets", json!({ "query": fixtures::ALICE_EMAIL })),
        Call::tool("list_tickets", json!({})),
        Call::tool("get_ticket", json!({ "id": fixtures::LONG_TICKET_ID })),
    ];
    let script = wrk::script(scratch, "soak", &mix)?;
    println!("\n## Soak: {secs} s of mixed calls at 8 clients, load average {}", load_average());
    let step = Duration::from_secs((secs / 10).max(1));
    let mut samples = Vec::new();
    let mut out =
        format!("\n## Soak ({secs} s of mixed calls, 8 clients)\n\nRSS MiB every {} s: ", step.as_secs());
    let mut total = wrk::Outcome::default();
    for _ in 0..10 {
        fake.control().reset_requests();
        let o = wrk::run(&server.url, &script, 8, step, None).await?;
        let rate = o.rate();
        total.requests += o.requests;
        total.seconds += o.seconds;
        total.non_2xx += o.non_2xx;
        total.rpc_errors += o.rpc_errors;
        total.socket_errors += o.socket_errors;
        if total.sample.is_empty() {
            total.sample = o.sample;
        }
        samples.push(server.rss_kib() as f64 / 1024.0);
        println!(
            "  {:>5.0} s  RSS {:.1} MiB  {:.0} calls/s",
            total.seconds,
            samples[samples.len() - 1],
            rate
        );
    }
    let line = format!(
        "{}\n\n{} calls ({:.0}/s), {} errors{}; RSS first sample {:.1} MiB, last {:.1} MiB.\n",
        samples.iter().map(|s| format!("{s:.1}")).collect::<Vec<_>>().join(", "),
        total.requests,
        total.rate(),
        total.errors(),
        if total.errors() > 0 { format!(" (first: {})", total.sample) } else { String::new() },
        samples[0],
        samples[samples.len() - 1]
    );
    print!("{line}");
    out.push_str(&line);
    server.stop().await;
    Ok(out)
}
