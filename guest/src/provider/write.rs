//! Sending a write, for every provider. The transport never resends a
//! non-idempotent request that may have reached the server; when such a
//! request gets no confirmation (a 5xx, a timeout after sending, a reset or a
//! broken answer), the error says the outcome is unknown and how to check,
//! instead of guessing.

use crate::http::{ConnectFailure, HttpError, Request, Response, TimeoutPhase, Transport};
use crate::tool::ToolError;

/// Sends `request` over `transport`; `action` names the write and `check` how
/// the user can find out whether it applied.
pub fn send_write(
    transport: &dyn Transport,
    request: Request,
    action: &str,
    check: &str,
) -> Result<Response, ToolError> {
    let idempotent = request.idempotent;
    let unknown = |reason: String| ToolError::OutcomeUnknown {
        action: action.to_owned(),
        reason,
        check: check.to_owned(),
    };
    match transport.send(request) {
        Ok(r) if !idempotent && (500..600).contains(&r.status) => {
            Err(unknown(format!("it answered HTTP {}", r.status)))
        }
        Ok(r) => Ok(r),
        Err(
            e @ (HttpError::Timeout(
                TimeoutPhase::FirstByte
                | TimeoutPhase::BetweenBytes
                | TimeoutPhase::Budget
                | TimeoutPhase::Attempt,
            )
            | HttpError::Connect { failure: ConnectFailure::Reset, .. }
            | HttpError::Protocol(_)),
        ) if !idempotent => Err(unknown(e.to_string())),
        Err(e) => Err(e.into()),
    }
}
