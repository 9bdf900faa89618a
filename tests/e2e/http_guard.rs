//! Streamable HTTP, as a hostile or sloppy client sees it: client keys and
//! tiers, Host/Origin checks, sessions ending, stateless mode, body limits,
//! protocol-version headers and `server/discover`. Raw HTTP where the status
//! code is the point; rmcp's client where a whole session is.

use std::collections::HashMap;
use std::time::Duration;

use helpdesk_fakes::gorgias::{FakeGorgias, GorgiasOptions};
use helpdesk_tests::harness::{HostBuilder, scratch_dir};
use http::{HeaderName, HeaderValue};
use rmcp::ServiceExt;
use rmcp::model::CallToolRequestParams;
use rmcp::transport::StreamableHttpClientTransport;
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use serde_json::{Value, json};

const READONLY_KEY: &str = "hk_readonly_5d1c9a7e3b2f4a6c8e0d";
const AGENT_KEY: &str = "hk_agent_9f8e7d6c5b4a39281706";

/// One raw POST; returns status, headers and the body as JSON (or a string).
async fn post(
    url: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> anyhow::Result<(u16, HashMap<String, String>, Value)> {
    let client = reqwest::Client::new();
    let mut req = client
        .post(url)
        .header("content-type", "application/json")
        .header("accept", "application/json, text/event-stream")
        .body(body.to_owned());
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let res = req.send().await?;
    let status = res.status().as_u16();
    let headers = res
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or_default().to_owned()))
        .collect();
    let text = res.text().await?;
    // An SSE answer carries the JSON in a `data:` line (after an empty priming event).
    let json_text = text
        .lines()
        .filter_map(|l| l.strip_prefix("data:").map(str::trim))
        .rfind(|d| !d.is_empty())
        .unwrap_or(text.as_str());
    let body = serde_json::from_str(json_text).unwrap_or(Value::String(text.clone()));
    Ok((status, headers, body))
}

fn initialize(version: &str) -> String {
    json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": version, "capabilities": {}, "clientInfo": { "name": "raw", "version": "0" } } })
    .to_string()
}

async fn fake() -> anyhow::Result<FakeGorgias> {
    Ok(FakeGorgias::start(GorgiasOptions::default()).await?)
}

/// An rmcp client session with a bearer key and extra headers.
async fn connect(
    url: &str,
    key: &str,
    headers: &[(&'static str, &'static str)],
) -> anyhow::Result<rmcp::service::RunningService<rmcp::RoleClient, ()>> {
    let custom: HashMap<HeaderName, HeaderValue> =
        headers.iter().map(|(k, v)| (HeaderName::from_static(k), HeaderValue::from_static(v))).collect();
    let config = StreamableHttpClientTransportConfig::with_uri(url).auth_header(key).custom_headers(custom);
    Ok(().serve(StreamableHttpClientTransport::from_config(config)).await?)
}

async fn tool_names(
    client: &rmcp::service::RunningService<rmcp::RoleClient, ()>,
) -> anyhow::Result<Vec<String>> {
    Ok(client.list_all_tools().await?.into_iter().map(|t| t.name.to_string()).collect())
}

