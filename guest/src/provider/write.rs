//! Sending a write, for every provider. The transport never resends a
//! non-idempotent request that may have reached the server; when such a
//! request gets no confirmation (a 5xx, a timeout after sending, a reset or a
//! broken answer), the error says the outcome is unknown and how to check,
//! instead of guessing.

use crate::http::{ConnectFailure, HttpError, Request, Response, TimeoutPhase, Transport};
use crate::model::{Change, TicketSummary};
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

/// The before → after report of a write: every field whose shown value changed.
#[derive(Debug, Default)]
pub struct Changes(Vec<Change>);

impl Changes {
    /// The differences in the fields every provider's ticket summary has.
    pub fn of_summaries(before: &TicketSummary, after: &TicketSummary) -> Self {
        let mut c = Self::default();
        c.diff("subject", Some(before.subject.clone()), Some(after.subject.clone()));
        c.diff("status", Some(before.status.clone()), Some(after.status.clone()));
        c.diff("priority", before.priority.clone(), after.priority.clone());
        c.diff("assignee", before.assignee.clone(), after.assignee.clone());
        c.diff("team", before.team.clone(), after.team.clone());
        let tags = |t: &[String]| Some(t.join(", "));
        c.diff("tags", tags(&before.tags), tags(&after.tags));
        c
    }

    /// Records `field` when its shown value differs ("—" stands for empty).
    pub fn diff(&mut self, field: &str, before: Option<String>, after: Option<String>) {
        let show = |v: Option<String>| v.filter(|s| !s.is_empty()).unwrap_or_else(|| "—".into());
        let (before, after) = (show(before), show(after));
        if before != after {
            self.0.push(Change { field: field.to_owned(), before, after });
        }
    }

    /// The changes, in the order found.
    pub fn into_vec(self) -> Vec<Change> {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_fields_are_reported_with_dashes_for_empty() {
        let mut c = Changes::default();
        c.diff("status", Some("open".into()), Some("closed".into()));
        c.diff("priority", None, Some(String::new()));
        c.diff("assignee", None, Some("Ana".into()));
        let v = c.into_vec();
        assert_eq!(v.len(), 2);
        assert_eq!((v[1].before.as_str(), v[1].after.as_str()), ("—", "Ana"));
    }
}
