//! The records a scope is computed from, one [`Item`] each, taken straight from the store
//! so reports agree with what the tickets and messages endpoints return. Spam and trashed
//! tickets are left out, as Gorgias statistics leave them out.

use super::request::{MemberFilter, StatsQuery};
use super::scopes::Scope;
use crate::gorgias::store::{Message, Party, Store, Ticket};
use crate::gorgias::wire_time::Time;

/// What an item contributes to measures.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Kind {
    /// Counts toward `ticketCount` (distinct tickets) and `messagesCount`.
    Record,
    /// A duration in seconds (first response, resolution).
    Duration(f64),
    /// A survey that was sent, with its score once answered.
    SurveySent { score: Option<u8> },
    /// A survey answer.
    SurveyScored { score: u8 },
}

/// One record of a scope, at its local time, with the members rows and filters use.
#[derive(Clone, Debug)]
pub(crate) struct Item<'a> {
    pub at: Time,
    pub ticket: &'a Ticket,
    pub agent: Option<u64>,
    pub channel: &'a str,
    pub tag: Option<u64>,
    pub kind: Kind,
}

impl Item<'_> {
    /// Whether the item passes every member filter.
    pub(crate) fn passes(&self, filters: &[MemberFilter]) -> bool {
        filters.iter().all(|f| {
            let hit = match f.member.as_str() {
                "channel" => f.values.iter().any(|v| v == self.channel),
                "agentId" => id_in(self.agent, &f.values),
                "teamId" => id_in(self.ticket.assignee_team_id, &f.values),
                "tagId" => match self.tag {
                    Some(tag) => id_in(Some(tag), &f.values),
                    None => self.ticket.tag_ids.iter().any(|t| id_in(Some(*t), &f.values)),
                },
                "status" => f.values.contains(&self.ticket.status),
                "priority" => f.values.contains(&self.ticket.priority),
                _ => true,
            };
            hit != f.negate
        })
    }

    /// The survey score, for the `surveyScore` dimension.
    pub(crate) fn score(&self) -> Option<u8> {
        match self.kind {
            Kind::SurveyScored { score } => Some(score),
            Kind::SurveySent { score } => score,
            _ => None,
        }
    }
}

fn id_in(id: Option<u64>, values: &[String]) -> bool {
    id.is_some_and(|id| values.iter().any(|v| v.trim().parse::<u64>().ok() == Some(id)))
}

fn seconds(from: Time, to: Time) -> f64 {
    (to - from).num_milliseconds() as f64 / 1000.0
}

fn agent_of(m: &Message) -> Option<u64> {
    match m.sender {
        Party::User(id) => Some(id),
        Party::Customer(_) => None,
    }
}

fn is_reply(m: &Message) -> bool {
    m.from_agent && m.public
}

/// Every item of the query's scope inside its period, filters applied. `tickets-open`
/// yields one item per ticket open at the end of each bucket (or of the period).
pub(crate) fn collect<'a>(store: &'a Store, q: &StatsQuery) -> Vec<Item<'a>> {
    let local = |t: Time| t + q.offset;
    let tickets = || store.tickets.iter().filter(|t| !t.spam && t.trashed.is_none());
    let item = |t: &'a Ticket, at: Time, agent: Option<u64>, kind: Kind| Item {
        at: local(at),
        ticket: t,
        agent,
        channel: t.channel.as_str(),
        tag: None,
        kind,
    };
    let mut out: Vec<Item<'a>> = Vec::new();
    match q.spec.scope {
        Scope::TicketsCreated => {
            out.extend(tickets().map(|t| item(t, t.created, t.assignee_user_id, Kind::Record)))
        }
        Scope::TicketsClosed => {
            out.extend(tickets().filter_map(|t| Some(item(t, t.closed?, t.assignee_user_id, Kind::Record))))
        }
        Scope::TicketsReplied => {
            for t in tickets() {
                out.extend(
                    t.messages
                        .iter()
                        .filter(|m| is_reply(m))
                        .map(|m| item(t, m.created, agent_of(m), Kind::Record)),
                );
            }
        }
        Scope::TicketsOpen => return open_snapshots(store, q),
        Scope::FirstResponseTime => out.extend(tickets().filter_map(|t| {
            if t.messages.first().is_none_or(|m| m.from_agent) {
                return None;
            }
            let m = t.messages.iter().find(|m| is_reply(m))?;
            Some(item(t, m.created, agent_of(m), Kind::Duration(seconds(t.created, m.created))))
        })),
        Scope::ResolutionTime => out.extend(tickets().filter_map(|t| {
            let closed = t.closed?;
            Some(item(t, closed, t.assignee_user_id, Kind::Duration(seconds(t.created, closed))))
        })),
        Scope::MessagesSent | Scope::MessagesReceived => {
            let sent = q.spec.scope == Scope::MessagesSent;
            for t in tickets() {
                for m in t.messages.iter().filter(|m| if sent { is_reply(m) } else { !m.from_agent }) {
                    out.push(Item {
                        channel: m.channel.as_str(),
                        ..item(t, m.created, agent_of(m), Kind::Record)
                    });
                }
            }
        }
        Scope::OneTouchTickets => out.extend(tickets().filter_map(|t| {
            let closed = t.closed?;
            (t.messages.iter().filter(|m| is_reply(m)).count() == 1)
                .then(|| item(t, closed, t.assignee_user_id, Kind::Record))
        })),
        Scope::SatisfactionSurveys => {
            for s in &store.surveys {
                let Some(t) = tickets().find(|t| t.id == s.ticket_id) else { continue };
                out.push(item(t, s.sent, t.assignee_user_id, Kind::SurveySent { score: s.score }));
                if let (Some(score), Some(scored)) = (s.score, s.scored) {
                    out.push(item(t, scored, t.assignee_user_id, Kind::SurveyScored { score }));
                }
            }
        }
        Scope::Tags => {
            for t in tickets() {
                out.extend(
                    t.tag_ids
                        .iter()
                        .map(|tag| Item { tag: Some(*tag), ..item(t, t.created, None, Kind::Record) }),
                );
            }
        }
    }
    out.retain(|i| q.start <= i.at && i.at < q.end && i.passes(&q.filters));
    out
}

/// `tickets-open`: tickets created before the end of each bucket (or of the period) and
/// not closed by then; each item sits at its bucket's start (clamped to the period).
fn open_snapshots<'a>(store: &'a Store, q: &StatsQuery) -> Vec<Item<'a>> {
    let mut snapshots: Vec<(Time, Time)> = Vec::new();
    match &q.time {
        Some(td) => {
            let g = td.granularity;
            let mut bucket = g.start(q.start);
            while bucket < q.end {
                let next = g.next(bucket);
                snapshots.push((bucket.max(q.start), next.min(q.end)));
                bucket = next;
            }
        }
        None => snapshots.push((q.start, q.end)),
    }
    let mut out = Vec::new();
    for t in store.tickets.iter().filter(|t| !t.spam && t.trashed.is_none()) {
        let created = t.created + q.offset;
        let closed = t.closed.map(|c| c + q.offset);
        for &(at, until) in &snapshots {
            if created < until && closed.is_none_or(|c| c >= until) {
                let i = Item {
                    at,
                    ticket: t,
                    agent: t.assignee_user_id,
                    channel: t.channel.as_str(),
                    tag: None,
                    kind: Kind::Record,
                };
                if i.passes(&q.filters) {
                    out.push(i);
                }
            }
        }
    }
    out
}
