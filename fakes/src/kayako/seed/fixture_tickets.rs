//! The fixture tickets tests pin down (see `fixtures.rs`), identical whatever the options.

use super::{DAY, HOUR, staff_post, user_post, with_posts};
use crate::kayako::fixtures as fx;
use crate::kayako::store::{Attachment, Note, Store, Ticket, User};

/// All fixture tickets, in id order.
pub(crate) fn build(store: &Store, now: i64) -> Vec<Ticket> {
    let user = |id: u64| store.user(id).cloned().unwrap_or_else(|| panic!("seed user {id} exists"));
    let (hannah, daniel) = (user(fx::HANNAH_USER_ID), user(fx::DANIEL_USER_ID));
    vec![
        closed(store, &hannah, now - 40 * DAY),
        login(store, &hannah, now - 2 * DAY),
        invoice(store, &daniel, now - 5 * DAY),
        long(store, &user(20), now - 30 * DAY),
        html(store, &user(30), now - 3 * DAY),
        huge(&user(40), now - 6 * DAY),
        non_utf8(&user(50), now - DAY),
        cdata(&user(60), now - 4 * HOUR),
    ]
}

fn base(id: u64, display_id: &str, user: &User, subject: &str, department_id: u64, status_id: u64) -> Ticket {
    Ticket {
        id,
        display_id: display_id.to_string(),
        department_id,
        status_id,
        priority_id: 2,
        type_id: fx::ISSUE_TYPE_ID,
        user_id: user.id,
        full_name: user.full_name.clone(),
        email: user.email.clone(),
        subject: subject.to_string(),
        creator: 2,
        creation_mode: 1,
        ip_address: "198.51.100.7".to_string(),
        ..Ticket::default()
    }
}

fn closed(store: &Store, u: &User, t0: i64) -> Ticket {
    let mut t = base(
        fx::CLOSED_TICKET_ID,
        "THS-204-11873",
        u,
        "Thermostat schedule resets",
        fx::TECH_DEPARTMENT_ID,
        fx::CLOSED_STATUS_ID,
    );
    t.owner_staff_id = 4;
    t.tags = vec!["thermostat".to_string()];
    let posts = vec![
        user_post(u, t0, "My thermostat forgets its weekly schedule after every power cut."),
        staff_post(
            store,
            4,
            t0 + 5 * HOUR,
            "Firmware 3.8 keeps the schedule in flash; it has been pushed to your device.",
            &u.email,
        ),
    ];
    with_posts(t, posts)
}

fn login(store: &Store, u: &User, t0: i64) -> Ticket {
    let mut t = base(
        fx::LOGIN_TICKET_ID,
        fx::LOGIN_TICKET_DISPLAY_ID,
        u,
        fx::LOGIN_TICKET_SUBJECT,
        fx::TECH_DEPARTMENT_ID,
        fx::OPEN_STATUS_ID,
    );
    t.priority_id = fx::HIGH_PRIORITY_ID;
    t.owner_staff_id = fx::STAFF_ID;
    t.tags = vec!["login".to_string(), "password".to_string()];
    t.watchers = vec![1];
    t.next_reply_due = t0 + 2 * DAY + 4 * HOUR;
    t.resolution_due = t0 + 5 * DAY;
    let posts = vec![
        user_post(
            u,
            t0,
            "Hi,\n\nI reset my password this morning and now the app says \"invalid credentials\" every time I log in.\n\nThanks,\nHannah",
        ),
        staff_post(
            store,
            fx::STAFF_ID,
            t0 + 3 * HOUR,
            "Hi Hannah, I've cleared the lockout on your account. Please sign out everywhere and try again.",
            &u.email,
        ),
        user_post(u, t0 + 20 * HOUR, "Still failing on the Android app, although the website works now."),
    ];
    t.notes = vec![Note {
        id: 0,
        color: 2,
        creator_staff_id: fx::STAFF_ID,
        for_staff_id: 0,
        creator_name: fx::STAFF_FULL_NAME.to_string(),
        created: t0 + 3 * HOUR,
        text: "Lockout cleared in the admin panel; Android token cache may still hold the old password."
            .to_string(),
    }];
    with_posts(t, posts)
}

fn invoice(store: &Store, u: &User, t0: i64) -> Ticket {
    let mut t = base(
        fx::INVOICE_TICKET_ID,
        fx::INVOICE_TICKET_DISPLAY_ID,
        u,
        fx::INVOICE_TICKET_SUBJECT,
        fx::BILLING_DEPARTMENT_ID,
        fx::IN_PROGRESS_STATUS_ID,
    );
    t.tags = vec!["billing".to_string(), "refund".to_string()];
    let mut first = user_post(
        u,
        t0,
        format!(
            "Hello,\n\nMy card was charged twice for invoice {} (49.00 USD each). Please refund one of them.\n\nDaniel",
            fx::INVOICE_NUMBER
        ),
    );
    first.attachments = vec![Attachment {
        id: 1,
        file_name: "statement.txt".to_string(),
        file_type: "text/plain".to_string(),
        dateline: t0,
        contents: b"2024-03-02 BRIGHTWAVE 49.00\n2024-03-02 BRIGHTWAVE 49.00\n".to_vec(),
    }];
    let posts = vec![
        first,
        staff_post(
            store,
            2,
            t0 + DAY,
            "Thanks Daniel, I can see both charges and have asked our payment provider to reverse one.",
            &u.email,
        ),
    ];
    with_posts(t, posts)
}

