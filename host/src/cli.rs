//! Command-line interface.

use std::ffi::OsString;
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// The providers `--demo` can start, so `--demo kayako_classic` (with a
/// space) reads as the flag's value rather than a subcommand.
pub const DEMO_PROVIDERS: &[&str] = crate::demo::AVAILABLE;

/// helpdesk-mcp: complete, safe access to a customer-support helpdesk for AI
/// assistants, from a sandboxed WebAssembly component.
#[derive(Debug, Parser)]
#[command(name = "helpdesk-mcp", version, about, long_about = None)]
pub struct Cli {
    /// What to do (default: serve MCP over stdio).
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub common: Common,
}

impl Cli {
    /// Parses the process arguments.
    pub fn from_args() -> Self {
        Self::parse_from(join_demo_value(std::env::args_os()))
    }
}

/// Rewrites `--demo PROVIDER` as `--demo=PROVIDER` when PROVIDER names a demo.
pub fn join_demo_value(args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    let mut out: Vec<OsString> = Vec::new();
    for arg in args {
        let joins = out.last().is_some_and(|prev| prev == "--demo")
            && arg.to_str().is_some_and(|a| DEMO_PROVIDERS.contains(&a));
        match out.last_mut() {
            Some(prev) if joins => {
                prev.push("=");
                prev.push(&arg);
            }
            _ => out.push(arg),
        }
    }
    out
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Common {
    /// Serve the built-in demo helpdesk (seeded data on 127.0.0.1) instead of a real one; `--demo kayako_classic` or `--demo tickiti` picks the provider (default gorgias).
    #[arg(long, global = true, num_args = 0..=1, require_equals = true, default_missing_value = "gorgias", value_name = "PROVIDER")]
    pub demo: Option<String>,
    /// Seconds one tool call may take, retries and rate-limit waits included.
    #[arg(long, global = true, env = "HELPDESK_TIMEOUT_SECS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=600), value_name = "SECS")]
    pub timeout: u64,
    /// Directory for the compiled component (default: ~/.cache/helpdesk-mcp).
    #[arg(long, global = true, env = "HELPDESK_CACHE_DIR", value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Compile the component on every start instead of caching it.
    #[arg(long, global = true)]
    pub no_cache: bool,
    /// Tool calls running at once in the process; more wait (bounded memory).
    #[arg(long, global = true, env = "HELPDESK_MAX_CALLS", default_value_t = 8,
          value_parser = clap::value_parser!(u64).range(1..=1024), value_name = "N")]
    pub max_calls: u64,
    /// Tool calls running at once in one MCP session.
    #[arg(long, global = true, env = "HELPDESK_MAX_CALLS_PER_SESSION", default_value_t = 4,
          value_parser = clap::value_parser!(u64).range(1..=1024), value_name = "N")]
    pub max_calls_per_session: u64,
    /// Tool calls that may wait for a slot; beyond, a call is refused at once with a retry-later error.
    #[arg(long, global = true, env = "HELPDESK_MAX_QUEUED_CALLS", default_value_t = 32,
          value_parser = clap::value_parser!(u64).range(0..=65536), value_name = "N")]
    pub max_queued_calls: u64,
    /// Log filter for stderr, e.g. `info` or `helpdesk_mcp=debug`.
    #[arg(
        long,
        global = true,
        env = "HELPDESK_LOG",
        default_value = "warn,helpdesk_mcp=info",
        value_name = "FILTER"
    )]
    pub log: String,
}

/// Options of `serve`.
#[derive(Debug, Args)]
pub struct Serve {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Extra `Host` header values to accept, `name` or `name:port` (loopback names always are).
    #[arg(long = "allowed-host", value_name = "HOST")]
    pub allowed_hosts: Vec<String>,
    /// Extra browser `Origin` values to accept, `scheme://host[:port]` (loopback origins always are).
    #[arg(long = "allowed-origin", value_name = "ORIGIN")]
    pub allowed_origins: Vec<String>,
    /// Serve a non-loopback address without client keys (HELPDESK_MCP_KEYS_FILE / HELPDESK_MCP_KEY).
    #[arg(long)]
    pub allow_unauthenticated: bool,
    /// No sessions: each POST is answered on its own, as JSON (for load balancers).
    #[arg(long)]
    pub stateless: bool,
    /// Close a session after this many idle seconds.
    #[arg(long, default_value_t = 1800, value_parser = clap::value_parser!(u64).range(1..), value_name = "SECS")]
    pub session_idle_secs: u64,
    /// Largest request body accepted, in bytes (413 beyond; at once when `Content-Length` says so).
    #[arg(long, default_value_t = 4 * 1024 * 1024, value_name = "BYTES")]
    pub max_body_bytes: usize,
    /// Client connections open at once (also kept below the open-file limit); more wait to be accepted.
    #[arg(long, env = "HELPDESK_MAX_CONNECTIONS", default_value_t = 256,
          value_parser = clap::value_parser!(u64).range(1..=1_000_000), value_name = "N")]
    pub max_connections: u64,
    /// Seconds a client has to send a request's headers (from its first byte, or from connecting).
    #[arg(long, env = "HELPDESK_HEADER_TIMEOUT_SECS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=3600), value_name = "SECS")]
    pub header_timeout_secs: u64,
    /// Seconds a client has to send a request's body once its headers are in (408 beyond).
    #[arg(long, env = "HELPDESK_BODY_TIMEOUT_SECS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=3600), value_name = "SECS")]
    pub body_timeout_secs: u64,
    /// Close a keep-alive connection after this many seconds with no request in flight.
    #[arg(long, env = "HELPDESK_IDLE_TIMEOUT_SECS", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(1..=86_400), value_name = "SECS")]
    pub idle_timeout_secs: u64,
}

/// Commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve MCP over stdio (the default).
    Stdio,
    /// Serve MCP over Streamable HTTP at /mcp.
    Serve(Serve),
    /// Print the tools this configuration offers.
    Tools {
        /// Print the MCP tool descriptors as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Call the helpdesk once and report whether the settings work.
    Check,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Cli {
        Cli::parse_from(join_demo_value(args.iter().map(OsString::from)))
    }

    #[test]
    fn demo_takes_a_provider_with_or_without_equals() {
        assert_eq!(parse(&["helpdesk-mcp", "--demo"]).common.demo.as_deref(), Some("gorgias"));
        assert_eq!(
            parse(&["helpdesk-mcp", "--demo", "kayako_classic"]).common.demo.as_deref(),
            Some("kayako_classic")
        );
        assert_eq!(parse(&["helpdesk-mcp", "--demo=gorgias"]).common.demo.as_deref(), Some("gorgias"));
        let serve = parse(&["helpdesk-mcp", "--demo", "serve", "--stateless"]);
        assert_eq!(serve.common.demo.as_deref(), Some("gorgias"));
        assert!(matches!(serve.command, Some(Command::Serve(Serve { stateless: true, .. }))));
    }
}
