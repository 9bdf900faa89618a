//! Plans generated tickets: when they arrive (denser recently), who writes, about what,
//! on which channel, and which order it concerns.

use chrono::TimeDelta;

use super::customers::Book;
use super::dice::Dice;
use super::topics::{self, Topic};
use crate::gorgias::fixtures::{FIRST_GENERATED_TICKET_ID, FIXTURE_TICKET_IDS};
use crate::gorgias::wire_time::Time;

/// How far back generated tickets go.
const HISTORY_DAYS: i64 = 120;

const CHANNELS: [(&str, u32); 8] = [
    ("email", 48),
    ("contact_form", 8),
    ("chat", 14),
    ("phone", 6),
    ("sms", 5),
    ("facebook", 5),
    ("instagram-direct-message", 6),
    ("help-center", 8),
];

/// What one generated ticket will be about.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    pub id: u64,
    pub created: Time,
    /// `None` for spam.
    pub topic: Option<&'static Topic>,
    /// Index into the topic's scenarios (or into `topics::SPAM` for spam).
    pub scenario: usize,
    pub shopper: usize,
    pub channel: &'static str,
    pub order: Option<usize>,
}

/// Ticket ids for `count` generated tickets: counting up from 4100, skipping fixture ids.
pub(crate) fn ticket_ids(count: usize) -> Vec<u64> {
    (FIRST_GENERATED_TICKET_ID..).filter(|id| !FIXTURE_TICKET_IDS.contains(id)).take(count).collect()
}

pub(crate) fn plan(dice: &mut Dice, book: &mut Book, count: usize, now: Time) -> Vec<Plan> {
    let horizon = HISTORY_DAYS * 24 * 60;
    let mut times: Vec<Time> = (0..count)
        .map(|_| {
            let u = dice.unit();
            // u² skews ages toward zero: the desk is busier now than four months ago.
            let minutes = (u * u * horizon as f64) as i64 + 3;
            now - TimeDelta::minutes(minutes) - dice.jitter()
        })
        .collect();
    times.sort();
    let topic_weights: Vec<(&'static Topic, u32)> = topics::ALL.iter().map(|t| (*t, t.weight)).collect();
    let shopper_weights: Vec<(usize, u32)> =
        book.shoppers.iter().enumerate().filter(|(_, s)| s.weight > 0).map(|(i, s)| (i, s.weight)).collect();
    // Customs stories only happen to customers outside the US, where the warehouse is.
    let abroad: Vec<(usize, u32)> =
        shopper_weights.iter().copied().filter(|(i, _)| book.shoppers[*i].country.code != "US").collect();
    let spammers: Vec<usize> = book
        .shoppers
        .iter()
        .enumerate()
        .filter(|(_, s)| topics::SPAMMERS.iter().any(|(_, _, e)| *e == s.email))
        .map(|(i, _)| i)
        .collect();
    let mut plans = Vec::with_capacity(count);
    for (id, created) in ticket_ids(count).into_iter().zip(times) {
        if shopper_weights.is_empty() || (!spammers.is_empty() && dice.chance(0.025)) {
            let spam = dice.index(topics::SPAM.len());
            let shopper = spammers.get(spam % spammers.len().max(1)).copied().unwrap_or(0);
            book.shoppers[shopper].seen(created);
            plans.push(Plan {
                id,
                created,
                topic: None,
                scenario: spam,
                shopper,
                channel: "email",
                order: None,
            });
            continue;
        }
        let topic = *dice.weighted(&topic_weights);
        let scenario = dice.index(topic.scenarios.len());
        let pool = if topic.key == "customs" && !abroad.is_empty() { &abroad } else { &shopper_weights };
        let shopper = *dice.weighted(pool);
        // Stories that need a photo arrive where customers can attach one.
        let channel = if topic.photos { *dice.weighted(&CHANNELS[..2]) } else { *dice.weighted(&CHANNELS) };
        let order = topic.needs_order.then(|| {
            let order = book.order_before(dice, shopper, created);
            book.ensure_product(dice, order, topic.scenarios[scenario].kinds);
            order
        });
        book.shoppers[shopper].seen(created);
        plans.push(Plan { id, created, topic: Some(topic), scenario, shopper, channel, order });
    }
    plans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_skip_fixtures() {
        let ids = ticket_ids(1000);
        assert_eq!(ids[0], FIRST_GENERATED_TICKET_ID);
        assert!(ids.iter().all(|id| !FIXTURE_TICKET_IDS.contains(id)));
        let mut dedup = ids.clone();
        dedup.dedup();
        assert_eq!(dedup.len(), 1000);
    }
}
