//! Writes planned tickets: status, priority, routing, tags, custom fields and the
//! conversation with realistic reply delays.

use chrono::TimeDelta;
use serde_json::Value;

use super::catalog::{self, DISCOUNT_CODES, PRODUCTS, Product};
use super::conversation::{self, Author, Thread, Turn};
use super::customers::Book;
use super::dice::Dice;
use super::fill::Fill;
use super::names::STREETS;
use super::orders::{self, money};
use super::phrases;
use super::planning::Plan;
use super::script::{Role, script};
use super::topics::{self, Topic};
use crate::gorgias::fixtures::{
    CONTACT_REASON_FIELD_ID, ORDER_NUMBER_FIELD_ID, REFUND_TAG_ID, RETURNS_TEAM_ID,
};
use crate::gorgias::seed::directory::TAGS;
use crate::gorgias::store::{Attachment, Tag, Team, Ticket, User};
use crate::gorgias::wire_time::Time;

/// "Resolution" custom field id.
pub(crate) const RESOLUTION_FIELD_ID: u64 = 53;
const VIP_TEAM_ID: u64 = 14;
/// (user id, how often they pick up tickets)
const AGENT_LOAD: [(u64, u32); 8] = [(2, 20), (3, 15), (4, 6), (5, 14), (6, 16), (7, 12), (8, 4), (9, 10)];

/// What ticket writing needs from the rest of the seed.
pub(crate) struct Desk<'a> {
    pub book: &'a Book,
    pub users: &'a [User],
    pub teams: &'a [Team],
    pub tags: &'a [Tag],
    pub now: Time,
}

/// The tag id of a directory tag name.
pub(crate) fn tag_id(name: &str) -> Option<u64> {
    TAGS.iter().position(|(n, _, _)| *n == name).map(|i| REFUND_TAG_ID + i as u64)
}

pub(crate) fn write(dice: &mut Dice, desk: &Desk<'_>, plans: &[Plan], next_message: &mut u64) -> Vec<Ticket> {
    plans
        .iter()
        .map(|p| match p.topic {
            Some(topic) => regular(dice, desk, p, topic, next_message),
            None => spam(desk, p, next_message, dice),
        })
        .collect()
}

fn fill_for(dice: &mut Dice, desk: &Desk<'_>, plan: &Plan) -> Fill {
    let shopper = &desk.book.shoppers[plan.shopper];
    let order = plan.order.map(|i| &desk.book.orders[i]);
    let mut f = Fill::default();
    f.set("first", shopper.first.clone());
    f.set("country", shopper.country.name);
    f.set("city", shopper.city.0);
    f.set("street", dice.pick(&STREETS));
    f.set("code", dice.pick(&DISCOUNT_CODES));
    f.set("days", dice.range(3, 12).to_string());
    let eta = plan.created + TimeDelta::days(dice.range(2, 5) as i64);
    f.set("eta", eta.format("%A %-d %B").to_string());
    let kinds = plan.topic.map_or(catalog::ANY, |t| t.scenarios[plan.scenario % t.scenarios.len()].kinds);
    let (product, size, color) =
        match order.and_then(|o| o.lines.iter().find(|l| catalog::fits(l.product, kinds))) {
            Some(l) => (l.product, l.size, l.color),
            None => {
                let candidates = catalog::matching(kinds);
                let p = candidates.get(dice.index(candidates.len())).copied().unwrap_or(0);
                (p, dice.pick(PRODUCTS[p].sizes), dice.pick(PRODUCTS[p].colors))
            }
        };
    let Product { title, usd, sizes, .. } = PRODUCTS[product];
    f.set("product", title);
    f.set("item_price", money(orders::price(usd, &shopper.country), &shopper.country));
    f.set("size", size);
    f.set("color", color);
    let at = sizes.iter().position(|s| *s == size).unwrap_or(0);
    let other = if at + 1 < sizes.len() { at + 1 } else { at.saturating_sub(1) };
    f.set("new_size", sizes[other]);
    let country = &shopper.country;
    match order {
        Some(o) => {
            f.set("order", o.name());
            f.set("carrier", o.carrier);
            f.set("tracking", o.tracking.clone());
            f.set("amount", money(o.total(country), country));
            f.set("date", (o.placed + TimeDelta::days(1)).format("%-d %B").to_string());
        }
        None => {
            f.set("order", "my order");
            let carrier = dice.pick(country.carriers);
            f.set("carrier", carrier);
            f.set("tracking", orders::tracking_number(dice, carrier));
            f.set("amount", money(orders::price(usd, country), country));
            f.set(
                "date",
                (plan.created - TimeDelta::days(dice.range(3, 20) as i64)).format("%-d %B").to_string(),
            );
        }
    }
    let url = match plan.topic.map(|t| t.key) {
        Some("sizing") => "https://northwind.test/pages/size-guide",
        Some("waterproofing") => "https://northwind.test/pages/care-guide",
        Some("wrong-size" | "return-request" | "refund-not-received") => "https://northwind.test/returns",
        _ => "https://northwind.test/help",
    };
    f.set("url", url);
    f
}

