//! The seeded desk: reference lists, three fixture tickets and (optionally) 200 generated
//! ones with 1-5 responses each, laid out over the 45 days before `now`.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use super::fixtures as fx;
use super::store::{
    Escalation, Intervention, Named, Perspective, Queue, Response, Staff, Stock, Store, Template, Ticket,
    Watchlist,
};

const DAY: i64 = 86_400;

/// Builds the desk with dates relative to `now`.
pub(crate) fn build(seed: bool, now: i64) -> Store {
    let mut s = Store { clock_offset: now - super::unix_now(), ..Store::default() };
    reference(&mut s);
    fixtures(&mut s, now);
    if seed {
        generated(&mut s, now);
    }
    s
}

fn named(items: &[&str]) -> Vec<Named> {
    items.iter().zip(1..).map(|(n, id)| Named { id, name: (*n).to_owned() }).collect()
}

fn reference(s: &mut Store) {
    s.queues =
        [("Support", "support"), ("Returns", "returns"), ("Billing", "billing"), ("Wholesale", "trade")]
            .iter()
            .zip(1..)
            .map(|((name, mailbox), id)| Queue {
                id,
                name: (*name).to_owned(),
                email: format!("{mailbox}@trailhead.test"),
            })
            .collect();
    let staff = [
        ("Maya Lindqvist", "admin", vec![1, 2, 3, 4]),
        ("Tomás Rivera", "staff", vec![1, 2]),
        ("Jonah Abara", "staff", vec![1]),
        ("Elif Şahin", "staff", vec![2, 3]),
        ("Grace Müller", "staff", vec![3, 4]),
        ("Ken Watanabe", "staff", vec![1, 4]),
    ];
    let emails =
        ["maya.lindqvist", "tomas.rivera", "jonah.abara", "elif.sahin", "grace.muller", "ken.watanabe"];
    s.staff = staff
        .into_iter()
        .zip(emails)
        .zip(1..)
        .map(|(((name, role, queues), mail), id)| Staff {
            id,
            name: name.to_owned(),
            email: format!("{mail}@trailhead.test"),
            role,
            queues,
        })
        .collect();
    s.statuses = named(&["Open", "On Hold", "Awaiting Customer", "Resolved"]);
    s.resolution_categories = named(&["Refund issued", "Replacement sent", "Answered", "No response"]);
    s.interventions = vec![
        Intervention {
            id: 1,
            name: "Damaged item follow-up".into(),
            template: fx::DAMAGED_TEMPLATE.into(),
            queue_id: 2,
        },
        Intervention {
            id: 2,
            name: "Wholesale onboarding".into(),
            template: "welcome_wholesale".into(),
            queue_id: 4,
        },
    ];
    s.escalations = vec![
        Escalation { id: 1, name: "Unanswered for 4 hours".into(), after_minutes: 240, queue_id: 1 },
        Escalation { id: 2, name: "Returns waiting a day".into(), after_minutes: 1440, queue_id: 2 },
    ];
    s.templates = vec![
        Template {
            identifier: fx::DAMAGED_TEMPLATE.into(),
            subject: fx::DAMAGED_SUBJECT.into(),
            html: "<p>Hello {{name}},</p><p>We are sorry your order arrived damaged. Reply with a photo and we will send a replacement.</p>".into(),
        },
        Template {
            identifier: "welcome_wholesale".into(),
            subject: "Welcome to Trailhead wholesale".into(),
            html: "<p>Welcome aboard! Your trade account is ready.</p>".into(),
        },
    ];
    let p =
        |id, name: &str, columns: Vec<&'static str>, statuses: Vec<&'static str>, queue_id, unassigned| {
            Perspective { id, name: name.to_owned(), columns, statuses, queue_id, unassigned }
        };
    s.perspectives = vec![
        p(
            1,
            "All open",
            vec!["ticket_number", "subject", "status", "queue", "assignee", "updated_at"],
            vec!["Open", "On Hold", "Awaiting Customer"],
            None,
            false,
        ),
        p(
            2,
            fx::RETURNS_PERSPECTIVE,
            vec!["ticket_number", "subject", "originator_email", "created_at"],
            vec![],
            Some(2),
            false,
        ),
        p(
            3,
            "Resolved",
            vec!["ticket_number", "subject", "resolution_category", "updated_at"],
            vec!["Resolved"],
            None,
            false,
        ),
        p(4, "Unassigned", vec!["ticket_number", "subject", "queue", "created_at"], vec!["Open"], None, true),
    ];
    s.watchlists = vec![
        Watchlist {
            id: 1,
            name: fx::VIP_WATCHLIST.into(),
            tickets: vec![fx::RETURN_TICKET, fx::BOOTS_TICKET],
        },
        Watchlist { id: 2, name: "Escalated to management".into(), tickets: vec![fx::REFUND_TICKET] },
    ];
    let stock = [
        (
            fx::RETURN_LABEL_STOCK,
            "<p>Hi {{first_name}},</p><p>Your <b>prepaid return label</b> is attached. Print it, stick it on the parcel and drop it at any post office within 14 days.</p>",
            Some(2),
        ),
        ("Shipping times", "<p>Orders ship within 2 working days; delivery takes 3-5 days.</p>", Some(1)),
        (
            "Refund processed",
            "<p>Your refund has been processed and should reach your account within 5 working days.</p>",
            Some(3),
        ),
        (
            "Warranty claim",
            "<p>Please send a photo of the fault and your order number so we can start a warranty claim.</p>",
            None,
        ),
    ];
    s.stock = stock
        .into_iter()
        .zip(1..)
        .map(|((name, html, queue_id), id)| Stock {
            id,
            name: name.to_owned(),
            html: html.to_owned(),
            queue_id,
        })
        .collect();
}