fn long(store: &Store, u: &User, t0: i64) -> Ticket {
    let mut t = base(
        fx::LONG_TICKET_ID,
        fx::LONG_TICKET_DISPLAY_ID,
        u,
        "Hub keeps dropping off Wi-Fi",
        fx::TECH_DEPARTMENT_ID,
        fx::OPEN_STATUS_ID,
    );
    t.owner_staff_id = 5;
    t.tags = vec!["hub".to_string(), "wifi".to_string()];
    let posts = (0..fx::LONG_TICKET_POSTS)
        .map(|i| {
            let at = t0 + i as i64 * 4 * HOUR;
            if i % 2 == 0 {
                user_post(
                    u,
                    at,
                    format!(
                        "Update {}: the hub dropped off Wi-Fi again at {:02}:{:02}.",
                        i / 2 + 1,
                        i % 24,
                        (i * 7) % 60
                    ),
                )
            } else {
                staff_post(
                    store,
                    5,
                    at,
                    format!("Thanks, logged occurrence {}. Please keep the diagnostics mode on.", i / 2 + 1),
                    &u.email,
                )
            }
        })
        .collect();
    with_posts(t, posts)
}

fn html(store: &Store, u: &User, t0: i64) -> Ticket {
    let t = base(
        fx::HTML_TICKET_ID,
        fx::HTML_TICKET_DISPLAY_ID,
        u,
        "Order total does not match the quote",
        fx::GENERAL_DEPARTMENT_ID,
        fx::OPEN_STATUS_ID,
    );
    let mut first = user_post(
        u,
        t0,
        "<div><p>Hello &amp; good morning,</p><p>The quote said <b>&euro;240</b> but I paid:</p>\
        <table><tr><th>Item</th><th>Price</th></tr><tr><td>Hub&nbsp;v2</td><td>&euro;199</td></tr>\
        <tr><td>Plug &times; 3</td><td>&euro;87</td></tr></table><p>Could you explain &quot;service fee&quot;?</p></div>",
    );
    first.is_html = true;
    let mut reply = staff_post(
        store,
        1,
        t0 + 2 * HOUR,
        "<p>Hi,</p><p>The difference is the &lt;express&gt; shipping you selected.</p>\
        <blockquote><p>Could you explain &quot;service fee&quot;?</p></blockquote>\
        <p>--<br><i>Priya Raman</i><br>Support Lead, Brightwave</p>",
        &u.email,
    );
    reply.is_html = true;
    with_posts(t, vec![first, reply])
}

fn huge(u: &User, t0: i64) -> Ticket {
    let t = base(
        fx::HUGE_TICKET_ID,
        "LOG-900-77777",
        u,
        "Debug log from the hub attached",
        fx::TECH_DEPARTMENT_ID,
        fx::ON_HOLD_STATUS_ID,
    );
    let mut log = String::from("Here is the full debug log you asked for:\n");
    let mut i = 0u64;
    while log.len() < fx::HUGE_POST_MIN_BYTES {
        log.push_str(&format!(
            "[{:08}] zigbee: retry frame seq={} rssi=-{} lqi={} status=NO_ACK\n",
            i,
            i % 256,
            40 + i % 50,
            90 + i % 160
        ));
        i += 1;
    }
    with_posts(t, vec![user_post(u, t0, log)])
}

fn non_utf8(u: &User, t0: i64) -> Ticket {
    let t = base(
        fx::NON_UTF8_TICKET_ID,
        "ENC-318-00451",
        u,
        "Name on the invoice is garbled",
        fx::BILLING_DEPARTMENT_ID,
        fx::OPEN_STATUS_ID,
    );
    let mut contents = b"Hello, the invoice should read ".to_vec();
    contents.extend_from_slice(fx::NON_UTF8_BYTES);
    contents.extend_from_slice(b" but shows question marks.");
    with_posts(t, vec![user_post(u, t0, contents)])
}

fn cdata(u: &User, t0: i64) -> Ticket {
    let t = base(
        fx::CDATA_TICKET_ID,
        "CDT-404-12345",
        u,
        fx::CDATA_TICKET_SUBJECT,
        fx::GENERAL_DEPARTMENT_ID,
        fx::OPEN_STATUS_ID,
    );
    with_posts(t, vec![user_post(u, t0, "Every email now ends with ]]> under the signature.")])
}
