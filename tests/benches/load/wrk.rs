//! The load generator: Debian's `wrk` driven by a generated Lua script that
//! POSTs MCP 2026-07-28 requests (no session, `_meta` and `Mcp-*` headers in
//! every request) and checks every answer: a non-2xx status, a JSON-RPC
//! `error` or an `isError` result is counted, and the first one is kept.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use serde_json::{Value, json};

/// One request the script sends (in turn with the others).
#[derive(Clone, Debug)]
pub struct Call {
    /// `Mcp-Method`.
    pub method: &'static str,
    /// `Mcp-Name` and `params.name` for `tools/call`.
    pub tool: Option<&'static str>,
    /// Tool arguments.
    pub arguments: Value,
}

impl Call {
    /// `tools/list`.
    pub fn list() -> Self {
        Self { method: "tools/list", tool: None, arguments: json!({}) }
    }

    /// `tools/call` of `tool` with `arguments`.
    pub fn tool(tool: &'static str, arguments: Value) -> Self {
        Self { method: "tools/call", tool: Some(tool), arguments }
    }

    fn body(&self) -> String {
        let meta = json!({
            "io.modelcontextprotocol/protocolVersion": "2026-07-28",
            "io.modelcontextprotocol/clientInfo": { "name": "load-bench", "version": "0" },
            "io.modelcontextprotocol/clientCapabilities": {},
        });
        let params = match self.tool {
            Some(name) => json!({ "name": name, "arguments": self.arguments, "_meta": meta }),
            None => json!({ "_meta": meta }),
        };
        json!({ "jsonrpc": "2.0", "id": 1, "method": self.method, "params": params }).to_string()
    }
}

/// What one wrk run measured.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    /// Answers received.
    pub requests: u64,
    /// Wall time of the run.
    pub seconds: f64,
    /// Latency percentiles and maximum, in milliseconds.
    pub p50_ms: f64,
    /// 99th percentile.
    pub p99_ms: f64,
    /// Slowest answer.
    pub max_ms: f64,
    /// Answers with a non-2xx status.
    pub non_2xx: u64,
    /// 200 answers carrying a JSON-RPC error or `isError: true`.
    pub rpc_errors: u64,
    /// Connect, read, write and timeout errors.
    pub socket_errors: u64,
    /// The first bad answer's body (capped), if any.
    pub sample: String,
    /// Bytes of the first good answer (proof the answers are real).
    pub good_bytes: u64,
}

impl Outcome {
    /// Answers per second.
    pub fn rate(&self) -> f64 {
        self.requests as f64 / self.seconds.max(1e-9)
    }

    /// Every kind of error.
    pub fn errors(&self) -> u64 {
        self.non_2xx + self.rpc_errors + self.socket_errors
    }
}

