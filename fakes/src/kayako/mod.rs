//! A faithful fake of the Kayako Classic REST API (`/api/index.php`, signed requests, XML
//! answers) backed by a seeded smart-home support desk. Start it with [`FakeKayako::start`];
//! steer it at run time through [`Control`]. Wire facts: Kayako Classic REST docs and the SWIFT controllers.

mod auth;
mod controllers;
pub mod fixtures;
mod gate;
mod options;
mod reply;
mod route;
mod seed;
mod server;
mod store;
mod xml;

pub use crate::control::{Control, Fault, FaultKind, RecordedRequest, RecordedWrite};
pub use options::KayakoOptions;
pub use server::FakeKayako;

/// Signs `salt` the way clients must: `base64(HMAC-SHA256(secret_key, salt))`.
pub fn signature(secret_key: &str, salt: &str) -> String {
    auth::sign(secret_key, salt)
}

/// Now as unix seconds, the unit every Kayako date is in.
pub(crate) fn unix_now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[cfg(test)]
mod http_tests;
