//! Start-up options of the fake Gorgias server: credentials, data size, port and throttling.

use std::time::Duration;

use super::fixtures;
pub use crate::control::RateLimit;

/// How to start a [`super::FakeGorgias`]; the same seed always yields the same helpdesk.
#[derive(Clone, Debug)]
pub struct GorgiasOptions {
    /// Basic-auth user the fake accepts (also the email of the API user, `GET /api/users/0`).
    pub email: String,
    /// Basic-auth password the fake accepts.
    pub api_key: String,
    /// Seed for the generated customers and tickets (fixtures never depend on it).
    pub seed: u64,
    /// Number of generated tickets, besides the fixture tickets.
    pub tickets: usize,
    /// Port to bind on 127.0.0.1; 0 picks any free port.
    pub port: u16,
    /// `None` never answers 429 (the usage header is still sent).
    pub rate_limit: Option<RateLimit>,
    /// Delay added before every response.
    pub latency: Duration,
}

impl Default for GorgiasOptions {
    /// Fixture credentials, seed 7, 320 tickets, any port, no throttling, no latency: what tests want.
    fn default() -> Self {
        Self {
            email: fixtures::EMAIL.to_string(),
            api_key: fixtures::API_KEY.to_string(),
            seed: 7,
            tickets: 320,
            port: 0,
            rate_limit: None,
            latency: Duration::ZERO,
        }
    }
}

impl GorgiasOptions {
    /// The built-in demo desk: the default data, throttled like the real API so clients see real limits.
    pub fn demo() -> Self {
        Self { rate_limit: Some(RateLimit::GORGIAS), ..Self::default() }
    }
}
