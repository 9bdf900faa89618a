//! The `helpdesk-mcp` program: parse the command line, assemble the
//! configuration, serve. A library module so the test-only conformance
//! binary runs exactly the same code.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;

use crate::app::{self, App, Options};
use crate::cache::Cache;
use crate::cli::{Cli, Command, Serve};
use crate::component::{CheckFailureKind, Tier};
use crate::keys::ClientKeys;
use crate::mcp::admission::CallBounds;
use crate::mcp::confirm;
use crate::mcp::round_trip::{Confirmations, STATE_KEY_VAR, STATE_TTL_VAR, StateKey};
use crate::mcp::{HelpdeskServer, descriptor};
use crate::transport::guard::Gate;
use crate::transport::server::ConnectionLimits;
use crate::transport::{self, fds, http::HttpOptions};
use helpdesk_front_door::confirm::MODE_VAR;

/// What the MCP server is wrapped in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    /// The product.
    Product,
    /// With the conformance suite's fixture tools, resources and prompts.
    #[cfg(feature = "conformance")]
    Conformance,
}

/// Runs the program; the exit code says how it went.
pub async fn main(flavor: Flavor) -> ExitCode {
    let cli = Cli::from_args();
    crate::logging::init(&cli.common.log);
    match run(cli, flavor).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("helpdesk-mcp: {e:#}");
            ExitCode::from(2)
        }
    }
}

