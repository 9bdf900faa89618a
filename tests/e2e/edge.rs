//! The component alone under the real `wasmtime serve` CLI (the "edge" way to
//! run it: no host of ours, MCP spoken by the component's own
//! `wasi:http/incoming-handler`), against the fake Gorgias. Skipped, with a
//! notice, when no `wasmtime` binary is installed.

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use helpdesk_fakes::gorgias::{FakeGorgias, GorgiasOptions, fixtures};
use helpdesk_mcp::component::Code;
use helpdesk_tests::harness::target_dir;
use helpdesk_tests::raw_http::{self, RawResponse};
use serde_json::{Value, json};
use tokio::process::Command;

/// `wasmtime` on PATH, else in `~/.cargo/bin` (where `cargo install wasmtime-cli` puts it).
fn wasmtime_cli() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).map(|d| d.join("wasmtime")).collect::<Vec<_>>())
        .unwrap_or_default();
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    on_path.into_iter().chain(cargo_home.map(|c| c.join("bin").join("wasmtime"))).find(|p| p.is_file())
}

/// The component the host embeds, written where `wasmtime serve` can read it.
fn component_file() -> Result<PathBuf> {
    let dir = target_dir().join("e2e-edge");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("helpdesk_guest-{}.wasm", std::process::id()));
    std::fs::write(&path, Code::wasm())?;
    Ok(path)
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?.local_addr()?.port())
}

async fn post(addr: SocketAddr, body: &Value) -> Result<RawResponse> {
    raw_http::send(
        addr,
        "POST",
        "/mcp",
        &[
            ("content-type", "application/json"),
            ("accept", "application/json, text/event-stream"),
            ("mcp-protocol-version", "2025-11-25"),
        ],
        body.to_string().as_bytes(),
        Duration::from_secs(30),
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn wasmtime_serve_runs_the_component_as_an_mcp_server() -> Result<()> {
    let Some(wasmtime) = wasmtime_cli() else {
        eprintln!(
            "SKIPPED wasmtime_serve_runs_the_component_as_an_mcp_server: no `wasmtime` on PATH or in ~/.cargo/bin"
        );
        return Ok(());
    };
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let wasm = component_file()?;
    let port = free_port()?;
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    // The exact command README's "Deploying to the edge" documents.
    let mut child = Command::new(&wasmtime)
        .args(["serve", "-Scli", "-Shttp", "--addr", &addr.to_string()])
        .arg("--env")
        .arg(format!("GORGIAS_BASE_URL={}", fake.base_url()))
        .arg("--env")
        .arg(format!("GORGIAS_EMAIL={}", fixtures::EMAIL))
        .arg("--env")
        .arg(format!("GORGIAS_API_KEY={}", fixtures::API_KEY))
        .arg(&wasm)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .with_context(|| format!("spawn {}", wasmtime.display()))?;

    // wasmtime compiles the component before it listens: wait for the port.
    let start = tokio::time::Instant::now();
    while tokio::net::TcpStream::connect(addr).await.is_err() {
        if let Some(status) = child.try_wait()? {
            let mut err = String::new();
            if let Some(mut s) = child.stderr.take() {
                tokio::io::AsyncReadExt::read_to_string(&mut s, &mut err).await?;
            }
            bail!("wasmtime serve exited with {status}: {err}");
        }
        if start.elapsed() > Duration::from_secs(120) {
            bail!("wasmtime serve did not listen on {addr} within 120 s");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    let init = post(
        addr,
        &json!({ "jsonrpc": "2.0", "id": 0, "method": "initialize",
                 "params": { "protocolVersion": "2025-11-25", "capabilities": {},
                             "clientInfo": { "name": "edge-test", "version": "1" } } }),
    )
    .await?;
    assert_eq!(init.status, 200);
    assert!(init.header("content-type").is_some_and(|t| t.starts_with("application/json")));
    let init = init.json().context("initialize answer is not JSON")?;
    assert_eq!(init["result"]["protocolVersion"], "2025-11-25");
    assert_eq!(init["result"]["serverInfo"]["name"], "helpdesk-mcp");
    assert_eq!(init["result"]["capabilities"]["tools"]["listChanged"], false);

    let note = post(addr, &json!({ "jsonrpc": "2.0", "method": "notifications/initialized" })).await?;
    assert_eq!((note.status, note.body.len()), (202, 0));

    let list = post(addr, &json!({ "jsonrpc": "2.0", "id": 1, "method": "tools/list" })).await?.json();
    let names: Vec<String> = list
        .as_ref()
        .and_then(|l| l["result"]["tools"].as_array())
        .into_iter()
        .flatten()
        .filter_map(|t| t["name"].as_str().map(str::to_owned))
        .collect();
    assert!(names.iter().any(|n| n == "get_ticket"), "tools: {names:?}");
    assert!(!names.iter().any(|n| n == "reply_to_ticket"), "readonly by default: {names:?}");

    assert_eq!(fake.control().request_count(), 0, "nothing upstream before a tool call");
    let call = post(
        addr,
        &json!({ "jsonrpc": "2.0", "id": "c1", "method": "tools/call",
                 "params": { "name": "get_ticket", "arguments": { "id": 4521 } } }),
    )
    .await?
    .json()
    .context("tools/call answer is not JSON")?;
    assert_eq!(call["id"], "c1");
    assert_eq!(call["result"]["isError"], false, "{call}");
    let text = call["result"]["content"][0]["text"].as_str().unwrap_or_default();
    assert!(text.contains("Refund not received"), "{text}");
    assert_eq!(call["result"]["structuredContent"]["ticket"]["id"], "4521");
    assert!(fake.control().count("GET", "/api/tickets/4521") >= 1, "the call went to the fake");

    let get =
        raw_http::send(addr, "GET", "/mcp", &[("accept", "text/event-stream")], b"", Duration::from_secs(10))
            .await?;
    assert_eq!((get.status, get.header("allow")), (405, Some("POST")));

    child.kill().await?;
    let _ = std::fs::remove_file(&wasm);
    Ok(())
}
