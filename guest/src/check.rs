//! `check-connection`: one authenticated call to the helpdesk, with a
//! diagnosis a person can act on when it fails.

use crate::config::{Env, Settings};
use crate::http::{ConnectFailure, Limits, Transport};
use crate::provider;
use crate::tool::ToolError;

/// Why a check failed (WIT `check-failure-kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckKind {
    /// Missing or malformed settings.
    Config,
    /// 401.
    Credentials,
    /// 403.
    Forbidden,
    /// 404 or a name that does not resolve: a wrong domain or URL.
    NotFound,
    /// 429.
    RateLimited,
    /// No answer in time.
    Timeout,
    /// Nothing answered.
    Unreachable,
    /// The host's sandbox refused the destination.
    Sandbox,
    /// Anything else the helpdesk answered.
    Upstream,
}

/// Runs the check.
pub fn run(env: &Env, connect: &dyn Fn(Limits) -> Box<dyn Transport>) -> Result<String, (CheckKind, String)> {
    let config = |problems: Vec<crate::config::ConfigProblem>| {
        let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
        (CheckKind::Config, list.join("; "))
    };
    let settings = Settings::from_env(env).map_err(config)?;
    let helpdesk = provider::connect(env, connect(settings.limits())).map_err(config)?;
    let redact = |text: &str| crate::secrets::redact(text).into_owned();
    helpdesk
        .check()
        .map(|summary| redact(&summary))
        .map_err(|e| (kind(&e), crate::sanitize::text(&redact(&e.to_string()))))
}

fn kind(e: &ToolError) -> CheckKind {
    match e {
        ToolError::Credentials { .. } => CheckKind::Credentials,
        ToolError::Forbidden { .. } | ToolError::Scope { .. } => CheckKind::Forbidden,
        ToolError::NotFound { .. } | ToolError::Redirected { .. } => CheckKind::NotFound,
        ToolError::Unreachable { failure: ConnectFailure::Dns, .. } => CheckKind::NotFound,
        ToolError::RateLimited { .. } => CheckKind::RateLimited,
        ToolError::Timeout { .. } => CheckKind::Timeout,
        ToolError::Unreachable { .. } => CheckKind::Unreachable,
        ToolError::Denied { .. } => CheckKind::Sandbox,
        ToolError::NotConfigured(_) | ToolError::InvalidArgument { .. } => CheckKind::Config,
        ToolError::Upstream { .. }
        | ToolError::InvalidResponse { .. }
        | ToolError::TooLarge { .. }
        | ToolError::OutcomeUnknown { .. }
        | ToolError::NotApplied { .. } => CheckKind::Upstream,
    }
}
