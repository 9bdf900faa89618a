//! The component alone under real edge runtimes, `wasmtime serve`, `jco serve`
//! (Node, an independent `wasi:http` implementation) and Spin (no host of ours,
//! MCP spoken by the component's own `wasi:http/incoming-handler`), against the
//! fake Gorgias. wasmtime and Spin are skipped, with a notice, when their binary
//! is not installed; jco comes pinned with the test clients.

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use helpdesk_fakes::gorgias::{FakeGorgias, GorgiasOptions, fixtures};
use helpdesk_mcp::component::Code;
use helpdesk_tests::clients::clients;
use helpdesk_tests::harness::target_dir;
use helpdesk_tests::modern::ModernHttp;
use helpdesk_tests::raw_http::{self, RawResponse};
use serde_json::{Value, json};
use tokio::process::{Child, Command};

/// `name` on PATH, else in `~/.cargo/bin` (where `cargo install` puts it).
pub(crate) fn installed(name: &str) -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).map(|d| d.join(name)).collect::<Vec<_>>())
        .unwrap_or_default();
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    on_path.into_iter().chain(cargo_home.map(|c| c.join("bin").join(name))).find(|p| p.is_file())
}

/// The component the host embeds, written where a runtime can read it (a fresh file per call).
pub(crate) fn component_file() -> Result<PathBuf> {
    let dir = target_dir().join("e2e-edge");
    std::fs::create_dir_all(&dir)?;
    // One file per caller: tests run concurrently, and rewriting a file a runtime is loading
    // (or removing it) would pull it out from under that runtime.
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = dir.join(format!("helpdesk_guest-{}-{n}.wasm", std::process::id()));
    std::fs::write(&path, Code::wasm())?;
    Ok(path)
}

pub(crate) fn free_port() -> Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?.local_addr()?.port())
}