fn pick_agent(dice: &mut Dice, desk: &Desk<'_>, team: Option<u64>) -> u64 {
    let members: Vec<(u64, u32)> = match team.and_then(|id| desk.teams.iter().find(|t| t.id == id)) {
        Some(t) => AGENT_LOAD.iter().copied().filter(|(id, _)| t.member_ids.contains(id)).collect(),
        None => AGENT_LOAD.iter().copied().filter(|(id, _)| *id != 8).collect(),
    };
    if members.is_empty() { *dice.weighted(&AGENT_LOAD) } else { *dice.weighted(&members) }
}

fn is_chat_like(channel: &str) -> bool {
    !conversation::is_email_like(channel)
}

/// Channels where people answer within minutes.
fn is_fast(channel: &str) -> bool {
    matches!(channel, "chat" | "sms" | "facebook" | "instagram-direct-message")
}

/// How long a ticket waits for its first agent reply on a slow channel, in minutes:
/// mostly one to twelve hours, sometimes the same hour, sometimes over a day.
const FIRST_REPLY_MINUTES: [((u64, u64), u32); 4] =
    [((20, 60), 10), ((60, 12 * 60), 62), ((12 * 60, 24 * 60), 16), ((24 * 60, 40 * 60), 12)];

/// Minutes until the next message, by who answers, whether it is the first agent reply
/// and how fast the channel is.
fn delay(dice: &mut Dice, channel: &str, agent_answers: bool, first_reply: bool) -> TimeDelta {
    let fast = is_fast(channel);
    let span = match (fast, agent_answers) {
        (true, true) => dice.minutes(1, 14),
        (true, false) => dice.minutes(1, 9),
        (false, true) if first_reply => {
            let (lo, hi) = *dice.weighted(&FIRST_REPLY_MINUTES);
            dice.minutes(lo, hi)
        }
        (false, true) => dice.minutes(18, 22 * 60),
        (false, false) => dice.minutes(50, 46 * 60),
    };
    span + dice.jitter()
}

