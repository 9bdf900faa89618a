//! `get_ticket`: a ticket and its conversation, oldest first, as plain text with
//! quoted replies stripped and internal notes marked. Long conversations show
//! the first message and the latest ones, and say how to read the rest.

use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::params::{self, Format, TicketRef};
use super::render::{Render, finish, person, short_time};
use super::{Annotations, Context, Tier, ToolError, ToolResult, ToolSpec};
use crate::model::{MessageView, Role, SurveyView, TicketDetail};
use crate::provider::Terms;
use crate::text::clip;

/// Longest message text shown; longer bodies are cut and marked.
const MESSAGE_CHARS: usize = 4_000;

/// Arguments of `get_ticket`.
#[derive(Clone, Debug, Deserialize, JsonSchema)]
pub struct GetTicketParams {
    /// Ticket id, e.g. 4521 or "#4521".
    pub id: TicketRef,
    /// Most messages to show, 1-200 (default 50).
    pub max_messages: Option<u32>,
    /// Start at this 0-based message index instead of showing the first and latest messages.
    pub message_offset: Option<u32>,
    /// Include internal notes (default true).
    pub include_internal_notes: Option<bool>,
    /// markdown (default) or json.
    pub format: Option<Format>,
}

/// A ticket with (part of) its conversation.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct TicketThreadOutput {
    /// The ticket.
    pub ticket: TicketDetail,
    /// Messages shown, oldest first; `position` is each one's place in the conversation.
    pub messages: Vec<MessageView>,
    /// Messages in the conversation (internal notes included unless excluded).
    pub messages_total: usize,
    /// Internal notes in the conversation.
    pub internal_notes: usize,
    /// The conversation's size in the helpdesk's own units, e.g. "12 messages (2 internal notes)" or "40 posts and 3 notes".
    pub conversation: String,
    /// Pass as message_offset to read the messages not shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_message_offset: Option<usize>,
    /// Caveats (messages omitted, bodies cut).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Whether the first message is followed by the latest ones (a gap between).
    #[serde(skip)]
    tail: bool,
    /// The helpdesk's words for fields (markdown labels).
    #[serde(skip)]
    terms: Terms,
}

/// The tool.
pub const SPEC: ToolSpec = ToolSpec {
    name: "get_ticket",
    title: "Get ticket",
    description: "Read one ticket with its whole conversation, oldest first: customer, assignee, status, tags, fields, satisfaction survey (score and comment), and every message as plain text (HTML and quoted replies stripped, internal notes marked). Long conversations show the first and latest messages; message_offset reads the rest.",
    tier: Tier::Readonly,
    toolset: "tickets",
    annotations: Annotations::READ,
    input_schema: params::input_schema::<GetTicketParams>,
    output_schema: params::output_schema::<TicketThreadOutput>,
    run,
};

fn run(ctx: &Context<'_>, args: Value) -> Result<ToolResult, ToolError> {
    let p: GetTicketParams = params::parse(args)?;
    let max = match p.max_messages {
        None => 50,
        Some(n @ 1..=200) => n as usize,
        Some(n) => {
            return Err(ToolError::invalid("max_messages", format!("{n} is out of range; use 1 to 200")));
        }
    };
    let thread = ctx.helpdesk.get_ticket(&p.id)?;
    let out =
        window(thread, max, p.message_offset.map(|o| o as usize), p.include_internal_notes.unwrap_or(true));
    Ok(finish(out, p.format.unwrap_or_default(), ctx.settings.max_output_chars))
}