/// The component's settings for the fake: the variables README's "Deploying to the edge" passes.
fn gorgias_env(fake: &FakeGorgias) -> [(&'static str, String); 3] {
    [
        ("GORGIAS_BASE_URL", fake.base_url()),
        ("GORGIAS_EMAIL", fixtures::EMAIL.to_owned()),
        ("GORGIAS_API_KEY", fixtures::API_KEY.to_owned()),
    ]
}

/// `wasmtime serve` of `wasm` on `addr`: the exact command README's "Deploying to the edge"
/// documents, the settings (the fake's, then `extra`) passed with `--env`.
pub(crate) fn wasmtime_serve(
    wasmtime: &std::path::Path,
    fake: &FakeGorgias,
    addr: SocketAddr,
    wasm: &std::path::Path,
    extra: &[(&str, &str)],
) -> Command {
    let mut cmd = Command::new(wasmtime);
    cmd.args(["serve", "-Scli", "-Shttp", "--addr", &addr.to_string()]);
    let settings = gorgias_env(fake).into_iter().chain(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
    for (key, value) in settings {
        cmd.arg("--env").arg(format!("{key}={value}"));
    }
    cmd.arg(wasm);
    cmd
}

/// `jco serve` of `wasm` on `addr` under the pinned Node: jco transpiles the component to
/// JavaScript and runs it on its own WASI shims (Node's HTTP server in, `fetch`-free Node HTTP
/// out). It has no `--env`: the component's `wasi:cli/environment` is the process environment.
/// Also returns the folder jco writes the transpiled component to.
pub(crate) fn jco_serve(
    fake: &FakeGorgias,
    addr: SocketAddr,
    wasm: &std::path::Path,
    extra: &[(&str, &str)],
) -> Result<(Command, PathBuf)> {
    let c = clients()?;
    let mut cmd = c.node_command(&c.jco());
    let out = target_dir().join("e2e-edge").join(format!("jco-{}-{}", std::process::id(), addr.port()));
    cmd.args(["serve", "--host", "127.0.0.1", "--port", &addr.port().to_string(), "--jco-dir"])
        .arg(&out)
        .arg(wasm);
    for (key, value) in gorgias_env(fake) {
        cmd.env(key, value);
    }
    cmd.envs(extra.iter().copied());
    Ok((cmd, out))
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

/// A running edge runtime; killed on drop.
pub(crate) struct Runtime {
    child: Child,
    addr: SocketAddr,
    name: &'static str,
}

impl Drop for Runtime {
    fn drop(&mut self) {
        self.kill_group();
    }
}

impl Runtime {
    /// Starts `cmd` and waits until it listens on `addr` (runtimes compile the component first).
    pub(crate) async fn start(name: &'static str, mut cmd: Command, addr: SocketAddr) -> Result<Self> {
        // Its own process group, so stopping it also stops what it forked
        // (`jco serve` runs the server in a second Node process).
        #[cfg(unix)]
        cmd.process_group(0);
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("spawn {name}"))?;
        let start = tokio::time::Instant::now();
        while tokio::net::TcpStream::connect(addr).await.is_err() {
            if let Some(status) = child.try_wait()? {
                let mut err = String::new();
                if let Some(mut s) = child.stderr.take() {
                    tokio::io::AsyncReadExt::read_to_string(&mut s, &mut err).await?;
                }
                bail!("{name} exited with {status}: {err}");
            }
            if start.elapsed() > Duration::from_secs(120) {
                bail!("{name} did not listen on {addr} within 120 s");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(Self { child, addr, name })
    }

    pub(crate) async fn stop(mut self) -> Result<()> {
        self.kill_group();
        self.child.kill().await?;
        Ok(())
    }

    fn kill_group(&self) {
        #[cfg(unix)]
        if let Some(pid) = self.child.id().and_then(|id| rustix::process::Pid::from_raw(id as i32)) {
            let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
        }
    }

    /// `tools/call` and its JSON-RPC answer.
    async fn call(&self, id: &str, tool: &str, arguments: Value) -> Result<Value> {
        post(
            self.addr,
            &json!({ "jsonrpc": "2.0", "id": id, "method": "tools/call",
                     "params": { "name": tool, "arguments": arguments } }),
        )
        .await?
        .json()
        .with_context(|| format!("{}: tools/call answer is not JSON", self.name))
    }
}

/// What every edge runtime must do with the component: initialize, the `initialized`
/// notification (202), `tools/list` (readonly by default), a `get_ticket` answered from the
/// fake, and `GET /mcp` refused with 405.
async fn speaks_mcp(rt: &Runtime, fake: &FakeGorgias) -> Result<()> {
    let name = rt.name;
    let init = post(
        rt.addr,
        &json!({ "jsonrpc": "2.0", "id": 0, "method": "initialize",
                 "params": { "protocolVersion": "2025-11-25", "capabilities": {},
                             "clientInfo": { "name": "edge-test", "version": "1" } } }),
    )
    .await?;
    assert_eq!(init.status, 200, "{name}");
    assert!(init.header("content-type").is_some_and(|t| t.starts_with("application/json")), "{name}");
    let init = init.json().context("initialize answer is not JSON")?;
    assert_eq!(init["result"]["protocolVersion"], "2025-11-25", "{name}");
    assert_eq!(init["result"]["serverInfo"]["name"], "helpdesk-mcp", "{name}");
    assert_eq!(init["result"]["capabilities"]["tools"]["listChanged"], false, "{name}");

    let note = post(rt.addr, &json!({ "jsonrpc": "2.0", "method": "notifications/initialized" })).await?;
    assert_eq!((note.status, note.body.len()), (202, 0), "{name}");

    let list = post(rt.addr, &json!({ "jsonrpc": "2.0", "id": 1, "method": "tools/list" })).await?.json();
    let names: Vec<String> = list
        .as_ref()
        .and_then(|l| l["result"]["tools"].as_array())
        .into_iter()
        .flatten()
        .filter_map(|t| t["name"].as_str().map(str::to_owned))
        .collect();
    assert!(names.iter().any(|n| n == "get_ticket"), "{name}: tools: {names:?}");
    assert!(!names.iter().any(|n| n == "reply_to_ticket"), "{name}: readonly by default: {names:?}");

    assert_eq!(fake.control().request_count(), 0, "{name}: nothing upstream before a tool call");
    let call = rt.call("c1", "get_ticket", json!({ "id": 4521 })).await?;
    assert_eq!(call["id"], "c1", "{name}");
    assert_eq!(call["result"]["isError"], false, "{name}: {call}");
    let text = call["result"]["content"][0]["text"].as_str().unwrap_or_default();
    assert!(text.contains("Refund not received"), "{name}: {text}");
    assert_eq!(call["result"]["structuredContent"]["ticket"]["id"], "4521", "{name}");
    assert!(fake.control().count("GET", "/api/tickets/4521") >= 1, "{name}: the call went to the fake");

    let get = raw_http::send(
        rt.addr,
        "GET",
        "/mcp",
        &[("accept", "text/event-stream")],
        b"",
        Duration::from_secs(10),
    )
    .await?;
    assert_eq!(get.status, 405, "{name}");
    Ok(())
}

/// What every edge runtime must do with the component in MCP 2026-07-28: `server/discover`,
/// `tools/list` with cache hints, a stateless `get_ticket` answered from the fake, an unknown
/// tool as -32602, and headers that disagree with the body refused (400, -32020).
async fn speaks_mcp_2026(rt: &Runtime, fake: &FakeGorgias) -> Result<()> {
    let name = rt.name;
    let client = ModernHttp::new(&format!("http://{}/mcp", rt.addr));
    let discovered = client.send(1, "server/discover", json!({})).await?;
    assert_eq!(discovered.result()?["supportedVersions"][0], "2026-07-28", "{name}: {:?}", discovered.body);
    let listed = client.send(2, "tools/list", json!({})).await?;
    assert_eq!(listed.result()?["ttlMs"], 300_000, "{name}: {:?}", listed.body);
    let path = format!("/api/tickets/{}", fixtures::REFUND_TICKET_ID);
    let before = fake.control().count("GET", &path);
    let call = json!({ "name": "get_ticket", "arguments": { "id": fixtures::REFUND_TICKET_ID } });
    let read = client.send(3, "tools/call", call).await?;
    let text = read.result()?["content"][0]["text"].as_str().unwrap_or_default().to_owned();
    assert!(text.contains(fixtures::REFUND_TICKET_SUBJECT), "{name}: {text}");
    assert!(fake.control().count("GET", &path) > before, "{name}: the call went to the fake");
    let unknown = client.send(4, "tools/call", json!({ "name": "nope", "arguments": {} })).await?;
    assert_eq!(unknown.error_code(), Some(-32602), "{name}: {:?}", unknown.body);
    let body = helpdesk_tests::modern::request(5, "tools/list", json!({}), false);
    let mismatch = client.send_raw(&body, &[("mcp-method", "tools/call".into())]).await?;
    assert_eq!((mismatch.status, mismatch.error_code()), (400, Some(-32020)), "{name}: {:?}", mismatch.body);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn wasmtime_serve_runs_the_component_as_an_mcp_server() -> Result<()> {
    let Some(wasmtime) = installed("wasmtime") else {
        eprintln!(
            "SKIPPED wasmtime_serve_runs_the_component_as_an_mcp_server: no `wasmtime` on PATH or in ~/.cargo/bin"
        );
        return Ok(());
    };
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let wasm = component_file()?;
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, free_port()?));
    let rt =
        Runtime::start("wasmtime serve", wasmtime_serve(&wasmtime, &fake, addr, &wasm, &[]), addr).await?;
    speaks_mcp(&rt, &fake).await?;
    let get =
        raw_http::send(addr, "GET", "/mcp", &[("accept", "text/event-stream")], b"", Duration::from_secs(10))
            .await?;
    assert_eq!(get.header("allow"), Some("POST"));
    rt.stop().await?;
    let _ = std::fs::remove_file(&wasm);
    Ok(())
}

/// The same `.wasm` under `wasmtime serve`, spoken to in MCP 2026-07-28.
#[tokio::test(flavor = "multi_thread")]
async fn wasmtime_serve_speaks_2026_07_28() -> Result<()> {
    let Some(wasmtime) = installed("wasmtime") else {
        eprintln!("SKIPPED wasmtime_serve_speaks_2026_07_28: no `wasmtime` on PATH or in ~/.cargo/bin");
        return Ok(());
    };
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let wasm = component_file()?;
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, free_port()?));
    let rt =
        Runtime::start("wasmtime serve", wasmtime_serve(&wasmtime, &fake, addr, &wasm, &[]), addr).await?;
    speaks_mcp_2026(&rt, &fake).await?;
    rt.stop().await?;
    let _ = std::fs::remove_file(&wasm);
    Ok(())
}

/// A second, independent `wasi:http` runtime: the same `.wasm` under `jco serve` (jco 1.35.0,
/// pinned in tests/clients/) answers MCP in both revisions, its outgoing requests reaching the
/// fake through jco's Node shims.
#[tokio::test(flavor = "multi_thread")]
async fn jco_serve_runs_the_component_in_both_revisions() -> Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let wasm = component_file()?;
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, free_port()?));
    let (cmd, transpiled) = jco_serve(&fake, addr, &wasm, &[])?;
    let rt = Runtime::start("jco serve", cmd, addr).await?;
    speaks_mcp(&rt, &fake).await?;
    speaks_mcp_2026(&rt, &fake).await?;
    rt.stop().await?;
    let _ = std::fs::remove_file(&wasm);
    let _ = std::fs::remove_dir_all(&transpiled);
    Ok(())
}

