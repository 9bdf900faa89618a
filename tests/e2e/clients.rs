//! Independent clients against the demo helpdesk, over both transports: the official Python
//! and TypeScript SDKs and the Inspector v2 CLI (installed by `helpdesk_tests::clients`). Each
//! lists the tools and reads a fixture ticket, and the answer's text is checked.

use std::ffi::OsString;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use helpdesk_fakes::gorgias::fixtures;
use helpdesk_tests::clients::clients;
use helpdesk_tests::harness::{HostBuilder, cache_dir, host_binary};
use serde_json::{Value, json};
use tokio::process::Command;

/// Tools every readonly configuration offers.
const EXPECTED_TOOLS: [&str; 4] = ["search_tickets", "get_ticket", "list_tickets", "list_reference"];

/// A client run that hangs is a failure, not a stuck suite.
const CLIENT_DEADLINE: Duration = Duration::from_secs(120);

/// The host as a stdio server command line: the demo helpdesk, the tests' component cache.
/// Options, not environment: the SDKs pass only a minimal environment to the servers they spawn.
fn stdio_server() -> Vec<OsString> {
    vec![
        host_binary().into(),
        "--demo".into(),
        "--cache-dir".into(),
        cache_dir().into(),
        "--log".into(),
        "warn".into(),
    ]
}

/// A demo host on HTTP: its `/mcp` URL and the child (killed on drop).
async fn http_server() -> Result<(String, tokio::process::Child)> {
    warm_cache().await?;
    let (url, _stderr, child) = HostBuilder::new().arg("--demo").http_endpoint().await?;
    Ok((url, child))
}

/// Compiles the component into the tests' cache once per test process (a no-op when it is
/// warm: `helpdesk-mcp tools` takes milliseconds then, a minute cold in a debug build). Clients
/// time out their handshakes (the Python SDK's discover probe after 10 s, the TypeScript SDK's
/// requests after 60 s), so every test here starts from a warm cache.
pub(crate) async fn warm_cache() -> Result<()> {
    static WARM: tokio::sync::OnceCell<()> = tokio::sync::OnceCell::const_new();
    WARM.get_or_try_init(|| async {
        let (code, _, stderr) = HostBuilder::new().arg("--demo").run(&["tools"]).await?;
        anyhow::ensure!(code == 0, "helpdesk-mcp --demo tools failed: {stderr}");
        Ok(())
    })
    .await
    .copied()
}

