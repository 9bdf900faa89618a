//! Shopify orders: creation, `NW-1xxxx` numbering by date, and the JSON Gorgias keeps in
//! a customer's Shopify integration blob.

use chrono::TimeDelta;
use serde_json::{Value, json};

use super::catalog::{self, PRODUCTS};
use super::dice::Dice;
use super::names::Country;
use crate::gorgias::wire_time::Time;

/// Order numbers the fixtures own; generated orders skip them.
pub(crate) const RESERVED_NUMBERS: [u32; 5] = [10187, 10198, 10234, 10262, 10275];
const FIRST_NUMBER: u32 = 10001;

#[derive(Clone, Debug)]
pub(crate) struct Line {
    pub product: usize,
    pub size: &'static str,
    pub color: &'static str,
    pub quantity: u32,
}

#[derive(Clone, Debug)]
pub(crate) struct Order {
    pub shopper: usize,
    /// 0 until numbered.
    pub number: u32,
    pub placed: Time,
    pub lines: Vec<Line>,
    pub carrier: &'static str,
    pub tracking: String,
}

impl Order {
    /// `NW-10234`, as customers and agents write it.
    pub(crate) fn name(&self) -> String {
        format!("NW-{}", self.number)
    }

    /// Total in the customer's currency.
    pub(crate) fn total(&self, country: &Country) -> f64 {
        self.lines.iter().map(|l| price(PRODUCTS[l.product].usd, country) * f64::from(l.quantity)).sum()
    }
}

/// A list price converted to a local price ending in .00 or .50.
pub(crate) fn price(usd: f64, country: &Country) -> f64 {
    (usd * country.price_factor * 2.0).round() / 2.0
}

/// `$289.00`, `£231.50`, `A$433.50`.
pub(crate) fn money(amount: f64, country: &Country) -> String {
    format!("{}{amount:.2}", country.symbol)
}

/// A random one-to-three item order.
pub(crate) fn random_order(dice: &mut Dice, shopper: usize, country: &Country, placed: Time) -> Order {
    let count = *dice.weighted(&[(1, 60), (2, 28), (3, 12)]);
    let lines = (0..count)
        .map(|_| {
            let product = dice.index(PRODUCTS.len());
            line(dice, product)
        })
        .collect();
    let carrier = dice.pick(country.carriers);
    Order { shopper, number: 0, placed, lines, carrier, tracking: tracking_number(dice, carrier) }
}

/// One unit of `product` in a random size and colour (sometimes two units).
pub(crate) fn line(dice: &mut Dice, product: usize) -> Line {
    let p = PRODUCTS[product];
    Line {
        product,
        size: dice.pick(p.sizes),
        color: dice.pick(p.colors),
        quantity: if dice.chance(0.1) { 2 } else { 1 },
    }
}

/// A tracking number in the carrier's usual format.
pub(crate) fn tracking_number(dice: &mut Dice, carrier: &str) -> String {
    let digits = |dice: &mut Dice, n: u32| -> String {
        (0..n).map(|_| char::from(b'0' + dice.range(0, 9) as u8)).collect()
    };
    match carrier {
        "USPS" => format!("9400111899223{}", digits(dice, 9)),
        "UPS" => format!("1Z999AA1{}", digits(dice, 10)),
        "FedEx" => digits(dice, 12),
        "Royal Mail" => format!("RM{}GB", digits(dice, 9)),
        "DPD" => format!("155{}", digits(dice, 11)),
        "Evri" => format!("H00A{}", digits(dice, 12)),
        "Australia Post" => format!("AP{}AU", digits(dice, 9)),
        _ => format!("STK{}", digits(dice, 9)),
    }
}

/// Numbers every unnumbered order in date order, skipping the reserved numbers.
pub(crate) fn number_by_date(orders: &mut [Order]) {
    let mut pending: Vec<usize> = (0..orders.len()).filter(|i| orders[*i].number == 0).collect();
    pending.sort_by_key(|i| (orders[*i].placed, *i));
    let mut next = FIRST_NUMBER;
    for i in pending {
        while RESERVED_NUMBERS.contains(&next) {
            next += 1;
        }
        orders[i].number = next;
        next += 1;
    }
}

fn shopify_time(t: Time) -> String {
    format!("{}+00:00", t.format("%Y-%m-%dT%H:%M:%S"))
}

/// The order as Shopify reports it inside the customer's integration data.
pub(crate) fn shopify_json(
    order: &Order,
    email: &str,
    address: &Value,
    country: &Country,
    now: Time,
) -> Value {
    let lines: Vec<Value> = order
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let p = PRODUCTS[l.product];
            let (title, usd, sku) = (p.title, p.usd, p.sku);
            let size_code = l.size.replace(' ', "");
            json!({
                "id": 13_800_000_000_u64 + u64::from(order.number) * 10 + i as u64,
                "product_id": 8_100_000_000_u64 + l.product as u64,
                "title": title,
                "variant_title": format!("{} / {}", l.size, l.color),
                "sku": format!("{sku}-{size_code}"),
                "quantity": l.quantity,
                "price": format!("{:.2}", price(usd, country)),
                "fulfillable_quantity": 0,
            })
        })
        .collect();
    let total = order.total(country);
    let shipped = order.placed + TimeDelta::hours(30);
    let delivered = now - order.placed > TimeDelta::days(6);
    let fulfillments = if shipped < now {
        json!([{
            "id": 4_900_000_000_u64 + u64::from(order.number),
            "status": "success",
            "tracking_company": order.carrier,
            "tracking_number": order.tracking,
            "tracking_url": catalog::tracking_url(order.carrier, &order.tracking),
            "shipment_status": if delivered { "delivered" } else { "in_transit" },
            "created_at": shopify_time(shipped),
        }])
    } else {
        json!([])
    };
    json!({
        "id": 5_480_000_000_u64 + u64::from(order.number) * 13,
        "name": order.name(),
        "order_number": order.number,
        "email": email,
        "created_at": shopify_time(order.placed),
        "processed_at": shopify_time(order.placed),
        "currency": country.currency,
        "subtotal_price": format!("{total:.2}"),
        "total_tax": "0.00",
        "total_discounts": "0.00",
        "total_price": format!("{total:.2}"),
        "financial_status": "paid",
        "fulfillment_status": if shipped < now { Value::from("fulfilled") } else { Value::Null },
        "cancelled_at": null,
        "note": null,
        "tags": "",
        "line_items": lines,
        "shipping_address": address,
        "shipping_lines": [{ "title": if total > 100.0 { "Free standard shipping" } else { "Standard shipping" }, "price": if total > 100.0 { "0.00" } else { "8.00" } }],
        "fulfillments": fulfillments,
    })
}
