//! Datetimes as Gorgias writes them (ISO 8601, no offset, microseconds) and as it reads them.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, Utc};
use serde_json::Value;

/// Every stored datetime is naive UTC, like the timestamps the real API hands out.
pub(crate) type Time = NaiveDateTime;

/// The wall clock in naive UTC; seeded data is laid out relative to it.
pub(crate) fn now() -> Time {
    Utc::now().naive_utc()
}

/// The fake's clock: the wall clock shifted so that "now" at start-up is the `now` the data
/// was laid out around (tests pin it; the live fake's shift is about zero). Writes stamp
/// records with it, so they always come after the seeded history.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Clock {
    offset: TimeDelta,
}

impl Clock {
    /// A clock reading `at` right now and running on from there.
    pub(crate) fn anchored_at(at: Time) -> Self {
        Self { offset: at - now() }
    }

    /// The current time on this clock.
    pub(crate) fn now(&self) -> Time {
        now() + self.offset
    }
}

/// `2026-11-16T15:59:41.966927`: the wire format clients have to parse.
pub(crate) fn format(t: Time) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6f").to_string()
}

/// A JSON string for a set datetime, `null` otherwise.
pub(crate) fn json(t: Option<Time>) -> Value {
    t.map_or(Value::Null, |t| Value::String(format(t)))
}

/// Parses what clients send in filters: a bare date (midnight) or a full ISO datetime,
/// with or without fractional seconds and offset (offsets are converted to UTC).
pub(crate) fn parse(s: &str) -> Option<Time> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return d.and_hms_opt(0, 0, 0);
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc).naive_utc());
    }
    ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_microseconds_and_no_offset() {
        let t = parse("2026-11-16T15:59:41.966927").unwrap();
        assert_eq!(format(t), "2026-11-16T15:59:41.966927");
        let t = parse("2026-11-16T15:59:41").unwrap();
        assert_eq!(format(t), "2026-11-16T15:59:41.000000");
    }

    #[test]
    fn parses_dates_and_offsets() {
        assert_eq!(format(parse("2026-11-01").unwrap()), "2026-11-01T00:00:00.000000");
        assert_eq!(format(parse("2026-11-01T10:00:00+02:00").unwrap()), "2026-11-01T08:00:00.000000");
        assert_eq!(format(parse("2026-11-01T10:00:00Z").unwrap()), "2026-11-01T10:00:00.000000");
        assert!(parse("yesterday").is_none());
    }
}