/// Picks the messages to show: `[offset, offset + max)` when an offset is
/// given, else the first message and the latest `max - 1`.
pub fn window(
    thread: crate::provider::TicketThread,
    max: usize,
    offset: Option<usize>,
    include_notes: bool,
) -> TicketThreadOutput {
    let internal_notes = thread.messages.iter().filter(|m| m.role == Role::InternalNote).count();
    let mut all: Vec<MessageView> =
        thread.messages.into_iter().filter(|m| include_notes || m.role != Role::InternalNote).collect();
    // Positions index the list the offsets page through.
    for (i, m) in all.iter_mut().enumerate() {
        m.position = i + 1;
    }
    let total = all.len();
    let mut notes = thread.notes;
    if !include_notes && internal_notes > 0 {
        notes.push(format!("{internal_notes} internal notes hidden (include_internal_notes=false)."));
    }
    let (shown, tail, next) = match offset {
        Some(start) => {
            let start = start.min(total);
            let end = (start + max).min(total);
            let shown: Vec<MessageView> = all.drain(start..end).collect();
            (shown, false, (end < total).then_some(end))
        }
        None if total > max => {
            let mut shown = vec![all.remove(0)];
            shown.extend(all.split_off(all.len() - (max - 1)));
            (shown, true, Some(1))
        }
        None => (all, false, None),
    };
    let mut cut = 0;
    let messages = shown
        .into_iter()
        .map(|mut m| {
            let (text, clipped) = clip(&m.text, MESSAGE_CHARS);
            if clipped {
                cut += 1;
                m.text = text;
                m.text_truncated = true;
            }
            m
        })
        .collect();
    if cut > 0 {
        notes.push(format!("{cut} long message bodies were cut to {MESSAGE_CHARS} characters."));
    }
    let mut out = TicketThreadOutput {
        ticket: thread.ticket,
        messages,
        messages_total: total,
        internal_notes: if include_notes { internal_notes } else { 0 },
        conversation: thread.totals,
        next_message_offset: next,
        notes,
        tail,
        terms: thread.terms,
    };
    out.describe_gap();
    out
}

impl TicketThreadOutput {
    /// Adds the note saying which messages are not shown and how to get them.
    fn describe_gap(&mut self) {
        let Some(next) = self.next_message_offset else { return };
        let note = if self.tail {
            let first_latest = self.messages.get(1).map_or(self.messages_total, |m| m.position);
            format!(
                "Messages 2–{} of {} are not shown; call get_ticket with message_offset={next} to read them in order.",
                first_latest.saturating_sub(1),
                self.messages_total
            )
        } else {
            format!(
                "Messages {}–{} of {} are not shown; call get_ticket with message_offset={next}.",
                next + 1,
                self.messages_total,
                self.messages_total
            )
        };
        self.notes.retain(|n| !n.starts_with("Messages "));
        self.notes.push(note);
    }
}

/// "4/5, “Quick and kind.” (sent 2026-11-10 09:00, answered 2026-11-11 10:30)".
fn describe_survey(s: &SurveyView) -> String {
    let mut out = match (s.score, &s.comment) {
        (Some(n), Some(c)) => format!("{n}/5, “{c}”"),
        (Some(n), None) => format!("{n}/5, no comment"),
        (None, Some(c)) => format!("no score, “{c}”"),
        (None, None) if s.sent_at.is_some() => "sent, not answered".to_owned(),
        (None, None) => "not sent yet".to_owned(),
    };
    let mut when = Vec::new();
    when.extend(s.sent_at.as_deref().map(|t| format!("sent {}", short_time(t))));
    when.extend(s.scheduled_for.as_deref().map(|t| format!("due to be sent {}", short_time(t))));
    when.extend(s.scored_at.as_deref().map(|t| format!("answered {}", short_time(t))));
    if !when.is_empty() {
        let _ = write!(out, " ({})", when.join(", "));
    }
    out
}

