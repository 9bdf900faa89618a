//! The search-query classifiers of every provider (Gorgias `query::shape`,
//! `match_view`, `name_score`; Kayako `search::shape` + `plan`; Tickiti
//! `search::classify`; Open Help Desk `is_ticket_id`), which read a model's
//! free text before any I/O: never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|q: &str| {
    let views = [
        (1, "Urgent refunds".to_owned()),
        (2, "Shipping — EU".to_owned()),
        (3, "Jane's view".to_owned()),
        (4, q.chars().rev().collect::<String>()),
    ];
    helpdesk_guest::fuzz::classify(q, &views);
});
