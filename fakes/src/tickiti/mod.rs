//! A faithful fake of the Tickiti Public API v1 (`POST /api/v1/<family>/<action>`, JSON
//! only, Sanctum bearer tokens with abilities, a role and the install's plan, idempotency
//! keys) backed by a seeded outdoor-gear support desk. Start it with [`FakeTickiti::start`];
//! steer it through [`Control`]. Wire facts: docs.tickiti.com and the tickiti-mcp manifest.

mod auth;
pub mod fixtures;
mod gate;
mod idempotency;
mod manifest;
mod options;
mod reply;
mod reports;
mod routes;
mod seed;
mod server;
mod store;

pub use crate::control::{Control, Fault, FaultKind, RateLimit, RecordedRequest, RecordedWrite};
pub use auth::Token;
pub use options::TickitiOptions;
pub use server::FakeTickiti;

/// Now as unix seconds.
pub(crate) fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Unix seconds as Tickiti writes times: `2026-05-02T10:05:11+00:00`.
pub(crate) fn iso(t: i64) -> String {
    chrono::DateTime::from_timestamp(t, 0)
        .map(|d| d.format("%Y-%m-%dT%H:%M:%S+00:00").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod http_tests;