impl Render for TicketThreadOutput {
    fn markdown(&self) -> String {
        let t = &self.ticket;
        let s = &t.summary;
        let mut out = format!("# Ticket #{} — {}\n", s.id, s.subject);
        let mut facts = vec![format!("Status: {}", s.status)];
        facts.extend(s.priority.as_ref().map(|p| format!("Priority: {p}")));
        facts.extend(s.channel.as_ref().map(|c| format!("Channel: {c}")));
        if t.spam {
            facts.push("marked as spam".into());
        }
        if t.trashed {
            facts.push("in the trash".into());
        }
        let _ = writeln!(out, "{}", facts.join(" · "));
        let mut times: Vec<String> = Vec::new();
        times.extend(s.created_at.as_deref().map(|c| format!("Created: {}", short_time(c))));
        times.extend(s.last_message_at.as_deref().map(|c| format!("Last message: {}", short_time(c))));
        times.extend(t.closed_at.as_deref().map(|c| format!("Closed: {}", short_time(c))));
        times.extend(t.snoozed_until.as_deref().map(|c| format!("Snoozed until: {}", short_time(c))));
        if !times.is_empty() {
            let _ = writeln!(out, "{}", times.join(" · "));
        }
        let _ = writeln!(out, "Customer: {}", person(s.customer.as_ref()));
        let _ = write!(out, "Assignee: {}", s.assignee.as_deref().unwrap_or("unassigned"));
        if let Some(team) = &s.team {
            let _ = write!(out, " · {}: {team}", self.terms.team);
        }
        out.push('\n');
        if !s.tags.is_empty() {
            let _ = writeln!(out, "Tags: {}", s.tags.join(", "));
        }
        if let Some(e) = &t.external_id {
            let _ = writeln!(out, "External id: {e}");
        }
        for f in &t.fields {
            let _ = writeln!(out, "{}: {}", f.label, f.value);
        }
        if let Some(survey) = &t.satisfaction {
            let _ = writeln!(out, "Satisfaction survey: {}", describe_survey(survey));
        }
        let _ = writeln!(out, "Conversation: {}; times are UTC\n", self.conversation);
        let mut previous = 0;
        for m in &self.messages {
            if previous != 0 && m.position > previous + 1 {
                let _ = writeln!(out, "[… messages {}–{} not shown …]\n", previous + 1, m.position - 1);
            }
            previous = m.position;
            let when = m.created_at.as_deref().map(short_time).unwrap_or_default();
            let _ = writeln!(
                out,
                "**[{}] {} · {} ({})**",
                m.position,
                when,
                person(Some(&m.author)),
                m.role.label()
            );
            let _ = writeln!(out, "{}{}", m.text, if m.text_truncated { " […]" } else { "" });
            if !m.attachments.is_empty() {
                let _ = writeln!(out, "Attachments: {}", m.attachments.join(", "));
            }
            out.push('\n');
        }
        for note in &self.notes {
            let _ = writeln!(out, "Note: {note}");
        }
        out
    }

    fn items(&self) -> usize {
        self.messages.len()
    }

    fn keep(&mut self, n: usize) {
        if n >= self.messages.len() {
            return;
        }
        let n = n.max(1).min(self.messages.len());
        if self.tail && n >= 1 {
            // Keep the first message and the latest n - 1: the gap grows in the middle.
            let latest = self.messages.split_off(self.messages.len() - (n - 1));
            self.messages.truncate(1);
            self.messages.extend(latest);
            self.next_message_offset = Some(1);
        } else {
            let first_cut = self.messages[n].position;
            self.messages.truncate(n);
            self.next_message_offset = Some(first_cut - 1);
        }
        self.notes.push("Only part of the conversation fits in the output limit.".into());
        self.describe_gap();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Person, TicketSummary};
    use crate::provider::TicketThread;
    use crate::tool::render::finish;

    fn message(position: usize, role: Role, text: &str) -> MessageView {
        MessageView {
            id: position.to_string(),
            position,
            created_at: Some(format!("2026-11-01T10:{:02}:00", position % 60)),
            role,
            author: Person { name: Some(format!("Author {position}")), ..Default::default() },
            channel: Some("email".into()),
            text: text.to_owned(),
            text_truncated: false,
            attachments: vec![],
        }
    }

    fn thread(n: usize) -> TicketThread {
        TicketThread {
            ticket: TicketDetail {
                summary: TicketSummary {
                    id: "4600".into(),
                    subject: "Bulk order".into(),
                    status: "open".into(),
                    ..Default::default()
                },
                ..Default::default()
            },
            messages: (1..=n)
                .map(|i| message(i, if i % 10 == 0 { Role::InternalNote } else { Role::Customer }, "hello"))
                .collect(),
            totals: format!("{n} messages"),
            terms: Terms { team: "Department" },
            notes: vec![],
        }
    }

