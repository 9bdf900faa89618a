//! What every write tool returns: what was done, the ticket as it is now,
//! the message written (if any) and, for updates, each field before → after.

use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::Serialize;

use super::render::{Render, person, short_time, ticket_line};
use crate::model::{Change, MessageView, TicketSummary};

/// The result of a write.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct WriteOutput {
    /// What was done, in words.
    pub action: String,
    /// The ticket after the write.
    pub ticket: TicketSummary,
    /// The message written, for creates and replies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<MessageView>,
    /// Each changed field, before → after (updates).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
    /// Parts that failed (the rest was applied); the result is then an error.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failed: Vec<String>,
    /// Caveats (something to double-check).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl Render for WriteOutput {
    fn markdown(&self) -> String {
        let mut out = format!("{}\n", self.action);
        ticket_line(&mut out, &self.ticket);
        if !self.changes.is_empty() {
            out.push_str("Changes:\n");
            for c in &self.changes {
                let _ = writeln!(out, "- {}: {} → {}", c.field, c.before, c.after);
            }
        }
        if let Some(m) = &self.message {
            let when = m.created_at.as_deref().map(short_time).unwrap_or_default();
            let _ = writeln!(
                out,
                "Message {} · {when} UTC · {} ({}):\n{}",
                m.id,
                person(Some(&m.author)),
                m.role.label(),
                m.text
            );
        }
        for f in &self.failed {
            let _ = writeln!(out, "Failed: {f}");
        }
        for n in &self.notes {
            let _ = writeln!(out, "Note: {n}");
        }
        out
    }

    fn items(&self) -> usize {
        0
    }

    fn keep(&mut self, _n: usize) {}
}
