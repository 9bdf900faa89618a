//! Shoppers and their orders (the "book"), and their conversion into Gorgias customers
//! with channels, loyalty tier and a Shopify integration blob.

use chrono::TimeDelta;
use serde_json::{Value, json};

use super::catalog::{self, Kind};
use super::dice::Dice;
use super::names::{self, COUNTRIES, Country, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, STREETS};
use super::orders::{self, Order};
use crate::gorgias::fixtures;
use crate::gorgias::store::Customer;
use crate::gorgias::wire_time::Time;

/// Shopper id of the first generated customer (fixtures use the ids below it).
const FIRST_GENERATED_ID: u64 = 1007;

#[derive(Clone, Debug)]
pub(crate) struct Shopper {
    pub id: u64,
    pub first: String,
    pub last: String,
    pub email: String,
    pub phone: Option<String>,
    pub country: Country,
    /// (city, region, postcode, timezone)
    pub city: (&'static str, &'static str, &'static str, &'static str),
    pub street: String,
    pub tier: &'static str,
    pub created: Time,
    pub shopify_id: Option<u64>,
    pub note: Option<String>,
    /// Relative chance of filing a generated ticket; 0 for fixtures and spammers.
    pub weight: u32,
    /// Earliest and latest activity, to keep created/updated consistent.
    pub first_seen: Option<Time>,
    pub last_seen: Option<Time>,
}

impl Shopper {
    pub(crate) fn name(&self) -> String {
        format!("{} {}", self.first, self.last)
    }

    pub(crate) fn domain(&self) -> &str {
        self.email.split_once('@').map_or("example.com", |(_, d)| d)
    }

    pub(crate) fn seen(&mut self, t: Time) {
        self.first_seen = Some(self.first_seen.map_or(t, |f| f.min(t)));
        self.last_seen = Some(self.last_seen.map_or(t, |l| l.max(t)));
    }
}

/// All shoppers and all orders.
#[derive(Debug, Default)]
pub(crate) struct Book {
    pub shoppers: Vec<Shopper>,
    pub orders: Vec<Order>,
}

impl Book {
    /// Adds a random order for `shopper` placed at `placed`.
    pub(crate) fn add_order(&mut self, dice: &mut Dice, shopper: usize, placed: Time) -> usize {
        let country = self.shoppers[shopper].country;
        self.orders.push(orders::random_order(dice, shopper, &country, placed));
        self.shoppers[shopper].seen(placed);
        self.orders.len() - 1
    }

    /// An order the shopper placed in the weeks before `t`, creating one if needed.
    pub(crate) fn order_before(&mut self, dice: &mut Dice, shopper: usize, t: Time) -> usize {
        let window = (t - TimeDelta::days(40), t - TimeDelta::hours(20));
        let existing = self
            .orders
            .iter()
            .enumerate()
            .filter(|(_, o)| o.shopper == shopper && o.placed > window.0 && o.placed < window.1)
            .map(|(i, _)| i)
            .next_back();
        match existing {
            Some(i) => i,
            None => {
                let placed = t - dice.minutes(24 * 60, 18 * 24 * 60) - dice.jitter();
                self.add_order(dice, shopper, placed)
            }
        }
    }

    /// Makes sure the order contains a product of one of `kinds`, adding one if needed.
    pub(crate) fn ensure_product(&mut self, dice: &mut Dice, order: usize, kinds: &[Kind]) {
        if self.orders[order].lines.iter().any(|l| catalog::fits(l.product, kinds)) {
            return;
        }
        let candidates = catalog::matching(kinds);
        if candidates.is_empty() {
            return;
        }
        let product = candidates[dice.index(candidates.len())];
        self.orders[order].lines.insert(0, orders::line(dice, product));
    }

    /// Orders of one shopper, newest first.
    pub(crate) fn orders_of(&self, shopper: usize) -> Vec<&Order> {
        let mut mine: Vec<&Order> = self.orders.iter().filter(|o| o.shopper == shopper).collect();
        mine.sort_by_key(|o| std::cmp::Reverse(o.placed));
        mine
    }

    /// The Gorgias customers, with Shopify data for linked shoppers.
    pub(crate) fn customers(&self, now: Time) -> Vec<Customer> {
        self.shoppers.iter().enumerate().map(|(i, s)| self.customer(i, s, now)).collect()
    }

