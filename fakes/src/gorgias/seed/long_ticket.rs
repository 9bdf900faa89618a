//! Fixture #4600 "Ongoing issue with bulk corporate order": 250 messages over a month,
//! alternating customer and agent with two internal notes, so clients must page.

use chrono::TimeDelta;

use super::conversation::{Author, Quote, Turn};
use super::customers::Book;
use super::dice::Dice;
use super::fill::Fill;
use super::fixture_people::MARGARET;
use super::fixture_tickets::{Spec, assemble, converse};
use crate::gorgias::fixtures as fx;
use crate::gorgias::store::{Ticket, User};
use crate::gorgias::wire_time::Time;

const PRIYA: u64 = 4;
const HANNAH: u64 = 8;

const CUSTOMER_LINES: [&str; 12] = [
    "Box {n} of the latest delivery arrived today with {k} vests in size {size} instead of {size2}. Can you confirm the replacements are on the way?",
    "Our finance team is asking about invoice INV-{inv}. It still shows the full 120 units although we've only received {k} so far.",
    "The embroidery on batch {n} looks great, but the logo on {k} of them is about a centimetre off-centre. Is that within your tolerance?",
    "Quick check: will shipment {n} make it before our team offsite on the {day}? We need at least {k} more vests by then.",
    "We received a duplicate delivery note for shipment {n}. Should we ignore it?",
    "Staff in our Boulder office say {k} beanies are missing from their box ({n}). Could you check the packing list?",
    "Thanks for the update. Can you send the tracking numbers for shipment {n} as well? Our receptionist needs to expect it.",
    "One more sizing issue: {k} people have asked to swap {size} for {size2}. Can we add that to the next shipment?",
    "Shipment {n} arrived, all {k} cartons accounted for. Much better this time!",
    "Our CEO would like two extra vests in {size2} with the same embroidery. Can you add them to the order at the same unit price?",
    "I still haven't seen the credit note for the mis-sized vests. Could you resend it?",
    "Just confirming receipt of carton {n}. Contents match the packing list except {k} vests in {size}.",
];

const AGENT_LINES: [&str; 12] = [
    "Thanks Margaret. I've asked the warehouse to re-pick {k} vests in size {size2}; they'll go out with shipment {n}.",
    "I've checked invoice INV-{inv} with our finance team. It will be adjusted to the delivered quantity and reissued by the end of the week.",
    "Our embroidery partner confirmed a tolerance of 5 mm. {k} vests are outside that, so we'll redo them at no cost.",
    "Shipment {n} is booked for collection tomorrow and should arrive before the {day}. I'll send tracking as soon as it's scanned.",
    "Yes, please ignore the duplicate note for shipment {n}. It was printed twice by mistake.",
    "The packing list for box {n} shows {k} beanies short. I've added them to the next delivery.",
    "Tracking for shipment {n}: 1Z999AA1{inv}0 (UPS Freight). Delivery is scheduled between 9am and 1pm.",
    "No problem, I've added {k} swaps from {size} to {size2} to the next shipment.",
    "Great to hear shipment {n} arrived complete. Only one more delivery to go.",
    "Happy to add two more embroidered vests in {size2} at the contract price. I'll include them in shipment {n}.",
    "Apologies, I've resent credit note CN-{inv} to you and your accounts payable address.",
    "Thanks for checking carton {n}. I've logged the {k} missing vests and they'll ship on Monday.",
];

const SIZES: [&str; 5] = ["S", "M", "L", "XL", "XXL"];

pub(crate) fn build(book: &Book, users: &[User], now: Time, next_message: &mut u64) -> Vec<Ticket> {
    let mut dice = Dice::new(0xF1C7_4600);
    let spec = Spec {
        id: fx::LONG_TICKET_ID,
        subject: "Ongoing issue with bulk corporate order",
        shopper: MARGARET,
        channel: "email",
        open: true,
        priority: "high",
        assignee: Some(PRIYA),
        team: Some(fx::WAREHOUSE_TEAM_ID),
        tags: &["wholesale", "shipping-delay", "vip"],
        reason: Some("Shipping"),
        order: Some("NW-10198"),
    };
    let start = now - TimeDelta::days(30) - TimeDelta::minutes(44);
    let span = (now - TimeDelta::hours(5) - start).num_seconds();
    let total = fx::LONG_TICKET_MESSAGES as i64;
    let mut turns = Vec::with_capacity(fx::LONG_TICKET_MESSAGES);
    let mut speaker_is_customer = true;
    for i in 0..total {
        let at = start + TimeDelta::seconds(span * i / total + dice.range(0, 900) as i64) + dice.jitter();
        let mut fill = Fill::default();
        fill.set("n", (i / 4 + 1).to_string());
        fill.set("k", dice.range(2, 18).to_string());
        let s = dice.index(SIZES.len() - 1);
        fill.set("size", SIZES[s]);
        fill.set("size2", SIZES[s + 1]);
        fill.set("inv", (40_100 + i * 3).to_string());
        fill.set("day", (at + TimeDelta::days(6)).format("%-d %B").to_string());
        let turn = match i {
            0 => Turn::verbatim(
                Author::Customer,
                "Hello,\n\nWe placed corporate order NW-10198 for 120 embroidered Coastline Softshell Vests and 40 beanies for our staff. The first delivery arrived with several issues: wrong sizes, a few logos off-centre and one carton missing. Could you assign someone to manage this with us until it's all sorted?\n\nKind regards,\nMargaret Ellison\nOperations Manager, Summit Trail Adventures",
                at,
                Quote::Off,
            ),
            57 => Turn::new(
                Author::Note(PRIYA),
                "Credit note CN-2231 raised for the 14 mis-sized vests. Do NOT re-invoice the full order; finance is aware.",
                at,
            ),
            181 => Turn::new(
                Author::Note(PRIYA),
                "@Hannah please pull the remaining 38 vests from Reno stock before Friday's truck. Customer is Platinum, keep her updated daily.",
                at,
            ),
            _ => {
                let (author, pool) = if speaker_is_customer {
                    (Author::Customer, &CUSTOMER_LINES)
                } else {
                    (Author::Agent(if i % 29 == 0 { HANNAH } else { PRIYA }), &AGENT_LINES)
                };
                speaker_is_customer = !speaker_is_customer;
                Turn::new(author, fill.apply(dice.pick(&pool[..])), at)
            }
        };
        if i == 0 {
            speaker_is_customer = false;
        }
        turns.push(turn);
    }
    let messages = converse(&spec, book, users, turns, &mut dice, next_message);
    vec![assemble(&spec, book, messages, now)]
}
