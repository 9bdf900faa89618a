//! Values a model or an upstream hands back: page cursors (`Cursor::decode`),
//! points in time (`When::parse`: dates, `7d`, `today`; huge ages included), `Retry-After`
//! (`retry::parse_retry_after`) and Gorgias datetimes. Never a panic.
#![no_main]

use chrono::{TimeZone, Utc};
use helpdesk_guest::http::retry::parse_retry_after;
use helpdesk_guest::tool::params::{Cursor, When};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|raw: &str| {
    let now = Utc.with_ymd_and_hms(2026, 12, 2, 15, 0, 0).single().expect("a valid instant");
    if let Ok(c) = Cursor::decode(raw, 7) {
        assert_eq!(c.fingerprint, 7);
        assert!(Cursor::decode(&c.encode(), 7).is_ok(), "a cursor's own encoding decodes");
    }
    let _ = When::parse(raw, now);
    let _ = parse_retry_after(raw, now);
    let _ = helpdesk_guest::fuzz::gorgias_time(raw);
});
