//! Invariants of the generated desk: determinism, fixtures, realistic proportions.

use std::collections::HashSet;

use super::build;
use crate::gorgias::filter::Filter;
use crate::gorgias::fixtures as fx;
use crate::gorgias::options::GorgiasOptions;
use crate::gorgias::store::{Party, Store};
use crate::gorgias::wire_time::{self, Time};

fn now() -> Time {
    wire_time::parse("2026-11-20T15:30:12.123456").unwrap()
}

fn store() -> Store {
    build(&GorgiasOptions::default(), now())
}

fn snapshot(s: &Store) -> String {
    let tickets: Vec<_> = s.tickets.iter().map(|t| s.ticket_json(t, true)).collect();
    let messages: Vec<_> = s.tickets.iter().flat_map(|t| &t.messages).map(|m| s.message_json(m)).collect();
    let customers: Vec<_> = s.customers.iter().map(|c| s.customer_json(c, true)).collect();
    serde_json::json!([tickets, messages, customers]).to_string()
}

#[test]
fn same_seed_same_data_other_seed_other_data() {
    let a = snapshot(&store());
    assert_eq!(a, snapshot(&store()));
    let other = build(&GorgiasOptions { seed: 8, ..GorgiasOptions::default() }, now());
    assert_ne!(a, snapshot(&other));
    // Fixtures do not depend on the seed.
    let fixture = |s: &Store| s.ticket_json(s.ticket(fx::REFUND_TICKET_ID).unwrap(), true);
    assert_eq!(fixture(&store()), fixture(&other));
}

#[test]
fn counts_ids_and_times_are_sane() {
    let s = store();
    assert_eq!(s.tickets.len(), fx::TOTAL_TICKETS);
    let ids: HashSet<u64> = s.tickets.iter().map(|t| t.id).collect();
    assert_eq!(ids.len(), s.tickets.len());
    assert!(s.tickets.iter().all(|t| (1000..10_000).contains(&t.id)));
    let message_ids: HashSet<u64> = s.tickets.iter().flat_map(|t| &t.messages).map(|m| m.id).collect();
    assert_eq!(message_ids.len(), s.tickets.iter().map(|t| t.messages.len()).sum::<usize>());
    for t in &s.tickets {
        assert!(!t.messages.is_empty(), "{}", t.id);
        assert!(t.messages.windows(2).all(|w| w[0].created <= w[1].created), "{} out of order", t.id);
        assert!(t.messages.iter().all(|m| m.created <= now()), "{} in the future", t.id);
        assert!(t.updated <= now() && t.created <= t.updated, "{}", t.id);
        assert!(!t.messages[0].from_agent, "{} starts with an agent", t.id);
        assert!(s.customer(t.customer_id).is_some());
        assert!(t.closed.is_some() == (t.status == "closed"), "{}", t.id);
    }
    assert_eq!(s.tickets.iter().filter(|t| t.trashed.is_some()).count(), fx::TRASHED_TICKETS);
    let generated: Vec<_> = s.tickets.iter().filter(|t| !fx::FIXTURE_TICKET_IDS.contains(&t.id)).collect();
    let open = generated.iter().filter(|t| t.status == "open").count() as f64 / generated.len() as f64;
    assert!((0.25..0.45).contains(&open), "open share {open}");
    assert!(generated.iter().any(|t| t.spam));
    assert!(generated.iter().any(|t| t.assignee_user_id.is_none() && t.status == "open"));
    let channels: HashSet<&str> = generated.iter().map(|t| t.channel.as_str()).collect();
    assert!(channels.len() >= 7, "{channels:?}");
    let recent = generated.iter().filter(|t| now() - t.created < chrono::TimeDelta::days(7)).count();
    let old = generated.iter().filter(|t| now() - t.created > chrono::TimeDelta::days(90)).count();
    assert!(recent > old, "recent {recent} vs old {old}");
    assert!((120..=160).contains(&s.customers.len()), "{}", s.customers.len());
    let closed = s.tickets.iter().filter(|t| t.status == "closed" && !t.spam).count() as f64;
    let surveyed = s.surveys.len() as f64 / closed;
    assert!((0.25..0.5).contains(&surveyed), "surveys {surveyed}");
    let notes = generated.iter().filter(|t| t.messages.iter().any(|m| !m.public)).count() as f64;
    assert!((0.05..0.25).contains(&(notes / generated.len() as f64)));
}

