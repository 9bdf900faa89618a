//! Fixture #4601: hand-written HTML bodies with nested markup, entities, a table, a
//! signature, an internal note and a quoted customer reply whose `stripped_text` is null.

use chrono::TimeDelta;

use super::customers::Book;
use super::fixture_people::LIAM;
use super::fixture_tickets::{Spec, assemble};
use crate::gorgias::fixtures as fx;
use crate::gorgias::store::{Message, Party, Ticket};
use crate::gorgias::wire_time::Time;

const TOM: u64 = 5;

const QUESTION_TEXT: &str = "Hi team,\n\nI bought the Cascade Rain Shell (order NW-10275) & I'm wondering whether to exchange it for the Ridgeline parka:\n\n- Cascade Rain Shell (size L, Storm Grey)\n- Ridgeline Waterproof Parka (size L, Slate)\n\nI'll be hiking in Tasmania in July where it's \"wet & windy\" <always>. Which one would you pick?\n\nCheers,\nLiam O'Connor";

const QUESTION_HTML: &str = "<div dir=\"ltr\"><div>Hi team,</div><div><br></div><div>I bought the <b>Cascade Rain Shell</b> (order <a href=\"https://northwind.test/account/orders/NW-10275\">NW-10275</a>) &amp; I&#39;m wondering whether to exchange it for the Ridgeline parka:</div><ul><li><b>Cascade Rain Shell</b> (size <i>L</i>, Storm Grey)</li><li><b>Ridgeline Waterproof Parka</b> (size <i>L</i>, <span style=\"color:#555555\">Slate</span>)</li></ul><div>I&#39;ll be hiking in Tasmania in July where it&#39;s &quot;wet &amp; windy&quot; &lt;always&gt;. Which one would you pick?</div><div><br></div><div>Cheers,<br>Liam O&#39;Connor</div></div>";

const ANSWER_CORE: &str = "Hi Liam,\n\nGreat question! Here's how they compare:\n\n- Cascade Rain Shell: 2.5-layer, 10,000 mm, 340 g, no insulation\n- Ridgeline Parka: 3-layer, 20,000 mm, 980 g, synthetic insulation\n\nFor Tasmania in July I'd go with the Ridgeline: it's properly warm & fully waterproof. You're within 30 days, so I can set up the exchange and you'd only pay the difference (A$165.00). Compare them side by side here: https://northwind.test/compare?items=cascade&ridgeline\n\nCheers,\nTom";

const ANSWER_HTML: &str = "<div><p>Hi Liam,</p><p>Great question! Here&#39;s how they compare:</p><table style=\"border-collapse:collapse\"><thead><tr><th></th><th>Cascade Rain Shell</th><th>Ridgeline Parka</th></tr></thead><tbody><tr><td>Layers</td><td>2.5</td><td><b>3</b></td></tr><tr><td>Waterproofing</td><td>10,000&nbsp;mm</td><td><b>20,000&nbsp;mm</b></td></tr><tr><td>Weight</td><td>340&nbsp;g</td><td>980&nbsp;g</td></tr><tr><td>Insulation</td><td>&mdash;</td><td>synthetic</td></tr></tbody></table><p>For Tasmania in July I&#39;d go with the <strong>Ridgeline</strong>: it&#39;s properly warm &amp; fully waterproof. You&#39;re within 30 days, so I can set up the exchange and you&#39;d only pay the difference (A$165.00). Compare them side by side <a href=\"https://northwind.test/compare?items=cascade&amp;ridgeline\" target=\"_blank\">here</a>.</p><p>Cheers,<br>Tom</p></div>";

const SIGNATURE_TEXT: &str =
    "--\nTom Fletcher\nNorthwind Outfitters Customer Care\nhttps://northwind.test/help";

const SIGNATURE_HTML: &str = "<div class=\"gorgias-signature\"><div style=\"color:#6b7280\"><b>Tom Fletcher</b><br>Northwind Outfitters Customer Care<br><a href=\"https://northwind.test/help\">northwind.test/help</a></div><div><img src=\"https://cdn.northwind.test/email/logo.png\" alt=\"Northwind Outfitters\" width=\"120\"></div></div>";

const NOTE_TEXT: &str = "Exchange approved (within 30 days of NW-10275). @Sarah Chen can you waive the return shipping? Customer is Gold tier.";

const NOTE_HTML: &str = "<div>Exchange approved (within 30 days of NW-10275). <span class=\"mention\" data-user-id=\"2\">@Sarah Chen</span> can you waive the return shipping? Customer is <b>Gold</b> tier.</div>";

const REPLY_NEW: &str =
    "Thanks Tom, that comparison is really helpful! Let's do the exchange for the Ridgeline in L.\n\nLiam";

