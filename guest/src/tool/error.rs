//! Tool failures as the model reads them: what happened and what to do next.
//!
//! Every message is assembled from typed fields (a status, a short upstream
//! `error.msg`, an id), never from raw bodies, headers or URLs, so credentials
//! have no way in and nothing needs scrubbing afterwards.

use std::time::Duration;

use crate::http::{ConnectFailure, HttpError, TimeoutPhase};

/// Longest upstream error message quoted back.
const MAX_API_MESSAGE: usize = 200;

/// A tool call that failed; becomes an `is-error` result.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ToolError {
    /// An argument is missing, of the wrong type or out of range.
    #[error("Invalid argument `{field}`: {message}")]
    InvalidArgument {
        /// The argument, as the schema names it (`limit`, `filters.status`).
        field: String,
        /// What is wrong and what is accepted.
        message: String,
    },
    /// The thing asked for does not exist.
    #[error("{what} was not found. {hint}")]
    NotFound {
        /// "Ticket 4521".
        what: String,
        /// The next step.
        hint: String,
    },
    /// 401: the helpdesk rejected the credentials.
    #[error("The helpdesk rejected the credentials (HTTP 401). {hint}")]
    Credentials {
        /// Which settings to check, per provider.
        hint: &'static str,
    },
    /// 403: the plan or the API user's role does not allow it.
    #[error("The helpdesk refused this request (HTTP 403){}. The account's plan or the API user's role does not allow it; ask a helpdesk admin, or try a read that needs fewer rights.", api_suffix(.message))]
    Forbidden {
        /// Upstream message, if any.
        message: Option<String>,
    },
    /// 403 from a helpdesk whose tokens carry abilities (Tickiti): what the token lacks.
    #[error(
        "The API token may not do this (HTTP 403): it needs {needs}. Use a token that has it (minted by an admin), or a tool that needs less."
    )]
    Scope {
        /// "the tickets:write ability", "the admin role", "the has_reports plan feature".
        needs: String,
    },
    /// 429 after the retries the budget allowed.
    #[error("The helpdesk is rate limiting requests (HTTP 429){}. Wait {} and try again, or ask for fewer results.", usage_suffix(.usage), wait_text(*.retry_after))]
    RateLimited {
        /// How long the helpdesk asked to wait.
        retry_after: Option<Duration>,
        /// Usage as the helpdesk reported it ("40/40").
        usage: Option<String>,
    },
    /// No answer in time.
    #[error(
        "The helpdesk did not answer in time ({phase}). It may be slow or down; try again shortly, or narrow the request."
    )]
    Timeout {
        /// Which timeout fired.
        phase: TimeoutPhase,
    },
    /// The host's sandbox blocked a destination.
    #[error(
        "blocked by sandbox: {host} is not the configured helpdesk origin. Only the configured helpdesk can be reached; check the helpdesk URL settings."
    )]
    Denied {
        /// The refused host.
        host: String,
    },
    /// The helpdesk could not be reached.
    #[error("Could not reach the helpdesk at {host}: {failure}. {}", unreachable_hint(*.failure))]
    Unreachable {
        /// Host tried.
        host: String,
        /// What failed.
        failure: ConnectFailure,
    },
    /// The helpdesk answered with a redirect, which is never followed.
    #[error(
        "The helpdesk answered with a redirect (HTTP {status}), which is not followed: the configured helpdesk URL is probably wrong (for example http instead of https, or an old domain)."
    )]
    Redirected {
        /// 3xx status.
        status: u16,
    },
    /// Any other error status.
    #[error("The helpdesk answered HTTP {status}{}{}", api_suffix(.message), status_hint(*.status))]
    Upstream {
        /// Status code.
        status: u16,
        /// Upstream `error.msg`, length-capped.
        message: Option<String>,
    },
    /// A body that is not what the API documents.
    #[error(
        "The helpdesk sent a response that could not be read ({detail}). Try again; if it persists the API may have changed."
    )]
    InvalidResponse {
        /// What did not parse (type and field, never the body).
        detail: String,
    },
    /// A response larger than the cap.
    #[error(
        "The helpdesk response was larger than {limit} bytes and was not read. Ask for fewer results (a smaller `limit`)."
    )]
    TooLarge {
        /// Cap in bytes.
        limit: usize,
    },
    /// A write that may or may not have been applied: it was sent, and no
    /// answer confirmed it. It is never resent automatically.
    #[error(
        "The helpdesk did not confirm {action} ({reason}); it may or may not have been applied. Check with {check} before trying again, so it is not done twice."
    )]
    OutcomeUnknown {
        /// What was attempted ("the reply to ticket 4521").
        action: String,
        /// What happened instead of an answer.
        reason: String,
        /// How to find out ("get_ticket 4521").
        check: String,
    },
    /// The component is not configured.
    #[error("helpdesk-mcp is not configured: {0}")]
    NotConfigured(String),
}

