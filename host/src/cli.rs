//! Command-line interface.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Common {
    /// Serve the built-in demo helpdesk (seeded data on 127.0.0.1) instead of a real one; `--demo=gorgias` names the provider.
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

/// Commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve MCP over stdio (the default).
    Stdio,
    /// Serve MCP over Streamable HTTP at /mcp.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Extra `Host` header values to accept (loopback names are always accepted).
        #[arg(long = "allowed-host", value_name = "HOST")]
        allowed_hosts: Vec<String>,
    },
    /// Print the tools this configuration offers.
    Tools {
        /// Print the MCP tool descriptors as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Call the helpdesk once and report whether the settings work.
    Check,
}