    fn customer(&self, index: usize, s: &Shopper, now: Time) -> Customer {
        let created = s.first_seen.map_or(s.created, |f| s.created.min(f - TimeDelta::minutes(7)));
        let updated = s.last_seen.map_or(created, |l| l.max(created));
        let (city, region, postcode, timezone) = s.city;
        let address = json!({
            "name": s.name(), "address1": s.street, "city": city, "province": region,
            "zip": postcode, "country": s.country.name, "country_code": s.country.code,
        });
        let integrations = match s.shopify_id {
            Some(shopify_id) => {
                let orders: Vec<Value> = self
                    .orders_of(index)
                    .iter()
                    .map(|o| orders::shopify_json(o, &s.email, &address, &s.country, now))
                    .collect();
                let spent: f64 = self.orders_of(index).iter().map(|o| o.total(&s.country)).sum();
                let tags =
                    if matches!(s.tier, "Gold" | "Platinum") { "vip, newsletter" } else { "newsletter" };
                json!({ fixtures::SHOPIFY_INTEGRATION_ID.to_string(): {
                    "__integration_type__": "shopify",
                    "customer": {
                        "id": shopify_id, "email": s.email, "first_name": s.first, "last_name": s.last,
                        "phone": s.phone, "orders_count": orders.len(), "total_spent": format!("{spent:.2}"),
                        "currency": s.country.currency, "state": "enabled", "verified_email": true,
                        "tags": tags, "note": null, "created_at": format!("{}+00:00", created.format("%Y-%m-%dT%H:%M:%S")),
                        "default_address": address,
                    },
                    "orders": orders,
                }})
            }
            None => json!({}),
        };
        Customer {
            id: s.id,
            email: s.email.clone(),
            firstname: s.first.clone(),
            lastname: s.last.clone(),
            external_id: s.shopify_id.map(|id| id.to_string()),
            language: "en".into(),
            timezone: timezone.to_string(),
            note: s.note.clone(),
            phone: s.phone.clone(),
            data: json!({ "city": city, "country": s.country.code, "loyalty_tier": s.tier }),
            integrations,
            custom_fields: vec![(fixtures::LOYALTY_TIER_FIELD_ID, Value::from(s.tier))],
            created,
            updated,
        }
    }
}

fn phone(dice: &mut Dice, country: &Country) -> String {
    format!("{}{:02}", country.phone_prefix, dice.range(0, 99))
}

/// Generates `count` shoppers with unique names and emails, plus a few spam senders.
pub(crate) fn generate(dice: &mut Dice, book: &mut Book, count: usize, now: Time) {
    for n in 0..count {
        let (first, last) = loop {
            let first = dice.pick(&FIRST_NAMES);
            let last = dice.pick(&LAST_NAMES);
            if !book.shoppers.iter().any(|s| s.first == first && s.last == last) {
                break (first, last);
            }
        };
        let domain = *dice.weighted(&EMAIL_DOMAINS);
        let (f, l) = (first.to_lowercase(), last.to_lowercase().replace('\'', ""));
        let local = match dice.range(0, 4) {
            0 => format!("{f}.{l}"),
            1 => format!("{f}{l}{}", dice.range(1, 99)),
            2 => format!("{}.{l}", &f[..1]),
            3 => format!("{f}_{l}"),
            _ => format!("{f}.{l}{}", dice.range(70, 99)),
        };
        let mut email = format!("{local}@{domain}");
        if book.shoppers.iter().any(|s| s.email == email) {
            email = format!("{local}{n}@{domain}");
        }
        let country = *dice.weighted(&COUNTRIES);
        let city = dice.pick(country.cities);
        let tier = *dice.weighted(&[("Bronze", 55), ("Silver", 28), ("Gold", 12), ("Platinum", 5)]);
        let weight = *dice.weighted(&[(1, 55), (2, 25), (4, 13), (8, 7)]);
        let shopper = Shopper {
            id: FIRST_GENERATED_ID + n as u64,
            first: first.to_string(),
            last: last.to_string(),
            email,
            phone: dice.chance(0.35).then(|| phone(dice, &country)),
            country,
            city,
            street: format!("{} {}", dice.range(2, 980), dice.pick(&STREETS)),
            tier,
            created: now - dice.minutes(10 * 24 * 60, 720 * 24 * 60) - dice.jitter(),
            shopify_id: dice.chance(0.8).then(|| 6_290_000_000 + dice.range(100_000, 999_999)),
            note: (tier == "Platinum")
                .then(|| "Platinum member: offer express shipping on replacements.".to_string()),
            weight,
            first_seen: None,
            last_seen: None,
        };
        book.shoppers.push(shopper);
    }
    for (i, (first, last, email)) in super::topics::SPAMMERS.iter().enumerate() {
        book.shoppers.push(Shopper {
            id: FIRST_GENERATED_ID + (count + i) as u64,
            first: (*first).into(),
            last: (*last).into(),
            email: (*email).into(),
            phone: None,
            country: names::US,
            city: names::US.cities[0],
            street: String::new(),
            tier: "Bronze",
            created: now - TimeDelta::days(130),
            shopify_id: None,
            note: None,
            weight: 0,
            first_seen: None,
            last_seen: None,
        });
    }
}

/// Extra past orders so Shopify blobs look like real purchase histories.
pub(crate) fn add_history(dice: &mut Dice, book: &mut Book, now: Time) {
    for i in 0..book.shoppers.len() {
        if book.shoppers[i].weight == 0 || book.shoppers[i].shopify_id.is_none() {
            continue;
        }
        for _ in 0..*dice.weighted(&[(0, 35), (1, 35), (2, 20), (3, 10)]) {
            let placed = now - dice.minutes(3 * 24 * 60, 400 * 24 * 60) - dice.jitter();
            book.add_order(dice, i, placed);
        }
    }
}
