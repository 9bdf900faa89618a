//! A TicketMessage as clients send it (in `POST /api/tickets` and
//! `POST /api/tickets/{id}/messages`): required fields, sender and receiver references,
//! bodies, and what a new message does to its ticket.

use serde_json::{Map, Value};

use super::writing::{MISSING, Ref, opt_bool, opt_str, opt_time, reference, req_str, text_of_html};
use crate::gorgias::api_error::ApiError;
use crate::gorgias::seed::html;
use crate::gorgias::store::{Message, Party, Store, Ticket};
use crate::gorgias::wire_time::Time;

/// Fields every message must carry.
const REQUIRED: [&str; 3] = ["channel", "via", "from_agent"];

/// Stands for a customer that the same request creates (its id is not known yet).
pub(crate) const NEW_CUSTOMER: u64 = u64::MAX;

/// A parsed, not yet resolved, message body.
#[derive(Clone, Debug)]
pub(crate) struct MessageInput {
    pub channel: String,
    pub via: String,
    pub from_agent: bool,
    pub sender: Option<Ref>,
    pub receiver: Option<Ref>,
    pub body_text: Option<String>,
    pub body_html: Option<String>,
    pub public: Option<bool>,
    pub subject: Option<String>,
    pub created: Option<Time>,
}

/// `(field, reason)` for each required field `obj` lacks, field names prefixed (`messages.0.`).
pub(crate) fn missing_fields(obj: &Map<String, Value>, prefix: &str) -> Vec<(String, String)> {
    REQUIRED
        .iter()
        .filter(|k| obj.get(**k).is_none_or(Value::is_null))
        .map(|k| (format!("{prefix}{k}"), MISSING.to_string()))
        .collect()
}

/// Reads a message body (required fields are checked by [`missing_fields`] first).
pub(crate) fn parse(obj: &Map<String, Value>) -> Result<MessageInput, ApiError> {
    let from_agent =
        opt_bool(obj, "from_agent")?.ok_or_else(|| ApiError::invalid_field("from_agent", MISSING))?;
    let optional_ref = |key: &str| match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => reference(v, key).map(Some),
    };
    let created = match opt_time(obj, "created_datetime")? {
        Some(t) => Some(t),
        None => opt_time(obj, "sent_datetime")?,
    };
    Ok(MessageInput {
        channel: req_str(obj, "channel")?,
        via: req_str(obj, "via")?,
        from_agent,
        sender: optional_ref("sender")?,
        receiver: optional_ref("receiver")?,
        body_text: opt_str(obj, "body_text")?,
        body_html: opt_str(obj, "body_html")?,
        public: opt_bool(obj, "public")?,
        subject: opt_str(obj, "subject")?,
        created,
    })
}

/// Resolves a sender or receiver: by id an agent when `agent` is set, a customer otherwise;
/// by email whichever has that address (agents first when `agent`). `pending` is the email
/// of a customer the request is about to create.
pub(crate) fn party(
    store: &Store,
    r: &Ref,
    agent: bool,
    pending: Option<&str>,
    field: &str,
) -> Result<Party, ApiError> {
    match r {
        Ref::Id(id) if agent => store
            .user(*id)
            .map(|u| Party::User(u.id))
            .ok_or_else(|| ApiError::invalid_field(field, &format!("User {id} does not exist."))),
        Ref::Id(id) => store
            .customer(*id)
            .map(|c| Party::Customer(c.id))
            .ok_or_else(|| ApiError::invalid_field(field, &format!("Customer {id} does not exist."))),
        Ref::Email(email) => {
            let user = || store.user_by_email(email).map(|u| Party::User(u.id));
            let customer = || {
                store.customer_by_email(email).map(|c| Party::Customer(c.id)).or_else(|| {
                    pending.filter(|p| p.eq_ignore_ascii_case(email)).map(|_| Party::Customer(NEW_CUSTOMER))
                })
            };
            let found = if agent { user().or_else(customer) } else { customer().or_else(user) };
            found.ok_or_else(|| {
                ApiError::invalid_field(field, &format!("No user or customer with email {email}."))
            })
        }
    }
}

/// The ticket a message goes to, as far as building the message needs it.
pub(crate) struct Target<'a> {
    pub ticket_id: u64,
    pub customer: Party,
    pub subject: &'a str,
    /// The agent an agent message comes from when it names no sender.
    pub default_agent: u64,
}

/// Builds the stored message (id 0: the caller assigns one once nothing can fail).
pub(crate) fn build(
    store: &Store,
    input: MessageInput,
    target: &Target<'_>,
    pending: Option<&str>,
    field: &str,
    now: Time,
) -> Result<Message, ApiError> {
    let sender = match &input.sender {
        Some(r) => party(store, r, input.from_agent, pending, &format!("{field}sender"))?,
        None if input.from_agent => Party::User(target.default_agent),
        None => target.customer,
    };
    let receiver = match &input.receiver {
        Some(r) => Some(party(store, r, !input.from_agent, pending, &format!("{field}receiver"))?),
        None if input.from_agent => Some(target.customer),
        None => None,
    };
    let (body_text, body_html) = match (input.body_text, input.body_html) {
        (Some(text), Some(html)) => (text, html),
        (Some(text), None) => {
            let html = html::paragraphs(&text);
            (text, html)
        }
        (None, Some(html)) => (text_of_html(&html), html),
        (None, None) => (String::new(), String::new()),
    };
    let note = input.channel == "internal-note";
    let public = !note && input.public.unwrap_or(true);
    let subject = input.subject.or_else(|| {
        matches!(input.channel.as_str(), "email" | "contact_form" | "help-center")
            .then(|| target.subject.to_string())
            .filter(|s| !s.is_empty())
    });
    Ok(Message {
        id: 0,
        ticket_id: target.ticket_id,
        channel: input.channel,
        via: input.via,
        public,
        from_agent: input.from_agent,
        sender,
        receiver: if note { None } else { receiver },
        subject,
        stripped_text: Some(body_text.clone()),
        stripped_html: Some(body_html.clone()),
        body_text,
        body_html,
        attachments: Vec::new(),
        intents: Vec::new(),
        message_id: None,
        integration_id: None,
        created: input.created.unwrap_or(now),
    })
}

/// Replaces the placeholder of a customer created by the same request.
pub(crate) fn settle_new_customer(m: &mut Message, id: u64) {
    for party in std::iter::once(&mut m.sender).chain(m.receiver.as_mut()) {
        if *party == Party::Customer(NEW_CUSTOMER) {
            *party = Party::Customer(id);
        }
    }
}

/// Adds a message to its ticket in time order and updates the ticket: a customer message
/// reopens a closed ticket and marks it unread; an agent reply marks it read and opened.
pub(crate) fn attach(t: &mut Ticket, m: Message, now: Time) {
    let public_agent = m.from_agent && m.public;
    let from_customer = !m.from_agent;
    let at = m.created;
    let index = t.messages.partition_point(|x| x.created <= m.created);
    t.messages.insert(index, m);
    if from_customer {
        t.status = "open".into();
        t.closed = None;
        t.is_unread = true;
    } else if public_agent {
        t.is_unread = false;
        t.opened = Some(t.opened.map_or(at, |o| o.min(at)));
    }
    t.updated = now.max(t.updated);
}