/// Runs a client, fails on a non-zero exit, and parses the last stdout line as JSON.
async fn run_json(mut cmd: Command, what: &str) -> Result<Value> {
    cmd.stdin(std::process::Stdio::null()).kill_on_drop(true);
    let out = tokio::time::timeout(CLIENT_DEADLINE, cmd.output())
        .await
        .with_context(|| format!("{what} did not finish within {CLIENT_DEADLINE:?}"))?
        .with_context(|| format!("start {what}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        bail!("{what} exited with {}\nstdout:\n{stdout}\nstderr:\n{stderr}", out.status);
    }
    let last = stdout.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or_default();
    serde_json::from_str(last)
        .with_context(|| format!("{what} printed no JSON:\n{stdout}\nstderr:\n{stderr}"))
}

fn python(args: &[&str], target: &[OsString]) -> Result<Command> {
    let c = clients()?;
    let mut cmd = Command::new(c.python());
    cmd.arg(c.py_client()).args(args).args(target);
    Ok(cmd)
}

fn typescript(args: &[&str], target: &[OsString]) -> Result<Command> {
    let c = clients()?;
    let mut cmd = c.node_command(&c.ts_client());
    cmd.args(args).args(target);
    Ok(cmd)
}

fn inspector(method_args: &[&str], target: &[OsString]) -> Result<Command> {
    let c = clients()?;
    let mut cmd = c.node_command(&c.inspector());
    cmd.args(["--cli", "-q", "--format", "json"]).args(method_args).arg("--").args(target);
    Ok(cmd)
}

/// The SDK scripts' `tools` list holds the expected names.
fn assert_tools(out: &Value, client: &str) {
    let tools: Vec<&str> = out["tools"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    for name in EXPECTED_TOOLS {
        assert!(tools.contains(&name), "{client}: {name} missing from tools/list: {tools:?}");
    }
}

/// The text items of a `CallToolResult` as JSON (SDK script `result` or Inspector `result`).
fn result_text(result: &Value) -> String {
    result["content"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["type"] == "text")
        .filter_map(|c| c["text"].as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The refund ticket read through `get_ticket`: its subject and its customer.
fn assert_refund_ticket(result: &Value, client: &str) {
    assert_ne!(result["isError"], json!(true), "{client}: get_ticket failed: {result}");
    let text = result_text(result);
    assert!(text.contains(fixtures::REFUND_TICKET_SUBJECT), "{client}: no subject in {text}");
    assert!(text.contains(fixtures::ALICE_NAME), "{client}: no customer in {text}");
}

/// Alice's tickets found by her email through `search_tickets`.
fn assert_alice_search(result: &Value, client: &str) {
    assert_ne!(result["isError"], json!(true), "{client}: search_tickets failed: {result}");
    let text = result_text(result);
    assert!(text.contains(fixtures::REFUND_TICKET_SUBJECT), "{client}: refund ticket not found in {text}");
    let found = result["structuredContent"]["tickets"].as_array().map(Vec::len);
    assert_eq!(found, Some(fixtures::ALICE_TICKET_COUNT), "{client}: {result}");
}

/// By default the Python SDK probes `server/discover` before anything else; the host answers
/// it, so the SDK speaks 2026-07-28 (stateless, no `initialize`). With `--mode legacy` it
/// initializes at 2025-11-25 and keeps a session. Either way the SDK must have logged no
/// complaint about the server (over HTTP it checks the answer to its DELETE).
fn assert_python_session(out: &Value, version: &str) {
    let probe = &out["discover"];
    if version == "2026-07-28" {
        assert_eq!(probe["outcome"], "result", "server/discover must be answered: {probe}");
        let seconds = probe["seconds"].as_f64().unwrap_or(f64::MAX);
        // Generous: an unanswered probe takes 10 s; an answered one takes milliseconds.
        assert!(seconds < 8.0, "server/discover took {seconds} s: {probe}");
    } else {
        assert_eq!(probe, &json!({}), "legacy mode sends no probe: {probe}");
    }
    assert_eq!(out["protocolVersion"], version, "{out}");
    assert_eq!(out["warnings"], json!([]), "the Python SDK complained: {}", out["warnings"]);
}

/// The Python SDK reads a ticket over stdio in `mode` (`auto`: 2026-07-28, `legacy`: 2025-11-25).
async fn python_reads_a_ticket_over_stdio(mode: &str, version: &str) -> Result<()> {
    warm_cache().await?;
    let args = json!({ "id": fixtures::REFUND_TICKET_ID }).to_string();
    let mut target: Vec<OsString> = vec!["--stdio".into(), "--".into()];
    target.extend(stdio_server());
    let client = format!("python stdio {mode}");
    let out = run_json(python(&["--tool", "get_ticket", "--args", &args, "--mode", mode], &target)?, &client)
        .await?;
    assert_python_session(&out, version);
    assert_tools(&out, &client);
    assert_refund_ticket(&out["result"], &client);
    Ok(())
}

/// The Python SDK searches over HTTP in `mode`.
async fn python_searches_over_http(mode: &str, version: &str) -> Result<()> {
    let (url, _child) = http_server().await?;
    let args = json!({ "query": fixtures::ALICE_EMAIL }).to_string();
    let client = format!("python http {mode}");
    let out = run_json(
        python(&["--tool", "search_tickets", "--args", &args, "--mode", mode], &[url.into()])?,
        &client,
    )
    .await?;
    assert_python_session(&out, version);
    assert_tools(&out, &client);
    assert_alice_search(&out["result"], &client);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn python_sdk_reads_a_ticket_over_stdio_in_2026() -> Result<()> {
    python_reads_a_ticket_over_stdio("auto", "2026-07-28").await
}

#[tokio::test(flavor = "multi_thread")]
async fn python_sdk_reads_a_ticket_over_stdio_in_2025() -> Result<()> {
    python_reads_a_ticket_over_stdio("legacy", "2025-11-25").await
}

#[tokio::test(flavor = "multi_thread")]
async fn python_sdk_searches_by_email_over_http_in_2026() -> Result<()> {
    python_searches_over_http("auto", "2026-07-28").await
}

#[tokio::test(flavor = "multi_thread")]
async fn python_sdk_searches_by_email_over_http_in_2025() -> Result<()> {
    python_searches_over_http("legacy", "2025-11-25").await
}

#[tokio::test(flavor = "multi_thread")]
async fn typescript_sdk_searches_by_email_over_stdio() -> Result<()> {
    warm_cache().await?;
    let args = json!({ "query": fixtures::ALICE_EMAIL }).to_string();
    let mut target: Vec<OsString> = vec!["--stdio".into(), "--".into()];
    target.extend(stdio_server());
    let out =
        run_json(typescript(&["--tool", "search_tickets", "--args", &args], &target)?, "ts_client (stdio)")
            .await?;
    assert_tools(&out, "typescript stdio");
    assert_alice_search(&out["result"], "typescript stdio");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn typescript_sdk_reads_a_ticket_over_http() -> Result<()> {
    let (url, _child) = http_server().await?;
    let args = json!({ "id": fixtures::REFUND_TICKET_ID }).to_string();
    let out =
        run_json(typescript(&["--tool", "get_ticket", "--args", &args], &[url.into()])?, "ts_client (http)")
            .await?;
    assert_eq!(out["protocolVersion"], "2025-11-25", "{out}");
    assert_tools(&out, "typescript http");
    assert_refund_ticket(&out["result"], "typescript http");
    Ok(())
}

/// Inspector: `tools/list`, then `tools/call get_ticket` (it sends `--tool-arg` values as JSON
/// where they parse, so `id=4521` is a number).
async fn inspector_session(target: &[OsString], client: &str, era: &[&str]) -> Result<()> {
    let list: Vec<&str> = era.iter().copied().chain(["--method", "tools/list"]).collect();
    let listed = run_json(inspector(&list, target)?, client).await?;
    let tools: Vec<&str> = listed["result"]["tools"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["name"].as_str())
        .collect();
    for name in EXPECTED_TOOLS {
        assert!(tools.contains(&name), "{client}: {name} missing from tools/list: {tools:?}");
    }
    let id = format!("id={}", fixtures::REFUND_TICKET_ID);
    let call: Vec<&str> = era
        .iter()
        .copied()
        .chain(["--method", "tools/call", "--tool-name", "get_ticket", "--tool-arg", &id])
        .collect();
    let called = run_json(inspector(&call, target)?, client).await?;
    assert_refund_ticket(&called["result"], client);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn inspector_cli_lists_and_calls_over_stdio() -> Result<()> {
    warm_cache().await?;
    inspector_session(&stdio_server(), "inspector stdio", &[]).await
}

/// The Inspector's modern era: `server/discover`, then stateless 2026-07-28 requests.
#[tokio::test(flavor = "multi_thread")]
async fn inspector_cli_lists_and_calls_over_stdio_in_2026() -> Result<()> {
    warm_cache().await?;
    inspector_session(&stdio_server(), "inspector stdio modern", &["--protocol-era", "modern"]).await
}

#[tokio::test(flavor = "multi_thread")]
async fn inspector_cli_lists_and_calls_over_http_in_2026() -> Result<()> {
    let (url, _child) = http_server().await?;
    inspector_session(&[url.into()], "inspector http modern", &["--protocol-era", "modern"]).await
}

#[tokio::test(flavor = "multi_thread")]
async fn inspector_cli_lists_and_calls_over_http() -> Result<()> {
    let (url, _child) = http_server().await?;
    inspector_session(&[url.into()], "inspector http", &[]).await
}

/// Installs the client toolchain (CI runs this first, alone, so install problems and install
/// time show up in their own step); a second call is a no-op.
#[test]
fn toolchain_installs() -> Result<()> {
    let c = clients()?;
    for path in [c.node(), c.conformance(), c.conformance_alpha(), c.inspector(), c.ts_client(), c.python()] {
        assert!(path.exists(), "{} is missing after install", path.display());
    }
    Ok(())
}