#[test]
fn refund_fixture_matches_the_story() {
    let s = store();
    let t = s.ticket(fx::REFUND_TICKET_ID).unwrap();
    assert_eq!(t.subject, fx::REFUND_TICKET_SUBJECT);
    assert_eq!((t.status.as_str(), t.priority.as_str(), t.channel.as_str()), ("open", "normal", "email"));
    assert_eq!(t.assignee_user_id, Some(fx::SARAH_AGENT_ID));
    assert_eq!(s.user(fx::SARAH_AGENT_ID).unwrap().name(), fx::SARAH_AGENT_NAME);
    assert_eq!(t.tag_ids, vec![fx::REFUND_TAG_ID]);
    assert_eq!(t.messages.len(), fx::REFUND_TICKET_MESSAGES);
    let c = s.customer(t.customer_id).unwrap();
    assert_eq!((c.name().as_str(), c.email.as_str()), (fx::ALICE_NAME, fx::ALICE_EMAIL));
    assert!(
        t.messages[0]
            .body_text
            .starts_with("Hi,\n\nI returned my order 2 weeks ago but haven't received my refund yet.")
    );
    assert!(
        t.messages[1].from_agent && t.messages[1].body_text.contains("I can see your return was received")
    );
    assert_eq!(t.messages[1].sender, Party::User(fx::SARAH_AGENT_ID));
    assert_eq!(t.messages[2].stripped_text.as_deref(), Some("Any update?"));
    assert!(t.messages[2].body_text.contains("wrote:\n> Hi Alice,"));
    let alice = s.tickets.iter().filter(|t| t.customer_id == fx::ALICE_CUSTOMER_ID).count();
    assert_eq!(alice, fx::ALICE_TICKET_COUNT);
    let bob: Vec<_> = s.tickets.iter().filter(|t| t.customer_id == fx::BOB_CUSTOMER_ID).collect();
    assert_eq!(bob.len(), fx::BOB_TICKET_COUNT);
    assert_eq!(s.customer(fx::BOB_CUSTOMER_ID).unwrap().name(), fx::BOB_NAME);
    assert!(s.ticket(fx::BOB_TICKET_ID).unwrap().subject == "Wrong item, want refund");
}

#[test]
fn special_fixtures() {
    let s = store();
    let long = s.ticket(fx::LONG_TICKET_ID).unwrap();
    assert_eq!(long.messages.len(), fx::LONG_TICKET_MESSAGES);
    assert_eq!(long.subject, "Ongoing issue with bulk corporate order");
    assert_eq!(long.messages.iter().filter(|m| m.channel == "internal-note").count(), 2);
    let html = s.ticket(fx::HTML_TICKET_ID).unwrap();
    assert!(html.messages.iter().any(|m| m.channel == "internal-note" && !m.public));
    assert!(html.messages.iter().any(|m| m.body_html.contains("<blockquote")
        && m.stripped_text.is_none()
        && m.body_text.contains("\n> ")));
    assert!(html.messages.iter().any(|m| m.body_html.contains("gorgias-signature")));
    assert!(html.messages.iter().any(|m| m.body_html.contains("&amp;") && m.body_html.contains("<ul>")));
    let huge = s.ticket(fx::HUGE_TICKET_ID).unwrap();
    assert_eq!(huge.messages.len(), 1);
    assert!(huge.messages[0].body_text.len() >= fx::HUGE_BODY_MIN_BYTES);
    let with_ref: Vec<u64> = s
        .tickets
        .iter()
        .filter(|t| {
            t.subject.contains(fx::ORDER_REF)
                || t.messages.iter().any(|m| m.body_text.contains(fx::ORDER_REF))
        })
        .map(|t| t.id)
        .collect();
    assert_eq!(with_ref, vec![fx::ORDER_TICKET_ID]);
    assert!(s.ticket(fx::ORDER_TICKET_ID).unwrap().subject.contains(fx::ORDER_REF));
}

