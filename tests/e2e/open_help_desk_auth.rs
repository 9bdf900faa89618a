//! Open Help Desk's OAuth2 client credentials through the host's token cache:
//! one token request per token lifetime across many calls, renewal before
//! expiry and after a 401, the secret never shown; and the `/mcp/` endpoint
//! with a trailing slash that Open Help Desk client configs use.

use std::collections::HashMap;
use std::time::Duration;

use helpdesk_fakes::ohd::{FakeOhd, OhdOptions, fixtures as o};
use helpdesk_tests::harness::{HostBuilder, scratch_dir};
use http::{HeaderName, HeaderValue};
use rmcp::ServiceExt;
use rmcp::model::CallToolRequestParams;
use rmcp::transport::StreamableHttpClientTransport;
use rmcp::transport::streamable_http_client::StreamableHttpClientTransportConfig;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn ohd_one_token_request_across_many_calls_and_a_new_one_after_expiry() -> anyhow::Result<()> {
    let fake = FakeOhd::start(OhdOptions::default()).await?;
    let host = HostBuilder::ohd_client(&fake)
        .env("HELPDESK_ACCESS_LEVEL", "agent")
        .env("HELPDESK_CONFIRM_WRITES", "0")
        .stdio()
        .await?;
    let mut outputs = Vec::new();
    for _ in 0..4 {
        outputs.push(host.text("get_ticket", json!({ "id": o::TICKET_293 })).await?);
        outputs.push(host.text("list_tickets", json!({ "status": "open" })).await?);
        outputs.push(host.text("list_reference", json!({ "kind": "agents" })).await?);
    }
    outputs
        .push(host.text("update_ticket", json!({ "id": o::TICKET_293, "assignee": o::AMELIE_NAME })).await?);
    assert_eq!(fake.token_requests(), 1, "one token for every call within its lifetime");
    // The fake's clock passes the hour: the cached token is refused (401),
    // the component asks again past the cache, and carries on.
    fake.advance_clock(Duration::from_secs(3601));
    outputs.push(host.text("get_ticket", json!({ "id": o::TICKET_293 })).await?);
    outputs.push(host.text("list_tickets", json!({})).await?);
    assert_eq!(fake.token_requests(), 2, "one renewal after expiry");
    let (code, out, err) = HostBuilder::ohd_client(&fake).run(&["check"]).await?;
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("client credentials") && out.contains("role Admin"), "{out}");
    outputs.extend([out, err, host.stderr.text()]);
    for text in &outputs {
        assert!(!text.contains(o::CLIENT_SECRET), "the client secret leaked");
        assert!(!text.contains("eyJ"), "a token leaked");
    }
    let (code, out, err) =
        HostBuilder::ohd_client(&fake).env("OHD_CLIENT_SECRET", "wrong-secret-123").run(&["check"]).await?;
    assert_ne!(code, 0);
    assert!(
        format!("{out}{err}").contains("OHD_CLIENT_SECRET")
            && !format!("{out}{err}").contains("wrong-secret-123")
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn ohd_short_lived_tokens_are_renewed_before_they_expire() -> anyhow::Result<()> {
    let fake = FakeOhd::start(OhdOptions { token_lifetime: Duration::from_secs(2), ..OhdOptions::default() })
        .await?;
    let host = HostBuilder::ohd_client(&fake).stdio().await?;
    host.text("get_ticket", json!({ "id": o::TICKET_293 })).await?;
    host.text("get_ticket", json!({ "id": o::TICKET_293 })).await?;
    assert_eq!(fake.token_requests(), 1);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    host.text("get_ticket", json!({ "id": o::TICKET_293 })).await?;
    assert_eq!(fake.token_requests(), 2);
    assert!(fake.control().requests().iter().all(|r| r.authorized), "renewed before any 401");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn ohd_clients_configured_for_mcp_with_a_trailing_slash_work_with_their_keys() -> anyhow::Result<()> {
    const AGENT: &str = "hk_agent_ohd_7c1e9a2b4d6f8a0c";
    const READER: &str = "hk_readonly_ohd_3b5d7f9a1c2e4f6a";
    let fake = FakeOhd::start(OhdOptions::default()).await?;
    let dir = scratch_dir("ohd-keys")?;
    let file = dir.join("keys");
    std::fs::write(&file, format!("{AGENT} agent Claude Code\n{READER} readonly Cursor\n"))?;
    let (url, _log, _child) = HostBuilder::ohd(&fake, o::STAFF_KEY)
        .env("HELPDESK_ACCESS_LEVEL", "agent")
        .env("HELPDESK_MCP_KEYS_FILE", &file.to_string_lossy())
        .http_endpoint()
        .await?;
    // What a Claude Code / Cursor config for Open Help Desk holds: the URL
    // with its trailing slash and an Authorization header.
    let slash = format!("{url}/");
    let connect = |key: &'static str| {
        let headers: HashMap<HeaderName, HeaderValue> = HashMap::new();
        let config = StreamableHttpClientTransportConfig::with_uri(slash.clone())
            .auth_header(key)
            .custom_headers(headers);
        ().serve(StreamableHttpClientTransport::from_config(config))
    };
    let agent = connect(AGENT).await?;
    let names: Vec<String> = agent.list_all_tools().await?.into_iter().map(|t| t.name.to_string()).collect();
    assert!(names.contains(&"update_ticket".to_owned()), "{names:?}");
    let args = json!({ "id": o::TICKET_293 }).as_object().cloned().unwrap_or_default();
    let r = agent.call_tool(CallToolRequestParams::new("get_ticket").with_arguments(args)).await?;
    assert_ne!(r.is_error, Some(true), "{r:?}");
    let reader = connect(READER).await?;
    let names: Vec<String> = reader.list_all_tools().await?.into_iter().map(|t| t.name.to_string()).collect();
    assert!(!names.contains(&"update_ticket".to_owned()), "the readonly key's tier narrows: {names:?}");
    Ok(())
}