impl ToolError {
    /// An invalid-argument error.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::InvalidArgument { field: field.into(), message: message.into() }
    }

    /// Caps an upstream message for quoting (collapsed whitespace, bounded length).
    pub fn api_message(raw: &str) -> Option<String> {
        let one_line = crate::text::one_line(raw);
        if one_line.is_empty() {
            return None;
        }
        let (clipped, cut) = crate::text::clip(&one_line, MAX_API_MESSAGE);
        Some(if cut { format!("{clipped}…") } else { clipped })
    }
}

impl From<HttpError> for ToolError {
    fn from(e: HttpError) -> Self {
        match e {
            HttpError::Denied { host } => ToolError::Denied { host },
            HttpError::Timeout(phase) => ToolError::Timeout { phase },
            HttpError::Connect { host, failure } => ToolError::Unreachable { host, failure },
            HttpError::TooLarge { limit } => ToolError::TooLarge { limit },
            HttpError::Protocol(detail) => ToolError::InvalidResponse { detail: detail.to_owned() },
        }
    }
}

fn api_suffix(message: &Option<String>) -> String {
    message.as_deref().map(|m| format!(": \"{m}\"")).unwrap_or_default()
}

fn usage_suffix(usage: &Option<String>) -> String {
    usage.as_deref().map(|u| format!(", {u} requests used")).unwrap_or_default()
}

fn wait_text(retry_after: Option<Duration>) -> String {
    match retry_after {
        Some(d) if d.as_secs() > 0 => format!("{} s", d.as_secs()),
        _ => "a few seconds".to_owned(),
    }
}

fn unreachable_hint(failure: ConnectFailure) -> &'static str {
    match failure {
        ConnectFailure::Dns => "Check the helpdesk domain setting for typos.",
        ConnectFailure::Tls => "The helpdesk's TLS certificate was not accepted; check the helpdesk URL.",
        ConnectFailure::Refused => "Check the helpdesk URL and port, and that the helpdesk is up.",
        ConnectFailure::Reset => "The connection dropped; try again shortly.",
    }
}

fn status_hint(status: u16) -> &'static str {
    match status {
        400 | 422 => ". The request was rejected as invalid; check the arguments.",
        409 => ". It conflicts with the current state; fetch the item again and retry.",
        500..=599 => ". The helpdesk had an internal problem; try again shortly.",
        _ => ".",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_say_what_and_what_next() {
        let e = ToolError::invalid("limit", "must be from 1 to 100");
        assert_eq!(e.to_string(), "Invalid argument `limit`: must be from 1 to 100");
        let e =
            ToolError::RateLimited { retry_after: Some(Duration::from_secs(5)), usage: Some("40/40".into()) };
        assert_eq!(
            e.to_string(),
            "The helpdesk is rate limiting requests (HTTP 429), 40/40 requests used. Wait 5 s and try again, or ask for fewer results."
        );
        let e =
            ToolError::Upstream { status: 503, message: Some("An external service had an issue.".into()) };
        assert!(
            e.to_string()
                .starts_with("The helpdesk answered HTTP 503: \"An external service had an issue.\". ")
        );
    }

    #[test]
    fn sandbox_denial_uses_the_documented_wording() {
        let e: ToolError = HttpError::Denied { host: "evil.test".into() }.into();
        assert!(
            e.to_string().starts_with("blocked by sandbox: evil.test is not the configured helpdesk origin")
        );
    }

    #[test]
    fn api_messages_are_capped_and_one_line() {
        assert_eq!(ToolError::api_message("  a\n b "), Some("a b".into()));
        assert_eq!(ToolError::api_message(" "), None);
        let long = "x ".repeat(300);
        let capped = ToolError::api_message(&long).unwrap();
        assert!(capped.chars().count() <= MAX_API_MESSAGE + 1 && capped.ends_with('…'));
    }
}
