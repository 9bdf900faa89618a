//! Turns a ticket's planned turns into TicketMessages the way each channel really looks:
//! email greetings, signatures and quoted replies, terse chats, voicemails, internal notes.

use crate::gorgias::store::{Attachment, Message, Party, User};
use crate::gorgias::wire_time::Time;

use super::dice::Dice;
use super::html;
use super::phrases;

/// The email integration id outgoing and incoming mail goes through.
const EMAIL_INTEGRATION_ID: u64 = 5;

/// Who speaks in a turn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Author {
    Customer,
    Agent(u64),
    Note(u64),
}

/// Whether a customer email reply quotes the agent's previous message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Quote {
    /// No quoted text.
    Off,
    /// Quoted, with `stripped_text` holding just the new text.
    Stripped,
    /// Quoted, with `stripped_text: null` so clients must strip the quote themselves.
    Unstripped,
}

/// One planned message: who, what (bare text, no greeting or quote) and when.
#[derive(Clone, Debug)]
pub(crate) struct Turn {
    pub author: Author,
    pub text: String,
    pub at: Time,
    pub attachments: Vec<Attachment>,
    /// Text is already complete: no greeting or sign-off is added (signatures still are).
    pub raw: bool,
    /// `None` lets the dice decide.
    pub quote: Option<Quote>,
}

impl Turn {
    pub(crate) fn new(author: Author, text: impl Into<String>, at: Time) -> Self {
        Self { author, text: text.into(), at, attachments: Vec::new(), raw: false, quote: None }
    }

    /// A turn whose text is used exactly as written.
    pub(crate) fn verbatim(author: Author, text: impl Into<String>, at: Time, quote: Quote) -> Self {
        Self { raw: true, quote: Some(quote), ..Self::new(author, text, at) }
    }
}

/// The ticket-level facts every message needs.
pub(crate) struct Thread<'a> {
    pub ticket_id: u64,
    pub channel: &'a str,
    pub subject: &'a str,
    pub customer_id: u64,
    pub customer_first: &'a str,
    pub customer_domain: &'a str,
    pub intent: Option<&'a str>,
    pub users: &'a [User],
}

/// Channels whose messages are written like letters.
pub(crate) fn is_email_like(channel: &str) -> bool {
    matches!(channel, "email" | "contact_form" | "help-center")
}

/// The channel follow-ups travel on: forms, help-center requests and calls continue by email.
fn reply_channel(channel: &str) -> &str {
    if is_email_like(channel) || channel == "phone" { "email" } else { channel }
}

/// Writes every turn as a message; `next_id` hands out message ids.
pub(crate) fn write(
    thread: &Thread<'_>,
    turns: Vec<Turn>,
    dice: &mut Dice,
    next_id: &mut u64,
) -> Vec<Message> {
    let mut out: Vec<Message> = Vec::with_capacity(turns.len());
    let mut first_customer = true;
    let mut first_agent = true;
    for (i, turn) in turns.into_iter().enumerate() {
        let id = *next_id;
        *next_id += 1;
        let previous = out.iter().rev().find(|m| m.public);
        let message = match turn.author {
            Author::Customer => {
                let m = customer_message(thread, &turn, i, first_customer, previous, dice);
                first_customer = false;
                m
            }
            Author::Agent(user) => {
                let m = agent_message(thread, &turn, user, first_agent, dice);
                first_agent = false;
                m
            }
            Author::Note(user) => note(&turn, user),
        };
        out.push(Message {
            id,
            ticket_id: thread.ticket_id,
            attachments: turn.attachments,
            created: turn.at,
            ..message
        });
    }
    out
}

fn base(channel: &str, via: &str, sender: Party, text: String, html: String) -> Message {
    Message {
        id: 0,
        ticket_id: 0,
        channel: channel.to_string(),
        via: via.to_string(),
        public: true,
        from_agent: false,
        sender,
        receiver: None,
        subject: None,
        stripped_text: Some(text.clone()),
        stripped_html: Some(html.clone()),
        body_text: text,
        body_html: html,
        attachments: Vec::new(),
        intents: Vec::new(),
        message_id: None,
        integration_id: None,
        created: Time::default(),
    }
}

fn subject_for(thread: &Thread<'_>, first: bool) -> String {
    if first { thread.subject.to_string() } else { format!("Re: {}", thread.subject) }
}

