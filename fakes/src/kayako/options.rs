//! Start-up options of the fake Kayako Classic server: credentials, data, port and latency.

use std::time::Duration;

use super::fixtures;

/// How to start a [`super::FakeKayako`]; the same options always yield the same helpdesk
/// (dates are laid out relative to the start time).
#[derive(Clone, Debug)]
pub struct KayakoOptions {
    /// The API key (`apikey=`) the fake accepts.
    pub api_key: String,
    /// The secret key signatures are checked against: `base64(HMAC-SHA256(secret, salt))`.
    pub secret_key: String,
    /// `true` adds the few hundred generated tickets; `false` serves only the reference
    /// data (departments, statuses, staff, users) and the fixture tickets.
    pub seed: bool,
    /// Port to bind on 127.0.0.1; `None` picks any free port.
    pub port: Option<u16>,
    /// Delay added before every response.
    pub latency: Duration,
    /// The helpdesk setting `t_resultlimit`: most tickets one TicketSearch returns.
    pub search_result_limit: usize,
}

impl Default for KayakoOptions {
    /// Fixture credentials, full seeded data, any port, no latency: what tests want.
    fn default() -> Self {
        Self {
            api_key: fixtures::API_KEY.to_string(),
            secret_key: fixtures::SECRET_KEY.to_string(),
            seed: true,
            port: None,
            latency: Duration::ZERO,
            search_result_limit: fixtures::SEARCH_RESULT_LIMIT,
        }
    }
}

impl KayakoOptions {
    /// The built-in demo desk: the full seeded data on any free port.
    pub fn demo() -> Self {
        Self::default()
    }
}
