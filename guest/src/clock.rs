//! The wall clock (`wasi:clocks/wall-clock` on wasm, through std), as chrono.

use chrono::{DateTime, Utc};

/// Now, in UTC.
pub fn now() -> DateTime<Utc> {
    DateTime::<Utc>::from(std::time::SystemTime::now())
}