/// The repository's `spin.toml` with only `source` pointed at the built component and the
/// build section left out (the component is already built), written beside its own `.spin/`.
fn spin_manifest(wasm: &std::path::Path) -> Result<PathBuf> {
    let original = std::fs::read_to_string(helpdesk_tests::harness::workspace().join("spin.toml"))?;
    let mut out = String::new();
    let mut in_build = false;
    let mut replaced = false;
    for line in original.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            in_build = trimmed.starts_with("[component.helpdesk.build]");
        }
        if in_build {
            continue;
        }
        if trimmed.starts_with("source = ") {
            out.push_str(&format!("source = {:?}\n", wasm.display().to_string()));
            replaced = true;
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    if !replaced {
        bail!("spin.toml has no `source = ` line");
    }
    let dir = target_dir().join("e2e-edge").join(format!("spin-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("spin.toml");
    std::fs::write(&path, out)?;
    Ok(path)
}

/// `spin up` of the manifest, with the helpdesk origin and the fake's settings, as README's
/// "Deploying to the edge" documents.
fn spin_up(
    spin: &std::path::Path,
    manifest: &std::path::Path,
    addr: SocketAddr,
    origin: &str,
    base: &str,
) -> Command {
    let mut cmd = Command::new(spin);
    cmd.args(["up", "--from"])
        .arg(manifest)
        .args(["--listen", &addr.to_string()])
        .args(["--variable", &format!("helpdesk_origin={origin}")])
        .args(["--env", &format!("GORGIAS_BASE_URL={base}")])
        .args(["--env", &format!("GORGIAS_EMAIL={}", fixtures::EMAIL)])
        .args(["--env", &format!("GORGIAS_API_KEY={}", fixtures::API_KEY)]);
    cmd
}

#[tokio::test(flavor = "multi_thread")]
async fn spin_up_runs_the_component_and_enforces_the_helpdesk_origin() -> Result<()> {
    let Some(spin) = installed("spin") else {
        eprintln!(
            "SKIPPED spin_up_runs_the_component_and_enforces_the_helpdesk_origin: no `spin` on PATH or in ~/.cargo/bin"
        );
        return Ok(());
    };
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let wasm = component_file()?;
    let manifest = spin_manifest(&wasm)?;
    // helpdesk_origin is the base URL's origin, without the path.
    let base = fake.base_url();
    let origin = base.trim_end_matches("/api").to_owned();
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, free_port()?));
    let rt = Runtime::start("spin up", spin_up(&spin, &manifest, addr, &origin, &base), addr).await?;
    speaks_mcp(&rt, &fake).await?;
    rt.stop().await?;

    // The same component with another origin allowed: Spin refuses the request to the fake,
    // and the tool says it was blocked.
    let other = format!("http://127.0.0.1:{}", free_port()?);
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, free_port()?));
    let before = fake.control().request_count();
    let rt = Runtime::start("spin up (foreign origin)", spin_up(&spin, &manifest, addr, &other, &base), addr)
        .await?;
    let call = rt.call("c2", "get_ticket", json!({ "id": 4521 })).await?;
    assert_eq!(call["result"]["isError"], true, "{call}");
    let text = call["result"]["content"][0]["text"].as_str().unwrap_or_default();
    assert!(text.contains("blocked by sandbox"), "{text}");
    assert_eq!(fake.control().request_count(), before, "nothing reached the fake");
    rt.stop().await?;
    let _ = std::fs::remove_file(&wasm);
    Ok(())
}
