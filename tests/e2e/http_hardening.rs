//! The HTTP front door under hostile clients, with raw sockets on loopback
//! against the real binary: headers sent a line at a time (slowloris), bodies
//! trickled, idle keep-alive and never-speaking connections, a flood of idle
//! sockets under a low open-file limit, declared oversize bodies; open SSE
//! streams and slow answers that must survive the idle timeout; sessions only
//! usable with the key that created them; duplicate JSON keys answered as
//! JSON-RPC. Times are printed, never asserted.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::{Context as _, Result, anyhow, bail};
use helpdesk_fakes::gorgias::{FakeGorgias, GorgiasOptions};
use helpdesk_tests::harness::{HostBuilder, scratch_dir};
use helpdesk_tests::raw_http::{self, RawResponse};
use serde_json::{Value, json};
use tokio::io::{AsyncRead, AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

const KEY_A: &str = "hk_agent_a_7c41e09d2b5f8a36";
const KEY_B: &str = "hk_agent_b_f19a62c83d07e54b";

fn addr_of(url: &str) -> Result<SocketAddr> {
    url.trim_start_matches("http://")
        .trim_end_matches("/mcp")
        .parse()
        .with_context(|| format!("endpoint {url}"))
}

fn init_body() -> String {
    json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": { "name": "raw", "version": "0" } } })
    .to_string()
}

/// A request head for `/mcp` (keep-alive unless the caller adds `connection`).
fn head(method: &str, addr: SocketAddr, extra: &[(&str, &str)]) -> String {
    let mut head = format!("{method} /mcp HTTP/1.1\r\nhost: {addr}\r\n");
    for (k, v) in extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    head
}

fn post_head(addr: SocketAddr, body_len: usize, session: Option<&str>) -> String {
    let len = body_len.to_string();
    let mut extra = vec![
        ("content-type", "application/json"),
        ("accept", "application/json, text/event-stream"),
        ("mcp-protocol-version", "2025-11-25"),
        ("content-length", len.as_str()),
    ];
    if let Some(s) = session {
        extra.push(("mcp-session-id", s));
    }
    head("POST", addr, &extra)
}

/// Reads until the server closes the connection (EOF or reset) within `within`.
async fn read_until_closed(stream: &mut (impl AsyncRead + Unpin), within: Duration) -> Result<Vec<u8>> {
    let mut got = Vec::new();
    let mut buf = [0u8; 8192];
    tokio::time::timeout(within, async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await
    .map_err(|_| anyhow!("the connection was still open after {within:?}"))?;
    Ok(got)
}

/// Whether `raw` holds one whole response (Content-Length or chunked).
fn complete(raw: &[u8]) -> bool {
    let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") else { return false };
    let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
    let body = &raw[end + 4..];
    if head.contains("transfer-encoding: chunked") {
        return body.starts_with(b"0\r\n\r\n") || body.windows(7).any(|w| w == b"\r\n0\r\n\r\n");
    }
    let length = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(0);
    body.len() >= length
}

/// Reads one whole response from a keep-alive connection.
async fn read_response(stream: &mut TcpStream, within: Duration) -> Result<Vec<u8>> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    tokio::time::timeout(within, async {
        while !complete(&raw) {
            let n = stream.read(&mut buf).await?;
            if n == 0 {
                bail!("closed after {} bytes", raw.len());
            }
            raw.extend_from_slice(&buf[..n]);
        }
        Ok(())
    })
    .await
    .map_err(|_| anyhow!("no whole answer within {within:?}"))??;
    Ok(raw)
}

fn status_of(raw: &[u8]) -> Option<u16> {
    String::from_utf8_lossy(raw).split_whitespace().nth(1)?.parse().ok()
}

fn header_of(raw: &[u8], name: &str) -> Option<String> {
    let text = String::from_utf8_lossy(raw);
    let head = text.split("\r\n\r\n").next()?;
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim().eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn slow_headers_slow_bodies_and_idle_connections_are_closed() -> Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let (url, _log, _child) = HostBuilder::gorgias(&fake)
        .serve_args(&["--header-timeout-secs", "2", "--body-timeout-secs", "2", "--idle-timeout-secs", "3"])
        .http_endpoint()
        .await?;
    let addr = addr_of(&url)?;
    let patience = Duration::from_secs(20);

    // Slowloris: one header line every 300 ms, never the blank line.
    let started = Instant::now();
    let (mut reader, mut writer) = TcpStream::connect(addr).await?.into_split();
    writer.write_all(format!("POST /mcp HTTP/1.1\r\nhost: {addr}\r\n").as_bytes()).await?;
    let trickle = tokio::spawn(async move {
        for n in 0u32.. {
            tokio::time::sleep(Duration::from_millis(300)).await;
            if writer.write_all(format!("x-slow-{n}: y\r\n").as_bytes()).await.is_err() {
                break;
            }
        }
    });
    let said = read_until_closed(&mut reader, patience).await.context("slowloris headers")?;
    println!(
        "figure: slowloris connection (a header line every 300 ms) dropped after {:?}",
        started.elapsed()
    );
    assert!(status_of(&said).is_none_or(|s| s >= 400), "{}", String::from_utf8_lossy(&said));
    trickle.abort();

    // A connection that never says anything.
    let started = Instant::now();
    let mut silent = TcpStream::connect(addr).await?;
    read_until_closed(&mut silent, patience).await.context("silent connection")?;
    println!("figure: silent connection dropped after {:?}", started.elapsed());

    // A body trickled one byte every 300 ms: 408 with a JSON-RPC error, then closed.
    let body = init_body();
    let mut slow = TcpStream::connect(addr).await?;
    slow.write_all(post_head(addr, body.len(), None).as_bytes()).await?;
    let started = Instant::now();
    let (mut reader, mut writer) = slow.into_split();
    let bytes = body.into_bytes();
    let trickle = tokio::spawn(async move {
        for b in bytes {
            tokio::time::sleep(Duration::from_millis(300)).await;
            if writer.write_all(&[b]).await.is_err() {
                break;
            }
        }
    });
    let said = read_until_closed(&mut reader, patience).await.context("trickled body")?;
    println!("figure: trickled body answered and dropped after {:?}", started.elapsed());
    trickle.abort();
    assert_eq!(status_of(&said), Some(408), "{}", String::from_utf8_lossy(&said));
    assert!(String::from_utf8_lossy(&said).contains("\"code\":-32600"), "{}", String::from_utf8_lossy(&said));

    // Keep-alive: two requests on one connection, then it idles and is closed.
    let mut kept = TcpStream::connect(addr).await?;
    let body = init_body();
    kept.write_all(format!("{}{body}", post_head(addr, body.len(), None)).as_bytes()).await?;
    let first = read_response(&mut kept, patience).await?;
    assert_eq!(status_of(&first), Some(200), "{}", String::from_utf8_lossy(&first));
    let session = header_of(&first, "mcp-session-id").ok_or_else(|| anyhow!("no session id"))?;
    let note = r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#;
    kept.write_all(format!("{}{note}", post_head(addr, note.len(), Some(&session))).as_bytes()).await?;
    assert_eq!(status_of(&read_response(&mut kept, patience).await?), Some(202));
    let ping = r#"{"jsonrpc":"2.0","id":2,"method":"ping"}"#;
    kept.write_all(format!("{}{ping}", post_head(addr, ping.len(), Some(&session))).as_bytes()).await?;
    let second = read_response(&mut kept, patience).await?;
    assert_eq!(status_of(&second), Some(200), "the connection is kept alive between requests");
    let idle_since = Instant::now();
    read_until_closed(&mut kept, patience).await.context("idle keep-alive connection")?;
    println!("figure: idle keep-alive connection closed after {:?}", idle_since.elapsed());

    // An open SSE stream is a request in flight: the idle timeout leaves it alone.
    let mut sse = TcpStream::connect(addr).await?;
    let get = head(
        "GET",
        addr,
        &[
            ("accept", "text/event-stream"),
            ("mcp-session-id", &session),
            ("mcp-protocol-version", "2025-11-25"),
        ],
    );
    sse.write_all(get.as_bytes()).await?;
    let mut opened = vec![0u8; 4096];
    let n = tokio::time::timeout(patience, sse.read(&mut opened)).await??;
    assert_eq!(status_of(&opened[..n]), Some(200), "{}", String::from_utf8_lossy(&opened[..n]));
    let quiet_until = Instant::now() + Duration::from_secs(7);
    while Instant::now() < quiet_until {
        match tokio::time::timeout(Duration::from_millis(500), sse.read(&mut opened)).await {
            Err(_) => {}             // nothing to read: still open
            Ok(Ok(n)) if n > 0 => {} // a keep-alive event
            Ok(_) => bail!("the SSE stream was closed while open (idle timeout 3 s)"),
        }
    }

    // A slow tool call streams its answer long after the idle timeout.
    fake.control().set_latency(Duration::from_secs(5));
    let call = json!({ "jsonrpc": "2.0", "id": 3, "method": "tools/call",
        "params": { "name": "get_ticket", "arguments": { "id": 4521 } } })
    .to_string();
    let mut slow_call = TcpStream::connect(addr).await?;
    slow_call.write_all(format!("{}{call}", post_head(addr, call.len(), Some(&session))).as_bytes()).await?;
    let answer = read_response(&mut slow_call, Duration::from_secs(60)).await?;
    fake.control().set_latency(Duration::ZERO);
    let text = String::from_utf8_lossy(&answer);
    assert!(text.contains("\"result\"") && text.contains("4521"), "{text}");

    // A declared oversize body is refused before it is sent.
    let started = Instant::now();
    let r = raw_http::send(
        addr,
        "POST",
        "/mcp",
        &[
            ("content-type", "application/json"),
            ("accept", "application/json, text/event-stream"),
            ("content-length", "104857600"),
        ],
        b"",
        Duration::from_secs(10),
    )
    .await
    .context("a declared 100 MiB body must be answered without being sent")?;
    println!("figure: declared 100 MiB body refused after {:?}", started.elapsed());
    assert_eq!((r.status, r.error_code()), (413, Some(-32600)), "{}", String::from_utf8_lossy(&r.body));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flood_of_idle_sockets_cannot_starve_a_client_under_a_low_file_limit() -> Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let (url, log, _child) = HostBuilder::gorgias(&fake)
        .env("HELPDESK_MCP_KEY", KEY_A)
        .max_open_files(128)
        .serve_args(&["--stateless", "--header-timeout-secs", "3"])
        .http_endpoint()
        .await?;
    let addr = addr_of(&url)?;
    let banner = log.text();
    let cap: usize = banner
        .split("at most ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| anyhow!("no connection cap announced:\n{banner}"))?;
    println!("figure: open-file limit 128 → at most {cap} client connections");
    assert!(cap < 128, "{banner}");

    let mut idle = Vec::new();
    for _ in 0..140 {
        idle.push(TcpStream::connect(addr).await?);
    }
    let call = json!({ "jsonrpc": "2.0", "id": 7, "method": "tools/call",
        "params": { "name": "get_ticket", "arguments": { "id": 4521 } } })
    .to_string();
    let bearer = format!("Bearer {KEY_A}");
    let started = Instant::now();
    let r = raw_http::send(
        addr,
        "POST",
        "/mcp",
        &[
            ("content-type", "application/json"),
            ("accept", "application/json, text/event-stream"),
            ("mcp-protocol-version", "2025-11-25"),
            ("authorization", &bearer),
        ],
        call.as_bytes(),
        Duration::from_secs(60),
    )
    .await
    .context("get_ticket behind 140 idle sockets")?;
    println!("figure: get_ticket behind 140 idle sockets answered after {:?}", started.elapsed());
    let answer = r.json().unwrap_or(Value::Null);
    assert_eq!(r.status, 200, "{answer}");
    assert!(answer["result"]["content"][0]["text"].as_str().is_some_and(|t| t.contains("4521")), "{answer}");
    drop(idle);
    let text = log.text();
    assert!(!text.contains("Too many open files"), "{text}");
    Ok(())
}

/// Sends one request with `key` and `session`; returns the answer.
async fn as_key(addr: SocketAddr, method: &str, key: &str, session: &str, body: &str) -> Result<RawResponse> {
    let bearer = format!("Bearer {key}");
    let mut headers = vec![
        ("content-type", "application/json"),
        ("accept", "application/json, text/event-stream"),
        ("mcp-protocol-version", "2025-11-25"),
        ("authorization", bearer.as_str()),
    ];
    if !session.is_empty() {
        headers.push(("mcp-session-id", session));
    }
    raw_http::send(addr, method, "/mcp", &headers, body.as_bytes(), Duration::from_secs(10)).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_exists_only_for_the_key_that_created_it() -> Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let dir = scratch_dir("session-keys")?;
    let file = dir.join("keys");
    std::fs::write(&file, format!("{KEY_A} agent alice\n{KEY_B} agent bob\n"))?;
    let (url, _log, _child) = HostBuilder::gorgias(&fake)
        .env("HELPDESK_ACCESS_LEVEL", "agent")
        .env("HELPDESK_MCP_KEYS_FILE", &file.to_string_lossy())
        .http_endpoint()
        .await?;
    let addr = addr_of(&url)?;
    let init = as_key(addr, "POST", KEY_A, "", &init_body()).await?;
    assert_eq!(init.status, 200);
    let session = init.header("mcp-session-id").ok_or_else(|| anyhow!("no session"))?.to_owned();
    let list = r#"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#;

    let unknown = as_key(addr, "POST", KEY_A, "no-such-session", list).await?;
    for method in ["POST", "GET", "DELETE"] {
        let body = if method == "POST" { list } else { "" };
        let r = as_key(addr, method, KEY_B, &session, body).await?;
        assert_eq!(r.status, 404, "{method} with another key: {}", String::from_utf8_lossy(&r.body));
        assert_eq!(r.body, unknown.body, "{method}: another key's session looks like no session at all");
    }
    let r = as_key(addr, "POST", KEY_A, &session, list).await?;
    assert_eq!(r.status, 200, "the owner's session survived the attempts");
    assert!(r.json().is_some_and(|v| v["result"]["tools"].is_array()));

    let ended = as_key(addr, "DELETE", KEY_A, &session, "").await?;
    assert!(matches!(ended.status, 200 | 204), "{}", ended.status);
    for method in ["DELETE", "POST"] {
        let body = if method == "POST" { list } else { "" };
        let r = as_key(addr, method, KEY_A, &session, body).await?;
        assert_eq!(r.status, 404, "{method} of an ended session");
    }
    let r = as_key(addr, "DELETE", KEY_A, "no-such-session", "").await?;
    assert_eq!(r.status, 404, "DELETE of an unknown session");
    assert_eq!(r.error_code(), Some(-32001));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn duplicate_keys_get_a_json_rpc_error() -> Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let (url, _log, _child) = HostBuilder::gorgias(&fake).http_endpoint().await?;
    let addr = addr_of(&url)?;
    let init = as_key(addr, "POST", "", "", &init_body()).await?;
    let session = init.header("mcp-session-id").unwrap_or_default().to_owned();
    for session in ["", session.as_str()] {
        let r =
            as_key(addr, "POST", "", session, r#"{"jsonrpc":"2.0","id":1,"id":2,"method":"ping"}"#).await?;
        assert_eq!(r.status, 400, "{}", String::from_utf8_lossy(&r.body));
        assert!(r.header("content-type").is_some_and(|t| t.starts_with("application/json")));
        let error = r.json().unwrap_or(Value::Null);
        assert_eq!(error["error"]["code"], -32600, "{error}");
        assert!(
            error["error"]["message"].as_str().is_some_and(|m| m.contains("duplicate key `id`")),
            "{error}"
        );
    }
    Ok(())
}
