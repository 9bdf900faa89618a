//! The component itself: its imports, and its `wasi:http/incoming-handler`
//! driven in-process exactly as `wasmtime serve` drives it.

use std::convert::Infallible;
use std::time::Duration;

use bytes::Bytes;
use helpdesk_fakes::gorgias::{FakeGorgias, Fault, FaultKind, GorgiasOptions, fixtures};
use helpdesk_mcp::HostError;
use helpdesk_mcp::cache::Cache;
use helpdesk_mcp::component::{CallLimits, Code, Runtime};
use helpdesk_mcp::sandbox::Sandbox;
use helpdesk_tests::harness::cache_dir;
use http_body_util::{BodyExt as _, Full};
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread")]
async fn the_component_imports_only_wasi_interfaces() -> anyhow::Result<()> {
    let code = Code::load(&Cache::Dir(cache_dir()))?;
    let imports = code.imports();
    assert!(!imports.is_empty());
    let foreign: Vec<&String> = imports.iter().filter(|i| !i.starts_with("wasi:")).collect();
    assert!(foreign.is_empty(), "non-WASI imports: {foreign:?}");
    let risky: Vec<&String> = imports
        .iter()
        .filter(|i| i.starts_with("wasi:filesystem") || i.starts_with("wasi:sockets"))
        .collect();
    assert!(risky.is_empty(), "the component must not even ask for files or sockets: {risky:?}");
    Ok(())
}

fn runtime(fake: &FakeGorgias, limits: CallLimits) -> anyhow::Result<Runtime> {
    let env = vec![
        ("GORGIAS_BASE_URL".to_owned(), fake.base_url()),
        ("GORGIAS_EMAIL".to_owned(), fixtures::EMAIL.to_owned()),
        ("GORGIAS_API_KEY".to_owned(), fixtures::API_KEY.to_owned()),
    ];
    Ok(Runtime::new(
        Code::load(&Cache::Dir(cache_dir()))?,
        env,
        Sandbox::new(&[fake.origin()])?,
        limits,
        None,
    ))
}

async fn post(runtime: &Runtime, body: Value) -> anyhow::Result<(u16, Value)> {
    let request = http::Request::builder()
        .method("POST")
        .uri("http://localhost/mcp")
        .header("content-type", "application/json")
        .header("accept", "application/json, text/event-stream")
        .body(Full::new(Bytes::from(body.to_string())).map_err(|e: Infallible| match e {}).boxed_unsync())?;
    let response = runtime.handle_http(request).await?;
    let status = response.status().as_u16();
    let bytes = response.into_body().collect().await.map_err(|e| anyhow::anyhow!("{e:?}"))?.to_bytes();
    let value = if bytes.is_empty() { Value::Null } else { serde_json::from_slice(&bytes)? };
    Ok((status, value))
}

#[tokio::test(flavor = "multi_thread")]
async fn incoming_handler_speaks_stateless_mcp() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let rt = runtime(&fake, CallLimits::default())?;
    let (status, init) = post(
        &rt,
        json!({ "jsonrpc": "2.0", "id": 0, "method": "initialize",
                "params": { "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": { "name": "t", "version": "1" } } }),
    )
    .await?;
    assert_eq!(status, 200);
    assert_eq!(init["result"]["protocolVersion"], "2025-11-25");
    assert_eq!(init["result"]["serverInfo"]["name"], "helpdesk-mcp");

    let (status, _) = post(&rt, json!({ "jsonrpc": "2.0", "method": "notifications/initialized" })).await?;
    assert_eq!(status, 202);

    let (_, list) = post(&rt, json!({ "jsonrpc": "2.0", "id": 1, "method": "tools/list" })).await?;
    let names: Vec<&str> =
        list["result"]["tools"].as_array().into_iter().flatten().filter_map(|t| t["name"].as_str()).collect();
    assert_eq!(
        names,
        [
            "search_tickets",
            "get_ticket",
            "list_tickets",
            "helpdesk_stats",
            "search_customers",
            "get_customer",
            "list_reference"
        ]
    );

    let (_, call) = post(
        &rt,
        json!({ "jsonrpc": "2.0", "id": "c1", "method": "tools/call", "params": { "name": "get_ticket", "arguments": { "id": 4521 } } }),
    )
    .await?;
    assert_eq!(call["id"], "c1");
    assert_eq!(call["result"]["isError"], false);
    assert!(
        call["result"]["content"][0]["text"].as_str().unwrap_or_default().contains("Refund not received")
    );
    assert_eq!(call["result"]["structuredContent"]["ticket"]["id"], "4521");

    let (_, unknown) = post(&rt, json!({ "jsonrpc": "2.0", "id": 2, "method": "server/discover" })).await?;
    assert_eq!(unknown["error"]["code"], -32601);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_host_deadline_stops_a_call_the_component_cannot() -> anyhow::Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    fake.control().inject(Fault::new("/api/tickets/4521", FaultKind::Hang).with_method("GET").exact());
    // The component's own budget (30 s default) outlasts the host's deadline here.
    let rt = runtime(&fake, CallLimits { deadline: Duration::from_millis(800), ..CallLimits::default() })?;
    match rt.call_tool("get_ticket", r#"{"id":4521}"#).await {
        Err(HostError::Deadline(d)) => assert_eq!(d, Duration::from_millis(800)),
        other => panic!("expected the deadline, got {other:?}"),
    }
    // A fresh instance serves the next call.
    let ok = rt.call_tool("get_ticket", r#"{"id":4521}"#).await?.map_err(|e| anyhow::anyhow!("{e:?}"))?;
    assert!(!ok.is_error);
    Ok(())
}
