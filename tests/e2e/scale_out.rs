//! Stateless scale-out, shown: three `helpdesk-mcp serve` replicas behind a
//! real HAProxy (Debian's package; started and stopped here on loopback with a
//! generated round-robin configuration), driven by a 2026-07-28 client. Every
//! call succeeds on whichever replica gets it, including a write confirmation
//! whose signed `requestState` another replica issued. HAProxy names the
//! replica that answered in `X-Served-By`; each replica's own request log
//! agrees.

use std::collections::BTreeMap;
use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use helpdesk_fakes::gorgias::{FakeGorgias, GorgiasOptions, fixtures};
use helpdesk_tests::harness::{HostBuilder, Stderr, scratch_dir};
use helpdesk_tests::modern::{ModernHttp, Reply};
use serde_json::{Value, json};
use tokio::process::{Child, Command};

const REPLICAS: usize = 3;
/// Shared by every replica: the request-state signing key and a client key.
const STATE_KEY: &str = "scale-out-state-key-0123456789abcdef01234567";
const CLIENT_KEY: &str = "hk_scaleout_agent_0123456789abcdef";
const MESSAGES: &str = "/api/tickets/4521/messages";

/// HAProxy in the foreground; killed when dropped.
struct Balancer {
    url: String,
    _child: Child,
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Starts HAProxy on a free loopback port, round-robin over `backends` (`host:port`).
async fn haproxy(backends: &[String]) -> Result<Balancer> {
    let bin = ["/usr/sbin/haproxy", "/usr/local/sbin/haproxy"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .context("HAProxy is not installed: `apt-get install -y haproxy` (.ci/run does this)")?;
    let port = free_port()?;
    let servers: String =
        backends.iter().enumerate().map(|(i, addr)| format!("  server r{} {addr}\n", i + 1)).collect();
    let config = format!(
        "global\n  maxconn 256\n\
         defaults\n  mode http\n  timeout connect 5s\n  timeout client 60s\n  timeout server 60s\n\
         frontend mcp\n  bind 127.0.0.1:{port}\n  default_backend replicas\n\
         backend replicas\n  balance roundrobin\n  http-response set-header X-Served-By %[srv_name]\n{servers}"
    );
    let dir = scratch_dir("scale-out")?;
    let path = dir.join("haproxy.cfg");
    std::fs::write(&path, config)?;
    let check = Command::new(bin).arg("-c").arg("-f").arg(&path).output().await?;
    if !check.status.success() {
        bail!("haproxy -c refused the config: {}", String::from_utf8_lossy(&check.stderr));
    }
    let child = Command::new(bin)
        .arg("-db") // foreground, no daemon: the test owns the process
        .arg("-f")
        .arg(&path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .context("start haproxy")?;
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return Ok(Balancer { url: format!("http://127.0.0.1:{port}/mcp"), _child: child });
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    bail!("haproxy did not listen on 127.0.0.1:{port}")
}

/// One replica: its endpoint's `host:port`, its log and its process.
struct Replica {
    addr: String,
    log: Stderr,
    _child: Child,
}

async fn replica(fake: &FakeGorgias) -> Result<Replica> {
    let (url, log, child) = HostBuilder::gorgias(fake)
        .env("HELPDESK_ACCESS_LEVEL", "send")
        .env("HELPDESK_MCP_STATE_KEY", STATE_KEY)
        .env("HELPDESK_MCP_KEY", CLIENT_KEY)
        .http_endpoint()
        .await?;
    let addr = url.trim_start_matches("http://").trim_end_matches("/mcp").to_owned();
    Ok(Replica { addr, log, _child: child })
}

/// The replica HAProxy says answered (`r1`..`r3`).
fn served_by(reply: &Reply) -> String {
    reply.headers.get("x-served-by").cloned().unwrap_or_default()
}

/// Requests a replica logged (one `request method=...` line each, from the HTTP guard).
/// Front-door request lines only (`INFO request method=…`), not the
/// `upstream request` lines of the helpdesk calls they made.
fn logged(replica: &Replica) -> usize {
    replica.log.text().lines().filter(|l| l.contains(" INFO request method=")).count()
}

#[tokio::test(flavor = "multi_thread")]
async fn three_replicas_behind_haproxy_answer_any_request_and_finish_each_others_confirmations() -> Result<()>
{
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let mut replicas = Vec::new();
    for _ in 0..REPLICAS {
        replicas.push(replica(&fake).await?);
    }
    let addrs: Vec<String> = replicas.iter().map(|r| r.addr.clone()).collect();
    let lb = haproxy(&addrs).await?;
    let mut client = ModernHttp::new(&lb.url);
    client.key = Some(CLIENT_KEY.to_owned());
    let mut served: BTreeMap<String, usize> = BTreeMap::new();
    let mut note = |reply: &Reply| *served.entry(served_by(reply)).or_default() += 1;

    let discovered = client.send(1, "server/discover", json!({})).await?;
    assert!(discovered.result()?["supportedVersions"].to_string().contains("2026-07-28"));
    note(&discovered);
    let listed = client.send(2, "tools/list", json!({})).await?;
    assert!(listed.result()?["tools"].to_string().contains("reply_to_ticket"), "{:?}", listed.body);
    note(&listed);
    for id in 3..9 {
        let call = json!({ "name": "get_ticket", "arguments": { "id": fixtures::REFUND_TICKET_ID } });
        let read = client.send(id, "tools/call", call).await?;
        let text = read.result()?["content"][0]["text"].as_str().unwrap_or_default().to_owned();
        assert!(text.contains(fixtures::REFUND_TICKET_SUBJECT), "call {id} on {}: {text}", served_by(&read));
        note(&read);
    }

    // A public reply: one replica asks, the next one (round robin) finishes it.
    let params = json!({ "name": "reply_to_ticket", "arguments": { "id": 4521, "message": "Your refund was issued today." } });
    let asked = client.send(9, "tools/call", params.clone()).await?;
    let state = asked.result()?["requestState"].as_str().unwrap_or_default().to_owned();
    assert!(!state.is_empty(), "{:?}", asked.body);
    note(&asked);
    let mut answer = params.clone();
    answer["requestState"] = json!(state);
    answer["inputResponses"] = json!({ "confirm": { "action": "accept", "content": { "confirm": true } } });
    let sent = client.send(10, "tools/call", answer).await?;
    note(&sent);
    let (issuer, redeemer) = (served_by(&asked), served_by(&sent));
    assert_ne!(issuer, redeemer, "round robin sends the answer to another replica");
    assert!(!issuer.is_empty(), "HAProxy names the replica: {:?}", asked.headers);
    let result: &Value = sent.result()?;
    assert_ne!(result["isError"], json!(true), "{redeemer} finished {issuer}'s confirmation: {result}");
    assert_eq!(fake.control().count_writes("POST", MESSAGES), 1, "sent exactly once");

    // Every replica answered, and each one's own log counts what HAProxy says it served.
    assert_eq!(served.len(), REPLICAS, "{served:?}");
    for (i, r) in replicas.iter().enumerate() {
        let name = format!("r{}", i + 1);
        let by_lb = served.get(&name).copied().unwrap_or(0);
        assert!(by_lb >= 3, "{name} served {by_lb} of 10: {served:?}");
        // The log line is written as the answer leaves; give the last one a moment.
        for _ in 0..30 {
            if logged(r) >= by_lb {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(logged(r), by_lb, "{name}'s request log:\n{}", r.log.text());
    }
    eprintln!(
        "scale-out: requests per replica {served:?}; confirmation issued by {issuer}, redeemed by {redeemer}"
    );
    Ok(())
}