#[tokio::test(flavor = "multi_thread")]
async fn client_keys_authenticate_and_their_tier_narrows_the_session() -> anyhow::Result<()> {
    let fake = fake().await?;
    let dir = scratch_dir("keys")?;
    let file = dir.join("keys");
    std::fs::write(
        &file,
        format!("# test clients\n{READONLY_KEY} readonly reporting-bot\n{AGENT_KEY} agent Support Claude\n"),
    )?;
    let (url, log, _child) = HostBuilder::gorgias(&fake)
        .env("HELPDESK_ACCESS_LEVEL", "agent")
        .env("HELPDESK_MCP_KEYS_FILE", &file.to_string_lossy())
        .http_endpoint()
        .await?;

    let (status, headers, body) = post(&url, &[], &initialize("2025-11-25")).await?;
    assert_eq!(status, 401, "{body}");
    assert_eq!(body["error"]["code"], -32001, "{body}");
    assert!(headers.get("www-authenticate").is_some_and(|h| h.starts_with("Bearer")));
    let wrong = format!("Bearer {}x", &AGENT_KEY[..AGENT_KEY.len() - 1]);
    let (status, headers, _) = post(&url, &[("authorization", &wrong)], &initialize("2025-11-25")).await?;
    assert_eq!(status, 401);
    assert!(headers.get("www-authenticate").is_some_and(|h| h.contains("invalid_token")));

    let agent = connect(&url, AGENT_KEY, &[]).await?;
    assert!(tool_names(&agent).await?.contains(&"reply_to_ticket".to_owned()));
    let readonly = connect(&url, READONLY_KEY, &[]).await?;
    let names = tool_names(&readonly).await?;
    assert!(
        names.contains(&"get_ticket".to_owned()) && !names.contains(&"reply_to_ticket".to_owned()),
        "{names:?}"
    );
    let args = json!({ "id": 4521, "message": "hello" }).as_object().cloned().unwrap_or_default();
    let r = readonly.call_tool(CallToolRequestParams::new("reply_to_ticket").with_arguments(args)).await?;
    assert_eq!(r.is_error, Some(true), "a readonly key cannot call a write tool by name");
    // The tier header narrows an agent key; it never widens a readonly one.
    let narrowed = connect(&url, AGENT_KEY, &[("x-helpdesk-access-level", "readonly")]).await?;
    assert!(!tool_names(&narrowed).await?.contains(&"reply_to_ticket".to_owned()));
    let widened = connect(&url, READONLY_KEY, &[("x-helpdesk-access-level", "admin")]).await?;
    assert!(!tool_names(&widened).await?.contains(&"reply_to_ticket".to_owned()));
    assert!(fake.control().writes().is_empty());

    tokio::time::sleep(Duration::from_millis(200)).await;
    let text = log.text();
    assert!(text.contains("reporting-bot") && text.contains("Support Claude"), "labels are logged:\n{text}");
    assert!(!text.contains(READONLY_KEY) && !text.contains(AGENT_KEY), "keys are never logged");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn hosts_and_origins_must_be_allowed() -> anyhow::Result<()> {
    let fake = fake().await?;
    let (url, _log, _child) = HostBuilder::gorgias(&fake)
        .serve_args(&["--allowed-host", "mcp.example.test"])
        .http_endpoint()
        .await?;
    let init = initialize("2025-11-25");
    for (headers, want) in [
        (vec![("host", "evil.example.com")], 403),
        (vec![("host", "mcp.example.test.evil.test")], 403),
        (vec![("origin", "http://evil.example.com")], 403),
        (vec![("origin", "null")], 403),
        (vec![("host", "evil.example.com"), ("origin", "http://evil.example.com")], 403),
        (vec![("host", "mcp.example.test")], 200),
        (vec![("origin", "http://localhost:6274")], 200),
        (vec![], 200),
    ] {
        let (status, _, body) = post(&url, &headers, &init).await?;
        assert_eq!(status, want, "{headers:?}: {body}");
        if want == 403 {
            assert_eq!(body["jsonrpc"], "2.0", "refusals carry a JSON-RPC error: {body}");
        }
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_public_address_without_keys_is_refused_at_start() -> anyhow::Result<()> {
    let (code, _, stderr) = HostBuilder::new().arg("--demo").run(&["serve", "--listen", "0.0.0.0:0"]).await?;
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("--allow-unauthenticated") && stderr.contains("HELPDESK_MCP_KEYS_FILE"),
        "{stderr}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn ended_and_unknown_sessions_get_404() -> anyhow::Result<()> {
    let fake = fake().await?;
    let (url, _log, _child) = HostBuilder::gorgias(&fake).http_endpoint().await?;
    let (status, headers, _) = post(&url, &[], &initialize("2025-11-25")).await?;
    assert_eq!(status, 200);
    let session = headers.get("mcp-session-id").cloned().unwrap_or_default();
    assert!(!session.is_empty() && session.bytes().all(|b| (0x21..=0x7e).contains(&b)), "{session:?}");
    let list = json!({ "jsonrpc": "2.0", "id": 2, "method": "tools/list" }).to_string();
    let with = [("mcp-session-id", session.as_str()), ("mcp-protocol-version", "2025-11-25")];
    assert_eq!(post(&url, &with, &list).await?.0, 200);
    let deleted = reqwest::Client::new().delete(&url).header("mcp-session-id", &session).send().await?;
    assert!(deleted.status().is_success(), "DELETE ends a session: {}", deleted.status());
    assert_eq!(post(&url, &with, &list).await?.0, 404, "an ended session is gone");
    let unknown = [("mcp-session-id", "no-such-session"), ("mcp-protocol-version", "2025-11-25")];
    assert_eq!(post(&url, &unknown, &list).await?.0, 404);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn protocol_versions_and_discover() -> anyhow::Result<()> {
    let fake = fake().await?;
    let (url, _log, _child) = HostBuilder::gorgias(&fake).http_endpoint().await?;
    let discover = json!({ "jsonrpc": "2.0", "id": 0, "method": "server/discover", "params": { "_meta": {
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientInfo": { "name": "probe", "version": "0" },
        "io.modelcontextprotocol/clientCapabilities": {} } } })
    .to_string();
    let started = std::time::Instant::now();
    let (status, headers, body) =
        post(&url, &[("mcp-protocol-version", "2026-07-28"), ("mcp-method", "server/discover")], &discover)
            .await?;
    assert_eq!(status, 200, "{body}");
    assert!(body["result"]["supportedVersions"].to_string().contains("2026-07-28"), "{body}");
    assert!(!headers.contains_key("mcp-session-id"), "2026-07-28 has no sessions");
    assert!(started.elapsed() < Duration::from_secs(5), "answered at once");
    for method in ["tickets/list", "foo/bar"] {
        let probe = json!({ "jsonrpc": "2.0", "id": "x", "method": method, "params": {} }).to_string();
        let (status, _, body) = post(&url, &[], &probe).await?;
        assert_eq!((status, body["error"]["code"].as_i64()), (200, Some(-32601)), "{method}: {body}");
        assert_eq!(body["id"], "x");
    }
    for version in ["2025-11-25", "2025-06-18", "2025-03-26"] {
        let (status, headers, body) = post(&url, &[], &initialize(version)).await?;
        assert_eq!(status, 200, "{version}: {body}");
        assert_eq!(body["result"]["protocolVersion"], version, "{body}");
        let session = headers.get("mcp-session-id").cloned().unwrap_or_default();
        let ping = json!({ "jsonrpc": "2.0", "id": "p", "method": "ping" }).to_string();
        let h = [("mcp-session-id", session.as_str()), ("mcp-protocol-version", version)];
        assert_eq!(post(&url, &h, &ping).await?.0, 200, "{version}");
        let bad = [("mcp-session-id", session.as_str()), ("mcp-protocol-version", "1999-01-01")];
        assert_eq!(post(&url, &bad, &ping).await?.0, 400, "an unsupported version header is refused");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn stateless_mode_answers_json_without_sessions() -> anyhow::Result<()> {
    let fake = fake().await?;
    let (url, _log, _child) =
        HostBuilder::gorgias(&fake).serve_args(&["--stateless"]).http_endpoint().await?;
    let (status, headers, body) = post(&url, &[], &initialize("2025-11-25")).await?;
    assert_eq!(status, 200, "{body}");
    assert!(!headers.contains_key("mcp-session-id"), "no sessions: {headers:?}");
    assert!(headers.get("content-type").is_some_and(|c| c.starts_with("application/json")), "{headers:?}");
    let call = json!({ "jsonrpc": "2.0", "id": 7, "method": "tools/call",
        "params": { "name": "get_ticket", "arguments": { "id": 4521 } } })
    .to_string();
    let (status, _, body) = post(&url, &[("mcp-protocol-version", "2025-11-25")], &call).await?;
    assert_eq!(status, 200, "{body}");
    assert!(body["result"]["content"][0]["text"].as_str().is_some_and(|t| t.contains("4521")), "{body}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn oversized_bodies_get_413_and_never_reach_the_helpdesk() -> anyhow::Result<()> {
    let fake = fake().await?;
    let (url, _log, _child) =
        HostBuilder::gorgias(&fake).serve_args(&["--max-body-bytes", "4096"]).http_endpoint().await?;
    let big = json!({ "jsonrpc": "2.0", "id": 1, "method": "tools/call",
        "params": { "name": "search_tickets", "arguments": { "query": "x".repeat(10_000) } } })
    .to_string();
    let (status, _, _) = post(&url, &[], &big).await?;
    assert_eq!(status, 413);
    assert_eq!(post(&url, &[], &initialize("2025-11-25")).await?.0, 200, "still serving");
    assert_eq!(fake.control().request_count(), 0);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn idle_sessions_expire() -> anyhow::Result<()> {
    let fake = fake().await?;
    let (url, log, _child) =
        HostBuilder::gorgias(&fake).serve_args(&["--session-idle-secs", "1"]).http_endpoint().await?;
    let (_, headers, _) = post(&url, &[], &initialize("2025-11-25")).await?;
    let session = headers.get("mcp-session-id").cloned().unwrap_or_default();
    let list = json!({ "jsonrpc": "2.0", "id": 2, "method": "tools/list" }).to_string();
    let with = [("mcp-session-id", session.as_str()), ("mcp-protocol-version", "2025-11-25")];
    // No request meanwhile, and no new client: the server's timer ends it (and frees it).
    log.wait_for("ended 1 idle session(s); 0 live", Duration::from_secs(10)).await?;
    assert_eq!(post(&url, &with, &list).await?.0, 404, "an idle session ends on its own");
    Ok(())
}