    #[test]
    fn fields_are_labelled_and_the_survey_is_shown() {
        let mut t = thread(2);
        t.ticket.summary.team = Some("Billing".into());
        t.ticket.summary.assignee = Some("Marcus Webb".into());
        t.ticket.summary.priority = Some("High".into());
        t.totals = "2 posts and 0 notes".into();
        t.ticket.satisfaction = Some(SurveyView {
            score: Some(2),
            comment: Some("Slow answer".into()),
            sent_at: Some("2026-11-10T09:00:00Z".into()),
            scored_at: Some("2026-11-11T10:30:00Z".into()),
            scheduled_for: None,
        });
        let md = window(t, 50, None, true).markdown();
        for line in [
            "Status: open · Priority: High",
            "Assignee: Marcus Webb · Department: Billing",
            "Satisfaction survey: 2/5, “Slow answer” (sent 2026-11-10 09:00, answered 2026-11-11 10:30)",
            "Conversation: 2 posts and 0 notes; times are UTC",
        ] {
            assert!(md.contains(line), "{line} missing from:\n{md}");
        }
        assert!(!md.contains("(Billing)"), "{md}");
    }

    #[test]
    fn short_conversations_are_shown_whole() {
        let out = window(thread(3), 50, None, true);
        assert_eq!(out.messages.len(), 3);
        assert_eq!(out.next_message_offset, None);
    }

    #[test]
    fn long_conversations_show_first_and_latest_and_point_at_the_gap() {
        let out = window(thread(250), 50, None, true);
        let positions: Vec<usize> = out.messages.iter().map(|m| m.position).collect();
        assert_eq!(positions[0], 1);
        assert_eq!(positions[1], 202);
        assert_eq!(*positions.last().unwrap(), 250);
        assert_eq!(out.next_message_offset, Some(1));
        assert!(
            out.notes.iter().any(|n| n.contains("Messages 2–201 of 250") && n.contains("message_offset=1"))
        );
        assert!(out.markdown().contains("[… messages 2–201 not shown …]"));
    }

    #[test]
    fn offsets_page_through_in_order() {
        let out = window(thread(250), 100, Some(200), true);
        assert_eq!(out.messages.first().map(|m| m.position), Some(201));
        assert_eq!(out.messages.len(), 50);
        assert_eq!(out.next_message_offset, None);
        let out = window(thread(250), 100, Some(0), true);
        assert_eq!(out.next_message_offset, Some(100));
    }

    #[test]
    fn internal_notes_are_marked_or_hidden() {
        let out = window(thread(20), 50, None, true);
        assert_eq!(out.internal_notes, 2);
        assert!(out.markdown().contains("(internal note)"));
        let out = window(thread(20), 50, None, false);
        assert_eq!(out.messages_total, 18);
        assert!(out.notes.iter().any(|n| n.contains("2 internal notes hidden")));
    }

    #[test]
    fn huge_bodies_are_cut_and_the_output_cap_holds() {
        let mut t = thread(1);
        t.messages[0].text = "word ".repeat(50_000);
        let r = finish(window(t, 50, None, true), Format::Markdown, 25_000);
        assert!(r.text.chars().count() <= 25_000);
        assert!(r.text.contains("[…]"));
        assert_eq!(r.structured.unwrap()["messages"][0]["text_truncated"], true);
    }

    #[test]
    fn output_cap_trims_messages_and_keeps_a_pointer() {
        let mut t = thread(200);
        for m in &mut t.messages {
            m.text = "lorem ipsum ".repeat(100);
        }
        let r = finish(window(t, 200, Some(0), true), Format::Markdown, 25_000);
        assert!(r.text.chars().count() <= 25_000);
        let s = r.structured.unwrap();
        let shown = s["messages"].as_array().unwrap().len();
        assert!(shown < 200);
        assert_eq!(s["next_message_offset"], shown);
    }
}