fn customer_message(
    thread: &Thread<'_>,
    turn: &Turn,
    index: usize,
    first: bool,
    previous: Option<&Message>,
    dice: &mut Dice,
) -> Message {
    let channel = if index == 0 { thread.channel } else { reply_channel(thread.channel) };
    let sender = Party::Customer(thread.customer_id);
    let mut m = if channel == "phone" {
        let secs = dice.range(20, 170);
        let text = format!("Voicemail ({}:{:02}) transcription:\n\"{}\"", secs / 60, secs % 60, turn.text);
        base(channel, "phone", sender, text.clone(), html::plain(&text))
    } else if is_email_like(channel) {
        let reply = if turn.raw {
            turn.text.clone()
        } else if first {
            format!(
                "{}\n\n{}\n\n{}\n{}",
                dice.pick(&phrases::CUSTOMER_GREETINGS),
                turn.text,
                dice.pick(&phrases::CUSTOMER_SIGNOFFS),
                thread.customer_first
            )
        } else {
            format!("{}\n\n{}", turn.text, thread.customer_first)
        };
        let mut m = base(channel, channel, sender, reply.clone(), html::paragraphs(&reply));
        if let (Some(prev), "email", false) = (previous, channel, first) {
            let mode = match turn.quote {
                Some(q) => q,
                None if prev.from_agent && dice.chance(0.75) => {
                    if dice.chance(0.5) {
                        Quote::Unstripped
                    } else {
                        Quote::Stripped
                    }
                }
                None => Quote::Off,
            };
            if mode != Quote::Off {
                let who = "Northwind Support <support@northwind.test>";
                let attribution =
                    format!("On {}, {who} wrote:", prev.created.format("%a, %-d %b %Y at %H:%M"));
                m.body_text = format!("{reply}\n\n{attribution}\n{}", html::quote_text(&prev.body_text));
                m.body_html =
                    format!("{}{}", html::paragraphs(&reply), html::quote(&attribution, &prev.body_text));
                if mode == Quote::Unstripped {
                    m.stripped_text = None;
                    m.stripped_html = None;
                }
            }
        }
        m.subject = Some(subject_for(thread, first));
        if channel == "email" {
            m.message_id = Some(format!(
                "<CA{:x}.{}@{}>",
                dice.range(1 << 40, 1 << 44),
                thread.ticket_id,
                thread.customer_domain
            ));
            m.integration_id = Some(EMAIL_INTEGRATION_ID);
        }
        m
    } else {
        base(channel, channel, sender, turn.text.clone(), html::plain(&turn.text))
    };
    if first {
        m.intents = thread.intent.map(str::to_string).into_iter().collect();
    }
    m
}

fn agent_message(thread: &Thread<'_>, turn: &Turn, user: u64, first: bool, dice: &mut Dice) -> Message {
    let channel = reply_channel(thread.channel);
    let agent = thread.users.iter().find(|u| u.id == user);
    let agent_first = agent.map_or("The Northwind team", |u| u.firstname.as_str());
    let agent_full = agent.map_or_else(|| "Northwind Support".to_string(), User::name);
    let mut m = if channel == "email" {
        let core = if turn.raw {
            turn.text.clone()
        } else {
            format!(
                "Hi {},\n\n{}\n\n{}\n{}",
                thread.customer_first,
                turn.text,
                dice.pick(&phrases::AGENT_SIGNOFFS),
                agent_first
            )
        };
        let sig = [agent_full.as_str(), "Northwind Outfitters Customer Care", "https://northwind.test/help"];
        let text = format!("{core}\n\n--\n{}", sig.join("\n"));
        let mut m = base(
            channel,
            "helpdesk",
            Party::User(user),
            text,
            format!("{}{}", html::paragraphs(&core), html::signature(&sig)),
        );
        m.stripped_text = Some(core.clone());
        m.stripped_html = Some(html::paragraphs(&core));
        m.subject = Some(subject_for(thread, false));
        m.message_id =
            Some(format!("<{:x}.{}@mail.northwind.test>", dice.range(1 << 40, 1 << 44), thread.ticket_id));
        m.integration_id = Some(EMAIL_INTEGRATION_ID);
        m
    } else {
        let text = if first && !turn.raw {
            format!("Hi {}! {}", thread.customer_first, turn.text)
        } else {
            turn.text.clone()
        };
        base(channel, "helpdesk", Party::User(user), text.clone(), html::plain(&text))
    };
    m.from_agent = true;
    m.receiver = Some(Party::Customer(thread.customer_id));
    m
}

fn note(turn: &Turn, user: u64) -> Message {
    let mut m =
        base("internal-note", "helpdesk", Party::User(user), turn.text.clone(), html::plain(&turn.text));
    m.public = false;
    m.from_agent = true;
    m
}
