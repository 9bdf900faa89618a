//! The desk's reference data: departments, statuses, priorities, types, staff and users.

use super::dice::Dice;
use super::names;
use crate::kayako::fixtures as fx;
use crate::kayako::store::{Department, Organization, Priority, Staff, Status, Store, TicketType, User};

const DAY: i64 = 86_400;

/// Everything but the tickets.
pub(crate) fn build(dice: &mut Dice, now: i64) -> Store {
    Store {
        departments: departments(),
        statuses: statuses(),
        priorities: priorities(),
        types: types(),
        staff: staff(),
        users: users(dice, now),
        organizations: names::ORGANIZATIONS
            .iter()
            .enumerate()
            .map(|(i, name)| Organization { id: i as u64 + 1, name })
            .collect(),
        ..Store::default()
    }
}

fn departments() -> Vec<Department> {
    let d = |id: u64, title, public, module| Department {
        id,
        title,
        public,
        module,
        display_order: id,
        parent_id: 0,
        user_groups: if public { vec![] } else { vec![1] },
    };
    vec![
        d(1, "General", true, "tickets"),
        d(2, "Billing", true, "tickets"),
        d(fx::TECH_DEPARTMENT_ID, fx::TECH_DEPARTMENT_NAME, true, "tickets"),
        d(4, "Sales", true, "tickets"),
        d(5, "Returns & RMA", false, "tickets"),
        d(fx::LIVECHAT_DEPARTMENT_ID, "Live Chat", true, "livechat"),
    ]
}

fn statuses() -> Vec<Status> {
    let s = |id: u64, title, icon, resolved: bool, color| Status {
        id,
        title,
        display_order: id,
        icon,
        in_main_list: !resolved,
        resolved,
        color,
        staff_groups: vec![],
    };
    vec![
        s(fx::OPEN_STATUS_ID, fx::OPEN_STATUS_NAME, "icon_ticketstatusopen.png", false, "#4eafcb"),
        s(fx::IN_PROGRESS_STATUS_ID, "In Progress", "icon_ticketstatusinprogress.png", false, "#b4b41d"),
        s(fx::CLOSED_STATUS_ID, fx::CLOSED_STATUS_NAME, "icon_ticketstatusclosed.png", true, "#5f5f5f"),
        s(fx::ON_HOLD_STATUS_ID, "On Hold", "icon_ticketstatusonhold.png", false, "#e9a23b"),
        s(5, "Awaiting Customer", "icon_ticketstatusawaiting.png", false, "#8a6fd1"),
    ]
}

fn priorities() -> Vec<Priority> {
    let p =
        |id: u64, title, fr_color, bg_color| Priority { id, title, display_order: id, fr_color, bg_color };
    vec![
        p(1, "Low", "#6d9c3e", ""),
        p(2, "Normal", "#4eafcb", ""),
        p(fx::HIGH_PRIORITY_ID, "High", "#e28000", ""),
        p(4, "Urgent", "#ffffff", "#cf2828"),
        p(5, "Emergency", "#ffffff", "#8b0000"),
    ]
}

fn types() -> Vec<TicketType> {
    let t = |id: u64, title, icon| TicketType { id, title, display_order: id, icon };
    vec![
        t(fx::ISSUE_TYPE_ID, "Issue", "icon_typeissue.png"),
        t(2, "Task", "icon_typetask.png"),
        t(3, "Bug", "icon_typebug.png"),
        t(4, "Lead", "icon_typelead.png"),
        t(5, "Feedback", "icon_typefeedback.png"),
    ]
}

fn staff() -> Vec<Staff> {
    names::STAFF
        .iter()
        .enumerate()
        .map(|(i, (first_name, last_name, designation))| Staff {
            id: i as u64 + 1,
            group_id: if i == 0 { 1 } else { 2 },
            first_name,
            last_name,
            designation,
            mobile: format!("+1 555 01{:02}", i + 1),
        })
        .collect()
}

/// 150 users with unique emails; ids 7 and 12 are the fixture requesters.
fn users(dice: &mut Dice, now: i64) -> Vec<User> {
    let mut seen = std::collections::HashSet::new();
    (1..=fx::USER_COUNT as u64)
        .map(|id| {
            let (full_name, email) = match id {
                fx::HANNAH_USER_ID => (fx::HANNAH_NAME.to_string(), fx::HANNAH_EMAIL.to_string()),
                fx::DANIEL_USER_ID => (fx::DANIEL_NAME.to_string(), fx::DANIEL_EMAIL.to_string()),
                _ => loop {
                    let (first, last) = (dice.pick(names::FIRST), dice.pick(names::LAST));
                    let local = format!("{first}.{last}").to_lowercase().replace('\'', "");
                    let email = format!("{local}@{}", dice.pick(names::DOMAINS));
                    if email != fx::HANNAH_EMAIL && email != fx::DANIEL_EMAIL && seen.insert(email.clone()) {
                        break (format!("{first} {last}"), email);
                    }
                },
            };
            User {
                id,
                group_id: 2,
                organization_id: if dice.chance(20) {
                    1 + dice.below(names::ORGANIZATIONS.len() as u64)
                } else {
                    0
                },
                full_name,
                email,
                phone: format!("+1 555 {:04}", dice.below(10_000)),
                created: now - 400 * DAY + dice.below(300 * DAY as u64) as i64,
            }
        })
        .collect()
}
