//! Macros (canned replies): the reply text each sets and the other actions it applies.

use chrono::TimeDelta;
use serde_json::{Value, json};

use crate::gorgias::fixtures;
use crate::gorgias::store::Macro;
use crate::gorgias::wire_time::Time;

/// (name, intent, reply text, extra actions as (name, arguments), usage, archived)
type Row = (&'static str, &'static str, &'static str, &'static [(&'static str, &'static str)], u64, bool);

const MACROS: [Row; 7] = [
    (
        "Where is my order?",
        "shipping/status",
        "Hi {{ticket.customer.firstname}},\n\nYour order is on its way. You can follow it here: {{order.tracking_url}}.",
        &[("setStatus", "closed")],
        412,
        false,
    ),
    (
        "Refund issued",
        "refund/status",
        "Hi {{ticket.customer.firstname}},\n\nWe have issued your refund. It takes 5 to 10 business days to appear on your statement.",
        &[("addTags", "refund"), ("setStatus", "closed")],
        268,
        false,
    ),
    (
        fixtures::RETURN_LABEL_MACRO_NAME,
        "return/request",
        "Hi {{ticket.customer.firstname}},\n\nAttached is your prepaid return label. Print it, tape it over the old label and drop the parcel at any UPS point within 14 days.",
        &[("addTags", "returns")],
        197,
        false,
    ),
    (
        "Damaged item: ask for photos",
        "product/quality",
        "Sorry your item arrived damaged! Could you send us two photos: the item and the outer box?",
        &[("setStatus", "open")],
        88,
        false,
    ),
    (
        "Address change",
        "order/edit",
        "We can change the address while the order has not shipped. Please reply with the full new address.",
        &[],
        54,
        false,
    ),
    (
        "Escalate to warehouse",
        "shipping/lost",
        "Thanks for your patience, I have asked our warehouse team to investigate.",
        &[("setAssignee", "Warehouse team"), ("addInternalNote", "Escalated: check carrier scans")],
        31,
        false,
    ),
    (
        fixtures::ARCHIVED_MACRO_NAME,
        "shipping/status",
        "Order by December 18 for delivery before the holidays.",
        &[],
        903,
        true,
    ),
];

/// Every macro, ids from 701.
pub(crate) fn build(founded: Time) -> Vec<Macro> {
    MACROS
        .iter()
        .enumerate()
        .map(|(i, (name, intent, text, extra, usage, archived))| {
            let created = founded + TimeDelta::days(9 + 11 * i as i64);
            let mut actions = vec![json!({
                "name": "setResponseText", "title": "Add response text", "type": "user",
                "arguments": { "body_text": text, "body_html": html(text) },
            })];
            actions.extend(extra.iter().map(|(action, arg)| action_json(action, arg)));
            Macro {
                id: 701 + i as u64,
                name: (*name).into(),
                intent: (*intent).into(),
                usage: *usage,
                actions,
                created,
                archived: archived.then(|| created + TimeDelta::days(40)),
            }
        })
        .collect()
}

fn html(text: &str) -> String {
    text.split("\n\n").map(|p| format!("<div>{}</div>", p.replace('\n', "<br>"))).collect()
}

fn action_json(action: &str, arg: &str) -> Value {
    let arguments = match action {
        "addTags" => json!({ "tags": arg }),
        "setStatus" => json!({ "status": arg }),
        "setAssignee" => json!({ "assignee_team": arg }),
        _ => json!({ "body_text": arg }),
    };
    json!({ "name": action, "title": action, "type": "user", "arguments": arguments })
}
