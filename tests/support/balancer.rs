//! A real load balancer for the scale-out tests: HAProxy from Debian's
//! packages (`.ci/run` installs it), started in the foreground on loopback
//! with a generated round-robin configuration and killed when dropped. It
//! names the backend that answered in `X-Served-By` (`r1`, `r2`, ...).

use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use tokio::process::{Child, Command};

use crate::harness::scratch_dir;

/// HAProxy in the foreground; killed when dropped.
pub struct Balancer {
    /// The MCP endpoint behind it (`http://127.0.0.1:PORT/mcp`).
    pub url: String,
    _child: Child,
}

fn free_port() -> Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Starts HAProxy on a free loopback port, round-robin over `backends` (`host:port`).
pub async fn haproxy(backends: &[String]) -> Result<Balancer> {
    let bin = ["/usr/sbin/haproxy", "/usr/local/sbin/haproxy"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .context("HAProxy is not installed: `apt-get install -y haproxy` (.ci/run does this)")?;
    let port = free_port()?;
    let servers: String =
        backends.iter().enumerate().map(|(i, addr)| format!("  server r{} {addr}\n", i + 1)).collect();
    let config = format!(
        "global\n  maxconn 256\n\
         defaults\n  mode http\n  timeout connect 5s\n  timeout client 60s\n  timeout server 60s\n\
         frontend mcp\n  bind 127.0.0.1:{port}\n  default_backend replicas\n\
         backend replicas\n  balance roundrobin\n  http-response set-header X-Served-By %[srv_name]\n{servers}"
    );
    let dir = scratch_dir(&format!("balancer-{port}"))?;
    let path = dir.join("haproxy.cfg");
    std::fs::write(&path, config)?;
    let check = Command::new(bin).arg("-c").arg("-f").arg(&path).output().await?;
    if !check.status.success() {
        bail!("haproxy -c refused the config: {}", String::from_utf8_lossy(&check.stderr));
    }
    let child = Command::new(bin)
        .arg("-db") // foreground, no daemon: the test owns the process
        .arg("-f")
        .arg(&path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .context("start haproxy")?;
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return Ok(Balancer { url: format!("http://127.0.0.1:{port}/mcp"), _child: child });
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    bail!("haproxy did not listen on 127.0.0.1:{port}")
}

/// The backend HAProxy says answered (`r1`, `r2`, ...), or empty.
pub fn served_by(reply: &crate::modern::Reply) -> String {
    reply.headers.get("x-served-by").cloned().unwrap_or_default()
}
