//! One corpus of malformed requests, sent to every MCP front door: the host
//! over stdio (raw lines), the host's Streamable HTTP (raw HTTP after a real
//! initialize) and the component's own HTTP handler in-process. Each must get
//! a specific JSON-RPC error (or, per spec, no answer), the server must keep
//! serving, and the helpdesk must never be called.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context as _, Result, anyhow, bail};
use bytes::Bytes;
use helpdesk_fakes::gorgias::{FakeGorgias, GorgiasOptions, fixtures};
use helpdesk_mcp::cache::Cache;
use helpdesk_mcp::component::{CallLimits, Code, Runtime};
use helpdesk_mcp::sandbox::Sandbox;
use helpdesk_tests::harness::{HostBuilder, cache_dir, host_binary};
use helpdesk_tests::raw_http::{self, RawResponse};
use http_body_util::{BodyExt as _, Full};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::process::{ChildStdin, ChildStdout, Command};

/// What a case must get back.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    /// A JSON-RPC error with this code (HTTP: at this status).
    Error { code: i64, status: u16 },
    /// A successful `tools/call` answer whose result is a tool error (`isError`).
    ToolError,
    /// Nothing over stdio (a blank line); over HTTP a parse error.
    BlankLine,
}

const PARSE: Expect = Expect::Error { code: -32700, status: 400 };
const INVALID: Expect = Expect::Error { code: -32600, status: 400 };
const NO_METHOD: Expect = Expect::Error { code: -32601, status: 200 };
const BAD_PARAMS: Expect = Expect::Error { code: -32602, status: 200 };
const TOO_LARGE: Expect = Expect::Error { code: -32600, status: 413 };

struct Case {
    name: &'static str,
    body: Vec<u8>,
    expect: Expect,
}

fn case(name: &'static str, body: impl Into<Vec<u8>>, expect: Expect) -> Case {
    Case { name, body: body.into(), expect }
}

fn call(id: u32, params: &Value) -> String {
    json!({ "jsonrpc": "2.0", "id": id, "method": "tools/call", "params": params }).to_string()
}

