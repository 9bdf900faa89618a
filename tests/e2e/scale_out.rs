//! Stateless scale-out, shown: three `helpdesk-mcp serve` replicas behind a
//! real HAProxy (Debian's package; started and stopped here on loopback with a
//! generated round-robin configuration), driven by a 2026-07-28 client. Every
//! call succeeds on whichever replica gets it, including a write confirmation
//! whose signed `requestState` another replica issued. HAProxy names the
//! replica that answered in `X-Served-By`; each replica's own request log
//! agrees.

use std::collections::BTreeMap;

use anyhow::Result;
use helpdesk_fakes::gorgias::{FakeGorgias, GorgiasOptions, fixtures};
use helpdesk_tests::balancer::{haproxy, served_by};
use helpdesk_tests::harness::{HostBuilder, Stderr};
use helpdesk_tests::modern::{ModernHttp, Reply};
use serde_json::{Value, json};
use tokio::process::Child;

const REPLICAS: usize = 3;
/// Shared by every replica: the request-state signing key and a client key.
const STATE_KEY: &str = "scale-out-state-key-0123456789abcdef01234567";
const CLIENT_KEY: &str = "hk_scaleout_agent_0123456789abcdef";
const MESSAGES: &str = "/api/tickets/4521/messages";

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

/// The component alone, with no host of ours: two replicas on two independent `wasi:http`
/// runtimes, `wasmtime serve` and `jco serve`, sharing the signing key behind HAProxy. A public
/// reply is asked by one runtime and sent by the other; a decline, a state for other arguments
/// and an altered state send nothing.
#[tokio::test(flavor = "multi_thread")]
async fn component_replicas_on_two_runtimes_finish_each_others_confirmations() -> Result<()> {
    use std::net::{Ipv4Addr, SocketAddr};

    use crate::edge::{Runtime, component_file, free_port, installed, jco_serve, wasmtime_serve};

    let Some(wasmtime) = installed("wasmtime") else {
        eprintln!(
            "SKIPPED component_replicas_on_two_runtimes_finish_each_others_confirmations: no `wasmtime`"
        );
        return Ok(());
    };
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let wasm = component_file()?;
    let settings = [("HELPDESK_ACCESS_LEVEL", "send"), ("HELPDESK_MCP_STATE_KEY", STATE_KEY)];
    let first = SocketAddr::from((Ipv4Addr::LOCALHOST, free_port()?));
    let wasmtime_rt =
        Runtime::start("wasmtime serve", wasmtime_serve(&wasmtime, &fake, first, &wasm, &settings), first)
            .await?;
    let second = SocketAddr::from((Ipv4Addr::LOCALHOST, free_port()?));
    let (cmd, transpiled) = jco_serve(&fake, second, &wasm, &settings)?;
    let jco_rt = Runtime::start("jco serve", cmd, second).await?;
    let lb = haproxy(&[first.to_string(), second.to_string()]).await?;
    let client = ModernHttp::new(&lb.url);
    let writes = || fake.control().count_writes("POST", MESSAGES);
    let call = |message: &str| json!({ "name": "reply_to_ticket", "arguments": { "id": fixtures::REFUND_TICKET_ID, "message": message } });
    let answer = |params: &Value, state: &str, action: &str| {
        let mut answer = params.clone();
        answer["requestState"] = json!(state);
        answer["inputResponses"] = json!({ "confirm": { "action": action, "content": { "confirm": true } } });
        answer
    };
    let ask = |id: u64, params: Value| {
        let client = &client;
        async move {
            let asked = client.send(id, "tools/call", params).await?;
            let result = asked.result()?.clone();
            // rmcp's own model of the revision reads the component's answer.
            let parsed: rmcp::model::InputRequiredResult = serde_json::from_value(result.clone())?;
            assert!(parsed.input_requests.is_some_and(|r| r.contains_key("confirm")), "{result}");
            anyhow::Ok((parsed.request_state.unwrap_or_default(), served_by(&asked)))
        }
    };

    // Asked by one runtime, sent by the other.
    let reply = call("Your refund was issued today.");
    let (state, issuer) = ask(1, reply.clone()).await?;
    assert_eq!(writes(), 0, "nothing is sent while the user decides");
    let sent = client.send(2, "tools/call", answer(&reply, &state, "accept")).await?;
    let redeemer = served_by(&sent);
    assert_ne!(issuer, redeemer, "round robin sends the answer to the other runtime");
    assert_ne!(
        sent.result()?["isError"],
        json!(true),
        "{redeemer} finished {issuer}'s confirmation: {:?}",
        sent.body
    );
    assert_eq!(writes(), 1, "sent exactly once");
    // A stateless instance cannot remember a redeemed state; the reply's own duplicate check
    // still refuses to post the same message again.
    let replayed = client.send(3, "tools/call", answer(&reply, &state, "accept")).await?;
    let text = replayed.result()?["content"][0]["text"].as_str().unwrap_or_default().to_owned();
    assert!(text.contains("already posted"), "{text}");
    assert_eq!(writes(), 1, "a replayed confirmation posts nothing");

    // A no, a state for other arguments and an altered state send nothing.
    let (state, _) = ask(4, reply.clone()).await?;
    let declined = client.send(5, "tools/call", answer(&reply, &state, "decline")).await?;
    let text = declined.result()?["content"][0]["text"].as_str().unwrap_or_default().to_owned();
    assert!(declined.result()?["isError"] == json!(true) && text.contains("declined"), "{text}");
    let (state, _) = ask(6, reply.clone()).await?;
    let other = call("Your refund was NOT issued.");
    let rebound = client.send(7, "tools/call", answer(&other, &state, "accept")).await?;
    assert_eq!(rebound.error_code(), Some(-32602), "{:?}", rebound.body);
    let altered = format!("{state}x");
    let tampered = client.send(8, "tools/call", answer(&reply, &altered, "accept")).await?;
    assert_eq!(tampered.error_code(), Some(-32602), "{:?}", tampered.body);
    assert_eq!(writes(), 1, "no further message was sent");
    eprintln!("component scale-out: confirmation issued by {issuer}, redeemed by {redeemer}");

    wasmtime_rt.stop().await?;
    jco_rt.stop().await?;
    let _ = std::fs::remove_file(&wasm);
    let _ = std::fs::remove_dir_all(&transpiled);
    Ok(())
}
