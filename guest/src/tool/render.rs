//! Tool outputs → result: compact markdown (or JSON) text plus structured
//! content, both kept under the size cap by dropping trailing items and pointing
//! at where the rest starts.

use std::fmt::Write as _;

use serde::Serialize;

use super::ToolResult;
use super::params::Format;
use crate::model::{Person, TicketSummary};

/// An output that can be rendered and cut down to fit.
pub trait Render: Serialize + Clone {
    /// Compact markdown for the model.
    fn markdown(&self) -> String;
    /// How many items could be dropped (tickets, messages, reference items).
    fn items(&self) -> usize;
    /// Keeps the first `n` items and makes the continuation point at the rest.
    fn keep(&mut self, n: usize);
}

/// Renders `out` in `format` so that both the text and the structured JSON stay
/// within `cap` characters.
pub fn finish<T: Render>(mut out: T, format: Format, cap: usize) -> ToolResult {
    if size(&out, format) > cap {
        // The largest number of items whose rendering fits, by binary search.
        let (mut lo, mut hi) = (0, out.items());
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            let mut probe = out.clone();
            probe.keep(mid);
            if size(&probe, format) <= cap {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        out.keep(lo);
    }
    let structured = serde_json::to_value(&out).ok();
    let mut text = match format {
        Format::Markdown => out.markdown(),
        Format::Json => structured.as_ref().map(ToString::to_string).unwrap_or_default(),
    };
    if text.chars().count() > cap {
        // Even one item can be too big; the cap still holds.
        let (clipped, _) = crate::text::clip(&text, cap.saturating_sub(120));
        text = format!("{clipped}\n\n[Output cut at {cap} characters.]");
    }
    ToolResult { text, structured, is_error: false }
}

fn size<T: Render>(out: &T, format: Format) -> usize {
    let json = serde_json::to_string(out).map(|s| s.chars().count()).unwrap_or(0);
    match format {
        Format::Markdown => json.max(out.markdown().chars().count()),
        Format::Json => json,
    }
}

/// `2026-11-16T15:59:41.966927` → `2026-11-16 15:59`.
pub fn short_time(iso: &str) -> String {
    let s = iso.replace('T', " ");
    s.get(..16).map(str::to_owned).unwrap_or(s)
}

/// One ticket as a markdown list item with a one-line excerpt.
pub fn ticket_line(out: &mut String, t: &TicketSummary) {
    let _ = write!(out, "- #{} {} — {}", t.id, t.subject, t.status);
    if let Some(p) = &t.priority {
        let _ = write!(out, ", {p}");
    }
    if let Some(c) = &t.customer {
        let _ = write!(out, " · {}", c.label());
    }
    match &t.assignee {
        Some(a) => {
            let _ = write!(out, " · {a}");
        }
        None => out.push_str(" · unassigned"),
    }
    if let Some(team) = &t.team {
        let _ = write!(out, " ({team})");
    }
    if let Some(ch) = &t.channel {
        let _ = write!(out, " · {ch}");
    }
    if let Some(u) = t.updated_at.as_deref().or(t.created_at.as_deref()) {
        let _ = write!(out, " · updated {}", short_time(u));
    }
    if !t.tags.is_empty() {
        let _ = write!(out, " · tags: {}", t.tags.join(", "));
    }
    out.push('\n');
    if let Some(e) = t.excerpt.as_deref().filter(|e| !e.is_empty()) {
        let _ = writeln!(out, "  > {e}");
    }
}

/// "Name <email>" or a placeholder.
pub fn person(p: Option<&Person>) -> String {
    p.map_or_else(|| "unknown".to_owned(), Person::label)
}
