//! The server under load: `helpdesk-mcp serve` (the bench's build) against the
//! fake Gorgias, optionally pinned to CPUs, and what `/proc` says about it.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use helpdesk_fakes::gorgias::{FakeGorgias, fixtures};
use tokio::process::{Child, Command};

/// A running server.
pub struct Server {
    child: Child,
    /// Its process id.
    pub pid: u32,
    /// `http://127.0.0.1:PORT/mcp`.
    pub url: String,
}

/// How to start one.
pub struct Options<'a> {
    /// `taskset` CPU list, e.g. "0".
    pub cpus: Option<&'a str>,
    /// `--stateless` (2026-07-28 and plain JSON) or sessions.
    pub stateless: bool,
    /// `--session-idle-secs`.
    pub session_idle_secs: u64,
}

impl Server {
    /// Starts `bin serve` on a free loopback port and waits until it answers.
    pub async fn start(bin: &Path, fake: &FakeGorgias, cache: &Path, opts: Options<'_>) -> Result<Self> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let mut cmd = match opts.cpus {
            Some(list) => {
                let mut c = Command::new("taskset");
                c.args(["-c", list]).arg(bin);
                c
            }
            None => Command::new(bin),
        };
        cmd.env_clear()
            .env("GORGIAS_BASE_URL", fake.base_url())
            .env("GORGIAS_EMAIL", fixtures::EMAIL)
            .env("GORGIAS_API_KEY", fixtures::API_KEY)
            .env("HELPDESK_CACHE_DIR", cache)
            // Per-call info lines would measure the terminal, not the server.
            .env("HELPDESK_LOG", "warn")
            // 256 clients at once must queue, not be refused: the default queue
            // (32) is a memory bound for real deployments, not for this bench.
            .env("HELPDESK_MAX_QUEUED_CALLS", "4096")
            .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
            .args(["--session-idle-secs", &opts.session_idle_secs.to_string()])
            .args(["--max-connections", "2048"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .kill_on_drop(true);
        if opts.stateless {
            cmd.arg("--stateless");
        }
        let child = cmd.spawn().context("spawn helpdesk-mcp serve")?;
        let pid = child.id().context("pid")?;
        let server = Self { child, pid, url: format!("http://127.0.0.1:{port}/mcp") };
        for _ in 0..300 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                return Ok(server);
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        bail!("helpdesk-mcp serve did not listen within 15 s")
    }

    /// CPU time used so far (user + system, all threads).
    pub fn cpu(&self) -> Duration {
        cpu_of(self.pid)
    }

    /// Resident memory now, in KiB.
    pub fn rss_kib(&self) -> u64 {
        status_kib(self.pid, "VmRSS:")
    }

    /// Stops it.
    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}

/// User + system CPU of `pid` (fields 14 and 15 of `/proc/PID/stat`, in clock ticks).
pub fn cpu_of(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The command name may hold spaces; fields are counted after its closing parenthesis.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let field =
        |n: usize| rest.split_whitespace().nth(n - 3).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    // USER_HZ is fixed at 100 in Linux's ABI on every architecture Rust targets.
    Duration::from_millis((field(14) + field(15)) * 10)
}

/// A `kB` line of `/proc/PID/status`.
pub fn status_kib(pid: u32, key: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// `uptime`'s load averages.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}
