//! The fixture tickets tests anchor on (#4455, #4472, #4490, #4518, #4521, #4602, #4603);
//! the long and HTML ones live in their own modules. Identical for every seed.

use chrono::TimeDelta;
use serde_json::Value;

use super::conversation::{self, Author, Quote, Thread, Turn};
use super::customers::Book;
use super::dice::Dice;
use super::fixture_people::{self, ALICE, BOB, EMMA, KENJI};
use super::tickets::tag_id;
use crate::gorgias::fixtures::{self as fx, CONTACT_REASON_FIELD_ID, ORDER_NUMBER_FIELD_ID};
use crate::gorgias::store::{Message, Ticket, User};
use crate::gorgias::wire_time::Time;

/// Ticket metadata of a fixture; messages are supplied separately.
pub(crate) struct Spec {
    pub id: u64,
    pub subject: &'static str,
    pub shopper: usize,
    pub channel: &'static str,
    pub open: bool,
    pub priority: &'static str,
    pub assignee: Option<u64>,
    pub team: Option<u64>,
    pub tags: &'static [&'static str],
    pub reason: Option<&'static str>,
    pub order: Option<&'static str>,
}

/// Builds the ticket around already written messages.
pub(crate) fn assemble(spec: &Spec, book: &Book, messages: Vec<Message>, now: Time) -> Ticket {
    let created = messages.first().map_or(now, |m| m.created);
    let last = messages.last().map_or(created, |m| m.created);
    let closed = (!spec.open).then(|| (last + TimeDelta::minutes(40)).min(now));
    let mut custom_fields = Vec::new();
    if let Some(reason) = spec.reason {
        custom_fields.push((CONTACT_REASON_FIELD_ID, Value::from(reason)));
    }
    if let Some(order) = spec.order {
        custom_fields.push((ORDER_NUMBER_FIELD_ID, Value::from(order)));
    }
    Ticket {
        id: spec.id,
        external_id: None,
        status: if spec.open { "open" } else { "closed" }.into(),
        priority: spec.priority.into(),
        channel: spec.channel.into(),
        via: spec.channel.into(),
        spam: false,
        subject: spec.subject.into(),
        customer_id: book.shoppers[spec.shopper].id,
        assignee_user_id: spec.assignee,
        assignee_team_id: spec.team,
        tag_ids: spec.tags.iter().filter_map(|t| tag_id(t)).collect(),
        is_unread: spec.open && messages.last().is_some_and(|m| !m.from_agent),
        custom_fields,
        created,
        opened: messages.iter().find(|m| m.from_agent).map(|m| m.created - TimeDelta::minutes(6)),
        updated: closed.unwrap_or(last),
        closed,
        trashed: None,
        snoozed: None,
        messages,
    }
}

/// Writes a fixture conversation with the shared message writer.
pub(crate) fn converse(
    spec: &Spec,
    book: &Book,
    users: &[User],
    turns: Vec<Turn>,
    dice: &mut Dice,
    next_message: &mut u64,
) -> Vec<Message> {
    let shopper = &book.shoppers[spec.shopper];
    let thread = Thread {
        ticket_id: spec.id,
        channel: spec.channel,
        subject: spec.subject,
        customer_id: shopper.id,
        customer_first: &shopper.first,
        customer_domain: shopper.domain(),
        intent: None,
        users,
    };
    conversation::write(&thread, turns, dice, next_message)
}

fn at(now: Time, days: i64, minutes: i64) -> Time {
    now - TimeDelta::days(days) - TimeDelta::minutes(minutes)
        + TimeDelta::microseconds(418_227 + 7_919 * minutes)
}

