//! The fixture customers (Alice, Bob and the owners of the special tickets) and their
//! orders with reserved numbers. Identical for every seed.

use chrono::TimeDelta;

use super::customers::{Book, Shopper};
use super::dice::Dice;
use super::names::{AU, Country, UK, US};
use super::orders::{self, Line, Order};
use crate::gorgias::fixtures;
use crate::gorgias::wire_time::Time;

/// Indexes of the fixture shoppers in the book.
pub(crate) const ALICE: usize = 0;
pub(crate) const BOB: usize = 1;
pub(crate) const MARGARET: usize = 2;
pub(crate) const LIAM: usize = 3;
pub(crate) const EMMA: usize = 4;
pub(crate) const KENJI: usize = 5;

/// (first, last, email, country, city index, tier, phone suffix, shopify)
type Person =
    (&'static str, &'static str, &'static str, Country, usize, &'static str, Option<&'static str>, bool);

const PEOPLE: [Person; 6] = [
    ("Alice", "Johnson", fixtures::ALICE_EMAIL, US, 0, "Silver", Some("42"), true),
    ("Bob", "Smith", fixtures::BOB_EMAIL, UK, 0, "Bronze", None, true),
    ("Margaret", "Ellison", "m.ellison@summittrail.example.com", US, 2, "Platinum", Some("77"), true),
    ("Liam", "O'Connor", "liam.oconnor@example.net", AU, 0, "Gold", Some("18"), true),
    ("Emma", "Wilson", "emma.wilson@example.com", UK, 2, "Silver", None, true),
    ("Kenji", "Watanabe", "kenji.watanabe@example.org", US, 1, "Bronze", None, false),
];

/// (shopper, number, days ago, [(product index, size, colour, quantity)])
type FixedOrder = (usize, u32, i64, &'static [(usize, &'static str, &'static str, u32)]);

const ORDERS: [FixedOrder; 5] = [
    (ALICE, 10187, 30, &[(0, "M", "Slate", 1)]),
    (MARGARET, 10198, 34, &[(9, "M", "Navy", 120), (13, "One size", "Charcoal", 40)]),
    (EMMA, 10234, 16, &[(1, "S", "Glacier Blue", 1), (14, "M", "Assorted", 1)]),
    (BOB, 10262, 8, &[(2, "L", "Navy", 1), (13, "One size", "Teal", 1)]),
    (LIAM, 10275, 9, &[(3, "L", "Storm Grey", 1)]),
];

/// Adds the fixture shoppers (ids 1001-1006, never picked for generated tickets) and orders.
pub(crate) fn add(book: &mut Book, now: Time) {
    let mut dice = Dice::new(0x5EED_F1C7);
    for (i, (first, last, email, country, city, tier, phone, shopify)) in PEOPLE.into_iter().enumerate() {
        book.shoppers.push(Shopper {
            id: fixtures::ALICE_CUSTOMER_ID + i as u64,
            first: first.into(),
            last: last.into(),
            email: email.into(),
            phone: phone.map(|p| format!("{}{p}", country.phone_prefix)),
            country,
            city: country.cities[city],
            street: format!("{} Summit Blvd", 100 + 17 * i),
            tier,
            created: now - TimeDelta::days(200 + 37 * i as i64) - TimeDelta::minutes(311 * i as i64),
            shopify_id: shopify.then_some(6_290_100_000 + 1_337 * i as u64),
            note: (i == MARGARET).then(|| {
                "Corporate account: Summit Trail Adventures. Net-30 invoicing approved.".to_string()
            }),
            weight: 0,
            first_seen: None,
            last_seen: None,
        });
    }
    for (shopper, number, days, lines) in ORDERS {
        let country = book.shoppers[shopper].country;
        let carrier = country.carriers[0];
        let placed = now - TimeDelta::days(days) - TimeDelta::minutes(97 * i64::from(number % 7));
        book.orders.push(Order {
            shopper,
            number,
            placed,
            lines: lines
                .iter()
                .map(|(product, size, color, quantity)| Line {
                    product: *product,
                    size,
                    color,
                    quantity: *quantity,
                })
                .collect(),
            carrier,
            tracking: orders::tracking_number(&mut dice, carrier),
        });
        book.shoppers[shopper].seen(placed);
    }
}

/// The fixture order with this number.
pub(crate) fn order(book: &Book, number: u32) -> Option<&Order> {
    book.orders.iter().find(|o| o.number == number)
}
