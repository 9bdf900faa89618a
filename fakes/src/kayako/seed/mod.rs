//! Deterministic demo data laid out relative to a start time: six departments, Kayako's
//! statuses, priorities and types, ten staff, 150 users and (optionally) a few hundred
//! generated tickets around the fixture tickets.

mod dice;
mod fixture_tickets;
mod names;
mod reference;

use dice::Dice;

use super::fixtures as fx;
use super::store::{Note, Post, Store, Ticket, User};

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;

/// The desk: reference data and fixture tickets, plus generated tickets when `generated`.
pub(crate) fn build(generated: bool, now: i64) -> Store {
    let mut dice = Dice::new(0x4B41_5941_4B4F);
    let mut store = reference::build(&mut dice, now);
    store.next_post_id = 1;
    store.next_note_id = 1;
    for ticket in fixture_tickets::build(&store, now) {
        store.tickets.insert(ticket.id, ticket);
    }
    if generated {
        let last = fx::FIRST_TICKET_ID + fx::TOTAL_TICKETS as u64;
        for id in fx::FIRST_TICKET_ID..last {
            if !fx::FIXTURE_TICKET_IDS.contains(&id) {
                let ticket = generate(&store, &mut dice, id, now);
                store.tickets.insert(id, ticket);
            }
        }
    }
    number_posts_and_notes(&mut store);
    store.next_ticket_id = store.tickets.keys().max().map_or(fx::FIRST_TICKET_ID, |m| m + 1);
    store
}

/// Post and note ids are global and ascend with ticket and post order, like auto-increments.
fn number_posts_and_notes(store: &mut Store) {
    let (mut post_id, mut note_id) = (store.next_post_id, store.next_note_id);
    for ticket in store.tickets.values_mut() {
        for post in &mut ticket.posts {
            post.id = post_id;
            post_id += 1;
        }
        for note in &mut ticket.notes {
            note.id = note_id;
            note_id += 1;
        }
    }
    store.next_post_id = post_id;
    store.next_note_id = note_id;
}

/// A post by a customer.
pub(crate) fn user_post(user: &User, at: i64, contents: impl Into<Vec<u8>>) -> Post {
    Post {
        dateline: at,
        user_id: user.id,
        full_name: user.full_name.clone(),
        email: user.email.clone(),
        email_to: "support@brightwave.test".to_string(),
        ip_address: "203.0.113.24".to_string(),
        creator: 2,
        is_emailed: true,
        contents: contents.into(),
        ..Post::default()
    }
}

/// A reply by a staff member (id `staff_id`, in `store`).
pub(crate) fn staff_post(
    store: &Store,
    staff_id: u64,
    at: i64,
    contents: impl Into<Vec<u8>>,
    to: &str,
) -> Post {
    let (name, email) = store.staff(staff_id).map(|s| (s.full_name(), s.email())).unwrap_or_default();
    Post {
        dateline: at,
        staff_id,
        full_name: name,
        email,
        email_to: to.to_string(),
        creator: 1,
        is_emailed: true,
        contents: contents.into(),
        ..Post::default()
    }
}

/// A ticket around its posts: reply times, last activity and replier fields follow them.
pub(crate) fn with_posts(mut t: Ticket, posts: Vec<Post>) -> Ticket {
    t.created = posts.first().map_or(t.created, |p| p.dateline);
    t.last_activity = posts.last().map_or(t.created, |p| p.dateline);
    t.last_staff_reply = posts.iter().rev().find(|p| p.creator == 1).map_or(0, |p| p.dateline);
    t.last_user_reply = posts.iter().rev().find(|p| p.creator == 2).map_or(0, |p| p.dateline);
    t.posts = posts;
    t
}

fn generate(store: &Store, dice: &mut Dice, id: u64, now: i64) -> Ticket {
    let department_id = *dice.pick(&fx::TICKET_DEPARTMENT_IDS);
    let (tags, subjects) = names::TOPICS[(department_id - 1) as usize];
    let (subject, opening) = *dice.pick(subjects);
    // Users 7 and 12 are fixture requesters whose ticket counts tests pin down.
    let user = loop {
        let u = dice.pick(&store.users);
        if u.id != fx::HANNAH_USER_ID && u.id != fx::DANIEL_USER_ID {
            break u;
        }
    };
    let status_id = *dice.pick(&[1, 1, 1, 2, 2, 3, 3, 3, 3, 4, 5]);
    let owner = if dice.chance(20) { 0 } else { 1 + dice.below(fx::STAFF_COUNT as u64) };
    let created = now - 90 * DAY + dice.below(89 * DAY as u64) as i64;
    let first_name = user.full_name.split(' ').next().unwrap_or("");
    let mut posts = vec![user_post(user, created, format!("Hi,\n\n{opening}\n\nThanks,\n{first_name}"))];
    let mut at = created;
    let replier = if owner == 0 { 1 + dice.below(fx::STAFF_COUNT as u64) } else { owner };
    for turn in 0..dice.below(6) {
        at += HOUR + dice.below(30 * HOUR as u64) as i64;
        if at >= now {
            break;
        }
        let post = if turn % 2 == 0 {
            let text = *dice.pick(names::STAFF_REPLIES);
            let mut p = if dice.chance(15) {
                let mut p = staff_post(
                    store,
                    replier,
                    at,
                    format!("<p>{text}</p><p>Kind regards,<br>Brightwave Support</p>"),
                    &user.email,
                );
                p.is_html = true;
                p
            } else {
                staff_post(store, replier, at, text, &user.email)
            };
            p.is_private = dice.chance(5);
            p
        } else {
            user_post(user, at, *dice.pick(names::USER_REPLIES))
        };
        posts.push(post);
    }
    let mut notes = Vec::new();
    if dice.chance(15) {
        let author = store.staff(replier).map(|s| s.full_name()).unwrap_or_default();
        notes.push(Note {
            id: 0,
            color: 1 + dice.below(5) as u8,
            creator_staff_id: replier,
            for_staff_id: 0,
            creator_name: author,
            created: at,
            text: "Customer is on the Plus plan; check the device logs before replying.".to_string(),
        });
    }
    let ticket = Ticket {
        id,
        display_id: dice.display_id(),
        department_id,
        status_id,
        priority_id: *dice.pick(&[1, 2, 2, 2, 3, 3, 4, 5]),
        type_id: *dice.pick(&[1, 1, 1, 2, 3, 4, 5]),
        user_id: user.id,
        owner_staff_id: owner,
        full_name: user.full_name.clone(),
        email: user.email.clone(),
        subject: subject.to_string(),
        creator: 2,
        creation_mode: 1,
        flag_type: if dice.chance(10) { 1 + dice.below(6) as u8 } else { 0 },
        is_escalated: dice.chance(5),
        ip_address: "203.0.113.24".to_string(),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        notes,
        next_reply_due: if status_id == 3 { 0 } else { at + 8 * HOUR },
        resolution_due: if status_id == 3 { 0 } else { created + 5 * DAY },
        ..Ticket::default()
    };
    with_posts(ticket, posts)
}

#[cfg(test)]
mod tests;
