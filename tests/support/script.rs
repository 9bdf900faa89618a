//! A fixed script of 25 questions a support lead or agent really asks, as the
//! tool calls an assistant makes for them. The economy test runs it against a
//! rate-limited fake; the benchmark measures it.

use std::collections::BTreeMap;

use helpdesk_fakes::gorgias::{Control, fixtures};
use serde_json::{Value, json};

use crate::harness::{Host, text_of};

/// One question and the call that answers it.
pub struct Question {
    /// The question in words.
    pub asked: &'static str,
    /// Tool called.
    pub tool: &'static str,
    /// Its arguments.
    pub args: Value,
}

/// The script, in order.
pub fn questions() -> Vec<Question> {
    let q = |asked, tool, args| Question { asked, tool, args };
    vec![
        q("Show me ticket 4521", "get_ticket", json!({ "id": fixtures::REFUND_TICKET_ID })),
        q("What has Alice Johnson asked us?", "search_tickets", json!({ "query": fixtures::ALICE_EMAIL })),
        q(
            "Any open tickets about refunds?",
            "search_tickets",
            json!({ "query": "refund", "status": "open" }),
        ),
        q("Find the ticket about order NW-10234", "search_tickets", json!({ "query": fixtures::ORDER_REF })),
        q(
            "What is in the Urgent refunds view?",
            "search_tickets",
            json!({ "query": fixtures::URGENT_VIEW_NAME }),
        ),
        q("What did Bob Smith write about?", "search_tickets", json!({ "query": fixtures::BOB_NAME })),
        q(
            "Read the long corporate order thread",
            "get_ticket",
            json!({ "id": fixtures::LONG_TICKET_ID, "max_messages": 20 }),
        ),
        q(
            "Sarah's open tickets",
            "list_tickets",
            json!({ "assignee": fixtures::SARAH_AGENT_NAME, "status": "open" }),
        ),
        q("Unassigned tickets", "list_tickets", json!({ "assignee": "none", "limit": 10 })),
        q("Open chat tickets", "list_tickets", json!({ "channel": "chat", "status": "open" })),
        q("Who are our agents?", "list_reference", json!({ "kind": "agents" })),
        q("Which tags exist?", "list_reference", json!({ "kind": "tags" })),
        q("Who is Alice Johnson?", "get_customer", json!({ "customer": fixtures::ALICE_EMAIL })),
        q("Find customer Bob Smith", "search_customers", json!({ "query": fixtures::BOB_NAME })),
        q(
            "How many tickets last week by channel?",
            "helpdesk_stats",
            json!({ "period": "last_week", "group_by": "channel" }),
        ),
        q(
            "Median first response time this month per agent",
            "helpdesk_stats",
            json!({ "metric": "first_response_time", "period": "this_month", "group_by": "agent" }),
        ),
        q(
            "Which tags grew most in 30 days?",
            "helpdesk_stats",
            json!({ "period": "last_30_days", "group_by": "tag" }),
        ),
        q(
            "Which customers opened the most tickets in 30 days?",
            "helpdesk_stats",
            json!({ "period": "last_30_days", "group_by": "customer", "limit": 10 }),
        ),
        q(
            "CSAT for Sarah's tickets",
            "helpdesk_stats",
            json!({ "metric": "csat", "agent": fixtures::SARAH_AGENT_NAME, "period": "last_30_days" }),
        ),
        q(
            "Resolution time by week this month",
            "helpdesk_stats",
            json!({ "metric": "resolution_time", "period": "last_30_days", "group_by": "week" }),
        ),
        q("Open backlog by team", "helpdesk_stats", json!({ "metric": "open_tickets", "group_by": "team" })),
        q(
            "One-touch rate last month",
            "helpdesk_stats",
            json!({ "metric": "one_touch_rate", "period": "last_month" }),
        ),
        q("Tickets mentioning a damaged item", "search_tickets", json!({ "query": "damaged" })),
        q(
            "Sarah's refund tickets this week",
            "search_tickets",
            json!({ "query": "refund", "assignee": fixtures::SARAH_AGENT_NAME, "created_after": "7d" }),
        ),
        q("Show me the HTML email thread", "get_ticket", json!({ "id": fixtures::HTML_TICKET_ID })),
    ]
}

/// The same kinds of questions against Kayako Classic (no CSAT, no customer
/// search: Kayako Classic has neither), for per-tool request figures.
pub fn kayako_questions() -> Vec<Question> {
    use helpdesk_fakes::kayako::fixtures as k;
    let q = |asked, tool, args| Question { asked, tool, args };
    vec![
        q("Show me ticket KXQ-318-40217", "get_ticket", json!({ "id": k::LOGIN_TICKET_DISPLAY_ID })),
        q("What has Hannah Okafor asked us?", "search_tickets", json!({ "query": k::HANNAH_EMAIL })),
        q("Find Daniel Ruiz's tickets", "search_tickets", json!({ "query": k::DANIEL_NAME })),
        q("Find invoice INV-20418", "search_tickets", json!({ "query": k::INVOICE_NUMBER })),
        q("Tickets about password resets", "search_tickets", json!({ "query": "password reset" })),
        q(
            "Read the long thread",
            "get_ticket",
            json!({ "id": k::LONG_TICKET_DISPLAY_ID, "max_messages": 20 }),
        ),
        q(
            "Open billing tickets",
            "list_tickets",
            json!({ "team": "Billing", "status": "open", "limit": 10 }),
        ),
        q("Marcus's tickets", "list_tickets", json!({ "assignee": k::STAFF_FULL_NAME, "limit": 10 })),
        q("Who are our staff?", "list_reference", json!({ "kind": "agents" })),
        q("Which departments exist?", "list_reference", json!({ "kind": "teams" })),
        q(
            "Tickets created in 30 days by department",
            "helpdesk_stats",
            json!({ "period": "last_30_days", "group_by": "team" }),
        ),
        q("Backlog by status", "helpdesk_stats", json!({ "metric": "open_tickets", "group_by": "status" })),
        q("Show me the HTML ticket", "get_ticket", json!({ "id": k::HTML_TICKET_DISPLAY_ID })),
    ]
}

/// What one question cost upstream.
pub struct Cost {
    /// Tool called.
    pub tool: &'static str,
    /// The question.
    pub asked: &'static str,
    /// Requests the fake received while it was answered.
    pub requests: usize,
}

/// Asks every question through `host` and counts the upstream requests each
/// one cost on `control` (the request log is reset before each question).
/// A question that fails is an error: its count would mean nothing.
pub async fn costs(host: &Host, control: &Control, questions: &[Question]) -> anyhow::Result<Vec<Cost>> {
    let mut out = Vec::new();
    for q in questions {
        control.reset_requests();
        let r = host.call(q.tool, q.args.clone()).await?;
        if r.is_error == Some(true) {
            anyhow::bail!("{}: {}", q.asked, text_of(&r));
        }
        out.push(Cost { tool: q.tool, asked: q.asked, requests: control.request_count() });
    }
    Ok(out)
}

/// Per tool: (calls, requests in all, most requests of one call), in tool-name order.
pub fn per_tool(costs: &[Cost]) -> BTreeMap<&'static str, (usize, usize, usize)> {
    let mut out: BTreeMap<&'static str, (usize, usize, usize)> = BTreeMap::new();
    for c in costs {
        let slot = out.entry(c.tool).or_default();
        slot.0 += 1;
        slot.1 += c.requests;
        slot.2 = slot.2.max(c.requests);
    }
    out
}