#[allow(clippy::too_many_arguments)]
fn ticket(
    id: u64,
    number: u64,
    subject: &str,
    queue_id: u64,
    status: &str,
    assignee: Option<u64>,
    customer: (&str, &str),
    created_at: i64,
) -> Ticket {
    Ticket {
        id,
        number,
        subject: subject.to_owned(),
        queue_id,
        status: status.to_owned(),
        assignee,
        originator_name: customer.0.to_owned(),
        originator_email: customer.1.to_owned(),
        created_at,
        updated_at: created_at,
        resolved_at: None,
        resolution_category_id: None,
        on_hold_until: None,
        data: vec![],
    }
}

fn respond(s: &mut Store, number: u64, internal: bool, by: &str, staff: bool, at: i64, html: &str) {
    let id = s.next_response_id();
    s.responses.push(Response {
        id,
        ticket_number: number,
        is_internal: internal,
        staff_response: staff,
        created_by_email: by.to_owned(),
        created_at: at,
        html: html.to_owned(),
        attachments: vec![],
    });
    if let Some(t) = s.tickets.iter_mut().find(|t| t.number == number) {
        t.updated_at = t.updated_at.max(at);
    }
}

fn fixtures(s: &mut Store, now: i64) {
    let priya = (fx::PRIYA_NAME, fx::PRIYA_EMAIL);
    let t0 = now - 3 * DAY;
    s.tickets.push(ticket(1, fx::RETURN_TICKET, fx::RETURN_SUBJECT, 2, "Open", Some(2), priya, t0));
    respond(
        s,
        fx::RETURN_TICKET,
        false,
        fx::PRIYA_EMAIL,
        false,
        t0,
        &format!(
            "<p>Hi, I asked for a return label for order <b>{}</b> last week but it never arrived.</p><p>Thanks,<br>Priya</p>",
            fx::ORDER_NUMBER
        ),
    );
    respond(
        s,
        fx::RETURN_TICKET,
        true,
        fx::MAYA_EMAIL,
        true,
        t0 + 1800,
        &format!("<p>{}</p>", fx::RETURN_NOTE),
    );
    respond(
        s,
        fx::RETURN_TICKET,
        false,
        fx::TOMAS_EMAIL,
        true,
        t0 + 3600,
        &format!(
            "<p>Hi Priya, sorry about that! I have re-sent the label for {} to this address.</p><blockquote><p>On Monday Priya wrote: I asked for a return label</p></blockquote>",
            fx::ORDER_NUMBER
        ),
    );
    respond(s, fx::RETURN_TICKET, false, fx::PRIYA_EMAIL, false, t0 + 7200, "<p>Got it now, thank you!</p>");

    let t1 = now - 5 * DAY;
    let mut boots = ticket(
        2,
        fx::BOOTS_TICKET,
        fx::BOOTS_SUBJECT,
        1,
        "On Hold",
        Some(3),
        (fx::DANIEL_NAME, fx::DANIEL_EMAIL),
        t1,
    );
    boots.on_hold_until =
        chrono::DateTime::from_timestamp(now + 5 * DAY, 0).map(|d| d.format("%Y-%m-%d").to_string());
    boots.data = vec![("order_number".into(), "ORD-60117".into())];
    s.tickets.push(boots);
    respond(
        s,
        fx::BOOTS_TICKET,
        false,
        fx::DANIEL_EMAIL,
        false,
        t1,
        "<p>The sole of my Ridgeline boots is coming off after two hikes. Order ORD-60117.</p>",
    );
    respond(
        s,
        fx::BOOTS_TICKET,
        false,
        "jonah.abara@trailhead.test",
        true,
        t1 + 5400,
        "<p>Hi Daniel, please send us a photo of the sole so we can start a warranty claim.</p>",
    );

    let t2 = now - 9 * DAY;
    let mut refund =
        ticket(3, fx::REFUND_TICKET, "Refund for a duplicate charge", 3, "Resolved", Some(5), priya, t2);
    refund.resolved_at = Some(t2 + DAY);
    refund.resolution_category_id = Some(1);
    s.tickets.push(refund);
    respond(
        s,
        fx::REFUND_TICKET,
        false,
        fx::PRIYA_EMAIL,
        false,
        t2,
        "<p>I was charged twice for order ORD-57001.</p>",
    );
    respond(
        s,
        fx::REFUND_TICKET,
        false,
        "grace.muller@trailhead.test",
        true,
        t2 + 3 * 3600,
        "<p>You are right, we have refunded the duplicate charge.</p>",
    );
}

