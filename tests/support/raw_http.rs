//! A deliberately small HTTP/1.1 client over a raw TCP stream, for tests that
//! must send what a polite client never would (invalid UTF-8, wrong media
//! types, oversized bodies) and see exactly what comes back. One request per
//! connection (`Connection: close`); chunked and SSE answers are decoded.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::{Context as _, Result, anyhow, bail};
use serde_json::Value;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

/// One answer.
#[derive(Clone, Debug)]
pub struct RawResponse {
    /// Status code.
    pub status: u16,
    /// Header names (lower-cased) and values.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked.
    pub body: Vec<u8>,
}

impl RawResponse {
    /// The first value of header `name`.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The JSON-RPC message in the body: the body itself, or for
    /// `text/event-stream` the last `data:` event that is a response.
    pub fn json(&self) -> Option<Value> {
        let text = String::from_utf8_lossy(&self.body);
        if self.header("content-type").is_some_and(|t| t.starts_with("text/event-stream")) {
            return text
                .lines()
                .filter_map(|l| l.strip_prefix("data:"))
                .filter_map(|d| serde_json::from_str::<Value>(d.trim()).ok())
                .rfind(|v| v.get("result").is_some() || v.get("error").is_some());
        }
        serde_json::from_str(&text).ok()
    }

    /// The JSON-RPC error code in the body, if any.
    pub fn error_code(&self) -> Option<i64> {
        self.json()?.get("error")?.get("code")?.as_i64()
    }
}

/// Sends one request to `addr` and reads the whole answer (within `timeout`).
/// `headers` are sent as given; `Host`, `Content-Length` and `Connection`
/// are added unless present.
pub async fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    timeout: Duration,
) -> Result<RawResponse> {
    tokio::time::timeout(timeout, exchange(addr, method, path, headers, body))
        .await
        .map_err(|_| anyhow!("{method} {path}: no complete answer within {timeout:?}"))?
}

async fn exchange(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<RawResponse> {
    let mut stream = TcpStream::connect(addr).await.with_context(|| format!("connect {addr}"))?;
    let has = |name: &str| headers.iter().any(|(k, _)| k.eq_ignore_ascii_case(name));
    let mut head = format!("{method} {path} HTTP/1.1\r\n");
    if !has("host") {
        head.push_str(&format!("host: {addr}\r\n"));
    }
    if !has("content-length") {
        head.push_str(&format!("content-length: {}\r\n", body.len()));
    }
    if !has("connection") {
        head.push_str("connection: close\r\n");
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    // A server may answer (413, 415, ...) and close before reading a large
    // body; what it said is what counts, so a failed write is not an error.
    let _ = stream.write_all(body).await;
    let _ = stream.flush().await;
    let mut raw = Vec::new();
    // A reset after the answer (unread body) is fine as long as the answer is whole.
    if let Err(e) = stream.read_to_end(&mut raw).await
        && raw.is_empty()
    {
        return Err(e).context("read answer");
    }
    parse(&raw)
}

fn parse(raw: &[u8]) -> Result<RawResponse> {
    let end =
        raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(|| anyhow!("no HTTP head in answer"))?;
    let head = std::str::from_utf8(&raw[..end]).context("HTTP head is not UTF-8")?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status: u16 = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| anyhow!("bad status line {status_line:?}"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let rest = &raw[end + 4..];
    let chunked = headers.iter().any(|(k, v)| k == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    let body = if chunked { dechunk(rest)? } else { rest.to_vec() };
    Ok(RawResponse { status, headers, body })
}

fn dechunk(mut rest: &[u8]) -> Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let Some(line_end) = rest.windows(2).position(|w| w == b"\r\n") else {
            // Truncated: keep what arrived.
            return Ok(body);
        };
        let size_text = std::str::from_utf8(&rest[..line_end])?;
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .with_context(|| format!("bad chunk size {size_text:?}"))?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Ok(body);
        }
        if rest.len() < size {
            bail!("chunk of {size} bytes truncated at {}", rest.len());
        }
        body.extend_from_slice(&rest[..size]);
        rest = rest.get(size + 2..).unwrap_or_default();
    }
}