/// Makes sure `wrk` is there: installs Debian's package when running as root
/// with apt, else says what to install.
pub fn ensure() -> Result<()> {
    if which("wrk") {
        return Ok(());
    }
    let root = std::fs::read_to_string("/proc/self/status")
        .is_ok_and(|s| s.lines().any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0")));
    if root && which("apt-get") {
        eprintln!("wrk is missing: installing Debian's package (apt-get install wrk)");
        let ok = std::process::Command::new("apt-get")
            .args(["install", "-y", "-qq", "wrk"])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .is_ok_and(|s| s.success());
        if ok && which("wrk") {
            return Ok(());
        }
    }
    bail!("this bench needs wrk: `apt-get install wrk` (Debian/Ubuntu)")
}

fn which(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// Writes the Lua script sending `calls` in turn; returns its path.
pub fn script(dir: &Path, name: &str, calls: &[Call]) -> Result<PathBuf> {
    let mut lua = String::from("local calls = {\n");
    for call in calls {
        let mut headers = format!(
            "[\"Content-Type\"]=\"application/json\", [\"Accept\"]=\"application/json, text/event-stream\", \
             [\"MCP-Protocol-Version\"]=\"2026-07-28\", [\"Mcp-Method\"]=\"{}\"",
            call.method
        );
        if let Some(tool) = call.tool {
            headers.push_str(&format!(", [\"Mcp-Name\"]=\"{tool}\""));
        }
        // A Lua long string holds the JSON as is.
        lua.push_str(&format!("  {{ headers = {{ {headers} }}, body = [==[{}]==] }},\n", call.body()));
    }
    lua.push_str(LUA);
    let path = dir.join(format!("{name}.lua"));
    std::fs::write(&path, lua).with_context(|| format!("write {}", path.display()))?;
    Ok(path)
}

const LUA: &str = r#"}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  turn = 0; rpc_errors = 0; non_2xx = 0; sample = ""; good_bytes = 0
  prepared = {}
  for i, c in ipairs(calls) do prepared[i] = wrk.format("POST", "/mcp", c.headers, c.body) end
end
function request()
  turn = turn % #prepared + 1
  return prepared[turn]
end
function response(status, headers, body)
  if status < 200 or status > 299 then
    non_2xx = non_2xx + 1
    if sample == "" then sample = "HTTP " .. status .. " " .. body end
  elseif string.find(body, '"isError":true', 1, true) or string.find(body, '"error":{', 1, true) then
    rpc_errors = rpc_errors + 1
    if sample == "" then sample = body end
  elseif good_bytes == 0 then
    good_bytes = #body
  end
end
function done(summary, latency, requests)
  local rpc, bad, sample_all, good = 0, 0, "", 0
  for _, t in ipairs(threads) do
    rpc = rpc + t:get("rpc_errors")
    bad = bad + t:get("non_2xx")
    local s = t:get("sample")
    if sample_all == "" and s ~= nil then sample_all = s end
    if good == 0 then good = t:get("good_bytes") end
  end
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), latency.max, rpc, bad,
    e.connect + e.read + e.write + e.timeout, good))
  io.write("SAMPLE " .. string.gsub(string.sub(sample_all, 1, 400), "\n", " ") .. "\n")
end
"#;

/// Runs wrk with `connections` clients for `duration` against `url`,
/// pinned to `cpus` when given (a `taskset` list such as "1").
pub async fn run(
    url: &str,
    script: &Path,
    connections: usize,
    duration: Duration,
    cpus: Option<&str>,
) -> Result<Outcome> {
    let threads = connections.clamp(1, 2);
    let mut args: Vec<String> = Vec::new();
    let program = match cpus {
        Some(list) => {
            args.extend(["-c".into(), list.into(), "wrk".into()]);
            "taskset"
        }
        None => "wrk",
    };
    args.extend([
        format!("-t{threads}"),
        format!("-c{connections}"),
        format!("-d{}s", duration.as_secs().max(1)),
        "--timeout".into(),
        "30s".into(),
        "-s".into(),
        script.display().to_string(),
        url.into(),
    ]);
    let out = tokio::process::Command::new(program).args(&args).output().await.context("run wrk")?;
    let text = String::from_utf8_lossy(&out.stdout);
    let Some(line) = text.lines().find_map(|l| l.strip_prefix("RESULT ")) else {
        bail!("wrk printed no result: {text}{}", String::from_utf8_lossy(&out.stderr));
    };
    let n: Vec<u64> = line.split_whitespace().map(|v| v.parse().unwrap_or(0)).collect();
    let us = |i: usize| n.get(i).copied().unwrap_or(0) as f64 / 1000.0;
    Ok(Outcome {
        requests: n.first().copied().unwrap_or(0),
        seconds: n.get(1).copied().unwrap_or(0) as f64 / 1e6,
        p50_ms: us(2),
        p99_ms: us(3),
        max_ms: us(4),
        rpc_errors: n.get(5).copied().unwrap_or(0),
        non_2xx: n.get(6).copied().unwrap_or(0),
        socket_errors: n.get(7).copied().unwrap_or(0),
        good_bytes: n.get(8).copied().unwrap_or(0),
        sample: text.lines().find_map(|l| l.strip_prefix("SAMPLE ")).unwrap_or_default().trim().to_owned(),
    })
}
