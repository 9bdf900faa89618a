//! The seeded desk: people, groups, statuses, categories with types and items, and
//! thirteen tickets with their replies, dated relative to start-up.

use super::fixtures as fx;
use super::store::{Category, Group, Item, Kind, Reply, Role, Status, Store, Ticket, User};

/// RFC 3339 UTC for unix seconds.
pub(crate) fn stamp(unix: i64) -> String {
    chrono::DateTime::from_timestamp(unix, 0).unwrap_or_default().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Builds the store with dates laid out before `now` (unix seconds).
pub(crate) fn build(now: i64) -> Store {
    let ms = u64::try_from(now).unwrap_or(0) * 1000;
    let mut s = Store { next_tracking: 294, ..Store::default() };
    let id = |s: &mut Store| s.new_id(ms - 90 * 86_400_000);
    let groups: Vec<Group> = [
        (fx::HARDWARE_GROUP, "Laptops, docks, peripherals"),
        (fx::SERVICE_DESK_GROUP, "Accounts and first-line support"),
        (fx::SOFTWARE_GROUP, "Licences and installations"),
    ]
    .iter()
    .map(|(name, d)| Group { id: id(&mut s), name: (*name).into(), description: (*d).into() })
    .collect();
    let g = |name: &str| groups.iter().find(|x| x.name == name).map(|x| x.id.clone()).unwrap_or_default();
    let people = [
        (fx::PRIYA_NAME, "priya.natarajan@example.org", Role::Admin, vec![]),
        (fx::AMELIE_NAME, fx::AMELIE_EMAIL, Role::Staff, vec![g(fx::HARDWARE_GROUP)]),
        (
            fx::TOM_NAME,
            "tom.becker@example.org",
            Role::Staff,
            vec![g(fx::HARDWARE_GROUP), g(fx::SERVICE_DESK_GROUP)],
        ),
        (fx::MARC_NAME, "marc.olsen@example.org", Role::Staff, vec![g(fx::SOFTWARE_GROUP)]),
        (fx::JONAS_NAME, "jonas.weber@example.org", Role::User, vec![]),
        (fx::SARA_NAME, "sara.lind@example.org", Role::User, vec![]),
        (fx::BOT_NAME, "integrations@example.org", Role::Admin, vec![]),
    ];
    for (name, email, role, group_ids) in people {
        let user =
            User { id: id(&mut s), name: name.into(), email: email.into(), role, group_ids, active: true };
        s.users.push(user);
    }
    s.groups = groups.clone();
    let statuses = [
        (fx::STATUS_NEW, "system", "#3b82f6", true),
        (fx::STATUS_IN_PROGRESS, "custom", "#f59e0b", true),
        (fx::STATUS_WAITING, "custom", "#a855f7", true),
        (fx::STATUS_INACTIVE, "custom", "#ef4444", false),
        (fx::STATUS_RESOLVED, "system", "#22c55e", true),
        (fx::STATUS_CLOSED, "system", "#6b7280", true),
    ];
    for (i, (name, kind, color, active)) in statuses.into_iter().enumerate() {
        let sort_order = u32::try_from(i).unwrap_or(0) + 1;
        let sid = id(&mut s);
        s.statuses.push(Status {
            id: sid,
            name: name.into(),
            kind,
            sort_order,
            color: color.into(),
            active,
            ticket_count: 0,
        });
    }
    let tree: [Branch; 4] = [
        (
            fx::EQUIPMENT,
            true,
            &[
                (fx::LAPTOP_TYPE, &[fx::BATTERY_ITEM, fx::SCREEN_ITEM, "Keyboard"]),
                ("Peripherals", &["Monitor", "Headset"]),
            ],
        ),
        (fx::ACCESS, true, &[("Password reset", &[]), ("New account", &[])]),
        (fx::SOFTWARE, true, &[("Installation", &[]), ("License", &[])]),
        (fx::INACTIVE_CATEGORY, false, &[("Desk phone", &[])]),
    ];
    for (name, active, types) in tree {
        let cid = id(&mut s);
        let mut kinds = Vec::new();
        for (tname, items) in types {
            let tid = id(&mut s);
            let items = items
                .iter()
                .map(|i| Item { id: id(&mut s), type_id: tid.clone(), name: (*i).into(), active: true })
                .collect();
            kinds.push(Kind {
                id: tid,
                category_id: cid.clone(),
                name: (*tname).into(),
                active: true,
                items,
            });
        }
        s.categories.push(Category {
            id: cid,
            name: name.into(),
            description: format!("{name} requests"),
            active,
            types: kinds,
        });
    }
    seed_tickets(&mut s, now, ms);
    s
}

/// (category, active, [(type, [items])])
type Branch = (&'static str, bool, &'static [(&'static str, &'static [&'static str])]);

/// (seq, subject, category, type, item, priority, status, assignee, group, reporter, days ago)
type Row = (
    u32,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
);

const TICKETS: [Row; 13] = [
    (
        281,
        "Cannot log in to payroll portal",
        fx::ACCESS,
        "Password reset",
        "",
        "medium",
        fx::STATUS_NEW,
        "",
        fx::SERVICE_DESK_GROUP,
        fx::SARA_NAME,
        20,
    ),
    (
        282,
        "Monitor flickers on the dock",
        fx::EQUIPMENT,
        "Peripherals",
        "Monitor",
        "low",
        fx::STATUS_IN_PROGRESS,
        fx::AMELIE_NAME,
        fx::HARDWARE_GROUP,
        fx::JONAS_NAME,
        18,
    ),
    (
        283,
        "Need an Adobe licence",
        fx::SOFTWARE,
        "License",
        "",
        "medium",
        fx::STATUS_WAITING,
        fx::MARC_NAME,
        fx::SOFTWARE_GROUP,
        fx::SARA_NAME,
        16,
    ),
    (
        284,
        "New starter account for K. Ito",
        fx::ACCESS,
        "New account",
        "",
        "high",
        fx::STATUS_RESOLVED,
        fx::TOM_NAME,
        fx::SERVICE_DESK_GROUP,
        fx::SARA_NAME,
        15,
    ),
    (
        285,
        "Headset microphone not detected",
        fx::EQUIPMENT,
        "Peripherals",
        "Headset",
        "medium",
        fx::STATUS_CLOSED,
        fx::AMELIE_NAME,
        fx::HARDWARE_GROUP,
        fx::JONAS_NAME,
        14,
    ),
    (
        286,
        "Install Python on the build box",
        fx::SOFTWARE,
        "Installation",
        "",
        "low",
        fx::STATUS_NEW,
        "",
        fx::SOFTWARE_GROUP,
        fx::JONAS_NAME,
        12,
    ),
    (
        287,
        "Keyboard keys sticking",
        fx::EQUIPMENT,
        fx::LAPTOP_TYPE,
        "Keyboard",
        "low",
        fx::STATUS_NEW,
        "",
        fx::HARDWARE_GROUP,
        fx::SARA_NAME,
        10,
    ),
    (
        288,
        "Password expired while abroad",
        fx::ACCESS,
        "Password reset",
        "",
        "critical",
        fx::STATUS_IN_PROGRESS,
        fx::TOM_NAME,
        fx::SERVICE_DESK_GROUP,
        fx::JONAS_NAME,
        8,
    ),
    (
        289,
        "Guest wifi voucher for visitors",
        fx::ACCESS,
        "New account",
        "",
        "low",
        fx::STATUS_NEW,
        "",
        "",
        "",
        6,
    ),
    (
        290,
        "Laptop screen cracked",
        fx::EQUIPMENT,
        fx::LAPTOP_TYPE,
        fx::SCREEN_ITEM,
        "high",
        fx::STATUS_WAITING,
        fx::AMELIE_NAME,
        fx::HARDWARE_GROUP,
        fx::SARA_NAME,
        5,
    ),
    (
        291,
        "License server unreachable",
        fx::SOFTWARE,
        "License",
        "",
        "critical",
        fx::STATUS_NEW,
        "",
        fx::SOFTWARE_GROUP,
        fx::JONAS_NAME,
        4,
    ),
    (
        292,
        "Docking station firmware update",
        fx::EQUIPMENT,
        "Peripherals",
        "",
        "medium",
        fx::STATUS_RESOLVED,
        fx::TOM_NAME,
        fx::HARDWARE_GROUP,
        fx::JONAS_NAME,
        3,
    ),
    (
        293,
        fx::TICKET_293_SUBJECT,
        fx::EQUIPMENT,
        fx::LAPTOP_TYPE,
        fx::BATTERY_ITEM,
        "high",
        fx::STATUS_NEW,
        "",
        fx::HARDWARE_GROUP,
        fx::JONAS_NAME,
        1,
    ),
];

/// (ticket seq, author, internal, body, hours after creation)
const REPLIES: [(u32, &str, bool, &str, i64); 7] = [
    (282, fx::AMELIE_NAME, false, "Could you try another DisplayPort cable?", 3),
    (282, fx::JONAS_NAME, false, "Another cable did not help.", 20),
    (288, fx::TOM_NAME, true, "Identity verified by phone.", 1),
    (288, fx::TOM_NAME, false, "I reset your password; check your personal email.", 2),
    (293, fx::TOM_NAME, false, "Please stop using the laptop and keep it unplugged.", 1),
    (293, fx::AMELIE_NAME, true, fx::TICKET_293_NOTE, 2),
    (293, fx::JONAS_NAME, false, "Done, it is switched off.", 3),
];

fn seed_tickets(s: &mut Store, now: i64, ms: u64) {
    let user = |s: &Store, n: &str| s.users.iter().find(|u| u.name == n).map(|u| u.id.clone());
    for (seq, subject, cat, kind, item, priority, status, assignee, group, reporter, days) in TICKETS {
        let created = now - days * 86_400;
        let c = s.categories.iter().find(|c| c.name == cat);
        let t = c.and_then(|c| c.types.iter().find(|t| t.name == kind));
        let i = t.and_then(|t| t.items.iter().find(|i| i.name == item));
        let (category_id, type_id, item_id) =
            (c.map(|c| c.id.clone()).unwrap_or_default(), t.map(|t| t.id.clone()), i.map(|i| i.id.clone()));
        let status_id = s.status_by_name(status).map(|x| x.id.clone()).unwrap_or_default();
        let resolved =
            matches!(status, fx::STATUS_RESOLVED | fx::STATUS_CLOSED).then(|| stamp(created + 86_400));
        let guest = reporter.is_empty();
        let ticket = Ticket {
            id: s.new_id(ms - u64::try_from(days).unwrap_or(0) * 86_400_000),
            tracking_number: format!("OHD-2026-{seq:06}"),
            subject: subject.into(),
            description: format!("{subject}. Reported through the portal; details inside."),
            category_id,
            type_id,
            item_id,
            priority: priority.into(),
            status_id,
            assignee_user_id: user(s, assignee),
            assignee_group_id: s.groups.iter().find(|g| g.name == group).map(|g| g.id.clone()),
            reporter_user_id: user(s, reporter),
            guest_email: guest.then(|| "lena.fischer@visitor.example".into()),
            guest_name: guest.then(|| "Lena Fischer".into()),
            guest_phone: None,
            resolution_notes: resolved.as_ref().map(|_| "Fixed.".into()),
            closed_at: (status == fx::STATUS_CLOSED).then(|| stamp(created + 2 * 86_400)),
            resolved_at: resolved,
            created_at: stamp(created),
            updated_at: stamp(created + 3 * 3600),
        };
        s.tickets.push(ticket);
    }
    for (seq, author, internal, body, hours) in REPLIES {
        let tracking = format!("OHD-2026-{seq:06}");
        let Some(t) = s.tickets.iter().find(|t| t.tracking_number == tracking).cloned() else { continue };
        let created =
            chrono::DateTime::parse_from_rfc3339(&t.created_at).map(|d| d.timestamp()).unwrap_or(now);
        let reply = Reply {
            id: s.new_id(ms),
            ticket_id: t.id,
            author_id: user(s, author),
            body: body.into(),
            internal,
            notify_customer: !internal,
            created_at: stamp(created + hours * 3600),
        };
        s.replies.push(reply);
    }
}