#[test]
fn stored_views_parse_and_match_something() {
    let s = store();
    let ctx = crate::gorgias::filter::EvalContext { current_user_id: s.api_user_id };
    for v in &s.views {
        let f = Filter::parse(&v.filters).unwrap_or_else(|e| panic!("{}: {e}", v.name));
        let hits = s.tickets.iter().filter(|t| f.matches(&s.facts(t), &ctx)).count();
        // "My tickets" belongs to the API user, who is never assigned.
        assert!(hits > 0 || v.id == fx::MY_TICKETS_VIEW_ID, "{} matches nothing", v.name);
    }
    assert!(s.views.iter().any(|v| v.name == fx::URGENT_VIEW_NAME && v.id == fx::URGENT_VIEW_ID));
}

#[test]
fn email_threads_quote_and_sometimes_leave_stripped_text_null() {
    let s = store();
    let quoted: Vec<_> = s
        .tickets
        .iter()
        .flat_map(|t| &t.messages)
        .filter(|m| !m.from_agent && m.body_text.contains(" wrote:\n> "))
        .collect();
    assert!(quoted.len() > 20);
    assert!(quoted.iter().any(|m| m.stripped_text.is_none()));
    assert!(quoted.iter().any(|m| m.stripped_text.is_some()));
    assert!(quoted.iter().all(|m| m.body_html.contains("<blockquote")));
}

#[test]
fn other_ticket_counts_keep_fixtures_apart() {
    for tickets in [0, 5, 1000] {
        let s = build(&GorgiasOptions { tickets, ..GorgiasOptions::default() }, now());
        assert_eq!(s.tickets.len(), tickets + fx::FIXTURE_TICKET_IDS.len());
        let ids: HashSet<u64> = s.tickets.iter().map(|t| t.id).collect();
        assert_eq!(ids.len(), s.tickets.len());
        assert_eq!(
            s.tickets.iter().filter(|t| t.customer_id == fx::ALICE_CUSTOMER_ID).count(),
            fx::ALICE_TICKET_COUNT
        );
    }
}

#[test]
fn response_times_and_surveys_look_like_a_real_desk() {
    let s = store();
    let hour = 3600;
    let mut slow: Vec<i64> = Vec::new();
    for t in s.tickets.iter().filter(|t| !t.spam && matches!(t.channel.as_str(), "email" | "contact_form")) {
        if let Some(m) = t.messages.iter().find(|m| m.from_agent && m.public) {
            slow.push((m.created - t.created).num_seconds());
        }
    }
    let share =
        |lo: i64, hi: i64| slow.iter().filter(|x| (lo..hi).contains(*x)).count() as f64 / slow.len() as f64;
    assert!(share(hour, 12 * hour) > 0.5, "most first replies within 1-12 h");
    assert!(share(24 * hour, i64::MAX) > 0.03, "some wait over a day");
    let scores: Vec<u8> = s.surveys.iter().filter_map(|x| x.score).collect();
    let unanswered = s.surveys.len() - scores.len();
    assert!(unanswered > 5 && unanswered < scores.len(), "{unanswered} unanswered of {}", s.surveys.len());
    let low = scores.iter().filter(|x| **x <= 2).count();
    let high = scores.iter().filter(|x| **x >= 4).count();
    assert!(low > 0 && high > 3 * low, "skewed positive with some 1-2s: {low} low, {high} high");
    assert!(s.surveys.iter().all(|x| x.score.is_some() == x.scored.is_some()));
    let lengths: HashSet<usize> = s.tickets.iter().map(|t| t.messages.len()).collect();
    assert!(lengths.len() >= 8, "messages per ticket vary: {lengths:?}");
}