/// The corpus. No line contains a `\n`, so each is one stdio message.
fn corpus() -> Vec<Case> {
    let huge_text = "x".repeat(5 * 1024 * 1024);
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    vec![
        case("invalid JSON", "{nope", PARSE),
        case("truncated JSON", r#"{"jsonrpc":"2.0","id":1,"method":"tools/list""#, PARSE),
        case(
            "invalid UTF-8",
            &b"{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/\xff\xfelist\"}"[..],
            PARSE,
        ),
        case("deep nesting (100k arrays)", deep, PARSE),
        case(
            "deep nesting inside arguments",
            call(3, &json!({ "name": "get_ticket", "arguments": { "id": 1 } }))
                .replace("{\"id\":1}", &format!("{{\"id\":{}1{}}}", "[".repeat(50_000), "]".repeat(50_000))),
            PARSE,
        ),
        case("empty body", "", Expect::BlankLine),
        case("missing jsonrpc", r#"{"id":4,"method":"tools/list"}"#, INVALID),
        case("jsonrpc 1.0", r#"{"jsonrpc":"1.0","id":5,"method":"tools/list"}"#, INVALID),
        case("id as object", r#"{"jsonrpc":"2.0","id":{"n":6},"method":"tools/list"}"#, INVALID),
        case("id as null", r#"{"jsonrpc":"2.0","id":null,"method":"tools/list"}"#, INVALID),
        case("method as number", r#"{"jsonrpc":"2.0","id":7,"method":42}"#, INVALID),
        case("params as array", r#"{"jsonrpc":"2.0","id":8,"method":"tools/list","params":[1,2]}"#, INVALID),
        case("params as string", r#"{"jsonrpc":"2.0","id":9,"method":"tools/list","params":"all"}"#, INVALID),
        case(
            "batch of two",
            r#"[{"jsonrpc":"2.0","id":10,"method":"ping"},{"jsonrpc":"2.0","id":11,"method":"ping"}]"#,
            INVALID,
        ),
        case("empty batch", "[]", INVALID),
        case("a bare number", "12", INVALID),
        case(
            "huge body (5 MiB)",
            call(13, &json!({ "name": "search_tickets", "arguments": { "query": huge_text } })),
            TOO_LARGE,
        ),
        case("unknown method", r#"{"jsonrpc":"2.0","id":14,"method":"tickets/list"}"#, NO_METHOD),
        case(
            "unknown method with params",
            r#"{"jsonrpc":"2.0","id":15,"method":"tickets/delete","params":{"all":true}}"#,
            NO_METHOD,
        ),
        case(
            "unknown tool",
            call(16, &json!({ "name": "delete_everything", "arguments": {} })),
            Expect::ToolError,
        ),
        case("tool name missing", call(17, &json!({ "arguments": { "id": 4521 } })), BAD_PARAMS),
        case("tool name as number", call(18, &json!({ "name": 7 })), BAD_PARAMS),
        case(
            "arguments as array",
            call(19, &json!({ "name": "get_ticket", "arguments": [4521] })),
            BAD_PARAMS,
        ),
        case(
            "arguments as string",
            call(20, &json!({ "name": "get_ticket", "arguments": "{\"id\":4521}" })),
            BAD_PARAMS,
        ),
        case(
            "argument of the wrong type",
            call(21, &json!({ "name": "get_ticket", "arguments": { "id": { "ticket": 4521 } } })),
            Expect::ToolError,
        ),
        case(
            "argument as array",
            call(22, &json!({ "name": "list_tickets", "arguments": { "limit": [5] } })),
            Expect::ToolError,
        ),
        case(
            "required argument missing",
            call(23, &json!({ "name": "get_ticket", "arguments": {} })),
            Expect::ToolError,
        ),
    ]
}

/// Checks one answer (a JSON-RPC message) against `expect`.
fn check_message(expect: Expect, answer: &Value) -> Result<()> {
    match expect {
        Expect::Error { code, .. } => {
            let got = answer["error"]["code"].as_i64();
            if got != Some(code) {
                bail!("expected JSON-RPC error {code}, got {answer}");
            }
            let message = answer["error"]["message"].as_str().unwrap_or_default();
            if message.is_empty() || message.len() > 500 {
                bail!("the error message should be short and specific: {message:?}");
            }
        }
        Expect::ToolError => {
            if answer["result"]["isError"] != true {
                bail!("expected an isError tool result, got {answer}");
            }
            let text = answer["result"]["content"][0]["text"].as_str().unwrap_or_default();
            if text.is_empty() || text.len() > 2000 {
                bail!("the tool error should say what is wrong: {text:?}");
            }
        }
        Expect::BlankLine => bail!("a blank line must get no answer over stdio, got {answer}"),
    }
    Ok(())
}

/// Runs every case; a failure list beats stopping at the first.
async fn run_all<F, Fut>(transport: &str, mut one: F) -> Result<()>
where
    F: FnMut(Case) -> Fut,
    Fut: Future<Output = Result<()>>,
{
    let mut failures = Vec::new();
    for c in corpus() {
        let name = c.name;
        if let Err(e) = one(c).await {
            failures.push(format!("  {name}: {e:#}"));
        }
    }
    if !failures.is_empty() {
        bail!("{transport}: {} case(s) failed:\n{}", failures.len(), failures.join("\n"));
    }
    Ok(())
}

fn gorgias_env(fake: &FakeGorgias) -> Vec<(String, String)> {
    vec![
        ("GORGIAS_BASE_URL".to_owned(), fake.base_url()),
        ("GORGIAS_EMAIL".to_owned(), fixtures::EMAIL.to_owned()),
        ("GORGIAS_API_KEY".to_owned(), fixtures::API_KEY.to_owned()),
    ]
}

// ---------------------------------------------------------------- stdio

struct Stdio_ {
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next_id: u64,
}

impl Stdio_ {
    async fn write(&mut self, line: &[u8]) -> Result<()> {
        self.stdin.write_all(line).await?;
        self.stdin.write_all(b"\n").await?;
        self.stdin.flush().await?;
        Ok(())
    }

    async fn read(&mut self) -> Result<Value> {
        let mut line = String::new();
        let n = tokio::time::timeout(Duration::from_secs(30), self.stdout.read_line(&mut line))
            .await
            .map_err(|_| anyhow!("no answer within 30 s"))??;
        if n == 0 {
            bail!("the host closed stdout (it died)");
        }
        serde_json::from_str(&line).with_context(|| format!("stdout carried a non-JSON line: {line:?}"))
    }

    /// Sends a ping and returns every other message read before its answer.
    async fn ping(&mut self) -> Result<Vec<Value>> {
        self.next_id += 1;
        let id = format!("ping-{}", self.next_id);
        self.write(json!({ "jsonrpc": "2.0", "id": id, "method": "ping" }).to_string().as_bytes()).await?;
        let mut others = Vec::new();
        loop {
            let msg = self.read().await?;
            if msg["id"] == id.as_str() {
                if msg["result"] != json!({}) {
                    bail!("ping answered {msg}");
                }
                return Ok(others);
            }
            others.push(msg);
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn stdio_answers_bad_input_and_keeps_serving() -> Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let mut cmd = Command::new(host_binary());
    cmd.env_clear()
        .envs(gorgias_env(&fake))
        .env("HELPDESK_CACHE_DIR", cache_dir())
        .env("HELPDESK_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true);
    let mut child = cmd.spawn().context("spawn host")?;
    let mut io = Stdio_ {
        stdin: child.stdin.take().context("stdin")?,
        stdout: BufReader::new(child.stdout.take().context("stdout")?),
        next_id: 0,
    };
    io.write(
        json!({ "jsonrpc": "2.0", "id": 0, "method": "initialize",
                "params": { "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": { "name": "bad-input", "version": "1" } } })
        .to_string()
        .as_bytes(),
    )
    .await?;
    let init = io.read().await?;
    assert_eq!(init["result"]["protocolVersion"], "2025-11-25", "{init}");
    io.write(br#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#).await?;

    let io = tokio::sync::Mutex::new(io);
    run_all("stdio", |c| {
        let io = &io;
        async move {
            let mut io = io.lock().await;
            io.write(&c.body).await?;
            // rmcp answers requests concurrently, so the ping's answer may
            // overtake the case's (a tool call always runs longer): then wait
            // for the case's answer separately.
            let mut answers = io.ping().await?;
            if c.expect != Expect::BlankLine && answers.is_empty() {
                answers.push(io.read().await?);
            }
            match (c.expect, answers.as_slice()) {
                (Expect::BlankLine, []) => Ok(()),
                (_, [answer]) => check_message(c.expect, answer),
                (_, []) => bail!("no answer (the message was ignored)"),
                (_, many) => bail!("{} answers to one message: {many:?}", many.len()),
            }
        }
    })
    .await?;

    let mut io = io.into_inner();
    io.write(br#"{"jsonrpc":"2.0","id":"last","method":"tools/list"}"#).await?;
    let list = io.read().await?;
    assert!(list["result"]["tools"].as_array().is_some_and(|t| !t.is_empty()), "{list}");
    assert_eq!(fake.control().request_count(), 0, "bad input reached the helpdesk");
    Ok(())
}

// ------------------------------------------------- host Streamable HTTP

struct HttpSession {
    addr: SocketAddr,
    session: Option<String>,
}

impl HttpSession {
    async fn post(&self, body: &[u8], extra: &[(&str, &str)]) -> Result<RawResponse> {
        let mut headers = vec![
            ("content-type", "application/json"),
            ("accept", "application/json, text/event-stream"),
            ("mcp-protocol-version", "2025-11-25"),
        ];
        if let Some(s) = &self.session {
            headers.push(("mcp-session-id", s));
        }
        for (k, v) in extra {
            headers.retain(|(n, _)| !n.eq_ignore_ascii_case(k));
            headers.push((k, v));
        }
        raw_http::send(self.addr, "POST", "/mcp", &headers, body, Duration::from_secs(30)).await
    }
}

/// Checks an HTTP answer against `expect`.
fn check_http(expect: Expect, r: &RawResponse) -> Result<()> {
    let status = match expect {
        Expect::Error { status, .. } => status,
        Expect::ToolError => 200,
        Expect::BlankLine => 400,
    };
    let expect = if expect == Expect::BlankLine { PARSE } else { expect };
    if r.status != status {
        bail!(
            "expected HTTP {status}, got {} {}",
            r.status,
            String::from_utf8_lossy(&r.body[..r.body.len().min(300)])
        );
    }
    let answer = r.json().ok_or_else(|| anyhow!("HTTP {} without a JSON-RPC body", r.status))?;
    check_message(expect, &answer)
}

/// A case only HTTP has: name, method, headers to override, expected status.
type HeadCase = (&'static str, &'static str, Vec<(&'static str, &'static str)>, u16);

/// Cases only HTTP has: the method, media types and protocol-version header.
/// With sessions (the host's default) a GET opens the session's SSE stream and
/// DELETE ends the session; stateless endpoints answer both with 405.
fn http_head_cases(sessions: bool) -> Vec<HeadCase> {
    let mut cases = vec![
        ("GET (no SSE stream in stateless mode)", "GET", vec![("accept", "text/event-stream")], 405),
        ("Content-Type text/plain", "POST", vec![("content-type", "text/plain")], 415),
        ("Accept without application/json", "POST", vec![("accept", "text/html")], 406),
        ("unsupported MCP-Protocol-Version", "POST", vec![("mcp-protocol-version", "1999-01-01")], 400),
        // Last: a server with sessions ends the session here.
        ("DELETE", "DELETE", vec![], if sessions { 204 } else { 405 }),
    ];
    if sessions {
        cases.remove(0);
    }
    cases
}

#[tokio::test(flavor = "multi_thread")]
async fn host_http_answers_bad_input_and_keeps_serving() -> Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let (url, _log, _child) = HostBuilder::gorgias(&fake).http_endpoint().await?;
    let addr: SocketAddr = url
        .trim_start_matches("http://")
        .trim_end_matches("/mcp")
        .parse()
        .with_context(|| format!("endpoint {url}"))?;
    let mut http = HttpSession { addr, session: None };
    let init = http
        .post(
            json!({ "jsonrpc": "2.0", "id": 0, "method": "initialize",
                    "params": { "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": { "name": "bad-input", "version": "1" } } })
            .to_string()
            .as_bytes(),
            &[],
        )
        .await?;
    assert_eq!(init.status, 200, "{}", String::from_utf8_lossy(&init.body));
    http.session = init.header("mcp-session-id").map(str::to_owned);
    let note = http.post(br#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#, &[]).await?;
    assert_eq!(note.status, 202);

    let http = &http;
    let alive = || async move {
        let r = http.post(br#"{"jsonrpc":"2.0","id":"alive","method":"ping"}"#, &[]).await?;
        if r.status != 200 || r.json().is_none_or(|v| v["result"] != json!({})) {
            bail!("the server stopped answering pings: {} {}", r.status, String::from_utf8_lossy(&r.body));
        }
        Ok(())
    };
    let corpus = run_all("host HTTP", |c| async move {
        check_http(c.expect, &http.post(&c.body, &[]).await?)?;
        alive().await
    })
    .await;
    let mut head_failures = Vec::new();
    for (name, method, extra, status) in http_head_cases(true) {
        let mut headers: Vec<(&str, &str)> = vec![
            ("content-type", "application/json"),
            ("accept", "application/json, text/event-stream"),
            ("mcp-protocol-version", "2025-11-25"),
        ];
        if let Some(s) = &http.session {
            headers.push(("mcp-session-id", s));
        }
        for (k, v) in &extra {
            headers.retain(|(n, _)| n != k);
            headers.push((k, v));
        }
        let body: &[u8] = if method == "POST" { br#"{"jsonrpc":"2.0","id":1,"method":"ping"}"# } else { b"" };
        // A GET may legitimately open a standing SSE stream on a stateful
        // server; it then never completes, which is a failure of this check.
        match raw_http::send(addr, method, "/mcp", &headers, body, Duration::from_secs(5)).await {
            Ok(r) if r.status == status => {}
            Ok(r) => head_failures.push(format!("  {name}: expected HTTP {status}, got {}", r.status)),
            Err(e) => head_failures.push(format!("  {name}: expected HTTP {status}, got {e:#}")),
        }
        if method != "DELETE" {
            alive().await?;
        }
    }
    assert_eq!(fake.control().request_count(), 0, "bad input reached the helpdesk");
    match (corpus, head_failures.is_empty()) {
        (Ok(()), true) => Ok(()),
        (corpus, _) => bail!(
            "{}\nhost HTTP, head checks: {} failed\n{}",
            corpus.err().map(|e| format!("{e:#}")).unwrap_or_default(),
            head_failures.len(),
            head_failures.join("\n")
        ),
    }
}

// ------------------------------------------- guest handler, in-process

async fn handle(rt: &Runtime, method: &str, headers: &[(&str, &str)], body: Vec<u8>) -> Result<RawResponse> {
    let mut request = http::Request::builder().method(method).uri("http://localhost/mcp");
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let request =
        request.body(Full::new(Bytes::from(body)).map_err(|e: Infallible| match e {}).boxed_unsync())?;
    let response = rt.handle_http(request).await?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
        .collect();
    let body = response.into_body().collect().await.map_err(|e| anyhow!("{e:?}"))?.to_bytes().to_vec();
    Ok(RawResponse { status, headers, body })
}

const JSON_HEADERS: &[(&str, &str)] = &[
    ("content-type", "application/json"),
    ("accept", "application/json, text/event-stream"),
    ("mcp-protocol-version", "2025-11-25"),
];

#[tokio::test(flavor = "multi_thread")]
async fn component_handler_answers_bad_input_and_keeps_serving() -> Result<()> {
    let fake = FakeGorgias::start(GorgiasOptions::default()).await?;
    let rt = Runtime::new(
        Code::load(&Cache::Dir(cache_dir()))?,
        gorgias_env(&fake),
        Sandbox::new(&[fake.origin()])?,
        CallLimits::default(),
        None,
    );
    let rt = &rt;
    let alive = || async move {
        let r =
            handle(rt, "POST", JSON_HEADERS, br#"{"jsonrpc":"2.0","id":"alive","method":"ping"}"#.to_vec())
                .await?;
        if r.status != 200 || r.json().is_none_or(|v| v["result"] != json!({})) {
            bail!("the handler stopped answering pings: {}", r.status);
        }
        Ok(())
    };
    run_all("component handler", |c| async move {
        check_http(c.expect, &handle(rt, "POST", JSON_HEADERS, c.body).await?)?;
        alive().await
    })
    .await?;
    for (name, method, extra, status) in http_head_cases(false) {
        let mut headers = JSON_HEADERS.to_vec();
        for (k, v) in &extra {
            headers.retain(|(n, _)| n != k);
            headers.push((k, v));
        }
        let body =
            if method == "POST" { br#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#.to_vec() } else { vec![] };
        let r = handle(rt, method, &headers, body).await?;
        assert_eq!(r.status, status, "{name}");
        assert!(r.json().is_some_and(|v| v["error"]["message"].is_string()), "{name}");
        if status == 405 {
            assert_eq!(r.header("allow"), Some("POST"), "{name}");
        }
    }
    alive().await?;
    assert_eq!(fake.control().request_count(), 0, "bad input reached the helpdesk");
    Ok(())
}