async fn run(cli: Cli, flavor: Flavor) -> anyhow::Result<ExitCode> {
    let cache =
        if cli.common.no_cache { Cache::Off } else { Cache::default_dir(cli.common.cache_dir.clone()) };
    let options =
        Options { demo: cli.common.demo.clone(), timeout: Duration::from_secs(cli.common.timeout), cache };
    let lookup = |k: &str| std::env::var(k).ok();
    let confirm = confirm::from_config(lookup(MODE_VAR).as_deref())
        .map_err(|e| anyhow::anyhow!("configuration problems:\n  {e}"))?;
    let bounds = CallBounds {
        running: usize::try_from(cli.common.max_calls).unwrap_or(usize::MAX),
        per_session: usize::try_from(cli.common.max_calls_per_session).unwrap_or(usize::MAX),
        queued: usize::try_from(cli.common.max_queued_calls).unwrap_or(usize::MAX),
        wait: options.timeout,
    };
    let prepared = app::prepare(&options, &lookup, None).await?;
    match cli.command.unwrap_or(Command::Stdio) {
        Command::Tools { json } => {
            let policy = prepared.policy()?.clone();
            let tools: Vec<_> =
                prepared.runtime.list_tools().await?.into_iter().filter(|t| policy.allows(t)).collect();
            let text = if json {
                let descriptors = tools.iter().map(descriptor).collect::<Result<Vec<_>, _>>()?;
                format!("{}\n", serde_json::to_string_pretty(&descriptors)?)
            } else {
                tools
                    .iter()
                    .map(|t| format!("{:<16} {:<9} {:<10} {}\n", t.name, tier(t.tier), t.toolset, t.title))
                    .collect()
            };
            print_out(&text)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Check => {
            let app = prepared.configure().await?;
            announce(&app);
            match app.runtime.check().await? {
                Ok(summary) => {
                    print_out(&format!("ok: {summary}\n"))?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(failure) => {
                    print_out(&format!("failed ({}): {}\n", kind(failure.kind), failure.message))?;
                    Ok(ExitCode::from(1))
                }
            }
        }
        Command::Stdio => {
            let app = prepared.configure().await?;
            announce(&app);
            let server = HelpdeskServer::new(app.runtime.clone(), &app.policy, app.service.label.clone())
                .await?
                .with_confirm(confirm)
                .with_confirmations(confirmations(&lookup, false)?)
                .with_call_bounds(bounds);
            match flavor {
                Flavor::Product => transport::stdio::serve(server).await,
                #[cfg(feature = "conformance")]
                Flavor::Conformance => {
                    transport::stdio::serve(crate::conformance::Fixtures::new(server)).await
                }
            }
            .context("stdio transport")?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve(serve) => {
            let app = prepared.configure().await?;
            announce(&app);
            let keys = load_keys(&lookup, app.policy.level)?;
            let mut http = http_options(&serve, keys)?;
            let limit = fds::raise();
            if let (Some(from), Some(to)) = (limit.raised_from, limit.soft) {
                eprintln!("helpdesk-mcp: raised the open-file limit from {from} to {to}");
            }
            http.connections.max_connections = fds::connection_cap(
                http.connections.max_connections,
                limit.soft,
                fds::reserve(bounds.running),
            )
            .map_err(|e| anyhow::anyhow!("configuration problems:\n  {e}"))?;
            let server = HelpdeskServer::new(app.runtime.clone(), &app.policy, app.service.label.clone())
                .await?
                .with_confirm(confirm)
                .with_confirmations(confirmations(&lookup, true)?)
                .with_call_bounds(bounds);
            let router = match flavor {
                Flavor::Product => transport::http::router(move || server.session(), &http),
                #[cfg(feature = "conformance")]
                Flavor::Conformance => transport::http::router(
                    move || crate::conformance::Fixtures::new(server.session()),
                    &http,
                ),
            };
            let listener = tokio::net::TcpListener::bind(serve.listen)
                .await
                .with_context(|| format!("cannot listen on {}", serve.listen))?;
            let addr = listener.local_addr()?;
            eprintln!("helpdesk-mcp: MCP endpoint at http://{addr}/mcp{}", describe_http(&http));
            transport::http::serve(listener, router, http.connections).await.context("HTTP transport")?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The 2026-07-28 confirmation signer from `HELPDESK_MCP_STATE_KEY`; over
/// HTTP (`replicas`), a generated key is worth a warning.
fn confirmations(lookup: &dyn Fn(&str) -> Option<String>, replicas: bool) -> anyhow::Result<Confirmations> {
    let key = StateKey::from_config(lookup(STATE_KEY_VAR).as_deref())
        .map_err(|e| anyhow::anyhow!("configuration problems:\n  {e}"))?;
    if key.generated && replicas {
        tracing::warn!(
            "{STATE_KEY_VAR} is not set: write confirmations (MCP 2026-07-28) are signed with a key generated for this process, so other replicas cannot finish them; set the same key on every replica"
        );
    }
    let ttl = Confirmations::ttl_from_config(lookup(STATE_TTL_VAR).as_deref())
        .map_err(|e| anyhow::anyhow!("configuration problems:\n  {e}"))?;
    Confirmations::new(key, ttl).map_err(|e| anyhow::anyhow!("configuration problems:\n  {e}"))
}

/// Client keys from `HELPDESK_MCP_KEYS_FILE` and `HELPDESK_MCP_KEY`.
fn load_keys(lookup: &dyn Fn(&str) -> Option<String>, level: Tier) -> anyhow::Result<ClientKeys> {
    let file = lookup("HELPDESK_MCP_KEYS_FILE").filter(|f| !f.trim().is_empty()).map(PathBuf::from);
    let single = lookup("HELPDESK_MCP_KEY");
    ClientKeys::load(file.as_deref(), single.as_deref(), level)
        .map_err(|e| anyhow::anyhow!("configuration problems:\n  {e}"))
}

/// The HTTP options, refusing an open server on a non-loopback address.
fn http_options(serve: &Serve, keys: ClientKeys) -> anyhow::Result<HttpOptions> {
    if keys.is_empty() && !serve.listen.ip().is_loopback() && !serve.allow_unauthenticated {
        anyhow::bail!(
            "refusing to serve {} without client keys: anyone who can reach it could use the helpdesk. \
             Set HELPDESK_MCP_KEYS_FILE or HELPDESK_MCP_KEY, listen on 127.0.0.1, or pass --allow-unauthenticated",
            serve.listen
        );
    }
    for origin in &serve.allowed_origins {
        if !origin.contains("://") {
            anyhow::bail!(
                "--allowed-origin `{origin}`: give scheme://host[:port], e.g. https://app.example.com"
            );
        }
    }
    Ok(HttpOptions {
        gate: Gate {
            allowed_hosts: serve.allowed_hosts.clone(),
            allowed_origins: serve.allowed_origins.clone(),
            keys,
            max_body_bytes: serve.max_body_bytes,
            body_timeout: Duration::from_secs(serve.body_timeout_secs),
        },
        stateless: serve.stateless,
        session_idle: Duration::from_secs(serve.session_idle_secs),
        connections: ConnectionLimits {
            header_timeout: Duration::from_secs(serve.header_timeout_secs),
            idle_timeout: Duration::from_secs(serve.idle_timeout_secs),
            max_connections: usize::try_from(serve.max_connections).unwrap_or(usize::MAX),
        },
    })
}

fn describe_http(http: &HttpOptions) -> String {
    let auth = match http.gate.keys.len() {
        0 => "no client keys".to_owned(),
        1 => "1 client key".to_owned(),
        n => format!("{n} client keys"),
    };
    let mode = if http.stateless { "stateless" } else { "sessions" };
    format!(" ({auth}; {mode}; at most {} connections)", http.connections.max_connections)
}

/// Says on stderr what the server is connected to (and if it is the demo).
fn announce(app: &App) {
    if let Some(demo) = &app.demo {
        eprintln!(
            "helpdesk-mcp: demo mode: serving the built-in demo helpdesk at {} (seeded sample data; real helpdesk settings are ignored)",
            demo.url()
        );
    }
    let origins: Vec<String> = app.runtime.sandbox().origins().iter().map(ToString::to_string).collect();
    eprintln!("helpdesk-mcp: {}; network sandbox allows only {}", app.service.label, origins.join(", "));
}

fn tier(t: Tier) -> &'static str {
    match t {
        Tier::Readonly => "readonly",
        Tier::Agent => "agent",
        Tier::Send => "send",
        Tier::Admin => "admin",
    }
}

fn kind(k: CheckFailureKind) -> &'static str {
    match k {
        CheckFailureKind::Config => "configuration",
        CheckFailureKind::Credentials => "bad credentials",
        CheckFailureKind::Forbidden => "forbidden: plan or role",
        CheckFailureKind::NotFound => "wrong domain or URL",
        CheckFailureKind::RateLimited => "rate limited",
        CheckFailureKind::Timeout => "timeout",
        CheckFailureKind::Unreachable => "unreachable",
        CheckFailureKind::Sandbox => "blocked by sandbox",
        CheckFailureKind::Upstream => "helpdesk error",
    }
}

/// Writes to stdout; a reader that went away (`helpdesk-mcp tools | head`) is
/// not an error, where `println!` would panic on the broken pipe.
fn print_out(text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use std::net::SocketAddr;

    use super::*;

    fn serve(listen: &str, open: bool) -> Serve {
        Serve {
            listen: listen.parse::<SocketAddr>().unwrap(),
            allowed_hosts: vec![],
            allowed_origins: vec![],
            allow_unauthenticated: open,
            stateless: false,
            session_idle_secs: 60,
            max_body_bytes: 1024,
            max_connections: 16,
            header_timeout_secs: 10,
            body_timeout_secs: 30,
            idle_timeout_secs: 60,
        }
    }

    #[test]
    fn public_addresses_need_keys_or_an_explicit_opt_out() {
        assert!(http_options(&serve("127.0.0.1:0", false), ClientKeys::default()).is_ok());
        let e = http_options(&serve("0.0.0.0:8080", false), ClientKeys::default()).unwrap_err();
        assert!(e.to_string().contains("--allow-unauthenticated"));
        assert!(http_options(&serve("0.0.0.0:8080", true), ClientKeys::default()).is_ok());
        let keys = ClientKeys::parse("k_0123456789abcdef01234 readonly").unwrap();
        assert!(http_options(&serve("0.0.0.0:8080", false), keys).is_ok());
    }
}
