//! Builds the real host binary once, starts it as a child process with a
//! chosen environment, and connects rmcp's client to it over stdio or
//! Streamable HTTP. Every byte the host writes to stderr is kept so tests can
//! check logs (for secrets, for diagnostics).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use anyhow::{Context as _, Result, anyhow, bail};
use helpdesk_fakes::gorgias::{FakeGorgias, fixtures};
use helpdesk_fakes::kayako::FakeKayako;
use helpdesk_fakes::ohd::FakeOhd;
use helpdesk_fakes::tickiti::FakeTickiti;
use rmcp::model::{CallToolRequestParams, CallToolResult, JsonObject};
use rmcp::service::RunningService;
use rmcp::transport::{StreamableHttpClientTransport, TokioChildProcess};
use rmcp::{RoleClient, ServiceExt as _};
use serde_json::Value;
use tokio::io::{AsyncBufReadExt as _, AsyncRead, BufReader};
use tokio::process::Command;

/// An rmcp client session.
pub type Client = RunningService<RoleClient, ()>;

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The cargo target directory (`CARGO_TARGET_DIR`, else `target/` in the workspace).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| workspace().join("target"), PathBuf::from)
}

/// The host binary, built once per test run with the same profile as the tests
/// (`HELPDESK_MCP_BIN` overrides).
pub fn host_binary() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| build_binary("helpdesk-mcp", None, "HELPDESK_MCP_BIN"))
}

/// The conformance-fixture build of the host (`--features conformance`), which also registers
/// the conformance suite's `test_*` tools, prompts and resources; built once per test run
/// (`HELPDESK_MCP_CONFORMANCE_BIN` overrides).
pub fn conformance_binary() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        build_binary("helpdesk-mcp-conformance", Some("conformance"), "HELPDESK_MCP_CONFORMANCE_BIN")
    })
}

