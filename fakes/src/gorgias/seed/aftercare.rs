//! What happens after tickets close: satisfaction surveys (skewed positive, not all
//! answered) and the odd ticket moved to the trash.

use chrono::TimeDelta;

use super::dice::Dice;
use super::phrases::{SURVEY_BAD, SURVEY_GOOD};
use crate::gorgias::store::{Survey, Ticket};
use crate::gorgias::wire_time::Time;

/// Share of closed, non-spam tickets with an agent reply that get a survey.
const SURVEYED: f64 = 0.37;
/// Share of surveys the customer answers.
const ANSWERED: f64 = 0.7;
/// A survey still unanswered this long after it was sent counts as ignored for good;
/// younger unanswered ones are not listed yet.
const GIVE_UP_DAYS: i64 = 3;

/// Surveys for closed, non-spam tickets that had an agent reply, sent an hour after the
/// close; most are answered (scores skewed positive, with some 1s and 2s).
pub(crate) fn surveys(dice: &mut Dice, tickets: &[Ticket], now: Time, first_id: u64) -> Vec<Survey> {
    let mut out = Vec::new();
    for t in tickets {
        let Some(closed) = t.closed else { continue };
        if t.spam || !t.messages.iter().any(|m| m.from_agent) || !dice.chance(SURVEYED) {
            continue;
        }
        let sent = closed + TimeDelta::hours(1);
        let answered = dice.chance(ANSWERED);
        let scored = sent + dice.minutes(12, 30 * 60) + dice.jitter();
        let score = *dice.weighted(&[(5u8, 52), (4, 24), (3, 9), (2, 6), (1, 9)]);
        let body_text = match score {
            4 | 5 if dice.chance(0.5) => Some(dice.pick(&SURVEY_GOOD).to_string()),
            1 | 2 if dice.chance(0.7) => Some(dice.pick(&SURVEY_BAD).to_string()),
            _ => None,
        };
        let (score, body_text, scored) = if answered && scored <= now {
            (Some(score), body_text, Some(scored))
        } else if !answered && sent + TimeDelta::days(GIVE_UP_DAYS) <= now {
            (None, None, None)
        } else {
            continue;
        };
        out.push(Survey {
            id: first_id + out.len() as u64,
            ticket_id: t.id,
            customer_id: t.customer_id,
            score,
            body_text,
            created: closed,
            sent,
            scored,
        });
    }
    out
}

/// Moves `count` closed, non-spam tickets to the trash.
pub(crate) fn trash(dice: &mut Dice, tickets: &mut [Ticket], count: usize, now: Time) {
    let mut candidates: Vec<usize> =
        (0..tickets.len()).filter(|i| tickets[*i].closed.is_some() && !tickets[*i].spam).collect();
    for _ in 0..count {
        if candidates.is_empty() {
            return;
        }
        let pick = candidates.remove(dice.index(candidates.len()));
        let t = &mut tickets[pick];
        let closed = t.closed.unwrap_or(t.updated);
        let trashed = (closed + dice.minutes(10, 48 * 60)).min(now);
        t.trashed = Some(trashed);
        t.updated = t.updated.max(trashed);
    }
}