/// Every fixture ticket.
pub(crate) fn build(book: &Book, users: &[User], now: Time, next_message: &mut u64) -> Vec<Ticket> {
    let mut dice = Dice::new(0xF1C7_0001);
    let refund_date = fixture_people::order(book, 10187).map_or_else(
        || "the 3rd".to_string(),
        |o| (o.placed + TimeDelta::days(14)).format("%-d %B").to_string(),
    );
    let mut out = Vec::new();
    let mut add = |spec: Spec, turns: Vec<Turn>, dice: &mut Dice| {
        let messages = converse(&spec, book, users, turns, dice, next_message);
        out.push(assemble(&spec, book, messages, now));
    };
    use Author::{Agent, Customer};
    let (c, a) = (Customer, Agent(fx::SARAH_AGENT_ID));
    let t0 = at(now, 33, 120);
    add(
        Spec {
            id: 4455,
            subject: "Sizing question: Ridgeline parka",
            shopper: ALICE,
            channel: "email",
            open: false,
            priority: "low",
            assignee: Some(5),
            team: Some(fx::TIER1_TEAM_ID),
            tags: &["product-question"],
            reason: Some("Product"),
            order: None,
        },
        vec![
            Turn::new(
                c,
                "I'm looking at the Ridgeline Waterproof Parka. I'm 5'6\" and usually wear a medium, but I like to layer a thick fleece underneath in winter. Would you recommend the M or the L?",
                t0,
            ),
            Turn::new(
                Agent(5),
                "The Ridgeline has a relaxed fit with room for a mid-layer, so I'd stick with your usual M. If you plan to wear a down jacket underneath, go for the L. Full measurements are on our size guide: https://northwind.test/pages/size-guide",
                t0 + TimeDelta::minutes(185),
            ),
            Turn::new(c, "Perfect, I'll order the M. Thanks Tom!", t0 + TimeDelta::minutes(420)),
        ],
        &mut dice,
    );
    let t0 = at(now, 16, 300);
    add(
        Spec {
            id: 4490,
            subject: "Return label for order NW-10187",
            shopper: ALICE,
            channel: "email",
            open: false,
            priority: "normal",
            assignee: Some(fx::SARAH_AGENT_ID),
            team: Some(fx::RETURNS_TEAM_ID),
            tags: &["return"],
            reason: Some("Refund"),
            order: Some("NW-10187"),
        },
        vec![
            Turn::new(
                c,
                "The parka (order NW-10187) is lovely but far too warm for Portland winters. Could I get a return label please? It's unworn with the tags on.",
                t0,
            ),
            Turn::new(
                a,
                "Of course! I've emailed you a prepaid USPS return label. Once the parcel reaches our warehouse we'll inspect it and refund you within 3 business days.",
                t0 + TimeDelta::minutes(95),
            ),
            Turn::verbatim(
                c,
                "Dropped it off at the post office this morning. Thanks!\n\nAlice",
                t0 + TimeDelta::minutes(26 * 60),
                Quote::Stripped,
            ),
        ],
        &mut dice,
    );
    let t0 = at(now, 2, 95);
    add(
        Spec {
            id: fx::REFUND_TICKET_ID,
            subject: fx::REFUND_TICKET_SUBJECT,
            shopper: ALICE,
            channel: "email",
            open: true,
            priority: "normal",
            assignee: Some(fx::SARAH_AGENT_ID),
            team: Some(fx::RETURNS_TEAM_ID),
            tags: &["refund"],
            reason: Some("Refund"),
            order: Some("NW-10187"),
        },
        vec![
            Turn::verbatim(
                c,
                format!(
                    "Hi,\n\nI returned my order 2 weeks ago but haven't received my refund yet. The tracking shows it was delivered to your warehouse on {refund_date}. The order number is NW-10187.\n\nCould you look into it please?\n\nThanks,\nAlice"
                ),
                t0,
                Quote::Off,
            ),
            Turn::verbatim(
                a,
                "Hi Alice,\n\nThanks for reaching out. I can see your return was received. Let me check the refund status with our finance team and I'll get back to you as soon as I hear from them.\n\nBest,\nSarah",
                t0 + TimeDelta::minutes(160),
                Quote::Off,
            ),
            Turn::verbatim(c, "Any update?", t0 + TimeDelta::minutes(27 * 60 + 12), Quote::Stripped),
        ],
        &mut dice,
    );
    let t0 = at(now, 12, 40);
    add(
        Spec {
            id: 4472,
            subject: "Discount code WELCOME10 not working",
            shopper: BOB,
            channel: "chat",
            open: false,
            priority: "normal",
            assignee: Some(6),
            team: Some(fx::TIER1_TEAM_ID),
            tags: &["discount-request"],
            reason: Some("Other"),
            order: None,
        },
        vec![
            Turn::new(c, "hey, WELCOME10 says invalid at checkout?", t0),
            Turn::new(
                Agent(6),
                "WELCOME10 only works on full-price items and your basket has the Trailhead Beanie from the sale. Remove it and the code will apply to the rest.",
                t0 + TimeDelta::minutes(3),
            ),
            Turn::new(c, "ah that did it, cheers", t0 + TimeDelta::minutes(7)),
        ],
        &mut dice,
    );
    let t0 = at(now, 3, 200);
    add(
        Spec {
            id: fx::BOB_TICKET_ID,
            subject: "Wrong item, want refund",
            shopper: BOB,
            channel: "email",
            open: true,
            priority: "normal",
            assignee: Some(3),
            team: Some(fx::RETURNS_TEAM_ID),
            tags: &["refund", "return"],
            reason: Some("Refund"),
            order: Some("NW-10262"),
        },
        vec![
            Turn::new(
                c,
                "I ordered the Trailhead Fleece Pullover in Navy (order NW-10262) but the one that arrived is Moss green. I'd rather just have a refund than wait for a replacement.",
                t0,
            ),
            Turn::new(
                Agent(3),
                "Sorry about the mix-up! I've emailed you a prepaid Royal Mail return label. As soon as the parcel is scanned I'll refund the pullover in full, no need to wait for it to reach us.",
                t0 + TimeDelta::minutes(210),
            ),
        ],
        &mut dice,
    );
    let t0 = at(now, 1, 190);
    add(
        Spec {
            id: fx::ORDER_TICKET_ID,
            subject: "Package for order NW-10234 never arrived",
            shopper: EMMA,
            channel: "email",
            open: true,
            priority: "high",
            assignee: Some(3),
            team: Some(fx::WAREHOUSE_TEAM_ID),
            tags: &["lost-package", "shipping-delay"],
            reason: Some("Shipping"),
            order: Some(fx::ORDER_REF),
        },
        vec![
            Turn::new(
                c,
                "My package for order NW-10234 never arrived. Royal Mail tracking shows it was handed over nearly two weeks ago and nothing since, and the estimated delivery date was last Tuesday. It was a Summit Down Jacket and a pack of socks, a birthday present for my husband.",
                t0,
            ),
            Turn::new(
                Agent(3),
                "I'm really sorry. I've opened an investigation with Royal Mail and asked our warehouse to check the dispatch scan. If we haven't found it by Friday I'll send a replacement by express delivery so it arrives in time for the birthday.",
                t0 + TimeDelta::minutes(75),
            ),
            Turn::verbatim(
                c,
                "Thank you Marcus. The birthday is on Saturday, so Friday is cutting it fine! Could you send the replacement now instead?\n\nEmma",
                t0 + TimeDelta::minutes(19 * 60),
                Quote::Unstripped,
            ),
        ],
        &mut dice,
    );
    let t0 = at(now, 5, 30);
    add(
        Spec {
            id: fx::HUGE_TICKET_ID,
            subject: "Full purchase history export - please help reconcile",
            shopper: KENJI,
            channel: "email",
            open: true,
            priority: "low",
            assignee: None,
            team: None,
            tags: &[],
            reason: Some("Other"),
            order: None,
        },
        vec![Turn::verbatim(c, huge_body(), t0, Quote::Off)],
        &mut dice,
    );
    out.extend(super::long_ticket::build(book, users, now, next_message));
    out.push(super::html_ticket::build(book, now, next_message));
    out.sort_by_key(|t| t.id);
    out
}