fn regular(dice: &mut Dice, desk: &Desk<'_>, plan: &Plan, topic: &Topic, next_message: &mut u64) -> Ticket {
    let now = desk.now;
    let shopper = &desk.book.shoppers[plan.shopper];
    let mut fill = fill_for(dice, desk, plan);
    let age_days = (now - plan.created).num_minutes() as f64 / 1440.0;
    let p_open = if age_days < 3.0 {
        0.8
    } else if age_days < 10.0 {
        0.55
    } else if age_days < 30.0 {
        0.35
    } else {
        0.12
    };
    let mut open = dice.chance(p_open);
    let vip = matches!(shopper.tier, "Gold" | "Platinum");
    let team =
        if vip && dice.chance(0.4) { Some(VIP_TEAM_ID) } else { dice.chance(0.85).then_some(topic.team) };
    let assigned = dice.chance(if open { 0.68 } else { 0.93 });
    let agent = pick_agent(dice, desk, team);
    fill.set(
        "agent",
        desk.users.iter().find(|u| u.id == agent).map_or("", |u| u.firstname.as_str()).to_string(),
    );
    let planned = if open && !assigned {
        *dice.weighted(&[(1, 70), (2, 30)])
    } else if open {
        *dice.weighted(&[(1, 10), (2, 30), (3, 24), (4, 16), (5, 9), (6, 6), (8, 5)])
    } else {
        *dice.weighted(&[(2, 26), (3, 20), (4, 18), (5, 12), (6, 8), (7, 5), (8, 4), (10, 4), (12, 3)])
    };
    let scenario = &topic.scenarios[plan.scenario % topic.scenarios.len()];
    let subject = fill.apply(dice.pick(scenario.subjects));
    let opener = if is_chat_like(plan.channel) { scenario.quick } else { scenario.opener };
    let mut first = Turn::new(Author::Customer, fill.apply(opener), plan.created);
    if matches!(topic.key, "damaged-item" | "warranty") && !is_chat_like(plan.channel) {
        first.attachments.push(Attachment {
            url: format!(
                "https://uploads.gorgias.test/northwind/{}/IMG_{}.jpg",
                plan.id,
                dice.range(1000, 9999)
            ),
            name: format!("IMG_{}.jpg", dice.range(1000, 9999)),
            content_type: "image/jpeg".into(),
            size: dice.range(900_000, 3_900_000),
        });
    }
    let fast = is_fast(plan.channel);
    // Live chats and pre-sale questions stay short.
    let planned = if topic.urgency == 0 || fast { planned.min(if fast { 6 } else { 5 }) } else { planned };
    let mut turns = vec![first];
    let mut t = plan.created;
    let mut replied = false;
    for role in script(planned, open, assigned).into_iter().skip(1) {
        t += delay(dice, plan.channel, role.by_agent(), !replied && role.by_agent());
        replied |= role.by_agent();
        if t > now - TimeDelta::minutes(2) {
            break;
        }
        let text = match role {
            Role::Opener | Role::Reply => scenario.reply,
            Role::Followup => scenario.followup,
            Role::Resolution => scenario.resolution,
            Role::Nudge if fast => dice.pick(&phrases::CHAT_NUDGES),
            Role::Nudge => dice.pick(&phrases::CUSTOMER_NUDGES),
            Role::Checkin if fast => dice.pick(&phrases::CHAT_CHECKINS),
            Role::Checkin => dice.pick(&phrases::AGENT_CHECKINS),
            Role::Closer => dice.pick(&phrases::AGENT_CLOSERS),
            Role::Thanks => dice.pick(&phrases::CUSTOMER_THANKS),
        };
        let author = if role.by_agent() { Author::Agent(agent) } else { Author::Customer };
        turns.push(Turn::new(author, fill.apply(text), t));
    }
    if turns.len() < 2 || !turns.iter().any(|x| x.author != Author::Customer) {
        open = true;
    }
    if turns.len() >= 2 && assigned && dice.chance(0.15) {
        let after = turns[1].at;
        let until = turns.get(2).map_or(now, |x| x.at);
        let at = after + TimeDelta::seconds(((until - after).num_seconds() / 2).max(1));
        let author = if dice.chance(0.7) { agent } else { pick_agent(dice, desk, None) };
        turns.insert(2, Turn::new(Author::Note(author), fill.apply(scenario.note), at));
    }
    let last_at = turns.last().map_or(plan.created, |x| x.at);
    let closed = (!open).then(|| (last_at + dice.minutes(5, 6 * 60)).min(now));
    let is_unread = open && turns.last().is_some_and(|x| x.author == Author::Customer);
    let opened = turns.iter().find(|x| x.author != Author::Customer).map(|x| x.at - dice.minutes(2, 30));
    let high = dice.chance(f64::from(topic.urgency) / 100.0);
    let priority = if high && age_days < 14.0 && dice.chance(0.15) {
        "critical"
    } else if high {
        "high"
    } else if topic.reason == "Product" && dice.chance(0.3) {
        "low"
    } else {
        "normal"
    };
    let mut tag_names: Vec<&str> =
        topic.tags.iter().copied().take(if dice.chance(0.7) { 3 } else { 1 }).collect();
    if vip {
        tag_names.push("vip");
    }
    if matches!(priority, "high" | "critical") && dice.chance(0.4) {
        tag_names.push("urgent");
    }
    if shopper.country.code != "US" && topic.key == "where-is-my-order" && dice.chance(0.5) {
        tag_names.push("international");
    }
    let mut custom_fields = Vec::new();
    if dice.chance(0.9) {
        custom_fields.push((CONTACT_REASON_FIELD_ID, Value::from(topic.reason)));
    }
    if let Some(o) = plan.order {
        custom_fields.push((ORDER_NUMBER_FIELD_ID, Value::from(desk.book.orders[o].name())));
    }
    if !open {
        custom_fields.push((RESOLUTION_FIELD_ID, Value::from(topic.resolution)));
    }
    let external_id = if topic.team == RETURNS_TEAM_ID && dice.chance(0.3) {
        Some(format!("RMA-{}", dice.range(2000, 8999)))
    } else if age_days > 60.0 && dice.chance(0.08) {
        Some(format!("ZD-{}", dice.range(100_000, 999_999)))
    } else {
        None
    };
    let thread = Thread {
        ticket_id: plan.id,
        channel: plan.channel,
        subject: &subject,
        customer_id: shopper.id,
        customer_first: &shopper.first,
        customer_domain: shopper.domain(),
        intent: Some(topic.intent),
        users: desk.users,
    };
    let messages = conversation::write(&thread, turns, dice, next_message);
    Ticket {
        id: plan.id,
        external_id,
        status: if open { "open" } else { "closed" }.into(),
        priority: priority.into(),
        channel: plan.channel.into(),
        via: plan.channel.into(),
        spam: false,
        subject,
        customer_id: shopper.id,
        assignee_user_id: assigned.then_some(agent),
        assignee_team_id: team,
        tag_ids: tag_names
            .iter()
            .filter_map(|n| tag_id(n))
            .filter(|id| desk.tags.iter().any(|t| t.id == *id))
            .collect(),
        is_unread,
        custom_fields,
        created: plan.created,
        opened,
        updated: closed.unwrap_or(last_at).max(last_at),
        closed,
        trashed: None,
        snoozed: None,
        messages,
    }
}