const DONE_CORE: &str = "Hi Liam,\n\nAll set: I've created the exchange and emailed you a prepaid Australia Post return label for the Cascade. The Ridgeline will ship as soon as the label is scanned.\n\nCheers,\nTom";

pub(crate) fn build(book: &Book, now: Time, next_message: &mut u64) -> Ticket {
    let spec = Spec {
        id: fx::HTML_TICKET_ID,
        subject: "Cascade vs Ridgeline for Tasmania?",
        shopper: LIAM,
        channel: "email",
        open: true,
        priority: "normal",
        assignee: Some(TOM),
        team: Some(fx::RETURNS_TEAM_ID),
        tags: &["exchange", "product-question", "vip"],
        reason: Some("Exchange"),
        order: Some("NW-10275"),
    };
    let customer = book.shoppers[LIAM].id;
    let t0 = now - TimeDelta::days(4) - TimeDelta::minutes(333) + TimeDelta::microseconds(512_044);
    let times = [
        t0,
        t0 + TimeDelta::minutes(142),
        t0 + TimeDelta::minutes(150),
        t0 + TimeDelta::minutes(22 * 60),
        t0 + TimeDelta::minutes(23 * 60 + 5),
    ];
    let answer_text = format!("{ANSWER_CORE}\n\n{SIGNATURE_TEXT}");
    let attribution = format!(
        "On {}, Northwind Support <support@northwind.test> wrote:",
        times[1].format("%a, %-d %b %Y at %H:%M")
    );
    let quoted: String = answer_text
        .lines()
        .map(|l| if l.is_empty() { ">".to_string() } else { format!("> {l}") })
        .collect::<Vec<_>>()
        .join("\n");
    let mut id = || {
        let v = *next_message;
        *next_message += 1;
        v
    };
    let msg =
        |id: u64, at: Time, sender: Party, text: String, html: String, stripped: Option<String>| Message {
            id,
            ticket_id: spec.id,
            channel: "email".into(),
            via: if matches!(sender, Party::User(_)) { "helpdesk".into() } else { "email".into() },
            public: true,
            from_agent: matches!(sender, Party::User(_)),
            sender,
            receiver: matches!(sender, Party::User(_)).then_some(Party::Customer(customer)),
            subject: Some(if at == t0 { spec.subject.to_string() } else { format!("Re: {}", spec.subject) }),
            stripped_html: stripped.as_deref().map(super::html::paragraphs),
            stripped_text: stripped,
            body_text: text,
            body_html: html,
            attachments: Vec::new(),
            intents: Vec::new(),
            message_id: Some(format!("<{}.{}@mail.northwind.test>", id * 7_919, spec.id)),
            integration_id: Some(5),
            created: at,
        };
    let mut note =
        msg(0, times[2], Party::User(TOM), NOTE_TEXT.into(), NOTE_HTML.into(), Some(NOTE_TEXT.into()));
    note.channel = "internal-note".into();
    note.via = "helpdesk".into();
    note.public = false;
    note.receiver = None;
    note.subject = None;
    note.message_id = None;
    note.integration_id = None;
    let messages = vec![
        msg(
            id(),
            times[0],
            Party::Customer(customer),
            QUESTION_TEXT.into(),
            QUESTION_HTML.into(),
            Some(QUESTION_TEXT.into()),
        ),
        msg(
            id(),
            times[1],
            Party::User(TOM),
            answer_text.clone(),
            format!("{ANSWER_HTML}{SIGNATURE_HTML}"),
            Some(ANSWER_CORE.into()),
        ),
        Message { id: id(), ..note },
        msg(
            id(),
            times[3],
            Party::Customer(customer),
            format!("{REPLY_NEW}\n\n{attribution}\n{quoted}"),
            format!(
                "<div dir=\"ltr\">Thanks Tom, that comparison is <i>really</i> helpful! Let&#39;s do the exchange for the Ridgeline in L.<br><br>Liam</div><br><div class=\"gmail_quote\"><div dir=\"ltr\" class=\"gmail_attr\">{}<br></div><blockquote class=\"gmail_quote\" style=\"margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex\">{ANSWER_HTML}{SIGNATURE_HTML}</blockquote></div>",
                super::html::escape(&attribution)
            ),
            None,
        ),
        msg(
            id(),
            times[4],
            Party::User(TOM),
            format!("{DONE_CORE}\n\n{SIGNATURE_TEXT}"),
            format!("{}{SIGNATURE_HTML}", super::html::paragraphs(DONE_CORE)),
            Some(DONE_CORE.into()),
        ),
    ];
    assemble(&spec, book, messages, now)
}