/// A customer pasting a spreadsheet into an email: about 200 KB of CSV rows.
fn huge_body() -> String {
    let products = [
        "Trailhead Beanie",
        "Expedition Wool Socks (3-pack)",
        "Harbor Flannel Shirt",
        "Alpine Merino Base Layer",
        "Basecamp Hiking Pants",
    ];
    let mut body = String::from(
        "Hi,\n\nMy accountant asked me to reconcile every purchase we made for the club this year, and our card statement does not match your receipts. I've pasted the export from our spreadsheet below. Could you confirm which lines were refunded?\n\ndate,invoice,item,size,qty,amount,currency,status\n",
    );
    let mut row = 0u64;
    while body.len() < fx::HUGE_BODY_MIN_BYTES + 1_000 {
        let item = products[(row % 5) as usize];
        let status = if row.is_multiple_of(17) { "refunded" } else { "charged" };
        body.push_str(&format!(
            "2026-{:02}-{:02},INV-{:06},{item},{},{},{}.00,USD,{status}\n",
            row % 12 + 1,
            row % 28 + 1,
            700_000 + row * 7,
            ["S", "M", "L"][(row % 3) as usize],
            row % 4 + 1,
            29 + (row * 13) % 170,
        ));
        row += 1;
    }
    body.push_str("\nSorry for the long email!\n\nKenji Watanabe\nTreasurer, Cascade Ramblers Club");
    body
}