/// A fresh, empty directory under `target/` for one test's files.
pub fn scratch_dir(name: &str) -> std::io::Result<PathBuf> {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = workspace().join("target").join("e2e-tmp").join(format!("{name}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Builds one binary of the host package with the tests' profile. Builds are serialized: two
/// concurrent `cargo build`s of the same package would only wait on cargo's lock, and a
/// feature build must not interleave its output with the plain one.
fn build_binary(bin: &str, feature: Option<&str>, override_var: &str) -> PathBuf {
    static CARGO: Mutex<()> = Mutex::new(());
    if let Some(path) = std::env::var_os(override_var) {
        return PathBuf::from(path);
    }
    let _serial = CARGO.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let release = !cfg!(debug_assertions);
    let mut cmd = std::process::Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(workspace()).args(["build", "--quiet", "-p", "helpdesk-mcp", "--bin", bin]);
    if let Some(feature) = feature {
        cmd.args(["--features", feature]);
    }
    if release {
        cmd.arg("--release");
    }
    let status = cmd.status().unwrap_or_else(|e| panic!("cargo build of {bin} could not start: {e}"));
    assert!(status.success(), "cargo build of {bin} failed");
    let path = target_dir().join(if release { "release" } else { "debug" }).join(bin);
    // Compile the component into the shared cache once, here, so the hosts the
    // tests then start at the same moment load it instead of each compiling it
    // (which on a fresh 2-core machine can outlast a test's start-up wait).
    let _ = std::process::Command::new(&path)
        .arg("tools")
        .env("HELPDESK_CACHE_DIR", cache_dir())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    path
}

/// Where the tests keep the compiled-component cache.
pub fn cache_dir() -> PathBuf {
    workspace().join("target").join("e2e-cache")
}

/// Lines the host wrote to stderr.
#[derive(Clone, Default)]
pub struct Stderr(Arc<Mutex<String>>);

impl Stderr {
    /// Everything so far.
    pub fn text(&self) -> String {
        self.0.lock().map(|s| s.clone()).unwrap_or_default()
    }

    fn collect(&self, stream: impl AsyncRead + Unpin + Send + 'static) {
        let sink = self.0.clone();
        tokio::spawn(async move {
            let mut lines = BufReader::new(stream).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                if let Ok(mut s) = sink.lock() {
                    s.push_str(&line);
                    s.push('\n');
                }
            }
        });
    }

    /// Waits until stderr contains `needle`, returning the text.
    pub async fn wait_for(&self, needle: &str, within: Duration) -> Result<String> {
        let start = tokio::time::Instant::now();
        loop {
            let text = self.text();
            if text.contains(needle) {
                return Ok(text);
            }
            if start.elapsed() > within {
                bail!("host never printed {needle:?}; stderr was:\n{text}");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// How to start the host.
#[derive(Clone, Debug, Default)]
pub struct HostBuilder {
    env: Vec<(String, String)>,
    args: Vec<String>,
    serve_args: Vec<String>,
    bin: Option<PathBuf>,
    max_open_files: Option<u64>,
}

impl HostBuilder {
    /// A host with no helpdesk settings.
    pub fn new() -> Self {
        let cache = cache_dir().to_string_lossy().into_owned();
        Self {
            env: vec![("HELPDESK_CACHE_DIR".into(), cache), ("HELPDESK_LOG".into(), "info".into())],
            args: vec![],
            serve_args: vec![],
            bin: None,
            max_open_files: None,
        }
    }

    /// A host pointed at `fake` with its credentials.
    pub fn gorgias(fake: &FakeGorgias) -> Self {
        Self::new()
            .env("GORGIAS_BASE_URL", &fake.base_url())
            .env("GORGIAS_EMAIL", fixtures::EMAIL)
            .env("GORGIAS_API_KEY", fixtures::API_KEY)
    }

    /// A host configured for the fake Kayako Classic `fake`.
    pub fn kayako(fake: &FakeKayako) -> Self {
        use helpdesk_fakes::kayako::fixtures as k;
        Self::new()
            .env("KAYAKO_API_URL", &fake.api_url())
            .env("KAYAKO_API_KEY", k::API_KEY)
            .env("KAYAKO_SECRET_KEY", k::SECRET_KEY)
    }

    /// A host configured for the fake Tickiti `fake` with `token` (see its fixtures).
    pub fn tickiti(fake: &FakeTickiti, token: &str) -> Self {
        Self::new().env("TICKITI_API_BASE", &fake.base_url()).env("TICKITI_API_TOKEN", token)
    }

    /// A host configured for the fake Open Help Desk `fake` with API key `key`.
    pub fn ohd(fake: &FakeOhd, key: &str) -> Self {
        Self::new().env("OHD_BASE_URL", &fake.base_url()).env("OHD_API_KEY", key)
    }

    /// A host configured for the fake Open Help Desk with its OAuth2 client credentials.
    pub fn ohd_client(fake: &FakeOhd) -> Self {
        use helpdesk_fakes::ohd::fixtures as o;
        Self::new()
            .env("OHD_BASE_URL", &fake.base_url())
            .env("OHD_CLIENT_ID", o::CLIENT_ID)
            .env("OHD_CLIENT_SECRET", o::CLIENT_SECRET)
    }

    /// Sets an environment variable.
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.retain(|(k, _)| k != key);
        self.env.push((key.into(), value.into()));
        self
    }

    /// Runs `bin` instead of [`host_binary`] (e.g. [`conformance_binary`]).
    pub fn binary(mut self, bin: &Path) -> Self {
        self.bin = Some(bin.to_owned());
        self
    }

    /// Adds a command-line argument.
    pub fn arg(mut self, arg: &str) -> Self {
        self.args.push(arg.into());
        self
    }

    /// Starts the host with this open-file limit, soft and hard (through `prlimit`).
    pub fn max_open_files(mut self, limit: u64) -> Self {
        self.max_open_files = Some(limit);
        self
    }

    /// Adds arguments of `serve` (after `serve --listen ...`).
    pub fn serve_args(mut self, args: &[&str]) -> Self {
        self.serve_args.extend(args.iter().map(|a| (*a).to_owned()));
        self
    }

    fn serve_command(&self) -> Command {
        let mut extra = vec!["serve", "--listen", "127.0.0.1:0"];
        extra.extend(self.serve_args.iter().map(String::as_str));
        self.command(&extra)
    }

    fn command(&self, extra: &[&str]) -> Command {
        let bin: &Path = match &self.bin {
            Some(bin) => bin,
            None => host_binary(),
        };
        let mut cmd = match self.max_open_files {
            // prlimit sets the limit and execs the host: same process, same pid.
            Some(limit) => {
                let mut cmd = Command::new("prlimit");
                cmd.arg(format!("--nofile={limit}:{limit}")).arg("--").arg(bin);
                cmd
            }
            None => Command::new(bin),
        };
        // A clean environment: only what the test sets (plus PATH for sanity).
        cmd.env_clear().envs(self.env.iter().map(|(k, v)| (k, v))).args(&self.args).args(extra);
        if let Some(path) = std::env::var_os("PATH") {
            cmd.env("PATH", path);
        }
        cmd.kill_on_drop(true);
        cmd
    }

    /// The command that starts `helpdesk-mcp` on stdio, for a client of the test's own.
    pub fn stdio_command(&self) -> Command {
        self.command(&[])
    }

    /// Starts `helpdesk-mcp` (stdio) and connects rmcp's client.
    pub async fn stdio(&self) -> Result<Host> {
        let (transport, stderr) = TokioChildProcess::builder(self.command(&[]))
            .stderr(Stdio::piped())
            .spawn()
            .context("spawn host")?;
        let log = Stderr::default();
        if let Some(s) = stderr {
            log.collect(s);
        }
        let client = ()
            .serve(transport)
            .await
            .map_err(|e| anyhow!("MCP handshake over stdio failed: {e}; stderr:\n{}", log.text()))?;
        Ok(Host::new(client, log, None))
    }

    /// Starts `helpdesk-mcp serve` on a free loopback port and connects over HTTP.
    pub async fn http(&self) -> Result<Host> {
        let mut cmd = self.serve_command();
        cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped());
        let mut child = cmd.spawn().context("spawn host")?;
        let log = Stderr::default();
        if let Some(s) = child.stderr.take() {
            log.collect(s);
        }
        let text = log.wait_for("MCP endpoint at ", Duration::from_secs(60)).await?;
        let url = endpoint(&text).ok_or_else(|| anyhow!("no endpoint in stderr:\n{text}"))?;
        let client =
            ().serve(StreamableHttpClientTransport::from_uri(url))
                .await
                .map_err(|e| anyhow!("MCP handshake over HTTP failed: {e}"))?;
        Ok(Host::new(client, log, Some(child)))
    }

    /// Starts `helpdesk-mcp serve` and returns its endpoint URL (no client).
    pub async fn http_endpoint(&self) -> Result<(String, Stderr, tokio::process::Child)> {
        let mut cmd = self.serve_command();
        cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped());
        let mut child = cmd.spawn().context("spawn host")?;
        let log = Stderr::default();
        if let Some(s) = child.stderr.take() {
            log.collect(s);
        }
        let text = log.wait_for("MCP endpoint at ", Duration::from_secs(60)).await?;
        let url = endpoint(&text).ok_or_else(|| anyhow!("no endpoint in stderr:\n{text}"))?;
        Ok((url, log, child))
    }

    /// Runs a one-shot command (`tools`, `check`) and returns (exit code, stdout, stderr).
    pub async fn run(&self, args: &[&str]) -> Result<(i32, String, String)> {
        let out = self.command(args).stdin(Stdio::null()).output().await.context("run host")?;
        Ok((
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        ))
    }
}

fn endpoint(stderr: &str) -> Option<String> {
    let marker = "MCP endpoint at ";
    let rest = &stderr[stderr.find(marker)? + marker.len()..];
    let end = rest.find("/mcp")? + 4;
    Some(rest[..end].to_owned())
}

/// A running host with a connected client.
pub struct Host {
    /// The MCP client session.
    pub client: Client,
    /// The host's stderr.
    pub stderr: Stderr,
    output_schemas: tokio::sync::OnceCell<HashMap<String, Value>>,
    _child: Option<tokio::process::Child>,
}

impl Host {
    fn new(client: Client, stderr: Stderr, child: Option<tokio::process::Child>) -> Self {
        Self { client, stderr, output_schemas: tokio::sync::OnceCell::new(), _child: child }
    }

    /// Calls `tool` with JSON `args`; protocol errors are `Err`. Every
    /// successful result's structured content is checked against the tool's
    /// `outputSchema`, as strict clients (the TS and Python SDKs) do.
    pub async fn call(&self, tool: &str, args: Value) -> Result<CallToolResult> {
        let arguments: JsonObject = match args {
            Value::Object(map) => map,
            Value::Null => JsonObject::new(),
            other => bail!("arguments must be an object, not {other}"),
        };
        let params = CallToolRequestParams::new(tool.to_owned()).with_arguments(arguments);
        let result = self.client.call_tool(params).await?;
        if result.is_error != Some(true) {
            self.check_output(tool, &result).await?;
        }
        Ok(result)
    }

    async fn check_output(&self, tool: &str, result: &CallToolResult) -> Result<()> {
        let schemas = self
            .output_schemas
            .get_or_try_init(|| async {
                let tools = self.client.list_all_tools().await?;
                anyhow::Ok(
                    tools
                        .into_iter()
                        .filter_map(|t| {
                            Some((t.name.to_string(), Value::Object((*t.output_schema?).clone())))
                        })
                        .collect::<HashMap<_, _>>(),
                )
            })
            .await?;
        let Some(schema) = schemas.get(tool) else { return Ok(()) };
        let structured = result
            .structured_content
            .as_ref()
            .ok_or_else(|| anyhow!("{tool} declares an outputSchema but returned no structuredContent"))?;
        let validator = jsonschema::validator_for(schema)
            .map_err(|e| anyhow!("{tool}'s outputSchema is invalid: {e}"))?;
        let problems: Vec<String> =
            validator.iter_errors(structured).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        if !problems.is_empty() {
            bail!("{tool} returned structuredContent that violates its outputSchema: {problems:?}");
        }
        Ok(())
    }

    /// Calls `tool` and returns its text, failing the test if it is an error.
    pub async fn text(&self, tool: &str, args: Value) -> Result<String> {
        let r = self.call(tool, args).await?;
        let text = text_of(&r);
        if r.is_error == Some(true) {
            bail!("{tool} failed: {text}");
        }
        Ok(text)
    }

    /// Calls `tool` and returns its error text, failing the test if it succeeded.
    pub async fn error(&self, tool: &str, args: Value) -> Result<String> {
        let r = self.call(tool, args).await?;
        let text = text_of(&r);
        if r.is_error != Some(true) {
            bail!("{tool} unexpectedly succeeded: {text}");
        }
        Ok(text)
    }

    /// Calls `tool` and returns its structured content (failing on errors).
    pub async fn structured(&self, tool: &str, args: Value) -> Result<Value> {
        let r = self.call(tool, args).await?;
        if r.is_error == Some(true) {
            bail!("{tool} failed: {}", text_of(&r));
        }
        r.structured_content.ok_or_else(|| anyhow!("{tool} returned no structured content"))
    }
}

/// The concatenated text content of a result.
pub fn text_of(r: &CallToolResult) -> String {
    r.content.iter().filter_map(|c| c.as_text().map(|t| t.text.clone())).collect::<Vec<_>>().join("\n")
}

/// `GET` on the fake Gorgias's API as an independent client would (the
/// answers tests compare the product's against), e.g. `/satisfaction-surveys?limit=100`.
pub async fn gorgias_get(fake: &FakeGorgias, path_and_query: &str) -> Result<Value> {
    let url = format!("{}{path_and_query}", fake.base_url());
    let response = reqwest::Client::new()
        .get(&url)
        .basic_auth(fixtures::EMAIL, Some(fixtures::API_KEY))
        .send()
        .await
        .with_context(|| format!("GET {url}"))?;
    let status = response.status();
    let text = response.text().await?;
    if !status.is_success() {
        bail!("GET {url}: {status} {text}");
    }
    serde_json::from_str(&text).with_context(|| format!("GET {url}: not JSON"))
}

/// Every item of a fake Gorgias list, following `meta.next_cursor`.
pub async fn gorgias_all(fake: &FakeGorgias, path: &str, query: &str) -> Result<Vec<Value>> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut pq = format!("{path}?limit=100{}{query}", if query.is_empty() { "" } else { "&" });
        if let Some(c) = cursor.take() {
            pq.push_str("&cursor=");
            pq.push_str(&form_urlencoded::byte_serialize(c.as_bytes()).collect::<String>());
        }
        let page = gorgias_get(fake, &pq).await?;
        out.extend(page["data"].as_array().cloned().unwrap_or_default());
        match page["meta"]["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => return Ok(out),
        }
    }
}
