//! Deterministic generation of the Northwind Outfitters desk: fixed directory, fixture
//! customers and tickets, then seeded customers, orders and tickets laid out before `now`.

mod aftercare;
mod catalog;
mod conversation;
mod customers;
mod dice;
mod directory;
mod fill;
mod fixture_people;
mod fixture_tickets;
pub(crate) mod html;
mod html_ticket;
mod long_ticket;
mod macros;
mod names;
mod orders;
mod phrases;
mod planning;
mod script;
mod tickets;
mod topics;

use super::fixtures::TRASHED_TICKETS;
use super::options::GorgiasOptions;
use super::store::Store;
use super::wire_time::Time;

/// Generated customers besides the fixtures and spam senders.
const GENERATED_CUSTOMERS: usize = 144;
const FIRST_MESSAGE_ID: u64 = 612_001;
const FIRST_SURVEY_ID: u64 = 88_001;

/// Builds the whole store; the same `(opts.seed, opts.tickets, now)` always gives the same data.
pub(crate) fn build(opts: &GorgiasOptions, now: Time) -> Store {
    let dir = directory::build(&opts.email, now);
    let mut dice = dice::Dice::new(opts.seed);
    let mut book = customers::Book::default();
    fixture_people::add(&mut book, now);
    customers::generate(&mut dice, &mut book, GENERATED_CUSTOMERS, now);
    let plans = planning::plan(&mut dice, &mut book, opts.tickets, now);
    customers::add_history(&mut dice, &mut book, now);
    orders::number_by_date(&mut book.orders);

    let mut next_message = FIRST_MESSAGE_ID;
    let desk = tickets::Desk { book: &book, users: &dir.users, teams: &dir.teams, tags: &dir.tags, now };
    let mut all = tickets::write(&mut dice, &desk, &plans, &mut next_message);
    aftercare::trash(&mut dice, &mut all, TRASHED_TICKETS, now);
    all.extend(fixture_tickets::build(&book, &dir.users, now, &mut next_message));
    all.sort_by_key(|t| t.id);
    let surveys = aftercare::surveys(&mut dice, &all, now, FIRST_SURVEY_ID);

    Store {
        account: dir.account,
        api_user_id: super::fixtures::API_USER_ID,
        users: dir.users,
        teams: dir.teams,
        tags: dir.tags,
        views: dir.views,
        custom_fields: dir.custom_fields,
        customers: book.customers(now),
        tickets: all,
        surveys,
        integrations: dir.integrations,
        macros: macros::build(now - chrono::TimeDelta::days(900)),
        ids: Default::default(),
    }
}

#[cfg(test)]
mod tests;
