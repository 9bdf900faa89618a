//! MCP 2025-11-25 sessions over Streamable HTTP, opened by hand with reqwest
//! (`initialize`, then `notifications/initialized`), so the bench can hold a
//! thousand of them open and see what each costs the server.

use anyhow::{Context as _, Result, bail};
use futures::{StreamExt as _, TryStreamExt as _};

const INITIALIZE: &str = r#"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"load-bench","version":"0"}}}"#;
const INITIALIZED: &str = r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#;
const LIST: &str = r#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#;

fn post(http: &reqwest::Client, url: &str, body: &'static str) -> reqwest::RequestBuilder {
    http.post(url)
        .header("content-type", "application/json")
        .header("accept", "application/json, text/event-stream")
        .body(body)
}

/// Opens one session and lists its tools once; returns its id.
pub async fn open(http: &reqwest::Client, url: &str) -> Result<String> {
    let res = post(http, url, INITIALIZE).send().await.context("initialize")?;
    let id = res
        .headers()
        .get("mcp-session-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .with_context(|| format!("no session id (HTTP {})", res.status()))?;
    res.bytes().await?;
    for body in [INITIALIZED, LIST] {
        let res = post(http, url, body)
            .header("mcp-session-id", &id)
            .header("mcp-protocol-version", "2025-11-25")
            .send()
            .await?;
        if !res.status().is_success() {
            bail!("session request answered HTTP {}", res.status());
        }
        res.bytes().await?;
    }
    Ok(id)
}

/// Opens `n` sessions, 16 at a time.
pub async fn open_many(http: &reqwest::Client, url: &str, n: usize) -> Result<Vec<String>> {
    futures::stream::iter(0..n).map(|_| open(http, url)).buffer_unordered(16).try_collect().await
}

/// The HTTP status a request in session `id` gets now (404 once it expired).
pub async fn status_of(http: &reqwest::Client, url: &str, id: &str) -> Result<u16> {
    let res = post(http, url, LIST)
        .header("mcp-session-id", id)
        .header("mcp-protocol-version", "2025-11-25")
        .send()
        .await?;
    let status = res.status().as_u16();
    res.bytes().await?;
    Ok(status)
}
