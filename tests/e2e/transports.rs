//! Both transports serve the same tools; the HTTP one refuses foreign `Host`
//! headers (DNS rebinding) and keeps serving.

use helpdesk_fakes::gorgias::{FakeGorgias, GorgiasOptions, fixtures};
use helpdesk_tests::harness::HostBuilder;
use serde_json::json;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

#[tokio::test(flavor = "multi_thread")]
async fn streamable_http_serves_tools_to_rmcp_clients() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let host = HostBuilder::gorgias(&fake).http().await?;
    let tools = host.client.list_all_tools().await?;
    assert_eq!(tools.len(), 7);
    let r = host.structured("search_tickets", json!({ "query": fixtures::ALICE_EMAIL })).await?;
    assert_eq!(r["tickets"].as_array().map(Vec::len), Some(fixtures::ALICE_TICKET_COUNT));
    let text = host.text("get_ticket", json!({ "id": fixtures::LONG_TICKET_ID, "max_messages": 10 })).await?;
    assert!(text.contains("Ongoing issue with bulk corporate order"));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_calls_are_served_independently() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let host = HostBuilder::gorgias(&fake).http().await?;
    let ids = [4521, 4518, 4600, 4601, 4602, 99999];
    let results =
        futures::future::join_all(ids.iter().map(|id| host.call("get_ticket", json!({ "id": id })))).await;
    let errors: Vec<bool> =
        results.iter().map(|r| r.as_ref().map_or(true, |r| r.is_error == Some(true))).collect();
    assert_eq!(errors, [false, false, false, false, false, true], "one missing ticket fails alone");
    Ok(())
}

async fn raw_post(url: &str, host_header: &str) -> anyhow::Result<String> {
    let addr = url.trim_start_matches("http://").trim_end_matches("/mcp");
    let body = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"0"}}}"#;
    let request = format!(
        "POST /mcp HTTP/1.1\r\nHost: {host_header}\r\nContent-Type: application/json\r\nAccept: application/json, text/event-stream\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    stream.write_all(request.as_bytes()).await?;
    let mut response = String::new();
    stream.read_to_string(&mut response).await?;
    Ok(response)
}

#[tokio::test(flavor = "multi_thread")]
async fn http_refuses_foreign_host_headers() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let (url, _stderr, _child) = HostBuilder::gorgias(&fake).http_endpoint().await?;
    let evil = raw_post(&url, "evil.example.com").await?;
    assert!(evil.starts_with("HTTP/1.1 403"), "{evil}");
    let local = raw_post(&url, "localhost").await?;
    assert!(local.starts_with("HTTP/1.1 200"), "{local}");
    Ok(())
}
