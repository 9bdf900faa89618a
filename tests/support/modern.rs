//! A 2026-07-28 client by hand: no `initialize` and no session, the protocol
//! version, client info and capabilities in every request's `_meta`, and over
//! HTTP the `MCP-Protocol-Version`, `Mcp-Method` and `Mcp-Name` headers. Raw,
//! so tests can also send what a correct client never would (mismatched
//! headers, altered `requestState`) and see the exact answer.

use std::collections::HashMap;
use std::process::Stdio;

use anyhow::{Context as _, Result, anyhow};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

/// The revision this client speaks.
pub const VERSION: &str = "2026-07-28";

/// `_meta` of a 2026-07-28 request; `elicitation` declares form elicitation.
pub fn meta(elicitation: bool) -> Value {
    let capabilities = if elicitation { json!({ "elicitation": { "form": {} } }) } else { json!({}) };
    json!({
        "io.modelcontextprotocol/protocolVersion": VERSION,
        "io.modelcontextprotocol/clientInfo": { "name": "modern-test", "version": "0" },
        "io.modelcontextprotocol/clientCapabilities": capabilities,
    })
}

/// A request object with `_meta` merged into `params`.
pub fn request(id: u64, method: &str, params: Value, elicitation: bool) -> Value {
    let mut params = if params.is_object() { params } else { json!({}) };
    params["_meta"] = meta(elicitation);
    json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params })
}

/// The `Mcp-Name` a request carries, per the revision's header rules.
pub fn name_of(method: &str, params: &Value) -> Option<String> {
    let key = match method {
        "tools/call" | "prompts/get" => "name",
        "resources/read" => "uri",
        _ => return None,
    };
    params.get(key)?.as_str().map(str::to_owned)
}

/// One HTTP answer: status, headers (lower-case names) and the JSON-RPC response.
#[derive(Debug)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: HashMap<String, String>,
    /// The JSON-RPC response (from a JSON body or the last SSE `data:` event).
    pub body: Value,
}

impl Reply {
    /// `result`, or an error naming what came back instead.
    pub fn result(&self) -> Result<&Value> {
        self.body.get("result").ok_or_else(|| anyhow!("no result (HTTP {}): {}", self.status, self.body))
    }

    /// The JSON-RPC error code, if the answer is an error.
    pub fn error_code(&self) -> Option<i64> {
        self.body["error"]["code"].as_i64()
    }
}

/// A 2026-07-28 client of one Streamable HTTP endpoint.
#[derive(Clone, Debug)]
pub struct ModernHttp {
    url: String,
    http: reqwest::Client,
    /// Sent as `Authorization: Bearer`, when set.
    pub key: Option<String>,
    /// Whether requests declare form elicitation.
    pub elicitation: bool,
}

impl ModernHttp {
    /// A client of `url` (`http://host:port/mcp`).
    pub fn new(url: &str) -> Self {
        Self { url: url.to_owned(), http: reqwest::Client::new(), key: None, elicitation: true }
    }

    /// Sends `method` with `params`, with the headers the body implies.
    pub async fn send(&self, id: u64, method: &str, params: Value) -> Result<Reply> {
        let name = name_of(method, &params);
        let body = request(id, method, params, self.elicitation);
        let mut headers = vec![("mcp-method", method.to_owned())];
        if let Some(name) = name {
            headers.push(("mcp-name", name));
        }
        self.send_raw(&body, &headers).await
    }

    /// Sends `body` with exactly `extra` besides the protocol-version, media and auth headers.
    pub async fn send_raw(&self, body: &Value, extra: &[(&str, String)]) -> Result<Reply> {
        let mut req = self
            .http
            .post(&self.url)
            .header("content-type", "application/json")
            .header("accept", "application/json, text/event-stream")
            .header("mcp-protocol-version", VERSION)
            .body(body.to_string());
        if let Some(key) = &self.key {
            req = req.header("authorization", format!("Bearer {key}"));
        }
        for (k, v) in extra {
            req = req.header(*k, v.as_str());
        }
        let res = req.send().await.context("POST")?;
        let status = res.status().as_u16();
        let headers = res
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or_default().to_owned()))
            .collect();
        let text = res.text().await?;
        Ok(Reply { status, headers, body: json_rpc(&text) })
    }
}

/// The JSON-RPC response in a body: the body itself, or for SSE the last
/// `data:` event that is a response.
pub fn json_rpc(text: &str) -> Value {
    if let Ok(v) = serde_json::from_str::<Value>(text) {
        return v;
    }
    text.lines()
        .filter_map(|l| l.strip_prefix("data:"))
        .filter_map(|d| serde_json::from_str::<Value>(d.trim()).ok())
        .rfind(|v| v.get("result").is_some() || v.get("error").is_some())
        .unwrap_or_else(|| Value::String(text.to_owned()))
}

/// A 2026-07-28 client on a child's stdin/stdout (newline-delimited JSON).
pub struct ModernStdio {
    child: Child,
    stdin: ChildStdin,
    lines: Lines<BufReader<ChildStdout>>,
}

impl ModernStdio {
    /// Spawns `command` with piped stdio (stderr inherited).
    pub fn spawn(mut command: Command) -> Result<Self> {
        command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null()).kill_on_drop(true);
        let mut child = command.spawn().context("spawn the stdio server")?;
        let stdin = child.stdin.take().ok_or_else(|| anyhow!("no stdin"))?;
        let stdout = child.stdout.take().ok_or_else(|| anyhow!("no stdout"))?;
        Ok(Self { child, stdin, lines: BufReader::new(stdout).lines() })
    }

    /// Sends one request and returns the response with its id (skipping notifications).
    pub async fn send(&mut self, id: u64, method: &str, params: Value, elicitation: bool) -> Result<Value> {
        let mut line = request(id, method, params, elicitation).to_string();
        line.push('\n');
        self.stdin.write_all(line.as_bytes()).await?;
        self.stdin.flush().await?;
        loop {
            let line = tokio::time::timeout(std::time::Duration::from_secs(60), self.lines.next_line())
                .await
                .context("no answer within 60 s")??
                .ok_or_else(|| anyhow!("the server closed stdout"))?;
            let message: Value = serde_json::from_str(&line).with_context(|| format!("not JSON: {line}"))?;
            if message["id"] == json!(id) {
                return Ok(message);
            }
        }
    }

    /// Ends the server.
    pub async fn close(mut self) {
        drop(self.stdin);
        let _ = tokio::time::timeout(std::time::Duration::from_secs(5), self.child.wait()).await;
    }
}
