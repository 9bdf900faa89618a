//! The output shared by `search_tickets` and `list_tickets`: one page of
//! tickets, how they were found, and where the next page starts.

use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::Serialize;

use super::params::Cursor;
use super::render::{Render, ticket_line};
use crate::model::TicketSummary;
use crate::provider::TicketPage;

/// One page of tickets.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct TicketListOutput {
    /// How the tickets were found (which strategy answered).
    pub strategy: String,
    /// The tickets, best match or newest first.
    pub tickets: Vec<TicketSummary>,
    /// Total matches, when the helpdesk reports it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// Pass as `cursor`, with the same other arguments, for the next page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    /// Caveats: fallbacks taken, filters applied locally, output trimmed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    #[serde(skip)]
    this: Cursor,
    #[serde(skip)]
    tool: &'static str,
}

impl TicketListOutput {
    /// Wraps a provider page for `tool`.
    pub fn new(page: TicketPage, tool: &'static str) -> Self {
        Self {
            strategy: page.strategy,
            tickets: page.tickets,
            total: page.total,
            next_cursor: page.next.map(|c| c.encode()),
            notes: page.notes,
            this: page.this,
            tool,
        }
    }
}

impl Render for TicketListOutput {
    fn markdown(&self) -> String {
        let mut out = String::new();
        let n = self.tickets.len();
        match n {
            0 => {
                let _ = write!(out, "No tickets found ({}).", self.strategy);
            }
            1 => {
                let _ = write!(out, "1 ticket ({}).", self.strategy);
            }
            _ => {
                let _ = write!(out, "{n} tickets ({}).", self.strategy);
            }
        }
        if let Some(total) = self.total {
            let _ = write!(out, " {total} match in all.");
        }
        if n > 0 {
            out.push_str(" Times are UTC.");
        }
        out.push('\n');
        for t in &self.tickets {
            ticket_line(&mut out, t);
        }
        for note in &self.notes {
            let _ = writeln!(out, "Note: {note}");
        }
        if let Some(c) = &self.next_cursor {
            let _ =
                writeln!(out, "More: call {} again with the same arguments and cursor=\"{c}\".", self.tool);
        }
        out
    }

    fn items(&self) -> usize {
        self.tickets.len()
    }

    fn keep(&mut self, n: usize) {
        if n >= self.tickets.len() {
            return;
        }
        self.tickets.truncate(n);
        let next = Cursor { skip: self.this.skip + n, ..self.this.clone() };
        self.next_cursor = Some(next.encode());
        self.notes
            .push(format!("Only {n} tickets fit in the output limit; the cursor continues with the rest."));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tool::params::Format;
    use crate::tool::render::finish;

    fn ticket(i: usize) -> TicketSummary {
        TicketSummary {
            id: i.to_string(),
            subject: format!("Subject {i} {}", "x".repeat(200)),
            status: "open".into(),
            ..Default::default()
        }
    }

    fn page(n: usize) -> TicketPage {
        TicketPage {
            strategy: "keyword search".into(),
            tickets: (0..n).map(ticket).collect(),
            total: None,
            notes: vec![],
            this: Cursor { kind: "view".into(), upstream: Some("up".into()), skip: 5, fingerprint: 9 },
            next: None,
        }
    }

    #[test]
    fn empty_pages_say_which_strategy_found_nothing() {
        let r = finish(TicketListOutput::new(page(0), "search_tickets"), Format::Markdown, 25_000);
        assert!(r.text.starts_with("No tickets found (keyword search)."), "{}", r.text);
    }

    #[test]
    fn trimming_to_the_cap_points_the_cursor_at_the_first_ticket_not_shown() {
        let r = finish(TicketListOutput::new(page(100), "search_tickets"), Format::Markdown, 5_000);
        assert!(r.text.chars().count() <= 5_000);
        let shown = r.structured.as_ref().unwrap()["tickets"].as_array().unwrap().len();
        assert!(shown > 0 && shown < 100);
        let cursor = r.structured.as_ref().unwrap()["next_cursor"].as_str().unwrap().to_owned();
        let c = Cursor::decode(&cursor, 9).unwrap();
        assert_eq!((c.upstream.as_deref(), c.skip), (Some("up"), 5 + shown));
        assert!(r.text.contains(&format!("cursor=\"{cursor}\"")));
    }

    #[test]
    fn json_format_puts_the_structured_result_in_the_text() {
        let r = finish(TicketListOutput::new(page(2), "list_tickets"), Format::Json, 25_000);
        let parsed: serde_json::Value = serde_json::from_str(&r.text).unwrap();
        assert_eq!(Some(parsed), r.structured);
    }
}