const SUBJECTS: [&str; 12] = [
    "Where is my order?",
    "Tent pole snapped on first trip",
    "Change delivery address",
    "Wrong size sleeping bag",
    "Discount code not working",
    "Wholesale price list request",
    "Jacket zip broken",
    "Refund still not received",
    "Backpack missing hip belt",
    "Question about waterproof rating",
    "Exchange for a larger size",
    "Invoice for my company",
];
const FIRST: [&str; 10] = ["Ana", "Ben", "Chloe", "Dev", "Emma", "Felix", "Hana", "Ivan", "Lucia", "Omar"];
const LAST: [&str; 8] = ["Novak", "Okafor", "Silva", "Chen", "Berg", "Haddad", "Kowalski", "Moreau"];
const STATUSES: [&str; 4] = ["Open", "On Hold", "Awaiting Customer", "Resolved"];

fn generated(s: &mut Store, now: i64) {
    let mut rng = StdRng::seed_from_u64(12);
    for i in 0..fx::GENERATED_TICKETS as u64 {
        let (first, last) = (FIRST[rng.random_range(0..FIRST.len())], LAST[rng.random_range(0..LAST.len())]);
        let name = format!("{first} {last}");
        let email = format!("{}.{}{}@example.test", first.to_lowercase(), last.to_lowercase(), i % 7);
        let created = now - rng.random_range(DAY / 2..45 * DAY);
        let queue = rng.random_range(1..=4);
        let status = STATUSES[rng.random_range(0..STATUSES.len())];
        let assignee = (rng.random_range(0..5) > 0).then(|| rng.random_range(1..=6));
        let number = 220_100 + i;
        let subject = SUBJECTS[rng.random_range(0..SUBJECTS.len())];
        let mut t = ticket(10 + i, number, subject, queue, status, assignee, (&name, &email), created);
        let order = format!("ORD-{}", 50_000 + rng.random_range(0..9_000));
        if rng.random_bool(0.5) {
            t.data.push(("order_number".into(), order.clone()));
        }
        s.tickets.push(t);
        respond(
            s,
            number,
            false,
            &email,
            false,
            created,
            &format!("<p>Hello, {subject} Order {order}.</p><p>{first}</p>"),
        );
        let replies = rng.random_range(0..=4);
        let mut at = created;
        for r in 0..replies {
            at += rng.random_range(600..2 * DAY);
            if at > now {
                break;
            }
            let staff = s.staff[rng.random_range(0..s.staff.len())].email.clone();
            match r % 3 {
                0 => respond(
                    s,
                    number,
                    false,
                    &staff,
                    true,
                    at,
                    &format!("<p>Hi {first}, thanks for writing. We are looking into {order}.</p>"),
                ),
                1 => respond(
                    s,
                    number,
                    true,
                    &staff,
                    true,
                    at,
                    "<p>Internal: checked the warehouse system.</p>",
                ),
                _ => respond(s, number, false, &email, false, at, "<p>Any news?</p>"),
            }
        }
        if status == "Resolved"
            && let Some(t) = s.tickets.iter_mut().find(|t| t.number == number)
        {
            t.resolved_at = Some((at + 3600).min(now));
            t.resolution_category_id = Some(rng.random_range(1..=4));
        }
    }
}
