//! `helpdesk-mcp`: parse the command line, assemble the configuration, serve.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;
use clap::Parser as _;
use helpdesk_mcp::app::{self, App, Options};
use helpdesk_mcp::cache::Cache;
use helpdesk_mcp::component::CheckFailureKind;
use helpdesk_mcp::mcp::{HelpdeskServer, descriptor};
use helpdesk_mcp::transport::{self, http::HttpOptions};

mod cli;

use cli::{Cli, Command};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_new(&cli.common.log)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,helpdesk_mcp=info"));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .with_target(false)
        .init();
    match run(cli).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("helpdesk-mcp: {e:#}");
            ExitCode::from(2)
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let cache =
        if cli.common.no_cache { Cache::Off } else { Cache::default_dir(cli.common.cache_dir.clone()) };
    let options =
        Options { demo: cli.common.demo.clone(), timeout: Duration::from_secs(cli.common.timeout), cache };
    let lookup = |k: &str| std::env::var(k).ok();
    let prepared = app::prepare(&options, &lookup, None).await?;
    match cli.command.unwrap_or(Command::Stdio) {
        Command::Tools { json } => {
            let policy = prepared.policy()?.clone();
            let tools: Vec<_> =
                prepared.runtime.list_tools().await?.into_iter().filter(|t| policy.allows(t)).collect();
            if json {
                let descriptors = tools.iter().map(descriptor).collect::<Result<Vec<_>, _>>()?;
                println!("{}", serde_json::to_string_pretty(&descriptors)?);
            } else {
                for t in &tools {
                    println!("{:<16} {:<9} {:<10} {}", t.name, tier(t.tier), t.toolset, t.title);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check => {
            let app = prepared.configure().await?;
            announce(&app);
            match app.runtime.check().await? {
                Ok(summary) => {
                    println!("ok: {summary}");
                    Ok(ExitCode::SUCCESS)
                }
                Err(failure) => {
                    println!("failed ({}): {}", kind(failure.kind), failure.message);
                    Ok(ExitCode::from(1))
                }
            }
        }
        Command::Stdio => {
            let app = prepared.configure().await?;
            announce(&app);
            let server =
                HelpdeskServer::new(app.runtime.clone(), &app.policy, app.service.label.clone()).await?;
            transport::stdio::serve(server).await.context("stdio transport")?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { listen, allowed_hosts } => {
            let app = prepared.configure().await?;
            announce(&app);
            let server =
                HelpdeskServer::new(app.runtime.clone(), &app.policy, app.service.label.clone()).await?;
            let mut http = HttpOptions::default();
            http.allowed_hosts.extend(allowed_hosts);
            let listener = tokio::net::TcpListener::bind(listen)
                .await
                .with_context(|| format!("cannot listen on {listen}"))?;
            let addr = listener.local_addr()?;
            eprintln!("helpdesk-mcp: MCP endpoint at http://{addr}/mcp");
            transport::http::serve(listener, transport::http::router(server, &http))
                .await
                .context("HTTP transport")?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Says on stderr what the server is connected to (and if it is the demo).
fn announce(app: &App) {
    if let Some(demo) = &app.demo {
        eprintln!(
            "helpdesk-mcp: demo mode: serving the built-in demo helpdesk at {} (seeded sample data; any GORGIAS_* settings are ignored)",
            demo.server.base_url()
        );
    }
    let origins: Vec<String> = app.runtime.sandbox().origins().iter().map(ToString::to_string).collect();
    eprintln!("helpdesk-mcp: {}; network sandbox allows only {}", app.service.label, origins.join(", "));
}

fn tier(t: helpdesk_mcp::component::Tier) -> &'static str {
    use helpdesk_mcp::component::Tier;
    match t {
        Tier::Readonly => "readonly",
        Tier::Agent => "agent",
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