fn spam(desk: &Desk<'_>, plan: &Plan, next_message: &mut u64, dice: &mut Dice) -> Ticket {
    let shopper = &desk.book.shoppers[plan.shopper];
    let (subject, body) = topics::SPAM[plan.scenario % topics::SPAM.len()];
    let thread = Thread {
        ticket_id: plan.id,
        channel: "email",
        subject,
        customer_id: shopper.id,
        customer_first: &shopper.first,
        customer_domain: shopper.domain(),
        intent: None,
        users: desk.users,
    };
    let mut messages = conversation::write(
        &thread,
        vec![Turn::new(Author::Customer, body, plan.created)],
        dice,
        next_message,
    );
    // Spam arrives as sent: no greeting or sign-off wrapped around it.
    for m in &mut messages {
        m.body_text = body.to_string();
        m.body_html = super::html::paragraphs(body);
        m.stripped_text = Some(body.to_string());
        m.stripped_html = Some(m.body_html.clone());
    }
    let closed = (plan.created + dice.minutes(5, 90)).min(desk.now);
    Ticket {
        id: plan.id,
        external_id: None,
        status: "closed".into(),
        priority: "low".into(),
        channel: "email".into(),
        via: "email".into(),
        spam: true,
        subject: subject.into(),
        customer_id: shopper.id,
        assignee_user_id: None,
        assignee_team_id: None,
        tag_ids: Vec::new(),
        is_unread: false,
        custom_fields: Vec::new(),
        created: plan.created,
        opened: None,
        updated: closed,
        closed: Some(closed),
        trashed: None,
        snoozed: None,
        messages,
    }
}
